//! Profile analyses of EQ-5D data (Devlin, Parkin & Janssen, *Methods for Analysing and
//! Reporting EQ-5D Data*, 2020, doi:10.1007/978-3-030-47622-9).
//!
//! Inputs are columns of states read with [`StateCodes`](super::StateCodes) (missing and invalid
//! states are `None` there and are left out of every analysis, counted). Change analyses take
//! [`Pairs`]: baseline and follow-up matched by participant id, never by row order.

mod distribution;
mod hpg;
mod pairing;
mod pchc;

pub use crate::stats::Grouped;
pub use distribution::{
    CumulativeFrequencies, CumulativeRow, Hsdc, LevelFrequencies, ScoreDistribution,
    ScoreFrequency, Shannon, ShannonMax, StateCounts, cumulative_frequencies, hsdc, hsdi,
    level_frequencies, level_frequencies_by_group, level_frequency_distribution,
    level_sum_distribution, shannon_by_dimension, shannon_profile,
};
pub use hpg::{HealthProfileGrid, HpgOptions, health_profile_grid, state_ranks};
pub use pairing::{DuplicatePolicy, Exclusion, ExclusionReason, Pairs, pair};
pub use pchc::{
    Change, PchcOptions, PchcRow, PchcTable, classify, classify_dimension, pchc, pchc_by_dimension,
    probability_of_superiority,
};
