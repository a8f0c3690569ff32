//! Goal evaluation: hand-worked cases, invalid goals, the example program's goals.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use groupwell::goals::{GoalSet, Outcome};
use groupwell::program::Program;

fn example() -> Program {
    groupwell_tests::synth::self_help_groups()
}

#[test]
#[ignore]
fn show_example_goals() {
    let goals =
        GoalSet::from_json(include_str!("../../examples/goals/self-help-goals.json")).unwrap();
    let r = goals.evaluate(&example()).unwrap();
    for g in &r.results {
        println!(
            "{} {}: {} observed {} target {} n {} ci {:?} p {:?}",
            g.id, g.kind, g.outcome, g.observed, g.target, g.n, g.ci, g.p_value
        );
        for p in &g.populations {
            println!("   {:?}", p);
        }
        if let Some(c) = &g.change {
            println!("   change {:?}", c);
        }
        for d in &g.details {
            println!("   - {d}");
        }
        for e in g.exclusions.iter().take(3) {
            println!("   x {} {} {}", e.participant, e.group, e.reason);
        }
    }
    let _ = Outcome::Met;
}

use groupwell::goals::Population;
use groupwell::program::{Enrolment, Group, Measurement, Participant, Period};

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

/// One group of 13 that ended after ten weeks (before week 15): 12 have both EQ VAS scores, of
/// whom 7 improved; one has no follow-up.
fn hand_worked() -> Program {
    let mut p = Program::new("hw", "Hand-worked", Period::year(2015).unwrap());
    p.units.push(
        serde_json::from_str(r#"{"id": "hede", "name": "Hede", "kind": "health_centre"}"#).unwrap(),
    );
    p.groups.push(Group {
        id: "g1".into(),
        name: None,
        theme: "stress".into(),
        format: groupwell::program::Format::OnSite,
        units: vec!["hede".into()],
        leadership: None,
        contributors: vec![],
        capacity: None,
        start: d("2015-02-02"),
        end: Some(d("2015-04-13")),
        status: groupwell::program::GroupStatus::Ended,
    });
    let before = [
        50.0, 60.0, 55.0, 70.0, 40.0, 65.0, 50.0, 80.0, 60.0, 70.0, 45.0, 75.0, 60.0,
    ];
    let after = [
        60.0, 65.0, 56.0, 75.0, 48.0, 66.0, 52.0, 80.0, 55.0, 70.0, 40.0, 70.0,
    ];
    for (i, b) in before.iter().enumerate() {
        let id = format!("p{i:02}");
        p.participants.push(Participant {
            id: id.clone(),
            sex: Some(if i % 2 == 0 {
                groupwell::program::Sex::Female
            } else {
                groupwell::program::Sex::Male
            }),
            age_band: None,
            birth_year: None,
            home_unit: Some("hede".into()),
            referral: None,
        });
        p.enrolments.push(Enrolment {
            participant: id.clone(),
            group: "g1".into(),
            joined: d("2015-02-02"),
            left: Some(d("2015-04-13")),
            reason: Some(groupwell::program::LeaveReason::Completed),
        });
        p.measurements.push(Measurement {
            participant: id.clone(),
            date: d("2015-02-02"),
            eq5d: None,
            vas: Some(*b),
            scales: Default::default(),
        });
        if let Some(a) = after.get(i) {
            p.measurements.push(Measurement {
                participant: id,
                date: d("2015-04-14"),
                eq5d: None,
                vas: Some(*a),
                scales: Default::default(),
            });
        }
    }
    p
}

fn vas_goal(extra: &str) -> GoalSet {
    GoalSet::from_json(&format!(
        r#"{{"goals": [{{"id": "vas", "title": "Half improved", "type": "participant_change",
            "measure": {{"kind": "eq_vas"}}, "from": "baseline", "to": "week15",
            "criterion": "improved", "threshold": {{"type": "strict"}}, "target": 0.5 {extra}}}]}}"#
    ))
    .unwrap()
}

#[test]
fn seven_of_twelve_improved() {
    let p = hand_worked();
    assert!(p.validate().is_valid(), "{}", p.validate());
    let r = &vas_goal("").evaluate(&p).unwrap().results[0];
    // The group ended before week 15: the follow-up is the measurement at its end.
    let a = p.assign_timepoints();
    assert!(
        a.assignments
            .iter()
            .filter(|x| x.timepoint == "week15")
            .all(|x| x.at_group_end)
    );
    assert_eq!(r.n, 12);
    assert!((r.observed - 7.0 / 12.0).abs() < 1e-15);
    let (lo, hi) = r.ci.unwrap();
    assert_eq!(
        (format!("{lo:.3}"), format!("{hi:.3}")),
        ("0.320".into(), "0.807".into())
    );
    // Met on the point estimate...
    assert_eq!(r.outcome, Outcome::Met);
    // ...inconclusive on the confidence interval (0.320 < 0.5 < 0.807).
    let ci = &vas_goal(r#", "decision": "confidence_interval""#)
        .evaluate(&p)
        .unwrap()
        .results[0];
    assert_eq!(ci.outcome, Outcome::Inconclusive);
    // P(X ≥ 7 | 12, 0.5) = 1586/4096
    assert!((r.p_value.unwrap() - 0.38720703125).abs() < 1e-12);
    // The participant without follow-up: left out of the completers, counted as not met under
    // "enrolled" (7 of 13), and listed with the reason.
    let enrolled = r
        .populations
        .iter()
        .find(|x| x.population == Population::Enrolled)
        .unwrap();
    assert_eq!((enrolled.n, enrolled.successes), (13, 7));
    assert_eq!(r.exclusions.len(), 1);
    assert_eq!(r.exclusions[0].participant, "p12");
    assert!(r.exclusions[0].reason.contains("no week15 measurement"));
    let by_enrolled = &vas_goal(r#", "population": "enrolled""#)
        .evaluate(&p)
        .unwrap()
        .results[0];
    assert_eq!((by_enrolled.n, by_enrolled.outcome), (13, Outcome::Met));
    assert!((by_enrolled.observed - 7.0 / 13.0).abs() < 1e-15);
    // The mean change: differences 10 5 1 5 8 1 2 0 −5 0 −5 −5 → 17/12
    let c = r.change.as_ref().unwrap();
    assert!((c.mean_change - 17.0 / 12.0).abs() < 1e-12);
    // Breakdown by sex: even rows female.
    let sex = r.breakdowns.iter().find(|b| b.by == "sex").unwrap();
    let f = sex.rows.iter().find(|x| x.key == "female").unwrap();
    assert_eq!((f.n, f.successes), (6, 4));
    assert_eq!(r.pairs.len(), 12);
}

#[test]
fn thresholds_and_limits() {
    let p = hand_worked();
    // MID 7 on the EQ VAS: only +10 and +8 count.
    let r = &vas_goal("").evaluate(&p).unwrap().results[0];
    assert_eq!(r.populations[0].successes, 7);
    let mid = GoalSet::from_json(
        &vas_goal("")
            .to_json()
            .unwrap()
            .replace(r#""type": "strict""#, r#""type": "mid""#),
    )
    .unwrap();
    let r = &mid.evaluate(&p).unwrap().results[0];
    assert_eq!(r.populations[0].successes, 2);
    // A limit: at most 30% worsened (strict): 3 of 12 worsened → met.
    let worse = GoalSet::from_json(
        &vas_goal("")
            .to_json()
            .unwrap()
            .replace(r#""criterion": "improved""#, r#""criterion": "worsened""#)
            .replace(r#""target": 0.5"#, r#""target": 0.3"#),
    )
    .unwrap();
    let r = &worse.evaluate(&p).unwrap().results[0];
    assert_eq!(
        (r.populations[0].successes, r.comparison.as_str(), r.outcome),
        (3, "<=", Outcome::Met)
    );
}

#[track_caller]
fn invalid(goal: &str, field: &str) {
    let set = GoalSet::from_json(&format!(r#"{{"goals": [{goal}]}}"#)).unwrap();
    let e = set.evaluate(&hand_worked()).unwrap_err();
    assert_eq!(e.kind(), "InvalidDefinition", "{e}");
    let msg = e.to_string();
    assert!(msg.contains("\"bad\"") && msg.contains(field), "{msg}");
}

#[test]
fn invalid_goals_name_the_goal_and_field() {
    let change = |measure: &str, threshold: &str, target: &str, to: &str| {
        format!(
            r#"{{"id": "bad", "title": "x", "type": "participant_change", "measure": {measure},
            "from": "baseline", "to": "{to}", "criterion": "improved", "threshold": {threshold}, "target": {target}}}"#
        )
    };
    let vas = r#"{"kind": "eq_vas"}"#;
    let strict = r#"{"type": "strict"}"#;
    invalid(
        &change(
            r#"{"kind": "scale", "scale": "XYZ"}"#,
            strict,
            "0.5",
            "week15",
        ),
        "measure.scale",
    );
    invalid(
        &change(
            r#"{"kind": "eq5d_index", "value_set": "Atlantis"}"#,
            strict,
            "0.5",
            "week15",
        ),
        "measure.value_set",
    );
    invalid(
        &change(
            r#"{"kind": "eq5d_index", "value_set": "3L_UK"}"#,
            strict,
            "0.5",
            "week15",
        ),
        "measure.value_set",
    );
    invalid(&change(vas, strict, "0.5", "week16"), "to");
    invalid(&change(vas, strict, "1.5", "week15"), "target");
    invalid(&change(vas, strict, "-0.1", "week15"), "target");
    invalid(
        &change(
            r#"{"kind": "scale", "scale": "SCI-93"}"#,
            r#"{"type": "mid"}"#,
            "0.5",
            "week15",
        ),
        "threshold",
    );
    invalid(
        &change(vas, r#"{"type": "absolute", "mid": 200}"#, "0.5", "week15"),
        "threshold.mid",
    );
    invalid(
        &change(vas, r#"{"type": "reliable"}"#, "0.5", "week15"),
        "threshold.reliability",
    );
    invalid(
        &change(
            vas,
            r#"{"type": "reliable", "reliability": 1.2}"#,
            "0.5",
            "week15",
        ),
        "threshold.reliability",
    );
    invalid(
        &change(
            vas,
            r#"{"type": "reliable", "sd": -1, "reliability": 0.9}"#,
            "0.5",
            "week15",
        ),
        "threshold.sd",
    );
    invalid(
        r#"{"id": "bad", "title": "x", "type": "follow_up_rate", "timepoint": "month3", "target": 0.8}"#,
        "timepoint",
    );
    invalid(
        r#"{"id": "bad", "title": "x", "type": "group_size", "period": {"start": "2015-01-01", "end": "2015-12-31"}, "min": 9, "max": 8}"#,
        "max",
    );
    invalid(
        r#"{"id": "bad", "title": "x", "type": "participation", "period": {"start": "2015-01-01", "end": "2015-12-31"}}"#,
        "at_least",
    );
    invalid(
        r#"{"id": "bad", "title": "x", "type": "group_count", "period": {"start": "2015-12-01", "end": "2015-01-31"}, "at_least": 1}"#,
        "period",
    );
    invalid(
        r#"{"id": "bad", "title": "x", "type": "manual", "status": "met", "evidence": " "}"#,
        "evidence",
    );
    invalid(
        r#"{"id": "bad", "title": "x", "type": "group_count", "period": {"start": "2015-01-01", "end": "2015-12-31"}, "at_least": 1, "level": 1.5}"#,
        "level",
    );
    // Duplicate ids.
    let g = r#"{"id": "bad", "title": "x", "type": "manual", "status": "met", "evidence": "e"}"#;
    invalid(&format!("{g}, {g}"), "id");
    // Structural problems name the path.
    let e = GoalSet::from_json(
        r#"{"goals": [{"id": "a", "title": "x", "type": "group_count", "at_least": 1}]}"#,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("goals[0]") && e.to_string().contains("period"),
        "{e}"
    );
}

#[test]
fn example_goals() {
    let goals =
        GoalSet::from_json(include_str!("../../examples/goals/self-help-goals.json")).unwrap();
    let r = goals.evaluate(&example()).unwrap();
    let by_id = |id: &str| r.results.iter().find(|g| g.id == id).unwrap();
    assert_eq!(
        (by_id("groups-2015").observed, by_id("groups-2015").outcome),
        (5.0, Outcome::Met)
    );
    // Running groups' missing follow-ups are not due yet: left out of both populations.
    let vas = by_id("eq-vas");
    let running = vas
        .exclusions
        .iter()
        .filter(|e| e.group == "shg-08")
        .count();
    assert_eq!(running, 6);
    assert_eq!(vas.populations[1].n + running as u64, 47);
    assert_eq!(by_id("handbook").outcome, Outcome::Met);
    assert_eq!(by_id("participants-2016").outcome, Outcome::NotMet);
    let json = r.to_json().unwrap();
    let back: groupwell::goals::Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back.results.len(), r.results.len());
}

#[test]
#[ignore]
fn show_markdown() {
    let goals =
        GoalSet::from_json(include_str!("../../examples/goals/self-help-goals.json")).unwrap();
    println!("{}", goals.evaluate(&example()).unwrap().to_markdown());
}

#[test]
fn toml_goals_equal_json_goals() {
    let json =
        GoalSet::from_json(include_str!("../../examples/goals/self-help-goals.json")).unwrap();
    let toml =
        GoalSet::from_toml(include_str!("../../examples/goals/self-help-goals.toml")).unwrap();
    assert_eq!(json, toml);
    // Reports hold NaN (e.g. a manual goal's observed value): compare their JSON.
    assert_eq!(
        json.evaluate(&example()).unwrap().to_json().unwrap(),
        toml.evaluate(&example()).unwrap().to_json().unwrap()
    );
}

#[test]
fn toml_errors_name_line_column_and_path() {
    let e =
        GoalSet::from_toml("format = \"groupwell-goals/1\"\n\n[[goals]]\nid = 3\n").unwrap_err();
    assert_eq!(e.kind(), "Toml");
    let groupwell::Error::Toml {
        line,
        column,
        message,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!((*line, *column), (4, 6), "{e}");
    assert!(message.starts_with("goals[0].id: "), "{message}");
    // A syntax error.
    let e = GoalSet::from_toml("[[goals]]\nid = \"a\"\ntitle = \n").unwrap_err();
    assert!(matches!(e, groupwell::Error::Toml { line: 3, .. }), "{e:?}");
    // Another format.
    let e = GoalSet::from_toml("format = \"groupwell-goals/9\"\ngoals = []\n").unwrap_err();
    assert!(e.to_string().contains("groupwell-goals/9"), "{e}");
    // Unknown fields are rejected, as in JSON.
    let e = GoalSet::from_toml("goals = []\ncolour = 1\n").unwrap_err();
    assert!(e.to_string().contains("colour"), "{e}");
}

/// EQ-5D profiles at both timepoints of the hand-worked group: one of each PCHC category, one
/// invalid state and one missing follow-up.
#[test]
fn profile_change_by_hand() {
    let mut p = hand_worked();
    let states = [
        ("p00", "21111", "11111"), // improve
        ("p01", "11111", "11111"), // no problems
        ("p02", "12111", "21111"), // mixed
        ("p03", "11211", "11311"), // worsen
        ("p04", "22222", "22222"), // no change
        ("p05", "31111", "11161"), // an invalid follow-up state: no pair
        ("p12", "11111", ""),      // no follow-up measurement at all
    ];
    for (who, before, after) in states {
        let mut ms = p.measurements.iter_mut().filter(|m| m.participant == who);
        ms.next().unwrap().eq5d = Some(before.into());
        if let Some(m) = ms.next() {
            m.eq5d = Some(after.into());
        }
    }
    let r = vas_goal("").evaluate(&p).unwrap();
    assert_eq!(r.profile_changes.len(), 1);
    let pc = &r.profile_changes[0];
    assert_eq!((pc.from.as_str(), pc.to.as_str()), ("baseline", "week15"));
    assert_eq!(
        (
            pc.pairs,
            pc.improve,
            pc.worsen,
            pc.mixed,
            pc.no_change,
            pc.no_problems,
            pc.without_pair
        ),
        (5, 1, 1, 1, 1, 1, 8)
    );
    // Only goals on the EQ-5D survey bring a PCHC; a scale goal does not.
    let sci = GoalSet::from_json(
        r#"{"goals": [{"id": "s", "title": "S", "type": "participant_change",
        "measure": {"kind": "scale", "scale": "SCI-93"}, "from": "baseline", "to": "week15",
        "criterion": "improved", "threshold": {"type": "strict"}, "target": 0.5}]}"#,
    )
    .unwrap();
    assert!(sci.evaluate(&p).unwrap().profile_changes.is_empty());
    // The HTML report shows it.
    let html = r.to_html();
    assert_eq!(html.matches(r#"data-chart="pchc""#).count(), 1);
    assert!(
        html.contains(
            "<tr><td>Mixed change</td><td class=\"num\">1</td><td class=\"num\">20.0%</td></tr>"
        ),
        "{html}"
    );
}

#[test]
fn html_report_has_every_chart_and_section() {
    let goals =
        GoalSet::from_json(include_str!("../../examples/goals/self-help-goals.json")).unwrap();
    let report = goals.evaluate(&example()).unwrap();
    let html = report.to_html();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.trim_end().ends_with("</html>"));
    // A section per goal, with its outcome.
    for (i, r) in report.results.iter().enumerate() {
        assert!(
            html.contains(&format!(
                "<section class=\"goal\" id=\"goal-{i}\" data-goal=\"{}\">",
                r.id
            )),
            "{}",
            r.id
        );
    }
    assert_eq!(
        html.matches("<span class=\"badge met\">met</span>").count(),
        2 * 7
    );
    assert_eq!(
        html.matches("<span class=\"badge not-met\">not met</span>")
            .count(),
        2
    );
    // One attainment chart with a point per share goal; one change chart per participant-change
    // goal; one PCHC chart (both change goals compare baseline and week15).
    let shares = report.results.iter().filter(|r| r.is_share).count();
    assert_eq!(shares, 4);
    assert_eq!(html.matches(r#"data-chart="attainment""#).count(), 1);
    assert_eq!(html.matches(r#"data-chart="change""#).count(), 2);
    assert_eq!(html.matches(r#"data-chart="pchc""#).count(), 1);
    assert_eq!(html.matches("<svg").count(), 4);
    assert_eq!(html.matches("</svg>").count(), 4);
    for id in ["eq-vas", "sci-93", "group-size", "follow-up"] {
        assert!(html.contains(&format!(">{id}<")), "y-axis label {id}");
    }
    assert!(html.contains("improved (18)"), "EQ VAS: 18 of 34 improved");
    // Self-contained: no script, no external resource, a CSP that forbids loading anything.
    assert!(html.contains("default-src 'none'"));
    assert!(!html.contains("<script"));
    for (at, _) in html.match_indices("http") {
        let rest = &html[at..];
        assert!(
            rest.starts_with("http://www.w3.org/2000/svg") || rest.starts_with("http-equiv="),
            "{}",
            &rest[..60.min(rest.len())]
        );
    }
}

#[test]
fn html_report_escapes_user_text() {
    let mut p = hand_worked();
    p.name = "Hede <b>&</b> Sveg".into();
    p.groups[0].id = "g<1>".into();
    for e in &mut p.enrolments {
        e.group = "g<1>".into();
    }
    let goals = GoalSet::from_json(
        r#"{"goals": [{"id": "<i>vas</i>", "title": "<script>alert(1)</script>", "type": "participant_change",
        "measure": {"kind": "eq_vas"}, "from": "baseline", "to": "week15", "criterion": "improved",
        "threshold": {"type": "strict"}, "target": 0.5},
        {"id": "m", "title": "Manual", "type": "manual", "status": "met", "evidence": "\"quoted\" & <em>"}]}"#,
    )
    .unwrap();
    let html = goals.evaluate(&p).unwrap().to_html();
    for raw in ["<script>", "<b>", "<i>vas", "g<1>", "<em>"] {
        assert!(!html.contains(raw), "{raw} unescaped");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Hede &lt;b&gt;&amp;&lt;/b&gt; Sveg"));
    assert!(
        html.contains("&lt;i&gt;vas&lt;/i&gt;"),
        "the chart's axis label is escaped too"
    );
}

#[test]
fn html_report_of_nothing_and_of_many() {
    // No goals: a valid page without charts.
    let empty = GoalSet::from_json(r#"{"goals": []}"#)
        .unwrap()
        .evaluate(&example())
        .unwrap()
        .to_html();
    assert!(empty.contains("0 goal(s)") && !empty.contains("<svg"));
    // Many participants: the change chart draws a regular subset and says so.
    let p = groupwell_tests::synth::large_program(3_000, 7);
    let r = GoalSet::from_json(groupwell_tests::synth::LARGE_PROGRAM_GOALS)
        .unwrap()
        .evaluate(&p)
        .unwrap();
    let html = r.to_html();
    assert!(html.contains("A regular subset of"), "subset note");
    assert_eq!(html.matches(r#"data-chart="change""#).count(), 5);
    assert_eq!(html.matches(r#"data-chart="attainment""#).count(), 1);
}
