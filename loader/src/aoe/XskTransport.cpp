#include "XskTransport.h"

#include <xgw/abi/aoe.h>

#include <linux/if_xdp.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <xdp/xsk.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace xgw::aoe {
namespace {

constexpr std::uint32_t kFrames = 2048;
constexpr std::uint32_t kRing = 1024;
constexpr std::uint32_t kBatch = 64;
constexpr int kKickTries = 256; // a copy-mode send moves at most 32 frames per call
constexpr std::size_t kScratch = 16384;
static_assert(XGW_AOE_XSK_FRAME == XSK_UMEM__DEFAULT_FRAME_SIZE);
constexpr std::size_t kArea = std::size_t{kFrames} * XGW_AOE_XSK_FRAME;

// What to add to the kernel's word for err (Error::from_errno appends that).
std::string why(int err, std::string what) {
    if (err == EBUSY)
        what += " (one AF_XDP socket per queue, and another target has this one)";
    else if (err == EOPNOTSUPP || err == EINVAL)
        what += " (the driver cannot bind AF_XDP in this mode)";
    return what;
}

} // namespace

struct XskTransport::Rings {
    xsk_ring_prod fill{};
    xsk_ring_cons comp{};
    xsk_ring_cons rx{};
    xsk_ring_prod tx{};
};

XskTransport::XskTransport() : rings_(std::make_unique<Rings>()), scratch_(kScratch) {}

XskTransport::~XskTransport() {
    if (xsk_)
        xsk_socket__delete(xsk_);
    if (umem_)
        (void)xsk_umem__delete(umem_);
    if (area_)
        ::munmap(area_, kArea);
}

int XskTransport::fd() const {
    return xsk_socket__fd(xsk_);
}

Result<std::unique_ptr<XskTransport>> XskTransport::open(const std::string& ifname, unsigned queue,
                                                         XdpMode mode,
                                                         std::shared_ptr<const PacketSocket> wide) {
    std::unique_ptr<XskTransport> t(new XskTransport());
    t->wide_ = std::move(wide);
    if (auto ok = t->create(ifname, queue, mode); !ok)
        return ok.error();
    return t;
}

Result<void> XskTransport::create(const std::string& ifname, unsigned queue, XdpMode mode) {
    area_ = ::mmap(nullptr, kArea, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area_ == MAP_FAILED) {
        area_ = nullptr;
        return Error::from_errno(errno, "map the AF_XDP frame area");
    }
    xsk_umem_config ucfg{kRing, kRing, XGW_AOE_XSK_FRAME, 0, 0};
    if (int err = xsk_umem__create(&umem_, area_, kArea, &rings_->fill, &rings_->comp, &ucfg); err)
        return Error::from_errno(-err, why(-err, "register the AF_XDP frame area"));
    xsk_socket_config scfg{};
    scfg.rx_size = kRing;
    scfg.tx_size = kRing;
    scfg.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD; // xgw's own program redirects to it
    // Generic XDP hands over socket buffers: only copy mode can take them.
    scfg.bind_flags = XDP_USE_NEED_WAKEUP | (mode == XdpMode::Generic ? XDP_COPY : 0);
    if (int err = xsk_socket__create(&xsk_, ifname.c_str(), queue, umem_, &rings_->rx, &rings_->tx,
                                     &scfg);
        err)
        return Error::from_errno(-err, why(-err, "bind an AF_XDP socket to " + ifname + " queue " +
                                                     std::to_string(queue)));
    xdp_options opts{};
    socklen_t optlen = sizeof(opts);
    if (::getsockopt(fd(), SOL_XDP, XDP_OPTIONS, &opts, &optlen) == 0)
        zerocopy_ = opts.flags & XDP_OPTIONS_ZEROCOPY;
    for (std::uint32_t i = 0; i < kFrames; i++)
        free_.push_back(std::uint64_t{i} * XGW_AOE_XSK_FRAME);
    refill();
    return {};
}

void XskTransport::refill() {
    std::uint32_t n = std::min<std::uint32_t>(static_cast<std::uint32_t>(free_.size()),
                                              xsk_prod_nb_free(&rings_->fill, kRing));
    std::uint32_t at = 0;
    if (n == 0 || xsk_ring_prod__reserve(&rings_->fill, n, &at) != n)
        return;
    for (std::uint32_t i = 0; i < n; i++) {
        *xsk_ring_prod__fill_addr(&rings_->fill, at + i) = free_.back();
        free_.pop_back();
    }
    xsk_ring_prod__submit(&rings_->fill, n);
}

void XskTransport::reap_completions() {
    std::uint32_t at = 0;
    std::uint32_t n = xsk_ring_cons__peek(&rings_->comp, kRing, &at);
    for (std::uint32_t i = 0; i < n; i++)
        free_.push_back(*xsk_ring_cons__comp_addr(&rings_->comp, at + i));
    if (n)
        xsk_ring_cons__release(&rings_->comp, n);
}

Result<void> XskTransport::kick_tx() {
    if (zerocopy_ && !xsk_ring_prod__needs_wakeup(&rings_->tx))
        return {};
    for (int i = 0; i < kKickTries && xsk_prod_nb_free(&rings_->tx, kRing) < kRing; i++) {
        if (::sendto(fd(), nullptr, 0, MSG_DONTWAIT, nullptr, 0) >= 0)
            continue;
        if (errno != EAGAIN && errno != EBUSY && errno != ENOBUFS && errno != EINTR)
            return Error::from_errno(errno, "send on the AF_XDP socket");
        reap_completions();
    }
    return {};
}

bool XskTransport::place(std::uint64_t base, std::span<const std::uint8_t> answer) {
    std::uint32_t at = 0;
    if (answer.size() > XGW_AOE_XSK_FRAME || xsk_ring_prod__reserve(&rings_->tx, 1, &at) != 1)
        return false;
    std::memcpy(xsk_umem__get_data(area_, base), answer.data(), answer.size());
    auto* d = xsk_ring_prod__tx_desc(&rings_->tx, at);
    d->addr = base;
    d->len = static_cast<std::uint32_t>(answer.size());
    d->options = 0;
    return true;
}

Result<bool> XskTransport::answer(const FrameHandler& handler, std::uint64_t addr,
                                  std::uint32_t len) {
    const std::uint64_t base = addr & ~std::uint64_t{XGW_AOE_XSK_FRAME - 1};
    std::memcpy(scratch_.data(), static_cast<std::uint8_t*>(xsk_umem__get_data(area_, addr)), len);
    std::size_t out = handler(scratch_, len);
    if (out > 0 && place(base, {scratch_.data(), out}))
        return true;
    free_.push_back(base);
    if (out == 0)
        return false;
    if (auto ok = wide_->send({scratch_.data(), out}); !ok)
        return ok.error();
    return false;
}

Result<bool> XskTransport::answer_held(std::span<const std::uint8_t> answer) {
    if (free_.empty())
        reap_completions();
    if (!free_.empty() && place(free_.back(), answer)) {
        free_.pop_back();
        return true;
    }
    if (auto ok = wide_->send(answer); !ok)
        return ok.error();
    return false;
}

Result<std::size_t> XskTransport::serve(const FrameHandler& handler, const BatchEnd& end) {
    reap_completions();
    refill();
    std::uint32_t rx_at = 0;
    std::uint32_t n = xsk_ring_cons__peek(&rings_->rx, kBatch, &rx_at);
    if (n == 0) {
        if (xsk_ring_prod__needs_wakeup(&rings_->fill))
            (void)::recvfrom(fd(), nullptr, 0, MSG_DONTWAIT, nullptr, nullptr);
        return 0;
    }
    std::uint32_t queued = 0;
    Result<void> outcome;
    // A failed send does not stop the batch: the rest is still answered and its frames recycled.
    auto count = [&](Result<bool> sent) {
        if (!sent && outcome)
            outcome = sent.error();
        else if (sent && *sent)
            queued++;
    };
    for (std::uint32_t i = 0; i < n; i++) {
        const xdp_desc* d = xsk_ring_cons__rx_desc(&rings_->rx, rx_at + i);
        count(answer(handler, d->addr, d->len));
    }
    xsk_ring_cons__release(&rings_->rx, n);
    end([&](std::span<const std::uint8_t> a) { count(answer_held(a)); });
    if (queued) {
        xsk_ring_prod__submit(&rings_->tx, queued);
        if (auto ok = kick_tx(); !ok)
            return ok.error();
    }
    if (!outcome)
        return outcome.error();
    return n;
}

} // namespace xgw::aoe
