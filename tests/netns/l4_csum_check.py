#!/usr/bin/env python3
"""Checks the layer-4 checksums of every packet in an Ethernet pcap.

A TCP or UDP packet passes if its checksum is complete and valid, or if it is
a correct CHECKSUM_PARTIAL seed: a veth hands the receiver the packet with the
checksum still left to offload, so the field holds the folded (not
complemented) pseudo-header sum and a capture shows it as "incorrect". A NAT
that rewrites addresses must keep that seed equal to the new pseudo-header
sum; anything else is a corrupted checksum. ICMP and ICMPv6 must be complete.

Usage: l4_csum_check.py FILE.pcap -- prints a summary; exits 1 listing the
packets that fail, 2 if the file holds no checked packet.
"""
import struct
import sys

TCP, UDP, ICMP, ICMPV6 = 6, 17, 1, 58
CHECK_OFFSET = {TCP: 16, UDP: 6, ICMP: 2, ICMPV6: 2}


def ones_sum(data: bytes, start: int = 0) -> int:
    if len(data) % 2:
        data += b"\0"
    total = start + sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total


def packets(path):
    with open(path, "rb") as f:
        head = f.read(24)
        magic = struct.unpack("<I", head[:4])[0]
        order = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
        if struct.unpack(order + "I", head[20:24])[0] != 1:
            sys.exit(f"{path}: not an Ethernet capture")
        while rec := f.read(16):
            _, _, caplen, wirelen = struct.unpack(order + "IIII", rec)
            data = f.read(caplen)
            if caplen == wirelen:
                yield data


def l4(frame):
    """(protocol, pseudo-header sum, layer-4 bytes) or None."""
    eth_type = struct.unpack("!H", frame[12:14])[0]
    ip = frame[14:]
    if eth_type == 0x0800:
        ihl = (ip[0] & 0x0F) * 4
        total, frag, proto = struct.unpack("!H2xHxB", ip[2:10])
        if frag & 0x3FFF:
            return None
        seg = ip[ihl:total]
        pseudo = ones_sum(ip[12:20] + struct.pack("!HH", proto, len(seg)))
        return proto, pseudo, seg
    if eth_type == 0x86DD:
        plen, proto = struct.unpack("!HB", ip[4:7])
        seg = ip[40:40 + plen]
        pseudo = ones_sum(ip[8:40] + struct.pack("!IxxxB", len(seg), proto))
        return proto, pseudo, seg
    return None


def main(path):
    full = partial = 0
    bad = []
    for n, frame in enumerate(packets(path), 1):
        found = l4(frame)
        if not found or found[0] not in CHECK_OFFSET:
            continue
        proto, pseudo, seg = found
        off = CHECK_OFFSET[proto]
        field = struct.unpack("!H", seg[off:off + 2])[0]
        start = 0 if proto == ICMP else pseudo
        # An IPv4 UDP checksum of 0 means the sender sent none (RFC 768).
        no_checksum = proto == UDP and field == 0 and frame[12:14] == b"\x08\x00"
        if no_checksum or ones_sum(seg, start) == 0xFFFF:
            full += 1
        elif proto in (TCP, UDP) and field == pseudo:
            partial += 1
        else:
            bad.append(f"packet {n}: protocol {proto}, checksum {field:#06x}, length {len(seg)}")
    print(f"{path}: {full} complete, {partial} left to offload with a valid seed, {len(bad)} bad")
    for line in bad:
        print(f"  {line}")
    if bad:
        return 1
    return 0 if full + partial else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
