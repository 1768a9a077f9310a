// xgw: the command line face of libxgw.
#include "Commands.h"
#include "Context.h"

#include <xgw/Log.h>
#include <xgw/Netns.h>
#include <xgw/StateLock.h>

#include <cstdio>
#include <iostream>

using namespace xgw;
using namespace xgw::cli;

int main(int argc, char** argv) {
    CLI::App app{"xgw: a gateway whose fast path runs in the kernel as eBPF (XDP and tc)."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("xgw ") + XGW_VERSION);
    app.footer("Run 'xgw COMMAND --help' for a command's options. Reference: docs/cli.md.");

    Context ctx;
    app.add_option("--netns", ctx.netns,
                   "Act in network namespace NAME (/run/netns/NAME), entering it with setns only "
                   "so pins stay in the host's /sys/fs/bpf");
    app.add_flag("-v,--verbose", ctx.verbose, "Print diagnostics (libbpf's too) on stderr");
    app.add_option("-w,--wait", ctx.wait,
                   "Wait for another xgw's change in progress, SECONDS at most (none: as long as "
                   "it takes); without -w a change waits 3 s, then exits 6 naming who holds it")
        ->expected(0, 1)
        ->default_str("-1");

    app.parse_complete_callback([&] {
        if (ctx.verbose)
            set_log_sink([](LogLevel, std::string_view m) { std::cerr << m << '\n'; });
        else
            set_log_sink([](LogLevel level, std::string_view m) {
                if (level == LogLevel::Warn && m.rfind("libbpf:", 0) != 0)
                    std::cerr << "xgw: " << m << '\n';
            });
        if (ctx.wait)
            StateLock::set_default_wait(
                *ctx.wait < 0 ? StateLock::Wait{}
                              : StateLock::Wait{std::chrono::milliseconds(
                                    static_cast<std::int64_t>(*ctx.wait * 1000))});
        if (!ctx.netns.empty()) {
            auto entered = enter_netns(ctx.netns);
            if (!entered)
                throw CLI::RuntimeError(report(entered.error()));
        }
    });

    auto help = app.add_subcommand("help", "Show this help");
    help->callback([&] { throw CLI::CallForAllHelp(); });

    add_attach(app, ctx);
    add_detach(app, ctx);
    add_status(app, ctx);
    add_gc(app, ctx);
    add_stats(app, ctx);
    add_config(app, ctx);
    add_fw(app, ctx);
    add_chat(app, ctx);
    add_serial(app, ctx);
    add_acct(app, ctx);
    add_nat(app, ctx);
    add_top(app, ctx);
    add_route(app, ctx);
    add_rule(app, ctx);
    add_addr(app, ctx);
    add_link(app, ctx);
    add_aoe(app, ctx);
    add_ppp(app, ctx);
    add_dns(app, ctx);
    add_apply(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForAllHelp&) {
        std::cout << app.help();
        return 0;
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0 || dynamic_cast<const CLI::RuntimeError*>(&e))
            return e.get_exit_code() == 0 ? app.exit(e) : e.get_exit_code();
        std::cerr << "xgw: " << e.what() << "\n";
        std::cerr << "Run 'xgw --help' for usage.\n";
        return static_cast<int>(Errc::Usage);
    }
    return ctx.exit_code;
}
