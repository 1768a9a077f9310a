// The flow lifetimes ipfw calls net.inet.ip.fw.dyn_*_lifetime, by enum xgw_ct_lifetime: the
// names `xgw fw set` and [set] take and their defaults, derived from the one list in abi/ct.h.
#pragma once

#include <xgw/abi/ct.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xgw::fw {

inline constexpr std::array<std::string_view, XGW_CT__MAX> kLifetimeNames = {
#define XGW_CT_LIFETIME_NAME(id, name, secs) name,
    XGW_CT_LIFETIMES(XGW_CT_LIFETIME_NAME)
#undef XGW_CT_LIFETIME_NAME
};

inline constexpr std::array<std::uint32_t, XGW_CT__MAX> kLifetimeDefaults = {
#define XGW_CT_LIFETIME_DEFAULT(id, name, secs) secs,
    XGW_CT_LIFETIMES(XGW_CT_LIFETIME_DEFAULT)
#undef XGW_CT_LIFETIME_DEFAULT
};

// The enum xgw_ct_lifetime of a name; nullopt when it names none.
inline std::optional<unsigned> lifetime_index(std::string_view name) {
    for (unsigned i = 0; i < XGW_CT__MAX; i++)
        if (kLifetimeNames[i] == name)
            return i;
    return std::nullopt;
}

// "dyn_syn_lifetime, dyn_ack_lifetime, ..." for messages.
inline std::string lifetime_list() {
    std::string out;
    for (auto name : kLifetimeNames)
        out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

} // namespace xgw::fw
