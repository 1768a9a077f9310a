#include <xgw/aoe/AoeTarget.h>

#include "FrameTransport.h"
#include "PacketTransport.h"

#include <xgw/aoe/SocketFilter.h>

#include <poll.h>
#include <unistd.h>

#include <chrono>

namespace xgw::aoe {
namespace {

constexpr int kPollMs = 200;
constexpr int kRounds = 16; // batches per wake-up before the other transport gets its turn

std::string serial_for(Address address) {
    char host[32] = {};
    ::gethostname(host, sizeof(host) - 1);
    return address.str() + ":" + host;
}

} // namespace

AoeTarget::AoeTarget(AoeTarget&&) noexcept = default;
AoeTarget::~AoeTarget() { unregister(); }

Result<AoeTarget> AoeTarget::open(const ExportOptions& options, const PinPaths& paths) {
    if (options.address.shelf == XGW_AOE_SHELF_ANY || options.address.slot == XGW_AOE_SLOT_ANY)
        return make_error(Errc::Usage, "shelf 65535 and slot 255 are the broadcast address");
    auto store = BlockStore::open(options.path, options.store);
    if (!store)
        return store.error();
    auto socket = PacketSocket::open(options.ifname);
    if (!socket)
        return socket.error();
    if (auto ok = socket->attach_filter(request_filter(options.address)); !ok)
        return ok.error();
    AoeTarget t;
    t.options_ = options;
    t.ifindex_ = socket->ifindex();
    t.store_ = std::make_unique<BlockStore>(std::move(*store));
    t.responder_ = std::make_unique<Responder>(options.address, socket->mac(), *t.store_,
                                               options.buffer_count, options.masks,
                                               serial_for(options.address));
    t.socket_ = std::make_shared<const PacketSocket>(std::move(*socket));
    t.transports_.push_back(std::make_unique<PacketTransport>(t.socket_));
    t.register_self(paths);
    if (options.transport == TransportChoice::Packet) {
        t.fallback_reason_ = "--transport packet";
    } else if (auto ok = t.open_xsk(); !ok) {
        if (options.transport == TransportChoice::Xsk) {
            Error e = ok.error();
            e.kind = Errc::Unsupported;
            return e.prefix("AF_XDP unavailable");
        }
        t.fallback_reason_ = ok.error().message;
    }
    if (auto ok = t.join_state(); !ok)
        return ok.error();
    return t;
}

Result<void> AoeTarget::serve_ready() {
    FrameHandler handler = [this](std::span<std::uint8_t> frame, std::size_t len) {
        return responder_->handle(frame, len, mtu_);
    };
    BatchEnd end = [this](const AnswerSink& send) { responder_->settle(send); };
    for (auto& t : transports_)
        for (int round = 0; round < kRounds; round++) {
            auto n = t->serve(handler, end);
            store_->forget_page();
            if (!n && n.error().sys_errno != EMSGSIZE)
                return n.error();
            if (!n) {
                // The MTU went down under answers sized for the old one; their initiators ask
                // again and get answers that fit.
                if (auto m = socket_->mtu())
                    mtu_ = *m;
                continue;
            }
            if (*n == 0)
                break;
        }
    return {};
}

Result<void> AoeTarget::run(const std::atomic<bool>& stop) {
    auto mtu = socket_->mtu();
    if (!mtu)
        return mtu.error();
    mtu_ = *mtu;
    auto mtu_checked = std::chrono::steady_clock::now();
    std::vector<pollfd> fds;
    for (auto& t : transports_)
        fds.push_back({t->fd(), POLLIN, 0});
    while (!stop.load(std::memory_order_relaxed)) {
        if (::poll(fds.data(), fds.size(), kPollMs) < 0 && errno != EINTR)
            return Error::from_errno(errno, "poll");
        if (std::chrono::steady_clock::now() - mtu_checked > std::chrono::seconds(1)) {
            if (auto m = socket_->mtu())
                mtu_ = *m;
            follow_state();
            publish_counters(); // once a second: `xgw aoe show` lags by at most that
            mtu_checked = std::chrono::steady_clock::now();
        }
        if (auto ok = serve_ready(); !ok)
            return ok;
        if (responder_->take_masks_changed())
            if (auto ok = steer(); !ok)
                return ok;
    }
    // Steering lets go first: new frames pass to the AF_PACKET socket, and the frames already in
    // the AF_XDP ring are still answered before the socket closes.
    unsteer();
    auto drained = serve_ready();
    unregister();
    return drained;
}

} // namespace xgw::aoe