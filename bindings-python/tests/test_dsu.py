"""The NICE DSU mappings (groupwell.eq5d.dsu_map): the API, and every row of the published
tables (skipped when the reference folder is missing, unless GROUPWELL_REQUIRE_REFERENCE=1)."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import groupwell
from groupwell import eq5d
from groupwell.eq5d import dsu_map

from conftest import reference_file

# A representative age in years for each band (the band is what the tables give).
AGE_OF_BAND = {"18-34": 18, "35-44": 44.9, "45-54": 45, "55-64": 64.5, "65+": 130}


def test_constants() -> None:
    assert eq5d.DSU_COUNTRIES == (
        "UK", "Japan", "SouthKorea", "Netherlands", "China", "Spain", "Germany"
    )
    assert eq5d.DSU_AGE_BANDS == ("18-34", "35-44", "45-54", "55-64", "65+")
    assert eq5d.DIRECTIONS == ("5L->3L", "3L->5L")


def test_one_value_for_every_row_and_columns_agree() -> None:
    states = ["11111", "21345", "55555"]
    one = dsu_map(states, age=50, sex="female", country="Spain")
    cols = dsu_map(states, age=[50, 50, 50], sex=["female"] * 3, country="Spain")
    np.testing.assert_array_equal(one, cols)
    assert one.dtype == np.float64 and one.shape == (3,)
    assert one[0] > one[1] > one[2]


@pytest.mark.parametrize(
    ("age", "band"),
    [(18, "18-34"), (34.99, "18-34"), (35, "35-44"), (54.5, "45-54"), (64.99, "55-64"),
     (65, "65+"), (130, "65+"), (np.int8(40), "35-44"), ("55-64", "55-64"), (" 40 ", "35-44"),
     ("70.5", "65+")],
)
def test_ages_pick_their_band(age: object, band: str) -> None:
    states = np.arange(3125, dtype=np.uint16)
    by_age = dsu_map(states, age=age, sex="m", country="UK", codes=True)
    by_band = dsu_map(states, age=band, sex="male", country="UK", codes=True)
    np.testing.assert_array_equal(by_age, by_band)


def test_sexes_and_countries_in_any_accepted_form() -> None:
    base = dsu_map(["12345"], 40, "female", "SouthKorea")
    for sex in ("F", " female ", "Female"):
        for country in ("South Korea", "KR", "korea", "SOUTHKOREA"):
            assert dsu_map(["12345"], 40, sex, country).tolist() == base.tolist()
    male = dsu_map(["12345"], 40, "male", "SouthKorea")
    assert male.tolist() != base.tolist()


def test_directions() -> None:
    five = dsu_map(["12345"], 40, "f", "NL")
    for d in ("5L->3L", "5l→3l", "5L_to_3L", " 5L -> 3L ", "EQ-5D-5L -> EQ-5D-3L"):
        assert dsu_map(["12345"], 40, "f", "NL", d).tolist() == five.tolist()
    three = dsu_map(["12323"], 40, "f", "NL", "3L->5L")
    assert 0 < three[0] < 1
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        dsu_map(["12345"], 40, "f", "NL", "5L->5L")
    assert ei.value.argument == "direction"


def test_copula_false_is_the_input_versions_value_set() -> None:
    """The tables' non-copula column holds the input version's own value set (rounded to
    three decimals): for 5L->3L the country's 5L set, for 3L->5L its 3L set."""
    codes5 = np.arange(3125, dtype=np.uint16)
    plain = dsu_map(codes5, 70, "female", "Germany", copula=False, codes=True)
    np.testing.assert_allclose(plain, eq5d.value_set("5L_DE").table, atol=5e-4 + 1e-12)
    codes3 = np.arange(243, dtype=np.uint16)
    plain = dsu_map(codes3, 20, "male", "UK", "3L->5L", copula=False, codes=True)
    np.testing.assert_allclose(plain, eq5d.value_set("3L_UK").table, atol=5e-4 + 1e-12)
    mapped = dsu_map(codes3, 20, "male", "UK", "3L->5L", codes=True)
    assert not np.allclose(mapped, plain)


def test_states_in_every_form_agree() -> None:
    states = ["11111", "21345", "55555", "12121"]
    expected = dsu_map(states, 40, "male", "China")
    numbers = [int(s) for s in states]
    codes = [int(np.ravel_multi_index([int(c) - 1 for c in s], (5,) * 5)) for s in states]
    for form, as_codes in (
        (numbers, False),
        (np.array(numbers, dtype=np.int32), False),
        (np.array(numbers, dtype=np.float64), False),
        (np.array(states), False),
        (pd.Series(states, dtype="string"), False),
        (codes, True),
        (np.array(codes, dtype=np.uint16), True),
        (pd.Series(codes, dtype="Int64"), True),
    ):
        out = dsu_map(form, 40, "male", "China", codes=as_codes)
        np.testing.assert_array_equal(np.asarray(out), expected)


def test_missing_is_nan_not_an_error() -> None:
    values, errs = dsu_map(
        ["11111", None, "11111", "11111", np.nan],
        age=[40, 40, None, 40, 40],
        sex=["m", "m", "m", None, "f"],
        country="UK",
        return_errors=True,
    )
    assert errs == []
    assert not math.isnan(values[0]) and np.isnan(values[1:]).all()
    text_ages = dsu_map(["11111"] * 4, ["40", "", "NA", "65+"], "f", "UK")
    assert text_ages[0] == dsu_map(["11111"], 40, "f", "UK")[0]
    assert np.isnan(text_ages[1:3]).all() and not np.isnan(text_ages[[0, 3]]).any()
    ages = pd.Series([40, pd.NA], dtype="Int64")
    out = dsu_map(pd.Series(["11111", "11111"]), ages, "f", "UK")
    assert out.isna().tolist() == [False, True]


@pytest.mark.parametrize(
    "dtype", [np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32, np.uint64, np.int64,
              np.float32, np.float64]
)
def test_numeric_age_arrays_of_every_dtype(dtype: type) -> None:
    states = ["11111", "21345", "55555", "12121"]
    ages: np.ndarray = np.array([18, 40, 70, 50], dtype=dtype)
    expected = dsu_map(states, [18, 40, 70, 50], ["f", "m", None, "F"], "UK")
    got = dsu_map(states, ages, np.array(["f", "m", None, "F"], dtype=object), "UK")
    np.testing.assert_array_equal(got, expected)
    assert np.isnan(got[2]) and not np.isnan(got[[0, 1, 3]]).any()


def test_age_arrays_missing_and_masked() -> None:
    states = ["11111"] * 4
    ages = np.array([40.0, np.nan, 70.0, 17.0])
    values, errs = dsu_map(states, ages, "m", "UK", errors="coerce", return_errors=True)
    assert [(e.row, e.field) for e in errs] == [(3, "age")]
    assert not np.isnan(values[[0, 2]]).any() and np.isnan(values[[1, 3]]).all()
    masked = np.ma.masked_array([40, 50, 70, 17], mask=[False, True, False, True])
    values, errs = dsu_map(states, masked, "m", "UK", errors="coerce", return_errors=True)
    assert errs == [] and np.isnan(values[[1, 3]]).all() and not np.isnan(values[[0, 2]]).any()
    with pytest.raises(TypeError):
        dsu_map(["11111"], np.array([[40]]), "m", "UK")


def test_invalid_beats_missing_and_errors_are_sorted_by_row() -> None:
    values, errs = dsu_map(
        ["11116", None, "11111", "1234"],
        [None, 12, "x", 40],
        ["m", "m", None, "q"],
        "UK",
        errors="coerce",
        return_errors=True,
    )
    assert [(e.row, e.field) for e in errs] == [
        (0, "state"), (1, "age"), (2, "age"), (3, "state"), (3, "sex")
    ]
    assert np.isnan(values).all()


def test_invalid_rows_name_their_field() -> None:
    args = (["11111", "11116", "1234", "11111", "11111", "11111", "11111"],
            [40, 40, 40, 17, "40-50", 40, 2.5], ["m", "m", "m", "m", "m", "x", "f"])
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        dsu_map(*args, country="UK")
    expected = [
        (1, "state", "InvalidLevel"),
        (2, "state", "InvalidState"),
        (3, "age", "InvalidArgument"),
        (4, "age", "InvalidArgument"),
        (5, "sex", "InvalidArgument"),
        (6, "age", "InvalidArgument"),
    ]
    assert [(e.row, e.field, e.kind) for e in ei.value.errors] == expected
    values, errs = dsu_map(*args, country="UK", errors="coerce", return_errors=True)
    assert [(e.row, e.field, e.kind) for e in errs] == expected
    assert not math.isnan(values[0]) and np.isnan(values[1:]).all()


def test_invalid_codes_and_other_instruments_states() -> None:
    values, errs = dsu_map(
        [0, 3124, 3125, -1, 1.5], 40, "f", "UK", codes=True, errors="coerce", return_errors=True
    )
    assert [(e.row, e.field, e.kind) for e in errs] == [
        (2, "code", "InvalidStateCode"), (3, "code", "InvalidStateCode"),
        (4, "code", "InvalidStateCode"),
    ]
    assert not np.isnan(values[:2]).any()
    # 3L->5L takes EQ-5D-3L states: level 4 is invalid there
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        dsu_map(["11114"], 40, "f", "UK", "3L->5L")
    assert ei.value.errors[0].kind == "InvalidLevel"
    with pytest.raises(groupwell.InvalidRowsError):
        dsu_map([243], 40, "f", "UK", "3L->5L", codes=True)


def test_arguments_for_every_row_raise_at_once() -> None:
    """A single age, sex or country is an argument: invalid even in coerce mode."""
    for kwargs, argument in (
        ({"age": 17}, "age"),
        # Text is read by the core's age cells (years or a band): an invalid one is an "age".
        ({"age": "17-20"}, "age"),
        ({"age": float("nan")}, "age"),
        ({"sex": "x"}, "sex"),
        ({"country": "Atlantis"}, "country"),
    ):
        call: dict[str, Any] = {"age": 40, "sex": "m", "country": "UK", **kwargs}
        with pytest.raises(groupwell.InvalidArgumentError) as ei:
            dsu_map(["11111"], errors="coerce", **call)
        assert ei.value.argument == argument


def test_lengths_types_and_indexes() -> None:
    with pytest.raises(groupwell.LengthMismatchError) as ei:
        dsu_map(["11111", "11111"], [40], "m", "UK")
    assert (ei.value.field, ei.value.expected, ei.value.found) == ("age", 2, 1)
    with pytest.raises(groupwell.LengthMismatchError):
        dsu_map(["11111"], 40, ["m", "f"], "UK")
    for bad_sex in (1, [1], np.array([1, 2]), True):
        with pytest.raises(TypeError):
            dsu_map(["11111"], 40, bad_sex, "UK")
    for bad_age in (True, [True], np.array([True]), object()):
        with pytest.raises(TypeError):
            dsu_map(["11111"], bad_age, "m", "UK")
    with pytest.raises(TypeError):
        dsu_map("11111", 40, "m", "UK")
    with pytest.raises(TypeError):
        dsu_map(pd.DataFrame({"s": ["11111"]}), 40, "m", "UK")
    s = pd.Series(["11111", "55555"], index=["a", "b"])
    out = dsu_map(s, pd.Series([40, 70], index=["a", "b"]), "m", "UK")
    assert isinstance(out, pd.Series) and list(out.index) == ["a", "b"]
    with pytest.raises(groupwell.InvalidArgumentError) as e2:
        dsu_map(s, pd.Series([40, 70], index=["b", "a"]), "m", "UK")
    assert e2.value.argument == "age"
    assert dsu_map([], 40, "m", "UK").shape == (0,)


def test_decimals_and_errors_arguments() -> None:
    full = dsu_map(["21345"], 40, "m", "UK")
    assert dsu_map(["21345"], 40, "m", "UK", decimals=3)[0] == round(float(full[0]), 3)
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        dsu_map(["21345"], 40, "m", "UK", decimals=11)
    assert ei.value.argument == "decimals"
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        dsu_map(["21345"], 40, "m", "UK", errors="ignore")  # type: ignore[call-overload]
    assert ei.value.argument == "errors"


def test_unavailable_error_is_documented_as_unreachable() -> None:
    assert "always" in (groupwell.UnavailableError.__doc__ or "")


# ---------------------------------------------------------------------------------------------
# the published tables, every row


def _table(path: Path) -> tuple[list[str], dict[str, list[str]]]:
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    body = [r for r in rows[1:] if r]
    return header, {name: [r[j] for r in body] for j, name in enumerate(header)}


@pytest.mark.parametrize(
    ("file", "direction", "rows"),
    [("dsu_5L_to_3L.csv", "5L->3L", 31_250), ("dsu_3L_to_5L.csv", "3L->5L", 2_430)],
)
def test_every_row_of_the_published_tables(
    reference: Path, file: str, direction: str, rows: int
) -> None:
    _, cols = _table(reference_file(reference, f"eq5d/mapping/{file}"))
    states = np.array(cols["State"])
    ages = np.array(cols["Age"])
    sexes = np.array(cols["Sex"])
    assert len(states) == rows
    levels = 5 if direction == "5L->3L" else 3
    codes = np.array(
        [int(np.ravel_multi_index([int(c) - 1 for c in s], (levels,) * 5)) for s in states],
        dtype=np.uint16,
    )
    numeric_ages = np.array([AGE_OF_BAND[a] for a in ages])
    checked = 0
    for country in eq5d.DSU_COUNTRIES:
        for copula in (False, True):
            column = country + ("Copula" if copula else "")
            expected = np.array(cols[column], dtype=np.float64)
            got = dsu_map(states, ages, sexes, country, direction, copula=copula)
            diff = np.abs(got - expected)
            worst = int(diff.argmax())
            assert diff[worst] <= 1e-12, (
                f"{file} {column}: {states[worst]} {ages[worst]} {sexes[worst]}: "
                f"{got[worst]} vs {expected[worst]}"
            )
            checked += len(expected)
            # the same through codes and ages in years
            by_codes = dsu_map(codes, numeric_ages, sexes, country, direction, copula=copula,
                               codes=True)
            np.testing.assert_array_equal(by_codes, got)
    assert checked == 14 * rows
