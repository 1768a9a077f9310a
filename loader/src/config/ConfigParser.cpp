#include <xgw/config/ConfigParser.h>

#include "Sections.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <glob.h>
#include <set>
#include <sstream>

namespace xgw::config {

namespace {

std::string section_names() {
    std::string out = "include";
    for (const auto& s : sections())
        out += ", " + std::string(s.name);
    return out;
}

// The files a pattern names, sorted (glob(3) sorts); a pattern without a wildcard must exist.
Result<std::vector<std::string>> expand(const FileContext& fc, const std::string& pattern,
                                        const Where& where) {
    const std::string path = fc.resolve(pattern);
    glob_t g{};
    const int rc = glob(path.c_str(), 0, nullptr, &g);
    std::vector<std::string> out(g.gl_pathv, g.gl_pathv + g.gl_pathc);
    globfree(&g);
    const bool wildcard = path.find_first_of("*?[") != std::string::npos;
    if (rc == GLOB_NOMATCH && !wildcard)
        return make_error(Errc::Usage, where.str() + ": include " + path + ": no such file");
    if (rc != 0 && rc != GLOB_NOMATCH)
        return make_error(Errc::Usage, where.str() + ": include " + path + ": cannot read it");
    return out;
}

class Reader {
  public:
    Result<void> read_file(const std::string& path, const Where* from) {
        std::error_code ec;
        auto canonical = std::filesystem::weakly_canonical(path, ec);
        const std::string key = ec ? path : canonical.string();
        if (!seen_.insert(key).second)
            return make_error(Errc::Usage, (from ? from->str() + ": " : std::string()) +
                                               "include " + path + " is read twice (a loop?)");
        std::ifstream in(path);
        if (!in)
            return make_error(Errc::Usage, (from ? from->str() + ": " : std::string()) +
                                               "cannot read " + path + ": " + std::strerror(errno));
        std::stringstream ss;
        ss << in.rdbuf();
        return read_text(ss.str(), path);
    }

    Result<void> read_text(std::string_view text, const std::string& name) {
        config_.files.push_back(name);
        FileContext fc{name, std::filesystem::path(name).parent_path()};
        if (fc.dir.empty())
            fc.dir = ".";
        toml::table root;
        try {
            root = toml::parse(text, name);
        } catch (const toml::parse_error& e) {
            return fc.error(e.source(), std::string(e.description()));
        }
        for (const auto& [key, value] : root) {
            if (key.str() == "include")
                continue;
            const auto& all = sections();
            auto s = std::find_if(all.begin(), all.end(),
                                  [&](const Section& s) { return s.name == key.str(); });
            if (s == all.end())
                return fc.error(key.source(), "unknown section '" + std::string(key.str()) +
                                                  "' (known: " + section_names() + ")");
            if (auto ok = s->parse(fc, value, config_); !ok)
                return ok;
        }
        // Includes after the including file's own sections: a duplicate names the first.
        auto includes = get_strings(fc, root, "include");
        if (!includes)
            return includes.error();
        for (const auto& [pattern, where] : *includes) {
            auto files = expand(fc, pattern, where);
            if (!files)
                return files.error();
            for (const auto& f : *files)
                if (auto ok = read_file(f, &where); !ok)
                    return ok;
        }
        return {};
    }

    BoxConfig take() { return std::move(config_); }

  private:
    BoxConfig config_;
    std::set<std::string> seen_;
};

} // namespace

AttachOptions InterfaceConfig::attach_options() const {
    return {mode, false, attach == AttachKind::Forward, attach == AttachKind::AcctOnly, sizes};
}

std::string_view to_string(AttachKind kind) {
    switch (kind) {
    case AttachKind::Forward:
        return "forward";
    case AttachKind::AcctOnly:
        return "acct-only";
    default:
        return "full";
    }
}

Result<BoxConfig> parse_box_config(const std::string& path) {
    Reader r;
    if (auto ok = r.read_file(path, nullptr); !ok)
        return ok.error();
    return r.take();
}

Result<BoxConfig> parse_box_config_text(std::string_view text, const std::string& name) {
    Reader r;
    if (auto ok = r.read_text(text, name); !ok)
        return ok.error();
    return r.take();
}

} // namespace xgw::config
