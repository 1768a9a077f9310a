#include "PendingApply.h"

#include <filesystem>
#include <fstream>
#include <random>

namespace xgw::config {

namespace {
constexpr const char* kRunDir = "/run/xgw";
}

PendingApply::PendingApply(const PinPaths& paths)
    : path_(std::string(kRunDir) + "/" + paths.root().filename().string() + ".apply-pending") {}

std::optional<std::uint64_t> PendingApply::token() const {
    std::ifstream in(path_);
    std::uint64_t t = 0;
    if (!(in >> t))
        return std::nullopt;
    return t;
}

Result<std::uint64_t> PendingApply::mark() {
    std::error_code ec;
    std::filesystem::create_directories(kRunDir, ec);
    if (ec)
        return Error::from_errno(ec.value(), std::string("make ") + kRunDir);
    std::random_device rd;
    const std::uint64_t t = (std::uint64_t(rd()) << 32 | rd()) | 1;
    std::ofstream out(path_, std::ios::trunc);
    out << t << "\n";
    out.flush();
    if (!out)
        return Error::from_errno(errno, "write " + path_);
    return t;
}

void PendingApply::clear() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
}

} // namespace xgw::config
