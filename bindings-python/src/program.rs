//! The program model ([`groupwell::program`]): the `Program` class behind `groupwell.program`.
//!
//! A program is held as the core's [`Program`] (and, when it was read from CSV, the core's
//! [`Sources`], so that findings name the file, line and column). Every question is answered
//! by the core with the GIL released; the answers cross the boundary as plain tuples and lists
//! (one tuple per record), and the tidy table by column: its text columns dictionary-encoded
//! (distinct values and `uint32` codes, so no Python string is made per row), its dates as
//! `int64` days since 1970-01-01 and its values as a `float64` array. Dates of records go out
//! as proleptic Gregorian ordinals (`datetime.date.toordinal()`), read back by the package.
//!
//! Reading (JSON, CSV), validating, assigning timepoints and scoring are the core's; nothing
//! here decides what is valid. Text arrives as `str` or UTF-8 `bytes`; bytes that are not UTF-8
//! are the core's kind of error (JSON or invalid argument), never a `UnicodeDecodeError`.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use groupwell::Error;
use groupwell::program::csv::{ColumnMap, Import, MeasurementColumns, Sources};
use groupwell::program::{
    Assignments, Format, GroupFilter, PROGRAM_FORMAT, Period, Program, THEMES, TidyOptions,
    TidyTable, Validation,
};
use numpy::PyArray1;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use crate::errors::{IntoPy, to_pyerr};

/// Days from 0001-01-01 (ordinal 1, as Python's `date.toordinal()`) to 1970-01-01.
const UNIX_EPOCH_ORDINAL: i64 = 719_163;

/// The tables of a program in the order they are read (later tables refer to earlier ones).
const TABLES: [&str; 6] = [
    "units",
    "groups",
    "participants",
    "enrolments",
    "sessions",
    "measurements",
];

/// A finding: `(severity, code, path, table, index, field, csv (file, line, column) or None,
/// message, text)`.
type FindingTuple = (
    &'static str,
    &'static str,
    String,
    String,
    Option<usize>,
    Option<String>,
    Option<(String, usize, Option<String>)>,
    String,
    String,
);

/// An assignment: `(enrolment, participant, group, timepoint, measurement, (date, target,
/// distance in days), (window start, window end), candidates, at_group_end, (anchor, offset),
/// explanation)`; dates as ordinals.
type AssignmentTuple = (
    usize,
    String,
    String,
    String,
    usize,
    (i32, i32, i64),
    (i32, i32),
    usize,
    bool,
    (String, String),
    String,
);

/// A timepoint without a measurement: `(enrolment, participant, group, timepoint, window or
/// None, reason)`.
type MissingTuple = (usize, String, String, String, Option<(i32, i32)>, String);

/// A measurement used by no timepoint: `(measurement, participant, date, reason)`.
type UnassignedTuple = (usize, String, i32, String);

/// The outcome of the assignment: `(assignments, missing, unassigned)`.
type AssignmentsTuple = (
    Vec<AssignmentTuple>,
    Vec<MissingTuple>,
    Vec<UnassignedTuple>,
);

/// The tidy table: `([(column, distinct values, codes)], dates as days since 1970-01-01,
/// values)`.
type TidyOut<'py> = (
    Vec<(&'static str, Vec<String>, Bound<'py, PyArray1<u32>>)>,
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<f64>>,
);

/// A group filter: `(theme, format, unit, peer_led)`, `None` = any.
type FilterTuple = (Option<String>, Option<String>, Option<String>, Option<bool>);

/// A group summary: `(group, theme, format, units, start, end or None, participants,
/// within_capacity or None)`.
type SummaryTuple = (
    String,
    String,
    &'static str,
    Vec<String>,
    i32,
    Option<i32>,
    usize,
    Option<bool>,
);

fn ordinal(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn invalid(argument: &str, value: String, expected: &str) -> Error {
    Error::InvalidArgument {
        argument: argument.into(),
        value,
        expected: expected.into(),
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Text given as `str`, `bytes` or `bytearray`; bytes must be UTF-8 (`Err` is the reason, for
/// the caller to turn into its kind of error). Other types are a `TypeError`.
pub(crate) fn text_of(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Result<String, String>> {
    if let Ok(s) = obj.cast::<PyString>() {
        // A str with lone surrogates cannot be UTF-8 either.
        return Ok(s
            .to_str()
            .map(str::to_owned)
            .map_err(|_| "the text is not valid Unicode (it holds a lone surrogate)".to_owned()));
    }
    let bytes: Vec<u8> = if let Ok(b) = obj.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        b.to_vec()
    } else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be text (str, or UTF-8 bytes), not {}",
            type_name(obj)
        )));
    };
    Ok(String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let prefix = e.as_bytes().get(..at).unwrap_or_default();
        let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
        format!("the bytes are not UTF-8 text (byte {at}, line {line})")
    }))
}

/// A date argument (`YYYY-MM-DD`; the package turns `date` objects into this form).
fn parse_date(argument: &str, text: &str) -> Result<NaiveDate, Error> {
    text.trim()
        .parse()
        .map_err(|_| invalid(argument, format!("{text:?}"), "a date YYYY-MM-DD"))
}

/// A period from two date arguments.
fn period(start: &str, end: &str) -> Result<Period, Error> {
    Ok(Period::new(
        parse_date("start", start)?,
        parse_date("end", end)?,
    ))
}

fn finding_tuples(v: &Validation) -> Vec<FindingTuple> {
    v.findings
        .iter()
        .map(|f| {
            let l = &f.location;
            (
                match f.severity {
                    groupwell::program::Severity::Error => "error",
                    groupwell::program::Severity::Warning => "warning",
                },
                f.code.as_str(),
                l.path.clone(),
                l.table.clone(),
                l.index,
                l.field.clone(),
                l.csv
                    .as_ref()
                    .map(|c| (c.file.clone(), c.line, c.column.clone())),
                f.message.clone(),
                f.to_string(),
            )
        })
        .collect()
}

/// The serde name of a unit enum (`joined`, `group_end`...).
fn serde_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn assignment_tuples(a: &Assignments) -> AssignmentsTuple {
    let assigned = a
        .assignments
        .iter()
        .map(|x| {
            (
                x.enrolment,
                x.participant.clone(),
                x.group.clone(),
                x.timepoint.clone(),
                x.measurement,
                (ordinal(x.date), ordinal(x.target), x.distance_days()),
                (ordinal(x.window.start), ordinal(x.window.end)),
                x.candidates,
                x.at_group_end,
                (serde_name(&x.anchor), x.offset.to_string()),
                x.explain(),
            )
        })
        .collect();
    let missing = a
        .missing
        .iter()
        .map(|m| {
            (
                m.enrolment,
                m.participant.clone(),
                m.group.clone(),
                m.timepoint.clone(),
                m.window.map(|w| (ordinal(w.start), ordinal(w.end))),
                m.reason.clone(),
            )
        })
        .collect();
    let unassigned = a
        .unassigned
        .iter()
        .map(|u| {
            (
                u.measurement,
                u.participant.clone(),
                ordinal(u.date),
                u.reason.clone(),
            )
        })
        .collect();
    (assigned, missing, unassigned)
}

/// A text column as its distinct values (in order of first appearance) and one code per row.
fn encode(column: &[String]) -> (Vec<String>, Vec<u32>) {
    let mut seen: HashMap<&str, u32> = HashMap::new();
    let mut values: Vec<String> = Vec::new();
    let codes = column
        .iter()
        .map(|s| {
            *seen.entry(s.as_str()).or_insert_with(|| {
                values.push(s.clone());
                u32::try_from(values.len() - 1).unwrap_or(u32::MAX)
            })
        })
        .collect();
    (values, codes)
}

/// The tidy table in the shape the package reads (see [`TidyOut`]), built without the GIL.
struct TidyColumns {
    text: Vec<(&'static str, Vec<String>, Vec<u32>)>,
    days: Vec<i64>,
    values: Vec<f64>,
}

fn tidy_columns(t: TidyTable) -> TidyColumns {
    let TidyTable {
        participant,
        group,
        theme,
        format,
        unit,
        sex,
        age_band,
        timepoint,
        date,
        measure,
        value,
    } = t;
    let text = [
        ("participant", participant),
        ("group", group),
        ("theme", theme),
        ("format", format),
        ("unit", unit),
        ("sex", sex),
        ("age_band", age_band),
        ("timepoint", timepoint),
        ("measure", measure),
    ]
    .into_iter()
    .map(|(name, col)| {
        let (values, codes) = encode(&col);
        (name, values, codes)
    })
    .collect();
    let days = date
        .iter()
        .map(|d| i64::from(ordinal(*d)) - UNIX_EPOCH_ORDINAL)
        .collect();
    TidyColumns {
        text,
        days,
        values: value,
    }
}

/// A program: the core's [`Program`], and where its records came from when read from CSV. Use
/// `groupwell.program.Program`; this class is its engine.
#[pyclass(frozen, name = "Program", module = "groupwell._native")]
pub struct PyProgram {
    pub(crate) program: Program,
    sources: Option<Sources>,
}

impl PyProgram {
    fn filter(py: Python<'_>, filter: FilterTuple) -> PyResult<GroupFilter> {
        let (theme, format, unit, peer_led) = filter;
        let format = match format {
            None => None,
            Some(f) => Some(f.as_str().parse::<Format>().py_err(py)?),
        };
        Ok(GroupFilter {
            theme,
            format,
            unit,
            peer_led,
        })
    }

    fn located(&self, mut v: Validation) -> Validation {
        if let Some(s) = &self.sources {
            s.locate(&mut v);
        }
        v
    }
}

#[pymethods]
impl PyProgram {
    /// Reads a program document (JSON text as `str` or UTF-8 `bytes`).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PyProgram> {
        let text = text_of(text, "the program document")?.map_err(|reason| {
            to_pyerr(
                py,
                &Error::Json {
                    line: 1,
                    column: 1,
                    message: reason,
                },
            )
        })?;
        let program = py.detach(|| Program::from_json(&text)).py_err(py)?;
        Ok(PyProgram {
            program,
            sources: None,
        })
    }

    /// An empty program with the default schedule (`start`, `end` as `YYYY-MM-DD`).
    #[staticmethod]
    fn new(py: Python<'_>, id: &str, name: &str, start: &str, end: &str) -> PyResult<PyProgram> {
        let period = period(start, end).py_err(py)?;
        Ok(PyProgram {
            program: Program::new(id, name, period),
            sources: None,
        })
    }

    /// Reads CSV tables into `skeleton`: `tables` as `(table name, text, file label)`,
    /// `columns` as table name → (field → column), `measurement_columns` as the JSON of the
    /// core's `MeasurementColumns`. An error reading a table has the attributes `table` and
    /// `file` besides the error's own.
    #[staticmethod]
    #[pyo3(signature = (skeleton, tables, columns, measurement_columns=None))]
    fn from_csv(
        py: Python<'_>,
        skeleton: &PyProgram,
        tables: Vec<(String, Bound<'_, PyAny>, String)>,
        columns: BTreeMap<String, BTreeMap<String, String>>,
        measurement_columns: Option<&str>,
    ) -> PyResult<PyProgram> {
        let known = TABLES.join(", ");
        let mut texts: Vec<Option<(String, String)>> = vec![None; TABLES.len()];
        for (name, text, file) in &tables {
            let Some(slot) = TABLES
                .iter()
                .position(|t| t == name)
                .and_then(|i| texts.get_mut(i))
            else {
                return Err(to_pyerr(
                    py,
                    &invalid(
                        "tables",
                        format!("a table named {name:?}"),
                        &format!("tables named {known}"),
                    ),
                ));
            };
            if slot.is_some() {
                return Err(to_pyerr(
                    py,
                    &invalid(
                        "tables",
                        format!("table {name:?} given twice"),
                        "each table once",
                    ),
                ));
            }
            let text = text_of(text, &format!("table {name:?}"))?.map_err(|reason| {
                to_pyerr(
                    py,
                    &invalid(&format!("{file} line 1"), "the CSV text".into(), &reason),
                )
            })?;
            *slot = Some((text, file.clone()));
        }
        for name in columns.keys() {
            if name == "measurements" {
                return Err(to_pyerr(
                    py,
                    &invalid(
                        "columns",
                        "a column map for \"measurements\"".into(),
                        "the measurement columns in measurement_columns=",
                    ),
                ));
            }
            if !TABLES.contains(&name.as_str()) {
                return Err(to_pyerr(
                    py,
                    &invalid(
                        "columns",
                        format!("a column map for {name:?}"),
                        &format!("column maps for tables named {known}"),
                    ),
                ));
            }
        }
        let mcols = match measurement_columns {
            None => MeasurementColumns::default(),
            Some(json) => serde_json::from_str::<MeasurementColumns>(json).map_err(|e| {
                to_pyerr(
                    py,
                    &Error::Json {
                        line: e.line(),
                        column: e.column(),
                        message: format!("measurement_columns: {e}"),
                    },
                )
            })?,
        };
        let maps: BTreeMap<String, ColumnMap> = columns
            .into_iter()
            .map(|(t, m)| (t, ColumnMap(m)))
            .collect();
        let skeleton = skeleton.program.clone();
        // On failure: the error, and the table and file it is about.
        type Failed = (Error, &'static str, String);
        let result = py.detach(move || -> Result<(Program, Sources), Failed> {
            let mut import = Import::new(skeleton);
            let none = ColumnMap::default();
            for (table, slot) in TABLES.iter().zip(&texts) {
                let Some((text, file)) = slot else { continue };
                let map = maps.get(*table).unwrap_or(&none);
                match *table {
                    "units" => import.units(text, file, map),
                    "groups" => import.groups(text, file, map),
                    "participants" => import.participants(text, file, map),
                    "enrolments" => import.enrolments(text, file, map),
                    "sessions" => import.sessions(text, file, map),
                    _ => import.measurements(text, file, &mcols),
                }
                .map_err(|e| (e, *table, file.clone()))?;
            }
            Ok(import.finish())
        });
        let (program, sources) = match result {
            Ok(r) => r,
            Err((e, table, file)) => {
                let err = to_pyerr(py, &e);
                let value = err.value(py);
                value.setattr("table", table)?;
                value.setattr("file", file)?;
                return Err(err);
            }
        };
        Ok(PyProgram {
            program,
            sources: Some(sources),
        })
    }

    /// The document as JSON (one line per record).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| self.program.to_json()).py_err(py)
    }

    /// The tables as CSV text: `[(table name, text)]` in reading order.
    fn to_csv_tables(&self, py: Python<'_>) -> PyResult<Vec<(&'static str, String)>> {
        let t = py.detach(|| self.program.to_csv_tables()).py_err(py)?;
        Ok(vec![
            ("units", t.units),
            ("groups", t.groups),
            ("participants", t.participants),
            ("enrolments", t.enrolments),
            ("sessions", t.sessions),
            ("measurements", t.measurements),
        ])
    }

    /// The program without its records.
    fn skeleton(&self) -> PyProgram {
        PyProgram {
            program: self.program.skeleton(),
            sources: None,
        }
    }

    /// Program id.
    #[getter]
    fn id(&self) -> &str {
        &self.program.id
    }

    /// Display name.
    #[getter]
    fn name(&self) -> &str {
        &self.program.name
    }

    /// The format tag of the document.
    #[getter]
    fn format(&self) -> &str {
        &self.program.format
    }

    /// The period as two ordinals.
    #[getter]
    fn period(&self) -> (i32, i32) {
        (
            ordinal(self.program.period.start),
            ordinal(self.program.period.end),
        )
    }

    /// Ids of the owning units.
    #[getter]
    fn owners(&self) -> Vec<String> {
        self.program.owners.clone()
    }

    /// The schedule's timepoint names, in order.
    #[getter]
    fn timepoints(&self) -> Vec<String> {
        self.program
            .schedule
            .names()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// The EQ-5D version of the answers (`5L`, `3L`...).
    #[getter]
    fn instrument(&self) -> &'static str {
        self.program.instruments.eq5d.short_name()
    }

    /// The number of records per table, in reading order.
    #[getter]
    fn counts(&self) -> Vec<(&'static str, usize)> {
        let p = &self.program;
        vec![
            ("units", p.units.len()),
            ("groups", p.groups.len()),
            ("participants", p.participants.len()),
            ("enrolments", p.enrolments.len()),
            ("sessions", p.sessions.len()),
            ("measurements", p.measurements.len()),
        ]
    }

    /// Whether the program was read from CSV (findings then name file, line and column).
    #[getter]
    fn has_sources(&self) -> bool {
        self.sources.is_some()
    }

    /// Every finding of the validation.
    fn validate(&self, py: Python<'_>) -> Vec<FindingTuple> {
        let v = py.detach(|| self.located(self.program.validate()));
        finding_tuples(&v)
    }

    /// The validation and the assignment of timepoints, in one pass.
    fn validate_and_assign(&self, py: Python<'_>) -> (Vec<FindingTuple>, AssignmentsTuple) {
        let (v, a) = py.detach(|| {
            let (v, a) = self.program.validate_and_assign();
            (self.located(v), a)
        });
        (finding_tuples(&v), assignment_tuples(&a))
    }

    /// The assignment of measurements to timepoints.
    fn assign_timepoints(&self, py: Python<'_>) -> AssignmentsTuple {
        let a = py.detach(|| self.program.assign_timepoints());
        assignment_tuples(&a)
    }

    /// The groups that ran in `start..=end` and pass the filter, as the JSON array of the
    /// group records.
    fn groups_running(
        &self,
        py: Python<'_>,
        start: &str,
        end: &str,
        filter: FilterTuple,
    ) -> PyResult<String> {
        let period = period(start, end).py_err(py)?;
        let filter = PyProgram::filter(py, filter)?;
        py.detach(|| {
            let groups = self.program.groups_running(&period, &filter);
            serde_json::to_string(&groups).map_err(|e| Error::Json {
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })
        })
        .py_err(py)
    }

    /// Distinct participants of groups that ran in `start..=end` and pass the filter, by id.
    fn participants_in(
        &self,
        py: Python<'_>,
        start: &str,
        end: &str,
        filter: FilterTuple,
    ) -> PyResult<Vec<String>> {
        let period = period(start, end).py_err(py)?;
        let filter = PyProgram::filter(py, filter)?;
        Ok(py.detach(|| {
            self.program
                .participants_in(&period, &filter)
                .into_iter()
                .map(str::to_owned)
                .collect()
        }))
    }

    /// Attendance per group: `(group, sessions, expected, attended, rate or None)`.
    fn attendance(&self, py: Python<'_>) -> Vec<(String, usize, usize, usize, Option<f64>)> {
        let a = py.detach(|| self.program.attendance());
        a.into_iter()
            .map(|x| {
                let rate = x.rate();
                (x.group, x.sessions, x.expected, x.attended, rate)
            })
            .collect()
    }

    /// Attendance per enrolment: `(participant, group, sessions, attended, rate or None)`.
    fn participant_attendance(
        &self,
        py: Python<'_>,
    ) -> Vec<(String, String, usize, usize, Option<f64>)> {
        let a = py.detach(|| self.program.participant_attendance());
        a.into_iter()
            .map(|x| {
                let rate = x.rate();
                (x.participant, x.group, x.sessions, x.attended, rate)
            })
            .collect()
    }

    /// How enrolments ended, per group: `(group, enrolled, completed, dropped_out, moved,
    /// other, active, completion rate or None, dropout rate or None)`.
    #[allow(clippy::type_complexity)]
    fn completion(
        &self,
        py: Python<'_>,
    ) -> Vec<(
        String,
        usize,
        usize,
        usize,
        usize,
        usize,
        usize,
        Option<f64>,
        Option<f64>,
    )> {
        let c = py.detach(|| self.program.completion());
        c.into_iter()
            .map(|x| {
                let (cr, dr) = (x.completion_rate(), x.dropout_rate());
                (
                    x.group,
                    x.enrolled,
                    x.completed,
                    x.dropped_out,
                    x.moved,
                    x.other,
                    x.active,
                    cr,
                    dr,
                )
            })
            .collect()
    }

    /// One summary per group (see [`SummaryTuple`]).
    fn group_summaries(&self, py: Python<'_>) -> Vec<SummaryTuple> {
        let s = py.detach(|| self.program.group_summaries());
        s.into_iter()
            .map(|g| {
                (
                    g.group,
                    g.theme,
                    g.format.as_str(),
                    g.units,
                    ordinal(g.start),
                    g.end.map(ordinal),
                    g.participants,
                    g.within_capacity,
                )
            })
            .collect()
    }

    /// The tidy table by column (see [`TidyOut`]).
    fn tidy<'py>(
        &self,
        py: Python<'py>,
        value_sets: Vec<String>,
        subscales: bool,
    ) -> PyResult<TidyOut<'py>> {
        let opts = TidyOptions {
            value_sets,
            subscales,
        };
        let cols = py
            .detach(|| self.program.tidy(&opts).map(tidy_columns))
            .py_err(py)?;
        let text = cols
            .text
            .into_iter()
            .map(|(name, values, codes)| (name, values, PyArray1::from_vec(py, codes)))
            .collect();
        Ok((
            text,
            PyArray1::from_vec(py, cols.days),
            PyArray1::from_vec(py, cols.values),
        ))
    }

    /// The tidy table as CSV text.
    fn tidy_csv(
        &self,
        py: Python<'_>,
        value_sets: Vec<String>,
        subscales: bool,
    ) -> PyResult<String> {
        let opts = TidyOptions {
            value_sets,
            subscales,
        };
        py.detach(|| self.program.tidy(&opts).map(|t| t.to_csv()))
            .py_err(py)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyProgram>()
            .is_ok_and(|o| o.get().program == self.program)
    }

    fn __repr__(&self) -> String {
        let p = &self.program;
        format!(
            "<Program {} ({}): {} groups, {} participants, {} measurements, {}>",
            p.id,
            p.name,
            p.groups.len(),
            p.participants.len(),
            p.measurements.len(),
            p.period
        )
    }
}

/// The format tag of program documents.
#[pyfunction]
pub fn program_format() -> &'static str {
    PROGRAM_FORMAT
}

/// The well-known group themes.
#[pyfunction]
pub fn program_themes() -> Vec<&'static str> {
    THEMES.to_vec()
}

/// The table names, in reading order.
#[pyfunction]
pub fn program_tables() -> Vec<&'static str> {
    TABLES.to_vec()
}
