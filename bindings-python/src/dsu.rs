//! The NICE DSU age/sex-specific mappings between EQ-5D-5L and EQ-5D-3L
//! ([`groupwell::eq5d::dsu`]).
//!
//! The states are read into the core's [`StateCodes`] by the same column reader as
//! `ValueSet.score` / `score_codes` ([`state_codes`]); ages and sexes are passed as the core's
//! cells ([`AgeCell`], [`SexCell`](groupwell::eq5d::dsu::SexCell)): numpy arrays of numbers as
//! they are, other columns as [`Cell`]s (numbers and text) or `Option<&str>`, one value for
//! every row as an [`AgeBand`] or a [`Sex`]. [`Mapping::score`] applies the row rules (which
//! cell is invalid, which row missing). The direction and the country are read by the core's
//! `FromStr`.

use std::str::FromStr;

use groupwell::eq5d::dsu::{AgeBand, AgeCell, Country, Direction, Mapping, Sex};
use groupwell::eq5d::{BatchOptions, LevelInput, Scored, StateCodes};
use groupwell::{Error, Result as CoreResult};
use numpy::prelude::*;
use numpy::{PyArray1, PyUntypedArray};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::convert::{
    Cell, Column, DtypeClass, Item, column, data, dtype_class, mask_of, num_f64, with_dtype,
};
use crate::errors::{IntoPy, to_pyerr};
use crate::valueset::{Batch, Op, batch_out, check_mask, options, state_codes};

/// An age cell of a column that may hold numbers and text: numbers are years (the core's
/// `f64` cells), text the core's text cells (`"35-44"`, `"40"`; `""`/`"NA"` missing).
impl AgeCell for Cell<'_> {
    fn age_band(self) -> CoreResult<Option<AgeBand>> {
        match self {
            Cell::Num(n) => num_f64(n).age_band(),
            Cell::Text(s) => s.age_band(),
        }
    }
}

/// Reads `direction=` by the core's rules ([`Direction::from_str`]: `5L->3L`, `3l to 5l`,
/// `EQ-5D-5L -> EQ-5D-3L`...).
fn direction(s: &str) -> CoreResult<Direction> {
    Direction::from_str(s)
}

fn is_scalar(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyString>() || obj.try_iter().is_err()
}

/// `age=`: one value for every row, or a column.
enum Ages<'py> {
    /// One band for every row.
    One(AgeBand),
    /// A 1-D numpy array of numbers, passed to the core as it is.
    Array(Bound<'py, PyUntypedArray>),
    /// Any other column (lists, object and string arrays, masked arrays).
    Cells(Column<'py>),
}

/// One age for every row: it must be an age (a missing one is an error, as an invalid one is,
/// whatever `errors=` says).
fn one_age(item: &Item<'_>) -> PyResult<CoreResult<AgeBand>> {
    Ok(match item {
        Item::Num(n) => AgeBand::from_age(num_f64(*n)),
        Item::Missing => AgeBand::from_age(f64::NAN),
        Item::Str(s) => {
            let text = s.to_str()?;
            text.age_band().and_then(|band| {
                band.ok_or_else(|| Error::InvalidArgument {
                    argument: "age".into(),
                    value: text.describe(),
                    expected: "an adult age in years, or an age band such as \"35-44\"".into(),
                })
            })
        }
    })
}

fn read_ages<'py>(
    py: Python<'py>,
    obj: &Bound<'py, PyAny>,
    mask: Option<&Bound<'py, PyAny>>,
) -> PyResult<Ages<'py>> {
    if is_scalar(obj) {
        return match crate::convert::classify(obj)? {
            Some(item) => Ok(Ages::One(one_age(&item)?.py_err(py)?)),
            None => Err(PyTypeError::new_err(format!(
                "age must be a number of years, an age band such as \"35-44\", or a column of \
                 them, not {}",
                obj.get_type().name()?
            ))),
        };
    }
    let mask = mask.filter(|m| !m.is_none());
    if mask.is_none()
        && let Ok(arr) = obj.cast::<PyUntypedArray>()
        && arr.ndim() == 1
        && dtype_class(arr) == DtypeClass::Numeric
    {
        return Ok(Ages::Array(arr.clone()));
    }
    let mut col = column(obj, "age")?;
    if let Some(m) = mask {
        let m = mask_of(m)?;
        check_mask("mask of age", &m, col.len()).py_err(py)?;
        col.apply_mask(&m);
    }
    Ok(Ages::Cells(col))
}

/// `sex=`: one value for every row, or a column of text (`None` missing).
enum Sexes<'py> {
    One(Sex),
    Column(Vec<Item<'py>>),
}

fn read_sexes<'py>(py: Python<'py>, obj: &Bound<'py, PyAny>) -> PyResult<Sexes<'py>> {
    const EXPECTED: &str = "expected \"male\" or \"female\" (or \"m\", \"f\")";
    if is_scalar(obj) {
        return match obj.cast::<PyString>() {
            Ok(s) => Ok(Sexes::One(Sex::from_str(s.to_str()?).py_err(py)?)),
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
    if let Some(row) = items.iter().position(|it| matches!(it, Item::Num(_))) {
        return Err(PyTypeError::new_err(format!(
            "sex: row {row} is a number; {EXPECTED}"
        )));
    }
    Ok(Sexes::Column(items))
}

impl Sexes<'_> {
    fn len(&self) -> Option<usize> {
        match self {
            Sexes::One(_) => None,
            Sexes::Column(v) => Some(v.len()),
        }
    }
}

/// The call of [`Mapping::score`] once the ages are a slice of cells.
fn score<A: AgeCell + Sync>(
    py: Python<'_>,
    mapping: &Mapping,
    states: StateCodes,
    ages: &[A],
    sexes: &Sexes<'_>,
    opts: &BatchOptions,
) -> PyResult<CoreResult<Scored>> {
    Ok(match sexes {
        Sexes::One(x) => {
            let xs = vec![*x; states.len()];
            py.detach(|| mapping.score(states, ages, &xs, opts))
        }
        Sexes::Column(items) => {
            let xs = items
                .iter()
                .map(|it| match it {
                    Item::Str(s) => s.to_str().map(Some),
                    _ => Ok(None),
                })
                .collect::<PyResult<Vec<Option<&str>>>>()?;
            py.detach(|| mapping.score(states, ages, &xs, opts))
        }
    })
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
    let op = if codes { Op::Codes } else { Op::States };
    let read = state_codes(py, mapping.direction.input(), states, state_mask, op)?;
    let read = read.py_err(py)?;
    let n = read.len();
    let ages = read_ages(py, age, age_mask)?;
    let sexes = read_sexes(py, sex)?;
    // Checked here too, to name the arguments as Python spells them (`age=`, `sex=`).
    let age_len = match &ages {
        Ages::One(_) => None,
        Ages::Array(a) => Some(a.len()),
        Ages::Cells(c) => Some(c.len()),
    };
    for (field, len) in [("age", age_len), ("sex", sexes.len())] {
        if let Some(found) = len.filter(|found| *found != n) {
            let e = Error::LengthMismatch {
                field: field.into(),
                expected: n,
                found,
            };
            return Err(to_pyerr(py, &e));
        }
    }
    let r = match ages {
        Ages::One(band) => score(py, &mapping, read, &vec![band; n], &sexes, &opts)?,
        Ages::Cells(col) => {
            let cells = col.cells()?;
            score(py, &mapping, read, &cells, &sexes, &opts)?
        }
        Ages::Array(arr) => {
            let r = with_dtype!(&arr, T, {
                let a = arr.cast::<PyArray1<T>>()?;
                let ro = a.try_readonly()?;
                let d = data(&ro);
                let d: &[T] = &d;
                score(py, &mapping, read, d, &sexes, &opts)?
            });
            r.ok_or_else(|| crate::convert::dtype_error(&arr, "age"))?
        }
    };
    batch_out(py, r)
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
