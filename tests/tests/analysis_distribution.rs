//! Distribution analyses (level frequencies, cumulative frequencies, HSDC/HSDI, Shannon, LSS,
//! LFS), the Health Profile Grid and score summaries: against the reference results where they
//! exist, and hand-worked small cases.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use groupwell::Error;
use groupwell::eq5d::analysis::{
    Change, DuplicatePolicy, HpgOptions, Pairs, ShannonMax, StateCounts, cumulative_frequencies,
    health_profile_grid, hsdc, hsdi, level_frequencies, level_frequencies_by_group,
    level_frequency_distribution, level_sum_distribution, pair, shannon_by_dimension,
    shannon_profile, state_ranks,
};
use groupwell::eq5d::{Dimension, Instrument, State, StateCodes, ValueSet};
use groupwell::stats::{Summary, summary_by_group, t_quantile};
use groupwell_tests::{Csv, reference_dir};

fn cells(dir: &std::path::Path, file: &str) -> Vec<Option<String>> {
    let csv = Csv::read(&dir.join("eq5d/analysis").join(file)).unwrap();
    csv.rows
        .iter()
        .map(|r| Some(r[0].clone()).filter(|s| s != "NA" && !s.is_empty()))
        .collect()
}

fn column(dir: &std::path::Path, file: &str) -> StateCodes {
    StateCodes::from_strs(Instrument::Eq5d3l, &cells(dir, file))
}

fn strs(states: &[&str]) -> StateCodes {
    let cells: Vec<Option<&str>> = states
        .iter()
        .map(|s| Some(*s).filter(|s| *s != "NA"))
        .collect();
    StateCodes::from_strs(Instrument::Eq5d3l, &cells)
}

/// R's `round(x, 1)` for the values compared here (none sits on a tie).
fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

// ---------------------------------------------------------------------------------------------
// Reference data

#[test]
fn cumulative_frequencies_match_eq5dcf_exactly() {
    let Some(dir) = reference_dir() else { return };
    let pre = column(&dir, "pre.csv");
    let t = cumulative_frequencies(&pre).unwrap();
    assert_eq!((t.n, t.missing, t.invalid), (78, 0, 1));
    let want = Csv::read(&dir.join("eq5d/analysis/eq5dcf.csv")).unwrap();
    assert_eq!(
        want.header,
        [
            "State",
            "Frequency",
            "Percentage",
            "CumulativeFreq",
            "CumulativePerc"
        ]
    );
    assert_eq!(t.rows.len(), want.rows.len());
    for (got, w) in t.rows.iter().zip(&want.rows) {
        assert_eq!(got.state.to_string(), w[0]);
        assert_eq!(got.frequency.to_string(), w[1], "{}", w[0]);
        assert_eq!(r1(got.percent), w[2].parse::<f64>().unwrap(), "{}", w[0]);
        assert_eq!(got.cumulative_frequency.to_string(), w[3], "{}", w[0]);
        assert_eq!(
            r1(got.cumulative_percent),
            w[4].parse::<f64>().unwrap(),
            "{}",
            w[0]
        );
    }
    // Unrounded: 10 of 78.
    assert_eq!(t.rows[0].percent, 10.0 / 78.0 * 100.0);
    assert_eq!(t.rows.last().unwrap().cumulative_percent, 100.0);
}

#[test]
fn hsdi_matches_reference() {
    let Some(dir) = reference_dir() else { return };
    // The README's HSDI .56 is that of pre.csv (post.csv gives .50).
    let pre = column(&dir, "pre.csv");
    let h = hsdc(&pre).unwrap();
    assert_eq!(r2(h.hsdi), 0.56);
    assert_eq!((h.distinct, h.n), (28, 78));
    assert_eq!(h.states.len(), 29);
    assert_eq!((h.states[0], h.observations[0]), (0.0, 0.0));
    assert_eq!((h.states[28], h.observations[28]), (1.0, 1.0));
    assert!((h.hsdi - 0.561_355_311_355_311).abs() < 1e-12);
    // HSDI = 2 (1 − area under the curve), by the trapezoid rule.
    let auc: f64 = (1..h.states.len())
        .map(|i| {
            (h.states[i] - h.states[i - 1]) * (h.observations[i] + h.observations[i - 1]) / 2.0
        })
        .sum();
    assert!((h.hsdi - 2.0 * (1.0 - auc)).abs() < 1e-12);
    assert_eq!(r2(hsdi(&column(&dir, "post.csv")).unwrap()), 0.50);
}

#[test]
fn shannon_by_profile_matches_reference() {
    let Some(dir) = reference_dir() else { return };
    let pre = column(&dir, "pre.csv");
    let s = shannon_profile(&pre, ShannonMax::Possible).unwrap();
    assert_eq!((r2(s.h), r2(s.h_max), r2(s.j)), (4.33, 7.92, 0.55));
    assert_eq!(s.h_max, 243f64.log2());
    let o = shannon_profile(&pre, ShannonMax::Observed).unwrap();
    assert_eq!(o.h, s.h);
    assert_eq!(o.h_max, 28f64.log2());
    assert_eq!(r2(o.j), 0.90);
}

#[test]
fn shannon_by_dimension_from_level_counts() {
    let Some(dir) = reference_dir() else { return };
    let pre = column(&dir, "pre.csv");
    let f = level_frequencies(&pre).unwrap();
    let by_dim = shannon_by_dimension(&pre, ShannonMax::Possible).unwrap();
    for d in Dimension::ALL {
        let h: f64 = (1..=3)
            .map(|l| f.count(d, l) as f64 / 78.0)
            .filter(|&p| p > 0.0)
            .map(|p| -p * p.log2())
            .sum();
        let s = by_dim[d.index()];
        assert!((s.h - h).abs() < 1e-12, "{d:?}");
        assert_eq!(s.h_max, 3f64.log2());
        assert_eq!(s.j, s.h / s.h_max);
    }
}

#[test]
fn level_frequencies_agree_with_the_dimension_columns() {
    let Some(dir) = reference_dir() else { return };
    let pre = column(&dir, "pre.csv");
    let f = level_frequencies(&pre).unwrap();
    assert_eq!((f.n, f.missing, f.invalid), (78, 0, 1));
    let df = Csv::read(&dir.join("eq5d/analysis/pre_df.csv")).unwrap();
    let mut want = [[0usize; 5]; 5];
    for row in &df.rows {
        let levels: Vec<usize> = row.iter().filter_map(|c| c.parse().ok()).collect();
        if levels.len() == 5 && levels.iter().all(|l| (1..=3).contains(l)) {
            for (d, l) in levels.iter().enumerate() {
                want[d][l - 1] += 1;
            }
        }
    }
    assert_eq!(f.counts, want);
    for d in Dimension::ALL {
        let total: f64 = (1..=3).map(|l| f.percent(d, l)).sum();
        assert!((total - 100.0).abs() < 1e-9);
    }
}

#[test]
fn health_profile_grid_matches_reference_exactly() {
    let Some(dir) = reference_dir() else { return };
    let pre = column(&dir, "pre.csv");
    let post = column(&dir, "post.csv");
    let want = Csv::read(&dir.join("eq5d/analysis/hpg_3l_uk_tto_no_problems_false.csv")).unwrap();
    assert_eq!(want.header, ["Pre", "Post", "PCHC"]);
    assert_eq!(want.rows.len(), pre.len());
    let uk = ValueSet::get("3L_UK").unwrap();
    let ids: Vec<String> = (0..pre.len()).map(|i| i.to_string()).collect();
    let pairs = pair(&ids, &pre, &ids, &post, DuplicatePolicy::Error).unwrap();
    for decimals in [None, Some(3)] {
        let ranks = state_ranks(uk, decimals).unwrap();
        let grid = health_profile_grid(
            &pairs,
            uk,
            HpgOptions {
                no_problems: false,
                decimals,
            },
        )
        .unwrap();
        assert_eq!(grid.len(), 77);
        // Every valid side of every row, including rows whose other side is missing/invalid.
        for (row, w) in want.rows.iter().enumerate() {
            for (side, col) in [(&pre, 0), (&post, 1)] {
                let got = side.codes[row].map(|c| ranks[usize::from(c)].to_string());
                assert_eq!(got.as_deref().unwrap_or("NA"), w[col], "row {row}");
            }
        }
        // The grid's pairs, mapped back to their rows through the ids.
        let mut seen = 0;
        for (i, &row) in pairs.pre_rows.iter().enumerate() {
            assert_eq!(pairs.post_rows[i], row);
            let w = &want.rows[row];
            assert_eq!(grid.pre[i].to_string(), w[0], "row {row}");
            assert_eq!(grid.post[i].to_string(), w[1], "row {row}");
            assert_eq!(grid.change[i].label(), w[2], "row {row}");
            seen += 1;
        }
        // The rows not in the grid are exactly those with PCHC NA.
        let na = want.rows.iter().filter(|w| w[2] == "NA").count();
        assert_eq!(seen + na, want.rows.len());
        assert_eq!(pairs.excluded.len(), na);
    }
}

#[test]
fn ranks_use_min_ties_and_match_a_full_sort() {
    // Rank = 1 + number of states with a strictly higher value, for every built-in 3L and 5L
    // set we try.
    for id in ["3L_UK", "5L_SE_2022", "3L_US"] {
        let Ok(vs) = ValueSet::get(id) else { continue };
        let ranks = state_ranks(vs, Some(3)).unwrap();
        let t: Vec<f64> = vs
            .table()
            .iter()
            .map(|&v| groupwell::eq5d::round_index(v, 3))
            .collect();
        for (c, &r) in ranks.iter().enumerate() {
            let higher = t.iter().filter(|&&v| v > t[c]).count();
            assert_eq!(usize::from(r), higher + 1, "{id} code {c}");
        }
    }
    // The 3L UK tie: 12221 and 21122 are both 0.656 at every precision.
    let uk = ValueSet::get("3L_UK").unwrap();
    let full = state_ranks(uk, None).unwrap();
    let code = |s: &str| usize::from(State::parse(Instrument::Eq5d3l, s).unwrap().code());
    assert_eq!(full[code("12221")], 23);
    assert_eq!(full[code("21122")], 23);
    assert!(!full.contains(&24));
    assert!(state_ranks(uk, Some(11)).is_err());
}

// ---------------------------------------------------------------------------------------------
// Hand-worked cases

#[test]
fn level_frequencies_hand_worked() {
    let s = strs(&["11111", "21111", "32123", "NA", "11114", "12311"]);
    let f = level_frequencies(&s).unwrap();
    assert_eq!((f.n, f.missing, f.invalid), (4, 1, 1));
    assert_eq!(f.counts[0], [2, 1, 1, 0, 0]); // MO: 1 1 3 1
    assert_eq!(f.counts[1], [2, 2, 0, 0, 0]); // SC: 1 1 2 2
    assert_eq!(f.counts[2], [3, 0, 1, 0, 0]); // UA: 1 1 1 3
    assert_eq!(f.counts[3], [3, 1, 0, 0, 0]); // PD: 1 1 2 1
    assert_eq!(f.counts[4], [3, 0, 1, 0, 0]); // AD: 1 1 3 1
    assert_eq!(f.percent(Dimension::Mo, 1), 50.0);
    assert_eq!(f.percent(Dimension::Ua, 3), 25.0);
    let p = f.percentages();
    assert_eq!(&p[1][..3], [50.0, 50.0, 0.0]);
    assert!(p[1][3].is_nan() && p[1][4].is_nan());
}

#[test]
fn level_frequencies_by_group_hand_worked() {
    let s = strs(&["11111", "21111", "NA", "33333", "1111x", "11111"]);
    let groups = ["b", "a", "b", "a", "a", "c"];
    let g = level_frequencies_by_group(&s, &groups).unwrap();
    let labels: Vec<&str> = g.iter().map(|x| x.group.as_str()).collect();
    assert_eq!(labels, ["a", "b", "c"]);
    let a = &g[0].value;
    assert_eq!((a.n, a.missing, a.invalid), (2, 0, 1));
    assert_eq!(a.counts[0], [0, 1, 1, 0, 0]);
    assert_eq!(a.counts[4], [1, 0, 1, 0, 0]);
    let b = &g[1].value;
    assert_eq!((b.n, b.missing, b.invalid), (1, 1, 0));
    assert_eq!(b.counts[0], [1, 0, 0, 0, 0]);
    assert_eq!(g[2].value.n, 1);
    // The groups add up to the whole column.
    let all = level_frequencies(&s).unwrap();
    let mut sum = [[0usize; 5]; 5];
    for x in &g {
        for (srow, row) in sum.iter_mut().zip(&x.value.counts) {
            for (a, b) in srow.iter_mut().zip(row) {
                *a += b;
            }
        }
    }
    assert_eq!(sum, all.counts);
    // By timepoint: one call per column.
    let post = strs(&["11111"; 6]);
    let g2 = level_frequencies_by_group(&post, &groups).unwrap();
    assert_eq!(g2[0].value.counts[0], [3, 0, 0, 0, 0]);
}

#[test]
fn cumulative_frequencies_order_and_ties() {
    let s = strs(&["22222", "11112", "11111", "22222", "11112", "33333", "NA"]);
    let t = cumulative_frequencies(&s).unwrap();
    let got: Vec<(String, usize, usize)> = t
        .rows
        .iter()
        .map(|r| (r.state.to_string(), r.frequency, r.cumulative_frequency))
        .collect();
    assert_eq!(
        got,
        [
            ("11112".to_string(), 2, 2),
            ("22222".to_string(), 2, 4),
            ("11111".to_string(), 1, 5),
            ("33333".to_string(), 1, 6),
        ]
    );
    assert_eq!(t.rows[0].percent, 2.0 / 6.0 * 100.0);
    assert_eq!(t.rows[3].cumulative_percent, 100.0);
    assert_eq!(t.missing, 1);
}

#[test]
fn hsdc_hand_worked() {
    // Frequencies 4, 2, 1, 1 over 4 distinct states.
    let s = strs(&[
        "11111", "11111", "11111", "11111", "22222", "22222", "33333", "12121",
    ]);
    let h = hsdc(&s).unwrap();
    assert_eq!(h.states, [0.0, 0.25, 0.5, 0.75, 1.0]);
    assert_eq!(h.observations, [0.0, 0.5, 0.75, 0.875, 1.0]);
    // Σ Δy (x_i + x_{i−1}) = .5·.25 + .25·.75 + .125·1.25 + .125·1.75
    let want = 0.5 * 0.25 + 0.25 * 0.75 + 0.125 * 1.25 + 0.125 * 1.75;
    assert!((h.hsdi - want).abs() < 1e-15);
    assert_eq!(want, 0.6875);
    // Equal frequencies: the diagonal, HSDI 1.
    assert_eq!(hsdi(&strs(&["11111", "22222", "33333"])).unwrap(), 1.0);
}

#[test]
fn shannon_hand_worked() {
    // Profiles: 11111 ×2, 11112 ×1, 11113 ×1 → p = .5 .25 .25, H = 1.5 bits.
    let s = strs(&["11111", "11111", "11112", "11113"]);
    let p = shannon_profile(&s, ShannonMax::Possible).unwrap();
    assert_eq!(p.h, 1.5);
    assert_eq!(p.j, 1.5 / 243f64.log2());
    let o = shannon_profile(&s, ShannonMax::Observed).unwrap();
    assert_eq!((o.h_max, o.j), (3f64.log2(), 1.5 / 3f64.log2()));
    let d = shannon_by_dimension(&s, ShannonMax::Possible).unwrap();
    assert_eq!(d[0].h, 0.0); // MO all level 1
    assert_eq!(d[0].j, 0.0);
    assert_eq!(d[4].h, 1.5); // AD 1 1 2 3
    assert_eq!(d[4].h_max, 3f64.log2());
    let d = shannon_by_dimension(&s, ShannonMax::Observed).unwrap();
    assert!(d[0].j.is_nan()); // one observed level: H'max = 0
    assert_eq!((d[4].h_max, d[4].j), (3f64.log2(), 1.5 / 3f64.log2()));
}

#[test]
fn lss_and_lfs_hand_worked() {
    let s = strs(&["11111", "11223", "12123", "33333", "NA"]);
    let lss = level_sum_distribution(&s).unwrap();
    let scores: Vec<u8> = lss.rows.iter().map(|r| r.score).collect();
    assert_eq!(scores, (5..=15).collect::<Vec<u8>>());
    let freq = |score: u8| {
        lss.rows
            .iter()
            .find(|r| r.score == score)
            .unwrap()
            .frequency
    };
    assert_eq!((freq(5), freq(9), freq(15), freq(10)), (1, 2, 1, 0));
    assert_eq!(lss.rows[4].percent, 50.0); // 9
    assert_eq!((lss.n, lss.missing), (4, 1));

    let lfs = level_frequency_distribution(&s).unwrap();
    assert_eq!(lfs.rows.len(), 21);
    let labels: Vec<&str> = lfs.rows.iter().map(|r| r.score.as_str()).collect();
    let mut sorted = labels.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(labels, sorted);
    assert!(
        labels
            .iter()
            .all(|l| l.len() == 3 && l.bytes().map(|b| b - b'0').sum::<u8>() == 5)
    );
    let f = |label: &str| {
        lfs.rows
            .iter()
            .find(|r| r.score == label)
            .unwrap()
            .frequency
    };
    assert_eq!((f("500"), f("221"), f("005"), f("410")), (1, 2, 1, 0));
    // Each state's LFS is State::level_frequency.
    assert_eq!(
        State::parse(Instrument::Eq5d3l, "12123")
            .unwrap()
            .level_frequency(),
        "221"
    );

    let five = StateCodes::from_strs(Instrument::Eq5d5l, &[Some("12345"), Some("55555")]);
    let lss5 = level_sum_distribution(&five).unwrap();
    assert_eq!(lss5.rows.len(), 21);
    assert_eq!(
        lss5.rows.last().map(|r| (r.score, r.frequency)),
        Some((25, 1))
    );
    let lfs5 = level_frequency_distribution(&five).unwrap();
    assert_eq!(lfs5.rows.len(), 126);
    assert_eq!(lfs5.rows[0].score, "50000");
    assert_eq!(lfs5.rows[125].score, "00005");
    let f5 = |label: &str| {
        lfs5.rows
            .iter()
            .find(|r| r.score == label)
            .unwrap()
            .frequency
    };
    assert_eq!((f5("11111"), f5("00005")), (1, 1));
}

#[test]
fn state_counts_of_pairs_side() {
    let s = strs(&["11111", "21111", "NA"]);
    let ids = ["a", "b", "c"];
    let p = pair(&ids, &s, &ids, &s, DuplicatePolicy::Error).unwrap();
    let c = StateCounts::of_codes(Instrument::Eq5d3l, &p.pre).unwrap();
    assert_eq!(c.level_frequencies().counts[0], [1, 1, 0, 0, 0]);
    assert_eq!((c.n, c.missing, c.distinct()), (2, 0, 2));
}

// ---------------------------------------------------------------------------------------------
// Summaries

#[test]
fn summary_ci_hand_computed() {
    // t.test(c(0.5, 0.7, 0.9, 1.0))$conf.int: 0.42216921410693 1.12783078589307
    let s = Summary::of(&[0.5, 0.7, f64::NAN, 0.9, 1.0]);
    assert_eq!((s.n, s.missing), (4, 1));
    assert!((s.mean - 0.775).abs() < 1e-15);
    let sd = (0.1475f64 / 3.0).sqrt();
    assert!((s.sd - sd).abs() < 1e-15);
    assert!((s.se - sd / 2.0).abs() < 1e-15);
    let qt = 3.182_446_305_283_708; // qt(0.975, 3)
    assert!((s.ci_lower - (0.775 - qt * sd / 2.0)).abs() < 1e-9);
    assert!((s.ci_upper - (0.775 + qt * sd / 2.0)).abs() < 1e-9);
    assert!((s.ci_lower - 0.422_169_214_106_930).abs() < 1e-12);
    assert!((s.ci_upper - 1.127_830_785_893_07).abs() < 1e-12);
    assert_eq!(s.confidence, 0.95);
    assert_eq!(
        (s.min, s.q1, s.median, s.q3, s.max),
        (0.5, 0.25 * 0.5 + 0.75 * 0.7, 0.8, 0.925, 1.0)
    );
}

#[test]
fn t_quantiles_match_r() {
    // qt(p, df), computed to 20 digits with mpmath (findroot on the regularised incomplete
    // beta function); R gives the same to its 15 digits.
    for (p, df, want) in [
        (0.975, 1.0, 12.706_204_736_174_693),
        (0.975, 2.0, 4.302_652_729_749_462),
        (0.975, 3.0, 3.182_446_305_283_708),
        (0.975, 9.0, 2.262_157_162_798_205),
        (0.975, 29.0, 2.045_229_642_132_704),
        (0.975, 99.0, 1.984_216_951_586_417),
        (0.975, 10_000.0, 1.960_201_239_890_626),
        (0.975, 100_000.0, 1.959_987_707_534_609),
        (0.975, 999_999.0, 1.959_966_356_816_479),
        (0.95, 10.0, 1.812_461_122_811_676),
        (0.95, 2.0, 2.919_985_580_353_724),
        (0.025, 5.0, -2.570_581_835_636_315),
    ] {
        let got = t_quantile(p, df);
        assert!(
            (got - want).abs() < 1e-8 * want.abs(),
            "qt({p}, {df}) = {got}, want {want}"
        );
    }
    assert!(t_quantile(0.5, f64::NAN).is_nan());
    assert!(t_quantile(f64::NAN, 3.0).is_nan());
    assert!(t_quantile(0.0, 3.0).is_nan());
}

#[test]
fn summary_edge_cases() {
    let one = Summary::of(&[0.3]);
    assert_eq!((one.n, one.mean, one.median), (1, 0.3, 0.3));
    assert!(one.sd.is_nan() && one.se.is_nan() && one.ci_lower.is_nan() && one.ci_upper.is_nan());
    let none = Summary::of(&[f64::NAN, f64::NAN]);
    assert_eq!((none.n, none.missing), (0, 2));
    assert!(none.mean.is_nan() && none.ci_lower.is_nan() && none.max.is_nan());
    let same = Summary::of(&[2.0, 2.0, 2.0]);
    assert_eq!((same.ci_lower, same.ci_upper), (2.0, 2.0));
    let s90 = Summary::with_confidence(&[1.0, 2.0, 3.0, 4.0], 0.9).unwrap();
    let s95 = Summary::of(&[1.0, 2.0, 3.0, 4.0]);
    assert!(s90.ci_upper < s95.ci_upper && s90.ci_lower > s95.ci_lower);
    for bad in [0.0, 1.0, -0.5, 95.0, f64::NAN] {
        assert!(matches!(
            Summary::with_confidence(&[1.0], bad),
            Err(Error::InvalidArgument { .. })
        ));
    }
}

#[test]
fn summaries_by_group() {
    let values = [0.8, f64::NAN, 0.6, 1.0, 0.4, 50.0];
    let groups = [
        "on-site", "digital", "on-site", "digital", "on-site", "virtual",
    ];
    let g = summary_by_group(&values, &groups).unwrap();
    let labels: Vec<&str> = g.iter().map(|x| x.group.as_str()).collect();
    assert_eq!(labels, ["digital", "on-site", "virtual"]);
    assert_eq!(
        (g[0].value.n, g[0].value.missing, g[0].value.mean),
        (1, 1, 1.0)
    );
    assert!(g[0].value.ci_lower.is_nan());
    let on = Summary::of(&[0.8, 0.6, 0.4]);
    assert_eq!(g[1].value, on);
    // mean .6, sd .2, se .2/√3, qt(.975, 2) = 4.302652729749464
    assert!((on.ci_upper - (0.6 + 4.302_652_729_749_462 * 0.2 / 3f64.sqrt())).abs() < 1e-9);
    assert!(matches!(
        summary_by_group(&values, &groups[..2]),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(summary_by_group::<&str>(&[], &[]).unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Bad input: errors or documented empty results, never a panic

#[test]
fn all_missing_gives_empty_results() {
    let s = strs(&["NA", "NA", "44444"]);
    let c = StateCounts::of(&s).unwrap();
    assert_eq!((c.n, c.missing, c.invalid, c.distinct()), (0, 2, 1, 0));
    let f = c.level_frequencies();
    assert_eq!(f.counts, [[0; 5]; 5]);
    assert!(f.percent(Dimension::Mo, 1).is_nan());
    assert!(c.cumulative_frequencies().rows.is_empty());
    let h = c.hsdc();
    assert!(h.hsdi.is_nan());
    assert_eq!(
        (h.states.as_slice(), h.observations.as_slice()),
        ([0.0].as_slice(), [0.0].as_slice())
    );
    for sh in c
        .shannon_by_dimension(ShannonMax::Possible)
        .into_iter()
        .chain([c.shannon_profile(ShannonMax::Observed)])
    {
        assert!(sh.h.is_nan() && sh.h_max.is_nan() && sh.j.is_nan());
    }
    let lss = c.level_sum_distribution();
    assert!(
        lss.rows
            .iter()
            .all(|r| r.frequency == 0 && r.percent.is_nan())
    );
    assert!(
        c.level_frequency_distribution()
            .rows
            .iter()
            .all(|r| r.frequency == 0)
    );
    let empty = strs(&[]);
    assert_eq!(level_frequencies(&empty).unwrap().n, 0);
    assert!(
        level_frequencies_by_group::<&str>(&empty, &[])
            .unwrap()
            .is_empty()
    );
}

#[test]
fn bad_columns_are_errors() {
    // A column without an instrument.
    assert!(matches!(
        level_frequencies(&StateCodes::default()),
        Err(Error::InvalidArgument { .. })
    ));
    assert!(level_frequencies_by_group::<&str>(&StateCodes::default(), &[]).is_err());
    // Hand-built codes out of range: every bad row named.
    let mut s = strs(&["11111", "11111", "11111"]);
    s.codes[1] = Some(243);
    s.codes[2] = Some(9999);
    match cumulative_frequencies(&s) {
        Err(Error::Rows { errors }) => {
            assert_eq!(errors.iter().map(|e| e.row).collect::<Vec<_>>(), [1, 2]);
            assert_eq!(errors[0].field, "state");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(level_frequencies_by_group(&s, &["a", "b", "c"]).is_err());
    assert!(StateCounts::of_codes(Instrument::Eq5d5l, &[3125]).is_err());
    // Unequal lengths.
    let ok = strs(&["11111", "22222"]);
    assert!(matches!(
        level_frequencies_by_group(&ok, &["a"]),
        Err(Error::LengthMismatch {
            expected: 2,
            found: 1,
            ..
        })
    ));
}

#[test]
fn hpg_bad_input() {
    let s = strs(&["11111", "22222"]);
    let ids = ["a", "b"];
    let pairs = pair(&ids, &s, &ids, &s, DuplicatePolicy::Error).unwrap();
    // Mixed instruments: a 5L value set for 3L pairs.
    let se = ValueSet::get("5L_SE_2022").unwrap();
    assert!(matches!(
        health_profile_grid(&pairs, se, HpgOptions::default()),
        Err(Error::InstrumentMismatch { .. })
    ));
    // Mixed instruments between the timepoints are caught when pairing.
    let five = StateCodes::from_strs(Instrument::Eq5d5l, &[Some("11111"), Some("22222")]);
    assert!(pair(&ids, &s, &ids, &five, DuplicatePolicy::Error).is_err());
    let uk = ValueSet::get("3L_UK").unwrap();
    // Hand-built pairs: unequal sides, codes out of range.
    let uneven = Pairs {
        instrument: Some(Instrument::Eq5d3l),
        pre: vec![0, 1],
        post: vec![0],
        ..Pairs::default()
    };
    assert!(matches!(
        health_profile_grid(&uneven, uk, HpgOptions::default()),
        Err(Error::LengthMismatch { .. })
    ));
    let out_of_range = Pairs {
        instrument: None,
        pre: vec![0, 1, 2],
        post: vec![0, 300, 243],
        ..Pairs::default()
    };
    match health_profile_grid(&out_of_range, uk, HpgOptions::default()) {
        Err(Error::Rows { errors }) => {
            assert_eq!(errors.iter().map(|e| e.row).collect::<Vec<_>>(), [1, 2]);
            assert_eq!(errors[0].field, "follow-up");
        }
        other => panic!("unexpected {other:?}"),
    }
    // No pairs: an empty grid.
    let none = strs(&["NA"]);
    let empty = pair(&["a"], &none, &["a"], &none, DuplicatePolicy::Error).unwrap();
    assert!(
        health_profile_grid(&empty, uk, HpgOptions::default())
            .unwrap()
            .is_empty()
    );
    assert!(
        health_profile_grid(&Pairs::default(), uk, HpgOptions::default())
            .unwrap()
            .is_empty()
    );
    // No-problems category.
    let g = health_profile_grid(
        &pairs,
        uk,
        HpgOptions {
            no_problems: true,
            decimals: None,
        },
    )
    .unwrap();
    assert_eq!(g.change, [Change::NoProblems, Change::NoChange]);
    assert_eq!(g.pre, g.post);
}

#[test]
fn large_5l_column_smoke() {
    // Every 5L state, many times over: the counts and derived tables stay consistent.
    let codes: Vec<u16> = (0..200_000u32).map(|i| (i * 7919 % 3125) as u16).collect();
    let c = StateCounts::of_codes(Instrument::Eq5d5l, &codes).unwrap();
    assert_eq!(c.distinct(), 3125);
    let f = c.level_frequencies();
    for row in f.counts {
        assert_eq!(row.iter().sum::<usize>(), 200_000);
    }
    let t = c.cumulative_frequencies();
    assert_eq!(t.rows.last().unwrap().cumulative_frequency, 200_000);
    assert_eq!(
        c.level_sum_distribution()
            .rows
            .iter()
            .map(|r| r.frequency)
            .sum::<usize>(),
        200_000
    );
    assert_eq!(
        c.level_frequency_distribution()
            .rows
            .iter()
            .map(|r| r.frequency)
            .sum::<usize>(),
        200_000
    );
    let s = c.shannon_profile(ShannonMax::Possible);
    assert!(s.j > 0.99 && s.j <= 1.0);
}
