//! Ad-hoc: repeated validation only, for a profiler.
#![allow(missing_docs, clippy::unwrap_used)]
fn main() {
    let program = groupwell_tests::synth::large_program(100_000, 0x9E0_2015);
    let mode = std::env::args().nth(1).unwrap_or_default();
    let json = program.to_json().unwrap();
    for _ in 0..3 {
        if mode == "load" {
            std::hint::black_box(groupwell::program::Program::from_json(&json).unwrap());
        } else {
            std::hint::black_box(program.validate_and_assign());
        }
    }
}
