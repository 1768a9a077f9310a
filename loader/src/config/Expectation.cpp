#include "Expectation.h"

#include "Services.h"

#include <xgw/fw/FirewallControl.h>
#include <xgw/fw/PacketCheck.h>
#include <xgw/fw/Parser.h>

#include <filesystem>
#include <unistd.h>

namespace xgw::config {

namespace {

// The staged state's pins go whatever happens.
struct StageDir {
    std::filesystem::path base;
    ~StageDir() {
        std::error_code ec;
        std::filesystem::remove_all(base, ec);
    }
};

bool holds(const std::string& verdict, const std::string& got) {
    if (verdict == "allow")
        return got == "accepted";
    if (verdict == "reject")
        return got == "rejected";
    return got == "denied" || got == "rejected";
}

} // namespace

Result<ParsedExpectation> parse_expectation(const Expectation& e) {
    auto words = fw::split_words(e.text);
    if (words.empty() || (words[0] != "allow" && words[0] != "deny" && words[0] != "reject"))
        return make_error(Errc::Usage, e.where.str() + ": expect \"" + e.text +
                                           "\": begin with allow, deny or reject");
    ParsedExpectation p{words[0], {words.begin() + 1, words.end()}};
    std::string text = "1 allow";
    for (const auto& w : p.words)
        text += " " + w;
    auto parsed = fw::parseRuleset(text, {"<expect>", &services(), 0});
    if (!parsed.ok()) {
        std::string why = parsed.diagnostics.empty() ? "" : parsed.diagnostics.front().message;
        return make_error(Errc::Usage, e.where.str() + ": expect \"" + e.text + "\": " + why);
    }
    return p;
}

Result<std::size_t> check_expectations(const FirewallConfig& fw) {
    if (fw.expect.empty())
        return std::size_t{0};
    std::vector<ParsedExpectation> parsed;
    for (const auto& e : fw.expect) {
        auto p = parse_expectation(e);
        if (!p)
            return p.error();
        parsed.push_back(std::move(*p));
    }
    StageDir stage{std::filesystem::path(kDefaultPinBase).string() + "-stage-" +
                   std::to_string(getpid())};
    if (auto ok = ensure_bpffs(stage.base); !ok)
        return ok.error();
    auto paths = PinPaths::for_current_netns(stage.base);
    if (!paths)
        return paths.error();
    fw::FirewallControl fwc(*paths, fw::current_host(), &services());
    // setfib's ip rules of the staged ruleset: the namespace's policy routing is the live one's.
    fwc.use_fib_rules(fw::memory_fib_rules());
    auto loaded = fwc.load(fw.rules.text, fw.rules.file, fw::LoadOptions{false, true, false});
    if (!loaded)
        return loaded.error().prefix("stage the ruleset for its expectations");
    auto checker = fw::PacketChecker::open(*paths, &services());
    if (!checker)
        return checker.error().prefix("stage the ruleset for its expectations");
    for (std::size_t i = 0; i < parsed.size(); i++) {
        const Expectation& e = fw.expect[i];
        auto r = checker->check(parsed[i].words);
        if (!r)
            return make_error(Errc::Usage, e.where.str() + ": expect \"" + e.text +
                                               "\": " + r.error().message);
        if (!holds(parsed[i].verdict, r->verdict))
            return make_error(Errc::Usage,
                              e.where.str() + ": expect \"" + e.text + "\" failed: " +
                                  r->verdict + (r->classified ? " by rule " + std::to_string(r->rule)
                                                              : std::string()) +
                                  (r->decided_by == "routing" ? " (routing)" : ""));
    }
    return parsed.size();
}

} // namespace xgw::config
