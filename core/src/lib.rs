//! # groupwell
//!
//! Outcomes of group-based health programs: EQ-5D scoring with every published value set,
//! crosswalks between EQ-5D-3L and EQ-5D-5L, and (in later modules) summed scales such as
//! SCI-93, program models and goal evaluation.
//!
//! The crate does no I/O beyond (de)serialising what it is given, never logs, and never
//! panics on user input: every problem is an [`Error`] that names the row and field.
//!
//! ```
//! use groupwell::eq5d::{ValueSet, Instrument, find};
//!
//! let uk = find("UK", Some(Instrument::Eq5d3l))?;
//! assert_eq!(uk.id(), "3L_UK");
//! assert_eq!(uk.index_str("11111")?, 1.0);
//! # Ok::<(), groupwell::Error>(())
//! ```
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod change;
pub mod eq5d;
mod error;
pub mod goals;
pub mod program;
pub mod scales;
pub mod stats;

pub use error::{Error, Result, RowError, StateProblem};

/// The README's Rust quick start, compiled and run as a doctest.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
