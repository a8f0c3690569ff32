//! Summed scales and change classification for JavaScript.
//!
//! `Scale` wraps a validated core [`groupwell::scales::Scale`] (SCI-93 built in, or a user
//! definition in the core's JSON): one response as an object keyed by item id or as an array in
//! item order, many responses as a row-major typed array. `classifyChange` / `classifyChanges`
//! classify change between two timepoints under the core's thresholds. No scoring or change
//! rule lives here: the binding reads JS values into core types and shapes the results.

use groupwell::Error;
use groupwell::change::{self, ChangeClass, Direction, Threshold};
use groupwell::eq5d::{ErrorMode, LevelInput, Numeric};
use groupwell::scales::{self, ScoreOptions};
use js_sys::{
    Array, Float32Array, Float64Array, Int8Array, Int16Array, Int32Array, Object, Uint8Array,
    Uint8ClampedArray, Uint16Array, Uint32Array,
};
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use crate::analysis::{Input, plain};
use crate::errors::{IntoJs, JsResult, RowErrorInfo, describe, invalid_argument, to_js};

// ------------------------------------------------------------------------------------ answers

/// One answer read from a JS value: a number (`NaN` = missing) or any other value, which is
/// never a valid answer (kept as its description for the core's error message).
#[derive(Debug, Clone, Copy)]
enum Answer<'a> {
    Number(f64),
    Other(&'a str),
}

impl LevelInput for Answer<'_> {
    #[inline]
    fn numeric(self) -> Numeric {
        match self {
            Answer::Number(x) => x.numeric(),
            Answer::Other(_) => Numeric::NotANumber,
        }
    }

    fn describe(self) -> String {
        match self {
            Answer::Number(x) => x.describe(),
            Answer::Other(d) => d.to_string(),
        }
    }

    #[inline]
    fn whole(self) -> Option<i64> {
        match self {
            Answer::Number(x) => x.whole(),
            Answer::Other(_) => None,
        }
    }
}

/// An owned JS answer; [`OwnedAnswer::get`] borrows it as an [`Answer`].
enum OwnedAnswer {
    Number(f64),
    Other(String),
}

impl OwnedAnswer {
    /// Numbers are read by the core; `null` and `undefined` are missing (like `NaN`); anything
    /// else (a string, a boolean...) is kept by its description and rejected by the core,
    /// which names the item (and the row in a batch).
    fn of(v: &JsValue) -> OwnedAnswer {
        if let Some(x) = v.as_f64() {
            OwnedAnswer::Number(x)
        } else if v.is_null_or_undefined() {
            OwnedAnswer::Number(f64::NAN)
        } else {
            OwnedAnswer::Other(describe(v))
        }
    }

    fn get(&self) -> Answer<'_> {
        match self {
            OwnedAnswer::Number(x) => Answer::Number(*x),
            OwnedAnswer::Other(d) => Answer::Other(d),
        }
    }
}

/// Answers as numbers in wasm memory: the two element types the core's batch kernel runs on
/// natively (other typed arrays are widened to `f64` by the JS engine, exactly).
enum Numbers {
    F64(Vec<f64>),
    U8(Vec<u8>),
}

const ANSWERS_EXPECTED: &str = "a typed array (Uint8Array, Float64Array with NaN = missing, \
    Float32Array, Int8Array, Uint16Array, Int16Array, Uint32Array or Int32Array) or an Array of \
    numbers (null, undefined, NaN = missing)";
const ONE_RESPONSE_EXPECTED: &str = "an object {item id: answer}, a Map, an Array of answers \
    in item order (null, undefined, NaN = missing) or a typed array";
const ANSWER_EXPECTED: &str = "a number (null, undefined, NaN = missing)";

impl Numbers {
    /// Reads a typed array; `None` for any other value.
    fn typed(v: &JsValue) -> Option<Numbers> {
        if let Some(a) = v.dyn_ref::<Uint8Array>() {
            return Some(Numbers::U8(a.to_vec()));
        }
        if let Some(a) = v.dyn_ref::<Float64Array>() {
            return Some(Numbers::F64(a.to_vec()));
        }
        if let Some(a) = v.dyn_ref::<Uint8ClampedArray>() {
            return Some(Numbers::U8(a.to_vec()));
        }
        let widened = v.is_instance_of::<Int32Array>()
            || v.is_instance_of::<Float32Array>()
            || v.is_instance_of::<Int8Array>()
            || v.is_instance_of::<Int16Array>()
            || v.is_instance_of::<Uint16Array>()
            || v.is_instance_of::<Uint32Array>();
        widened.then(|| Numbers::F64(Float64Array::new(v).to_vec()))
    }

    /// Reads a typed array, or an `Array` of numbers in which `null` and `undefined` are
    /// missing; any other element is an error naming its row and item.
    fn rows(v: &JsValue, items: &[String]) -> Result<Numbers, Error> {
        if let Some(n) = Numbers::typed(v) {
            return Ok(n);
        }
        if !Array::is_array(v) {
            return Err(invalid_argument("answers", describe(v), ANSWERS_EXPECTED));
        }
        let array: &Array = v.unchecked_ref();
        let mut out = Vec::with_capacity(array.length() as usize);
        for (i, x) in array.iter().enumerate() {
            match x.as_f64() {
                Some(n) => out.push(n),
                None if x.is_null_or_undefined() => out.push(f64::NAN),
                None => {
                    let n = items.len().max(1);
                    let item = items.get(i % n).map_or("?", String::as_str);
                    return Err(invalid_argument(
                        &format!("item {item}"),
                        format!("{} at row {} (answers[{i}])", describe(&x), i / n),
                        ANSWER_EXPECTED,
                    ));
                }
            }
        }
        Ok(Numbers::F64(out))
    }

    /// Scores the answers as row-major `n × items` responses.
    fn score_rows(
        &self,
        scale: &scales::Scale,
        opts: &ScoreOptions,
    ) -> groupwell::Result<scales::ScaleScores> {
        match self {
            Numbers::F64(a) => scale.score_rows(a, opts),
            Numbers::U8(a) => scale.score_rows(a, opts),
        }
    }
}

/// One response in item order, as a typed array or an `Array`; `None` for any other value.
/// Every input type goes through one instance of the core's slice scorer (a response is
/// short, so the copy costs nothing).
fn one_response(v: &JsValue) -> Option<Vec<OwnedAnswer>> {
    match Numbers::typed(v) {
        Some(Numbers::F64(a)) => Some(a.into_iter().map(OwnedAnswer::Number).collect()),
        Some(Numbers::U8(a)) => Some(
            a.into_iter()
                .map(|x| OwnedAnswer::Number(x.into()))
                .collect(),
        ),
        None if Array::is_array(v) => {
            let array: &Array = v.unchecked_ref();
            Some(array.iter().map(|x| OwnedAnswer::of(&x)).collect())
        }
        None => None,
    }
}

#[wasm_bindgen]
extern "C" {
    /// `Object.entries`, catching what a getter may throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn entries_catching(object: &JsValue) -> Result<Array, JsValue>;
}

/// One response given as an object `{item id: answer}` (its own enumerable properties, in
/// their order) or a `Map` from item id to answer; absent items are missing.
fn score_object(
    scale: &scales::Scale,
    answers: &JsValue,
    opts: &ScoreOptions,
) -> groupwell::Result<scales::ScaleScore> {
    let entries = if answers.is_instance_of::<js_sys::Map>() {
        Ok(Array::from(answers))
    } else {
        entries_catching(answers)
    }
    .map_err(|_| {
        invalid_argument(
            "answers",
            "an object whose properties could not be read".into(),
            ONE_RESPONSE_EXPECTED,
        )
    })?;
    let mut keys = Vec::with_capacity(entries.length() as usize);
    let mut values = Vec::with_capacity(entries.length() as usize);
    for entry in entries.iter() {
        let pair: &Array = entry.unchecked_ref();
        let key = pair.get(0);
        // A Map may have non-string keys: they are named as written (`1` → "1"), and an
        // unknown id is the core's error.
        keys.push(key.as_string().unwrap_or_else(|| match key.as_f64() {
            Some(x) => format!("{x}"),
            None => describe(&key),
        }));
        values.push(OwnedAnswer::of(&pair.get(1)));
    }
    let cells: Vec<Answer<'_>> = values.iter().map(OwnedAnswer::get).collect();
    scale.score_map(keys.iter().zip(cells.iter()), opts)
}

// ------------------------------------------------------------------------------------ options

const SCORE_KEYS: &[&str] = &["offset"];
const SCORE_OPTIONS: &str = "undefined, null or an object {offset?: integer}";
const BATCH_KEYS: &[&str] = &["offset", "errors"];
const BATCH_OPTIONS: &str =
    "undefined, null or an object {offset?: integer, errors?: \"raise\" | \"coerce\"}";
const OFFSET_EXPECTED: &str = "an integer subtracted from every answer (1 reads answers coded \
    one higher than the definition, e.g. 1-6 for SCI-93's 0-5); 0 by default, never guessed";

fn read_offset(options: &Input) -> Result<i32, Error> {
    match options.number("offset", OFFSET_EXPECTED)? {
        None => Ok(0),
        Some(x) if x.fract() == 0.0 && x >= f64::from(i32::MIN) && x <= f64::from(i32::MAX) => {
            Ok(x as i32)
        }
        Some(x) => Err(invalid_argument("offset", format!("{x}"), OFFSET_EXPECTED)),
    }
}

fn score_options(options: &JsValue) -> Result<ScoreOptions, Error> {
    let options = Input::options(options, "options", SCORE_KEYS, SCORE_OPTIONS)?;
    Ok(ScoreOptions {
        offset: read_offset(&options)?,
        errors: ErrorMode::Raise,
    })
}

fn batch_options(options: &JsValue) -> Result<ScoreOptions, Error> {
    let options = Input::options(options, "options", BATCH_KEYS, BATCH_OPTIONS)?;
    let errors = match options.text("errors", "\"raise\" or \"coerce\"")? {
        Some(s) => s.parse::<ErrorMode>()?,
        None => ErrorMode::Raise,
    };
    Ok(ScoreOptions {
        offset: read_offset(&options)?,
        errors,
    })
}

// ------------------------------------------------------------------------------------ output

/// An interpretation band of a scale's total (inclusive bounds).
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ScaleBand {
    /// The label, e.g. `"moderate"`.
    pub label: String,
    /// Lowest total of the band (inclusive).
    pub min: f64,
    /// Highest total of the band (inclusive).
    pub max: f64,
}

/// The score of one response (`Scale.score`).
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ScaleScore {
    /// The total; `null` when more items are missing than the scale's rule allows.
    pub total: Option<f64>,
    /// One score per subscale, keyed by subscale name (`null` when too many of its items are
    /// missing); `{}` for a scale without subscales.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Record<string, number | null>")]
    pub subscales: Object,
    /// How many items were answered.
    pub answered: usize,
    /// Whether the total was prorated (some items missing, within the rule).
    pub prorated: bool,
    /// The label of the band the total lies in; `null` when none does or there is no total.
    pub band: Option<String>,
}

/// The scores of many responses (`Scale.scoreBatch`), one entry per row in every column.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ScaleScores {
    /// Totals; `NaN` where there is no score (too many items missing) or the row is invalid.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float64Array")]
    pub totals: Float64Array,
    /// One column per subscale, keyed by subscale name; `NaN` as in `totals`.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Record<string, Float64Array>")]
    pub subscales: Object,
    /// Number of (valid) answered items per row.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint32Array")]
    pub answered: Uint32Array,
    /// `1` where the row's total was prorated, else `0`.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Uint8Array")]
    pub prorated: Uint8Array,
    /// The band label of each row's total; `null` where none.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "(string | null)[]")]
    pub bands: Array,
    /// Each row's band as an index into `Scale.bands`; `-1` where none.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Int32Array")]
    pub band_index: Int32Array,
    /// The invalid cells, in row order (only with `errors: "coerce"`; otherwise they are
    /// thrown): `field` is the item id.
    #[tsify(type = "RowError[]")]
    pub errors: Vec<RowErrorInfo>,
    /// How many valid rows had too many missing items for a score (their total is `NaN`).
    pub missing: usize,
}

/// A plain object with these own properties, defined even for names such as `__proto__`.
fn record(entries: impl Iterator<Item = (String, JsValue)>) -> Object {
    let pairs: Array = entries
        .map(|(k, v)| Array::of2(&JsValue::from_str(&k), &v))
        .collect();
    Object::from_entries(&pairs).unwrap_or_else(|_| Object::new())
}

fn nullable(x: Option<f64>) -> JsValue {
    x.map_or(JsValue::NULL, JsValue::from_f64)
}

/// An `Array` of `n` elements, `null` except where `index` gives an index into `labels`.
fn labelled(n: usize, labels: &[JsValue], index: impl Iterator<Item = Option<usize>>) -> Array {
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    let out = Array::new_with_length(n);
    out.fill(&JsValue::NULL, 0, n);
    if labels.is_empty() {
        return out;
    }
    for (row, i) in (0u32..).zip(index) {
        if let Some(label) = i.and_then(|i| labels.get(i)) {
            out.set(row, label.clone());
        }
    }
    out
}

fn to_u32(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

fn one_score(scale: &scales::Scale, s: scales::ScaleScore) -> JsResult<JsValue> {
    let names = scale.definition().subscales.iter().map(|d| d.name.clone());
    let subscales = record(names.zip(s.subscales.iter().map(|&x| nullable(x))));
    plain(&ScaleScore {
        total: s.total,
        subscales,
        answered: s.answered,
        prorated: s.prorated,
        band: s.band,
    })
}

fn many_scores(scale: &scales::Scale, s: scales::ScaleScores) -> JsResult<JsValue> {
    let names = scale.definition().subscales.iter().map(|d| d.name.clone());
    let columns = s
        .subscales
        .iter()
        .map(|col| JsValue::from(Float64Array::from(col.as_slice())));
    let labels: Vec<JsValue> = scale
        .bands()
        .iter()
        .map(|b| JsValue::from_str(&b.label))
        .collect();
    let answered: Vec<u32> = s.answered.iter().map(|&a| to_u32(a)).collect();
    let prorated: Vec<u8> = s.prorated.iter().map(|&p| u8::from(p)).collect();
    let band_index: Vec<i32> = s
        .bands
        .iter()
        .map(|b| b.and_then(|i| i32::try_from(i).ok()).unwrap_or(-1))
        .collect();
    plain(&ScaleScores {
        totals: Float64Array::from(s.totals.as_slice()),
        subscales: record(names.zip(columns)),
        answered: Uint32Array::from(answered.as_slice()),
        prorated: Uint8Array::from(prorated.as_slice()),
        bands: labelled(s.totals.len(), &labels, s.bands.iter().copied()),
        band_index: Int32Array::from(band_index.as_slice()),
        errors: s.errors.iter().map(RowErrorInfo::from).collect(),
        missing: s.missing,
    })
}

fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::HigherIsBetter => "higher_is_better",
        Direction::HigherIsWorse => "higher_is_worse",
    }
}

// ------------------------------------------------------------------------------------ Scale

/// A summed-score instrument, validated and ready for scoring: SCI-93 built in
/// (`Scale.sci93()`) or a user definition (`Scale.fromJson`).
#[wasm_bindgen(js_name = Scale)]
pub struct ScaleJs {
    inner: scales::Scale,
}

#[wasm_bindgen(js_class = Scale)]
impl ScaleJs {
    /// The built-in SCI-93: 35 items `"1"`..`"35"` answered 0–5, total 0–175 (higher = more
    /// stress symptoms), prorated when at most 3 items are missing.
    pub fn sci93() -> ScaleJs {
        ScaleJs {
            inner: scales::Scale::sci93(),
        }
    }

    /// Reads and validates a definition in the core's JSON format (`toJson()` writes it), given
    /// as JSON text or as an object. Throws `Json` (unreadable or unknown fields) or
    /// `InvalidDefinition` (naming the field, e.g. `items[4]`, `range`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string | object")] definition: JsValue,
    ) -> JsResult<ScaleJs> {
        let json = match definition.as_string() {
            Some(s) => s,
            None if definition.is_object() && !definition.is_function() => {
                js_sys::JSON::stringify(&definition)
                    .ok()
                    .and_then(|s| s.as_string())
                    .ok_or_else(|| {
                        to_js(&invalid_argument(
                            "definition",
                            describe(&definition),
                            "JSON text or a JSON-serialisable object",
                        ))
                    })?
            }
            None => {
                return Err(to_js(&invalid_argument(
                    "definition",
                    describe(&definition),
                    "JSON text or an object in the scale-definition format",
                )));
            }
        };
        Ok(ScaleJs {
            inner: scales::Scale::from_json(&json).js()?,
        })
    }

    /// The definition as pretty-printed JSON; `Scale.fromJson` reads it back to an equal scale.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> JsResult<String> {
        self.inner.definition().to_json().js()
    }

    /// Stable id, e.g. `"SCI-93"`.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_string()
    }

    /// Full name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.definition().name.clone()
    }

    /// Item ids, in the order of answers given as an array or a batch row.
    #[wasm_bindgen(getter)]
    pub fn items(&self) -> Vec<String> {
        self.inner.items().to_vec()
    }

    /// Subscale names, in definition order.
    #[wasm_bindgen(getter)]
    pub fn subscales(&self) -> Vec<String> {
        self.inner
            .definition()
            .subscales
            .iter()
            .map(|s| s.name.clone())
            .collect()
    }

    /// The interpretation bands of the total (`bandIndex` of `scoreBatch` indexes this array).
    #[wasm_bindgen(getter, unchecked_return_type = "ScaleBand[]")]
    pub fn bands(&self) -> JsResult<JsValue> {
        let bands: Vec<ScaleBand> = self
            .inner
            .bands()
            .iter()
            .map(|b| ScaleBand {
                label: b.label.clone(),
                min: b.min,
                max: b.max,
            })
            .collect();
        plain(&bands)
    }

    /// The lowest and highest possible total, `[min, max]`.
    #[wasm_bindgen(getter, js_name = totalRange, unchecked_return_type = "[number, number]")]
    pub fn total_range(&self) -> JsValue {
        let (lo, hi) = self.inner.total_range();
        Array::of2(&JsValue::from_f64(lo), &JsValue::from_f64(hi)).into()
    }

    /// How the total (and each subscale) is formed: the `"sum"` of the item scores (prorated:
    /// mean of the answered items × number of items) or their `"mean"`.
    #[wasm_bindgen(getter, unchecked_return_type = "\"sum\" | \"mean\"")]
    pub fn total(&self) -> String {
        match self.inner.definition().total {
            scales::Total::Sum => "sum",
            scales::Total::Mean => "mean",
        }
        .to_string()
    }

    /// The most items that may be missing for a (prorated) total; with more there is none.
    #[wasm_bindgen(getter, js_name = maxMissing)]
    pub fn max_missing(&self) -> usize {
        self.inner.definition().missing.max_missing
    }

    /// What a higher score means.
    #[wasm_bindgen(getter, unchecked_return_type = "Direction")]
    pub fn direction(&self) -> String {
        direction_name(self.inner.definition().direction).to_string()
    }

    /// Scores one response: an object `{item id: answer}` or a `Map` (absent items are
    /// missing), an `Array` of answers in item order, or a typed array. Answers are numbers; `null`,
    /// `undefined` and `NaN` are missing. `offset` is subtracted from every answer (1 for
    /// exports coded 1–6); never guessed.
    ///
    /// Throws `InvalidArgument` naming the item for an answer out of range, a fraction (`2.7`
    /// is never 2), a value that is not a number (`"3"`), an unknown item id or the wrong
    /// number of answers.
    #[wasm_bindgen(unchecked_return_type = "ScaleScore")]
    pub fn score(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ScaleAnswers")] answers: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ScoreOptions | null")] options: JsValue,
    ) -> JsResult<JsValue> {
        let opts = score_options(&options).js()?;
        let s = match one_response(&answers) {
            Some(a) => {
                let cells: Vec<Answer<'_>> = a.iter().map(OwnedAnswer::get).collect();
                self.inner.score_slice(&cells, &opts)
            }
            // Objects keyed by item id; not other binary views (DataView, BigInt64Array...).
            None if answers.is_object()
                && !answers.is_function()
                && !js_sys::ArrayBuffer::is_view(&answers) =>
            {
                score_object(&self.inner, &answers, &opts)
            }
            None => Err(invalid_argument(
                "answers",
                describe(&answers),
                ONE_RESPONSE_EXPECTED,
            )),
        }
        .js()?;
        one_score(&self.inner, s)
    }

    /// Scores many responses given row-major, `n × items` (the answers of row 0 in item order,
    /// then row 1...): a typed array (`Uint8Array` is the fastest; `Float64Array` with `NaN` =
    /// missing) or an `Array`. `errors: "raise"` (default) throws a `Rows` error listing every
    /// invalid cell (`field` = item id); `"coerce"` gives `NaN` for those rows and lists them
    /// in `errors`.
    #[wasm_bindgen(js_name = scoreBatch, unchecked_return_type = "ScaleScores")]
    pub fn score_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AnswerRows")] answers: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ScoreBatchOptions | null")]
        options: JsValue,
    ) -> JsResult<JsValue> {
        let opts = batch_options(&options).js()?;
        let numbers = Numbers::rows(&answers, self.inner.items()).js()?;
        let s = numbers.score_rows(&self.inner, &opts).js()?;
        many_scores(&self.inner, s)
    }
}

impl ScaleJs {
    /// The core scale.
    pub fn core(&self) -> &scales::Scale {
        &self.inner
    }
}

// ------------------------------------------------------------------------------------ change

/// When a difference counts as a change: any difference (`strict`), at least a minimal
/// important difference (`absolute`), or a Jacobson & Truax reliable change index beyond 1.96
/// (`reliable`).
#[derive(Debug, Clone, Copy, Serialize, Tsify)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[tsify(rename = "Threshold")]
pub enum ThresholdJs {
    /// Any difference.
    Strict,
    /// A difference of at least `mid` (in the measure's units; exactly the MID counts).
    Absolute {
        /// The minimal important difference, a positive number.
        mid: f64,
    },
    /// `|RC| > 1.96`, `RC = Δ / (√2 · sd · √(1 − reliability))`.
    Reliable {
        /// The measure's standard deviation (e.g. the sample's baseline SD), positive.
        sd: f64,
        /// The measure's reliability, in `0..1` (1 excluded).
        reliability: f64,
    },
}

impl From<Threshold> for ThresholdJs {
    fn from(t: Threshold) -> ThresholdJs {
        match t {
            Threshold::Strict => ThresholdJs::Strict,
            Threshold::Absolute { mid } => ThresholdJs::Absolute { mid },
            Threshold::Reliable { sd, reliability } => ThresholdJs::Reliable { sd, reliability },
        }
    }
}

const THRESHOLD_EXPECTED: &str = "{type: \"strict\"}, {type: \"absolute\", mid: number} or \
    {type: \"reliable\", sd: number, reliability: number} (see eqVasMid(), eq5dIndexMid(), \
    sci93Reliable(sd))";
const DIRECTION_EXPECTED: &str = "\"higher_is_better\" or \"higher_is_worse\"";
const CLASSIFY_KEYS: &[&str] = &["direction", "threshold"];
const CLASSIFY_OPTIONS: &str = "an object {direction, threshold}";
const CLASSIFY_BATCH_KEYS: &[&str] = &["direction", "threshold", "output"];
const CLASSIFY_BATCH_OPTIONS: &str =
    "an object {direction, threshold, output?: \"codes\" | \"labels\"}";
const SCORE_EXPECTED: &str = "a number (null, undefined, NaN = missing)";
const SCORES_EXPECTED: &str = "a Float64Array or an Array of numbers (NaN, null = missing)";

const THRESHOLD_KEYS: &[&str] = &["type", "mid", "sd", "reliability"];

/// Reads a threshold object field by field (a serde internally tagged enum would cost the
/// bundle about 20 KB): `type`, then exactly that variant's fields.
fn read_threshold(v: &JsValue) -> Result<Threshold, Error> {
    let input = Input::new(v, "threshold", THRESHOLD_KEYS, THRESHOLD_EXPECTED)?;
    let kind = input.required("type", THRESHOLD_EXPECTED)?;
    let fields: &[&str] = match kind.as_string().as_deref() {
        Some("strict") => &[],
        Some("absolute") => &["mid"],
        Some("reliable") => &["sd", "reliability"],
        _ => {
            return Err(invalid_argument(
                "threshold.type",
                describe(&kind),
                THRESHOLD_EXPECTED,
            ));
        }
    };
    let mut values = [f64::NAN; 2];
    for key in THRESHOLD_KEYS.iter().skip(1) {
        let x = input.get(key)?;
        let at = fields.iter().position(|f| f == key);
        match (at, x.as_f64()) {
            (Some(i), Some(n)) => {
                if let Some(slot) = values.get_mut(i) {
                    *slot = n;
                }
            }
            (Some(_), None) => {
                return Err(invalid_argument(key, describe(&x), "a number"));
            }
            (None, _) if x.is_undefined() => {}
            (None, _) => {
                return Err(invalid_argument(
                    "threshold",
                    format!("{{type: {}}} with the field {key:?}", describe(&kind)),
                    THRESHOLD_EXPECTED,
                ));
            }
        }
    }
    let t = match (fields.len(), values) {
        (0, _) => Threshold::Strict,
        (1, [mid, _]) => Threshold::Absolute { mid },
        (_, [sd, reliability]) => Threshold::Reliable { sd, reliability },
    };
    t.validate()?;
    Ok(t)
}

/// `{direction, threshold}` of a classify call.
fn classify_options(
    options: &JsValue,
    keys: &[&str],
    expected: &str,
) -> Result<(Input, Direction, Threshold), Error> {
    let input = Input::new(options, "options", keys, expected)?;
    let d = input.required("direction", DIRECTION_EXPECTED)?;
    let direction = match d.as_string() {
        Some(s) => s.parse::<Direction>()?,
        None => {
            return Err(invalid_argument(
                "direction",
                describe(&d),
                DIRECTION_EXPECTED,
            ));
        }
    };
    let threshold = read_threshold(&input.required("threshold", THRESHOLD_EXPECTED)?)?;
    Ok((input, direction, threshold))
}

fn read_score(v: &JsValue, argument: &str) -> Result<f64, Error> {
    match v.as_f64() {
        Some(x) => Ok(x),
        None if v.is_null_or_undefined() => Ok(f64::NAN),
        None => Err(invalid_argument(argument, describe(v), SCORE_EXPECTED)),
    }
}

fn read_scores(v: &JsValue, argument: &str) -> Result<Vec<f64>, Error> {
    if let Some(a) = v.dyn_ref::<Float64Array>() {
        return Ok(a.to_vec());
    }
    if Array::is_array(v) {
        let array: &Array = v.unchecked_ref();
        return array
            .iter()
            .enumerate()
            .map(|(row, x)| {
                read_score(&x, argument).map_err(|_| {
                    invalid_argument(
                        argument,
                        format!("{} at row {row}", describe(&x)),
                        SCORES_EXPECTED,
                    )
                })
            })
            .collect();
    }
    Err(invalid_argument(argument, describe(v), SCORES_EXPECTED))
}

fn threshold_value(t: Threshold) -> JsResult<tsify::Ts<ThresholdJs>> {
    t.validate().js()?;
    ThresholdJs::from(t)
        .into_ts()
        .map_err(|e| JsValue::from(JsError::new(&e.to_string())))
}

/// The EQ VAS minimal important difference: `{type: "absolute", mid: 7}` (Pickard et al.
/// 2007, doi:10.1186/1477-7525-5-70).
#[wasm_bindgen(js_name = eqVasMid)]
pub fn eq_vas_mid() -> JsResult<tsify::Ts<ThresholdJs>> {
    threshold_value(Threshold::eq_vas_mid())
}

/// The EQ-5D index minimal important difference: `{type: "absolute", mid: 0.074}` (Walters &
/// Brazier 2005, doi:10.1007/s11136-004-7713-0).
#[wasm_bindgen(js_name = eq5dIndexMid)]
pub fn eq5d_index_mid() -> JsResult<tsify::Ts<ThresholdJs>> {
    threshold_value(Threshold::eq5d_index_mid())
}

/// SCI-93 reliable change with reliability 0.95 (Ericsson, Nyström & Mannerkorpi 2015,
/// doi:10.3109/08039488.2014.915580) and the SD you supply (e.g. the sample's baseline SD):
/// `{type: "reliable", sd, reliability: 0.95}`. Throws `InvalidArgument` for an SD that is not
/// a positive number.
#[wasm_bindgen(js_name = sci93Reliable)]
pub fn sci93_reliable(sd: f64) -> JsResult<tsify::Ts<ThresholdJs>> {
    threshold_value(Threshold::sci93_reliable(sd))
}

/// The Jacobson & Truax reliable change index `(followUp − baseline) / (√2 · sd · √(1 −
/// reliability))`; a change is reliable when its absolute value exceeds 1.96. `NaN` when
/// either score is `NaN`. Throws `InvalidArgument` for an SD that is not positive or a
/// reliability outside `0..1`.
#[wasm_bindgen(js_name = reliableChangeIndex)]
pub fn reliable_change_index(
    baseline: f64,
    #[wasm_bindgen(js_name = followUp)] follow_up: f64,
    sd: f64,
    reliability: f64,
) -> JsResult<f64> {
    Threshold::Reliable { sd, reliability }.validate().js()?;
    Ok(change::reliable_change_index(
        baseline,
        follow_up,
        sd,
        reliability,
    ))
}

/// The code of a class in `classifyChanges` output: 0 missing, 1 improved, 2 unchanged,
/// 3 worsened.
fn class_code(c: Option<ChangeClass>) -> u8 {
    match c {
        None => 0,
        Some(ChangeClass::Improved) => 1,
        Some(ChangeClass::Unchanged) => 2,
        Some(ChangeClass::Worsened) => 3,
    }
}

/// Classifies one change as `"improved"`, `"unchanged"` or `"worsened"`; `null` when either
/// score is missing (`null`, `undefined`, `NaN`).
#[wasm_bindgen(js_name = classifyChange, unchecked_return_type = "ChangeClass | null")]
pub fn classify_change(
    #[wasm_bindgen(unchecked_param_type = "number | null | undefined")] baseline: JsValue,
    #[wasm_bindgen(js_name = followUp, unchecked_param_type = "number | null | undefined")]
    follow_up: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ClassifyOptions")] options: JsValue,
) -> JsResult<JsValue> {
    let (_, direction, threshold) =
        classify_options(&options, CLASSIFY_KEYS, CLASSIFY_OPTIONS).js()?;
    let a = read_score(&baseline, "baseline").js()?;
    let b = read_score(&follow_up, "followUp").js()?;
    let c = change::classify(a, b, direction, threshold).js()?;
    Ok(c.map_or(JsValue::NULL, |c| JsValue::from_str(c.name())))
}

/// Classifies many changes, row by row (see the .d.ts for the overloads).
#[wasm_bindgen(js_name = classifyChanges, skip_typescript)]
pub fn classify_changes(
    baseline: JsValue,
    follow_up: JsValue,
    options: JsValue,
) -> JsResult<JsValue> {
    let (input, direction, threshold) =
        classify_options(&options, CLASSIFY_BATCH_KEYS, CLASSIFY_BATCH_OPTIONS).js()?;
    let labels = match input
        .text("output", "\"codes\" or \"labels\"")
        .js()?
        .as_deref()
    {
        None | Some("codes") => false,
        Some("labels") => true,
        Some(other) => {
            return Err(to_js(&invalid_argument(
                "output",
                format!("{other:?}"),
                "\"codes\" or \"labels\"",
            )));
        }
    };
    let a = read_scores(&baseline, "baseline").js()?;
    let b = read_scores(&follow_up, "followUp").js()?;
    let classes = change::classify_all(&a, &b, direction, threshold).js()?;
    if labels {
        // Codes 1, 2, 3 name the classes at 0, 1, 2; code 0 (missing) is null.
        let names: Vec<JsValue> = [
            ChangeClass::Improved,
            ChangeClass::Unchanged,
            ChangeClass::Worsened,
        ]
        .iter()
        .map(|&c| JsValue::from_str(c.name()))
        .collect();
        let index = classes
            .iter()
            .map(|&c| usize::from(class_code(c)).checked_sub(1));
        Ok(labelled(classes.len(), &names, index).into())
    } else {
        let codes: Vec<u8> = classes.iter().map(|&c| class_code(c)).collect();
        Ok(Uint8Array::from(codes.as_slice()).into())
    }
}
