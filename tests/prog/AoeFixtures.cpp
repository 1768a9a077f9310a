#include "AoeFixtures.h"

#include <linux/bpf.h>

namespace xgw::test {
namespace {

using aoe::Address;
using aoe::MacAddress;

const MacAddress kClient{{0x02, 0, 0, 0, 0x01, 0x02}};
const MacAddress kOther{{0x02, 0, 0, 0, 0x99, 0x99}};
const MacAddress kStranger{{0x02, 0, 0, 0, 0x77, 0x77}};

struct FrameSpec {
    MacAddress src = kClient;
    Address to{1, 1};
    std::uint8_t command = XGW_AOE_CMD_CONFIG;
    std::uint8_t ver_flags = 0x10;
    std::vector<std::uint8_t> args = std::vector<std::uint8_t>(8, 0); // a Query Config read
    std::uint16_t vlan = 0;
};

std::vector<std::uint8_t> frame(const FrameSpec& s) {
    std::vector<std::uint8_t> f(6, 0xff);
    f.insert(f.end(), s.src.bytes.begin(), s.src.bytes.end());
    if (s.vlan)
        f.insert(f.end(), {0x81, 0x00, static_cast<std::uint8_t>(s.vlan >> 8),
                           static_cast<std::uint8_t>(s.vlan)});
    f.insert(f.end(), {0x88, 0xa2, s.ver_flags, 0, static_cast<std::uint8_t>(s.to.shelf >> 8),
                       static_cast<std::uint8_t>(s.to.shelf), s.to.slot, s.command, 1, 2, 3, 4});
    f.insert(f.end(), s.args.begin(), s.args.end());
    return f;
}

// ATA arguments: aflags, sector count and command, then `data` bytes of sector data.
std::vector<std::uint8_t> ata(std::uint8_t aflags, std::uint8_t count, std::uint8_t cmd,
                              std::size_t data) {
    std::vector<std::uint8_t> a{aflags, 0, count, cmd, 0, 0, 0, 0, 0, 0, 0, 0};
    a.resize(a.size() + data, 0x5a);
    return a;
}

AoeCounterChange c(Address a, xgw_aoe_counter counter, std::uint64_t delta = 1) {
    return {a, counter, delta};
}

// A request that reached a target's table entry: frames, bytes and its command are counted.
std::vector<AoeCounterChange> seen(Address a, std::size_t len, xgw_aoe_counter cmd,
                                   std::vector<AoeCounterChange> more = {}) {
    std::vector<AoeCounterChange> out{c(a, XGW_AOE_C_FRAMES), c(a, XGW_AOE_C_BYTES, len), c(a, cmd)};
    out.insert(out.end(), more.begin(), more.end());
    return out;
}

AoeFixture fx(std::string name, const FrameSpec& s, int action, xgw_reason reason,
              std::vector<AoeCounterChange> changes) {
    return {std::move(name), frame(s), action, reason, std::move(changes)};
}

} // namespace

std::vector<aoe::SteeringEntry> aoe_fixture_table() {
    return {
        {1, {1, 1}, XGW_AOE_ACT_PASS, 0, 0, {}},
        {1, {1, 2}, XGW_AOE_ACT_PASS, 0, 0, {kClient}},
        {1, {1, 3}, XGW_AOE_ACT_REDIRECT, 1, 0, {}},
        {1, {1, 4}, XGW_AOE_ACT_DROP, 0, 0, {}},
        {1, {1, 5}, XGW_AOE_ACT_CPU, 0, 0, {}},
        {1, {1, 6}, XGW_AOE_ACT_XSK, 5, 0, {}}, // no socket in slot 5: the stack gets it
        {1, {1, 7}, XGW_AOE_ACT_XSK, 6, 3, {}}, // bound to queue 3; test runs arrive on queue 0
        {1, {2, 1}, XGW_AOE_ACT_PASS, 0, 0, {kClient}},
        {1, {3, 1}, XGW_AOE_ACT_REDIRECT, 1, 0, {kClient}},
        {1, {3, 2}, XGW_AOE_ACT_REDIRECT, 1, 0, {kOther}},
    };
}

std::vector<AoeFixture> aoe_steering_fixtures() {
    const std::size_t q = 14 + 10 + 8; // a Query Config frame's length
    const std::size_t r = 14 + 10 + 12;
    return {
        fx("pass-target", {}, XDP_PASS, XGW_REASON_NONE,
           seen({1, 1}, q, XGW_AOE_C_CONFIG, {c({1, 1}, XGW_AOE_C_PASSED)})),
        fx("allowed-initiator", {.to = {1, 2}}, XDP_PASS, XGW_REASON_NONE,
           seen({1, 2}, q, XGW_AOE_C_CONFIG, {c({1, 2}, XGW_AOE_C_PASSED)})),
        fx("foreign-initiator-denied", {.src = kOther, .to = {1, 2}}, XDP_DROP, XGW_REASON_NONE,
           seen({1, 2}, q, XGW_AOE_C_CONFIG, {c({1, 2}, XGW_AOE_C_DENIED)})),
        fx("redirect-to-interface", {.to = {1, 3}, .command = XGW_AOE_CMD_ATA, .args = ata(0, 1, 0x24, 0)},
           XDP_REDIRECT, XGW_REASON_NONE, seen({1, 3}, r, XGW_AOE_C_ATA, {c({1, 3}, XGW_AOE_C_STEERED)})),
        fx("drop-target", {.to = {1, 4}}, XDP_DROP, XGW_REASON_NONE,
           seen({1, 4}, q, XGW_AOE_C_CONFIG, {c({1, 4}, XGW_AOE_C_DROPPED)})),
        fx("to-cpu", {.to = {1, 5}}, XDP_REDIRECT, XGW_REASON_NONE,
           seen({1, 5}, q, XGW_AOE_C_CONFIG, {c({1, 5}, XGW_AOE_C_STEERED)})),
        fx("xsk-without-socket-passes", {.to = {1, 6}}, XDP_PASS, XGW_REASON_NONE,
           seen({1, 6}, q, XGW_AOE_C_CONFIG, {c({1, 6}, XGW_AOE_C_PASSED)})),
        fx("xsk-other-queue-passes", {.to = {1, 7}}, XDP_PASS, XGW_REASON_NONE,
           seen({1, 7}, q, XGW_AOE_C_CONFIG, {c({1, 7}, XGW_AOE_C_PASSED)})),
        fx("unknown-target-passes-uncounted", {.to = {9, 9}}, XDP_PASS, XGW_REASON_NONE, {}),
        fx("response-passes-untouched", {.to = {1, 4}, .ver_flags = 0x18}, XDP_PASS, XGW_REASON_NONE, {}),
        // An AoE switch: the response to a redirected request goes back by the same entry.
        fx("response-redirected-back", {.to = {1, 3}, .ver_flags = 0x18}, XDP_REDIRECT,
           XGW_REASON_NONE, {c({1, 3}, XGW_AOE_C_RESPONSES)}),
        fx("vlan-tagged-request-steered", {.to = {1, 4}, .vlan = 10}, XDP_DROP, XGW_REASON_NONE,
           seen({1, 4}, q + 4, XGW_AOE_C_CONFIG, {c({1, 4}, XGW_AOE_C_DROPPED)})),
        fx("mask-and-reserve-counted", {.to = {1, 1}, .command = XGW_AOE_CMD_RESERVE, .args = {0, 0}},
           XDP_PASS, XGW_REASON_NONE,
           seen({1, 1}, 14 + 10 + 2, XGW_AOE_C_RESERVE, {c({1, 1}, XGW_AOE_C_PASSED)})),
        // Wildcards go to the stack, where every target on the interface sees them (xgw's
        // check their allow-lists there); each named xgw target counts them, denials included.
        fx("shelf-wildcard-one-admits", {.to = {2, 0xff}}, XDP_PASS, XGW_REASON_NONE,
           seen({2, 1}, q, XGW_AOE_C_CONFIG, {c({2, 1}, XGW_AOE_C_BROADCAST)})),
        fx("shelf-wildcard-none-admits-still-passes", {.src = kOther, .to = {2, 0xff}}, XDP_PASS,
           XGW_REASON_NONE,
           seen({2, 1}, q, XGW_AOE_C_CONFIG, {c({2, 1}, XGW_AOE_C_BROADCAST), c({2, 1}, XGW_AOE_C_DENIED)})),
        fx("shelf-wildcard-with-an-admitting-xsk-target-passes", {.src = kOther, .to = {3, 0xff}},
           XDP_PASS, XGW_REASON_NONE,
           {c({3, 1}, XGW_AOE_C_FRAMES), c({3, 1}, XGW_AOE_C_BYTES, q), c({3, 1}, XGW_AOE_C_CONFIG),
            c({3, 1}, XGW_AOE_C_BROADCAST), c({3, 1}, XGW_AOE_C_DENIED),
            c({3, 2}, XGW_AOE_C_FRAMES), c({3, 2}, XGW_AOE_C_BYTES, q), c({3, 2}, XGW_AOE_C_CONFIG),
            c({3, 2}, XGW_AOE_C_BROADCAST)}),
        fx("stranger-wildcard-counted-denied-by-both", {.src = kStranger, .to = {3, 0xff}}, XDP_PASS,
           XGW_REASON_NONE,
           {c({3, 1}, XGW_AOE_C_FRAMES), c({3, 1}, XGW_AOE_C_BYTES, q), c({3, 1}, XGW_AOE_C_CONFIG),
            c({3, 1}, XGW_AOE_C_BROADCAST), c({3, 1}, XGW_AOE_C_DENIED),
            c({3, 2}, XGW_AOE_C_FRAMES), c({3, 2}, XGW_AOE_C_BYTES, q), c({3, 2}, XGW_AOE_C_CONFIG),
            c({3, 2}, XGW_AOE_C_BROADCAST), c({3, 2}, XGW_AOE_C_DENIED)}),
    };
}

// A malformed request for a known target is steered as a well-formed one (the target answers
// it with the AoE error), counted as a frame of the target and as an error.
std::vector<AoeFixture> aoe_malformed_fixtures() {
    auto bad = [](std::string name, const FrameSpec& s, int action, xgw_reason reason,
                  std::vector<AoeCounterChange> more = {}) {
        auto f = frame(s);
        std::vector<AoeCounterChange> ch{c(s.to, XGW_AOE_C_FRAMES), c(s.to, XGW_AOE_C_BYTES, f.size()),
                                         c(s.to, XGW_AOE_C_ERRORS)};
        if (action == XDP_PASS)
            ch.push_back(c(s.to, XGW_AOE_C_PASSED));
        if (s.command < XGW_AOE_CMD__MAX)
            ch.push_back(c(s.to, static_cast<xgw_aoe_counter>(XGW_AOE_C_ATA + s.command)));
        ch.insert(ch.end(), more.begin(), more.end());
        return AoeFixture{std::move(name), std::move(f), action, reason, std::move(ch)};
    };
    std::vector<std::uint8_t> short_hdr = frame({});
    short_hdr.resize(14 + 9);
    std::vector<std::uint8_t> short_tagged = frame({.vlan = 7});
    short_tagged.resize(18 + 5);
    const auto write_short = ata(XGW_AOE_ATA_WRITE, 2, 0x34, 512);
    return {
        {"aoe-header-truncated", short_hdr, XDP_DROP, XGW_REASON_AOE_TRUNC, {}, true},
        {"aoe-header-truncated-behind-vlan", short_tagged, XDP_DROP, XGW_REASON_AOE_TRUNC, {}, true},
        bad("aoe-version-2", {.ver_flags = 0x20}, XDP_PASS, XGW_REASON_AOE_BAD_VERSION),
        bad("aoe-command-7", {.command = 7}, XDP_PASS, XGW_REASON_AOE_BAD_COMMAND),
        bad("ata-args-truncated", {.command = XGW_AOE_CMD_ATA, .args = {0, 0, 1, 0x24, 0, 0}}, XDP_PASS,
            XGW_REASON_AOE_ARGS_TRUNC),
        bad("config-args-truncated", {.args = {0, 0, 0, 0}}, XDP_PASS, XGW_REASON_AOE_ARGS_TRUNC),
        bad("config-string-beyond-frame", {.args = {0, 0, 0, 0, 0, 0x13, 0, 9, 'a', 'b'}}, XDP_PASS,
            XGW_REASON_AOE_ARGS_TRUNC),
        bad("mask-directives-beyond-frame",
            {.command = XGW_AOE_CMD_MASK, .args = {0, 1, 0, 3, 0, 1, 2, 0, 0, 0, 1, 2}}, XDP_PASS,
            XGW_REASON_AOE_ARGS_TRUNC),
        bad("reserve-macs-beyond-frame", {.command = XGW_AOE_CMD_RESERVE, .args = {1, 2, 2, 0, 0, 0, 1, 2}},
            XDP_PASS, XGW_REASON_AOE_ARGS_TRUNC),
        bad("write-data-short", {.command = XGW_AOE_CMD_ATA, .args = write_short}, XDP_PASS,
            XGW_REASON_AOE_WRITE_SHORT),
        bad("write-data-short-redirected", {.to = {1, 3}, .command = XGW_AOE_CMD_ATA, .args = write_short},
            XDP_REDIRECT, XGW_REASON_AOE_WRITE_SHORT, {c({1, 3}, XGW_AOE_C_STEERED)}),
        bad("bad-version-to-drop-target", {.to = {1, 4}, .ver_flags = 0x20}, XDP_DROP,
            XGW_REASON_AOE_BAD_VERSION, {c({1, 4}, XGW_AOE_C_DROPPED)}),
        bad("bad-command-from-foreign-initiator", {.src = kOther, .to = {1, 2}, .command = 9}, XDP_DROP,
            XGW_REASON_AOE_BAD_COMMAND, {c({1, 2}, XGW_AOE_C_DENIED)}),
        fx("bad-version-wildcard-passes", {.to = {2, 0xff}, .ver_flags = 0x20}, XDP_PASS,
           XGW_REASON_AOE_BAD_VERSION,
           seen({2, 1}, 14 + 10 + 8, XGW_AOE_C_CONFIG,
                {c({2, 1}, XGW_AOE_C_BROADCAST), c({2, 1}, XGW_AOE_C_ERRORS)})),
        {"unknown-target-malformed-uncounted", frame({.to = {9, 9}, .command = 9}), XDP_DROP,
         XGW_REASON_AOE_BAD_COMMAND, {}, true},
        {"malformed-response-to-known-target", frame({.to = {1, 1}, .ver_flags = 0x28}), XDP_DROP,
         XGW_REASON_AOE_BAD_VERSION, {}, true},
    };
}

} // namespace xgw::test
