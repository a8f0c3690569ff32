/** Batch options that select coerce mode: the call returns a `ScoredBatch`. */
export type CoerceOptions = BatchOptions & { errors: "coerce" };
/** Batch options that keep the default raise mode: the call returns a `Float64Array`. */
export type RaiseOptions = BatchOptions & { errors?: "raise" | null };

/**
 * Scores compact state codes: `0..243` (3L, Y-3L) or `0..3125` (5L), `11111` being 0 and AD
 * changing fastest. A `Uint16Array` is the fastest input (one table look-up per row); a
 * `Float64Array` is accepted too (`NaN` = missing; fractions and out-of-range codes are
 * invalid rows).
 *
 * Raise mode (default): returns one index per row as a `Float64Array`, and throws a
 * `GroupwellError` of kind `"Rows"` whose `rows` lists every invalid row.
 * `{errors: "coerce"}`: never throws for bad rows; returns `{values, errors, missing}` with
 * `NaN` at exactly the invalid and missing rows. `{decimals: d}` rounds every index to `d`
 * decimals (0..=10, half away from zero).
 *
 * @param valueSet A value-set id, alias, ISO code or country, or a registered id.
 * @throws {GroupwellError} for an unknown or ambiguous set, bad options or input type, and (in
 * raise mode) invalid rows.
 */
export function indexCodes(valueSet: string, codes: Uint16Array | Float64Array, options: CoerceOptions): ScoredBatch;
export function indexCodes(valueSet: string, codes: Uint16Array | Float64Array, options?: RaiseOptions | null): Float64Array;
export function indexCodes(valueSet: string, codes: Uint16Array | Float64Array, options?: BatchOptions | null): Float64Array | ScoredBatch;

/**
 * Scores states given as levels, row-major `n×5`: MO, SC, UA, PD, AD of row 0, then of row 1,
 * and so on (the length must be divisible by 5). A level outside `1..=3` (3L, Y-3L) or `1..=5`
 * (5L) is an invalid row whose `field` names the dimension. A `Float64Array` is accepted too
 * (`NaN` = missing; fractions are invalid).
 *
 * Raise mode (default): returns one index per row as a `Float64Array`, and throws a
 * `GroupwellError` of kind `"Rows"` whose `rows` lists every invalid row.
 * `{errors: "coerce"}`: never throws for bad rows; returns `{values, errors, missing}` with
 * `NaN` at exactly the invalid and missing rows. `{decimals: d}` rounds every index to `d`
 * decimals (0..=10, half away from zero).
 *
 * @param valueSet A value-set id, alias, ISO code or country, or a registered id.
 * @throws {GroupwellError} for an unknown or ambiguous set, bad options or input type, and (in
 * raise mode) invalid rows.
 */
export function indexLevels(valueSet: string, levels: Uint8Array | Float64Array, options: CoerceOptions): ScoredBatch;
export function indexLevels(valueSet: string, levels: Uint8Array | Float64Array, options?: RaiseOptions | null): Float64Array;
export function indexLevels(valueSet: string, levels: Uint8Array | Float64Array, options?: BatchOptions | null): Float64Array | ScoredBatch;

/**
 * Scores states written as five-digit numbers such as `11223`. A `Float64Array` is accepted
 * too (`NaN` = missing; fractions are invalid).
 *
 * Raise mode (default): returns one index per row as a `Float64Array`, and throws a
 * `GroupwellError` of kind `"Rows"` whose `rows` lists every invalid row.
 * `{errors: "coerce"}`: never throws for bad rows; returns `{values, errors, missing}` with
 * `NaN` at exactly the invalid and missing rows. `{decimals: d}` rounds every index to `d`
 * decimals (0..=10, half away from zero).
 *
 * @param valueSet A value-set id, alias, ISO code or country, or a registered id.
 * @throws {GroupwellError} for an unknown or ambiguous set, bad options or input type, and (in
 * raise mode) invalid rows.
 */
export function indexStates(valueSet: string, states: Int32Array | Float64Array, options: CoerceOptions): ScoredBatch;
export function indexStates(valueSet: string, states: Int32Array | Float64Array, options?: RaiseOptions | null): Float64Array;
export function indexStates(valueSet: string, states: Int32Array | Float64Array, options?: BatchOptions | null): Float64Array | ScoredBatch;

/**
 * Scores states written as five level digits, e.g. `"11223"`: exactly five digits, no
 * spaces or signs. `null`, `undefined` and `NaN` are missing; any other value is judged by its
 * text, `String(value)` (a number `11223` reads as `"11223"`). An array of strings crosses into
 * wasm as one joined string, so this is the fastest way to pass text.
 *
 * Raise mode (default): returns one index per row as a `Float64Array`, and throws a
 * `GroupwellError` of kind `"Rows"` whose `rows` lists every invalid row.
 * `{errors: "coerce"}`: never throws for bad rows; returns `{values, errors, missing}` with
 * `NaN` at exactly the invalid and missing rows. `{decimals: d}` rounds every index to `d`
 * decimals (0..=10, half away from zero).
 *
 * @param valueSet A value-set id, alias, ISO code or country, or a registered id.
 * @throws {GroupwellError} for an unknown or ambiguous set, bad options or input type, and (in
 * raise mode) invalid rows.
 */
export function indexStrings(valueSet: string, states: ReadonlyArray<string | null | undefined>, options: CoerceOptions): ScoredBatch;
export function indexStrings(valueSet: string, states: ReadonlyArray<string | null | undefined>, options?: RaiseOptions | null): Float64Array;
export function indexStrings(valueSet: string, states: ReadonlyArray<string | null | undefined>, options?: BatchOptions | null): Float64Array | ScoredBatch;
