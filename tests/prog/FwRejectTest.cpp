// reject and unreach through the real programs: the frame that comes back is the answer (a TCP
// reset or an ICMP/ICMPv6 destination unreachable), checked field by field against the offending
// frame, with its checksums recomputed here; and what must never be answered is not.
#include "FwEnv.h"
#include "FwFrame.h"

#include <xgw/fw/FirewallReplies.h>

#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#include <gtest/gtest.h>

#include <cstring>

namespace xgw::test {
namespace {

using Bytes = std::vector<std::uint8_t>;

std::uint16_t get16(const Bytes& b, std::size_t at) {
    return static_cast<std::uint16_t>(b.at(at) << 8 | b.at(at + 1));
}

std::uint32_t get32(const Bytes& b, std::size_t at) {
    return std::uint32_t(get16(b, at)) << 16 | get16(b, at + 2);
}

void put32(Bytes& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; i++)
        b[at + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

// The Internet checksum of the bytes plus a starting sum; 0 when the bytes hold a valid one.
std::uint16_t csum(const Bytes& b, std::size_t from, std::size_t len, std::uint32_t sum = 0) {
    for (std::size_t i = 0; i < len; i += 2)
        sum += std::uint32_t(b.at(from + i)) << 8 | (i + 1 < len ? b.at(from + i + 1) : 0);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

// The pseudo header sum of an answer in frame b whose IP header starts at l3.
std::uint32_t pseudo(const Bytes& b, std::size_t l3, bool v6, std::uint8_t proto,
                     std::uint32_t len) {
    std::uint32_t sum = proto + (len >> 16) + (len & 0xffff);
    const std::size_t addrs = v6 ? 32 : 8;
    for (std::size_t i = 0; i < addrs; i += 2)
        sum += get16(b, l3 + (v6 ? 8 : 12) + i);
    return sum;
}

struct Answer {
    int action = 0;
    Bytes frame;
};

void load(const std::string& rules) {
    auto& fwc = FwEnv::get().control();
    auto r = fwc.load(rules + "65000 allow ip from any to any\n", "reject.rules", false);
    ASSERT_TRUE(r.ok()) << r.error().message;
}

std::array<std::uint64_t, XGW_FW_REPLY__MAX> replies() {
    auto r = fw::FirewallReplies::read(FwEnv::get().paths());
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : std::array<std::uint64_t, XGW_FW_REPLY__MAX>{};
}

// Runs the frame; checks the answer counter grew by one for which, and only it.
Answer run(const std::string& rules, const Frame& f, Hook hook, xgw_fw_reply_stat which) {
    load(rules);
    auto before = replies();
    auto r = FwEnv::get().runner().run(hook, f.bytes);
    EXPECT_TRUE(r.ok()) << r.error().message;
    auto after = replies();
    for (unsigned i = 0; i < XGW_FW_REPLY__MAX; i++)
        EXPECT_EQ(after[i] - before[i], i == unsigned(which) ? 1u : 0u)
            << fw::FirewallReplies::names()[i];
    return r.ok() ? Answer{r->action, r->frame_out} : Answer{};
}

int answered(Hook hook) { return hook == Hook::XdpIngress ? XDP_TX : TC_ACT_REDIRECT; }
int dropped(Hook hook) { return hook == Hook::XdpIngress ? XDP_DROP : TC_ACT_SHOT; }

// The answer's Ethernet and IP headers mirror the offending frame's.
void expect_mirrored(const Bytes& in, const Bytes& out, bool v6, std::uint8_t proto) {
    ASSERT_GE(out.size(), 14u + (v6 ? 40 : 20));
    EXPECT_TRUE(std::equal(out.begin(), out.begin() + 6, in.begin() + 6)) << "dst MAC";
    EXPECT_TRUE(std::equal(out.begin() + 6, out.begin() + 12, in.begin())) << "src MAC";
    EXPECT_EQ(get16(out, 12), get16(in, 12));
    if (v6) {
        EXPECT_EQ(out[14] >> 4, 6);
        EXPECT_EQ(get16(out, 18), out.size() - 54) << "payload length";
        EXPECT_EQ(out[20], proto);
        EXPECT_EQ(out[21], 64) << "hop limit";
        EXPECT_TRUE(std::equal(out.begin() + 22, out.begin() + 38, in.begin() + 38)) << "src";
        EXPECT_TRUE(std::equal(out.begin() + 38, out.begin() + 54, in.begin() + 22)) << "dst";
    } else {
        EXPECT_EQ(out[14], 0x45);
        EXPECT_EQ(get16(out, 16), out.size() - 14) << "total length";
        EXPECT_EQ(out[22], 64) << "ttl";
        EXPECT_EQ(out[23], proto);
        EXPECT_EQ(csum(out, 14, 20), 0) << "IPv4 header checksum";
        EXPECT_TRUE(std::equal(out.begin() + 26, out.begin() + 30, in.begin() + 30)) << "src";
        EXPECT_TRUE(std::equal(out.begin() + 30, out.begin() + 34, in.begin() + 26)) << "dst";
    }
}

// A TCP reset of the segment in: ports swapped, seq/ack per RFC 9293 3.10.7.1, valid checksum.
void expect_reset(const Bytes& in, const Answer& a, bool v6, std::uint32_t seq, std::uint32_t ack,
                  std::uint8_t flags) {
    const std::size_t l4 = v6 ? 54 : 34;
    ASSERT_EQ(a.frame.size(), l4 + 20);
    expect_mirrored(in, a.frame, v6, 6);
    EXPECT_EQ(get16(a.frame, l4), get16(in, l4 + 2)) << "source port";
    EXPECT_EQ(get16(a.frame, l4 + 2), get16(in, l4)) << "destination port";
    EXPECT_EQ(get32(a.frame, l4 + 4), seq) << "seq";
    EXPECT_EQ(get32(a.frame, l4 + 8), ack) << "ack";
    EXPECT_EQ(a.frame[l4 + 12], 0x50) << "data offset";
    EXPECT_EQ(a.frame[l4 + 13], flags) << "flags";
    EXPECT_EQ(csum(a.frame, l4, 20, pseudo(a.frame, 14, v6, 6, 20)), 0) << "TCP checksum";
}

// An ICMP (ICMPv6) error quoting the first quote bytes of the offending datagram.
void expect_unreachable(const Bytes& in, const Answer& a, bool v6, std::uint8_t code,
                        std::size_t quote) {
    const std::size_t l4 = v6 ? 54 : 34;
    ASSERT_EQ(a.frame.size(), l4 + 8 + quote);
    expect_mirrored(in, a.frame, v6, v6 ? 58 : 1);
    EXPECT_EQ(a.frame[l4], v6 ? 1 : 3) << "type";
    EXPECT_EQ(a.frame[l4 + 1], code) << "code";
    EXPECT_EQ(get32(a.frame, l4 + 4), 0u) << "unused";
    EXPECT_TRUE(std::equal(a.frame.begin() + l4 + 8, a.frame.end(), in.begin() + 14))
        << "the quote is the offending datagram's start";
    const std::uint32_t start = v6 ? pseudo(a.frame, 14, true, 58, 8 + quote) : 0;
    EXPECT_EQ(csum(a.frame, l4, 8 + quote, start), 0) << "ICMP checksum";
}

FwPacket tcp(const std::string& src, const std::string& dst, std::uint8_t flags) {
    FwPacket p;
    p.src = src;
    p.dst = dst;
    p.tcp_flags = flags;
    return p;
}

Frame with_seq(FwPacket p, std::uint32_t seq, std::uint32_t ack) {
    Frame f = fw_frame(p);
    const std::size_t l4 = f.l3_offset + (f.ipv6 ? 40 : 20);
    put32(f.bytes, l4 + 4, seq);
    put32(f.bytes, l4 + 8, ack);
    return f;
}

FwPacket udp(const std::string& src, const std::string& dst) {
    FwPacket p;
    p.proto = "udp";
    p.src = src;
    p.dst = dst;
    p.dport = 53;
    return p;
}

class FwReject : public testing::TestWithParam<Hook> {};

// A SYN (no ACK) gets RST+ACK acknowledging SYN and data: ack = seq + 1 + 10 payload bytes.
TEST_P(FwReject, SynGetsResetAckV4) {
    Frame f = with_seq(tcp("192.0.2.2", "198.51.100.2", 0x02), 1000, 0);
    auto a = run("100 reject tcp from any to any 80\n", f, GetParam(), XGW_FW_REPLY_TCP_RST);
    EXPECT_EQ(a.action, answered(GetParam()));
    expect_reset(f.bytes, a, false, 0, 1011, 0x14);
}

// A segment with ACK gets a bare RST whose seq is that ACK.
TEST_P(FwReject, AckSegmentGetsResetV6) {
    Frame f = with_seq(tcp("2001:db8:1::2", "2001:db8:2::2", 0x18), 5, 0xfffffff0);
    auto a = run("100 reject tcp from any to any\n", f, GetParam(), XGW_FW_REPLY_TCP_RST);
    EXPECT_EQ(a.action, answered(GetParam()));
    expect_reset(f.bytes, a, true, 0xfffffff0, 0, 0x04);
}

TEST_P(FwReject, UdpGetsPortUnreachableV4) {
    Frame f = fw_frame(udp("192.0.2.2", "198.51.100.2"));
    auto a = run("100 reject udp from any to any\n", f, GetParam(), XGW_FW_REPLY_ICMP);
    EXPECT_EQ(a.action, answered(GetParam()));
    expect_unreachable(f.bytes, a, false, 3, 20 + 8); // RFC 792: header and 64 bits
}

TEST_P(FwReject, UdpGetsPortUnreachableV6) {
    Frame f = fw_frame(udp("2001:db8:1::2", "2001:db8:2::2"));
    auto a = run("100 reject udp from any to any\n", f, GetParam(), XGW_FW_REPLY_ICMP6);
    EXPECT_EQ(a.action, answered(GetParam()));
    expect_unreachable(f.bytes, a, true, 4, f.bytes.size() - 14); // all of a short datagram
}

// RFC 4443 2.4(c): as much of the datagram as fits the IPv6 minimum MTU.
TEST_P(FwReject, LargeV6DatagramQuotedUpToMinimumMtu) {
    Frame f = PacketBuilder().eth().ipv6().udp().payload(1400).build();
    auto a = run("100 reject udp from any to any\n", f, GetParam(), XGW_FW_REPLY_ICMP6);
    EXPECT_EQ(a.action, answered(GetParam()));
    expect_unreachable(f.bytes, a, true, 4, 1280 - 48);
    EXPECT_EQ(a.frame.size(), 14u + 1280);
}

// IPv4 options are part of the quoted header.
TEST_P(FwReject, V4OptionsAreQuoted) {
    Frame f = PacketBuilder().eth().ipv4(8).udp().payload(30).build();
    auto a = run("100 reject udp from any to any\n", f, GetParam(), XGW_FW_REPLY_ICMP);
    EXPECT_EQ(a.action, answered(GetParam()));
    expect_unreachable(f.bytes, a, false, 3, 28 + 8);
}

TEST_P(FwReject, UnreachCodeAnswersTcpWithIcmpV4) {
    Frame f = fw_frame(tcp("192.0.2.2", "198.51.100.2", 0x02));
    auto a = run("100 unreach host tcp from any to any\n", f, GetParam(), XGW_FW_REPLY_ICMP);
    EXPECT_EQ(a.action, answered(GetParam()));
    expect_unreachable(f.bytes, a, false, 1, 28);
}

TEST_P(FwReject, UnreachAnswersV6AsReject) {
    Frame f = with_seq(tcp("2001:db8:1::2", "2001:db8:2::2", 0x02), 7, 0);
    auto a = run("100 unreach filter-prohib tcp from any to any\n", f, GetParam(),
                 XGW_FW_REPLY_TCP_RST);
    EXPECT_EQ(a.action, answered(GetParam()));
    expect_reset(f.bytes, a, true, 0, 7 + 1 + 10, 0x14);
}

// What must never be answered is dropped silently, and counted as such.
void expect_silent(const std::string& rules, const Frame& f, Hook hook, xgw_fw_reply_stat why) {
    auto a = run(rules, f, hook, why);
    EXPECT_EQ(a.action, dropped(hook));
}

TEST_P(FwReject, IcmpErrorIsNotAnswered) {
    FwPacket p;
    p.proto = "icmp";
    p.icmp_type = 3;
    expect_silent("100 reject ip from any to any\n", fw_frame(p), GetParam(),
                  XGW_FW_REPLY_NOT_ICMP_ERROR);
    FwPacket p6 = p;
    p6.proto = "icmp6";
    p6.icmp_type = 1;
    p6.src = "2001:db8:1::2";
    p6.dst = "2001:db8:2::2";
    expect_silent("100 reject ip from any to any\n", fw_frame(p6), GetParam(),
                  XGW_FW_REPLY_NOT_ICMP_ERROR);
}

TEST_P(FwReject, IcmpEchoIsAnswered) {
    FwPacket p;
    p.proto = "icmp";
    p.icmp_type = 8;
    auto a = run("100 reject ip from any to any\n", fw_frame(p), GetParam(), XGW_FW_REPLY_ICMP);
    EXPECT_EQ(a.action, answered(GetParam()));
}

TEST_P(FwReject, MulticastAndBroadcastAreNotAnswered) {
    expect_silent("100 reject ip from any to any\n", fw_frame(udp("192.0.2.2", "224.0.0.5")),
                  GetParam(), XGW_FW_REPLY_NOT_MULTICAST);
    expect_silent("100 reject ip from any to any\n",
                  fw_frame(udp("192.0.2.2", "255.255.255.255")), GetParam(),
                  XGW_FW_REPLY_NOT_MULTICAST);
    expect_silent("100 reject ip from any to any\n", fw_frame(udp("2001:db8:1::2", "ff02::1")),
                  GetParam(), XGW_FW_REPLY_NOT_MULTICAST);
    Frame bcast = fw_frame(udp("192.0.2.2", "198.51.100.2"));
    std::memset(bcast.bytes.data(), 0xff, 6);
    expect_silent("100 reject ip from any to any\n", bcast, GetParam(),
                  XGW_FW_REPLY_NOT_MULTICAST);
}

TEST_P(FwReject, LaterFragmentIsNotAnswered) {
    FwPacket p = udp("192.0.2.2", "198.51.100.2");
    p.later_frag = true;
    expect_silent("100 reject ip from any to any\n", fw_frame(p), GetParam(),
                  XGW_FW_REPLY_NOT_FRAGMENT);
}

TEST_P(FwReject, ResetIsNotAnswered) {
    expect_silent("100 reject tcp from any to any\n",
                  fw_frame(tcp("192.0.2.2", "198.51.100.2", 0x14)), GetParam(),
                  XGW_FW_REPLY_NOT_RST);
}

std::string hook_name(const testing::TestParamInfo<Hook>& info) {
    return info.param == Hook::XdpIngress ? "xdp" : "tc";
}

INSTANTIATE_TEST_SUITE_P(Fw, FwReject, testing::Values(Hook::XdpIngress, Hook::TcEgress),
                         hook_name);

} // namespace
} // namespace xgw::test
