// The AoE wire format: addresses, MACs as vblade spells them, headers, ATA and config arguments,
// IDENTIFY data, all round-tripped through their byte layout.
#include <xgw/aoe/Identify.h>
#include <xgw/aoe/Wire.h>

#include <gtest/gtest.h>

#include <vector>

using namespace xgw::aoe;

TEST(AoeWire, MacAddressSpellings) {
    auto a = MacAddress::parse("02:00:00:00:01:0a");
    auto b = MacAddress::parse("02000000010A");
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(a->str(), "02:00:00:00:01:0a");
    EXPECT_FALSE(MacAddress::parse("02:00:00:00:01").ok());
    EXPECT_FALSE(MacAddress::parse("02:00:00:00:01:0g").ok());
    auto list = MacAddress::parse_list("02:00:00:00:01:02,020000000103");
    ASSERT_TRUE(list.ok());
    EXPECT_EQ(list->size(), 2u);
}

TEST(AoeWire, AddressParseAndWildcards) {
    auto a = Address::parse("65534.254");
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->shelf, 65534);
    EXPECT_EQ(a->slot, 254);
    EXPECT_FALSE(Address::parse("1").ok());
    EXPECT_FALSE(Address::parse("1.256").ok());
    EXPECT_FALSE(Address::parse("65536.1").ok());
    Address t{7, 3};
    EXPECT_TRUE(t.answers({7, 3}));
    EXPECT_TRUE(t.answers(Address::any()));
    EXPECT_TRUE(t.answers({0xffff, 3}));
    EXPECT_TRUE(t.answers({7, 0xff}));
    EXPECT_FALSE(t.answers({7, 4}));
    EXPECT_FALSE(t.answers({0xffff, 4}));
}

TEST(AoeWire, HeaderRoundTripAndResponse) {
    std::vector<std::uint8_t> f(64);
    Header h;
    h.dst = MacAddress::broadcast();
    h.src = MacAddress::parse("02:00:00:00:01:02").value();
    h.address = {513, 7};
    h.command = XGW_AOE_CMD_ATA;
    h.tag = 0xdeadbeef;
    write_header(f, h);
    EXPECT_EQ(f[12], 0x88);
    EXPECT_EQ(f[13], 0xa2);
    EXPECT_EQ(f[14], 0x10); // version 1, no flags
    FrameLayout at;
    auto r = read_header(f, &at);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(at.aoe_off, 14u);
    EXPECT_EQ(at.args_off, 24u);
    EXPECT_EQ(r->address, (Address{513, 7}));
    EXPECT_EQ(r->tag, 0xdeadbeefu);
    EXPECT_FALSE(r->is_response());
    auto own = MacAddress::parse("02:00:00:00:01:01").value();
    make_response(f, at, own, {513, 7});
    set_error(f, at, AoeError::BadArgument);
    r = read_header(f, nullptr);
    EXPECT_TRUE(r->is_response());
    EXPECT_EQ(r->dst, h.src);
    EXPECT_EQ(r->src, own);
    EXPECT_EQ(r->flags, XGW_AOE_FLAG_RESPONSE | XGW_AOE_FLAG_ERROR);
    EXPECT_EQ(r->error, 2);
}

TEST(AoeWire, VlanTaggedFrame) {
    std::vector<std::uint8_t> f(64);
    Header h;
    h.address = {1, 2};
    write_header(f, h);
    // Insert a tag: move the EtherType and AoE header 4 bytes on.
    f.insert(f.begin() + 12, {0x81, 0x00, 0x00, 0x0a});
    FrameLayout at;
    auto r = read_header(f, &at);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(at.aoe_off, 18u);
    EXPECT_EQ(r->address, (Address{1, 2}));
}

TEST(AoeWire, TruncatedOrForeignFrames) {
    std::vector<std::uint8_t> f(24);
    write_header(f, Header{});
    f.pop_back(); // ends inside the AoE header
    EXPECT_FALSE(read_header(f, nullptr).has_value());
    std::vector<std::uint8_t> ip(64);
    ip[12] = 0x08;
    EXPECT_FALSE(read_header(ip, nullptr).has_value());
}

TEST(AoeWire, AtaArgsLittleEndianLba) {
    std::uint8_t p[12];
    write_ata(p, AtaArgs{XGW_AOE_ATA_EXTEND | XGW_AOE_ATA_WRITE, 0, 17, 0x34, 0x0000123456789abcull});
    EXPECT_EQ(p[4], 0xbc);
    EXPECT_EQ(p[9], 0x12);
    AtaArgs a = read_ata(p);
    EXPECT_EQ(a.lba, 0x123456789abcull);
    EXPECT_EQ(a.sector_count, 17);
    EXPECT_EQ(a.cmd_status, 0x34);
}

TEST(AoeWire, ConfigArgs) {
    std::uint8_t p[64];
    ConfigArgs c{16, kFirmware, 2, 1, ConfigCmd::Set, "boot"};
    EXPECT_EQ(write_config(p, c), 12u);
    auto r = read_config(p, 12);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->buffer_count, 16);
    EXPECT_EQ(r->command, ConfigCmd::Set);
    EXPECT_EQ(r->config, "boot");
    EXPECT_FALSE(read_config(p, 11).has_value()); // the string runs past the frame
}

TEST(AoeWire, IdentifyRoundTrip) {
    Identity id{0x123456789ull, true, "xgw AoE target", "1.2:host", "X1"};
    auto d = build_identify(id);
    EXPECT_EQ(d[27 * 2], 'g'); // "xg": the first character sits in the word's high byte
    EXPECT_EQ(d[27 * 2 + 1], 'x');
    auto back = parse_identify(d);
    EXPECT_EQ(back.sectors, id.sectors);
    EXPECT_EQ(back.model, id.model);
    EXPECT_EQ(back.serial, id.serial);
    EXPECT_EQ(back.firmware, id.firmware);
    // LBA28 words saturate at 0x0fffffff.
    EXPECT_EQ(d[60 * 2], 0xff);
    EXPECT_EQ(d[61 * 2 + 1], 0x0f);
}
