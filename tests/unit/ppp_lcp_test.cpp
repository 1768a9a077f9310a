// LCP on the shared RFC 1661 automaton, against a real LCP and against scripted peers that Nak,
// Reject, loop back, stay silent, and stop answering echoes.
#include "ppp_test_peer.h"

#include <xgw/ppp/Lcp.h>

#include <gtest/gtest.h>

using namespace xgw::ppp;
using namespace xgw::ppp::test;
using namespace std::chrono_literals;

namespace {

struct Side {
    Wire wire;
    int ups = 0, downs = 0, finishes = 0;
    std::vector<std::uint16_t> rejected;
    Lcp lcp;
    Side(FakeClock& clock, LcpConfig config, FsmLimits limits = {})
        : lcp(config,
              LayerHooks{[this] { ++ups; }, [this] { ++downs; }, [this] { ++finishes; }},
              [this](std::uint16_t p) { rejected.push_back(p); }, wire.sender(), clock.fn(),
              limits) {}
    void start() {
        lcp.fsm().open();
        lcp.fsm().up();
    }
};

// Delivers queued packets both ways until both sides are quiet.
void exchange(Side& a, Side& b) {
    while (!a.wire.out.empty() || !b.wire.out.empty()) {
        while (!a.wire.out.empty())
            b.lcp.fsm().receive(a.wire.pop().packet);
        while (!b.wire.out.empty())
            a.lcp.fsm().receive(b.wire.pop().packet);
    }
}

constexpr std::uint8_t kMru = 1, kAccm = 2, kAuth = 3, kMagic = 5, kPfc = 7, kAcfc = 8;

} // namespace

TEST(PppLcp, TwoEndsOpenWithSymmetricResults) {
    FakeClock clock;
    Side a(clock, {.asyncmap = 0, .require_chap = true});
    Side b(clock, {.mru = 1400, .asyncmap = 0x000a0000});
    a.start();
    b.start();
    exchange(a, b);
    ASSERT_EQ(a.lcp.fsm().state(), FsmState::Opened);
    ASSERT_EQ(b.lcp.fsm().state(), FsmState::Opened);
    EXPECT_EQ(a.ups, 1);
    EXPECT_EQ(b.ups, 1);
    const auto& ra = a.lcp.result();
    const auto& rb = b.lcp.result();
    EXPECT_EQ(ra.peer_mru, 1400);
    EXPECT_EQ(rb.our_mru, 1400);
    EXPECT_EQ(ra.tx.accm, 0x000a0000u);
    EXPECT_EQ(rb.tx.accm, 0u);
    EXPECT_TRUE(ra.tx.pfc && ra.tx.acfc && rb.rx.pfc && rb.rx.acfc);
    EXPECT_EQ(ra.peer_magic, rb.our_magic);
    EXPECT_NE(ra.our_magic, ra.peer_magic);
    EXPECT_EQ(ra.we_require, AuthProto::Chap);
    EXPECT_EQ(rb.peer_requires, AuthProto::Chap);
}

TEST(PppLcp, FollowsNaksAndDropsRejectedOptions) {
    FakeClock clock;
    Side s(clock, {});
    s.start();
    Sent req = s.wire.pop();
    ASSERT_EQ(req.code(), kConfReq);
    ASSERT_TRUE(find(req.options(), kMagic));
    // The peer wants a smaller MRU and more escapes, and will have neither PFC nor magic numbers.
    s.lcp.fsm().receive(packet(kConfNak, req.id(), ConfigOptions{{kMru, be16(1000)}, {kAccm, be32(0x3)}}));
    Sent again = s.wire.pop();
    EXPECT_NE(again.id(), req.id());
    ASSERT_TRUE(find(again.options(), kMru));
    EXPECT_EQ(get_be16(find(again.options(), kMru)->data), 1000);
    EXPECT_EQ(get_be32(find(again.options(), kAccm)->data), 0x3u);
    ConfigOptions refuse = {*find(again.options(), kMagic), *find(again.options(), kPfc)};
    s.lcp.fsm().receive(packet(kConfRej, again.id(), refuse));
    Sent third = s.wire.pop();
    EXPECT_FALSE(find(third.options(), kMagic));
    EXPECT_FALSE(find(third.options(), kPfc));
    EXPECT_TRUE(find(third.options(), kAcfc));
    // A Reject that names an option we never sent is discarded.
    s.lcp.fsm().receive(packet(kConfRej, third.id(), ConfigOptions{{kPfc, {}}}));
    EXPECT_TRUE(s.wire.out.empty());
    s.lcp.fsm().receive(packet(kConfAck, third.id(), third.data()));
    EXPECT_EQ(s.lcp.fsm().state(), FsmState::AckRcvd);
    EXPECT_EQ(s.lcp.result().our_mru, 1000);
    EXPECT_EQ(s.lcp.result().rx.accm, 0x3u);
}

TEST(PppLcp, JudgesThePeersRequest) {
    FakeClock clock;
    Side s(clock, {.refuse_pap = true});
    s.start();
    s.wire.pop();
    // Unknown option 0x42 is rejected alone; with it gone, PAP is Naked toward CHAP-MD5.
    ConfigOptions theirs = {{kMru, be16(1500)}, {0x42, {1, 2}}, {kAuth, be16(kProtoPap)}};
    s.lcp.fsm().receive(packet(kConfReq, 7, theirs));
    Sent rej = s.wire.pop();
    EXPECT_EQ(rej.code(), kConfRej);
    EXPECT_EQ(rej.id(), 7);
    EXPECT_EQ(rej.options(), (ConfigOptions{{0x42, {1, 2}}}));
    theirs.erase(theirs.begin() + 1);
    s.lcp.fsm().receive(packet(kConfReq, 8, theirs));
    Sent nak = s.wire.pop();
    EXPECT_EQ(nak.code(), kConfNak);
    EXPECT_EQ(nak.options(), (ConfigOptions{{kAuth, {0xc2, 0x23, kChapMd5}}}));
    theirs[1] = {kAuth, {0xc2, 0x23, kChapMd5}};
    s.lcp.fsm().receive(packet(kConfReq, 9, theirs));
    Sent ack = s.wire.pop();
    EXPECT_EQ(ack.code(), kConfAck);
    EXPECT_EQ(ack.options(), theirs);
    EXPECT_EQ(s.lcp.fsm().state(), FsmState::AckSent);
}

TEST(PppLcp, AuthNakToTheOtherProtocolOnlyWhenWeAcceptIt) {
    FakeClock clock;
    Side only_chap(clock, {.require_chap = true});
    only_chap.start();
    Sent r = only_chap.wire.pop();
    only_chap.lcp.fsm().receive(packet(kConfNak, r.id(), ConfigOptions{{kAuth, be16(kProtoPap)}}));
    EXPECT_EQ(find(only_chap.wire.pop().options(), kAuth)->data,
              (std::vector<std::uint8_t>{0xc2, 0x23, kChapMd5}));

    Side either(clock, {.require_pap = true, .require_chap = true});
    either.start();
    r = either.wire.pop();
    either.lcp.fsm().receive(packet(kConfNak, r.id(), ConfigOptions{{kAuth, be16(kProtoPap)}}));
    EXPECT_EQ(find(either.wire.pop().options(), kAuth)->data, be16(kProtoPap));

    // A peer that rejects authentication we require ends the link.
    Side strict(clock, {.require_chap = true});
    strict.start();
    r = strict.wire.pop();
    strict.lcp.fsm().receive(packet(kConfRej, r.id(), ConfigOptions{*find(r.options(), kAuth)}));
    EXPECT_EQ(strict.lcp.fsm().state(), FsmState::Closing);
    EXPECT_EQ(strict.wire.pop().code(), kTermReq);
}

TEST(PppLcp, LoopedBackLineIsDetected) {
    FakeClock clock;
    Side s(clock, {.max_loopback = 3});
    s.start();
    // A looped line hands us back our own request, every time.
    for (int i = 0; i < 10 && s.lcp.fsm().state() != FsmState::Closing; ++i) {
        Sent mine = s.wire.out.back();
        s.wire.out.clear();
        ASSERT_EQ(mine.code(), kConfReq);
        s.lcp.fsm().receive(mine.packet);
        if (!s.wire.out.empty() && s.wire.out.front().code() == kConfNak) {
            Sent nak = s.wire.pop();
            EXPECT_NE(find(nak.options(), kMagic)->data, find(mine.options(), kMagic)->data);
            s.lcp.fsm().receive(packet(kConfNak, mine.id(), nak.options()));
        }
    }
    EXPECT_EQ(s.lcp.fsm().state(), FsmState::Closing);
    EXPECT_NE(s.lcp.fsm().close_reason().find("loopback"), std::string::npos);
}

TEST(PppLcp, SilentPeerFinishesAfterMaxConfigureUnlessPassive) {
    FakeClock clock;
    Side s(clock, {}, {.max_configure = 4});
    s.start();
    int requests = 0;
    for (int i = 0; i < 10; ++i) {
        while (!s.wire.out.empty())
            requests += s.wire.pop().code() == kConfReq;
        clock.t += 3s;
        s.lcp.fsm().tick(clock.t);
    }
    EXPECT_EQ(requests, 4);
    EXPECT_EQ(s.lcp.fsm().state(), FsmState::Stopped);
    EXPECT_EQ(s.finishes, 1);

    Side p(clock, {}, {.max_configure = 2, .passive = true});
    p.start();
    for (int i = 0; i < 5; ++i) {
        clock.t += 3s;
        p.lcp.fsm().tick(clock.t);
    }
    EXPECT_EQ(p.lcp.fsm().state(), FsmState::Stopped);
    EXPECT_EQ(p.finishes, 0);
    // A late peer still gets an answer: irc, scr, sca.
    p.wire.out.clear();
    p.lcp.fsm().receive(packet(kConfReq, 1, ConfigOptions{}));
    EXPECT_EQ(p.wire.pop().code(), kConfReq);
    EXPECT_EQ(p.wire.pop().code(), kConfAck);
    EXPECT_EQ(p.lcp.fsm().state(), FsmState::AckSent);
}

TEST(PppLcp, MaxFailureTurnsNaksIntoRejects) {
    FakeClock clock;
    Side s(clock, {}, {.max_failure = 3});
    s.start();
    std::vector<std::uint8_t> codes;
    for (std::uint8_t id = 1; id <= 5; ++id) {
        s.lcp.fsm().receive(packet(kConfReq, id, ConfigOptions{{kMagic, be32(0)}}));
        while (!s.wire.out.empty()) {
            Sent x = s.wire.pop();
            if (x.code() != kConfReq)
                codes.push_back(x.code());
        }
    }
    EXPECT_EQ(codes, (std::vector<std::uint8_t>{kConfNak, kConfNak, kConfNak, kConfRej, kConfRej}));
}

TEST(PppLcp, EchoKeepalivesAndTheirFailure) {
    FakeClock clock;
    Side a(clock, {.echo_interval = 2, .echo_failure = 3});
    Side b(clock, {});
    a.start();
    b.start();
    exchange(a, b);
    ASSERT_EQ(a.lcp.fsm().state(), FsmState::Opened);
    // Answered echoes keep the link.
    for (int i = 0; i < 5; ++i) {
        clock.t += 2s;
        a.lcp.tick(clock.t);
        exchange(a, b);
    }
    EXPECT_EQ(a.lcp.echo().sent, 5u);
    EXPECT_EQ(a.lcp.echo().replies, 5u);
    EXPECT_EQ(a.lcp.fsm().state(), FsmState::Opened);
    // The peer goes silent: three unanswered echoes, then the link closes.
    int ticks = 0;
    while (a.lcp.fsm().state() == FsmState::Opened && ticks < 10) {
        clock.t += 2s;
        a.lcp.tick(clock.t);
        ++ticks;
    }
    EXPECT_EQ(ticks, 4);
    EXPECT_EQ(a.lcp.fsm().state(), FsmState::Closing);
    EXPECT_EQ(a.downs, 1);
    EXPECT_EQ(a.lcp.fsm().close_reason(), "no response to 3 echo-requests");
    for (int i = 0; i < 3; ++i) {
        clock.t += 3s;
        a.lcp.tick(clock.t);
    }
    EXPECT_EQ(a.lcp.fsm().state(), FsmState::Closed);
    EXPECT_EQ(a.finishes, 1);
}

TEST(PppLcp, TerminateCodeRejectAndProtocolReject) {
    FakeClock clock;
    Side a(clock, {});
    Side b(clock, {});
    a.start();
    b.start();
    exchange(a, b);
    ASSERT_EQ(b.lcp.fsm().state(), FsmState::Opened);

    a.lcp.fsm().receive(packet(0x42, 9, std::vector<std::uint8_t>{1, 2, 3}));
    Sent cj = a.wire.pop();
    EXPECT_EQ(cj.code(), kCodeRej);
    EXPECT_EQ(cj.data(), packet(0x42, 9, std::vector<std::uint8_t>{1, 2, 3}));

    a.lcp.fsm().receive(packet(kProtRej, 3, std::vector<std::uint8_t>{0x80, 0x57, 1}));
    EXPECT_EQ(a.rejected, (std::vector<std::uint16_t>{0x8057}));

    a.lcp.fsm().close("user request");
    exchange(a, b);
    EXPECT_EQ(a.lcp.fsm().state(), FsmState::Closed);
    EXPECT_EQ(b.lcp.fsm().state(), FsmState::Stopping);
    EXPECT_EQ(a.finishes, 1);
    EXPECT_EQ(b.downs, 1);
    EXPECT_EQ(b.lcp.fsm().close_reason(), "peer requested termination");
    clock.t += 3s;
    b.lcp.tick(clock.t);
    EXPECT_EQ(b.lcp.fsm().state(), FsmState::Stopped);
    EXPECT_EQ(b.finishes, 1);
}
