#include <xgw/ppp/Ipcp.h>
#include <xgw/ppp/Ipv6cp.h>
#include <xgw/ppp/TunDevice.h>
#include <xgw/route/Addresses.h>
#include <xgw/route/Links.h>
#include <xgw/route/RouteTable.h>

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

namespace xgw::ppp {
namespace {

route::IpPrefix host(std::uint32_t address) {
    return route::IpPrefix::parse(ipv4_str(address)).value();
}

} // namespace

Result<TunDevice> TunDevice::create(const std::string& name) {
    UniqueFd fd(::open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK));
    if (!fd)
        return Error::from_errno(errno, "open /dev/net/tun");
    ifreq ifr{};
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
    if (name.size() >= IFNAMSIZ)
        return make_error(Errc::Usage, "interface name '" + name + "' is too long");
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    if (::ioctl(fd.get(), TUNSETIFF, &ifr) < 0)
        return Error::from_errno(errno, "create TUN device '" + name + "'");
    return TunDevice(std::move(fd), ifr.ifr_name);
}

Result<void> TunDevice::configure_ipv4(std::uint32_t local, std::uint32_t remote,
                                       std::uint32_t mtu) {
    auto nl = route::Netlink::open();
    if (!nl)
        return nl.error();
    if (auto r = route::set_link(*nl, name_, {.up = true, .mtu = mtu}); !r)
        return r;
    if (auto r = route::add_address(*nl, {host(local), name_, "global"}); !r)
        return r;
    route::RouteSpec peer;
    peer.dest = host(remote);
    peer.dev = name_;
    return route::add_route(*nl, peer);
}

Result<bool> TunDevice::add_default_route() {
    auto nl = route::Netlink::open();
    if (!nl)
        return nl.error();
    auto routes = route::list_routes(*nl, {.family = route::IpFamily::V4});
    if (!routes)
        return routes.error();
    for (const auto& r : *routes)
        if (r.dest.length == 0 && r.type == route::RouteType::Unicast)
            return false; // pppd's defaultroute never replaces one
    route::RouteSpec spec; // dest: the zero-length prefix, the default route
    spec.dev = name_;
    if (auto r = route::add_route(*nl, spec); !r)
        return r.error();
    return true;
}

Result<void> TunDevice::add_link_local(std::uint64_t interface_id) {
    auto nl = route::Netlink::open();
    if (!nl)
        return nl.error();
    auto addr = route::IpPrefix::parse(link_local_str(interface_id));
    if (!addr)
        return addr.error();
    addr->length = 64; // parse() would clear the host bits of fe80::ID/64
    return route::add_address(*nl, {*addr, name_, "link"});
}

} // namespace xgw::ppp
