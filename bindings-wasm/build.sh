#!/usr/bin/env bash
# Builds the npm package `groupwell` into bindings-wasm/pkg/:
#   pkg/web   wasm-bindgen --target web     (ES module; call the default export `init()` first)
#   pkg/node  wasm-bindgen --target nodejs  (CommonJS; ready on import)
#   pkg/scoring/web, pkg/scoring/node  the same for the scoring build (`groupwell/scoring`:
#             groupwell-wasm without its default feature `programs`)
# Each groupwell_bg.wasm is optimised with wasm-opt -Oz from the npm package `binaryen`
# (installed into bindings-wasm/node_modules when missing). Prints the gzipped sizes.
#
# Needs: the rustup target wasm32-unknown-unknown, wasm-bindgen-cli at exactly the version the
# workspace pins (run-tests.sh installs both), node and npm.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
WASM_BINDGEN_VERSION="0.2.130"

have="$(wasm-bindgen --version 2>/dev/null || true)"
if [[ "$have" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
    echo "build.sh: need wasm-bindgen $WASM_BINDGEN_VERSION (found: ${have:-none});" \
        "run: cargo install wasm-bindgen-cli --version $WASM_BINDGEN_VERSION --locked" >&2
    exit 1
fi

if [[ ! -x "$here/node_modules/.bin/wasm-opt" ]]; then
    echo "build.sh: installing binaryen (wasm-opt) into bindings-wasm/node_modules" >&2
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

cd "$root"
target_dir="$(cargo metadata --format-version 1 --no-deps \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
raw="$target_dir/wasm32-unknown-unknown/release/groupwell_wasm.wasm"

# build <dir> [cargo feature flags...]: compiles groupwell-wasm and writes <dir>/web and <dir>/node.
#
# Size without losing the scoring speed: the dependencies, above all the core (program model,
# serde, CSV), are compiled for size (opt-level "z": about 48 KB less gzipped than 3), while
# groupwell-wasm itself stays at opt-level 3. The batch kernels (indexCodes, indexLevels,
# Scale.scoreBatch) are generic and instantiated in this crate, so they keep their speed (all at
# "z", indexLevels is 4-6x slower). GROUPWELL_WASM_OPT_LEVEL=3 builds everything at 3 (or "s").
# panic = "abort" needs no setting: it is wasm32-unknown-unknown's default; lto and
# codegen-units = 1 come from the workspace's release profile (fat LTO gains nothing here).
build() {
    local dir="$1"
    shift
    CARGO_PROFILE_RELEASE_OPT_LEVEL="${GROUPWELL_WASM_OPT_LEVEL:-z}" \
        cargo build --locked --target wasm32-unknown-unknown --release -p groupwell-wasm "$@" \
        --config 'profile.release.package.groupwell-wasm.opt-level=3'
    rm -rf "$dir/web" "$dir/node"
    for target in web node; do
        local out="$dir/$target"
        local bindgen_target="$target"
        [[ "$target" == node ]] && bindgen_target=nodejs
        wasm-bindgen --target "$bindgen_target" --out-name groupwell --out-dir "$out" "$raw"
        # Classes (Scale) declare `[Symbol.dispose]()`, whose type lives in TypeScript's (>= 5.2)
        # lib esnext.disposable: reference it from the .d.ts so consumers compiling with an older
        # `lib` setting (es2022, as tests/types does) type-check without skipLibCheck.
        if grep -q 'Symbol.dispose' "$out/groupwell.d.ts"; then
            { echo '/// <reference lib="esnext.disposable" />'; cat "$out/groupwell.d.ts"; } \
                >"$out/groupwell.d.ts.tmp"
            mv "$out/groupwell.d.ts.tmp" "$out/groupwell.d.ts"
        fi
        "$here/node_modules/.bin/wasm-opt" -Oz --strip-debug --strip-producers \
            "$out/groupwell_bg.wasm" -o "$out/groupwell_bg.wasm.opt"
        mv "$out/groupwell_bg.wasm.opt" "$out/groupwell_bg.wasm"
    done
    # The web glue is an ES module and the node glue CommonJS, whatever the root package says.
    printf '{\n  "type": "module"\n}\n' >"$dir/web/package.json"
    printf '{\n  "type": "commonjs"\n}\n' >"$dir/node/package.json"
    local wasm="$dir/web/groupwell_bg.wasm"
    local gz_size
    gz_size="$(gzip -9 -c "$wasm" | wc -c)"
    echo "groupwell wasm ${dir#"$here/"}: raw $(wc -c <"$raw") bytes," \
        "wasm-opt -Oz $(wc -c <"$wasm") bytes, gzipped $gz_size bytes ($((gz_size / 1024)) KiB)"
}

# The package's two builds: `groupwell` (everything) and `groupwell/scoring` (every value set,
# crosswalks, profile analyses, scales and change classification; no programs or goals).
build "$here/pkg"
build "$here/pkg/scoring" --no-default-features
