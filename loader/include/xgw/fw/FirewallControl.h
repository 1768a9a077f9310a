// What the `xgw fw` commands do: every change parses, compiles and installs a whole ruleset,
// so it applies completely or not at all.
#pragma once

#include <xgw/Result.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/fw/FibRules.h>
#include <xgw/fw/Firewall.h>
#include <xgw/fw/Parser.h>
#include <xgw/fw/RuleCompiler.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace xgw {
class Rollback;
}

namespace xgw::fw {

struct ShownRule {
    std::uint16_t number = 0;
    std::string text;
    RuleCounters counters;
};

struct ChangeReport {
    std::size_t rules = 0;
    std::vector<std::string> warnings;
    std::size_t bindings_removed = 0; // nat_flush: live translations removed
    std::uint32_t token = 0;          // load awaiting confirmation: what its watchdog checks
};

struct LoadOptions {
    bool test_only = false;          // parse and compile only: needs no state and no privilege
    bool allow_empty = false;        // a file without a firewall rule may replace the ruleset
    bool await_confirmation = false; // the new ruleset rolls back unless confirmed (see expire)
};

class FirewallControl {
  public:
    // paths must hold xgw's pinned state (Datapath::create_state makes it).
    FirewallControl(PinPaths paths, HostContext host, const ServiceDb* services);
    // setfib's ip rules go to store instead of the namespace's policy routing (tests).
    void use_fib_rules(std::shared_ptr<FibRuleStore> store) { fib_ = std::move(store); }

    // Replaces the ruleset with the file's. A file without a firewall rule is refused unless
    // allow_empty (it would leave the default rule alone in charge).
    Result<ChangeReport> load(std::string_view text, const std::string& file,
                              const LoadOptions& options);
    Result<ChangeReport> load(std::string_view text, const std::string& file, bool test_only) {
        return load(text, file, LoadOptions{test_only, true, false});
    }
    // Adds rules (one per line) to the ruleset in force.
    Result<ChangeReport> add(std::string_view text);
    // Removes every rule with one of these numbers.
    Result<ChangeReport> remove(const std::vector<std::uint16_t>& numbers);
    Result<ChangeReport> flush();
    Result<ChangeReport> set_policy(Policy policy);

    // Empties table NAME and frees its slot; Conflict while a rule in force names it.
    Result<void> destroy_table(const std::string& name);

    // NAT rules ([nat] statements, one per line) appended after the NAT rules in force.
    Result<ChangeReport> nat_add(std::string_view text);
    // Removes NAT rules by position (1-based, as nat_rules lists them).
    Result<ChangeReport> nat_remove(const std::vector<std::size_t>& positions);
    // Removes every NAT rule and every live translation; NAT is off until the next rule.
    Result<ChangeReport> nat_flush();
    // Compiles the ruleset in force again against the interfaces as they are now: one made
    // again under its old name (a new ifindex: a re-dialled ppp0, a re-created veth) gets its
    // `via`/`recv` rules and NAT back, and masquerade learns its addresses. Nothing installed:
    // nothing to do (nullopt).
    Result<std::optional<ChangeReport>> rebind_interfaces();
    // The NAT rules in force, canonical text, in order.
    Result<std::vector<std::string>> nat_rules() const;

    // The number of the rule in force that holds each counter slot (a flow names its
    // keep-state rule's slot; a slot no rule holds is of a rule that left the ruleset).
    Result<std::map<std::uint32_t, std::uint16_t>> rules_by_slot() const;
    // Rules in force with counters; the last is the default rule 65535.
    Result<std::vector<ShownRule>> show() const;
    // A file that load reads back to the same state: rules, [nat], [acct], every table with its
    // entries, and [set] (the policy and flow lifetimes).
    Result<std::string> save() const;
    Result<void> zero(const std::vector<std::uint16_t>& numbers);
    // Counter slots of the rules with these numbers (every rule's when none are named).
    Result<std::vector<std::uint32_t>> slots(const std::vector<std::uint16_t>& numbers) const;

    // Marks the live ruleset as awaiting confirmation; returns the token a watchdog checks.
    Result<std::uint32_t> await_confirmation();
    Result<void> confirm();
    // Rolls back if the ruleset with this token is still unconfirmed; true when it did.
    Result<bool> expire(std::uint32_t token);

  private:
    struct Live {
        Firewall fw;
        InstalledRuleset installed;
    };
    // The maps and what is installed in them now.
    Result<Live> live() const;
    // filter: the firewall classifies packets (false only for NAT changes before any ruleset).
    Result<ChangeReport> install(const Ruleset& ruleset, Policy policy, bool policy_set,
                                 bool test_only, bool filter = true);
    // One whole change of the ruleset in force: under the writers' lock it is read back, edited
    // and installed again, with the policy chosen now or before (ipfw's deny when never
    // chosen). keep_filter: a ruleset that only translates (NAT before any rule) stays so.
    Result<ChangeReport> change(const std::function<Result<void>(Ruleset&)>& edit,
                                std::optional<Policy> chosen = std::nullopt,
                                bool keep_filter = false);
    // The NAT rules in force, changed by edit, installed with the firewall's as they are.
    Result<ChangeReport>
    change_nat(const std::function<Result<void>(std::vector<nat::NatRule>&)>& edit);
    struct Current {
        InstalledRuleset installed;
        Ruleset ruleset; // installed, parsed back
    };
    Result<Current> current() const;
    struct Controlled {
        Firewall fw;
        xgw_fw_ctl block; // generation, confirmation token and whether one is pending
    };
    Result<Controlled> controlled() const;
    Result<Ruleset> parse_installed(const InstalledRuleset& installed) const;
    Result<Firewall> firewall() const { return Firewall::open(paths_); }
    // Applies what the ruleset's [acct], [tables] and [set] say of the state outside the
    // generations (accounting, table entries, flow lifetimes); records in undo, and as
    // statements in before (when given), how to put back what they replace.
    Result<void> apply_outside(const Ruleset& ruleset, std::string* before, Rollback& undo) const;
    // Applies the statements an install recorded in GenerationDoc::before (a roll back).
    Result<void> restore_outside(const std::string& before) const;

    PinPaths paths_;
    HostContext host_;
    const ServiceDb* services_;
    std::shared_ptr<FibRuleStore> fib_;
};

} // namespace xgw::fw
