// `xgw dns config show|set`: the resolver files, read and changed atomically.
#include "Commands.h"

#include <xgw/dns/AtomicFile.h>
#include <xgw/dns/HostConf.h>
#include <xgw/dns/HostsFile.h>
#include <xgw/dns/ResolvConf.h>
#include <xgw/dns/ResolverOwner.h>

#include <cerrno>
#include <iostream>
#include <sys/stat.h>

namespace xgw::cli {
namespace {

using namespace xgw::dns;

struct ConfigArgs {
    std::string resolv_conf = "/etc/resolv.conf";
    std::string host_conf = "/etc/host.conf";
    std::string hosts = "/etc/hosts";
    std::string networks = "/etc/networks";
    bool json = false;
    bool force = false;
    std::vector<std::string> words;
};

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

// A file's text; a missing file (or a link to none) reads as empty, as the resolver treats it.
Result<std::string> text_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 && errno == ENOENT)
        return std::string();
    return read_text_file(path);
}

template <class File> Result<File> load(const std::string& path) {
    auto text = text_of(path);
    if (!text)
        return text.error();
    return File::parse(*text, path);
}

nlohmann::json warnings_json(const std::string& path, const std::vector<Warning>& warnings) {
    auto j = nlohmann::json::array();
    for (const auto& w : warnings)
        j.push_back(where(path, w.line, w.message));
    return j;
}

struct Files {
    ResolvConf resolv;
    HostConf host_conf;
    HostsFile hosts;
    NetworksFile networks;
};

Result<Files> load_all(const ConfigArgs& a) {
    auto r = load<ResolvConf>(a.resolv_conf);
    if (!r)
        return r.error();
    auto hc = load<HostConf>(a.host_conf);
    if (!hc)
        return hc.error();
    auto h = load<HostsFile>(a.hosts);
    if (!h)
        return h.error();
    auto n = load<NetworksFile>(a.networks);
    if (!n)
        return n.error();
    return Files{std::move(*r), std::move(*hc), std::move(*h), std::move(*n)};
}

nlohmann::json to_json(const ConfigArgs& a, const Files& f) {
    auto owner = resolv_conf_owner(a.resolv_conf);
    nlohmann::json hosts = nlohmann::json::array(), networks = nlohmann::json::array();
    for (const auto& e : f.hosts.entries)
        hosts.push_back({{"address", e.address}, {"names", e.names}});
    for (const auto& e : f.networks.entries)
        networks.push_back({{"name", e.name}, {"number", e.number}, {"aliases", e.aliases}});
    return {
        {"resolv_conf",
         {{"path", a.resolv_conf},
          {"present", exists(a.resolv_conf)},
          {"owner", owner ? nlohmann::json(*owner) : nlohmann::json()},
          {"nameservers", f.resolv.nameservers},
          {"search", f.resolv.search},
          {"options", f.resolv.options},
          {"warnings", warnings_json(a.resolv_conf, f.resolv.warnings)}}},
        {"host_conf",
         {{"path", a.host_conf},
          {"present", exists(a.host_conf)},
          {"order", f.host_conf.order},
          {"settings", f.host_conf.settings},
          {"trim", f.host_conf.trim},
          {"warnings", warnings_json(a.host_conf, f.host_conf.warnings)}}},
        {"hosts", {{"path", a.hosts}, {"present", exists(a.hosts)}, {"entries", hosts}}},
        {"networks",
         {{"path", a.networks}, {"present", exists(a.networks)}, {"entries", networks}}},
    };
}

void print_words(const char* keyword, const std::vector<std::string>& words) {
    if (words.empty())
        return;
    std::cout << "  " << keyword;
    for (const auto& w : words)
        std::cout << ' ' << w;
    std::cout << '\n';
}

void print_text(const ConfigArgs& a, const Files& f) {
    std::cout << "resolv.conf " << a.resolv_conf << '\n';
    for (const auto& ns : f.resolv.nameservers)
        std::cout << "  nameserver " << ns << '\n';
    print_words(f.resolv.search_keyword == "domain" ? "domain" : "search", f.resolv.search);
    print_words("options", f.resolv.options);
    if (auto owner = resolv_conf_owner(a.resolv_conf))
        std::cout << "  managed by " << *owner << '\n';
    std::cout << "host.conf " << a.host_conf << '\n';
    print_words("order", f.host_conf.order);
    for (const auto& [k, v] : f.host_conf.settings)
        std::cout << "  " << k << ' ' << v << '\n';
    print_words("trim", f.host_conf.trim);
    std::cout << "hosts " << a.hosts << ": " << f.hosts.entries.size() << " entries\n";
    for (const auto& e : f.hosts.entries)
        print_words(e.address.c_str(), e.names);
    std::cout << "networks " << a.networks << ": " << f.networks.entries.size() << " entries\n";
    for (const auto& e : f.networks.entries)
        std::cout << "  " << e.name << ' ' << e.number << '\n';
    for (const auto& w : f.resolv.warnings)
        std::cerr << "xgw: warning: " << where(a.resolv_conf, w.line, w.message) << '\n';
    for (const auto& w : f.host_conf.warnings)
        std::cerr << "xgw: warning: " << where(a.host_conf, w.line, w.message) << '\n';
}

Result<void> show(const ConfigArgs& a) {
    auto files = load_all(a);
    if (!files)
        return files.error();
    if (a.json)
        print_json(to_json(a, *files));
    else
        print_text(a, *files);
    return {};
}

Result<void> set(const ConfigArgs& a) {
    auto change = parse_resolv_conf_change(a.words);
    if (!change)
        return change.error();
    auto owner = resolv_conf_owner(a.resolv_conf);
    if (owner && !a.force)
        return make_error(Errc::Conflict,
                          a.resolv_conf + " is managed by " + *owner + ": change it through " +
                              *owner + ", or give --force to replace it with xgw's own file");
    auto conf = load<ResolvConf>(a.resolv_conf);
    if (!conf)
        return conf.error();
    auto next = apply_change(*conf, *change, a.resolv_conf);
    if (!next)
        return next.error();
    return write_file_atomic(a.resolv_conf, next->text(),
                             owner ? SymlinkPolicy::Replace : SymlinkPolicy::Follow);
}

void add_path_options(CLI::App* cmd, ConfigArgs& a) {
    cmd->add_option("--resolv-conf,--file", a.resolv_conf, "resolv.conf to read")
        ->capture_default_str();
    cmd->add_option("--host-conf", a.host_conf, "host.conf to read")->capture_default_str();
    cmd->add_option("--hosts", a.hosts, "hosts file to read")->capture_default_str();
    cmd->add_option("--networks", a.networks, "networks file to read")->capture_default_str();
}

} // namespace

void add_dns_config(CLI::App& dns, Context& ctx) {
    auto* config = dns.add_subcommand("config", "Show and change the resolver's files");
    config->require_subcommand(1);

    auto s = std::make_shared<ConfigArgs>();
    auto* show_cmd = config->add_subcommand(
        "show", "Show resolv.conf, host.conf, hosts and networks as the resolver reads them");
    add_path_options(show_cmd, *s);
    show_cmd->add_flag("--json", s->json, "Print JSON");
    on_run(show_cmd, ctx, [s] { return show(*s); });

    auto c = std::make_shared<ConfigArgs>();
    auto* set_cmd = config->add_subcommand(
        "set", "Set resolv.conf's nameservers, search list or options (atomically; other lines "
               "kept)");
    set_cmd->add_option("--file", c->resolv_conf, "resolv.conf to change")->capture_default_str();
    set_cmd->add_flag("--force", c->force,
                      "Replace a resolv.conf that systemd-resolved or resolvconf manages");
    set_cmd
        ->add_option("WORDS", c->words, "nameserver A [A...] [search D...|domain D] [options O...]")
        ->required();
    on_run(set_cmd, ctx, [c] { return set(*c); });
}

} // namespace xgw::cli
