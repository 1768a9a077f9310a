#!/usr/bin/env python3
"""Differential test: runs a chat script through Debian's chat(8) and through
`xgw chat`, each against a fresh fake modem, and compares the exit code, the
bytes sent to the modem, the report file and standard error.

A case is a file in cases/: a chat script whose leading comment lines say how
to run it (chat itself skips them):
  # modem: ARGS     fake_modem.py arguments
  # flags: ARGS     chat options; REPORT stands for a report file, DATA for the data dir
  # args: yes       pass the script as arguments (shell-quoted) instead of -f FILE
  # compare: WHAT   subset of: code sent report stderr (default: all four)
  # env: NAME=VALUE environment for both runs
  # file: NAME=TEXT a file in the data dir (Python escapes allowed), for @ sends
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
TIME = re.compile(rb"[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} ")


def parse_case(path):
    meta = {"modem": [], "flags": [], "args": False, "env": {}, "files": {},
            "compare": ["code", "sent", "report", "stderr"]}
    body = []
    with open(path, encoding="utf-8") as f:
        for line in f.read().splitlines():
            m = re.match(r"# (\w+): (.*)$", line)
            if m and not body:
                key, value = m.groups()
                if key in ("modem", "flags"):
                    meta[key] += shlex.split(value)
                elif key == "args":
                    meta["args"] = value.strip() == "yes"
                elif key == "compare":
                    meta["compare"] = value.split()
                elif key == "env":
                    name, _, v = value.partition("=")
                    meta["env"][name] = v
                elif key == "file":
                    name, _, v = value.partition("=")
                    meta["files"][name] = v.encode().decode("unicode_escape")
                continue
            body.append(line)
    return meta, "\n".join(body) + "\n"


def run_one(program, meta, body, work):
    """Runs one program on a fresh modem; returns what the comparison looks at."""
    os.makedirs(work, exist_ok=True)
    data = os.path.join(work, "data")
    os.makedirs(data, exist_ok=True)
    for name, text in meta["files"].items():
        with open(os.path.join(data, name), "w", encoding="latin-1") as f:
            f.write(text)
    body = body.replace("DATA", data)
    report = os.path.join(work, "report.txt")
    flags = [f.replace("REPORT", report).replace("DATA", data) for f in meta["flags"]]
    if meta["args"]:
        script = shlex.split("\n".join(l for l in body.splitlines() if not l.startswith("#")))
    else:
        script_file = os.path.join(work, "script.chat")
        with open(script_file, "w", encoding="utf-8") as f:
            f.write(body)
        script = ["-f", script_file]
    transcript = os.path.join(work, "sent.bin")
    errors = os.path.join(work, "stderr.txt")
    env = dict(os.environ, **meta["env"])
    start = time.monotonic()
    code = subprocess.run([sys.executable, os.path.join(HERE, "fake_modem.py"),
                           "--transcript", transcript, "--stderr", errors] + meta["modem"]
                          + ["--"] + program + flags + script, env=env, timeout=120).returncode
    elapsed = time.monotonic() - start

    def read(path):
        if not os.path.exists(path):
            return b""
        with open(path, "rb") as f:
            text = f.read()
        text = TIME.sub(b"<time> ", text).replace(report.encode(), b"<report>")
        text = text.replace(work.encode(), b"<work>")
        return re.sub(rb"Usage: \S+( chat)?", b"Usage: chat", text)

    return {"code": code, "sent": read(transcript), "report": read(report),
            "stderr": read(errors)}, elapsed


def run_case(name, chat, xgw, keep):
    meta, body = parse_case(os.path.join(CASES, name + ".chat"))
    with tempfile.TemporaryDirectory(prefix="chat-diff-") as tmp:
        want, t_chat = run_one([chat], meta, body, os.path.join(tmp, "chat"))
        got, t_xgw = run_one([xgw, "chat"], meta, body, os.path.join(tmp, "xgw"))
    failures = [k for k in meta["compare"] if want[k] != got[k]]
    for k in failures:
        print(f"{name}: {k} differs\n  chat(8):  {want[k]!r}\n  xgw chat: {got[k]!r}")
    if keep or failures:
        print(f"{name}: chat(8) exit {want['code']}, xgw chat exit {got['code']}, "
              f"sent {want['sent']!r}")
    return not failures, t_chat, t_xgw


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--chat", default="/usr/sbin/chat")
    p.add_argument("--xgw", required=True)
    p.add_argument("--verbose", action="store_true")
    p.add_argument("cases", nargs="*", help="case names (default: every case)")
    args = p.parse_args()
    names = args.cases or sorted(f[:-5] for f in os.listdir(CASES) if f.endswith(".chat"))
    passed = failed = 0
    total_chat = total_xgw = 0.0
    for name in names:
        ok, t_chat, t_xgw = run_case(name, args.chat, args.xgw, args.verbose)
        passed, failed = passed + ok, failed + (not ok)
        total_chat, total_xgw = total_chat + t_chat, total_xgw + t_xgw
        print(f"{'PASS' if ok else 'FAIL'} {name} (chat {t_chat:.2f}s, xgw {t_xgw:.2f}s)")
    if len(names) > 1:
        print(f"time over the suite: chat(8) {total_chat:.2f}s, xgw chat {total_xgw:.2f}s, "
              f"ratio xgw/chat {total_xgw / total_chat:.3f}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(0 if failed == 0 and passed > 0 else 1)


if __name__ == "__main__":
    main()
