//! Ad-hoc: where does program loading spend its time?
#![allow(missing_docs, clippy::unwrap_used, dead_code)]
use serde::Deserialize;
use std::time::Instant;

#[derive(Deserialize)]
struct M1 {
    participant: String,
    date: String,
    eq5d: Option<String>,
    vas: Option<f64>,
    scales: serde::de::IgnoredAny,
}
#[derive(Deserialize)]
struct M2 {
    participant: String,
    date: chrono::NaiveDate,
    eq5d: Option<String>,
    vas: Option<f64>,
    scales: std::collections::HashMap<String, Vec<Option<f64>>>,
}
#[derive(Deserialize)]
struct P1 {
    measurements: Vec<M1>,
}
#[derive(Deserialize)]
struct P2 {
    measurements: Vec<M2>,
}
#[derive(Deserialize)]
struct P0 {
    measurements: Vec<serde::de::IgnoredAny>,
}

fn main() {
    let program = groupwell_tests::synth::large_program(100_000, 0x9E0_2015);
    let json = program.to_json().unwrap();
    for _ in 0..2 {
        let t = Instant::now();
        let _: P0 = serde_json::from_str(&json).unwrap();
        let a = t.elapsed();
        let t = Instant::now();
        let _: P1 = serde_json::from_str(&json).unwrap();
        let b = t.elapsed();
        let t = Instant::now();
        let _: P2 = serde_json::from_str(&json).unwrap();
        let c = t.elapsed();
        let t = Instant::now();
        let _ = groupwell::program::Program::from_json(&json).unwrap();
        let d = t.elapsed();
        println!("ignore {a:?} no-scales {b:?} hashmap-scales {c:?} program {d:?}");
    }
}
