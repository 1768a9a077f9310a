#!/usr/bin/env python3
"""Differential testing of xgw's firewall against nftables.

  fw_diff.py gen SEED RULES PACKETS OUTDIR   random ruleset (xgw.rules, nft.rules, policy) and
                                             random packets (packets.json) aimed at it
  fw_diff.py gen-state SEED RULES CONVS OUTDIR  the same with keep-state rules and no
                                             check-state, and conversations: a packet from the
                                             client and the server's answer to it
  fw_diff.py send PACKETS IFACE [SIDE]       sends the packets (scapy) of SIDE (client, the
                                             default, or server), each tagged with its id
  fw_diff.py delivered PCAP [SIDE]           ids of SIDE's tagged packets in a capture, as JSON
  fw_diff.py compare PACKETS RULES A B       per-packet verdicts A (xgw) vs B (nftables)

Every rule is an `in` rule (XDP on the router's c0, an nftables prerouting chain for c0), using
the fields both languages express: protocol, addresses (lists, negation, IPv4 and IPv6), ports
(lists, ranges), setup/established/tcpflags, icmptypes and the receiving interface.

gen-state: xgw also filters s0, where the answers come in. A keep-state rule has a narrow body
(client addresses, often one port) that an answer never matches: ipfw consults the flow at the
first keep-state rule reached, body or not. In nftables the keep-state rule marks its conntrack
entry and `ct mark` accepts at the place of the first keep-state rule.
"""
import ipaddress
import json
import random
import re
import struct
import sys

SRC4 = ["10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3/32", "10.1.2.128/25",
        "192.0.2.0/24", "192.0.2.2/32", "172.16.0.0/12", "0.0.0.0/0"]
SRC6 = ["2001:db8:1::/48", "2001:db8:1::/64", "2001:db8:1::2/128", "2001:db8:1::8/125",
        "2001:db8:1:0:8000::/65", "2001:db8::/32", "::/0"]
DST4 = ["198.51.100.0/24", "198.51.100.0/30", "198.51.100.2/32", "198.51.100.4/31",
        "198.51.100.8/29", "10.0.0.0/8", "0.0.0.0/0"]
DST6 = ["2001:db8:2::/64", "2001:db8:2::/126", "2001:db8:2::2/128", "2001:db8:2::8/125",
        "2001:db8::/32", "2001:db8:9::/48", "::/0"]
# Addresses behind the router's s0 that it has static neighbours for (the test adds them).
DSTS4 = [f"198.51.100.{i}" for i in range(2, 12)]
DSTS6 = [f"2001:db8:2::{i:x}" for i in range(2, 12)]
PORTS = [1, 22, 25, 53, 80, 443, 1023, 1024, 5000, 8080, 65535]
ICMP4 = [0, 3, 8, 11, 13]
ICMP6 = [1, 128, 129, 135]
FLAGS = {"fin": 0x01, "syn": 0x02, "rst": 0x04, "psh": 0x08, "ack": 0x10, "urg": 0x20,
         "ece": 0x40, "cwr": 0x80}
MARK = b"XGWD"
# The client-side hosts conversations come from; the router has static neighbours for them.
CLIENTS4 = [f"192.0.2.{i}" for i in range(2, 12)]
CLIENTS6 = [f"2001:db8:1::{i:x}" for i in range(2, 12)]
KEEP4 = ["192.0.2.0/24", "192.0.2.0/28", "192.0.2.2/32", "192.0.2.4/30", "192.0.2.8/29"]
KEEP6 = ["2001:db8:1::/64", "2001:db8:1::/124", "2001:db8:1::2/128", "2001:db8:1::4/126"]
ANSWER_BASE = 500000  # ids of the server's answers: the client's packet's id + ANSWER_BASE


def prefix_text(p):
    net = ipaddress.ip_network(p)
    full = net.prefixlen == net.max_prefixlen
    return str(net.network_address) if full else str(net)


class Rule:
    def __init__(self, rng, number):
        self.number = number
        self.action = rng.choice(["allow", "allow", "deny", "deny", "reject", "count"])
        self.proto = rng.choice(["ip", "ip4", "ip6", "tcp", "tcp", "udp", "udp", "icmp", "icmp6", "47"])
        fam = {"ip4": 4, "icmp": 4, "ip6": 6, "icmp6": 6}.get(self.proto, rng.choice([4, 6]))
        self.src = self.address(rng, SRC4 if fam == 4 else SRC6, SRC6 if fam == 4 else SRC4)
        self.dst = self.address(rng, DST4 if fam == 4 else DST6, DST6 if fam == 4 else DST4)
        porty = self.proto in ("tcp", "udp")
        self.sports = self.ports(rng) if porty and rng.random() < 0.2 else []
        self.dports = self.ports(rng) if porty and rng.random() < 0.5 else []
        self.recv = rng.choice(["c0", "u0"]) if rng.random() < 0.15 else None
        self.tcp = None
        if self.proto in ("tcp", "ip", "ip4", "ip6") and rng.random() < 0.3:
            kind = rng.choice(["setup", "established", "flags"])
            if kind == "flags":
                names = rng.sample(sorted(FLAGS), rng.randint(1, 3))
                kind = [("!" if rng.random() < 0.4 else "") + n for n in names]
            self.tcp = kind
        self.icmptypes = None
        if self.proto in ("icmp", "icmp6") and rng.random() < 0.5:
            pool = ICMP4 if self.proto == "icmp" else ICMP6
            self.icmptypes = sorted(set(rng.sample(pool, rng.randint(1, 2))))

    @staticmethod
    def address(rng, pool, other):
        r = rng.random()
        if r < 0.35:
            return None  # any
        items = [rng.choice(pool)]
        if r > 0.75:
            items += [rng.choice(pool if rng.random() < 0.7 else other) for _ in range(rng.randint(1, 2))]
        return (rng.random() < 0.25, items)

    @staticmethod
    def ports(rng):
        out = []
        for _ in range(rng.randint(1, 3)):
            lo = rng.choice(PORTS)
            hi = lo if rng.random() < 0.5 else min(65535, lo + rng.choice([1, 10, 1000]))
            out.append((lo, hi))
        return out

    def keep_state(self, rng):
        """Turns the rule into a narrow keep-state allow: client sources, TCP or UDP."""
        self.action = "allow"
        self.proto = rng.choice(["tcp", "udp"])
        fam = rng.choice([4, 6])
        self.src = (False, [rng.choice(KEEP4 if fam == 4 else KEEP6)])
        self.dst = self.address(rng, DST4 if fam == 4 else DST6, DST4 if fam == 4 else DST6)
        if self.dst and self.dst[0]:
            self.dst = None
        self.sports = []
        self.dports = self.ports(rng) if rng.random() < 0.6 else []
        self.recv = None
        self.tcp = None
        self.icmptypes = None
        self.state = True
        return self

    state = False

    def xgw(self):
        def addr(a):
            if a is None:
                return "any"
            neg, items = a
            body = prefix_text(items[0]) if len(items) == 1 else "{" + ",".join(prefix_text(i) for i in items) + "}"
            return ("not " if neg else "") + body

        def ports(ps):
            return "" if not ps else " " + ",".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in ps)

        text = f"{self.number} {self.action} {self.proto} from {addr(self.src)}{ports(self.sports)}" \
               f" to {addr(self.dst)}{ports(self.dports)} in"
        if self.recv:
            text += f" recv {self.recv}"
        if self.tcp in ("setup", "established"):
            text += " " + self.tcp
        elif self.tcp:
            text += " tcpflags " + ",".join(self.tcp)
        if self.icmptypes:
            text += " icmptypes " + ",".join(map(str, self.icmptypes))
        if self.state:
            text += " keep-state"
        return text

    def nft(self, ct_mark=None):
        """nftables rules that together match what this rule matches: one per IP family."""
        out = []
        for fam in (4, 6):
            terms = self.nft_terms(fam)
            if terms is not None:
                verdict = {"allow": "accept", "deny": "drop", "reject": "drop", "count": "counter"}[self.action]
                if self.state:
                    verdict = f"ct mark set {ct_mark} accept"
                out.append(" ".join(terms + [verdict]))
        return out

    def nft_terms(self, fam):
        need = {"ip4": 4, "icmp": 4, "ip6": 6, "icmp6": 6}.get(self.proto)
        if need and need != fam:
            return None
        terms = ["meta nfproto " + ("ipv4" if fam == 4 else "ipv6")]
        l4 = {"tcp": "tcp", "udp": "udp", "icmp": "icmp", "icmp6": "ipv6-icmp", "47": "47"}.get(self.proto)
        if self.tcp:
            l4 = "tcp"
        if l4:
            terms.append(f"meta l4proto {l4}")
        for field, a in (("saddr", self.src), ("daddr", self.dst)):
            if a is None:
                continue
            neg, items = a
            mine = [ipaddress.ip_network(i) for i in items if ipaddress.ip_network(i).version == fam]
            if not mine:
                if neg:
                    continue  # not {other family}: every address of this family
                return None
            nets = ", ".join(str(n) for n in ipaddress.collapse_addresses(mine))
            terms.append(f"{'ip' if fam == 4 else 'ip6'} {field} {'!= ' if neg else ''}{{ {nets} }}")
        for field, ps in (("sport", self.sports), ("dport", self.dports)):
            if ps:
                terms.append(f"{self.proto} {field} {{ {', '.join(merge_ranges(ps))} }}")
        if self.recv:
            terms.append(f'iifname "{self.recv}"')
        if self.tcp == "setup":
            terms.append("tcp flags & (syn | ack) == syn")
        elif self.tcp == "established":
            terms.append("tcp flags & (rst | ack) != 0")
        elif self.tcp:
            want = sum(FLAGS[f] for f in self.tcp if not f.startswith("!"))
            mask = sum(FLAGS[f.lstrip("!")] for f in self.tcp)
            terms.append(f"tcp flags & {mask:#x} == {want:#x}")
        if self.icmptypes:
            kw = "icmp type" if self.proto == "icmp" else "icmpv6 type"
            terms.append(f"{kw} {{ {', '.join(map(str, self.icmptypes))} }}")
        return terms


def merge_ranges(ps):
    out = []
    for lo, hi in sorted(ps):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in out]


def packet_src(rng, fam):
    net = ipaddress.ip_network(rng.choice([p for p in (SRC4 if fam == 4 else SRC6) if not p.startswith(("0.", "::/"))]))
    how = rng.randrange(4)
    if how == 0:
        addr = net.network_address
    elif how == 1:
        addr = net.broadcast_address
    elif how == 2 and net.prefixlen > 0:  # just outside the prefix
        addr = net.broadcast_address + 1 if rng.random() < 0.5 else net.network_address - 1
    else:
        addr = net.network_address + rng.randrange(net.num_addresses)
    return str(addr)


def gen_packets(rng, count):
    out = []
    for i in range(count):
        fam = rng.choice([4, 6])
        proto = rng.choice(["tcp", "tcp", "udp", "udp", "icmp", "47"])
        p = {"id": i, "fam": fam, "src": packet_src(rng, fam),
             "dst": rng.choice(DSTS4 if fam == 4 else DSTS6), "proto": proto}
        if proto in ("tcp", "udp"):
            p["sport"] = max(1, min(65535, rng.choice(PORTS) + rng.choice([-1, 0, 0, 1])))
            p["dport"] = max(1, min(65535, rng.choice(PORTS) + rng.choice([-1, 0, 0, 1])))
        if proto == "tcp":
            p["flags"] = rng.choice([0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x14, rng.randrange(256)])
        if proto == "icmp":
            p["type"] = rng.choice(ICMP4 if fam == 4 else ICMP6)
        out.append(p)
    return out


def cmd_gen(seed, nrules, npackets, outdir):
    rng = random.Random(int(seed))
    numbers = sorted(rng.sample(range(1, 65000), int(nrules)))
    rules = [Rule(rng, n) for n in numbers]
    policy = rng.choice(["accept", "deny"])
    with open(f"{outdir}/xgw.rules", "w") as f:
        f.write("\n".join(r.xgw() for r in rules) + "\n")
    with open(f"{outdir}/policy", "w") as f:
        f.write(policy + "\n")
    body = "\n".join(f"\t\t{line}" for r in rules for line in r.nft())
    with open(f"{outdir}/nft.rules", "w") as f:
        f.write("table inet xgwdiff {\n\tchain pre {\n"
                f"\t\ttype filter hook prerouting priority -300; policy {'accept' if policy == 'accept' else 'drop'};\n"
                '\t\tiifname != "c0" accept\n'
                f"{body}\n\t}}\n}}\n")
    with open(f"{outdir}/packets.json", "w") as f:
        json.dump(gen_packets(rng, int(npackets)), f)


def gen_conversations(rng, count):
    """Client packets and the server's answers (ids + ANSWER_BASE); some answers are unasked."""
    out = []
    for i in range(count):
        fam = rng.choice([4, 6])
        proto = rng.choice(["tcp", "udp"])
        p = {"id": i, "fam": fam, "src": rng.choice(CLIENTS4 if fam == 4 else CLIENTS6),
             "dst": rng.choice(DSTS4 if fam == 4 else DSTS6), "proto": proto,
             "sport": rng.choice([1024, 5000, 40000 + rng.randrange(1000)]),
             "dport": max(1, min(65535, rng.choice(PORTS) + rng.choice([-1, 0, 0, 1])))}
        if proto == "tcp":
            p["flags"] = 0x02
        answer = dict(p, id=i + ANSWER_BASE, side="server", src=p["dst"], dst=p["src"],
                      sport=p["dport"], dport=p["sport"])
        if proto == "tcp":
            answer["flags"] = 0x12
        if rng.random() < 0.85:  # else the answer comes unasked
            out.append(p)
        out.append(answer)
    return out


def cmd_gen_state(seed, nrules, nconvs, outdir):
    rng = random.Random(int(seed))
    numbers = sorted(rng.sample(range(1, 65000), int(nrules)))
    rules = [Rule(rng, n) for n in numbers]
    for r in rules:
        if rng.random() < 0.2:
            r.keep_state(rng)
    policy = rng.choice(["accept", "deny"])
    mark = 0x100 + int(seed)  # a mark per seed: conntrack entries of earlier seeds stay apart
    with open(f"{outdir}/xgw.rules", "w") as f:
        f.write("\n".join(r.xgw() for r in rules) + "\n65001 allow ip from any to any out\n")
    with open(f"{outdir}/policy", "w") as f:
        f.write(policy + "\n")
    lines, probed = [], False
    for r in rules:
        if r.state and not probed:
            lines.append(f"ct mark {mark:#x} accept")
            probed = True
        lines += r.nft(f"{mark:#x}")
    body = "\n".join(f"\t\t{line}" for line in lines)
    with open(f"{outdir}/nft.rules", "w") as f:
        f.write("table inet xgwdiff {\n\tchain pre {\n"
                f"\t\ttype filter hook prerouting priority -150; policy {'accept' if policy == 'accept' else 'drop'};\n"
                '\t\tiifname != { "c0", "s0" } accept\n'
                f"{body}\n\t}}\n}}\n")
    with open(f"{outdir}/packets.json", "w") as f:
        json.dump(gen_conversations(rng, int(nconvs)), f)


# The Ethernet addresses of each side's frames to the router (tests/netns/lib.sh).
SIDE_MACS = {"client": ("02:00:00:00:01:02", "02:00:00:00:01:01"),
             "server": ("02:00:00:00:02:02", "02:00:00:00:02:01")}


def cmd_send(packets_file, iface, side="client"):
    from scapy.all import ICMP, IP, TCP, UDP, Ether, IPv6, Raw, sendp  # noqa: E402
    frames = []
    for p in json.load(open(packets_file)):
        if p.get("side", "client") != side:
            continue
        tag = MARK + b"%06d" % p["id"]
        l3 = IP(src=p["src"], dst=p["dst"], ttl=64) if p["fam"] == 4 else IPv6(src=p["src"], dst=p["dst"], hlim=64)
        if p["proto"] == "tcp":
            l4 = TCP(sport=p["sport"], dport=p["dport"], flags=p["flags"]) / Raw(tag)
        elif p["proto"] == "udp":
            l4 = UDP(sport=p["sport"], dport=p["dport"]) / Raw(tag)
        elif p["proto"] == "icmp" and p["fam"] == 4:
            l4 = ICMP(type=p["type"], code=0) / Raw(tag)
        elif p["proto"] == "icmp":
            l3.nh = 58
            l4 = Raw(bytes([p["type"], 0, 0, 0, 0, 0, 0, 0]) + tag)
        else:
            (l3.__setattr__("proto" if p["fam"] == 4 else "nh", 47))
            l4 = Raw(b"\0\0\x08\0" + tag)
        mac_src, mac_dst = SIDE_MACS[side]
        frames.append(Ether(src=mac_src, dst=mac_dst) / l3 / l4)
    sendp(frames, iface=iface, inter=0.0005, verbose=False)


def cmd_delivered(pcap, side="client"):
    """Ids of SIDE's packets in a capture taken at the other end (a reject's answer quoting one
    of the packets it receives does not count)."""
    answers = side == "server"
    data = open(pcap, "rb").read()
    ids, off = set(), 24
    while off + 16 <= len(data):
        incl = struct.unpack_from("<I", data, off + 8)[0]
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        m = re.search(re.escape(MARK) + rb"(\d{6})", frame)
        if m and (int(m.group(1)) >= ANSWER_BASE) == answers:
            ids.add(int(m.group(1)))
    print(json.dumps(sorted(ids)))


def cmd_compare(packets_file, rules_file, a_file, b_file):
    packets = json.load(open(packets_file))
    a, b = set(json.load(open(a_file))), set(json.load(open(b_file)))
    bad = [p for p in packets if (p["id"] in a) != (p["id"] in b)]
    print(f"{len(packets)} packets: xgw delivered {len(a)}, nftables {len(b)}, {len(bad)} differ")
    for p in bad[:10]:
        print(f"  differ: {json.dumps(p)}: xgw {'passed' if p['id'] in a else 'dropped'}, "
              f"nftables {'passed' if p['id'] in b else 'dropped'}")
    if bad:
        print(f"  ruleset: {rules_file}")
    if not a or len(a) == len(packets):
        print("  every packet got the same verdict: the ruleset tests nothing")
        return 1
    return 1 if bad else 0


def main(argv):
    cmds = {"gen": (cmd_gen, 4, 4), "gen-state": (cmd_gen_state, 4, 4), "send": (cmd_send, 2, 3),
            "delivered": (cmd_delivered, 1, 2), "compare": (cmd_compare, 4, 4)}
    if len(argv) < 2 or argv[1] not in cmds or not cmds[argv[1]][1] <= len(argv) - 2 <= cmds[argv[1]][2]:
        print(__doc__, file=sys.stderr)
        return 2
    return cmds[argv[1]][0](*argv[2:]) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
