// Accounting from the ruleset file ([acct] loads, fails and rolls back with the firewall) and
// accounting-only programs (count, then pass what the full data path would drop).
#include "AcctFixtures.h"
#include "FwEnv.h"

#include <xgw/acct/Accounting.h>

#include <gtest/gtest.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

namespace xgw::test {
namespace {

acct::Accounting accounting() {
    auto acc = acct::Accounting::open(FwEnv::get().paths());
    EXPECT_TRUE(acc.ok()) << acc.error().message;
    return std::move(acc).value();
}

acct::Definitions defs() {
    auto d = accounting().definitions();
    EXPECT_TRUE(d.ok()) << d.error().message;
    return d.ok() ? *d : acct::Definitions{};
}

std::vector<std::string> printed() { return acct::printDefinitions(defs()); }

class AcctRuleset : public testing::Test {
  public:
    void SetUp() override { clear(); }
    void TearDown() override { clear(); }
    static void clear() {
        ASSERT_TRUE(accounting().flush().ok());
        ASSERT_TRUE(FwEnv::get().control().flush().ok());
        ASSERT_TRUE(FwEnv::get().control().set_policy(fw::Policy::Accept).ok());
    }
    static Result<fw::ChangeReport> load(const std::string& text) {
        return FwEnv::get().control().load(text, "acct.rules", false);
    }
    // The counters of one host, summed over both generations.
    static xgw_acct_stats host(const std::string& addr) {
        auto snap = accounting().read();
        EXPECT_TRUE(snap.ok());
        for (const auto& h : snap ? snap->hosts : std::vector<acct::HostCounters>{})
            if (h.address.str() == addr)
                return h.counts;
        return {};
    }
};

const Frame& udp_dns() {
    static const Frame f = acct_fixtures().front().frame; // 192.0.2.2 -> udp/53
    return f;
}

TEST_F(AcctRuleset, LoadReplacesTheDefinitionsAndLeavesThemWithoutTheSection) {
    ASSERT_TRUE(accounting().add_net(fw::IpPrefix::parse("10.9.0.0/16").value()).ok());
    auto r = load("allow ip from any to any\n[acct]\nnet 192.0.2.0/24\nport udp/53\nprotocols\n");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(printed(), (std::vector<std::string>{"net 192.0.2.0/24", "port udp/53", "protocols"}));
    // Rule changes and a file without [acct] keep what is accounted.
    ASSERT_TRUE(FwEnv::get().control().add("200 deny tcp from any to any 23").ok());
    ASSERT_TRUE(load("allow ip from any to any\n").ok());
    EXPECT_EQ(printed().size(), 3u);
    // An empty section accounts nothing.
    ASSERT_TRUE(load("allow ip from any to any\n[acct]\n").ok());
    EXPECT_TRUE(printed().empty());
}

TEST_F(AcctRuleset, AHostInTheOldAndTheNewNetKeepsItsCounter) {
    ASSERT_TRUE(load("allow ip from any to any\n[acct]\nnet 192.0.2.0/24\n").ok());
    ASSERT_TRUE(FwEnv::get().runner().run(Hook::XdpIngress, udp_dns().bytes, 3).ok());
    ASSERT_TRUE(load("allow ip from any to any\n[acct]\nnet 192.0.2.0/25\n").ok());
    EXPECT_EQ(host("192.0.2.2").c[XGW_DIR_INGRESS][XGW_ACCT_SRC].packets, 3u);
    ASSERT_TRUE(load("allow ip from any to any\n[acct]\nnet 192.0.2.128/25\n").ok());
    EXPECT_EQ(host("192.0.2.2").c[XGW_DIR_INGRESS][XGW_ACCT_SRC].packets, 0u) << "not covered";
}

TEST_F(AcctRuleset, AFailedLoadChangesNeitherFirewallNorAccounting) {
    ASSERT_TRUE(load("100 deny udp from any to any 53\n[acct]\nnet 192.0.2.0/24\n").ok());
    const auto before = printed();
    auto rules = FwEnv::get().control().save();
    ASSERT_TRUE(rules.ok());
    // A firewall error, an [acct] error, and more ports than the data path holds.
    for (const char* bad : {"100 allow udp from any to any bogus\n[acct]\nnet 10.0.0.0/8\n",
                            "allow ip from any to any\n[acct]\nnet 10.0.0.0/8\nport tcp/99999\n",
                            "allow ip from any to any\n[acct]\nnet 10.0.0.0/8\nport 1-1000\n"}) {
        auto r = load(bad);
        EXPECT_FALSE(r.ok()) << bad;
        EXPECT_EQ(printed(), before) << bad;
        EXPECT_EQ(FwEnv::get().control().save().value(), *rules) << bad;
    }
}

TEST_F(AcctRuleset, RollBackPutsTheOldDefinitionsBack) {
    ASSERT_TRUE(load("allow ip from any to any\n[acct]\nnet 10.9.0.0/16\nicmp-types\n").ok());
    const auto before = printed();
    ASSERT_TRUE(load("allow ip from any to any\n[acct]\nnet 192.0.2.0/24\nbytes frame\n").ok());
    EXPECT_NE(printed(), before);
    auto token = FwEnv::get().control().await_confirmation();
    ASSERT_TRUE(token.ok());
    auto rolled = FwEnv::get().control().expire(*token);
    ASSERT_TRUE(rolled.ok()) << rolled.error().message;
    EXPECT_TRUE(*rolled);
    EXPECT_EQ(printed(), before);
}

TEST_F(AcctRuleset, SaveWritesTheSectionAndLoadsBackTheSame) {
    ASSERT_TRUE(load("allow ip from any to any\n").ok());
    ASSERT_TRUE(accounting().add_net(fw::IpPrefix::parse("2001:db8::/64").value()).ok());
    ASSERT_TRUE(accounting().add_port({acct::PortProto::Tcp, 443}).ok());
    const auto before = defs();
    auto saved = FwEnv::get().control().save();
    ASSERT_TRUE(saved.ok());
    EXPECT_NE(saved->find("\n[acct]\nnet 2001:db8::/64\nport tcp/443\n"), std::string::npos)
        << *saved;
    ASSERT_TRUE(accounting().flush().ok());
    ASSERT_TRUE(load(*saved).ok());
    EXPECT_EQ(defs(), before);
}

TEST_F(AcctRuleset, AccountingOnlyProgramsCountAndPassWhatTheFirewallDrops) {
    ASSERT_TRUE(load("deny ip from any to any\n[acct]\nnet 192.0.2.0/24\n").ok());
    auto passive = PacketRunner::load(FwEnv::get().paths(), true);
    ASSERT_TRUE(passive.ok()) << passive.error().message;
    auto full = FwEnv::get().runner().run(Hook::XdpIngress, udp_dns().bytes);
    ASSERT_TRUE(full.ok());
    EXPECT_EQ(full->action, XDP_DROP);
    auto in = passive->run(Hook::XdpIngress, udp_dns().bytes, 2);
    auto out = passive->run(Hook::TcEgress, udp_dns().bytes, 5);
    ASSERT_TRUE(in.ok() && out.ok());
    EXPECT_EQ(in->action, XDP_PASS);
    EXPECT_EQ(out->action, TC_ACT_OK);
    EXPECT_EQ(in->frame_out, udp_dns().bytes);
    const auto h = host("192.0.2.2");
    EXPECT_EQ(h.c[XGW_DIR_INGRESS][XGW_ACCT_SRC].packets, 3u); // with the full program's one
    EXPECT_EQ(h.c[XGW_DIR_EGRESS][XGW_ACCT_SRC].packets, 5u);
    // Malformed: the full path drops it by policy, the passive one passes it.
    Frame cut = udp_dns();
    cut.bytes.resize(cut.l3_offset + 10);
    EXPECT_EQ(FwEnv::get().runner().run(Hook::XdpIngress, cut.bytes)->action, XDP_DROP);
    EXPECT_EQ(passive->run(Hook::XdpIngress, cut.bytes)->action, XDP_PASS);
}

} // namespace
} // namespace xgw::test
