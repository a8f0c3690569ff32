//! The NICE DSU age/sex-specific mappings between EQ-5D-5L and EQ-5D-3L
//! ([`groupwell::eq5d::dsu`]).
//!
//! States are read by the core's batch readers — the same rules, errors and missing values as
//! `ValueSet.score` / `score_codes` — by scoring them with an *identity* value set of the input
//! instrument (every state's value is its own code, [`identity`]). Age bands come from
//! [`AgeBand::from_age`] (numbers) or [`AgeBand::from_str`] (labels such as `35-44`), sexes
//! from [`Sex::from_str`], the country from [`Country::from_str`]; the values from
//! [`Mapping::values`].

use std::str::FromStr;
use std::sync::OnceLock;

use groupwell::eq5d::dsu::{AgeBand, Country, Direction, Mapping, Sex};
use groupwell::eq5d::{
    BatchOptions, ErrorMode, Instrument, LevelInput, Numeric, State, ValueSet, round_index,
};
use groupwell::{Error, Result as CoreResult, RowError};
use numpy::PyArray1;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::convert::{Cell, Column, Item, Num, column, mask_of, num_f64};
use crate::errors::{IntoPy, row_list};
use crate::valueset::{Batch, Op, check_mask, options, score_1d};

/// The value set of `instrument` whose value for each state is the state's code: scoring with
/// it turns states (strings, five-digit numbers, codes) into codes by the core's own rules.
fn identity(instrument: Instrument) -> CoreResult<&'static ValueSet> {
    static SETS: [OnceLock<ValueSet>; 4] = [const { OnceLock::new() }; 4];
    let slot = match instrument {
        Instrument::Eq5d3l => 0,
        Instrument::Eq5d5l => 1,
        Instrument::Eq5dY3l => 2,
        Instrument::Eq5dY5l => 3,
    };
    let Some(cell) = SETS.get(slot) else {
        return Err(Error::NoValueSets { instrument });
    };
    if let Some(vs) = cell.get() {
        return Ok(vs);
    }
    let pairs: Vec<(String, f64)> = State::all(instrument)
        .map(|s| (s.to_string(), f64::from(s.code())))
        .collect();
    let vs = ValueSet::from_table("state-codes", instrument, &pairs)?;
    Ok(cell.get_or_init(|| vs))
}

/// Reads `direction=`: `5L->3L` or `3L->5L` (case, spaces, arrows and `to` are free).
fn direction(s: &str) -> CoreResult<Direction> {
    let key: String = s
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match key.as_str() {
        "5l3l" | "5lto3l" | "eq5d5leq5d3l" | "eq5d5ltoeq5d3l" => Ok(Direction::FiveToThree),
        "3l5l" | "3lto5l" | "eq5d3leq5d5l" | "eq5d3ltoeq5d5l" => Ok(Direction::ThreeToFive),
        _ => Err(Error::InvalidArgument {
            argument: "direction".into(),
            value: format!("{s:?}"),
            expected: "\"5L->3L\" or \"3L->5L\"".into(),
        }),
    }
}

/// A per-row argument: one value for every row, or a column.
enum PerRow<T> {
    One(T),
    Column(Vec<CoreResult<Option<T>>>),
}

impl<T: Copy> PerRow<T> {
    fn len(&self) -> Option<usize> {
        match self {
            PerRow::One(_) => None,
            PerRow::Column(v) => Some(v.len()),
        }
    }

    /// Row `row`: the value, `None` when missing, or the row's error.
    fn get(&self, row: usize) -> Result<Option<T>, &Error> {
        match self {
            PerRow::One(v) => Ok(Some(*v)),
            PerRow::Column(v) => match v.get(row) {
                Some(Ok(x)) => Ok(*x),
                Some(Err(e)) => Err(e),
                None => Ok(None),
            },
        }
    }
}

fn is_scalar(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyString>() || obj.try_iter().is_err()
}

/// An age cell: a number of years ([`AgeBand::from_age`]), text read as the core's text cells
/// (`"40"` is 40 years, `""`/`"NA"` missing) or else as a band label ([`AgeBand::from_str`]).
fn age_of_cell(cell: Cell<'_>) -> CoreResult<Option<AgeBand>> {
    match (cell, cell.numeric()) {
        (_, Numeric::Missing) => Ok(None),
        (Cell::Text(s), Numeric::NotANumber) => AgeBand::from_str(s).map(Some),
        (_, n) => AgeBand::from_age(num_f64(Num(n))).map(Some),
    }
}

fn read_ages(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    mask: Option<&Bound<'_, PyAny>>,
) -> PyResult<PerRow<AgeBand>> {
    if is_scalar(obj) {
        let band = match crate::convert::classify(obj)? {
            Some(Item::Str(s)) => {
                let text = s.to_str()?;
                // One missing age for every row is not an age: an error, as NaN is.
                age_of_cell(Cell::Text(text)).and_then(|b| {
                    b.ok_or_else(|| Error::InvalidArgument {
                        argument: "age".into(),
                        value: format!("{text:?}"),
                        expected: "an adult age in years, or an age band such as \"35-44\"".into(),
                    })
                })
            }
            Some(Item::Num(n)) => AgeBand::from_age(num_f64(n)),
            Some(Item::Missing) => AgeBand::from_age(f64::NAN),
            None => {
                return Err(PyTypeError::new_err(format!(
                    "age must be a number of years, an age band such as \"35-44\", or a column \
                     of them, not {}",
                    obj.get_type().name()?
                )));
            }
        };
        return Ok(PerRow::One(band.py_err(py)?));
    }
    let mut col = column(obj, "age")?;
    if let Some(m) = mask.filter(|m| !m.is_none()) {
        let m = mask_of(m)?;
        check_mask("mask of age", &m, col.len()).py_err(py)?;
        col.apply_mask(&m);
    }
    Ok(PerRow::Column(
        col.cells()?.into_iter().map(age_of_cell).collect(),
    ))
}

fn read_sexes(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<PerRow<Sex>> {
    const EXPECTED: &str = "expected \"male\" or \"female\" (or \"m\", \"f\")";
    if is_scalar(obj) {
        return match obj.cast::<PyString>() {
            Ok(s) => Ok(PerRow::One(Sex::from_str(s.to_str()?).py_err(py)?)),
            Err(_) => Err(PyTypeError::new_err(format!(
                "sex is a {}; {EXPECTED}",
                obj.get_type().name()?
            ))),
        };
    }
    let Column::Items(items) = column(obj, "sex")? else {
        return Err(PyTypeError::new_err(format!(
            "sex is a numeric array; {EXPECTED}"
        )));
    };
    let mut out = Vec::with_capacity(items.len());
    for (row, it) in items.iter().enumerate() {
        out.push(match it {
            Item::Str(s) => Sex::from_str(s.to_str()?).map(Some),
            Item::Missing => Ok(None),
            Item::Num(_) => {
                return Err(PyTypeError::new_err(format!(
                    "sex: row {row} is a number; {EXPECTED}"
                )));
            }
        });
    }
    Ok(PerRow::Column(out))
}

fn row_error(row: usize, field: &str, error: &Error) -> RowError {
    RowError {
        row,
        field: field.into(),
        error: Box::new(error.clone()),
    }
}

/// Expected values on the other EQ-5D version by the NICE DSU mappings.
#[pyfunction]
#[pyo3(signature = (
    states, age, sex, country, direction = "5L->3L", copula = true, codes = false,
    errors = "raise", decimals = None, state_mask = None, age_mask = None
))]
#[allow(clippy::too_many_arguments)]
pub fn dsu_map<'py>(
    py: Python<'py>,
    states: &Bound<'py, PyAny>,
    age: &Bound<'py, PyAny>,
    sex: &Bound<'py, PyAny>,
    country: &str,
    direction: &str,
    copula: bool,
    codes: bool,
    errors: &str,
    decimals: Option<&Bound<'py, PyAny>>,
    state_mask: Option<&Bound<'py, PyAny>>,
    age_mask: Option<&Bound<'py, PyAny>>,
) -> PyResult<Batch<'py>> {
    let opts = options(py, errors, decimals)?;
    let mapping = Mapping {
        direction: self::direction(direction).py_err(py)?,
        country: Country::from_str(country).py_err(py)?,
        copula,
    };
    let ids = identity(mapping.direction.input()).py_err(py)?;
    let op = if codes { Op::Codes } else { Op::States };
    let read = score_1d(py, ids, states, state_mask, op, BatchOptions::coerce())?;
    let read = read.py_err(py)?;
    let n = read.values.len();
    let ages = read_ages(py, age, age_mask)?;
    let sexes = read_sexes(py, sex)?;
    for (field, len) in [("age", ages.len()), ("sex", sexes.len())] {
        if let Some(found) = len.filter(|found| *found != n) {
            let e = Error::LengthMismatch {
                field: field.into(),
                expected: n,
                found,
            };
            return Err(crate::errors::to_pyerr(py, &e));
        }
    }

    let r = py.detach(|| -> CoreResult<(Vec<f64>, Vec<RowError>, usize)> {
        let mut state_errors = read.errors.into_iter().peekable();
        let mut errors = Vec::new();
        let mut missing = 0;
        let (mut rows, mut cs, mut bands, mut xs) = (vec![], vec![], vec![], vec![]);
        for (row, code) in read.values.iter().enumerate() {
            let mut bad = false;
            while let Some(e) = state_errors.next_if(|e| e.row == row) {
                errors.push(e);
                bad = true;
            }
            let band = ages
                .get(row)
                .map_err(|e| errors.push(row_error(row, "age", e)));
            let x = sexes
                .get(row)
                .map_err(|e| errors.push(row_error(row, "sex", e)));
            match (bad, code.is_nan(), band, x) {
                (false, false, Ok(Some(b)), Ok(Some(s))) => {
                    rows.push(row);
                    // The identity set's values are the codes, 0..3125.
                    cs.push(*code as u16);
                    bands.push(b);
                    xs.push(s);
                }
                (false, _, Ok(_), Ok(_)) => missing += 1,
                _ => {}
            }
        }
        let mapped = mapping.values(&cs, &bands, &xs)?;
        let mut values = vec![f64::NAN; n];
        for (row, v) in rows.iter().zip(mapped) {
            if let Some(slot) = values.get_mut(*row) {
                *slot = match opts.decimals {
                    Some(d) => round_index(v, d),
                    None => v,
                };
            }
        }
        if opts.errors == ErrorMode::Raise && !errors.is_empty() {
            return Err(Error::Rows { errors });
        }
        Ok((values, errors, missing))
    });
    let (values, errs, missing) = r.py_err(py)?;
    Ok((
        PyArray1::from_vec(py, values),
        row_list(py, &errs)?,
        missing,
    ))
}

/// The countries of the DSU mappings, as the tables name them.
#[pyfunction]
pub fn dsu_countries() -> Vec<&'static str> {
    Country::ALL.iter().map(|c| c.name()).collect()
}

/// The age bands of the DSU mappings, as the tables label them.
#[pyfunction]
pub fn dsu_age_bands() -> Vec<&'static str> {
    AgeBand::ALL.iter().map(|b| b.label()).collect()
}
