//! Profile analyses over 1 million paired 5L profiles (issue target: all analyses under 1 s,
//! single thread). See `README.md`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use groupwell::eq5d::analysis::{
    DuplicatePolicy, HpgOptions, PchcOptions, ShannonMax, StateCounts, health_profile_grid,
    level_frequencies_by_group, pair, pchc, pchc_by_dimension, probability_of_superiority,
};
use groupwell::eq5d::{BatchOptions, Instrument, StateCodes, ValueSet};
use groupwell::stats::{Summary, summary_by_group};
use groupwell_benches::codes;

const N: usize = 1_000_000;

fn bench_change(c: &mut Criterion) {
    let pre_codes = codes(N, 3125, 0x0A11_0001);
    let post_codes = codes(N, 3125, 0x0A11_0002);
    let pre = StateCodes::from_codes(Instrument::Eq5d5l, &pre_codes);
    let post = StateCodes::from_codes(Instrument::Eq5d5l, &post_codes);
    let ids: Vec<String> = (0..N).map(|i| format!("P{i:07}")).collect();
    // Follow-up rows in reverse order, so pairing really goes by id.
    let post_rev = StateCodes::from_codes(
        Instrument::Eq5d5l,
        &post_codes.iter().rev().copied().collect::<Vec<_>>(),
    );
    let ids_rev: Vec<String> = ids.iter().rev().cloned().collect();
    let pairs = pair(&ids, &pre, &ids_rev, &post_rev, DuplicatePolicy::Error).unwrap();
    assert_eq!(pairs.len(), N);
    let _ = post;

    let mut g = c.benchmark_group("analysis_5l_1M_pairs");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("pair_by_id", |b| {
        b.iter(|| {
            black_box(pair(
                black_box(&ids),
                &pre,
                &ids_rev,
                &post_rev,
                DuplicatePolicy::Error,
            ))
        })
    });
    let int_ids: Vec<u64> = (0..N as u64).collect();
    let int_ids_rev: Vec<u64> = int_ids.iter().rev().copied().collect();
    g.bench_function("pair_by_integer_id", |b| {
        b.iter(|| {
            black_box(pair(
                black_box(&int_ids),
                &pre,
                &int_ids_rev,
                &post_rev,
                DuplicatePolicy::Error,
            ))
        })
    });
    g.bench_function("pchc", |b| {
        b.iter(|| {
            black_box(pchc(
                black_box(&pairs),
                PchcOptions {
                    no_problems: true,
                    totals: true,
                },
            ))
        })
    });
    g.bench_function("pchc_by_dimension", |b| {
        b.iter(|| black_box(pchc_by_dimension(black_box(&pairs), PchcOptions::default())))
    });
    g.bench_function("probability_of_superiority", |b| {
        b.iter(|| black_box(probability_of_superiority(black_box(&pairs))))
    });
    let vs = ValueSet::get("5L_SE_2022").unwrap();
    g.bench_function("health_profile_grid", |b| {
        b.iter(|| {
            black_box(health_profile_grid(
                black_box(&pairs),
                vs,
                HpgOptions::default(),
            ))
        })
    });
    // Every column analysis of both timepoints, from one count of the states each.
    g.bench_function("distributions_both_timepoints", |b| {
        b.iter(|| {
            for codes in [&pairs.pre, &pairs.post] {
                let counts = StateCounts::of_codes(Instrument::Eq5d5l, black_box(codes)).unwrap();
                black_box(counts.level_frequencies());
                black_box(counts.cumulative_frequencies());
                black_box(counts.hsdc());
                black_box(counts.shannon_by_dimension(ShannonMax::Possible));
                black_box(counts.shannon_profile(ShannonMax::Observed));
                black_box(counts.level_sum_distribution());
                black_box(counts.level_frequency_distribution());
            }
        })
    });
    let groups: Vec<String> = (0..N).map(|i| format!("G{:02}", i % 40)).collect();
    g.bench_function("level_frequencies_by_40_groups", |b| {
        b.iter(|| black_box(level_frequencies_by_group(black_box(&pre), &groups)))
    });
    let index = vs
        .score_codes(&pairs.pre, &BatchOptions::default())
        .unwrap()
        .values;
    g.bench_function("summary_of_index", |b| {
        b.iter(|| black_box(Summary::of(black_box(&index))))
    });
    g.bench_function("summary_by_40_groups", |b| {
        b.iter(|| black_box(summary_by_group(black_box(&index), &groups)))
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = analysis;
    config = config();
    targets = bench_change
}
criterion_main!(analysis);
