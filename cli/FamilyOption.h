// -4, -6 and --family for the commands of the routing module.
#pragma once

#include <xgw/fw/IpPrefix.h>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace xgw::cli {

// Adds -4, -6 and --family inet|inet6|all, all writing family.
inline void add_family_options(CLI::App* cmd, std::string& family) {
    cmd->add_flag_callback(
        "-4", [&family] { family = "inet"; }, "IPv4 only (--family inet)");
    cmd->add_flag_callback(
        "-6", [&family] { family = "inet6"; }, "IPv6 only (--family inet6)");
    cmd->add_option("-A,--family", family, "Address family: inet, inet6 or all")
        ->check(CLI::IsMember({"inet", "inet6", "all"}));
}

inline std::optional<fw::IpFamily> family_of(const std::string& family) {
    if (family == "inet")
        return fw::IpFamily::V4;
    if (family == "inet6")
        return fw::IpFamily::V6;
    return std::nullopt;
}

} // namespace xgw::cli
