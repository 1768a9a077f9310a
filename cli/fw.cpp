// xgw fw: the firewall's rules, policy and counters.
#include "Commands.h"
#include "FwTables.h"

#include <xgw/BootClock.h>
#include <xgw/ConfirmWatchdog.h>
#include <xgw/fw/FirewallControl.h>
#include <xgw/fw/FirewallLog.h>
#include <xgw/fw/FirewallReplies.h>
#include <xgw/fw/FlowTable.h>
#include <xgw/fw/MeFollower.h>
#include <xgw/fw/PacketCheck.h>
#include <xgw/fw/ServiceDb.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <ctime>
#include <fstream>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <net/if.h>
#include <syslog.h>
#include <unistd.h>

namespace xgw::cli {

namespace {

using fw::FirewallControl;

const fw::ServiceDb& services() {
    static const fw::ServiceDb db = [] {
        auto loaded = fw::ServiceDb::load();
        return loaded ? std::move(*loaded) : fw::ServiceDb::fromText("", "");
    }();
    return db;
}

// Changes make xgw's state if there is none yet; reading never does.
Result<FirewallControl> open_firewall(bool change = true) {
    auto paths = change ? state_paths() : attached_paths();
    if (!paths)
        return paths.error();
    return FirewallControl(*paths, fw::current_host(), &services());
}

Result<FirewallControl> open_firewall_to_load() {
    auto dp = open_datapath();
    if (!dp)
        return dp.error();
    return FirewallControl(dp->paths(), fw::current_host(), &services());
}

// For --test: no privilege and no state needed; where xgw runs, its tables and room count.
Result<FirewallControl> open_firewall_for_test() {
    auto paths = PinPaths::for_current_netns();
    if (!paths)
        return paths.error();
    return FirewallControl(*paths, fw::current_host(), &services());
}

Result<std::string> read_file(const std::string& path) {
    if (path == "-") {
        std::stringstream ss;
        ss << std::cin.rdbuf();
        return ss.str();
    }
    std::error_code ec; // unreadable: the open below says why
    if (std::filesystem::is_directory(path, ec))
        return make_error(Errc::Usage, path + " is a directory, not a ruleset file");
    std::ifstream in(path);
    if (!in)
        return Error::from_errno(errno, "read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void print_report(const fw::ChangeReport& r, const char* what) {
    for (const auto& w : r.warnings)
        std::cerr << "xgw: warning: " << w << "\n";
    std::cout << what << ": " << r.rules << " rule" << (r.rules == 1 ? "" : "s") << " in force\n";
}

// Wall-clock time of a CLOCK_BOOTTIME stamp, as ipfw prints it.
std::string last_match(std::uint64_t boot_ns) {
    if (!boot_ns)
        return "-";
    std::time_t t = std::time_t(wall_ns_of_boot(boot_ns) / 1000000000);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", std::localtime(&t));
    return buf;
}

// Rule text without the number printRule leads with.
std::string body(const std::string& text) {
    auto sp = text.find(' ');
    return sp == std::string::npos ? text : text.substr(sp + 1);
}

Result<void> show(const std::vector<std::uint16_t>& numbers, bool json) {
    auto fwc = open_firewall(false);
    if (!fwc)
        return fwc.error();
    auto rules = fwc->show();
    if (!rules)
        return rules.error();
    for (auto n : numbers)
        if (std::none_of(rules->begin(), rules->end(), [n](const auto& r) { return r.number == n; }))
            return make_error(Errc::NotFound, "no rule numbered " + std::to_string(n));
    nlohmann::json j = nlohmann::json::array();
    for (const auto& r : *rules) {
        if (!numbers.empty() && std::find(numbers.begin(), numbers.end(), r.number) == numbers.end())
            continue;
        if (json) {
            j.push_back({{"number", r.number},
                         {"rule", body(r.text)},
                         {"packets", r.counters.packets},
                         {"bytes", r.counters.bytes},
                         {"last_match", last_match(r.counters.last_ns)}});
            continue;
        }
        std::printf("%05u %10llu %12llu  %-19s  %s\n", r.number,
                    static_cast<unsigned long long>(r.counters.packets),
                    static_cast<unsigned long long>(r.counters.bytes),
                    last_match(r.counters.last_ns).c_str(), body(r.text).c_str());
    }
    if (json)
        print_json({{"rules", j}});
    return {};
}

Result<fw::FlowTable> open_flows(bool change) {
    auto paths = change ? state_paths() : attached_paths();
    if (!paths)
        return paths.error();
    return fw::FlowTable::open(*paths);
}

Result<void> show_replies(bool json) {
    auto dp = open_attached();
    if (!dp)
        return dp.error();
    auto counts = fw::FirewallReplies::read(dp->paths());
    if (!counts)
        return counts.error();
    auto names = fw::FirewallReplies::names();
    nlohmann::json j = nlohmann::json::object();
    for (std::size_t i = 0; i < names.size(); i++)
        j[names[i]] = (*counts)[i];
    if (json) {
        print_json(j);
        return {};
    }
    for (std::size_t i = 0; i < names.size(); i++)
        std::printf("%-34s %llu\n", names[i].c_str(),
                    static_cast<unsigned long long>((*counts)[i]));
    return {};
}

Result<void> states(bool json) {
    auto table = open_flows(false);
    if (!table)
        return table.error();
    auto fwc = open_firewall(false);
    if (!fwc)
        return fwc.error();
    auto owners = fwc->rules_by_slot();
    if (!owners)
        return owners.error();
    auto flows = table->list();
    auto stats = table->stats();
    if (!flows)
        return flows.error();
    if (!stats)
        return stats.error();
    // A flow counts on the rule in force that holds its slot; one of a rule that left the
    // ruleset has none.
    auto owner = [&](const fw::FlowEntry& f) -> std::optional<std::uint16_t> {
        auto it = owners->find(f.flow.rule_counter);
        if (it == owners->end())
            return std::nullopt;
        return it->second;
    };
    // An expired flow stays in the table until a packet or the LRU removes it; ipfw hides those.
    const auto expired = std::erase_if(*flows, [](const auto& f) { return f.expires_in_ms < 0; });
    static constexpr const char* kStatNames[] = {
#define XGW_CT_STAT_NAME(id, name) name,
        XGW_CT_STATS(XGW_CT_STAT_NAME)
#undef XGW_CT_STAT_NAME
    };
    if (json) {
        nlohmann::json j{{"capacity", table->capacity()},
                         {"expired_awaiting_removal", expired},
                         {"flows", nlohmann::json::array()}};
        for (unsigned i = 0; i < XGW_CT_STAT__MAX; i++)
            j["counters"][kStatNames[i]] = (*stats)[i];
        for (const auto& f : *flows)
            j["flows"].push_back({{"rule", owner(f) ? nlohmann::json(*owner(f)) : nlohmann::json()},
                                  {"made_by_rule", f.flow.rule_number},
                                  {"proto", f.key.proto},
                                  {"endpoints", fw::flow_endpoints(f.key, f.flow)},
                                  {"state", fw::flow_state(f.key, f.flow)},
                                  {"packets", f.flow.packets[0] + f.flow.packets[1]},
                                  {"bytes", f.flow.bytes[0] + f.flow.bytes[1]},
                                  {"expires_in_ms", f.expires_in_ms}});
        print_json(j);
        return {};
    }
    for (const auto& f : *flows) {
        char rule[8] = "-----";
        if (auto n = owner(f))
            std::snprintf(rule, sizeof rule, "%05u", *n);
        std::printf("%s %8llu %10llu  (%llds) STATE %-3s %s  %s%s\n", rule,
                    static_cast<unsigned long long>(f.flow.packets[0] + f.flow.packets[1]),
                    static_cast<unsigned long long>(f.flow.bytes[0] + f.flow.bytes[1]),
                    static_cast<long long>(f.expires_in_ms / 1000),
                    std::to_string(f.key.proto).c_str(), fw::flow_endpoints(f.key, f.flow).c_str(),
                    fw::flow_state(f.key, f.flow).c_str(),
                    owner(f) ? ""
                             : ("  (made by rule " + std::to_string(f.flow.rule_number) +
                                ", no longer in force)")
                                   .c_str());
    }
    std::printf("%zu flow%s of %zu", flows->size(), flows->size() == 1 ? "" : "s",
                table->capacity());
    if (expired)
        std::printf(" (and %zu expired, awaiting removal)", expired);
    std::printf(";");
    for (unsigned i = 0; i < XGW_CT_STAT__MAX; i++)
        std::printf(" %s %llu", kStatNames[i], static_cast<unsigned long long>((*stats)[i]));
    std::printf("\n");
    return {};
}

volatile std::sig_atomic_t g_stop = 0;

Result<void> show_log(bool follow, bool json) {
    auto dp = open_attached();
    if (!dp)
        return dp.error();
    auto log = fw::FirewallLog::open(dp->paths());
    if (!log)
        return log.error();
    std::signal(SIGINT, [](int) { g_stop = 1; });
    std::signal(SIGTERM, [](int) { g_stop = 1; });
    auto ifname = [](std::uint32_t idx) {
        char buf[IF_NAMESIZE] = "?";
        return std::string(if_indextoname(idx, buf) ? buf : "?");
    };
    auto ok = log->read(
        [&](const xgw_fw_log_event& ev) {
            std::string line = fw::format_log_event(ev, ifname(ev.ifindex));
            if (json)
                std::cout << nlohmann::json{{"rule", ev.rule_number}, {"line", line}}.dump()
                          << std::endl;
            else
                std::cout << line << std::endl;
        },
        follow, [] { return g_stop != 0; });
    if (!ok)
        return ok;
    auto stats = log->stats();
    if (!stats)
        return stats.error();
    auto names = fw::FirewallLog::stat_names();
    std::string summary;
    for (std::size_t i = 0; i < names.size(); i++)
        summary += " " + names[i] + " " + std::to_string((*stats)[i]);
    if (!json)
        std::cerr << "events:" << summary << "\n";
    return {};
}

Result<void> follow_me(bool follow) {
    auto tables = open_tables();
    if (!tables)
        return tables.error();
    auto paths = state_paths();
    if (!paths)
        return paths.error();
    std::signal(SIGINT, [](int) { g_stop = 1; });
    std::signal(SIGTERM, [](int) { g_stop = 1; });
    return fw::follow_host_addresses([&] { return fw::sync_host_addresses(*tables, *paths); },
                                     follow, [] { return g_stop != 0; });
}

nlohmann::json check_json(const fw::CheckResult& r) {
    nlohmann::json stages = nlohmann::json::array();
    for (const auto& st : r.stages)
        stages.push_back({{"hook", st.hook},
                          {"interface", st.iface.empty() ? nlohmann::json() : nlohmann::json(st.iface)},
                          {"outcome", st.outcome},
                          {"classified", st.classified},
                          {"rule", st.classified ? nlohmann::json(st.rule) : nlohmann::json()},
                          {"by_state", st.by_state},
                          {"mark", st.mark},
                          {"nat", st.nat.empty() ? nlohmann::json() : nlohmann::json(st.nat)},
                          {"nat_events", st.nat_events}});
    return {{"verdict", r.verdict},
            {"rule", r.classified ? nlohmann::json(r.rule) : nlohmann::json()},
            {"by_state", r.by_state},
            {"decided_by", r.decided_by},
            {"route", r.route.empty() ? nlohmann::json() : nlohmann::json(r.route)},
            {"stages", stages},
            {"not_evaluated", r.not_evaluated},
            {"leaves", r.leaves_source.empty()
                           ? nlohmann::json()
                           : nlohmann::json{{"source", r.leaves_source},
                                            {"destination", r.leaves_destination}}}};
}

// "accepted by rule 200 (a flow of its keep-state)": the whole path's answer in one line.
std::string check_summary(const fw::CheckResult& r) {
    if (!r.classified)
        return r.verdict + (r.verdict == "accepted" ? " (no ruleset loaded)" : " at " + r.decided_by);
    if (r.decided_by == "routing") {
        // The rule accepted it; routing is what said no, and the line must not blame the rule.
        std::string why = r.route.starts_with("dropped: ") ? r.route.substr(9) : r.route;
        return r.verdict + " by routing (" + why + "), after rule " + std::to_string(r.rule) +
               " accepted it";
    }
    return r.verdict + " by rule " + std::to_string(r.rule) +
           (r.by_state ? " (a flow of its keep-state)" : "");
}

// The summary, then (with path) what each stage did, as the packet goes.
void print_check(const fw::CheckResult& r, bool json, bool path) {
    if (json) {
        std::cout << check_json(r).dump(path ? 2 : -1) << "\n";
        return;
    }
    std::cout << check_summary(r) << "\n";
    if (!path)
        return;
    auto stage_line = [](const fw::CheckStage& st) {
        std::string line = "  " + st.hook + (st.iface.empty() ? "" : " " + st.iface) + ": " + st.outcome;
        if (st.classified)
            line += " by rule " + std::to_string(st.rule) + (st.by_state ? " (keep-state flow)" : "");
        if (st.mark)
            line += "; mark " + std::to_string(st.mark);
        if (!st.nat.empty())
            line += "; NAT " + st.nat;
        for (const auto& e : st.nat_events)
            line += "; NAT " + e;
        return line;
    };
    std::cout << stage_line(r.stages.front()) << "\n";
    if (!r.route.empty())
        std::cout << "  route: " << r.route << "\n";
    for (std::size_t i = 1; i < r.stages.size(); i++)
        std::cout << stage_line(r.stages[i]) << "\n";
    for (const auto& n : r.not_evaluated)
        std::cout << "  not evaluated: " << n << "\n";
}

// `fw check -f`: one packet a line, one answer a line; bad lines are answered with their
// error (file:line) and make the exit code 2 at the end.
Result<void> check_lines(const fw::PacketChecker& checker, const std::string& file, bool json) {
    std::ifstream in_file;
    if (file != "-") {
        in_file.open(file);
        if (!in_file)
            return Error::from_errno(errno, "open " + file);
    }
    std::istream& in = file == "-" ? std::cin : in_file;
    std::size_t line_no = 0, bad = 0;
    for (std::string line; std::getline(in, line);) {
        line_no++;
        auto words = fw::split_words(line);
        if (words.empty() || words[0][0] == '#')
            continue;
        auto r = checker.check(words);
        if (!r) {
            bad++;
            const std::string where = file + ":" + std::to_string(line_no);
            if (json)
                std::cout << nlohmann::json{{"line", line_no}, {"error", r.error().message}}.dump() << "\n";
            else
                std::cout << where << ": error: " << r.error().message << "\n";
            continue;
        }
        print_check(*r, json, false);
    }
    std::cout.flush();
    if (bad)
        return make_error(Errc::Usage, std::to_string(bad) + " line" + (bad == 1 ? "" : "s") +
                                           " of " + file + " could not be checked");
    return {};
}

} // namespace

void add_fw(CLI::App& app, Context& ctx) {
    auto* fwcmd = app.add_subcommand("fw", "The firewall: rules, policy, counters (docs/rules.md)");
    fwcmd->require_subcommand(1);

    struct Args {
        std::string file;
        bool test = false, json = false, allow_empty = false;
        unsigned confirm_timeout = 0;
        std::vector<std::string> words;
        std::vector<std::uint16_t> numbers;
        std::string policy;
    };
    auto a = std::make_shared<Args>();

    auto* load = fwcmd->add_subcommand("load", "Replace the ruleset with FILE's, atomically");
    load->add_option("FILE", a->file, "Ruleset file ('-' for standard input)")->required();
    load->add_flag("--test", a->test,
                   "Parse, compile and check room only; change nothing (needs no privilege)");
    load->add_flag("--allow-empty", a->allow_empty,
                   "Load a file without a firewall rule (the default rule alone decides)");
    load->add_option("--confirm-timeout", a->confirm_timeout,
                     "Roll back after SECONDS unless 'xgw fw confirm' comes first");
    on_run(load, ctx, [a]() -> Result<void> {
        auto text = read_file(a->file);
        if (!text)
            return text.error();
        // libxgw makes the state once the file is accepted, not before.
        auto fwc = a->test ? open_firewall_for_test() : open_firewall_to_load();
        if (!fwc)
            return fwc.error();
        const bool confirm = a->confirm_timeout && !a->test;
        auto r = fwc->load(*text, a->file, {a->test, a->allow_empty, confirm});
        if (!r)
            return r.error();
        print_report(*r, a->test ? "test passed, nothing changed" : "loaded");
        if (confirm) {
            const unsigned seconds = a->confirm_timeout;
            auto expire = [fwc = *fwc, seconds, token = r->token]() mutable {
                auto rolled = fwc.expire(token);
                if (rolled && *rolled)
                    syslog(LOG_WARNING,
                           "xgw: no 'xgw fw confirm' within %u s: previous ruleset restored",
                           seconds);
            };
            if (auto ok = start_confirm_watchdog(std::chrono::seconds(seconds), expire); !ok)
                return ok;
            std::cout << "run 'xgw fw confirm' within " << a->confirm_timeout
                      << " s, or the previous ruleset comes back\n";
        }
        return {};
    });

    auto* add = fwcmd->add_subcommand("add", "Add one rule (ipfw syntax)");
    add->add_option("RULE", a->words, "The rule, e.g. 100 allow tcp from any to me 22 setup")
        ->required();
    on_run(add, ctx, [a]() -> Result<void> {
        std::string text;
        for (const auto& w : a->words)
            text += (text.empty() ? "" : " ") + w;
        auto fwc = open_firewall();
        if (!fwc)
            return fwc.error();
        auto r = fwc->add(text);
        if (!r)
            return r.error();
        print_report(*r, "added");
        return {};
    });

    auto* del = fwcmd->add_subcommand("delete", "Delete the rules with these numbers");
    del->add_option("NUM", a->numbers, "Rule numbers")->required();
    on_run(del, ctx, [a]() -> Result<void> {
        auto fwc = open_firewall();
        if (!fwc)
            return fwc.error();
        auto r = fwc->remove(a->numbers);
        if (!r)
            return r.error();
        print_report(*r, "deleted");
        return {};
    });

    auto* flush = fwcmd->add_subcommand("flush", "Delete every rule (the default rule stays)");
    on_run(flush, ctx, []() -> Result<void> {
        auto fwc = open_firewall();
        if (!fwc)
            return fwc.error();
        auto r = fwc->flush();
        if (!r)
            return r.error();
        print_report(*r, "flushed");
        return {};
    });

    auto* policy = fwcmd->add_subcommand("policy", "Set the default rule 65535: accept or deny");
    policy->add_option("POLICY", a->policy, "accept (allow, pass) or deny (drop)")
        ->required()
        ->check(CLI::IsMember({"accept", "allow", "pass", "deny", "drop"}));
    on_run(policy, ctx, [a]() -> Result<void> {
        auto fwc = open_firewall();
        if (!fwc)
            return fwc.error();
        const bool deny = a->policy == "deny" || a->policy == "drop";
        auto r = fwc->set_policy(deny ? fw::Policy::Deny : fw::Policy::Accept);
        if (!r)
            return r.error();
        std::cout << "default policy: " << (deny ? "deny" : "accept") << "\n";
        return {};
    });

    for (const char* name : {"show", "list"}) {
        auto* cmd = fwcmd->add_subcommand(
            name, "Rules in force with packets, bytes and last match, like ipfw show");
        cmd->add_option("NUM", a->numbers, "Only these rules");
        cmd->add_flag("--json", a->json, "Print JSON");
        on_run(cmd, ctx, [a]() { return show(a->numbers, a->json); });
    }

    auto* save = fwcmd->add_subcommand("save", "Print the ruleset as a file 'xgw fw load' reads");
    on_run(save, ctx, []() -> Result<void> {
        auto fwc = open_firewall(false);
        if (!fwc)
            return fwc.error();
        auto text = fwc->save();
        if (!text)
            return text.error();
        std::cout << *text;
        return {};
    });

    auto* zero = fwcmd->add_subcommand("zero", "Zero the counters of these rules (all: none named)");
    zero->add_option("NUM", a->numbers, "Rule numbers");
    on_run(zero, ctx, [a]() -> Result<void> {
        auto fwc = open_firewall();
        if (!fwc)
            return fwc.error();
        if (auto ok = fwc->zero(a->numbers); !ok)
            return ok;
        std::cout << "counters zeroed\n";
        return {};
    });

    auto* check = fwcmd->add_subcommand(
        "check", "Run packets through the whole data path (XDP, routing, tc egress) and say "
                 "what it does with them; changes nothing");
    check->add_option("PACKET", a->words,
                      "[in|out] [via IF] PROTO from ADDR [PORT] to ADDR [PORT] [setup|...]");
    check->add_option("-f,--file", a->file, "Check one packet per line of FILE (- : stdin)");
    check->add_flag("--json", a->json, "Print JSON (JSON Lines with --file)");
    on_run(check, ctx, [a]() -> Result<void> {
        if (a->words.empty() == a->file.empty())
            return make_error(Errc::Usage, "fw check: give a PACKET or --file, not both");
        auto dp = open_datapath();
        if (!dp)
            return dp.error();
        if (!std::filesystem::exists(dp->paths().map("xgw_fw_rules")))
            return make_error(Errc::NotFound, "not attached here: nothing to check against");
        auto checker = fw::PacketChecker::open(dp->paths(), &services());
        if (!checker)
            return checker.error();
        if (a->file.empty()) {
            auto r = checker->check(a->words);
            if (!r)
                return r.error();
            print_check(*r, a->json, true);
            return {};
        }
        return check_lines(*checker, a->file, a->json);
    });

    auto* logcmd = fwcmd->add_subcommand("log", "Events of 'log' rules (waiting ones; --follow: live)");
    logcmd->add_flag("-f,--follow", a->test, "Keep printing events as they come, until Ctrl-C");
    logcmd->add_flag("--json", a->json, "One JSON object per line");
    on_run(logcmd, ctx, [a]() { return show_log(a->test, a->json); });

    auto* me = fwcmd->add_subcommand(
        "me", "Give me/me6 the host's addresses now (--follow: and on every change, until Ctrl-C)");
    me->add_flag("-f,--follow", a->test, "Keep following address changes");
    on_run(me, ctx, [a]() { return follow_me(a->test); });

    auto* resetlog = fwcmd->add_subcommand("resetlog", "Let these rules log again (all: none named)");
    resetlog->add_option("NUM", a->numbers, "Rule numbers");
    on_run(resetlog, ctx, [a]() -> Result<void> {
        auto fwc = open_firewall();
        if (!fwc)
            return fwc.error();
        auto slots = fwc->slots(a->numbers);
        if (!slots)
            return slots.error();
        auto dp = open_datapath();
        if (!dp)
            return dp.error();
        auto log = fw::FirewallLog::open(dp->paths());
        if (!log)
            return log.error();
        if (auto ok = log->reset(*slots); !ok)
            return ok;
        std::cout << "log counts reset\n";
        return {};
    });

    auto* rep = fwcmd->add_subcommand(
        "replies", "Answers sent by reject and unreach, and packets they left unanswered");
    rep->add_flag("--json", a->json, "Print JSON");
    on_run(rep, ctx, [a]() { return show_replies(a->json); });

    auto* st = fwcmd->add_subcommand("states", "Dynamic flows made by keep-state rules");
    st->add_flag("--json", a->json, "Print JSON");
    on_run(st, ctx, [a]() { return states(a->json); });

    auto* set = fwcmd->add_subcommand("set", "Show or set flow lifetimes (seconds), as ipfw's sysctls");
    set->add_option("NAME", a->policy, "dyn_syn_lifetime, dyn_ack_lifetime, dyn_fin_lifetime, "
                                       "dyn_rst_lifetime, dyn_udp_lifetime, dyn_short_lifetime");
    set->add_option("SECONDS", a->confirm_timeout, "New lifetime");
    on_run(set, ctx, [a]() -> Result<void> {
        auto table = open_flows(!a->policy.empty());
        if (!table)
            return table.error();
        if (!a->policy.empty())
            if (auto ok = table->set_lifetime(a->policy, a->confirm_timeout); !ok)
                return ok;
        auto lt = table->lifetimes();
        if (!lt)
            return lt.error();
        auto names = fw::FlowTable::lifetime_names();
        for (std::size_t i = 0; i < names.size(); i++)
            std::printf("%s = %u\n", names[i].c_str(), (*lt)[i]);
        return {};
    });

    add_fw_table(fwcmd, ctx);

    auto* confirm = fwcmd->add_subcommand("confirm", "Keep a ruleset loaded with --confirm-timeout");
    on_run(confirm, ctx, []() -> Result<void> {
        auto fwc = open_firewall();
        if (!fwc)
            return fwc.error();
        if (auto ok = fwc->confirm(); !ok)
            return ok;
        std::cout << "ruleset confirmed\n";
        return {};
    });
}

} // namespace xgw::cli
