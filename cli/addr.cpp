#include "Commands.h"

#include <xgw/route/Addresses.h>

#include <cstdio>
#include <iostream>

namespace xgw::cli {
namespace {

using namespace xgw::route;

struct AddrArgs {
    std::string dev;
    bool json = false;
    std::vector<std::string> words;
};

Result<void> show(const AddrArgs& a) {
    auto nl = Netlink::open();
    if (!nl)
        return nl.error();
    auto addrs = list_addresses(*nl, a.dev);
    if (!addrs)
        return addrs.error();
    if (a.json) {
        nlohmann::json j{{"addresses", nlohmann::json::array()}};
        for (const auto& e : *addrs)
            j["addresses"].push_back(
                {{"dev", e.dev},
                 {"family", e.address.family == IpFamily::V4 ? "inet" : "inet6"},
                 {"address", e.str()},
                 {"scope", e.scope}});
        print_json(j);
        return {};
    }
    for (const auto& e : *addrs)
        std::printf("%-16s %-6s %-43s %s\n", e.dev.c_str(),
                    e.address.family == IpFamily::V4 ? "inet" : "inet6", e.str().c_str(),
                    e.scope.c_str());
    return {};
}

void add_change(CLI::App* addr, Context& ctx, const char* name, const char* alias, bool add) {
    auto a = std::make_shared<AddrArgs>();
    auto* cmd = addr->add_subcommand(name, add ? "Add an address to an interface"
                                               : "Delete an address from an interface");
    cmd->alias(alias);
    cmd->add_option("ADDRESS", a->words, "ADDR/LEN dev IF")->required();
    on_run(cmd, ctx, [a, add]() -> Result<void> {
        auto e = parse_addr_args(a->words);
        if (!e)
            return e.error();
        auto nl = Netlink::open();
        if (!nl)
            return nl.error();
        return add ? add_address(*nl, *e) : delete_address(*nl, *e);
    });
}

} // namespace

void add_addr(CLI::App& app, Context& ctx) {
    auto* addr = app.add_subcommand("addr", "Show and change interface addresses");
    addr->require_subcommand(1);
    auto s = std::make_shared<AddrArgs>();
    auto* show_cmd = addr->add_subcommand("show", "Show addresses (of one interface)");
    show_cmd->add_option("IF", s->words, "[dev] IF: only this interface")->expected(0, 2);
    show_cmd->add_flag("--json", s->json, "Print JSON");
    on_run(show_cmd, ctx, [s]() -> Result<void> {
        if (!s->words.empty() && s->words.front() == "dev")
            s->words.erase(s->words.begin());
        if (s->words.size() > 1)
            return make_error(Errc::Usage, "addr show takes one interface");
        s->dev = s->words.empty() ? "" : s->words.front();
        return show(*s);
    });
    add_change(addr, ctx, "add", "a", true);
    add_change(addr, ctx, "delete", "del", false);
}

} // namespace xgw::cli
