// xgw.conf: the issue's example, includes, and every refusal with its file:line:column.
#include <xgw/config/Box.h>
#include <xgw/config/ConfigParser.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace xgw;
using namespace xgw::config;

namespace {

class ConfigParser : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("xgw-conf-" + std::to_string(getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_ / "conf.d");
        write("rules.conf", "100 allow tcp from any to me 22 setup\n200 deny ip from any to any\n"
                            "[nat]\nmasquerade lo from 10.0.0.0/8\n");
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& text) {
        auto p = dir_ / name;
        std::ofstream(p) << text;
        return p.string();
    }
    Result<BoxConfig> parse(const std::string& text) {
        return parse_box_config(write("xgw.conf", text));
    }
    // The error's message, which must be a Usage error.
    std::string error(const std::string& text) {
        auto r = parse(text);
        EXPECT_FALSE(r.ok());
        if (r.ok())
            return "";
        EXPECT_EQ(r.error().kind, Errc::Usage) << r.error().message;
        return r.error().message;
    }
    std::string at(const std::string& name, int line, int column) {
        return (dir_ / name).string() + ":" + std::to_string(line) + ":" + std::to_string(column) +
               ": ";
    }
    std::filesystem::path dir_;
};

TEST_F(ConfigParser, TheIssuesExample) {
    auto r = parse(R"([interfaces.eth0]
attach = "full"            # full | forward | acct-only; mode = "auto" | "native" | "generic"
[interfaces.eth1]
attach = "full"
[firewall]
rules = "rules.conf"   # fw load format, [nat] and [acct] sections allowed
expect = ["allow tcp from 192.0.2.10 to 198.51.100.20 80 in via eth0"]
[metrics]
listen = "127.0.0.1:9469"
[log]
syslog = true
)");
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->interfaces.size(), 2u);
    EXPECT_TRUE(r->manage_interfaces);
    EXPECT_EQ(r->interfaces[0].name, "eth0");
    EXPECT_EQ(r->interfaces[0].attach, AttachKind::Full);
    EXPECT_EQ(r->interfaces[0].mode, XdpMode::Auto);
    EXPECT_EQ(r->interfaces[0].where.line, 1u);
    ASSERT_TRUE(r->firewall);
    EXPECT_EQ(r->firewall->rules.file, (dir_ / "rules.conf").string());
    EXPECT_NE(r->firewall->rules.text.find("masquerade"), std::string::npos);
    ASSERT_EQ(r->firewall->expect.size(), 1u);
    EXPECT_EQ(r->firewall->expect[0].where.line, 7u);
    EXPECT_EQ(r->metrics->listen, "127.0.0.1:9469");
    EXPECT_TRUE(r->log->syslog);
}

TEST_F(ConfigParser, EveryInterfaceKey) {
    auto r = parse(R"([interfaces.c0]
attach = "forward"
mode = "generic"
flows = 16384
nat_bindings = 4096
[interfaces.m0]
attach = "acct-only"
mode = "native"
)");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->interfaces[0].attach, AttachKind::Forward);
    EXPECT_EQ(r->interfaces[0].mode, XdpMode::Generic);
    EXPECT_EQ(r->interfaces[0].sizes.flows, 16384u);
    EXPECT_EQ(r->interfaces[0].sizes.nat_bindings, 4096u);
    EXPECT_EQ(r->interfaces[1].attach, AttachKind::AcctOnly);
    EXPECT_EQ(r->interfaces[1].mode, XdpMode::Native);
}

TEST_F(ConfigParser, SyntaxErrorNamesLineAndColumn) {
    EXPECT_EQ(error("[interfaces.eth0]\nattach = full\n").rfind(at("xgw.conf", 2, 11), 0), 0u)
        << error("[interfaces.eth0]\nattach = full\n");
}

TEST_F(ConfigParser, UnknownSection) {
    auto e = error("[interfaces.eth0]\n\n[fierwall]\nrules = \"x\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 3, 2) + "unknown section 'fierwall'", 0), 0u) << e;
}

TEST_F(ConfigParser, UnknownKeys) {
    auto e = error("[interfaces.eth0]\natach = \"full\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 2, 1) + "unknown key 'atach'", 0), 0u) << e;
    e = error("[firewall]\nrules = \"rules.conf\"\nexpects = []\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 3, 1) + "unknown key 'expects'", 0), 0u) << e;
    e = error("[log]\nsyslog = true\nfacility = \"local0\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 3, 1), 0), 0u) << e;
    e = error("[metrics]\nlisten = \":9469\"\nport = 1\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 3, 1), 0), 0u) << e;
}

TEST_F(ConfigParser, BadValues) {
    auto e = error("[interfaces.eth0]\nattach = \"fast\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 2, 10) + "'attach' must be one of full, forward, acct-only", 0), 0u) << e;
    e = error("[interfaces.eth0]\nmode = 1\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 2, 8), 0), 0u) << e;
    e = error("[interfaces.eth0]\nflows = 10\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 2, 9) + "'flows' must be between 1024", 0), 0u) << e;
    e = error("[interfaces.\"a/b\"]\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 1, 13) + "'a/b' is not an interface name", 0), 0u) << e;
    e = error("[log]\nsyslog = \"yes\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 2, 10) + "'syslog' must be true or false", 0), 0u) << e;
    e = error("[metrics]\nlisten = \"localhost\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 2, 10) + "'listen' must be ADDR:PORT", 0), 0u) << e;
    e = error("interfaces = 3\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 1, 14), 0), 0u) << e;
}

TEST_F(ConfigParser, TableSizesAreTheNamespaces) {
    auto e = error("[interfaces.a]\nflows = 2048\n[interfaces.b]\nflows = 4096\n");
    EXPECT_NE(e.find("the flow and NAT tables are shared"), std::string::npos) << e;
    EXPECT_EQ(e.rfind(at("xgw.conf", 3, 1), 0), 0u) << e;
}

TEST_F(ConfigParser, FirewallFiles) {
    auto e = error("[firewall]\nrules = \"missing.conf\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 2, 9) + "cannot read " + (dir_ / "missing.conf").string(), 0), 0u) << e;
    e = error("[firewall]\nrules = \"conf.d\"\n");
    EXPECT_NE(e.find("is a directory"), std::string::npos) << e;
    e = error("[firewall]\nrules = \"rules.conf\"\nrules_text = \"100 allow ip from any to any\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 3, 14) + "give 'rules' or 'rules_text'", 0), 0u) << e;
    e = error("[firewall]\nexpect = []\n");
    EXPECT_NE(e.find("needs 'rules'"), std::string::npos) << e;
    e = error("[firewall]\nrules = \"rules.conf\"\nexpect = [1]\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 3, 11) + "'expect' must hold strings only", 0), 0u) << e;
}

TEST_F(ConfigParser, Includes) {
    write("conf.d/20-b.conf", "[interfaces.b]\nattach = \"forward\"\n");
    write("conf.d/10-a.conf", "[routes]\ntext = \"add -net 10.9.0.0/16 dev lo\"\n");
    write("conf.d/ignored.txt", "not toml at all [");
    auto r = parse("include = [\"conf.d/*.conf\"]\n[interfaces.a]\n");
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->files.size(), 3u);
    EXPECT_EQ(r->files[1], (dir_ / "conf.d/10-a.conf").string());
    EXPECT_EQ(r->files[2], (dir_ / "conf.d/20-b.conf").string());
    ASSERT_EQ(r->interfaces.size(), 2u);
    EXPECT_EQ(r->interfaces[1].attach, AttachKind::Forward);
    ASSERT_TRUE(r->routes);
    EXPECT_EQ(r->routes->file, (dir_ / "xgw.conf").string().substr(0, 0) + (dir_ / "conf.d/10-a.conf").string());
    // An empty conf.d is no error; a named file that is missing is.
    std::filesystem::remove_all(dir_ / "conf.d");
    EXPECT_TRUE(parse("include = \"conf.d/*.conf\"\n").ok());
    auto e = error("include = [\"extra.conf\"]\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 1, 12) + "include", 0), 0u) << e;
}

TEST_F(ConfigParser, ErrorsInIncludesNameTheirFile) {
    write("conf.d/b.conf", "[interfaces.a]\nmode = \"turbo\"\n");
    auto e = error("include = \"conf.d/*.conf\"\n");
    EXPECT_EQ(e.rfind(at("conf.d/b.conf", 2, 8), 0), 0u) << e;
    write("conf.d/b.conf", "[interfaces.a]\n");
    e = error("include = \"conf.d/*.conf\"\n[interfaces.a]\n");
    EXPECT_EQ(e.rfind(at("conf.d/b.conf", 1, 1) + "interface a is configured twice (first at " +
                          at("xgw.conf", 2, 13).substr(0, at("xgw.conf", 2, 13).size() - 2) + ")", 0),
              0u)
        << e;
    write("conf.d/b.conf", "include = \"../xgw.conf\"\n");
    e = error("include = \"conf.d/*.conf\"\n");
    EXPECT_NE(e.find("read twice"), std::string::npos) << e;
}

TEST_F(ConfigParser, AoeExports) {
    auto r = parse(R"([[aoe.export]]
shelf = 1
slot = 2
interface = "eth0"
file = "/srv/aoe/a.img"
mask = ["52:54:00:12:34:56"]
readonly = true
buffers = 64
)");
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->aoe.size(), 1u);
    EXPECT_EQ(r->aoe[0].options.address.str(), "1.2");
    EXPECT_TRUE(r->aoe[0].options.store.readonly);
    EXPECT_EQ(r->aoe[0].options.buffer_count, 64);
    EXPECT_EQ(r->aoe[0].options.masks.size(), 1u);
    auto e = error("[[aoe.export]]\nshelf = 1\nslot = 2\nfile = \"x\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 1, 1) + "[[aoe.export]] needs 'interface'", 0), 0u) << e;
    e = error("[[aoe.export]]\nshelf = 1\nslot = 255\ninterface = \"e\"\nfile = \"x\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 3, 8), 0), 0u) << e;
    e = error("[[aoe.export]]\nshelf = 1\nslot = 2\ninterface = \"e\"\nfile = \"x\"\nmask = \"zz\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 6, 8), 0), 0u) << e;
}

// Box::compile: the ruleset, expectations and routes, errors where they were written.
TEST_F(ConfigParser, CompileErrorsPointIntoTheirFiles) {
    write("bad.rules", "100 allow tcp from any to me 22 setup\n200 alow ip from any to any\n");
    auto r = parse("[firewall]\nrules = \"bad.rules\"\n");
    ASSERT_TRUE(r.ok()) << r.error().message;
    auto c = Box::compile(*r);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().message.rfind(at("bad.rules", 2, 5), 0), 0u) << c.error().message;

    r = parse("[firewall]\nrules_text = '''\n100 allow ip from any to any\n200 deny tcp frm any to any\n'''\n");
    ASSERT_TRUE(r.ok()) << r.error().message;
    c = Box::compile(*r);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().message.rfind(at("xgw.conf", 4, 14), 0), 0u) << c.error().message;

    r = parse("[firewall]\nrules = \"rules.conf\"\nexpect = [\"allow tcp from 192.0.2.1 to 198.51.100.2 80\",\n  \"permit tcp from any to any\"]\n");
    ASSERT_TRUE(r.ok()) << r.error().message;
    c = Box::compile(*r);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().message.rfind(at("xgw.conf", 4, 3) + "expect \"permit", 0), 0u) << c.error().message;

    r = parse("[routes]\ntext = '''\nadd -net 10.9.0.0/16 dev lo\nadd -net 10.9.0.0/33 dev lo\n'''\n");
    ASSERT_TRUE(r.ok()) << r.error().message;
    c = Box::compile(*r);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().message.rfind(at("xgw.conf", 4, 1), 0), 0u) << c.error().message;

    write("empty.rules", "# nothing\n");
    r = parse("[firewall]\nrules = \"empty.rules\"\n");
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(Box::compile(*r).ok());
    r = parse("[firewall]\nrules = \"empty.rules\"\nallow_empty = true\n");
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(Box::compile(*r).ok()) << Box::compile(*r).error().message;
}

TEST_F(ConfigParser, DnsSection) {
    auto r = parse("[dns]\nupstream = \"198.51.100.53\"\nserver = [\"/lan.example/192.0.2.53#5353\"]\n"
                   "allow = [\"192.0.2.0/24\"]\ncache_size = 500\nhosts = \"\"\n"
                   "timeout_ms = 300\nattempts = 3\nthreads = 2\ncontrol = \"/run/x.sock\"\n");
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_TRUE(r->dns);
    const auto& f = r->dns->forwarder;
    // No listen: every address of the host.
    EXPECT_EQ(f.listen, (std::vector<std::string>{"0.0.0.0", "[::]"}));
    EXPECT_EQ(f.upstreams, (std::vector<std::string>{"198.51.100.53"}));
    EXPECT_EQ(f.servers, (std::vector<std::string>{"/lan.example/192.0.2.53#5353"}));
    EXPECT_EQ(f.allow, (std::vector<std::string>{"192.0.2.0/24"}));
    EXPECT_EQ(f.cache_size, 500u);
    EXPECT_EQ(f.hosts_file, "");
    EXPECT_EQ(f.timeout_ms, 300);
    EXPECT_EQ(f.attempts, 3);
    EXPECT_EQ(f.threads, 2u);
    EXPECT_EQ(f.control_socket, "/run/x.sock");
    r = parse("[dns]\nlisten = [\"192.0.2.1\", \"[2001:db8::1]:5353\"]\nupstream = [\"::1\"]\n");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->dns->forwarder.listen,
              (std::vector<std::string>{"192.0.2.1", "[2001:db8::1]:5353"}));
    EXPECT_EQ(r->dns->forwarder.hosts_file, "/etc/hosts");
}

TEST_F(ConfigParser, DnsSectionErrorsNameTheValue) {
    auto e = error("[dns]\nlisten = \"192.0.2.1\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 1, 1) + "[dns] needs 'upstream'", 0), 0u) << e;
    e = error("[dns]\nupstream = [\"198.51.100.53\", \"not an address\"]\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 2, 30) + "'upstream': ", 0), 0u) << e;
    e = error("[dns]\nupstream = \"198.51.100.53\"\nlisten = \"192.0.2.1:99999\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 3, 10) + "'listen': ", 0), 0u) << e;
    e = error("[dns]\nupstream = \"198.51.100.53\"\nserver = \"lan.example/192.0.2.53\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 3, 10) + "'server': ", 0), 0u) << e;
    e = error("[dns]\nupstream = \"198.51.100.53\"\nallow = \"192.0.2.0/33\"\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 3, 9) + "'allow': ", 0), 0u) << e;
    e = error("[dns]\nupstream = \"198.51.100.53\"\ncache_size = 0\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 3, 14) + "'cache_size' must be between 1", 0), 0u) << e;
    e = error("[dns]\nupstream = \"198.51.100.53\"\nport = 53\n");
    EXPECT_EQ(e.rfind(at("xgw.conf", 3, 1) + "unknown key 'port'", 0), 0u) << e;
}

TEST_F(ConfigParser, TheExampleFileParses) {
    auto r = parse_box_config(std::string(XGW_SOURCE_DIR) + "/docs/xgw.conf.example");
    ASSERT_TRUE(r.ok()) << r.error().message;
}

} // namespace
