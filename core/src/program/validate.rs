//! Validation of a program: every finding with its location.

use std::fmt;

use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::csv::CsvCell;
use super::{Format, GroupStatus, Program};
use crate::eq5d::{EqVas, State};
use crate::scales::Scale;

/// How serious a finding is: errors make the data unusable as they stand, warnings are facts a
/// person should look at (a full group, a measurement outside every window).
///
/// ```
/// use groupwell::program::Severity;
/// assert_eq!(Severity::Warning.to_string(), "warning");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The data are wrong (a dangling reference, dates in the wrong order, an invalid answer).
    Error,
    /// Worth a look, but consistent (capacity breached, a measurement no timepoint uses).
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// What a finding is about; a stable code for programs to match on.
///
/// ```
/// use groupwell::program::FindingCode;
/// assert_eq!(FindingCode::UnknownReference.as_str(), "unknown_reference");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingCode {
    /// Two records share an id (or a participant is enrolled twice in one group).
    DuplicateId,
    /// A required text field is empty.
    EmptyField,
    /// An id that refers to nothing.
    UnknownReference,
    /// An end before its start.
    DateOrder,
    /// A date outside the dates of what it belongs to (a session outside its group's dates).
    OutsideDates,
    /// More participants than the group's capacity.
    CapacityExceeded,
    /// Fewer participants than the group's minimum.
    BelowCapacity,
    /// A capacity whose minimum exceeds its maximum, or a maximum of 0.
    InvalidCapacity,
    /// A participant in two groups at the same time.
    OverlappingGroups,
    /// An EQ-5D state, EQ VAS or scale answer that is not valid.
    InvalidAnswer,
    /// A scale id that is neither built in nor defined by the program.
    UnknownScale,
    /// An invalid user-defined scale or timepoint rule.
    InvalidDefinition,
    /// A measurement that no timepoint uses.
    UnassignedMeasurement,
    /// Something inconsistent with the recorded status or format (an ended group without an
    /// end date, a virtual multi-site group with one site, a reason without a leaving date).
    Inconsistent,
    /// A participant attended a session of a group they were not enrolled in at the time.
    NotEnrolled,
}

impl FindingCode {
    /// The snake_case code.
    ///
    /// ```
    /// assert_eq!(groupwell::program::FindingCode::DateOrder.as_str(), "date_order");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::DuplicateId => "duplicate_id",
            FindingCode::EmptyField => "empty_field",
            FindingCode::UnknownReference => "unknown_reference",
            FindingCode::DateOrder => "date_order",
            FindingCode::OutsideDates => "outside_dates",
            FindingCode::CapacityExceeded => "capacity_exceeded",
            FindingCode::BelowCapacity => "below_capacity",
            FindingCode::InvalidCapacity => "invalid_capacity",
            FindingCode::OverlappingGroups => "overlapping_groups",
            FindingCode::InvalidAnswer => "invalid_answer",
            FindingCode::UnknownScale => "unknown_scale",
            FindingCode::InvalidDefinition => "invalid_definition",
            FindingCode::UnassignedMeasurement => "unassigned_measurement",
            FindingCode::Inconsistent => "inconsistent",
            FindingCode::NotEnrolled => "not_enrolled",
        }
    }
}

impl fmt::Display for FindingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a finding is: a JSON path into the program document, and for data read from CSV the
/// file, line and column.
///
/// ```
/// use groupwell::program::Location;
/// let l = Location::at("groups", 3, Some("end"));
/// assert_eq!(l.path, "/groups/3/end");
/// assert_eq!(l.to_string(), "/groups/3/end");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Location {
    /// JSON Pointer (RFC 6901) into the program document, e.g. `/measurements/12/scales/SCI-93/4`.
    pub path: String,
    /// The table (`groups`, `measurements`...), or `""` for the program itself.
    pub table: String,
    /// The record's index in its table.
    pub index: Option<usize>,
    /// The field, if the finding is about one.
    pub field: Option<String>,
    /// For programs read from CSV: the file label, the 1-based line and the column name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<CsvCell>,
}

fn escape_pointer(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

impl Location {
    /// The location of record `index` of `table`, optionally one of its fields (a field may be a
    /// path of several segments separated by `/`, each already escaped).
    ///
    /// ```
    /// use groupwell::program::Location;
    /// assert_eq!(Location::at("units", 0, None).path, "/units/0");
    /// ```
    pub fn at(table: &str, index: usize, field: Option<&str>) -> Location {
        let mut path = format!("/{table}/{index}");
        if let Some(f) = field {
            path.push('/');
            path.push_str(f);
        }
        Location {
            path,
            table: table.into(),
            index: Some(index),
            field: field.map(str::to_owned),
            csv: None,
        }
    }

    /// The location of a field of the program itself.
    ///
    /// ```
    /// use groupwell::program::Location;
    /// assert_eq!(Location::program("period").path, "/period");
    /// ```
    pub fn program(field: &str) -> Location {
        Location {
            path: format!("/{field}"),
            table: String::new(),
            index: None,
            field: Some(field.into()),
            csv: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.csv {
            Some(c) => write!(f, "{c} ({})", self.path),
            None => f.write_str(&self.path),
        }
    }
}

/// One problem found by [`Program::validate`].
///
/// ```
/// use groupwell::program::{Period, Program, Unit, UnitKind};
/// let mut p = Program::new("p", "P", Period::year(2015).unwrap());
/// p.owners.push("nowhere".into());
/// let v = p.validate();
/// let f = &v.findings[0];
/// assert_eq!((f.code.as_str(), f.location.path.as_str()), ("unknown_reference", "/owners/0"));
/// assert_eq!(f.to_string(), "error at /owners/0: unknown_reference: owner \"nowhere\" is not a unit of the program");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem.
    pub code: FindingCode,
    /// Where.
    pub location: Location,
    /// What is wrong and what was expected. Names ids, fields and the offending value where
    /// needed, nothing else about the participant.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at {}: {}: {}",
            self.severity, self.location, self.code, self.message
        )
    }
}

/// Every finding of a validation, errors and warnings, in table order.
///
/// ```
/// use groupwell::program::{Period, Program};
/// let v = Program::new("p", "P", Period::year(2015).unwrap()).validate();
/// assert!(v.is_valid() && v.findings.is_empty());
/// assert_eq!(v.to_string(), "no findings");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Validation {
    /// The findings.
    pub findings: Vec<Finding>,
}

impl Validation {
    /// Whether there are no errors (warnings allowed).
    ///
    /// ```
    /// assert!(groupwell::program::Validation::default().is_valid());
    /// ```
    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }

    /// The errors.
    ///
    /// ```
    /// assert_eq!(groupwell::program::Validation::default().errors().count(), 0);
    /// ```
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The warnings.
    ///
    /// ```
    /// assert_eq!(groupwell::program::Validation::default().warnings().count(), 0);
    /// ```
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }
}

impl fmt::Display for Validation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.findings.is_empty() {
            return f.write_str("no findings");
        }
        for (i, finding) in self.findings.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{finding}")?;
        }
        Ok(())
    }
}

/// First and last day (open: `None`).
type DateSpan = (NaiveDate, Option<NaiveDate>);

struct Checker {
    findings: Vec<Finding>,
}

impl Checker {
    fn push(&mut self, severity: Severity, code: FindingCode, location: Location, message: String) {
        self.findings.push(Finding {
            severity,
            code,
            location,
            message,
        });
    }

    fn error(&mut self, code: FindingCode, location: Location, message: String) {
        self.push(Severity::Error, code, location, message);
    }

    fn warn(&mut self, code: FindingCode, location: Location, message: String) {
        self.push(Severity::Warning, code, location, message);
    }

    /// Ids of `table`: duplicates and empty ids are errors; returns id → first index.
    fn ids<'a>(
        &mut self,
        table: &str,
        what: &str,
        ids: impl Iterator<Item = &'a str>,
    ) -> FxHashMap<&'a str, usize> {
        let mut map = FxHashMap::default();
        for (i, id) in ids.enumerate() {
            if id.trim().is_empty() {
                self.error(
                    FindingCode::EmptyField,
                    Location::at(table, i, Some("id")),
                    format!("{what} id is empty"),
                );
                continue;
            }
            if let Some(first) = map.insert(id, i) {
                map.insert(id, first);
                self.error(
                    FindingCode::DuplicateId,
                    Location::at(table, i, Some("id")),
                    format!("{what} id {id:?} is used again (first at /{table}/{first})"),
                );
            }
        }
        map
    }

    fn reference(
        &mut self,
        known: &FxHashMap<&str, usize>,
        id: &str,
        location: impl FnOnce() -> Location,
        what: &str,
        of: &str,
    ) -> bool {
        if known.contains_key(id) {
            return true;
        }
        self.error(
            FindingCode::UnknownReference,
            location(),
            format!("{what} {id:?} is not {of}"),
        );
        false
    }
}

impl Program {
    /// Checks the program's meaning and reports every finding with its location.
    ///
    /// Errors: duplicate or empty ids; references to unknown units, groups, participants or
    /// scales; an end before its start (program period, group, enrolment); an invalid capacity;
    /// an invalid EQ-5D state, EQ VAS or scale answer (naming the item); a participant attending
    /// the same session twice; an invalid user-defined scale or timepoint rule.
    /// Warnings: capacity exceeded or not reached; a participant in two groups at overlapping
    /// dates; an enrolment or session outside its group's dates; attendance without enrolment;
    /// inconsistencies with status or format; two measurements of a participant on one day;
    /// measurements outside every timepoint window.
    ///
    /// ```
    /// # use groupwell::program::Program;
    /// # let mut program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// assert!(program.validate().is_valid());
    /// program.measurements[0].vas = Some(101.0);
    /// let v = program.validate();
    /// let e = v.errors().next().unwrap();
    /// assert_eq!(e.location.path, "/measurements/0/vas");
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn validate(&self) -> Validation {
        self.validate_and_assign().0
    }

    /// [`validate`](Self::validate) and [`assign_timepoints`](Self::assign_timepoints) in one
    /// pass (validation needs the assignment to find unused measurements).
    ///
    /// ```
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let (v, a) = program.validate_and_assign();
    /// assert_eq!((v, a), (program.validate(), program.assign_timepoints()));
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn validate_and_assign(&self) -> (Validation, super::Assignments) {
        let mut c = Checker {
            findings: Vec::new(),
        };
        if self.id.trim().is_empty() {
            c.error(
                FindingCode::EmptyField,
                Location::program("id"),
                "program id is empty".into(),
            );
        }
        if self.name.trim().is_empty() {
            c.error(
                FindingCode::EmptyField,
                Location::program("name"),
                "program name is empty".into(),
            );
        }
        if self.period.end < self.period.start {
            c.error(
                FindingCode::DateOrder,
                Location::program("period"),
                format!(
                    "period ends ({}) before it starts ({})",
                    self.period.end, self.period.start
                ),
            );
        }
        let units = c.ids("units", "unit", self.units.iter().map(|u| u.id.as_str()));
        for (i, owner) in self.owners.iter().enumerate() {
            c.reference(
                &units,
                owner,
                || Location {
                    path: format!("/owners/{i}"),
                    table: String::new(),
                    index: Some(i),
                    field: Some("owners".into()),
                    csv: None,
                },
                "owner",
                "a unit of the program",
            );
        }
        for (i, u) in self.units.iter().enumerate() {
            if u.name.trim().is_empty() {
                c.error(
                    FindingCode::EmptyField,
                    Location::at("units", i, Some("name")),
                    format!("unit {:?} has an empty name", u.id),
                );
            }
        }
        let scales = self.check_schedule_and_scales(&mut c);
        let groups = c.ids("groups", "group", self.groups.iter().map(|g| g.id.as_str()));
        self.check_groups(&mut c, &units);
        let participants = c.ids(
            "participants",
            "participant",
            self.participants.iter().map(|p| p.id.as_str()),
        );
        for (i, p) in self.participants.iter().enumerate() {
            if let Some(u) = &p.home_unit {
                c.reference(
                    &units,
                    u,
                    || Location::at("participants", i, Some("home_unit")),
                    "home unit",
                    "a unit of the program",
                );
            }
            if let Some(y) = p.birth_year {
                use chrono::Datelike;
                let last = self.period.end.year();
                if !(1890..=last).contains(&y) {
                    c.error(
                        FindingCode::OutsideDates,
                        Location::at("participants", i, Some("birth_year")),
                        format!("birth year {y} is not plausible (expected 1890..={last})"),
                    );
                }
            }
        }
        self.check_enrolments(&mut c, &groups, &participants);
        self.check_sessions(&mut c, &groups, &participants, &units);
        let index = super::timepoints::MeasurementIndex::new(self);
        self.check_measurements(&mut c, &participants, &scales, &index);
        let assignments = self.assign_with(&index);
        for u in &assignments.unassigned {
            c.warn(
                FindingCode::UnassignedMeasurement,
                Location::at("measurements", u.measurement, None),
                format!(
                    "measurement of {:?} on {} is not used by any timepoint: {}",
                    u.participant, u.date, u.reason
                ),
            );
        }
        (
            Validation {
                findings: c.findings,
            },
            assignments,
        )
    }

    /// The program's scales by id: SCI-93 built in, overridden or extended by the program's own
    /// definitions (invalid ones reported and left out).
    fn check_schedule_and_scales(&self, c: &mut Checker) -> FxHashMap<String, Scale> {
        let mut names = FxHashSet::default();
        for (i, rule) in self.schedule.timepoints.iter().enumerate() {
            let loc = |f: &str| Location {
                path: format!("/schedule/timepoints/{i}/{f}"),
                table: "schedule".into(),
                index: Some(i),
                field: Some(f.into()),
                csv: None,
            };
            if rule.name.trim().is_empty() {
                c.error(
                    FindingCode::EmptyField,
                    loc("name"),
                    "timepoint name is empty".into(),
                );
            } else if !names.insert(rule.name.as_str()) {
                c.error(
                    FindingCode::DuplicateId,
                    loc("name"),
                    format!("timepoint {:?} is defined twice", rule.name),
                );
            }
            for (field, span) in [
                ("window/before", rule.window.before),
                ("window/after", rule.window.after),
            ] {
                if span.amount < 0 {
                    c.error(
                        FindingCode::InvalidDefinition,
                        loc(field),
                        format!(
                            "timepoint {:?}: window {span} is negative (give the distance as a positive span)",
                            rule.name
                        ),
                    );
                }
            }
        }
        let mut scales: FxHashMap<String, Scale> = FxHashMap::default();
        scales.insert(crate::scales::SCI93_ID.to_owned(), Scale::sci93());
        let mut own = FxHashSet::default();
        for (i, def) in self.instruments.scales.iter().enumerate() {
            let loc = Location {
                path: format!("/instruments/scales/{i}"),
                table: "instruments".into(),
                index: Some(i),
                field: Some("scales".into()),
                csv: None,
            };
            if !own.insert(def.id.clone()) {
                c.error(
                    FindingCode::DuplicateId,
                    loc,
                    format!("scale {:?} is defined twice", def.id),
                );
                continue;
            }
            match Scale::from_definition(def.clone()) {
                Ok(s) => {
                    scales.insert(def.id.clone(), s);
                }
                Err(e) => c.error(FindingCode::InvalidDefinition, loc, e.to_string()),
            }
        }
        scales
    }

    fn check_groups(&self, c: &mut Checker, units: &FxHashMap<&str, usize>) {
        let mut enrolled: FxHashMap<&str, usize> = FxHashMap::default();
        for e in &self.enrolments {
            *enrolled.entry(e.group.as_str()).or_default() += 1;
        }
        for (i, g) in self.groups.iter().enumerate() {
            if g.theme.trim().is_empty() {
                c.error(
                    FindingCode::EmptyField,
                    Location::at("groups", i, Some("theme")),
                    format!("group {:?} has an empty theme", g.id),
                );
            }
            for (k, u) in g.units.iter().enumerate() {
                c.reference(
                    units,
                    u,
                    || Location::at("groups", i, Some(&format!("units/{k}"))),
                    "unit",
                    "a unit of the program",
                );
            }
            for (k, contributor) in g.contributors.iter().enumerate() {
                if let Some(u) = &contributor.unit {
                    c.reference(
                        units,
                        u,
                        || Location::at("groups", i, Some(&format!("contributors/{k}/unit"))),
                        "contributor unit",
                        "a unit of the program",
                    );
                }
            }
            if let Some(end) = g.end
                && end < g.start
            {
                c.error(
                    FindingCode::DateOrder,
                    Location::at("groups", i, Some("end")),
                    format!(
                        "group {:?} ends ({end}) before it starts ({})",
                        g.id, g.start
                    ),
                );
            }
            if g.status == GroupStatus::Ended && g.end.is_none() {
                c.warn(
                    FindingCode::Inconsistent,
                    Location::at("groups", i, Some("end")),
                    format!("group {:?} has ended but has no end date", g.id),
                );
            }
            if g.format == Format::VirtualMultiSite && g.units.len() < 2 {
                c.warn(
                    FindingCode::Inconsistent,
                    Location::at("groups", i, Some("units")),
                    format!(
                        "virtual multi-site group {:?} lists {} unit(s) (expected two or more)",
                        g.id,
                        g.units.len()
                    ),
                );
            }
            let n = enrolled.get(g.id.as_str()).copied().unwrap_or(0);
            if let Some(cap) = g.capacity {
                if cap.max == 0 || cap.min > cap.max {
                    c.error(
                        FindingCode::InvalidCapacity,
                        Location::at("groups", i, Some("capacity")),
                        format!(
                            "group {:?}: capacity {}..={} is empty",
                            g.id, cap.min, cap.max
                        ),
                    );
                } else if n > cap.max as usize {
                    c.warn(
                        FindingCode::CapacityExceeded,
                        Location::at("groups", i, Some("capacity")),
                        format!(
                            "group {:?} has {n} enrolments, more than its capacity {}..={}",
                            g.id, cap.min, cap.max
                        ),
                    );
                } else if n < cap.min as usize && g.status.has_run() {
                    c.warn(
                        FindingCode::BelowCapacity,
                        Location::at("groups", i, Some("capacity")),
                        format!(
                            "group {:?} has {n} enrolment(s), fewer than its minimum {} (capacity {}..={})",
                            g.id, cap.min, cap.min, cap.max
                        ),
                    );
                }
            }
            if g.status == GroupStatus::Cancelled && n > 0 {
                c.warn(
                    FindingCode::Inconsistent,
                    Location::at("groups", i, Some("status")),
                    format!("cancelled group {:?} has {n} enrolment(s)", g.id),
                );
            }
        }
    }

    fn check_enrolments(
        &self,
        c: &mut Checker,
        groups: &FxHashMap<&str, usize>,
        participants: &FxHashMap<&str, usize>,
    ) {
        // (participant index, joined, enrolment index, group index, end, counts for overlaps)
        let mut rows: Vec<(usize, NaiveDate, usize, usize, Option<NaiveDate>, bool)> =
            Vec::with_capacity(self.enrolments.len());
        for (i, e) in self.enrolments.iter().enumerate() {
            let p_idx = participants.get(e.participant.as_str()).copied();
            if p_idx.is_none() {
                c.reference(
                    participants,
                    &e.participant,
                    || Location::at("enrolments", i, Some("participant")),
                    "participant",
                    "a participant of the program",
                );
            }
            let g_idx = groups.get(e.group.as_str()).copied();
            let group = g_idx.and_then(|g| self.groups.get(g));
            if group.is_none() {
                c.reference(
                    groups,
                    &e.group,
                    || Location::at("enrolments", i, Some("group")),
                    "group",
                    "a group of the program",
                );
            }
            if let Some(left) = e.left
                && left < e.joined
            {
                c.error(
                    FindingCode::DateOrder,
                    Location::at("enrolments", i, Some("left")),
                    format!("left ({left}) before joining ({})", e.joined),
                );
            }
            if e.reason.is_some() && e.left.is_none() {
                c.warn(
                    FindingCode::Inconsistent,
                    Location::at("enrolments", i, Some("reason")),
                    "a reason for leaving without a date of leaving".into(),
                );
            }
            if let Some(g) = group {
                let after_end = g.end.is_some_and(|end| e.joined > end);
                let before_start = e.left.is_some_and(|l| l < g.start);
                if after_end || before_start {
                    c.warn(
                        FindingCode::OutsideDates,
                        Location::at("enrolments", i, Some("joined")),
                        format!(
                            "enrolment {}..{} lies outside the dates of group {:?} ({}..{})",
                            e.joined,
                            e.left.map_or(String::new(), |d| d.to_string()),
                            g.id,
                            g.start,
                            g.end.map_or(String::new(), |d| d.to_string())
                        ),
                    );
                }
            }
            if let Some(p) = p_idx {
                rows.push((
                    p,
                    e.joined,
                    i,
                    g_idx.unwrap_or(usize::MAX),
                    group.and_then(|g| super::enrolment_end(e.left, g.end)),
                    group.is_some_and(|g| g.status != GroupStatus::Cancelled),
                ));
            }
        }
        // Each participant's enrolments by date: duplicates (same group) and overlaps.
        rows.sort_unstable_by_key(|r| (r.0, r.1, r.2));
        let mut duplicates = Vec::new();
        let mut overlaps = Vec::new();
        for run in rows.chunk_by(|a, b| a.0 == b.0) {
            if run.len() < 2 {
                continue;
            }
            for (k, &(_, joined, i, g, end, counts)) in run.iter().enumerate() {
                let rest = run.get(k + 1..).unwrap_or(&[]);
                for &(_, _, j, g2, _, _) in rest {
                    if g2 == g && g != usize::MAX {
                        duplicates.push((i.max(j), i.min(j)));
                    }
                }
                if !counts {
                    continue;
                }
                for &(_, joined_j, j, _, _, counts_j) in rest {
                    if end.is_some_and(|e| joined_j > e) {
                        break;
                    }
                    if counts_j {
                        overlaps.push((i.max(j), i.min(j), joined.max(joined_j)));
                    }
                }
            }
        }
        duplicates.sort_unstable();
        duplicates.dedup_by_key(|d| d.0);
        for (later, first) in duplicates {
            let Some(e) = self.enrolments.get(later) else {
                continue;
            };
            c.error(
                FindingCode::DuplicateId,
                Location::at("enrolments", later, None),
                format!(
                    "participant {:?} is enrolled in group {:?} again (first at /enrolments/{first})",
                    e.participant, e.group
                ),
            );
        }
        overlaps.sort_unstable();
        for (later, earlier, from) in overlaps {
            let (Some(a), Some(b)) = (self.enrolments.get(later), self.enrolments.get(earlier))
            else {
                continue;
            };
            c.warn(
                FindingCode::OverlappingGroups,
                Location::at("enrolments", later, None),
                format!(
                    "participant {:?} is in groups {:?} and {:?} at the same time (from {from}; see /enrolments/{earlier})",
                    a.participant, b.group, a.group
                ),
            );
        }
    }

    fn check_sessions(
        &self,
        c: &mut Checker,
        groups: &FxHashMap<&str, usize>,
        participants: &FxHashMap<&str, usize>,
        units: &FxHashMap<&str, usize>,
    ) {
        // (participant, group) → enrolment spans
        let mut member: FxHashMap<(&str, &str), Vec<DateSpan>> = FxHashMap::default();
        for e in self.enrolments.iter().filter(|_| !self.sessions.is_empty()) {
            member
                .entry((e.participant.as_str(), e.group.as_str()))
                .or_default()
                .push((e.joined, e.left));
        }
        for (i, s) in self.sessions.iter().enumerate() {
            let group = groups
                .get(s.group.as_str())
                .and_then(|&g| self.groups.get(g));
            match group {
                None => {
                    c.reference(
                        groups,
                        &s.group,
                        || Location::at("sessions", i, Some("group")),
                        "group",
                        "a group of the program",
                    );
                }
                Some(g) => {
                    if s.date < g.start || g.end.is_some_and(|e| s.date > e) {
                        c.warn(
                            FindingCode::OutsideDates,
                            Location::at("sessions", i, Some("date")),
                            format!(
                                "session on {} lies outside the dates of group {:?} ({}..{})",
                                s.date,
                                g.id,
                                g.start,
                                g.end.map_or(String::new(), |d| d.to_string())
                            ),
                        );
                    }
                    if g.status == GroupStatus::Cancelled {
                        c.warn(
                            FindingCode::Inconsistent,
                            Location::at("sessions", i, Some("group")),
                            format!("session of cancelled group {:?}", g.id),
                        );
                    }
                }
            }
            for (k, u) in s.sites.iter().enumerate() {
                c.reference(
                    units,
                    u,
                    || Location::at("sessions", i, Some(&format!("sites/{k}"))),
                    "site",
                    "a unit of the program",
                );
            }
            let mut present = FxHashSet::default();
            for (k, p) in s.attended.iter().enumerate() {
                let loc = || Location::at("sessions", i, Some(&format!("attended/{k}")));
                if !present.insert(p.as_str()) {
                    c.error(
                        FindingCode::DuplicateId,
                        loc(),
                        format!("participant {p:?} is listed twice"),
                    );
                    continue;
                }
                if !c.reference(
                    participants,
                    p,
                    loc,
                    "participant",
                    "a participant of the program",
                ) {
                    continue;
                }
                let enrolled = member
                    .get(&(p.as_str(), s.group.as_str()))
                    .is_some_and(|spans| {
                        spans
                            .iter()
                            .any(|&(j, l)| j <= s.date && l.is_none_or(|l| s.date <= l))
                    });
                if group.is_some() && !enrolled {
                    c.warn(
                        FindingCode::NotEnrolled,
                        loc(),
                        format!(
                            "participant {p:?} attended on {} without being enrolled in group {:?} then",
                            s.date, s.group
                        ),
                    );
                }
            }
        }
    }

    fn check_measurements(
        &self,
        c: &mut Checker,
        participants: &FxHashMap<&str, usize>,
        scales: &FxHashMap<String, Scale>,
        index: &super::timepoints::MeasurementIndex<'_>,
    ) {
        let instrument = self.instruments.eq5d;
        // Two measurements of one participant on one day: neighbours in the date-sorted lists.
        for list in index.lists() {
            for pair in list.windows(2) {
                let [a, b] = pair else { continue };
                let (Some(ma), Some(mb)) = (
                    self.measurements.get(*a as usize),
                    self.measurements.get(*b as usize),
                ) else {
                    continue;
                };
                if ma.date == mb.date {
                    c.warn(
                        FindingCode::DuplicateId,
                        Location::at("measurements", *b as usize, Some("date")),
                        format!(
                            "a second measurement of {:?} on {} (first at /measurements/{a})",
                            mb.participant, mb.date
                        ),
                    );
                }
            }
        }
        for (i, m) in self.measurements.iter().enumerate() {
            c.reference(
                participants,
                &m.participant,
                || Location::at("measurements", i, Some("participant")),
                "participant",
                "a participant of the program",
            );
            if let Some(state) = &m.eq5d
                && let Err(e) = State::parse(instrument, state)
            {
                c.error(
                    FindingCode::InvalidAnswer,
                    Location::at("measurements", i, Some("eq5d")),
                    e.to_string(),
                );
            }
            if let Some(vas) = m.vas
                && let Err(e) = EqVas::new(vas)
            {
                c.error(
                    FindingCode::InvalidAnswer,
                    Location::at("measurements", i, Some("vas")),
                    e.to_string(),
                );
            }
            for (id, answers) in &m.scales {
                let field = || format!("scales/{}", escape_pointer(id));
                let Some(scale) = scales.get(id) else {
                    c.error(
                        FindingCode::UnknownScale,
                        Location::at("measurements", i, Some(&field())),
                        format!(
                            "scale {id:?} is neither built in nor defined in /instruments/scales"
                        ),
                    );
                    continue;
                };
                if answers.len() != scale.items().len() {
                    c.error(
                        FindingCode::InvalidAnswer,
                        Location::at("measurements", i, Some(&field())),
                        format!(
                            "{} answers for {id} (expected {}, one per item in item order; null for an unanswered item)",
                            answers.len(),
                            scale.items().len()
                        ),
                    );
                    continue;
                }
                for (k, e) in scale.invalid_answers(answers, 0) {
                    c.error(
                        FindingCode::InvalidAnswer,
                        Location::at("measurements", i, Some(&format!("{}/{k}", field()))),
                        e.to_string(),
                    );
                }
            }
        }
    }
}
