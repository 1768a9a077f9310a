#include "FwFixtures.h"

namespace xgw::test {

namespace {

constexpr std::uint16_t kDefault = 65535;

// "100 deny <match>" then "200 allow ip from any to any": denied by 100 or allowed by 200.
std::string deny_then_allow(const std::string& match) {
    return "100 deny " + match + "\n200 allow ip from any to any\n";
}

FwFixture hit(std::string name, const std::string& match, FwPacket p) {
    return {std::move(name), deny_then_allow(match), std::move(p), false, {100}};
}

FwFixture miss(std::string name, const std::string& match, FwPacket p) {
    return {std::move(name), deny_then_allow(match), std::move(p), true, {200}};
}

FwPacket from(std::string src, std::string dst = "") {
    FwPacket p;
    const bool v6 = src.find(':') != std::string::npos;
    p.src = std::move(src);
    p.dst = dst.empty() ? (v6 ? "2001:db8:2::2" : "198.51.100.2") : std::move(dst);
    return p;
}

FwPacket port(const std::string& proto, std::uint16_t sport, std::uint16_t dport) {
    FwPacket p;
    p.proto = proto;
    p.sport = sport;
    p.dport = dport;
    return p;
}

FwPacket tcp_flags(std::uint8_t flags) {
    FwPacket p;
    p.tcp_flags = flags;
    return p;
}

FwPacket icmp(const std::string& proto, std::uint8_t type) {
    FwPacket p = proto == "icmp6" ? from("2001:db8:1::2") : FwPacket{};
    p.proto = proto;
    p.icmp_type = type;
    return p;
}

void add_address_fixtures(std::vector<FwFixture>& out) {
    const std::string v4 = "ip from 10.1.2.0/24 to any";
    out.push_back(miss("src4-below-first", v4, from("10.1.1.255")));
    out.push_back(hit("src4-first", v4, from("10.1.2.0")));
    out.push_back(hit("src4-last", v4, from("10.1.2.255")));
    out.push_back(miss("src4-above-last", v4, from("10.1.3.0")));
    const std::string host = "ip from any to 198.51.100.7";
    out.push_back(miss("dst4-host-below", host, from("10.0.0.1", "198.51.100.6")));
    out.push_back(hit("dst4-host", host, from("10.0.0.1", "198.51.100.7")));
    out.push_back(miss("dst4-host-above", host, from("10.0.0.1", "198.51.100.8")));
    const std::string v6 = "ip from 2001:db8:1::/48 to any";
    out.push_back(miss("src6-below-first", v6, from("2001:db8:0:ffff:ffff:ffff:ffff:ffff")));
    out.push_back(hit("src6-first", v6, from("2001:db8:1::")));
    out.push_back(hit("src6-last", v6, from("2001:db8:1:ffff:ffff:ffff:ffff:ffff")));
    out.push_back(miss("src6-above-last", v6, from("2001:db8:2::")));
    const std::string odd = "ip from any to 2001:db8:2::8000:0:0:0/65";
    out.push_back(
        miss("dst6-65-below", odd, from("2001:db8:1::2", "2001:db8:2:0:7fff:ffff:ffff:ffff")));
    out.push_back(hit("dst6-65-first", odd, from("2001:db8:1::2", "2001:db8:2:0:8000::")));
    out.push_back(
        hit("dst6-65-last", odd, from("2001:db8:1::2", "2001:db8:2:0:ffff:ffff:ffff:ffff")));
    out.push_back(miss("dst6-65-above", odd, from("2001:db8:1::2", "2001:db8:2:1::")));
    const std::string nested = "ip from not 10.0.0.0/8 to any";
    out.push_back(miss("not-prefix-inside", nested, from("10.255.255.255")));
    out.push_back(hit("not-prefix-below", nested, from("9.255.255.255")));
    out.push_back(hit("not-prefix-above", nested, from("11.0.0.0")));
    out.push_back(hit("not-prefix-other-family", nested, from("2001:db8:1::2")));
    const std::string mixed = "ip from {10.0.0.0/8, 192.168.0.0/16, 2001:db8:9::/48} to any";
    out.push_back(hit("list-first-item", mixed, from("10.9.9.9")));
    out.push_back(hit("list-second-item", mixed, from("192.168.255.255")));
    out.push_back(miss("list-between-items", mixed, from("192.169.0.0")));
    out.push_back(hit("list-v6-item", mixed, from("2001:db8:9:ffff::1")));
    out.push_back(miss("list-v6-outside", mixed, from("2001:db8:a::")));
    out.push_back(hit("me-v4", "ip from any to me", from("10.0.0.1", "192.0.2.1")));
    out.push_back(miss("me-v4-neighbour", "ip from any to me", from("10.0.0.1", "192.0.2.2")));
    out.push_back(hit("me-v6", "ip from any to me", from("2001:db8:1::2", "2001:db8::1")));
    out.push_back(miss("me6-not-v4", "ip from any to me6", from("10.0.0.1", "192.0.2.1")));
    out.push_back(hit("me6-v6", "ip from any to me6", from("2001:db8:1::2", "2001:db8::1")));
    out.push_back(hit("not-me", "ip from any to not me", from("10.0.0.1", "192.0.2.2")));
    out.push_back(miss("not-me-is-me", "ip from any to not me", from("10.0.0.1", "192.0.2.1")));
    out.push_back(hit("any-to-any-slash0", "ip from 0.0.0.0/0 to any", from("10.0.0.1")));
}

void add_port_fixtures(std::vector<FwFixture>& out) {
    const std::string range = "tcp from any to any 1000-2000";
    out.push_back(miss("dport-range-below", range, port("tcp", 40000, 999)));
    out.push_back(hit("dport-range-first", range, port("tcp", 40000, 1000)));
    out.push_back(hit("dport-range-last", range, port("tcp", 40000, 2000)));
    out.push_back(miss("dport-range-above", range, port("tcp", 40000, 2001)));
    const std::string single = "udp from any 53 to any";
    out.push_back(miss("sport-single-below", single, port("udp", 52, 1234)));
    out.push_back(hit("sport-single", single, port("udp", 53, 1234)));
    out.push_back(miss("sport-single-above", single, port("udp", 54, 1234)));
    const std::string edges = "tcp from any 0,65535 to any";
    out.push_back(hit("sport-zero", edges, port("tcp", 0, 80)));
    out.push_back(miss("sport-one", edges, port("tcp", 1, 80)));
    out.push_back(miss("sport-65534", edges, port("tcp", 65534, 80)));
    out.push_back(hit("sport-65535", edges, port("tcp", 65535, 80)));
    const std::string lst = "tcp from any to any 22,80,8000-8080";
    out.push_back(hit("port-list-22", lst, port("tcp", 40000, 22)));
    out.push_back(miss("port-list-23", lst, port("tcp", 40000, 23)));
    out.push_back(hit("port-list-range-end", lst, port("tcp", 40000, 8080)));
    out.push_back(miss("port-list-past-range", lst, port("tcp", 40000, 8081)));
    out.push_back(miss("ports-udp-rule-tcp-packet", "udp from any to any 80", port("tcp", 1, 80)));
    out.push_back(hit("service-name", "tcp from any to any http", port("tcp", 1, 80)));
    // docs/rules.md section 7: ports on sctp rules.
    out.push_back(hit("sctp-dport", "sctp from any to any 5000", port("sctp", 1, 5000)));
    out.push_back(miss("sctp-dport-other", "sctp from any to any 5000", port("sctp", 1, 5001)));
    out.push_back(hit("sctp-sport", "sctp from any 7-9 to any", port("sctp", 9, 5000)));
    out.push_back(miss("sctp-sport-other", "sctp from any 7-9 to any", port("sctp", 10, 5000)));
    FwPacket sctp6 = port("sctp", 1, 5000);
    sctp6.src = "2001:db8:1::2";
    sctp6.dst = "2001:db8:2::2";
    out.push_back(hit("sctp6-dport", "sctp from any to any 5000", sctp6));
    FwPacket frag = port("tcp", 40000, 80);
    frag.later_frag = true;
    out.push_back(miss("ports-never-match-later-fragment", "tcp from any to any 80", frag));
}

void add_proto_fixtures(std::vector<FwFixture>& out) {
    out.push_back(hit("proto-tcp", "tcp from any to any", FwPacket{}));
    out.push_back(miss("proto-tcp-udp-packet", "tcp from any to any", port("udp", 1, 2)));
    out.push_back(hit("proto-udp", "udp from any to any", port("udp", 1, 2)));
    out.push_back(hit("proto-icmp", "icmp from any to any", icmp("icmp", 8)));
    out.push_back(miss("proto-icmp-not-icmp6", "icmp from any to any", icmp("icmp6", 128)));
    out.push_back(hit("proto-icmp6", "icmp6 from any to any", icmp("icmp6", 128)));
    out.push_back(hit("proto-number-gre", "47 from any to any", port("47", 0, 0)));
    out.push_back(miss("proto-number-gre-tcp", "47 from any to any", FwPacket{}));
    out.push_back(hit("proto-ip4", "ip4 from any to any", FwPacket{}));
    out.push_back(miss("proto-ip4-v6-packet", "ip4 from any to any", from("2001:db8:1::2")));
    out.push_back(hit("proto-ip6", "ip6 from any to any", from("2001:db8:1::2")));
    out.push_back(hit("proto-sctp", "sctp from any to any", port("sctp", 1, 2)));
}

void add_option_fixtures(std::vector<FwFixture>& out) {
    out.push_back(hit("setup-syn", "tcp from any to any setup", tcp_flags(0x02)));
    out.push_back(miss("setup-syn-ack", "tcp from any to any setup", tcp_flags(0x12)));
    out.push_back(hit("established-ack", "tcp from any to any established", tcp_flags(0x10)));
    out.push_back(hit("established-rst", "tcp from any to any established", tcp_flags(0x04)));
    out.push_back(miss("established-syn", "tcp from any to any established", tcp_flags(0x02)));
    out.push_back(
        miss("established-ip-rule-udp", "ip from any to any established", port("udp", 1, 2)));
    const std::string flags = "tcp from any to any tcpflags syn,!ack";
    out.push_back(hit("tcpflags-syn-fin", flags, tcp_flags(0x03)));
    out.push_back(miss("tcpflags-syn-ack", flags, tcp_flags(0x12)));
    out.push_back(miss("tcpflags-none", flags, tcp_flags(0x00)));
    const std::string types = "icmp from any to any icmptypes 0,8";
    out.push_back(hit("icmptypes-8", types, icmp("icmp", 8)));
    out.push_back(miss("icmptypes-9", types, icmp("icmp", 9)));
    out.push_back(hit("icmptypes-0", types, icmp("icmp", 0)));
    out.push_back(
        hit("icmp6types-128", "icmp6 from any to any icmp6types 128", icmp("icmp6", 128)));
    out.push_back(
        miss("icmp6types-129", "icmp6 from any to any icmp6types 128", icmp("icmp6", 129)));
    FwPacket later = port("udp", 1, 2);
    later.later_frag = true;
    out.push_back(hit("frag-later-v4", "ip from any to any frag", later));
    out.push_back(miss("frag-first-fragment-is-not", "ip from any to any frag", port("udp", 1, 2)));
    FwPacket later6 = from("2001:db8:1::2");
    later6.later_frag = true;
    out.push_back(hit("frag-later-v6", "ip from any to any frag", later6));
    out.push_back(miss("setup-later-fragment", "ip from any to any setup", later6));
}

} // namespace

std::vector<FwFixture> fw_match_fixtures() {
    std::vector<FwFixture> out;
    add_address_fixtures(out);
    add_port_fixtures(out);
    add_proto_fixtures(out);
    add_option_fixtures(out);
    return out;
}

std::vector<FwFixture> fw_action_fixtures() {
    const FwPacket p;
    auto egress = [](FwFixture f) {
        f.hook = Hook::TcEgress;
        return f;
    };
    return {
        {"allow", "100 allow tcp from any to any\n", p, true, {100}},
        {"deny", "100 deny tcp from any to any\n200 allow ip from any to any\n", p, false, {100}},
        // docs/rules.md: reject and unreach stop the packet (FwRejectTest checks the answers).
        {"reject-stops",
         "100 reject tcp from any to any\n200 allow ip from any to any\n",
         p,
         false,
         {100}},
        {"unreach-stops",
         "100 unreach host tcp from any to any\n200 allow ip from any to any\n",
         p,
         false,
         {100}},
        {"count-goes-on",
         "100 count tcp from any to any\n200 count ip from any to any\n"
         "300 deny ip from any to any\n",
         p,
         false,
         {100, 200, 300}},
        {"count-then-default", "100 count tcp from any to any\n", p, false, {100, kDefault}},
        {"skipto-jumps",
         "100 skipto 300 tcp from any to any\n200 deny ip from any to any\n"
         "300 allow ip from any to any\n",
         p,
         true,
         {100, 300}},
        {"skipto-lands-on-shared-number",
         "100 skipto 300 ip from any to any\n300 count ip from any to any\n"
         "300 allow ip from any to any\n",
         p,
         true,
         {100, 300, 300}},
        {"skipto-not-matching-falls-through",
         "100 skipto 300 udp from any to any\n200 deny ip from any to any\n"
         "300 allow ip from any to any\n",
         p,
         false,
         {200}},
        {"skipto-65535-default",
         "100 skipto 65535 ip from any to any\n200 allow ip from any to any\n",
         p,
         false,
         {100, kDefault}},
        {"check-state-no-flow-goes-on",
         "100 check-state\n200 deny ip from any to any\n",
         p,
         false,
         {200}},
        {"same-number-in-written-order",
         "100 allow ip from any to any\n100 deny ip from any to any\n",
         p,
         true,
         {100}},
        {"default-deny", "100 allow udp from any to any\n", p, false, {kDefault}},
        {"default-accept",
         "100 deny udp from any to any\n",
         p,
         true,
         {kDefault},
         Hook::XdpIngress,
         true},
        {"empty-ruleset-default-deny", "", p, false, {kDefault}},
        {"in-rule-on-ingress",
         "100 deny ip from any to any in\n",
         p,
         false,
         {100},
         Hook::XdpIngress,
         true},
        egress({"in-rule-not-on-egress",
                "100 deny ip from any to any in\n",
                p,
                true,
                {kDefault},
                Hook::XdpIngress,
                true}),
        egress({"out-rule-on-egress",
                "100 deny ip from any to any out\n",
                p,
                false,
                {100},
                Hook::XdpIngress,
                true}),
        {"out-rule-not-on-ingress",
         "100 deny ip from any to any out\n",
         p,
         true,
         {kDefault},
         Hook::XdpIngress,
         true},
        egress({"both-directions-on-egress", "100 deny ip from any to any\n", p, false, {100}}),
        {"via-lo-ingress",
         "100 deny ip from any to any via lo\n",
         p,
         false,
         {100},
         Hook::XdpIngress,
         true},
        {"via-other-ingress",
         "100 deny ip from any to any via eth9\n",
         p,
         true,
         {kDefault},
         Hook::XdpIngress,
         true},
        {"recv-lo-ingress",
         "100 deny ip from any to any recv lo\n",
         p,
         false,
         {100},
         Hook::XdpIngress,
         true},
        {"xmit-never-on-ingress",
         "100 deny ip from any to any xmit lo\n",
         p,
         true,
         {kDefault},
         Hook::XdpIngress,
         true},
        egress({"xmit-lo-egress",
                "100 deny ip from any to any xmit lo\n",
                p,
                false,
                {100},
                Hook::XdpIngress,
                true}),
        egress({"via-other-egress",
                "100 deny ip from any to any via eth9\n",
                p,
                true,
                {kDefault},
                Hook::XdpIngress,
                true}),
        // docs/rules.md section 8: recv on egress is the interface a forwarded packet came in on.
        egress({"recv-egress-forwarded",
                "100 deny ip from any to any out recv lo\n",
                p,
                false,
                {100},
                Hook::XdpIngress,
                true,
                1}),
        egress({"recv-egress-local-packet",
                "100 deny ip from any to any out recv lo\n",
                p,
                true,
                {kDefault},
                Hook::XdpIngress,
                true}),
        egress({"recv-egress-other-interface",
                "100 deny ip from any to any out recv eth9\n",
                p,
                true,
                {kDefault},
                Hook::XdpIngress,
                true,
                1}),
        egress({"recv-and-xmit-egress",
                "100 deny ip from any to any out recv lo xmit lo\n",
                p,
                false,
                {100},
                Hook::XdpIngress,
                true,
                1}),
        egress({"recv-and-xmit-egress-wrong-xmit",
                "100 deny ip from any to any out recv lo xmit eth9\n",
                p,
                true,
                {kDefault},
                Hook::XdpIngress,
                true,
                1}),
        {"missing-interface-matches-nothing",
         "100 deny ip from any to any via nosuch0\n",
         p,
         true,
         {kDefault},
         Hook::XdpIngress,
         true},
    };
}

} // namespace xgw::test
