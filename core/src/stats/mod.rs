//! Descriptive statistics of scores (index values, EQ VAS, scale totals).

mod inference;

pub use inference::{Alternative, CiMethod, Paired, Proportion, binomial_test, paired, proportion};

use rustc_hash::FxHashMap;
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use crate::error::{Error, Result};

/// Summary of a column of scores; `NaN` values count as missing and are left out.
///
/// Quartiles and the median use linear interpolation between order statistics (R's default,
/// `quantile(type = 7)`). With fewer than two values the SD, SE and confidence interval are
/// `NaN`; with none, every statistic is `NaN` and `n` is 0.
///
/// The confidence interval of the mean is the t interval `mean ± t(1 − α/2, n − 1) · SE`, with
/// the quantile of Student's t distribution from `statrs` (as R's `t.test(x)$conf.int`). It is
/// the 95% interval for [`Summary::of`], any level for [`Summary::with_confidence`].
///
/// ```
/// use groupwell::stats::Summary;
/// let s = Summary::of(&[1.0, 2.0, 3.0, 4.0, f64::NAN]);
/// assert_eq!((s.n, s.missing), (4, 1));
/// assert_eq!(s.mean, 2.5);
/// assert_eq!(s.median, 2.5);
/// assert_eq!((s.q1, s.q3), (1.75, 3.25));
/// assert!((s.sd - 1.2909944487358056).abs() < 1e-15);
/// // mean ± t(0.975, 3) · SE = 2.5 ± 3.182446305283708 · 0.6454972243679028
/// assert!((s.ci_lower - 0.445739743239479).abs() < 1e-12);
/// assert!((s.ci_upper - 4.554260256760521).abs() < 1e-12);
/// assert!(Summary::of(&[1.0]).ci_lower.is_nan());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Number of non-missing values.
    pub n: usize,
    /// Number of missing (`NaN`) values.
    pub missing: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1 in the denominator).
    pub sd: f64,
    /// Standard error of the mean, `sd / √n`.
    pub se: f64,
    /// The confidence level of the interval (0.95 unless [`Summary::with_confidence`] chose
    /// another).
    pub confidence: f64,
    /// Lower bound of the t confidence interval of the mean; `NaN` when `n < 2`.
    pub ci_lower: f64,
    /// Upper bound of the t confidence interval of the mean; `NaN` when `n < 2`.
    pub ci_upper: f64,
    /// Smallest value.
    pub min: f64,
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
    /// Largest value.
    pub max: f64,
}

impl Summary {
    /// Summarises the values, with a 95% confidence interval of the mean.
    ///
    /// ```
    /// use groupwell::stats::Summary;
    /// let s = Summary::of(&[]);
    /// assert_eq!((s.n, s.missing), (0, 0));
    /// assert!(s.mean.is_nan() && s.ci_upper.is_nan());
    /// ```
    pub fn of(values: &[f64]) -> Summary {
        summarise(values, 0.95)
    }

    /// Summarises the values, with a confidence interval of the mean at `level` (strictly
    /// between 0 and 1, e.g. `0.9`).
    ///
    /// ```
    /// use groupwell::stats::Summary;
    /// let s = Summary::with_confidence(&[1.0, 2.0, 3.0], 0.9)?;
    /// // t(0.95, 2) = 2.919985580353724, SE = 1/√3
    /// assert!((s.ci_upper - (2.0 + 2.919985580353724 / 3f64.sqrt())).abs() < 1e-12);
    /// assert!(Summary::with_confidence(&[1.0], 1.0).is_err());
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn with_confidence(values: &[f64], level: f64) -> Result<Summary> {
        if !(level > 0.0 && level < 1.0) {
            return Err(Error::InvalidArgument {
                argument: "confidence".into(),
                value: level.to_string(),
                expected: "a level strictly between 0 and 1, such as 0.95".into(),
            });
        }
        Ok(summarise(values, level))
    }
}

fn summarise(values: &[f64], level: f64) -> Summary {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    let n = v.len();
    let missing = values.len() - n;
    // Values equal under `total_cmp` are bit-identical, so an unstable sort gives the same order.
    v.sort_unstable_by(f64::total_cmp);
    let nan = f64::NAN;
    if n == 0 {
        return Summary {
            n,
            missing,
            mean: nan,
            sd: nan,
            se: nan,
            confidence: level,
            ci_lower: nan,
            ci_upper: nan,
            min: nan,
            q1: nan,
            median: nan,
            q3: nan,
            max: nan,
        };
    }
    let nf = n as f64;
    let mean = v.iter().sum::<f64>() / nf;
    let sd = if n > 1 {
        (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (nf - 1.0)).sqrt()
    } else {
        nan
    };
    let se = sd / nf.sqrt();
    let half = t_quantile(1.0 - (1.0 - level) / 2.0, nf - 1.0) * se;
    Summary {
        n,
        missing,
        mean,
        sd,
        se,
        confidence: level,
        ci_lower: mean - half,
        ci_upper: mean + half,
        min: v.first().copied().unwrap_or(nan),
        q1: quantile_sorted(&v, 0.25),
        median: quantile_sorted(&v, 0.5),
        q3: quantile_sorted(&v, 0.75),
        max: v.last().copied().unwrap_or(nan),
    }
}

/// The `p` quantile of Student's t distribution with `df` degrees of freedom (R's `qt(p, df)`).
/// `NaN` unless `0 < p < 1` and `df > 0`.
///
/// Up to [`T_EXPANSION_DF`] degrees of freedom it is `statrs`' inverse CDF (through the
/// inverse regularised beta function; within 1e-13 of the exact quantile there). Above, where
/// that inversion loses accuracy (at 10⁶ degrees of freedom it is off by 1e-4), it is the
/// Cornish–Fisher expansion of the t quantile about the normal quantile `z` to the fourth order
/// in `1/df` (Abramowitz & Stegun, *Handbook of Mathematical Functions*, 26.7.5), whose error
/// there is below 1e-12; infinite `df` gives `z`.
///
/// ```
/// use groupwell::stats::t_quantile;
/// assert!((t_quantile(0.975, 9.0) - 2.262157162798205).abs() < 1e-12);
/// assert!((t_quantile(0.025, 1.0) + 12.706204736174693).abs() < 1e-10);
/// assert!((t_quantile(0.975, 999_999.0) - 1.959966356816479).abs() < 1e-12);
/// assert!(t_quantile(0.975, 0.0).is_nan());
/// assert!(t_quantile(1.0, 5.0).is_nan());
/// ```
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if !(p > 0.0 && p < 1.0 && df > 0.0) {
        return f64::NAN;
    }
    if df > T_EXPANSION_DF {
        let Ok(normal) = Normal::new(0.0, 1.0) else {
            return f64::NAN;
        };
        let z = normal.inverse_cdf(p);
        let z2 = z * z;
        let g1 = (z2 + 1.0) * z / 4.0;
        let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
        let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
        let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
        let v = 1.0 / df;
        return z + v * (g1 + v * (g2 + v * (g3 + v * g4)));
    }
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) => t.inverse_cdf(p),
        Err(_) => f64::NAN,
    }
}

/// Degrees of freedom above which [`t_quantile`] uses the Cornish–Fisher expansion rather than
/// inverting the t distribution's CDF.
pub const T_EXPANSION_DF: f64 = 1000.0;

/// A result for one group of rows.
///
/// ```
/// use groupwell::stats::{summary_by_group, Grouped};
/// let g: Vec<Grouped<_>> = summary_by_group(&[1.0, 2.0], &["a", "b"])?;
/// assert_eq!(g[1].group, "b");
/// assert_eq!(g[1].value.mean, 2.0);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Grouped<T> {
    /// The group label.
    pub group: String,
    /// The result for the rows of that group.
    pub value: T,
}

/// The distinct labels in ascending (byte) order, and each row's position among them.
pub(crate) fn group_rows<S: AsRef<str>>(groups: &[S]) -> (Vec<String>, Vec<usize>) {
    // One hash look-up per row: positions in order of first appearance, then renumbered.
    let mut first: FxHashMap<&str, usize> = FxHashMap::default();
    let mut seen: Vec<&str> = Vec::new();
    let mut rows: Vec<usize> = Vec::with_capacity(groups.len());
    for g in groups {
        let g = g.as_ref();
        let next = seen.len();
        let i = *first.entry(g).or_insert(next);
        if i == next {
            seen.push(g);
        }
        rows.push(i);
    }
    let mut order: Vec<usize> = (0..seen.len()).collect();
    order.sort_unstable_by_key(|&i| seen.get(i).copied().unwrap_or(""));
    let mut renumber = vec![0usize; seen.len()];
    for (new, &old) in order.iter().enumerate() {
        if let Some(slot) = renumber.get_mut(old) {
            *slot = new;
        }
    }
    for r in &mut rows {
        *r = renumber.get(*r).copied().unwrap_or(0);
    }
    let labels = order
        .iter()
        .map(|&i| seen.get(i).copied().unwrap_or("").to_string())
        .collect();
    (labels, rows)
}

/// [`Summary::of`] for each group of rows: `groups` holds one label per value (a program, a
/// unit, a format...). Groups come in ascending order of their labels (byte order, as Rust
/// sorts strings); a group whose values are all missing has `n` 0 and `NaN` statistics. Summaries
/// by timepoint are one call per timepoint's column.
///
/// Errors: [`Error::LengthMismatch`] when `groups` and `values` differ in length.
///
/// ```
/// use groupwell::stats::summary_by_group;
/// let s = summary_by_group(&[0.5, 0.7, f64::NAN, 0.9], &["b", "a", "a", "b"])?;
/// assert_eq!(s.iter().map(|g| g.group.as_str()).collect::<Vec<_>>(), ["a", "b"]);
/// assert_eq!((s[0].value.n, s[0].value.missing), (1, 1));
/// assert_eq!(s[1].value.mean, 0.7);
/// assert!(summary_by_group(&[1.0], &["a", "b"]).is_err());
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn summary_by_group<S: AsRef<str>>(
    values: &[f64],
    groups: &[S],
) -> Result<Vec<Grouped<Summary>>> {
    summary_by_group_with_confidence(values, groups, 0.95)
}

/// [`summary_by_group`] with confidence intervals at another `level` (as
/// [`Summary::with_confidence`]; an invalid level is an error before any grouping).
///
/// ```
/// use groupwell::stats::summary_by_group_with_confidence;
/// let s = summary_by_group_with_confidence(&[1.0, 2.0, 3.0, 4.0], &["a", "a", "b", "b"], 0.9)?;
/// assert_eq!(s[0].value.confidence, 0.9);
/// assert!(summary_by_group_with_confidence(&[1.0], &["a"], 1.5).is_err());
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn summary_by_group_with_confidence<S: AsRef<str>>(
    values: &[f64],
    groups: &[S],
    level: f64,
) -> Result<Vec<Grouped<Summary>>> {
    Summary::with_confidence(&[], level)?;
    if groups.len() != values.len() {
        return Err(Error::LengthMismatch {
            field: "groups".into(),
            expected: values.len(),
            found: groups.len(),
        });
    }
    let (labels, rows) = group_rows(groups);
    let mut buckets: Vec<Vec<f64>> = vec![Vec::new(); labels.len()];
    for (&g, &v) in rows.iter().zip(values) {
        if let Some(b) = buckets.get_mut(g) {
            b.push(v);
        }
    }
    labels
        .into_iter()
        .zip(buckets)
        .map(|(group, b)| Summary::with_confidence(&b, level).map(|value| Grouped { group, value }))
        .collect()
}

/// The `p` quantile of sorted values (R type 7), computed as R's `quantile()` does:
/// `(1 − h) · x[lo] + h · x[hi]` at the position `(n − 1) · p`, so results agree to the bit.
///
/// ```
/// assert_eq!(groupwell::stats::quantile_sorted(&[1.0, 2.0, 3.0], 0.5), 2.0);
/// // 0.25 · 0.5 + 0.75 · 0.7, as R computes it (R prints 0.65)
/// assert_eq!(groupwell::stats::quantile_sorted(&[0.5, 0.7, 0.9, 1.0], 0.25), 0.6499999999999999);
/// assert!(groupwell::stats::quantile_sorted(&[], 0.5).is_nan());
/// ```
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    let index = (n - 1) as f64 * p;
    let lo = index.floor();
    let i = lo as usize;
    let a = sorted.get(i).copied().unwrap_or(f64::NAN);
    let b = sorted.get(i + 1).copied().unwrap_or(a);
    let h = index - lo;
    if h > 0.0 && b != a {
        (1.0 - h) * a + h * b
    } else {
        a
    }
}
