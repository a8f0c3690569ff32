//! Crosswalks between EQ-5D-5L and EQ-5D-3L value sets.
//!
//! - [`crosswalk_5l_to_3l`]: van Hout et al. 2012 (doi:10.1016/j.jval.2012.02.008). The value of a
//!   5L state is the expected 3L value, Σ over the 243 3L states of P(3L state | 5L state) × the
//!   3L value, with P the product over dimensions of the published P(3L level | 5L level). Works
//!   for every 3L value set, built-in or user-defined.
//! - [`crosswalk_3l_to_5l`]: van Hout & Shaw 2021 (doi:10.1016/j.jval.2021.03.009). An ordered
//!   logit per dimension gives P(5L level | whole 3L state); the value of a 3L state is the
//!   expected 5L value over the 3125 5L states. Works for every 5L value set.
//!
//! Both return a new [`ValueSet`] (kind crosswalk) that scores like any other set. The published
//! EuroQol lookup tables are separate built-in sets (`5L_CW_*`, `3L_RCW_*`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::model::Model;
use super::state::{Instrument, levels_of_code};
use super::valueset::{Kind, Method, VALUE_SET_FORMAT, ValueSet, ValueSetDef};
use crate::error::{Error, Result};

#[derive(Deserialize)]
struct VanHout2012File {
    probabilities: BTreeMap<String, [[f64; 3]; 5]>,
}

#[derive(Deserialize)]
struct Logit {
    cuts: [f64; 4],
    coefficients: BTreeMap<String, f64>,
}

#[derive(Deserialize)]
struct VanHout2021File {
    model: BTreeMap<String, Logit>,
}

const DIMS: [&str; 5] = ["MO", "SC", "UA", "PD", "AD"];

/// P(3L level | 5L level), `[dimension][5L level - 1][3L level - 1]`.
fn vanhout2012() -> &'static [[[f64; 3]; 5]; 5] {
    static P: OnceLock<[[[f64; 3]; 5]; 5]> = OnceLock::new();
    P.get_or_init(|| {
        let file: Option<VanHout2012File> =
            serde_json::from_str(include_str!("../../data/eq5d/vanhout2012.json")).ok();
        let mut out = [[[0.0; 3]; 5]; 5];
        if let Some(f) = file {
            for (slot, d) in out.iter_mut().zip(DIMS) {
                if let Some(p) = f.probabilities.get(d) {
                    *slot = *p;
                }
            }
        }
        out
    })
}

/// Per dimension: cut points and coefficients on the 3L level dummies of every dimension,
/// `coef[other dimension][3L level - 2]`.
struct Logits {
    cuts: [[f64; 4]; 5],
    coef: [[[f64; 2]; 5]; 5],
}

fn vanhout2021() -> &'static Logits {
    static L: OnceLock<Logits> = OnceLock::new();
    L.get_or_init(|| {
        let file: Option<VanHout2021File> =
            serde_json::from_str(include_str!("../../data/eq5d/vanhout2021.json")).ok();
        let mut out = Logits {
            cuts: [[0.0; 4]; 5],
            coef: [[[0.0; 2]; 5]; 5],
        };
        if let Some(f) = file {
            for ((cuts, coef), d) in out.cuts.iter_mut().zip(out.coef.iter_mut()).zip(DIMS) {
                if let Some(m) = f.model.get(d) {
                    *cuts = m.cuts;
                    for (row, other) in coef.iter_mut().zip(DIMS) {
                        for (slot, lvl) in row.iter_mut().zip(["2", "3"]) {
                            *slot = m
                                .coefficients
                                .get(&format!("{other}{lvl}"))
                                .copied()
                                .unwrap_or(0.0);
                        }
                    }
                }
            }
        }
        out
    })
}

#[allow(clippy::too_many_arguments)]
fn derived(
    source: &ValueSet,
    instrument: Instrument,
    kind: Kind,
    prefix: &str,
    note: String,
    doi: &str,
    citation: &str,
    table: Vec<f64>,
) -> ValueSet {
    let d = source.definition();
    let def = ValueSetDef {
        format: VALUE_SET_FORMAT.into(),
        id: format!("{prefix}({})", d.id),
        kind,
        instrument,
        name: d.name.clone(),
        country: d.country.clone(),
        iso: d.iso.clone(),
        method: Some(Method::Crosswalk),
        method_detail: Some(note),
        year: d.year,
        doi: Some(doi.into()),
        url: None,
        citation: Some(citation.into()),
        aliases: vec![],
        notes: vec![format!("Values of {} applied through the crosswalk.", d.id)],
        model: Model::Table {
            values: Some(table.iter().copied().map(Some).collect()),
            states: None,
        },
    };
    ValueSet::from_parts(def, table)
}

/// The van Hout 2012 crosswalk: scores EQ-5D-5L states with an EQ-5D-3L value set.
///
/// ```
/// use groupwell::eq5d::{crosswalk_5l_to_3l, ValueSet};
/// let uk = crosswalk_5l_to_3l(ValueSet::get("3L_UK")?)?;
/// assert_eq!(uk.instrument(), groupwell::eq5d::Instrument::Eq5d5l);
/// assert_eq!(uk.index_str("11111")?, 1.0);
/// assert!((uk.index_str("55555")? - (-0.594)).abs() < 1e-12);
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn crosswalk_5l_to_3l(value_set: &ValueSet) -> Result<ValueSet> {
    if value_set.instrument() != Instrument::Eq5d3l {
        return Err(Error::InstrumentMismatch {
            what: format!("the 5L→3L crosswalk target {}", value_set.id()),
            expected: Instrument::Eq5d3l,
            found: value_set.instrument(),
        });
    }
    let table = crosswalk_prediction(value_set.table());
    Ok(derived(
        value_set,
        Instrument::Eq5d5l,
        Kind::Crosswalk,
        "XW",
        "5L→3L crosswalk (van Hout et al. 2012)".into(),
        "10.1016/j.jval.2012.02.008",
        "van Hout B, Janssen MF, Feng YS, et al. Interim scoring for the EQ-5D-5L: mapping the EQ-5D-5L to EQ-5D-3L value sets. Value in Health. 2012;15(5):708-715.",
        table,
    ))
}

/// The van Hout 2012 crosswalk of a 3L table (243 values in code order) as 3125 5L values in
/// code order: each 5L state's expected 3L value, contracted one dimension at a time (MO first):
/// 243 → 405 → 675 → 1125 → 1875 → 3125 values, three multiply-adds each. The order of the sums
/// is fixed, so the bits are the same on every platform: the catalogue stores the published 5L
/// crosswalk tables as corrections to this ([`crosswalk_5l_to_3l`] is it as a value set).
pub(crate) fn crosswalk_prediction(v3: &[f64]) -> Vec<f64> {
    let p = vanhout2012();
    let mut cur: Vec<f64> = v3.to_vec();
    // Values per step of the dimension being contracted (the product of the later dimensions'
    // sizes: all still 3-level).
    let mut inner = 81usize;
    for dim in p.iter() {
        let mut next = vec![0.0; cur.len() / 3 * 5];
        for (src, dst) in cur
            .chunks_exact(3 * inner)
            .zip(next.chunks_exact_mut(5 * inner))
        {
            let (r1, rest) = src.split_at(inner);
            let (r2, r3) = rest.split_at(inner);
            for (row, w) in dst.chunks_exact_mut(inner).zip(dim) {
                for (((o, a), b), c) in row.iter_mut().zip(r1).zip(r2).zip(r3) {
                    *o = w[0] * a + w[1] * b + w[2] * c;
                }
            }
        }
        cur = next;
        inner /= 3;
    }
    cur
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// P(5L level | 3L state) for each dimension, `[dimension][5L level - 1]`.
fn reverse_probabilities(l3: [u8; 5]) -> [[f64; 5]; 5] {
    let m = vanhout2021();
    std::array::from_fn(|d| {
        let cuts = m.cuts.get(d).copied().unwrap_or([0.0; 4]);
        let coef = m.coef.get(d).copied().unwrap_or([[0.0; 2]; 5]);
        let mut xb = 0.0;
        for (row, &l) in coef.iter().zip(&l3) {
            if l >= 2 {
                xb += row.get(usize::from(l) - 2).copied().unwrap_or(0.0);
            }
        }
        let cum: [f64; 4] = cuts.map(|c| logistic(c - xb));
        let [c1, c2, c3, c4] = cum;
        [c1, c2 - c1, c3 - c2, c4 - c3, 1.0 - c4]
    })
}

/// The van Hout & Shaw 2021 reverse crosswalk: scores EQ-5D-3L states with an EQ-5D-5L value
/// set.
///
/// ```
/// use groupwell::eq5d::{crosswalk_3l_to_5l, ValueSet};
/// let se = crosswalk_3l_to_5l(ValueSet::get("5L_SE_2022")?)?;
/// assert_eq!(se.instrument(), groupwell::eq5d::Instrument::Eq5d3l);
/// assert!(se.index_str("11111")? < 1.0); // some chance of 5L problems even at 3L 11111
/// # Ok::<(), groupwell::Error>(())
/// ```
pub fn crosswalk_3l_to_5l(value_set: &ValueSet) -> Result<ValueSet> {
    if value_set.instrument() != Instrument::Eq5d5l {
        return Err(Error::InstrumentMismatch {
            what: format!("the 3L→5L reverse crosswalk target {}", value_set.id()),
            expected: Instrument::Eq5d5l,
            found: value_set.instrument(),
        });
    }
    let v5 = value_set.table();
    let mut table = Vec::with_capacity(243);
    // Contract the 5L table one dimension at a time (AD first), weighting by that dimension's
    // probabilities: 3125 → 625 → 125 → 25 → 5 → 1 multiply-adds per step.
    let mut buf: Vec<f64> = Vec::with_capacity(625);
    let mut next: Vec<f64> = Vec::with_capacity(625);
    for c3 in 0..243u16 {
        let probs = reverse_probabilities(levels_of_code(c3, 3));
        buf.clear();
        buf.extend_from_slice(v5);
        for p in probs.iter().rev() {
            next.clear();
            for chunk in buf.chunks_exact(5) {
                next.push(chunk.iter().zip(p).map(|(v, w)| v * w).sum());
            }
            std::mem::swap(&mut buf, &mut next);
        }
        table.push(buf.first().copied().unwrap_or(f64::NAN));
    }
    Ok(derived(
        value_set,
        Instrument::Eq5d3l,
        Kind::ReverseCrosswalk,
        "RXW",
        "3L→5L reverse crosswalk (van Hout & Shaw 2021)".into(),
        "10.1016/j.jval.2021.03.009",
        "van Hout B, Shaw JW. Mapping EQ-5D-3L to EQ-5D-5L. Value in Health. 2021;24(9):1285-1293.",
        table,
    ))
}
