#include <xgw/daemon/DnsDuty.h>

#include <xgw/fw/TableLearner.h>

#include <syslog.h>

namespace xgw::daemon {

DnsDuty::DnsDuty(dns::ForwarderConfig config, std::unique_ptr<dns::Forwarder> forwarder)
    : config_(std::move(config)), forwarder_(std::move(forwarder)) {}

Result<std::unique_ptr<DnsDuty>> DnsDuty::start(const dns::ForwarderConfig& config,
                                                const PinPaths& paths, Notice notice) {
    auto learner = std::make_shared<fw::TableLearner>(
        paths, [notice](const std::string& why) { notice(LOG_ERR, "dns: learn: " + why); });
    auto f = dns::Forwarder::open(config, learner);
    if (!f)
        return f.error().prefix("dns");
    std::unique_ptr<DnsDuty> d(new DnsDuty(config, std::move(*f)));
    for (const auto& l : d->forwarder_->listening())
        notice(LOG_NOTICE, "dns: serving " + l);
    d->thread_ = std::thread([d = d.get(), notice] {
        if (auto ok = d->forwarder_->run(d->stop_); !ok)
            notice(LOG_ERR, "dns: " + ok.error().message);
    });
    return d;
}

DnsDuty::~DnsDuty() {
    stop_ = true;
    if (thread_.joinable())
        thread_.join();
}

} // namespace xgw::daemon
