"""An analyst's walkthrough of groupwell: the example program from start to report.

    python bindings-python/examples/walkthrough.py [OUTPUT_FOLDER]

1. load the example program (self-help groups in four municipalities) and validate it;
2. assign the measurements to the timepoints (baseline, week 15);
3. score EQ-5D-5L with two value sets: the Swedish 5L set (5L_SE_2022) and the UK 3L set
   through the van Hout crosswalk; and SCI-93 (stress) from its 35 items;
4. check those numbers against the program's own tidy table;
5. the Paretian Classification of Health Change (PCHC) from baseline to week 15, and the
   change in SCI-93 under its reliable change threshold;
6. summary statistics per timepoint (pandas, then the same with polars);
7. evaluate the goals (examples/goals/self-help-goals.json) and show the report as a table
   and as Markdown, and write it as HTML.

Needs pandas (and polars for step 6's second half). The tests run it
(``tests/test_walkthrough.py``) and check its numbers against the core's.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from groupwell import change, eq5d, goals, program, scales, stats

REPO = Path(__file__).resolve().parents[2]
PROGRAM = REPO / "examples" / "programs" / "self-help-groups.json"
GOALS = REPO / "examples" / "goals" / "self-help-goals.json"


def main(out_dir: str | Path | None = None) -> dict[str, Any]:
    """Runs the walkthrough, printing as it goes; returns the key results."""
    out = Path(out_dir) if out_dir is not None else Path(tempfile.mkdtemp(prefix="groupwell-"))
    out.mkdir(parents=True, exist_ok=True)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_columns", 20)

    # 1. The program ---------------------------------------------------------------------------
    p = program.load(PROGRAM)
    v = p.validate()
    print(f"{p.name} ({p.id}): {dict(p.counts)}")
    print(f"valid: {v.is_valid} ({len(v.errors)} errors, {len(v.warnings)} warnings)")

    # 2. Timepoints ----------------------------------------------------------------------------
    a = p.assign_timepoints()
    print(f"{len(a.assignments)} measurements assigned, {len(a.missing)} timepoints missing")
    print(a.assignments[0].explain())
    measurements = p.to_dict()["measurements"]
    sci = scales.sci93()
    rows = []
    for x in a.assignments:
        m = measurements[x.measurement]
        items = (m.get("scales") or {}).get(sci.id) or [None] * len(sci.items)
        rows.append({"participant": x.participant, "group": x.group, "timepoint": x.timepoint,
                     "state": m.get("eq5d"), "vas": m.get("vas"),
                     **dict(zip(sci.items, items))})
    df = pd.DataFrame(rows)

    # 3. Scores --------------------------------------------------------------------------------
    se = eq5d.value_set("5L_SE_2022")
    uk = eq5d.crosswalk_5l_to_3l(eq5d.value_set("UK", "3L"))
    df["index_se"] = se.score(df["state"])
    df["index_uk"] = uk.score(df["state"])
    df["vas"] = eq5d.validate_vas(df["vas"])
    scored = sci.score_batch(df)          # the item columns "1".."35" are found by name
    df["sci93"] = scored.to_frame()["total"]
    print(df[["participant", "timepoint", "state", "index_se", "index_uk", "vas", "sci93"]].head())

    # 4. The same numbers as the program's tidy table -------------------------------------------
    tidy = p.tidy([se.id])
    wide = tidy.pivot_table(index=["participant", "timepoint"], columns="measure",
                            values="value", dropna=False)
    mine = df.set_index(["participant", "timepoint"])
    for measure, col in ((f"eq5d_index/{se.id}", "index_se"), ("SCI-93", "sci93"),
                         ("eq_vas", "vas")):
        theirs = wide[measure].reindex(mine.index)
        assert np.array_equal(theirs.to_numpy(), mine[col].to_numpy(), equal_nan=True), measure
    print(f"tidy table agrees: {len(tidy)} rows")

    # 5. Change ----------------------------------------------------------------------------------
    base = df[df["timepoint"] == "baseline"]
    week15 = df[df["timepoint"] == "week15"]
    pairs = eq5d.pair(base["participant"], base["state"], week15["participant"],
                      week15["state"], instrument="5L")
    table = eq5d.pchc(pairs, no_problems=True, totals=True)
    print(f"PCHC baseline -> week15, {pairs.n} pairs ({len(pairs.excluded)} excluded)")
    print(table)
    pchc_counts = dict(zip(table["category"], table["number"].tolist()))

    sci_wide = df.pivot_table(index="participant", columns="timepoint", values="sci93")
    sd = float(sci_wide["baseline"].std())
    sci_change = change.classify(sci_wide["baseline"], sci_wide["week15"],
                                 direction=sci.direction, threshold=change.sci93_reliable(sd))
    print(f"SCI-93 change (reliable, SD {sd:.1f}):", sci_change.value_counts().to_dict())

    # 6. Summaries, in pandas and in polars ------------------------------------------------------
    print(stats.summary(df["index_se"], groups=df["timepoint"]))
    pl: Any = None
    try:
        pl = importlib.import_module("polars")
    except ImportError:
        pass
    if pl is not None:
        lf = pl.from_pandas(df[["timepoint", "state", "sci93"]])
        scored_pl = se.score(lf["state"])                     # a polars Series (nulls missing)
        print(stats.summary(scored_pl, groups=lf["timepoint"]))  # a polars DataFrame

    # 7. Goals -----------------------------------------------------------------------------------
    g = goals.load(GOALS)
    r = goals.evaluate(p, g)
    frame = r.to_frame()
    print(frame[["id", "outcome", "observed", "target", "n"]])
    print(r.to_markdown()[:600])
    html = out / "self-help-report.html"
    r.save(html)
    print(f"report written to {html} ({html.stat().st_size:,} bytes)")

    return {
        "program": p,
        "frame": df,
        "pairs": pairs.n,
        "pchc": pchc_counts,
        "sci_change": sci_change.value_counts().to_dict(),
        "outcomes": r.outcomes,
        "report": r,
        "html": html,
    }


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
