#!/usr/bin/env python3
"""A fake Hayes modem on a pty: runs a command with its stdin/stdout on the pty's
slave side, plays the modem (and the remote host behind it) on the master side,
and records every byte the command sent to the modem.

The modem answers only what it is sent, so its output is a function of its input
and not of timing; the only timing it has is the optional dial delay.
"""
import argparse
import os
import select
import subprocess
import sys
import termios
import tty
import time


class Remote:
    """The host at the other end of a connected call: a login and password prompt."""

    def __init__(self, args):
        self.args = args
        self.state = "wait-cr" if args.wait_cr else "prompt"
        self.line = b""

    def start(self):
        return b"" if self.state == "wait-cr" else self.prompt_login()

    def prompt_login(self):
        self.state = "user"
        return self.args.login_prompt.encode()

    def feed(self, byte):
        if self.state == "wait-cr":
            return self.prompt_login() if byte in b"\r\n" else b""
        if self.state == "done":
            return b""
        if byte not in b"\r\n":
            self.line += byte
            return byte if self.state == "user" else b""
        line, self.line = self.line, b""
        if self.state == "user":
            self.user = line
            self.state = "password"
            return b"\r\n" + self.args.password_prompt.encode()
        if line == self.args.password.encode() and self.user == self.args.user.encode():
            self.state = "done"
            return b"\r\n" + self.args.welcome.encode()
        self.state = "user"
        return b"\r\nLogin incorrect\r\n" + self.args.login_prompt.encode()


class Modem:
    """Command mode: AT lines ending in CR; online mode: bytes go to the Remote."""

    def __init__(self, args):
        self.args = args
        self.echo = not args.no_echo
        self.line = b""
        self.remote = None
        self.dial = {}
        for spec in args.dial:
            number, _, result = spec.partition("=")
            self.dial[number] = result
        self.pending = []  # (time, bytes) answers that wait for a dial delay

    def result(self, text):
        return b"\r\n" + text.encode() + b"\r\n"

    def feed(self, byte):
        if self.remote is not None:
            return self.remote.feed(byte)
        if byte == b"\0":
            return b""
        out = byte if self.echo else b""
        if byte != b"\r":
            if byte != b"\n":
                self.line += byte
            return out
        line, self.line = self.line.decode("latin-1").strip(), b""
        return out + self.command(line)

    def command(self, line):
        upper = line.upper()
        if not upper.startswith("AT"):
            return b""
        if line in self.args.error:
            return self.result("ERROR")
        body = upper[2:]
        if body.startswith("D"):
            return self.dial_number(line[3:].lstrip("TPtp"))
        if body.startswith("A"):
            return self.connect("CONNECT " + self.args.answer_speed)
        if body.startswith("E0"):
            self.echo = False
        elif body.startswith("E1") or body.startswith("Z"):
            self.echo = not self.args.no_echo if body.startswith("Z") else True
        elif body.startswith("I"):
            return self.result("xgw fake modem 1.0") + self.result("OK")
        return self.result("OK")

    def dial_number(self, number):
        outcome = self.dial.get(number, self.args.default_dial)
        text, _, delay = outcome.partition("@")
        if text == "silent":
            return b""
        answer = self.connect(text) if text.startswith("CONNECT") else self.result(text)
        if delay:
            self.pending.append((time.monotonic() + float(delay), answer))
            return b""
        return answer

    def connect(self, text):
        self.remote = Remote(self.args)
        return self.result(text) + self.remote.start()


def wait_for_raw(slave):
    """Unsolicited output waits until the command has set the line raw; before
    that the slave's line discipline would echo it back."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if termios.tcgetattr(slave)[3] & termios.ECHO == 0:
            return
        time.sleep(0.005)


def serve(args, master, slave, child, transcript):
    modem = Modem(args)
    unsolicited = args.banner.encode().decode("unicode_escape").encode("latin-1")
    unsolicited += b"".join(modem.result("RING") for _ in range(args.ring))
    if unsolicited:
        wait_for_raw(slave)
        os.write(master, unsolicited)
    while True:
        now = time.monotonic()
        for due, answer in [p for p in modem.pending if p[0] <= now]:
            modem.pending.remove((due, answer))
            os.write(master, answer)
        exited = child.poll() is not None
        ready, _, _ = select.select([master], [], [], 0.05 if exited else 0.01)
        if not ready:
            if exited:
                return
            continue
        try:
            data = os.read(master, 4096)
        except OSError:
            return
        transcript.extend(data)
        if exited:
            continue  # the command restored its line, which may echo: record, never answer
        for i in range(len(data)):
            answer = modem.feed(data[i : i + 1])
            if answer:
                os.write(master, answer)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--transcript", required=True, help="file for the bytes sent to the modem")
    p.add_argument("--stderr", required=True, help="file for the command's standard error")
    p.add_argument("--dial", action="append", default=[],
                   help="NUMBER=RESULT[@DELAY]: CONNECT 38400, BUSY, NO CARRIER, silent...")
    p.add_argument("--default-dial", default="NO CARRIER")
    p.add_argument("--answer-speed", default="9600")
    p.add_argument("--error", action="append", default=[], help="AT command answered ERROR")
    p.add_argument("--no-echo", action="store_true", help="start with ATE0")
    p.add_argument("--ring", type=int, default=0, help="unsolicited RINGs at start")
    p.add_argument("--banner", default="", help="unsolicited text at start (escapes allowed)")
    p.add_argument("--wait-cr", action="store_true", help="remote prompts only after a CR")
    p.add_argument("--login-prompt", default="\r\nlogin: ")
    p.add_argument("--password-prompt", default="Password: ")
    p.add_argument("--user", default="ppp")
    p.add_argument("--password", default="GaGariN")
    p.add_argument("--welcome", default="Welcome to the test host\r\nStarting PPP\r\n")
    p.add_argument("--cooked", action="store_true", help="leave the pty in its default mode")
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    master, slave = os.openpty()
    if not args.cooked:
        tty.setraw(slave)  # as pppd leaves the line before it runs its connect script
    with open(args.stderr, "wb") as err:
        child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=err,
                                 start_new_session=True)
    transcript = bytearray()
    try:
        serve(args, master, slave, child, transcript)
    finally:
        code = child.wait()
        with open(args.transcript, "wb") as out:
            out.write(transcript)
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()
