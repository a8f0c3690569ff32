//! Change between two timepoints of a scored measure: improved, unchanged or worsened.
//!
//! A measure has a direction (for the EQ VAS and the EQ-5D index higher is better; for SCI-93
//! higher is worse). A change counts under one of three [`Threshold`]s:
//! - [`Threshold::Strict`]: any difference;
//! - [`Threshold::Absolute`]: a difference of at least a minimal important difference (MID);
//! - [`Threshold::Reliable`]: the Jacobson & Truax reliable change index,
//!   `SEM = SD·√(1−r)`, `RC = Δ / (√2·SEM)`, a change when `|RC| > 1.96`.
//!
//! Presets, with their sources: [`Threshold::eq_vas_mid`] (7 points; Pickard et al. 2007,
//! doi:10.1186/1477-7525-5-70), [`Threshold::eq5d_index_mid`] (0.074; Walters & Brazier 2005,
//! doi:10.1007/s11136-004-7713-0), [`Threshold::sci93_reliable`] (reliability 0.95, Ericsson,
//! Nyström & Mannerkorpi 2015, doi:10.3109/08039488.2014.915580, with the SD supplied by the
//! user, e.g. the sample's baseline SD).
//!
//! Differences are compared with a MID after removing floating-point noise (differences within
//! 1e-9 of the MID count as equal to it, so `0.7 − 0.626` is a change of exactly 0.074), and a
//! change *exactly at* the MID counts as a change. The reliable change index must exceed 1.96
//! strictly.
//!
//! ```
//! use groupwell::change::{classify, ChangeClass, Direction, Threshold};
//! // EQ VAS 60 → 67: exactly the MID of 7 points, an improvement.
//! let c = classify(60.0, 67.0, Direction::HigherIsBetter, Threshold::eq_vas_mid())?;
//! assert_eq!(c, Some(ChangeClass::Improved));
//! // SCI-93 80 → 70 with a baseline SD of 21.3: RC = −10 / (√2 · 21.3 · √0.05) ≈ −1.48.
//! let c = classify(80.0, 70.0, Direction::HigherIsWorse, Threshold::sci93_reliable(21.3))?;
//! assert_eq!(c, Some(ChangeClass::Unchanged));
//! # Ok::<(), groupwell::Error>(())
//! ```

use std::fmt;

use crate::error::{Error, Result, RowError};

/// Which way is better for a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher scores are better (EQ VAS, EQ-5D index).
    HigherIsBetter,
    /// Higher scores are worse (SCI-93: more stress symptoms).
    HigherIsWorse,
}

impl std::str::FromStr for Direction {
    type Err = Error;
    /// `higher_is_better`/`higher is better`/`better`, `higher_is_worse`/`worse`.
    ///
    /// ```
    /// use groupwell::change::Direction;
    /// assert_eq!("higher is worse".parse::<Direction>()?, Direction::HigherIsWorse);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Direction> {
        let k: String = s
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        match k.as_str() {
            "higherisbetter" | "better" => Ok(Direction::HigherIsBetter),
            "higherisworse" | "worse" => Ok(Direction::HigherIsWorse),
            _ => Err(Error::InvalidArgument {
                argument: "direction".into(),
                value: format!("{s:?}"),
                expected: "\"higher_is_better\" or \"higher_is_worse\"".into(),
            }),
        }
    }
}

/// When a difference counts as a change.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Threshold {
    /// Any difference.
    Strict,
    /// A difference of at least this minimal important difference (in the measure's units).
    Absolute {
        /// The MID, a positive number.
        mid: f64,
    },
    /// The Jacobson & Truax reliable change index beyond 1.96.
    Reliable {
        /// The standard deviation of the measure (e.g. the sample's baseline SD).
        sd: f64,
        /// The measure's reliability `r` (test–retest or internal consistency), in `0..1`.
        reliability: f64,
    },
}

impl Threshold {
    /// EQ VAS: a MID of 7 points (Pickard et al. 2007, doi:10.1186/1477-7525-5-70).
    ///
    /// ```
    /// assert_eq!(groupwell::change::Threshold::eq_vas_mid(), groupwell::change::Threshold::Absolute { mid: 7.0 });
    /// ```
    pub const fn eq_vas_mid() -> Threshold {
        Threshold::Absolute { mid: 7.0 }
    }

    /// EQ-5D index: a MID of 0.074 (Walters & Brazier 2005, doi:10.1007/s11136-004-7713-0).
    ///
    /// ```
    /// assert_eq!(groupwell::change::Threshold::eq5d_index_mid(), groupwell::change::Threshold::Absolute { mid: 0.074 });
    /// ```
    pub const fn eq5d_index_mid() -> Threshold {
        Threshold::Absolute { mid: 0.074 }
    }

    /// SCI-93: reliable change with reliability 0.95 (test–retest ICC, Ericsson, Nyström &
    /// Mannerkorpi 2015, doi:10.3109/08039488.2014.915580) and the SD you supply.
    ///
    /// ```
    /// use groupwell::change::Threshold;
    /// assert_eq!(Threshold::sci93_reliable(20.0), Threshold::Reliable { sd: 20.0, reliability: 0.95 });
    /// ```
    pub const fn sci93_reliable(sd: f64) -> Threshold {
        Threshold::Reliable {
            sd,
            reliability: 0.95,
        }
    }

    /// Checks the parameters: a MID and an SD must be positive and finite, a reliability in
    /// `0..1` (1 would make every difference reliable).
    ///
    /// ```
    /// use groupwell::change::Threshold;
    /// assert!(Threshold::Absolute { mid: 0.0 }.validate().is_err());
    /// assert!(Threshold::Reliable { sd: 10.0, reliability: 1.0 }.validate().is_err());
    /// assert!(Threshold::eq_vas_mid().validate().is_ok());
    /// ```
    pub fn validate(&self) -> Result<()> {
        let bad = |argument: &str, value: f64, expected: &str| {
            Err(Error::InvalidArgument {
                argument: argument.into(),
                value: value.to_string(),
                expected: expected.into(),
            })
        };
        match *self {
            Threshold::Strict => Ok(()),
            Threshold::Absolute { mid } if !(mid.is_finite() && mid > 0.0) => {
                bad("mid", mid, "a positive number")
            }
            Threshold::Absolute { .. } => Ok(()),
            Threshold::Reliable { sd, .. } if !(sd.is_finite() && sd > 0.0) => {
                bad("sd", sd, "a positive number")
            }
            Threshold::Reliable { reliability, .. } if !(0.0..1.0).contains(&reliability) => {
                bad("reliability", reliability, "a number in 0..1 (1 excluded)")
            }
            Threshold::Reliable { .. } => Ok(()),
        }
    }
}

/// The class of a change.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ChangeClass {
    /// Better by at least the threshold.
    Improved,
    /// Within the threshold.
    Unchanged,
    /// Worse by at least the threshold.
    Worsened,
}

impl ChangeClass {
    /// `improved`, `unchanged`, `worsened`.
    ///
    /// ```
    /// assert_eq!(groupwell::change::ChangeClass::Worsened.name(), "worsened");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            ChangeClass::Improved => "improved",
            ChangeClass::Unchanged => "unchanged",
            ChangeClass::Worsened => "worsened",
        }
    }

    /// Whether the change meets "maintained or improved" (the usual goal wording).
    ///
    /// ```
    /// assert!(groupwell::change::ChangeClass::Unchanged.maintained_or_improved());
    /// ```
    pub const fn maintained_or_improved(self) -> bool {
        !matches!(self, ChangeClass::Worsened)
    }
}

impl fmt::Display for ChangeClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The Jacobson & Truax reliable change index `(follow_up − baseline) / (√2 · SD · √(1 − r))`.
///
/// A plain formula: with `sd ≤ 0` or a reliability outside `0..1` the result is infinite or
/// `NaN`. [`Threshold::validate`] (called by [`classify`]) checks the parameters; use it first
/// when they come from a user.
///
/// ```
/// use groupwell::change::reliable_change_index;
/// let rc = reliable_change_index(80.0, 60.0, 20.0, 0.95);
/// assert!((rc - (-20.0 / (2f64.sqrt() * 20.0 * 0.05f64.sqrt()))).abs() < 1e-12);
/// ```
pub fn reliable_change_index(baseline: f64, follow_up: f64, sd: f64, reliability: f64) -> f64 {
    let sem = sd * (1.0 - reliability).sqrt();
    (follow_up - baseline) / (std::f64::consts::SQRT_2 * sem)
}

/// The critical value of the reliable change index (two-sided 5%).
pub const RELIABLE_CHANGE_CRITICAL: f64 = 1.96;

const NOISE: f64 = 1e-9;

/// Classifies one change. `NaN` at either timepoint (missing) gives `Ok(None)`; an invalid
/// threshold or an infinite score is an error.
///
/// ```
/// use groupwell::change::{classify, ChangeClass, Direction, Threshold};
/// assert_eq!(classify(0.7, 0.626, Direction::HigherIsBetter, Threshold::eq5d_index_mid())?, Some(ChangeClass::Worsened));
/// assert_eq!(classify(0.7, 0.627, Direction::HigherIsBetter, Threshold::eq5d_index_mid())?, Some(ChangeClass::Unchanged));
/// assert_eq!(classify(5.0, 5.0, Direction::HigherIsWorse, Threshold::Strict)?, Some(ChangeClass::Unchanged));
/// assert_eq!(classify(f64::NAN, 5.0, Direction::HigherIsWorse, Threshold::Strict)?, None);
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn classify(
    baseline: f64,
    follow_up: f64,
    direction: Direction,
    threshold: Threshold,
) -> Result<Option<ChangeClass>> {
    threshold.validate()?;
    classify_valid(baseline, follow_up, direction, threshold)
}

fn classify_valid(
    baseline: f64,
    follow_up: f64,
    direction: Direction,
    threshold: Threshold,
) -> Result<Option<ChangeClass>> {
    if baseline.is_nan() || follow_up.is_nan() {
        return Ok(None);
    }
    for (field, v) in [("baseline", baseline), ("follow_up", follow_up)] {
        if v.is_infinite() {
            return Err(Error::InvalidArgument {
                argument: field.into(),
                value: v.to_string(),
                expected: "a finite score".into(),
            });
        }
    }
    let delta = follow_up - baseline;
    let changed = match threshold {
        Threshold::Strict => delta != 0.0,
        Threshold::Absolute { mid } => delta.abs() >= mid - NOISE * mid.max(1.0),
        Threshold::Reliable { sd, reliability } => {
            reliable_change_index(baseline, follow_up, sd, reliability).abs()
                > RELIABLE_CHANGE_CRITICAL
        }
    };
    if !changed {
        return Ok(Some(ChangeClass::Unchanged));
    }
    let better = match direction {
        Direction::HigherIsBetter => delta > 0.0,
        Direction::HigherIsWorse => delta < 0.0,
    };
    Ok(Some(if better {
        ChangeClass::Improved
    } else {
        ChangeClass::Worsened
    }))
}

/// Classifies many changes (`NaN` = missing → `None`). Unequal lengths are an error; an infinite
/// score is an error naming its row (every bad row is listed).
///
/// ```
/// use groupwell::change::{classify_all, ChangeClass, Direction, Threshold};
/// let c = classify_all(&[50.0, 60.0, f64::NAN], &[60.0, 55.0, 70.0], Direction::HigherIsBetter, Threshold::eq_vas_mid())?;
/// assert_eq!(c, [Some(ChangeClass::Improved), Some(ChangeClass::Unchanged), None]);
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn classify_all(
    baseline: &[f64],
    follow_up: &[f64],
    direction: Direction,
    threshold: Threshold,
) -> Result<Vec<Option<ChangeClass>>> {
    threshold.validate()?;
    if baseline.len() != follow_up.len() {
        return Err(Error::LengthMismatch {
            field: "follow_up".into(),
            expected: baseline.len(),
            found: follow_up.len(),
        });
    }
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(baseline.len());
    for (row, (&a, &b)) in baseline.iter().zip(follow_up).enumerate() {
        match classify_valid(a, b, direction, threshold) {
            Ok(c) => out.push(c),
            Err(e) => {
                let field = match &e {
                    Error::InvalidArgument { argument, .. } => argument.clone(),
                    _ => "score".into(),
                };
                errors.push(RowError {
                    row,
                    field,
                    error: Box::new(e),
                });
                out.push(None);
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::Rows { errors })
    }
}
