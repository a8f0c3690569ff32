//! Behaviour of the EQ-5D API that does not need the reference data: bad input, look-up,
//! user-defined sets, properties.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use groupwell::eq5d::{
    BatchOptions, Dimension, EqVas, ErrorMode, Instrument, ValueSet, catalogue, crosswalk_3l_to_5l,
    crosswalk_5l_to_3l, find, value_sets_for,
};
use groupwell::{Error, StateProblem};
use proptest::prelude::*;

fn uk3() -> &'static ValueSet {
    ValueSet::get("3L_UK").unwrap()
}
fn se5() -> &'static ValueSet {
    ValueSet::get("5L_SE_2022").unwrap()
}

#[test]
fn bad_levels_each_have_their_own_error() {
    // 0, 4 on 3L, 6 on 5L, 2.5, inf: InvalidLevel naming the dimension.
    let cases: [(&ValueSet, [f64; 5], Dimension, &str); 5] = [
        (uk3(), [0.0, 1.0, 1.0, 1.0, 1.0], Dimension::Mo, "0"),
        (uk3(), [1.0, 4.0, 1.0, 1.0, 1.0], Dimension::Sc, "4"),
        (se5(), [1.0, 1.0, 6.0, 1.0, 1.0], Dimension::Ua, "6"),
        (se5(), [1.0, 1.0, 1.0, 2.5, 1.0], Dimension::Pd, "2.5"),
        (
            se5(),
            [1.0, 1.0, 1.0, 1.0, f64::INFINITY],
            Dimension::Ad,
            "inf",
        ),
    ];
    for (vs, levels, dim, shown) in cases {
        match vs.index_levels(levels) {
            Err(Error::InvalidLevel {
                dimension, value, ..
            }) => {
                assert_eq!(dimension, dim);
                assert_eq!(value, shown);
            }
            other => panic!("{levels:?}: {other:?}"),
        }
    }
    // NaN in a single call: the level is missing, which is an error for one state.
    assert!(matches!(
        se5().index_levels([f64::NAN, 1.0, 1.0, 1.0, 1.0]),
        Err(Error::InvalidLevel { .. })
    ));
}

#[test]
fn bad_state_strings_each_have_their_own_error() {
    let vs = uk3();
    let reason = |s: &str| match vs.index_str(s) {
        Err(Error::InvalidState { reason, .. }) => Some(reason),
        Err(Error::InvalidLevel { .. }) => None,
        other => panic!("{s:?}: {other:?}"),
    };
    assert_eq!(reason(""), Some(StateProblem::Empty));
    assert_eq!(reason("1234"), Some(StateProblem::WrongLength { found: 4 }));
    assert_eq!(
        reason("123456"),
        Some(StateProblem::WrongLength { found: 6 })
    );
    assert_eq!(
        reason(" 12345"),
        Some(StateProblem::NotADigit { position: 0 })
    );
    assert_eq!(
        reason("abcde"),
        Some(StateProblem::NotADigit { position: 0 })
    );
    assert_eq!(reason("11114"), None);
    let msg = vs.index_str("1234").unwrap_err().to_string();
    assert!(msg.contains("4 characters"), "{msg}");
}

#[test]
fn eq_vas_range() {
    for bad in [-1.0, 101.0, f64::NAN, f64::INFINITY] {
        assert_eq!(EqVas::new(bad).unwrap_err().kind(), "InvalidVas");
    }
    for ok in [0.0, 100.0, 55.5] {
        assert_eq!(EqVas::new(ok).unwrap().value(), ok);
    }
    let e = EqVas::new(101.0).unwrap_err().to_string();
    assert!(e.contains("0..=100"), "{e}");
}

#[test]
fn coerce_gives_nan_at_exactly_the_bad_rows_with_reasons() {
    let vs = uk3();
    let input: Vec<Option<&str>> = vec![
        Some("11111"),
        Some(""),
        Some("1234"),
        None,
        Some("123456"),
        Some(" 12345"),
        Some("abcde"),
        Some("33333"),
        Some("11114"),
    ];
    let out = vs.score_strs(&input, &BatchOptions::coerce()).unwrap();
    let nan_rows: Vec<usize> = out
        .values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_nan())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(nan_rows, [1, 2, 3, 4, 5, 6, 8]);
    assert_eq!(
        out.errors.iter().map(|e| e.row).collect::<Vec<_>>(),
        [1, 2, 4, 5, 6, 8]
    );
    assert_eq!(out.missing, 1);
    assert!(out.errors.iter().all(|e| e.field == "state"));
    assert_eq!(out.values[7], -0.594);
    // Raise reports every bad row, not only the first.
    match vs.score_strs(&input, &BatchOptions::default()) {
        Err(Error::Rows { errors }) => assert_eq!(errors.len(), 6),
        other => panic!("{other:?}"),
    }

    // Level columns with NaN (missing) and bad values.
    let mo = [1.0, f64::NAN, 4.0, 2.5, 1.0];
    let one = [1.0; 5];
    let out = vs
        .score_levels([&mo, &one, &one, &one, &one], &BatchOptions::coerce())
        .unwrap();
    assert_eq!(out.values[0], 1.0);
    assert!(out.values[1..4].iter().all(|v| v.is_nan()));
    assert_eq!(out.values[4], 1.0);
    assert_eq!(out.missing, 1);
    assert_eq!(
        out.errors
            .iter()
            .map(|e| (e.row, e.field.as_str()))
            .collect::<Vec<_>>(),
        [(2, "MO"), (3, "MO")]
    );

    // Row-major levels: same rows, same reasons.
    let rows = [
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        f64::NAN,
        1.0,
        1.0,
        1.0,
        1.0,
        4.0,
        1.0,
        1.0,
        1.0,
        1.0,
        2.5,
        1.0,
        1.0,
        1.0,
        1.0,
    ];
    let out2 = vs.score_level_rows(&rows, &BatchOptions::coerce()).unwrap();
    assert_eq!(out2.missing, 1);
    assert_eq!(
        out2.errors
            .iter()
            .map(|e| (e.row, e.field.as_str()))
            .collect::<Vec<_>>(),
        [(2, "MO"), (3, "MO")]
    );
    assert_eq!(out2.values[0], 1.0);

    // u8 fast path with invalid levels.
    let mo8 = [1u8, 0, 3, 4];
    let one8 = [1u8; 4];
    let mut buf = [0.0; 4];
    let issues = vs
        .score_levels_into(
            [&mo8, &one8, &one8, &one8, &one8],
            &mut buf,
            &BatchOptions::coerce(),
        )
        .unwrap();
    assert_eq!(
        issues.errors.iter().map(|e| e.row).collect::<Vec<_>>(),
        [1, 3]
    );
    assert!(buf[1].is_nan() && buf[3].is_nan() && buf[0] == 1.0);

    // codes out of range
    let mut buf = [0.0; 3];
    let issues = vs
        .score_codes_into(&[0, 243, 242], &mut buf, &BatchOptions::coerce())
        .unwrap();
    assert_eq!(issues.errors.len(), 1);
    assert_eq!(issues.errors[0].row, 1);
    assert!(
        vs.score_codes_into(&[0, 243], &mut [0.0; 2], &BatchOptions::default())
            .is_err()
    );
}

#[test]
fn rounding_option() {
    let vs = uk3();
    let opts = BatchOptions {
        errors: ErrorMode::Raise,
        decimals: Some(2),
    };
    let out = vs.score_strs(&[Some("11112")], &opts).unwrap();
    assert_eq!(out.values, [0.85]);
}

#[test]
fn lookup_by_id_alias_iso_and_country() {
    assert_eq!(find("Sweden_2022", None).unwrap().id(), "5L_SE_2022");
    assert_eq!(find("SE_2022", None).unwrap().id(), "5L_SE_2022");
    assert_eq!(find("sweden 2020", None).unwrap().id(), "5L_SE_2020");
    assert_eq!(find("UK", Some(Instrument::Eq5d3l)).unwrap().id(), "3L_UK");
    assert_eq!(find("GB", Some(Instrument::Eq5d3l)).unwrap().id(), "3L_UK");
    assert_eq!(find("uk_vas", None).unwrap().id(), "3L_UK_VAS");
    assert_eq!(find("England", None).unwrap().id(), "5L_ENG");
    assert_eq!(find("US", Some(Instrument::Eq5d5l)).unwrap().id(), "5L_US");
    assert_eq!(
        find("Germany", Some(Instrument::Eq5dY3l)).unwrap().id(),
        "Y3L_DE"
    );
    assert_eq!(
        find("de", Some(Instrument::Eq5dY3l)).unwrap().id(),
        "Y3L_DE"
    );
    assert_eq!(find("CW_UK", None).unwrap().id(), "5L_CW_UK");
    match find("UK", None) {
        Err(Error::AmbiguousValueSet { candidates, .. }) => {
            assert_eq!(candidates, ["3L_UK", "5L_UK"])
        }
        other => panic!("{other:?}"),
    }
    match find("SE", Some(Instrument::Eq5d5l)) {
        Err(Error::AmbiguousValueSet { candidates, .. }) => {
            assert_eq!(candidates, ["5L_SE_2020", "5L_SE_2022"])
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        find("Atlantis", None).unwrap_err().kind(),
        "UnknownValueSet"
    );
    assert_eq!(
        find("UK", Some(Instrument::Eq5dY5l)).unwrap_err().kind(),
        "NoValueSets"
    );
    // Every id and every alias resolves to a set, or is ambiguous among sets that list it.
    for vs in catalogue() {
        assert_eq!(find(vs.id(), None).unwrap().id(), vs.id());
        for a in &vs.definition().aliases {
            match find(a, None) {
                Ok(hit) => assert_eq!(hit.id(), vs.id(), "alias {a}"),
                Err(Error::AmbiguousValueSet { candidates, .. }) => {
                    assert!(candidates.iter().any(|c| c == vs.id()))
                }
                Err(e) => panic!("alias {a} of {}: {e}", vs.id()),
            }
        }
    }
}

#[test]
fn catalogue_metadata_is_complete() {
    assert_eq!(value_sets_for(Instrument::Eq5d3l).count(), 33 + 11 + 5);
    assert_eq!(value_sets_for(Instrument::Eq5d5l).count(), 49);
    assert_eq!(value_sets_for(Instrument::Eq5dY3l).count(), 13);
    let mut ids = std::collections::HashSet::new();
    for vs in catalogue() {
        let d = vs.definition();
        assert!(ids.insert(d.id.clone()), "duplicate id {}", d.id);
        assert!(d.country.is_some(), "{}: country", d.id);
        assert!(d.method.is_some(), "{}: method", d.id);
        assert!(
            d.doi.is_some() || d.url.is_some() || d.citation.is_some(),
            "{}: source",
            d.id
        );
        assert!(
            d.id.starts_with(vs.instrument().short_name()),
            "{}: id prefix",
            d.id
        );
        if let Some(iso) = &d.iso {
            assert!(
                iso.len() == 2 && iso.chars().all(|c| c.is_ascii_uppercase()),
                "{}: iso {iso}",
                d.id
            );
        }
        // Full health below 1 is stated in the notes.
        let fh = vs.table()[0];
        if fh < 1.0 && d.kind == groupwell::eq5d::Kind::ValueSet {
            assert!(
                d.notes
                    .iter()
                    .any(|n| n.contains("full health") || n.contains("Full health")),
                "{}: note on 11111 = {fh}",
                d.id
            );
        }
    }
}

#[test]
fn user_defined_sets_are_validated() {
    let header = r#""format": "groupwell-value-set/1", "id": "mine", "instrument": "EQ-5D-3L""#;
    // Missing state in a map table.
    let mut states: Vec<String> = groupwell::eq5d::State::all(Instrument::Eq5d3l)
        .map(|s| format!("\"{s}\": 0.5"))
        .collect();
    states.remove(7);
    let json = format!(
        "{{{header}, \"model\": {{\"type\": \"table\", \"states\": {{{}}}}}}}",
        states.join(",")
    );
    let e = ValueSet::from_json(&json).unwrap_err();
    assert_eq!(e.kind(), "InvalidDefinition");
    assert!(
        e.to_string().contains("1 of 243 states are missing: 11132"),
        "{e}"
    );
    // Duplicate state.
    let mut states: Vec<String> = groupwell::eq5d::State::all(Instrument::Eq5d3l)
        .map(|s| format!("\"{s}\": 0.5"))
        .collect();
    states.push("\"11111\": 1.0".into());
    let json = format!(
        "{{{header}, \"model\": {{\"type\": \"table\", \"states\": {{{}}}}}}}",
        states.join(",")
    );
    let e = ValueSet::from_json(&json).unwrap_err();
    assert!(e.to_string().contains("given twice"), "{e}");
    // NaN through the Rust API, null through JSON.
    let mut pairs: Vec<(String, f64)> = groupwell::eq5d::State::all(Instrument::Eq5d3l)
        .map(|s| (s.to_string(), 0.5))
        .collect();
    pairs[3].1 = f64::NAN;
    let e = ValueSet::from_table("mine", Instrument::Eq5d3l, &pairs).unwrap_err();
    assert!(
        e.to_string().contains("11121") && e.to_string().contains("not a finite number"),
        "{e}"
    );
    pairs[3].1 = 0.5;
    pairs.push(("11111".into(), 1.0));
    assert!(
        ValueSet::from_table("mine", Instrument::Eq5d3l, &pairs)
            .unwrap_err()
            .to_string()
            .contains("given twice")
    );
    let mut values = vec!["0.5"; 243];
    values[10] = "null";
    let json = format!(
        "{{{header}, \"model\": {{\"type\": \"table\", \"values\": [{}]}}}}",
        values.join(",")
    );
    assert!(
        ValueSet::from_json(&json)
            .unwrap_err()
            .to_string()
            .contains("state 11212 has no value")
    );
    // Unknown term, level out of range, unknown field, wrong format, bad JSON.
    for (model, needle) in [
        (
            r#"{"type": "additive", "terms": {"FullHealth": 1, "MO4": -0.1}}"#,
            "MO4",
        ),
        (
            r#"{"type": "additive", "terms": {"FullHealth": 1, "XX2": -0.1}}"#,
            "XX2",
        ),
        (
            r#"{"type": "additive", "terms": {"MO2": -0.1}}"#,
            "FullHealth",
        ),
        (
            r#"{"type": "additive", "terms": {"FullHealth": 1, "N4": -0.1}}"#,
            "N4",
        ),
        (
            r#"{"type": "additive", "terms": {"FullHealth": 1}, "extra": 1}"#,
            "extra",
        ),
    ] {
        let json = format!("{{{header}, \"model\": {model}}}");
        let e = ValueSet::from_json(&json).unwrap_err().to_string();
        assert!(e.contains(needle), "{model}: {e}");
    }
    let e = ValueSet::from_json("{ not json").unwrap_err();
    assert_eq!(e.kind(), "Json");
    // A valid coefficient set (this project's format) scores like the built-in it copies.
    let uk = uk3();
    let mut def = uk.definition().clone();
    def.id = "copy".into();
    let copy = ValueSet::from_definition(def).unwrap();
    assert_eq!(copy.table(), uk.table());
}

#[test]
fn crosswalks_accept_any_set_of_the_right_instrument() {
    // A user-defined 3L set through the 5L→3L crosswalk: a constant set maps to the constant.
    let pairs: Vec<(String, f64)> = groupwell::eq5d::State::all(Instrument::Eq5d3l)
        .map(|s| (s.to_string(), 0.25))
        .collect();
    let flat = ValueSet::from_table("flat", Instrument::Eq5d3l, &pairs).unwrap();
    let xw = crosswalk_5l_to_3l(&flat).unwrap();
    assert!(xw.table().iter().all(|v| (v - 0.25).abs() < 1e-12));
    assert_eq!(
        crosswalk_5l_to_3l(se5()).unwrap_err().kind(),
        "InstrumentMismatch"
    );
    assert_eq!(
        crosswalk_3l_to_5l(uk3()).unwrap_err().kind(),
        "InstrumentMismatch"
    );
    // Probabilities sum to one: a constant 5L set maps to the constant too.
    let pairs: Vec<(String, f64)> = groupwell::eq5d::State::all(Instrument::Eq5d5l)
        .map(|s| (s.to_string(), 0.5))
        .collect();
    let flat5 = ValueSet::from_table("flat5", Instrument::Eq5d5l, &pairs).unwrap();
    assert!(
        crosswalk_3l_to_5l(&flat5)
            .unwrap()
            .table()
            .iter()
            .all(|v| (v - 0.5).abs() < 1e-12)
    );
}

#[test]
fn round_trip_every_builtin_through_json() {
    for vs in catalogue() {
        let back = ValueSet::from_json(&vs.to_json()).unwrap();
        assert_eq!(&back, vs);
        assert_eq!(back.table(), vs.table(), "{}", vs.id());
    }
}

#[test]
fn instrument_mismatch_is_an_error() {
    let s = groupwell::eq5d::State::parse(Instrument::Eq5d5l, "11111").unwrap();
    assert_eq!(uk3().index(&s).unwrap_err().kind(), "InstrumentMismatch");
}

fn instrument() -> impl Strategy<Value = Instrument> {
    prop_oneof![
        Just(Instrument::Eq5d3l),
        Just(Instrument::Eq5d5l),
        Just(Instrument::Eq5dY3l),
        Just(Instrument::Eq5dY5l)
    ]
}

proptest! {
    #[test]
    fn state_parse_format_round_trip(inst in instrument(), levels in proptest::array::uniform5(1u8..=5)) {
        let ok = levels.iter().all(|&l| l <= inst.levels());
        let text: String = levels.iter().map(|l| char::from(b'0' + l)).collect();
        match groupwell::eq5d::State::parse(inst, &text) {
            Ok(s) => {
                prop_assert!(ok);
                prop_assert_eq!(s.to_string(), text.clone());
                prop_assert_eq!(s.levels(), levels);
                prop_assert_eq!(groupwell::eq5d::State::from_number(inst, i64::from(s.number())).unwrap(), s);
            }
            Err(_) => prop_assert!(!ok),
        }
    }

    #[test]
    fn state_code_is_a_bijection(inst in instrument(), code in 0u16..3125) {
        match groupwell::eq5d::State::from_code(inst, code) {
            Ok(s) => {
                prop_assert!(code < inst.states());
                prop_assert_eq!(s.code(), code);
                prop_assert_eq!(groupwell::eq5d::State::new(inst, s.levels()).unwrap(), s);
            }
            Err(_) => prop_assert!(code >= inst.states()),
        }
    }

    #[test]
    fn table_lookup_equals_the_model(set in 0usize..128, code in 0u16..3125) {
        let vs = &catalogue()[set % catalogue().len()];
        let code = code % vs.instrument().states();
        let s = groupwell::eq5d::State::from_code(vs.instrument(), code).unwrap();
        prop_assert_eq!(vs.index(&s).unwrap(), vs.evaluate(&s).unwrap());
    }

    #[test]
    fn fast_state_readers_agree_with_the_parsers(inst in instrument(), n in -1000i64..120_000, s in "[0-9 a]{4,6}") {
        if inst == Instrument::Eq5dY5l { return Ok(()); }
        let fast = groupwell::eq5d::StateCodes::from_numbers(inst, &[n]);
        let slow = groupwell::eq5d::State::from_number(inst, n).map(|st| st.code()).ok();
        prop_assert_eq!(fast.codes[0], slow);
        prop_assert_eq!(fast.errors.len(), usize::from(slow.is_none()));
        let fast = groupwell::eq5d::StateCodes::from_strs(inst, &[Some(s.as_str())]);
        let slow = groupwell::eq5d::State::parse(inst, &s).map(|st| st.code()).ok();
        prop_assert_eq!(fast.codes[0], slow);
        let levels: Vec<f64> = s.bytes().take(5).map(|b| f64::from(b) - 48.0).collect();
        if levels.len() == 5 {
            let arr = [levels[0], levels[1], levels[2], levels[3], levels[4]];
            let one = groupwell::eq5d::ValueSet::get(if inst.levels() == 3 { "3L_UK" } else { "5L_SE_2022" }).unwrap();
            if one.instrument() == inst {
                let fast = one.score_level_rows(&arr, &BatchOptions::coerce()).unwrap().values[0];
                let slow = one.index_levels(arr).unwrap_or(f64::NAN);
                prop_assert!(fast.to_bits() == slow.to_bits() || (fast.is_nan() && slow.is_nan()));
            }
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(s in ".{0,8}") {
        let _ = uk3().index_str(&s);
        let _ = se5().index_str(&s);
        let _ = find(&s, None);
    }

    #[test]
    fn arbitrary_numbers_never_panic(x in proptest::num::f64::ANY, i in any::<i64>()) {
        let _ = se5().index_levels([x, 1.0, 1.0, 1.0, 1.0]);
        let _ = se5().index_number(i);
        let _ = se5().score_codes(&[x], &BatchOptions::coerce());
        let _ = se5().score_numbers(&[i], &BatchOptions::coerce());
        let col = [x, 1.0];
        let _ = se5().score_levels([&col, &col, &col, &col, &col], &BatchOptions::coerce());
        let _ = se5().score_level_rows(&[x, 1.0, 2.0, 3.0, 4.0], &BatchOptions::coerce());
        let icol = [i, 1];
        let _ = se5().score_levels([&icol, &icol, &icol, &icol, &icol], &BatchOptions::coerce());
        let _ = EqVas::new(x);
    }
}

#[test]
fn every_state_every_set_model_equals_table() {
    for vs in catalogue() {
        for s in groupwell::eq5d::State::all(vs.instrument()) {
            assert_eq!(
                vs.index(&s).unwrap(),
                vs.evaluate(&s).unwrap(),
                "{} {s}",
                vs.id()
            );
        }
    }
}

#[test]
fn the_example_user_defined_set_loads() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/custom-value-set-5l.json");
    let vs = ValueSet::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(vs.id(), "demo_5L_additive");
    assert!((vs.index_str("21111").unwrap() - 0.94).abs() < 1e-12);
    assert!(
        (vs.index_str("55555").unwrap() - (1.0 - 0.02 - 0.25 - 0.18 - 0.16 - 0.30 - 0.27 - 0.05))
            .abs()
            < 1e-12
    );
}

#[test]
fn crosswalk_sets_and_user_sets_round_trip_through_json_exactly() {
    let xw = crosswalk_5l_to_3l(uk3()).unwrap();
    let back = ValueSet::from_json(&xw.to_json()).unwrap();
    assert_eq!(back.table(), xw.table());
    assert_eq!(back.id(), xw.id());
    let rxw = crosswalk_3l_to_5l(se5()).unwrap();
    assert_eq!(
        ValueSet::from_json(&rxw.to_json()).unwrap().table(),
        rxw.table()
    );
    // Many-digit coefficients survive exactly.
    let pairs: Vec<(String, f64)> = groupwell::eq5d::State::all(Instrument::Eq5d3l)
        .map(|s| (s.to_string(), 1.0 / (3.0 + f64::from(s.code()))))
        .collect();
    let vs = ValueSet::from_table("thirds", Instrument::Eq5d3l, &pairs).unwrap();
    assert_eq!(
        ValueSet::from_json(&vs.to_json()).unwrap().table(),
        vs.table()
    );
}
