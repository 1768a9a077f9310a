// The compiled tables against a linear scan of the rules, on random rulesets and packets. Seeds
// are fixed; a failure prints the ruleset and the packet.
#include "fw_model.h"
#include "fw_random_rules.h"
#include "fw_test_util.h"

#include <xgw/fw/RulePrinter.h>

#include <gtest/gtest.h>

#include <iostream>

namespace xgw::fw::test {
namespace {

struct Campaign {
    std::uint32_t first_seed;
    std::size_t rulesets;
    std::size_t rules;
    std::size_t packets;
};

struct Tally {
    std::size_t bad = 0;     // disagreements
    std::size_t by_rule = 0; // packets a rule decided, not the default
    std::size_t total = 0;
};

// Runs packets through both models and tallies them; reports the first few disagreements.
void compare(std::uint32_t seed, const RandomRulesOptions& opt, std::size_t packets, Tally& t) {
    RandomRules gen(seed);
    const std::string text = gen.ruleset(opt, testServices());
    auto parsed = parse(text);
    if (!parsed.ok()) {
        ADD_FAILURE() << "seed " << seed << ": generated ruleset does not parse:\n" << text;
        t.bad++;
        return;
    }
    const Ruleset& rs = *parsed.ruleset;
    const std::uint32_t policy = seed % 2 ? XGW_FW_ALLOW : XGW_FW_DENY;
    auto compiled = compile_ruleset(rs, model_host(), policy);
    if (!compiled) {
        ADD_FAILURE() << "seed " << seed << ": " << compiled.error().message << "\n" << text;
        t.bad++;
        return;
    }
    for (std::size_t i = 0; i < packets; i++) {
        ModelPacket p = gen.packet();
        ModelVerdict want = reference_verdict(rs, model_host(), policy, p);
        ModelVerdict got = compiled_verdict(*compiled, p);
        t.total++;
        t.by_rule += want.rule != kDefaultRule;
        if (want == got)
            continue;
        if (++t.bad <= 3)
            ADD_FAILURE() << "seed " << seed << ", packet " << i << ": " << p.str()
                          << "\n  reference: " << want.str() << "\n  compiled:  " << got.str()
                          << "\n  ruleset (ordinal: rule):\n"
                          << [&] {
                                 std::string out;
                                 for (std::size_t r = 0; r < rs.firewall.rules.size(); r++)
                                     out += "    #" + std::to_string(r) + ": " +
                                            printRule(rs.firewall.rules[r]) + "\n";
                                 return out;
                             }();
    }
}

void run(const Campaign& c, RandomRulesOptions opt = {}) {
    opt.rules = c.rules;
    Tally t;
    for (std::size_t i = 0; i < c.rulesets && t.bad == 0; i++)
        compare(c.first_seed + static_cast<std::uint32_t>(i), opt, c.packets, t);
    EXPECT_EQ(t.bad, 0u);
    // The packets must reach the rules, or agreement on the default policy proves little.
    EXPECT_GT(t.by_rule * 10, t.total) << t.by_rule << " of " << t.total << " decided by a rule";
    std::cout << "  " << t.total << " packets, " << t.by_rule << " decided by a rule\n";
}

TEST(FwCompilerRandom, SmallRulesetsAgreeWithLinearScan) {
    run({1000, 400, 12, 300});
}

TEST(FwCompilerRandom, MediumRulesetsAgreeWithLinearScan) {
    run({2000, 60, 150, 500});
}

TEST(FwCompilerRandom, RulesetsOverSeveralBitsetWordsAgree) {
    run({3000, 6, 700, 1500});
}

// More than 4096 rules: the walk crosses a summary word.
TEST(FwCompilerRandom, RulesetBeyondOneSummaryWordAgrees) {
    run({4000, 1, 5000, 3000});
}

// Mostly count and skipto rules: the walk restarts many times.
TEST(FwCompilerRandom, CountAndSkiptoChainsAgree) {
    RandomRulesOptions opt;
    opt.max_passing = 40;
    run({5000, 200, 40, 300}, opt);
}

// Hundreds of rules a packet passes and goes on from: no limit sends it to the default rule.
TEST(FwCompilerRandom, LongPassingChainsAgree) {
    RandomRulesOptions opt;
    opt.max_passing = 600;
    run({6000, 4, 600, 1000}, opt);
}

} // namespace
} // namespace xgw::fw::test
