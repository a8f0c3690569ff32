//! Questions asked of a program: which groups ran, who took part, attendance, completion.

use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::{Format, Group, Leadership, LeaveReason, Period, Program};

/// Which groups a query looks at; every field set must match (unset fields match anything).
///
/// ```
/// use groupwell::program::{Format, GroupFilter};
/// let f = GroupFilter { theme: Some("stress".into()), format: Some(Format::OnSite), ..GroupFilter::default() };
/// assert!(f.unit.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupFilter {
    /// Theme, compared case-insensitively.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// A unit the group meets at (one of its `units`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Peer-led (`true`) or professional-led (`false`) groups only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer_led: Option<bool>,
}

impl GroupFilter {
    /// Whether `group` passes the filter.
    ///
    /// ```
    /// use groupwell::program::{Group, GroupFilter};
    /// let g: Group = serde_json::from_str(r#"{"id": "g", "theme": "Stress", "format": "on_site",
    ///     "units": ["hede"], "start": "2015-02-02", "status": "running"}"#).unwrap();
    /// assert!(GroupFilter { theme: Some("stress".into()), ..Default::default() }.matches(&g));
    /// assert!(!GroupFilter { unit: Some("sveg".into()), ..Default::default() }.matches(&g));
    /// ```
    pub fn matches(&self, group: &Group) -> bool {
        self.theme
            .as_ref()
            .is_none_or(|t| t.trim().eq_ignore_ascii_case(group.theme.trim()))
            && self.format.is_none_or(|f| f == group.format)
            && self.unit.as_ref().is_none_or(|u| group.units.contains(u))
            && self.peer_led.is_none_or(|peer| {
                matches!(group.leadership, Some(Leadership::Peer { .. })) == peer
            })
    }
}

/// Attendance of one group: sessions held, places expected (participants enrolled on each
/// session's date) and taken.
///
/// ```
/// # use groupwell::program::Program;
/// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
/// let a = &program.attendance()[0];
/// assert!(a.rate().unwrap() <= 1.0);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRate {
    /// Group id.
    pub group: String,
    /// Sessions recorded.
    pub sessions: usize,
    /// Sum over sessions of the participants enrolled that day.
    pub expected: usize,
    /// Sum over sessions of the enrolled participants present.
    pub attended: usize,
}

impl AttendanceRate {
    /// `attended / expected`, or `None` when nobody was expected.
    ///
    /// ```
    /// use groupwell::program::AttendanceRate;
    /// let a = AttendanceRate { group: "g".into(), sessions: 2, expected: 10, attended: 7 };
    /// assert_eq!(a.rate(), Some(0.7));
    /// ```
    pub fn rate(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.attended as f64 / self.expected as f64)
    }
}

/// Attendance of one enrolment: the group's sessions held while enrolled, and how many attended.
///
/// ```
/// # use groupwell::program::Program;
/// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
/// let a = &program.participant_attendance()[0];
/// assert!(a.attended <= a.sessions);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantAttendance {
    /// Participant id.
    pub participant: String,
    /// Group id.
    pub group: String,
    /// Sessions of the group held while the participant was enrolled.
    pub sessions: usize,
    /// Of those, how many they attended.
    pub attended: usize,
}

impl ParticipantAttendance {
    /// `attended / sessions`, or `None` without sessions.
    ///
    /// ```
    /// use groupwell::program::ParticipantAttendance;
    /// let a = ParticipantAttendance { participant: "p".into(), group: "g".into(), sessions: 4, attended: 3 };
    /// assert_eq!(a.rate(), Some(0.75));
    /// ```
    pub fn rate(&self) -> Option<f64> {
        (self.sessions > 0).then(|| self.attended as f64 / self.sessions as f64)
    }
}

/// How the enrolments of a group ended.
///
/// ```
/// # use groupwell::program::Program;
/// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
/// for c in program.completion() {
///     assert_eq!(c.enrolled, c.completed + c.dropped_out + c.moved + c.other + c.active);
/// }
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    /// Group id.
    pub group: String,
    /// Enrolments.
    pub enrolled: usize,
    /// Left with reason `completed`.
    pub completed: usize,
    /// Left with reason `dropped_out`.
    pub dropped_out: usize,
    /// Left with reason `moved`.
    pub moved: usize,
    /// Left with reason `other`, or left without a reason.
    pub other: usize,
    /// Not (yet) left.
    pub active: usize,
}

impl Completion {
    /// `completed / enrolled`, or `None` for a group without enrolments.
    ///
    /// ```
    /// use groupwell::program::Completion;
    /// let c = Completion { group: "g".into(), enrolled: 8, completed: 6, dropped_out: 2,
    ///     moved: 0, other: 0, active: 0 };
    /// assert_eq!((c.completion_rate(), c.dropout_rate()), (Some(0.75), Some(0.25)));
    /// ```
    pub fn completion_rate(&self) -> Option<f64> {
        (self.enrolled > 0).then(|| self.completed as f64 / self.enrolled as f64)
    }

    /// `dropped_out / enrolled`, or `None` for a group without enrolments.
    ///
    /// ```
    /// use groupwell::program::Completion;
    /// let c = Completion { group: "g".into(), enrolled: 0, completed: 0, dropped_out: 0,
    ///     moved: 0, other: 0, active: 0 };
    /// assert_eq!(c.dropout_rate(), None);
    /// ```
    pub fn dropout_rate(&self) -> Option<f64> {
        (self.enrolled > 0).then(|| self.dropped_out as f64 / self.enrolled as f64)
    }
}

/// One line per group: its facts and size.
///
/// ```
/// # use groupwell::program::Program;
/// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
/// let s = program.group_summaries();
/// assert_eq!(s.len(), program.groups.len());
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSummary {
    /// Group id.
    pub group: String,
    /// Theme.
    pub theme: String,
    /// Format.
    pub format: Format,
    /// Units.
    pub units: Vec<String>,
    /// First meeting.
    pub start: NaiveDate,
    /// Last meeting, if any.
    pub end: Option<NaiveDate>,
    /// Distinct participants enrolled.
    pub participants: usize,
    /// Whether the size is within the capacity (`None` without a capacity).
    pub within_capacity: Option<bool>,
}

impl Program {
    /// Groups that ran (status running or ended) on at least one day of `period` and pass
    /// `filter`. A group without an end date runs until further notice.
    ///
    /// ```
    /// use groupwell::program::{GroupFilter, Period};
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let ran = program.groups_running(&Period::year(2015).unwrap(), &GroupFilter::default());
    /// assert!(ran.len() >= 5);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn groups_running(&self, period: &Period, filter: &GroupFilter) -> Vec<&Group> {
        self.groups
            .iter()
            .filter(|g| g.status.has_run() && period.overlaps(g.start, g.end) && filter.matches(g))
            .collect()
    }

    /// Distinct participants enrolled on at least one day of `period` in a group that ran and
    /// passes `filter`, sorted by id.
    ///
    /// ```
    /// use groupwell::program::{GroupFilter, Period};
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let y15 = program.participants_in(&Period::year(2015).unwrap(), &GroupFilter::default());
    /// assert!(!y15.is_empty());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn participants_in(&self, period: &Period, filter: &GroupFilter) -> Vec<&str> {
        let groups: FxHashMap<&str, &Group> = self
            .groups
            .iter()
            .filter(|g| g.status.has_run() && filter.matches(g))
            .map(|g| (g.id.as_str(), g))
            .collect();
        let mut out: Vec<&str> = self
            .enrolments
            .iter()
            .filter(|e| {
                groups
                    .get(e.group.as_str())
                    .is_some_and(|g| period.overlaps(e.joined, super::enrolment_end(e.left, g.end)))
            })
            .map(|e| e.participant.as_str())
            .collect::<FxHashSet<_>>()
            .into_iter()
            .collect();
        out.sort_unstable();
        out
    }

    /// Attendance per group (in group order): for every recorded session, the participants
    /// enrolled that day are expected; those of them present count as attended.
    ///
    /// ```
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let a = program.attendance();
    /// assert_eq!(a.len(), program.groups.len());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn attendance(&self) -> Vec<AttendanceRate> {
        let per = self.participant_attendance();
        let mut by_group: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
        for p in &per {
            let slot = by_group.entry(p.group.as_str()).or_default();
            slot.0 += p.sessions;
            slot.1 += p.attended;
        }
        let mut sessions: FxHashMap<&str, usize> = FxHashMap::default();
        for s in &self.sessions {
            *sessions.entry(s.group.as_str()).or_default() += 1;
        }
        self.groups
            .iter()
            .map(|g| {
                let (expected, attended) = by_group.get(g.id.as_str()).copied().unwrap_or_default();
                AttendanceRate {
                    group: g.id.clone(),
                    sessions: sessions.get(g.id.as_str()).copied().unwrap_or(0),
                    expected,
                    attended,
                }
            })
            .collect()
    }

    /// Attendance per enrolment (in enrolment order).
    ///
    /// ```
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// assert_eq!(program.participant_attendance().len(), program.enrolments.len());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn participant_attendance(&self) -> Vec<ParticipantAttendance> {
        let mut sessions: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, s) in self.sessions.iter().enumerate() {
            sessions.entry(s.group.as_str()).or_default().push(i);
        }
        self.enrolments
            .iter()
            .map(|e| {
                let mut held = 0;
                let mut attended = 0;
                for s in sessions
                    .get(e.group.as_str())
                    .into_iter()
                    .flatten()
                    .filter_map(|&i| self.sessions.get(i))
                {
                    if s.date < e.joined || e.left.is_some_and(|l| s.date > l) {
                        continue;
                    }
                    held += 1;
                    if s.attended.contains(&e.participant) {
                        attended += 1;
                    }
                }
                ParticipantAttendance {
                    participant: e.participant.clone(),
                    group: e.group.clone(),
                    sessions: held,
                    attended,
                }
            })
            .collect()
    }

    /// How enrolments ended, per group (in group order).
    ///
    /// ```
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let total: usize = program.completion().iter().map(|c| c.enrolled).sum();
    /// assert_eq!(total, program.enrolments.len());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn completion(&self) -> Vec<Completion> {
        let mut by_group: FxHashMap<&str, Completion> = self
            .groups
            .iter()
            .map(|g| {
                (
                    g.id.as_str(),
                    Completion {
                        group: g.id.clone(),
                        enrolled: 0,
                        completed: 0,
                        dropped_out: 0,
                        moved: 0,
                        other: 0,
                        active: 0,
                    },
                )
            })
            .collect();
        for e in &self.enrolments {
            let Some(c) = by_group.get_mut(e.group.as_str()) else {
                continue;
            };
            c.enrolled += 1;
            match (e.left, e.reason) {
                (None, _) => c.active += 1,
                (Some(_), Some(LeaveReason::Completed)) => c.completed += 1,
                (Some(_), Some(LeaveReason::DroppedOut)) => c.dropped_out += 1,
                (Some(_), Some(LeaveReason::Moved)) => c.moved += 1,
                (Some(_), Some(LeaveReason::Other) | None) => c.other += 1,
            }
        }
        self.groups
            .iter()
            .filter_map(|g| by_group.remove(g.id.as_str()))
            .collect()
    }

    /// One summary per group (in group order) with the number of distinct participants.
    ///
    /// ```
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let s = program.group_summaries();
    /// // Every group that met was within 5..=8; the cancelled one had nobody.
    /// assert!(s.iter().filter(|g| g.participants > 0).all(|g| g.within_capacity == Some(true)));
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn group_summaries(&self) -> Vec<GroupSummary> {
        let mut members: FxHashMap<&str, FxHashSet<&str>> = FxHashMap::default();
        for e in &self.enrolments {
            members
                .entry(e.group.as_str())
                .or_default()
                .insert(e.participant.as_str());
        }
        self.groups
            .iter()
            .map(|g| {
                let n = members.get(g.id.as_str()).map_or(0, FxHashSet::len);
                GroupSummary {
                    group: g.id.clone(),
                    theme: g.theme.clone(),
                    format: g.format,
                    units: g.units.clone(),
                    start: g.start,
                    end: g.end,
                    participants: n,
                    within_capacity: g.capacity.map(|c| c.contains(n)),
                }
            })
            .collect()
    }
}
