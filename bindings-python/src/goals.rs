//! Goals ([`groupwell::goals`]): the `GoalSet` and `Report` classes behind `groupwell.goals`.
//!
//! A goal set is held as the core's [`GoalSet`], a report as the core's [`Report`]. The report
//! crosses the boundary as its JSON (the core's serde form, `NaN` as `null`), which the package
//! reads into dicts and tables: a field the core adds to the report reaches Python without a
//! change here. Reading goals (JSON, TOML), checking them against the program and evaluating
//! them are the core's, with the GIL released; nothing here decides what a valid goal is or
//! whether it was met.

use groupwell::Error;
use groupwell::goals::{GOALS_FORMAT, GoalSet, Report};
use pyo3::prelude::*;

use crate::errors::{IntoPy, to_pyerr};
use crate::program::{PyProgram, text_of};

fn json_error(e: &serde_json::Error) -> Error {
    Error::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    }
}

/// Text as `str` or UTF-8 bytes; bytes that are not UTF-8 become the error `make` builds from
/// the reason (a JSON or TOML error at line 1, column 1).
fn text(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    what: &str,
    make: fn(String) -> Error,
) -> PyResult<String> {
    text_of(obj, what)?.map_err(|reason| to_pyerr(py, &make(reason)))
}

/// A goal set: the core's [`GoalSet`]. Use `groupwell.goals.GoalSet`; this class is its engine.
#[pyclass(frozen, name = "GoalSet", module = "groupwell._native")]
pub struct PyGoalSet {
    set: GoalSet,
}

#[pymethods]
impl PyGoalSet {
    /// Reads a goal document (JSON text as `str` or UTF-8 `bytes`).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PyGoalSet> {
        let text = self::text(py, text, "the goal document", |message| Error::Json {
            line: 1,
            column: 1,
            message,
        })?;
        let set = py.detach(|| GoalSet::from_json(&text)).py_err(py)?;
        Ok(PyGoalSet { set })
    }

    /// Reads a goal document in TOML (one `[[goals]]` table per goal).
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PyGoalSet> {
        let text = self::text(py, text, "the goal document", |message| Error::Toml {
            line: 1,
            column: 1,
            message,
        })?;
        let set = py.detach(|| GoalSet::from_toml(&text)).py_err(py)?;
        Ok(PyGoalSet { set })
    }

    /// The goal document as pretty-printed JSON.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| self.set.to_json()).py_err(py)
    }

    /// The format tag of the document.
    #[getter]
    fn format(&self) -> &str {
        &self.set.format
    }

    /// The goal ids, in report order.
    #[getter]
    fn ids(&self) -> Vec<String> {
        self.set.goals.iter().map(|g| g.id.clone()).collect()
    }

    /// Checks the goals against `program` and evaluates them (the GIL released).
    fn evaluate(&self, py: Python<'_>, program: &PyProgram) -> PyResult<PyReport> {
        let report = py
            .detach(|| self.set.evaluate(&program.program))
            .py_err(py)?;
        Ok(PyReport { report })
    }

    fn __len__(&self) -> usize {
        self.set.goals.len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyGoalSet>()
            .is_ok_and(|o| o.get().set == self.set)
    }

    fn __repr__(&self) -> String {
        let n = self.set.goals.len();
        let ids: Vec<&str> = self.set.goals.iter().map(|g| g.id.as_str()).collect();
        format!(
            "<GoalSet: {n} goal{}{}{}>",
            if n == 1 { "" } else { "s" },
            if n == 0 { "" } else { ": " },
            ids.join(", ")
        )
    }
}

/// The evaluation of a goal set: the core's [`Report`]. Use `groupwell.goals.Report`.
#[pyclass(frozen, name = "Report", module = "groupwell._native")]
pub struct PyReport {
    report: Report,
}

#[pymethods]
impl PyReport {
    /// Reads a report written by `to_json` (`str` or UTF-8 `bytes`).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PyReport> {
        let text = self::text(py, text, "the report", |message| Error::Json {
            line: 1,
            column: 1,
            message,
        })?;
        let report = py
            .detach(|| serde_json::from_str::<Report>(&text).map_err(|e| json_error(&e)))
            .py_err(py)?;
        Ok(PyReport { report })
    }

    /// The report as pretty-printed JSON (the core's).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| self.report.to_json()).py_err(py)
    }

    /// The report as compact JSON (one line), for the package to read.
    fn to_json_compact(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| serde_json::to_string(&self.report).map_err(|e| json_error(&e)))
            .py_err(py)
    }

    /// The report as Markdown.
    fn to_markdown(&self, py: Python<'_>) -> String {
        py.detach(|| self.report.to_markdown())
    }

    /// The report as one self-contained HTML document.
    fn to_html(&self, py: Python<'_>) -> String {
        py.detach(|| self.report.to_html())
    }

    /// The report as an HTML fragment (one `div` with scoped styles) for another page.
    fn to_html_fragment(&self, py: Python<'_>) -> String {
        py.detach(|| self.report.to_html_fragment())
    }

    /// The program's id.
    #[getter]
    fn program_id(&self) -> &str {
        &self.report.program_id
    }

    /// The program's name.
    #[getter]
    fn program_name(&self) -> &str {
        &self.report.program_name
    }

    /// The number of results.
    fn __len__(&self) -> usize {
        self.report.results.len()
    }
}

/// The format tag of goal documents.
#[pyfunction]
pub fn goals_format() -> &'static str {
    GOALS_FORMAT
}
