// Every error message, with its position: file:line:column, what was expected, what was found.
#include "fw_test_util.h"

using namespace xgw::fw;
using namespace xgw::fw::test;

TEST(FwParserErrors, UnknownPortAfterPortKeyword) {
    EXPECT_EQ(errorsOf("allow tcp from any to me port ssh2"),
              "rules.conf:1:31: expected a port or port range after 'port', found 'ssh2'");
}

TEST(FwParserErrors, ReportedOnTheRightLine) {
    EXPECT_EQ(errorsOf("allow ip from any to any\n\n# c\ndeny tcp from any to me port ssh2\n"),
              "rules.conf:4:30: expected a port or port range after 'port', found 'ssh2'");
}

TEST(FwParserErrors, Head) {
    EXPECT_EQ(errorsOf("100"), "rules.conf:1:4: expected an action (allow, deny, reject, "
                               "unreach, count, skipto, check-state, setmark, setfib, fwd) "
                               "after '100', found end of line");
    EXPECT_EQ(errorsOf("add frobnicate ip from any to any"),
              "rules.conf:1:5: expected an action (allow, deny, reject, unreach, count, "
              "skipto, check-state, setmark, setfib, fwd) after 'add', found 'frobnicate'");
    EXPECT_EQ(errorsOf("65535 deny ip from any to any"),
              "rules.conf:1:1: rule number 65535 is reserved for the default policy; use "
              "1-65534");
    EXPECT_EQ(errorsOf("70000 deny ip from any to any"),
              "rules.conf:1:1: rule number 70000 is out of range (1-65534)");
    EXPECT_EQ(errorsOf("0 deny ip from any to any"),
              "rules.conf:1:1: rule number 0 is out of range (1-65534)");
    EXPECT_EQ(errorsOf("log deny log ip from any to any"), "rules.conf:1:10: 'log' is given twice");
    EXPECT_EQ(errorsOf("deny log logamount x ip from any to any"),
              "rules.conf:1:20: expected a number after 'logamount', found 'x'");
}

TEST(FwParserErrors, Actions) {
    EXPECT_EQ(errorsOf("skipto ip from any to any"),
              "rules.conf:1:8: expected a rule number after 'skipto', found 'ip'");
    EXPECT_EQ(errorsOf("100 skipto 70000 ip from any to any"),
              "rules.conf:1:12: rule number 70000 is out of range (1-65535)");
    EXPECT_EQ(errorsOf("unreach bogus ip from any to any"),
              "rules.conf:1:9: expected an ICMP unreachable code (net, host, protocol, port, "
              "needfrag, ..., or 0-255) after 'unreach', found 'bogus'");
    EXPECT_EQ(errorsOf("unreach 256 ip from any to any"),
              "rules.conf:1:9: ICMP unreachable code 256 is out of range (0-255)");
    EXPECT_EQ(errorsOf("check-state tcp from any to any"),
              "rules.conf:1:13: expected end of line (check-state takes no match conditions) "
              "after 'check-state', found 'tcp'");
}

TEST(FwParserErrors, Protocol) {
    EXPECT_EQ(errorsOf("allow bogus from any to any"),
              "rules.conf:1:7: expected a protocol (ip, ip4, ip6, tcp, udp, icmp, icmp6, a "
              "number or a name from /etc/protocols) after 'allow', found 'bogus'");
    EXPECT_EQ(errorsOf("allow 256 from any to any"),
              "rules.conf:1:7: protocol number 256 is out of range (0-255)");
    EXPECT_EQ(errorsOf("allow"),
              "rules.conf:1:6: expected a protocol (ip, ip4, ip6, tcp, udp, icmp, icmp6, a "
              "number or a name from /etc/protocols) after 'allow', found end of line");
}

TEST(FwParserErrors, FromAndTo) {
    EXPECT_EQ(errorsOf("allow ip any to any"),
              "rules.conf:1:10: expected 'from' after 'ip', found 'any'");
    EXPECT_EQ(errorsOf("allow ip from any"),
              "rules.conf:1:18: expected 'to' after 'any', found end of line");
    EXPECT_EQ(errorsOf("allow tcp from any bogus to any"),
              "rules.conf:1:20: expected a port, port range or 'to' after 'any', found "
              "'bogus'");
}

TEST(FwParserErrors, Addresses) {
    const std::string what =
        "an address (any, me, me6, an IPv4 or IPv6 address or prefix, {list} or table(NAME))";
    EXPECT_EQ(errorsOf("allow ip from anywhere to any"),
              "rules.conf:1:15: expected " + what + " after 'from', found 'anywhere'");
    EXPECT_EQ(errorsOf("allow ip from not to any"),
              "rules.conf:1:19: expected " + what + " after 'not', found 'to'");
    EXPECT_EQ(errorsOf("allow ip from 10.0.0.300 to any"),
              "rules.conf:1:15: '10.0.0.300' is not an IPv4 or IPv6 address");
    EXPECT_EQ(errorsOf("allow ip from any to 10.0.0.0/33"),
              "rules.conf:1:22: prefix length 33 is out of range (0-32)");
    EXPECT_EQ(errorsOf("allow ip from any to 2001:db8::/129"),
              "rules.conf:1:22: prefix length 129 is out of range (0-128)");
    EXPECT_EQ(errorsOf("allow ip from {10.0.0.1, me} to any"),
              "rules.conf:1:26: expected an IPv4 or IPv6 address or prefix after ',', found "
              "'me'");
    EXPECT_EQ(errorsOf("allow ip from {} to any"),
              "rules.conf:1:16: expected an IPv4 or IPv6 address or prefix after '{', found "
              "'}'");
    EXPECT_EQ(errorsOf("allow ip from {10.0.0.1 10.0.0.2} to any"),
              "rules.conf:1:25: expected ',' or '}' after '10.0.0.1', found '10.0.0.2'");
    EXPECT_EQ(errorsOf("allow ip from table blocked to any"),
              "rules.conf:1:21: expected '(' after 'table', found 'blocked'");
    EXPECT_EQ(errorsOf("allow ip from table() to any"),
              "rules.conf:1:21: expected a table name after '(', found ')'");
    EXPECT_EQ(errorsOf("allow ip from table(t to any"),
              "rules.conf:1:23: expected ')' after 't', found 'to'");
}

TEST(FwParserErrors, Ports) {
    EXPECT_EQ(errorsOf("allow tcp from any to any 70000"),
              "rules.conf:1:27: port '70000' is out of range (0-65535)");
    EXPECT_EQ(errorsOf("allow tcp from any to any 1-70000"),
              "rules.conf:1:27: port '1-70000' is out of range (0-65535)");
    EXPECT_EQ(errorsOf("allow tcp from any to any 2000-1000"),
              "rules.conf:1:27: port range '2000-1000' has its low end above its high end");
    EXPECT_EQ(errorsOf("allow tcp from any to any 22,"),
              "rules.conf:1:30: expected a port or port range after ',', found end of line");
    EXPECT_EQ(errorsOf("allow tcp from any to any 22,bogus"),
              "rules.conf:1:30: expected a port or port range after ',', found 'bogus'");
    EXPECT_EQ(errorsOf("allow tcp from any to me bogus"),
              "rules.conf:1:26: expected a port, port range, option or end of line after "
              "'me', found 'bogus'");
    EXPECT_EQ(errorsOf("allow tcp from any port to any"),
              "rules.conf:1:25: expected a port or port range after 'port', found 'to'");
}

TEST(FwParserErrors, Options) {
    EXPECT_EQ(errorsOf("allow ip from any to any { }"),
              "rules.conf:1:26: expected an option (in, out, via, recv, xmit, setup, "
              "established, tcpflags, icmptypes, frag, keep-state) after 'any', found '{'");
    EXPECT_EQ(errorsOf("allow ip from any to any in in"),
              "rules.conf:1:29: option 'in' is given twice");
    EXPECT_EQ(errorsOf("allow ip from any to any in out"),
              "rules.conf:1:29: 'in' and 'out' exclude each other; a rule with neither "
              "matches both directions");
    EXPECT_EQ(errorsOf("allow ip from any to any via"),
              "rules.conf:1:29: expected an interface name after 'via', found end of line");
    EXPECT_EQ(errorsOf("allow ip from any to any via in"),
              "rules.conf:1:30: expected an interface name after 'via', found 'in'");
    EXPECT_EQ(errorsOf("allow ip from any to any via eth0 via eth1"),
              "rules.conf:1:35: option 'via' is given twice");
    EXPECT_EQ(errorsOf("allow ip from any to any recv abcdefghijklmnop"),
              "rules.conf:1:31: interface name 'abcdefghijklmnop' is longer than 15 "
              "characters");
    EXPECT_EQ(errorsOf("allow tcp from any to any setup setup"),
              "rules.conf:1:33: option 'setup' is given twice");
    EXPECT_EQ(errorsOf("allow tcp from any to any keep-state keep-state"),
              "rules.conf:1:38: option 'keep-state' is given twice");
}

TEST(FwParserErrors, TcpFlagsAndIcmpTypes) {
    EXPECT_EQ(errorsOf("allow tcp from any to any tcpflags"),
              "rules.conf:1:35: expected a TCP flag (fin, syn, rst, psh, ack, urg, ece, cwr) "
              "after 'tcpflags', found end of line");
    EXPECT_EQ(errorsOf("allow tcp from any to any tcpflags syn,!bogus"),
              "rules.conf:1:41: expected a TCP flag (fin, syn, rst, psh, ack, urg, ece, cwr) "
              "after '!', found 'bogus'");
    EXPECT_EQ(errorsOf("allow tcp from any to any tcpflags syn,!syn"),
              "rules.conf:1:41: TCP flag 'syn' is both required and forbidden");
    EXPECT_EQ(errorsOf("allow tcp from any to any tcpflags syn tcpflags ack"),
              "rules.conf:1:40: option 'tcpflags' is given twice");
    EXPECT_EQ(errorsOf("allow icmp from any to any icmptypes 8,300"),
              "rules.conf:1:40: ICMP type 300 is out of range (0-255)");
    EXPECT_EQ(errorsOf("allow icmp from any to any icmptypes echo"),
              "rules.conf:1:38: expected an ICMP type after 'icmptypes', found 'echo'");
}

TEST(FwParserErrors, Ipsec) {
    EXPECT_EQ(errorsOf("allow ip from any to any ipsec mode bogus"),
              "rules.conf:1:37: expected 'tunnel' or 'transport' after 'mode', found 'bogus'");
    EXPECT_EQ(errorsOf("allow ip from any to any ipsec dir sideways"),
              "rules.conf:1:36: expected 'in' or 'out' after 'dir', found 'sideways'");
    EXPECT_EQ(errorsOf("allow ip from any to any ipsec spi x"),
              "rules.conf:1:36: expected a number after 'spi', found 'x'");
    EXPECT_EQ(errorsOf("allow ip from any to any ipsec spi 1 spi 2"),
              "rules.conf:1:38: option 'spi' is given twice");
    EXPECT_EQ(errorsOf("allow ip from any to any ipsec tunnel-src me"),
              "rules.conf:1:43: expected an IPv4 or IPv6 address or prefix after "
              "'tunnel-src', found 'me'");
    EXPECT_EQ(errorsOf("allow ip from any to any ipsec bogus"),
              "rules.conf:1:32: expected an ipsec field (dir, mode, tunnel-src, tunnel-dst, "
              "spi, reqid) or an option after 'ipsec', found 'bogus'");
}

TEST(FwParserErrors, Families) {
    EXPECT_EQ(errorsOf("allow ip4 from 2001:db8::1 to any"),
              "rules.conf:1:16: address 2001:db8::1 is IPv6 but protocol 'ip4' is IPv4 only");
    EXPECT_EQ(errorsOf("allow ip6 from any to {10.0.0.1,10.0.0.2}"),
              "rules.conf:1:23: address {10.0.0.1,10.0.0.2} is IPv4 but protocol 'ip6' is "
              "IPv6 only");
    EXPECT_EQ(errorsOf("allow icmp from any to me6"),
              "rules.conf:1:24: address me6 is IPv6 but protocol 'icmp' is IPv4 only");
    EXPECT_EQ(errorsOf("allow icmp6 from 10.0.0.0/8 to any"),
              "rules.conf:1:18: address 10.0.0.0/8 is IPv4 but protocol 'icmp6' is IPv6 "
              "only");
    EXPECT_EQ(errorsOf("allow tcp from 10.0.0.1 to 2001:db8::1"),
              "rules.conf:1:28: the source is IPv4 and the destination IPv6: the rule can "
              "never match");
}

TEST(FwParserErrors, FamiliesThatDoMatch) {
    EXPECT_TRUE(parse("allow ip6 from me to any").ok());
    EXPECT_TRUE(parse("allow ip4 from not 2001:db8::1 to any").ok());
    EXPECT_TRUE(parse("allow tcp from {10.0.0.1,2001:db8::1} to 2001:db8::2").ok());
    EXPECT_TRUE(parse("allow tcp from 10.0.0.1 to table(x)").ok());
}

TEST(FwParserErrors, OptionsTheProtocolDoesNotHave) {
    EXPECT_EQ(errorsOf("allow icmp from any 80 to any"),
              "rules.conf:1:21: ports need protocol tcp, udp or sctp, not 'icmp'");
    EXPECT_EQ(errorsOf("allow ip from any to any port 80"),
              "rules.conf:1:26: ports need protocol tcp, udp or sctp, not 'ip'");
    EXPECT_EQ(errorsOf("allow udp from any to any setup"),
              "rules.conf:1:27: 'setup' needs protocol tcp, not 'udp'");
    EXPECT_EQ(errorsOf("allow 47 from any to any tcpflags syn"),
              "rules.conf:1:26: 'tcpflags' needs protocol tcp, not 'gre'");
    EXPECT_EQ(errorsOf("allow tcp from any to any icmptypes 8"),
              "rules.conf:1:27: 'icmptypes' needs protocol icmp or icmp6, not 'tcp'");
    EXPECT_EQ(errorsOf("allow tcp from any to any setup established"),
              "rules.conf:1:33: 'setup' and 'established' exclude each other");
    EXPECT_EQ(errorsOf("allow tcp from any to any 80 frag"),
              "rules.conf:1:30: 'frag' matches only fragments after the first, which have no "
              "ports, TCP flags or ICMP type to match");
}

TEST(FwParserErrors, SeveralProblemsOfOneRuleAreAllReported) {
    EXPECT_EQ(errorsOf("allow udp from any 53 to any 53 setup tcpflags syn"),
              "rules.conf:1:33: 'setup' needs protocol tcp, not 'udp'\n"
              "rules.conf:1:39: 'tcpflags' needs protocol tcp, not 'udp'");
    EXPECT_EQ(errorsOf("allow ip from any 1 to any 2"),
              "rules.conf:1:19: ports need protocol tcp, udp or sctp, not 'ip'\n"
              "rules.conf:1:28: ports need protocol tcp, udp or sctp, not 'ip'");
}

TEST(FwParserErrors, ActionsAndOptions) {
    EXPECT_EQ(errorsOf("300 skipto 200 ip from any to any"),
              "rules.conf:1:5: skipto target 200 must be greater than this rule's number 300");
    EXPECT_EQ(errorsOf("300 skipto 300 ip from any to any"),
              "rules.conf:1:5: skipto target 300 must be greater than this rule's number 300");
    EXPECT_EQ(errorsOf("deny udp from any to any keep-state"),
              "rules.conf:1:26: 'keep-state' needs action 'allow', not 'deny'");
    EXPECT_EQ(errorsOf("allow ip from any to any in xmit eth0"),
              "rules.conf:1:29: 'xmit' cannot match 'in' packets: the outgoing interface is "
              "not known on ingress; use 'recv' or 'via'");
    EXPECT_EQ(errorsOf("allow ip from any to any via eth0 recv eth1"),
              "rules.conf:1:26: 'via' cannot be combined with 'recv' or 'xmit'; use 'recv' "
              "and 'xmit' alone");
}

TEST(FwParserErrors, Sections) {
    EXPECT_EQ(errorsOf("[qos]\nshape 10mbit\n[firewall]\n"
                       "allow ip from any to any\n"),
              "rules.conf:1:2: unknown section 'qos' (known: firewall, nat, acct, tables, set)");
    EXPECT_EQ(errorsOf("[firewall\nallow ip from any to any\n"),
              "rules.conf:1:10: expected ']' after 'firewall', found end of line");
    EXPECT_EQ(errorsOf("[]"), "rules.conf:1:2: expected a section name after '[', found ']'");
    EXPECT_EQ(errorsOf("[firewall] allow"),
              "rules.conf:1:12: expected end of line after ']', found 'allow'");
}

TEST(FwParserErrors, AtLeastOnePerLineAndNothingOnError) {
    auto result = parse("allow ip from any to any\n"
                        "allow tcp from any to me port ssh2\n"
                        "deny ip from\n"
                        "allow udp from any to any 53\n"
                        "bogus\n"
                        "allow\x02 ip from any to any\n");
    EXPECT_FALSE(result.ok());
    EXPECT_FALSE(result.ruleset);
    ASSERT_EQ(result.diagnostics.size(), 4u);
    EXPECT_EQ(result.diagnostics[0].loc.line, 2);
    EXPECT_EQ(result.diagnostics[1].loc.line, 3);
    EXPECT_EQ(result.diagnostics[2].loc.line, 5);
    EXPECT_EQ(result.diagnostics[3].str(), "rules.conf:6:6: unexpected character 0x02");
    EXPECT_EQ(result.error().kind, xgw::Errc::Usage);
    EXPECT_EQ(result.error().message.substr(0, result.error().message.find('\n')),
              "rules.conf:2:31: expected a port or port range after 'port', found 'ssh2'");
    EXPECT_NE(result.error().message.find("\nrules.conf:6:6: unexpected character 0x02"),
              std::string::npos);
}

TEST(FwParserErrors, RenderShowsTheLineAndACaret) {
    auto result = parse("\tallow tcp from any to me port ssh2 # mail\n");
    ASSERT_EQ(result.diagnostics.size(), 1u);
    EXPECT_EQ(result.diagnostics[0].render(),
              "rules.conf:1:32: expected a port or port range after 'port', found 'ssh2'\n"
              "\tallow tcp from any to me port ssh2 # mail\n"
              "\t                              ^");
}
