#!/usr/bin/env python3
"""Lists the async frame sizes a Swift binary's async functions ask for, largest first.

Each async function has an "async function pointer" (a symbol ending in `Tu`): a 32-bit
relative pointer to the function, then the 32-bit size of its frame. A task keeps the frames
of its deepest call for as long as it lives, so these sizes are what an idle connection's task
holds (docs/performance.md, "The memory benchmark").

    python3 Benchmarks/Harness/async_frames.py .build/release/pagi-server [FILTER] [COUNT]
"""

import struct
import subprocess
import sys


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = sys.argv[1]
    needle = sys.argv[2] if len(sys.argv) > 2 else ""
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    symbols = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    pointers = [(int(parts[0], 16), parts[2]) for parts in (line.split() for line in symbols.splitlines())
                if len(parts) == 3 and parts[2].endswith("Tu")]
    headers = subprocess.run(["readelf", "-lW", binary], capture_output=True, text=True, check=True).stdout
    loads = [(int(p[2], 16), int(p[1], 16), int(p[4], 16)) for p in (line.split() for line in headers.splitlines())
             if p and p[0] == "LOAD"]
    data = open(binary, "rb").read()
    sized = []
    for address, name in pointers:
        for start, offset, size in loads:
            if start <= address < start + size:
                sized.append((struct.unpack_from("<iI", data, address - start + offset)[1], name))
                break
    names = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(n for _, n in sized),
                           capture_output=True, text=True, check=True).stdout.splitlines()
    rows = sorted(((size, name) for (size, _), name in zip(sized, names) if needle in name), reverse=True)
    for size, name in rows[:count]:
        print(size, name.removeprefix("async function pointer to "))


if __name__ == "__main__":
    main()
