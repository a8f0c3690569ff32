//! `groupwell`: score a file of EQ-5D responses with a chosen value set and print a summary.
//!
//! ```text
//! groupwell score examples/eq5d5l_responses.csv --value-set Sweden_2022
//! groupwell value-sets --instrument 5L
//! ```
#![cfg_attr(target_family = "wasm", allow(unused))]

#[cfg(not(target_family = "wasm"))]
mod app;

#[cfg(not(target_family = "wasm"))]
fn main() -> std::process::ExitCode {
    app::main()
}

#[cfg(target_family = "wasm")]
fn main() {}
