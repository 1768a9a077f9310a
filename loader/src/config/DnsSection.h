// [dns]: the caching forwarder that xgwd runs (docs/config.md).
#pragma once

#include "TomlFields.h"

namespace xgw::config {

Result<void> parse_dns(const FileContext& fc, const toml::node& node, BoxConfig& out);

} // namespace xgw::config
