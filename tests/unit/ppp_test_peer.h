// A fake clock and a wire for PPP control-protocol tests: packets a layer sends are queued for
// the test (a scripted peer) or delivered to another layer (a real peer).
#pragma once

#include <xgw/ppp/ConfigOption.h>
#include <xgw/ppp/ControlPacket.h>
#include <xgw/ppp/OptionFsm.h>

#include <deque>

namespace xgw::ppp::test {

struct FakeClock {
    TimePoint t{};
    OptionFsm::Now fn() {
        return [this] { return t; };
    }
};

struct Sent {
    std::uint16_t protocol;
    std::vector<std::uint8_t> packet;
    std::uint8_t code() const { return packet[0]; }
    std::uint8_t id() const { return packet[1]; }
    std::vector<std::uint8_t> data() const { return {packet.begin() + 4, packet.end()}; }
    ConfigOptions options() const { return parse_options(data()).value(); }
};

struct Wire {
    std::deque<Sent> out;
    OptionFsm::Sender sender() {
        return [this](std::uint16_t p, std::span<const std::uint8_t> b) {
            out.push_back({p, {b.begin(), b.end()}});
        };
    }
    Sent pop() {
        Sent s = out.front();
        out.pop_front();
        return s;
    }
};

inline std::vector<std::uint8_t> packet(std::uint8_t code, std::uint8_t id,
                                        const std::vector<std::uint8_t>& data) {
    return make_control_packet(code, id, data);
}

inline std::vector<std::uint8_t> packet(std::uint8_t code, std::uint8_t id,
                                        const ConfigOptions& options) {
    std::vector<std::uint8_t> data;
    append_options(options, data);
    return packet(code, id, data);
}

inline const ConfigOption* find(const ConfigOptions& o, std::uint8_t type) {
    for (const auto& x : o)
        if (x.type == type)
            return &x;
    return nullptr;
}

} // namespace xgw::ppp::test
