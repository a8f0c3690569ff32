"""EQ-5D: value sets and index scoring.

Find a value set by id, alias, ISO code or country name (with the instrument when the name is
shared), then score one state or many::

    >>> from groupwell.eq5d import value_set
    >>> se = value_set("Sweden_2022")
    >>> se.id, se.instrument
    ('5L_SE_2022', 'EQ-5D-5L')
    >>> se.index("11111")
    1.0
    >>> se.score(["11111", "12345", None]).round(3).tolist()
    [1.0, 0.22, nan]

States are five level digits in the order MO SC UA PD AD, given as strings (``"11223"``),
five-digit integers (``11223``) or five levels (``[1, 1, 2, 2, 3]``). Missing input (``None``,
``NaN``, ``pd.NA``) scores ``NaN`` and is never an error. Invalid input (a level of 4 in 3L,
``2.5``, ``"1234"``) raises :class:`~groupwell.InvalidRowsError` naming every bad row, or with
``errors="coerce"`` scores ``NaN`` at those rows; ``return_errors=True`` returns the reasons too::

    >>> values, errors = se.score([11111, 11116, 2.5], errors="coerce", return_errors=True)
    >>> values.tolist()
    [1.0, nan, nan]
    >>> [(e.row, e.field, e.kind) for e in errors]
    [(1, 'state', 'InvalidLevel'), (2, 'state', 'InvalidState')]

pandas Series and DataFrames are accepted and give a Series aligned to their index (pandas is
optional; install ``groupwell[pandas]``); polars Series and DataFrames give a polars Series
(``groupwell[polars]``), pyarrow arrays and tables a numpy array. Which input is valid is
decided by the Rust core, the same for Python, the browser and Rust.

Also here: :func:`validate_vas` for EQ VAS values and :func:`dsu_map` for the NICE DSU
age/sex-specific mappings between EQ-5D-5L and EQ-5D-3L::

    >>> validate_vas([80, 101, None], errors="coerce").tolist()
    [80.0, nan, nan]
    >>> dsu_map(["11111", "55555"], age=70, sex="male", country="Netherlands").round(3).tolist()
    [0.99, -0.282]
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal, NamedTuple, TypeAlias, TypedDict, Union, overload

import numpy as np
import numpy.typing as npt

from . import _native
from ._native import InvalidRowsError, InvalidVasError

__all__ = [
    "DIMENSIONS",
    "Pairs",
    "cumulative_frequencies",
    "health_profile_grid",
    "hsdc",
    "hsdi",
    "level_frequencies",
    "level_frequency_distribution",
    "level_sum_distribution",
    "pair",
    "pchc",
    "probability_of_superiority",
    "shannon",
    "DIRECTIONS",
    "DSU_AGE_BANDS",
    "DSU_COUNTRIES",
    "InvalidVasError",
    "RowError",
    "ValueSet",
    "ValueSetInfo",
    "catalogue",
    "crosswalk_3l_to_5l",
    "crosswalk_5l_to_3l",
    "dsu_map",
    "validate_vas",
    "value_set",
    "value_set_from_json",
    "value_set_from_table",
    "value_sets",
]

#: The five dimensions in questionnaire order.
DIMENSIONS: tuple[str, str, str, str, str] = tuple(_native.dimensions())  # type: ignore[assignment]

#: The countries of the NICE DSU mappings (:func:`dsu_map`), as the published tables name them.
DSU_COUNTRIES: tuple[str, ...] = tuple(_native.dsu_countries())
#: The age bands of the NICE DSU mappings, as the published tables label them.
DSU_AGE_BANDS: tuple[str, ...] = tuple(_native.dsu_age_bands())
#: The two directions of the NICE DSU mappings.
DIRECTIONS: tuple[str, str] = ("5L->3L", "3L->5L")

#: The ``errors=`` argument of the batch methods.
Errors: TypeAlias = Literal["raise", "coerce"]
FloatArray: TypeAlias = npt.NDArray[np.float64]
#: Anything with one value per row: a list, tuple, numpy array or pandas Series.
Column: TypeAlias = Union[Sequence[Any], npt.NDArray[Any], Iterable[Any]]
#: The result of a batch call: a float64 numpy array, or for pandas input a pandas Series with
#: the input's index (typed loosely so that pandas stays optional).
Scores: TypeAlias = Any


class ValueSetInfo(TypedDict):
    """A value set's metadata, as returned by :func:`catalogue` and :attr:`ValueSet.info`."""

    id: str
    kind: str
    instrument: str
    name: str | None
    country: str | None
    iso: str | None
    method: str | None
    method_detail: str | None
    year: int | None
    doi: str | None
    url: str | None
    citation: str | None
    aliases: list[str]
    notes: list[str]


class RowError(NamedTuple):
    """One invalid row of a batch.

    ``row`` is the 0-based position in the input, ``field`` the input field (``state``,
    ``code``, ``MO`` … ``AD``), ``message`` what is wrong, ``label`` the pandas index label of
    the row (``None`` for other input) and ``kind`` the core error kind (e.g.
    ``InvalidLevel``). The first three fields make the ``(row, field, message)`` triple.
    """

    row: int
    field: str
    message: str
    label: Hashable | None = None
    kind: str = ""


# ---------------------------------------------------------------------------------------------
# input handling (types and layouts only; validity is the core's decision)


def _pandas() -> Any:
    """The pandas module if it has been imported (input cannot be pandas otherwise)."""
    return sys.modules.get("pandas")


def _is_series(x: object) -> bool:
    pd = _pandas()
    return pd is not None and isinstance(x, (pd.Series, pd.Index))


def _is_frame(x: object) -> bool:
    pd = _pandas()
    return pd is not None and isinstance(x, pd.DataFrame)


def _polars() -> Any:
    """The polars module if it has been imported (input cannot be polars otherwise)."""
    return sys.modules.get("polars")


def _pyarrow() -> Any:
    """The pyarrow module if it has been imported (input cannot be Arrow otherwise)."""
    return sys.modules.get("pyarrow")


def _is_polars_series(x: object) -> bool:
    pl = _polars()
    return pl is not None and isinstance(x, pl.Series)


def _is_polars_frame(x: object) -> bool:
    pl = _polars()
    return pl is not None and isinstance(x, pl.DataFrame)


def _is_arrow_column(x: object) -> bool:
    pa = _pyarrow()
    return pa is not None and isinstance(x, (pa.Array, pa.ChunkedArray))


def _is_arrow_table(x: object) -> bool:
    pa = _pyarrow()
    return pa is not None and isinstance(x, (pa.Table, pa.RecordBatch))


def _is_table(x: object) -> bool:
    """A table of columns: a pandas or polars DataFrame, a pyarrow Table or RecordBatch."""
    return _is_frame(x) or _is_polars_frame(x) or _is_arrow_table(x)


def _table_parts(x: Any) -> tuple[list[Any], Callable[[int], Any], Any]:
    """``(column names, column by position, pandas index or None)`` of a :func:`_is_table`."""
    if _is_frame(x):
        return list(x.columns), lambda p: x.iloc[:, p], x.index
    if _is_polars_frame(x):
        return list(x.columns), x.to_series, None
    return list(x.column_names), x.column, None


def _wants_polars(*xs: object) -> bool:
    """Whether a result should be polars: some input is a polars Series or DataFrame."""
    return any(_is_polars_series(x) or _is_polars_frame(x) for x in xs)


def _to_polars(values: np.ndarray, name: Hashable | None) -> Any:
    """A polars Series of a result array: ``NaN`` (float) and ``None`` (labels) as null."""
    pl = _polars()
    label = "" if name is None else str(name)
    if values.dtype.kind == "f":
        return pl.Series(label, values, nan_to_null=True)
    if values.dtype.kind == "O":
        return pl.Series(label, values.tolist())
    return pl.Series(label, values)


def _polars_column(s: Any) -> tuple[Any, np.ndarray | None]:
    """A polars Series as numpy data (numbers without nulls borrowed, not copied) and a null
    mask; text and other dtypes as Python values."""
    pl = _polars()
    dt = s.dtype
    if dt.is_integer() or dt.is_float():
        if s.null_count() == 0:
            return _native_numeric(s.to_numpy()), None
        return _native_numeric(s.fill_null(0).to_numpy()), s.is_null().to_numpy()
    if isinstance(dt, (pl.Categorical, pl.Enum)) or dt in (pl.Categorical, pl.Enum):
        s = s.cast(pl.String)
        dt = s.dtype
    if dt == pl.String:
        return s.to_numpy(), None
    return s.to_list(), None


def _arrow_numpy(a: Any) -> np.ndarray:
    pa = _pyarrow()
    if isinstance(a, pa.ChunkedArray):
        return np.asarray(a.to_numpy())
    return np.asarray(a.to_numpy(zero_copy_only=False))


def _arrow_text(x: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray | None] | None:
    """A text column held in Arrow memory (a pandas ``str``/``string[pyarrow]`` or Arrow
    Series, a polars String Series, a pyarrow string array) as ``(offsets, data, null mask)``
    read in place from its buffers, so that the strings never become Python objects; ``None``
    for anything else (or without pyarrow)."""
    pa = _pyarrow()
    if pa is None:
        return None
    if _is_arrow_column(x):
        a = x
    elif _is_polars_series(x):
        pl = _polars()
        if x.dtype != pl.String:
            return None
        a = x.to_arrow()
    elif _is_series(x) and hasattr(x, "index") and type(x.array).__name__ in (
        "ArrowStringArray", "ArrowStringArrayNumpySemantics", "ArrowExtensionArray"
    ):
        try:
            a = pa.array(x.array)
        except (TypeError, ValueError, pa.ArrowException):
            return None
    else:
        return None
    t = a.type
    if not (pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)):
        return None
    if isinstance(a, pa.ChunkedArray):
        a = a.combine_chunks() if a.num_chunks != 1 else a.chunk(0)
    if pa.types.is_string_view(a.type):
        a = a.cast(pa.large_string())
    _, offsets_buf, data_buf = a.buffers()[:3]
    width = np.int64 if pa.types.is_large_string(a.type) else np.int32
    n = len(a)
    if offsets_buf is None:
        return None
    offsets = np.frombuffer(offsets_buf, dtype=width)[a.offset : a.offset + n + 1]
    if len(offsets) != n + 1:
        return None
    data = np.empty(0, np.uint8) if data_buf is None else np.frombuffer(data_buf, dtype=np.uint8)
    mask = None
    if a.null_count:
        mask = np.asarray(a.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    return offsets, data, mask


def _arrow_column(a: Any) -> tuple[Any, np.ndarray | None]:
    """A pyarrow Array or ChunkedArray as numpy data (numbers of one chunk without nulls
    borrowed, not copied) and a null mask; text and other types as Python values."""
    pa = _pyarrow()
    t = a.type
    if pa.types.is_dictionary(t):
        a = a.cast(t.value_type)
        t = a.type
    if pa.types.is_integer(t) or pa.types.is_floating(t):
        if a.null_count == 0:
            return _native_numeric(_arrow_numpy(a)), None
        return _native_numeric(_arrow_numpy(a.fill_null(0))), _arrow_numpy(a.is_null())
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        return _arrow_numpy(a), None
    return a.to_pylist(), None


def _native_numeric(arr: np.ndarray) -> np.ndarray:
    """Integer and float arrays in a dtype the Rust side reads (native byte order; float16 and
    long double as float64). Other arrays are returned as they are."""
    dt = arr.dtype
    if dt.kind == "f" and dt.itemsize not in (4, 8):
        return arr.astype(np.float64)
    if dt.kind in "iuf" and not dt.isnative:
        return arr.astype(dt.newbyteorder("="))
    return arr


def _column(values: Any) -> tuple[Any, np.ndarray | None]:
    """A 1-D input as data for the Rust side, plus a missing-value mask when one is needed
    (pandas nullable and Arrow dtypes, polars and pyarrow nulls, numpy masked arrays)."""
    if _is_polars_series(values):
        return _polars_column(values)
    if _is_arrow_column(values):
        return _arrow_column(values)
    if isinstance(values, np.ma.MaskedArray):
        return _native_numeric(np.ma.getdata(values)), np.ma.getmaskarray(values)
    if isinstance(values, np.ndarray):
        return _native_numeric(values), None
    if _is_series(values):
        dtype = values.dtype
        if isinstance(dtype, np.dtype):
            return _native_numeric(values.to_numpy(copy=False)), None
        np_dtype = getattr(dtype, "numpy_dtype", None)
        if isinstance(np_dtype, np.dtype) and np_dtype.kind in "iuf":
            mask = np.asarray(values.isna(), dtype=bool)
            data = values.to_numpy(dtype=np_dtype, na_value=0)
            return _native_numeric(data), mask
        return values.to_numpy(dtype=object, na_value=None), None
    return values, None


def _find_columns(names: Sequence[Any], columns: Any) -> list[int]:
    """Positions of the MO, SC, UA, PD, AD columns among ``names``."""
    dims = DIMENSIONS

    def position(name: Any) -> int:
        hits = [i for i, n in enumerate(names) if n == name]
        if len(hits) != 1:
            raise _native.invalid_argument(
                "columns",
                repr(name),
                "a column of the data" if not hits else "a column name that is not repeated",
            )
        return hits[0]

    if columns is None:
        found: dict[str, list[int]] = {d: [] for d in dims}
        for i, n in enumerate(names):
            d = _native.dimension_of(n) if isinstance(n, str) else None
            if d is not None:
                found[d].append(i)
        bad = [d for d in dims if len(found[d]) != 1]
        if bad:
            detail = ", ".join(
                f"{d}: " + (" and ".join(repr(names[i]) for i in found[d]) or "none")
                for d in bad
            )
            raise _native.invalid_argument(
                "columns",
                f"columns found for {detail}",
                "one column per dimension MO, SC, UA, PD, AD, named by code or name "
                "(case-insensitive), or columns={'MO': ..., ...}",
            )
        return [found[d][0] for d in dims]
    if isinstance(columns, Mapping):
        chosen: dict[str, Any] = {}
        for key, name in columns.items():
            d = _native.dimension_of(key) if isinstance(key, str) else None
            if d is None or d in chosen:
                raise _native.invalid_argument(
                    "columns", repr(key), "each of MO, SC, UA, PD, AD once as a key"
                )
            chosen[d] = name
        missing = [d for d in dims if d not in chosen]
        if missing:
            raise _native.invalid_argument(
                "columns", f"a mapping without {', '.join(missing)}", "a column for every dimension"
            )
        return [position(chosen[d]) for d in dims]
    if isinstance(columns, Sequence) and not isinstance(columns, str) and len(columns) == 5:
        return [position(name) for name in columns]
    raise _native.invalid_argument(
        "columns",
        repr(columns),
        "a mapping {'MO': column, ...} or five column names in the order MO, SC, UA, PD, AD",
    )


def _one_column(x: Any, method: str) -> None:
    if _is_table(x):
        raise TypeError(
            f"{method}() takes one column; use score_levels() for a DataFrame of five level "
            "columns, or pass one column such as df['state']"
        )


def _with_labels(
    raw: Iterable[tuple[int, str, str, str]], labels: Any
) -> list[RowError]:
    out = []
    for row, field, message, kind in raw:
        label = labels[row] if labels is not None and 0 <= row < len(labels) else None
        out.append(RowError(row, field, message, label, kind))
    return out


def _run(
    call: Callable[..., tuple[FloatArray, list[tuple[int, str, str, str]], int]],
    data: Any,
    extra: Any,
    errors: str,
    decimals: int | None,
    labels: Any,
    name: Hashable | None,
    return_errors: bool,
    polars: bool = False,
) -> Any:
    try:
        values, raw, _missing = call(data, errors, decimals, extra)
    except InvalidRowsError as exc:
        exc.errors = _with_labels(exc.errors, labels)
        if labels is not None and hasattr(exc, "add_note"):
            shown = [repr(e.label) for e in exc.errors[:5]]
            more = f" and {len(exc.errors) - 5} more" if len(exc.errors) > 5 else ""
            exc.add_note(f"index labels of the invalid rows: {', '.join(shown)}{more}")
        raise
    result: Any = values
    if polars:
        result = _to_polars(values, name)
    elif labels is not None:
        pd = _pandas()
        result = pd.Series(values, index=labels, name=name, copy=False)
    if return_errors:
        return result, _with_labels(raw, labels)
    return result


# ---------------------------------------------------------------------------------------------
# the value set


class ValueSet:
    """A value set ready for scoring: built-in (:func:`value_set`), user-defined
    (:func:`value_set_from_json`, :func:`value_set_from_table`) or derived by a crosswalk.

    >>> uk = value_set("3L_UK")
    >>> uk
    <ValueSet 3L_UK (EQ-5D-3L, United Kingdom, TTO, 1997)>
    >>> len(uk.table), float(uk.table[0])
    (243, 1.0)
    """

    __slots__ = ("_native", "_origin")

    def __init__(self, native: _native.ValueSet, origin: tuple[Any, tuple[Any, ...]] | None = None):
        self._native = native
        self._origin = origin

    # -- metadata ------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The stable id, e.g. ``5L_SE_2022``."""
        return self._native.id

    @property
    def instrument(self) -> str:
        """The instrument whose states this set scores, e.g. ``EQ-5D-5L``."""
        return self._native.instrument

    @property
    def builtin(self) -> bool:
        """Whether this is one of the built-in sets."""
        return self._native.builtin

    @property
    def info(self) -> ValueSetInfo:
        """The metadata: id, kind, instrument, name, country, iso, method, method_detail, year,
        doi, url, citation, aliases, notes.

        >>> info = value_set("5L_SE_2022").info
        >>> info["country"], info["method"], info["year"]
        ('Sweden', 'cTTO', 2022)
        """
        return self._native.info  # type: ignore[return-value]

    @property
    def table(self) -> FloatArray:
        """Every state's value, indexed by state code (``11111`` is 0, AD changes fastest);
        a read-only float64 array of 243 or 3125 values.

        >>> t = value_set("5L_SE_2020").table
        >>> t.shape, float(t[0])
        ((3125,), 0.9755)
        """
        return self._native.table

    def to_json(self) -> str:
        """The definition in the project's JSON format (read back by
        :func:`value_set_from_json`).

        >>> vs = value_set("5L_SE_2022")
        >>> value_set_from_json(vs.to_json()) == vs
        True
        """
        return self._native.to_json()

    # -- scoring -------------------------------------------------------------------------------

    def index(self, state: Any) -> float:
        """The index of one state: a string ``"11223"``, an integer ``11223`` or five levels
        ``[1, 1, 2, 2, 3]``. Missing input (``None``, ``NaN``) gives ``nan``; an invalid state
        raises its error (e.g. :class:`~groupwell.InvalidLevelError`).

        >>> uk = value_set("UK", "3L")
        >>> round(uk.index("11223"), 3), round(uk.index(11223), 3), round(uk.index([1, 1, 2, 2, 3]), 3)
        (0.255, 0.255, 0.255)
        >>> uk.index("11114")
        Traceback (most recent call last):
        ...
        groupwell.InvalidLevelError: AD: level 4 is not valid for EQ-5D-3L (expected an integer 1..=3)
        """
        return self._native.index(state)

    @overload
    def score(
        self,
        states: Column,
        *,
        errors: Errors = ...,
        decimals: int | None = ...,
        return_errors: Literal[False] = ...,
    ) -> Scores: ...
    @overload
    def score(
        self,
        states: Column,
        *,
        errors: Errors = ...,
        decimals: int | None = ...,
        return_errors: Literal[True],
    ) -> tuple[Scores, list[RowError]]: ...
    def score(
        self,
        states: Any,
        *,
        errors: Errors = "raise",
        decimals: int | None = None,
        return_errors: bool = False,
    ) -> Any:
        """Scores states given as five-digit integers or strings (a list, numpy array of any
        integer, float or string dtype, or pandas Series). ``None``, ``NaN`` and ``pd.NA`` are
        missing and score ``nan``.

        ``errors="raise"`` (the default) raises :class:`~groupwell.InvalidRowsError` listing
        every invalid row in ``.errors``; ``errors="coerce"`` scores ``nan`` there.
        ``decimals`` rounds the results (half away from zero, by the core's rule).
        ``return_errors=True`` returns ``(values, errors)``, ``errors`` being a list of
        :class:`RowError`. A Series input gives a Series with the same index, named by the
        value set's id.

        polars Series and pyarrow arrays (``Array``, ``ChunkedArray``) are read too, their
        nulls as missing values; polars input gives a polars Series (``NaN`` as null). Numbers
        are read in place when they have no nulls; text held in Arrow memory (pandas ``str``
        with pyarrow, polars ``String``, pyarrow strings) is read from its buffers, without
        making Python strings. Five-digit numbers in a numpy array are scored by one table
        look-up per row (a table of the core's reading of every number 11111…55555, built
        once per value set), with the GIL released and long columns split over the CPUs.

        >>> uk = value_set("3L_UK")
        >>> uk.score([11111, 33333, 11223], decimals=3).tolist()
        [1.0, -0.594, 0.255]
        >>> import polars as pl
        >>> uk.score(pl.Series("eq5d", [11111, None, 11223]), decimals=3).to_list()
        [1.0, None, 0.255]
        >>> uk.score(["11111", "1234"])
        Traceback (most recent call last):
        ...
        groupwell.InvalidRowsError: 1 invalid row: row 1, state: state "1234" is not a valid EQ-5D-3L state: it has 4 characters (expected five level digits such as 11223)
        """
        _one_column(states, "score")
        labels = states.index if _is_series(states) and hasattr(states, "index") else None
        text = _arrow_text(states)
        if text is not None:
            # Strings in Arrow memory: read from their buffers, never as Python objects.
            offsets, buffer, mask = text

            def call(_d: Any, e: str, dec: Any, m: Any) -> Any:
                return self._native.score_text(offsets, buffer, e, dec, m)

            return _run(call, None, mask, errors, decimals, labels, self.id, return_errors,
                        _wants_polars(states))
        data, mask = _column(states)
        return _run(
            self._native.score, data, mask, errors, decimals, labels, self.id, return_errors,
            _wants_polars(states),
        )

    @overload
    def score_codes(
        self,
        codes: Column,
        *,
        errors: Errors = ...,
        decimals: int | None = ...,
        return_errors: Literal[False] = ...,
    ) -> Scores: ...
    @overload
    def score_codes(
        self,
        codes: Column,
        *,
        errors: Errors = ...,
        decimals: int | None = ...,
        return_errors: Literal[True],
    ) -> tuple[Scores, list[RowError]]: ...
    def score_codes(
        self,
        codes: Any,
        *,
        errors: Errors = "raise",
        decimals: int | None = None,
        return_errors: bool = False,
    ) -> Any:
        """Scores compact state codes: ``0`` … ``242`` (3L) or ``0`` … ``3124`` (5L), the row of
        the state in :attr:`table`. A ``uint16`` array is the fastest input; text cells are
        read as in :meth:`score_levels`. Options as in :meth:`score`.

        >>> import numpy as np
        >>> vs = value_set("3L_UK")
        >>> vs.score_codes(np.arange(3, dtype=np.uint16)).tolist() == vs.table[:3].tolist()
        True
        >>> vs.score_codes([0, 243, 1.5], errors="coerce").tolist()
        [1.0, nan, nan]
        """
        _one_column(codes, "score_codes")
        data, mask = _column(codes)
        labels = codes.index if _is_series(codes) and hasattr(codes, "index") else None
        return _run(
            self._native.score_codes, data, mask, errors, decimals, labels, self.id, return_errors,
            _wants_polars(codes),
        )

    @overload
    def score_levels(
        self,
        levels: npt.ArrayLike | Mapping[str, Any],
        *,
        columns: Mapping[str, Any] | Sequence[Any] | None = ...,
        errors: Errors = ...,
        decimals: int | None = ...,
        return_errors: Literal[False] = ...,
    ) -> Scores: ...
    @overload
    def score_levels(
        self,
        levels: npt.ArrayLike | Mapping[str, Any],
        *,
        columns: Mapping[str, Any] | Sequence[Any] | None = ...,
        errors: Errors = ...,
        decimals: int | None = ...,
        return_errors: Literal[True],
    ) -> tuple[Scores, list[RowError]]: ...
    def score_levels(
        self,
        levels: Any,
        *,
        columns: Mapping[str, Any] | Sequence[Any] | None = None,
        errors: Errors = "raise",
        decimals: int | None = None,
        return_errors: bool = False,
    ) -> Any:
        """Scores states given as five levels per row: an ``(n, 5)`` array-like (numpy, C or
        Fortran order, any integer or float dtype; or a list of rows), a pandas DataFrame or a
        mapping of columns. For a DataFrame or mapping the MO, SC, UA, PD, AD columns are found
        by code or dimension name, case-insensitively (``mo``, ``Mobility``, ``self-care``, …),
        or given with ``columns={"MO": "q1", ...}`` or five names in order. A ``NaN`` or
        ``pd.NA`` level makes the row missing; ``2.5`` is an error, never level 2. Text cells
        (string or object columns, e.g. from a CSV file) are read by the core's rules: ``" 3 "``
        is 3, ``""`` and ``"NA"`` are missing, ``"2.5"`` and ``"two"`` are errors; ``bool``
        values are a ``TypeError``. Options as in :meth:`score`; a DataFrame gives a Series with
        its index. A polars DataFrame or a pyarrow ``Table``/``RecordBatch`` is read like a
        DataFrame (nulls are missing levels); polars gives a polars Series, pyarrow a numpy
        array. A C-ordered ``(n, 5)`` array is read row by row in place, a Fortran-ordered
        one column by column in place.

        >>> import numpy as np
        >>> vs = value_set("3L_UK")
        >>> vs.score_levels([[1, 1, 1, 1, 1], [1, 1, 2, 2, 3]], decimals=3).tolist()
        [1.0, 0.255]
        >>> values, errors = vs.score_levels(
        ...     np.array([[1, 1, 1, 1, 1], [1, 4, 1, 1, np.nan]]), errors="coerce", return_errors=True)
        >>> values.tolist(), [(e.row, e.field) for e in errors]
        ([1.0, nan], [(1, 'SC')])
        >>> vs.score_levels([["1", " 1 ", "2", "2.0", "3"], ["1", "NA", "1", "1", "1"]],
        ...                 decimals=3).tolist()
        [0.255, nan]
        """
        masks: Any = None
        labels: Any = None
        if _is_table(levels):
            names, get, labels = _table_parts(levels)
            parts = [_column(get(p)) for p in _find_columns(names, columns)]
            data: Any = [d for d, _ in parts]
            masks = [m for _, m in parts]
        elif isinstance(levels, Mapping):
            keys = list(levels.keys())
            parts = [_column(levels[keys[p]]) for p in _find_columns(keys, columns)]
            data = [d for d, _ in parts]
            masks = [m for _, m in parts]
        else:
            if columns is not None:
                raise TypeError("columns= is for a DataFrame or a mapping of columns")
            if isinstance(levels, np.ma.MaskedArray) and levels.ndim == 2:
                mask2 = np.ma.getmaskarray(levels)
                raw = _native_numeric(np.ma.getdata(levels))
                data = [raw[:, j] for j in range(raw.shape[1])] if raw.shape[1:] == (5,) else raw
                masks = [mask2[:, j] for j in range(5)] if raw.shape[1:] == (5,) else None
            else:
                if isinstance(levels, np.ndarray):
                    arr = levels
                else:
                    try:
                        arr = np.asarray(levels)
                    except ValueError as e:
                        raise _native.invalid_argument(
                            "levels", "a ragged sequence", "an (n, 5) array: five levels per row"
                        ) from e
                data = _native_numeric(arr)
        if masks is not None and all(m is None for m in masks):
            masks = None
        return _run(
            self._native.score_levels, data, masks, errors, decimals, labels, self.id,
            return_errors, _wants_polars(levels),
        )

    # -- protocol --------------------------------------------------------------------------------

    def __repr__(self) -> str:
        return repr(self._native)

    def __str__(self) -> str:
        return str(self._native)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ValueSet):
            return NotImplemented
        return self._native == other._native

    def __hash__(self) -> int:
        return hash(self._native)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        if self._origin is not None:
            return self._origin
        if self._native.builtin:
            return (value_set, (self.id,))
        return (value_set_from_json, (self.to_json(),))


# ---------------------------------------------------------------------------------------------
# finding and building value sets


def value_set(name: str, instrument: str | None = None) -> ValueSet:
    """A built-in value set by id (``5L_SE_2022``), alias, ISO code or country name,
    case-insensitively; ``instrument`` (``"3L"``, ``"5L"``, ``"Y3L"``, ``"EQ-5D-5L"`` …) picks
    among sets of the same name.

    >>> value_set("UK", "5L").id
    '5L_UK'
    >>> value_set("UK")
    Traceback (most recent call last):
    ...
    groupwell.AmbiguousValueSetError: "UK" is ambiguous: it matches 3L_UK, 5L_UK; use one of these ids
    """
    return ValueSet(_native.find(name, instrument))


def value_sets(instrument: str | None = None) -> list[ValueSet]:
    """The built-in national value sets (without crosswalk tables), of one instrument or all.

    >>> len(value_sets("5L"))
    49
    """
    return [ValueSet(v) for v in _native.value_sets(instrument)]


def catalogue() -> list[ValueSetInfo]:
    """The metadata of every built-in set: national value sets and published crosswalk tables.

    >>> cat = catalogue()
    >>> sum(1 for v in cat if v["kind"] == "value_set")
    111
    >>> sorted(cat[0])  # the fields
    ['aliases', 'citation', 'country', 'doi', 'id', 'instrument', 'iso', 'kind', 'method', 'method_detail', 'name', 'notes', 'url', 'year']
    """
    return [v.info for v in _native.catalogue()]  # type: ignore[misc]


def value_set_from_json(text: str) -> ValueSet:
    """A value set from its definition in the project's JSON format (see
    :meth:`ValueSet.to_json`). Errors name the field at fault.

    >>> value_set_from_json('{"format": "groupwell-value-set/1"')
    Traceback (most recent call last):
    ...
    groupwell.JsonError: invalid JSON at line 1, column 34: EOF while parsing an object
    """
    # The text is kept so that pickling gives back exactly this set.
    return ValueSet(_native.from_json(text), (value_set_from_json, (text,)))


def value_set_from_table(
    id: str, instrument: str, mapping: Mapping[Any, float] | Iterable[tuple[Any, float]]
) -> ValueSet:
    """A tabulated value set: ``mapping`` gives every state of the instrument (as ``"11223"``
    or ``11223``) exactly once, with a finite value. A mapping, a pandas Series indexed by state,
    or ``(state, value)`` pairs.

    >>> states = [f"{a}{b}{c}{d}{e}" for a in "123" for b in "123" for c in "123"
    ...           for d in "123" for e in "123"]
    >>> mine = value_set_from_table("mine", "3L", {s: 1 - 0.01 * i for i, s in enumerate(states)})
    >>> mine.index("11112")
    0.99
    """
    pairs = list(mapping.items() if hasattr(mapping, "items") else mapping)
    return ValueSet(
        _native.from_table(id, instrument, pairs), (value_set_from_table, (id, instrument, pairs))
    )


def crosswalk_5l_to_3l(vs: ValueSet) -> ValueSet:
    """Scores EQ-5D-5L states with an EQ-5D-3L value set (van Hout et al. 2012).

    >>> xw = crosswalk_5l_to_3l(value_set("3L_UK"))
    >>> xw.instrument, xw.index("11111"), round(xw.index("55555"), 3)
    ('EQ-5D-5L', 1.0, -0.594)
    """
    return ValueSet(_native.crosswalk_5l_to_3l(vs._native), (crosswalk_5l_to_3l, (vs,)))


def crosswalk_3l_to_5l(vs: ValueSet) -> ValueSet:
    """Scores EQ-5D-3L states with an EQ-5D-5L value set (van Hout & Shaw 2021).

    >>> rxw = crosswalk_3l_to_5l(value_set("5L_SE_2022"))
    >>> rxw.instrument, rxw.index("11111") < 1.0
    ('EQ-5D-3L', True)
    """
    return ValueSet(_native.crosswalk_3l_to_5l(vs._native), (crosswalk_3l_to_5l, (vs,)))


# ---------------------------------------------------------------------------------------------
# EQ VAS


def _is_scalar(x: object) -> bool:
    """One value rather than a column: a number, ``None``, a numpy scalar or 0-d array."""
    import numbers

    return (
        x is None
        or isinstance(x, (numbers.Number, np.generic))
        or (isinstance(x, np.ndarray) and x.ndim == 0)
    )


@overload
def validate_vas(
    values: float | np.integer[Any] | np.floating[Any],
    *,
    errors: Errors = ...,
    return_errors: Literal[False] = ...,
) -> float: ...
@overload
def validate_vas(
    values: Column, *, errors: Errors = ..., return_errors: Literal[False] = ...
) -> Scores: ...
@overload
def validate_vas(
    values: Column, *, errors: Errors = ..., return_errors: Literal[True]
) -> tuple[Scores, list[RowError]]: ...
def validate_vas(values: Any, *, errors: Errors = "raise", return_errors: bool = False) -> Any:
    """Validates EQ VAS values (self-rated health, a number in 0..=100; decimals are kept).

    One number gives it back as a float, or raises :class:`~groupwell.InvalidVasError` (for
    ``-1``, ``101``, ``nan``, ``None``; ``errors="coerce"`` gives ``nan`` instead). A column (list,
    numpy array of any integer or float dtype, pandas Series) gives a float64 array, or a Series
    with the input's index and name; there ``NaN``, ``None`` and ``pd.NA`` are missing, and
    invalid values raise :class:`~groupwell.InvalidRowsError` listing every bad row, or with
    ``errors="coerce"`` become ``NaN``. Text cells are read as in CSV files (``" 75 "`` is 75,
    ``""`` and ``"NA"`` missing). ``return_errors=True`` (columns only) returns
    ``(values, errors)``.

    >>> validate_vas(75)
    75.0
    >>> validate_vas(101)
    Traceback (most recent call last):
    ...
    groupwell.InvalidVasError: EQ VAS 101 is not valid (expected a number 0..=100)
    >>> validate_vas([50, None, 101, 62.5], errors="coerce").tolist()
    [50.0, nan, nan, 62.5]
    >>> validate_vas([50, -1])
    Traceback (most recent call last):
    ...
    groupwell.InvalidRowsError: 1 invalid row: row 1, EQ VAS: EQ VAS -1 is not valid (expected a number 0..=100)
    """
    if _is_scalar(values):
        if return_errors:
            raise TypeError("return_errors=True is for a column of values, not one value")
        if isinstance(values, np.ndarray):
            values = values.item()
        return _native.vas(values, errors)
    _one_column(values, "validate_vas")
    data, mask = _column(values)
    labels = values.index if _is_series(values) and hasattr(values, "index") else None
    polars = _wants_polars(values)
    name = getattr(values, "name", None) if labels is not None or polars else None

    def call(d: Any, e: str, _decimals: Any, m: Any) -> Any:
        return _native.validate_vas(d, e, m)

    return _run(call, data, mask, errors, None, labels, name, return_errors, polars)


# ---------------------------------------------------------------------------------------------
# NICE DSU mappings


def _per_row(x: Any, argument: str, states: Any) -> tuple[Any, np.ndarray | None]:
    """``age=`` or ``sex=``: one value for every row, or a column matched to ``states`` by
    position (two pandas Series must share their index)."""
    if isinstance(x, str) or _is_scalar(x):
        return (x.item() if isinstance(x, np.ndarray) else x), None
    if _is_table(x):
        raise TypeError(f"{argument} must be one value or one column, not a DataFrame")
    if _is_series(x) and _is_series(states) and not x.index.equals(states.index):
        raise _native.invalid_argument(
            argument,
            "a Series whose index differs from the index of states",
            "the same index as states (or a list or array, matched by position)",
        )
    return _column(x)


@overload
def dsu_map(
    states: Column,
    age: Any,
    sex: Any,
    country: str,
    direction: str = ...,
    *,
    copula: bool = ...,
    codes: bool = ...,
    errors: Errors = ...,
    decimals: int | None = ...,
    return_errors: Literal[False] = ...,
) -> Scores: ...
@overload
def dsu_map(
    states: Column,
    age: Any,
    sex: Any,
    country: str,
    direction: str = ...,
    *,
    copula: bool = ...,
    codes: bool = ...,
    errors: Errors = ...,
    decimals: int | None = ...,
    return_errors: Literal[True],
) -> tuple[Scores, list[RowError]]: ...
def dsu_map(
    states: Any,
    age: Any,
    sex: Any,
    country: str,
    direction: str = "5L->3L",
    *,
    copula: bool = True,
    codes: bool = False,
    errors: Errors = "raise",
    decimals: int | None = None,
    return_errors: bool = False,
) -> Any:
    """The NICE DSU age/sex-specific mappings between EQ-5D-5L and EQ-5D-3L
    (Hernández-Alava et al. 2023, doi:10.1007/s40273-022-01218-7): the expected value on the
    other version for each state, age and sex.

    ``states`` are states of the input version (``"5L->3L"``: EQ-5D-5L, ``"3L->5L"``:
    EQ-5D-3L) as strings or five-digit integers, or with ``codes=True`` compact state codes,
    in any form :meth:`ValueSet.score` takes. ``age`` is an age in years (18 and over; it
    picks the band) or a band label (:data:`DSU_AGE_BANDS`: ``"18-34"`` … ``"65+"``); ``sex``
    is ``"male"`` or ``"female"`` (``"m"``, ``"f"``, any case). Each is one value for every row
    or a column of the same length (a Series must share the index of ``states``).
    ``country`` is one of :data:`DSU_COUNTRIES` (also ISO codes and names: ``"GB"``,
    ``"England"``, ``"South Korea"``, ``"NL"`` …).

    ``copula=True`` (the default) gives the copula model's expected value, the mapping proper.
    ``copula=False`` gives the published tables' non-copula column, which holds the *input*
    version's own value set (for ``"5L->3L"`` the country's 5L values; the same for every age
    and sex), so the tables can be reproduced.

    A missing state, age or sex gives ``NaN``; an invalid one is a row error with the field
    ``state`` (``code``, ``age``, ``sex``): ``errors=``, ``decimals=`` and ``return_errors=`` as
    in :meth:`ValueSet.score`. A Series input gives a Series with its index.

    >>> dsu_map(["11111", "11112", "55555"], age=40, sex="female", country="UK",
    ...         decimals=3).tolist()
    [0.985, 0.89, -0.524]
    >>> dsu_map(["11112"], age="18-34", sex="male", country="UK", copula=False).tolist()
    [0.922]
    >>> values, errors = dsu_map([11111, 11111], age=[17, 70], sex="m", country="DE",
    ...                          errors="coerce", return_errors=True)
    >>> values.round(3).tolist(), [(e.row, e.field, e.kind) for e in errors]
    ([nan, 0.994], [(0, 'age', 'InvalidArgument')])
    """
    _one_column(states, "dsu_map")
    data, state_mask = _column(states)
    labels = states.index if _is_series(states) and hasattr(states, "index") else None
    age_data, age_mask = _per_row(age, "age", states)
    sex_data, _ = _per_row(sex, "sex", states)

    def call(d: Any, e: str, dec: Any, m: Any) -> Any:
        return _native.dsu_map(
            d, age_data, sex_data, country, direction, copula, codes, e, dec, m, age_mask
        )

    return _run(
        call, data, state_mask, errors, decimals, labels, None, return_errors,
        _wants_polars(states),
    )


# ---------------------------------------------------------------------------------------------
# profile analyses (defined in groupwell._analysis)

from ._analysis import (  # noqa: E402  (they use the helpers above)
    Pairs,
    cumulative_frequencies,
    health_profile_grid,
    hsdc,
    hsdi,
    level_frequencies,
    level_frequency_distribution,
    level_sum_distribution,
    pair,
    pchc,
    probability_of_superiority,
    shannon,
)
