//! The program model: every validation rule, every timepoint rule, queries, CSV import.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use chrono::NaiveDate;
use groupwell::Error;
use groupwell::program::csv::{ColumnMap, Import, Layout, MeasurementColumns};
use groupwell::program::{
    Anchor, Finding, FindingCode, GroupFilter, Period, Program, Schedule, Severity, Span,
    TimepointRule, Window,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A small consistent program: two units, one 15-week group of five, baseline and week-15
/// measurements for p1.
fn base() -> Program {
    Program::from_json(
        r#"{
  "id": "t", "name": "Test", "period": {"start": "2015-01-01", "end": "2015-12-31"},
  "owners": ["hede"],
  "units": [{"id": "hede", "name": "Hede", "kind": "health_centre"},
            {"id": "sveg", "name": "Sveg", "kind": "health_centre"}],
  "groups": [{"id": "g1", "theme": "stress", "format": "on_site", "units": ["hede"],
              "leadership": {"kind": "peer", "starter_sessions": 2},
              "capacity": {"min": 2, "max": 3},
              "start": "2015-02-02", "end": "2015-05-18", "status": "ended"}],
  "participants": [{"id": "p1", "sex": "female", "home_unit": "hede"},
                   {"id": "p2", "sex": "male", "home_unit": "sveg"}],
  "enrolments": [{"participant": "p1", "group": "g1", "joined": "2015-02-02", "left": "2015-05-18", "reason": "completed"},
                 {"participant": "p2", "group": "g1", "joined": "2015-02-02", "left": "2015-03-02", "reason": "dropped_out"}],
  "sessions": [{"group": "g1", "date": "2015-02-02", "sites": ["hede"], "mode": "on_site", "attended": ["p1", "p2"]},
               {"group": "g1", "date": "2015-02-09", "sites": ["hede"], "mode": "on_site", "attended": ["p1"]},
               {"group": "g1", "date": "2015-03-09", "sites": ["hede"], "mode": "on_site", "attended": ["p1"]}],
  "measurements": [{"participant": "p1", "date": "2015-02-02", "eq5d": "21232", "vas": 55,
                    "scales": {"SCI-93": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}},
                   {"participant": "p1", "date": "2015-05-18", "eq5d": "11121", "vas": 70},
                   {"participant": "p2", "date": "2015-01-30", "vas": 40}]
}"#,
    )
    .unwrap()
}

fn findings(p: &Program) -> Vec<Finding> {
    p.validate().findings
}

/// The single finding with `code`, asserting its severity and path.
#[track_caller]
fn expect(p: &Program, code: FindingCode, severity: Severity, path: &str) -> Finding {
    let all = findings(p);
    let hits: Vec<&Finding> = all.iter().filter(|f| f.code == code).collect();
    assert_eq!(hits.len(), 1, "expected one {code} finding, got {all:#?}");
    let f = hits[0].clone();
    assert_eq!(f.severity, severity, "{f}");
    assert_eq!(f.location.path, path, "{f}");
    f
}

#[test]
fn base_program_is_clean() {
    let v = base().validate();
    assert!(v.findings.is_empty(), "{v}");
}

#[test]
fn duplicate_and_empty_ids() {
    let mut p = base();
    p.units.push(p.units[0].clone());
    let f = expect(&p, FindingCode::DuplicateId, Severity::Error, "/units/2/id");
    assert!(
        f.message.contains("\"hede\"") && f.message.contains("/units/0"),
        "{f}"
    );

    let mut p = base();
    p.groups.push(p.groups[0].clone());
    p.groups[1].capacity = None;
    expect(
        &p,
        FindingCode::DuplicateId,
        Severity::Error,
        "/groups/1/id",
    );

    let mut p = base();
    p.participants[1].id = "p1".into();
    // p2's references now dangle as well; the duplicate is one finding.
    let all = findings(&p);
    assert!(
        all.iter()
            .any(|f| f.code == FindingCode::DuplicateId && f.location.path == "/participants/1/id")
    );

    let mut p = base();
    p.enrolments.push(p.enrolments[0].clone());
    let f = expect(
        &p,
        FindingCode::DuplicateId,
        Severity::Error,
        "/enrolments/2",
    );
    assert!(f.message.contains("again"), "{f}");

    let mut p = base();
    p.units[1].id = " ".into();
    p.participants[1].home_unit = None;
    expect(&p, FindingCode::EmptyField, Severity::Error, "/units/1/id");

    let mut p = base();
    p.groups[0].theme = String::new();
    expect(
        &p,
        FindingCode::EmptyField,
        Severity::Error,
        "/groups/0/theme",
    );

    let mut p = base();
    p.name = String::new();
    expect(&p, FindingCode::EmptyField, Severity::Error, "/name");
}

#[test]
fn unknown_references() {
    let mut p = base();
    p.owners.push("nowhere".into());
    expect(
        &p,
        FindingCode::UnknownReference,
        Severity::Error,
        "/owners/1",
    );

    let mut p = base();
    p.groups[0].units.push("funasdalen".into());
    let f = expect(
        &p,
        FindingCode::UnknownReference,
        Severity::Error,
        "/groups/0/units/1",
    );
    assert!(f.message.contains("\"funasdalen\""), "{f}");

    let mut p = base();
    p.participants[0].home_unit = Some("x".into());
    expect(
        &p,
        FindingCode::UnknownReference,
        Severity::Error,
        "/participants/0/home_unit",
    );

    let mut p = base();
    p.enrolments[1].group = "g9".into();
    expect(
        &p,
        FindingCode::UnknownReference,
        Severity::Error,
        "/enrolments/1/group",
    );

    let mut p = base();
    p.enrolments[1].participant = "p9".into();
    let all = findings(&p);
    assert!(
        all.iter().any(|f| f.code == FindingCode::UnknownReference
            && f.location.path == "/enrolments/1/participant"),
        "{all:#?}"
    );

    let mut p = base();
    p.sessions[0].group = "g9".into();
    expect(
        &p,
        FindingCode::UnknownReference,
        Severity::Error,
        "/sessions/0/group",
    );

    let mut p = base();
    p.sessions[0].sites.push("x".into());
    expect(
        &p,
        FindingCode::UnknownReference,
        Severity::Error,
        "/sessions/0/sites/1",
    );

    let mut p = base();
    p.sessions[1].attended.push("p9".into());
    expect(
        &p,
        FindingCode::UnknownReference,
        Severity::Error,
        "/sessions/1/attended/1",
    );

    let mut p = base();
    p.measurements[2].participant = "p9".into();
    let all = findings(&p);
    assert!(
        all.iter().any(|f| f.code == FindingCode::UnknownReference
            && f.location.path == "/measurements/2/participant"),
        "{all:#?}"
    );

    let mut p = base();
    p.groups[0]
        .contributors
        .push(groupwell::program::Contributor {
            role: "lecturer".into(),
            remote: true,
            unit: Some("x".into()),
        });
    expect(
        &p,
        FindingCode::UnknownReference,
        Severity::Error,
        "/groups/0/contributors/0/unit",
    );
}

#[test]
fn date_order() {
    let mut p = base();
    p.period.end = d("2014-12-31");
    expect(&p, FindingCode::DateOrder, Severity::Error, "/period");

    let mut p = base();
    p.groups[0].end = Some(d("2015-01-01"));
    let all = findings(&p);
    assert!(
        all.iter()
            .any(|f| f.code == FindingCode::DateOrder && f.location.path == "/groups/0/end")
    );

    let mut p = base();
    p.enrolments[0].left = Some(d("2015-02-01"));
    let f = expect(
        &p,
        FindingCode::DateOrder,
        Severity::Error,
        "/enrolments/0/left",
    );
    assert!(f.message.contains("2015-02-01"), "{f}");
}

#[test]
fn dates_outside_their_group() {
    let mut p = base();
    p.sessions[2].date = d("2015-06-01");
    expect(
        &p,
        FindingCode::OutsideDates,
        Severity::Warning,
        "/sessions/2/date",
    );

    let mut p = base();
    p.enrolments[1].joined = d("2015-06-01");
    p.enrolments[1].left = None;
    p.enrolments[1].reason = None;
    let all = findings(&p);
    assert!(
        all.iter().any(|f| f.code == FindingCode::OutsideDates
            && f.location.path == "/enrolments/1/joined"
            && f.severity == Severity::Warning),
        "{all:#?}"
    );

    let mut p = base();
    p.participants[0].birth_year = Some(2030);
    expect(
        &p,
        FindingCode::OutsideDates,
        Severity::Error,
        "/participants/0/birth_year",
    );
}

#[test]
fn capacity() {
    let mut p = base();
    p.groups[0].capacity = Some(groupwell::program::Capacity { min: 4, max: 3 });
    expect(
        &p,
        FindingCode::InvalidCapacity,
        Severity::Error,
        "/groups/0/capacity",
    );

    let mut p = base();
    p.groups[0].capacity = Some(groupwell::program::Capacity { min: 0, max: 0 });
    expect(
        &p,
        FindingCode::InvalidCapacity,
        Severity::Error,
        "/groups/0/capacity",
    );

    let mut p = base();
    p.groups[0].capacity = Some(groupwell::program::Capacity { min: 1, max: 1 });
    let f = expect(
        &p,
        FindingCode::CapacityExceeded,
        Severity::Warning,
        "/groups/0/capacity",
    );
    assert!(f.message.contains("2 enrolments"), "{f}");

    let mut p = base();
    p.groups[0].capacity = Some(groupwell::program::Capacity { min: 5, max: 8 });
    expect(
        &p,
        FindingCode::BelowCapacity,
        Severity::Warning,
        "/groups/0/capacity",
    );
    // A planned group is not yet below its minimum.
    p.groups[0].status = groupwell::program::GroupStatus::Planned;
    assert!(
        !findings(&p)
            .iter()
            .any(|f| f.code == FindingCode::BelowCapacity)
    );
}

#[test]
fn inconsistencies() {
    let mut p = base();
    p.groups[0].end = None;
    expect(
        &p,
        FindingCode::Inconsistent,
        Severity::Warning,
        "/groups/0/end",
    );

    let mut p = base();
    p.groups[0].format = groupwell::program::Format::VirtualMultiSite;
    expect(
        &p,
        FindingCode::Inconsistent,
        Severity::Warning,
        "/groups/0/units",
    );
    p.groups[0].units.push("sveg".into());
    assert!(
        !findings(&p)
            .iter()
            .any(|f| f.code == FindingCode::Inconsistent)
    );

    let mut p = base();
    p.groups[0].status = groupwell::program::GroupStatus::Cancelled;
    let all = findings(&p);
    assert!(
        all.iter()
            .any(|f| f.code == FindingCode::Inconsistent && f.location.path == "/groups/0/status")
    );
    assert!(
        all.iter()
            .any(|f| f.code == FindingCode::Inconsistent && f.location.path == "/sessions/0/group")
    );

    let mut p = base();
    p.enrolments[0].left = None;
    expect(
        &p,
        FindingCode::Inconsistent,
        Severity::Warning,
        "/enrolments/0/reason",
    );
}

#[test]
fn overlapping_groups() {
    let mut p = base();
    let mut g2 = p.groups[0].clone();
    g2.id = "g2".into();
    g2.start = d("2015-04-01");
    g2.end = Some(d("2015-07-01"));
    p.groups.push(g2);
    p.enrolments.push(groupwell::program::Enrolment {
        participant: "p1".into(),
        group: "g2".into(),
        joined: d("2015-04-01"),
        left: None,
        reason: None,
    });
    let f = expect(
        &p,
        FindingCode::OverlappingGroups,
        Severity::Warning,
        "/enrolments/2",
    );
    assert!(
        f.message.contains("\"g1\"") && f.message.contains("\"g2\""),
        "{f}"
    );
    assert!(f.message.contains("2015-04-01"), "{f}");
    // Consecutive groups do not overlap.
    p.enrolments[2].joined = d("2015-05-19");
    p.groups[1].start = d("2015-05-19");
    assert!(
        !findings(&p)
            .iter()
            .any(|f| f.code == FindingCode::OverlappingGroups)
    );
}

#[test]
fn attendance_rules() {
    let mut p = base();
    p.sessions[1].attended.push("p1".into());
    expect(
        &p,
        FindingCode::DuplicateId,
        Severity::Error,
        "/sessions/1/attended/1",
    );

    // p2 left on 2015-03-02 and attends on 2015-03-09.
    let mut p = base();
    p.sessions[2].attended.push("p2".into());
    let f = expect(
        &p,
        FindingCode::NotEnrolled,
        Severity::Warning,
        "/sessions/2/attended/1",
    );
    assert!(f.message.contains("2015-03-09"), "{f}");
}

#[test]
fn answers() {
    let mut p = base();
    p.measurements[1].eq5d = Some("11161".into());
    let f = expect(
        &p,
        FindingCode::InvalidAnswer,
        Severity::Error,
        "/measurements/1/eq5d",
    );
    assert!(f.message.contains("PD"), "{f}");

    let mut p = base();
    p.instruments.eq5d = groupwell::eq5d::Instrument::Eq5d3l;
    let all = findings(&p);
    assert_eq!(
        all.iter()
            .filter(|f| f.code == FindingCode::InvalidAnswer)
            .count(),
        0,
        "{all:#?}"
    );
    p.measurements[0].eq5d = Some("21242".into());
    expect(
        &p,
        FindingCode::InvalidAnswer,
        Severity::Error,
        "/measurements/0/eq5d",
    );

    let mut p = base();
    p.measurements[2].vas = Some(100.5);
    let f = expect(
        &p,
        FindingCode::InvalidAnswer,
        Severity::Error,
        "/measurements/2/vas",
    );
    assert!(f.message.contains("100.5"), "{f}");

    let mut p = base();
    let a = p.measurements[0].scales.get_mut("SCI-93").unwrap();
    a[4] = 2.7;
    a[9] = 6.0;
    let all: Vec<Finding> = findings(&p)
        .into_iter()
        .filter(|f| f.code == FindingCode::InvalidAnswer)
        .collect();
    assert_eq!(all.len(), 2, "{all:#?}");
    assert_eq!(all[0].location.path, "/measurements/0/scales/SCI-93/4");
    assert!(
        all[0].message.contains("item 5") && all[0].message.contains("2.7"),
        "{}",
        all[0]
    );
    assert_eq!(all[1].location.path, "/measurements/0/scales/SCI-93/9");
    assert!(all[1].message.contains("item 10 = 6"), "{}", all[1]);

    let mut p = base();
    p.measurements[0].scales.get_mut("SCI-93").unwrap().pop();
    let f = expect(
        &p,
        FindingCode::InvalidAnswer,
        Severity::Error,
        "/measurements/0/scales/SCI-93",
    );
    assert!(
        f.message.contains("34 answers") && f.message.contains("expected 35"),
        "{f}"
    );

    let mut p = base();
    p.measurements[1]
        .scales
        .insert("PSS-10".into(), vec![1.0; 10]);
    expect(
        &p,
        FindingCode::UnknownScale,
        Severity::Error,
        "/measurements/1/scales/PSS-10",
    );
    // A definition in the program makes it known.
    p.instruments.scales.push(
        groupwell::scales::ScaleDef::from_json(
            r#"{"id": "PSS-10", "name": "Ten items", "items": ["1","2","3","4","5","6","7","8","9","10"],
                "range": {"min": 0, "max": 4}, "direction": "higher_is_worse"}"#,
        )
        .unwrap(),
    );
    assert!(findings(&p).is_empty(), "{:#?}", findings(&p));
    // Twice is an error, as is an invalid definition.
    p.instruments.scales.push(p.instruments.scales[0].clone());
    expect(
        &p,
        FindingCode::DuplicateId,
        Severity::Error,
        "/instruments/scales/1",
    );
    p.instruments.scales.pop();
    p.instruments.scales[0].range.min = 9;
    let all = findings(&p);
    assert!(
        all.iter().any(|f| f.code == FindingCode::InvalidDefinition
            && f.location.path == "/instruments/scales/0"),
        "{all:#?}"
    );
}

#[test]
fn measurement_warnings() {
    let mut p = base();
    let mut again = p.measurements[1].clone();
    again.vas = Some(71.0);
    p.measurements.push(again);
    let f = expect(
        &p,
        FindingCode::DuplicateId,
        Severity::Warning,
        "/measurements/3/date",
    );
    assert!(f.message.contains("/measurements/1"), "{f}");

    let mut p = base();
    p.measurements[2].date = d("2015-09-01");
    let f = expect(
        &p,
        FindingCode::UnassignedMeasurement,
        Severity::Warning,
        "/measurements/2",
    );
    assert!(f.message.contains("outside every timepoint window"), "{f}");
}

#[test]
fn schedule_rules() {
    let mut p = base();
    p.schedule.timepoints.push(Schedule::baseline());
    expect(
        &p,
        FindingCode::DuplicateId,
        Severity::Error,
        "/schedule/timepoints/2/name",
    );

    let mut p = base();
    p.schedule.timepoints[1].window.before = Span::weeks(-2);
    expect(
        &p,
        FindingCode::InvalidDefinition,
        Severity::Error,
        "/schedule/timepoints/1/window/before",
    );
}

#[test]
fn structural_errors_name_the_path() {
    let json = base().to_json().unwrap();
    let bad = json.replacen("\"2015-05-18\"", "\"2015-05-32\"", 1);
    let e = Program::from_json(&bad).unwrap_err();
    assert_eq!(e.kind(), "Json");
    assert!(e.to_string().contains("groups[0].end"), "{e}");

    let bad = json.replacen("\"theme\"", "\"topic\"", 1);
    let e = Program::from_json(&bad).unwrap_err().to_string();
    assert!(e.contains("groups[0]") && e.contains("topic"), "{e}");

    let bad = json.replacen("groupwell-program/1", "groupwell-program/2", 1);
    let e = Program::from_json(&bad).unwrap_err().to_string();
    assert!(
        e.contains("format") && e.contains("groupwell-program/2"),
        "{e}"
    );

    let bad = json.replacen("\"on_site\"", "\"outdoors\"", 1);
    let e = Program::from_json(&bad).unwrap_err().to_string();
    assert!(e.contains("groups[0].format"), "{e}");

    let bad = json.replacen("\"offset\": \"15w\"", "\"offset\": \"15\"", 1);
    let e = Program::from_json(&bad).unwrap_err().to_string();
    assert!(e.contains("schedule.timepoints[1].offset"), "{e}");

    let bad = json.replacen(
        r#""scales": {"SCI-93": ["#,
        r#""scales": {"SCI-93": [1], "SCI-93": ["#,
        1,
    );
    let e = Program::from_json(&bad).unwrap_err().to_string();
    assert!(
        e.contains("measurements[0].scales") && e.contains("twice"),
        "{e}"
    );

    // The format tag may be left out.
    let no_tag = json.replacen("\"format\": \"groupwell-program/1\",", "", 1);
    assert_eq!(Program::from_json(&no_tag).unwrap(), base());
}

// ---- timepoints -----------------------------------------------------------------------

fn with_measurements(dates: &[&str]) -> Program {
    let mut p = base();
    p.measurements = dates
        .iter()
        .map(|s| groupwell::program::Measurement {
            participant: "p1".into(),
            date: d(s),
            eq5d: None,
            vas: Some(50.0),
            scales: Default::default(),
        })
        .collect();
    p.enrolments.truncate(1);
    p
}

#[test]
fn baseline_window_is_plus_minus_14_days() {
    // Joined 2015-02-02: 2015-01-19 is 14 days before (in), 2015-01-18 is 15 (out).
    let p = with_measurements(&["2015-01-18", "2015-01-19"]);
    let a = p.assign_timepoints();
    let b = a.get(0, "baseline").unwrap();
    assert_eq!(
        (b.measurement, b.distance_days(), b.candidates),
        (1, -14, 1)
    );
    assert_eq!(a.unassigned.len(), 1);
    assert!(
        a.unassigned[0]
            .reason
            .contains("outside every timepoint window")
    );

    let p = with_measurements(&["2015-02-16", "2015-02-17"]);
    let a = p.assign_timepoints();
    assert_eq!(a.get(0, "baseline").unwrap().measurement, 0);
}

#[test]
fn closest_wins_and_ties_go_to_the_earlier() {
    let p = with_measurements(&["2015-02-06", "2015-01-29", "2015-02-03"]);
    let a = p.assign_timepoints();
    let b = a.get(0, "baseline").unwrap();
    assert_eq!((b.measurement, b.candidates), (2, 3), "{}", b.explain());
    assert!(
        a.unassigned
            .iter()
            .all(|u| u.reason.contains("another measurement was closer"))
    );

    // 2015-01-29 and 2015-02-06 are both 4 days away: the earlier is taken.
    let p = with_measurements(&["2015-02-06", "2015-01-29"]);
    let a = p.assign_timepoints();
    assert_eq!(a.get(0, "baseline").unwrap().date, d("2015-01-29"));
}

#[test]
fn week15_window_and_closest() {
    // A group running 20 weeks, so week 15 (2015-05-18) is inside it.
    let mut p = with_measurements(&[
        "2015-02-02",
        "2015-05-03",
        "2015-05-04",
        "2015-06-15",
        "2015-06-16",
    ]);
    p.groups[0].end = Some(d("2015-06-22"));
    p.enrolments[0].left = Some(d("2015-06-22"));
    let a = p.assign_timepoints();
    let w = a.get(0, "week15").unwrap();
    assert_eq!(w.target, d("2015-05-18"));
    assert_eq!(w.window, Period::new(d("2015-05-04"), d("2015-06-15")));
    assert_eq!(
        (w.date, w.candidates, w.at_group_end),
        (d("2015-05-04"), 2, false)
    );
    assert!(w.explain().contains("15w after joining"), "{}", w.explain());
    let unassigned: Vec<usize> = a.unassigned.iter().map(|u| u.measurement).collect();
    assert_eq!(unassigned, [1, 3, 4]);
}

#[test]
fn group_that_ended_before_week_15() {
    // Ends after 10 weeks (2015-04-13): week 15 becomes the measurement closest to the end.
    let mut p = with_measurements(&["2015-02-02", "2015-04-10", "2015-05-18"]);
    p.groups[0].end = Some(d("2015-04-13"));
    p.enrolments[0].left = Some(d("2015-04-13"));
    let a = p.assign_timepoints();
    let w = a.get(0, "week15").unwrap();
    assert!(w.at_group_end);
    assert_eq!((w.target, w.date), (d("2015-04-13"), d("2015-04-10")));
    assert_eq!(w.window, Period::new(d("2015-03-30"), d("2015-05-11")));
    assert!(
        w.explain()
            .contains("the group's end, 2015-04-13, which came before 15w after joining"),
        "{}",
        w.explain()
    );
    assert_eq!(a.unassigned.len(), 1);

    // Nothing near the end: missing, and the reason says why.
    let mut p = with_measurements(&["2015-02-02", "2015-05-18"]);
    p.groups[0].end = Some(d("2015-04-13"));
    let a = p.assign_timepoints();
    assert!(a.get(0, "week15").is_none());
    assert_eq!(a.missing.len(), 1);
    assert!(
        a.missing[0].reason.contains("group's end"),
        "{}",
        a.missing[0].reason
    );
}

#[test]
fn one_measurement_one_timepoint_per_enrolment() {
    // One measurement in both windows: the baseline takes it; week 15 is missing.
    let mut p = with_measurements(&["2015-02-02"]);
    p.schedule.timepoints[1].offset = Span::days(7);
    let a = p.assign_timepoints();
    assert_eq!(a.assignments.len(), 1);
    assert_eq!(a.missing[0].timepoint, "week15");
}

#[test]
fn a_measurement_can_serve_two_enrolments() {
    // p1's week-15 follow-up of g1 is also the baseline of g2, which starts that day.
    let mut p = with_measurements(&["2015-02-02", "2015-05-18", "2015-08-31"]);
    let mut g2 = p.groups[0].clone();
    g2.id = "g2".into();
    g2.start = d("2015-05-18");
    g2.end = Some(d("2015-08-31"));
    p.groups.push(g2);
    p.enrolments.push(groupwell::program::Enrolment {
        participant: "p1".into(),
        group: "g2".into(),
        joined: d("2015-05-18"),
        left: Some(d("2015-08-31")),
        reason: Some(groupwell::program::LeaveReason::Completed),
    });
    let a = p.assign_timepoints();
    assert_eq!(a.get(0, "week15").unwrap().measurement, 1);
    assert_eq!(a.get(1, "baseline").unwrap().measurement, 1);
    assert_eq!(a.get(1, "week15").unwrap().measurement, 2);
    assert!(a.unassigned.is_empty());
}

#[test]
fn anchors_and_month_offsets() {
    let rule = |name: &str, anchor: Anchor, offset: Span| TimepointRule {
        name: name.into(),
        anchor,
        offset,
        window: Window {
            before: Span::days(3),
            after: Span::days(3),
        },
        until_group_end: false,
    };
    let mut p = with_measurements(&[
        "2015-02-02",
        "2015-05-19",
        "2015-03-02",
        "2015-08-18",
        "2015-02-28",
    ]);
    p.enrolments[0].joined = d("2015-01-31");
    p.enrolments[0].left = Some(d("2015-05-18"));
    p.schedule.timepoints = vec![
        rule("start", Anchor::GroupStart, Span::days(0)),
        rule("end", Anchor::GroupEnd, Span::days(0)),
        // 2015-01-31 + 1 month = 2015-02-28 (clamped to the month's end)
        rule("month1", Anchor::Joined, Span::months(1)),
        rule("after", Anchor::EnrolmentEnd, Span::months(3)),
    ];
    let a = p.assign_timepoints();
    assert_eq!(a.get(0, "start").unwrap().date, d("2015-02-02"));
    assert_eq!(a.get(0, "end").unwrap().date, d("2015-05-19"));
    let m1 = a.get(0, "month1").unwrap();
    assert_eq!((m1.target, m1.date), (d("2015-02-28"), d("2015-02-28")));
    assert_eq!(a.get(0, "after").unwrap().target, d("2015-08-18"));
    // An earlier leaving date is the enrolment's end.
    p.enrolments[0].left = Some(d("2015-03-02"));
    let a = p.assign_timepoints();
    let m = a.missing.iter().find(|m| m.timepoint == "after").unwrap();
    assert_eq!(
        m.window,
        Some(Period::new(d("2015-05-30"), d("2015-06-05")))
    );

    // A group without an end date has no group_end anchor yet.
    p.groups[0].end = None;
    let a = p.assign_timepoints();
    let m = a.missing.iter().find(|m| m.timepoint == "end").unwrap();
    assert!(
        m.window.is_none() && m.reason.contains("no end date"),
        "{}",
        m.reason
    );
}

#[test]
fn every_enrolment_timepoint_is_assigned_or_missing() {
    for (_, p) in groupwell_tests::synth::examples() {
        let a = p.assign_timepoints();
        assert_eq!(
            a.assignments.len() + a.missing.len(),
            p.enrolments.len() * p.schedule.timepoints.len()
        );
        assert!(a.assignments.iter().all(|x| x.window.contains(x.date)));
    }
}

#[test]
fn unassigned_without_enrolment() {
    let mut p = base();
    p.participants.push(groupwell::program::Participant {
        id: "p3".into(),
        sex: None,
        age_band: None,
        birth_year: None,
        home_unit: None,
        referral: None,
    });
    p.measurements.push(groupwell::program::Measurement {
        participant: "p3".into(),
        date: d("2015-03-01"),
        eq5d: None,
        vas: Some(80.0),
        scales: Default::default(),
    });
    let a = p.assign_timepoints();
    assert_eq!(a.unassigned.len(), 1);
    assert_eq!(a.unassigned[0].reason, "the participant has no enrolment");
}

// ---- queries --------------------------------------------------------------------------

#[test]
fn queries_on_the_self_help_example() {
    let p = groupwell_tests::synth::self_help_groups();
    let y2015 = Period::year(2015).unwrap();
    let y2016 = Period::year(2016).unwrap();
    let all = GroupFilter::default();
    let ids =
        |gs: Vec<&groupwell::program::Group>| gs.iter().map(|g| g.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(p.groups_running(&y2015, &all)),
        ["shg-01", "shg-02", "shg-03", "shg-04", "shg-05"]
    );
    // The cancelled group never counts; the running one does.
    assert_eq!(ids(p.groups_running(&y2016, &all)), ["shg-06", "shg-08"]);
    let stress = GroupFilter {
        theme: Some("STRESS".into()),
        ..GroupFilter::default()
    };
    assert_eq!(
        ids(p.groups_running(&Period::new(d("2015-01-01"), d("2016-12-31")), &stress)),
        ["shg-01", "shg-06"]
    );
    let sveg = GroupFilter {
        unit: Some("sveg_hc".into()),
        ..GroupFilter::default()
    };
    assert_eq!(ids(p.groups_running(&y2015, &sveg)), ["shg-02"]);
    let prof = GroupFilter {
        peer_led: Some(false),
        ..GroupFilter::default()
    };
    assert!(p.groups_running(&y2015, &prof).is_empty());

    // Participants: everyone enrolled in a 2015 group.
    let in2015 = p.participants_in(&y2015, &all);
    let expected: std::collections::BTreeSet<&str> = p
        .enrolments
        .iter()
        .filter(|e| e.joined.year_ce().1 == 2015)
        .map(|e| e.participant.as_str())
        .collect();
    assert_eq!(in2015, expected.into_iter().collect::<Vec<_>>());

    let c = p.completion();
    let total: usize = c.iter().map(|c| c.enrolled).sum();
    assert_eq!(total, p.enrolments.len());
    let sizes = p.group_summaries();
    assert_eq!(
        sizes.iter().map(|s| s.participants).sum::<usize>(),
        p.enrolments.len()
    );
    assert_eq!(sizes[6].within_capacity, Some(false)); // the cancelled group has no one
}

use chrono::Datelike;

#[test]
fn attendance_by_hand() {
    let p = base();
    // Sessions 02-02 (p1, p2), 02-09 (p1), 03-09 (p1); p2 enrolled 02-02..03-02.
    let per = p.participant_attendance();
    assert_eq!((per[0].sessions, per[0].attended), (3, 3));
    assert_eq!((per[1].sessions, per[1].attended), (2, 1));
    assert_eq!(per[1].rate(), Some(0.5));
    let g = &p.attendance()[0];
    assert_eq!((g.sessions, g.expected, g.attended), (3, 5, 4));
    assert_eq!(g.rate(), Some(0.8));
    let c = &p.completion()[0];
    assert_eq!(
        (c.enrolled, c.completed, c.dropped_out, c.active),
        (2, 1, 1, 0)
    );
    assert_eq!(c.dropout_rate(), Some(0.5));
}

// ---- CSV ------------------------------------------------------------------------------

#[test]
fn csv_reports_every_bad_row_with_line_and_column() {
    let mut i = Import::new(base().skeleton());
    let err = i
        .groups(
            "id,theme,format,start,status,capacity_min,capacity_max\n\
             g1,stress,on_site,2015-02-02,ended,5,8\n\
             g2,stress,by_post,2015-02-02,ended,5,8\n\
             g3,,on_site,2015-02-30,ended,5,\n",
            "groups.csv",
            &ColumnMap::default(),
        )
        .unwrap_err();
    let Error::Rows { errors } = &err else {
        panic!("{err}")
    };
    let cells: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.field.as_str())).collect();
    assert_eq!(
        cells,
        [
            (1, "format"),
            (2, "theme"),
            (2, "start"),
            (2, "capacity_min")
        ]
    );
    assert!(
        errors[0]
            .error
            .to_string()
            .contains("groups.csv line 3, column format")
    );
    assert!(errors[0].error.to_string().contains("by_post"));
    // Nothing from a failed file is added.
    assert!(i.program().groups.is_empty());

    // A missing required column is one clear error.
    let e = i
        .units("id,name\nhede,Hede\n", "units.csv", &ColumnMap::default())
        .unwrap_err();
    assert!(e.to_string().contains("no column \"kind\""), "{e}");

    // Ragged rows are an error of the CSV itself, naming the line.
    let e = i
        .units(
            "id,name,kind\nhede,Hede\n",
            "units.csv",
            &ColumnMap::default(),
        )
        .unwrap_err();
    assert!(e.to_string().contains("units.csv line 2"), "{e}");
}

#[test]
fn csv_column_map_and_sources() {
    let mut i = Import::new(base().skeleton());
    i.units(
        "ID,Namn,Typ\nhede,Hede,health_centre\n",
        "enheter.csv",
        &ColumnMap::from([("name", "namn"), ("kind", "typ")]),
    )
    .unwrap();
    i.participants(
        "id,home_unit\np1,hede\np2,sveg\n",
        "people.csv",
        &ColumnMap::default(),
    )
    .unwrap();
    let (p, sources) = i.finish();
    let mut v = p.validate();
    sources.locate(&mut v);
    let f = v
        .findings
        .iter()
        .find(|f| f.code == FindingCode::UnknownReference)
        .unwrap();
    let cell = f.location.csv.clone().unwrap();
    assert_eq!(
        (cell.file.as_str(), cell.line, cell.column.as_deref()),
        ("people.csv", 3, Some("home_unit"))
    );
}

#[test]
fn csv_wide_equals_long() {
    let long = "participant,date,mo,sc,ua,pd,ad,vas\n\
                p1,2015-02-02,2,1,2,3,2,55\n\
                p1,2015-05-18,1,1,1,2,1,70\n\
                p2,2015-01-30,,,,,,40\n";
    let wide = "participant,date_t0,mo_t0,sc_t0,ua_t0,pd_t0,ad_t0,vas_t0,date_t1,mo_t1,sc_t1,ua_t1,pd_t1,ad_t1,vas_t1\n\
                p1,2015-02-02,2,1,2,3,2,55,2015-05-18,1,1,1,2,1,70\n\
                p2,2015-01-30,,,,,,40,,,,,,,\n";
    let mut a = Import::new(base().skeleton());
    a.measurements(long, "long.csv", &MeasurementColumns::default())
        .unwrap();
    let mut b = Import::new(base().skeleton());
    let cols = MeasurementColumns {
        layout: Layout::Wide {
            occasions: vec!["t0".into(), "t1".into()],
            separator: "_".into(),
        },
        ..MeasurementColumns::default()
    };
    b.measurements(wide, "wide.csv", &cols).unwrap();
    let (pa, sa) = a.finish();
    let (pb, sb) = b.finish();
    assert_eq!(pa.measurements, pb.measurements);
    assert_eq!(pa.measurements.len(), 3);
    assert_eq!(pa.measurements[0].eq5d.as_deref(), Some("21232"));
    assert_eq!(pa.measurements[2].eq5d, None);
    assert_eq!(
        (sa.line("measurements", 2), sb.line("measurements", 2)),
        (Some(4), Some(3))
    );

    // A partly answered EQ-5D is an error naming the row.
    let mut c = Import::new(base().skeleton());
    let e = c
        .measurements(
            "participant,date,mo,sc,ua,pd,ad\np1,2015-02-02,2,1,,3,2\n",
            "x.csv",
            &MeasurementColumns::default(),
        )
        .unwrap_err();
    assert!(e.to_string().contains("x.csv line 2"), "{e}");
}

#[test]
fn csv_scale_items_partly_present_is_an_error() {
    let mut i = Import::new(base().skeleton());
    let e = i
        .measurements(
            "participant,date,SCI-93_1,SCI-93_2\np1,2015-02-02,1,2\n",
            "s.csv",
            &MeasurementColumns::default(),
        )
        .unwrap_err();
    assert!(e.to_string().contains("SCI-93_3"), "{e}");
}
