// The top-level sections of xgw.conf, in one table: a module that adds a section ([dns],
// [ppp], ...) adds its parser here and nowhere else.
#pragma once

#include "TomlFields.h"

#include <span>

namespace xgw::config {

using SectionParser = Result<void> (*)(const FileContext& fc, const toml::node& node,
                                       BoxConfig& out);

struct Section {
    std::string_view name;
    SectionParser parse;
};

std::span<const Section> sections();

} // namespace xgw::config
