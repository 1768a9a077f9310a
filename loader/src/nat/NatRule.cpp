#include <xgw/nat/NatRule.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace xgw::nat {
namespace {

std::string addr_str(std::uint32_t host_order) {
    in_addr a{htonl(host_order)};
    char buf[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &a, buf, sizeof(buf));
    return buf;
}

std::string range_str(const PortRange& r) {
    return r.lo == r.hi ? std::to_string(r.lo) : std::to_string(r.lo) + "-" + std::to_string(r.hi);
}

std::string proto_str(std::uint8_t proto) { return proto == IPPROTO_TCP ? "tcp" : "udp"; }

} // namespace

std::string printNatRule(const NatRule& r) {
    std::string out;
    switch (r.kind) {
    case NatKind::Masquerade:
        out = "masquerade " + r.ifname;
        break;
    case NatKind::Snat:
        out = "snat " + r.ifname + " to " + addr_str(r.addr_lo);
        if (r.addr_hi != r.addr_lo)
            out += "-" + addr_str(r.addr_hi);
        if (r.ports.given())
            out += ":" + range_str(r.ports);
        break;
    case NatKind::RedirectPort:
        out = "redirect-port " + proto_str(r.proto) + " " + addr_str(r.addr_lo) + ":" +
              range_str(r.ports) + " " +
              (r.public_addr ? addr_str(r.public_addr) + ":" : std::string()) +
              range_str(r.public_ports);
        break;
    case NatKind::RedirectAddr:
        out = "redirect-addr " + addr_str(r.addr_lo) + " " + addr_str(r.public_addr);
        break;
    }
    if (r.from)
        out += " from " + r.from->str();
    if ((r.kind == NatKind::RedirectPort || r.kind == NatKind::RedirectAddr) && !r.ifname.empty())
        out += " via " + r.ifname;
    return out;
}

Result<xgw_nat_rule> compileNatRule(
    const NatRule& r, const std::function<std::optional<std::uint32_t>(const std::string&)>& ifindex) {
    xgw_nat_rule out{};
    switch (r.kind) {
    case NatKind::Masquerade: out.kind = XGW_NAT_MASQUERADE; break;
    case NatKind::Snat: out.kind = XGW_NAT_SNAT; break;
    case NatKind::RedirectPort: out.kind = XGW_NAT_REDIRECT_PORT; break;
    case NatKind::RedirectAddr: out.kind = XGW_NAT_REDIRECT_ADDR; break;
    }
    if (!r.ifname.empty()) {
        auto index = ifindex(r.ifname);
        if (!index)
            return make_error(Errc::NotFound, r.loc.str() + ": no interface named '" + r.ifname +
                                                  "' in this namespace");
        out.ifindex = *index;
    }
    if (r.from) {
        std::uint32_t addr = 0;
        std::memcpy(&addr, r.from->addr.data(), 4);
        out.match_addr = addr;
        out.match_mask = r.from->length ? htonl(~0u << (32 - r.from->length)) : 0;
    }
    out.addr_lo = htonl(r.addr_lo);
    out.addr_hi = htonl(r.addr_hi);
    out.public_addr = htonl(r.public_addr);
    out.port_lo = r.ports.lo;
    out.port_hi = r.ports.hi;
    out.public_port_lo = r.public_ports.lo;
    out.public_port_hi = r.public_ports.hi;
    out.proto = r.proto;
    return out;
}

} // namespace xgw::nat
