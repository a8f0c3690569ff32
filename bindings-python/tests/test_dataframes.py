"""polars and pyarrow input of every batch function (and polars output for polars input), with
nulls as missing values and invalid cells reported by row; numpy, pandas, polars and pyarrow
give the same numbers. run-tests.sh installs polars and pyarrow, so nothing here is skipped
there (GROUPWELL_REQUIRE_OPTIONAL=1)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

import groupwell
from groupwell import change, eq5d, scales, stats

from conftest import optional

pl: Any = optional("polars")
pa: Any = optional("pyarrow")

SE = eq5d.value_set("5L_SE_2022")
UK = eq5d.value_set("3L_UK")
STATES = [11111, 12345, None, 55555, 21345]
EXPECTED = SE.score(np.array([11111, 12345, np.nan, 55555, 21345]))


def same(a: Any, b: Any) -> None:
    np.testing.assert_array_equal(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))


def polars_values(s: Any) -> np.ndarray:
    """A polars float Series as numpy with null as NaN."""
    assert isinstance(s, pl.Series)
    return np.asarray(s.to_numpy(), dtype=np.float64)


# ---------------------------------------------------------------------------------------------
# ValueSet.score / score_codes / score_levels


@pytest.mark.parametrize("dtype", ["Int64", "Int32", "UInt32", "Float64", "Float32"])
def test_score_polars_numeric_with_nulls(dtype: str) -> None:
    s = pl.Series("state", STATES, dtype=getattr(pl, dtype))
    out = SE.score(s)
    assert isinstance(out, pl.Series)
    assert out.name == SE.id and out.dtype == pl.Float64
    assert out.null_count() == 1 and out.is_null().to_list() == [False, False, True, False, False]
    same(polars_values(out), EXPECTED)


def test_score_polars_strings_and_categoricals() -> None:
    text = ["11111", "12345", None, "55555", "21345"]
    for s in (pl.Series(text), pl.Series(text, dtype=pl.Categorical),
              pl.Series(text, dtype=pl.Enum(sorted({t for t in text if t})))):
        same(polars_values(SE.score(s)), EXPECTED)


def test_score_polars_decimals_and_empty() -> None:
    out = SE.score(pl.Series(STATES), decimals=3)
    same(polars_values(out), np.round(EXPECTED, 3))
    empty = SE.score(pl.Series([], dtype=pl.Int64))
    assert isinstance(empty, pl.Series) and len(empty) == 0


def test_score_polars_invalid_rows() -> None:
    s = pl.Series([11111, 11116, None, 1234])
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        SE.score(s)
    assert [(e.row, e.field, e.label) for e in ei.value.errors] == [(1, "state", None),
                                                                    (3, "state", None)]
    values, errors = SE.score(s, errors="coerce", return_errors=True)
    assert isinstance(values, pl.Series)
    assert values.is_null().to_list() == [False, True, True, True]
    assert [(e.row, e.kind) for e in errors] == [(1, "InvalidLevel"), (3, "InvalidState")]


def test_score_polars_booleans_are_type_errors() -> None:
    with pytest.raises(TypeError):
        SE.score(pl.Series([True, False]))


@pytest.mark.parametrize("chunked", [False, True])
def test_score_arrow_arrays(chunked: bool) -> None:
    def arr(values: list[Any], type: Any = None) -> Any:
        if chunked:
            return pa.chunked_array([values[:2], values[2:]], type=type)
        return pa.array(values, type=type)

    for t in (pa.int64(), pa.int32(), pa.uint16(), pa.float64(), pa.float32()):
        out = SE.score(arr(STATES, t))
        assert isinstance(out, np.ndarray)
        same(out, EXPECTED)
    text = ["11111", "12345", None, "55555", "21345"]
    same(SE.score(arr(text)), EXPECTED)
    same(SE.score(arr(text, pa.large_string())), EXPECTED)
    same(SE.score(pa.array(text).dictionary_encode()), EXPECTED)
    values, errors = SE.score(arr([11111, 11116, None, 2.5], pa.float64()), errors="coerce",
                              return_errors=True)
    assert np.isnan(values[1:]).all() and values[0] == 1.0
    assert [(e.row, e.field, e.kind) for e in errors] == [(1, "state", "InvalidLevel"),
                                                          (3, "state", "InvalidState")]


def test_score_arrow_without_nulls_is_read_in_place() -> None:
    a = pa.array(np.arange(11111, 11116, dtype=np.int64))
    same(SE.score(a), SE.score(np.arange(11111, 11116)))
    assert pa.array([], type=pa.int64()).null_count == 0
    assert len(SE.score(pa.array([], type=pa.int64()))) == 0


def test_score_codes_polars_and_arrow() -> None:
    codes = [0, 3124, None, 17]
    want = SE.score_codes(np.array([0, 3124, np.nan, 17]))
    for s in (pl.Series(codes, dtype=pl.UInt16), pl.Series(codes, dtype=pl.Int64)):
        same(polars_values(SE.score_codes(s)), want)
    for a in (pa.array(codes, pa.uint16()), pa.chunked_array([codes], pa.int32())):
        same(SE.score_codes(a), want)
    values, errors = SE.score_codes(pl.Series([0, 3125], dtype=pl.UInt16), errors="coerce",
                                    return_errors=True)
    assert values.is_null().to_list() == [False, True]
    assert [(e.row, e.field, e.kind) for e in errors] == [(1, "code", "InvalidStateCode")]
    # The same for uint16 without nulls: borrowed and scored by one table look-up per code.
    same(polars_values(SE.score_codes(pl.Series([0, 1, 2], dtype=pl.UInt16))), SE.table[:3])


LEVELS = {"Mobility": [1, 2, None, 5], "self-care": [1, 3, 1, 5], "UA": [1, 4, 1, 5],
          "pd": [1, 5, 1, 5], "Anxiety/Depression": [1, 1, 1, 5], "other": ["a", "b", "c", "d"]}
LEVELS_EXPECTED = SE.score_levels(
    np.array([[1, 1, 1, 1, 1], [2, 3, 4, 5, 1], [np.nan, 1, 1, 1, 1], [5, 5, 5, 5, 5]])
)


def test_score_levels_polars_frame() -> None:
    df = pl.DataFrame(LEVELS)
    out = SE.score_levels(df)
    assert isinstance(out, pl.Series) and out.name == SE.id
    same(polars_values(out), LEVELS_EXPECTED)
    renamed = df.rename({"Mobility": "q1"})
    cols = {"MO": "q1", "SC": "self-care", "UA": "UA", "PD": "pd", "AD": "Anxiety/Depression"}
    same(polars_values(SE.score_levels(renamed, columns=cols)), LEVELS_EXPECTED)
    same(polars_values(SE.score_levels(renamed, columns=list(cols.values()))), LEVELS_EXPECTED)
    with pytest.raises(groupwell.InvalidArgumentError, match="MO"):
        SE.score_levels(renamed)
    # Different dtypes per column, text columns and nulls.
    mixed = df.with_columns(pl.col("UA").cast(pl.Float32), pl.col("pd").cast(pl.String))
    same(polars_values(SE.score_levels(mixed)), LEVELS_EXPECTED)


def test_score_levels_polars_invalid_cells() -> None:
    df = pl.DataFrame({"MO": [1, 6, 1], "SC": [1, 1, 1], "UA": [1, 1, 0], "PD": [1, 1, 1],
                       "AD": [1, 1, 1]})
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        SE.score_levels(df)
    assert [(e.row, e.field, e.label) for e in ei.value.errors] == [(1, "MO", None),
                                                                    (2, "UA", None)]
    values, errors = SE.score_levels(df, errors="coerce", return_errors=True)
    assert values.is_null().to_list() == [False, True, True]
    assert {e.kind for e in errors} == {"InvalidLevel"}


@pytest.mark.parametrize("kind", ["table", "chunked", "record_batch"])
def test_score_levels_arrow(kind: str) -> None:
    t = pa.table(LEVELS)
    if kind == "chunked":
        t = pa.concat_tables([t.slice(0, 2), t.slice(2)])
        assert t.column(0).num_chunks == 2
    data: Any = t.to_batches()[0] if kind == "record_batch" and t.num_rows else t
    if kind == "record_batch":
        data = pa.RecordBatch.from_pydict(LEVELS)
    out = SE.score_levels(data)
    assert isinstance(out, np.ndarray)
    same(out, LEVELS_EXPECTED)


def test_score_levels_pandas_arrow_and_nullable_dtypes() -> None:
    df = pd.DataFrame(LEVELS)
    for dtype in ("Int64", "Float64", "int64[pyarrow]", "float64[pyarrow]"):
        out = SE.score_levels(df.drop(columns="other").astype(dtype))
        same(out, LEVELS_EXPECTED)
    df.loc[1, "UA"] = pd.NA
    out = SE.score_levels(df.astype({"UA": "Int64"}))
    assert np.isnan(out[1])


def test_score_one_column_not_a_frame() -> None:
    with pytest.raises(TypeError, match="score_levels"):
        SE.score(pl.DataFrame(LEVELS))
    with pytest.raises(TypeError, match="score_levels"):
        SE.score(pa.table(LEVELS))


# ---------------------------------------------------------------------------------------------
# fast paths: the same answers as the general path (a mask forces the general path)


def general(vs: eq5d.ValueSet, states: Any, decimals: int | None = None) -> np.ndarray:
    """The general path's answer: a mask (here all False) keeps the fast paths out."""
    values, _, _ = vs._native.score(states, "raise", decimals, np.zeros(len(states), dtype=bool))
    return values


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint32, np.uint16,
                                   np.float64, np.float32, np.uint64])
def test_fast_five_digit_path_matches_general(dtype: type) -> None:
    rng = np.random.default_rng(7)
    for vs in (SE, UK, eq5d.value_sets("Y3L")[0]):
        levels = 5 if vs.instrument == "EQ-5D-5L" else 3
        digits = rng.integers(1, levels + 1, size=(5000, 5))
        states = (digits * 10 ** np.arange(4, -1, -1)).sum(axis=1).astype(dtype)
        np.testing.assert_array_equal(vs.score(states), general(vs, states))
        np.testing.assert_array_equal(vs.score(states, decimals=3), general(vs, states, 3))


def test_fast_paths_hand_invalid_columns_back() -> None:
    states = np.array([11111, 11116, 0, -11111, 99999, 2**40, 11111], dtype=np.int64)
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        SE.score(states)
    assert [e.row for e in ei.value.errors] == [1, 2, 3, 4, 5]
    values, errors = SE.score(states, errors="coerce", return_errors=True)
    assert values[0] == values[-1] == 1.0 and np.isnan(values[1:6]).all()
    floats = np.array([11111.0, np.nan, 11111.5, np.inf], dtype=np.float64)
    values, errors = SE.score(floats, errors="coerce", return_errors=True)
    assert [e.row for e in errors] == [2, 3] and np.isnan(values[1:]).all()
    # Missing values alone stay on the fast path and count as missing, not as errors.
    assert np.isnan(SE.score(np.array([np.nan, 11111.0]))[0])


def test_fast_string_paths_match_general() -> None:
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 3125, size=3000).astype(np.uint16)
    text = np.array([f"{c // 625 + 1}{c // 125 % 5 + 1}{c // 25 % 5 + 1}{c // 5 % 5 + 1}"
                     f"{c % 5 + 1}" for c in codes])
    want = SE.score_codes(codes)
    same(SE.score(text), want)                      # numpy <U5
    same(SE.score(text.astype("U8")), want)         # wider
    obj = text.astype(object)
    obj[5] = None
    got = SE.score(obj)
    assert np.isnan(got[5])
    same(np.delete(got, 5), np.delete(want, 5))
    # Anything unusual goes the general way, with every bad row named.
    bad = np.array(["11111", " 11111", "1111", "ééééé", "11111111", ""])
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        SE.score(bad)
    assert [e.row for e in ei.value.errors] == [1, 2, 3, 4, 5]
    mixed = np.array(["11111", 11111, None, float("nan")], dtype=object)
    same(SE.score(mixed), [1.0, 1.0, np.nan, np.nan])


@pytest.mark.parametrize("threads", [None, "1", "3", "junk"])
def test_fast_paths_split_long_columns(threads: str | None,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    if threads is not None:
        monkeypatch.setenv("GROUPWELL_NUM_THREADS", threads)
    n = (1 << 20) * 2 + 17
    codes = (np.arange(n) % 3125).astype(np.uint16)
    out = SE.score_codes(codes)
    np.testing.assert_array_equal(out, SE.table[codes])
    digits = [(codes // 5 ** k) % 5 + 1 for k in range(4, -1, -1)]
    states = sum(d.astype(np.int64) * 10 ** (4 - i) for i, d in enumerate(digits))
    np.testing.assert_array_equal(SE.score(states), out)
    states_f = states.astype(np.float64)
    states_f[n - 1] = np.nan
    got = SE.score(states_f)
    assert np.isnan(got[-1])
    np.testing.assert_array_equal(got[:-1], out[:-1])
    states[n - 2] = 11119
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        SE.score(states)
    assert [e.row for e in ei.value.errors] == [n - 2]


# ---------------------------------------------------------------------------------------------
# EQ VAS and the DSU mappings


def test_validate_vas_polars_and_arrow() -> None:
    vas = [80.0, None, 101.0, 62.5]
    s = pl.Series("vas", vas)
    with pytest.raises(groupwell.InvalidRowsError):
        eq5d.validate_vas(s)
    out, errors = eq5d.validate_vas(s, errors="coerce", return_errors=True)
    assert isinstance(out, pl.Series) and out.name == "vas"
    assert out.to_list() == [80.0, None, None, 62.5]
    assert [(e.row, e.kind) for e in errors] == [(2, "InvalidVas")]
    same(eq5d.validate_vas(pa.array(vas), errors="coerce"), [80, np.nan, np.nan, 62.5])


def test_dsu_map_polars_and_arrow() -> None:
    states = ["11111", "11112", None, "55555"]
    want = eq5d.dsu_map(states, age=[40, 70, 50, 30], sex=["female", "male", "m", "f"],
                        country="UK")
    out = eq5d.dsu_map(pl.Series(states), age=pl.Series([40, 70, 50, 30]),
                       sex=pl.Series(["female", "male", "m", "f"]), country="UK")
    assert isinstance(out, pl.Series)
    same(polars_values(out), want)
    same(eq5d.dsu_map(pa.array(states), age=pa.array([40, 70, 50, 30]),
                      sex=pa.array(["female", "male", "m", "f"]), country="UK"), want)
    values, errors = eq5d.dsu_map(pl.Series([11111, 11111]), age=pl.Series([17, None]),
                                  sex="f", country="UK", errors="coerce", return_errors=True)
    assert values.is_null().to_list() == [True, True]
    assert [(e.row, e.field) for e in errors] == [(0, "age")]


# ---------------------------------------------------------------------------------------------
# summed scales


def _sci_rows() -> dict[str, list[Any]]:
    cols: dict[str, list[Any]] = {str(i): [2, 2, None, 2] for i in range(1, 36)}
    cols["7"] = [2, None, None, 9]         # row 1 prorated, row 2 missing, row 3 invalid
    cols["id"] = ["a", "b", "c", "d"]
    return cols


def test_sci93_polars_frame() -> None:
    sci = scales.sci93()
    df = pl.DataFrame(_sci_rows())
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        sci.score_batch(df)
    assert [(e.row, e.field, e.label) for e in ei.value.errors] == [(3, "7", None)]
    out = sci.score_batch(df, errors="coerce")
    same(out.total, [70.0, 70.0, np.nan, np.nan])
    assert out.prorated.tolist() == [False, True, False, False]
    assert (out.missing, out.invalid) == (1, 1)
    frame = out.to_frame()
    assert isinstance(frame, pl.DataFrame)
    assert frame.columns == ["total", "answered", "prorated"]
    assert frame["total"].to_list() == [70.0, 70.0, None, None]
    assert isinstance(out.to_frame(backend="pandas"), pd.DataFrame)
    with pytest.raises(groupwell.InvalidArgumentError, match="backend"):
        out.to_frame(backend="arrow")  # type: ignore[arg-type]
    renamed = df.rename({str(i): f"q{i}" for i in range(1, 36)})
    cols = {str(i): f"q{i}" for i in range(1, 36)}
    same(sci.score_batch(renamed, columns=cols, errors="coerce").total, out.total)


def test_sci93_arrow_table_and_one_response() -> None:
    sci = scales.sci93()
    out = sci.score_batch(pa.table(_sci_rows()), errors="coerce")
    same(out.total, [70.0, 70.0, np.nan, np.nan])
    assert isinstance(out.to_frame(), pd.DataFrame)
    assert sci.score(pl.Series([2] * 35)).total == 70.0
    assert sci.score(pa.array([2] * 34 + [None])).prorated
    with pytest.raises(TypeError, match="score_batch"):
        sci.score(pl.DataFrame(_sci_rows()))
    with pytest.raises(TypeError, match="one column"):
        sci.score_batch(pl.Series([2] * 35))


# ---------------------------------------------------------------------------------------------
# change


def test_classify_polars_and_arrow() -> None:
    pre, post = [60, 60, 60, None], [67, 66, 53, 70]
    t = change.eq_vas_mid()
    want = ["improved", "unchanged", "worsened", None]
    out = change.classify(pl.Series(pre), pl.Series(post), direction="higher_is_better",
                          threshold=t)
    assert isinstance(out, pl.Series) and out.name == "change"
    assert out.to_list() == want
    out = change.classify(pa.array(pre), pa.chunked_array([post]), direction="higher_is_better",
                          threshold=t)
    assert out.tolist() == want
    with pytest.raises(groupwell.LengthMismatchError):
        change.classify(pl.Series(pre), pl.Series(post[:3]), direction="better", threshold=t)
    rci = change.reliable_change_index(pl.Series(pre), pl.Series(post), sd=10, reliability=0.9)
    assert isinstance(rci, pl.Series) and rci.null_count() == 1


def test_classify_coerce() -> None:
    t = change.strict()
    pre, post = [1.0, np.inf, 3.0, None], [2.0, 1.0, -np.inf, 1.0]
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        change.classify(pre, post, direction="higher_is_better", threshold=t)
    assert [(e.row, e.field) for e in ei.value.errors] == [(1, "baseline"), (2, "follow_up")]
    out, errors = change.classify(pre, post, direction="higher_is_better", threshold=t,
                                  errors="coerce", return_errors=True)
    assert out.tolist() == ["improved", None, None, None]
    assert [(e.row, e.field, e.kind) for e in errors] == [(1, "baseline", "InvalidArgument"),
                                                          (2, "follow_up", "InvalidArgument")]
    s = pd.Series(pre, index=list("abcd"))
    out, errors = change.classify(s, pd.Series(post, index=list("abcd")),
                                  direction="higher_is_better", threshold=t, errors="coerce",
                                  return_errors=True)
    assert [e.label for e in errors] == ["b", "c"]
    assert change.classify(np.inf, 1, direction="better", threshold=t, errors="coerce") is None
    with pytest.raises(groupwell.InvalidArgumentError):
        change.classify(np.inf, 1, direction="better", threshold=t)
    with pytest.raises(groupwell.InvalidArgumentError, match="direction"):
        change.classify(1, 2, direction="sideways", threshold=t, errors="coerce")
    with pytest.raises(groupwell.InvalidArgumentError, match="errors"):
        change.classify([1], [2], direction="better", threshold=t,
                        errors="ignore")  # type: ignore[call-overload]


# ---------------------------------------------------------------------------------------------
# profile analyses and summaries


def test_analyses_polars_input_and_output() -> None:
    states = ["11111", "12345", None, "55555", "21345", "11111"]
    groups = ["a", "a", "b", "b", "b", "a"]
    want = eq5d.level_frequencies(states, instrument="5L", groups=groups)
    got = eq5d.level_frequencies(pl.Series(states), instrument="5L", groups=pl.Series(groups))
    assert isinstance(got, pl.DataFrame)
    assert got.columns == list(want.columns)
    assert got["count"].to_list() == want["count"].tolist()
    for fn in (eq5d.cumulative_frequencies, eq5d.hsdc, eq5d.level_sum_distribution,
               eq5d.level_frequency_distribution, eq5d.shannon):
        a = fn(states, instrument="5L")
        b = fn(pl.Series(states), instrument="5L")
        c = fn(pa.array(states), instrument="5L")
        assert isinstance(b, pl.DataFrame) and isinstance(c, pd.DataFrame), fn.__name__
        assert b.columns == list(a.columns), fn.__name__
        for col in a.columns:
            if a[col].dtype.kind == "f":
                same(b[col].to_numpy(), a[col].to_numpy())
                same(c[col].to_numpy(), a[col].to_numpy())
            else:
                assert b[col].to_list() == a[col].tolist(), (fn.__name__, col)
    assert eq5d.hsdi(pl.Series(states), instrument="5L") == eq5d.hsdi(states, instrument="5L")
    with pytest.raises(groupwell.InvalidRowsError):
        eq5d.hsdc(pl.Series(["11116"]), instrument="5L")
    coerced = eq5d.hsdc(pl.Series(["11116", "11111"]), instrument="5L", errors="coerce")
    assert coerced.shape == eq5d.hsdc(["11111"], instrument="5L").shape


def test_pair_polars_and_arrow() -> None:
    pre_ids, pre = ["a", "b", "c"], ["21111", "11111", None]
    post_ids, post = ["b", "a"], ["11111", "11111"]
    want = eq5d.pair(pre_ids, pre, post_ids, post, instrument="5L")
    for conv in (pl.Series, pa.array):
        p = eq5d.pair(conv(pre_ids), conv(pre), conv(post_ids), conv(post), instrument="5L")
        assert p.ids.tolist() == want.ids.tolist()
        assert p.pre_codes.tolist() == want.pre_codes.tolist()
        assert p.exclusion_reasons == want.exclusion_reasons
    p = eq5d.pair(pl.Series([1, 2]), pl.Series([11111, 21111]), pl.Series([2, 1]),
                  pl.Series([11111, 11111]), instrument="5L")
    assert p.ids.tolist() == [1, 2]
    with pytest.raises(groupwell.InvalidArgumentError):
        eq5d.pair(pl.Series(["a", None]), pl.Series(["11111", "11111"]), ["a"], ["11111"],
                  instrument="5L")


def test_summary_polars_and_arrow() -> None:
    values = [0.5, 0.7, None, 0.9, 1.0]
    want = stats.summary(values, groups=["x", "x", "y", "y", "y"])
    got = stats.summary(pl.Series(values), groups=pl.Series(["x", "x", "y", "y", "y"]))
    assert isinstance(got, pl.DataFrame) and got.columns == list(want.columns)
    same(got["mean"].to_numpy(), want["mean"].to_numpy())
    got = stats.summary(pa.array(values), groups=pa.array(["x", "x", "y", "y", "y"]))
    same(got["mean"].to_numpy(), want["mean"].to_numpy())


# ---------------------------------------------------------------------------------------------
# text in Arrow memory (pandas str, polars String, pyarrow strings): read from its buffers


TEXT = ["11111", "12345", None, "55555", "21345"]


def test_arrow_text_forms_agree() -> None:
    forms: list[Any] = [
        pd.Series(TEXT, dtype="string[pyarrow]"),
        pd.Series(TEXT, dtype=pd.ArrowDtype(pa.string())),
        pd.Series(TEXT, dtype=pd.ArrowDtype(pa.large_string())),
        pl.Series(TEXT),
        pa.array(TEXT),
        pa.array(TEXT, pa.large_string()),
        pa.array(TEXT, pa.string_view()),
        pa.chunked_array([TEXT[:2], TEXT[2:]]),
        pa.array(["x"] + TEXT)[1:],                       # a slice: offset 1
        pa.chunked_array([["x"] + TEXT[:3], TEXT[3:]]).slice(1),
    ]
    if pd.Series(["a"]).dtype != object:
        forms.append(pd.Series(TEXT, dtype=str))
    for s in forms:
        out = SE.score(s)
        got = polars_values(out) if isinstance(out, pl.Series) else np.asarray(out, np.float64)
        same(got, EXPECTED)


def test_arrow_text_invalid_rows_and_labels() -> None:
    s = pd.Series(["11111", "1111", None, " 11111", "11116"], index=list("abcde"),
                  dtype="string[pyarrow]")
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        SE.score(s)
    assert [(e.row, e.label, e.kind) for e in ei.value.errors] == [
        (1, "b", "InvalidState"), (3, "d", "InvalidState"), (4, "e", "InvalidLevel")]
    values, errors = SE.score(s, errors="coerce", return_errors=True, decimals=2)
    assert list(values.index) == list("abcde")
    assert values.iloc[0] == 1.0 and values.iloc[1:].isna().all()
    assert len(errors) == 3
    assert len(SE.score(pa.array([], pa.string()))) == 0
    same(UK.score(pa.array(["33333", "éé", None]), errors="coerce"), [-0.594, np.nan, np.nan])


def test_pchc_of_polars_pairs_is_polars() -> None:
    pre = pl.Series(["21111", "11111", "11111"])
    post = pl.Series(["11111", "11111", "12111"])
    ids = pl.Series(["a", "b", "c"])
    p = eq5d.pair(ids, pre, ids, post, instrument="3L")
    got = eq5d.pchc(p, no_problems=True, totals=True)
    want = eq5d.pchc(eq5d.pair(ids.to_list(), pre.to_list(), ids.to_list(), post.to_list(),
                               instrument="3L"), no_problems=True, totals=True)
    assert isinstance(got, pl.DataFrame) and isinstance(want, pd.DataFrame)
    assert got["category"].to_list() == want["category"].tolist()
    assert got["number"].to_list() == want["number"].tolist()
    by_dim = eq5d.pchc(p, by_dimension=True)
    assert isinstance(by_dim, pl.DataFrame) and by_dim.columns[0] == "dimension"


@pytest.mark.fuzz
def test_fast_paths_and_arrow_input_never_panic() -> None:
    """Extreme numbers of every dtype, junk strings and inconsistent Arrow buffers into the fast
    paths (also on run-tests.sh's debug build, where integer overflow panics): only
    GroupwellError or TypeError may come out, and the fast and general paths agree."""
    rng = np.random.default_rng(11)
    allowed = (groupwell.GroupwellError, TypeError)
    extremes: list[float] = [0, 1, -1, 11110, 11111, 55555, 55556, 33333, 2**31 - 1, -(2**31), 2**53,
                2**63 - 1, -(2**63), 11111.5, 1e300, -1e300]
    dtypes: list[Any] = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64,
                         np.uint64, np.float32, np.float64]
    for dtype in dtypes:
        if np.dtype(dtype).kind in "iu":
            lo, hi = int(np.iinfo(dtype).min), int(np.iinfo(dtype).max)
            vals = [v for v in extremes + [11111, 12345]
                    if float(v).is_integer() and lo <= int(v) <= hi]
        else:
            fhi = float(np.finfo(dtype).max)
            vals = [v for v in extremes + [11111, 12345] if -fhi <= float(v) <= fhi]
        arr = np.array(vals, dtype=dtype)
        if np.dtype(dtype).kind == "f":
            arr = np.append(arr, [np.nan, np.inf, -np.inf]).astype(dtype)
        for vs in (SE, UK):
            for errors in ("raise", "coerce"):
                mode: Any = errors
                try:
                    fast = vs.score(arr, errors=mode)
                except allowed:
                    fast = None
                try:
                    slow = general(vs, arr) if errors == "raise" else vs._native.score(
                        arr, "coerce", None, np.zeros(len(arr), dtype=bool))[0]
                except allowed:
                    slow = None
                if fast is None or slow is None:
                    assert fast is None and slow is None, (dtype, errors)
                else:
                    np.testing.assert_array_equal(fast, slow)
            for codes in (arr, rng.integers(0, 2**16, size=50).astype(np.uint16)):
                try:
                    vs.score_codes(codes, errors="coerce")
                except allowed:
                    pass
    for _ in range(200):
        n = int(rng.integers(0, 6))
        offsets = rng.integers(-(2**40), 2**40, size=n + 1)
        if rng.random() < 0.5:
            offsets = np.sort(rng.integers(0, 12, size=n + 1))
        data = rng.integers(0, 256, size=int(rng.integers(0, 12))).astype(np.uint8)
        for o in (offsets.astype(np.int64), offsets.astype(np.int32)):
            try:
                SE._native.score_text(o, data, "coerce", None, None)
            except allowed:
                pass
    for junk in ([""], ["\x00" * 5], ["1" * 9], ["１１１１１"], ["11111\x00"]):
        for form in (np.array(junk), np.array(junk, dtype=object), pa.array(junk),
                     pl.Series(junk)):
            try:
                SE.score(form, errors="coerce")
            except allowed:
                pass
