#include <xgw/nat/InterfaceAddresses.h>

#include <xgw/bpf/TypedMap.h>
#include <xgw/route/Netlink.h>

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <net/if.h>

#include <cstring>

namespace xgw::nat {

namespace {

bool masquerades(const route::AddressEntry& a) {
    return a.address.family == fw::IpFamily::V4 && a.scope != "link" && a.scope != "host";
}

Result<std::vector<route::AddressEntry>> current_addresses(const std::string& dev) {
    auto nl = route::Netlink::open();
    if (!nl)
        return nl.error();
    return route::list_addresses(*nl, dev);
}

} // namespace

std::map<std::uint32_t, xgw_nat_ifaddrs>
interface_address_image(const std::vector<route::AddressEntry>& addresses) {
    std::map<std::uint32_t, xgw_nat_ifaddrs> image;
    for (const auto& a : addresses) {
        if (!masquerades(a))
            continue;
        const unsigned idx = if_nametoindex(a.dev.c_str());
        if (idx == 0)
            continue; // gone since the dump
        xgw_nat_ifaddrs& v = image[idx];
        if (v.count >= XGW_NAT_IFADDRS)
            continue;
        std::memcpy(&v.addr[v.count], a.address.addr.data(), 4);
        v.mask[v.count] = a.address.length ? htonl(~0u << (32 - a.address.length)) : 0;
        v.count++;
    }
    return image;
}

Result<void> sync_interface_addresses(const PinPaths& paths) {
    auto fd = open_pinned_map(paths, "xgw_nat_ifaddrs");
    if (!fd)
        return fd.error();
    auto addresses = current_addresses("");
    if (!addresses)
        return addresses.error();
    const auto image = interface_address_image(*addresses);
    for (const auto& [idx, v] : image)
        if (bpf_map_update_elem(fd->get(), &idx, &v, BPF_ANY) != 0)
            return Error::from_errno(errno, "write xgw_nat_ifaddrs");
    for (std::uint32_t idx : map_keys<std::uint32_t>(fd->get()))
        if (!image.contains(idx))
            (void)bpf_map_delete_elem(fd->get(), &idx);
    return {};
}

Result<std::uint32_t> masquerade_address(const std::string& ifname) {
    auto addresses = current_addresses(ifname);
    if (!addresses)
        return addresses.error();
    const auto image = interface_address_image(*addresses);
    if (image.empty())
        return make_error(Errc::NotFound, ifname + " has no IPv4 address of global scope to "
                                                    "masquerade with");
    return image.begin()->second.addr[0];
}

} // namespace xgw::nat
