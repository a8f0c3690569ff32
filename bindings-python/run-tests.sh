#!/usr/bin/env bash
# Builds the Python package `groupwell` and runs its checks: pytest (tests/ and the doctests of
# the installed package), the fuzz tests once more on a debug build (overflow checks on),
# mypy --strict on the package and mypy's stubtest on the hand-written stubs.
#
# Works from any directory. Uses a virtual environment at bindings-python/.venv (created on
# first use); when no venv can be made (e.g. Debian without python3-venv) it installs into the
# current Python instead. Tools are installed from PyPI only when missing.
#
# Environment:
#   PYTHON                       interpreter to use (default: python3)
#   GROUPWELL_REFERENCE          reference folder for the exhaustive oracle tests
#   GROUPWELL_REQUIRE_REFERENCE  1 = fail (not skip) when the reference folder is missing
#   GROUPWELL_PYTEST_ARGS        extra pytest arguments
#   GROUPWELL_DEBUG_FUZZ         0 = skip the debug build and its fuzz run
#
# The optional packages (pandas, polars, pyarrow) are installed too, and their tests are
# required here (GROUPWELL_REQUIRE_OPTIONAL=1): a missing one fails instead of skipping.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
base_python="${PYTHON:-python3}"

if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    py="$venv/bin/python"
elif "$base_python" -m venv "$venv" >/dev/null 2>&1 && "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    py="$venv/bin/python"
else
    echo "run-tests.sh: cannot create a venv at $venv; installing into $base_python" >&2
    rm -rf "$venv"
    py="$base_python"
    # Externally managed Pythons (PEP 668) refuse plain installs.
    export PIP_BREAK_SYSTEM_PACKAGES=1
fi
pip=("$py" -m pip --disable-pip-version-check --quiet)

# Install what is missing, nothing else.
need=()
"$py" -c 'import maturin' 2>/dev/null || need+=("maturin>=1.9,<2")
"$py" -c 'import numpy' 2>/dev/null || need+=("numpy")
"$py" -c 'import pandas' 2>/dev/null || need+=("pandas")
"$py" -c 'import polars' 2>/dev/null || need+=("polars")
"$py" -c 'import pyarrow' 2>/dev/null || need+=("pyarrow")
"$py" -c 'import pytest' 2>/dev/null || need+=("pytest")
"$py" -c 'import mypy.stubtest' 2>/dev/null || need+=("mypy")
if ((${#need[@]})); then
    echo "run-tests.sh: installing ${need[*]}" >&2
    "${pip[@]}" install "${need[@]}"
fi

# Build (release) and install the package from this folder.
echo "run-tests.sh: building and installing groupwell" >&2
# maturin's build backend runs the `maturin` command found on PATH: put the interpreter's
# scripts folder (where pip installed it) first, whether or not the venv is activated.
scripts="$("$py" -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
PATH="$scripts:$PATH" "${pip[@]}" install --no-build-isolation --no-deps --force-reinstall "$here"

site="$("$py" -c 'import groupwell, os; print(os.path.dirname(groupwell.__file__))')"
case "$site" in
    "$here"/python*) echo "run-tests.sh: groupwell imported from the source tree, not the install" >&2; exit 1 ;;
esac

cd "$here"
export GROUPWELL_REQUIRE_OPTIONAL="${GROUPWELL_REQUIRE_OPTIONAL:-1}"
# shellcheck disable=SC2086
"$py" -m pytest -q -rs -p no:cacheprovider --doctest-modules tests "$site" ${GROUPWELL_PYTEST_ARGS:-}

# The fuzz tests (pytest -m fuzz) on a debug build: debug assertions and integer overflow checks
# turn any overflow on extreme input into a panic, which the tests catch. The debug build goes
# to a temporary folder put first on PYTHONPATH; the release install is left as it is.
if [[ "${GROUPWELL_DEBUG_FUZZ:-1}" != 0 ]]; then
    echo "run-tests.sh: fuzz tests on a debug build" >&2
    dbg="$(mktemp -d)"
    trap 'rm -rf "$dbg"' EXIT
    "$py" -m maturin build --quiet -m "$here/Cargo.toml" --out "$dbg/wheel" \
        --interpreter "$py" --auditwheel skip >/dev/null
    "${pip[@]}" install --no-deps --target "$dbg/site" "$dbg"/wheel/*.whl
    GROUPWELL_EXPECT_PROFILE=debug PYTHONPATH="$dbg/site${PYTHONPATH:+:$PYTHONPATH}" \
        "$py" -m pytest -q -p no:cacheprovider -m fuzz tests
fi

echo "run-tests.sh: checking the types and the stubs (mypy --strict, stubtest)" >&2
"$py" -m mypy --strict -p groupwell
"$py" -m mypy.stubtest groupwell --allowlist "$here/stubtest-allowlist.txt"
echo "run-tests.sh: all Python checks passed" >&2
