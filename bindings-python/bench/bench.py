"""Throughput of EQ-5D scoring from Python: groupwell against the idiomatic pandas way (and
numpy's) of looking values up in a table. Not a test; run it by hand on an otherwise idle
machine:

    python bindings-python/bench/bench.py            # 10 million states, best of 5 runs
    python bindings-python/bench/bench.py -n 1000000 --repeat 3

The same 10 million random EQ-5D-5L states (uniform over the 3125 states, fixed seed) are
scored with one value set in the forms an analyst holds them, each form with its own contenders;
every result is checked identical to groupwell's. Each contender is timed end to end as a user
calls it, allocation of the result included; the contenders of a section take turns, and the
best of ``--repeat`` rounds counts (the least disturbed one). The ratio is the contender's time
over groupwell's for the same input, measured in the same rounds.

1. Five-digit integer states (``11111`` … ``55555``, numpy int64), what a survey export or
   ``pd.read_csv`` gives. groupwell ``vs.score(states)`` (a column this long is split over
   the CPUs; also on one thread, ``GROUPWELL_NUM_THREADS=1``) against pandas
   ``pd.Series(states).map(lookup)`` with ``lookup`` a Series of the 3125 values indexed by the
   five-digit state (the idiomatic way: a hash look-up per row), and ``.map(dict)``.
2. The same states as text (``"11111"``): a numpy ``<U5`` array, and a pandas ``str`` Series
   (built before the clock starts, as ``read_csv(dtype=str)`` would give it) against
   ``series.map(lookup)`` with ``lookup`` indexed by the state strings.
3. Compact state codes (``0`` … ``3124``, numpy uint16), groupwell's own index into a value
   set's table, which analysts rarely hold: groupwell ``vs.score_codes(codes)`` against numpy
   ``table[codes]`` and pandas ``pd.Series(codes).map(lookup)`` with a RangeIndex lookup
   (cheaper for pandas than a hash look-up, hence a smaller ratio).
4. Levels: groupwell ``vs.score_levels(levels)`` on a C-ordered (n, 5) uint8 array.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from groupwell import _native
from groupwell.eq5d import value_set


def best_of(repeat: int, fns: list[Callable[[], Any]]) -> tuple[list[float], list[Any]]:
    """The best time of each function over ``repeat`` rounds, the functions taking turns
    within a round (so that a busy spell of the machine hits all of them alike), and each
    one's last result."""
    best = [float("inf")] * len(fns)
    outs: list[Any] = [None] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            outs[i] = None
            t0 = time.perf_counter()
            outs[i] = fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best, outs


def one_thread(fn: Callable[[], Any]) -> Callable[[], Any]:
    """``fn`` with groupwell kept on the calling thread (``GROUPWELL_NUM_THREADS=1``)."""

    def run() -> Any:
        before = os.environ.get("GROUPWELL_NUM_THREADS")
        os.environ["GROUPWELL_NUM_THREADS"] = "1"
        try:
            return fn()
        finally:
            if before is None:
                del os.environ["GROUPWELL_NUM_THREADS"]
            else:
                os.environ["GROUPWELL_NUM_THREADS"] = before

    return run


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("-n", type=int, default=10_000_000, help="number of states (10 million)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per contender; the best counts")
    ap.add_argument("--value-set", default="5L_SE_2022", help="a 5L value set id")
    ap.add_argument("--no-pandas", action="store_true", help="skip the pandas contenders")
    ap.add_argument("--no-strings", action="store_true", help="skip the text states")
    args = ap.parse_args()

    vs = value_set(args.value_set)
    if vs.instrument != "EQ-5D-5L":
        ap.error(f"{vs.id} is not an EQ-5D-5L value set")
    table = np.array(vs.table)
    rng = np.random.default_rng(20240611)
    codes = rng.integers(0, 3125, size=args.n, dtype=np.uint16)
    # The states of the codes, as five-digit numbers and as levels.
    levels = np.empty((args.n, 5), dtype=np.uint8)
    rest = codes.astype(np.int32)
    for j in range(4, -1, -1):
        levels[:, j] = rest % 5 + 1
        rest //= 5
    states = (levels.astype(np.int64) * 10 ** np.arange(4, -1, -1)).sum(axis=1)
    all_codes = np.arange(3125)
    all_states = np.array(
        [int("".join(str(c // 5**k % 5 + 1) for k in range(4, -1, -1))) for c in all_codes]
    )
    assert (vs.score(all_states) == table).all()

    pd: Any = None
    if not args.no_pandas:
        pd = importlib.import_module("pandas")

    print(f"groupwell {_native.__version__} ({_native.BUILD_PROFILE} build), "
          f"numpy {np.__version__}" + (f", pandas {pd.__version__}" if pd is not None else ""))
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
          f"{args.n:,} states, value set {vs.id}, best of {args.repeat}; "
          f"load average {load()} at the start")

    expected = vs.score_codes(codes)
    sections: list[tuple[str, list[tuple[str, Callable[[], Any]]]]] = []

    ints: list[tuple[str, Callable[[], Any]]] = [
        ("groupwell vs.score(states)", lambda: vs.score(states)),
        ("groupwell vs.score(states), one thread", one_thread(lambda: vs.score(states))),
    ]
    if pd is not None:
        lookup = pd.Series(table, index=all_states)
        as_dict = dict(zip(all_states.tolist(), table.tolist()))
        ints += [
            ("pandas pd.Series(states).map(lookup)", lambda: pd.Series(states).map(lookup)),
            ("pandas pd.Series(states).map(dict)", lambda: pd.Series(states).map(as_dict)),
        ]
    sections.append(("1. five-digit integer states, numpy int64", ints))

    if not args.no_strings:
        text = states.astype("U5")
        strs: list[tuple[str, Callable[[], Any]]] = [
            ("groupwell vs.score(text), numpy <U5", lambda: vs.score(text)),
        ]
        if pd is not None:
            series = pd.Series(text, dtype=str)
            lookup_s = pd.Series(table, index=pd.Index(all_states.astype(str), dtype=str))
            strs += [
                (f"groupwell vs.score(series), pandas {series.dtype}", lambda: vs.score(series)),
                ("pandas series.map(lookup)", lambda: series.map(lookup_s)),
            ]
        sections.append(("2. states as text", strs))

    cds: list[tuple[str, Callable[[], Any]]] = [
        ("groupwell vs.score_codes(codes)", lambda: vs.score_codes(codes)),
        ("groupwell vs.score_codes(codes), one thread",
         one_thread(lambda: vs.score_codes(codes))),
        ("numpy table[codes]", lambda: table[codes]),
    ]
    if pd is not None:
        lookup_c = pd.Series(table, index=pd.RangeIndex(len(table)))
        cds.append(("pandas pd.Series(codes).map(lookup)", lambda: pd.Series(codes).map(lookup_c)))
    sections.append(("3. compact codes 0..3124, numpy uint16", cds))
    sections.append(("4. levels, (n, 5) uint8, C order",
                     [("groupwell vs.score_levels(levels)", lambda: vs.score_levels(levels))]))

    width = max(len(name) for _, cs in sections for name, _ in cs)
    for title, contenders in sections:
        print()
        print(title)
        print(f"  {'contender':<{width}}  {'time':>9}  {'states/s':>13}  {'vs groupwell':>12}")
        times, outs = best_of(args.repeat, [fn for _, fn in contenders])
        for (name, _), out in zip(contenders, outs):
            np.testing.assert_array_equal(np.asarray(out, dtype=np.float64), expected,
                                          err_msg=name)
        del outs
        for (name, _), secs in zip(contenders, times):
            print(f"  {name:<{width}}  {secs * 1e3:7.1f}ms  {args.n / secs / 1e6:11.1f} M  "
                  f"{secs / times[0]:11.1f}x")
    print()
    print(f"load average {load()} at the end; 'vs groupwell' is the time over groupwell's first "
          "line of the section (above 1 is slower)")


if __name__ == "__main__":
    main()
