// Every export of the node build, through the package's own `exports` map, including bad input.
// Run once against `groupwell` and (run-tests.sh) once with GROUPWELL_ENTRY=groupwell/scoring
// against the scoring build, which must behave the same less programs and goals.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { packageEntry, scoringOnly, throwsKind } from "./helpers.mjs";

const gw = await import(packageEntry);

const COERCE = { errors: "coerce" };

const MY_5L = {
  format: "groupwell-value-set/1",
  id: "js_5L",
  instrument: "EQ-5D-5L",
  name: "Mine",
  model: {
    type: "additive",
    terms: Object.fromEntries([
      ["FullHealth", 1],
      ["Constant", -0.05],
      ...["MO", "SC", "UA", "PD", "AD"].flatMap((d) => [
        [`${d}2`, -0.05],
        [`${d}3`, -0.1],
        [`${d}4`, -0.2],
        [`${d}5`, -0.3],
      ]),
    ]),
  },
};

/** NaN exactly at `bad`. */
function nanExactlyAt(values, bad) {
  values.forEach((v, i) => assert.equal(Number.isNaN(v), bad.includes(i), `row ${i}: ${v}`));
}

function isPlainObject(v) {
  return v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;
}

test("the package exports exactly the documented functions", () => {
  const names = Object.keys(gw)
    .filter((k) => k !== "default" && k !== "module.exports")
    .sort();
  const programs = scoringOnly ? [] : ["GoalReport", "GoalSet", "Program"];
  assert.deepEqual(names, [
    ...programs,
    "Scale",
    "classifyChange",
    "classifyChanges",
    "crosswalk3lTo5l",
    "crosswalk5lTo3l",
    "cumulativeFrequencies",
    "eq5dIndexMid",
    "eqVasMid",
    "errorKinds",
    "findValueSet",
    "healthProfileGrid",
    "healthStateDensity",
    "index",
    "indexCodes",
    "indexCodesInto",
    "indexLevels",
    "indexStates",
    "indexStrings",
    "levelFrequencies",
    "levelFrequencyDistribution",
    "levelSumDistribution",
    "pairProfiles",
    "pchc",
    "probabilityOfSuperiority",
    "registerValueSet",
    "registeredValueSets",
    "reliableChangeIndex",
    "sci93Reliable",
    "shannon",
    "summarize",
    "unregisterValueSet",
    "valueSetTable",
    "valueSets",
    "version",
  ]);
});

test("version and errorKinds", () => {
  assert.match(gw.version(), /^\d+\.\d+\.\d+/);
  const kinds = gw.errorKinds();
  assert.ok(kinds.includes("Rows") && kinds.includes("InvalidState") && kinds.includes("UnknownValueSet"));
  assert.equal(new Set(kinds).size, kinds.length);
});

describe("catalogue", () => {
  test("valueSets lists 128 built-in sets as plain objects with camelCase fields", () => {
    const all = gw.valueSets();
    assert.ok(Array.isArray(all));
    assert.equal(all.length, 128);
    assert.equal(all.filter((i) => i.kind === "value_set").length, 111);
    assert.equal(all.filter((i) => i.kind === "value_set" && i.instrument === "EQ-5D-5L").length, 49);
    const keys = [
      "id", "kind", "instrument", "name", "country", "iso", "method", "methodDetail", "year",
      "doi", "url", "citation", "aliases", "notes", "model", "builtIn",
    ];
    for (const info of all) {
      assert.ok(isPlainObject(info));
      assert.deepEqual(Object.keys(info).sort(), [...keys].sort());
      for (const k of keys) assert.notEqual(info[k], undefined, `${info.id}.${k}`);
      assert.ok(Array.isArray(info.aliases) && Array.isArray(info.notes));
      assert.equal(info.builtIn, true);
      assert.ok(info.doi !== null || info.url !== null || info.citation !== null, info.id);
      assert.equal(gw.findValueSet(info.id).id, info.id);
    }
    assert.equal(new Set(all.map((i) => i.id)).size, 128);
    const se = all.find((i) => i.id === "5L_SE_2022");
    assert.equal(se.name, "Sweden_2022");
    assert.equal(se.iso, "SE");
    assert.equal(typeof se.year, "number");
  });

  test("findValueSet by id, alias, country and instrument", () => {
    assert.equal(gw.findValueSet("Sweden_2022").id, "5L_SE_2022");
    assert.equal(gw.findValueSet("se-2022").id, "5L_SE_2022");
    assert.equal(gw.findValueSet("UK", "5L").id, "5L_UK");
    assert.equal(gw.findValueSet("UK", "EQ-5D-3L").id, "3L_UK");
    assert.equal(gw.findValueSet("Sweden_2022", null).id, "5L_SE_2022");
    const amb = throwsKind(assert, () => gw.findValueSet("UK"), "AmbiguousValueSet");
    assert.ok(amb.candidates.includes("3L_UK") && amb.candidates.includes("5L_UK"));
    const unk = throwsKind(assert, () => gw.findValueSet("Swede"), "UnknownValueSet");
    assert.ok(unk.suggestions.length > 0);
    throwsKind(assert, () => gw.findValueSet("Atlantis"), "UnknownValueSet");
    throwsKind(assert, () => gw.findValueSet("UK", "4L"), "InvalidArgument");
    throwsKind(assert, () => gw.findValueSet("UK", "Y5L"), "NoValueSets");
  });
});

describe("index (one state)", () => {
  test("strings and numbers", () => {
    assert.equal(gw.index("3L_UK", "11223"), 0.255);
    assert.equal(gw.index("3L_UK", 11223), 0.255);
    assert.equal(gw.index("3L_UK", "33333"), -0.594);
    assert.equal(gw.index("5L_SE_2022", "11111"), 1);
    assert.ok(Number.isNaN(gw.index("3L_UK", Number.NaN)));
    const table = gw.valueSetTable("5L_UK");
    assert.equal(gw.index("5L_UK", "55555"), table[3124]);
    assert.equal(gw.index("5L_UK", 11112), table[1]);
  });

  test("bad states", () => {
    for (const bad of ["", "1234", "123456", " 12345", "12345 ", "abcde", "1111\u0663", "+1111"]) {
      throwsKind(assert, () => gw.index("3L_UK", bad), "InvalidState");
      throwsKind(assert, () => gw.index("5L_UK", bad), "InvalidState");
    }
    for (const bad of ["11114", "01111", 11114, 41111]) throwsKind(assert, () => gw.index("3L_UK", bad), "InvalidLevel");
    for (const bad of ["11116", "61111", 11116]) throwsKind(assert, () => gw.index("5L_UK", bad), "InvalidLevel");
    for (const bad of [1234, 123456, 11111.5, -11111, Infinity, 0]) {
      throwsKind(assert, () => gw.index("3L_UK", bad), "InvalidState");
    }
    for (const bad of [null, undefined, true, {}, [11111], 11111n]) {
      throwsKind(assert, () => gw.index("3L_UK", bad), "InvalidArgument");
    }
    throwsKind(assert, () => gw.index("Atlantis", "11111"), "UnknownValueSet");
    throwsKind(assert, () => gw.index("UK", "11111"), "AmbiguousValueSet");
  });
});

describe("batches", () => {
  test("indexCodes: Uint16Array, raise and coerce", () => {
    const table = gw.valueSetTable("3L_UK");
    const all = Uint16Array.from({ length: 243 }, (_, i) => i);
    assert.deepEqual(gw.indexCodes("3L_UK", all), table);
    const codes = new Uint16Array([0, 243, 242, 3124, 65535]);
    const e = throwsKind(assert, () => gw.indexCodes("3L_UK", codes), "Rows");
    assert.deepEqual(e.rows.map((r) => r.row), [1, 3, 4]);
    for (const r of e.rows) {
      assert.ok(isPlainObject(r));
      assert.equal(r.field, "code");
      assert.equal(r.kind, "InvalidStateCode");
      assert.ok(r.message.length > 0);
    }
    const out = gw.indexCodes("3L_UK", codes, COERCE);
    assert.ok(isPlainObject(out));
    assert.ok(out.values instanceof Float64Array);
    nanExactlyAt(out.values, [1, 3, 4]);
    assert.deepEqual(out.errors, e.rows);
    assert.equal(out.missing, 0);
    assert.equal(out.values[2], table[242]);
    nanExactlyAt(gw.indexCodes("5L_UK", codes, COERCE).values, [4]);
    const f = gw.indexCodes("3L_UK", new Float64Array([0, Number.NaN, 1.5, -1]), COERCE);
    nanExactlyAt(f.values, [1, 2, 3]);
    assert.equal(f.missing, 1);
    assert.deepEqual(f.errors.map((r) => r.row), [2, 3]);
  });

  test("indexCodes over several chunks: the values, and every bad row wherever it is", () => {
    const table = gw.valueSetTable("5L_UK");
    const n = 100_003;
    const codes = Uint16Array.from({ length: n }, (_, i) => (i * 7919) % 3125);
    const expected = Float64Array.from(codes, (c) => table[c]);
    assert.deepEqual(gw.indexCodes("5L_UK", codes), expected);
    codes[70_000] = 3125;
    codes[n - 1] = 65535;
    const e = throwsKind(assert, () => gw.indexCodes("5L_UK", codes), "Rows");
    assert.deepEqual(e.rows.map((r) => r.row), [70_000, n - 1]);
    const out = gw.indexCodes("5L_UK", codes, COERCE);
    nanExactlyAt(out.values.subarray(69_990, 70_010), [10]);
    assert.ok(Number.isNaN(out.values[n - 1]));
    assert.equal(out.values[n - 2], expected[n - 2]);
    assert.deepEqual(out.errors, e.rows);
  });

  test("indexCodesInto writes into the caller's buffer, as indexCodes computes", () => {
    const table = gw.valueSetTable("3L_UK");
    const n = 70_001;
    const codes = Uint16Array.from({ length: n }, (_, i) => (i * 31) % 243);
    const out = new Float64Array(n).fill(-9);
    assert.equal(gw.indexCodesInto("3L_UK", codes, out), out);
    assert.deepEqual(out, gw.indexCodes("3L_UK", codes));
    assert.deepEqual(out.subarray(0, 243), Float64Array.from(codes.subarray(0, 243), (c) => table[c]));
    // Rounded, and from a Float64Array of codes (NaN = missing).
    const r = new Float64Array(n);
    gw.indexCodesInto("3L_UK", codes, r, { decimals: 2 });
    assert.deepEqual(r, gw.indexCodes("3L_UK", codes, { decimals: 2 }));
    const f = new Float64Array(3);
    const fr = gw.indexCodesInto("3L_UK", new Float64Array([0, Number.NaN, 1.5]), f, COERCE);
    assert.equal(fr.values, f);
    nanExactlyAt(f, [1, 2]);
    assert.equal(fr.missing, 1);
    assert.deepEqual(fr.errors.map((e) => [e.row, e.field]), [[2, "code"]]);
    // Every bad row, in raise and coerce mode; coerce returns the same buffer.
    codes[5] = 243;
    codes[n - 1] = 999;
    const e = throwsKind(assert, () => gw.indexCodesInto("3L_UK", codes, out), "Rows");
    assert.deepEqual(e.rows.map((x) => x.row), [5, n - 1]);
    const c = gw.indexCodesInto("3L_UK", codes, out, COERCE);
    assert.ok(isPlainObject(c));
    assert.equal(c.values, out);
    nanExactlyAt(out.subarray(0, 10), [5]);
    assert.ok(Number.isNaN(out[n - 1]));
    assert.equal(out[n - 2], table[codes[n - 2]]);
    assert.deepEqual(c.errors, e.rows);
    assert.equal(c.missing, 0);
    // Bad arguments: the buffer is not touched.
    const small = new Float64Array(2).fill(7);
    const ex = throwsKind(assert, () => gw.indexCodesInto("3L_UK", new Uint16Array(3), small), "InvalidArgument");
    assert.match(ex.message, /out/);
    assert.deepEqual(small, new Float64Array([7, 7]));
    for (const bad of [new Float32Array(3), [0, 0, 0], null, undefined]) {
      throwsKind(assert, () => gw.indexCodesInto("3L_UK", new Uint16Array(3), bad), "InvalidArgument");
    }
    throwsKind(assert, () => gw.indexCodesInto("3L_UK", [0, 1], new Float64Array(2)), "InvalidArgument");
    throwsKind(assert, () => gw.indexCodesInto("Atlantis", new Uint16Array(1), new Float64Array(1)), "UnknownValueSet");
    assert.equal(gw.indexCodesInto("5L_UK", new Uint16Array(0), new Float64Array(0)).length, 0);
  });

  test("indexLevels: row-major Uint8Array, bad levels 0, 4 (3L), 6 (5L)", () => {
    const lv3 = new Uint8Array([1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 2, 3, 2, 1, 1, 1, 1, 1, 4, 3, 3, 3, 3, 3]);
    const e = throwsKind(assert, () => gw.indexLevels("3L_UK", lv3), "Rows");
    assert.deepEqual(e.rows.map((r) => [r.row, r.field]), [[1, "MO"], [3, "AD"]]);
    const out = gw.indexLevels("3L_UK", lv3, COERCE);
    nanExactlyAt(out.values, [1, 3]);
    assert.equal(out.values[0], 1);
    assert.equal(out.values[2], gw.index("3L_UK", "12321"));
    assert.equal(out.values[4], -0.594);
    const lv5 = new Uint8Array([5, 5, 5, 5, 5, 1, 1, 6, 1, 1, 4, 4, 4, 4, 4, 1, 1, 1, 1, 0]);
    const out5 = gw.indexLevels("5L_UK", lv5, COERCE);
    nanExactlyAt(out5.values, [1, 3]);
    assert.deepEqual(out5.errors.map((r) => [r.row, r.field, r.kind]), [[1, "UA", "InvalidLevel"], [3, "AD", "InvalidLevel"]]);
    // The same levels through indexLevels and indexStrings agree.
    assert.deepEqual(gw.indexLevels("5L_UK", new Uint8Array([1, 2, 3, 4, 5])), gw.indexStrings("5L_UK", ["12345"]));
    const bad = throwsKind(assert, () => gw.indexLevels("5L_UK", new Uint8Array(7)), "InvalidArgument");
    assert.match(bad.message, /divisible by 5/);
    const f = gw.indexLevels("3L_UK", new Float64Array([1, 1, 1, 1, Number.NaN, 1, 1, 1, 1, 1.5]), COERCE);
    nanExactlyAt(f.values, [0, 1]);
    assert.equal(f.missing, 1);
    assert.deepEqual(f.errors.map((r) => r.row), [1]);
  });

  test("indexStates: Int32Array of five-digit numbers", () => {
    const states = new Int32Array([11111, 1234, 123456, 11114, 0, -11111, 33333]);
    const e = throwsKind(assert, () => gw.indexStates("3L_UK", states), "Rows");
    assert.deepEqual(e.rows.map((r) => r.row), [1, 2, 3, 4, 5]);
    const out = gw.indexStates("3L_UK", states, COERCE);
    nanExactlyAt(out.values, [1, 2, 3, 4, 5]);
    assert.equal(out.values[6], -0.594);
    assert.deepEqual(gw.indexStates("5L_UK", new Int32Array([12345])), gw.indexStrings("5L_UK", ["12345"]));
    const f = gw.indexStates("3L_UK", new Float64Array([11111, Number.NaN, 11111.5]), COERCE);
    nanExactlyAt(f.values, [1, 2]);
    assert.equal(f.missing, 1);
  });

  test('indexStrings: "", "1234", "123456", " 12345", "abcde", null', () => {
    const states = ["11111", "", "1234", "123456", " 12345", "abcde", null, "11114", undefined, "33333", 11223];
    const bad = [1, 2, 3, 4, 5, 7];
    const e = throwsKind(assert, () => gw.indexStrings("3L_UK", states), "Rows");
    assert.deepEqual(e.rows.map((r) => r.row), bad);
    assert.match(e.message, /^6 invalid rows: row 1, state: /);
    assert.ok(e.rows.every((r) => r.field === "state"));
    const out = gw.indexStrings("3L_UK", states, COERCE);
    nanExactlyAt(out.values, [...bad, 6, 8].sort((a, b) => a - b));
    assert.equal(out.missing, 2);
    assert.deepEqual(out.errors.map((r) => r.row), bad);
    assert.equal(out.values[9], -0.594);
    assert.equal(out.values[10], 0.255);
    // Whatever the route an array takes into wasm, each element means the same: strings with
    // a newline, NaN, ±Infinity, symbols, objects whose toString throws, holes, "" vs null.
    const odd = [
      "11111", "1\n111", Number.NaN, Infinity, Symbol("s"), { toString() { throw new Error("no"); } },
      , "", null, "\u0000", 12345, "33333",
    ];
    const o = gw.indexStrings("3L_UK", odd, COERCE);
    nanExactlyAt(o.values, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(o.errors.map((r) => r.row), [1, 3, 4, 5, 7, 9, 10]);
    assert.equal(o.missing, 3);
    assert.equal(o.values[11], -0.594);
    // Without the symbol and the throwing object (which stop the one-string route), with and
    // without the newline (which makes the joined pieces miscount).
    // prettier-ignore
    const rest = ["11111", "1\n111", Number.NaN, Infinity, , "", null, "\u0000", 12345, "33333"];
    const r = gw.indexStrings("3L_UK", rest, COERCE);
    nanExactlyAt(r.values, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(r.errors.map((e) => e.row), [1, 3, 5, 7, 8]);
    assert.equal(r.missing, 3);
    // prettier-ignore
    const joinable = ["11111", Number.NaN, Infinity, , "", null, "\u0000", 12345, "33333", 11223n];
    const j = gw.indexStrings("3L_UK", joinable, COERCE);
    nanExactlyAt(j.values, [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(j.errors.map((e) => e.row), [2, 4, 6, 7]);
    assert.equal(j.missing, 3);
    assert.equal(j.values[8], -0.594);
    assert.equal(j.values[9], 0.255);
    // The same elements read one by one (a symbol stops the joined route) mean the same.
    const one = gw.indexStrings("3L_UK", [...joinable, Symbol("s"), [11111]], COERCE);
    assert.deepEqual(one.values.subarray(0, 10), j.values);
    assert.deepEqual(one.errors.slice(0, 4), j.errors);
    assert.deepEqual(one.errors.map((e) => e.row), [2, 4, 6, 7, 10]);
    assert.equal(one.values[11], 1);
    assert.equal(one.missing, 3);
    // Raise mode with only missing rows does not throw.
    nanExactlyAt(gw.indexStrings("5L_UK", [null, "11111"]), [0]);
  });

  test("decimals option and option validation", () => {
    const codes = Uint16Array.from({ length: 3125 }, (_, i) => i);
    const full = gw.indexCodes("5L_UK", codes);
    const r3 = gw.indexCodes("5L_UK", codes, { decimals: 3 });
    for (let i = 0; i < full.length; i++) {
      assert.ok(Math.abs(r3[i] - full[i]) <= 0.0005 + 1e-12);
      assert.equal(Math.round(r3[i] * 1000) / 1000, r3[i]);
    }
    assert.deepEqual(gw.indexStrings("3L_UK", ["11223"], { decimals: 1 }), new Float64Array([0.3]));
    const c = gw.indexStrings("3L_UK", ["11223", "x"], { errors: "coerce", decimals: 2 });
    assert.equal(c.values[0], 0.26);
    for (const ok of [undefined, null, {}, { errors: null, decimals: null }, { errors: "raise" }]) {
      assert.ok(gw.indexCodes("3L_UK", new Uint16Array([0]), ok) instanceof Float64Array);
    }
    for (const bad of [
      { decimals: 11 }, { decimals: -1 }, { decimals: 2.5 }, { decimals: "3" }, { errors: "ignore" },
      { error: "coerce" }, "coerce", 3, [], true,
    ]) {
      throwsKind(assert, () => gw.indexCodes("3L_UK", new Uint16Array([0]), bad), "InvalidArgument");
    }
  });

  test("wrong input types and unknown sets", () => {
    for (const bad of [[0, 1], null, "0", new Int32Array(1), new Uint8Array(1)]) {
      throwsKind(assert, () => gw.indexCodes("3L_UK", bad), "InvalidArgument");
    }
    for (const bad of [[1, 1, 1, 1, 1], undefined, new Uint16Array(5)]) {
      throwsKind(assert, () => gw.indexLevels("3L_UK", bad), "InvalidArgument");
    }
    for (const bad of [[11111], 11111, new Uint32Array(1)]) {
      throwsKind(assert, () => gw.indexStates("3L_UK", bad), "InvalidArgument");
    }
    for (const bad of ["11111", null, new Uint16Array(1), { length: 1, 0: "11111" }]) {
      throwsKind(assert, () => gw.indexStrings("3L_UK", bad), "InvalidArgument");
    }
    throwsKind(assert, () => gw.indexCodes("Atlantis", new Uint16Array(0)), "UnknownValueSet");
    throwsKind(assert, () => gw.indexLevels("SE", new Uint8Array(0)), "AmbiguousValueSet");
    throwsKind(assert, () => gw.indexStates("Atlantis", new Int32Array(0)), "UnknownValueSet");
    throwsKind(assert, () => gw.indexStrings("UK", []), "AmbiguousValueSet");
    throwsKind(assert, () => gw.valueSetTable("Atlantis"), "UnknownValueSet");
  });

  test("empty batches", () => {
    assert.equal(gw.indexCodes("5L_UK", new Uint16Array(0)).length, 0);
    assert.equal(gw.indexLevels("5L_UK", new Uint8Array(0)).length, 0);
    assert.equal(gw.indexStates("5L_UK", new Int32Array(0)).length, 0);
    assert.deepEqual(gw.indexStrings("5L_UK", [], COERCE), { values: new Float64Array(0), errors: [], missing: 0 });
  });
});

describe("tables and user-defined sets", () => {
  test("valueSetTable", () => {
    const t3 = gw.valueSetTable("3L_UK");
    assert.ok(t3 instanceof Float64Array);
    assert.equal(t3.length, 243);
    assert.equal(t3[0], 1);
    assert.equal(t3[242], -0.594);
    assert.equal(gw.valueSetTable("Sweden_2022").length, 3125);
    // A copy: changing it does not change the set.
    t3[0] = 42;
    assert.equal(gw.index("3L_UK", "11111"), 1);
  });

  test("registerValueSet, use, list and unregister", () => {
    assert.equal(gw.registerValueSet(JSON.stringify(MY_5L)), "js_5L");
    assert.ok(Math.abs(gw.index("js_5L", "21111") - 0.9) < 1e-12);
    assert.equal(gw.valueSetTable("js_5L").length, 3125);
    const info = gw.findValueSet("js_5L");
    assert.equal(info.builtIn, false);
    assert.equal(info.model, "additive");
    assert.equal(info.doi, null);
    assert.ok(gw.registeredValueSets().some((i) => i.id === "js_5L"));
    assert.equal(gw.valueSets().length, 128);
    // An object works too, and replaces the earlier definition.
    assert.equal(gw.registerValueSet({ ...MY_5L, model: { ...MY_5L.model, terms: { ...MY_5L.model.terms, FullHealth: 0.9 } } }), "js_5L");
    assert.ok(Math.abs(gw.index("js_5L", "11111") - 0.9) < 1e-12);
    assert.ok(Math.abs(gw.indexCodes("js_5L", new Uint16Array([0]))[0] - 0.9) < 1e-12);
    assert.equal(gw.unregisterValueSet("js_5L"), true);
    assert.equal(gw.unregisterValueSet("js_5L"), false);
    assert.equal(gw.unregisterValueSet("3L_UK"), false);
    throwsKind(assert, () => gw.index("js_5L", "11111"), "UnknownValueSet");
  });

  test("registerValueSet rejects bad definitions", () => {
    throwsKind(assert, () => gw.registerValueSet("{"), "Json");
    throwsKind(assert, () => gw.registerValueSet(""), "Json");
    throwsKind(assert, () => gw.registerValueSet({ ...MY_5L, extra: 1 }), "Json");
    throwsKind(assert, () => gw.registerValueSet({ ...MY_5L, format: "x/1" }), "InvalidDefinition");
    throwsKind(assert, () => gw.registerValueSet({ ...MY_5L, id: "" }), "InvalidDefinition");
    throwsKind(assert, () => gw.registerValueSet({ ...MY_5L, id: "3L_UK" }), "InvalidDefinition");
    throwsKind(assert, () => gw.registerValueSet({ ...MY_5L, id: "Sweden_2022" }), "InvalidDefinition");
    throwsKind(assert, () => gw.registerValueSet({ ...MY_5L, id: "UK" }), "InvalidDefinition");
    throwsKind(
      assert,
      () => gw.registerValueSet({ ...MY_5L, model: { type: "table", values: [1] } }),
      "InvalidDefinition",
    );
    const cyclic = {};
    cyclic.self = cyclic;
    for (const bad of [null, undefined, 1, true, cyclic]) {
      throwsKind(assert, () => gw.registerValueSet(bad), "InvalidArgument");
    }
    assert.equal(gw.registeredValueSets().filter((i) => i.id === "3L_UK").length, 0);
    assert.equal(gw.index("3L_UK", "11111"), 1);
  });

  test("crosswalk5lTo3l and crosswalk3lTo5l register derived sets", () => {
    const xw = gw.crosswalk5lTo3l("3L_UK");
    assert.equal(xw, "XW(3L_UK)");
    assert.equal(gw.index(xw, "11111"), 1);
    assert.ok(Math.abs(gw.index(xw, "55555") - -0.594) < 1e-12);
    assert.equal(gw.findValueSet(xw).kind, "crosswalk");
    assert.equal(gw.findValueSet(xw).instrument, "EQ-5D-5L");
    const rxw = gw.crosswalk3lTo5l("Sweden_2022");
    assert.equal(rxw, "RXW(5L_SE_2022)");
    assert.equal(gw.findValueSet(rxw).instrument, "EQ-5D-3L");
    assert.ok(gw.index(rxw, "11111") < 1);
    assert.equal(gw.valueSetTable(rxw).length, 243);
    throwsKind(assert, () => gw.crosswalk5lTo3l("5L_UK"), "InstrumentMismatch");
    throwsKind(assert, () => gw.crosswalk3lTo5l("3L_UK"), "InstrumentMismatch");
    throwsKind(assert, () => gw.crosswalk5lTo3l("UK"), "AmbiguousValueSet");
    throwsKind(assert, () => gw.crosswalk3lTo5l("Atlantis"), "UnknownValueSet");
    gw.unregisterValueSet(xw);
    gw.unregisterValueSet(rxw);
  });
});

test("many failures in a row leave the instance healthy", () => {
  for (let i = 0; i < 2000; i++) {
    assert.throws(() => gw.indexStrings("3L_UK", ["bad", "11111"]));
    assert.throws(() => gw.index("Atlantis", "11111"));
  }
  const big = new Uint16Array(1_000_000).fill(3000);
  const out = gw.indexCodes("3L_UK", big, COERCE);
  assert.equal(out.errors.length, 1_000_000);
  assert.equal(gw.index("3L_UK", "11111"), 1);
});
