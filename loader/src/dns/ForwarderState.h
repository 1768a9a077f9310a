// What every worker thread of the forwarder shares: read-only but for the cache and counters.
#pragma once

#include <xgw/dns/AnswerCache.h>
#include <xgw/dns/ClientAcl.h>
#include <xgw/dns/DnsStats.h>
#include <xgw/dns/Endpoint.h>
#include <xgw/dns/Forwarder.h>
#include <xgw/dns/ForwarderConfig.h>
#include <xgw/dns/LocalHosts.h>
#include <xgw/dns/UpstreamRoutes.h>

#include <deque>
#include <memory>
#include <vector>

namespace xgw::dns {

class Worker;

struct Forwarder::State {
    ForwarderConfig config;
    std::vector<Endpoint> listen;
    UpstreamRoutes routes;
    ClientAcl acl;
    LocalHosts hosts;
    AnswerCache cache;
    std::shared_ptr<AnswerTap> tap;      // none: no one listens
    std::deque<WorkerCounters> counters; // one per worker; a deque, since counters do not move
    std::vector<std::unique_ptr<Worker>> workers;
};

} // namespace xgw::dns
