//! Programs for JavaScript: the core's program model (units, groups, participants, enrolments,
//! sessions, measurements) read from JSON or CSV tables, validated with every finding located,
//! measurements assigned to timepoints, queried, and exported as a columnar tidy table.
//!
//! `Program` wraps a core [`groupwell::program::Program`] (and, when it was read from CSV, the
//! core's [`Sources`], so that findings name the file, line and column). Documents cross the
//! boundary as JSON text, which the core reads and writes; results are plain objects with
//! camelCase fields. No domain rule lives here.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use groupwell::Error;
use groupwell::program::csv::{
    ColumnMap, Eq5dColumns, Import, Layout, MeasurementColumns, Sources,
};
use groupwell::program::{
    Anchor, Assignments as CoreAssignments, Format, GroupFilter, Period as CorePeriod, Program,
    Severity, TidyOptions, Validation as CoreValidation,
};
use js_sys::{Array, Float64Array, JsString, Object, Reflect};
use serde::Serialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use crate::analysis::{Input, plain};
use crate::errors::{IntoJs, JsResult, annotate, describe, invalid_argument, to_js};

/// The tables of a program, in the order `fromCsv` reads them.
const TABLES: [&str; 6] = [
    "units",
    "groups",
    "participants",
    "enrolments",
    "sessions",
    "measurements",
];

const DOCUMENT_EXPECTED: &str = "JSON text or an object in the groupwell-program/1 format";
const TABLES_EXPECTED: &str = "an object {units?, groups?, participants?, enrolments?, \
    sessions?, measurements?} of CSV texts";
const CSV_KEYS: &[&str] = &["columns", "measurementColumns", "files"];
const CSV_OPTIONS: &str = "undefined, null or an object {columns?, measurementColumns?, files?}";
const COLUMNS_EXPECTED: &str = "an object {table: {field: column name}} for the tables units, \
    groups, participants, enrolments, sessions (measurements: see measurementColumns)";
const MEASUREMENT_KEYS: &[&str] = &[
    "participant",
    "date",
    "eq5d",
    "vas",
    "scales",
    "layout",
    "occasions",
    "separator",
];
const MEASUREMENT_EXPECTED: &str = "an object {participant?, date?, eq5d?, vas?, scales?, \
    layout?: \"long\" | \"wide\", occasions?, separator?}";
const COLUMN_EXPECTED: &str = "a column name (string)";
const PERIOD_KEYS: &[&str] = &["start", "end"];
const PERIOD_EXPECTED: &str = "an object {start, end} of dates YYYY-MM-DD";
const DATE_EXPECTED: &str = "a date YYYY-MM-DD";
const FILTER_KEYS: &[&str] = &["theme", "format", "unit", "peerLed"];
const FILTER_EXPECTED: &str = "undefined, null or an object {theme?, format?, unit?, peerLed?}";
const TIDY_KEYS: &[&str] = &["valueSets", "subscales"];
const TIDY_EXPECTED: &str = "undefined, null or an object {valueSets?: string[], subscales?: \
    boolean}";

// ------------------------------------------------------------------------------------ inputs

/// A document argument as JSON text: a string as given, an object through `JSON.stringify`.
fn document_text(value: &JsValue, argument: &str) -> Result<String, Error> {
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    // A `Program` (or `Scale`) handle is not its document.
    if Reflect::has(value, &JsValue::from_str("__wbg_ptr")).unwrap_or(false) {
        return Err(invalid_argument(
            argument,
            describe(value),
            "JSON text or an object; for a Program, program.toJson() or program.skeleton().toJson()",
        ));
    }
    if value.is_object() && !value.is_function() && !Array::is_array(value) {
        if let Some(s) = js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
        {
            return Ok(s);
        }
        return Err(invalid_argument(
            argument,
            describe(value),
            "JSON text or a JSON-serialisable object",
        ));
    }
    Err(invalid_argument(
        argument,
        describe(value),
        DOCUMENT_EXPECTED,
    ))
}

/// An optional string field of an input object.
fn name_field(input: &Input, key: &str) -> Result<Option<String>, Error> {
    input.text(key, COLUMN_EXPECTED)
}

/// An `Array` of strings.
fn string_list(value: &JsValue, argument: &str, expected: &str) -> Result<Vec<String>, Error> {
    if !Array::is_array(value) {
        return Err(invalid_argument(argument, describe(value), expected));
    }
    let array: &Array = value.unchecked_ref();
    array
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_string().ok_or_else(|| {
                invalid_argument(&format!("{argument}[{i}]"), describe(&v), expected)
            })
        })
        .collect()
}

/// The own enumerable string-keyed properties of a plain object, read without running a
/// `toString`; getters that throw are an error.
fn entries(
    value: &JsValue,
    argument: &str,
    expected: &str,
) -> Result<Vec<(String, JsValue)>, Error> {
    if !value.is_object() || Array::is_array(value) || value.is_function() {
        return Err(invalid_argument(argument, describe(value), expected));
    }
    let mut out = Vec::new();
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let v = Reflect::get(value, &key).map_err(|_| {
            invalid_argument(argument, "a field whose getter threw".into(), expected)
        })?;
        out.push((key.as_string().unwrap_or_default(), v));
    }
    Ok(out)
}

/// `{field: column name}`.
fn column_map(value: &JsValue, argument: &str) -> Result<ColumnMap, Error> {
    let mut map = BTreeMap::new();
    for (field, column) in entries(value, argument, COLUMNS_EXPECTED)? {
        let Some(column) = column.as_string() else {
            return Err(invalid_argument(
                &format!("{argument}.{field}"),
                describe(&column),
                COLUMN_EXPECTED,
            ));
        };
        map.insert(field, column);
    }
    Ok(ColumnMap(map))
}

/// `{table: {field: column}}`, one entry per table (measurements excluded).
fn column_maps(value: &JsValue) -> Result<Vec<ColumnMap>, Error> {
    let mut maps = vec![ColumnMap::default(); TABLES.len()];
    if value.is_null_or_undefined() {
        return Ok(maps);
    }
    for (table, map) in entries(value, "columns", COLUMNS_EXPECTED)? {
        let slot = TABLES
            .iter()
            .position(|t| *t == table && table != "measurements")
            .and_then(|i| maps.get_mut(i))
            .ok_or_else(|| {
                invalid_argument(
                    "columns",
                    format!("a column map for {table:?}"),
                    COLUMNS_EXPECTED,
                )
            })?;
        *slot = column_map(&map, &format!("columns.{table}"))?;
    }
    Ok(maps)
}

/// The measurement table's columns: `{participant?, date?, eq5d?, vas?, scales?, layout?,
/// occasions?, separator?}`, with `eq5d` the state column or the five level columns.
fn measurement_columns(value: &JsValue) -> Result<MeasurementColumns, Error> {
    let mut cols = MeasurementColumns::default();
    if value.is_null_or_undefined() {
        return Ok(cols);
    }
    let input = Input::new(
        value,
        "measurementColumns",
        MEASUREMENT_KEYS,
        MEASUREMENT_EXPECTED,
    )?;
    if let Some(p) = name_field(&input, "participant")? {
        cols.participant = p;
    }
    if let Some(d) = name_field(&input, "date")? {
        cols.date = d;
    }
    cols.vas = name_field(&input, "vas")?;
    const EQ5D: &str = "the state column (a string) or the five level columns MO SC UA PD AD \
        (an Array of 5 strings)";
    let eq5d = input.get("eq5d")?;
    if let Some(s) = eq5d.as_string() {
        cols.eq5d = Some(Eq5dColumns::State(s));
    } else if !eq5d.is_null_or_undefined() {
        let list = string_list(&eq5d, "measurementColumns.eq5d", EQ5D)?;
        let levels: [String; 5] = list.try_into().map_err(|l: Vec<String>| {
            invalid_argument(
                "measurementColumns.eq5d",
                format!("{} column names", l.len()),
                EQ5D,
            )
        })?;
        cols.eq5d = Some(Eq5dColumns::Levels(levels));
    }
    const SCALES: &str = "an object {scale id: item columns in item order (string[])}";
    let scales = input.get("scales")?;
    if !scales.is_null_or_undefined() {
        for (id, items) in entries(&scales, "measurementColumns.scales", SCALES)? {
            let items = string_list(&items, &format!("measurementColumns.scales.{id}"), SCALES)?;
            cols.scales.insert(id, items);
        }
    }
    const LAYOUT: &str = "\"long\" (one row per measurement) or \"wide\" (one row per \
        participant; with occasions)";
    const OCCASIONS: &str =
        "the occasion suffixes of a wide table (string[], e.g. [\"t0\", \"t1\"])";
    let occasions = input.get("occasions")?;
    let separator = name_field(&input, "separator")?;
    let layout = input.text("layout", LAYOUT)?;
    let wide = match layout.as_deref() {
        None => !occasions.is_null_or_undefined(),
        Some("long") => false,
        Some("wide") => true,
        Some(other) => {
            return Err(invalid_argument(
                "measurementColumns.layout",
                format!("{other:?}"),
                LAYOUT,
            ));
        }
    };
    if wide {
        if occasions.is_null_or_undefined() {
            return Err(invalid_argument(
                "measurementColumns.occasions",
                describe(&occasions),
                OCCASIONS,
            ));
        }
        cols.layout = Layout::Wide {
            occasions: string_list(&occasions, "measurementColumns.occasions", OCCASIONS)?,
            separator: separator.unwrap_or_else(|| "_".into()),
        };
    } else if !occasions.is_null_or_undefined() || separator.is_some() {
        return Err(invalid_argument(
            "measurementColumns",
            "occasions or separator with layout \"long\"".into(),
            "occasions (and separator) only with layout \"wide\"",
        ));
    }
    Ok(cols)
}

/// `{start, end}`, dates `YYYY-MM-DD`.
fn period(value: &JsValue) -> Result<CorePeriod, Error> {
    let input = Input::new(value, "period", PERIOD_KEYS, PERIOD_EXPECTED)?;
    let day = |key: &str| {
        let v = input.required(key, DATE_EXPECTED)?;
        v.as_string()
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| invalid_argument(&format!("period.{key}"), describe(&v), DATE_EXPECTED))
    };
    Ok(CorePeriod::new(day("start")?, day("end")?))
}

/// `{theme?, format?, unit?, peerLed?}`; absent fields match any group.
fn group_filter(value: &JsValue) -> Result<GroupFilter, Error> {
    let input = Input::options(value, "filter", FILTER_KEYS, FILTER_EXPECTED)?;
    let format = match input.text(
        "format",
        "\"on_site\", \"virtual_multi_site\" or \"digital_home\"",
    )? {
        Some(f) => Some(f.parse::<Format>()?),
        None => None,
    };
    let peer = input.get("peerLed")?;
    let peer_led = if peer.is_null_or_undefined() {
        None
    } else {
        Some(
            peer.as_bool()
                .ok_or_else(|| invalid_argument("peerLed", describe(&peer), "true or false"))?,
        )
    };
    Ok(GroupFilter {
        theme: input.text("theme", "a theme (string)")?,
        format,
        unit: input.text("unit", "a unit id (string)")?,
        peer_led,
    })
}

fn tidy_options(value: &JsValue) -> Result<TidyOptions, Error> {
    let input = Input::options(value, "options", TIDY_KEYS, TIDY_EXPECTED)?;
    let mut opts = TidyOptions::default();
    let sets = input.get("valueSets")?;
    if !sets.is_null_or_undefined() {
        opts.value_sets = string_list(&sets, "valueSets", "value-set ids or names (string[])")?;
    }
    let subscales = input.get("subscales")?;
    if !subscales.is_null_or_undefined() {
        opts.subscales = subscales
            .as_bool()
            .ok_or_else(|| invalid_argument("subscales", describe(&subscales), "true or false"))?;
    }
    Ok(opts)
}

// ------------------------------------------------------------------------------------ outputs

/// Where a finding is in a CSV file.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct CsvCell {
    /// The file label (`units.csv`..., or the name given in `files`).
    pub file: String,
    /// 1-based line (the header is line 1).
    pub line: usize,
    /// The column, when the finding is about one field.
    pub column: Option<String>,
}

/// One finding of `Program.validate`.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Finding {
    /// Errors make the data unusable as they stand; warnings are worth a look.
    #[tsify(type = "\"error\" | \"warning\"")]
    pub severity: &'static str,
    /// A stable code to match on.
    #[tsify(type = "FindingCode")]
    pub code: &'static str,
    /// JSON Pointer into the program document, e.g. `/measurements/0/vas`.
    pub path: String,
    /// The table (`groups`, `measurements`...), or `""` for the program itself.
    pub table: String,
    /// The record's index in its table.
    pub index: Option<usize>,
    /// The field, when the finding is about one (a path such as `scales/SCI-93/4`).
    pub field: Option<String>,
    /// File, line and column, for programs read from CSV.
    pub csv: Option<CsvCell>,
    /// What is wrong and what was expected.
    pub message: String,
}

/// The outcome of `Program.validate`.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Validation {
    /// Whether there are no errors (warnings allowed).
    pub valid: bool,
    /// Every finding, errors and warnings, in table order.
    pub findings: Vec<Finding>,
}

impl Validation {
    fn of(v: &CoreValidation) -> Validation {
        Validation {
            valid: v.is_valid(),
            findings: v
                .findings
                .iter()
                .map(|f| {
                    let l = &f.location;
                    Finding {
                        severity: match f.severity {
                            Severity::Error => "error",
                            Severity::Warning => "warning",
                        },
                        code: f.code.as_str(),
                        path: l.path.clone(),
                        table: l.table.clone(),
                        index: l.index,
                        field: l.field.clone(),
                        csv: l.csv.as_ref().map(|c| CsvCell {
                            file: c.file.clone(),
                            line: c.line,
                            column: c.column.clone(),
                        }),
                        message: f.message.clone(),
                    }
                })
                .collect(),
        }
    }
}

/// A range of dates, both ends included (`YYYY-MM-DD`).
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    /// First day.
    pub start: String,
    /// Last day.
    pub end: String,
}

impl Period {
    fn of(p: &CorePeriod) -> Period {
        Period {
            start: p.start.to_string(),
            end: p.end.to_string(),
        }
    }
}

/// A measurement assigned to a timepoint of an enrolment.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    /// Index of the enrolment in the program's `enrolments`.
    pub enrolment: usize,
    /// Participant id.
    pub participant: String,
    /// Group id.
    pub group: String,
    /// Timepoint name (`baseline`, `week15`...).
    pub timepoint: String,
    /// Index of the measurement in the program's `measurements`.
    pub measurement: usize,
    /// The measurement's date.
    pub date: String,
    /// The date the rule aimed at.
    pub target: String,
    /// Days from the target to the measurement (negative: before).
    pub distance_days: f64,
    /// The window that was searched.
    pub window: Period,
    /// How many unused measurements lay in the window.
    pub candidates: usize,
    /// Whether the target was moved to the group's end (the group ended before it).
    pub at_group_end: bool,
    /// What the rule counts from.
    #[tsify(type = "Anchor")]
    pub anchor: &'static str,
    /// The rule's offset from the anchor (`15w`, `3m`, `0d`...).
    pub offset: String,
    /// Why this measurement was chosen, in words.
    pub explanation: String,
}

/// A timepoint of an enrolment without a measurement.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct MissingTimepoint {
    /// Index of the enrolment.
    pub enrolment: usize,
    /// Participant id.
    pub participant: String,
    /// Group id.
    pub group: String,
    /// Timepoint name.
    pub timepoint: String,
    /// The window searched, when there was one.
    pub window: Option<Period>,
    /// Why nothing was assigned.
    pub reason: String,
}

/// A measurement that belongs to no timepoint.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct UnassignedMeasurement {
    /// Index of the measurement.
    pub measurement: usize,
    /// Participant id.
    pub participant: String,
    /// The measurement's date.
    pub date: String,
    /// Why it was not used.
    pub reason: String,
}

/// The outcome of `Program.assignTimepoints`: every enrolment × timepoint is either in
/// `assignments` or in `missing`.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Assignments {
    /// Assigned measurements, by enrolment then timepoint.
    pub assignments: Vec<Assignment>,
    /// Enrolment × timepoint pairs without a measurement.
    pub missing: Vec<MissingTimepoint>,
    /// Measurements used by no timepoint, in measurement order.
    pub unassigned: Vec<UnassignedMeasurement>,
}

fn anchor_name(a: Anchor) -> &'static str {
    match a {
        Anchor::Joined => "joined",
        Anchor::GroupStart => "group_start",
        Anchor::GroupEnd => "group_end",
        Anchor::EnrolmentEnd => "enrolment_end",
    }
}

impl Assignments {
    fn of(a: &CoreAssignments) -> Assignments {
        Assignments {
            assignments: a
                .assignments
                .iter()
                .map(|x| Assignment {
                    enrolment: x.enrolment,
                    participant: x.participant.clone(),
                    group: x.group.clone(),
                    timepoint: x.timepoint.clone(),
                    measurement: x.measurement,
                    date: x.date.to_string(),
                    target: x.target.to_string(),
                    // Days between two calendar dates are far inside f64's exact range.
                    distance_days: x.distance_days() as f64,
                    window: Period::of(&x.window),
                    candidates: x.candidates,
                    at_group_end: x.at_group_end,
                    anchor: anchor_name(x.anchor),
                    offset: x.offset.to_string(),
                    explanation: x.explain(),
                })
                .collect(),
            missing: a
                .missing
                .iter()
                .map(|m| MissingTimepoint {
                    enrolment: m.enrolment,
                    participant: m.participant.clone(),
                    group: m.group.clone(),
                    timepoint: m.timepoint.clone(),
                    window: m.window.as_ref().map(Period::of),
                    reason: m.reason.clone(),
                })
                .collect(),
            unassigned: a
                .unassigned
                .iter()
                .map(|u| UnassignedMeasurement {
                    measurement: u.measurement,
                    participant: u.participant.clone(),
                    date: u.date.to_string(),
                    reason: u.reason.clone(),
                })
                .collect(),
        }
    }
}

/// `Program.validateAndAssign`: both outcomes of one pass.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ValidationAndAssignments {
    /// As `validate()`.
    pub validation: Validation,
    /// As `assignTimepoints()`.
    pub assignments: Assignments,
}

/// The number of records per table.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ProgramCounts {
    /// Units.
    pub units: usize,
    /// Groups.
    pub groups: usize,
    /// Participants.
    pub participants: usize,
    /// Enrolments.
    pub enrolments: usize,
    /// Sessions.
    pub sessions: usize,
    /// Measurements.
    pub measurements: usize,
}

/// The tables as CSV text (`toCsvTables`), in the layout `fromCsv` reads with default columns.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CsvTables {
    /// `units.csv`.
    pub units: String,
    /// `groups.csv`.
    pub groups: String,
    /// `participants.csv`.
    pub participants: String,
    /// `enrolments.csv`.
    pub enrolments: String,
    /// `sessions.csv`.
    pub sessions: String,
    /// `measurements.csv` (long; scale items as `<scale>_<item>`).
    pub measurements: String,
}

/// Attendance of one group.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct AttendanceRate {
    /// Group id.
    pub group: String,
    /// Sessions recorded.
    pub sessions: usize,
    /// Sum over sessions of the participants enrolled that day.
    pub expected: usize,
    /// Sum over sessions of the enrolled participants present.
    pub attended: usize,
    /// `attended / expected`; `null` when nobody was expected.
    pub rate: Option<f64>,
}

/// Attendance of one enrolment.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ParticipantAttendance {
    /// Participant id.
    pub participant: String,
    /// Group id.
    pub group: String,
    /// Sessions of the group held while the participant was enrolled.
    pub sessions: usize,
    /// Of those, how many they attended.
    pub attended: usize,
    /// `attended / sessions`; `null` without sessions.
    pub rate: Option<f64>,
}

/// How the enrolments of one group ended.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Completion {
    /// Group id.
    pub group: String,
    /// Enrolments.
    pub enrolled: usize,
    /// Left with reason `completed`.
    pub completed: usize,
    /// Left with reason `dropped_out`.
    pub dropped_out: usize,
    /// Left with reason `moved`.
    pub moved: usize,
    /// Left with reason `other`, or without a reason.
    pub other: usize,
    /// Not (yet) left.
    pub active: usize,
    /// `completed / enrolled`; `null` without enrolments.
    pub completion_rate: Option<f64>,
    /// `droppedOut / enrolled`; `null` without enrolments.
    pub dropout_rate: Option<f64>,
}

/// One line per group: its facts and size.
#[derive(Debug, Clone, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct GroupSummary {
    /// Group id.
    pub group: String,
    /// Theme.
    pub theme: String,
    /// How the group meets.
    #[tsify(type = "GroupFormat")]
    pub format: &'static str,
    /// Units.
    pub units: Vec<String>,
    /// First meeting.
    pub start: String,
    /// Last meeting; `null` when not recorded.
    pub end: Option<String>,
    /// Distinct participants enrolled.
    pub participants: usize,
    /// Whether the size is within the capacity; `null` without a capacity.
    pub within_capacity: Option<bool>,
}

/// The tidy table by column: one entry per participant × timepoint × measure in every column.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct TidyTable {
    /// Participant ids.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "string[]")]
    pub participant: Array,
    /// Group ids.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "string[]")]
    pub group: Array,
    /// Group themes.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "string[]")]
    pub theme: Array,
    /// Group formats (`""` for an enrolment in an unknown group).
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "(GroupFormat | \"\")[]")]
    pub format: Array,
    /// The participants' home units (`""` when not recorded).
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "string[]")]
    pub unit: Array,
    /// Sex (`""` when not recorded).
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "(Sex | \"\")[]")]
    pub sex: Array,
    /// Age bands (`""` when not recorded).
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "string[]")]
    pub age_band: Array,
    /// Timepoint names.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "string[]")]
    pub timepoint: Array,
    /// Measurement dates, `YYYY-MM-DD`.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "string[]")]
    pub date: Array,
    /// Measures: `eq_vas`, `eq5d_index/<value set id>`, `<scale id>`, `<scale id>/<subscale>`.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "string[]")]
    pub measure: Array,
    /// Scores; `NaN` when not answered or not scorable.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    #[tsify(type = "Float64Array")]
    pub value: Float64Array,
}

/// The separator of joined text columns (the ASCII unit separator).
const SEP: char = '\u{1f}';
const SEP_STR: &str = "\u{1f}";

/// A column of strings as a JS `Array`: joined into one string that JS splits (one crossing
/// instead of one per cell), or cell by cell when a value holds the separator.
fn text_column<'a>(cells: impl ExactSizeIterator<Item = &'a str> + Clone) -> Array {
    if cells.len() == 0 {
        return Array::new();
    }
    if cells.clone().any(|c| c.contains(SEP)) {
        return cells.map(JsValue::from_str).collect();
    }
    let mut joined = String::with_capacity(cells.clone().map(|c| c.len() + 1).sum());
    for (i, c) in cells.enumerate() {
        if i > 0 {
            joined.push(SEP);
        }
        joined.push_str(c);
    }
    JsString::from(joined).split(SEP_STR)
}

// ------------------------------------------------------------------------------------ Program

/// A program and everything recorded about it: read with `Program.fromJson` or
/// `Program.fromCsv`, checked with `validate`, queried, and exported with `toJson`,
/// `toCsvTables` and `tidy`.
#[wasm_bindgen(js_name = Program)]
pub struct ProgramJs {
    program: Program,
    sources: Option<Sources>,
}

#[wasm_bindgen(js_class = Program)]
impl ProgramJs {
    /// Reads a program document (`groupwell-program/1`), given as JSON text or as an object.
    /// Only the shape is checked here (`validate` checks the meaning). Throws `Json` whose
    /// message names the path (`groups[3].start`), with `line` and `column`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string | ProgramDocument")] document: JsValue,
    ) -> JsResult<ProgramJs> {
        let text = document_text(&document, "document").js()?;
        Ok(ProgramJs {
            program: Program::from_json(&text).js()?,
            sources: None,
        })
    }

    /// Reads CSV tables into `skeleton` (the program's own facts: id, name, period, schedule,
    /// instruments; JSON text or an object). Tables are read in the order units, groups,
    /// participants, enrolments, sessions, measurements; each may be absent. A table with bad
    /// cells throws `Rows` listing every one (`row` 0-based, `field` the column; the message
    /// names the file, line and column); a missing column or malformed CSV throws
    /// `InvalidArgument`. Both carry `table` and `file`.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(
        #[wasm_bindgen(unchecked_param_type = "CsvTablesInput")] tables: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | ProgramDocument")] skeleton: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "FromCsvOptions | null")] options: JsValue,
    ) -> JsResult<ProgramJs> {
        let input = Input::new(&tables, "tables", &TABLES, TABLES_EXPECTED).js()?;
        let mut texts = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            let v = input.get(table).js()?;
            if v.is_null_or_undefined() {
                texts.push(None);
                continue;
            }
            let text = v.as_string().ok_or_else(|| {
                to_js(&invalid_argument(
                    &format!("tables.{table}"),
                    describe(&v),
                    "CSV text (a string)",
                ))
            })?;
            texts.push(Some(text));
        }
        let skeleton = Program::from_json(&document_text(&skeleton, "skeleton").js()?).js()?;
        let options = Input::options(&options, "options", CSV_KEYS, CSV_OPTIONS).js()?;
        let maps = column_maps(&options.get("columns").js()?).js()?;
        let mcols = measurement_columns(&options.get("measurementColumns").js()?).js()?;
        let files = options.get("files").js()?;
        let mut labels: Vec<String> = TABLES.iter().map(|t| format!("{t}.csv")).collect();
        if !files.is_null_or_undefined() {
            const FILES: &str = "an object {table: file label (string)}";
            for (table, label) in entries(&files, "files", FILES).js()? {
                let slot = TABLES
                    .iter()
                    .position(|t| *t == table)
                    .and_then(|i| labels.get_mut(i));
                match (slot, label.as_string()) {
                    (Some(slot), Some(label)) => *slot = label,
                    (None, _) => {
                        return Err(to_js(&invalid_argument(
                            "files",
                            format!("a label for {table:?}"),
                            FILES,
                        )));
                    }
                    (Some(_), None) => {
                        return Err(to_js(&invalid_argument(
                            &format!("files.{table}"),
                            describe(&label),
                            FILES,
                        )));
                    }
                }
            }
        }
        let mut import = Import::new(skeleton);
        let none = ColumnMap::default();
        for (i, table) in TABLES.iter().enumerate() {
            let (Some(Some(text)), Some(file)) = (texts.get(i), labels.get(i)) else {
                continue;
            };
            let map = maps.get(i).unwrap_or(&none);
            match *table {
                "units" => import.units(text, file, map),
                "groups" => import.groups(text, file, map),
                "participants" => import.participants(text, file, map),
                "enrolments" => import.enrolments(text, file, map),
                "sessions" => import.sessions(text, file, map),
                _ => import.measurements(text, file, &mcols),
            }
            .map_err(|e| annotate(to_js(&e), table, file))?;
        }
        let (program, sources) = import.finish();
        Ok(ProgramJs {
            program,
            sources: Some(sources),
        })
    }

    /// The program without its records (units, groups... empty): the facts `fromCsv` starts
    /// from.
    pub fn skeleton(&self) -> ProgramJs {
        ProgramJs {
            program: self.program.skeleton(),
            sources: None,
        }
    }

    /// The document as JSON, one line per record; `Program.fromJson` reads it back to an equal
    /// program.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> JsResult<String> {
        self.program.to_json().js()
    }

    /// The tables as CSV text, in the layout `fromCsv` reads with default columns
    /// (measurements long, scale items as `<scale>_<item>`). Throws `InvalidArgument` for a
    /// list item containing `;` (CSV lists are `;`-separated).
    #[wasm_bindgen(js_name = toCsvTables, unchecked_return_type = "CsvTables")]
    pub fn to_csv_tables(&self) -> JsResult<JsValue> {
        let t = self.program.to_csv_tables().js()?;
        plain(&CsvTables {
            units: t.units,
            groups: t.groups,
            participants: t.participants,
            enrolments: t.enrolments,
            sessions: t.sessions,
            measurements: t.measurements,
        })
    }

    /// Program id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.program.id.clone()
    }

    /// Display name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.program.name.clone()
    }

    /// The document's format tag, `"groupwell-program/1"`.
    #[wasm_bindgen(getter)]
    pub fn format(&self) -> String {
        self.program.format.clone()
    }

    /// The period the program runs.
    #[wasm_bindgen(getter, unchecked_return_type = "Period")]
    pub fn period(&self) -> JsResult<JsValue> {
        plain(&Period::of(&self.program.period))
    }

    /// Ids of the owning units.
    #[wasm_bindgen(getter)]
    pub fn owners(&self) -> Vec<String> {
        self.program.owners.clone()
    }

    /// The schedule's timepoint names, in order.
    #[wasm_bindgen(getter)]
    pub fn timepoints(&self) -> Vec<String> {
        self.program
            .schedule
            .timepoints
            .iter()
            .map(|t| t.name.clone())
            .collect()
    }

    /// The EQ-5D version of the answers: `"3L"`, `"5L"`, `"Y3L"` or `"Y5L"`.
    #[wasm_bindgen(getter, unchecked_return_type = "\"3L\" | \"5L\" | \"Y3L\" | \"Y5L\"")]
    pub fn instrument(&self) -> String {
        self.program.instruments.eq5d.short_name().to_string()
    }

    /// The number of records per table.
    #[wasm_bindgen(getter, unchecked_return_type = "ProgramCounts")]
    pub fn counts(&self) -> JsResult<JsValue> {
        let p = &self.program;
        plain(&ProgramCounts {
            units: p.units.len(),
            groups: p.groups.len(),
            participants: p.participants.len(),
            enrolments: p.enrolments.len(),
            sessions: p.sessions.len(),
            measurements: p.measurements.len(),
        })
    }

    /// Whether the program was read from CSV (findings then name file, line and column).
    #[wasm_bindgen(getter, js_name = hasSources)]
    pub fn has_sources(&self) -> bool {
        self.sources.is_some()
    }

    /// Every finding about the program's meaning (dangling references, date order, capacity,
    /// overlapping groups, invalid answers...), with its JSON path and, for programs read from
    /// CSV, its file, line and column. `valid` is `true` when there are no errors.
    #[wasm_bindgen(unchecked_return_type = "Validation")]
    pub fn validate(&self) -> JsResult<JsValue> {
        plain(&self.validation(self.program.validate()))
    }

    /// `validate()` and `assignTimepoints()` in one pass.
    #[wasm_bindgen(js_name = validateAndAssign, unchecked_return_type = "ValidationAndAssignments")]
    pub fn validate_and_assign(&self) -> JsResult<JsValue> {
        let (v, a) = self.program.validate_and_assign();
        plain(&ValidationAndAssignments {
            validation: self.validation(v),
            assignments: Assignments::of(&a),
        })
    }

    /// Which measurement is each enrolment's baseline and follow-up, and why (`explanation`);
    /// the timepoints without one (`missing`) and the measurements no timepoint uses
    /// (`unassigned`).
    #[wasm_bindgen(js_name = assignTimepoints, unchecked_return_type = "Assignments")]
    pub fn assign_timepoints(&self) -> JsResult<JsValue> {
        plain(&Assignments::of(&self.program.assign_timepoints()))
    }

    /// The groups (as records of the document) that ran (status running or ended) on at least
    /// one day of `period` and pass `filter`.
    #[wasm_bindgen(js_name = groupsRunning, unchecked_return_type = "ProgramGroup[]")]
    pub fn groups_running(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Period")] period: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GroupFilter | null")] filter: JsValue,
    ) -> JsResult<JsValue> {
        let period = self::period(&period).js()?;
        let filter = group_filter(&filter).js()?;
        // The records as `toJson` writes them: the core's serialiser, parsed by JS (no second
        // serialiser for groups in the bundle).
        let mut doc = Program::new(String::new(), String::new(), period);
        doc.groups = self
            .program
            .groups_running(&period, &filter)
            .into_iter()
            .cloned()
            .collect();
        let text = doc.to_json().js()?;
        js_sys::JSON::parse(&text).and_then(|d| Reflect::get(&d, &JsValue::from_str("groups")))
    }

    /// Ids of the distinct participants enrolled on at least one day of `period` in a group
    /// that ran and passes `filter`, sorted.
    #[wasm_bindgen(js_name = participantsIn)]
    pub fn participants_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Period")] period: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GroupFilter | null")] filter: JsValue,
    ) -> JsResult<Vec<String>> {
        let period = self::period(&period).js()?;
        let filter = group_filter(&filter).js()?;
        Ok(self
            .program
            .participants_in(&period, &filter)
            .into_iter()
            .map(str::to_owned)
            .collect())
    }

    /// Attendance per group (in group order).
    #[wasm_bindgen(unchecked_return_type = "AttendanceRate[]")]
    pub fn attendance(&self) -> JsResult<JsValue> {
        let rows: Vec<AttendanceRate> = self
            .program
            .attendance()
            .into_iter()
            .map(|a| AttendanceRate {
                rate: a.rate(),
                group: a.group,
                sessions: a.sessions,
                expected: a.expected,
                attended: a.attended,
            })
            .collect();
        plain(&rows)
    }

    /// Attendance per enrolment (in enrolment order).
    #[wasm_bindgen(js_name = participantAttendance, unchecked_return_type = "ParticipantAttendance[]")]
    pub fn participant_attendance(&self) -> JsResult<JsValue> {
        let rows: Vec<ParticipantAttendance> = self
            .program
            .participant_attendance()
            .into_iter()
            .map(|a| ParticipantAttendance {
                rate: a.rate(),
                participant: a.participant,
                group: a.group,
                sessions: a.sessions,
                attended: a.attended,
            })
            .collect();
        plain(&rows)
    }

    /// How enrolments ended, per group (in group order).
    #[wasm_bindgen(unchecked_return_type = "Completion[]")]
    pub fn completion(&self) -> JsResult<JsValue> {
        let rows: Vec<Completion> = self
            .program
            .completion()
            .into_iter()
            .map(|c| Completion {
                completion_rate: c.completion_rate(),
                dropout_rate: c.dropout_rate(),
                group: c.group,
                enrolled: c.enrolled,
                completed: c.completed,
                dropped_out: c.dropped_out,
                moved: c.moved,
                other: c.other,
                active: c.active,
            })
            .collect();
        plain(&rows)
    }

    /// One summary per group (in group order).
    #[wasm_bindgen(js_name = groupSummaries, unchecked_return_type = "GroupSummary[]")]
    pub fn group_summaries(&self) -> JsResult<JsValue> {
        let rows: Vec<GroupSummary> = self
            .program
            .group_summaries()
            .into_iter()
            .map(|g| GroupSummary {
                group: g.group,
                theme: g.theme,
                format: g.format.as_str(),
                units: g.units,
                start: g.start.to_string(),
                end: g.end.map(|d| d.to_string()),
                participants: g.participants,
                within_capacity: g.within_capacity,
            })
            .collect();
        plain(&rows)
    }

    /// The tidy table of every assigned timepoint, by column: one entry per participant ×
    /// timepoint × measure (EQ VAS, the EQ-5D index for each of `valueSets`, each scale's total
    /// and, unless `subscales: false`, its subscales). Throws `UnknownValueSet` or
    /// `InstrumentMismatch` for a value set that cannot score the program's EQ-5D.
    #[wasm_bindgen(unchecked_return_type = "TidyTable")]
    pub fn tidy(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "TidyOptions | null")] options: JsValue,
    ) -> JsResult<JsValue> {
        let opts = tidy_options(&options).js()?;
        let t = self.program.tidy(&opts).js()?;
        let col = |c: &[String]| text_column(c.iter().map(String::as_str));
        // Dates never contain the separator: written straight into the joined column.
        let date = if t.date.is_empty() {
            Array::new()
        } else {
            let mut joined = String::with_capacity(t.date.len() * 11);
            for (i, d) in t.date.iter().enumerate() {
                if i > 0 {
                    joined.push(SEP);
                }
                // Writing into a String cannot fail.
                let _ = write!(joined, "{d}");
            }
            JsString::from(joined).split(SEP_STR)
        };
        plain(&TidyTable {
            participant: col(&t.participant),
            group: col(&t.group),
            theme: col(&t.theme),
            format: col(&t.format),
            unit: col(&t.unit),
            sex: col(&t.sex),
            age_band: col(&t.age_band),
            timepoint: col(&t.timepoint),
            date,
            measure: col(&t.measure),
            value: Float64Array::from(t.value.as_slice()),
        })
    }

    /// The tidy table as CSV text (header `participant,group,theme,format,unit,sex,age_band,
    /// timepoint,date,measure,value`; `NaN` as an empty cell).
    #[wasm_bindgen(js_name = tidyCsv)]
    pub fn tidy_csv(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "TidyOptions | null")] options: JsValue,
    ) -> JsResult<String> {
        let opts = tidy_options(&options).js()?;
        Ok(self.program.tidy(&opts).js()?.to_csv())
    }
}

impl ProgramJs {
    /// The core program.
    pub fn core(&self) -> &Program {
        &self.program
    }

    fn validation(&self, mut v: CoreValidation) -> Validation {
        if let Some(s) = &self.sources {
            s.locate(&mut v);
        }
        Validation::of(&v)
    }
}
