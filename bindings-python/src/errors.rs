//! The exception hierarchy and the one place where core errors become Python exceptions.
//!
//! Every core [`Error`] kind ([`Error::KINDS`]) has its own class, all rooted in
//! `groupwell.GroupwellError`, itself a `ValueError`. The class is chosen by [`Error::kind`]
//! (the core enum is `#[non_exhaustive]`, so a match on its variants needs a wildcard arm
//! across crates; the pytest suite checks that every kind has its own class). The fields of the
//! error become attributes of the exception (`.kind`, and e.g. `.errors`, `.candidates`,
//! `.suggestions`).

use groupwell::{Error, RowError};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};

create_exception!(
    groupwell,
    GroupwellError,
    PyValueError,
    "Root of every error groupwell raises (a ValueError). `.kind` names the cause."
);
create_exception!(
    groupwell,
    InvalidLevelError,
    GroupwellError,
    "A level is outside the instrument's range, not a whole number, or not finite."
);
create_exception!(
    groupwell,
    InvalidStateError,
    GroupwellError,
    "A state string or five-digit number could not be read."
);
create_exception!(
    groupwell,
    InvalidStateCodeError,
    GroupwellError,
    "A compact state code is outside 0..243 (3L) or 0..3125 (5L)."
);
create_exception!(
    groupwell,
    InvalidVasError,
    GroupwellError,
    "An EQ VAS value is not a number in 0..=100."
);
create_exception!(
    groupwell,
    InvalidRowsError,
    GroupwellError,
    "Rows of a batch were invalid; `.errors` lists every one as (row, field, message, ...)."
);
create_exception!(
    groupwell,
    LengthMismatchError,
    GroupwellError,
    "Columns of one call have different lengths."
);
create_exception!(
    groupwell,
    UnknownValueSetError,
    GroupwellError,
    "No value set matches the name; `.suggestions` lists similarly named ids."
);
create_exception!(
    groupwell,
    AmbiguousValueSetError,
    GroupwellError,
    "Several value sets match the name; `.candidates` lists their ids."
);
create_exception!(
    groupwell,
    InstrumentMismatchError,
    GroupwellError,
    "A value set or mapping is for another instrument than the data."
);
create_exception!(
    groupwell,
    NoValueSetsError,
    GroupwellError,
    "The instrument has no value sets (EQ-5D-Y-5L)."
);
create_exception!(
    groupwell,
    InvalidDefinitionError,
    GroupwellError,
    "A value-set or scale definition is invalid; `.field` names the part at fault."
);
create_exception!(
    groupwell,
    JsonError,
    GroupwellError,
    "JSON that does not parse or does not fit the expected shape."
);
create_exception!(
    groupwell,
    TomlError,
    GroupwellError,
    "TOML that does not parse or does not fit the expected shape (`.line`, `.column`, `.message`)."
);
create_exception!(
    groupwell,
    InvalidArgumentError,
    GroupwellError,
    "An argument of a function is outside its domain."
);
create_exception!(
    groupwell,
    UnavailableError,
    GroupwellError,
    "A capability was not compiled into this build. The Python package is always built with every \
     feature (the NICE DSU tables included), so it never raises this; the class exists so that \
     every core error kind has one."
);

/// The exception class of a core error kind. Unknown kinds (a core newer than this binding)
/// fall back to the root class; the test suite checks that no listed kind does.
pub fn class_of<'py>(py: Python<'py>, kind: &str) -> Bound<'py, PyType> {
    match kind {
        "InvalidLevel" => py.get_type::<InvalidLevelError>(),
        "InvalidState" => py.get_type::<InvalidStateError>(),
        "InvalidStateCode" => py.get_type::<InvalidStateCodeError>(),
        "InvalidVas" => py.get_type::<InvalidVasError>(),
        "Rows" => py.get_type::<InvalidRowsError>(),
        "LengthMismatch" => py.get_type::<LengthMismatchError>(),
        "UnknownValueSet" => py.get_type::<UnknownValueSetError>(),
        "AmbiguousValueSet" => py.get_type::<AmbiguousValueSetError>(),
        "InstrumentMismatch" => py.get_type::<InstrumentMismatchError>(),
        "NoValueSets" => py.get_type::<NoValueSetsError>(),
        "InvalidDefinition" => py.get_type::<InvalidDefinitionError>(),
        "Json" => py.get_type::<JsonError>(),
        "Toml" => py.get_type::<TomlError>(),
        "InvalidArgument" => py.get_type::<InvalidArgumentError>(),
        "Unavailable" => py.get_type::<UnavailableError>(),
        _ => py.get_type::<GroupwellError>(),
    }
}

/// One invalid row as the tuple `(row, field, message, kind)`.
pub fn row_tuple<'py>(py: Python<'py>, e: &RowError) -> PyResult<Bound<'py, PyTuple>> {
    (e.row, e.field.as_str(), e.error.to_string(), e.error.kind()).into_pyobject(py)
}

/// A list of row tuples.
pub fn row_list<'py>(py: Python<'py>, errors: &[RowError]) -> PyResult<Bound<'py, PyList>> {
    let items = errors
        .iter()
        .map(|e| row_tuple(py, e))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

/// The error's fields, as `name → value` attributes of the exception.
fn details<'py>(py: Python<'py>, e: &Error) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("kind", e.kind())?;
    match e {
        Error::InvalidLevel {
            dimension,
            value,
            instrument,
            max,
        } => {
            d.set_item("dimension", dimension.code())?;
            d.set_item("value", value)?;
            d.set_item("instrument", instrument.name())?;
            d.set_item("max", max)?;
        }
        Error::InvalidState {
            input,
            instrument,
            reason,
        } => {
            d.set_item("input", input)?;
            d.set_item("instrument", instrument.name())?;
            d.set_item("reason", reason.to_string())?;
        }
        Error::InvalidStateCode {
            code,
            instrument,
            states,
        } => {
            d.set_item("code", code)?;
            d.set_item("instrument", instrument.name())?;
            d.set_item("states", states)?;
        }
        Error::InvalidVas { value } => d.set_item("value", value)?,
        Error::Rows { errors } => d.set_item("errors", row_list(py, errors)?)?,
        Error::LengthMismatch {
            field,
            expected,
            found,
        } => {
            d.set_item("field", field)?;
            d.set_item("expected", expected)?;
            d.set_item("found", found)?;
        }
        Error::UnknownValueSet { query, suggestions } => {
            d.set_item("query", query)?;
            d.set_item("suggestions", suggestions)?;
        }
        Error::AmbiguousValueSet { query, candidates } => {
            d.set_item("query", query)?;
            d.set_item("candidates", candidates)?;
        }
        Error::InstrumentMismatch {
            what,
            expected,
            found,
        } => {
            d.set_item("what", what)?;
            d.set_item("expected", expected.name())?;
            d.set_item("found", found.name())?;
        }
        Error::NoValueSets { instrument } => d.set_item("instrument", instrument.name())?,
        Error::InvalidDefinition { id, field, reason } => {
            d.set_item("id", id)?;
            d.set_item("field", field)?;
            d.set_item("reason", reason)?;
        }
        Error::Json {
            line,
            column,
            message,
        }
        | Error::Toml {
            line,
            column,
            message,
        } => {
            d.set_item("line", line)?;
            d.set_item("column", column)?;
            d.set_item("message", message)?;
        }
        Error::InvalidArgument {
            argument,
            value,
            expected,
        } => {
            d.set_item("argument", argument)?;
            d.set_item("value", value)?;
            d.set_item("expected", expected)?;
        }
        Error::Unavailable { what, feature } => {
            d.set_item("what", what)?;
            d.set_item("feature", feature)?;
        }
        // The core enum is #[non_exhaustive]: a newer variant keeps its message and `.kind`.
        _ => {}
    }
    Ok(d)
}

/// Converts a core error into its Python exception, with the error's fields as attributes.
pub fn to_pyerr(py: Python<'_>, e: &Error) -> PyErr {
    let err = PyErr::from_type(class_of(py, e.kind()), e.to_string());
    let value = err.value(py);
    let attached = details(py, e).and_then(|d| {
        for (k, v) in d.iter() {
            value.setattr(k.cast::<pyo3::types::PyString>()?, v)?;
        }
        Ok(())
    });
    match attached {
        Ok(()) => err,
        Err(other) => other,
    }
}

/// Extension to turn `groupwell::Result<T>` into `PyResult<T>`.
pub trait IntoPy<T> {
    /// Maps the error with [`to_pyerr`].
    fn py_err(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPy<T> for groupwell::Result<T> {
    fn py_err(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_pyerr(py, &e))
    }
}

/// Registers the classes in the module, plus `ERROR_KINDS` (the core's list) and
/// `ERROR_CLASSES` (kind → class).
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("GroupwellError", py.get_type::<GroupwellError>())?;
    let classes = PyDict::new(py);
    for kind in Error::KINDS {
        let cls = class_of(py, kind);
        m.add(cls.name()?, &cls)?;
        classes.set_item(kind, cls)?;
    }
    m.add("ERROR_KINDS", PyTuple::new(py, Error::KINDS)?)?;
    m.add("ERROR_CLASSES", classes)?;
    Ok(())
}
