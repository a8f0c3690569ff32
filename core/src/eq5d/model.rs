//! Value-set models in the project's own format, and their compilation to a scoring function.
//!
//! A model is one of:
//! - `additive`: the index is the sum of the coefficients of the terms that apply;
//! - `multiplicative`: the product of the factors that apply (the German 3L VAS set);
//! - `power`: `FullHealth + Constant·[any level > 1] − (Σ |dimension decrements|)^exponent`
//!   (the Indonesian Y-3L set);
//! - `table`: one value per state, as a list in code order or as a `{"11111": 1.0, ...}` map.
//!
//! Term names (coefficients in `terms`), with `n_k` = number of dimensions at level `k`:
//!
//! | term | applies |
//! |---|---|
//! | `FullHealth` | always (the value of `11111` before level-1 terms) |
//! | `Constant` | when any level is above 1 |
//! | `MO1` … `AD5` | that dimension at that level (level-1 terms are allowed) |
//! | `N3`, `N4`, `N5` | when any level is ≥ 3, ≥ 4, = 5 (`N3` on 3-level, `N4`/`N5` on 5-level instruments) |
//! | `MO45` … `AD45` | that dimension at level 4 or 5 |
//! | `Num45sq` | × (max(0, number of dimensions at 4 or 5 − 1))² |
//! | `D1` | × max(0, number of levels above 1 − 1) |
//! | `I2`, `I3` | × max(0, `n_2` − 1), × max(0, `n_3` − 1) |
//! | `I2sq`, `I3sq` | × that number squared |
//! | `C2sq`, `C3sq` | × `n_2`², × `n_3`² |
//! | `O2`, `O3` | only 2s (no 3s) among the problems; only 3s (no 2s) |
//! | `X5` | all five levels are 2 or 3 |
//! | `Z2` | at least one 2 and at least one 3 |
//! | `Z3` | × `n_2` when any level is 3 |
//! | `All3` | the state `33333` only |
//! | `MOAD`, `PDAD` | × (MO−1)(AD−1), × (PD−1)(AD−1) |
//! | `MO2SC3` etc. | MO at level 2 and SC at level 3 (any pair, first dimension first) |
//!
//! `fixed_states` (optional) gives states whose published value replaces the model's.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::state::{Dimension, Instrument, State, levels_of_code};
use crate::error::{Error, Result};

/// A value-set model as stored in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Model {
    /// Sum of the coefficients of the terms that apply.
    Additive {
        /// Term name → coefficient.
        terms: BTreeMap<String, f64>,
        /// States whose published value replaces the model's.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        fixed_states: BTreeMap<String, f64>,
    },
    /// Product of the factors of the terms that apply (`FullHealth` always applies).
    Multiplicative {
        /// Term name → factor.
        terms: BTreeMap<String, f64>,
    },
    /// `FullHealth + Constant·[any level > 1] − (Σ |dimension decrements|)^exponent`.
    Power {
        /// The exponent.
        exponent: f64,
        /// Term name → coefficient.
        terms: BTreeMap<String, f64>,
    },
    /// One value per state: exactly one of `values` (a list in code order) or `states` (a map).
    Table {
        /// Every state's value in code order (`11111` first, AD changing fastest).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        values: Option<Vec<Option<f64>>>,
        /// State → value; a state given twice is an error.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        states: Option<UniqueMap>,
    },
}

/// A JSON object whose keys must be unique (serde_json would otherwise keep the last one).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct UniqueMap(pub BTreeMap<String, Option<f64>>);

impl<'de> Deserialize<'de> for UniqueMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = UniqueMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object mapping states such as \"11111\" to numbers")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<UniqueMap, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, Option<f64>>()? {
                    if out.contains_key(&k) {
                        return Err(serde::de::Error::custom(format!(
                            "state {k:?} is given twice"
                        )));
                    }
                    out.insert(k, v);
                }
                Ok(UniqueMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Extra {
    /// Any level ≥ k.
    AnyAtLeast(u8),
    /// Dimension at level ≥ 4.
    Dim45(usize),
    Num45sq,
    D1,
    I(u8),
    Isq(u8),
    Csq(u8),
    O2,
    O3,
    X5,
    Z2,
    Z3,
    All3,
    Product(usize, usize),
    Pair(usize, u8, usize, u8),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Combine {
    Add,
    Multiply,
    Power(f64),
}

/// A model compiled for fast evaluation.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    combine: Combine,
    full_health: f64,
    constant: f64,
    /// dims[d][level-1]: additive coefficient (0 when absent) or multiplicative factor (1).
    dims: [[f64; 5]; 5],
    extras: Vec<(Extra, f64)>,
}

fn term_error(id: &str, term: &str, reason: impl Into<String>) -> Error {
    Error::InvalidDefinition {
        id: id.to_string(),
        field: format!("model.terms.{term}"),
        reason: reason.into(),
    }
}

fn parse_dim_level(s: &str) -> Option<(usize, u8)> {
    let (d, l) = (s.get(..2)?, s.get(2..)?);
    let dim = Dimension::ALL.iter().find(|x| x.code() == d)?;
    let level: u8 = match l {
        "1" => 1,
        "2" => 2,
        "3" => 3,
        "4" => 4,
        "5" => 5,
        _ => return None,
    };
    Some((dim.index(), level))
}

fn parse_term(name: &str, instrument: Instrument, id: &str) -> Result<Term> {
    let l = instrument.levels();
    let three = l == 3;
    let need = |ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(term_error(
                id,
                name,
                format!("{what} does not apply to {instrument}"),
            ))
        }
    };
    let t = match name {
        "FullHealth" => Term::FullHealth,
        "Constant" => Term::Constant,
        "N3" => {
            need(three, "N3")?;
            Term::Extra(Extra::AnyAtLeast(3))
        }
        "N4" => {
            need(!three, "N4")?;
            Term::Extra(Extra::AnyAtLeast(4))
        }
        "N5" => {
            need(!three, "N5")?;
            Term::Extra(Extra::AnyAtLeast(5))
        }
        "Num45sq" => {
            need(!three, "Num45sq")?;
            Term::Extra(Extra::Num45sq)
        }
        "D1" => Term::Extra(Extra::D1),
        "I2" => Term::Extra(Extra::I(2)),
        "I3" => Term::Extra(Extra::I(3)),
        "I2sq" => Term::Extra(Extra::Isq(2)),
        "I3sq" => Term::Extra(Extra::Isq(3)),
        "C2sq" => Term::Extra(Extra::Csq(2)),
        "C3sq" => Term::Extra(Extra::Csq(3)),
        "O2" | "O3" | "X5" | "Z2" | "Z3" | "All3" => {
            need(three, name)?;
            match name {
                "O2" => Term::Extra(Extra::O2),
                "O3" => Term::Extra(Extra::O3),
                "X5" => Term::Extra(Extra::X5),
                "Z2" => Term::Extra(Extra::Z2),
                "Z3" => Term::Extra(Extra::Z3),
                _ => Term::Extra(Extra::All3),
            }
        }
        "MOAD" => Term::Extra(Extra::Product(0, 4)),
        "PDAD" => Term::Extra(Extra::Product(3, 4)),
        _ => {
            if name.len() == 4 && name.ends_with("45") {
                need(!three, name)?;
                let dim = Dimension::ALL
                    .iter()
                    .find(|d| name.starts_with(d.code()))
                    .ok_or_else(|| term_error(id, name, "unknown term"))?;
                Term::Extra(Extra::Dim45(dim.index()))
            } else if name.len() == 3 {
                let (d, lv) =
                    parse_dim_level(name).ok_or_else(|| term_error(id, name, "unknown term"))?;
                if lv > l {
                    return Err(term_error(
                        id,
                        name,
                        format!("level {lv} does not exist in {instrument}"),
                    ));
                }
                Term::Dim(d, lv)
            } else if name.len() == 6 {
                let a = name.get(..3).and_then(parse_dim_level);
                let b = name.get(3..).and_then(parse_dim_level);
                match (a, b) {
                    (Some((d1, l1)), Some((d2, l2))) if d1 < d2 && l1 <= l && l2 <= l => {
                        Term::Extra(Extra::Pair(d1, l1, d2, l2))
                    }
                    _ => return Err(term_error(id, name, "unknown term")),
                }
            } else {
                return Err(term_error(id, name, "unknown term"));
            }
        }
    };
    Ok(t)
}

enum Term {
    FullHealth,
    Constant,
    Dim(usize, u8),
    Extra(Extra),
}

impl Compiled {
    pub(crate) fn new(model: &Model, instrument: Instrument, id: &str) -> Result<Option<Compiled>> {
        let (combine, terms) = match model {
            Model::Additive { terms, .. } => (Combine::Add, terms),
            Model::Multiplicative { terms } => (Combine::Multiply, terms),
            Model::Power { exponent, terms } => {
                if !exponent.is_finite() || *exponent <= 0.0 {
                    return Err(Error::InvalidDefinition {
                        id: id.into(),
                        field: "model.exponent".into(),
                        reason: format!("{exponent} is not a positive finite number"),
                    });
                }
                (Combine::Power(*exponent), terms)
            }
            Model::Table { .. } => return Ok(None),
        };
        let neutral = if combine == Combine::Multiply {
            1.0
        } else {
            0.0
        };
        let mut c = Compiled {
            combine,
            full_health: neutral,
            constant: neutral,
            dims: [[neutral; 5]; 5],
            extras: vec![],
        };
        if combine == Combine::Add || matches!(combine, Combine::Power(_)) {
            c.full_health = 0.0;
        }
        let mut has_full_health = false;
        for (name, &v) in terms {
            if !v.is_finite() {
                return Err(term_error(id, name, "coefficient is not a finite number"));
            }
            match parse_term(name, instrument, id)? {
                Term::FullHealth => {
                    has_full_health = true;
                    c.full_health = v;
                }
                Term::Constant => c.constant = v,
                Term::Dim(d, l) => {
                    if let Some(slot) = c
                        .dims
                        .get_mut(d)
                        .and_then(|row| row.get_mut(usize::from(l) - 1))
                    {
                        *slot = v;
                    }
                }
                Term::Extra(e) => {
                    if combine != Combine::Add {
                        return Err(term_error(
                            id,
                            name,
                            "only FullHealth, Constant and dimension terms are allowed in multiplicative and power models",
                        ));
                    }
                    c.extras.push((e, v));
                }
            }
        }
        if !has_full_health {
            return Err(Error::InvalidDefinition {
                id: id.into(),
                field: "model.terms.FullHealth".into(),
                reason: "missing (the value of full health before level-1 terms, usually 1)".into(),
            });
        }
        Ok(Some(c))
    }

    /// The model's value of a state given by valid levels.
    pub(crate) fn evaluate(&self, levels: [u8; 5]) -> f64 {
        let idx = |l: u8| usize::from(l) - 1;
        let any_problem = levels.iter().any(|&l| l > 1);
        match self.combine {
            Combine::Multiply => {
                let mut v = self.full_health;
                if any_problem {
                    v *= self.constant;
                }
                for (row, &l) in self.dims.iter().zip(&levels) {
                    v *= row.get(idx(l)).copied().unwrap_or(1.0);
                }
                v
            }
            Combine::Power(p) => {
                let mut s = 0.0;
                for (row, &l) in self.dims.iter().zip(&levels) {
                    s += row.get(idx(l)).copied().unwrap_or(0.0).abs();
                }
                let mut v = self.full_health;
                if any_problem {
                    v += self.constant;
                }
                v - s.powf(p)
            }
            Combine::Add => {
                let mut v = self.full_health;
                if any_problem {
                    v += self.constant;
                }
                for (row, &l) in self.dims.iter().zip(&levels) {
                    v += row.get(idx(l)).copied().unwrap_or(0.0);
                }
                if !self.extras.is_empty() {
                    v += self.extras_value(levels);
                }
                v
            }
        }
    }

    /// Every state's value in code order, bit-identical to [`evaluate`](Self::evaluate) per
    /// state but without per-state dispatch: for additive models the dimension part comes from
    /// nested prefix sums (the same additions in the same order) and each extra term is added in
    /// one tight loop over all states, into a buffer summed in the same order as
    /// `extras_value`.
    pub(crate) fn table(&self, levels: u8) -> Vec<f64> {
        let n = usize::from(levels).pow(5);
        if self.combine != Combine::Add {
            let mut out = Vec::with_capacity(n);
            let mut lv = [1u8; 5];
            for _ in 0..n {
                out.push(self.evaluate(lv));
                step(&mut lv, levels);
            }
            return out;
        }
        let l = usize::from(levels);
        let row = |d: usize| self.dims.get(d).and_then(|r| r.get(..l)).unwrap_or(&[]);
        let (d0, d1, d2, d3, d4) = (row(0), row(1), row(2), row(3), row(4));
        let mut t = Vec::with_capacity(n);
        // Every state but 11111 has a problem, so the constant comes right after FullHealth.
        let p = self.full_health + self.constant;
        for &a in d0 {
            let pa = p + a;
            for &b in d1 {
                let pb = pa + b;
                for &c in d2 {
                    let pc = pb + c;
                    for &d in d3 {
                        let pd = pc + d;
                        for &e in d4 {
                            t.push(pd + e);
                        }
                    }
                }
            }
        }
        let first = |d: &[f64]| d.first().copied().unwrap_or(0.0);
        if let Some(v) = t.first_mut() {
            *v = self.full_health + first(d0) + first(d1) + first(d2) + first(d3) + first(d4);
        }
        if !self.extras.is_empty() {
            let feats = features(n, levels);
            let mut e = vec![0.0f64; n];
            for &(term, coef) in &self.extras {
                add_extra(&mut e, &feats, term, coef);
            }
            for (v, x) in t.iter_mut().zip(&e) {
                *v += x;
            }
        }
        t
    }

    fn extras_value(&self, levels: [u8; 5]) -> f64 {
        let count = |k: u8| levels.iter().filter(|&&l| l == k).count() as f64;
        let (n2, n3) = (count(2), count(3));
        let n45 = levels.iter().filter(|&&l| l >= 4).count() as f64;
        let problems = levels.iter().filter(|&&l| l > 1).count() as f64;
        let lv = |d: usize| f64::from(levels.get(d).copied().unwrap_or(1));
        let mut v = 0.0;
        for &(e, coef) in &self.extras {
            let x = match e {
                Extra::AnyAtLeast(k) => f64::from(u8::from(levels.iter().any(|&l| l >= k))),
                Extra::Dim45(d) => f64::from(u8::from(lv(d) >= 4.0)),
                Extra::Num45sq => (n45 - 1.0).max(0.0).powi(2),
                Extra::D1 => (problems - 1.0).max(0.0),
                Extra::I(k) => (count(k) - 1.0).max(0.0),
                Extra::Isq(k) => (count(k) - 1.0).max(0.0).powi(2),
                Extra::Csq(k) => count(k).powi(2),
                Extra::O2 => f64::from(u8::from(n2 > 0.0 && n3 == 0.0)),
                Extra::O3 => f64::from(u8::from(n3 > 0.0 && n2 == 0.0)),
                Extra::X5 => f64::from(u8::from(levels.iter().all(|&l| l == 2 || l == 3))),
                Extra::Z2 => f64::from(u8::from(n2 > 0.0 && n3 > 0.0)),
                Extra::Z3 => {
                    if n3 > 0.0 {
                        n2
                    } else {
                        0.0
                    }
                }
                Extra::All3 => f64::from(u8::from(levels.iter().all(|&l| l == 3))),
                Extra::Product(a, b) => (lv(a) - 1.0) * (lv(b) - 1.0),
                Extra::Pair(a, la, b, lb) => {
                    f64::from(u8::from(lv(a) == f64::from(la) && lv(b) == f64::from(lb)))
                }
            };
            v += coef * x;
        }
        v
    }
}

/// Builds the full table of a model: one value per state code.
pub(crate) fn build_table(
    model: &Model,
    compiled: Option<&Compiled>,
    instrument: Instrument,
    id: &str,
) -> Result<Vec<f64>> {
    let n = usize::from(instrument.states());
    let l = instrument.levels();
    let bad = |field: String, reason: String| Error::InvalidDefinition {
        id: id.into(),
        field,
        reason,
    };
    let mut table: Vec<f64> = match (model, compiled) {
        (
            Model::Table {
                values: Some(_),
                states: Some(_),
            },
            _,
        )
        | (
            Model::Table {
                values: None,
                states: None,
            },
            _,
        ) => {
            return Err(bad(
                "model".into(),
                "a table model needs exactly one of `values` (a list) or `states` (a map)".into(),
            ));
        }
        (
            Model::Table {
                values: Some(values),
                states: None,
            },
            _,
        ) => {
            if values.len() != n {
                return Err(bad(
                    "model.values".into(),
                    format!(
                        "has {} values, expected {n} (one per {instrument} state, in code order)",
                        values.len()
                    ),
                ));
            }
            let mut out = Vec::with_capacity(n);
            for (i, v) in values.iter().enumerate() {
                let state = levels_of_code(i as u16, l)
                    .iter()
                    .map(|d| char::from(b'0' + d))
                    .collect::<String>();
                match v {
                    Some(x) if x.is_finite() => out.push(*x),
                    Some(x) => {
                        return Err(bad(
                            format!("model.values[{i}]"),
                            format!("state {state}: {x} is not a finite number"),
                        ));
                    }
                    None => {
                        return Err(bad(
                            format!("model.values[{i}]"),
                            format!("state {state} has no value"),
                        ));
                    }
                }
            }
            out
        }
        (
            Model::Table {
                values: None,
                states: Some(map),
            },
            _,
        ) => {
            let mut out = vec![f64::NAN; n];
            for (k, v) in &map.0 {
                let state = State::parse(instrument, k)
                    .map_err(|e| bad(format!("model.states.{k}"), e.to_string()))?;
                let x = v.ok_or_else(|| bad(format!("model.states.{k}"), "has no value".into()))?;
                if !x.is_finite() {
                    return Err(bad(
                        format!("model.states.{k}"),
                        format!("{x} is not a finite number"),
                    ));
                }
                if let Some(slot) = out.get_mut(usize::from(state.code())) {
                    *slot = x;
                }
            }
            let missing: Vec<String> = out
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_nan())
                .map(|(i, _)| {
                    State::from_code(instrument, i as u16)
                        .map(|s| s.to_string())
                        .unwrap_or_default()
                })
                .collect();
            if !missing.is_empty() {
                let shown: Vec<&str> = missing.iter().take(10).map(String::as_str).collect();
                return Err(bad(
                    "model.states".into(),
                    format!(
                        "{} of {n} states are missing: {}{}",
                        missing.len(),
                        shown.join(", "),
                        if missing.len() > 10 { ", ..." } else { "" }
                    ),
                ));
            }
            out
        }
        (_, Some(c)) => c.table(l),
        (_, None) => return Err(bad("model".into(), "could not be compiled".into())),
    };
    if let Model::Additive { fixed_states, .. } = model {
        for (k, &v) in fixed_states {
            let state = State::parse(instrument, k)
                .map_err(|e| bad(format!("model.fixed_states.{k}"), e.to_string()))?;
            if !v.is_finite() {
                return Err(bad(
                    format!("model.fixed_states.{k}"),
                    format!("{v} is not a finite number"),
                ));
            }
            if let Some(slot) = table.get_mut(usize::from(state.code())) {
                *slot = v;
            }
        }
    }
    if let Some((i, v)) = table.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        let state = State::from_code(instrument, i as u16)
            .map(|s| s.to_string())
            .unwrap_or_default();
        return Err(bad(
            "model".into(),
            format!("state {state} evaluates to {v}, not a finite number"),
        ));
    }
    Ok(table)
}

/// What the extra terms look at in one state: its levels and how many are at each level.
#[derive(Debug, Clone, Copy)]
struct Features {
    lv: [u8; 5],
    /// `h[k]`: how many dimensions are at level `k` (`h[0]` unused).
    h: [u8; 6],
}

impl Features {
    #[inline(always)]
    fn n(&self, k: u8) -> f64 {
        f64::from(self.h.get(usize::from(k)).copied().unwrap_or(0))
    }

    #[inline(always)]
    fn level(&self, d: usize) -> f64 {
        f64::from(self.lv.get(d).copied().unwrap_or(1))
    }
}

fn features(n: usize, max: u8) -> Vec<Features> {
    let mut out = Vec::with_capacity(n);
    let mut lv = [1u8; 5];
    for _ in 0..n {
        // Level counts packed in one register (one byte per level): byte stores into a small
        // stack array followed by a wide load stall store forwarding and cost more than the rest.
        let packed = lv
            .iter()
            .fold(0u64, |acc, &l| acc + (1u64 << (8 * u32::from(l & 7))));
        let [_, h1, h2, h3, h4, h5, _, _] = packed.to_le_bytes();
        out.push(Features {
            lv,
            h: [0, h1, h2, h3, h4, h5],
        });
        step(&mut lv, max);
    }
    out
}

/// One extra term over every state: `e[s] += coef * x(s)`.
#[inline(always)]
fn add_term(e: &mut [f64], feats: &[Features], coef: f64, x: impl Fn(&Features) -> f64) {
    for (v, f) in e.iter_mut().zip(feats) {
        *v += coef * x(f);
    }
}

/// Adds one extra term over every state. The `match` is outside the loops, so each loop is a
/// tight one over the features (the same arithmetic as `extras_value`, so the same bits).
fn add_extra(e: &mut [f64], feats: &[Features], term: Extra, coef: f64) {
    let flag = |b: bool| f64::from(u8::from(b));
    match term {
        Extra::AnyAtLeast(3) => add_term(e, feats, coef, |f| flag(f.n(3) + f.n(4) + f.n(5) > 0.0)),
        Extra::AnyAtLeast(4) => add_term(e, feats, coef, |f| flag(f.n(4) + f.n(5) > 0.0)),
        Extra::AnyAtLeast(k) => add_term(e, feats, coef, |f| flag((k..=5).any(|j| f.n(j) > 0.0))),
        Extra::Dim45(d) => add_term(e, feats, coef, |f| flag(f.level(d) >= 4.0)),
        Extra::Num45sq => add_term(e, feats, coef, |f| (f.n(4) + f.n(5) - 1.0).max(0.0).powi(2)),
        Extra::D1 => add_term(e, feats, coef, |f| (5.0 - f.n(1) - 1.0).max(0.0)),
        Extra::I(k) => add_term(e, feats, coef, |f| (f.n(k) - 1.0).max(0.0)),
        Extra::Isq(k) => add_term(e, feats, coef, |f| (f.n(k) - 1.0).max(0.0).powi(2)),
        Extra::Csq(k) => add_term(e, feats, coef, |f| f.n(k).powi(2)),
        Extra::O2 => add_term(e, feats, coef, |f| flag(f.n(2) > 0.0 && f.n(3) == 0.0)),
        Extra::O3 => add_term(e, feats, coef, |f| flag(f.n(3) > 0.0 && f.n(2) == 0.0)),
        Extra::X5 => add_term(e, feats, coef, |f| flag(f.n(2) + f.n(3) == 5.0)),
        Extra::Z2 => add_term(e, feats, coef, |f| flag(f.n(2) > 0.0 && f.n(3) > 0.0)),
        Extra::Z3 => add_term(e, feats, coef, |f| if f.n(3) > 0.0 { f.n(2) } else { 0.0 }),
        Extra::All3 => add_term(e, feats, coef, |f| flag(f.n(3) == 5.0)),
        Extra::Product(a, b) => {
            add_term(e, feats, coef, |f| (f.level(a) - 1.0) * (f.level(b) - 1.0))
        }
        Extra::Pair(a, la, b, lb) => add_term(e, feats, coef, |f| {
            flag(f.level(a) == f64::from(la) && f.level(b) == f64::from(lb))
        }),
    }
}

/// The next state in code order (AD fastest).
#[inline(always)]
fn step(levels: &mut [u8; 5], max: u8) {
    for l in levels.iter_mut().rev() {
        if *l < max {
            *l += 1;
            return;
        }
        *l = 1;
    }
}
