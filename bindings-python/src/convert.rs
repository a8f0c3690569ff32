//! From Python values and numpy arrays to the slices the core's batch kernels take.
//!
//! numpy arrays of a supported dtype (u8, i8, u16, i16, u32, i32, u64, i64, f32, f64) are
//! borrowed as slices when contiguous and copied only when they are not (strided views,
//! unaligned data). Other sequences are read element by element into [`Item`]s: strings,
//! numbers (kept exact: ints as ints, floats as floats) or missing values (`None`, float `NaN`,
//! `pd.NA`, `pd.NaT`). Whether a value is a valid level, code or state is never decided here:
//! every number goes to the core as it is.

use std::borrow::Cow;

use groupwell::eq5d::{LevelInput, Numeric};
use numpy::prelude::*;
use numpy::{Element, PyArray1, PyReadonlyArray1, PyUntypedArray};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyFloat, PyString};

/// A number as the core classifies it, so ints and floats can share one column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub Numeric);

impl LevelInput for Num {
    #[inline(always)]
    fn numeric(self) -> Numeric {
        self.0
    }
}

/// A missing value.
pub const MISSING: Num = Num(Numeric::Missing);

/// Runs `$body` with the type alias `$T` set to the element type of the numpy array `$arr`
/// (a `Bound<PyUntypedArray>`), for the supported dtypes; `None` for any other dtype.
macro_rules! with_dtype {
    ($arr:expr, $T:ident, $body:expr) => {{
        let descr = numpy::PyUntypedArrayMethods::dtype($arr);
        let py = $arr.py();
        $crate::convert::with_dtype!(@chain descr, py, $T, $body,
            u8, i8, u16, i16, u32, i32, u64, i64, f32, f64)
    }};
    (@chain $d:ident, $py:ident, $T:ident, $body:expr, $t:ty $(, $rest:ty)*) => {
        if numpy::PyArrayDescrMethods::is_equiv_to(&$d, &numpy::dtype::<$t>($py)) {
            #[allow(dead_code)]
            type $T = $t;
            Some($body)
        } else {
            $crate::convert::with_dtype!(@chain $d, $py, $T, $body $(, $rest)*)
        }
    };
    (@chain $d:ident, $py:ident, $T:ident, $body:expr) => {
        None
    };
}
pub(crate) use with_dtype;

/// The data of a 1-D array: borrowed when contiguous, else copied.
pub fn data<'a, T: Element + Copy>(ro: &'a PyReadonlyArray1<'_, T>) -> Cow<'a, [T]> {
    match ro.as_slice() {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(ro.as_array().iter().copied().collect()),
    }
}

/// What an array's dtype means here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DtypeClass {
    /// Integer or float: read by the typed kernels.
    Numeric,
    /// Object or unicode: read element by element.
    Items,
    /// Anything else (bool, complex, dates, bytes): refused.
    Unsupported,
}

/// Classifies a numpy dtype by its kind character.
pub fn dtype_class(arr: &Bound<'_, PyUntypedArray>) -> DtypeClass {
    match arr.dtype().kind() {
        b'i' | b'u' | b'f' => DtypeClass::Numeric,
        b'O' | b'U' => DtypeClass::Items,
        _ => DtypeClass::Unsupported,
    }
}

/// The error for an array whose dtype cannot be read.
pub fn dtype_error(arr: &Bound<'_, PyUntypedArray>, what: &str) -> PyErr {
    let dt = arr
        .dtype()
        .str()
        .map(|s| s.to_string())
        .unwrap_or_else(|_| "?".into());
    PyTypeError::new_err(format!(
        "{what}: numpy dtype {dt} is not supported (expected an integer or float dtype in \
         native byte order, or strings/objects)"
    ))
}

/// One value of a sequence.
#[derive(Debug, Clone)]
pub enum Item<'py> {
    /// A string.
    Str(Bound<'py, PyString>),
    /// A number.
    Num(Num),
    /// `None`, float `NaN`, `pd.NA`, `pd.NaT`.
    Missing,
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Reads one Python value, or `None` when its type cannot stand for a state, code or level.
pub fn classify<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Option<Item<'py>>> {
    if obj.is_none() {
        return Ok(Some(Item::Missing));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Some(Item::Str(s.clone())));
    }
    let name = type_name(obj);
    match name.as_str() {
        // Python's and numpy's booleans are not levels.
        "bool" | "bool_" => return Ok(None),
        // pandas' missing-value singletons.
        "NAType" | "NaTType" => return Ok(Some(Item::Missing)),
        _ => {}
    }
    let num = if let Ok(f) = obj.cast::<PyFloat>() {
        f.value().numeric()
    } else {
        match obj.extract::<i64>() {
            Ok(i) => i.numeric(),
            // Beyond i64: saturated, as the core does with five-digit numbers; any such value is
            // invalid anyway, and the core's level kernel is only overflow-free for 64-bit input.
            Err(e) if e.is_instance_of::<PyOverflowError>(obj.py()) => {
                if obj.lt(0)? {
                    i64::MIN.numeric()
                } else {
                    i64::MAX.numeric()
                }
            }
            Err(_) => match obj.extract::<f64>() {
                Ok(x) => x.numeric(),
                Err(_) => return Ok(None),
            },
        }
    };
    Ok(Some(match num {
        Numeric::Missing => Item::Missing,
        n => Item::Num(Num(n)),
    }))
}

/// Reads every element of an iterable. `what` names it in type errors.
pub fn items<'py>(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Vec<Item<'py>>> {
    if obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
        || obj.is_instance_of::<PyByteArray>()
    {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a sequence or array of values, not a single {}",
            type_name(obj)
        )));
    }
    let iter = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what} must be a sequence or array, not {}",
            type_name(obj)
        ))
    })?;
    let mut out = Vec::with_capacity(obj.len().unwrap_or(0));
    for (row, x) in iter.enumerate() {
        let x = x?;
        match classify(&x)? {
            Some(item) => out.push(item),
            None => {
                return Err(PyTypeError::new_err(format!(
                    "{what}: row {row} is a {}, expected a number, a string or a missing value",
                    type_name(&x)
                )));
            }
        }
    }
    Ok(out)
}

/// The numbers of a sequence of items; strings are a type error.
pub fn nums(items: &[Item<'_>], what: &str) -> PyResult<Vec<Num>> {
    items
        .iter()
        .enumerate()
        .map(|(row, it)| match it {
            Item::Num(n) => Ok(*n),
            Item::Missing => Ok(MISSING),
            Item::Str(_) => Err(PyTypeError::new_err(format!(
                "{what}: row {row} is a string; expected numbers (convert the column to a \
                 numeric dtype first)"
            ))),
        })
        .collect()
}

/// A boolean mask (`True` = missing), borrowed or copied.
pub fn mask_of(obj: &Bound<'_, PyAny>) -> PyResult<Vec<bool>> {
    let arr = obj
        .cast::<PyArray1<bool>>()
        .map_err(|_| PyTypeError::new_err("mask must be a 1-D numpy array of dtype bool"))?;
    let ro = arr.try_readonly()?;
    Ok(data(&ro).into_owned())
}

/// A typed numpy array as numbers (a copy, for masked or mixed-dtype input).
pub fn typed_nums(arr: &Bound<'_, PyUntypedArray>, what: &str) -> PyResult<Vec<Num>> {
    let out = with_dtype!(arr, T, {
        let a = arr.cast::<PyArray1<T>>()?;
        let ro = a.try_readonly()?;
        data(&ro)
            .iter()
            .map(|x| Num(x.numeric()))
            .collect::<Vec<Num>>()
    });
    out.ok_or_else(|| dtype_error(arr, what))
}

/// Applies a mask; rows beyond the mask are left as they are (the caller checks lengths).
pub fn apply_mask(values: &mut [Num], mask: &[bool]) {
    for (v, m) in values.iter_mut().zip(mask) {
        if *m {
            *v = MISSING;
        }
    }
}

/// Applies a mask to items.
pub fn apply_mask_items(values: &mut [Item<'_>], mask: &[bool]) {
    for (v, m) in values.iter_mut().zip(mask) {
        if *m {
            *v = Item::Missing;
        }
    }
}
