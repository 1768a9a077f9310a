#include <xgw/acct/Accounting.h>
#include <xgw/StateLock.h>
#include <xgw/bpf/GracePeriod.h>

#include "AcctMaps.h"

#include <algorithm>
#include <set>

namespace xgw::acct {
namespace {

bool contains(const fw::IpPrefix& net, const fw::IpPrefix& host) {
    if (net.family != host.family)
        return false;
    for (int bit = 0; bit < net.length; bit++) {
        const std::uint8_t mask = 0x80u >> (bit % 8);
        if ((net.addr[bit / 8] & mask) != (host.addr[bit / 8] & mask))
            return false;
    }
    return true;
}

} // namespace

Accounting::Accounting(PinPaths paths, std::unique_ptr<AcctMaps> maps)
    : paths_(std::move(paths)), maps_(std::move(maps)) {}
Accounting::Accounting(Accounting&&) noexcept = default;
Accounting& Accounting::operator=(Accounting&&) noexcept = default;
Accounting::~Accounting() = default;

Result<Accounting> Accounting::open(const PinPaths& paths) {
    auto maps = AcctMaps::open(paths);
    if (!maps)
        return maps.error();
    return Accounting(paths, std::make_unique<AcctMaps>(std::move(*maps)));
}

Result<void> Accounting::update_flags(std::uint32_t set, std::uint32_t clear) {
    auto ctl = maps_->ctl();
    ctl.flags = (ctl.flags & ~clear) | set;
    return maps_->set_ctl(ctl);
}

Result<void> Accounting::add_net(const fw::IpPrefix& net) {
    return StateLock::with(paths_, [&]() -> Result<void> { return insert_net(net); });
}

Result<void> Accounting::delete_net(const fw::IpPrefix& net) {
    return StateLock::with(paths_, [&]() -> Result<void> { return remove_nets({net}); });
}

Result<void> Accounting::add_port(const Port& port) {
    return StateLock::with(paths_, [&]() -> Result<void> { return insert_port(port); });
}

Result<void> Accounting::delete_port(const Port& port) {
    return StateLock::with(paths_, [&]() -> Result<void> { return remove_ports({port}); });
}

Result<void> Accounting::insert_net(const fw::IpPrefix& net) {
    if (auto ok = maps_->put_net(net); !ok)
        return ok.error();
    return update_flags(XGW_ACCT_HOSTS, 0);
}

Result<void> Accounting::remove_nets(const std::vector<fw::IpPrefix>& nets) {
    for (const auto& net : nets)
        if (auto ok = maps_->erase_net(net); !ok)
            return ok.error();
    // A program that still saw a net could create a host counter after the erase below.
    if (auto ok = wait_for_running_programs(); !ok)
        return ok.error();
    auto ok = maps_->erase_hosts([&](const fw::IpPrefix& host) {
        return std::any_of(nets.begin(), nets.end(),
                           [&](const fw::IpPrefix& net) { return contains(net, host); }) &&
               !maps_->covered(host);
    });
    if (!ok)
        return ok.error();
    return maps_->nets().empty() ? update_flags(0, XGW_ACCT_HOSTS) : Result<void>{};
}

Result<void> Accounting::insert_port(const Port& port) {
    auto slots = maps_->ports();
    if (!slots)
        return slots.error();
    std::set<std::uint32_t> used;
    for (const auto& ps : *slots) {
        if (ps.port == port)
            return {};
        used.insert(ps.slot);
    }
    std::uint32_t slot = 0;
    while (used.count(slot))
        slot++;
    if (slot >= XGW_ACCT_MAX_PORTS)
        return make_error(Errc::Failed, "cannot account " + port.str() + ": already " +
                                            std::to_string(XGW_ACCT_MAX_PORTS) + " ports");
    if (auto ok = maps_->assign_port(port, slot); !ok)
        return ok.error();
    return update_flags(XGW_ACCT_PORTS, 0);
}

Result<void> Accounting::remove_ports(const std::vector<Port>& ports) {
    auto slots = maps_->ports();
    if (!slots)
        return slots.error();
    std::vector<PortSlot> going;
    for (const auto& port : ports) {
        auto it = std::find_if(slots->begin(), slots->end(),
                               [&](const PortSlot& ps) { return ps.port == port; });
        if (it == slots->end())
            return make_error(Errc::NotFound, port.str() + " is not accounted");
        going.push_back(*it);
    }
    for (const auto& ps : going)
        if (auto ok = maps_->release_port(ps); !ok)
            return ok.error();
    // A slot is reused by the next port added: no program may still count into it.
    if (auto ok = wait_for_running_programs(); !ok)
        return ok.error();
    for (const auto& ps : going)
        if (auto ok = maps_->clear_port_slot(ps.slot); !ok)
            return ok.error();
    return slots->size() == going.size() ? update_flags(0, XGW_ACCT_PORTS) : Result<void>{};
}

Result<void> Accounting::set_protocols(bool on) {
    return StateLock::with(paths_, [&]() -> Result<void> {
        return on ? update_flags(XGW_ACCT_PROTOS, 0) : update_flags(0, XGW_ACCT_PROTOS);
    });
}

Result<void> Accounting::set_icmp_types(bool on) {
    return StateLock::with(paths_, [&]() -> Result<void> {
        return on ? update_flags(XGW_ACCT_ICMP, 0) : update_flags(0, XGW_ACCT_ICMP);
    });
}

Result<void> Accounting::set_bytes(ByteCount mode) {
    return StateLock::with(paths_, [&]() -> Result<void> {
        return mode == ByteCount::Frame ? update_flags(XGW_ACCT_L2_BYTES, 0)
                                        : update_flags(0, XGW_ACCT_L2_BYTES);
    });
}

Result<void> Accounting::flush() {
    return StateLock::with(paths_, [&]() -> Result<void> {
        if (auto ok = update_flags(0, ~0u); !ok)
            return ok.error();
        for (const auto& net : maps_->nets())
            if (auto ok = maps_->erase_net(net); !ok)
                return ok.error();
        auto slots = maps_->ports();
        if (!slots)
            return slots.error();
        for (const auto& ps : *slots)
            if (auto ok = maps_->release_port(ps); !ok)
                return ok.error();
        if (auto ok = wait_for_running_programs(); !ok)
            return ok.error();
        for (std::uint32_t gen = 0; gen < XGW_ACCT_GENS; gen++)
            if (auto ok = maps_->clear_gen(gen); !ok)
                return ok.error();
        return {};
    });
}

Result<void> Accounting::apply(const Definitions& target) {
    if (auto ok = checkCapacity(target); !ok)
        return ok.error();
    return StateLock::with(paths_, [&]() -> Result<void> {
        auto current = definitions();
        if (!current)
            return current.error();
        auto has = [](const auto& list, const auto& item) {
            return std::find(list.begin(), list.end(), item) != list.end();
        };
        // New nets before stale ones go: a host that both cover keeps its counter.
        std::vector<fw::IpPrefix> stale_nets;
        std::vector<Port> stale_ports;
        for (const auto& net : target.nets)
            if (!has(current->nets, net))
                if (auto ok = insert_net(net); !ok)
                    return ok.error();
        for (const auto& net : current->nets)
            if (!has(target.nets, net))
                stale_nets.push_back(net);
        if (!stale_nets.empty())
            if (auto ok = remove_nets(stale_nets); !ok)
                return ok.error();
        // Stale ports first: their slots may be the ones the new ports need.
        for (const auto& port : current->ports)
            if (!has(target.ports, port))
                stale_ports.push_back(port);
        if (!stale_ports.empty())
            if (auto ok = remove_ports(stale_ports); !ok)
                return ok.error();
        for (const auto& port : target.ports)
            if (auto ok = insert_port(port); !ok)
                return ok.error();
        const std::uint32_t wanted = (target.protocols ? XGW_ACCT_PROTOS : 0) |
                                     (target.icmp_types ? XGW_ACCT_ICMP : 0) |
                                     (target.bytes == ByteCount::Frame ? XGW_ACCT_L2_BYTES : 0);
        return update_flags(wanted,
                            (XGW_ACCT_PROTOS | XGW_ACCT_ICMP | XGW_ACCT_L2_BYTES) & ~wanted);
    });
}

Result<Definitions> Accounting::definitions(const PinPaths& paths) {
    auto acc = open(paths);
    if (!acc)
        return acc.error();
    return acc->definitions();
}

Result<Definitions> Accounting::definitions() const {
    Definitions d;
    const auto ctl = maps_->ctl();
    d.nets = maps_->nets();
    auto slots = maps_->ports();
    if (!slots)
        return slots.error();
    for (const auto& ps : *slots)
        d.ports.push_back(ps.port);
    std::sort(d.ports.begin(), d.ports.end());
    d.protocols = ctl.flags & XGW_ACCT_PROTOS;
    d.icmp_types = ctl.flags & XGW_ACCT_ICMP;
    d.bytes = ctl.flags & XGW_ACCT_L2_BYTES ? ByteCount::Frame : ByteCount::Ip;
    return d;
}

Result<Snapshot> Accounting::read() const {
    auto gens = maps_->read();
    if (!gens)
        return gens.error();
    Snapshot out = (*gens)[0];
    out.merge((*gens)[1]);
    return out;
}

// The data path writes only the generation xgw_acct_ctl names. Retiring it and waiting for
// the programs that may still write it leaves it quiescent: read, then zero. The generation
// that becomes active is empty, because every zero empties what it retires; one left over by
// an interrupted zero is quiescent too and is read and emptied first.
Result<Snapshot> Accounting::read_and_zero() {
    return StateLock::with(paths_, [&]() -> Result<Snapshot> {
        auto ctl = maps_->ctl();
        const std::uint32_t active = ctl.gen & 1, next = active ^ 1;
        auto before = maps_->read();
        if (!before)
            return before.error();
        Snapshot out = (*before)[next];
        if (auto ok = maps_->clear_gen(next); !ok)
            return ok.error();
        ctl.gen = next;
        if (auto ok = maps_->set_ctl(ctl); !ok)
            return ok.error();
        if (auto ok = wait_for_running_programs(); !ok)
            return ok.error();
        auto retired = maps_->read();
        if (!retired)
            return retired.error();
        out.merge((*retired)[active]);
        if (auto ok = maps_->clear_gen(active); !ok)
            return ok.error();
        return out;
    });
}

} // namespace xgw::acct
