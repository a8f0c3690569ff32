//! Batch scoring: many states at once, from level columns, codes, five-digit numbers or strings.
//!
//! Every batch call takes [`BatchOptions`]: what to do with invalid rows ([`ErrorMode`]) and an
//! optional rounding. Missing input (a float `NaN`, `None`) gives `NaN` and is counted, never an
//! error. Invalid input (a level of 4 in 3L, `2.5`, `"1234"`) is an error that names the row and
//! field: in [`ErrorMode::Raise`] the call fails with [`Error::Rows`] listing *every* bad row; in
//! [`ErrorMode::Coerce`] those rows become `NaN` and the errors are returned beside the values.

use std::str::FromStr;

use super::state::{Dimension, Instrument, LevelInput, Numeric, State};
use super::valueset::{FIRST_NUMBER, ValueSet};
use crate::error::{Error, Result, RowError};

/// What a batch call does with invalid rows, as pandas' `errors=` argument.
///
/// ```
/// use groupwell::eq5d::ErrorMode;
/// assert_eq!("coerce".parse::<ErrorMode>()?, ErrorMode::Coerce);
/// assert_eq!(ErrorMode::default(), ErrorMode::Raise);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorMode {
    /// Fail with [`Error::Rows`] listing every invalid row.
    #[default]
    Raise,
    /// Give `NaN` for invalid rows and return their errors.
    Coerce,
}

impl FromStr for ErrorMode {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "raise" => Ok(ErrorMode::Raise),
            "coerce" => Ok(ErrorMode::Coerce),
            _ => Err(Error::InvalidArgument {
                argument: "errors".into(),
                value: format!("{s:?}"),
                expected: "\"raise\" or \"coerce\"".into(),
            }),
        }
    }
}

/// Options of a batch call.
///
/// ```
/// use groupwell::eq5d::{BatchOptions, ErrorMode};
/// let opts = BatchOptions { errors: ErrorMode::Coerce, decimals: Some(3) };
/// assert_eq!(BatchOptions::default().decimals, None);
/// # let _ = opts;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BatchOptions {
    /// What to do with invalid rows.
    pub errors: ErrorMode,
    /// Round results to this many decimals (see [`round_index`]); `None` keeps full precision.
    pub decimals: Option<u8>,
}

impl BatchOptions {
    /// Options with [`ErrorMode::Coerce`] and no rounding.
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::BatchOptions::coerce().errors, groupwell::eq5d::ErrorMode::Coerce);
    /// ```
    pub fn coerce() -> BatchOptions {
        BatchOptions {
            errors: ErrorMode::Coerce,
            decimals: None,
        }
    }

    /// Options from the values bindings receive: `errors` as `"raise"`/`"coerce"` and
    /// `decimals` as any integer, checked against `0..=`[`MAX_DECIMALS`].
    ///
    /// ```
    /// use groupwell::eq5d::{BatchOptions, ErrorMode};
    /// let opts = BatchOptions::parse("coerce", Some(3))?;
    /// assert_eq!(opts, BatchOptions { errors: ErrorMode::Coerce, decimals: Some(3) });
    /// assert!(BatchOptions::parse("raise", Some(-1)).is_err());
    /// assert!(BatchOptions::parse("ignore", None).is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn parse(errors: &str, decimals: Option<i64>) -> Result<BatchOptions> {
        let errors = errors.parse()?;
        let decimals = match decimals {
            None => None,
            Some(d) => Some(
                u8::try_from(d)
                    .ok()
                    .filter(|d| *d <= MAX_DECIMALS)
                    .ok_or_else(|| decimals_error(&d.to_string()))?,
            ),
        };
        Ok(BatchOptions { errors, decimals })
    }
}

/// The largest number of decimals [`round_index`] and [`BatchOptions::decimals`] accept.
pub const MAX_DECIMALS: u8 = 10;

fn decimals_error(value: &str) -> Error {
    Error::InvalidArgument {
        argument: "decimals".into(),
        value: value.into(),
        expected: format!("an integer 0..={MAX_DECIMALS}"),
    }
}

/// The result of a batch call.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scored {
    /// One value per input row; `NaN` where the input was missing or invalid.
    pub values: Vec<f64>,
    /// The invalid rows (only in [`ErrorMode::Coerce`]; in `Raise` they are the error).
    pub errors: Vec<RowError>,
    /// How many rows were missing.
    pub missing: usize,
}

/// What a batch call found besides the values it wrote (for the `_into` variants).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Issues {
    /// The invalid rows (only in [`ErrorMode::Coerce`]).
    pub errors: Vec<RowError>,
    /// How many rows were missing.
    pub missing: usize,
}

/// Rounds an index to `decimals` places.
///
/// The rule: the value is first snapped to 10 significant decimals after the point (removing
/// the binary noise of summing coefficients, so `0.8485` computed as `0.84849999999999992`
/// counts as `0.8485`), then rounded half away from zero. `decimals` above 10 leave the value
/// unchanged. `NaN` stays `NaN`.
///
/// ```
/// use groupwell::eq5d::round_index;
/// assert_eq!(round_index(0.8485, 3), 0.849);
/// assert_eq!(round_index(0.84849999999999992, 3), 0.849);
/// assert_eq!(round_index(-0.0945, 3), -0.095);
/// assert_eq!(round_index(0.12344, 3), 0.123);
/// assert!(round_index(f64::NAN, 3).is_nan());
/// ```
pub fn round_index(x: f64, decimals: u8) -> f64 {
    if decimals > MAX_DECIMALS || !x.is_finite() {
        return x;
    }
    let snap = 1e10;
    let snapped = (x * snap).round() / snap;
    let p = 10f64.powi(i32::from(decimals));
    let scaled = snapped * p;
    // `scaled` may sit a hair below a tie because of the multiplication; snap it too.
    let scaled = (scaled * 1e6).round() / 1e6;
    scaled.round() / p
}

pub(crate) fn check_decimals(opts: &BatchOptions) -> Result<()> {
    match opts.decimals {
        Some(d) if d > MAX_DECIMALS => Err(decimals_error(&d.to_string())),
        _ => Ok(()),
    }
}

pub(crate) fn check_len(field: &str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            field: field.into(),
            expected,
            found,
        })
    }
}

pub(crate) fn finish(
    mut values: Vec<f64>,
    errors: Vec<RowError>,
    missing: usize,
    opts: &BatchOptions,
) -> Result<Scored> {
    let issues = settle(&mut values, errors, missing, opts)?;
    Ok(Scored {
        values,
        errors: issues.errors,
        missing: issues.missing,
    })
}

fn settle(
    values: &mut [f64],
    errors: Vec<RowError>,
    missing: usize,
    opts: &BatchOptions,
) -> Result<Issues> {
    if opts.errors == ErrorMode::Raise && !errors.is_empty() {
        return Err(Error::Rows { errors });
    }
    if let Some(d) = opts.decimals {
        for v in values.iter_mut() {
            *v = round_index(*v, d);
        }
    }
    Ok(Issues { errors, missing })
}

/// The code of five level offsets from [`LevelInput::level_offset`] when all are below `l`.
/// Straight-line code (no loop, no closure), so that it is just as fast in builds optimised for
/// size, where short loops are not unrolled (the WebAssembly package).
#[inline(always)]
fn code_if_valid([a, b, c, d, e]: [u32; 5], l: u32) -> Option<usize> {
    if a.max(b).max(c).max(d).max(e) < l {
        Some(((((a * l + b) * l + c) * l + d) * l + e) as usize)
    } else {
        None
    }
}

/// The level offsets of one row's five levels, written out (no loop: fast at opt-level "z").
#[inline(always)]
fn offsets<T: LevelInput>([a, b, c, d, e]: [T; 5]) -> [u32; 5] {
    [
        a.level_offset(),
        b.level_offset(),
        c.level_offset(),
        d.level_offset(),
        e.level_offset(),
    ]
}

/// Five-digit states looked up in [`ValueSet::values_by_number`]: the first pass only looks
/// values up (`NaN` for anything not in the table); only when it met a `NaN` does a second pass
/// tell missing values from rows that are not states. The missing count, or `None` when a row
/// is neither (the caller then scores the column row by row).
#[inline]
fn numbers_kernel<T: LevelInput>(
    by_number: &[f64],
    states: &[T],
    out: &mut [f64],
) -> Option<usize> {
    let mut unscored = false;
    for (o, &x) in out.iter_mut().zip(states) {
        let i = x.whole().map_or(usize::MAX, |n| {
            usize::try_from(n.wrapping_sub(FIRST_NUMBER)).unwrap_or(usize::MAX)
        });
        let v = by_number.get(i).copied().unwrap_or(f64::NAN);
        unscored |= v.is_nan();
        *o = v;
    }
    if !unscored {
        return Some(0);
    }
    let mut missing = 0;
    for (o, &x) in out.iter().zip(states) {
        if o.is_nan() {
            if !matches!(x.numeric(), Numeric::Missing) {
                return None;
            }
            missing += 1;
        }
    }
    Some(missing)
}

/// The table's value at `code`, or `NaN` with `bad` set.
#[inline(always)]
fn look_up(table: &[f64], code: u16, bad: &mut bool) -> f64 {
    match table.get(usize::from(code)) {
        Some(v) => *v,
        None => {
            *bad = true;
            f64::NAN
        }
    }
}

pub(crate) fn row_error(row: usize, field: &str, error: Error) -> RowError {
    RowError {
        row,
        field: field.to_string(),
        error: Box::new(error),
    }
}

fn code_of<T: LevelInput>(value: T, instrument: Instrument) -> Result<Option<u16>> {
    let states = instrument.states();
    let invalid = |code: String| Error::InvalidStateCode {
        code,
        instrument,
        states,
    };
    match value.numeric() {
        Numeric::Int(i) if (0..i128::from(states)).contains(&i) => Ok(Some(i as u16)),
        Numeric::Missing => Ok(None),
        _ => Err(invalid(value.describe())),
    }
}

/// The code of a five-digit number whose digits are all valid levels (`None` otherwise; the
/// caller then explains). When every digit is 1–9, `n − 11111` has the digits `level − 1`; a 0
/// digit borrows and leaves a 9 somewhere, above any level offset.
#[inline(always)]
fn fast_number_code(n: i128, l: u32) -> Option<u16> {
    let m = u32::try_from(n.checked_sub(11_111)?)
        .ok()
        .filter(|&m| m <= 88_888)?;
    let d = [m / 10_000, m / 1000 % 10, m / 100 % 10, m / 10 % 10, m % 10];
    if d.iter().all(|&x| x < l) {
        Some(d.iter().fold(0u32, |acc, &x| acc * l + x) as u16)
    } else {
        None
    }
}

/// The code of exactly five ASCII level digits (`None` otherwise; the caller then explains).
#[inline(always)]
fn fast_str_code(s: &str, l: u32) -> Option<u16> {
    let b: &[u8; 5] = s.as_bytes().try_into().ok()?;
    let d = b.map(|x| u32::from(x.wrapping_sub(b'1')));
    if d.iter().all(|&x| x < l) {
        Some(d.iter().fold(0u32, |acc, &x| acc * l + x) as u16)
    } else {
        None
    }
}

fn code_of_number<T: LevelInput>(value: T, instrument: Instrument) -> Result<Option<u16>> {
    match value.numeric() {
        Numeric::Int(i) => match fast_number_code(i, u32::from(instrument.levels())) {
            Some(code) => Ok(Some(code)),
            None => {
                let n = i64::try_from(i).unwrap_or(i64::MAX);
                State::from_number(instrument, n).map(|s| Some(s.code()))
            }
        },
        Numeric::Missing => Ok(None),
        _ => Err(Error::InvalidState {
            input: value.describe(),
            instrument,
            reason: crate::error::StateProblem::NotAnInteger,
        }),
    }
}

/// A column of states read into compact codes: `Some(code)` for a valid state, `None` for a
/// missing or invalid one, with the errors of the invalid rows. The common first step of every
/// state-based batch call (value sets, DSU mappings).
///
/// ```
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let c = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("11112"), None, Some("1234")]);
/// assert_eq!(c.codes, [Some(1), None, None]);
/// assert_eq!((c.missing, c.errors.len()), (1, 1));
/// let n = StateCodes::from_numbers(Instrument::Eq5d5l, &[55555.0, f64::NAN]);
/// assert_eq!(n.codes, [Some(3124), None]);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateCodes {
    /// The instrument the states were read for.
    pub instrument: Option<Instrument>,
    /// One entry per row.
    pub codes: Vec<Option<u16>>,
    /// The invalid rows.
    pub errors: Vec<RowError>,
    /// How many rows were missing.
    pub missing: usize,
}

impl StateCodes {
    fn collect(
        instrument: Instrument,
        field: &str,
        rows: impl Iterator<Item = Result<Option<u16>>>,
    ) -> StateCodes {
        let mut out = StateCodes {
            instrument: Some(instrument),
            ..StateCodes::default()
        };
        for (row, r) in rows.enumerate() {
            match r {
                Ok(Some(c)) => out.codes.push(Some(c)),
                Ok(None) => {
                    out.missing += 1;
                    out.codes.push(None);
                }
                Err(e) => {
                    out.errors.push(row_error(row, field, e));
                    out.codes.push(None);
                }
            }
        }
        out
    }

    /// Compact codes (`0..243` / `0..3125`) of any numeric type or text.
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, StateCodes};
    /// assert_eq!(StateCodes::from_codes(Instrument::Eq5d3l, &[0u16, 243]).errors[0].row, 1);
    /// ```
    pub fn from_codes<T: LevelInput>(instrument: Instrument, codes: &[T]) -> StateCodes {
        StateCodes::collect(
            instrument,
            "code",
            codes.iter().map(|&c| code_of(c, instrument)),
        )
    }

    /// Five-digit states (`11223`) of any numeric type.
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, StateCodes};
    /// assert_eq!(StateCodes::from_numbers(Instrument::Eq5d3l, &[11111i32]).codes, [Some(0)]);
    /// ```
    pub fn from_numbers<T: LevelInput>(instrument: Instrument, states: &[T]) -> StateCodes {
        StateCodes::collect(
            instrument,
            "state",
            states.iter().map(|&v| code_of_number(v, instrument)),
        )
    }

    /// States written as strings (`"11223"`, exactly five digits); `None` is missing.
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, StateCodes};
    /// assert_eq!(StateCodes::from_strs(Instrument::Eq5d3l, &[Some(" 11111")]).errors.len(), 1);
    /// ```
    pub fn from_strs<S: AsRef<str>>(instrument: Instrument, states: &[Option<S>]) -> StateCodes {
        let l = u32::from(instrument.levels());
        let rows = states.iter().map(|s| match s {
            None => Ok(None),
            Some(s) => match fast_str_code(s.as_ref(), l) {
                Some(code) => Ok(Some(code)),
                None => State::parse(instrument, s.as_ref()).map(|st| Some(st.code())),
            },
        });
        StateCodes::collect(instrument, "state", rows)
    }

    /// Number of rows.
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, StateCodes};
    /// assert_eq!(StateCodes::from_codes(Instrument::Eq5d3l, &[0u8, 1]).len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether there are no rows.
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, StateCodes};
    /// assert!(StateCodes::from_codes::<u8>(Instrument::Eq5d3l, &[]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

impl ValueSet {
    /// Scores compact state codes of any numeric type.
    ///
    /// ```
    /// use groupwell::eq5d::{BatchOptions, ValueSet};
    /// let vs = ValueSet::get("3L_UK")?;
    /// let out = vs.score_codes(&[0u16, 242], &BatchOptions::default())?;
    /// assert_eq!(out.values[0], 1.0);
    /// let out = vs.score_codes(&[0.0, f64::NAN, 243.0, 1.5], &BatchOptions::coerce())?;
    /// assert_eq!(out.missing, 1);
    /// assert_eq!(out.errors.iter().map(|e| e.row).collect::<Vec<_>>(), [2, 3]);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn score_codes<T: LevelInput>(&self, codes: &[T], opts: &BatchOptions) -> Result<Scored> {
        check_decimals(opts)?;
        self.score_state_codes(StateCodes::from_codes(self.instrument(), codes), opts)
    }

    /// The index of one state given as a five-digit number of any numeric type (or text holding
    /// one): a missing value (`NaN`, `None`) gives `NaN`, as in the batch calls; anything else
    /// that is not a state is an error.
    ///
    /// ```
    /// use groupwell::eq5d::ValueSet;
    /// let vs = ValueSet::get("3L_UK")?;
    /// assert_eq!(vs.index_cell(11111.0)?, 1.0);
    /// assert!(vs.index_cell(f64::NAN)?.is_nan());
    /// assert!(vs.index_cell(11111.5).is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn index_cell<T: LevelInput>(&self, state: T) -> Result<f64> {
        Ok(match code_of_number(state, self.instrument())? {
            Some(code) => self
                .table()
                .get(usize::from(code))
                .copied()
                .unwrap_or(f64::NAN),
            None => f64::NAN,
        })
    }

    /// Scores states already read into a [`StateCodes`] column.
    ///
    /// ```
    /// use groupwell::eq5d::{BatchOptions, Instrument, StateCodes, ValueSet};
    /// let vs = ValueSet::get("3L_UK")?;
    /// let states = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("11111"), Some("33333")]);
    /// assert_eq!(vs.score_state_codes(states, &BatchOptions::default())?.values, [1.0, -0.594]);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn score_state_codes(&self, states: StateCodes, opts: &BatchOptions) -> Result<Scored> {
        check_decimals(opts)?;
        if let Some(found) = states.instrument.filter(|i| *i != self.instrument()) {
            return Err(Error::InstrumentMismatch {
                what: format!("value set {}", self.id()),
                expected: self.instrument(),
                found,
            });
        }
        let table = self.table();
        let values = states
            .codes
            .iter()
            .map(|c| {
                c.and_then(|c| table.get(usize::from(c)))
                    .copied()
                    .unwrap_or(f64::NAN)
            })
            .collect();
        finish(values, states.errors, states.missing, opts)
    }

    /// Scores `u16` state codes into a caller-provided buffer (the fastest path: one table
    /// look-up per code, no allocation).
    ///
    /// ```
    /// use groupwell::eq5d::{BatchOptions, ValueSet};
    /// let vs = ValueSet::get("5L_SE_2022")?;
    /// let mut out = [0.0; 2];
    /// vs.score_codes_into(&[0, 3124], &mut out, &BatchOptions::default())?;
    /// assert_eq!(out[0], 1.0);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    // `#[inline]`: the look-up loop is compiled in the calling crate, at its optimisation level
    // (the WebAssembly package builds the core for size and its own crate for speed).
    #[inline]
    pub fn score_codes_into(
        &self,
        codes: &[u16],
        out: &mut [f64],
        opts: &BatchOptions,
    ) -> Result<Issues> {
        check_decimals(opts)?;
        check_len("out", codes.len(), out.len())?;
        let table = self.table();
        let mut bad = false;
        // Four codes per step, written out: as fast at opt-level "z", where the loop is not
        // unrolled, as at 3.
        let (quads, rest) = codes.as_chunks::<4>();
        let (out_quads, out_rest) = out.as_chunks_mut::<4>();
        for (o, &[a, b, c, d]) in out_quads.iter_mut().zip(quads) {
            *o = [
                look_up(table, a, &mut bad),
                look_up(table, b, &mut bad),
                look_up(table, c, &mut bad),
                look_up(table, d, &mut bad),
            ];
        }
        for (o, &c) in out_rest.iter_mut().zip(rest) {
            *o = look_up(table, c, &mut bad);
        }
        let errors = if bad {
            self.code_errors(codes)
        } else {
            Vec::new()
        };
        settle(out, errors, 0, opts)
    }

    /// Every code of `codes` that is not a state of the instrument, as a row error.
    fn code_errors(&self, codes: &[u16]) -> Vec<RowError> {
        let instrument = self.instrument();
        let mut errors = Vec::new();
        for (row, &c) in codes.iter().enumerate() {
            if c >= instrument.states() {
                errors.push(row_error(
                    row,
                    "code",
                    Error::InvalidStateCode {
                        code: c.to_string(),
                        instrument,
                        states: instrument.states(),
                    },
                ));
            }
        }
        errors
    }

    /// Scores five level columns (MO, SC, UA, PD, AD) of any numeric type. Floats must be whole
    /// numbers; `NaN` in any column makes the row missing.
    ///
    /// ```
    /// use groupwell::eq5d::{BatchOptions, ValueSet};
    /// let vs = ValueSet::get("3L_UK")?;
    /// let mo = [1.0, 2.0, 2.5];
    /// let one = [1.0, 1.0, 1.0];
    /// let out = vs.score_levels([&mo, &one, &one, &one, &one], &BatchOptions::coerce())?;
    /// assert_eq!(out.values[0], 1.0);
    /// assert!(out.values[2].is_nan());
    /// assert_eq!(out.errors[0].field, "MO");
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn score_levels<T: LevelInput>(
        &self,
        columns: [&[T]; 5],
        opts: &BatchOptions,
    ) -> Result<Scored> {
        check_decimals(opts)?;
        let [mo, sc, ua, pd, ad] = columns;
        let n = mo.len();
        for (dim, col) in Dimension::ALL.iter().zip(columns.iter()) {
            check_len(dim.code(), n, col.len())?;
        }
        let mut values = vec![f64::NAN; n];
        let (errors, missing) = self.levels_kernel(mo, sc, ua, pd, ad, &mut values);
        finish(values, errors, missing, opts)
    }

    /// Scores five level columns into a caller-provided buffer.
    ///
    /// ```
    /// use groupwell::eq5d::{BatchOptions, ValueSet};
    /// let vs = ValueSet::get("5L_SE_2022")?;
    /// let one = [1u8, 1];
    /// let mut out = [0.0; 2];
    /// vs.score_levels_into([&one, &one, &one, &one, &[1, 2]], &mut out, &BatchOptions::default())?;
    /// assert_eq!(out[0], 1.0);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn score_levels_into<T: LevelInput>(
        &self,
        columns: [&[T]; 5],
        out: &mut [f64],
        opts: &BatchOptions,
    ) -> Result<Issues> {
        check_decimals(opts)?;
        let [mo, sc, ua, pd, ad] = columns;
        for (dim, col) in Dimension::ALL.iter().zip(columns.iter()) {
            check_len(dim.code(), mo.len(), col.len())?;
        }
        check_len("out", mo.len(), out.len())?;
        let (errors, missing) = self.levels_kernel(mo, sc, ua, pd, ad, out);
        settle(out, errors, missing, opts)
    }

    #[inline]
    fn levels_kernel<T: LevelInput>(
        &self,
        mo: &[T],
        sc: &[T],
        ua: &[T],
        pd: &[T],
        ad: &[T],
        out: &mut [f64],
    ) -> (Vec<RowError>, usize) {
        let table = self.table();
        let l = u32::from(self.instrument().levels());
        let mut slow_rows = false;
        // Fast pass: rows whose five levels are all valid integers. `level_offset` is u32::MAX for
        // anything that is not a whole number in 1..=5, so one range check per level decides.
        let rows = mo
            .iter()
            .zip(sc)
            .zip(ua)
            .zip(pd)
            .zip(ad)
            .zip(out.iter_mut());
        for (((((a, b), c), d), e), o) in rows {
            match code_if_valid(offsets([*a, *b, *c, *d, *e]), l).and_then(|code| table.get(code)) {
                Some(v) => *o = *v,
                None => {
                    *o = f64::NAN;
                    slow_rows = true;
                }
            }
        }
        if !slow_rows {
            return (Vec::new(), 0);
        }
        let rows = mo
            .iter()
            .zip(sc)
            .zip(ua)
            .zip(pd)
            .zip(ad)
            .map(|((((a, b), c), d), e)| [*a, *b, *c, *d, *e]);
        self.classify_rows(rows)
    }

    /// Slow pass, only when some row was not valid: the reason for each such row.
    fn classify_rows<T: LevelInput>(
        &self,
        rows: impl Iterator<Item = [T; 5]>,
    ) -> (Vec<RowError>, usize) {
        let instrument = self.instrument();
        let mut errors = Vec::new();
        let mut missing = 0;
        for (row, vals) in rows.enumerate() {
            let mut row_missing = false;
            let mut row_bad = false;
            for (dim, v) in Dimension::ALL.iter().zip(vals) {
                match v.to_level(*dim, instrument) {
                    Ok(Some(_)) => {}
                    Ok(None) => row_missing = true,
                    Err(err) => {
                        row_bad = true;
                        errors.push(row_error(row, dim.code(), err));
                    }
                }
            }
            if row_missing && !row_bad {
                missing += 1;
            }
        }
        (errors, missing)
    }

    /// Scores levels given row by row: a row-major `n × 5` slice (MO SC UA PD AD of row 0,
    /// then row 1, ...), as a C-ordered 2-D array or a JavaScript `Uint8Array` holds them.
    ///
    /// ```
    /// use groupwell::eq5d::{BatchOptions, ValueSet};
    /// let vs = ValueSet::get("3L_UK")?;
    /// let out = vs.score_level_rows(&[1u8, 1, 1, 1, 1, 3, 3, 3, 3, 3], &BatchOptions::default())?;
    /// assert_eq!(out.values, [1.0, -0.594]);
    /// assert!(vs.score_level_rows(&[1u8, 1, 1], &BatchOptions::default()).is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn score_level_rows<T: LevelInput>(
        &self,
        levels: &[T],
        opts: &BatchOptions,
    ) -> Result<Scored> {
        let mut values = vec![f64::NAN; levels.len() / 5];
        let issues = self.score_level_rows_into(levels, &mut values, opts)?;
        Ok(Scored {
            values,
            errors: issues.errors,
            missing: issues.missing,
        })
    }

    /// [`score_level_rows`](Self::score_level_rows) into a caller-provided buffer of `n` values.
    ///
    /// ```
    /// use groupwell::eq5d::{BatchOptions, ValueSet};
    /// let vs = ValueSet::get("3L_UK")?;
    /// let mut out = [0.0; 1];
    /// vs.score_level_rows_into(&[1u8, 1, 1, 1, 1], &mut out, &BatchOptions::default())?;
    /// assert_eq!(out, [1.0]);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn score_level_rows_into<T: LevelInput>(
        &self,
        levels: &[T],
        out: &mut [f64],
        opts: &BatchOptions,
    ) -> Result<Issues> {
        check_decimals(opts)?;
        if !levels.len().is_multiple_of(5) {
            return Err(Error::InvalidArgument {
                argument: "levels".into(),
                value: format!("{} values", levels.len()),
                expected: "five levels per row (a length divisible by 5)".into(),
            });
        }
        check_len("out", levels.len() / 5, out.len())?;
        let table = self.table();
        let l = u32::from(self.instrument().levels());
        let mut slow_rows = false;
        // Rows as arrays of five, written out: fast at opt-level "z" too (the WebAssembly
        // package instantiates this for `Uint8Array` in a crate optimised for size).
        let (rows, _) = levels.as_chunks::<5>();
        for (&row, o) in rows.iter().zip(out.iter_mut()) {
            match code_if_valid(offsets(row), l).and_then(|code| table.get(code)) {
                Some(v) => *o = *v,
                None => {
                    *o = f64::NAN;
                    slow_rows = true;
                }
            }
        }
        let (errors, missing) = if slow_rows {
            let rows = levels.chunks_exact(5).map(|r| {
                let mut vals = [None; 5];
                for (slot, x) in vals.iter_mut().zip(r) {
                    *slot = Some(*x);
                }
                vals
            });
            self.classify_rows(rows)
        } else {
            (Vec::new(), 0)
        };
        settle(out, errors, missing, opts)
    }

    /// Scores states given as five-digit integers (`11223`) of any numeric type.
    ///
    /// ```
    /// use groupwell::eq5d::{BatchOptions, ValueSet};
    /// let vs = ValueSet::get("3L_UK")?;
    /// let out = vs.score_numbers(&[11111i64, 1234, 11114], &BatchOptions::coerce())?;
    /// assert_eq!(out.values[0], 1.0);
    /// assert_eq!(out.errors.len(), 2);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn score_numbers<T: LevelInput>(
        &self,
        states: &[T],
        opts: &BatchOptions,
    ) -> Result<Scored> {
        let mut values = vec![f64::NAN; states.len()];
        let issues = self.score_numbers_into(states, &mut values, opts)?;
        Ok(Scored {
            values,
            errors: issues.errors,
            missing: issues.missing,
        })
    }

    /// [`ValueSet::score_numbers`] into a caller-provided buffer. Each row is looked up in a
    /// table of the value of every five-digit number (built once per set from
    /// [`State::from_number`]); a column with a row that is neither a state nor missing is
    /// scored again row by row, to report every invalid row. In raise mode `out` may hold some
    /// values when the call fails.
    ///
    /// ```
    /// use groupwell::eq5d::{BatchOptions, ValueSet};
    /// let vs = ValueSet::get("5L_UK")?;
    /// let mut out = [0.0; 3];
    /// let issues = vs.score_numbers_into(&[11111.0, f64::NAN, 55555.0], &mut out, &BatchOptions::default())?;
    /// assert_eq!((out[0], issues.missing), (1.0, 1));
    /// assert!(out[1].is_nan());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    // `#[inline]`: the look-up loop is compiled in the calling crate, at its optimisation level.
    #[inline]
    pub fn score_numbers_into<T: LevelInput>(
        &self,
        states: &[T],
        out: &mut [f64],
        opts: &BatchOptions,
    ) -> Result<Issues> {
        check_decimals(opts)?;
        check_len("out", states.len(), out.len())?;
        if let Some(missing) = numbers_kernel(self.values_by_number(), states, out) {
            return settle(out, Vec::new(), missing, opts);
        }
        let codes = StateCodes::from_numbers(self.instrument(), states);
        let scored = self.score_state_codes(codes, opts)?;
        out.copy_from_slice(&scored.values);
        Ok(Issues {
            errors: scored.errors,
            missing: scored.missing,
        })
    }

    /// Scores states written as strings (`"11223"`); `None` is missing.
    ///
    /// ```
    /// use groupwell::eq5d::{BatchOptions, ValueSet};
    /// let vs = ValueSet::get("3L_UK")?;
    /// let out = vs.score_strs(&[Some("11111"), None, Some("abcde")], &BatchOptions::coerce())?;
    /// assert_eq!((out.values[0], out.missing, out.errors.len()), (1.0, 1, 1));
    /// assert!(vs.score_strs(&[Some("abcde")], &BatchOptions::default()).is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn score_strs<S: AsRef<str>>(
        &self,
        states: &[Option<S>],
        opts: &BatchOptions,
    ) -> Result<Scored> {
        check_decimals(opts)?;
        self.score_state_codes(StateCodes::from_strs(self.instrument(), states), opts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The five-digit look-up gives, row by row, what the core reads in each number: every
    /// number from 0 to 60,000 (states, near misses, digits out of range), floats with
    /// fractions, missing values and extremes, under a 3L and a 5L set, in both modes, with
    /// rounding; an invalid row anywhere sends the column through the row-by-row path.
    #[test]
    fn five_digit_lookup_agrees_with_from_number() {
        #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
        for id in ["3L_UK", "5L_UK"] {
            let vs = ValueSet::get(id).unwrap();
            let inst = vs.instrument();
            let expect = |n: i64| {
                State::from_number(inst, n)
                    .ok()
                    .map(|s| vs.table()[usize::from(s.code())])
            };
            let ints: Vec<i64> = (0..=60_000)
                .chain([i64::MIN, i64::MAX, -11111, 111_110])
                .collect();
            let out = vs.score_numbers(&ints, &BatchOptions::coerce()).unwrap();
            let bad: Vec<usize> = out.errors.iter().map(|e| e.row).collect();
            let mut want_bad = Vec::new();
            for (row, (&n, v)) in ints.iter().zip(&out.values).enumerate() {
                match expect(n) {
                    Some(x) => assert_eq!(v.to_bits(), x.to_bits(), "{id} {n}"),
                    None => {
                        assert!(v.is_nan(), "{id} {n}");
                        want_bad.push(row);
                    }
                }
            }
            assert_eq!(bad, want_bad, "{id}");
            let Err(Error::Rows { errors }) = vs.score_numbers(&ints, &BatchOptions::default())
            else {
                panic!("{id}: raise mode must fail")
            };
            assert_eq!(errors.len(), want_bad.len());

            // Only states and missing values: the look-up alone, rounded when asked.
            let floats = [11111.0, f64::NAN, 12321.0, 11111.0, f64::NAN, 33333.0];
            let mut buf = [0.0; 6];
            let opts = BatchOptions {
                decimals: Some(2),
                ..BatchOptions::default()
            };
            let issues = vs.score_numbers_into(&floats, &mut buf, &opts).unwrap();
            assert_eq!((issues.missing, issues.errors.len()), (2, 0));
            for (&x, v) in floats.iter().zip(buf) {
                match expect(x as i64).filter(|_| !x.is_nan()) {
                    Some(e) => assert_eq!(v, round_index(e, 2)),
                    None => assert!(v.is_nan()),
                }
            }
            // A fraction, infinities and -0.0 beside valid rows.
            let odd = [11111.0, 11111.5, f64::INFINITY, -0.0, 21111.0, f64::NAN];
            let out = vs.score_numbers(&odd, &BatchOptions::coerce()).unwrap();
            let rows: Vec<usize> = out.errors.iter().map(|e| e.row).collect();
            assert_eq!(rows, [1, 2, 3], "{id}");
            assert_eq!(out.missing, 1);
            assert_eq!(out.values[4], expect(21111).unwrap());
            let mut short = [0.0; 2];
            assert!(vs.score_numbers_into(&odd, &mut short, &opts).is_err());
        }
    }

    #[test]
    fn rounding_rule() {
        assert_eq!(round_index(0.0005, 3), 0.001);
        assert_eq!(round_index(-0.0005, 3), -0.001);
        assert_eq!(round_index(1.0, 0), 1.0);
        assert_eq!(round_index(0.123456789, 12), 0.123456789);
        assert_eq!(round_index(0.5, 0), 1.0);
    }

    #[test]
    fn raise_lists_every_bad_row() -> Result<()> {
        let vs = ValueSet::get("3L_UK")?;
        let err = vs
            .score_numbers(&[11111, 4, 11111, 11114, 99999], &BatchOptions::default())
            .err();
        match err {
            Some(Error::Rows { errors }) => {
                assert_eq!(errors.iter().map(|e| e.row).collect::<Vec<_>>(), [1, 3, 4]);
            }
            other => panic!("unexpected {other:?}"),
        }
        Ok(())
    }

    #[test]
    fn length_mismatch() -> Result<()> {
        let vs = ValueSet::get("3L_UK")?;
        let a = [1u8, 1];
        let b = [1u8];
        let err = vs
            .score_levels([&a, &a, &b, &a, &a], &BatchOptions::default())
            .err();
        assert!(
            matches!(err, Some(Error::LengthMismatch { ref field, expected: 2, found: 1 }) if field == "UA")
        );
        Ok(())
    }

    #[test]
    fn decimals_validated() -> Result<()> {
        let vs = ValueSet::get("3L_UK")?;
        let opts = BatchOptions {
            errors: ErrorMode::Raise,
            decimals: Some(11),
        };
        assert!(matches!(
            vs.score_codes(&[0u16], &opts),
            Err(Error::InvalidArgument { .. })
        ));
        Ok(())
    }
}
