#include <xgw/fw/ServiceDb.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

namespace xgw::fw {
namespace {

// The whitespace-separated fields of each line, comments removed.
template <class Fn> void forEachRecord(std::string_view text, Fn&& fn) {
    std::istringstream lines{std::string(text)};
    std::string line;
    while (std::getline(lines, line)) {
        line = line.substr(0, line.find('#'));
        std::istringstream words(line);
        std::vector<std::string> fields;
        for (std::string w; words >> w;)
            fields.push_back(w);
        if (!fields.empty())
            fn(fields);
    }
}

template <class T> std::optional<T> number(std::string_view text) {
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

Result<std::string> readFile(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        return make_error(Errc::NotFound, "cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string serviceKey(std::string_view name, std::string_view protocol) {
    return std::string(name) + "/" + std::string(protocol);
}

} // namespace

Result<ServiceDb> ServiceDb::load(const std::string& services_path,
                                  const std::string& protocols_path) {
    auto services = readFile(services_path);
    if (!services)
        return services.error();
    auto protocols = readFile(protocols_path);
    if (!protocols)
        return protocols.error();
    return fromText(*services, *protocols);
}

ServiceDb ServiceDb::fromText(std::string_view services, std::string_view protocols) {
    ServiceDb db;
    db.addServicesText(services);
    db.addProtocolsText(protocols);
    return db;
}

// "http 80/tcp www www-http": name, port/protocol, aliases.
void ServiceDb::addServicesText(std::string_view text) {
    forEachRecord(text, [this](const std::vector<std::string>& f) {
        auto slash = f.size() >= 2 ? f[1].find('/') : std::string::npos;
        if (slash == std::string::npos)
            return;
        auto port = number<uint16_t>(std::string_view(f[1]).substr(0, slash));
        if (!port)
            return;
        std::string protocol = f[1].substr(slash + 1);
        addService(f[0], protocol, *port);
        for (size_t i = 2; i < f.size(); ++i)
            addService(f[i], protocol, *port);
    });
}

// "tcp 6 TCP": name, number, aliases.
void ServiceDb::addProtocolsText(std::string_view text) {
    forEachRecord(text, [this](const std::vector<std::string>& f) {
        auto num = f.size() >= 2 ? number<uint8_t>(f[1]) : std::nullopt;
        if (!num)
            return;
        addProtocol(f[0], *num);
        for (size_t i = 2; i < f.size(); ++i)
            addProtocol(f[i], *num);
    });
}

// The first definition of a name wins, as with getservbyname(3).
void ServiceDb::addService(std::string_view name, std::string_view protocol, uint16_t port) {
    ports_.emplace(serviceKey(name, protocol), port);
}

void ServiceDb::addProtocol(std::string_view name, uint8_t number) {
    protocols_.emplace(std::string(name), number);
}

std::optional<uint16_t> ServiceDb::port(std::string_view name, std::string_view protocol) const {
    auto it = ports_.find(serviceKey(name, protocol));
    return it == ports_.end() ? std::nullopt : std::optional<uint16_t>(it->second);
}

std::optional<uint8_t> ServiceDb::protocol(std::string_view name) const {
    auto it = protocols_.find(name);
    return it == protocols_.end() ? std::nullopt : std::optional<uint8_t>(it->second);
}

} // namespace xgw::fw
