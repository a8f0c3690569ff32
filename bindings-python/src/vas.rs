//! The EQ VAS: single values and columns validated by the core's [`EqVas`].

use std::str::FromStr;

use groupwell::Result as CoreResult;
use groupwell::RowError;
use groupwell::eq5d::{EqVas, ErrorMode};
use numpy::prelude::*;
use numpy::{PyArray1, PyUntypedArray};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

use crate::convert::{
    DtypeClass, Item, classify, column, data, dtype_class, dtype_error, mask_of, num_f64,
    with_dtype,
};
use crate::errors::{IntoPy, row_list, to_pyerr};
use crate::valueset::{Batch, check_mask, shape_error};

/// One EQ VAS value ([`EqVas::new`]): a number in 0..=100; `NaN` and `None` are errors here
/// (a single value must be given), unlike in columns where they are missing. In coerce mode an
/// invalid value gives `NaN`.
#[pyfunction]
#[pyo3(signature = (value, errors = "raise"))]
pub fn vas(py: Python<'_>, value: &Bound<'_, PyAny>, errors: &str) -> PyResult<f64> {
    let mode = ErrorMode::from_str(errors).py_err(py)?;
    let x = match classify(value)? {
        Some(Item::Num(n)) => num_f64(n),
        Some(Item::Missing) => f64::NAN,
        Some(Item::Str(_)) | None => {
            return Err(PyTypeError::new_err(format!(
                "an EQ VAS value must be a number, not {}",
                value.get_type().name()?
            )));
        }
    };
    match (EqVas::new(x), mode) {
        (Ok(v), _) => Ok(v.value()),
        (Err(_), ErrorMode::Coerce) => Ok(f64::NAN),
        (Err(e), ErrorMode::Raise) => Err(to_pyerr(py, &e)),
    }
}

/// A column of EQ VAS values ([`EqVas::validate_column`]): numbers of any numpy dtype
/// (borrowed when contiguous), or any sequence of numbers, text cells and missing values.
#[pyfunction]
#[pyo3(signature = (values, errors = "raise", mask = None))]
pub fn validate_vas<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    errors: &str,
    mask: Option<&Bound<'py, PyAny>>,
) -> PyResult<Batch<'py>> {
    const WHAT: &str = "EQ VAS";
    let mode = ErrorMode::from_str(errors).py_err(py)?;
    let mask = mask.filter(|m| !m.is_none()).map(mask_of).transpose()?;
    let r: CoreResult<(Vec<f64>, Vec<RowError>)> = 'read: {
        if let Ok(arr) = values.cast::<PyUntypedArray>() {
            if arr.ndim() != 1 {
                break 'read Err(shape_error(WHAT, arr.shape(), "a 1-D array"));
            }
            match dtype_class(arr) {
                DtypeClass::Unsupported => return Err(dtype_error(arr, WHAT)),
                DtypeClass::Numeric if mask.is_none() => {
                    let r = with_dtype!(arr, T, {
                        let a = arr.cast::<PyArray1<T>>()?;
                        let ro = a.try_readonly()?;
                        let d = data(&ro);
                        let d: &[T] = &d;
                        py.detach(|| EqVas::validate_column(d, mode))
                    });
                    break 'read r.ok_or_else(|| dtype_error(arr, WHAT))?;
                }
                _ => {}
            }
        }
        let mut col = column(values, WHAT)?;
        if let Some(m) = &mask {
            if let Err(e) = check_mask("mask", m, col.len()) {
                break 'read Err(e);
            }
            col.apply_mask(m);
        }
        let cells = col.cells()?;
        py.detach(|| EqVas::validate_column(&cells, mode))
    };
    let (out, errs) = r.py_err(py)?;
    let missing = out
        .iter()
        .filter(|v| v.is_nan())
        .count()
        .saturating_sub(errs.len());
    Ok((PyArray1::from_vec(py, out), row_list(py, &errs)?, missing))
}
