// A control protocol as the link sees it: an OptionFsm, its protocol's options, and the hooks
// that tell the link when the layer comes up, goes down or finishes. LCP, IPCP and IPV6CP.
#pragma once

#include <xgw/ppp/OptionFsm.h>

#include <string>

namespace xgw::ppp {

class Layer : public FsmProtocol {
  public:
    OptionFsm& fsm() { return fsm_; }
    const OptionFsm& fsm() const { return fsm_; }

    void up() override { call(hooks_.up); }
    void down() override { call(hooks_.down); }
    void finished() override { call(hooks_.finished); }

  protected:
    Layer(std::string name, std::uint16_t protocol, LayerHooks hooks, OptionFsm::Sender send,
          OptionFsm::Now now, FsmLimits limits)
        : hooks_(std::move(hooks)), fsm_(std::move(name), protocol, *this, std::move(send),
                                         std::move(now), limits) {}

  private:
    static void call(const std::function<void()>& f) {
        if (f)
            f();
    }
    LayerHooks hooks_;
    OptionFsm fsm_;
};

} // namespace xgw::ppp
