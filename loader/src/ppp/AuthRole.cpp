#include <xgw/ppp/Auth.h>
#include <xgw/ppp/ControlPacket.h>

namespace xgw::ppp {

void AuthRole::tick(TimePoint now) {
    if (deadline_ && now >= *deadline_) {
        deadline_.reset();
        timeout();
    }
}

void AuthRole::send(std::uint8_t code, std::uint8_t id, std::span<const std::uint8_t> data) {
    send_(protocol_, make_control_packet(code, id, data));
}

void AuthRole::finish(AuthOutcome outcome) {
    if (done_)
        return;
    done_ = true;
    deadline_.reset();
    on_done_(outcome);
}

} // namespace xgw::ppp
