// Names from a hosts file, answered authoritatively (AA set, TTL 0) for A and AAAA.
#pragma once

#include <xgw/dns/CachedAnswer.h>
#include <xgw/dns/HostsFile.h>

#include <string>
#include <string_view>
#include <unordered_map>

namespace xgw::dns {

class LocalHosts {
  public:
    // A name with addresses of one family only answers the other type with no records (NODATA).
    static Result<LocalHosts> make(const HostsFile& hosts);

    // The answer for a cache key (QueryView::key), when the name is local and the type is A or
    // AAAA of class IN.
    const CachedAnswer* find(std::string_view key) const;
    std::size_t size() const { return answers_.size(); }

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    // By lower-case question; found by a view of the key, so a lookup allocates nothing.
    std::unordered_map<std::string, CachedAnswer, Hash, std::equal_to<>> answers_;
};

} // namespace xgw::dns
