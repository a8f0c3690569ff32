// Throughput of the node build: 1 million Uint16 state codes scored with indexCodes (a new
// Float64Array per call) and indexCodesInto (one buffer reused), against same-process JS
// baselines (a loop converting the codes to a Float64Array, and a JS loop doing the same table
// look-up), and against the native core on the same codes: the Rust example
// benches/examples/codes_native (built and run here with cargo, right after the node timings;
// GROUPWELL_BENCH_NATIVE=0 skips it). Not a test; run `node bench/bench.mjs [valueSet] [rows]`
// after ./build.sh.
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

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
 * Median and best seconds of each function, run in interleaved rounds (so a busy machine slows
 * them alike) after a warm-up of at least 10 calls and half a second each: V8 runs WebAssembly
 * (and JS) with its baseline compiler first and switches to optimised code for functions that
 * keep running, so a few calls would time the baseline code. The figures are steady-state
 * throughput, like the native example's.
 */
function timeAll(fns, rounds = repeats) {
  for (const fn of fns) {
    const t0 = performance.now();
    for (let i = 0; i < 10 || performance.now() - t0 < 500; i++) fn();
  }
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
const reused = new Float64Array(n);
const scoreInto = () => {
  gw.indexCodesInto(info.id, codes, reused);
  sink += reused[n - 1];
};
const scoreNew = () => {
  const out = gw.indexCodes(info.id, codes);
  sink += out[n - 1];
};
// The two package calls interleaved with each other, as the native example interleaves its two
// (into a reused buffer; a new output per call): the native comparison uses these.
const [wasmInto, wasm] = timeAll([scoreInto, scoreNew]);
// indexCodes interleaved with the JS baselines, for the same-process ratios.
const [wasmVsJs, convert, lookup] = timeAll([
  scoreNew,
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
console.log(`indexCodesInto (into one reused buffer): ${rate(wasmInto)}`);
console.log(`baseline JS loop, codes → Float64Array:    ${rate(convert)}`);
console.log(`baseline JS loop, table[code] look-up:     ${rate(lookup)}`);
console.log(`indexLevels (Uint8Array n×5):              ${rate(wasmLevels)}`);
console.log(`indexStrings (Array of strings):           ${rate(wasmStrings)}`);
const ratio = (a, b) => `${(a.median / b.median).toFixed(2)}× the time (best runs: ${(a.best / b.best).toFixed(2)}×)`;
console.log(`(with the JS baselines) indexCodes:   ${rate(wasmVsJs)}`);
console.log(`ratio indexCodes / conversion loop: ${ratio(wasmVsJs, convert)}`);
console.log(`ratio indexCodes / JS look-up loop: ${ratio(wasmVsJs, lookup)}`);
if (Number.isNaN(sink)) console.log("(NaN in results)");

if (process.env.GROUPWELL_BENCH_NATIVE !== "0") {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const r = spawnSync(
    "cargo",
    ["run", "--quiet", "--release", "--locked", "-p", "groupwell-benches", "--example", "codes_native", "--", String(n), info.id],
    { cwd: root, encoding: "utf8" },
  );
  if (r.status !== 0) {
    console.log(`native comparison failed: ${r.stderr || r.error}`);
  } else {
    process.stdout.write(r.stdout);
    const rateOf = (label) => Number(r.stdout.match(new RegExp(`${label}[^:]*: ([\\d.]+) M states/s`))?.[1]);
    const reused = rateOf("buffer reused");
    const fresh = rateOf("fresh Vec per call");
    const m = (t) => n / t.median / 1e6;
    console.log(`native / indexCodesInto (both into a reused buffer): ${(reused / m(wasmInto)).toFixed(2)}× faster`);
    console.log(`native / indexCodes (both allocating the output):    ${(fresh / m(wasm)).toFixed(2)}× faster`);
  }
}
