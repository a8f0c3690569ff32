// Type-level tests of the node build's declarations (compiled with tsc, never run).
import {
  type Breakdown,
  type BreakdownRow,
  type ChangeStats,
  type GoalDefinition,
  type GoalDocument,
  type GoalExclusion,
  type GoalOutcome,
  type GoalPair,
  type GoalPopulation,
  type GoalReportData,
  type GoalResult,
  type GoalThreshold,
  type GoalType,
  type PopulationResult,
  type ProfileChange,
  GoalReport,
  GoalSet,
  type Assignment,
  type Assignments,
  type AttendanceRate,
  type Completion,
  type CsvCell,
  type CsvTables,
  type CsvTablesInput,
  type Finding,
  type FindingCode,
  type FromCsvOptions,
  type GroupFilter,
  type GroupFormat,
  type GroupSummary,
  type MeasurementColumns,
  type MissingTimepoint,
  type ParticipantAttendance,
  type Period,
  type ProgramCounts,
  type ProgramDocument,
  type ProgramGroup,
  type TidyOptions,
  type TidyTable,
  type UnassignedMeasurement,
  type Validation,
  type ValidationAndAssignments,
  Program,
  type AnswerRows,
  type BatchOptions,
  type ChangeClass,
  type ClassifyChangesOptions,
  type ClassifyOptions,
  type Direction,
  type ScaleAnswers,
  type ScaleBand,
  type ScaleScore,
  type ScaleScores,
  type ScoreBatchOptions,
  type ScoreOptions,
  type Threshold,
  Scale,
  classifyChange,
  classifyChanges,
  eq5dIndexMid,
  eqVasMid,
  reliableChangeIndex,
  sci93Reliable,
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
  indexCodesInto,
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
// indexCodesInto: the caller's buffer back (raise), or a ScoredBatch around it (coerce).
const buffer = new Float64Array(1);
const into: Float64Array = indexCodesInto("5L_UK", new Uint16Array([0]), buffer);
const intoCoerced: ScoredBatch = indexCodesInto("5L_UK", new Uint16Array([0]), buffer, { errors: "coerce" });
// @ts-expect-error the output is a Float64Array
indexCodesInto("5L_UK", new Uint16Array([0]), new Float32Array(1));

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

// Summed scales.
const sci: Scale = Scale.sci93();
const demo: Scale = Scale.fromJson('{"id": "d"}');
const demo2: Scale = Scale.fromJson({ id: "d" });
const json: string = sci.toJson();
const scaleId: string = sci.id + sci.name;
const itemIds: string[] = sci.items;
const subscaleNames: string[] = sci.subscales;
const bands: ScaleBand[] = sci.bands;
const bandLabel: string = bands[0].label;
const [lo, hi]: [number, number] = sci.totalRange;
const direction: Direction = sci.direction;
const totalKind: "sum" | "mean" = sci.total;
const maxMissing: number = sci.maxMissing;
const s1: ScaleScore = sci.score([0, 1, null, undefined, Number.NaN]);
const s2: ScaleScore = sci.score({ "1": 3, "2": null }, { offset: 1 });
const s3: ScaleScore = sci.score(new Uint8Array(35), null);
const s4: ScaleScore = sci.score(new Map([["1", 2]]));
const total: number | null = s1.total;
const sub: number | null | undefined = s1.subscales["stress"];
const answered: number = s1.answered;
const prorated: boolean = s1.prorated;
const band: string | null = s1.band;
const scoreOptions: ScoreOptions = { offset: 1 };
const batchOptions: ScoreBatchOptions = { offset: 0, errors: "coerce" };
const rowsIn: AnswerRows = new Int16Array(35);
const answersIn: ScaleAnswers = [1, 2, null];
const out: ScaleScores = sci.scoreBatch(new Float64Array(70), batchOptions);
const out2: ScaleScores = sci.scoreBatch([1, null], { errors: "raise" });
const out3: ScaleScores = sci.scoreBatch(rowsIn);
const totals: Float64Array = out.totals;
const columns: Float64Array | undefined = out.subscales["stress"];
const counts: Uint32Array = out.answered;
const flags: Uint8Array = out.prorated;
const bandLabels: (string | null)[] = out.bands;
const bandIndex: Int32Array = out.bandIndex;
const scaleErrors: RowError[] = out.errors;
const scaleMissing: number = out.missing;
// @ts-expect-error answers are numbers, not text
sci.score(["1", "2"]);
// @ts-expect-error unknown error mode
sci.scoreBatch(new Uint8Array(35), { errors: "ignore" });
// @ts-expect-error the single-response call has no error mode
sci.score([1], { errors: "coerce" });
// @ts-expect-error a batch is not an object keyed by item
sci.scoreBatch({ "1": 1 });
void [totalKind, maxMissing];
void [demo, demo2, json, scaleId, itemIds, subscaleNames, bandLabel, lo, hi, direction, s2, s3, s4];
void [total, sub, answered, prorated, band, scoreOptions, answersIn, out2, out3, totals, columns];
void [counts, flags, bandLabels, bandIndex, scaleErrors, scaleMissing];

// Change classification.
const vasMid: Threshold = eqVasMid();
const indexMid: Threshold = eq5dIndexMid();
const sciRc: Threshold = sci93Reliable(21.3);
const strict: Threshold = { type: "strict" };
const absolute: Threshold = { type: "absolute", mid: 5 };
const rel: Threshold = { type: "reliable", sd: 10, reliability: 0.9 };
const rci: number = reliableChangeIndex(50, 43.7, 10, 0.95);
const classifyOptions: ClassifyOptions = { direction: "higher_is_better", threshold: vasMid };
const one2: ChangeClass | null = classifyChange(60, 67, classifyOptions);
const one3: ChangeClass | null = classifyChange(null, undefined, { direction: sci.direction, threshold: sciRc });
const codes: Uint8Array = classifyChanges(new Float64Array(2), [1, null], classifyOptions);
const codes2: Uint8Array = classifyChanges([1], [2], { ...classifyOptions, output: "codes" });
const labels: (ChangeClass | null)[] = classifyChanges([1], [2], { ...classifyOptions, output: "labels" });
const batchClassify: ClassifyChangesOptions = Math.random() > 0.5 ? { ...classifyOptions, output: "labels" } : classifyOptions;
const either2: Uint8Array | (ChangeClass | null)[] = classifyChanges([1], [2], batchClassify);
// @ts-expect-error labels are not codes
const notCodes: Uint8Array = classifyChanges([1], [2], { ...classifyOptions, output: "labels" });
// @ts-expect-error the direction is required
classifyChange(1, 2, { threshold: strict });
// @ts-expect-error a MID threshold needs its mid
classifyChange(1, 2, { direction: "higher_is_better", threshold: { type: "absolute" } });
// @ts-expect-error unknown direction
classifyChange(1, 2, { direction: "up", threshold: strict });
void [indexMid, absolute, rel, rci, one2, one3, codes, codes2, labels, either2, notCodes];

// Programs.
const document: ProgramDocument = {
  id: "p",
  name: "Pilot",
  period: { start: "2015-01-01", end: "2015-12-31" },
  units: [{ id: "hede", name: "Hede", kind: "health_centre" }],
  groups: [
    {
      id: "g1",
      theme: "stress",
      format: "on_site",
      units: ["hede"],
      leadership: { kind: "peer", starter_sessions: 2 },
      capacity: { min: 5, max: 8 },
      start: "2015-02-02",
      status: "running",
    },
  ],
  participants: [{ id: "p1", sex: "female", age_band: "45-64" }],
  enrolments: [{ participant: "p1", group: "g1", joined: "2015-02-02" }],
  measurements: [{ participant: "p1", date: "2015-02-02", eq5d: "11111", vas: 80, scales: { "SCI-93": [1, null] } }],
};
const program: Program = Program.fromJson(document);
const program2: Program = Program.fromJson(JSON.stringify(document));
const tablesIn: CsvTablesInput = { units: "id,name,kind\n", measurements: null };
const measurementColumns: MeasurementColumns = {
  participant: "person",
  eq5d: ["mo", "sc", "ua", "pd", "ad"],
  layout: "wide",
  occasions: ["t0", "t1"],
};
const csvOptions: FromCsvOptions = {
  columns: { enrolments: { joined: "start_date" } },
  measurementColumns,
  files: { units: "units-2015.csv" },
};
const program3: Program = Program.fromCsv(tablesIn, program.skeleton().toJson(), csvOptions);
const program4: Program = Program.fromCsv({}, document);
const programId: string = program.id + program.name + program.format + program.instrument;
const period: Period = program.period;
const instrument: "3L" | "5L" | "Y3L" | "Y5L" = program.instrument;
const owners: string[] = program.owners;
const timepoints: string[] = program.timepoints;
const programCounts: ProgramCounts = program.counts;
const measurementCount: number = programCounts.measurements;
const sourced: boolean = program3.hasSources;
const programJson: string = program.toJson();
const tablesOut: CsvTables = program.toCsvTables();
const enrolmentsCsv: string = tablesOut.enrolments;
const validation: Validation = program.validate();
const valid: boolean = validation.valid;
const finding: Finding = validation.findings[0];
const severity: "error" | "warning" = finding.severity;
const code: FindingCode = finding.code;
const where: string = finding.path + finding.table + finding.message;
const index0: number | null = finding.index;
const field: string | null = finding.field;
const cell: CsvCell | null = finding.csv;
const cellLine: number | undefined = cell?.line;
const cellColumn: string | null | undefined = cell?.column;
const assigned: Assignments = program.assignTimepoints();
const assignment: Assignment = assigned.assignments[0];
const why: string = assignment.explanation + assignment.date + assignment.window.start + assignment.offset;
const distance: number = assignment.distanceDays;
const atEnd: boolean = assignment.atGroupEnd;
const anchor: "joined" | "group_start" | "group_end" | "enrolment_end" = assignment.anchor;
const missingTimepoint: MissingTimepoint = assigned.missing[0];
const missingWindow: Period | null = missingTimepoint.window;
const unused: UnassignedMeasurement = assigned.unassigned[0];
const both: ValidationAndAssignments = program.validateAndAssign();
const filter: GroupFilter = { theme: "stress", format: "on_site", unit: "hede", peerLed: true };
const running: ProgramGroup[] = program.groupsRunning({ start: "2015-01-01", end: "2015-12-31" }, filter);
const runningAll: ProgramGroup[] = program.groupsRunning(period);
const people: string[] = program.participantsIn(period, null);
const attendance: AttendanceRate[] = program.attendance();
const rate: number | null = attendance[0].rate;
const perPerson: ParticipantAttendance[] = program.participantAttendance();
const completion: Completion[] = program.completion();
const dropout: number | null = completion[0].dropoutRate;
const summariesOfGroups: GroupSummary[] = program.groupSummaries();
const groupFormat: GroupFormat = summariesOfGroups[0].format;
const within: boolean | null = summariesOfGroups[0].withinCapacity;
const groupEnd: string | null = summariesOfGroups[0].end;
const tidyOptions: TidyOptions = { valueSets: ["5L_SE_2022"], subscales: false };
const tidy: TidyTable = program.tidy(tidyOptions);
const tidy2: TidyTable = program.tidy();
const tidyValues: Float64Array = tidy.value;
const tidyDates: string[] = tidy.date;
const ageBands: string[] = tidy.ageBand;
const tidyCsv: string = program.tidyCsv(null);
program.free();
try {
  Program.fromCsv({ units: "" }, "{}");
} catch (err) {
  const ge = err as GroupwellError;
  const line: number | undefined = ge.line;
  const failedTable: string | undefined = ge.table;
  const failedFile: string | undefined = ge.file;
  void [line, failedTable, failedFile];
}
// @ts-expect-error unknown table
Program.fromCsv({ people: "" }, "{}");
// @ts-expect-error the skeleton is required
Program.fromCsv({});
// @ts-expect-error unknown group format
program.groupsRunning(period, { format: "outdoors" });
// @ts-expect-error a period is an object
program.participantsIn("2015");
// @ts-expect-error value sets are listed
program.tidy({ valueSets: "5L_UK" });
// @ts-expect-error the eq5d level columns are five
const badColumns: MeasurementColumns = { eq5d: ["mo", "sc"] };
void [instrument, program2, program3, program4, programId, owners, timepoints, measurementCount, sourced, programJson];
void [enrolmentsCsv, valid, severity, code, where, index0, field, cellLine, cellColumn, why, distance, atEnd];
void [anchor, missingWindow, unused, both, running, runningAll, people, rate, perPerson, dropout];
void [groupFormat, within, groupEnd, tidy2, tidyValues, tidyDates, ageBands, tidyCsv, badColumns];

// Goals.
const goalDocument: GoalDocument = {
  format: "groupwell-goals/1",
  goals: [
    {
      id: "vas",
      title: "Half improved",
      type: "participant_change",
      measure: { kind: "eq_vas" },
      from: "baseline",
      to: "week15",
      criterion: "improved",
      threshold: { type: "strict" },
      target: 0.5,
      population: "enrolled",
      filter: { theme: "stress", peer_led: true },
      decision: "confidence_interval",
      level: 0.9,
      ci_method: "clopper_pearson",
    },
    { id: "groups", title: "Five groups", type: "group_count", period: { start: "2015-01-01", end: "2015-12-31" }, at_least: 5 },
    { id: "size", title: "Size", type: "group_size", period: { start: "2015-01-01", end: "2015-12-31" }, min: 5, max: 8, share: 0.8 },
    { id: "themes", title: "Themes", type: "distinct_offerings", period: { start: "2015-01-01", end: "2015-12-31" }, by: "format", at_least: 2 },
    { id: "more", title: "More", type: "participation", period: { start: "2016-01-01", end: "2016-12-31" }, more_than_in: { start: "2015-01-01", end: "2015-12-31" } },
    { id: "fu", title: "Follow-up", type: "follow_up_rate", timepoint: "week15", target: 0.8 },
    { id: "book", title: "Handbook", type: "manual", status: "met", evidence: "Printed" },
  ],
};
const goalSet: GoalSet = GoalSet.fromJson(JSON.stringify(goalDocument));
const goalSet2: GoalSet = GoalSet.fromJson(goalDocument);
const goalSet3: GoalSet = GoalSet.fromObject(goalDocument);
const goalIds: string[] = goalSet.ids;
const goalCount: number = goalSet.length;
const goalJson: string = goalSet.toJson();
const goalBack: GoalDocument = goalSet.toObject();
const firstGoal: GoalDefinition = goalBack.goals[0];
const threshold: GoalThreshold = { type: "reliable", reliability: 0.95 };
const goalReport: GoalReport = program.evaluate(goalSet);
const goalReport2: GoalReport = program.evaluate(goalJson);
const goalReport3: GoalReport = program.evaluate(goalDocument);
const reportData: GoalReportData = goalReport.toObject();
const reportJson: string =
  goalReport.toJson() + goalReport.toMarkdown() + goalReport.toHtml() + goalReport.toHtmlFragment();
const reportProgram: string = goalReport.programId + goalReport.programName + reportData.programId;
const reportPeriod: Period = reportData.period;
const goalResult: GoalResult = reportData.results[0];
const goalOutcome: GoalOutcome = goalResult.outcome;
const goalType: GoalType = goalResult.kind;
const observed: number = goalResult.observed + goalResult.target + goalResult.n + goalResult.level;
const goalCi: [number, number] | null = goalResult.ci;
const goalP: number | null = goalResult.pValue;
const comparison: ">=" | "<=" = goalResult.comparison;
const share: boolean = goalResult.isShare;
const deciding: GoalPopulation | null = goalResult.deciding;
const populationResult: PopulationResult = goalResult.populations[0];
const populationShare: number = populationResult.share + populationResult.pValue + populationResult.successes;
const changeStats: ChangeStats | null = goalResult.change;
const wilcoxon: number | undefined = changeStats?.wilcoxonPValue;
const meanChange: number | undefined = changeStats?.meanChange;
const goalPair: GoalPair = goalResult.pairs[0];
const pairClass: ChangeClass = goalPair.class;
const goalExclusion: GoalExclusion = goalResult.exclusions[0];
const breakdown: Breakdown = goalResult.breakdowns[0];
const breakdownRow: BreakdownRow = breakdown.rows[0];
const goalMeasure: string | null = goalResult.measure;
const goalFrom: string | null = goalResult.from;
const goalDetails: string[] = goalResult.details;
const profileChange: ProfileChange = reportData.profileChanges[0];
const pchcCounts: number = profileChange.improve + profileChange.noProblems + profileChange.withoutPair;
const tomlKind: ErrorKind = "Toml";
// @ts-expect-error outcomes are written as the core writes them
const badOutcome: GoalOutcome = "not met";
// @ts-expect-error a participant-change goal needs its threshold
const noThreshold: GoalDefinition = { id: "x", title: "x", type: "participant_change", measure: { kind: "eq_vas" }, from: "a", to: "b", criterion: "improved", target: 0.5 };
// @ts-expect-error an EQ-5D index needs its value set
const noValueSet: GoalDocument = { goals: [{ id: "x", title: "x", type: "participant_change", measure: { kind: "eq5d_index" }, from: "a", to: "b", criterion: "improved", threshold: { type: "mid" }, target: 0.5 }] };
// @ts-expect-error unknown goal type
const badType: GoalDefinition = { id: "x", title: "x", type: "nonsense" };
// @ts-expect-error a report is not its goals
program.evaluate(goalReport);
void [goalSet2, goalSet3, goalIds, goalCount, firstGoal, threshold, goalReport2, goalReport3, reportJson, reportProgram];
void [reportPeriod, goalOutcome, goalType, observed, goalCi, goalP, comparison, share, deciding, populationShare];
void [wilcoxon, meanChange, pairClass, goalExclusion, breakdownRow, goalMeasure, goalFrom, goalDetails, pchcCounts];
void [tomlKind, badOutcome, noThreshold, noValueSet, badType];
void [into, intoCoerced];
