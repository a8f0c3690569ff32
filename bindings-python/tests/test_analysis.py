"""The EQ-5D profile analyses and summaries from Python: against the reference results of
../shared/reference/eq5d/analysis (skipped when missing unless GROUPWELL_REQUIRE_REFERENCE=1),
the core's own figures, and bad input (errors or documented empty results, never a panic)."""

from __future__ import annotations

import csv
import math
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import groupwell
from groupwell import eq5d, stats
from groupwell.eq5d import Pairs, pair

from conftest import reference_file

DIMS = ["MO", "SC", "UA", "PD", "AD"]


def r1(x: float) -> float:
    """R's round(x, 1) for the values compared here (none is a tie)."""
    return math.floor(x * 10 + 0.5) / 10


def rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="") as f:
        body = [r for r in csv.reader(f) if r]
    return body[0], body[1:]


def column(reference: Path, file: str) -> list[str | None]:
    """A state column of the reference folder, "NA" as missing (R writes NA for missing)."""
    _, body = rows(reference_file(reference, f"eq5d/analysis/{file}"))
    return [None if r[0] in ("NA", "") else r[0] for r in body]


@pytest.fixture(scope="module")
def pre(reference: Path) -> list[str | None]:
    return column(reference, "pre.csv")


@pytest.fixture(scope="module")
def post(reference: Path) -> list[str | None]:
    return column(reference, "post.csv")


@pytest.fixture(scope="module")
def pairs(pre: list[str | None], post: list[str | None]) -> Pairs:
    """pre.csv and post.csv paired by ids = row numbers."""
    ids = list(range(len(pre)))
    return pair(ids, pre, ids, post, instrument="3L")


# ---------------------------------------------------------------------------------------------
# reference results


def test_reference_pairs(pairs: Pairs, pre: list[str | None]) -> None:
    assert len(pre) == 79
    assert len(pairs) == pairs.n == 77
    assert pairs.instrument == "EQ-5D-3L"
    ex = pairs.excluded
    assert list(ex.columns) == ["id", "reason"]
    assert len(ex) == 2
    # 62331 (row 0) is invalid
    assert ex.set_index("id").loc[0, "reason"] == "baseline state invalid"
    assert pairs.ids.dtype == np.int64
    assert set(pairs.ids.tolist()) | set(ex["id"]) == set(range(79))
    assert (pairs.pre_rows == pairs.ids.astype(np.uint64)).all()


PCHC_FILES = {
    "pchc_noprob_false_totals_false.csv": (False, False),
    "pchc_noprob_false_totals_true.csv": (False, True),
    "pchc_noprob_true_totals_false.csv": (True, False),
    "pchc_noprob_true_totals_true.csv": (True, True),
    "pchc_nototals.csv": (False, False),
}


def _check_pchc(reference: Path, file: str, table: pd.DataFrame) -> None:
    _, want = rows(reference_file(reference, f"eq5d/analysis/{file}"))
    got = [(c, int(n), f"{p:.1f}") for c, n, p in table[["category", "number", "percent"]].itertuples(index=False)]
    assert got == [(w[0], int(w[1]), f"{float(w[2]):.1f}") for w in want], file


@pytest.mark.parametrize("file", sorted(PCHC_FILES))
def test_pchc_matches_every_reference_variant(reference: Path, pairs: Pairs, file: str) -> None:
    no_problems, totals = PCHC_FILES[file]
    t = eq5d.pchc(pairs, no_problems=no_problems, totals=totals)
    assert list(t.columns) == ["category", "number", "percent"]
    assert t.attrs["pairs"] == 77
    _check_pchc(reference, file, t)


@pytest.mark.parametrize("file", sorted(f.replace(".csv", "_dim_mo.csv") for f in PCHC_FILES if "nototals" not in f))
def test_pchc_by_dimension_matches_mo(reference: Path, pairs: Pairs, file: str) -> None:
    no_problems, totals = PCHC_FILES[file.replace("_dim_mo", "")]
    t = eq5d.pchc(pairs, no_problems=no_problems, totals=totals, by_dimension=True)
    assert list(t.columns) == ["dimension", "category", "number", "percent"]
    assert list(dict.fromkeys(t["dimension"])) == DIMS
    assert "Mixed change" not in set(t["category"])
    _check_pchc(reference, file, t[t["dimension"] == "MO"])


def test_probability_of_superiority(pairs: Pairs) -> None:
    ps = eq5d.probability_of_superiority(pairs)
    assert list(ps.index) == DIMS
    assert ps.index.name == "dimension"
    assert [f"{x:.2f}" for x in ps] == ["0.59", "0.62", "0.61", "0.66", "0.56"]
    # (improved + ½ unchanged) / pairs, from the by-dimension PCHC: the same numbers.
    t = eq5d.pchc(pairs, by_dimension=True).set_index(["dimension", "category"])["number"]
    for d in DIMS:
        assert ps[d] == (t[(d, "Improve")] + 0.5 * t[(d, "No change")]) / 77


def test_cumulative_frequencies_match_eq5dcf(reference: Path, pre: list[str | None]) -> None:
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        eq5d.cumulative_frequencies(pre, instrument="3L")
    assert [e.row for e in ei.value.errors] == [0]  # 62331
    t = eq5d.cumulative_frequencies(pre, instrument="3L", errors="coerce")
    assert t.attrs == {"n": 78, "missing": 0, "invalid": 1}
    header, want = rows(reference_file(reference, "eq5d/analysis/eq5dcf.csv"))
    assert header == ["State", "Frequency", "Percentage", "CumulativeFreq", "CumulativePerc"]
    assert list(t.columns) == [
        "state", "frequency", "percent", "cumulative_frequency", "cumulative_percent"
    ]
    assert len(t) == len(want)
    for got, w in zip(t.itertuples(index=False), want):
        assert got.state == w[0]
        assert got.frequency == int(w[1]), w[0]
        assert r1(got.percent) == float(w[2]), w[0]
        assert got.cumulative_frequency == int(w[3]), w[0]
        assert r1(got.cumulative_percent) == float(w[4]), w[0]
    assert t["percent"].iloc[0] == 10 / 78 * 100  # unrounded, as the core computes it
    assert t["cumulative_percent"].iloc[-1] == 100.0


def test_hsdi_and_hsdc(pre: list[str | None], post: list[str | None]) -> None:
    h = eq5d.hsdi(pre, instrument="3L", errors="coerce")
    assert round(h, 2) == 0.56
    assert abs(h - 0.561355311355311) < 1e-12  # the core's figure
    curve = eq5d.hsdc(pre, instrument="3L", errors="coerce")
    assert curve.attrs["hsdi"] == h
    assert (curve.attrs["distinct"], curve.attrs["n"]) == (28, 78)
    assert len(curve) == 29
    assert curve.iloc[0].tolist() == [0.0, 0.0]
    assert curve.iloc[-1].tolist() == [1.0, 1.0]
    x, y = curve["cumulative_states"].to_numpy(), curve["cumulative_observations"].to_numpy()
    auc = float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))
    assert abs(h - 2 * (1 - auc)) < 1e-12
    assert round(eq5d.hsdi(post, instrument="3L"), 2) == 0.50


def test_shannon_by_profile(pre: list[str | None]) -> None:
    s = eq5d.shannon(pre, instrument="3L", errors="coerce")
    assert list(s.columns) == ["h", "h_max", "j"]
    h, h_max, j = s.iloc[0]
    assert (round(h, 2), round(h_max, 2), round(j, 2)) == (4.33, 7.92, 0.55)
    assert h_max == math.log2(243)
    o = eq5d.shannon(pre, instrument="3L", errors="coerce", h_max="observed")
    assert o["h"].iloc[0] == h
    assert o["h_max"].iloc[0] == math.log2(28)
    assert round(o["j"].iloc[0], 2) == 0.90


def test_shannon_by_dimension_from_level_counts(pre: list[str | None]) -> None:
    f = eq5d.level_frequencies(pre, instrument="3L", errors="coerce")
    s = eq5d.shannon(pre, instrument="3L", by="dimension", errors="coerce").set_index("dimension")
    for d in DIMS:
        p = f[f["dimension"] == d]["count"].to_numpy() / 78
        h = -sum(x * math.log2(x) for x in p if x > 0)
        assert abs(s.loc[d, "h"] - h) < 1e-12
        assert s.loc[d, "h_max"] == math.log2(3)
        assert s.loc[d, "j"] == s.loc[d, "h"] / s.loc[d, "h_max"]


def test_level_frequencies_agree_with_the_dimension_columns(reference: Path, pre: list[str | None]) -> None:
    f = eq5d.level_frequencies(pre, instrument="3L", errors="coerce")
    assert list(f.columns) == ["dimension", "level", "count", "percent"]
    assert len(f) == 15
    assert f.attrs == {"n": 78, "missing": 0, "invalid": 1}
    _, body = rows(reference_file(reference, "eq5d/analysis/pre_df.csv"))
    want = np.zeros((5, 3), dtype=int)
    for r in body:
        levels = [int(c) for c in r if c.isdigit()]
        if len(levels) == 5 and all(1 <= x <= 3 for x in levels):
            for d, x in enumerate(levels):
                want[d, x - 1] += 1
    assert f["count"].to_numpy().reshape(5, 3).tolist() == want.tolist()
    assert np.allclose(f.groupby("dimension")["percent"].sum(), 100.0)


def test_health_profile_grid_matches_reference(reference: Path, pairs: Pairs) -> None:
    header, want = rows(reference_file(reference, "eq5d/analysis/hpg_3l_uk_tto_no_problems_false.csv"))
    assert header == ["Pre", "Post", "PCHC"]
    uk = eq5d.value_set("3L_UK")
    for decimals in (None, 3):
        g = eq5d.health_profile_grid(pairs, uk, decimals=decimals)
        assert list(g.columns) == ["id", "pre_rank", "post_rank", "change"]
        assert len(g) == 77
        assert g.attrs["states"] == 243
        for row in g.itertuples(index=False):
            w = want[row.id]  # ids are the row numbers
            assert (str(row.pre_rank), str(row.post_rank), row.change) == (w[0], w[1], w[2]), row.id
        # Rows without a pair are the ones with an NA category in the reference.
        assert {i for i, w in enumerate(want) if w[2] == "NA"} == set(pairs.excluded["id"])
    # by name, looked up for the pairs' instrument
    assert eq5d.health_profile_grid(pairs, "UK").equals(eq5d.health_profile_grid(pairs, uk))


# ---------------------------------------------------------------------------------------------
# the same numbers as the core (figures of the core's own tests)


def test_pairing_by_id_not_row_order() -> None:
    p = pair(["a", "b", "c"], ["11111", "55555", "11111"], ["b", "d", "a"],
             ["11111", "11112", "12111"], instrument="5L")
    assert p.ids.tolist() == ["a", "b"]
    assert (p.pre_rows.tolist(), p.post_rows.tolist()) == ([0, 1], [2, 0])
    assert (p.pre_codes.tolist(), p.post_codes.tolist()) == ([0, 3124], [125, 0])
    assert p.excluded.values.tolist() == [["c", "no follow-up"], ["d", "no baseline"]]
    t = eq5d.pchc(p).set_index("category")["number"]
    assert (t["Improve"], t["Worsen"]) == (1, 1)
    # pandas input: Series of ids and states (ids paired, not the index)
    s = pd.Series(["11111", "55555", "11111"], index=[9, 8, 7])
    p2 = pair(pd.Series(["a", "b", "c"]), s, np.array(["b", "d", "a"]),
              pd.Series(["11111", "11112", "12111"], dtype="string"), instrument="5L")
    assert p2.ids.tolist() == ["a", "b"] and p2.post_codes.tolist() == [125, 0]
    # integer ids of any dtype, nullable integer states
    p3 = pair(np.array([3, 1], dtype=np.uint8), pd.Series([11111, pd.NA], dtype="Int64"),
              pd.Series([1, 3], dtype="Int64"), [21111, 11111], instrument="3L")
    assert p3.ids.tolist() == [3]
    assert p3.excluded.values.tolist() == [[1, "baseline state missing"]]


def test_duplicates() -> None:
    pre, post = ["11111", "21111", "31111"], ["11111", None, "11114"]
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        pair(["a", "a", "b"], pre, ["a", "b", "c"], post, instrument="3L")
    assert '"a" (rows 0 and 1)' in str(ei.value)
    assert ei.value.argument == "baseline ids"
    first = pair(["a", "a", "b"], pre, ["a", "b", "c"], post, instrument="3L", duplicates="first")
    last = pair(["a", "a", "b"], pre, ["a", "b", "c"], post, instrument="3L", duplicates="last")
    assert (first.pre_codes.tolist(), last.pre_codes.tolist()) == ([0], [81])
    with pytest.raises(groupwell.InvalidArgumentError):
        pair([1, 2], pre[:2], [1, 1], post[:2], instrument="3L")
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        pair([1], ["11111"], [1], ["11111"], instrument="3L", duplicates="both")  # type: ignore[arg-type]
    assert ei.value.argument == "duplicates"
    p = pair(["a", "b", "c"], pre, ["a", "b", "c"], post, instrument="3L")
    assert p.exclusion_reasons == ["follow-up state missing", "follow-up state invalid"]


def test_level_frequencies_by_group() -> None:
    states = ["21111", "11111", None, "11111", "33333", "12345"]
    groups = ["west", "east", "west", 1, "east", "west"]
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        eq5d.level_frequencies(pd.Series(states, index=list("abcdef")), instrument="3L", groups=groups)
    assert [(e.row, e.label) for e in ei.value.errors] == [(5, "f")]
    f = eq5d.level_frequencies(states, instrument="3L", groups=groups, errors="coerce")
    assert list(f.columns) == ["group", "dimension", "level", "count", "percent"]
    assert list(dict.fromkeys(f["group"])) == ["1", "east", "west"]  # labels as strings, sorted
    assert f.attrs["n"] == {"1": 1, "east": 2, "west": 1}
    assert f.attrs["missing"]["west"] == 1 and f.attrs["invalid"]["west"] == 1
    west_mo = f[(f.group == "west") & (f.dimension == "MO")]
    assert west_mo["count"].tolist() == [0, 1, 0]
    assert west_mo["percent"].tolist() == [0.0, 100.0, 0.0]
    # the groups add up to the whole column
    whole = eq5d.level_frequencies(states, instrument="3L", errors="coerce")
    assert (f.groupby(["dimension", "level"], sort=False)["count"].sum().to_numpy()
            == whole["count"].to_numpy()).all()
    with pytest.raises(groupwell.LengthMismatchError):
        eq5d.level_frequencies(states, instrument="3L", groups=["a"], errors="coerce")
    with pytest.raises(groupwell.InvalidArgumentError):
        eq5d.level_frequencies(states, instrument="3L", groups=["a", None, "b", "c", "d", "e"])


def test_distributions_hand_worked() -> None:
    s = ["11111", "11223", "12123", "33333", None]
    lss = eq5d.level_sum_distribution(s, instrument="3L")
    assert lss["score"].tolist() == list(range(5, 16))
    freq = dict(zip(lss["score"], lss["frequency"]))
    assert (freq[5], freq[9], freq[15], freq[10]) == (1, 2, 1, 0)
    assert lss.attrs == {"n": 4, "missing": 1, "invalid": 0}
    lfs = eq5d.level_frequency_distribution(s, instrument="3L")
    assert len(lfs) == 21
    assert lfs["score"].tolist() == sorted(lfs["score"], reverse=True)
    f = dict(zip(lfs["score"], lfs["frequency"]))
    assert (f["500"], f["221"], f["005"], f["410"]) == (1, 2, 1, 0)
    five = eq5d.level_frequency_distribution(["12345", "55555"], instrument="5L")
    assert len(five) == 126 and five["score"].iloc[0] == "50000"
    assert len(eq5d.level_sum_distribution(["12345"], instrument="5L")) == 21
    # Shannon, hand-worked: p = .5 .25 .25 → H = 1.5 bits
    sh = eq5d.shannon(["11111", "11111", "11112", "11113"], instrument="3L")
    assert sh["h"].iloc[0] == 1.5 and sh["j"].iloc[0] == 1.5 / math.log2(243)
    d = eq5d.shannon(["11111", "11111", "11112", "11113"], instrument="3L", by="dimension",
                     h_max="observed")
    assert math.isnan(d["j"].iloc[0])  # one observed level
    # HSDC: frequencies 4, 2, 1, 1
    h = eq5d.hsdc(["11111"] * 4 + ["22222"] * 2 + ["33333", "12121"], instrument="3L")
    assert h["cumulative_states"].tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert h["cumulative_observations"].tolist() == [0.0, 0.5, 0.75, 0.875, 1.0]
    assert h.attrs["hsdi"] == 0.6875


def test_summary() -> None:
    s = stats.summary([0.5, 0.7, float("nan"), 0.9, 1.0])
    assert list(s.columns) == [
        "n", "missing", "mean", "sd", "se", "ci_lower", "ci_upper", "median", "q1", "q3", "min",
        "max",
    ]
    r = s.iloc[0]
    assert (r["n"], r["missing"]) == (4, 1)
    assert abs(r["mean"] - 0.775) < 1e-15
    assert abs(r["ci_lower"] - 0.422169214106930) < 1e-12  # t.test(...)$conf.int
    assert abs(r["ci_upper"] - 1.12783078589307) < 1e-12
    assert (r["min"], r["median"], r["q3"], r["max"]) == (0.5, 0.8, 0.925, 1.0)
    assert s.attrs["confidence"] == 0.95
    # by group: groups in ascending order, each the same as on its own
    values = pd.Series([0.8, np.nan, 0.6, 1.0, 0.4, 50.0])
    groups = ["on-site", "digital", "on-site", "digital", "on-site", "virtual"]
    g = stats.summary(values, groups=groups)
    assert g["group"].tolist() == ["digital", "on-site", "virtual"]
    assert g.iloc[1, 1:].tolist() == stats.summary([0.8, 0.6, 0.4]).iloc[0].tolist()
    assert math.isnan(g.loc[0, "ci_lower"])
    # another level, by group: each group summarised at that level
    g90 = stats.summary(values, groups=groups, confidence=0.9)
    assert g90.attrs["confidence"] == 0.9
    assert g90.iloc[1, 1:].tolist() == stats.summary([0.8, 0.6, 0.4], confidence=0.9).iloc[0].tolist()
    assert g90.loc[1, "ci_upper"] < g.loc[1, "ci_upper"]
    # nullable and masked input
    assert stats.summary(pd.Series([1, pd.NA, 3], dtype="Int64")).loc[0, "mean"] == 2.0
    assert stats.summary(np.ma.masked_array([1.0, 9.0], mask=[False, True])).loc[0, "n"] == 1
    with pytest.raises(groupwell.InvalidArgumentError):
        stats.summary([1.0], confidence=1.0)
    with pytest.raises(groupwell.InvalidArgumentError):
        stats.summary([1.0], groups=["a"], confidence=95)
    with pytest.raises(groupwell.LengthMismatchError):
        stats.summary([1.0, 2.0], groups=["a"])
    with pytest.raises(TypeError):
        stats.summary(["0.5"])
    assert len(stats.summary([], groups=[])) == 0


# ---------------------------------------------------------------------------------------------
# bad input


def test_unequal_lengths() -> None:
    with pytest.raises(groupwell.LengthMismatchError) as ei:
        pair(["a"], ["11111", "11111"], ["a"], ["11111"], instrument="3L")
    assert ei.value.field == "baseline ids"
    with pytest.raises(groupwell.LengthMismatchError):
        pair(["a"], ["11111"], ["a", "b"], ["11111"], instrument="3L")


def test_mixed_instruments() -> None:
    p3 = pair(["a"], ["11111"], ["a"], ["21111"], instrument="3L")
    with pytest.raises(groupwell.InstrumentMismatchError) as ei:
        eq5d.health_profile_grid(p3, eq5d.value_set("5L_SE_2022"))
    assert (ei.value.expected, ei.value.found) == ("EQ-5D-5L", "EQ-5D-3L")
    # 5L states read as 3L: invalid sides are excluded with the reason, or a row error
    p = pair(["a", "b"], ["11111", "55555"], ["a", "b"], ["11111", "11111"], instrument="3L")
    assert p.exclusion_reasons == ["baseline state invalid"]
    with pytest.raises(groupwell.InvalidRowsError) as e2:
        eq5d.level_frequencies(["11111", "55555"], instrument="3L")
    assert e2.value.errors[0].kind == "InvalidLevel"
    with pytest.raises(groupwell.GroupwellError):
        eq5d.hsdi(["11111"], instrument="4L")


def test_ids_of_one_type() -> None:
    with pytest.raises(TypeError, match="all strings or all integers"):
        pair(["a", 1], ["11111"] * 2, ["a"], ["11111"], instrument="3L")
    with pytest.raises(TypeError, match="of one type"):
        pair(["a"], ["11111"], [1], ["11111"], instrument="3L")
    with pytest.raises(TypeError, match="not floats"):
        pair(np.array([1.0]), ["11111"], [1], ["11111"], instrument="3L")
    with pytest.raises(TypeError):
        pair([True], ["11111"], [1], ["11111"], instrument="3L")
    with pytest.raises(groupwell.InvalidArgumentError, match="missing id at row 1"):
        pair(["a", None], ["11111"] * 2, ["a"], ["11111"], instrument="3L")
    with pytest.raises(groupwell.InvalidArgumentError, match="64-bit"):
        pair([2**64], ["11111"], [1], ["11111"], instrument="3L")
    with pytest.raises(groupwell.InvalidArgumentError, match="64-bit"):
        pair(np.array([2**64 - 1], dtype=np.uint64), ["11111"], [1], ["11111"], instrument="3L")
    # an empty column takes the other's type
    assert len(pair([], [], ["a"], ["11111"], instrument="3L")) == 0
    with pytest.raises(TypeError):
        eq5d.pchc("not pairs")  # type: ignore[arg-type]


def test_all_missing_gives_empty_results() -> None:
    p = pair(["a", "b"], [None, np.nan], ["a", "b"], [None, None], instrument="5L")
    assert len(p) == 0 and p.ids.tolist() == []
    for no_problems in (False, True):
        for totals in (False, True):
            for by_dimension in (False, True):
                t = eq5d.pchc(p, no_problems=no_problems, totals=totals, by_dimension=by_dimension)
                assert (t["number"] == 0).all() and t["percent"].isna().all()
    assert eq5d.probability_of_superiority(p).isna().all()
    assert len(eq5d.health_profile_grid(p, "5L_SE_2022")) == 0
    none: list[Any] = [None, None]
    f = eq5d.level_frequencies(none, instrument="3L")
    assert (f["count"] == 0).all() and f["percent"].isna().all()
    assert f.attrs == {"n": 0, "missing": 2, "invalid": 0}
    assert len(eq5d.cumulative_frequencies(none, instrument="3L")) == 0
    assert math.isnan(eq5d.hsdi(none, instrument="3L"))
    assert eq5d.hsdc(none, instrument="3L").values.tolist() == [[0.0, 0.0]]
    assert eq5d.shannon(none, instrument="3L", by="dimension")[["h", "h_max", "j"]].isna().all().all()
    assert eq5d.level_sum_distribution(none, instrument="3L")["percent"].isna().all()
    assert (eq5d.level_frequency_distribution([], instrument="5L")["frequency"] == 0).all()
    s = stats.summary([np.nan, None])
    assert (s.loc[0, "n"], s.loc[0, "missing"]) == (0, 2) and math.isnan(s.loc[0, "mean"])
    assert len(eq5d.level_frequencies([], instrument="3L", groups=[])) == 0


def test_bad_arguments() -> None:
    s = ["11111", "21111"]
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        eq5d.shannon(s, instrument="3L", h_max="some")  # type: ignore[arg-type]
    assert ei.value.argument == "h_max"
    with pytest.raises(groupwell.InvalidArgumentError):
        eq5d.shannon(s, instrument="3L", by="state")  # type: ignore[arg-type]
    with pytest.raises(groupwell.InvalidArgumentError):
        eq5d.hsdi(s, instrument="3L", errors="ignore")  # type: ignore[arg-type]
    p = pair([1, 2], s, [1, 2], s, instrument="3L")
    for d in (11, -1, 2**70):
        with pytest.raises(groupwell.InvalidArgumentError):
            eq5d.health_profile_grid(p, "UK", decimals=d)
    with pytest.raises(TypeError):
        eq5d.health_profile_grid(p, "UK", decimals=True)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        eq5d.hsdi(pd.DataFrame({"a": s}), instrument="3L")
    with pytest.raises(TypeError):
        eq5d.hsdi("11111", instrument="3L")


def test_hpg_no_problems_and_repr() -> None:
    p = pair(["a", "b"], ["11111", "22222"], ["a", "b"], ["11111", "22222"], instrument="3L")
    g = eq5d.health_profile_grid(p, "UK", no_problems=True)
    assert g["change"].tolist() == ["No problems", "No change"]
    assert list(g["change"].cat.categories) == [
        "No change", "Improve", "Worsen", "Mixed change", "No problems"
    ]
    assert (g["pre_rank"] == g["post_rank"]).all()
    assert "2 pairs" in repr(p)


def test_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    p = pair([1], ["11111"], [1], ["11112"], instrument="3L")
    monkeypatch.setitem(sys.modules, "pandas", None)
    for call in (
        lambda: eq5d.pchc(p),
        lambda: eq5d.probability_of_superiority(p),
        lambda: eq5d.level_frequencies(["11111"], instrument="3L"),
        lambda: stats.summary([1.0]),
        lambda: p.excluded,
    ):
        with pytest.raises(ImportError, match="pandas"):
            call()
    # what needs no table works without pandas
    assert eq5d.hsdi(["11111"], instrument="3L") == 1.0
    assert pair([1], ["11111"], [1], ["11112"], instrument="3L").exclusion_reasons == []


def test_large_input_5l() -> None:
    rng = np.random.default_rng(7)
    n = 200_000
    levels = rng.integers(1, 6, size=(n, 5))
    states = levels @ np.array([10000, 1000, 100, 10, 1])
    ids = rng.permutation(n)
    post = np.roll(states, 1)
    p = pair(np.arange(n), states, ids, post[ids], instrument="5L")
    assert len(p) == n
    assert (p.post_codes[:10] == pair(np.arange(n), post, np.arange(n), post, instrument="5L").pre_codes[:10]).all()
    t = eq5d.pchc(p)
    assert t["number"].sum() == n
    c = eq5d.cumulative_frequencies(states, instrument="5L")
    assert c["cumulative_frequency"].iloc[-1] == n
    g = eq5d.health_profile_grid(p, "5L_SE_2022")
    assert len(g) == n and g["pre_rank"].max() <= 3125


@pytest.mark.fuzz
def test_no_input_reaches_a_panic_in_the_analyses() -> None:
    """Random junk into every analysis: only GroupwellError or TypeError (never a panic)."""
    rng = random.Random(31)
    junk: list[Any] = [None, float("nan"), "11111", "55555", "", "NA", 11111, 2**70, -1, 1.5,
                       True, b"x", np.int64(3), np.uint64(2**64 - 1), "\u00e9", 0, 3124, 243]
    allowed = (groupwell.GroupwellError, TypeError)
    for _ in range(300):
        n = rng.randint(0, 5)
        values = [rng.choice(junk) for _ in range(n)]
        ids = [rng.choice(junk) for _ in range(n)]
        inst = rng.choice(["3L", "5L", "Y3L", "x"])
        p = None
        try:
            p = pair(ids, values, ids[::-1], values[::-1], instrument=inst,
                     duplicates=rng.choice(["error", "first", "last", "?"]))  # type: ignore[arg-type]
        except allowed:
            pass
        calls: list[Any] = [
            lambda: eq5d.level_frequencies(values, instrument=inst, errors="coerce",
                                           groups=rng.choice([None, values, ids])),
            lambda: eq5d.cumulative_frequencies(values, instrument=inst, errors="coerce"),
            lambda: eq5d.hsdc(values, instrument=inst, errors="coerce"),
            lambda: eq5d.shannon(values, instrument=inst, errors="coerce", by="dimension",
                                 h_max=rng.choice(["possible", "observed", "?"])),
            lambda: eq5d.level_sum_distribution(values, instrument=inst),
            lambda: eq5d.level_frequency_distribution(np.array(values, dtype=object), instrument=inst),
            lambda: stats.summary(values, groups=rng.choice([None, values, ids]),
                                  confidence=rng.choice([0.95, 0.5, 0.0, 2.0, float("nan")])),
        ]
        if p is not None:
            calls += [
                lambda: eq5d.pchc(p, no_problems=True, totals=True, by_dimension=rng.random() < 0.5),
                lambda: eq5d.probability_of_superiority(p),
                lambda: eq5d.health_profile_grid(p, rng.choice(["UK", "5L_SE_2022", "x"]),
                                                 decimals=rng.choice([None, 3, 300, -(2**70)])),
                lambda: p.excluded,
            ]
        for call in calls:
            try:
                call()
            except allowed:
                pass
    for dtype in (np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32, np.uint64, np.int64,
                  np.float32, np.float64):
        arr = np.array([0, 1, 11111, 55555, -1]).astype(dtype)
        for call in (
            lambda: pair(arr, arr, arr, arr, instrument="5L"),
            lambda: eq5d.hsdc(arr, instrument="5L", errors="coerce"),
            lambda: stats.summary(arr, groups=arr),
        ):
            try:
                call()
            except allowed:
                pass
