// xgw nat: NAT rules (kept in the ruleset with the firewall's), live translations, settings.
#include "Commands.h"

#include <xgw/fw/FirewallControl.h>
#include <xgw/nat/NatState.h>

#include <cstdio>
#include <iostream>
#include <memory>

namespace xgw::cli {
namespace {

using fw::FirewallControl;
using nat::NatState;

// NAT statements have no service names: no ServiceDb. Changes make xgw's state if there is
// none yet; reading never does.
Result<FirewallControl> open_control(bool change = true) {
    auto paths = change ? state_paths() : attached_paths();
    if (!paths)
        return paths.error();
    return FirewallControl(*paths, fw::current_host(), nullptr);
}

Result<NatState> open_state(bool change = true) {
    auto paths = change ? state_paths() : attached_paths();
    if (!paths)
        return paths.error();
    return NatState::open(*paths);
}

std::string join(const std::string& first, const std::vector<std::string>& words) {
    std::string out = first;
    for (const auto& w : words)
        out += " " + w;
    return out;
}

Result<void> changed(const Result<fw::ChangeReport>& r) {
    if (!r)
        return r.error();
    for (const auto& w : r->warnings)
        std::cerr << "xgw: warning: " << w << "\n";
    std::cout << "nat: " << r->rules << " rule" << (r->rules == 1 ? "" : "s") << " in force\n";
    return {};
}

// The flow as first seen, and what it became: "as" the new source, "to" the new destination.
nlohmann::json flow_json(const nat::Flow& f) {
    const auto& k = f.key;
    const auto& b = f.binding;
    const bool src = b.flags & XGW_NAT_B_SRC, dst = b.flags & XGW_NAT_B_DST;
    nlohmann::json j{{"proto", nat::proto_name(k.proto)},
                     {"source", nat::nat_endpoint(k.saddr, k.sport, k.proto)},
                     {"destination", nat::nat_endpoint(k.daddr, k.dport, k.proto)},
                     {"translated", src && dst ? "both" : src ? "source" : "destination"},
                     {"as", src ? nlohmann::json(nat::nat_endpoint(b.saddr, b.sport, k.proto)) : nullptr},
                     {"to", dst ? nlohmann::json(nat::nat_endpoint(b.daddr, b.dport, k.proto)) : nullptr},
                     {"rule", b.rule + 1},
                     {"packets", b.packets},
                     {"bytes", b.bytes},
                     {"reply_packets", f.reply_packets},
                     {"reply_bytes", f.reply_bytes},
                     {"expires_in_ms", f.expires_in_ms}};
    return j;
}

Result<void> show(bool json) {
    auto control = open_control(false);
    if (!control)
        return control.error();
    auto rules = control->nat_rules();
    if (!rules)
        return rules.error();
    auto state = open_state(false);
    if (!state)
        return state.error();
    auto flows = state->flows();
    if (!flows)
        return flows.error();
    auto stats = state->stats();
    if (!stats)
        return stats.error();
    auto names = NatState::stat_names();
    if (json) {
        nlohmann::json j{{"rules", nlohmann::json::array()}, {"flows", nlohmann::json::array()}};
        for (std::size_t i = 0; i < rules->size(); i++)
            j["rules"].push_back({{"number", i + 1}, {"rule", (*rules)[i]}});
        for (const auto& f : *flows)
            j["flows"].push_back(flow_json(f));
        for (std::size_t i = 0; i < names.size(); i++)
            j["counters"][names[i]] = (*stats)[i];
        print_json(j);
        return {};
    }
    std::printf("rules:\n");
    if (rules->empty())
        std::printf("  (none)\n");
    for (std::size_t i = 0; i < rules->size(); i++)
        std::printf("  %3zu  %s\n", i + 1, (*rules)[i].c_str());
    std::printf("flows: %zu\n", flows->size());
    for (const auto& f : *flows) {
        auto j = flow_json(f);
        std::string change;
        if (!j["as"].is_null())
            change += " as " + j["as"].get<std::string>();
        if (!j["to"].is_null())
            change += " to " + j["to"].get<std::string>();
        std::printf("  %-4s %s -> %s %s  rule %u  %llu/%llu pkts  %llds\n",
                    j["proto"].get<std::string>().c_str(), j["source"].get<std::string>().c_str(),
                    j["destination"].get<std::string>().c_str(), change.c_str() + 1,
                    f.binding.rule + 1u, static_cast<unsigned long long>(f.binding.packets),
                    static_cast<unsigned long long>(f.reply_packets),
                    static_cast<long long>(f.expires_in_ms / 1000));
    }
    std::printf("counters:");
    for (std::size_t i = 0; i < names.size(); i++)
        std::printf(" %s %llu", names[i].c_str(), static_cast<unsigned long long>((*stats)[i]));
    std::printf("\n");
    return {};
}

Result<void> settings(const std::string& name, const std::string& value, bool json) {
    auto state = open_state(!name.empty());
    if (!state)
        return state.error();
    if (!name.empty()) {
        if (value.empty())
            return make_error(Errc::Usage, "nat set " + name + ": a value is needed");
        if (auto ok = state->set(name, value); !ok)
            return ok;
    }
    auto s = state->settings();
    if (!s)
        return s.error();
    auto names = NatState::timeout_names();
    nlohmann::json j{{"ports", std::to_string(s->port_lo) + "-" + std::to_string(s->port_hi)}};
    for (std::size_t i = 0; i < names.size(); i++)
        j[names[i]] = s->timeouts[i];
    if (json) {
        print_json(j);
        return {};
    }
    std::printf("ports %u-%u\n", s->port_lo, s->port_hi);
    for (std::size_t i = 0; i < names.size(); i++)
        std::printf("%s %u\n", names[i].c_str(), s->timeouts[i]);
    return {};
}

struct Args {
    std::vector<std::string> words;
    std::vector<std::size_t> numbers;
    std::string name, value;
    bool json = false;
};

} // namespace

void add_nat(CLI::App& app, Context& ctx) {
    auto* natcmd = app.add_subcommand("nat", "IPv4 NAT: masquerade, source NAT, port and address redirects");
    natcmd->require_subcommand(1);
    auto a = std::make_shared<Args>();

    struct Form {
        const char* name;
        const char* help;
        const char* args;
    };
    static const Form kForms[] = {
        {"masquerade", "New flows leaving IF take IF's address", "IF [from CIDR]"},
        {"snat", "New flows leaving IF take an address of the range",
         "IF to ADDR[-ADDR][:PORT-PORT] [from CIDR]"},
        {"redirect-port", "Forward a public port to an inside address",
         "tcp|udp INSIDE_ADDR:PORT[-PORT] [PUBLIC_ADDR:]PORT[-PORT] [via IF]"},
        {"redirect-addr", "Static 1:1 NAT between an inside and a public address",
         "INSIDE_ADDR PUBLIC_ADDR [via IF]"},
    };
    for (const Form& form : kForms) {
        auto* cmd = natcmd->add_subcommand(form.name, form.help);
        cmd->add_option("ARGS", a->words, form.args)->required();
        std::string name = form.name;
        on_run(cmd, ctx, [a, name]() -> Result<void> {
            auto control = open_control();
            if (!control)
                return control.error();
            return changed(control->nat_add(join(name, a->words)));
        });
    }

    auto* del = natcmd->add_subcommand("delete", "Remove NAT rules by number (as nat show lists them)");
    del->add_option("NUM", a->numbers, "Rule numbers")->required();
    on_run(del, ctx, [a]() -> Result<void> {
        auto control = open_control();
        if (!control)
            return control.error();
        return changed(control->nat_remove(a->numbers));
    });

    auto* flush = natcmd->add_subcommand("flush", "Remove every NAT rule and every live translation");
    on_run(flush, ctx, []() -> Result<void> {
        auto control = open_control();
        if (!control)
            return control.error();
        auto r = control->nat_flush();
        if (auto ok = changed(r); !ok)
            return ok;
        std::cout << "nat: " << r->bindings_removed << " translation"
                  << (r->bindings_removed == 1 ? "" : "s") << " removed\n";
        return {};
    });

    auto* show_cmd = natcmd->add_subcommand("show", "NAT rules, live translations with counters");
    show_cmd->add_flag("--json", a->json, "Print JSON");
    on_run(show_cmd, ctx, [a]() { return show(a->json); });

    auto* set = natcmd->add_subcommand("set", "Show or change timeouts (seconds) and the port range");
    set->add_option("NAME", a->name, "ports, tcp-syn, tcp-established, tcp-closing, udp, icmp, other");
    set->add_option("VALUE", a->value, "LO-HI for ports, else seconds");
    set->add_flag("--json", a->json, "Print JSON");
    on_run(set, ctx, [a]() { return settings(a->name, a->value, a->json); });
}

} // namespace xgw::cli
