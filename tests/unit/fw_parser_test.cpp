#include "fw_test_util.h"

using namespace xgw::fw;
using namespace xgw::fw::test;

namespace {

IpPrefix prefix(const char* text) {
    return IpPrefix::parse(text).value();
}

} // namespace

TEST(FwParser, MinimalRule) {
    Rule r = parseOne("allow ip from any to any");
    EXPECT_EQ(r.number, 100);
    EXPECT_EQ(r.action.kind, ActionKind::Allow);
    EXPECT_FALSE(r.log);
    EXPECT_EQ(r.protocol.kind, ProtoKind::Any);
    EXPECT_EQ(r.src.address.kind, AddressKind::Any);
    EXPECT_FALSE(r.src.address.negated);
    EXPECT_TRUE(r.src.ports.empty());
    EXPECT_EQ(r.dst.address.kind, AddressKind::Any);
    EXPECT_EQ(r.options, RuleOptions{});
}

TEST(FwParser, ActionsAndSynonyms) {
    struct Case {
        const char* word;
        ActionKind kind;
    } cases[] = {{"allow", ActionKind::Allow},   {"accept", ActionKind::Allow},
                 {"pass", ActionKind::Allow},    {"permit", ActionKind::Allow},
                 {"deny", ActionKind::Deny},     {"drop", ActionKind::Deny},
                 {"reject", ActionKind::Reject}, {"count", ActionKind::Count}};
    for (auto& c : cases)
        EXPECT_EQ(parseOne(std::string(c.word) + " ip from any to any").action.kind, c.kind)
            << c.word;
}

TEST(FwParser, UnreachTakesANamedOrNumericCode) {
    Rule r = parseOne("unreach port udp from any to any");
    EXPECT_EQ(r.action.kind, ActionKind::Unreach);
    EXPECT_EQ(r.action.argument, 3);
    EXPECT_EQ(parseOne("unreach host ip from any to any").action.argument, 1);
    EXPECT_EQ(parseOne("unreach filter-prohib ip from any to any").action.argument, 13);
    EXPECT_EQ(parseOne("unreach 200 ip from any to any").action.argument, 200);
}

TEST(FwParser, SkiptoAndCheckState) {
    Rule r = parseOne("100 skipto 1000 ip from any to any");
    EXPECT_EQ(r.action.kind, ActionKind::Skipto);
    EXPECT_EQ(r.action.argument, 1000);
    EXPECT_EQ(parseOne("100 skipto 65535 ip from any to any").action.argument, 65535);
    Rule cs = parseOne("50 check-state");
    EXPECT_EQ(cs.action.kind, ActionKind::CheckState);
    EXPECT_EQ(cs.number, 50);
    EXPECT_EQ(parseOne("check-state log").log->amount, std::nullopt);
}

TEST(FwParser, LogBeforeOrAfterTheAction) {
    Rule after = parseOne("deny log tcp from any to any");
    ASSERT_TRUE(after.log);
    EXPECT_EQ(after.log->amount, std::nullopt);
    Rule before = parseOne("add log deny tcp from any to me 23");
    ASSERT_TRUE(before.log);
    EXPECT_EQ(before.action.kind, ActionKind::Deny);
    EXPECT_EQ(before.log->loc.column, 5);
    Rule amount = parseOne("100 deny log logamount 5 ip from any to any");
    EXPECT_EQ(amount.log->amount, 5u);
    EXPECT_EQ(parseOne("log logamount 0 deny ip from any to any").log->amount, 0u);
}

TEST(FwParser, Protocols) {
    EXPECT_EQ(parseOne("allow all from any to any").protocol.kind, ProtoKind::Any);
    EXPECT_EQ(parseOne("allow ip4 from any to any").protocol.kind, ProtoKind::Ip4);
    EXPECT_EQ(parseOne("allow ip6 from any to any").protocol.kind, ProtoKind::Ip6);
    struct Case {
        const char* text;
        uint8_t number;
    } cases[] = {{"tcp", 6},      {"udp", 17},       {"icmp", 1},   {"icmp6", 58}, {"sctp", 132},
                 {"gre", 47},     {"47", 47},        {"0", 0},      {"255", 255},  {"ospf", 89},
                 {"OSPFIGP", 89}, {"ipv6-icmp", 58}, {"vrrp", 112}, {"ipv6", 41}};
    for (auto& c : cases) {
        Protocol p = parseOne(std::string("allow ") + c.text + " from any to any").protocol;
        EXPECT_EQ(p.kind, ProtoKind::Number) << c.text;
        EXPECT_EQ(p.number, c.number) << c.text;
    }
}

TEST(FwParser, ProtocolNamesWithoutADatabase) {
    ParseOptions options;
    auto builtin = parseRuleset("allow gre from any to any", options);
    ASSERT_TRUE(builtin.ok());
    EXPECT_EQ(builtin.ruleset->firewall.rules[0].protocol.number, 47);
    EXPECT_FALSE(parseRuleset("allow ospf from any to any", options).ok());
    EXPECT_FALSE(parseRuleset("allow tcp from any to any http", options).ok());
    EXPECT_TRUE(parseRuleset("allow tcp from any to any 80", options).ok());
}

TEST(FwParser, AddressKinds) {
    Rule r = parseOne("allow ip from me to me6");
    EXPECT_EQ(r.src.address.kind, AddressKind::Me);
    EXPECT_EQ(r.dst.address.kind, AddressKind::Me6);

    r = parseOne("allow ip from 192.0.2.1 to 198.51.100.0/24");
    EXPECT_EQ(r.src.address.kind, AddressKind::Prefixes);
    EXPECT_EQ(r.src.address.prefixes, std::vector<IpPrefix>{prefix("192.0.2.1/32")});
    EXPECT_EQ(r.dst.address.prefixes, std::vector<IpPrefix>{prefix("198.51.100.0/24")});

    r = parseOne("allow ip from 2001:db8::1 to 2001:db8::/32");
    EXPECT_EQ(r.src.address.prefixes, std::vector<IpPrefix>{prefix("2001:db8::1")});
    EXPECT_EQ(r.dst.address.prefixes, std::vector<IpPrefix>{prefix("2001:db8::/32")});

    r = parseOne("allow ip from table(blocked) to any");
    EXPECT_EQ(r.src.address.kind, AddressKind::Table);
    EXPECT_EQ(r.src.address.table, "blocked");
}

TEST(FwParser, AddressListsMayMixFamiliesAndSpaces) {
    Rule r = parseOne("allow ip from {10.0.0.1,192.168.0.0/16, 2001:db8::1} to any");
    ASSERT_EQ(r.src.address.kind, AddressKind::Prefixes);
    std::vector<IpPrefix> want{prefix("10.0.0.1"), prefix("192.168.0.0/16"), prefix("2001:db8::1")};
    EXPECT_EQ(r.src.address.prefixes, want);
}

TEST(FwParser, Negation) {
    Rule r = parseOne("deny ip from not 10.0.0.0/8 to not me");
    EXPECT_TRUE(r.src.address.negated);
    EXPECT_EQ(r.src.address.kind, AddressKind::Prefixes);
    EXPECT_TRUE(r.dst.address.negated);
    EXPECT_EQ(r.dst.address.kind, AddressKind::Me);
    EXPECT_EQ(r.src.address.loc.column, 14);
    r = parseOne("deny ip from ! {10.0.0.1,10.0.0.2} to not table(t)");
    EXPECT_TRUE(r.src.address.negated);
    EXPECT_EQ(r.src.address.prefixes.size(), 2u);
    EXPECT_TRUE(r.dst.address.negated);
    EXPECT_EQ(r.dst.address.kind, AddressKind::Table);
}

TEST(FwParser, Ports) {
    Rule r = parseOne("allow tcp from any 1024-65535 to any 22,80,8000-8080,https");
    EXPECT_EQ(r.src.ports, (std::vector<PortRange>{{1024, 65535}}));
    EXPECT_EQ(r.dst.ports, (std::vector<PortRange>{{22, 22}, {80, 80}, {8000, 8080}, {443, 443}}));
    EXPECT_EQ(r.dst.ports_loc.column, 38);
}

TEST(FwParser, PortKeywordAndNames) {
    Rule r = parseOne("allow tcp from any port ssh to me port smtp,www");
    EXPECT_EQ(r.src.ports, (std::vector<PortRange>{{22, 22}}));
    EXPECT_EQ(r.dst.ports, (std::vector<PortRange>{{25, 25}, {80, 80}}));
    EXPECT_EQ(r.dst.ports_loc.column, 35);
}

TEST(FwParser, ServiceNamesFollowTheProtocol) {
    EXPECT_EQ(parseOne("allow udp from any to any ntp").dst.ports,
              (std::vector<PortRange>{{123, 123}}));
    EXPECT_EQ(parseOne("allow udp from any to any domain").dst.ports,
              (std::vector<PortRange>{{53, 53}}));
    EXPECT_FALSE(parse("allow udp from any to any ssh").ok());
    EXPECT_FALSE(parse("allow tcp from any to any ntp").ok());
}

TEST(FwParser, NamedRangesAndNamesWithDashes) {
    EXPECT_EQ(parseOne("allow udp from any to any netbios-ns").dst.ports,
              (std::vector<PortRange>{{137, 137}}));
    EXPECT_EQ(parseOne("allow udp from any to any netbios-ns-syslog").dst.ports,
              (std::vector<PortRange>{{137, 514}}));
    EXPECT_EQ(parseOne("allow tcp from any to any ftp-data-ssh").dst.ports,
              (std::vector<PortRange>{{20, 22}}));
    EXPECT_EQ(parseOne("allow tcp from any to any 0-http").dst.ports,
              (std::vector<PortRange>{{0, 80}}));
}

TEST(FwParser, DirectionAndInterfaces) {
    Rule r = parseOne("allow ip from any to any in via eth0");
    EXPECT_EQ(r.options.direction, Direction::In);
    ASSERT_TRUE(r.options.via);
    EXPECT_EQ(r.options.via->name, "eth0");
    r = parseOne("allow ip from any to any out xmit ppp0 recv eth1");
    EXPECT_EQ(r.options.direction, Direction::Out);
    EXPECT_EQ(r.options.xmit->name, "ppp0");
    EXPECT_EQ(r.options.recv->name, "eth1");
    EXPECT_FALSE(r.options.via);
    EXPECT_EQ(parseOne("allow ip from any to any recv veth-lab.10").options.recv->name,
              "veth-lab.10");
}

TEST(FwParser, TcpOptions) {
    Rule r = parseOne("allow tcp from any to any setup");
    EXPECT_TRUE(r.options.setup);
    EXPECT_FALSE(r.options.established);
    r = parseOne("allow tcp from any to any established");
    EXPECT_TRUE(r.options.established);
    r = parseOne("allow tcp from any to any tcpflags syn,!ack, fin,!rst");
    ASSERT_TRUE(r.options.tcpflags);
    EXPECT_EQ(r.options.tcpflags->set, kTcpSyn | kTcpFin);
    EXPECT_EQ(r.options.tcpflags->clear, kTcpAck | kTcpRst);
    r = parseOne("allow tcp from any to any tcpflags !psh,urg,ece,cwr");
    EXPECT_EQ(r.options.tcpflags->set, kTcpUrg | kTcpEce | kTcpCwr);
    EXPECT_EQ(r.options.tcpflags->clear, kTcpPsh);
}

TEST(FwParser, IcmpTypes) {
    Rule r = parseOne("allow icmp from any to any icmptypes 0,3,8, 11");
    ASSERT_TRUE(r.options.icmptypes);
    EXPECT_EQ(r.options.icmptypes->types.count(), 4u);
    EXPECT_TRUE(r.options.icmptypes->types.test(8));
    EXPECT_FALSE(r.options.icmptypes->types.test(4));
    r = parseOne("allow icmp6 from any to any icmp6types 128,129,135,136,255");
    EXPECT_EQ(r.options.icmptypes->types.count(), 5u);
    EXPECT_TRUE(r.options.icmptypes->types.test(255));
}

TEST(FwParser, FragAndKeepState) {
    Rule r = parseOne("deny ip from any to any frag");
    EXPECT_TRUE(r.options.frag);
    r = parseOne("allow udp from me to any 53 keep-state");
    EXPECT_TRUE(r.options.keep_state);
    EXPECT_EQ(r.dst.ports, (std::vector<PortRange>{{53, 53}}));
}

TEST(FwParser, EveryOptionAtOnce) {
    Rule r = parseOne("1000 allow log logamount 10 tcp from 10.0.0.0/8 1024-65535 to me 22 "
                      "in recv eth0 setup tcpflags !fin keep-state");
    EXPECT_EQ(r.number, 1000);
    EXPECT_EQ(r.options.direction, Direction::In);
    EXPECT_EQ(r.options.recv->name, "eth0");
    EXPECT_TRUE(r.options.setup);
    EXPECT_EQ(r.options.tcpflags->clear, kTcpFin);
    EXPECT_TRUE(r.options.keep_state);
}

TEST(FwParser, IpsecFields) {
    Rule r = parseOne("allow ip from any to any ipsec dir in tunnel-src 192.0.2.0/24 spi 256 "
                      "reqid 7 in");
    ASSERT_TRUE(r.options.ipsec);
    EXPECT_EQ(r.options.ipsec->dir, Direction::In);
    EXPECT_EQ(r.options.ipsec->tunnel_src->str(), "192.0.2.0/24");
    EXPECT_EQ(r.options.ipsec->spi, 256u);
    EXPECT_EQ(r.options.ipsec->reqid, 7u);
    EXPECT_EQ(r.options.direction, Direction::In);
}

TEST(FwParser, LocationsOfEveryPart) {
    Rule r = parseOne("  200 deny log tcp from any to 10.0.0.1 80 out via eth0 setup");
    EXPECT_EQ(r.loc.line, 1);
    EXPECT_EQ(r.loc.column, 3);
    EXPECT_EQ(r.loc.file, "rules.conf");
    EXPECT_EQ(r.action.loc.column, 7);
    EXPECT_EQ(r.log->loc.column, 12);
    EXPECT_EQ(r.protocol.loc.column, 16);
    EXPECT_EQ(r.src.address.loc.column, 25);
    EXPECT_EQ(r.dst.address.loc.column, 32);
    EXPECT_EQ(r.dst.ports_loc.column, 41);
    EXPECT_EQ(r.options.direction_loc.column, 44);
    EXPECT_EQ(r.options.via->loc.column, 48);
    EXPECT_EQ(r.options.setup->column, 57);
}

TEST(FwParser, CommentsBlankLinesContinuationsAndSections) {
    auto result = parse("# host firewall\n"
                        "\n"
                        "[firewall]\n"
                        "allow tcp from any \\\n"
                        "    to me 22   # ssh\n"
                        "[firewall]\n"
                        "deny ip from any to any\n");
    ASSERT_TRUE(result.ok()) << result.error().message;
    auto& rules = result.ruleset->firewall.rules;
    ASSERT_EQ(rules.size(), 2u);
    EXPECT_EQ(rules[0].dst.ports, (std::vector<PortRange>{{22, 22}}));
    EXPECT_EQ(rules[0].dst.address.loc.line, 5);
    EXPECT_EQ(rules[1].loc.line, 7);
}

TEST(FwParser, EmptyTextIsAnEmptyRuleset) {
    auto result = parse("");
    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result.ruleset->firewall.rules.empty());
    EXPECT_TRUE(parse("# nothing\n\n   \n").ok());
}
