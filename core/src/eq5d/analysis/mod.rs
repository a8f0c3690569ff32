//! Profile analyses of EQ-5D data (Devlin, Parkin & Janssen, *Methods for Analysing and
//! Reporting EQ-5D Data*, 2020, doi:10.1007/978-3-030-47622-9).
//!
//! Inputs are columns of states read with [`StateCodes`](super::StateCodes) (missing and invalid
//! states are `None` there and are left out of every analysis, counted). Change analyses take
//! [`Pairs`]: baseline and follow-up matched by participant id, never by row order.

mod pairing;
mod pchc;

pub use pairing::{DuplicatePolicy, Exclusion, ExclusionReason, Pairs, pair};
pub use pchc::{
    Change, PchcOptions, PchcRow, PchcTable, classify, classify_dimension, pchc, pchc_by_dimension,
    probability_of_superiority,
};
