// The data path of one network namespace: attach and detach programs, read and set its state.
#pragma once

#include <xgw/Result.h>
#include <xgw/bpf/PinPaths.h>

#include <xgw/abi/config.h>
#include <xgw/abi/fwd.h>
#include <xgw/abi/sizes.h>
#include <xgw/abi/stats.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xgw {

enum class XdpMode { Auto, Native, Generic };
std::string_view to_string(XdpMode mode);

// Sizes of the tables an operator chooses (bpf/include/xgw/abi/sizes.h), taken when a table is
// made (the first attach); none: the default, or the size the pinned table already has.
struct TableSizes {
#define XGW_SIZE_FIELD(field, ...) std::optional<std::uint32_t> field;
    XGW_SIZE_OPTIONS(XGW_SIZE_FIELD)
#undef XGW_SIZE_FIELD
};

// One size an operator may choose: its attach option, default and bounds (abi/sizes.h).
struct SizeOption {
    std::string_view option;
    std::uint32_t fallback;
    std::uint32_t min;
    std::uint32_t max;
    std::string_view what;
    std::optional<std::uint32_t> TableSizes::*asked;
};

inline constexpr SizeOption kSizeOptions[] = {
#define XGW_SIZE_OPTION(field, option, fallback, min, max, what)                                  \
    {option, fallback, min, max, what, &TableSizes::field},
    XGW_SIZE_OPTIONS(XGW_SIZE_OPTION)
#undef XGW_SIZE_OPTION
};

struct AttachOptions {
    XdpMode mode = XdpMode::Auto;
    bool force = false; // replace another program's XDP attachment
    // XDP forwarding offload on this port: true on, false off, none leaves it (off when new).
    std::optional<bool> forward;
    // Programs that count (statistics, accounting) and pass everything: no AoE steering, NAT,
    // firewall or forwarding on this interface.
    bool acct_only = false;
    TableSizes sizes;
};

struct AttachReport {
    std::string ifname;
    XdpMode mode = XdpMode::Auto;  // the mode in effect
    bool already_attached = false; // nothing was done
    bool fell_back = false;        // auto: native refused, generic used
    bool veth_generic = false;     // auto on a veth: generic chosen (native would lose XDP_TX)
    std::uint32_t replaced_prog_id = 0;
    bool forward = false; // forwarding offload in effect
    bool acct_only = false;
    bool loaded = false; // programs were loaded for it (no spare ones fit)
};

struct IfaceStatus {
    std::string name;
    std::uint32_t ifindex = 0;
    XdpMode mode = XdpMode::Auto;
    bool present = true; // false: the interface was deleted (or its index is another's now)
    std::uint32_t xdp_prog_id = 0; // 0: the link is gone (interface deleted?)
    std::uint32_t tc_prog_id = 0;  // 0 when the interface is gone: its filters went with it
    std::uint32_t tc_ingress_prog_id = 0;
    std::string pin_dir;
    bool forward = false; // a forwarding offload port
    bool acct_only = false; // attached for accounting only
    // A veth: in native mode its XDP_TX frames go out through tc and redirects to it go to
    // the stack (the peer may not take XDP frames); auto attaches it generic.
    bool veth = false;
    bool l3_link = false; // packets start with their IP header (tun, ppp): the L3 programs
};

// The state tables' sizes and fill, shared by every interface of the namespace.
struct TableStatus {
    std::uint32_t flows_max = 0;
    std::uint32_t flows = 0; // entries now, expired ones not yet removed included
    std::uint32_t nat_bindings_max = 0;
    std::uint32_t nat_bindings = 0;
};

struct DirStats {
    std::array<xgw_counter, XGW_VERDICT__MAX> verdict{};
    std::array<std::uint64_t, XGW_REASON__MAX> reason{};
};

struct IfaceStats {
    std::string name;
    std::uint32_t ifindex = 0;
    DirStats ingress;
    DirStats egress;
};

// The notes that carry XDP's mark and next hop to tc ingress where the kernel refuses XDP
// metadata (abi/policy.h): applied, and dropped because they were left for another packet.
struct PolicyNotes {
    std::uint64_t taken = 0;
    std::uint64_t stale = 0;
};

enum class MalformedPolicy { Drop = XGW_MALFORMED_DROP, Pass = XGW_MALFORMED_PASS };

class PinnedMaps;
class Programs;

class Datapath {
  public:
    // Opens the namespace's pinned state if there is any; never creates it.
    static Result<Datapath> open(PinPaths paths);
    Datapath(Datapath&&) noexcept;
    Datapath& operator=(Datapath&&) noexcept;
    ~Datapath();

    const PinPaths& paths() const { return paths_; }
    bool has_state() const { return maps_ != nullptr; }
    // Creates the namespace's pinned maps (loading the programs once) if they do not exist yet.
    Result<void> ensure_state();

    Result<AttachReport> attach(const std::string& ifname, const AttachOptions& options);
    // Programs loaded and verified ahead of need, for the acct_only kind of attachment: an
    // interface that comes back gets them in milliseconds, where loading takes seconds. They
    // belong to this namespace's state as it is now (made if missing).
    Result<std::shared_ptr<const Programs>> load_spare(bool acct_only);
    // attach() with spare programs, when they still belong to the state in place and are of
    // the kind asked; else it loads new ones, as attach() does.
    Result<AttachReport> attach(const std::string& ifname, const AttachOptions& options,
                                const Programs* spare);
    // Detaching the last interface removes the namespace's pins, unless they hold a ruleset
    // (see holds_ruleset): that stays until `fw flush` or detach_all(purge).
    Result<void> detach(const std::string& ifname);
    // Detaches every interface; returns the names detached. purge: the ruleset goes too.
    Result<std::vector<std::string>> detach_all(bool purge = false);
    // Whether the state holds a ruleset `fw save` would write: rules, NAT or accounting
    // definitions (a policy alone decides nothing without interfaces).
    Result<bool> holds_ruleset() const;
    // Removes the namespace's pins when no interface is attached and they hold no ruleset.
    Result<void> remove_state_if_unused();

    Result<std::vector<IfaceStatus>> status() const;
    Result<TableStatus> tables() const;
    Result<std::vector<IfaceStats>> stats() const;
    // How the forwarding offload ended for the packets that reached it, by xgw_fwd_result.
    Result<std::array<std::uint64_t, XGW_FWD__MAX>> forward_stats() const;
    Result<PolicyNotes> policy_notes() const;

    Result<void> set_malformed_policy(MalformedPolicy policy);
    MalformedPolicy malformed_policy() const;

  private:
    explicit Datapath(PinPaths paths);
    // Loads the programs, creating and pinning the shared maps on first use.
    Result<Programs> load_programs(bool acct_only = false, const TableSizes& sizes = {},
                                   bool l3_link = false);
    Result<void> remove_state();

    PinPaths paths_;
    std::unique_ptr<PinnedMaps> maps_;
};

std::string_view verdict_name(unsigned verdict);
std::string_view reason_name(unsigned reason);
std::string_view fwd_result_name(unsigned result);

} // namespace xgw
