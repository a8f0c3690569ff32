//! The profile analyses of [`groupwell::eq5d::analysis`] and the summaries of
//! [`groupwell::stats`].
//!
//! States are read by the same column reader as `ValueSet.score` ([`state_codes`]); ids are
//! read as integers or strings (the core's pairing is generic over the id type); group labels
//! and values are plain strings and floats. Every analysis is the core's, called with the GIL
//! released; results go back as plain Python values and numpy arrays, which the `groupwell`
//! package turns into pandas objects.

use std::str::FromStr;

use groupwell::Error;
use groupwell::eq5d::analysis::{
    self, Change, DuplicatePolicy, HpgOptions, Pairs, PchcOptions, PchcTable, ShannonMax,
    StateCounts,
};
use groupwell::eq5d::{ErrorMode, Instrument, StateCodes};
use groupwell::stats::{self, Summary};
use numpy::prelude::*;
use numpy::{PyArray1, PyUntypedArray};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList};

use crate::convert::{
    Column, DtypeClass, Item, column, data, dtype_class, items, mask_of, num_f64, nums,
};
use crate::errors::{IntoPy, to_pyerr};
use crate::valueset::{Op, PyValueSet, check_mask, state_codes};

/// Reads `instrument=` by the core's rules (`3L`, `5L`, `EQ-5D-5L`, ...).
fn instrument(py: Python<'_>, name: &str) -> PyResult<Instrument> {
    Instrument::from_str(name).py_err(py)
}

/// Reads a column of states; with `errors="raise"` any invalid state is an error naming every
/// invalid row (the core's [`Error::Rows`]), with `errors="coerce"` invalid states stay `None`
/// and are counted as invalid by the analyses. `errors=` is read by the core
/// ([`ErrorMode`]'s `FromStr`).
fn read_states(
    py: Python<'_>,
    states: &Bound<'_, PyAny>,
    instrument: Instrument,
    errors: &str,
    mask: Option<&Bound<'_, PyAny>>,
) -> PyResult<StateCodes> {
    let mode: ErrorMode = errors.parse().py_err(py)?;
    let codes = state_codes(py, instrument, states, mask, Op::States)?.py_err(py)?;
    if mode == ErrorMode::Raise && !codes.errors.is_empty() {
        return Err(to_pyerr(
            py,
            &Error::Rows {
                errors: codes.errors,
            },
        ));
    }
    Ok(codes)
}

// ---------------------------------------------------------------------------------------------
// ids and pairs

/// A column of participant ids.
enum Ids {
    Int(Vec<i64>),
    Str(Vec<String>),
}

impl Ids {
    fn kind(&self) -> &'static str {
        match self {
            Ids::Int(_) => "integers",
            Ids::Str(_) => "strings",
        }
    }
}

fn missing_id(what: &str, row: usize) -> Error {
    Error::InvalidArgument {
        argument: what.into(),
        value: format!("a missing id at row {row}"),
        expected: "an id (a string or an integer) on every row".into(),
    }
}

fn too_big(what: &str, which: &str) -> Error {
    Error::InvalidArgument {
        argument: what.into(),
        value: format!("{which} beyond the 64-bit integer range"),
        expected: "integer ids within -2**63..2**63, or string ids".into(),
    }
}

fn id_type_error(what: &str, row: usize, found: &str) -> PyErr {
    PyTypeError::new_err(format!(
        "{what}: row {row} is {found}; ids must be all strings or all integers"
    ))
}

/// The ids of an integer numpy array as `i64`; `None` for other dtypes.
fn int_ids(arr: &Bound<'_, PyUntypedArray>, what: &str) -> PyResult<Option<Vec<i64>>> {
    fn read<T: numpy::Element + Copy>(a: &Bound<'_, PyArray1<T>>, what: &str) -> PyResult<Vec<i64>>
    where
        i64: TryFrom<T>,
    {
        let ro = a.try_readonly()?;
        data(&ro)
            .iter()
            .map(|&x| i64::try_from(x).ok())
            .collect::<Option<Vec<i64>>>()
            .ok_or_else(|| to_pyerr(a.py(), &too_big(what, "an integer id")))
    }
    macro_rules! try_types {
        ($($t:ty),*) => {$(
            if let Ok(a) = arr.cast::<PyArray1<$t>>() {
                return read(a, what).map(Some);
            }
        )*};
    }
    try_types!(i64, i32, i16, i8, u64, u32, u16, u8);
    Ok(None)
}

/// Reads an id column: integer numpy arrays as integers, anything else element by element
/// (all strings or all integers; floats and booleans are type errors, missing ids an error).
fn read_ids(py: Python<'_>, obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Ids> {
    if let Ok(arr) = obj.cast::<PyUntypedArray>() {
        if arr.ndim() != 1 {
            return Err(to_pyerr(
                py,
                &Error::InvalidArgument {
                    argument: what.into(),
                    value: format!("an array of shape {:?}", arr.shape()),
                    expected: "a 1-D array".into(),
                },
            ));
        }
        if let Some(v) = int_ids(arr, what)? {
            return Ok(Ids::Int(v));
        }
        if dtype_class(arr) == DtypeClass::Numeric {
            return Err(PyTypeError::new_err(format!(
                "{what}: ids must be strings or integers, not floats (a pandas integer column \
                 with missing values becomes float: drop those rows or convert the ids)"
            )));
        }
        if dtype_class(arr) == DtypeClass::Unsupported {
            return Err(crate::convert::dtype_error(arr, what));
        }
    }
    let its = items(obj, what)?;
    let first_str = its.iter().position(|i| matches!(i, Item::Str(_)));
    let first_num = its.iter().position(|i| matches!(i, Item::Num(_)));
    if let Some(row) = its.iter().position(|i| matches!(i, Item::Missing)) {
        return Err(to_pyerr(py, &missing_id(what, row)));
    }
    match (first_str, first_num) {
        (Some(_), Some(row)) => Err(id_type_error(what, row, "a number among strings")),
        (None, Some(_)) => {
            let mut out = Vec::with_capacity(its.len());
            for (row, it) in its.iter().enumerate() {
                let n = match it {
                    Item::Num(n) => n.0,
                    _ => return Err(id_type_error(what, row, "not an integer")),
                };
                match n {
                    groupwell::eq5d::Numeric::Int(i) => match i64::try_from(i) {
                        Ok(i) => out.push(i),
                        Err(_) => {
                            return Err(to_pyerr(
                                py,
                                &too_big(what, &format!("the id at row {row}")),
                            ));
                        }
                    },
                    _ => return Err(id_type_error(what, row, "a float, not an integer")),
                }
            }
            Ok(Ids::Int(out))
        }
        _ => {
            let out = its
                .iter()
                .map(|it| match it {
                    Item::Str(s) => s.to_str().map(str::to_owned),
                    _ => Ok(String::new()),
                })
                .collect::<PyResult<Vec<String>>>()?;
            Ok(Ids::Str(out))
        }
    }
}

/// Baseline and follow-up matched by participant id: the core's [`Pairs`] plus the ids of the
/// pairs. Built by [`pair`]; use `groupwell.eq5d.Pairs`.
#[pyclass(frozen, name = "Pairs", module = "groupwell._native")]
pub struct PyPairs {
    pairs: Pairs,
    /// The ids of the pairs (row `i` = pair `i`).
    ids: Ids,
}

/// Matches baseline and follow-up by participant id ([`analysis::pair`]).
#[pyfunction]
#[pyo3(signature = (
    pre_ids, pre_states, post_ids, post_states, instrument, duplicates = "error",
    pre_mask = None, post_mask = None
))]
#[allow(clippy::too_many_arguments)]
pub fn pair(
    py: Python<'_>,
    pre_ids: &Bound<'_, PyAny>,
    pre_states: &Bound<'_, PyAny>,
    post_ids: &Bound<'_, PyAny>,
    post_states: &Bound<'_, PyAny>,
    instrument: &str,
    duplicates: &str,
    pre_mask: Option<&Bound<'_, PyAny>>,
    post_mask: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyPairs> {
    let inst = self::instrument(py, instrument)?;
    let policy = DuplicatePolicy::from_str(duplicates).py_err(py)?;
    let pre = state_codes(py, inst, pre_states, pre_mask, Op::States)?.py_err(py)?;
    let post = state_codes(py, inst, post_states, post_mask, Op::States)?.py_err(py)?;
    let a = read_ids(py, pre_ids, "pre_ids")?;
    let b = read_ids(py, post_ids, "post_ids")?;
    // An empty column takes the other's id type.
    let (a, b) = match (a, b) {
        (Ids::Int(x), Ids::Str(y)) if x.is_empty() => (Ids::Str(Vec::new()), Ids::Str(y)),
        (Ids::Str(x), Ids::Int(y)) if x.is_empty() => (Ids::Int(Vec::new()), Ids::Int(y)),
        (Ids::Int(x), Ids::Str(y)) if y.is_empty() => (Ids::Int(x), Ids::Int(Vec::new())),
        (Ids::Str(x), Ids::Int(y)) if y.is_empty() => (Ids::Str(x), Ids::Str(Vec::new())),
        ab => ab,
    };
    let (pairs, ids) = match (&a, &b) {
        (Ids::Int(x), Ids::Int(y)) => {
            let p = py
                .detach(|| analysis::pair(x, &pre, y, &post, policy))
                .py_err(py)?;
            let ids = p
                .pre_rows
                .iter()
                .filter_map(|&r| x.get(r).copied())
                .collect();
            (p, Ids::Int(ids))
        }
        (Ids::Str(x), Ids::Str(y)) => {
            let p = py
                .detach(|| analysis::pair(x, &pre, y, &post, policy))
                .py_err(py)?;
            let ids = p
                .pre_rows
                .iter()
                .filter_map(|&r| x.get(r).cloned())
                .collect();
            (p, Ids::Str(ids))
        }
        _ => {
            return Err(PyTypeError::new_err(format!(
                "pre_ids are {} and post_ids are {}: ids of both timepoints must be of one type \
                 (all strings or all integers)",
                a.kind(),
                b.kind()
            )));
        }
    };
    Ok(PyPairs { pairs, ids })
}

fn u16_array<'py>(py: Python<'py>, v: &[u16]) -> Bound<'py, PyArray1<u16>> {
    PyArray1::from_slice(py, v)
}

fn index_array<'py>(py: Python<'py>, v: &[usize]) -> Bound<'py, PyArray1<u64>> {
    PyArray1::from_iter(py, v.iter().map(|&r| r as u64))
}

fn pchc_rows<'py>(py: Python<'py>, t: &PchcTable) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
    let percents: Vec<f64> = t.rows.iter().map(|r| r.percent).collect();
    d.set_item("category", labels)?;
    d.set_item("number", numbers)?;
    d.set_item("percent", percents)?;
    d.set_item("pairs", t.pairs)?;
    Ok(d)
}

#[pymethods]
impl PyPairs {
    /// Number of pairs.
    fn __len__(&self) -> usize {
        self.pairs.len()
    }

    /// The instrument's name.
    #[getter]
    fn instrument(&self) -> Option<&'static str> {
        self.pairs.instrument.map(Instrument::name)
    }

    /// The ids of the pairs: an int64 array or a list of strings.
    #[getter]
    fn ids<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.ids {
            Ids::Int(v) => Ok(PyArray1::from_slice(py, v).into_any()),
            Ids::Str(v) => Ok(PyList::new(py, v)?.into_any()),
        }
    }

    /// Baseline row of each pair.
    #[getter]
    fn pre_rows<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<u64>> {
        index_array(py, &self.pairs.pre_rows)
    }

    /// Follow-up row of each pair.
    #[getter]
    fn post_rows<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<u64>> {
        index_array(py, &self.pairs.post_rows)
    }

    /// Baseline state codes.
    #[getter]
    fn pre_codes<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<u16>> {
        u16_array(py, &self.pairs.pre)
    }

    /// Follow-up state codes.
    #[getter]
    fn post_codes<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<u16>> {
        u16_array(py, &self.pairs.post)
    }

    /// The excluded participants as `(ids, reasons)`; integer ids come back as integers.
    #[getter]
    fn excluded<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyList>, Vec<String>)> {
        let ex = &self.pairs.excluded;
        let ids = PyList::empty(py);
        for e in ex {
            match (&self.ids, e.id.parse::<i64>()) {
                // The core shows integer ids with Display: parsed back losslessly.
                (Ids::Int(_), Ok(i)) => ids.append(i)?,
                _ => ids.append(e.id.as_str())?,
            }
        }
        let reasons = ex.iter().map(|e| e.reason.to_string()).collect();
        Ok((ids, reasons))
    }

    /// The PCHC table ([`analysis::pchc`]) as a dict of columns.
    fn pchc<'py>(
        &self,
        py: Python<'py>,
        no_problems: bool,
        totals: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let opts = PchcOptions {
            no_problems,
            totals,
        };
        let t = py.detach(|| analysis::pchc(&self.pairs, opts)).py_err(py)?;
        pchc_rows(py, &t)
    }

    /// The PCHC table of each dimension ([`analysis::pchc_by_dimension`]).
    fn pchc_by_dimension<'py>(
        &self,
        py: Python<'py>,
        no_problems: bool,
        totals: bool,
    ) -> PyResult<Vec<Bound<'py, PyDict>>> {
        let opts = PchcOptions {
            no_problems,
            totals,
        };
        let ts = py
            .detach(|| analysis::pchc_by_dimension(&self.pairs, opts))
            .py_err(py)?;
        ts.iter().map(|t| pchc_rows(py, t)).collect()
    }

    /// The probability of superiority of each dimension.
    fn probability_of_superiority(&self, py: Python<'_>) -> PyResult<[f64; 5]> {
        py.detach(|| analysis::probability_of_superiority(&self.pairs))
            .py_err(py)
    }

    /// The Health Profile Grid as `(pre_ranks, post_ranks, change_codes, states)`; the change
    /// codes index [`change_labels`].
    #[pyo3(signature = (value_set, no_problems = false, decimals = None))]
    #[allow(clippy::type_complexity)]
    fn health_profile_grid<'py>(
        &self,
        py: Python<'py>,
        value_set: &Bound<'py, PyValueSet>,
        no_problems: bool,
        decimals: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(
        Bound<'py, PyArray1<u16>>,
        Bound<'py, PyArray1<u16>>,
        Bound<'py, PyArray1<u8>>,
        u16,
    )> {
        let decimals = read_decimals(py, decimals)?;
        let vs = value_set.get().vs();
        let opts = HpgOptions {
            no_problems,
            decimals,
        };
        let g = py
            .detach(|| analysis::health_profile_grid(&self.pairs, vs, opts))
            .py_err(py)?;
        let change: Vec<u8> = g.change.iter().map(|&c| change_code(c)).collect();
        Ok((
            PyArray1::from_vec(py, g.pre),
            PyArray1::from_vec(py, g.post),
            PyArray1::from_vec(py, change),
            g.states,
        ))
    }

    fn __repr__(&self) -> String {
        format!(
            "<Pairs: {} pairs, {} excluded ({})>",
            self.pairs.len(),
            self.pairs.excluded.len(),
            self.pairs
                .instrument
                .map_or("no instrument", Instrument::name)
        )
    }
}

/// `decimals=` of the grid: an int 0..=255 (the core checks its own range) or `None`.
fn read_decimals(py: Python<'_>, d: Option<&Bound<'_, PyAny>>) -> PyResult<Option<u8>> {
    let Some(d) = d.filter(|d| !d.is_none()) else {
        return Ok(None);
    };
    if d.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err("decimals must be an int or None"));
    }
    let v: i128 = match d.extract::<i128>() {
        Ok(v) => v,
        Err(e) if e.is_instance_of::<PyOverflowError>(py) => i128::MAX,
        Err(e) => return Err(e),
    };
    u8::try_from(v).map(Some).map_err(|_| {
        to_pyerr(
            py,
            &Error::InvalidArgument {
                argument: "decimals".into(),
                value: v.to_string(),
                expected: format!("an integer 0..={}", groupwell::eq5d::MAX_DECIMALS),
            },
        )
    })
}

const CHANGES: [Change; 5] = [
    Change::NoChange,
    Change::Improve,
    Change::Worsen,
    Change::Mixed,
    Change::NoProblems,
];

fn change_code(c: Change) -> u8 {
    CHANGES
        .iter()
        .position(|&x| x == c)
        .and_then(|p| u8::try_from(p).ok())
        .unwrap_or(u8::MAX)
}

/// The labels of the PCHC categories, indexed by the change codes of the grid.
#[pyfunction]
pub fn change_labels() -> Vec<&'static str> {
    CHANGES.iter().map(|c| c.label()).collect()
}

// ---------------------------------------------------------------------------------------------
// one column of states

/// The counts of each state of a column ([`StateCounts`]): every distribution analysis of
/// the column, counted once.
#[pyclass(frozen, name = "StateCounts", module = "groupwell._native")]
pub struct PyStateCounts {
    counts: StateCounts,
}

/// Counts the states of a column ([`StateCounts::of`]).
#[pyfunction]
#[pyo3(signature = (states, instrument, errors = "raise", mask = None))]
pub fn state_counts(
    py: Python<'_>,
    states: &Bound<'_, PyAny>,
    instrument: &str,
    errors: &str,
    mask: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyStateCounts> {
    let inst = self::instrument(py, instrument)?;
    let codes = read_states(py, states, inst, errors, mask)?;
    let counts = py.detach(|| StateCounts::of(&codes)).py_err(py)?;
    Ok(PyStateCounts { counts })
}

fn shannon_max(py: Python<'_>, h_max: &str) -> PyResult<ShannonMax> {
    ShannonMax::from_str(h_max).py_err(py)
}

fn shannon_tuple(s: analysis::Shannon) -> (f64, f64, f64) {
    (s.h, s.h_max, s.j)
}

/// `(scores, frequencies, percents)` of a score distribution.
type Distribution<K> = (Vec<K>, Vec<usize>, Vec<f64>);

fn distribution<K>(d: analysis::ScoreDistribution<K>) -> Distribution<K> {
    let mut out = (
        Vec::with_capacity(d.rows.len()),
        Vec::with_capacity(d.rows.len()),
        Vec::with_capacity(d.rows.len()),
    );
    for r in d.rows {
        out.0.push(r.score);
        out.1.push(r.frequency);
        out.2.push(r.percent);
    }
    out
}

/// Level counts and percentages, `[dimension][level - 1]` for the instrument's levels.
type LevelTable = (Vec<Vec<usize>>, Vec<Vec<f64>>);

fn level_table(f: &analysis::LevelFrequencies) -> LevelTable {
    let l = usize::from(f.levels());
    let pct = f.percentages();
    (
        f.counts
            .iter()
            .map(|r| r.iter().take(l).copied().collect())
            .collect(),
        pct.iter()
            .map(|r| r.iter().take(l).copied().collect())
            .collect(),
    )
}

#[pymethods]
impl PyStateCounts {
    /// Number of valid states.
    #[getter]
    fn n(&self) -> usize {
        self.counts.n
    }

    /// Rows left out because the state was missing.
    #[getter]
    fn missing(&self) -> usize {
        self.counts.missing
    }

    /// Rows left out because the state was invalid.
    #[getter]
    fn invalid(&self) -> usize {
        self.counts.invalid
    }

    /// The instrument's name.
    #[getter]
    fn instrument(&self) -> &'static str {
        self.counts.instrument.name()
    }

    /// How many times each state occurs, indexed by state code.
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<u64>> {
        index_array(py, &self.counts.counts)
    }

    /// Number of distinct states observed.
    fn distinct(&self) -> usize {
        self.counts.distinct()
    }

    /// Level counts and percentages.
    fn level_frequencies(&self) -> LevelTable {
        level_table(&self.counts.level_frequencies())
    }

    /// The cumulative frequency table as `(states, frequency, percent, cumulative_frequency,
    /// cumulative_percent)`.
    #[allow(clippy::type_complexity)]
    fn cumulative_frequencies(
        &self,
        py: Python<'_>,
    ) -> (Vec<String>, Vec<usize>, Vec<f64>, Vec<usize>, Vec<f64>) {
        let t = py.detach(|| self.counts.cumulative_frequencies());
        let mut out = (vec![], vec![], vec![], vec![], vec![]);
        for r in t.rows {
            out.0.push(r.state.to_string());
            out.1.push(r.frequency);
            out.2.push(r.percent);
            out.3.push(r.cumulative_frequency);
            out.4.push(r.cumulative_percent);
        }
        out
    }

    /// The HSDC as `(states, observations, hsdi, distinct)`.
    fn hsdc(&self, py: Python<'_>) -> (Vec<f64>, Vec<f64>, f64, usize) {
        let h = py.detach(|| self.counts.hsdc());
        (h.states, h.observations, h.hsdi, h.distinct)
    }

    /// Shannon's `(h, h_max, j)` of each dimension.
    fn shannon_by_dimension(&self, py: Python<'_>, h_max: &str) -> PyResult<Vec<(f64, f64, f64)>> {
        let max = shannon_max(py, h_max)?;
        Ok(self
            .counts
            .shannon_by_dimension(max)
            .into_iter()
            .map(shannon_tuple)
            .collect())
    }

    /// Shannon's `(h, h_max, j)` of whole profiles.
    fn shannon_profile(&self, py: Python<'_>, h_max: &str) -> PyResult<(f64, f64, f64)> {
        let max = shannon_max(py, h_max)?;
        Ok(shannon_tuple(self.counts.shannon_profile(max)))
    }

    /// The LSS distribution as `(scores, frequencies, percents)`.
    fn level_sum_distribution(&self) -> Distribution<u16> {
        // As u16: a Vec<u8> would become `bytes`.
        let (scores, freq, pct) = distribution(self.counts.level_sum_distribution());
        (scores.into_iter().map(u16::from).collect(), freq, pct)
    }

    /// The LFS distribution as `(scores, frequencies, percents)`.
    fn level_frequency_distribution(&self) -> Distribution<String> {
        distribution(self.counts.level_frequency_distribution())
    }

    fn __repr__(&self) -> String {
        format!(
            "<StateCounts {}: n={}, missing={}, invalid={}>",
            self.counts.instrument.name(),
            self.counts.n,
            self.counts.missing,
            self.counts.invalid
        )
    }
}

// ---------------------------------------------------------------------------------------------
// groups

/// Reads a column of group labels (strings; the wrapper converts other labels with `str()`).
fn read_groups(obj: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let its = items(obj, "groups")?;
    its.iter()
        .enumerate()
        .map(|(row, it)| match it {
            Item::Str(s) => s.to_str().map(str::to_owned),
            _ => Err(PyTypeError::new_err(format!(
                "groups: row {row} is not a string (labels are passed as strings)"
            ))),
        })
        .collect()
}

/// Level frequencies of each group: `[(group, counts, percents, n, missing, invalid)]`.
#[pyfunction]
#[pyo3(signature = (states, instrument, groups, errors = "raise", mask = None))]
#[allow(clippy::type_complexity)]
pub fn level_frequencies_by_group(
    py: Python<'_>,
    states: &Bound<'_, PyAny>,
    instrument: &str,
    groups: &Bound<'_, PyAny>,
    errors: &str,
    mask: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<(String, Vec<Vec<usize>>, Vec<Vec<f64>>, usize, usize, usize)>> {
    let inst = self::instrument(py, instrument)?;
    let codes = read_states(py, states, inst, errors, mask)?;
    let groups = read_groups(groups)?;
    let g = py
        .detach(|| analysis::level_frequencies_by_group(&codes, &groups))
        .py_err(py)?;
    Ok(g.into_iter()
        .map(|x| {
            let (counts, pct) = level_table(&x.value);
            (
                x.group,
                counts,
                pct,
                x.value.n,
                x.value.missing,
                x.value.invalid,
            )
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// summaries

/// Reads a column of values as floats (missing as `NaN`; strings are a type error).
fn read_values(obj: &Bound<'_, PyAny>, mask: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<f64>> {
    let mut v: Vec<f64> = if let Ok(a) = obj.cast::<PyArray1<f64>>() {
        let ro = a.try_readonly()?;
        data(&ro).into_owned()
    } else {
        match column(obj, "values")? {
            Column::Nums(n) => n.into_iter().map(num_f64).collect(),
            Column::Items(its) => nums(&its, "values")?.into_iter().map(num_f64).collect(),
        }
    };
    if let Some(m) = mask.filter(|m| !m.is_none()) {
        let m = mask_of(m)?;
        check_mask("mask", &m, v.len()).map_err(|e| to_pyerr(obj.py(), &e))?;
        for (x, &missing) in v.iter_mut().zip(&m) {
            if missing {
                *x = f64::NAN;
            }
        }
    }
    Ok(v)
}

/// One summary as a dict of its fields.
fn summary_dict<'py>(py: Python<'py>, s: &Summary) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("n", s.n)?;
    d.set_item("missing", s.missing)?;
    d.set_item("mean", s.mean)?;
    d.set_item("sd", s.sd)?;
    d.set_item("se", s.se)?;
    d.set_item("confidence", s.confidence)?;
    d.set_item("ci_lower", s.ci_lower)?;
    d.set_item("ci_upper", s.ci_upper)?;
    d.set_item("min", s.min)?;
    d.set_item("q1", s.q1)?;
    d.set_item("median", s.median)?;
    d.set_item("q3", s.q3)?;
    d.set_item("max", s.max)?;
    Ok(d)
}

/// The summary of a column of values, or of each group of rows: `[(group, summary)]`, the
/// group `None` without groups.
#[pyfunction]
#[pyo3(signature = (values, groups = None, confidence = 0.95, mask = None))]
pub fn summary<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    groups: Option<&Bound<'py, PyAny>>,
    confidence: f64,
    mask: Option<&Bound<'py, PyAny>>,
) -> PyResult<Vec<(Option<String>, Bound<'py, PyDict>)>> {
    let v = read_values(values, mask)?;
    let Some(groups) = groups.filter(|g| !g.is_none()) else {
        let s = py
            .detach(|| Summary::with_confidence(&v, confidence))
            .py_err(py)?;
        return Ok(vec![(None, summary_dict(py, &s)?)]);
    };
    let groups = read_groups(groups)?;
    let out = py.detach(|| -> groupwell::Result<Vec<(String, Summary)>> {
        let by = stats::summary_by_group_with_confidence(&v, &groups, confidence)?;
        Ok(by.into_iter().map(|g| (g.group, g.value)).collect())
    });
    out.py_err(py)?
        .into_iter()
        .map(|(g, s)| Ok((Some(g), summary_dict(py, &s)?)))
        .collect()
}
