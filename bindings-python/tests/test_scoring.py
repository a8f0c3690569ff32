"""Scoring: every input form, every numpy dtype and layout, pandas, errors and coercion."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import groupwell
from groupwell import eq5d

UK = eq5d.value_set("3L_UK")
SE = eq5d.value_set("5L_SE_2022")
INT_DTYPES = [np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32, np.uint64, np.int64]
FLOAT_DTYPES = [np.float32, np.float64]


def same(a: object, b: object) -> None:
    np.testing.assert_array_equal(np.asarray(a, dtype=float), np.asarray(b, dtype=float))


def all_states(levels: int) -> list[str]:
    digits = "12345"[:levels]
    return [f"{a}{b}{c}{d}{e}" for a in digits for b in digits for c in digits for d in digits for e in digits]


# ---------------------------------------------------------------------------------------------
# index


def test_index_forms_agree() -> None:
    v = UK.index("11223")
    assert abs(v - 0.255) < 1e-12
    assert UK.index(11223) == v
    assert UK.index(11223.0) == v
    assert UK.index(np.int64(11223)) == v
    assert UK.index([1, 1, 2, 2, 3]) == v
    assert UK.index((1.0, 1.0, 2.0, 2.0, 3.0)) == v
    assert UK.index(np.array([1, 1, 2, 2, 3], dtype=np.uint8)) == v


def test_index_missing_is_nan() -> None:
    for missing in (None, float("nan"), pd.NA, np.nan):
        assert math.isnan(UK.index(missing))
    assert math.isnan(UK.index([1, 1, None, 1, 1]))


@pytest.mark.parametrize(
    ("state", "cls"),
    [
        ("", groupwell.InvalidStateError),
        ("1234", groupwell.InvalidStateError),
        ("123456", groupwell.InvalidStateError),
        (" 12345", groupwell.InvalidStateError),
        ("12345 ", groupwell.InvalidStateError),
        ("abcde", groupwell.InvalidStateError),
        ("1111٣", groupwell.InvalidStateError),
        ("11114", groupwell.InvalidLevelError),
        ("01111", groupwell.InvalidLevelError),
        (1234, groupwell.InvalidStateError),
        (-11111, groupwell.InvalidStateError),
        (10**30, groupwell.InvalidStateError),
        (11111.5, groupwell.InvalidStateError),
        (float("inf"), groupwell.InvalidStateError),
        (11114, groupwell.InvalidLevelError),
        ([1, 1, 1, 1, 4], groupwell.InvalidLevelError),
        ([0, 1, 1, 1, 1], groupwell.InvalidLevelError),
        ([1, 2.5, 1, 1, 1], groupwell.InvalidLevelError),
        ([1, 1, 1, 1], groupwell.InvalidArgumentError),
    ],
)
def test_index_errors(state: object, cls: type) -> None:
    with pytest.raises(cls):
        UK.index(state)


def test_index_type_errors() -> None:
    for bad in (True, b"11111", object(), {"MO": 1}, [True, 1, 1, 1, 1]):
        with pytest.raises(TypeError):
            UK.index(bad)


def test_index_text_levels() -> None:
    """Five levels as text cells follow the core's rules: spaces ignored, "2.0" is 2."""
    assert UK.index(["1", " 1 ", "2", "2.0", "3"]) == UK.index("11223")
    assert math.isnan(UK.index(["1", "", "2", "2", "3"]))
    with pytest.raises(groupwell.InvalidLevelError) as ei:
        UK.index(["1", "two", "2", "2", "3"])
    assert ei.value.dimension == "SC" and ei.value.value == '"two"'


def test_index_5l_level_6() -> None:
    with pytest.raises(groupwell.InvalidLevelError) as ei:
        SE.index([1, 1, 6, 1, 1])
    assert ei.value.dimension == "UA"
    assert abs(SE.index("12345") - 0.22) < 1e-12


# ---------------------------------------------------------------------------------------------
# score: five-digit states


def test_score_list_of_strings_and_ints() -> None:
    out = UK.score(["11111", 33333, "11223", None])
    assert isinstance(out, np.ndarray) and out.dtype == np.float64
    same(out[:3], [1.0, UK.index("33333"), UK.index("11223")])
    assert math.isnan(out[3])


@pytest.mark.parametrize("dtype", [np.int32, np.uint32, np.int64, np.uint64, np.float32, np.float64])
def test_score_numeric_dtypes(dtype: type) -> None:
    states = np.array([11111, 12321, 33333], dtype=dtype)
    same(UK.score(states), [UK.index(s) for s in ("11111", "12321", "33333")])


def test_score_small_int_dtypes_are_read_not_refused() -> None:
    # No five-digit state fits in (u)int8/(u)int16 except via uint16 (max 65535): values are
    # still passed to the core, which decides.
    out, errs = UK.score(np.array([1, 2], dtype=np.int8), errors="coerce", return_errors=True)
    assert np.isnan(out).all() and [e.row for e in errs] == [0, 1]
    same(UK.score(np.array([11111, 33333], dtype=np.uint16)), [1.0, UK.index("33333")])


def test_score_float_nan_is_missing_not_error() -> None:
    out, errs = UK.score(np.array([11111.0, np.nan]), return_errors=True)
    assert out[0] == 1.0 and math.isnan(out[1]) and errs == []


def test_score_unicode_and_object_arrays() -> None:
    same(UK.score(np.array(["11111", "33333"])), [1.0, UK.index("33333")])
    same(UK.score(np.array(["11111", None], dtype=object))[:1], [1.0])


@pytest.mark.parametrize("bad", ["", "1234", "123456", " 12345", "abcde", "11114", 1234, 11114, 2.5])
def test_score_bad_states(bad: object) -> None:
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        UK.score(["11111", bad])
    assert [e.row for e in ei.value.errors] == [1]
    assert ei.value.errors[0].field == "state"


def test_score_coerce_nan_exactly_at_bad_rows() -> None:
    states = ["11111", "", 33333, None, "abcde", 11114, "12321", float("nan"), 2.5, "123456"]
    bad = {1, 4, 5, 8, 9}
    missing = {3, 7}
    values, errs = UK.score(states, errors="coerce", return_errors=True)
    assert [e.row for e in errs] == sorted(bad)
    for i, v in enumerate(values):
        assert math.isnan(v) == (i in bad | missing), i
    kinds = {e.row: e.kind for e in errs}
    assert kinds[5] == "InvalidLevel" and kinds[1] == "InvalidState"
    assert all(e.message and e.label is None for e in errs)
    # without return_errors: just the values
    same(UK.score(states, errors="coerce"), values)


def test_score_raise_is_the_default_and_lists_every_row() -> None:
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        UK.score([11114, 11111, "x", 1])
    assert [e.row for e in ei.value.errors] == [0, 2, 3]
    assert str(ei.value).startswith("3 invalid rows")


def test_score_decimals() -> None:
    v = UK.index("21232")
    assert UK.score(["21232"], decimals=3)[0] == round(v, 3)
    assert UK.score(["21232"], decimals=0)[0] in (0.0, 1.0, -0.0, -1.0)
    for bad in (-1, 11, 1000, 2**70):
        with pytest.raises(groupwell.InvalidArgumentError) as ei:
            UK.score(["11111"], decimals=bad)
        assert ei.value.argument == "decimals"


def test_score_errors_argument() -> None:
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        UK.score(["11111"], errors="ignore")  # type: ignore[call-overload]
    assert ei.value.argument == "errors"


def test_score_refuses_non_columns() -> None:
    with pytest.raises(TypeError):
        UK.score("11111")
    with pytest.raises(TypeError):
        UK.score(11111)  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        UK.score(np.array([True, False]))
    with pytest.raises(TypeError):
        UK.score([True])
    with pytest.raises(TypeError):
        UK.score(pd.DataFrame({"state": ["11111"]}))
    with pytest.raises(groupwell.InvalidArgumentError):
        UK.score(np.array([[11111]]))


def test_score_empty() -> None:
    assert UK.score([]).shape == (0,)
    assert UK.score(np.array([], dtype=np.int64)).shape == (0,)
    assert UK.score_codes(np.array([], dtype=np.uint16)).shape == (0,)
    assert UK.score_levels(np.zeros((0, 5))).shape == (0,)


def test_score_strided_and_byte_swapped_arrays() -> None:
    base = np.array([11111, 0, 33333, 0, 12321], dtype=np.int64)
    same(UK.score(base[::2]), UK.score(["11111", "33333", "12321"]))
    same(UK.score(base[::-2]), UK.score(["12321", "33333", "11111"]))
    swapped = base.astype(">i8")
    same(UK.score(swapped[::2]), UK.score(base[::2]))
    same(UK.score_codes(np.array([0, 242], dtype=np.float16)), [1.0, UK.table[242]])
    assert UK.score(np.ma.masked_array([11111, 33333], mask=[False, True])).tolist()[0] == 1.0
    assert math.isnan(UK.score(np.ma.masked_array([11111, 33333], mask=[False, True]))[1])


def test_score_generators_and_tuples() -> None:
    same(UK.score(s for s in ["11111", "33333"]), UK.score(("11111", "33333")))


# ---------------------------------------------------------------------------------------------
# score_codes


@pytest.mark.parametrize("dtype", INT_DTYPES + FLOAT_DTYPES)
def test_score_codes_every_dtype(dtype: type) -> None:
    top = min(242, int(np.iinfo(dtype).max)) if np.issubdtype(dtype, np.integer) else 242
    codes = np.arange(0, top + 1).astype(dtype)
    same(UK.score_codes(codes), UK.table[: top + 1])


def test_score_codes_5l_uint16_fast_path() -> None:
    codes = np.arange(3125, dtype=np.uint16)
    out = SE.score_codes(codes)
    same(out, SE.table)
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        SE.score_codes(np.array([0, 3125, 65535], dtype=np.uint16))
    assert [(e.row, e.field, e.kind) for e in ei.value.errors] == [
        (1, "code", "InvalidStateCode"),
        (2, "code", "InvalidStateCode"),
    ]


def test_score_codes_bad_and_missing() -> None:
    values, errs = UK.score_codes([0, -1, 243, 1.5, None, float("nan"), 242], errors="coerce", return_errors=True)
    assert [e.row for e in errs] == [1, 2, 3]
    assert all(e.kind == "InvalidStateCode" for e in errs)
    assert values[0] == 1.0 and values[6] == UK.table[242]
    assert np.isnan(values[1:6]).all()
    with pytest.raises(TypeError):
        UK.score_codes([True])


def test_score_codes_text_cells() -> None:
    """Codes as text (CSV cells) are read by the core's text-cell rules."""
    values, errs = UK.score_codes(
        [" 12 ", "242", "", "NA", "1.5", "x", "243", 5], errors="coerce", return_errors=True
    )
    same(values[[0, 1, 7]], UK.table[[12, 242, 5]])
    assert np.isnan(values[2:7]).all()
    assert [(e.row, e.kind) for e in errs] == [(i, "InvalidStateCode") for i in (4, 5, 6)]
    # Messages show the cell as written.
    assert '"1.5"' in errs[0].message and '"x"' in errs[1].message, errs


def test_score_codes_series() -> None:
    s = pd.Series([0, 242, None], index=["a", "b", "c"], dtype="Int64")
    out = UK.score_codes(s)
    assert isinstance(out, pd.Series) and list(out.index) == ["a", "b", "c"]
    assert out["a"] == 1.0 and math.isnan(out["c"])


# ---------------------------------------------------------------------------------------------
# score_levels


def levels_of(states: list[str]) -> np.ndarray:
    return np.array([[int(c) for c in s] for s in states])


@pytest.mark.parametrize("dtype", INT_DTYPES + FLOAT_DTYPES)
@pytest.mark.parametrize("order", ["C", "F"])
def test_score_levels_dtypes_and_orders(dtype: type, order: str) -> None:
    states = all_states(3)
    arr = np.array(levels_of(states), dtype=dtype, order=order)
    assert arr.flags.f_contiguous == (order == "F")
    same(UK.score_levels(arr), UK.table)


def test_score_levels_non_contiguous_and_transposed() -> None:
    states = all_states(5)
    lv = levels_of(states)
    wide = np.zeros((lv.shape[0], 10), dtype=np.int64)
    wide[:, ::2] = lv
    same(SE.score_levels(wide[:, ::2]), SE.table)  # strided columns
    same(SE.score_levels(np.ascontiguousarray(lv.T).T), SE.table)  # Fortran view of C data
    same(SE.score_levels(lv[::-1]), SE.table[::-1])  # negative strides


def test_score_levels_one_row_both_orders() -> None:
    one = np.array([[1, 1, 2, 2, 3]])
    assert one.flags.c_contiguous and one.flags.f_contiguous
    assert SE.score_levels(one)[0] == SE.index("11223")


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ([0, 1, 1, 1, 1], "MO"),
        ([1, 4, 1, 1, 1], "SC"),
        ([1, 1, 2.5, 1, 1], "UA"),
        ([1, 1, 1, -1, 1], "PD"),
        ([1, 1, 1, 1, np.inf], "AD"),
    ],
)
def test_score_levels_bad_levels_3l(row: list[float], field: str) -> None:
    arr = np.array([[1, 1, 1, 1, 1], row], dtype=float)
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        UK.score_levels(arr)
    assert [(e.row, e.field, e.kind) for e in ei.value.errors] == [(1, field, "InvalidLevel")]
    values, errs = UK.score_levels(arr, errors="coerce", return_errors=True)
    assert values[0] == 1.0 and math.isnan(values[1]) and len(errs) == 1


def test_score_levels_5l_level_6_and_nan_missing() -> None:
    arr = np.array([[1, 1, 1, 1, 6], [1, 1, np.nan, 1, 1], [5, 5, 5, 5, 5]], order="F")
    values, errs = SE.score_levels(arr, errors="coerce", return_errors=True)
    assert [(e.row, e.field) for e in errs] == [(0, "AD")]
    assert math.isnan(values[0]) and math.isnan(values[1]) and values[2] == SE.index("55555")


def test_score_levels_several_bad_fields_in_one_row() -> None:
    values, errs = UK.score_levels([[4, 1, 0, 1, 1]], errors="coerce", return_errors=True)
    assert [(e.row, e.field) for e in errs] == [(0, "MO"), (0, "UA")]


def test_score_levels_lists_and_object_arrays() -> None:
    same(UK.score_levels([[1, 1, 1, 1, 1], [3, 3, 3, 3, 3]]), [1.0, UK.index("33333")])
    out = UK.score_levels([[1, 1, 1, 1, 1], [1, None, 1, 1, 1]])
    assert out[0] == 1.0 and math.isnan(out[1])
    out = UK.score_levels(np.array([[1, 1, 1, 1, 1], [1, pd.NA, 1, 1, 1]], dtype=object))
    assert out[0] == 1.0 and math.isnan(out[1])
    with pytest.raises(groupwell.InvalidArgumentError):
        UK.score_levels([[1, 1, 1, 1, 1], [1, 1]])  # ragged
    with pytest.raises(groupwell.InvalidArgumentError):
        UK.score_levels(np.ones((3, 4)))
    with pytest.raises(groupwell.InvalidArgumentError):
        UK.score_levels([1, 1, 1, 1, 1])  # one state is not a batch: use index()
    with pytest.raises(TypeError):
        UK.score_levels({"MO": [True], "SC": [1], "UA": [1], "PD": [1], "AD": [1]})
    with pytest.raises(TypeError):
        UK.score_levels(np.ones((2, 5), dtype=bool))


def test_score_levels_masked_array() -> None:
    arr = np.ma.masked_array([[1, 1, 1, 1, 1], [1, 2, 3, 1, 1]], mask=[[0] * 5, [0, 1, 0, 0, 0]])
    out = UK.score_levels(arr)
    assert out[0] == 1.0 and math.isnan(out[1])


# ---------------------------------------------------------------------------------------------
# pandas


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["p1", "p2", "p3"],
            "mo": [1, 2, 3],
            "Self-care": [1, 1, 3],
            "UA": [1, 2, 3],
            "Pain": [1, 1, 3],
            "anxiety/depression": [1, 3, 3],
        },
        index=pd.Index([10, 20, 30], name="row"),
    )


def test_dataframe_columns_found_case_insensitively() -> None:
    out = UK.score_levels(frame())
    assert isinstance(out, pd.Series)
    assert list(out.index) == [10, 20, 30] and out.name == "3L_UK"
    same(out, [UK.index(s) for s in ("11111", "21213", "33333")])


def test_dataframe_columns_argument() -> None:
    df = pd.DataFrame({"q1": [1], "q2": [1], "q3": [2], "q4": [2], "q5": [3]})
    expected = UK.index("11223")
    assert UK.score_levels(df, columns=["q1", "q2", "q3", "q4", "q5"])[0] == expected
    mapping = {"MO": "q1", "sc": "q2", "usual activities": "q3", "PD": "q4", "AD": "q5"}
    assert UK.score_levels(df, columns=mapping)[0] == expected
    with pytest.raises(groupwell.InvalidArgumentError):
        UK.score_levels(df)  # no dimension columns
    with pytest.raises(groupwell.InvalidArgumentError):
        UK.score_levels(df, columns={"MO": "q1"})
    with pytest.raises(groupwell.InvalidArgumentError):
        UK.score_levels(df, columns=["q1", "q2", "q3", "q4", "nope"])
    with pytest.raises(groupwell.InvalidArgumentError):
        UK.score_levels(df, columns={"XX": "q1"})


def test_dataframe_ambiguous_columns() -> None:
    df = frame().assign(MO=[1, 1, 1])
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        UK.score_levels(df)
    assert "'mo' and 'MO'" in str(ei.value)


def test_dataframe_mixed_and_nullable_dtypes() -> None:
    df = frame()
    df["mo"] = df["mo"].astype("Int64")
    df.loc[20, "mo"] = pd.NA
    df["UA"] = df["UA"].astype(np.float32)
    df["Pain"] = df["Pain"].astype("UInt8")
    df["Self-care"] = df["Self-care"].astype("Float64")
    out = UK.score_levels(df)
    assert out[10] == 1.0 and math.isnan(out[20]) and out[30] == UK.index("33333")


def test_dataframe_errors_carry_index_labels() -> None:
    df = frame()
    df.index = pd.Index(["a", "b", "c"])
    df.loc["b", "UA"] = 4
    df.loc["c", "Pain"] = 0
    values, errs = UK.score_levels(df, errors="coerce", return_errors=True)
    assert [(e.row, e.label, e.field) for e in errs] == [(1, "b", "UA"), (2, "c", "PD")]
    assert values["a"] == 1.0 and values.isna().tolist() == [False, True, True]
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        UK.score_levels(df)
    assert [(e.row, e.label) for e in ei.value.errors] == [(1, "b"), (2, "c")]
    notes = getattr(ei.value, "__notes__", None)
    if notes is not None:
        assert "'b'" in notes[0]


def test_series_of_states() -> None:
    s = pd.Series(["11111", None, "33333", "1234"], index=[5, 6, 7, 8], name="state")
    out, errs = UK.score(s, errors="coerce", return_errors=True)
    assert isinstance(out, pd.Series) and list(out.index) == [5, 6, 7, 8]
    assert [(e.row, e.label) for e in errs] == [(3, 8)]
    assert out[5] == 1.0 and out[7] == UK.index("33333")


def test_series_dtypes() -> None:
    expected = [1.0, UK.index("33333"), np.nan]
    for s in (
        pd.Series([11111, 33333, None], dtype="Int64"),
        pd.Series([11111, 33333, None], dtype="Float64"),
        pd.Series([11111.0, 33333.0, np.nan]),
        pd.Series(["11111", "33333", None], dtype="string"),
        pd.Series(["11111", "33333", None], dtype=object),
        pd.Series(["11111", "33333", None], dtype="category"),
        pd.Series(["11111", "33333", pd.NA], dtype=object),
    ):
        same(UK.score(s).to_numpy(), expected)


def test_series_of_nullable_int_errors() -> None:
    s = pd.Series([11111, pd.NA, 11114], dtype="Int64")
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        UK.score(s)
    assert [(e.row, e.label, e.kind) for e in ei.value.errors] == [(2, 2, "InvalidLevel")]


def test_mapping_of_columns() -> None:
    cols = {"MO": [1, 3], "SC": [1, 3], "UA": [1, 3], "PD": [1, 3], "AD": np.array([1, 3])}
    same(UK.score_levels(cols), [1.0, UK.index("33333")])


def test_values_are_identical_across_input_forms() -> None:
    rng = np.random.default_rng(7)
    lv = rng.integers(1, 6, size=(500, 5))
    states = ["".join(map(str, r)) for r in lv]
    numbers = np.array([int(s) for s in states])
    codes = np.array([int(s.translate(str.maketrans("12345", "01234")), 5) for s in states])
    ref = SE.score(states)
    df = pd.DataFrame(lv, columns=["MO", "SC", "UA", "PD", "AD"])
    for out in (
        SE.score(numbers),
        SE.score(numbers.astype(np.float64)),
        SE.score_codes(codes),
        SE.score_codes(codes.astype(np.uint16)),
        SE.score_levels(lv),
        SE.score_levels(np.asfortranarray(lv)),
        SE.score_levels(df).to_numpy(),
        SE.score_levels(df.astype(np.uint8)).to_numpy(),
        np.array([SE.index(s) for s in states]),
    ):
        np.testing.assert_array_equal(out, ref)


# ---------------------------------------------------------------------------------------------
# text cells as levels (the core's rules: " 3 " is 3, "" / "NA" missing, "2.5" / "two" errors)


def test_text_level_columns() -> None:
    rows = [["1", "1", "1", "1", "1"], [" 1", "1 ", "2", "2.0", "3"], ["1", "", "1", "1", "1"]]
    expected = [1.0, UK.index("11223"), np.nan]
    same(UK.score_levels(rows), expected)
    same(UK.score_levels(np.array(rows)), expected)  # a unicode (n, 5) array
    same(UK.score_levels(np.array(rows, dtype=object)), expected)
    mixed = [[1, "1", 1.0, np.int8(1), "NA"], [1, "1", 2, 2, "3"]]
    same(UK.score_levels(mixed), [np.nan, UK.index("11223")])


def test_text_level_errors() -> None:
    values, errs = UK.score_levels(
        [["2.5", "1", "1", "1", "1"], ["1", "two", "4", "1", "1"]],
        errors="coerce",
        return_errors=True,
    )
    assert np.isnan(values).all()
    assert [(e.row, e.field, e.kind) for e in errs] == [
        (0, "MO", "InvalidLevel"),
        (1, "SC", "InvalidLevel"),
        (1, "UA", "InvalidLevel"),
    ]
    assert '"two"' in errs[1].message


def test_text_level_dataframe_columns() -> None:
    df = frame()
    df["mo"] = df["mo"].astype(str)
    df["UA"] = df["UA"].astype("string")
    df["Pain"] = df["Pain"].astype(str).astype("category")
    df.loc[20, "UA"] = pd.NA
    out = UK.score_levels(df)
    assert out[10] == 1.0 and math.isnan(out[20]) and out[30] == UK.index("33333")


def test_bool_levels_stay_type_errors() -> None:
    df = frame()
    df["mo"] = [True, False, True]
    with pytest.raises(TypeError):
        UK.score_levels(df)
    with pytest.raises(TypeError):
        UK.score_levels(np.array([[True, 1, 1, 1, 1]], dtype=object))


# ---------------------------------------------------------------------------------------------
# (n, 5) layouts: C order goes to the core's row-major kernel, Fortran order to the columns one


def test_row_major_and_column_kernels_agree() -> None:
    rng = np.random.default_rng(7)
    arr = rng.integers(0, 7, size=(500, 5)).astype(np.float64)
    arr[rng.random((500, 5)) < 0.05] = np.nan
    arr[3, 2] = 1e300
    arr[4, 0] = -np.inf
    arr[5, 4] = 2.5
    views = {
        "C": np.ascontiguousarray(arr),
        "F": np.asfortranarray(arr),
        "strided": np.repeat(arr, 2, axis=0)[::2],
        "list": arr.tolist(),
    }
    results = {k: SE.score_levels(v, errors="coerce", return_errors=True) for k, v in views.items()}
    ref_values, ref_errs = results["C"]
    assert len(ref_errs) > 0
    for _, (values, errs) in results.items():
        same(values, ref_values)
        assert [(e.row, e.field, e.message) for e in errs] == [
            (e.row, e.field, e.message) for e in ref_errs
        ]


def test_row_major_empty_and_huge() -> None:
    assert SE.score_levels(np.empty((0, 5), dtype=np.uint8)).shape == (0,)
    values, errs = SE.score_levels(
        np.array([[1e300, -1e300, np.inf, 1.0, 1.0]]), errors="coerce", return_errors=True
    )
    assert math.isnan(values[0]) and [e.field for e in errs] == ["MO", "SC", "UA"]
