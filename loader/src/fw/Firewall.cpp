#include <xgw/fw/Firewall.h>

#include "SealedDocument.h"

#include <xgw/bpf/MapMemory.h>
#include <xgw/bpf/TypedMap.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <deque>
#include <set>

namespace xgw::fw {

namespace {

constexpr const char* kMaps[] = {
    "xgw_fw_ctl",   "xgw_fw_gens",  "xgw_fw_bitsets", "xgw_fw_src4",  "xgw_fw_dst4",
    "xgw_fw_src6",  "xgw_fw_dst6",  "xgw_fw_ports",   "xgw_fw_proto", "xgw_fw_flags",
    "xgw_fw_icmp",  "xgw_fw_iface", "xgw_fw_rules",   "xgw_fw_counters", "xgw_fw_logged",
    "xgw_fw_source",
    "xgw_nat_rules", "xgw_nat_gens",
    "xgw_fw_tests", "xgw_fw_nexthops", "xgw_fw_ipsec",
};
constexpr std::uint32_t kDefaultSlot = 0;
constexpr std::uint32_t kBitsetsPerGen = XGW_FW_MAX_BITSETS / XGW_FW_GENERATIONS;
// source_len of a generation being written: nothing may switch to it or trust its maps.
constexpr std::uint32_t kUnfinished = 0xffffffff;
// How often a reader starts over when writers switched generations under it.
constexpr int kReadAttempts = 16;

Error map_error(int err, const std::string& what) { return Error::from_errno(err, what); }

// Writes values at consecutive indexes of an array map in batches.
template <class V>
Result<void> write_array(int fd, std::uint32_t first, const std::vector<V>& values,
                         const char* what) {
    constexpr std::size_t kBatch = 8192;
    std::vector<std::uint32_t> keys;
    for (std::size_t off = 0; off < values.size(); off += kBatch) {
        std::size_t n = std::min(kBatch, values.size() - off);
        keys.resize(n);
        for (std::size_t i = 0; i < n; i++)
            keys[i] = first + static_cast<std::uint32_t>(off + i);
        __u32 count = static_cast<__u32>(n);
        if (bpf_map_update_batch(fd, keys.data(), values.data() + off, &count, nullptr) != 0)
            return map_error(errno, std::string("write ") + what);
    }
    return {};
}

// Deletes every key of a map for which pred(key) holds.
template <class K, class Pred> Result<void> erase_if(int fd, Pred pred, const char* what) {
    for (const K& key : map_keys<K>(fd))
        if (pred(key) && bpf_map_delete_elem(fd, &key) != 0 && errno != ENOENT)
            return map_error(errno, std::string("clear ") + what);
    return {};
}

template <class Key>
Result<void> write_lpm(int fd, std::uint32_t gen_dir, const std::vector<LpmEntry>& entries,
                       std::size_t addr_len, const char* what) {
    for (const auto& e : entries) {
        Key key{};
        key.prefixlen = 8 + e.length;
        key.gen_dir = static_cast<std::uint8_t>(gen_dir);
        std::memcpy(key.addr, e.addr.data(), addr_len);
        if (bpf_map_update_elem(fd, &key, &e.bitset, BPF_ANY) != 0)
            return map_error(errno, std::string("write ") + what);
    }
    return {};
}

// Counter slots for the new rules: a rule whose number and text the live ruleset has too
// keeps that rule's slot (and so its counters and its flows); every other rule gets a slot
// never handed out before, counted up from *next, so that flows of rules that left the
// ruleset (which name their rule's slot) count on no new rule.
std::vector<std::uint32_t> assign_slots(const InstalledRuleset& live,
                                        const std::vector<std::string>& texts,
                                        const std::vector<std::uint16_t>& numbers,
                                        std::vector<std::uint32_t>* fresh, std::uint32_t* next) {
    std::map<std::pair<std::uint16_t, std::string>, std::deque<std::uint32_t>> reusable;
    std::set<std::uint32_t> taken{kDefaultSlot};
    for (const auto& r : live.rules) {
        reusable[{r.number, r.text}].push_back(r.slot);
        taken.insert(r.slot);
    }
    std::vector<std::uint32_t> slots;
    for (std::size_t i = 0; i < texts.size(); i++) {
        auto& q = reusable[{numbers[i], texts[i]}];
        if (!q.empty()) {
            slots.push_back(q.front());
            q.pop_front();
            continue;
        }
        while (taken.count(*next)) // after a wrap: a slot in force stays its rule's
            ++*next;
        taken.insert(*next);
        slots.push_back(*next);
        fresh->push_back((*next)++);
    }
    return slots;
}

// Entries of a generation's port image: both directions' sport and dport tables when a rule
// of the generation names a port, else one (the data path does not look ports up then).
std::uint32_t port_entries(const CompiledRuleset& compiled) {
    constexpr std::uint32_t kPortFields = (1u << XGW_FW_F_SPORT) | (1u << XGW_FW_F_DPORT);
    for (const DirImage& img : compiled.dir)
        if (img.fields_used & kPortFields)
            return 2 * 2 * XGW_FW_PORT_SLOTS;
    return 1;
}

// Makes a generation's own map (BPF_F_INNER_MAP: sized to its ruleset), fills it, and puts it
// in the outer map's slots of generation gen (slots per generation), which hold it from then
// on; the map it replaces goes once no packet uses it.
template <class Fill>
Result<void> make_generation_map(int outer, std::uint32_t gen, std::uint32_t slots,
                                 const char* name, std::uint32_t value_size, std::size_t entries,
                                 Fill fill) {
    LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_INNER_MAP);
    UniqueFd inner(bpf_map_create(BPF_MAP_TYPE_ARRAY, name, sizeof(std::uint32_t), value_size,
                                  static_cast<std::uint32_t>(std::max<std::size_t>(entries, 1)),
                                  &opts));
    if (!inner)
        return map_error(errno, std::string("make ") + name);
    if (auto ok = fill(inner.get()); !ok)
        return ok;
    int fd = inner.get();
    for (std::uint32_t slot = gen * slots; slot < (gen + 1) * slots; slot++)
        if (bpf_map_update_elem(outer, &slot, &fd, BPF_ANY) != 0)
            return map_error(errno, std::string("put ") + name);
    return {};
}

std::string policy_name(Policy p) { return p == Policy::Deny ? "deny" : "accept"; }

} // namespace

Result<Firewall> Firewall::open(const PinPaths& paths) {
    std::map<std::string, UniqueFd> fds;
    for (const char* name : kMaps) {
        auto fd = open_pinned_map(paths, name);
        if (!fd)
            return fd.error();
        fds.emplace(name, std::move(*fd));
    }
    return Firewall(std::move(fds));
}

Result<std::optional<nlohmann::json>> Firewall::document(std::uint32_t gen) const {
    xgw_fw_gen header{};
    if (bpf_map_lookup_elem(fd("xgw_fw_gens"), &gen, &header) != 0)
        return map_error(errno, "read xgw_fw_gens");
    // Without filtering, a generation may still hold NAT rules; without either, nothing.
    if (header.source_len == 0)
        return std::optional<nlohmann::json>{};
    if (header.source_len == kUnfinished)
        return make_error(Errc::Conflict, "generation " + std::to_string(gen) +
                                              " was being written by a load that did not finish");
    auto stored = read_document(gen, header.source_len);
    if (!stored)
        return stored.error();
    auto body = open_sealed_document(*stored);
    if (!body)
        return body.error();
    auto j = nlohmann::json::parse(*body, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return make_error(Errc::Conflict, "the stored ruleset document is unreadable");
    return std::optional<nlohmann::json>(std::move(j));
}

Result<InstalledRuleset> Firewall::installed() const {
    // No lock: a writer only rewrites the generation that is not live, but two switches while
    // this reads could make it the live one again; the token says whether that happened.
    for (int attempt = 0;; attempt++) {
        auto before = ctl();
        if (!before)
            return before.error();
        auto doc = document(before->gen & 1);
        auto after = ctl();
        if (!after)
            return after.error();
        if (after->token != before->token && attempt + 1 < kReadAttempts)
            continue;
        if (!doc)
            return doc.error();
        InstalledRuleset out;
        out.enabled = after->enabled;
        if (*doc)
            read_installed(**doc, out);
        return out;
    }
}

void Firewall::read_installed(const nlohmann::json& j, InstalledRuleset& out) {
    out.policy = j.value("policy", "deny") == "deny" ? Policy::Deny : Policy::Accept;
    out.policy_set = j.value("policy_set", false);
    for (const auto& r : j.value("rules", nlohmann::json::array()))
        out.rules.push_back({r.at("number").get<std::uint16_t>(), r.at("text").get<std::string>(),
                             r.at("slot").get<std::uint32_t>()});
    for (const auto& r : j.value("nat", nlohmann::json::array()))
        out.nat.push_back(r.get<std::string>());
    out.before = j.value("before", "");
    for (const auto& f : j.value("fib", nlohmann::json::array()))
        out.fib[f.at(0).get<std::uint32_t>()] = f.at(1).get<std::uint32_t>();
}

Result<Firewall::Plan> Firewall::plan(const CompiledRuleset& compiled, const GenerationDoc& spec,
                                      const NatImage& nat) const {
    auto live = installed();
    if (!live)
        return live.error();
    auto ctl = this->ctl();
    if (!ctl)
        return ctl.error();
    Plan p;
    p.ctl = *ctl;
    p.target = 1 - (ctl->gen & 1);
    p.next_slot = ctl->next_slot;
    p.slots = assign_slots(*live, spec.texts, spec.numbers, &p.fresh, &p.next_slot);
    p.sealed = seal_document(document_text(compiled, spec, nat, p.slots));
    p.live_slots.insert(kDefaultSlot);
    for (const auto& r : live->rules)
        p.live_slots.insert(r.slot);
    if (auto ok = check_room(p.target, compiled, nat.rules.size(), p.sealed.size(),
                             p.live_slots.size() + p.fresh.size());
        !ok)
        return ok.error();
    return p;
}

Result<void> Firewall::install(const CompiledRuleset& compiled, const GenerationDoc& spec,
                               const NatImage& nat) {
    // Everything that can be known is checked before the first write, so that a refused
    // ruleset leaves both generations (and a pending roll back) as they were.
    auto plan = this->plan(compiled, spec, nat);
    if (!plan)
        return plan.error();
    const auto& [ctl, target, slots, fresh, next_slot, sealed, live_slots] = *plan;
    const bool filter = spec.filter;
    const Policy policy = spec.policy;

    // From here the target generation is neither the old one nor the new one: say so first,
    // so that a roll back or a reader never trusts it if this process dies half-way.
    xgw_fw_gen unfinished{};
    unfinished.source_len = kUnfinished;
    if (bpf_map_update_elem(fd("xgw_fw_gens"), &target, &unfinished, BPF_ANY) != 0)
        return map_error(errno, "write xgw_fw_gens");
    if (auto ok = prune_counters(live_slots); !ok)
        return ok.error();
    for (std::uint32_t slot : fresh)
        if (auto ok = this->zero(slot); !ok)
            return ok.error();
    if (!ctl.enabled)
        if (auto ok = this->zero(kDefaultSlot); !ok)
            return ok.error();
    if (auto ok = make_logged(compiled, slots); !ok)
        return ok.error();

    if (auto ok = clear_generation(target); !ok)
        return ok.error();
    if (auto ok = write_generation(target, compiled, slots); !ok)
        return ok.error();
    if (auto ok = write_nat(target, nat.rules); !ok)
        return ok.error();
    xgw_fw_gen header{};
    for (unsigned d = 0; d < 2; d++) {
        const DirImage& img = compiled.dir[d];
        header.dir[d].nrules = static_cast<std::uint32_t>(img.rules.size());
        header.dir[d].fields_used = img.fields_used;
        header.dir[d].any_iface_bitset = img.any_iface;
        header.dir[d].any_recv_bitset = img.any_recv;
        header.dir[d].probe_bitset = img.probe;
        header.dir[d].probe_only_bitset = img.probe_only;
        header.dir[d].ntests = static_cast<std::uint8_t>(img.tests.size());
        for (std::size_t k = 0; k < img.tests.size() && k < XGW_FW_TESTS; k++) {
            header.dir[d].test_table[k] = img.tests[k].table;
            header.dir[d].test_dst |= img.tests[k].dst << k;
        }
    }
    header.default_action = policy == Policy::Deny ? XGW_FW_DENY : XGW_FW_ALLOW;
    header.default_counter = kDefaultSlot;
    header.has_state = compiled.has_state;
    if (auto ok = write_document(target, sealed, header); !ok)
        return ok.error();

    // The one step that changes what packets see.
    std::uint32_t zero = 0;
    xgw_fw_ctl next{filter ? 1u : 0u, target, 0, ctl.token + 1, next_slot};
    if (bpf_map_update_elem(fd("xgw_fw_ctl"), &zero, &next, BPF_ANY) != 0)
        return map_error(errno, "switch to the new ruleset");
    return {};
}

std::string Firewall::document_text(const CompiledRuleset& compiled, const GenerationDoc& spec,
                                    const NatImage& nat, const std::vector<std::uint32_t>& slots) {
    nlohmann::json doc{{"policy", policy_name(spec.policy)}, {"policy_set", spec.policy_set},
                       {"filter", spec.filter}, {"rules", nlohmann::json::array()},
                       {"nat", nat.texts}, {"fib", nlohmann::json::array()}};
    for (const auto& [table, index] : compiled.fib)
        doc["fib"].push_back({table, index});
    for (std::size_t i = 0; i < spec.texts.size(); i++)
        doc["rules"].push_back(
            {{"number", spec.numbers[i]}, {"text", spec.texts[i]}, {"slot", slots[i]}});
    if (!spec.before.empty())
        doc["before"] = spec.before;
    return doc.dump();
}

Result<void> Firewall::check_fits(const CompiledRuleset& compiled, const GenerationDoc& spec,
                                  const NatImage& nat) const {
    auto p = plan(compiled, spec, nat);
    return p ? Result<void>{} : p.error();
}

namespace {

// Entries of an LPM map whose generation is not gen: those that stay while gen is rewritten.
template <class Key> std::size_t entries_besides(int fd, std::uint32_t gen) {
    std::size_t n = 0;
    for (const Key& key : map_keys<Key>(fd))
        n += static_cast<std::uint32_t>(key.gen_dir >> 1) != gen;
    return n;
}

std::uint32_t max_entries(int fd) {
    bpf_map_info info{};
    __u32 len = sizeof info;
    return bpf_obj_get_info_by_fd(fd, &info, &len) == 0 ? info.max_entries : 0;
}

} // namespace

Result<void> Firewall::check_room(std::uint32_t target, const CompiledRuleset& compiled,
                                  std::size_t nat_rules, std::size_t document_size,
                                  std::size_t counter_slots) const {
    std::vector<std::string> short_of;
    auto need = [&](const std::string& what, std::size_t wanted, std::size_t kept,
                    std::size_t room) {
        if (wanted + kept > room)
            short_of.push_back(what + ": " + std::to_string(wanted) + " in this ruleset" +
                               (kept ? " + " + std::to_string(kept) + " of the live one" : "") +
                               ", room for " + std::to_string(room));
    };
    // The address tries hold both generations and both directions at once.
    struct Trie {
        const char* map;
        const char* what;
        std::vector<LpmEntry> DirImage::*entries;
        bool v6;
    };
    for (const Trie& t : {Trie{"xgw_fw_src4", "IPv4 source prefixes", &DirImage::src4, false},
                          Trie{"xgw_fw_dst4", "IPv4 destination prefixes", &DirImage::dst4, false},
                          Trie{"xgw_fw_src6", "IPv6 source prefixes", &DirImage::src6, true},
                          Trie{"xgw_fw_dst6", "IPv6 destination prefixes", &DirImage::dst6, true}}) {
        std::size_t wanted = (compiled.dir[0].*t.entries).size() + (compiled.dir[1].*t.entries).size();
        if (wanted == 0)
            continue;
        std::size_t kept = t.v6 ? entries_besides<xgw_fw_lpm6_key>(fd(t.map), target)
                                : entries_besides<xgw_fw_lpm4_key>(fd(t.map), target);
        need(t.what, wanted, kept, max_entries(fd(t.map)));
    }
    need("distinct rule sets", compiled.bitsets.size(), 0, kBitsetsPerGen);
    // The generation's own maps are made for it: more than the memory budget is refused.
    std::uint64_t bytes =
        map_memory_estimate({BPF_MAP_TYPE_ARRAY, 4, sizeof(xgw_fw_bitset),
                             static_cast<std::uint32_t>(compiled.bitsets.size()), 0}, 1) +
        map_memory_estimate({BPF_MAP_TYPE_ARRAY, 4, 4, port_entries(compiled), 0}, 1);
    for (const DirImage& img : compiled.dir)
        bytes += map_memory_estimate({BPF_MAP_TYPE_ARRAY, 4, sizeof(xgw_fw_rule),
                                      static_cast<std::uint32_t>(img.rules.size()), 0}, 1);
    if (auto budget = map_memory_budget(); budget && bytes > *budget)
        short_of.push_back("memory: its bitsets, port images and rules take " +
                           format_bytes(bytes) + ", xgw may take " + format_bytes(*budget));
    need("rule counters (with the live ruleset's)", counter_slots, 0, XGW_FW_COUNTER_SLOTS);
    need("fwd next hops", compiled.nexthops.size(), 0, XGW_FW_MAX_NEXTHOPS);
    need("ipsec matches", compiled.ipsec.size(), 0, XGW_FW_MAX_IPSEC);
    need("NAT rules", nat_rules, 0, XGW_NAT_MAX_RULES);
    need("bytes of stored ruleset", document_size, 0,
         std::size_t(XGW_FW_SOURCE_CHUNKS) * XGW_FW_CHUNK_SIZE);
    if (short_of.empty())
        return {};
    std::string message = "the ruleset does not fit";
    for (const auto& s : short_of)
        message += "; " + s;
    return make_error(Errc::Usage, message);
}

Result<void> Firewall::roll_back() {
    auto ctl = this->ctl();
    if (!ctl)
        return ctl.error();
    std::uint32_t other = 1 - (ctl->gen & 1);
    // Before the first ruleset nothing was classified: going back means passing everything
    // (the other generation is empty then, so no NAT either). A damaged or unfinished
    // generation is never switched to: the live one stays.
    auto doc = document(other);
    if (!doc)
        return doc.error().prefix("no roll back, the live ruleset stays");
    bool filter = *doc && (*doc)->value("filter", true);
    std::uint32_t zero = 0;
    xgw_fw_ctl next{filter ? 1u : 0u, other, 0, ctl->token + 1, ctl->next_slot};
    if (bpf_map_update_elem(fd("xgw_fw_ctl"), &zero, &next, BPF_ANY) != 0)
        return map_error(errno, "switch back to the previous ruleset");
    return {};
}

Result<xgw_fw_ctl> Firewall::ctl() const {
    std::uint32_t zero = 0;
    xgw_fw_ctl ctl{};
    if (bpf_map_lookup_elem(fd("xgw_fw_ctl"), &zero, &ctl) != 0)
        return map_error(errno, "read xgw_fw_ctl");
    return ctl;
}

Result<void> Firewall::set_ctl(const xgw_fw_ctl& ctl) const {
    std::uint32_t zero = 0;
    if (bpf_map_update_elem(fd("xgw_fw_ctl"), &zero, &ctl, BPF_ANY) != 0)
        return map_error(errno, "write xgw_fw_ctl");
    return {};
}

Result<void> Firewall::clear_generation(std::uint32_t gen) const {
    auto lpm_gen = [gen](const auto& key) { return static_cast<std::uint32_t>(key.gen_dir >> 1) == gen; };
    if (auto ok = erase_if<xgw_fw_lpm4_key>(fd("xgw_fw_src4"), lpm_gen, "xgw_fw_src4"); !ok)
        return ok;
    if (auto ok = erase_if<xgw_fw_lpm4_key>(fd("xgw_fw_dst4"), lpm_gen, "xgw_fw_dst4"); !ok)
        return ok;
    if (auto ok = erase_if<xgw_fw_lpm6_key>(fd("xgw_fw_src6"), lpm_gen, "xgw_fw_src6"); !ok)
        return ok;
    if (auto ok = erase_if<xgw_fw_lpm6_key>(fd("xgw_fw_dst6"), lpm_gen, "xgw_fw_dst6"); !ok)
        return ok;
    if (auto ok = erase_if<xgw_fw_iface_key>(
            fd("xgw_fw_iface"), [gen](const auto& k) { return (k.gen_dir & 3) >> 1 == gen; },
            "xgw_fw_iface");
        !ok)
        return ok;
    return erase_if<xgw_fw_chunk_key>(
        fd("xgw_fw_source"), [gen](const auto& k) { return k.gen == gen; }, "xgw_fw_source");
}

Result<void> Firewall::write_generation(std::uint32_t gen, const CompiledRuleset& compiled,
                                        const std::vector<std::uint32_t>& slots) const {
    auto bitsets = make_generation_map(fd("xgw_fw_bitsets"), gen, 2, "xgw_fw_bitsets",
                                       sizeof(xgw_fw_bitset), compiled.bitsets.size(),
                                       [&](int inner) {
                                           return write_array(inner, 0, compiled.bitsets,
                                                              "xgw_fw_bitsets");
                                       });
    if (!bitsets)
        return bitsets;
    auto ports = make_generation_map(
        fd("xgw_fw_ports"), gen, 1, "xgw_fw_ports", sizeof(std::uint32_t), port_entries(compiled),
        [&](int inner) -> Result<void> {
            if (port_entries(compiled) == 1)
                return {};
            for (std::uint32_t d = 0; d < 2; d++) {
                const DirImage& img = compiled.dir[d];
                if (auto ok = write_array(inner, (d * 2) * XGW_FW_PORT_SLOTS, img.sport, "sport");
                    !ok)
                    return ok;
                if (auto ok =
                        write_array(inner, (d * 2 + 1) * XGW_FW_PORT_SLOTS, img.dport, "dport");
                    !ok)
                    return ok;
            }
            return {};
        });
    if (!ports)
        return ports;
    if (auto ok = write_array(fd("xgw_fw_nexthops"), gen * XGW_FW_MAX_NEXTHOPS, compiled.nexthops,
                              "xgw_fw_nexthops");
        !ok)
        return ok;
    if (auto ok = write_array(fd("xgw_fw_ipsec"), gen * XGW_FW_MAX_IPSEC, compiled.ipsec,
                              "xgw_fw_ipsec");
        !ok)
        return ok;
    for (std::uint32_t d = 0; d < 2; d++) {
        const DirImage& img = compiled.dir[d];
        const std::uint32_t gd = gen * 2 + d;
        std::vector<xgw_fw_rule> rules = img.rules;
        for (auto& r : rules)
            r.counter = slots.at(r.counter);
        Result<void> steps[] = {
            make_generation_map(fd("xgw_fw_rules"), gd, 1, "xgw_fw_rules", sizeof(xgw_fw_rule),
                                rules.size(),
                                [&](int inner) {
                                    return write_array(inner, 0, rules, "xgw_fw_rules");
                                }),
            write_array(fd("xgw_fw_proto"), gd * 2 * 256, img.proto, "xgw_fw_proto"),
            write_array(fd("xgw_fw_flags"), gd * XGW_FW_FLAG_SLOTS, img.flags, "xgw_fw_flags"),
            write_array(fd("xgw_fw_icmp"), gd * XGW_FW_ICMP_SLOTS, img.icmp, "xgw_fw_icmp"),
            write_array(fd("xgw_fw_tests"), gd * XGW_FW_TEST_SLOTS, img.test_masks,
                        "xgw_fw_tests"),
            write_lpm<xgw_fw_lpm4_key>(fd("xgw_fw_src4"), gd, img.src4, 4, "xgw_fw_src4"),
            write_lpm<xgw_fw_lpm4_key>(fd("xgw_fw_dst4"), gd, img.dst4, 4, "xgw_fw_dst4"),
            write_lpm<xgw_fw_lpm6_key>(fd("xgw_fw_src6"), gd, img.src6, 16, "xgw_fw_src6"),
            write_lpm<xgw_fw_lpm6_key>(fd("xgw_fw_dst6"), gd, img.dst6, 16, "xgw_fw_dst6"),
        };
        for (auto& s : steps)
            if (!s)
                return s;
        for (const auto& [ifindex, id] : img.iface) {
            xgw_fw_iface_key key{gd, ifindex};
            if (bpf_map_update_elem(fd("xgw_fw_iface"), &key, &id, BPF_ANY) != 0)
                return map_error(errno, "write xgw_fw_iface");
        }
        for (const auto& [ifindex, id] : img.recv) {
            xgw_fw_iface_key key{gd | XGW_FW_RECV_TABLE, ifindex};
            if (bpf_map_update_elem(fd("xgw_fw_iface"), &key, &id, BPF_ANY) != 0)
                return map_error(errno, "write xgw_fw_iface");
        }
    }
    return {};
}

Result<void> Firewall::write_nat(std::uint32_t gen, const std::vector<xgw_nat_rule>& rules) const {
    if (auto ok = write_array(fd("xgw_nat_rules"), gen * XGW_NAT_MAX_RULES, rules, "xgw_nat_rules");
        !ok)
        return ok;
    xgw_nat_gen header{static_cast<std::uint32_t>(rules.size()), 0};
    if (bpf_map_update_elem(fd("xgw_nat_gens"), &gen, &header, BPF_ANY) != 0)
        return map_error(errno, "write xgw_nat_gens");
    return {};
}

Result<void> Firewall::write_document(std::uint32_t gen, const std::string& doc,
                                      xgw_fw_gen header) const {
    for (std::uint32_t i = 0; i * XGW_FW_CHUNK_SIZE < doc.size(); i++) {
        xgw_fw_chunk_key key{gen, i};
        xgw_fw_chunk chunk{};
        doc.copy(chunk.data, XGW_FW_CHUNK_SIZE, std::size_t(i) * XGW_FW_CHUNK_SIZE);
        if (bpf_map_update_elem(fd("xgw_fw_source"), &key, &chunk, BPF_ANY) != 0)
            return map_error(errno, "store the ruleset");
    }
    header.source_len = static_cast<std::uint32_t>(doc.size());
    if (bpf_map_update_elem(fd("xgw_fw_gens"), &gen, &header, BPF_ANY) != 0)
        return map_error(errno, "write xgw_fw_gens");
    return {};
}

Result<std::string> Firewall::read_document(std::uint32_t gen, std::uint32_t len) const {
    std::string doc;
    for (std::uint32_t i = 0; doc.size() < len; i++) {
        xgw_fw_chunk_key key{gen, i};
        xgw_fw_chunk chunk{};
        if (bpf_map_lookup_elem(fd("xgw_fw_source"), &key, &chunk) != 0)
            return map_error(errno, "read the stored ruleset");
        doc.append(chunk.data, std::min<std::size_t>(XGW_FW_CHUNK_SIZE, len - doc.size()));
    }
    return doc;
}

Result<RuleCounters> Firewall::counters(std::uint32_t slot) const {
    auto view = PerCpuMap<std::uint32_t, xgw_fw_counter>::view(fd("xgw_fw_counters"),
                                                                "xgw_fw_counters");
    if (!view)
        return view.error();
    RuleCounters sum;
    // A slot the loader has not made yet (the default rule's before the first ruleset) has
    // counted nothing.
    auto cpus = view->lookup(slot);
    if (!cpus)
        return sum;
    for (const auto& c : *cpus) {
        sum.packets += c.packets;
        sum.bytes += c.bytes;
        sum.last_ns = std::max<std::uint64_t>(sum.last_ns, c.last_ns);
    }
    return sum;
}

Result<void> Firewall::prune_counters(const std::set<std::uint32_t>& keep) const {
    if (auto ok = erase_if<xgw_fw_logged_key>(
            fd("xgw_fw_logged"), [&](const auto& key) { return !keep.count(key.slot); },
            "xgw_fw_logged");
        !ok)
        return ok;
    return erase_if<std::uint32_t>(
        fd("xgw_fw_counters"), [&](std::uint32_t slot) { return !keep.count(slot); },
        "xgw_fw_counters");
}

Result<void> Firewall::make_logged(const CompiledRuleset& compiled,
                                   const std::vector<std::uint32_t>& slots) const {
    const std::uint64_t zero = 0;
    for (const DirImage& img : compiled.dir)
        for (const auto& r : img.rules) {
            if (!(r.flags & XGW_FW_R_LOG))
                continue;
            // A kept rule's entry stays, with what it has logged. Looked up first: tries
            // before Linux 6.13 ignore BPF_NOEXIST on an existing key.
            xgw_fw_logged_key key{32, slots.at(r.counter)};
            std::uint64_t logged = 0;
            if (bpf_map_lookup_elem(fd("xgw_fw_logged"), &key, &logged) == 0)
                continue;
            if (bpf_map_update_elem(fd("xgw_fw_logged"), &key, &zero, BPF_ANY) != 0)
                return map_error(errno, "write xgw_fw_logged");
        }
    return {};
}

Result<void> Firewall::zero(std::uint32_t slot) const {
    int ncpus = libbpf_num_possible_cpus();
    std::vector<xgw_fw_counter> zeros(ncpus > 0 ? ncpus : 1);
    if (bpf_map_update_elem(fd("xgw_fw_counters"), &slot, zeros.data(), BPF_ANY) != 0)
        return map_error(errno, "zero counter " + std::to_string(slot));
    return {};
}

} // namespace xgw::fw
