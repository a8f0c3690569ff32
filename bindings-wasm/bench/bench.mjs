// Throughput of the node build: 1 million Uint16 state codes scored with indexCodes (a new
// Float64Array per call) and indexCodesInto (one buffer reused), against same-process JS
// baselines (a loop converting the codes to a Float64Array, and a JS loop doing the same table
// look-up), and against the native core on the same codes: the Rust example
// benches/examples/codes_native, built and run here with cargo as a child process whose timed
// rounds alternate with this process's (GROUPWELL_BENCH_NATIVE=0 skips it). Not a test; run
// `node bench/bench.mjs [valueSet] [rows]` after ./build.sh.
import { spawn, spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
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
  await nativeComparison();
}

/**
 * The package against the native core, round by round: the Rust example runs as a child process
 * (`--serve`: one timed round per line it reads) and its rounds alternate with this process's
 * rounds of indexCodesInto and indexCodes, so that both see the same machine.
 */
async function nativeComparison() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const cargo = ["--release", "--locked", "-p", "groupwell-benches", "--example", "codes_native"];
  const built = spawnSync("cargo", ["build", "--quiet", ...cargo], { cwd: root, encoding: "utf8" });
  if (built.status !== 0) {
    console.log(`native comparison skipped: the example did not build\n${built.stderr}`);
    return;
  }
  const child = spawn("cargo", ["run", "--quiet", ...cargo, "--", String(n), info.id, "--serve"], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nativeRound = async () => {
    child.stdin.write("\n");
    const { value, done } = await lines.next();
    if (done) throw new Error("the native example stopped");
    return value.split(" ").map(Number);
  };
  const t = { into: [], fresh: [], nativeInto: [], nativeFresh: [] };
  for (let r = 0; r < repeats + 3; r++) {
    let t0 = performance.now();
    scoreInto();
    const a = (performance.now() - t0) / 1000;
    t0 = performance.now();
    scoreNew();
    const b = (performance.now() - t0) / 1000;
    const [c, d] = await nativeRound();
    if (r < 3) continue;
    t.into.push(a);
    t.fresh.push(b);
    t.nativeInto.push(c);
    t.nativeFresh.push(d);
  }
  child.stdin.end();
  const median = (xs) => xs.slice().sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const m = Object.fromEntries(Object.entries(t).map(([k, xs]) => [k, median(xs)]));
  const mrate = (s) => `${(n / s / 1e6).toFixed(1)} M states/s (median ${(s * 1e3).toFixed(2)} ms)`;
  console.log(`native core (benches/examples/codes_native), ${repeats} rounds alternating with the package's:`);
  console.log(`  indexCodesInto:                        ${mrate(m.into)}`);
  console.log(`  native score_codes_into, reused buffer: ${mrate(m.nativeInto)}`);
  console.log(`  indexCodes:                            ${mrate(m.fresh)}`);
  console.log(`  native score_codes_into, fresh Vec:    ${mrate(m.nativeFresh)}`);
  console.log(`native / indexCodesInto (both into a reused buffer): ${(m.into / m.nativeInto).toFixed(2)}× faster`);
  console.log(`native / indexCodes (both allocating the output):    ${(m.fresh / m.nativeFresh).toFixed(2)}× faster`);
}
