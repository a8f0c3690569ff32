#!/usr/bin/env bash
# Runs every test of the project: Rust on the host and on wasm32, Python and JS.
# Installs what it needs (idempotently): the wasm32 target, wasm-bindgen-cli at the pinned
# version, Python packages into bindings-python/.venv, npm packages into bindings-wasm.
# Set GROUPWELL_REQUIRE_REFERENCE=1 to make a missing ../shared/reference fail the golden tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
rustup component add clippy rustfmt >/dev/null 2>&1 || true
rustup target add wasm32-unknown-unknown >/dev/null

step "format"
cargo fmt --all --check

step "clippy (host)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --locked -p groupwell -p groupwell-wasm --all-targets -- -D warnings
# The package's scoring build (groupwell-wasm without its feature `programs`).
cargo clippy --target wasm32-unknown-unknown --locked -p groupwell-wasm --no-default-features -- -D warnings

step "build (wasm32, core without default features)"
cargo build --target wasm32-unknown-unknown --locked -p groupwell --no-default-features

step "Rust tests (host)"
cargo test --workspace --locked

step "main job smoke test"
cargo run --locked -q -p groupwell-cli -- score examples/eq5d5l_responses.csv --value-set Sweden_2022 >/dev/null
for program in examples/programs/*.json; do
    cargo run --locked -q -p groupwell-cli -- validate "$program" >/dev/null
done
# The README's first command: the Markdown report on stdout, the HTML report with its charts.
report_dir="$(mktemp -d)"
cargo run --locked -q -p groupwell-cli -- goals examples/programs/self-help-groups.json \
    examples/goals/self-help-goals.json --html "$report_dir/goals-report.html" --json "$report_dir/report.json" \
    > "$report_dir/report.md"
grep -q '^| At least 5 groups running in 2015 | \*\*met\*\*' "$report_dir/report.md"
for chart in attainment change pchc; do
    grep -q "data-chart=\"$chart\"" "$report_dir/goals-report.html"
done
# The same goals in TOML give the same report.
cargo run --locked -q -p groupwell-cli -- goals examples/programs/self-help-groups.json \
    examples/goals/self-help-goals.toml | cmp -s - "$report_dir/report.md"
rm -rf "$report_dir"

step "Python"
bash bindings-python/run-tests.sh

step "WebAssembly (wasm-bindgen tests on wasm32 and node tests)"
bash bindings-wasm/run-tests.sh

step "all tests passed"
