// host.conf(5), hosts(5) and networks(5): parsed, round-tripped, errors at file:line.
#include <xgw/dns/HostConf.h>
#include <xgw/dns/HostsFile.h>

#include <gtest/gtest.h>

using namespace xgw;
using namespace xgw::dns;

TEST(HostConf, ModernAndOldForms) {
    const char* text = "# host.conf\n"
                       "order hosts,bind\n"
                       "multi on\n"
                       "nospoof\n"
                       "spoof warn\n"
                       "trim lan.example\n"
                       "mystery 1\n";
    auto c = HostConf::parse(text, "host.conf");
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->order, (std::vector<std::string>{"hosts", "bind"}));
    EXPECT_EQ(c->settings.at("multi"), "on");
    EXPECT_EQ(c->settings.at("nospoof"), "on");
    EXPECT_EQ(c->settings.at("spoof"), "warn");
    EXPECT_EQ(c->trim, (std::vector<std::string>{"lan.example"}));
    ASSERT_EQ(c->warnings.size(), 1u);
    EXPECT_EQ(c->warnings[0].line, 7);
    EXPECT_EQ(c->text(), text);
}

TEST(HostConf, OneKeywordPerLineOrder) {
    auto c = HostConf::parse("bind\nhosts\n", "host.conf");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->order, (std::vector<std::string>{"bind", "hosts"}));
}

TEST(HostConf, Errors) {
    auto e = [](const char* text) {
        auto r = HostConf::parse(text, "/etc/host.conf");
        EXPECT_FALSE(r.ok());
        return r.ok() ? "" : r.error().message;
    };
    EXPECT_EQ(e("multi on\nmulti maybe\n"), "/etc/host.conf:2: multi takes on or off");
    EXPECT_EQ(e("order hosts,dns\n"),
              "/etc/host.conf:1: order: unknown service 'dns' (hosts, bind or nis)");
    EXPECT_EQ(e("spoof\n"), "/etc/host.conf:1: spoof takes off, nowarn or warn");
}

TEST(HostsFile, EntriesAndRoundTrip) {
    const char* text = "127.0.0.1\tlocalhost\n"
                       "::1     localhost ip6-localhost ip6-loopback # v6\n"
                       "\n"
                       "# a comment\n"
                       "192.0.2.10 gw.lan.example gw\n";
    auto h = HostsFile::parse(text, "hosts");
    ASSERT_TRUE(h.ok()) << h.error().message;
    ASSERT_EQ(h->entries.size(), 3u);
    EXPECT_EQ(h->entries[1].names,
              (std::vector<std::string>{"localhost", "ip6-localhost", "ip6-loopback"}));
    EXPECT_EQ(h->entries[2].line, 5);
    EXPECT_EQ(h->entries[2].address, "192.0.2.10");
    EXPECT_EQ(h->text(), text);
}

TEST(HostsFile, Errors) {
    auto e = [](const char* text) {
        auto r = HostsFile::parse(text, "/etc/hosts");
        EXPECT_FALSE(r.ok());
        return r.ok() ? "" : r.error().message;
    };
    EXPECT_EQ(e("127.0.0.1 localhost\ngw.example 192.0.2.1\n"),
              "/etc/hosts:2: 'gw.example' is not an IPv4 or IPv6 address");
    EXPECT_EQ(e("192.0.2.1\n"), "/etc/hosts:1: address 192.0.2.1 has no name");
    EXPECT_EQ(e("192.0.2.1 bad..name\n"), "/etc/hosts:1: 'bad..name' is not a valid name");
}

TEST(NetworksFile, EntriesAndRoundTrip) {
    const char* text = "default\t\t0.0.0.0\nloopback\t127\nlink-local\t169.254.0.0 ll # x\n";
    auto n = NetworksFile::parse(text, "networks");
    ASSERT_TRUE(n.ok()) << n.error().message;
    ASSERT_EQ(n->entries.size(), 3u);
    EXPECT_EQ(n->entries[1].number, "127");
    EXPECT_EQ(n->entries[2].aliases, (std::vector<std::string>{"ll"}));
    EXPECT_EQ(n->text(), text);
}

TEST(NetworksFile, Errors) {
    auto e = [](const char* text) {
        auto r = NetworksFile::parse(text, "/etc/networks");
        EXPECT_FALSE(r.ok());
        return r.ok() ? "" : r.error().message;
    };
    EXPECT_EQ(e("lan 10.1.2.3.4\n"),
              "/etc/networks:1: '10.1.2.3.4' is not a network number (1-4 dotted parts, each "
              "0-255)");
    EXPECT_EQ(e("lan\n"), "/etc/networks:1: network 'lan' has no number");
    EXPECT_EQ(e("lan 10.256\n"),
              "/etc/networks:1: '10.256' is not a network number (1-4 dotted parts, each 0-255)");
}
