//! Goals for JavaScript: a program's declarative goals (`groupwell-goals/1`), evaluated against
//! a `Program` into a report (met / not met / inconclusive, the observed value against the
//! target, n, confidence intervals and tests, exclusions, breakdowns, the EQ-5D profile change)
//! that renders as JSON, Markdown, one self-contained HTML page or an HTML fragment for a page.
//!
//! `GoalSet` wraps a core [`GoalSet`], `GoalReport` a core [`Report`]. Goal documents cross the
//! boundary as JSON text (the core reads them; the WASM build has no TOML). `toJson()` is the
//! core's snake_case JSON, lossless; `toObject()` the same report as a plain object with
//! camelCase fields, built from mirror types here so that TypeScript knows its shape. No rule of
//! evaluation lives here.

use groupwell::Error;
use groupwell::change::ChangeClass;
use groupwell::goals::{Decision, GoalSet, Outcome, Population, Report};
use js_sys::Reflect;
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use crate::analysis::plain;
use crate::errors::{IntoJs, JsResult, describe, invalid_argument, to_js};
use crate::program::{Period, ProgramJs};

const GOALS_EXPECTED: &str = "a GoalSet, JSON text or an object in the groupwell-goals/1 format";
const OBJECT_EXPECTED: &str = "an object in the groupwell-goals/1 format ({goals: [...]})";

#[wasm_bindgen]
extern "C" {
    /// A JS value that may be a `GoalSet` handle (checked before use).
    type GoalSetHandle;

    /// `goalSet.toJson()`, catching what it throws (a freed handle).
    #[wasm_bindgen(method, catch, js_name = toJson)]
    fn to_json_catching(this: &GoalSetHandle) -> Result<JsValue, JsValue>;
}

/// Whether `value` is a handle of an exported class (`Program`, `Scale`, `GoalSet`...).
fn is_handle(value: &JsValue) -> bool {
    value.is_object() && Reflect::has(value, &JsValue::from_str("__wbg_ptr")).unwrap_or(false)
}

fn class_name(value: &JsValue) -> Option<String> {
    let ctor = Reflect::get(value, &JsValue::from_str("constructor")).ok()?;
    Reflect::get(&ctor, &JsValue::from_str("name"))
        .ok()?
        .as_string()
}

/// A plain object as JSON text (`JSON.stringify`), for the core to read.
fn object_text(value: &JsValue, argument: &str, expected: &str) -> Result<String, Error> {
    if !value.is_object()
        || value.is_function()
        || js_sys::Array::is_array(value)
        || is_handle(value)
    {
        return Err(invalid_argument(argument, describe(value), expected));
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            invalid_argument(
                argument,
                describe(value),
                "a JSON-serialisable object in the groupwell-goals/1 format",
            )
        })
}

/// Goals given as a `GoalSet`, JSON text or a plain object.
fn goal_set(value: &JsValue) -> Result<GoalSet, Error> {
    if let Some(text) = value.as_string() {
        return GoalSet::from_json(&text);
    }
    if is_handle(value) {
        if class_name(value).as_deref() != Some("GoalSet") {
            return Err(invalid_argument("goals", describe(value), GOALS_EXPECTED));
        }
        // The handle's own document: its `toJson()`, read back by the core.
        let text = value
            .unchecked_ref::<GoalSetHandle>()
            .to_json_catching()
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| {
                invalid_argument(
                    "goals",
                    "a GoalSet that was freed".into(),
                    "a GoalSet that is still alive",
                )
            })?;
        return GoalSet::from_json(&text);
    }
    GoalSet::from_json(&object_text(value, "goals", GOALS_EXPECTED)?)
}

// ------------------------------------------------------------------------------------ GoalSet

/// A program's goals (`groupwell-goals/1`): read with `GoalSet.fromJson` or
/// `GoalSet.fromObject`, evaluated with `program.evaluate(goals)`.
#[wasm_bindgen(js_name = GoalSet)]
pub struct GoalSetJs {
    set: GoalSet,
}

#[wasm_bindgen(js_class = GoalSet)]
impl GoalSetJs {
    /// Reads goals from JSON text or from an object. Only the shape is checked here: a `Json`
    /// error names the path (`goals[2].target`) with `line` and `column`. The meaning (known
    /// timepoints, measures and value sets, targets in 0..=1, unique ids...) is checked by
    /// `program.evaluate`, which throws `InvalidDefinition` naming the goal and the field.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string | GoalDocument")] goals: JsValue,
    ) -> JsResult<GoalSetJs> {
        if is_handle(&goals) {
            return Err(to_js(&invalid_argument(
                "goals",
                describe(&goals),
                "JSON text or an object; for a GoalSet, goals.toJson()",
            )));
        }
        let text = match goals.as_string() {
            Some(s) => s,
            None => object_text(
                &goals,
                "goals",
                "JSON text or an object in the groupwell-goals/1 format",
            )
            .js()?,
        };
        Ok(GoalSetJs {
            set: GoalSet::from_json(&text).js()?,
        })
    }

    /// Reads goals from a plain object (`{format?, goals: [...]}`, the JSON document's fields).
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(unchecked_param_type = "GoalDocument")] goals: JsValue,
    ) -> JsResult<GoalSetJs> {
        let text = object_text(&goals, "goals", OBJECT_EXPECTED).js()?;
        Ok(GoalSetJs {
            set: GoalSet::from_json(&text).js()?,
        })
    }

    /// The goals as pretty-printed JSON; `GoalSet.fromJson` reads it back to an equal set.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> JsResult<String> {
        self.set.to_json().js()
    }

    /// The goals as a plain object (the JSON document, snake_case fields as written).
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "GoalDocument")]
    pub fn to_object(&self) -> JsResult<JsValue> {
        js_sys::JSON::parse(&self.to_json()?)
    }

    /// The goals' ids, in report order.
    #[wasm_bindgen(getter)]
    pub fn ids(&self) -> Vec<String> {
        self.set.goals.iter().map(|g| g.id.clone()).collect()
    }

    /// The number of goals.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.set.goals.len()
    }
}

impl GoalSetJs {
    /// The core goal set.
    pub fn core(&self) -> &GoalSet {
        &self.set
    }
}

#[wasm_bindgen(js_class = Program)]
impl ProgramJs {
    /// Evaluates goals (a `GoalSet`, JSON text or an object) against the program: one result
    /// per goal, in goal order. An invalid goal (an unknown timepoint, scale or value set, a
    /// target outside 0..=1, a threshold that does not fit the measure, duplicate ids...)
    /// throws `InvalidDefinition` naming the goal and the field, and nothing is evaluated;
    /// malformed goal JSON throws `Json`.
    #[wasm_bindgen(js_name = evaluate)]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "GoalSet | string | GoalDocument")] goals: JsValue,
    ) -> JsResult<GoalReportJs> {
        let set = goal_set(&goals).js()?;
        Ok(GoalReportJs {
            report: set.evaluate(self.core()).js()?,
        })
    }
}

// ------------------------------------------------------------------------------------ report

/// The outcome of a goal, as the core writes it.
fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Met => "met",
        Outcome::NotMet => "not_met",
        Outcome::Inconclusive => "inconclusive",
    }
}

fn population(p: Population) -> &'static str {
    match p {
        Population::Completers => "completers",
        Population::Enrolled => "enrolled",
    }
}

fn decision(d: Decision) -> &'static str {
    match d {
        Decision::PointEstimate => "point_estimate",
        Decision::ConfidenceInterval => "confidence_interval",
    }
}

fn class(c: ChangeClass) -> &'static str {
    c.name()
}

/// Counts as JS numbers (far inside the exact range of doubles).
#[allow(clippy::cast_precision_loss)]
fn count(n: u64) -> f64 {
    n as f64
}

/// A share in one population of a participant-change goal.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PopulationResult {
    /// Which population: `completers` (a score at both timepoints) or `enrolled` (every
    /// enrolment of a group that ran; a missing score counts as not met).
    #[tsify(type = "GoalPopulation")]
    pub population: &'static str,
    /// Denominator.
    pub n: f64,
    /// Numerator.
    pub successes: f64,
    /// `successes / n` (`NaN` when `n` is 0).
    pub share: f64,
    /// Confidence interval, lower bound.
    pub lower: f64,
    /// Confidence interval, upper bound.
    pub upper: f64,
    /// One-sided exact binomial test against the target (greater; less for a limit).
    pub p_value: f64,
}

/// The mean change of the completers with its uncertainty.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChangeStats {
    /// Pairs.
    pub n: f64,
    /// Mean at the first timepoint.
    pub mean_from: f64,
    /// Mean at the second timepoint.
    pub mean_to: f64,
    /// Mean change (second − first).
    pub mean_change: f64,
    /// Confidence interval of the mean change, lower bound.
    pub ci_lower: f64,
    /// Upper bound.
    pub ci_upper: f64,
    /// Two-sided paired t-test p-value.
    pub t_p_value: f64,
    /// Two-sided Wilcoxon signed-rank p-value.
    pub wilcoxon_p_value: f64,
}

/// One completer's scores at the two timepoints.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GoalPair {
    /// Participant id.
    pub participant: String,
    /// Group id.
    pub group: String,
    /// Score at the first timepoint.
    pub from: f64,
    /// Score at the second timepoint.
    pub to: f64,
    /// The change's class under the goal's threshold.
    #[tsify(type = "ChangeClass")]
    pub class: &'static str,
}

/// Something left out of a goal's count, and why.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GoalExclusion {
    /// Participant id (`""` for a group-level exclusion).
    pub participant: String,
    /// Group id.
    pub group: String,
    /// Why, in words (e.g. `"no week15 measurement"`).
    pub reason: String,
}

/// One line of a breakdown.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct BreakdownRow {
    /// The group, unit, sex, theme or format (`"(not recorded)"` when absent).
    pub key: String,
    /// Denominator.
    pub n: f64,
    /// Numerator.
    pub successes: f64,
    /// Share (`NaN` for counts and empty rows).
    pub share: f64,
    /// Confidence interval, lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// A goal's result split by one attribute.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Breakdown {
    /// `group`, `unit`, `sex`, `theme` or `format`.
    pub by: String,
    /// One row per value, sorted by key.
    pub rows: Vec<BreakdownRow>,
}

/// The evaluation of one goal.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct GoalResult {
    /// The goal's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its type.
    #[tsify(type = "GoalType")]
    pub kind: String,
    /// Met, not met or inconclusive.
    #[tsify(type = "GoalOutcome")]
    pub outcome: &'static str,
    /// The observed value: a share in 0..=1 (`isShare`) or a count; `NaN` when there is none.
    pub observed: f64,
    /// The target (`NaN` for manual goals).
    pub target: f64,
    /// Whether the target is a floor (`>=`) or a ceiling (`<=`, for limits on worsening).
    #[tsify(type = "\">=\" | \"<=\"")]
    pub comparison: String,
    /// Whether the observed value is a share (0..=1) rather than a count.
    pub is_share: bool,
    /// The number the value is based on (participants, groups, enrolments).
    pub n: f64,
    /// Confidence interval of a share, `[lower, upper]`.
    pub ci: Option<[f64; 2]>,
    /// One-sided exact binomial test of a share against the target.
    pub p_value: Option<f64>,
    /// The decision rule used.
    #[tsify(type = "GoalDecision")]
    pub decision: &'static str,
    /// Confidence level.
    pub level: f64,
    /// For participant-change goals: the measure as a label (`EQ VAS`, `EQ-5D index
    /// (5L_SE_2022)`, `SCI-93 total`).
    pub measure: Option<String>,
    /// For participant-change goals: the first timepoint.
    pub from: Option<String>,
    /// For participant-change goals: the second timepoint.
    pub to: Option<String>,
    /// For participant-change goals: both populations (completers, enrolled).
    pub populations: Vec<PopulationResult>,
    /// The population that decides, for participant-change goals.
    #[tsify(type = "GoalPopulation | null")]
    pub deciding: Option<&'static str>,
    /// For participant-change goals: the mean change with its tests.
    pub change: Option<ChangeStats>,
    /// For participant-change goals: each completer's scores.
    pub pairs: Vec<GoalPair>,
    /// What was left out, and why.
    pub exclusions: Vec<GoalExclusion>,
    /// Breakdowns by group, unit, sex and theme (shares) or theme and unit (counts).
    pub breakdowns: Vec<Breakdown>,
    /// Notes on how the value was reached (the threshold used, the groups counted...).
    pub details: Vec<String>,
}

/// The Paretian Classification of Health Change of the EQ-5D profiles between two timepoints,
/// over every enrolment of a group that has run with a valid state at both (`11111` at both is
/// `noProblems`, not `noChange`).
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ProfileChange {
    /// First timepoint.
    pub from: String,
    /// Second timepoint.
    pub to: String,
    /// Enrolments with a valid state at both timepoints.
    pub pairs: f64,
    /// Better in at least one dimension and worse in none.
    pub improve: f64,
    /// Worse in at least one dimension and better in none.
    pub worsen: f64,
    /// Better in some dimensions, worse in others.
    pub mixed: f64,
    /// The same levels, with some problem.
    pub no_change: f64,
    /// `11111` at both timepoints.
    pub no_problems: f64,
    /// Enrolments without a valid state at one or both timepoints.
    pub without_pair: f64,
}

/// The evaluation of a goal set against a program (`GoalReport.toObject()`): the core's report
/// with camelCase fields; numbers the JSON writes as `null` (not computable) are `NaN`.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GoalReportData {
    /// The program's id.
    pub program_id: String,
    /// The program's name.
    pub program_name: String,
    /// The program's period.
    pub period: Period,
    /// One result per goal, in goal order.
    pub results: Vec<GoalResult>,
    /// The EQ-5D profile change for each pair of timepoints an EQ VAS or EQ-5D index goal
    /// compares, in goal order without repeats.
    pub profile_changes: Vec<ProfileChange>,
}

impl GoalReportData {
    /// The mirror of a core report. Every struct is destructured in full, so a field the core
    /// adds fails to compile here until it is mirrored.
    pub fn of(report: &Report) -> GoalReportData {
        let Report {
            program_id,
            program_name,
            period,
            results,
            profile_changes,
        } = report;
        GoalReportData {
            program_id: program_id.clone(),
            program_name: program_name.clone(),
            period: Period {
                start: period.start.to_string(),
                end: period.end.to_string(),
            },
            results: results.iter().map(goal_result).collect(),
            profile_changes: profile_changes.iter().map(profile_change).collect(),
        }
    }
}

fn goal_result(r: &groupwell::goals::GoalResult) -> GoalResult {
    let groupwell::goals::GoalResult {
        id,
        title,
        kind,
        outcome: o,
        observed,
        target,
        comparison,
        is_share,
        n,
        ci,
        p_value,
        decision: d,
        level,
        measure,
        from,
        to,
        populations,
        deciding,
        change,
        pairs,
        exclusions,
        breakdowns,
        details,
    } = r;
    GoalResult {
        id: id.clone(),
        title: title.clone(),
        kind: kind.clone(),
        outcome: outcome(*o),
        observed: *observed,
        target: *target,
        comparison: comparison.clone(),
        is_share: *is_share,
        n: count(*n),
        ci: ci.map(|(lo, hi)| [lo, hi]),
        p_value: *p_value,
        decision: decision(*d),
        level: *level,
        measure: measure.clone(),
        from: from.clone(),
        to: to.clone(),
        populations: populations.iter().map(population_result).collect(),
        deciding: deciding.map(population),
        change: change.as_ref().map(change_stats),
        pairs: pairs.iter().map(pair).collect(),
        exclusions: exclusions.iter().map(exclusion).collect(),
        breakdowns: breakdowns.iter().map(breakdown).collect(),
        details: details.clone(),
    }
}

fn population_result(p: &groupwell::goals::PopulationResult) -> PopulationResult {
    let groupwell::goals::PopulationResult {
        population: which,
        n,
        successes,
        share,
        lower,
        upper,
        p_value,
    } = p;
    PopulationResult {
        population: population(*which),
        n: count(*n),
        successes: count(*successes),
        share: *share,
        lower: *lower,
        upper: *upper,
        p_value: *p_value,
    }
}

fn change_stats(c: &groupwell::goals::ChangeStats) -> ChangeStats {
    let groupwell::goals::ChangeStats {
        n,
        mean_from,
        mean_to,
        mean_change,
        ci_lower,
        ci_upper,
        t_p_value,
        wilcoxon_p_value,
    } = c;
    ChangeStats {
        n: count(*n as u64),
        mean_from: *mean_from,
        mean_to: *mean_to,
        mean_change: *mean_change,
        ci_lower: *ci_lower,
        ci_upper: *ci_upper,
        t_p_value: *t_p_value,
        wilcoxon_p_value: *wilcoxon_p_value,
    }
}

fn pair(p: &groupwell::goals::Pair) -> GoalPair {
    let groupwell::goals::Pair {
        participant,
        group,
        from,
        to,
        class: c,
    } = p;
    GoalPair {
        participant: participant.clone(),
        group: group.clone(),
        from: *from,
        to: *to,
        class: class(*c),
    }
}

fn exclusion(e: &groupwell::goals::Exclusion) -> GoalExclusion {
    let groupwell::goals::Exclusion {
        participant,
        group,
        reason,
    } = e;
    GoalExclusion {
        participant: participant.clone(),
        group: group.clone(),
        reason: reason.clone(),
    }
}

fn breakdown(b: &groupwell::goals::Breakdown) -> Breakdown {
    let groupwell::goals::Breakdown { by, rows } = b;
    Breakdown {
        by: by.clone(),
        rows: rows
            .iter()
            .map(|r| {
                let groupwell::goals::BreakdownRow {
                    key,
                    n,
                    successes,
                    share,
                    lower,
                    upper,
                } = r;
                BreakdownRow {
                    key: key.clone(),
                    n: count(*n),
                    successes: count(*successes),
                    share: *share,
                    lower: *lower,
                    upper: *upper,
                }
            })
            .collect(),
    }
}

fn profile_change(p: &groupwell::goals::ProfileChange) -> ProfileChange {
    let groupwell::goals::ProfileChange {
        from,
        to,
        pairs,
        improve,
        worsen,
        mixed,
        no_change,
        no_problems,
        without_pair,
    } = p;
    ProfileChange {
        from: from.clone(),
        to: to.clone(),
        pairs: count(*pairs),
        improve: count(*improve),
        worsen: count(*worsen),
        mixed: count(*mixed),
        no_change: count(*no_change),
        no_problems: count(*no_problems),
        without_pair: count(*without_pair),
    }
}

/// The evaluation of a goal set against a program (`program.evaluate(goals)`): as a plain
/// object (`toObject()`), as the core's JSON (`toJson()`, lossless), as Markdown, as one
/// self-contained HTML page with inline SVG charts or as a fragment of HTML for another page.
#[wasm_bindgen(js_name = GoalReport)]
pub struct GoalReportJs {
    report: Report,
}

#[wasm_bindgen(js_class = GoalReport)]
impl GoalReportJs {
    /// The report as a plain object with camelCase fields (a new object on every call); numbers
    /// that `toJson()` writes as `null` (not computable) are `NaN` here.
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "GoalReportData")]
    pub fn to_object(&self) -> JsResult<JsValue> {
        plain(&GoalReportData::of(&self.report))
    }

    /// The report as the core writes it: pretty-printed JSON with snake_case fields (`null`
    /// for numbers that cannot be computed), the same as the CLI's `goals --json`.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> JsResult<String> {
        self.report.to_json().js()
    }

    /// The report as Markdown: a summary table and one section per goal.
    #[wasm_bindgen(js_name = toMarkdown)]
    pub fn to_markdown(&self) -> String {
        self.report.to_markdown()
    }

    /// The report as one self-contained HTML document (inline CSS and SVG charts; nothing is
    /// fetched when it is opened).
    #[wasm_bindgen(js_name = toHtml)]
    pub fn to_html(&self) -> String {
        self.report.to_html()
    }

    /// The report as an HTML fragment to place inside a page: one `<div
    /// class="groupwell-report">` holding its own `<style>` (every rule scoped to that `div`, so
    /// the page around it keeps its look), the tables and the inline SVG charts; no script, and
    /// every text from the program and the goals escaped. `toHtml()` is this fragment in a
    /// document of its own. A page that inserts it needs `style-src 'unsafe-inline'` in its
    /// Content-Security-Policy.
    #[wasm_bindgen(js_name = toHtmlFragment)]
    pub fn to_html_fragment(&self) -> String {
        self.report.to_html_fragment()
    }

    /// The program's id.
    #[wasm_bindgen(getter, js_name = programId)]
    pub fn program_id(&self) -> String {
        self.report.program_id.clone()
    }

    /// The program's name.
    #[wasm_bindgen(getter, js_name = programName)]
    pub fn program_name(&self) -> String {
        self.report.program_name.clone()
    }
}

impl GoalReportJs {
    /// The core report.
    pub fn core(&self) -> &Report {
        &self.report
    }
}
