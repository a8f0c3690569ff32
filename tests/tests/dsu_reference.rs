//! The NICE DSU mappings against the published tables: every state, age band, sex, country,
//! direction and variant.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use groupwell::eq5d::dsu::{AgeBand, Country, Direction, Mapping, Sex};
use groupwell::eq5d::{Instrument, State};
use groupwell_tests::{Csv, reference_dir};

#[test]
fn dsu_mappings_match_the_published_tables() {
    let Some(dir) = reference_dir() else { return };
    let mut checked = 0usize;
    for (file, direction) in [
        ("dsu_5L_to_3L.csv", Direction::FiveToThree),
        ("dsu_3L_to_5L.csv", Direction::ThreeToFive),
    ] {
        let csv = Csv::read(&dir.join("eq5d/mapping").join(file)).unwrap();
        let (si, ai, xi) = (
            csv.col("State").unwrap(),
            csv.col("Age").unwrap(),
            csv.col("Sex").unwrap(),
        );
        for country in Country::ALL {
            for copula in [false, true] {
                let col = format!("{}{}", country.name(), if copula { "Copula" } else { "" });
                let j = csv
                    .col(&col)
                    .unwrap_or_else(|| panic!("{file}: no column {col}"));
                let m = Mapping {
                    direction,
                    country,
                    copula,
                };
                for r in &csv.rows {
                    let state = State::parse(direction.input(), &r[si]).unwrap();
                    let age: AgeBand = r[ai].parse().unwrap();
                    let sex: Sex = r[xi].parse().unwrap();
                    let expected: f64 = r[j].parse().unwrap();
                    let got = m.value(&state, age, sex).unwrap();
                    assert!(
                        (got - expected).abs() <= 1e-12,
                        "{file} {col} {} {} {:?}: {got} vs {expected}",
                        r[si],
                        r[ai],
                        sex
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 14 * (31_250 + 2_430));
}

#[test]
fn dsu_ranges_match() {
    // dsu_*_range.csv give, per country, the min and max of the non-copula column of the table
    // whose *input* is that version (these columns hold the input version's own value set).
    let Some(dir) = reference_dir() else { return };
    for (file, direction) in [
        ("dsu_5L_range.csv", Direction::FiveToThree),
        ("dsu_3L_range.csv", Direction::ThreeToFive),
    ] {
        let csv = Csv::read(&dir.join("eq5d/mapping").join(file)).unwrap();
        for (j, name) in csv.header.iter().enumerate().skip(1) {
            let country: Country = name.parse().unwrap();
            let m = Mapping {
                direction,
                country,
                copula: false,
            };
            let mut lo = f64::INFINITY;
            let mut hi = f64::NEG_INFINITY;
            for s in State::all(direction.input()) {
                for a in AgeBand::ALL {
                    for x in [Sex::Male, Sex::Female] {
                        let v = m.value(&s, a, x).unwrap();
                        lo = lo.min(v);
                        hi = hi.max(v);
                    }
                }
            }
            let (elo, ehi): (f64, f64) = (
                csv.rows[0][j].parse().unwrap(),
                csv.rows[1][j].parse().unwrap(),
            );
            assert!(
                (lo - elo).abs() < 1e-12 && (hi - ehi).abs() < 1e-12,
                "{file} {name}: {lo}..{hi} vs {elo}..{ehi}"
            );
        }
    }
}

#[test]
fn dsu_bad_input_is_an_error() {
    let m = Mapping {
        direction: Direction::FiveToThree,
        country: Country::Uk,
        copula: false,
    };
    let s3 = State::parse(Instrument::Eq5d3l, "11111").unwrap();
    assert_eq!(
        m.value(&s3, AgeBand::Age18To34, Sex::Male)
            .unwrap_err()
            .kind(),
        "InstrumentMismatch"
    );
    assert!("17-20".parse::<AgeBand>().is_err());
    assert!("x".parse::<Sex>().is_err());
    assert!("Atlantis".parse::<Country>().is_err());
    assert!(AgeBand::from_age(f64::NAN).is_err());
    let err = m
        .values(&[0, 3125], &[AgeBand::Age65Plus; 2], &[Sex::Female; 2])
        .unwrap_err();
    assert_eq!(err.kind(), "Rows");
    assert!(m.values(&[0], &[], &[]).is_err());
}

#[test]
fn dsu_batch_scoring_matches_single_and_reports_rows() {
    use groupwell::eq5d::{BatchOptions, StateCodes};
    let m = Mapping {
        direction: Direction::ThreeToFive,
        country: Country::Spain,
        copula: true,
    };
    let states = StateCodes::from_strs(
        Instrument::Eq5d3l,
        &[
            Some("11111"),
            Some("33333"),
            Some("11114"),
            None,
            Some("12321"),
            Some("12321"),
        ],
    );
    let ages = [
        Some("18-34"),
        Some("70"),
        Some("40"),
        Some("40"),
        Some("child"),
        None,
    ];
    let sexes = ["male", "female", "m", "f", "f", "x"];
    let out = m
        .score(states, &ages, &sexes, &BatchOptions::coerce())
        .unwrap();
    let single = |s: &str, a, x| {
        m.value(&State::parse(Instrument::Eq5d3l, s).unwrap(), a, x)
            .unwrap()
    };
    assert_eq!(
        out.values[0],
        single("11111", AgeBand::Age18To34, Sex::Male)
    );
    assert_eq!(
        out.values[1],
        single("33333", AgeBand::Age65Plus, Sex::Female)
    );
    assert!(out.values[2..].iter().all(|v| v.is_nan()));
    // Row 3 is missing (no state); row 5 has a missing age but an invalid sex: invalid wins.
    assert_eq!(out.missing, 1);
    let rows: Vec<(usize, &str)> = out
        .errors
        .iter()
        .map(|e| (e.row, e.field.as_str()))
        .collect();
    assert_eq!(rows, [(2, "state"), (4, "age"), (5, "sex")]);
    // Raise mode lists every bad row; a 5L column is an instrument mismatch.
    let states = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("11114"), Some("11111")]);
    match m.score(states, &[40.0, 12.0], &["m", "m"], &BatchOptions::default()) {
        Err(groupwell::Error::Rows { errors }) => assert_eq!(errors.len(), 2),
        other => panic!("{other:?}"),
    }
    let five = StateCodes::from_codes(Instrument::Eq5d5l, &[0u16]);
    assert_eq!(
        m.score(five, &[40.0], &["m"], &BatchOptions::default())
            .unwrap_err()
            .kind(),
        "InstrumentMismatch"
    );
    let three = StateCodes::from_codes(Instrument::Eq5d3l, &[0u16]);
    assert_eq!(
        m.score(three, &[40.0, 41.0], &["m"], &BatchOptions::default())
            .unwrap_err()
            .kind(),
        "LengthMismatch"
    );
    assert_eq!(
        "5L->3L".parse::<Direction>().unwrap(),
        Direction::FiveToThree
    );
    assert!("4L->3L".parse::<Direction>().is_err());
}
