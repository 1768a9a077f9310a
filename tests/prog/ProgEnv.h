// The programs loaded once for the prog tier, with their maps pinned in a private bpffs
// directory that is removed at exit; counters read through libxgw like the CLI reads them.
#pragma once

#include <xgw/Datapath.h>
#include <xgw/PacketRunner.h>

namespace xgw::test {

class ProgEnv {
  public:
    static ProgEnv& get(); // loads on first use; a load failure fails the test, never skips it
    ~ProgEnv();

    const PacketRunner& runner() const { return runner_; }
    const PinPaths& paths() const { return paths_; }
    // Counters of the loopback interface (ifindex 1), where test runs are accounted.
    DirStats counters(Hook hook) const;
    void set_policy(MalformedPolicy policy);

  private:
    ProgEnv(PinPaths paths, PacketRunner runner);
    PinPaths paths_;
    PacketRunner runner_;
};

} // namespace xgw::test
