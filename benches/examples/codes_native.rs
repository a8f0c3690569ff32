//! Native counterpart of `bindings-wasm/bench/bench.mjs`: `score_codes_into` over 1 million
//! uniform state codes (`5L_UK`, the node bench's default set) into a buffer allocated once,
//! and the same with the output allocated per call (as `indexCodes` must).
//!
//! `cargo run --release -p groupwell-benches --example codes_native [rows] [set]` times both in
//! 31 interleaved rounds after 3 of warm-up and prints the median and best rates.
//!
//! With `--serve` as a third argument it times one round of each per line read from stdin and
//! answers each with a line `<reused seconds> <fresh seconds>`: the node bench drives it that
//! way, alternating its own rounds with these, so that both see the same machine (on a shared
//! machine, rates drift by 2× within minutes).
#![allow(missing_docs)]

use std::hint::black_box;
use std::io::{BufRead, Write};
use std::time::Instant;

use groupwell::eq5d::{BatchOptions, ValueSet};
use groupwell_benches::codes;

/// Scores `codes` into `out`, and into a fresh `Vec`; the two times in seconds.
fn round(vs: &ValueSet, codes: &[u16], out: &mut [f64]) -> Result<(f64, f64), groupwell::Error> {
    let opts = BatchOptions::default();
    let t = Instant::now();
    vs.score_codes_into(black_box(codes), out, &opts)?;
    black_box(&mut *out);
    let reused = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut fresh = vec![f64::NAN; codes.len()];
    vs.score_codes_into(black_box(codes), &mut fresh, &opts)?;
    black_box(&fresh);
    drop(fresh);
    Ok((reused, t.elapsed().as_secs_f64()))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let set = args.next().unwrap_or_else(|| "5L_UK".into());
    let serve = args.next().is_some_and(|a| a == "--serve");
    let vs = ValueSet::get(&set)?;
    let states = if vs.table().len() == 3125 { 3125 } else { 243 };
    let codes = codes(n, states, 0x2545_F491);
    let mut out = vec![0.0f64; n];
    for _ in 0..3 {
        round(vs, &codes, &mut out)?;
    }
    if serve {
        let mut stdout = std::io::stdout().lock();
        for line in std::io::stdin().lock().lines() {
            line?;
            let (reused, fresh) = round(vs, &codes, &mut out)?;
            writeln!(stdout, "{reused:e} {fresh:e}")?;
            stdout.flush()?;
        }
        return Ok(());
    }
    let rounds = 31;
    let mut into = Vec::with_capacity(rounds);
    let mut alloc = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let (a, b) = round(vs, &codes, &mut out)?;
        into.push(a);
        alloc.push(b);
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
