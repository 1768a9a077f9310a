#include <xgw/fw/FirewallTables.h>

#include <xgw/StateLock.h>
#include <xgw/bpf/TypedMap.h>

#include <xgw/abi/fw.h>

#include <bpf/bpf.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <set>
#include <tuple>
#include <utility>

namespace xgw::fw {

namespace {

Result<xgw_fw_table_name> key_of(const std::string& name) {
    if (name.empty() || name.size() >= XGW_FW_TABLE_NAME)
        return make_error(Errc::Usage, "a table name has 1 to " +
                                           std::to_string(XGW_FW_TABLE_NAME - 1) +
                                           " characters: '" + name + "'");
    xgw_fw_table_name key{};
    std::memcpy(key.name, name.data(), name.size());
    return key;
}

// One key type per family: the same layout but for the address length.
template <class Key> Key prefix_key(std::uint8_t slot, const IpPrefix& p) {
    Key key{};
    key.prefixlen = 8 + p.length;
    key.table = slot;
    std::memcpy(key.addr, p.addr.data(), sizeof(key.addr));
    return key;
}

template <class Key> IpPrefix prefix_of(const Key& key, IpFamily family) {
    IpPrefix p;
    p.family = family;
    p.length = static_cast<std::uint8_t>(key.prefixlen - 8);
    std::memcpy(p.addr.data(), key.addr, sizeof(key.addr));
    return p;
}

} // namespace

Result<FirewallTables> FirewallTables::open(const PinPaths& paths) {
    auto names = open_pinned_map(paths, "xgw_fw_tables");
    if (!names)
        return names.error();
    auto v4 = open_pinned_map(paths, "xgw_fw_table4");
    if (!v4)
        return v4.error();
    auto v6 = open_pinned_map(paths, "xgw_fw_table6");
    if (!v6)
        return v6.error();
    return FirewallTables(paths, std::move(*names), std::move(*v4), std::move(*v6));
}

Result<std::optional<std::uint8_t>> FirewallTables::find(const std::string& name) const {
    auto key = key_of(name);
    if (!key)
        return key.error();
    std::uint32_t slot = 0;
    if (bpf_map_lookup_elem(names_.get(), &*key, &slot) != 0)
        return std::optional<std::uint8_t>();
    return std::optional<std::uint8_t>(static_cast<std::uint8_t>(slot));
}

Result<std::uint8_t> FirewallTables::existing(const std::string& name) const {
    auto slot = find(name);
    if (!slot)
        return slot.error();
    if (!*slot)
        return make_error(Errc::NotFound, "no table '" + name + "'");
    return **slot;
}

Result<std::uint8_t> FirewallTables::ensure(const std::string& name) const {
    return StateLock::with(paths_, [&]() -> Result<std::uint8_t> {
        auto found = find(name);
        if (!found)
            return found.error();
        if (*found)
            return **found;
        std::set<std::uint32_t> taken;
        for (const auto& key : map_keys<xgw_fw_table_name>(names_.get())) {
            std::uint32_t slot = 0;
            if (bpf_map_lookup_elem(names_.get(), &key, &slot) == 0)
                taken.insert(slot);
        }
        std::uint32_t slot = 0;
        while (taken.count(slot))
            slot++;
        if (slot >= XGW_FW_USER_TABLES)
            return make_error(Errc::Usage, "no room for table '" + name + "': xgw holds " +
                                               std::to_string(XGW_FW_USER_TABLES) + " tables");
        auto key = key_of(name);
        if (bpf_map_update_elem(names_.get(), &*key, &slot, BPF_NOEXIST) != 0)
            return Error::from_errno(errno, "create table '" + name + "'");
        return static_cast<std::uint8_t>(slot);
    });
}

Result<std::vector<std::string>> FirewallTables::names() const {
    std::vector<std::string> out;
    for (const auto& key : map_keys<xgw_fw_table_name>(names_.get()))
        out.emplace_back(key.name, strnlen(key.name, sizeof(key.name)));
    std::sort(out.begin(), out.end());
    return out;
}

namespace {

// Writes (add) or deletes (!add) one prefix of a slot.
Result<void> change(int v4, int v6, std::uint8_t slot, const IpPrefix& p, bool add) {
    std::uint32_t one = 1;
    int rc;
    if (p.family == IpFamily::V4) {
        auto key = prefix_key<xgw_fw_table4_key>(slot, p);
        rc = add ? bpf_map_update_elem(v4, &key, &one, BPF_ANY) : bpf_map_delete_elem(v4, &key);
    } else {
        auto key = prefix_key<xgw_fw_table6_key>(slot, p);
        rc = add ? bpf_map_update_elem(v6, &key, &one, BPF_ANY) : bpf_map_delete_elem(v6, &key);
    }
    if (rc != 0)
        return Error::from_errno(errno, std::string(add ? "add " : "delete ") + p.str());
    return {};
}

} // namespace

Result<void> FirewallTables::add(const std::string& name,
                                 const std::vector<IpPrefix>& prefixes) const {
    return StateLock::with(paths_, [&]() -> Result<void> {
        auto slot = ensure(name);
        if (!slot)
            return slot.error();
        for (const auto& p : prefixes)
            if (auto ok = change(v4_.get(), v6_.get(), *slot, p, true); !ok)
                return ok;
        return {};
    });
}

Result<void> FirewallTables::remove(const std::string& name,
                                    const std::vector<IpPrefix>& prefixes) const {
    return StateLock::with(paths_, [&]() -> Result<void> {
        auto slot = existing(name);
        if (!slot)
            return slot.error();
        auto present = list(name);
        if (!present)
            return present.error();
        for (const auto& p : prefixes)
            if (std::find(present->begin(), present->end(), p) == present->end())
                return make_error(Errc::NotFound, "table '" + name + "' has no " + p.str());
        for (const auto& p : prefixes)
            if (auto ok = change(v4_.get(), v6_.get(), *slot, p, false); !ok)
                return ok;
        return {};
    });
}

Result<void> FirewallTables::flush(const std::string& name) const {
    return StateLock::with(paths_, [&]() -> Result<void> {
        auto present = list(name);
        if (!present)
            return present.error();
        return remove(name, *present);
    });
}

Result<void> FirewallTables::destroy(const std::string& name) const {
    return StateLock::with(paths_, [&]() -> Result<void> {
        if (auto ok = flush(name); !ok)
            return ok;
        auto key = key_of(name);
        if (!key)
            return key.error();
        if (bpf_map_delete_elem(names_.get(), &*key) != 0)
            return Error::from_errno(errno, "destroy table '" + name + "'");
        return {};
    });
}

Result<std::vector<IpPrefix>> FirewallTables::list(const std::string& name) const {
    auto slot = existing(name);
    if (!slot)
        return slot.error();
    return list_slot(*slot);
}

Result<void> FirewallTables::replace(const std::string& name,
                                     const std::vector<IpPrefix>& prefixes) const {
    return StateLock::with(paths_, [&]() -> Result<void> {
        auto slot = ensure(name);
        if (!slot)
            return slot.error();
        return make_exactly(*slot, prefixes);
    });
}

Result<void>
FirewallTables::check_room(const std::map<std::string, std::vector<IpPrefix>>& contents) const {
    std::set<std::uint8_t> replaced;
    for (const auto& [name, prefixes] : contents) {
        auto slot = find(name);
        if (!slot)
            return slot.error();
        if (*slot)
            replaced.insert(**slot);
    }
    struct Family {
        IpFamily family;
        int fd;
        const char* what;
        std::size_t kept = 0, wanted = 0;
    };
    Family families[] = {{IpFamily::V4, v4_.get(), "IPv4"}, {IpFamily::V6, v6_.get(), "IPv6"}};
    for (const auto& key : map_keys<xgw_fw_table4_key>(v4_.get()))
        families[0].kept += !replaced.count(key.table);
    for (const auto& key : map_keys<xgw_fw_table6_key>(v6_.get()))
        families[1].kept += !replaced.count(key.table);
    for (const auto& [name, prefixes] : contents)
        for (const auto& p : prefixes)
            families[p.family == IpFamily::V6].wanted++;
    std::string short_of;
    for (const Family& f : families) {
        auto room = map_max_entries(f.fd);
        if (room && f.wanted + f.kept > *room)
            short_of += std::string(short_of.empty() ? "" : "; ") + f.what +
                        " prefixes: " + std::to_string(f.wanted) + " in [tables] + " +
                        std::to_string(f.kept) + " of other tables, room for " +
                        std::to_string(*room);
    }
    if (short_of.empty())
        return {};
    return make_error(Errc::Usage, "the tables do not fit: " + short_of);
}

Result<void> FirewallTables::make_exactly(std::uint8_t slot,
                                          const std::vector<IpPrefix>& want) const {
    auto have = list_slot(slot);
    if (!have)
        return have.error();
    // Additions first: an address that stays is never missing, not even for a moment.
    for (const auto& p : want)
        if (auto ok = change(v4_.get(), v6_.get(), slot, p, true); !ok)
            return ok;
    for (const auto& p : *have)
        if (std::find(want.begin(), want.end(), p) == want.end())
            if (auto ok = change(v4_.get(), v6_.get(), slot, p, false); !ok)
                return ok;
    return {};
}

Result<void> FirewallTables::sync_me(const std::vector<IpPrefix>& addresses) const {
    return StateLock::with(paths_, [&]() -> Result<void> {
        std::vector<IpPrefix> v6;
        std::copy_if(addresses.begin(), addresses.end(), std::back_inserter(v6),
                     [](const IpPrefix& p) { return p.family == IpFamily::V6; });
        if (auto ok = make_exactly(XGW_FW_TABLE_ME, addresses); !ok)
            return ok;
        return make_exactly(XGW_FW_TABLE_ME6, v6);
    });
}

Result<std::vector<IpPrefix>> FirewallTables::list_slot(std::uint8_t slot) const {
    std::vector<IpPrefix> out;
    for (const auto& key : map_keys<xgw_fw_table4_key>(v4_.get()))
        if (key.table == slot)
            out.push_back(prefix_of(key, IpFamily::V4));
    for (const auto& key : map_keys<xgw_fw_table6_key>(v6_.get()))
        if (key.table == slot)
            out.push_back(prefix_of(key, IpFamily::V6));
    std::sort(out.begin(), out.end(), [](const IpPrefix& a, const IpPrefix& b) {
        return std::tie(a.family, a.addr, a.length) < std::tie(b.family, b.addr, b.length);
    });
    return out;
}

} // namespace xgw::fw
