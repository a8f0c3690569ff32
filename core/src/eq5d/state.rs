//! The descriptive system: instruments, dimensions, levels and states.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, StateProblem};

/// An EQ-5D descriptive system.
///
/// ```
/// use groupwell::eq5d::Instrument;
/// assert_eq!(Instrument::Eq5d5l.levels(), 5);
/// assert_eq!(Instrument::Eq5d3l.states(), 243);
/// assert_eq!("5L".parse::<Instrument>().unwrap(), Instrument::Eq5d5l);
/// assert_eq!(Instrument::Eq5dY3l.to_string(), "EQ-5D-Y-3L");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Instrument {
    /// EQ-5D-3L: five dimensions, three levels.
    #[serde(rename = "EQ-5D-3L")]
    Eq5d3l,
    /// EQ-5D-5L: five dimensions, five levels.
    #[serde(rename = "EQ-5D-5L")]
    Eq5d5l,
    /// EQ-5D-Y-3L, the youth version with three levels.
    #[serde(rename = "EQ-5D-Y-3L")]
    Eq5dY3l,
    /// EQ-5D-Y-5L, the youth version with five levels (descriptive system only: no value sets).
    #[serde(rename = "EQ-5D-Y-5L")]
    Eq5dY5l,
}

impl Instrument {
    /// Every instrument.
    pub const ALL: [Instrument; 4] = [
        Instrument::Eq5d3l,
        Instrument::Eq5d5l,
        Instrument::Eq5dY3l,
        Instrument::Eq5dY5l,
    ];

    /// Number of levels per dimension (3 or 5).
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::Instrument::Eq5dY3l.levels(), 3);
    /// ```
    pub const fn levels(self) -> u8 {
        match self {
            Instrument::Eq5d3l | Instrument::Eq5dY3l => 3,
            Instrument::Eq5d5l | Instrument::Eq5dY5l => 5,
        }
    }

    /// Number of distinct states, `levels^5` (243 or 3125).
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::Instrument::Eq5d5l.states(), 3125);
    /// ```
    pub const fn states(self) -> u16 {
        match self.levels() {
            3 => 243,
            _ => 3125,
        }
    }

    /// The official name, e.g. `EQ-5D-5L`.
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::Instrument::Eq5d5l.name(), "EQ-5D-5L");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Instrument::Eq5d3l => "EQ-5D-3L",
            Instrument::Eq5d5l => "EQ-5D-5L",
            Instrument::Eq5dY3l => "EQ-5D-Y-3L",
            Instrument::Eq5dY5l => "EQ-5D-Y-5L",
        }
    }

    /// The short name used in value-set ids: `3L`, `5L`, `Y3L`, `Y5L`.
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::Instrument::Eq5dY3l.short_name(), "Y3L");
    /// ```
    pub const fn short_name(self) -> &'static str {
        match self {
            Instrument::Eq5d3l => "3L",
            Instrument::Eq5d5l => "5L",
            Instrument::Eq5dY3l => "Y3L",
            Instrument::Eq5dY5l => "Y5L",
        }
    }
}

impl fmt::Display for Instrument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Instrument {
    type Err = Error;

    /// Accepts the official names and the short forms (`3L`, `5L`, `Y3L`, `Y-3L`, `Y5L`),
    /// case-insensitively.
    fn from_str(s: &str) -> Result<Self> {
        let key: String = s
            .trim()
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect();
        let key = key.strip_prefix("eq5d").unwrap_or(&key);
        match key {
            "3l" => Ok(Instrument::Eq5d3l),
            "5l" => Ok(Instrument::Eq5d5l),
            "y3l" | "y" => Ok(Instrument::Eq5dY3l),
            "y5l" => Ok(Instrument::Eq5dY5l),
            _ => Err(Error::InvalidArgument {
                argument: "instrument".into(),
                value: format!("{s:?}"),
                expected: "one of EQ-5D-3L, EQ-5D-5L, EQ-5D-Y-3L, EQ-5D-Y-5L (or 3L, 5L, Y3L, Y5L)"
                    .into(),
            }),
        }
    }
}

/// One of the five EQ-5D dimensions, in questionnaire order.
///
/// ```
/// use groupwell::eq5d::Dimension;
/// assert_eq!(Dimension::ALL.map(|d| d.code()), ["MO", "SC", "UA", "PD", "AD"]);
/// assert_eq!(Dimension::Pd.name(), "pain/discomfort");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Dimension {
    /// Mobility.
    #[serde(rename = "MO")]
    Mo,
    /// Self-care.
    #[serde(rename = "SC")]
    Sc,
    /// Usual activities.
    #[serde(rename = "UA")]
    Ua,
    /// Pain/discomfort.
    #[serde(rename = "PD")]
    Pd,
    /// Anxiety/depression.
    #[serde(rename = "AD")]
    Ad,
}

impl Dimension {
    /// The five dimensions in order MO, SC, UA, PD, AD.
    pub const ALL: [Dimension; 5] = [
        Dimension::Mo,
        Dimension::Sc,
        Dimension::Ua,
        Dimension::Pd,
        Dimension::Ad,
    ];

    /// Two-letter code (`MO`, `SC`, `UA`, `PD`, `AD`).
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::Dimension::Ua.code(), "UA");
    /// ```
    pub const fn code(self) -> &'static str {
        match self {
            Dimension::Mo => "MO",
            Dimension::Sc => "SC",
            Dimension::Ua => "UA",
            Dimension::Pd => "PD",
            Dimension::Ad => "AD",
        }
    }

    /// The dimension's name in English (not the questionnaire wording).
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::Dimension::Ad.name(), "anxiety/depression");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Dimension::Mo => "mobility",
            Dimension::Sc => "self-care",
            Dimension::Ua => "usual activities",
            Dimension::Pd => "pain/discomfort",
            Dimension::Ad => "anxiety/depression",
        }
    }

    /// 0-based position (MO = 0 … AD = 4).
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::Dimension::Pd.index(), 3);
    /// ```
    pub const fn index(self) -> usize {
        self as usize
    }

    /// Reads a dimension code or name, case-insensitively (`mo`, `Mobility`, `self-care`, ...).
    ///
    /// ```
    /// use groupwell::eq5d::Dimension;
    /// assert_eq!(Dimension::from_name("Self-care"), Some(Dimension::Sc));
    /// assert_eq!(Dimension::from_name("pd"), Some(Dimension::Pd));
    /// ```
    pub fn from_name(s: &str) -> Option<Dimension> {
        let key: String = s
            .trim()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        match key.as_str() {
            "mo" | "mobility" => Some(Dimension::Mo),
            "sc" | "selfcare" => Some(Dimension::Sc),
            "ua" | "usualactivities" | "activity" | "activities" => Some(Dimension::Ua),
            "pd" | "pain" | "paindiscomfort" => Some(Dimension::Pd),
            "ad" | "anxiety" | "anxietydepression" => Some(Dimension::Ad),
            _ => None,
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A validated EQ-5D health state: five levels of one instrument.
///
/// States are written as five digits in the order MO SC UA PD AD (`11223`). Each has a compact
/// *code* in `0..243` (3L) or `0..3125` (5L), with MO the most significant digit and AD changing
/// fastest, so `11111` is 0 and the code is the row of the state in a full value-set table.
///
/// ```
/// use groupwell::eq5d::{Instrument, State};
///
/// let s = State::parse(Instrument::Eq5d5l, "11223")?;
/// assert_eq!(s.levels(), [1, 1, 2, 2, 3]);
/// assert_eq!(s.code(), 32);
/// assert_eq!(State::from_code(Instrument::Eq5d5l, 32)?, s);
/// assert_eq!(s.to_string(), "11223");
/// assert_eq!(s.level_sum(), 9);
/// assert_eq!(s.level_frequency(), "22100");
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct State {
    instrument: Instrument,
    levels: [u8; 5],
}

impl State {
    /// A state from five levels, each checked against the instrument's range.
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, State};
    /// assert!(State::new(Instrument::Eq5d3l, [1, 2, 3, 1, 1]).is_ok());
    /// assert!(State::new(Instrument::Eq5d3l, [1, 2, 4, 1, 1]).is_err());
    /// ```
    pub fn new(instrument: Instrument, levels: [u8; 5]) -> Result<State> {
        let max = instrument.levels();
        for (dim, &l) in Dimension::ALL.iter().zip(levels.iter()) {
            if l == 0 || l > max {
                return Err(Error::InvalidLevel {
                    dimension: *dim,
                    value: l.to_string(),
                    instrument,
                    max,
                });
            }
        }
        Ok(State { instrument, levels })
    }

    /// A state from five numeric levels of any type; `2.5`, `NaN` or `-1` are errors, never
    /// truncated.
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, State};
    /// assert!(State::from_levels(Instrument::Eq5d5l, [1.0, 2.0, 3.0, 4.0, 5.0]).is_ok());
    /// assert!(State::from_levels(Instrument::Eq5d5l, [1.0, 2.5, 3.0, 4.0, 5.0]).is_err());
    /// ```
    pub fn from_levels<T: LevelInput>(instrument: Instrument, levels: [T; 5]) -> Result<State> {
        let mut out = [0u8; 5];
        for ((dim, value), slot) in Dimension::ALL.iter().zip(levels).zip(out.iter_mut()) {
            *slot = value
                .to_level(*dim, instrument)?
                .ok_or_else(|| Error::InvalidLevel {
                    dimension: *dim,
                    value: "missing".into(),
                    instrument,
                    max: instrument.levels(),
                })?;
        }
        Ok(State {
            instrument,
            levels: out,
        })
    }

    /// Reads five level digits, e.g. `"11223"`. Surrounding or inner spaces, signs and other
    /// characters are errors: the input must be exactly five digits.
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, State};
    /// assert!(State::parse(Instrument::Eq5d3l, "12321").is_ok());
    /// for bad in ["", "1234", "123456", " 12345", "abcde", "12345"] {
    ///     assert!(State::parse(Instrument::Eq5d3l, bad).is_err(), "{bad}");
    /// }
    /// ```
    pub fn parse(instrument: Instrument, s: &str) -> Result<State> {
        let bad = |reason| Error::InvalidState {
            input: s.to_string(),
            instrument,
            reason,
        };
        if s.is_empty() {
            return Err(bad(StateProblem::Empty));
        }
        let bytes = s.as_bytes();
        if let Some(position) = s.chars().position(|c| !c.is_ascii_digit()) {
            return Err(bad(StateProblem::NotADigit { position }));
        }
        if bytes.len() != 5 {
            return Err(bad(StateProblem::WrongLength { found: bytes.len() }));
        }
        let mut levels = [0u8; 5];
        for (slot, b) in levels.iter_mut().zip(bytes) {
            *slot = b - b'0';
        }
        State::new(instrument, levels)
    }

    /// Reads a five-digit integer such as `11223`.
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, State};
    /// assert_eq!(State::from_number(Instrument::Eq5d5l, 55555)?.code(), 3124);
    /// assert!(State::from_number(Instrument::Eq5d5l, 1234).is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn from_number(instrument: Instrument, n: i64) -> Result<State> {
        if !(10_000..=99_999).contains(&n) {
            let digits = if n < 0 { 0 } else { n.to_string().len() };
            let reason = if n < 0 {
                StateProblem::NotAnInteger
            } else {
                StateProblem::WrongLength { found: digits }
            };
            return Err(Error::InvalidState {
                input: n.to_string(),
                instrument,
                reason,
            });
        }
        let mut levels = [0u8; 5];
        let mut rest = n;
        for slot in levels.iter_mut().rev() {
            *slot = (rest % 10) as u8;
            rest /= 10;
        }
        State::new(instrument, levels)
    }

    /// The state with the given compact code (`0..243` or `0..3125`).
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, State};
    /// assert_eq!(State::from_code(Instrument::Eq5d3l, 242)?.to_string(), "33333");
    /// assert!(State::from_code(Instrument::Eq5d3l, 243).is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn from_code(instrument: Instrument, code: u16) -> Result<State> {
        if code >= instrument.states() {
            return Err(Error::InvalidStateCode {
                code: code.to_string(),
                instrument,
                states: instrument.states(),
            });
        }
        Ok(State {
            instrument,
            levels: levels_of_code(code, instrument.levels()),
        })
    }

    /// Every state of an instrument in code order (`11111` first, AD changing fastest).
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, State};
    /// let all: Vec<State> = State::all(Instrument::Eq5d3l).collect();
    /// assert_eq!(all.len(), 243);
    /// assert_eq!(all[1].to_string(), "11112");
    /// ```
    pub fn all(instrument: Instrument) -> impl ExactSizeIterator<Item = State> {
        let l = instrument.levels();
        (0..instrument.states()).map(move |code| State {
            instrument,
            levels: levels_of_code(code, l),
        })
    }

    /// The instrument this state belongs to.
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, State};
    /// assert_eq!(State::parse(Instrument::Eq5d5l, "11111")?.instrument(), Instrument::Eq5d5l);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub const fn instrument(&self) -> Instrument {
        self.instrument
    }

    /// The five levels, MO first.
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, State};
    /// assert_eq!(State::parse(Instrument::Eq5d5l, "12345")?.levels(), [1, 2, 3, 4, 5]);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub const fn levels(&self) -> [u8; 5] {
        self.levels
    }

    /// The level of one dimension.
    ///
    /// ```
    /// use groupwell::eq5d::{Dimension, Instrument, State};
    /// assert_eq!(State::parse(Instrument::Eq5d5l, "12345")?.level(Dimension::Pd), 4);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn level(&self, dimension: Dimension) -> u8 {
        let [mo, sc, ua, pd, ad] = self.levels;
        match dimension {
            Dimension::Mo => mo,
            Dimension::Sc => sc,
            Dimension::Ua => ua,
            Dimension::Pd => pd,
            Dimension::Ad => ad,
        }
    }

    /// The compact code: row of this state in a full table.
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, State};
    /// assert_eq!(State::parse(Instrument::Eq5d3l, "11121")?.code(), 3);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn code(&self) -> u16 {
        code_of_levels(self.levels, self.instrument.levels())
    }

    /// The state as a five-digit integer, e.g. `11223`.
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, State};
    /// assert_eq!(State::parse(Instrument::Eq5d3l, "11223")?.number(), 11223);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn number(&self) -> u32 {
        self.levels
            .iter()
            .fold(0u32, |acc, &l| acc * 10 + u32::from(l))
    }

    /// Level sum score (LSS): the sum of the five levels (5..=15 for 3L, 5..=25 for 5L).
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, State};
    /// assert_eq!(State::parse(Instrument::Eq5d5l, "55555")?.level_sum(), 25);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn level_sum(&self) -> u8 {
        self.levels.iter().sum()
    }

    /// Level frequency score (LFS): how many dimensions are at each level, written as one digit
    /// per level from level 1 up (three digits for 3L, five for 5L). `11223` → `"221"` (3L).
    ///
    /// ```
    /// use groupwell::eq5d::{Instrument, State};
    /// assert_eq!(State::parse(Instrument::Eq5d3l, "11223")?.level_frequency(), "221");
    /// assert_eq!(State::parse(Instrument::Eq5d5l, "55555")?.level_frequency(), "00005");
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn level_frequency(&self) -> String {
        let mut counts = [0u8; 5];
        for &l in &self.levels {
            if let Some(c) = counts.get_mut(usize::from(l) - 1) {
                *c += 1;
            }
        }
        counts
            .iter()
            .take(usize::from(self.instrument.levels()))
            .map(|c| char::from(b'0' + c))
            .collect()
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for l in self.levels {
            write!(f, "{l}")?;
        }
        Ok(())
    }
}

/// Levels of a code; `code` must be below `levels^5`.
pub(crate) fn levels_of_code(code: u16, levels: u8) -> [u8; 5] {
    let l = u16::from(levels);
    let mut out = [0u8; 5];
    let mut rest = code;
    for slot in out.iter_mut().rev() {
        *slot = (rest % l) as u8 + 1;
        rest /= l;
    }
    out
}

/// Code of valid levels.
pub(crate) fn code_of_levels(levels: [u8; 5], l: u8) -> u16 {
    let l = u16::from(l);
    levels
        .iter()
        .fold(0u16, |acc, &x| acc * l + u16::from(x) - 1)
}

/// What a numeric input value means: a whole number, missing, or invalid.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Numeric {
    /// Text that is not a number (from text input such as CSV cells).
    NotANumber,
    /// A whole number (possibly out of any valid range).
    Int(i128),
    /// Missing: a float NaN.
    Missing,
    /// A finite number with a fractional part, such as `2.5`.
    Fraction(f64),
    /// An infinite float.
    Infinite(f64),
}

/// Numeric types accepted as levels, state codes and five-digit states in batch calls.
///
/// Integers are taken as they are; floats must be whole numbers (`2.0` is level 2, `2.7` is an
/// error, never level 2); a float `NaN` means *missing*.
///
/// ```
/// use groupwell::eq5d::{Dimension, Instrument, LevelInput};
/// assert_eq!(3u8.to_level(Dimension::Mo, Instrument::Eq5d3l)?, Some(3));
/// assert_eq!(f64::NAN.to_level(Dimension::Mo, Instrument::Eq5d3l)?, None);
/// assert!(2.7f64.to_level(Dimension::Mo, Instrument::Eq5d3l).is_err());
/// # Ok::<(), groupwell::Error>(())
/// ```
pub trait LevelInput: Copy {
    /// Classifies the value.
    fn numeric(self) -> Numeric;

    /// The value as written, for error messages (`2.5`, `"two"`, `inf`).
    fn describe(self) -> String {
        match self.numeric() {
            Numeric::Int(i) => i.to_string(),
            Numeric::Fraction(x) | Numeric::Infinite(x) => format_float(x),
            Numeric::Missing => "missing".into(),
            Numeric::NotANumber => "(not a number)".into(),
        }
    }

    /// `level − 1` as a `u32` when the value is a whole number ≥ 1 that fits, else `u32::MAX`:
    /// one unsigned compare against the level count then validates it. The batch kernels' fast
    /// path; [`to_level`](Self::to_level) explains a rejected value.
    #[inline(always)]
    fn level_offset(self) -> u32 {
        match self.numeric() {
            Numeric::Int(i) => u32::try_from(i).unwrap_or(0).wrapping_sub(1),
            _ => u32::MAX,
        }
    }

    /// The value as an `i64` when it is a whole number that fits, else `None` (missing values,
    /// fractions, text that is not a number...). A fast path for summed scales; the callers
    /// explain a `None` through [`numeric`](Self::numeric).
    #[inline(always)]
    fn whole(self) -> Option<i64> {
        match self.numeric() {
            Numeric::Int(i) => i64::try_from(i).ok(),
            _ => None,
        }
    }

    /// The value as a level of `instrument` (`None` when missing), or an error naming the
    /// dimension.
    fn to_level(self, dimension: Dimension, instrument: Instrument) -> Result<Option<u8>> {
        level_from_numeric(self.numeric(), dimension, instrument)
    }
}

fn level_from_numeric(
    n: Numeric,
    dimension: Dimension,
    instrument: Instrument,
) -> Result<Option<u8>> {
    let max = instrument.levels();
    let invalid = |value: String| Error::InvalidLevel {
        dimension,
        value,
        instrument,
        max,
    };
    match n {
        Numeric::Int(i) if (1..=i128::from(max)).contains(&i) => Ok(Some(i as u8)),
        Numeric::Int(i) => Err(invalid(i.to_string())),
        Numeric::Missing => Ok(None),
        Numeric::Fraction(x) | Numeric::Infinite(x) => Err(invalid(format_float(x))),
        Numeric::NotANumber => Err(invalid("(not a number)".into())),
    }
}

/// Text cells (CSV, spreadsheets): surrounding spaces are ignored, an empty cell or `NA` is
/// missing, `"2"` and `"2.0"` are level 2, `"2.5"` and `"two"` are errors.
///
/// ```
/// use groupwell::eq5d::{Dimension, Instrument, LevelInput};
/// assert_eq!(" 3 ".to_level(Dimension::Mo, Instrument::Eq5d5l)?, Some(3));
/// assert_eq!("".to_level(Dimension::Mo, Instrument::Eq5d5l)?, None);
/// assert!("two".to_level(Dimension::Mo, Instrument::Eq5d5l).is_err());
/// # Ok::<(), groupwell::Error>(())
/// ```
impl LevelInput for &str {
    fn numeric(self) -> Numeric {
        let t = self.trim();
        if t.is_empty() || t == "NA" || t == "NaN" {
            return Numeric::Missing;
        }
        if let Ok(i) = t.parse::<i128>() {
            return Numeric::Int(i);
        }
        match t.parse::<f64>() {
            Ok(x) => x.numeric(),
            Err(_) => Numeric::NotANumber,
        }
    }

    fn describe(self) -> String {
        format!("{:?}", self.trim())
    }

    fn to_level(self, dimension: Dimension, instrument: Instrument) -> Result<Option<u8>> {
        match self.numeric() {
            Numeric::NotANumber => Err(Error::InvalidLevel {
                dimension,
                value: self.describe(),
                instrument,
                max: instrument.levels(),
            }),
            n => level_from_numeric(n, dimension, instrument),
        }
    }
}

pub(crate) fn format_float(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf".into() } else { "-inf".into() }
    } else {
        format!("{x}")
    }
}

macro_rules! int_input {
    ($($t:ty),*) => {$(
        impl LevelInput for $t {
            #[inline(always)]
            fn numeric(self) -> Numeric { Numeric::Int(self as i128) }
            #[inline(always)]
            fn level_offset(self) -> u32 {
                // Negatives and values beyond u32 become 0, whose offset wraps to u32::MAX.
                u32::try_from(self).unwrap_or(0).wrapping_sub(1)
            }
            #[inline(always)]
            fn whole(self) -> Option<i64> {
                i64::try_from(self).ok()
            }
        }
    )*};
}
int_input!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

macro_rules! float_input {
    ($($t:ty),*) => {$(
        impl LevelInput for $t {
            #[inline(always)]
            fn numeric(self) -> Numeric {
                if self.is_nan() {
                    Numeric::Missing
                } else if self.is_infinite() {
                    Numeric::Infinite(self as f64)
                } else if self.fract() != 0.0 {
                    Numeric::Fraction(self as f64)
                } else {
                    Numeric::Int(self as i128)
                }
            }
            #[inline(always)]
            fn level_offset(self) -> u32 {
                // `as` saturates (NaN → 0); the round trip rejects fractions and out-of-range
                // values without a call to `trunc`.
                let i = self as u32;
                if i as $t == self { i.wrapping_sub(1) } else { u32::MAX }
            }
            #[inline(always)]
            fn whole(self) -> Option<i64> {
                // `as` saturates (NaN → 0); the round trip keeps only whole numbers that fit.
                let i = self as i64;
                if i as $t == self && i != i64::MAX && i != i64::MIN { Some(i) } else { None }
            }
        }
    )*};
}
float_input!(f32, f64);

impl<T: LevelInput> LevelInput for Option<T> {
    #[inline(always)]
    fn numeric(self) -> Numeric {
        match self {
            Some(v) => v.numeric(),
            None => Numeric::Missing,
        }
    }

    fn describe(self) -> String {
        match self {
            Some(v) => v.describe(),
            None => "missing".into(),
        }
    }

    fn to_level(self, dimension: Dimension, instrument: Instrument) -> Result<Option<u8>> {
        match self {
            Some(v) => v.to_level(dimension, instrument),
            None => Ok(None),
        }
    }

    #[inline(always)]
    fn level_offset(self) -> u32 {
        self.map_or(u32::MAX, LevelInput::level_offset)
    }

    #[inline(always)]
    fn whole(self) -> Option<i64> {
        self.and_then(LevelInput::whole)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_order_matches_tables() {
        let all: Vec<String> = State::all(Instrument::Eq5d5l)
            .map(|s| s.to_string())
            .collect();
        assert_eq!(all.first().map(String::as_str), Some("11111"));
        assert_eq!(all.get(1).map(String::as_str), Some("11112"));
        assert_eq!(all.get(5).map(String::as_str), Some("11121"));
        assert_eq!(all.last().map(String::as_str), Some("55555"));
    }

    #[test]
    fn bad_states_are_errors() {
        use Instrument::*;
        let cases: [(Instrument, &str); 9] = [
            (Eq5d3l, ""),
            (Eq5d3l, "1234"),
            (Eq5d3l, "123456"),
            (Eq5d3l, " 12345"),
            (Eq5d3l, "abcde"),
            (Eq5d3l, "11114"),
            (Eq5d5l, "11116"),
            (Eq5d5l, "01111"),
            (Eq5d5l, "1111٣"),
        ];
        for (inst, s) in cases {
            assert!(State::parse(inst, s).is_err(), "{s:?} should be rejected");
        }
        assert!(matches!(
            State::parse(Eq5d3l, "1234"),
            Err(Error::InvalidState {
                reason: StateProblem::WrongLength { found: 4 },
                ..
            })
        ));
        assert!(matches!(
            State::parse(Eq5d3l, " 12345"),
            Err(Error::InvalidState {
                reason: StateProblem::NotADigit { position: 0 },
                ..
            })
        ));
        assert!(matches!(
            State::parse(Eq5d3l, "11114"),
            Err(Error::InvalidLevel {
                dimension: Dimension::Ad,
                max: 3,
                ..
            })
        ));
    }

    #[test]
    fn numeric_levels() {
        let i = Instrument::Eq5d5l;
        assert!(matches!(
            2.5f64.to_level(Dimension::Sc, i),
            Err(Error::InvalidLevel { .. })
        ));
        assert!(matches!(
            6i32.to_level(Dimension::Sc, i),
            Err(Error::InvalidLevel { .. })
        ));
        assert!(matches!(
            0u8.to_level(Dimension::Sc, i),
            Err(Error::InvalidLevel { .. })
        ));
        assert!(matches!(
            f64::INFINITY.to_level(Dimension::Sc, i),
            Err(Error::InvalidLevel { .. })
        ));
        assert_eq!(f32::NAN.to_level(Dimension::Sc, i).ok(), Some(None));
        assert_eq!(5.0f32.to_level(Dimension::Sc, i).ok(), Some(Some(5)));
        assert_eq!(None::<i64>.to_level(Dimension::Sc, i).ok(), Some(None));
    }
}
