"""The exception hierarchy: one class per core error kind, rooted in GroupwellError(ValueError),
with the error's fields as attributes; no input reaches a Rust panic."""

from __future__ import annotations

import pickle
import random
from typing import Any

import numpy as np
import pytest

import groupwell
from groupwell import _native, eq5d


def test_every_core_kind_has_its_own_class() -> None:
    kinds = _native.ERROR_KINDS
    assert len(kinds) == len(set(kinds)) >= 14
    classes = [groupwell.ERROR_CLASSES[k] for k in kinds]
    assert len(set(classes)) == len(kinds), "two kinds share a class"
    for kind, cls in zip(kinds, classes):
        assert cls is not groupwell.GroupwellError, kind
        assert issubclass(cls, groupwell.GroupwellError)
        assert issubclass(cls, ValueError)
        assert cls.__module__ == "groupwell"
        assert getattr(groupwell, cls.__name__) is cls, f"{cls.__name__} not exported"
        assert cls.__name__ in groupwell.__all__
        assert cls.__doc__


def test_class_names() -> None:
    expected = {
        "InvalidLevel": groupwell.InvalidLevelError,
        "InvalidState": groupwell.InvalidStateError,
        "InvalidStateCode": groupwell.InvalidStateCodeError,
        "InvalidVas": groupwell.InvalidVasError,
        "Rows": groupwell.InvalidRowsError,
        "LengthMismatch": groupwell.LengthMismatchError,
        "UnknownValueSet": groupwell.UnknownValueSetError,
        "AmbiguousValueSet": groupwell.AmbiguousValueSetError,
        "InstrumentMismatch": groupwell.InstrumentMismatchError,
        "NoValueSets": groupwell.NoValueSetsError,
        "InvalidDefinition": groupwell.InvalidDefinitionError,
        "Json": groupwell.JsonError,
        "Toml": groupwell.TomlError,
        "InvalidArgument": groupwell.InvalidArgumentError,
        "Unavailable": groupwell.UnavailableError,
    }
    for kind, cls in expected.items():
        assert groupwell.ERROR_CLASSES[kind] is cls


def test_root_is_a_value_error() -> None:
    assert issubclass(groupwell.GroupwellError, ValueError)
    with pytest.raises(ValueError):
        eq5d.value_set("Atlantis")


def test_unknown_value_set() -> None:
    with pytest.raises(groupwell.UnknownValueSetError) as ei:
        eq5d.value_set("Atlantis")
    assert ei.value.kind == "UnknownValueSet"
    assert ei.value.query == "Atlantis"
    assert ei.value.suggestions == []
    with pytest.raises(groupwell.UnknownValueSetError) as ei:
        eq5d.value_set("swe")
    assert "3L_SE" in ei.value.suggestions
    assert "did you mean" in str(ei.value)


def test_ambiguous_value_set() -> None:
    with pytest.raises(groupwell.AmbiguousValueSetError) as ei:
        eq5d.value_set("UK")
    assert set(ei.value.candidates) >= {"3L_UK", "5L_UK"}
    assert ei.value.query == "UK"
    assert "3L_UK" in str(ei.value)


def test_no_value_sets_for_y5l() -> None:
    with pytest.raises(groupwell.NoValueSetsError) as ei:
        eq5d.value_set("Germany", "Y5L")
    assert ei.value.instrument == "EQ-5D-Y-5L"


def test_bad_instrument_is_an_invalid_argument() -> None:
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        eq5d.value_set("UK", "4L")
    assert ei.value.argument == "instrument"


def test_instrument_mismatch() -> None:
    with pytest.raises(groupwell.InstrumentMismatchError) as ei:
        eq5d.crosswalk_5l_to_3l(eq5d.value_set("5L_UK"))
    assert (ei.value.expected, ei.value.found) == ("EQ-5D-3L", "EQ-5D-5L")
    with pytest.raises(groupwell.InstrumentMismatchError):
        eq5d.crosswalk_3l_to_5l(eq5d.value_set("3L_UK"))


def test_invalid_level_attributes() -> None:
    with pytest.raises(groupwell.InvalidLevelError) as ei:
        eq5d.value_set("3L_UK").index([1, 1, 1, 1, 4])
    e = ei.value
    assert (e.kind, e.dimension, e.value, e.instrument, e.max) == (
        "InvalidLevel",
        "AD",
        "4",
        "EQ-5D-3L",
        3,
    )


def test_invalid_state_attributes() -> None:
    with pytest.raises(groupwell.InvalidStateError) as ei:
        eq5d.value_set("3L_UK").index("1234")
    assert ei.value.input == "1234"
    assert "4 characters" in ei.value.reason


def test_rows_error_lists_every_row() -> None:
    vs = eq5d.value_set("3L_UK")
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        vs.score(["11111", "4", "11111", "11114", "99999"])
    errs = ei.value.errors
    assert [e.row for e in errs] == [1, 3, 4]
    assert all(isinstance(e, eq5d.RowError) for e in errs)
    row, field, message = errs[0][:3]
    assert (row, field) == (1, "state")
    assert "1 characters" in message
    assert errs[1].kind == "InvalidLevel"
    assert ei.value.kind == "Rows"


def test_length_mismatch() -> None:
    vs = eq5d.value_set("3L_UK")
    cols = {"MO": [1, 1], "SC": [1, 1], "UA": [1], "PD": [1, 1], "AD": [1, 1]}
    with pytest.raises(groupwell.LengthMismatchError) as ei:
        vs.score_levels(cols)
    assert (ei.value.field, ei.value.expected, ei.value.found) == ("UA", 2, 1)


def test_json_error() -> None:
    with pytest.raises(groupwell.JsonError) as ei:
        eq5d.value_set_from_json("{\n  nope")
    assert ei.value.line == 2
    assert ei.value.column > 0


def test_exceptions_pickle() -> None:
    try:
        eq5d.value_set("Atlantis")
    except groupwell.UnknownValueSetError as e:
        back = pickle.loads(pickle.dumps(e))
        assert type(back) is groupwell.UnknownValueSetError
        assert str(back) == str(e)


def _random_value(rng: random.Random) -> object:
    choices = [
        lambda: rng.randint(-(10**20), 10**20),
        lambda: rng.randint(-5, 100_000),
        lambda: rng.choice([0, 1, 2, 3, 4, 5, 6, 11111, 55555, 99999, 2**63, -(2**63) - 1]),
        lambda: rng.uniform(-1e6, 1e6),
        lambda: rng.choice([float("nan"), float("inf"), -float("inf"), 2.5, 1e300, -0.0]),
        lambda: "".join(rng.choice("0123456789 -+.aé٣\x00") for _ in range(rng.randint(0, 8))),
        lambda: None,
        lambda: rng.choice([True, False, b"11111", object(), [1], {}, 1j, np.int8(3)]),
        lambda: np.float32(rng.choice([1.0, 2.5, float("nan")])),
        lambda: np.uint64(2**64 - 1),
    ]
    return rng.choice(choices)()


@pytest.mark.fuzz
def test_no_input_reaches_a_panic() -> None:
    """Random junk into every entry point: only GroupwellError or TypeError may come out (a
    pyo3 PanicException is a BaseException and would fail the test). run-tests.sh also runs
    the fuzz tests on a debug build, where integer overflow panics."""
    rng = random.Random(20240611)
    sets = [eq5d.value_set("3L_UK"), eq5d.value_set("5L_SE_2022"), eq5d.value_set("Y3L_DE")]
    allowed = (groupwell.GroupwellError, TypeError)
    for _ in range(600):
        vs = rng.choice(sets)
        n = rng.randint(0, 6)
        values = [_random_value(rng) for _ in range(n)]
        calls = [
            lambda: vs.index(values[0] if values else None),
            lambda: vs.index(values[:5]),
            lambda: vs.score(values, errors=rng.choice(["raise", "coerce", "bogus"])),
            lambda: vs.score_codes(values, errors="coerce", decimals=rng.choice([None, 3, -1, 11, 300])),
            lambda: vs.score_levels(
                [values[:5]] if len(values) >= 5 else [[1, 1, 1, 1, 1], values], errors="coerce"
            ),
            lambda: vs.score(np.array(values, dtype=object), errors="coerce"),
            lambda: eq5d.value_set(str(values[0]) if values else "", rng.choice([None, "3L", "x"])),
            lambda: eq5d.value_set_from_table("t", "3L", [(v, 0.5) for v in values]),
            lambda: eq5d.value_set_from_json(str(values)),
            lambda: vs.score_levels(
                np.array([values[:5]] if len(values) >= 5 else [[1] * 5], dtype=object),
                errors="coerce",
            ),
            lambda: vs.score_levels([[str(v) for v in values[:5]]], errors="coerce"),
            lambda: vs.score_codes([str(v) for v in values], errors="coerce"),
            lambda: eq5d.validate_vas(values, errors=rng.choice(["raise", "coerce"])),
            lambda: eq5d.validate_vas(values[0] if values else None, errors="coerce"),
            lambda: eq5d.dsu_map(
                values,
                rng.choice([values, 40, "65+", 17, 1e300, -(2**70), None]),
                rng.choice([values, "f", "m", ["f"] * len(values), None]),
                rng.choice(["UK", "JP", "x"]),
                rng.choice(["5L->3L", "3L->5L", "?"]),
                codes=rng.random() < 0.5,
                copula=rng.random() < 0.5,
                errors=rng.choice(["raise", "coerce"]),
                decimals=rng.choice([None, 3, -1, 2**70]),
            ),
        ]
        for call in calls:
            try:
                call()
            except allowed:
                pass
    # numeric arrays of every dtype with extreme values
    for dtype in (np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32, np.uint64, np.int64):
        info = np.iinfo(dtype)
        arr = np.array([info.min, info.max, 0, 1], dtype=dtype)
        for vs in sets:
            vs.score(arr, errors="coerce")
            vs.score_codes(arr, errors="coerce")
            vs.score_levels(np.tile(arr[:, None], (1, 5)), errors="coerce")
            vs.score_levels(np.asfortranarray(np.tile(arr[:, None], (1, 5))), errors="coerce")
            eq5d.validate_vas(arr, errors="coerce")
            eq5d.dsu_map(arr, arr, "f", "UK", codes=True, errors="coerce")
            eq5d.dsu_map(arr, 40, "f", "UK", "3L->5L", errors="coerce")
    # extreme floats in every layout (the levels kernels must not overflow in debug builds)
    for dtype in (np.float32, np.float64):
        info = np.finfo(dtype)
        vals = np.array(
            [info.max, info.min, np.inf, -np.inf, np.nan, 1e300 if dtype == np.float64 else 3e38,
             -0.0, 2**63, -(2**63), 2**64, 5.0000001, info.tiny],
            dtype=dtype,
        )
        grid = np.tile(vals[:, None], (1, 5))
        for vs in sets:
            for levels in (grid, np.asfortranarray(grid), grid[::2], grid.tolist()):
                vs.score_levels(levels, errors="coerce")
            vs.score(vals, errors="coerce")
            vs.score_codes(vals, errors="coerce")
        eq5d.validate_vas(vals, errors="coerce")
        eq5d.dsu_map(vals, vals, "m", "NL", codes=True, errors="coerce")
        eq5d.dsu_map(vals, 40, "m", "NL", errors="coerce")
    # huge Python ints (beyond i64 and i128) as states, codes, levels, ages, EQ VAS, decimals
    for big in (2**63, 2**64, 2**127, 2**128, -(2**127) - 1, 10**40, -(10**40)):
        for vs in sets:
            for call in (
                lambda: vs.index(big),
                lambda: vs.index([big, 1, 1, 1, 1]),
                lambda: vs.score([big], errors="coerce"),
                lambda: vs.score_codes([big], errors="coerce"),
                lambda: vs.score_levels([[big, 1, 1, 1, 1]], errors="coerce"),
                lambda: vs.score([11111], decimals=big),
                lambda: eq5d.validate_vas(big),
                lambda: eq5d.validate_vas([big], errors="coerce"),
                lambda: eq5d.dsu_map([big], big, "m", "UK", codes=True, errors="coerce"),
            ):
                try:
                    call()
                except allowed:
                    pass


@pytest.mark.fuzz
def test_huge_ints_are_reported_as_given() -> None:
    """Ints beyond 64 bits reach the core exactly (up to 128 bits), so errors show them."""
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        eq5d.value_set("3L_UK").score_codes([2**64 + 1])
    assert str(2**64 + 1) in ei.value.errors[0].message


@pytest.mark.fuzz
def test_build_profile() -> None:
    """run-tests.sh sets GROUPWELL_EXPECT_PROFILE when it runs the fuzz tests on a debug build."""
    import os

    assert _native.BUILD_PROFILE in ("debug", "release")
    expected = os.environ.get("GROUPWELL_EXPECT_PROFILE")
    if expected:
        assert _native.BUILD_PROFILE == expected


def _raisers() -> dict[str, Any]:
    """One input per core error kind that raises it (a batch raises InvalidRowsError whose
    row errors carry the kind)."""
    from groupwell import change, goals, scales

    uk = eq5d.value_set("3L_UK")
    return {
        "InvalidLevel": lambda: uk.index("11114"),
        "InvalidState": lambda: uk.index("1234"),
        "InvalidStateCode": lambda: uk.score_codes([243]),
        "InvalidVas": lambda: eq5d.validate_vas(101),
        "Rows": lambda: uk.score(["11111", "1234"]),
        "LengthMismatch": lambda: change.classify([1, 2], [1], direction="better",
                                                  threshold=change.strict()),
        "UnknownValueSet": lambda: eq5d.value_set("Atlantis"),
        "AmbiguousValueSet": lambda: eq5d.value_set("UK"),
        "InstrumentMismatch": lambda: eq5d.crosswalk_5l_to_3l(eq5d.value_set("5L_UK")),
        "NoValueSets": lambda: eq5d.value_set("Germany", "Y5L"),
        "InvalidDefinition": lambda: scales.from_dict(
            {**scales.sci93().to_dict(), "items": ["1", "1"]}),
        "Json": lambda: eq5d.value_set_from_json("{"),
        "Toml": lambda: goals.GoalSet.from_toml("goals = ["),
        "InvalidArgument": lambda: uk.score([11111], errors="ignore"),  # type: ignore[call-overload]
    }


@pytest.mark.parametrize("kind", [k for k in _native.ERROR_KINDS if k != "Unavailable"])
def test_every_error_class_is_raised_by_some_input(kind: str) -> None:
    """Every exception class of the package is reachable from Python input (but
    UnavailableError: the package is always built with everything, see test_dsu)."""
    cls = groupwell.ERROR_CLASSES[kind]
    raisers = _raisers()
    assert kind in raisers, f"no input raising {kind}"
    with pytest.raises(groupwell.GroupwellError) as ei:
        raisers[kind]()
    err = ei.value
    if isinstance(err, groupwell.InvalidRowsError) and kind != "Rows":
        assert kind in {e.kind for e in err.errors}, err
    else:
        assert type(err) is cls, (kind, type(err))
        assert err.kind == kind
