// The policy routing actions (setmark, setfib, fwd) and the ipsec option: text, errors,
// compiled records, and the setfib ip rules' bookkeeping.
#include "fw_model.h"
#include "fw_test_util.h"

#include <xgw/fw/FibRules.h>
#include <xgw/fw/RuleCompiler.h>

#include <arpa/inet.h>

namespace xgw::fw::test {
namespace {

const char* const kPolicyCorpus[] = {
    "setmark 5 ip from 192.0.2.0/24 to any",
    "setmark 0x10/0xff tcp from any to any 80 in",
    "setmark 0xffffff ip from any to any out",
    "setfib 100 ip from 192.0.2.3 to any in recv c0",
    "setfib 4294967295 ip6 from any to any",
    "fwd 203.0.113.2 ip from 192.0.2.3 to any",
    "fwd 2001:db8:3::2 ip6 from any to any in",
    "fwd 198.51.100.9 ip from any to any out",
    "deny ip from any to any ipsec",
    "allow ip from any to any ipsec dir in",
    "allow udp from any to any 53 ipsec tunnel-src 198.51.100.0/24 spi 4096 reqid 3 in",
    "allow ip from any to any ipsec tunnel-src 2001:db8::/32",
    "setmark 1 ip from any to any ipsec spi 1",
};

TEST(FwPolicyText, RoundTrip) {
    for (const char* text : kPolicyCorpus)
        expectRoundTrip(text);
}

TEST(FwPolicyText, CanonicalText) {
    EXPECT_EQ(printRule(parseOne("setmark 16 ip from any to any")),
              "00100 setmark 0x10 ip from any to any");
    EXPECT_EQ(printRule(parseOne("setmark 0X1f/0XfF ip from any to any")),
              "00100 setmark 0x1f/0xff ip from any to any");
    EXPECT_EQ(printRule(parseOne("setfib 100 ip from any to any")),
              "00100 setfib 100 ip from any to any");
    EXPECT_EQ(printRule(parseOne("fwd 2001:DB8::0:2 ip from any to any")),
              "00100 fwd 2001:db8::2 ip from any to any");
    EXPECT_EQ(printRule(parseOne("allow ip from any to any ipsec reqid 1 spi 2 dir in")),
              "00100 allow ip from any to any ipsec dir in spi 2 reqid 1");
    Rule r = parseOne("setmark 0x10/0x30 ip from any to any");
    EXPECT_EQ(r.action.kind, ActionKind::SetMark);
    EXPECT_EQ(r.action.value, 0x10u);
    EXPECT_EQ(r.action.mask, 0x30u);
    EXPECT_EQ(parseOne("setmark 7 ip from any to any").action.mask, kUserMarkMask);
}

// The printer writes every ipsec field, the ones the checker refuses too.
TEST(FwPolicyText, PrinterWritesEveryIpsecField) {
    Rule r = parseOne("allow ip from any to any");
    r.options.ipsec = IpsecMatch{Direction::Out, IpsecMode::Tunnel, IpPrefix::parse("10.0.0.0/8").value(),
                                 IpPrefix::parse("2001:db8::1").value(), 9, 8, {}};
    EXPECT_EQ(printRule(r), "00100 allow ip from any to any ipsec dir out mode tunnel tunnel-src "
                            "10.0.0.0/8 tunnel-dst 2001:db8::1 spi 9 reqid 8");
}

TEST(FwPolicyErrors, SetMark) {
    EXPECT_EQ(errorsOf("setmark ip from any to any"),
              "rules.conf:1:9: expected a mark (N or N/MASK, decimal or 0x hexadecimal) after "
              "'setmark', found 'ip'");
    EXPECT_EQ(errorsOf("setmark 0x1000000 ip from any to any"),
              "rules.conf:1:9: mark 0x1000000 uses bits outside 0x00ffffff; bits 24-31 are "
              "xgw's (setfib and fwd)");
    EXPECT_EQ(errorsOf("setmark 1/0x80000000 ip from any to any"),
              "rules.conf:1:9: mark 1/0x80000000 uses bits outside 0x00ffffff; bits 24-31 are "
              "xgw's (setfib and fwd)");
    EXPECT_EQ(errorsOf("setmark 3/1 ip from any to any"),
              "rules.conf:1:9: mark 3/1 sets bits outside its mask");
    EXPECT_EQ(errorsOf("setmark 0/0 ip from any to any"),
              "rules.conf:1:9: mark 0/0 has an empty mask");
    EXPECT_EQ(errorsOf("\n  setmark 0xg ip from any to any"),
              "rules.conf:2:11: expected a mark (N or N/MASK, decimal or 0x hexadecimal) after "
              "'setmark', found '0xg'");
}

TEST(FwPolicyErrors, SetFib) {
    EXPECT_EQ(errorsOf("setfib 0 ip from any to any"),
              "rules.conf:1:8: routing table number 0 is out of range (1-4294967295)");
    EXPECT_EQ(errorsOf("setfib main ip from any to any"),
              "rules.conf:1:8: expected a routing table number after 'setfib', found 'main'");
    EXPECT_EQ(errorsOf("setfib 99999999999 ip from any to any"),
              "rules.conf:1:8: routing table number 99999999999 is out of range "
              "(1-4294967295)");
}

TEST(FwPolicyErrors, Fwd) {
    EXPECT_EQ(errorsOf("fwd 192.0.2.0/24 ip from any to any"),
              "rules.conf:1:5: next hop 192.0.2.0/24 must be one address, not a prefix");
    EXPECT_EQ(errorsOf("fwd 192.0.2.1/32 ip from any to any"),
              "rules.conf:1:5: next hop 192.0.2.1/32 must be one address, not a prefix");
    EXPECT_EQ(errorsOf("fwd gateway ip from any to any"),
              "rules.conf:1:5: expected a next-hop address after 'fwd', found 'gateway'");
    EXPECT_EQ(errorsOf("fwd 2001:db8::1 ip4 from any to any"),
              "rules.conf:1:1: next hop 2001:db8::1 is IPv6 but the rule matches IPv4 packets "
              "only");
    EXPECT_EQ(errorsOf("fwd 192.0.2.1 ip from 2001:db8::/32 to any"),
              "rules.conf:1:1: next hop 192.0.2.1 is IPv4 but the rule matches IPv6 packets "
              "only");
    EXPECT_EQ(errorsOf("fwd 192.0.2.1 ip from any to any keep-state"),
              "rules.conf:1:34: 'keep-state' needs action 'allow', not 'fwd 192.0.2.1'");
}

TEST(FwPolicyErrors, Ipsec) {
    EXPECT_EQ(errorsOf("allow ip from any to any ipsec dir out"),
              "rules.conf:1:26: 'ipsec' matches inbound packets only: the outbound policy is "
              "the route's, which no BPF program can read");
    EXPECT_EQ(errorsOf("allow ip from any to any out ipsec"),
              "rules.conf:1:30: 'ipsec' matches inbound packets only: the outbound policy is "
              "the route's, which no BPF program can read");
    EXPECT_EQ(errorsOf("allow ip from any to any ipsec mode transport"),
              "rules.conf:1:26: 'ipsec mode' cannot be matched: the data path learns the SA's "
              "spi, reqid and remote address only");
    EXPECT_EQ(errorsOf("allow ip from any to any ipsec tunnel-dst 192.0.2.1"),
              "rules.conf:1:26: 'ipsec tunnel-dst' cannot be matched: the data path learns the "
              "SA's spi, reqid and remote address (tunnel-src) only");
}

CompiledRuleset compiled(const std::string& text) {
    auto parsed = parse(text);
    EXPECT_TRUE(parsed.ok()) << text << (parsed.ok() ? "" : parsed.error().message);
    if (!parsed.ok())
        return {};
    auto c = compile_ruleset(*parsed.ruleset, model_host(), XGW_FW_DENY);
    EXPECT_TRUE(c.ok()) << text << (c.ok() ? "" : c.error().message);
    return c.ok() ? *c : CompiledRuleset{};
}

TEST(FwPolicyCompiler, Records) {
    auto c = compiled("100 setmark 0x10/0xf0 ip from any to any\n"
                      "200 setfib 100 ip from any to any in\n"
                      "300 fwd 203.0.113.2 ip from 192.0.2.3 to any\n"
                      "400 fwd 203.0.113.2 ip from 192.0.2.4 to any\n"
                      "500 fwd 2001:db8::2 ip6 from any to any\n");
    const auto& in = c.dir[XGW_DIR_INGRESS].rules;
    ASSERT_EQ(in.size(), 5u);
    EXPECT_EQ(in[0].action, XGW_FW_SETMARK);
    EXPECT_EQ(in[0].arg, 0x10u);
    EXPECT_EQ(in[0].mask, 0xf0u);
    EXPECT_EQ(in[1].action, XGW_FW_SETMARK);
    EXPECT_EQ(in[1].arg, (100u % kMaxFibIndex + 1) << XGW_MARK_FIB_SHIFT);
    EXPECT_EQ(in[1].mask, XGW_MARK_FIB_MASK);
    EXPECT_EQ(in[2].action, XGW_FW_FWD);
    EXPECT_EQ(in[3].arg, in[2].arg); // one next hop, stored once
    EXPECT_NE(in[4].arg, in[2].arg);
    ASSERT_EQ(c.nexthops.size(), 2u);
    EXPECT_EQ(c.nexthops[in[2].arg].addr[0], inet_addr("203.0.113.2"));
    EXPECT_EQ(c.nexthops[in[2].arg].v6, 0u);
    EXPECT_EQ(c.nexthops[in[4].arg].v6, 1u);
    EXPECT_EQ(c.dir[XGW_DIR_EGRESS].rules.size(), 4u); // setfib 200 is in only
}

TEST(FwPolicyCompiler, IpsecRulesAreInboundAndNeedAnSa) {
    auto c = compiled("100 deny ip from any to any ipsec spi 4096 reqid 3 tunnel-src "
                      "198.51.100.0/24\n200 allow ip from any to any\n");
    const DirImage& in = c.dir[XGW_DIR_INGRESS];
    ASSERT_EQ(in.rules.size(), 2u);
    EXPECT_EQ(c.dir[XGW_DIR_EGRESS].rules.size(), 1u);
    EXPECT_TRUE(in.rules[0].flags & XGW_FW_R_IPSEC);
    EXPECT_FALSE(in.rules[1].flags & XGW_FW_R_IPSEC);
    ASSERT_TRUE(in.fields_used & (1u << XGW_FW_F_TESTS));
    ASSERT_EQ(in.test_masks.size(), std::size_t{XGW_FW_TEST_SLOTS});
    EXPECT_EQ(c.bitsets[in.test_masks[0]].words[0], 0b10u); // no SA: not rule 0
    EXPECT_EQ(c.bitsets[in.test_masks[XGW_FW_TEST_SA]].words[0], 0b11u);
    ASSERT_EQ(c.ipsec.size(), 1u);
    const xgw_fw_ipsec& m = c.ipsec[in.rules[0].ipsec];
    EXPECT_EQ(m.fields, XGW_FW_IPSEC_SPI | XGW_FW_IPSEC_REQID | XGW_FW_IPSEC_SRC);
    EXPECT_EQ(m.spi, htonl(4096));
    EXPECT_EQ(m.reqid, 3u);
    EXPECT_EQ(m.src_len, 24u);
    EXPECT_EQ(m.src[0], inet_addr("198.51.100.0"));
}

// A packet that came through no SA: ipsec rules never decide it (compiled against the model).
TEST(FwPolicyCompiler, NoSaNeverMatchesIpsecRules) {
    const std::string text = "100 deny ip from any to any ipsec\n200 setmark 1 ip from any to "
                             "any\n300 allow ip from any to any\n";
    auto parsed = parse(text);
    ASSERT_TRUE(parsed.ok());
    auto c = compile_ruleset(*parsed.ruleset, model_host(), XGW_FW_DENY);
    ASSERT_TRUE(c.ok());
    ModelPacket p;
    p.src = IpPrefix::parse("10.0.0.7").value().addr;
    p.dst = IpPrefix::parse("10.1.2.3").value().addr;
    p.proto = 17;
    ModelVerdict want = reference_verdict(*parsed.ruleset, model_host(), XGW_FW_DENY, p);
    EXPECT_EQ(want.rule, 2u);
    EXPECT_EQ(compiled_verdict(*c, p), want);
}

class FakeFibRules : public FibRuleStore {
  public:
    Result<FibRuleSet> list() override { return rules; }
    Result<void> add(std::uint32_t table, std::uint32_t index) override {
        if (table == fail_table)
            return make_error(Errc::Failed, "refused");
        rules.insert({table, index});
        return {};
    }
    Result<void> remove(std::uint32_t table, std::uint32_t index) override {
        rules.erase({table, index});
        return {};
    }
    FibRuleSet rules;
    std::uint32_t fail_table = 0;
};

TEST(FwFibRules, TablesKeepTheirIndexNewOnesTakeTheLowestFree) {
    auto fib = assign_fib_indexes({{100, 2}, {300, 1}}, {100, 200, 400});
    ASSERT_TRUE(fib.ok());
    EXPECT_EQ(*fib, (FibMap{{100, 2}, {200, 3}, {400, 4}}));
}

TEST(FwFibRules, AtMost127Tables) {
    std::set<std::uint32_t> tables;
    for (std::uint32_t t = 1; t <= kMaxFibIndex; t++)
        tables.insert(t);
    EXPECT_TRUE(assign_fib_indexes({}, tables).ok());
    tables.insert(1000);
    auto fib = assign_fib_indexes({}, tables);
    ASSERT_FALSE(fib.ok());
    EXPECT_EQ(fib.error().message,
              "setfib: more than 127 routing tables (xgw's mark has 7 bits for them)");
}

TEST(FwFibRules, AddIsAllOrNothing) {
    FakeFibRules store;
    store.rules = {{100, 1}};
    store.fail_table = 300;
    auto ok = add_fib_rules(store, store.rules, {{100, 1}, {200, 2}, {300, 3}});
    ASSERT_FALSE(ok.ok());
    EXPECT_EQ(store.rules, (FibRuleSet{{100, 1}}));
    store.fail_table = 0;
    ASSERT_TRUE(add_fib_rules(store, store.rules, {{100, 1}, {200, 2}}).ok());
    EXPECT_EQ(store.rules, (FibRuleSet{{100, 1}, {200, 2}}));
}

TEST(FwFibRules, PruneAndSync) {
    FakeFibRules store;
    store.rules = {{100, 1}, {200, 2}, {300, 3}};
    ASSERT_TRUE(prune_fib_rules(store, store.rules, {{200, 2}, {300, 9}}).ok());
    EXPECT_EQ(store.rules, (FibRuleSet{{200, 2}}));
    ASSERT_TRUE(sync_fib_rules(store, {{100, 1}, {300, 3}}).ok());
    EXPECT_EQ(store.rules, (FibRuleSet{{100, 1}, {300, 3}}));
    ASSERT_TRUE(sync_fib_rules(store, {}).ok());
    EXPECT_TRUE(store.rules.empty());
}

} // namespace
} // namespace xgw::fw::test
