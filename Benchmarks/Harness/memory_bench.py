#!/usr/bin/env python3
"""Memory benchmark: idle connections and a long soak, pagi-server against its peers.

- idle: each server is started fresh and warmed up; then N keep-alive connections are opened,
  each makes one request and stays open, idle. Reported: RSS before and with the N
  connections, the cost per connection, and the open file descriptors once they are closed
  again (back to the baseline, or a leak).
- websocket: as idle, but each connection completes a WebSocket handshake on /ws (the echo
  endpoint) and then stays open, idle: the cost of an open WebSocket.
- soak: each server is warmed up (RSS and descriptors read), then loaded with wrk until it has
  answered at least --soak-requests requests (plain text, JSON and 1 KiB echo in turn); after
  the load RSS and descriptors are read again: RSS should stay within a few MiB of its
  warmed-up value, descriptors at their baseline.

Run by `Benchmarks/run memory` after the build; see docs/performance.md.
"""

import argparse
import asyncio
import os
import re
import subprocess
import sys
import time

from http_bench import ENDPOINTS, Server, run_wrk, server_commands

# Servers in this benchmark hold every connection: no keep-alive timeout, no connection cap.
HOLD_EVERYTHING = {
    "pagi": ["--timeout-keep-alive", "0", "--limit-concurrency", "0"],
}
# The flags that make a peer serve WebSockets on /ws.
WEBSOCKET_FLAGS = {"hummingbird": ["--websocket"], "uvicorn": ["--ws-per-message-deflate", "false"]}
UPGRADE = (b"GET /ws HTTP/1.1\r\nHost: bench\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")


def descriptors(server):
    return sum(len(os.listdir(f"/proc/{pid}/fd")) for pid in server.pids() if os.path.isdir(f"/proc/{pid}/fd"))


async def hold_connections(port, count, settle, websocket=False):
    """Opens `count` connections, one request on each (or a WebSocket handshake), and keeps
    them idle for `settle` seconds; returns them, still open."""
    request = UPGRADE if websocket else b"GET /plaintext HTTP/1.1\r\nHost: bench\r\n\r\n"
    opening = asyncio.Semaphore(256)  # Not more SYNs at once than the listen backlog takes.
    connections = []

    async def open_one():
        async with opening:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            if websocket:
                if b" 101 " not in head.split(b"\r\n", 1)[0]:
                    raise RuntimeError(f"handshake refused: {head[:40]!r}")
            else:
                length = int(re.search(rb"content-length: *(\d+)", head, re.I).group(1))
                await reader.readexactly(length)
            connections.append(writer)

    await asyncio.gather(*(open_one() for _ in range(count)))
    await asyncio.sleep(settle)
    return connections


async def close_all(connections):
    for writer in connections:
        writer.close()
    await asyncio.gather(*(writer.wait_closed() for writer in connections), return_exceptions=True)


def idle(commands, args, websocket=False):
    rows = []
    for name, argv in commands.items():
        flags = HOLD_EVERYTHING.get(name.split("-")[0], []) + (WEBSOCKET_FLAGS.get(name.split("-")[0], []) if websocket else [])
        server = Server(name, argv + flags)
        try:
            run_wrk(server.port, "/plaintext", None, 64, args.warmup)
            time.sleep(1)
            before_rss, before_fds = server.memory_kib("VmRSS"), descriptors(server)
            loop = asyncio.new_event_loop()
            connections = loop.run_until_complete(hold_connections(server.port, args.idle, settle=2, websocket=websocket))
            with_rss = server.memory_kib("VmRSS")
            loop.run_until_complete(close_all(connections))
            loop.close()
            time.sleep(2)
            rows.append({
                "server": name,
                "before_kib": before_rss,
                "with_kib": with_rss,
                "per_connection_kib": (with_rss - before_rss) / args.idle,
                "fds_before": before_fds,
                "fds_after": descriptors(server),
                "after_kib": server.memory_kib("VmRSS"),
            })
        finally:
            server.stop()
    what = "open WebSockets (handshake on /ws, then idle)" if websocket else "idle keep-alive connections, one request each"
    print(f"\n{args.idle} {what}:\n")
    print("| server | RSS before MiB | RSS with them MiB | KiB per connection | RSS after closing MiB | descriptors before | descriptors after |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['server']} | {row['before_kib'] / 1024:.1f} | {row['with_kib'] / 1024:.1f} | "
              f"{row['per_connection_kib']:.1f} | {row['after_kib'] / 1024:.1f} | {row['fds_before']} | {row['fds_after']} |")


def soak(commands, args):
    rows = []
    rotation = ["plaintext", "json", "echo-1k"]
    for name, argv in commands.items():
        server = Server(name, argv)
        try:
            run_wrk(server.port, "/plaintext", None, 64, args.warmup)
            time.sleep(1)
            warm_rss, warm_fds = server.memory_kib("VmRSS"), descriptors(server)
            total, rounds = 0, 0
            while total < args.soak_requests:
                endpoint = ENDPOINTS[rotation[rounds % len(rotation)]]
                result = run_wrk(server.port, endpoint.path, endpoint.script, 64, args.soak_round)
                total += int(result["rps"] * args.soak_round)
                rounds += 1
            time.sleep(2)
            rows.append({
                "server": name, "requests": total,
                "warm_kib": warm_rss, "after_kib": server.memory_kib("VmRSS"), "peak_kib": server.memory_kib("VmHWM"),
                "fds_warm": warm_fds, "fds_after": descriptors(server),
            })
        finally:
            server.stop()
    print(f"\nSoak: at least {args.soak_requests:,} requests (plain text, JSON, 1 KiB echo in turn, 64 connections):\n")
    print("| server | requests | RSS warmed up MiB | RSS after MiB | change MiB | peak RSS MiB | descriptors warmed up | descriptors after |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['server']} | {row['requests']:,} | {row['warm_kib'] / 1024:.1f} | {row['after_kib'] / 1024:.1f} | "
              f"{(row['after_kib'] - row['warm_kib']) / 1024:+.1f} | {row['peak_kib'] / 1024:.1f} | {row['fds_warm']} | {row['fds_after']} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", nargs="*", default=["idle", "soak"], choices=["idle", "websocket", "soak"])
    parser.add_argument("--servers", nargs="+", default=["pagi", "hummingbird"])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--uvicorn-workers", type=int, default=1)
    parser.add_argument("--venv", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".venv"))
    parser.add_argument("--idle", type=int, default=10_000, help="idle connections to hold")
    parser.add_argument("--soak-requests", type=int, default=1_000_000)
    parser.add_argument("--soak-round", type=int, default=10, help="seconds per wrk run of the soak")
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    commands = server_commands(args)
    if "idle" in args.what:
        idle(commands, args)
    if "websocket" in args.what:
        idle(commands, args, websocket=True)
    if "soak" in args.what:
        soak(commands, args)


if __name__ == "__main__":
    main()
