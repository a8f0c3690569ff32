//! Building a value set's table from its model (target: under 100 µs), and the crosswalks.
//!
//! `ValueSet::compute_table` is what the first use of a set does (tables are built lazily,
//! once); the crosswalks build a whole new set and are here for information. See `README.md`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use groupwell::eq5d::{ValueSet, crosswalk_3l_to_5l, crosswalk_5l_to_3l};

/// The sets timed, and why.
const SETS: [(&str, &str); 6] = [
    ("5L_SE_2022", "5L additive, no extra terms"),
    ("5L_CA", "5L, 5 × dim45 + Num45sq extras"),
    ("5L_SG", "5L, MOAD/PDAD products"),
    ("3L_US", "3L, D1 I2sq I3 I3sq"),
    ("3L_AR", "3L, O2 O3 Z2 Z3 C2sq C3sq"),
    ("3L_AU", "3L, 10 pair terms + 22 fixed states"),
];

fn bench_tables(c: &mut Criterion) {
    let mut g = c.benchmark_group("compute_table");
    for (id, _why) in SETS {
        let vs = ValueSet::get(id).expect("built-in value set");
        let t = vs.compute_table().expect("table");
        assert_eq!(t.as_slice(), vs.table());
        g.throughput(Throughput::Elements(t.len() as u64));
        g.bench_function(id, |b| b.iter(|| black_box(black_box(vs).compute_table())));
    }
    g.finish();
}

fn bench_crosswalks(c: &mut Criterion) {
    let uk = ValueSet::get("3L_UK").expect("built-in value set");
    let se = ValueSet::get("5L_SE_2022").expect("built-in value set");
    // Warm the lazily built tables and the parsed crosswalk coefficients.
    let _ = crosswalk_5l_to_3l(uk).expect("crosswalk");
    let _ = crosswalk_3l_to_5l(se).expect("crosswalk");
    let mut g = c.benchmark_group("crosswalk");
    g.bench_function("5l_to_3l(3L_UK)", |b| {
        b.iter(|| black_box(crosswalk_5l_to_3l(black_box(uk))))
    });
    g.bench_function("3l_to_5l(5L_SE_2022)", |b| {
        b.iter(|| black_box(crosswalk_3l_to_5l(black_box(se))))
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1000))
}

criterion_group! {
    name = tables;
    config = config();
    targets = bench_tables, bench_crosswalks
}
criterion_main!(tables);
