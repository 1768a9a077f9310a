#!/usr/bin/env python3
"""An upstream that tries to poison the forwarder, for test_dns.sh.

For every query on ADDR:PORT it first sends forged answers (FAKE as the address): one from another
source port (PORT+1) with the right ID, one from PORT with a wrong ID; then, after a short pause,
the true answer (REAL) from PORT. A forwarder that takes a forged answer caches FAKE.
"""
import socket
import struct
import sys
import time


def question_end(msg):
    at = 12
    while msg[at]:
        at += 1 + msg[at]
    return at + 1 + 4


def answer(query, query_id, addr):
    end = question_end(query)
    flags = 0x8180  # QR RD RA
    header = struct.pack("!HHHHHH", query_id, flags, 1, 1, 0, 0)
    rr = struct.pack("!HHHIH", 0xC00C, 1, 1, 60, 4) + socket.inet_aton(addr)
    return header + query[12:end] + rr


def main():
    listen, port, fake, real = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((listen, port))
    other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    other.bind((listen, port + 1))
    while True:
        query, peer = sock.recvfrom(4096)
        (qid,) = struct.unpack("!H", query[:2])
        other.sendto(answer(query, qid, fake), peer)
        sock.sendto(answer(query, qid ^ 0x5A5A, fake), peer)
        time.sleep(0.2)
        sock.sendto(answer(query, qid, real), peer)


if __name__ == "__main__":
    main()
