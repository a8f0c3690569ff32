//! Ad-hoc timing breakdown of the program pipeline (not a test; `cargo run --release --example`).
#![allow(missing_docs, clippy::unwrap_used)]
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let program = groupwell_tests::synth::large_program(n, 0x9E0_2015);
    let json = program.to_json().unwrap();
    println!("JSON {:.1} MB", json.len() as f64 / 1e6);
    for _ in 0..2 {
        let t = Instant::now();
        let _: serde::de::IgnoredAny = serde_json::from_str(&json).unwrap();
        println!("ignored-any parse {:?}", t.elapsed());
        let t = Instant::now();
        let p = groupwell::program::Program::from_json(&json).unwrap();
        let load = t.elapsed();
        let t = Instant::now();
        let a = p.assign_timepoints();
        let assign = t.elapsed();
        let t = Instant::now();
        let (v, _) = p.validate_and_assign();
        let both = t.elapsed();
        println!(
            "load {load:?} assign {assign:?} validate+assign {both:?} ({} findings, {} assigned)",
            v.findings.len(),
            a.assignments.len()
        );
    }
}
