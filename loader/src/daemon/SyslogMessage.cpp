#include <xgw/daemon/SyslogMessage.h>

#include <cstdio>
#include <ctime>

namespace xgw::daemon {

namespace {

std::string or_nil(std::string_view s) {
    return s.empty() ? "-" : std::string(s);
}

std::string timestamp(std::int64_t wall_ns) {
    const std::time_t secs = std::time_t(wall_ns / 1000000000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<long long>((wall_ns % 1000000000 + 1000000000) % 1000000000 / 1000));
    return buf;
}

std::string param_value(std::string_view v) {
    std::string out;
    for (char c : v) {
        if (c == '"' || c == '\\' || c == ']')
            out += '\\';
        out += c;
    }
    return out;
}

} // namespace

std::string format_rfc5424(const SyslogMessage& m) {
    std::string line = "<" + std::to_string(m.facility | m.severity) + ">1 " +
                       timestamp(m.wall_ns) + " " + or_nil(m.hostname) + " " + or_nil(m.app) + " " +
                       or_nil(m.procid) + " " + or_nil(m.msgid) + " ";
    if (m.data.empty())
        line += "-";
    for (const auto& sd : m.data) {
        line += "[" + sd.id;
        for (const auto& [name, value] : sd.params)
            line += " " + name + "=\"" + param_value(value) + "\"";
        line += "]";
    }
    if (!m.text.empty())
        line += " " + m.text;
    return line;
}

} // namespace xgw::daemon
