#include <xgw/route/PolicyRule.h>

#include <algorithm>
#include <cstdio>

namespace xgw::route {
namespace {

Error usage(std::string message) {
    return make_error(Errc::Usage, std::move(message));
}

std::string hex(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%x", v);
    return buf;
}

// "0x1", or "0x10/0xff" when the mask is not every bit.
std::string fwmark_text(const PolicyRule& r) {
    std::string out = hex(r.fwmark.value_or(0));
    if (r.fwmask && *r.fwmask != 0xffffffffu)
        out += "/" + hex(*r.fwmask);
    return out;
}

Result<void> set_fwmark(PolicyRule& rule, const std::string& text) {
    auto slash = text.find('/');
    auto mark = parse_u32(text.substr(0, slash), "fwmark");
    if (!mark)
        return mark.error();
    rule.fwmark = *mark;
    if (slash != std::string::npos) {
        auto mask = parse_u32(text.substr(slash + 1), "fwmark mask");
        if (!mask)
            return mask.error();
        rule.fwmask = *mask;
    }
    return {};
}

Result<void> set_prefix(std::optional<IpPrefix>& field, const std::string& text) {
    if (text == "all")
        return {};
    auto prefix = IpPrefix::parse(text);
    if (!prefix)
        return prefix.error();
    field = *prefix;
    return {};
}

Result<void> set_field(PolicyRule& rule, const std::string& key, const std::string& value) {
    if (key == "from")
        return set_prefix(rule.from, value);
    if (key == "to")
        return set_prefix(rule.to, value);
    if (key == "fwmark")
        return set_fwmark(rule, value);
    if (key == "iif")
        rule.iif = value;
    else if (key == "oif")
        rule.oif = value;
    else if (key == "priority" || key == "pref" || key == "prio") {
        auto p = parse_u32(value, "priority");
        if (!p)
            return p.error();
        rule.priority = *p;
    } else {
        auto t = parse_table(value);
        if (!t)
            return t.error();
        rule.table = *t;
    }
    return {};
}

Result<void> check_family(PolicyRule& rule, std::optional<IpFamily> family) {
    std::optional<IpFamily> seen = family;
    for (const auto& p : {rule.from, rule.to}) {
        if (!p)
            continue;
        if (seen && *seen != p->family)
            return usage("from and to (and -4/-6) must be of one address family");
        seen = p->family;
    }
    rule.family = seen.value_or(IpFamily::V4);
    return {};
}

} // namespace

Result<PolicyRule> parse_rule_args(const std::vector<std::string>& words,
                                   std::optional<IpFamily> family) {
    static const char* const kKeys[] = {"from",     "to",   "fwmark", "iif",   "oif",
                                        "priority", "pref", "prio",   "table", "lookup"};
    PolicyRule rule;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& key = words[i];
        if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys))
            return usage("unexpected '" + key +
                         "' (expected from, to, fwmark, iif, oif, priority or table)");
        if (i + 1 >= words.size())
            return usage("'" + key + "' needs a value");
        if (auto ok = set_field(rule, key, words[++i]); !ok)
            return ok.error();
    }
    if (auto ok = check_family(rule, family); !ok)
        return ok.error();
    return rule;
}

std::string format_rule(const PolicyRule& r) {
    std::string out = std::to_string(r.priority.value_or(0)) + ":\tfrom ";
    out += r.from ? r.from->str() : "all";
    if (r.to)
        out += " to " + r.to->str();
    if (r.fwmark)
        out += " fwmark " + fwmark_text(r);
    if (!r.iif.empty())
        out += " iif " + r.iif;
    if (!r.oif.empty())
        out += " oif " + r.oif;
    switch (r.action) {
    case RuleAction::Lookup:
        if (r.table)
            out += " lookup " + table_name(r.table);
        break;
    case RuleAction::Blackhole:
        out += " blackhole";
        break;
    case RuleAction::Unreachable:
        out += " unreachable";
        break;
    case RuleAction::Prohibit:
        out += " prohibit";
        break;
    case RuleAction::Other:
        out += " (other action)";
        break;
    }
    return out;
}

std::string describe_rule(const PolicyRule& r) {
    std::string out;
    auto add = [&out](const std::string& key, const std::string& value) {
        out += (out.empty() ? "" : " ") + key + " " + value;
    };
    if (r.priority)
        add("priority", std::to_string(*r.priority));
    if (r.from)
        add("from", r.from->str());
    if (r.to)
        add("to", r.to->str());
    if (r.fwmark)
        add("fwmark", fwmark_text(r));
    if (!r.iif.empty())
        add("iif", r.iif);
    if (!r.oif.empty())
        add("oif", r.oif);
    if (r.table)
        add("table", table_name(r.table));
    return out.empty() ? "from all" : out;
}

} // namespace xgw::route
