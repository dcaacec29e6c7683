#!/usr/bin/env python3
"""Measures `gongshi serve`'s save -> reload time: the time from writing a ledger file to the
`reload` message on the live-reload WebSocket, as an open browser tab would receive it.

    python3 scripts/gen-site.py /tmp/bench-10k --tasks 10000
    cargo build --release
    python3 scripts/bench-serve.py /tmp/bench-10k [--runs 20] [--binary target/release/gongshi]

It starts `gongshi serve --port 0` on the site, waits for the first build, connects a
WebSocket client (written here with the standard library only), then edits one ledger entry
per run (alternating between two texts, so every save changes the page), each time writing the
file in place and timing until `reload` arrives. Right after the reload it asks for
data/datapackage.json, as a tab that downloads the open data would: serve writes the open-data
files after the reload and holds such requests until they are written, so its answer times
save -> fresh open data. The site is restored at the end. The server's own timing lines for
each rebuild (`rebuilt in`, and `data files written`) are printed too, to show what dominates.
"""

import argparse
import base64
import os
import re
import select
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path


class WebSocket:
    """The smallest client that can read text frames from a local server."""

    def __init__(self, host, port, path):
        self.sock = socket.create_connection((host, port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("connection closed during the handshake")
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"handshake refused: {head!r}")

    def _read(self, n, deadline):
        while len(self.buffer) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self.sock], [], [], left)
            if ready:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise RuntimeError("connection closed")
                self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def receive(self, timeout):
        """The next text message, or TimeoutError."""
        deadline = time.monotonic() + timeout
        while True:
            b0, b1 = self._read(2, deadline)
            opcode, length = b0 & 0x0F, b1 & 0x7F
            if length == 126:
                length = int.from_bytes(self._read(2, deadline), "big")
            elif length == 127:
                length = int.from_bytes(self._read(8, deadline), "big")
            payload = self._read(length, deadline)
            if opcode == 1:
                return payload.decode()
            if opcode == 8:
                raise RuntimeError("server closed the socket")
            # pings and other frames are ignored (the server sends none)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--binary", default="target/release/gongshi")
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between saves")
    args = parser.parse_args()

    tasks = sorted((args.site / "content" / "tasks").rglob("*.yaml"))
    ledger = next(
        (t for t in tasks if "    text: " in t.read_text(encoding="utf-8")), None
    )
    if ledger is None:
        sys.exit("no task with a ledger entry found")
    original = ledger.read_text(encoding="utf-8")
    first_text = re.search(r"^    text: (.*)$", original, re.M)

    def with_note(note):
        value = first_text.group(1)
        # Inside the quotes when the text is quoted, so the YAML stays valid.
        if len(value) > 1 and value[0] in "\"'" and value[-1] == value[0]:
            value = value[:-1] + note + value[-1]
        else:
            value += note
        return original.replace(first_text.group(0), f"    text: {value}", 1)

    variants = [with_note("（已核实）"), with_note("（再次核实）")]

    # The timings are read from serve's English lines (`rebuilt in N ms (…)`), whatever the
    # site's language: the Chinese ones are shorter and leave the timings out.
    server = subprocess.Popen(
        [args.binary, "serve", "--root", str(args.site), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "GONGSHI_LANG": "en"},
    )
    lines = []
    rebuilt = threading.Condition()

    def read_stderr():
        for line in server.stderr:
            with rebuilt:
                lines.append(line.rstrip("\n"))
                rebuilt.notify_all()

    threading.Thread(target=read_stderr, daemon=True).start()

    def wait_for(pattern, start, timeout):
        deadline = time.monotonic() + timeout
        with rebuilt:
            while True:
                for i in range(start, len(lines)):
                    m = re.search(pattern, lines[i])
                    if m:
                        return i, m
                left = deadline - time.monotonic()
                if left <= 0 or server.poll() is not None:
                    sys.exit("gongshi serve did not get there:\n" + "\n".join(lines))
                rebuilt.wait(left)

    try:
        # The address line is in the site's language ("serving …", "预览地址 …").
        _, m = wait_for(r" http://127\.0\.0\.1:(\d+)/", 0, 60)
        port = int(m.group(1))
        started = time.monotonic()
        seen, m = wait_for(r"^rebuilt in (\d+) ms", 0, 600)
        print(f"first build: {m.group(0)} (waited {time.monotonic() - started:.1f} s)")
        # The search index is built after the first build, off the rebuild path; wait for
        # it so that it does not compete with the measured rebuilds for the CPU.
        seen, m = wait_for(r"^search index updated.*", seen, 900)
        print(f"{m.group(0)} (after {time.monotonic() - started:.1f} s)")
        # That rebuild's open data is made afterwards too.
        seen, _ = wait_for(r"^data files written", seen, 60)
        ws = WebSocket("127.0.0.1", port, "/__livereload")
        print("connected:", ws.receive(10))
        package_url = f"http://127.0.0.1:{port}/data/datapackage.json"
        times = []
        data_times = []
        for run in range(args.runs):
            time.sleep(args.pause)
            # A reload nobody asked for would be taken for this save's and end it at once.
            try:
                while True:
                    stray = ws.receive(0.01)
                    print(f"warning: {stray!r} before the save: is something else editing the site?")
            except TimeoutError:
                pass
            text = variants[run % 2]
            t0 = time.perf_counter()
            with open(ledger, "w", encoding="utf-8") as f:
                f.write(text)
            while True:
                message = ws.receive(60)
                if message == "reload":
                    break
                if message == "errors":
                    sys.exit("the edit made the site invalid:\n" + "\n".join(lines[-20:]))
            elapsed = (time.perf_counter() - t0) * 1000
            with urllib.request.urlopen(package_url, timeout=60) as response:
                response.read()
            data_elapsed = (time.perf_counter() - t0) * 1000
            times.append(elapsed)
            data_times.append(data_elapsed)
            seen, m = wait_for(r"^rebuilt in .*", seen + 1, 60)
            seen, d = wait_for(r"^data files written .*", seen + 1, 60)
            print(
                f"run {run + 1:2}: save -> reload {elapsed:6.1f} ms, -> open data {data_elapsed:6.1f} ms"
                f"\n        {m.group(0)}\n        {d.group(0)}"
            )

        def summary(values):
            return (
                f"median {statistics.median(values):.1f} ms, min {min(values):.1f} ms, "
                f"max {max(values):.1f} ms"
            )

        print(
            f"\n{len(times)} saves of {ledger.relative_to(args.site)} on {len(tasks)} tasks:"
            f"\n  save -> reload:    {summary(times)}"
            f"\n  save -> open data: {summary(data_times)}"
        )
    finally:
        ledger.write_text(original, encoding="utf-8")
        server.terminate()
        try:
            # It removes its preview folder on the way out: tens of thousands of files
            # can take a while on a disk mounted with `discard`.
            server.wait(300)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
