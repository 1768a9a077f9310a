// The whole box at once: what the daemon (xgwd) and `xgw apply/diff/confirm/save-config` call.
// Everything acts on the network namespace the caller is in, and every change holds its
// StateLock, so it is serialised against every other writer.
//
//   auto box = Box::load("/etc/xgw/xgw.conf");   // parse + compile everything, change nothing
//   auto diff = Box::diff(*box);                  // what apply would change
//   auto report = Box::apply(*box, {});           // make it so: all of it, or none
#pragma once

#include <xgw/Result.h>
#include <xgw/config/BoxConfig.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace xgw::config {

// One component's change: "attach eth0 (full, auto)", with its details (the rules added...).
struct Change {
    std::string component; // interfaces, firewall, routes
    std::string summary;
    std::vector<std::string> details;
};

struct ApplyOptions {
    // Put the previous configuration back unless `confirm` comes within this time.
    std::optional<std::chrono::seconds> confirm_timeout;
    // Parse, compile and run the expectations only: change nothing.
    bool test_only = false;
};

struct ApplyReport {
    std::vector<Change> changes;       // made (or, test_only, that would be made)
    std::vector<std::string> warnings; // from the parts (a masquerade without address...)
    std::size_t expectations = 0;      // expect assertions that held
    bool awaiting_confirmation = false;
};

class Box {
  public:
    // Reads path (and includes, rules and routes files), parses and compiles every part: the
    // ruleset (with the room it needs beside the live one, where xgw runs), the routes.
    // Nothing changes. Errors: Usage, naming file:line:column.
    static Result<BoxConfig> load(const std::string& path);
    // The same for a configuration read already (parse_box_config_text).
    static Result<BoxConfig> compile(BoxConfig config);

    // What apply would change here, component by component; nothing changes.
    static Result<std::vector<Change>> diff(const BoxConfig& config);

    // Runs the expectations against the new ruleset, then switches component by component
    // (interfaces, the firewall with NAT and accounting in one generation flip, routes,
    // interfaces to detach), undoing the steps taken when a later one fails. With a confirm
    // timeout a detached watchdog undoes them all unless confirm() comes first.
    static Result<ApplyReport> apply(const BoxConfig& config, const ApplyOptions& options);

    // Keeps an apply made with a confirm timeout. NotFound when none awaits confirmation.
    static Result<void> confirm();

    // The running state as a configuration that apply reproduces (TOML text).
    static Result<std::string> save();
};

} // namespace xgw::config
