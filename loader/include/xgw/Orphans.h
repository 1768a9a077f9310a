// xgw's state that nothing can use any more: the pin directory of a network namespace that no
// longer exists (deleted without `xgw detach`), and, in the current namespace, the pins and
// records of an interface that no longer exists. Found, measured and released (`xgw gc`).
#pragma once

#include <xgw/LiveNetns.h>
#include <xgw/Result.h>
#include <xgw/bpf/MapMemory.h>
#include <xgw/bpf/PinPaths.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xgw {

enum class StateOwner {
    Live,     // its namespace exists
    Orphaned, // its namespace is gone
    Unknown,  // not found alive, but some namespace's cookie could not be read: left alone
};
std::string_view to_string(StateOwner owner);

// The cookie a state directory is named after ("ns-COOKIE"); none for a name xgw never makes.
std::optional<std::uint64_t> state_dir_cookie(std::string_view name);

// Whose state a cookie's directory is, given the namespaces found alive.
StateOwner owner_of(std::uint64_t cookie, const LiveNetns& live);

struct NamespaceState {
    std::uint64_t cookie = 0;
    std::filesystem::path dir;
    StateOwner owner = StateOwner::Unknown;
    std::string netns_name; // a live one's /run/netns name, if it has one
    bool current = false;   // the namespace this process is in
    std::vector<MapFootprint> maps;
    std::uint64_t bytes() const;
};

// A record of the current namespace for an interface whose index no longer exists.
struct VanishedIface {
    std::string name;
    std::uint32_t ifindex = 0;
    std::string pin_dir;
};

struct StateSurvey {
    std::vector<NamespaceState> namespaces; // by cookie
    std::vector<VanishedIface> vanished;
    std::vector<std::string> unreadable; // from LiveNetns: why some state is Unknown
};

// Every state directory under base with its owner and memory, and the current namespace's
// vanished interfaces.
Result<StateSurvey> survey_state(const std::filesystem::path& base = kDefaultPinBase);

// The survey's namespaces whose state is orphaned.
std::vector<NamespaceState> orphaned(const StateSurvey& survey);

// Removes an orphaned namespace's directory whole, under its StateLock: the kernel frees its
// maps, programs and links with their last pin.
Result<void> release_namespace(const NamespaceState& orphan);

// Detaches the current namespace's vanished interfaces, as `xgw detach` would.
Result<void> release_vanished(const std::vector<VanishedIface>& vanished);

} // namespace xgw
