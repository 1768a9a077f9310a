// Box::load: parse and compile every part, change nothing.
#include <xgw/config/Box.h>
#include <xgw/config/ConfigParser.h>

#include "Expectation.h"
#include "Services.h"

#include <xgw/fw/FirewallControl.h>
#include <xgw/route/RouteSpec.h>

namespace xgw::config {

namespace {

// parse_route_batch says "line N: ..."; the configuration's errors say file:line:column.
Error at_file(Error e, const std::string& file) {
    const std::string lead = "line ";
    if (e.message.rfind(lead, 0) == 0) {
        const auto colon = e.message.find(':');
        e.message = file + ":" + e.message.substr(lead.size(), colon - lead.size()) + ":1" +
                    e.message.substr(colon);
        return e;
    }
    return e.prefix(file);
}

Result<void> compile_firewall(const FirewallConfig& fw) {
    auto paths = PinPaths::for_current_netns();
    if (!paths)
        return paths.error();
    fw::FirewallControl fwc(*paths, fw::current_host(), &services());
    auto r = fwc.load(fw.rules.text, fw.rules.file, fw::LoadOptions{true, fw.allow_empty, false});
    if (!r)
        return r.error();
    for (const auto& e : fw.expect)
        if (auto p = parse_expectation(e); !p)
            return p.error();
    return {};
}

} // namespace

Result<BoxConfig> Box::load(const std::string& path) {
    auto config = parse_box_config(path);
    if (!config)
        return config.error();
    return compile(std::move(*config));
}

Result<BoxConfig> Box::compile(BoxConfig config) {
    if (config.firewall)
        if (auto ok = compile_firewall(*config.firewall); !ok)
            return ok.error();
    if (config.routes) {
        auto ops = route::parse_route_batch(config.routes->text);
        if (!ops)
            return at_file(ops.error(), config.routes->file);
        config.route_ops = std::move(*ops);
    }
    return config;
}

} // namespace xgw::config
