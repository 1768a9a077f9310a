// Syslog messages in the RFC 5424 format, with structured data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xgw::daemon {

// One SD-ELEMENT: an id ("xgw@32473": 32473 is the enterprise number RFC 5612 reserves for
// examples, until xgw has one of its own) and its parameters.
struct StructuredData {
    std::string id;
    std::vector<std::pair<std::string, std::string>> params;
};

struct SyslogMessage {
    int facility = 0;         // LOG_AUTHPRIV, ... (already shifted, as syslog.h defines them)
    int severity = 0;         // LOG_INFO, ...
    std::int64_t wall_ns = 0; // the event's time, ns since the epoch
    std::string hostname;
    std::string app = "xgwd";
    std::string procid;
    std::string msgid;
    std::vector<StructuredData> data;
    std::string text;
};

// "<PRI>1 2026-12-05T18:50:31.123456Z host app pid msgid [sd] text": the timestamp in UTC with
// microseconds, nil values as "-", parameter values escaped (\" \\ \]).
std::string format_rfc5424(const SyslogMessage& m);

} // namespace xgw::daemon
