#include "AoeOptions.h"
#include "Commands.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

namespace xgw::cli {
namespace {

Result<std::vector<std::uint8_t>> load(const std::string& file) {
    std::vector<std::uint8_t> data;
    if (file.empty()) {
        data.assign(std::istreambuf_iterator<char>(std::cin), {});
        return data;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return make_error(Errc::NotFound, "cannot open " + file);
    data.assign(std::istreambuf_iterator<char>(in), {});
    return data;
}

} // namespace

void add_aoe_write(CLI::App& aoe, Context& ctx) {
    struct Args {
        AoeInitiatorArgs ini;
        std::uint64_t lba = 0;
        std::uint64_t count = 0;
        std::string file;
        bool flush = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = aoe.add_subcommand("write", "Write sectors to a target from a file or stdin");
    add_initiator_args(cmd, args->ini);
    cmd->add_option("--lba", args->lba, "First sector")->capture_default_str();
    cmd->add_option("--count", args->count, "Sectors to write (default: all of the data)");
    cmd->add_option("--file", args->file, "Read the data from here instead of stdin");
    cmd->add_flag("--flush", args->flush, "Send FLUSH CACHE after the data");
    on_run(cmd, ctx, [args]() -> Result<void> {
        auto data = load(args->file);
        if (!data)
            return data.error();
        std::uint64_t count = args->count ? args->count : data->size() / aoe::kSectorSize;
        if (data->size() % aoe::kSectorSize && !args->count)
            return make_error(Errc::Usage, "the data is not a whole number of 512-byte sectors");
        if (count * aoe::kSectorSize > data->size())
            return make_error(Errc::Usage, "--count asks for more sectors than the data holds");
        data->resize(count * aoe::kSectorSize);
        auto t = open_target(args->ini);
        if (!t)
            return t.error();
        auto start = std::chrono::steady_clock::now();
        if (auto ok = t->initiator.write(t->target, args->lba, *data); !ok)
            return ok;
        if (args->flush)
            if (auto ok = t->initiator.flush(t->target); !ok)
                return ok;
        std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::printf("wrote %llu sectors to e%s in %.3f s (%.1f MB/s)\n",
                    static_cast<unsigned long long>(count), t->target.address.str().c_str(),
                    took.count(), data->size() / took.count() / 1e6);
        return {};
    });
}

} // namespace xgw::cli
