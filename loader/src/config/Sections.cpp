#include "Sections.h"

#include "DnsSection.h"

#include <xgw/aoe/MacAddress.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace xgw::config {

namespace {

Result<void> duplicate(const FileContext& fc, const toml::node& node, const std::string& what,
                       const Where& first) {
    return fc.error(node, what + " is configured twice (first at " + first.str() + ")");
}

bool valid_ifname(const std::string& name) {
    return !name.empty() && name.size() < 16 && name != "." && name != ".." &&
           std::none_of(name.begin(), name.end(),
                        [](char c) { return c == '/' || c == ':' || c <= ' '; });
}

Result<void> parse_interface(const FileContext& fc, const toml::key& key, const toml::node& node,
                             BoxConfig& out) {
    const std::string name(key.str());
    if (!valid_ifname(name))
        return fc.error(key.source(), "'" + name + "' is not an interface name");
    for (const auto& i : out.interfaces)
        if (i.name == name)
            return duplicate(fc, node, "interface " + name, i.where);
    auto t = table_of(fc, node, "[interfaces." + name + "]",
                      {"attach", "mode", "flows", "nat_bindings"});
    if (!t)
        return t.error();
    InterfaceConfig ic;
    ic.name = name;
    ic.where = fc.at(key.source());
    auto attach = get_choice(fc, **t, "attach", {"full", "forward", "acct-only"});
    auto mode = get_choice(fc, **t, "mode", {"auto", "native", "generic"});
    auto flows = get_int(fc, **t, "flows", 1024, 1 << 24);
    auto bindings = get_int(fc, **t, "nat_bindings", 1024, 1 << 24);
    for (const Error* e : {attach ? nullptr : &attach.error(), mode ? nullptr : &mode.error(),
                           flows ? nullptr : &flows.error(), bindings ? nullptr : &bindings.error()})
        if (e)
            return *e;
    if (*attach)
        ic.attach = **attach == "forward"     ? AttachKind::Forward
                    : **attach == "acct-only" ? AttachKind::AcctOnly
                                              : AttachKind::Full;
    if (*mode)
        ic.mode = **mode == "native" ? XdpMode::Native
                  : **mode == "generic" ? XdpMode::Generic
                                        : XdpMode::Auto;
    if (*flows)
        ic.sizes.flows = static_cast<std::uint32_t>(**flows);
    if (*bindings)
        ic.sizes.nat_bindings = static_cast<std::uint32_t>(**bindings);
    // The tables are the namespace's, not the interface's: two sizes cannot both hold.
    for (const auto& other : out.interfaces) {
        auto clash = [&](const std::optional<std::uint32_t>& a,
                         const std::optional<std::uint32_t>& b) { return a && b && *a != *b; };
        if (clash(ic.sizes.flows, other.sizes.flows) ||
            clash(ic.sizes.nat_bindings, other.sizes.nat_bindings))
            return fc.error(node, "interface " + name + " asks other table sizes than " +
                                      other.name + " (" + other.where.str() +
                                      "); the flow and NAT tables are shared by every interface");
    }
    out.interfaces.push_back(std::move(ic));
    return {};
}

Result<void> parse_interfaces(const FileContext& fc, const toml::node& node, BoxConfig& out) {
    const auto* t = node.as_table();
    if (!t)
        return fc.error(node, "[interfaces] must be a table of [interfaces.NAME] tables");
    out.manage_interfaces = true;
    for (const auto& [key, value] : *t)
        if (auto ok = parse_interface(fc, key, value, out); !ok)
            return ok;
    std::sort(out.interfaces.begin(), out.interfaces.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    return {};
}

// Inline text keeps the lines of the file it is written in, so its own errors point there:
// blank lines stand for the lines above it (a multi-line string starts on the next line).
std::string placed(const toml::node& value, const std::string& text) {
    const auto& r = value.source();
    const bool multiline = r.end.line > r.begin.line;
    std::string pad(multiline ? r.begin.line : r.begin.line - 1, '\n');
    if (!multiline)
        pad += std::string(r.begin.column, ' '); // after the opening quote
    return pad + text;
}

// file_key names a file to read, text_key holds the text itself; exactly one of them.
Result<std::optional<EmbeddedText>> embedded(const FileContext& fc, const toml::table& t,
                                             std::string_view file_key, std::string_view text_key,
                                             std::string_view section) {
    const toml::node* f = t.get(file_key);
    const toml::node* x = t.get(text_key);
    if (f && x)
        return fc.error(*x, "give '" + std::string(file_key) + "' or '" + std::string(text_key) +
                                "' in " + std::string(section) + ", not both");
    if (!f && !x)
        return std::optional<EmbeddedText>();
    const toml::node& n = f ? *f : *x;
    auto s = get_string(fc, t, f ? file_key : text_key);
    if (!s)
        return s.error();
    EmbeddedText e;
    e.where = fc.at(n);
    if (x) {
        e.file = fc.file;
        e.text = placed(n, **s);
        return std::optional<EmbeddedText>(std::move(e));
    }
    e.file = fc.resolve(**s);
    std::error_code ec;
    if (std::filesystem::is_directory(e.file, ec))
        return fc.error(n, e.file + " is a directory");
    std::ifstream in(e.file);
    if (!in)
        return fc.error(n, "cannot read " + e.file + ": " + std::strerror(errno));
    std::stringstream ss;
    ss << in.rdbuf();
    e.text = ss.str();
    return std::optional<EmbeddedText>(std::move(e));
}

Result<void> parse_firewall(const FileContext& fc, const toml::node& node, BoxConfig& out) {
    if (out.firewall)
        return duplicate(fc, node, "[firewall]", out.firewall->rules.where);
    auto t = table_of(fc, node, "[firewall]", {"rules", "rules_text", "allow_empty", "expect"});
    if (!t)
        return t.error();
    auto rules = embedded(fc, **t, "rules", "rules_text", "[firewall]");
    if (!rules)
        return rules.error();
    if (!*rules)
        return fc.error(node, "[firewall] needs 'rules' (a ruleset file) or 'rules_text'");
    auto expect = get_strings(fc, **t, "expect");
    if (!expect)
        return expect.error();
    auto allow_empty = get_bool(fc, **t, "allow_empty");
    if (!allow_empty)
        return allow_empty.error();
    FirewallConfig fw;
    fw.rules = std::move(**rules);
    fw.allow_empty = allow_empty->value_or(false);
    for (auto& [text, where] : *expect)
        fw.expect.push_back({std::move(text), std::move(where)});
    out.firewall = std::move(fw);
    return {};
}

Result<void> parse_routes(const FileContext& fc, const toml::node& node, BoxConfig& out) {
    if (out.routes)
        return duplicate(fc, node, "[routes]", out.routes->where);
    auto t = table_of(fc, node, "[routes]", {"file", "text"});
    if (!t)
        return t.error();
    auto routes = embedded(fc, **t, "file", "text", "[routes]");
    if (!routes)
        return routes.error();
    if (!*routes)
        return fc.error(node, "[routes] needs 'file' (a 'route apply' file) or 'text'");
    out.routes = std::move(**routes);
    return {};
}

Result<void> parse_export(const FileContext& fc, const toml::node& node, BoxConfig& out) {
    auto t = table_of(fc, node, "[[aoe.export]]",
                      {"shelf", "slot", "interface", "file", "mask", "readonly", "buffers",
                       "direct", "sync", "offset", "length", "transport", "queue"});
    if (!t)
        return t.error();
    AoeExportConfig e;
    e.where = fc.at(node);
    auto& o = e.options;
    auto shelf = get_int(fc, **t, "shelf", 0, 65534);
    auto slot = get_int(fc, **t, "slot", 0, 254);
    auto iface = get_string(fc, **t, "interface");
    auto file = get_string(fc, **t, "file");
    auto mask = get_strings(fc, **t, "mask");
    auto ro = get_bool(fc, **t, "readonly");
    auto buffers = get_int(fc, **t, "buffers", 1, 65535);
    auto direct = get_bool(fc, **t, "direct");
    auto sync = get_bool(fc, **t, "sync");
    auto offset = get_int(fc, **t, "offset", 0, INT64_MAX);
    auto length = get_int(fc, **t, "length", 0, INT64_MAX);
    auto transport = get_choice(fc, **t, "transport", {"auto", "xsk", "packet"});
    auto queue = get_int(fc, **t, "queue", 0, 4095);
    for (const Error* err :
         {shelf ? nullptr : &shelf.error(), slot ? nullptr : &slot.error(),
          iface ? nullptr : &iface.error(), file ? nullptr : &file.error(),
          mask ? nullptr : &mask.error(), ro ? nullptr : &ro.error(),
          buffers ? nullptr : &buffers.error(), direct ? nullptr : &direct.error(),
          sync ? nullptr : &sync.error(), offset ? nullptr : &offset.error(),
          length ? nullptr : &length.error(), transport ? nullptr : &transport.error(),
          queue ? nullptr : &queue.error()})
        if (err)
            return *err;
    for (auto [value, key] : {std::pair{!!*shelf, "shelf"}, {!!*slot, "slot"},
                              {!!*iface, "interface"}, {!!*file, "file"}})
        if (!value)
            return fc.error(node, std::string("[[aoe.export]] needs '") + key + "'");
    o.address = {static_cast<std::uint16_t>(**shelf), static_cast<std::uint8_t>(**slot)};
    o.ifname = **iface;
    o.path = fc.resolve(**file);
    for (const auto& [m, where] : *mask)
        e.masks += (e.masks.empty() ? "" : ",") + m;
    auto macs = aoe::MacAddress::parse_list(e.masks);
    if (!macs)
        return fc.error(*(*t)->get("mask"), macs.error().message);
    o.masks = *macs;
    o.store.readonly = ro->value_or(false);
    o.store.direct = direct->value_or(false);
    o.store.sync = sync->value_or(false);
    o.store.offset = static_cast<std::uint64_t>(offset->value_or(0));
    o.store.length = static_cast<std::uint64_t>(length->value_or(0));
    o.buffer_count = static_cast<std::uint16_t>(buffers->value_or(16));
    e.transport = transport->value_or("auto");
    o.transport = e.transport == "xsk"      ? aoe::TransportChoice::Xsk
                  : e.transport == "packet" ? aoe::TransportChoice::Packet
                                            : aoe::TransportChoice::Auto;
    o.queue = static_cast<unsigned>(queue->value_or(0));
    for (const auto& other : out.aoe)
        if (other.options.address.str() == o.address.str() && other.options.ifname == o.ifname)
            return duplicate(fc, node, "export e" + o.address.str() + " on " + o.ifname,
                             other.where);
    out.aoe.push_back(std::move(e));
    return {};
}

Result<void> parse_aoe(const FileContext& fc, const toml::node& node, BoxConfig& out) {
    auto t = table_of(fc, node, "[aoe]", {"export"});
    if (!t)
        return t.error();
    const toml::node* exports = (*t)->get("export");
    if (!exports)
        return {};
    const auto* a = exports->as_array();
    if (!a)
        return fc.error(*exports, "write AoE exports as [[aoe.export]] tables");
    for (const auto& e : *a)
        if (auto ok = parse_export(fc, e, out); !ok)
            return ok;
    return {};
}

Result<void> parse_metrics(const FileContext& fc, const toml::node& node, BoxConfig& out) {
    if (out.metrics)
        return duplicate(fc, node, "[metrics]", out.metrics->where);
    auto t = table_of(fc, node, "[metrics]", {"listen"});
    if (!t)
        return t.error();
    auto listen = get_string(fc, **t, "listen");
    if (!listen)
        return listen.error();
    if (!*listen)
        return fc.error(node, "[metrics] needs 'listen' (ADDR:PORT)");
    const auto colon = (*listen)->rfind(':');
    const std::string port = colon == std::string::npos ? "" : (*listen)->substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoul(port) == 0 || std::stoul(port) > 65535)
        return fc.error(*(*t)->get("listen"), "'listen' must be ADDR:PORT, not \"" + **listen + "\"");
    out.metrics = MetricsConfig{**listen, fc.at(node)};
    return {};
}

Result<void> parse_log(const FileContext& fc, const toml::node& node, BoxConfig& out) {
    if (out.log)
        return duplicate(fc, node, "[log]", out.log->where);
    auto t = table_of(fc, node, "[log]", {"syslog"});
    if (!t)
        return t.error();
    auto syslog = get_bool(fc, **t, "syslog");
    if (!syslog)
        return syslog.error();
    out.log = LogConfig{syslog->value_or(false), fc.at(node)};
    return {};
}

constexpr Section kSections[] = {
    {"interfaces", parse_interfaces}, {"firewall", parse_firewall}, {"routes", parse_routes},
    {"aoe", parse_aoe},               {"metrics", parse_metrics},   {"log", parse_log},
    {"dns", parse_dns},
};

} // namespace

std::span<const Section> sections() { return kSections; }

} // namespace xgw::config
