"""Summed scales: SCI-93 built in, and user-defined scales from JSON or a dict.

A :class:`Scale` scores one response (:meth:`Scale.score`) or many (:meth:`Scale.score_batch`).
SCI-93 has 35 items ``"1"`` … ``"35"``, each answered 0–5; the total is their sum (0–175,
higher = more stress symptoms). With at most 3 items missing the total is prorated (the mean of
the answered items × 35); with more there is no score, which is not an error::

    >>> from groupwell.scales import sci93
    >>> sci = sci93()
    >>> sci.score([2] * 35).total
    70.0
    >>> s = sci.score([None, None, None] + [2] * 32)
    >>> s.total, s.answered, s.prorated
    (70.0, 32, True)
    >>> print(sci.score([None] * 4 + [2] * 31).total)
    None

An invalid answer (outside 0–5, a fraction such as ``2.7``, text that is not a number) raises
an error naming the item, and in a batch the row too. Exports coded one higher (1–6) are read
with an explicit ``offset=1``; the coding is never guessed::

    >>> sci.score([3] * 35, offset=1).total
    70.0
    >>> sci.score([6] * 35)
    Traceback (most recent call last):
    ...
    groupwell.InvalidArgumentError: item 1 = 6 is not valid: expected an integer 0..=5 (SCI-93)

A batch is an ``(n, items)`` numpy array (any integer or float dtype, C or Fortran order), a
pandas DataFrame whose item columns are found by name, or a list of rows; it gives
:class:`ScaleScores` (numpy arrays; :meth:`ScaleScores.to_frame` for a DataFrame)::

    >>> import numpy as np
    >>> out = sci.score_batch(np.array([[1] * 35, [5] * 35, [9] + [0] * 34]), errors="coerce")
    >>> out.total.tolist()
    [35.0, 175.0, nan]
    >>> [(e.row, e.field) for e in out.errors]
    [(2, '1')]

Which answer is valid, how missing items are prorated and which band a total lies in is decided
by the Rust core, the same for Python, the browser and Rust.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from . import _native
from ._native import InvalidRowsError
from .eq5d import (
    RowError,
    _column,
    _is_arrow_column,
    _is_polars_series,
    _is_series,
    _is_table,
    _native_numeric,
    _table_parts,
    _to_polars,
    _wants_polars,
    _with_labels,
)

__all__ = [
    "Band",
    "RowError",
    "Scale",
    "ScaleScore",
    "ScaleScores",
    "from_dict",
    "from_json",
    "sci93",
]

#: The ``errors=`` argument of :meth:`Scale.score_batch`.
Errors: TypeAlias = Literal["raise", "coerce"]
FloatArray: TypeAlias = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Band:
    """An interpretation band of the total: a label and an inclusive score range.

    >>> Band("moderate", 11.0, 15.0)
    Band(label='moderate', min=11.0, max=15.0)
    """

    label: str
    min: float
    max: float


@dataclass(frozen=True)
class ScaleScore:
    """The score of one response (:meth:`Scale.score`).

    ``total`` is ``None`` when more items are missing than the scale's rule allows;
    ``subscales`` maps each subscale's name to its score (``None`` likewise, by the subscale's
    own rule); ``answered`` counts the answered items; ``prorated`` tells whether the total was
    prorated (some items missing, within the rule); ``band`` is the label of the band the total
    lies in, if any.
    """

    total: float | None
    subscales: dict[str, float | None]
    answered: int
    prorated: bool
    band: str | None


@dataclass(frozen=True, eq=False, repr=False)
class ScaleScores:
    """The scores of a batch (:meth:`Scale.score_batch`), one entry per input row in each array.

    - ``total``: float64, ``NaN`` where there is no score (too many items missing) or the row
      is invalid (``errors="coerce"``);
    - ``answered``: int64, the number of valid answers per row;
    - ``prorated``: bool, whether the row's total was prorated;
    - ``band``: an object array of band labels (``None`` outside every band, without a total,
      or when the scale has no bands);
    - ``subscales``: subscale name → float64 array (``NaN`` as for ``total``);
    - ``errors``: the invalid cells with ``errors="coerce"``, as :class:`RowError`
      ``(row, field, message, label, kind)`` with ``field`` the item id and ``label`` the
      pandas index label (``None`` for other input);
    - ``missing``: how many valid rows had too many items missing for a score;
    - ``index``: the pandas index of DataFrame input (``None`` otherwise);
    - ``scale_id``: the scale's id; ``band_labels``: the labels of the scale's bands.

    >>> out = sci93().score_batch([[1] * 35, [None] * 35])
    >>> len(out), out.total.tolist(), out.missing, out.invalid
    (2, [35.0, nan], 1, 0)
    """

    scale_id: str
    total: FloatArray
    answered: npt.NDArray[np.int64]
    prorated: npt.NDArray[np.bool_]
    band: npt.NDArray[np.object_]
    subscales: dict[str, FloatArray]
    errors: list[RowError]
    missing: int
    index: Any = None
    band_labels: tuple[str, ...] = ()
    backend: Literal["pandas", "polars"] = "pandas"

    def __len__(self) -> int:
        return len(self.total)

    @property
    def invalid(self) -> int:
        """The number of invalid rows (``errors="coerce"``)."""
        return len({e.row for e in self.errors})

    def to_frame(self, backend: Literal["pandas", "polars"] | None = None) -> Any:
        """The scores as a pandas DataFrame with the input's index (a DataFrame input's, else
        ``0 … n-1``): ``total``, one column per subscale (named by the subscale; a name that
        clashes with another column gets ``_subscale`` appended), ``answered``, ``prorated``,
        and ``band`` when the scale has bands. ``attrs`` holds ``scale``, ``n``, ``missing``
        and ``invalid``. Needs pandas.

        ``backend="polars"`` gives a polars DataFrame instead (no index; ``NaN`` as null); it
        is the default when the scores came from polars input (``backend=None``).

        >>> import pandas as pd
        >>> df = pd.DataFrame({str(i): [2, 2, None] for i in range(1, 36)}, index=["p1", "p2", "p3"])
        >>> df.loc["p2", "7"] = None
        >>> sci93().score_batch(df).to_frame()
              total  answered  prorated
        p1  70.0000        35     False
        p2  70.0000        34      True
        p3      NaN         0     False
        """
        backend = self.backend if backend is None else backend
        if backend not in ("pandas", "polars"):
            raise _native.invalid_argument("backend", repr(backend), "'pandas' or 'polars'")
        fixed = {"total", "answered", "prorated", "band"}
        cols: dict[str, Any] = {"total": self.total}
        for name, values in self.subscales.items():
            cols[f"{name}_subscale" if name in fixed else name] = values
        cols["answered"] = self.answered
        cols["prorated"] = self.prorated
        if self.band_labels:
            cols["band"] = self.band
        if backend == "polars":
            try:
                pl = importlib.import_module("polars")
            except ImportError as e:
                raise ImportError(
                    "ScaleScores.to_frame(backend='polars') needs polars: pip install polars"
                ) from e
            return pl.DataFrame([_to_polars(v, k) for k, v in cols.items()])
        try:
            pd = importlib.import_module("pandas")
        except ImportError as e:
            raise ImportError(
                "ScaleScores.to_frame() returns a pandas DataFrame and needs pandas: "
                "pip install 'groupwell[pandas]' (or pip install pandas)"
            ) from e
        df = pd.DataFrame(cols, index=self.index)
        df.attrs.update(
            {"scale": self.scale_id, "n": len(self), "missing": self.missing,
             "invalid": self.invalid}
        )
        return df

    def __repr__(self) -> str:
        return (
            f"<ScaleScores {self.scale_id}: {len(self)} rows, {self.missing} without a score, "
            f"{self.invalid} invalid>"
        )


# ---------------------------------------------------------------------------------------------
# finding item columns (names only; validity is the core's decision)


def _label_key(label: Any) -> str | None:
    """A column label as an item id: a string (stripped), or an int for numbered items."""
    if isinstance(label, str):
        return label.strip()
    if isinstance(label, (int, np.integer)) and not isinstance(label, (bool, np.bool_)):
        return str(int(label))
    return None


def _position(names: Sequence[Any], name: Any) -> int:
    hits = [i for i, n in enumerate(names) if n == name]
    if len(hits) != 1:
        raise _native.invalid_argument(
            "columns",
            repr(name),
            "a column of the data" if not hits else "a column name that is not repeated",
        )
    return hits[0]


def _find_item_columns(
    items: list[str], scale_id: str, names: Sequence[Any], columns: Any
) -> list[tuple[str, int]]:
    """``(item id, position in names)`` for the item columns."""
    if columns is None:
        keys = [_label_key(n) for n in names]
        out: list[tuple[str, int]] = []
        absent: list[str] = []
        used: dict[int, str] = {}
        for item in items:
            exact = [i for i, k in enumerate(keys) if k == item]
            hits = exact or [
                i for i, k in enumerate(keys) if k is not None and k.casefold() == item.casefold()
            ]
            if not hits:
                absent.append(item)
                continue
            if len(hits) > 1:
                raise _native.invalid_argument(
                    "columns",
                    f"columns {', '.join(repr(names[i]) for i in hits)} for item {item!r}",
                    "one column per item (or columns={item id: column name, ...})",
                )
            if hits[0] in used:
                raise _native.invalid_argument(
                    "columns",
                    f"column {names[hits[0]]!r} for items {used[hits[0]]!r} and {item!r}",
                    "one column per item (or columns={item id: column name, ...})",
                )
            used[hits[0]] = item
            out.append((item, hits[0]))
        if absent:
            shown = ", ".join(absent[:10]) + (f" and {len(absent) - 10} more" if len(absent) > 10 else "")
            raise _native.invalid_argument(
                "columns",
                f"no column for item {shown}" if len(absent) == 1 else f"no columns for items {shown}",
                f"one column per item of {scale_id}, named by the item id (case-insensitively; "
                "int labels for numbered items), or columns={item id: column name, ...}",
            )
        return out
    if isinstance(columns, Mapping):
        # Unknown item ids and absent items are reported by the core.
        chosen: list[tuple[str, int]] = []
        for key, name in columns.items():
            as_id = _label_key(key)
            chosen.append((str(key) if as_id is None else as_id, _position(names, name)))
        return chosen
    if isinstance(columns, Sequence) and not isinstance(columns, str):
        if len(columns) != len(items):
            raise _native.invalid_argument(
                "columns",
                f"a sequence of {len(columns)} names",
                f"{len(items)} column names, one per item of {scale_id} in item order, or a "
                "mapping {item id: column name, ...}",
            )
        return [(item, _position(names, name)) for item, name in zip(items, columns)]
    raise _native.invalid_argument(
        "columns",
        repr(columns),
        "a mapping {item id: column name, ...} or the column names in item order",
    )


# ---------------------------------------------------------------------------------------------
# the scale


class Scale:
    """A validated summed scale: the built-in SCI-93 (:meth:`sci93`) or a user-defined one
    (:meth:`from_json`, :meth:`from_dict`).

    >>> sci = Scale.sci93()
    >>> sci
    <Scale SCI-93 (35 items, total sum 0..175, higher is worse)>
    >>> sci.id, sci.name, len(sci.items), sci.items[:3]
    ('SCI-93', 'Stress and Crisis Inventory 1993', 35, ['1', '2', '3'])
    >>> sci.total_range, sci.direction, sci.max_missing, sci.bands
    ((0.0, 175.0), 'higher_is_worse', 3, [])
    """

    __slots__ = ("_native",)

    def __init__(self, native: _native.Scale) -> None:
        if not isinstance(native, _native.Scale):
            raise TypeError(
                "use Scale.sci93(), Scale.from_json() or Scale.from_dict() to build a Scale"
            )
        self._native = native

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def sci93(cls) -> Scale:
        """The built-in SCI-93 (Stress and Crisis Inventory 1993) in its commonly cited form:
        35 items answered 0–5, total = sum, prorated with at most 3 items missing. Item numbers
        only: the licensed item wording is not included.

        >>> Scale.sci93().to_dict()["doi"]
        '10.3109/08039488.2014.915580'
        """
        return cls(_native.Scale.sci93())

    @classmethod
    def from_json(cls, text: str) -> Scale:
        """A scale from its JSON definition: ``id``, ``name``, ``items``, ``range``
        (``{"min": .., "max": ..}``), ``direction`` (``higher_is_worse`` or
        ``higher_is_better``), and optionally ``item_ranges``, ``reverse``, ``subscales``,
        ``total`` (``sum`` or ``mean``), ``missing`` (``{"max_missing": k}``), ``bands``,
        ``citation``, ``doi``, ``notes``. Unknown fields and invalid definitions (a repeated
        item, an empty range, overlapping bands …) raise :class:`~groupwell.JsonError` or
        :class:`~groupwell.InvalidDefinitionError` naming the field.

        >>> s = Scale.from_json('''{"id": "demo", "name": "Demo", "items": ["a", "b", "c"],
        ...   "range": {"min": 1, "max": 4}, "reverse": ["c"], "direction": "higher_is_better"}''')
        >>> s.score({"a": 4, "b": 3, "c": 1}).total
        11.0
        >>> Scale.from_json('''{"id": "x", "name": "X", "items": ["a", "a"],
        ...   "range": {"min": 0, "max": 3}, "direction": "higher_is_worse"}''')
        Traceback (most recent call last):
        ...
        groupwell.InvalidDefinitionError: definition "x": items[1]: item "a" is listed twice (also at items[0])
        """
        if not isinstance(text, str):
            raise TypeError(f"the definition must be JSON text (a str), not {type(text).__name__}")
        return cls(_native.Scale.from_json(text))

    @classmethod
    def from_dict(cls, definition: Mapping[str, Any]) -> Scale:
        """A scale from its definition as a dict, with the fields of :meth:`from_json`.

        >>> d = Scale.sci93().to_dict()
        >>> d["id"], d["missing"]
        ('SCI-93', {'max_missing': 3})
        >>> d["id"], d["missing"]["max_missing"] = "SCI-93-strict", 0
        >>> strict = Scale.from_dict(d)
        >>> print(strict.score([None] + [2] * 34).total)
        None
        >>> d["range"] = {"min": 5, "max": 0}
        >>> Scale.from_dict(d)
        Traceback (most recent call last):
        ...
        groupwell.InvalidDefinitionError: definition "SCI-93-strict": range: empty range: min 5 is greater than max 0
        """
        if not isinstance(definition, Mapping):
            raise TypeError(
                f"the definition must be a mapping (a dict), not {type(definition).__name__}"
            )

        def plain(x: Any) -> Any:
            if isinstance(x, np.generic):
                return x.item()
            raise TypeError(f"a scale definition cannot hold a {type(x).__name__}")

        try:
            text = json.dumps(dict(definition), allow_nan=False, default=plain)
        except ValueError as e:
            raise _native.invalid_argument(
                "definition", "a number that is NaN or infinite", "finite numbers"
            ) from e
        return cls(_native.Scale.from_json(text))

    def to_json(self) -> str:
        """The definition as pretty-printed JSON (read back by :meth:`from_json`).

        >>> sci = Scale.sci93()
        >>> Scale.from_json(sci.to_json()) == sci
        True
        """
        return self._native.to_json()

    def to_dict(self) -> dict[str, Any]:
        """The definition as a dict (read back by :meth:`from_dict`).

        >>> sorted(Scale.sci93().to_dict())
        ['citation', 'direction', 'doi', 'id', 'items', 'missing', 'name', 'notes', 'range', 'total']
        """
        out: dict[str, Any] = json.loads(self._native.to_json())
        return out

    # -- metadata -----------------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The stable id, e.g. ``SCI-93``."""
        return self._native.id

    @property
    def name(self) -> str:
        """The full name."""
        return self._native.name

    @property
    def items(self) -> list[str]:
        """The item ids in order (the order of a response given as a sequence or row)."""
        return self._native.items

    @property
    def bands(self) -> list[Band]:
        """The interpretation bands of the total (empty for SCI-93)."""
        return [Band(label, lo, hi) for label, lo, hi in self._native.bands]

    @property
    def subscales(self) -> dict[str, list[str]]:
        """Subscale name → its item ids (empty for SCI-93)."""
        return {name: items for name, items, _ in self._native.subscales}

    @property
    def total_range(self) -> tuple[float, float]:
        """The lowest and highest possible total."""
        return self._native.total_range

    @property
    def direction(self) -> Literal["higher_is_worse", "higher_is_better"]:
        """What a higher score means: ``higher_is_worse`` (SCI-93) or ``higher_is_better``;
        the ``direction=`` of :func:`groupwell.change.classify`."""
        return self._native.direction

    @property
    def total(self) -> Literal["sum", "mean"]:
        """How the total is formed from the item scores: ``sum`` or ``mean``."""
        return self._native.total

    @property
    def max_missing(self) -> int:
        """The missing-item rule: the most items that may be missing for a (prorated) total."""
        return self._native.max_missing

    # -- scoring ------------------------------------------------------------------------------

    def score(self, answers: Any, *, offset: int = 0) -> ScaleScore:
        """Scores one response: a mapping item id → answer (items left out are missing; an
        unknown item id is an error), or a sequence of answers in item order (list, tuple, 1-D
        numpy array, pandas Series indexed by item id). ``None``, ``NaN`` and ``pd.NA`` are
        missing; text cells are read as in CSV files (``" 3 "`` is 3, ``""`` missing).

        An invalid answer raises :class:`~groupwell.InvalidArgumentError` naming the item
        (``.argument`` is ``"item <id>"``), as does the wrong number of answers. ``offset`` is
        subtracted from every answer before it is checked (``1`` for exports coded 1–6).

        >>> sci = Scale.sci93()
        >>> answers = {str(i): (i - 1) % 6 for i in range(1, 36)}
        >>> sci.score(answers)
        ScaleScore(total=85.0, subscales={}, answered=35, prorated=False, band=None)
        >>> sci.score({"1": 2.7})
        Traceback (most recent call last):
        ...
        groupwell.InvalidArgumentError: item 1 = 2.7 is not valid: expected an integer 0..=5 (SCI-93)
        >>> sci.score([1] * 34)
        Traceback (most recent call last):
        ...
        groupwell.InvalidArgumentError: answers = 34 values is not valid: expected 35 answers per response, one per item of SCI-93 in item order (1, ..., 35)
        """
        if _is_table(answers):
            raise TypeError("score() takes one response; use score_batch() for a DataFrame")
        data: Any = answers
        if isinstance(answers, Mapping):
            data = dict(answers)
        elif _is_series(answers):
            data = dict(answers.items())
        elif _is_polars_series(answers):
            data = answers.to_list()
        elif _is_arrow_column(answers):
            data = answers.to_pylist()
        elif isinstance(answers, np.ndarray) and answers.ndim != 1:
            raise _native.invalid_argument(
                "answers",
                f"an array of shape {answers.shape}",
                "one response: a 1-D array in item order (score_batch() for many)",
            )
        total, subs, answered, prorated, band = self._native.score_one(data, offset)
        names = [name for name, _, _ in self._native.subscales]
        return ScaleScore(total, dict(zip(names, subs)), answered, prorated, band)

    def score_batch(
        self,
        data: Any,
        *,
        offset: int = 0,
        errors: Errors = "raise",
        columns: Mapping[Any, Any] | Sequence[Any] | None = None,
    ) -> ScaleScores:
        """Scores many responses, one per row, and returns :class:`ScaleScores` (numpy arrays
        in input row order; :meth:`ScaleScores.to_frame` makes a DataFrame with the input's
        index).

        ``data`` is one of
        - an ``(n, items)`` numpy array of any integer or float dtype (``NaN`` = missing), in C
          order (read in place, row by row), Fortran order (read in place, column by column) or
          a strided view (copied); object and string arrays are read value by value;
        - a pandas DataFrame: the item columns are found by name (the item id, case-insensitive
          and ignoring surrounding spaces; int labels ``1`` … ``35`` for SCI-93's numbered
          items), or given with ``columns=`` (a mapping item id → column name, or the column
          names in item order); other columns are ignored. Nullable columns (``Int64``,
          ``Float64``) with ``pd.NA`` and object columns with ``None`` are read as missing;
        - a polars DataFrame or a pyarrow ``Table``/``RecordBatch``, read like a DataFrame
          (nulls are missing answers; there is no index, and :meth:`ScaleScores.to_frame`
          gives a polars DataFrame for polars input);
        - a mapping item id → column, read like a DataFrame;
        - a list (or other sequence) of rows, each a sequence of answers in item order.

        Invalid answers raise :class:`~groupwell.InvalidRowsError` whose ``.errors`` list every
        bad cell as :class:`RowError` (row, item id, message, index label, kind); with
        ``errors="coerce"`` those rows get ``NaN`` and the reasons are in
        :attr:`ScaleScores.errors`. Rows with too many items missing get ``NaN`` (counted in
        :attr:`ScaleScores.missing`), never an error. ``offset`` as in :meth:`score`: explicit,
        never guessed.

        >>> import pandas as pd
        >>> sci = Scale.sci93()
        >>> df = pd.DataFrame({"id": ["a", "b"], **{f"{i}": [1, 2] for i in range(35, 0, -1)}},
        ...                   index=["p1", "p2"])
        >>> df.loc["p2", "7"] = 6
        >>> sci.score_batch(df)
        Traceback (most recent call last):
        ...
        groupwell.InvalidRowsError: 1 invalid row: row 1, 7: item 7 = 6 is not valid: expected an integer 0..=5 (SCI-93)
        index labels of the invalid cells: 'p2'
        >>> out = sci.score_batch(df, errors="coerce")
        >>> out.total.tolist(), out.invalid, [(e.row, e.field, e.label) for e in out.errors]
        ([35.0, nan], 1, [(1, '7', 'p2')])
        """
        labels: Any = None
        if _is_table(data) or isinstance(data, Mapping):
            if _is_table(data):
                names, get, labels = _table_parts(data)
            else:
                names = list(data.keys())
                get = lambda p: data[names[p]]  # noqa: E731

            found = _find_item_columns(self.items, self.id, names, columns)
            parts = [(item, *_column(get(p))) for item, p in found]

            def call() -> Any:
                return self._native.score_columns(parts, offset, errors)

        else:
            if columns is not None:
                raise TypeError("columns= is for a DataFrame or a mapping of item columns")
            if _is_series(data) or _is_polars_series(data) or _is_arrow_column(data):
                raise TypeError(
                    "a Series is one column (or one response: use score()); score_batch() "
                    "takes a DataFrame, a 2-D array or a list of rows"
                )
            rows: Any = data
            if isinstance(data, np.ma.MaskedArray):
                rows = np.ma.getdata(data).astype(object)
                rows[np.ma.getmaskarray(data)] = None
            elif isinstance(data, np.ndarray):
                rows = _native_numeric(data)

            def call() -> Any:
                return self._native.score_rows(rows, offset, errors)

        try:
            total, subs, answered, prorated, band_idx, raw, missing = call()
        except InvalidRowsError as exc:
            exc.errors = _with_labels(exc.errors, labels)
            if labels is not None and hasattr(exc, "add_note"):
                shown = [repr(e.label) for e in exc.errors[:5]]
                more = f" and {len(exc.errors) - 5} more" if len(exc.errors) > 5 else ""
                exc.add_note(f"index labels of the invalid cells: {', '.join(shown)}{more}")
            raise
        band_labels = tuple(label for label, _, _ in self._native.bands)
        lookup = np.empty(len(band_labels) + 1, dtype=object)
        lookup[: len(band_labels)] = band_labels
        lookup[-1] = None
        names_ = [name for name, _, _ in self._native.subscales]
        return ScaleScores(
            scale_id=self.id,
            total=total,
            answered=answered,
            prorated=prorated,
            band=lookup[band_idx],
            subscales=dict(zip(names_, subs)),
            errors=_with_labels(raw, labels),
            missing=missing,
            index=labels,
            band_labels=band_labels,
            backend="polars" if _wants_polars(data) else "pandas",
        )

    # -- protocol -------------------------------------------------------------------------------

    def __repr__(self) -> str:
        return repr(self._native)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scale):
            return NotImplemented
        return self._native == other._native

    def __hash__(self) -> int:
        return hash(self._native)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (from_json, (self.to_json(),))


def sci93() -> Scale:
    """The built-in SCI-93 (see :meth:`Scale.sci93`).

    >>> sci93().items[-1]
    '35'
    """
    return Scale.sci93()


def from_json(text: str) -> Scale:
    """A scale from its JSON definition (see :meth:`Scale.from_json`)."""
    return Scale.from_json(text)


def from_dict(definition: Mapping[str, Any]) -> Scale:
    """A scale from its definition as a dict (see :meth:`Scale.from_dict`)."""
    return Scale.from_dict(definition)

