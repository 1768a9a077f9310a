// How a target makes itself known: a steering entry (its allow-list enforced in XDP, its frames
// counted there) and a registry record with what it served, both in the namespace's pinned maps.
#include <xgw/aoe/AoeTarget.h>

#include <unistd.h>

#include <chrono>
#include <cstring>

namespace xgw::aoe {

void AoeTarget::register_self(const PinPaths& paths) {
    auto steering = AoeSteering::open(paths);
    if (!steering)
        return; // no pinned state: xgw is not attached here, nothing steers or lists targets
    record_.pid = static_cast<__u32>(::getpid());
    record_.flags = (options_.store.readonly ? XGW_AOE_EXPORT_READONLY : 0) |
                    (options_.store.direct ? XGW_AOE_EXPORT_DIRECT : 0) |
                    (options_.store.sync ? XGW_AOE_EXPORT_SYNC : 0);
    record_.buffer_count = options_.buffer_count;
    record_.sectors = store_->sectors();
    record_.offset = options_.store.offset;
    record_.started_ns = static_cast<__u64>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count());
    std::strncpy(record_.path, options_.path.c_str(), sizeof(record_.path) - 1);
    steering_ = std::make_unique<AoeSteering>(std::move(*steering));
}

Result<void> AoeTarget::steer() {
    if (!steering_)
        return {};
    SteeringEntry e{static_cast<std::uint32_t>(ifindex_), options_.address, XGW_AOE_ACT_PASS, 0, 0,
                    responder_->masks()};
    if (transport_ != Transport::Xsk)
        return steering_->upsert(e);
    e.action = XGW_AOE_ACT_XSK;
    e.arg = xsk_slot_;
    e.queue = options_.queue;
    auto slot = steering_->steer_to_xsk(e, xsk_fd_);
    if (!slot)
        return slot.error();
    xsk_slot_ = *slot;
    return {};
}

void AoeTarget::publish_counters() const {
    if (!steering_)
        return;
    xgw_aoe_export r = record_;
    const auto& c = responder_->counters();
    r.requests = c.requests;
    r.responses = c.responses;
    r.errors = c.errors;
    r.sectors_read = c.sectors_read;
    r.sectors_written = c.sectors_written;
    (void)steering_->register_export({static_cast<std::uint32_t>(ifindex_), options_.address, r});
}

void AoeTarget::unsteer() {
    if (steering_)
        (void)steering_->remove(static_cast<std::uint32_t>(ifindex_), options_.address);
}

void AoeTarget::unregister() {
    if (!steering_)
        return;
    unsteer();
    if (transport_ == Transport::Xsk)
        (void)steering_->clear_xsk(xsk_slot_);
    (void)steering_->unregister_export(static_cast<std::uint32_t>(ifindex_), options_.address);
    steering_.reset();
}

} // namespace xgw::aoe
