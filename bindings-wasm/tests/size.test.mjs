// The size budget of the package's WebAssembly: the scoring build (every value set, the
// crosswalks, profile analyses, scales and change classification) is at most 400 KB gzipped,
// and the figures the repository README states for both builds are the built ones (within 5%,
// so that the README is updated when the size moves: the README quotes build.sh, i.e. GNU
// gzip -9, whose output is ~2% smaller than node's zlib at level 9, measured here).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";

import { packageDir, repoRoot } from "./helpers.mjs";

const BUDGET = 400_000;

function gzipped(...path) {
  return gzipSync(readFileSync(join(packageDir, "pkg", ...path, "groupwell_bg.wasm")), { level: 9 }).length;
}

/** The byte counts (`123,456 bytes gzipped`) of the README row naming the builds. */
function stated() {
  const row = readFileSync(join(repoRoot, "README.md"), "utf8")
    .split("\n")
    .find((l) => l.startsWith("| WebAssembly package"));
  assert.ok(row, "README.md has no `| WebAssembly package` row");
  return [...row.matchAll(/([\d,]+) bytes gzipped/g)].map((m) => Number(m[1].replaceAll(",", "")));
}

test("the scoring build with every value set is within the 400 KB budget", () => {
  for (const build of ["web", "node"]) {
    const size = gzipped("scoring", build);
    assert.ok(size <= BUDGET, `scoring/${build}: ${size} bytes gzipped > ${BUDGET}`);
  }
});

test("the README states the built sizes", () => {
  const [scoring, full] = stated();
  const actual = { scoring: gzipped("scoring", "web"), full: gzipped("web") };
  for (const [name, said] of [["scoring", scoring], ["full", full]]) {
    assert.ok(
      Math.abs(said - actual[name]) <= 0.05 * actual[name],
      `README says ${said} bytes for the ${name} build; it is ${actual[name]} bytes gzipped`,
    );
  }
});
