#!/usr/bin/env python3
"""Rulesets and frames for scripts/bench/fw.sh.

  fw_rules.py rules N FORMAT [--allow-last]   N rules as xgw, nft or iptables-restore text
  fw_rules.py frame N WHICH OUT               a UDP/TCP frame for rule WHICH of N (or "none")

Rule i names its own source /24 (10.i/256.i%256.0/24) and one more field that varies with i:
a UDP port range, a TCP port with setup, a destination prefix, or a source port. So traffic can
be aimed at any one rule, and traffic from 172.16.0.1 matches none of them.
"""
import struct
import sys


def src(i):
    return f"10.{(i >> 8) & 255}.{i & 255}.0/24"


def rule(i, fmt):
    kind = i % 4
    s = src(i)
    if fmt == "xgw":
        return [f"deny udp from {s} to any 1000-2000",
                f"deny tcp from {s} to any 80 setup",
                f"deny ip from {s} to 198.51.100.0/24",
                f"deny udp from {s} 53 to any"][kind]
    if fmt == "nft":
        return ["ip saddr " + s + " udp dport 1000-2000 drop",
                "ip saddr " + s + " tcp dport 80 tcp flags & (syn | ack) == syn drop",
                "ip saddr " + s + " ip daddr 198.51.100.0/24 drop",
                "ip saddr " + s + " udp sport 53 drop"][kind]
    return [f"-A FORWARD -s {s} -p udp --dport 1000:2000 -j DROP",
            f"-A FORWARD -s {s} -p tcp --dport 80 --syn -j DROP",
            f"-A FORWARD -s {s} -d 198.51.100.0/24 -j DROP",
            f"-A FORWARD -s {s} -p udp --sport 53 -j DROP"][kind]


def rules(n, fmt, allow_last):
    body = [rule(i, fmt) for i in range(n - (1 if allow_last else 0))]
    if fmt == "xgw":
        if allow_last:
            body.append("allow ip from any to any")
        return "".join(f"{(i + 1) * 2} {r}\n" for i, r in enumerate(body))
    if fmt == "nft":
        lines = "".join(f"\t\t{r}\n" for r in body)
        return ("table ip xgwbench {\n\tchain filter_fwd {\n\t\ttype filter hook forward priority 0; policy accept;\n"
                f"{lines}\t}}\n}}\n")
    return "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n" + \
        "".join(r + "\n" for r in body) + "COMMIT\n"


def csum(data):
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    s = (s >> 16) + (s & 0xffff)
    return (~(s + (s >> 16))) & 0xffff


def frame(which):
    """The frame that rule `which` matches (first of its kind), or one that matches none."""
    if which == "none":
        saddr, kind = bytes([172, 16, 0, 1]), 0
    else:
        i = int(which)
        saddr, kind = bytes([10, (i >> 8) & 255, i & 255, 1]), i % 4
    daddr = bytes([198, 51, 100, 2])
    if kind == 1:
        l4 = struct.pack("!HHIIBBHHH", 40000, 80, 0, 0, 5 << 4, 0x02, 65535, 0, 0)
        proto = 6
    else:
        sport, dport = (53, 9) if kind == 3 else (40000, 1500 if kind == 0 else 9)
        l4 = struct.pack("!HHHH", sport, dport, 8 + 18, 0) + b"x" * 18
        proto = 17
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), 0, 0, 64, proto, 0, saddr, daddr)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    eth = bytes.fromhex("020000000101" "020000000102" "0800")
    return eth + ip + l4


def main(argv):
    if len(argv) >= 4 and argv[1] == "rules":
        sys.stdout.write(rules(int(argv[2]), argv[3], "--allow-last" in argv))
        return 0
    if len(argv) == 5 and argv[1] == "frame":
        open(argv[4], "wb").write(frame(argv[3]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
