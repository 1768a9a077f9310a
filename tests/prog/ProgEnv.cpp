#include "ProgEnv.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace xgw::test {

ProgEnv::ProgEnv(PinPaths paths, PacketRunner runner)
    : paths_(std::move(paths)), runner_(std::move(runner)) {}

ProgEnv::~ProgEnv() {
    std::error_code ec;
    std::filesystem::remove_all(paths_.root().parent_path(), ec);
}

ProgEnv& ProgEnv::get() {
    static std::unique_ptr<ProgEnv> env = [] {
        // A directory of this process's own, so parallel runs and a live xgw never mix.
        PinPaths paths(std::filesystem::path("/sys/fs/bpf/xgw-test-" + std::to_string(getpid())) /
                       "ns");
        auto runner = PacketRunner::load(paths);
        if (!runner)
            throw std::runtime_error("prog tests need root and BPF: " + runner.error().message);
        return std::unique_ptr<ProgEnv>(new ProgEnv(paths, std::move(*runner)));
    }();
    return *env;
}

DirStats ProgEnv::counters(Hook hook) const {
    auto dp = Datapath::open(paths_);
    EXPECT_TRUE(dp.ok()) << dp.error().message;
    auto all = dp->stats();
    EXPECT_TRUE(all.ok());
    for (const auto& s : *all)
        if (s.ifindex == 1)
            return hook == Hook::XdpIngress ? s.ingress : s.egress;
    return DirStats{};
}

void ProgEnv::set_policy(MalformedPolicy policy) {
    auto dp = Datapath::open(paths_);
    ASSERT_TRUE(dp.ok()) << dp.error().message;
    auto ok = dp->set_malformed_policy(policy);
    ASSERT_TRUE(ok.ok()) << ok.error().message;
}

} // namespace xgw::test
