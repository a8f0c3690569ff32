#!/usr/bin/env python3
"""Prints `cargo bench -p groupwell-benches` results as the Markdown tables of README.md.

    python3 benches/summarize.py                 # the last run (target/criterion)
    python3 benches/summarize.py RUN1 RUN2 ...   # copies of target/criterion from several runs

With several runs (this machine is shared, so one run can be slowed by other work) each time is
the best of the runs' medians, and the ratio to the group's baseline is listed for every run,
each computed within its own run.
"""

import json
import sys
from pathlib import Path

GROUPS = ["codes_5l_10M", "levels_5l_10M", "parse_5l_1M", "compute_table", "crosswalk",
          "analysis_5l_1M_pairs", "sci93_1M", "program_100k"]
# What one element of a group's throughput is (states unless listed).
UNITS = {"sci93_1M": "responses", "program_100k": "participants",
         "analysis_5l_1M_pairs": "pairs"}
SETS = ["5L_SE_2022", "5L_CA", "5L_SG", "3L_US", "3L_AR", "3L_AU"]

def fmt_time(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.1f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"


def load(root):
    """{(group, bench): (median ns, elements or None)} of one run."""
    out = {}
    for bench in root.glob("**/new/benchmark.json"):
        meta = json.loads(bench.read_text())
        est = json.loads((bench.parent / "estimates.json").read_text())
        elements = (meta.get("throughput") or {}).get("Elements")
        out[(meta["group_id"], meta["function_id"])] = (est["median"]["point_estimate"], elements)
    return out


def order(key):
    group, name = key
    g = GROUPS.index(group) if group in GROUPS else len(GROUPS)
    if group == "compute_table":
        return (g, SETS.index(name) if name in SETS else 99, name)
    return (g, 0 if name.startswith("baseline") else 1, name)


def main():
    dirs = [Path(a) for a in sys.argv[1:]] or [
        Path(__file__).resolve().parent.parent / "target" / "criterion"]
    runs = [load(d) for d in dirs]
    keys = sorted({k for r in runs for k in r}, key=order)
    if not keys:
        sys.exit(f"no criterion results under {', '.join(map(str, dirs))}")
    best = {k: min(r[k][0] for r in runs if k in r) for k in keys}
    group = None
    for key in keys:
        g, name = key
        if g != group:
            group = g
            print(f"\n**{g}**\n")
            print(f"| bench | time (median) | M {UNITS.get(g, 'states')}/s | × the baseline's time |")
            print("|---|---:|---:|---|")
        elements = next((r[key][1] for r in runs if key in r), None)
        thr = f"{elements / best[key] * 1e3:.3g}" if elements else "–"
        base = next((n for (gg, n) in keys if gg == g and n.startswith("baseline")), None)
        ratios = ""
        if base and base != name:
            per_run = [r[key][0] / r[(g, base)][0] for r in runs if key in r and (g, base) in r]
            ratios = " / ".join(f"{x:.2f}" for x in per_run)
        print(f"| `{name}` | {fmt_time(best[key])} | {thr} | {ratios} |")


if __name__ == "__main__":
    main()
