//! Evaluating ten goals for 100,000 participants (issue 6 target: under 1 s), and writing the
//! Markdown and HTML reports.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use groupwell::goals::GoalSet;

const N: usize = 100_000;

fn bench_goals(c: &mut Criterion) {
    let program = groupwell_tests::synth::large_program(N, 0x9E0_2015);
    let goals = GoalSet::from_json(groupwell_tests::synth::LARGE_PROGRAM_GOALS).unwrap();
    assert_eq!(goals.goals.len(), 10);
    let report = goals.evaluate(&program).unwrap();
    let pairs: usize = report.results.iter().map(|r| r.pairs.len()).sum();
    eprintln!(
        "{} goals, {} participant pairs; HTML {:.1} MB",
        report.results.len(),
        pairs,
        report.to_html().len() as f64 / 1e6
    );

    let mut g = c.benchmark_group("goals_100k");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.throughput(Throughput::Elements(N as u64));
    // The target: every goal, including the timepoint assignment it needs.
    g.bench_function("evaluate_10_goals", |b| {
        b.iter_with_large_drop(|| goals.evaluate(black_box(&program)).unwrap())
    });
    // The baseline in the same process: the timepoint assignment alone.
    g.bench_function("assign_timepoints", |b| {
        b.iter_with_large_drop(|| program.assign_timepoints())
    });
    g.bench_function("to_markdown", |b| {
        b.iter_with_large_drop(|| report.to_markdown())
    });
    g.bench_function("to_html", |b| b.iter_with_large_drop(|| report.to_html()));
    g.bench_function("to_json", |b| {
        b.iter_with_large_drop(|| report.to_json().unwrap())
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_goals
}
criterion_main!(benches);
