// The AF_PACKET filters of target and initiator, run by the kernel on a UNIX datagram socket
// pair (the same classic BPF, no privileges): which frames would be queued and which never wake
// the owner.
#include <xgw/aoe/SocketFilter.h>

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <vector>

using namespace xgw::aoe;

namespace {

std::vector<std::uint8_t> frame(Address to, bool response, bool vlan = false) {
    std::vector<std::uint8_t> f(60);
    Header h;
    h.address = to;
    h.command = XGW_AOE_CMD_ATA;
    h.flags = response ? XGW_AOE_FLAG_RESPONSE : 0;
    h.tag = 7;
    write_header(f, h);
    if (vlan) // a tag the kernel left in the frame: 0x8100, TCI, then the AoE type
        f.insert(f.begin() + 12, {0x81, 0x00, 0x00, 0x05});
    return f;
}

// True when the kernel queues f on a socket that runs program.
bool passes(const std::vector<sock_filter>& program, std::vector<std::uint8_t> f) {
    int sv[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
    sock_fprog prog{static_cast<unsigned short>(program.size()),
                    const_cast<sock_filter*>(program.data())};
    EXPECT_EQ(::setsockopt(sv[1], SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)), 0);
    EXPECT_EQ(::send(sv[0], f.data(), f.size(), 0), static_cast<ssize_t>(f.size()));
    std::uint8_t buf[128];
    ssize_t n = ::recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT);
    ::close(sv[0]);
    ::close(sv[1]);
    return n > 0;
}

} // namespace

TEST(AoeSocketFilter, TargetTakesOnlyRequestsForItself) {
    auto p = request_filter({7, 3});
    EXPECT_TRUE(passes(p, frame({7, 3}, false)));
    EXPECT_TRUE(passes(p, frame({7, 3}, false, true)));
    EXPECT_TRUE(passes(p, frame(Address::any(), false)));
    EXPECT_TRUE(passes(p, frame({0xffff, 3}, false)));
    EXPECT_TRUE(passes(p, frame({7, 0xff}, false)));
    EXPECT_FALSE(passes(p, frame({7, 4}, false)));
    EXPECT_FALSE(passes(p, frame({8, 3}, false)));
    EXPECT_FALSE(passes(p, frame({0xffff, 4}, false)));
    EXPECT_FALSE(passes(p, frame({7, 3}, true)));     // another target's answer
}

TEST(AoeSocketFilter, DropsOtherTypesAndTruncatedFrames) {
    auto p = request_filter({7, 3});
    auto ip = frame({7, 3}, false);
    ip[12] = 0x08;
    ip[13] = 0x00;
    EXPECT_FALSE(passes(p, ip));
    auto cut = frame({7, 3}, false);
    cut.resize(18); // ends before the slot
    EXPECT_FALSE(passes(p, cut));
    auto tagged_ip = frame({7, 3}, false, true);
    tagged_ip[16] = 0x08;
    tagged_ip[17] = 0x00;
    EXPECT_FALSE(passes(p, tagged_ip));
}

TEST(AoeSocketFilter, InitiatorTakesOnlyResponses) {
    auto p = response_filter();
    EXPECT_TRUE(passes(p, frame({7, 3}, true)));
    EXPECT_TRUE(passes(p, frame({1, 1}, true, true)));
    EXPECT_FALSE(passes(p, frame({7, 3}, false)));
    EXPECT_FALSE(passes(p, frame(Address::any(), false)));
}
