// RFC 1662 framing: the FCS check values, escapes under an ACCM, field compression, and frames
// that are damaged, cut short, too long or random, each counted and none delivered.
#include <xgw/ppp/Fcs.h>
#include <xgw/ppp/Hdlc.h>

#include <gtest/gtest.h>

#include <random>
#include <string_view>

using namespace xgw::ppp;

namespace {

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

struct Got {
    std::uint16_t protocol;
    std::vector<std::uint8_t> info;
};

std::vector<Got> decode(HdlcDecoder& d, const std::vector<std::uint8_t>& wire) {
    std::vector<Got> got;
    d.feed(wire, [&](std::uint16_t p, std::span<const std::uint8_t> i) {
        got.push_back({p, {i.begin(), i.end()}});
    });
    return got;
}

} // namespace

// RFC 1662 appendix C: append the complemented FCS and the receiver's FCS over the whole is the
// "good" value; the CRCs are CRC-16/X.25 and CRC-32, whose check value over "123456789" is known.
TEST(PppFcs, RfcVectors) {
    auto data = bytes("123456789");
    EXPECT_EQ(static_cast<std::uint16_t>(~fcs16(kFcs16Init, data)), 0x906e);
    EXPECT_EQ(~fcs32(kFcs32Init, data), 0xcbf43926u);

    std::uint16_t f16 = ~fcs16(kFcs16Init, data);
    auto with16 = data;
    with16.push_back(f16 & 0xff);
    with16.push_back(f16 >> 8);
    EXPECT_EQ(fcs16(kFcs16Init, with16), kFcs16Good);

    std::uint32_t f32 = ~fcs32(kFcs32Init, data);
    auto with32 = data;
    for (int i = 0; i < 4; ++i)
        with32.push_back((f32 >> (8 * i)) & 0xff);
    EXPECT_EQ(fcs32(kFcs32Init, with32), kFcs32Good);
}

TEST(PppHdlc, EncodesEscapesUnderTheAccm) {
    HdlcEncoder enc;
    enc.set_framing({.accm = 0});
    std::vector<std::uint8_t> out;
    const std::uint8_t info[] = {0x7e, 0x7d, 0x01};
    enc.encode(0x0021, info, out);
    ASSERT_GE(out.size(), 12u);
    const std::vector<std::uint8_t> head = {0x7e, 0xff, 0x03, 0x00, 0x21, 0x7d, 0x5e, 0x7d, 0x5d, 0x01};
    EXPECT_EQ(std::vector<std::uint8_t>(out.begin(), out.begin() + head.size()), head);
    EXPECT_EQ(out.back(), 0x7e);

    enc.set_framing({}); // default ACCM: every control character escaped
    out.clear();
    enc.encode(0x0021, info, out);
    // 7e ff 7d23 7d20 21 7d5e 7d5d 7d21: control, protocol's 0x00 and 0x01 escaped too
    EXPECT_EQ(out[11], 0x7d);
    EXPECT_EQ(out[12], 0x21);
}

TEST(PppHdlc, CompressionLeavesOutFieldsButNotForLcp) {
    HdlcEncoder enc;
    enc.set_framing({.accm = 0, .acfc = true, .pfc = true});
    std::vector<std::uint8_t> ip, lcp;
    const std::uint8_t info[] = {0x45};
    enc.encode(0x0021, info, ip);
    EXPECT_EQ(ip, (std::vector<std::uint8_t>{0x7e, 0x21, 0x45, ip[3], ip[4], 0x7e}));
    enc.encode(kProtoLcp, info, lcp);
    EXPECT_EQ(lcp[1], 0xff);
    EXPECT_EQ(lcp[2], 0x7d); // control 0x03 escaped: LCP always uses the default ACCM
    EXPECT_EQ(lcp[3], 0x23);
}

class PppHdlcRoundTrip : public ::testing::TestWithParam<Framing> {};

TEST_P(PppHdlcRoundTrip, EveryByteValueSurvives) {
    HdlcEncoder enc;
    HdlcDecoder dec;
    enc.set_framing(GetParam());
    dec.set_framing({.accm = 0, .fcs = GetParam().fcs});
    std::vector<std::uint8_t> info(256);
    for (int i = 0; i < 256; ++i)
        info[i] = static_cast<std::uint8_t>(i);
    std::vector<std::uint8_t> wire;
    enc.encode(0x0021, info, wire);
    enc.encode(0x8021, {}, wire);
    enc.encode(kProtoLcp, info, wire);
    auto got = decode(dec, wire);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0].protocol, 0x0021);
    EXPECT_EQ(got[0].info, info);
    EXPECT_EQ(got[1].protocol, 0x8021);
    EXPECT_TRUE(got[1].info.empty());
    EXPECT_EQ(got[2].protocol, kProtoLcp);
    EXPECT_EQ(dec.counters().frames, 3u);
    EXPECT_EQ(dec.counters().bytes, 512u);
}

INSTANTIATE_TEST_SUITE_P(Framings, PppHdlcRoundTrip,
                         ::testing::Values(Framing{}, Framing{.accm = 0},
                                           Framing{.accm = 0, .acfc = true, .pfc = true},
                                           Framing{.fcs = FcsKind::Fcs32},
                                           Framing{.accm = 0x000a0000, .acfc = true,
                                                   .pfc = true, .fcs = FcsKind::Fcs32}));

TEST(PppHdlc, ReceiveAccmDropsCharactersTheLineInserted) {
    HdlcEncoder enc;
    HdlcDecoder dec;
    dec.set_framing({.accm = 0x000a0000}); // XON and XOFF
    std::vector<std::uint8_t> wire;
    const std::uint8_t info[] = {1, 2, 3};
    enc.encode(0x0021, info, wire);
    wire.insert(wire.begin() + 4, 0x11);
    wire.insert(wire.begin() + 7, 0x13);
    auto got = decode(dec, wire);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].info, std::vector<std::uint8_t>({1, 2, 3}));
}

TEST(PppHdlc, DamagedFramesAreCountedAndDropped) {
    HdlcEncoder enc;
    HdlcDecoder dec(1500);
    const std::vector<std::uint8_t> info(100, 0x55);
    std::vector<std::uint8_t> good;
    enc.encode(0x0021, info, good);

    auto bad_fcs = good;
    bad_fcs[20] ^= 0x01;
    EXPECT_TRUE(decode(dec, bad_fcs).empty());
    EXPECT_EQ(dec.counters().bad_fcs, 1u);

    const std::vector<std::uint8_t> truncated = {0x7e, 0xff, 0x7e};
    EXPECT_TRUE(decode(dec, truncated).empty());
    EXPECT_EQ(dec.counters().too_short, 1u);

    auto aborted = std::vector<std::uint8_t>(good.begin(), good.begin() + 30);
    aborted.push_back(0x7d);
    aborted.push_back(0x7e);
    EXPECT_TRUE(decode(dec, aborted).empty());
    EXPECT_EQ(dec.counters().aborted, 1u);

    std::vector<std::uint8_t> big;
    enc.encode(0x0021, std::vector<std::uint8_t>(1600, 0x55), big);
    EXPECT_TRUE(decode(dec, big).empty());
    EXPECT_EQ(dec.counters().too_long, 1u);

    // A good FCS around a header that cannot be: address 0xff with a wrong control byte.
    std::vector<std::uint8_t> raw = {0xff, 0x05, 0x00, 0x21};
    std::uint16_t f = ~fcs16(kFcs16Init, raw);
    raw.push_back(f & 0xff);
    raw.push_back(f >> 8);
    std::vector<std::uint8_t> wire = {0x7e};
    for (auto b : raw) {
        if (b < 0x20 || b == 0x7e || b == 0x7d) {
            wire.push_back(0x7d);
            b ^= 0x20;
        }
        wire.push_back(b);
    }
    wire.push_back(0x7e);
    EXPECT_TRUE(decode(dec, wire).empty());
    EXPECT_EQ(dec.counters().bad_header, 1u);

    // The decoder recovers: the next good frame after all of that is delivered.
    EXPECT_EQ(decode(dec, good).size(), 1u);
    EXPECT_EQ(dec.counters().frames, 1u);
}

// Random bytes and randomly damaged frames: never a crash, never a frame whose FCS did not check,
// and every good frame that went in whole comes out.
TEST(PppHdlc, Fuzzed) {
    std::mt19937 rng(1662);
    HdlcEncoder enc;
    HdlcDecoder dec;
    std::uint64_t sent_good = 0;
    for (int round = 0; round < 2000; ++round) {
        std::vector<std::uint8_t> info(rng() % 1700);
        for (auto& b : info)
            b = static_cast<std::uint8_t>(rng());
        std::vector<std::uint8_t> wire;
        enc.encode(0x0021, info, wire);
        if (rng() % 2) {
            for (int k = 0; k < 1 + int(rng() % 4); ++k)
                wire[1 + rng() % (wire.size() - 2)] = static_cast<std::uint8_t>(rng());
        } else if (info.size() <= 1500) {
            ++sent_good;
        }
        std::vector<Got> got = decode(dec, wire);
        for (const auto& g : got)
            EXPECT_LE(g.info.size(), 1500u);
    }
    const auto& c = dec.counters();
    EXPECT_GE(c.frames, sent_good);
    EXPECT_GT(c.bad_fcs + c.too_long + c.too_short + c.aborted + c.bad_header, 0u);
}
