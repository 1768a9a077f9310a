#include "FwEnv.h"

#include <xgw/fw/ServiceDb.h>

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

namespace xgw::test {

namespace {

const fw::ServiceDb& services() {
    static const fw::ServiceDb db =
        fw::ServiceDb::fromText("ssh 22/tcp\nsmtp 25/tcp\ndomain 53/udp\nhttp 80/tcp\n", "");
    return db;
}

} // namespace

fw::HostContext FwEnv::host() {
    fw::HostContext h;
    for (const char* a : {"192.0.2.1", "2001:db8::1"}) {
        auto p = fw::IpPrefix::parse(a);
        h.addresses.push_back(*p);
    }
    h.ifindex = [](const std::string& name) -> std::optional<std::uint32_t> {
        if (name == "lo")
            return 1;
        if (name == "eth9")
            return 7777;
        return std::nullopt;
    };
    return h;
}

FwEnv::FwEnv(PinPaths paths, PacketRunner runner)
    : paths_(paths), runner_(std::move(runner)), control_(paths, host(), &services()) {
    // setfib's ip rules, kept in memory: the prog tests run in the host's namespace, whose
    // policy routing is not theirs to change.
    control_.use_fib_rules(fw::memory_fib_rules());
}

FwEnv::~FwEnv() {
    std::error_code ec;
    std::filesystem::remove_all(paths_.root().parent_path(), ec);
}

std::map<std::uint16_t, std::uint64_t> FwEnv::packets_by_rule() {
    std::map<std::uint16_t, std::uint64_t> out;
    auto shown = control_.show();
    if (!shown)
        throw std::runtime_error(shown.error().message);
    for (const auto& r : *shown)
        out[r.number] += r.counters.packets;
    return out;
}

FwEnv& FwEnv::get() {
    static std::unique_ptr<FwEnv> env = [] {
        PinPaths paths(std::filesystem::path("/sys/fs/bpf/xgw-fwtest-" + std::to_string(getpid())) /
                       "ns");
        auto runner = PacketRunner::load(paths);
        if (!runner)
            throw std::runtime_error("prog tests need root and BPF: " + runner.error().message);
        // These programs run attached to nothing, yet stand for an attached interface: without
        // one, `fw flush` would take the pins of a detached ruleset away under the tests.
        std::filesystem::create_directories(paths.links() / "fwenv");
        return std::unique_ptr<FwEnv>(new FwEnv(paths, std::move(*runner)));
    }();
    return *env;
}

} // namespace xgw::test
