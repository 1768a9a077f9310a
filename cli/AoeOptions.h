// Options every initiator subcommand of `xgw aoe` shares, and how they open the initiator.
#pragma once

#include <xgw/aoe/Initiator.h>

#include <CLI/CLI.hpp>

#include <string>

namespace xgw::cli {

struct AoeInitiatorArgs {
    std::string iface;
    std::string address;
    aoe::InitiatorOptions options;
};

// Adds IFACE, SHELF.SLOT (unless address is null) and the window/timeout options.
void add_initiator_args(CLI::App* cmd, AoeInitiatorArgs& args, bool with_address = true);

struct OpenTarget {
    aoe::Initiator initiator;
    aoe::TargetInfo target;
};

// Opens the initiator on args.iface and finds the target at args.address.
Result<OpenTarget> open_target(const AoeInitiatorArgs& args);

} // namespace xgw::cli
