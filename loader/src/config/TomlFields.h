// Typed reads of TOML values that name where they were written when they are wrong.
#pragma once

#include <xgw/Result.h>
#include <xgw/config/BoxConfig.h>

#include <toml++/toml.h>

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xgw::config {

// The file a section is read from, and how its paths resolve.
struct FileContext {
    std::string file;
    std::filesystem::path dir;
    Where at(const toml::source_region& region) const {
        return {file, static_cast<unsigned>(region.begin.line),
                static_cast<unsigned>(region.begin.column)};
    }
    Where at(const toml::node& node) const { return at(node.source()); }
    Error error(const toml::source_region& region, const std::string& message) const {
        return make_error(Errc::Usage, at(region).str() + ": " + message);
    }
    Error error(const toml::node& node, const std::string& message) const {
        return error(node.source(), message);
    }
    // A path as written, relative to the directory of this file.
    std::string resolve(const std::string& path) const;
};

// The node must be a table whose keys are all in allowed; what names it in errors.
Result<const toml::table*> table_of(const FileContext& fc, const toml::node& node,
                                    std::string_view what,
                                    std::initializer_list<std::string_view> allowed);

Result<std::optional<std::string>> get_string(const FileContext& fc, const toml::table& t,
                                              std::string_view key);
Result<std::optional<bool>> get_bool(const FileContext& fc, const toml::table& t,
                                     std::string_view key);
// An integer in [min, max].
Result<std::optional<std::int64_t>> get_int(const FileContext& fc, const toml::table& t,
                                            std::string_view key, std::int64_t min,
                                            std::int64_t max);
// A string, or an array of strings (one value is an array of one); each with where it stands.
Result<std::vector<std::pair<std::string, Where>>>
get_strings(const FileContext& fc, const toml::table& t, std::string_view key);
// One of choices.
Result<std::optional<std::string>> get_choice(const FileContext& fc, const toml::table& t,
                                              std::string_view key,
                                              std::initializer_list<std::string_view> choices);

} // namespace xgw::config
