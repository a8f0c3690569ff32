//! The program model: units, groups, participants, enrolments, sessions and measurements, with
//! timepoint rules, validation and queries.
//!
//! A [`Program`] is one document: the program's own facts (name, period, owning units, the
//! [`Schedule`] of timepoints, user-defined scales) and the tables of what happened (groups,
//! participants, enrolments, sessions, measurements). It is plain data: (de)serialised to JSON
//! with a format tag ([`PROGRAM_FORMAT`]) and read from CSV tables ([`csv`]). Reading checks
//! only the shape; [`Program::validate`] checks the meaning (referential integrity, date order,
//! capacity, overlapping groups, answers) and reports every finding with its location.
//! [`Program::assign_timepoints`] decides which measurement is whose baseline and follow-up,
//! and says why.
//!
//! Dates are calendar dates (`YYYY-MM-DD`, [`NaiveDate`]); nothing here reads the clock.
//!
//! ```
//! use groupwell::program::Program;
//!
//! let program = Program::from_json(r#"{
//!   "format": "groupwell-program/1",
//!   "id": "shg", "name": "Self-help groups",
//!   "period": {"start": "2015-01-01", "end": "2015-12-31"},
//!   "units": [{"id": "hede", "name": "Hede health centre", "kind": "health_centre"}],
//!   "groups": [{"id": "g1", "theme": "stress", "format": "on_site", "units": ["hede"],
//!               "leadership": {"kind": "peer", "starter_sessions": 2},
//!               "capacity": {"min": 5, "max": 8},
//!               "start": "2015-02-02", "end": "2015-05-18", "status": "ended"}],
//!   "participants": [{"id": "p1", "sex": "female", "home_unit": "hede"}],
//!   "enrolments": [{"participant": "p1", "group": "g1", "joined": "2015-02-02",
//!                   "left": "2015-05-18", "reason": "completed"}],
//!   "measurements": [{"participant": "p1", "date": "2015-02-02", "eq5d": "21232", "vas": 55},
//!                    {"participant": "p1", "date": "2015-05-18", "eq5d": "11121", "vas": 70}]
//! }"#)?;
//! let findings = program.validate();
//! assert!(findings.is_valid());
//! // One group of five to eight with a single participant: a warning, not an error.
//! assert_eq!(findings.warnings().count(), 1);
//! let assigned = program.assign_timepoints();
//! assert_eq!(assigned.assignments.len(), 2); // baseline and week 15
//! # Ok::<(), groupwell::Error>(())
//! ```

pub mod csv;
mod query;
mod tidy;
mod timepoints;
mod validate;

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::scales::ScaleDef;

pub use query::{AttendanceRate, Completion, GroupFilter, GroupSummary, ParticipantAttendance};
pub use tidy::{TidyOptions, TidyRow, TidyTable};
pub use timepoints::{
    Anchor, Assignment, Assignments, MissingTimepoint, Schedule, Span, SpanUnit, TimepointRule,
    Unassigned, Window,
};
pub use validate::{Finding, FindingCode, Location, Severity, Validation};

/// The format tag of program documents (JSON `"format"`). Documents without it are read as this
/// version; other versions are refused.
///
/// ```
/// assert_eq!(groupwell::program::PROGRAM_FORMAT, "groupwell-program/1");
/// ```
pub const PROGRAM_FORMAT: &str = "groupwell-program/1";

fn default_format() -> String {
    PROGRAM_FORMAT.to_owned()
}

/// An enrolment's last day: the day the participant left, or the group's end when that came
/// first or they did not leave; `None` while both are open.
pub(super) fn enrolment_end(
    left: Option<NaiveDate>,
    group_end: Option<NaiveDate>,
) -> Option<NaiveDate> {
    match (left, group_end) {
        (Some(l), Some(e)) => Some(l.min(e)),
        (l, e) => l.or(e),
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An inclusive range of calendar dates.
///
/// ```
/// use groupwell::program::Period;
/// let p = Period::new("2015-01-01".parse()?, "2015-12-31".parse()?);
/// assert!(p.contains("2015-06-30".parse()?));
/// assert_eq!(p.to_string(), "2015-01-01..=2015-12-31");
/// # Ok::<(), chrono::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
}

impl Period {
    /// A period from `start` to `end`, both inclusive.
    ///
    /// ```
    /// use groupwell::program::Period;
    /// let p = Period::new("2015-01-01".parse()?, "2015-01-31".parse()?);
    /// assert_eq!(p.days(), 31);
    /// # Ok::<(), chrono::ParseError>(())
    /// ```
    pub fn new(start: NaiveDate, end: NaiveDate) -> Period {
        Period { start, end }
    }

    /// The calendar year `year` (1 January to 31 December), or `None` outside chrono's range.
    ///
    /// ```
    /// use groupwell::program::Period;
    /// assert_eq!(Period::year(2015).unwrap().to_string(), "2015-01-01..=2015-12-31");
    /// ```
    pub fn year(year: i32) -> Option<Period> {
        Some(Period {
            start: NaiveDate::from_ymd_opt(year, 1, 1)?,
            end: NaiveDate::from_ymd_opt(year, 12, 31)?,
        })
    }

    /// Whether `date` lies in the period.
    ///
    /// ```
    /// let p = groupwell::program::Period::year(2015).unwrap();
    /// assert!(!p.contains("2016-01-01".parse().unwrap()));
    /// ```
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Whether the period shares a day with `start..=end` (an open end: `None`).
    ///
    /// ```
    /// let p = groupwell::program::Period::year(2015).unwrap();
    /// assert!(p.overlaps("2014-10-01".parse().unwrap(), None));
    /// assert!(!p.overlaps("2014-10-01".parse().unwrap(), Some("2014-12-31".parse().unwrap())));
    /// ```
    pub fn overlaps(&self, start: NaiveDate, end: Option<NaiveDate>) -> bool {
        start <= self.end && end.is_none_or(|e| e >= self.start)
    }

    /// Number of days, both ends included (0 when the end precedes the start).
    ///
    /// ```
    /// assert_eq!(groupwell::program::Period::year(2016).unwrap().days(), 366);
    /// ```
    pub fn days(&self) -> i64 {
        ((self.end - self.start).num_days() + 1).max(0)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..={}", self.start, self.end)
    }
}

/// What kind of organisation a unit is.
///
/// ```
/// use groupwell::program::UnitKind;
/// assert_eq!(serde_json::to_string(&UnitKind::HealthCentre).unwrap(), "\"health_centre\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A primary-care health centre (vårdcentral).
    HealthCentre,
    /// A municipality.
    Municipality,
    /// An association or other non-profit partner.
    Association,
    /// A site where groups meet (a library, a community hall...).
    Site,
    /// Anything else.
    Other,
}

/// A health centre, municipality, association or site.
///
/// ```
/// use groupwell::program::{Unit, UnitKind};
/// let u: Unit = serde_json::from_str(r#"{"id": "sveg", "name": "Sveg", "kind": "health_centre",
///     "region": "Jämtland Härjedalen"}"#).unwrap();
/// assert_eq!(u.kind, UnitKind::HealthCentre);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Unique id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What kind of unit.
    pub kind: UnitKind,
    /// Region or county, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// How a group meets.
///
/// ```
/// use groupwell::program::Format;
/// assert_eq!("virtual_multi_site".parse::<Format>()?, Format::VirtualMultiSite);
/// assert_eq!(Format::DigitalHome.to_string(), "digital_home");
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Everyone in one room.
    OnSite,
    /// Participants at several units joined by video, possibly with remote contributors.
    VirtualMultiSite,
    /// A digital course followed from home.
    DigitalHome,
}

/// Group status as recorded.
///
/// ```
/// use groupwell::program::GroupStatus;
/// assert!(GroupStatus::Ended.has_run() && !GroupStatus::Cancelled.has_run());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupStatus {
    /// Announced, not started.
    Planned,
    /// Meeting.
    Running,
    /// Finished.
    Ended,
    /// Called off; never counts as running.
    Cancelled,
}

impl GroupStatus {
    /// Whether a group with this status has met (running or ended).
    ///
    /// ```
    /// assert!(!groupwell::program::GroupStatus::Planned.has_run());
    /// ```
    pub fn has_run(self) -> bool {
        matches!(self, GroupStatus::Running | GroupStatus::Ended)
    }
}

/// Who leads a group.
///
/// ```
/// use groupwell::program::Leadership;
/// let l: Leadership = serde_json::from_str(r#"{"kind": "peer", "starter_sessions": 3}"#).unwrap();
/// assert_eq!(l, Leadership::Peer { starter_sessions: Some(3) });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Leadership {
    /// Led by a professional throughout.
    Professional,
    /// Peer-led; a starter (professional or trained peer) leads the first sessions and leaves.
    Peer {
        /// How many sessions the starter stays for, if recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        starter_sessions: Option<u32>,
    },
}

/// The number of participants a group is meant for, `min..=max`.
///
/// ```
/// use groupwell::program::Capacity;
/// let c = Capacity { min: 5, max: 8 };
/// assert!(c.contains(8) && !c.contains(4));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    /// Fewest participants.
    pub min: u32,
    /// Most participants.
    pub max: u32,
}

impl Capacity {
    /// Whether `n` participants fit.
    ///
    /// ```
    /// assert!(groupwell::program::Capacity { min: 5, max: 8 }.contains(5));
    /// ```
    pub fn contains(&self, n: usize) -> bool {
        (self.min as usize..=self.max as usize).contains(&n)
    }
}

/// Someone who contributes to a group without being a participant (a lecturer, a starter...).
///
/// ```
/// use groupwell::program::Contributor;
/// let c: Contributor = serde_json::from_str(r#"{"role": "lecturer", "remote": true}"#).unwrap();
/// assert!(c.remote && c.unit.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contributor {
    /// The role (open vocabulary: `lecturer`, `starter`, `leader`...).
    pub role: String,
    /// Whether they join by video from elsewhere.
    #[serde(default, skip_serializing_if = "is_false")]
    pub remote: bool,
    /// Their unit, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// Well-known group themes. The vocabulary is open: any non-empty text is a theme; these are the
/// spellings the examples and reports use.
///
/// ```
/// assert!(groupwell::program::THEMES.contains(&"stress"));
/// ```
pub const THEMES: &[&str] = &[
    "stress",
    "living_with_pain",
    "chronic_illness",
    "separation",
    "parenting_neuropsychiatric",
    "parent_group",
    "diabetes_school",
    "anxiety_school",
    "stress_school",
    "physical_activity_on_prescription",
];

/// A group: people meeting around one theme, over a period.
///
/// ```
/// use groupwell::program::{Group, Format};
/// let g: Group = serde_json::from_str(r#"{"id": "g1", "theme": "stress", "format": "on_site",
///     "units": ["hede"], "start": "2015-02-02", "status": "running"}"#).unwrap();
/// assert_eq!((g.format, g.end), (Format::OnSite, None));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Unique id.
    pub id: String,
    /// Display name, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The theme (open vocabulary; see [`THEMES`]).
    pub theme: String,
    /// How the group meets.
    pub format: Format,
    /// The units where participants sit (one for on-site, several for virtual multi-site).
    #[serde(default)]
    pub units: Vec<String>,
    /// Who leads it, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leadership: Option<Leadership>,
    /// Contributors other than participants (e.g. a remote lecturer).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributors: Vec<Contributor>,
    /// Intended size, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Capacity>,
    /// First meeting.
    pub start: NaiveDate,
    /// Last meeting (absent while running or planned without an end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    /// Status as recorded.
    pub status: GroupStatus,
}

/// Sex as recorded.
///
/// ```
/// use groupwell::program::Sex;
/// assert_eq!("female".parse::<Sex>()?, Sex::Female);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
    /// Other or not disclosed.
    Other,
}

/// How a participant came to the program.
///
/// ```
/// use groupwell::program::Referral;
/// assert_eq!(Referral::Prescription.to_string(), "prescription");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Referral {
    /// On their own initiative.
    OwnInitiative,
    /// Referred by a health centre.
    HealthCentre,
    /// On prescription (e.g. physical activity on prescription).
    Prescription,
    /// By another partner (social services, employer...).
    OtherPartner,
}

/// A participant, pseudonymous: the id must not identify a person outside the data set.
///
/// ```
/// use groupwell::program::{Participant, Sex};
/// let p: Participant = serde_json::from_str(r#"{"id": "p1", "sex": "male", "birth_year": 1961,
///     "referral": "health_centre"}"#).unwrap();
/// assert_eq!((p.sex, p.age_band.as_deref()), (Some(Sex::Male), None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    /// Unique pseudonymous id.
    pub id: String,
    /// Sex, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Age band (e.g. `"45-54"`), if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_band: Option<String>,
    /// Birth year, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<i32>,
    /// Home unit (id), if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_unit: Option<String>,
    /// Referral path, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral: Option<Referral>,
}

/// Why an enrolment ended.
///
/// ```
/// use groupwell::program::LeaveReason;
/// assert_eq!("dropped_out".parse::<LeaveReason>()?, LeaveReason::DroppedOut);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaveReason {
    /// Took part to the end.
    Completed,
    /// Stopped coming.
    DroppedOut,
    /// Moved away.
    Moved,
    /// Anything else.
    Other,
}

/// A participant's membership of a group.
///
/// ```
/// use groupwell::program::Enrolment;
/// let e: Enrolment = serde_json::from_str(r#"{"participant": "p1", "group": "g1",
///     "joined": "2015-02-02"}"#).unwrap();
/// assert!(e.left.is_none() && e.reason.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    /// Participant id.
    pub participant: String,
    /// Group id.
    pub group: String,
    /// First day as a member.
    #[serde(deserialize_with = "dates::read")]
    pub joined: NaiveDate,
    /// Last day as a member, if they have left (or the group has ended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<NaiveDate>,
    /// Why they left, if they have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<LeaveReason>,
}

/// How a session was held.
///
/// ```
/// use groupwell::program::SessionMode;
/// assert_eq!(SessionMode::Video.to_string(), "video");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionMode {
    /// In one room.
    OnSite,
    /// Several sites (or homes) joined by video.
    Video,
    /// Digital, self-paced (a course module).
    Digital,
}

/// One meeting of a group and who attended.
///
/// ```
/// use groupwell::program::Session;
/// let s: Session = serde_json::from_str(r#"{"group": "g1", "date": "2015-02-09",
///     "sites": ["hede", "sveg"], "mode": "video", "attended": ["p1"]}"#).unwrap();
/// assert_eq!(s.attended.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Group id.
    pub group: String,
    /// Date.
    pub date: NaiveDate,
    /// Units taking part (for a virtual multi-site session, every connected site).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<String>,
    /// How it was held.
    pub mode: SessionMode,
    /// Participant ids present.
    #[serde(default)]
    pub attended: Vec<String>,
}

/// One survey occasion of a participant: the answers given on one date.
///
/// EQ-5D is the five-digit state as text (`"11213"`, instrument from [`Instruments::eq5d`]);
/// scale answers are listed per scale id in item order, `null` in JSON (`NaN` here, as in
/// numpy and the batch scoring functions) for an unanswered item. Answers
/// are stored as given and checked by [`Program::validate`], so an invalid answer is reported
/// with its location rather than lost.
///
/// ```
/// use groupwell::program::Measurement;
/// let m: Measurement = serde_json::from_str(r#"{"participant": "p1", "date": "2015-02-02",
///     "eq5d": "11213", "vas": 72, "scales": {"SCI-93": [0, 1, null]}}"#).unwrap();
/// let a = &m.scales["SCI-93"];
/// assert_eq!((a[0], a[1], a[2].is_nan()), (0.0, 1.0, true));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// Participant id.
    pub participant: String,
    /// Date of answering.
    #[serde(deserialize_with = "dates::read")]
    pub date: NaiveDate,
    /// EQ-5D state as five digits, if answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eq5d: Option<String>,
    /// EQ VAS (0–100), if answered.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "numbers::option"
    )]
    pub vas: Option<f64>,
    /// Answers per scale id, in item order (`NaN` = unanswered, `null` in JSON).
    #[serde(
        default,
        skip_serializing_if = "ScaleAnswers::is_empty",
        serialize_with = "numbers::answers",
        deserialize_with = "numbers::read_answers"
    )]
    pub scales: ScaleAnswers,
}

/// A measurement's scale answers: scale id → answers in item order, kept sorted by id. A small
/// map (most measurements hold one or two scales) that behaves like a `BTreeMap`.
///
/// ```
/// use groupwell::program::ScaleAnswers;
/// let mut a = ScaleAnswers::new();
/// a.insert("SCI-93".into(), vec![1.0, f64::NAN]);
/// a.insert("PSS-10".into(), vec![2.0]);
/// assert_eq!(a.keys().collect::<Vec<_>>(), ["PSS-10", "SCI-93"]);
/// assert_eq!(a["PSS-10"], [2.0]);
/// assert!(a.get("EQ").is_none());
/// ```
#[derive(Debug, Clone, Default)]
pub struct ScaleAnswers(Vec<(String, Vec<f64>)>);

impl ScaleAnswers {
    /// An empty map.
    pub fn new() -> ScaleAnswers {
        ScaleAnswers(Vec::new())
    }

    fn position(&self, id: &str) -> std::result::Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(id))
    }

    /// The answers of scale `id`.
    pub fn get(&self, id: &str) -> Option<&Vec<f64>> {
        self.position(id)
            .ok()
            .and_then(|i| self.0.get(i))
            .map(|(_, v)| v)
    }

    /// The answers of scale `id`, mutable.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Vec<f64>> {
        self.position(id)
            .ok()
            .and_then(|i| self.0.get_mut(i))
            .map(|(_, v)| v)
    }

    /// Whether scale `id` was answered.
    pub fn contains_key(&self, id: &str) -> bool {
        self.position(id).is_ok()
    }

    /// Sets the answers of scale `id`, returning the previous ones.
    pub fn insert(&mut self, id: String, answers: Vec<f64>) -> Option<Vec<f64>> {
        match self.position(&id) {
            Ok(i) => self
                .0
                .get_mut(i)
                .map(|slot| std::mem::replace(&mut slot.1, answers)),
            Err(i) => {
                self.0.insert(i, (id, answers));
                None
            }
        }
    }

    /// Removes scale `id`, returning its answers.
    pub fn remove(&mut self, id: &str) -> Option<Vec<f64>> {
        self.position(id).ok().map(|i| self.0.remove(i).1)
    }

    /// Number of scales.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Scale ids in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// `(id, answers)` pairs in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Vec<f64>)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'a> IntoIterator for &'a ScaleAnswers {
    type Item = (&'a String, &'a Vec<f64>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Vec<f64>)>,
        fn(&'a (String, Vec<f64>)) -> (&'a String, &'a Vec<f64>),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl std::ops::Index<&str> for ScaleAnswers {
    type Output = Vec<f64>;

    /// # Panics
    /// When the scale is absent (as `BTreeMap` indexing); use [`ScaleAnswers::get`] otherwise.
    #[allow(clippy::panic)]
    fn index(&self, id: &str) -> &Vec<f64> {
        match self.get(id) {
            Some(v) => v,
            None => panic!("no answers for scale {id:?}"),
        }
    }
}

impl FromIterator<(String, Vec<f64>)> for ScaleAnswers {
    fn from_iter<I: IntoIterator<Item = (String, Vec<f64>)>>(iter: I) -> Self {
        let mut out = ScaleAnswers::new();
        for (k, v) in iter {
            out.insert(k, v);
        }
        out
    }
}

/// Equal when every field is equal, an unanswered item (`NaN`) matching an unanswered item.
impl PartialEq for Measurement {
    fn eq(&self, other: &Self) -> bool {
        let same = |a: &f64, b: &f64| a == b || (a.is_nan() && b.is_nan());
        self.participant == other.participant
            && self.date == other.date
            && self.eq5d == other.eq5d
            && self.vas == other.vas
            && self.scales.len() == other.scales.len()
            && self
                .scales
                .iter()
                .zip(&other.scales)
                .all(|((ka, a), (kb, b))| {
                    ka == kb && a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
                })
    }
}

/// The instruments a program uses.
///
/// ```
/// use groupwell::program::Instruments;
/// let i = Instruments::default();
/// assert_eq!(i.eq5d, groupwell::eq5d::Instrument::Eq5d5l);
/// assert!(i.scales.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instruments {
    /// The EQ-5D version of the `eq5d` answers (`"5L"` by default).
    #[serde(default = "default_instrument", with = "instrument_serde")]
    pub eq5d: crate::eq5d::Instrument,
    /// Definitions of user-defined scales (SCI-93 is built in and needs none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scales: Vec<ScaleDef>,
}

impl Default for Instruments {
    fn default() -> Self {
        Instruments {
            eq5d: default_instrument(),
            scales: Vec::new(),
        }
    }
}

fn default_instrument() -> crate::eq5d::Instrument {
    crate::eq5d::Instrument::Eq5d5l
}

/// Dates as `YYYY-MM-DD`: a fast path for the common form, chrono for everything else (and for
/// its error message).
mod dates {
    use chrono::NaiveDate;
    use serde::Deserializer;

    fn fast(s: &str) -> Option<NaiveDate> {
        let b = s.as_bytes();
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b.get(r)?.iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    }

    pub(super) fn parse<E: serde::de::Error>(s: &str) -> Result<NaiveDate, E> {
        fast(s).map_or_else(|| s.parse().map_err(E::custom), Ok)
    }

    struct V;

    impl serde::de::Visitor<'_> for V {
        type Value = NaiveDate;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a date YYYY-MM-DD")
        }

        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<NaiveDate, E> {
            parse(s)
        }
    }

    pub(super) fn read<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        d.deserialize_str(V)
    }
}

/// Whole numbers written without a fraction (`3`, not `3.0`); they read back as the same `f64`.
mod numbers {
    use serde::Serializer;
    use serde::ser::{SerializeMap, SerializeSeq};

    /// Largest magnitude below which every whole `f64` is exactly an `i64` written as digits.
    const EXACT: f64 = 9_007_199_254_740_992.0;

    struct Num(Option<f64>);

    impl serde::Serialize for Num {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self.0 {
                None => s.serialize_none(),
                Some(x)
                    if x.fract() == 0.0
                        && x.abs() < EXACT
                        && !(x == 0.0 && x.is_sign_negative()) =>
                {
                    s.serialize_i64(x as i64)
                }
                Some(x) => s.serialize_f64(x),
            }
        }
    }

    struct Answers<'a>(&'a [f64]);

    impl serde::Serialize for Answers<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(self.0.len()))?;
            for a in self.0 {
                seq.serialize_element(&Num((!a.is_nan()).then_some(*a)))?;
            }
            seq.end()
        }
    }

    /// One answer: a number, or `null` (read as `NaN`), read in one dispatch on the token.
    struct Answer(f64);

    impl<'de> serde::Deserialize<'de> for Answer {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl serde::de::Visitor<'_> for V {
                type Value = Answer;

                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("an answer (a number, or null for an unanswered item)")
                }

                fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Answer, E> {
                    Ok(Answer(v as f64))
                }

                fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Answer, E> {
                    Ok(Answer(v as f64))
                }

                fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Answer, E> {
                    Ok(Answer(v))
                }

                fn visit_unit<E: serde::de::Error>(self) -> Result<Answer, E> {
                    Ok(Answer(f64::NAN))
                }

                fn visit_none<E: serde::de::Error>(self) -> Result<Answer, E> {
                    Ok(Answer(f64::NAN))
                }
            }
            d.deserialize_any(V)
        }
    }

    /// One list of answers: numbers and `null` (read as `NaN`).
    struct AnswerList(Vec<f64>);

    impl<'de> serde::Deserialize<'de> for AnswerList {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = AnswerList;

                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a list of answers (numbers, or null for an unanswered item)")
                }

                fn visit_seq<A: serde::de::SeqAccess<'de>>(
                    self,
                    mut seq: A,
                ) -> Result<AnswerList, A::Error> {
                    // Most scales are short; one allocation covers them.
                    let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(40).min(1024));
                    while let Some(a) = seq.next_element::<Answer>()? {
                        out.push(a.0);
                    }
                    Ok(AnswerList(out))
                }
            }
            d.deserialize_seq(V)
        }
    }

    pub(super) fn read_answers<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<super::ScaleAnswers, D::Error> {
        struct M;
        impl<'de> serde::de::Visitor<'de> for M {
            type Value = super::ScaleAnswers;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map from scale id to a list of answers")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = super::ScaleAnswers::new();
                while let Some((k, v)) = map.next_entry::<String, AnswerList>()? {
                    if out.contains_key(&k) {
                        return Err(serde::de::Error::custom(format!(
                            "scale {k:?} is listed twice"
                        )));
                    }
                    out.insert(k, v.0);
                }
                Ok(out)
            }
        }
        d.deserialize_map(M)
    }

    pub(super) fn option<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&Num(*v), s)
    }

    pub(super) fn answers<S: Serializer>(v: &super::ScaleAnswers, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(v.len()))?;
        for (k, a) in v {
            map.serialize_entry(k, &Answers(a))?;
        }
        map.end()
    }
}

mod instrument_serde {
    use crate::eq5d::Instrument;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(i: &Instrument, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(i.short_name())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Instrument, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A program and everything recorded about it.
///
/// See the [module documentation](self) for an example.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// Format tag, [`PROGRAM_FORMAT`].
    #[serde(default = "default_format")]
    pub format: String,
    /// Program id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The period the program runs.
    pub period: Period,
    /// Ids of the owning units.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// How measurements are assigned to timepoints.
    #[serde(default)]
    pub schedule: Schedule,
    /// The instruments used.
    #[serde(default)]
    pub instruments: Instruments,
    /// Units: health centres, municipalities, associations, sites.
    #[serde(default)]
    pub units: Vec<Unit>,
    /// Groups.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// Participants.
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// Enrolments of participants in groups.
    #[serde(default)]
    pub enrolments: Vec<Enrolment>,
    /// Sessions with attendance.
    #[serde(default)]
    pub sessions: Vec<Session>,
    /// Survey answers.
    #[serde(default)]
    pub measurements: Vec<Measurement>,
}

impl Program {
    /// An empty program (no units, groups or people) with the default schedule.
    ///
    /// ```
    /// use groupwell::program::{Period, Program};
    /// let p = Program::new("p", "Pilot", Period::year(2015).unwrap());
    /// assert!(p.validate().is_valid());
    /// ```
    pub fn new(id: impl Into<String>, name: impl Into<String>, period: Period) -> Program {
        Program {
            format: default_format(),
            id: id.into(),
            name: name.into(),
            period,
            owners: Vec::new(),
            schedule: Schedule::default(),
            instruments: Instruments::default(),
            units: Vec::new(),
            groups: Vec::new(),
            participants: Vec::new(),
            enrolments: Vec::new(),
            sessions: Vec::new(),
            measurements: Vec::new(),
        }
    }

    /// Reads a program from JSON. A structural problem (a missing field, a wrong type, an
    /// unknown field, a date that is not `YYYY-MM-DD`, another format version) is an
    /// [`Error::Json`] whose message starts with the path, e.g. `groups[3].start`.
    ///
    /// ```
    /// use groupwell::program::Program;
    /// let err = Program::from_json(r#"{"id": "p", "name": "P",
    ///     "period": {"start": "2015-01-01", "end": "2015-13-01"}}"#).unwrap_err();
    /// assert!(err.to_string().contains("period.end"));
    /// ```
    pub fn from_json(json: &str) -> Result<Program> {
        // Natively: a fast read without path tracking, and on failure a second read to say
        // where. In the WebAssembly build the path-tracking read is the only one: each read
        // instantiates the whole document's deserialiser (~45 KB of the gzipped module).
        #[cfg(not(target_family = "wasm"))]
        let program: Program = match serde_json::from_str(json) {
            Ok(p) => p,
            Err(_) => return Err(json_error_with_path(json)),
        };
        #[cfg(target_family = "wasm")]
        let program: Program = {
            let de = &mut serde_json::Deserializer::from_str(json);
            serde_path_to_error::deserialize::<_, Program>(de)?
        };
        if program.format != PROGRAM_FORMAT {
            return Err(Error::Json {
                line: 1,
                column: 1,
                message: format!(
                    "format: {:?} is not supported (expected {PROGRAM_FORMAT:?})",
                    program.format
                ),
            });
        }
        Ok(program)
    }

    /// Writes the program as JSON: one line per record (a unit, a group, a measurement...),
    /// indented by table; [`from_json`](Self::from_json) reads it back to an equal program.
    ///
    /// ```
    /// use groupwell::program::{Period, Program};
    /// let p = Program::new("p", "Pilot", Period::year(2015).unwrap());
    /// assert_eq!(Program::from_json(&p.to_json()?)?, p);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn to_json(&self) -> Result<String> {
        let mut out = Vec::with_capacity(1 << 16);
        let mut ser = serde_json::Serializer::with_formatter(&mut out, RecordFormatter::default());
        self.serialize(&mut ser).map_err(|e| Error::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        String::from_utf8(out).map_err(|e| Error::Json {
            line: 1,
            column: 1,
            message: e.to_string(),
        })
    }

    /// The group with id `id`.
    ///
    /// ```
    /// use groupwell::program::{Period, Program};
    /// assert!(Program::new("p", "P", Period::year(2015).unwrap()).group("g1").is_none());
    /// ```
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The participant with id `id`.
    ///
    /// ```
    /// use groupwell::program::{Period, Program};
    /// assert!(Program::new("p", "P", Period::year(2015).unwrap()).participant("p1").is_none());
    /// ```
    pub fn participant(&self, id: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }
}

/// Pretty-prints the first three levels of nesting (the program, its tables, the records) and
/// writes anything deeper on the record's line: `{"min": 5, "max": 8}`, `[0, 1, 2]`.
#[derive(Default)]
struct RecordFormatter {
    depth: usize,
    has_value: bool,
}

impl RecordFormatter {
    const PRETTY_DEPTH: usize = 2;

    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn begin<W: ?Sized + std::io::Write>(&mut self, w: &mut W, open: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(open)
    }

    fn end<W: ?Sized + std::io::Write>(&mut self, w: &mut W, close: &[u8]) -> std::io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value && self.depth < Self::PRETTY_DEPTH {
            self.newline(w)?;
        }
        self.has_value = true;
        w.write_all(close)
    }

    fn item<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth <= Self::PRETTY_DEPTH {
            self.newline(w)
        } else if first {
            Ok(())
        } else {
            w.write_all(b" ")
        }
    }
}

impl serde_json::ser::Formatter for RecordFormatter {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.begin(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.end(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.begin(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.end(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

macro_rules! text_enum {
    ($t:ty, $what:literal, $($v:ident => $s:literal),* $(,)?) => {
        impl $t {
            /// The snake_case name used in JSON and CSV.
            ///
            /// ```
            #[doc = concat!("use groupwell::program::", stringify!($t), ";")]
            #[doc = concat!("for v in ", stringify!($t), "::ALL {")]
            #[doc = concat!("    assert_eq!(v.as_str().parse::<", stringify!($t), ">().unwrap(), *v);")]
            /// }
            /// ```
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$v => $s),* }
            }

            /// Every value, in declaration order.
            pub const ALL: &'static [$t] = &[$(Self::$v),*];
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $t {
            type Err = Error;

            fn from_str(s: &str) -> Result<Self> {
                let t = s.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(t))
                    .ok_or_else(|| Error::InvalidArgument {
                        argument: $what.into(),
                        value: format!("{s:?}"),
                        expected: format!(
                            "one of {}",
                            Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    })
            }
        }
    };
}

text_enum!(UnitKind, "unit kind", HealthCentre => "health_centre", Municipality => "municipality",
    Association => "association", Site => "site", Other => "other");
text_enum!(Format, "format", OnSite => "on_site", VirtualMultiSite => "virtual_multi_site",
    DigitalHome => "digital_home");
text_enum!(GroupStatus, "status", Planned => "planned", Running => "running", Ended => "ended",
    Cancelled => "cancelled");
text_enum!(Sex, "sex", Female => "female", Male => "male", Other => "other");
text_enum!(Referral, "referral", OwnInitiative => "own_initiative", HealthCentre => "health_centre",
    Prescription => "prescription", OtherPartner => "other_partner");
text_enum!(LeaveReason, "reason", Completed => "completed", DroppedOut => "dropped_out",
    Moved => "moved", Other => "other");
text_enum!(SessionMode, "mode", OnSite => "on_site", Video => "video", Digital => "digital");

/// The [`Error::Json`] of a document serde_json rejected, read again with path tracking.
#[cfg(not(target_family = "wasm"))]
fn json_error_with_path(json: &str) -> Error {
    let de = &mut serde_json::Deserializer::from_str(json);
    let read: std::result::Result<Program, _> = serde_path_to_error::deserialize(de);
    match read {
        Ok(_) => Error::Json {
            line: 1,
            column: 1,
            message: "the document could not be read".into(),
        },
        Err(e) => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_dates_agree_with_chrono() {
        for s in [
            "2015-02-28",
            "2016-02-29",
            "2015-02-29",
            "2015-13-01",
            "2015-00-10",
            "2015-01-00",
            "0000-01-01",
            "9999-12-31",
            "2015-1-01",
            "2015/01/01",
            "20150101",
            "2015-01-01 ",
            " 2015-01-01",
            "+2015-01-01",
            "2015-01-32",
            "２０15-01-01",
            "",
        ] {
            let chrono: Option<NaiveDate> = s.parse().ok();
            let ours: Option<NaiveDate> = dates::parse::<serde_json::Error>(s).ok();
            assert_eq!(ours, chrono, "{s:?}");
        }
    }
}
