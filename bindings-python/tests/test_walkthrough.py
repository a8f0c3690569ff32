"""The analyst walkthrough (examples/walkthrough.py) runs as a script, and its numbers are the
core's: the goal outcomes and the profile change of the goals report, the tidy table."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import optional

optional("polars")

SCRIPT = Path(__file__).resolve().parents[1] / "examples" / "walkthrough.py"


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    main = runpy.run_path(str(SCRIPT), run_name="walkthrough")["main"]
    out: dict[str, Any] = main(tmp_path_factory.mktemp("walkthrough"))
    return out


def test_runs_as_a_script(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "tidy table agrees" in done.stdout
    assert "PCHC baseline -> week15" in done.stdout
    html = tmp_path / "self-help-report.html"
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_goal_outcomes(results: dict[str, Any]) -> None:
    outcomes = results["outcomes"]
    assert len(outcomes) == 8
    assert sorted(outcomes.values()).count("met") == 7
    assert [k for k, v in outcomes.items() if v != "met"] == ["participants-2016"]
    assert outcomes["participants-2016"] == "not_met"
    # The report shown is the core's: the same as evaluating the files directly.
    from groupwell import goals

    repo = SCRIPT.parents[2]
    direct = goals.evaluate(repo / "examples/programs/self-help-groups.json",
                            repo / "examples/goals/self-help-goals.json")
    assert direct == results["report"]


def test_pchc_matches_the_core_report(results: dict[str, Any]) -> None:
    pchc = results["pchc"]
    assert (pchc["Improve"], pchc["Worsen"], pchc["Mixed change"], pchc["No change"]) == (
        11, 5, 17, 1)
    assert results["pairs"] == 34
    core = results["report"].profile_changes_frame().iloc[0]
    assert (core["from"], core["to"], core["pairs"]) == ("baseline", "week15", results["pairs"])
    assert (core["improve"], core["worsen"], core["mixed"], core["no_change"],
            core["no_problems"]) == (pchc["Improve"], pchc["Worsen"], pchc["Mixed change"],
                                     pchc["No change"], pchc["No problems"])


def test_scores(results: dict[str, Any]) -> None:
    df = results["frame"]
    assert set(df["timepoint"]) == {"baseline", "week15"}
    # Two value sets give different indices for the same states; both within their ranges.
    scored = df.dropna(subset=["index_se", "index_uk"])
    assert len(scored) > 60
    assert (scored["index_se"] != scored["index_uk"]).any()
    assert scored["index_se"].between(-1, 1).all() and scored["index_uk"].between(-1, 1).all()
    assert df["sci93"].dropna().between(0, 175).all()
    assert results["html"].is_file()
