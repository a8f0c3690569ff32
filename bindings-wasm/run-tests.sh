#!/usr/bin/env bash
# Tests of the WebAssembly binding, run from the repository root (scripts/test.sh calls it):
#   1. wasm-bindgen tests on wasm32 under node (bindings-wasm/tests/wasm.rs);
#   2. the npm package built by build.sh (its full build and its scoring build), tested with
#      `node --test` (bindings-wasm/tests/*.test.mjs; the scoring tests run against both builds),
#      including the exhaustive reference-table oracle (GROUPWELL_REFERENCE,
#      GROUPWELL_REQUIRE_REFERENCE=1 to fail rather than skip when the folder is missing) and the
#      ```js blocks of the repository README run against the package (readme.test.mjs);
#   3. the HTML goal report in headless Chromium (bindings-wasm/tests/browser/*.test.mjs, driven by
#      playwright-core; GROUPWELL_SKIP_BROWSER=1 skips it), which saves a screenshot to
#      bindings-wasm/test-output/report.png.
# Installs what it needs, idempotently: the rustup target wasm32-unknown-unknown, wasm-bindgen-cli
# at the workspace's pinned version, the npm dev dependencies (binaryen, typescript,
# playwright-core) into bindings-wasm/node_modules, and Debian's `chromium` package (when
# /usr/bin/chromium is missing and this runs as root; `npx playwright install` downloads a browser
# build of its own and is never used). GROUPWELL_CHROMIUM names another Chromium binary.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
WASM_BINDGEN_VERSION="0.2.130"

step() { printf '\n--> wasm: %s\n' "$*"; }

step "toolchain"
rustup target add wasm32-unknown-unknown >/dev/null
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" \
    || "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" != *"$WASM_BINDGEN_VERSION"* ]]; then
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --force
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "run-tests.sh: node and npm are needed for the WebAssembly tests" >&2
    exit 1
fi

step "npm dev dependencies (binaryen, typescript, playwright-core)"
if [[ ! -x "$here/node_modules/.bin/wasm-opt" || ! -x "$here/node_modules/.bin/tsc" \
    || ! -f "$here/node_modules/playwright-core/package.json" ]]; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

step "wasm-bindgen tests (wasm32, node)"
cd "$root"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --locked --target wasm32-unknown-unknown -p groupwell-wasm

step "build the npm package (pkg/web, pkg/node)"
bash "$here/build.sh"

step "node tests"
cd "$here"
node --test tests/*.test.mjs

step "node tests of the scoring build (groupwell/scoring: the same scoring tests, no programs)"
GROUPWELL_ENTRY=groupwell/scoring node --test tests/api.test.mjs tests/scales.test.mjs \
    tests/analysis.test.mjs tests/reference.test.mjs

step "browser tests (the HTML goal report and the page in headless Chromium)"
if [[ "${GROUPWELL_SKIP_BROWSER:-}" == 1 ]]; then
    echo "skipped: GROUPWELL_SKIP_BROWSER=1"
else
    chromium="${GROUPWELL_CHROMIUM:-/usr/bin/chromium}"
    if [[ ! -x "$chromium" && -z "${GROUPWELL_CHROMIUM:-}" && "$(id -u)" == 0 ]] \
        && command -v apt-get >/dev/null; then
        echo "installing Debian's chromium package" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
            || true
    fi
    if [[ ! -x "$chromium" ]]; then
        echo "run-tests.sh: Chromium is not installed at $chromium and could not be installed" \
            "(needs root and apt-get: apt-get install -y chromium); set GROUPWELL_CHROMIUM to a" \
            "Chromium binary, or GROUPWELL_SKIP_BROWSER=1 to skip the browser test" >&2
        exit 1
    fi
    GROUPWELL_CHROMIUM="$chromium" node --test tests/browser/*.test.mjs
fi
