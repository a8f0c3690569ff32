//! wasm-bindgen tests of every export, run under node by `wasm-bindgen-test-runner`:
//! `cargo test --target wasm32-unknown-unknown -p groupwell-wasm`
//! (with `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner`).
#![cfg(target_family = "wasm")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use groupwell::Error;
use groupwell::eq5d::{
    Instrument, Kind, State, ValueSet, catalogue, crosswalk_3l_to_5l, crosswalk_5l_to_3l,
    round_index,
};
use groupwell_wasm as gw;
use js_sys::{Array, Float64Array, Int32Array, Reflect, Uint8Array, Uint16Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

// ---------------------------------------------------------------- helpers

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn string(v: &JsValue, key: &str) -> String {
    get(v, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

fn coerce() -> JsValue {
    json(r#"{"errors": "coerce"}"#)
}

fn none() -> JsValue {
    JsValue::UNDEFINED
}

/// Checks that `e` is a thrown GroupwellError of this kind; returns it.
fn check_error(e: &JsValue, kind: &str) -> JsValue {
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {e:?}");
    assert_eq!(string(e, "name"), "GroupwellError");
    assert_eq!(string(e, "kind"), kind, "message: {}", string(e, "message"));
    assert!(!string(e, "message").is_empty());
    e.clone()
}

fn fails<T: std::fmt::Debug>(r: Result<T, JsValue>, kind: &str) -> JsValue {
    match r {
        Ok(v) => panic!("expected a {kind} error, got {v:?}"),
        Err(e) => check_error(&e, kind),
    }
}

fn f64s(v: &JsValue) -> Vec<f64> {
    v.dyn_ref::<Float64Array>()
        .unwrap_or_else(|| panic!("not a Float64Array: {v:?}"))
        .to_vec()
}

/// `{values, errors, missing}` of a coerce-mode call.
struct Coerced {
    values: Vec<f64>,
    rows: Vec<(usize, String, String)>,
    missing: usize,
}

fn coerced(v: &JsValue) -> Coerced {
    assert!(!v.is_instance_of::<Float64Array>());
    let rows = get(v, "errors")
        .dyn_into::<Array>()
        .unwrap()
        .iter()
        .map(|r| {
            assert!(!string(&r, "message").is_empty());
            (
                get(&r, "row").as_f64().unwrap() as usize,
                string(&r, "field"),
                string(&r, "kind"),
            )
        })
        .collect();
    Coerced {
        values: f64s(&get(v, "values")),
        rows,
        missing: get(v, "missing").as_f64().unwrap() as usize,
    }
}

/// Row numbers listed by a thrown `Rows` error.
fn error_rows(e: &JsValue) -> Vec<usize> {
    check_error(e, "Rows");
    get(e, "rows")
        .dyn_into::<Array>()
        .unwrap()
        .iter()
        .map(|r| get(&r, "row").as_f64().unwrap() as usize)
        .collect()
}

/// NaN exactly at `bad`, the core's value elsewhere.
fn assert_nan_exactly_at(values: &[f64], bad: &[usize]) {
    for (i, v) in values.iter().enumerate() {
        assert_eq!(v.is_nan(), bad.contains(&i), "row {i}: {v}");
    }
}

fn same_bits(a: &[f64], b: &[f64], label: &str) {
    assert_eq!(a.len(), b.len(), "{label}: length");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(
            x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
            "{label}: state #{i}: {x} vs {y}"
        );
    }
}

fn builtin(id: &str) -> &'static ValueSet {
    catalogue().iter().find(|v| v.id() == id).unwrap()
}

fn all_states(instrument: Instrument) -> Vec<State> {
    State::all(instrument).collect()
}

// ---------------------------------------------------------------- metadata

#[wasm_bindgen_test]
fn version_and_error_kinds() {
    assert_eq!(gw::version(), env!("CARGO_PKG_VERSION"));
    let kinds = gw::error_kinds();
    assert_eq!(kinds, Error::KINDS);
    for k in Error::KINDS {
        assert!(
            gw::TYPESCRIPT_DECLARATIONS.contains(&format!("| \"{k}\"")),
            "ErrorKind in the .d.ts lacks {k}"
        );
    }
}

#[wasm_bindgen_test]
fn value_sets_lists_the_catalogue_as_plain_objects() {
    let list: Array = gw::value_sets().unwrap().dyn_into().unwrap();
    assert_eq!(list.length() as usize, catalogue().len());
    assert_eq!(list.length(), 128);
    let mut national = 0;
    for (info, vs) in list.iter().zip(catalogue()) {
        let d = vs.definition();
        assert_eq!(
            js_sys::Object::get_prototype_of(&info),
            js_sys::Object::get_prototype_of(&js_sys::Object::new().into()),
            "not a plain object"
        );
        assert_eq!(string(&info, "id"), vs.id());
        assert_eq!(string(&info, "instrument"), vs.instrument().name());
        assert_eq!(get(&info, "name").as_string(), d.name);
        assert_eq!(get(&info, "country").as_string(), d.country);
        assert_eq!(get(&info, "iso").as_string(), d.iso);
        assert_eq!(
            get(&info, "method").as_string(),
            d.method.map(|m| m.name().to_string())
        );
        assert_eq!(get(&info, "methodDetail").as_string(), d.method_detail);
        assert_eq!(get(&info, "doi").as_string(), d.doi);
        assert_eq!(get(&info, "url").as_string(), d.url);
        assert_eq!(get(&info, "citation").as_string(), d.citation);
        assert_eq!(
            get(&info, "year").as_f64(),
            d.year.map(f64::from),
            "{}",
            vs.id()
        );
        for key in [
            "name",
            "country",
            "iso",
            "method",
            "methodDetail",
            "year",
            "doi",
            "url",
        ] {
            let v = get(&info, key);
            assert!(
                !v.is_undefined(),
                "{key} is undefined (absent values are null)"
            );
        }
        let aliases: Vec<String> = get(&info, "aliases")
            .dyn_into::<Array>()
            .unwrap()
            .iter()
            .map(|a| a.as_string().unwrap())
            .collect();
        assert_eq!(aliases, d.aliases);
        assert_eq!(
            get(&info, "notes").dyn_into::<Array>().unwrap().length() as usize,
            d.notes.len()
        );
        assert_eq!(get(&info, "builtIn").as_bool(), Some(true));
        let kind = string(&info, "kind");
        match d.kind {
            Kind::ValueSet => {
                national += 1;
                assert_eq!(kind, "value_set");
            }
            Kind::Crosswalk => assert_eq!(kind, "crosswalk"),
            Kind::ReverseCrosswalk => assert_eq!(kind, "reverse_crosswalk"),
        }
        assert!(
            ["additive", "multiplicative", "power", "table"]
                .contains(&string(&info, "model").as_str())
        );
    }
    assert_eq!(national, 111);
}

#[wasm_bindgen_test]
fn find_value_set_by_names() {
    let info = gw::find_value_set("Sweden_2022", None).unwrap();
    assert_eq!(string(&info.js_value(), "id"), "5L_SE_2022");
    let info = gw::find_value_set("se 2022", None).unwrap();
    assert_eq!(string(&info.js_value(), "id"), "5L_SE_2022");
    let info = gw::find_value_set("UK", Some("5L".into())).unwrap();
    assert_eq!(string(&info.js_value(), "id"), "5L_UK");
    let info = gw::find_value_set("UK", Some("EQ-5D-3L".into())).unwrap();
    assert_eq!(string(&info.js_value(), "id"), "3L_UK");

    let e = fails(gw::find_value_set("UK", None), "AmbiguousValueSet");
    let candidates: Vec<String> = get(&e, "candidates")
        .dyn_into::<Array>()
        .unwrap()
        .iter()
        .map(|c| c.as_string().unwrap())
        .collect();
    assert!(candidates.contains(&"3L_UK".to_string()) && candidates.contains(&"5L_UK".into()));

    let e = fails(gw::find_value_set("Atlantis", None), "UnknownValueSet");
    assert!(get(&e, "suggestions").is_instance_of::<Array>());
    let e = fails(gw::find_value_set("Swede", None), "UnknownValueSet");
    assert!(get(&e, "suggestions").dyn_into::<Array>().unwrap().length() > 0);
    fails(gw::find_value_set("", None), "UnknownValueSet");
    fails(
        gw::find_value_set("UK", Some("4L".into())),
        "InvalidArgument",
    );
    fails(gw::find_value_set("UK", Some("Y5L".into())), "NoValueSets");
}

// ---------------------------------------------------------------- one state

#[wasm_bindgen_test]
fn index_of_one_state() {
    assert_eq!(gw::index("3L_UK", "11223".into()).unwrap(), 0.255);
    assert_eq!(
        gw::index("3L_UK", JsValue::from_f64(11223.0)).unwrap(),
        0.255
    );
    assert_eq!(gw::index("3l uk", "11111".into()).unwrap(), 1.0);
    assert_eq!(
        gw::index("5L_SE_2022", "12345".into()).unwrap(),
        builtin("5L_SE_2022").index_str("12345").unwrap()
    );
    // Every state of a few sets, as string and as number, equals the core bit for bit.
    for id in ["3L_UK", "5L_UK", "Y3L_DE", "5L_CA"] {
        let vs = builtin(id);
        for s in all_states(vs.instrument()) {
            let want = vs.index(&s).unwrap();
            let a = gw::index(id, s.to_string().into()).unwrap();
            let b = gw::index(id, JsValue::from_f64(f64::from(s.number()))).unwrap();
            assert_eq!(a.to_bits(), want.to_bits(), "{id} {s}");
            assert_eq!(b.to_bits(), want.to_bits(), "{id} {s}");
        }
    }
    // A NaN number is missing, as in the batch calls.
    assert!(
        gw::index("3L_UK", JsValue::from_f64(f64::NAN))
            .unwrap()
            .is_nan()
    );
}

#[wasm_bindgen_test]
fn index_rejects_bad_states() {
    for bad in [
        "", "1234", "123456", " 12345", "12345 ", "abcde", "1 111", "-1111", "1111٣",
    ] {
        fails(gw::index("3L_UK", bad.into()), "InvalidState");
        fails(gw::index("5L_UK", bad.into()), "InvalidState");
    }
    for bad in ["11114", "41111", "01111", "11110"] {
        fails(gw::index("3L_UK", bad.into()), "InvalidLevel");
    }
    for bad in ["11116", "61111", "01111", "99999"] {
        fails(gw::index("5L_UK", bad.into()), "InvalidLevel");
    }
    for bad in [
        1234.0,
        123456.0,
        -11111.0,
        11111.5,
        f64::INFINITY,
        0.0,
        1e300,
    ] {
        fails(gw::index("3L_UK", JsValue::from_f64(bad)), "InvalidState");
    }
    fails(
        gw::index("3L_UK", JsValue::from_f64(11114.0)),
        "InvalidLevel",
    );
    fails(
        gw::index("5L_UK", JsValue::from_f64(11116.0)),
        "InvalidLevel",
    );
    for bad in [
        JsValue::NULL,
        JsValue::UNDEFINED,
        JsValue::TRUE,
        Array::new().into(),
    ] {
        fails(gw::index("3L_UK", bad), "InvalidArgument");
    }
    fails(gw::index("Atlantis", "11111".into()), "UnknownValueSet");
    fails(gw::index("UK", "11111".into()), "AmbiguousValueSet");
    fails(gw::index("", "11111".into()), "UnknownValueSet");
}

// ---------------------------------------------------------------- batches: every state

#[wasm_bindgen_test]
fn batches_equal_the_core_table_for_every_set_and_state() {
    for vs in catalogue() {
        let id = vs.id();
        let states = all_states(vs.instrument());
        let table = vs.table();

        let codes: Vec<u16> = states.iter().map(State::code).collect();
        let out = gw::index_codes(id, Uint16Array::from(codes.as_slice()).into(), none()).unwrap();
        same_bits(&f64s(&out), table, &format!("{id} codes"));

        let levels: Vec<u8> = states.iter().flat_map(|s| s.levels()).collect();
        let out = gw::index_levels(id, Uint8Array::from(levels.as_slice()).into(), none()).unwrap();
        same_bits(&f64s(&out), table, &format!("{id} levels"));

        let numbers: Vec<i32> = states.iter().map(|s| s.number() as i32).collect();
        let out =
            gw::index_states(id, Int32Array::from(numbers.as_slice()).into(), none()).unwrap();
        same_bits(&f64s(&out), table, &format!("{id} states"));

        let strings: Array = states
            .iter()
            .map(|s| JsValue::from(s.to_string()))
            .collect();
        let out = gw::index_strings(id, strings.into(), none()).unwrap();
        same_bits(&f64s(&out), table, &format!("{id} strings"));

        let out = gw::value_set_table(id).unwrap();
        same_bits(&out.to_vec(), table, &format!("{id} table"));
        assert_eq!(out.length(), u32::from(vs.instrument().states()));
    }
}

#[wasm_bindgen_test]
fn float64_inputs_are_accepted_with_nan_as_missing() {
    let vs = builtin("3L_UK");
    let t = vs.table();
    let codes = Float64Array::from([0.0, f64::NAN, 242.0, 1.5, 243.0, -1.0].as_slice());
    let out = coerced(&gw::index_codes("3L_UK", codes.into(), coerce()).unwrap());
    assert_nan_exactly_at(&out.values, &[1, 3, 4, 5]);
    assert_eq!((out.values[0], out.values[2]), (t[0], t[242]));
    assert_eq!(out.missing, 1);
    assert_eq!(out.rows.iter().map(|r| r.0).collect::<Vec<_>>(), [3, 4, 5]);
    assert!(
        out.rows
            .iter()
            .all(|r| r.1 == "code" && r.2 == "InvalidStateCode")
    );

    let levels = Float64Array::from(
        [
            1.0,
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
            2.5,
            1.0,
            1.0,
            1.0,
        ]
        .as_slice(),
    );
    let out = coerced(&gw::index_levels("3L_UK", levels.into(), coerce()).unwrap());
    assert_nan_exactly_at(&out.values, &[1, 2]);
    assert_eq!(out.missing, 1);
    assert_eq!(
        out.rows,
        [(2, "SC".to_string(), "InvalidLevel".to_string())]
    );

    let states = Float64Array::from([11111.0, f64::NAN, 11111.5, 33333.0].as_slice());
    let out = coerced(&gw::index_states("3L_UK", states.into(), coerce()).unwrap());
    assert_nan_exactly_at(&out.values, &[1, 2]);
    assert_eq!(out.missing, 1);
    assert_eq!(out.rows.iter().map(|r| r.0).collect::<Vec<_>>(), [2]);
    assert_eq!(out.values[3], t[242]);
}

// ---------------------------------------------------------------- batches: bad rows

#[wasm_bindgen_test]
fn bad_codes_raise_or_coerce() {
    let codes = Uint16Array::from([0u16, 243, 242, 3124, 3125, u16::MAX].as_slice());
    let e = gw::index_codes("3L_UK", codes.clone().into(), none()).unwrap_err();
    assert_eq!(error_rows(&e), [1, 3, 4, 5]);
    let out = coerced(&gw::index_codes("3L_UK", codes.clone().into(), coerce()).unwrap());
    assert_nan_exactly_at(&out.values, &[1, 3, 4, 5]);
    assert_eq!(out.missing, 0);
    let out = coerced(&gw::index_codes("5L_UK", codes.into(), coerce()).unwrap());
    assert_nan_exactly_at(&out.values, &[4, 5]);
    assert_eq!(out.rows.iter().map(|r| r.0).collect::<Vec<_>>(), [4, 5]);
}

#[wasm_bindgen_test]
fn bad_levels_raise_or_coerce() {
    #[rustfmt::skip]
    let rows3: [[u8; 5]; 6] = [
        [1, 1, 1, 1, 1],
        [0, 1, 1, 1, 1], // level 0
        [1, 2, 3, 2, 1],
        [1, 1, 1, 1, 4], // 4 is not a 3L level
        [3, 3, 3, 3, 3],
        [6, 1, 1, 1, 9], // two bad fields in one row
    ];
    let flat: Vec<u8> = rows3.iter().flatten().copied().collect();
    let e =
        gw::index_levels("3L_UK", Uint8Array::from(flat.as_slice()).into(), none()).unwrap_err();
    assert_eq!(error_rows(&e), [1, 3, 5, 5]);
    let out = coerced(
        &gw::index_levels("3L_UK", Uint8Array::from(flat.as_slice()).into(), coerce()).unwrap(),
    );
    assert_nan_exactly_at(&out.values, &[1, 3, 5]);
    assert_eq!(
        out.rows,
        [
            (1, "MO".to_string(), "InvalidLevel".to_string()),
            (3, "AD".into(), "InvalidLevel".into()),
            (5, "MO".into(), "InvalidLevel".into()),
            (5, "AD".into(), "InvalidLevel".into()),
        ]
    );
    let vs = builtin("3L_UK");
    assert_eq!(out.values[2], vs.index_str("12321").unwrap());

    #[rustfmt::skip]
    let rows5: [[u8; 5]; 4] = [
        [5, 5, 5, 5, 5],
        [1, 1, 6, 1, 1], // 6 is not a 5L level
        [1, 1, 1, 1, 0], // level 0
        [4, 4, 4, 4, 4],
    ];
    let flat: Vec<u8> = rows5.iter().flatten().copied().collect();
    let e =
        gw::index_levels("5L_UK", Uint8Array::from(flat.as_slice()).into(), none()).unwrap_err();
    assert_eq!(error_rows(&e), [1, 2]);
    let out = coerced(
        &gw::index_levels("5L_UK", Uint8Array::from(flat.as_slice()).into(), coerce()).unwrap(),
    );
    assert_nan_exactly_at(&out.values, &[1, 2]);
    assert_eq!(out.rows[0].1, "UA");
    assert_eq!(out.rows[1].1, "AD");

    // The length must be a whole number of rows.
    let e = fails(
        gw::index_levels(
            "5L_UK",
            Uint8Array::from([1u8; 7].as_slice()).into(),
            none(),
        ),
        "InvalidArgument",
    );
    assert!(string(&e, "message").contains("divisible by 5"));
}

#[wasm_bindgen_test]
fn bad_states_raise_or_coerce() {
    let numbers =
        Int32Array::from([11111, 1234, 123456, 11114, 0, -11111, 33333, i32::MAX].as_slice());
    let e = gw::index_states("3L_UK", numbers.clone().into(), none()).unwrap_err();
    assert_eq!(error_rows(&e), [1, 2, 3, 4, 5, 7]);
    let out = coerced(&gw::index_states("3L_UK", numbers.into(), coerce()).unwrap());
    assert_nan_exactly_at(&out.values, &[1, 2, 3, 4, 5, 7]);
    assert!(out.rows.iter().all(|r| r.1 == "state"));
    assert_eq!(out.rows[2].2, "InvalidLevel");
    assert_eq!(out.rows[0].2, "InvalidState");
}

#[wasm_bindgen_test]
fn bad_strings_raise_or_coerce() {
    let items: Array = [
        JsValue::from("11111"),
        JsValue::from(""),
        JsValue::from("1234"),
        JsValue::from("123456"),
        JsValue::from(" 12345"),
        JsValue::from("abcde"),
        JsValue::NULL,
        JsValue::from("11114"),
        JsValue::UNDEFINED,
        JsValue::from("33333"),
        JsValue::from_f64(11223.0), // a number reads as its digits
        JsValue::TRUE,
        JsValue::from_f64(f64::NAN), // missing
    ]
    .into_iter()
    .collect();
    let bad = [1, 2, 3, 4, 5, 7, 11];
    let e = gw::index_strings("3L_UK", items.clone().into(), none()).unwrap_err();
    assert_eq!(error_rows(&e), bad);
    let out = coerced(&gw::index_strings("3L_UK", items.clone().into(), coerce()).unwrap());
    assert_nan_exactly_at(&out.values, &[1, 2, 3, 4, 5, 6, 7, 8, 11, 12]);
    assert_eq!(out.missing, 3);
    assert_eq!(out.rows.iter().map(|r| r.0).collect::<Vec<_>>(), bad);
    assert!(out.rows.iter().all(|r| r.1 == "state"));
    assert_eq!(out.values[10], 0.255);
    // The message lists the first rows and the count.
    assert!(string(&e, "message").starts_with("7 invalid rows"));

    // A sparse array's holes are missing.
    let sparse = Array::new_with_length(3);
    sparse.set(1, "11111".into());
    let out = coerced(&gw::index_strings("3L_UK", sparse.into(), coerce()).unwrap());
    assert_nan_exactly_at(&out.values, &[0, 2]);
    assert_eq!(out.missing, 2);
}

#[wasm_bindgen_test]
fn wrong_input_types_are_invalid_arguments() {
    let plain: JsValue = Array::of2(&1.into(), &2.into()).into();
    for v in [
        plain.clone(),
        JsValue::NULL,
        "11111".into(),
        Int32Array::new_with_length(2).into(),
    ] {
        fails(gw::index_codes("3L_UK", v, none()), "InvalidArgument");
    }
    for v in [
        plain.clone(),
        JsValue::UNDEFINED,
        Uint16Array::new_with_length(5).into(),
    ] {
        fails(gw::index_levels("3L_UK", v, none()), "InvalidArgument");
    }
    for v in [
        plain,
        JsValue::from_f64(11111.0),
        Uint16Array::new_with_length(1).into(),
    ] {
        fails(gw::index_states("3L_UK", v, none()), "InvalidArgument");
    }
    for v in [
        JsValue::from("11111"),
        JsValue::NULL,
        Uint16Array::new_with_length(1).into(),
    ] {
        fails(gw::index_strings("3L_UK", v, none()), "InvalidArgument");
    }
    // The value set is checked too.
    let empty = || Uint16Array::new_with_length(0).into();
    fails(
        gw::index_codes("Atlantis", empty(), none()),
        "UnknownValueSet",
    );
    fails(gw::index_codes("SE", empty(), none()), "AmbiguousValueSet");
    fails(
        gw::index_levels("Atlantis", Uint8Array::new_with_length(0).into(), none()),
        "UnknownValueSet",
    );
    fails(
        gw::index_states("UK", Int32Array::new_with_length(0).into(), none()),
        "AmbiguousValueSet",
    );
    fails(
        gw::index_strings("Atlantis", Array::new().into(), none()),
        "UnknownValueSet",
    );
    fails(gw::value_set_table("Atlantis"), "UnknownValueSet");
    fails(gw::value_set_table("UK"), "AmbiguousValueSet");
}

#[wasm_bindgen_test]
fn empty_batches_give_empty_arrays() {
    let out = gw::index_codes("5L_UK", Uint16Array::new_with_length(0).into(), none()).unwrap();
    assert_eq!(f64s(&out).len(), 0);
    let out = gw::index_levels("5L_UK", Uint8Array::new_with_length(0).into(), none()).unwrap();
    assert_eq!(f64s(&out).len(), 0);
    let out = gw::index_states("5L_UK", Int32Array::new_with_length(0).into(), coerce()).unwrap();
    let out = coerced(&out);
    assert_eq!((out.values.len(), out.rows.len(), out.missing), (0, 0, 0));
    let out = gw::index_strings("5L_UK", Array::new().into(), none()).unwrap();
    assert_eq!(f64s(&out).len(), 0);
}

// ---------------------------------------------------------------- options

#[wasm_bindgen_test]
fn options_decimals_and_validation() {
    let vs = builtin("5L_UK");
    let codes: Vec<u16> = (0..3125).collect();
    let out = gw::index_codes(
        "5L_UK",
        Uint16Array::from(codes.as_slice()).into(),
        json(r#"{"decimals": 3}"#),
    )
    .unwrap();
    let want: Vec<f64> = vs.table().iter().map(|v| round_index(*v, 3)).collect();
    same_bits(&f64s(&out), &want, "decimals 3");
    let out = gw::index_strings(
        "3L_UK",
        Array::of2(&"11223".into(), &"nope".into()).into(),
        json(r#"{"errors": "coerce", "decimals": 1}"#),
    )
    .unwrap();
    let out = coerced(&out);
    assert_eq!(out.values[0], 0.3);
    assert!(out.values[1].is_nan());
    // null and undefined options and fields mean the defaults.
    for o in [
        JsValue::NULL,
        JsValue::UNDEFINED,
        json("{}"),
        json(r#"{"errors": null, "decimals": null}"#),
    ] {
        let out = gw::index_codes("3L_UK", Uint16Array::from([0u16].as_slice()).into(), o).unwrap();
        assert_eq!(f64s(&out), [1.0]);
    }
    let raise = gw::index_codes(
        "3L_UK",
        Uint16Array::from([0u16].as_slice()).into(),
        json(r#"{"errors": "RAISE"}"#),
    )
    .unwrap();
    assert!(raise.is_instance_of::<Float64Array>());

    let one = || -> JsValue { Uint16Array::from([0u16].as_slice()).into() };
    for bad in [
        r#"{"decimals": 11}"#,
        r#"{"decimals": -1}"#,
        r#"{"decimals": 2.5}"#,
        r#"{"decimals": "3"}"#,
        r#"{"errors": "ignore"}"#,
        r#"{"errors": 1}"#,
        r#"{"error": "coerce"}"#,
        r#"[]"#,
        r#""coerce""#,
        r#"3"#,
    ] {
        fails(
            gw::index_codes("3L_UK", one(), json(bad)),
            "InvalidArgument",
        );
    }
}

// ---------------------------------------------------------------- user-defined sets

const MY_5L: &str = r#"{
  "format": "groupwell-value-set/1",
  "id": "my_5L",
  "instrument": "EQ-5D-5L",
  "name": "Mine",
  "model": {"type": "additive", "terms": {"FullHealth": 1, "Constant": -0.05,
     "MO2": -0.05, "MO3": -0.1, "MO4": -0.2, "MO5": -0.3,
     "SC2": -0.05, "SC3": -0.1, "SC4": -0.2, "SC5": -0.3,
     "UA2": -0.05, "UA3": -0.1, "UA4": -0.2, "UA5": -0.3,
     "PD2": -0.05, "PD3": -0.1, "PD4": -0.2, "PD5": -0.3,
     "AD2": -0.05, "AD3": -0.1, "AD4": -0.2, "AD5": -0.3}}
}"#;

#[wasm_bindgen_test]
fn register_use_and_unregister_a_value_set() {
    let core = ValueSet::from_json(MY_5L).unwrap();
    assert_eq!(gw::register_value_set(MY_5L.into()).unwrap(), "my_5L");
    assert!((gw::index("my_5L", "21111".into()).unwrap() - 0.9).abs() < 1e-12);
    let out = gw::index_codes(
        "my_5L",
        Uint16Array::from((0..3125u16).collect::<Vec<_>>().as_slice()).into(),
        none(),
    )
    .unwrap();
    same_bits(&f64s(&out), core.table(), "my_5L");
    same_bits(
        &gw::value_set_table("my_5L").unwrap().to_vec(),
        core.table(),
        "my_5L table",
    );

    let info = gw::find_value_set("my_5L", None).unwrap().js_value();
    assert_eq!(get(&info, "builtIn").as_bool(), Some(false));
    assert_eq!(string(&info, "name"), "Mine");
    assert_eq!(string(&info, "model"), "additive");
    // An instrument filter that does not fit skips the registered set.
    fails(
        gw::find_value_set("my_5L", Some("3L".into())),
        "UnknownValueSet",
    );
    let registered: Array = gw::registered_value_sets().unwrap().dyn_into().unwrap();
    assert!(registered.iter().any(|i| string(&i, "id") == "my_5L"));

    // As an object; registering again replaces the set.
    let obj = json(&MY_5L.replace("\"FullHealth\": 1", "\"FullHealth\": 0.9"));
    assert_eq!(gw::register_value_set(obj).unwrap(), "my_5L");
    assert!((gw::index("my_5L", "11111".into()).unwrap() - 0.9).abs() < 1e-12);

    assert!(gw::unregister_value_set("my_5L"));
    assert!(!gw::unregister_value_set("my_5L"));
    assert!(!gw::unregister_value_set("3L_UK"));
    fails(gw::index("my_5L", "11111".into()), "UnknownValueSet");
    assert_eq!(gw::index("3L_UK", "11111".into()).unwrap(), 1.0);
}

#[wasm_bindgen_test]
fn register_rejects_bad_definitions() {
    fails(gw::register_value_set("{".into()), "Json");
    fails(gw::register_value_set("".into()), "Json");
    fails(gw::register_value_set("[]".into()), "Json");
    fails(
        gw::register_value_set(MY_5L.replace("\"id\": \"my_5L\",", "").into()),
        "Json",
    );
    fails(
        gw::register_value_set(MY_5L.replace("groupwell-value-set/1", "other/9").into()),
        "InvalidDefinition",
    );
    fails(
        gw::register_value_set(MY_5L.replace("\"MO2\": -0.05,", "\"MO6\": -0.05,").into()),
        "InvalidDefinition",
    );
    fails(
        gw::register_value_set(MY_5L.replace("EQ-5D-5L", "EQ-5D-Y-5L").into()),
        "NoValueSets",
    );
    // Ids that already name built-in sets (by id, alias or several sets).
    for taken in ["3L_UK", "5l se 2022", "Sweden_2022", "UK"] {
        let json = MY_5L.replace("\"id\": \"my_5L\"", &format!("\"id\": \"{taken}\""));
        fails(gw::register_value_set(json.into()), "InvalidDefinition");
    }
    for bad in [
        JsValue::NULL,
        JsValue::UNDEFINED,
        JsValue::from_f64(1.0),
        JsValue::TRUE,
    ] {
        fails(gw::register_value_set(bad), "InvalidArgument");
    }
    // The failed registrations left nothing behind, and built-in sets still answer.
    assert_eq!(gw::index("3L_UK", "11111".into()).unwrap(), 1.0);
    assert_eq!(gw::index("Sweden_2022", "11111".into()).unwrap(), 1.0);
}

#[wasm_bindgen_test]
fn crosswalks_register_derived_sets() {
    let id = gw::crosswalk_5l_to_3l_js("3L_UK").unwrap();
    assert_eq!(id, "XW(3L_UK)");
    let core = crosswalk_5l_to_3l(builtin("3L_UK")).unwrap();
    same_bits(
        &gw::value_set_table(&id).unwrap().to_vec(),
        core.table(),
        "XW(3L_UK)",
    );
    assert_eq!(
        gw::index(&id, "55555".into()).unwrap(),
        core.index_str("55555").unwrap()
    );
    let info = gw::find_value_set(&id, None).unwrap().js_value();
    assert_eq!(string(&info, "kind"), "crosswalk");
    assert_eq!(string(&info, "instrument"), "EQ-5D-5L");
    assert_eq!(string(&info, "method"), "crosswalk");

    let id = gw::crosswalk_3l_to_5l_js("Sweden_2022").unwrap();
    assert_eq!(id, "RXW(5L_SE_2022)");
    let core = crosswalk_3l_to_5l(builtin("5L_SE_2022")).unwrap();
    same_bits(
        &gw::value_set_table(&id).unwrap().to_vec(),
        core.table(),
        "RXW",
    );
    let info = gw::find_value_set(&id, None).unwrap().js_value();
    assert_eq!(string(&info, "kind"), "reverse_crosswalk");

    // Of a registered set too.
    gw::register_value_set(MY_5L.into()).unwrap();
    assert_eq!(gw::crosswalk_3l_to_5l_js("my_5L").unwrap(), "RXW(my_5L)");
    assert!(gw::index("RXW(my_5L)", "11111".into()).unwrap() < 1.0);

    fails(gw::crosswalk_5l_to_3l_js("5L_UK"), "InstrumentMismatch");
    fails(gw::crosswalk_3l_to_5l_js("3L_UK"), "InstrumentMismatch");
    fails(gw::crosswalk_5l_to_3l_js("UK"), "AmbiguousValueSet");
    fails(gw::crosswalk_3l_to_5l_js("Atlantis"), "UnknownValueSet");
}

// ---------------------------------------------------------------- robustness

/// A deterministic stream of awkward inputs: nothing may panic (a panic would abort the
/// instance and fail every later test), and coerce mode must mark exactly the rows the core
/// marks.
#[wasm_bindgen_test]
fn arbitrary_inputs_never_panic() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for id in ["3L_UK", "5L_UK", "Y3L_DE", "5L_CW_UK"] {
        let vs = builtin(id);
        let codes: Vec<u16> = (0..2000).map(|_| (next() % 4000) as u16).collect();
        let out = coerced(
            &gw::index_codes(id, Uint16Array::from(codes.as_slice()).into(), coerce()).unwrap(),
        );
        let want = vs
            .score_codes(&codes, &groupwell::eq5d::BatchOptions::coerce())
            .unwrap();
        same_bits(&out.values, &want.values, id);
        assert_eq!(out.rows.len(), want.errors.len());

        let levels: Vec<u8> = (0..5000).map(|_| (next() % 8) as u8).collect();
        let out = coerced(
            &gw::index_levels(id, Uint8Array::from(levels.as_slice()).into(), coerce()).unwrap(),
        );
        assert_eq!(out.values.len(), 1000);
        for (row, chunk) in levels.chunks(5).enumerate() {
            let bad = chunk
                .iter()
                .any(|&l| l == 0 || l > vs.instrument().levels());
            assert_eq!(out.values[row].is_nan(), bad, "{id} row {row}");
        }

        let numbers: Vec<i32> = (0..2000).map(|_| next() as i32 % 120_000).collect();
        let out = coerced(
            &gw::index_states(id, Int32Array::from(numbers.as_slice()).into(), coerce()).unwrap(),
        );
        let want = vs
            .score_numbers(&numbers, &groupwell::eq5d::BatchOptions::coerce())
            .unwrap();
        same_bits(&out.values, &want.values, id);

        let strings: Array = (0..500)
            .map(|_| {
                let len = (next() % 8) as usize;
                let s: String = (0..len)
                    .map(|_| char::from_u32((next() % 0x80) as u32 + 0x20).unwrap_or('?'))
                    .collect();
                JsValue::from(s)
            })
            .collect();
        gw::index_strings(id, strings.into(), coerce()).unwrap();
        for _ in 0..200 {
            let n = next();
            let s = format!("{}", n % 100_000);
            let _ = gw::index(id, s.into());
            let _ = gw::index(id, JsValue::from_f64(f64::from_bits(n)));
        }
    }
    // Still alive and correct after all that.
    assert_eq!(gw::index("3L_UK", "11111".into()).unwrap(), 1.0);
}
