// Names of services (ports) and IP protocols, as in services(5) and protocols(5).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <xgw/Result.h>

namespace xgw::fw {

// The parser takes one of these instead of calling getservbyname(3), so what a rule means
// does not depend on the machine that runs the unit tests.
class ServiceDb {
  public:
    static Result<ServiceDb> load(const std::string& services_path = "/etc/services",
                                  const std::string& protocols_path = "/etc/protocols");
    // Text in the format of the two files; malformed lines are ignored, as libc does.
    static ServiceDb fromText(std::string_view services, std::string_view protocols);

    void addService(std::string_view name, std::string_view protocol, uint16_t port);
    void addProtocol(std::string_view name, uint8_t number);

    // protocol is "tcp", "udp" or "sctp".
    std::optional<uint16_t> port(std::string_view name, std::string_view protocol) const;
    std::optional<uint8_t> protocol(std::string_view name) const;

  private:
    void addServicesText(std::string_view text);
    void addProtocolsText(std::string_view text);

    std::map<std::string, uint16_t, std::less<>> ports_; // key "name/protocol"
    std::map<std::string, uint8_t, std::less<>> protocols_;
};

} // namespace xgw::fw
