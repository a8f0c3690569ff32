"""groupwell.program: the example programs read from JSON and CSV, validation findings with
exact locations, CSV row errors, timepoint assignment, queries and the tidy table, each checked
against numbers computed here independently from the JSON documents (and the tidy scores
against groupwell.eq5d and groupwell.scales scoring the same answers)."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import json
import math
import pickle
import random
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import optional

import groupwell
from groupwell import eq5d, program, scales
from groupwell.program import CsvCell, Finding, Program, Validation

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "programs"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.json"))
VALUE_SET = "5L_SE_2022"


def doc(name: str) -> dict[str, Any]:
    """The example's JSON document, read by the json module (not by groupwell)."""
    out: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return out


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(scope="module", params=NAMES)
def example(request: pytest.FixtureRequest) -> tuple[str, Program, dict[str, Any]]:
    name = request.param
    return name, program.load(EXAMPLES / f"{name}.json"), doc(name)


def test_examples_exist() -> None:
    assert NAMES == ["prescription", "self-help-groups", "virtual-parent-group"]


# ---------------------------------------------------------------------------------------------
# reading and writing


def test_json_and_csv_give_equal_programs(example: tuple[str, Program, dict[str, Any]]) -> None:
    name, p, _ = example
    folder = EXAMPLES / name
    from_folder = program.load(folder)
    assert from_folder == p
    # A mapping of paths, and one of texts, with the skeleton given three ways.
    paths = {t: folder / f"{t}.csv" for t in program.TABLES}
    texts = {t: path.read_text(encoding="utf-8") for t, path in paths.items()}
    raw = {t: path.read_bytes() for t, path in paths.items()}
    skeleton_path = folder / "program.json"
    for tables, skeleton in [
        (paths, skeleton_path),
        (texts, skeleton_path.read_text(encoding="utf-8")),
        (raw, json.loads(skeleton_path.read_text(encoding="utf-8"))),
        (texts, p.skeleton()),
    ]:
        q = Program.from_csv(tables, skeleton=skeleton)  # type: ignore[arg-type]
        assert q == p
        assert q.counts == p.counts
    assert program.from_csv(folder) == p
    # The CSV the program writes is the checked-in CSV.
    assert p.to_csv_tables() == texts


def test_counts_and_facts(example: tuple[str, Program, dict[str, Any]]) -> None:
    _, p, d = example
    assert p.counts == {t: len(d.get(t, [])) for t in program.TABLES}
    assert p.id == d["id"] and p.name == d["name"]
    assert p.format == d["format"] == program.PROGRAM_FORMAT == "groupwell-program/1"
    assert p.period == program.Period(day(d["period"]["start"]), day(d["period"]["end"]))
    assert p.owners == d.get("owners", [])
    assert p.timepoints == [t["name"] for t in d["schedule"]["timepoints"]]
    assert p.instrument == d["instruments"]["eq5d"] == "5L"
    assert repr(p).startswith(f"<Program {d['id']} (")


def test_round_trips(example: tuple[str, Program, dict[str, Any]], tmp_path: Path) -> None:
    _, p, d = example
    assert Program.from_json(p.to_json()) == p
    assert Program.from_json(p.to_json().encode()) == p
    assert Program.from_dict(p.to_dict()) == p
    assert p.to_dict() == d
    assert pickle.loads(pickle.dumps(p)) == p
    p.save(tmp_path / "p.json")
    assert program.load(tmp_path / "p.json") == p
    assert program.load(str(tmp_path / "p.json")) == p
    tables = p.to_csv_tables()
    assert Program.from_csv(tables, skeleton=p.skeleton()) == p
    s = p.skeleton()
    assert s.counts == dict.fromkeys(program.TABLES, 0)
    assert (s.id, s.timepoints) == (p.id, p.timepoints)
    assert p != s and p != "p"
    with pytest.raises(TypeError):
        hash(p)


def test_program_new_and_dates() -> None:
    p = Program.new("p", "Pilot", dt.date(2015, 1, 1), np.datetime64("2015-12-31"))
    assert str(p.period) == "2015-01-01..=2015-12-31"
    assert p == Program.new("p", "Pilot", "2015-01-01", dt.datetime(2015, 12, 31, 12, 0))
    assert p.validate().is_valid
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        Program.new("p", "P", "2015-02-30", "2015-12-31")
    assert ei.value.argument == "start"
    with pytest.raises(TypeError):
        Program.new("p", "P", 2015, "2015-12-31")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Program(None)  # type: ignore[arg-type]


def test_from_json_errors() -> None:
    with pytest.raises(groupwell.JsonError) as ei:
        Program.from_json('{"id": "p", "name": "P", "period": {"start": "2015-01-01"}}')
    assert "period" in str(ei.value) and ei.value.kind == "Json"
    with pytest.raises(groupwell.JsonError) as ei:
        Program.from_json('{"format": "groupwell-program/9", "id": "p", "name": "P", '
                          '"period": {"start": "2015-01-01", "end": "2015-12-31"}}')
    assert "format" in str(ei.value)
    with pytest.raises(groupwell.JsonError):
        Program.from_json(b'{"id": "\xff"}')
    with pytest.raises(groupwell.JsonError):
        Program.from_json('{"id": "\ud800"}')
    with pytest.raises(TypeError):
        Program.from_json(42)  # type: ignore[arg-type]
    with pytest.raises(groupwell.InvalidArgumentError):
        Program.from_dict({"id": "p", "name": "P", "period": {"start": "2015-01-01",
                                                              "end": "2015-12-31"}, "x": math.nan})


# ---------------------------------------------------------------------------------------------
# validation


def test_examples_validate_without_errors(example: tuple[str, Program, dict[str, Any]]) -> None:
    name, p, _ = example
    v = p.validate()
    assert v.is_valid, str(v)
    assert v.errors == []
    # Read from CSV: the same findings, each with its file, line and column where it has a
    # record.
    c = program.load(EXAMPLES / name).validate()
    assert [(f.code, f.path) for f in c] == [(f.code, f.path) for f in v]


def findings_at(p: Program, path: str) -> list[Finding]:
    return [f for f in p.validate() if f.path == path]


def test_broken_copy_findings_with_exact_paths() -> None:
    d = doc("self-help-groups")
    d["measurements"][0]["vas"] = 101
    d["measurements"][1]["eq5d"] = "11116"
    m = next(i for i, x in enumerate(d["measurements"]) if "SCI-93" in x.get("scales", {}))
    d["measurements"][m]["scales"]["SCI-93"][4] = 9
    d["enrolments"][3]["participant"] = "nobody"
    d["participants"][2]["id"] = d["participants"][1]["id"]
    p = Program.from_dict(d)
    v = p.validate()
    assert not v.is_valid

    (f,) = findings_at(p, "/measurements/0/vas")
    assert (f.severity, f.code, f.table, f.index, f.field, f.csv) == (
        "error", "invalid_answer", "measurements", 0, "vas", None)
    assert "101" in f.message
    assert str(f).startswith("error at /measurements/0/vas: invalid_answer: ")

    (f,) = findings_at(p, "/measurements/1/eq5d")
    assert (f.severity, f.code) == ("error", "invalid_answer")

    (f,) = findings_at(p, f"/measurements/{m}/scales/SCI-93/4")
    assert (f.severity, f.code, f.table, f.index) == ("error", "invalid_answer", "measurements", m)

    (f,) = findings_at(p, "/enrolments/3/participant")
    assert (f.severity, f.code, f.field) == ("error", "unknown_reference", "participant")
    assert "nobody" in f.message

    (f,) = findings_at(p, "/participants/2/id")
    assert (f.severity, f.code) == ("error", "duplicate_id")

    assert {f.code for f in v.errors} >= {"invalid_answer", "unknown_reference", "duplicate_id"}
    assert v == p.validate()
    assert all(isinstance(x, Finding) for x in v.findings)
    with pytest.raises(AttributeError):
        f.code = "x"  # type: ignore[misc]
    assert repr(v).startswith(f"<Validation: {len(v.errors)} errors, ")
    assert str(v).splitlines() == [str(x) for x in v]

    df = v.to_frame()
    assert list(df.columns) == ["severity", "code", "path", "table", "index", "field", "file",
                                "line", "column", "message"]
    assert len(df) == len(v.findings)
    assert str(df["index"].dtype) == "Int64"
    row = df[df["path"] == "/measurements/0/vas"].iloc[0]
    assert (row["code"], row["index"], row["field"]) == ("invalid_answer", 0, "vas")


def test_program_level_findings() -> None:
    d = Program.new("p", "P", "2015-01-01", "2015-12-31").to_dict()
    d["owners"] = ["nowhere"]
    d["period"] = {"start": "2015-12-31", "end": "2015-01-01"}
    v = Program.from_dict(d).validate()
    by_path = {f.path: f for f in v}
    assert by_path["/owners/0"].code == "unknown_reference"
    assert by_path["/period"].code == "date_order"
    assert (by_path["/period"].table, by_path["/period"].index) == ("", None)


def test_csv_findings_name_file_line_and_column() -> None:
    folder = EXAMPLES / "self-help-groups"
    texts = {t: (folder / f"{t}.csv").read_text(encoding="utf-8") for t in program.TABLES}
    lines = texts["measurements"].splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")  # the third data row: line 4
    cells[header.index("vas")] = "101"
    lines[3] = ",".join(cells)
    texts["measurements"] = "\n".join(lines) + "\n"
    e = texts["enrolments"].splitlines()
    e[2] = "nobody" + e[2][e[2].index(","):]  # the second data row: line 3
    texts["enrolments"] = "\n".join(e) + "\n"
    p = Program.from_csv(texts, skeleton=folder / "program.json")
    (f,) = findings_at(p, "/measurements/2/vas")
    assert f.csv == CsvCell("measurements.csv", 4, "vas")
    assert str(f).startswith("error at measurements.csv line 4, column vas (/measurements/2/vas)")
    (f,) = findings_at(p, "/enrolments/1/participant")
    assert f.csv == CsvCell("enrolments.csv", 3, "participant")
    df = p.validate().to_frame()
    row = df[df["path"] == "/measurements/2/vas"].iloc[0]
    assert (row["file"], row["line"], row["column"]) == ("measurements.csv", 4, "vas")
    # Read from paths: the file label is the path.
    tmp = {t: folder / f"{t}.csv" for t in program.TABLES}
    q = Program.from_csv(tmp, skeleton=folder / "program.json")
    assert all(f.csv is None or f.csv.file.endswith(".csv") for f in q.validate())


# ---------------------------------------------------------------------------------------------
# CSV import


SKELETON = Program.new("p", "Pilot", "2015-01-01", "2015-12-31")


def test_csv_row_errors_name_every_bad_cell() -> None:
    units = "id,name,kind\nhede,Hede,health_centre\nsveg,Sveg,hospital\nx,,site\nok,Ok,site\n"
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        Program.from_csv({"units": units}, skeleton=SKELETON)
    e = ei.value
    assert isinstance(e, groupwell.GroupwellError) and e.kind == "Rows"
    assert (e.table, e.file) == ("units", "units.csv")
    assert [(r.row, r.field) for r in e.errors] == [(1, "kind"), (2, "name")]
    assert all(isinstance(r, eq5d.RowError) and r.label is None for r in e.errors)
    assert "units.csv line 3, column kind" in e.errors[0].message
    assert "units.csv line 4, column name" in e.errors[1].message

    measurements = ("participant,date,eq5d,vas\np1,2015-02-02,11111,55\np1,2015-02-31,11111,x\n"
                    "p2,2015-03-01,11111,\n,2015-03-01,,70\n")
    with pytest.raises(groupwell.InvalidRowsError) as ei:
        Program.from_csv({"measurements": measurements}, skeleton=SKELETON)
    e = ei.value
    assert e.table == "measurements"
    assert [(r.row, r.field) for r in e.errors] == [(1, "date"), (1, "vas"), (3, "participant")]
    assert all(r.kind == "InvalidArgument" for r in e.errors)


def test_csv_structural_errors() -> None:
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        Program.from_csv({"enrolments": "participant,group\np1,g1\n"}, skeleton=SKELETON)
    assert (ei.value.table, ei.value.file) == ("enrolments", "enrolments.csv")
    assert "joined" in str(ei.value)
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        Program.from_csv({"units": "id,name,kind\na,b\n"}, skeleton=SKELETON)
    assert ei.value.table == "units"
    with pytest.raises(groupwell.InvalidArgumentError):
        Program.from_csv({"unit": "id,name,kind\n"}, skeleton=SKELETON)
    with pytest.raises(groupwell.InvalidArgumentError):
        Program.from_csv({"units": "id,name,kind\n"}, skeleton=SKELETON,
                         columns={"measurements": {"date": "d"}})
    with pytest.raises(groupwell.InvalidArgumentError):
        Program.from_csv({"units": b"id,name,kind\n\xff,a,site\n"}, skeleton=SKELETON)
    with pytest.raises(groupwell.InvalidArgumentError):
        Program.from_csv({"units": "id,name,kind\n"})
    with pytest.raises(groupwell.JsonError):
        Program.from_csv({"units": "id,name,kind\n"}, skeleton="{}")
    with pytest.raises(TypeError):
        Program.from_csv({"units": 3}, skeleton=SKELETON)  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        Program.from_csv([("units", "")], skeleton=SKELETON)  # type: ignore[arg-type]


def test_csv_column_maps_and_layouts() -> None:
    p = Program.from_csv(
        {
            "units": "ID,Name,Kind\nhede,Hede,health_centre\n",
            "participants": "id,sex\np1,female\np2,male\n",
            "enrolments": "person,group,start_date\np1,g1,2015-02-02\n",
            "measurements": "pid,when,m,s,u,p,a,eq_vas\np1,2015-02-02,1,1,2,1,3,80\n",
        },
        skeleton=SKELETON,
        columns={"enrolments": {"participant": "person", "joined": "start_date"}},
        measurement_columns={"participant": "pid", "date": "when",
                             "eq5d": ["m", "s", "u", "p", "a"], "vas": "eq_vas"},
    )
    d = p.to_dict()
    assert d["units"] == [{"id": "hede", "name": "Hede", "kind": "health_centre"}]
    assert d["enrolments"] == [{"participant": "p1", "group": "g1", "joined": "2015-02-02"}]
    assert d["measurements"] == [{"participant": "p1", "date": "2015-02-02", "eq5d": "11213",
                                  "vas": 80}]
    with pytest.raises(groupwell.InvalidArgumentError):
        Program.from_csv({"units": ""}, skeleton=SKELETON, measurement_columns={"eq5d": ["a"]})
    with pytest.raises(groupwell.InvalidArgumentError):
        Program.from_csv({"units": ""}, skeleton=SKELETON, measurement_columns={"x": "y"})
    with pytest.raises(TypeError):
        Program.from_csv({"units": ""}, skeleton=SKELETON, measurement_columns={"vas": 3})


def test_wide_measurements_equal_long(example: tuple[str, Program, dict[str, Any]]) -> None:
    """The example's measurements pivoted to one row per participant (occasions t0, t1...)
    read back to the same measurements."""
    name, p, d = example
    long = pd.read_csv(EXAMPLES / name / "measurements.csv", dtype=str, keep_default_na=False)
    long["k"] = long.groupby("participant", sort=False).cumcount()
    occasions = [f"t{k}" for k in range(int(long["k"].max()) + 1)]
    value_cols = [c for c in long.columns if c not in ("participant", "k")]
    wide = long.pivot(index="participant", columns="k", values=value_cols)
    wide.columns = [f"{c}_t{k}" for c, k in wide.columns]
    wide = wide.fillna("").reset_index()
    q = Program.from_csv(
        {"measurements": wide.to_csv(index=False)},
        skeleton=p.skeleton(),
        measurement_columns={"layout": "wide", "occasions": occasions},
    )
    got = sorted(json.dumps(m, sort_keys=True) for m in q.to_dict()["measurements"])
    want = sorted(json.dumps(m, sort_keys=True) for m in d["measurements"])
    assert got == want


# ---------------------------------------------------------------------------------------------
# timepoints, computed independently


def add_span(date: dt.date, span: str, sign: int = 1) -> dt.date:
    n, unit = int(span[:-1]) * sign, span[-1]
    if unit == "d":
        return date + dt.timedelta(days=n)
    if unit == "w":
        return date + dt.timedelta(weeks=n)
    assert unit == "m"
    months = date.year * 12 + date.month - 1 + n
    y, m = divmod(months, 12)
    return dt.date(y, m + 1, min(date.day, calendar.monthrange(y, m + 1)[1]))


def reference_assignments(d: dict[str, Any]) -> tuple[dict[tuple[int, str], int], int]:
    """(enrolment index, timepoint) -> measurement index, and the number of missing pairs,
    by the documented rule: closest to the target within the window, earlier on a tie, a
    measurement used once per enrolment."""
    groups = {g["id"]: g for g in d["groups"]}
    ms = d["measurements"]
    out: dict[tuple[int, str], int] = {}
    missing = 0
    for e_idx, e in enumerate(d["enrolments"]):
        g = groups.get(e["group"])
        g_end = day(g["end"]) if g and g.get("end") else None
        taken: set[int] = set()
        for rule in d["schedule"]["timepoints"]:
            left = day(e["left"]) if e.get("left") else None
            anchor = {
                "joined": day(e["joined"]),
                "group_start": day(g["start"]) if g else None,
                "group_end": g_end,
                "enrolment_end": min(x for x in (left, g_end) if x) if (left or g_end) else None,
            }[rule["anchor"]]
            if anchor is None:
                missing += 1
                continue
            target = add_span(anchor, rule.get("offset", "0d"))
            if rule.get("until_group_end") and g_end and g_end < target:
                target = g_end
            lo = add_span(target, rule["window"]["before"], -1)
            hi = add_span(target, rule["window"]["after"])
            cands = [
                (abs((day(m["date"]) - target).days), day(m["date"]), i)
                for i, m in enumerate(ms)
                if m["participant"] == e["participant"] and lo <= day(m["date"]) <= hi
                and i not in taken
            ]
            if not cands:
                missing += 1
                continue
            chosen = min(cands)[2]
            taken.add(chosen)
            out[(e_idx, rule["name"])] = chosen
    return out, missing


def test_assignment_counts_and_choices(example: tuple[str, Program, dict[str, Any]]) -> None:
    _, p, d = example
    a = p.assign_timepoints()
    n_pairs = len(d["enrolments"]) * len(d["schedule"]["timepoints"])
    assert len(a.assignments) + len(a.missing) == n_pairs
    expected, n_missing = reference_assignments(d)
    got = {(x.enrolment, x.timepoint): x.measurement for x in a.assignments}
    assert got == expected
    assert len(a.missing) == n_missing
    used = set(expected.values())
    assert [u.measurement for u in a.unassigned] == [
        i for i in range(len(d["measurements"])) if i not in used
    ]
    for x in a.assignments:
        m = d["measurements"][x.measurement]
        e = d["enrolments"][x.enrolment]
        assert (x.participant, x.group) == (e["participant"], e["group"]) == (m["participant"], x.group)
        assert x.date == day(m["date"])
        assert x.window.start <= x.date <= x.window.end
        assert x.distance_days == (x.date - x.target).days
        assert x.candidates >= 1
        assert x.explain() == x.explanation
        assert str(x.window) in x.explanation and f"{abs(x.distance_days)}" in x.explanation
        assert a.get(x.enrolment, x.timepoint) == x
    for mt in a.missing:
        assert mt.reason
        assert (mt.enrolment, mt.timepoint) not in got
    assert repr(a) == (f"<Assignments: {len(a.assignments)} assigned, {len(a.missing)} missing, "
                       f"{len(a.unassigned)} unassigned>")
    # validate_and_assign is both in one pass.
    v, b = p.validate_and_assign()
    assert v == p.validate()
    assert b.assignments == a.assignments and b.missing == a.missing


def test_assignment_frames(example: tuple[str, Program, dict[str, Any]]) -> None:
    _, p, _ = example
    a = p.assign_timepoints()
    df = a.to_frame()
    assert len(df) == len(a.assignments)
    assert list(df.columns) == [
        "enrolment", "participant", "group", "timepoint", "measurement", "date", "target",
        "distance_days", "window_start", "window_end", "candidates", "at_group_end", "anchor",
        "offset", "explanation",
    ]
    for c in ("date", "target", "window_start", "window_end"):
        assert df[c].dtype.kind == "M"
    assert [x.date for x in a.assignments] == [t.date() for t in df["date"]]
    assert df["explanation"].tolist() == [x.explanation for x in a.assignments]
    mf = a.to_frame("missing")
    assert len(mf) == len(a.missing) and mf["window_start"].dtype.kind == "M"
    uf = a.to_frame("unassigned")
    assert len(uf) == len(a.unassigned)
    with pytest.raises(groupwell.InvalidArgumentError):
        a.to_frame("other")  # type: ignore[arg-type]


def test_group_end_cap_and_missing_reasons() -> None:
    """A group that ended after 10 weeks has its week-15 follow-up at its last meeting; an
    open group has no date for an anchor at its end."""
    d = Program.new("p", "P", "2015-01-01", "2015-12-31").to_dict()
    d["units"] = [{"id": "u", "name": "U", "kind": "site"}]
    d["groups"] = [{"id": "g", "theme": "stress", "format": "on_site", "units": ["u"],
                    "start": "2015-02-02", "end": "2015-04-13", "status": "ended"}]
    d["participants"] = [{"id": "p1"}, {"id": "p2"}]
    d["enrolments"] = [{"participant": "p1", "group": "g", "joined": "2015-02-02"},
                       {"participant": "p2", "group": "g", "joined": "2015-02-02"}]
    d["measurements"] = [{"participant": "p1", "date": "2015-02-02", "vas": 50},
                         {"participant": "p1", "date": "2015-04-14", "vas": 60},
                         {"participant": "p2", "date": "2015-09-01", "vas": 60},
                         {"participant": "p3", "date": "2015-09-01", "vas": 60}]
    a = Program.from_dict(d).assign_timepoints()
    (w15,) = [x for x in a.assignments if x.timepoint == "week15"]
    assert w15.at_group_end and w15.target == dt.date(2015, 4, 13)
    assert "group's end" in w15.explanation
    assert {(m.participant, m.timepoint) for m in a.missing} == {
        ("p2", "baseline"), ("p2", "week15")}
    assert [(u.participant, u.measurement) for u in a.unassigned] == [("p2", 2), ("p3", 3)]


# ---------------------------------------------------------------------------------------------
# queries, computed independently


def overlaps(start: dt.date, end: dt.date | None, lo: dt.date, hi: dt.date) -> bool:
    return start <= hi and (end is None or end >= lo)


def passes(g: dict[str, Any], theme: str | None, fmt: str | None, unit: str | None,
           peer: bool | None) -> bool:
    return (
        (theme is None or theme.strip().casefold() == g["theme"].strip().casefold())
        and (fmt is None or fmt == g["format"])
        and (unit is None or unit in g.get("units", []))
        and (peer is None or ((g.get("leadership") or {}).get("kind") == "peer") == peer)
    )


FILTERS: list[dict[str, Any]] = [
    {}, {"theme": "STRESS"}, {"format": "on_site"}, {"format": "virtual_multi_site"},
    {"peer_led": True}, {"peer_led": False}, {"unit": "sveg_hc"}, {"theme": "stress", "peer_led": True},
]
PERIODS = [("2015-01-01", "2015-12-31"), ("2015-03-01", "2015-03-31"), ("2016-01-01", "2016-12-31"),
           ("2010-01-01", "2010-12-31")]


def test_groups_running_and_participants_in(example: tuple[str, Program, dict[str, Any]]) -> None:
    _, p, d = example
    groups = {g["id"]: g for g in d["groups"]}
    for lo_s, hi_s in PERIODS:
        lo, hi = day(lo_s), day(hi_s)
        for f in FILTERS:
            args = (f.get("theme"), f.get("format"), f.get("unit"), f.get("peer_led"))
            ran = [g["id"] for g in d["groups"]
                   if g["status"] in ("running", "ended")
                   and overlaps(day(g["start"]), day(g["end"]) if g.get("end") else None, lo, hi)
                   and passes(g, *args)]
            df = p.groups_running(lo_s, hi_s, **f)
            assert df["id"].tolist() == ran, (lo_s, f)
            people = set()
            for e in d["enrolments"]:
                g = groups.get(e["group"])
                if not g or g["status"] not in ("running", "ended") or not passes(g, *args):
                    continue
                ends = [day(x) for x in (e.get("left"), g.get("end")) if x]
                if overlaps(day(e["joined"]), min(ends) if ends else None, lo, hi):
                    people.add(e["participant"])
            assert p.participants_in(lo, hi, **f) == sorted(people), (lo_s, f)
    df = p.groups_running("2000-01-01", "2030-12-31")
    assert list(df.columns) == ["id", "name", "theme", "format", "units", "leadership",
                                "starter_sessions", "contributors", "capacity_min",
                                "capacity_max", "start", "end", "status"]
    assert df["start"].dtype.kind == "M" and df["end"].dtype.kind == "M"
    assert str(df["capacity_min"].dtype) == "Int64"
    if len(df):
        g = groups[df["id"].iloc[0]]
        assert df["units"].iloc[0] == g["units"]
        assert df["start"].iloc[0].date() == day(g["start"])


def test_query_argument_errors() -> None:
    p = program.load(EXAMPLES / "self-help-groups.json")
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        p.groups_running("2015-01-01", "2015-13-01")
    assert ei.value.argument == "end"
    with pytest.raises(groupwell.InvalidArgumentError) as ei:
        p.participants_in("2015-01-01", "2015-12-31", format="zoom")
    assert "on_site" in ei.value.expected
    with pytest.raises(TypeError):
        p.groups_running(2015, "2015-12-31")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        p.groups_running("2015-01-01", "2015-12-31", peer_led="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        p.groups_running("2015-01-01", "2015-12-31", theme=1)  # type: ignore[arg-type]
    with pytest.raises(groupwell.InvalidArgumentError):
        p.groups_running(np.datetime64("NaT"), "2015-12-31")


def test_attendance_completion_and_summaries(example: tuple[str, Program, dict[str, Any]]) -> None:
    _, p, d = example
    per = []
    for e in d["enrolments"]:
        held = attended = 0
        for s in d["sessions"]:
            sd = day(s["date"])
            if s["group"] != e["group"] or sd < day(e["joined"]) or (e.get("left") and sd > day(e["left"])):
                continue
            held += 1
            attended += e["participant"] in s.get("attended", [])
        per.append((e["participant"], e["group"], held, attended))
    pa = p.participant_attendance()
    assert list(pa.columns) == ["participant", "group", "sessions", "attended", "rate"]
    assert [tuple(r) for r in pa[["participant", "group", "sessions", "attended"]].itertuples(index=False)] == per
    for (_, _, held, att), rate in zip(per, pa["rate"]):
        assert (math.isnan(rate) and held == 0) or rate == att / held

    ga = p.attendance()
    assert ga["group"].tolist() == [g["id"] for g in d["groups"]]
    for g, row in zip(d["groups"], ga.itertuples(index=False)):
        exp = sum(h for _, gid, h, _ in per if gid == g["id"])
        att = sum(a for _, gid, _, a in per if gid == g["id"])
        n = sum(s["group"] == g["id"] for s in d["sessions"])
        assert (row.sessions, row.expected, row.attended) == (n, exp, att)
        assert (math.isnan(row.rate) and exp == 0) or row.rate == att / exp
    assert ga.dtypes["rate"] == np.float64

    comp = p.completion()
    assert list(comp.columns) == ["group", "enrolled", "completed", "dropped_out", "moved",
                                  "other", "active", "completion_rate", "dropout_rate"]
    for g, row in zip(d["groups"], comp.itertuples(index=False)):
        es = [e for e in d["enrolments"] if e["group"] == g["id"]]
        left = [e for e in es if e.get("left")]
        counts = {r: sum(e.get("reason") == r for e in left) for r in ("completed", "dropped_out", "moved")}
        assert row.group == g["id"]
        assert (row.enrolled, row.completed, row.dropped_out, row.moved) == (
            len(es), counts["completed"], counts["dropped_out"], counts["moved"])
        assert row.active == len(es) - len(left)
        assert row.other == len(left) - sum(counts.values())
        assert (math.isnan(row.completion_rate) and not es) or row.completion_rate == counts["completed"] / len(es)

    gs = p.group_summaries()
    assert list(gs.columns) == ["group", "theme", "format", "units", "start", "end",
                                "participants", "within_capacity"]
    assert str(gs["within_capacity"].dtype) == "boolean"
    for g, row in zip(d["groups"], gs.itertuples(index=False)):
        n = len({e["participant"] for e in d["enrolments"] if e["group"] == g["id"]})
        assert (row.group, row.theme, row.format, row.units, row.participants) == (
            g["id"], g["theme"], g["format"], g["units"], n)
        assert row.start.date() == day(g["start"])
        cap = g.get("capacity")
        if cap is None:
            assert row.within_capacity is pd.NA
        else:
            assert bool(row.within_capacity) == (cap["min"] <= n <= cap["max"])


# ---------------------------------------------------------------------------------------------
# the tidy table, cross-checked with groupwell.eq5d and groupwell.scales


def reference_tidy(d: dict[str, Any], value_sets: list[str]) -> pd.DataFrame:
    expected, _ = reference_assignments(d)
    order = {name: k for k, name in enumerate(t["name"] for t in d["schedule"]["timepoints"])}
    people = {x["id"]: x for x in d["participants"]}
    groups = {g["id"]: g for g in d["groups"]}
    ms = d["measurements"]
    vs = [eq5d.value_set(v, d["instruments"]["eq5d"]) for v in value_sets]
    sci = scales.sci93()
    any_vas = any("vas" in m for m in ms)
    any_sci = any("SCI-93" in m.get("scales", {}) for m in ms)
    rows = []
    for (e_idx, tp), m_idx in sorted(expected.items(), key=lambda kv: (kv[0][0], order[kv[0][1]])):
        e, m = d["enrolments"][e_idx], ms[m_idx]
        person, g = people.get(e["participant"], {}), groups[e["group"]]
        base = [e["participant"], e["group"], g["theme"], g["format"], person.get("home_unit", ""),
                person.get("sex", ""), person.get("age_band", ""), tp, pd.Timestamp(m["date"])]
        if any_vas and "vas" in m:
            rows.append([*base, "eq_vas", float(m["vas"])])
        for v in vs:
            if "eq5d" in m:
                rows.append([*base, f"eq5d_index/{v.id}", v.index(m["eq5d"])])
        if any_sci and "SCI-93" in m.get("scales", {}):
            total = sci.score(m["scales"]["SCI-93"]).total
            rows.append([*base, "SCI-93", math.nan if total is None else total])
    return pd.DataFrame(rows, columns=["participant", "group", "theme", "format", "unit", "sex",
                                       "age_band", "timepoint", "date", "measure", "value"])


def test_tidy_matches_independent_scoring(example: tuple[str, Program, dict[str, Any]]) -> None:
    _, p, d = example
    t = p.tidy([VALUE_SET])
    want = reference_tidy(d, [VALUE_SET])
    assert t.shape == want.shape
    assert list(t.columns) == list(want.columns)
    assert t["date"].dtype.kind == "M"
    assert t["value"].dtype == np.float64
    for c in want.columns:
        if c == "date":
            assert [x.date() for x in t[c]] == [x.date() for x in want[c]]
        elif c == "value":
            # The same numbers to the last bit (NaN where there is no score).
            np.testing.assert_array_equal(t[c].to_numpy(), want[c].to_numpy(dtype=np.float64))
        else:
            assert t[c].tolist() == want[c].tolist(), c
    # Without value sets: no index rows; the measures are the program's.
    t0 = p.tidy()
    assert not t0["measure"].str.startswith("eq5d_index/").any()
    assert len(t0) == len(t) - (t["measure"] == f"eq5d_index/{VALUE_SET}").sum()
    # Two value sets, by id and by name.
    t2 = p.tidy([VALUE_SET, "5L_ENG"])
    assert set(t2["measure"]) >= {f"eq5d_index/{VALUE_SET}", "eq5d_index/5L_ENG"}
    assert p.tidy(VALUE_SET).equals(t)  # type: ignore[arg-type]


def test_tidy_backends_and_csv(example: tuple[str, Program, dict[str, Any]]) -> None:
    _, p, _ = example
    t = p.tidy([VALUE_SET])
    cat = p.tidy([VALUE_SET], categorical=True)
    assert str(cat["participant"].dtype) == "category"
    for c in t.columns:
        assert cat[c].astype(object).tolist() == t[c].astype(object).tolist() or c == "value"
    np.testing.assert_array_equal(cat["value"].to_numpy(), t["value"].to_numpy())
    n = p.tidy([VALUE_SET], backend="numpy")
    assert list(n) == list(t.columns)
    assert n["date"].dtype == np.dtype("datetime64[D]") and n["participant"].dtype == object
    np.testing.assert_array_equal(n["value"], t["value"].to_numpy())
    # The core's CSV writer gives the same table.
    from io import StringIO
    c = pd.read_csv(StringIO(p.tidy_csv([VALUE_SET])), dtype={"value": np.float64},
                    keep_default_na=False, na_values={"value": [""]})
    assert c.shape == t.shape
    np.testing.assert_array_equal(c["value"].to_numpy(), t["value"].to_numpy())
    assert c["measure"].tolist() == t["measure"].tolist()
    with pytest.raises(groupwell.InvalidArgumentError):
        p.tidy(backend="arrow")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        p.tidy([1])  # type: ignore[list-item]


def test_tidy_polars(example: tuple[str, Program, dict[str, Any]]) -> None:
    pl = optional("polars")
    _, p, _ = example
    t = p.tidy([VALUE_SET])
    q = p.tidy([VALUE_SET], backend="polars")
    assert isinstance(q, pl.DataFrame)
    assert q.columns == list(t.columns) and q.height == len(t)
    assert q.schema["date"] == pl.Date and q.schema["value"] == pl.Float64
    assert q["participant"].to_list() == t["participant"].tolist()
    got = q["value"].to_numpy()
    np.testing.assert_array_equal(np.where(np.isnan(got), np.nan, got), t["value"].to_numpy())
    assert [x for x in q["date"].to_list()] == [x.date() for x in t["date"]]
    e = p.tidy([VALUE_SET], backend="polars", categorical=True)
    assert isinstance(e.schema["measure"], pl.Enum)


def test_tidy_nan_and_errors() -> None:
    d = Program.new("p", "P", "2015-01-01", "2015-12-31").to_dict()
    d["groups"] = [{"id": "g", "theme": "stress", "format": "on_site", "start": "2015-02-02",
                    "end": "2015-06-01", "status": "ended"}]
    d["participants"] = [{"id": "p1"}]
    d["enrolments"] = [{"participant": "p1", "group": "g", "joined": "2015-02-02"}]
    d["measurements"] = [
        {"participant": "p1", "date": "2015-02-02", "eq5d": "11116", "vas": 101,
         "scales": {"SCI-93": [None] * 35}},
        {"participant": "p1", "date": "2015-05-18", "eq5d": "11111", "vas": 70},
    ]
    p = Program.from_dict(d)
    t = p.tidy([VALUE_SET]).set_index(["timepoint", "measure"])["value"]
    assert math.isnan(t[("baseline", "eq_vas")])
    assert math.isnan(t[("baseline", f"eq5d_index/{VALUE_SET}")])
    assert math.isnan(t[("baseline", "SCI-93")])
    assert t[("week15", "eq_vas")] == 70.0
    assert t[("week15", f"eq5d_index/{VALUE_SET}")] == eq5d.value_set(VALUE_SET).index("11111")
    assert ("week15", "SCI-93") not in t.index  # not asked at this occasion
    with pytest.raises(groupwell.UnknownValueSetError):
        p.tidy(["Atlantis"])
    with pytest.raises(groupwell.GroupwellError):
        p.tidy(["3L_UK"])


# ---------------------------------------------------------------------------------------------
# module surface


def test_module_surface() -> None:
    assert groupwell.program is program
    assert "program" in groupwell.__all__
    for name in program.__all__:
        assert hasattr(program, name), name
    assert program.TABLES == ("units", "groups", "participants", "enrolments", "sessions",
                              "measurements")
    assert "stress" in program.THEMES
    assert Validation().is_valid and str(Validation()) == "no findings"


def test_empty_program_tables() -> None:
    p = Program.new("p", "Pilot", "2015-01-01", "2015-12-31")
    a = p.assign_timepoints()
    assert (a.assignments, a.missing, a.unassigned) == ([], [], [])
    for table in ("assignments", "missing", "unassigned"):
        df = a.to_frame(table)  # type: ignore[arg-type]
        assert len(df) == 0 and len(df.columns) > 0
    assert a.to_frame()["date"].dtype.kind == "M"
    for df in (p.attendance(), p.participant_attendance(), p.completion(), p.group_summaries(),
               p.groups_running("2015-01-01", "2015-12-31"), p.tidy(), p.validate().to_frame()):
        assert len(df) == 0
    assert p.tidy()["value"].dtype == np.float64 and p.tidy()["date"].dtype.kind == "M"


# ---------------------------------------------------------------------------------------------
# fuzz


def _mutate_json(rng: random.Random, text: str) -> str | bytes:
    choice = rng.randrange(8)
    if choice == 0:
        return text[: rng.randrange(len(text) + 1)]
    if choice == 1:
        b = bytearray(text.encode())
        for _ in range(rng.randint(1, 8)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if choice == 2:
        # Dates at and beyond the calendar's edges.
        date = rng.choice(["0000-01-01", "9999-12-31", "+262142-12-31", "-262143-01-01",
                           "2015-02-29", "1-1-1", "2015-12-31T00:00:00"])
        return re.sub(r"\d{4}-\d{2}-\d{2}", lambda m: date if rng.random() < 0.2 else m.group(0), text)
    if choice == 3:
        number = rng.choice(["1e308", "-1e308", "18446744073709551616", "-0", "1e-320",
                             "4294967296", "-2147483649", "NaN", "0.5"])
        return re.sub(r"(?<=[:\[, ])\d+(?=[,\]}])",
                      lambda m: number if rng.random() < 0.2 else m.group(0), text)
    if choice == 4:
        span = rng.choice(["100000m", "-100000m", "100001d", "2147483647w", "0m", "-5w", "15"])
        return re.sub(r'"-?\d+[dwm]"', lambda m: f'"{span}"' if rng.random() < 0.5 else m.group(0), text)
    if choice == 5:
        return "".join(rng.choice('{}[]":,0123456789abcdef-\\u\n ') for _ in range(rng.randint(0, 200)))
    if choice == 6:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
    # Swap values between records: ids and references that do not match.
    d = json.loads(text)
    for table in ("groups", "participants", "enrolments", "sessions", "measurements"):
        rows = d.get(table, [])
        if len(rows) > 1 and rng.random() < 0.5:
            i, j = rng.randrange(len(rows)), rng.randrange(len(rows))
            k = rng.choice(list(rows[i]))
            if k in rows[j]:
                rows[i][k], rows[j][k] = rows[j][k], rows[i][k]
    return json.dumps(d)


def _replace_cells(rng: random.Random, text: str, junk: str) -> str:
    """``junk`` in a few cells of data lines (the header and the shape kept)."""
    lines = text.splitlines()
    for _ in range(rng.randint(1, 4)):
        if len(lines) < 2:
            break
        k = rng.randrange(1, len(lines))
        cells = lines[k].split(",")
        cells[rng.randrange(len(cells))] = junk
        lines[k] = ",".join(cells)
    return "\n".join(lines) + "\n"


def _mutate_csv(rng: random.Random, text: str) -> str | bytes:
    choice = rng.randrange(8)
    if choice >= 5:
        # Cells that read but mean nothing valid: out-of-range answers, far dates, odd ids.
        junk = rng.choice(["101", "-1", "1e308", "66666", "00000", "0000-01-01", "9999-12-31",
                           "2147483647", "nobody", "x;y;;z", "starter:remote@nowhere", "-0",
                           "2015-02-28", "", "0.5", "5"])
        return _replace_cells(rng, text, junk)
    if choice == 0:
        return text[: rng.randrange(len(text) + 1)]
    if choice == 1:
        b = bytearray(text.encode())
        for _ in range(rng.randint(1, 6)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        return bytes(b)
    if choice == 2:
        junk = rng.choice(["x", "1e309", "99999999999999999999", "2015-02-30", '"', ";;",
                           "\ufeff", "NaN", "+262142-12-31", "\r", "a\nb"])
        return _replace_cells(rng, text, junk)
    if choice == 3:
        return "".join(rng.choice(',;"\n\r x1-:@') for _ in range(rng.randint(0, 120)))
    return bytes(rng.randrange(256) for _ in range(rng.randint(0, 120)))


def _exercise(p: Program) -> None:
    """Every question of a program that was read: only GroupwellErrors may come out."""
    calls = [
        p.validate, p.assign_timepoints, p.to_json, p.to_csv_tables, p.attendance,
        p.participant_attendance, p.completion, p.group_summaries,
        lambda: p.tidy([VALUE_SET]), lambda: p.tidy(backend="numpy"), lambda: p.tidy_csv(),
        lambda: p.groups_running("2015-01-01", "2015-12-31"),
        lambda: p.participants_in("0001-01-01", "9999-12-31", peer_led=True),
        lambda: p.validate().to_frame(), lambda: p.period,
        lambda: p.assign_timepoints().assignments, lambda: p.assign_timepoints().missing,
        lambda: p.assign_timepoints().unassigned, lambda: p.assign_timepoints().to_frame(),
    ]
    for call in calls:
        try:
            call()
        except groupwell.GroupwellError:
            pass


@pytest.mark.fuzz
def test_random_json_raises_only_groupwell_errors() -> None:
    """Random and mutated documents into from_json (and every question of the programs that
    are read): only a GroupwellError may come out; a Rust panic is a BaseException and fails
    the test, and on the debug build an integer overflow would panic."""
    rng = random.Random(2015)
    texts = [(EXAMPLES / f"{n}.json").read_text(encoding="utf-8") for n in NAMES]
    read = 0
    for _ in range(300):
        data = _mutate_json(rng, rng.choice(texts))
        try:
            p = Program.from_json(data)
        except groupwell.GroupwellError:
            continue
        read += 1
        _exercise(p)
    assert read > 40, read


@pytest.mark.fuzz
def test_random_csv_raises_only_groupwell_errors() -> None:
    rng = random.Random(93)
    folders = [EXAMPLES / n for n in NAMES]
    read = 0
    for _ in range(200):
        folder = rng.choice(folders)
        tables: dict[str, str | bytes] = {
            t: (folder / f"{t}.csv").read_text(encoding="utf-8") for t in program.TABLES
        }
        for t in rng.sample(list(tables), rng.randint(1, 3)):
            tables[t] = _mutate_csv(rng, tables[t] if isinstance(tables[t], str) else "")
        mcols: dict[str, Any] | None = rng.choice([
            None, None, None, None, None, None,
            {"layout": "wide", "occasions": ["", "x"], "separator": ""},
            {"eq5d": ["mo", "sc", "ua", "pd", "ad"]}, {"scales": {"SCI-93": ["vas"] * 35}},
        ])
        try:
            p = Program.from_csv(tables, skeleton=folder / "program.json",
                                 measurement_columns=mcols)
        except groupwell.GroupwellError:
            continue
        read += 1
        _exercise(p)
    assert read > 10, read
