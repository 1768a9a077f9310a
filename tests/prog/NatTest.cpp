// NAT through the loaded programs (BPF_PROG_TEST_RUN): each translation and its reverse, with
// every checksum of the result recomputed from scratch; ICMP errors quoting translated
// packets; port exhaustion. Rules go in as a ruleset's [nat] section, as `xgw fw load` does.
#include "FwEnv.h"
#include "NatFrame.h"

#include <xgw/nat/NatState.h>

#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#include <gtest/gtest.h>

#include <set>

namespace xgw::test {
namespace {

class Nat : public ::testing::Test {
  public:
    void SetUp() override { clear(); }
    void TearDown() override { clear(); }

    static void clear() {
        auto& fwc = FwEnv::get().control();
        // Twice: both generations end without NAT rules, and the bindings go.
        ASSERT_TRUE(fwc.nat_flush().ok());
        ASSERT_TRUE(fwc.nat_flush().ok());
        ASSERT_TRUE(fwc.flush().ok());
        ASSERT_TRUE(fwc.set_policy(fw::Policy::Accept).ok());
    }

    static void rules(const std::string& nat) {
        auto r = FwEnv::get().control().load("allow ip from any to any\n[nat]\n" + nat,
                                             "nat.rules", false);
        ASSERT_TRUE(r.ok()) << r.error().message;
    }

    // Runs the frame at the hook (XDP as if it arrived on lo, tc leaving lo); the result.
    static RunResult run(Hook hook, const std::vector<std::uint8_t>& frame) {
        auto r = FwEnv::get().runner().run(hook, frame);
        EXPECT_TRUE(r.ok()) << r.error().message;
        return r.ok() ? *r : RunResult{};
    }
    static NatSeen pass(Hook hook, const std::vector<std::uint8_t>& frame) {
        auto r = run(hook, frame);
        EXPECT_EQ(r.action, hook == Hook::XdpIngress ? XDP_PASS : TC_ACT_OK);
        auto seen = nat_read(r.frame_out);
        EXPECT_TRUE(seen.ip_csum_ok) << "IP checksum";
        EXPECT_TRUE(seen.l4_csum_ok) << "L4 checksum";
        return seen;
    }

    static std::array<std::uint64_t, XGW_NAT_STAT__MAX> stats() {
        auto st = nat::NatState::open(FwEnv::get().paths());
        EXPECT_TRUE(st.ok());
        auto s = st->stats();
        EXPECT_TRUE(s.ok());
        return s.ok() ? *s : std::array<std::uint64_t, XGW_NAT_STAT__MAX>{};
    }
};

// Out through snat and back: the reply reaches the inside endpoint again.
void round_trip(std::uint8_t proto, bool zero_csum = false) {
    NatPacket out;
    out.proto = proto;
    out.udp_zero_csum = zero_csum;
    if (proto == 1)
        out.sport = 777; // echo id
    auto o = Nat::pass(Hook::TcEgress, nat_frame(out));
    EXPECT_EQ(o.src, "203.0.113.1");
    EXPECT_EQ(o.dst, "198.51.100.2");
    EXPECT_GE(o.sport, 20000);
    EXPECT_LE(o.sport, 20009);
    EXPECT_EQ(o.udp_zero_csum, zero_csum);
    if (proto != 1) {
        EXPECT_EQ(o.dport, 80);
    }

    NatPacket back = out;
    back.src = "198.51.100.2";
    back.dst = "203.0.113.1";
    back.sport = proto == 1 ? o.sport : 80;
    back.dport = o.sport;
    back.icmp_type = 0;
    back.tcp_flags = 0x12;
    auto b = Nat::pass(Hook::XdpIngress, nat_frame(back));
    EXPECT_EQ(b.src, "198.51.100.2");
    EXPECT_EQ(b.dst, "192.0.2.2");
    EXPECT_EQ(b.dport, proto == 1 ? 777 : 40000);
    EXPECT_EQ(b.udp_zero_csum, zero_csum);
}

TEST_F(Nat, SnatTcpBothWays) {
    rules("snat lo to 203.0.113.1:20000-20009 from 192.0.2.0/24\n");
    round_trip(6);
}

TEST_F(Nat, SnatUdpBothWays) {
    rules("snat lo to 203.0.113.1:20000-20009\n");
    round_trip(17);
}

TEST_F(Nat, SnatUdpZeroChecksumStaysZero) {
    rules("snat lo to 203.0.113.1:20000-20009\n");
    round_trip(17, true);
}

TEST_F(Nat, SnatIcmpEchoIdentifier) {
    rules("snat lo to 203.0.113.1:20000-20009\n");
    round_trip(1);
}

TEST_F(Nat, SourceOutsideFromIsNotTranslated) {
    rules("snat lo to 203.0.113.1:20000-20009 from 10.0.0.0/8\n");
    auto o = pass(Hook::TcEgress, nat_frame({}));
    EXPECT_EQ(o.src, "192.0.2.2");
    EXPECT_EQ(o.sport, 40000);
}

TEST_F(Nat, OtherProtocolAddressOnly) {
    rules("snat lo to 203.0.113.1\n");
    NatPacket gre;
    gre.proto = 47;
    auto o = pass(Hook::TcEgress, nat_frame(gre));
    EXPECT_EQ(o.src, "203.0.113.1");
    gre.src = "198.51.100.2";
    gre.dst = "203.0.113.1";
    auto b = pass(Hook::XdpIngress, nat_frame(gre));
    EXPECT_EQ(b.dst, "192.0.2.2");
}

TEST_F(Nat, TwoInsideHostsNeverShareABinding) {
    rules("snat lo to 203.0.113.1:40000-40009\n");
    std::set<std::uint16_t> ports;
    for (const char* host : {"192.0.2.2", "192.0.2.3", "192.0.2.4"}) {
        NatPacket p;
        p.src = host; // same source port, same destination
        auto o = pass(Hook::TcEgress, nat_frame(p));
        EXPECT_EQ(o.src, "203.0.113.1");
        ports.insert(o.sport);
    }
    EXPECT_EQ(ports.size(), 3u);
    EXPECT_TRUE(ports.count(40000)) << "the first flow keeps its port";
}

TEST_F(Nat, PortsExhaustedDropAndCount) {
    rules("snat lo to 203.0.113.1:20000-20001\n");
    auto before = stats();
    for (std::uint16_t sport : {1000, 1001})
        pass(Hook::TcEgress, nat_frame({.sport = sport}));
    auto r = run(Hook::TcEgress, nat_frame({.sport = 1002}));
    EXPECT_EQ(r.action, TC_ACT_SHOT) << "a third flow must not leave with its inside address";
    auto after = stats();
    EXPECT_EQ(after[XGW_NAT_STAT_EXHAUSTED] - before[XGW_NAT_STAT_EXHAUSTED], 1u);
    EXPECT_EQ(after[XGW_NAT_STAT_CREATED] - before[XGW_NAT_STAT_CREATED], 2u);
}

TEST_F(Nat, RedirectPortBothWays) {
    rules("redirect-port tcp 192.0.2.2:8080 203.0.113.1:80\n");
    NatPacket in{.src = "198.51.100.2", .dst = "203.0.113.1", .sport = 5555, .dport = 80};
    auto i = pass(Hook::XdpIngress, nat_frame(in));
    EXPECT_EQ(i.dst, "192.0.2.2");
    EXPECT_EQ(i.dport, 8080);
    EXPECT_EQ(i.src, "198.51.100.2");
    NatPacket reply{.src = "192.0.2.2", .dst = "198.51.100.2", .sport = 8080, .dport = 5555,
                    .tcp_flags = 0x12};
    auto o = pass(Hook::TcEgress, nat_frame(reply));
    EXPECT_EQ(o.src, "203.0.113.1");
    EXPECT_EQ(o.sport, 80);
    EXPECT_EQ(o.dst, "198.51.100.2");
}

TEST_F(Nat, RedirectPortRange) {
    rules("redirect-port udp 192.0.2.2:6000-6009 203.0.113.1:7000-7009\n");
    NatPacket in{.src = "198.51.100.2", .dst = "203.0.113.1", .proto = 17, .sport = 5555,
                 .dport = 7003};
    auto i = pass(Hook::XdpIngress, nat_frame(in));
    EXPECT_EQ(i.dport, 6003);
    in.dport = 7010; // outside the range: untouched
    auto j = pass(Hook::XdpIngress, nat_frame(in));
    EXPECT_EQ(j.dst, "203.0.113.1");
    EXPECT_EQ(j.dport, 7010);
}

TEST_F(Nat, RedirectAddrStaticBothDirections) {
    rules("redirect-addr 192.0.2.3 203.0.113.3\n");
    NatPacket in{.src = "198.51.100.2", .dst = "203.0.113.3", .proto = 17, .sport = 53,
                 .dport = 3333};
    auto i = pass(Hook::XdpIngress, nat_frame(in));
    EXPECT_EQ(i.dst, "192.0.2.3");
    EXPECT_EQ(i.dport, 3333);
    // A flow the inside host starts leaves with the public address, ports kept.
    NatPacket out{.src = "192.0.2.3", .dst = "198.51.100.9", .sport = 4444, .dport = 443};
    auto o = pass(Hook::TcEgress, nat_frame(out));
    EXPECT_EQ(o.src, "203.0.113.3");
    EXPECT_EQ(o.sport, 4444);
}

TEST_F(Nat, IcmpErrorAboutTranslatedFlow) {
    rules("snat lo to 203.0.113.1:20000-20009\n");
    NatPacket out{.proto = 17, .sport = 40000, .dport = 33434};
    auto sent = run(Hook::TcEgress, nat_frame(out));
    ASSERT_EQ(sent.action, TC_ACT_OK);
    auto o = nat_read(sent.frame_out);
    // A router on the way says time exceeded, quoting the translated datagram whole.
    auto quoted = std::vector<std::uint8_t>(sent.frame_out.begin() + 14, sent.frame_out.end());
    auto err = nat_icmp_error("10.9.9.9", "203.0.113.1", 11, 0, quoted);
    auto before = stats();
    auto r = run(Hook::XdpIngress, err);
    ASSERT_EQ(r.action, XDP_PASS);
    auto outer = nat_read(r.frame_out);
    EXPECT_EQ(outer.src, "10.9.9.9");
    EXPECT_EQ(outer.dst, "192.0.2.2");
    EXPECT_TRUE(outer.ip_csum_ok);
    EXPECT_TRUE(outer.l4_csum_ok) << "ICMP checksum";
    auto inner = nat_read_datagram(nat_quoted(r.frame_out));
    EXPECT_EQ(inner.src, "192.0.2.2");
    EXPECT_EQ(inner.sport, 40000);
    EXPECT_EQ(inner.dst, "198.51.100.2");
    EXPECT_EQ(inner.dport, 33434);
    EXPECT_TRUE(inner.ip_csum_ok) << "quoted IP checksum";
    EXPECT_TRUE(inner.l4_csum_ok) << "quoted UDP checksum";
    EXPECT_EQ(stats()[XGW_NAT_STAT_ICMP_ERROR] - before[XGW_NAT_STAT_ICMP_ERROR], 1u);
    EXPECT_NE(o.sport, 0);
}

TEST_F(Nat, IcmpErrorAboutUnknownFlowUntouched) {
    rules("snat lo to 203.0.113.1:20000-20009\n");
    auto quoted = nat_datagram({.src = "203.0.113.1", .proto = 17, .sport = 20005});
    auto err = nat_icmp_error("10.9.9.9", "203.0.113.1", 3, 3, quoted);
    auto r = run(Hook::XdpIngress, err);
    ASSERT_EQ(r.action, XDP_PASS);
    EXPECT_EQ(r.frame_out, err);
}

TEST_F(Nat, ShowListsTheFlowBothWaysCounted) {
    rules("snat lo to 203.0.113.1:20000-20009\n");
    round_trip(6);
    auto st = nat::NatState::open(FwEnv::get().paths());
    ASSERT_TRUE(st.ok());
    auto flows = st->flows();
    ASSERT_TRUE(flows.ok());
    ASSERT_EQ(flows->size(), 1u);
    EXPECT_EQ((*flows)[0].binding.packets, 1u);
    EXPECT_EQ((*flows)[0].reply_packets, 1u);
    EXPECT_GT((*flows)[0].expires_in_ms, 0);
}

} // namespace
} // namespace xgw::test
