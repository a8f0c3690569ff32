//! Summed scales (issue 4, items 1–3): hand-worked SCI-93 and user-defined examples.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;

use groupwell::Error;
use groupwell::eq5d::ErrorMode;
use groupwell::scales::{Scale, ScaleDef, ScoreOptions, sci93_definition};

fn raise() -> ScoreOptions {
    ScoreOptions::default()
}

fn coerce() -> ScoreOptions {
    ScoreOptions {
        errors: ErrorMode::Coerce,
        ..ScoreOptions::default()
    }
}

/// Items 1..35 answered 0,1,2,3,4,5,0,1,... : sum = 5 full cycles (15 each) + 0..4 (10) = 85.
fn cycle() -> Vec<f64> {
    (0..35).map(|i| f64::from(i % 6)).collect()
}

const DEMO: &str = r#"{
  "id": "demo",
  "name": "Demo wellbeing",
  "items": ["a", "b", "c", "d"],
  "range": {"min": 1, "max": 5},
  "item_ranges": {"d": {"min": 0, "max": 10}},
  "reverse": ["b"],
  "subscales": [
    {"name": "first", "items": ["a", "b"]},
    {"name": "second", "items": ["c", "d"], "max_missing": 1}
  ],
  "total": "sum",
  "direction": "higher_is_better",
  "missing": {"max_missing": 1},
  "bands": [
    {"label": "low", "min": 3, "max": 10},
    {"label": "mid", "min": 11, "max": 15},
    {"label": "high", "min": 16, "max": 25}
  ],
  "citation": "Made up for the tests",
  "notes": ["not a real instrument"]
}"#;

#[test]
fn sci93_definition_is_valid_and_as_documented() {
    let def = sci93_definition();
    def.validate().unwrap();
    let sci = Scale::sci93();
    assert_eq!(sci.items().len(), 35);
    assert_eq!(sci.items()[0], "1");
    assert_eq!(sci.items()[34], "35");
    assert_eq!(sci.total_range(), (0.0, 175.0));
    assert_eq!(def.missing.max_missing, 3);
    assert_eq!(def.doi.as_deref(), Some("10.3109/08039488.2014.915580"));
    assert!(
        def.notes
            .iter()
            .any(|n| n.contains("24.9") && n.contains("76.4"))
    );
}

#[test]
fn sci93_full_answers() {
    let sci = Scale::sci93();
    let s = sci.score_slice(&cycle(), &raise()).unwrap();
    assert_eq!(s.total, Some(85.0));
    assert_eq!((s.answered, s.prorated), (35, false));
    assert!(s.subscales.is_empty());
    assert_eq!(
        sci.score_slice(&[5u8; 35], &raise()).unwrap().total,
        Some(175.0)
    );
    assert_eq!(
        sci.score_slice(&[0i64; 35], &raise()).unwrap().total,
        Some(0.0)
    );
}

#[test]
fn sci93_three_missing_is_prorated() {
    // Missing items 1, 2, 3 (answers 0, 1, 2): 32 answered summing to 85 − 3 = 82.
    let sci = Scale::sci93();
    let mut a = cycle();
    for x in a.iter_mut().take(3) {
        *x = f64::NAN;
    }
    let s = sci.score_slice(&a, &raise()).unwrap();
    assert_eq!(s.total, Some(82.0 * 35.0 / 32.0)); // 89.6875
    assert_eq!(s.total, Some(89.6875));
    assert_eq!((s.answered, s.prorated), (32, true));
}

#[test]
fn sci93_four_missing_has_no_score() {
    let sci = Scale::sci93();
    let mut a = cycle();
    for x in a.iter_mut().take(4) {
        *x = f64::NAN;
    }
    let s = sci.score_slice(&a, &raise()).unwrap();
    assert_eq!(s.total, None);
    assert_eq!((s.answered, s.prorated), (31, false));
    // batch: NaN and counted as missing, not an error
    let out = sci.score_rows(&a, &raise()).unwrap();
    assert!(out.totals[0].is_nan());
    assert_eq!(out.missing, 1);
    assert!(out.errors.is_empty());
}

#[test]
fn sci93_missing_rule_is_configurable() {
    let mut def = sci93_definition();
    def.missing.max_missing = 4;
    let sci = Scale::from_definition(def).unwrap();
    let mut a = cycle();
    for x in a.iter_mut().take(4) {
        *x = f64::NAN; // 0, 1, 2, 3 missing: 31 answered summing to 79
    }
    assert_eq!(
        sci.score_slice(&a, &raise()).unwrap().total,
        Some(79.0 * 35.0 / 31.0)
    );
}

#[test]
fn sci93_offset_exports() {
    let sci = Scale::sci93();
    let exported: Vec<f64> = cycle().iter().map(|x| x + 1.0).collect();
    let opts = ScoreOptions {
        offset: 1,
        ..ScoreOptions::default()
    };
    assert_eq!(sci.score_slice(&exported, &opts).unwrap().total, Some(85.0));
    // Without the offset, a 6 is out of range: never guessed.
    let err = sci.score_slice(&exported, &raise()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "item 6 = 6 is not valid: expected an integer 0..=5 (SCI-93)"
    );
    // With the offset, a 0 is out of range and the message shows the coded range.
    let mut bad = exported.clone();
    bad[9] = 0.0;
    let err = sci.score_slice(&bad, &opts).unwrap_err();
    assert!(err.to_string().contains("item 10 = 0"), "{err}");
    assert!(err.to_string().contains("1..=6"), "{err}");
}

#[test]
fn map_input_missing_and_unknown_items() {
    let sci = Scale::sci93();
    let mut m: BTreeMap<String, i32> = (1..=35).map(|i| (i.to_string(), (i - 1) % 6)).collect();
    assert_eq!(sci.score_map(&m, &raise()).unwrap().total, Some(85.0));
    m.remove("1");
    m.remove("2");
    m.remove("3");
    let s = sci.score_map(&m, &raise()).unwrap();
    assert_eq!((s.total, s.answered, s.prorated), (Some(89.6875), 32, true));
    m.insert("36".into(), 1);
    let err = sci.score_map(&m, &raise()).unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }));
    assert!(err.to_string().contains("\"36\""), "{err}");
}

#[test]
fn bad_answers_name_item_and_row() {
    let sci = Scale::sci93();
    // out of range
    let mut a = vec![1.0; 35];
    a[6] = 6.0;
    let e = sci.score_slice(&a, &raise()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "item 7 = 6 is not valid: expected an integer 0..=5 (SCI-93)"
    );
    // negative
    a[6] = -1.0;
    assert!(
        sci.score_slice(&a, &raise())
            .unwrap_err()
            .to_string()
            .contains("item 7 = -1")
    );
    // non-integer: 2.7 is an error, never 2
    a[6] = 2.7;
    let e = sci.score_slice(&a, &raise()).unwrap_err();
    assert!(e.to_string().contains("item 7 = 2.7"), "{e}");
    // infinite
    a[6] = f64::INFINITY;
    assert!(sci.score_slice(&a, &raise()).is_err());
    // text
    let mut t = vec!["1"; 35];
    t[0] = "two";
    let e = sci.score_slice(&t, &raise()).unwrap_err();
    assert!(e.to_string().contains("item 1 = \"two\""), "{e}");
    t[0] = " ";
    assert_eq!(sci.score_slice(&t, &raise()).unwrap().answered, 34);
    // wrong number of items
    let e = sci.score_slice(&[1u8; 34], &raise()).unwrap_err();
    assert!(e.to_string().contains("34 values"), "{e}");
    assert!(e.to_string().contains("35 answers"), "{e}");
    let e = sci.score_rows(&[1u8; 71], &raise()).unwrap_err();
    assert!(e.to_string().contains("71 values"), "{e}");
}

#[test]
fn batch_raise_lists_every_bad_row_and_coerce_gives_nan() {
    let sci = Scale::sci93();
    let mut rows: Vec<Option<f64>> = vec![Some(2.0); 35 * 4];
    rows[35 + 4] = Some(7.0); // row 1, item 5
    rows[3 * 35 + 34] = Some(0.5); // row 3, item 35
    rows[2 * 35] = None; // row 2, item 1 missing: prorated
    match sci.score_rows(&rows, &raise()) {
        Err(Error::Rows { errors }) => {
            let got: Vec<(usize, &str)> =
                errors.iter().map(|e| (e.row, e.field.as_str())).collect();
            assert_eq!(got, [(1, "5"), (3, "35")]);
        }
        other => panic!("unexpected {other:?}"),
    }
    let out = sci.score_rows(&rows, &coerce()).unwrap();
    assert_eq!(out.totals[0], 70.0);
    assert!(out.totals[1].is_nan());
    assert_eq!(out.totals[2], 68.0 * 35.0 / 34.0);
    assert!(out.prorated[2]);
    assert_eq!(out.answered[2], 34);
    assert!(out.totals[3].is_nan());
    assert_eq!(out.errors.len(), 2);
    assert_eq!(out.missing, 0);
}

#[test]
fn batch_matches_single_scoring() {
    let sci = Scale::sci93();
    let mut rows = Vec::new();
    for r in 0..20u32 {
        for i in 0..35u32 {
            let v = (r * 7 + i * 3) % 6;
            rows.push(if (r + i) % 11 == 0 {
                f64::NAN
            } else {
                f64::from(v)
            });
        }
    }
    let out = sci.score_rows(&rows, &raise()).unwrap();
    for (r, chunk) in rows.chunks(35).enumerate() {
        let s = sci.score_slice(chunk, &raise()).unwrap();
        assert_eq!(
            s.total.unwrap_or(f64::NAN).to_bits(),
            out.totals[r].to_bits()
        );
        assert_eq!(s.answered, out.answered[r]);
        assert_eq!(s.prorated, out.prorated[r]);
    }
}

#[test]
fn user_scale_reverse_subscales_and_bands() {
    let scale = Scale::from_json(DEMO).unwrap();
    // a=5, b=2 reversed to 1+5−2=4, c=3, d=10: total 22 → "high"
    let s = scale.score_slice(&[5, 2, 3, 10], &raise()).unwrap();
    assert_eq!(s.total, Some(22.0));
    assert_eq!(s.subscales, [Some(9.0), Some(13.0)]);
    assert_eq!(s.band.as_deref(), Some("high"));
    // band boundaries are inclusive: a=1, b=5→1, c=1, d=0 → 3 = low.min
    let s = scale.score_slice(&[1, 5, 1, 0], &raise()).unwrap();
    assert_eq!((s.total, s.band.as_deref()), (Some(3.0), Some("low")));
    // 10 = low.max, 11 = mid.min
    let s = scale.score_slice(&[1, 5, 1, 7], &raise()).unwrap();
    assert_eq!((s.total, s.band.as_deref()), (Some(10.0), Some("low")));
    let s = scale.score_slice(&[1, 5, 1, 8], &raise()).unwrap();
    assert_eq!((s.total, s.band.as_deref()), (Some(11.0), Some("mid")));
    // per-item range: d accepts 10, a does not
    let e = scale.score_slice(&[10, 1, 1, 1], &raise()).unwrap_err();
    assert!(e.to_string().contains("item a = 10"), "{e}");
    // one missing (d): total prorated 3 × 4/3 … a=1,b=5→1,c=1 → 3·4/3 = 4; subscale "second"
    // prorated within its own rule (c alone, sum 1 × 2/1 = 2); "first" complete.
    let s = scale
        .score_slice(&[Some(1), Some(5), Some(1), None], &raise())
        .unwrap();
    assert_eq!(s.total, Some(4.0));
    assert_eq!(s.subscales, [Some(2.0), Some(2.0)]);
    assert!(s.prorated);
    // a missing: subscale "first" allows none → None
    let s = scale
        .score_slice(&[None, Some(5), Some(1), Some(1)], &raise())
        .unwrap();
    assert_eq!(s.subscales, [None, Some(2.0)]);
    // batch bands are indices into Scale::bands
    let out = scale
        .score_rows(&[5, 2, 3, 10, 1, 5, 1, 8], &raise())
        .unwrap();
    assert_eq!(out.bands, [Some(2), Some(1)]);
    assert_eq!(out.subscales, [vec![9.0, 2.0], vec![13.0, 9.0]]);
}

#[test]
fn mean_total() {
    let json = DEMO
        .replace("\"total\": \"sum\"", "\"total\": \"mean\"")
        .replace("\"bands\": [", "\"bands_unused\": [");
    // unknown field is rejected
    assert_eq!(Scale::from_json(&json).unwrap_err().kind(), "Json");
    let mut def = ScaleDef::from_json(DEMO).unwrap();
    def.total = groupwell::scales::Total::Mean;
    def.bands.clear();
    let scale = Scale::from_definition(def).unwrap();
    let s = scale.score_slice(&[5, 2, 3, 10], &raise()).unwrap();
    assert_eq!(s.total, Some(5.5));
    assert_eq!(s.subscales, [Some(4.5), Some(6.5)]);
    let s = scale
        .score_slice(&[Some(5), Some(2), Some(3), None], &raise())
        .unwrap();
    assert_eq!(s.total, Some(4.0));
}

#[test]
fn columns_by_item_id() {
    let scale = Scale::from_json(DEMO).unwrap();
    let a = [5.0, 1.0];
    let b = [2.0, 5.0];
    let c = [3.0, 1.0];
    let d = [10.0, 8.0];
    let cols = [("d", &d[..]), ("c", &c[..]), ("a", &a[..]), ("b", &b[..])];
    let out = scale.score_columns(&cols, &raise()).unwrap();
    assert_eq!(out.totals, [22.0, 11.0]);
    let unknown = [("a", &a[..]), ("b", &b[..]), ("c", &c[..]), ("x", &d[..])];
    let e = scale.score_columns(&unknown, &raise()).unwrap_err();
    assert!(e.to_string().contains("\"x\""), "{e}");
    let absent = [("a", &a[..]), ("b", &b[..]), ("c", &c[..])];
    let e = scale.score_columns(&absent, &raise()).unwrap_err();
    assert!(e.to_string().contains("\"d\""), "{e}");
    let short = [0.0];
    let uneven = [
        ("a", &a[..]),
        ("b", &b[..]),
        ("c", &c[..]),
        ("d", &short[..]),
    ];
    assert!(matches!(
        scale.score_columns(&uneven, &raise()),
        Err(Error::LengthMismatch { .. })
    ));
}

#[test]
fn json_round_trip_is_lossless() {
    let def = ScaleDef::from_json(DEMO).unwrap();
    let back = ScaleDef::from_json(&def.to_json().unwrap()).unwrap();
    assert_eq!(back, def);
    let sci = sci93_definition();
    assert_eq!(ScaleDef::from_json(&sci.to_json().unwrap()).unwrap(), sci);
    // writing is stable: JSON → def → JSON → def → JSON gives the same text
    assert_eq!(back.to_json().unwrap(), def.to_json().unwrap());
    // the written form reads back through Scale too
    assert_eq!(
        Scale::from_json(&def.to_json().unwrap())
            .unwrap()
            .definition(),
        &def
    );
}

fn def_err(edit: impl FnOnce(&mut ScaleDef)) -> String {
    let mut def = ScaleDef::from_json(DEMO).unwrap();
    edit(&mut def);
    let e = Scale::from_definition(def).unwrap_err();
    assert_eq!(e.kind(), "InvalidDefinition", "{e}");
    e.to_string()
}

#[test]
fn invalid_definitions_name_the_field() {
    let e = def_err(|d| d.items.push("b".into()));
    assert!(
        e.contains("items[4]") && e.contains("\"b\" is listed twice"),
        "{e}"
    );
    let e = def_err(|d| d.range = groupwell::scales::ResponseRange { min: 5, max: 1 });
    assert!(e.contains("range") && e.contains("empty range"), "{e}");
    let e = def_err(|d| {
        d.item_ranges.insert(
            "d".into(),
            groupwell::scales::ResponseRange { min: 3, max: 2 },
        );
    });
    assert!(e.contains("item_ranges.d"), "{e}");
    let e = def_err(|d| {
        d.item_ranges.insert(
            "z".into(),
            groupwell::scales::ResponseRange { min: 0, max: 2 },
        );
    });
    assert!(
        e.contains("item_ranges.z") && e.contains("unknown item"),
        "{e}"
    );
    let e = def_err(|d| d.reverse.push("q".into()));
    assert!(
        e.contains("reverse[1]") && e.contains("unknown item \"q\""),
        "{e}"
    );
    let e = def_err(|d| d.subscales[1].items.push("zz".into()));
    assert!(e.contains("subscales[1].items[2]"), "{e}");
    let e = def_err(|d| d.subscales[1].max_missing = 2);
    assert!(e.contains("subscales[1].max_missing"), "{e}");
    let e = def_err(|d| d.missing.max_missing = 4);
    assert!(
        e.contains("missing.max_missing") && e.contains("0..=3"),
        "{e}"
    );
    let e = def_err(|d| d.bands[1].min = 10.0);
    assert!(e.contains("bands[1]") && e.contains("overlaps"), "{e}");
    let e = def_err(|d| d.bands[2].max = 1.0);
    assert!(e.contains("bands[2]"), "{e}");
    let e = def_err(|d| d.items.clear());
    assert!(e.contains("items"), "{e}");
    let e = def_err(|d| d.subscales.push(d.subscales[0].clone()));
    assert!(e.contains("subscales[2].name"), "{e}");
}

#[test]
fn manual_override_example() {
    // A user with the manual: different coding 1–6 in the definition itself, stricter rule.
    let mut def = sci93_definition();
    def.id = "SCI-93-manual".into();
    def.range = groupwell::scales::ResponseRange { min: 1, max: 6 };
    def.missing.max_missing = 0;
    let scale = Scale::from_definition(def).unwrap();
    assert_eq!(scale.total_range(), (35.0, 210.0));
    let mut a = vec![Some(1u8); 35];
    a[0] = None;
    assert_eq!(scale.score_slice(&a, &raise()).unwrap().total, None);
}
