// The profile analyses through the JS API: against the reference results in
// ../shared/reference/eq5d/analysis (skipped when the folder is missing, unless
// GROUPWELL_REQUIRE_REFERENCE=1), and the shapes, typed arrays and errors of every export.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";

import { readCsv, referenceDir, throwsKind, packageEntry } from "./helpers.mjs";

// `groupwell`, or the scoring build with GROUPWELL_ENTRY=groupwell/scoring (run-tests.sh).
const gw = await import(packageEntry);

const dir = referenceDir();
const skip = dir === null ? "reference folder not found (GROUPWELL_REQUIRE_REFERENCE=1 fails instead)" : false;
const DIMS = ["MO", "SC", "UA", "PD", "AD"];

function analysis(file) {
  return readCsv(join(dir, "eq5d", "analysis", file));
}

/** A state column of the reference folder: "NA" is missing (null). */
function states(file) {
  const csv = analysis(file);
  assert.deepEqual(csv.header, ["x"]);
  return csv.rows.map((r) => (r[0] === "NA" ? null : r[0]));
}

/** The reference pairs: baseline and follow-up matched by ids = row numbers. */
function referenceInput() {
  const pre = states("pre.csv");
  const post = states("post.csv");
  const ids = pre.map((_, i) => i);
  return { instrument: "3L", preIds: ids, pre, postIds: ids, post };
}

/** R's `round(x, 1)` for the values compared (none sits on a tie). */
const r1 = (x) => x.toFixed(1);
const r2 = (x) => x.toFixed(2);

function checkTable(table, file) {
  const want = analysis(file);
  assert.deepEqual(want.header, ["", "Number", "Percent"]);
  assert.deepEqual(
    table.rows.map((r) => [r.label, r.number, r1(r.percent)]),
    want.rows.map((r) => [r[0], Number(r[1]), r1(Number(r[2]))]),
    file,
  );
}

describe("reference results", { skip }, () => {
  test("pairing pre.csv and post.csv by row-number ids", () => {
    const p = gw.pairProfiles(referenceInput());
    assert.equal(p.count, 77);
    assert.equal(p.instrument, "EQ-5D-3L");
    assert.ok(p.preRows instanceof Uint32Array && p.postRows instanceof Uint32Array);
    assert.ok(p.pre instanceof Uint16Array && p.post instanceof Uint16Array);
    assert.deepEqual(Array.from(p.preRows), Array.from(p.postRows));
    assert.deepEqual(p.excluded, [
      { id: "0", reason: "invalidBaseline", message: "baseline state invalid" }, // 62331
      { id: "70", reason: "missingFollowUp", message: "follow-up state missing" }, // NA
    ]);
    // String ids give the same pairs.
    const input = referenceInput();
    const ids = input.preIds.map(String);
    const q = gw.pairProfiles({ ...input, preIds: ids, postIds: ids.slice() });
    assert.deepEqual(Array.from(q.pre), Array.from(p.pre));
    assert.deepEqual(Array.from(q.post), Array.from(p.post));
  });

  test("every pchc_*.csv variant", () => {
    const input = referenceInput();
    for (const noProblems of [false, true]) {
      for (const totals of [false, true]) {
        const base = `pchc_noprob_${noProblems}_totals_${totals}`;
        const table = gw.pchc({ ...input, noProblems, totals });
        assert.equal(table.pairs, 77);
        checkTable(table, `${base}.csv`);
        const byDim = gw.pchc({ ...input, noProblems, totals, byDimension: true });
        assert.deepEqual(Object.keys(byDim), DIMS);
        checkTable(byDim.MO, `${base}_dim_mo.csv`);
      }
    }
    checkTable(gw.pchc(input), "pchc_nototals.csv");
    checkTable(gw.pchc({ ...input, noProblems: null, totals: null, byDimension: false }), "pchc_nototals.csv");
  });

  test("probability of superiority .59 .62 .61 .66 .56", () => {
    const ps = gw.probabilityOfSuperiority(referenceInput());
    assert.deepEqual(Object.keys(ps), DIMS);
    assert.deepEqual(DIMS.map((d) => r2(ps[d])), ["0.59", "0.62", "0.61", "0.66", "0.56"]);
  });

  test("eq5dcf.csv, the cumulative frequency table of pre.csv", () => {
    const t = gw.cumulativeFrequencies({ instrument: "3L", states: states("pre.csv") });
    assert.deepEqual([t.n, t.missing, t.invalid], [78, 0, 1]);
    const want = analysis("eq5dcf.csv");
    assert.deepEqual(want.header, ["State", "Frequency", "Percentage", "CumulativeFreq", "CumulativePerc"]);
    assert.deepEqual(
      t.rows.map((r) => [r.state, r.frequency, r1(r.percent), r.cumulativeFrequency, r1(r.cumulativePercent)]),
      want.rows.map((r) => [r[0], Number(r[1]), r1(Number(r[2])), Number(r[3]), r1(Number(r[4]))]),
    );
    assert.equal(t.rows[0].percent, (10 / 78) * 100);
  });

  test("hpg_3l_uk_tto_no_problems_false.csv, the Health Profile Grid under 3L_UK", () => {
    const input = referenceInput();
    const want = analysis("hpg_3l_uk_tto_no_problems_false.csv");
    assert.deepEqual(want.header, ["Pre", "Post", "PCHC"]);
    assert.equal(want.rows.length, input.pre.length);
    const LABEL = { noChange: "No change", improve: "Improve", worsen: "Worsen", mixed: "Mixed change" };
    for (const options of [undefined, null, {}, { decimals: 3 }, { noProblems: false, decimals: null }]) {
      const grid = gw.healthProfileGrid(input, "3L_UK", options);
      assert.equal(grid.states, 243);
      assert.ok(grid.pre instanceof Uint16Array && grid.post instanceof Uint16Array);
      assert.equal(grid.pre.length, 77);
      assert.equal(grid.change.length, 77);
      // Ranks of every valid state of each side (also where the other side is not valid):
      // a column paired with itself.
      const rankOf = (side) => {
        const ids = input[side].map((_, i) => i);
        const g = gw.healthProfileGrid(
          { instrument: "3L", preIds: ids, pre: input[side], postIds: ids, post: input[side] },
          "3L_UK",
          options,
        );
        const ranks = new Array(ids.length).fill("NA");
        g.preRows.forEach((row, i) => (ranks[row] = String(g.pre[i])));
        return ranks;
      };
      const pre = rankOf("pre");
      const post = rankOf("post");
      const change = new Array(input.pre.length).fill("NA");
      grid.preRows.forEach((row, i) => {
        assert.equal(grid.postRows[i], row);
        assert.equal(String(grid.pre[i]), pre[row]);
        assert.equal(String(grid.post[i]), post[row]);
        change[row] = LABEL[grid.change[i]];
      });
      want.rows.forEach((w, row) => {
        assert.deepEqual([pre[row], post[row], change[row]], w, `row ${row}`);
      });
    }
  });

  test("HSDI .56 of pre.csv (.50 of post.csv)", () => {
    const h = gw.healthStateDensity({ instrument: "3L", states: states("pre.csv") });
    assert.equal(r2(h.hsdi), "0.56");
    assert.deepEqual([h.distinct, h.n, h.missing, h.invalid], [28, 78, 0, 1]);
    assert.ok(h.states instanceof Float64Array && h.observations instanceof Float64Array);
    assert.equal(h.states.length, 29);
    assert.deepEqual([h.states[0], h.observations[0], h.states[28], h.observations[28]], [0, 0, 1, 1]);
    const post = gw.healthStateDensity({ instrument: "3L", states: states("post.csv") });
    assert.equal(r2(post.hsdi), "0.50");
    assert.equal(post.missing, 1);
  });

  test("Shannon by profile 4.33 / 7.92 / .55 of pre.csv", () => {
    const s = gw.shannon({ instrument: "3L", states: states("pre.csv") });
    assert.deepEqual([r2(s.profile.h), r2(s.profile.hMax), r2(s.profile.j)], ["4.33", "7.92", "0.55"]);
    assert.equal(s.profile.hMax, Math.log2(243));
    assert.deepEqual(Object.keys(s.dimensions), DIMS);
    const o = gw.shannon({ instrument: "3L", states: states("pre.csv"), hMax: "observed" });
    assert.equal(o.profile.h, s.profile.h);
    assert.equal(o.profile.hMax, Math.log2(28));
  });

  test("level frequencies of pre.csv agree with pre_df.csv", () => {
    const f = gw.levelFrequencies({ instrument: "3L", states: states("pre.csv") });
    const df = analysis("pre_df.csv");
    assert.deepEqual(df.header, DIMS);
    const want = Object.fromEntries(DIMS.map((d) => [d, [0, 0, 0]]));
    for (const row of df.rows) {
      const levels = row.map(Number);
      if (levels.every((l) => l >= 1 && l <= 3)) levels.forEach((l, j) => want[DIMS[j]][l - 1]++);
    }
    assert.deepEqual(f.counts, want);
    assert.equal(f.levels, 3);
  });
});

describe("shapes, inputs and errors", () => {
  const input = {
    instrument: "5L",
    preIds: ["a", "b", "c"],
    pre: ["11111", "21111", "55555"],
    postIds: ["c", "a", "b"],
    post: ["54555", "11111", "11121"],
  };

  test("pairs and PCHC are plain objects", () => {
    const p = gw.pairProfiles(input);
    assert.equal(Object.getPrototypeOf(p), Object.prototype);
    assert.deepEqual(Array.from(p.preRows), [0, 1, 2]);
    assert.deepEqual(Array.from(p.postRows), [1, 2, 0]);
    assert.deepEqual(p.excluded, []);
    const t = gw.pchc({ ...input, noProblems: true, totals: true });
    assert.deepEqual(
      t.rows.map((r) => [r.label, r.category, r.number]),
      [
        ["No change", "noChange", 0],
        ["Improve", "improve", 1],
        ["Worsen", "worsen", 0],
        ["Mixed change", "mixed", 1],
        ["Total with problems", null, 2],
        ["No problems", "noProblems", 1],
      ],
    );
    assert.equal(t.rows[1].percent, 50);
    const ps = gw.probabilityOfSuperiority(input);
    assert.equal(ps.MO, (1 + 0.5 * 2) / 3); // b improves, a and c unchanged
  });

  test("column analyses take strings, five-digit numbers or codes", () => {
    const strings = gw.levelFrequencies({ instrument: "5L", states: ["11111", null, "12345", "x"] });
    const numbers = gw.levelFrequencies({ instrument: "5L", states: new Int32Array([11111, 0, 12345, 7]) });
    const floats = gw.levelFrequencies({ instrument: "5L", states: new Float64Array([11111, NaN, 12345, 7]) });
    const codes = gw.levelFrequencies({ instrument: "5L", states: new Uint16Array([0, 3125, 194]) });
    assert.deepEqual(strings.counts, numbers.counts);
    assert.deepEqual(strings.counts, floats.counts);
    assert.deepEqual(strings.counts, codes.counts);
    assert.deepEqual([strings.n, strings.missing, strings.invalid], [2, 1, 1]);
    assert.deepEqual([floats.n, floats.missing, floats.invalid], [2, 1, 1]);
    assert.deepEqual(strings.counts.AD, [1, 0, 0, 0, 1]);
    const groups = gw.levelFrequencies({ instrument: "5L", states: ["11111", "55555", "11111"], groups: ["y", "x", "y"] });
    assert.deepEqual(groups.map((g) => [g.group, g.n]), [["x", 1], ["y", 2]]);
    const lss = gw.levelSumDistribution({ instrument: "5L", states: ["11111", "55555"] });
    assert.equal(lss.rows.length, 21);
    assert.deepEqual(lss.rows[0], { score: 5, frequency: 1, percent: 50 });
    const lfs = gw.levelFrequencyDistribution({ instrument: "5L", states: ["11111"] });
    assert.equal(lfs.rows.length, 126);
    assert.deepEqual(lfs.rows[0], { score: "50000", frequency: 1, percent: 100 });
  });

  test("summaries", () => {
    const s = gw.summarize(new Float64Array([0.5, 0.7, NaN, 0.9, 1.0]));
    assert.deepEqual([s.n, s.missing, s.mean, s.median], [4, 1, 0.775, 0.8]);
    assert.ok(Math.abs(s.ciLower - 0.42216921410693) < 1e-12);
    assert.ok(Math.abs(s.ciUpper - 1.12783078589307) < 1e-12);
    assert.equal(s.confidence, 0.95);
    assert.equal(s.group, undefined);
    const g = gw.summarize([0.8, null, 0.6, 1.0, 0.4, 50], {
      groups: ["on-site", "digital", "on-site", "digital", "on-site", "virtual"],
    });
    assert.deepEqual(g.map((x) => [x.group, x.n, x.missing]), [["digital", 1, 1], ["on-site", 3, 0], ["virtual", 1, 0]]);
    assert.ok(Number.isNaN(g[0].ciLower));
    const g90 = gw.summarize([1, 2, 3, 4], { groups: ["a", "a", "a", "a"], confidence: 0.9 });
    assert.deepEqual(g90[0], { group: "a", ...gw.summarize([1, 2, 3, 4], { confidence: 0.9 }) });
  });

  test("all missing: documented empty results", () => {
    const none = { instrument: "3L", states: [null, undefined, NaN] };
    assert.deepEqual(gw.cumulativeFrequencies(none), { rows: [], n: 0, missing: 3, invalid: 0 });
    assert.ok(Number.isNaN(gw.healthStateDensity(none).hsdi));
    assert.ok(Number.isNaN(gw.shannon(none).profile.j));
    assert.ok(gw.levelFrequencies(none).percents.MO.every(Number.isNaN));
    const pairs = { instrument: "3L", preIds: [1, 2], pre: [null, null], postIds: [1, 2], post: [null, null] };
    const t = gw.pchc(pairs);
    assert.ok(t.rows.every((r) => r.number === 0 && Number.isNaN(r.percent)));
    assert.ok(Object.values(gw.probabilityOfSuperiority(pairs)).every(Number.isNaN));
    const grid = gw.healthProfileGrid(pairs, "3L_UK");
    assert.equal(grid.pre.length, 0);
    const s = gw.summarize(new Float64Array([NaN]));
    assert.deepEqual([s.n, s.missing], [0, 1]);
    assert.ok(Number.isNaN(s.mean));
  });

  test("bad input throws GroupwellErrors", () => {
    throwsKind(assert, () => gw.pairProfiles({ ...input, preIds: ["a", "b"] }), "LengthMismatch");
    const dup = throwsKind(assert, () => gw.pchc({ ...input, postIds: ["a", "a", "b"] }), "InvalidArgument");
    assert.match(dup.message, /"a" \(rows 0 and 1\)/);
    assert.equal(gw.pairProfiles({ ...input, postIds: ["a", "a", "b"], duplicates: "last" }).count, 2);
    // A 3L value set for 5L pairs; a 5L state in a 3L column is an invalid row.
    throwsKind(assert, () => gw.healthProfileGrid(input, "3L_UK"), "InstrumentMismatch");
    const mixed = gw.pairProfiles({ ...input, instrument: "3L", post: ["54555", "11114", "11121"] });
    assert.deepEqual(mixed.excluded.map((e) => [e.id, e.reason]), [
      ["a", "invalidFollowUp"], // 11114
      ["c", "invalidBaseline"], // 55555
    ]);
    assert.equal(mixed.count, 1);
    throwsKind(assert, () => gw.levelFrequencies({ instrument: "3L", states: ["11111"], groups: [] }), "LengthMismatch");
    throwsKind(assert, () => gw.summarize([1, 2], { groups: ["a"] }), "LengthMismatch");
    throwsKind(assert, () => gw.summarize([1, 2], { confidence: 95 }), "InvalidArgument");
    throwsKind(assert, () => gw.summarize("1, 2"), "InvalidArgument");
    throwsKind(assert, () => gw.pchc({ ...input, noProblem: true }), "InvalidArgument");
    throwsKind(assert, () => gw.pchc({ ...input, instrument: "4L" }), "InvalidArgument");
    throwsKind(assert, () => gw.pairProfiles({ ...input, preIds: [{}, "b", "c"] }), "InvalidArgument");
    throwsKind(assert, () => gw.shannon({ instrument: "3L", states: ["11111"], hMax: "all states" }), "InvalidArgument");
    throwsKind(assert, () => gw.healthStateDensity({ instrument: "3L", states: "11111" }), "InvalidArgument");
    throwsKind(assert, () => gw.healthProfileGrid(input, "5L_UK", { decimals: 1.5 }), "InvalidArgument");
    throwsKind(assert, () => gw.cumulativeFrequencies(null), "InvalidArgument");
    throwsKind(assert, () => gw.cumulativeFrequencies(), "InvalidArgument");
  });
});
