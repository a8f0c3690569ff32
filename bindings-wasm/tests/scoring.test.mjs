// The scoring build (`groupwell/scoring`, groupwell-wasm without its feature `programs`) next to
// the full build: its exports are the full build's less the program classes, and its web build
// gives the same numbers, bit for bit, for every state of every value set, the crosswalks and
// SCI-93. (Every scoring test file also runs against it: run-tests.sh, GROUPWELL_ENTRY.)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";

import * as full from "groupwell";
import * as scoringNode from "groupwell/scoring";
import init, * as scoringWeb from "groupwell/scoring/web";

const require = createRequire(import.meta.url);
const PROGRAM_EXPORTS = ["GoalReport", "GoalSet", "Program"];

const names = (m) => Object.keys(m).filter((k) => k !== "default" && k !== "module.exports" && k !== "initSync").sort();

test("the scoring build exports the full build's functions less programs and goals", () => {
  const expected = names(full).filter((k) => !PROGRAM_EXPORTS.includes(k));
  assert.deepEqual(names(scoringNode), expected);
  assert.deepEqual(names(scoringWeb), expected);
  for (const k of PROGRAM_EXPORTS) assert.ok(k in full && !(k in scoringNode), k);
});

test("the scoring web build gives the full build's numbers for every state of every set", async () => {
  await init({ module_or_path: readFileSync(require.resolve("groupwell/scoring/web/groupwell_bg.wasm")) });
  assert.equal(scoringWeb.version(), full.version());
  assert.deepEqual(scoringWeb.valueSets(), full.valueSets());
  assert.equal(full.valueSets().length, 128);
  const bits = (a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  for (const info of full.valueSets()) {
    const table = full.valueSetTable(info.id);
    assert.deepEqual(bits(scoringWeb.valueSetTable(info.id)), bits(table), info.id);
    assert.deepEqual(bits(scoringNode.valueSetTable(info.id)), bits(table), info.id);
    const codes = Uint16Array.from({ length: table.length }, (_, i) => i);
    assert.deepEqual(bits(scoringWeb.indexCodes(info.id, codes)), bits(table), info.id);
  }
  const a = scoringWeb.valueSetTable(scoringWeb.crosswalk5lTo3l("3L_SE"));
  const b = full.valueSetTable(full.crosswalk5lTo3l("3L_SE"));
  assert.deepEqual(bits(a), bits(b));
  const rows = Float64Array.from({ length: 35 * 4 }, (_, i) => (i % 11 === 0 ? NaN : (i * 5) % 6));
  assert.deepEqual(scoringWeb.Scale.sci93().scoreBatch(rows), full.Scale.sci93().scoreBatch(rows));
});
