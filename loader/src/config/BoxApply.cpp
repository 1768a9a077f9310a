// Box::diff, Box::apply and Box::confirm.
#include <xgw/config/Box.h>

#include "BoxPlan.h"
#include "Expectation.h"
#include "PendingApply.h"
#include "Services.h"

#include <xgw/ConfirmWatchdog.h>
#include <xgw/Privileges.h>
#include <xgw/StateLock.h>
#include <xgw/fw/FirewallControl.h>

#include <syslog.h>

namespace xgw::config {

namespace {

std::vector<Change> changes_of(const Plan& plan) {
    std::vector<Change> out;
    for (const auto& s : plan.steps)
        out.push_back(s.change);
    return out;
}

// Interfaces attached again have new indexes: a ruleset that is not reloaded is compiled again.
Result<void> rebind(const PinPaths& paths, ApplyReport& report) {
    fw::FirewallControl fwc(paths, fw::current_host(), &services());
    auto r = fwc.rebind_interfaces();
    if (!r)
        return r.error().prefix("compile the ruleset in force for the interfaces");
    if (*r)
        report.warnings.insert(report.warnings.end(), (*r)->warnings.begin(),
                               (*r)->warnings.end());
    return {};
}

// Everything of apply that holds the lock; returns the undo of every step when the apply is
// to await confirmation, else nothing.
Result<std::function<void()>> switch_under_lock(const BoxConfig& config,
                                                const ApplyOptions& options, ApplyReport& report,
                                                PendingApply& pending, std::uint64_t& token) {
    auto paths = PinPaths::for_current_netns();
    if (!paths)
        return paths.error();
    auto lock = StateLock::acquire(*paths);
    if (!lock)
        return lock.error();
    if (pending.token())
        return make_error(Errc::Conflict, "an earlier apply awaits 'xgw confirm'; confirm it "
                                          "or let it roll back first");
    auto running = read_running_state();
    if (!running)
        return running.error();
    auto plan = make_plan(config, *running);
    if (!plan)
        return plan.error();
    report.changes = changes_of(*plan);
    Rollback undo;
    bool interfaces_changed = false, firewall_loaded = false;
    for (auto& step : plan->steps) {
        if (auto ok = step.run(undo); !ok)
            return ok.error().prefix(step.change.component + ": " + step.change.summary);
        interfaces_changed |= step.change.component == "interfaces";
        firewall_loaded |= step.change.component == "firewall";
    }
    if (interfaces_changed && !firewall_loaded)
        if (auto ok = rebind(*paths, report); !ok)
            return ok.error();
    fw::FirewallControl fwc(*paths, fw::current_host(), &services());
    if (!options.confirm_timeout) {
        if (firewall_loaded)
            (void)fwc.confirm();
        undo.commit();
        return std::function<void()>();
    }
    auto t = pending.mark();
    if (!t)
        return t.error();
    token = *t;
    report.awaiting_confirmation = true;
    return undo.defer();
}

} // namespace

Result<std::vector<Change>> Box::diff(const BoxConfig& config) {
    auto running = read_running_state();
    if (!running)
        return running.error();
    auto plan = make_plan(config, *running);
    if (!plan)
        return plan.error();
    return changes_of(*plan);
}

Result<ApplyReport> Box::apply(const BoxConfig& config, const ApplyOptions& options) {
    if (auto ok = check_privileges(); !ok)
        return ok.error();
    ApplyReport report;
    // The expectations run on a staged copy before anything live is touched.
    if (config.firewall) {
        auto held = check_expectations(*config.firewall);
        if (!held)
            return held.error();
        report.expectations = *held;
    }
    if (options.test_only) {
        auto changes = diff(config);
        if (!changes)
            return changes.error();
        report.changes = std::move(*changes);
        return report;
    }
    auto paths = PinPaths::for_current_netns();
    if (!paths)
        return paths.error();
    PendingApply pending(*paths);
    std::uint64_t token = 0;
    auto revert = switch_under_lock(config, options, report, pending, token);
    if (!revert)
        return revert.error();
    if (!options.confirm_timeout)
        return report;
    // Started once the lock is released: the watchdog must not hold it while it sleeps.
    const auto seconds = *options.confirm_timeout;
    auto expire = [paths = *paths, pending, token, revert = std::move(*revert), seconds]() mutable {
        auto lock = StateLock::acquire(paths, std::nullopt);
        if (!lock || pending.token() != token)
            return;
        revert();
        pending.clear();
        syslog(LOG_WARNING, "xgw: no 'xgw confirm' within %lld s: previous configuration restored",
               static_cast<long long>(seconds.count()));
    };
    if (auto ok = start_confirm_watchdog(seconds, std::move(expire)); !ok)
        return ok.error();
    return report;
}

Result<void> Box::confirm() {
    if (auto ok = check_privileges(); !ok)
        return ok.error();
    auto paths = PinPaths::for_current_netns();
    if (!paths)
        return paths.error();
    return StateLock::with(*paths, [&]() -> Result<void> {
        PendingApply pending(*paths);
        if (!pending.token())
            return make_error(Errc::NotFound, "no apply awaits confirmation");
        pending.clear();
        if (std::filesystem::exists(paths->map("xgw_fw_rules"))) {
            fw::FirewallControl fwc(*paths, fw::current_host(), &services());
            (void)fwc.confirm(); // NotFound when the apply left the firewall as it was
        }
        return {};
    });
}

} // namespace xgw::config
