//! Evaluation of goals against a program.

use std::collections::BTreeMap;
use std::fmt;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::{
    Criterion, Decision, Goal, GoalKind, GoalSet, Measure, Offering, Population, ThresholdSpec,
    invalid,
};
use crate::change::{ChangeClass, Direction, Threshold, classify};
use crate::eq5d::analysis::{Change as PchcChange, classify as pchc_classify};
use crate::eq5d::{EqVas, State, ValueSet, find};
use crate::error::{Error, Result};
use crate::program::{Assignments, Enrolment, Group, GroupFilter, Period, Program};
use crate::scales::Scale;
use crate::stats::{Alternative, Summary, binomial_test, paired, proportion};

/// The outcome of a goal.
///
/// ```
/// use groupwell::goals::Outcome;
/// assert_eq!(Outcome::NotMet.to_string(), "not met");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The target was reached (by the goal's decision rule).
    Met,
    /// It was not.
    NotMet,
    /// The data cannot tell (the confidence interval straddles the target, or nothing to
    /// evaluate).
    Inconclusive,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Met => "met",
            Outcome::NotMet => "not met",
            Outcome::Inconclusive => "inconclusive",
        })
    }
}

/// Something left out of a goal's count, and why.
///
/// ```
/// use groupwell::goals::Exclusion;
/// let e = Exclusion { participant: "P1".into(), group: "g1".into(), reason: "no week15 measurement".into() };
/// assert_eq!(e.group, "g1");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exclusion {
    /// Participant id (empty for a group-level exclusion).
    pub participant: String,
    /// Group id.
    pub group: String,
    /// Why.
    pub reason: String,
}

/// A share in one population.
///
/// ```
/// use groupwell::goals::PopulationResult;
/// # let _ = std::mem::size_of::<PopulationResult>();
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PopulationResult {
    /// Which population.
    pub population: Population,
    /// Denominator.
    pub n: u64,
    /// Numerator.
    pub successes: u64,
    /// `successes / n`.
    #[serde(with = "nan_as_null")]
    pub share: f64,
    /// Confidence interval, lower bound.
    #[serde(with = "nan_as_null")]
    pub lower: f64,
    /// Confidence interval, upper bound.
    #[serde(with = "nan_as_null")]
    pub upper: f64,
    /// One-sided exact binomial test against the target (greater; less for a limit).
    #[serde(with = "nan_as_null")]
    pub p_value: f64,
}

/// The mean change of the completers with its uncertainty.
///
/// ```
/// use groupwell::goals::ChangeStats;
/// # let _ = std::mem::size_of::<ChangeStats>();
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeStats {
    /// Pairs.
    pub n: usize,
    /// Mean at the first timepoint.
    #[serde(with = "nan_as_null")]
    pub mean_from: f64,
    /// Mean at the second timepoint.
    #[serde(with = "nan_as_null")]
    pub mean_to: f64,
    /// Mean change (second − first).
    #[serde(with = "nan_as_null")]
    pub mean_change: f64,
    /// Confidence interval of the mean change.
    #[serde(with = "nan_as_null")]
    pub ci_lower: f64,
    /// Upper bound.
    #[serde(with = "nan_as_null")]
    pub ci_upper: f64,
    /// Two-sided paired t-test p-value.
    #[serde(with = "nan_as_null")]
    pub t_p_value: f64,
    /// Two-sided Wilcoxon signed-rank p-value.
    #[serde(with = "nan_as_null")]
    pub wilcoxon_p_value: f64,
}

/// One participant's scores at the two timepoints, for charts.
///
/// ```
/// use groupwell::change::ChangeClass;
/// use groupwell::goals::Pair;
/// let p = Pair { participant: "P1".into(), group: "g1".into(), from: 55.0, to: 70.0, class: ChangeClass::Improved };
/// assert!(p.to > p.from);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// Participant id.
    pub participant: String,
    /// Group id.
    pub group: String,
    /// Score at the first timepoint.
    #[serde(with = "nan_as_null")]
    pub from: f64,
    /// Score at the second timepoint.
    #[serde(with = "nan_as_null")]
    pub to: f64,
    /// The change's class under the goal's threshold.
    pub class: ChangeClass,
}

/// One line of a breakdown.
///
/// ```
/// use groupwell::goals::BreakdownRow;
/// let r = BreakdownRow { key: "female".into(), n: 10, successes: 6, share: 0.6, lower: 0.31, upper: 0.83 };
/// assert_eq!(r.n, 10);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakdownRow {
    /// The group, unit, sex or theme (`"(not recorded)"` when absent).
    pub key: String,
    /// Denominator.
    pub n: u64,
    /// Numerator.
    pub successes: u64,
    /// Share.
    #[serde(with = "nan_as_null")]
    pub share: f64,
    /// Confidence interval, lower bound.
    #[serde(with = "nan_as_null")]
    pub lower: f64,
    /// Upper bound.
    #[serde(with = "nan_as_null")]
    pub upper: f64,
}

/// A goal's result split by one attribute.
///
/// ```
/// use groupwell::goals::Breakdown;
/// let b = Breakdown { by: "sex".into(), rows: vec![] };
/// assert!(b.rows.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// `group`, `unit`, `sex` or `theme`.
    pub by: String,
    /// One row per value, sorted by key.
    pub rows: Vec<BreakdownRow>,
}

/// The evaluation of one goal.
///
/// ```
/// # use groupwell::goals::{GoalSet, Outcome};
/// # use groupwell::program::Program;
/// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
/// # let goals = GoalSet::from_json(r#"{"goals": [{"id": "g", "title": "T", "type": "group_count",
/// #   "period": {"start": "2015-01-01", "end": "2015-12-31"}, "at_least": 6}]}"#)?;
/// let r = &goals.evaluate(&program)?.results[0];
/// assert_eq!((r.outcome, r.observed, r.target), (Outcome::NotMet, 5.0, 6.0));
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoalResult {
    /// The goal's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its type (`participant_change`, `group_count`...).
    pub kind: String,
    /// Met, not met or inconclusive.
    pub outcome: Outcome,
    /// The observed value (a share in 0..=1, or a count).
    #[serde(with = "nan_as_null")]
    pub observed: f64,
    /// The target.
    #[serde(with = "nan_as_null")]
    pub target: f64,
    /// Whether the target is a floor (`>=`) or a ceiling (`<=`, for limits on worsening).
    pub comparison: String,
    /// Whether the observed value is a share (0..=1) rather than a count.
    pub is_share: bool,
    /// The number the value is based on (participants, groups, enrolments).
    pub n: u64,
    /// Confidence interval of a share.
    pub ci: Option<(f64, f64)>,
    /// One-sided exact binomial test of a share against the target.
    pub p_value: Option<f64>,
    /// The decision rule used.
    pub decision: Decision,
    /// Confidence level.
    #[serde(with = "nan_as_null")]
    pub level: f64,
    /// For participant-change goals: the measure as a label (`EQ VAS`, `EQ-5D index
    /// (5L_SE_2022)`, `SCI-93 total`).
    #[serde(default)]
    pub measure: Option<String>,
    /// For participant-change goals: the first timepoint.
    #[serde(default)]
    pub from: Option<String>,
    /// For participant-change goals: the second timepoint.
    #[serde(default)]
    pub to: Option<String>,
    /// For participant-change goals: both populations, and which decides.
    pub populations: Vec<PopulationResult>,
    /// The deciding population, if the goal has populations.
    pub deciding: Option<Population>,
    /// For participant-change goals: the mean change with its tests.
    pub change: Option<ChangeStats>,
    /// For participant-change goals: each completer's scores.
    pub pairs: Vec<Pair>,
    /// What was left out, and why.
    pub exclusions: Vec<Exclusion>,
    /// Breakdowns by group, unit, sex and theme (shares) or theme and unit (counts).
    pub breakdowns: Vec<Breakdown>,
    /// Notes on how the value was reached (the threshold used, the groups counted...).
    pub details: Vec<String>,
}

/// The evaluation of a goal set against a program.
///
/// ```
/// # use groupwell::goals::GoalSet;
/// # use groupwell::program::Program;
/// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
/// let report = GoalSet::from_json(r#"{"goals": []}"#)?.evaluate(&program)?;
/// assert_eq!(report.program_id, "self-help-2015");
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The program's id.
    pub program_id: String,
    /// The program's name.
    pub program_name: String,
    /// The program's period.
    pub period: Period,
    /// One result per goal, in goal order.
    pub results: Vec<GoalResult>,
    /// The EQ-5D profile change (PCHC) for each pair of timepoints that an EQ VAS or EQ-5D
    /// index goal compares, in goal order without repeats.
    #[serde(default)]
    pub profile_changes: Vec<ProfileChange>,
}

/// The Paretian Classification of Health Change of the EQ-5D profiles between two timepoints,
/// over every enrolment in a group that has run with a valid EQ-5D state at both.
///
/// `11111` at both timepoints is counted as *no problems*, not as *no change*.
///
/// ```
/// use groupwell::goals::ProfileChange;
/// let p = ProfileChange { from: "baseline".into(), to: "week15".into(), pairs: 10,
///     improve: 5, worsen: 2, mixed: 1, no_change: 1, no_problems: 1, without_pair: 3 };
/// assert_eq!(p.improve + p.worsen + p.mixed + p.no_change + p.no_problems, p.pairs);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileChange {
    /// First timepoint.
    pub from: String,
    /// Second timepoint.
    pub to: String,
    /// Enrolments with a valid state at both timepoints.
    pub pairs: u64,
    /// Better in at least one dimension and worse in none.
    pub improve: u64,
    /// Worse in at least one dimension and better in none.
    pub worsen: u64,
    /// Better in some dimensions, worse in others.
    pub mixed: u64,
    /// The same levels, with some problem.
    pub no_change: u64,
    /// `11111` at both timepoints.
    pub no_problems: u64,
    /// Enrolments (in groups that have run) without a valid state at one or both timepoints.
    pub without_pair: u64,
}

impl Report {
    /// The report as pretty-printed JSON.
    ///
    /// ```
    /// # use groupwell::goals::GoalSet;
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let report = GoalSet::from_json(r#"{"goals": []}"#)?.evaluate(&program)?;
    /// assert!(report.to_json()?.contains("\"program_id\""));
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| Error::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    }
}

/// Scores one measurement on one measure.
enum Scorer {
    Vas,
    Index(&'static ValueSet),
    Scale(Box<Scale>),
}

impl Scorer {
    fn direction(&self) -> Direction {
        match self {
            Scorer::Vas | Scorer::Index(_) => Direction::HigherIsBetter,
            Scorer::Scale(s) => s.definition().direction,
        }
    }

    /// The score, or why there is none.
    fn score(&self, m: &crate::program::Measurement) -> std::result::Result<f64, String> {
        match self {
            Scorer::Vas => match m.vas {
                None => Err("no EQ VAS answer".into()),
                Some(v) => EqVas::new(v)
                    .map(EqVas::value)
                    .map_err(|_| "an invalid EQ VAS answer".into()),
            },
            Scorer::Index(vs) => match &m.eq5d {
                None => Err("no EQ-5D answer".into()),
                Some(s) => vs.index_str(s).map_err(|_| "an invalid EQ-5D state".into()),
            },
            Scorer::Scale(scale) => match m.scales.get(scale.id()) {
                None => Err(format!("no {} answers", scale.id())),
                Some(a) => match scale.quick_total(a) {
                    Some((total, answered)) => total.ok_or_else(|| {
                        format!(
                            "too many unanswered {} items for a score ({answered} of {} answered)",
                            scale.id(),
                            scale.items().len()
                        )
                    }),
                    None => Err(format!("an invalid {} answer", scale.id())),
                },
            },
        }
    }

    /// The measure as a label for reports.
    fn label(&self) -> String {
        match self {
            Scorer::Vas => "EQ VAS".into(),
            Scorer::Index(vs) => format!("EQ-5D index ({})", vs.id()),
            Scorer::Scale(s) => format!("{} total", s.id()),
        }
    }

    /// The measure's range width (for checking an absolute MID).
    fn range_width(&self) -> f64 {
        match self {
            Scorer::Vas => 100.0,
            Scorer::Index(_) => 2.0,
            Scorer::Scale(s) => {
                let (lo, hi) = s.total_range();
                hi - lo
            }
        }
    }
}

fn scale_of(program: &Program, id: &str) -> Option<Scale> {
    if let Some(def) = program.instruments.scales.iter().find(|d| d.id == id) {
        return Scale::from_definition(def.clone()).ok();
    }
    (id == crate::scales::SCI93_ID).then(Scale::sci93)
}

/// Enrolments of groups that ran and pass the filter (and joined in the period).
fn enrolments_of<'a>(
    ctx: &Context<'a>,
    filter: &GroupFilter,
    period: Option<&Period>,
) -> Vec<(usize, &'a Enrolment, &'a Group)> {
    ctx.program
        .enrolments
        .iter()
        .zip(&ctx.group_of)
        .enumerate()
        .filter_map(|(i, (e, g))| {
            let g = (*g)?;
            (g.status.has_run() && filter.matches(g) && period.is_none_or(|p| p.contains(e.joined)))
                .then_some((i, e, g))
        })
        .collect()
}

fn check_share(goal: &Goal, field: &str, v: f64) -> Result<()> {
    if (0.0..=1.0).contains(&v) {
        Ok(())
    } else {
        Err(invalid(
            &goal.id,
            field,
            format!("{v} is not a share (expected a number in 0..=1, e.g. 0.5 for 50%)"),
        ))
    }
}

fn check_period(goal: &Goal, field: &str, p: &Period) -> Result<()> {
    if p.end < p.start {
        return Err(invalid(
            &goal.id,
            field,
            format!("the period ends ({}) before it starts ({})", p.end, p.start),
        ));
    }
    Ok(())
}

struct Context<'a> {
    program: &'a Program,
    /// Each enrolment's group (`None`: an unknown group).
    group_of: Vec<Option<&'a Group>>,
    /// Breakdown keys of every enrolment: group, unit, sex and theme, in that order.
    keys: [Keys<'a>; 4],
    assignments: Assignments,
    /// `offsets[e]..offsets[e + 1]`: enrolment `e`'s assignments.
    offsets: Vec<usize>,
}

impl Context<'_> {
    /// The measurement assigned to enrolment `e` at `timepoint`.
    fn assigned(&self, e: usize, timepoint: &str) -> Option<&crate::program::Measurement> {
        let (&from, &to) = (self.offsets.get(e)?, self.offsets.get(e + 1)?);
        let a = self
            .assignments
            .assignments
            .get(from..to)?
            .iter()
            .find(|a| a.timepoint == timepoint)?;
        self.program.measurements.get(a.measurement)
    }
}

impl GoalSet {
    /// Evaluates every goal against `program`. An invalid goal (an unknown measure, scale,
    /// value set or timepoint, a target outside 0..=1, a threshold that does not fit the
    /// measure, duplicate goal ids) is an [`Error::InvalidDefinition`] naming the goal and the
    /// field; nothing is evaluated then.
    ///
    /// ```
    /// # use groupwell::goals::GoalSet;
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let goals = GoalSet::from_json(r#"{"goals": [{"id": "vas", "title": "EQ VAS",
    ///   "type": "participant_change", "measure": {"kind": "eq_vas"}, "from": "baseline",
    ///   "to": "week16", "criterion": "improved", "threshold": {"type": "strict"}, "target": 0.5}]}"#)?;
    /// let e = goals.evaluate(&program).unwrap_err().to_string();
    /// assert!(e.contains("\"vas\"") && e.contains("to") && e.contains("week16"), "{e}");
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn evaluate(&self, program: &Program) -> Result<Report> {
        let mut ids = FxHashSet::default();
        for (i, g) in self.goals.iter().enumerate() {
            if g.id.trim().is_empty() {
                return Err(invalid("", &format!("goals[{i}].id"), "empty goal id"));
            }
            if !ids.insert(g.id.as_str()) {
                return Err(invalid(&g.id, "id", "the id is used by another goal"));
            }
            if !(g.level > 0.0 && g.level < 1.0) {
                return Err(invalid(
                    &g.id,
                    "level",
                    format!("{} is not a confidence level (expected e.g. 0.95)", g.level),
                ));
            }
        }
        // Check every goal before evaluating any.
        let mut prepared = Vec::with_capacity(self.goals.len());
        for g in &self.goals {
            prepared.push(prepare(g, program)?);
        }
        let assignments = program.assign_timepoints();
        // Where each enrolment's assignments start (they are sorted by enrolment): a direct
        // lookup instead of a binary search per question.
        let mut offsets = Vec::with_capacity(program.enrolments.len() + 1);
        let mut at = 0;
        for e in 0..=program.enrolments.len() {
            while assignments
                .assignments
                .get(at)
                .is_some_and(|a| a.enrolment < e)
            {
                at += 1;
            }
            offsets.push(at);
        }
        let groups: FxHashMap<&str, &Group> =
            program.groups.iter().map(|g| (g.id.as_str(), g)).collect();
        let participants: FxHashMap<&str, &crate::program::Participant> = program
            .participants
            .iter()
            .map(|p| (p.id.as_str(), p))
            .collect();
        let (group_of, keys) = enrolment_keys(program, &groups, &participants);
        let ctx = Context {
            program,
            group_of,
            keys,
            assignments,
            offsets,
        };
        let results = self
            .goals
            .iter()
            .zip(prepared)
            .map(|(g, p)| evaluate_goal(g, p, &ctx))
            .collect::<Result<Vec<_>>>()?;
        let mut profile_changes: Vec<ProfileChange> = Vec::new();
        for g in &self.goals {
            if let GoalKind::ParticipantChange {
                measure: Measure::EqVas | Measure::Eq5dIndex { .. },
                from,
                to,
                ..
            } = &g.kind
                && !profile_changes
                    .iter()
                    .any(|p| &p.from == from && &p.to == to)
            {
                profile_changes.push(profile_change(&ctx, from, to));
            }
        }
        Ok(Report {
            program_id: program.id.clone(),
            program_name: program.name.clone(),
            period: program.period,
            results,
            profile_changes,
        })
    }
}

/// PCHC counts between two timepoints over the enrolments of groups that have run.
fn profile_change(ctx: &Context<'_>, from: &str, to: &str) -> ProfileChange {
    let program = ctx.program;
    let instrument = program.instruments.eq5d;
    let state_at = |i: usize, tp: &str| {
        let text = ctx.assigned(i, tp)?.eq5d.as_deref()?;
        // Five level digits, the common case, without the general parser.
        let max = b'0' + instrument.levels();
        if let &[a, b, c, d, e] = text.as_bytes()
            && [a, b, c, d, e].iter().all(|l| (b'1'..=max).contains(l))
        {
            return Some([a - b'0', b - b'0', c - b'0', d - b'0', e - b'0']);
        }
        State::parse(instrument, text).ok().map(|s| s.levels())
    };
    let mut p = ProfileChange {
        from: from.into(),
        to: to.into(),
        pairs: 0,
        improve: 0,
        worsen: 0,
        mixed: 0,
        no_change: 0,
        no_problems: 0,
        without_pair: 0,
    };
    for (i, g) in ctx.group_of.iter().enumerate() {
        if !g.is_some_and(|g| g.status.has_run()) {
            continue;
        }
        match (state_at(i, from), state_at(i, to)) {
            (Some(a), Some(b)) => {
                p.pairs += 1;
                let slot = match pchc_classify(a, b, true) {
                    PchcChange::Improve => &mut p.improve,
                    PchcChange::Worsen => &mut p.worsen,
                    PchcChange::Mixed => &mut p.mixed,
                    PchcChange::NoChange => &mut p.no_change,
                    PchcChange::NoProblems => &mut p.no_problems,
                };
                *slot += 1;
            }
            _ => p.without_pair += 1,
        }
    }
    p
}

/// What a goal needs, checked.
enum Prepared {
    Change(Scorer),
    Other,
}

fn prepare(goal: &Goal, program: &Program) -> Result<Prepared> {
    match &goal.kind {
        GoalKind::ParticipantChange {
            measure,
            from,
            to,
            threshold,
            target,
            period,
            ..
        } => {
            check_share(goal, "target", *target)?;
            if let Some(p) = period {
                check_period(goal, "period", p)?;
            }
            let names = program.schedule.names();
            for (field, tp) in [("from", from), ("to", to)] {
                if !names.contains(&tp.as_str()) {
                    return Err(invalid(
                        &goal.id,
                        field,
                        format!(
                            "timepoint {tp:?} is not in the program's schedule ({})",
                            names.join(", ")
                        ),
                    ));
                }
            }
            if from == to {
                return Err(invalid(&goal.id, "to", "the same timepoint as `from`"));
            }
            let scorer = match measure {
                Measure::EqVas => Scorer::Vas,
                Measure::Eq5dIndex { value_set } => {
                    let vs = find(value_set, Some(program.instruments.eq5d)).map_err(|e| {
                        invalid(&goal.id, "measure.value_set", e.to_string())
                    })?;
                    if vs.instrument() != program.instruments.eq5d {
                        return Err(invalid(
                            &goal.id,
                            "measure.value_set",
                            format!(
                                "{} is for {}, but the program's EQ-5D is {}",
                                vs.id(),
                                vs.instrument(),
                                program.instruments.eq5d
                            ),
                        ));
                    }
                    Scorer::Index(vs)
                }
                Measure::Scale { scale } => Scorer::Scale(Box::new(scale_of(program, scale).ok_or_else(
                    || {
                        invalid(
                            &goal.id,
                            "measure.scale",
                            format!(
                                "scale {scale:?} is neither built in nor defined (validly) in the program"
                            ),
                        )
                    },
                )?)),
            };
            match *threshold {
                ThresholdSpec::Strict => {}
                ThresholdSpec::Mid => {
                    if matches!(scorer, Scorer::Scale(_)) {
                        return Err(invalid(
                            &goal.id,
                            "threshold",
                            "no published minimal important difference for a scale: give an absolute MID or use reliable change",
                        ));
                    }
                }
                ThresholdSpec::Absolute { mid } => {
                    let width = scorer.range_width();
                    if !(mid.is_finite() && mid > 0.0 && mid < width) {
                        return Err(invalid(
                            &goal.id,
                            "threshold.mid",
                            format!(
                                "{mid} does not fit the measure (expected a positive number below its range, {width})"
                            ),
                        ));
                    }
                }
                ThresholdSpec::Reliable { sd, reliability } => {
                    if let Some(sd) = sd
                        && !(sd.is_finite() && sd > 0.0)
                    {
                        return Err(invalid(
                            &goal.id,
                            "threshold.sd",
                            format!(
                                "{sd} is not a standard deviation (expected a positive number)"
                            ),
                        ));
                    }
                    match reliability {
                        Some(r) if !(0.0..1.0).contains(&r) => {
                            return Err(invalid(
                                &goal.id,
                                "threshold.reliability",
                                format!("{r} is not a reliability (expected a number in 0..1)"),
                            ));
                        }
                        Some(_) => {}
                        None => {
                            if default_reliability(&scorer).is_none() {
                                return Err(invalid(
                                    &goal.id,
                                    "threshold.reliability",
                                    "required for this measure (SCI-93 has a published 0.95; others need one)",
                                ));
                            }
                        }
                    }
                }
            }
            Ok(Prepared::Change(scorer))
        }
        GoalKind::GroupCount { period, .. } | GoalKind::DistinctOfferings { period, .. } => {
            check_period(goal, "period", period)?;
            Ok(Prepared::Other)
        }
        GoalKind::Participation {
            period,
            at_least,
            more_than_in,
            ..
        } => {
            check_period(goal, "period", period)?;
            if let Some(p) = more_than_in {
                check_period(goal, "more_than_in", p)?;
            }
            if at_least.is_none() && more_than_in.is_none() {
                return Err(invalid(
                    &goal.id,
                    "at_least",
                    "give a number to reach (`at_least`), a period to beat (`more_than_in`), or both",
                ));
            }
            Ok(Prepared::Other)
        }
        GoalKind::GroupSize {
            period,
            min,
            max,
            share,
            ..
        } => {
            check_period(goal, "period", period)?;
            if min > max || *max == 0 {
                return Err(invalid(
                    &goal.id,
                    "max",
                    format!("the size {min}..={max} is empty"),
                ));
            }
            if let Some(s) = share {
                check_share(goal, "share", *s)?;
            }
            Ok(Prepared::Other)
        }
        GoalKind::FollowUpRate {
            timepoint,
            target,
            period,
            ..
        } => {
            check_share(goal, "target", *target)?;
            if let Some(p) = period {
                check_period(goal, "period", p)?;
            }
            if !program.schedule.names().contains(&timepoint.as_str()) {
                return Err(invalid(
                    &goal.id,
                    "timepoint",
                    format!(
                        "timepoint {timepoint:?} is not in the program's schedule ({})",
                        program.schedule.names().join(", ")
                    ),
                ));
            }
            Ok(Prepared::Other)
        }
        GoalKind::Manual { evidence, .. } => {
            if evidence.trim().is_empty() {
                return Err(invalid(
                    &goal.id,
                    "evidence",
                    "a manual status needs its evidence",
                ));
            }
            Ok(Prepared::Other)
        }
    }
}

fn default_reliability(scorer: &Scorer) -> Option<f64> {
    match scorer {
        Scorer::Scale(s) if s.id() == crate::scales::SCI93_ID => Some(0.95),
        _ => None,
    }
}

fn kind_name(kind: &GoalKind) -> &'static str {
    match kind {
        GoalKind::ParticipantChange { .. } => "participant_change",
        GoalKind::GroupCount { .. } => "group_count",
        GoalKind::DistinctOfferings { .. } => "distinct_offerings",
        GoalKind::Participation { .. } => "participation",
        GoalKind::GroupSize { .. } => "group_size",
        GoalKind::FollowUpRate { .. } => "follow_up_rate",
        GoalKind::Manual { .. } => "manual",
    }
}

fn blank(goal: &Goal) -> GoalResult {
    GoalResult {
        id: goal.id.clone(),
        title: goal.title.clone(),
        kind: kind_name(&goal.kind).into(),
        outcome: Outcome::Inconclusive,
        observed: f64::NAN,
        target: f64::NAN,
        comparison: ">=".into(),
        is_share: false,
        n: 0,
        ci: None,
        p_value: None,
        decision: goal.decision,
        level: goal.level,
        measure: None,
        from: None,
        to: None,
        populations: Vec::new(),
        deciding: None,
        change: None,
        pairs: Vec::new(),
        exclusions: Vec::new(),
        breakdowns: Vec::new(),
        details: Vec::new(),
    }
}

/// The outcome of a share against a floor (or a ceiling when `limit`).
fn decide_share(
    decision: Decision,
    share: f64,
    lower: f64,
    upper: f64,
    target: f64,
    limit: bool,
) -> Outcome {
    if share.is_nan() {
        return Outcome::Inconclusive;
    }
    let reaches = |x: f64| if limit { x <= target } else { x >= target };
    match decision {
        Decision::PointEstimate => {
            if reaches(share) {
                Outcome::Met
            } else {
                Outcome::NotMet
            }
        }
        Decision::ConfidenceInterval => {
            let (near, far) = if limit {
                (upper, lower)
            } else {
                (lower, upper)
            };
            if reaches(near) {
                Outcome::Met
            } else if !reaches(far) {
                Outcome::NotMet
            } else {
                Outcome::Inconclusive
            }
        }
    }
}

fn count_outcome(observed: u64, target: u64) -> Outcome {
    if observed >= target {
        Outcome::Met
    } else {
        Outcome::NotMet
    }
}

/// Counts per breakdown key, borrowed from the program: key → (n, successes).
type Tally<'a> = FxHashMap<&'a str, (u64, u64)>;

/// One breakdown's keys, interned once per evaluation: the distinct names and each
/// enrolment's index into them (so that goals count into arrays, not maps of strings).
#[derive(Default)]
struct Keys<'a> {
    names: Vec<&'a str>,
    of: Vec<u32>,
}

impl<'a> Keys<'a> {
    fn new(keys: impl Iterator<Item = &'a str>) -> Keys<'a> {
        let mut index: FxHashMap<&str, u32> = FxHashMap::default();
        let mut names = Vec::new();
        // Enrolments come grouped: the same key as the previous one needs no lookup.
        let mut last: Option<(&str, u32)> = None;
        let of = keys
            .map(|k| {
                if let Some((key, i)) = last
                    && key == k
                {
                    return i;
                }
                let i = *index.entry(k).or_insert_with(|| {
                    names.push(k);
                    u32::try_from(names.len() - 1).unwrap_or(u32::MAX)
                });
                last = Some((k, i));
                i
            })
            .collect();
        Keys { names, of }
    }

    /// An empty tally over these keys.
    fn tally(&self) -> Vec<(u64, u64)> {
        vec![(0, 0); self.names.len()]
    }

    /// Counts enrolment `e` (with success `s`) in `tally`.
    fn count(&self, tally: &mut [(u64, u64)], e: usize, s: bool) {
        if let Some(slot) = self
            .of
            .get(e)
            .and_then(|&k| tally.get_mut(usize::try_from(k).ok()?))
        {
            slot.0 += 1;
            slot.1 += u64::from(s);
        }
    }

    /// The tally's non-empty keys as a map.
    fn counts(&self, tally: &[(u64, u64)]) -> Tally<'a> {
        self.names
            .iter()
            .zip(tally)
            .filter(|(_, c)| c.0 > 0)
            .map(|(&k, &c)| (k, c))
            .collect()
    }
}

/// Each enrolment's group, unit (the participant's home unit, else the group's first), sex and
/// theme.
fn enrolment_keys<'a>(
    program: &'a Program,
    groups: &FxHashMap<&str, &'a Group>,
    participants: &FxHashMap<&str, &'a crate::program::Participant>,
) -> (Vec<Option<&'a Group>>, [Keys<'a>; 4]) {
    let rows: Vec<(Option<&Group>, Option<&crate::program::Participant>)> = program
        .enrolments
        .iter()
        .map(|e| {
            (
                groups.get(e.group.as_str()).copied(),
                participants.get(e.participant.as_str()).copied(),
            )
        })
        .collect();
    let group = Keys::new(program.enrolments.iter().map(|e| e.group.as_str()));
    let unit = Keys::new(rows.iter().map(|(g, p)| {
        p.and_then(|p| p.home_unit.as_deref())
            .or_else(|| g.and_then(|g| g.units.first()).map(String::as_str))
            .unwrap_or(NOT_RECORDED)
    }));
    let sex = Keys::new(
        rows.iter()
            .map(|(_, p)| p.and_then(|p| p.sex).map_or(NOT_RECORDED, |s| s.as_str())),
    );
    let theme = Keys::new(
        rows.iter()
            .map(|(g, _)| g.map_or(NOT_RECORDED, |g| g.theme.as_str())),
    );
    let group_of = rows.into_iter().map(|(g, _)| g).collect();
    (group_of, [group, unit, sex, theme])
}

/// Rows of a share breakdown, sorted by key.
fn breakdown(by: &str, counts: Tally<'_>, goal: &Goal) -> Breakdown {
    let mut counts: Vec<(&str, (u64, u64))> = counts.into_iter().collect();
    counts.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let rows = counts
        .into_iter()
        .map(|(key, (n, k))| {
            let key = key.to_owned();
            let p = proportion(k, n, goal.level, goal.ci_method).ok();
            BreakdownRow {
                key,
                n,
                successes: k,
                share: p.map_or(f64::NAN, |p| p.estimate),
                lower: p.map_or(f64::NAN, |p| p.lower),
                upper: p.map_or(f64::NAN, |p| p.upper),
            }
        })
        .collect();
    Breakdown {
        by: by.into(),
        rows,
    }
}

const NOT_RECORDED: &str = "(not recorded)";

fn evaluate_goal(goal: &Goal, prepared: Prepared, ctx: &Context<'_>) -> Result<GoalResult> {
    let mut r = blank(goal);
    let program = ctx.program;
    match (&goal.kind, prepared) {
        (
            GoalKind::ParticipantChange {
                from,
                to,
                criterion,
                threshold,
                target,
                population,
                filter,
                period,
                ..
            },
            Prepared::Change(scorer),
        ) => {
            r.measure = Some(scorer.label());
            r.from = Some(from.clone());
            r.to = Some(to.clone());
            let enrolments = enrolments_of(ctx, filter, period.as_ref());
            // Scores at both timepoints, or the reason there is none.
            struct Row<'a> {
                i: usize,
                e: &'a Enrolment,
                g: &'a Group,
                scores: std::result::Result<(f64, f64), String>,
            }
            let score_at = |e_idx: usize, tp: &str| -> std::result::Result<f64, String> {
                let m = ctx
                    .assigned(e_idx, tp)
                    .ok_or_else(|| format!("no {tp} measurement"))?;
                scorer.score(m).map_err(|why| format!("{tp}: {why}"))
            };
            let rows: Vec<Row<'_>> = enrolments
                .iter()
                .map(|&(i, e, g)| Row {
                    i,
                    e,
                    g,
                    scores: score_at(i, from).and_then(|a| score_at(i, to).map(|b| (a, b))),
                })
                .collect();
            let baselines: Vec<f64> = rows
                .iter()
                .filter_map(|r| r.scores.as_ref().ok().map(|s| s.0))
                .collect();
            let th = match *threshold {
                ThresholdSpec::Strict => Threshold::Strict,
                ThresholdSpec::Mid => match scorer {
                    Scorer::Vas => Threshold::eq_vas_mid(),
                    _ => Threshold::eq5d_index_mid(),
                },
                ThresholdSpec::Absolute { mid } => Threshold::Absolute { mid },
                ThresholdSpec::Reliable { sd, reliability } => {
                    let reliability = reliability.or(default_reliability(&scorer)).unwrap_or(0.0);
                    let sd = match sd {
                        Some(sd) => sd,
                        None => {
                            let s = Summary::of(&baselines).sd;
                            r.details.push(format!(
                                "SD for reliable change: {s:.3}, the SD of the {} completers' {from} scores",
                                baselines.len()
                            ));
                            s
                        }
                    };
                    Threshold::Reliable { sd, reliability }
                }
            };
            let direction = scorer.direction();
            let limit = *criterion == Criterion::Worsened;
            r.comparison = if limit { "<=" } else { ">=" }.into();
            r.is_share = true;
            r.target = *target;
            let reliable_ok = th.validate().is_ok();
            if !reliable_ok {
                r.details.push(
                    "the threshold could not be set (fewer than two completers or no spread in the baseline scores)".into(),
                );
            }
            let success = |class: ChangeClass| match criterion {
                Criterion::Improved => class == ChangeClass::Improved,
                Criterion::MaintainedOrImproved => class != ChangeClass::Worsened,
                Criterion::Worsened => class == ChangeClass::Worsened,
            };
            let mut completers = (0u64, 0u64);
            let mut enrolled = (0u64, 0u64);
            let mut by: Vec<Vec<(u64, u64)>> = ctx.keys.iter().map(Keys::tally).collect();
            let mut from_scores = Vec::new();
            let mut to_scores = Vec::new();
            for row in &rows {
                let ok = match &row.scores {
                    Ok((a, b)) if reliable_ok => {
                        let class = classify(*a, *b, direction, th).ok().flatten();
                        match class {
                            Some(class) => {
                                r.pairs.push(Pair {
                                    participant: row.e.participant.clone(),
                                    group: row.e.group.clone(),
                                    from: *a,
                                    to: *b,
                                    class,
                                });
                                from_scores.push(*a);
                                to_scores.push(*b);
                                completers.0 += 1;
                                let s = success(class);
                                completers.1 += u64::from(s);
                                Some(s)
                            }
                            None => None,
                        }
                    }
                    Ok(_) => None,
                    Err(reason) if row.g.status != crate::program::GroupStatus::Ended => {
                        // Not missing yet: the group is still running.
                        r.exclusions.push(Exclusion {
                            participant: row.e.participant.clone(),
                            group: row.e.group.clone(),
                            reason: format!(
                                "{reason}; the group has not ended, so it is left out of both populations"
                            ),
                        });
                        continue;
                    }
                    Err(reason) => {
                        r.exclusions.push(Exclusion {
                            participant: row.e.participant.clone(),
                            group: row.e.group.clone(),
                            reason: reason.clone(),
                        });
                        None
                    }
                };
                enrolled.0 += 1;
                // Under "enrolled", a missing score is not met — for a limit on worsening, it
                // counts against the goal too (as worsened).
                let counted = match ok {
                    Some(s) => s,
                    None => limit,
                };
                enrolled.1 += u64::from(counted);
                let decides = match population {
                    Population::Completers => ok,
                    Population::Enrolled => Some(counted),
                };
                if let Some(s) = decides {
                    for (keys, tally) in ctx.keys.iter().zip(&mut by) {
                        keys.count(tally, row.i, s);
                    }
                }
            }
            let alt = if limit {
                Alternative::Less
            } else {
                Alternative::Greater
            };
            for (pop, (n, k)) in [
                (Population::Completers, completers),
                (Population::Enrolled, enrolled),
            ] {
                let p = proportion(k, n, goal.level, goal.ci_method)?;
                r.populations.push(PopulationResult {
                    population: pop,
                    n,
                    successes: k,
                    share: p.estimate,
                    lower: p.lower,
                    upper: p.upper,
                    p_value: binomial_test(k, n, *target, alt)?,
                });
            }
            r.deciding = Some(*population);
            if let Some(d) = r.populations.iter().find(|p| p.population == *population) {
                r.observed = d.share;
                r.n = d.n;
                r.ci = (d.n > 0).then_some((d.lower, d.upper));
                r.p_value = Some(d.p_value);
                r.outcome = decide_share(goal.decision, d.share, d.lower, d.upper, *target, limit);
            }
            for ((name, keys), tally) in ["group", "unit", "sex", "theme"]
                .into_iter()
                .zip(&ctx.keys)
                .zip(&by)
            {
                r.breakdowns.push(breakdown(name, keys.counts(tally), goal));
            }
            if from_scores.len() >= 2 {
                let t = paired(&from_scores, &to_scores, goal.level, Alternative::TwoSided)?;
                r.change = Some(ChangeStats {
                    n: t.n,
                    mean_from: Summary::of(&from_scores).mean,
                    mean_to: Summary::of(&to_scores).mean,
                    mean_change: t.mean,
                    ci_lower: t.ci_lower,
                    ci_upper: t.ci_upper,
                    t_p_value: t.t_p_value,
                    wilcoxon_p_value: t.wilcoxon_p_value,
                });
            }
            r.details.push(format!(
                "threshold: {}; direction: {}",
                match th {
                    Threshold::Strict => "any change".to_owned(),
                    Threshold::Absolute { mid } => format!("a change of at least {mid}"),
                    Threshold::Reliable { sd, reliability } => format!(
                        "reliable change (SD {sd:.3}, reliability {reliability}, |RC| > 1.96)"
                    ),
                },
                match direction {
                    Direction::HigherIsBetter => "higher is better",
                    Direction::HigherIsWorse => "higher is worse",
                }
            ));
        }
        (
            GoalKind::GroupCount {
                period,
                filter,
                at_least,
            },
            _,
        ) => {
            let groups = program.groups_running(period, filter);
            r.observed = groups.len() as f64;
            r.n = groups.len() as u64;
            r.target = f64::from(*at_least);
            r.outcome = count_outcome(groups.len() as u64, u64::from(*at_least));
            r.details.push(format!(
                "groups that ran in {period}: {}",
                groups
                    .iter()
                    .map(|g| g.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            let mut themes: BTreeMap<String, (u64, u64)> = BTreeMap::new();
            for g in &groups {
                let e = themes.entry(g.theme.clone()).or_default();
                e.0 += 1;
                e.1 += 1;
            }
            r.breakdowns.push(count_breakdown("theme", themes));
            for g in program.groups.iter().filter(|g| {
                filter.matches(g) && period.overlaps(g.start, g.end) && !g.status.has_run()
            }) {
                r.exclusions.push(Exclusion {
                    participant: String::new(),
                    group: g.id.clone(),
                    reason: format!("status {} (not counted as running)", g.status),
                });
            }
        }
        (
            GoalKind::DistinctOfferings {
                period,
                by,
                filter,
                at_least,
            },
            _,
        ) => {
            let groups = program.groups_running(period, filter);
            let mut seen: BTreeMap<String, (u64, u64)> = BTreeMap::new();
            for g in &groups {
                let key = match by {
                    Offering::Theme => g.theme.trim().to_lowercase(),
                    Offering::Format => g.format.as_str().to_owned(),
                };
                let e = seen.entry(key).or_default();
                e.0 += 1;
                e.1 += 1;
            }
            r.observed = seen.len() as f64;
            r.n = groups.len() as u64;
            r.target = f64::from(*at_least);
            r.outcome = count_outcome(seen.len() as u64, u64::from(*at_least));
            r.details.push(format!(
                "offered: {}",
                seen.keys().cloned().collect::<Vec<_>>().join(", ")
            ));
            r.breakdowns.push(count_breakdown(
                match by {
                    Offering::Theme => "theme",
                    Offering::Format => "format",
                },
                seen,
            ));
        }
        (
            GoalKind::Participation {
                period,
                filter,
                at_least,
                more_than_in,
            },
            _,
        ) => {
            let now = program.participants_in(period, filter).len() as u64;
            r.observed = now as f64;
            r.n = now;
            let mut outcome = Outcome::Met;
            let mut target = 0u64;
            if let Some(n) = at_least {
                target = u64::from(*n);
                if now < target {
                    outcome = Outcome::NotMet;
                }
                r.details.push(format!(
                    "{now} participants in {period}; target at least {n}"
                ));
            }
            if let Some(prev) = more_than_in {
                let before = program.participants_in(prev, filter).len() as u64;
                target = target.max(before + 1);
                if now <= before {
                    outcome = Outcome::NotMet;
                }
                r.details.push(format!(
                    "{before} participants in {prev}; {now} in {period}"
                ));
            }
            r.target = target as f64;
            r.outcome = outcome;
        }
        (
            GoalKind::GroupSize {
                period,
                filter,
                min,
                max,
                share,
            },
            _,
        ) => {
            let summaries = program.group_summaries();
            let running: FxHashSet<&str> = program
                .groups_running(period, filter)
                .iter()
                .map(|g| g.id.as_str())
                .collect();
            let mut n = 0u64;
            let mut k = 0u64;
            let mut themes: Tally<'_> = FxHashMap::default();
            for s in summaries
                .iter()
                .filter(|s| running.contains(s.group.as_str()))
            {
                n += 1;
                let ok = (*min as usize..=*max as usize).contains(&s.participants);
                k += u64::from(ok);
                let e = themes.entry(s.theme.as_str()).or_default();
                e.0 += 1;
                e.1 += u64::from(ok);
                if !ok {
                    r.exclusions.push(Exclusion {
                        participant: String::new(),
                        group: s.group.clone(),
                        reason: format!("{} participants, outside {min}..={max}", s.participants),
                    });
                }
            }
            let target = share.unwrap_or(1.0);
            let p = proportion(k, n, goal.level, goal.ci_method)?;
            r.observed = p.estimate;
            r.is_share = true;
            r.n = n;
            r.target = target;
            r.ci = (n > 0).then_some((p.lower, p.upper));
            r.p_value = Some(binomial_test(k, n, target, Alternative::Greater)?);
            r.outcome = if share.is_none() {
                // "All groups": a count, not an estimate.
                if n == 0 {
                    Outcome::Inconclusive
                } else if k == n {
                    Outcome::Met
                } else {
                    Outcome::NotMet
                }
            } else {
                decide_share(goal.decision, p.estimate, p.lower, p.upper, target, false)
            };
            r.details.push(format!(
                "{k} of {n} groups within {min}..={max} participants"
            ));
            r.breakdowns.push(breakdown("theme", themes, goal));
        }
        (
            GoalKind::FollowUpRate {
                timepoint,
                target,
                filter,
                period,
            },
            _,
        ) => {
            let enrolments = enrolments_of(ctx, filter, period.as_ref());
            let mut n = 0u64;
            let mut k = 0u64;
            let [group_keys, ..] = &ctx.keys;
            let mut groups = group_keys.tally();
            for &(i, e, g) in &enrolments {
                if g.status != crate::program::GroupStatus::Ended {
                    r.exclusions.push(Exclusion {
                        participant: e.participant.clone(),
                        group: e.group.clone(),
                        reason: "the group has not ended: follow-up not yet due".into(),
                    });
                    continue;
                }
                n += 1;
                let has = ctx.assigned(i, timepoint).is_some();
                k += u64::from(has);
                group_keys.count(&mut groups, i, has);
            }
            let p = proportion(k, n, goal.level, goal.ci_method)?;
            r.observed = p.estimate;
            r.is_share = true;
            r.n = n;
            r.target = *target;
            r.ci = (n > 0).then_some((p.lower, p.upper));
            r.p_value = Some(binomial_test(k, n, *target, Alternative::Greater)?);
            r.outcome = decide_share(goal.decision, p.estimate, p.lower, p.upper, *target, false);
            r.details.push(format!(
                "{k} of {n} enrolments with a {timepoint} measurement"
            ));
            r.breakdowns
                .push(breakdown("group", group_keys.counts(&groups), goal));
        }
        (GoalKind::Manual { status, evidence }, _) => {
            r.outcome = *status;
            r.details.push(format!("entered by a person: {evidence}"));
        }
        (GoalKind::ParticipantChange { .. }, Prepared::Other) => {}
    }
    Ok(r)
}

fn count_breakdown(by: &str, counts: BTreeMap<String, (u64, u64)>) -> Breakdown {
    Breakdown {
        by: by.into(),
        rows: counts
            .into_iter()
            .map(|(key, (n, k))| BreakdownRow {
                key,
                n,
                successes: k,
                share: f64::NAN,
                lower: f64::NAN,
                upper: f64::NAN,
            })
            .collect(),
    }
}

/// `f64` fields that may be `NaN` (nothing to estimate): `null` in JSON, read back as `NaN`.
mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_nan() {
            s.serialize_none()
        } else {
            s.serialize_f64(*v)
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }
}
