// Shared helpers of the node tests (not a test file itself).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
export const packageDir = resolve(here, "..");
export const repoRoot = resolve(packageDir, "..");

/**
 * The package entry the build-independent tests import: `groupwell` (everything), or the
 * scoring build when `GROUPWELL_ENTRY=groupwell/scoring` (run-tests.sh runs them both ways).
 */
export const packageEntry = process.env.GROUPWELL_ENTRY ?? "groupwell";
/** Whether the tests run against the scoring build (no programs or goals). */
export const scoringOnly = packageEntry === "groupwell/scoring";

/**
 * The reference folder (`$GROUPWELL_REFERENCE`, else `../shared/reference` beside the
 * repository), or `null` when it is missing. With `GROUPWELL_REQUIRE_REFERENCE=1` a missing
 * folder throws, so the test fails instead of skipping.
 */
export function referenceDir() {
  const dir = process.env.GROUPWELL_REFERENCE
    ? resolve(process.env.GROUPWELL_REFERENCE)
    : resolve(repoRoot, "..", "shared", "reference");
  if (existsSync(join(dir, "eq5d"))) return dir;
  if (process.env.GROUPWELL_REQUIRE_REFERENCE === "1") {
    throw new Error(`reference folder ${dir} is missing and GROUPWELL_REQUIRE_REFERENCE=1`);
  }
  return null;
}

function splitLine(line) {
  const out = [];
  let cur = "";
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** A CSV file as `{header, rows}` (strings). */
export function readCsv(path) {
  const lines = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.length > 0);
  const [head, ...rest] = lines;
  return { header: splitLine(head), rows: rest.map(splitLine) };
}

/** Compact code of a state string (`11111` → 0, AD changing fastest). */
export function codeOf(state, levels) {
  let code = 0;
  for (const ch of state) code = code * levels + (ch.charCodeAt(0) - 49);
  return code;
}

/** Largest absolute difference, failing on any non-finite pair. */
export function maxDiff(ours, theirs, label) {
  if (ours.length !== theirs.length) {
    throw new Error(`${label}: ${ours.length} values, expected ${theirs.length}`);
  }
  let worst = 0;
  let at = -1;
  for (let i = 0; i < ours.length; i++) {
    const d = Math.abs(ours[i] - theirs[i]);
    if (!Number.isFinite(d)) throw new Error(`${label}: state #${i}: ${ours[i]} vs ${theirs[i]}`);
    if (d > worst) {
      worst = d;
      at = i;
    }
  }
  return { worst, at };
}

/** Checks that `fn` throws a GroupwellError of this kind; returns the error. */
export function throwsKind(assert, fn, kind) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught !== undefined, `expected a ${kind} error, nothing was thrown`);
  assert.ok(caught instanceof Error, `not an Error: ${caught}`);
  assert.equal(caught.name, "GroupwellError");
  assert.equal(caught.kind, kind, caught.message);
  assert.ok(typeof caught.message === "string" && caught.message.length > 0);
  assert.ok(typeof caught.stack === "string");
  return caught;
}
