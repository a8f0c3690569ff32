//! Inference for goals: proportions with confidence intervals and an exact binomial test, and
//! paired comparisons (t-test and Wilcoxon signed-rank test).
//!
//! The distributions come from `statrs`; the conventions follow R's `binom.test`, `t.test(paired
//! = TRUE)` and `wilcox.test(paired = TRUE)` so that results can be checked there.

use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta, Binomial, ContinuousCDF, DiscreteCDF, Normal, StudentsT};

use super::t_quantile;
use crate::error::{Error, Result};

/// How a confidence interval of a proportion is computed.
///
/// ```
/// use groupwell::stats::CiMethod;
/// assert_eq!(CiMethod::default(), CiMethod::Wilson);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CiMethod {
    /// Wilson's score interval (without continuity correction): good coverage for small
    /// samples and proportions near 0 or 1.
    #[default]
    Wilson,
    /// The Clopper–Pearson "exact" interval from Beta quantiles: conservative.
    ClopperPearson,
}

/// Which way a one-sided test looks.
///
/// ```
/// use groupwell::stats::Alternative;
/// assert_eq!(serde_json::to_string(&Alternative::Greater).unwrap(), "\"greater\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Alternative {
    /// The true value is greater than the null value.
    Greater,
    /// The true value is less than the null value.
    Less,
    /// The true value differs from the null value.
    TwoSided,
}

fn check_level(level: f64) -> Result<()> {
    if level > 0.0 && level < 1.0 {
        Ok(())
    } else {
        Err(Error::InvalidArgument {
            argument: "confidence level".into(),
            value: level.to_string(),
            expected: "a number strictly between 0 and 1 (e.g. 0.95)".into(),
        })
    }
}

fn normal_quantile(p: f64) -> f64 {
    match Normal::new(0.0, 1.0) {
        Ok(n) if p > 0.0 && p < 1.0 => n.inverse_cdf(p),
        _ => f64::NAN,
    }
}

fn normal_cdf(x: f64) -> f64 {
    match Normal::new(0.0, 1.0) {
        Ok(n) => n.cdf(x),
        Err(_) => f64::NAN,
    }
}

/// A proportion with its confidence interval.
///
/// ```
/// use groupwell::stats::{proportion, CiMethod};
/// let p = proportion(7, 12, 0.95, CiMethod::Wilson)?;
/// assert!((p.estimate - 0.5833).abs() < 1e-4);
/// assert!((p.lower - 0.3195).abs() < 1e-4 && (p.upper - 0.8067).abs() < 1e-4);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Proportion {
    /// Number of successes.
    pub successes: u64,
    /// Number of trials.
    pub n: u64,
    /// `successes / n` (`NaN` when `n` is 0).
    pub estimate: f64,
    /// Lower bound of the interval (`NaN` when `n` is 0).
    pub lower: f64,
    /// Upper bound of the interval (`NaN` when `n` is 0).
    pub upper: f64,
    /// The confidence level.
    pub level: f64,
    /// The interval's method.
    pub method: CiMethod,
}

/// The proportion `successes / n` with a two-sided confidence interval at `level`. With `n` 0
/// the estimate and the bounds are `NaN`; `successes > n` or a level outside (0, 1) is an error.
///
/// Wilson: `(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`, `z` the normal quantile at
/// `1 − α/2`. Clopper–Pearson: `Beta(x, n−x+1)` at `α/2` and `Beta(x+1, n−x)` at `1 − α/2`
/// (0 and 1 at the ends).
///
/// ```
/// use groupwell::stats::{proportion, CiMethod};
/// let cp = proportion(7, 12, 0.95, CiMethod::ClopperPearson)?;
/// assert!((cp.lower - 0.2766697).abs() < 1e-6 && (cp.upper - 0.8483478).abs() < 1e-6);
/// let all = proportion(12, 12, 0.95, CiMethod::ClopperPearson)?;
/// assert_eq!(all.upper, 1.0);
/// assert!(proportion(13, 12, 0.95, CiMethod::Wilson).is_err());
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn proportion(successes: u64, n: u64, level: f64, method: CiMethod) -> Result<Proportion> {
    check_level(level)?;
    if successes > n {
        return Err(Error::InvalidArgument {
            argument: "successes".into(),
            value: successes.to_string(),
            expected: format!("at most the number of trials ({n})"),
        });
    }
    let mut out = Proportion {
        successes,
        n,
        estimate: f64::NAN,
        lower: f64::NAN,
        upper: f64::NAN,
        level,
        method,
    };
    if n == 0 {
        return Ok(out);
    }
    let (x, nf) = (successes as f64, n as f64);
    let p = x / nf;
    out.estimate = p;
    let alpha = 1.0 - level;
    match method {
        CiMethod::Wilson => {
            let z = normal_quantile(1.0 - alpha / 2.0);
            let z2 = z * z;
            let denom = 1.0 + z2 / nf;
            let centre = (p + z2 / (2.0 * nf)) / denom;
            let half = z / denom * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt();
            out.lower = (centre - half).max(0.0);
            out.upper = (centre + half).min(1.0);
        }
        CiMethod::ClopperPearson => {
            out.lower = if successes == 0 {
                0.0
            } else {
                Beta::new(x, nf - x + 1.0).map_or(f64::NAN, |b| b.inverse_cdf(alpha / 2.0))
            };
            out.upper = if successes == n {
                1.0
            } else {
                Beta::new(x + 1.0, nf - x).map_or(f64::NAN, |b| b.inverse_cdf(1.0 - alpha / 2.0))
            };
        }
    }
    Ok(out)
}

/// The exact binomial test of `successes` in `n` trials against the null proportion `p0`: the
/// p-value. `Greater`: `P(X ≥ x)`; `Less`: `P(X ≤ x)`; `TwoSided`: the sum of the
/// probabilities of all outcomes no more likely than `x` (R's `binom.test`, with its relative
/// tolerance of 1 + 1e-7).
///
/// ```
/// use groupwell::stats::{binomial_test, Alternative};
/// // 7 of 12 against 0.5: P(X ≥ 7) = 1586/4096
/// assert!((binomial_test(7, 12, 0.5, Alternative::Greater)? - 0.38720703125).abs() < 1e-12);
/// assert!((binomial_test(7, 12, 0.5, Alternative::TwoSided)? - 0.7744140625).abs() < 1e-12);
/// assert!((binomial_test(2, 10, 0.5, Alternative::Less)? - 0.0546875).abs() < 1e-12);
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn binomial_test(successes: u64, n: u64, p0: f64, alternative: Alternative) -> Result<f64> {
    if !(0.0..=1.0).contains(&p0) {
        return Err(Error::InvalidArgument {
            argument: "null proportion".into(),
            value: p0.to_string(),
            expected: "a number in 0..=1".into(),
        });
    }
    if successes > n {
        return Err(Error::InvalidArgument {
            argument: "successes".into(),
            value: successes.to_string(),
            expected: format!("at most the number of trials ({n})"),
        });
    }
    if n == 0 {
        return Ok(1.0);
    }
    let bin = Binomial::new(p0, n).map_err(|e| Error::InvalidArgument {
        argument: "null proportion".into(),
        value: p0.to_string(),
        expected: e.to_string(),
    })?;
    use statrs::distribution::Discrete;
    let p = match alternative {
        Alternative::Greater if successes == 0 => 1.0,
        Alternative::Greater => bin.sf(successes - 1),
        Alternative::Less => bin.cdf(successes),
        Alternative::TwoSided => {
            let d = bin.pmf(successes);
            let limit = d * (1.0 + 1e-7);
            (0..=n).map(|k| bin.pmf(k)).filter(|&q| q <= limit).sum()
        }
    };
    Ok(p.clamp(0.0, 1.0))
}

/// A paired comparison: the mean of the differences (follow-up − baseline) with its t interval,
/// the paired t-test and the Wilcoxon signed-rank test.
///
/// ```
/// use groupwell::stats::{paired, Alternative};
/// let before = [60.0, 55.0, 70.0, 40.0, 65.0, 50.0];
/// let after = [70.0, 60.0, 72.0, 55.0, 60.0, 66.0];
/// let t = paired(&before, &after, 0.95, Alternative::TwoSided)?;
/// assert_eq!(t.n, 6);
/// assert!((t.mean - 43.0 / 6.0).abs() < 1e-12);
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Paired {
    /// Pairs with both values (pairs with a `NaN` are left out).
    pub n: usize,
    /// Mean difference (follow-up − baseline).
    pub mean: f64,
    /// Standard deviation of the differences.
    pub sd: f64,
    /// Confidence level of the interval.
    pub level: f64,
    /// Lower bound of the t interval of the mean difference.
    pub ci_lower: f64,
    /// Upper bound.
    pub ci_upper: f64,
    /// The alternative both tests use.
    pub alternative: Alternative,
    /// Paired t statistic.
    pub t: f64,
    /// Its degrees of freedom (`n − 1`).
    pub df: f64,
    /// p-value of the paired t-test.
    pub t_p_value: f64,
    /// Wilcoxon signed-rank statistic V: the sum of the ranks of the positive differences
    /// (zero differences dropped, ties given mean ranks).
    pub wilcoxon_v: f64,
    /// Number of non-zero differences the Wilcoxon test used.
    pub wilcoxon_n: usize,
    /// p-value of the Wilcoxon test: exact when fewer than 50 non-zero differences and no ties,
    /// otherwise the normal approximation with tie and continuity corrections (as R).
    pub wilcoxon_p_value: f64,
    /// Whether the Wilcoxon p-value is exact.
    pub wilcoxon_exact: bool,
}

/// Compares paired scores (`baseline[i]` with `follow_up[i]`); pairs with a `NaN` are left out.
/// Fewer than two pairs give `NaN` statistics; slices of different lengths or a level outside
/// (0, 1) are errors.
///
/// ```
/// use groupwell::stats::{paired, Alternative};
/// let t = paired(&[1.0, 2.0, 3.0, 4.0], &[2.0, 2.5, 5.0, 4.5], 0.95, Alternative::Greater)?;
/// // differences 1, 0.5, 2, 0.5: mean 1, sd 0.7071, t = 2.8284 on 3 df
/// assert!((t.t - 2.8284271247461903).abs() < 1e-12);
/// assert!((t.t_p_value - 0.033138).abs() < 1e-6);
/// // V = 10 (every difference positive), ties: normal approximation
/// assert_eq!((t.wilcoxon_v, t.wilcoxon_exact), (10.0, false));
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn paired(
    baseline: &[f64],
    follow_up: &[f64],
    level: f64,
    alternative: Alternative,
) -> Result<Paired> {
    check_level(level)?;
    if baseline.len() != follow_up.len() {
        return Err(Error::LengthMismatch {
            field: "follow_up".into(),
            expected: baseline.len(),
            found: follow_up.len(),
        });
    }
    let diffs: Vec<f64> = baseline
        .iter()
        .zip(follow_up)
        .filter(|(a, b)| !a.is_nan() && !b.is_nan())
        .map(|(a, b)| b - a)
        .collect();
    let n = diffs.len();
    let mut out = Paired {
        n,
        mean: f64::NAN,
        sd: f64::NAN,
        level,
        ci_lower: f64::NAN,
        ci_upper: f64::NAN,
        alternative,
        t: f64::NAN,
        df: f64::NAN,
        t_p_value: f64::NAN,
        wilcoxon_v: f64::NAN,
        wilcoxon_n: 0,
        wilcoxon_p_value: f64::NAN,
        wilcoxon_exact: false,
    };
    if n == 0 {
        return Ok(out);
    }
    let nf = n as f64;
    let mean = diffs.iter().sum::<f64>() / nf;
    out.mean = mean;
    if n >= 2 {
        let var = diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (nf - 1.0);
        let sd = var.sqrt();
        let se = sd / nf.sqrt();
        let df = nf - 1.0;
        out.sd = sd;
        out.df = df;
        out.t = mean / se;
        let tq = t_quantile(1.0 - (1.0 - level) / 2.0, df);
        out.ci_lower = mean - tq * se;
        out.ci_upper = mean + tq * se;
        if let Ok(dist) = StudentsT::new(0.0, 1.0, df)
            && out.t.is_finite()
        {
            out.t_p_value = match alternative {
                Alternative::Greater => dist.sf(out.t),
                Alternative::Less => dist.cdf(out.t),
                Alternative::TwoSided => (2.0 * dist.sf(out.t.abs())).min(1.0),
            };
        }
    }
    wilcoxon(&diffs, alternative, &mut out);
    Ok(out)
}

fn wilcoxon(diffs: &[f64], alternative: Alternative, out: &mut Paired) {
    let mut nz: Vec<f64> = diffs.iter().copied().filter(|d| *d != 0.0).collect();
    let n = nz.len();
    out.wilcoxon_n = n;
    if n == 0 {
        return;
    }
    nz.sort_by(|a, b| a.abs().total_cmp(&b.abs()));
    // Mean ranks of tied |d|; the tie correction Σ(t³ − t).
    let mut ranks = vec![0.0; n];
    let mut ties = false;
    let mut tie_sum = 0.0;
    let mut i = 0;
    while i < n {
        let a = nz.get(i).map_or(0.0, |d| d.abs());
        let mut j = i + 1;
        while nz.get(j).is_some_and(|d| d.abs() == a) {
            j += 1;
        }
        let rank = (i + 1 + j) as f64 / 2.0;
        for r in ranks.iter_mut().take(j).skip(i) {
            *r = rank;
        }
        let t = (j - i) as f64;
        if j - i > 1 {
            ties = true;
            tie_sum += t * t * t - t;
        }
        i = j;
    }
    let v: f64 = nz
        .iter()
        .zip(&ranks)
        .filter(|(d, _)| **d > 0.0)
        .map(|(_, r)| r)
        .sum();
    out.wilcoxon_v = v;
    let nf = n as f64;
    if n < 50 && !ties {
        out.wilcoxon_exact = true;
        // Distribution of V under H0: counts of subsets of 1..=n by their sum.
        let max = n * (n + 1) / 2;
        let mut counts = vec![0f64; max + 1];
        if let Some(c) = counts.first_mut() {
            *c = 1.0;
        }
        for k in 1..=n {
            for s in (k..=max).rev() {
                let add = counts.get(s - k).copied().unwrap_or(0.0);
                if let Some(c) = counts.get_mut(s) {
                    *c += add;
                }
            }
        }
        let total = 2f64.powi(n as i32);
        let vi = v.round() as usize;
        let upper: f64 = counts.iter().skip(vi).sum::<f64>() / total; // P(V ≥ v)
        let lower: f64 = counts.iter().take(vi + 1).sum::<f64>() / total; // P(V ≤ v)
        out.wilcoxon_p_value = match alternative {
            Alternative::Greater => upper,
            Alternative::Less => lower,
            Alternative::TwoSided => (2.0 * upper.min(lower)).min(1.0),
        };
    } else {
        let mean = nf * (nf + 1.0) / 4.0;
        let sigma = (nf * (nf + 1.0) * (2.0 * nf + 1.0) / 24.0 - tie_sum / 48.0).sqrt();
        let z = v - mean;
        let correction = match alternative {
            Alternative::Greater => 0.5,
            Alternative::Less => -0.5,
            Alternative::TwoSided => 0.5 * z.signum(),
        };
        let z = (z - correction) / sigma;
        out.wilcoxon_p_value = match alternative {
            Alternative::Greater => 1.0 - normal_cdf(z),
            Alternative::Less => normal_cdf(z),
            Alternative::TwoSided => (2.0 * normal_cdf(-z.abs())).min(1.0),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from SciPy 1.x (`binomtest`, `ttest_rel`, `wilcoxon` with
    // zero_method="wilcox", correction=True), which follow R's conventions.

    #[test]
    fn wilson_and_clopper_pearson_7_of_12() {
        let w = proportion(7, 12, 0.95, CiMethod::Wilson).unwrap();
        assert!((w.lower - 0.31951131254954973).abs() < 1e-12, "{w:?}");
        assert!((w.upper - 0.8067396863412435).abs() < 1e-12, "{w:?}");
        let cp = proportion(7, 12, 0.95, CiMethod::ClopperPearson).unwrap();
        assert!((cp.lower - 0.2766696856821058).abs() < 1e-10, "{cp:?}");
        assert!((cp.upper - 0.8483477701915653).abs() < 1e-10, "{cp:?}");
        let none = proportion(0, 0, 0.95, CiMethod::Wilson).unwrap();
        assert!(none.estimate.is_nan() && none.lower.is_nan());
        let zero = proportion(0, 10, 0.95, CiMethod::ClopperPearson).unwrap();
        assert_eq!(zero.lower, 0.0);
        assert!(proportion(1, 2, 1.0, CiMethod::Wilson).is_err());
    }

    #[test]
    fn binomial_tests() {
        assert!(
            (binomial_test(7, 12, 0.5, Alternative::Greater).unwrap() - 0.38720703125).abs()
                < 1e-12
        );
        assert!(
            (binomial_test(7, 12, 0.5, Alternative::TwoSided).unwrap() - 0.7744140625).abs()
                < 1e-12
        );
        assert!((binomial_test(2, 10, 0.5, Alternative::Less).unwrap() - 0.0546875).abs() < 1e-12);
        assert_eq!(
            binomial_test(0, 10, 0.5, Alternative::Greater).unwrap(),
            1.0
        );
        assert!(binomial_test(1, 10, 1.5, Alternative::Greater).is_err());
    }

    #[test]
    fn paired_tests() {
        let t = paired(
            &[1.0, 2.0, 3.0, 4.0],
            &[2.0, 2.5, 5.0, 4.5],
            0.95,
            Alternative::Greater,
        )
        .unwrap();
        assert!((t.t - 2.82842712474619).abs() < 1e-12);
        assert!((t.t_p_value - 0.033137801370762145).abs() < 1e-9, "{t:?}");
        assert!(
            (t.wilcoxon_p_value - 0.0487562690890548).abs() < 1e-9,
            "{t:?}"
        );
        assert!(!t.wilcoxon_exact);

        let before = [60.0, 55.0, 70.0, 40.0, 65.0, 50.0];
        let after = [70.0, 60.0, 72.0, 55.0, 60.0, 66.0];
        let t = paired(&before, &after, 0.95, Alternative::TwoSided).unwrap();
        assert!((t.t - 2.1712741449537463).abs() < 1e-12);
        assert!((t.t_p_value - 0.08201102522511057).abs() < 1e-9, "{t:?}");
        assert_eq!(t.wilcoxon_v, 18.5);
        assert!(
            (t.wilcoxon_p_value - 0.11484960926328612).abs() < 1e-9,
            "{t:?}"
        );
        assert!((t.ci_lower + 1.3179842458905027).abs() < 1e-9, "{t:?}");
        assert!((t.ci_upper - 15.651317579223836).abs() < 1e-9, "{t:?}");

        // No ties among the non-zero differences (one zero dropped): exact.
        let d = [3.0, -1.0, 4.0, 1.5, 9.0, 2.6, -5.0, 3.5, 8.0, 7.2, 0.0, 6.1];
        let zeros = [0.0; 12];
        let t = paired(&zeros, &d, 0.95, Alternative::TwoSided).unwrap();
        assert!(t.wilcoxon_exact && t.wilcoxon_n == 11);
        assert_eq!(t.wilcoxon_v, 58.0);
        assert!((t.wilcoxon_p_value - 0.0244140625).abs() < 1e-12, "{t:?}");
        let g = paired(&zeros, &d, 0.95, Alternative::Greater).unwrap();
        assert!((g.wilcoxon_p_value - 0.01220703125).abs() < 1e-12, "{g:?}");
        assert!(paired(&[1.0], &[1.0, 2.0], 0.95, Alternative::Less).is_err());
    }
}
