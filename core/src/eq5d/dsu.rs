//! NICE DSU age/sex-specific mappings between EQ-5D-5L and EQ-5D-3L (Hernández-Alava et al.;
//! doi:10.1007/s40273-022-01218-7), for seven countries, in both directions, with and without the
//! copula model variant.
//!
//! The copula mappings give the *expected* value on the other version for a state, an age band
//! and a sex. The published tables also carry a non-copula column per country; in them it holds
//! the input version's own value set (for 5L→3L the country's 5L values, for 3L→5L its 3L
//! values; Japan's 5L column uses the 6-decimal coefficients, up to 0.0187 from `5L_JP_cTTO`),
//! the same for every age band and sex. [`Mapping`] with `copula: false` returns that column, as
//! published, so tables can be reproduced; the mapping proper is `copula: true`.
//!
//! The tables (about 2.3 MB) are compiled in only with the cargo feature `dsu` (on by default;
//! the WebAssembly build leaves it out).

use std::fmt;
use std::str::FromStr;

use super::batch::{check_decimals, check_len, finish, row_error};
use super::state::{Instrument, State};
use super::{BatchOptions, Scored, StateCodes};
use crate::error::{Error, Result};

/// Direction of a DSU mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// EQ-5D-5L responses → expected EQ-5D-3L value.
    FiveToThree,
    /// EQ-5D-3L responses → expected EQ-5D-5L value.
    ThreeToFive,
}

impl Direction {
    /// The instrument of the states that go in.
    ///
    /// ```
    /// use groupwell::eq5d::{dsu::Direction, Instrument};
    /// assert_eq!(Direction::FiveToThree.input(), Instrument::Eq5d5l);
    /// ```
    pub const fn input(self) -> Instrument {
        match self {
            Direction::FiveToThree => Instrument::Eq5d5l,
            Direction::ThreeToFive => Instrument::Eq5d3l,
        }
    }
}

impl FromStr for Direction {
    type Err = Error;
    /// `5L->3L`, `5L to 3L`, `5l_to_3l`, `5to3` (and the reverse), case-insensitively.
    ///
    /// ```
    /// use groupwell::eq5d::dsu::Direction;
    /// assert_eq!("5L->3L".parse::<Direction>()?, Direction::FiveToThree);
    /// assert_eq!("3l to 5l".parse::<Direction>()?, Direction::ThreeToFive);
    /// assert_eq!("EQ-5D-5L -> EQ-5D-3L".parse::<Direction>()?, Direction::FiveToThree);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Direction> {
        let lower = s
            .to_ascii_lowercase()
            .replace("eq-5d-", "")
            .replace("eq5d", "")
            .replace("eq-5d", "");
        let k: String = lower.chars().filter(|c| c.is_ascii_digit()).collect();
        match k.as_str() {
            "53" => Ok(Direction::FiveToThree),
            "35" => Ok(Direction::ThreeToFive),
            _ => Err(Error::InvalidArgument {
                argument: "direction".into(),
                value: format!("{s:?}"),
                expected: "\"5L->3L\" or \"3L->5L\"".into(),
            }),
        }
    }
}

/// The seven countries of the DSU mappings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Country {
    /// United Kingdom (England).
    Uk,
    /// Japan.
    Japan,
    /// South Korea.
    SouthKorea,
    /// The Netherlands.
    Netherlands,
    /// China.
    China,
    /// Spain.
    Spain,
    /// Germany.
    Germany,
}

impl Country {
    /// All seven, in the order of the tables.
    pub const ALL: [Country; 7] = [
        Country::Uk,
        Country::Japan,
        Country::SouthKorea,
        Country::Netherlands,
        Country::China,
        Country::Spain,
        Country::Germany,
    ];

    /// The name used in the published tables (`UK`, `SouthKorea`, ...).
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::dsu::Country::SouthKorea.name(), "SouthKorea");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Country::Uk => "UK",
            Country::Japan => "Japan",
            Country::SouthKorea => "SouthKorea",
            Country::Netherlands => "Netherlands",
            Country::China => "China",
            Country::Spain => "Spain",
            Country::Germany => "Germany",
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Country {
    type Err = Error;
    /// Names or ISO codes, case-insensitively: `UK`/`GB`/`England`, `Japan`/`JP`, `South Korea`/`KR`, ...
    fn from_str(s: &str) -> Result<Country> {
        let k: String = s
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Ok(match k.as_str() {
            "uk" | "gb" | "england" | "unitedkingdom" => Country::Uk,
            "japan" | "jp" => Country::Japan,
            "southkorea" | "korea" | "kr" => Country::SouthKorea,
            "netherlands" | "nl" => Country::Netherlands,
            "china" | "cn" => Country::China,
            "spain" | "es" => Country::Spain,
            "germany" | "de" => Country::Germany,
            _ => {
                return Err(Error::InvalidArgument {
                    argument: "country".into(),
                    value: format!("{s:?}"),
                    expected: "one of UK, Japan, SouthKorea, Netherlands, China, Spain, Germany"
                        .into(),
                });
            }
        })
    }
}

/// Age bands of the DSU mappings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeBand {
    /// 18–34 years.
    Age18To34,
    /// 35–44 years.
    Age35To44,
    /// 45–54 years.
    Age45To54,
    /// 55–64 years.
    Age55To64,
    /// 65 years and older.
    Age65Plus,
}

impl AgeBand {
    /// All bands in order.
    pub const ALL: [AgeBand; 5] = [
        AgeBand::Age18To34,
        AgeBand::Age35To44,
        AgeBand::Age45To54,
        AgeBand::Age55To64,
        AgeBand::Age65Plus,
    ];

    /// The band of an age in whole years; ages below 18 are an error (the mappings are for adults).
    ///
    /// ```
    /// use groupwell::eq5d::dsu::AgeBand;
    /// assert_eq!(AgeBand::from_age(40.0)?, AgeBand::Age35To44);
    /// assert!(AgeBand::from_age(17.0).is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn from_age(age: f64) -> Result<AgeBand> {
        if !age.is_finite() || !(18.0..=130.0).contains(&age) {
            return Err(Error::InvalidArgument {
                argument: "age".into(),
                value: super::state::format_float(age),
                expected: "an adult age in years, 18..=130".into(),
            });
        }
        Ok(match age {
            a if a < 35.0 => AgeBand::Age18To34,
            a if a < 45.0 => AgeBand::Age35To44,
            a if a < 55.0 => AgeBand::Age45To54,
            a if a < 65.0 => AgeBand::Age55To64,
            _ => AgeBand::Age65Plus,
        })
    }

    /// The label used in the published tables (`18-34`, ..., `65+`).
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::dsu::AgeBand::Age65Plus.label(), "65+");
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            AgeBand::Age18To34 => "18-34",
            AgeBand::Age35To44 => "35-44",
            AgeBand::Age45To54 => "45-54",
            AgeBand::Age55To64 => "55-64",
            AgeBand::Age65Plus => "65+",
        }
    }
}

impl FromStr for AgeBand {
    type Err = Error;
    /// Reads a label such as `35-44` or `65+`.
    fn from_str(s: &str) -> Result<AgeBand> {
        AgeBand::ALL
            .into_iter()
            .find(|b| b.label() == s.trim())
            .ok_or_else(|| Error::InvalidArgument {
                argument: "age band".into(),
                value: format!("{s:?}"),
                expected: "one of 18-34, 35-44, 45-54, 55-64, 65+".into(),
            })
    }
}

/// Cells accepted as ages in batch calls: numbers are years (`NaN` is missing); text is a
/// band label (`35-44`, `65+`) or years (`"40"`); empty text, `NA` or `None` is missing.
///
/// ```
/// use groupwell::eq5d::dsu::{AgeBand, AgeCell};
/// assert_eq!(40.0.age_band()?, Some(AgeBand::Age35To44));
/// assert_eq!("65+".age_band()?, Some(AgeBand::Age65Plus));
/// assert_eq!(" 52 ".age_band()?, Some(AgeBand::Age45To54));
/// assert_eq!(f64::NAN.age_band()?, None);
/// assert!("old".age_band().is_err());
/// assert!(12u8.age_band().is_err());
/// # Ok::<(), groupwell::Error>(())
/// ```
pub trait AgeCell: Copy {
    /// The band, `None` when missing, or an error.
    fn age_band(self) -> Result<Option<AgeBand>>;
}

macro_rules! age_number {
    ($($t:ty),*) => {$(
        impl AgeCell for $t {
            #[allow(clippy::cast_lossless, clippy::cast_precision_loss)]
            fn age_band(self) -> Result<Option<AgeBand>> {
                let x = self as f64;
                if x.is_nan() { Ok(None) } else { AgeBand::from_age(x).map(Some) }
            }
        }
    )*};
}
age_number!(u8, u16, u32, u64, i8, i16, i32, i64, f32, f64);

impl AgeCell for &str {
    fn age_band(self) -> Result<Option<AgeBand>> {
        let t = self.trim();
        if t.is_empty() || t == "NA" {
            return Ok(None);
        }
        if let Ok(band) = t.parse::<AgeBand>() {
            return Ok(Some(band));
        }
        match t.parse::<f64>() {
            Ok(x) if !x.is_nan() => AgeBand::from_age(x).map(Some),
            _ => Err(Error::InvalidArgument {
                argument: "age".into(),
                value: format!("{t:?}"),
                expected: "years (18 or more) or a band: 18-34, 35-44, 45-54, 55-64, 65+".into(),
            }),
        }
    }
}

impl AgeCell for AgeBand {
    fn age_band(self) -> Result<Option<AgeBand>> {
        Ok(Some(self))
    }
}

impl<T: AgeCell> AgeCell for Option<T> {
    fn age_band(self) -> Result<Option<AgeBand>> {
        self.map_or(Ok(None), AgeCell::age_band)
    }
}

/// Cells accepted as sex in batch calls: `male`/`m`, `female`/`f` (any case); empty text,
/// `NA` or `None` is missing.
///
/// ```
/// use groupwell::eq5d::dsu::{Sex, SexCell};
/// assert_eq!("F".sex()?, Some(Sex::Female));
/// assert_eq!("".sex()?, None);
/// assert!("x".sex().is_err());
/// # Ok::<(), groupwell::Error>(())
/// ```
pub trait SexCell: Copy {
    /// The sex, `None` when missing, or an error.
    fn sex(self) -> Result<Option<Sex>>;
}

impl SexCell for &str {
    fn sex(self) -> Result<Option<Sex>> {
        let t = self.trim();
        if t.is_empty() || t == "NA" {
            Ok(None)
        } else {
            t.parse().map(Some)
        }
    }
}

impl SexCell for Sex {
    fn sex(self) -> Result<Option<Sex>> {
        Ok(Some(self))
    }
}

impl<T: SexCell> SexCell for Option<T> {
    fn sex(self) -> Result<Option<Sex>> {
        self.map_or(Ok(None), SexCell::sex)
    }
}

/// Sex, as in the DSU mappings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Male.
    Male,
    /// Female.
    Female,
}

impl FromStr for Sex {
    type Err = Error;
    /// `male`/`m`, `female`/`f`, case-insensitively.
    fn from_str(s: &str) -> Result<Sex> {
        match s.trim().to_ascii_lowercase().as_str() {
            "male" | "m" => Ok(Sex::Male),
            "female" | "f" => Ok(Sex::Female),
            _ => Err(Error::InvalidArgument {
                argument: "sex".into(),
                value: format!("{s:?}"),
                expected: "male or female".into(),
            }),
        }
    }
}

/// One DSU mapping: a direction, a country, and whether the copula variant is used.
///
/// ```
/// # #[cfg(feature = "dsu")] {
/// use groupwell::eq5d::dsu::{AgeBand, Country, Direction, Mapping, Sex};
/// use groupwell::eq5d::{Instrument, State};
/// let m = Mapping { direction: Direction::FiveToThree, country: Country::Uk, copula: false };
/// let s = State::parse(Instrument::Eq5d5l, "11112")?;
/// assert_eq!(m.value(&s, AgeBand::Age18To34, Sex::Male)?, 0.922);
/// # }
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mapping {
    /// 5L→3L or 3L→5L.
    pub direction: Direction,
    /// The country whose value set the mapping predicts.
    pub country: Country,
    /// `true`: the copula model's expected value on the other version (the mapping proper).
    /// `false`: the tables' non-copula column, which holds the input version's own value set.
    pub copula: bool,
}

impl Mapping {
    /// The expected value for a state, age band and sex.
    pub fn value(&self, state: &State, age: AgeBand, sex: Sex) -> Result<f64> {
        if state.instrument() != self.direction.input() {
            return Err(Error::InstrumentMismatch {
                what: format!("the DSU {} mapping", self.country),
                expected: self.direction.input(),
                found: state.instrument(),
            });
        }
        let table = data::table(self.direction)?;
        Ok(table.value(self.country, self.copula, age, sex, state.code()))
    }

    /// Expected values for many rows: a column of states (read with [`StateCodes`]), and one age
    /// and sex per row. A row with any invalid cell is an error naming the row and field (in
    /// [`ErrorMode::Coerce`](crate::eq5d::ErrorMode) `NaN` plus the reasons); otherwise a row
    /// with any missing cell is missing (`NaN`).
    ///
    /// ```
    /// # #[cfg(feature = "dsu")] {
    /// use groupwell::eq5d::dsu::{Country, Direction, Mapping};
    /// use groupwell::eq5d::{BatchOptions, Instrument, StateCodes};
    /// let m = Mapping { direction: Direction::FiveToThree, country: Country::Uk, copula: true };
    /// let states = StateCodes::from_strs(Instrument::Eq5d5l, &[Some("11111"), Some("55555"), None]);
    /// let out = m.score(states, &[40.0, 70.0, 30.0], &["male", "f", "m"], &BatchOptions::default())?;
    /// assert!(out.values[0] > 0.9 && out.values[1] < 0.0 && out.values[2].is_nan());
    /// assert_eq!(out.missing, 1);
    /// # }
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn score<A: AgeCell, X: SexCell>(
        &self,
        states: StateCodes,
        ages: &[A],
        sexes: &[X],
        opts: &BatchOptions,
    ) -> Result<Scored> {
        check_decimals(opts)?;
        check_len("age", states.len(), ages.len())?;
        check_len("sex", states.len(), sexes.len())?;
        if let Some(found) = states.instrument.filter(|i| *i != self.direction.input()) {
            return Err(Error::InstrumentMismatch {
                what: format!("the DSU {} mapping", self.country),
                expected: self.direction.input(),
                found,
            });
        }
        let table = data::table(self.direction)?;
        let mut errors = states.errors;
        let bad_state: std::collections::BTreeSet<usize> = errors.iter().map(|e| e.row).collect();
        let mut values = Vec::with_capacity(states.codes.len());
        let mut missing = 0;
        for (row, ((code, age), sex)) in states.codes.iter().zip(ages).zip(sexes).enumerate() {
            let age = age
                .age_band()
                .map_err(|e| errors.push(row_error(row, "age", e)));
            let sex = sex.sex().map_err(|e| errors.push(row_error(row, "sex", e)));
            let value = match (code, age, sex) {
                (Some(c), Ok(Some(a)), Ok(Some(x))) => {
                    table.value(self.country, self.copula, a, x, *c)
                }
                (_, Ok(_), Ok(_)) if !bad_state.contains(&row) => {
                    missing += 1;
                    f64::NAN
                }
                _ => f64::NAN,
            };
            values.push(value);
        }
        errors.sort_by_key(|e| e.row);
        finish(values, errors, missing, opts)
    }

    /// Expected values for many rows (states as codes, one age band and sex per row).
    ///
    /// ```
    /// # #[cfg(feature = "dsu")] {
    /// use groupwell::eq5d::dsu::{AgeBand, Country, Direction, Mapping, Sex};
    /// let m = Mapping { direction: Direction::ThreeToFive, country: Country::Germany, copula: true };
    /// let v = m.values(&[0, 1], &[AgeBand::Age18To34; 2], &[Sex::Male, Sex::Female])?;
    /// assert_eq!(v.len(), 2);
    /// # }
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn values(&self, codes: &[u16], ages: &[AgeBand], sexes: &[Sex]) -> Result<Vec<f64>> {
        for (field, n) in [("ages", ages.len()), ("sexes", sexes.len())] {
            if n != codes.len() {
                return Err(Error::LengthMismatch {
                    field: field.into(),
                    expected: codes.len(),
                    found: n,
                });
            }
        }
        let table = data::table(self.direction)?;
        let states = self.direction.input().states();
        let mut errors = Vec::new();
        let mut out = Vec::with_capacity(codes.len());
        for (row, ((&c, &a), &s)) in codes.iter().zip(ages).zip(sexes).enumerate() {
            if c >= states {
                errors.push(crate::error::RowError {
                    row,
                    field: "code".into(),
                    error: Box::new(Error::InvalidStateCode {
                        code: c.to_string(),
                        instrument: self.direction.input(),
                        states,
                    }),
                });
                out.push(f64::NAN);
            } else {
                out.push(table.value(self.country, self.copula, a, s, c));
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(Error::Rows { errors })
        }
    }
}

#[cfg(feature = "dsu")]
mod data {
    use std::sync::OnceLock;

    use super::{AgeBand, Country, Direction, Sex};
    use crate::error::Result;

    pub(super) struct Table {
        states: usize,
        /// Per country: non-copula values (thousandths) then copula values.
        plain: Vec<Vec<f64>>,
        copula: Vec<Vec<f64>>,
    }

    impl Table {
        pub(super) fn value(
            &self,
            country: Country,
            copula: bool,
            age: AgeBand,
            sex: Sex,
            code: u16,
        ) -> f64 {
            let c = Country::ALL.iter().position(|x| *x == country).unwrap_or(0);
            let block = (age as usize) * 2 + (sex as usize);
            let idx = block * self.states + usize::from(code);
            let src = if copula { &self.copula } else { &self.plain };
            src.get(c)
                .and_then(|v| v.get(idx))
                .copied()
                .unwrap_or(f64::NAN)
        }
    }

    fn parse(bytes: &[u8]) -> Option<Table> {
        let header = bytes.get(..16)?;
        if header.get(..6)? != b"GWDSU1" {
            return None;
        }
        let n = u32::from_le_bytes(header.get(8..12)?.try_into().ok()?) as usize;
        let countries = u32::from_le_bytes(header.get(12..16)?.try_into().ok()?) as usize;
        let mut rest = bytes.get(16..)?;
        let per = n * 10;
        let mut plain = Vec::with_capacity(countries);
        let mut copula = Vec::with_capacity(countries);
        for _ in 0..countries {
            let (a, r) = rest.split_at_checked(per * 2)?;
            plain.push(
                a.chunks_exact(2)
                    .map(|b| f64::from(i16::from_le_bytes(b.try_into().unwrap_or([0; 2]))) / 1000.0)
                    .collect(),
            );
            let (b, r) = r.split_at_checked(per * 8)?;
            copula.push(
                b.chunks_exact(8)
                    .map(|x| f64::from_le_bytes(x.try_into().unwrap_or([0; 8])))
                    .collect(),
            );
            rest = r;
        }
        Some(Table {
            states: n,
            plain,
            copula,
        })
    }

    pub(super) fn table(direction: Direction) -> Result<&'static Table> {
        static FIVE: OnceLock<Option<Table>> = OnceLock::new();
        static THREE: OnceLock<Option<Table>> = OnceLock::new();
        let t = match direction {
            Direction::FiveToThree => {
                FIVE.get_or_init(|| parse(include_bytes!("../../data/eq5d/dsu/5L_to_3L.bin")))
            }
            Direction::ThreeToFive => {
                THREE.get_or_init(|| parse(include_bytes!("../../data/eq5d/dsu/3L_to_5L.bin")))
            }
        };
        t.as_ref().ok_or_else(|| crate::Error::Unavailable {
            what: "the DSU mapping tables (corrupt data)".into(),
            feature: "dsu".into(),
        })
    }
}

#[cfg(not(feature = "dsu"))]
mod data {
    use super::{AgeBand, Country, Direction, Sex};
    use crate::error::{Error, Result};

    pub(super) struct Table;

    impl Table {
        pub(super) fn value(&self, _: Country, _: bool, _: AgeBand, _: Sex, _: u16) -> f64 {
            f64::NAN
        }
    }

    pub(super) fn table(_: Direction) -> Result<&'static Table> {
        Err(Error::Unavailable {
            what: "the NICE DSU mapping tables".into(),
            feature: "dsu".into(),
        })
    }
}
