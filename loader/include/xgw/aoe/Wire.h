// The AoE wire format: addresses, the common header and the command arguments, read from and
// written to frames in place (a response is the request rewritten, as vblade does it).
#pragma once

#include <xgw/Result.h>
#include <xgw/aoe/MacAddress.h>

#include <xgw/abi/aoe.h>

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace xgw::aoe {

inline constexpr std::size_t kEthLen = 14;
inline constexpr std::size_t kVlanLen = 4;
inline constexpr std::size_t kSectorSize = 512;
// Sectors the 28-bit commands (READ/WRITE SECTORS) reach: an access must end at or below this.
inline constexpr std::uint64_t kMaxLba28 = 0x0fffffff;
inline constexpr std::size_t kMaxConfigLen = 1024;
inline constexpr std::uint16_t kFirmware = 0x4019; // reported in Query Config

// ATA commands that vblade implements.
enum class AtaCmd : std::uint8_t {
    ReadSectors = 0x20,
    ReadSectorsExt = 0x24,
    WriteSectors = 0x30,
    WriteSectorsExt = 0x34,
    CheckPower = 0xe5,
    FlushCache = 0xe7,
    FlushCacheExt = 0xea,
    Identify = 0xec,
};

enum class ConfigCmd : std::uint8_t { Read = 0, Test = 1, TestPrefix = 2, Set = 3, ForceSet = 4 };

// AoE error codes carried in the header's error field.
enum class AoeError : std::uint8_t {
    None = 0,
    BadCommand = 1,
    BadArgument = 2,
    DeviceUnavailable = 3,
    ConfigSet = 4,
    BadVersion = 5,
    Reserved = 6,
};

// A target's address: shelf (major) and slot (minor); 0xffff and 0xff are wildcards.
struct Address {
    std::uint16_t shelf = 0;
    std::uint8_t slot = 0;

    static Result<Address> parse(const std::string& text); // "SHELF.SLOT"
    static Address any() { return {XGW_AOE_SHELF_ANY, XGW_AOE_SLOT_ANY}; }
    std::string str() const;
    // True when a request for `requested` (wildcards allowed) is for this target.
    bool answers(Address requested) const;
    auto operator<=>(const Address&) const = default;
};

struct Header {
    MacAddress dst;
    MacAddress src;
    std::uint8_t flags = 0; // XGW_AOE_FLAG_*
    std::uint8_t version = XGW_AOE_VERSION;
    std::uint8_t error = 0;
    Address address;
    std::uint8_t command = 0;
    std::uint32_t tag = 0;

    bool is_response() const { return flags & XGW_AOE_FLAG_RESPONSE; }
};

// Where the parts of a frame lie: the AoE header follows Ethernet and up to two VLAN tags.
struct FrameLayout {
    std::size_t aoe_off = 0;  // the AoE header
    std::size_t args_off = 0; // the command arguments
};

// Parses an AoE frame's headers; nullopt when it is not AoE or ends inside the common header.
std::optional<Header> read_header(std::span<const std::uint8_t> frame, FrameLayout* layout);
// Writes an untagged Ethernet + AoE header at the start of frame (at least 24 bytes).
void write_header(std::span<std::uint8_t> frame, const Header& h);
// Rewrites a request's headers in place into the response's: addresses swapped, R flag set.
void make_response(std::span<std::uint8_t> frame, const FrameLayout& layout,
                   const MacAddress& own_mac, Address own_address);
void set_error(std::span<std::uint8_t> frame, const FrameLayout& layout, AoeError error);

struct AtaArgs {
    std::uint8_t aflags = 0;
    std::uint8_t err_feature = 0;
    std::uint8_t sector_count = 0;
    std::uint8_t cmd_status = 0;
    std::uint64_t lba = 0; // 48 bits
};

struct ConfigArgs {
    std::uint16_t buffer_count = 0;
    std::uint16_t firmware = 0;
    std::uint8_t sector_count = 0;
    std::uint8_t version = XGW_AOE_VERSION;
    ConfigCmd command = ConfigCmd::Read;
    std::string config;
};

AtaArgs read_ata(const std::uint8_t* p);
void write_ata(std::uint8_t* p, const AtaArgs& a);
// nullopt when the config string runs past len bytes.
std::optional<ConfigArgs> read_config(const std::uint8_t* p, std::size_t len);
// Returns the bytes written (header plus string).
std::size_t write_config(std::uint8_t* p, const ConfigArgs& c);

} // namespace xgw::aoe
