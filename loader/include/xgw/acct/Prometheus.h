// The Prometheus text exposition format (version 0.0.4) of xgw's counters, fit for a scrape or
// node_exporter's textfile collector.
#pragma once

#include <xgw/acct/Metrics.h>

#include <string>

namespace xgw::acct {

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string prometheus_text(const Metrics& metrics);

} // namespace xgw::acct
