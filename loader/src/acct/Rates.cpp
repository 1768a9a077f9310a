#include <xgw/acct/Rates.h>

#include <algorithm>
#include <map>

namespace xgw::acct {
namespace {

using Pair = std::pair<xgw_counter, xgw_counter>; // the two columns' counters of a row

Rate rate(const xgw_counter& before, const xgw_counter& after, double seconds) {
    auto grew = [](std::uint64_t a, std::uint64_t b) { return b > a ? double(b - a) : 0.0; };
    return {grew(before.packets, after.packets) / seconds,
            8 * grew(before.bytes, after.bytes) / seconds};
}

// Rows keyed by label in both samples, as rates over the interval.
std::vector<RateRow> diff(const std::map<std::string, Pair>& before,
                          const std::map<std::string, Pair>& after, double seconds) {
    std::vector<RateRow> out;
    for (const auto& [label, now] : after) {
        auto it = before.find(label);
        const Pair then = it != before.end() ? it->second : Pair{};
        out.push_back(
            {label, rate(then.first, now.first, seconds), rate(then.second, now.second, seconds)});
    }
    return out;
}

xgw_counter total(const DirStats& d) {
    xgw_counter sum{};
    for (const auto& v : d.verdict) {
        sum.packets += v.packets;
        sum.bytes += v.bytes;
    }
    return sum;
}

std::map<std::string, Pair> interface_rows(const Metrics& m) {
    std::map<std::string, Pair> rows;
    for (const auto& s : m.interfaces)
        rows[s.name] = {total(s.ingress), total(s.egress)};
    return rows;
}

std::map<std::string, Pair> rule_rows(const Metrics& m) {
    std::map<std::string, Pair> rows;
    for (const auto& r : m.rules)
        rows[std::to_string(r.number) + " " + r.text] = {r.counts, {}};
    return rows;
}

std::map<std::string, Pair> talker_rows(const Metrics& m) {
    std::map<std::string, Pair> rows;
    if (m.accounting)
        for (const auto& h : m.accounting->hosts)
            rows[h.address.str()] = {h.counts.c[XGW_DIR_INGRESS][XGW_ACCT_SRC],
                                     h.counts.c[XGW_DIR_EGRESS][XGW_ACCT_DST]};
    return rows;
}

} // namespace

std::vector<RateSection> rates(const Metrics& before, const Metrics& after,
                               std::size_t max_talkers) {
    const double seconds =
        std::max(1e-3, std::chrono::duration<double>(after.taken - before.taken).count());
    RateSection ifaces{"interfaces", "in", "out",
                       diff(interface_rows(before), interface_rows(after), seconds)};
    RateSection rules{"rules", "matched", "", diff(rule_rows(before), rule_rows(after), seconds)};
    // Rule rows sort by number: the label starts with it.
    std::sort(rules.rows.begin(), rules.rows.end(), [](const RateRow& x, const RateRow& y) {
        return std::stoul(x.label) < std::stoul(y.label);
    });
    RateSection talkers{"top talkers", "sent", "received",
                        diff(talker_rows(before), talker_rows(after), seconds)};
    std::sort(talkers.rows.begin(), talkers.rows.end(), [](const RateRow& x, const RateRow& y) {
        return x.a.bps + x.b.bps > y.a.bps + y.b.bps;
    });
    if (talkers.rows.size() > max_talkers)
        talkers.rows.resize(max_talkers);
    return {ifaces, rules, talkers};
}

} // namespace xgw::acct
