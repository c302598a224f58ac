#!/usr/bin/env python3
"""HTTP load benchmark: pagi-server against its peers, interleaved, in one run.

For each scenario (endpoint x connection count) every server is started fresh, warmed up,
then loaded in rounds A B C D, A B C D, ... with wrk; the table gives each server's median
req/s, median p50 and p99 latency, peak RSS during the scenario, and PAGI's ratio to it.
Only ratios within one run mean anything: the load generator shares the machine's cores.

Started by Benchmarks/run, which builds the servers first; see docs/performance.md.
"""

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)

class Endpoint:
    def __init__(self, path, script=None, connections=None, events=None, skip=()):
        self.path = path
        self.script = os.path.join(HERE, script) if script else None
        self.connections = connections  # A fixed count instead of --connections.
        self.events = events  # Events per response: the table then shows events per second.
        self.skip = skip  # Servers without this endpoint.


ENDPOINTS = {
    "plaintext": Endpoint("/plaintext"),
    "json": Endpoint("/json"),
    "echo-1k": Endpoint("/echo", "post-1k.lua"),
    "stream-1m": Endpoint("/stream"),
    # 100 subscribers, each receiving streams of 1000 events.
    "sse": Endpoint("/sse?count=1000", "sse.lua", connections=[100], events=1000, skip=("nio",)),
}


def server_commands(args):
    """Every server, as name -> argv (with {port} to fill in)."""
    threads = str(args.threads)
    commands = {
        "pagi": [os.path.join(ROOT, ".build/release/pagi-server"), "--app", "bench", "--port", "{port}",
                 "--threads", threads, "--no-access-log", "--log-level", "warning"],
        # pagi-server with Swift concurrency's tasks on the event loops (NIO's executor takeover).
        "pagi-el": [os.path.join(ROOT, ".build/release/pagi-server"), "--app", "bench", "--port", "{port}",
                    "--threads", threads, "--no-access-log", "--log-level", "warning", "--event-loop-executor"],
        # pagi-server without timeouts (no watchdog): what the watchdog costs.
        "pagi-notimeouts": [os.path.join(ROOT, ".build/release/pagi-server"), "--app", "bench", "--port", "{port}",
                            "--threads", threads, "--no-access-log", "--log-level", "warning", "--timeout-header", "0",
                            "--timeout-body", "0", "--timeout-write", "0"],
        # pagi-server writing its access log (the default clf format) to /dev/null: the log's cost.
        "pagi-log": [os.path.join(ROOT, ".build/release/pagi-server"), "--app", "bench", "--port", "{port}",
                     "--threads", threads, "--log-level", "warning", "--access-log", "/dev/null"],
        # pagi-server without --proxy-headers: what looking for forwarding headers costs.
        "pagi-noproxy": [os.path.join(ROOT, ".build/release/pagi-server"), "--app", "bench", "--port", "{port}",
                         "--threads", threads, "--no-access-log", "--log-level", "warning", "--no-proxy-headers"],
        "hummingbird": [os.path.join(BENCH, ".build/release/hummingbird-bench"), "--port", "{port}", "--threads", threads],
        "nio": [os.path.join(BENCH, ".build/release/nio-bench"), "--port", "{port}", "--threads", threads],
        "uvicorn": [os.path.join(args.venv, "bin/uvicorn"), "uvicorn_app:app", "--app-dir", os.path.join(BENCH, "Peers"),
                    "--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning",
                    "--port", "{port}", "--workers", str(args.uvicorn_workers)],
    }
    baseline = getattr(args, "baseline", None)
    if baseline:
        # Another build of pagi-server (say, of the parent commit), run like "pagi": a change's
        # effect measured in one interleaved run.
        commands["pagi-baseline"] = [os.path.abspath(baseline)] + commands["pagi"][1:]
    unknown = [name for name in args.servers if name not in commands]
    if unknown:
        raise SystemExit(f"unknown servers: {', '.join(unknown)} (pagi-baseline needs --baseline BINARY)")
    return {name: commands[name] for name in args.servers}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, name, argv):
        self.name = name
        self.port = free_port()
        argv = [part.replace("{port}", str(self.port)) for part in argv]
        self.process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} exited: {self.process.stderr.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/plaintext", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{name} did not answer on port {self.port}")

    def pids(self):
        """The server's process and its descendants (uvicorn's workers)."""
        children = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as stat:
                        ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
                    children.setdefault(ppid, []).append(int(entry))
                except (OSError, IndexError, ValueError):
                    pass
        found, queue = [], [self.process.pid]
        while queue:
            pid = queue.pop()
            found.append(pid)
            queue.extend(children.get(pid, []))
        return found

    def memory_kib(self, field):
        """`VmRSS` (now) or `VmHWM` (peak) summed over the server's processes, in KiB."""
        total = 0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/status") as status:
                    for line in status:
                        if line.startswith(field + ":"):
                            total += int(line.split()[1])
            except OSError:
                pass
        return total

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(port, path, script, connections, seconds):
    argv = ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    if script:
        argv += ["-s", script]
    argv.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "errors": 0}
    for percentile in ("50", "99"):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        result[f"p{percentile}"] = float(match.group(1)) * LATENCY_UNITS[match.group(2)] if match else None
    for pattern in (r"Non-2xx or 3xx responses:\s+(\d+)", r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"):
        match = re.search(pattern, out)
        if match:
            result["errors"] += sum(int(group) for group in match.groups())
    return result


def scenario(endpoint, connections, commands, args):
    path, script = endpoint.path, endpoint.script
    servers = {}
    try:
        for server_name, argv in commands.items():
            if server_name.split("-")[0] not in endpoint.skip:
                servers[server_name] = Server(server_name, argv)
        time.sleep(0.5)
        idle = {server_name: server.memory_kib("VmRSS") for server_name, server in servers.items()}
        for server in servers.values():  # Warm-up, not counted.
            run_wrk(server.port, path, script, connections, args.warmup)
        runs = {server_name: [] for server_name in servers}
        for _ in range(args.rounds):  # Interleaved: A B C D, A B C D, ...
            for server_name, server in servers.items():
                runs[server_name].append(run_wrk(server.port, path, script, connections, args.duration))
        results = {}
        for server_name, server in servers.items():
            samples = runs[server_name]
            results[server_name] = {
                "rps": statistics.median(sample["rps"] for sample in samples) * (endpoint.events or 1),
                "p50": statistics.median(sample["p50"] for sample in samples if sample["p50"] is not None),
                "p99": statistics.median(sample["p99"] for sample in samples if sample["p99"] is not None),
                "errors": sum(sample["errors"] for sample in samples),
                "idle_rss_kib": idle[server_name],
                "peak_rss_kib": server.memory_kib("VmHWM"),
                "rounds": [sample["rps"] for sample in samples],
            }
        return results
    finally:
        for server in servers.values():
            server.stop()


def print_table(results, file=sys.stdout):
    print("| scenario | server | req/s (events/s) | p50 ms | p99 ms | idle RSS MiB | peak RSS MiB | errors | PAGI / server |", file=file)
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|", file=file)
    for scenario_name, by_server in results.items():
        pagi = by_server.get("pagi", {}).get("rps")
        for server_name, row in by_server.items():
            ratio = f"{pagi / row['rps']:.2f}x" if pagi and row["rps"] else "-"
            print(
                f"| {scenario_name} | {server_name} | {row['rps']:,.0f} | {row['p50']:.2f} | {row['p99']:.2f} "
                f"| {row['idle_rss_kib'] / 1024:.1f} | {row['peak_rss_kib'] / 1024:.1f} | {row['errors']} | {ratio} |",
                file=file,
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--servers", nargs="+", default=["pagi", "hummingbird", "nio", "uvicorn"])
    parser.add_argument("--endpoints", nargs="+", default=list(ENDPOINTS), choices=list(ENDPOINTS))
    parser.add_argument("--connections", nargs="+", type=int, default=[64, 256])
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="event-loop threads of each Swift server")
    parser.add_argument("--uvicorn-workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=4, help="seconds per measured run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per server and scenario")
    parser.add_argument("--venv", default=os.path.join(BENCH, ".venv"))
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--baseline", help="another pagi-server binary, served as pagi-baseline (add it to --servers)")
    args = parser.parse_args()

    commands = server_commands(args)
    results = {}
    for endpoint_name in args.endpoints:
        endpoint = ENDPOINTS[endpoint_name]
        for connections in endpoint.connections or args.connections:
            name = f"{endpoint_name} c{connections}"
            print(f"running {name} ...", file=sys.stderr, flush=True)
            results[name] = scenario(endpoint, connections, commands, args)
    print(f"\n{os.cpu_count()} cores; Swift servers with {args.threads} event-loop threads; "
          f"uvicorn with {args.uvicorn_workers} worker(s); medians of {args.rounds} interleaved "
          f"{args.duration}-second wrk runs after a {args.warmup}-second warm-up.\n")
    print_table(results)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=2)


if __name__ == "__main__":
    main()
