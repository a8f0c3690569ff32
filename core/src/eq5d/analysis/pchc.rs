//! Paretian Classification of Health Change (PCHC) and the probability of superiority.

use std::fmt;

use super::super::state::levels_of_code;
use super::Pairs;
use crate::error::{Error, Result};

/// How a participant's profile changed between two timepoints (Pareto: better in some
/// dimension and worse in none is an improvement).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// The same levels at both timepoints (with problems, when the no-problems category is on).
    NoChange,
    /// Better in at least one dimension and worse in none.
    Improve,
    /// Worse in at least one dimension and better in none.
    Worsen,
    /// Better in some dimensions and worse in others.
    Mixed,
    /// `11111` at both timepoints (only with the no-problems category; for one dimension: level 1
    /// at both).
    NoProblems,
}

impl Change {
    /// The label used in reports: `No change`, `Improve`, `Worsen`, `Mixed change`, `No problems`.
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::analysis::Change::Mixed.label(), "Mixed change");
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            Change::NoChange => "No change",
            Change::Improve => "Improve",
            Change::Worsen => "Worsen",
            Change::Mixed => "Mixed change",
            Change::NoProblems => "No problems",
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Classifies the change between two profiles (levels MO..AD).
///
/// ```
/// use groupwell::eq5d::analysis::{classify, Change};
/// assert_eq!(classify([2, 1, 1, 1, 1], [1, 1, 1, 1, 1], false), Change::Improve);
/// assert_eq!(classify([2, 1, 1, 1, 1], [1, 2, 1, 1, 1], false), Change::Mixed);
/// assert_eq!(classify([1, 1, 1, 1, 1], [1, 1, 1, 1, 1], true), Change::NoProblems);
/// assert_eq!(classify([1, 1, 1, 1, 1], [1, 1, 1, 1, 1], false), Change::NoChange);
/// ```
pub fn classify(pre: [u8; 5], post: [u8; 5], no_problems: bool) -> Change {
    let better = pre.iter().zip(&post).any(|(a, b)| b < a);
    let worse = pre.iter().zip(&post).any(|(a, b)| b > a);
    match (better, worse) {
        (true, true) => Change::Mixed,
        (true, false) => Change::Improve,
        (false, true) => Change::Worsen,
        (false, false) if no_problems && pre.iter().all(|&l| l == 1) => Change::NoProblems,
        (false, false) => Change::NoChange,
    }
}

/// Classifies the change of one dimension's level.
///
/// ```
/// use groupwell::eq5d::analysis::{classify_dimension, Change};
/// assert_eq!(classify_dimension(3, 2, false), Change::Improve);
/// assert_eq!(classify_dimension(1, 1, true), Change::NoProblems);
/// ```
pub fn classify_dimension(pre: u8, post: u8, no_problems: bool) -> Change {
    match post.cmp(&pre) {
        std::cmp::Ordering::Less => Change::Improve,
        std::cmp::Ordering::Greater => Change::Worsen,
        std::cmp::Ordering::Equal if no_problems && pre == 1 => Change::NoProblems,
        std::cmp::Ordering::Equal => Change::NoChange,
    }
}

/// Options of a PCHC table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PchcOptions {
    /// Count `11111` at both timepoints (level 1 at both, by dimension) as "No problems" rather
    /// than "No change".
    pub no_problems: bool,
    /// Add a total row: `Total` (100%), or with the no-problems category `Total with problems`.
    pub totals: bool,
}

/// One row of a PCHC table.
#[derive(Debug, Clone, PartialEq)]
pub struct PchcRow {
    /// The row label (`No change`, ..., `Total`, `Total with problems`, `No problems`).
    pub label: String,
    /// The category, `None` for a total row.
    pub category: Option<Change>,
    /// Number of pairs.
    pub number: usize,
    /// Percentage (unrounded); `NaN` when its denominator is 0.
    pub percent: f64,
}

/// A PCHC table.
///
/// Percentages: of all pairs, except that when both the no-problems category and the totals are
/// on, the problem categories (`No change`, `Improve`, `Worsen`, `Mixed change`) are percentages
/// of the `Total with problems`, which itself and `No problems` are percentages of all pairs —
/// the convention of Devlin, Parkin & Janssen (2020) and of the R package eq5d.
#[derive(Debug, Clone, PartialEq)]
pub struct PchcTable {
    /// Rows in the order No change, Improve, Worsen, Mixed change (not by dimension), the total
    /// row, No problems.
    pub rows: Vec<PchcRow>,
    /// Number of pairs classified.
    pub pairs: usize,
}

impl PchcTable {
    /// The row of a category.
    ///
    /// ```
    /// use groupwell::eq5d::analysis::{Change, PchcTable};
    /// let t = PchcTable { rows: vec![], pairs: 0 };
    /// assert!(t.row(Change::Improve).is_none());
    /// ```
    pub fn row(&self, category: Change) -> Option<&PchcRow> {
        self.rows.iter().find(|r| r.category == Some(category))
    }
}

fn table(counts: &[usize; 5], with_mixed: bool, opts: PchcOptions) -> PchcTable {
    let n: usize = counts.iter().sum();
    let count = |c: Change| counts.get(c as usize).copied().unwrap_or(0);
    let np = count(Change::NoProblems);
    let with_problems = n - np;
    let pct = |x: usize, of: usize| {
        if of == 0 {
            f64::NAN
        } else {
            x as f64 * 100.0 / of as f64
        }
    };
    let denominator = if opts.no_problems && opts.totals {
        with_problems
    } else {
        n
    };
    let mut rows = Vec::with_capacity(7);
    let cats: &[Change] = if with_mixed {
        &[
            Change::NoChange,
            Change::Improve,
            Change::Worsen,
            Change::Mixed,
        ]
    } else {
        &[Change::NoChange, Change::Improve, Change::Worsen]
    };
    for &c in cats {
        rows.push(PchcRow {
            label: c.label().into(),
            category: Some(c),
            number: count(c),
            percent: pct(count(c), denominator),
        });
    }
    if opts.totals {
        let (label, number) = if opts.no_problems {
            ("Total with problems", with_problems)
        } else {
            ("Total", n)
        };
        rows.push(PchcRow {
            label: label.into(),
            category: None,
            number,
            percent: pct(number, n),
        });
    }
    if opts.no_problems {
        rows.push(PchcRow {
            label: Change::NoProblems.label().into(),
            category: Some(Change::NoProblems),
            number: np,
            percent: pct(np, n),
        });
    }
    PchcTable { rows, pairs: n }
}

/// Levels of every code of the pairs' instrument (a look-up table: no division per pair).
fn level_table(pairs: &Pairs) -> Result<Vec<[u8; 5]>> {
    let Some(inst) = pairs.instrument else {
        return Ok(Vec::new());
    };
    let l = inst.levels();
    Ok((0..inst.states()).map(|c| levels_of_code(c, l)).collect())
}

fn levels_of(lv: &[[u8; 5]], code: u16) -> Result<&[u8; 5]> {
    lv.get(usize::from(code))
        .ok_or_else(|| Error::InvalidArgument {
            argument: "pairs".into(),
            value: format!("state code {code}"),
            expected: "codes of the pairs' instrument (build Pairs with pair())".into(),
        })
}

/// The PCHC of whole profiles. With no pairs, every count is 0 and every percentage `NaN`.
///
/// ```
/// use groupwell::eq5d::analysis::{pair, pchc, Change, DuplicatePolicy, PchcOptions};
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let pre = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("21111"), Some("11111")]);
/// let post = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("11111"), Some("11111")]);
/// let p = pair(&["a", "b"], &pre, &["a", "b"], &post, DuplicatePolicy::Error)?;
/// let t = pchc(&p, PchcOptions { no_problems: true, totals: false })?;
/// assert_eq!(t.row(Change::Improve).map(|r| r.number), Some(1));
/// assert_eq!(t.row(Change::NoProblems).map(|r| r.percent), Some(50.0));
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn pchc(pairs: &Pairs, opts: PchcOptions) -> Result<PchcTable> {
    let lv = level_table(pairs)?;
    let mut counts = [0usize; 5];
    for (&a, &b) in pairs.pre.iter().zip(&pairs.post) {
        let c = classify(*levels_of(&lv, a)?, *levels_of(&lv, b)?, opts.no_problems);
        if let Some(slot) = counts.get_mut(c as usize) {
            *slot += 1;
        }
    }
    Ok(table(&counts, true, opts))
}

/// The PCHC of each dimension (MO, SC, UA, PD, AD), without the mixed category.
///
/// ```
/// use groupwell::eq5d::analysis::{pair, pchc_by_dimension, Change, DuplicatePolicy, PchcOptions};
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let pre = StateCodes::from_strs(Instrument::Eq5d5l, &[Some("31111")]);
/// let post = StateCodes::from_strs(Instrument::Eq5d5l, &[Some("12111")]);
/// let p = pair(&["a"], &pre, &["a"], &post, DuplicatePolicy::Error)?;
/// let [mo, sc, ..] = pchc_by_dimension(&p, PchcOptions::default())?;
/// assert_eq!(mo.row(Change::Improve).map(|r| r.number), Some(1));
/// assert_eq!(sc.row(Change::Worsen).map(|r| r.number), Some(1));
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn pchc_by_dimension(pairs: &Pairs, opts: PchcOptions) -> Result<[PchcTable; 5]> {
    let lv = level_table(pairs)?;
    let mut counts = [[0usize; 5]; 5];
    for (&a, &b) in pairs.pre.iter().zip(&pairs.post) {
        let (pa, pb) = (levels_of(&lv, a)?, levels_of(&lv, b)?);
        for ((row, x), y) in counts.iter_mut().zip(pa).zip(pb) {
            let c = classify_dimension(*x, *y, opts.no_problems);
            if let Some(slot) = row.get_mut(c as usize) {
                *slot += 1;
            }
        }
    }
    Ok(counts.map(|c| table(&c, false, opts)))
}

/// Probability of superiority per dimension: (improved + ½ unchanged) / pairs — the chance
/// that a random participant is better off at follow-up than at baseline, ties split. `NaN`
/// with no pairs.
///
/// ```
/// use groupwell::eq5d::analysis::{pair, probability_of_superiority, DuplicatePolicy};
/// use groupwell::eq5d::{Dimension, Instrument, StateCodes};
/// let pre = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("21111"), Some("11111")]);
/// let post = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("11111"), Some("11111")]);
/// let p = pair(&["a", "b"], &pre, &["a", "b"], &post, Default::default())?;
/// let ps = probability_of_superiority(&p)?;
/// assert_eq!(ps[Dimension::Mo.index()], 0.75);
/// assert_eq!(ps[Dimension::Sc.index()], 0.5);
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn probability_of_superiority(pairs: &Pairs) -> Result<[f64; 5]> {
    let dims = pchc_by_dimension(pairs, PchcOptions::default())?;
    Ok(std::array::from_fn(|d| {
        let t = dims.get(d);
        let get = |c: Change| t.and_then(|t| t.row(c)).map_or(0, |r| r.number) as f64;
        let n = t.map_or(0, |t| t.pairs) as f64;
        if n == 0.0 {
            f64::NAN
        } else {
            (get(Change::Improve) + 0.5 * get(Change::NoChange)) / n
        }
    }))
}
