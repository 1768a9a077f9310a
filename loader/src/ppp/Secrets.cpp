#include <xgw/ppp/OptionWords.h>
#include <xgw/ppp/Secrets.h>

#include <arpa/inet.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace xgw::ppp {
namespace {

Result<std::string> read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        return Error::from_errno(errno, "cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// pppd takes an @file secret as the file's first word.
Result<std::string> secret_from_file(const std::string& path, const std::string& where) {
    auto text = read_file(path);
    if (!text)
        return text.error().prefix(where);
    auto words = split_words(*text, path);
    if (!words)
        return words.error();
    return words->empty() ? std::string() : words->front().text;
}

std::optional<std::pair<std::uint32_t, int>> parse_prefix(const std::string& s) {
    auto slash = s.find('/');
    in_addr a{};
    if (inet_pton(AF_INET, s.substr(0, slash).c_str(), &a) != 1)
        return std::nullopt;
    int len = 32;
    if (slash != std::string::npos) {
        try {
            len = std::stoi(s.substr(slash + 1));
        } catch (...) {
            return std::nullopt;
        }
        if (len < 0 || len > 32)
            return std::nullopt;
    }
    return std::pair{ntohl(a.s_addr), len};
}

bool in_prefix(std::uint32_t addr, std::pair<std::uint32_t, int> p) {
    const std::uint32_t mask = p.second == 0 ? 0 : ~std::uint32_t(0) << (32 - p.second);
    return (addr & mask) == (p.first & mask);
}

} // namespace

Result<Secrets> Secrets::load(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        return errno == ENOENT ? Secrets{} : Result<Secrets>(Error::from_errno(errno, "cannot read " + path));
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path);
}

Result<Secrets> Secrets::parse(const std::string& text, const std::string& origin) {
    auto words = split_words(text, origin);
    if (!words)
        return words.error();
    Secrets s;
    std::vector<std::vector<Word>> lines;
    for (auto& w : *words) {
        if (w.newline_before || lines.empty())
            lines.emplace_back();
        lines.back().push_back(std::move(w));
    }
    for (auto& l : lines) {
        const std::string where = origin + ":" + std::to_string(l[0].line);
        if (l.size() < 3)
            return make_error(Errc::Usage,
                              where + ": expected 'client server secret [addresses]'");
        SecretEntry e{l[0].text, l[1].text, l[2].text, {}, l[0].line};
        if (e.secret.size() > 1 && e.secret[0] == '@') {
            auto secret = secret_from_file(e.secret.substr(1), where);
            if (!secret)
                return secret.error();
            e.secret = *secret;
        }
        for (std::size_t i = 3; i < l.size(); ++i) {
            std::string a = l[i].text;
            std::string bare = a[0] == '!' ? a.substr(1) : a;
            if (a != "*" && a != "-" && !parse_prefix(bare))
                return make_error(Errc::Usage, where + ": bad address '" + a + "'");
            e.addresses.push_back(a);
        }
        s.entries_.push_back(std::move(e));
    }
    return s;
}

std::optional<SecretEntry> Secrets::find(const std::string& client,
                                         const std::string& server) const {
    const SecretEntry* best = nullptr;
    int best_score = -1;
    for (const auto& e : entries_) {
        const bool client_wild = e.client == "*" || e.client.empty();
        const bool server_wild = e.server == "*" || e.server.empty();
        if (!client_wild && e.client != client)
            continue;
        if (!server_wild && e.server != server)
            continue;
        const int score = (client_wild ? 0 : 2) + (server_wild ? 0 : 1);
        if (score > best_score) {
            best = &e;
            best_score = score;
        }
    }
    if (!best)
        return std::nullopt;
    return *best;
}

bool address_allowed(const SecretEntry& entry, std::uint32_t address) {
    if (entry.addresses.empty())
        return true;
    bool allowed = false;
    for (const auto& a : entry.addresses) {
        if (a == "-")
            return false;
        if (a == "*") {
            allowed = true;
            continue;
        }
        if (a[0] == '!') {
            if (in_prefix(address, *parse_prefix(a.substr(1))))
                return false;
            continue;
        }
        allowed = allowed || in_prefix(address, *parse_prefix(a));
    }
    return allowed;
}

std::optional<std::uint32_t> suggested_address(const SecretEntry& entry) {
    for (const auto& a : entry.addresses) {
        if (a == "*" || a == "-" || a[0] == '!')
            continue;
        auto p = parse_prefix(a);
        if (p->second == 32)
            return p->first;
    }
    return std::nullopt;
}

} // namespace xgw::ppp
