//! Summed scales ([`groupwell::scales`]): the `Scale` class behind `groupwell.scales`.
//!
//! A response or a batch is converted into the slices the core's scoring functions take, the
//! core scores it with the GIL released, and the result goes back as plain values and numpy
//! arrays. Which answer is valid, how missing items are prorated and which band a total lies in
//! is the core's decision. Batches come as
//! - an `(n, items)` numpy array of an integer or float dtype: a C-ordered array is borrowed
//!   and scored row by row ([`Scale::score_rows`]), a Fortran-ordered one is borrowed and scored
//!   column by column ([`Scale::score_columns`] on its column views), a strided view is copied
//!   in row order;
//! - item columns (a DataFrame's, found by the `groupwell` package): borrowed when they are
//!   contiguous numpy arrays of one dtype, else read value by value;
//! - rows of values (a list of lists, an object or string array), read value by value.

use std::borrow::Cow;
use std::str::FromStr;

use groupwell::change::Direction;
use groupwell::eq5d::ErrorMode;
use groupwell::scales::{Scale, ScaleScore, ScaleScores, ScoreOptions, Total};
use groupwell::{Error, Result as CoreResult};
use numpy::prelude::*;
use numpy::{Element, PyArray1, PyArray2, PyReadonlyArray2, PyUntypedArray};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyList, PyString};

use crate::convert::{
    Cell, Column, DtypeClass, Item, cells, classify, column, data, dtype_class, dtype_error,
    mask_of, with_dtype,
};
use crate::errors::{IntoPy, row_list, to_pyerr};
use crate::valueset::{check_mask, shape_error};

/// A validated summed scale (built-in SCI-93 or user-defined). Use `groupwell.scales.Scale`;
/// this class is its engine.
#[pyclass(frozen, name = "Scale", module = "groupwell._native")]
pub struct PyScale {
    scale: Scale,
}

/// One response's score: `(total, subscales, answered, prorated, band)`.
type One = (Option<f64>, Vec<Option<f64>>, usize, bool, Option<String>);

/// A batch's scores: `(totals, subscales, answered, prorated, band indices (-1 = none), errors,
/// missing)`.
type Batch<'py> = (
    Bound<'py, PyArray1<f64>>,
    Vec<Bound<'py, PyArray1<f64>>>,
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyArray1<bool>>,
    Bound<'py, PyArray1<i64>>,
    Bound<'py, PyList>,
    usize,
);

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// `offset=`: an int (not a bool or a float) within 32 bits; out of range is the core's kind of
/// error (an invalid argument), a wrong type a `TypeError`.
fn read_offset(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<i32> {
    if obj.is_instance_of::<PyBool>() || obj.is_instance_of::<PyFloat>() {
        return Err(PyTypeError::new_err(format!(
            "offset must be an int (0, or 1 for answers coded one higher), not {}",
            type_name(obj)
        )));
    }
    let out_of_range = |value: String| {
        to_pyerr(
            py,
            &Error::InvalidArgument {
                argument: "offset".into(),
                value,
                expected: "an integer coding offset within 32 bits (usually 0, or 1 for answers \
                           coded one higher)"
                    .into(),
            },
        )
    };
    match obj.extract::<i128>() {
        Ok(i) => i32::try_from(i).map_err(|_| out_of_range(i.to_string())),
        Err(e) if e.is_instance_of::<PyOverflowError>(py) => Err(out_of_range(
            obj.str()
                .map(|s| s.to_string())
                .unwrap_or_else(|_| "?".into()),
        )),
        Err(_) => Err(PyTypeError::new_err(format!(
            "offset must be an int, not {}",
            type_name(obj)
        ))),
    }
}

fn options(py: Python<'_>, offset: &Bound<'_, PyAny>, errors: &str) -> PyResult<ScoreOptions> {
    Ok(ScoreOptions {
        offset: read_offset(py, offset)?,
        errors: ErrorMode::from_str(errors).py_err(py)?,
    })
}

/// An item id given as a mapping key: a string, or an int for numbered items (`1` is item
/// `"1"`).
fn item_key(k: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = k.cast::<PyString>() {
        return Ok(s.to_str()?.to_owned());
    }
    if !k.is_instance_of::<PyBool>()
        && !k.is_instance_of::<PyFloat>()
        && let Ok(i) = k.extract::<i128>()
    {
        return Ok(i.to_string());
    }
    Err(PyTypeError::new_err(format!(
        "an item id must be a string (or an int for numbered items), not {}",
        type_name(k)
    )))
}

/// One answer: a number, a text cell or a missing value; other types are a `TypeError` naming
/// `place`.
fn answer<'py>(v: &Bound<'py, PyAny>, place: impl FnOnce() -> String) -> PyResult<Item<'py>> {
    classify(v)?.ok_or_else(|| {
        PyTypeError::new_err(format!(
            "{}: a {} is not an answer (expected a number, a numeric string or a missing value)",
            place(),
            type_name(v)
        ))
    })
}

fn is_text(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyString>()
        || obj.is_instance_of::<PyBytes>()
        || obj.is_instance_of::<PyByteArray>()
}

/// The first items of a list for messages: `1, 2, ..., 35`.
fn preview(items: &[String]) -> String {
    match items {
        [first, .., last] if items.len() > 3 => format!("{first}, ..., {last}"),
        _ => items.join(", "),
    }
}

/// An (n, items) array's shape error.
fn rows_shape_error(scale: &Scale, shape: &[usize]) -> Error {
    shape_error(
        "answers",
        shape,
        &format!(
            "an (n, {k}) array: one row per response, one column per item of {id} in item \
             order ({items})",
            k = scale.items().len(),
            id = scale.id(),
            items = preview(scale.items())
        ),
    )
}

/// How the data of an (n, items) array reach the core.
enum Layout<'a, T: Clone> {
    /// Row-major data, borrowed from a C-ordered array or copied from a strided view.
    Rows(Cow<'a, [T]>),
    /// The columns of a Fortran-ordered array, each contiguous there.
    Columns(Vec<&'a [T]>),
}

fn layout<'a, T: Element + Copy>(
    ro: &'a PyReadonlyArray2<'_, T>,
    n: usize,
    k: usize,
) -> Layout<'a, T> {
    if ro.is_c_contiguous()
        && let Ok(s) = ro.as_slice()
    {
        return Layout::Rows(Cow::Borrowed(s));
    }
    if n > 0
        && ro.is_fortran_contiguous()
        && let Ok(s) = ro.as_slice()
        && s.len() == n * k
    {
        return Layout::Columns(s.chunks_exact(n).collect());
    }
    // A strided view (or an unaligned array): copied in row-major order.
    Layout::Rows(Cow::Owned(ro.as_array().iter().copied().collect()))
}

fn scores_out<'py>(py: Python<'py>, s: ScaleScores) -> PyResult<Batch<'py>> {
    let answered: Vec<i64> = s
        .answered
        .iter()
        .map(|&a| i64::try_from(a).unwrap_or(i64::MAX))
        .collect();
    let bands: Vec<i64> = s
        .bands
        .iter()
        .map(|b| b.and_then(|i| i64::try_from(i).ok()).unwrap_or(-1))
        .collect();
    let errors = row_list(py, &s.errors)?;
    let subscales = s
        .subscales
        .into_iter()
        .map(|c| PyArray1::from_vec(py, c))
        .collect();
    Ok((
        PyArray1::from_vec(py, s.totals),
        subscales,
        PyArray1::from_vec(py, answered),
        PyArray1::from_vec(py, s.prorated),
        PyArray1::from_vec(py, bands),
        errors,
        s.missing,
    ))
}

fn one_out(s: ScaleScore) -> One {
    (s.total, s.subscales, s.answered, s.prorated, s.band)
}

fn direction_name(d: Direction) -> &'static str {
    match d {
        Direction::HigherIsBetter => "higher_is_better",
        Direction::HigherIsWorse => "higher_is_worse",
    }
}

impl PyScale {
    /// An (n, items) numeric array: borrowed (C or Fortran order) or copied (strided).
    fn score_array(
        &self,
        py: Python<'_>,
        arr: &Bound<'_, PyUntypedArray>,
        opts: ScoreOptions,
    ) -> PyResult<CoreResult<ScaleScores>> {
        let scale = &self.scale;
        let k = scale.items().len();
        let n = match arr.shape() {
            [n, cols] if *cols == k => *n,
            shape => return Ok(Err(rows_shape_error(scale, shape))),
        };
        let r = with_dtype!(arr, T, {
            let a = arr.cast::<PyArray2<T>>()?;
            let ro = a.try_readonly()?;
            match layout(&ro, n, k) {
                Layout::Rows(rows) => {
                    let rows: &[T] = &rows;
                    py.detach(|| scale.score_rows(rows, &opts))
                }
                Layout::Columns(cols) => {
                    let named: Vec<(&str, &[T])> =
                        scale.items().iter().map(String::as_str).zip(cols).collect();
                    py.detach(|| scale.score_columns(&named, &opts))
                }
            }
        });
        r.ok_or_else(|| dtype_error(arr, "answers"))
    }

    /// Rows of values (any iterable of sequences), read value by value. A row of the wrong
    /// length is an error naming it (never re-read across rows).
    fn score_sequence_rows(
        &self,
        py: Python<'_>,
        obj: &Bound<'_, PyAny>,
        opts: ScoreOptions,
    ) -> PyResult<CoreResult<ScaleScores>> {
        let scale = &self.scale;
        let k = scale.items().len();
        if is_text(obj) || obj.is_instance_of::<PyDict>() {
            return Err(PyTypeError::new_err(format!(
                "answers must be rows of answers (a 2-D array or a list of rows), not a {}",
                type_name(obj)
            )));
        }
        let iter = obj.try_iter().map_err(|_| {
            PyTypeError::new_err(format!(
                "answers must be a 2-D array or a list of rows, not {}",
                type_name(obj)
            ))
        })?;
        let mut flat: Vec<Item<'_>> = Vec::with_capacity(obj.len().unwrap_or(0) * k);
        let mut bad: Vec<(usize, usize)> = Vec::new();
        for (r, row) in iter.enumerate() {
            let row = row?;
            if is_text(&row) || row.is_instance_of::<PyDict>() {
                return Err(PyTypeError::new_err(format!(
                    "answers: row {r} is a {}, expected a sequence of {k} answers in item order",
                    type_name(&row)
                )));
            }
            let values = row.try_iter().map_err(|_| {
                PyTypeError::new_err(format!(
                    "answers: row {r} is a {}, expected a sequence of {k} answers in item order \
                     (use score() for one response)",
                    type_name(&row)
                ))
            })?;
            let start = flat.len();
            for (i, v) in values.enumerate() {
                let v = v?;
                let item = answer(&v, || match scale.items().get(i) {
                    Some(id) => format!("answers: row {r}, item {id}"),
                    None => format!("answers: row {r}, value {i}"),
                })?;
                flat.push(item);
            }
            let len = flat.len() - start;
            if len != k {
                bad.push((r, len));
                flat.truncate(start);
            }
        }
        if let Some(&(row, len)) = bad.first() {
            let others = match bad.len() {
                1 => String::new(),
                m => format!(" (and {} more rows of the wrong length)", m - 1),
            };
            return Ok(Err(Error::InvalidArgument {
                argument: "answers".into(),
                value: format!("row {row} with {len} values{others}"),
                expected: format!(
                    "{k} answers per row, one per item of {} in item order ({})",
                    scale.id(),
                    preview(scale.items())
                ),
            }));
        }
        let cells = cells(&flat)?;
        Ok(py.detach(|| scale.score_rows(&cells, &opts)))
    }

    /// Item columns of one numeric dtype, each a 1-D numpy array without a mask: borrowed when
    /// contiguous. `None` when the columns are not like that.
    fn score_same_dtype(
        &self,
        py: Python<'_>,
        ids: &[String],
        cols: &[Bound<'_, PyAny>],
        opts: ScoreOptions,
    ) -> PyResult<Option<CoreResult<ScaleScores>>> {
        let arrs: Option<Vec<&Bound<'_, PyUntypedArray>>> = cols
            .iter()
            .map(|c| {
                c.cast::<PyUntypedArray>()
                    .ok()
                    .filter(|a| a.ndim() == 1 && dtype_class(a) == DtypeClass::Numeric)
            })
            .collect();
        let Some(arrs) = arrs else { return Ok(None) };
        let Some(first) = arrs.first().copied() else {
            return Ok(None);
        };
        let d0 = first.dtype();
        if !arrs.iter().all(|a| a.dtype().is_equiv_to(&d0)) {
            return Ok(None);
        }
        let scale = &self.scale;
        let r = with_dtype!(first, T, {
            let ros = arrs
                .iter()
                .map(|a| Ok(a.cast::<PyArray1<T>>()?.try_readonly()?))
                .collect::<PyResult<Vec<_>>>()?;
            let datas: Vec<Cow<'_, [T]>> = ros.iter().map(data).collect();
            let named: Vec<(&str, &[T])> = ids
                .iter()
                .map(String::as_str)
                .zip(datas.iter().map(|d| d.as_ref()))
                .collect();
            py.detach(|| scale.score_columns(&named, &opts))
        });
        Ok(r)
    }
}

#[pymethods]
impl PyScale {
    /// The built-in SCI-93.
    #[staticmethod]
    fn sci93() -> PyScale {
        PyScale {
            scale: Scale::sci93(),
        }
    }

    /// A scale from its JSON definition (read and validated by the core).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<PyScale> {
        let scale = py.detach(|| Scale::from_json(text)).py_err(py)?;
        Ok(PyScale { scale })
    }

    /// The definition as pretty-printed JSON.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.scale.definition().to_json().py_err(py)
    }

    /// The stable id, e.g. `SCI-93`.
    #[getter]
    fn id(&self) -> &str {
        self.scale.id()
    }

    /// The full name.
    #[getter]
    fn name(&self) -> &str {
        &self.scale.definition().name
    }

    /// The item ids in order.
    #[getter]
    fn items(&self) -> Vec<String> {
        self.scale.items().to_vec()
    }

    /// The bands as `(label, min, max)`.
    #[getter]
    fn bands(&self) -> Vec<(String, f64, f64)> {
        self.scale
            .bands()
            .iter()
            .map(|b| (b.label.clone(), b.min, b.max))
            .collect()
    }

    /// The subscales as `(name, items, max_missing)`.
    #[getter]
    fn subscales(&self) -> Vec<(String, Vec<String>, usize)> {
        self.scale
            .definition()
            .subscales
            .iter()
            .map(|s| (s.name.clone(), s.items.clone(), s.max_missing))
            .collect()
    }

    /// The lowest and highest possible total.
    #[getter]
    fn total_range(&self) -> (f64, f64) {
        self.scale.total_range()
    }

    /// `higher_is_worse` or `higher_is_better`.
    #[getter]
    fn direction(&self) -> &'static str {
        direction_name(self.scale.definition().direction)
    }

    /// `sum` or `mean`.
    #[getter]
    fn total(&self) -> &'static str {
        match self.scale.definition().total {
            Total::Sum => "sum",
            Total::Mean => "mean",
        }
    }

    /// The most items that may be missing for a (prorated) total.
    #[getter]
    fn max_missing(&self) -> usize {
        self.scale.definition().missing.max_missing
    }

    /// Scores one response: a dict item id → answer, or a sequence in item order.
    fn score_one(
        &self,
        py: Python<'_>,
        answers: &Bound<'_, PyAny>,
        offset: &Bound<'_, PyAny>,
    ) -> PyResult<One> {
        let opts = options(py, offset, "raise")?;
        let scale = &self.scale;
        if let Ok(d) = answers.cast::<PyDict>() {
            let mut keys = Vec::with_capacity(d.len());
            let mut values = Vec::with_capacity(d.len());
            for (k, v) in d.iter() {
                let key = item_key(&k)?;
                values.push(answer(&v, || format!("answers[{key:?}]"))?);
                keys.push(key);
            }
            let cells = cells(&values)?;
            let r = py.detach(|| scale.score_map(keys.iter().zip(cells.iter()), &opts));
            return r.map(one_out).py_err(py);
        }
        if is_text(answers) {
            return Err(PyTypeError::new_err(format!(
                "answers must be a mapping item id -> answer or a sequence in item order, not a \
                 single {}",
                type_name(answers)
            )));
        }
        let iter = answers.try_iter().map_err(|_| {
            PyTypeError::new_err(format!(
                "answers must be a mapping item id -> answer or a sequence in item order, not {}",
                type_name(answers)
            ))
        })?;
        let mut values = Vec::with_capacity(scale.items().len());
        for (i, v) in iter.enumerate() {
            let v = v?;
            values.push(answer(&v, || match scale.items().get(i) {
                Some(id) => format!("answers: item {id}"),
                None => format!("answers: value {i}"),
            })?);
        }
        let cells = cells(&values)?;
        py.detach(|| scale.score_slice(&cells, &opts))
            .map(one_out)
            .py_err(py)
    }

    /// Scores rows of answers: an `(n, items)` numpy array or any sequence of rows.
    fn score_rows<'py>(
        &self,
        py: Python<'py>,
        answers: &Bound<'py, PyAny>,
        offset: &Bound<'py, PyAny>,
        errors: &str,
    ) -> PyResult<Batch<'py>> {
        let opts = options(py, offset, errors)?;
        let r = 'read: {
            if let Ok(arr) = answers.cast::<PyUntypedArray>() {
                if arr.ndim() != 2 {
                    break 'read Err(rows_shape_error(&self.scale, arr.shape()));
                }
                match dtype_class(arr) {
                    DtypeClass::Numeric => break 'read self.score_array(py, arr, opts)?,
                    DtypeClass::Unsupported => return Err(dtype_error(arr, "answers")),
                    DtypeClass::Items => {
                        if arr.shape().get(1) != Some(&self.scale.items().len()) {
                            break 'read Err(rows_shape_error(&self.scale, arr.shape()));
                        }
                    }
                }
            }
            self.score_sequence_rows(py, answers, opts)?
        };
        scores_out(py, r.py_err(py)?)
    }

    /// Scores item columns given as `(item id, column, mask or None)`.
    fn score_columns<'py>(
        &self,
        py: Python<'py>,
        columns: Vec<(String, Bound<'py, PyAny>, Bound<'py, PyAny>)>,
        offset: &Bound<'py, PyAny>,
        errors: &str,
    ) -> PyResult<Batch<'py>> {
        let opts = options(py, offset, errors)?;
        let scale = &self.scale;
        let ids: Vec<String> = columns.iter().map(|c| c.0.clone()).collect();
        let cols: Vec<Bound<'py, PyAny>> = columns.iter().map(|c| c.1.clone()).collect();
        let masks = columns
            .iter()
            .map(|c| {
                if c.2.is_none() {
                    Ok(None)
                } else {
                    mask_of(&c.2).map(Some)
                }
            })
            .collect::<PyResult<Vec<Option<Vec<bool>>>>>()?;
        let r = 'read: {
            if masks.iter().all(Option::is_none)
                && let Some(r) = self.score_same_dtype(py, &ids, &cols, opts)?
            {
                break 'read r;
            }
            // Columns of different dtypes, masked, or not numpy arrays: read as exact numbers
            // and text cells.
            let mut read: Vec<Column<'_>> = Vec::with_capacity(cols.len());
            for ((id, col), mask) in ids.iter().zip(&cols).zip(&masks) {
                if let Ok(a) = col.cast::<PyUntypedArray>()
                    && a.ndim() != 1
                {
                    break 'read Err(shape_error(
                        &format!("column of item {id}"),
                        a.shape(),
                        "a 1-D array",
                    ));
                }
                let mut v = column(col, &format!("column of item {id}"))?;
                if let Some(m) = mask {
                    if let Err(e) = check_mask(&format!("mask of item {id}"), m, v.len()) {
                        break 'read Err(e);
                    }
                    v.apply_mask(m);
                }
                read.push(v);
            }
            let cellcols = read
                .iter()
                .map(Column::cells)
                .collect::<PyResult<Vec<_>>>()?;
            let named: Vec<(&str, &[Cell<'_>])> = ids
                .iter()
                .map(String::as_str)
                .zip(cellcols.iter().map(Vec::as_slice))
                .collect();
            py.detach(|| scale.score_columns(&named, &opts))
        };
        scores_out(py, r.py_err(py)?)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyScale>()
            .is_ok_and(|o| o.get().scale.definition() == self.scale.definition())
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.scale.id().hash(&mut h);
        self.scale.items().hash(&mut h);
        h.finish()
    }

    fn __repr__(&self) -> String {
        let d = self.scale.definition();
        let (lo, hi) = self.scale.total_range();
        format!(
            "<Scale {} ({} items, total {} {lo}..{hi}, {})>",
            d.id,
            d.items.len(),
            self.total(),
            direction_name(d.direction).replace('_', " ")
        )
    }
}
