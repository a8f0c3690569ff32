//! PCHC, probability of superiority and pairing against the reference results.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use groupwell::eq5d::analysis::{
    Change, DuplicatePolicy, ExclusionReason, PchcOptions, PchcTable, pair, pchc,
    pchc_by_dimension, probability_of_superiority,
};
use groupwell::eq5d::{Instrument, StateCodes};
use groupwell_tests::{Csv, reference_dir};

fn column(dir: &std::path::Path, file: &str) -> StateCodes {
    let csv = Csv::read(&dir.join("eq5d/analysis").join(file)).unwrap();
    let cells: Vec<Option<&str>> = csv
        .rows
        .iter()
        .map(|r| Some(r[0].as_str()).filter(|s| *s != "NA" && !s.is_empty()))
        .collect();
    StateCodes::from_strs(Instrument::Eq5d3l, &cells)
}

fn reference_pairs(dir: &std::path::Path) -> groupwell::eq5d::analysis::Pairs {
    let pre = column(dir, "pre.csv");
    let post = column(dir, "post.csv");
    let ids: Vec<String> = (0..pre.len()).map(|i| i.to_string()).collect();
    pair(&ids, &pre, &ids, &post, DuplicatePolicy::Error).unwrap()
}

fn check(dir: &std::path::Path, file: &str, table: &PchcTable) {
    let csv = Csv::read(&dir.join("eq5d/analysis").join(file)).unwrap();
    let got: Vec<(String, usize, String)> = table
        .rows
        .iter()
        .map(|r| (r.label.clone(), r.number, format!("{:.1}", r.percent)))
        .collect();
    let want: Vec<(String, usize, String)> = csv
        .rows
        .iter()
        .map(|r| {
            (
                r[0].clone(),
                r[1].parse().unwrap(),
                format!("{:.1}", r[2].parse::<f64>().unwrap()),
            )
        })
        .collect();
    assert_eq!(got, want, "{file}");
}

#[test]
fn pchc_matches_every_reference_variant() {
    let Some(dir) = reference_dir() else { return };
    let pairs = reference_pairs(&dir);
    assert_eq!(pairs.len(), 77);
    let opts = |no_problems, totals| PchcOptions {
        no_problems,
        totals,
    };
    for (file, o) in [
        ("pchc_noprob_false_totals_false.csv", opts(false, false)),
        ("pchc_noprob_false_totals_true.csv", opts(false, true)),
        ("pchc_noprob_true_totals_false.csv", opts(true, false)),
        ("pchc_noprob_true_totals_true.csv", opts(true, true)),
        ("pchc_nototals.csv", opts(false, false)),
    ] {
        check(&dir, file, &pchc(&pairs, o).unwrap());
    }
    for (file, o) in [
        (
            "pchc_noprob_false_totals_false_dim_mo.csv",
            opts(false, false),
        ),
        (
            "pchc_noprob_false_totals_true_dim_mo.csv",
            opts(false, true),
        ),
        (
            "pchc_noprob_true_totals_false_dim_mo.csv",
            opts(true, false),
        ),
        ("pchc_noprob_true_totals_true_dim_mo.csv", opts(true, true)),
    ] {
        check(&dir, file, &pchc_by_dimension(&pairs, o).unwrap()[0]);
    }
}

#[test]
fn probability_of_superiority_matches() {
    let Some(dir) = reference_dir() else { return };
    let ps = probability_of_superiority(&reference_pairs(&dir)).unwrap();
    let rounded: Vec<String> = ps.iter().map(|p| format!("{p:.2}")).collect();
    assert_eq!(rounded, ["0.59", "0.62", "0.61", "0.66", "0.56"]);
}

#[test]
fn exclusions_are_counted_with_reasons() {
    let Some(dir) = reference_dir() else { return };
    let pairs = reference_pairs(&dir);
    let reasons: Vec<ExclusionReason> = pairs.excluded.iter().map(|e| e.reason).collect();
    assert_eq!(reasons.len(), 79 - 77);
    assert!(reasons.contains(&ExclusionReason::InvalidBaseline)); // 62331
    assert_eq!(
        pairs
            .excluded
            .iter()
            .find(|e| e.reason == ExclusionReason::InvalidBaseline)
            .unwrap()
            .id,
        "0"
    );
}

#[test]
fn pairing_is_by_id_not_row_order() {
    let pre = StateCodes::from_strs(
        Instrument::Eq5d5l,
        &[Some("11111"), Some("55555"), Some("11111")],
    );
    let post = StateCodes::from_strs(
        Instrument::Eq5d5l,
        &[Some("11111"), Some("11112"), Some("12111")],
    );
    // Follow-up rows in another order: b first.
    let p = pair(
        &["a", "b", "c"],
        &pre,
        &["b", "d", "a"],
        &post,
        DuplicatePolicy::Error,
    )
    .unwrap();
    assert_eq!(
        (p.pre_rows.as_slice(), p.post_rows.as_slice()),
        ([0, 1].as_slice(), [2, 0].as_slice())
    );
    assert_eq!(p.pre, [0, 3124]);
    assert_eq!(p.post, [125, 0]); // a → 12111, b → 11111
    let ex: Vec<(&str, ExclusionReason)> = p
        .excluded
        .iter()
        .map(|e| (e.id.as_str(), e.reason))
        .collect();
    assert_eq!(
        ex,
        [
            ("c", ExclusionReason::NoFollowUp),
            ("d", ExclusionReason::NoBaseline)
        ]
    );
    let t = pchc(&p, PchcOptions::default()).unwrap();
    assert_eq!(t.row(Change::Improve).unwrap().number, 1);
    assert_eq!(t.row(Change::Worsen).unwrap().number, 1);
}

#[test]
fn duplicates_missing_and_bad_input() {
    let s = |v: &[Option<&str>]| StateCodes::from_strs(Instrument::Eq5d3l, v);
    let pre = s(&[Some("11111"), Some("21111"), Some("31111")]);
    let post = s(&[Some("11111"), None, Some("11114")]);
    // Duplicate ids: an error naming them, or first/last.
    let e = pair(
        &["a", "a", "b"],
        &pre,
        &["a", "b", "c"],
        &post,
        DuplicatePolicy::Error,
    )
    .unwrap_err();
    assert!(e.to_string().contains("\"a\" (rows 0 and 1)"), "{e}");
    let first = pair(
        &["a", "a", "b"],
        &pre,
        &["a", "b", "c"],
        &post,
        DuplicatePolicy::First,
    )
    .unwrap();
    assert_eq!(first.pre, [0]);
    let last = pair(
        &["a", "a", "b"],
        &pre,
        &["a", "b", "c"],
        &post,
        DuplicatePolicy::Last,
    )
    .unwrap();
    assert_eq!(last.pre, [81]);
    // Missing and invalid sides are excluded with their reason.
    let p = pair(
        &["a", "b", "c"],
        &pre,
        &["a", "b", "c"],
        &post,
        DuplicatePolicy::Error,
    )
    .unwrap();
    let ex: Vec<ExclusionReason> = p.excluded.iter().map(|e| e.reason).collect();
    assert_eq!(
        ex,
        [
            ExclusionReason::MissingFollowUp,
            ExclusionReason::InvalidFollowUp
        ]
    );
    // Unequal lengths, mixed instruments.
    assert_eq!(
        pair(
            &["a"],
            &pre,
            &["a", "b", "c"],
            &post,
            DuplicatePolicy::Error
        )
        .unwrap_err()
        .kind(),
        "LengthMismatch"
    );
    let five = StateCodes::from_strs(Instrument::Eq5d5l, &[Some("11111")]);
    assert_eq!(
        pair(
            &["a", "b", "c"],
            &pre,
            &["a"],
            &five,
            DuplicatePolicy::Error
        )
        .unwrap_err()
        .kind(),
        "InstrumentMismatch"
    );
    // All missing: an empty, documented result (counts 0, percentages NaN), not an error.
    let none = s(&[None, None]);
    let p = pair(
        &["a", "b"],
        &none,
        &["a", "b"],
        &none,
        DuplicatePolicy::Error,
    )
    .unwrap();
    assert!(p.is_empty());
    let t = pchc(
        &p,
        PchcOptions {
            no_problems: true,
            totals: true,
        },
    )
    .unwrap();
    assert!(t.rows.iter().all(|r| r.number == 0 && r.percent.is_nan()));
    assert!(
        probability_of_superiority(&p)
            .unwrap()
            .iter()
            .all(|x| x.is_nan())
    );
    assert_eq!(
        "first".parse::<DuplicatePolicy>().unwrap(),
        DuplicatePolicy::First
    );
    assert!("both".parse::<DuplicatePolicy>().is_err());
}
