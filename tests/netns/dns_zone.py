#!/usr/bin/env python3
"""Writes test_dns.sh's zone for nsd and the list of queries (name type) asked of it."""
import sys

zone_path, queries_path, origin = sys.argv[1], sys.argv[2], sys.argv[3]
hosts = 60
zone = [
    f"$ORIGIN {origin}.",
    "$TTL 300",
    "@ IN SOA ns admin 1 3600 600 86400 300",
    "@ IN NS ns",
    "ns IN A 198.51.100.2",
    "@ IN MX 10 mail",
    "mail IN A 198.51.100.25",
]
queries = []
for i in range(hosts):
    zone += [
        f"h{i} IN A 10.0.{i // 250}.{i % 250 + 1}",
        f"h{i} IN AAAA 2001:db8:99::{i + 1:x}",
        f"h{i} IN MX {i % 20} mail",
        f'h{i} IN TXT "host {i}" "second string {i}"',
        f"c{i} IN CNAME c{i}b",
        f"c{i}b IN CNAME h{i}",
    ]
    queries += [f"h{i}.{origin} A", f"h{i}.{origin} AAAA", f"h{i}.{origin} MX",
                f"h{i}.{origin} TXT", f"c{i}.{origin} A",
                f"nx{i}.{origin} A",     # NXDOMAIN
                f"h{i}.{origin} SRV"]    # NODATA
# An RRset too large for the forwarder's 1232-byte EDNS0 buffer: nsd sets TC over UDP.
zone += [f'big IN TXT "{"x" * 200} {n}"' for n in range(12)]
open(zone_path, "w").write("\n".join(zone) + "\n")
open(queries_path, "w").write("\n".join(queries) + "\n")
