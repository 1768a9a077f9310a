// DNS names in the firewall's address tables (`xgw fw table web add www.example.org`): each
// name's A and AAAA addresses are entries of its table, asked again when their TTL runs out
// (by xgwd, see daemon/NameKeeper.h). The names live beside the tables, in a pinned document
// of their own; the tables themselves (FirewallTables) hold addresses only.
#pragma once

#include <xgw/Result.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/dns/AddressLookup.h>
#include <xgw/fw/FirewallTables.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace xgw::fw {

struct TableName {
    std::string name;
    std::string server;              // ADDR[#PORT] asked; "" for /etc/resolv.conf's
    std::vector<IpPrefix> addresses; // what the name gave last
    std::uint32_t ttl = 0;           // of that answer
    std::int64_t expires = 0;        // unix seconds: ask again from then on
    std::string error;               // why the last asking failed; "" when it answered
    // Learned from an answer the forwarder relayed (a learn pattern matched): never asked,
    // gone when its TTL runs out unless a new answer comes.
    bool learned = false;

    bool operator==(const TableName&) const = default;
};

struct NamedTable {
    std::vector<TableName> names; // sorted by name
    // Entries added as addresses that a name gives too: they stay when the name stops giving
    // them (an entry only a name gave goes with it).
    std::vector<IpPrefix> literal;
    // `learn` patterns: "*.example.org" (every name below it) or "www.example.org" (that one).
    std::vector<std::string> learn;

    // Every address the names give, each once, sorted.
    std::vector<IpPrefix> given() const;
    // Of a table's entries (present), those added as addresses: what `fw save` writes beside
    // the names.
    std::vector<IpPrefix> own(const std::vector<IpPrefix>& present) const;
    bool operator==(const NamedTable&) const = default;
};

using TableNameDocument = std::map<std::string, NamedTable>; // by table

// A name as a table keeps it: lower case, without the final dot.
std::string name_key(std::string name);
// Whether a learn pattern (name_key form, "*." before a domain for the names below it)
// matches a name (name_key form).
bool learn_matches(std::string_view pattern, std::string_view name);
// A pattern as written, checked and in name_key form.
Result<std::string> learn_pattern(const std::string& written);

// The addresses of a name, as the forwarder relayed them.
struct LearnedAnswer {
    std::string name; // name_key form
    dns::AddressAnswer answer;
};

std::string to_json(const TableNameDocument& doc);
Result<TableNameDocument> table_names_from_json(const std::string& text);

// From a table's names before to after, with present the table's entries now: what to add,
// what to remove, and after's literal list brought up to date.
struct TableChange {
    std::vector<IpPrefix> add, remove;
    NamedTable after;
};
TableChange plan_name_change(const NamedTable& before, NamedTable after,
                             const std::vector<IpPrefix>& present);

using AddressLookup =
    std::function<Result<dns::AddressAnswer>(const std::string& name, const std::string& server)>;

// The first time at which a name is asked again after an answer of this TTL at now (TTL 0
// counts as 1 s, so that a name never spins).
std::int64_t expiry_of(std::uint32_t ttl, std::int64_t now);

class TableNames {
  public:
    explicit TableNames(PinPaths paths) : paths_(std::move(paths)) {}

    Result<TableNameDocument> read() const;
    // The names of one table (none when it has none).
    Result<NamedTable> of(const std::string& table) const;

    // Asks each name now (all must answer, else nothing changes), then adds them to the table
    // (made if missing) with their addresses. A name already there is asked again.
    Result<void> add(const FirewallTables& tables, const std::string& table,
                     const std::vector<std::string>& names, const std::string& server,
                     const AddressLookup& lookup, std::int64_t now) const;
    // Removes names and the entries only they gave; NotFound when one is missing (then none).
    Result<void> remove(const FirewallTables& tables, const std::string& table,
                        const std::vector<std::string>& names) const;
    // Adds addresses as entries of their own (FirewallTables::add), kept when a name that
    // gives them too stops giving them.
    Result<void> add_addresses(const FirewallTables& tables, const std::string& table,
                               const std::vector<IpPrefix>& prefixes) const;
    // Removes addresses added as such; one that a name gives stays in the table while the name
    // gives it. NotFound when the table does not hold one (then none is removed).
    Result<void> remove_addresses(const FirewallTables& tables, const std::string& table,
                                  const std::vector<IpPrefix>& prefixes) const;
    // Adds learn patterns (learn_pattern form) to a table (made if missing).
    Result<void> learn(const FirewallTables& tables, const std::string& table,
                       const std::vector<std::string>& patterns) const;
    // Removes learn patterns, and the names learned that no pattern left matches; NotFound
    // when one is missing (then none is removed).
    Result<void> unlearn(const FirewallTables& tables, const std::string& table,
                         const std::vector<std::string>& patterns) const;
    // Puts each relayed answer into the tables whose patterns match its name (a name added
    // with `add` is left to its own asking). Returns how many names were learned.
    Result<unsigned> learned(const FirewallTables& tables, const std::vector<LearnedAnswer>& seen,
                             std::int64_t now) const;
    // Forgets the names of a table (flush, destroy); its entries are the caller's.
    Result<void> forget(const std::string& table) const;

    struct Refreshed {
        unsigned asked = 0, failed = 0;
        std::vector<std::string> errors; // "TABLE NAME: why", one per failure
    };
    // Asks again the names whose TTL ran out by now (every name of table_now, when given), and
    // makes each table follow: new addresses in, addresses no name gives any more out. A name
    // that fails keeps its addresses and is asked again kRetry seconds later. Learned names
    // whose TTL ran out are dropped, not asked.
    Result<Refreshed> refresh(const FirewallTables& tables, const AddressLookup& lookup,
                              std::int64_t now, const std::string& table_now = "") const;
    static constexpr std::int64_t kRetry = 10;

  private:
    Result<void> write(const TableNameDocument& doc) const;
    // Under the state lock: change edits the table's names as stored, then apply.
    Result<void> edit(const FirewallTables& tables, const std::string& table,
                      const std::function<Result<void>(NamedTable&)>& change) const;
    // Makes table follow its names: after replaces doc[table] (dropped when it holds nothing).
    Result<void> apply(const FirewallTables& tables, TableNameDocument& doc,
                       const std::string& table, NamedTable after) const;
    PinPaths paths_;
};

} // namespace xgw::fw
