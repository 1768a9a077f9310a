// The parsed ruleset: resolved values (numbers, prefixes, bitmasks), never unparsed strings,
// each construct with the place it was written. This is what the rule compiler consumes.
#pragma once

#include <bitset>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>
#include <xgw/acct/Definitions.h>
#include <xgw/fw/IpPrefix.h>
#include <xgw/fw/SourceLocation.h>
#include <xgw/nat/NatRule.h>

namespace xgw::fw {

constexpr uint16_t kFirstRuleNumber = 100;
constexpr uint16_t kRuleNumberStep = 100;
constexpr uint16_t kMaxRuleNumber = 65534;
constexpr uint16_t kDefaultPolicyRuleNumber = 65535;

constexpr uint8_t kProtoIcmp = 1;
constexpr uint8_t kProtoTcp = 6;
constexpr uint8_t kProtoUdp = 17;
constexpr uint8_t kProtoIcmp6 = 58;
constexpr uint8_t kProtoSctp = 132;

enum class ActionKind : uint8_t {
    Allow,
    Deny,
    Reject,
    Unreach,
    Count,
    Skipto,
    CheckState,
    SetMark, // tags the packet's mark and goes on to the next rule
    SetFib,  // tags the packet for a routing table (a mark xgw maps) and goes on
    Fwd      // allows, through the FIB to a next hop
};

// The packet mark bits setmark may use; the others are xgw's (abi/fw.h, XGW_MARK_*).
constexpr uint32_t kUserMarkMask = 0x00ffffff;

struct Action {
    ActionKind kind = ActionKind::Allow;
    uint16_t argument = 0; // Unreach: the ICMP code (0-255); Skipto: the target rule number
    uint32_t value = 0;    // SetMark: the mark; SetFib: the routing table
    uint32_t mask = 0;     // SetMark: the bits it sets
    std::optional<IpPrefix> nexthop; // Fwd: the next hop (a whole address)
    SourceLocation loc;
    bool operator==(const Action&) const = default;
};

struct LogSpec {
    // nullopt: the default per-rule limit; 0: no per-rule limit (the global limit still holds).
    std::optional<uint32_t> amount;
    SourceLocation loc;
    bool operator==(const LogSpec&) const = default;
};

enum class ProtoKind : uint8_t {
    Any,   // ip, all: every IPv4 and IPv6 packet
    Ip4,   // every IPv4 packet
    Ip6,   // every IPv6 packet
    Number // the IP protocol (IPv6: the upper-layer protocol after extension headers) is number
};

struct Protocol {
    ProtoKind kind = ProtoKind::Any;
    uint8_t number = 0; // only for ProtoKind::Number
    SourceLocation loc;

    bool is(uint8_t proto) const { return kind == ProtoKind::Number && number == proto; }
    // The one family this protocol implies (ip4, ip6, icmp, icmp6), if any.
    std::optional<IpFamily> family() const {
        if (kind == ProtoKind::Ip4 || is(kProtoIcmp))
            return IpFamily::V4;
        if (kind == ProtoKind::Ip6 || is(kProtoIcmp6))
            return IpFamily::V6;
        return std::nullopt;
    }
    bool operator==(const Protocol&) const = default;
};

enum class AddressKind : uint8_t {
    Any,
    Me,       // every address of this host, IPv4 and IPv6 (followed as addresses change)
    Me6,      // every IPv6 address of this host
    Prefixes, // one address/prefix, or a {list}: matches if any prefix matches
    Table     // the named address set `xgw fw table NAME ...` maintains
};

struct AddressMatch {
    AddressKind kind = AddressKind::Any;
    bool negated = false;           // `not X`: matches when X does not
    std::vector<IpPrefix> prefixes; // Prefixes only, in written order
    std::string table;              // Table only
    SourceLocation loc;
    bool operator==(const AddressMatch&) const = default;
};

struct PortRange {
    uint16_t lo = 0;
    uint16_t hi = 0; // inclusive; lo == hi for a single port
    bool operator==(const PortRange&) const = default;
};

struct Endpoint {
    AddressMatch address;
    std::vector<PortRange> ports; // empty: any port; else matches if any range holds the port
    SourceLocation ports_loc;
    bool operator==(const Endpoint&) const = default;
};

enum class Direction : uint8_t {
    Both, // neither in nor out: XDP ingress and tc egress
    In,   // XDP ingress only
    Out   // tc egress only
};

struct InterfaceMatch {
    std::string name; // exact interface name, at most 15 characters
    SourceLocation loc;
    bool operator==(const InterfaceMatch&) const = default;
};

constexpr uint8_t kTcpFin = 0x01;
constexpr uint8_t kTcpSyn = 0x02;
constexpr uint8_t kTcpRst = 0x04;
constexpr uint8_t kTcpPsh = 0x08;
constexpr uint8_t kTcpAck = 0x10;
constexpr uint8_t kTcpUrg = 0x20;
constexpr uint8_t kTcpEce = 0x40;
constexpr uint8_t kTcpCwr = 0x80;

// Matches when (flags & set) == set and (flags & clear) == 0. Bits as in the TCP header.
struct TcpFlagsMatch {
    uint8_t set = 0;
    uint8_t clear = 0;
    SourceLocation loc;
    bool operator==(const TcpFlagsMatch&) const = default;
};

// ICMP types for icmp rules, ICMPv6 types for icmp6 rules; bit N set matches type N.
struct IcmpTypesMatch {
    std::bitset<256> types;
    SourceLocation loc;
    bool operator==(const IcmpTypesMatch&) const = default;
};

enum class IpsecMode : uint8_t { Tunnel, Transport };

// The packet came through an inbound SA with these properties (docs/rules.md, "ipsec").
struct IpsecMatch {
    std::optional<Direction> dir; // In or Out
    std::optional<IpsecMode> mode;
    std::optional<IpPrefix> tunnel_src;
    std::optional<IpPrefix> tunnel_dst;
    std::optional<uint32_t> spi;
    std::optional<uint32_t> reqid;
    SourceLocation loc;
    bool operator==(const IpsecMatch&) const = default;
};

struct RuleOptions {
    Direction direction = Direction::Both;
    SourceLocation direction_loc;
    std::optional<InterfaceMatch> via;         // recv on ingress, xmit on egress
    std::optional<InterfaceMatch> recv;        // the interface the packet came in on
    std::optional<InterfaceMatch> xmit;        // the interface the packet goes out on
    std::optional<SourceLocation> setup;       // TCP: SYN set, ACK clear
    std::optional<SourceLocation> established; // TCP: RST or ACK set
    std::optional<TcpFlagsMatch> tcpflags;
    std::optional<IcmpTypesMatch> icmptypes;
    std::optional<SourceLocation> frag; // a fragment other than the first
    std::optional<SourceLocation> keep_state;
    std::optional<IpsecMatch> ipsec;
    bool operator==(const RuleOptions&) const = default;
};

struct Rule {
    uint16_t number = 0; // 1-65534, assigned when the text gave none
    Action action;
    std::optional<LogSpec> log;
    Protocol protocol;
    Endpoint src;
    Endpoint dst;
    RuleOptions options;
    SourceLocation loc; // where the rule starts
    bool operator==(const Rule&) const = default;
};

// Rules in evaluation order: by number, rules sharing a number in the order they were written.
struct FirewallSection {
    std::vector<Rule> rules;
    bool operator==(const FirewallSection&) const = default;
};

// The action of the default rule 65535.
enum class Policy { Accept, Deny };

// [set]: what `xgw fw policy` and `xgw fw set` choose; a setting the file does not name stays
// as it is.
struct Settings {
    std::optional<Policy> policy;
    std::map<std::string, uint32_t> lifetimes; // dyn_*_lifetime (FlowLifetimes.h) -> seconds
    bool operator==(const Settings&) const = default;
};

// One ruleset file. Each section of the file fills one member; NAT (issue 4) and accounting
// (issue 5) add theirs here and register a section parser (see docs/rules.md, "File format").
struct Ruleset {
    FirewallSection firewall;
    std::vector<nat::NatRule> nat; // [nat], in the order written: the first match translates
    // [acct]: present when the file has the section (even empty); replaces the definitions.
    std::optional<acct::Definitions> acct;
    // [tables]: the entries of each table the file names, which become the table's only ones;
    // a table it does not name stays as it is.
    std::map<std::string, std::vector<IpPrefix>> tables;
    Settings settings; // [set]
    bool operator==(const Ruleset&) const = default;
};

} // namespace xgw::fw
