//! Binding-side data-transfer objects: plain JS objects with camelCase fields, typed for
//! TypeScript by `tsify`.

use groupwell::Error;
use groupwell::eq5d::{BatchOptions, Kind, MAX_DECIMALS, Method, Model, ValueSet};
use serde::{Deserialize, Serialize};
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use crate::errors::{RowErrorInfo, describe, invalid_argument};

/// A value set's metadata, as returned by `valueSets()` and `findValueSet()`.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ValueSetInfo {
    /// Stable id, e.g. `5L_SE_2022`; every export takes it as `valueSet`.
    pub id: String,
    /// A national value set, or a crosswalk table (5L states scored with a 3L set, or the
    /// reverse).
    #[tsify(type = "\"value_set\" | \"crosswalk\" | \"reverse_crosswalk\"")]
    pub kind: String,
    /// The instrument whose states the set scores.
    #[tsify(type = "\"EQ-5D-3L\" | \"EQ-5D-5L\" | \"EQ-5D-Y-3L\" | \"EQ-5D-Y-5L\"")]
    pub instrument: String,
    /// The name used in the source compilation, e.g. `Sweden_2022`.
    pub name: Option<String>,
    /// Country (or region) in English.
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub iso: Option<String>,
    /// Elicitation method.
    #[tsify(
        type = "\"TTO\" | \"cTTO\" | \"DCE\" | \"hybrid\" | \"VAS\" | \"experience-based\" | \"crosswalk\" | \"other\" | null"
    )]
    pub method: Option<String>,
    /// The method as described by the source.
    pub method_detail: Option<String>,
    /// Year of publication.
    pub year: Option<u16>,
    /// DOI of the publication.
    pub doi: Option<String>,
    /// Source address when there is no DOI.
    pub url: Option<String>,
    /// Full citation.
    pub citation: Option<String>,
    /// Other names the set is found by (case-insensitive).
    pub aliases: Vec<String>,
    /// Notes: full health below 1, differences between sources, provenance.
    pub notes: Vec<String>,
    /// The model type: a formula (`additive`, `multiplicative`, `power`) or a published
    /// `table` of values.
    #[tsify(type = "\"additive\" | \"multiplicative\" | \"power\" | \"table\"")]
    pub model: String,
    /// `true` for the sets built into the package, `false` for registered ones.
    pub built_in: bool,
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::ValueSet => "value_set",
        Kind::Crosswalk => "crosswalk",
        Kind::ReverseCrosswalk => "reverse_crosswalk",
    }
}

fn model_name(model: &Model) -> &'static str {
    match model {
        Model::Additive { .. } => "additive",
        Model::Multiplicative { .. } => "multiplicative",
        Model::Power { .. } => "power",
        Model::Table { .. } => "table",
    }
}

impl ValueSetInfo {
    /// The metadata of a set.
    pub(crate) fn of(vs: &ValueSet, built_in: bool) -> ValueSetInfo {
        let d = vs.definition();
        ValueSetInfo {
            id: d.id.clone(),
            kind: kind_name(d.kind).into(),
            instrument: d.instrument.name().into(),
            name: d.name.clone(),
            country: d.country.clone(),
            iso: d.iso.clone(),
            method: d.method.map(|m: Method| m.name().to_string()),
            method_detail: d.method_detail.clone(),
            year: d.year,
            doi: d.doi.clone(),
            url: d.url.clone(),
            citation: d.citation.clone(),
            aliases: d.aliases.clone(),
            notes: d.notes.clone(),
            model: model_name(&d.model).into(),
            built_in,
        }
    }
}

/// Options of the batch calls (`indexCodes`, `indexLevels`, `indexStates`, `indexStrings`).
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "BatchOptions")]
pub struct BatchOptionsJs {
    /// `"raise"` (default): an invalid row throws a `GroupwellError` of kind `Rows` listing every
    /// invalid row. `"coerce"`: invalid rows give `NaN`, and the call returns
    /// `{values, errors, missing}`.
    #[serde(default)]
    #[tsify(optional, type = "\"raise\" | \"coerce\" | null")]
    pub errors: Option<String>,
    /// Round every index to this many decimals (an integer 0..=10; half away from zero).
    #[serde(default)]
    #[tsify(optional, type = "number | null")]
    pub decimals: Option<f64>,
}

const OPTIONS_EXPECTED: &str =
    "undefined, null or an object {errors?: \"raise\" | \"coerce\", decimals?: integer 0..=10}";

impl BatchOptionsJs {
    /// Reads the options argument (`undefined` and `null` mean the defaults).
    pub(crate) fn read(options: &JsValue) -> Result<BatchOptions, Error> {
        if options.is_null_or_undefined() {
            return Ok(BatchOptions::default());
        }
        if !options.is_object() || js_sys::Array::is_array(options) {
            return Err(invalid_argument(
                "options",
                describe(options),
                OPTIONS_EXPECTED,
            ));
        }
        // serde-wasm-bindgen reads only the known fields, so typos such as `{error: "coerce"}`
        // are caught here.
        let keys = js_sys::Object::keys(options.unchecked_ref::<js_sys::Object>());
        for key in keys.iter() {
            let key = key.as_string().unwrap_or_default();
            if key != "errors" && key != "decimals" {
                return Err(invalid_argument(
                    "options",
                    format!("an object with the unknown field {key:?}"),
                    OPTIONS_EXPECTED,
                ));
            }
        }
        let dto: BatchOptionsJs = serde_wasm_bindgen::from_value(options.clone())
            .map_err(|e| invalid_argument("options", e.to_string(), OPTIONS_EXPECTED))?;
        dto.to_core()
    }

    fn to_core(&self) -> Result<BatchOptions, Error> {
        let decimals = match self.decimals {
            None => None,
            // Whole numbers go to the core, which checks the range.
            Some(d) if d.fract() == 0.0 && d.abs() < 1e15 => Some(d as i64),
            Some(d) => {
                return Err(invalid_argument(
                    "decimals",
                    format!("{d}"),
                    &format!("an integer 0..={MAX_DECIMALS}"),
                ));
            }
        };
        BatchOptions::parse(self.errors.as_deref().unwrap_or("raise"), decimals)
    }
}

/// What a batch call returns with `{errors: "coerce"}`.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ScoredBatch {
    /// One index per input row; `NaN` where the row was missing or invalid.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float64Array")]
    pub values: js_sys::Float64Array,
    /// Every invalid row, in row order (their values are `NaN`).
    #[tsify(type = "RowError[]")]
    pub errors: Vec<RowErrorInfo>,
    /// How many rows were missing (`null`/`undefined` strings, `NaN` numbers); also `NaN`.
    pub missing: usize,
}
