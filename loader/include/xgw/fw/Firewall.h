// The firewall of one network namespace as it lives in the pinned maps: install a compiled
// ruleset atomically, read back what is in force and its counters.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/abi/nat.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/fw/Ast.h>
#include <xgw/fw/CompiledRuleset.h>

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace xgw::fw {

// What is stored beside a generation: enough to show, save and recompile it.
struct InstalledRule {
    std::uint16_t number = 0;
    std::string text;          // canonical rule text (printRule)
    std::uint32_t slot = 0;    // counter slot
};

struct InstalledRuleset {
    bool enabled = false;      // false: no filtering yet, every packet passes unclassified
    bool policy_set = false;   // the operator chose the policy (else accept until a ruleset)
    Policy policy = Policy::Accept;
    std::vector<InstalledRule> rules;
    std::vector<std::string> nat; // canonical NAT rule texts, in order
    // Ruleset text of [acct], [tables] and [set] statements that put back what this install
    // changed outside the generations, which a roll back applies; empty when it changed none.
    std::string before;
    std::map<std::uint32_t, std::uint32_t> fib; // setfib: routing table -> mark index
};

// What a new generation's stored document says beside its compiled rules.
struct GenerationDoc {
    std::vector<std::string> texts;     // canonical rule texts
    std::vector<std::uint16_t> numbers; // their rule numbers
    Policy policy = Policy::Deny;
    bool policy_set = false;
    // false leaves packets unclassified (NAT changes before any firewall ruleset).
    bool filter = true;
    std::string before; // as in InstalledRuleset
};

// The NAT rules of a generation: the data path's form and the canonical texts.
struct NatImage {
    std::vector<xgw_nat_rule> rules;
    std::vector<std::string> texts;
};

struct RuleCounters {
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
    std::uint64_t last_ns = 0; // CLOCK_BOOTTIME of the last match; 0: never
};

class Firewall {
  public:
    // Opens the firewall maps of the namespace's pinned state (which must exist).
    static Result<Firewall> open(const PinPaths& paths);

    Result<InstalledRuleset> installed() const;
    // Writes the compiled ruleset and the NAT rules into the idle generation, then makes both
    // live in one step. Rules whose text did not change keep their counters.
    Result<void> install(const CompiledRuleset& compiled, const GenerationDoc& doc,
                         const NatImage& nat);
    // Whether install would find room for all of it beside the live generation (--test).
    Result<void> check_fits(const CompiledRuleset& compiled, const GenerationDoc& doc,
                            const NatImage& nat) const;
    // Makes the other generation live again (the one before the last install).
    Result<void> roll_back();

    // The switch between generations, with the confirmation state.
    Result<xgw_fw_ctl> ctl() const;
    Result<void> set_ctl(const xgw_fw_ctl& ctl) const;

    Result<RuleCounters> counters(std::uint32_t slot) const;
    Result<void> zero(std::uint32_t slot) const;

  private:
    explicit Firewall(std::map<std::string, UniqueFd> fds) : fds_(std::move(fds)) {}
    int fd(const char* name) const { return fds_.at(name).get(); }
    // A generation's stored document, checked whole; nullopt when it holds no ruleset.
    Result<std::optional<nlohmann::json>> document(std::uint32_t gen) const;
    static void read_installed(const nlohmann::json& doc, InstalledRuleset& out);
    static std::string document_text(const CompiledRuleset& compiled, const GenerationDoc& spec,
                                     const NatImage& nat, const std::vector<std::uint32_t>& slots);
    // What an install writes: the generation, the counter slots (fresh: new ones, never
    // handed out before) and the sealed document, found to fit beside the live generation.
    struct Plan {
        xgw_fw_ctl ctl{};
        std::uint32_t target = 0;
        std::vector<std::uint32_t> slots;
        std::vector<std::uint32_t> fresh;
        std::uint32_t next_slot = 0; // xgw_fw_ctl.next_slot once the new generation is live
        std::string sealed;
        std::set<std::uint32_t> live_slots; // the live rules' and the default rule's
    };
    Result<Plan> plan(const CompiledRuleset& compiled, const GenerationDoc& spec,
                      const NatImage& nat) const;
    // Whether the new generation fits beside the live one, every shortage named.
    Result<void> check_room(std::uint32_t target, const CompiledRuleset& compiled,
                            std::size_t nat_rules, std::size_t document_size,
                            std::size_t counter_slots) const;
    // Removes the counters and log counts of every slot but keep's: those of the generation
    // being rewritten.
    Result<void> prune_counters(const std::set<std::uint32_t>& keep) const;
    // Makes the log counts of the new ruleset's log rules that have none yet.
    Result<void> make_logged(const CompiledRuleset& compiled,
                             const std::vector<std::uint32_t>& slots) const;
    Result<void> clear_generation(std::uint32_t gen) const;
    Result<void> write_generation(std::uint32_t gen, const CompiledRuleset& compiled,
                                  const std::vector<std::uint32_t>& slots) const;
    Result<void> write_nat(std::uint32_t gen, const std::vector<xgw_nat_rule>& rules) const;
    Result<void> write_document(std::uint32_t gen, const std::string& doc, xgw_fw_gen header) const;
    Result<std::string> read_document(std::uint32_t gen, std::uint32_t len) const;

    std::map<std::string, UniqueFd> fds_;
};

} // namespace xgw::fw
