// setmark, setfib, fwd and the ipsec option through the loaded programs: what the walk decided,
// the XDP metadata left for tc ingress, the mark tc writes, and the search going on after a tag.
#include "FwEnv.h"
#include "FwFrame.h"

#include <xgw/abi/policy.h>
#include <xgw/bpf/KernelFeatures.h>

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <sched.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <vector>

namespace xgw::test {
namespace {

// The per-CPU notes XDP leaves where the kernel refuses metadata (abi/policy.h).
class Notes {
  public:
    Notes() : fd_(bpf_obj_get((FwEnv::get().paths().maps() / "xgw_xdp_notes").c_str())) {}
    ~Notes() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    Notes(const Notes&) = delete;
    Notes& operator=(const Notes&) = delete;

    std::vector<xgw_xdp_note> read() const {
        std::vector<xgw_xdp_note> all(libbpf_num_possible_cpus());
        __u32 zero = 0;
        EXPECT_EQ(bpf_map_lookup_elem(fd_, &zero, all.data()), 0) << "read xgw_xdp_notes";
        return all;
    }
    // Forgets every note left unread (counters too).
    void clear() const {
        std::vector<xgw_xdp_note> none(libbpf_num_possible_cpus());
        __u32 zero = 0;
        EXPECT_EQ(bpf_map_update_elem(fd_, &zero, none.data(), BPF_ANY), 0) << "clear notes";
    }

  private:
    int fd_;
};

void load(const std::string& rules) {
    Notes().clear();
    auto& fwc = FwEnv::get().control();
    auto r = fwc.load(rules, "policy.rules", false);
    ASSERT_TRUE(r.ok()) << r.error().message << "\n" << rules;
    auto p = fwc.set_policy(fw::Policy::Deny);
    ASSERT_TRUE(p.ok()) << p.error().message;
}

Frame udp_from(const std::string& src) {
    FwPacket p;
    p.proto = "udp";
    p.src = src;
    p.dst = src.find(':') == std::string::npos ? "198.51.100.2" : "2001:db8:2::2";
    return fw_frame(p);
}

std::map<std::uint16_t, std::uint64_t> packets() {
    return FwEnv::get().packets_by_rule();
}

bool has_meta() { return xdp_meta_supported(); }

// The words XDP left for tc ingress: in front of the frame, or, where the kernel refuses XDP
// metadata, in the note of the CPU that ran it (then the frame carries none). Reading takes it.
xgw_xdp_meta meta_of(const RunResult& r) {
    xgw_xdp_meta m{};
    if (!has_meta()) {
        EXPECT_TRUE(r.meta.empty());
        Notes notes;
        int found = 0;
        for (const auto& n : notes.read())
            if (n.ifindex) {
                m = n.meta;
                found++;
            }
        EXPECT_LE(found, 1) << "notes left on more than one CPU";
        notes.clear();
        return m;
    }
    EXPECT_EQ(r.meta.size(), sizeof(m));
    if (r.meta.size() == sizeof(m))
        std::memcpy(&m, r.meta.data(), sizeof(m));
    return m;
}

// Runs the rest of a test on one CPU: XDP's note is per CPU, and BPF_PROG_TEST_RUN runs the
// program on the caller's.
class OneCpu {
  public:
    OneCpu() {
        sched_getaffinity(0, sizeof(saved_), &saved_);
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(sched_getcpu(), &one);
        EXPECT_EQ(sched_setaffinity(0, sizeof(one), &one), 0);
    }
    ~OneCpu() { sched_setaffinity(0, sizeof(saved_), &saved_); }

  private:
    cpu_set_t saved_;
};

RunResult run(Hook hook, const Frame& f) {
    auto r = FwEnv::get().runner().run(hook, f.bytes);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : RunResult{};
}

constexpr const char* kMarks = "100 setmark 0x10/0xf0 ip from 192.0.2.0/24 to any\n"
                               "200 setmark 0x3/0xf ip from 192.0.2.3 to any\n"
                               "300 setfib 100 ip from 192.0.2.4 to any\n"
                               "400 allow ip from any to any\n";

TEST(Policy, SetmarkTagsAndTheSearchGoesOn) {
    load(kMarks);
    auto before = packets();
    const Frame f = udp_from("192.0.2.3");
    auto walk = FwEnv::get().runner().dry_run(Hook::XdpIngress, f.bytes, 1);
    ASSERT_TRUE(walk.ok()) << walk.error().message;
    EXPECT_EQ(walk->verdict, XGW_FW_ALLOW);
    EXPECT_EQ(walk->mark, 0x13u);
    EXPECT_EQ(walk->mark_mask, 0xffu);
    EXPECT_EQ(walk->nexthop, 0u);

    RunResult r = run(Hook::XdpIngress, f);
    EXPECT_EQ(r.action, XDP_PASS);
    xgw_xdp_meta m = meta_of(r);
    EXPECT_EQ(m.magic, XGW_META_MAGIC);
    EXPECT_EQ(m.flags, XGW_META_MARK);
    EXPECT_EQ(m.mark, 0x13u);
    EXPECT_EQ(m.mark_mask, 0xffu);
    EXPECT_EQ(r.frame_out, f.bytes); // the frame itself is untouched
    auto after = packets();
    for (std::uint16_t n : {100, 200, 400})
        EXPECT_EQ(after[n] - before[n], 1u) << n;
    EXPECT_EQ(after[300] - before[300], 0u);
}

TEST(Policy, SetfibIsAMarkOfXgwsRange) {
    load(kMarks);
    const Frame f = udp_from("192.0.2.4");
    RunResult r = run(Hook::XdpIngress, f);
    EXPECT_EQ(r.action, XDP_PASS);
    xgw_xdp_meta m = meta_of(r);
    EXPECT_EQ(m.flags, XGW_META_MARK);
    EXPECT_EQ(m.mark_mask, 0xf0u | XGW_MARK_FIB_MASK);
    const std::uint32_t fib = m.mark & XGW_MARK_FIB_MASK;
    EXPECT_NE(fib, 0u);
    EXPECT_EQ(m.mark & ~XGW_MARK_FIB_MASK, 0x10u);
    // Table 100 is the only setfib table, so its rule took the first index.
    EXPECT_EQ(fib >> XGW_MARK_FIB_SHIFT, 1u);
}

TEST(Policy, UntaggedPacketsGetNoMetadata) {
    load(kMarks);
    RunResult r = run(Hook::XdpIngress, udp_from("10.9.9.9"));
    EXPECT_EQ(r.action, XDP_PASS);
    EXPECT_TRUE(r.meta.empty());
    EXPECT_EQ(meta_of(r).magic, 0u);
}

TEST(Policy, TcEgressWritesTheMark) {
    load("100 setmark 0x42 ip from any to any out\n200 allow ip from any to any\n");
    RunResult r = run(Hook::TcEgress, udp_from("192.0.2.2"));
    EXPECT_EQ(r.action, TC_ACT_OK);
    EXPECT_EQ(r.mark, 0x42u);
}

// Without metadata (or an SA) tc ingress leaves the packet as it is.
TEST(Policy, TcIngressWithoutMetadataChangesNothing) {
    load(kMarks);
    const Frame f = udp_from("192.0.2.3");
    RunResult r = run(Hook::TcIngress, f);
    EXPECT_EQ(r.action, TC_ACT_OK);
    EXPECT_EQ(r.mark, 0u);
    EXPECT_EQ(r.frame_out, f.bytes);
}

// Where the kernel refuses metadata: tc ingress applies the note XDP left for this very frame,
// once, and drops (counts stale) a note left for another frame.
TEST(Policy, TcIngressTakesTheNoteOfItsOwnFrame) {
    load(kMarks);
    OneCpu pinned;
    const Frame tagged = udp_from("192.0.2.3");
    if (has_meta()) { // the note is compiled out: the words go in front of the frame only
        ASSERT_EQ(run(Hook::XdpIngress, tagged).action, XDP_PASS);
        for (const auto& n : Notes().read())
            EXPECT_EQ(n.ifindex, 0u) << "a note where the kernel carries XDP metadata";
        return;
    }
    ASSERT_EQ(run(Hook::XdpIngress, tagged).action, XDP_PASS);
    RunResult r = run(Hook::TcIngress, tagged);
    EXPECT_EQ(r.action, TC_ACT_OK);
    EXPECT_EQ(r.mark, 0x13u);
    EXPECT_EQ(run(Hook::TcIngress, tagged).mark, 0u) << "a note is taken once";

    ASSERT_EQ(run(Hook::XdpIngress, tagged).action, XDP_PASS);
    Frame other = udp_from("192.0.2.3");
    other.bytes[14 + 4] ^= 1; // another IPv4 ID: another packet
    EXPECT_EQ(run(Hook::TcIngress, other).mark, 0u);
    std::uint64_t taken = 0, stale = 0;
    for (const auto& n : Notes().read()) {
        taken += n.taken;
        stale += n.stale;
        EXPECT_EQ(n.ifindex, 0u) << "a note outlived its packet";
    }
    EXPECT_EQ(taken, 1u);
    EXPECT_EQ(stale, 1u);
}

TEST(Policy, FwdAllowsAndLeavesTheNextHop) {
    load("100 setmark 7 ip from any to any\n"
         "200 fwd 203.0.113.2 ip from 192.0.2.3 to any\n"
         "300 fwd 2001:db8:3::2 ip6 from any to any\n"
         "400 deny ip from any to any\n");
    auto before = packets();
    RunResult r = run(Hook::XdpIngress, udp_from("192.0.2.3"));
    EXPECT_EQ(r.action, XDP_PASS); // lo is no forwarding port: tc ingress forwards it
    xgw_xdp_meta m = meta_of(r);
    EXPECT_EQ(m.flags, XGW_META_MARK | XGW_META_FWD);
    EXPECT_EQ(m.mark, 7u);
    EXPECT_EQ(m.nexthop[0], inet_addr("203.0.113.2"));
    auto after = packets();
    EXPECT_EQ(after[200] - before[200], 1u);
    EXPECT_EQ(after[400] - before[400], 0u);

    r = run(Hook::XdpIngress, udp_from("2001:db8:1::2"));
    EXPECT_EQ(r.action, XDP_PASS);
    m = meta_of(r);
    EXPECT_EQ(m.flags, XGW_META_MARK | XGW_META_FWD | XGW_META_FWD6);
    in6_addr want{};
    inet_pton(AF_INET6, "2001:db8:3::2", &want);
    EXPECT_EQ(std::memcmp(m.nexthop, &want, 16), 0);

    r = run(Hook::XdpIngress, udp_from("192.0.2.9"));
    EXPECT_EQ(r.action, XDP_DROP);
}

// The XDP firewall sees no SA: a packet without IPsec never matches an ipsec rule, and the
// tc ingress program does not filter it again.
TEST(Policy, PacketsWithoutIpsecNeverMatchIpsecRules) {
    load("100 deny ip from any to any ipsec\n"
         "200 deny ip from any to any ipsec spi 256 tunnel-src 192.0.2.0/24 in\n"
         "300 allow ip from any to any\n");
    auto before = packets();
    for (const char* src : {"192.0.2.2", "2001:db8:1::2"}) {
        EXPECT_EQ(run(Hook::XdpIngress, udp_from(src)).action, XDP_PASS) << src;
        EXPECT_EQ(run(Hook::TcIngress, udp_from(src)).action, TC_ACT_OK) << src;
    }
    auto after = packets();
    EXPECT_EQ(after[100] - before[100], 0u);
    EXPECT_EQ(after[200] - before[200], 0u);
    EXPECT_EQ(after[300] - before[300], 2u); // XDP only: tc ingress filters decrypted packets
}

} // namespace
} // namespace xgw::test
