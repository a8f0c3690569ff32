// Summed scales (Scale) and change classification through the built package: the hand-worked
// examples of the core's tests (tests/tests/scales.rs, tests/tests/change.rs), every input shape
// giving identical numbers, explicit offsets, and bad input as GroupwellErrors naming the item
// and row.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { packageEntry, throwsKind } from "./helpers.mjs";

// `groupwell`, or the scoring build with GROUPWELL_ENTRY=groupwell/scoring (run-tests.sh).
const { Scale, classifyChange, classifyChanges, eq5dIndexMid, eqVasMid, reliableChangeIndex, sci93Reliable } =
  await import(packageEntry);

const COERCE = { errors: "coerce" };

/** Items 1..35 answered 0,1,2,3,4,5,0,1,...: sum = 5 cycles of 15 + 0..4 = 85. */
const cycle = () => Array.from({ length: 35 }, (_, i) => i % 6);

/** The cycle with its first `k` answers missing (`null`). */
function withMissing(k) {
  const a = cycle();
  for (let i = 0; i < k; i++) a[i] = null;
  return a;
}

/** `{item id: answer}`, missing answers left out. */
function byId(scale, answers) {
  const o = {};
  scale.items.forEach((id, i) => {
    if (answers[i] !== null && !Number.isNaN(answers[i])) o[id] = answers[i];
  });
  return o;
}

const DEMO = {
  id: "demo",
  name: "Demo wellbeing",
  items: ["a", "b", "c", "d"],
  range: { min: 1, max: 5 },
  item_ranges: { d: { min: 0, max: 10 } },
  reverse: ["b"],
  subscales: [
    { name: "first", items: ["a", "b"] },
    { name: "second", items: ["c", "d"], max_missing: 1 },
  ],
  total: "sum",
  direction: "higher_is_better",
  missing: { max_missing: 1 },
  bands: [
    { label: "low", min: 3, max: 10 },
    { label: "mid", min: 11, max: 15 },
    { label: "high", min: 16, max: 25 },
  ],
  citation: "Made up for the tests",
  notes: ["not a real instrument"],
};

/** Same numbers to the bit (NaN equals NaN). */
function sameBits(a, b, label) {
  assert.equal(a.length, b.length, `${label}: length`);
  const x = new Float64Array(a);
  const y = new Float64Array(b);
  assert.deepEqual(new Uint8Array(x.buffer), new Uint8Array(y.buffer), label);
}

describe("Scale.sci93", () => {
  const sci = Scale.sci93();

  test("metadata and JSON", () => {
    assert.equal(sci.id, "SCI-93");
    assert.equal(sci.name, "Stress and Crisis Inventory 1993");
    assert.equal(sci.items.length, 35);
    assert.deepEqual([sci.items[0], sci.items[34]], ["1", "35"]);
    assert.deepEqual(sci.subscales, []);
    assert.deepEqual(sci.bands, []);
    assert.deepEqual(sci.totalRange, [0, 175]);
    assert.equal(sci.direction, "higher_is_worse");
    assert.equal(sci.total, "sum");
    assert.equal(sci.maxMissing, 3);
    const def = JSON.parse(sci.toJson());
    assert.equal(def.missing.max_missing, 3);
    assert.equal(def.doi, "10.3109/08039488.2014.915580");
    assert.equal(Scale.fromJson(sci.toJson()).toJson(), sci.toJson());
    assert.equal(Scale.fromJson(def).toJson(), sci.toJson());
  });

  test("full answers: 85", () => {
    const s = sci.score(cycle());
    assert.deepEqual(s, { total: 85, subscales: {}, answered: 35, prorated: false, band: null });
    assert.equal(Object.getPrototypeOf(s), Object.prototype);
    assert.equal(sci.score(new Uint8Array(35).fill(5)).total, 175);
    assert.equal(sci.score(new Int32Array(35)).total, 0);
  });

  test("three missing are prorated: 82 × 35 / 32 = 89.6875", () => {
    const want = { total: 89.6875, subscales: {}, answered: 32, prorated: true, band: null };
    assert.equal(82 * 35 / 32, 89.6875);
    const a = withMissing(3);
    assert.deepEqual(sci.score(a), want);
    assert.deepEqual(sci.score(Float64Array.from(a, (x) => x ?? NaN)), want);
    assert.deepEqual(sci.score(byId(sci, a)), want);
    assert.deepEqual(sci.score(new Map(Object.entries(byId(sci, a)))), want);
    assert.deepEqual(sci.score([undefined, NaN, null, ...cycle().slice(3)]), want);
  });

  test("four missing: no score, not an error", () => {
    const want = { total: null, subscales: {}, answered: 31, prorated: false, band: null };
    const a = withMissing(4);
    assert.deepEqual(sci.score(a), want);
    assert.deepEqual(sci.score(byId(sci, a)), want);
    const out = sci.scoreBatch(Float64Array.from(a, (x) => x ?? NaN));
    assert.ok(Number.isNaN(out.totals[0]));
    assert.equal(out.missing, 1);
    assert.deepEqual(out.errors, []);
  });

  test("offset 1 reads exports coded 1–6; never guessed", () => {
    const exported = cycle().map((x) => x + 1);
    assert.equal(sci.score(exported, { offset: 1 }).total, 85);
    assert.equal(sci.score(Uint8Array.from(exported), { offset: 1 }).total, 85);
    const e = throwsKind(assert, () => sci.score(exported), "InvalidArgument");
    assert.equal(e.message, "item 6 = 6 is not valid: expected an integer 0..=5 (SCI-93)");
    const bad = exported.slice();
    bad[9] = 0;
    const e2 = throwsKind(assert, () => sci.score(bad, { offset: 1 }), "InvalidArgument");
    assert.match(e2.message, /item 10 = 0/);
    assert.match(e2.message, /1\.\.=6/);
    const rows = Uint8Array.from([...exported, ...exported]);
    sameBits(sci.scoreBatch(rows, { offset: 1 }).totals, [85, 85], "batch offset");
    for (const opts of [{ offset: 0.5 }, { offset: "1" }, { offset: NaN }, { ofset: 1 }, { errors: "coerce" }]) {
      throwsKind(assert, () => sci.score(exported, opts), "InvalidArgument");
    }
  });

  test("bad single answers name the item", () => {
    const a = new Array(35).fill(1);
    a[6] = 7;
    const e = throwsKind(assert, () => sci.score(a), "InvalidArgument");
    assert.equal(e.message, "item 7 = 7 is not valid: expected an integer 0..=5 (SCI-93)");
    assert.match(throwsKind(assert, () => sci.score(byId(sci, a)), "InvalidArgument").message, /item 7 = 7/);
    for (const [value, shown] of [
      [2.7, /item 7 = 2\.7 /],
      [-1, /item 7 = -1 /],
      [Infinity, /item 7 = inf /],
      ["3", /item 7 = "3" /],
      [true, /item 7 = true /],
    ]) {
      a[6] = value;
      assert.match(throwsKind(assert, () => sci.score(a), "InvalidArgument").message, shown);
      assert.match(throwsKind(assert, () => sci.score(byId(sci, a)), "InvalidArgument").message, shown);
    }
    const short = throwsKind(assert, () => sci.score(new Array(34).fill(1)), "InvalidArgument");
    assert.match(short.message, /34 values/);
    assert.match(short.message, /35 answers/);
    const unknown = throwsKind(assert, () => sci.score({ ...byId(sci, cycle()), 36: 1 }), "InvalidArgument");
    assert.match(unknown.message, /"36"/);
    for (const bad of [5, "1,2,3", null, undefined, new BigInt64Array(35), new DataView(new ArrayBuffer(35))]) {
      throwsKind(assert, () => sci.score(bad), "InvalidArgument");
    }
  });

  test("batch: raise lists every bad row and item, coerce gives NaN", () => {
    const rows = new Float64Array(35 * 4).fill(2);
    rows[35 + 4] = 7; // row 1, item 5
    rows[3 * 35 + 34] = 0.5; // row 3, item 35
    rows[2 * 35] = NaN; // row 2, item 1 missing: prorated
    for (const input of [rows, Array.from(rows, (x) => (Number.isNaN(x) ? null : x))]) {
      const e = throwsKind(assert, () => sci.scoreBatch(input), "Rows");
      assert.deepEqual(
        e.rows.map((r) => [r.row, r.field, r.kind]),
        [
          [1, "5", "InvalidArgument"],
          [3, "35", "InvalidArgument"],
        ],
      );
      assert.match(e.rows[0].message, /item 5 = 7/);
      assert.match(e.rows[1].message, /item 35 = 0\.5/);
      const out = sci.scoreBatch(input, COERCE);
      sameBits(out.totals, [70, NaN, (68 * 35) / 34, NaN], "coerce totals");
      assert.deepEqual([...out.prorated], [0, 0, 1, 0]);
      assert.equal(out.answered[2], 34);
      assert.deepEqual(out.errors.map((r) => [r.row, r.field]), [[1, "5"], [3, "35"]]);
      assert.equal(out.missing, 0);
      assert.deepEqual(out.bands, [null, null, null, null]);
      assert.deepEqual([...out.bandIndex], [-1, -1, -1, -1]);
      assert.deepEqual(out.subscales, {});
    }
  });

  test("batch: every typed array gives identical numbers", () => {
    // 20 rows with missing answers here and there, as in the core's tests.
    const rows = [];
    for (let r = 0; r < 20; r++) {
      for (let i = 0; i < 35; i++) rows.push((r + i) % 11 === 0 ? NaN : (r * 7 + i * 3) % 6);
    }
    const f64 = Float64Array.from(rows);
    const out = sci.scoreBatch(f64);
    assert.ok(out.totals instanceof Float64Array);
    assert.ok(out.answered instanceof Uint32Array);
    assert.ok(out.prorated instanceof Uint8Array);
    assert.ok(out.bandIndex instanceof Int32Array);
    // Each row as a single response, bit for bit.
    for (let r = 0; r < 20; r++) {
      const one = sci.score(f64.subarray(r * 35, r * 35 + 35));
      sameBits([one.total ?? NaN], [out.totals[r]], `row ${r}`);
      assert.equal(one.answered, out.answered[r]);
      assert.equal(one.prorated, out.prorated[r] === 1);
    }
    const asArray = sci.scoreBatch(rows.map((x) => (Number.isNaN(x) ? null : x)));
    sameBits(asArray.totals, out.totals, "Array");
    sameBits(sci.scoreBatch(Float32Array.from(rows)).totals, out.totals, "Float32Array");
    // No missing answers: every integer typed array.
    const whole = rows.map((x) => (Number.isNaN(x) ? 3 : x));
    const want = sci.scoreBatch(Float64Array.from(whole)).totals;
    for (const T of [Uint8Array, Uint8ClampedArray, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array]) {
      sameBits(sci.scoreBatch(T.from(whole)).totals, want, T.name);
    }
  });

  test("batch: bad shapes", () => {
    assert.match(throwsKind(assert, () => sci.scoreBatch(new Uint8Array(71)), "InvalidArgument").message, /71 values/);
    const rows = new Array(70).fill(1);
    rows[35 + 6] = "3";
    for (const opts of [undefined, COERCE]) {
      const e = throwsKind(assert, () => sci.scoreBatch(rows, opts), "InvalidArgument");
      assert.match(e.message, /item 7 = "3" at row 1/);
    }
    for (const bad of [{ 1: 1 }, 1, null, new BigInt64Array(35), "1"]) {
      throwsKind(assert, () => sci.scoreBatch(bad), "InvalidArgument");
    }
    for (const opts of [{ errors: "ignore" }, { decimals: 2 }, { offset: 1.5 }, "coerce"]) {
      throwsKind(assert, () => sci.scoreBatch(new Uint8Array(35), opts), "InvalidArgument");
    }
  });
});

describe("user-defined scales", () => {
  const demo = Scale.fromJson(JSON.stringify(DEMO));

  test("metadata", () => {
    assert.equal(demo.id, "demo");
    assert.deepEqual(demo.items, ["a", "b", "c", "d"]);
    assert.deepEqual(demo.subscales, ["first", "second"]);
    assert.deepEqual(demo.bands, DEMO.bands);
    assert.deepEqual(demo.totalRange, [3, 25]);
    assert.equal(demo.direction, "higher_is_better");
    assert.equal(demo.maxMissing, 1);
    const mean = Scale.fromJson({ ...DEMO, total: "mean", bands: [] });
    assert.equal(mean.total, "mean");
    assert.deepEqual(mean.score([5, 2, 3, 10]), {
      total: 5.5,
      subscales: { first: 4.5, second: 6.5 },
      answered: 4,
      prorated: false,
      band: null,
    });
    assert.equal(mean.score([5, 2, 3, null]).total, 4);
    // The written form spells out the defaults (a subscale's max_missing 0).
    const written = structuredClone(DEMO);
    written.subscales[0].max_missing = 0;
    assert.deepEqual(JSON.parse(demo.toJson()), written);
    assert.equal(Scale.fromJson(DEMO).toJson(), demo.toJson());
  });

  test("reverse items, subscales and band boundaries", () => {
    // a=5, b=2 reversed to 1+5−2=4, c=3, d=10: total 22 → "high".
    const full = { total: 22, subscales: { first: 9, second: 13 }, answered: 4, prorated: false, band: "high" };
    assert.deepEqual(demo.score([5, 2, 3, 10]), full);
    assert.deepEqual(demo.score({ d: 10, c: 3, b: 2, a: 5 }), full);
    // Band boundaries are inclusive: 3 = low.min, 10 = low.max, 11 = mid.min.
    assert.deepEqual([demo.score([1, 5, 1, 0]).total, demo.score([1, 5, 1, 0]).band], [3, "low"]);
    assert.deepEqual([demo.score([1, 5, 1, 7]).total, demo.score([1, 5, 1, 7]).band], [10, "low"]);
    assert.deepEqual([demo.score([1, 5, 1, 8]).total, demo.score([1, 5, 1, 8]).band], [11, "mid"]);
    // Per-item range: d accepts 10, a does not.
    assert.match(throwsKind(assert, () => demo.score([10, 1, 1, 1]), "InvalidArgument").message, /item a = 10/);
    // One missing (d): 3 × 4/3 = 4; "second" prorated within its own rule.
    assert.deepEqual(demo.score([1, 5, 1, null]), {
      total: 4,
      subscales: { first: 2, second: 2 },
      answered: 3,
      prorated: true,
      band: "low",
    });
    // a missing: "first" allows none.
    assert.deepEqual(demo.score({ b: 5, c: 1, d: 1 }).subscales, { first: null, second: 2 });
    const unknown = throwsKind(assert, () => demo.score({ a: 1, e: 1 }), "InvalidArgument");
    assert.match(unknown.message, /"e"/);
  });

  test("batch: bands as labels and indices, subscale columns", () => {
    const out = demo.scoreBatch(new Uint8Array([5, 2, 3, 10, 1, 5, 1, 8, 1, 1, 1, 1]));
    sameBits(out.totals, [22, 11, 8], "totals");
    assert.deepEqual(out.bands, ["high", "mid", "low"]);
    assert.deepEqual([...out.bandIndex], [2, 1, 0]);
    assert.deepEqual(Array.from(out.bandIndex, (i) => demo.bands[i].label), out.bands);
    sameBits(out.subscales.first, [9, 2, 6], "first");
    sameBits(out.subscales.second, [13, 9, 2], "second");
    assert.deepEqual(Object.keys(out.subscales), ["first", "second"]);
  });

  test("a subscale named __proto__ is an own property", () => {
    const def = structuredClone(DEMO);
    def.subscales[1].name = "__proto__";
    const s = Scale.fromJson(def).score([5, 2, 3, 10]);
    assert.equal(Object.getPrototypeOf(s.subscales), Object.prototype);
    assert.deepEqual(Object.keys(s.subscales), ["first", "__proto__"]);
    assert.equal(Object.getOwnPropertyDescriptor(s.subscales, "__proto__").value, 13);
  });

  test("invalid definitions name the field", () => {
    const bad = (edit) => {
      const def = structuredClone(DEMO);
      edit(def);
      return throwsKind(assert, () => Scale.fromJson(JSON.stringify(def)), "InvalidDefinition").message;
    };
    const dup = bad((d) => d.items.push("b"));
    assert.match(dup, /items\[4\]/);
    assert.match(dup, /"b" is listed twice/);
    const empty = bad((d) => (d.range = { min: 5, max: 1 }));
    assert.match(empty, /range: empty range/);
    assert.match(bad((d) => (d.item_ranges.d = { min: 3, max: 2 })), /item_ranges\.d/);
    assert.match(bad((d) => (d.missing.max_missing = 4)), /missing\.max_missing.*0\.\.=3/);
    assert.match(bad((d) => (d.bands[1].min = 10)), /bands\[1\].*overlaps/);
    assert.match(bad((d) => d.reverse.push("q")), /reverse\[1\].*unknown item "q"/);
    assert.match(bad((d) => d.subscales.push(d.subscales[0])), /subscales\[2\]\.name/);
    assert.match(bad((d) => (d.items = [])), /items/);
    throwsKind(assert, () => Scale.fromJson("{"), "Json");
    throwsKind(assert, () => Scale.fromJson({ ...DEMO, colour: "red" }), "Json");
    for (const notJson of [1, null, undefined, true]) {
      throwsKind(assert, () => Scale.fromJson(notJson), "InvalidArgument");
    }
  });
});

describe("change classification", () => {
  const BETTER = "higher_is_better";
  const WORSE = "higher_is_worse";
  const strict = { type: "strict" };
  const reliable = { type: "reliable", sd: 10, reliability: 0.95 };
  const c = (a, b, direction, threshold) => classifyChange(a, b, { direction, threshold });

  test("presets", () => {
    assert.deepEqual(eqVasMid(), { type: "absolute", mid: 7 });
    assert.deepEqual(eq5dIndexMid(), { type: "absolute", mid: 0.074 });
    assert.deepEqual(sci93Reliable(21.3), { type: "reliable", sd: 21.3, reliability: 0.95 });
    assert.deepEqual(sci93Reliable(10), reliable);
    for (const sd of [0, -1, NaN, Infinity]) {
      throwsKind(assert, () => sci93Reliable(sd), "InvalidArgument");
    }
    // SCI-93 80 → 70 with SD 21.3: RC ≈ −1.48, unchanged.
    assert.equal(c(80, 70, WORSE, sci93Reliable(21.3)), "unchanged");
  });

  test("strict: any difference", () => {
    assert.equal(c(50, 51, BETTER, strict), "improved");
    assert.equal(c(50, 49.5, BETTER, strict), "worsened");
    assert.equal(c(50, 50, BETTER, strict), "unchanged");
    assert.equal(c(80, 79, WORSE, strict), "improved");
    assert.equal(c(80, 81, WORSE, strict), "worsened");
  });

  test("a change exactly at the MID counts", () => {
    assert.equal(c(60, 67, BETTER, eqVasMid()), "improved");
    assert.equal(c(60, 66, BETTER, eqVasMid()), "unchanged");
    assert.equal(c(60, 53, BETTER, eqVasMid()), "worsened");
    assert.ok(Math.abs(0.7 - 0.626) < 0.074); // a hair below the MID in floating point
    assert.equal(c(0.626, 0.7, BETTER, eq5dIndexMid()), "improved");
    assert.equal(c(0.627, 0.7, BETTER, eq5dIndexMid()), "unchanged");
    assert.equal(c(0.7, 0.626, BETTER, { type: "absolute", mid: 0.074 }), "worsened");
  });

  test("reliable change on both sides of 1.96", () => {
    // SD 10, r 0.95: √2·SEM = 3.1622777, RC = 1.96 at Δ = 6.1980643.
    assert.ok(Math.abs(reliableChangeIndex(50, 56.3, 10, 0.95) - 1.992235) < 1e-6);
    assert.ok(Math.abs(reliableChangeIndex(50, 56.1, 10, 0.95) - 1.928989) < 1e-6);
    assert.equal(reliableChangeIndex(80, 60, 20, 0.95), -20 / (Math.SQRT2 * (20 * Math.sqrt(1 - 0.95))));
    assert.ok(Number.isNaN(reliableChangeIndex(NaN, 1, 10, 0.95)));
    assert.equal(c(50, 43.7, WORSE, reliable), "improved");
    assert.equal(c(50, 43.9, WORSE, reliable), "unchanged");
    assert.equal(c(50, 56.3, WORSE, reliable), "worsened");
    assert.equal(c(50, 56.1, WORSE, reliable), "unchanged");
    for (const [sd, r] of [[0, 0.9], [10, 1], [10, -0.1], [NaN, 0.9]]) {
      throwsKind(assert, () => reliableChangeIndex(1, 2, sd, r), "InvalidArgument");
    }
  });

  test("missing scores give null; bad input throws", () => {
    for (const [a, b] of [[null, 1], [1, undefined], [NaN, 1]]) {
      assert.equal(c(a, b, BETTER, strict), null);
    }
    assert.equal(c(1, 2, "better", strict), "improved"); // the core's aliases
    throwsKind(assert, () => c(Infinity, 2, BETTER, strict), "InvalidArgument");
    throwsKind(assert, () => c("1", 2, BETTER, strict), "InvalidArgument");
    for (const t of [
      { type: "absolute", mid: 0 },
      { type: "absolute", mid: NaN },
      { type: "absolute", mid: -1 },
      { type: "absolute" },
      { type: "absolute", mid: "7" },
      { type: "absolute", mid: 7, sd: 1 },
      { type: "strict", mid: 7 },
      { type: "reliable", sd: 0, reliability: 0.9 },
      { type: "reliable", sd: 10, reliability: 1 },
      { type: "reliable", sd: 10, reliability: -0.1 },
      { type: "mid", mid: 7 },
      { mid: 7 },
      "strict",
      null,
      undefined,
    ]) {
      throwsKind(assert, () => c(1, 2, BETTER, t), "InvalidArgument");
    }
    for (const o of [{ direction: "sideways", threshold: strict }, { threshold: strict }, { direction: BETTER }, { direction: BETTER, threshold: strict, output: "codes" }, undefined]) {
      throwsKind(assert, () => classifyChange(1, 2, o), "InvalidArgument");
    }
  });

  test("batch: codes and labels", () => {
    const a = [50, 60, NaN, 60, 60, 1];
    const b = [60, 55, 70, 53, 67, NaN];
    const opts = { direction: BETTER, threshold: eqVasMid() };
    const codes = classifyChanges(Float64Array.from(a), Float64Array.from(b), opts);
    assert.ok(codes instanceof Uint8Array);
    // 0 missing, 1 improved, 2 unchanged, 3 worsened.
    assert.deepEqual([...codes], [1, 2, 0, 3, 1, 0]);
    const withNull = (xs) => xs.map((x) => (Number.isNaN(x) ? null : x));
    assert.deepEqual(classifyChanges(withNull(a), withNull(b), { ...opts, output: "codes" }), codes);
    const labels = classifyChanges(Float64Array.from(a), withNull(b), { ...opts, output: "labels" });
    assert.deepEqual(labels, ["improved", "unchanged", null, "worsened", "improved", null]);
    // Each row as the scalar call does.
    a.forEach((x, i) => assert.equal(labels[i], classifyChange(x, b[i], opts)));
    // The hand-worked reliable cases, as a batch.
    assert.deepEqual(
      classifyChanges([50, 50, 50, 50], [43.7, 43.9, 56.3, 56.1], { direction: WORSE, threshold: reliable, output: "labels" }),
      ["improved", "unchanged", "worsened", "unchanged"],
    );
    assert.deepEqual([...classifyChanges([], [], opts)], []);
  });

  test("batch: every bad row, unequal lengths, bad options", () => {
    const e = throwsKind(
      assert,
      () => classifyChanges([1, Infinity, 3, 4], [1, 2, -Infinity, 5], { direction: BETTER, threshold: strict }),
      "Rows",
    );
    assert.deepEqual(e.rows.map((r) => [r.row, r.field]), [[1, "baseline"], [2, "follow_up"]]);
    throwsKind(assert, () => classifyChanges([1], [], { direction: BETTER, threshold: strict }), "LengthMismatch");
    throwsKind(assert, () => classifyChanges([1], [1], { direction: BETTER, threshold: strict, output: "text" }), "InvalidArgument");
    throwsKind(assert, () => classifyChanges(["1"], [1], { direction: BETTER, threshold: strict }), "InvalidArgument");
    throwsKind(assert, () => classifyChanges(new Int32Array(1), [1], { direction: BETTER, threshold: strict }), "InvalidArgument");
  });
});
