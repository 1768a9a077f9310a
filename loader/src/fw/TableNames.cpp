#include <xgw/fw/TableNames.h>

#include "PinnedDocument.h"

#include <xgw/dns/HostsFile.h>

#include <xgw/StateLock.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

namespace xgw::fw {
namespace {

constexpr const char* kDocument = "xgw_fw_table_names";

bool before(const IpPrefix& a, const IpPrefix& b) {
    return std::tie(a.family, a.addr, a.length) < std::tie(b.family, b.addr, b.length);
}

void sort_unique(std::vector<IpPrefix>& v) {
    std::sort(v.begin(), v.end(), before);
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

bool holds(const std::vector<IpPrefix>& v, const IpPrefix& p) {
    return std::find(v.begin(), v.end(), p) != v.end();
}

nlohmann::json prefixes_json(const std::vector<IpPrefix>& v) {
    auto out = nlohmann::json::array();
    for (const auto& p : v)
        out.push_back(p.str());
    return out;
}

Result<std::vector<IpPrefix>> prefixes_of(const nlohmann::json& j) {
    std::vector<IpPrefix> out;
    for (const auto& s : j) {
        auto p = IpPrefix::parse(s.get<std::string>());
        if (!p)
            return p.error();
        out.push_back(*p);
    }
    return out;
}

} // namespace

std::string name_key(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (!name.empty() && name.back() == '.')
        name.pop_back();
    return name;
}

bool learn_matches(std::string_view pattern, std::string_view name) {
    if (!pattern.starts_with("*."))
        return pattern == name;
    const std::string_view domain = pattern.substr(1); // ".example.org"
    return name.size() > domain.size() && name.ends_with(domain);
}

Result<std::string> learn_pattern(const std::string& written) {
    std::string p = name_key(written);
    const std::string_view domain =
        std::string_view(p).starts_with("*.") ? std::string_view(p).substr(2) : std::string_view(p);
    if (!dns::is_host_name(domain))
        return make_error(Errc::Usage,
                          "'" + written + "' is not a learn pattern (a name, or *. before one)");
    return p;
}

std::vector<IpPrefix> NamedTable::given() const {
    std::vector<IpPrefix> out;
    for (const auto& n : names)
        out.insert(out.end(), n.addresses.begin(), n.addresses.end());
    sort_unique(out);
    return out;
}

std::vector<IpPrefix> NamedTable::own(const std::vector<IpPrefix>& present) const {
    const auto g = given();
    std::vector<IpPrefix> out;
    for (const auto& p : present)
        if (!holds(g, p) || holds(literal, p))
            out.push_back(p);
    return out;
}

std::string to_json(const TableNameDocument& doc) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [table, t] : doc) {
        auto names = nlohmann::json::array();
        for (const auto& n : t.names)
            names.push_back({{"name", n.name},
                             {"server", n.server},
                             {"addresses", prefixes_json(n.addresses)},
                             {"ttl", n.ttl},
                             {"expires", n.expires},
                             {"error", n.error},
                             {"learned", n.learned}});
        j[table] = {{"names", names}, {"literal", prefixes_json(t.literal)}, {"learn", t.learn}};
    }
    return j.dump();
}

Result<TableNameDocument> table_names_from_json(const std::string& text) {
    TableNameDocument doc;
    if (text.empty())
        return doc;
    try {
        const auto whole = nlohmann::json::parse(text);
        for (const auto& [table, t] : whole.items()) {
            NamedTable nt;
            for (const auto& n : t.at("names")) {
                TableName tn;
                tn.name = n.at("name").get<std::string>();
                tn.server = n.at("server").get<std::string>();
                auto addresses = prefixes_of(n.at("addresses"));
                if (!addresses)
                    return addresses.error();
                tn.addresses = std::move(*addresses);
                tn.ttl = n.at("ttl").get<std::uint32_t>();
                tn.expires = n.at("expires").get<std::int64_t>();
                tn.error = n.at("error").get<std::string>();
                tn.learned = n.value("learned", false);
                nt.names.push_back(std::move(tn));
            }
            auto literal = prefixes_of(t.at("literal"));
            if (!literal)
                return literal.error();
            nt.literal = std::move(*literal);
            nt.learn = t.value("learn", std::vector<std::string>{});
            doc[table] = std::move(nt);
        }
    } catch (const nlohmann::json::exception& e) {
        return make_error(Errc::Conflict,
                          std::string("the stored table names are unreadable: ") + e.what());
    }
    return doc;
}

TableChange plan_name_change(const NamedTable& before, NamedTable after,
                             const std::vector<IpPrefix>& present) {
    const auto was = before.given();
    const auto now = after.given();
    TableChange c;
    // An entry there before any name gave it was added as an address: it must outlive the name.
    for (const auto& p : now)
        if (!holds(was, p) && holds(present, p))
            after.literal.push_back(p);
    for (const auto& p : now)
        if (!holds(present, p))
            c.add.push_back(p);
    for (const auto& p : was)
        if (!holds(now, p) && !holds(after.literal, p) && holds(present, p))
            c.remove.push_back(p);
    // A literal entry that no name gives needs no note: it is plainly the table's own.
    std::erase_if(after.literal, [&](const IpPrefix& p) { return !holds(now, p); });
    sort_unique(after.literal);
    std::sort(after.names.begin(), after.names.end(),
              [](const TableName& a, const TableName& b) { return a.name < b.name; });
    c.after = std::move(after);
    return c;
}

std::int64_t expiry_of(std::uint32_t ttl, std::int64_t now) {
    return now + std::max<std::int64_t>(ttl, 1);
}

Result<TableNameDocument> TableNames::read() const {
    auto text = PinnedDocument::read(paths_, kDocument);
    if (!text)
        return text.error().prefix(kDocument);
    return table_names_from_json(*text);
}

Result<NamedTable> TableNames::of(const std::string& table) const {
    auto doc = read();
    if (!doc)
        return doc.error();
    auto it = doc->find(table);
    return it == doc->end() ? NamedTable{} : it->second;
}

Result<void> TableNames::write(const TableNameDocument& doc) const {
    return PinnedDocument::write(paths_, kDocument, to_json(doc));
}

Result<void> TableNames::apply(const FirewallTables& tables, TableNameDocument& doc,
                               const std::string& table, NamedTable after) const {
    auto slot = tables.ensure(table);
    if (!slot)
        return slot.error();
    auto present = tables.list(table);
    if (!present)
        return present.error();
    auto change = plan_name_change(doc[table], std::move(after), *present);
    // Additions first: an address that a name keeps giving is never missing, not for a moment.
    if (!change.add.empty())
        if (auto ok = tables.add(table, change.add); !ok)
            return ok;
    if (!change.remove.empty())
        if (auto ok = tables.remove(table, change.remove); !ok)
            return ok;
    if (change.after.names.empty() && change.after.learn.empty())
        doc.erase(table);
    else
        doc[table] = std::move(change.after);
    return write(doc);
}

Result<void> TableNames::edit(const FirewallTables& tables, const std::string& table,
                              const std::function<Result<void>(NamedTable&)>& change) const {
    return StateLock::with(paths_, [&]() -> Result<void> {
        auto doc = read();
        if (!doc)
            return doc.error();
        NamedTable after = (*doc)[table];
        if (auto ok = change(after); !ok)
            return ok;
        return apply(tables, *doc, table, std::move(after));
    });
}

Result<void> TableNames::add(const FirewallTables& tables, const std::string& table,
                             const std::vector<std::string>& names, const std::string& server,
                             const AddressLookup& lookup, std::int64_t now) const {
    std::vector<TableName> asked;
    for (const auto& written : names) {
        TableName n;
        n.name = name_key(written);
        n.server = server;
        auto answer = lookup(n.name, server);
        if (!answer)
            return answer.error();
        n.addresses = std::move(answer->addresses);
        n.ttl = answer->ttl;
        n.expires = expiry_of(n.ttl, now);
        asked.push_back(std::move(n));
    }
    return edit(tables, table, [&](NamedTable& after) -> Result<void> {
        for (auto& n : asked) {
            std::erase_if(after.names, [&](const TableName& o) { return o.name == n.name; });
            after.names.push_back(std::move(n));
        }
        return {};
    });
}

Result<void> TableNames::remove(const FirewallTables& tables, const std::string& table,
                                const std::vector<std::string>& names) const {
    return edit(tables, table, [&](NamedTable& after) -> Result<void> {
        for (const auto& written : names) {
            const auto name = name_key(written);
            if (!std::erase_if(after.names, [&](const TableName& o) { return o.name == name; }))
                return make_error(Errc::NotFound, "table '" + table + "' has no name " + name);
        }
        return {};
    });
}

Result<void> TableNames::add_addresses(const FirewallTables& tables, const std::string& table,
                                       const std::vector<IpPrefix>& prefixes) const {
    return StateLock::with(paths_, [&]() -> Result<void> {
        auto doc = read();
        if (!doc)
            return doc.error();
        if (auto ok = tables.add(table, prefixes); !ok)
            return ok;
        auto it = doc->find(table);
        if (it == doc->end())
            return {};
        const auto given = it->second.given();
        for (const auto& p : prefixes)
            if (holds(given, p))
                it->second.literal.push_back(p);
        sort_unique(it->second.literal);
        return write(*doc);
    });
}

Result<void> TableNames::remove_addresses(const FirewallTables& tables, const std::string& table,
                                          const std::vector<IpPrefix>& prefixes) const {
    return StateLock::with(paths_, [&]() -> Result<void> {
        auto doc = read();
        if (!doc)
            return doc.error();
        auto it = doc->find(table);
        if (it == doc->end())
            return tables.remove(table, prefixes);
        auto present = tables.list(table);
        if (!present)
            return present.error();
        NamedTable& named = it->second;
        const auto given = named.given();
        std::vector<IpPrefix> gone;
        for (const auto& p : prefixes) {
            if (!holds(*present, p))
                return make_error(Errc::NotFound, "table '" + table + "' has no " + p.str());
            if (holds(named.literal, p))
                std::erase(named.literal, p); // the name still gives it: the entry stays
            else if (holds(given, p))
                return make_error(Errc::Conflict, p.str() + " in table '" + table +
                                                      "' comes from a name; delete the name");
            else
                gone.push_back(p);
        }
        if (!gone.empty())
            if (auto ok = tables.remove(table, gone); !ok)
                return ok;
        return write(*doc);
    });
}

Result<void> TableNames::learn(const FirewallTables& tables, const std::string& table,
                               const std::vector<std::string>& patterns) const {
    return edit(tables, table, [&](NamedTable& after) -> Result<void> {
        for (const auto& p : patterns)
            if (std::find(after.learn.begin(), after.learn.end(), p) == after.learn.end())
                after.learn.push_back(p);
        std::sort(after.learn.begin(), after.learn.end());
        return {};
    });
}

Result<void> TableNames::unlearn(const FirewallTables& tables, const std::string& table,
                                 const std::vector<std::string>& patterns) const {
    return edit(tables, table, [&](NamedTable& after) -> Result<void> {
        for (const auto& p : patterns)
            if (!std::erase(after.learn, p))
                return make_error(Errc::NotFound, "table '" + table + "' does not learn " + p);
        std::erase_if(after.names, [&](const TableName& n) {
            return n.learned &&
                   std::none_of(after.learn.begin(), after.learn.end(),
                                [&](const std::string& p) { return learn_matches(p, n.name); });
        });
        return {};
    });
}

Result<unsigned> TableNames::learned(const FirewallTables& tables,
                                     const std::vector<LearnedAnswer>& seen,
                                     std::int64_t now) const {
    unsigned count = 0;
    auto ok = StateLock::with(paths_, [&]() -> Result<void> {
        auto doc = read();
        if (!doc)
            return doc.error();
        std::vector<std::pair<std::string, NamedTable>> changed;
        for (const auto& [table, t] : *doc) {
            NamedTable after = t;
            bool any = false;
            for (const auto& s : seen) {
                if (s.answer.addresses.empty() ||
                    std::none_of(t.learn.begin(), t.learn.end(),
                                 [&](const std::string& p) { return learn_matches(p, s.name); }))
                    continue;
                auto it = std::find_if(after.names.begin(), after.names.end(),
                                       [&](const TableName& n) { return n.name == s.name; });
                if (it != after.names.end() && !it->learned)
                    continue; // added by name: its own asking keeps it
                if (it == after.names.end())
                    it = after.names.insert(after.names.end(),
                                            TableName{s.name, {}, {}, 0, 0, {}, true});
                it->addresses = s.answer.addresses;
                it->ttl = s.answer.ttl;
                it->expires = expiry_of(s.answer.ttl, now);
                any = true;
                count++;
            }
            if (any)
                changed.emplace_back(table, std::move(after));
        }
        for (auto& [table, after] : changed)
            if (auto w = apply(tables, *doc, table, std::move(after)); !w)
                return w;
        return {};
    });
    if (!ok)
        return ok.error();
    return count;
}

Result<void> TableNames::forget(const std::string& table) const {
    return StateLock::with(paths_, [&]() -> Result<void> {
        auto doc = read();
        if (!doc)
            return doc.error();
        if (!doc->erase(table))
            return {};
        return write(*doc);
    });
}

Result<TableNames::Refreshed> TableNames::refresh(const FirewallTables& tables,
                                                  const AddressLookup& lookup, std::int64_t now,
                                                  const std::string& table_now) const {
    auto doc = read();
    if (!doc)
        return doc.error();
    // Asked without the lock: a slow server must not hold up every other writer.
    std::map<std::pair<std::string, std::string>, Result<dns::AddressAnswer>> answers;
    if (!table_now.empty() && !doc->count(table_now))
        return make_error(Errc::NotFound, "table '" + table_now + "' holds no names");
    std::set<std::string> touched;
    for (const auto& [table, t] : *doc)
        for (const auto& n : t.names) {
            const bool due = table == table_now || (table_now.empty() && n.expires <= now);
            if (!due)
                continue;
            touched.insert(table);
            if (!n.learned)
                answers.emplace(std::pair{table, n.name}, lookup(n.name, n.server));
        }
    Refreshed r;
    if (touched.empty())
        return r;
    auto ok = StateLock::with(paths_, [&]() -> Result<void> {
        auto fresh = read();
        if (!fresh)
            return fresh.error();
        for (const auto& table : touched) {
            if (!fresh->count(table))
                continue; // forgotten meanwhile
            auto slot = tables.find(table);
            if (!slot)
                return slot.error();
            if (!*slot) { // destroyed meanwhile: its names went with it
                fresh->erase(table);
                if (auto w = write(*fresh); !w)
                    return w;
                continue;
            }
            NamedTable after = (*fresh)[table];
            std::erase_if(after.names,
                          [&](const TableName& n) { return n.learned && n.expires <= now; });
            for (auto& n : after.names) {
                auto a = answers.find({table, n.name});
                if (a == answers.end())
                    continue;
                r.asked++;
                if (!a->second) {
                    r.failed++;
                    r.errors.push_back(table + " " + n.name + ": " + a->second.error().message);
                    n.error = a->second.error().message;
                    n.expires = now + kRetry;
                    continue;
                }
                n.addresses = a->second->addresses;
                n.ttl = a->second->ttl;
                n.expires = expiry_of(n.ttl, now);
                n.error.clear();
            }
            if (auto w = apply(tables, *fresh, table, std::move(after)); !w)
                return w;
        }
        return {};
    });
    if (!ok)
        return ok.error();
    return r;
}

} // namespace xgw::fw
