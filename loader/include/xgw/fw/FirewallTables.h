// Named address tables for `table(NAME)` (docs/rules.md 6): each a set of IPv4 and IPv6
// prefixes in a slot of the pinned tries, changed in place without recompiling the ruleset.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/fw/IpPrefix.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xgw::fw {

class FirewallTables {
  public:
    static Result<FirewallTables> open(const PinPaths& paths);

    // The slot of a table; nullopt when no table has that name.
    Result<std::optional<std::uint8_t>> find(const std::string& name) const;
    // The slot of a table, made (empty) when it does not exist yet.
    Result<std::uint8_t> ensure(const std::string& name) const;
    Result<std::vector<std::string>> names() const;

    // Adds prefixes (making the table if needed); adding one already there changes nothing.
    Result<void> add(const std::string& name, const std::vector<IpPrefix>& prefixes) const;
    // Removes prefixes; NotFound when the table or one of them is missing (then none is removed).
    Result<void> remove(const std::string& name, const std::vector<IpPrefix>& prefixes) const;
    // Makes a table (made if needed) hold exactly these prefixes: those it keeps are never
    // missing, not even for a moment.
    Result<void> replace(const std::string& name, const std::vector<IpPrefix>& prefixes) const;
    // Whether replace of each of these tables would find room in the tries beside the entries
    // of every other table.
    Result<void> check_room(const std::map<std::string, std::vector<IpPrefix>>& contents) const;
    // Empties a table; the table stays, so rules naming it keep their slot.
    Result<void> flush(const std::string& name) const;
    // Empties a table and frees its slot; the caller makes sure no ruleset names it.
    Result<void> destroy(const std::string& name) const;
    // The prefixes of a table, IPv4 first, each family in address order.
    Result<std::vector<IpPrefix>> list(const std::string& name) const;

    // Makes the tables of `me` and `me6` hold exactly these host addresses (me6: the IPv6 ones).
    Result<void> sync_me(const std::vector<IpPrefix>& addresses) const;

  private:
    FirewallTables(PinPaths paths, UniqueFd names, UniqueFd v4, UniqueFd v6)
        : paths_(std::move(paths)), names_(std::move(names)), v4_(std::move(v4)),
          v6_(std::move(v6)) {}
    Result<std::uint8_t> existing(const std::string& name) const;
    Result<std::vector<IpPrefix>> list_slot(std::uint8_t slot) const;
    Result<void> make_exactly(std::uint8_t slot, const std::vector<IpPrefix>& want) const;
    PinPaths paths_; // whose writers' lock every change holds
    UniqueFd names_, v4_, v6_;
};

} // namespace xgw::fw
