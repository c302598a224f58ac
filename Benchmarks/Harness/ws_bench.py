#!/usr/bin/env python3
"""WebSocket echo benchmark: echoes per second with 64 clients, pagi-server against
hummingbird-websocket and uvicorn, interleaved in one run.

Each server is started fresh (Hummingbird with its WebSocket upgrade, uvicorn without
permessage-deflate, which Hummingbird does not offer), then `ws-load` (a raw SwiftNIO client in
this package) keeps one 32-byte text message in flight per connection; the table gives the
median of the rounds. A server that refuses the handshake is reported as such.

Run by `Benchmarks/run websocket` after the build; see docs/performance.md.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys

from http_bench import BENCH, Server, server_commands

WEBSOCKET_FLAGS = {
    "hummingbird": ["--websocket"],
    "uvicorn": ["--ws-per-message-deflate", "false"],
}


def run_load(port, args):
    argv = [os.path.join(BENCH, ".build/release/ws-load"), "--port", str(port), "--connections", str(args.connections),
            "--duration", str(args.duration), "--message-size", str(args.message_size)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=args.duration + 60)
    match = re.search(r"echoes/s: (\d+)", done.stdout)
    if not match:
        return None, (done.stderr.strip().splitlines() or ["no output"])[0]
    return int(match.group(1)), None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--servers", nargs="+", default=["pagi", "hummingbird", "uvicorn"])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--uvicorn-workers", type=int, default=1)
    parser.add_argument("--venv", default=os.path.join(BENCH, ".venv"))
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--message-size", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=4)
    parser.add_argument("--baseline", help="another pagi-server binary, served as pagi-baseline (add it to --servers)")
    args = parser.parse_args()

    servers, refused = {}, {}
    try:
        for name, argv in server_commands(args).items():
            servers[name] = Server(name, argv + WEBSOCKET_FLAGS.get(name.split("-")[0], []))
        rounds = {name: [] for name in servers}
        for _ in range(args.rounds):  # Interleaved: A B C, A B C, ...
            for name, server in servers.items():
                if name in refused:
                    continue
                rate, error = run_load(server.port, args)
                if rate is None:
                    refused[name] = error
                else:
                    rounds[name].append(rate)
        peak = {name: server.memory_kib("VmHWM") for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()

    print(f"\nWebSocket echo, {args.connections} connections, {args.message_size}-byte text messages; "
          f"medians of {args.rounds} interleaved {args.duration}-second rounds:\n")
    print("| server | echoes/s | peak RSS MiB | PAGI / server |")
    print("|---|---:|---:|---:|")
    pagi = statistics.median(rounds["pagi"]) if rounds.get("pagi") else None
    for name in servers:
        if name in refused:
            print(f"| {name} | refused: {refused[name]} | {peak[name] / 1024:.1f} | - |")
            continue
        rate = statistics.median(rounds[name])
        ratio = f"{pagi / rate:.2f}x" if pagi else "-"
        print(f"| {name} | {rate:,.0f} | {peak[name] / 1024:.1f} | {ratio} |")


if __name__ == "__main__":
    sys.exit(main())
