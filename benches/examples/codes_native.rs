//! Native counterpart of `bindings-wasm/bench/bench.mjs`: `score_codes_into` over 1 million
//! uniform 5L state codes (`5L_UK`, the node bench's default set) into a buffer allocated once,
//! and the same with the output allocated per call (as `indexCodes` must), timed in interleaved
//! rounds; prints the median and best rates. Run on the machine of the node bench, in the same
//! session: `cargo run --release -p groupwell-benches --example codes_native [rows] [set]`.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Instant;

use groupwell::eq5d::{BatchOptions, ValueSet};
use groupwell_benches::codes;

fn main() -> Result<(), groupwell::Error> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let set = args.next().unwrap_or_else(|| "5L_UK".into());
    let vs = ValueSet::get(&set)?;
    let states = if vs.table().len() == 3125 { 3125 } else { 243 };
    let codes = codes(n, states, 0x2545_F491);
    let opts = BatchOptions::default();
    let mut out = vec![0.0f64; n];
    let rounds = 31;
    let mut into = Vec::with_capacity(rounds);
    let mut alloc = Vec::with_capacity(rounds);
    for round in 0..rounds + 3 {
        let t = Instant::now();
        vs.score_codes_into(black_box(&codes), &mut out, &opts)?;
        black_box(&mut out);
        let a = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut fresh = vec![f64::NAN; n];
        vs.score_codes_into(black_box(&codes), &mut fresh, &opts)?;
        black_box(&fresh);
        drop(fresh);
        let b = t.elapsed().as_secs_f64();
        if round >= 3 {
            into.push(a);
            alloc.push(b);
        }
    }
    let report = |name: &str, xs: &mut Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        let med = xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN);
        let best = xs.first().copied().unwrap_or(f64::NAN);
        println!(
            "{name}: {:.1} M states/s (median {:.3} ms, best {:.3} ms = {:.1} M/s)",
            n as f64 / med / 1e6,
            med * 1e3,
            best * 1e3,
            n as f64 / best / 1e6
        );
    };
    println!("groupwell native, value set {set}, {n} codes, {rounds} interleaved runs");
    report("score_codes_into (buffer reused)     ", &mut into);
    report("score_codes_into (fresh Vec per call)", &mut alloc);
    Ok(())
}
