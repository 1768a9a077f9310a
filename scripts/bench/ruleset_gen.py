#!/usr/bin/env python3
"""Realistic large rulesets for scripts/bench/ruleset_size.sh (issue 25, item 3).

  ruleset_gen.py N SEED     N rules of an edge firewall, in xgw's rule language, on stdout

Unlike fw_rules.py (one disjoint /24 per rule), these overlap as real rulesets do: sources and
destinations are drawn from a pool of nested prefixes (/8 down to /32, many inside each other),
ports are single ports, short and long ranges and lists that overlap, and rules mix protocols,
directions, interfaces, keep-state and not-prefixes. The same SEED gives the same ruleset.
"""
import random
import sys


def prefix_pool(rng, size):
    """Nested prefixes: a few /8s, /16s inside them, /24s inside those, hosts inside those."""
    pool = []
    for _ in range(size):
        a = rng.choice([10, 172, 192, 100, 198, 203])
        b, c, d = rng.randrange(256), rng.randrange(256), rng.randrange(1, 255)
        length = rng.choice([8, 12, 16, 16, 20, 24, 24, 24, 28, 32, 32, 32])
        addr = [a, b, c, d]
        # zero the host bits so the prefix is canonical
        value = (a << 24) | (b << 16) | (c << 8) | d
        value &= (0xffffffff << (32 - length)) & 0xffffffff
        addr = [(value >> s) & 255 for s in (24, 16, 8, 0)]
        pool.append(f"{addr[0]}.{addr[1]}.{addr[2]}.{addr[3]}/{length}")
    return pool


def ports(rng):
    kind = rng.randrange(5)
    if kind == 0:
        return str(rng.choice([22, 25, 53, 80, 110, 123, 143, 443, 993, 3306, 5432, 8080]))
    if kind == 1:
        lo = rng.randrange(1, 60000)
        return f"{lo}-{lo + rng.randrange(1, 50)}"
    if kind == 2:
        lo = rng.randrange(1024, 30000)
        return f"{lo}-{lo + rng.randrange(1000, 30000)}"
    if kind == 3:
        return ",".join(str(p) for p in sorted(rng.sample(range(1, 10000), rng.randrange(2, 5))))
    return "1024-65535"


def addr(rng, pool):
    r = rng.random()
    if r < 0.15:
        return "any"
    p = rng.choice(pool)
    return ("not " + p) if r > 0.95 else p


def rule(rng, pool, number):
    action = rng.choice(["allow", "allow", "allow", "deny", "deny", "count"])
    proto = rng.choice(["tcp", "tcp", "udp", "ip", "icmp"])
    src, dst = addr(rng, pool), addr(rng, pool)
    text = f"{number} {action} {proto} from {src}"
    if proto in ("tcp", "udp") and rng.random() < 0.2:
        text += " " + ports(rng)
    text += f" to {dst}"
    if proto in ("tcp", "udp") and rng.random() < 0.8:
        text += " " + ports(rng)
    if rng.random() < 0.5:
        text += " " + rng.choice(["in recv c0", "in recv s0", "out xmit s0", "in", "out"])
    if action == "allow" and proto == "tcp" and rng.random() < 0.3:
        text += " setup keep-state"
    elif action == "allow" and proto == "udp" and rng.random() < 0.3:
        text += " keep-state"
    return text


def main():
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    pool = prefix_pool(rng, max(64, n // 3))
    for i in range(n):
        print(rule(rng, pool, 10 + i))
    print(f"{10 + n} deny ip from any to any")


if __name__ == "__main__":
    main()
