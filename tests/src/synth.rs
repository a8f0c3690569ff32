//! The project's seeded generator of synthetic programs: the checked-in examples
//! (`examples/programs/`) and the large programs of the benchmarks.
//!
//! Everything is invented: ids, dates, answers. The answers follow plausible patterns (most
//! participants a little better at follow-up, some worse, a few missing items) so that the
//! examples exercise proration, dropouts, missing follow-ups and a group that ended before
//! week 15. The same seed always gives the same program (the examples are checked against a
//! fresh generation by a test).

use chrono::{Days, Months, NaiveDate};
use groupwell::program::{
    Capacity, Contributor, Enrolment, Format, Group, GroupStatus, Leadership, LeaveReason,
    Measurement, Participant, Period, Program, Referral, Schedule, Session, SessionMode, Sex, Unit,
    UnitKind,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn plus_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

fn plus_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n)).unwrap_or(d)
}

fn unit(id: &str, name: &str, kind: UnitKind) -> Unit {
    Unit {
        id: id.into(),
        name: name.into(),
        kind,
        region: Some("Jämtland Härjedalen".into()),
    }
}

/// A participant's underlying health: `0.0` (no problems) to `1.0` (severe).
struct Answers<'r> {
    rng: &'r mut fastrand::Rng,
}

impl Answers<'_> {
    /// A five-digit EQ-5D-5L state around `severity`.
    fn eq5d(&mut self, severity: f64) -> String {
        // Pain and anxiety carry more of the burden in these groups.
        [0.6, 0.3, 0.7, 1.0, 1.1]
            .iter()
            .map(|weight| {
                let x = severity * weight * 4.0 + self.rng.f64() * 1.6 - 0.5;
                let level = (x.round() as i64).clamp(0, 4) + 1;
                char::from(b'0' + level as u8)
            })
            .collect()
    }

    /// EQ VAS around `severity` (whole numbers, as people mark them).
    fn vas(&mut self, severity: f64) -> f64 {
        let v = 92.0 - severity * 60.0 + (self.rng.f64() - 0.5) * 20.0;
        v.round().clamp(0.0, 100.0) + 0.0
    }

    /// 35 SCI-93 answers (0–5) around `severity`; `missing` items unanswered.
    fn sci93(&mut self, severity: f64, missing: usize) -> Vec<f64> {
        let mut a: Vec<f64> = (0..35)
            .map(|_| {
                let x = severity * 4.2 + (self.rng.f64() - 0.5) * 2.6;
                x.round().clamp(0.0, 5.0) + 0.0 // never -0.0
            })
            .collect();
        for _ in 0..missing {
            let k = self.rng.usize(..35);
            if let Some(slot) = a.get_mut(k) {
                *slot = f64::NAN;
            }
        }
        a
    }
}

struct Builder {
    rng: fastrand::Rng,
    program: Program,
    next_participant: usize,
}

/// How one group is laid out.
struct GroupPlan<'a> {
    id: &'a str,
    theme: &'a str,
    format: Format,
    units: &'a [&'a str],
    leadership: Leadership,
    contributors: Vec<Contributor>,
    start: NaiveDate,
    weeks: u32,
    size: usize,
    status: GroupStatus,
    scales: bool,
}

impl Builder {
    fn new(seed: u64, program: Program) -> Builder {
        Builder {
            rng: fastrand::Rng::with_seed(seed),
            program,
            next_participant: 1,
        }
    }

    fn participant(&mut self, home: &str, referral: Referral) -> String {
        let id = format!("P{:04}", self.next_participant);
        self.next_participant += 1;
        let sex = if self.rng.f64() < 0.72 {
            Sex::Female
        } else {
            Sex::Male
        };
        let bands = ["18-29", "30-44", "45-64", "65-79"];
        let band = bands
            .get(self.rng.usize(..bands.len()))
            .copied()
            .unwrap_or("45-64");
        self.program.participants.push(Participant {
            id: id.clone(),
            sex: Some(sex),
            age_band: Some(band.into()),
            birth_year: None,
            home_unit: Some(home.into()),
            referral: Some(referral),
        });
        id
    }

    /// A group with weekly sessions, its members, their baseline and week-15 measurements.
    fn group(&mut self, plan: GroupPlan<'_>) {
        let end = plus_days(plan.start, i64::from(plan.weeks) * 7);
        let ended = plan.status == GroupStatus::Ended;
        self.program.groups.push(Group {
            id: plan.id.into(),
            name: None,
            theme: plan.theme.into(),
            format: plan.format,
            units: plan.units.iter().map(|u| (*u).to_owned()).collect(),
            leadership: Some(plan.leadership),
            contributors: plan.contributors,
            capacity: Some(Capacity { min: 5, max: 8 }),
            start: plan.start,
            end: (plan.status != GroupStatus::Cancelled).then_some(end),
            status: plan.status,
        });
        if plan.status == GroupStatus::Cancelled {
            return;
        }
        let referrals = [
            Referral::OwnInitiative,
            Referral::HealthCentre,
            Referral::HealthCentre,
            Referral::OtherPartner,
        ];
        let mut members = Vec::new();
        for k in 0..plan.size {
            let home = plan.units.get(k % plan.units.len()).copied().unwrap_or("");
            let referral = referrals
                .get(self.rng.usize(..referrals.len()))
                .copied()
                .unwrap_or(Referral::OwnInitiative);
            let id = self.participant(home, referral);
            // Most join at the start; a few at the second meeting.
            let joined = if self.rng.f64() < 0.15 {
                plus_days(plan.start, 7)
            } else {
                plan.start
            };
            let dropout_week = (self.rng.f64() < 0.14).then(|| 2 + self.rng.u32(..4));
            let (left, reason) = match (dropout_week, ended) {
                (Some(w), _) => (
                    Some(plus_days(plan.start, i64::from(w) * 7)),
                    Some(LeaveReason::DroppedOut),
                ),
                (None, true) => (Some(end), Some(LeaveReason::Completed)),
                (None, false) => (None, None),
            };
            self.program.enrolments.push(Enrolment {
                participant: id.clone(),
                group: plan.id.into(),
                joined,
                left,
                reason,
            });
            members.push((id, joined, left));
        }
        let today_weeks = if ended { plan.weeks } else { plan.weeks / 2 };
        for w in 0..=today_weeks {
            let day = plus_days(plan.start, i64::from(w) * 7);
            let attended = members
                .iter()
                .filter(|(_, j, l)| *j <= day && l.is_none_or(|l| day <= l))
                .filter(|_| self.rng.f64() < 0.86)
                .map(|(id, _, _)| id.clone())
                .collect();
            let (sites, mode) = match plan.format {
                Format::VirtualMultiSite => (
                    plan.units.iter().map(|u| (*u).to_owned()).collect(),
                    SessionMode::Video,
                ),
                Format::DigitalHome => (Vec::new(), SessionMode::Digital),
                Format::OnSite => (
                    plan.units.iter().take(1).map(|u| (*u).to_owned()).collect(),
                    SessionMode::OnSite,
                ),
            };
            self.program.sessions.push(Session {
                group: plan.id.into(),
                date: day,
                sites,
                mode,
                attended,
            });
        }
        for (id, joined, left) in members {
            let severity = 0.25 + self.rng.f64() * 0.55;
            let baseline_day = plus_days(joined, -(self.rng.i64(0..=6)));
            let mut a = Answers { rng: &mut self.rng };
            let mut scales = groupwell::program::ScaleAnswers::new();
            if plan.scales {
                let missing = if a.rng.f64() < 0.1 { 2 } else { 0 };
                scales.insert("SCI-93".to_owned(), a.sci93(severity, missing));
            }
            let m0 = Measurement {
                participant: id.clone(),
                date: baseline_day,
                eq5d: Some(a.eq5d(severity)),
                vas: Some(a.vas(severity)),
                scales,
            };
            self.program.measurements.push(m0);
            // Follow-up: week 15 after joining, or the group's end if it ended earlier; none
            // for most dropouts and for about one in ten completers.
            let dropped = left.is_some_and(|l| l < end);
            let answered = if dropped {
                self.rng.f64() < 0.25
            } else {
                ended && self.rng.f64() < 0.9
            };
            if !answered {
                continue;
            }
            let week15 = plus_days(joined, 15 * 7);
            let target = if end < week15 { end } else { week15 };
            let follow_day = plus_days(target, self.rng.i64(-3..=10));
            let change = (self.rng.f64() - 0.3) * 0.35; // most improve, some worsen
            let after = (severity - change).clamp(0.0, 1.0);
            let mut a = Answers { rng: &mut self.rng };
            let mut scales = groupwell::program::ScaleAnswers::new();
            if plan.scales {
                let missing = match a.rng.usize(..20) {
                    0 => 4, // too many missing: no score
                    1 | 2 => 1,
                    _ => 0,
                };
                scales.insert("SCI-93".to_owned(), a.sci93(after, missing));
            }
            self.program.measurements.push(Measurement {
                participant: id,
                date: follow_day,
                eq5d: Some(a.eq5d(after)),
                vas: Some(a.vas(after)),
                scales,
            });
        }
    }
}

fn peer(starter: u32) -> Leadership {
    Leadership::Peer {
        starter_sessions: Some(starter),
    }
}

/// (a) Peer-led self-help groups in four municipalities, 2015–2016: eight groups of five to
/// eight (one cancelled, one that ended after ten weeks, one still running), EQ-5D-5L, EQ VAS
/// and SCI-93 at the start and at week 15, with dropouts and missing follow-ups.
pub fn self_help_groups() -> Program {
    let mut p = Program::new(
        "self-help-2015",
        "Self-help groups in four municipalities",
        Period::new(date(2015, 1, 1), date(2016, 12, 31)),
    );
    p.owners = vec![
        "berg".into(),
        "harjedalen".into(),
        "krokom".into(),
        "stromsund".into(),
    ];
    p.units = vec![
        unit("berg", "Berg municipality", UnitKind::Municipality),
        unit(
            "harjedalen",
            "Härjedalen municipality",
            UnitKind::Municipality,
        ),
        unit("krokom", "Krokom municipality", UnitKind::Municipality),
        unit(
            "stromsund",
            "Strömsund municipality",
            UnitKind::Municipality,
        ),
        unit(
            "svenstavik_hc",
            "Svenstavik health centre",
            UnitKind::HealthCentre,
        ),
        unit("sveg_hc", "Sveg health centre", UnitKind::HealthCentre),
        unit("krokom_hc", "Krokom health centre", UnitKind::HealthCentre),
        unit(
            "stromsund_hc",
            "Strömsund health centre",
            UnitKind::HealthCentre,
        ),
        unit("krokom_library", "Krokom library", UnitKind::Site),
        unit(
            "selfhelp_assoc",
            "Self-help association",
            UnitKind::Association,
        ),
    ];
    let mut b = Builder::new(2015, p);
    let starter = |unit: Option<&str>| Contributor {
        role: "starter".into(),
        remote: false,
        unit: unit.map(str::to_owned),
    };
    let plans = [
        (
            "shg-01",
            "stress",
            &["svenstavik_hc"][..],
            date(2015, 2, 2),
            15,
            7,
            GroupStatus::Ended,
        ),
        (
            "shg-02",
            "living_with_pain",
            &["sveg_hc"][..],
            date(2015, 2, 16),
            15,
            6,
            GroupStatus::Ended,
        ),
        (
            "shg-03",
            "chronic_illness",
            &["krokom_library"][..],
            date(2015, 3, 9),
            15,
            8,
            GroupStatus::Ended,
        ),
        (
            "shg-04",
            "separation",
            &["stromsund_hc"][..],
            date(2015, 4, 13),
            10,
            5,
            GroupStatus::Ended,
        ),
        (
            "shg-05",
            "parenting_neuropsychiatric",
            &["krokom_hc"][..],
            date(2015, 9, 7),
            15,
            7,
            GroupStatus::Ended,
        ),
        (
            "shg-06",
            "stress",
            &["sveg_hc"][..],
            date(2016, 1, 18),
            15,
            8,
            GroupStatus::Ended,
        ),
        (
            "shg-07",
            "living_with_pain",
            &["svenstavik_hc"][..],
            date(2016, 3, 7),
            15,
            0,
            GroupStatus::Cancelled,
        ),
        (
            "shg-08",
            "chronic_illness",
            &["stromsund_hc"][..],
            date(2016, 10, 3),
            15,
            6,
            GroupStatus::Running,
        ),
    ];
    for (id, theme, units, start, weeks, size, status) in plans {
        let unit0 = units.first().copied();
        b.group(GroupPlan {
            id,
            theme,
            format: Format::OnSite,
            units,
            leadership: peer(3),
            contributors: vec![starter(unit0)],
            start,
            weeks,
            size,
            status,
            scales: true,
        });
    }
    b.program
}

/// (b) A virtual parent group spanning three small health centres (Hede, Funäsdalen, Sveg) with
/// a remote lecturer, professional-led, EQ-5D-5L, EQ VAS and SCI-93 at start and week 15.
pub fn virtual_parent_group() -> Program {
    let mut p = Program::new(
        "virtual-parents-2016",
        "Virtual parent group, Härjedalen",
        Period::new(date(2016, 1, 1), date(2016, 12, 31)),
    );
    p.owners = vec!["harjedalen".into()];
    p.units = vec![
        unit(
            "harjedalen",
            "Härjedalen municipality",
            UnitKind::Municipality,
        ),
        unit("hede_hc", "Hede health centre", UnitKind::HealthCentre),
        unit(
            "funasdalen_hc",
            "Funäsdalen health centre",
            UnitKind::HealthCentre,
        ),
        unit("sveg_hc", "Sveg health centre", UnitKind::HealthCentre),
        unit(
            "ostersund_hospital",
            "Östersund hospital, child psychiatry",
            UnitKind::Other,
        ),
    ];
    let mut b = Builder::new(2016, p);
    b.group(GroupPlan {
        id: "vpg-01",
        theme: "parenting_neuropsychiatric",
        format: Format::VirtualMultiSite,
        units: &["hede_hc", "funasdalen_hc", "sveg_hc"],
        leadership: Leadership::Professional,
        contributors: vec![Contributor {
            role: "lecturer".into(),
            remote: true,
            unit: Some("ostersund_hospital".into()),
        }],
        start: date(2016, 2, 1),
        weeks: 15,
        size: 8,
        status: GroupStatus::Ended,
        scales: true,
    });
    b.program
}

/// (c) Physical activity on prescription at two health centres: each participant's 6-month
/// prescription is an enrolment in the cohort of their start month; EQ-5D-5L and EQ VAS at
/// baseline, 3 and 6 months, and the survey 12 months after joining; some follow-ups missing.
pub fn prescription_program() -> Program {
    let mut p = Program::new(
        "par-2015",
        "Physical activity on prescription",
        Period::new(date(2015, 1, 1), date(2016, 12, 31)),
    );
    p.owners = vec!["region".into()];
    p.schedule = Schedule::prescription();
    p.units = vec![
        Unit {
            id: "region".into(),
            name: "Region Jämtland Härjedalen".into(),
            kind: UnitKind::Other,
            region: None,
        },
        unit("krokom_hc", "Krokom health centre", UnitKind::HealthCentre),
        unit(
            "stromsund_hc",
            "Strömsund health centre",
            UnitKind::HealthCentre,
        ),
    ];
    let mut b = Builder::new(2017, p);
    for (k, month) in [2u32, 3, 4, 9, 10].into_iter().enumerate() {
        let unit = if k % 2 == 0 {
            "krokom_hc"
        } else {
            "stromsund_hc"
        };
        let start = date(2015, month, 1);
        let gid = format!("par-2015-{month:02}");
        let mut last_end = start;
        let n = 4 + b.rng.usize(..4);
        for _ in 0..n {
            let id = b.participant(unit, Referral::Prescription);
            let joined = plus_days(start, b.rng.i64(0..=20));
            let end = plus_months(joined, 6);
            last_end = last_end.max(end);
            let dropped = b.rng.f64() < 0.12;
            b.program.enrolments.push(Enrolment {
                participant: id.clone(),
                group: gid.clone(),
                joined,
                left: Some(if dropped { plus_months(joined, 2) } else { end }),
                reason: Some(if dropped {
                    LeaveReason::DroppedOut
                } else {
                    LeaveReason::Completed
                }),
            });
            let mut severity = 0.3 + b.rng.f64() * 0.4;
            for (i, months) in [0u32, 3, 6, 12].into_iter().enumerate() {
                let answered = match i {
                    0 => true,
                    _ if dropped => false,
                    3 => b.rng.f64() < 0.7,
                    _ => b.rng.f64() < 0.88,
                };
                if i > 0 {
                    severity = (severity - (b.rng.f64() - 0.35) * 0.15).clamp(0.0, 1.0);
                }
                if !answered {
                    continue;
                }
                let day = plus_days(plus_months(joined, months), b.rng.i64(-5..=12));
                let mut a = Answers { rng: &mut b.rng };
                b.program.measurements.push(Measurement {
                    participant: id.clone(),
                    date: day,
                    eq5d: Some(a.eq5d(severity)),
                    vas: Some(a.vas(severity)),
                    scales: groupwell::program::ScaleAnswers::new(),
                });
            }
        }
        b.program.groups.push(Group {
            id: gid,
            name: None,
            theme: "physical_activity_on_prescription".into(),
            format: Format::OnSite,
            units: vec![unit.into()],
            leadership: Some(Leadership::Professional),
            contributors: Vec::new(),
            capacity: None,
            start,
            end: Some(last_end),
            status: GroupStatus::Ended,
        });
    }
    b.program
}

/// Ten goals for [`large_program`]: the benchmark's goal set (`benches/benches/goals.rs`).
pub const LARGE_PROGRAM_GOALS: &str = r#"{"format": "groupwell-goals/1", "goals": [
  {"id": "vas", "title": "EQ VAS improved", "type": "participant_change", "measure": {"kind": "eq_vas"},
   "from": "baseline", "to": "week15", "criterion": "improved", "threshold": {"type": "strict"}, "target": 0.5},
  {"id": "vas-mid", "title": "EQ VAS improved by the MID", "type": "participant_change", "measure": {"kind": "eq_vas"},
   "from": "baseline", "to": "week15", "criterion": "improved", "threshold": {"type": "mid"}, "target": 0.3,
   "population": "enrolled", "decision": "confidence_interval"},
  {"id": "index", "title": "EQ-5D index kept or improved", "type": "participant_change",
   "measure": {"kind": "eq5d_index", "value_set": "5L_SE_2022"}, "from": "baseline", "to": "week15",
   "criterion": "maintained_or_improved", "threshold": {"type": "mid"}, "target": 0.75},
  {"id": "sci93", "title": "SCI-93 kept or improved", "type": "participant_change",
   "measure": {"kind": "scale", "scale": "SCI-93"}, "from": "baseline", "to": "week15",
   "criterion": "maintained_or_improved", "threshold": {"type": "reliable"}, "target": 0.75},
  {"id": "sci93-3m", "title": "SCI-93 worsened after 3 months", "type": "participant_change",
   "measure": {"kind": "scale", "scale": "SCI-93"}, "from": "baseline", "to": "after_end_3m",
   "criterion": "worsened", "threshold": {"type": "reliable"}, "target": 0.2},
  {"id": "groups", "title": "Groups running in 2016", "type": "group_count",
   "period": {"start": "2016-01-01", "end": "2016-12-31"}, "at_least": 1000},
  {"id": "themes", "title": "Themes offered", "type": "distinct_offerings",
   "period": {"start": "2015-01-01", "end": "2019-12-31"}, "by": "theme", "at_least": 5},
  {"id": "participation", "title": "More participants in 2016 than in 2015", "type": "participation",
   "period": {"start": "2016-01-01", "end": "2016-12-31"}, "more_than_in": {"start": "2015-01-01", "end": "2015-12-31"}},
  {"id": "size", "title": "Groups of 5 to 8", "type": "group_size",
   "period": {"start": "2015-01-01", "end": "2019-12-31"}, "min": 5, "max": 8, "share": 0.9},
  {"id": "follow-up", "title": "Week-15 follow-up rate", "type": "follow_up_rate", "timepoint": "week15", "target": 0.8}
]}"#;

/// A large self-help program for benchmarks: `participants` people in groups of seven, each
/// with three measurements (baseline, week 15 and three months after the group's end), SCI-93
/// included; the schedule has the three matching timepoints.
pub fn large_program(participants: usize, seed: u64) -> Program {
    let mut p = Program::new(
        "large",
        "Synthetic benchmark program",
        Period::new(date(2015, 1, 1), date(2019, 12, 31)),
    );
    p.schedule.timepoints.push(Schedule::after_end_months(3));
    p.units = (0..40)
        .map(|u| {
            unit(
                &format!("hc{u:02}"),
                &format!("Health centre {u}"),
                UnitKind::HealthCentre,
            )
        })
        .collect();
    let mut b = Builder::new(seed, p);
    let themes = groupwell::program::THEMES;
    let groups = participants.div_ceil(7);
    for g in 0..groups {
        let size = 7.min(participants - g * 7);
        let start = plus_days(date(2015, 1, 5), (g % 200) as i64 * 7);
        let unit_id = format!("hc{:02}", g % 40);
        let gid = format!("g{g:06}");
        let end = plus_days(start, 14 * 7);
        b.program.groups.push(Group {
            id: gid.clone(),
            name: None,
            theme: themes
                .get(g % themes.len())
                .copied()
                .unwrap_or("stress")
                .into(),
            format: Format::OnSite,
            units: vec![unit_id.clone()],
            leadership: Some(peer(2)),
            contributors: Vec::new(),
            capacity: Some(Capacity { min: 5, max: 8 }),
            start,
            end: Some(end),
            status: GroupStatus::Ended,
        });
        for _ in 0..size {
            let id = b.participant(&unit_id, Referral::HealthCentre);
            b.program.enrolments.push(Enrolment {
                participant: id.clone(),
                group: gid.clone(),
                joined: start,
                left: Some(end),
                reason: Some(LeaveReason::Completed),
            });
            let severity = 0.2 + b.rng.f64() * 0.6;
            for day in [
                plus_days(start, -2),
                plus_days(start, 15 * 7),
                plus_months(end, 3),
            ] {
                let mut a = Answers { rng: &mut b.rng };
                let mut scales = groupwell::program::ScaleAnswers::new();
                scales.insert("SCI-93".to_owned(), a.sci93(severity, 0));
                b.program.measurements.push(Measurement {
                    participant: id.clone(),
                    date: day,
                    eq5d: Some(a.eq5d(severity)),
                    vas: Some(a.vas(severity)),
                    scales,
                });
            }
        }
    }
    b.program
}

/// The checked-in examples: file stem → program.
pub fn examples() -> Vec<(&'static str, Program)> {
    vec![
        ("self-help-groups", self_help_groups()),
        ("virtual-parent-group", virtual_parent_group()),
        ("prescription", prescription_program()),
    ]
}
