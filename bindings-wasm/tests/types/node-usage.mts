// Type-level tests of the node build's declarations (compiled with tsc, never run).
import {
  type BatchOptions,
  type ErrorKind,
  type GroupwellError,
  type RowError,
  type ScoredBatch,
  type ValueSetInfo,
  crosswalk3lTo5l,
  crosswalk5lTo3l,
  errorKinds,
  findValueSet,
  index,
  indexCodes,
  indexLevels,
  indexStates,
  indexStrings,
  registerValueSet,
  registeredValueSets,
  unregisterValueSet,
  valueSetTable,
  valueSets,
  version,
} from "groupwell";

const v: string = version();
const kinds: ErrorKind[] = errorKinds();
const all: ValueSetInfo[] = valueSets();
const mine: ValueSetInfo[] = registeredValueSets();
const info: ValueSetInfo = findValueSet("UK", "5L");
const year: number | null = info.year;
const kind: "value_set" | "crosswalk" | "reverse_crosswalk" = info.kind;
const one: number = index("5L_UK", "11223") + index("5L_UK", 11223);

// Raise mode (default) returns a Float64Array; coerce mode a ScoredBatch.
const a: Float64Array = indexCodes("5L_UK", new Uint16Array([0]));
const b: Float64Array = indexLevels("5L_UK", new Uint8Array(5).fill(1), { decimals: 3 });
const c: Float64Array = indexStates("5L_UK", new Int32Array([11111]), { errors: "raise" });
const d: Float64Array = indexStrings("5L_UK", ["11111", null, undefined], null);
const e: ScoredBatch = indexCodes("5L_UK", new Float64Array([0, Number.NaN]), { errors: "coerce" });
const f: ScoredBatch = indexStrings("5L_UK", ["11111"], { errors: "coerce", decimals: 2 });
const rows: RowError[] = f.errors;
const values: Float64Array = e.values;
const missing: number = e.missing;
// With options whose mode is not known statically, the result is the union.
const opts: BatchOptions = Math.random() > 0.5 ? { errors: "coerce" } : {};
const g: Float64Array | ScoredBatch = indexStates("5L_UK", new Int32Array([11111]), opts);
// @ts-expect-error coerce mode does not return a Float64Array
const h: Float64Array = indexCodes("5L_UK", new Uint16Array([0]), { errors: "coerce" });
// @ts-expect-error unknown error mode
indexCodes("5L_UK", new Uint16Array([0]), { errors: "ignore" });
// @ts-expect-error codes are not a plain array
indexCodes("5L_UK", [0, 1]);

const id: string = registerValueSet("{}") + registerValueSet({ id: "x" });
const xw: string = crosswalk5lTo3l("3L_UK") + crosswalk3lTo5l("5L_UK");
const removed: boolean = unregisterValueSet(id);
const table: Float64Array = valueSetTable("3L_UK");

try {
  index("UK", "11111");
} catch (err) {
  const ge = err as GroupwellError;
  const k: ErrorKind = ge.kind;
  const n: "GroupwellError" = ge.name;
  const listed: RowError[] | undefined = ge.rows;
  const message: string = ge.message;
  void [k, n, listed, message];
}

void [v, kinds, all, mine, year, kind, one, a, b, c, d, rows, values, missing, g, h, xw, removed, table];
