"""EQ VAS validation: single values and columns, by the core's EqVas rules."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import groupwell
from groupwell import eq5d
from groupwell.eq5d import validate_vas


def test_single_values() -> None:
    assert validate_vas(75) == 75.0
    assert validate_vas(0) == 0.0 and validate_vas(100.0) == 100.0
    assert validate_vas(62.5) == 62.5
    assert validate_vas(np.int16(40)) == 40.0 and validate_vas(np.array(40.5)) == 40.5
    assert isinstance(validate_vas(75), float)


@pytest.mark.parametrize("bad", [-1, 101, float("nan"), None, 100.5, -0.001, float("inf"), 10**30])
def test_single_invalid_values_raise(bad: object) -> None:
    with pytest.raises(groupwell.InvalidVasError) as ei:
        validate_vas(bad)  # type: ignore[call-overload]
    assert ei.value.kind == "InvalidVas"
    assert isinstance(ei.value, groupwell.GroupwellError) and isinstance(ei.value, ValueError)
    assert eq5d.InvalidVasError is groupwell.InvalidVasError


def test_single_invalid_value_coerced() -> None:
    assert math.isnan(validate_vas(101, errors="coerce"))
    assert validate_vas(50, errors="coerce") == 50.0


def test_single_value_type_errors() -> None:
    for bad in (True, "75", b"75", object()):
        with pytest.raises(TypeError):
            validate_vas(bad)  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        validate_vas(75, return_errors=True)  # type: ignore[call-overload]


def test_column_raise_lists_every_bad_row() -> None:
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        validate_vas([50, -1, np.nan, 101, 100])
    assert [(e.row, e.field, e.kind) for e in ei.value.errors] == [
        (1, "EQ VAS", "InvalidVas"),
        (3, "EQ VAS", "InvalidVas"),
    ]


def test_column_coerce_nan_exactly_at_bad_rows() -> None:
    values, errs = validate_vas(
        [50, -1, np.nan, 101, 100, None, 0.5], errors="coerce", return_errors=True
    )
    assert values.dtype == np.float64
    bad = {1, 3}
    missing = {2, 5}
    for i, v in enumerate(values):
        assert math.isnan(v) == (i in bad | missing), i
    assert [e.row for e in errs] == sorted(bad)
    assert values[0] == 50.0 and values[4] == 100.0 and values[6] == 0.5


@pytest.mark.parametrize(
    "dtype", [np.uint8, np.int8, np.uint16, np.int16, np.int32, np.int64, np.float32, np.float64]
)
def test_column_dtypes(dtype: type) -> None:
    arr: np.ndarray = np.array([0, 50, 100, 120], dtype=dtype)
    values = validate_vas(arr, errors="coerce")
    assert values[:3].tolist() == [0.0, 50.0, 100.0] and math.isnan(values[3])


def test_column_non_contiguous_and_byte_swapped() -> None:
    arr = np.arange(0, 200, dtype=np.float64)[::2]
    same = validate_vas(arr, errors="coerce")
    assert same[:51].tolist() == arr[:51].tolist() and np.isnan(same[51:]).all()
    swapped = np.array([10, 20], dtype=">i4")
    assert validate_vas(swapped).tolist() == [10.0, 20.0]


def test_column_text_cells() -> None:
    values, errs = validate_vas(
        [" 75 ", "", "NA", "62.5", "abc", "101"], errors="coerce", return_errors=True
    )
    assert values[0] == 75.0 and values[3] == 62.5
    assert np.isnan(values[[1, 2, 4, 5]]).all()
    assert [e.row for e in errs] == [4, 5]
    # Messages show the cell as written.
    assert errs[0].message == 'EQ VAS "abc" is not valid (expected a number 0..=100)'
    assert errs[1].message == 'EQ VAS "101" is not valid (expected a number 0..=100)'


def test_column_pandas() -> None:
    s = pd.Series([80, None, 150], index=["a", "b", "c"], dtype="Int64", name="vas")
    out, errs = validate_vas(s, errors="coerce", return_errors=True)
    assert isinstance(out, pd.Series) and list(out.index) == ["a", "b", "c"] and out.name == "vas"
    assert out["a"] == 80.0 and out.isna().tolist() == [False, True, True]
    assert [(e.row, e.label) for e in errs] == [(2, "c")]
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        validate_vas(pd.Series([1.0, 200.0], index=[7, 8]))
    assert [(e.row, e.label) for e in ei.value.errors] == [(1, 8)]


def test_column_refusals() -> None:
    with pytest.raises(TypeError):
        validate_vas("75")
    with pytest.raises(TypeError):
        validate_vas([True, 50])
    with pytest.raises(TypeError):
        validate_vas(np.array([True]))
    with pytest.raises(TypeError):
        validate_vas(pd.DataFrame({"vas": [50]}))
    with pytest.raises(groupwell.InvalidArgumentError):
        validate_vas(np.ones((2, 2)))
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        validate_vas([50], errors="ignore")  # type: ignore[call-overload]
    assert ei.value.argument == "errors"
    assert validate_vas([]).shape == (0,)
