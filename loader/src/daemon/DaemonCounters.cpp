#include <xgw/daemon/DaemonCounters.h>

namespace xgw::daemon {

std::vector<std::pair<std::string, std::uint64_t>> DaemonCounters::snapshot() const {
    return {{"log_forwarded", log.forwarded},
            {"log_suppressed", log.suppressed},
            {"log_unsent", log.unsent},
            {"log_lost_in_kernel", log_lost_in_kernel},
            {"flows_expired", flows_expired},
            {"nat_bindings_expired", nat_bindings_expired},
            {"nat_bindings_readdressed", nat_bindings_readdressed},
            {"links_restored", links_restored},
            {"links_gone", links_gone},
            {"address_syncs", address_syncs},
            {"orphans_released", orphans_released},
            {"table_names_asked", table_names_asked},
            {"table_names_failed", table_names_failed},
            {"errors", errors}};
}

} // namespace xgw::daemon
