#include "TomlFields.h"

#include <algorithm>

namespace xgw::config {

namespace {

std::string list(std::initializer_list<std::string_view> words) {
    std::string out;
    for (auto w : words)
        out += (out.empty() ? "" : ", ") + std::string(w);
    return out;
}

} // namespace

std::string FileContext::resolve(const std::string& path) const {
    std::filesystem::path p(path);
    return p.is_absolute() ? path : (dir / p).lexically_normal().string();
}

Result<const toml::table*> table_of(const FileContext& fc, const toml::node& node,
                                    std::string_view what,
                                    std::initializer_list<std::string_view> allowed) {
    const auto* t = node.as_table();
    if (!t)
        return fc.error(node, std::string(what) + " must be a table");
    for (const auto& [key, value] : *t)
        if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
            return fc.error(key.source(), "unknown key '" + std::string(key.str()) + "' in " +
                                              std::string(what) + " (known: " + list(allowed) +
                                              ")");
    return t;
}

Result<std::optional<std::string>> get_string(const FileContext& fc, const toml::table& t,
                                              std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n)
        return std::optional<std::string>();
    if (!n->is_string())
        return fc.error(*n, "'" + std::string(key) + "' must be a string");
    return std::optional<std::string>(n->as_string()->get());
}

Result<std::optional<bool>> get_bool(const FileContext& fc, const toml::table& t,
                                     std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n)
        return std::optional<bool>();
    if (!n->is_boolean())
        return fc.error(*n, "'" + std::string(key) + "' must be true or false");
    return std::optional<bool>(n->as_boolean()->get());
}

Result<std::optional<std::int64_t>> get_int(const FileContext& fc, const toml::table& t,
                                            std::string_view key, std::int64_t min,
                                            std::int64_t max) {
    const toml::node* n = t.get(key);
    if (!n)
        return std::optional<std::int64_t>();
    if (!n->is_integer())
        return fc.error(*n, "'" + std::string(key) + "' must be an integer");
    const std::int64_t v = n->as_integer()->get();
    if (v < min || v > max)
        return fc.error(*n, "'" + std::string(key) + "' must be between " + std::to_string(min) +
                                " and " + std::to_string(max) + ", not " + std::to_string(v));
    return std::optional<std::int64_t>(v);
}

Result<std::vector<std::pair<std::string, Where>>>
get_strings(const FileContext& fc, const toml::table& t, std::string_view key) {
    std::vector<std::pair<std::string, Where>> out;
    const toml::node* n = t.get(key);
    if (!n)
        return out;
    if (n->is_string()) {
        out.emplace_back(n->as_string()->get(), fc.at(*n));
        return out;
    }
    const auto* a = n->as_array();
    if (!a)
        return fc.error(*n, "'" + std::string(key) + "' must be a string or an array of strings");
    for (const auto& e : *a) {
        if (!e.is_string())
            return fc.error(e, "'" + std::string(key) + "' must hold strings only");
        out.emplace_back(e.as_string()->get(), fc.at(e));
    }
    return out;
}

Result<std::optional<std::string>> get_choice(const FileContext& fc, const toml::table& t,
                                              std::string_view key,
                                              std::initializer_list<std::string_view> choices) {
    auto s = get_string(fc, t, key);
    if (!s || !*s)
        return s;
    if (std::find(choices.begin(), choices.end(), **s) == choices.end())
        return fc.error(*t.get(key), "'" + std::string(key) + "' must be one of " +
                                         list(choices) + ", not \"" + **s + "\"");
    return s;
}

} // namespace xgw::config
