// Keeps xgw's programs on the interfaces xgwd looks after: attached at start when present, and
// again whenever one appears (a redialled link, a hot-plugged or re-created device). The
// programs and maps of the others, and the pinned state, are never touched.
#pragma once

#include <xgw/bpf/PinPaths.h>
#include <xgw/daemon/DaemonCounters.h>
#include <xgw/daemon/Duties.h>
#include <xgw/daemon/Notice.h>
#include <xgw/route/NetlinkEvents.h>

#include <memory>
#include <vector>

namespace xgw::daemon {

class InterfaceKeeper {
  public:
    InterfaceKeeper(PinPaths paths, std::vector<InterfaceDuty> duties, Notice notice,
                    DaemonCounters& counters)
        : paths_(std::move(paths)), duties_(std::move(duties)), notice_(std::move(notice)),
          counters_(counters) {}

    void set_duties(std::vector<InterfaceDuty> duties) { duties_ = std::move(duties); }
    const std::vector<InterfaceDuty>& duties() const { return duties_; }

    // Attaches every interface of the duties that exists now and lacks its programs; returns
    // whether any was attached anew.
    bool ensure_all();
    // Follows one link event; returns whether programs were attached anew.
    bool on_link(const route::LinkEvent& ev);

  private:
    const InterfaceDuty* duty(const std::string& name) const;
    bool ensure(const InterfaceDuty& duty, bool appeared);
    // Loads spare programs of the kind if there are none, or the last attach found them stale.
    void keep_spare(bool acct_only);

    PinPaths paths_;
    std::vector<InterfaceDuty> duties_;
    Notice notice_;
    DaemonCounters& counters_;
    std::shared_ptr<const Programs> spare_[2]; // by acct_only
    bool spare_stale_[2] = {false, false};
};

} // namespace xgw::daemon
