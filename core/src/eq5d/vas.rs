//! The EQ VAS: self-rated health on a 0–100 scale.

use super::state::{LevelInput, Numeric, format_float};
use crate::error::{Error, Result};

/// A validated EQ VAS value: a number in `0..=100`.
///
/// Decimals are kept (some electronic versions record them); `NaN`, infinities and values
/// outside the scale are errors.
///
/// ```
/// use groupwell::eq5d::EqVas;
/// assert_eq!(EqVas::new(75.0)?.value(), 75.0);
/// for bad in [-1.0, 101.0, f64::NAN] {
///     assert!(EqVas::new(bad).is_err());
/// }
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct EqVas(f64);

impl EqVas {
    /// Validates a value.
    pub fn new(value: f64) -> Result<EqVas> {
        if value.is_finite() && (0.0..=100.0).contains(&value) {
            Ok(EqVas(value))
        } else {
            Err(Error::InvalidVas {
                value: format_float(value),
            })
        }
    }

    /// The value.
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::EqVas::new(50.5)?.value(), 50.5);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn value(self) -> f64 {
        self.0
    }

    /// Validates a column of EQ VAS values of any numeric type: `NaN` is missing; values
    /// outside 0..=100 are errors naming the row. Returns the values as `f64` (NaN where missing)
    /// or, in raise mode, an [`Error::Rows`] listing every bad row.
    ///
    /// ```
    /// use groupwell::eq5d::{EqVas, ErrorMode};
    /// let (v, errors) = EqVas::validate_column(&[50.0, f64::NAN, 101.0], ErrorMode::Coerce)?;
    /// assert_eq!(v[0], 50.0);
    /// assert!(v[1].is_nan() && v[2].is_nan());
    /// assert_eq!(errors[0].row, 2);
    /// assert!(EqVas::validate_column(&[101i32], ErrorMode::Raise).is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn validate_column<T: LevelInput>(
        values: &[T],
        mode: super::ErrorMode,
    ) -> Result<(Vec<f64>, Vec<crate::error::RowError>)> {
        let mut out = Vec::with_capacity(values.len());
        let mut errors = Vec::new();
        for (row, &v) in values.iter().enumerate() {
            let x = match v.numeric() {
                Numeric::Missing => {
                    out.push(f64::NAN);
                    continue;
                }
                Numeric::Int(i) => i as f64,
                Numeric::Fraction(x) | Numeric::Infinite(x) => x,
                _ => f64::NAN,
            };
            match EqVas::new(x) {
                Ok(ok) => out.push(ok.value()),
                Err(_) => {
                    let e = Error::InvalidVas {
                        value: v.describe(),
                    };
                    errors.push(crate::error::RowError {
                        row,
                        field: "EQ VAS".into(),
                        error: Box::new(e),
                    });
                    out.push(f64::NAN);
                }
            }
        }
        if mode == super::ErrorMode::Raise && !errors.is_empty() {
            return Err(Error::Rows { errors });
        }
        Ok((out, errors))
    }
}
