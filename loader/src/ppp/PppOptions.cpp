#include <xgw/ppp/OptionWords.h>
#include <xgw/ppp/PppOptions.h>

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace xgw::ppp {
namespace {

constexpr int kMaxDepth = 10; // `file` and `call` nest; a loop would not end

struct Ctx {
    PppOptions& o;
    const PppFiles& files;
    std::string where; // "file:line" of the option being applied
    int depth;
};

Error bad(const Ctx& c, const std::string& what) {
    return make_error(Errc::Usage, c.where + ": " + what);
}

Result<int> number(const Ctx& c, const std::string& name, const std::string& arg, long lo,
                   long hi) {
    long v = 0;
    int base = 10;
    std::string_view s = arg;
    if (s.starts_with("0x") || s.starts_with("0X")) {
        s.remove_prefix(2);
        base = 16;
    }
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty() || v < lo || v > hi)
        return bad(c, "option '" + name + "' needs a number from " + std::to_string(lo) + " to " +
                          std::to_string(hi) + ", not '" + arg + "'");
    return static_cast<int>(v);
}

Result<std::uint32_t> hex32(const Ctx& c, const std::string& name, const std::string& arg) {
    std::uint32_t v = 0;
    std::string_view s = arg;
    if (s.starts_with("0x") || s.starts_with("0X"))
        s.remove_prefix(2);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty())
        return bad(c, "option '" + name + "' needs a 32-bit hexadecimal map, not '" + arg + "'");
    return v;
}

Result<void> apply_file(Ctx& c, const std::string& path, bool optional);

using Flag = std::function<void(PppOptions&)>;
using WithArg = std::function<Result<void>(Ctx&, const std::string& name, const std::string&)>;

const std::map<std::string, Flag>& flags() {
    static const std::map<std::string, Flag> m = {
        {"noauth", [](PppOptions& o) { o.link.lcp.require_pap = o.link.lcp.require_chap = false; }},
        {"auth", [](PppOptions& o) { o.link.lcp.require_pap = o.link.lcp.require_chap = true; }},
        {"require-pap", [](PppOptions& o) { o.link.lcp.require_pap = true; }},
        {"require-chap", [](PppOptions& o) { o.link.lcp.require_chap = true; }},
        {"refuse-pap", [](PppOptions& o) { o.link.lcp.refuse_pap = true; }},
        {"refuse-chap", [](PppOptions& o) { o.link.lcp.refuse_chap = true; }},
        {"persist", [](PppOptions& o) { o.persist = true; }},
        {"nopersist", [](PppOptions& o) { o.persist = false; }},
        {"lock", [](PppOptions& o) { o.lock = true; }},
        {"nolock", [](PppOptions& o) { o.lock = false; }},
        {"modem", [](PppOptions& o) { o.modem = true; }},
        {"local", [](PppOptions& o) { o.modem = false; }},
        {"crtscts", [](PppOptions& o) { o.crtscts = true; }},
        {"nocrtscts", [](PppOptions& o) { o.crtscts = false; }},
        {"-crtscts", [](PppOptions& o) { o.crtscts = false; }},
        {"debug", [](PppOptions& o) { o.debug = true; }},
        {"nodetach", [](PppOptions& o) { o.nodetach = true; }},
        {"defaultroute", [](PppOptions& o) { o.defaultroute = true; }},
        {"nodefaultroute", [](PppOptions& o) { o.defaultroute = false; }},
        // pppd would otherwise guess the local address from the host name; xgw never guesses.
        {"noipdefault", [](PppOptions&) {}},
        {"ipcp-accept-local", [](PppOptions& o) { o.link.ipcp.accept_local = true; }},
        {"ipcp-accept-remote", [](PppOptions& o) { o.link.ipcp.accept_remote = true; }},
        {"usepeerdns", [](PppOptions& o) { o.link.ipcp.usepeerdns = true; }},
        {"+ipv6", [](PppOptions& o) { o.link.ipv6 = true; }},
        {"ipv6", [](PppOptions& o) { o.link.ipv6 = true; }},
        {"noipv6", [](PppOptions& o) { o.link.ipv6 = false; }},
        {"-ipv6", [](PppOptions& o) { o.link.ipv6 = false; }},
        {"nomagic", [](PppOptions& o) { o.link.lcp.magic = false; }},
        {"nopcomp", [](PppOptions& o) { o.link.lcp.pfc = false; }},
        {"noaccomp", [](PppOptions& o) { o.link.lcp.acfc = false; }},
        {"default-asyncmap", [](PppOptions& o) { o.link.lcp.asyncmap = 0xffffffff; }},
        {"passive", [](PppOptions& o) { o.link.lcp_limits.passive = true; }},
        // Compression and VJ are never negotiated here; saying so again is harmless.
        {"noccp", [](PppOptions&) {}},
        {"novj", [](PppOptions&) {}},
        {"nobsdcomp", [](PppOptions&) {}},
        {"nodeflate", [](PppOptions&) {}},
        {"nopredictor1", [](PppOptions&) {}},
    };
    return m;
}

WithArg text(std::string PppOptions::*field) {
    return [field](Ctx& c, const std::string&, const std::string& a) -> Result<void> {
        c.o.*field = a;
        return {};
    };
}

WithArg link_text(std::string LinkConfig::*field) {
    return [field](Ctx& c, const std::string&, const std::string& a) -> Result<void> {
        c.o.link.*field = a;
        return {};
    };
}

WithArg integer(std::function<void(PppOptions&, int)> put, long lo, long hi) {
    return [put, lo, hi](Ctx& c, const std::string& n, const std::string& a) -> Result<void> {
        auto v = number(c, n, a, lo, hi);
        if (!v)
            return v.error();
        put(c.o, *v);
        return {};
    };
}

WithArg millis(std::function<std::chrono::milliseconds&(PppOptions&)> field) {
    return integer([field](PppOptions& o, int v) { field(o) = std::chrono::seconds(v); }, 1, 3600);
}

const std::map<std::string, WithArg>& with_args() {
    static const std::map<std::string, WithArg> m = {
        {"connect", text(&PppOptions::connect)},
        {"disconnect", text(&PppOptions::disconnect)},
        {"logfile", text(&PppOptions::logfile)},
        {"ipparam", text(&PppOptions::ipparam)},
        {"ifname", text(&PppOptions::ifname)},
        {"linkname", text(&PppOptions::linkname)},
        {"ip-up-script", text(&PppOptions::ip_up)},
        {"ip-down-script", text(&PppOptions::ip_down)},
        {"ipv6-up-script", text(&PppOptions::ipv6_up)},
        {"ipv6-down-script", text(&PppOptions::ipv6_down)},
        {"user", link_text(&LinkConfig::user)},
        {"name", link_text(&LinkConfig::name)},
        {"remotename", link_text(&LinkConfig::remotename)},
        {"password", link_text(&LinkConfig::password)},
        {"unit", [](Ctx& c, const std::string& n, const std::string& a) -> Result<void> {
             auto v = number(c, n, a, 0, 9999);
             if (!v)
                 return v.error();
             c.o.ifname = "ppp" + std::to_string(*v);
             return {};
         }},
        {"mru", integer([](PppOptions& o, int v) { o.link.lcp.mru = static_cast<std::uint16_t>(v); }, 128, 16384)},
        {"mtu", integer([](PppOptions& o, int v) { o.link.lcp.mtu = static_cast<std::uint16_t>(v); }, 128, 16384)},
        {"asyncmap", [](Ctx& c, const std::string& n, const std::string& a) -> Result<void> {
             auto v = hex32(c, n, a);
             if (!v)
                 return v.error();
             c.o.link.lcp.asyncmap |= *v; // pppd ORs repeated asyncmap options together
             return {};
         }},
        {"holdoff", integer([](PppOptions& o, int v) { o.holdoff = v; }, 0, 86400)},
        {"maxfail", integer([](PppOptions& o, int v) { o.maxfail = v; }, 0, 1000000)},
        {"idle", integer([](PppOptions& o, int v) { o.idle = v; }, 0, 86400 * 365)},
        {"lcp-echo-interval", integer([](PppOptions& o, int v) { o.link.lcp.echo_interval = v; }, 0, 86400)},
        {"lcp-echo-failure", integer([](PppOptions& o, int v) { o.link.lcp.echo_failure = v; }, 0, 1000)},
        {"lcp-restart", millis([](PppOptions& o) -> auto& { return o.link.lcp_limits.restart; })},
        {"lcp-max-configure", integer([](PppOptions& o, int v) { o.link.lcp_limits.max_configure = v; }, 1, 1000)},
        {"lcp-max-terminate", integer([](PppOptions& o, int v) { o.link.lcp_limits.max_terminate = v; }, 1, 1000)},
        {"lcp-max-failure", integer([](PppOptions& o, int v) { o.link.lcp_limits.max_failure = v; }, 1, 1000)},
        {"ipcp-restart", millis([](PppOptions& o) -> auto& { return o.link.ipcp_limits.restart; })},
        {"ipcp-max-configure", integer([](PppOptions& o, int v) { o.link.ipcp_limits.max_configure = v; }, 1, 1000)},
        {"ipcp-max-terminate", integer([](PppOptions& o, int v) { o.link.ipcp_limits.max_terminate = v; }, 1, 1000)},
        {"ipcp-max-failure", integer([](PppOptions& o, int v) { o.link.ipcp_limits.max_failure = v; }, 1, 1000)},
        {"pap-restart", millis([](PppOptions& o) -> auto& { return o.link.pap_timers.restart; })},
        {"pap-max-authreq", integer([](PppOptions& o, int v) { o.link.pap_timers.max_tries = v; }, 1, 1000)},
        {"pap-timeout", millis([](PppOptions& o) -> auto& { return o.link.pap_timers.wait; })},
        {"chap-restart", millis([](PppOptions& o) -> auto& { return o.link.chap_timers.restart; })},
        {"chap-max-challenge", integer([](PppOptions& o, int v) { o.link.chap_timers.max_tries = v; }, 1, 1000)},
        {"ms-dns", [](Ctx& c, const std::string& n, const std::string& a) -> Result<void> {
             auto v = parse_ipv4(a);
             if (!v)
                 return bad(c, "option '" + n + "' needs an IPv4 address, not '" + a + "'");
             auto& dns = c.o.link.ipcp.ms_dns;
             (dns[0] ? dns[1] : dns[0]) = *v; // the first ms-dns is primary, the next secondary
             return {};
         }},
        {"file", [](Ctx& c, const std::string&, const std::string& a) { return apply_file(c, a, false); }},
        {"call", [](Ctx& c, const std::string&, const std::string& a) -> Result<void> {
             if (a.find('/') != std::string::npos)
                 return bad(c, "peer name '" + a + "' may not contain '/'");
             c.o.call_file = c.files.dir + "/peers/" + a;
             return apply_file(c, c.o.call_file, false);
         }},
    };
    return m;
}

// pppd's words that are not options: a device, a speed, or local:remote addresses.
Result<bool> positional(Ctx& c, const std::string& w) {
    if (!w.empty() && w.find_first_not_of("0123456789") == std::string::npos) {
        auto v = number(c, "speed", w, 1, 100000000);
        if (!v)
            return v.error();
        c.o.speed = static_cast<std::uint32_t>(*v);
        return true;
    }
    if (w[0] == '/' || (access(("/dev/" + w).c_str(), F_OK) == 0 && w.find('/') == std::string::npos)) {
        c.o.device = w[0] == '/' ? w : "/dev/" + w;
        return true;
    }
    if (auto colon = w.find(':'); colon != std::string::npos) {
        const std::string l = w.substr(0, colon), r = w.substr(colon + 1);
        auto la = l.empty() ? std::optional<std::uint32_t>(0) : parse_ipv4(l);
        auto ra = r.empty() ? std::optional<std::uint32_t>(0) : parse_ipv4(r);
        if (!la || !ra)
            return bad(c, "bad address pair '" + w + "' (want LOCAL:REMOTE)");
        if (*la)
            c.o.link.ipcp.local = *la;
        if (*ra)
            c.o.link.ipcp.remote = *ra;
        return true;
    }
    return false;
}

Result<void> apply_words(Ctx& c, const std::vector<Word>& words, const std::string& origin) {
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i].text;
        c.where = words[i].line ? origin + ":" + std::to_string(words[i].line) : origin;
        if (auto f = flags().find(w); f != flags().end()) {
            f->second(c.o);
            continue;
        }
        if (auto a = with_args().find(w); a != with_args().end()) {
            if (i + 1 >= words.size())
                return bad(c, "option '" + w + "' needs an argument");
            if (auto r = a->second(c, w, words[++i].text); !r)
                return r;
            continue;
        }
        auto p = positional(c, w);
        if (!p)
            return p.error();
        if (!*p)
            return bad(c, "unknown option '" + w + "'");
    }
    return {};
}

Result<void> apply_file(Ctx& c, const std::string& path, bool optional) {
    if (c.depth >= kMaxDepth)
        return bad(c, "options files nested too deep at '" + path + "'");
    std::ifstream in(path);
    if (!in) {
        if (optional && errno == ENOENT)
            return {};
        return Error::from_errno(errno, (c.where.empty() ? "" : c.where + ": ") + "cannot read options file " + path);
    }
    std::stringstream ss;
    ss << in.rdbuf();
    auto words = split_words(ss.str(), path);
    if (!words)
        return words.error();
    Ctx inner{c.o, c.files, "", c.depth + 1};
    return apply_words(inner, *words, path);
}

} // namespace

Result<void> apply_options(PppOptions& options, const std::vector<std::string>& words,
                           const std::string& origin, const PppFiles& files) {
    std::vector<Word> ws;
    for (const auto& w : words)
        ws.push_back({w, 0, false});
    Ctx c{options, files, origin, 0};
    return apply_words(c, ws, origin);
}

Result<void> apply_options_file(PppOptions& options, const std::string& path,
                                const PppFiles& files, bool optional) {
    Ctx c{options, files, "", 0};
    return apply_file(c, path, optional);
}

Result<PppOptions> default_options(const PppFiles& files) {
    PppOptions o;
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    o.link.name = host;
    if (auto r = apply_options_file(o, files.dir + "/options", files, true); !r)
        return r.error();
    if (!files.home_rc.empty())
        if (auto r = apply_options_file(o, files.home_rc, files, true); !r)
            return r.error();
    return o;
}

Result<void> finish_options(PppOptions& o, const PppFiles& files) {
    auto pap = Secrets::load(files.dir + "/pap-secrets");
    if (!pap)
        return pap.error();
    auto chap = Secrets::load(files.dir + "/chap-secrets");
    if (!chap)
        return chap.error();
    o.link.pap_secrets = std::move(*pap);
    o.link.chap_secrets = std::move(*chap);
    for (auto* script : {&o.ip_up, &o.ip_down, &o.ipv6_up, &o.ipv6_down})
        if (!script->empty() && (*script)[0] != '/')
            *script = files.dir + "/" + *script;
    if (o.device.empty())
        return make_error(Errc::Usage, "no device given (a word such as /dev/ttyS0 or ttyS0)");
    return {};
}

} // namespace xgw::ppp
