// The configuration of the whole box (/etc/xgw/xgw.conf and its includes), parsed and with
// every file it names read: what `xgw apply` makes true and `xgw save-config` writes. See
// docs/config.md for the format.
#pragma once

#include <xgw/Datapath.h>
#include <xgw/aoe/AoeTarget.h>
#include <xgw/dns/ForwarderConfig.h>
#include <xgw/route/RouteSpec.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xgw::config {

// Where a value was written: file:line:column (1-based), for every error about it.
struct Where {
    std::string file;
    unsigned line = 0;
    unsigned column = 0;
    std::string str() const {
        return file + ":" + std::to_string(line) + ":" + std::to_string(column);
    }
};

enum class AttachKind { Full, Forward, AcctOnly };
std::string_view to_string(AttachKind kind);

struct InterfaceConfig {
    std::string name;
    AttachKind attach = AttachKind::Full;
    XdpMode mode = XdpMode::Auto;
    // The namespace's table sizes (chosen at the first attach); every interface that names
    // one must name the same.
    TableSizes sizes;
    Where where;

    // How `xgw apply` and xgwd attach it.
    AttachOptions attach_options() const;
};

// `expect = "allow tcp from A to B 80 in via eth0"`: what the new ruleset must do with a packet.
struct Expectation {
    std::string text;
    Where where;
};

// A text in another language (the ruleset, the routes): from a file, or written inline.
struct EmbeddedText {
    std::string file; // the name its own errors carry
    std::string text;
    Where where;      // the key that named it
};

struct FirewallConfig {
    EmbeddedText rules; // `fw load` format: rules, [nat], [acct]
    bool allow_empty = false; // a ruleset without a firewall rule (`fw load --allow-empty`)
    std::vector<Expectation> expect;
};

struct AoeExportConfig {
    aoe::ExportOptions options;
    std::string masks; // as written (vblade's -m), for diff and save
    std::string transport = "auto";
    Where where;
};

struct MetricsConfig {
    std::string listen; // ADDR:PORT, as `xgw stats serve --listen` takes it
    Where where;
};

struct LogConfig {
    bool syslog = false;
    Where where;
};

// [dns]: the caching forwarder xgwd runs, as `xgw dns serve` would with these options.
struct DnsConfig {
    dns::ForwarderConfig forwarder; // listen: every address (0.0.0.0, [::]) when not given
    Where where;
};

struct BoxConfig {
    std::vector<std::string> files;          // the main file, then its includes, as read
    // A component whose section is absent is left as it is: no [interfaces], no attach or
    // detach; with it, exactly these interfaces are attached.
    bool manage_interfaces = false;
    std::vector<InterfaceConfig> interfaces; // sorted by name
    std::optional<FirewallConfig> firewall;  // none: the ruleset is left as it is
    std::optional<EmbeddedText> routes;      // `route apply` format
    std::vector<AoeExportConfig> aoe;
    std::optional<MetricsConfig> metrics; // served by xgwd
    std::optional<LogConfig> log;         // followed by xgwd
    std::optional<DnsConfig> dns;         // served by xgwd

    // Filled by Box::load once every part compiled: the routes file's changes.
    std::vector<route::RouteOp> route_ops;
};

} // namespace xgw::config
