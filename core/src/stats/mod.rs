//! Descriptive statistics of scores (index values, EQ VAS, scale totals).

/// Summary of a column of scores; `NaN` values count as missing and are left out.
///
/// Quartiles and the median use linear interpolation between order statistics (R's default,
/// `quantile(type = 7)`). With fewer than two values the SD is `NaN`; with none, every
/// statistic is `NaN` and `n` is 0.
///
/// ```
/// use groupwell::stats::Summary;
/// let s = Summary::of(&[1.0, 2.0, 3.0, 4.0, f64::NAN]);
/// assert_eq!((s.n, s.missing), (4, 1));
/// assert_eq!(s.mean, 2.5);
/// assert_eq!(s.median, 2.5);
/// assert_eq!((s.q1, s.q3), (1.75, 3.25));
/// assert!((s.sd - 1.2909944487358056).abs() < 1e-15);
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
    /// Summarises the values.
    pub fn of(values: &[f64]) -> Summary {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
        let n = v.len();
        let missing = values.len() - n;
        v.sort_by(f64::total_cmp);
        let nan = f64::NAN;
        if n == 0 {
            return Summary {
                n,
                missing,
                mean: nan,
                sd: nan,
                se: nan,
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
        Summary {
            n,
            missing,
            mean,
            sd,
            se: sd / nf.sqrt(),
            min: v.first().copied().unwrap_or(nan),
            q1: quantile_sorted(&v, 0.25),
            median: quantile_sorted(&v, 0.5),
            q3: quantile_sorted(&v, 0.75),
            max: v.last().copied().unwrap_or(nan),
        }
    }
}

/// The `p` quantile of sorted values (R type 7).
///
/// ```
/// assert_eq!(groupwell::stats::quantile_sorted(&[1.0, 2.0, 3.0], 0.5), 2.0);
/// assert!(groupwell::stats::quantile_sorted(&[], 0.5).is_nan());
/// ```
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    if n == 0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor();
    let i = lo as usize;
    let a = sorted.get(i).copied().unwrap_or(f64::NAN);
    let b = sorted.get(i + 1).copied().unwrap_or(a);
    a + (h - lo) * (b - a)
}
