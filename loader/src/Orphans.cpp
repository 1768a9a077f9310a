#include <xgw/Orphans.h>

#include <xgw/Datapath.h>
#include <xgw/Netns.h>
#include <xgw/StateLock.h>

#include "bpf/XdpLink.h"

#include <net/if.h>

#include <algorithm>
#include <cerrno>
#include <charconv>

namespace fs = std::filesystem;

namespace xgw {

std::string_view to_string(StateOwner owner) {
    switch (owner) {
    case StateOwner::Live:
        return "live";
    case StateOwner::Orphaned:
        return "orphaned";
    case StateOwner::Unknown:
        break;
    }
    return "unknown";
}

std::optional<std::uint64_t> state_dir_cookie(std::string_view name) {
    constexpr std::string_view kPrefix = "ns-";
    if (!name.starts_with(kPrefix) || name.size() == kPrefix.size())
        return std::nullopt;
    std::string_view digits = name.substr(kPrefix.size());
    std::uint64_t cookie = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cookie);
    if (ec != std::errc() || end != digits.data() + digits.size())
        return std::nullopt;
    return cookie;
}

StateOwner owner_of(std::uint64_t cookie, const LiveNetns& live) {
    if (live.cookies.count(cookie))
        return StateOwner::Live;
    return live.unreadable.empty() ? StateOwner::Orphaned : StateOwner::Unknown;
}

std::uint64_t NamespaceState::bytes() const {
    std::uint64_t total = 0;
    for (const auto& m : maps)
        total += m.bytes;
    return total;
}

namespace {

// Listed before the live namespaces are looked for: a directory seen here belongs to a
// namespace that existed already, so one made meanwhile for a new namespace is never taken
// for an orphan.
std::vector<NamespaceState> list_state_dirs(const fs::path& base) {
    std::vector<NamespaceState> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(base, ec))
        if (auto cookie = state_dir_cookie(entry.path().filename().string());
            cookie && entry.is_directory(ec))
            out.push_back({*cookie, entry.path(), StateOwner::Unknown, "", false, {}});
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.cookie < b.cookie; });
    return out;
}

Result<Datapath> current_datapath() {
    auto paths = PinPaths::for_current_netns();
    if (!paths)
        return paths.error();
    return Datapath::open(*paths);
}

// The current namespace's interface records whose index no longer names any interface (one
// that was only renamed keeps its index, and its programs still run on it).
Result<std::vector<VanishedIface>> vanished_ifaces() {
    auto dp = current_datapath();
    if (!dp)
        return dp.error();
    auto ifaces = dp->status();
    if (!ifaces)
        return ifaces.error();
    std::vector<VanishedIface> out;
    char name[IF_NAMESIZE];
    for (const auto& s : *ifaces)
        if (!if_indextoname(s.ifindex, name) && errno == ENXIO)
            out.push_back({s.name, s.ifindex, s.pin_dir});
    return out;
}

// A namespace can outlive every reference gc looks at (a socket made in it, held by a process
// elsewhere, keeps it): then its interfaces still exist, and an XDP link pinned for one of them
// is still attached. Such state is not called orphaned: unpinning the link would detach it.
std::optional<std::string> attached_link(const NamespaceState& ns) {
    std::error_code ec;
    for (const auto& iface : fs::directory_iterator(PinPaths(ns.dir).links(), ec))
        if (auto link = XdpLink::open_pinned(iface.path() / "xdp"); link && link->ifindex())
            return "ns-" + std::to_string(ns.cookie) + ": the XDP link of " +
                   iface.path().filename().string() + " is still attached (ifindex " +
                   std::to_string(link->ifindex()) + "), so its namespace may live on";
    return std::nullopt;
}

} // namespace

Result<StateSurvey> survey_state(const fs::path& base) {
    StateSurvey survey;
    survey.namespaces = list_state_dirs(base);
    auto live = live_netns();
    if (!live)
        return live.error();
    survey.unreadable = live->unreadable;
    auto current = current_netns_cookie();
    if (!current)
        return current.error();
    for (auto& ns : survey.namespaces) {
        ns.owner = owner_of(ns.cookie, *live);
        if (ns.owner == StateOwner::Orphaned)
            if (auto why = attached_link(ns)) {
                ns.owner = StateOwner::Unknown;
                survey.unreadable.push_back(*why);
            }
        ns.current = ns.cookie == *current;
        if (auto name = live->cookies.find(ns.cookie); name != live->cookies.end())
            ns.netns_name = name->second;
        auto maps = pinned_map_memory(PinPaths(ns.dir));
        // A live namespace's state may be removed (detached) while we look: it has no maps.
        if (!maps && maps.error().sys_errno != ENOENT)
            return maps.error();
        if (maps)
            ns.maps = std::move(*maps);
    }
    std::error_code ec;
    std::erase_if(survey.namespaces, [&](const auto& ns) { return !fs::exists(ns.dir, ec); });
    auto vanished = vanished_ifaces();
    if (!vanished)
        return vanished.error();
    survey.vanished = std::move(*vanished);
    return survey;
}

Result<void> release_namespace(const NamespaceState& orphan) {
    return StateLock::with(PinPaths(orphan.dir), [&]() -> Result<void> {
        std::error_code ec;
        fs::remove_all(orphan.dir, ec);
        if (ec)
            return Error::from_errno(ec.value(), "remove " + orphan.dir.string());
        return {};
    });
}

Result<void> release_vanished(const std::vector<VanishedIface>& vanished) {
    if (vanished.empty())
        return {};
    auto dp = current_datapath();
    if (!dp)
        return dp.error();
    for (const auto& v : vanished)
        // NotFound: another xgw detached it meanwhile.
        if (auto ok = dp->detach(v.name); !ok && ok.error().kind != Errc::NotFound)
            return ok.error().prefix("release state of vanished interface " + v.name);
    return {};
}

std::vector<NamespaceState> orphaned(const StateSurvey& survey) {
    std::vector<NamespaceState> out;
    for (const auto& ns : survey.namespaces)
        if (ns.owner == StateOwner::Orphaned)
            out.push_back(ns);
    return out;
}

} // namespace xgw
