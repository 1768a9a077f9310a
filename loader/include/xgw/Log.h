// Where the library's diagnostics go: the library never prints, the CLI or daemon decides.
#pragma once

#include <functional>
#include <string_view>

namespace xgw {

enum class LogLevel { Debug, Info, Warn };

using LogSink = std::function<void(LogLevel, std::string_view)>;

// Installs the sink and routes libbpf's own messages into it.
void set_log_sink(LogSink sink);
void log(LogLevel level, std::string_view message);

} // namespace xgw
