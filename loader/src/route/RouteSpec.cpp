#include <xgw/route/RouteSpec.h>

#include <arpa/inet.h>
#include <netlink/route/route.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

namespace xgw::route {
namespace {

Error usage(std::string message) {
    return make_error(Errc::Usage, std::move(message));
}

const char* const kUnsupported[] = {"mss", "window", "irtt", "reject", "mod", "dyn", "reinstate"};

enum class DestKind { Unset, Net, Host };

// A route being read: the destination text stays raw until every word of the route is in.
struct Pending {
    DestKind kind = DestKind::Unset;
    std::string dest;
    std::optional<std::uint8_t> netmask_len;
    RouteSpec spec;
};

Result<std::uint8_t> netmask_length(const std::string& text) {
    in_addr mask{};
    if (inet_pton(AF_INET, text.c_str(), &mask) != 1)
        return usage("'" + text + "' is not a netmask");
    std::uint32_t bits = ntohl(mask.s_addr);
    std::uint8_t len = 0;
    while (len < 32 && (bits & (0x80000000u >> len)))
        ++len;
    if (len < 32 && (bits << len) != 0)
        return usage("netmask " + text + " is not contiguous");
    return len;
}

bool looks_like_dest(const std::string& word) {
    return word == "default" || IpPrefix::parse(word).ok();
}

// The prefix DEST names once -net/-host, /LEN and netmask are all known.
Result<IpPrefix> resolve_dest(const Pending& p, std::optional<IpFamily> family) {
    if (p.dest == "default") {
        if (p.kind == DestKind::Host)
            return usage("-host default is not a host");
        if (p.netmask_len && *p.netmask_len != 0)
            return usage("default takes no netmask");
        return IpPrefix{family.value_or(IpFamily::V4), {}, 0};
    }
    const auto slash = p.dest.find('/');
    if (slash != std::string::npos && p.netmask_len)
        return usage(p.dest + ": give either /LEN or netmask, not both");
    auto exact = IpPrefix::parse(p.dest.substr(0, slash));
    auto given = IpPrefix::parse(p.dest);
    if (!exact || !given)
        return given ? exact.error() : given.error();
    if (p.netmask_len && exact->family != IpFamily::V4)
        return usage("netmask is for IPv4; write " + p.dest + "/LEN");
    if (slash == std::string::npos && !p.netmask_len && p.kind == DestKind::Net)
        return usage("-net " + p.dest + " needs netmask MASK or /LEN");
    const std::uint8_t length = p.netmask_len.value_or(given->length);
    if (p.kind == DestKind::Host && length != exact->maxLength())
        return usage("-host " + p.dest + " is not a single address");
    auto prefix = IpPrefix::parse(exact->str() + "/" + std::to_string(length));
    if (!prefix)
        return prefix.error();
    if (prefix->addr != exact->addr)
        return usage(p.dest + " has host bits set (did you mean " + prefix->str() + "?)");
    if (family && prefix->family != *family)
        return usage(p.dest + " is not an " + (*family == IpFamily::V4 ? "IPv4" : "IPv6") +
                     " destination");
    return prefix;
}

Result<RouteSpec> finish(Pending& p, std::optional<IpFamily> family) {
    if (p.dest.empty())
        return usage("missing destination (an address, ADDR/LEN or default)");
    // An IPv6 gateway makes "default" an IPv6 default.
    if (!family && p.spec.gateway && p.dest == "default")
        family = p.spec.gateway->family;
    auto dest = resolve_dest(p, family);
    if (!dest)
        return dest.error();
    p.spec.dest = *dest;
    if (p.spec.gateway && p.spec.gateway->family != dest->family)
        return usage("gateway " + p.spec.gateway->str() + " and destination " + dest->str() +
                     " are of different address families");
    return p.spec;
}

class ArgReader {
  public:
    ArgReader(const std::vector<std::string>& words, std::optional<IpFamily> family)
        : words_(words), family_(family) {}

    Result<std::vector<RouteSpec>> run() {
        for (i_ = 0; i_ < words_.size(); ++i_)
            if (auto ok = word(words_[i_]); !ok)
                return ok.error();
        if (auto ok = flush(); !ok)
            return ok.error();
        return std::move(out_);
    }

  private:
    Result<std::string> value(const std::string& key, const char* what) {
        if (i_ + 1 >= words_.size())
            return usage("'" + key + "' needs " + what);
        return words_[++i_];
    }

    Result<void> flush() {
        if (cur_.dest.empty() && cur_.kind == DestKind::Unset && !dirty_)
            return {};
        auto spec = finish(cur_, family_);
        if (!spec)
            return spec.error();
        out_.push_back(*spec);
        cur_ = Pending{};
        dirty_ = false;
        return {};
    }

    Result<void> kind(DestKind k, const std::string& w) {
        if (!cur_.dest.empty())
            if (auto ok = flush(); !ok)
                return ok.error();
        if (cur_.kind != DestKind::Unset)
            return usage("'" + w + "' follows -net or -host");
        cur_.kind = k;
        return {};
    }

    Result<void> word(const std::string& w);

    const std::vector<std::string>& words_;
    std::optional<IpFamily> family_;
    std::size_t i_ = 0;
    Pending cur_;
    bool dirty_ = false; // the current route has options but maybe no destination yet
    std::vector<RouteSpec> out_;
};

Result<void> ArgReader::word(const std::string& w) {
    if (w == "-net" || w == "-host")
        return kind(w == "-net" ? DestKind::Net : DestKind::Host, w);
    if (std::find(std::begin(kUnsupported), std::end(kUnsupported), w) != std::end(kUnsupported))
        return usage("route(8) option '" + w + "' is not supported by xgw");
    const bool keyword =
        w == "netmask" || w == "gw" || w == "via" || w == "dev" || w == "metric" || w == "table";
    if (!keyword) {
        if (cur_.dest.empty()) {
            cur_.dest = w;
            return {};
        }
        if (looks_like_dest(w)) {
            if (auto ok = flush(); !ok)
                return ok.error();
            cur_.dest = w;
            return {};
        }
        if (!cur_.spec.dev.empty())
            return usage("unexpected '" + w + "' (the device is already " + cur_.spec.dev + ")");
        cur_.spec.dev = w;
        return {};
    }
    dirty_ = true;
    const char* what = w == "netmask"  ? "a netmask"
                       : w == "dev"    ? "an interface name"
                       : w == "table"  ? "a table name or number"
                       : w == "metric" ? "a number"
                                       : "an address";
    auto v = value(w, what);
    if (!v)
        return v.error();
    if (w == "netmask") {
        auto len = netmask_length(*v);
        if (!len)
            return len.error();
        cur_.netmask_len = *len;
    } else if (w == "gw" || w == "via") {
        auto gw = IpPrefix::parse(*v);
        if (!gw)
            return gw.error();
        if (v->find('/') != std::string::npos)
            return usage("gateway " + *v + " must be a single address");
        cur_.spec.gateway = *gw;
    } else if (w == "dev") {
        cur_.spec.dev = *v;
    } else if (w == "metric") {
        auto m = parse_u32(*v, "metric");
        if (!m)
            return m.error();
        cur_.spec.metric = *m;
    } else {
        auto t = parse_table(*v);
        if (!t)
            return t.error();
        cur_.spec.table = *t;
    }
    return {};
}

std::vector<std::string> split_words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string w; in >> w;)
        words.push_back(w);
    return words;
}

} // namespace

Result<std::uint32_t> parse_u32(const std::string& text, const std::string& what) {
    const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    const char* begin = text.data() + (hex ? 2 : 0);
    const char* end = text.data() + text.size();
    std::uint32_t value = 0;
    auto [p, ec] = std::from_chars(begin, end, value, hex ? 16 : 10);
    if (text.empty() || ec != std::errc() || p != end)
        return usage(what + " '" + text + "' is not a number (0 to 4294967295)");
    return value;
}

Result<std::uint32_t> parse_table(const std::string& text) {
    if (!text.empty() && std::isdigit(static_cast<unsigned char>(text[0])))
        return parse_u32(text, "table");
    int id = rtnl_route_str2table(text.c_str());
    if (id < 0)
        return usage("unknown routing table '" + text +
                     "' (a number, main, local, default, or a "
                     "name from /etc/iproute2/rt_tables)");
    return static_cast<std::uint32_t>(id);
}

std::string table_name(std::uint32_t table) {
    char buf[64];
    std::string name = rtnl_route_table2str(static_cast<int>(table), buf, sizeof buf);
    return name.rfind("0x", 0) == 0 ? std::to_string(table) : name; // libnl spells numbers in hex
}

Result<std::vector<RouteSpec>> parse_route_args(const std::vector<std::string>& words,
                                                std::optional<IpFamily> family) {
    if (words.empty())
        return usage("missing destination (an address, ADDR/LEN or default)");
    return ArgReader(words, family).run();
}

Result<std::vector<RouteOp>> parse_route_batch(const std::string& text,
                                               std::optional<IpFamily> family) {
    std::vector<RouteOp> ops;
    std::istringstream in(text);
    int lineno = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineno;
        auto words = split_words(line.substr(0, line.find('#')));
        if (words.empty())
            continue;
        const std::string verb = words.front();
        words.erase(words.begin());
        auto where = "line " + std::to_string(lineno) + ": ";
        if (verb != "add" && verb != "delete" && verb != "del")
            return usage(where + "expected add or delete, not '" + verb + "'");
        auto specs = parse_route_args(words, family);
        if (!specs)
            return specs.error().prefix("line " + std::to_string(lineno));
        for (auto& s : *specs)
            ops.push_back({verb == "add" ? RouteOpKind::Add : RouteOpKind::Delete, s});
    }
    return ops;
}

std::string RouteSpec::str() const {
    std::string out = dest.length == 0                  ? std::string("default")
                      : dest.length == dest.maxLength() ? "-host " + dest.str()
                                                        : "-net " + dest.str();
    if (gateway)
        out += " gw " + gateway->str();
    if (!dev.empty())
        out += " dev " + dev;
    if (metric)
        out += " metric " + std::to_string(*metric);
    if (table != kMainTable)
        out += " table " + table_name(table);
    return out;
}

} // namespace xgw::route
