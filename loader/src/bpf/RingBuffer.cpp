#include <xgw/bpf/RingBuffer.h>

#include <bpf/libbpf.h>

namespace xgw {

void RingBuffer::Deleter::operator()(ring_buffer* rb) const { ring_buffer__free(rb); }

RingBuffer::RingBuffer(RingBuffer&&) noexcept = default;
RingBuffer& RingBuffer::operator=(RingBuffer&&) noexcept = default;
RingBuffer::~RingBuffer() = default;

namespace {

int on_event(void* ctx, void* data, size_t size) {
    (*static_cast<RingBuffer::Handler*>(ctx))(
        std::span<const std::uint8_t>(static_cast<const std::uint8_t*>(data), size));
    return 0;
}

} // namespace

Result<RingBuffer> RingBuffer::open(int map_fd, Handler handler) {
    auto h = std::make_unique<Handler>(std::move(handler));
    ring_buffer* rb = ring_buffer__new(map_fd, on_event, h.get(), nullptr);
    if (!rb)
        return Error::from_errno(errno, "open ring buffer");
    return RingBuffer(std::unique_ptr<ring_buffer, Deleter>(rb), std::move(h));
}

Result<int> RingBuffer::drain() {
    int n = ring_buffer__consume(rb_.get());
    if (n < 0)
        return Error::from_errno(n, "read ring buffer");
    return n;
}

Result<int> RingBuffer::poll(std::chrono::milliseconds timeout) {
    int n = ring_buffer__poll(rb_.get(), static_cast<int>(timeout.count()));
    if (n < 0 && n != -EINTR)
        return Error::from_errno(n, "wait on ring buffer");
    return n < 0 ? 0 : n;
}

int RingBuffer::epoll_fd() const { return ring_buffer__epoll_fd(rb_.get()); }

} // namespace xgw
