// termios2 (any bit rate) on a file descriptor; the only file that sees the kernel's termbits,
// which clash with glibc's <termios.h>.
#pragma once

#include <xgw/Result.h>
#include <xgw/serial/SerialSettings.h>

#include <vector>

namespace xgw::serial {

Result<LineSettings> read_line_settings(int fd);
Result<void> apply_line_settings(int fd, const std::vector<SettingOp>& ops);

} // namespace xgw::serial
