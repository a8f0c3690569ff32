"""EQ-5D profile analyses (Devlin, Parkin & Janssen, *Methods for Analysing and Reporting EQ-5D
Data*, 2020, doi:10.1007/978-3-030-47622-9), re-exported by :mod:`groupwell.eq5d`.

Every number comes from the Rust core; this module reads the input and builds the pandas
tables. The tables need pandas (``pip install 'groupwell[pandas]'``): without it these
functions raise :class:`ImportError` naming pandas (:class:`Pairs` itself works without it,
except :attr:`Pairs.excluded`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from . import _native
from ._native import InvalidRowsError

if TYPE_CHECKING:
    from .eq5d import ValueSet

__all__ = [
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
]

#: The dimensions in questionnaire order (the order of every by-dimension result).
_DIMENSIONS: tuple[str, ...] = tuple(_native.dimensions())


def _pd(function: str) -> Any:
    """The pandas module, or an ImportError naming pandas and the function that needs it."""
    try:
        # Through importlib: pandas is optional, and its stubs too.
        pandas = importlib.import_module("pandas")
    except ImportError as e:
        raise ImportError(
            f"groupwell.eq5d.{function}() returns pandas objects and needs pandas: "
            "pip install 'groupwell[pandas]' (or pip install pandas)"
        ) from e
    return pandas


def _wants_polars(*xs: object) -> bool:
    from .eq5d import _wants_polars as wants

    return wants(*xs)


def _frame(
    function: str,
    columns: dict[str, Any],
    attrs: dict[str, Any] | None = None,
    like: Any = None,
    polars: bool = False,
) -> Any:
    """A pandas DataFrame of ``columns`` with ``attrs``; a polars DataFrame (no attrs; ``NaN``
    as null) when ``like`` is polars input or ``polars`` is true."""
    from .eq5d import _to_polars

    if polars or _wants_polars(like):
        pl = importlib.import_module("polars")
        return pl.DataFrame([_to_polars(np.asarray(v), k) for k, v in columns.items()])
    pd = _pd(function)
    df = pd.DataFrame(columns)
    if attrs:
        df.attrs.update(attrs)
    return df


def _ids(x: Any) -> Any:
    """An id column as the extension reads it (pandas to numpy; nullable ids as objects)."""
    from .eq5d import _is_arrow_column, _is_polars_series, _is_series, _is_table

    if _is_table(x):
        raise TypeError("ids must be one column, not a DataFrame")
    if _is_series(x):
        dtype = x.dtype
        if isinstance(dtype, np.dtype):
            return x.to_numpy(copy=False)
        return x.to_numpy(dtype=object, na_value=None)
    if _is_polars_series(x):
        if x.dtype.is_integer() and x.null_count() == 0:
            return x.to_numpy()
        return x.to_list()
    if _is_arrow_column(x):
        return x.to_pylist()
    return x


def _states(x: Any, function: str) -> tuple[Any, npt.NDArray[np.bool_] | None, Any]:
    """A column of states as ``(data, mask, index labels)`` (see ``ValueSet.score``)."""
    from .eq5d import _column, _is_series, _one_column

    _one_column(x, function)
    data, mask = _column(x)
    labels = x.index if _is_series(x) and hasattr(x, "index") else None
    return data, mask, labels


def _labelled(exc: InvalidRowsError, labels: Any) -> InvalidRowsError:
    from .eq5d import _with_labels

    exc.errors = _with_labels(exc.errors, labels)
    return exc


# ---------------------------------------------------------------------------------------------
# pairs


class Pairs:
    """Baseline and follow-up states matched by participant id (built by :func:`pair`): only
    complete, valid pairs, in the baseline's row order; the others are in :attr:`excluded`
    with the reason.

    >>> p = pair(["a", "b", "c"], ["21111", "11111", None], ["b", "a"], ["11111", "11111"],
    ...          instrument="3L")
    >>> len(p), p.ids.tolist(), p.pre_rows.tolist(), p.post_rows.tolist()
    (2, ['a', 'b'], [0, 1], [1, 0])
    >>> p.pre_codes.tolist(), p.post_codes.tolist()
    ([81, 0], [0, 0])
    >>> p.excluded_ids, p.exclusion_reasons
    (['c'], ['no follow-up'])
    """

    __slots__ = ("_native", "_polars")

    def __init__(self, native: _native.Pairs, polars: bool = False) -> None:
        self._native = native
        # Made from polars input: the tables of these pairs are polars DataFrames.
        self._polars = polars

    @property
    def n(self) -> int:
        """Number of pairs."""
        return len(self._native)

    def __len__(self) -> int:
        return len(self._native)

    @property
    def instrument(self) -> str | None:
        """The instrument of both timepoints, e.g. ``EQ-5D-3L``."""
        return self._native.instrument

    @property
    def ids(self) -> npt.NDArray[Any]:
        """The participant id of each pair: an int64 array for integer ids, an object array of
        strings for text ids."""
        ids = self._native.ids
        if isinstance(ids, np.ndarray):
            return ids
        out = np.empty(len(ids), dtype=object)
        out[:] = ids
        return out

    @property
    def pre_rows(self) -> npt.NDArray[np.uint64]:
        """The baseline row (0-based position in ``pre_states``) of each pair."""
        return self._native.pre_rows

    @property
    def post_rows(self) -> npt.NDArray[np.uint64]:
        """The follow-up row (0-based position in ``post_states``) of each pair."""
        return self._native.post_rows

    @property
    def pre_codes(self) -> npt.NDArray[np.uint16]:
        """The baseline state of each pair as a compact state code (``ValueSet.table`` row)."""
        return self._native.pre_codes

    @property
    def post_codes(self) -> npt.NDArray[np.uint16]:
        """The follow-up state of each pair as a compact state code."""
        return self._native.post_codes

    @property
    def excluded_ids(self) -> list[Any]:
        """The ids of the participants without a complete, valid pair (integers for integer
        ids)."""
        return self._native.excluded[0]

    @property
    def exclusion_reasons(self) -> list[str]:
        """Why each of :attr:`excluded_ids` has no pair: ``no follow-up``, ``no baseline``,
        ``baseline state missing``, ``follow-up state missing``, ``baseline state invalid``,
        ``follow-up state invalid`` (the first that applies, in that order)."""
        return self._native.excluded[1]

    @property
    def excluded(self) -> Any:
        """The excluded participants as a DataFrame with the columns ``id`` and ``reason``
        (see :attr:`exclusion_reasons`); needs pandas.

        >>> p = pair([1, 2, 3], ["11111", "11114", "11111"], [1, 2, 4], ["11112"] * 3,
        ...          instrument="3L")
        >>> p.excluded
           id                  reason
        0   2  baseline state invalid
        1   3            no follow-up
        2   4             no baseline
        """
        ids, reasons = self._native.excluded
        return _frame("Pairs.excluded", {"id": ids, "reason": reasons})

    def __repr__(self) -> str:
        return repr(self._native)


def pair(
    pre_ids: Any,
    pre_states: Any,
    post_ids: Any,
    post_states: Any,
    *,
    instrument: str,
    duplicates: Literal["error", "first", "last"] = "error",
) -> Pairs:
    """Matches baseline (``pre``) and follow-up (``post``) states by participant id, never by
    row order.

    States are given as :meth:`ValueSet.score` takes them (strings, five-digit integers, with
    ``None``/``NaN``/``pd.NA`` missing; lists, numpy arrays or pandas Series), each with an id
    column of the same length: all strings or all integers (a list, numpy integer or object
    array, or Series), the same type at both timepoints; a missing id is an
    :class:`~groupwell.InvalidArgumentError`. ``instrument`` (``"3L"``, ``"5L"``,
    ``"EQ-5D-Y-3L"``, …) is that of both columns: a state that is not valid for it (e.g.
    ``"55555"`` for 3L) is an invalid side.

    An id repeated within one timepoint raises :class:`~groupwell.InvalidArgumentError`
    naming the ids and rows, unless ``duplicates="first"`` or ``"last"`` picks a row. A
    participant with no follow-up or no baseline, or with a missing or invalid state on
    either side, is excluded and listed with the reason (:attr:`Pairs.excluded`): no error.
    All-missing input gives empty :class:`Pairs` (every analysis of them is then empty: counts
    0, percentages ``NaN``).

    >>> p = pair([10, 11, 12], ["11111", "21111", None], [12, 11, 10], [11111, 11111, 11111],
    ...          instrument="3L")
    >>> p.ids.tolist(), p.exclusion_reasons
    ([10, 11], ['baseline state missing'])
    >>> pair(["a", "a"], ["11111", "11111"], ["a"], ["11111"], instrument="3L")
    Traceback (most recent call last):
    ...
    groupwell.InvalidArgumentError: baseline ids = duplicate ids "a" (rows 0 and 1) is not valid: expected one row per participant (or duplicates="first"/"last")
    """
    pre, pre_mask, _ = _states(pre_states, "pair")
    post, post_mask, _ = _states(post_states, "pair")
    return Pairs(
        _native.pair(
            _ids(pre_ids),
            pre,
            _ids(post_ids),
            post,
            instrument,
            duplicates,
            pre_mask,
            post_mask,
        ),
        _wants_polars(pre_ids, pre_states, post_ids, post_states),
    )


def _check_pairs(pairs: object) -> Pairs:
    if not isinstance(pairs, Pairs):
        raise TypeError(
            f"expected Pairs (from groupwell.eq5d.pair()), not {type(pairs).__name__}"
        )
    return pairs


def _pchc_frame(table: dict[str, Any], dimension: str | None) -> dict[str, Any]:
    cols: dict[str, Any] = {}
    if dimension is not None:
        cols["dimension"] = [dimension] * len(table["category"])
    cols["category"] = table["category"]
    cols["number"] = np.asarray(table["number"], dtype=np.int64)
    cols["percent"] = np.asarray(table["percent"], dtype=np.float64)
    return cols


def pchc(
    pairs: Pairs,
    *,
    no_problems: bool = False,
    totals: bool = False,
    by_dimension: bool = False,
) -> Any:
    """The Paretian Classification of Health Change: a DataFrame with the columns
    ``category`` (``No change``, ``Improve``, ``Worsen``, ``Mixed change``, then the total row
    ``Total`` or ``Total with problems``, then ``No problems``), ``number`` and ``percent``
    (unrounded). ``attrs["pairs"]`` is the number of pairs.

    ``no_problems=True`` counts ``11111`` at both timepoints as ``No problems`` instead of
    ``No change``. ``totals=True`` adds the total row. Percentages are of all pairs, except
    that with both on, the four change categories are percentages of ``Total with problems``
    (the convention of Devlin, Parkin & Janssen and of the R package eq5d), which itself and
    ``No problems`` are percentages of all pairs. ``by_dimension=True`` classifies each
    dimension's level instead (no ``Mixed change``), with a first column ``dimension``
    (``MO`` … ``AD``). No pairs: every number 0, every percentage ``NaN``.

    >>> p = pair(["a", "b", "c"], ["21111", "11111", "11111"], ["a", "b", "c"],
    ...          ["11111", "11111", "12111"], instrument="3L")
    >>> pchc(p, no_problems=True, totals=True)
                  category  number     percent
    0            No change       0    0.000000
    1              Improve       1   50.000000
    2               Worsen       1   50.000000
    3         Mixed change       0    0.000000
    4  Total with problems       2   66.666667
    5          No problems       1   33.333333
    >>> pchc(p, by_dimension=True).query("dimension == 'MO'")
      dimension   category  number    percent
    0        MO  No change       2  66.666667
    1        MO    Improve       1  33.333333
    2        MO     Worsen       0   0.000000
    """
    native = _check_pairs(pairs)._native
    if not by_dimension:
        t = native.pchc(no_problems, totals)
        return _frame("pchc", _pchc_frame(t, None), {"pairs": t["pairs"]}, polars=pairs._polars)
    tables = native.pchc_by_dimension(no_problems, totals)
    parts = [_pchc_frame(t, d) for t, d in zip(tables, _DIMENSIONS)]
    cols: dict[str, Any] = {k: [v for part in parts for v in part[k]] for k in parts[0]}
    cols["number"] = np.asarray(cols["number"], dtype=np.int64)
    cols["percent"] = np.asarray(cols["percent"], dtype=np.float64)
    return _frame("pchc", cols, {"pairs": tables[0]["pairs"]}, polars=pairs._polars)


def probability_of_superiority(pairs: Pairs) -> Any:
    """The probability of superiority of each dimension, ``(improved + ½ unchanged) / pairs``:
    the chance that a participant is better off at follow-up, ties split. A Series indexed by
    dimension (``MO`` … ``AD``); ``NaN`` with no pairs.

    >>> p = pair(["a", "b"], ["21111", "11111"], ["a", "b"], ["11111", "11111"],
    ...          instrument="3L")
    >>> probability_of_superiority(p).tolist()
    [0.75, 0.5, 0.5, 0.5, 0.5]
    """
    values = _check_pairs(pairs)._native.probability_of_superiority()
    pd = _pd("probability_of_superiority")
    return pd.Series(
        values,
        index=pd.Index(list(_DIMENSIONS), name="dimension"),
        name="probability_of_superiority",
        dtype=np.float64,
    )


def health_profile_grid(
    pairs: Pairs,
    value_set: ValueSet | str,
    *,
    no_problems: bool = False,
    decimals: int | None = None,
) -> Any:
    """The Health Profile Grid: each pair's baseline and follow-up states ranked among all
    states of the instrument by their value under ``value_set`` (1 = best; ties share the
    smallest rank, as the R package eq5d ranks them), and the pair's PCHC category.

    A DataFrame with one row per pair (in the order of the pairs): ``id``, ``pre_rank``,
    ``post_rank``, ``change`` (a categorical of the PCHC labels; ``no_problems`` as in
    :func:`pchc`); ``attrs["states"]`` is the number of states (the largest rank). Plot
    ``pre_rank`` against ``post_rank``: points below the diagonal improved. ``value_set`` is a
    :class:`ValueSet` or a name for :func:`value_set` (looked up for the pairs' instrument);
    one for another instrument raises :class:`~groupwell.InstrumentMismatchError`.
    ``decimals`` compares values rounded to that many decimals (``3`` reproduces the R
    package eq5d for sets with more decimals); by default at full precision.

    >>> p = pair(["a", "b"], ["22322", "11111"], ["a", "b"], ["12222", "11112"],
    ...          instrument="3L")
    >>> health_profile_grid(p, "UK")
      id  pre_rank  post_rank   change
    0  a        95         30  Improve
    1  b         1          4   Worsen
    """
    from .eq5d import ValueSet as _ValueSet
    from .eq5d import value_set as _find

    native = _check_pairs(pairs)._native
    if isinstance(value_set, str):
        vs = _find(value_set, native.instrument)
    elif isinstance(value_set, _ValueSet):
        vs = value_set
    else:
        raise TypeError(f"value_set must be a ValueSet or a name, not {type(value_set).__name__}")
    pre, post, change, states = native.health_profile_grid(vs._native, no_problems, decimals)
    pd = _pd("health_profile_grid")
    categories = _native.change_labels()
    return _frame(
        "health_profile_grid",
        {
            "id": pairs.ids,
            "pre_rank": pre,
            "post_rank": post,
            "change": pd.Categorical.from_codes(change.astype(np.int8), categories=categories),
        },
        {"states": states},
    )


# ---------------------------------------------------------------------------------------------
# one column of states


def _counts(states: Any, instrument: str, errors: str, function: str) -> _native.StateCounts:
    data, mask, labels = _states(states, function)
    try:
        return _native.state_counts(data, instrument, errors, mask)
    except InvalidRowsError as exc:
        raise _labelled(exc, labels) from None


def _left_out(c: _native.StateCounts) -> dict[str, Any]:
    return {"n": c.n, "missing": c.missing, "invalid": c.invalid}


def _groups(groups: Any, states: Any) -> list[str]:
    """Group labels as strings (other labels through ``str()``); a missing label is an error."""
    from .eq5d import _is_arrow_column, _is_polars_series, _is_series, _is_table

    if _is_table(groups):
        raise TypeError("groups must be one column, not a DataFrame")
    if _is_polars_series(groups):
        groups = groups.to_list()
    elif _is_arrow_column(groups):
        groups = groups.to_pylist()
    if _is_series(groups) and _is_series(states) and not groups.index.equals(states.index):
        raise _native.invalid_argument(
            "groups",
            "a Series whose index differs from the index of the data",
            "the same index (or a list or array, matched by position)",
        )
    if _is_series(groups):
        groups = groups.to_numpy(dtype=object, na_value=None)
    if isinstance(groups, (str, bytes)):
        raise TypeError("groups must be a column of labels, not a single string")
    if isinstance(groups, np.ndarray) and groups.dtype.kind == "U":
        return groups.tolist()  # type: ignore[no-any-return]
    labels = list(groups)
    if all(type(g) is str for g in labels):
        return labels
    out: list[str] = []
    for row, g in enumerate(labels):
        if g is None or (isinstance(g, (float, np.floating)) and g != g) or type(g).__name__ in (
            "NAType",
            "NaTType",
        ):
            raise _native.invalid_argument(
                "groups", f"a missing label at row {row}", "a group label on every row"
            )
        out.append(g if isinstance(g, str) else str(g))
    return out


def _level_rows(
    counts: list[list[int]], percents: list[list[float]]
) -> tuple[list[str], list[int], list[int], list[float]]:
    dims: list[str] = []
    levels: list[int] = []
    ns: list[int] = []
    pcts: list[float] = []
    for d, row_n, row_p in zip(_DIMENSIONS, counts, percents):
        for level, (k, p) in enumerate(zip(row_n, row_p), start=1):
            dims.append(d)
            levels.append(level)
            ns.append(k)
            pcts.append(p)
    return dims, levels, ns, pcts


def level_frequencies(
    states: Any,
    *,
    instrument: str,
    groups: Any = None,
    errors: Literal["raise", "coerce"] = "raise",
) -> Any:
    """Counts and percentages of each level of each dimension: a long DataFrame with the
    columns ``dimension`` (``MO`` … ``AD``), ``level`` (1 … 3 or 5), ``count`` and
    ``percent`` (of the valid states, unrounded; ``NaN`` when there are none).

    ``states`` as for :func:`pair`, read for ``instrument``. Missing states are left out; an
    invalid one raises :class:`~groupwell.InvalidRowsError` naming every invalid row, or with
    ``errors="coerce"`` is left out too. ``attrs`` holds ``n`` (valid states), ``missing``
    and ``invalid``. With ``groups`` (one label per row: a program, a unit, a timepoint …;
    labels are compared and returned as strings, in ascending order) the table has a first
    column ``group`` and ``attrs`` maps each group to its ``n``, ``missing`` and ``invalid``.
    For each timepoint, call it on the timepoint's column (or pass the timepoint as the group).

    >>> f = level_frequencies(["11111", "31111", None], instrument="3L")
    >>> f.head(3)
      dimension  level  count  percent
    0        MO      1      1     50.0
    1        MO      2      0      0.0
    2        MO      3      1     50.0
    >>> f.attrs
    {'n': 2, 'missing': 1, 'invalid': 0}
    >>> g = level_frequencies(["21111", "11111", "11111"], instrument="3L",
    ...                       groups=["west", "east", "west"])
    >>> g[(g.dimension == "MO") & (g.level <= 2)]
      group dimension  level  count  percent
    0  east        MO      1      1    100.0
    1  east        MO      2      0      0.0
    15 west        MO      1      1     50.0
    16 west        MO      2      1     50.0
    """
    if groups is None:
        c = _counts(states, instrument, errors, "level_frequencies")
        counts, percents = c.level_frequencies()
        dims, levels, ns, pcts = _level_rows(counts, percents)
        return _frame(
            "level_frequencies",
            {
                "dimension": dims,
                "level": np.asarray(levels, dtype=np.int64),
                "count": np.asarray(ns, dtype=np.int64),
                "percent": np.asarray(pcts, dtype=np.float64),
            },
            _left_out(c),
            like=states,
        )
    labels = _groups(groups, states)
    data, mask, row_labels = _states(states, "level_frequencies")
    try:
        by = _native.level_frequencies_by_group(data, instrument, labels, errors, mask)
    except InvalidRowsError as exc:
        raise _labelled(exc, row_labels) from None
    cols: dict[str, list[Any]] = {"group": [], "dimension": [], "level": [], "count": [], "percent": []}
    attrs: dict[str, Any] = {"n": {}, "missing": {}, "invalid": {}}
    for group, counts, percents, n, missing, invalid in by:
        dims, levels, ns, pcts = _level_rows(counts, percents)
        cols["group"].extend([group] * len(dims))
        cols["dimension"].extend(dims)
        cols["level"].extend(levels)
        cols["count"].extend(ns)
        cols["percent"].extend(pcts)
        attrs["n"][group] = n
        attrs["missing"][group] = missing
        attrs["invalid"][group] = invalid
    return _frame(
        "level_frequencies",
        {
            "group": cols["group"],
            "dimension": cols["dimension"],
            "level": np.asarray(cols["level"], dtype=np.int64),
            "count": np.asarray(cols["count"], dtype=np.int64),
            "percent": np.asarray(cols["percent"], dtype=np.float64),
        },
        attrs,
        like=states,
    )


def cumulative_frequencies(
    states: Any, *, instrument: str, errors: Literal["raise", "coerce"] = "raise"
) -> Any:
    """The cumulative frequency table of states (``eq5dcf`` in the R package eq5d): the
    observed states from the most to the least frequent (ties by state, ``11111`` first), with
    the columns ``state`` (five digits, a string), ``frequency``, ``percent``,
    ``cumulative_frequency`` and ``cumulative_percent`` (percentages of the valid states,
    unrounded: R's ``eq5dcf`` rounds them to 1 decimal). Input, ``errors`` and ``attrs`` as
    in :func:`level_frequencies`; no valid state gives an empty table.

    >>> cumulative_frequencies(["22222", "11111", "22222", "11112"], instrument="3L")
       state  frequency  percent  cumulative_frequency  cumulative_percent
    0  22222          2     50.0                     2                50.0
    1  11111          1     25.0                     3                75.0
    2  11112          1     25.0                     4               100.0
    """
    c = _counts(states, instrument, errors, "cumulative_frequencies")
    st, freq, pct, cfreq, cpct = c.cumulative_frequencies()
    return _frame(
        "cumulative_frequencies",
        {
            "state": pd_strings(st),
            "frequency": np.asarray(freq, dtype=np.int64),
            "percent": np.asarray(pct, dtype=np.float64),
            "cumulative_frequency": np.asarray(cfreq, dtype=np.int64),
            "cumulative_percent": np.asarray(cpct, dtype=np.float64),
        },
        _left_out(c),
        like=states,
    )


def pd_strings(values: list[str]) -> npt.NDArray[Any]:
    """Strings as an object array (pandas' classic string column)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def hsdc(states: Any, *, instrument: str, errors: Literal["raise", "coerce"] = "raise") -> Any:
    """The Health State Density Curve: the cumulative proportion of observations
    (``cumulative_observations``, y) against the cumulative proportion of distinct observed
    states (``cumulative_states``, x), states ordered from the most to the least frequent; the
    first row is the origin. ``attrs`` holds ``hsdi`` (see :func:`hsdi`), ``distinct`` (the
    number of distinct states) and ``n``, ``missing``, ``invalid`` as in
    :func:`level_frequencies`.

    >>> h = hsdc(["11111", "11111", "11111", "21111"], instrument="3L")
    >>> h
       cumulative_states  cumulative_observations
    0                0.0                     0.00
    1                0.5                     0.75
    2                1.0                     1.00
    >>> h.attrs["hsdi"], h.attrs["distinct"]
    (0.75, 2)
    """
    c = _counts(states, instrument, errors, "hsdc")
    xs, ys, index, distinct = c.hsdc()
    attrs = {"hsdi": index, "distinct": distinct, **_left_out(c)}
    return _frame(
        "hsdc",
        {
            "cumulative_states": np.asarray(xs, dtype=np.float64),
            "cumulative_observations": np.asarray(ys, dtype=np.float64),
        },
        attrs,
        like=states,
    )


def hsdi(states: Any, *, instrument: str, errors: Literal["raise", "coerce"] = "raise") -> float:
    """The Health State Density Index: twice the area between the HSDC and the y axis (the
    trapezoid rule, as the R package eq5d's ``hsdi()``). 1 when every observed state is
    equally frequent, towards 0 as the observations crowd into few states; ``nan`` with no
    valid state. Input and ``errors`` as in :func:`level_frequencies`; needs no pandas.

    >>> hsdi(["11111", "11111", "11111", "21111"], instrument="3L")
    0.75
    """
    c = _counts(states, instrument, errors, "hsdi")
    return c.hsdc()[2]


def shannon(
    states: Any,
    *,
    instrument: str,
    by: Literal["profile", "dimension"] = "profile",
    h_max: Literal["possible", "observed"] = "possible",
    errors: Literal["raise", "coerce"] = "raise",
) -> Any:
    """Shannon's indices (log base 2): ``h`` = H′ (the diversity, in bits), ``h_max`` = H′max
    (its largest possible value) and ``j`` = J′ = H′ / H′max (the evenness, 0 … 1).

    ``by="profile"`` (the default) gives one row for whole states; ``by="dimension"`` five
    rows, of each dimension's levels, with a first column ``dimension``. ``h_max="possible"``
    counts every possible category (243 or 3125 states, 3 or 5 levels; the R package eq5d's
    default), ``"observed"`` only the observed ones. With no valid state every index is
    ``nan``; with one category J′ is ``nan``. Input, ``errors`` and ``attrs`` as in
    :func:`level_frequencies`.

    >>> shannon(["11111", "11111", "11112", "11113"], instrument="3L", h_max="observed")
         h     h_max         j
    0  1.5  1.584963  0.946395
    >>> shannon(["11111", "21111"], instrument="3L", by="dimension").loc[:1]
      dimension    h     h_max        j
    0        MO  1.0  1.584963  0.63093
    1        SC  0.0  1.584963  0.00000
    """
    if by not in ("profile", "dimension"):
        raise _native.invalid_argument("by", repr(by), '"profile" or "dimension"')
    c = _counts(states, instrument, errors, "shannon")
    if by == "profile":
        h, hm, j = c.shannon_profile(h_max)
        cols: dict[str, Any] = {"h": [h], "h_max": [hm], "j": [j]}
    else:
        rows = c.shannon_by_dimension(h_max)
        cols = {
            "dimension": list(_DIMENSIONS),
            "h": [r[0] for r in rows],
            "h_max": [r[1] for r in rows],
            "j": [r[2] for r in rows],
        }
    for k in ("h", "h_max", "j"):
        cols[k] = np.asarray(cols[k], dtype=np.float64)
    return _frame("shannon", cols, _left_out(c), like=states)


def level_sum_distribution(
    states: Any, *, instrument: str, errors: Literal["raise", "coerce"] = "raise"
) -> Any:
    """The distribution of the level sum score (LSS, the sum of the five levels): one row per
    possible score, ``5`` … ``15`` (3L) or ``5`` … ``25`` (5L), zero counts included, with the
    columns ``score``, ``frequency`` and ``percent``. Input, ``errors`` and ``attrs`` as in
    :func:`level_frequencies`.

    >>> d = level_sum_distribution(["11111", "11112", "12111", "33333"], instrument="3L")
    >>> d.head(3)
       score  frequency  percent
    0      5          1     25.0
    1      6          2     50.0
    2      7          0      0.0
    """
    c = _counts(states, instrument, errors, "level_sum_distribution")
    scores, freq, pct = c.level_sum_distribution()
    return _frame(
        "level_sum_distribution",
        {
            "score": np.asarray(scores, dtype=np.int64),
            "frequency": np.asarray(freq, dtype=np.int64),
            "percent": np.asarray(pct, dtype=np.float64),
        },
        _left_out(c),
        like=states,
    )


def level_frequency_distribution(
    states: Any, *, instrument: str, errors: Literal["raise", "coerce"] = "raise"
) -> Any:
    """The distribution of the level frequency score (LFS: how many dimensions are at each
    level, one digit per level from level 1 up, e.g. ``"221"`` for ``12123``): one row per
    possible score (21 for 3L, 126 for 5L), zero counts included, from ``"500"`` /
    ``"50000"`` (no problems) down to ``"005"`` / ``"00005"``, with the columns ``score`` (a
    string), ``frequency`` and ``percent``. Input, ``errors`` and ``attrs`` as in
    :func:`level_frequencies`.

    >>> d = level_frequency_distribution(["11111", "12123", "11223"], instrument="3L")
    >>> d[d.frequency > 0]
      score  frequency    percent
    0   500          1  33.333333
    7   221          2  66.666667
    """
    c = _counts(states, instrument, errors, "level_frequency_distribution")
    scores, freq, pct = c.level_frequency_distribution()
    return _frame(
        "level_frequency_distribution",
        {
            "score": pd_strings(scores),
            "frequency": np.asarray(freq, dtype=np.int64),
            "percent": np.asarray(pct, dtype=np.float64),
        },
        _left_out(c),
        like=states,
    )


def _summary_frame(
    rows: list[tuple[str | None, dict[str, Any]]], grouped: bool, function: str, like: Any
) -> Any:
    names = ["n", "missing", "mean", "sd", "se", "ci_lower", "ci_upper", "median", "q1", "q3",
             "min", "max"]
    cols: dict[str, Any] = {}
    if grouped:
        cols["group"] = pd_strings([g or "" for g, _ in rows])
    for k in names:
        dtype = np.int64 if k in ("n", "missing") else np.float64
        cols[k] = np.asarray([s[k] for _, s in rows], dtype=dtype)
    confidence = rows[0][1]["confidence"] if rows else None
    return _frame(function, cols, {"confidence": confidence}, like=like)


def _values(values: Any) -> tuple[Any, npt.NDArray[np.bool_] | None]:
    from .eq5d import _column, _one_column

    _one_column(values, "summary")
    return _column(values)


def summary(values: Any, *, groups: Any = None, confidence: float = 0.95) -> Any:
    """Summary statistics of scores (index values, EQ VAS, scale totals): a DataFrame with
    one row (or one per group) and the columns ``n``, ``missing``, ``mean``, ``sd``, ``se``,
    ``ci_lower``, ``ci_upper``, ``median``, ``q1``, ``q3``, ``min`` and ``max``.

    ``NaN``, ``None`` and ``pd.NA`` are missing: counted in ``missing`` and left out. The SD
    has ``n − 1`` in the denominator; the confidence interval of the mean is the t interval
    at ``confidence`` (``attrs["confidence"]``, default 0.95; strictly between 0 and 1);
    quartiles interpolate linearly (R's default, ``type = 7``). With fewer than two values the
    SD, SE and interval are ``nan``; with none every statistic is ``nan`` and ``n`` is 0.
    ``groups`` (one label per value; labels as strings, in ascending order) gives a first
    column ``group``. For timepoints, summarise each timepoint's column, or pass the
    timepoint as the group.

    >>> from groupwell.stats import summary
    >>> summary([0.5, 0.7, None, 0.9, 1.0])[["n", "missing", "mean", "ci_lower", "ci_upper"]]
       n  missing   mean  ci_lower  ci_upper
    0  4        1  0.775  0.422169  1.127831
    >>> summary([0.8, 0.6, 0.4, 1.0], groups=["b", "b", "b", "a"])[["group", "n", "mean", "sd"]]
      group  n  mean   sd
    0     a  1   1.0  NaN
    1     b  3   0.6  0.2
    """
    data, mask = _values(values)
    if groups is None:
        rows = _native.summary(data, None, float(confidence), mask)
        return _summary_frame(rows, False, "summary", values)
    labels = _groups(groups, values)
    rows = _native.summary(data, labels, float(confidence), mask)
    return _summary_frame(rows, True, "summary", values)

