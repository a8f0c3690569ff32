// The TypeScript declarations of both builds compile, and the batch-call overloads give the
// right result type per error mode (tests/types/*.mts, checked with tsc --strict).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { packageDir } from "./helpers.mjs";

const tsc = join(packageDir, "node_modules", "typescript", "bin", "tsc");
const skip = existsSync(tsc) ? false : "typescript is not installed (npm ci in bindings-wasm)";

test("the .d.ts files type-check a consumer under --strict", { skip }, () => {
  const r = spawnSync(process.execPath, [tsc, "-p", join(packageDir, "tests", "types", "tsconfig.json")], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});
