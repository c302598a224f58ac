#!/usr/bin/env python3
"""Shows which async frames an idle keep-alive connection's task keeps, slab by slab.

A Swift task allocates its async frames in slabs (984 bytes or the frame's size) and keeps
every slab until it ends, so an idle connection holds the slabs of the deepest call it ever
made: the application's, during its last request. This starts the server with an LD_PRELOAD
shim (task_slabs/task_slabs.c, built here with gcc) that follows the task allocator, makes a
few requests on one keep-alive connection, and prints that connection task's deepest path:
each frame's size, its slab, and the function that allocated it. Linux only.

    python3 Benchmarks/Harness/task_slabs.py .build/release/pagi-server [--app bench]
        [--path /plaintext] [--requests 5]

See docs/performance.md, "The memory benchmark".
"""

import argparse
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port, deadline=15.0):
    end = time.time() + deadline
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not listen on {port} within {deadline} s")


def symbolize(binary, base, addresses):
    offsets = [hex(address - base) for address in addresses]
    lines = subprocess.run(["addr2line", "-f", "-e", binary] + offsets, capture_output=True, text=True, check=True).stdout.splitlines()
    mangled = lines[0::2]
    demangled = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(mangled),
                               capture_output=True, text=True).stdout.splitlines()
    if len(demangled) != len(mangled):
        demangled = mangled
    return dict(zip(addresses, demangled))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--app", default="bench")
    parser.add_argument("--path", default="/plaintext")
    parser.add_argument("--requests", type=int, default=5)
    arguments = parser.parse_args()
    binary = os.path.realpath(arguments.binary)

    work = tempfile.mkdtemp(prefix="task-slabs-")
    shim = os.path.join(work, "task_slabs.so")
    subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-o", shim, os.path.join(HERE, "task_slabs", "task_slabs.c"), "-ldl"], check=True)
    report = os.path.join(work, "report.txt")
    port = free_port()
    environment = dict(os.environ, LD_PRELOAD=shim, TASK_SLABS_OUT=report)
    server = subprocess.Popen([binary, "--app", arguments.app, "--port", str(port), "--no-access-log"],
                              env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(port)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(arguments.requests):
            connection.request("GET", arguments.path)
            connection.getresponse().read()
        time.sleep(0.5)  # the connection is idle again, waiting for its next request
        server.send_signal(signal.SIGUSR2)
        for _ in range(50):
            if os.path.exists(report) and os.path.getsize(report) > 0:
                break
            time.sleep(0.1)
        time.sleep(0.2)
        connection.close()
    finally:
        server.terminate()
        server.wait(timeout=30)

    text = open(report).read().splitlines()
    base = None
    for line in text:
        match = re.match(r"MAP ([0-9a-f]+)-[0-9a-f]+ \S+ 00000000 \S+ \d+\s+(\S+)$", line)
        if match and os.path.realpath(match.group(2)) == binary:
            base = int(match.group(1), 16)
            break
    tasks = []
    for line in text:
        if line.startswith("TASK "):
            fields = line.split()
            tasks.append({"slabs": int(fields[3]), "bytes": int(fields[5]), "peak": [], "now": []})
        elif line.startswith(("PEAK ", "NOW ")):
            kind, slab, size, address = line.split()
            tasks[-1]["peak" if kind == "PEAK" else "now"].append((int(slab), int(size), int(address, 16)))
    if base is None or not tasks:
        raise SystemExit("no task with 3 slabs or more was reported")
    names = symbolize(binary, base, sorted({address for task in tasks for _, _, address in task["peak"] + task["now"]}))
    connection_tasks = [task for task in tasks if any("HTTP1Connection" in names[address] for _, _, address in task["now"])]
    task = max(connection_tasks or tasks, key=lambda task: task["slabs"])
    print(f"The connection's task holds {task['slabs']} slabs, {task['bytes']} bytes with their headers.")
    print(f"Its deepest path ({arguments.requests} requests to {arguments.path}); each frame is allocated by its caller:\n")
    print("| slab | frame bytes | allocated by |")
    print("|---:|---:|---|")
    for slab, size, address in task["peak"]:
        print(f"| {slab} | {size} | {names[address][:140]} |")


if __name__ == "__main__":
    sys.exit(main())
