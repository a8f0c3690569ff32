//! The `ValueSet` class and the module's functions.

use std::borrow::Cow;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use groupwell::eq5d::{
    self, BatchOptions, Dimension, Instrument, Kind, LevelInput, Scored, StateCodes, ValueSet,
};
use groupwell::{Error, Result as CoreResult};
use numpy::prelude::*;
use numpy::{Element, PyArray1, PyArray2, PyReadonlyArray2, PyUntypedArray};
use pyo3::exceptions::{PyBaseException, PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyList, PySlice, PyString};

use crate::convert::{
    Cell, Column, DtypeClass, Item, MISSING, Num, apply_mask, apply_mask_items, cells, classify,
    column, data, dtype_class, dtype_error, items, mask_of, nums, typed_nums, with_dtype,
};
use crate::errors::{IntoPy, row_list, to_pyerr};

enum Inner {
    Static(&'static ValueSet),
    Owned(Box<ValueSet>),
}

/// A value set ready for scoring (built-in or user-defined). Use the wrappers in
/// `groupwell.eq5d`; this class is their engine.
#[pyclass(frozen, name = "ValueSet", module = "groupwell._native")]
pub struct PyValueSet {
    inner: Inner,
    table: PyOnceLock<Py<PyArray1<f64>>>,
}

impl PyValueSet {
    fn from_static(vs: &'static ValueSet) -> Self {
        PyValueSet {
            inner: Inner::Static(vs),
            table: PyOnceLock::new(),
        }
    }

    fn owned(vs: ValueSet) -> Self {
        PyValueSet {
            inner: Inner::Owned(Box::new(vs)),
            table: PyOnceLock::new(),
        }
    }

    /// The core value set.
    pub fn vs(&self) -> &ValueSet {
        match &self.inner {
            Inner::Static(v) => v,
            Inner::Owned(v) => v,
        }
    }
}

/// The batch result as `(values, errors, missing)`.
pub(crate) type Batch<'py> = (Bound<'py, PyArray1<f64>>, Bound<'py, PyList>, usize);

pub(crate) fn batch_out(py: Python<'_>, r: CoreResult<Scored>) -> PyResult<Batch<'_>> {
    let s = r.py_err(py)?;
    let errors = row_list(py, &s.errors)?;
    Ok((PyArray1::from_vec(py, s.values), errors, s.missing))
}

/// Reads `errors=` and `decimals=`; their validation is the core's ([`BatchOptions::parse`]).
pub(crate) fn options(
    py: Python<'_>,
    errors: &str,
    decimals: Option<&Bound<'_, PyAny>>,
) -> PyResult<BatchOptions> {
    let decimals = match decimals.filter(|d| !d.is_none()) {
        None => None,
        Some(d) => {
            if d.is_instance_of::<PyBool>() {
                return Err(PyTypeError::new_err("decimals must be an int or None"));
            }
            match d.extract::<i64>() {
                Ok(v) => Some(v),
                // Beyond i64: saturated, so the core reports it as out of range.
                Err(e) if e.is_instance_of::<PyOverflowError>(py) => {
                    Some(if d.lt(0)? { i64::MIN } else { i64::MAX })
                }
                Err(e) => return Err(e),
            }
        }
    };
    BatchOptions::parse(errors, decimals).py_err(py)
}

pub(crate) fn shape_error(argument: &str, shape: &[usize], expected: &str) -> Error {
    Error::InvalidArgument {
        argument: argument.into(),
        value: format!("an array of shape {shape:?}"),
        expected: expected.into(),
    }
}

pub(crate) fn check_mask(field: &str, mask: &[bool], n: usize) -> CoreResult<()> {
    if mask.len() == n {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            field: field.into(),
            expected: n,
            found: mask.len(),
        })
    }
}

/// What a 1-D column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    /// Five-digit states ([`StateCodes::from_numbers`], or [`StateCodes::from_strs`] for
    /// strings).
    States,
    /// Compact codes ([`StateCodes::from_codes`]).
    Codes,
}

impl Op {
    fn what(self) -> &'static str {
        match self {
            Op::States => "states",
            Op::Codes => "codes",
        }
    }

    fn read<T: LevelInput>(self, instrument: Instrument, data: &[T]) -> StateCodes {
        match self {
            Op::States => StateCodes::from_numbers(instrument, data),
            Op::Codes => StateCodes::from_codes(instrument, data),
        }
    }
}

/// Strings and numbers in one column: each part read by its own reader, then put back in
/// input order.
fn merge_state_codes(
    instrument: Instrument,
    n: usize,
    parts: [(&[usize], StateCodes); 2],
) -> StateCodes {
    let mut out = StateCodes {
        instrument: Some(instrument),
        codes: vec![None; n],
        errors: Vec::new(),
        missing: 0,
    };
    for (pos, part) in parts {
        for (p, c) in pos.iter().zip(part.codes) {
            if let Some(slot) = out.codes.get_mut(*p) {
                *slot = c;
            }
        }
        for mut e in part.errors {
            e.row = pos.get(e.row).copied().unwrap_or(e.row);
            out.errors.push(e);
        }
        out.missing += part.missing;
    }
    out.errors.sort_by_key(|e| e.row);
    out
}

/// States of a sequence: strings by the state-string rules, numbers by the number rules.
fn state_items(py: Python<'_>, instrument: Instrument, its: &[Item<'_>]) -> PyResult<StateCodes> {
    let has_str = its.iter().any(|i| matches!(i, Item::Str(_)));
    let has_num = its.iter().any(|i| matches!(i, Item::Num(_)));
    if !has_num {
        let strs = its
            .iter()
            .map(|i| match i {
                Item::Str(s) => s.to_str().map(Some),
                _ => Ok(None),
            })
            .collect::<PyResult<Vec<Option<&str>>>>()?;
        return Ok(py.detach(|| StateCodes::from_strs(instrument, &strs)));
    }
    if !has_str {
        let v = nums(its, "states")?;
        return Ok(py.detach(|| StateCodes::from_numbers(instrument, &v)));
    }
    let (mut spos, mut strs, mut npos, mut ns) = (vec![], vec![], vec![], vec![]);
    for (row, it) in its.iter().enumerate() {
        match it {
            Item::Str(s) => {
                spos.push(row);
                strs.push(Some(s.to_str()?));
            }
            Item::Num(n) => {
                npos.push(row);
                ns.push(*n);
            }
            Item::Missing => {
                npos.push(row);
                ns.push(MISSING);
            }
        }
    }
    let n = its.len();
    Ok(py.detach(|| {
        let a = StateCodes::from_strs(instrument, &strs);
        let b = StateCodes::from_numbers(instrument, &ns);
        merge_state_codes(instrument, n, [(&spos, a), (&npos, b)])
    }))
}

/// Reads a 1-D column of states or codes (`op`) of `instrument` into the core's
/// [`StateCodes`]: a numpy array (borrowed when possible) or any sequence. Shape and mask
/// problems are the inner error.
pub(crate) fn state_codes(
    py: Python<'_>,
    instrument: Instrument,
    obj: &Bound<'_, PyAny>,
    mask: Option<&Bound<'_, PyAny>>,
    op: Op,
) -> PyResult<CoreResult<StateCodes>> {
    let mask = mask.filter(|m| !m.is_none()).map(mask_of).transpose()?;
    if let Ok(arr) = obj.cast::<PyUntypedArray>() {
        if arr.ndim() != 1 {
            return Ok(Err(shape_error(op.what(), arr.shape(), "a 1-D array")));
        }
        match dtype_class(arr) {
            DtypeClass::Unsupported => return Err(dtype_error(arr, op.what())),
            DtypeClass::Items => {}
            DtypeClass::Numeric => {
                if let Some(m) = &mask {
                    let mut v = typed_nums(arr, op.what())?;
                    if let Err(e) = check_mask("mask", m, v.len()) {
                        return Ok(Err(e));
                    }
                    apply_mask(&mut v, m);
                    return Ok(Ok(py.detach(|| op.read(instrument, &v))));
                }
                let r = with_dtype!(arr, T, {
                    let a = arr.cast::<PyArray1<T>>()?;
                    let ro = a.try_readonly()?;
                    let d = data(&ro);
                    let d: &[T] = &d;
                    py.detach(|| op.read(instrument, d))
                });
                return r.map(Ok).ok_or_else(|| dtype_error(arr, op.what()));
            }
        }
    }
    let mut its = items(obj, op.what())?;
    if let Some(m) = &mask {
        if let Err(e) = check_mask("mask", m, its.len()) {
            return Ok(Err(e));
        }
        apply_mask_items(&mut its, m);
    }
    match op {
        Op::Codes => {
            let v = cells(&its)?;
            Ok(Ok(py.detach(|| StateCodes::from_codes(instrument, &v))))
        }
        Op::States => state_items(py, instrument, &its).map(Ok),
    }
}

/// A 1-D batch: the column read by [`state_codes`] and scored by
/// [`ValueSet::score_state_codes`]; unmasked `uint16` codes take the core's fastest path.
fn score_1d(
    py: Python<'_>,
    vs: &ValueSet,
    obj: &Bound<'_, PyAny>,
    mask: Option<&Bound<'_, PyAny>>,
    op: Op,
    opts: BatchOptions,
) -> PyResult<CoreResult<Scored>> {
    if op == Op::Codes
        && mask.is_none_or(|m| m.is_none())
        && let Ok(a) = obj.cast::<PyArray1<u16>>()
    {
        // One table look-up per code.
        let ro = a.try_readonly()?;
        let codes = data(&ro);
        let codes: &[u16] = &codes;
        return Ok(py.detach(|| {
            let mut values = vec![0.0; codes.len()];
            vs.score_codes_into(codes, &mut values, &opts)
                .map(|issues| Scored {
                    values,
                    errors: issues.errors,
                    missing: issues.missing,
                })
        }));
    }
    Ok(match state_codes(py, vs.instrument(), obj, mask, op)? {
        Ok(codes) => py.detach(|| vs.score_state_codes(codes, &opts)),
        Err(e) => Err(e),
    })
}

/// How the data of an (n, 5) array reach the core.
enum Layout2d<'a, T: Clone> {
    /// Row-major data (borrowed from a C-ordered array, or copied from a strided view):
    /// [`ValueSet::score_level_rows`].
    Rows(Cow<'a, [T]>),
    /// The five columns of a Fortran-ordered array, each contiguous there:
    /// [`ValueSet::score_levels`].
    Columns([&'a [T]; 5]),
}

/// The data of an (n, 5) array without copying when it is C- or Fortran-contiguous.
fn layout_2d<'a, T: Element + Copy>(ro: &'a PyReadonlyArray2<'_, T>, n: usize) -> Layout2d<'a, T> {
    if ro.is_c_contiguous()
        && let Ok(s) = ro.as_slice()
    {
        return Layout2d::Rows(Cow::Borrowed(s));
    }
    if n > 0
        && ro.is_fortran_contiguous()
        && let Ok(s) = ro.as_slice()
        && s.len() == 5 * n
    {
        let mut cols = s.chunks_exact(n);
        return Layout2d::Columns(std::array::from_fn(|_| cols.next().unwrap_or(&[])));
    }
    // A strided view: copied in row-major order.
    Layout2d::Rows(Cow::Owned(ro.as_array().iter().copied().collect()))
}

const LEVELS_SHAPE: &str =
    "an (n, 5) array (one row per state; columns MO, SC, UA, PD, AD) or five columns";

fn score_levels_2d(
    py: Python<'_>,
    vs: &ValueSet,
    arr: &Bound<'_, PyUntypedArray>,
    opts: BatchOptions,
) -> PyResult<CoreResult<Scored>> {
    let shape = arr.shape().to_vec();
    let n = match shape.as_slice() {
        [n, 5] => *n,
        _ => return Ok(Err(shape_error("levels", &shape, LEVELS_SHAPE))),
    };
    let r = with_dtype!(arr, T, {
        let a = arr.cast::<PyArray2<T>>()?;
        let ro = a.try_readonly()?;
        match layout_2d(&ro, n) {
            Layout2d::Rows(rows) => {
                let rows: &[T] = &rows;
                py.detach(|| vs.score_level_rows(rows, &opts))
            }
            Layout2d::Columns(cols) => py.detach(|| vs.score_levels(cols, &opts)),
        }
    });
    r.ok_or_else(|| dtype_error(arr, "levels"))
}

/// Five columns of one numeric dtype, each a 1-D numpy array: borrowed without copying when
/// contiguous. `None` when the columns are not like that.
fn score_levels_same_dtype(
    py: Python<'_>,
    vs: &ValueSet,
    cols: &[Bound<'_, PyAny>],
    opts: BatchOptions,
) -> PyResult<Option<CoreResult<Scored>>> {
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
    let r = with_dtype!(first, T, {
        let ros = arrs
            .iter()
            .map(|a| Ok(a.cast::<PyArray1<T>>()?.try_readonly()?))
            .collect::<PyResult<Vec<_>>>()?;
        let datas: Vec<Cow<'_, [T]>> = ros.iter().map(data).collect();
        let refs: Vec<&[T]> = datas.iter().map(|d| d.as_ref()).collect();
        let refs: [&[T]; 5] = refs
            .try_into()
            .map_err(|_| PyTypeError::new_err("levels: expected five columns"))?;
        py.detach(|| vs.score_levels(refs, &opts))
    });
    Ok(r)
}

fn score_levels(
    py: Python<'_>,
    vs: &ValueSet,
    obj: &Bound<'_, PyAny>,
    masks: Option<&Bound<'_, PyAny>>,
    opts: BatchOptions,
) -> PyResult<CoreResult<Scored>> {
    let masks = masks.filter(|m| !m.is_none());
    let cols: Vec<Bound<'_, PyAny>> = if let Ok(arr) = obj.cast::<PyUntypedArray>() {
        if arr.ndim() != 2 {
            return Ok(Err(shape_error("levels", arr.shape(), LEVELS_SHAPE)));
        }
        match dtype_class(arr) {
            DtypeClass::Numeric if masks.is_none() => return score_levels_2d(py, vs, arr, opts),
            DtypeClass::Unsupported => return Err(dtype_error(arr, "levels")),
            _ => {
                if arr.shape().get(1) != Some(&5) {
                    return Ok(Err(shape_error("levels", arr.shape(), LEVELS_SHAPE)));
                }
                (0..5)
                    .map(|j| obj.get_item((PySlice::full(py), j)))
                    .collect::<PyResult<_>>()?
            }
        }
    } else {
        if obj.is_instance_of::<PyString>() || obj.len().ok() != Some(5) {
            return Err(PyTypeError::new_err(format!(
                "levels must be {LEVELS_SHAPE}, not {}",
                obj.get_type().name()?
            )));
        }
        (0..5).map(|j| obj.get_item(j)).collect::<PyResult<_>>()?
    };
    let masks: Vec<Option<Vec<bool>>> = match masks {
        None => vec![None; 5],
        Some(m) => (0..5)
            .map(|j| {
                let x = m.get_item(j)?;
                if x.is_none() {
                    Ok(None)
                } else {
                    mask_of(&x).map(Some)
                }
            })
            .collect::<PyResult<_>>()?,
    };
    if masks.iter().all(Option::is_none)
        && let Some(r) = score_levels_same_dtype(py, vs, &cols, opts)?
    {
        return Ok(r);
    }
    // Columns of different dtypes, masked, or not numpy arrays: read as exact numbers and
    // text cells.
    let mut read: Vec<Column<'_>> = Vec::with_capacity(5);
    for ((col, mask), dim) in cols.iter().zip(&masks).zip(Dimension::ALL) {
        let what = format!("levels column {}", dim.code());
        let mut v = column(col, &what)?;
        if let Some(m) = mask {
            if let Err(e) = check_mask(&format!("mask of {}", dim.code()), m, v.len()) {
                return Ok(Err(e));
            }
            v.apply_mask(m);
        }
        read.push(v);
    }
    let cellcols = read
        .iter()
        .map(Column::cells)
        .collect::<PyResult<Vec<_>>>()?;
    let refs: Vec<&[Cell<'_>]> = cellcols.iter().map(Vec::as_slice).collect();
    let refs: [&[Cell<'_>]; 5] = refs
        .try_into()
        .map_err(|_| PyTypeError::new_err("levels: expected five columns"))?;
    Ok(py.detach(|| vs.score_levels(refs, &opts)))
}

/// A one-row batch's value; its row error (if any) raised as the error itself.
fn single(r: CoreResult<Scored>) -> CoreResult<f64> {
    match r {
        Ok(s) => Ok(s.values.first().copied().unwrap_or(f64::NAN)),
        Err(Error::Rows { errors }) => match errors.into_iter().next() {
            Some(e) => Err(*e.error),
            None => Err(Error::Rows { errors: Vec::new() }),
        },
        Err(e) => Err(e),
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::ValueSet => "value_set",
        Kind::Crosswalk => "crosswalk",
        Kind::ReverseCrosswalk => "reverse_crosswalk",
    }
}

fn info<'py>(py: Python<'py>, vs: &ValueSet) -> PyResult<Bound<'py, PyDict>> {
    let d = vs.definition();
    let out = PyDict::new(py);
    out.set_item("id", &d.id)?;
    out.set_item("kind", kind_name(d.kind))?;
    out.set_item("instrument", d.instrument.name())?;
    out.set_item("name", &d.name)?;
    out.set_item("country", &d.country)?;
    out.set_item("iso", &d.iso)?;
    out.set_item("method", d.method.map(|m| m.name()))?;
    out.set_item("method_detail", &d.method_detail)?;
    out.set_item("year", d.year)?;
    out.set_item("doi", &d.doi)?;
    out.set_item("url", &d.url)?;
    out.set_item("citation", &d.citation)?;
    out.set_item("aliases", &d.aliases)?;
    out.set_item("notes", &d.notes)?;
    Ok(out)
}

#[pymethods]
impl PyValueSet {
    /// The stable id, e.g. ``5L_SE_2022``.
    #[getter]
    fn id(&self) -> &str {
        self.vs().id()
    }

    /// The instrument's official name, e.g. ``EQ-5D-5L``.
    #[getter]
    fn instrument(&self) -> &'static str {
        self.vs().instrument().name()
    }

    /// Whether this is one of the built-in sets.
    #[getter]
    fn builtin(&self) -> bool {
        matches!(self.inner, Inner::Static(_))
    }

    /// The metadata as a dict.
    #[getter]
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        info(py, self.vs())
    }

    /// Every state's value indexed by state code (a read-only float64 array).
    #[getter]
    fn table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let t = self.table.get_or_try_init(py, || -> PyResult<_> {
            let table = self.vs().table();
            let a = PyArray1::from_slice(py, table);
            let _ = a.try_readwrite()?.make_nonwriteable();
            Ok(a.unbind())
        })?;
        Ok(t.bind(py).clone())
    }

    /// The definition as JSON.
    fn to_json(&self) -> String {
        self.vs().to_json()
    }

    /// One state's index: a string, a number, or five levels.
    fn index(&self, py: Python<'_>, state: &Bound<'_, PyAny>) -> PyResult<f64> {
        let vs = self.vs();
        let r = match classify(state)? {
            Some(Item::Str(s)) => vs.index_str(s.to_str()?),
            Some(Item::Num(n)) => vs.index_cell(n),
            Some(Item::Missing) => vs.index_cell(MISSING),
            None if state.is_instance_of::<PyDict>() => {
                return Err(PyTypeError::new_err(
                    "state must be a string, a number or five levels in the order MO, SC, UA, \
                     PD, AD, not a dict",
                ));
            }
            None => {
                let its = items(state, "state")?;
                let v = cells(&its)?;
                match <[Cell<'_>; 5]>::try_from(v) {
                    Ok(levels) => {
                        let cols = levels.each_ref().map(std::slice::from_ref);
                        single(vs.score_levels(cols, &BatchOptions::default()))
                    }
                    Err(v) => Err(Error::InvalidArgument {
                        argument: "state".into(),
                        value: format!("a sequence of {} values", v.len()),
                        expected: "a state such as \"11223\" or 11223, or five levels".into(),
                    }),
                }
            }
        };
        r.py_err(py)
    }

    /// Scores states given as five-digit numbers or strings.
    #[pyo3(signature = (states, errors = "raise", decimals = None, mask = None))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        states: &Bound<'py, PyAny>,
        errors: &str,
        decimals: Option<&Bound<'py, PyAny>>,
        mask: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Batch<'py>> {
        let opts = options(py, errors, decimals)?;
        if mask.is_none_or(|m| m.is_none())
            && let Some(b) = crate::fast::score_1d(py, self.vs(), states, false, opts)?
        {
            return Ok(b);
        }
        let r = score_1d(py, self.vs(), states, mask, Op::States, opts)?;
        batch_out(py, r)
    }

    /// Scores states held as the buffers of an Arrow string array: `offsets` (`int32` or
    /// `int64`, n + 1) into `data` (`uint8`); rows where `mask` is true are missing.
    #[pyo3(signature = (offsets, data, errors = "raise", decimals = None, mask = None))]
    fn score_text<'py>(
        &self,
        py: Python<'py>,
        offsets: &Bound<'py, PyAny>,
        data: &Bound<'py, PyAny>,
        errors: &str,
        decimals: Option<&Bound<'py, PyAny>>,
        mask: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Batch<'py>> {
        let opts = options(py, errors, decimals)?;
        let mask = mask.filter(|m| !m.is_none()).map(mask_of).transpose()?;
        let vs = self.vs();
        let codes = crate::fast::text_states(py, vs.instrument(), offsets, data, mask.as_deref())?;
        if let Some(m) = &mask
            && let Err(e) = check_mask("mask", m, codes.len())
        {
            return Err(e).py_err(py);
        }
        let r = py.detach(|| vs.score_state_codes(codes, &opts));
        batch_out(py, r)
    }

    /// Scores compact state codes.
    #[pyo3(signature = (codes, errors = "raise", decimals = None, mask = None))]
    fn score_codes<'py>(
        &self,
        py: Python<'py>,
        codes: &Bound<'py, PyAny>,
        errors: &str,
        decimals: Option<&Bound<'py, PyAny>>,
        mask: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Batch<'py>> {
        let opts = options(py, errors, decimals)?;
        if mask.is_none_or(|m| m.is_none())
            && let Some(b) = crate::fast::score_1d(py, self.vs(), codes, true, opts)?
        {
            return Ok(b);
        }
        let r = score_1d(py, self.vs(), codes, mask, Op::Codes, opts)?;
        batch_out(py, r)
    }

    /// Scores levels: an (n, 5) array or five columns.
    #[pyo3(signature = (levels, errors = "raise", decimals = None, masks = None))]
    fn score_levels<'py>(
        &self,
        py: Python<'py>,
        levels: &Bound<'py, PyAny>,
        errors: &str,
        decimals: Option<&Bound<'py, PyAny>>,
        masks: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Batch<'py>> {
        let opts = options(py, errors, decimals)?;
        let r = score_levels(py, self.vs(), levels, masks, opts)?;
        batch_out(py, r)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyValueSet>()
            .is_ok_and(|o| o.get().vs() == self.vs())
    }

    fn __hash__(&self) -> u64 {
        let mut h = DefaultHasher::new();
        self.vs().id().hash(&mut h);
        h.finish()
    }

    fn __repr__(&self) -> String {
        format!("<ValueSet {}>", self.vs())
    }

    fn __str__(&self) -> String {
        self.vs().to_string()
    }
}

fn parse_instrument(instrument: Option<&str>) -> CoreResult<Option<Instrument>> {
    instrument.map(Instrument::from_str).transpose()
}

/// A built-in set by id, alias, ISO code or country name.
#[pyfunction]
#[pyo3(signature = (name, instrument = None))]
pub fn find(py: Python<'_>, name: &str, instrument: Option<&str>) -> PyResult<PyValueSet> {
    let inst = parse_instrument(instrument).py_err(py)?;
    let vs = eq5d::find(name, inst).py_err(py)?;
    Ok(PyValueSet::from_static(vs))
}

/// Every built-in set, value sets and crosswalk tables.
#[pyfunction]
pub fn catalogue() -> Vec<PyValueSet> {
    eq5d::catalogue()
        .iter()
        .map(PyValueSet::from_static)
        .collect()
}

/// The built-in national value sets of one instrument (or of all).
#[pyfunction]
#[pyo3(signature = (instrument = None))]
pub fn value_sets(py: Python<'_>, instrument: Option<&str>) -> PyResult<Vec<PyValueSet>> {
    let out = match parse_instrument(instrument).py_err(py)? {
        Some(inst) => eq5d::value_sets_for(inst)
            .map(PyValueSet::from_static)
            .collect(),
        None => Instrument::ALL
            .iter()
            .flat_map(|i| eq5d::value_sets_for(*i))
            .map(PyValueSet::from_static)
            .collect(),
    };
    Ok(out)
}

/// The canonical name of an instrument written in any accepted form.
#[pyfunction]
pub fn instrument_name(py: Python<'_>, instrument: &str) -> PyResult<&'static str> {
    Ok(Instrument::from_str(instrument).py_err(py)?.name())
}

/// A value set from its JSON definition.
#[pyfunction]
pub fn from_json(py: Python<'_>, text: &str) -> PyResult<PyValueSet> {
    let vs = py.detach(|| ValueSet::from_json(text)).py_err(py)?;
    Ok(PyValueSet::owned(vs))
}

fn table_key(k: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = k.cast::<PyString>() {
        return Ok(s.to_str()?.to_owned());
    }
    match classify(k)? {
        Some(Item::Num(Num(groupwell::eq5d::Numeric::Int(i)))) => Ok(i.to_string()),
        _ => Err(PyTypeError::new_err(format!(
            "a state of a value table must be a string such as \"11223\" or an int, not {}",
            k.get_type().name()?
        ))),
    }
}

fn table_value(v: &Bound<'_, PyAny>) -> PyResult<f64> {
    match classify(v)? {
        Some(Item::Missing) => Ok(f64::NAN),
        Some(Item::Num(_)) => v.extract::<f64>(),
        _ => Err(PyTypeError::new_err(format!(
            "a value of a value table must be a number, not {}",
            v.get_type().name()?
        ))),
    }
}

/// A tabulated value set from `(state, value)` pairs.
#[pyfunction]
pub fn from_table(
    py: Python<'_>,
    id: &str,
    instrument: &str,
    pairs: &Bound<'_, PyAny>,
) -> PyResult<PyValueSet> {
    let inst = Instrument::from_str(instrument).py_err(py)?;
    let mut rows: Vec<(String, f64)> = Vec::new();
    for pair in pairs.try_iter()? {
        let pair = pair?;
        if pair.is_instance_of::<PyString>() || pair.len().ok() != Some(2) {
            return Err(PyTypeError::new_err(
                "a value table must be a mapping {state: value} or (state, value) pairs",
            ));
        }
        rows.push((
            table_key(&pair.get_item(0)?)?,
            table_value(&pair.get_item(1)?)?,
        ));
    }
    let vs = py
        .detach(|| ValueSet::from_table(id, inst, &rows))
        .py_err(py)?;
    Ok(PyValueSet::owned(vs))
}

/// Scores EQ-5D-5L states with an EQ-5D-3L value set (van Hout 2012).
#[pyfunction]
pub fn crosswalk_5l_to_3l(
    py: Python<'_>,
    value_set: &Bound<'_, PyValueSet>,
) -> PyResult<PyValueSet> {
    let vs = value_set.get().vs();
    let out = py.detach(|| eq5d::crosswalk_5l_to_3l(vs)).py_err(py)?;
    Ok(PyValueSet::owned(out))
}

/// Scores EQ-5D-3L states with an EQ-5D-5L value set (van Hout & Shaw 2021).
#[pyfunction]
pub fn crosswalk_3l_to_5l(
    py: Python<'_>,
    value_set: &Bound<'_, PyValueSet>,
) -> PyResult<PyValueSet> {
    let vs = value_set.get().vs();
    let out = py.detach(|| eq5d::crosswalk_3l_to_5l(vs)).py_err(py)?;
    Ok(PyValueSet::owned(out))
}

/// The dimension code (`MO` … `AD`) a column name stands for, or `None`.
#[pyfunction]
pub fn dimension_of(name: &str) -> Option<&'static str> {
    Dimension::from_name(name).map(Dimension::code)
}

/// The five dimension codes in order.
#[pyfunction]
pub fn dimensions() -> [&'static str; 5] {
    Dimension::ALL.map(Dimension::code)
}

/// An `InvalidArgumentError` built like the core's, for argument checks of the wrappers.
#[pyfunction]
pub fn invalid_argument(
    py: Python<'_>,
    argument: &str,
    value: &str,
    expected: &str,
) -> Py<PyBaseException> {
    to_pyerr(
        py,
        &Error::InvalidArgument {
            argument: argument.into(),
            value: value.into(),
            expected: expected.into(),
        },
    )
    .into_value(py)
}
