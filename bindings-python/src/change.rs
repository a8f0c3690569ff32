//! Change between two timepoints ([`groupwell::change`]): thresholds, the reliable change
//! index and the classification, behind `groupwell.change`.
//!
//! A threshold crosses the boundary as the tuple `(kind, mid, sd, reliability)` (`kind` is the
//! core's serde tag: `strict`, `absolute`, `reliable`); it is built into the core's
//! [`Threshold`] and checked by [`Threshold::validate`]. The presets come from the core, so
//! their numbers live in one place. Scores are read as `f64` (missing = `NaN`; `None` and
//! `pd.NA` are missing too); columns of `float64` are borrowed without copying.

use std::borrow::Cow;

use groupwell::Error;
use groupwell::change::{self, ChangeClass, Direction, Threshold};
use numpy::prelude::*;
use numpy::{PyArray1, PyReadonlyArray1, PyUntypedArray};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::convert::{
    DtypeClass, Item, classify, data, dtype_class, dtype_error, items, mask_of, num_f64, nums,
    typed_nums,
};
use crate::errors::{IntoPy, to_pyerr};
use crate::valueset::{check_mask, shape_error};

/// A threshold as the Python side holds it: `(kind, mid, sd, reliability)`.
pub type ThresholdTuple = (String, Option<f64>, Option<f64>, Option<f64>);

/// The classes in code order (the codes of [`classify_changes`]).
const CLASSES: [ChangeClass; 3] = [
    ChangeClass::Improved,
    ChangeClass::Unchanged,
    ChangeClass::Worsened,
];

fn invalid(argument: &str, value: String, expected: &str) -> Error {
    Error::InvalidArgument {
        argument: argument.into(),
        value,
        expected: expected.into(),
    }
}

fn show(x: Option<f64>) -> String {
    x.map_or_else(|| "None".into(), |v| v.to_string())
}

/// Builds and validates the core's threshold. Parameters that do not belong to the kind are an
/// error rather than ignored (a `strict` threshold with a MID is a mistake).
fn build(
    kind: &str,
    mid: Option<f64>,
    sd: Option<f64>,
    reliability: Option<f64>,
) -> groupwell::Result<Threshold> {
    let unexpected = |name: &str, v: Option<f64>, k: &str| match v {
        None => Ok(()),
        Some(_) => Err(invalid(
            name,
            show(v),
            &format!("no {name} for a {k} threshold (leave it out)"),
        )),
    };
    let required = |name: &str, v: Option<f64>, what: &str| {
        v.ok_or_else(|| invalid(name, "None".into(), what))
    };
    let t = match kind.trim().to_ascii_lowercase().as_str() {
        "strict" => {
            unexpected("mid", mid, "strict")?;
            unexpected("sd", sd, "strict")?;
            unexpected("reliability", reliability, "strict")?;
            Threshold::Strict
        }
        "absolute" => {
            unexpected("sd", sd, "absolute")?;
            unexpected("reliability", reliability, "absolute")?;
            Threshold::Absolute {
                mid: required("mid", mid, "a positive number")?,
            }
        }
        "reliable" => {
            unexpected("mid", mid, "reliable")?;
            Threshold::Reliable {
                sd: required("sd", sd, "a positive number")?,
                reliability: required("reliability", reliability, "a number in 0..1 (1 excluded)")?,
            }
        }
        _ => {
            return Err(invalid(
                "threshold",
                format!("{kind:?}"),
                "\"strict\", \"absolute\" or \"reliable\"",
            ));
        }
    };
    t.validate()?;
    Ok(t)
}

fn tuple_of(t: Threshold) -> ThresholdTuple {
    match t {
        Threshold::Strict => ("strict".into(), None, None, None),
        Threshold::Absolute { mid } => ("absolute".into(), Some(mid), None, None),
        Threshold::Reliable { sd, reliability } => {
            ("reliable".into(), None, Some(sd), Some(reliability))
        }
    }
}

fn threshold_of(py: Python<'_>, t: &ThresholdTuple) -> PyResult<Threshold> {
    build(&t.0, t.1, t.2, t.3).py_err(py)
}

fn direction_of(py: Python<'_>, direction: &str) -> PyResult<Direction> {
    direction.parse::<Direction>().py_err(py)
}

/// A threshold checked by the core, normalised to `(kind, mid, sd, reliability)`.
#[pyfunction]
#[pyo3(signature = (kind, mid = None, sd = None, reliability = None))]
pub fn make_threshold(
    py: Python<'_>,
    kind: &str,
    mid: Option<f64>,
    sd: Option<f64>,
    reliability: Option<f64>,
) -> PyResult<ThresholdTuple> {
    build(kind, mid, sd, reliability).map(tuple_of).py_err(py)
}

/// The core's preset thresholds: `eq_vas_mid`, `eq5d_index_mid`, `sci93_reliable` (with `sd`).
#[pyfunction]
#[pyo3(signature = (name, sd = None))]
pub fn threshold_preset(py: Python<'_>, name: &str, sd: Option<f64>) -> PyResult<ThresholdTuple> {
    let t = match name {
        "eq_vas_mid" => Threshold::eq_vas_mid(),
        "eq5d_index_mid" => Threshold::eq5d_index_mid(),
        "sci93_reliable" => match sd {
            Some(sd) => Threshold::sci93_reliable(sd),
            None => {
                return Err(to_pyerr(
                    py,
                    &invalid("sd", "None".into(), "a positive number"),
                ));
            }
        },
        _ => {
            return Err(to_pyerr(
                py,
                &invalid(
                    "preset",
                    format!("{name:?}"),
                    "\"eq_vas_mid\", \"eq5d_index_mid\" or \"sci93_reliable\"",
                ),
            ));
        }
    };
    t.validate().py_err(py)?;
    Ok(tuple_of(t))
}

/// The class names in code order: `improved`, `unchanged`, `worsened`.
#[pyfunction]
pub fn change_classes() -> Vec<&'static str> {
    CLASSES.iter().map(|c| c.name()).collect()
}

fn code_of(c: Option<ChangeClass>) -> i8 {
    match c {
        None => -1,
        Some(ChangeClass::Improved) => 0,
        Some(ChangeClass::Unchanged) => 1,
        Some(ChangeClass::Worsened) => 2,
    }
}

/// One score: a number, or missing (`None`, `NaN`, `pd.NA`) as `NaN`; text and booleans are a
/// `TypeError`.
fn score(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<f64> {
    match classify(obj)? {
        Some(Item::Num(n)) => Ok(num_f64(n)),
        Some(Item::Missing) => Ok(f64::NAN),
        Some(Item::Str(_)) | None => Err(PyTypeError::new_err(format!(
            "{what} must be a number or a missing value, not {}",
            obj.get_type().name()?
        ))),
    }
}

/// A column of scores as `f64`: a `float64` numpy array borrowed, other numeric arrays
/// converted, sequences read value by value (missing as `NaN`).
enum Scores<'py> {
    Borrowed(PyReadonlyArray1<'py, f64>),
    Owned(Vec<f64>),
}

impl Scores<'_> {
    fn values(&self) -> Cow<'_, [f64]> {
        match self {
            Scores::Borrowed(ro) => data(ro),
            Scores::Owned(v) => Cow::Borrowed(v),
        }
    }
}

fn read_scores<'py>(
    obj: &Bound<'py, PyAny>,
    mask: Option<&Bound<'py, PyAny>>,
    what: &str,
) -> PyResult<Result<Scores<'py>, Error>> {
    let mask = mask.filter(|m| !m.is_none()).map(mask_of).transpose()?;
    let mut out = 'read: {
        if let Ok(arr) = obj.cast::<PyUntypedArray>() {
            if arr.ndim() != 1 {
                return Ok(Err(shape_error(what, arr.shape(), "a 1-D array")));
            }
            match dtype_class(arr) {
                DtypeClass::Unsupported => return Err(dtype_error(arr, what)),
                DtypeClass::Numeric => {
                    if mask.is_none()
                        && let Ok(a) = arr.cast::<PyArray1<f64>>()
                    {
                        return Ok(Ok(Scores::Borrowed(a.try_readonly()?)));
                    }
                    break 'read typed_nums(arr, what)?
                        .into_iter()
                        .map(num_f64)
                        .collect::<Vec<f64>>();
                }
                DtypeClass::Items => {}
            }
        }
        nums(&items(obj, what)?, what)?
            .into_iter()
            .map(num_f64)
            .collect()
    };
    if let Some(m) = &mask {
        if let Err(e) = check_mask(&format!("mask of {what}"), m, out.len()) {
            return Ok(Err(e));
        }
        for (v, missing) in out.iter_mut().zip(m) {
            if *missing {
                *v = f64::NAN;
            }
        }
    }
    Ok(Ok(Scores::Owned(out)))
}

/// Classifies one change ([`change::classify`]): a class name, or `None` when a score is
/// missing.
#[pyfunction]
pub fn classify_change(
    py: Python<'_>,
    baseline: &Bound<'_, PyAny>,
    follow_up: &Bound<'_, PyAny>,
    direction: &str,
    threshold: ThresholdTuple,
) -> PyResult<Option<&'static str>> {
    let d = direction_of(py, direction)?;
    let t = threshold_of(py, &threshold)?;
    let (a, b) = (score(baseline, "baseline")?, score(follow_up, "follow_up")?);
    Ok(change::classify(a, b, d, t)
        .py_err(py)?
        .map(ChangeClass::name))
}

/// Classifies many changes ([`change::classify_all`]) as codes into [`change_classes`]
/// (`-1` = missing).
#[pyfunction]
#[pyo3(signature = (baseline, follow_up, direction, threshold, baseline_mask = None, follow_up_mask = None))]
pub fn classify_changes<'py>(
    py: Python<'py>,
    baseline: &Bound<'py, PyAny>,
    follow_up: &Bound<'py, PyAny>,
    direction: &str,
    threshold: ThresholdTuple,
    baseline_mask: Option<&Bound<'py, PyAny>>,
    follow_up_mask: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyArray1<i8>>> {
    let d = direction_of(py, direction)?;
    let t = threshold_of(py, &threshold)?;
    let a = read_scores(baseline, baseline_mask, "baseline")?.py_err(py)?;
    let b = read_scores(follow_up, follow_up_mask, "follow_up")?.py_err(py)?;
    let (a, b) = (a.values(), b.values());
    let (a, b): (&[f64], &[f64]) = (&a, &b);
    let codes = py
        .detach(|| {
            change::classify_all(a, b, d, t)
                .map(|c| c.into_iter().map(code_of).collect::<Vec<i8>>())
        })
        .py_err(py)?;
    Ok(PyArray1::from_vec(py, codes))
}

fn check_reliable(py: Python<'_>, sd: f64, reliability: f64) -> PyResult<()> {
    Threshold::Reliable { sd, reliability }
        .validate()
        .py_err(py)
}

/// The Jacobson & Truax reliable change index of one change
/// ([`change::reliable_change_index`]); `sd` and `reliability` are checked as for a reliable
/// threshold.
#[pyfunction]
pub fn reliable_change_index(
    py: Python<'_>,
    baseline: &Bound<'_, PyAny>,
    follow_up: &Bound<'_, PyAny>,
    sd: f64,
    reliability: f64,
) -> PyResult<f64> {
    check_reliable(py, sd, reliability)?;
    let (a, b) = (score(baseline, "baseline")?, score(follow_up, "follow_up")?);
    Ok(change::reliable_change_index(a, b, sd, reliability))
}

/// The reliable change index of many changes (`NaN` where a score is missing).
#[pyfunction]
#[pyo3(signature = (baseline, follow_up, sd, reliability, baseline_mask = None, follow_up_mask = None))]
pub fn reliable_change_indices<'py>(
    py: Python<'py>,
    baseline: &Bound<'py, PyAny>,
    follow_up: &Bound<'py, PyAny>,
    sd: f64,
    reliability: f64,
    baseline_mask: Option<&Bound<'py, PyAny>>,
    follow_up_mask: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    check_reliable(py, sd, reliability)?;
    let a = read_scores(baseline, baseline_mask, "baseline")?.py_err(py)?;
    let b = read_scores(follow_up, follow_up_mask, "follow_up")?.py_err(py)?;
    let (a, b) = (a.values(), b.values());
    if a.len() != b.len() {
        return Err(to_pyerr(
            py,
            &Error::LengthMismatch {
                field: "follow_up".into(),
                expected: a.len(),
                found: b.len(),
            },
        ));
    }
    let (a, b): (&[f64], &[f64]) = (&a, &b);
    let out = py.detach(|| {
        a.iter()
            .zip(b)
            .map(|(&x, &y)| change::reliable_change_index(x, y, sd, reliability))
            .collect::<Vec<f64>>()
    });
    Ok(PyArray1::from_vec(py, out))
}
