// pppd's options: files and command line in pppd's order, call and file, and errors that name
// file:line for unknown options and bad values.
#include <xgw/ppp/PppOptions.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace xgw::ppp;

namespace {

struct Dir {
    std::string path;
    Dir() {
        char t[] = "/tmp/xgw-ppp-opts-XXXXXX";
        path = mkdtemp(t);
        std::filesystem::create_directories(path + "/peers");
    }
    ~Dir() { std::filesystem::remove_all(path); }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(path + "/" + name) << text;
    }
};

} // namespace

TEST(PppOptions, FilesThenCommandLineThenCall) {
    Dir d;
    d.write("options", "lock\nlcp-echo-interval 30 # keepalive\nasyncmap 0xa0000\n");
    d.write("peers/isp", "/dev/ttyS1 115200\nconnect \"xgw chat -v -f /etc/chatscripts/isp\"\n"
                         "user 'bob smith'\nrequire-chap\n10.0.0.1:10.0.0.2\nms-dns 10.0.0.53\n");
    PppFiles files{d.path, ""};
    auto o = default_options(files);
    ASSERT_TRUE(o) << o.error().message;
    ASSERT_TRUE(apply_options(*o, {"call", "isp", "persist", "holdoff", "5", "nodetach"},
                              "command line", files));
    ASSERT_TRUE(finish_options(*o, files));
    EXPECT_TRUE(o->lock);
    EXPECT_EQ(o->link.lcp.echo_interval, 30);
    EXPECT_EQ(o->link.lcp.asyncmap, 0xa0000u);
    EXPECT_EQ(o->device, "/dev/ttyS1");
    EXPECT_EQ(o->speed, 115200u);
    EXPECT_EQ(o->connect, "xgw chat -v -f /etc/chatscripts/isp");
    EXPECT_EQ(o->link.user, "bob smith");
    EXPECT_TRUE(o->link.lcp.require_chap);
    EXPECT_EQ(ipv4_str(o->link.ipcp.local), "10.0.0.1");
    EXPECT_EQ(ipv4_str(o->link.ipcp.remote), "10.0.0.2");
    EXPECT_EQ(ipv4_str(o->link.ipcp.ms_dns[0]), "10.0.0.53");
    EXPECT_TRUE(o->persist);
    EXPECT_EQ(o->holdoff, 5);
    EXPECT_EQ(o->ip_up, d.path + "/ip-up");
    EXPECT_EQ(o->call_file, d.path + "/peers/isp");
}

TEST(PppOptions, ErrorsNameWhere) {
    Dir d;
    PppFiles files{d.path, ""};
    d.write("peers/bad", "/dev/ttyS1\n\nfrobnicate\n");
    PppOptions o;
    auto r = apply_options(o, {"call", "bad"}, "command line", files);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, d.path + "/peers/bad:3: unknown option 'frobnicate'");
    r = apply_options(o, {"mru", "12"}, "command line", files);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message,
              "command line: option 'mru' needs a number from 128 to 16384, not '12'");
    r = apply_options(o, {"holdoff"}, "command line", files);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "command line: option 'holdoff' needs an argument");
    r = apply_options(o, {"call", "nosuch"}, "command line", files);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, xgw::Errc::NotFound);
    d.write("loop", "file " + d.path + "/loop\n");
    r = apply_options(o, {"file", d.path + "/loop"}, "command line", files);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("nested too deep"), std::string::npos);
}
