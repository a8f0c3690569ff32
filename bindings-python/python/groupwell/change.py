"""Change between two timepoints: improved, unchanged or worsened.

A measure has a direction (``higher_is_better`` for the EQ VAS and the EQ-5D index,
``higher_is_worse`` for SCI-93). A difference counts as a change under a :class:`Threshold`:

- :func:`strict`: any difference;
- :func:`absolute`: a difference of at least a minimal important difference (MID); a change
  *exactly at* the MID counts (floating-point noise of 1e-9 is ignored, so ``0.7 − 0.626`` is
  exactly 0.074);
- :func:`reliable`: the Jacobson & Truax reliable change index
  ``RC = Δ / (√2 · SD · √(1 − r))`` beyond 1.96 (strictly).

Presets, with their sources: :func:`eq_vas_mid` (7 points; Pickard et al. 2007,
doi:10.1186/1477-7525-5-70), :func:`eq5d_index_mid` (0.074; Walters & Brazier 2005,
doi:10.1007/s11136-004-7713-0), :func:`sci93_reliable` (reliability 0.95, Ericsson, Nyström &
Mannerkorpi 2015, doi:10.3109/08039488.2014.915580, with the SD you supply, e.g. the sample's
baseline SD)::

    >>> from groupwell.change import classify, eq_vas_mid, sci93_reliable
    >>> classify(60, 67, direction="higher_is_better", threshold=eq_vas_mid())
    'improved'
    >>> classify(80, 70, direction="higher_is_worse", threshold=sci93_reliable(21.3))
    'unchanged'
    >>> classify([80, 80, None], [50, 95, 60], direction="higher_is_worse",
    ...          threshold=sci93_reliable(21.3)).tolist()
    ['improved', 'worsened', None]

The thresholds, the index and the classification are the Rust core's, the same for Python, the
browser and Rust.
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias, Union, overload

import numpy as np
import numpy.typing as npt

from . import _native
from ._native import InvalidRowsError
from .eq5d import RowError, _column, _is_series, _is_table, _to_polars, _wants_polars, _with_labels

__all__ = [
    "DIRECTIONS",
    "LABELS",
    "Threshold",
    "absolute",
    "classify",
    "eq5d_index_mid",
    "eq_vas_mid",
    "reliable",
    "reliable_change_index",
    "sci93_reliable",
    "strict",
]

#: The change classes, in this order.
LABELS: tuple[str, ...] = tuple(_native.change_classes())
#: The directions of a measure (the core also reads ``"higher is better"``, ``"better"``,
#: ``"worse"`` …).
DIRECTIONS: tuple[str, str] = ("higher_is_better", "higher_is_worse")

#: A score: a number, or ``None``/``NaN``/``pd.NA`` for missing.
Score: TypeAlias = Union[float, np.number[Any], None]
#: Anything with one score per row: a list, tuple, numpy array or pandas Series.
Column: TypeAlias = Union[Sequence[Any], npt.NDArray[Any], Iterable[Any]]

_CODES = np.empty(len(LABELS) + 1, dtype=object)
_CODES[: len(LABELS)] = LABELS
_CODES[-1] = None


def _number(x: Any, name: str) -> float | None:
    """A threshold parameter: a real number (not a bool) or ``None``."""
    if x is None:
        return None
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (numbers.Real, np.number)):
        raise TypeError(f"{name} must be a number, not {type(x).__name__}")
    try:
        return float(x)
    except OverflowError:
        # An int beyond the float range: infinite, which the core rejects by name.
        big: Any = x
        return math.inf if big > 0 else -math.inf


@dataclass(frozen=True)
class Threshold:
    """When a difference counts as a change: ``kind`` ``"strict"`` (any difference),
    ``"absolute"`` (at least ``mid``) or ``"reliable"`` (reliable change index beyond 1.96,
    from ``sd`` and ``reliability``). The parameters are checked by the core when the threshold
    is made: a MID and an SD must be positive, a reliability in ``0..1``; a parameter that does
    not belong to the kind is an error too.

    >>> Threshold("absolute", mid=7)
    Threshold(kind='absolute', mid=7.0, sd=None, reliability=None)
    >>> Threshold("reliable", sd=10, reliability=1.0)
    Traceback (most recent call last):
    ...
    groupwell.InvalidArgumentError: reliability = 1 is not valid: expected a number in 0..1 (1 excluded)
    """

    kind: Literal["strict", "absolute", "reliable"]
    mid: float | None = None
    sd: float | None = None
    reliability: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.kind, str):
            raise TypeError(f"kind must be a str, not {type(self.kind).__name__}")
        kind, mid, sd, r = _native.make_threshold(
            self.kind,
            _number(self.mid, "mid"),
            _number(self.sd, "sd"),
            _number(self.reliability, "reliability"),
        )
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "mid", mid)
        object.__setattr__(self, "sd", sd)
        object.__setattr__(self, "reliability", r)

    def to_dict(self) -> dict[str, Any]:
        """The threshold in the core's JSON form (``{"type": "absolute", "mid": 7.0}``), as goal
        definitions carry it.

        >>> sci93_reliable(21.3).to_dict()
        {'type': 'reliable', 'sd': 21.3, 'reliability': 0.95}
        """
        out: dict[str, Any] = {"type": self.kind}
        for name in ("mid", "sd", "reliability"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Threshold:
        """A threshold from its JSON form (see :meth:`to_dict`); unknown fields are an error.

        >>> Threshold.from_dict({"type": "absolute", "mid": 0.074}) == eq5d_index_mid()
        True
        """
        if not isinstance(d, dict):
            raise TypeError(f"expected a dict, not {type(d).__name__}")
        unknown = sorted(str(k) for k in d if k not in ("type", "mid", "sd", "reliability"))
        if unknown or "type" not in d:
            raise _native.invalid_argument(
                "threshold",
                f"a dict with the fields {sorted(map(str, d))}",
                '"type" ("strict", "absolute" or "reliable") and its parameters "mid", or '
                '"sd" and "reliability"',
            )
        return cls(d["type"], d.get("mid"), d.get("sd"), d.get("reliability"))

    def _tuple(self) -> tuple[str, float | None, float | None, float | None]:
        return (self.kind, self.mid, self.sd, self.reliability)


def _preset(name: str, sd: float | None = None) -> Threshold:
    kind, mid, sd_, r = _native.threshold_preset(name, sd)
    return Threshold(kind, mid, sd_, r)  # type: ignore[arg-type]


def strict() -> Threshold:
    """Any difference is a change.

    >>> classify(50, 50.5, direction="higher_is_better", threshold=strict())
    'improved'
    """
    return Threshold("strict")


def absolute(mid: float) -> Threshold:
    """A difference of at least ``mid`` (a minimal important difference, in the measure's
    units) is a change; exactly ``mid`` counts.

    >>> classify(10, 13, direction="higher_is_worse", threshold=absolute(3))
    'worsened'
    """
    return Threshold("absolute", mid=mid)


def reliable(sd: float, reliability: float) -> Threshold:
    """The Jacobson & Truax reliable change index beyond 1.96: ``sd`` is the measure's standard
    deviation (e.g. the sample's baseline SD), ``reliability`` its reliability ``r`` in ``0..1``.

    >>> reliable(10, 0.9)
    Threshold(kind='reliable', mid=None, sd=10.0, reliability=0.9)
    """
    return Threshold("reliable", sd=sd, reliability=reliability)


def eq_vas_mid() -> Threshold:
    """EQ VAS: a MID of 7 points (Pickard et al. 2007, doi:10.1186/1477-7525-5-70).

    >>> eq_vas_mid().mid
    7.0
    """
    return _preset("eq_vas_mid")


def eq5d_index_mid() -> Threshold:
    """EQ-5D index: a MID of 0.074 (Walters & Brazier 2005, doi:10.1007/s11136-004-7713-0).

    >>> eq5d_index_mid().mid
    0.074
    """
    return _preset("eq5d_index_mid")


def sci93_reliable(sd: float) -> Threshold:
    """SCI-93: reliable change with reliability 0.95 (test–retest ICC; Ericsson, Nyström &
    Mannerkorpi 2015, doi:10.3109/08039488.2014.915580) and the SD you supply.

    >>> sci93_reliable(21.3)
    Threshold(kind='reliable', mid=None, sd=21.3, reliability=0.95)
    """
    return _preset("sci93_reliable", _number(sd, "sd"))


# ---------------------------------------------------------------------------------------------
# scalars and columns


def _pandas_na(x: object) -> bool:
    return type(x).__name__ in ("NAType", "NaTType")


def _is_scalar(x: object) -> bool:
    return (
        x is None
        or isinstance(x, (numbers.Number, np.generic, str, bytes))
        or (isinstance(x, np.ndarray) and x.ndim == 0)
        or _pandas_na(x)
    )


def _scalar(x: Any) -> Any:
    return x.item() if isinstance(x, np.ndarray) else x


def _pair(baseline: Any, follow_up: Any) -> tuple[Any, Any, Any, Any, Any]:
    """Two columns (or a column and a scalar) as ``(baseline, follow_up, baseline_mask,
    follow_up_mask, index)``; two Series are aligned on their index."""
    for x in (baseline, follow_up):
        if _is_table(x):
            raise TypeError("baseline and follow_up are one column each, not a DataFrame")
    index = None
    if _series(baseline) and _series(follow_up):
        if not baseline.index.equals(follow_up.index):
            for name, s in (("baseline", baseline), ("follow_up", follow_up)):
                if not s.index.is_unique:
                    raise _native.invalid_argument(
                        name,
                        "a Series with repeated index labels and an index unlike the other's",
                        "Series with the same index, or with unique index labels (one row per "
                        "participant) to align on",
                    )
            baseline, follow_up = baseline.align(follow_up, join="outer")
        index = baseline.index
    elif _series(baseline):
        index = baseline.index
    elif _series(follow_up):
        index = follow_up.index
    if _is_scalar(baseline) or _is_scalar(follow_up):
        col = follow_up if _is_scalar(baseline) else baseline
        if not hasattr(col, "__len__"):
            col = list(col)
        n = len(col)
        if _is_scalar(baseline):
            baseline, follow_up = [_scalar(baseline)] * n, col
        else:
            baseline, follow_up = col, [_scalar(follow_up)] * n
    b, b_mask = _column(baseline)
    f, f_mask = _column(follow_up)
    return b, f, b_mask, f_mask, index


def _labelled(exc: InvalidRowsError, index: Any) -> None:
    exc.errors = _with_labels(exc.errors, index)


def _series(x: object) -> bool:
    """A pandas Series (with an index; a pandas Index is a plain column)."""
    return _is_series(x) and hasattr(x, "index")


@overload
def reliable_change_index(
    baseline: Score, follow_up: Score, sd: float, reliability: float
) -> float: ...
@overload
def reliable_change_index(
    baseline: Column, follow_up: Column | Score, sd: float, reliability: float
) -> Any: ...
@overload
def reliable_change_index(
    baseline: Score, follow_up: Column, sd: float, reliability: float
) -> Any: ...
def reliable_change_index(baseline: Any, follow_up: Any, sd: float, reliability: float) -> Any:
    """The Jacobson & Truax reliable change index ``(follow_up − baseline) / (√2 · sd · √(1 −
    reliability))``; a change is reliable when its absolute value exceeds 1.96. ``sd`` and
    ``reliability`` are checked as for :func:`reliable`. Scalars give a float; columns a
    float64 array, or a Series for Series input (``NaN`` where a score is missing).

    >>> round(reliable_change_index(50, 56.3, sd=10, reliability=0.95), 6)
    1.992235
    >>> reliable_change_index([50, None], [56.1, 60], sd=10, reliability=0.95).round(6).tolist()
    [1.928989, nan]
    """
    sd_f = _number(sd, "sd")
    r_f = _number(reliability, "reliability")
    if sd_f is None or r_f is None:
        raise TypeError("sd and reliability must be numbers, not None")
    if _is_scalar(baseline) and _is_scalar(follow_up):
        return _native.reliable_change_index(_scalar(baseline), _scalar(follow_up), sd_f, r_f)
    b, f, b_mask, f_mask, index = _pair(baseline, follow_up)
    out = _native.reliable_change_indices(b, f, sd_f, r_f, b_mask, f_mask)
    if _wants_polars(baseline, follow_up):
        return _to_polars(out, "reliable_change_index")
    if index is not None:
        pd = sys.modules["pandas"]
        return pd.Series(out, index=index, name="reliable_change_index", copy=False)
    return out


#: The ``errors=`` argument of :func:`classify`.
Errors: TypeAlias = Literal["raise", "coerce"]


@overload
def classify(
    baseline: Score,
    follow_up: Score,
    *,
    direction: str,
    threshold: Threshold,
    errors: Errors = ...,
    return_errors: Literal[False] = ...,
) -> str | None: ...
@overload
def classify(
    baseline: Column,
    follow_up: Column | Score,
    *,
    direction: str,
    threshold: Threshold,
    errors: Errors = ...,
    return_errors: Literal[False] = ...,
) -> Any: ...
@overload
def classify(
    baseline: Score,
    follow_up: Column,
    *,
    direction: str,
    threshold: Threshold,
    errors: Errors = ...,
    return_errors: Literal[False] = ...,
) -> Any: ...
@overload
def classify(
    baseline: Column | Score,
    follow_up: Column | Score,
    *,
    direction: str,
    threshold: Threshold,
    errors: Errors = ...,
    return_errors: Literal[True],
) -> tuple[Any, list[RowError]]: ...
def classify(
    baseline: Any,
    follow_up: Any,
    *,
    direction: str,
    threshold: Threshold,
    errors: Errors = "raise",
    return_errors: bool = False,
) -> Any:
    """Classifies the change from ``baseline`` to ``follow_up`` as ``"improved"``,
    ``"unchanged"`` or ``"worsened"`` (:data:`LABELS`) under ``threshold``, for a measure whose
    ``direction`` is ``"higher_is_better"`` or ``"higher_is_worse"`` (also the core's other
    spellings: ``"higher is worse"``, ``"better"``, ``"worse"``; :attr:`Scale.direction
    <groupwell.scales.Scale.direction>` gives it for a scale).

    Two scores give a label, or ``None`` when either is missing (``None``, ``NaN``,
    ``pd.NA``). Columns (lists, numpy arrays of any numeric dtype, pandas Series, nullable
    dtypes included; one side may be a single score) give a numpy object array of labels with
    ``None`` where a score is missing; with a Series a Series named ``change`` on its index. Two
    Series with different indexes are aligned on their labels as in pandas arithmetic (a label
    at one timepoint only gives ``None``; repeated labels are then an
    :class:`~groupwell.InvalidArgumentError`); other columns are matched by position and must
    have the same length
    (:class:`~groupwell.LengthMismatchError`). polars Series give a polars Series (``None``
    as null), pyarrow arrays a numpy array; both are matched by position. An infinite score
    raises :class:`~groupwell.InvalidRowsError` naming every such row (one score:
    :class:`~groupwell.InvalidArgumentError`); with ``errors="coerce"`` such a row gets
    ``None`` instead, and ``return_errors=True`` (columns only) returns ``(labels, errors)``
    with the reasons as :class:`~groupwell.eq5d.RowError`.

    >>> classify(0.626, 0.7, direction="higher_is_better", threshold=eq5d_index_mid())
    'improved'
    >>> classify(0.627, 0.7, direction="higher_is_better", threshold=eq5d_index_mid())
    'unchanged'
    >>> import pandas as pd
    >>> pre = pd.Series([60, 60, 60, None], index=["a", "b", "c", "d"], dtype="Int64")
    >>> post = pd.Series([67, 66, 53, 70], index=["a", "b", "c", "d"])
    >>> classify(pre, post, direction="higher_is_better", threshold=eq_vas_mid())
    a     improved
    b    unchanged
    c     worsened
    d         None
    Name: change, dtype: object
    """
    if not isinstance(threshold, Threshold):
        raise TypeError(
            "threshold must be a groupwell.change.Threshold (strict(), absolute(mid), "
            f"reliable(sd, reliability) or a preset), not {type(threshold).__name__}"
        )
    if not isinstance(direction, str):
        raise TypeError(f"direction must be a str, not {type(direction).__name__}")
    if errors not in ("raise", "coerce"):
        raise _native.invalid_argument("errors", repr(errors), '"raise" or "coerce"')
    t = threshold._tuple()
    if _is_scalar(baseline) and _is_scalar(follow_up):
        if return_errors:
            raise TypeError("return_errors=True is for columns of scores, not two scores")
        try:
            return _native.classify_change(_scalar(baseline), _scalar(follow_up), direction, t)
        except _native.InvalidArgumentError as exc:
            if errors == "coerce" and exc.argument in ("baseline", "follow_up"):
                return None
            raise
    b, f, b_mask, f_mask, index = _pair(baseline, follow_up)
    found: list[RowError] = []
    try:
        codes = _native.classify_changes(b, f, direction, t, b_mask, f_mask)
    except InvalidRowsError as exc:
        _labelled(exc, index)
        if errors == "raise":
            raise
        # Coerce: the invalid rows (the core's verdict) are classified as missing.
        found = list(exc.errors)
        bad = np.zeros(len(b), dtype=bool)
        bad[[e.row for e in found]] = True
        b_mask = bad if b_mask is None else (np.asarray(b_mask, dtype=bool) | bad)
        codes = _native.classify_changes(b, f, direction, t, b_mask, f_mask)
    labels = _CODES[codes]
    result: Any = labels
    if _wants_polars(baseline, follow_up):
        result = _to_polars(labels, "change")
    elif index is not None:
        pd = sys.modules["pandas"]
        result = pd.Series(labels, index=index, name="change", dtype=object, copy=False)
    return (result, found) if return_errors else result
