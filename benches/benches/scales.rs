//! Scoring 1 million SCI-93 responses (issue 4 target: under 0.5 s single-threaded).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use groupwell::scales::{Scale, ScoreOptions};
use groupwell_benches::XorShift;

const N: usize = 1_000_000;

fn bench_sci93(c: &mut Criterion) {
    let scale = Scale::sci93();
    let mut rng = XorShift::new(0x5C19_3000);
    // Answers 0..=5, about 1% missing (so some rows are prorated and a few have no score).
    let answers: Vec<f64> = (0..N * 35)
        .map(|_| {
            if rng.below(100) == 0 {
                f64::NAN
            } else {
                f64::from(rng.below(6))
            }
        })
        .collect();
    // u8 has no missing marker: the byte input is fully answered.
    let bytes: Vec<u8> = answers
        .iter()
        .map(|a| if a.is_nan() { 3 } else { *a as u8 })
        .collect();
    let opts = ScoreOptions::default();
    let f = scale.score_rows(&answers, &opts).unwrap();
    assert_eq!(f.totals.len(), N);
    let mut g = c.benchmark_group("sci93_1M");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("score_rows_f64", |b| {
        b.iter(|| black_box(scale.score_rows(black_box(&answers), &opts)))
    });
    g.bench_function("score_rows_u8", |b| {
        b.iter(|| black_box(scale.score_rows(black_box(&bytes), &opts)))
    });
    // A data frame's item columns (35 columns of 1 M values each).
    let columns: Vec<(String, Vec<f64>)> = scale
        .items()
        .iter()
        .enumerate()
        .map(|(i, id)| {
            (
                id.clone(),
                answers.iter().skip(i).step_by(35).copied().collect(),
            )
        })
        .collect();
    let borrowed: Vec<(&str, &[f64])> = columns
        .iter()
        .map(|(id, c)| (id.as_str(), c.as_slice()))
        .collect();
    g.bench_function("score_columns_f64", |b| {
        b.iter(|| black_box(scale.score_columns(black_box(&borrowed), &opts)))
    });
    // 1% of the answers out of range, every bad cell reported (coerce).
    let mut bad = answers.clone();
    for (i, a) in bad.iter_mut().enumerate() {
        if i % 3500 == 7 {
            *a = 9.0;
        }
    }
    let coerce = ScoreOptions {
        errors: groupwell::eq5d::ErrorMode::Coerce,
        ..ScoreOptions::default()
    };
    g.bench_function("score_rows_f64_1k_bad_rows_coerce", |b| {
        b.iter(|| black_box(scale.score_rows(black_box(&bad), &coerce)))
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = scales;
    config = config();
    targets = bench_sci93
}
criterion_main!(scales);
