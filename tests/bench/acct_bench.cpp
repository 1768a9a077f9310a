// Per-packet cost of accounting in the XDP program (BPF_PROG_TEST_RUN), and the accounting
// configuration the lab benchmark runs with: 10,000 hosts with counters, 1,000 ports.
//
//   xgw_acct_bench ns [REPEAT]   off vs on, in a private pin directory; prints ns and ratios
//   xgw_acct_bench load PIN_ROOT configures and fills the tables of an existing namespace state
#include <xgw/PacketRunner.h>
#include <xgw/acct/Accounting.h>

#include <arpa/inet.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

using namespace xgw;

namespace {

constexpr int kHosts = 10000, kPorts = 1000, kOtherNets = 1000;

// Ethernet + IPv4 + UDP (or IPv6 + UDP) with the given addresses and ports.
std::vector<std::uint8_t> frame(bool v6, std::uint32_t host, std::uint16_t sport,
                                std::uint16_t dport) {
    const std::size_t ip = v6 ? 40 : 20, len = 14 + ip + 8 + 64;
    std::vector<std::uint8_t> f(len, 0);
    f[0] = 2, f[6] = 2, f[12] = v6 ? 0x86 : 0x08, f[13] = v6 ? 0xdd : 0x00;
    std::uint8_t* h = &f[14];
    if (v6) {
        h[0] = 0x60, h[4] = 0, h[5] = 8 + 64, h[6] = 17, h[7] = 64;
        inet_pton(AF_INET6, "2001:db8:1::", h + 8);
        inet_pton(AF_INET6, "2001:db8:2::", h + 24);
        h[22] = host >> 8, h[23] = host & 0xff, h[38] = host >> 8, h[39] = host & 0xff;
    } else {
        h[0] = 0x45, h[2] = 0, h[3] = 20 + 8 + 64, h[8] = 64, h[9] = 17;
        h[12] = 10, h[13] = 0, h[14] = host >> 8, h[15] = host & 0xff; // 10.0.0.0/16: sources
        h[16] = 10, h[17] = 1, h[18] = host >> 8, h[19] = host & 0xff; // 10.1.0.0/16: destinations
    }
    std::uint8_t* u = h + ip;
    u[0] = sport >> 8, u[1] = sport & 0xff, u[2] = dport >> 8, u[3] = dport & 0xff, u[5] = 8 + 64;
    return f;
}

bool check(const Result<void>& r, const char* what) {
    if (!r)
        std::fprintf(stderr, "xgw_acct_bench: %s: %s\n", what, r.error().message.c_str());
    return r.ok();
}

// Accounted: the host nets, 1,000 other CIDRs in the trie, 1,000 UDP ports, protocols, ICMP.
bool configure(acct::Accounting& acc) {
    bool ok = check(acc.flush(), "flush");
    for (const char* net : {"10.0.0.0/16", "10.1.0.0/16", "2001:db8:1::/64", "2001:db8:2::/64"})
        ok = ok && check(acc.add_net(fw::IpPrefix::parse(net).value()), "add net");
    for (int i = 0; ok && i < kOtherNets; i++) {
        auto net = fw::IpPrefix::parse("172." + std::to_string(16 + i / 256) + "." +
                                       std::to_string(i % 256) + ".0/24");
        ok = check(acc.add_net(net.value()), "add net");
    }
    for (int p = 0; ok && p < kPorts; p++)
        ok = check(acc.add_port({acct::PortProto::Udp, static_cast<std::uint16_t>(1 + p)}),
                   "add port");
    return ok && check(acc.set_protocols(true), "protocols") &&
           check(acc.set_icmp_types(true), "icmp");
}

// One frame per host pair: kHosts hosts get counters (half sources, half destinations).
bool fill_hosts(const PacketRunner& runner) {
    for (std::uint32_t i = 0; i < kHosts / 2; i++)
        if (!runner.run(Hook::XdpIngress, frame(false, i, 40000, 53)).ok())
            return false;
    return true;
}

// Median ns per packet over a few frames that hit every table (tracked hosts, one tracked port).
double ns_per_packet(const PacketRunner& runner, bool v6, std::uint32_t repeat) {
    std::vector<double> samples;
    for (std::uint32_t host : {1u, 777u, 2500u, 4999u})
        for (int round = 0; round < 3; round++) {
            auto r = runner.run(Hook::XdpIngress, frame(v6, host, 40000, 53), repeat);
            if (r)
                samples.push_back(r->duration_ns);
        }
    std::sort(samples.begin(), samples.end());
    return samples.empty() ? 0 : samples[samples.size() / 2];
}

int bench_ns(std::uint32_t repeat) {
    PinPaths paths(std::filesystem::path("/sys/fs/bpf/xgw-bench-" + std::to_string(getpid())) /
                   "ns");
    auto runner = PacketRunner::load(paths);
    if (!runner) {
        std::fprintf(stderr, "xgw_acct_bench: %s\n", runner.error().message.c_str());
        return 1;
    }
    auto acc = acct::Accounting::open(paths);
    int rc = 1;
    if (acc && check(acc->flush(), "flush")) {
        const double off4 = ns_per_packet(*runner, false, repeat),
                     off6 = ns_per_packet(*runner, true, repeat);
        if (configure(*acc) && fill_hosts(*runner)) {
            const double on4 = ns_per_packet(*runner, false, repeat),
                         on6 = ns_per_packet(*runner, true, repeat);
            auto snap = acc->read();
            std::printf("hosts with counters: %zu, accounted ports: %d, other CIDRs: %d\n",
                        snap ? snap->hosts.size() : 0, kPorts, kOtherNets);
            std::printf("xdp ipv4 udp: accounting off %.0f ns/pkt, on %.0f ns/pkt, ratio %.2f\n",
                        off4, on4, on4 / off4);
            std::printf("xdp ipv6 udp: accounting off %.0f ns/pkt, on %.0f ns/pkt, ratio %.2f\n",
                        off6, on6, on6 / off6);
            rc = 0;
        }
    }
    std::error_code ec;
    std::filesystem::remove_all(paths.root().parent_path(), ec);
    return rc;
}

int load_into(const std::string& root) {
    PinPaths paths(root);
    auto runner = PacketRunner::load(paths);
    auto acc = acct::Accounting::open(paths);
    if (!runner || !acc) {
        std::fprintf(stderr, "xgw_acct_bench: cannot open the state at %s\n", root.c_str());
        return 1;
    }
    return configure(*acc) && fill_hosts(*runner) ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "ns")
        return bench_ns(argc > 2 ? static_cast<std::uint32_t>(std::stoul(argv[2])) : 1000000);
    if (mode == "load" && argc > 2)
        return load_into(argv[2]);
    std::fprintf(stderr, "usage: xgw_acct_bench ns [REPEAT] | load PIN_ROOT\n");
    return 2;
}
