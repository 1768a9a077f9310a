#include "Commands.h"

#include <xgw/Privileges.h>
#include <xgw/Process.h>
#include <xgw/aoe/SteeringAction.h>

#include <net/if.h>

#include <algorithm>
#include <cstdio>

namespace xgw::cli {
namespace {

struct SteerWhere {
    std::string address, iface;
};

struct Opened {
    aoe::AoeSteering steering;
    std::uint32_t ifindex;
    aoe::Address address;
};

Result<Opened> open_steering(const SteerWhere& w) {
    if (w.address.empty() || w.iface.empty())
        return make_error(Errc::Usage, "SHELF.SLOT and IFACE are required");
    if (auto ok = check_privileges(); !ok)
        return ok.error();
    auto address = aoe::Address::parse(w.address);
    if (!address)
        return address.error();
    if (address->shelf == XGW_AOE_SHELF_ANY || address->slot == XGW_AOE_SLOT_ANY)
        return make_error(Errc::Usage, "a wildcard address names no single target");
    std::uint32_t ifindex = if_nametoindex(w.iface.c_str());
    if (ifindex == 0)
        return make_error(Errc::NotFound, "no interface '" + w.iface + "' here");
    auto paths = PinPaths::for_current_netns();
    if (!paths)
        return paths.error();
    auto st = aoe::AoeSteering::open(*paths);
    if (!st)
        return st.error();
    return Opened{std::move(*st), ifindex, *address};
}

// --to xsk: the AF_XDP socket of the xgw target that serves the address there, still running.
Result<aoe::SteeringEntry> xsk_of_target(const Opened& o) {
    for (const auto& x : o.steering.exports())
        if (x.ifindex == o.ifindex && x.address == o.address &&
            process_alive(static_cast<pid_t>(x.rec.pid))) {
            if (x.rec.transport != XGW_AOE_TRANSPORT_XSK)
                return make_error(Errc::Unsupported,
                                  "the xgw target e" + o.address.str() +
                                      " serves over AF_PACKET: it has no AF_XDP socket");
            return aoe::SteeringEntry{o.ifindex,      o.address,   XGW_AOE_ACT_XSK,
                                      x.rec.xsk_slot, x.rec.queue, {}};
        }
    return make_error(Errc::NotFound, "--to xsk: no running xgw target e" + o.address.str() +
                                          " here (the socket is its own)");
}

Result<aoe::SteeringEntry> entry_for(const Opened& o, const std::vector<std::string>& to) {
    if (to.size() == 1 && to[0] == "xsk")
        return xsk_of_target(o);
    auto a = aoe::parse_steering_action(to);
    if (!a)
        return a.error();
    if (a->action == XGW_AOE_ACT_REDIRECT && a->arg == o.ifindex)
        return make_error(Errc::Usage,
                          "--to redirect: frames would leave by the interface they came in on");
    if (a->action == XGW_AOE_ACT_CPU)
        if (auto ok = o.steering.enable_cpu(a->arg); !ok)
            return ok.error();
    return aoe::SteeringEntry{o.ifindex, o.address, a->action, a->arg, 0, {}};
}

// Without -m, a change of action keeps the allow-list the entry had.
std::vector<aoe::MacAddress> current_macs(const Opened& o) {
    auto entries = o.steering.entries();
    if (entries)
        for (const auto& e : *entries)
            if (e.ifindex == o.ifindex && e.address == o.address)
                return e.macs;
    return {};
}

} // namespace

void add_aoe_steer(CLI::App& aoe, Context& ctx) {
    struct Args {
        SteerWhere where, del;
        std::vector<std::string> to;
        std::string masks;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = aoe.add_subcommand(
        "steer", "Steer AoE requests for SHELF.SLOT arriving on IFACE in XDP, for any target "
                 "(xgw's or another, such as vblade): to the stack, drop, redirect, cpu, xsk");
    cmd->add_option("SHELF.SLOT", args->where.address, "The target's AoE address");
    cmd->add_option("IFACE", args->where.iface,
                    "Interface the requests arrive on (attached by xgw)");
    cmd->add_option("--to", args->to,
                    "stack | drop | redirect IFACE | cpu N | xsk (the socket of the running xgw "
                    "target)")
        ->expected(1, 2);
    auto* masks = cmd->add_option("-m", args->masks,
                                  "Comma-separated initiator MACs admitted (empty: all; default: "
                                  "the entry's list as it was)");
    auto* del = cmd->add_subcommand("delete", "Remove the steering entry of SHELF.SLOT on IFACE");
    del->add_option("SHELF.SLOT", args->del.address, "The target's AoE address");
    del->add_option("IFACE", args->del.iface, "Interface");
    on_run(del, ctx, [args]() -> Result<void> {
        auto o = open_steering(args->del);
        if (!o)
            return o.error();
        if (auto ok = o->steering.remove(o->ifindex, o->address); !ok)
            return ok.error().prefix("e" + o->address.str() + " on " + args->del.iface);
        std::printf("e%s on %s: steering removed\n", o->address.str().c_str(),
                    args->del.iface.c_str());
        return {};
    });
    auto body = [args, masks]() -> Result<void> {
        auto o = open_steering(args->where);
        if (!o)
            return o.error();
        if (args->to.empty())
            return make_error(Errc::Usage, "--to is required");
        auto e = entry_for(*o, args->to);
        if (!e)
            return e.error();
        if (masks->count() > 0) {
            auto list = aoe::MacAddress::parse_list(args->masks);
            if (!list)
                return list.error();
            e->macs = *list;
        } else {
            e->macs = current_macs(*o);
        }
        if (auto ok = o->steering.upsert(*e); !ok)
            return ok.error();
        std::printf("e%s on %s: %s, %s\n", o->address.str().c_str(), args->where.iface.c_str(),
                    aoe::describe_steering(*e).c_str(),
                    e->macs.empty()
                        ? "every initiator"
                        : (std::to_string(e->macs.size()) + " initiators allowed").c_str());
        return {};
    };
    // Not on_run: CLI11 also runs this callback after `steer delete`, whose exit code must stand.
    cmd->callback([&ctx, del, body] {
        if (del->parsed())
            return;
        auto result = body();
        ctx.exit_code = result ? 0 : report(result.error());
    });
}

} // namespace xgw::cli
