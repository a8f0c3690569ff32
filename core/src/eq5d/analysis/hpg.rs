//! The Health Profile Grid: each pair's baseline and follow-up states ranked under a value set.

use super::super::state::levels_of_code;
use super::super::{Instrument, MAX_DECIMALS, ValueSet, round_index};
use super::{Change, Pairs, classify};
use crate::error::{Error, Result, RowError};

/// Options of a Health Profile Grid.
///
/// ```
/// use groupwell::eq5d::analysis::HpgOptions;
/// let o = HpgOptions { no_problems: true, decimals: Some(3) };
/// assert_eq!(HpgOptions::default().decimals, None);
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HpgOptions {
    /// Classify `11111` at both timepoints as [`Change::NoProblems`] rather than
    /// [`Change::NoChange`] (see [`classify`]).
    pub no_problems: bool,
    /// Compare the values rounded to this many decimals ([`round_index`]) when ranking, so
    /// values equal at that precision tie. `None` compares the values at full precision, after
    /// removing the binary noise of summing coefficients (values equal to 10 decimals tie).
    /// `Some(3)` reproduces the R package eq5d, which ranks its index values rounded to 3
    /// decimals.
    pub decimals: Option<u8>,
}

/// The rank of every state under a value set, indexed by state code: 1 for the highest value.
///
/// Ties share the smallest rank ("competition" or `min` ranking): a state's rank is 1 plus the
/// number of states with a strictly higher value, so after two states tied at 23 the next is
/// 25. Values are compared after [`round_index`] to `decimals` (to 10 decimals when `None`,
/// which only removes floating-point noise). A `NaN` value ranks after every number. This is
/// the rule of the R package eq5d's `hpg()` (the position of a state's value in the values of
/// all states sorted in decreasing order, the first match among equal values), which rounds
/// values to 3 decimals: pass `Some(3)` to reproduce it for value sets whose coefficients
/// have more decimals.
///
/// Errors: [`Error::InvalidArgument`] for `decimals` above [`MAX_DECIMALS`] or a value set
/// whose table could not be built.
///
/// ```
/// use groupwell::eq5d::analysis::state_ranks;
/// use groupwell::eq5d::{Instrument, State, ValueSet};
/// let uk = ValueSet::get("3L_UK")?;
/// let ranks = state_ranks(uk, None)?;
/// let rank = |s: &str| State::parse(Instrument::Eq5d3l, s).map(|s| ranks[usize::from(s.code())]);
/// assert_eq!(rank("11111")?, 1);
/// assert_eq!(rank("11211")?, 2); // 0.883
/// // 12221 and 21122 are both 0.656: they share rank 23, and the next state is 25th.
/// assert_eq!((rank("12221")?, rank("21122")?), (23, 23));
/// assert_eq!(ranks.iter().filter(|&&r| r == 24).count(), 0);
/// assert_eq!(rank("33333")?, 243);
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn state_ranks(value_set: &ValueSet, decimals: Option<u8>) -> Result<Vec<u16>> {
    if let Some(d) = decimals.filter(|&d| d > MAX_DECIMALS) {
        return Err(Error::InvalidArgument {
            argument: "decimals".into(),
            value: d.to_string(),
            expected: format!("an integer 0..={MAX_DECIMALS}"),
        });
    }
    let table = value_set.table();
    let states = value_set.instrument().states();
    if table.len() != usize::from(states) {
        return Err(Error::InvalidArgument {
            argument: "value_set".into(),
            value: value_set.id().to_string(),
            expected: format!("a value set with a value for each of the {states} states"),
        });
    }
    let d = decimals.unwrap_or(MAX_DECIMALS);
    // NaN sorts below every number.
    let key = |v: f64| {
        let r = round_index(v, d);
        if r.is_nan() { f64::NEG_INFINITY } else { r }
    };
    let nan_rank = |v: f64| v.is_nan();
    let mut order: Vec<(u16, f64, bool)> = (0u16..)
        .zip(table.iter().copied())
        .map(|(c, v)| (c, key(v), nan_rank(v)))
        .collect();
    // Descending by value, numbers before NaN; ties in code order (irrelevant to the ranks).
    order.sort_by(|a, b| a.2.cmp(&b.2).then(b.1.total_cmp(&a.1)));
    let mut ranks = vec![0u16; order.len()];
    let mut previous: Option<(f64, bool, u16)> = None;
    for (position, (code, v, nan)) in (1u16..).zip(order) {
        let rank = match previous {
            Some((pv, pn, pr)) if pn == nan && (nan || pv == v) => pr,
            _ => position,
        };
        if let Some(slot) = ranks.get_mut(usize::from(code)) {
            *slot = rank;
        }
        previous = Some((v, nan, rank));
    }
    Ok(ranks)
}

/// The Health Profile Grid (HPG; Devlin, Parkin & Janssen, 2020, doi:10.1007/978-3-030-47622-9):
/// for each pair, the rank of the baseline and of the follow-up state among all states of the
/// instrument ordered by value under a value set (1 = best; see [`state_ranks`] for ties), and
/// the pair's PCHC category ([`classify`]). Plotting `pre` against `post` gives the grid:
/// points below the diagonal improved.
///
/// Row `i` is the pair `i` of the [`Pairs`] (baseline row `pairs.pre_rows[i]`, follow-up row
/// `pairs.post_rows[i]`); excluded participants are not in the grid (they are listed in
/// `pairs.excluded`).
///
/// ```
/// use groupwell::eq5d::analysis::{health_profile_grid, pair, Change, HpgOptions};
/// use groupwell::eq5d::{Instrument, StateCodes, ValueSet};
/// let pre = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("22322"), Some("11111")]);
/// let post = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("12222"), Some("11112")]);
/// let p = pair(&["a", "b"], &pre, &["a", "b"], &post, Default::default())?;
/// let g = health_profile_grid(&p, ValueSet::get("3L_UK")?, HpgOptions::default())?;
/// assert_eq!((g.pre.as_slice(), g.post.as_slice()), ([95, 1].as_slice(), [30, 4].as_slice()));
/// assert_eq!(g.change, [Change::Improve, Change::Worsen]);
/// assert_eq!(g.states, 243);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HealthProfileGrid {
    /// Rank of each pair's baseline state.
    pub pre: Vec<u16>,
    /// Rank of each pair's follow-up state.
    pub post: Vec<u16>,
    /// Each pair's PCHC category.
    pub change: Vec<Change>,
    /// Number of states of the instrument (the largest possible rank).
    pub states: u16,
}

impl HealthProfileGrid {
    /// Number of pairs in the grid.
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::analysis::HealthProfileGrid::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.pre.len()
    }

    /// Whether the grid has no pairs.
    ///
    /// ```
    /// assert!(groupwell::eq5d::analysis::HealthProfileGrid::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.pre.is_empty()
    }
}

/// The Health Profile Grid of the pairs under a value set (see [`HealthProfileGrid`]).
///
/// Errors: [`Error::InstrumentMismatch`] when the value set is for another instrument than the
/// pairs; [`Error::LengthMismatch`] when `pairs.pre` and `pairs.post` differ in length;
/// [`Error::Rows`] for state codes out of the instrument's range (hand-built [`Pairs`]); as
/// [`state_ranks`] for `decimals`. No pairs give an empty grid.
///
/// ```
/// use groupwell::eq5d::analysis::{health_profile_grid, pair, HpgOptions};
/// use groupwell::eq5d::{Instrument, StateCodes, ValueSet};
/// let s = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("11111")]);
/// let p = pair(&["a"], &s, &["a"], &s, Default::default())?;
/// assert!(health_profile_grid(&p, ValueSet::get("5L_SE_2022")?, HpgOptions::default()).is_err());
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn health_profile_grid(
    pairs: &Pairs,
    value_set: &ValueSet,
    opts: HpgOptions,
) -> Result<HealthProfileGrid> {
    let instrument = value_set.instrument();
    if let Some(found) = pairs.instrument.filter(|&i| i != instrument) {
        return Err(Error::InstrumentMismatch {
            what: format!("value set {}", value_set.id()),
            expected: instrument,
            found,
        });
    }
    if pairs.pre.len() != pairs.post.len() {
        return Err(Error::LengthMismatch {
            field: "follow-up states".into(),
            expected: pairs.pre.len(),
            found: pairs.post.len(),
        });
    }
    let ranks = state_ranks(value_set, opts.decimals)?;
    let l = instrument.levels();
    let levels: Vec<[u8; 5]> = (0..instrument.states())
        .map(|c| levels_of_code(c, l))
        .collect();
    let n = pairs.len();
    let mut grid = HealthProfileGrid {
        pre: Vec::with_capacity(n),
        post: Vec::with_capacity(n),
        change: Vec::with_capacity(n),
        states: instrument.states(),
    };
    for (&a, &b) in pairs.pre.iter().zip(&pairs.post) {
        let (a, b) = (usize::from(a), usize::from(b));
        match (ranks.get(a), ranks.get(b), levels.get(a), levels.get(b)) {
            (Some(&ra), Some(&rb), Some(&la), Some(&lb)) => {
                grid.pre.push(ra);
                grid.post.push(rb);
                grid.change.push(classify(la, lb, opts.no_problems));
            }
            _ => return Err(bad_codes(pairs, instrument)),
        }
    }
    Ok(grid)
}

fn bad_codes(pairs: &Pairs, instrument: Instrument) -> Error {
    let states = instrument.states();
    let mut errors = Vec::new();
    for (row, (&a, &b)) in pairs.pre.iter().zip(&pairs.post).enumerate() {
        for (field, c) in [("baseline", a), ("follow-up", b)] {
            if c >= states {
                errors.push(RowError {
                    row,
                    field: field.into(),
                    error: Box::new(Error::InvalidStateCode {
                        code: c.to_string(),
                        instrument,
                        states,
                    }),
                });
            }
        }
    }
    Error::Rows { errors }
}
