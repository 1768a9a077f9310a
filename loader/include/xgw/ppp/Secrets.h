// pppd's pap-secrets and chap-secrets: "client server secret [address ...]" per line, words
// quoted with " or ', '*' for any name, '@file' for a secret kept in another file.
#pragma once

#include <xgw/Result.h>

#include <optional>
#include <string>
#include <vector>

namespace xgw::ppp {

struct SecretEntry {
    std::string client;
    std::string server;
    std::string secret;
    std::vector<std::string> addresses; // as written: ADDR, ADDR/LEN, !ADDR, "*", "-"
    int line = 0;
};

class Secrets {
  public:
    // A missing file is an empty table (pppd starts without one); a malformed one is an error
    // naming file:line. Secrets written as @FILE are read from FILE here.
    static Result<Secrets> load(const std::string& path);
    static Result<Secrets> parse(const std::string& text, const std::string& origin);

    // pppd's best match: an entry naming client and server exactly beats one naming only the
    // client, which beats one naming only the server, which beats "* *"; the first of equals wins.
    std::optional<SecretEntry> find(const std::string& client, const std::string& server) const;
    const std::vector<SecretEntry>& entries() const { return entries_; }

  private:
    std::vector<SecretEntry> entries_;
};

// Whether an entry lets the peer use this IPv4 address (pppd's address restrictions): no list
// or "*" allows any, "-" none, "!ADDR[/LEN]" excludes, otherwise the address must be listed.
bool address_allowed(const SecretEntry& entry, std::uint32_t address);
// The single address an entry names, which pppd offers the peer when none is configured.
std::optional<std::uint32_t> suggested_address(const SecretEntry& entry);

} // namespace xgw::ppp
