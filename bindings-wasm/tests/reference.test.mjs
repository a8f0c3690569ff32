// Exhaustive oracle: every state of every model-based value set (the whole 5L family, and the
// 3L TTO, 3L VAS and Y-3L families) against the independent tables in the reference folder,
// through the JS API (indexCodes and indexStrings), and both crosswalks against their oracles.
// Skipped when the reference folder is missing, unless GROUPWELL_REQUIRE_REFERENCE=1.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";

import { codeOf, maxDiff, readCsv, referenceDir, packageEntry } from "./helpers.mjs";

// `groupwell`, or the scoring build with GROUPWELL_ENTRY=groupwell/scoring (run-tests.sh).
const gw = await import(packageEntry);

const TOLERANCE = 1e-9;
const dir = referenceDir();
const skip = dir === null ? "reference folder not found (GROUPWELL_REQUIRE_REFERENCE=1 fails instead)" : false;

const FAMILIES = {
  "3L_TTO": { file: "3L_TTO.csv", instrument: "EQ-5D-3L", fits: (i) => i.method !== "VAS", sets: 33 },
  "3L_VAS": { file: "3L_VAS.csv", instrument: "EQ-5D-3L", fits: (i) => i.method === "VAS", sets: 11 },
  "5L": { file: "5L.csv", instrument: "EQ-5D-5L", fits: () => true, sets: 49 },
  Y3L: { file: "Y3L.csv", instrument: "EQ-5D-Y-3L", fits: () => true, sets: 13 },
};

/** The one catalogue set of this family with this reference column name. */
function setFor(family, name) {
  const f = FAMILIES[family];
  const hits = gw
    .valueSets()
    .filter(
      (i) =>
        i.kind === "value_set" &&
        i.model !== "table" &&
        i.name === name &&
        i.instrument === f.instrument &&
        f.fits(i),
    );
  assert.equal(hits.length, 1, `${family} ${name}: ${hits.map((h) => h.id)}`);
  return hits[0];
}

function column(csv, j) {
  return Float64Array.from(csv.rows, (r) => Number.parseFloat(r[j]));
}

function checkFamily(family) {
  const f = FAMILIES[family];
  const csv = readCsv(join(dir, "eq5d", "tables", f.file));
  assert.equal(csv.header[0], "state");
  const states = csv.rows.map((r) => r[0]);
  const levels = f.instrument === "EQ-5D-5L" ? 5 : 3;
  assert.equal(states.length, levels ** 5);
  const codes = Uint16Array.from(states, (s) => codeOf(s, levels));
  codes.forEach((c, i) => assert.equal(c, i, `row ${i} (${states[i]}) is not in code order`));
  let sets = 0;
  for (let j = 1; j < csv.header.length; j++) {
    const info = setFor(family, csv.header[j]);
    const theirs = column(csv, j);
    for (const [how, ours] of [
      ["indexCodes", gw.indexCodes(info.id, codes)],
      ["indexStrings", gw.indexStrings(info.id, states)],
      ["valueSetTable", gw.valueSetTable(info.id)],
    ]) {
      assert.ok(ours instanceof Float64Array);
      const label = `${info.id} (${f.file}:${csv.header[j]}) via ${how}`;
      const { worst, at } = maxDiff(ours, theirs, label);
      assert.ok(worst <= TOLERANCE, `${label}: state ${states[at]} differs by ${worst}`);
    }
    sets += 1;
  }
  assert.equal(sets, f.sets);
  return sets * states.length;
}

test("every state of every 5L value set matches the reference tables", { skip }, () => {
  assert.equal(checkFamily("5L"), 49 * 3125);
});

test("every state of every 3L TTO, 3L VAS and Y-3L value set matches", { skip }, () => {
  assert.equal(checkFamily("3L_TTO") + checkFamily("3L_VAS") + checkFamily("Y3L"), 57 * 243);
});

test("crosswalks of every set match their oracles", { skip }, () => {
  for (const [file, family, levels] of [
    ["oracle_crosswalk_5L_to_3L_TTO.csv", "3L_TTO", 5],
    ["oracle_reverse_crosswalk_3L_to_5L.csv", "5L", 3],
  ]) {
    const csv = readCsv(join(dir, "eq5d", "crosswalk", file));
    const states = csv.rows.map((r) => r[0]);
    assert.equal(states.length, levels ** 5);
    for (let j = 1; j < csv.header.length; j++) {
      const source = setFor(family, csv.header[j]);
      const id = levels === 5 ? gw.crosswalk5lTo3l(source.id) : gw.crosswalk3lTo5l(source.id);
      const ours = gw.indexStrings(id, states);
      const { worst, at } = maxDiff(ours, column(csv, j), `${id} (${file})`);
      assert.ok(worst <= TOLERANCE, `${id}: state ${states[at]} differs by ${worst}`);
      assert.ok(gw.unregisterValueSet(id));
    }
  }
});
