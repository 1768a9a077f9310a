// `xgw fw check`: one packet, described in rule syntax, through the whole data path it would
// take here: XDP on the interface it comes in by (NAT, firewall, marks, the offload), the
// kernel's routing (asked of the kernel), tc egress on the interface it leaves by (out rules,
// source NAT). Run by the check-only copy of the programs: nothing is counted or made.
#pragma once

#include <xgw/PacketRunner.h>
#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/fw/ServiceDb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xgw::fw {

// What one hook did with the packet.
struct CheckStage {
    std::string hook;              // "in" (XDP ingress) or "out" (tc egress)
    std::string iface;             // the interface, or "" when none was named
    std::string outcome;           // accepted, denied, rejected, dropped, forwarded, sent-back
    bool classified = false;       // the firewall judged it (a ruleset is loaded)
    std::uint16_t rule = 0;        // the deciding rule (65535: the default)
    bool by_state = false;         // a keep-state flow let it pass
    std::uint32_t mark = 0;        // what setmark/setfib gave it
    std::string nat;               // "source A:P -> B:Q", "destination ...", or ""
    std::vector<std::string> nat_events; // NAT counters it would move: no-address, ...
};

struct CheckResult {
    std::string verdict;           // accepted, denied, rejected: the whole path's
    std::uint16_t rule = 0;        // the rule of the deciding stage
    bool by_state = false;
    bool classified = true;        // false: no ruleset loaded anywhere on the path
    std::string decided_by;        // the stage that decided: "in c0", "out s0"
    std::string route;             // "local", "out IF [via GW]", or why not; "" when not asked
    std::vector<CheckStage> stages;
    std::vector<std::string> not_evaluated; // what the check could not run, and why
    // An accepted IPv4 packet as the last stage leaves it: "198.51.100.1:40000" (ICMP: "ADDR id N").
    std::string leaves_source, leaves_destination;
    std::vector<std::uint8_t> frame;         // as built
};

// One packet: spec is [in|out] [via IF] PROTO from ADDR [PORT] to ADDR [PORT] [setup|...].
class PacketChecker {
  public:
    static Result<PacketChecker> open(const PinPaths& paths, const ServiceDb* services);
    Result<CheckResult> check(const std::vector<std::string>& spec) const;

  private:
    PacketChecker(PacketRunner runner, UniqueFd rules, const ServiceDb* services)
        : runner_(std::move(runner)), rules_(std::move(rules)), services_(services) {}
    PacketRunner runner_;
    UniqueFd rules_; // xgw_fw_rules: the deciding rule's number, for every check
    const ServiceDb* services_;
};

// A line of words as a check spec (what `fw check -f` reads), quotes not needed.
std::vector<std::string> split_words(const std::string& line);

} // namespace xgw::fw
