//! Fuzzing the program readers: arbitrary bytes and damaged documents give errors, never
//! panics; arbitrary structurally valid programs survive validation, timepoint assignment,
//! queries and the tidy export, and round-trip through JSON and CSV.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use chrono::NaiveDate;
use groupwell::program::csv::{ColumnMap, Import, Layout, MeasurementColumns};
use groupwell::program::{
    Capacity, Contributor, Enrolment, Format, Group, GroupFilter, GroupStatus, Leadership,
    LeaveReason, Measurement, Participant, Period, Program, Referral, Session, SessionMode, Sex,
    TidyOptions, Unit, UnitKind,
};
use proptest::prelude::*;

fn example_json() -> String {
    groupwell_tests::synth::self_help_groups()
        .to_json()
        .unwrap()
}

fn all_readers(text: &str) {
    let _ = Program::from_json(text);
    let skeleton = Program::new("f", "Fuzz", Period::year(2015).unwrap());
    let mut i = Import::new(skeleton);
    let none = ColumnMap::default();
    let _ = i.units(text, "u.csv", &none);
    let _ = i.groups(text, "g.csv", &none);
    let _ = i.participants(text, "p.csv", &none);
    let _ = i.enrolments(text, "e.csv", &none);
    let _ = i.sessions(text, "s.csv", &none);
    let _ = i.measurements(text, "m.csv", &MeasurementColumns::default());
    let wide = MeasurementColumns {
        layout: Layout::Wide {
            occasions: vec!["t0".into(), "t1".into()],
            separator: "_".into(),
        },
        ..MeasurementColumns::default()
    };
    let _ = i.measurements(text, "w.csv", &wide);
    // Whatever was read must be safe to work with.
    let (p, sources) = i.finish();
    let mut v = p.validate();
    sources.locate(&mut v);
    let _ = p.tidy(&TidyOptions::default());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        all_readers(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn csv_like_text_never_panics(
        cells in proptest::collection::vec("[a-z0-9_;:@ ,.\"\n-]{0,12}", 0..40),
    ) {
        let header = "id,name,kind,theme,format,start,status,units,participant,group,joined,left,date,mode,attended,eq5d,vas,SCI-93_1\n";
        all_readers(&(header.to_owned() + &cells.join(",")));
    }

    #[test]
    fn damaged_documents_never_panic(cut in 0usize..50_000, len in 0usize..40, junk in "[\\[\\]{}\",:0-9a-z-]{0,10}") {
        let json = example_json();
        let start = cut.min(json.len());
        let end = (start + len).min(json.len());
        if json.is_char_boundary(start) && json.is_char_boundary(end) {
            let damaged = format!("{}{}{}", &json[..start], junk, &json[end..]);
            if let Ok(p) = Program::from_json(&damaged) {
                let _ = p.validate_and_assign();
                let _ = p.tidy(&TidyOptions { value_sets: vec!["5L_SE_2022".into()], subscales: true });
            }
        }
    }
}

// ---- arbitrary structurally valid programs -----------------------------------------------

fn date() -> impl Strategy<Value = NaiveDate> {
    (0i64..1500).prop_map(|n| {
        NaiveDate::from_ymd_opt(2014, 1, 1)
            .unwrap()
            .checked_add_days(chrono::Days::new(n as u64))
            .unwrap()
    })
}

fn id() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9_åäö-]{1,5}"
}

fn text() -> impl Strategy<Value = String> {
    // CSV quoting matters: commas, quotes, newlines inside; no surrounding spaces (trimmed).
    "[a-zA-Zåäö0-9,\"\n]{1,10}".prop_map(|s| {
        let t = s.trim().to_owned();
        if t.is_empty() { "x".into() } else { t }
    })
}

fn pick<T: Clone + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(all)
}

fn unit() -> impl Strategy<Value = Unit> {
    (
        id(),
        text(),
        pick(UnitKind::ALL),
        proptest::option::of(text()),
    )
        .prop_map(|(id, name, kind, region)| Unit {
            id,
            name,
            kind,
            region,
        })
}

fn group(units: Vec<String>) -> impl Strategy<Value = Group> {
    let unit_ids = proptest::sample::subsequence(units.clone(), 0..=units.len().min(3));
    (
        id(),
        proptest::option::of(text()),
        text(),
        pick(Format::ALL),
        unit_ids,
        proptest::option::of(prop_oneof![
            Just(Leadership::Professional),
            proptest::option::of(0u32..10).prop_map(|s| Leadership::Peer {
                starter_sessions: s
            }),
        ]),
        proptest::collection::vec(
            (
                id(),
                any::<bool>(),
                proptest::option::of(proptest::sample::select(units.clone())),
            )
                .prop_map(|(role, remote, unit)| Contributor { role, remote, unit }),
            0..2,
        ),
        proptest::option::of((0u32..10, 0u32..12).prop_map(|(min, max)| Capacity { min, max })),
        date(),
        proptest::option::of(date()),
        pick(GroupStatus::ALL),
    )
        .prop_map(
            |(
                id,
                name,
                theme,
                format,
                units,
                leadership,
                contributors,
                capacity,
                start,
                end,
                status,
            )| {
                Group {
                    id,
                    name,
                    theme,
                    format,
                    units,
                    leadership,
                    contributors,
                    capacity,
                    start,
                    end,
                    status,
                }
            },
        )
}

fn answers() -> impl Strategy<Value = Vec<f64>> {
    proptest::collection::vec(
        prop_oneof![
            4 => (0i32..=5).prop_map(f64::from),
            1 => Just(f64::NAN),
            1 => -1e6f64..1e6f64,
        ],
        35,
    )
    .prop_map(|mut a| {
        // At least one answer, so that a CSV row with the scale reads back as answered.
        if a.iter().all(|x| x.is_nan()) {
            a[0] = 1.0;
        }
        a
    })
}

fn program() -> impl Strategy<Value = Program> {
    proptest::collection::vec(unit(), 1..4)
        .prop_flat_map(|units| {
            let ids: Vec<String> = units.iter().map(|u| u.id.clone()).collect();
            (
                Just(units),
                proptest::collection::vec(group(ids.clone()), 0..4),
                Just(ids),
            )
        })
        .prop_flat_map(|(units, groups, unit_ids)| {
            let group_ids: Vec<String> = groups.iter().map(|g| g.id.clone()).collect();
            let participants = proptest::collection::vec(
                (
                    id(),
                    proptest::option::of(pick(Sex::ALL)),
                    proptest::option::of("[0-9]{2}-[0-9]{2}"),
                    proptest::option::of(1900i32..2020),
                    proptest::option::of(proptest::sample::select(unit_ids)),
                    proptest::option::of(pick(Referral::ALL)),
                )
                    .prop_map(
                        |(id, sex, age_band, birth_year, home_unit, referral)| Participant {
                            id,
                            sex,
                            age_band,
                            birth_year,
                            home_unit,
                            referral,
                        },
                    ),
                0..6,
            );
            (Just(units), Just(groups), Just(group_ids), participants)
        })
        .prop_flat_map(|(units, groups, group_ids, participants)| {
            let pids: Vec<String> = participants.iter().map(|p| p.id.clone()).collect();
            let gid = if group_ids.is_empty() {
                vec!["none".to_owned()]
            } else {
                group_ids
            };
            let pid = if pids.is_empty() {
                vec!["nobody".to_owned()]
            } else {
                pids
            };
            let enrolments = proptest::collection::vec(
                (
                    proptest::sample::select(pid.clone()),
                    proptest::sample::select(gid.clone()),
                    date(),
                    proptest::option::of(date()),
                    proptest::option::of(pick(LeaveReason::ALL)),
                )
                    .prop_map(|(participant, group, joined, left, reason)| {
                        Enrolment {
                            participant,
                            group,
                            joined,
                            left,
                            reason,
                        }
                    }),
                0..8,
            );
            let sessions = proptest::collection::vec(
                (
                    proptest::sample::select(gid),
                    date(),
                    pick(SessionMode::ALL),
                    proptest::sample::subsequence(pid.clone(), 0..=pid.len()),
                )
                    .prop_map(|(group, date, mode, attended)| Session {
                        group,
                        date,
                        sites: Vec::new(),
                        mode,
                        attended,
                    }),
                0..5,
            );
            let measurements = proptest::collection::vec(
                (
                    proptest::sample::select(pid),
                    date(),
                    proptest::option::of("[0-9a-z]{1,6}"),
                    proptest::option::of(-50.0f64..150.0),
                    proptest::option::of(answers()),
                )
                    .prop_map(|(participant, date, eq5d, vas, sci)| {
                        let mut scales = groupwell::program::ScaleAnswers::new();
                        if let Some(a) = sci {
                            scales.insert("SCI-93".to_owned(), a);
                        }
                        Measurement {
                            participant,
                            date,
                            eq5d,
                            vas,
                            scales,
                        }
                    }),
                0..10,
            );
            (
                Just(units),
                Just(groups),
                Just(participants),
                enrolments,
                sessions,
                measurements,
            )
        })
        .prop_map(
            |(units, groups, participants, enrolments, sessions, measurements)| {
                let mut p = Program::new(
                    "arb",
                    "Arbitrary",
                    Period::new(
                        NaiveDate::from_ymd_opt(2014, 1, 1).unwrap(),
                        NaiveDate::from_ymd_opt(2017, 12, 31).unwrap(),
                    ),
                );
                p.units = units;
                p.groups = groups;
                p.participants = participants;
                p.enrolments = enrolments;
                p.sessions = sessions;
                p.measurements = measurements;
                p
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_programs_round_trip_and_never_panic(p in program()) {
        // JSON
        let json = p.to_json().unwrap();
        let back = Program::from_json(&json).unwrap();
        prop_assert_eq!(&back, &p);
        // CSV (ids are free of ';' and surrounding spaces here, so writing succeeds)
        let tables = p.to_csv_tables().unwrap();
        let (back, _) = tables.read(p.skeleton()).unwrap();
        prop_assert_eq!(&back, &p);
        // Everything else runs.
        let (v, a) = p.validate_and_assign();
        prop_assert_eq!(a.assignments.len() + a.missing.len(), p.enrolments.len() * 2);
        for f in &v.findings {
            prop_assert!(!f.message.is_empty());
            prop_assert!(f.location.path.starts_with('/'));
        }
        let _ = p.groups_running(&p.period, &GroupFilter::default());
        let _ = p.participants_in(&p.period, &GroupFilter::default());
        let _ = p.attendance();
        let _ = p.completion();
        let _ = p.group_summaries();
        let t = p.tidy(&TidyOptions { value_sets: vec!["5L_SE_2022".into()], subscales: true }).unwrap();
        prop_assert_eq!(t.rows().count(), t.len());
        let _ = t.to_csv();
        for x in &a.assignments {
            let _ = x.explain();
        }
    }
}
