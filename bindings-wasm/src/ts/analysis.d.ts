
// ----------------------------------------------------------------------------------------------
// EQ-5D profile analyses (Devlin, Parkin & Janssen, Methods for Analysing and Reporting EQ-5D
// Data, 2020, doi:10.1007/978-3-030-47622-9).

/** The instrument a column of states was collected with. */
export type InstrumentName =
  | "3L"
  | "5L"
  | "Y3L"
  | "Y5L"
  | "EQ-5D-3L"
  | "EQ-5D-5L"
  | "EQ-5D-Y-3L"
  | "EQ-5D-Y-5L";

/**
 * A column of EQ-5D states, one per row:
 * - an `Array` of five-digit strings (`"11223"`); `null`, `undefined` and `NaN` are missing,
 *   anything else is read as `String(value)` (so `11223` works too);
 * - an `Int32Array` or `Float64Array` of five-digit numbers (`11223`; `NaN` = missing);
 * - a `Uint16Array` of compact state codes (`0..243` for 3L, `0..3125` for 5L; `11111` = 0).
 *
 * Missing rows and invalid rows (a state not of the instrument, such as `"62331"` or a 5L state
 * in a 3L column) are left out of every analysis and counted (`missing`, `invalid`; pairs list
 * them in `excluded` with the reason).
 */
export type StateColumn =
  | ReadonlyArray<string | number | null | undefined>
  | Int32Array
  | Float64Array
  | Uint16Array;

/**
 * Participant ids, one per row: strings or finite numbers (compared as `Map` keys compare them:
 * `"1"` and `1` are different ids), or an `Int32Array` / `Float64Array`.
 */
export type ParticipantIds = ReadonlyArray<string | number> | Int32Array | Float64Array;

/** One column of states. */
export interface StatesInput {
  instrument: InstrumentName;
  states: StateColumn;
}

/** One column of states, optionally with a group label per row. */
export interface LevelFrequenciesInput extends StatesInput {
  /** One label per row (a program, a unit, a timepoint...); numbers are written as text. */
  groups?: ReadonlyArray<string | number> | null;
}

/** One column of states and the maximum Shannon's J′ divides by. */
export interface ShannonInput extends StatesInput {
  /**
   * `"possible"` (default): H′max over every possible category (3 or 5 levels by dimension,
   * 243 or 3125 states by profile), as the R package eq5d. `"observed"`: over the observed ones.
   */
  hMax?: "possible" | "observed" | null;
}

/**
 * Baseline (`pre`) and follow-up (`post`) states with their participant ids, matched by id,
 * never by row order. Each id column has the length of its state column. `duplicates`: an id
 * occurring twice within one timepoint is an error (default, `"error"`), or keeps its `"first"`
 * or `"last"` row.
 */
export interface PairsInput {
  instrument: InstrumentName;
  preIds: ParticipantIds;
  pre: StateColumn;
  postIds: ParticipantIds;
  post: StateColumn;
  duplicates?: "error" | "first" | "last" | null;
}

/** Pairs and the options of a PCHC table. */
export interface PchcInput extends PairsInput {
  /**
   * Count `11111` at both timepoints (level 1 at both, by dimension) as "No problems" rather
   * than "No change".
   */
  noProblems?: boolean | null;
  /** Add a total row: `Total`, or `Total with problems` with `noProblems`. */
  totals?: boolean | null;
  /** One table per dimension (without the mixed category), keyed `MO`..`AD`. */
  byDimension?: boolean | null;
}

/** Options of `healthProfileGrid`. */
export interface HealthProfileGridOptions {
  /** Classify `11111` at both timepoints as `"noProblems"` rather than `"noChange"`. */
  noProblems?: boolean | null;
  /**
   * Rank the values rounded to this many decimals (0..=10), so values equal at that precision
   * tie; `3` reproduces the R package eq5d. Default: full precision.
   */
  decimals?: number | null;
}

/** Options of `summarize`. */
export interface SummarizeOptions {
  /** One label per value: summaries by group, in ascending (byte) order of the labels. */
  groups?: ReadonlyArray<string | number> | null;
  /** Level of the t confidence interval of the mean, strictly between 0 and 1 (default 0.95). */
  confidence?: number | null;
}

/** A PCHC category: how a profile (or one dimension's level) changed. */
export type ChangeCategory = "noChange" | "improve" | "worsen" | "mixed" | "noProblems";

/**
 * Matches baseline and follow-up states by participant id. Pairs keep the baseline's row order;
 * participants without a complete, valid pair are listed in `excluded` with the reason.
 *
 * @throws {GroupwellError} `LengthMismatch` when an id column and its states differ in length,
 * `InvalidArgument` for duplicate ids (with `duplicates: "error"`, naming them and their rows),
 * bad ids or a bad input shape.
 */
export function pairProfiles(input: PairsInput): ProfilePairs;

/**
 * The Paretian Classification of Health Change of the pairs (see `pairProfiles`): whole
 * profiles (No change, Improve, Worsen, Mixed change), or with `byDimension` one table per
 * dimension keyed `MO`..`AD` (without Mixed change).
 *
 * Percentages are of all pairs, except with both `noProblems` and `totals`: then the problem
 * categories are percentages of `Total with problems`, which (like `No problems`) is a
 * percentage of all pairs — the convention of Devlin, Parkin & Janssen and of the R package
 * eq5d. With no pairs every count is 0 and every percentage `NaN`.
 */
export function pchc(input: PchcInput & { byDimension: true }): PerDimension<PchcTable>;
export function pchc(input: PchcInput & { byDimension?: false | null }): PchcTable;
export function pchc(input: PchcInput): PchcTable | PerDimension<PchcTable>;

/**
 * Probability of superiority per dimension: (improved + ½ unchanged) / pairs, the chance that a
 * participant is better off at follow-up, ties split. `NaN` with no pairs.
 */
export function probabilityOfSuperiority(input: PairsInput): PerDimension<number>;

/**
 * Counts and percentages of each level per dimension. With `groups`, one result per group
 * (ascending byte order of the labels), each with its `group`.
 *
 * @throws {GroupwellError} `LengthMismatch` when `groups` and `states` differ in length.
 */
export function levelFrequencies(input: LevelFrequenciesInput & { groups: ReadonlyArray<string | number> }): LevelFrequencies[];
export function levelFrequencies(input: StatesInput & { groups?: null }): LevelFrequencies;
export function levelFrequencies(input: LevelFrequenciesInput): LevelFrequencies | LevelFrequencies[];

/**
 * The cumulative frequency table of states (`eq5dcf` in the R package eq5d): observed states by
 * frequency, descending (ties: state ascending), unrounded percentages. No rows when no state is
 * valid.
 */
export function cumulativeFrequencies(input: StatesInput): CumulativeFrequencies;

/**
 * The Health State Density Curve (`states` = x, `observations` = y, both from 0) and Index
 * (twice the area between the curve and the y axis; 1 when all observed states are equally
 * frequent). `hsdi` is `NaN` when no state is valid.
 */
export function healthStateDensity(input: StatesInput): HealthStateDensity;

/**
 * Shannon's H′, H′max and J′ (log base 2) of whole profiles and of each dimension's levels.
 * Every field is `NaN` when no state is valid; J′ is `NaN` when H′max is 0.
 */
export function shannon(input: ShannonInput): ShannonIndices;

/** The level sum score distribution: one row per score 5..=15 (3L) or 5..=25 (5L). */
export function levelSumDistribution(input: StatesInput): LevelSumDistribution;

/**
 * The level frequency score distribution: one row per possible score (how many dimensions are
 * at level 1, 2, ...; 21 rows for 3L, 126 for 5L), in descending order of the score.
 */
export function levelFrequencyDistribution(input: StatesInput): LevelFrequencyDistribution;

/**
 * The Health Profile Grid: each pair's baseline and follow-up state ranked among all states of
 * the instrument by their value under `valueSet` (1 = best; ties share the smallest rank), with
 * the pair's PCHC category. Row `i` is pair `i` (`preRows[i]`, `postRows[i]`).
 *
 * @param valueSet A value-set id, alias, ISO code or country, or a registered id, for the
 * pairs' instrument.
 * @throws {GroupwellError} `InstrumentMismatch` when the value set is for another instrument;
 * as `pairProfiles`; `InvalidArgument` for bad options.
 */
export function healthProfileGrid(
  input: PairsInput,
  valueSet: string,
  options?: HealthProfileGridOptions | null,
): HealthProfileGrid;

/**
 * Summary of scores (index values, EQ VAS, scale totals): n, missing, mean, SD, SE, t
 * confidence interval of the mean, median, quartiles (R type 7), min, max. `NaN` and `null` are
 * missing. With `groups`, one summary per group (ascending byte order of the labels).
 *
 * @throws {GroupwellError} `LengthMismatch` when `groups` and `values` differ in length,
 * `InvalidArgument` for a confidence level outside (0, 1).
 */
export function summarize(
  values: Float64Array | ReadonlyArray<number | null | undefined>,
  options: SummarizeOptions & { groups: ReadonlyArray<string | number> },
): ScoreSummary[];
export function summarize(
  values: Float64Array | ReadonlyArray<number | null | undefined>,
  options?: (SummarizeOptions & { groups?: null }) | null,
): ScoreSummary;
export function summarize(
  values: Float64Array | ReadonlyArray<number | null | undefined>,
  options?: SummarizeOptions | null,
): ScoreSummary | ScoreSummary[];
