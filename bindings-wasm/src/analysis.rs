//! The EQ-5D profile analyses for JavaScript (Devlin, Parkin & Janssen, *Methods for Analysing
//! and Reporting EQ-5D Data*, 2020): pairing, PCHC, probability of superiority, level and
//! cumulative frequencies, HSDC/HSDI, Shannon, LSS/LFS distributions, the Health Profile Grid,
//! and summaries of scores.
//!
//! Each export reads its JS input into core types (`StateCodes`, ids, options), calls the core,
//! and returns plain objects (typed arrays for long numeric columns). No analysis rule lives
//! here: the only logic is reading, naming and shaping.

use std::fmt;

use groupwell::Error;
use groupwell::eq5d::analysis::{
    self as ana, Change, DuplicatePolicy, ExclusionReason, HpgOptions, Pairs, PchcOptions,
    ShannonMax, StateCounts,
};
use groupwell::eq5d::{Dimension, Instrument, MAX_DECIMALS, StateCodes};
use groupwell::stats::{Summary, summary_by_group_with_confidence};
use js_sys::{Array, Float64Array, Int32Array, Object, Reflect, Uint16Array, Uint32Array};
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use crate::errors::{IntoJs, JsResult, describe, invalid_argument};
use crate::{value_set, with_string_cells};

// ------------------------------------------------------------------------------------ reading

const STATES_EXPECTED: &str = "an Array of five-digit strings such as \"11223\" (null = \
    missing), an Int32Array or Float64Array of five-digit numbers (NaN = missing), or a \
    Uint16Array of state codes";
const IDS_EXPECTED: &str =
    "an Array of participant ids (strings or finite numbers), an Int32Array or a Float64Array";
const GROUPS_EXPECTED: &str = "an Array of group labels (strings or finite numbers), one per row";
const INSTRUMENT_EXPECTED: &str =
    "\"3L\", \"5L\", \"Y3L\" or \"Y5L\" (or EQ-5D-3L, EQ-5D-5L, EQ-5D-Y-3L, EQ-5D-Y-5L)";

const STATES_KEYS: &[&str] = &["instrument", "states"];
const STATES_INPUT: &str = "an object {instrument, states}";
const GROUPED_KEYS: &[&str] = &["instrument", "states", "groups"];
const GROUPED_INPUT: &str = "an object {instrument, states, groups?}";
const SHANNON_KEYS: &[&str] = &["instrument", "states", "hMax"];
const SHANNON_INPUT: &str = "an object {instrument, states, hMax?: \"possible\" | \"observed\"}";
const PAIRS_KEYS: &[&str] = &[
    "instrument",
    "preIds",
    "pre",
    "postIds",
    "post",
    "duplicates",
];
const PAIRS_INPUT: &str = "an object {instrument, preIds, pre, postIds, post, duplicates?}";
const PCHC_KEYS: &[&str] = &[
    "instrument",
    "preIds",
    "pre",
    "postIds",
    "post",
    "duplicates",
    "noProblems",
    "totals",
    "byDimension",
];
const PCHC_INPUT: &str = "an object {instrument, preIds, pre, postIds, post, duplicates?, \
    noProblems?, totals?, byDimension?}";
const HPG_KEYS: &[&str] = &["noProblems", "decimals"];
const HPG_OPTIONS: &str = "undefined, null or an object {noProblems?: boolean, decimals?: integer \
    0..=10 | null}";
const SUMMARY_KEYS: &[&str] = &["groups", "confidence"];
const SUMMARY_OPTIONS: &str = "undefined, null or an object {groups?: (string | number)[], \
    confidence?: number strictly between 0 and 1}";

/// An input object whose fields have been checked against the known names (so typos such as
/// `{noProblem: true}` are caught rather than ignored).
pub(crate) struct Input {
    value: JsValue,
}

impl Input {
    /// Reads a required input object.
    pub(crate) fn new(
        value: &JsValue,
        argument: &str,
        keys: &[&str],
        expected: &str,
    ) -> Result<Input, Error> {
        if !value.is_object() || Array::is_array(value) || value.is_function() {
            return Err(invalid_argument(argument, describe(value), expected));
        }
        for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
            let key = key.as_string().unwrap_or_default();
            if !keys.contains(&key.as_str()) {
                return Err(invalid_argument(
                    argument,
                    format!("an object with the unknown field {key:?}"),
                    expected,
                ));
            }
        }
        Ok(Input {
            value: value.clone(),
        })
    }

    /// Reads an optional options object (`undefined` and `null` mean the defaults).
    pub(crate) fn options(
        value: &JsValue,
        argument: &str,
        keys: &[&str],
        expected: &str,
    ) -> Result<Input, Error> {
        if value.is_null_or_undefined() {
            return Ok(Input {
                value: Object::new().into(),
            });
        }
        Input::new(value, argument, keys, expected)
    }

    /// A field; `undefined` when absent.
    pub(crate) fn get(&self, key: &str) -> Result<JsValue, Error> {
        Reflect::get(&self.value, &JsValue::from_str(key)).map_err(|_| {
            invalid_argument(
                key,
                "a field whose getter threw".into(),
                "a plain data field",
            )
        })
    }

    /// A required field.
    pub(crate) fn required(&self, key: &str, expected: &str) -> Result<JsValue, Error> {
        let v = self.get(key)?;
        if v.is_undefined() {
            return Err(invalid_argument(
                key,
                "undefined (missing)".into(),
                expected,
            ));
        }
        Ok(v)
    }

    /// An optional boolean (`undefined`/`null` = `false`).
    fn flag(&self, key: &str) -> Result<bool, Error> {
        let v = self.get(key)?;
        if v.is_null_or_undefined() {
            return Ok(false);
        }
        v.as_bool()
            .ok_or_else(|| invalid_argument(key, describe(&v), "true or false"))
    }

    /// An optional string (`undefined`/`null` = `None`).
    pub(crate) fn text(&self, key: &str, expected: &str) -> Result<Option<String>, Error> {
        let v = self.get(key)?;
        if v.is_null_or_undefined() {
            return Ok(None);
        }
        v.as_string()
            .map(Some)
            .ok_or_else(|| invalid_argument(key, describe(&v), expected))
    }

    /// An optional number (`undefined`/`null` = `None`).
    pub(crate) fn number(&self, key: &str, expected: &str) -> Result<Option<f64>, Error> {
        let v = self.get(key)?;
        if v.is_null_or_undefined() {
            return Ok(None);
        }
        v.as_f64()
            .map(Some)
            .ok_or_else(|| invalid_argument(key, describe(&v), expected))
    }

    fn instrument(&self) -> Result<Instrument, Error> {
        let v = self.required("instrument", INSTRUMENT_EXPECTED)?;
        match v.as_string() {
            Some(s) => s.parse(),
            None => Err(invalid_argument(
                "instrument",
                describe(&v),
                INSTRUMENT_EXPECTED,
            )),
        }
    }

    /// A column of states read for `instrument`.
    fn states(&self, key: &str, instrument: Instrument) -> Result<StateCodes, Error> {
        let v = self.required(key, STATES_EXPECTED)?;
        read_states(&v, instrument, key)
    }
}

/// Reads a column of states: strings (`null`, `undefined`, `NaN` = missing), five-digit
/// numbers or compact codes.
fn read_states(v: &JsValue, instrument: Instrument, field: &str) -> Result<StateCodes, Error> {
    if let Some(a) = v.dyn_ref::<Uint16Array>() {
        return Ok(StateCodes::from_codes(instrument, &a.to_vec()));
    }
    if let Some(a) = v.dyn_ref::<Int32Array>() {
        return Ok(StateCodes::from_numbers(instrument, &a.to_vec()));
    }
    if let Some(a) = v.dyn_ref::<Float64Array>() {
        return Ok(StateCodes::from_numbers(instrument, &a.to_vec()));
    }
    if Array::is_array(v) {
        let array: &Array = v.unchecked_ref();
        return Ok(with_string_cells(array, |cells| {
            StateCodes::from_strs(instrument, cells)
        }));
    }
    Err(invalid_argument(field, describe(v), STATES_EXPECTED))
}

/// A participant id: JS strings and numbers, compared as JS `Map` keys compare them (`"1"`
/// and `1` are different ids; `-0` is `0`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Id {
    Text(String),
    /// The bits of a finite number (`-0` stored as `0`).
    Number(u64),
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Id::Text(s) => f.write_str(s),
            Id::Number(bits) => write!(f, "{}", f64::from_bits(*bits)),
        }
    }
}

fn number_id(x: f64) -> Option<Id> {
    x.is_finite().then(|| Id::Number((x + 0.0).to_bits()))
}

fn bad_element(field: &str, row: usize, value: &JsValue, expected: &str) -> Error {
    invalid_argument(field, format!("{} at row {row}", describe(value)), expected)
}

fn read_ids(v: &JsValue, field: &str) -> Result<Vec<Id>, Error> {
    let numbers = |xs: Vec<f64>| -> Result<Vec<Id>, Error> {
        xs.into_iter()
            .enumerate()
            .map(|(row, x)| {
                number_id(x)
                    .ok_or_else(|| bad_element(field, row, &JsValue::from_f64(x), IDS_EXPECTED))
            })
            .collect()
    };
    if let Some(a) = v.dyn_ref::<Int32Array>() {
        return numbers(a.to_vec().into_iter().map(f64::from).collect());
    }
    if let Some(a) = v.dyn_ref::<Float64Array>() {
        return numbers(a.to_vec());
    }
    if Array::is_array(v) {
        let array: &Array = v.unchecked_ref();
        return array
            .iter()
            .enumerate()
            .map(|(row, x)| match (x.as_string(), x.as_f64()) {
                (Some(s), _) => Ok(Id::Text(s)),
                (None, Some(n)) => {
                    number_id(n).ok_or_else(|| bad_element(field, row, &x, IDS_EXPECTED))
                }
                _ => Err(bad_element(field, row, &x, IDS_EXPECTED)),
            })
            .collect();
    }
    Err(invalid_argument(field, describe(v), IDS_EXPECTED))
}

/// Group labels: strings, or finite numbers written as text (`1` → `"1"`).
fn read_groups(v: &JsValue) -> Result<Vec<String>, Error> {
    if !Array::is_array(v) {
        return Err(invalid_argument("groups", describe(v), GROUPS_EXPECTED));
    }
    let array: &Array = v.unchecked_ref();
    array
        .iter()
        .enumerate()
        .map(|(row, x)| match (x.as_string(), x.as_f64()) {
            (Some(s), _) => Ok(s),
            (None, Some(n)) => number_id(n)
                .map(|id| id.to_string())
                .ok_or_else(|| bad_element("groups", row, &x, GROUPS_EXPECTED)),
            _ => Err(bad_element("groups", row, &x, GROUPS_EXPECTED)),
        })
        .collect()
}

/// Optional groups: `None` when the field is absent or `null`.
fn optional_groups(input: &Input) -> Result<Option<Vec<String>>, Error> {
    let v = input.get("groups")?;
    if v.is_null_or_undefined() {
        return Ok(None);
    }
    read_groups(&v).map(Some)
}

/// Baseline and follow-up matched by id (the fields of `PairsInput`).
fn read_pairs(input: &Input) -> Result<Pairs, Error> {
    let instrument = input.instrument()?;
    let pre_ids = read_ids(&input.required("preIds", IDS_EXPECTED)?, "preIds")?;
    let pre = input.states("pre", instrument)?;
    let post_ids = read_ids(&input.required("postIds", IDS_EXPECTED)?, "postIds")?;
    let post = input.states("post", instrument)?;
    let duplicates = match input.text("duplicates", "\"error\", \"first\" or \"last\"")? {
        Some(s) => s.parse::<DuplicatePolicy>()?,
        None => DuplicatePolicy::Error,
    };
    ana::pair(&pre_ids, &pre, &post_ids, &post, duplicates)
}

fn column(input: &JsValue, keys: &[&str], expected: &str) -> Result<(Input, StateCodes), Error> {
    let input = Input::new(input, "input", keys, expected)?;
    let instrument = input.instrument()?;
    let states = input.states("states", instrument)?;
    Ok((input, states))
}

// ------------------------------------------------------------------------------------ output

/// Plain objects (absent values as `null`, typed arrays kept).
pub(crate) fn plain<T: Serialize>(value: &T) -> JsResult<JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&e.to_string()).into())
}

fn rows_array(rows: &[usize]) -> Uint32Array {
    let rows: Vec<u32> = rows
        .iter()
        .map(|&r| u32::try_from(r).unwrap_or(u32::MAX))
        .collect();
    Uint32Array::from(rows.as_slice())
}

/// One value per dimension, keyed by the dimension's code.
#[derive(Debug, Clone, Serialize, Tsify)]
pub struct PerDimension<T> {
    /// Mobility.
    #[serde(rename = "MO")]
    pub mo: T,
    /// Self-care.
    #[serde(rename = "SC")]
    pub sc: T,
    /// Usual activities.
    #[serde(rename = "UA")]
    pub ua: T,
    /// Pain/discomfort.
    #[serde(rename = "PD")]
    pub pd: T,
    /// Anxiety/depression.
    #[serde(rename = "AD")]
    pub ad: T,
}

impl<T> PerDimension<T> {
    fn from_array([mo, sc, ua, pd, ad]: [T; 5]) -> Self {
        PerDimension { mo, sc, ua, pd, ad }
    }
}

/// A participant left out of the pairs.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Exclusion {
    /// The participant's id, as text (`String(id)`).
    pub id: String,
    /// Why (the first that applies, in this order).
    #[tsify(
        type = "\"noFollowUp\" | \"noBaseline\" | \"missingBaseline\" | \"missingFollowUp\" | \"invalidBaseline\" | \"invalidFollowUp\""
    )]
    pub reason: &'static str,
    /// The reason in words, e.g. `"baseline state invalid"`.
    pub message: String,
}

fn reason_name(reason: ExclusionReason) -> &'static str {
    match reason {
        ExclusionReason::NoFollowUp => "noFollowUp",
        ExclusionReason::NoBaseline => "noBaseline",
        ExclusionReason::MissingBaseline => "missingBaseline",
        ExclusionReason::MissingFollowUp => "missingFollowUp",
        ExclusionReason::InvalidBaseline => "invalidBaseline",
        ExclusionReason::InvalidFollowUp => "invalidFollowUp",
    }
}

fn exclusions(pairs: &Pairs) -> Vec<Exclusion> {
    pairs
        .excluded
        .iter()
        .map(|e| Exclusion {
            id: e.id.clone(),
            reason: reason_name(e.reason),
            message: e.reason.to_string(),
        })
        .collect()
}

fn instrument_name(instrument: Option<Instrument>) -> &'static str {
    instrument.map_or("", Instrument::name)
}

/// Baseline and follow-up matched by participant id (`pairProfiles`).
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "ProfilePairs")]
pub struct ProfilePairs {
    /// The instrument of both columns.
    #[tsify(type = "\"EQ-5D-3L\" | \"EQ-5D-5L\" | \"EQ-5D-Y-3L\" | \"EQ-5D-Y-5L\"")]
    pub instrument: &'static str,
    /// Number of complete, valid pairs.
    pub count: usize,
    /// Baseline row of each pair (pairs are in baseline row order).
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint32Array")]
    pub pre_rows: Uint32Array,
    /// Follow-up row of each pair.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint32Array")]
    pub post_rows: Uint32Array,
    /// Baseline state code of each pair (`11111` = 0, AD changing fastest).
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint16Array")]
    pub pre: Uint16Array,
    /// Follow-up state code of each pair.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint16Array")]
    pub post: Uint16Array,
    /// Participants without a complete, valid pair: baseline ids in row order, then follow-up
    /// ids without a baseline row.
    pub excluded: Vec<Exclusion>,
}

fn change_name(change: Change) -> &'static str {
    match change {
        Change::NoChange => "noChange",
        Change::Improve => "improve",
        Change::Worsen => "worsen",
        Change::Mixed => "mixed",
        Change::NoProblems => "noProblems",
    }
}

/// One row of a PCHC table.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PchcRow {
    /// `No change`, `Improve`, `Worsen`, `Mixed change`, `Total`, `Total with problems`,
    /// `No problems`.
    pub label: String,
    /// The category; `null` for a total row.
    #[tsify(type = "ChangeCategory | null")]
    pub category: Option<&'static str>,
    /// Number of pairs.
    pub number: usize,
    /// Percentage, unrounded; `NaN` when its denominator is 0.
    pub percent: f64,
}

/// A PCHC table.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PchcTable {
    /// The rows: No change, Improve, Worsen, Mixed change (whole profiles only), the total row
    /// (with `totals`), No problems (with `noProblems`).
    pub rows: Vec<PchcRow>,
    /// Number of pairs classified.
    pub pairs: usize,
}

impl PchcTable {
    fn of(t: &ana::PchcTable) -> PchcTable {
        PchcTable {
            rows: t
                .rows
                .iter()
                .map(|r| PchcRow {
                    label: r.label.clone(),
                    category: r.category.map(change_name),
                    number: r.number,
                    percent: r.percent,
                })
                .collect(),
            pairs: t.pairs,
        }
    }
}

/// Level counts and percentages per dimension.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LevelFrequencies {
    /// The group label (only in results by group).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub group: Option<String>,
    /// Number of levels (3 or 5): the length of every array below.
    pub levels: u8,
    /// Count of each level (index 0 = level 1), per dimension.
    pub counts: PerDimension<Vec<usize>>,
    /// Percentage of each level over `n`, unrounded (`NaN` when `n` is 0).
    pub percents: PerDimension<Vec<f64>>,
    /// Number of valid states.
    pub n: usize,
    /// Rows left out because the state was missing.
    pub missing: usize,
    /// Rows left out because the state was invalid.
    pub invalid: usize,
}

impl LevelFrequencies {
    fn of(f: &ana::LevelFrequencies, group: Option<String>) -> LevelFrequencies {
        let levels = f.levels();
        LevelFrequencies {
            group,
            levels,
            counts: PerDimension::from_array(
                Dimension::ALL.map(|d| (1..=levels).map(|l| f.count(d, l)).collect()),
            ),
            percents: PerDimension::from_array(
                Dimension::ALL.map(|d| (1..=levels).map(|l| f.percent(d, l)).collect()),
            ),
            n: f.n,
            missing: f.missing,
            invalid: f.invalid,
        }
    }
}

/// One row of the cumulative frequency table.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CumulativeRow {
    /// The state, five digits (`"22222"`).
    pub state: String,
    /// How many times it occurs.
    pub frequency: usize,
    /// `frequency / n * 100`, unrounded.
    pub percent: f64,
    /// The frequencies of this and every earlier row.
    pub cumulative_frequency: usize,
    /// `cumulativeFrequency / n * 100`, unrounded.
    pub cumulative_percent: f64,
}

/// The cumulative frequency table of states (`eq5dcf` in the R package eq5d).
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CumulativeFrequencies {
    /// The observed states, most frequent first (ties: state ascending).
    pub rows: Vec<CumulativeRow>,
    /// Number of valid states.
    pub n: usize,
    /// Rows left out because the state was missing.
    pub missing: usize,
    /// Rows left out because the state was invalid.
    pub invalid: usize,
}

/// The Health State Density Curve and Index.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct HealthStateDensity {
    /// Cumulative proportion of distinct states (x), `0` first.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float64Array")]
    pub states: Float64Array,
    /// Cumulative proportion of observations (y), `0` first.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float64Array")]
    pub observations: Float64Array,
    /// The Health State Density Index (`NaN` with no valid state).
    pub hsdi: f64,
    /// Number of distinct observed states.
    pub distinct: usize,
    /// Number of valid states.
    pub n: usize,
    /// Rows left out because the state was missing.
    pub missing: usize,
    /// Rows left out because the state was invalid.
    pub invalid: usize,
}

/// Shannon's indices (log base 2).
#[derive(Debug, Clone, Copy, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Shannon {
    /// H′, the diversity (bits).
    pub h: f64,
    /// H′max, the largest possible H′ (bits).
    pub h_max: f64,
    /// J′ = H′ / H′max, the evenness (`NaN` when H′max is 0).
    pub j: f64,
}

impl Shannon {
    fn of(s: &ana::Shannon) -> Shannon {
        Shannon {
            h: s.h,
            h_max: s.h_max,
            j: s.j,
        }
    }
}

/// Shannon's indices of whole profiles and of each dimension's levels.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ShannonIndices {
    /// Over whole profiles (states).
    pub profile: Shannon,
    /// Over each dimension's levels.
    pub dimensions: PerDimension<Shannon>,
    /// Number of valid states (every field is `NaN` when 0).
    pub n: usize,
    /// Rows left out because the state was missing.
    pub missing: usize,
    /// Rows left out because the state was invalid.
    pub invalid: usize,
}

/// One row of the level sum score distribution.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LevelSumRow {
    /// The level sum score (5..=15 for 3L, 5..=25 for 5L).
    pub score: u8,
    /// How many valid states have it.
    pub frequency: usize,
    /// `frequency / n * 100`; `NaN` when `n` is 0.
    pub percent: f64,
}

/// The level sum score (LSS) distribution: one row per possible score.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LevelSumDistribution {
    /// One row per possible score, ascending, zero counts included.
    pub rows: Vec<LevelSumRow>,
    /// Number of valid states.
    pub n: usize,
    /// Rows left out because the state was missing.
    pub missing: usize,
    /// Rows left out because the state was invalid.
    pub invalid: usize,
}

/// One row of the level frequency score distribution.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LevelFrequencyRow {
    /// The level frequency score: how many dimensions are at level 1, 2, ... (`"32000"`).
    pub score: String,
    /// How many valid states have it.
    pub frequency: usize,
    /// `frequency / n * 100`; `NaN` when `n` is 0.
    pub percent: f64,
}

/// The level frequency score (LFS) distribution: one row per possible score.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LevelFrequencyDistribution {
    /// One row per possible score (21 for 3L, 126 for 5L), zero counts included.
    pub rows: Vec<LevelFrequencyRow>,
    /// Number of valid states.
    pub n: usize,
    /// Rows left out because the state was missing.
    pub missing: usize,
    /// Rows left out because the state was invalid.
    pub invalid: usize,
}

/// The Health Profile Grid.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct HealthProfileGrid {
    /// Rank of each pair's baseline state under the value set (1 = best; ties share the
    /// smallest rank).
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint16Array")]
    pub pre: Uint16Array,
    /// Rank of each pair's follow-up state.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint16Array")]
    pub post: Uint16Array,
    /// Each pair's PCHC category.
    #[tsify(type = "ChangeCategory[]")]
    pub change: Vec<&'static str>,
    /// Number of states of the instrument (the largest possible rank).
    pub states: u16,
    /// Baseline row of each pair.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint32Array")]
    pub pre_rows: Uint32Array,
    /// Follow-up row of each pair.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint32Array")]
    pub post_rows: Uint32Array,
    /// Participants without a complete, valid pair (not in the grid).
    pub excluded: Vec<Exclusion>,
}

/// Summary of a column of scores (`NaN` = missing).
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ScoreSummary {
    /// The group label (only in results by group).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub group: Option<String>,
    /// Number of non-missing values.
    pub n: usize,
    /// Number of missing (`NaN`, `null`) values.
    pub missing: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1); `NaN` when `n < 2`.
    pub sd: f64,
    /// Standard error of the mean; `NaN` when `n < 2`.
    pub se: f64,
    /// The confidence level of the interval.
    pub confidence: f64,
    /// Lower bound of the t confidence interval of the mean; `NaN` when `n < 2`.
    pub ci_lower: f64,
    /// Upper bound of the t confidence interval of the mean; `NaN` when `n < 2`.
    pub ci_upper: f64,
    /// Smallest value.
    pub min: f64,
    /// First quartile (R type 7).
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile (R type 7).
    pub q3: f64,
    /// Largest value.
    pub max: f64,
}

impl ScoreSummary {
    fn of(s: &Summary, group: Option<String>) -> ScoreSummary {
        ScoreSummary {
            group,
            n: s.n,
            missing: s.missing,
            mean: s.mean,
            sd: s.sd,
            se: s.se,
            confidence: s.confidence,
            ci_lower: s.ci_lower,
            ci_upper: s.ci_upper,
            min: s.min,
            q1: s.q1,
            median: s.median,
            q3: s.q3,
            max: s.max,
        }
    }
}

// ------------------------------------------------------------------------------------ exports

/// Matches baseline and follow-up states by participant id (never by row order).
#[wasm_bindgen(js_name = pairProfiles, skip_typescript)]
pub fn pair_profiles(input: JsValue) -> JsResult<JsValue> {
    let input = Input::new(&input, "input", PAIRS_KEYS, PAIRS_INPUT).js()?;
    let pairs = read_pairs(&input).js()?;
    plain(&ProfilePairs {
        instrument: instrument_name(pairs.instrument),
        count: pairs.len(),
        pre_rows: rows_array(&pairs.pre_rows),
        post_rows: rows_array(&pairs.post_rows),
        pre: Uint16Array::from(pairs.pre.as_slice()),
        post: Uint16Array::from(pairs.post.as_slice()),
        excluded: exclusions(&pairs),
    })
}

/// The Paretian Classification of Health Change of the pairs, of whole profiles or (with
/// `byDimension`) of each dimension.
#[wasm_bindgen(skip_typescript)]
pub fn pchc(input: JsValue) -> JsResult<JsValue> {
    let input = Input::new(&input, "input", PCHC_KEYS, PCHC_INPUT).js()?;
    let pairs = read_pairs(&input).js()?;
    let opts = PchcOptions {
        no_problems: input.flag("noProblems").js()?,
        totals: input.flag("totals").js()?,
    };
    if input.flag("byDimension").js()? {
        let tables = ana::pchc_by_dimension(&pairs, opts).js()?;
        plain(&PerDimension::from_array(
            tables.each_ref().map(PchcTable::of),
        ))
    } else {
        plain(&PchcTable::of(&ana::pchc(&pairs, opts).js()?))
    }
}

/// Probability of superiority per dimension: (improved + ½ unchanged) / pairs.
#[wasm_bindgen(js_name = probabilityOfSuperiority, skip_typescript)]
pub fn probability_of_superiority(input: JsValue) -> JsResult<JsValue> {
    let input = Input::new(&input, "input", PAIRS_KEYS, PAIRS_INPUT).js()?;
    let pairs = read_pairs(&input).js()?;
    plain(&PerDimension::from_array(
        ana::probability_of_superiority(&pairs).js()?,
    ))
}

/// Level counts and percentages per dimension, of the whole column or by group.
#[wasm_bindgen(js_name = levelFrequencies, skip_typescript)]
pub fn level_frequencies(input: JsValue) -> JsResult<JsValue> {
    let (input, states) = column(&input, GROUPED_KEYS, GROUPED_INPUT).js()?;
    match optional_groups(&input).js()? {
        None => plain(&LevelFrequencies::of(
            &ana::level_frequencies(&states).js()?,
            None,
        )),
        Some(groups) => {
            let by_group = ana::level_frequencies_by_group(&states, &groups).js()?;
            let out: Vec<LevelFrequencies> = by_group
                .into_iter()
                .map(|g| LevelFrequencies::of(&g.value, Some(g.group)))
                .collect();
            plain(&out)
        }
    }
}

/// The cumulative frequency table of states.
#[wasm_bindgen(js_name = cumulativeFrequencies, skip_typescript)]
pub fn cumulative_frequencies(input: JsValue) -> JsResult<JsValue> {
    let (_, states) = column(&input, STATES_KEYS, STATES_INPUT).js()?;
    let t = ana::cumulative_frequencies(&states).js()?;
    plain(&CumulativeFrequencies {
        rows: t
            .rows
            .iter()
            .map(|r| CumulativeRow {
                state: r.state.to_string(),
                frequency: r.frequency,
                percent: r.percent,
                cumulative_frequency: r.cumulative_frequency,
                cumulative_percent: r.cumulative_percent,
            })
            .collect(),
        n: t.n,
        missing: t.missing,
        invalid: t.invalid,
    })
}

/// The Health State Density Curve (points) and Index.
#[wasm_bindgen(js_name = healthStateDensity, skip_typescript)]
pub fn health_state_density(input: JsValue) -> JsResult<JsValue> {
    let (_, states) = column(&input, STATES_KEYS, STATES_INPUT).js()?;
    let counts = StateCounts::of(&states).js()?;
    let h = counts.hsdc();
    plain(&HealthStateDensity {
        states: Float64Array::from(h.states.as_slice()),
        observations: Float64Array::from(h.observations.as_slice()),
        hsdi: h.hsdi,
        distinct: h.distinct,
        n: h.n,
        missing: counts.missing,
        invalid: counts.invalid,
    })
}

/// Shannon's H′, H′max and J′ of whole profiles and of each dimension.
#[wasm_bindgen(skip_typescript)]
pub fn shannon(input: JsValue) -> JsResult<JsValue> {
    let (input, states) = column(&input, SHANNON_KEYS, SHANNON_INPUT).js()?;
    let max = match input.text("hMax", "\"possible\" or \"observed\"").js()? {
        Some(s) => s.parse::<ShannonMax>().js()?,
        None => ShannonMax::Possible,
    };
    let counts = StateCounts::of(&states).js()?;
    plain(&ShannonIndices {
        profile: Shannon::of(&counts.shannon_profile(max)),
        dimensions: PerDimension::from_array(
            counts.shannon_by_dimension(max).each_ref().map(Shannon::of),
        ),
        n: counts.n,
        missing: counts.missing,
        invalid: counts.invalid,
    })
}

/// The level sum score distribution.
#[wasm_bindgen(js_name = levelSumDistribution, skip_typescript)]
pub fn level_sum_distribution(input: JsValue) -> JsResult<JsValue> {
    let (_, states) = column(&input, STATES_KEYS, STATES_INPUT).js()?;
    let d = ana::level_sum_distribution(&states).js()?;
    plain(&LevelSumDistribution {
        rows: d
            .rows
            .iter()
            .map(|r| LevelSumRow {
                score: r.score,
                frequency: r.frequency,
                percent: r.percent,
            })
            .collect(),
        n: d.n,
        missing: d.missing,
        invalid: d.invalid,
    })
}

/// The level frequency score distribution.
#[wasm_bindgen(js_name = levelFrequencyDistribution, skip_typescript)]
pub fn level_frequency_distribution(input: JsValue) -> JsResult<JsValue> {
    let (_, states) = column(&input, STATES_KEYS, STATES_INPUT).js()?;
    let d = ana::level_frequency_distribution(&states).js()?;
    plain(&LevelFrequencyDistribution {
        rows: d
            .rows
            .iter()
            .map(|r| LevelFrequencyRow {
                score: r.score.clone(),
                frequency: r.frequency,
                percent: r.percent,
            })
            .collect(),
        n: d.n,
        missing: d.missing,
        invalid: d.invalid,
    })
}

fn decimals(options: &Input) -> Result<Option<u8>, Error> {
    let expected = format!("an integer 0..={MAX_DECIMALS} or null");
    match options.number("decimals", &expected)? {
        None => Ok(None),
        Some(d) if d.fract() == 0.0 && (0.0..=255.0).contains(&d) => Ok(Some(d as u8)),
        Some(d) => Err(invalid_argument("decimals", format!("{d}"), &expected)),
    }
}

/// The Health Profile Grid of the pairs under a value set.
#[wasm_bindgen(js_name = healthProfileGrid, skip_typescript)]
pub fn health_profile_grid(
    input: JsValue,
    value_set_name: &str,
    options: JsValue,
) -> JsResult<JsValue> {
    let input = Input::new(&input, "input", PAIRS_KEYS, PAIRS_INPUT).js()?;
    let options = Input::options(&options, "options", HPG_KEYS, HPG_OPTIONS).js()?;
    let opts = HpgOptions {
        no_problems: options.flag("noProblems").js()?,
        decimals: decimals(&options).js()?,
    };
    let pairs = read_pairs(&input).js()?;
    let vs = value_set(value_set_name)?;
    let grid = ana::health_profile_grid(&pairs, &vs, opts).js()?;
    plain(&HealthProfileGrid {
        pre: Uint16Array::from(grid.pre.as_slice()),
        post: Uint16Array::from(grid.post.as_slice()),
        change: grid.change.iter().map(|&c| change_name(c)).collect(),
        states: grid.states,
        pre_rows: rows_array(&pairs.pre_rows),
        post_rows: rows_array(&pairs.post_rows),
        excluded: exclusions(&pairs),
    })
}

fn read_values(v: &JsValue) -> Result<Vec<f64>, Error> {
    const EXPECTED: &str = "a Float64Array or an Array of numbers (NaN, null = missing)";
    if let Some(a) = v.dyn_ref::<Float64Array>() {
        return Ok(a.to_vec());
    }
    if Array::is_array(v) {
        let array: &Array = v.unchecked_ref();
        return array
            .iter()
            .enumerate()
            .map(|(row, x)| match x.as_f64() {
                Some(n) => Ok(n),
                None if x.is_null_or_undefined() => Ok(f64::NAN),
                None => Err(bad_element("values", row, &x, EXPECTED)),
            })
            .collect();
    }
    Err(invalid_argument("values", describe(v), EXPECTED))
}

/// Summary of scores (index values, EQ VAS, scale totals): of the whole column, or by group.
#[wasm_bindgen(skip_typescript)]
pub fn summarize(values: JsValue, options: JsValue) -> JsResult<JsValue> {
    let values = read_values(&values).js()?;
    let options = Input::options(&options, "options", SUMMARY_KEYS, SUMMARY_OPTIONS).js()?;
    let confidence = options
        .number(
            "confidence",
            "a level strictly between 0 and 1, such as 0.95",
        )
        .js()?;
    let groups = optional_groups(&options).js()?;
    let level = confidence.unwrap_or(0.95);
    match groups {
        None => plain(&ScoreSummary::of(
            &Summary::with_confidence(&values, level).js()?,
            None,
        )),
        Some(groups) => {
            let out: Vec<ScoreSummary> = summary_by_group_with_confidence(&values, &groups, level)
                .js()?
                .into_iter()
                .map(|g| ScoreSummary::of(&g.value, Some(g.group)))
                .collect();
            plain(&out)
        }
    }
}
