//! WebAssembly bindings of [`groupwell`]: EQ-5D index scoring, profile analyses, summed scales
//! (SCI-93 and user-defined), change classification, programs (validation, timepoints,
//! queries, tidy export) and goals (evaluation; reports as JSON, Markdown and HTML) for
//! JavaScript (npm package `groupwell`, web and node builds).
//!
//! Cargo feature `programs` (on by default): programs and goals. Without it the crate is the
//! package's scoring build (`groupwell/scoring`): the same exports less `Program`, `GoalSet`
//! and `GoalReport`, a module of about half the size for pages that only score surveys.
//!
//! The binding converts JS inputs to core types, calls the core and converts the results back;
//! no scoring rule lives here. Value sets are named by id, alias, ISO code or country name
//! (built-in sets) or by the id of a set registered with `registerValueSet` /
//! `crosswalk5lTo3l` / `crosswalk3lTo5l`.
//!
//! Every failure is thrown as a real JS `Error` (`name` `"GroupwellError"`, `kind` = the core
//! error's kind, `rows` for batch failures); nothing panics on any input.
#![cfg(target_family = "wasm")]

mod analysis;
mod dto;
mod errors;
#[cfg(feature = "programs")]
mod goals;
#[cfg(feature = "programs")]
mod program;
mod registry;
mod scales;

use groupwell::Error;
use groupwell::eq5d::{
    BatchOptions, ErrorMode, Instrument, ValueSet, catalogue, crosswalk_3l_to_5l,
    crosswalk_5l_to_3l,
};
use js_sys::{Float64Array, Int32Array, Uint8Array, Uint16Array};
use tsify::Tsify;
use wasm_bindgen::prelude::*;

pub use analysis::{
    CumulativeFrequencies, CumulativeRow, Exclusion, HealthProfileGrid, HealthStateDensity,
    LevelFrequencies, LevelFrequencyDistribution, LevelFrequencyRow, LevelSumDistribution,
    LevelSumRow, PchcRow, PchcTable, PerDimension, ProfilePairs, ScoreSummary, Shannon,
    ShannonIndices, cumulative_frequencies, health_profile_grid, health_state_density,
    level_frequencies, level_frequency_distribution, level_sum_distribution, pair_profiles, pchc,
    probability_of_superiority, shannon, summarize,
};
pub use dto::{BatchOptionsJs, ScoredBatch, ValueSetInfo};
pub use errors::RowErrorInfo;
#[cfg(feature = "programs")]
pub use goals::{
    Breakdown, BreakdownRow, ChangeStats, GoalExclusion, GoalPair, GoalReportData, GoalReportJs,
    GoalResult, GoalSetJs, PopulationResult, ProfileChange,
};
#[cfg(feature = "programs")]
pub use program::{
    Assignment, Assignments, AttendanceRate, Completion, CsvCell, CsvTables, Finding, GroupSummary,
    MissingTimepoint, ParticipantAttendance, Period, ProgramCounts, ProgramJs, TidyTable,
    UnassignedMeasurement, Validation, ValidationAndAssignments,
};
pub use scales::{
    ScaleBand, ScaleJs, ScaleScore, ScaleScores, ThresholdJs, classify_change, classify_changes,
    eq_vas_mid, eq5d_index_mid, reliable_change_index, sci93_reliable,
};

use errors::{IntoJs, JsResult, describe, invalid_argument, to_js};
use registry::{Resolved, resolve};

/// The TypeScript declarations written by hand (error types, batch-call overloads, analysis
/// inputs, scale answers and change classification, program documents and query inputs, goal
/// documents).
#[cfg(feature = "programs")]
pub const TYPESCRIPT_DECLARATIONS: &str = concat!(
    include_str!("ts/errors.d.ts"),
    include_str!("ts/batch.d.ts"),
    include_str!("ts/analysis.d.ts"),
    include_str!("ts/scales.d.ts"),
    include_str!("ts/program.d.ts"),
    include_str!("ts/goals.d.ts")
);

/// The TypeScript declarations written by hand (error types, batch-call overloads, analysis
/// inputs, scale answers and change classification): the scoring build has no programs or
/// goals.
#[cfg(not(feature = "programs"))]
pub const TYPESCRIPT_DECLARATIONS: &str = concat!(
    include_str!("ts/errors.d.ts"),
    include_str!("ts/batch.d.ts"),
    include_str!("ts/analysis.d.ts"),
    include_str!("ts/scales.d.ts")
);

#[wasm_bindgen(typescript_custom_section)]
const TS_DECLARATIONS: &'static str = TYPESCRIPT_DECLARATIONS;

fn thrown(e: Error) -> JsValue {
    to_js(&e)
}

fn serialised<T: Tsify + serde::Serialize>(value: &T) -> JsResult<tsify::Ts<T>> {
    value
        .into_ts()
        .map_err(|e| JsValue::from(JsError::new(&e.to_string())))
}

fn parse_instrument(instrument: Option<String>) -> Result<Option<Instrument>, Error> {
    instrument.map(|s| s.parse::<Instrument>()).transpose()
}

pub(crate) fn value_set(name: &str) -> JsResult<Resolved> {
    resolve(name, None).map_err(thrown)
}

/// The version of the package (and of the Rust core it was built from).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Every value `GroupwellError.kind` can take.
#[wasm_bindgen(js_name = errorKinds, unchecked_return_type = "ErrorKind[]")]
pub fn error_kinds() -> Vec<String> {
    Error::KINDS.iter().map(|k| k.to_string()).collect()
}

/// Every built-in set: the national value sets (`kind: "value_set"`) and the published
/// crosswalk tables, in a stable order (3L, 5L, Y-3L, crosswalk tables). Registered sets are
/// not listed (see `registeredValueSets`).
#[wasm_bindgen(js_name = valueSets, unchecked_return_type = "ValueSetInfo[]")]
pub fn value_sets() -> JsResult<JsValue> {
    let list: Vec<ValueSetInfo> = catalogue()
        .iter()
        .map(|vs| ValueSetInfo::of(vs, true))
        .collect();
    info_list(&list)
}

/// Serialises metadata as plain objects, absent values as `null` (as `findValueSet` does).
fn info_list(list: &[ValueSetInfo]) -> JsResult<JsValue> {
    use serde::Serialize;
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    list.serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()).into())
}

/// The registered sets (`registerValueSet`, `crosswalk5lTo3l`, `crosswalk3lTo5l`), by id.
#[wasm_bindgen(js_name = registeredValueSets, unchecked_return_type = "ValueSetInfo[]")]
pub fn registered_value_sets() -> JsResult<JsValue> {
    let list: Vec<ValueSetInfo> = registry::all_registered()
        .iter()
        .map(|vs| ValueSetInfo::of(vs, false))
        .collect();
    info_list(&list)
}

/// Finds a set by id, alias, ISO code or country name (case-insensitive; spaces, `-` and `_`
/// are interchangeable), optionally only among one instrument's sets (`"3L"`, `"EQ-5D-5L"`,
/// `"Y3L"`...). A registered set is found by its exact id first. Throws `UnknownValueSet`
/// (with `suggestions`) or `AmbiguousValueSet` (with `candidates`).
#[wasm_bindgen(js_name = findValueSet)]
pub fn find_value_set(
    name: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] instrument: Option<String>,
) -> JsResult<tsify::Ts<ValueSetInfo>> {
    let instrument = parse_instrument(instrument).js()?;
    let vs = resolve(name, instrument).js()?;
    serialised(&ValueSetInfo::of(&vs, vs.is_built_in()))
}

/// The index of one state, written as five level digits (`"11223"`) or as a five-digit number
/// (`11223`). A `NaN` number is missing and gives `NaN`, as in the batch calls.
#[wasm_bindgen]
pub fn index(
    #[wasm_bindgen(js_name = valueSet)] value_set_name: &str,
    #[wasm_bindgen(unchecked_param_type = "string | number")] state: JsValue,
) -> JsResult<f64> {
    let vs = value_set(value_set_name)?;
    if let Some(s) = state.as_string() {
        return vs.index_str(&s).js();
    }
    if let Some(x) = state.as_f64() {
        // The core reads the number as the batch calls do (whole, fractional, infinite, NaN).
        return vs.index_cell(x).js();
    }
    Err(thrown(invalid_argument(
        "state",
        describe(&state),
        "a string of five level digits such as \"11223\" or a number such as 11223",
    )))
}

/// Raise mode: the values as a `Float64Array`; coerce mode: `{values, errors, missing}`.
fn batch_result(
    values: &[f64],
    errors: &[groupwell::RowError],
    missing: usize,
    opts: &BatchOptions,
) -> JsResult<JsValue> {
    batch_result_in(Float64Array::from(values), errors, missing, opts)
}

/// [`batch_result`] with the values already in a `Float64Array`.
fn batch_result_in(
    values: Float64Array,
    errors: &[groupwell::RowError],
    missing: usize,
    opts: &BatchOptions,
) -> JsResult<JsValue> {
    match opts.errors {
        ErrorMode::Raise => Ok(values.into()),
        ErrorMode::Coerce => {
            let out = ScoredBatch {
                values,
                errors: errors.iter().map(RowErrorInfo::from).collect(),
                missing,
            };
            serde_wasm_bindgen::to_value(&out).map_err(|e| JsError::new(&e.to_string()).into())
        }
    }
}

fn scored(
    result: groupwell::Result<groupwell::eq5d::Scored>,
    opts: &BatchOptions,
) -> JsResult<JsValue> {
    let s = result.js()?;
    batch_result(&s.values, &s.errors, s.missing, opts)
}

fn wrong_array(argument: &str, value: &JsValue, expected: &str) -> JsValue {
    thrown(invalid_argument(argument, describe(value), expected))
}

/// Rows per step of [`codes_in_chunks`]: 64 KB of codes and 256 KB of values in wasm memory,
/// which stay in the CPU's cache between the copy in, the look-up and the copy out.
const CODE_CHUNK: u32 = 1 << 15;

/// Scores `codes` into `out` (the same length) a chunk at a time: each chunk is copied into
/// wasm memory, looked up by the core ([`ValueSet::score_codes_into`]) and copied out into
/// `out`. No buffer of the whole batch is allocated in wasm memory, and every byte crosses the
/// boundary once. Returns `false` as soon as a chunk has an invalid code (`out` then holds
/// partial results; the caller scores the whole batch again to report the rows).
fn codes_in_chunks(
    vs: &ValueSet,
    codes: &Uint16Array,
    out: &Float64Array,
    opts: &BatchOptions,
) -> Result<bool, Error> {
    let n = codes.length();
    let chunk = CODE_CHUNK.min(n) as usize;
    let mut input = vec![0u16; chunk];
    let mut values = vec![0.0f64; chunk];
    // Bad codes are reported by the caller's second pass, so a chunk never raises.
    let chunk_opts = BatchOptions {
        errors: ErrorMode::Coerce,
        ..*opts
    };
    let mut start = 0u32;
    while start < n {
        let end = n.min(start.saturating_add(CODE_CHUNK));
        let len = (end - start) as usize;
        let (Some(input), Some(values)) = (input.get_mut(..len), values.get_mut(..len)) else {
            return Ok(false);
        };
        codes.subarray(start, end).copy_to(input);
        if !vs
            .score_codes_into(input, values, &chunk_opts)?
            .errors
            .is_empty()
        {
            return Ok(false);
        }
        out.subarray(start, end).copy_from(values);
        start = end;
    }
    Ok(true)
}

/// Scores compact state codes (`0..243` for 3L, `0..3125` for 5L; `11111` is 0, AD changing
/// fastest). A `Float64Array` is accepted too (`NaN` = missing, fractions are errors).
#[wasm_bindgen(js_name = indexCodes, skip_typescript)]
pub fn index_codes(
    #[wasm_bindgen(js_name = valueSet)] value_set_name: &str,
    codes: JsValue,
    options: JsValue,
) -> JsResult<JsValue> {
    let opts = BatchOptionsJs::read(&options).js()?;
    let vs = value_set(value_set_name)?;
    let n = code_count(&codes)?;
    codes_to(&vs, &codes, &Float64Array::new_with_length(n), &opts)
}

#[wasm_bindgen(typescript_custom_section)]
const INDEX_CODES_INTO: &'static str = r#"
/**
 * `indexCodes` writing into a `Float64Array` of the caller (`out`, as long as `codes`) instead
 * of allocating one: for scoring batch after batch into the same buffer. The codes cross into
 * wasm memory and the values back out a chunk at a time, so nothing of the batch's size is
 * allocated. Every element of `out` is written (`NaN` for invalid and missing rows); `out` is
 * not touched when the call throws for bad arguments, and may hold some of the values when it
 * throws for invalid rows (raise mode).
 *
 * Raise mode (default): returns `out`, and throws a `GroupwellError` of kind `"Rows"` whose
 * `rows` lists every invalid row. `{errors: "coerce"}`: returns `{values: out, errors,
 * missing}`. `{decimals: d}` rounds every index to `d` decimals, as `indexCodes` does.
 *
 * @param valueSet A value-set id, alias, ISO code or country, or a registered id.
 * @throws {GroupwellError} for an unknown or ambiguous set, bad options, input types or an
 * `out` of another length, and (in raise mode) invalid rows.
 */
export function indexCodesInto(valueSet: string, codes: Uint16Array | Float64Array, out: Float64Array, options: CoerceOptions): ScoredBatch;
export function indexCodesInto(valueSet: string, codes: Uint16Array | Float64Array, out: Float64Array, options?: RaiseOptions | null): Float64Array;
export function indexCodesInto(valueSet: string, codes: Uint16Array | Float64Array, out: Float64Array, options?: BatchOptions | null): Float64Array | ScoredBatch;
"#;

/// [`index_codes`] into the caller's `Float64Array` `out` (as long as `codes`); returns `out`
/// (raise mode) or `{values: out, errors, missing}` (coerce mode).
#[wasm_bindgen(js_name = indexCodesInto, skip_typescript)]
pub fn index_codes_into(
    #[wasm_bindgen(js_name = valueSet)] value_set_name: &str,
    codes: JsValue,
    out: JsValue,
    options: JsValue,
) -> JsResult<JsValue> {
    let opts = BatchOptionsJs::read(&options).js()?;
    let vs = value_set(value_set_name)?;
    let Some(target) = out.dyn_ref::<Float64Array>() else {
        return Err(wrong_array(
            "out",
            &out,
            "a Float64Array as long as the codes",
        ));
    };
    let n = code_count(&codes)?;
    if target.length() != n {
        return Err(thrown(invalid_argument(
            "out",
            format!("a Float64Array of length {}", target.length()),
            &format!("a Float64Array of length {n}, as long as the codes"),
        )));
    }
    codes_to(&vs, &codes, target, &opts)
}

/// How many codes `codes` holds: a `Uint16Array` or a `Float64Array`, else an error.
fn code_count(codes: &JsValue) -> JsResult<u32> {
    if let Some(a) = codes.dyn_ref::<Uint16Array>() {
        Ok(a.length())
    } else if let Some(a) = codes.dyn_ref::<Float64Array>() {
        Ok(a.length())
    } else {
        Err(wrong_array(
            "codes",
            codes,
            "a Uint16Array (or a Float64Array; NaN = missing)",
        ))
    }
}

/// Scores `codes` (checked by [`code_count`]) into `out`, as long as `codes`; the result of
/// [`index_codes`] and [`index_codes_into`].
fn codes_to(
    vs: &ValueSet,
    codes: &JsValue,
    out: &Float64Array,
    opts: &BatchOptions,
) -> JsResult<JsValue> {
    let (values, errors, missing) = if let Some(a) = codes.dyn_ref::<Uint16Array>() {
        if codes_in_chunks(vs, a, out, opts).js()? {
            return batch_result_in(out.clone(), &[], 0, opts);
        }
        // A chunk had an invalid code: the whole batch again, to report every row.
        let codes = a.to_vec();
        let mut values = vec![f64::NAN; codes.len()];
        let issues = vs.score_codes_into(&codes, &mut values, opts).js()?;
        (values, issues.errors, issues.missing)
    } else {
        let codes: Vec<f64> = codes.unchecked_ref::<Float64Array>().to_vec();
        let s = vs.score_codes(&codes, opts).js()?;
        (s.values, s.errors, s.missing)
    };
    out.copy_from(&values);
    batch_result_in(out.clone(), &errors, missing, opts)
}

/// Scores states given as levels, row-major `n×5` (MO, SC, UA, PD, AD of row 0, then row 1...).
/// A `Float64Array` is accepted too (`NaN` = missing, fractions are errors).
#[wasm_bindgen(js_name = indexLevels, skip_typescript)]
pub fn index_levels(
    #[wasm_bindgen(js_name = valueSet)] value_set_name: &str,
    levels: JsValue,
    options: JsValue,
) -> JsResult<JsValue> {
    let opts = BatchOptionsJs::read(&options).js()?;
    let vs = value_set(value_set_name)?;
    if let Some(a) = levels.dyn_ref::<Uint8Array>() {
        let flat = a.to_vec();
        let mut out = vec![f64::NAN; flat.len() / 5];
        let issues = vs.score_level_rows_into(&flat, &mut out, &opts).js()?;
        return batch_result(&out, &issues.errors, issues.missing, &opts);
    }
    if let Some(a) = levels.dyn_ref::<Float64Array>() {
        return scored(vs.score_level_rows(&a.to_vec(), &opts), &opts);
    }
    Err(wrong_array(
        "levels",
        &levels,
        "a Uint8Array, row-major n×5 (or a Float64Array; NaN = missing)",
    ))
}

/// Scores states given as five-digit numbers (`11223`). A `Float64Array` is accepted too
/// (`NaN` = missing, fractions are errors).
#[wasm_bindgen(js_name = indexStates, skip_typescript)]
pub fn index_states(
    #[wasm_bindgen(js_name = valueSet)] value_set_name: &str,
    states: JsValue,
    options: JsValue,
) -> JsResult<JsValue> {
    let opts = BatchOptionsJs::read(&options).js()?;
    let vs = value_set(value_set_name)?;
    if let Some(a) = states.dyn_ref::<Int32Array>() {
        return scored(vs.score_numbers(&a.to_vec(), &opts), &opts);
    }
    if let Some(a) = states.dyn_ref::<Float64Array>() {
        return scored(vs.score_numbers(&a.to_vec(), &opts), &opts);
    }
    Err(wrong_array(
        "states",
        &states,
        "an Int32Array of five-digit states such as 11223 (or a Float64Array; NaN = missing)",
    ))
}

/// One element of a string batch: a string, missing (`null`, `undefined`, `NaN`), or another
/// value written as its text, `String(value)`, for the core to judge (a number `11223` reads as
/// `"11223"`, `true` as `"true"`).
pub(crate) fn state_text(v: JsValue) -> Option<String> {
    if let Some(s) = v.as_string() {
        return Some(s);
    }
    if v.is_null_or_undefined() {
        return None;
    }
    if let Some(x) = v.as_f64() {
        return if x.is_nan() {
            None
        } else {
            Some(format!("{x}"))
        };
    }
    Some(
        js_string(&v)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| describe(&v)),
    )
}

#[wasm_bindgen]
extern "C" {
    /// `Array.prototype.join`, catching what an element's `toString` may throw.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = "prototype.join.call")]
    fn join_catching(array: &js_sys::Array, separator: &str) -> Result<js_sys::JsString, JsValue>;

    /// `String(value)`, catching what a `toString` may throw (and symbols' TypeError).
    #[wasm_bindgen(catch, js_name = String)]
    fn js_string(value: &JsValue) -> Result<JsValue, JsValue>;
}

fn is_state_like(s: &str) -> bool {
    s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Scores states written as strings (`"11223"`); `null` and `undefined` are missing.
#[wasm_bindgen(js_name = indexStrings, skip_typescript)]
pub fn index_strings(
    #[wasm_bindgen(js_name = valueSet)] value_set_name: &str,
    states: JsValue,
    options: JsValue,
) -> JsResult<JsValue> {
    let opts = BatchOptionsJs::read(&options).js()?;
    let vs = value_set(value_set_name)?;
    if !js_sys::Array::is_array(&states) {
        return Err(wrong_array(
            "states",
            &states,
            "an Array of strings such as \"11223\" (null = missing)",
        ));
    }
    let array: js_sys::Array = states.unchecked_into();
    with_string_cells(&array, |texts| scored(vs.score_strs(texts, &opts), &opts))
}

/// Reads a JS array of state strings (elements as in [`state_text`]) and hands the cells to `f`.
pub(crate) fn with_string_cells<R>(
    array: &js_sys::Array,
    f: impl FnOnce(&[Option<&str>]) -> R,
) -> R {
    let n = array.length() as usize;
    // Fast path: the array crosses as one "\n"-joined string (one native call, one copy).
    // Pieces that are not five digits (empty for null and undefined, "NaN", an element that
    // contained "\n"...) are read again one by one, so every element means what it means on
    // the slow path.
    let joined = join_catching(array, "\n").ok().and_then(|s| s.as_string());
    if let Some(joined) = joined.filter(|_| n > 0) {
        let pieces: Vec<&str> = joined.split('\n').collect();
        if pieces.len() == n {
            let mut again: Vec<(usize, Option<String>)> = Vec::new();
            for (i, piece) in pieces.iter().enumerate() {
                if !is_state_like(piece) {
                    again.push((i, state_text(array.get(i as u32))));
                }
            }
            let mut texts: Vec<Option<&str>> = pieces.into_iter().map(Some).collect();
            for (i, text) in &again {
                if let Some(slot) = texts.get_mut(*i) {
                    *slot = text.as_deref();
                }
            }
            return f(&texts);
        }
    }
    let texts: Vec<Option<String>> = array.iter().map(state_text).collect();
    let texts: Vec<Option<&str>> = texts.iter().map(Option::as_deref).collect();
    f(&texts)
}

/// Every state's index in code order (`11111` first, AD changing fastest): 243 or 3125 values.
#[wasm_bindgen(js_name = valueSetTable)]
pub fn value_set_table(
    #[wasm_bindgen(js_name = valueSet)] value_set_name: &str,
) -> JsResult<Float64Array> {
    let vs = value_set(value_set_name)?;
    Ok(Float64Array::from(vs.table()))
}

/// Registers a user-defined value set, given as JSON text or as an object in the
/// `groupwell-value-set/1` format, and returns its id; later calls name it by that id. A set
/// registered again under the same id replaces the earlier one; an id that already names a
/// built-in set is refused (`InvalidDefinition`).
#[wasm_bindgen(js_name = registerValueSet)]
pub fn register_value_set(
    #[wasm_bindgen(unchecked_param_type = "string | object")] definition: JsValue,
) -> JsResult<String> {
    let json = match definition.as_string() {
        Some(s) => s,
        None if definition.is_object() => js_sys::JSON::stringify(&definition)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| {
                thrown(invalid_argument(
                    "definition",
                    describe(&definition),
                    "JSON text or a JSON-serialisable object",
                ))
            })?,
        None => {
            return Err(thrown(invalid_argument(
                "definition",
                describe(&definition),
                "JSON text or an object in the groupwell-value-set/1 format",
            )));
        }
    };
    let vs = ValueSet::from_json(&json).js()?;
    registry::register(vs).js()
}

/// Removes a registered set; returns whether there was one. Built-in sets cannot be removed.
#[wasm_bindgen(js_name = unregisterValueSet)]
pub fn unregister_value_set(id: &str) -> bool {
    registry::unregister(id)
}

/// Registers the van Hout 2012 crosswalk of an EQ-5D-3L value set (built-in or registered):
/// a set that scores EQ-5D-5L states. Returns its id, `XW(<id>)`.
#[wasm_bindgen(js_name = crosswalk5lTo3l)]
pub fn crosswalk_5l_to_3l_js(
    #[wasm_bindgen(js_name = valueSet)] value_set_name: &str,
) -> JsResult<String> {
    let vs = value_set(value_set_name)?;
    let derived = crosswalk_5l_to_3l(&vs).js()?;
    registry::register(derived).js()
}

/// Registers the van Hout & Shaw 2021 reverse crosswalk of an EQ-5D-5L value set (built-in or
/// registered): a set that scores EQ-5D-3L states. Returns its id, `RXW(<id>)`.
#[wasm_bindgen(js_name = crosswalk3lTo5l)]
pub fn crosswalk_3l_to_5l_js(
    #[wasm_bindgen(js_name = valueSet)] value_set_name: &str,
) -> JsResult<String> {
    let vs = value_set(value_set_name)?;
    let derived = crosswalk_3l_to_5l(&vs).js()?;
    registry::register(derived).js()
}
