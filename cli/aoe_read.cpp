#include "AoeOptions.h"
#include "Commands.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

namespace xgw::cli {

void add_aoe_read(CLI::App& aoe, Context& ctx) {
    struct Args {
        AoeInitiatorArgs ini;
        std::uint64_t lba = 0;
        std::uint64_t count = 0;
        std::string file;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = aoe.add_subcommand("read", "Read sectors from a target into a file or stdout");
    add_initiator_args(cmd, args->ini);
    cmd->add_option("--lba", args->lba, "First sector")->capture_default_str();
    cmd->add_option("--count", args->count, "Sectors to read")->required();
    cmd->add_option("--file", args->file, "Write the data here instead of stdout");
    on_run(cmd, ctx, [args]() -> Result<void> {
        auto t = open_target(args->ini);
        if (!t)
            return t.error();
        std::vector<std::uint8_t> data(args->count * aoe::kSectorSize);
        auto start = std::chrono::steady_clock::now();
        if (auto ok = t->initiator.read(t->target, args->lba, data); !ok)
            return ok;
        std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        if (args->file.empty()) {
            std::cout.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
            return {};
        }
        std::ofstream out(args->file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
        if (!out)
            return make_error(Errc::Failed, "cannot write " + args->file);
        std::printf("read %llu sectors from e%s in %.3f s (%.1f MB/s), %llu requests sent again\n",
                    static_cast<unsigned long long>(args->count), t->target.address.str().c_str(),
                    took.count(), data.size() / took.count() / 1e6,
                    static_cast<unsigned long long>(t->initiator.retransmits()));
        return {};
    });
}

} // namespace xgw::cli
