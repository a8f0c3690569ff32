// The web build (ES module, explicit init) gives the same numbers as the node build, bit for
// bit, and throws the same errors. Browsers are tested elsewhere; node can load this build too.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";

import init, * as web from "groupwell/web";
import * as node from "groupwell/node";

import { throwsKind } from "./helpers.mjs";

const require = createRequire(import.meta.url);

test("the web build initialises from the .wasm bytes and matches the node build", async () => {
  const wasm = readFileSync(require.resolve("groupwell/web/groupwell_bg.wasm"));
  await init({ module_or_path: wasm });
  assert.equal(web.version(), node.version());
  assert.deepEqual(web.valueSets(), node.valueSets());
  for (const info of node.valueSets()) {
    const a = web.valueSetTable(info.id);
    const b = node.valueSetTable(info.id);
    assert.deepEqual(new Uint8Array(a.buffer), new Uint8Array(b.buffer), info.id);
  }
  const states = ["11111", "12345", "", null, "55555", "1234"];
  assert.deepEqual(web.indexStrings("5L_UK", states, { errors: "coerce" }), node.indexStrings("5L_UK", states, { errors: "coerce" }));
  const e = throwsKind(assert, () => web.indexStrings("5L_UK", states), "Rows");
  assert.deepEqual(e.rows.map((r) => r.row), [2, 5]);
  throwsKind(assert, () => web.index("UK", "11111"), "AmbiguousValueSet");
});

test("the web build scores scales and classifies change as the node build does", async () => {
  await init({ module_or_path: readFileSync(require.resolve("groupwell/web/groupwell_bg.wasm")) });
  const rows = Float64Array.from({ length: 35 * 6 }, (_, i) => (i % 13 === 0 ? NaN : (i * 7) % 6));
  const a = web.Scale.sci93().scoreBatch(rows);
  const b = node.Scale.sci93().scoreBatch(rows);
  assert.deepEqual(new Uint8Array(a.totals.buffer), new Uint8Array(b.totals.buffer));
  assert.deepEqual(a, b);
  assert.deepEqual(web.Scale.sci93().score(rows.subarray(0, 35)), node.Scale.sci93().score(rows.subarray(0, 35)));
  const opts = { direction: "higher_is_worse", threshold: web.sci93Reliable(21.3), output: "labels" };
  assert.deepEqual(web.classifyChanges(a.totals, b.totals.map((x) => x - 31), opts), node.classifyChanges(a.totals, b.totals.map((x) => x - 31), opts));
  const e = throwsKind(assert, () => web.Scale.sci93().scoreBatch(new Uint8Array(35).fill(6)), "Rows");
  assert.equal(e.rows.length, 35);
});

test("the web build evaluates goals and renders reports as the node build does", async () => {
  await init({ module_or_path: readFileSync(require.resolve("groupwell/web/groupwell_bg.wasm")) });
  const root = new URL("../../examples/", import.meta.url);
  const program = readFileSync(new URL("programs/self-help-groups.json", root), "utf8");
  const goals = readFileSync(new URL("goals/self-help-goals.json", root), "utf8");
  const a = web.Program.fromJson(program).evaluate(web.GoalSet.fromJson(goals));
  const b = node.Program.fromJson(program).evaluate(node.GoalSet.fromJson(goals));
  assert.equal(a.toJson(), b.toJson());
  assert.deepEqual(a.toObject(), b.toObject());
  assert.equal(a.toMarkdown(), b.toMarkdown());
  assert.equal(a.toHtml(), b.toHtml());
  assert.equal(a.toHtmlFragment(), b.toHtmlFragment());
  assert.equal(web.Program.fromJson(program).evaluate(JSON.parse(goals)).toJson(), b.toJson());
  const e = throwsKind(assert, () => web.Program.fromJson(program).evaluate({ goals: [{ id: "x" }] }), "Json");
  assert.match(e.message, /goals\[0\]/);
});
