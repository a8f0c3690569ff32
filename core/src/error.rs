//! The crate's one error type.
//!
//! Every fallible function returns [`Result<T>`](crate::Result). Errors are typed by cause and
//! carry what a caller needs to fix the input: the row (0-based) and field, the offending value
//! where it is needed to understand the problem, and what was expected. They never carry
//! participant data beyond that value.

use std::fmt;

use crate::eq5d::{Dimension, Instrument};

/// Result alias used throughout the crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong in groupwell.
///
/// ```
/// use groupwell::eq5d::{Instrument, State};
/// use groupwell::Error;
///
/// let err = State::parse(Instrument::Eq5d3l, "12341").unwrap_err();
/// assert!(matches!(err, Error::InvalidLevel { .. }));
/// assert_eq!(err.to_string(), "PD: level 4 is not valid for EQ-5D-3L (expected an integer 1..=3)");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A level is outside the instrument's range, not an integer, or not finite.
    #[error(
        "{dimension}: level {value} is not valid for {instrument} (expected an integer 1..={max})"
    )]
    InvalidLevel {
        /// The dimension the level belongs to.
        dimension: Dimension,
        /// The value as given (e.g. `4`, `2.5`, `inf`).
        value: String,
        /// The instrument whose range applies.
        instrument: Instrument,
        /// The highest valid level (3 or 5).
        max: u8,
    },
    /// A state string or five-digit number could not be read.
    #[error("state {input:?} is not a valid {instrument} state: {reason}")]
    InvalidState {
        /// The input as given.
        input: String,
        /// The instrument the state was read for.
        instrument: Instrument,
        /// Why it was rejected.
        reason: StateProblem,
    },
    /// A compact state code is outside `0..states`.
    #[error("state code {code} is out of range for {instrument} (expected an integer 0..{states})")]
    InvalidStateCode {
        /// The code as given.
        code: String,
        /// The instrument.
        instrument: Instrument,
        /// Number of states of the instrument (243 or 3125).
        states: u16,
    },
    /// An EQ VAS value is not a number in 0..=100.
    #[error("EQ VAS {value} is not valid (expected a number 0..=100)")]
    InvalidVas {
        /// The value as given.
        value: String,
    },
    /// One or more rows of a batch were invalid (raised in [`ErrorMode::Raise`](crate::eq5d::ErrorMode)).
    /// Every bad row is listed, not only the first.
    #[error("{}", RowsDisplay(.errors))]
    Rows {
        /// Every invalid row, in row order.
        errors: Vec<RowError>,
    },
    /// Columns of one batch call have different lengths.
    #[error(
        "{field} has {found} rows, expected {expected} (all columns must have the same length)"
    )]
    LengthMismatch {
        /// The column that differs.
        field: String,
        /// Length of the first column.
        expected: usize,
        /// Length of this column.
        found: usize,
    },
    /// No value set matches the name.
    #[error("no value set matches {query:?}{}", Suggest(.suggestions))]
    UnknownValueSet {
        /// The name that was looked up.
        query: String,
        /// Ids of similarly named sets.
        suggestions: Vec<String>,
    },
    /// Several value sets match the name.
    #[error("{query:?} is ambiguous: it matches {}; use one of these ids", .candidates.join(", "))]
    AmbiguousValueSet {
        /// The name that was looked up.
        query: String,
        /// Ids of every matching set.
        candidates: Vec<String>,
    },
    /// A value set (or mapping) is for another instrument than the data.
    #[error("{what} is for {expected}, but the data are {found}")]
    InstrumentMismatch {
        /// The value set or mapping, by id.
        what: String,
        /// The instrument it expects.
        expected: Instrument,
        /// The instrument that was given.
        found: Instrument,
    },
    /// The instrument has no value sets (EQ-5D-Y-5L).
    #[error("{instrument} has no value sets yet")]
    NoValueSets {
        /// The instrument.
        instrument: Instrument,
    },
    /// A definition (value set, crosswalk, scale) is invalid.
    #[error("definition {id:?}: {field}: {reason}")]
    InvalidDefinition {
        /// The definition's id (empty if it has none).
        id: String,
        /// The field at fault, e.g. `model.terms.MO6` or `model.values[17]`.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// JSON that does not parse or does not fit the expected shape.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// TOML that does not parse or does not fit the expected shape.
    #[error("invalid TOML at line {line}, column {column}: {message}")]
    Toml {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message, with the path of the value when known.
        message: String,
    },
    /// An argument of a function is outside its domain.
    #[error("{argument} = {value} is not valid: expected {expected}")]
    InvalidArgument {
        /// Argument name.
        argument: String,
        /// The value as given.
        value: String,
        /// What is accepted.
        expected: String,
    },
    /// A feature-gated capability was not compiled in.
    #[error("{what} is not available in this build (enable the cargo feature `{feature}`)")]
    Unavailable {
        /// The capability.
        what: String,
        /// The cargo feature that provides it.
        feature: String,
    },
}

impl Error {
    /// Every value [`Error::kind`] can return; bindings test that each has its own exception
    /// class.
    pub const KINDS: &'static [&'static str] = &[
        "InvalidLevel",
        "InvalidState",
        "InvalidStateCode",
        "InvalidVas",
        "Rows",
        "LengthMismatch",
        "UnknownValueSet",
        "AmbiguousValueSet",
        "InstrumentMismatch",
        "NoValueSets",
        "InvalidDefinition",
        "Json",
        "Toml",
        "InvalidArgument",
        "Unavailable",
    ];

    /// A stable name of the error's cause, equal to the variant name. Bindings map it to their
    /// exception classes; the match here is exhaustive, so a new variant cannot be forgotten.
    ///
    /// ```
    /// use groupwell::eq5d::ValueSet;
    /// let e = ValueSet::get("UK").unwrap_err();
    /// assert_eq!(e.kind(), "AmbiguousValueSet");
    /// assert!(groupwell::Error::KINDS.contains(&e.kind()));
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Error::InvalidLevel { .. } => "InvalidLevel",
            Error::InvalidState { .. } => "InvalidState",
            Error::InvalidStateCode { .. } => "InvalidStateCode",
            Error::InvalidVas { .. } => "InvalidVas",
            Error::Rows { .. } => "Rows",
            Error::LengthMismatch { .. } => "LengthMismatch",
            Error::UnknownValueSet { .. } => "UnknownValueSet",
            Error::AmbiguousValueSet { .. } => "AmbiguousValueSet",
            Error::InstrumentMismatch { .. } => "InstrumentMismatch",
            Error::NoValueSets { .. } => "NoValueSets",
            Error::InvalidDefinition { .. } => "InvalidDefinition",
            Error::Json { .. } => "Json",
            Error::Toml { .. } => "Toml",
            Error::InvalidArgument { .. } => "InvalidArgument",
            Error::Unavailable { .. } => "Unavailable",
        }
    }
}

/// Why a state string or number was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StateProblem {
    /// The input is empty.
    Empty,
    /// The input does not have five digits.
    WrongLength {
        /// Number of characters (or digits) found.
        found: usize,
    },
    /// A character other than a digit.
    NotADigit {
        /// 0-based character position.
        position: usize,
    },
    /// A number that is negative, fractional or not finite.
    NotAnInteger,
}

impl fmt::Display for StateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateProblem::Empty => {
                write!(f, "it is empty (expected five level digits such as 11223)")
            }
            StateProblem::WrongLength { found } => {
                write!(
                    f,
                    "it has {found} characters (expected five level digits such as 11223)"
                )
            }
            StateProblem::NotADigit { position } => write!(
                f,
                "character {} is not a digit (expected five level digits such as 11223, without spaces)",
                position + 1
            ),
            StateProblem::NotAnInteger => {
                write!(
                    f,
                    "it is not a whole number (expected five level digits such as 11223)"
                )
            }
        }
    }
}

/// One invalid row of a batch: its 0-based row number, the field, and the error.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    /// 0-based row number in the input.
    pub row: usize,
    /// The input field (column) at fault, e.g. `MO`, `state`, `code`.
    pub field: String,
    /// What is wrong with it.
    pub error: Box<Error>,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "row {}, {}: {}", self.row, self.field, self.error)
    }
}

struct RowsDisplay<'a>(&'a [RowError]);

impl fmt::Display for RowsDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 5;
        let n = self.0.len();
        let mut rows: Vec<usize> = self.0.iter().map(|e| e.row).collect();
        rows.sort_unstable();
        rows.dedup();
        let r = rows.len();
        write!(f, "{r} invalid row{}", if r == 1 { "" } else { "s" })?;
        if n > r {
            write!(f, " ({n} invalid cells)")?;
        }
        f.write_str(": ")?;
        for (i, e) in self.0.iter().take(SHOWN).enumerate() {
            if i > 0 {
                write!(f, "; ")?;
            }
            write!(f, "{e}")?;
        }
        if n > SHOWN {
            write!(f, "; and {} more (see the error's row list)", n - SHOWN)?;
        }
        Ok(())
    }
}

struct Suggest<'a>(&'a [String]);

impl fmt::Display for Suggest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            write!(f, " (see the catalogue of built-in value sets)")
        } else {
            write!(f, "; did you mean {}?", self.0.join(", "))
        }
    }
}

impl From<serde_path_to_error::Error<serde_json::Error>> for Error {
    /// A serde_json error read with path tracking: `"<path>: <serde_json's message>"`, e.g.
    /// `groups[3].start: ...`.
    fn from(e: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = e.path().to_string();
        let inner = e.into_inner();
        Error::Json {
            line: inner.line(),
            column: inner.column(),
            message: format!("{path}: {inner}"),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        let text = e.to_string();
        // serde_json appends " at line L column C"; keep only the message part.
        let message = match text.rfind(" at line ") {
            Some(pos) => text.get(..pos).unwrap_or(&text).to_string(),
            None => text,
        };
        Error::Json {
            line: e.line(),
            column: e.column(),
            message,
        }
    }
}
