"""Programs: units, groups, participants, enrolments, sessions and measurements.

A :class:`Program` is one document: the program's own facts (id, name, period, schedule of
timepoints, instruments) and the tables of what happened. It is read from JSON
(:meth:`Program.from_json`, :func:`load`) or from CSV tables (:meth:`Program.from_csv`);
reading checks the shape only, :meth:`Program.validate` checks the meaning and reports every
finding with its location::

    >>> from groupwell.program import Program
    >>> p = Program.from_json('''{
    ...   "format": "groupwell-program/1",
    ...   "id": "shg", "name": "Self-help groups",
    ...   "period": {"start": "2015-01-01", "end": "2015-12-31"},
    ...   "units": [{"id": "hede", "name": "Hede health centre", "kind": "health_centre"}],
    ...   "groups": [{"id": "g1", "theme": "stress", "format": "on_site", "units": ["hede"],
    ...               "leadership": {"kind": "peer", "starter_sessions": 2},
    ...               "capacity": {"min": 5, "max": 8},
    ...               "start": "2015-02-02", "end": "2015-05-18", "status": "ended"}],
    ...   "participants": [{"id": "p1", "sex": "female", "home_unit": "hede"}],
    ...   "enrolments": [{"participant": "p1", "group": "g1", "joined": "2015-02-02",
    ...                   "left": "2015-05-18", "reason": "completed"}],
    ...   "measurements": [{"participant": "p1", "date": "2015-02-02", "eq5d": "21232", "vas": 55},
    ...                    {"participant": "p1", "date": "2015-05-18", "eq5d": "11121", "vas": 70}]
    ... }''')
    >>> p
    <Program shg (Self-help groups): 1 groups, 1 participants, 2 measurements, 2015-01-01..=2015-12-31>
    >>> v = p.validate()
    >>> v.is_valid, len(v.errors), len(v.warnings)
    (True, 0, 1)
    >>> [(f.severity, f.code, f.path) for f in v]
    [('warning', 'below_capacity', '/groups/0/capacity')]

:meth:`Program.assign_timepoints` decides which measurement is whose baseline and follow-up,
and says why; :meth:`Program.tidy` gives one row per participant × timepoint × measure, with
EQ VAS, EQ-5D index values and scale scores, for pandas (or polars)::

    >>> a = p.assign_timepoints()
    >>> [(x.timepoint, str(x.date)) for x in a.assignments]
    [('baseline', '2015-02-02'), ('week15', '2015-05-18')]
    >>> print(a.assignments[1].explain())
    closest of 1 measurement(s) in 2015-05-04..=2015-06-15 to the target (2015-05-18, 15w after joining): 0 day(s) away
    >>> p.tidy(value_sets=["5L_SE_2022"])[["timepoint", "date", "measure", "value"]]
      timepoint       date                measure   value
    0  baseline 2015-02-02                 eq_vas  55.000
    1  baseline 2015-02-02  eq5d_index/5L_SE_2022   0.878
    2    week15 2015-05-18                 eq_vas  70.000
    3    week15 2015-05-18  eq5d_index/5L_SE_2022   0.990

Every rule (what is valid, which measurement is a baseline, how a scale is scored) is the Rust
core's: the same answers come out of Python, the browser and Rust.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import importlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeAlias

import numpy as np
import numpy.typing as npt

from . import _native
from ._native import InvalidRowsError
from .eq5d import RowError, _with_labels

if TYPE_CHECKING:
    from .goals import GoalSet, Report

__all__ = [
    "PROGRAM_FORMAT",
    "TABLES",
    "THEMES",
    "Assignment",
    "Assignments",
    "CsvCell",
    "Finding",
    "MissingTimepoint",
    "Period",
    "Program",
    "Unassigned",
    "Validation",
    "from_csv",
    "from_json",
    "load",
]

#: The format tag of program documents (the JSON ``"format"``).
PROGRAM_FORMAT: str = _native.program_format()
#: Well-known group themes (the vocabulary is open: any non-empty text is a theme).
THEMES: tuple[str, ...] = tuple(_native.program_themes())
#: The tables of a program, in the order they are read from CSV.
TABLES: tuple[str, ...] = tuple(_native.program_tables())

#: ``backend=`` of :meth:`Program.tidy`.
Backend: TypeAlias = Literal["pandas", "polars", "numpy"]
#: A date argument: a :class:`datetime.date` (or ``datetime``, ``pandas.Timestamp``,
#: ``numpy.datetime64``) or ISO text ``YYYY-MM-DD``.
DateLike: TypeAlias = _dt.date | str | np.datetime64
#: Table text or the path of a CSV file (see :meth:`Program.from_csv`).
TableSource: TypeAlias = str | bytes | os.PathLike[str]

_EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()
_MAX_ORDINAL = _dt.date.max.toordinal()


# ---------------------------------------------------------------------------------------------
# helpers


def _pd(what: str) -> Any:
    """The pandas module, or an ImportError naming pandas and the method that needs it."""
    try:
        # Through importlib: pandas is optional, and its stubs too.
        return importlib.import_module("pandas")
    except ImportError as e:
        raise ImportError(
            f"groupwell.program.{what} returns pandas objects and needs pandas: "
            "pip install 'groupwell[pandas]' (or pip install pandas)"
        ) from e


def _date(ordinal: int) -> _dt.date:
    """A date from its ordinal; dates Python cannot hold (before year 1) are an error."""
    if 1 <= ordinal <= _MAX_ORDINAL:
        return _dt.date.fromordinal(ordinal)
    raise _native.invalid_argument(
        "date",
        f"the date with ordinal {ordinal}",
        "a date in 0001-01-01..9999-12-31 (the range of datetime.date)",
    )


def _datetimes(ordinals: Sequence[int | None]) -> npt.NDArray[np.datetime64]:
    """Ordinals (``None`` = missing) as a ``datetime64[D]`` array (``NaT`` for missing)."""
    if None in ordinals:
        nat = np.iinfo(np.int64).min
        days = np.array([nat if o is None else o - _EPOCH_ORDINAL for o in ordinals], dtype=np.int64)
    else:
        days = np.array(ordinals, dtype=np.int64) - _EPOCH_ORDINAL
    return days.view("datetime64[D]")


def _date_arg(value: Any, argument: str) -> str:
    """A date argument as ``YYYY-MM-DD`` text (text is passed on for the core to read)."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            raise _native.invalid_argument(argument, "NaT", "a date YYYY-MM-DD")
        return str(value.astype("datetime64[D]"))
    if isinstance(value, str):
        return value
    raise TypeError(
        f"{argument} must be a date (datetime.date, or text YYYY-MM-DD), not {type(value).__name__}"
    )


def _opt_str(value: Any, argument: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"{argument} must be a str or None, not {type(value).__name__}")


def _filter(
    theme: Any, format: Any, unit: Any, peer_led: Any
) -> tuple[str | None, str | None, str | None, bool | None]:
    if peer_led is not None and not isinstance(peer_led, (bool, np.bool_)):
        raise TypeError(f"peer_led must be True, False or None, not {type(peer_led).__name__}")
    return (
        _opt_str(theme, "theme"),
        _opt_str(format, "format"),
        _opt_str(unit, "unit"),
        None if peer_led is None else bool(peer_led),
    )


def _text(value: Any, what: str) -> str | bytes:
    if isinstance(value, (str, bytes)):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"{what} must be text (str or UTF-8 bytes), not {type(value).__name__}")


# ---------------------------------------------------------------------------------------------
# validation


@dataclass(frozen=True)
class Period:
    """An inclusive range of calendar dates.

    >>> import datetime
    >>> str(Period(datetime.date(2015, 1, 1), datetime.date(2015, 12, 31)))
    '2015-01-01..=2015-12-31'
    """

    start: _dt.date
    end: _dt.date

    def __str__(self) -> str:
        return f"{self.start}..={self.end}"


class CsvCell(NamedTuple):
    """Where a record read from CSV came from: the file label, the 1-based line (the header
    is line 1) and the column, when the finding is about one field."""

    file: str
    line: int
    column: str | None


@dataclass(frozen=True)
class Finding:
    """One finding of :meth:`Program.validate`.

    - ``severity``: ``"error"`` (the data are wrong) or ``"warning"`` (worth a look);
    - ``code``: a stable snake_case code, e.g. ``unknown_reference``, ``invalid_answer``,
      ``duplicate_id``, ``date_order``, ``below_capacity``;
    - ``path``: a JSON Pointer into the program document, e.g. ``/measurements/0/vas``;
    - ``table``, ``index``, ``field``: the same as parts (``table`` is ``""`` and ``index``
      ``None`` for the program's own fields);
    - ``csv``: for programs read from CSV, the :class:`CsvCell` (file, line, column);
    - ``message``: what is wrong and what was expected.

    ``str(finding)`` is the core's one-line text.
    """

    severity: Literal["error", "warning"]
    code: str
    path: str
    table: str
    index: int | None
    field: str | None
    csv: CsvCell | None
    message: str
    text: str = dataclasses.field(default="", compare=False, repr=False)

    def __str__(self) -> str:
        return self.text or f"{self.severity} at {self.path}: {self.code}: {self.message}"


def _findings(raw: list[Any]) -> tuple[Finding, ...]:
    return tuple(
        Finding(sev, code, path, table, index, fld, None if csv is None else CsvCell(*csv), msg, text)
        for sev, code, path, table, index, fld, csv, msg, text in raw
    )


class Validation:
    """Every finding of a validation, errors and warnings, in table order.

    >>> v = Program.new("p", "Pilot", "2015-01-01", "2015-12-31").validate()
    >>> v.is_valid, v.findings
    (True, ())
    >>> print(v)
    no findings
    """

    __slots__ = ("findings",)

    findings: tuple[Finding, ...]

    def __init__(self, findings: Sequence[Finding] = ()) -> None:
        self.findings = tuple(findings)

    @property
    def is_valid(self) -> bool:
        """Whether there are no errors (warnings allowed)."""
        return not any(f.severity == "error" for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        """The errors."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """The warnings."""
        return [f for f in self.findings if f.severity == "warning"]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Validation):
            return NotImplemented
        return self.findings == other.findings

    __hash__ = None  # type: ignore[assignment]

    def to_frame(self) -> Any:
        """The findings as a pandas DataFrame: ``severity``, ``code``, ``path``, ``table``,
        ``index`` and ``line`` (nullable ``Int64``), ``field``, ``file``, ``column``,
        ``message``. Needs pandas.

        >>> Program.new("p", "", "2015-01-01", "2015-12-31").validate().to_frame()[["severity", "code", "path"]]
          severity         code   path
        0    error  empty_field  /name
        """
        pd = _pd("Validation.to_frame()")
        fs = self.findings
        df = pd.DataFrame(
            {
                "severity": [f.severity for f in fs],
                "code": [f.code for f in fs],
                "path": [f.path for f in fs],
                "table": [f.table for f in fs],
                "index": pd.array([f.index for f in fs], dtype="Int64"),
                "field": [f.field for f in fs],
                "file": [None if f.csv is None else f.csv.file for f in fs],
                "line": pd.array([None if f.csv is None else f.csv.line for f in fs], dtype="Int64"),
                "column": [None if f.csv is None else f.csv.column for f in fs],
                "message": [f.message for f in fs],
            },
            columns=[
                "severity", "code", "path", "table", "index", "field", "file", "line", "column",
                "message",
            ],
        )
        return df

    def __str__(self) -> str:
        return "\n".join(str(f) for f in self.findings) if self.findings else "no findings"

    def __repr__(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        return f"<Validation: {e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}>"


# ---------------------------------------------------------------------------------------------
# timepoints


@dataclass(frozen=True)
class Assignment:
    """A measurement assigned to a timepoint of an enrolment.

    ``enrolment`` and ``measurement`` are indices into the program's tables; ``date`` is the
    measurement's date, ``target`` the date the rule aimed at (``at_group_end``: moved to the
    group's end, which came first), ``window`` the dates searched, ``candidates`` the number
    of unused measurements in it, ``distance_days`` the days from the target (negative:
    before); ``anchor`` and ``offset`` are the rule's (``joined``, ``15w``).
    """

    enrolment: int
    participant: str
    group: str
    timepoint: str
    measurement: int
    date: _dt.date
    target: _dt.date
    window: Period
    candidates: int
    at_group_end: bool
    anchor: str
    offset: str
    distance_days: int
    explanation: str = dataclasses.field(compare=False)

    def explain(self) -> str:
        """Why this measurement was chosen, in words (the core's text)."""
        return self.explanation


@dataclass(frozen=True)
class MissingTimepoint:
    """A timepoint of an enrolment without a measurement: the window searched (``None`` when
    there was no date to count from) and why nothing was assigned."""

    enrolment: int
    participant: str
    group: str
    timepoint: str
    window: Period | None
    reason: str


@dataclass(frozen=True)
class Unassigned:
    """A measurement that belongs to no timepoint, and why."""

    measurement: int
    participant: str
    date: _dt.date
    reason: str


_AssignmentsRaw: TypeAlias = tuple[list[Any], list[Any], list[Any]]


class Assignments:
    """The outcome of :meth:`Program.assign_timepoints`: :attr:`assignments` (by enrolment,
    then timepoint), :attr:`missing` (enrolment × timepoint pairs without a measurement) and
    :attr:`unassigned` (measurements no timepoint uses), as lists of dataclasses or as
    DataFrames (:meth:`to_frame`). Every enrolment × timepoint is either assigned or missing.
    """

    def __init__(self, raw: _AssignmentsRaw) -> None:
        self._raw = raw

    @functools.cached_property
    def assignments(self) -> list[Assignment]:
        """The assigned measurements."""
        return [
            Assignment(
                e, p, g, t, m, _date(d), _date(tg), Period(_date(ws), _date(we)), c, end,
                anchor, offset, dist, why,
            )
            for e, p, g, t, m, (d, tg, dist), (ws, we), c, end, (anchor, offset), why in self._raw[0]
        ]

    @functools.cached_property
    def missing(self) -> list[MissingTimepoint]:
        """The timepoints without a measurement."""
        return [
            MissingTimepoint(
                e, p, g, t, None if w is None else Period(_date(w[0]), _date(w[1])), reason
            )
            for e, p, g, t, w, reason in self._raw[1]
        ]

    @functools.cached_property
    def unassigned(self) -> list[Unassigned]:
        """The measurements no timepoint uses."""
        return [Unassigned(m, p, _date(d), reason) for m, p, d, reason in self._raw[2]]

    def get(self, enrolment: int, timepoint: str) -> Assignment | None:
        """The assignment of ``timepoint`` for enrolment ``enrolment``, if any."""
        for a in self.assignments:
            if a.enrolment == enrolment and a.timepoint == timepoint:
                return a
        return None

    def to_frame(
        self, table: Literal["assignments", "missing", "unassigned"] = "assignments"
    ) -> Any:
        """One of the three lists as a pandas DataFrame (dates as ``datetime64``, windows as
        ``window_start`` / ``window_end``; ``explanation`` and ``reason`` as text). Needs
        pandas.

        >>> p = Program.new("p", "Pilot", "2015-01-01", "2015-12-31")
        >>> list(p.assign_timepoints().to_frame("missing").columns)
        ['enrolment', 'participant', 'group', 'timepoint', 'window_start', 'window_end', 'reason']
        """
        pd = _pd("Assignments.to_frame()")
        if table == "assignments":
            rows = self._raw[0]
            cols = list(zip(*rows)) if rows else [()] * 11
            when = list(zip(*cols[5])) if rows else [()] * 3
            window = list(zip(*cols[6])) if rows else [()] * 2
            rule = list(zip(*cols[9])) if rows else [()] * 2
            return pd.DataFrame(
                {
                    "enrolment": np.array(cols[0], dtype=np.int64),
                    "participant": list(cols[1]),
                    "group": list(cols[2]),
                    "timepoint": list(cols[3]),
                    "measurement": np.array(cols[4], dtype=np.int64),
                    "date": _datetimes(when[0]),
                    "target": _datetimes(when[1]),
                    "distance_days": np.array(when[2], dtype=np.int64),
                    "window_start": _datetimes(window[0]),
                    "window_end": _datetimes(window[1]),
                    "candidates": np.array(cols[7], dtype=np.int64),
                    "at_group_end": np.array(cols[8], dtype=bool),
                    "anchor": list(rule[0]),
                    "offset": list(rule[1]),
                    "explanation": list(cols[10]),
                }
            )
        if table == "missing":
            rows = self._raw[1]
            return pd.DataFrame(
                {
                    "enrolment": np.array([r[0] for r in rows], dtype=np.int64),
                    "participant": [r[1] for r in rows],
                    "group": [r[2] for r in rows],
                    "timepoint": [r[3] for r in rows],
                    "window_start": _datetimes([None if r[4] is None else r[4][0] for r in rows]),
                    "window_end": _datetimes([None if r[4] is None else r[4][1] for r in rows]),
                    "reason": [r[5] for r in rows],
                }
            )
        if table == "unassigned":
            rows = self._raw[2]
            return pd.DataFrame(
                {
                    "measurement": np.array([r[0] for r in rows], dtype=np.int64),
                    "participant": [r[1] for r in rows],
                    "date": _datetimes([r[2] for r in rows]),
                    "reason": [r[3] for r in rows],
                }
            )
        raise _native.invalid_argument(
            "table", repr(table), "'assignments', 'missing' or 'unassigned'"
        )

    def __repr__(self) -> str:
        a, m, u = (len(x) for x in self._raw)
        return f"<Assignments: {a} assigned, {m} missing, {u} unassigned>"


# ---------------------------------------------------------------------------------------------
# reading CSV


def _measurement_columns(spec: Mapping[str, Any]) -> str:
    """The Pythonic measurement column spec as the JSON of the core's ``MeasurementColumns``."""
    if not isinstance(spec, Mapping):
        raise TypeError(f"measurement_columns must be a mapping, not {type(spec).__name__}")
    known = {"participant", "date", "eq5d", "vas", "scales", "layout", "occasions", "separator"}
    unknown = sorted(str(k) for k in spec if k not in known)
    if unknown:
        raise _native.invalid_argument(
            "measurement_columns",
            f"key {unknown[0]!r}",
            "keys among " + ", ".join(sorted(known)),
        )

    def name(key: str, default: str | None) -> str | None:
        v = spec.get(key, default)
        if v is None or isinstance(v, str):
            return v
        raise TypeError(f"measurement_columns[{key!r}] must be a column name (str), not {type(v).__name__}")

    out: dict[str, Any] = {"participant": name("participant", "participant"),
                           "date": name("date", "date")}
    eq5d = spec.get("eq5d")
    if isinstance(eq5d, str):
        out["eq5d"] = {"state": eq5d}
    elif eq5d is not None:
        if not isinstance(eq5d, Sequence) or not all(isinstance(c, str) for c in eq5d):
            raise TypeError(
                "measurement_columns['eq5d'] must be the state column (str) or the five level "
                "columns MO SC UA PD AD (a list of str)"
            )
        if len(eq5d) != 5:
            raise _native.invalid_argument(
                "measurement_columns['eq5d']",
                f"{len(eq5d)} column names",
                "one state column, or five level columns (MO SC UA PD AD in this order)",
            )
        out["eq5d"] = {"levels": list(eq5d)}
    vas = name("vas", None)
    if vas is not None:
        out["vas"] = vas
    scales = spec.get("scales")
    if scales is not None:
        if not isinstance(scales, Mapping) or not all(
            isinstance(k, str)
            and isinstance(v, Sequence)
            and not isinstance(v, str)
            and all(isinstance(c, str) for c in v)
            for k, v in scales.items()
        ):
            raise TypeError(
                "measurement_columns['scales'] must map scale ids to their item columns in item "
                "order ({'SCI-93': ['q1', ..., 'q35']})"
            )
        out["scales"] = {k: list(v) for k, v in scales.items()}
    layout = spec.get("layout", "wide" if "occasions" in spec else "long")
    if layout == "long":
        if "occasions" in spec or "separator" in spec:
            raise _native.invalid_argument(
                "measurement_columns",
                "occasions or separator with layout 'long'",
                "occasions (and separator) only for layout 'wide'",
            )
        out["layout"] = "long"
    elif layout == "wide":
        occasions = spec.get("occasions")
        if not isinstance(occasions, Sequence) or isinstance(occasions, str) or not all(
            isinstance(o, str) for o in occasions
        ):
            raise TypeError(
                "measurement_columns['occasions'] must list the occasion suffixes (a list of "
                "str, e.g. ['t0', 't1']) for layout 'wide'"
            )
        separator = spec.get("separator", "_")
        if not isinstance(separator, str):
            raise TypeError("measurement_columns['separator'] must be a str")
        out["layout"] = {"wide": {"occasions": list(occasions), "separator": separator}}
    else:
        raise _native.invalid_argument(
            "measurement_columns['layout']", repr(layout), "'long' or 'wide'"
        )
    return json.dumps(out)


def _skeleton(skeleton: Any) -> _native.Program:
    if isinstance(skeleton, Program):
        return skeleton._native
    if isinstance(skeleton, os.PathLike):
        return _native.Program.from_json(Path(skeleton).read_bytes())
    if isinstance(skeleton, Mapping):
        return Program.from_dict(skeleton)._native
    if isinstance(skeleton, (str, bytes, bytearray)):
        return _native.Program.from_json(skeleton)
    if skeleton is None:
        raise _native.invalid_argument(
            "skeleton",
            "None",
            "the program's own facts (id, name, period, schedule...): a Program, a dict, JSON "
            "text or the path of a JSON file (a folder's program.json is used when present)",
        )
    raise TypeError(
        "skeleton must be a Program, a dict, JSON text or a path (pathlib.Path), not "
        f"{type(skeleton).__name__}"
    )


def _tables(tables: Any, skeleton: Any) -> tuple[list[tuple[str, str | bytes, str]], Any]:
    """``(name, text, file label)`` for each table, and the skeleton (a folder's
    ``program.json`` when none is given)."""
    if isinstance(tables, (str, os.PathLike)):
        folder = Path(tables)
        if not folder.is_dir():
            raise NotADirectoryError(
                f"{os.fspath(tables)!r} is not a folder (give a folder of <table>.csv files, or "
                "a mapping table name -> CSV text or path)"
            )
        found = [(n, folder / f"{n}.csv") for n in TABLES if (folder / f"{n}.csv").is_file()]
        if not found:
            raise _native.invalid_argument(
                "tables",
                f"the folder {os.fspath(tables)!r}",
                "a folder with at least one of " + ", ".join(f"{n}.csv" for n in TABLES),
            )
        if skeleton is None and (folder / "program.json").is_file():
            skeleton = folder / "program.json"
        return [(n, p.read_bytes(), os.fspath(p)) for n, p in found], skeleton
    if not isinstance(tables, Mapping):
        raise TypeError(
            "tables must be a mapping table name -> CSV text or path, or a folder, not "
            f"{type(tables).__name__}"
        )
    out: list[tuple[str, str | bytes, str]] = []
    for name, source in tables.items():
        if not isinstance(name, str):
            raise TypeError(f"table names must be str, not {type(name).__name__}")
        if isinstance(source, os.PathLike):
            out.append((name, Path(source).read_bytes(), os.fspath(source)))
        else:
            out.append((name, _text(source, f"table {name!r}"), f"{name}.csv"))
    return out, skeleton


def _column_maps(columns: Any) -> dict[str, dict[str, str]]:
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        raise TypeError(
            "columns must map table names to {field: column name} mappings, not "
            f"{type(columns).__name__}"
        )
    out: dict[str, dict[str, str]] = {}
    for table, m in columns.items():
        if not isinstance(table, str) or not isinstance(m, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in m.items()
        ):
            raise TypeError(
                "columns must map table names (str) to {field: column name} mappings of str, "
                "e.g. {'enrolments': {'joined': 'start_date'}}"
            )
        out[table] = dict(m)
    return out


# ---------------------------------------------------------------------------------------------
# the program


class Program:
    """A program and everything recorded about it (immutable).

    Build one with :meth:`from_json`, :meth:`from_dict`, :meth:`from_csv`, :meth:`new` or
    :func:`load`. Equal programs compare equal (``==``), whatever they were read from.

    >>> p = Program.new("p", "Pilot", "2015-01-01", "2015-12-31")
    >>> p.id, p.name, str(p.period), p.timepoints, p.instrument
    ('p', 'Pilot', '2015-01-01..=2015-12-31', ['baseline', 'week15'], '5L')
    >>> p.counts
    {'units': 0, 'groups': 0, 'participants': 0, 'enrolments': 0, 'sessions': 0, 'measurements': 0}
    """

    __slots__ = ("_native",)

    def __init__(self, native: _native.Program) -> None:
        if not isinstance(native, _native.Program):
            raise TypeError(
                "use Program.from_json(), Program.from_dict(), Program.from_csv(), "
                "Program.new() or groupwell.program.load() to build a Program"
            )
        self._native = native

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def from_json(cls, text: str | bytes) -> Program:
        """Reads a program document (``str``, or UTF-8 ``bytes``). A structural problem (a
        missing or unknown field, a wrong type, a date that is not ``YYYY-MM-DD``, another
        format version) raises :class:`~groupwell.JsonError` whose message starts with the
        path; the meaning is checked by :meth:`validate`.

        >>> Program.from_json('''{"id": "p", "name": "P",
        ...     "period": {"start": "2015-01-01", "end": "2015-13-01"}}''')
        Traceback (most recent call last):
        ...
        groupwell.JsonError: invalid JSON at line 2, column 57: period.end: input is out of range at line 2 column 57
        """
        return cls(_native.Program.from_json(_text(text, "the program document")))

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> Program:
        """A program from its document as a dict (the JSON object of :meth:`from_json`; dates
        as ``YYYY-MM-DD`` text or :class:`datetime.date`).

        >>> d = Program.new("p", "Pilot", "2015-01-01", "2015-12-31").to_dict()
        >>> d["period"]
        {'start': '2015-01-01', 'end': '2015-12-31'}
        >>> Program.from_dict(d).name
        'Pilot'
        """
        if not isinstance(document, Mapping):
            raise TypeError(f"the document must be a mapping (a dict), not {type(document).__name__}")

        def plain(x: Any) -> Any:
            if isinstance(x, (_dt.date, np.datetime64)):
                return _date_arg(x, "date")
            if isinstance(x, np.generic):
                return x.item()
            raise TypeError(f"a program document cannot hold a {type(x).__name__}")

        try:
            text = json.dumps(dict(document), allow_nan=False, default=plain)
        except ValueError as e:
            raise _native.invalid_argument(
                "document", "a number that is NaN or infinite", "finite numbers"
            ) from e
        return cls(_native.Program.from_json(text))

    @classmethod
    def new(cls, id: str, name: str, start: DateLike, end: DateLike) -> Program:
        """An empty program (no units, groups or people) with the default schedule: baseline
        within ±14 days of joining, follow-up 15 weeks after joining (−2..+4 weeks)."""
        return cls(
            _native.Program.new(id, name, _date_arg(start, "start"), _date_arg(end, "end"))
        )

    @classmethod
    def from_csv(
        cls,
        tables: Mapping[str, TableSource] | str | os.PathLike[str],
        *,
        skeleton: Program | Mapping[str, Any] | str | bytes | os.PathLike[str] | None = None,
        columns: Mapping[str, Mapping[str, str]] | None = None,
        measurement_columns: Mapping[str, Any] | None = None,
    ) -> Program:
        """Reads a program from CSV tables into ``skeleton`` (the program's own facts).

        ``tables`` maps table names (``units``, ``groups``, ``participants``, ``enrolments``,
        ``sessions``, ``measurements``; any subset) to CSV text (``str`` or UTF-8 ``bytes``,
        labelled ``<name>.csv`` in messages) or to a path (:class:`pathlib.Path`, labelled by
        the path). ``tables`` may also be a folder holding ``<name>.csv`` files, whose
        ``program.json`` is the skeleton unless one is given. ``skeleton`` is a
        :class:`Program`, a dict, JSON text or a path of a JSON file; tables it already has are
        extended.

        The columns (matched case-insensitively; ``;`` separates list items):

        ============ =============================================================================
        units        id, name, kind, region
        groups       id, name, theme, format, units, leadership, starter_sessions, contributors,
                     capacity_min, capacity_max, start, end, status
        participants id, sex, age_band, birth_year, home_unit, referral
        enrolments   participant, group, joined, left, reason
        sessions     group, date, sites, mode, attended
        measurements participant, date, eq5d (or mo sc ua pd ad), vas, <scale>_<item>...
        ============ =============================================================================

        ``columns`` renames columns per table (``{"enrolments": {"joined": "start_date"}}``).
        ``measurement_columns`` describes the measurement table: ``participant``, ``date``,
        ``eq5d`` (the state column, or the five level columns), ``vas``, ``scales`` (scale id →
        item columns in item order), and for one row per participant ``layout="wide"`` with
        ``occasions`` (column suffixes, e.g. ``["t0", "t1"]``) and ``separator`` (``"_"``).

        A table with bad cells raises :class:`~groupwell.InvalidRowsError` listing every one
        as :class:`~groupwell.eq5d.RowError` (``row``: 0-based data row, ``field``: the column;
        the message names the file, line and column); a missing column or malformed CSV raises
        :class:`~groupwell.InvalidArgumentError`. Both have ``.table`` and ``.file``. Values are
        checked by :meth:`validate`, whose findings then name the file, line and column.

        >>> p = Program.from_csv(
        ...     {"participants": "id,sex\\np1,female\\n",
        ...      "measurements": "person,date,eq5d,vas\\np1,2015-02-02,21232,55\\np1,2015-02-03,11111,101\\n"},
        ...     skeleton=Program.new("p", "Pilot", "2015-01-01", "2015-12-31"),
        ...     measurement_columns={"participant": "person"})
        >>> p.counts["measurements"]
        2
        >>> [f.csv for f in p.validate().errors]
        [CsvCell(file='measurements.csv', line=3, column='vas')]
        >>> from groupwell import InvalidRowsError
        >>> try:
        ...     Program.from_csv({"enrolments": "participant,group,joined\\np1,g1,2015-02-30\\n"},
        ...                      skeleton=p)
        ... except InvalidRowsError as e:
        ...     print(e.table, e.file, [(r.row, r.field) for r in e.errors])
        enrolments enrolments.csv [(0, 'joined')]
        """
        texts, skeleton = _tables(tables, skeleton)
        base = _skeleton(skeleton)
        maps = _column_maps(columns)
        mcols = None if measurement_columns is None else _measurement_columns(measurement_columns)
        try:
            native = _native.Program.from_csv(base, texts, maps, mcols)
        except InvalidRowsError as exc:
            exc.errors = _with_labels(exc.errors, None)
            table, file = getattr(exc, "table", None), getattr(exc, "file", None)
            if hasattr(exc, "add_note") and table is not None:
                exc.add_note(f"table {table} ({file})")
            raise
        return cls(native)

    # -- writing ----------------------------------------------------------------------------

    def to_json(self) -> str:
        """The document as JSON, one line per record (read back by :meth:`from_json` to an
        equal program)."""
        return self._native.to_json()

    def to_dict(self) -> dict[str, Any]:
        """The document as a dict (dates as ``YYYY-MM-DD`` text); :meth:`from_dict` reads it
        back."""
        out: dict[str, Any] = json.loads(self._native.to_json())
        return out

    def to_csv_tables(self) -> dict[str, str]:
        """The tables as CSV text, in the layout :meth:`from_csv` reads with default columns
        (measurements long, scale items as ``<scale>_<item>``); the program's own facts are in
        :meth:`skeleton`.

        >>> p = Program.new("p", "Pilot", "2015-01-01", "2015-12-31")
        >>> p.to_csv_tables()["units"]
        'id,name,kind,region\\n'
        >>> Program.from_csv(p.to_csv_tables(), skeleton=p.skeleton()) == p
        True
        """
        return dict(self._native.to_csv_tables())

    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the document (:meth:`to_json`) to a UTF-8 file; :func:`load` reads it."""
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    def skeleton(self) -> Program:
        """The program without its records: the facts a CSV import starts from."""
        return Program(self._native.skeleton())

    # -- facts ------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        """Program id."""
        return self._native.id

    @property
    def name(self) -> str:
        """Display name."""
        return self._native.name

    @property
    def format(self) -> str:
        """The document's format tag (:data:`PROGRAM_FORMAT`)."""
        return self._native.format

    @property
    def period(self) -> Period:
        """The period the program runs."""
        start, end = self._native.period
        return Period(_date(start), _date(end))

    @property
    def owners(self) -> list[str]:
        """Ids of the owning units."""
        return self._native.owners

    @property
    def timepoints(self) -> list[str]:
        """The schedule's timepoint names, in order."""
        return self._native.timepoints

    @property
    def instrument(self) -> str:
        """The EQ-5D version of the answers (``5L``, ``3L``...)."""
        return self._native.instrument

    @property
    def counts(self) -> dict[str, int]:
        """The number of records per table."""
        return dict(self._native.counts)

    # -- validation and timepoints ----------------------------------------------------------

    def validate(self) -> Validation:
        """Checks the meaning: unique ids, references, date order, capacity, overlapping
        groups, answers (EQ-5D states, EQ VAS 0–100, scale answers), measurements no
        timepoint uses. Every finding has its location (a JSON Pointer; for programs read
        from CSV also the file, line and column).

        >>> d = Program.new("p", "Pilot", "2015-01-01", "2015-12-31").to_dict()
        >>> d["participants"] = [{"id": "p1"}, {"id": "p1"}]
        >>> for f in Program.from_dict(d).validate():
        ...     print(f.severity, f.code, f.path)
        error duplicate_id /participants/1/id
        """
        return Validation(_findings(self._native.validate()))

    def assign_timepoints(self) -> Assignments:
        """Assigns measurements to the schedule's timepoints, enrolment by enrolment: for each
        rule the measurement closest to the target date within the window (see
        :attr:`Assignment.explanation`)."""
        return Assignments(self._native.assign_timepoints())

    def validate_and_assign(self) -> tuple[Validation, Assignments]:
        """:meth:`validate` and :meth:`assign_timepoints` in one pass."""
        findings, raw = self._native.validate_and_assign()
        return Validation(_findings(findings)), Assignments(raw)

    # -- queries ----------------------------------------------------------------------------

    def groups_running(
        self,
        start: DateLike,
        end: DateLike,
        *,
        theme: str | None = None,
        format: str | None = None,
        unit: str | None = None,
        peer_led: bool | None = None,
    ) -> Any:
        """The groups that ran (status running or ended) on at least one day of
        ``start..=end`` and pass the filter (``theme`` case-insensitively, ``format``
        ``on_site`` / ``virtual_multi_site`` / ``digital_home``, a ``unit`` the group meets at,
        peer-led or not), as a pandas DataFrame with the columns of ``groups.csv`` (``units``
        and ``contributors`` as lists). Needs pandas.

        >>> p = Program.new("p", "Pilot", "2015-01-01", "2015-12-31")
        >>> list(p.groups_running("2015-01-01", "2015-12-31", format="on_site").columns)[:4]
        ['id', 'name', 'theme', 'format']
        """
        pd = _pd("Program.groups_running()")
        groups = json.loads(
            self._native.groups_running(
                _date_arg(start, "start"), _date_arg(end, "end"),
                _filter(theme, format, unit, peer_led),
            )
        )
        rows = []
        for g in groups:
            lead = g.get("leadership") or {}
            cap = g.get("capacity") or {}
            rows.append(
                (
                    g["id"], g.get("name"), g["theme"], g["format"], g.get("units", []),
                    lead.get("kind"), lead.get("starter_sessions"), g.get("contributors", []),
                    cap.get("min"), cap.get("max"), g["start"], g.get("end"), g["status"],
                )
            )
        cols = [
            "id", "name", "theme", "format", "units", "leadership", "starter_sessions",
            "contributors", "capacity_min", "capacity_max", "start", "end", "status",
        ]
        df = pd.DataFrame.from_records(rows, columns=cols)
        for c in ("starter_sessions", "capacity_min", "capacity_max"):
            df[c] = pd.array(df[c].tolist(), dtype="Int64")
        for c in ("start", "end"):
            df[c] = np.array(
                ["NaT" if d is None else d for d in df[c].tolist()], dtype="datetime64[D]"
            )
        return df

    def participants_in(
        self,
        start: DateLike,
        end: DateLike,
        *,
        theme: str | None = None,
        format: str | None = None,
        unit: str | None = None,
        peer_led: bool | None = None,
    ) -> list[str]:
        """Distinct participants enrolled on at least one day of ``start..=end`` in a group
        that ran and passes the filter (as in :meth:`groups_running`), sorted by id.

        >>> Program.new("p", "Pilot", "2015-01-01", "2015-12-31").participants_in(
        ...     "2015-01-01", "2015-06-30", theme="stress")
        []
        """
        return self._native.participants_in(
            _date_arg(start, "start"), _date_arg(end, "end"), _filter(theme, format, unit, peer_led)
        )

    def attendance(self) -> Any:
        """Attendance per group, in group order, as a DataFrame: ``group``, ``sessions``
        (recorded), ``expected`` (participants enrolled on each session's date, summed),
        ``attended`` (of those, present) and ``rate`` (``attended / expected``, ``NaN`` when
        nobody was expected). Needs pandas."""
        pd = _pd("Program.attendance()")
        return pd.DataFrame.from_records(
            [(*r[:4], np.nan if r[4] is None else r[4]) for r in self._native.attendance()],
            columns=["group", "sessions", "expected", "attended", "rate"],
        ).astype({"sessions": np.int64, "expected": np.int64, "attended": np.int64, "rate": np.float64})

    def participant_attendance(self) -> Any:
        """Attendance per enrolment, in enrolment order, as a DataFrame: ``participant``,
        ``group``, ``sessions`` (held while enrolled), ``attended`` and ``rate`` (``NaN``
        without sessions). Needs pandas."""
        pd = _pd("Program.participant_attendance()")
        return pd.DataFrame.from_records(
            [(*r[:4], np.nan if r[4] is None else r[4]) for r in self._native.participant_attendance()],
            columns=["participant", "group", "sessions", "attended", "rate"],
        ).astype({"sessions": np.int64, "attended": np.int64, "rate": np.float64})

    def completion(self) -> Any:
        """How enrolments ended, per group in group order, as a DataFrame: ``group``,
        ``enrolled``, ``completed``, ``dropped_out``, ``moved``, ``other`` (or no reason),
        ``active`` (not left), ``completion_rate`` and ``dropout_rate`` (``NaN`` for a group
        without enrolments). Needs pandas."""
        pd = _pd("Program.completion()")
        counts = ["enrolled", "completed", "dropped_out", "moved", "other", "active"]
        return pd.DataFrame.from_records(
            [
                (*r[:7], np.nan if r[7] is None else r[7], np.nan if r[8] is None else r[8])
                for r in self._native.completion()
            ],
            columns=["group", *counts, "completion_rate", "dropout_rate"],
        ).astype({**{c: np.int64 for c in counts}, "completion_rate": np.float64,
                  "dropout_rate": np.float64})

    def group_summaries(self) -> Any:
        """One row per group, in group order: ``group``, ``theme``, ``format``, ``units`` (a
        list), ``start``, ``end`` (``NaT`` when open), ``participants`` (distinct, enrolled)
        and ``within_capacity`` (nullable ``boolean``; ``<NA>`` without a capacity). Needs
        pandas."""
        pd = _pd("Program.group_summaries()")
        rows = self._native.group_summaries()
        return pd.DataFrame(
            {
                "group": [r[0] for r in rows],
                "theme": [r[1] for r in rows],
                "format": [r[2] for r in rows],
                "units": [r[3] for r in rows],
                "start": _datetimes([r[4] for r in rows]),
                "end": _datetimes([r[5] for r in rows]),
                "participants": np.array([r[6] for r in rows], dtype=np.int64),
                "within_capacity": pd.array([r[7] for r in rows], dtype="boolean"),
            }
        )

    # -- the tidy table ---------------------------------------------------------------------

    def tidy(
        self,
        value_sets: Sequence[str] = (),
        *,
        subscales: bool = True,
        backend: Backend = "pandas",
        categorical: bool = False,
    ) -> Any:
        """The tidy table of every assigned timepoint: one row per participant × timepoint ×
        measure, with the columns ``participant``, ``group``, ``theme``, ``format``, ``unit``
        (home unit), ``sex``, ``age_band`` (``""`` when not recorded), ``timepoint``, ``date``
        (``datetime64``), ``measure`` and ``value`` (``float64``, ``NaN`` when not scorable).

        Measures: ``eq_vas`` (when any measurement has one), ``eq5d_index/<value set id>``
        for each of ``value_sets`` (ids or names, as :func:`groupwell.eq5d.value_set`), and
        the total (``<scale id>``) and, with ``subscales``, the subscale scores
        (``<scale id>/<subscale>``) of each scale in the measurements. Timepoints without a
        measurement have no rows (:meth:`assign_timepoints` lists them). An unknown value set
        or one for another EQ-5D version raises the error of
        :func:`groupwell.eq5d.value_set`.

        ``backend``: ``"pandas"`` (a DataFrame; text columns ``categorical=True`` as
        ``category``), ``"polars"`` (a polars DataFrame, if polars is installed: dates as
        ``Date``, a ``NaN`` value as null, text columns ``categorical=True`` as ``Enum``) or
        ``"numpy"`` (a dict of numpy arrays: text as ``object``, ``date`` as
        ``datetime64[D]``).

        >>> p = Program.new("p", "Pilot", "2015-01-01", "2015-12-31")
        >>> list(p.tidy(backend="numpy"))
        ['participant', 'group', 'theme', 'format', 'unit', 'sex', 'age_band', 'timepoint', 'date', 'measure', 'value']
        """
        if isinstance(value_sets, str):
            value_sets = [value_sets]
        names = list(value_sets)
        if not all(isinstance(v, str) for v in names):
            raise TypeError("value_sets must be a list of value set ids or names (str)")
        if backend not in ("pandas", "polars", "numpy"):
            raise _native.invalid_argument("backend", repr(backend), "'pandas', 'polars' or 'numpy'")
        text, days, values = self._native.tidy(names, bool(subscales))
        dates = days.view("datetime64[D]")
        order = [n for n, _, _ in text]
        order.insert(order.index("measure"), "date")
        order.append("value")
        if backend == "polars":
            try:
                pl = importlib.import_module("polars")
            except ImportError as e:
                raise ImportError(
                    "Program.tidy(backend='polars') needs polars: pip install polars"
                ) from e
            pcols: dict[str, Any] = {}
            for name, distinct, codes in text:
                dtype = pl.Enum(distinct) if categorical else pl.String
                pcols[name] = pl.Series(name, distinct, dtype=dtype).gather(pl.Series(codes))
            pcols["date"] = pl.Series("date", dates)
            pcols["value"] = pl.Series("value", values, dtype=pl.Float64).fill_nan(None)
            return pl.DataFrame([pcols[n] for n in order])
        if backend == "numpy":
            cols: dict[str, Any] = {}
            for name, distinct, codes in text:
                lookup = np.empty(len(distinct), dtype=object)
                lookup[:] = distinct
                cols[name] = lookup[codes]
            cols["date"] = dates
            cols["value"] = values
            return {n: cols[n] for n in order}
        pd = _pd("Program.tidy()")
        frame: dict[str, Any] = {}
        for name, distinct, codes in text:
            if categorical:
                frame[name] = pd.Categorical.from_codes(codes.astype(np.int64), categories=distinct)
            else:
                lookup = np.empty(len(distinct), dtype=object)
                lookup[:] = distinct
                frame[name] = lookup[codes]
        frame["date"] = dates
        frame["value"] = values
        return pd.DataFrame({n: frame[n] for n in order})

    def tidy_csv(self, value_sets: Sequence[str] = (), *, subscales: bool = True) -> str:
        """The tidy table (see :meth:`tidy`) as CSV text, as the core writes it (``NaN`` as an
        empty cell; values in the shortest text that reads back to the same number).

        >>> Program.new("p", "Pilot", "2015-01-01", "2015-12-31").tidy_csv()
        'participant,group,theme,format,unit,sex,age_band,timepoint,date,measure,value\\n'
        """
        if isinstance(value_sets, str):
            value_sets = [value_sets]
        names = list(value_sets)
        if not all(isinstance(v, str) for v in names):
            raise TypeError("value_sets must be a list of value set ids or names (str)")
        return self._native.tidy_csv(names, bool(subscales))

    # -- goals ------------------------------------------------------------------------------

    def evaluate(self, goals: GoalSet | Mapping[str, Any] | str | os.PathLike[str]) -> Report:
        """Evaluates goals against this program: ``goals`` is a
        :class:`~groupwell.goals.GoalSet`, its document as a dict or the path of a ``.json``
        or ``.toml`` file (see :func:`groupwell.goals.evaluate`).

        >>> p = Program.new("p", "Pilot", "2015-01-01", "2015-12-31")
        >>> p.evaluate({"goals": [{"id": "handbook", "title": "A handbook", "type": "manual",
        ...                        "status": "met", "evidence": "Printed in March"}]}).outcomes
        {'handbook': 'met'}
        """
        from .goals import evaluate

        return evaluate(self, goals)

    # -- protocol ---------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Program):
            return NotImplemented
        return self._native == other._native

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._native)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (from_json, (self.to_json(),))


# ---------------------------------------------------------------------------------------------
# module functions


def from_json(text: str | bytes) -> Program:
    """A program from its JSON document (see :meth:`Program.from_json`)."""
    return Program.from_json(text)


def from_csv(
    tables: Mapping[str, TableSource] | str | os.PathLike[str],
    *,
    skeleton: Program | Mapping[str, Any] | str | bytes | os.PathLike[str] | None = None,
    columns: Mapping[str, Mapping[str, str]] | None = None,
    measurement_columns: Mapping[str, Any] | None = None,
) -> Program:
    """A program from CSV tables (see :meth:`Program.from_csv`)."""
    return Program.from_csv(
        tables, skeleton=skeleton, columns=columns, measurement_columns=measurement_columns
    )


def load(path: str | os.PathLike[str]) -> Program:
    """Reads a program from a file: a JSON document (``.json``), or a folder of CSV tables
    with its ``program.json`` skeleton (see :meth:`Program.from_csv`). Only the local file
    system is read.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = pathlib.Path(d) / "pilot.json"
    ...     Program.new("p", "Pilot", "2015-01-01", "2015-12-31").save(path)
    ...     load(path).name
    'Pilot'
    """
    p = Path(path)
    if p.is_dir():
        return Program.from_csv(p)
    return Program.from_json(p.read_bytes())
