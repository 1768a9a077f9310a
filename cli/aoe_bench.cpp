#include "AoeOptions.h"
#include "Commands.h"

#include <xgw/aoe/IoBench.h>

#include <cstdio>

namespace xgw::cli {

void add_aoe_bench(CLI::App& aoe, Context& ctx) {
    struct Args {
        AoeInitiatorArgs ini;
        std::string op = "read";
        std::string pattern = "seq";
        aoe::IoBenchSpec spec;
        bool json = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = aoe.add_subcommand(
        "bench",
        "Read or write blocks of a target for a while; print MB/s and IOPS (writes destroy data)");
    add_initiator_args(cmd, args->ini);
    cmd->add_option("--op", args->op, "read or write")
        ->capture_default_str()
        ->check(CLI::IsMember({"read", "write"}));
    cmd->add_option("--pattern", args->pattern,
                    "seq (consecutive blocks) or rand (uniform at random)")
        ->capture_default_str()
        ->check(CLI::IsMember({"seq", "rand"}));
    cmd->add_option("--block", args->spec.block, "Bytes per I/O")->capture_default_str();
    cmd->add_option("--seconds", args->spec.seconds, "How long to run")->capture_default_str();
    cmd->add_option("--region", args->spec.sectors,
                    "Sectors from LBA 0 the blocks fall in (default: all)");
    cmd->add_option("--seed", args->spec.seed, "Seed of the random pattern and data")
        ->capture_default_str();
    cmd->add_flag("--json", args->json, "Print JSON");
    on_run(cmd, ctx, [args]() -> Result<void> {
        auto t = open_target(args->ini);
        if (!t)
            return t.error();
        args->spec.write = args->op == "write";
        args->spec.random = args->pattern == "rand";
        auto r = aoe::run_io_bench(t->initiator, t->target, args->spec);
        if (!r)
            return r.error();
        if (args->json) {
            print_json({{"address", t->target.address.str()},
                        {"op", args->op},
                        {"pattern", args->pattern},
                        {"block", args->spec.block},
                        {"ios", r->ios},
                        {"bytes", r->bytes},
                        {"seconds", r->seconds},
                        {"iops", r->iops()},
                        {"mb_per_s", r->mb_per_s()},
                        {"cpu_us_per_io", r->cpu_us_per_io()},
                        {"transport", "af_packet"},
                        {"retransmits", t->initiator.retransmits()}});
            return {};
        }
        std::printf("e%s %s %s %u B: %llu I/Os in %.2f s, %.0f IOPS, %.1f MB/s, %.1f us CPU per "
                    "I/O, over AF_PACKET, %llu requests sent again\n",
                    t->target.address.str().c_str(), args->pattern.c_str(), args->op.c_str(),
                    args->spec.block, static_cast<unsigned long long>(r->ios), r->seconds,
                    r->iops(), r->mb_per_s(), r->cpu_us_per_io(),
                    static_cast<unsigned long long>(t->initiator.retransmits()));
        return {};
    });
}

} // namespace xgw::cli
