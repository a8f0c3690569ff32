//! Distribution of one column of states: level frequencies, the cumulative frequency table,
//! the Health State Density Curve and Index, Shannon's indices and the LSS/LFS distributions.
//!
//! Every analysis here starts from [`StateCounts`]: one pass over the column counts each state
//! in a dense table indexed by the state code (243 or 3125 slots), and everything else is
//! derived from those counts, so its cost does not grow with the number of rows. Build the
//! counts once with [`StateCounts::of`] when you want several analyses of the same column; the
//! free functions ([`level_frequencies`], [`cumulative_frequencies`], ...) are shortcuts for
//! one.
//!
//! Missing and invalid states (`None` in [`StateCodes`]) are left out and counted: `n` is the
//! number of valid states, `missing` and `invalid` the rows left out (as in [`StateCodes`]).

use super::super::StateCodes;
use super::super::state::{Dimension, Instrument, State, levels_of_code};
use crate::error::{Error, Result, RowError};
use crate::stats::{Grouped, group_rows};

/// `x / n * 100` (the order of operations of R's `prop.table(x) * 100`); `NaN` when `n` is 0.
fn percent(x: usize, n: usize) -> f64 {
    if n == 0 {
        f64::NAN
    } else {
        x as f64 / n as f64 * 100.0
    }
}

/// The instrument of a column: a column without one (not read by a `StateCodes::from_*`
/// constructor) cannot be interpreted.
fn instrument_of(states: &StateCodes) -> Result<Instrument> {
    states.instrument.ok_or_else(|| Error::InvalidArgument {
        argument: "states".into(),
        value: "a column without an instrument".into(),
        expected: "states read with StateCodes::from_strs, from_numbers or from_codes".into(),
    })
}

/// The error listing every row whose code is out of range for the instrument.
fn code_errors<'a>(
    codes: impl Iterator<Item = Option<u16>> + 'a,
    instrument: Instrument,
    field: &str,
) -> Error {
    let states = instrument.states();
    let errors = codes
        .enumerate()
        .filter_map(|(row, c)| c.filter(|&c| c >= states).map(|c| (row, c)))
        .map(|(row, c)| RowError {
            row,
            field: field.to_string(),
            error: Box::new(Error::InvalidStateCode {
                code: c.to_string(),
                instrument,
                states,
            }),
        })
        .collect();
    Error::Rows { errors }
}

/// Rows left out of a column: `(missing, invalid)`, `invalid` being the rows of
/// [`StateCodes::errors`] (at most the number of `None` rows).
fn left_out(states: &StateCodes, none: usize) -> (usize, usize) {
    let mut rows: Vec<usize> = states.errors.iter().map(|e| e.row).collect();
    rows.sort_unstable();
    rows.dedup();
    let invalid = rows.len().min(none);
    (none - invalid, invalid)
}

/// How often each state occurs in a column: the basis of every distribution analysis.
///
/// ```
/// use groupwell::eq5d::analysis::StateCounts;
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let states = StateCodes::from_strs(
///     Instrument::Eq5d3l,
///     &[Some("11111"), Some("11111"), Some("21111"), None, Some("12345")],
/// );
/// let c = StateCounts::of(&states)?;
/// assert_eq!((c.n, c.missing, c.invalid), (3, 1, 1));
/// assert_eq!(c.counts[0], 2); // 11111 has code 0
/// assert_eq!(c.distinct(), 2);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StateCounts {
    /// The instrument of the states.
    pub instrument: Instrument,
    /// How many times each state occurs, indexed by state code (`instrument.states()` entries).
    pub counts: Vec<usize>,
    /// Number of valid states counted.
    pub n: usize,
    /// Rows left out because the state was missing.
    pub missing: usize,
    /// Rows left out because the state was invalid.
    pub invalid: usize,
}

impl StateCounts {
    /// Counts the states of a column. Errors: [`Error::InvalidArgument`] for a column without
    /// an instrument, [`Error::Rows`] for codes out of the instrument's range (possible only in
    /// a hand-built [`StateCodes`]).
    ///
    /// ```
    /// use groupwell::eq5d::analysis::StateCounts;
    /// use groupwell::eq5d::{Instrument, StateCodes};
    /// let all_missing = StateCodes::from_strs::<&str>(Instrument::Eq5d5l, &[None, None]);
    /// let c = StateCounts::of(&all_missing)?;
    /// assert_eq!((c.n, c.missing, c.counts.len()), (0, 2, 3125));
    /// assert!(StateCounts::of(&StateCodes::default()).is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn of(states: &StateCodes) -> Result<StateCounts> {
        let instrument = instrument_of(states)?;
        let mut counts = vec![0usize; usize::from(instrument.states())];
        let (mut n, mut none, mut bad) = (0usize, 0usize, false);
        for c in &states.codes {
            match c {
                Some(c) => match counts.get_mut(usize::from(*c)) {
                    Some(slot) => {
                        *slot += 1;
                        n += 1;
                    }
                    None => bad = true,
                },
                None => none += 1,
            }
        }
        if bad {
            return Err(code_errors(
                states.codes.iter().copied(),
                instrument,
                "state",
            ));
        }
        let (missing, invalid) = left_out(states, none);
        Ok(StateCounts {
            instrument,
            counts,
            n,
            missing,
            invalid,
        })
    }

    /// Counts valid state codes, e.g. one side of [`Pairs`](super::Pairs)
    /// (`pairs.pre`, `pairs.post`). Errors: [`Error::Rows`] for codes out of range.
    ///
    /// ```
    /// use groupwell::eq5d::analysis::StateCounts;
    /// use groupwell::eq5d::Instrument;
    /// let c = StateCounts::of_codes(Instrument::Eq5d3l, &[0, 0, 242])?;
    /// assert_eq!((c.n, c.counts[0], c.counts[242]), (3, 2, 1));
    /// assert!(StateCounts::of_codes(Instrument::Eq5d3l, &[243]).is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn of_codes(instrument: Instrument, codes: &[u16]) -> Result<StateCounts> {
        let mut counts = vec![0usize; usize::from(instrument.states())];
        let mut bad = false;
        for &c in codes {
            match counts.get_mut(usize::from(c)) {
                Some(slot) => *slot += 1,
                None => bad = true,
            }
        }
        if bad {
            return Err(code_errors(
                codes.iter().map(|&c| Some(c)),
                instrument,
                "code",
            ));
        }
        Ok(StateCounts {
            instrument,
            counts,
            n: codes.len(),
            missing: 0,
            invalid: 0,
        })
    }

    /// Number of distinct states observed.
    ///
    /// ```
    /// use groupwell::eq5d::analysis::StateCounts;
    /// use groupwell::eq5d::Instrument;
    /// assert_eq!(StateCounts::of_codes(Instrument::Eq5d5l, &[7, 7, 8])?.distinct(), 2);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn distinct(&self) -> usize {
        self.counts.iter().filter(|&&c| c > 0).count()
    }

    /// Counts and percentages per dimension and level.
    ///
    /// ```
    /// use groupwell::eq5d::analysis::StateCounts;
    /// use groupwell::eq5d::{Dimension, Instrument};
    /// let c = StateCounts::of_codes(Instrument::Eq5d3l, &[0, 81])?; // 11111, 21111
    /// let f = c.level_frequencies();
    /// assert_eq!(f.count(Dimension::Mo, 2), 1);
    /// assert_eq!(f.percent(Dimension::Mo, 1), 50.0);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn level_frequencies(&self) -> LevelFrequencies {
        let l = self.instrument.levels();
        let mut counts = [[0usize; 5]; 5];
        for (code, &k) in (0u16..).zip(&self.counts) {
            if k == 0 {
                continue;
            }
            for (row, level) in counts.iter_mut().zip(levels_of_code(code, l)) {
                if let Some(slot) = row.get_mut(usize::from(level) - 1) {
                    *slot += k;
                }
            }
        }
        LevelFrequencies {
            instrument: self.instrument,
            counts,
            n: self.n,
            missing: self.missing,
            invalid: self.invalid,
        }
    }

    /// The observed states ordered by frequency (descending), ties by state (ascending).
    fn ordered(&self) -> Vec<(u16, usize)> {
        let mut observed: Vec<(u16, usize)> = (0u16..)
            .zip(self.counts.iter().copied())
            .filter(|&(_, k)| k > 0)
            .collect();
        // Stable: equal frequencies keep the ascending state order.
        observed.sort_by_key(|&(_, k)| std::cmp::Reverse(k));
        observed
    }

    /// The cumulative frequency table of states (see [`CumulativeFrequencies`]).
    ///
    /// ```
    /// use groupwell::eq5d::analysis::StateCounts;
    /// use groupwell::eq5d::Instrument;
    /// let t = StateCounts::of_codes(Instrument::Eq5d3l, &[1, 0, 1])?.cumulative_frequencies();
    /// assert_eq!(t.rows[0].state.to_string(), "11112");
    /// assert_eq!(t.rows[1].cumulative_frequency, 3);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn cumulative_frequencies(&self) -> CumulativeFrequencies {
        let mut cumulative = 0;
        let rows = self
            .ordered()
            .into_iter()
            .filter_map(|(code, k)| {
                cumulative += k;
                let state = State::from_code(self.instrument, code).ok()?;
                Some(CumulativeRow {
                    state,
                    frequency: k,
                    percent: percent(k, self.n),
                    cumulative_frequency: cumulative,
                    cumulative_percent: percent(cumulative, self.n),
                })
            })
            .collect();
        CumulativeFrequencies {
            rows,
            n: self.n,
            missing: self.missing,
            invalid: self.invalid,
        }
    }

    /// The Health State Density Curve and its index (see [`Hsdc`]).
    ///
    /// ```
    /// use groupwell::eq5d::analysis::StateCounts;
    /// use groupwell::eq5d::Instrument;
    /// // Two states, observed 3 and 1 times.
    /// let h = StateCounts::of_codes(Instrument::Eq5d3l, &[0, 0, 0, 5])?.hsdc();
    /// assert_eq!(h.states, [0.0, 0.5, 1.0]);
    /// assert_eq!(h.observations, [0.0, 0.75, 1.0]);
    /// assert_eq!(h.hsdi, 0.75 * 0.5 + 0.25 * 1.5); // 0.75
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn hsdc(&self) -> Hsdc {
        let ordered = self.ordered();
        let k = ordered.len();
        let mut states = Vec::with_capacity(k + 1);
        let mut observations = Vec::with_capacity(k + 1);
        states.push(0.0);
        observations.push(0.0);
        let (mut cumulative, mut hsdi) = (0usize, 0.0);
        let (mut prev_s, mut prev_p) = (0.0, 0.0);
        for (i, (_, f)) in ordered.into_iter().enumerate() {
            cumulative += f;
            let s = (i + 1) as f64 / k as f64;
            let p = cumulative as f64 / self.n as f64;
            hsdi += (p - prev_p) * (s + prev_s);
            states.push(s);
            observations.push(p);
            (prev_s, prev_p) = (s, p);
        }
        Hsdc {
            states,
            observations,
            hsdi: if self.n == 0 { f64::NAN } else { hsdi },
            distinct: k,
            n: self.n,
        }
    }

    /// Shannon's H′, H′max and J′ of each dimension's levels (MO, SC, UA, PD, AD), log base 2.
    /// H′max is `log2(levels)` with [`ShannonMax::Possible`] or `log2(observed levels)` with
    /// [`ShannonMax::Observed`]. See [`Shannon`].
    ///
    /// ```
    /// use groupwell::eq5d::analysis::{ShannonMax, StateCounts};
    /// use groupwell::eq5d::Instrument;
    /// let c = StateCounts::of_codes(Instrument::Eq5d3l, &[0, 81])?; // 11111, 21111
    /// let [mo, sc, ..] = c.shannon_by_dimension(ShannonMax::Possible);
    /// assert_eq!((mo.h, mo.h_max), (1.0, 3f64.log2()));
    /// assert_eq!(sc.h, 0.0);
    /// assert!(c.shannon_by_dimension(ShannonMax::Observed)[1].j.is_nan()); // one level seen
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn shannon_by_dimension(&self, max: ShannonMax) -> [Shannon; 5] {
        let f = self.level_frequencies();
        let l = usize::from(self.instrument.levels());
        f.counts
            .map(|row| shannon(row.iter().take(l).copied(), self.n, l, max))
    }

    /// Shannon's H′, H′max and J′ of whole profiles, log base 2. H′max is
    /// `log2(levels^5)` (243 or 3125 states) with [`ShannonMax::Possible`] or
    /// `log2(observed distinct states)` with [`ShannonMax::Observed`]. See [`Shannon`].
    ///
    /// ```
    /// use groupwell::eq5d::analysis::{ShannonMax, StateCounts};
    /// use groupwell::eq5d::Instrument;
    /// let c = StateCounts::of_codes(Instrument::Eq5d3l, &[0, 1, 2, 3])?;
    /// let s = c.shannon_profile(ShannonMax::Observed);
    /// assert_eq!((s.h, s.h_max, s.j), (2.0, 2.0, 1.0));
    /// assert_eq!(c.shannon_profile(ShannonMax::Possible).h_max, 243f64.log2());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn shannon_profile(&self, max: ShannonMax) -> Shannon {
        shannon(
            self.counts.iter().copied(),
            self.n,
            usize::from(self.instrument.states()),
            max,
        )
    }

    /// The distribution of the level sum score (LSS, the sum of the five levels): one row per
    /// possible score, `5..=15` (3L) or `5..=25` (5L), ascending, zero counts included.
    ///
    /// ```
    /// use groupwell::eq5d::analysis::StateCounts;
    /// use groupwell::eq5d::Instrument;
    /// let d = StateCounts::of_codes(Instrument::Eq5d3l, &[0, 1, 3, 242])?.level_sum_distribution();
    /// assert_eq!(d.rows.len(), 11);
    /// assert_eq!((d.rows[1].score, d.rows[1].frequency, d.rows[1].percent), (6, 2, 50.0));
    /// assert_eq!(d.rows[10].frequency, 1); // 33333: 15
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn level_sum_distribution(&self) -> ScoreDistribution<u8> {
        let l = self.instrument.levels();
        let mut by_sum = vec![0usize; usize::from(5 * l) + 1];
        for (code, &k) in (0u16..).zip(&self.counts) {
            let sum: u8 = levels_of_code(code, l).iter().sum();
            if let Some(slot) = by_sum.get_mut(usize::from(sum)) {
                *slot += k;
            }
        }
        let rows = (5..=5 * l)
            .map(|score| {
                let k = by_sum.get(usize::from(score)).copied().unwrap_or(0);
                ScoreFrequency {
                    score,
                    frequency: k,
                    percent: percent(k, self.n),
                }
            })
            .collect();
        self.distribution(rows)
    }

    /// The distribution of the level frequency score (LFS: how many dimensions are at each
    /// level, one digit per level from level 1 up, as [`State::level_frequency`]): one row per
    /// possible score (21 for 3L, 126 for 5L), zero counts included, in descending order of the
    /// score read as a number — from `500`/`50000` (no problems) to `005`/`00005`.
    ///
    /// ```
    /// use groupwell::eq5d::analysis::StateCounts;
    /// use groupwell::eq5d::Instrument;
    /// let d = StateCounts::of_codes(Instrument::Eq5d3l, &[0, 1, 3])?.level_frequency_distribution();
    /// assert_eq!(d.rows.len(), 21);
    /// assert_eq!((d.rows[0].score.as_str(), d.rows[0].frequency), ("500", 1));
    /// assert_eq!((d.rows[1].score.as_str(), d.rows[1].frequency), ("410", 2));
    /// assert_eq!(d.rows[20].score, "005");
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn level_frequency_distribution(&self) -> ScoreDistribution<String> {
        let l = usize::from(self.instrument.levels());
        // Every composition of 5 into `l` parts, as digits, in descending numeric order.
        let mut scores: Vec<Vec<u8>> = Vec::new();
        let mut digits = vec![0u8; l];
        compositions(&mut digits, 0, 5, &mut scores);
        // Key of a composition: its digits in base 6 (< 6^5), so each state maps without text.
        let key = |d: &[u8]| d.iter().fold(0usize, |acc, &x| acc * 6 + usize::from(x));
        let mut position = vec![usize::MAX; 6usize.pow(5)];
        for (i, d) in scores.iter().enumerate() {
            if let Some(slot) = position.get_mut(key(d)) {
                *slot = i;
            }
        }
        let mut by_score = vec![0usize; scores.len()];
        let levels = self.instrument.levels();
        for (code, &k) in (0u16..).zip(&self.counts) {
            if k == 0 {
                continue;
            }
            let mut freq = vec![0u8; l];
            for level in levels_of_code(code, levels) {
                if let Some(x) = freq.get_mut(usize::from(level) - 1) {
                    *x += 1;
                }
            }
            let slot = position.get(key(&freq)).and_then(|&i| by_score.get_mut(i));
            if let Some(slot) = slot {
                *slot += k;
            }
        }
        let rows = scores
            .into_iter()
            .zip(by_score)
            .map(|(d, k)| ScoreFrequency {
                score: d.iter().map(|&x| char::from(b'0' + x)).collect(),
                frequency: k,
                percent: percent(k, self.n),
            })
            .collect();
        self.distribution(rows)
    }

    fn distribution<K>(&self, rows: Vec<ScoreFrequency<K>>) -> ScoreDistribution<K> {
        ScoreDistribution {
            rows,
            n: self.n,
            missing: self.missing,
            invalid: self.invalid,
        }
    }
}

/// Appends every way to write `rest` as the digits `d[i..]` (summing to `rest`), largest first.
fn compositions(d: &mut Vec<u8>, i: usize, rest: u8, out: &mut Vec<Vec<u8>>) {
    if i + 1 >= d.len() {
        if let Some(last) = d.get_mut(i) {
            *last = rest;
        }
        out.push(d.clone());
        return;
    }
    for x in (0..=rest).rev() {
        if let Some(slot) = d.get_mut(i) {
            *slot = x;
        }
        compositions(d, i + 1, rest - x, out);
    }
}

/// Counts and percentages of each level in each dimension.
///
/// `counts[d][l - 1]` is the number of valid states with level `l` in dimension `d`
/// ([`Dimension::index`] order: MO, SC, UA, PD, AD); entries above the instrument's levels are
/// 0. Percentages are of `n`, the valid states (missing and invalid rows are left out and
/// counted in `missing` and `invalid`).
///
/// ```
/// use groupwell::eq5d::analysis::level_frequencies;
/// use groupwell::eq5d::{Dimension, Instrument, StateCodes};
/// let s = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("11111"), Some("31111"), None]);
/// let f = level_frequencies(&s)?;
/// assert_eq!(f.counts[Dimension::Mo.index()], [1, 0, 1, 0, 0]);
/// assert_eq!((f.n, f.missing, f.levels()), (2, 1, 3));
/// assert_eq!(f.percentages()[0][2], 50.0);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LevelFrequencies {
    /// The instrument of the states.
    pub instrument: Instrument,
    /// `counts[dimension][level - 1]`.
    pub counts: [[usize; 5]; 5],
    /// Number of valid states.
    pub n: usize,
    /// Rows left out because the state was missing.
    pub missing: usize,
    /// Rows left out because the state was invalid.
    pub invalid: usize,
}

impl LevelFrequencies {
    /// Number of levels of the instrument (3 or 5).
    ///
    /// ```
    /// use groupwell::eq5d::analysis::StateCounts;
    /// use groupwell::eq5d::Instrument;
    /// let f = StateCounts::of_codes(Instrument::Eq5d5l, &[])?.level_frequencies();
    /// assert_eq!(f.levels(), 5);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn levels(&self) -> u8 {
        self.instrument.levels()
    }

    /// The count of a dimension's level (0 for a level the instrument does not have).
    ///
    /// ```
    /// use groupwell::eq5d::analysis::StateCounts;
    /// use groupwell::eq5d::{Dimension, Instrument};
    /// let f = StateCounts::of_codes(Instrument::Eq5d3l, &[242])?.level_frequencies();
    /// assert_eq!(f.count(Dimension::Ad, 3), 1);
    /// assert_eq!(f.count(Dimension::Ad, 9), 0);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn count(&self, dimension: Dimension, level: u8) -> usize {
        usize::from(level)
            .checked_sub(1)
            .and_then(|l| self.counts.get(dimension.index())?.get(l))
            .copied()
            .unwrap_or(0)
    }

    /// The percentage of a dimension's level among the valid states: `NaN` when `n` is 0 or
    /// the instrument has no such level.
    ///
    /// ```
    /// use groupwell::eq5d::analysis::StateCounts;
    /// use groupwell::eq5d::{Dimension, Instrument};
    /// let f = StateCounts::of_codes(Instrument::Eq5d3l, &[0, 0, 0, 242])?.level_frequencies();
    /// assert_eq!(f.percent(Dimension::Pd, 1), 75.0);
    /// assert!(f.percent(Dimension::Pd, 4).is_nan());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn percent(&self, dimension: Dimension, level: u8) -> f64 {
        if level == 0 || level > self.levels() {
            return f64::NAN;
        }
        percent(self.count(dimension, level), self.n)
    }

    /// Every percentage, `[dimension][level - 1]`; `NaN` above the instrument's levels and
    /// everywhere when `n` is 0.
    ///
    /// ```
    /// use groupwell::eq5d::analysis::StateCounts;
    /// use groupwell::eq5d::Instrument;
    /// let p = StateCounts::of_codes(Instrument::Eq5d3l, &[0])?.level_frequencies().percentages();
    /// assert_eq!(p[4][0], 100.0);
    /// assert!(p[4][4].is_nan());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn percentages(&self) -> [[f64; 5]; 5] {
        Dimension::ALL.map(|d| std::array::from_fn(|l| self.percent(d, l as u8 + 1)))
    }
}

/// Level frequencies of a column of states (see [`LevelFrequencies`]). For each timepoint,
/// call it on the timepoint's column.
///
/// Errors: [`Error::InvalidArgument`] for a column without an instrument, [`Error::Rows`] for
/// out-of-range codes of a hand-built [`StateCodes`]. A column with no valid state gives zero
/// counts and `NaN` percentages.
///
/// ```
/// use groupwell::eq5d::analysis::level_frequencies;
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let s = StateCodes::from_strs::<&str>(Instrument::Eq5d3l, &[None]);
/// let f = level_frequencies(&s)?;
/// assert_eq!((f.n, f.missing), (0, 1));
/// assert!(f.percentages()[0][0].is_nan());
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn level_frequencies(states: &StateCodes) -> Result<LevelFrequencies> {
    Ok(StateCounts::of(states)?.level_frequencies())
}

/// Level frequencies for each group of rows: `groups` holds one label per row of `states`
/// (a program, a unit, a format...). Groups come in ascending order of their labels (byte
/// order); each has its own `n`, `missing` and `invalid`.
///
/// Errors: as [`level_frequencies`], and [`Error::LengthMismatch`] when `groups` and `states`
/// differ in length.
///
/// ```
/// use groupwell::eq5d::analysis::level_frequencies_by_group;
/// use groupwell::eq5d::{Dimension, Instrument, StateCodes};
/// let s = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("21111"), Some("11111"), None]);
/// let g = level_frequencies_by_group(&s, &["west", "east", "west"])?;
/// assert_eq!(g[0].group, "east");
/// assert_eq!(g[1].value.count(Dimension::Mo, 2), 1);
/// assert_eq!((g[1].value.n, g[1].value.missing), (1, 1));
/// assert!(level_frequencies_by_group(&s, &["a"]).is_err());
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn level_frequencies_by_group<S: AsRef<str>>(
    states: &StateCodes,
    groups: &[S],
) -> Result<Vec<Grouped<LevelFrequencies>>> {
    let instrument = instrument_of(states)?;
    if groups.len() != states.len() {
        return Err(Error::LengthMismatch {
            field: "groups".into(),
            expected: states.len(),
            found: groups.len(),
        });
    }
    let l = instrument.levels();
    let table: Vec<[u8; 5]> = (0..instrument.states())
        .map(|c| levels_of_code(c, l))
        .collect();
    let (labels, rows) = group_rows(groups);
    let empty = LevelFrequencies {
        instrument,
        counts: [[0; 5]; 5],
        n: 0,
        missing: 0,
        invalid: 0,
    };
    let mut out: Vec<LevelFrequencies> = vec![empty; labels.len()];
    let mut bad = false;
    for (code, &g) in states.codes.iter().zip(&rows) {
        let Some(f) = out.get_mut(g) else { continue };
        match code {
            Some(c) => match table.get(usize::from(*c)) {
                Some(levels) => {
                    f.n += 1;
                    for (row, &level) in f.counts.iter_mut().zip(levels) {
                        if let Some(slot) = row.get_mut(usize::from(level) - 1) {
                            *slot += 1;
                        }
                    }
                }
                None => bad = true,
            },
            // Counted as missing here; invalid rows are moved below.
            None => f.missing += 1,
        }
    }
    if bad {
        return Err(code_errors(
            states.codes.iter().copied(),
            instrument,
            "state",
        ));
    }
    let mut invalid_rows: Vec<usize> = states.errors.iter().map(|e| e.row).collect();
    invalid_rows.sort_unstable();
    invalid_rows.dedup();
    for row in invalid_rows {
        let is_none = matches!(states.codes.get(row), Some(None));
        if let (true, Some(f)) = (is_none, rows.get(row).and_then(|&g| out.get_mut(g))) {
            f.missing -= 1;
            f.invalid += 1;
        }
    }
    Ok(labels
        .into_iter()
        .zip(out)
        .map(|(group, value)| Grouped { group, value })
        .collect())
}

/// One row of a cumulative frequency table.
#[derive(Debug, Clone, PartialEq)]
pub struct CumulativeRow {
    /// The state (its `Display` is the five digits, e.g. `22222`).
    pub state: State,
    /// How many times it occurs.
    pub frequency: usize,
    /// `frequency / n * 100`, unrounded.
    pub percent: f64,
    /// The frequencies of this and every earlier row.
    pub cumulative_frequency: usize,
    /// `cumulative_frequency / n * 100`, unrounded.
    pub cumulative_percent: f64,
}

/// The cumulative frequency table of states (`eq5dcf` in the R package eq5d): the observed
/// states ordered by frequency, descending, ties by state ascending (`11111` before `11112`),
/// with their frequencies, percentages and running totals. Percentages are unrounded (R's
/// `eq5dcf` rounds them to 1 decimal). With no valid state the table has no rows.
///
/// ```
/// use groupwell::eq5d::analysis::cumulative_frequencies;
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let s = StateCodes::from_strs(
///     Instrument::Eq5d3l,
///     &[Some("22222"), Some("11111"), Some("22222"), Some("11112")],
/// );
/// let t = cumulative_frequencies(&s)?;
/// let states: Vec<String> = t.rows.iter().map(|r| r.state.to_string()).collect();
/// assert_eq!(states, ["22222", "11111", "11112"]);
/// assert_eq!((t.rows[1].frequency, t.rows[1].cumulative_frequency), (1, 3));
/// assert_eq!((t.rows[0].percent, t.rows[2].cumulative_percent), (50.0, 100.0));
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CumulativeFrequencies {
    /// One row per observed state.
    pub rows: Vec<CumulativeRow>,
    /// Number of valid states.
    pub n: usize,
    /// Rows left out because the state was missing.
    pub missing: usize,
    /// Rows left out because the state was invalid.
    pub invalid: usize,
}

/// The cumulative frequency table of a column of states (see [`CumulativeFrequencies`]).
/// Errors as [`level_frequencies`].
///
/// ```
/// use groupwell::eq5d::analysis::cumulative_frequencies;
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let s = StateCodes::from_strs::<&str>(Instrument::Eq5d5l, &[None]);
/// assert!(cumulative_frequencies(&s)?.rows.is_empty());
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn cumulative_frequencies(states: &StateCodes) -> Result<CumulativeFrequencies> {
    Ok(StateCounts::of(states)?.cumulative_frequencies())
}

/// The Health State Density Curve (HSDC) and Index (HSDI) of a column of states.
///
/// The HSDC (Zamora, Parkin, Feng, Bateman, Herdman & Devlin, *New methods for analysing the
/// distribution of EQ-5D observations*, OHE Research Paper, 2018; Devlin, Parkin & Janssen,
/// 2020, doi:10.1007/978-3-030-47622-9) plots the cumulative proportion of observations
/// (`observations`, y) against the cumulative proportion of distinct observed states (`states`,
/// x), the states ordered from the most to the least frequent. Both start at the origin:
/// point `i` (1-based) is `(i / K, F_i / n)` for `K` distinct states and `F_i` the cumulative
/// frequency of the `i` most frequent ones.
///
/// The HSDI is twice the area between the curve and the y axis,
/// `Σ_i (F_i − F_{i−1}) / n · (i + (i − 1)) / K` — the trapezoid rule, as the R package eq5d's
/// `hsdi()` computes it — equivalently `2 · (1 − area under the curve)`. It is 1 when every
/// observed state is equally frequent (the curve is the diagonal, including when only one
/// state is observed) and tends to 0 as the observations crowd into few of the observed
/// states. `NaN` with no valid state.
///
/// ```
/// use groupwell::eq5d::analysis::hsdc;
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let s = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("11111"), Some("11112")]);
/// let h = hsdc(&s)?;
/// assert_eq!((h.distinct, h.n, h.hsdi), (2, 2, 1.0));
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Hsdc {
    /// Cumulative proportion of distinct states (x), `0` first.
    pub states: Vec<f64>,
    /// Cumulative proportion of observations (y), `0` first.
    pub observations: Vec<f64>,
    /// The Health State Density Index.
    pub hsdi: f64,
    /// Number of distinct observed states.
    pub distinct: usize,
    /// Number of valid states.
    pub n: usize,
}

/// The HSDC and HSDI of a column of states (see [`Hsdc`]). Errors as [`level_frequencies`].
///
/// ```
/// use groupwell::eq5d::analysis::hsdc;
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let s = StateCodes::from_strs::<&str>(Instrument::Eq5d3l, &[]);
/// assert!(hsdc(&s)?.hsdi.is_nan());
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn hsdc(states: &StateCodes) -> Result<Hsdc> {
    Ok(StateCounts::of(states)?.hsdc())
}

/// The Health State Density Index of a column of states (see [`Hsdc`]).
///
/// ```
/// use groupwell::eq5d::analysis::hsdi;
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let s = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("11111"), Some("11111"), Some("11111"), Some("21111")]);
/// assert_eq!(hsdi(&s)?, 0.75);
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn hsdi(states: &StateCodes) -> Result<f64> {
    Ok(StateCounts::of(states)?.hsdc().hsdi)
}

/// Which maximum Shannon's J′ divides by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ShannonMax {
    /// Every possible category: the instrument's levels (by dimension) or states (by
    /// profile, 243 or 3125) — the R package eq5d's default (`permutations = TRUE`).
    #[default]
    Possible,
    /// The categories observed in the data (distinct levels or distinct states).
    Observed,
}

impl std::str::FromStr for ShannonMax {
    type Err = Error;
    /// `possible` (also `all`) or `observed`.
    ///
    /// ```
    /// use groupwell::eq5d::analysis::ShannonMax;
    /// assert_eq!("observed".parse::<ShannonMax>()?, ShannonMax::Observed);
    /// assert!("some".parse::<ShannonMax>().is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "possible" | "all" => Ok(ShannonMax::Possible),
            "observed" => Ok(ShannonMax::Observed),
            _ => Err(Error::InvalidArgument {
                argument: "h_max".into(),
                value: format!("{s:?}"),
                expected: "\"possible\" or \"observed\"".into(),
            }),
        }
    }
}

/// Shannon's indices of a distribution over categories (levels or states), log base 2
/// (Shannon, 1948; for EQ-5D, Janssen, Birnie & Bonsel, *Qual Life Res* 2007, and Devlin,
/// Parkin & Janssen, 2020).
///
/// `h` = H′ = `−Σ p_i log2 p_i` over the observed categories (`p_i` = count / n); `h_max` =
/// H′max = `log2(C)` for `C` categories (see [`ShannonMax`]); `j` = J′ = H′ / H′max, the
/// evenness. With no valid state every field is `NaN`; when H′max is 0 (one category) J′ is
/// `NaN`.
///
/// ```
/// use groupwell::eq5d::analysis::{shannon_profile, ShannonMax};
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let s = StateCodes::from_strs(Instrument::Eq5d5l, &[Some("11111"), Some("55555")]);
/// let sh = shannon_profile(&s, ShannonMax::Possible)?;
/// assert_eq!(sh.h, 1.0);
/// assert_eq!(sh.h_max, 3125f64.log2());
/// assert_eq!(sh.j, sh.h / sh.h_max);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shannon {
    /// H′, the diversity (bits).
    pub h: f64,
    /// H′max, the largest possible H′ (bits).
    pub h_max: f64,
    /// J′ = H′ / H′max, the evenness (0..=1).
    pub j: f64,
}

fn shannon(
    counts: impl Iterator<Item = usize>,
    n: usize,
    possible: usize,
    max: ShannonMax,
) -> Shannon {
    if n == 0 {
        return Shannon {
            h: f64::NAN,
            h_max: f64::NAN,
            j: f64::NAN,
        };
    }
    let nf = n as f64;
    let (mut h, mut observed) = (0.0, 0usize);
    for k in counts.filter(|&k| k > 0) {
        let p = k as f64 / nf;
        h -= p * p.log2();
        observed += 1;
    }
    // −0.0 when every observation is in one category.
    let h = h + 0.0;
    let categories = match max {
        ShannonMax::Possible => possible,
        ShannonMax::Observed => observed,
    };
    let h_max = (categories as f64).log2();
    Shannon {
        h,
        h_max,
        j: if h_max > 0.0 { h / h_max } else { f64::NAN },
    }
}

/// Shannon's indices of each dimension's levels (MO, SC, UA, PD, AD) of a column of states
/// (see [`Shannon`], [`StateCounts::shannon_by_dimension`]). Errors as [`level_frequencies`].
///
/// ```
/// use groupwell::eq5d::analysis::{shannon_by_dimension, ShannonMax};
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let s = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("11111"), Some("21111")]);
/// let [mo, ..] = shannon_by_dimension(&s, ShannonMax::Observed)?;
/// assert_eq!((mo.h, mo.h_max, mo.j), (1.0, 1.0, 1.0));
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn shannon_by_dimension(states: &StateCodes, max: ShannonMax) -> Result<[Shannon; 5]> {
    Ok(StateCounts::of(states)?.shannon_by_dimension(max))
}

/// Shannon's indices of whole profiles of a column of states (see [`Shannon`],
/// [`StateCounts::shannon_profile`]). Errors as [`level_frequencies`].
///
/// ```
/// use groupwell::eq5d::analysis::{shannon_profile, ShannonMax};
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let s = StateCodes::from_strs::<&str>(Instrument::Eq5d3l, &[None]);
/// assert!(shannon_profile(&s, ShannonMax::Possible)?.h.is_nan());
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn shannon_profile(states: &StateCodes, max: ShannonMax) -> Result<Shannon> {
    Ok(StateCounts::of(states)?.shannon_profile(max))
}

/// One row of a score distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreFrequency<K> {
    /// The score (an LSS number or an LFS string).
    pub score: K,
    /// How many valid states have it.
    pub frequency: usize,
    /// `frequency / n * 100`; `NaN` when `n` is 0.
    pub percent: f64,
}

/// The distribution of a score (LSS or LFS) over a column of states: one row per possible
/// score, zero counts included.
///
/// ```
/// use groupwell::eq5d::analysis::level_sum_distribution;
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let s = StateCodes::from_strs(Instrument::Eq5d5l, &[Some("11111"), Some("55555"), Some("x")]);
/// let d = level_sum_distribution(&s)?;
/// assert_eq!((d.rows.len(), d.n, d.invalid), (21, 2, 1));
/// assert_eq!((d.rows[0].score, d.rows[0].frequency), (5, 1));
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreDistribution<K> {
    /// One row per possible score.
    pub rows: Vec<ScoreFrequency<K>>,
    /// Number of valid states.
    pub n: usize,
    /// Rows left out because the state was missing.
    pub missing: usize,
    /// Rows left out because the state was invalid.
    pub invalid: usize,
}

/// The level sum score distribution of a column of states (see
/// [`StateCounts::level_sum_distribution`]). Errors as [`level_frequencies`].
///
/// ```
/// use groupwell::eq5d::analysis::level_sum_distribution;
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let s = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("11112"), Some("12111")]);
/// let d = level_sum_distribution(&s)?;
/// assert_eq!((d.rows[1].score, d.rows[1].frequency, d.rows[1].percent), (6, 2, 100.0));
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn level_sum_distribution(states: &StateCodes) -> Result<ScoreDistribution<u8>> {
    Ok(StateCounts::of(states)?.level_sum_distribution())
}

/// The level frequency score distribution of a column of states (see
/// [`StateCounts::level_frequency_distribution`]). Errors as [`level_frequencies`].
///
/// ```
/// use groupwell::eq5d::analysis::level_frequency_distribution;
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let s = StateCodes::from_strs(Instrument::Eq5d5l, &[Some("11223")]);
/// let d = level_frequency_distribution(&s)?;
/// assert_eq!(d.rows.len(), 126);
/// let row = d.rows.iter().find(|r| r.score == "22100");
/// assert_eq!(row.map(|r| r.frequency), Some(1));
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn level_frequency_distribution(states: &StateCodes) -> Result<ScoreDistribution<String>> {
    Ok(StateCounts::of(states)?.level_frequency_distribution())
}
