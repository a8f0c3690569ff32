"""Change classification (groupwell.change): the hand-worked cases of the core's tests
(tests/tests/change.rs), on scalars, numpy arrays and pandas Series alike."""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pandas as pd
import pytest

import groupwell
from groupwell import change
from groupwell.change import (
    LABELS,
    Threshold,
    absolute,
    classify,
    eq5d_index_mid,
    eq_vas_mid,
    reliable,
    reliable_change_index,
    sci93_reliable,
    strict,
)

BETTER = "higher_is_better"
WORSE = "higher_is_worse"


def both(baseline: list[Any], follow_up: list[Any], direction: str, t: Threshold) -> list[Any]:
    """Classifies one by one and as a column, checks that they agree, returns the labels."""
    one = [classify(a, b, direction=direction, threshold=t) for a, b in zip(baseline, follow_up)]
    col = classify(baseline, follow_up, direction=direction, threshold=t)
    assert isinstance(col, np.ndarray) and col.dtype == object
    assert col.tolist() == one
    return one


def test_labels_and_directions() -> None:
    assert LABELS == ("improved", "unchanged", "worsened")
    assert change.DIRECTIONS == (BETTER, WORSE)
    assert groupwell.change is change and "change" in groupwell.__all__


def test_strict_counts_any_difference() -> None:
    t = strict()
    assert both([50, 50, 50], [51, 49.5, 50], BETTER, t) == ["improved", "worsened", "unchanged"]
    # SCI-93: higher is worse
    assert both([80, 80], [79, 81], WORSE, t) == ["improved", "worsened"]


def test_change_exactly_at_the_mid_counts() -> None:
    # EQ VAS, MID 7: 60 → 67 improved, 60 → 66 unchanged, 60 → 53 worsened
    assert both([60, 60, 60], [67, 66, 53], BETTER, eq_vas_mid()) == [
        "improved",
        "unchanged",
        "worsened",
    ]
    # EQ-5D index, MID 0.074, including a difference whose float is a hair below 0.074
    assert abs(0.7 - 0.626) < 0.074
    assert both([0.626, 0.627], [0.7, 0.7], BETTER, eq5d_index_mid()) == ["improved", "unchanged"]
    assert both([10, 10], [13, 7], WORSE, absolute(3)) == ["worsened", "improved"]


def test_reliable_change_on_both_sides_of_1_96() -> None:
    # SD 10, r 0.95: √2·SEM = 3.1622777; RC = 1.96 at Δ = 6.1980643
    t = reliable(10, 0.95)
    assert abs(reliable_change_index(50, 56.3, 10, 0.95) - 1.992235) < 1e-6
    assert abs(reliable_change_index(50, 56.1, 10, 0.95) - 1.928989) < 1e-6
    assert abs(reliable_change_index(50, 43.7, 10, 0.95) + 1.992235) < 1e-6
    # SCI-93 (higher is worse): a fall of 6.3 is a reliable improvement, of 6.1 not
    assert both([50, 50, 50, 50], [43.7, 43.9, 56.3, 56.1], WORSE, t) == [
        "improved",
        "unchanged",
        "worsened",
        "unchanged",
    ]
    # the preset uses r = 0.95 with the user's SD
    assert sci93_reliable(10) == t
    assert sci93_reliable(10).reliability == 0.95
    rc = reliable_change_index([50, 50, None], np.array([56.3, 56.1, 60]), 10, 0.95)
    assert isinstance(rc, np.ndarray)
    assert np.allclose(rc[:2], [1.992235, 1.928989]) and math.isnan(rc[2])
    assert math.isnan(reliable_change_index(None, 60, 10, 0.95))
    with pytest.raises(groupwell.InvalidArgumentError):
        reliable_change_index(50, 60, 0, 0.95)
    with pytest.raises(groupwell.InvalidArgumentError):
        reliable_change_index(50, 60, 10, 1.0)
    with pytest.raises(groupwell.LengthMismatchError):
        reliable_change_index([1, 2], [1], 10, 0.9)


def test_presets_come_from_the_core() -> None:
    assert eq_vas_mid() == Threshold("absolute", mid=7.0)
    assert eq5d_index_mid() == Threshold("absolute", mid=0.074)
    assert sci93_reliable(21.3) == Threshold("reliable", sd=21.3, reliability=0.95)
    with pytest.raises(groupwell.InvalidArgumentError):
        sci93_reliable(0)
    with pytest.raises(groupwell.InvalidArgumentError):
        sci93_reliable(float("nan"))


def test_missing_scores_give_none() -> None:
    for missing in (None, float("nan"), np.nan, pd.NA, np.float32("nan")):
        assert classify(missing, 1.0, direction=BETTER, threshold=strict()) is None
        assert classify(1.0, missing, direction=BETTER, threshold=strict()) is None
    assert both([None, 1, math.nan], [1, None, 2], BETTER, strict()) == [None, None, None]


def test_bad_thresholds() -> None:
    for make in (
        lambda: absolute(0),
        lambda: absolute(float("nan")),
        lambda: absolute(-1),
        lambda: absolute(float("inf")),
        lambda: reliable(0, 0.9),
        lambda: reliable(10, 1.0),
        lambda: reliable(10, -0.1),
        lambda: Threshold("absolute"),
        lambda: Threshold("strict", mid=7),
        lambda: Threshold("reliable", mid=7, sd=1, reliability=0.5),
        lambda: Threshold("absolute", mid=7, sd=1),
        lambda: Threshold("sideways"),  # type: ignore[arg-type]
        lambda: absolute(10**400),
    ):
        with pytest.raises(groupwell.InvalidArgumentError):
            make()
    for make in (
        lambda: absolute(True),
        lambda: absolute("7"),  # type: ignore[arg-type]
        lambda: Threshold(3),  # type: ignore[arg-type]
    ):
        with pytest.raises(TypeError):
            make()
    with pytest.raises(TypeError):
        classify(1, 2, direction=BETTER, threshold=("absolute", 7, None, None))  # type: ignore[arg-type]


def test_threshold_dicts() -> None:
    for t in (strict(), eq_vas_mid(), eq5d_index_mid(), sci93_reliable(21.3), absolute(3)):
        assert Threshold.from_dict(t.to_dict()) == t
    assert eq_vas_mid().to_dict() == {"type": "absolute", "mid": 7.0}
    assert strict().to_dict() == {"type": "strict"}
    with pytest.raises(groupwell.InvalidArgumentError):
        Threshold.from_dict({"type": "absolute", "mid": 7, "extra": 1})
    with pytest.raises(groupwell.InvalidArgumentError):
        Threshold.from_dict({"mid": 7})
    assert Threshold("  Absolute ", mid=7).kind == "absolute"
    # frozen and hashable
    assert len({eq_vas_mid(), absolute(7), strict()}) == 2


def test_directions() -> None:
    t = strict()
    for spelling in ("higher_is_better", "higher is better", "better", "Higher-Is-Better"):
        assert classify(1, 2, direction=spelling, threshold=t) == "improved"
    for spelling in ("higher_is_worse", "worse", "HIGHER IS WORSE"):
        assert classify(1, 2, direction=spelling, threshold=t) == "worsened"
    assert classify(1, 2, direction=groupwell.scales.sci93().direction, threshold=t) == "worsened"
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        classify(1, 2, direction="sideways", threshold=t)
    assert ei.value.argument == "direction"
    with pytest.raises(groupwell.InvalidArgumentError):
        classify([1], [2], direction="sideways", threshold=t)
    with pytest.raises(TypeError):
        classify(1, 2, direction=1, threshold=t)  # type: ignore[call-overload]


def test_infinite_scores_are_errors_naming_the_row() -> None:
    with pytest.raises(groupwell.InvalidArgumentError):
        classify(math.inf, 2.0, direction=BETTER, threshold=strict())
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        classify([1.0, math.inf, 3.0, 4.0], [1.0, 2.0, -math.inf, 5.0], direction=BETTER,
                 threshold=strict())
    assert [(e.row, e.field) for e in ei.value.errors] == [(1, "baseline"), (2, "follow_up")]
    pre = pd.Series([1.0, math.inf], index=["p", "q"])
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        classify(pre, pre, direction=BETTER, threshold=strict())
    assert [(e.row, e.label) for e in ei.value.errors] == [(1, "q")]
    with pytest.raises(groupwell.LengthMismatchError):
        classify([1.0], [], direction=BETTER, threshold=strict())


def test_numpy_dtypes_and_layouts_agree() -> None:
    rng = np.random.default_rng(5)
    a = rng.integers(0, 100, size=300)
    b = rng.integers(0, 100, size=300)
    t = eq_vas_mid()
    ref = classify(a.astype(np.float64), b.astype(np.float64), direction=BETTER, threshold=t)
    assert set(ref) == set(LABELS)
    for dtype in (np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
                  np.uint64, np.float16, np.float32, np.float64, np.dtype(">f8")):
        x, y = a.astype(dtype), b.astype(dtype)
        assert (classify(x, y, direction=BETTER, threshold=t) == ref).all(), dtype
    strided = np.repeat(a.astype(np.float64), 2)[::2]
    assert (classify(strided, b, direction=BETTER, threshold=t) == ref).all()
    assert (classify(a.tolist(), tuple(b.tolist()), direction=BETTER, threshold=t) == ref).all()
    s = classify(pd.Series(a), pd.Series(b, dtype="Int64"), direction=BETTER, threshold=t)
    assert (s.to_numpy() == ref).all()
    # a single score on one side is used for every row
    assert classify(50, [57, 50, None], direction=BETTER, threshold=t).tolist() == [
        "improved",
        "unchanged",
        None,
    ]
    assert classify(np.array([43, 50]), np.float64(50), direction=BETTER, threshold=t).tolist() == [
        "improved",
        "unchanged",
    ]


def test_series_are_aligned_and_keep_their_index() -> None:
    t = eq_vas_mid()
    pre = pd.Series([60, 60, 60, pd.NA], index=["a", "b", "c", "d"], dtype="Int64")
    post = pd.Series([53.0, 66.0, 67.0, 70.0], index=["c", "b", "a", "d"])
    out = classify(pre, post, direction=BETTER, threshold=t)
    assert isinstance(out, pd.Series) and out.name == "change" and out.dtype == object
    assert out.to_dict() == {"a": "improved", "b": "unchanged", "c": "worsened", "d": None}
    # a label at one timepoint only gives None
    out = classify(pre.iloc[:2], post.iloc[:2], direction=BETTER, threshold=t)
    assert out.to_dict() == {"a": None, "b": "unchanged", "c": None}
    # a Series and a list are matched by position, the Series' index kept
    out = classify(pre, [67, 66, 53, 1], direction=BETTER, threshold=t)
    assert list(out.index) == ["a", "b", "c", "d"]
    assert out.tolist() == ["improved", "unchanged", "worsened", None]
    rc = reliable_change_index(pre, post, 10, 0.95)
    assert isinstance(rc, pd.Series) and list(rc.index) == ["a", "b", "c", "d"]
    with pytest.raises(TypeError):
        classify(pd.DataFrame({"x": [1]}), [1], direction=BETTER, threshold=t)
    with pytest.raises(TypeError):
        classify(["60"], [70], direction=BETTER, threshold=t)
    with pytest.raises(TypeError):
        classify([True], [1], direction=BETTER, threshold=t)
    with pytest.raises(TypeError):
        classify("60", 70, direction=BETTER, threshold=t)
    dup = pd.Series([1, 2], index=["a", "a"])
    with pytest.raises(groupwell.InvalidArgumentError):
        classify(dup, pd.Series([1, 2], index=["a", "b"]), direction=BETTER, threshold=t)


@pytest.mark.fuzz
def test_random_input_raises_only_groupwell_errors() -> None:
    rng = random.Random(2015)
    junk: list[Any] = [None, math.nan, math.inf, -math.inf, 0, 1, -1, 2.5, 1e308, -1e308,
                       2**70, -(2**70), 2**1100, np.float32(3), np.int64(-5), np.uint64(2**64 - 1),
                       pd.NA, 7, 0.074]
    thresholds = [strict(), eq_vas_mid(), eq5d_index_mid(), sci93_reliable(21.3),
                  reliable(1e-300, 0.999999), absolute(1e-300), absolute(1e300)]
    for _ in range(500):
        n = rng.randint(0, 5)
        a = [rng.choice(junk) for _ in range(n)]
        b = [rng.choice(junk) for _ in range(rng.choice([n, n, n + 1]))]
        t = rng.choice(thresholds)
        d = rng.choice([BETTER, WORSE, "?"])
        calls = [
            lambda: classify(a, b, direction=d, threshold=t),
            lambda: classify(a[0] if a else None, b[0] if b else None, direction=d, threshold=t),
            lambda: classify(np.array(a, dtype=object), np.array(b, dtype=object), direction=d,
                             threshold=t),
            lambda: classify(pd.Series(a, dtype=object), pd.Series(b, dtype=object), direction=d,
                             threshold=t),
            lambda: reliable_change_index(a, b, rng.choice([10, 0, -1, 1e-300]),
                                          rng.choice([0.9, 1.0, 0.0, -0.5])),
            lambda: Threshold(rng.choice(["strict", "absolute", "reliable", "x"]),
                              rng.choice([None, *junk[1:13]]), rng.choice([None, *junk[1:13]]),
                              rng.choice([None, *junk[1:13]])),
        ]
        for call in calls:
            try:
                call()
            except groupwell.GroupwellError:
                pass
    for dtype in (np.int8, np.uint64, np.int64, np.float32, np.float64):
        info = np.iinfo(dtype) if np.dtype(dtype).kind in "iu" else np.finfo(dtype)
        arr = np.array([info.min, info.max, 0], dtype=dtype)
        for t in thresholds:
            try:
                classify(arr, arr[::-1], direction=WORSE, threshold=t)
            except groupwell.GroupwellError:
                pass
