//! The built-in value sets and look-up by name.
//!
//! The national sets are read from `data/eq5d/value-sets-*.json`. The published crosswalk
//! tables come from `data/eq5d/crosswalk-tables.compact.json`: the four 3L reverse-crosswalk
//! tables as they are, and each 5L crosswalk table (van Hout 2012 method, 3125 values with
//! three decimals) as corrections to [`crosswalk_prediction`] of the 3L set it was built from,
//! rounded to three decimals. Most corrections are 0 (all of them for Bermuda, France and
//! Thailand; fewer than 450 of the 3,125 for nine more tables; 1,085 for Russia and 2,852 for
//! Jordan), so the thirteen tables take 6 KB gzipped instead of 62 KB. The compact file is
//! written by the test `compact_crosswalk_tables` from the full published tables in
//! `data/eq5d/crosswalk-tables.json`
//! (`GROUPWELL_BLESS=1 cargo test -p groupwell compact_crosswalk_tables` after
//! `tools/import_eq5d_reference.py`), which also checks that every rebuilt table equals the
//! published one bit for bit.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::crosswalk::crosswalk_prediction;
use super::model::Model;
use super::state::Instrument;
use super::valueset::{Kind, ValueSet, ValueSetDef};
use crate::error::{Error, Result};

const NATIONAL: [&str; 3] = [
    include_str!("../../data/eq5d/value-sets-3l.json"),
    include_str!("../../data/eq5d/value-sets-5l.json"),
    include_str!("../../data/eq5d/value-sets-y3l.json"),
];

const CROSSWALK_TABLES: &str = include_str!("../../data/eq5d/crosswalk-tables.compact.json");

/// The crosswalk tables: definitions (a 5L table's model without values) and corrections.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompactTables {
    sets: Vec<ValueSetDef>,
    corrections: Vec<Correction>,
}

/// A published 5L crosswalk table as corrections to the prediction from its 3L set.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Correction {
    /// The id of the table.
    id: String,
    /// The 3L set it was built from.
    base: String,
    /// One character per state: `RESIDUAL_ZERO + (published − prediction) × 1000`, both in
    /// thousandths (the prediction rounded).
    residuals: String,
    /// States whose published value is not a rounded prediction plus a small residual:
    /// `[state code, value]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    exceptions: Vec<(u16, f64)>,
}

/// The character of a zero residual; residuals `-45..=46` are the characters `#` to `~`.
const RESIDUAL_ZERO: u8 = b'P';

impl Correction {
    /// The table, or `None` if the correction does not fit the prediction.
    fn apply(&self, prediction: &[f64]) -> Option<Vec<f64>> {
        if self.residuals.len() != prediction.len() {
            return None;
        }
        let mut values: Vec<f64> = prediction
            .iter()
            .zip(self.residuals.bytes())
            .map(|(p, c)| thousandths(*p, c))
            .collect();
        for &(code, v) in &self.exceptions {
            *values.get_mut(usize::from(code))? = v;
        }
        Some(values)
    }
}

/// `round(p × 1000) + residual` thousandths as the nearest `f64` (the value the published text,
/// e.g. `0.913`, parses to).
fn thousandths(p: f64, c: u8) -> f64 {
    let k = (p * 1000.0).round() + f64::from(i32::from(c) - i32::from(RESIDUAL_ZERO));
    k / 1000.0
}

fn parse_defs(text: &str) -> Vec<ValueSetDef> {
    // The built-in files are checked by the test suite; a set that failed to load would be
    // missing from the catalogue and fail the exhaustive tests.
    serde_json::from_str(text).unwrap_or_default()
}

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
    for text in NATIONAL {
        for def in parse_defs(text) {
            if let Ok(vs) = ValueSet::from_definition_lazy(def) {
                sets.push(vs);
            }
        }
    }
    let tables: Option<CompactTables> = serde_json::from_str(CROSSWALK_TABLES).ok();
    let (defs, corrections) = tables.map_or((vec![], vec![]), |t| (t.sets, t.corrections));
    for mut def in defs {
        if let Some(c) = corrections.iter().find(|c| c.id == def.id) {
            let base = sets.iter().find(|vs| vs.id() == c.base);
            let Some(values) = base.and_then(|b| c.apply(&crosswalk_prediction(b.table()))) else {
                continue;
            };
            def.model = Model::Table {
                values: Some(values.into_iter().map(Some).collect()),
                states: None,
            };
        }
        if let Ok(vs) = ValueSet::from_definition_lazy(def) {
            sets.push(vs);
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    const PUBLISHED: &str = include_str!("../../data/eq5d/crosswalk-tables.json");

    /// The residuals of `published` against the prediction from `base`, with the states that
    /// need an exception, and how many residuals are not 0.
    fn correction(id: &str, base: &ValueSet, published: &[f64]) -> (Correction, usize) {
        let prediction = crosswalk_prediction(base.table());
        let mut residuals = String::new();
        let mut exceptions = Vec::new();
        let mut nonzero = 0;
        for (code, (p, v)) in prediction.iter().zip(published).enumerate() {
            let r = (v * 1000.0).round() - (p * 1000.0).round();
            let c = i32::from(RESIDUAL_ZERO) + r as i32;
            let fits = (i32::from(b'#')..=i32::from(b'~')).contains(&c)
                && thousandths(*p, c as u8).to_bits() == v.to_bits();
            if fits {
                residuals.push(char::from(c as u8));
                nonzero += usize::from(r != 0.0);
            } else {
                residuals.push(char::from(RESIDUAL_ZERO));
                exceptions.push((u16::try_from(code).unwrap(), *v));
                nonzero += 1;
            }
        }
        let c = Correction {
            id: id.into(),
            base: base.id().into(),
            residuals,
            exceptions,
        };
        (c, nonzero)
    }

    /// The compact file for the published tables: each 5L table as corrections to the 3L set
    /// that predicts it best.
    fn compact(published: &[ValueSetDef]) -> String {
        let mut sets = Vec::new();
        let mut corrections = Vec::new();
        for def in published {
            let mut def = def.clone();
            if def.kind == Kind::Crosswalk && def.instrument == Instrument::Eq5d5l {
                let Model::Table {
                    values: Some(values),
                    states: None,
                } = &def.model
                else {
                    panic!("{}: not a table of values", def.id)
                };
                let values: Vec<f64> = values.iter().map(|v| v.unwrap()).collect();
                let best = catalogue()
                    .iter()
                    .filter(|vs| {
                        vs.instrument() == Instrument::Eq5d3l
                            && vs.definition().kind == Kind::ValueSet
                    })
                    .map(|vs| correction(&def.id, vs, &values))
                    .min_by_key(|(_, nonzero)| *nonzero)
                    .unwrap();
                corrections.push(best.0);
                def.model = Model::Table {
                    values: None,
                    states: None,
                };
            }
            sets.push(serde_json::to_string(&def).unwrap());
        }
        let corrections: Vec<String> = corrections
            .iter()
            .map(|c| serde_json::to_string(c).unwrap())
            .collect();
        format!(
            "{{\"sets\": [\n{}\n],\n\"corrections\": [\n{}\n]}}\n",
            sets.join(",\n"),
            corrections.join(",\n")
        )
    }

    #[test]
    fn compact_crosswalk_tables() {
        let published: Vec<ValueSetDef> = serde_json::from_str(PUBLISHED).unwrap();
        let text = compact(&published);
        if std::env::var("GROUPWELL_BLESS").is_ok_and(|v| v == "1") {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/eq5d/crosswalk-tables.compact.json"
            );
            std::fs::write(path, &text).unwrap();
        }
        assert!(
            text == CROSSWALK_TABLES,
            "data/eq5d/crosswalk-tables.compact.json is out of date: \
             GROUPWELL_BLESS=1 cargo test -p groupwell compact_crosswalk_tables"
        );
        // Every published table, rebuilt, is the published one, bit for bit.
        for def in &published {
            let vs = catalogue()
                .iter()
                .find(|vs| vs.id() == def.id)
                .unwrap_or_else(|| panic!("{} is not in the catalogue", def.id));
            assert_eq!(vs.definition(), def, "{}", def.id);
            let Model::Table {
                values: Some(values),
                ..
            } = &def.model
            else {
                panic!("{}: not a table of values", def.id)
            };
            assert!(
                vs.table()
                    .iter()
                    .zip(values)
                    .all(|(a, b)| Some(a.to_bits()) == b.map(f64::to_bits))
            );
        }
        assert_eq!(
            catalogue()
                .iter()
                .filter(|vs| vs.definition().kind != Kind::ValueSet)
                .count(),
            published.len()
        );
    }
}
