#!/usr/bin/env python3
"""Endpoints for the NAT lab test: what each side saw, so the test can check the translation."""
import hashlib
import json
import random
import socket
import struct
import sys
import time


def tcp_sink(port, out):
    """Accepts one connection, reads it to the end; writes 'PEER SHA256'."""
    srv = socket.create_server(("0.0.0.0", int(port)))
    conn, peer = srv.accept()
    h = hashlib.sha256()
    while True:
        data = conn.recv(65536)
        if not data:
            break
        h.update(data)
    with open(out, "w") as f:
        f.write(f"{peer[0]} {h.hexdigest()}\n")


def udp_echo(port, log):
    """Answers every datagram with 'PEER_ADDR:PEER_PORT' and logs the same."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", int(port)))
    while True:
        data, peer = s.recvfrom(2048)
        line = f"{peer[0]}:{peer[1]}"
        with open(log, "a") as f:
            f.write(line + "\n")
        s.sendto(line.encode(), peer)


def udp_big_echo(port, family, log):
    """Answers every datagram with its own bytes (fragmented both ways when it is large) and
    logs 'PEER_ADDR SIZE'."""
    fam = socket.AF_INET6 if family == "6" else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind(("::" if family == "6" else "0.0.0.0", int(port)))
    while True:
        data, peer = s.recvfrom(65535)
        with open(log, "a") as f:
            f.write(f"{peer[0]} {len(data)}\n")
        s.sendto(data, peer)


def udp_big_ask(dst, port, size):
    """Sends SIZE random bytes in one datagram; exits 0 when the same bytes come back."""
    fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.settimeout(3)
    payload = bytes(random.getrandbits(8) for _ in range(int(size)))
    s.sendto(payload, (dst, int(port)))
    data, _ = s.recvfrom(65535)
    if data != payload:
        sys.exit(f"answer of {len(data)} bytes differs from the {len(payload)} sent")


def udp_ask(dst, port):
    """One request; prints the answer (the server's view of our address)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(3)
    s.sendto(b"hello", (dst, int(port)))
    print(s.recvfrom(2048)[0].decode())


def udp_count(port, expected, out):
    """Counts datagrams by source until `expected` arrived or 30 s passed; writes JSON."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind(("0.0.0.0", int(port)))
    s.settimeout(1)
    seen, total, deadline = set(), 0, time.time() + 30
    open(out + ".ready", "w").close()
    while total < int(expected) and time.time() < deadline:
        try:
            _, peer = s.recvfrom(64)
        except socket.timeout:
            continue
        seen.add(peer)
        total += 1
    with open(out, "w") as f:
        json.dump({"datagrams": total, "sources": len(seen),
                   "addresses": sorted({a for a, _ in seen})}, f)


def udp_flood(dst, port, sources, port_lo, count):
    """From each source address, one datagram from each of `count` source ports."""
    for src in sources.split(","):
        for i in range(int(count)):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((src, int(port_lo) + i))
            s.sendto(b"x", (dst, int(port)))
            s.close()
            if i % 200 == 199:
                time.sleep(0.01)


def udp_error(dst, port, ttl):
    """Sends one datagram with this TTL; prints 'TYPE CODE OFFENDER' of the ICMP error back."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_IP, 11, 1)  # IP_RECVERR
    s.setsockopt(socket.SOL_IP, socket.IP_TTL, int(ttl))
    s.connect((dst, int(port)))
    s.send(b"probe")
    deadline = time.time() + 3
    while time.time() < deadline:
        try:
            _, anc, _, _ = s.recvmsg(512, 512, socket.MSG_ERRQUEUE | socket.MSG_DONTWAIT)
        except BlockingIOError:
            time.sleep(0.05)
            continue
        for level, kind, data in anc:
            if level == socket.SOL_IP and kind == 11:
                _, origin, etype, code, _, _, _ = struct.unpack_from("=IBBBBII", data)
                offender = socket.inet_ntoa(data[20:24])
                print(etype, code, offender)
                return
    print("none")


if __name__ == "__main__":
    globals()[sys.argv[1].replace("-", "_")](*sys.argv[2:])
