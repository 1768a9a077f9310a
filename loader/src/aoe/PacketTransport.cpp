#include "PacketTransport.h"

namespace xgw::aoe {
namespace {

constexpr std::size_t kBatch = 32;
constexpr std::size_t kFrame = 16384; // room for a jumbo frame's response

} // namespace

PacketTransport::PacketTransport(std::shared_ptr<const PacketSocket> socket)
    : socket_(std::move(socket)), bufs_(kBatch, std::vector<std::uint8_t>(kFrame)) {
    for (auto& b : bufs_)
        spans_.emplace_back(b);
}

Result<std::size_t> PacketTransport::serve(const FrameHandler& handler, const BatchEnd& end) {
    std::size_t lens[kBatch];
    auto n = socket_->receive_queued(spans_, lens);
    if (!n)
        return n.error();
    std::vector<std::span<const std::uint8_t>> out;
    out.reserve(*n);
    for (std::size_t i = 0; i < *n; i++)
        if (std::size_t len = handler(spans_[i], lens[i]))
            out.emplace_back(spans_[i].data(), len);
    std::vector<std::vector<std::uint8_t>> held;
    end([&held](std::span<const std::uint8_t> a) { held.emplace_back(a.begin(), a.end()); });
    for (const auto& h : held)
        out.emplace_back(h);
    if (!out.empty())
        if (auto ok = socket_->send_all(out); !ok)
            return ok.error();
    return *n;
}

} // namespace xgw::aoe
