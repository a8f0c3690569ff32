//! Loading, validating and assigning timepoints for 100,000 participants with three
//! measurements each (issue 5 target: under 1 s together).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use groupwell::program::Program;

const N: usize = 100_000;

fn bench_program(c: &mut Criterion) {
    let program = groupwell_tests::synth::large_program(N, 0x9E0_2015);
    let json = program.to_json().unwrap();
    assert_eq!(program.measurements.len(), 3 * N);
    let v = program.validate();
    assert!(v.is_valid(), "{}", v.errors().next().unwrap());
    assert_eq!(v.findings.len(), 0, "{}", v.findings[0]);
    let a = program.assign_timepoints();
    assert_eq!(a.assignments.len(), 3 * N);
    eprintln!("program JSON: {:.1} MB", json.len() as f64 / 1e6);

    let mut g = c.benchmark_group("program_100k");
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("load_json", |b| {
        b.iter_with_large_drop(|| Program::from_json(black_box(&json)).unwrap())
    });
    g.bench_function("validate_and_assign", |b| {
        b.iter_with_large_drop(|| program.validate_and_assign())
    });
    g.bench_function("assign_timepoints", |b| {
        b.iter_with_large_drop(|| program.assign_timepoints())
    });
    // The target: load, validate and assign. Freeing the results afterwards is not part of
    // it (criterion drops them outside the timing).
    g.bench_function("load_validate_assign", |b| {
        b.iter_with_large_drop(|| {
            let p = Program::from_json(black_box(&json)).unwrap();
            let (v, a) = p.validate_and_assign();
            (p, v, a)
        })
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
    targets = bench_program
}
criterion_main!(benches);
