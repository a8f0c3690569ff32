//! The built-in value sets and look-up by name.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::state::Instrument;
use super::valueset::{Kind, ValueSet, ValueSetDef};
use crate::error::{Error, Result};

const SOURCES: [(&str, &str); 4] = [
    (
        "value-sets-3l.json",
        include_str!("../../data/eq5d/value-sets-3l.json"),
    ),
    (
        "value-sets-5l.json",
        include_str!("../../data/eq5d/value-sets-5l.json"),
    ),
    (
        "value-sets-y3l.json",
        include_str!("../../data/eq5d/value-sets-y3l.json"),
    ),
    (
        "crosswalk-tables.json",
        include_str!("../../data/eq5d/crosswalk-tables.json"),
    ),
];

struct Catalogue {
    sets: Vec<ValueSet>,
    /// normalised id → set position
    ids: HashMap<String, usize>,
    /// normalised alias → set positions
    aliases: HashMap<String, Vec<usize>>,
}

fn normalise(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

fn load() -> Catalogue {
    let mut sets = Vec::new();
    for (_name, text) in SOURCES {
        // The built-in files are checked by the test suite; a set that failed to load would be
        // missing from the catalogue and fail the exhaustive tests.
        let defs: Vec<ValueSetDef> = serde_json::from_str(text).unwrap_or_default();
        for def in defs {
            if let Ok(vs) = ValueSet::from_definition_lazy(def) {
                sets.push(vs);
            }
        }
    }
    let mut ids = HashMap::new();
    let mut aliases: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, vs) in sets.iter().enumerate() {
        ids.insert(normalise(vs.id()), i);
        for a in &vs.definition().aliases {
            let list = aliases.entry(normalise(a)).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    Catalogue { sets, ids, aliases }
}

fn catalogue_ref() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(load)
}

/// Every built-in set: the 111 national value sets and the 17 published crosswalk tables, in a
/// stable order (3L, 5L, Y-3L, then crosswalk tables).
///
/// ```
/// use groupwell::eq5d::{catalogue, Kind};
/// let all = catalogue();
/// assert_eq!(all.iter().filter(|v| v.definition().kind == Kind::ValueSet).count(), 111);
/// assert_eq!(all.len(), 128);
/// ```
pub fn catalogue() -> &'static [ValueSet] {
    &catalogue_ref().sets
}

/// Finds a built-in set by id, alias, ISO code or country name, case-insensitively (spaces,
/// `-` and `_` are interchangeable), optionally only among one instrument's sets.
///
/// Ids look like `3L_UK`, `3L_UK_VAS`, `5L_SE_2022`, `Y3L_DE`, `5L_CW_UK` (crosswalk table). A
/// bare country name or ISO code means that country's main (TTO-type) set of the instrument; a
/// name that several sets answer to is an error that lists their ids.
///
/// ```
/// use groupwell::eq5d::{find, Instrument};
/// assert_eq!(find("Sweden_2022", None)?.id(), "5L_SE_2022");
/// assert_eq!(find("se 2022", None)?.id(), "5L_SE_2022");
/// assert_eq!(find("UK", Some(Instrument::Eq5d3l))?.id(), "3L_UK");
/// assert_eq!(find("UK", Some(Instrument::Eq5d5l))?.id(), "5L_UK");
/// let err = find("UK", None).unwrap_err().to_string();
/// assert!(err.contains("3L_UK") && err.contains("5L_UK"));
/// assert!(find("Atlantis", None).is_err());
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn find(name: &str, instrument: Option<Instrument>) -> Result<&'static ValueSet> {
    let cat = catalogue_ref();
    let key = normalise(name);
    let fits = |i: &usize| {
        cat.sets
            .get(*i)
            .is_some_and(|vs| instrument.is_none_or(|inst| vs.instrument() == inst))
    };
    if instrument == Some(Instrument::Eq5dY5l) {
        return Err(Error::NoValueSets {
            instrument: Instrument::Eq5dY5l,
        });
    }
    if let Some(vs) = cat
        .ids
        .get(&key)
        .filter(|i| fits(i))
        .and_then(|i| cat.sets.get(*i))
    {
        return Ok(vs);
    }
    // An id written without its instrument prefix, when the instrument is known.
    if let Some(inst) = instrument {
        let prefixed = normalise(&format!("{}_{name}", inst.short_name()));
        if let Some(vs) = cat.ids.get(&prefixed).and_then(|i| cat.sets.get(*i)) {
            return Ok(vs);
        }
    }
    let hits: Vec<usize> = cat
        .aliases
        .get(&key)
        .map(|v| v.iter().copied().filter(|i| fits(i)).collect())
        .unwrap_or_default();
    match hits.as_slice() {
        [one] => cat.sets.get(*one).ok_or_else(|| unknown(name, instrument)),
        [] => Err(unknown(name, instrument)),
        many => Err(Error::AmbiguousValueSet {
            query: name.to_string(),
            candidates: many
                .iter()
                .filter_map(|i| cat.sets.get(*i))
                .map(|v| v.id().to_string())
                .collect(),
        }),
    }
}

fn unknown(name: &str, instrument: Option<Instrument>) -> Error {
    let cat = catalogue_ref();
    let key = normalise(name);
    let mut suggestions: Vec<String> = Vec::new();
    if key.len() >= 2 {
        for vs in &cat.sets {
            if instrument.is_some_and(|i| vs.instrument() != i) {
                continue;
            }
            let names =
                std::iter::once(vs.id()).chain(vs.definition().aliases.iter().map(String::as_str));
            let hit = names.map(normalise).any(|n| {
                n.split('_').any(|tok| {
                    tok.starts_with(&key) || (tok.len() >= 2 && key.split('_').any(|k| k == tok))
                }) || (key.len() >= 4 && n.contains(&key))
            });
            if hit && !suggestions.iter().any(|s| s == vs.id()) {
                suggestions.push(vs.id().to_string());
            }
        }
    }
    suggestions.truncate(8);
    Error::UnknownValueSet {
        query: name.to_string(),
        suggestions,
    }
}

/// The built-in national value sets of one instrument (without crosswalk tables).
///
/// ```
/// use groupwell::eq5d::{value_sets_for, Instrument};
/// assert_eq!(value_sets_for(Instrument::Eq5d5l).count(), 49);
/// assert_eq!(value_sets_for(Instrument::Eq5d3l).count(), 49);
/// assert_eq!(value_sets_for(Instrument::Eq5dY3l).count(), 13);
/// ```
pub fn value_sets_for(instrument: Instrument) -> impl Iterator<Item = &'static ValueSet> {
    catalogue()
        .iter()
        .filter(move |v| v.instrument() == instrument && v.definition().kind == Kind::ValueSet)
}
