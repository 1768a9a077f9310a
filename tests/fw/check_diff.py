#!/usr/bin/env python3
"""`xgw fw check` against the data path (issue 22): random rulesets with NAT, random packets.

gen SEED DIR COUNT   writes DIR/rules.conf (firewall + [nat]), DIR/checks.txt (one
                     `fw check` spec per packet) and DIR/packets.json
send DIR             sends DIR/packets.json from the client namespace (scapy, IP layer)
compare DIR          reads DIR/checks.jsonl (`fw check -f --json`) and DIR/server.pcap
                     (what reached the server) and prints every packet where they disagree:
                     accepted but missing, denied but arrived, or arrived with another source
"""
import json
import random
import sys

CLIENT_ADDRS = ["192.0.2.2", "192.0.2.3"]
SERVER = "198.51.100.2"
PORTS = [53, 80, 443, 1500, 8080]


def rand_rule(rng, num):
    proto = rng.choice(["udp", "tcp", "icmp", "ip"])
    src = rng.choice(["any", "192.0.2.2", "192.0.2.3", "192.0.2.0/24"])
    dst = rng.choice(["any", SERVER, "198.51.100.0/24"])
    ports = ""
    if proto in ("udp", "tcp") and rng.random() < 0.6:
        ports = " " + rng.choice(["53", "80", "443", "1000-2000", "8080", "53,80"])
    action = rng.choice(["allow", "allow", "deny", "count"])
    opts = []
    if rng.random() < 0.4:
        opts.append(rng.choice(["in recv c0", "in", "out xmit s0", "out"]))
    if action == "allow" and rng.random() < 0.3:
        opts.append("keep-state")
    if proto == "tcp" and action != "count" and rng.random() < 0.2:
        opts.append("setup")
    return f"{num} {action} {proto} from {src} to {dst}{ports} {' '.join(opts)}".rstrip()


def gen(seed, outdir, count):
    rng = random.Random(int(seed))
    rules = [rand_rule(rng, 100 + 10 * i) for i in range(rng.randint(3, 10))]
    # Out rules judge what the router sends too: let the rest out, or not.
    if rng.random() < 0.7:
        rules.append("60000 allow ip from any to any out")
    nat = rng.choice([
        "masquerade s0",
        "masquerade s0 from 192.0.2.2/32",
        "masquerade s0 from 192.0.2.0/24",
        "snat s0 to 198.51.100.50-198.51.100.51 from 192.0.2.3/32\nmasquerade s0",
        "",
    ])
    with open(f"{outdir}/rules.conf", "w") as f:
        f.write("\n".join(rules) + "\n")
        if nat:
            f.write("[nat]\n" + nat + "\n")
    packets = []
    for i in range(int(count)):
        proto = rng.choice(["udp", "tcp", "icmp"])
        # Source ports (and echo ids) of their own per seed: no binding of an earlier
        # ruleset's packets can hold them, so NAT keeps them, in the check and for real.
        p = {"proto": proto, "src": rng.choice(CLIENT_ADDRS), "dst": SERVER,
             "sport": 10000 + (int(seed) % 50) * 1000 + i, "dport": rng.choice(PORTS)}
        packets.append(p)
    with open(f"{outdir}/packets.json", "w") as f:
        json.dump(packets, f)
    with open(f"{outdir}/checks.txt", "w") as f:
        for p in packets:
            if p["proto"] == "icmp":
                # The check's ICMP echo id is its source port word: none, so id 0 here is
                # replaced by the echo id the packet really carries (see compare).
                f.write(f"in via c0 icmp from {p['src']} to {p['dst']} icmptypes 8\n")
            else:
                setup = " setup" if p["proto"] == "tcp" else ""
                f.write(f"in via c0 {p['proto']} from {p['src']} {p['sport']} "
                        f"to {p['dst']} {p['dport']}{setup}\n")


def send(outdir):
    from scapy.all import ICMP, IP, TCP, UDP, Raw, conf, send as l3send
    conf.verb = 0
    packets = json.load(open(f"{outdir}/packets.json"))
    frames = []
    for p in packets:
        ip = IP(src=p["src"], dst=p["dst"], ttl=64)
        if p["proto"] == "udp":
            frames.append(ip / UDP(sport=p["sport"], dport=p["dport"]) / Raw(b"xgw-check"))
        elif p["proto"] == "tcp":
            frames.append(ip / TCP(sport=p["sport"], dport=p["dport"], flags="S", seq=1))
        else:
            frames.append(ip / ICMP(type=8, id=p["sport"], seq=1) / Raw(b"xgw-check"))
    l3send(frames, inter=0.002)


def endpoint_of(pkt):
    from scapy.all import ICMP, IP, TCP, UDP
    ip = pkt[IP]
    if TCP in pkt:
        return "tcp", f"{ip.src}:{pkt[TCP].sport}", pkt[TCP].dport
    if UDP in pkt:
        return "udp", f"{ip.src}:{pkt[UDP].sport}", pkt[UDP].dport
    if ICMP in pkt and pkt[ICMP].type == 8:
        return "icmp", f"{ip.src} id {pkt[ICMP].id}", None
    return None, None, None


def compare(outdir):
    from scapy.all import IP, rdpcap
    packets = json.load(open(f"{outdir}/packets.json"))
    checks = [json.loads(line) for line in open(f"{outdir}/checks.jsonl") if line.strip()]
    if len(checks) != len(packets):
        sys.exit(f"{len(checks)} answers for {len(packets)} packets")
    # What arrived, by the packet's own mark: TCP/UDP destination port + source port, or echo id.
    arrived = {}
    for pkt in rdpcap(f"{outdir}/server.pcap"):
        if IP not in pkt or pkt[IP].dst != SERVER:
            continue
        proto, source, dport = endpoint_of(pkt)
        if proto:
            arrived.setdefault(proto, []).append((source, dport))
    diffs = 0
    for i, (p, c) in enumerate(zip(packets, checks)):
        want = c.get("leaves")
        src = want["source"] if want else None
        if p["proto"] == "icmp" and src:
            # The check sent echo id 0; this packet carries its own, which NAT keeps when free.
            src = src.rsplit(" id ", 1)[0] + f" id {p['sport']}"
        got = [s for s, d in arrived.get(p["proto"], [])
               if (p["proto"] == "icmp" and s.endswith(f" id {p['sport']}")) or
                  (p["proto"] != "icmp" and d == p["dport"] and s.endswith(f":{p['sport']}"))]
        accepted = c["verdict"] == "accepted"
        if accepted and not got:
            print(f"packet {i} {p}: check accepted it ({c.get('decided_by')}, leaves as {src}) "
                  "but it never arrived")
            diffs += 1
        elif not accepted and got:
            print(f"packet {i} {p}: check said {c['verdict']} by rule {c.get('rule')} at "
                  f"{c.get('decided_by')} ({c.get('route')}) but it arrived as {got}")
            diffs += 1
        elif accepted and src not in got:
            print(f"packet {i} {p}: check said it leaves as {src}, it arrived as {got}")
            diffs += 1
    total = len(packets)
    print(f"{total - diffs} agreed, {diffs} differed "
          f"({sum(1 for c in checks if c['verdict'] == 'accepted')} accepted)")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    {"gen": gen, "send": send, "compare": compare}[sys.argv[1]](*sys.argv[2:])
