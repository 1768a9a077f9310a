// Per-packet cost of NAT on an established flow (BPF_PROG_TEST_RUN), in a private pin directory:
// the same frames with no NAT rule and through an existing binding, at both hooks.
//
//   xgw_nat_bench [RUNS]
#include <xgw/PacketRunner.h>
#include <xgw/fw/FirewallControl.h>

#include <arpa/inet.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

using namespace xgw;

namespace {

// Ethernet + IPv4 + UDP (checksum 0) with 64 bytes of payload.
std::vector<std::uint8_t> frame(const char* src, const char* dst, std::uint16_t sport,
                                std::uint16_t dport) {
    std::vector<std::uint8_t> f(14 + 20 + 8 + 64, 0);
    f[0] = 2, f[6] = 2, f[12] = 0x08;
    std::uint8_t* h = &f[14];
    h[0] = 0x45, h[3] = 20 + 8 + 64, h[8] = 64, h[9] = 17;
    inet_pton(AF_INET, src, h + 12);
    inet_pton(AF_INET, dst, h + 16);
    std::uint8_t* u = h + 20;
    u[0] = sport >> 8, u[1] = sport & 0xff, u[2] = dport >> 8, u[3] = dport & 0xff, u[5] = 8 + 64;
    return f;
}

// Mean ns of `runs` single runs: a repeated run would reuse the frame the first one rewrote.
double ns(const PacketRunner& r, Hook hook, const std::vector<std::uint8_t>& f, std::uint32_t runs) {
    double total = 0;
    for (std::uint32_t i = 0; i < runs; i++) {
        auto res = r.run(hook, f, 1);
        if (!res) {
            std::fprintf(stderr, "xgw_nat_bench: %s\n", res.error().message.c_str());
            std::exit(1);
        }
        total += res->duration_ns;
    }
    return total / runs;
}

fw::HostContext host() {
    fw::HostContext h;
    h.ifindex = [](const std::string& name) -> std::optional<std::uint32_t> {
        return name == "lo" ? std::optional<std::uint32_t>(1) : std::nullopt;
    };
    return h;
}

} // namespace

int main(int argc, char** argv) {
    const std::uint32_t repeat = argc > 1 ? std::stoul(argv[1]) : 200000;
    PinPaths paths(std::filesystem::path("/sys/fs/bpf/xgw-natbench-" + std::to_string(getpid())) / "ns");
    auto runner = PacketRunner::load(paths);
    if (!runner) {
        std::fprintf(stderr, "xgw_nat_bench: %s\n", runner.error().message.c_str());
        return 1;
    }
    fw::FirewallControl control(paths, host(), nullptr);
    const auto out = frame("192.0.2.2", "198.51.100.2", 40000, 9);
    const auto back = frame("198.51.100.2", "203.0.113.1", 9, 40000);

    const double off_out = ns(*runner, Hook::TcEgress, out, repeat);
    const double off_in = ns(*runner, Hook::XdpIngress, back, repeat);
    if (auto r = control.nat_add("snat lo to 203.0.113.1"); !r) {
        std::fprintf(stderr, "xgw_nat_bench: %s\n", r.error().message.c_str());
        return 1;
    }
    ns(*runner, Hook::TcEgress, out, 1); // makes the binding (the original port is kept)
    const double on_out = ns(*runner, Hook::TcEgress, out, repeat);
    const double on_in = ns(*runner, Hook::XdpIngress, back, repeat);
    std::filesystem::remove_all(paths.root().parent_path());

    std::printf("%-44s %9s %9s %7s\n", "per packet (BPF_PROG_TEST_RUN)", "NAT off", "NAT on", "ratio");
    std::printf("%-44s %6.0f ns %6.0f ns  x%.2f\n", "tc egress, UDP, source NAT (established)",
                off_out, on_out, off_out ? on_out / off_out : 0.0);
    std::printf("%-44s %6.0f ns %6.0f ns  x%.2f\n", "XDP ingress, UDP, the reply (established)",
                off_in, on_in, off_in ? on_in / off_in : 0.0);
    return 0;
}
