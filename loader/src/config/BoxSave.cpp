// Box::save: the running state as xgw.conf text that apply reproduces.
#include <xgw/config/Box.h>

#include "CanonicalRuleset.h"
#include "RunningState.h"

#include <xgw/abi/sizes.h>

#include <algorithm>

namespace xgw::config {

namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// A literal multi-line string: rules and routes never hold three single quotes.
std::string block(const std::vector<std::string>& lines) {
    std::string out = "'''\n";
    for (const auto& l : lines)
        out += l + "\n";
    return out + "'''\n";
}

std::string route_line(const route::RouteEntry& e) {
    route::RouteSpec s{e.dest, e.gateway, e.dev, e.metric, e.table};
    std::string words = s.str();
    // "default" alone reads as IPv4: an IPv6 default without a gateway says its family.
    if (e.dest.length == 0 && e.dest.family == route::IpFamily::V6 && !e.gateway)
        words = "-net ::/0" + words.substr(std::string("default").size());
    return "add " + words;
}

void interfaces(const RunningState& rs, std::string& out) {
    for (const auto& st : rs.interfaces) {
        out += "[interfaces." + st.name + "]\n";
        out += "attach = " +
               quoted(st.acct_only ? "acct-only" : st.forward ? "forward" : "full") + "\n";
        out += "mode = " + quoted(std::string(to_string(st.mode))) + "\n";
        if (rs.tables && rs.tables->flows_max != XGW_DEFAULT_FLOWS)
            out += "flows = " + std::to_string(rs.tables->flows_max) + "\n";
        if (rs.tables && rs.tables->nat_bindings_max != XGW_DEFAULT_NAT_BINDINGS)
            out += "nat_bindings = " + std::to_string(rs.tables->nat_bindings_max) + "\n";
        out += "\n";
    }
}

} // namespace

Result<std::string> Box::save() {
    auto rs = read_running_state();
    if (!rs)
        return rs.error();
    auto routes = configurable_routes();
    if (!routes)
        return routes.error();
    std::string out = "# The running state of this network namespace, as 'xgw save-config' "
                      "wrote it; 'xgw apply' reproduces it.\n\n";
    out += "[interfaces]\n\n";
    interfaces(*rs, out);
    if (rs->has_ruleset) {
        auto lines = canonical_lines(rs->ruleset, rs->acct);
        out += "[firewall]\n";
        if (rs->ruleset.firewall.rules.empty())
            out += "allow_empty = true\n";
        out += "rules_text = " + block(lines) + "\n";
    }
    if (!routes->empty()) {
        std::vector<std::string> lines;
        for (const auto& e : *routes)
            lines.push_back(route_line(e));
        out += "[routes]\ntext = " + block(lines);
    }
    return out;
}

} // namespace xgw::config
