//! Batch scoring throughput: state codes, level columns, five-digit numbers and strings.
//!
//! Targets (single thread): codes ≥ 200 M states/s and no slower than 2× the `baseline` of the
//! same group (a loop that only converts each code to `f64`, the memory-bound limit); u8 level
//! columns ≥ 100 M states/s. The rest is for information. See `README.md`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use groupwell::eq5d::{BatchOptions, ValueSet};
use groupwell_benches::{codes, float_columns, level_columns, numbers, strings};

/// Rows of the code and level benches (the issue's 10 million).
const N: usize = 10_000_000;
/// Rows of the (much slower, informational) number and string benches.
const N_PARSE: usize = 1_000_000;
/// The 5L set every scoring bench uses: additive, no extra terms.
const SET: &str = "5L_SE_2022";

fn value_set() -> &'static ValueSet {
    let vs = ValueSet::get(SET).expect("built-in value set");
    assert_eq!(vs.table().len(), 3125, "table built before timing");
    vs
}

/// Codes → f64: the issue's target 1 and its memory-bound baseline, side by side.
fn bench_codes(c: &mut Criterion) {
    let vs = value_set();
    let table = vs.table();
    let codes = codes(N, 3125, 0x5EED_C0DE);
    let mut out = vec![0.0f64; N];
    let opts = BatchOptions::default();

    // The kernel must score exactly like the table.
    vs.score_codes_into(&codes, &mut out, &opts)
        .expect("valid codes");
    assert!(
        codes
            .iter()
            .zip(&out)
            .all(|(&c, &v)| v.to_bits() == table[usize::from(c)].to_bits())
    );

    let mut g = c.benchmark_group("codes_5l_10M");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("baseline_u16_to_f64", |b| {
        b.iter(|| {
            for (o, &c) in out.iter_mut().zip(black_box(&codes)) {
                *o = f64::from(c);
            }
            black_box(&mut out);
        })
    });
    g.bench_function("score_codes_into", |b| {
        b.iter(|| {
            let issues = vs.score_codes_into(black_box(&codes), &mut out, &opts);
            black_box((&issues, &mut out));
        })
    });
    g.finish();
}

/// Five u8 level columns (target 2), the generic f64 path, and a baseline that only reads the
/// five columns and writes one f64 per row.
fn bench_levels(c: &mut Criterion) {
    let vs = value_set();
    let table = vs.table();
    let cols = level_columns(N, 5, 0x001E_7E15);
    let fcols = float_columns(&cols);
    let mut out = vec![0.0f64; N];
    let opts = BatchOptions::default();
    let [mo, sc, ua, pd, ad] = &cols;
    let [fmo, fsc, fua, fpd, fad] = &fcols;
    // The same levels row by row (a C-ordered (n, 5) array, a JS Uint8Array).
    let rows: Vec<u8> = (0..N)
        .flat_map(|i| [mo[i], sc[i], ua[i], pd[i], ad[i]])
        .collect();

    vs.score_levels_into([mo, sc, ua, pd, ad], &mut out, &opts)
        .expect("valid levels");
    let expected: Vec<f64> = (0..N)
        .map(|i| {
            let code = [mo[i], sc[i], ua[i], pd[i], ad[i]]
                .iter()
                .fold(0usize, |acc, &l| acc * 5 + usize::from(l) - 1);
            table[code]
        })
        .collect();
    assert!(
        out.iter()
            .zip(&expected)
            .all(|(a, b)| a.to_bits() == b.to_bits())
    );
    vs.score_levels_into([fmo, fsc, fua, fpd, fad], &mut out, &opts)
        .expect("valid levels");
    assert!(
        out.iter()
            .zip(&expected)
            .all(|(a, b)| a.to_bits() == b.to_bits())
    );

    let mut g = c.benchmark_group("levels_5l_10M");
    // One iteration takes 20 ms to 1 s: the same number of iterations in every sample.
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("baseline_5xu8_to_f64", |b| {
        b.iter(|| {
            let rows = black_box(mo)
                .iter()
                .zip(black_box(sc))
                .zip(black_box(ua))
                .zip(black_box(pd))
                .zip(black_box(ad))
                .zip(out.iter_mut());
            for (((((a, b), c), d), e), o) in rows {
                *o = f64::from(
                    u16::from(*a) + u16::from(*b) + u16::from(*c) + u16::from(*d) + u16::from(*e),
                );
            }
            black_box(&mut out);
        })
    });
    g.bench_function("score_levels_into_u8", |b| {
        b.iter(|| {
            let issues = vs.score_levels_into(black_box([mo, sc, ua, pd, ad]), &mut out, &opts);
            black_box((&issues, &mut out));
        })
    });
    g.bench_function("score_levels_into_f64", |b| {
        b.iter(|| {
            let issues =
                vs.score_levels_into(black_box([fmo, fsc, fua, fpd, fad]), &mut out, &opts);
            black_box((&issues, &mut out));
        })
    });
    g.bench_function("score_level_rows_into_u8", |b| {
        b.iter(|| {
            let issues = vs.score_level_rows_into(black_box(&rows), &mut out, &opts);
            black_box((&issues, &mut out));
        })
    });
    g.finish();
}

/// Five-digit numbers and strings (information only; these allocate their result).
fn bench_parse(c: &mut Criterion) {
    let vs = value_set();
    let cols = level_columns(N_PARSE, 5, 0x00D1_6175);
    let nums = numbers(&cols, N_PARSE);
    let strs = strings(&cols, N_PARSE);
    let opts = BatchOptions::default();
    let a = vs.score_numbers(&nums, &opts).expect("valid numbers");
    let b = vs.score_strs(&strs, &opts).expect("valid strings");
    assert_eq!(a, b);

    let mut g = c.benchmark_group("parse_5l_1M");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.throughput(Throughput::Elements(N_PARSE as u64));
    g.bench_function("score_numbers_i64", |b| {
        b.iter(|| black_box(vs.score_numbers(black_box(&nums), &opts)))
    });
    g.bench_function("score_strs", |b| {
        b.iter(|| black_box(vs.score_strs(black_box(&strs), &opts)))
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = scoring;
    config = config();
    targets = bench_codes, bench_levels, bench_parse
}
criterion_main!(scoring);
