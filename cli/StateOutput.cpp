#include "StateOutput.h"

namespace xgw::cli {

nlohmann::json namespace_json(const NamespaceState& ns) {
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& m : ns.maps)
        ids.push_back(m.id);
    return {{"netns_cookie", ns.cookie},
            {"pin_dir", ns.dir.string()},
            {"state", to_string(ns.owner)},
            {"netns", ns.netns_name.empty() ? nlohmann::json() : nlohmann::json(ns.netns_name)},
            {"current", ns.current},
            {"bytes", ns.bytes()},
            {"map_ids", ids}};
}

nlohmann::json vanished_json(const VanishedIface& v) {
    return {{"name", v.name}, {"ifindex", v.ifindex}, {"pin_dir", v.pin_dir}};
}

std::string netns_label(const NamespaceState& ns) {
    if (!ns.netns_name.empty())
        return ns.netns_name;
    return ns.current ? "(this namespace)" : "";
}

} // namespace xgw::cli
