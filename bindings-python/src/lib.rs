//! Python bindings of groupwell: the extension module `groupwell._native`.
//!
//! Data flows one way: Python values and numpy arrays are converted into core types (numpy
//! data borrowed without copying where the layout allows), the core is called with the GIL
//! released, and its results and errors are converted back. No domain rule lives here: what is
//! a valid state, level, code, value set, scale answer or change class is the core's decision.
//! The Pythonic API (pandas support, `return_errors=`, docstrings) is the `groupwell` package
//! around this module.
#![cfg(not(target_family = "wasm"))]

mod analysis;
mod change;
mod convert;
mod dsu;
mod errors;
mod fast;
mod goals;
mod program;
mod scales;
mod valueset;
mod vas;

use pyo3::prelude::*;

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // "debug" when built with debug assertions (and overflow checks), for the fuzz tests.
    m.add(
        "BUILD_PROFILE",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
    )?;
    errors::register(m)?;
    m.add_class::<valueset::PyValueSet>()?;
    m.add_function(wrap_pyfunction!(valueset::find, m)?)?;
    m.add_function(wrap_pyfunction!(valueset::catalogue, m)?)?;
    m.add_function(wrap_pyfunction!(valueset::value_sets, m)?)?;
    m.add_function(wrap_pyfunction!(valueset::instrument_name, m)?)?;
    m.add_function(wrap_pyfunction!(valueset::from_json, m)?)?;
    m.add_function(wrap_pyfunction!(valueset::from_table, m)?)?;
    m.add_function(wrap_pyfunction!(valueset::crosswalk_5l_to_3l, m)?)?;
    m.add_function(wrap_pyfunction!(valueset::crosswalk_3l_to_5l, m)?)?;
    m.add_function(wrap_pyfunction!(valueset::dimension_of, m)?)?;
    m.add_function(wrap_pyfunction!(valueset::dimensions, m)?)?;
    m.add_function(wrap_pyfunction!(valueset::invalid_argument, m)?)?;
    m.add_function(wrap_pyfunction!(vas::vas, m)?)?;
    m.add_function(wrap_pyfunction!(vas::validate_vas, m)?)?;
    m.add_function(wrap_pyfunction!(dsu::dsu_map, m)?)?;
    m.add_function(wrap_pyfunction!(dsu::dsu_countries, m)?)?;
    m.add_function(wrap_pyfunction!(dsu::dsu_age_bands, m)?)?;
    m.add_class::<analysis::PyPairs>()?;
    m.add_class::<analysis::PyStateCounts>()?;
    m.add_function(wrap_pyfunction!(analysis::pair, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::change_labels, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::state_counts, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::level_frequencies_by_group, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::summary, m)?)?;
    m.add_class::<scales::PyScale>()?;
    m.add_function(wrap_pyfunction!(change::make_threshold, m)?)?;
    m.add_function(wrap_pyfunction!(change::threshold_preset, m)?)?;
    m.add_function(wrap_pyfunction!(change::change_classes, m)?)?;
    m.add_function(wrap_pyfunction!(change::classify_change, m)?)?;
    m.add_function(wrap_pyfunction!(change::classify_changes, m)?)?;
    m.add_function(wrap_pyfunction!(change::reliable_change_index, m)?)?;
    m.add_function(wrap_pyfunction!(change::reliable_change_indices, m)?)?;
    m.add_class::<program::PyProgram>()?;
    m.add_function(wrap_pyfunction!(program::program_format, m)?)?;
    m.add_function(wrap_pyfunction!(program::program_themes, m)?)?;
    m.add_function(wrap_pyfunction!(program::program_tables, m)?)?;
    m.add_class::<goals::PyGoalSet>()?;
    m.add_class::<goals::PyReport>()?;
    m.add_function(wrap_pyfunction!(goals::goals_format, m)?)?;
    Ok(())
}
