"""Throughput of EQ-5D scoring from Python: groupwell against the idiomatic numpy and pandas
ways of looking values up in a table. Not a test; run it by hand on an otherwise idle machine:

    python bindings-python/bench/bench.py            # 10 million states, best of 5 runs
    python bindings-python/bench/bench.py -n 1000000 --repeat 3

Every contender maps the same numpy uint16 array of compact state codes (0..3124, uniformly
random, fixed seed) to the index values of one EQ-5D-5L value set, and every result is checked
to be identical to groupwell's. Each is timed end to end as a user would call it, allocation of
the result included; the best of ``--repeat`` runs is reported (the least disturbed one).

- groupwell `score_codes`: one call into Rust (GIL released); bounds-checked table look-up,
  invalid codes reported by row.
- numpy fancy indexing `table[codes]`: the floor for a look-up into a 3125-value table (numpy
  checks bounds too, but raises IndexError on the first bad code and names no row).
- pandas `pd.Series(codes).map(lookup)`: the idiomatic pandas way, with `lookup` a Series of
  values indexed by state code (a hash-table look-up per row).
- groupwell `score_levels` on the same states as a C-ordered (n, 5) uint8 array of levels (the
  form survey data usually come in; read in place, row by row).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from groupwell import _native
from groupwell.eq5d import value_set


def best_of(repeat: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    out: Any = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("-n", type=int, default=10_000_000, help="number of states (10 million)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per contender; the best counts")
    ap.add_argument("--value-set", default="5L_SE_2022", help="a 5L value set id")
    ap.add_argument("--no-pandas", action="store_true", help="skip the pandas contender")
    args = ap.parse_args()

    vs = value_set(args.value_set)
    if vs.instrument != "EQ-5D-5L":
        ap.error(f"{vs.id} is not an EQ-5D-5L value set")
    table = np.array(vs.table)
    rng = np.random.default_rng(20240611)
    codes = rng.integers(0, 3125, size=args.n, dtype=np.uint16)

    print(
        f"groupwell {_native.__version__} ({_native.BUILD_PROFILE} build), numpy {np.__version__}",
        end="",
    )
    contenders: list[tuple[str, Callable[[], Any]]] = [
        ("groupwell score_codes (uint16)", lambda: vs.score_codes(codes)),
        ("numpy table[codes]", lambda: table[codes]),
    ]
    if not args.no_pandas:
        import pandas as pd

        print(f", pandas {pd.__version__}", end="")
        lookup = pd.Series(table, index=pd.RangeIndex(len(table)))
        contenders.append(
            ("pandas Series.map(lookup Series)", lambda: pd.Series(codes).map(lookup).to_numpy())
        )
    print()
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
          f"{args.n:,} states, value set {vs.id}, best of {args.repeat}")

    # The same states as levels: an (n, 5) C-ordered uint8 array.
    digits = np.empty((args.n, 5), dtype=np.uint8)
    rest = codes.astype(np.int32)
    for j in range(4, -1, -1):
        digits[:, j] = rest % 5 + 1
        rest //= 5
    contenders.append(("groupwell score_levels ((n, 5) uint8)", lambda: vs.score_levels(digits)))

    expected = vs.score_codes(codes)
    rows = []
    for name, fn in contenders:
        secs, out = best_of(args.repeat, fn)
        np.testing.assert_array_equal(np.asarray(out), expected, err_msg=name)
        rows.append((name, secs))

    ours = rows[0][1]
    width = max(len(r[0]) for r in rows)
    print()
    print(f"{'contender':<{width}}  {'time':>9}  {'states/s':>14}  {'vs groupwell codes':>18}")
    for name, secs in rows:
        rate = args.n / secs
        ratio = secs / ours
        print(f"{name:<{width}}  {secs * 1e3:7.1f}ms  {rate:14,.0f}  {ratio:17.2f}x")
    print()
    print("(the last column is time relative to groupwell score_codes: above 1 is slower)")


if __name__ == "__main__":
    main()
