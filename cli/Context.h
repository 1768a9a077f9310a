// What every subcommand shares: global options and how results reach the user.
#pragma once

#include <xgw/Result.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>

namespace xgw::cli {

struct Context {
    std::string netns;  // --netns NAME: enter /run/netns/NAME (setns only) before acting
    int verbose = 0;    // -v: libbpf and library diagnostics on stderr
    int exit_code = 0;  // set by the command that ran
    // -w/--wait [SECONDS]: how long a change waits for another one in progress (-1: as long
    // as it takes; unset: StateLock's short default).
    std::optional<double> wait;
};

// Prints "xgw: <message>" on stderr and returns the exit code for the error's kind.
int report(const Error& error);

// Prints JSON on stdout, indented for people.
void print_json(const nlohmann::json& j);

// Wraps a subcommand body: runs it after global set-up and records its exit code.
void on_run(CLI::App* cmd, Context& ctx, std::function<Result<void>()> body);

} // namespace xgw::cli

#include <xgw/Datapath.h>

namespace xgw::cli {

// The data path of the namespace the command runs in (after --netns), privileges checked.
Result<Datapath> open_datapath();
// The pin paths of the namespace's state, made first if nothing is attached yet: what
// commands that change maps (fw, nat, acct) need.
Result<PinPaths> state_paths();
// For commands that only read: the data path of a namespace where xgw has state, else
// NotFound ("not attached"); nothing is ever made.
Result<Datapath> open_attached();
Result<PinPaths> attached_paths();

} // namespace xgw::cli
