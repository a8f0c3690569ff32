//! Evaluates the benchmark goal set, whole and goal by goal, for profiling (`perf record`).
#![allow(missing_docs, clippy::unwrap_used)]

use groupwell::goals::GoalSet;

fn main() {
    let program = groupwell_tests::synth::large_program(100_000, 0x9E0_2015);
    let mut goals = GoalSet::from_json(groupwell_tests::synth::LARGE_PROGRAM_GOALS).unwrap();
    // GOAL=id: only that goal.
    if let Ok(id) = std::env::var("GOAL") {
        goals.goals.retain(|g| g.id == id);
    }
    let t = std::time::Instant::now();
    let _ = program.assign_timepoints();
    eprintln!("assign_timepoints {:?}", t.elapsed());
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    for _ in 0..rounds {
        let t = std::time::Instant::now();
        let r = goals.evaluate(&program).unwrap();
        eprintln!("all {:?} {}", t.elapsed(), r.results.len());
    }
    if std::env::var_os("ONLY_ALL").is_some() {
        return;
    }
    for g in &goals.goals {
        let one = GoalSet {
            format: goals.format.clone(),
            goals: vec![g.clone()],
        };
        let t = std::time::Instant::now();
        let _ = one.evaluate(&program).unwrap();
        eprintln!("{} {:?}", g.id, t.elapsed());
    }
}
