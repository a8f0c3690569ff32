//! The checked-in example programs are exactly what the seeded generator makes, validate
//! without errors, and round-trip through JSON and CSV.
//!
//! `GROUPWELL_BLESS=1 cargo test -p groupwell-tests --test program_examples` rewrites them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

use groupwell::program::Program;
use groupwell::program::csv::CsvTables;
use groupwell_tests::synth;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/programs")
}

fn bless() -> bool {
    std::env::var("GROUPWELL_BLESS").is_ok_and(|v| v == "1")
}

fn check_file(path: &std::path::Path, expected: &str) {
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, expected).unwrap();
        return;
    }
    let found = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (GROUPWELL_BLESS=1 writes it)", path.display()));
    assert!(
        found == expected,
        "{} differs from the generator's output (GROUPWELL_BLESS=1 rewrites it)",
        path.display()
    );
}

#[test]
fn examples_are_generated_and_checked_in() {
    for (stem, program) in synth::examples() {
        let json = program.to_json().unwrap() + "\n";
        check_file(&dir().join(format!("{stem}.json")), &json);
        let t = program.to_csv_tables().unwrap();
        let csv_dir = dir().join(stem);
        for (name, text) in [
            ("units", &t.units),
            ("groups", &t.groups),
            ("participants", &t.participants),
            ("enrolments", &t.enrolments),
            ("sessions", &t.sessions),
            ("measurements", &t.measurements),
        ] {
            check_file(&csv_dir.join(format!("{name}.csv")), text);
        }
        let skeleton = program.skeleton().to_json().unwrap() + "\n";
        check_file(&csv_dir.join("program.json"), &skeleton);
    }
}

#[test]
fn examples_validate_and_round_trip() {
    for (stem, program) in synth::examples() {
        let v = program.validate();
        assert!(v.is_valid(), "{stem}:\n{v}");
        // JSON
        let back = Program::from_json(&program.to_json().unwrap()).unwrap();
        assert_eq!(back, program, "{stem}: JSON round trip");
        // CSV: tables + skeleton
        let tables = program.to_csv_tables().unwrap();
        let (back, sources) = tables.read(program.skeleton()).unwrap();
        assert_eq!(back, program, "{stem}: CSV round trip");
        assert_eq!(sources.line("measurements", 0), Some(2));
        // And again: the CSV written from the read-back program is the same text.
        assert_eq!(back.to_csv_tables().unwrap(), tables, "{stem}: CSV text");
        let _ = CsvTables::read;
    }
}

#[test]
#[ignore]
fn show_examples() {
    for (stem, program) in synth::examples() {
        println!("== {stem}\n{}", program.validate());
        let a = program.assign_timepoints();
        println!(
            "assigned {} missing {} unassigned {}",
            a.assignments.len(),
            a.missing.len(),
            a.unassigned.len()
        );
        for m in a.missing.iter().take(5) {
            println!(
                "  missing {} {} {}: {}",
                m.participant, m.group, m.timepoint, m.reason
            );
        }
        for x in a.assignments.iter().filter(|x| x.at_group_end).take(2) {
            println!("  {}", x.explain());
        }
        println!(
            "{:?}",
            program
                .completion()
                .iter()
                .map(|c| (c.group.clone(), c.enrolled, c.completed, c.dropped_out))
                .collect::<Vec<_>>()
        );
    }
}
