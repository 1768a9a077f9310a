#include "LinkDriver.h"

#include <xgw/UniqueFd.h>

#include <linux/ethtool.h>
#include <net/if_arp.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cstring>

namespace xgw {

bool is_veth(const std::string& ifname) {
    UniqueFd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (sock.get() < 0)
        return false;
    ethtool_drvinfo info{};
    info.cmd = ETHTOOL_GDRVINFO;
    ifreq req{};
    std::strncpy(req.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
    req.ifr_data = reinterpret_cast<char*>(&info);
    return ::ioctl(sock.get(), SIOCETHTOOL, &req) == 0 && std::strcmp(info.driver, "veth") == 0;
}

LinkFraming link_framing(const std::string& ifname, unsigned* arphrd) {
    UniqueFd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    ifreq req{};
    std::strncpy(req.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
    if (sock.get() < 0 || ::ioctl(sock.get(), SIOCGIFHWADDR, &req) != 0)
        return LinkFraming::Ethernet; // unknown: as before, the caller finds the interface
    const unsigned type = req.ifr_hwaddr.sa_family;
    if (arphrd)
        *arphrd = type;
    switch (type) {
    case ARPHRD_ETHER:
    case ARPHRD_LOOPBACK:
        return LinkFraming::Ethernet;
    case ARPHRD_NONE:   // tun, wireguard
    case ARPHRD_PPP:    // kernel ppp
    case ARPHRD_RAWIP:  // cellular modems
    case ARPHRD_TUNNEL: // ipip
    case ARPHRD_TUNNEL6:
    case ARPHRD_SIT:
    case ARPHRD_IPGRE:
    case 823: // ARPHRD_IP6GRE, which glibc's net/if_arp.h lacks
        return LinkFraming::L3;
    default:
        return LinkFraming::Other;
    }
}

} // namespace xgw
