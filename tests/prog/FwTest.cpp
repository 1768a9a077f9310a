// The firewall fixtures through the loaded XDP and tc programs (BPF_PROG_TEST_RUN), with rulesets
// installed by FirewallControl as `xgw fw load` does: the verdict and every rule counter, exactly.
#include "FwEnv.h"
#include "FwFixtures.h"

#include <xgw/fw/FlowTable.h>

#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#include <gtest/gtest.h>

#include <map>

namespace xgw::test {
namespace {

void load(const std::string& rules, bool accept = false) {
    auto& fwc = FwEnv::get().control();
    auto r = fwc.load(rules, "fixture.rules", false);
    ASSERT_TRUE(r.ok()) << r.error().message << "\n" << rules;
    auto p = fwc.set_policy(accept ? fw::Policy::Accept : fw::Policy::Deny);
    ASSERT_TRUE(p.ok()) << p.error().message;
}

std::vector<fw::ShownRule> shown() {
    auto rules = FwEnv::get().control().show();
    EXPECT_TRUE(rules.ok()) << rules.error().message;
    return rules.ok() ? *rules : std::vector<fw::ShownRule>{};
}

// Sends the frame; returns whether it passed (an answer sent back instead is not passing).
bool send(const Frame& f, Hook hook, std::uint32_t came_in_on = 0) {
    auto r = FwEnv::get().runner().run(hook, f.bytes, 1, 1, came_in_on);
    EXPECT_TRUE(r.ok()) << r.error().message;
    if (!r.ok())
        return false;
    if (hook == Hook::XdpIngress) {
        EXPECT_TRUE(r->action == XDP_PASS || r->action == XDP_DROP || r->action == XDP_TX)
            << r->action;
        return r->action == XDP_PASS;
    }
    EXPECT_TRUE(r->action == TC_ACT_OK || r->action == TC_ACT_SHOT ||
                r->action == TC_ACT_REDIRECT)
        << r->action;
    return r->action == TC_ACT_OK;
}

void run_fixture(const FwFixture& fx) {
    load(fx.rules, fx.accept_policy);
    const Frame f = fw_frame(fx.packet);
    auto before = shown();
    EXPECT_EQ(send(f, fx.hook, fx.came_in_on), fx.allowed);
    auto after = shown();
    ASSERT_EQ(before.size(), after.size());
    std::vector<std::uint16_t> counted;
    for (std::size_t i = 0; i < after.size(); i++) {
        const auto dp = after[i].counters.packets - before[i].counters.packets;
        const auto db = after[i].counters.bytes - before[i].counters.bytes;
        EXPECT_LE(dp, 1u) << after[i].text;
        if (dp == 0)
            continue;
        counted.push_back(after[i].number);
        EXPECT_EQ(db, ip_length(f)) << after[i].text;
        EXPECT_NE(after[i].counters.last_ns, 0u) << after[i].text;
    }
    EXPECT_EQ(counted, fx.counted);
}

std::string fixture_name(const testing::TestParamInfo<FwFixture>& info) {
    std::string n = info.param.name;
    for (char& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c)))
            c = '_';
    return n;
}

class FwMatch : public testing::TestWithParam<FwFixture> {};
TEST_P(FwMatch, VerdictAndCounters) {
    run_fixture(GetParam());
}
INSTANTIATE_TEST_SUITE_P(Fw, FwMatch, testing::ValuesIn(fw_match_fixtures()), fixture_name);

class FwAction : public testing::TestWithParam<FwFixture> {};
TEST_P(FwAction, VerdictAndCounters) {
    run_fixture(GetParam());
}
INSTANTIATE_TEST_SUITE_P(Fw, FwAction, testing::ValuesIn(fw_action_fixtures()), fixture_name);

std::map<std::string, std::uint64_t> packets_by_text() {
    std::map<std::string, std::uint64_t> out;
    for (const auto& r : shown())
        out[r.text] = r.counters.packets;
    return out;
}

// A new generation keeps the counters of unchanged rules; changed and new rules start at zero.
TEST(FwGeneration, UnchangedRulesKeepTheirCounters) {
    load("100 count tcp from any to any\n200 count ip from any to any\n300 allow ip from any to "
         "any\n");
    for (int i = 0; i < 3; i++)
        EXPECT_TRUE(send(fw_frame(FwPacket{}), Hook::XdpIngress));
    auto first = packets_by_text();
    EXPECT_EQ(first["00100 count tcp from any to any"], 3u);
    EXPECT_EQ(first["00300 allow ip from any to any"], 3u);

    load("100 count tcp from any to any\n200 count udp from any to any\n300 allow ip from any to "
         "any\n"
         "400 deny ip from any to any\n");
    auto second = packets_by_text();
    EXPECT_EQ(second["00100 count tcp from any to any"], 3u);
    EXPECT_EQ(second["00200 count udp from any to any"], 0u);
    EXPECT_EQ(second["00300 allow ip from any to any"], 3u);
    EXPECT_EQ(second["00400 deny ip from any to any"], 0u);

    EXPECT_TRUE(send(fw_frame(FwPacket{}), Hook::XdpIngress));
    auto third = packets_by_text();
    EXPECT_EQ(third["00100 count tcp from any to any"], 4u);
    EXPECT_EQ(third["00300 allow ip from any to any"], 4u);
}

// Loading the same ruleset again and again changes nothing a packet sees, nor any counter.
TEST(FwGeneration, ReloadingTheSameRulesetFlipsWithoutLoss) {
    const std::string rules = "100 deny tcp from any to any 22\n200 allow ip from any to any\n";
    load(rules);
    const auto base = packets_by_text();
    for (int i = 0; i < 6; i++) {
        load(rules);
        EXPECT_TRUE(send(fw_frame(FwPacket{}), Hook::XdpIngress)) << "load " << i;
        EXPECT_FALSE(send(fw_frame([] {
                              FwPacket p;
                              p.dport = 22;
                              return p;
                          }()),
                          Hook::XdpIngress))
            << "load " << i;
    }
    auto after = packets_by_text();
    EXPECT_EQ(after["00200 allow ip from any to any"] - base.at("00200 allow ip from any to any"),
              6u);
    EXPECT_EQ(after["00100 deny tcp from any to any 22"] -
                  base.at("00100 deny tcp from any to any 22"),
              6u);
}

// A rule whose number changes is a changed rule.
TEST(FwGeneration, RenumberedRuleStartsAtZero) {
    load("100 allow ip from any to any\n");
    EXPECT_TRUE(send(fw_frame(FwPacket{}), Hook::XdpIngress));
    load("150 allow ip from any to any\n");
    EXPECT_EQ(packets_by_text()["00150 allow ip from any to any"], 0u);
}

// The default rule's counter survives a reload, as rule 65535 never changes.
TEST(FwGeneration, DefaultRuleCounterCarriesOver) {
    load("100 allow udp from any to any\n");
    const auto before = packets_by_text()["65535 deny ip from any to any"];
    EXPECT_FALSE(send(fw_frame(FwPacket{}), Hook::XdpIngress));
    load("100 allow udp from any to any\n200 allow icmp from any to any\n");
    EXPECT_EQ(packets_by_text()["65535 deny ip from any to any"], before + 1);
}

FwPacket udp(const std::string& src, std::uint16_t sport, const std::string& dst,
             std::uint16_t dport) {
    FwPacket p;
    p.proto = "udp";
    p.src = src;
    p.sport = sport;
    p.dst = dst;
    p.dport = dport;
    return p;
}

// keep-state makes a flow; check-state lets its replies in and counts them on the keep-state rule.
TEST(FwState, RepliesOfAKeptFlowPassUnsolicitedOnesDoNot) {
    load("100 check-state\n200 allow udp from 192.0.2.2 to any 53 keep-state\n"
         "300 deny ip from any to any\n");
    const Frame query = fw_frame(udp("192.0.2.2", 33533, "198.51.100.2", 53));
    const Frame reply = fw_frame(udp("198.51.100.2", 53, "192.0.2.2", 33533));
    const Frame stray = fw_frame(udp("198.51.100.2", 53, "192.0.2.2", 33534));
    EXPECT_FALSE(send(reply, Hook::XdpIngress)) << "a reply before its query";
    EXPECT_TRUE(send(query, Hook::XdpIngress));
    EXPECT_TRUE(send(reply, Hook::XdpIngress)) << "the reply of a kept flow";
    EXPECT_FALSE(send(stray, Hook::XdpIngress)) << "a datagram of no flow";
    auto n = packets_by_text();
    EXPECT_EQ(n["00100 check-state"], 0u);
    EXPECT_EQ(n["00200 allow udp from 192.0.2.2 to any 53 keep-state"], 2u);
    EXPECT_EQ(n["00300 deny ip from any to any"], 2u);
}

std::uint64_t unowned_packets() {
    auto flows = fw::FlowTable::open(FwEnv::get().paths());
    if (!flows.ok()) {
        ADD_FAILURE() << flows.error().message;
        return 0;
    }
    auto stats = flows->stats();
    if (!stats.ok()) {
        ADD_FAILURE() << stats.error().message;
        return 0;
    }
    return (*stats)[XGW_CT_STAT_UNOWNED];
}

// A flow counts on the rule that made it while that rule is in force, and on no rule once it
// is gone: never on a new rule that came after it (issue 25: a count rule showed the packets of
// a renumbered rule's flow, through the counter slot it was given again).
TEST(FwState, FlowOfARuleNoLongerInForceCountsOnNoRule) {
    const std::string kept = "00100 allow udp from 192.0.2.2 to any 5300 keep-state";
    load(kept + "\n");
    const Frame query = fw_frame(udp("192.0.2.2", 33600, "198.51.100.2", 5300));
    const Frame reply = fw_frame(udp("198.51.100.2", 5300, "192.0.2.2", 33600));
    EXPECT_TRUE(send(query, Hook::XdpIngress));
    EXPECT_TRUE(send(reply, Hook::XdpIngress));
    load("50 count tcp from any to any 9999\n" + kept + "\n");
    EXPECT_TRUE(send(reply, Hook::XdpIngress));
    auto n = packets_by_text();
    EXPECT_EQ(n[kept], 3u) << "a reload that keeps the rule keeps its flow";
    EXPECT_EQ(n["00050 count tcp from any to any 9999"], 0u);

    const std::string renumbered = "00105 allow udp from 192.0.2.2 to any 5300 keep-state";
    load(renumbered + "\n");
    // Enough new rules to take every slot a lowest-free allocation could give them, the old
    // rule's among them.
    std::string counts;
    for (int i = 1; i <= 64; i++)
        counts +=
            std::to_string(i) + " count tcp from any to any " + std::to_string(9000 + i) + "\n";
    load(counts + renumbered + "\n");
    const auto before = unowned_packets();
    EXPECT_TRUE(send(reply, Hook::XdpIngress)) << "the flow still lets its replies in";
    for (const auto& [text, packets] : packets_by_text())
        EXPECT_EQ(packets, text.starts_with("65535") ? packets : 0u) << text;
    EXPECT_EQ(unowned_packets(), before + 1);
}

} // namespace
} // namespace xgw::test
