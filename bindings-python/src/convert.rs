//! From Python values and numpy arrays to the slices the core's batch kernels take.
//!
//! numpy arrays of a supported dtype (u8, i8, u16, i16, u32, i32, u64, i64, f32, f64) are
//! borrowed as slices when contiguous and copied only when they are not (strided views,
//! unaligned data). Other sequences are read element by element into [`Item`]s: strings,
//! numbers (kept exact: ints as ints, floats as floats) or missing values (`None`, float `NaN`,
//! `pd.NA`, `pd.NaT`). Whether a value is a valid level, code or state is never decided here:
//! every number and every string goes to the core as it is (strings in level, code and EQ VAS
//! columns as [`Cell::Text`], read by the core's text-cell rules).

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

/// One cell of a column that may hold numbers and text: numbers as [`Num`], text as the core's
/// text cells (`LevelInput for &str`: `" 3 "` is 3, `""`/`"NA"` missing, `"2.5"`/`"two"`
/// errors). Every method delegates to the core's implementation for the variant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// A number (or a missing value).
    Num(Num),
    /// A text cell.
    Text(&'a str),
}

impl LevelInput for Cell<'_> {
    #[inline]
    fn numeric(self) -> Numeric {
        match self {
            Cell::Num(n) => n.numeric(),
            Cell::Text(s) => s.numeric(),
        }
    }

    fn describe(self) -> String {
        match self {
            Cell::Num(n) => n.describe(),
            Cell::Text(s) => s.describe(),
        }
    }

    fn to_level(
        self,
        dimension: groupwell::eq5d::Dimension,
        instrument: groupwell::eq5d::Instrument,
    ) -> groupwell::Result<Option<u8>> {
        match self {
            Cell::Num(n) => n.to_level(dimension, instrument),
            Cell::Text(s) => s.to_level(dimension, instrument),
        }
    }
}

/// A column read as [`Num`]s or as [`Item`]s, to be borrowed as [`Cell`]s.
#[derive(Debug, Clone)]
pub enum Column<'py> {
    /// Numbers (from a typed numpy array, or after a mask).
    Nums(Vec<Num>),
    /// Items of a sequence or object array.
    Items(Vec<Item<'py>>),
}

impl Column<'_> {
    /// The number of rows.
    pub fn len(&self) -> usize {
        match self {
            Column::Nums(v) => v.len(),
            Column::Items(v) => v.len(),
        }
    }

    /// Sets the rows where `mask` is `true` to missing.
    pub fn apply_mask(&mut self, mask: &[bool]) {
        match self {
            Column::Nums(v) => apply_mask(v, mask),
            Column::Items(v) => apply_mask_items(v, mask),
        }
    }

    /// The column as cells borrowing its strings.
    pub fn cells(&self) -> PyResult<Vec<Cell<'_>>> {
        match self {
            Column::Nums(v) => Ok(v.iter().map(|n| Cell::Num(*n)).collect()),
            Column::Items(v) => cells(v),
        }
    }
}

/// Items as cells (strings borrowed).
pub fn cells<'a>(items: &'a [Item<'_>]) -> PyResult<Vec<Cell<'a>>> {
    items
        .iter()
        .map(|it| match it {
            Item::Str(s) => s.to_str().map(Cell::Text),
            Item::Num(n) => Ok(Cell::Num(*n)),
            Item::Missing => Ok(Cell::Num(MISSING)),
        })
        .collect()
}

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
        match obj.extract::<i128>() {
            // Kept exact over the core's whole integer range (errors show the value as given).
            Ok(i) => Numeric::Int(i),
            // Beyond i128: saturated; any such value is invalid anyway.
            Err(e) if e.is_instance_of::<PyOverflowError>(obj.py()) => {
                Numeric::Int(if obj.lt(0)? { i128::MIN } else { i128::MAX })
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

/// A number as `f64` (for inputs the core takes as floats: ages, single EQ VAS values):
/// whole numbers converted, missing as `NaN`.
pub fn num_f64(n: Num) -> f64 {
    match n.0 {
        Numeric::Int(i) => i as f64,
        Numeric::Fraction(x) | Numeric::Infinite(x) => x,
        _ => f64::NAN,
    }
}

/// Reads a 1-D column for the cell kernels: a typed numpy array as numbers (copied), anything
/// else item by item; `None` for a numpy array of an unsupported dtype is a type error.
pub fn column<'py>(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Column<'py>> {
    match obj.cast::<PyUntypedArray>() {
        Ok(a) if dtype_class(a) == DtypeClass::Numeric => Ok(Column::Nums(typed_nums(a, what)?)),
        Ok(a) if dtype_class(a) == DtypeClass::Unsupported => Err(dtype_error(a, what)),
        _ => Ok(Column::Items(items(obj, what)?)),
    }
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
