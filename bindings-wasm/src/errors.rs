//! The one place where core errors become JavaScript `Error` objects.
//!
//! Every failure is thrown as a real `Error` (so it has a stack) whose `name` is
//! `"GroupwellError"`, whose `kind` is the core's [`Error::kind`] and, for batch failures, whose
//! `rows` lists every invalid row as `{row, field, kind, message}`. Look-up failures also carry
//! `suggestions` or `candidates` (value-set ids).

use groupwell::{Error, RowError};
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

/// The `name` of every error this package throws.
pub(crate) const ERROR_NAME: &str = "GroupwellError";

/// What a failing export throws: a `GroupwellError` (a JS `Error` object).
pub(crate) type JsResult<T> = Result<T, JsValue>;

/// One invalid row of a batch call: where it is and what is wrong.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "RowError")]
pub struct RowErrorInfo {
    /// 0-based row number in the input.
    pub row: usize,
    /// The input field at fault: `MO`, `SC`, `UA`, `PD`, `AD` (levels), `code` or `state`; a
    /// scale's item id (`Scale.scoreBatch`); `baseline` or `follow_up` (`classifyChanges`).
    pub field: String,
    /// The cause, as `GroupwellError.kind` (e.g. `InvalidLevel`, `InvalidState`).
    #[tsify(type = "ErrorKind")]
    pub kind: String,
    /// What is wrong, in words.
    pub message: String,
}

impl From<&RowError> for RowErrorInfo {
    fn from(e: &RowError) -> Self {
        RowErrorInfo {
            row: e.row,
            field: e.field.clone(),
            kind: e.error.kind().to_string(),
            message: e.error.to_string(),
        }
    }
}

/// The row errors as a JS array of plain objects.
pub(crate) fn row_errors(errors: &[RowError]) -> JsValue {
    let list: Vec<RowErrorInfo> = errors.iter().map(RowErrorInfo::from).collect();
    // Serialising plain data cannot fail; an empty array is the safe fallback.
    serde_wasm_bindgen::to_value(&list).unwrap_or_else(|_| js_sys::Array::new().into())
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // `Reflect.set` on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

fn strings(list: &[String]) -> JsValue {
    list.iter()
        .map(|s| JsValue::from_str(s))
        .collect::<js_sys::Array>()
        .into()
}

/// Converts a core error into the JS `Error` that is thrown.
pub(crate) fn to_js(error: &Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name(ERROR_NAME);
    let value: JsValue = js.into();
    set(&value, "kind", &JsValue::from_str(error.kind()));
    match error {
        Error::Rows { errors } => set(&value, "rows", &row_errors(errors)),
        Error::UnknownValueSet { suggestions, .. } => {
            set(&value, "suggestions", &strings(suggestions))
        }
        Error::AmbiguousValueSet { candidates, .. } => {
            set(&value, "candidates", &strings(candidates))
        }
        Error::Json { line, column, .. } | Error::Toml { line, column, .. } => {
            set(&value, "line", &JsValue::from_f64(*line as f64));
            set(&value, "column", &JsValue::from_f64(*column as f64));
        }
        // Other kinds carry everything in `message` and `kind`; the core's `kind()` match is
        // exhaustive, so no cause goes unnamed.
        _ => {}
    }
    value
}

/// Adds the table and file a CSV import failed on to a thrown error.
#[cfg(feature = "programs")]
pub(crate) fn annotate(error: JsValue, table: &str, file: &str) -> JsValue {
    set(&error, "table", &JsValue::from_str(table));
    set(&error, "file", &JsValue::from_str(file));
    error
}

/// `?`-friendly conversion of core results.
pub(crate) trait IntoJs<T> {
    /// Maps the error to a thrown `GroupwellError`.
    fn js(self) -> JsResult<T>;
}

impl<T> IntoJs<T> for groupwell::Result<T> {
    fn js(self) -> JsResult<T> {
        self.map_err(|e| to_js(&e))
    }
}

/// An argument of the wrong JS type or shape (the core's `InvalidArgument`).
pub(crate) fn invalid_argument(argument: &str, value: String, expected: &str) -> Error {
    Error::InvalidArgument {
        argument: argument.into(),
        value,
        expected: expected.into(),
    }
}

/// A short description of a JS value for error messages (never the value's own `toString`,
/// which could run user code).
pub(crate) fn describe(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        format!("{s:?}")
    } else if let Some(x) = value.as_f64() {
        format!("{x}")
    } else if let Some(b) = value.as_bool() {
        b.to_string()
    } else if value.is_null() {
        "null".into()
    } else if value.is_undefined() {
        "undefined".into()
    } else if js_sys::Array::is_array(value) {
        "an Array".into()
    } else if let Some(name) = constructor_name(value) {
        format!("an instance of {name}")
    } else {
        format!(
            "a value of type {}",
            value.js_typeof().as_string().unwrap_or_default()
        )
    }
}

fn constructor_name(value: &JsValue) -> Option<String> {
    if !value.is_object() {
        return None;
    }
    let ctor = js_sys::Reflect::get(value, &JsValue::from_str("constructor")).ok()?;
    let name = js_sys::Reflect::get(&ctor, &JsValue::from_str("name")).ok()?;
    name.as_string().filter(|n| !n.is_empty())
}
