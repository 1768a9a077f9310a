#include "fw_random_rules.h"

#include <xgw/fw/Parser.h>

#include <algorithm>

namespace xgw::fw::test {

namespace {

const char* const kPrefixes4[] = {"10.0.0.0/8",      "10.1.0.0/16",     "10.1.2.0/24", "10.1.2.3",
                                  "10.1.2.128/25",   "192.0.2.0/24",    "192.0.2.1",   "0.0.0.0/0",
                                  "198.51.100.0/30", "198.51.100.4/31", "10.1.2.4"};
const char* const kPrefixes6[] = {"2001:db8::/32",          "2001:db8:1::/48",
                                  "2001:db8:1::/64",        "2001:db8::1",
                                  "2001:db8:1::5",          "::/0",
                                  "2001:db8:1:0:8000::/65", "fe80::/10",
                                  "2001:db8:1::4/127"};
const std::uint16_t kPorts[] = {0, 1, 22, 25, 53, 80, 443, 1023, 1024, 8080, 65534, 65535};
const unsigned kIcmpTypes[] = {0, 3, 8, 11, 128, 129, 133, 135, 255};
const char* const kFlags[] = {"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr"};
const char* const kIfaces[] = {"eth0", "eth1", "eth2"};

IpPrefix prefix_of(const char* text) {
    auto p = IpPrefix::parse(text);
    return *p;
}

template <std::size_t N> const char* one_of(const char* const (&pool)[N], unsigned i) {
    return pool[i % N];
}

} // namespace

std::string RandomRules::address(bool v6, bool allow_me) {
    std::string out = chance(25) ? "not " : "";
    auto one = [&] {
        bool fam6 = chance(10) ? !v6 : v6; // mixed lists fit either family
        return std::string(fam6 ? one_of(kPrefixes6, pick(64)) : one_of(kPrefixes4, pick(64)));
    };
    unsigned kind = pick(100);
    if (allow_me && kind < 12)
        return out + (v6 && chance(40) ? "me6" : "me");
    if (kind < 20)
        return out + (chance(50) ? "table(friends)" : "table(blocked)");
    if (kind < 60)
        return out + std::string(v6 ? one_of(kPrefixes6, pick(64)) : one_of(kPrefixes4, pick(64)));
    std::string list = "{" + one();
    for (unsigned i = 0, n = 1 + pick(3); i < n; i++)
        list += "," + one();
    return out + list + "}";
}

std::string RandomRules::ports() {
    std::string out;
    for (unsigned i = 0, n = 1 + pick(3); i < n; i++) {
        std::uint16_t lo = kPorts[pick(std::size(kPorts))];
        out += i ? "," : "";
        if (chance(50)) {
            out += std::to_string(lo);
            continue;
        }
        unsigned hi = std::min<unsigned>(65535, lo + pick(3) * 500 + pick(30));
        out += std::to_string(lo) + "-" + std::to_string(hi);
    }
    return out;
}

std::string RandomRules::options(const std::string& proto, const std::string& action) {
    std::string out;
    unsigned dir = pick(4); // 0, 1: both directions; 2: in; 3: out
    if (dir == 2)
        out += " in";
    if (dir == 3)
        out += " out";
    if (chance(30)) {
        const char* name = one_of(kIfaces, pick(3));
        unsigned which = pick(3);
        if (which == 1)
            out += std::string(" recv ") + name;
        else if (which == 2 && dir != 2)
            out += std::string(" xmit ") + name;
        else
            out += std::string(" via ") + name;
    }
    const bool tcpish = proto == "tcp" || proto == "ip" || proto == "ip4" || proto == "ip6";
    bool l4_options = false;
    if (tcpish && chance(40)) {
        l4_options = true;
        unsigned kind = pick(3);
        if (kind == 0)
            out += " setup";
        else if (kind == 1)
            out += " established";
        else {
            out += " tcpflags ";
            unsigned first = pick(8), n = 1 + pick(3);
            for (unsigned i = 0; i < n; i++)
                out +=
                    std::string(i ? "," : "") + (chance(40) ? "!" : "") + kFlags[(first + i) % 8];
        }
    }
    if ((proto == "icmp" || proto == "icmp6") && chance(50)) {
        l4_options = true;
        out += " icmptypes ";
        for (unsigned i = 0, n = 1 + pick(3); i < n; i++)
            out += (i ? "," : "") + std::to_string(kIcmpTypes[pick(std::size(kIcmpTypes))]);
    }
    if (!l4_options && chance(8))
        out += " frag";
    if (action == "allow" && chance(25))
        out += " keep-state";
    return out;
}

std::string RandomRules::rule(std::uint16_t number, bool passing_allowed) {
    static const char* const kActions[] = {"allow", "allow",  "deny",
                                           "deny",  "reject", "unreach port",
                                           "count", "skipto", "check-state"};
    static const char* const kProtos[] = {"ip",  "ip4",  "ip6",  "tcp",   "tcp", "udp",
                                          "udp", "sctp", "icmp", "icmp6", "47"};
    std::string action = kActions[pick(passing_allowed ? 9 : 6)];
    std::string head = std::to_string(number) + " ";
    if (action == "skipto")
        action += " " + std::to_string(std::min(65535u, number + 1u + pick(3) * pick(20000)));
    if (action == "check-state")
        return head + action;
    if (chance(5))
        head += chance(50) ? "log " : "log logamount 5 ";
    std::string proto = kProtos[pick(std::size(kProtos))];
    bool v6 =
        proto == "ip6" || proto == "icmp6" || (proto != "ip4" && proto != "icmp" && chance(50));
    const bool porty = proto == "tcp" || proto == "udp" || proto == "sctp";
    std::string text = head + action + " " + proto + " from " + address(v6, true);
    if (porty && chance(30))
        text += " " + ports();
    text += " to " + address(v6, true);
    if (porty && chance(50))
        text += std::string(chance(20) ? " port " : " ") + ports();
    return text + options(proto, action);
}

std::string RandomRules::ruleset(const RandomRulesOptions& opt, const ServiceDb& services) {
    std::vector<std::uint16_t> numbers;
    for (std::size_t i = 0; i < opt.rules; i++)
        numbers.push_back(static_cast<std::uint16_t>(1 + pick(65000)));
    std::sort(numbers.begin(), numbers.end());
    std::string text;
    std::size_t passing = 0;
    for (std::uint16_t n : numbers) {
        for (;;) {
            std::string line = rule(n, passing < opt.max_passing);
            ParseOptions po{"gen", &services, 0};
            if (!parseRuleset(line, po).ok())
                continue; // a combination the checker refuses: draw again
            if (line.find("count") != std::string::npos ||
                line.find("skipto") != std::string::npos ||
                line.find("state") != std::string::npos)
                passing++;
            text += line + "\n";
            break;
        }
    }
    return text;
}

std::array<std::uint8_t, 16> RandomRules::packet_address(bool v6) {
    IpPrefix p =
        v6 ? prefix_of(one_of(kPrefixes6, pick(64))) : prefix_of(one_of(kPrefixes4, pick(64)));
    const unsigned bits = v6 ? 128 : 32;
    auto a = p.addr;
    auto set_bit = [&](unsigned bit, bool on) {
        std::uint8_t mask = 0x80 >> (bit % 8);
        a[bit / 8] = on ? (a[bit / 8] | mask) : (a[bit / 8] & ~mask);
    };
    unsigned how = pick(5);
    for (unsigned bit = p.length; bit < bits; bit++) // host part: 0 first, 1 last, else random
        set_bit(bit, how == 1 || (how >= 3 && chance(50)));
    if (how == 2 && p.length > 0) // just outside: flip the last prefix bit
        set_bit(p.length - 1, !(a[(p.length - 1) / 8] & (0x80 >> ((p.length - 1) % 8))));
    return a;
}

std::uint16_t RandomRules::packet_port() {
    int port = kPorts[pick(std::size(kPorts))] + static_cast<int>(pick(3)) - 1;
    if (chance(20))
        port += static_cast<int>(pick(3)) * 500 + static_cast<int>(pick(30));
    return static_cast<std::uint16_t>(std::clamp(port, 0, 65535));
}

ModelPacket RandomRules::packet() {
    ModelPacket p;
    p.v6 = chance(50);
    p.src = packet_address(p.v6);
    p.dst = packet_address(p.v6);
    static const std::uint8_t kProtos[] = {6, 6, 6, 17, 17, 132, 1, 58, 47, 0, 255};
    p.proto = kProtos[pick(std::size(kProtos))];
    if (p.proto == 1 && p.v6 && chance(70))
        p.proto = 58;
    if (p.proto == 58 && !p.v6 && chance(70))
        p.proto = 1;
    p.later_frag = chance(8);
    const bool parsed =
        p.proto == 6 || p.proto == 17 || p.proto == 132 || p.proto == 1 || p.proto == 58;
    p.has_l4 = parsed && !p.later_frag;
    if (p.has_l4 && p.proto != 1 && p.proto != 58) {
        p.sport = packet_port();
        p.dport = packet_port();
    }
    if (p.has_l4 && p.proto == 6) {
        static const std::uint8_t kCommon[] = {0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x14, 0x03};
        p.tcp_flags = chance(70) ? kCommon[pick(std::size(kCommon))] : pick(256);
    }
    if (p.has_l4 && (p.proto == 1 || p.proto == 58))
        p.icmp_type = chance(80) ? kIcmpTypes[pick(std::size(kIcmpTypes))] : pick(256);
    p.dir = chance(50) ? XGW_DIR_INGRESS : XGW_DIR_EGRESS;
    p.flow = chance(20);
    p.in_if = p.dir == XGW_DIR_INGRESS ? 1 + pick(4) : pick(4) * (chance(50) ? 1 : 0);
    if (p.dir == XGW_DIR_EGRESS)
        p.out_if = 1 + pick(4);
    if (chance(15)) { // aimed at "me"
        const auto& mine = model_host().addresses;
        const IpPrefix& m = mine[pick(mine.size())];
        if ((m.family == IpFamily::V6) == p.v6)
            (chance(50) ? p.src : p.dst) = m.addr;
    }
    return p;
}

} // namespace xgw::fw::test
