#include <xgw/Datapath.h>
#include <xgw/StateLock.h>

#include "ForwardPorts.h"
#include "LinkDriver.h"
#include "PinnedMaps.h"
#include "Rollback.h"
#include "bpf/Programs.h"
#include "bpf/TcFilter.h"
#include "bpf/XdpLink.h"

#include <xgw/acct/Accounting.h>
#include <xgw/bpf/TypedMap.h>
#include <xgw/fw/FibRules.h>
#include <xgw/fw/Firewall.h>

#include <bpf/bpf.h>
#include <net/if.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <functional>

namespace fs = std::filesystem;

namespace xgw {

std::string_view to_string(XdpMode mode) {
    switch (mode) {
    case XdpMode::Native:
        return "native";
    case XdpMode::Generic:
        return "generic";
    case XdpMode::Auto:
        break;
    }
    return "auto";
}

namespace {

Result<int> find_ifindex(const std::string& ifname) {
    if (ifname.empty() || ifname.size() >= IF_NAMESIZE)
        return make_error(Errc::Usage, "invalid interface name '" + ifname + "'");
    unsigned idx = if_nametoindex(ifname.c_str());
    if (idx == 0)
        return make_error(Errc::NotFound,
                          "no interface '" + ifname + "' in this network namespace");
    return static_cast<int>(idx);
}

xgw_iface make_iface(const std::string& ifname, int ifindex, XdpMode mode, bool tc_created,
                     bool acct_only, bool veth, bool l3) {
    xgw_iface rec{};
    std::strncpy(rec.name, ifname.c_str(), sizeof(rec.name) - 1);
    rec.ifindex = ifindex;
    rec.xdp_mode = mode == XdpMode::Native ? XGW_MODE_NATIVE : XGW_MODE_GENERIC;
    rec.tc_created = tc_created;
    rec.flags = (acct_only ? XGW_IFACE_ACCT_ONLY : 0) | (veth ? XGW_IFACE_VETH : 0) |
                (l3 ? XGW_IFACE_L3 : 0);
    return rec;
}

std::optional<xgw_iface> find_iface(const PinnedMaps& maps, const std::string& ifname) {
    for (__u32 key : maps.ifaces.keys())
        if (auto rec = maps.ifaces.lookup(key); rec && ifname == rec->name)
            return rec;
    return std::nullopt;
}

// True when the interface's pinned link is alive and still on that interface.
bool link_is_live(const PinPaths& paths, const std::string& ifname, int ifindex) {
    auto link = XdpLink::open_pinned(paths.xdp_link(ifname));
    return link && link->ifindex() == static_cast<std::uint32_t>(ifindex);
}

std::uint32_t pinned_prog_id(const fs::path& pin) {
    int fd = bpf_obj_get(pin.c_str());
    if (fd < 0)
        return 0;
    bpf_prog_info info{};
    __u32 len = sizeof(info);
    std::uint32_t id = bpf_obj_get_info_by_fd(fd, &info, &len) == 0 ? info.id : 0;
    ::close(fd);
    return id;
}

// Sets the port's forwarding offload as asked (none: leaves it) and reports what is in effect.
Result<void> apply_forward(const PinPaths& paths, __u32 ifindex, std::optional<bool> want,
                           bool& in_effect) {
    auto ports = ForwardPorts::open(paths);
    if (!ports)
        return ports.error();
    if (want)
        if (auto ok = ports->set(ifindex, *want); !ok)
            return ok.error();
    in_effect = ports->contains(ifindex);
    return {};
}

} // namespace

Datapath::Datapath(PinPaths paths) : paths_(std::move(paths)) {}
Datapath::Datapath(Datapath&&) noexcept = default;
Datapath& Datapath::operator=(Datapath&&) noexcept = default;
Datapath::~Datapath() = default;

Result<Datapath> Datapath::open(PinPaths paths) {
    Datapath dp(std::move(paths));
    auto maps = PinnedMaps::open(dp.paths_);
    if (!maps)
        return maps.error();
    if (*maps)
        dp.maps_ = std::make_unique<PinnedMaps>(std::move(**maps));
    return dp;
}

Result<void> Datapath::ensure_state() {
    auto lock = StateLock::acquire(paths_);
    if (!lock)
        return lock.error();
    if (maps_)
        return {};
    auto programs = load_programs();
    return programs ? Result<void>{} : programs.error();
}

Result<Programs> Datapath::load_programs(bool acct_only, const TableSizes& sizes, bool l3_link) {
    if (auto ok = ensure_bpffs(paths_.root().parent_path()); !ok)
        return ok.error();
    auto programs = Programs::load(paths_, acct_only, sizes, false, l3_link);
    if (!programs || maps_)
        return programs;
    auto maps = PinnedMaps::open(paths_);
    if (!maps)
        return maps.error();
    if (!*maps)
        return make_error(Errc::Failed, "maps were not pinned under " + paths_.maps().string());
    if (auto ok = (*maps)->stamp_if_new(); !ok)
        return ok.error();
    maps_ = std::make_unique<PinnedMaps>(std::move(**maps));
    return programs;
}

Result<std::shared_ptr<const Programs>> Datapath::load_spare(bool acct_only) {
    auto lock = StateLock::acquire(paths_);
    if (!lock)
        return lock.error();
    auto programs = load_programs(acct_only);
    if (!programs)
        return programs.error();
    return std::shared_ptr<const Programs>(std::make_shared<Programs>(std::move(*programs)));
}

Result<AttachReport> Datapath::attach(const std::string& ifname, const AttachOptions& options) {
    return attach(ifname, options, nullptr);
}

Result<AttachReport> Datapath::attach(const std::string& ifname, const AttachOptions& options,
                                      const Programs* spare) {
    auto lock = StateLock::acquire(paths_);
    if (!lock)
        return lock.error();
    AttachReport report{ifname};
    report.acct_only = options.acct_only;
    if (options.acct_only && options.forward.value_or(false))
        return make_error(Errc::Usage, ifname + ": an accounting-only interface does not forward");
    auto ifindex = find_ifindex(ifname);
    if (!ifindex)
        return ifindex.error();
    unsigned arphrd = 0;
    const LinkFraming framing = link_framing(ifname, &arphrd);
    if (framing == LinkFraming::Other)
        return make_error(Errc::Unsupported,
                          ifname + ": link type " + std::to_string(arphrd) +
                              " (ARPHRD_*) is neither Ethernet nor an L3 link: xgw's programs "
                              "would misread its frames");
    const bool l3 = framing == LinkFraming::L3;
    if (l3 && options.forward.value_or(false))
        return make_error(Errc::Unsupported,
                          ifname + ": an L3 link (packets without an Ethernet header): the "
                                   "forwarding offload redirects Ethernet frames; attach it "
                                   "without --forward (xgw still filters, translates and counts "
                                   "its packets, and the stack forwards them)");
    if (maps_) {
        if (auto rec = maps_->ifaces.lookup(*ifindex);
            rec && ifname == rec->name && link_is_live(paths_, ifname, *ifindex)) {
            report.acct_only = rec->flags & XGW_IFACE_ACCT_ONLY;
            if (options.acct_only != report.acct_only &&
                (options.acct_only || options.forward.value_or(false)))
                return make_error(Errc::Conflict,
                                  ifname + " is attached " +
                                      (report.acct_only ? "for accounting only"
                                                        : "with the whole data path") +
                                      "; detach it first to change that");
            report.already_attached = true;
            report.mode = rec->xdp_mode == XGW_MODE_NATIVE ? XdpMode::Native : XdpMode::Generic;
            if (auto ok = apply_forward(paths_, *ifindex, options.forward, report.forward); !ok)
                return ok.error().prefix(ifname);
            return report;
        }
        if (find_iface(*maps_, ifname)) // a stale record: the interface went away and came back
            if (auto ok = detach(ifname); !ok)
                return ok.error().prefix("clean up stale state of " + ifname);
    }

    const bool veth = is_veth(ifname);
    if (options.mode == XdpMode::Native && veth && !options.acct_only && !xdp_meta_supported())
        return make_error(Errc::Unsupported,
                          ifname + ": native XDP on a veth sends its answers through tc, with XDP "
                                   "metadata, which this kernel refuses; use --mode generic or auto");

    auto occupant = query_xdp(*ifindex);
    if (!occupant)
        return occupant.error().prefix(ifname);
    if (occupant->prog_id) {
        if (!options.force)
            return make_error(Errc::Conflict,
                              ifname + " has an XDP program that xgw did not attach (id " +
                                  std::to_string(occupant->prog_id) +
                                  "); use --force to replace it");
        if (auto ok = remove_foreign_xdp(*ifindex, occupant->mode); !ok)
            return ok.error().prefix(ifname);
        report.replaced_prog_id = occupant->prog_id;
    }

    std::optional<Programs> loaded;
    if (!spare || !maps_ || !spare->fits(paths_, options.acct_only, l3)) {
        auto programs = load_programs(options.acct_only, options.sizes, l3);
        if (!programs)
            return programs.error();
        loaded.emplace(std::move(*programs));
        report.loaded = true;
    }
    const Programs* programs = loaded ? &*loaded : spare;
    Rollback rollback;
    std::error_code ec;
    // `fw check`'s copy is of the programs before: the next check loads these ones.
    fs::remove_all(paths_.check(), ec);
    fs::create_directories(paths_.iface(ifname), ec);
    if (ec)
        return Error::from_errno(ec.value(), "create " + paths_.iface(ifname).string());
    rollback.add([this, ifname] { fs::remove_all(paths_.iface(ifname)); });

    // Native XDP on a veth loses its XDP_TX and redirected frames unless the peer runs XDP or
    // has GRO on (docs/datapath.md): auto takes generic there, which sends through the stack.
    report.veth_generic = options.mode == XdpMode::Auto && veth;
    auto link = XdpLink::create(programs->xdp_fd(), *ifindex,
                                report.veth_generic ? XdpMode::Generic : options.mode, &report.mode);
    if (!link)
        return link.error().prefix(ifname);
    report.fell_back = options.mode == XdpMode::Auto && !veth && report.mode == XdpMode::Generic;

    auto tc = attach_tc(*ifindex, programs->tc_egress_fd(), programs->tc_ingress_fd());
    if (!tc)
        return tc.error().prefix(ifname);
    rollback.add(
        [idx = *ifindex, created = tc->created_qdisc] { (void)detach_tc(idx, created); });

    if (bpf_obj_pin(programs->tc_egress_fd(), paths_.tc_prog(ifname).c_str()) != 0)
        return Error::from_errno(errno, "pin " + paths_.tc_prog(ifname).string());
    if (bpf_obj_pin(programs->tc_ingress_fd(), paths_.tc_ingress_prog(ifname).c_str()) != 0)
        return Error::from_errno(errno, "pin " + paths_.tc_ingress_prog(ifname).string());
    auto rec = make_iface(ifname, *ifindex, report.mode, tc->created_qdisc, options.acct_only,
                          veth, l3);
    if (auto ok = maps_->ifaces.update(*ifindex, rec); !ok)
        return ok.error();
    rollback.add([this, idx = static_cast<__u32>(*ifindex)] { (void)maps_->ifaces.erase(idx); });
    if (auto ok = apply_forward(paths_, *ifindex, options.forward.value_or(false), report.forward);
        !ok)
        return ok.error().prefix(ifname);
    rollback.add([this, idx = static_cast<__u32>(*ifindex)] {
        bool off = false;
        (void)apply_forward(paths_, idx, false, off);
    });
    // Pinned last: until then the link dies with this process and XDP comes off by itself.
    if (auto ok = link->pin(paths_.xdp_link(ifname)); !ok)
        return ok.error();
    rollback.commit();
    return report;
}

Result<void> Datapath::detach(const std::string& ifname) {
    auto lock = StateLock::acquire(paths_);
    if (!lock)
        return lock.error();
    std::optional<xgw_iface> rec = maps_ ? find_iface(*maps_, ifname) : std::nullopt;
    if (!rec && !fs::exists(paths_.iface(ifname)))
        return make_error(Errc::NotFound, ifname + " is not attached (by xgw, in this namespace)");
    if (rec) {
        // A vanished interface took its filter with it; only a live one needs cleaning. The
        // clsact qdisc stays, even one xgw created: removing a qdisc makes the kernel swap the
        // device's transmit queues to noop while it regrafts (qdisc_graft -> dev_deactivate),
        // which drops every frame sent meanwhile, such as an AoE target's answers. Left in
        // place, it also spares the next attach the same regraft.
        if (if_nametoindex(ifname.c_str()) == rec->ifindex)
            if (auto ok = detach_tc(rec->ifindex, false); !ok)
                return ok.error().prefix(ifname);
        (void)maps_->ifaces.erase(rec->ifindex);
        if (auto ports = ForwardPorts::open(paths_))
            (void)ports->set(rec->ifindex, false);
        for (__u32 dir = 0; dir < XGW_DIR__MAX; dir++)
            (void)maps_->stats.erase(xgw_stats_key{rec->ifindex, dir});
    }
    // Detach explicitly: unpinning alone frees the link only once the kernel gets to it.
    if (auto link = XdpLink::open_pinned(paths_.xdp_link(ifname)); link)
        if (auto ok = link->detach(); !ok)
            return ok.error().prefix(ifname);
    std::error_code ec;
    fs::remove_all(paths_.iface(ifname), ec);
    if (ec)
        return Error::from_errno(ec.value(), "remove " + paths_.iface(ifname).string());
    return remove_state_if_unused();
}

Result<std::vector<std::string>> Datapath::detach_all(bool purge) {
    auto lock = StateLock::acquire(paths_);
    if (!lock)
        return lock.error();
    std::vector<std::string> names;
    if (maps_)
        for (__u32 key : maps_->ifaces.keys())
            if (auto rec = maps_->ifaces.lookup(key))
                names.emplace_back(rec->name);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(paths_.links(), ec))
        if (std::find(names.begin(), names.end(), entry.path().filename()) == names.end())
            names.push_back(entry.path().filename());
    for (const auto& name : names)
        if (auto ok = detach(name); !ok)
            return ok.error();
    if (auto ok = purge ? remove_state() : remove_state_if_unused(); !ok)
        return ok.error();
    return names;
}

Result<bool> Datapath::holds_ruleset() const {
    if (!maps_)
        return false;
    auto fw = fw::Firewall::open(paths_);
    if (!fw)
        return fw.error();
    auto installed = fw->installed();
    if (!installed)
        return installed.error();
    if (!installed->rules.empty() || !installed->nat.empty())
        return true;
    auto defs = acct::Accounting::definitions(paths_);
    if (!defs)
        return defs.error();
    return *defs != acct::Definitions{};
}

Result<void> Datapath::remove_state_if_unused() {
    auto lock = StateLock::acquire(paths_);
    if (!lock)
        return lock.error();
    if (maps_ && !maps_->ifaces.keys().empty())
        return {};
    std::error_code ec;
    if (fs::exists(paths_.links()) && !fs::is_empty(paths_.links(), ec))
        return {};
    // Never silently: a ruleset `fw save` could still write stays until flushed or purged.
    auto held = holds_ruleset();
    if (!held)
        return held.error();
    if (*held)
        return {};
    return remove_state();
}

Result<void> Datapath::remove_state() {
    // setfib's ip rules point at marks that nothing sets any more.
    auto fib = fw::kernel_fib_rules();
    if (auto ok = fw::sync_fib_rules(*fib, {}); !ok)
        return ok.error().prefix("remove setfib's ip rules");
    maps_.reset();
    std::error_code ec;
    fs::remove_all(paths_.root(), ec);
    if (ec)
        return Error::from_errno(ec.value(), "remove " + paths_.root().string());
    return {};
}

Result<std::vector<IfaceStatus>> Datapath::status() const {
    std::vector<IfaceStatus> out;
    if (!maps_)
        return out;
    auto ports = ForwardPorts::open(paths_);
    for (__u32 key : maps_->ifaces.keys()) {
        auto rec = maps_->ifaces.lookup(key);
        if (!rec)
            continue;
        IfaceStatus s;
        s.forward = ports && ports->contains(rec->ifindex);
        s.acct_only = rec->flags & XGW_IFACE_ACCT_ONLY;
        s.veth = rec->flags & XGW_IFACE_VETH;
        s.l3_link = rec->flags & XGW_IFACE_L3;
        s.name = rec->name;
        s.ifindex = rec->ifindex;
        s.mode = rec->xdp_mode == XGW_MODE_NATIVE ? XdpMode::Native : XdpMode::Generic;
        s.pin_dir = paths_.iface(s.name);
        if (auto link = XdpLink::open_pinned(paths_.xdp_link(s.name));
            link && link->ifindex() == rec->ifindex)
            s.xdp_prog_id = link->prog_id();
        // The pins outlive a deleted interface; the programs they hold run nowhere then.
        s.present = if_nametoindex(s.name.c_str()) == rec->ifindex;
        if (s.present) {
            s.tc_prog_id = pinned_prog_id(paths_.tc_prog(s.name));
            s.tc_ingress_prog_id = pinned_prog_id(paths_.tc_ingress_prog(s.name));
        }
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.ifindex < b.ifindex; });
    return out;
}

Result<TableStatus> Datapath::tables() const {
    TableStatus t;
    if (!maps_)
        return t;
    auto count = [&](const char* name, std::uint32_t& max, std::uint32_t& now) -> Result<void> {
        auto fd = open_pinned_map(paths_, name);
        if (!fd)
            return fd.error();
        auto n = map_max_entries(fd->get());
        if (!n)
            return n.error();
        auto entries = map_entry_count(fd->get());
        if (!entries)
            return entries.error();
        max = *n;
        now = *entries;
        return {};
    };
    if (auto ok = count("xgw_flows", t.flows_max, t.flows); !ok)
        return ok.error();
    if (auto ok = count("xgw_nat_bindings", t.nat_bindings_max, t.nat_bindings); !ok)
        return ok.error();
    return t;
}

Result<void> Datapath::set_malformed_policy(MalformedPolicy policy) {
    auto lock = StateLock::acquire(paths_);
    if (!lock)
        return lock.error();
    if (auto ok = ensure_state(); !ok)
        return ok.error();
    auto cfg = maps_->config.lookup(0).value_or(xgw_config{});
    cfg.malformed_policy = static_cast<__u32>(policy);
    return maps_->config.update(0, cfg);
}

MalformedPolicy Datapath::malformed_policy() const {
    auto cfg = maps_ ? maps_->config.lookup(0) : std::nullopt;
    return cfg && cfg->malformed_policy == XGW_MALFORMED_PASS ? MalformedPolicy::Pass
                                                              : MalformedPolicy::Drop;
}

} // namespace xgw
