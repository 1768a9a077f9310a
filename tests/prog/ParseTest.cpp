// Every parse fixture through the loaded XDP and tc programs (BPF_PROG_TEST_RUN): the verdict and
// the exact counter changes, for well-formed frames, malformed ones and every truncation.
#include "FixtureName.h"
#include "ParseFixtures.h"
#include "ProgEnv.h"

#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#include <gtest/gtest.h>

namespace xgw::test {
namespace {

// The kernel's skb test harness refuses an IP frame too short for its fixed IP header, so such
// frames can only be fed to XDP (the stack never hands tc egress one anyway).
bool tc_harness_accepts(const std::vector<std::uint8_t>& frame) {
    const std::uint16_t type = frame[12] << 8 | frame[13];
    return !(type == 0x0800 && frame.size() < 14 + 20) && !(type == 0x86dd && frame.size() < 14 + 40);
}

void expect_counted(const DirStats& before, const DirStats& after, xgw_verdict verdict,
                    xgw_reason reason, std::size_t bytes) {
    for (unsigned v = 0; v < XGW_VERDICT__MAX; v++) {
        bool hit = v == static_cast<unsigned>(verdict);
        EXPECT_EQ(after.verdict[v].packets - before.verdict[v].packets, hit ? 1u : 0u)
            << "verdict " << verdict_name(v);
        EXPECT_EQ(after.verdict[v].bytes - before.verdict[v].bytes, hit ? bytes : 0u)
            << "verdict " << verdict_name(v);
    }
    for (unsigned r = 1; r < XGW_REASON__MAX; r++)
        EXPECT_EQ(after.reason[r] - before.reason[r], r == static_cast<unsigned>(reason) ? 1u : 0u)
            << "reason " << reason_name(r);
}

void run_fixture(const ParseFixture& fx, MalformedPolicy policy) {
    ProgEnv& env = ProgEnv::get();
    env.set_policy(policy);
    const bool malformed = fx.reason != XGW_REASON_NONE;
    const bool dropped = malformed && policy == MalformedPolicy::Drop;
    const xgw_verdict verdict = dropped ? XGW_VERDICT_DROP : XGW_VERDICT_PASS;
    const auto& bytes = fx.frame.bytes;

    DirStats before = env.counters(Hook::XdpIngress);
    auto xdp = env.runner().run(Hook::XdpIngress, bytes);
    ASSERT_TRUE(xdp.ok()) << xdp.error().message;
    EXPECT_EQ(xdp->action, dropped ? XDP_DROP : XDP_PASS);
    expect_counted(before, env.counters(Hook::XdpIngress), verdict, fx.reason, bytes.size());

    if (!tc_harness_accepts(bytes))
        return;
    before = env.counters(Hook::TcEgress);
    auto tc = env.runner().run(Hook::TcEgress, bytes);
    ASSERT_TRUE(tc.ok()) << tc.error().message;
    EXPECT_EQ(tc->action, dropped ? TC_ACT_SHOT : TC_ACT_OK);
    expect_counted(before, env.counters(Hook::TcEgress), verdict, fx.reason, bytes.size());
}

class WellFormed : public testing::TestWithParam<ParseFixture> {};
TEST_P(WellFormed, PassesUncounted) { run_fixture(GetParam(), MalformedPolicy::Drop); }
INSTANTIATE_TEST_SUITE_P(Parse, WellFormed, testing::ValuesIn(well_formed_fixtures()),
                         fixture_name<ParseFixture>);

class Malformed : public testing::TestWithParam<ParseFixture> {};
TEST_P(Malformed, DroppedAndCountedByReason) { run_fixture(GetParam(), MalformedPolicy::Drop); }
TEST_P(Malformed, PassedAndCountedUnderPassPolicy) {
    run_fixture(GetParam(), MalformedPolicy::Pass);
}
INSTANTIATE_TEST_SUITE_P(Parse, Malformed, testing::ValuesIn(malformed_fixtures()),
                         fixture_name<ParseFixture>);

class Truncated : public testing::TestWithParam<ParseFixture> {};
TEST_P(Truncated, DroppedAndCountedByReason) { run_fixture(GetParam(), MalformedPolicy::Drop); }
INSTANTIATE_TEST_SUITE_P(Parse, Truncated, testing::ValuesIn(truncation_fixtures()),
                         fixture_name<ParseFixture>);

} // namespace
} // namespace xgw::test
