// How a target makes itself known: a steering entry (its allow-list enforced in XDP, its frames
// counted there) and a registry record with what it served, both in the namespace's pinned maps.
#include <xgw/aoe/AoeTarget.h>

#include <unistd.h>

#include <chrono>
#include <cstring>

namespace xgw::aoe {

void AoeTarget::register_self(const PinPaths& paths) {
    paths_ = paths;
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
    auto steering = AoeSteering::open(paths);
    if (!steering)
        return; // no pinned state: xgw is not attached here, nothing steers or lists targets
    steering_ = std::make_unique<AoeSteering>(std::move(*steering));
}

Result<void> AoeTarget::join_state() {
    if (!steering_)
        return {};
    record_.transport =
        transport_ == Transport::Xsk ? XGW_AOE_TRANSPORT_XSK : XGW_AOE_TRANSPORT_PACKET;
    if (auto ok = steering_->register_export(
            {static_cast<std::uint32_t>(ifindex_), options_.address, record_});
        !ok) {
        // Refused (another target serves the address): what is registered is the running
        // target's, and this one must not unsteer or unregister it.
        steering_.reset();
        return ok.error();
    }
    if (auto ok = steer(); !ok) {
        unregister();
        return ok.error();
    }
    return {};
}

void AoeTarget::follow_state() {
    if (steering_ && steering_->is_pinned_at(paths_))
        return;
    // The state it was registered in went with a detach; a later attach made a new one, where
    // the target registers and steers again (a refusal leaves it serving through AF_PACKET).
    steering_.reset();
    auto fresh = AoeSteering::open(paths_);
    if (!fresh)
        return;
    steering_ = std::make_unique<AoeSteering>(std::move(*fresh));
    (void)join_state();
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
    record_.xsk_slot = xsk_slot_;
    record_.queue = options_.queue;
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
