"""The exhaustive oracle: every built-in model set against the independent reference tables
(every state, tolerance 1e-9), through every scoring path, and the crosswalks against theirs.

Skipped when the reference folder is missing, unless GROUPWELL_REQUIRE_REFERENCE=1."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from groupwell import eq5d

from conftest import read_csv

TOL = 1e-9
FAMILIES = {
    "3L_TTO.csv": ("EQ-5D-3L", "tto"),
    "3L_VAS.csv": ("EQ-5D-3L", "vas"),
    "5L.csv": ("EQ-5D-5L", None),
    "Y3L.csv": ("EQ-5D-Y-3L", None),
}


def _tabulated(vs: eq5d.ValueSet) -> bool:
    return json.loads(vs.to_json())["model"]["type"] == "table"


def set_for(file: str, name: str) -> eq5d.ValueSet:
    """The one built-in model set that a reference column stands for."""
    instrument, method = FAMILIES[file]
    hits = []
    for info in eq5d.catalogue():
        if info["kind"] != "value_set" or info["name"] != name or info["instrument"] != instrument:
            continue
        if method == "vas" and info["method"] != "VAS":
            continue
        if method == "tto" and info["method"] == "VAS":
            continue
        vs = eq5d.value_set(info["id"])
        if not _tabulated(vs):
            hits.append(vs)
    assert len(hits) == 1, f"{file}:{name} → {[v.id for v in hits]}"
    return hits[0]


def check(label: str, ours: np.ndarray, theirs: list[float]) -> None:
    ref = np.asarray(theirs)
    assert ours.shape == ref.shape, label
    assert np.isfinite(ours).all(), label
    diff = np.abs(ours - ref)
    worst = int(diff.argmax())
    assert diff[worst] <= TOL, f"{label}: state #{worst} differs by {diff[worst]}"


def levels(states: list[str]) -> np.ndarray:
    return np.array([[int(c) for c in s] for s in states], dtype=np.int64)


def test_every_model_set_matches_the_reference_tables(reference: Path) -> None:
    compared_sets = 0
    compared_states = 0
    for file in FAMILIES:
        names, states, cols = read_csv(reference / "eq5d" / "tables" / file)
        lv = levels(states)
        codes = np.arange(len(states))
        numbers = np.array([int(s) for s in states])
        for name in names:
            vs = set_for(file, name)
            label = f"{vs.id} ({file}:{name})"
            ref = cols[name]
            check(f"{label} table", vs.table, ref)
            check(f"{label} score_codes", vs.score_codes(codes), ref)
            check(f"{label} score_codes u16", vs.score_codes(codes.astype(np.uint16)), ref)
            check(f"{label} score(str)", vs.score(states), ref)
            check(f"{label} score(int)", vs.score(numbers), ref)
            check(f"{label} score_levels C", vs.score_levels(lv), ref)
            check(f"{label} score_levels F", vs.score_levels(np.asfortranarray(lv)), ref)
            compared_sets += 1
            compared_states += len(states)
    assert compared_sets == 33 + 11 + 49 + 13
    assert compared_states == 57 * 243 + 49 * 3125


def test_every_5l_set_is_covered(reference: Path) -> None:
    names, _, _ = read_csv(reference / "eq5d" / "tables" / "5L.csv")
    covered = {set_for("5L.csv", n).id for n in names}
    assert covered == {v.id for v in eq5d.value_sets("5L")}


def test_crosswalks_match_the_oracles(reference: Path) -> None:
    folder = reference / "eq5d" / "crosswalk"
    names, _, cols = read_csv(folder / "oracle_crosswalk_5L_to_3L_TTO.csv")
    for name in names:
        xw = eq5d.crosswalk_5l_to_3l(set_for("3L_TTO.csv", name))
        check(f"5L→3L {name}", xw.table, cols[name])
    assert len(names) == 33
    names, _, cols = read_csv(folder / "oracle_reverse_crosswalk_3L_to_5L.csv")
    for name in names:
        rxw = eq5d.crosswalk_3l_to_5l(set_for("5L.csv", name))
        check(f"3L→5L {name}", rxw.table, cols[name])
    assert len(names) >= 46
