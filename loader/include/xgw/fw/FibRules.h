// The ip rules that carry setfib's marks to routing tables. xgw makes one per table and family,
// `fwmark INDEX<<24/0x7f000000 lookup TABLE` at priority kFibRulePriority + INDEX with protocol
// kFibRuleProtocol, and knows its own by all three, so it never removes a rule it did not make.
#pragma once

#include <xgw/Result.h>
#include <xgw/abi/fw.h>
#include <xgw/fw/Ast.h>

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <utility>

namespace xgw::fw {

constexpr std::uint32_t kFibRulePriority = 1000;
constexpr std::uint8_t kFibRuleProtocol = 120;
constexpr std::uint32_t kMaxFibIndex = XGW_MARK_FIB_MASK >> XGW_MARK_FIB_SHIFT;

using FibMap = std::map<std::uint32_t, std::uint32_t>; // routing table -> mark index (1-127)
using FibRuleSet = std::set<std::pair<std::uint32_t, std::uint32_t>>; // (table, index) present

// Where the rules live: the kernel's policy routing, or a test's stand-in.
class FibRuleStore {
  public:
    virtual ~FibRuleStore() = default;
    virtual Result<FibRuleSet> list() = 0;
    // Both families, or neither.
    virtual Result<void> add(std::uint32_t table, std::uint32_t index) = 0;
    virtual Result<void> remove(std::uint32_t table, std::uint32_t index) = 0;
};

// The current network namespace's rules, through netlink (opened on first use).
std::unique_ptr<FibRuleStore> kernel_fib_rules();
// Rules kept in memory: for a ruleset that must not reach the namespace's policy routing (a
// staged copy, the prog tests in the host's namespace).
std::unique_ptr<FibRuleStore> memory_fib_rules();

// The routing tables a ruleset's setfib rules name.
std::set<std::uint32_t> fib_tables(const Ruleset& ruleset);

// An index per table: the one its rule has now, else the lowest that no present rule uses.
Result<FibMap> assign_fib_indexes(const FibRuleSet& present, const std::set<std::uint32_t>& tables);

// Adds the rules of wanted that are not present, all or none.
Result<void> add_fib_rules(FibRuleStore& store, const FibRuleSet& present, const FibMap& wanted);

// Removes the present rules that wanted does not hold.
Result<void> prune_fib_rules(FibRuleStore& store, const FibRuleSet& present, const FibMap& wanted);

// Removes the rules made since `before` was listed (an install that failed).
Result<void> restore_fib_rules(FibRuleStore& store, const FibRuleSet& before);

// Makes the rules exactly wanted: the rest removed, the missing added.
Result<void> sync_fib_rules(FibRuleStore& store, const FibMap& wanted);

} // namespace xgw::fw
