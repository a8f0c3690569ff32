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

/// `indexCodes` over several of the binding's chunks (32,768 codes), and `indexCodesInto` into
/// a buffer of the caller: the core's values, every bad row wherever it is.
#[wasm_bindgen_test]
fn codes_in_chunks_and_into_a_buffer() {
    let vs = ValueSet::get("5L_UK").unwrap();
    let t = vs.table();
    let n = 100_003usize;
    let mut codes: Vec<u16> = (0..n).map(|i| ((i * 7919) % 3125) as u16).collect();
    let expected: Vec<f64> = codes.iter().map(|&c| t[usize::from(c)]).collect();
    let js = Uint16Array::from(codes.as_slice());
    assert_eq!(
        f64s(&gw::index_codes("5L_UK", js.clone().into(), none()).unwrap()),
        expected
    );
    let out = Float64Array::new_with_length(n as u32);
    let r = gw::index_codes_into("5L_UK", js.into(), out.clone().into(), none()).unwrap();
    assert!(js_sys::Object::is(&r, &out));
    assert_eq!(out.to_vec(), expected);

    codes[40_000] = 3125;
    codes[n - 1] = u16::MAX;
    let js = Uint16Array::from(codes.as_slice());
    let e = gw::index_codes("5L_UK", js.clone().into(), none()).unwrap_err();
    assert_eq!(error_rows(&e), [40_000, n - 1]);
    let e =
        gw::index_codes_into("5L_UK", js.clone().into(), out.clone().into(), none()).unwrap_err();
    assert_eq!(error_rows(&e), [40_000, n - 1]);
    let c =
        coerced(&gw::index_codes_into("5L_UK", js.into(), out.clone().into(), coerce()).unwrap());
    assert_eq!(
        c.rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        [40_000, n - 1]
    );
    let values = out.to_vec();
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&c.values), bits(&values));
    for (i, (v, x)) in values.iter().zip(&expected).enumerate() {
        if i == 40_000 || i == n - 1 {
            assert!(v.is_nan(), "row {i}");
        } else {
            assert_eq!(v, x, "row {i}");
        }
    }

    // Bad arguments leave the buffer as it was.
    let small = Float64Array::from([7.0, 7.0].as_slice());
    let three = || -> JsValue { Uint16Array::new_with_length(3).into() };
    fails(
        gw::index_codes_into("5L_UK", three(), small.clone().into(), none()),
        "InvalidArgument",
    );
    assert_eq!(small.to_vec(), [7.0, 7.0]);
    fails(
        gw::index_codes_into("5L_UK", three(), JsValue::NULL, none()),
        "InvalidArgument",
    );
    fails(
        gw::index_codes_into("5L_UK", Array::new().into(), small.into(), none()),
        "InvalidArgument",
    );
    fails(
        gw::index_codes_into(
            "Atlantis",
            three(),
            Float64Array::new_with_length(3).into(),
            none(),
        ),
        "UnknownValueSet",
    );
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

// ---------------------------------------------------------------- profile analyses

mod analysis {
    use super::*;
    use groupwell::eq5d::analysis as ana;
    use groupwell::eq5d::{Dimension, StateCodes};
    use groupwell::stats::{Summary, summary_by_group};

    const DIMS: [&str; 5] = ["MO", "SC", "UA", "PD", "AD"];

    /// A plain object from `(key, value)` pairs.
    fn obj(fields: &[(&str, JsValue)]) -> JsValue {
        let o = js_sys::Object::new();
        for (k, v) in fields {
            Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
        }
        o.into()
    }

    fn strs(states: &[Option<&str>]) -> JsValue {
        states
            .iter()
            .map(|s| s.map_or(JsValue::NULL, JsValue::from_str))
            .collect::<Array>()
            .into()
    }

    fn texts(labels: &[&str]) -> JsValue {
        labels
            .iter()
            .map(|s| JsValue::from_str(s))
            .collect::<Array>()
            .into()
    }

    fn num(v: &JsValue, key: &str) -> f64 {
        get(v, key)
            .as_f64()
            .unwrap_or_else(|| panic!("{key} is not a number"))
    }

    fn usize_of(v: &JsValue, key: &str) -> usize {
        num(v, key) as usize
    }

    fn array(v: &JsValue) -> Array {
        v.clone().dyn_into::<Array>().unwrap()
    }

    fn same(a: f64, b: f64, label: &str) {
        assert!(
            a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            "{label}: {a} vs {b}"
        );
    }

    fn is_plain(v: &JsValue) -> bool {
        js_sys::Object::get_prototype_of(v)
            == js_sys::Object::get_prototype_of(&js_sys::Object::new().into())
    }

    const PRE: [Option<&str>; 6] = [
        Some("21111"),
        Some("11111"),
        Some("33333"),
        None,
        Some("12345"),
        Some("22222"),
    ];
    const POST: [Option<&str>; 6] = [
        Some("11111"),
        Some("11111"),
        Some("32333"),
        Some("21111"),
        Some("22121"),
        Some("11111"),
    ];
    const PRE_IDS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];
    // Follow-up in another order; "g" has no baseline, "d" and "e" have no valid baseline, "f"
    // no follow-up.
    const POST_IDS: [&str; 6] = ["c", "b", "a", "g", "e", "d"];

    fn pairs_input(extra: &[(&str, JsValue)]) -> JsValue {
        let mut fields = vec![
            ("instrument", JsValue::from_str("3L")),
            ("preIds", texts(&PRE_IDS)),
            ("pre", strs(&PRE)),
            ("postIds", texts(&POST_IDS)),
            ("post", strs(&POST)),
        ];
        fields.extend(extra.iter().cloned());
        obj(&fields)
    }

    fn core_pairs() -> ana::Pairs {
        let pre = StateCodes::from_strs(Instrument::Eq5d3l, &PRE);
        let post = StateCodes::from_strs(Instrument::Eq5d3l, &POST);
        ana::pair(
            &PRE_IDS,
            &pre,
            &POST_IDS,
            &post,
            ana::DuplicatePolicy::Error,
        )
        .unwrap()
    }

    fn check_table(js: &JsValue, core: &ana::PchcTable, label: &str) {
        assert!(is_plain(js));
        assert_eq!(usize_of(js, "pairs"), core.pairs, "{label}");
        let rows = array(&get(js, "rows"));
        assert_eq!(rows.length() as usize, core.rows.len(), "{label}");
        for (r, c) in rows.iter().zip(&core.rows) {
            assert_eq!(string(&r, "label"), c.label, "{label}");
            assert_eq!(usize_of(&r, "number"), c.number, "{label} {}", c.label);
            same(num(&r, "percent"), c.percent, label);
            let category = get(&r, "category");
            match c.category {
                None => assert!(category.is_null(), "{label}: total row category"),
                Some(ch) => {
                    let want = match ch {
                        ana::Change::NoChange => "noChange",
                        ana::Change::Improve => "improve",
                        ana::Change::Worsen => "worsen",
                        ana::Change::Mixed => "mixed",
                        ana::Change::NoProblems => "noProblems",
                    };
                    assert_eq!(category.as_string().unwrap(), want);
                }
            }
        }
    }

    #[wasm_bindgen_test]
    fn pair_profiles_matches_the_core() {
        let js = gw::pair_profiles(pairs_input(&[])).unwrap();
        let core = core_pairs();
        assert!(is_plain(&js));
        assert_eq!(string(&js, "instrument"), "EQ-5D-3L");
        assert_eq!(usize_of(&js, "count"), core.len());
        let rows = |k: &str| -> Vec<usize> {
            get(&js, k)
                .dyn_into::<js_sys::Uint32Array>()
                .unwrap()
                .to_vec()
                .into_iter()
                .map(|r| r as usize)
                .collect()
        };
        assert_eq!(rows("preRows"), core.pre_rows);
        assert_eq!(rows("postRows"), core.post_rows);
        assert_eq!(rows("preRows"), [0, 1, 2]);
        assert_eq!(rows("postRows"), [2, 1, 0]);
        let codes = |k: &str| get(&js, k).dyn_into::<Uint16Array>().unwrap().to_vec();
        assert_eq!(codes("pre"), core.pre);
        assert_eq!(codes("post"), core.post);
        let excluded: Vec<(String, String, String)> = array(&get(&js, "excluded"))
            .iter()
            .map(|e| {
                (
                    string(&e, "id"),
                    string(&e, "reason"),
                    string(&e, "message"),
                )
            })
            .collect();
        let ex = |id: &str, reason: &str, message: &str| {
            (id.to_string(), reason.to_string(), message.to_string())
        };
        assert_eq!(
            excluded,
            [
                ex("d", "missingBaseline", "baseline state missing"),
                ex("e", "invalidBaseline", "baseline state invalid"),
                ex("f", "noFollowUp", "no follow-up"),
                ex("g", "noBaseline", "no baseline"),
            ]
        );
        // Number ids, typed-array states: the same pairs.
        let numbers = obj(&[
            ("instrument", JsValue::from_str("EQ-5D-3L")),
            ("preIds", Int32Array::from([1, 2, 3].as_slice()).into()),
            (
                "pre",
                Int32Array::from([21111, 11111, 33333].as_slice()).into(),
            ),
            (
                "postIds",
                Float64Array::from([3.0, 2.0, 1.0].as_slice()).into(),
            ),
            ("post", Uint16Array::from([242u16, 0, 0].as_slice()).into()),
        ]);
        let js = gw::pair_profiles(numbers).unwrap();
        assert_eq!(usize_of(&js, "count"), 3);
        assert_eq!(
            get(&js, "post").dyn_into::<Uint16Array>().unwrap().to_vec(),
            [0, 0, 242]
        );
        // "1" and 1 are different ids.
        let mixed = obj(&[
            ("instrument", JsValue::from_str("3L")),
            ("preIds", texts(&["1"])),
            ("pre", strs(&[Some("11111")])),
            (
                "postIds",
                [JsValue::from_f64(1.0)].iter().collect::<Array>().into(),
            ),
            ("post", strs(&[Some("11111")])),
        ]);
        let js = gw::pair_profiles(mixed).unwrap();
        assert_eq!(usize_of(&js, "count"), 0);
        assert_eq!(array(&get(&js, "excluded")).length(), 2);
    }

    #[wasm_bindgen_test]
    fn pairing_bad_input() {
        // Unequal lengths.
        let short = pairs_input(&[("preIds", texts(&["a", "b"]))]);
        fails(gw::pair_profiles(short), "LengthMismatch");
        let short = pairs_input(&[("post", strs(&[Some("11111")]))]);
        fails(gw::pchc(short), "LengthMismatch");
        // Duplicate ids: an error naming them, unless first/last.
        let dup = pairs_input(&[("preIds", texts(&["a", "a", "c", "d", "e", "f"]))]);
        let e = fails(gw::pair_profiles(dup.clone()), "InvalidArgument");
        assert!(string(&e, "message").contains("\"a\" (rows 0 and 1)"));
        for (policy, code) in [("first", 81u16), ("last", 0)] {
            Reflect::set(&dup, &"duplicates".into(), &policy.into()).unwrap();
            let js = gw::pair_profiles(dup.clone()).unwrap();
            let pre = get(&js, "pre").dyn_into::<Uint16Array>().unwrap().to_vec();
            assert_eq!(pre[0], code, "{policy}");
        }
        Reflect::set(&dup, &"duplicates".into(), &"both".into()).unwrap();
        fails(gw::pair_profiles(dup), "InvalidArgument");
        let dup_post = pairs_input(&[("postIds", texts(&["c", "c", "a", "g", "e", "d"]))]);
        fails(gw::probability_of_superiority(dup_post), "InvalidArgument");
        // Mixed 3L/5L: a 5L state in a 3L column is an invalid row, excluded with its reason.
        let js = gw::pair_profiles(pairs_input(&[])).unwrap();
        let reasons: Vec<String> = array(&get(&js, "excluded"))
            .iter()
            .map(|e| string(&e, "reason"))
            .collect();
        assert!(reasons.contains(&"invalidBaseline".to_string())); // 12345
        // Bad shapes and fields.
        for bad in [
            JsValue::UNDEFINED,
            JsValue::NULL,
            JsValue::from_str("pairs"),
            Array::new().into(),
            pairs_input(&[("instrument", JsValue::from_str("4L"))]),
            pairs_input(&[("instrument", JsValue::from_f64(3.0))]),
            pairs_input(&[("pre", JsValue::from_str("11111"))]),
            pairs_input(&[("pre", Uint8Array::new_with_length(6).into())]),
            pairs_input(&[("preIds", JsValue::NULL)]),
            pairs_input(&[("preIds", strs(&[Some("a"), None, None, None, None, None]))]),
            pairs_input(&[(
                "preIds",
                Float64Array::from([1.0, f64::NAN, 3.0, 4.0, 5.0, 6.0].as_slice()).into(),
            )]),
            pairs_input(&[("duplicates", JsValue::TRUE)]),
            pairs_input(&[("typo", JsValue::TRUE)]),
            obj(&[("instrument", JsValue::from_str("3L"))]),
        ] {
            fails(gw::pair_profiles(bad), "InvalidArgument");
        }
        // All missing: no pairs, everyone excluded; PCHC counts 0 and percentages NaN.
        let none = [None, None];
        let all_missing = obj(&[
            ("instrument", JsValue::from_str("5L")),
            ("preIds", texts(&["a", "b"])),
            ("pre", strs(&none)),
            ("postIds", texts(&["a", "b"])),
            ("post", strs(&none)),
            ("noProblems", JsValue::TRUE),
            ("totals", JsValue::TRUE),
        ]);
        let t = gw::pchc(all_missing.clone()).unwrap();
        assert_eq!(usize_of(&t, "pairs"), 0);
        for r in array(&get(&t, "rows")).iter() {
            assert_eq!(usize_of(&r, "number"), 0);
            assert!(num(&r, "percent").is_nan());
        }
        Reflect::delete_property(
            all_missing.unchecked_ref::<js_sys::Object>(),
            &"noProblems".into(),
        )
        .unwrap();
        Reflect::delete_property(
            all_missing.unchecked_ref::<js_sys::Object>(),
            &"totals".into(),
        )
        .unwrap();
        let ps = gw::probability_of_superiority(all_missing.clone()).unwrap();
        for d in DIMS {
            assert!(num(&ps, d).is_nan());
        }
        let p = gw::pair_profiles(all_missing).unwrap();
        assert_eq!(usize_of(&p, "count"), 0);
        assert_eq!(array(&get(&p, "excluded")).length(), 2);
    }

    #[wasm_bindgen_test]
    fn pchc_every_variant_matches_the_core() {
        let core = core_pairs();
        for no_problems in [false, true] {
            for totals in [false, true] {
                let opts = ana::PchcOptions {
                    no_problems,
                    totals,
                };
                let input = pairs_input(&[
                    ("noProblems", JsValue::from_bool(no_problems)),
                    ("totals", JsValue::from_bool(totals)),
                ]);
                let label = format!("noProblems {no_problems} totals {totals}");
                check_table(
                    &gw::pchc(input.clone()).unwrap(),
                    &ana::pchc(&core, opts).unwrap(),
                    &label,
                );
                Reflect::set(&input, &"byDimension".into(), &JsValue::TRUE).unwrap();
                let js = gw::pchc(input).unwrap();
                assert!(is_plain(&js));
                let want = ana::pchc_by_dimension(&core, opts).unwrap();
                for (d, t) in DIMS.iter().zip(&want) {
                    check_table(&get(&js, d), t, &format!("{label} {d}"));
                }
            }
        }
        fails(
            gw::pchc(pairs_input(&[("totals", JsValue::from_str("yes"))])),
            "InvalidArgument",
        );
    }

    #[wasm_bindgen_test]
    fn probability_of_superiority_matches_the_core() {
        let js = gw::probability_of_superiority(pairs_input(&[])).unwrap();
        let want = ana::probability_of_superiority(&core_pairs()).unwrap();
        for (d, w) in DIMS.iter().zip(want) {
            same(num(&js, d), w, d);
        }
        // PCHC options are not pairs input fields here.
        fails(
            gw::probability_of_superiority(pairs_input(&[("totals", JsValue::TRUE)])),
            "InvalidArgument",
        );
    }

    const COLUMN: [Option<&str>; 9] = [
        Some("11111"),
        Some("21111"),
        Some("32123"),
        None,
        Some("11114"),
        Some("12311"),
        Some("11111"),
        Some("55555"),
        Some("22222"),
    ];

    fn column_input(extra: &[(&str, JsValue)]) -> JsValue {
        let mut fields = vec![
            ("instrument", JsValue::from_str("3L")),
            ("states", strs(&COLUMN)),
        ];
        fields.extend(extra.iter().cloned());
        obj(&fields)
    }

    fn core_column() -> StateCodes {
        StateCodes::from_strs(Instrument::Eq5d3l, &COLUMN)
    }

    fn check_counts(js: &JsValue, n: usize, missing: usize, invalid: usize) {
        assert_eq!(
            (
                usize_of(js, "n"),
                usize_of(js, "missing"),
                usize_of(js, "invalid")
            ),
            (n, missing, invalid)
        );
    }

    fn check_level_frequencies(js: &JsValue, f: &ana::LevelFrequencies) {
        assert_eq!(usize_of(js, "levels"), 3);
        check_counts(js, f.n, f.missing, f.invalid);
        for d in Dimension::ALL {
            let counts: Vec<usize> = array(&get(&get(js, "counts"), d.code()))
                .iter()
                .map(|x| x.as_f64().unwrap() as usize)
                .collect();
            assert_eq!(counts, (1..=3).map(|l| f.count(d, l)).collect::<Vec<_>>());
            let percents = array(&get(&get(js, "percents"), d.code()));
            assert_eq!(percents.length(), 3);
            for (l, p) in (1..=3).zip(percents.iter()) {
                same(p.as_f64().unwrap(), f.percent(d, l), d.code());
            }
        }
    }

    #[wasm_bindgen_test]
    fn level_frequencies_whole_and_by_group() {
        let f = ana::level_frequencies(&core_column()).unwrap();
        assert_eq!((f.n, f.missing, f.invalid), (6, 1, 2));
        let js = gw::level_frequencies(column_input(&[])).unwrap();
        assert!(is_plain(&js));
        assert!(get(&js, "group").is_undefined());
        check_level_frequencies(&js, &f);
        let groups = ["b", "a", "b", "a", "a", "c", "b", "c", "a"];
        let js = gw::level_frequencies(column_input(&[("groups", texts(&groups))])).unwrap();
        let want = ana::level_frequencies_by_group(&core_column(), &groups).unwrap();
        let list = array(&js);
        assert_eq!(list.length() as usize, want.len());
        for (g, w) in list.iter().zip(&want) {
            assert_eq!(string(&g, "group"), w.group);
            check_level_frequencies(&g, &w.value);
        }
        // Number labels are written as text.
        let numbered: Array = (0..9)
            .map(|i| JsValue::from_f64(f64::from(i % 2)))
            .collect();
        let js = gw::level_frequencies(column_input(&[("groups", numbered.into())])).unwrap();
        let labels: Vec<String> = array(&js).iter().map(|g| string(&g, "group")).collect();
        assert_eq!(labels, ["0", "1"]);
        // Unequal lengths, bad labels.
        fails(
            gw::level_frequencies(column_input(&[("groups", texts(&["a"]))])),
            "LengthMismatch",
        );
        let bad: Array = (0..9).map(|_| JsValue::NULL).collect();
        fails(
            gw::level_frequencies(column_input(&[("groups", bad.into())])),
            "InvalidArgument",
        );
        fails(
            gw::level_frequencies(column_input(&[("groups", JsValue::from_str("a"))])),
            "InvalidArgument",
        );
    }

    #[wasm_bindgen_test]
    fn column_analyses_match_the_core() {
        let counts = ana::StateCounts::of(&core_column()).unwrap();
        // Cumulative frequencies.
        let js = gw::cumulative_frequencies(column_input(&[])).unwrap();
        let t = counts.cumulative_frequencies();
        check_counts(&js, t.n, t.missing, t.invalid);
        let rows = array(&get(&js, "rows"));
        assert_eq!(rows.length() as usize, t.rows.len());
        for (r, w) in rows.iter().zip(&t.rows) {
            assert_eq!(string(&r, "state"), w.state.to_string());
            assert_eq!(usize_of(&r, "frequency"), w.frequency);
            assert_eq!(usize_of(&r, "cumulativeFrequency"), w.cumulative_frequency);
            same(num(&r, "percent"), w.percent, "percent");
            same(num(&r, "cumulativePercent"), w.cumulative_percent, "cum");
        }
        assert_eq!(string(&rows.get(0), "state"), "11111");
        // HSDC / HSDI.
        let js = gw::health_state_density(column_input(&[])).unwrap();
        let h = counts.hsdc();
        check_counts(&js, h.n, counts.missing, counts.invalid);
        same_bits(&f64s(&get(&js, "states")), &h.states, "hsdc x");
        same_bits(&f64s(&get(&js, "observations")), &h.observations, "hsdc y");
        same(num(&js, "hsdi"), h.hsdi, "hsdi");
        assert_eq!(usize_of(&js, "distinct"), h.distinct);
        // Shannon, both maxima.
        for (name, max) in [
            (None, ana::ShannonMax::Possible),
            (Some("possible"), ana::ShannonMax::Possible),
            (Some("observed"), ana::ShannonMax::Observed),
        ] {
            let extra: Vec<(&str, JsValue)> = name
                .map(|n| ("hMax", JsValue::from_str(n)))
                .into_iter()
                .collect();
            let js = gw::shannon(column_input(&extra)).unwrap();
            check_counts(&js, counts.n, counts.missing, counts.invalid);
            let check = |s: &JsValue, w: &ana::Shannon| {
                same(num(s, "h"), w.h, "h");
                same(num(s, "hMax"), w.h_max, "hMax");
                same(num(s, "j"), w.j, "j");
            };
            check(&get(&js, "profile"), &counts.shannon_profile(max));
            for (d, w) in DIMS.iter().zip(counts.shannon_by_dimension(max)) {
                check(&get(&get(&js, "dimensions"), d), &w);
            }
        }
        fails(
            gw::shannon(column_input(&[("hMax", JsValue::from_str("some"))])),
            "InvalidArgument",
        );
        // LSS and LFS.
        let js = gw::level_sum_distribution(column_input(&[])).unwrap();
        let d = counts.level_sum_distribution();
        check_counts(&js, d.n, d.missing, d.invalid);
        let rows = array(&get(&js, "rows"));
        assert_eq!(rows.length(), 11);
        for (r, w) in rows.iter().zip(&d.rows) {
            assert_eq!(usize_of(&r, "score"), usize::from(w.score));
            assert_eq!(usize_of(&r, "frequency"), w.frequency);
            same(num(&r, "percent"), w.percent, "lss");
        }
        let js = gw::level_frequency_distribution(column_input(&[])).unwrap();
        let d = counts.level_frequency_distribution();
        let rows = array(&get(&js, "rows"));
        assert_eq!(rows.length(), 21);
        for (r, w) in rows.iter().zip(&d.rows) {
            assert_eq!(string(&r, "score"), w.score);
            assert_eq!(usize_of(&r, "frequency"), w.frequency);
            same(num(&r, "percent"), w.percent, "lfs");
        }
    }

    #[wasm_bindgen_test]
    fn column_inputs_of_every_kind_agree() {
        let as_strings = gw::cumulative_frequencies(column_input(&[])).unwrap();
        let numbers = [11111, 21111, 32123, 0, 11114, 12311, 11111, 55555, 22222];
        let as_i32 = obj(&[
            ("instrument", JsValue::from_str("3L")),
            ("states", Int32Array::from(numbers.as_slice()).into()),
        ]);
        let f: Vec<f64> = numbers
            .iter()
            .map(|&x| if x == 0 { f64::NAN } else { f64::from(x) })
            .collect();
        let as_f64 = obj(&[
            ("instrument", JsValue::from_str("3L")),
            ("states", Float64Array::from(f.as_slice()).into()),
        ]);
        let codes: Vec<u16> = core_column().codes.iter().map(|c| c.unwrap_or(0)).collect();
        let as_codes = obj(&[
            ("instrument", JsValue::from_str("3L")),
            ("states", Uint16Array::from(codes.as_slice()).into()),
        ]);
        let states = |js: &JsValue| -> Vec<(String, usize)> {
            array(&get(js, "rows"))
                .iter()
                .map(|r| (string(&r, "state"), usize_of(&r, "frequency")))
                .collect()
        };
        let want = states(&as_strings);
        let js = gw::cumulative_frequencies(as_i32).unwrap();
        assert_eq!(states(&js), want);
        check_counts(&js, 6, 0, 3); // 0 is not a state
        let js = gw::cumulative_frequencies(as_f64).unwrap();
        assert_eq!(states(&js), want);
        check_counts(&js, 6, 1, 2);
        // Codes: the missing and invalid rows became code 0 (11111) here.
        let js = gw::cumulative_frequencies(as_codes).unwrap();
        check_counts(&js, 9, 0, 0);
        // A 5L code in a 3L column is invalid.
        let js = gw::level_frequencies(obj(&[
            ("instrument", JsValue::from_str("3L")),
            (
                "states",
                Uint16Array::from([0u16, 243, 3124].as_slice()).into(),
            ),
        ]))
        .unwrap();
        check_counts(&js, 1, 0, 2);
    }

    #[wasm_bindgen_test]
    fn all_missing_and_bad_columns() {
        let missing = obj(&[
            ("instrument", JsValue::from_str("5L")),
            ("states", strs(&[None, None, Some("66666")])),
        ]);
        let f = gw::level_frequencies(missing.clone()).unwrap();
        check_counts(&f, 0, 2, 1);
        for d in DIMS {
            let percents = array(&get(&get(&f, "percents"), d));
            assert_eq!(percents.length(), 5);
            assert!(percents.iter().all(|p| p.as_f64().unwrap().is_nan()));
        }
        let t = gw::cumulative_frequencies(missing.clone()).unwrap();
        assert_eq!(array(&get(&t, "rows")).length(), 0);
        let h = gw::health_state_density(missing.clone()).unwrap();
        assert!(num(&h, "hsdi").is_nan());
        assert_eq!(f64s(&get(&h, "states")), [0.0]);
        let s = gw::shannon(missing.clone()).unwrap();
        assert!(num(&get(&s, "profile"), "h").is_nan());
        assert!(num(&get(&get(&s, "dimensions"), "AD"), "j").is_nan());
        let lss = gw::level_sum_distribution(missing.clone()).unwrap();
        let rows = array(&get(&lss, "rows"));
        assert_eq!(rows.length(), 21);
        assert!(rows.iter().all(|r| usize_of(&r, "frequency") == 0));
        let lfs = gw::level_frequency_distribution(missing).unwrap();
        assert_eq!(array(&get(&lfs, "rows")).length(), 126);
        // Empty column.
        let empty = obj(&[
            ("instrument", JsValue::from_str("3L")),
            ("states", Array::new().into()),
        ]);
        check_counts(&gw::level_frequencies(empty.clone()).unwrap(), 0, 0, 0);
        let by_group = obj(&[
            ("instrument", JsValue::from_str("3L")),
            ("states", Array::new().into()),
            ("groups", Array::new().into()),
        ]);
        assert_eq!(array(&gw::level_frequencies(by_group).unwrap()).length(), 0);
        // Bad shapes.
        for bad in [
            JsValue::UNDEFINED,
            JsValue::from_f64(1.0),
            obj(&[("states", strs(&[Some("11111")]))]),
            obj(&[("instrument", JsValue::from_str("3L"))]),
            obj(&[
                ("instrument", JsValue::from_str("3L")),
                ("states", JsValue::from_str("11111")),
            ]),
            column_input(&[("groups", texts(&["a"]))]),
        ] {
            fails(gw::cumulative_frequencies(bad.clone()), "InvalidArgument");
            fails(gw::health_state_density(bad.clone()), "InvalidArgument");
            fails(gw::level_sum_distribution(bad.clone()), "InvalidArgument");
            fails(gw::level_frequency_distribution(bad), "InvalidArgument");
        }
    }

    #[wasm_bindgen_test]
    fn health_profile_grid_matches_the_core() {
        let core = core_pairs();
        let uk = builtin("3L_UK");
        for (options, opts) in [
            (JsValue::UNDEFINED, ana::HpgOptions::default()),
            (
                obj(&[
                    ("noProblems", JsValue::TRUE),
                    ("decimals", JsValue::from_f64(3.0)),
                ]),
                ana::HpgOptions {
                    no_problems: true,
                    decimals: Some(3),
                },
            ),
        ] {
            let js = gw::health_profile_grid(pairs_input(&[]), "3L_UK", options).unwrap();
            let want = ana::health_profile_grid(&core, uk, opts).unwrap();
            let ranks = |k: &str| get(&js, k).dyn_into::<Uint16Array>().unwrap().to_vec();
            assert_eq!(ranks("pre"), want.pre);
            assert_eq!(ranks("post"), want.post);
            assert_eq!(usize_of(&js, "states"), 243);
            let change: Vec<String> = array(&get(&js, "change"))
                .iter()
                .map(|c| c.as_string().unwrap())
                .collect();
            assert_eq!(change.len(), want.change.len());
            let rows = get(&js, "preRows")
                .dyn_into::<js_sys::Uint32Array>()
                .unwrap()
                .to_vec();
            assert_eq!(rows, [0, 1, 2]);
            assert_eq!(array(&get(&js, "excluded")).length(), 4);
        }
        // a: 21111 → 32333 worsens; b: 11111 → 11111 is no problems with the option; c: 33333 →
        // 11111 improves.
        let js = gw::health_profile_grid(
            pairs_input(&[]),
            "3L_UK",
            obj(&[("noProblems", JsValue::TRUE)]),
        )
        .unwrap();
        let change: Vec<String> = array(&get(&js, "change"))
            .iter()
            .map(|c| c.as_string().unwrap())
            .collect();
        assert_eq!(change, ["worsen", "noProblems", "improve"]);
        // A 5L value set for 3L pairs; unknown sets; bad options.
        fails(
            gw::health_profile_grid(pairs_input(&[]), "5L_UK", JsValue::NULL),
            "InstrumentMismatch",
        );
        fails(
            gw::health_profile_grid(pairs_input(&[]), "Atlantis", JsValue::NULL),
            "UnknownValueSet",
        );
        for bad in [
            obj(&[("decimals", JsValue::from_f64(11.0))]),
            obj(&[("decimals", JsValue::from_f64(2.5))]),
            obj(&[("decimals", JsValue::from_f64(-1.0))]),
            obj(&[("decimals", JsValue::from_str("3"))]),
            obj(&[("noProblems", JsValue::from_f64(1.0))]),
            obj(&[("totals", JsValue::TRUE)]),
            JsValue::from_str("options"),
        ] {
            fails(
                gw::health_profile_grid(pairs_input(&[]), "3L_UK", bad),
                "InvalidArgument",
            );
        }
        // No pairs: an empty grid.
        let none = obj(&[
            ("instrument", JsValue::from_str("3L")),
            ("preIds", texts(&["a"])),
            ("pre", strs(&[None])),
            ("postIds", texts(&["a"])),
            ("post", strs(&[Some("11111")])),
        ]);
        let js = gw::health_profile_grid(none, "3L_UK", JsValue::UNDEFINED).unwrap();
        assert_eq!(
            get(&js, "pre").dyn_into::<Uint16Array>().unwrap().length(),
            0
        );
        assert_eq!(array(&get(&js, "change")).length(), 0);
    }

    fn check_summary(js: &JsValue, s: &Summary) {
        assert!(is_plain(js));
        assert_eq!(usize_of(js, "n"), s.n);
        assert_eq!(usize_of(js, "missing"), s.missing);
        for (k, w) in [
            ("mean", s.mean),
            ("sd", s.sd),
            ("se", s.se),
            ("confidence", s.confidence),
            ("ciLower", s.ci_lower),
            ("ciUpper", s.ci_upper),
            ("min", s.min),
            ("q1", s.q1),
            ("median", s.median),
            ("q3", s.q3),
            ("max", s.max),
        ] {
            same(num(js, k), w, k);
        }
    }

    #[wasm_bindgen_test]
    fn summarize_matches_the_core() {
        let values = [0.5, 0.7, f64::NAN, 0.9, 1.0, 0.25];
        let typed: JsValue = Float64Array::from(values.as_slice()).into();
        check_summary(
            &gw::summarize(typed.clone(), JsValue::UNDEFINED).unwrap(),
            &Summary::of(&values),
        );
        // A plain array, null = missing.
        let plain: Array = values
            .iter()
            .map(|&x| {
                if x.is_nan() {
                    JsValue::NULL
                } else {
                    JsValue::from_f64(x)
                }
            })
            .collect();
        check_summary(
            &gw::summarize(plain.into(), JsValue::NULL).unwrap(),
            &Summary::of(&values),
        );
        let level = obj(&[("confidence", JsValue::from_f64(0.9))]);
        check_summary(
            &gw::summarize(typed.clone(), level).unwrap(),
            &Summary::with_confidence(&values, 0.9).unwrap(),
        );
        // By group, at 95% and at another level.
        let groups = ["b", "a", "a", "b", "c", "a"];
        let by = obj(&[("groups", texts(&groups))]);
        let js = array(&gw::summarize(typed.clone(), by).unwrap());
        let want = summary_by_group(&values, &groups).unwrap();
        assert_eq!(js.length() as usize, want.len());
        for (g, w) in js.iter().zip(&want) {
            assert_eq!(string(&g, "group"), w.group);
            check_summary(&g, &w.value);
        }
        let by = obj(&[
            ("groups", texts(&groups)),
            ("confidence", JsValue::from_f64(0.8)),
        ]);
        let js = array(&gw::summarize(typed.clone(), by).unwrap());
        let labels: Vec<String> = js.iter().map(|g| string(&g, "group")).collect();
        assert_eq!(labels, ["a", "b", "c"]);
        check_summary(
            &js.get(0),
            &Summary::with_confidence(&[0.7, f64::NAN, 0.25], 0.8).unwrap(),
        );
        check_summary(&js.get(2), &Summary::with_confidence(&[1.0], 0.8).unwrap());
        // Empty and all-missing: n 0, NaN statistics.
        let js = gw::summarize(Float64Array::new_with_length(0).into(), JsValue::NULL).unwrap();
        assert_eq!(usize_of(&js, "n"), 0);
        assert!(num(&js, "mean").is_nan());
        let js = gw::summarize(
            Float64Array::from([f64::NAN, f64::NAN].as_slice()).into(),
            JsValue::NULL,
        )
        .unwrap();
        assert_eq!((usize_of(&js, "n"), usize_of(&js, "missing")), (0, 2));
        // Bad input.
        fails(
            gw::summarize(typed.clone(), obj(&[("groups", texts(&["a"]))])),
            "LengthMismatch",
        );
        fails(
            gw::summarize(
                typed.clone(),
                obj(&[
                    ("groups", texts(&["a"])),
                    ("confidence", JsValue::from_f64(0.9)),
                ]),
            ),
            "LengthMismatch",
        );
        for level in [0.0, 1.0, 95.0, -0.5, f64::NAN] {
            fails(
                gw::summarize(
                    typed.clone(),
                    obj(&[("confidence", JsValue::from_f64(level))]),
                ),
                "InvalidArgument",
            );
            fails(
                gw::summarize(
                    typed.clone(),
                    obj(&[
                        ("confidence", JsValue::from_f64(level)),
                        ("groups", texts(&groups)),
                    ]),
                ),
                "InvalidArgument",
            );
        }
        for bad in [
            JsValue::from_str("1,2"),
            texts(&["1"]),
            Int32Array::from([1].as_slice()).into(),
        ] {
            fails(gw::summarize(bad, JsValue::NULL), "InvalidArgument");
        }
        fails(
            gw::summarize(typed.clone(), obj(&[("group", texts(&groups))])),
            "InvalidArgument",
        );
        fails(
            gw::summarize(typed, JsValue::from_f64(0.9)),
            "InvalidArgument",
        );
    }

    #[wasm_bindgen_test]
    fn analysis_typescript_is_declared() {
        for name in [
            "export function pairProfiles(",
            "export function pchc(",
            "export function probabilityOfSuperiority(",
            "export function levelFrequencies(",
            "export function cumulativeFrequencies(",
            "export function healthStateDensity(",
            "export function shannon(",
            "export function levelSumDistribution(",
            "export function levelFrequencyDistribution(",
            "export function healthProfileGrid(",
            "export function summarize(",
        ] {
            assert!(gw::TYPESCRIPT_DECLARATIONS.contains(name), "missing {name}");
        }
    }
}

// ---------------------------------------------------------------- summed scales and change

mod scales {
    use super::*;
    use groupwell::change::{self, ChangeClass, Direction, Threshold};
    use groupwell::eq5d::ErrorMode;
    use groupwell::scales::{Scale, ScaleDef, ScoreOptions, sci93_definition};
    use gw::ScaleJs;

    /// The user-defined scale of the core's tests (tests/tests/scales.rs).
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

    fn obj(fields: &[(&str, JsValue)]) -> JsValue {
        let o = js_sys::Object::new();
        for (k, v) in fields {
            Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
        }
        o.into()
    }

    fn n(x: f64) -> JsValue {
        JsValue::from_f64(x)
    }

    fn s(x: &str) -> JsValue {
        JsValue::from_str(x)
    }

    fn num(v: &JsValue, key: &str) -> f64 {
        get(v, key)
            .as_f64()
            .unwrap_or_else(|| panic!("{key} is not a number"))
    }

    /// `null` as `None`, a number as `Some`.
    fn opt_num(v: &JsValue) -> Option<f64> {
        if v.is_null() {
            None
        } else {
            Some(v.as_f64().unwrap_or_else(|| panic!("not a number: {v:?}")))
        }
    }

    /// An `Array` of numbers, `NaN` written as `null`.
    fn list(values: &[f64]) -> JsValue {
        values
            .iter()
            .map(|&x| if x.is_nan() { JsValue::NULL } else { n(x) })
            .collect::<Array>()
            .into()
    }

    fn f64_array(values: &[f64]) -> JsValue {
        Float64Array::from(values).into()
    }

    fn offset(k: f64) -> JsValue {
        obj(&[("offset", n(k))])
    }

    /// Items 1..35 answered 0,1,2,3,4,5,0,1,...: sum 85.
    fn cycle() -> Vec<f64> {
        (0..35).map(|i| f64::from(i % 6)).collect()
    }

    fn with_missing(k: usize) -> Vec<f64> {
        let mut a = cycle();
        for x in a.iter_mut().take(k) {
            *x = f64::NAN;
        }
        a
    }

    /// `{item id: answer}` of answers in item order (missing answers left out).
    fn answers_object(items: &[String], answers: &[f64]) -> JsValue {
        let o = js_sys::Object::new();
        for (id, &x) in items.iter().zip(answers) {
            if !x.is_nan() {
                Reflect::set(&o, &s(id), &n(x)).unwrap();
            }
        }
        o.into()
    }

    /// `{total, subscales (in order), answered, prorated, band}` of a `score` result.
    type One = (Option<f64>, Vec<Option<f64>>, usize, bool, Option<String>);

    fn one(v: &JsValue, names: &[&str]) -> One {
        let subs = get(v, "subscales");
        assert_eq!(
            js_sys::Object::keys(subs.unchecked_ref::<js_sys::Object>()).length() as usize,
            names.len()
        );
        (
            opt_num(&get(v, "total")),
            names.iter().map(|k| opt_num(&get(&subs, k))).collect(),
            num(v, "answered") as usize,
            get(v, "prorated").as_bool().unwrap(),
            get(v, "band").as_string(),
        )
    }

    fn core_one(s: &groupwell::scales::ScaleScore) -> One {
        (
            s.total,
            s.subscales.clone(),
            s.answered,
            s.prorated,
            s.band.clone(),
        )
    }

    fn score(scale: &ScaleJs, answers: JsValue) -> JsValue {
        scale.score(answers, JsValue::UNDEFINED).unwrap()
    }

    fn batch(scale: &ScaleJs, answers: JsValue, options: JsValue) -> JsValue {
        scale.score_batch(answers, options).unwrap()
    }

    fn totals(v: &JsValue) -> Vec<f64> {
        f64s(&get(v, "totals"))
    }

    fn rows_of(e: &JsValue) -> Vec<(usize, String)> {
        check_error(e, "Rows");
        get(e, "rows")
            .dyn_into::<Array>()
            .unwrap()
            .iter()
            .map(|r| {
                assert_eq!(string(&r, "kind"), "InvalidArgument");
                (num(&r, "row") as usize, string(&r, "field"))
            })
            .collect()
    }

    fn message(e: &JsValue) -> String {
        string(e, "message")
    }

    #[wasm_bindgen_test]
    fn sci93_metadata_and_json() {
        let sci = ScaleJs::sci93();
        assert_eq!(sci.id(), "SCI-93");
        assert_eq!(sci.name(), "Stress and Crisis Inventory 1993");
        let items = sci.items();
        assert_eq!(items.len(), 35);
        assert_eq!((items[0].as_str(), items[34].as_str()), ("1", "35"));
        assert!(sci.subscales().is_empty());
        assert_eq!(
            sci.bands().unwrap().dyn_into::<Array>().unwrap().length(),
            0
        );
        let range: Vec<f64> = sci
            .total_range()
            .dyn_into::<Array>()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        assert_eq!(range, [0.0, 175.0]);
        assert_eq!(sci.direction(), "higher_is_worse");
        assert_eq!((sci.total(), sci.max_missing()), ("sum".to_string(), 3));
        let json = sci.to_json().unwrap();
        assert_eq!(ScaleDef::from_json(&json).unwrap(), sci93_definition());
        let back = ScaleJs::from_json(s(&json)).unwrap();
        assert_eq!(back.core().definition(), &sci93_definition());
    }

    #[wasm_bindgen_test]
    fn sci93_hand_worked_examples() {
        let sci = ScaleJs::sci93();
        let core = Scale::sci93();
        let items = sci.items();
        let raise = ScoreOptions::default();
        // Full answers: 85. Items 1-3 missing: 82 × 35 / 32 = 89.6875, prorated. Four missing:
        // no score, not an error.
        for (k, want) in [
            (0, (Some(85.0), vec![], 35, false, None)),
            (3, (Some(89.6875), vec![], 32, true, None)),
            (4, (None, vec![], 31, false, None)),
        ] {
            let a = with_missing(k);
            assert_eq!(core_one(&core.score_slice(&a, &raise).unwrap()), want);
            // An Array (null = missing), a Float64Array (NaN), an object, a Map: the same.
            assert_eq!(one(&score(&sci, list(&a)), &[]), want, "{k} missing");
            assert_eq!(one(&score(&sci, f64_array(&a)), &[]), want);
            assert_eq!(one(&score(&sci, answers_object(&items, &a)), &[]), want);
            let map = js_sys::Map::new();
            for (id, &x) in items.iter().zip(&a).skip(k) {
                map.set(&s(id), &n(x));
            }
            assert_eq!(one(&score(&sci, map.into()), &[]), want);
        }
        // NaN and undefined are missing in an array too.
        let mut a: Vec<JsValue> = cycle().into_iter().map(n).collect();
        a[0] = JsValue::UNDEFINED;
        a[1] = n(f64::NAN);
        a[2] = JsValue::NULL;
        let js = score(&sci, a.into_iter().collect::<Array>().into());
        assert_eq!(num(&js, "total"), 89.6875);
        // Extremes, as integer typed arrays.
        let five: JsValue = Uint8Array::from([5u8; 35].as_slice()).into();
        assert_eq!(num(&score(&sci, five), "total"), 175.0);
        let zero: JsValue = Int32Array::from([0i32; 35].as_slice()).into();
        assert_eq!(num(&score(&sci, zero), "total"), 0.0);
    }

    #[wasm_bindgen_test]
    fn offset_is_explicit() {
        let sci = ScaleJs::sci93();
        let exported: Vec<f64> = cycle().iter().map(|x| x + 1.0).collect();
        let js = sci.score(list(&exported), offset(1.0)).unwrap();
        assert_eq!(num(&js, "total"), 85.0);
        let u8s: Vec<u8> = exported.iter().map(|&x| x as u8).collect();
        let js = sci
            .score(Uint8Array::from(u8s.as_slice()).into(), offset(1.0))
            .unwrap();
        assert_eq!(num(&js, "total"), 85.0);
        // Without the offset a 6 is out of range: never guessed.
        let e = fails(sci.score(list(&exported), JsValue::NULL), "InvalidArgument");
        assert_eq!(
            message(&e),
            "item 6 = 6 is not valid: expected an integer 0..=5 (SCI-93)"
        );
        // With it, a 0 is out of range and the message shows the coded range.
        let mut bad = exported.clone();
        bad[9] = 0.0;
        let e = fails(sci.score(list(&bad), offset(1.0)), "InvalidArgument");
        assert!(message(&e).contains("item 10 = 0"), "{}", message(&e));
        assert!(message(&e).contains("1..=6"), "{}", message(&e));
        // Batch: the same.
        let rows: Vec<u8> = u8s.iter().chain(&u8s).copied().collect();
        let out = batch(&sci, Uint8Array::from(rows.as_slice()).into(), offset(1.0));
        assert_eq!(totals(&out), [85.0, 85.0]);
        // Bad offsets and options.
        for bad in [
            offset(0.5),
            offset(f64::NAN),
            offset(1e10),
            obj(&[("offset", s("1"))]),
            obj(&[("errors", s("coerce"))]),
            obj(&[("ofset", n(1.0))]),
            n(1.0),
        ] {
            fails(sci.score(list(&exported), bad), "InvalidArgument");
        }
        for bad in [
            offset(0.5),
            obj(&[("errors", s("ignore"))]),
            obj(&[("errors", n(1.0))]),
            obj(&[("decimals", n(1.0))]),
        ] {
            fails(
                sci.score_batch(f64_array(&exported), bad),
                "InvalidArgument",
            );
        }
    }

    #[wasm_bindgen_test]
    fn bad_single_answers_name_the_item() {
        let sci = ScaleJs::sci93();
        let items = sci.items();
        let mut a = vec![1.0; 35];
        a[6] = 7.0;
        let e = fails(sci.score(list(&a), JsValue::NULL), "InvalidArgument");
        assert_eq!(
            message(&e),
            "item 7 = 7 is not valid: expected an integer 0..=5 (SCI-93)"
        );
        let e = fails(
            sci.score(answers_object(&items, &a), JsValue::NULL),
            "InvalidArgument",
        );
        assert!(message(&e).contains("item 7 = 7"), "{}", message(&e));
        for (bad, shown) in [
            (2.7, "item 7 = 2.7"),
            (-1.0, "item 7 = -1"),
            (f64::INFINITY, "item 7 = inf"),
        ] {
            a[6] = bad;
            let e = fails(sci.score(f64_array(&a), JsValue::NULL), "InvalidArgument");
            assert!(message(&e).contains(shown), "{}", message(&e));
        }
        // Values that are not numbers: named, never read as numbers.
        for (bad, shown) in [
            (s("3"), "item 7 = \"3\""),
            (JsValue::TRUE, "item 7 = true"),
            (Array::new().into(), "item 7 = an Array"),
        ] {
            let arr: Array = vec![1.0; 35].into_iter().map(n).collect();
            arr.set(6, bad.clone());
            let e = fails(sci.score(arr.into(), JsValue::NULL), "InvalidArgument");
            assert!(message(&e).contains(shown), "{}", message(&e));
            let o = answers_object(&items, &[1.0; 35]);
            Reflect::set(&o, &s("7"), &bad).unwrap();
            let e = fails(sci.score(o, JsValue::NULL), "InvalidArgument");
            assert!(message(&e).contains(shown), "{}", message(&e));
        }
        // Wrong length, unknown item id, answered twice (a Map with "7" and 7).
        let e = fails(
            sci.score(list(&[1.0; 34]), JsValue::NULL),
            "InvalidArgument",
        );
        assert!(message(&e).contains("34 values"), "{}", message(&e));
        assert!(message(&e).contains("35 answers"), "{}", message(&e));
        let o = answers_object(&items, &[1.0; 35]);
        Reflect::set(&o, &s("36"), &n(1.0)).unwrap();
        let e = fails(sci.score(o, JsValue::NULL), "InvalidArgument");
        assert!(message(&e).contains("\"36\""), "{}", message(&e));
        let map = js_sys::Map::new();
        map.set(&s("7"), &n(1.0));
        map.set(&n(7.0), &n(1.0));
        let e = fails(sci.score(map.into(), JsValue::NULL), "InvalidArgument");
        assert!(message(&e).contains("at most once"), "{}", message(&e));
        // Not a response at all.
        for bad in [
            n(5.0),
            s("1,2,3"),
            JsValue::NULL,
            JsValue::UNDEFINED,
            js_sys::BigInt64Array::new_with_length(35).into(),
            js_sys::DataView::new(&js_sys::ArrayBuffer::new(35), 0, 35).into(),
        ] {
            fails(sci.score(bad, JsValue::NULL), "InvalidArgument");
        }
    }

    #[wasm_bindgen_test]
    fn batch_raise_lists_every_bad_row_and_coerce_gives_nan() {
        let sci = ScaleJs::sci93();
        let mut rows = vec![2.0; 35 * 4];
        rows[35 + 4] = 7.0; // row 1, item 5
        rows[3 * 35 + 34] = 0.5; // row 3, item 35
        rows[2 * 35] = f64::NAN; // row 2, item 1 missing: prorated
        for input in [f64_array(&rows), list(&rows)] {
            let e = sci.score_batch(input.clone(), JsValue::NULL).unwrap_err();
            assert_eq!(rows_of(&e), [(1, "5".to_string()), (3, "35".to_string())]);
            assert!(message(&e).contains("item 5 = 7"), "{}", message(&e));
            assert!(message(&e).contains("item 35 = 0.5"), "{}", message(&e));
            let out = batch(&sci, input, obj(&[("errors", s("coerce"))]));
            let t = totals(&out);
            assert_nan_exactly_at(&t, &[1, 3]);
            assert_eq!((t[0], t[2]), (70.0, 68.0 * 35.0 / 34.0));
            let prorated = get(&out, "prorated")
                .dyn_into::<Uint8Array>()
                .unwrap()
                .to_vec();
            assert_eq!(prorated, [0, 0, 1, 0]);
            let answered = get(&out, "answered")
                .dyn_into::<js_sys::Uint32Array>()
                .unwrap()
                .to_vec();
            assert_eq!(answered[2], 34);
            let c = coerced(
                &js_sys::Object::assign(
                    &js_sys::Object::new(),
                    &obj(&[
                        ("values", get(&out, "totals")),
                        ("errors", get(&out, "errors")),
                        ("missing", get(&out, "missing")),
                    ])
                    .unchecked_into(),
                )
                .into(),
            );
            assert_eq!(
                c.rows,
                [
                    (1, "5".into(), "InvalidArgument".into()),
                    (3, "35".into(), "InvalidArgument".into())
                ]
            );
            assert_eq!(c.missing, 0);
            assert_eq!(c.values.len(), 4);
        }
        // Four missing: NaN, counted as missing, not an error.
        let out = batch(&sci, f64_array(&with_missing(4)), JsValue::NULL);
        assert!(totals(&out)[0].is_nan());
        assert_eq!(num(&out, "missing"), 1.0);
        assert_eq!(array_len(&get(&out, "errors")), 0);
        // Wrong length; a value that is not a number names its row and item; not an array.
        let e = fails(
            sci.score_batch(Uint8Array::from([1u8; 71].as_slice()).into(), JsValue::NULL),
            "InvalidArgument",
        );
        assert!(message(&e).contains("71 values"), "{}", message(&e));
        let arr: Array = vec![1.0; 70].into_iter().map(n).collect();
        arr.set(35 + 6, s("3"));
        for mode in ["raise", "coerce"] {
            let e = fails(
                sci.score_batch(arr.clone().into(), obj(&[("errors", s(mode))])),
                "InvalidArgument",
            );
            assert!(
                message(&e).contains("item 7 = \"3\" at row 1"),
                "{}",
                message(&e)
            );
        }
        for bad in [
            obj(&[("1", n(1.0))]),
            n(1.0),
            JsValue::NULL,
            js_sys::BigInt64Array::new_with_length(35).into(),
        ] {
            fails(sci.score_batch(bad, JsValue::NULL), "InvalidArgument");
        }
    }

    fn array_len(v: &JsValue) -> u32 {
        v.clone().dyn_into::<Array>().unwrap().length()
    }

    #[wasm_bindgen_test]
    fn every_typed_array_gives_the_core_numbers() {
        let sci = ScaleJs::sci93();
        let core = Scale::sci93();
        // 20 rows with missing answers here and there (as in the core's tests).
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
        let want = core.score_rows(&rows, &ScoreOptions::default()).unwrap();
        let check = |out: &JsValue, label: &str| {
            same_bits(&totals(out), &want.totals, label);
            let answered: Vec<usize> = get(out, "answered")
                .dyn_into::<js_sys::Uint32Array>()
                .unwrap()
                .to_vec()
                .into_iter()
                .map(|x| x as usize)
                .collect();
            assert_eq!(answered, want.answered, "{label}");
            let prorated: Vec<bool> = get(out, "prorated")
                .dyn_into::<Uint8Array>()
                .unwrap()
                .to_vec()
                .into_iter()
                .map(|x| x == 1)
                .collect();
            assert_eq!(prorated, want.prorated, "{label}");
            assert_eq!(num(out, "missing") as usize, want.missing, "{label}");
        };
        check(
            &batch(&sci, f64_array(&rows), JsValue::NULL),
            "Float64Array",
        );
        check(&batch(&sci, list(&rows), JsValue::NULL), "Array");
        let f32s: Vec<f32> = rows.iter().map(|&x| x as f32).collect();
        check(
            &batch(
                &sci,
                js_sys::Float32Array::from(f32s.as_slice()).into(),
                JsValue::NULL,
            ),
            "Float32Array",
        );
        // Each row's total as a single response, bit for bit.
        for (r, chunk) in rows.chunks(35).enumerate() {
            let js = score(&sci, f64_array(chunk));
            let total = opt_num(&get(&js, "total")).unwrap_or(f64::NAN);
            assert!(same_f64(total, want.totals[r]), "row {r}");
        }
        // Integer arrays (no missing values): every typed array type, identical numbers.
        let whole: Vec<u8> = rows
            .iter()
            .map(|&x| if x.is_nan() { 3 } else { x as u8 })
            .collect();
        let want = core.score_rows(&whole, &ScoreOptions::default()).unwrap();
        let widen = |f: fn(u8) -> f64| whole.iter().map(|&x| f(x)).collect::<Vec<f64>>();
        let inputs: Vec<(&str, JsValue)> = vec![
            ("Uint8Array", Uint8Array::from(whole.as_slice()).into()),
            (
                "Uint8ClampedArray",
                js_sys::Uint8ClampedArray::new(&Uint8Array::from(whole.as_slice())).into(),
            ),
            (
                "Int8Array",
                js_sys::Int8Array::new(&Uint8Array::from(whole.as_slice())).into(),
            ),
            (
                "Uint16Array",
                Uint16Array::new(&Uint8Array::from(whole.as_slice())).into(),
            ),
            (
                "Int16Array",
                js_sys::Int16Array::new(&Uint8Array::from(whole.as_slice())).into(),
            ),
            (
                "Uint32Array",
                js_sys::Uint32Array::new(&Uint8Array::from(whole.as_slice())).into(),
            ),
            (
                "Int32Array",
                Int32Array::new(&Uint8Array::from(whole.as_slice())).into(),
            ),
            ("Float64Array", f64_array(&widen(f64::from))),
        ];
        for (label, input) in inputs {
            let out = batch(&sci, input, JsValue::NULL);
            same_bits(&totals(&out), &want.totals, label);
        }
    }

    fn same_f64(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    #[wasm_bindgen_test]
    fn user_scale_reverse_subscales_and_bands() {
        let demo = ScaleJs::from_json(s(DEMO)).unwrap();
        let core = Scale::from_json(DEMO).unwrap();
        assert_eq!(demo.id(), "demo");
        assert_eq!(demo.name(), "Demo wellbeing");
        assert_eq!(demo.items(), ["a", "b", "c", "d"]);
        assert_eq!(demo.subscales(), ["first", "second"]);
        assert_eq!(demo.direction(), "higher_is_better");
        assert_eq!((demo.total(), demo.max_missing()), ("sum".to_string(), 1));
        let mut mean = ScaleDef::from_json(DEMO).unwrap();
        mean.total = groupwell::scales::Total::Mean;
        mean.bands.clear();
        let mean = ScaleJs::from_json(s(&mean.to_json().unwrap())).unwrap();
        assert_eq!(mean.total(), "mean");
        // The core's mean total: (5 + 4 + 3 + 10) / 4 = 5.5; subscales 4.5 and 6.5.
        let js = score(&mean, list(&[5.0, 2.0, 3.0, 10.0]));
        assert_eq!(
            one(&js, &["first", "second"]),
            (Some(5.5), vec![Some(4.5), Some(6.5)], 4, false, None)
        );
        let range: Vec<f64> = demo
            .total_range()
            .dyn_into::<Array>()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        assert_eq!(range, [3.0, 25.0]);
        let bands: Vec<(String, f64, f64)> = demo
            .bands()
            .unwrap()
            .dyn_into::<Array>()
            .unwrap()
            .iter()
            .map(|b| (string(&b, "label"), num(&b, "min"), num(&b, "max")))
            .collect();
        assert_eq!(
            bands,
            [
                ("low".into(), 3.0, 10.0),
                ("mid".into(), 11.0, 15.0),
                ("high".into(), 16.0, 25.0)
            ]
        );
        let names = ["first", "second"];
        let sc = |a: &[f64]| one(&score(&demo, list(a)), &names);
        // a=5, b=2 reversed to 4, c=3, d=10: 22, "high".
        let want: One = (
            Some(22.0),
            vec![Some(9.0), Some(13.0)],
            4,
            false,
            Some("high".into()),
        );
        assert_eq!(sc(&[5.0, 2.0, 3.0, 10.0]), want);
        assert_eq!(
            core_one(
                &core
                    .score_slice(&[5, 2, 3, 10], &ScoreOptions::default())
                    .unwrap()
            ),
            want
        );
        // Band bounds are inclusive: 3 = low.min, 10 = low.max, 11 = mid.min.
        assert_eq!(sc(&[1.0, 5.0, 1.0, 0.0]).4.as_deref(), Some("low"));
        assert_eq!(sc(&[1.0, 5.0, 1.0, 0.0]).0, Some(3.0));
        assert_eq!(sc(&[1.0, 5.0, 1.0, 7.0]).0, Some(10.0));
        assert_eq!(sc(&[1.0, 5.0, 1.0, 7.0]).4.as_deref(), Some("low"));
        assert_eq!(sc(&[1.0, 5.0, 1.0, 8.0]).0, Some(11.0));
        assert_eq!(sc(&[1.0, 5.0, 1.0, 8.0]).4.as_deref(), Some("mid"));
        // Per-item range: d accepts 10, a does not.
        let e = fails(
            demo.score(list(&[10.0, 1.0, 1.0, 1.0]), JsValue::NULL),
            "InvalidArgument",
        );
        assert!(message(&e).contains("item a = 10"), "{}", message(&e));
        // One missing (d): total 3 × 4/3 = 4, "second" prorated within its own rule.
        let nan = f64::NAN;
        assert_eq!(
            sc(&[1.0, 5.0, 1.0, nan]),
            (
                Some(4.0),
                vec![Some(2.0), Some(2.0)],
                3,
                true,
                Some("low".into())
            )
        );
        // a missing: "first" allows none.
        assert_eq!(sc(&[nan, 5.0, 1.0, 1.0]).1, [None, Some(2.0)]);
        // By item id, in any order.
        let o = obj(&[("d", n(10.0)), ("c", n(3.0)), ("b", n(2.0)), ("a", n(5.0))]);
        assert_eq!(one(&score(&demo, o), &names), want);
        // Batch: bands as labels and as indices into `bands`, subscale columns by name.
        let out = batch(
            &demo,
            Uint8Array::from([5u8, 2, 3, 10, 1, 5, 1, 8, 1, 1, 1, 1].as_slice()).into(),
            JsValue::NULL,
        );
        assert_eq!(totals(&out), [22.0, 11.0, 8.0]);
        let labels: Vec<Option<String>> = get(&out, "bands")
            .dyn_into::<Array>()
            .unwrap()
            .iter()
            .map(|b| b.as_string())
            .collect();
        assert_eq!(
            labels,
            [Some("high".into()), Some("mid".into()), Some("low".into())]
        );
        let index = get(&out, "bandIndex")
            .dyn_into::<Int32Array>()
            .unwrap()
            .to_vec();
        assert_eq!(index, [2, 1, 0]);
        let subs = get(&out, "subscales");
        assert_eq!(f64s(&get(&subs, "first")), [9.0, 2.0, 6.0]);
        assert_eq!(f64s(&get(&subs, "second")), [13.0, 9.0, 2.0]);
        // A total between bands has none: a mean total of 5.5 never falls in "low".
        let mut def = ScaleDef::from_json(DEMO).unwrap();
        def.bands[0].max = 5.0;
        let gap = ScaleJs::from_json(s(&def.to_json().unwrap())).unwrap();
        let out = batch(&gap, list(&[1.0, 5.0, 1.0, 6.0]), JsValue::NULL);
        assert_eq!(
            get(&out, "bands").dyn_into::<Array>().unwrap().get(0),
            JsValue::NULL
        );
        assert_eq!(
            get(&out, "bandIndex")
                .dyn_into::<Int32Array>()
                .unwrap()
                .to_vec(),
            [-1]
        );
        assert!(get(&score(&gap, list(&[1.0, 5.0, 1.0, 6.0])), "band").is_null());
        // JSON: text or object, round trip.
        let from_object = ScaleJs::from_json(json(DEMO)).unwrap();
        assert_eq!(from_object.core().definition(), core.definition());
        let back = ScaleDef::from_json(&demo.to_json().unwrap()).unwrap();
        assert_eq!(&back, core.definition());
    }

    #[wasm_bindgen_test]
    fn subscale_names_are_own_properties() {
        let mut def = ScaleDef::from_json(DEMO).unwrap();
        def.subscales[1].name = "__proto__".into();
        let scale = ScaleJs::from_json(s(&def.to_json().unwrap())).unwrap();
        let js = score(&scale, list(&[5.0, 2.0, 3.0, 10.0]));
        let subs = get(&js, "subscales");
        assert_eq!(
            js_sys::Object::get_prototype_of(&subs),
            js_sys::Object::get_prototype_of(&js_sys::Object::new().into()),
            "not a plain object"
        );
        let keys: Vec<String> = js_sys::Object::keys(subs.unchecked_ref::<js_sys::Object>())
            .iter()
            .map(|k| k.as_string().unwrap())
            .collect();
        assert_eq!(keys, ["first", "__proto__"]);
        let own = js_sys::Object::get_own_property_descriptor(
            subs.unchecked_ref::<js_sys::Object>(),
            &s("__proto__"),
        );
        assert_eq!(num(&own, "value"), 13.0);
    }

    #[wasm_bindgen_test]
    fn invalid_definitions_name_the_field() {
        let edit = |f: &dyn Fn(&mut ScaleDef)| {
            let mut def = ScaleDef::from_json(DEMO).unwrap();
            f(&mut def);
            let e = fails(
                ScaleJs::from_json(s(&def.to_json().unwrap())).map(|s| s.id()),
                "InvalidDefinition",
            );
            message(&e)
        };
        let m = edit(&|d| d.items.push("b".into()));
        assert!(
            m.contains("items[4]") && m.contains("\"b\" is listed twice"),
            "{m}"
        );
        let m = edit(&|d| d.range = groupwell::scales::ResponseRange { min: 5, max: 1 });
        assert!(m.contains("range") && m.contains("empty range"), "{m}");
        let m = edit(&|d| d.missing.max_missing = 4);
        assert!(m.contains("missing.max_missing"), "{m}");
        let m = edit(&|d| d.bands[1].min = 10.0);
        assert!(m.contains("bands[1]") && m.contains("overlaps"), "{m}");
        let m = edit(&|d| d.reverse.push("q".into()));
        assert!(
            m.contains("reverse[1]") && m.contains("unknown item"),
            "{m}"
        );
        // Unreadable JSON and unknown fields; not JSON at all.
        for bad in [
            s("{"),
            s(&DEMO.replace("\"bands\"", "\"colour\"")),
            obj(&[("id", s("x"))]),
        ] {
            fails(ScaleJs::from_json(bad).map(|s| s.id()), "Json");
        }
        for bad in [n(1.0), JsValue::NULL, JsValue::UNDEFINED] {
            fails(ScaleJs::from_json(bad).map(|s| s.id()), "InvalidArgument");
        }
    }

    // ------------------------------------------------------------ change

    fn threshold_of(v: &JsValue) -> (String, Option<f64>, Option<f64>, Option<f64>) {
        let f = |k: &str| get(v, k).as_f64();
        (string(v, "type"), f("mid"), f("sd"), f("reliability"))
    }

    fn strict() -> JsValue {
        obj(&[("type", s("strict"))])
    }

    fn mid(m: f64) -> JsValue {
        obj(&[("type", s("absolute")), ("mid", n(m))])
    }

    fn reliable(sd: f64, r: f64) -> JsValue {
        obj(&[
            ("type", s("reliable")),
            ("sd", n(sd)),
            ("reliability", n(r)),
        ])
    }

    fn opts(direction: &str, threshold: JsValue) -> JsValue {
        obj(&[("direction", s(direction)), ("threshold", threshold)])
    }

    fn class(a: f64, b: f64, direction: &str, threshold: JsValue) -> Option<String> {
        let v = gw::classify_change(n(a), n(b), opts(direction, threshold)).unwrap();
        assert!(v.is_null() || v.is_string(), "{v:?}");
        v.as_string()
    }

    const BETTER: &str = "higher_is_better";
    const WORSE: &str = "higher_is_worse";

    #[wasm_bindgen_test]
    fn threshold_presets() {
        let vas: JsValue = gw::eq_vas_mid().unwrap().into();
        assert_eq!(
            threshold_of(&vas),
            ("absolute".into(), Some(7.0), None, None)
        );
        let index: JsValue = gw::eq5d_index_mid().unwrap().into();
        assert_eq!(
            threshold_of(&index),
            ("absolute".into(), Some(0.074), None, None)
        );
        let sci: JsValue = gw::sci93_reliable(21.3).unwrap().into();
        assert_eq!(
            threshold_of(&sci),
            ("reliable".into(), None, Some(21.3), Some(0.95))
        );
        assert!(matches!(
            Threshold::sci93_reliable(21.3),
            Threshold::Reliable { reliability, .. } if reliability == 0.95
        ));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            fails(gw::sci93_reliable(bad).map(|_| ()), "InvalidArgument");
        }
        // The presets classify as the core's.
        assert_eq!(
            class(60.0, 67.0, BETTER, vas.clone()).as_deref(),
            Some("improved")
        );
        assert_eq!(
            class(0.626, 0.7, BETTER, index).as_deref(),
            Some("improved")
        );
        assert_eq!(class(80.0, 70.0, WORSE, sci).as_deref(), Some("unchanged"));
    }

    #[wasm_bindgen_test]
    fn reliable_change_index_is_the_cores() {
        for (a, b) in [(50.0, 56.3), (50.0, 56.1), (80.0, 60.0), (50.0, 43.7)] {
            let rc = gw::reliable_change_index(a, b, 10.0, 0.95).unwrap();
            assert_eq!(
                rc.to_bits(),
                change::reliable_change_index(a, b, 10.0, 0.95).to_bits()
            );
        }
        assert!(
            (gw::reliable_change_index(50.0, 56.3, 10.0, 0.95).unwrap() - 1.992_235).abs() < 1e-6
        );
        assert!(
            (gw::reliable_change_index(50.0, 56.1, 10.0, 0.95).unwrap() - 1.928_989).abs() < 1e-6
        );
        assert!(
            gw::reliable_change_index(f64::NAN, 1.0, 10.0, 0.95)
                .unwrap()
                .is_nan()
        );
        for (sd, r) in [
            (0.0, 0.9),
            (-1.0, 0.9),
            (f64::NAN, 0.9),
            (10.0, 1.0),
            (10.0, -0.1),
        ] {
            fails(
                gw::reliable_change_index(1.0, 2.0, sd, r),
                "InvalidArgument",
            );
        }
    }

    #[wasm_bindgen_test]
    fn classify_change_hand_worked() {
        // Strict: any difference.
        assert_eq!(
            class(50.0, 51.0, BETTER, strict()).as_deref(),
            Some("improved")
        );
        assert_eq!(
            class(50.0, 49.5, BETTER, strict()).as_deref(),
            Some("worsened")
        );
        assert_eq!(
            class(50.0, 50.0, BETTER, strict()).as_deref(),
            Some("unchanged")
        );
        assert_eq!(
            class(80.0, 79.0, WORSE, strict()).as_deref(),
            Some("improved")
        );
        assert_eq!(
            class(80.0, 81.0, WORSE, strict()).as_deref(),
            Some("worsened")
        );
        // Exactly at the MID counts: 60 → 67 improved, 66 unchanged, 53 worsened.
        assert_eq!(
            class(60.0, 67.0, BETTER, mid(7.0)).as_deref(),
            Some("improved")
        );
        assert_eq!(
            class(60.0, 66.0, BETTER, mid(7.0)).as_deref(),
            Some("unchanged")
        );
        assert_eq!(
            class(60.0, 53.0, BETTER, mid(7.0)).as_deref(),
            Some("worsened")
        );
        assert!((0.7f64 - 0.626).abs() < 0.074);
        assert_eq!(
            class(0.626, 0.7, BETTER, mid(0.074)).as_deref(),
            Some("improved")
        );
        assert_eq!(
            class(0.627, 0.7, BETTER, mid(0.074)).as_deref(),
            Some("unchanged")
        );
        // Reliable change on both sides of 1.96 (SD 10, r 0.95; higher is worse).
        let t = || reliable(10.0, 0.95);
        assert_eq!(class(50.0, 43.7, WORSE, t()).as_deref(), Some("improved"));
        assert_eq!(class(50.0, 43.9, WORSE, t()).as_deref(), Some("unchanged"));
        assert_eq!(class(50.0, 56.3, WORSE, t()).as_deref(), Some("worsened"));
        assert_eq!(class(50.0, 56.1, WORSE, t()).as_deref(), Some("unchanged"));
        // Agrees with the core over a grid of cases.
        for (a, b) in [(50.0, 43.7), (60.0, 67.0), (0.626, 0.7), (1.0, 1.0)] {
            for (d, dir) in [
                (BETTER, Direction::HigherIsBetter),
                (WORSE, Direction::HigherIsWorse),
            ] {
                for (js, core) in [
                    (strict(), Threshold::Strict),
                    (mid(7.0), Threshold::eq_vas_mid()),
                    (reliable(10.0, 0.95), Threshold::sci93_reliable(10.0)),
                ] {
                    let want = change::classify(a, b, dir, core)
                        .unwrap()
                        .map(ChangeClass::name);
                    assert_eq!(class(a, b, d, js).as_deref(), want);
                }
            }
        }
        // Missing at either timepoint: null.
        for (a, b) in [
            (JsValue::NULL, n(1.0)),
            (n(1.0), JsValue::UNDEFINED),
            (n(f64::NAN), n(1.0)),
        ] {
            assert!(
                gw::classify_change(a, b, opts(BETTER, strict()))
                    .unwrap()
                    .is_null()
            );
        }
        // Direction aliases are the core's.
        assert_eq!(
            class(1.0, 2.0, "better", strict()).as_deref(),
            Some("improved")
        );
        assert_eq!(
            class(1.0, 2.0, "higher is worse", strict()).as_deref(),
            Some("worsened")
        );
    }

    #[wasm_bindgen_test]
    fn classify_change_bad_input() {
        let call = |a: JsValue, b: JsValue, o: JsValue| gw::classify_change(a, b, o);
        fails(
            call(n(f64::INFINITY), n(1.0), opts(BETTER, strict())),
            "InvalidArgument",
        );
        fails(
            call(s("1"), n(1.0), opts(BETTER, strict())),
            "InvalidArgument",
        );
        for t in [
            mid(0.0),
            mid(f64::NAN),
            mid(-1.0),
            reliable(0.0, 0.9),
            reliable(10.0, 1.0),
            reliable(10.0, -0.1),
            obj(&[("type", s("absolute"))]),
            obj(&[("type", s("absolute")), ("mid", s("7"))]),
            obj(&[("type", s("strict")), ("mid", n(7.0))]),
            obj(&[("type", s("absolute")), ("mid", n(7.0)), ("sd", n(1.0))]),
            obj(&[("type", s("absolute")), ("mid", n(7.0)), ("extra", n(1.0))]),
            obj(&[("type", s("mid")), ("mid", n(7.0))]),
            obj(&[("mid", n(7.0))]),
            s("strict"),
            n(7.0),
            JsValue::NULL,
            Array::new().into(),
        ] {
            fails(call(n(1.0), n(2.0), opts(BETTER, t)), "InvalidArgument");
        }
        for o in [
            opts("sideways", strict()),
            obj(&[("threshold", strict())]),
            obj(&[("direction", s(BETTER))]),
            obj(&[("direction", n(1.0)), ("threshold", strict())]),
            obj(&[
                ("direction", s(BETTER)),
                ("threshold", strict()),
                ("output", s("codes")),
            ]),
            JsValue::UNDEFINED,
            s(BETTER),
        ] {
            fails(call(n(1.0), n(2.0), o), "InvalidArgument");
        }
    }

    fn codes(v: &JsValue) -> Vec<u8> {
        v.clone().dyn_into::<Uint8Array>().unwrap().to_vec()
    }

    #[wasm_bindgen_test]
    fn classify_changes_codes_and_labels() {
        let a = [50.0, 60.0, f64::NAN, 60.0, 60.0, 1.0];
        let b = [60.0, 55.0, 70.0, 53.0, 67.0, f64::NAN];
        let o = || opts(BETTER, mid(7.0));
        let want = change::classify_all(&a, &b, Direction::HigherIsBetter, Threshold::eq_vas_mid())
            .unwrap();
        let want_codes: Vec<u8> = want
            .iter()
            .map(|c| match c {
                None => 0,
                Some(ChangeClass::Improved) => 1,
                Some(ChangeClass::Unchanged) => 2,
                Some(ChangeClass::Worsened) => 3,
            })
            .collect();
        assert_eq!(want_codes, [1, 2, 0, 3, 1, 0]);
        let js = gw::classify_changes(f64_array(&a), f64_array(&b), o()).unwrap();
        assert_eq!(codes(&js), want_codes);
        let js = gw::classify_changes(list(&a), list(&b), o()).unwrap();
        assert_eq!(codes(&js), want_codes);
        let with = |k: &str| {
            let o = o();
            Reflect::set(&o, &s("output"), &s(k)).unwrap();
            o
        };
        assert_eq!(
            codes(&gw::classify_changes(f64_array(&a), list(&b), with("codes")).unwrap()),
            want_codes
        );
        let labels: Vec<Option<String>> =
            gw::classify_changes(f64_array(&a), f64_array(&b), with("labels"))
                .unwrap()
                .dyn_into::<Array>()
                .unwrap()
                .iter()
                .map(|x| {
                    assert!(x.is_null() || x.is_string());
                    x.as_string()
                })
                .collect();
        let want_labels: Vec<Option<String>> = want
            .iter()
            .map(|c| c.map(|c| c.name().to_string()))
            .collect();
        assert_eq!(labels, want_labels);
        // Empty input.
        assert!(codes(&gw::classify_changes(list(&[]), list(&[]), o()).unwrap()).is_empty());
        // Infinite scores: every bad row listed; unequal lengths; bad input.
        let e = gw::classify_changes(
            f64_array(&[1.0, f64::INFINITY, 3.0, 4.0]),
            f64_array(&[1.0, 2.0, f64::NEG_INFINITY, 5.0]),
            opts(BETTER, strict()),
        )
        .unwrap_err();
        assert_eq!(error_rows(&e), [1, 2]);
        let fields: Vec<String> = get(&e, "rows")
            .dyn_into::<Array>()
            .unwrap()
            .iter()
            .map(|r| string(&r, "field"))
            .collect();
        assert_eq!(fields, ["baseline", "follow_up"]);
        fails(
            gw::classify_changes(list(&[1.0]), list(&[]), o()),
            "LengthMismatch",
        );
        for (x, y, o) in [
            (list(&[1.0]), list(&[1.0]), with("text")),
            (list(&[1.0]), list(&[1.0]), opts("up", strict())),
            (s("1"), list(&[1.0]), o()),
            (list(&[1.0]), Int32Array::from([1].as_slice()).into(), o()),
            (
                [JsValue::from_str("1")]
                    .into_iter()
                    .collect::<Array>()
                    .into(),
                list(&[1.0]),
                o(),
            ),
        ] {
            fails(gw::classify_changes(x, y, o), "InvalidArgument");
        }
    }

    #[wasm_bindgen_test]
    fn scales_typescript_is_declared() {
        for name in [
            "export function classifyChanges(",
            "export type ScaleAnswers",
            "export type AnswerRows",
            "export type Direction",
            "export type ChangeClass",
            "export interface ClassifyOptions",
            "export interface ScoreBatchOptions",
        ] {
            assert!(gw::TYPESCRIPT_DECLARATIONS.contains(name), "missing {name}");
        }
        // The core's error mode names are the ones the options accept.
        assert_eq!("coerce".parse::<ErrorMode>().unwrap(), ErrorMode::Coerce);
    }
}

// ---------------------------------------------------------------- programs

mod program {
    use super::*;
    use groupwell::program::csv::CsvTables;
    use groupwell::program::{Anchor, GroupFilter, Period, Program, TidyOptions};
    use gw::ProgramJs;

    const SHG: &str = include_str!("../../examples/programs/self-help-groups.json");
    const VPG: &str = include_str!("../../examples/programs/virtual-parent-group.json");
    const PAP: &str = include_str!("../../examples/programs/prescription.json");

    /// The CSV tables of the self-help groups and their skeleton.
    fn shg_tables() -> (JsValue, &'static str) {
        let o = js_sys::Object::new();
        for (k, v) in [
            (
                "units",
                include_str!("../../examples/programs/self-help-groups/units.csv"),
            ),
            (
                "groups",
                include_str!("../../examples/programs/self-help-groups/groups.csv"),
            ),
            (
                "participants",
                include_str!("../../examples/programs/self-help-groups/participants.csv"),
            ),
            (
                "enrolments",
                include_str!("../../examples/programs/self-help-groups/enrolments.csv"),
            ),
            (
                "sessions",
                include_str!("../../examples/programs/self-help-groups/sessions.csv"),
            ),
            (
                "measurements",
                include_str!("../../examples/programs/self-help-groups/measurements.csv"),
            ),
        ] {
            Reflect::set(&o, &s(k), &s(v)).unwrap();
        }
        (
            o.into(),
            include_str!("../../examples/programs/self-help-groups/program.json"),
        )
    }

    fn s(x: &str) -> JsValue {
        JsValue::from_str(x)
    }

    fn obj(fields: &[(&str, JsValue)]) -> JsValue {
        let o = js_sys::Object::new();
        for (k, v) in fields {
            Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
        }
        o.into()
    }

    fn load(text: &str) -> ProgramJs {
        ProgramJs::from_json(s(text)).unwrap()
    }

    fn core(text: &str) -> Program {
        Program::from_json(text).unwrap()
    }

    fn array(v: &JsValue) -> Vec<JsValue> {
        v.dyn_ref::<Array>()
            .unwrap_or_else(|| panic!("not an Array: {v:?}"))
            .iter()
            .collect()
    }

    fn strings(v: &JsValue) -> Vec<String> {
        array(v).iter().map(|x| x.as_string().unwrap()).collect()
    }

    fn usize_of(v: &JsValue, key: &str) -> usize {
        get(v, key).as_f64().unwrap() as usize
    }

    /// `null` as `None`, else the string.
    fn opt_string(v: &JsValue, key: &str) -> Option<String> {
        let x = get(v, key);
        if x.is_null() {
            None
        } else {
            Some(x.as_string().unwrap())
        }
    }

    fn opt_f64(v: &JsValue, key: &str) -> Option<f64> {
        let x = get(v, key);
        if x.is_null() {
            None
        } else {
            Some(x.as_f64().unwrap())
        }
    }

    fn is_plain(v: &JsValue) -> bool {
        v.is_object()
            && js_sys::Object::get_prototype_of(v)
                == js_sys::Object::get_prototype_of(&js_sys::Object::new().into())
    }

    fn year(y: &str) -> JsValue {
        obj(&[
            ("start", s(&format!("{y}-01-01"))),
            ("end", s(&format!("{y}-12-31"))),
        ])
    }

    #[wasm_bindgen_test]
    fn from_json_and_getters_match_the_core() {
        for text in [SHG, VPG, PAP] {
            let p = load(text);
            let c = core(text);
            assert_eq!(p.core(), &c);
            assert_eq!(p.id(), c.id);
            assert_eq!(p.name(), c.name);
            assert_eq!(p.format(), "groupwell-program/1");
            let period = p.period().unwrap();
            assert!(is_plain(&period));
            assert_eq!(string(&period, "start"), c.period.start.to_string());
            assert_eq!(string(&period, "end"), c.period.end.to_string());
            assert_eq!(p.owners(), c.owners);
            assert_eq!(p.timepoints(), c.schedule.names());
            assert_eq!(p.instrument(), c.instruments.eq5d.short_name());
            let counts = p.counts().unwrap();
            assert_eq!(usize_of(&counts, "units"), c.units.len());
            assert_eq!(usize_of(&counts, "groups"), c.groups.len());
            assert_eq!(usize_of(&counts, "participants"), c.participants.len());
            assert_eq!(usize_of(&counts, "enrolments"), c.enrolments.len());
            assert_eq!(usize_of(&counts, "sessions"), c.sessions.len());
            assert_eq!(usize_of(&counts, "measurements"), c.measurements.len());
            assert!(!p.has_sources());
            // JSON: the core's text, read back equal; an object reads as its JSON.
            assert_eq!(p.to_json().unwrap(), c.to_json().unwrap());
            let from_object = ProgramJs::from_json(json(text)).unwrap();
            assert_eq!(from_object.id(), c.id);
            let skeleton = p.skeleton();
            assert_eq!(skeleton.core(), &c.skeleton());
        }
    }

    #[wasm_bindgen_test]
    fn bad_documents_throw_json_errors() {
        let e = fails(ProgramJs::from_json(s("{\"id\": ")).map(|p| p.id()), "Json");
        assert!(get(&e, "line").as_f64().unwrap() >= 1.0);
        assert!(get(&e, "column").as_f64().unwrap() >= 1.0);
        let bad = SHG.replacen("\"2015-02-02\"", "\"2015-02-31\"", 1);
        let e = fails(ProgramJs::from_json(s(&bad)).map(|p| p.id()), "Json");
        let want = core(SHG);
        let core_err = Program::from_json(&bad).unwrap_err();
        assert_eq!(string(&e, "message"), core_err.to_string());
        assert!(string(&e, "message").contains("groups[0].start"));
        drop(want);
        for v in [JsValue::NULL, JsValue::UNDEFINED, JsValue::from_f64(1.0)] {
            fails(ProgramJs::from_json(v).map(|p| p.id()), "InvalidArgument");
        }
    }

    #[wasm_bindgen_test]
    fn csv_import_matches_the_core() {
        let (tables, skeleton) = shg_tables();
        let p = ProgramJs::from_csv(tables, s(skeleton), JsValue::UNDEFINED).unwrap();
        assert!(p.has_sources());
        assert_eq!(p.core(), &core(SHG));
        assert_eq!(p.to_json().unwrap(), core(SHG).to_json().unwrap());
        // The export as plain strings, read back by the core and by fromCsv.
        let t = load(SHG).to_csv_tables().unwrap();
        assert!(is_plain(&t));
        let want = core(SHG).to_csv_tables().unwrap();
        let got = CsvTables {
            units: string(&t, "units"),
            groups: string(&t, "groups"),
            participants: string(&t, "participants"),
            enrolments: string(&t, "enrolments"),
            sessions: string(&t, "sessions"),
            measurements: string(&t, "measurements"),
        };
        assert_eq!(got, want);
        let back = ProgramJs::from_csv(
            t,
            s(&core(SHG).skeleton().to_json().unwrap()),
            JsValue::NULL,
        )
        .unwrap();
        assert_eq!(back.core(), &core(SHG));
    }

    #[wasm_bindgen_test]
    fn csv_errors_name_table_file_row_and_column() {
        let skeleton = s(PAP);
        let tables = obj(&[(
            "enrolments",
            s("participant,group,joined\np1,g1,2015-02-30\np2,g1,\n"),
        )]);
        let e = fails(
            ProgramJs::from_csv(tables, skeleton.clone(), JsValue::UNDEFINED).map(|p| p.id()),
            "Rows",
        );
        assert_eq!(string(&e, "table"), "enrolments");
        assert_eq!(string(&e, "file"), "enrolments.csv");
        let rows: Vec<(usize, String)> = array(&get(&e, "rows"))
            .iter()
            .map(|r| (usize_of(r, "row"), string(r, "field")))
            .collect();
        assert_eq!(rows, [(0, "joined".into()), (1, "joined".into())]);
        assert!(string(&e, "message").contains("enrolments.csv line 2, column joined"));
        // Renamed columns and labels.
        let tables = obj(&[("participants", s("person,sex\np1,female\n"))]);
        let options = obj(&[
            (
                "columns",
                obj(&[("participants", obj(&[("id", s("person"))]))]),
            ),
            ("files", obj(&[("participants", s("people.csv"))])),
        ]);
        let p = ProgramJs::from_csv(tables, skeleton.clone(), options).unwrap();
        // The skeleton has records: the table extends them.
        assert_eq!(p.core().participants.last().unwrap().id, "p1");
        let e = fails(
            ProgramJs::from_csv(
                obj(&[("participants", s("x\n1\n"))]),
                skeleton.clone(),
                none(),
            )
            .map(|p| p.id()),
            "InvalidArgument",
        );
        assert_eq!(string(&e, "table"), "participants");
        for (tables, options) in [
            (obj(&[("people", s(""))]), none()),
            (obj(&[("units", JsValue::from_f64(1.0))]), none()),
            (s("units"), none()),
            (obj(&[]), obj(&[("colums", obj(&[]))])),
            (
                obj(&[]),
                obj(&[("measurementColumns", obj(&[("layout", s("tall"))]))]),
            ),
        ] {
            fails(
                ProgramJs::from_csv(tables, skeleton.clone(), options).map(|p| p.id()),
                "InvalidArgument",
            );
        }
    }

    #[wasm_bindgen_test]
    fn validation_matches_the_core_with_csv_cells() {
        let mut c = core(SHG);
        c.measurements[0].vas = Some(101.0);
        c.enrolments[2].participant = "nobody".into();
        let p = ProgramJs::from_json(s(&c.to_json().unwrap())).unwrap();
        let v = p.validate().unwrap();
        assert!(is_plain(&v));
        assert_eq!(get(&v, "valid").as_bool(), Some(false));
        let want = c.validate();
        let findings = array(&get(&v, "findings"));
        assert_eq!(findings.len(), want.findings.len());
        for (f, w) in findings.iter().zip(&want.findings) {
            assert_eq!(string(f, "severity"), w.severity.to_string());
            assert_eq!(string(f, "code"), w.code.as_str());
            assert_eq!(string(f, "path"), w.location.path);
            assert_eq!(string(f, "table"), w.location.table);
            assert_eq!(
                get(f, "index").as_f64().map(|x| x as usize),
                w.location.index
            );
            assert_eq!(opt_string(f, "field"), w.location.field);
            assert!(get(f, "csv").is_null());
            assert_eq!(string(f, "message"), w.message);
        }
        let paths: Vec<String> = findings.iter().map(|f| string(f, "path")).collect();
        assert!(paths.contains(&"/measurements/0/vas".to_string()));
        assert!(paths.contains(&"/enrolments/2/participant".to_string()));
        // From CSV: the same finding with its cell.
        let (tables, skeleton) = shg_tables();
        let measurements = string(&tables, "measurements");
        let mut lines: Vec<String> = measurements.lines().map(str::to_owned).collect();
        let mut cells: Vec<&str> = lines[1].split(',').collect();
        cells[3] = "101";
        lines[1] = cells.join(",");
        Reflect::set(&tables, &s("measurements"), &s(&lines.join("\n"))).unwrap();
        let p = ProgramJs::from_csv(tables, s(skeleton), none()).unwrap();
        let v = p.validate().unwrap();
        let f = array(&get(&v, "findings"))
            .into_iter()
            .find(|f| string(f, "path") == "/measurements/0/vas")
            .unwrap();
        let cell = get(&f, "csv");
        assert_eq!(string(&cell, "file"), "measurements.csv");
        assert_eq!(usize_of(&cell, "line"), 2);
        assert_eq!(string(&cell, "column"), "vas");
        // validateAndAssign agrees.
        let both = p.validate_and_assign().unwrap();
        let again = get(&both, "validation");
        assert_eq!(
            js_sys::JSON::stringify(&again).unwrap(),
            js_sys::JSON::stringify(&v).unwrap()
        );
    }

    #[wasm_bindgen_test]
    fn assignments_match_the_core() {
        for text in [SHG, VPG, PAP] {
            let c = core(text);
            let want = c.assign_timepoints();
            let a = load(text).assign_timepoints().unwrap();
            let got = array(&get(&a, "assignments"));
            assert_eq!(got.len(), want.assignments.len());
            for (x, w) in got.iter().zip(&want.assignments) {
                assert_eq!(usize_of(x, "enrolment"), w.enrolment);
                assert_eq!(string(x, "participant"), w.participant);
                assert_eq!(string(x, "group"), w.group);
                assert_eq!(string(x, "timepoint"), w.timepoint);
                assert_eq!(usize_of(x, "measurement"), w.measurement);
                assert_eq!(string(x, "date"), w.date.to_string());
                assert_eq!(string(x, "target"), w.target.to_string());
                assert_eq!(
                    get(x, "distanceDays").as_f64().unwrap(),
                    w.distance_days() as f64
                );
                let window = get(x, "window");
                assert_eq!(string(&window, "start"), w.window.start.to_string());
                assert_eq!(string(&window, "end"), w.window.end.to_string());
                assert_eq!(usize_of(x, "candidates"), w.candidates);
                assert_eq!(get(x, "atGroupEnd").as_bool(), Some(w.at_group_end));
                let anchor = match w.anchor {
                    Anchor::Joined => "joined",
                    Anchor::GroupStart => "group_start",
                    Anchor::GroupEnd => "group_end",
                    Anchor::EnrolmentEnd => "enrolment_end",
                };
                assert_eq!(string(x, "anchor"), anchor);
                assert_eq!(string(x, "offset"), w.offset.to_string());
                assert_eq!(string(x, "explanation"), w.explain());
            }
            let missing = array(&get(&a, "missing"));
            assert_eq!(missing.len(), want.missing.len());
            for (x, w) in missing.iter().zip(&want.missing) {
                assert_eq!(usize_of(x, "enrolment"), w.enrolment);
                assert_eq!(string(x, "timepoint"), w.timepoint);
                assert_eq!(string(x, "reason"), w.reason);
                assert_eq!(get(x, "window").is_null(), w.window.is_none());
            }
            let unassigned = array(&get(&a, "unassigned"));
            assert_eq!(unassigned.len(), want.unassigned.len());
            for (x, w) in unassigned.iter().zip(&want.unassigned) {
                assert_eq!(usize_of(x, "measurement"), w.measurement);
                assert_eq!(string(x, "date"), w.date.to_string());
                assert_eq!(string(x, "reason"), w.reason);
            }
            // Every enrolment × timepoint is assigned or missing.
            assert_eq!(
                got.len() + missing.len(),
                c.enrolments.len() * c.schedule.timepoints.len()
            );
        }
    }

    #[wasm_bindgen_test]
    fn queries_match_the_core() {
        let p = load(SHG);
        let c = core(SHG);
        let y2015 = Period::year(2015).unwrap();
        let all = GroupFilter::default();
        let running = p.groups_running(year("2015"), none()).unwrap();
        // The records as the document has them.
        let mut doc = c.skeleton();
        doc.groups = c
            .groups_running(&y2015, &all)
            .into_iter()
            .cloned()
            .collect();
        let want: Vec<String> = array(&get(&json(&doc.to_json().unwrap()), "groups"))
            .iter()
            .map(|g| js_sys::JSON::stringify(g).unwrap().as_string().unwrap())
            .collect();
        assert!(!want.is_empty());
        let got: Vec<String> = array(&running)
            .iter()
            .map(|g| js_sys::JSON::stringify(g).unwrap().as_string().unwrap())
            .collect();
        assert_eq!(got, want);
        let stress = obj(&[("theme", s("STRESS")), ("peerLed", JsValue::TRUE)]);
        let filter = GroupFilter {
            theme: Some("STRESS".into()),
            peer_led: Some(true),
            ..GroupFilter::default()
        };
        assert_eq!(
            array(&p.groups_running(year("2015"), stress.clone()).unwrap()).len(),
            c.groups_running(&y2015, &filter).len()
        );
        assert_eq!(
            p.participants_in(year("2015"), stress).unwrap(),
            c.participants_in(&y2015, &filter)
        );
        assert_eq!(
            p.participants_in(year("2016"), JsValue::NULL).unwrap(),
            c.participants_in(&Period::year(2016).unwrap(), &all)
        );
        for (period, filter) in [
            (obj(&[("start", s("2015-01-01"))]), none()),
            (
                obj(&[("start", s("2015-01-01")), ("end", s("31/12/2015"))]),
                none(),
            ),
            (year("2015"), obj(&[("format", s("outdoors"))])),
            (year("2015"), obj(&[("peerLed", s("yes"))])),
            (year("2015"), obj(&[("colour", s("red"))])),
        ] {
            fails(
                p.participants_in(period.clone(), filter.clone()),
                "InvalidArgument",
            );
            fails(p.groups_running(period, filter), "InvalidArgument");
        }

        let att = array(&p.attendance().unwrap());
        let want = c.attendance();
        assert_eq!(att.len(), want.len());
        for (x, w) in att.iter().zip(&want) {
            assert_eq!(string(x, "group"), w.group);
            assert_eq!(usize_of(x, "sessions"), w.sessions);
            assert_eq!(usize_of(x, "expected"), w.expected);
            assert_eq!(usize_of(x, "attended"), w.attended);
            assert_eq!(opt_f64(x, "rate"), w.rate());
        }
        let per = array(&p.participant_attendance().unwrap());
        let want = c.participant_attendance();
        assert_eq!(per.len(), want.len());
        for (x, w) in per.iter().zip(&want) {
            assert_eq!(string(x, "participant"), w.participant);
            assert_eq!(string(x, "group"), w.group);
            assert_eq!(usize_of(x, "sessions"), w.sessions);
            assert_eq!(usize_of(x, "attended"), w.attended);
            assert_eq!(opt_f64(x, "rate"), w.rate());
        }
        let done = array(&p.completion().unwrap());
        let want = c.completion();
        assert_eq!(done.len(), want.len());
        for (x, w) in done.iter().zip(&want) {
            assert_eq!(string(x, "group"), w.group);
            assert_eq!(
                [
                    "enrolled",
                    "completed",
                    "droppedOut",
                    "moved",
                    "other",
                    "active"
                ]
                .map(|k| usize_of(x, k)),
                [
                    w.enrolled,
                    w.completed,
                    w.dropped_out,
                    w.moved,
                    w.other,
                    w.active
                ]
            );
            assert_eq!(opt_f64(x, "completionRate"), w.completion_rate());
            assert_eq!(opt_f64(x, "dropoutRate"), w.dropout_rate());
        }
        let sums = array(&p.group_summaries().unwrap());
        let want = c.group_summaries();
        assert_eq!(sums.len(), want.len());
        for (x, w) in sums.iter().zip(&want) {
            assert_eq!(string(x, "group"), w.group);
            assert_eq!(string(x, "theme"), w.theme);
            assert_eq!(string(x, "format"), w.format.as_str());
            assert_eq!(strings(&get(x, "units")), w.units);
            assert_eq!(string(x, "start"), w.start.to_string());
            assert_eq!(opt_string(x, "end"), w.end.map(|d| d.to_string()));
            assert_eq!(usize_of(x, "participants"), w.participants);
            let within = get(x, "withinCapacity");
            assert_eq!(within.as_bool(), w.within_capacity);
            assert_eq!(within.is_null(), w.within_capacity.is_none());
        }
    }

    #[wasm_bindgen_test]
    fn tidy_matches_the_core() {
        for (text, sets) in [
            (SHG, vec!["5L_SE_2022", "5L_UK"]),
            (VPG, vec!["5L_SE_2022"]),
            (PAP, vec![]),
        ] {
            let p = load(text);
            let c = core(text);
            let opts = TidyOptions {
                value_sets: sets.iter().map(|s| s.to_string()).collect(),
                ..TidyOptions::default()
            };
            let want = c.tidy(&opts).unwrap();
            let js_sets: Array = sets.iter().map(|x| s(x)).collect();
            let t = p.tidy(obj(&[("valueSets", js_sets.into())])).unwrap();
            assert!(is_plain(&t));
            let keys: Vec<String> = js_sys::Object::keys(t.unchecked_ref::<js_sys::Object>())
                .iter()
                .map(|k| k.as_string().unwrap())
                .collect();
            assert_eq!(
                keys,
                [
                    "participant",
                    "group",
                    "theme",
                    "format",
                    "unit",
                    "sex",
                    "ageBand",
                    "timepoint",
                    "date",
                    "measure",
                    "value"
                ]
            );
            assert_eq!(strings(&get(&t, "participant")), want.participant);
            assert_eq!(strings(&get(&t, "group")), want.group);
            assert_eq!(strings(&get(&t, "theme")), want.theme);
            assert_eq!(strings(&get(&t, "format")), want.format);
            assert_eq!(strings(&get(&t, "unit")), want.unit);
            assert_eq!(strings(&get(&t, "sex")), want.sex);
            assert_eq!(strings(&get(&t, "ageBand")), want.age_band);
            assert_eq!(strings(&get(&t, "timepoint")), want.timepoint);
            let dates: Vec<String> = want.date.iter().map(|d| d.to_string()).collect();
            assert_eq!(strings(&get(&t, "date")), dates);
            assert_eq!(strings(&get(&t, "measure")), want.measure);
            same_bits(&f64s(&get(&t, "value")), &want.value, "tidy values");
            assert!(!want.value.is_empty());
            assert_eq!(
                p.tidy_csv(obj(&[(
                    "valueSets",
                    sets.iter().map(|x| s(x)).collect::<Array>().into()
                )]))
                .unwrap(),
                want.to_csv()
            );
            let no_subscales = c
                .tidy(&TidyOptions {
                    subscales: false,
                    ..TidyOptions::default()
                })
                .unwrap();
            let t = p.tidy(obj(&[("subscales", JsValue::FALSE)])).unwrap();
            assert_eq!(strings(&get(&t, "measure")), no_subscales.measure);
        }
        // Cells holding the separator of the joined columns cross one by one.
        let mut c = core(VPG);
        let old = c.participants[0].id.clone();
        let odd = "p\u{1f}1";
        c.participants[0].id = odd.into();
        for e in &mut c.enrolments {
            if e.participant == old {
                e.participant = odd.into();
            }
        }
        for m in &mut c.measurements {
            if m.participant == old {
                m.participant = odd.into();
            }
        }
        let p = ProgramJs::from_json(s(&c.to_json().unwrap())).unwrap();
        let want = c.tidy(&TidyOptions::default()).unwrap();
        let t = p.tidy(none()).unwrap();
        assert_eq!(strings(&get(&t, "participant")), want.participant);
        assert!(want.participant.iter().any(|x| x == odd));
        // Empty programs give empty columns; bad options throw.
        let empty = load(&c.skeleton().to_json().unwrap());
        let t = empty.tidy(none()).unwrap();
        assert!(array(&get(&t, "date")).is_empty());
        assert!(array(&get(&t, "participant")).is_empty());
        assert!(f64s(&get(&t, "value")).is_empty());
        fails(p.tidy(obj(&[("valueSets", s("5L_UK"))])), "InvalidArgument");
        fails(
            p.tidy(obj(&[(
                "valueSets",
                [s("nope")].into_iter().collect::<Array>().into(),
            )])),
            "UnknownValueSet",
        );
        fails(p.tidy(obj(&[("subscales", s("no"))])), "InvalidArgument");
        fails(p.tidy_csv(obj(&[("extra", s("no"))])), "InvalidArgument");
    }

    #[wasm_bindgen_test]
    fn arbitrary_documents_never_panic() {
        let mut seed: u64 = 0x0123_4567_89AB_CDEF;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet: Vec<char> = "{}[]\":,0123456789-.eE tfnaulrs\n\\/_;é\u{1f}\u{0}😀"
            .chars()
            .collect();
        let (tables, skeleton) = shg_tables();
        let measurements = string(&tables, "measurements");
        for _ in 0..150 {
            let base = [SHG, VPG, PAP][(next() % 3) as usize];
            let mut text: Vec<char> = base.chars().collect();
            for _ in 0..1 + next() % 3 {
                let at = (next() as usize) % text.len();
                let cut = ((next() % 8) as usize).min(text.len() - at);
                let insert: Vec<char> = (0..next() % 5)
                    .map(|_| alphabet[(next() as usize) % alphabet.len()])
                    .collect();
                text.splice(at..at + cut, insert);
            }
            let text: String = text.into_iter().collect();
            match ProgramJs::from_json(s(&text)) {
                Err(e) => {
                    check_error(&e, "Json");
                }
                Ok(p) => {
                    let _ = p.validate_and_assign().unwrap();
                    let _ = p.tidy(none());
                    let _ = p.to_csv_tables();
                    let _ = p.group_summaries().unwrap();
                    let _ = p.participants_in(year("2015"), none()).unwrap();
                }
            }
            let at = (next() as usize) % measurements.len();
            let mut mutated = measurements.clone();
            if mutated.is_char_boundary(at) {
                mutated.insert(at, alphabet[(next() as usize) % alphabet.len()]);
            }
            Reflect::set(&tables, &s("measurements"), &s(&mutated)).unwrap();
            if let Err(e) = ProgramJs::from_csv(tables.clone(), s(skeleton), none()) {
                assert!(e.is_instance_of::<js_sys::Error>());
                assert_eq!(string(&e, "name"), "GroupwellError");
            }
        }
        // Still alive.
        assert!(
            get(&load(PAP).validate().unwrap(), "valid")
                .as_bool()
                .unwrap()
        );
    }

    #[wasm_bindgen_test]
    fn program_typescript_is_declared() {
        for name in [
            "export interface ProgramDocument",
            "export interface FromCsvOptions",
            "export interface MeasurementColumns",
            "export interface GroupFilter",
            "export interface TidyOptions",
            "export type FindingCode",
            "export type CsvTablesInput",
        ] {
            assert!(gw::TYPESCRIPT_DECLARATIONS.contains(name), "missing {name}");
        }
    }
}

// ---------------------------------------------------------------- goals

mod goals {
    use super::*;
    use groupwell::goals::GoalSet;
    use groupwell::program::Program;
    use gw::{GoalReportJs, GoalSetJs, ProgramJs};

    const SHG: &str = include_str!("../../examples/programs/self-help-groups.json");
    const GOALS: &str = include_str!("../../examples/goals/self-help-goals.json");

    fn s(x: &str) -> JsValue {
        JsValue::from_str(x)
    }

    fn program() -> ProgramJs {
        ProgramJs::from_json(s(SHG)).unwrap()
    }

    fn core_report() -> groupwell::goals::Report {
        GoalSet::from_json(GOALS)
            .unwrap()
            .evaluate(&Program::from_json(SHG).unwrap())
            .unwrap()
    }

    fn evaluate(goals: JsValue) -> Result<GoalReportJs, JsValue> {
        program().evaluate(goals)
    }

    /// The error of a call expected to fail (the handles have no `Debug`).
    fn err<T>(r: Result<T, JsValue>, kind: &str) -> JsValue {
        fails(r.map(|_| ()), kind)
    }

    /// `snake_case` → `camelCase`, as serde's `rename_all = "camelCase"`.
    fn camel(key: &str) -> String {
        let mut out = String::new();
        let mut upper = false;
        for c in key.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.extend(c.to_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Checks that `data` (toObject) is `json` (the core's JSON, parsed) with camelCase keys
    /// and `NaN` for `null` numbers; every key on both sides.
    fn mirrors(json: &JsValue, data: &JsValue, path: &str) {
        if json.is_null() {
            assert!(
                data.is_null() || data.as_f64().is_some_and(f64::is_nan),
                "{path}: null vs {data:?}"
            );
        } else if Array::is_array(json) {
            let (a, b): (Array, Array) = (json.clone().into(), data.clone().dyn_into().unwrap());
            assert_eq!(a.length(), b.length(), "{path}: lengths");
            for i in 0..a.length() {
                mirrors(&a.get(i), &b.get(i), &format!("{path}[{i}]"));
            }
        } else if json.is_object() {
            let keys = js_sys::Object::keys(json.unchecked_ref::<js_sys::Object>());
            let data_keys = js_sys::Object::keys(data.unchecked_ref::<js_sys::Object>());
            assert_eq!(
                keys.length(),
                data_keys.length(),
                "{path}: keys {data_keys:?}"
            );
            for k in keys.iter() {
                let k = k.as_string().unwrap();
                let c = camel(&k);
                assert!(
                    Reflect::has(data, &s(&c)).unwrap(),
                    "{path}: {c} (from {k}) missing"
                );
                mirrors(&get(json, &k), &get(data, &c), &format!("{path}.{c}"));
            }
        } else if let Some(x) = json.as_f64() {
            let y = data.as_f64().unwrap_or_else(|| panic!("{path}: {data:?}"));
            assert_eq!(x.to_bits(), y.to_bits(), "{path}: {x} vs {y}");
        } else {
            assert_eq!(json, data, "{path}");
        }
    }

    #[wasm_bindgen_test]
    fn example_report_equals_the_core() {
        let core = core_report();
        assert_eq!(core.results.len(), 8);
        let expected = core.to_json().unwrap();
        // Goals as text, as an object, and as a GoalSet.
        let set = GoalSetJs::from_json(s(GOALS)).unwrap();
        assert_eq!(set.core(), &GoalSet::from_json(GOALS).unwrap());
        let handle: JsValue = set.into();
        for goals in [s(GOALS), json(GOALS), handle.clone()] {
            let r = evaluate(goals).unwrap();
            assert_eq!(r.to_json().unwrap(), expected);
            assert_eq!(r.core().to_json().unwrap(), expected);
            assert_eq!(r.program_id(), "self-help-2015");
            assert_eq!(r.program_name(), core.program_name);
            assert_eq!(r.to_markdown(), core.to_markdown());
            assert_eq!(r.to_html(), core.to_html());
            assert_eq!(r.to_html_fragment(), core.to_html_fragment());
        }
        // The handle was only read, not consumed.
        let ids: Vec<String> = get(&handle, "ids")
            .dyn_into::<Array>()
            .unwrap()
            .iter()
            .map(|v| v.as_string().unwrap())
            .collect();
        assert_eq!(ids[0], "groups-2015");
        assert_eq!(get(&handle, "length").as_f64(), Some(8.0));
    }

    #[wasm_bindgen_test]
    fn to_object_mirrors_the_core_json() {
        let r = evaluate(s(GOALS)).unwrap();
        let data = r.to_object().unwrap();
        mirrors(&json(&r.to_json().unwrap()), &data, "report");
        let results: Array = get(&data, "results").dyn_into().unwrap();
        let first = results.get(0);
        assert_eq!(string(&first, "id"), "groups-2015");
        assert_eq!(string(&first, "outcome"), "met");
        assert_eq!(get(&first, "observed").as_f64(), Some(5.0));
        assert!(get(&first, "ci").is_null());
        let vas = results.get(1);
        assert_eq!(string(&vas, "kind"), "participant_change");
        assert_eq!(string(&vas, "deciding"), "completers");
        let ci: Array = get(&vas, "ci").dyn_into().unwrap();
        assert_eq!(ci.length(), 2);
        assert!(
            get(&get(&vas, "change"), "wilcoxonPValue")
                .as_f64()
                .is_some()
        );
        let manual = results.get(7);
        assert!(get(&manual, "observed").as_f64().unwrap().is_nan());
        assert!(get(&manual, "pValue").is_null());
        // The core's report numbers, through the mirror.
        let core = core_report();
        for (i, g) in core.results.iter().enumerate() {
            let o = results.get(i as u32);
            assert_eq!(string(&o, "id"), g.id);
            assert_eq!(get(&o, "n").as_f64(), Some(g.n as f64), "{}: n", g.id);
            assert_eq!(
                get(&o, "observed").as_f64().unwrap().to_bits(),
                g.observed.to_bits(),
                "{}",
                g.id
            );
        }
        let changes: Array = get(&data, "profileChanges").dyn_into().unwrap();
        assert_eq!(changes.length() as usize, core.profile_changes.len());
    }

    #[wasm_bindgen_test]
    fn goal_set_round_trip_and_ids() {
        let set = GoalSetJs::from_json(s(GOALS)).unwrap();
        assert_eq!(set.length(), 8);
        assert_eq!(set.ids()[7], "handbook");
        let text = set.to_json().unwrap();
        let again = GoalSetJs::from_json(s(&text)).unwrap();
        assert_eq!(again.core(), set.core());
        let object = set.to_object().unwrap();
        assert_eq!(string(&object, "format"), "groupwell-goals/1");
        assert_eq!(GoalSetJs::from_object(object).unwrap().core(), set.core());
    }

    #[wasm_bindgen_test]
    fn invalid_goals_name_the_goal_and_the_field() {
        let bad = |goal: &str, field: &str| {
            let text = format!(r#"{{"goals": [{goal}]}}"#);
            let e = err(evaluate(s(&text)), "InvalidDefinition");
            let msg = string(&e, "message");
            assert!(msg.contains("\"bad\"") && msg.contains(field), "{msg}");
        };
        let change = |measure: &str, threshold: &str, target: &str, to: &str| {
            format!(
                r#"{{"id": "bad", "title": "x", "type": "participant_change", "measure": {measure},
                "from": "baseline", "to": "{to}", "criterion": "improved", "threshold": {threshold},
                "target": {target}}}"#
            )
        };
        let vas = r#"{"kind": "eq_vas"}"#;
        let strict = r#"{"type": "strict"}"#;
        bad(&change(vas, strict, "0.5", "week16"), "to");
        bad(&change(vas, strict, "1.5", "week15"), "target");
        bad(
            &change(
                r#"{"kind": "scale", "scale": "XYZ"}"#,
                strict,
                "0.5",
                "week15",
            ),
            "measure.scale",
        );
        bad(
            &change(
                r#"{"kind": "eq5d_index", "value_set": "Atlantis"}"#,
                strict,
                "0.5",
                "week15",
            ),
            "measure.value_set",
        );
        bad(
            &change(vas, r#"{"type": "reliable"}"#, "0.5", "week15"),
            "threshold.reliability",
        );
        bad(
            r#"{"id": "bad", "title": "x", "type": "follow_up_rate", "timepoint": "month3", "target": 0.8}"#,
            "timepoint",
        );
        let g =
            r#"{"id": "bad", "title": "x", "type": "manual", "status": "met", "evidence": "e"}"#;
        bad(&format!("{g}, {g}"), "id");
    }

    #[wasm_bindgen_test]
    fn malformed_goals_and_wrong_arguments() {
        // Json: the path, line and column.
        let e = err(
            GoalSetJs::from_json(s(
                r#"{"goals": [{"id": "a", "title": "x", "type": "group_count", "at_least": 1}]}"#,
            )),
            "Json",
        );
        let msg = string(&e, "message");
        assert!(msg.contains("goals[0]") && msg.contains("period"), "{msg}");
        assert!(get(&e, "line").as_f64().is_some() && get(&e, "column").as_f64().is_some());
        err(GoalSetJs::from_json(s("{")), "Json");
        err(
            GoalSetJs::from_json(s(r#"{"goals": [], "extra": 1}"#)),
            "Json",
        );
        err(
            GoalSetJs::from_json(s(r#"{"format": "groupwell-goals/2", "goals": []}"#)),
            "Json",
        );
        err(evaluate(s("[]")), "Json");
        // Wrong types.
        for v in [
            JsValue::NULL,
            JsValue::UNDEFINED,
            JsValue::from_f64(1.0),
            Array::new().into(),
        ] {
            err(GoalSetJs::from_json(v.clone()), "InvalidArgument");
            err(GoalSetJs::from_object(v.clone()), "InvalidArgument");
            err(evaluate(v), "InvalidArgument");
        }
        err(GoalSetJs::from_object(s(GOALS)), "InvalidArgument");
        // A handle of another class, or a GoalSet handle where a document is expected.
        let p: JsValue = program().into();
        let e = err(evaluate(p), "InvalidArgument");
        assert!(string(&e, "message").contains("Program"));
        let handle: JsValue = GoalSetJs::from_json(s(GOALS)).unwrap().into();
        err(GoalSetJs::from_json(handle.clone()), "InvalidArgument");
        // A freed GoalSet.
        let free: js_sys::Function = get(&handle, "free").dyn_into().unwrap();
        free.call0(&handle).unwrap();
        let e = err(evaluate(handle), "InvalidArgument");
        assert!(string(&e, "message").contains("freed"));
        // An object JSON.stringify cannot write (a cycle).
        let cyclic = js_sys::Object::new();
        Reflect::set(&cyclic, &s("goals"), &cyclic).unwrap();
        err(GoalSetJs::from_object(cyclic.into()), "InvalidArgument");
    }

    #[wasm_bindgen_test]
    fn empty_goal_set_and_reports_render() {
        let r = evaluate(json(r#"{"goals": []}"#)).unwrap();
        let data = r.to_object().unwrap();
        assert_eq!(
            get(&data, "results").dyn_into::<Array>().unwrap().length(),
            0
        );
        assert_eq!(string(&get(&data, "period"), "start"), "2015-01-01");
        assert!(r.to_html().starts_with("<!DOCTYPE html>"));
        let div = r.to_html_fragment();
        assert!(
            div.starts_with(r#"<div class="groupwell-report">"#),
            "{div}"
        );
        assert!(r.to_html().contains(&div));
        let full = evaluate(s(GOALS)).unwrap();
        let html = full.to_html();
        let md = full.to_markdown();
        for g in &core_report().results {
            assert!(md.contains(&g.title), "markdown lacks {}", g.title);
        }
        assert!(html.contains("<svg"), "no SVG chart in the HTML report");
        let div = full.to_html_fragment();
        assert!(html.contains(&div) && div.contains("<svg") && !div.contains("<body"));
        assert!(!html.contains("http://") || html.contains("http://www.w3.org/2000/svg"));
    }

    #[wasm_bindgen_test]
    fn goals_typescript_is_declared() {
        for name in [
            "export interface GoalDocument",
            "export type GoalDefinition",
            "export type GoalOutcome",
            "export type GoalMeasure",
            "export type GoalThreshold",
            "| \"Toml\"",
        ] {
            assert!(gw::TYPESCRIPT_DECLARATIONS.contains(name), "missing {name}");
        }
    }
}
