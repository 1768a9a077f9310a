// A move-only consumer of a BPF ring buffer map.
#pragma once

#include <xgw/Result.h>

#include <chrono>
#include <functional>
#include <memory>
#include <span>

struct ring_buffer;

namespace xgw {

class RingBuffer {
  public:
    using Handler = std::function<void(std::span<const std::uint8_t>)>;

    static Result<RingBuffer> open(int map_fd, Handler handler);
    RingBuffer(RingBuffer&&) noexcept;
    RingBuffer& operator=(RingBuffer&&) noexcept;
    ~RingBuffer();

    // Hands every event waiting now to the handler; returns how many.
    Result<int> drain();
    // Waits up to timeout for events, then hands them over; returns how many.
    Result<int> poll(std::chrono::milliseconds timeout);
    // Readable when events wait: for a caller's own event loop, which then calls drain().
    int epoll_fd() const;

  private:
    struct Deleter {
        void operator()(ring_buffer* rb) const;
    };
    RingBuffer(std::unique_ptr<ring_buffer, Deleter> rb, std::unique_ptr<Handler> handler)
        : rb_(std::move(rb)), handler_(std::move(handler)) {}
    std::unique_ptr<ring_buffer, Deleter> rb_;
    std::unique_ptr<Handler> handler_; // stable address: libbpf keeps a pointer to it
};

} // namespace xgw
