
// ----------------------------------------------------------------------------------------------
// Summed scales (SCI-93 and user-defined, `Scale`) and change classification.

/**
 * One answer: a whole number inside the item's range (`2.7` is an error, never 2, and so is
 * the text `"3"`); `null`, `undefined` and `NaN` are missing.
 */
export type ScaleAnswer = number | null | undefined;

/** The typed arrays accepted as answers (`NaN` = missing in the float arrays). */
export type AnswerArray =
  | Float64Array
  | Float32Array
  | Uint8Array
  | Uint8ClampedArray
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array;

/**
 * One response: an object `{item id: answer}` or a `Map` (absent items are missing), or the
 * answers in item order (`Scale.items`), as an `Array` or a typed array.
 */
export type ScaleAnswers =
  | Readonly<Record<string, ScaleAnswer>>
  | ReadonlyMap<string, ScaleAnswer>
  | ReadonlyArray<ScaleAnswer>
  | AnswerArray;

/**
 * Many responses, row-major `n × items`: the answers of row 0 in item order, then row 1, and
 * so on (the length must be divisible by the number of items). A `Uint8Array` is the fastest
 * and a `Float64Array` (`NaN` = missing) is read directly; other typed arrays are widened to
 * `Float64Array` first; an `Array` must hold numbers, `null` or `undefined`.
 */
export type AnswerRows = AnswerArray | ReadonlyArray<ScaleAnswer>;

/** Options of `Scale.score`. */
export interface ScoreOptions {
  /**
   * Subtracted from every answer before it is checked and scored: `1` reads an export coded
   * one higher than the definition (SCI-93 exported as 1–6 instead of 0–5). Default 0; the
   * coding is never guessed from the data.
   */
  offset?: number | null;
}

/** Options of `Scale.scoreBatch`. */
export interface ScoreBatchOptions extends ScoreOptions {
  /**
   * `"raise"` (default): any invalid cell throws a `GroupwellError` of kind `"Rows"` whose
   * `rows` lists every invalid cell (`field` = item id). `"coerce"`: invalid rows give `NaN`
   * and are listed in the result's `errors`.
   */
  errors?: "raise" | "coerce" | null;
}

/** What a higher score means. */
export type Direction = "higher_is_better" | "higher_is_worse";

/** The class of a change. */
export type ChangeClass = "improved" | "unchanged" | "worsened";

/** Options of `classifyChange`: both are required (nothing is assumed). */
export interface ClassifyOptions {
  /** Which way is better for the measure (`Scale.direction` gives a scale's). */
  direction: Direction;
  /** When a difference counts (`{type: "strict"}`, `eqVasMid()`, `sci93Reliable(sd)`...). */
  threshold: Threshold;
}

/** Options of `classifyChanges`. */
export interface ClassifyChangesOptions extends ClassifyOptions {
  /** `"codes"` (default): a `Uint8Array` of change codes; `"labels"`: an array of labels. */
  output?: "codes" | "labels" | null;
}

/**
 * Classifies many changes, row `i` of `baseline` against row `i` of `followUp` (equal lengths;
 * `NaN`, `null` = missing).
 *
 * Codes (default output, a `Uint8Array`): `0` = missing (either score missing), `1` =
 * improved, `2` = unchanged, `3` = worsened. With `{output: "labels"}`: `"improved"`,
 * `"unchanged"`, `"worsened"` or `null` (missing).
 *
 * @throws {GroupwellError} `LengthMismatch` for unequal lengths; `Rows` listing every row with
 * an infinite score (`field` `"baseline"` or `"follow_up"`); `InvalidArgument` for an invalid
 * threshold or direction, unknown options or a bad input type.
 */
export function classifyChanges(
  baseline: Float64Array | ReadonlyArray<number | null | undefined>,
  followUp: Float64Array | ReadonlyArray<number | null | undefined>,
  options: ClassifyChangesOptions & { output: "labels" },
): (ChangeClass | null)[];
export function classifyChanges(
  baseline: Float64Array | ReadonlyArray<number | null | undefined>,
  followUp: Float64Array | ReadonlyArray<number | null | undefined>,
  options: ClassifyChangesOptions & { output?: "codes" | null },
): Uint8Array;
export function classifyChanges(
  baseline: Float64Array | ReadonlyArray<number | null | undefined>,
  followUp: Float64Array | ReadonlyArray<number | null | undefined>,
  options: ClassifyChangesOptions,
): Uint8Array | (ChangeClass | null)[];
