//! Summed-score instruments: SCI-93 built in, and user-defined scales loaded from JSON.
//!
//! A [`ScaleDef`] is plain data (serde, JSON): the items, their response range, reverse-scored
//! items, subscales, how the total is formed (sum or mean), the direction (higher is worse or
//! better), the missing-item rule, optional interpretation bands and the source. A [`Scale`] is
//! a validated definition ready for scoring one response ([`Scale::score_map`],
//! [`Scale::score_slice`]) or many ([`Scale::score_rows`], [`Scale::score_columns`]).
//!
//! **Missing items.** With a rule of *k* ([`MissingRule::max_missing`]), a response with at most
//! *k* missing items is prorated: a summed total becomes the mean of the answered items × the
//! number of items (`S × n / answered`); a mean total is the mean of the answered items. With
//! more than *k* missing there is no score (`None`, or `NaN` in a batch), which is not an error.
//!
//! **Bad input** is an error that names the item (and the row in a batch): an answer outside the
//! item's range, a non-integer (`2.7` is never 2), text that is not a number, the wrong number of
//! answers, an unknown item id. Batches follow the EQ-5D convention: [`ErrorMode::Raise`] fails
//! with [`Error::Rows`] listing every bad cell (field = the item id); [`ErrorMode::Coerce`] gives
//! `NaN` for those rows and returns the reasons.
//!
//! **Coding.** Answers are read as coded in the definition (SCI-93: 0–5). Exports coded one
//! higher (1–6) are accepted only with an explicit [`ScoreOptions::offset`] of 1, which is
//! subtracted from every answer; the coding is never guessed from the data.
//!
//! ```
//! use groupwell::scales::{Scale, ScoreOptions};
//!
//! let sci = Scale::sci93();
//! let answers = [2u8; 35];
//! let score = sci.score_slice(&answers, &ScoreOptions::default())?;
//! assert_eq!(score.total, Some(70.0));
//! assert_eq!((score.answered, score.prorated), (35, false));
//!
//! // The same answers exported as 1–6:
//! let exported = [3u8; 35];
//! let opts = ScoreOptions { offset: 1, ..ScoreOptions::default() };
//! assert_eq!(sci.score_slice(&exported, &opts)?.total, Some(70.0));
//! # Ok::<(), groupwell::Error>(())
//! ```

mod sci93;

use std::collections::BTreeMap;
use std::fmt;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::eq5d::{ErrorMode, LevelInput, Numeric};
use crate::error::{Error, Result, RowError};

pub use sci93::{SCI93_ID, sci93_definition};

/// The integer answers an item accepts, `min..=max`.
///
/// ```
/// use groupwell::scales::ResponseRange;
/// let r = ResponseRange { min: 0, max: 5 };
/// assert!(r.contains(5) && !r.contains(6));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseRange {
    /// Lowest valid answer.
    pub min: i32,
    /// Highest valid answer.
    pub max: i32,
}

impl ResponseRange {
    /// Whether `answer` is in `min..=max`.
    ///
    /// ```
    /// assert!(groupwell::scales::ResponseRange { min: 1, max: 4 }.contains(1));
    /// ```
    pub fn contains(&self, answer: i64) -> bool {
        (i64::from(self.min)..=i64::from(self.max)).contains(&answer)
    }
}

impl fmt::Display for ResponseRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..={}", self.min, self.max)
    }
}

/// How the total (and each subscale) is formed from the item scores.
///
/// ```
/// use groupwell::scales::Total;
/// assert_eq!(serde_json::to_string(&Total::Mean).unwrap(), "\"mean\"");
/// assert_eq!(Total::default(), Total::Sum);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Total {
    /// The sum of the item scores (prorated: mean of answered × number of items).
    #[default]
    Sum,
    /// The mean of the answered item scores.
    Mean,
}

/// What a higher score means.
///
/// ```
/// use groupwell::scales::Direction;
/// assert_eq!(serde_json::to_string(&Direction::HigherIsWorse).unwrap(), "\"higher_is_worse\"");
/// ```
pub use crate::change::Direction;

/// The missing-item rule: prorate when at most `max_missing` items are missing, else no score.
///
/// ```
/// use groupwell::scales::MissingRule;
/// assert_eq!(MissingRule::default().max_missing, 0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissingRule {
    /// The most items that may be missing for a (prorated) score; must be less than the number
    /// of items. `0` requires every item.
    pub max_missing: usize,
}

/// A named subscale: a subset of the items, scored like the total (sum or mean).
///
/// ```
/// use groupwell::scales::Subscale;
/// let s = Subscale { name: "A".into(), items: vec!["1".into(), "2".into()], max_missing: 0 };
/// assert_eq!(s.items.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscale {
    /// Name, unique within the scale.
    pub name: String,
    /// Item ids of the subscale.
    pub items: Vec<String>,
    /// Its own missing-item rule: prorate when at most this many of its items are missing.
    #[serde(default)]
    pub max_missing: usize,
}

/// An interpretation band of the total: a label and an inclusive score range.
///
/// A prorated total can be fractional; it gets a band only if it lies inside one, so bands
/// meant to cover every score should share or abut their bounds (e.g. `0–10`, `10.5–20`).
///
/// ```
/// use groupwell::scales::Band;
/// let b = Band { label: "low".into(), min: 0.0, max: 10.0 };
/// assert!(b.contains(10.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The label, e.g. `"moderate"`.
    pub label: String,
    /// Lowest score of the band (inclusive).
    pub min: f64,
    /// Highest score of the band (inclusive).
    pub max: f64,
}

impl Band {
    /// Whether `score` lies in `min..=max`.
    ///
    /// ```
    /// let b = groupwell::scales::Band { label: "x".into(), min: 1.0, max: 2.0 };
    /// assert!(b.contains(1.0) && !b.contains(2.5));
    /// ```
    pub fn contains(&self, score: f64) -> bool {
        self.min <= score && score <= self.max
    }
}

/// A scale definition as data, loaded from and written back to JSON.
///
/// ```
/// use groupwell::scales::ScaleDef;
/// let json = r#"{
///   "id": "demo", "name": "Demo scale",
///   "items": ["a", "b", "c"], "range": {"min": 1, "max": 4},
///   "reverse": ["c"], "direction": "higher_is_better",
///   "missing": {"max_missing": 1}
/// }"#;
/// let def = ScaleDef::from_json(json)?;
/// assert_eq!(def.items.len(), 3);
/// assert_eq!(ScaleDef::from_json(&def.to_json()?)?, def);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleDef {
    /// Stable id, e.g. `SCI-93`.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Item ids, in the order of a response given as a slice or row.
    pub items: Vec<String>,
    /// The response range of every item unless overridden in `item_ranges`.
    pub range: ResponseRange,
    /// Per-item overrides of `range`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub item_ranges: BTreeMap<String, ResponseRange>,
    /// Reverse-scored items: score = min + max − answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reverse: Vec<String>,
    /// Subscales.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subscales: Vec<Subscale>,
    /// Sum or mean.
    #[serde(default)]
    pub total: Total,
    /// What a higher score means.
    pub direction: Direction,
    /// The missing-item rule of the total.
    #[serde(default)]
    pub missing: MissingRule,
    /// Interpretation bands of the total (must not overlap).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
    /// Full citation of the instrument.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// DOI of the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    /// Notes: provenance, psychometrics, deviations from the manual.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl ScaleDef {
    /// Reads a definition from JSON (unknown fields are an error). The definition is not yet
    /// validated: [`Scale::from_definition`] does that.
    ///
    /// ```
    /// use groupwell::scales::ScaleDef;
    /// let err = ScaleDef::from_json(r#"{"id": "x", "colour": 1}"#).unwrap_err();
    /// assert_eq!(err.kind(), "Json");
    /// ```
    pub fn from_json(json: &str) -> Result<ScaleDef> {
        Ok(serde_json::from_str(json)?)
    }

    /// Writes the definition as pretty-printed JSON; [`from_json`](Self::from_json) reads it
    /// back to an equal definition.
    ///
    /// ```
    /// use groupwell::scales::{sci93_definition, ScaleDef};
    /// let def = sci93_definition();
    /// assert_eq!(ScaleDef::from_json(&def.to_json()?)?, def);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(self)?)
    }

    /// Checks the definition: unique non-empty item ids, non-empty ranges, known items in
    /// `item_ranges`, `reverse` and subscales, missing-item rules below the item count, and
    /// non-overlapping bands. The error names the field.
    ///
    /// ```
    /// use groupwell::scales::sci93_definition;
    /// let mut def = sci93_definition();
    /// def.items.push("1".into());
    /// let err = def.validate().unwrap_err();
    /// assert!(err.to_string().contains("items[35]"));
    /// ```
    pub fn validate(&self) -> Result<()> {
        self.compile().map(|_| ())
    }

    fn bad(&self, field: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::InvalidDefinition {
            id: self.id.clone(),
            field: field.into(),
            reason: reason.into(),
        }
    }

    fn compile(&self) -> Result<Compiled> {
        if self.id.trim().is_empty() {
            return Err(self.bad("id", "the scale needs a non-empty id"));
        }
        if self.items.is_empty() {
            return Err(self.bad("items", "the scale needs at least one item"));
        }
        let mut index = FxHashMap::default();
        for (i, item) in self.items.iter().enumerate() {
            if item.trim().is_empty() {
                return Err(self.bad(format!("items[{i}]"), "an item id is empty"));
            }
            if let Some(first) = index.insert(item.clone(), i) {
                return Err(self.bad(
                    format!("items[{i}]"),
                    format!("item {item:?} is listed twice (also at items[{first}])"),
                ));
            }
        }
        let check_range = |field: String, r: &ResponseRange| {
            if r.min > r.max {
                Err(self.bad(
                    field,
                    format!("empty range: min {} is greater than max {}", r.min, r.max),
                ))
            } else {
                Ok(())
            }
        };
        check_range("range".into(), &self.range)?;
        let n = self.items.len();
        let mut ranges = vec![self.range; n];
        for (item, r) in &self.item_ranges {
            let field = format!("item_ranges.{item}");
            let pos = *index
                .get(item)
                .ok_or_else(|| self.bad(field.clone(), format!("unknown item {item:?}")))?;
            check_range(field, r)?;
            if let Some(slot) = ranges.get_mut(pos) {
                *slot = *r;
            }
        }
        let mut reverse = vec![false; n];
        for (i, item) in self.reverse.iter().enumerate() {
            let field = format!("reverse[{i}]");
            let pos = *index
                .get(item)
                .ok_or_else(|| self.bad(field.clone(), format!("unknown item {item:?}")))?;
            match reverse.get_mut(pos) {
                Some(flag) if *flag => {
                    return Err(self.bad(field, format!("item {item:?} is listed twice")));
                }
                Some(flag) => *flag = true,
                None => {}
            }
        }
        if self.missing.max_missing >= n {
            return Err(self.bad(
                "missing.max_missing",
                format!(
                    "{} is out of range: expected 0..={} (at least one of the {n} items must be answered)",
                    self.missing.max_missing,
                    n - 1
                ),
            ));
        }
        let mut subscales = Vec::with_capacity(self.subscales.len());
        let mut names = FxHashMap::default();
        for (s, sub) in self.subscales.iter().enumerate() {
            let base = format!("subscales[{s}]");
            if sub.name.trim().is_empty() {
                return Err(self.bad(format!("{base}.name"), "a subscale name is empty"));
            }
            if names.insert(sub.name.clone(), s).is_some() {
                return Err(self.bad(
                    format!("{base}.name"),
                    format!("subscale {:?} is defined twice", sub.name),
                ));
            }
            if sub.items.is_empty() {
                return Err(self.bad(
                    format!("{base}.items"),
                    "a subscale needs at least one item",
                ));
            }
            let mut positions = Vec::with_capacity(sub.items.len());
            for (i, item) in sub.items.iter().enumerate() {
                let field = format!("{base}.items[{i}]");
                let pos = *index
                    .get(item)
                    .ok_or_else(|| self.bad(field.clone(), format!("unknown item {item:?}")))?;
                if positions.contains(&pos) {
                    return Err(self.bad(field, format!("item {item:?} is listed twice")));
                }
                positions.push(pos);
            }
            if sub.max_missing >= sub.items.len() {
                return Err(self.bad(
                    format!("{base}.max_missing"),
                    format!(
                        "{} is out of range: expected 0..={}",
                        sub.max_missing,
                        sub.items.len() - 1
                    ),
                ));
            }
            subscales.push(positions);
        }
        let mut order: Vec<(usize, &Band)> = self.bands.iter().enumerate().collect();
        for (b, band) in &order {
            let field = format!("bands[{b}]");
            if band.label.trim().is_empty() {
                return Err(self.bad(format!("{field}.label"), "a band label is empty"));
            }
            if !band.min.is_finite() || !band.max.is_finite() || band.min > band.max {
                return Err(self.bad(
                    field,
                    format!(
                        "empty or invalid range: min {} must be a number not greater than max {}",
                        band.min, band.max
                    ),
                ));
            }
        }
        order.sort_unstable_by(|a, b| a.1.min.total_cmp(&b.1.min).then(a.0.cmp(&b.0)));
        for pair in order.windows(2) {
            if let [(i, a), (j, b)] = pair
                && b.min <= a.max
            {
                return Err(self.bad(
                    format!("bands[{j}]"),
                    format!(
                        "band {:?} ({}..={}) overlaps band {:?} (bands[{i}], {}..={})",
                        b.label, b.min, b.max, a.label, a.min, a.max
                    ),
                ));
            }
        }
        Ok(Compiled {
            index,
            ranges,
            reverse,
            subscales,
        })
    }
}

#[derive(Debug, Clone)]
struct Compiled {
    index: FxHashMap<String, usize>,
    ranges: Vec<ResponseRange>,
    reverse: Vec<bool>,
    subscales: Vec<Vec<usize>>,
}

/// One item's constants in the batch kernel: the accepted range, the coding offset, and the
/// reversal as `flip + sign × answer`.
#[derive(Debug, Clone, Copy)]
struct ItemKernel {
    min: i64,
    max: i64,
    offset: i64,
    flip: i64,
    sign: i64,
}

/// Options of a scoring call.
///
/// ```
/// use groupwell::scales::ScoreOptions;
/// use groupwell::eq5d::ErrorMode;
/// let opts = ScoreOptions { offset: 1, errors: ErrorMode::Coerce };
/// assert_eq!(ScoreOptions::default().offset, 0);
/// # let _ = opts;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScoreOptions {
    /// Subtracted from every answer before it is checked and scored: `1` reads an export coded
    /// 1–6 as SCI-93's 0–5. Never guessed; `0` by default.
    pub offset: i32,
    /// What a batch call does with invalid rows (single-response calls always fail).
    pub errors: ErrorMode,
}

/// The score of one response.
///
/// ```
/// use groupwell::scales::{Scale, ScoreOptions};
/// let s = Scale::sci93().score_slice(&[1u8; 35], &ScoreOptions::default())?;
/// assert_eq!(s.total, Some(35.0));
/// assert_eq!(s.band, None);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScaleScore {
    /// The total; `None` when more items are missing than the rule allows.
    pub total: Option<f64>,
    /// One score per subscale, in definition order (`None` when too many of its items are
    /// missing).
    pub subscales: Vec<Option<f64>>,
    /// How many items were answered.
    pub answered: usize,
    /// Whether the total was prorated (some items missing, within the rule).
    pub prorated: bool,
    /// The label of the band the total lies in, if any.
    pub band: Option<String>,
}

/// Scores of a batch, one entry per row in every column.
///
/// ```
/// use groupwell::scales::{Scale, ScoreOptions};
/// let out = Scale::sci93().score_rows(&[0u8; 70], &ScoreOptions::default())?;
/// assert_eq!(out.totals, [0.0, 0.0]);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScaleScores {
    /// Totals; `NaN` where there is no score (too many missing) or the row is invalid.
    pub totals: Vec<f64>,
    /// One column per subscale (definition order), each with one value per row.
    pub subscales: Vec<Vec<f64>>,
    /// Number of answered items per row (valid answers only).
    pub answered: Vec<usize>,
    /// Whether each row's total was prorated.
    pub prorated: Vec<bool>,
    /// Index into [`Scale::bands`] of each row's band, if any.
    pub bands: Vec<Option<usize>>,
    /// The invalid cells (only in [`ErrorMode::Coerce`]; in `Raise` they are the error).
    pub errors: Vec<RowError>,
    /// How many valid rows had too many missing items for a score.
    pub missing: usize,
}

/// A validated scale, ready for scoring.
///
/// ```
/// use groupwell::scales::{Scale, ScaleDef, ScoreOptions};
/// let def = ScaleDef::from_json(r#"{"id": "d", "name": "D", "items": ["a", "b"],
///     "range": {"min": 0, "max": 3}, "reverse": ["b"], "direction": "higher_is_worse"}"#)?;
/// let scale = Scale::from_definition(def)?;
/// // a = 3, b = 1 reversed to 0 + 3 − 1 = 2
/// assert_eq!(scale.score_slice(&[3, 1], &ScoreOptions::default())?.total, Some(5.0));
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scale {
    def: ScaleDef,
    compiled: Compiled,
}

/// One cell read: a scored item value (after offset and reversal), missing, or an error.
enum Cell {
    Value(i64),
    Missing,
}

impl Scale {
    /// Validates a definition and prepares it for scoring.
    ///
    /// ```
    /// use groupwell::scales::{sci93_definition, Scale};
    /// let mut def = sci93_definition();
    /// def.range.min = 6;
    /// assert_eq!(Scale::from_definition(def).unwrap_err().kind(), "InvalidDefinition");
    /// ```
    pub fn from_definition(def: ScaleDef) -> Result<Scale> {
        let compiled = def.compile()?;
        Ok(Scale { def, compiled })
    }

    /// Reads and validates a definition from JSON.
    ///
    /// ```
    /// use groupwell::scales::Scale;
    /// let s = Scale::from_json(&groupwell::scales::sci93_definition().to_json()?)?;
    /// assert_eq!(s.id(), "SCI-93");
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Scale> {
        Scale::from_definition(ScaleDef::from_json(json)?)
    }

    /// The built-in SCI-93 (see [`sci93_definition`]).
    ///
    /// ```
    /// let sci = groupwell::scales::Scale::sci93();
    /// assert_eq!((sci.items().len(), sci.definition().missing.max_missing), (35, 3));
    /// ```
    pub fn sci93() -> Scale {
        let def = sci93_definition();
        let n = def.items.len();
        let compiled = def.compile().unwrap_or_else(|_| Compiled {
            // Unreachable: the built-in definition is valid (checked by a test).
            index: FxHashMap::default(),
            ranges: vec![def.range; n],
            reverse: vec![false; n],
            subscales: Vec::new(),
        });
        Scale { def, compiled }
    }

    /// The definition.
    ///
    /// ```
    /// assert_eq!(groupwell::scales::Scale::sci93().definition().range.max, 5);
    /// ```
    pub fn definition(&self) -> &ScaleDef {
        &self.def
    }

    /// The scale's id.
    ///
    /// ```
    /// assert_eq!(groupwell::scales::Scale::sci93().id(), "SCI-93");
    /// ```
    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// Item ids in order.
    ///
    /// ```
    /// assert_eq!(groupwell::scales::Scale::sci93().items()[0], "1");
    /// ```
    pub fn items(&self) -> &[String] {
        &self.def.items
    }

    /// The interpretation bands.
    ///
    /// ```
    /// assert!(groupwell::scales::Scale::sci93().bands().is_empty());
    /// ```
    pub fn bands(&self) -> &[Band] {
        &self.def.bands
    }

    /// The lowest and highest possible total.
    ///
    /// ```
    /// assert_eq!(groupwell::scales::Scale::sci93().total_range(), (0.0, 175.0));
    /// ```
    pub fn total_range(&self) -> (f64, f64) {
        let (lo, hi) = self
            .compiled
            .ranges
            .iter()
            .fold((0i64, 0i64), |(lo, hi), r| {
                (lo + i64::from(r.min), hi + i64::from(r.max))
            });
        let (lo, hi) = (lo as f64, hi as f64);
        match self.def.total {
            Total::Sum => (lo, hi),
            Total::Mean => {
                let n = self.def.items.len() as f64;
                (lo / n, hi / n)
            }
        }
    }

    /// The band containing `total`, if any.
    ///
    /// ```
    /// assert_eq!(groupwell::scales::Scale::sci93().band_of(10.0), None);
    /// ```
    pub fn band_of(&self, total: f64) -> Option<&Band> {
        self.def.bands.iter().find(|b| b.contains(total))
    }

    fn band_index(&self, total: f64) -> Option<usize> {
        self.def.bands.iter().position(|b| b.contains(total))
    }

    fn answer_error<T: LevelInput>(&self, item: usize, value: T, offset: i32) -> Error {
        let id = self.def.items.get(item).map(String::as_str).unwrap_or("?");
        let r = self
            .compiled
            .ranges
            .get(item)
            .copied()
            .unwrap_or(self.def.range);
        let expected = if offset == 0 {
            format!("an integer {}..={} ({})", r.min, r.max, self.def.id)
        } else {
            format!(
                "an integer {}..={} ({} coded with offset {offset}, i.e. {r} after subtracting it)",
                i64::from(r.min) + i64::from(offset),
                i64::from(r.max) + i64::from(offset),
                self.def.id
            )
        };
        Error::InvalidArgument {
            argument: format!("item {id}"),
            value: value.describe(),
            expected,
        }
    }

    #[inline]
    fn read<T: LevelInput>(&self, item: usize, value: T, offset: i32) -> Result<Cell> {
        let (Some(r), Some(&rev)) = (
            self.compiled.ranges.get(item),
            self.compiled.reverse.get(item),
        ) else {
            return Err(self.answer_error(item, value, offset));
        };
        let fast = value.whole().and_then(|i| i.checked_sub(i64::from(offset)));
        if let Some(a) = fast.filter(|a| r.contains(*a)) {
            return Ok(Cell::Value(if rev {
                i64::from(r.min) + i64::from(r.max) - a
            } else {
                a
            }));
        }
        match value.numeric() {
            Numeric::Missing => Ok(Cell::Missing),
            Numeric::Int(i) => {
                let a = i
                    .checked_sub(i128::from(offset))
                    .and_then(|a| i64::try_from(a).ok());
                match a {
                    Some(a) if r.contains(a) => Ok(Cell::Value(if rev {
                        i64::from(r.min) + i64::from(r.max) - a
                    } else {
                        a
                    })),
                    _ => Err(self.answer_error(item, value, offset)),
                }
            }
            _ => Err(self.answer_error(item, value, offset)),
        }
    }

    fn aggregate(
        &self,
        cells: &[Option<i64>],
        positions: Option<&[usize]>,
        k: usize,
    ) -> (Option<f64>, usize, bool) {
        let (sum, answered, n) = match positions {
            None => cells
                .iter()
                .fold((0i64, 0usize, 0usize), |(s, a, n), c| match c {
                    Some(v) => (s + v, a + 1, n + 1),
                    None => (s, a, n + 1),
                }),
            Some(pos) => pos.iter().fold((0i64, 0usize, 0usize), |(s, a, n), p| {
                match cells.get(*p).copied().flatten() {
                    Some(v) => (s + v, a + 1, n + 1),
                    None => (s, a, n + 1),
                }
            }),
        };
        let (value, prorated) = self.total_of(sum, answered, n, k);
        (value, answered, prorated)
    }

    /// The score of `answered` of `n` items summing to `sum` under a rule of at most `k`
    /// missing, and whether it was prorated.
    #[inline]
    fn total_of(&self, sum: i64, answered: usize, n: usize, k: usize) -> (Option<f64>, bool) {
        let missing = n - answered;
        if answered == 0 || missing > k {
            return (None, false);
        }
        let s = sum as f64;
        let value = match self.def.total {
            Total::Sum if missing == 0 => s,
            Total::Sum => s * n as f64 / answered as f64,
            Total::Mean => s / answered as f64,
        };
        (Some(value), missing > 0)
    }

    fn score_cells(&self, cells: &[Option<i64>]) -> ScaleScore {
        let (total, answered, prorated) = self.aggregate(cells, None, self.def.missing.max_missing);
        let subscales = self
            .compiled
            .subscales
            .iter()
            .zip(&self.def.subscales)
            .map(|(pos, sub)| self.aggregate(cells, Some(pos), sub.max_missing).0)
            .collect();
        let band = total.and_then(|t| self.band_of(t)).map(|b| b.label.clone());
        ScaleScore {
            total,
            subscales,
            answered,
            prorated,
            band,
        }
    }

    /// Scores one response given as item id → answer; items not in the map are missing.
    /// An unknown item id or an invalid answer is an error naming the item (the first one
    /// found, in the map's order).
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use groupwell::scales::{Scale, ScoreOptions};
    /// let sci = Scale::sci93();
    /// let mut answers: BTreeMap<String, f64> = (1..=35).map(|i| (i.to_string(), 1.0)).collect();
    /// answers.remove("35");
    /// let s = sci.score_map(&answers, &ScoreOptions::default())?;
    /// assert_eq!((s.total, s.prorated), (Some(35.0), true));
    /// answers.insert("36".into(), 1.0);
    /// assert!(sci.score_map(&answers, &ScoreOptions::default()).unwrap_err().to_string().contains("36"));
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn score_map<'a, K, T, I>(&self, answers: I, opts: &ScoreOptions) -> Result<ScaleScore>
    where
        K: AsRef<str> + 'a,
        T: LevelInput + 'a,
        I: IntoIterator<Item = (&'a K, &'a T)>,
    {
        let mut cells = vec![None; self.def.items.len()];
        let mut seen = vec![false; self.def.items.len()];
        for (key, value) in answers {
            let key = key.as_ref();
            let pos = *self
                .compiled
                .index
                .get(key)
                .ok_or_else(|| Error::InvalidArgument {
                    argument: "item".into(),
                    value: format!("{key:?}"),
                    expected: format!(
                        "one of the {} item ids of {} ({})",
                        self.def.items.len(),
                        self.def.id,
                        preview(&self.def.items)
                    ),
                })?;
            if let Some(flag) = seen.get_mut(pos) {
                if *flag {
                    return Err(Error::InvalidArgument {
                        argument: "item".into(),
                        value: format!("{key:?}"),
                        expected: "each item answered at most once".into(),
                    });
                }
                *flag = true;
            }
            if let (Cell::Value(v), Some(slot)) =
                (self.read(pos, *value, opts.offset)?, cells.get_mut(pos))
            {
                *slot = Some(v);
            }
        }
        Ok(self.score_cells(&cells))
    }

    /// Scores one response given as a slice of answers in item order (missing as `NaN` or
    /// `None`). The wrong number of answers or an invalid answer is an error naming the item.
    ///
    /// ```
    /// use groupwell::scales::{Scale, ScoreOptions};
    /// let sci = Scale::sci93();
    /// let mut a = [2.0; 35];
    /// a[0] = f64::NAN;
    /// a[1] = f64::NAN;
    /// a[2] = f64::NAN;
    /// assert_eq!(sci.score_slice(&a, &ScoreOptions::default())?.total, Some(70.0));
    /// a[1] = 2.7;
    /// assert!(sci.score_slice(&a, &ScoreOptions::default()).is_err());
    /// assert!(sci.score_slice(&[1u8; 34], &ScoreOptions::default()).is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn score_slice<T: LevelInput>(
        &self,
        answers: &[T],
        opts: &ScoreOptions,
    ) -> Result<ScaleScore> {
        let n = self.def.items.len();
        if answers.len() != n {
            return Err(self.count_error(answers.len(), "answers"));
        }
        let mut cells = vec![None; n];
        for (i, (v, slot)) in answers.iter().zip(cells.iter_mut()).enumerate() {
            if let Cell::Value(x) = self.read(i, *v, opts.offset)? {
                *slot = Some(x);
            }
        }
        Ok(self.score_cells(&cells))
    }

    /// The total of one response and the number of answered items, without allocating (for
    /// evaluating goals over many measurements): `None` when an answer is invalid or the
    /// response has the wrong length (ask [`Scale::score_slice`] why); the total is `None`
    /// when too many items are unanswered. Same rules as [`Scale::score_slice`].
    pub(crate) fn quick_total<T: LevelInput>(&self, answers: &[T]) -> Option<(Option<f64>, usize)> {
        if answers.len() != self.def.items.len() {
            return None;
        }
        let mut sum = 0i64;
        let mut answered = 0usize;
        for ((v, r), &reverse) in answers
            .iter()
            .zip(&self.compiled.ranges)
            .zip(&self.compiled.reverse)
        {
            match v.whole() {
                Some(a) if r.contains(a) => {
                    sum += if reverse {
                        i64::from(r.min) + i64::from(r.max) - a
                    } else {
                        a
                    };
                    answered += 1;
                }
                None if matches!(v.numeric(), Numeric::Missing) => {}
                _ => return None,
            }
        }
        let (total, _) = self.total_of(sum, answered, answers.len(), self.def.missing.max_missing);
        Some((total, answered))
    }

    /// The invalid answers of one response in item order (index, error), without scoring it;
    /// empty (and no allocation) when every answer is valid or missing.
    pub(crate) fn invalid_answers<T: LevelInput>(
        &self,
        answers: &[T],
        offset: i32,
    ) -> Vec<(usize, Error)> {
        let ok = answers.iter().zip(&self.compiled.ranges).all(|(v, r)| {
            match v.whole().and_then(|a| a.checked_sub(i64::from(offset))) {
                Some(a) => r.contains(a),
                None => matches!(v.numeric(), Numeric::Missing),
            }
        });
        if ok {
            return Vec::new();
        }
        answers
            .iter()
            .enumerate()
            .filter_map(|(i, v)| self.read(i, *v, offset).err().map(|e| (i, e)))
            .collect()
    }

    fn count_error(&self, found: usize, argument: &str) -> Error {
        Error::InvalidArgument {
            argument: argument.into(),
            value: format!("{found} values"),
            expected: format!(
                "{} answers per response, one per item of {} in item order ({})",
                self.def.items.len(),
                self.def.id,
                preview(&self.def.items)
            ),
        }
    }

    /// Scores many responses given row by row: a row-major `n × items` slice (the answers of
    /// row 0 in item order, then row 1, ...), as a C-ordered 2-D array holds them. Missing
    /// answers (`NaN`, `None`, empty text) are allowed; invalid ones follow
    /// [`ScoreOptions::errors`].
    ///
    /// ```
    /// use groupwell::scales::{Scale, ScoreOptions};
    /// use groupwell::eq5d::ErrorMode;
    /// let sci = Scale::sci93();
    /// let mut rows = vec![1.0; 70];
    /// rows[40] = 9.0; // row 1, item "6"
    /// let err = sci.score_rows(&rows, &ScoreOptions::default()).unwrap_err();
    /// assert!(err.to_string().contains("row 1, 6: item 6 = 9"));
    /// let opts = ScoreOptions { errors: ErrorMode::Coerce, ..ScoreOptions::default() };
    /// let out = sci.score_rows(&rows, &opts)?;
    /// assert_eq!(out.totals[0], 35.0);
    /// assert!(out.totals[1].is_nan());
    /// assert_eq!(out.errors[0].field, "6");
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn score_rows<T: LevelInput>(
        &self,
        answers: &[T],
        opts: &ScoreOptions,
    ) -> Result<ScaleScores> {
        let n = self.def.items.len();
        if !answers.len().is_multiple_of(n) {
            return Err(Error::InvalidArgument {
                argument: "answers".into(),
                value: format!("{} values", answers.len()),
                expected: format!(
                    "{n} answers per row (one per item of {}), a length divisible by {n}",
                    self.def.id
                ),
            });
        }
        self.score_batch(answers.chunks_exact(n), answers.len() / n, opts)
    }

    /// Scores many responses given as item columns (a data frame): `(item id, column)` pairs in
    /// any order, every item exactly once, all columns of one length. An unknown, repeated or
    /// absent item id is an error naming it.
    ///
    /// ```
    /// use groupwell::scales::{Scale, ScaleDef, ScoreOptions};
    /// let scale = Scale::from_json(r#"{"id": "d", "name": "D", "items": ["a", "b"],
    ///     "range": {"min": 0, "max": 3}, "direction": "higher_is_worse"}"#)?;
    /// let a = [1u8, 2];
    /// let b = [3u8, 0];
    /// let out = scale.score_columns(&[("b", &b[..]), ("a", &a[..])], &ScoreOptions::default())?;
    /// assert_eq!(out.totals, [4.0, 2.0]);
    /// assert!(scale.score_columns(&[("a", &a[..]), ("c", &b[..])], &ScoreOptions::default()).is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn score_columns<S: AsRef<str>, T: LevelInput>(
        &self,
        columns: &[(S, &[T])],
        opts: &ScoreOptions,
    ) -> Result<ScaleScores> {
        let n = self.def.items.len();
        let mut by_item: Vec<Option<&[T]>> = vec![None; n];
        let rows = columns.first().map_or(0, |c| c.1.len());
        for (name, col) in columns {
            let name = name.as_ref();
            let pos = *self
                .compiled
                .index
                .get(name)
                .ok_or_else(|| Error::InvalidArgument {
                    argument: "columns".into(),
                    value: format!("{name:?}"),
                    expected: format!("item ids of {} ({})", self.def.id, preview(&self.def.items)),
                })?;
            if col.len() != rows {
                return Err(Error::LengthMismatch {
                    field: name.into(),
                    expected: rows,
                    found: col.len(),
                });
            }
            match by_item.get_mut(pos) {
                Some(Some(_)) => {
                    return Err(Error::InvalidArgument {
                        argument: "columns".into(),
                        value: format!("{name:?}"),
                        expected: "each item column given once".into(),
                    });
                }
                Some(slot) => *slot = Some(col),
                None => {}
            }
        }
        if let Some(absent) = by_item.iter().position(Option::is_none) {
            let id = self.def.items.get(absent).cloned().unwrap_or_default();
            return Err(Error::InvalidArgument {
                argument: "columns".into(),
                value: format!("no column for item {id:?}"),
                expected: format!(
                    "one column per item of {} (a column of missing values for an unanswered item)",
                    self.def.id
                ),
            });
        }
        // Gather each row into a buffer; the kernel then runs as for row-major input.
        let cols: Vec<&[T]> = by_item.into_iter().flatten().collect();
        let kern = self.kernel(opts.offset);
        let mut out = self.empty_scores(rows);
        let mut cells: Vec<Option<i64>> = vec![None; n];
        let keep_cells = !self.compiled.subscales.is_empty();
        let mut buf: Vec<T> = Vec::with_capacity(n);
        for row in 0..rows {
            buf.clear();
            buf.extend(cols.iter().filter_map(|c| c.get(row).copied()));
            self.score_row(row, &buf, &kern, keep_cells, &mut cells, opts, &mut out);
        }
        if opts.errors == ErrorMode::Raise && !out.errors.is_empty() {
            return Err(Error::Rows { errors: out.errors });
        }
        Ok(out)
    }

    /// The per-item constants of the batch kernel for one offset.
    fn kernel(&self, offset: i32) -> Vec<ItemKernel> {
        self.compiled
            .ranges
            .iter()
            .zip(&self.compiled.reverse)
            .map(|(r, &rev)| {
                let (min, max) = (i64::from(r.min), i64::from(r.max));
                ItemKernel {
                    min,
                    max,
                    offset: i64::from(offset),
                    // value = flip + sign × answer: the answer itself, or min + max − answer.
                    flip: if rev { min + max } else { 0 },
                    sign: if rev { -1 } else { 1 },
                }
            })
            .collect()
    }

    fn empty_scores(&self, rows: usize) -> ScaleScores {
        ScaleScores {
            totals: Vec::with_capacity(rows),
            subscales: vec![Vec::with_capacity(rows); self.def.subscales.len()],
            answered: Vec::with_capacity(rows),
            prorated: Vec::with_capacity(rows),
            bands: Vec::with_capacity(rows),
            errors: Vec::new(),
            missing: 0,
        }
    }

    fn score_batch<'a, T: LevelInput + 'a>(
        &self,
        rows: impl Iterator<Item = &'a [T]>,
        capacity: usize,
        opts: &ScoreOptions,
    ) -> Result<ScaleScores> {
        let kern = self.kernel(opts.offset);
        let mut out = self.empty_scores(capacity);
        let mut cells: Vec<Option<i64>> = vec![None; self.def.items.len()];
        let keep_cells = !self.compiled.subscales.is_empty();
        for (row, answers) in rows.enumerate() {
            self.score_row(row, answers, &kern, keep_cells, &mut cells, opts, &mut out);
        }
        if opts.errors == ErrorMode::Raise && !out.errors.is_empty() {
            return Err(Error::Rows { errors: out.errors });
        }
        Ok(out)
    }

    /// Scores one row of a batch into `out`. The fast loop only adds; a row with anything but
    /// whole in-range answers and missing values is re-read cell by cell to name its errors.
    #[allow(clippy::too_many_arguments)]
    #[inline]
    fn score_row<T: LevelInput>(
        &self,
        row: usize,
        answers: &[T],
        kern: &[ItemKernel],
        keep_cells: bool,
        cells: &mut [Option<i64>],
        opts: &ScoreOptions,
        out: &mut ScaleScores,
    ) {
        let mut sum = 0i64;
        let mut answered = 0usize;
        let mut bad = false;
        if keep_cells {
            for ((v, k), slot) in answers.iter().zip(kern).zip(cells.iter_mut()) {
                *slot = None;
                match v.whole().map(|a| a.wrapping_sub(k.offset)) {
                    Some(a) if a >= k.min && a <= k.max => {
                        let x = k.flip + k.sign * a;
                        *slot = Some(x);
                        sum += x;
                        answered += 1;
                    }
                    Some(_) => bad = true,
                    None => bad |= !matches!(v.numeric(), Numeric::Missing),
                }
            }
        } else {
            for (v, k) in answers.iter().zip(kern) {
                match v.whole().map(|a| a.wrapping_sub(k.offset)) {
                    Some(a) if a >= k.min && a <= k.max => {
                        sum += k.flip + k.sign * a;
                        answered += 1;
                    }
                    Some(_) => bad = true,
                    None => bad |= !matches!(v.numeric(), Numeric::Missing),
                }
            }
        }
        if bad {
            // Name every bad cell of the row (the wrapping subtraction above cannot accept a
            // value the checked reader rejects: a wrapped difference is far outside any range).
            let mut valid = 0;
            for (item, v) in answers.iter().enumerate() {
                match self.read(item, *v, opts.offset) {
                    Ok(Cell::Value(_)) => valid += 1,
                    Ok(Cell::Missing) => {}
                    Err(error) => out.errors.push(RowError {
                        row,
                        field: self.def.items.get(item).cloned().unwrap_or_default(),
                        error: Box::new(error),
                    }),
                }
            }
            out.totals.push(f64::NAN);
            for col in &mut out.subscales {
                col.push(f64::NAN);
            }
            out.answered.push(valid);
            out.prorated.push(false);
            out.bands.push(None);
            return;
        }
        let n = answers.len();
        let (total, prorated) = self.total_of(sum, answered, n, self.def.missing.max_missing);
        if total.is_none() {
            out.missing += 1;
        }
        if keep_cells {
            for ((col, pos), sub) in out
                .subscales
                .iter_mut()
                .zip(&self.compiled.subscales)
                .zip(&self.def.subscales)
            {
                col.push(
                    self.aggregate(cells, Some(pos), sub.max_missing)
                        .0
                        .unwrap_or(f64::NAN),
                );
            }
        }
        out.totals.push(total.unwrap_or(f64::NAN));
        out.answered.push(answered);
        out.prorated.push(prorated);
        out.bands.push(match (total, self.def.bands.is_empty()) {
            (Some(t), false) => self.band_index(t),
            _ => None,
        });
    }
}

fn preview(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [first, second] => format!("{first}, {second}"),
        [first, .., last] if items.len() > 3 => format!("{first}, ..., {last}"),
        _ => items.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `quick_total` (goal evaluation) agrees with `score_slice` on every kind of response:
    /// valid, missing within and beyond the rule, out of range, fractional, wrong length.
    #[test]
    fn quick_total_agrees_with_score_slice() {
        let demo = Scale::from_json(
            r#"{"id": "demo", "name": "Demo", "items": ["a", "b", "c", "d"],
                "range": {"min": 1, "max": 5}, "item_ranges": {"d": {"min": 0, "max": 10}},
                "reverse": ["b"], "total": "mean", "direction": "higher_is_better",
                "missing": {"max_missing": 1}}"#,
        );
        let Ok(demo) = demo else {
            unreachable!("the demo definition is valid: {demo:?}")
        };
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let candidates = [
            f64::NAN,
            -1.0,
            0.0,
            1.0,
            2.0,
            3.0,
            4.0,
            5.0,
            6.0,
            10.0,
            11.0,
            2.5,
        ];
        // (scored, too many missing, invalid) per scale.
        let mut seen = [[0u32; 3]; 2];
        for (scale, seen) in [Scale::sci93(), demo].into_iter().zip(&mut seen) {
            let n = scale.items().len();
            for round in 0..4000u64 {
                let len = if round % 97 == 0 { n - 1 } else { n };
                let answers: Vec<f64> = (0..len)
                    .map(|_| {
                        let r = next();
                        // Mostly valid answers so that totals are common.
                        if r % 10 < 8 {
                            #[allow(clippy::cast_precision_loss)]
                            let v = (r >> 8) % 6 + u64::from(scale.id() == "demo");
                            #[allow(clippy::cast_precision_loss)]
                            let v = v as f64;
                            v
                        } else {
                            let k = usize::try_from((r >> 8) % 12).unwrap_or(0);
                            candidates.get(k).copied().unwrap_or(f64::NAN)
                        }
                    })
                    .collect();
                let quick = scale.quick_total(&answers);
                match scale.score_slice(&answers, &ScoreOptions::default()) {
                    Ok(s) => {
                        assert_eq!(quick, Some((s.total, s.answered)), "{answers:?}");
                        seen[usize::from(s.total.is_none())] += 1;
                    }
                    Err(_) => {
                        assert_eq!(quick, None, "{answers:?}");
                        seen[2] += 1;
                    }
                }
            }
        }
        assert!(seen.iter().flatten().all(|&k| k > 0), "{seen:?}");
    }
}
