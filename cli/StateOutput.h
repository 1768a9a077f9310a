// How `xgw gc` and `xgw status --all-namespaces` show namespaces' state directories.
#pragma once

#include <xgw/Orphans.h>

#include <nlohmann/json.hpp>

namespace xgw::cli {

nlohmann::json namespace_json(const NamespaceState& ns);
nlohmann::json vanished_json(const VanishedIface& v);
// The namespace's name for people: "xt1-router", "(this namespace)", or "" for none.
std::string netns_label(const NamespaceState& ns);

} // namespace xgw::cli
