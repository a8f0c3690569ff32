"""Summed scales (groupwell.scales): the hand-worked examples of the core's tests
(tests/tests/scales.rs), every input layout giving the same numbers, errors naming the item and
the row, and random input reaching only GroupwellError."""

from __future__ import annotations

import copy
import json
import math
import pickle
import random
from typing import Any

import numpy as np
import pandas as pd
import pytest

import groupwell
from groupwell import scales
from groupwell.scales import Band, Scale, ScaleScore, ScaleScores, sci93

DEMO = """{
  "id": "demo",
  "name": "Demo wellbeing",
  "items": ["a", "b", "c", "d"],
  "range": {"min": 1, "max": 5},
  "item_ranges": {"d": {"min": 0, "max": 10}},
  "reverse": ["b"],
  "subscales": [
    {"name": "first", "items": ["a", "b"]},
    {"name": "second", "items": ["c", "d"], "max_missing": 1}
  ],
  "total": "sum",
  "direction": "higher_is_better",
  "missing": {"max_missing": 1},
  "bands": [
    {"label": "low", "min": 3, "max": 10},
    {"label": "mid", "min": 11, "max": 15},
    {"label": "high", "min": 16, "max": 25}
  ],
  "citation": "Made up for the tests",
  "notes": ["not a real instrument"]
}"""

ITEMS = [str(i) for i in range(1, 36)]


def cycle() -> list[float]:
    """Items 1..35 answered 0,1,2,3,4,5,0,1,...: 5 full cycles (15 each) + 0..4 (10) = 85."""
    return [float(i % 6) for i in range(35)]


def demo() -> Scale:
    return Scale.from_json(DEMO)


def same(a: np.ndarray, b: np.ndarray) -> bool:
    """Bit-identical float arrays (NaN included)."""
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


# ---------------------------------------------------------------------------------------------
# the definition


def test_sci93_definition_is_as_documented() -> None:
    sci = sci93()
    assert sci == Scale.sci93()
    assert sci.id == "SCI-93"
    assert sci.name == "Stress and Crisis Inventory 1993"
    assert sci.items == ITEMS
    assert sci.total_range == (0.0, 175.0)
    assert sci.max_missing == 3
    assert sci.direction == "higher_is_worse"
    assert sci.total == "sum"
    assert sci.bands == []
    assert sci.subscales == {}
    d = sci.to_dict()
    assert d["doi"] == "10.3109/08039488.2014.915580"
    assert d["range"] == {"min": 0, "max": 5}
    assert any("24.9" in n and "76.4" in n for n in d["notes"])
    assert repr(sci) == "<Scale SCI-93 (35 items, total sum 0..175, higher is worse)>"


def test_user_definition_properties() -> None:
    s = demo()
    assert s.id == "demo" and s.items == ["a", "b", "c", "d"]
    assert s.bands == [Band("low", 3.0, 10.0), Band("mid", 11.0, 15.0), Band("high", 16.0, 25.0)]
    assert s.subscales == {"first": ["a", "b"], "second": ["c", "d"]}
    assert s.direction == "higher_is_better"
    assert s.max_missing == 1
    # a = 1..5, b reversed 1..5, c = 1..5, d = 0..10
    assert s.total_range == (3.0, 25.0)


def test_json_and_dict_round_trips() -> None:
    s = demo()
    assert Scale.from_json(s.to_json()) == s
    assert scales.from_json(s.to_json()) == s
    assert Scale.from_dict(s.to_dict()) == s
    assert scales.from_dict(s.to_dict()) == s
    expected = json.loads(DEMO)
    expected["subscales"][0]["max_missing"] = 0  # written out in full
    assert s.to_dict() == expected
    # writing is stable
    assert Scale.from_json(s.to_json()).to_json() == s.to_json()
    sci = sci93()
    assert Scale.from_json(sci.to_json()) == sci
    assert pickle.loads(pickle.dumps(s)) == s
    assert pickle.loads(pickle.dumps(sci)) == sci
    assert hash(Scale.from_json(sci.to_json())) == hash(sci)
    assert demo() != sci and sci != "SCI-93"
    # numpy numbers in a dict definition are plain numbers
    d = s.to_dict()
    d["range"] = {"min": np.int64(1), "max": np.int32(5)}
    assert Scale.from_dict(d) == s


def def_error(edit: Any) -> groupwell.InvalidDefinitionError:
    d = json.loads(DEMO)
    edit(d)
    with pytest.raises(groupwell.InvalidDefinitionError) as ei:
        Scale.from_dict(d)
    assert ei.value.kind == "InvalidDefinition"
    assert ei.value.id == "demo"
    # the same definition as JSON text gives the same error
    with pytest.raises(groupwell.InvalidDefinitionError) as ej:
        Scale.from_json(json.dumps(d))
    assert str(ej.value) == str(ei.value)
    return ei.value


def test_invalid_definitions_name_the_field() -> None:
    e = def_error(lambda d: d["items"].append("b"))
    assert e.field == "items[4]" and '"b" is listed twice' in e.reason
    e = def_error(lambda d: d.update(range={"min": 5, "max": 1}))
    assert e.field == "range" and "empty range" in e.reason
    e = def_error(lambda d: d["item_ranges"].update(d={"min": 3, "max": 2}))
    assert e.field == "item_ranges.d"
    e = def_error(lambda d: d["item_ranges"].update(z={"min": 0, "max": 2}))
    assert e.field == "item_ranges.z" and "unknown item" in e.reason
    e = def_error(lambda d: d["reverse"].append("q"))
    assert e.field == "reverse[1]" and 'unknown item "q"' in e.reason
    e = def_error(lambda d: d["subscales"][1]["items"].append("zz"))
    assert e.field == "subscales[1].items[2]"
    e = def_error(lambda d: d["subscales"][1].update(max_missing=2))
    assert e.field == "subscales[1].max_missing"
    e = def_error(lambda d: d["missing"].update(max_missing=4))
    assert e.field == "missing.max_missing" and "0..=3" in e.reason
    e = def_error(lambda d: d["bands"][1].update(min=10))
    assert e.field == "bands[1]" and "overlaps" in e.reason
    e = def_error(lambda d: d["bands"][2].update(max=1))
    assert e.field == "bands[2]"
    e = def_error(lambda d: d.update(items=[]))
    assert e.field == "items"
    e = def_error(lambda d: d["subscales"].append(copy.deepcopy(d["subscales"][0])))
    assert e.field == "subscales[2].name"


def test_definition_json_errors() -> None:
    d = json.loads(DEMO)
    d["colour"] = 1
    with pytest.raises(groupwell.JsonError) as ei:
        Scale.from_dict(d)
    assert "colour" in ei.value.message
    with pytest.raises(groupwell.JsonError):
        Scale.from_json("{")
    with pytest.raises(groupwell.JsonError):
        Scale.from_json('{"id": "x"}')  # fields missing
    d = json.loads(DEMO)
    d["bands"][0]["min"] = float("nan")
    with pytest.raises(groupwell.InvalidArgumentError):
        Scale.from_dict(d)
    with pytest.raises(TypeError):
        Scale.from_dict([("id", "x")])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Scale.from_json(b"{}")  # type: ignore[arg-type]
    d = json.loads(DEMO)
    d["notes"] = [object()]
    with pytest.raises(TypeError):
        Scale.from_dict(d)
    with pytest.raises(TypeError):
        Scale("SCI-93")  # type: ignore[arg-type]


def test_manual_override_example() -> None:
    # A user with the manual: coding 1–6 in the definition itself, no missing item allowed.
    d = sci93().to_dict()
    d.update(id="SCI-93-manual", range={"min": 1, "max": 6}, missing={"max_missing": 0})
    s = Scale.from_dict(d)
    assert s.total_range == (35.0, 210.0)
    assert s.score([None] + [1] * 34).total is None


# ---------------------------------------------------------------------------------------------
# one response: the core's hand-worked examples


def test_sci93_full_answers() -> None:
    sci = sci93()
    s = sci.score(cycle())
    assert s == ScaleScore(total=85.0, subscales={}, answered=35, prorated=False, band=None)
    assert sci.score([5] * 35).total == 175.0
    assert sci.score(np.zeros(35, dtype=np.int64)).total == 0.0
    assert sci.score(tuple(np.full(35, 5, dtype=np.uint8))).total == 175.0


def test_sci93_three_missing_is_prorated() -> None:
    # Items 1, 2, 3 (answers 0, 1, 2) missing: 32 answered summing to 85 − 3 = 82.
    a: list[Any] = cycle()
    a[0], a[1], a[2] = None, float("nan"), pd.NA
    s = sci93().score(a)
    assert s.total == 82.0 * 35.0 / 32.0 == 89.6875
    assert (s.answered, s.prorated) == (32, True)


def test_sci93_four_missing_has_no_score() -> None:
    a = cycle()
    a[:4] = [math.nan] * 4
    s = sci93().score(a)
    assert s.total is None
    assert (s.answered, s.prorated) == (31, False)
    out = sci93().score_batch([a])
    assert math.isnan(out.total[0])
    assert out.missing == 1
    assert out.errors == []
    assert out.invalid == 0


def test_sci93_missing_rule_is_configurable() -> None:
    d = sci93().to_dict()
    d["missing"]["max_missing"] = 4
    a = cycle()
    a[:4] = [math.nan] * 4  # 0, 1, 2, 3 missing: 31 answered summing to 79
    assert Scale.from_dict(d).score(a).total == 79.0 * 35.0 / 31.0


def test_sci93_offset_exports() -> None:
    sci = sci93()
    exported = [x + 1 for x in cycle()]
    assert sci.score(exported, offset=1).total == 85.0
    # Without the offset, a 6 is out of range: never guessed.
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        sci.score(exported)
    assert str(ei.value) == "item 6 = 6 is not valid: expected an integer 0..=5 (SCI-93)"
    assert ei.value.argument == "item 6"
    # With the offset, a 0 is out of range and the message shows the coded range.
    bad = list(exported)
    bad[9] = 0.0
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        sci.score(bad, offset=1)
    assert "item 10 = 0" in str(ei.value) and "1..=6" in str(ei.value)


def test_offset_argument() -> None:
    sci = sci93()
    assert sci.score([1] * 35, offset=np.int64(1)).total == 0.0
    for bad in (1.0, True, "1", None):
        with pytest.raises(TypeError):
            sci.score([1] * 35, offset=bad)  # type: ignore[arg-type]
    for big in (2**31, -(2**31) - 1, 2**70):
        with pytest.raises(groupwell.InvalidArgumentError) as ei:
            sci.score([1] * 35, offset=big)
        assert ei.value.argument == "offset"
    # a large offset within 32 bits is fine: the answers are simply out of range
    with pytest.raises(groupwell.InvalidArgumentError):
        sci.score([1] * 35, offset=2**31 - 1)
    with pytest.raises(groupwell.InvalidRowsError):
        sci.score_batch(np.ones((2, 35), dtype=np.int64), offset=-(2**31))


def test_map_input_missing_and_unknown_items() -> None:
    sci = sci93()
    m: dict[Any, Any] = {str(i): (i - 1) % 6 for i in range(1, 36)}
    assert sci.score(m).total == 85.0
    for k in ("1", "2", "3"):
        del m[k]
    s = sci.score(m)
    assert (s.total, s.answered, s.prorated) == (89.6875, 32, True)
    # a pandas Series indexed by item id is a mapping
    assert sci.score(pd.Series(m)).total == 89.6875
    # int keys for numbered items
    assert sci.score({int(k): v for k, v in m.items()}).total == 89.6875
    m["36"] = 1
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        sci.score(m)
    assert '"36"' in str(ei.value)
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        sci.score({"1": 1, 1: 2})  # the same item twice
    assert ei.value.argument == "item"
    with pytest.raises(TypeError):
        sci.score({1.5: 1})
    with pytest.raises(TypeError):
        sci.score({"1": True})


def test_bad_answers_name_the_item() -> None:
    sci = sci93()
    a: list[Any] = [1.0] * 35
    a[6] = 6.0
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        sci.score(a)
    assert str(ei.value) == "item 7 = 6 is not valid: expected an integer 0..=5 (SCI-93)"
    a[6] = -1
    with pytest.raises(groupwell.InvalidArgumentError, match="item 7 = -1"):
        sci.score(a)
    a[6] = 2.7  # never 2
    with pytest.raises(groupwell.InvalidArgumentError, match="item 7 = 2.7"):
        sci.score(a)
    a[6] = math.inf
    with pytest.raises(groupwell.InvalidArgumentError, match="item 7"):
        sci.score(a)
    a[6] = 2**80
    with pytest.raises(groupwell.InvalidArgumentError, match=f"item 7 = {2**80}"):
        sci.score(a)
    t = ["1"] * 35
    t[0] = "two"
    with pytest.raises(groupwell.InvalidArgumentError, match='item 1 = "two"'):
        sci.score(t)
    t[0] = " "
    assert sci.score(t).answered == 34
    t[0] = " 3 "
    assert sci.score(t).total == 37.0
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        sci.score([1] * 34)
    assert "34 values" in str(ei.value) and "35 answers" in str(ei.value)
    with pytest.raises(groupwell.InvalidArgumentError, match="36 values"):
        sci.score([1] * 36)
    with pytest.raises(TypeError, match="item 3"):
        sci.score([1, 1, True] + [1] * 32)
    with pytest.raises(TypeError):
        sci.score("1" * 35)
    with pytest.raises(TypeError):
        sci.score(5)
    with pytest.raises(groupwell.InvalidArgumentError):
        sci.score(np.ones((1, 35)))
    with pytest.raises(TypeError):
        sci.score(pd.DataFrame({"1": [1]}))


def test_user_scale_reverse_subscales_and_bands() -> None:
    s = demo()
    # a=5, b=2 reversed to 1+5−2=4, c=3, d=10: total 22 → "high"
    r = s.score([5, 2, 3, 10])
    assert r == ScaleScore(22.0, {"first": 9.0, "second": 13.0}, 4, False, "high")
    # band boundaries are inclusive: a=1, b=5→1, c=1, d=0 → 3 = low.min
    assert (s.score([1, 5, 1, 0]).total, s.score([1, 5, 1, 0]).band) == (3.0, "low")
    # 10 = low.max, 11 = mid.min
    assert (s.score([1, 5, 1, 7]).total, s.score([1, 5, 1, 7]).band) == (10.0, "low")
    assert (s.score([1, 5, 1, 8]).total, s.score([1, 5, 1, 8]).band) == (11.0, "mid")
    # per-item range: d accepts 10, a does not
    with pytest.raises(groupwell.InvalidArgumentError, match="item a = 10"):
        s.score([10, 1, 1, 1])
    # d missing: total prorated 3 × 4/3 = 4; "second" prorated within its own rule (c alone,
    # 1 × 2/1 = 2); "first" complete
    r = s.score([1, 5, 1, None])
    assert (r.total, r.subscales, r.prorated) == (4.0, {"first": 2.0, "second": 2.0}, True)
    # a missing: "first" allows none
    assert s.score({"b": 5, "c": 1, "d": 1}).subscales == {"first": None, "second": 2.0}
    # batches: band labels and subscale columns
    out = s.score_batch([[5, 2, 3, 10], [1, 5, 1, 8]])
    assert out.band.tolist() == ["high", "mid"]
    assert out.band.dtype == object
    assert {k: v.tolist() for k, v in out.subscales.items()} == {
        "first": [9.0, 2.0],
        "second": [13.0, 9.0],
    }
    df = out.to_frame()
    assert list(df.columns) == ["total", "first", "second", "answered", "prorated", "band"]
    assert df["band"].tolist() == ["high", "mid"]
    assert df.attrs == {"scale": "demo", "n": 2, "missing": 0, "invalid": 0}


def test_mean_total() -> None:
    d = json.loads(DEMO)
    d["total"] = "mean"
    d["bands"] = []
    s = Scale.from_dict(d)
    assert s.total == "mean"
    r = s.score([5, 2, 3, 10])
    assert (r.total, r.subscales) == (5.5, {"first": 4.5, "second": 6.5})
    assert s.score([5, 2, 3, None]).total == 4.0
    assert "band" not in s.score_batch([[5, 2, 3, 10]]).to_frame().columns


def test_columns_by_item_id() -> None:
    s = demo()
    cols = {"d": [10.0, 8.0], "c": [3.0, 1.0], "a": [5.0, 1.0], "b": [2.0, 5.0]}
    assert s.score_batch(cols).total.tolist() == [22.0, 11.0]
    assert s.score_batch(pd.DataFrame(cols)).total.tolist() == [22.0, 11.0]
    # case-insensitive, surrounding spaces ignored, other columns ignored
    df = pd.DataFrame({" A": [5, 1], "B ": [2, 5], "c": [3, 1], "D": [10, 8], "x": ["?", "?"]})
    assert s.score_batch(df).total.tolist() == [22.0, 11.0]
    # explicit columns: a mapping or names in item order
    df = pd.DataFrame({"q1": [5, 1], "q2": [2, 5], "q3": [3, 1], "q4": [10, 8]})
    mapping = {"a": "q1", "b": "q2", "c": "q3", "d": "q4"}
    assert s.score_batch(df, columns=mapping).total.tolist() == [22.0, 11.0]
    assert s.score_batch(df, columns=["q1", "q2", "q3", "q4"]).total.tolist() == [22.0, 11.0]
    with pytest.raises(groupwell.InvalidArgumentError, match='"x"'):
        s.score_batch(df, columns={**mapping, "x": "q1"})
    with pytest.raises(groupwell.InvalidArgumentError, match='"d"'):
        s.score_batch(df, columns={"a": "q1", "b": "q2", "c": "q3"})
    with pytest.raises(groupwell.InvalidArgumentError, match="'q9'"):
        s.score_batch(df, columns={**mapping, "d": "q9"})
    with pytest.raises(groupwell.InvalidArgumentError):
        s.score_batch(df, columns=["q1", "q2", "q3"])
    with pytest.raises(groupwell.InvalidArgumentError):
        s.score_batch(df, columns=42)  # type: ignore[arg-type]
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        s.score_batch(df)
    assert "items a, b, c, d" in str(ei.value)
    # two columns for one item (no exact match, two case-insensitive ones)
    two = pd.DataFrame({"A": [1], " A": [1], "b": [1], "c": [1], "d": [1]})
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        s.score_batch(two)
    assert "item 'a'" in str(ei.value)
    # an exact match wins over case-insensitive ones
    exact = pd.DataFrame({"A": [9], "a": [1], "b": [1], "c": [1], "d": [1]})
    assert s.score_batch(exact).total.tolist() == [1.0 + 5.0 + 1.0 + 1.0]
    with pytest.raises(groupwell.LengthMismatchError):
        s.score_batch({"a": [1, 1], "b": [1], "c": [1, 1], "d": [1, 1]})
    with pytest.raises(TypeError):
        s.score_batch([[1, 1, 1, 1]], columns=["a", "b", "c", "d"])


# ---------------------------------------------------------------------------------------------
# batches


def test_batch_raise_lists_every_bad_row_and_coerce_gives_nan() -> None:
    sci = sci93()
    rows = np.full((4, 35), 2.0)
    rows[1, 4] = 7.0  # row 1, item 5
    rows[3, 34] = 0.5  # row 3, item 35
    rows[2, 0] = np.nan  # row 2, item 1 missing: prorated
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        sci.score_batch(rows)
    assert [(e.row, e.field) for e in ei.value.errors] == [(1, "5"), (3, "35")]
    assert all(isinstance(e, scales.RowError) for e in ei.value.errors)
    assert ei.value.errors[0].kind == "InvalidArgument"
    assert "item 5 = 7" in ei.value.errors[0].message
    out = sci.score_batch(rows, errors="coerce")
    assert isinstance(out, ScaleScores)
    assert out.total[0] == 70.0
    assert math.isnan(out.total[1]) and math.isnan(out.total[3])
    assert out.total[2] == 68.0 * 35.0 / 34.0
    assert out.prorated.tolist() == [False, False, True, False]
    assert out.answered.tolist() == [35, 34, 34, 34]
    assert [(e.row, e.field) for e in out.errors] == [(1, "5"), (3, "35")]
    assert out.missing == 0 and out.invalid == 2
    assert out.answered.dtype == np.int64 and out.prorated.dtype == np.bool_
    with pytest.raises(groupwell.InvalidArgumentError):
        sci.score_batch(rows, errors="ignore")  # type: ignore[arg-type]


def test_every_bad_cell_of_a_row_is_named() -> None:
    rows = [[2] * 35, [9] * 3 + [2] * 32]
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        sci93().score_batch(rows)
    assert [(e.row, e.field) for e in ei.value.errors] == [(1, "1"), (1, "2"), (1, "3")]


def test_batch_matches_single_scoring() -> None:
    sci = sci93()
    rows = [
        [math.nan if (r + i) % 11 == 0 else float((r * 7 + i * 3) % 6) for i in range(35)]
        for r in range(20)
    ]
    out = sci.score_batch(rows)
    for r, row in enumerate(rows):
        s = sci.score(row)
        assert (math.nan if s.total is None else s.total) == out.total[r] or (
            s.total is None and math.isnan(out.total[r])
        )
        assert s.answered == out.answered[r]
        assert s.prorated == out.prorated[r]


def test_offset_one_with_coded_data() -> None:
    sci = sci93()
    rng = np.random.default_rng(7)
    coded = rng.integers(0, 6, size=(50, 35))
    exported = coded + 1
    df = pd.DataFrame(exported, columns=ITEMS)
    assert same(sci.score_batch(df, offset=1).total, sci.score_batch(coded).total)
    assert same(sci.score_batch(exported, offset=1).total, sci.score_batch(coded).total)
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        sci.score_batch(df)  # 6 is out of range without the offset
    assert all("= 6" in e.message for e in ei.value.errors)
    with pytest.raises(groupwell.InvalidRowsError):
        sci.score_batch(coded, offset=1)  # and 0 with it


def _layouts(a: np.ndarray) -> dict[str, Any]:
    """The same float answers (NaN = missing) in every input layout."""
    whole = np.nan_to_num(a, nan=0).astype(np.int64)
    missing = np.isnan(a)
    out: dict[str, Any] = {
        "C": a,
        "F": np.asfortranarray(a),
        "strided": np.repeat(a, 2, axis=0)[::2],
        "columns strided": np.repeat(a, 2, axis=1)[:, ::2],
        "object": np.where(missing, None, whole).astype(object),
        "masked": np.ma.masked_array(whole, mask=missing),
        "rows": [[None if m else int(x) for x, m in zip(rw, mr)] for rw, mr in zip(whole, missing)],
        "text rows": [["" if m else f" {x} " for x, m in zip(rw, mr)] for rw, mr in zip(whole, missing)],
        "tuples": tuple(tuple(float(x) for x in rw) for rw in a),
    }
    for dtype in (np.float16, np.float32, np.float64, np.longdouble, np.dtype(">f8")):
        out[f"{np.dtype(dtype)}"] = a.astype(dtype)
        out[f"{np.dtype(dtype)} F"] = np.asfortranarray(a.astype(dtype))
    shuffled = list(ITEMS)
    random.Random(3).shuffle(shuffled)
    df = pd.DataFrame(a, columns=ITEMS)
    out["DataFrame"] = df
    out["DataFrame shuffled + other columns"] = df[shuffled].assign(id=range(len(a)), name="x")
    out["DataFrame int labels"] = pd.DataFrame(a, columns=range(1, 36))
    out["DataFrame Int64"] = df[shuffled].astype("Int64")
    out["DataFrame Float64"] = df.astype("Float64")
    out["DataFrame object"] = df.astype(object).where(~df.isna(), None)
    out["DataFrame mixed dtypes"] = df.astype({"1": "Int64", "2": np.float32, "3": object})
    out["mapping of arrays"] = {item: a[:, j] for j, item in enumerate(ITEMS)}
    out["mapping of lists"] = {item: [None if np.isnan(x) else x for x in a[:, j]] for j, item in enumerate(ITEMS)}
    return out


def test_every_layout_and_dtype_gives_identical_numbers() -> None:
    sci = sci93()
    rng = np.random.default_rng(2024)
    a = rng.integers(0, 6, size=(200, 35)).astype(np.float64)
    # rows with 0..6 missing items: prorated, not prorated, no score
    for r in range(200):
        k = r % 7
        a[r, rng.choice(35, size=k, replace=False)] = np.nan
    ref = sci.score_batch(a)
    assert ref.missing == sum(1 for r in range(200) if r % 7 > 3)
    for name, data in _layouts(a).items():
        out = sci.score_batch(data)
        assert same(out.total, ref.total), name
        assert (out.answered == ref.answered).all(), name
        assert (out.prorated == ref.prorated).all(), name
        assert out.missing == ref.missing, name
    # every integer dtype (no missing values), C and Fortran order, strided
    whole = np.nan_to_num(a, nan=0)
    ref = sci.score_batch(whole)
    for dtype in (np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
                  np.uint64, np.dtype(">i4"), np.dtype("<u2")):
        b = whole.astype(dtype)
        for layout in (b, np.asfortranarray(b), b[::1, :], np.repeat(b, 3, axis=0)[1::3]):
            assert same(sci.score_batch(layout).total, ref.total), (dtype, layout.flags)
        assert same(sci.score_batch(pd.DataFrame(b, columns=ITEMS)).total, ref.total), dtype
    # one row is both C- and Fortran-contiguous; zero rows give empty results
    assert same(sci.score_batch(whole[:1]).total, ref.total[:1])
    empty = sci.score_batch(np.zeros((0, 35)))
    assert len(empty) == 0 and empty.total.dtype == np.float64
    assert len(sci.score_batch(np.asfortranarray(np.zeros((0, 35), dtype=np.uint8)))) == 0
    assert len(sci.score_batch([])) == 0
    assert len(sci.score_batch(pd.DataFrame(columns=ITEMS))) == 0


def test_pd_na_in_nullable_columns_is_missing() -> None:
    df = pd.DataFrame({item: [2, 2, 2] for item in ITEMS}, dtype="Int64")
    df.loc[1, ["1", "2", "3"]] = pd.NA
    df.loc[2, ["1", "2", "3", "4"]] = pd.NA
    out = sci93().score_batch(df)
    assert out.total[:2].tolist() == [70.0, 70.0] and math.isnan(out.total[2])
    assert out.prorated.tolist() == [False, True, False]
    assert out.missing == 1


def test_pandas_results_keep_the_index() -> None:
    df = pd.DataFrame({item: [1.0, 2.0, 3.0] for item in ITEMS}, index=["x", "y", "z"])
    df.loc["y", "12"] = 2.5
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        sci93().score_batch(df)
    e = ei.value.errors[0]
    assert (e.row, e.field, e.label) == (1, "12", "y")
    assert "2.5" in e.message
    out = sci93().score_batch(df, errors="coerce")
    assert out.index is df.index
    frame = out.to_frame()
    assert list(frame.index) == ["x", "y", "z"]
    assert frame["total"].tolist()[0::2] == [35.0, 105.0]
    assert frame.attrs["invalid"] == 1
    assert out.errors[0].label == "y"
    # numpy input: a default index
    assert list(sci93().score_batch(np.ones((2, 35))).to_frame().index) == [0, 1]


def test_bad_batches_raise_the_right_class() -> None:
    sci = sci93()
    # wrong number of items: never re-read across rows (35 × 34 values would divide by 35)
    for bad in (np.ones((35, 34)), np.ones((2, 36)), np.ones(35), np.ones((2, 35, 1)), np.array(1.0)):
        with pytest.raises(groupwell.InvalidArgumentError) as ei:
            sci.score_batch(bad)
        assert ei.value.argument == "answers"
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        sci.score_batch([[1] * 35, [1] * 34, [1] * 35, [1] * 36])
    assert "row 1 with 34 values" in str(ei.value) and "1 more" in str(ei.value)
    with pytest.raises(groupwell.InvalidArgumentError):
        sci.score_batch(np.array([[1] * 34], dtype=object))
    # unknown column / absent item
    df = pd.DataFrame({item: [1.0] for item in ITEMS})
    with pytest.raises(groupwell.InvalidArgumentError, match="no column for item 17"):
        sci.score_batch(df.drop(columns="17"))
    with pytest.raises(groupwell.InvalidArgumentError, match='"36"'):
        sci.score_batch(df, columns={**{i: i for i in ITEMS}, "36": "1"})
    # 2.7 and out-of-range answers name the row and the item
    df.loc[0, "9"] = 2.7
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        sci.score_batch(df)
    assert [(e.row, e.field) for e in ei.value.errors] == [(0, "9")]
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        sci.score_batch([[1] * 34 + [-3], [1] * 35, ["x"] + [1] * 34])
    assert [(e.row, e.field) for e in ei.value.errors] == [(0, "35"), (2, "1")]
    # types that are not answers
    with pytest.raises(TypeError):
        sci.score_batch(np.ones((2, 35), dtype=bool))
    with pytest.raises(TypeError):
        sci.score_batch([[True] * 35])
    with pytest.raises(TypeError):
        sci.score_batch([1] * 35)
    with pytest.raises(TypeError):
        sci.score_batch(np.float64(1))
    with pytest.raises(TypeError):
        sci.score_batch(pd.Series([1] * 35))
    with pytest.raises(TypeError):
        sci.score_batch("1" * 35)
    with pytest.raises(TypeError):
        sci.score_batch([{"1": 1}])


def test_huge_and_extreme_values_are_errors_not_overflows() -> None:
    sci = sci93()
    for dtype in (np.int64, np.uint64, np.int32, np.uint32):
        info = np.iinfo(dtype)
        b = np.tile(np.array([info.min, info.max, 0, 1], dtype=dtype)[:, None], (1, 35))
        for offset in (0, 1, -1, 2**31 - 1, -(2**31)):
            for layout in (b, np.asfortranarray(b)):
                out = sci.score_batch(layout, errors="coerce", offset=offset)
                assert len(out) == 4
    out = sci.score_batch([[2**127] * 35, [-(2**200)] * 35], errors="coerce")
    assert np.isnan(out.total).all() and len(out.errors) == 70


# ---------------------------------------------------------------------------------------------
# fuzz


def _junk(rng: random.Random) -> Any:
    return rng.choice(
        [
            lambda: rng.randint(-8, 12),
            lambda: rng.randint(-(2**70), 2**70),
            lambda: rng.choice([2**63, -(2**63) - 1, 2**64, 2**128, -(2**127)]),
            lambda: rng.uniform(-1e6, 1e6),
            lambda: rng.choice([math.nan, math.inf, -math.inf, 2.5, 1e300, -0.0, 5.0000001]),
            lambda: "".join(rng.choice("0123456789 -+.eaNA٣") for _ in range(rng.randint(0, 5))),
            lambda: None,
            lambda: pd.NA,
            lambda: np.float32(rng.choice([1.0, 2.5, math.nan])),
            lambda: np.int64(rng.randint(-3, 8)),
            lambda: np.uint64(2**64 - 1),
        ]
    )()


@pytest.mark.fuzz
def test_random_input_raises_only_groupwell_errors() -> None:
    """Random values and shapes into every entry point of groupwell.scales: only a
    GroupwellError may come out (a Rust panic is a BaseException and fails the test; on the
    debug build run by run-tests.sh an integer overflow would panic)."""
    rng = random.Random(93)
    np_rng = np.random.default_rng(93)
    ids = ["a", "b", "c", "d"]
    scale_list = [sci93(), demo()]
    for _ in range(400):
        s = rng.choice(scale_list)
        k = len(s.items)
        n_rows = rng.randint(0, 4)
        width = rng.choice([k, k, k, k - 1, k + 1, 0, 1])
        rows = [[_junk(rng) for _ in range(width)] for _ in range(n_rows)]
        offset = rng.choice([0, 1, -1, 5, 2**31 - 1, -(2**31), 2**31, 2**80])
        errors = rng.choice(["raise", "coerce"])
        dtype = rng.choice([np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32,
                            np.int64, np.uint64, np.float16, np.float32, np.float64])
        info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else np.finfo(dtype)
        extremes = np.array([info.min, info.max, 0, 1, 5, 6, -1 if info.min < 0 else 2], dtype=dtype)
        arr = np_rng.choice(extremes, size=(n_rows, width))
        if np.dtype(dtype).kind == "f":
            arr[np_rng.random(size=arr.shape) < 0.2] = np.nan
        small = np_rng.integers(-2, 13, size=(n_rows, width)).astype(dtype)
        definition = s.to_dict()
        key = rng.choice(list(definition))
        definition[key] = rng.choice([_junk(rng), [], {}, [_junk(rng)], {"min": 0}])
        definition = json.loads(json.dumps(definition, default=lambda x: None))
        calls = [
            lambda: s.score(rows[0] if rows else [], offset=offset),
            lambda: s.score(dict(zip(rng.sample(s.items + ["zz"], min(width, k)), rows[0] if rows else [])), offset=offset),
            lambda: s.score_batch(rows, offset=offset, errors=errors),
            lambda: s.score_batch(np.array(rows, dtype=object).reshape(n_rows, width), errors=errors),
            lambda: s.score_batch(arr, offset=offset, errors=errors),
            lambda: s.score_batch(np.asfortranarray(arr), offset=offset, errors=errors),
            lambda: s.score_batch(small, offset=offset, errors=errors),
            lambda: s.score_batch(np.asfortranarray(small)[:, ::-1], offset=offset, errors=errors),
            lambda: s.score_batch(pd.DataFrame(small, columns=rng.sample(s.items + ["x", "y"], width) if width <= k + 2 else None), offset=offset, errors=errors),
            lambda: s.score_batch(pd.DataFrame(rows, columns=[str(c) for c in range(width)]).rename(columns=dict(enumerate(s.items))), errors=errors),
            lambda: s.score_batch(pd.DataFrame(small.astype(np.float64)).astype("Float64").rename(columns=lambda c: s.items[c] if c < k else c), errors=errors),
            lambda: Scale.from_dict(definition),
            lambda: Scale.from_json(json.dumps(definition, default=str)),
            lambda: Scale.from_json(json.dumps(definition, default=str)[: rng.randint(0, 200)]),
            lambda: Scale.from_dict({**json.loads(DEMO), "items": rng.sample(ids + ["a", ""], rng.randint(0, 5))}),
            lambda: Scale.from_dict({**json.loads(DEMO), "range": {"min": rng.randint(-(2**31), 2**31 - 1), "max": rng.randint(-(2**31), 2**31 - 1)}}),
        ]
        for call in calls:
            try:
                call()
            except groupwell.GroupwellError:
                pass
    # extreme ranges: totals of many extreme items must not overflow
    wide = {"id": "wide", "name": "W", "items": [f"i{j}" for j in range(300)],
            "range": {"min": -(2**31), "max": 2**31 - 1}, "direction": "higher_is_better",
            "missing": {"max_missing": 299}, "reverse": ["i0", "i7"],
            "subscales": [{"name": "s", "items": ["i0", "i1"], "max_missing": 1}],
            "bands": [{"label": "all", "min": -1e300, "max": 1e300}]}
    w = Scale.from_dict(wide)
    assert w.total_range == (-(2**31) * 300.0, (2**31 - 1) * 300.0)
    for v in (-(2**31), 2**31 - 1, 0):
        out = w.score_batch(np.full((2, 300), v, dtype=np.int64), offset=rng.choice([0, 1, -1]), errors="coerce")
        assert len(out) == 2
        w.score_batch(np.asfortranarray(np.full((2, 300), v, dtype=np.int64)), errors="coerce")
        try:
            w.score([v] * 300, offset=-(2**31))
        except groupwell.GroupwellError:
            pass
