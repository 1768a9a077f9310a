#include <xgw/Log.h>

#include <bpf/libbpf.h>

#include <cstdarg>
#include <cstdio>
#include <string>

namespace xgw {
namespace {

LogSink& sink() {
    static LogSink s;
    return s;
}

int libbpf_print(enum libbpf_print_level level, const char* fmt, va_list args) {
    if (!sink())
        return 0;
    char buf[1024];
    int n = std::vsnprintf(buf, sizeof(buf), fmt, args);
    std::string_view text(buf, n < 0 ? 0 : std::min<size_t>(n, sizeof(buf) - 1));
    while (!text.empty() && text.back() == '\n')
        text.remove_suffix(1);
    LogLevel lvl = level == LIBBPF_WARN ? LogLevel::Warn
                   : level == LIBBPF_INFO ? LogLevel::Info
                                          : LogLevel::Debug;
    sink()(lvl, text);
    return n;
}

} // namespace

void set_log_sink(LogSink s) {
    sink() = std::move(s);
    libbpf_set_print(libbpf_print);
}

void log(LogLevel level, std::string_view message) {
    if (sink())
        sink()(level, message);
}

} // namespace xgw
