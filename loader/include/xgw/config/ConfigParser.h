// Reads /etc/xgw/xgw.conf (TOML) with its includes and the files it names, into a BoxConfig.
// Every error is a Usage error that names file:line:column; unknown sections and keys are errors.
#pragma once

#include <xgw/Result.h>
#include <xgw/config/BoxConfig.h>

#include <string>
#include <string_view>

namespace xgw::config {

inline constexpr const char* kDefaultConfigPath = "/etc/xgw/xgw.conf";

// path: the main file. Includes and relative paths resolve against the directory of the file
// that names them.
Result<BoxConfig> parse_box_config(const std::string& path);
// The same for text already read, named name (tests, standard input).
Result<BoxConfig> parse_box_config_text(std::string_view text, const std::string& name);

} // namespace xgw::config
