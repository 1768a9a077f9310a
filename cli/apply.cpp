// xgw apply, diff, confirm, save-config: the box configuration (docs/config.md).
#include "Commands.h"

#include <xgw/config/Box.h>
#include <xgw/config/ConfigParser.h>

#include <fstream>
#include <iostream>

namespace xgw::cli {

namespace {

using config::Box;
using config::Change;

nlohmann::json changes_json(const std::vector<Change>& changes) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& c : changes)
        j.push_back({{"component", c.component}, {"change", c.summary}, {"details", c.details}});
    return j;
}

void print_changes(const std::vector<Change>& changes) {
    for (const auto& c : changes) {
        std::cout << c.component << ": " << c.summary << "\n";
        for (const auto& d : c.details)
            std::cout << "  " << d << "\n";
    }
}

} // namespace

void add_apply(CLI::App& app, Context& ctx) {
    struct Args {
        std::string file = config::kDefaultConfigPath;
        std::optional<unsigned> confirm_timeout;
        bool test = false, json = false;
        std::string output;
    };
    auto a = std::make_shared<Args>();

    auto* apply = app.add_subcommand(
        "apply", "Make the box what FILE (default /etc/xgw/xgw.conf) says: all of it, or none");
    apply->add_option("FILE", a->file, "The configuration")->capture_default_str();
    apply->add_option("--confirm-timeout", a->confirm_timeout,
                      "Put the previous configuration back after SECONDS unless 'xgw confirm' "
                      "comes first")
        ->check(CLI::Range(1u, 86400u));
    apply->add_flag("--test", a->test,
                    "Parse, compile and run the expectations; print what would change; change "
                    "nothing");
    on_run(apply, ctx, [a]() -> Result<void> {
        auto box = Box::load(a->file);
        if (!box)
            return box.error();
        config::ApplyOptions o;
        o.test_only = a->test;
        if (a->confirm_timeout)
            o.confirm_timeout = std::chrono::seconds(*a->confirm_timeout);
        auto r = Box::apply(*box, o);
        if (!r)
            return r.error();
        for (const auto& w : r->warnings)
            std::cerr << "xgw: warning: " << w << "\n";
        print_changes(r->changes);
        if (r->expectations)
            std::cout << r->expectations << " expectation" << (r->expectations == 1 ? "" : "s")
                      << " held\n";
        if (a->test)
            std::cout << "test passed, nothing changed\n";
        else if (r->changes.empty())
            std::cout << "nothing to change\n";
        else
            std::cout << "applied: " << r->changes.size() << " change"
                      << (r->changes.size() == 1 ? "" : "s") << "\n";
        if (r->awaiting_confirmation)
            std::cout << "run 'xgw confirm' within " << *a->confirm_timeout
                      << " s, or the previous configuration comes back\n";
        return {};
    });

    auto* diff = app.add_subcommand(
        "diff", "What 'xgw apply FILE' would change, component by component; changes nothing "
                "(exit 0: no difference, 1: differences)");
    diff->add_option("FILE", a->file, "The configuration")->capture_default_str();
    diff->add_flag("--json", a->json, "Print JSON");
    diff->callback([&ctx, a] {
        auto box = Box::load(a->file);
        auto changes = box ? Box::diff(*box) : Result<std::vector<Change>>(box.error());
        if (!changes) {
            ctx.exit_code = report(changes.error());
            return;
        }
        if (a->json)
            print_json({{"changes", changes_json(*changes)}});
        else
            print_changes(*changes);
        ctx.exit_code = changes->empty() ? 0 : 1;
    });

    auto* confirm = app.add_subcommand("confirm", "Keep a configuration applied with "
                                                  "--confirm-timeout");
    on_run(confirm, ctx, []() -> Result<void> {
        if (auto ok = Box::confirm(); !ok)
            return ok;
        std::cout << "configuration confirmed\n";
        return {};
    });

    auto* save = app.add_subcommand(
        "save-config", "Print (or write) the running state as a configuration 'xgw apply' "
                       "reproduces");
    save->add_option("-o,--output", a->output, "Write it to FILE instead of standard output");
    on_run(save, ctx, [a]() -> Result<void> {
        auto text = Box::save();
        if (!text)
            return text.error();
        if (a->output.empty()) {
            std::cout << *text;
            return {};
        }
        // Written whole under another name first: a reader never sees half a file.
        const std::string tmp = a->output + ".tmp";
        std::ofstream out(tmp, std::ios::trunc);
        out << *text;
        out.close();
        if (!out)
            return Error::from_errno(errno, "write " + tmp);
        if (std::rename(tmp.c_str(), a->output.c_str()) != 0)
            return Error::from_errno(errno, "rename " + tmp + " to " + a->output);
        return {};
    });
}

} // namespace xgw::cli
