//! EQ-5D: descriptive systems, value sets, index scoring and crosswalks.
//!
//! ```
//! use groupwell::eq5d::{BatchOptions, ValueSet};
//!
//! // One state.
//! let se = ValueSet::get("Sweden_2022")?;
//! let v = se.index_str("21231")?;
//! assert!(v < 1.0);
//!
//! // Many states as five level columns; invalid rows become NaN with a reason.
//! let mo = [1u8, 2, 9];
//! let rest = [1u8, 1, 1];
//! let out = se.score_levels([&mo, &rest, &rest, &rest, &rest], &BatchOptions::coerce())?;
//! assert_eq!(out.values[0], 1.0);
//! assert!(out.values[2].is_nan());
//! assert_eq!(out.errors[0].row, 2);
//! # Ok::<(), groupwell::Error>(())
//! ```

pub mod analysis;
mod batch;
mod catalogue;
mod crosswalk;
pub mod dsu;
mod model;
mod state;
mod valueset;
mod vas;

pub use batch::{BatchOptions, ErrorMode, Issues, MAX_DECIMALS, Scored, StateCodes, round_index};
pub use catalogue::{catalogue, find, value_sets_for};
pub use crosswalk::{crosswalk_3l_to_5l, crosswalk_5l_to_3l};
pub use model::{Model, UniqueMap};
pub use state::{Dimension, Instrument, LevelInput, Numeric, State};
pub use valueset::{Kind, Method, VALUE_SET_FORMAT, ValueSet, ValueSetDef};
pub use vas::EqVas;
