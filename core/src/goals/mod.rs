//! Declarative goals of a program and their evaluation.
//!
//! A [`GoalSet`] is plain data (JSON, format tag [`GOALS_FORMAT`]): each [`Goal`] has an id, a
//! title, what it measures ([`GoalKind`]) and how the outcome is decided ([`Decision`]).
//! [`GoalSet::evaluate`] checks the goals against a [`Program`](crate::program::Program) and
//! gives one [`GoalResult`] per goal: met / not met / inconclusive, the observed value, the
//! target, n, the uncertainty (a confidence interval and a test for shares; the mean change
//! with its interval, a paired t-test and a Wilcoxon signed-rank test for changes), what was
//! left out and why, and breakdowns by group, unit, sex and theme.
//!
//! ```
//! use groupwell::goals::{GoalSet, Outcome};
//! use groupwell::program::Program;
//!
//! let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
//! let goals = GoalSet::from_json(r#"{"goals": [
//!   {"id": "groups", "title": "At least 5 groups running in 2015",
//!    "type": "group_count", "period": {"start": "2015-01-01", "end": "2015-12-31"}, "at_least": 5}
//! ]}"#)?;
//! let report = goals.evaluate(&program)?;
//! assert_eq!(report.results[0].outcome, Outcome::Met);
//! assert_eq!(report.results[0].observed, 5.0);
//! # Ok::<(), groupwell::Error>(())
//! ```

mod evaluate;
mod html;
mod markdown;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::program::{GroupFilter, Period};
use crate::stats::CiMethod;

pub use evaluate::{
    Breakdown, BreakdownRow, ChangeStats, Exclusion, GoalResult, Outcome, Pair, PopulationResult,
    ProfileChange, Report,
};

/// The format tag of goal documents.
///
/// ```
/// assert_eq!(groupwell::goals::GOALS_FORMAT, "groupwell-goals/1");
/// ```
pub const GOALS_FORMAT: &str = "groupwell-goals/1";

fn default_format() -> String {
    GOALS_FORMAT.to_owned()
}

/// What a participant-change goal measures.
///
/// ```
/// use groupwell::goals::Measure;
/// let m: Measure = serde_json::from_str(r#"{"kind": "eq5d_index", "value_set": "5L_SE_2022"}"#).unwrap();
/// assert_eq!(m.name(), "eq5d_index/5L_SE_2022");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Measure {
    /// The EQ VAS (higher is better).
    EqVas,
    /// The EQ-5D index under a value set (id or name; higher is better).
    Eq5dIndex {
        /// The value set.
        value_set: String,
    },
    /// The total of a scale (SCI-93 or one the program defines); its direction is the scale's.
    Scale {
        /// The scale id.
        scale: String,
    },
}

impl Measure {
    /// The measure's name as in the tidy table (`eq_vas`, `eq5d_index/<set>`, `<scale>`).
    ///
    /// ```
    /// assert_eq!(groupwell::goals::Measure::EqVas.name(), "eq_vas");
    /// ```
    pub fn name(&self) -> String {
        match self {
            Measure::EqVas => "eq_vas".into(),
            Measure::Eq5dIndex { value_set } => format!("eq5d_index/{value_set}"),
            Measure::Scale { scale } => scale.clone(),
        }
    }
}

/// Which changes count as success.
///
/// ```
/// use groupwell::goals::Criterion;
/// assert_eq!(serde_json::to_string(&Criterion::MaintainedOrImproved).unwrap(), "\"maintained_or_improved\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// Improved beyond the threshold.
    Improved,
    /// Not worsened beyond the threshold ("kept or improved").
    MaintainedOrImproved,
    /// Worsened beyond the threshold (for goals that limit deterioration: "at most 10% worse").
    Worsened,
}

/// The threshold of a participant-change goal.
///
/// ```
/// use groupwell::goals::ThresholdSpec;
/// let t: ThresholdSpec = serde_json::from_str(r#"{"type": "reliable"}"#).unwrap();
/// assert_eq!(t, ThresholdSpec::Reliable { sd: None, reliability: None });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ThresholdSpec {
    /// Any change counts.
    Strict,
    /// The measure's published minimal important difference: 7 points on the EQ VAS (Pickard et
    /// al. 2007), 0.074 on the EQ-5D index (Walters & Brazier 2005). Not defined for scales.
    Mid,
    /// An absolute minimal important difference on the measure's scale.
    Absolute {
        /// The difference, a positive number.
        mid: f64,
    },
    /// Jacobson & Truax reliable change. `sd` defaults to the SD of the baseline scores of the
    /// evaluated participants; `reliability` to the measure's (SCI-93: 0.95) and is required for
    /// other measures.
    Reliable {
        /// Standard deviation; `None` = the sample's baseline SD.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sd: Option<f64>,
        /// Reliability in `0..1`; `None` = the measure's published value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reliability: Option<f64>,
    },
}

/// Who is counted in a participant-change goal.
///
/// ```
/// use groupwell::goals::Population;
/// assert_eq!(Population::default(), Population::Completers);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Population {
    /// Enrolments with a score at both timepoints.
    #[default]
    Completers,
    /// Every enrolment in a group that ran; a missing score at either timepoint counts as not
    /// met (a conservative "intention to treat").
    Enrolled,
}

/// How the outcome is decided from the estimate.
///
/// ```
/// use groupwell::goals::Decision;
/// assert_eq!(Decision::default(), Decision::PointEstimate);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Met when the observed value reaches the target.
    #[default]
    PointEstimate,
    /// Met when the whole confidence interval reaches the target, not met when none of it
    /// does, inconclusive otherwise (for counts, the same as the point estimate).
    ConfidenceInterval,
}

/// What is offered, for a distinct-offerings goal.
///
/// ```
/// use groupwell::goals::Offering;
/// assert_eq!(serde_json::to_string(&Offering::Theme).unwrap(), "\"theme\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Offering {
    /// Group themes.
    Theme,
    /// Group formats.
    Format,
}

/// What a goal is about.
///
/// ```
/// use groupwell::goals::GoalKind;
/// let k: GoalKind = serde_json::from_str(r#"{"type": "manual", "status": "met",
///     "evidence": "Handbook produced"}"#).unwrap();
/// assert!(matches!(k, GoalKind::Manual { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum GoalKind {
    /// A share of participants whose measure changed as the criterion says between two
    /// timepoints reaches a target.
    ParticipantChange {
        /// The measure.
        measure: Measure,
        /// The first timepoint (e.g. `baseline`).
        from: String,
        /// The second timepoint (e.g. `week15`).
        to: String,
        /// What counts as success.
        criterion: Criterion,
        /// The threshold of a change.
        threshold: ThresholdSpec,
        /// The target share, in `0..=1` (e.g. `0.5`).
        target: f64,
        /// Which population decides (both are reported).
        #[serde(default)]
        population: Population,
        /// Groups included (all by default).
        #[serde(default, skip_serializing_if = "is_default_filter")]
        filter: GroupFilter,
        /// Only enrolments that joined within this period (all by default).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        period: Option<Period>,
    },
    /// At least `at_least` groups ran in the period.
    GroupCount {
        /// The period.
        period: Period,
        /// Groups included.
        #[serde(default, skip_serializing_if = "is_default_filter")]
        filter: GroupFilter,
        /// The target number.
        at_least: u32,
    },
    /// At least `at_least` different themes (or formats) were offered in the period.
    DistinctOfferings {
        /// The period.
        period: Period,
        /// Themes or formats.
        by: Offering,
        /// Groups included.
        #[serde(default, skip_serializing_if = "is_default_filter")]
        filter: GroupFilter,
        /// The target number.
        at_least: u32,
    },
    /// Participants in the period: at least `at_least`, and/or more than in `more_than_in`.
    Participation {
        /// The period.
        period: Period,
        /// Groups included.
        #[serde(default, skip_serializing_if = "is_default_filter")]
        filter: GroupFilter,
        /// The target number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at_least: Option<u32>,
        /// A previous period to beat.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        more_than_in: Option<Period>,
    },
    /// Groups that ran in the period have `min..=max` participants: all of them, or at least a
    /// share.
    GroupSize {
        /// The period.
        period: Period,
        /// Groups included.
        #[serde(default, skip_serializing_if = "is_default_filter")]
        filter: GroupFilter,
        /// Fewest participants.
        min: u32,
        /// Most participants.
        max: u32,
        /// The share of groups that must be within the size (`None` = all).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        share: Option<f64>,
    },
    /// The share of enrolments (in groups that ran, that have ended) with a measurement at the
    /// timepoint reaches the target.
    FollowUpRate {
        /// The timepoint (e.g. `week15`).
        timepoint: String,
        /// The target share.
        target: f64,
        /// Groups included.
        #[serde(default, skip_serializing_if = "is_default_filter")]
        filter: GroupFilter,
        /// Only enrolments that joined within this period.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        period: Option<Period>,
    },
    /// A status entered by a person, with the evidence.
    Manual {
        /// The outcome as judged.
        status: Outcome,
        /// What shows it (e.g. "Handbook produced, March 2016").
        evidence: String,
    },
}

fn is_default_filter(f: &GroupFilter) -> bool {
    *f == GroupFilter::default()
}

/// One goal.
///
/// ```
/// use groupwell::goals::Goal;
/// let g: Goal = serde_json::from_str(r#"{"id": "g1", "title": "Five groups",
///     "type": "group_count", "period": {"start": "2015-01-01", "end": "2015-12-31"}, "at_least": 5}"#).unwrap();
/// assert_eq!(g.id, "g1");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// Unique id.
    pub id: String,
    /// Title for reports.
    pub title: String,
    /// What it is about.
    #[serde(flatten)]
    pub kind: GoalKind,
    /// How the outcome is decided.
    #[serde(default)]
    pub decision: Decision,
    /// Confidence level of intervals (0.95 by default).
    #[serde(default = "default_level")]
    pub level: f64,
    /// Interval method for shares (Wilson by default).
    #[serde(default)]
    pub ci_method: CiMethod,
}

fn default_level() -> f64 {
    0.95
}

/// A program's goals.
///
/// ```
/// use groupwell::goals::GoalSet;
/// let set = GoalSet::from_json(r#"{"goals": []}"#)?;
/// assert!(set.goals.is_empty());
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalSet {
    /// Format tag, [`GOALS_FORMAT`].
    #[serde(default = "default_format")]
    pub format: String,
    /// The goals, in report order.
    pub goals: Vec<Goal>,
}

impl GoalSet {
    /// Reads goals from JSON. Structural problems are [`Error::Json`] with the path
    /// (`goals[2].target`); [`GoalSet::evaluate`] checks the meaning against the program.
    ///
    /// ```
    /// use groupwell::goals::GoalSet;
    /// let e = GoalSet::from_json(r#"{"goals": [{"id": "x", "title": "X", "type": "nonsense"}]}"#).unwrap_err();
    /// assert!(e.to_string().contains("goals[0]"), "{e}");
    /// ```
    pub fn from_json(json: &str) -> Result<GoalSet> {
        let de = &mut serde_json::Deserializer::from_str(json);
        let set: GoalSet = serde_path_to_error::deserialize(de).map_err(Error::from)?;
        if set.format != GOALS_FORMAT {
            return Err(Error::Json {
                line: 1,
                column: 1,
                message: format!(
                    "format: {:?} is not supported (expected {GOALS_FORMAT:?})",
                    set.format
                ),
            });
        }
        Ok(set)
    }

    /// Reads goals from TOML (the same fields as JSON; one `[[goals]]` table per goal).
    /// Problems are [`Error::Toml`] with the line, column and path (`goals[1].target`).
    ///
    /// ```
    /// use groupwell::goals::GoalSet;
    /// let set = GoalSet::from_toml(r#"
    /// [[goals]]
    /// id = "groups"
    /// title = "At least 5 groups running in 2015"
    /// type = "group_count"
    /// period = { start = "2015-01-01", end = "2015-12-31" }
    /// at_least = 5
    /// "#)?;
    /// assert_eq!(set.goals[0].id, "groups");
    /// let e = GoalSet::from_toml("[[goals]]\nid = 3").unwrap_err();
    /// assert!(e.to_string().contains("goals[0].id"), "{e}");
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<GoalSet> {
        let de = toml::Deserializer::parse(text).map_err(|e| toml_error(text, &e, ""))?;
        let set: GoalSet = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            toml_error(text, e.inner(), &path)
        })?;
        if set.format != GOALS_FORMAT {
            return Err(Error::Toml {
                line: 1,
                column: 1,
                message: format!(
                    "format: {:?} is not supported (expected {GOALS_FORMAT:?})",
                    set.format
                ),
            });
        }
        Ok(set)
    }

    /// Writes the goals as pretty-printed JSON.
    ///
    /// ```
    /// use groupwell::goals::GoalSet;
    /// let set = GoalSet::from_json(r#"{"goals": []}"#)?;
    /// assert_eq!(GoalSet::from_json(&set.to_json()?)?, set);
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

/// A TOML error with its 1-based line and column (from the error's byte span) and the path.
#[cfg(feature = "toml")]
fn toml_error(text: &str, e: &toml::de::Error, path: &str) -> Error {
    let at = e.span().map_or(0, |s| s.start).min(text.len());
    let before = text.get(..at).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let message = e.message().trim_end().to_owned();
    Error::Toml {
        line,
        column,
        message: if path.is_empty() || path == "." {
            message
        } else {
            format!("{path}: {message}")
        },
    }
}

pub(crate) fn invalid(goal: &str, field: &str, reason: impl Into<String>) -> Error {
    Error::InvalidDefinition {
        id: goal.to_owned(),
        field: field.to_owned(),
        reason: reason.into(),
    }
}
