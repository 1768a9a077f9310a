// Every AoE steering fixture through the loaded XDP program: the action, the drop reason on the
// interface counters, and the exact change of every per-target counter.
#include "AoeFixtures.h"
#include "ProgEnv.h"

#include <linux/bpf.h>

#include <gtest/gtest.h>

#include <map>

namespace xgw::test {
namespace {

using Snapshot = std::map<std::pair<std::uint16_t, std::uint8_t>, std::array<std::uint64_t, XGW_AOE_C__MAX>>;

aoe::AoeSteering& steering() {
    static aoe::AoeSteering s = [] {
        auto st = aoe::AoeSteering::open(ProgEnv::get().paths());
        if (!st)
            throw std::runtime_error(st.error().message);
        if (auto ok = st->enable_cpu(0); !ok)
            throw std::runtime_error(ok.error().message);
        for (const auto& e : aoe_fixture_table())
            if (auto ok = st->upsert(e); !ok)
                throw std::runtime_error(ok.error().message);
        return std::move(*st);
    }();
    return s;
}

Snapshot snapshot() {
    Snapshot out;
    for (const auto& t : steering().counters())
        if (t.ifindex == 1)
            out[{t.address.shelf, t.address.slot}] = t.c;
    return out;
}

void run_fixture(const AoeFixture& fx, MalformedPolicy policy) {
    ProgEnv& env = ProgEnv::get();
    steering();
    env.set_policy(policy);
    const int expected =
        fx.policy_decides && policy == MalformedPolicy::Pass ? XDP_PASS : fx.action;
    Snapshot before = snapshot();
    DirStats if_before = env.counters(Hook::XdpIngress);
    auto r = env.runner().run(Hook::XdpIngress, fx.frame);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->action, expected);
    DirStats if_after = env.counters(Hook::XdpIngress);
    for (unsigned reason = 1; reason < XGW_REASON__MAX; reason++)
        EXPECT_EQ(if_after.reason[reason] - if_before.reason[reason], reason == fx.reason ? 1u : 0u)
            << "reason " << reason_name(reason);
    Snapshot after = snapshot();
    for (const auto& [addr, counters] : after)
        for (unsigned i = 0; i < XGW_AOE_C__MAX; i++) {
            std::uint64_t want = 0;
            for (const auto& ch : fx.changes)
                if (ch.target.shelf == addr.first && ch.target.slot == addr.second && ch.counter == i)
                    want = ch.delta;
            EXPECT_EQ(counters[i] - before[addr][i], want)
                << "target " << addr.first << "." << int(addr.second) << " counter " << aoe::counter_name(i);
        }
}

std::string fixture_name(const testing::TestParamInfo<AoeFixture>& info) {
    std::string n = info.param.name;
    for (char& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch)))
            ch = '_';
    return n;
}

class AoeSteer : public testing::TestWithParam<AoeFixture> {};
TEST_P(AoeSteer, ActionAndCounters) { run_fixture(GetParam(), MalformedPolicy::Drop); }
INSTANTIATE_TEST_SUITE_P(Aoe, AoeSteer, testing::ValuesIn(aoe_steering_fixtures()), fixture_name);

class AoeMalformed : public testing::TestWithParam<AoeFixture> {};
TEST_P(AoeMalformed, CountedByReasonUnderDropPolicy) { run_fixture(GetParam(), MalformedPolicy::Drop); }
TEST_P(AoeMalformed, CountedByReasonUnderPassPolicy) { run_fixture(GetParam(), MalformedPolicy::Pass); }
INSTANTIATE_TEST_SUITE_P(Aoe, AoeMalformed, testing::ValuesIn(aoe_malformed_fixtures()), fixture_name);

// A table change is one flip: entries of the old generation are gone, counters carry over.
TEST(AoeGenerations, ReplaceKeepsCountersAndFlipsWhole) {
    auto& st = steering();
    auto before = st.entries();
    ASSERT_TRUE(before.ok());
    const std::uint64_t frames_before = snapshot()[{1, 1}][XGW_AOE_C_FRAMES];
    ASSERT_TRUE(st.upsert({1, {1, 1}, XGW_AOE_ACT_DROP, 0, 0, {}}).ok());
    auto r = ProgEnv::get().runner().run(Hook::XdpIngress, aoe_steering_fixtures()[0].frame);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->action, XDP_DROP);
    const std::uint64_t frames_after = snapshot()[{1, 1}][XGW_AOE_C_FRAMES];
    EXPECT_EQ(frames_after, frames_before + 1);
    ASSERT_TRUE(st.upsert({1, {1, 1}, XGW_AOE_ACT_PASS, 0, 0, {}}).ok());
    auto after = st.entries();
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->size(), before->size());
}

} // namespace
} // namespace xgw::test
