#include <xgw/fw/FirewallControl.h>

#include "Rollback.h"
#include "bpf/Programs.h"

#include <xgw/Datapath.h>
#include <xgw/StateLock.h>

#include <xgw/acct/Accounting.h>
#include <xgw/fw/FirewallTables.h>
#include <xgw/fw/FlowLifetimes.h>
#include <xgw/fw/FlowTable.h>
#include <xgw/fw/RulePrinter.h>
#include <xgw/nat/InterfaceAddresses.h>
#include <xgw/nat/NatState.h>

#include <algorithm>
#include <memory>

namespace xgw::fw {

namespace {

constexpr std::uint32_t kDefaultSlot = 0;

// The numbers of the rules that are not among `numbers`, and which numbers were not found.
std::vector<std::uint16_t> missing_numbers(const Ruleset& rs,
                                           const std::vector<std::uint16_t>& numbers) {
    std::vector<std::uint16_t> missing;
    for (auto n : numbers)
        if (std::none_of(rs.firewall.rules.begin(), rs.firewall.rules.end(),
                         [n](const Rule& r) { return r.number == n; }))
            missing.push_back(n);
    return missing;
}

// An inbound rule that tags packets for routing: its tag travels from XDP to the stack as XDP
// metadata, which some kernels refuse in XDP programs (then in a note, bpf/.../policy.h).
const Rule* inbound_routing_tag(const Ruleset& rs) {
    for (const Rule& r : rs.firewall.rules) {
        const auto k = r.action.kind;
        if ((k == ActionKind::SetMark || k == ActionKind::SetFib || k == ActionKind::Fwd) &&
            r.options.direction != Direction::Out)
            return &r;
    }
    return nullptr;
}

// An interface where native XDP judges inbound packets: on a kernel that refuses XDP metadata,
// its tags cannot reach the stack (generic XDP's reach tc ingress in a per-CPU note instead,
// which native XDP's batches of frames would overwrite before tc sees them).
std::optional<std::string> native_interface(const PinPaths& paths) {
    auto dp = Datapath::open(paths);
    if (!dp)
        return std::nullopt;
    auto ifaces = dp->status();
    if (!ifaces)
        return std::nullopt;
    for (const auto& i : *ifaces)
        if (i.mode == XdpMode::Native && !i.acct_only)
            return i.name;
    return std::nullopt;
}

// A ruleset without a chosen policy ends in ipfw's default: deny.
Policy effective_policy(const InstalledRuleset& in) {
    return in.policy_set ? in.policy : Policy::Deny;
}

// "[name]" and its statements, one a line (a section without any still says something: an
// empty [acct] takes every definition away).
std::string section(const char* name, const std::vector<std::string>& statements) {
    std::string out = std::string("[") + name + "]\n";
    for (const auto& s : statements)
        out += s + "\n";
    return out;
}

// The parts of a ruleset that live outside the generations: each applies its section, adds
// to was the statements that would put back what it replaced, and to undo how to.
Result<void> apply_acct(const PinPaths& paths, const acct::Definitions& defs, std::string& was,
                        Rollback& undo) {
    auto opened = acct::Accounting::open(paths);
    if (!opened)
        return opened.error();
    auto acc = std::make_shared<acct::Accounting>(std::move(*opened));
    auto now = acc->definitions();
    if (!now)
        return now.error();
    was += section("acct", acct::printDefinitions(*now));
    undo.add([acc, now = *now] { (void)acc->apply(now); });
    return acc->apply(defs);
}

Result<void> apply_tables(const PinPaths& paths,
                          const std::map<std::string, std::vector<IpPrefix>>& contents,
                          std::string& was, Rollback& undo) {
    auto opened = FirewallTables::open(paths);
    if (!opened)
        return opened.error();
    auto tables = std::make_shared<FirewallTables>(std::move(*opened));
    std::map<std::string, std::vector<IpPrefix>> old; // a table made by the load was empty
    for (const auto& [name, prefixes] : contents) {
        auto entries = tables->list(name);
        if (!entries && entries.error().kind != Errc::NotFound)
            return entries.error();
        old[name] = entries ? std::move(*entries) : std::vector<IpPrefix>{};
    }
    was += section("tables", printTables(old));
    undo.add([tables, old] {
        for (const auto& [name, prefixes] : old)
            (void)tables->replace(name, prefixes);
    });
    for (const auto& [name, prefixes] : contents)
        if (auto ok = tables->replace(name, prefixes); !ok)
            return ok.error().prefix(name);
    return {};
}

Result<void> apply_lifetimes(const PinPaths& paths,
                             const std::map<std::string, std::uint32_t>& lifetimes,
                             std::string& was, Rollback& undo) {
    auto opened = FlowTable::open(paths);
    if (!opened)
        return opened.error();
    auto flows = std::make_shared<FlowTable>(std::move(*opened));
    auto now = flows->lifetimes();
    if (!now)
        return now.error();
    Settings old;
    for (const auto& [name, seconds] : lifetimes)
        old.lifetimes[name] = (*now)[*lifetime_index(name)];
    was += section("set", printSettings(old));
    undo.add([flows, old] {
        for (const auto& [name, seconds] : old.lifetimes)
            (void)flows->set_lifetime(name, seconds);
    });
    for (const auto& [name, seconds] : lifetimes)
        if (auto ok = flows->set_lifetime(name, seconds); !ok)
            return ok;
    return {};
}

std::string join_numbers(const std::vector<std::uint16_t>& numbers) {
    std::string out;
    for (auto n : numbers)
        out += (out.empty() ? "" : ", ") + std::to_string(n);
    return out;
}

// Whether the tables the ruleset would make fit beside those that exist (tables: null when
// there is no state, so none exists).
Result<void> check_table_room(const FirewallTables* tables,
                              const std::vector<std::string>& missing) {
    std::size_t existing = 0;
    if (tables) {
        auto names = tables->names();
        if (!names)
            return names.error();
        existing = names->size();
    }
    if (existing + missing.size() <= XGW_FW_USER_TABLES)
        return {};
    std::string named;
    for (const auto& n : missing)
        named += (named.empty() ? "" : ", ") + n;
    return make_error(Errc::Usage, "the ruleset names " + std::to_string(missing.size()) +
                                       " new tables (" + named + ") beside " +
                                       std::to_string(existing) + "; xgw holds " +
                                       std::to_string(XGW_FW_USER_TABLES) +
                                       " ('xgw fw table NAME destroy' frees one)");
}

} // namespace

FirewallControl::FirewallControl(PinPaths paths, HostContext host, const ServiceDb* services)
    : paths_(std::move(paths)), host_(std::move(host)), services_(services),
      fib_(kernel_fib_rules()) {}

Result<FirewallControl::Live> FirewallControl::live() const {
    auto fw = firewall();
    if (!fw)
        return fw.error();
    auto installed = fw->installed();
    if (!installed)
        return installed.error();
    return Live{std::move(*fw), std::move(*installed)};
}

Result<FirewallControl::Controlled> FirewallControl::controlled() const {
    auto fw = firewall();
    if (!fw)
        return fw.error();
    auto block = fw->ctl();
    if (!block)
        return block.error();
    return Controlled{std::move(*fw), *block};
}

Result<FirewallControl::Current> FirewallControl::current() const {
    auto live = this->live();
    if (!live)
        return live.error();
    auto ruleset = parse_installed(live->installed);
    if (!ruleset)
        return ruleset.error();
    return Current{std::move(live->installed), std::move(*ruleset)};
}

Result<Ruleset> FirewallControl::parse_installed(const InstalledRuleset& installed) const {
    std::string text;
    for (const auto& r : installed.rules)
        text += r.text + "\n";
    if (!installed.nat.empty())
        text += "[nat]\n";
    for (const auto& r : installed.nat)
        text += r + "\n";
    auto parsed = parseRuleset(text, {"<installed ruleset>", services_, 0});
    if (!parsed.ok())
        return parsed.error();
    return std::move(*parsed.ruleset);
}

Result<ChangeReport> FirewallControl::install(const Ruleset& ruleset, Policy policy,
                                              bool policy_set, bool test_only, bool filter) {
    HostContext host = host_;
    // Without xgw's state (--test anywhere, by anyone) every table the rules name is new.
    std::optional<FirewallTables> tables;
    if (auto opened = FirewallTables::open(paths_))
        tables.emplace(std::move(*opened));
    else if (!test_only)
        return opened.error();
    // Tables the rules name that do not exist yet are numbered past the real slots while the
    // ruleset is checked, so that a refused one makes none; they are made just before writing.
    std::vector<std::string> missing;
    host.table = [&](const std::string& name) -> Result<std::uint8_t> {
        if (tables) {
            auto slot = tables->find(name);
            if (!slot)
                return slot.error();
            if (*slot)
                return **slot;
        }
        auto it = std::find(missing.begin(), missing.end(), name);
        if (it == missing.end())
            it = missing.insert(missing.end(), name);
        return static_cast<std::uint8_t>(XGW_FW_MAX_TABLES + (it - missing.begin()));
    };
    auto present = fib_->list();
    if (!present)
        return present.error();
    auto fib = assign_fib_indexes(*present, fib_tables(ruleset));
    if (!fib)
        return fib.error();
    host.fib_mark = [&](std::uint32_t table) -> Result<std::uint32_t> {
        return fib->at(table) << XGW_MARK_FIB_SHIFT;
    };
    auto compile = [&]() -> Result<CompiledRuleset> {
        auto out =
            compile_ruleset(ruleset, host, policy == Policy::Deny ? XGW_FW_DENY : XGW_FW_ALLOW);
        if (out)
            out->fib = *fib;
        return out;
    };
    auto compiled = compile();
    if (!compiled)
        return compiled.error();
    for (const auto& [name, prefixes] : ruleset.tables) // [tables] may make tables too
        if (auto slot = host.table(name); !slot)
            return slot.error();
    if (auto ok = check_table_room(tables ? &*tables : nullptr, missing); !ok)
        return ok.error();
    if (tables)
        if (auto ok = tables->check_room(ruleset.tables); !ok)
            return ok.error();
    NatImage nat;
    for (const nat::NatRule& r : ruleset.nat) {
        auto rule = nat::compileNatRule(r, host_.ifindex);
        if (!rule)
            return rule.error();
        nat.rules.push_back(*rule);
        nat.texts.push_back(nat::printNatRule(r));
    }
    if (ruleset.acct)
        if (auto ok = acct::checkCapacity(*ruleset.acct); !ok)
            return ok.error();
    ChangeReport report{ruleset.firewall.rules.size(), compiled->warnings};
    if (const Rule* tag = inbound_routing_tag(ruleset); tag && !xdp_meta_supported())
        if (auto native = native_interface(paths_))
            report.warnings.push_back(
                tag->action.loc.str() +
                ": this kernel refuses XDP metadata (bpf_xdp_adjust_meta), so setmark, setfib "
                "and fwd of inbound rules judged by native XDP (" + *native +
                ") do not reach the stack's routing; generic XDP's do, and out rules and packets "
                "the forwarding offload routes itself are not affected");
    GenerationDoc doc{{}, {}, policy, policy_set, filter, {}};
    for (const Rule& r : ruleset.firewall.rules) {
        doc.texts.push_back(printRule(r));
        doc.numbers.push_back(r.number);
    }
    if (test_only) {
        // Where xgw runs here, the room left beside the live ruleset is known too.
        if (auto fw = firewall(); fw && tables)
            if (auto ok = fw->check_fits(*compiled, doc, nat); !ok)
                return ok.error();
        return report;
    }
    // me and me6 read the host's addresses from their tables: fill them before the rules go live.
    if (auto ok = tables->sync_me(host_.addresses); !ok)
        return ok.error();
    auto fw = firewall();
    if (!fw)
        return fw.error();
    if (!nat.rules.empty()) {
        // On before the rules go live, so their first packets are looked up.
        auto state = nat::NatState::open(paths_);
        if (!state)
            return state.error();
        if (auto ok = state->set_active(true); !ok)
            return ok.error();
        // Masquerade's fallback when routing cannot name the address: the interfaces' own.
        if (auto ok = nat::sync_interface_addresses(paths_); !ok)
            return ok.error();
        for (const nat::NatRule& r : ruleset.nat)
            if (r.kind == nat::NatKind::Masquerade)
                if (auto addr = nat::masquerade_address(r.ifname); !addr)
                    report.warnings.push_back(r.loc.str() + ": " + addr.error().message +
                                              ": its flows are dropped (nat show: no-address) "
                                              "until it has one");
    }
    Rollback undo;
    if (!missing.empty()) {
        for (const auto& name : missing) {
            if (auto ok = tables->ensure(name); !ok)
                return ok.error();
            undo.add([&tables, name] { (void)tables->destroy(name); });
        }
        compiled = compile(); // now with the tables' real slots
        if (!compiled)
            return compiled.error();
    }
    // setfib's ip rules first: until the switch they route nothing (no packet has their mark).
    if (auto ok = add_fib_rules(*fib_, *present, compiled->fib); !ok)
        return ok.error();
    undo.add([&] { (void)restore_fib_rules(*fib_, *present); });
    // Just before the switch: a failure here or there puts the old state back.
    if (auto ok = apply_outside(ruleset, &doc.before, undo); !ok)
        return ok.error();
    if (auto ok = fw->install(*compiled, doc, nat); !ok)
        return ok.error();
    undo.commit();
    // The rules only the ruleset before used go now; a roll back makes them again.
    if (auto ok = prune_fib_rules(*fib_, *present, compiled->fib); !ok)
        report.warnings.push_back("setfib rules of the previous ruleset stay: " +
                                  ok.error().message);
    return report;
}

Result<void> FirewallControl::apply_outside(const Ruleset& ruleset, std::string* before,
                                            Rollback& undo) const {
    std::string was;
    if (ruleset.acct)
        if (auto ok = apply_acct(paths_, *ruleset.acct, was, undo); !ok)
            return ok.error().prefix("[acct]");
    if (!ruleset.tables.empty())
        if (auto ok = apply_tables(paths_, ruleset.tables, was, undo); !ok)
            return ok.error().prefix("[tables]");
    if (!ruleset.settings.lifetimes.empty())
        if (auto ok = apply_lifetimes(paths_, ruleset.settings.lifetimes, was, undo); !ok)
            return ok.error().prefix("[set]");
    if (before)
        *before = std::move(was);
    return {};
}

Result<void> FirewallControl::restore_outside(const std::string& before) const {
    auto parsed = parseRuleset(before, {"<stored state before the load>", services_, 0});
    if (!parsed.ok())
        return parsed.error();
    Rollback undo;
    if (auto ok = apply_outside(*parsed.ruleset, nullptr, undo); !ok)
        return ok;
    undo.commit();
    return {};
}

Result<ChangeReport> FirewallControl::load(std::string_view text, const std::string& file,
                                           const LoadOptions& options) {
    auto parsed = parseRuleset(text, {file, services_, 0});
    if (!parsed.ok())
        return parsed.error();
    if (parsed.ruleset->firewall.rules.empty() && !options.allow_empty)
        return make_error(Errc::Usage, file + ": no firewall rule, so only the default rule 65535 "
                                              "would decide (--allow-empty loads it anyway)");
    const auto& chosen = parsed.ruleset->settings.policy; // [set] policy
    if (options.test_only)
        return install(*parsed.ruleset, chosen.value_or(Policy::Deny), false, true);
    return StateLock::with(paths_, [&]() -> Result<ChangeReport> {
        // A ruleset may come before the first attach; only an accepted one makes the state.
        auto dp = Datapath::open(paths_);
        if (!dp)
            return dp.error();
        if (auto ok = dp->ensure_state(); !ok)
            return ok.error();
        // Replaces what is in force without reading it back: a load is the way out of anything.
        auto live = this->live();
        if (!live)
            return live.error();
        const InstalledRuleset& in = live->installed;
        auto report = install(*parsed.ruleset, chosen.value_or(effective_policy(in)),
                              chosen || in.policy_set, false);
        if (report && options.await_confirmation) {
            // Under the same lock: no other change can come between the switch and the watchdog.
            auto token = await_confirmation();
            if (!token)
                return token.error();
            report->token = *token;
        }
        return report;
    });
}

Result<ChangeReport> FirewallControl::change(const std::function<Result<void>(Ruleset&)>& edit,
                                             std::optional<Policy> chosen, bool keep_filter) {
    return StateLock::with(paths_, [&]() -> Result<ChangeReport> {
        auto cur = current();
        if (!cur)
            return cur.error();
        if (auto ok = edit(cur->ruleset); !ok)
            return ok.error();
        const InstalledRuleset& in = cur->installed;
        return install(cur->ruleset, chosen ? *chosen : effective_policy(in),
                       chosen || in.policy_set, false, keep_filter ? in.enabled : true);
    });
}

Result<ChangeReport> FirewallControl::add(std::string_view text) {
    return change([&](Ruleset& current) -> Result<void> {
        auto& rules = current.firewall.rules;
        std::uint16_t last = rules.empty() ? 0 : rules.back().number;
        auto parsed = parseRuleset(text, {"<command line>", services_, last});
        if (!parsed.ok())
            return parsed.error();
        // Merged by number; a new rule goes after the existing rules that share its number.
        for (Rule& r : parsed.ruleset->firewall.rules) {
            auto at = std::upper_bound(rules.begin(), rules.end(), r.number,
                                       [](std::uint16_t n, const Rule& x) { return n < x.number; });
            rules.insert(at, std::move(r));
        }
        return {};
    });
}

Result<ChangeReport> FirewallControl::remove(const std::vector<std::uint16_t>& numbers) {
    return change([&](Ruleset& current) -> Result<void> {
        if (auto missing = missing_numbers(current, numbers); !missing.empty())
            return make_error(Errc::NotFound, "no rule numbered " + join_numbers(missing));
        std::erase_if(current.firewall.rules, [&](const Rule& r) {
            return std::find(numbers.begin(), numbers.end(), r.number) != numbers.end();
        });
        return {};
    });
}

Result<ChangeReport> FirewallControl::flush() {
    return StateLock::with(paths_, [&]() -> Result<ChangeReport> {
        auto report = change([](Ruleset& current) -> Result<void> {
            current.firewall.rules.clear(); // the firewall's rules only: NAT stays
            return {};
        });
        if (!report)
            return report;
        // The pins that a detach kept for the ruleset go with it, when nothing else needs them.
        auto dp = Datapath::open(paths_);
        if (!dp)
            return dp.error();
        if (auto ok = dp->remove_state_if_unused(); !ok)
            return ok.error();
        return report;
    });
}

Result<ChangeReport> FirewallControl::set_policy(Policy policy) {
    return change([](Ruleset&) -> Result<void> { return {}; }, policy);
}

Result<ChangeReport>
FirewallControl::change_nat(const std::function<Result<void>(std::vector<nat::NatRule>&)>& edit) {
    std::size_t rules = 0;
    auto report = change(
        [&](Ruleset& current) {
            auto ok = edit(current.nat);
            rules = current.nat.size();
            return ok;
        },
        std::nullopt, true);
    if (report)
        report->rules = rules;
    return report;
}

Result<std::optional<ChangeReport>> FirewallControl::rebind_interfaces() {
    return StateLock::with(paths_, [&]() -> Result<std::optional<ChangeReport>> {
        auto live = this->live();
        if (!live)
            return live.error();
        if (live->installed.rules.empty() && live->installed.nat.empty())
            return std::optional<ChangeReport>();
        auto report = change([](Ruleset&) -> Result<void> { return {}; }, std::nullopt, true);
        if (!report)
            return report.error();
        return std::optional<ChangeReport>(std::move(*report));
    });
}

Result<ChangeReport> FirewallControl::nat_add(std::string_view text) {
    auto parsed = parseRuleset(text, {"<command line>", services_, 0, "nat"});
    if (!parsed.ok())
        return parsed.error();
    return change_nat([&](std::vector<nat::NatRule>& rules) -> Result<void> {
        for (auto& r : parsed.ruleset->nat)
            rules.push_back(std::move(r));
        return {};
    });
}

Result<ChangeReport> FirewallControl::nat_remove(const std::vector<std::size_t>& positions) {
    return change_nat([&](std::vector<nat::NatRule>& rules) -> Result<void> {
        for (std::size_t p : positions)
            if (p < 1 || p > rules.size())
                return make_error(Errc::NotFound, "no NAT rule " + std::to_string(p) +
                                                      " (there are " +
                                                      std::to_string(rules.size()) + ")");
        std::vector<nat::NatRule> kept;
        for (std::size_t i = 0; i < rules.size(); i++)
            if (std::find(positions.begin(), positions.end(), i + 1) == positions.end())
                kept.push_back(rules[i]);
        rules = std::move(kept);
        return {};
    });
}

Result<ChangeReport> FirewallControl::nat_flush() {
    return StateLock::with(paths_, [&]() -> Result<ChangeReport> {
        auto report = change_nat([](std::vector<nat::NatRule>& rules) -> Result<void> {
            rules.clear();
            return {};
        });
        if (!report)
            return report;
        auto state = nat::NatState::open(paths_);
        if (!state)
            return state.error();
        if (auto ok = state->set_active(false); !ok)
            return ok.error();
        auto removed = state->flush();
        if (!removed)
            return removed.error();
        report->bindings_removed = *removed;
        return report;
    });
}

Result<void> FirewallControl::destroy_table(const std::string& name) {
    return StateLock::with(paths_, [&]() -> Result<void> {
        auto cur = current();
        if (!cur)
            return cur.error();
        std::vector<std::uint16_t> users;
        for (const Rule& r : cur->ruleset.firewall.rules)
            for (const AddressMatch* m : {&r.src.address, &r.dst.address})
                if (m->kind == AddressKind::Table && m->table == name &&
                    (users.empty() || users.back() != r.number))
                    users.push_back(r.number);
        if (!users.empty())
            return make_error(Errc::Conflict, "table '" + name + "' is named by rule " +
                                                  join_numbers(users) +
                                                  "; delete those rules first");
        // The ruleset a pending roll back would bring may name it: its slot must stay its own.
        auto ctl = controlled();
        if (!ctl)
            return ctl.error();
        if (ctl->block.pending)
            return make_error(Errc::Conflict, "a ruleset awaits 'xgw fw confirm'; destroy tables "
                                              "after it is confirmed or rolled back");
        auto tables = FirewallTables::open(paths_);
        if (!tables)
            return tables.error();
        return tables->destroy(name);
    });
}

Result<std::vector<std::string>> FirewallControl::nat_rules() const {
    auto live = this->live();
    if (!live)
        return live.error();
    return live->installed.nat;
}

Result<std::map<std::uint32_t, std::uint16_t>> FirewallControl::rules_by_slot() const {
    auto live = this->live();
    if (!live)
        return live.error();
    std::map<std::uint32_t, std::uint16_t> out;
    for (const auto& r : live->installed.rules)
        out[r.slot] = r.number;
    return out;
}

Result<std::vector<ShownRule>> FirewallControl::show() const {
    auto live = this->live();
    if (!live)
        return live.error();
    auto& [fw, installed] = *live;
    std::vector<ShownRule> out;
    for (const auto& r : installed.rules) {
        auto c = fw.counters(r.slot);
        if (!c)
            return c.error();
        out.push_back({r.number, r.text, *c});
    }
    auto c = fw.counters(kDefaultSlot);
    if (!c)
        return c.error();
    std::string policy = !installed.enabled || installed.policy == Policy::Accept
                             ? "allow ip from any to any"
                             : "deny ip from any to any";
    out.push_back({kDefaultPolicyRuleNumber, "65535 " + policy, *c});
    return out;
}

Result<std::string> FirewallControl::save() const {
    auto live = this->live();
    if (!live)
        return live.error();
    const InstalledRuleset& installed = live->installed;
    std::string out = "# xgw ruleset: 'xgw fw load' of this file gives back the state saved\n";
    for (const auto& r : installed.rules)
        out += r.text + "\n";
    if (!installed.nat.empty())
        out += "\n" + section("nat", installed.nat);
    auto defs = acct::Accounting::definitions(paths_);
    if (!defs)
        return defs.error();
    // Even when empty: a load of the file then takes away definitions made since.
    out += "\n" + section("acct", acct::printDefinitions(*defs));
    auto tables = FirewallTables::open(paths_);
    if (!tables)
        return tables.error();
    auto names = tables->names();
    if (!names)
        return names.error();
    std::map<std::string, std::vector<IpPrefix>> contents;
    for (const auto& name : *names) {
        auto entries = tables->list(name);
        if (!entries)
            return entries.error();
        contents[name] = std::move(*entries);
    }
    if (!contents.empty())
        out += "\n" + section("tables", printTables(contents));
    auto flows = FlowTable::open(paths_);
    if (!flows)
        return flows.error();
    auto lifetimes = flows->lifetimes();
    if (!lifetimes)
        return lifetimes.error();
    Settings settings;
    // Before any ruleset or policy nothing is filtered: no policy to give back then.
    if (installed.policy_set || installed.enabled)
        settings.policy = effective_policy(installed);
    for (unsigned i = 0; i < XGW_CT__MAX; i++)
        settings.lifetimes[std::string(kLifetimeNames[i])] = (*lifetimes)[i];
    out += "\n" + section("set", printSettings(settings));
    return out;
}

Result<std::vector<std::uint32_t>>
FirewallControl::slots(const std::vector<std::uint16_t>& numbers) const {
    auto live = this->live();
    if (!live)
        return live.error();
    auto& [fw, installed] = *live;
    auto named = [&](std::uint16_t n) {
        return numbers.empty() || std::find(numbers.begin(), numbers.end(), n) != numbers.end();
    };
    std::vector<std::uint32_t> out;
    std::vector<std::uint16_t> missing = numbers;
    for (const auto& r : installed.rules)
        if (named(r.number)) {
            std::erase(missing, r.number);
            out.push_back(r.slot);
        }
    if (named(kDefaultPolicyRuleNumber)) {
        std::erase(missing, kDefaultPolicyRuleNumber);
        out.push_back(kDefaultSlot);
    }
    if (!missing.empty())
        return make_error(Errc::NotFound, "no rule numbered " + join_numbers(missing));
    return out;
}

Result<void> FirewallControl::zero(const std::vector<std::uint16_t>& numbers) {
    return StateLock::with(paths_, [&]() -> Result<void> {
        auto chosen = slots(numbers);
        if (!chosen)
            return chosen.error();
        auto fw = firewall();
        if (!fw)
            return fw.error();
        for (std::uint32_t slot : *chosen)
            if (auto ok = fw->zero(slot); !ok)
                return ok;
        return {};
    });
}

Result<std::uint32_t> FirewallControl::await_confirmation() {
    return StateLock::with(paths_, [&]() -> Result<std::uint32_t> {
        auto ctl = controlled();
        if (!ctl)
            return ctl.error();
        ctl->block.pending = 1;
        if (auto ok = ctl->fw.set_ctl(ctl->block); !ok)
            return ok.error();
        return ctl->block.token;
    });
}

Result<void> FirewallControl::confirm() {
    return StateLock::with(paths_, [&]() -> Result<void> {
        auto ctl = controlled();
        if (!ctl)
            return ctl.error();
        if (!ctl->block.pending)
            return make_error(Errc::NotFound, "no ruleset is waiting for confirmation");
        ctl->block.pending = 0;
        return ctl->fw.set_ctl(ctl->block);
    });
}

Result<bool> FirewallControl::expire(std::uint32_t token) {
    // The watchdog waits for whatever change is under way: its deadline has passed already.
    return StateLock::with(paths_, std::nullopt, [&]() -> Result<bool> {
        auto ctl = controlled();
        if (!ctl)
            return ctl.error();
        if (!ctl->block.pending || ctl->block.token != token)
            return false;
        auto& fw = ctl->fw;
        auto installed = fw.installed();
        if (!installed)
            return installed.error();
        if (auto ok = fw.roll_back(); !ok)
            return ok.error();
        if (auto ok = restore_outside(installed->before); !ok)
            return ok.error().prefix("roll back");
        auto back = fw.installed();
        if (!back)
            return back.error();
        if (auto ok = sync_fib_rules(*fib_, back->fib); !ok)
            return ok.error().prefix("rolled back, but setfib's ip rules");
        return true;
    });
}

} // namespace xgw::fw
