"""Shared fixtures: the reference folder (an exhaustive oracle, read only by tests), and the
optional packages (polars, pyarrow) whose tests skip without them, unless
GROUPWELL_REQUIRE_OPTIONAL=1 (set by run-tests.sh, which installs them) makes that a failure."""

from __future__ import annotations

import csv
import importlib
import os
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


def reference_dir() -> Path | None:
    """``$GROUPWELL_REFERENCE`` or ``../shared/reference`` beside the repository."""
    env = os.environ.get("GROUPWELL_REFERENCE")
    d = Path(env) if env else REPO.parent / "shared" / "reference"
    return d if (d / "eq5d").is_dir() else None


@pytest.fixture(scope="session")
def reference() -> Path:
    d = reference_dir()
    if d is not None:
        return d
    where = os.environ.get("GROUPWELL_REFERENCE") or str(REPO.parent / "shared" / "reference")
    if os.environ.get("GROUPWELL_REQUIRE_REFERENCE") == "1":
        pytest.fail(f"reference folder {where} is missing and GROUPWELL_REQUIRE_REFERENCE=1")
    pytest.skip(f"reference folder {where} not found (set GROUPWELL_REQUIRE_REFERENCE=1 to fail)")


def reference_file(reference: Path, relative: str) -> Path:
    """A file of the reference folder, with the folder's skip/fail rule when it is missing."""
    path = reference / relative
    if path.is_file():
        return path
    if os.environ.get("GROUPWELL_REQUIRE_REFERENCE") == "1":
        pytest.fail(f"reference file {path} is missing and GROUPWELL_REQUIRE_REFERENCE=1")
    pytest.skip(f"reference file {path} not found (set GROUPWELL_REQUIRE_REFERENCE=1 to fail)")


def read_csv(path: Path) -> tuple[list[str], list[str], dict[str, list[float]]]:
    """(column names after the first, first column, name → float column)."""
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], [r for r in rows[1:] if r]
    keys = [r[0] for r in body]
    cols = {name: [float(r[j]) for r in body] for j, name in enumerate(header) if j > 0}
    return header[1:], keys, cols


def optional(name: str) -> ModuleType:
    """An optional package for a test module: skipped without it, or with
    GROUPWELL_REQUIRE_OPTIONAL=1 an error (CI installs every optional package)."""
    if os.environ.get("GROUPWELL_REQUIRE_OPTIONAL") == "1":
        return importlib.import_module(name)
    module: ModuleType = pytest.importorskip(name)
    return module
