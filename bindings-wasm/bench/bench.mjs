// Throughput of the node build: 1 million Uint16 state codes scored with indexCodes, against
// same-process JS baselines (a loop converting the codes to a Float64Array, and a JS loop doing
// the same table look-up). Not a test; run `node bench/bench.mjs [valueSet] [rows]` after
// ./build.sh.
import { performance } from "node:perf_hooks";

import * as gw from "groupwell";

const valueSet = process.argv[2] ?? "5L_UK";
const n = Number(process.argv[3] ?? 1_000_000);
const repeats = 31;

const info = gw.findValueSet(valueSet);
const states = info.instrument === "EQ-5D-5L" ? 3125 : 243;
let seed = 0x2545f491;
const codes = new Uint16Array(n);
for (let i = 0; i < n; i++) {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  codes[i] = seed % states;
}

/**
 * Median and best seconds of each function, run in interleaved rounds after warm-up (so a
 * busy machine slows them alike).
 */
function timeAll(fns, rounds = repeats) {
  for (let i = 0; i < 3; i++) for (const fn of fns) fn();
  const t = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, k) => {
      const t0 = performance.now();
      fn();
      t[k].push((performance.now() - t0) / 1000);
    });
  }
  return t.map((xs) => {
    xs.sort((a, b) => a - b);
    return { median: xs[Math.floor(xs.length / 2)], best: xs[0] };
  });
}

let sink = 0;
const table = gw.valueSetTable(info.id);
const [wasm, convert, lookup] = timeAll([
  () => {
    const out = gw.indexCodes(info.id, codes);
    sink += out[n - 1];
  },
  () => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = codes[i];
    sink += out[n - 1];
  },
  () => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = table[codes[i]];
    sink += out[n - 1];
  },
]);

// The other batch inputs, for reference (same states).
const levels = new Uint8Array(n * 5);
const strings = new Array(n);
const l = states === 3125 ? 5 : 3;
for (let i = 0; i < n; i++) {
  let c = codes[i];
  let s = "";
  for (let d = 4; d >= 0; d--) {
    levels[i * 5 + d] = (c % l) + 1;
    c = Math.floor(c / l);
  }
  for (let d = 0; d < 5; d++) s += levels[i * 5 + d];
  strings[i] = s;
}
const [wasmLevels, wasmStrings] = timeAll(
  [() => (sink += gw.indexLevels(info.id, levels)[n - 1]), () => (sink += gw.indexStrings(info.id, strings)[n - 1])],
  5,
);

const rate = (t) => `${(n / t.median / 1e6).toFixed(1)} M states/s (median ${(t.median * 1e3).toFixed(2)} ms, best ${(t.best * 1e3).toFixed(2)} ms)`;
console.log(`groupwell ${gw.version()} node ${process.version}, value set ${info.id}, ${n} rows, ${repeats} interleaved runs`);
console.log(`indexCodes (Uint16Array → Float64Array):   ${rate(wasm)}`);
console.log(`baseline JS loop, codes → Float64Array:    ${rate(convert)}`);
console.log(`baseline JS loop, table[code] look-up:     ${rate(lookup)}`);
console.log(`indexLevels (Uint8Array n×5):              ${rate(wasmLevels)}`);
console.log(`indexStrings (Array of strings):           ${rate(wasmStrings)}`);
const ratio = (a, b) => `${(a.median / b.median).toFixed(2)}× the time (best runs: ${(a.best / b.best).toFixed(2)}×)`;
console.log(`ratio indexCodes / conversion loop: ${ratio(wasm, convert)}`);
console.log(`ratio indexCodes / JS look-up loop: ${ratio(wasm, lookup)}`);
if (Number.isNaN(sink)) console.log("(NaN in results)");
