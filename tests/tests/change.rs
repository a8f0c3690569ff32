//! Change classification: hand-worked cases.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use groupwell::change::{
    ChangeClass, Direction, Threshold, classify, classify_all, reliable_change_index,
};

use ChangeClass::*;
use Direction::*;

#[test]
fn strict_counts_any_difference() {
    let t = Threshold::Strict;
    assert_eq!(
        classify(50.0, 51.0, HigherIsBetter, t).unwrap(),
        Some(Improved)
    );
    assert_eq!(
        classify(50.0, 49.5, HigherIsBetter, t).unwrap(),
        Some(Worsened)
    );
    assert_eq!(
        classify(50.0, 50.0, HigherIsBetter, t).unwrap(),
        Some(Unchanged)
    );
    // SCI-93: higher is worse.
    assert_eq!(
        classify(80.0, 79.0, HigherIsWorse, t).unwrap(),
        Some(Improved)
    );
    assert_eq!(
        classify(80.0, 81.0, HigherIsWorse, t).unwrap(),
        Some(Worsened)
    );
}

#[test]
fn change_exactly_at_the_mid_counts() {
    // EQ VAS, MID 7: 60 → 67 improved, 60 → 66 unchanged, 60 → 53 worsened.
    let t = Threshold::eq_vas_mid();
    assert_eq!(
        classify(60.0, 67.0, HigherIsBetter, t).unwrap(),
        Some(Improved)
    );
    assert_eq!(
        classify(60.0, 66.0, HigherIsBetter, t).unwrap(),
        Some(Unchanged)
    );
    assert_eq!(
        classify(60.0, 53.0, HigherIsBetter, t).unwrap(),
        Some(Worsened)
    );
    // EQ-5D index, MID 0.074, including a difference whose f64 is a hair below 0.074.
    let t = Threshold::eq5d_index_mid();
    assert!((0.7f64 - 0.626).abs() < 0.074);
    assert_eq!(
        classify(0.626, 0.7, HigherIsBetter, t).unwrap(),
        Some(Improved)
    );
    assert_eq!(
        classify(0.627, 0.7, HigherIsBetter, t).unwrap(),
        Some(Unchanged)
    );
}

#[test]
fn reliable_change_on_both_sides_of_1_96() {
    // SD 10, r 0.95: SEM = 10·√0.05 = 2.2360680, √2·SEM = 3.1622777; RC = 1.96 at Δ = 6.1980643.
    let t = Threshold::Reliable {
        sd: 10.0,
        reliability: 0.95,
    };
    let rc = |a: f64, b: f64| reliable_change_index(a, b, 10.0, 0.95);
    assert!((rc(50.0, 56.3) - 1.992_235).abs() < 1e-6);
    assert!((rc(50.0, 56.1) - 1.928_989).abs() < 1e-6);
    // SCI-93 (higher is worse): a fall of 6.3 is a reliable improvement, of 6.1 not.
    assert_eq!(
        classify(50.0, 43.7, HigherIsWorse, t).unwrap(),
        Some(Improved)
    );
    assert_eq!(
        classify(50.0, 43.9, HigherIsWorse, t).unwrap(),
        Some(Unchanged)
    );
    assert_eq!(
        classify(50.0, 56.3, HigherIsWorse, t).unwrap(),
        Some(Worsened)
    );
    assert_eq!(
        classify(50.0, 56.1, HigherIsWorse, t).unwrap(),
        Some(Unchanged)
    );
    // The preset uses r = 0.95 with the user's SD.
    assert_eq!(Threshold::sci93_reliable(10.0), t);
}

#[test]
fn missing_bad_thresholds_and_batches() {
    assert_eq!(
        classify(f64::NAN, 1.0, HigherIsBetter, Threshold::Strict).unwrap(),
        None
    );
    for t in [
        Threshold::Absolute { mid: 0.0 },
        Threshold::Absolute { mid: f64::NAN },
        Threshold::Absolute { mid: -1.0 },
        Threshold::Reliable {
            sd: 0.0,
            reliability: 0.9,
        },
        Threshold::Reliable {
            sd: 10.0,
            reliability: 1.0,
        },
        Threshold::Reliable {
            sd: 10.0,
            reliability: -0.1,
        },
    ] {
        assert_eq!(
            classify(1.0, 2.0, HigherIsBetter, t).unwrap_err().kind(),
            "InvalidArgument",
            "{t:?}"
        );
    }
    assert!(classify(f64::INFINITY, 2.0, HigherIsBetter, Threshold::Strict).is_err());
    let e = classify_all(
        &[1.0, f64::INFINITY, 3.0, 4.0],
        &[1.0, 2.0, f64::NEG_INFINITY, 5.0],
        HigherIsBetter,
        Threshold::Strict,
    )
    .unwrap_err();
    match e {
        groupwell::Error::Rows { errors } => {
            assert_eq!(
                errors
                    .iter()
                    .map(|e| (e.row, e.field.as_str()))
                    .collect::<Vec<_>>(),
                [(1, "baseline"), (2, "follow_up")]
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        classify_all(&[1.0], &[], HigherIsBetter, Threshold::Strict)
            .unwrap_err()
            .kind(),
        "LengthMismatch"
    );
    assert_eq!("better".parse::<Direction>().unwrap(), HigherIsBetter);
    assert!("sideways".parse::<Direction>().is_err());
    // Thresholds round-trip through JSON (goal definitions will carry them).
    let t = Threshold::sci93_reliable(21.3);
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(serde_json::from_str::<Threshold>(&json).unwrap(), t);
    assert!(
        serde_json::from_str::<Threshold>(r#"{"type": "absolute", "mid": 7, "extra": 1}"#).is_err()
    );
}
