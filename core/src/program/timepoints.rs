//! Timepoints as rules: which measurement is a participant's baseline, week-15 follow-up, or
//! 12-month survey, and why.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, Months, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{Group, Period, Program};
use crate::error::{Error, Result};

/// The unit of a [`Span`].
///
/// ```
/// use groupwell::program::SpanUnit;
/// assert_eq!(SpanUnit::Weeks.suffix(), 'w');
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpanUnit {
    /// Calendar days.
    Days,
    /// Weeks of seven days.
    Weeks,
    /// Calendar months (the day of month is kept, clamped to the month's last day).
    Months,
}

impl SpanUnit {
    /// The letter used in the text form: `d`, `w` or `m`.
    ///
    /// ```
    /// assert_eq!(groupwell::program::SpanUnit::Months.suffix(), 'm');
    /// ```
    pub fn suffix(self) -> char {
        match self {
            SpanUnit::Days => 'd',
            SpanUnit::Weeks => 'w',
            SpanUnit::Months => 'm',
        }
    }
}

/// A signed length of time in days, weeks or months, written `15w`, `-14d`, `3m`.
///
/// ```
/// use groupwell::program::Span;
/// let s: Span = "15w".parse()?;
/// assert_eq!(s.add_to("2015-02-02".parse().unwrap()), "2015-05-18".parse().ok());
/// let m: Span = "1m".parse()?;
/// assert_eq!(m.add_to("2015-01-31".parse().unwrap()), "2015-02-28".parse().ok());
/// assert_eq!(Span::days(-3).to_string(), "-3d");
/// assert!("15".parse::<Span>().is_err());
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// How many units (negative: before).
    pub amount: i32,
    /// Days, weeks or months.
    pub unit: SpanUnit,
}

impl Default for Span {
    fn default() -> Self {
        Span::days(0)
    }
}

impl Span {
    /// `n` days.
    ///
    /// ```
    /// assert_eq!(groupwell::program::Span::days(14).to_string(), "14d");
    /// ```
    pub const fn days(n: i32) -> Span {
        Span {
            amount: n,
            unit: SpanUnit::Days,
        }
    }

    /// `n` weeks.
    ///
    /// ```
    /// assert_eq!(groupwell::program::Span::weeks(15).to_string(), "15w");
    /// ```
    pub const fn weeks(n: i32) -> Span {
        Span {
            amount: n,
            unit: SpanUnit::Weeks,
        }
    }

    /// `n` calendar months.
    ///
    /// ```
    /// assert_eq!(groupwell::program::Span::months(3).to_string(), "3m");
    /// ```
    pub const fn months(n: i32) -> Span {
        Span {
            amount: n,
            unit: SpanUnit::Months,
        }
    }

    /// `date` moved by this span, or `None` beyond the calendar's range.
    ///
    /// ```
    /// use groupwell::program::Span;
    /// let d = "2015-03-31".parse().unwrap();
    /// assert_eq!(Span::months(-1).add_to(d), "2015-02-28".parse().ok());
    /// ```
    pub fn add_to(self, date: NaiveDate) -> Option<NaiveDate> {
        let n = self.amount.unsigned_abs();
        match self.unit {
            SpanUnit::Days | SpanUnit::Weeks => {
                let days = if self.unit == SpanUnit::Weeks {
                    u64::from(n) * 7
                } else {
                    u64::from(n)
                };
                if self.amount >= 0 {
                    date.checked_add_days(Days::new(days))
                } else {
                    date.checked_sub_days(Days::new(days))
                }
            }
            SpanUnit::Months => {
                if self.amount >= 0 {
                    date.checked_add_months(Months::new(n))
                } else {
                    date.checked_sub_months(Months::new(n))
                }
            }
        }
    }

    /// `date` moved back by this span.
    ///
    /// ```
    /// use groupwell::program::Span;
    /// assert_eq!(Span::weeks(2).sub_from("2015-05-18".parse().unwrap()), "2015-05-04".parse().ok());
    /// ```
    pub fn sub_from(self, date: NaiveDate) -> Option<NaiveDate> {
        let neg = Span {
            amount: self.amount.checked_neg()?,
            unit: self.unit,
        };
        neg.add_to(date)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.unit.suffix())
    }
}

impl FromStr for Span {
    type Err = Error;

    fn from_str(s: &str) -> Result<Span> {
        let t = s.trim();
        let bad = || Error::InvalidArgument {
            argument: "span".into(),
            value: format!("{s:?}"),
            expected: "a whole number followed by d, w or m (e.g. 14d, -2w, 15w, 3m)".into(),
        };
        let unit = match t.chars().last().map(|c| c.to_ascii_lowercase()) {
            Some('d') => SpanUnit::Days,
            Some('w') => SpanUnit::Weeks,
            Some('m') => SpanUnit::Months,
            _ => return Err(bad()),
        };
        let digits = t.get(..t.len() - 1).ok_or_else(bad)?;
        let amount: i32 = digits.parse().map_err(|_| bad())?;
        // Keep every span far inside chrono's range so that date arithmetic stays exact.
        if amount.unsigned_abs() > 100_000 {
            return Err(bad());
        }
        Ok(Span { amount, unit })
    }
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Span, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

fn describe_target(anchor: Anchor, offset: Span) -> String {
    if offset.amount == 0 {
        format!("at {}", anchor.describe())
    } else {
        format!("{offset} after {}", anchor.describe())
    }
}

/// The date a timepoint is counted from.
///
/// ```
/// use groupwell::program::Anchor;
/// assert_eq!(serde_json::to_string(&Anchor::GroupEnd).unwrap(), "\"group_end\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The day the participant joined the group.
    Joined,
    /// The group's first meeting.
    GroupStart,
    /// The group's last meeting.
    GroupEnd,
    /// The day the participant left, or the group's end when they did not leave earlier.
    EnrolmentEnd,
}

impl Anchor {
    fn describe(self) -> &'static str {
        match self {
            Anchor::Joined => "joining",
            Anchor::GroupStart => "the group's start",
            Anchor::GroupEnd => "the group's end",
            Anchor::EnrolmentEnd => "the end of the enrolment",
        }
    }
}

/// How far from the target date a measurement may lie: `target − before ..= target + after`.
///
/// ```
/// use groupwell::program::{Span, Window};
/// let w = Window { before: Span::weeks(2), after: Span::weeks(4) };
/// let p = w.around("2015-05-18".parse().unwrap()).unwrap();
/// assert_eq!(p.to_string(), "2015-05-04..=2015-06-15");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// How long before the target (a non-negative span).
    pub before: Span,
    /// How long after the target (a non-negative span).
    pub after: Span,
}

impl Window {
    /// The window around `target`, or `None` beyond the calendar's range.
    ///
    /// ```
    /// use groupwell::program::{Span, Window};
    /// let w = Window { before: Span::days(14), after: Span::days(14) };
    /// assert_eq!(w.around("2015-02-02".parse().unwrap()).unwrap().days(), 29);
    /// ```
    pub fn around(&self, target: NaiveDate) -> Option<Period> {
        Some(Period {
            start: self.before.sub_from(target)?,
            end: self.after.add_to(target)?,
        })
    }
}

/// One timepoint: a name, the target date (anchor + offset) and the window around it.
///
/// With `until_group_end`, a target after the group's end is moved to the group's end: a group
/// that ended after 10 weeks has its "week 15" follow-up at its last meeting.
///
/// ```
/// use groupwell::program::{Anchor, Span, TimepointRule, Window};
/// let r: TimepointRule = serde_json::from_str(r#"{"name": "week15", "anchor": "joined",
///     "offset": "15w", "window": {"before": "2w", "after": "4w"}, "until_group_end": true}"#).unwrap();
/// assert_eq!((r.anchor, r.offset), (Anchor::Joined, Span::weeks(15)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimepointRule {
    /// The timepoint's name (`baseline`, `week15`, `month12`...), unique in the schedule.
    pub name: String,
    /// What the offset counts from.
    pub anchor: Anchor,
    /// Target = anchor + offset.
    #[serde(default)]
    pub offset: Span,
    /// The accepted distance from the target.
    pub window: Window,
    /// Whether a target after the group's end moves to the group's end.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub until_group_end: bool,
}

impl TimepointRule {
    fn describe_target(&self) -> String {
        describe_target(self.anchor, self.offset)
    }
}

/// The timepoint rules of a program, applied in order to each enrolment.
///
/// The default is the self-help group schedule: `baseline` = the measurement closest to joining
/// within ±14 days; `week15` = the one closest to 15 weeks after joining within −2..+4 weeks, or
/// closest to the group's end if the group ended earlier.
///
/// ```
/// use groupwell::program::Schedule;
/// let s = Schedule::default();
/// assert_eq!(s.names(), ["baseline", "week15"]);
/// assert_eq!(Schedule::prescription().names(), ["baseline", "month3", "month6", "month12"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// The rules, in order; a measurement is used for at most one timepoint of an enrolment,
    /// the earlier rule choosing first.
    pub timepoints: Vec<TimepointRule>,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            timepoints: vec![Schedule::baseline(), Schedule::follow_up_weeks(15)],
        }
    }
}

impl Schedule {
    /// The baseline rule: closest to joining within ±14 days.
    ///
    /// ```
    /// assert_eq!(groupwell::program::Schedule::baseline().name, "baseline");
    /// ```
    pub fn baseline() -> TimepointRule {
        TimepointRule {
            name: "baseline".into(),
            anchor: Anchor::Joined,
            offset: Span::days(0),
            window: Window {
                before: Span::days(14),
                after: Span::days(14),
            },
            until_group_end: false,
        }
    }

    /// A follow-up `weeks` after joining (window −2..+4 weeks), at the group's end if it ended
    /// earlier; named `week{weeks}`.
    ///
    /// ```
    /// let r = groupwell::program::Schedule::follow_up_weeks(15);
    /// assert!(r.until_group_end && r.name == "week15");
    /// ```
    pub fn follow_up_weeks(weeks: i32) -> TimepointRule {
        TimepointRule {
            name: format!("week{weeks}"),
            anchor: Anchor::Joined,
            offset: Span::weeks(weeks),
            window: Window {
                before: Span::weeks(2),
                after: Span::weeks(4),
            },
            until_group_end: true,
        }
    }

    /// A follow-up `months` after the end of the participant's enrolment (window ±4 weeks),
    /// named `after_end_{months}m`.
    ///
    /// ```
    /// assert_eq!(groupwell::program::Schedule::after_end_months(12).name, "after_end_12m");
    /// ```
    pub fn after_end_months(months: i32) -> TimepointRule {
        TimepointRule {
            name: format!("after_end_{months}m"),
            anchor: Anchor::EnrolmentEnd,
            offset: Span::months(months),
            window: Window {
                before: Span::weeks(4),
                after: Span::weeks(4),
            },
            until_group_end: false,
        }
    }

    /// Physical activity on prescription: baseline, follow-up at 3 months (−2..+4 weeks), the end
    /// of the 6-month prescription (−2..+4 weeks) and the survey 12 months after joining
    /// (±4 weeks).
    ///
    /// ```
    /// let s = groupwell::program::Schedule::prescription();
    /// assert_eq!(s.timepoints[3].offset.to_string(), "12m");
    /// ```
    pub fn prescription() -> Schedule {
        let months = |name: &str, m: i32, before: Span, after: Span| TimepointRule {
            name: name.into(),
            anchor: Anchor::Joined,
            offset: Span::months(m),
            window: Window { before, after },
            until_group_end: false,
        };
        Schedule {
            timepoints: vec![
                Schedule::baseline(),
                months("month3", 3, Span::weeks(2), Span::weeks(4)),
                months("month6", 6, Span::weeks(2), Span::weeks(4)),
                months("month12", 12, Span::weeks(4), Span::weeks(4)),
            ],
        }
    }

    /// The timepoint names in order.
    ///
    /// ```
    /// assert_eq!(groupwell::program::Schedule::default().names().len(), 2);
    /// ```
    pub fn names(&self) -> Vec<&str> {
        self.timepoints.iter().map(|t| t.name.as_str()).collect()
    }
}

/// A measurement assigned to a timepoint of an enrolment.
///
/// ```
/// # use groupwell::program::Program;
/// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
/// let a = &program.assign_timepoints().assignments[0];
/// assert_eq!(a.timepoint, "baseline");
/// assert!(a.explain().starts_with("closest"));
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// Index of the enrolment in [`Program::enrolments`].
    pub enrolment: usize,
    /// Participant id.
    pub participant: String,
    /// Group id.
    pub group: String,
    /// Timepoint name.
    pub timepoint: String,
    /// Index of the measurement in [`Program::measurements`].
    pub measurement: usize,
    /// The measurement's date.
    pub date: NaiveDate,
    /// The date the rule aimed at.
    pub target: NaiveDate,
    /// The window that was searched.
    pub window: Period,
    /// How many unused measurements lay in the window.
    pub candidates: usize,
    /// Whether the target was moved to the group's end (the group ended before it).
    pub at_group_end: bool,
    /// What the rule counts from.
    pub anchor: Anchor,
    /// The rule's offset from the anchor.
    pub offset: Span,
}

impl Assignment {
    /// Days between the measurement and the target (negative: before).
    ///
    /// ```
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let a = &program.assign_timepoints().assignments[0];
    /// assert!(a.distance_days().abs() <= 14);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn distance_days(&self) -> i64 {
        (self.date - self.target).num_days()
    }

    /// Why this measurement was chosen, in words.
    ///
    /// ```
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let a = &program.assign_timepoints().assignments[0];
    /// assert!(a.explain().contains("joining"));
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn explain(&self) -> String {
        let rule = describe_target(self.anchor, self.offset);
        let target = if self.at_group_end {
            format!("the group's end, {}, which came before {rule}", self.target)
        } else {
            format!("{}, {rule}", self.target)
        };
        format!(
            "closest of {} measurement(s) in {} to the target ({target}): {} day(s) away",
            self.candidates,
            self.window,
            self.distance_days()
        )
    }
}

/// A timepoint of an enrolment for which no measurement was found.
///
/// ```
/// # use groupwell::program::Program;
/// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
/// let missing = &program.assign_timepoints().missing;
/// assert!(missing.iter().all(|m| !m.reason.is_empty()));
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingTimepoint {
    /// Index of the enrolment in [`Program::enrolments`].
    pub enrolment: usize,
    /// Participant id.
    pub participant: String,
    /// Group id.
    pub group: String,
    /// Timepoint name.
    pub timepoint: String,
    /// The window searched, when there was one.
    pub window: Option<Period>,
    /// Why nothing was assigned.
    pub reason: String,
}

/// A measurement that belongs to no timepoint.
///
/// ```
/// # use groupwell::program::Program;
/// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
/// for u in &program.assign_timepoints().unassigned {
///     assert!(!u.reason.is_empty());
/// }
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unassigned {
    /// Index of the measurement in [`Program::measurements`].
    pub measurement: usize,
    /// Participant id.
    pub participant: String,
    /// The measurement's date.
    pub date: NaiveDate,
    /// Why it was not used.
    pub reason: String,
}

/// The outcome of [`Program::assign_timepoints`].
///
/// ```
/// # use groupwell::program::Program;
/// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
/// let a = program.assign_timepoints();
/// let e = program.enrolments.len();
/// // Every enrolment × timepoint is either assigned or missing.
/// assert_eq!(a.assignments.len() + a.missing.len(), e * 2);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Assignments {
    /// Assigned measurements, by enrolment then timepoint.
    pub assignments: Vec<Assignment>,
    /// Enrolment × timepoint pairs without a measurement.
    pub missing: Vec<MissingTimepoint>,
    /// Measurements used by no timepoint, in measurement order.
    pub unassigned: Vec<Unassigned>,
}

impl Assignments {
    /// The assignment of `timepoint` for enrolment `enrolment`, if any.
    ///
    /// ```
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let a = program.assign_timepoints();
    /// assert!(a.get(0, "baseline").is_some());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn get(&self, enrolment: usize, timepoint: &str) -> Option<&Assignment> {
        let start = self
            .assignments
            .partition_point(|a| a.enrolment < enrolment);
        self.assignments
            .get(start..)?
            .iter()
            .take_while(|a| a.enrolment == enrolment)
            .find(|a| a.timepoint == timepoint)
    }
}

enum WindowOutcome {
    NoAnchor(String),
    Window(NaiveDate, Period, bool),
}

fn window_for(
    rule: &TimepointRule,
    joined: NaiveDate,
    left: Option<NaiveDate>,
    group: Option<&Group>,
) -> WindowOutcome {
    let group_end = group.and_then(|g| g.end);
    let anchor = match rule.anchor {
        Anchor::Joined => Some(joined),
        Anchor::GroupStart => group.map(|g| g.start),
        Anchor::GroupEnd => group_end,
        Anchor::EnrolmentEnd => super::enrolment_end(left, group_end),
    };
    let Some(anchor) = anchor else {
        return WindowOutcome::NoAnchor(format!(
            "no date for {} (the group has no end date yet)",
            rule.anchor.describe()
        ));
    };
    let Some(mut target) = rule.offset.add_to(anchor) else {
        return WindowOutcome::NoAnchor("the target date is beyond the calendar".into());
    };
    let mut capped = false;
    if rule.until_group_end
        && let Some(end) = group_end
        && end < target
    {
        target = end;
        capped = true;
    }
    match rule.window.around(target) {
        Some(w) => WindowOutcome::Window(target, w, capped),
        None => WindowOutcome::NoAnchor("the window is beyond the calendar".into()),
    }
}

impl Program {
    /// Assigns measurements to the schedule's timepoints, enrolment by enrolment.
    ///
    /// For each enrolment and each rule in order: the target date is the anchor plus the
    /// offset (moved to the group's end when the rule says so and the group ended earlier); the
    /// participant's measurements within the window that no earlier rule of this enrolment took
    /// are candidates; the one closest to the target wins (the earlier one on a tie). A
    /// measurement may serve two enrolments (a follow-up of one group can be the baseline of the
    /// next). Enrolments or groups that do not exist are skipped here; [`Program::validate`]
    /// reports them.
    ///
    /// ```
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let a = program.assign_timepoints();
    /// assert!(a.assignments.iter().any(|x| x.timepoint == "week15"));
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn assign_timepoints(&self) -> Assignments {
        self.assign_with(&MeasurementIndex::new(self))
    }

    pub(super) fn assign_with(&self, index: &MeasurementIndex<'_>) -> Assignments {
        let groups: FxHashMap<&str, &Group> =
            self.groups.iter().map(|g| (g.id.as_str(), g)).collect();
        let date_of = |i: u32| self.measurements.get(i as usize).map(|m| m.date);
        // Per measurement: used by some timepoint; or else the first window it lay in.
        let mut used_anywhere = vec![false; self.measurements.len()];
        let mut in_window: Vec<Option<(u32, u32)>> = vec![None; self.measurements.len()];
        let rules = &self.schedule.timepoints;
        let mut out = Assignments {
            assignments: Vec::with_capacity(self.enrolments.len() * rules.len()),
            missing: Vec::new(),
            unassigned: Vec::new(),
        };
        let mut taken: Vec<u32> = Vec::new();
        for (e_idx, e) in self.enrolments.iter().enumerate() {
            let group = groups.get(e.group.as_str()).copied();
            let list = index.of(&e.participant);
            taken.clear();
            for (r_idx, rule) in rules.iter().enumerate() {
                let missing = |window: Option<Period>, reason: String| MissingTimepoint {
                    enrolment: e_idx,
                    participant: e.participant.clone(),
                    group: e.group.clone(),
                    timepoint: rule.name.clone(),
                    window,
                    reason,
                };
                let (target, window, capped) = match window_for(rule, e.joined, e.left, group) {
                    WindowOutcome::NoAnchor(reason) => {
                        out.missing.push(missing(None, reason));
                        continue;
                    }
                    WindowOutcome::Window(t, w, c) => (t, w, c),
                };
                let first = list.partition_point(|&i| date_of(i) < Some(window.start));
                let mut best: Option<(i64, u32)> = None;
                let mut candidates = 0;
                for &i in list.get(first..).unwrap_or(&[]) {
                    let Some(d) = date_of(i) else { continue };
                    if d > window.end {
                        break;
                    }
                    if taken.contains(&i) {
                        continue;
                    }
                    candidates += 1;
                    let dist = (d - target).num_days().abs();
                    // Sorted by date: on a tie the earlier measurement is already the best.
                    if best.is_none_or(|(b, _)| dist < b) {
                        best = Some((dist, i));
                    }
                    if let Some(slot) = in_window.get_mut(i as usize)
                        && slot.is_none()
                    {
                        *slot = Some((r_idx as u32, e_idx as u32));
                    }
                }
                let Some((_, chosen)) = best else {
                    let reason = if capped {
                        format!(
                            "no measurement in {window} around the group's end ({target}), which came before {}",
                            rule.describe_target()
                        )
                    } else {
                        format!(
                            "no measurement in {window} around {target} ({})",
                            rule.describe_target()
                        )
                    };
                    out.missing.push(missing(Some(window), reason));
                    continue;
                };
                taken.push(chosen);
                if let Some(u) = used_anywhere.get_mut(chosen as usize) {
                    *u = true;
                }
                out.assignments.push(Assignment {
                    enrolment: e_idx,
                    participant: e.participant.clone(),
                    group: e.group.clone(),
                    timepoint: rule.name.clone(),
                    measurement: chosen as usize,
                    date: date_of(chosen).unwrap_or(target),
                    target,
                    window,
                    candidates,
                    at_group_end: capped,
                    anchor: rule.anchor,
                    offset: rule.offset,
                });
            }
        }
        let mut enrolled = vec![false; index.participants()];
        for e in &self.enrolments {
            if let Some(slot) = index
                .ordinal(&e.participant)
                .and_then(|o| enrolled.get_mut(o))
            {
                *slot = true;
            }
        }
        for (i, m) in self.measurements.iter().enumerate() {
            if used_anywhere.get(i).copied().unwrap_or(false) {
                continue;
            }
            let has_enrolment = index
                .ordinal(&m.participant)
                .and_then(|o| enrolled.get(o).copied())
                .unwrap_or(false);
            let reason = if !has_enrolment {
                "the participant has no enrolment".to_owned()
            } else if let Some((r, e)) = in_window.get(i).copied().flatten() {
                let name = rules.get(r as usize).map_or("?", |t| t.name.as_str());
                let group = self
                    .enrolments
                    .get(e as usize)
                    .map_or("?", |e| e.group.as_str());
                format!(
                    "in the {name} window of group {group}, but another measurement was closer to the target (or an earlier timepoint took it)"
                )
            } else {
                "outside every timepoint window of the participant's enrolments".to_owned()
            };
            out.unassigned.push(Unassigned {
                measurement: i,
                participant: m.participant.clone(),
                date: m.date,
                reason,
            });
        }
        out
    }
}

/// Each participant's measurements sorted by date (then input order), built in linear time:
/// participants are numbered by first appearance, measurements bucketed by that number.
pub(super) struct MeasurementIndex<'a> {
    ordinals: FxHashMap<&'a str, u32>,
    /// `starts[k]..starts[k + 1]` is participant k's range in `order`.
    starts: Vec<u32>,
    order: Vec<u32>,
}

impl<'a> MeasurementIndex<'a> {
    pub(super) fn new(program: &'a Program) -> MeasurementIndex<'a> {
        let ms = &program.measurements;
        let mut ordinals: FxHashMap<&'a str, u32> = FxHashMap::default();
        let mut of_m: Vec<u32> = Vec::with_capacity(ms.len());
        for m in ms {
            let next = ordinals.len() as u32;
            of_m.push(*ordinals.entry(m.participant.as_str()).or_insert(next));
        }
        let n = ordinals.len();
        let mut starts = vec![0u32; n + 1];
        for &o in &of_m {
            if let Some(c) = starts.get_mut(o as usize + 1) {
                *c += 1;
            }
        }
        for k in 1..starts.len() {
            let prev = starts.get(k - 1).copied().unwrap_or(0);
            if let Some(c) = starts.get_mut(k) {
                *c += prev;
            }
        }
        let mut fill = starts.clone();
        let mut order = vec![0u32; ms.len()];
        for (i, &o) in of_m.iter().enumerate() {
            if let Some(pos) = fill.get_mut(o as usize) {
                if let Some(slot) = order.get_mut(*pos as usize) {
                    *slot = i as u32;
                }
                *pos += 1;
            }
        }
        for k in 0..n {
            let (a, b) = (
                starts.get(k).copied().unwrap_or(0) as usize,
                starts.get(k + 1).copied().unwrap_or(0) as usize,
            );
            if let Some(bucket) = order.get_mut(a..b)
                && bucket.len() > 1
            {
                // Stable: equal dates keep input order.
                bucket.sort_by_key(|&i| ms.get(i as usize).map(|m| m.date));
            }
        }
        MeasurementIndex {
            ordinals,
            starts,
            order,
        }
    }

    /// Number of distinct participants with measurements.
    pub(super) fn participants(&self) -> usize {
        self.ordinals.len()
    }

    pub(super) fn ordinal(&self, participant: &str) -> Option<usize> {
        self.ordinals.get(participant).map(|&o| o as usize)
    }

    /// The participant's measurements by date.
    pub(super) fn of(&self, participant: &str) -> &[u32] {
        let Some(k) = self.ordinal(participant) else {
            return &[];
        };
        let (a, b) = (
            self.starts.get(k).copied().unwrap_or(0) as usize,
            self.starts.get(k + 1).copied().unwrap_or(0) as usize,
        );
        self.order.get(a..b).unwrap_or(&[])
    }

    /// Every participant's list.
    pub(super) fn lists(&self) -> impl Iterator<Item = &[u32]> {
        self.starts.windows(2).filter_map(|w| match w {
            [a, b] => self.order.get(*a as usize..*b as usize),
            _ => None,
        })
    }
}
