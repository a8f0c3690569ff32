// Type-level tests of the node build's declarations (compiled with tsc, never run).
import {
  type BatchOptions,
  type ChangeCategory,
  type CumulativeFrequencies,
  type HealthProfileGrid,
  type HealthStateDensity,
  type LevelFrequencies,
  type LevelFrequencyDistribution,
  type LevelSumDistribution,
  type PairsInput,
  type PchcTable,
  type PerDimension,
  type ProfilePairs,
  type ScoreSummary,
  type ShannonIndices,
  type ErrorKind,
  type GroupwellError,
  type RowError,
  type ScoredBatch,
  type ValueSetInfo,
  crosswalk3lTo5l,
  crosswalk5lTo3l,
  cumulativeFrequencies,
  healthProfileGrid,
  healthStateDensity,
  levelFrequencies,
  levelFrequencyDistribution,
  levelSumDistribution,
  pairProfiles,
  pchc,
  probabilityOfSuperiority,
  shannon,
  summarize,
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

// Profile analyses.
const pairsInput: PairsInput = {
  instrument: "5L",
  preIds: ["a", "b"],
  pre: ["11111", null],
  postIds: new Int32Array([1, 2]),
  post: new Uint16Array([0, 1]),
  duplicates: "first",
};
const pairs: ProfilePairs = pairProfiles(pairsInput);
const preRows: Uint32Array = pairs.preRows;
const reason: "noFollowUp" | "noBaseline" | "missingBaseline" | "missingFollowUp" | "invalidBaseline" | "invalidFollowUp" =
  pairs.excluded[0].reason;
const pchcTable: PchcTable = pchc({ ...pairsInput, noProblems: true, totals: true });
const category: ChangeCategory | null = pchcTable.rows[0].category;
const byDim: PerDimension<PchcTable> = pchc({ ...pairsInput, byDimension: true });
const either: PchcTable | PerDimension<PchcTable> = pchc({ ...pairsInput, byDimension: Math.random() > 0.5 });
const ps: number = probabilityOfSuperiority(pairsInput).AD;
const column = { instrument: "3L", states: new Float64Array([11111, Number.NaN]) } as const;
const lf: LevelFrequencies = levelFrequencies(column);
const lfMo: number[] = lf.counts.MO;
const lfGroups: LevelFrequencies[] = levelFrequencies({ ...column, groups: ["a", 1] });
const cf: CumulativeFrequencies = cumulativeFrequencies({ instrument: "EQ-5D-3L", states: ["11111"] });
const hsd: HealthStateDensity = healthStateDensity(column);
const x: Float64Array = hsd.states;
const sh: ShannonIndices = shannon({ ...column, hMax: "observed" });
const j: number = sh.profile.j + sh.dimensions.PD.hMax;
const lss: LevelSumDistribution = levelSumDistribution(column);
const lssScore: number = lss.rows[0].score;
const lfs: LevelFrequencyDistribution = levelFrequencyDistribution(column);
const lfsScore: string = lfs.rows[0].score;
const grid: HealthProfileGrid = healthProfileGrid(pairsInput, "5L_UK", { noProblems: true, decimals: 3 });
const ranks: Uint16Array = grid.pre;
const changes: ChangeCategory[] = grid.change;
const summary: ScoreSummary = summarize(new Float64Array([1, 2]), { confidence: 0.9 });
const ci: number = summary.ciLower + summary.ciUpper;
const summaries: ScoreSummary[] = summarize([1, null, 3], { groups: ["a", "b", "a"] });
const label: string | undefined = summaries[0].group;
// @ts-expect-error a summary by group is an array
const notOne: ScoreSummary = summarize([1], { groups: ["a"] });
// @ts-expect-error the instrument is required
pairProfiles({ preIds: [], pre: [], postIds: [], post: [] });
// @ts-expect-error unknown Shannon maximum
shannon({ ...column, hMax: "all" });
// @ts-expect-error states are not a Uint8Array
cumulativeFrequencies({ instrument: "3L", states: new Uint8Array(1) });
void [pairs, preRows, reason, category, byDim, either, ps, lfMo, lfGroups, cf, x, j, lssScore, lfsScore, ranks];
void [changes, ci, label, notOne];

void [v, kinds, all, mine, year, kind, one, a, b, c, d, rows, values, missing, g, h, xw, removed, table];
