#!/usr/bin/env python3
"""Summarises an Autobahn|Testsuite fuzzingclient report (its index.json) as Markdown.

Usage: autobahn_summary.py PATH/TO/index.json

Prints one table row per section (1 to 13) with the count of each behavior, then every case
whose behavior is not OK, NON-STRICT or INFORMATIONAL, with its behavior and behaviorClose.
Exits 1 if there is any such case (FAILED, UNIMPLEMENTED or anything else), 2 if the report
is missing or holds no case, 0 otherwise.
"""
import json
import sys

PASSING = ("OK", "NON-STRICT", "INFORMATIONAL")
COLUMNS = ("OK", "NON-STRICT", "INFORMATIONAL", "FAILED", "UNIMPLEMENTED")


def case_key(case_id):
    return tuple(int(part) if part.isdigit() else part for part in case_id.split("."))


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            index = json.load(f)
    except (OSError, ValueError) as error:
        print(f"autobahn_summary: cannot read {argv[1]}: {error}", file=sys.stderr)
        return 2

    sections = {}  # section -> {column: count}
    bad = []  # (agent, case, behavior, behaviorClose)
    durations = {}  # section -> milliseconds, as measured by wstest per case
    total = 0
    for agent, cases in sorted(index.items()):
        for case_id, result in cases.items():
            section = case_id.split(".")[0]
            behavior = result.get("behavior", "?")
            column = behavior if behavior in COLUMNS else "other"
            counts = sections.setdefault(section, {})
            counts[column] = counts.get(column, 0) + 1
            durations[section] = durations.get(section, 0) + (result.get("duration") or 0)
            total += 1
            if behavior not in PASSING:
                bad.append((agent, case_id, behavior, result.get("behaviorClose", "?")))
    if total == 0:
        print(f"autobahn_summary: no case in {argv[1]}", file=sys.stderr)
        return 2

    header = ("Section",) + COLUMNS + ("other", "time (s)")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
    sums = dict.fromkeys(COLUMNS + ("other",), 0)
    for section in sorted(sections, key=case_key):
        counts = sections[section]
        for column in sums:
            sums[column] += counts.get(column, 0)
        cells = [str(counts.get(column, 0)) for column in COLUMNS + ("other",)]
        print(f"| {section} | " + " | ".join(cells) + f" | {durations[section] / 1000:.1f} |")
    cells = [str(sums[column]) for column in COLUMNS + ("other",)]
    print("| **all** | " + " | ".join(cells) + f" | {sum(durations.values()) / 1000:.1f} |")

    if bad:
        print()
        print(f"{len(bad)} of {total} cases are not OK, NON-STRICT or INFORMATIONAL:")
        print()
        print("| Case | Behavior | Close behavior |")
        print("|---|---|---|")
        for agent, case_id, behavior, behavior_close in sorted(bad, key=lambda b: (b[0], case_key(b[1]))):
            name = case_id if len(index) == 1 else f"{agent} {case_id}"
            print(f"| {name} | {behavior} | {behavior_close} |")
        return 1
    print()
    print(f"All {total} cases are OK, NON-STRICT or INFORMATIONAL.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
