"""Goals of a program and their evaluation.

A :class:`GoalSet` is a program's goals as plain data (JSON or TOML, format tag
:data:`GOALS_FORMAT`): each goal has an id, a title, what it measures (``type``:
``participant_change``, ``group_count``, ``distinct_offerings``, ``participation``,
``group_size``, ``follow_up_rate``, ``manual``) and how the outcome is decided. :func:`evaluate`
checks them against a :class:`~groupwell.program.Program` and gives a :class:`Report`: per goal
met / not met / inconclusive, the observed value, the target, n, the uncertainty (a confidence
interval and an exact binomial test for shares; the mean change with its interval, a paired
t-test and a Wilcoxon signed-rank test for changes), what was left out and why, and breakdowns
by group, unit, sex and theme::

    >>> from groupwell import goals, program
    >>> p = program.load("examples/programs/self-help-groups.json")
    >>> report = goals.evaluate(p, "examples/goals/self-help-goals.json")
    >>> report.outcomes
    {'groups-2015': 'met', 'eq-vas': 'met', 'sci-93': 'met', 'group-size': 'met', 'follow-up': 'met', 'themes': 'met', 'participants-2016': 'not_met', 'handbook': 'met'}
    >>> report.to_frame()[["id", "outcome", "observed", "target", "n", "ci_lower", "ci_upper"]]
                      id  outcome  observed  target   n  ci_lower  ci_upper
    0        groups-2015      met     5.000    5.00   5       NaN       NaN
    1             eq-vas      met     0.529    0.50  34     0.367     0.685
    2             sci-93      met     0.882    0.75  34     0.734     0.953
    3         group-size      met     1.000    1.00   7     0.646     1.000
    4          follow-up      met     0.829    0.80  41     0.687     0.915
    5             themes      met     5.000    4.00   7       NaN       NaN
    6  participants-2016  not_met    14.000   34.00  14       NaN       NaN
    7           handbook      met       NaN     NaN   0       NaN       NaN

The report renders as Markdown (:meth:`Report.to_markdown`, for a steering-group meeting) and
as one self-contained HTML file with charts (:meth:`Report.to_html`; in a notebook the report
displays itself). Its numbers are in :meth:`Report.to_dict` (the core's JSON) and in tables:
:meth:`Report.to_frame` (one row per goal), :meth:`Report.populations_frame`,
:meth:`Report.exclusions_frame`, :meth:`Report.pairs_frame`, :meth:`Report.breakdowns_frame`
and :meth:`Report.profile_changes_frame` (the EQ-5D profile change, PCHC).

Every rule (what a valid goal is, who is counted, the intervals and tests) is the Rust core's:
the same report comes out of Python, the command line and the browser.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, TypeAlias

import numpy as np

from . import _native
from .program import Period, Program, _date_arg, _text
from .program import load as _load_program

__all__ = [
    "GOALS_FORMAT",
    "GoalSet",
    "Report",
    "evaluate",
    "from_json",
    "from_toml",
    "load",
]

#: The format tag of goal documents (the ``"format"`` field; optional in a document).
GOALS_FORMAT: str = _native.goals_format()

#: ``backend=`` of the report's tables.
FrameBackend: TypeAlias = Literal["pandas", "polars"]


# ---------------------------------------------------------------------------------------------
# helpers


def _plain(x: Any) -> Any:
    """JSON for the values a goal document may hold besides JSON's own (dates, numpy
    scalars)."""
    if isinstance(x, (_dt.date, np.datetime64)):
        return _date_arg(x, "date")
    if isinstance(x, np.generic):
        return x.item()
    raise TypeError(f"a goal document cannot hold a {type(x).__name__}")


# ---------------------------------------------------------------------------------------------
# goal sets


class GoalSet:
    """A program's goals (immutable), in report order.

    Read one with :meth:`from_json`, :meth:`from_toml`, :meth:`from_dict` or :func:`load`.
    Reading checks the shape only (a missing or unknown field, a wrong type: an error naming the
    path, e.g. ``goals[1].target``); the meaning (timepoints, measures, targets in ``0..=1``,
    thresholds that fit the measure) is checked against the program by :meth:`evaluate`.

    >>> g = GoalSet.from_dict({"goals": [
    ...     {"id": "groups", "title": "At least 5 groups running in 2015", "type": "group_count",
    ...      "period": {"start": "2015-01-01", "end": "2015-12-31"}, "at_least": 5}]})
    >>> g
    <GoalSet: 1 goal: groups>
    >>> len(g), g.ids, g.format
    (1, ['groups'], 'groupwell-goals/1')
    """

    __slots__ = ("_native",)

    def __init__(self, native: _native.GoalSet) -> None:
        if not isinstance(native, _native.GoalSet):
            raise TypeError(
                "use GoalSet.from_json(), GoalSet.from_toml(), GoalSet.from_dict() or "
                "groupwell.goals.load() to build a GoalSet"
            )
        self._native = native

    # -- reading ----------------------------------------------------------------------------

    @classmethod
    def from_json(cls, text: str | bytes) -> GoalSet:
        """Reads a goal document in JSON (``str``, or UTF-8 ``bytes``). A structural problem
        raises :class:`~groupwell.JsonError` whose message names the path.

        >>> GoalSet.from_json('{"goals": [{"id": "x", "title": "X", "type": "nonsense"}]}')
        Traceback (most recent call last):
        ...
        groupwell.JsonError: invalid JSON at line 1, column ...: goals[0]...: unknown variant `nonsense`, expected one of `participant_change`, ...
        """
        return cls(_native.GoalSet.from_json(_text(text, "the goal document")))

    @classmethod
    def from_toml(cls, text: str | bytes) -> GoalSet:
        """Reads a goal document in TOML: the same fields as JSON, one ``[[goals]]`` table per
        goal. A problem raises :class:`~groupwell.TomlError` with ``.line`` and ``.column``;
        the message names the path.

        >>> g = GoalSet.from_toml('''
        ... [[goals]]
        ... id = "groups"
        ... title = "At least 5 groups running in 2015"
        ... type = "group_count"
        ... period = { start = "2015-01-01", end = "2015-12-31" }
        ... at_least = 5
        ... ''')
        >>> g.ids
        ['groups']
        >>> GoalSet.from_toml('[[goals]]\\nid = 3')
        Traceback (most recent call last):
        ...
        groupwell.TomlError: invalid TOML at line 2, column 6: goals[0].id: invalid type: integer `3`, expected a string
        """
        return cls(_native.GoalSet.from_toml(_text(text, "the goal document")))

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> GoalSet:
        """A goal set from its document as a dict (the JSON object of :meth:`from_json`;
        dates as ``YYYY-MM-DD`` text or :class:`datetime.date`).

        >>> import datetime
        >>> g = GoalSet.from_dict({"goals": [
        ...     {"id": "groups", "title": "Five groups", "type": "group_count", "at_least": 5,
        ...      "period": {"start": datetime.date(2015, 1, 1), "end": "2015-12-31"}}]})
        >>> g.goals[0]["period"]
        {'start': '2015-01-01', 'end': '2015-12-31'}
        """
        if not isinstance(document, Mapping):
            raise TypeError(f"the document must be a mapping (a dict), not {type(document).__name__}")
        try:
            text = json.dumps(dict(document), allow_nan=False, default=_plain)
        except ValueError as e:
            raise _native.invalid_argument(
                "document", "a number that is NaN or infinite", "finite numbers"
            ) from e
        return cls(_native.GoalSet.from_json(text))

    # -- writing ----------------------------------------------------------------------------

    def to_json(self) -> str:
        """The document as pretty-printed JSON (read back by :meth:`from_json` to an equal
        goal set; defaults such as ``decision`` and ``level`` written out)."""
        return self._native.to_json()

    def to_dict(self) -> dict[str, Any]:
        """The document as a dict; :meth:`from_dict` reads it back."""
        out: dict[str, Any] = json.loads(self._native.to_json())
        return out

    # -- facts ------------------------------------------------------------------------------

    @property
    def format(self) -> str:
        """The document's format tag (:data:`GOALS_FORMAT`)."""
        return self._native.format

    @property
    def ids(self) -> list[str]:
        """The goal ids, in report order."""
        return self._native.ids

    @property
    def goals(self) -> list[dict[str, Any]]:
        """The goals as dicts (the document's ``goals``, defaults filled in)."""
        goals: list[dict[str, Any]] = self.to_dict()["goals"]
        return goals

    # -- evaluation -------------------------------------------------------------------------

    def evaluate(self, program: Program | str | os.PathLike[str]) -> Report:
        """Evaluates the goals against ``program`` (see :func:`evaluate`)."""
        return evaluate(program, self)

    # -- protocol ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._native)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GoalSet):
            return NotImplemented
        return self._native == other._native

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._native)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (from_json, (self.to_json(),))


def from_json(text: str | bytes) -> GoalSet:
    """Goals from their JSON document (see :meth:`GoalSet.from_json`)."""
    return GoalSet.from_json(text)


def from_toml(text: str | bytes) -> GoalSet:
    """Goals from their TOML document (see :meth:`GoalSet.from_toml`)."""
    return GoalSet.from_toml(text)


def load(path: str | os.PathLike[str]) -> GoalSet:
    """Reads goals from a file: JSON (``.json``) or TOML (``.toml``), chosen by the
    extension (in any case). Only the local file system is read.

    >>> load("examples/goals/self-help-goals.json").ids[:3]
    ['groups-2015', 'eq-vas', 'sci-93']
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".json":
        return GoalSet.from_json(p.read_bytes())
    if suffix == ".toml":
        return GoalSet.from_toml(p.read_bytes())
    raise _native.invalid_argument(
        "path", repr(os.fspath(path)), "a goal file ending in .json or .toml"
    )


def _goal_set(goals: Any) -> GoalSet:
    if isinstance(goals, GoalSet):
        return goals
    if isinstance(goals, str) and goals.lstrip()[:1] in ("{", "["):
        raise _native.invalid_argument(
            "goals",
            "JSON or TOML text",
            "a GoalSet, a dict or a path (read text with GoalSet.from_json() or "
            "GoalSet.from_toml())",
        )
    if isinstance(goals, (str, os.PathLike)):
        return load(goals)
    if isinstance(goals, Mapping):
        return GoalSet.from_dict(goals)
    raise TypeError(
        "goals must be a GoalSet, a dict or the path of a .json or .toml file, not "
        f"{type(goals).__name__} (read JSON or TOML text with GoalSet.from_json() or "
        "GoalSet.from_toml())"
    )


def _program(program: Any) -> Program:
    if isinstance(program, Program):
        return program
    if isinstance(program, (str, os.PathLike)):
        return _load_program(program)
    raise TypeError(
        "program must be a groupwell.program.Program or the path of a program file, not "
        f"{type(program).__name__}"
    )


def evaluate(
    program: Program | str | os.PathLike[str],
    goals: GoalSet | Mapping[str, Any] | str | os.PathLike[str],
) -> Report:
    """Checks ``goals`` against ``program`` and evaluates every one, with the GIL released.

    ``program`` is a :class:`~groupwell.program.Program` (or the path
    :func:`groupwell.program.load` reads); ``goals`` a :class:`GoalSet`, its document as a
    dict, or the path of a ``.json`` or ``.toml`` file (:func:`load`). An invalid goal (an
    unknown measure, scale, value set or timepoint, a target outside ``0..=1``, a threshold
    that does not fit the measure, two goals with one id) raises
    :class:`~groupwell.InvalidDefinitionError` naming the goal (``.id``) and the field
    (``.field``), and nothing is evaluated. The program itself is not validated here: run
    :meth:`~groupwell.program.Program.validate` first (the command line refuses a program with
    errors).

    >>> from groupwell.program import load as load_program
    >>> p = load_program("examples/programs/self-help-groups.json")
    >>> evaluate(p, {"goals": [{"id": "vas", "title": "EQ VAS", "type": "participant_change",
    ...     "measure": {"kind": "eq_vas"}, "from": "baseline", "to": "week16",
    ...     "criterion": "improved", "threshold": {"type": "strict"}, "target": 0.5}]})
    Traceback (most recent call last):
    ...
    groupwell.InvalidDefinitionError: definition "vas": to: timepoint "week16" is not in the program's schedule (baseline, week15)
    """
    g = _goal_set(goals)
    p = _program(program)
    return Report(g._native.evaluate(p._native))


# ---------------------------------------------------------------------------------------------
# reports


def _pd(what: str) -> Any:
    """The pandas module, or an ImportError naming pandas and the method that needs it."""
    try:
        return importlib.import_module("pandas")
    except ImportError as e:
        raise ImportError(
            f"groupwell.goals.{what} returns a pandas DataFrame and needs pandas: "
            "pip install 'groupwell[pandas]' (or pip install pandas), or use backend='polars'"
        ) from e


#: Column kinds of the report's tables: text (``None`` = missing), float (``None`` = NaN /
#: null), int, nullable int, bool, list of text.
_Kind: TypeAlias = Literal["str", "float", "int", "Int", "bool", "list"]


def _table(columns: list[tuple[str, _Kind, list[Any]]], backend: Any, what: str) -> Any:
    """A pandas or polars DataFrame from ``(name, kind, values)`` columns."""
    if backend == "polars":
        try:
            pl = importlib.import_module("polars")
        except ImportError as e:
            raise ImportError(f"Report.{what}(backend='polars') needs polars: pip install polars") from e
        types = {
            "str": pl.String, "float": pl.Float64, "int": pl.Int64, "Int": pl.Int64,
            "bool": pl.Boolean, "list": pl.List(pl.String),
        }
        return pl.DataFrame([pl.Series(name, values, dtype=types[kind]) for name, kind, values in columns])
    if backend != "pandas":
        raise _native.invalid_argument("backend", repr(backend), "'pandas' or 'polars'")
    pd = _pd(f"Report.{what}()")
    frame: dict[str, Any] = {}
    for name, kind, values in columns:
        if kind == "float":
            frame[name] = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        elif kind == "int":
            frame[name] = np.array(values, dtype=np.int64)
        elif kind == "Int":
            frame[name] = pd.array(values, dtype="Int64")
        elif kind == "bool":
            frame[name] = np.array(values, dtype=bool)
        elif kind == "list":
            cell = np.empty(len(values), dtype=object)
            cell[:] = values
            frame[name] = cell
        else:
            frame[name] = pd.Series(values, dtype=object) if not values else values
    return pd.DataFrame(frame, columns=[name for name, _, _ in columns])


class Report:
    """The evaluation of a goal set against a program (immutable): one result per goal, in
    goal order.

    Each result (:attr:`results`, the core's JSON form as dicts; a number that could not be
    estimated is ``None``) holds ``id``, ``title``, ``kind``, ``outcome`` (``met``,
    ``not_met``, ``inconclusive``), ``observed`` (a share in ``0..=1`` when ``is_share``, else
    a count), ``target``, ``comparison`` (``>=``, or ``<=`` for a limit on worsening), ``n``,
    ``ci`` (``[lower, upper]`` or ``None``), ``p_value``, ``decision``, ``level``,
    ``populations`` (participant-change goals: ``completers`` and ``enrolled``), ``deciding``,
    ``change`` (the mean change with its interval and tests), ``pairs`` (each completer's
    scores), ``exclusions`` (what was left out, and why), ``breakdowns`` and ``details``.

    >>> r = evaluate("examples/programs/self-help-groups.json", "examples/goals/self-help-goals.json")
    >>> r
    <Report self-help-2015: 8 goals, 7 met, 1 not met, 0 inconclusive>
    >>> vas = r.result("eq-vas")
    >>> vas["outcome"], vas["populations"][0]["successes"], vas["n"], vas["deciding"]
    ('met', 18, 34, 'completers')
    >>> [round(x, 3) for x in vas["ci"]]
    [0.367, 0.685]
    """

    __slots__ = ("_data", "_native")

    def __init__(self, native: _native.Report) -> None:
        if not isinstance(native, _native.Report):
            raise TypeError(
                "use groupwell.goals.evaluate(), GoalSet.evaluate(), Program.evaluate() or "
                "Report.from_json() to get a Report"
            )
        self._native = native
        self._data: dict[str, Any] | None = None

    def _parsed(self) -> dict[str, Any]:
        """The report's JSON form, parsed once (never handed out: callers get copies)."""
        if self._data is None:
            self._data = json.loads(self._native.to_json_compact())
        return self._data

    @classmethod
    def from_json(cls, text: str | bytes) -> Report:
        """Reads a report written by :meth:`to_json` (to render it again, e.g.)."""
        return cls(_native.Report.from_json(_text(text, "the report")))

    # -- facts ------------------------------------------------------------------------------

    @property
    def program_id(self) -> str:
        """The program's id."""
        return self._native.program_id

    @property
    def program_name(self) -> str:
        """The program's name."""
        return self._native.program_name

    @property
    def period(self) -> Period:
        """The program's period."""
        p = self._parsed()["period"]
        return Period(_dt.date.fromisoformat(p["start"]), _dt.date.fromisoformat(p["end"]))

    @property
    def results(self) -> list[dict[str, Any]]:
        """One result per goal, in goal order, as dicts (a fresh copy on each access)."""
        results: list[dict[str, Any]] = self.to_dict()["results"]
        return results

    @property
    def outcomes(self) -> dict[str, str]:
        """Goal id → outcome (``met``, ``not_met`` or ``inconclusive``)."""
        return {r["id"]: r["outcome"] for r in self._parsed()["results"]}

    def result(self, goal: str) -> dict[str, Any]:
        """The result of the goal with id ``goal`` (``KeyError`` if there is none)."""
        for r in self.to_dict()["results"]:
            if r["id"] == goal:
                out: dict[str, Any] = r
                return out
        raise KeyError(goal)

    # -- writing ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The report's JSON form as a dict (a fresh copy; every field of the core's report,
        ``None`` where nothing could be estimated)."""
        out: dict[str, Any] = json.loads(self._native.to_json_compact())
        return out

    def to_json(self) -> str:
        """The report as pretty-printed JSON (the core's; :meth:`from_json` reads it back)."""
        return self._native.to_json()

    def to_markdown(self) -> str:
        """The report as Markdown: a summary table of every goal, then a section per goal with
        the numbers behind it.

        >>> r = evaluate("examples/programs/self-help-groups.json", "examples/goals/self-help-goals.json")
        >>> print(r.to_markdown().splitlines()[0])
        # Goals: Self-help groups in four municipalities
        """
        return self._native.to_markdown()

    def to_html(self) -> str:
        """The report as one self-contained HTML document with inline SVG charts (no external
        files, scripts or fonts), e.g. to save and mail."""
        return self._native.to_html()

    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the report to a UTF-8 file, in the format its extension names: ``.html``
        (or ``.htm``), ``.md`` (or ``.markdown``) or ``.json``."""
        p = Path(path)
        suffix = p.suffix.lower()
        if suffix in (".html", ".htm"):
            text = self.to_html()
        elif suffix in (".md", ".markdown"):
            text = self.to_markdown()
        elif suffix == ".json":
            text = self.to_json() + "\n"
        else:
            raise _native.invalid_argument(
                "path", repr(os.fspath(path)), "a file ending in .html, .md or .json"
            )
        p.write_text(text, encoding="utf-8")

    def to_html_fragment(self) -> str:
        """The report as an HTML fragment to place inside another page: one
        ``<div class="groupwell-report">`` with its own styles (every rule scoped to that
        ``div``), the tables and the charts. :meth:`to_html` is this fragment in a document of
        its own.

        >>> from groupwell.goals import evaluate
        >>> r = evaluate("examples/programs/self-help-groups.json", "examples/goals/self-help-goals.json")
        >>> r.to_html_fragment().startswith('<div class="groupwell-report">')
        True
        """
        return self._native.to_html_fragment()

    def _repr_html_(self) -> str:
        """The report in a notebook: :meth:`to_html_fragment`."""
        return self.to_html_fragment()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    # -- tables -----------------------------------------------------------------------------

    def to_frame(self, *, backend: FrameBackend = "pandas") -> Any:
        """One row per goal, in goal order: ``id``, ``title``, ``kind``, ``measure``, ``from``
        and ``to`` (the measure and timepoints of a participant-change goal), ``outcome``,
        ``observed``, ``target``, ``comparison``, ``is_share``, ``n``, ``ci_lower``,
        ``ci_upper``, ``p_value``, ``decision``, ``level``, ``population`` (the deciding
        population of a participant-change goal, else missing), the mean change of the
        completers (``change_n``, ``mean_from``, ``mean_to``, ``mean_change``,
        ``change_ci_lower``, ``change_ci_upper``, ``t_p_value``, ``wilcoxon_p_value``),
        ``exclusions`` (how many were left out) and ``details`` (a list of notes).

        Numbers are ``float64`` (``NaN`` where not applicable; polars: null), ``n`` and
        ``exclusions`` ``int64``, ``change_n`` nullable ``Int64``, ``is_share`` ``bool``.
        ``backend``: ``"pandas"`` (needs pandas) or ``"polars"``.

        >>> r = evaluate("examples/programs/self-help-groups.json", "examples/goals/self-help-goals.json")
        >>> r.to_frame().loc[1:2, ["id", "population", "change_n", "mean_from", "mean_to", "mean_change"]]
               id  population  change_n  mean_from  mean_to  mean_change
        1  eq-vas  completers        34     62.235   63.912        1.676
        2  sci-93  completers        34     75.314   69.821       -5.492
        """
        rs = self._parsed()["results"]

        def ci(r: dict[str, Any], i: int) -> Any:
            return None if r.get("ci") is None else r["ci"][i]

        def change(key: str) -> list[Any]:
            return [None if r.get("change") is None else r["change"].get(key) for r in rs]

        cols: list[tuple[str, _Kind, list[Any]]] = [
            ("id", "str", [r["id"] for r in rs]),
            ("title", "str", [r["title"] for r in rs]),
            ("kind", "str", [r["kind"] for r in rs]),
            ("measure", "str", [r.get("measure") for r in rs]),
            ("from", "str", [r.get("from") for r in rs]),
            ("to", "str", [r.get("to") for r in rs]),
            ("outcome", "str", [r["outcome"] for r in rs]),
            ("observed", "float", [r.get("observed") for r in rs]),
            ("target", "float", [r.get("target") for r in rs]),
            ("comparison", "str", [r.get("comparison") for r in rs]),
            ("is_share", "bool", [bool(r.get("is_share")) for r in rs]),
            ("n", "int", [r.get("n", 0) for r in rs]),
            ("ci_lower", "float", [ci(r, 0) for r in rs]),
            ("ci_upper", "float", [ci(r, 1) for r in rs]),
            ("p_value", "float", [r.get("p_value") for r in rs]),
            ("decision", "str", [r.get("decision") for r in rs]),
            ("level", "float", [r.get("level") for r in rs]),
            ("population", "str", [r.get("deciding") for r in rs]),
            ("change_n", "Int", change("n")),
            ("mean_from", "float", change("mean_from")),
            ("mean_to", "float", change("mean_to")),
            ("mean_change", "float", change("mean_change")),
            ("change_ci_lower", "float", change("ci_lower")),
            ("change_ci_upper", "float", change("ci_upper")),
            ("t_p_value", "float", change("t_p_value")),
            ("wilcoxon_p_value", "float", change("wilcoxon_p_value")),
            ("exclusions", "int", [len(r.get("exclusions") or []) for r in rs]),
            ("details", "list", [list(r.get("details") or []) for r in rs]),
        ]
        return _table(cols, backend, "to_frame")

    def _rows(self, field: str) -> list[tuple[str, dict[str, Any]]]:
        """``(goal id, item)`` for every item of each result's list ``field``."""
        return [(r["id"], x) for r in self._parsed()["results"] for x in (r.get(field) or [])]

    def populations_frame(self, *, backend: FrameBackend = "pandas") -> Any:
        """Both populations of each participant-change goal: ``goal``, ``population``
        (``completers``, ``enrolled``), ``deciding`` (bool), ``n``, ``successes``
        (``int64``), ``share``, ``lower``, ``upper`` and ``p_value`` (the one-sided exact
        binomial test against the target; ``float64``, ``NaN`` when ``n`` is 0).

        >>> r = evaluate("examples/programs/self-help-groups.json", "examples/goals/self-help-goals.json")
        >>> r.populations_frame()[["goal", "population", "deciding", "n", "successes"]].head(2)
             goal  population  deciding   n  successes
        0  eq-vas  completers      True  34         18
        1  eq-vas    enrolled     False  41         18
        """
        deciding = {r["id"]: r.get("deciding") for r in self._parsed()["results"]}
        rows = self._rows("populations")
        cols: list[tuple[str, _Kind, list[Any]]] = [
            ("goal", "str", [g for g, _ in rows]),
            ("population", "str", [x["population"] for _, x in rows]),
            ("deciding", "bool", [deciding[g] == x["population"] for g, x in rows]),
            ("n", "int", [x["n"] for _, x in rows]),
            ("successes", "int", [x["successes"] for _, x in rows]),
            ("share", "float", [x.get("share") for _, x in rows]),
            ("lower", "float", [x.get("lower") for _, x in rows]),
            ("upper", "float", [x.get("upper") for _, x in rows]),
            ("p_value", "float", [x.get("p_value") for _, x in rows]),
        ]
        return _table(cols, backend, "populations_frame")

    def exclusions_frame(self, *, backend: FrameBackend = "pandas") -> Any:
        """What each goal left out, and why: ``goal``, ``participant`` (missing for a
        group-level exclusion), ``group`` and ``reason``.

        >>> r = evaluate("examples/programs/self-help-groups.json", "examples/goals/self-help-goals.json")
        >>> x = r.exclusions_frame()
        >>> list(x.columns), int((x["goal"] == "eq-vas").sum())
        (['goal', 'participant', 'group', 'reason'], 13)
        """
        rows = self._rows("exclusions")
        cols: list[tuple[str, _Kind, list[Any]]] = [
            ("goal", "str", [g for g, _ in rows]),
            ("participant", "str", [x.get("participant") or None for _, x in rows]),
            ("group", "str", [x.get("group") for _, x in rows]),
            ("reason", "str", [x.get("reason") for _, x in rows]),
        ]
        return _table(cols, backend, "exclusions_frame")

    def pairs_frame(self, *, backend: FrameBackend = "pandas") -> Any:
        """Each completer's scores of the participant-change goals: ``goal``,
        ``participant``, ``group``, ``from`` and ``to`` (``float64``) and ``class``
        (``improved``, ``unchanged``, ``worsened``, under the goal's threshold).

        >>> r = evaluate("examples/programs/self-help-groups.json", "examples/goals/self-help-goals.json")
        >>> pairs = r.pairs_frame()
        >>> list(pairs.columns)
        ['goal', 'participant', 'group', 'from', 'to', 'class']
        >>> pairs[pairs["goal"] == "eq-vas"]["class"].value_counts().to_dict()
        {'improved': 18, 'worsened': 15, 'unchanged': 1}
        """
        rows = self._rows("pairs")
        cols: list[tuple[str, _Kind, list[Any]]] = [
            ("goal", "str", [g for g, _ in rows]),
            ("participant", "str", [x.get("participant") for _, x in rows]),
            ("group", "str", [x.get("group") for _, x in rows]),
            ("from", "float", [x.get("from") for _, x in rows]),
            ("to", "float", [x.get("to") for _, x in rows]),
            ("class", "str", [x.get("class") for _, x in rows]),
        ]
        return _table(cols, backend, "pairs_frame")

    def breakdowns_frame(self, *, backend: FrameBackend = "pandas") -> Any:
        """Each goal's breakdowns: ``goal``, ``by`` (``group``, ``unit``, ``sex``, ``theme``
        or ``format``), ``key``, ``n``, ``successes`` (``int64``), ``share``, ``lower`` and
        ``upper`` (``float64``; ``NaN`` for breakdowns of counts, which have no share).

        >>> r = evaluate("examples/programs/self-help-groups.json", "examples/goals/self-help-goals.json")
        >>> b = r.breakdowns_frame()
        >>> b[(b["goal"] == "eq-vas") & (b["by"] == "sex")][["key", "n", "successes"]]
               key   n  successes
        16  female  25         13
        17    male   9          5
        """
        rows = [
            (g, b["by"], x)
            for g, b in self._rows("breakdowns")
            for x in (b.get("rows") or [])
        ]
        cols: list[tuple[str, _Kind, list[Any]]] = [
            ("goal", "str", [g for g, _, _ in rows]),
            ("by", "str", [by for _, by, _ in rows]),
            ("key", "str", [x.get("key") for _, _, x in rows]),
            ("n", "int", [x["n"] for _, _, x in rows]),
            ("successes", "int", [x["successes"] for _, _, x in rows]),
            ("share", "float", [x.get("share") for _, _, x in rows]),
            ("lower", "float", [x.get("lower") for _, _, x in rows]),
            ("upper", "float", [x.get("upper") for _, _, x in rows]),
        ]
        return _table(cols, backend, "breakdowns_frame")

    def profile_changes_frame(self, *, backend: FrameBackend = "pandas") -> Any:
        """The EQ-5D profile change (the Paretian Classification of Health Change) between the
        timepoints that EQ VAS and EQ-5D index goals compare, one row per pair of timepoints:
        ``from``, ``to``, ``pairs`` (enrolments with a valid state at both), ``improve``,
        ``worsen``, ``mixed``, ``no_change``, ``no_problems`` (``11111`` at both) and
        ``without_pair`` (``int64``).

        >>> r = evaluate("examples/programs/self-help-groups.json", "examples/goals/self-help-goals.json")
        >>> r.profile_changes_frame()[["from", "to", "pairs", "improve", "worsen", "mixed"]]
               from      to  pairs  improve  worsen  mixed
        0  baseline  week15     34       11       5     17
        """
        rows: list[dict[str, Any]] = self._parsed().get("profile_changes") or []
        counts = ["pairs", "improve", "worsen", "mixed", "no_change", "no_problems", "without_pair"]
        cols: list[tuple[str, _Kind, list[Any]]] = [
            ("from", "str", [x.get("from") for x in rows]),
            ("to", "str", [x.get("to") for x in rows]),
            *[(c, "int", [x.get(c, 0) for x in rows]) for c in counts],
        ]
        return _table(cols, backend, "profile_changes_frame")

    # -- protocol ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._native)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Report):
            return NotImplemented
        return self._native.to_json_compact() == other._native.to_json_compact()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        outcomes = list(self.outcomes.values())
        n = len(outcomes)
        return (
            f"<Report {self.program_id}: {n} goal{'s' * (n != 1)}, "
            f"{outcomes.count('met')} met, {outcomes.count('not_met')} not met, "
            f"{outcomes.count('inconclusive')} inconclusive>"
        )

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Report.from_json, (self.to_json(),))
