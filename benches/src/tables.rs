//! Bench-local copies of the core's table builder for additive models, and faster variants,
//! to measure what a core change would gain (the core itself is not changed from here).
//!
//! Only the additive terms the timed sets use are supported (dimension terms, `Constant`,
//! `N3`-`N5`, `MO45`..., `Num45sq`, `D1`, `I2`/`I3`, `I2sq`/`I3sq`, `C2sq`/`C3sq`, `O2`, `O3`,
//! `Z2`, `Z3`, `MOAD`, `PDAD`); every variant gives tables bit-identical to the core's.

use groupwell::eq5d::{Dimension, Model, ValueSet};

#[derive(Debug, Clone, Copy)]
enum Extra {
    AnyAtLeast(u8),
    Dim45(usize),
    Num45sq,
    D1,
    I(u8),
    Isq(u8),
    Csq(u8),
    O2,
    O3,
    Z2,
    Z3,
    Product(usize, usize),
}

/// An additive model compiled as the core compiles it.
#[derive(Debug, Clone)]
pub struct Additive {
    levels: u8,
    full_health: f64,
    constant: f64,
    dims: [[f64; 5]; 5],
    extras: Vec<(Extra, f64)>,
}

fn dim_index(code: &str) -> Option<usize> {
    Dimension::ALL.iter().position(|d| d.code() == code)
}

impl Additive {
    /// Compiles a built-in set's model; `None` for other models, fixed states or other terms.
    pub fn of(vs: &ValueSet) -> Option<Additive> {
        let Model::Additive {
            terms,
            fixed_states,
        } = &vs.definition().model
        else {
            return None;
        };
        if !fixed_states.is_empty() {
            return None;
        }
        let mut m = Additive {
            levels: vs.instrument().levels(),
            full_health: 0.0,
            constant: 0.0,
            dims: [[0.0; 5]; 5],
            extras: vec![],
        };
        // Terms in the model's (BTreeMap) order, as the core pushes its extras.
        for (name, &v) in terms {
            let extra = match name.as_str() {
                "FullHealth" => {
                    m.full_health = v;
                    continue;
                }
                "Constant" => {
                    m.constant = v;
                    continue;
                }
                "N3" => Extra::AnyAtLeast(3),
                "N4" => Extra::AnyAtLeast(4),
                "N5" => Extra::AnyAtLeast(5),
                "Num45sq" => Extra::Num45sq,
                "D1" => Extra::D1,
                "I2" => Extra::I(2),
                "I3" => Extra::I(3),
                "I2sq" => Extra::Isq(2),
                "I3sq" => Extra::Isq(3),
                "C2sq" => Extra::Csq(2),
                "C3sq" => Extra::Csq(3),
                "O2" => Extra::O2,
                "O3" => Extra::O3,
                "Z2" => Extra::Z2,
                "Z3" => Extra::Z3,
                "MOAD" => Extra::Product(0, 4),
                "PDAD" => Extra::Product(3, 4),
                n if n.len() == 4 && n.ends_with("45") => Extra::Dim45(dim_index(n.get(..2)?)?),
                n if n.len() == 3 => {
                    let d = dim_index(n.get(..2)?)?;
                    let l: usize = n.get(2..)?.parse().ok()?;
                    *m.dims.get_mut(d)?.get_mut(l.checked_sub(1)?)? = v;
                    continue;
                }
                _ => return None,
            };
            m.extras.push((extra, v));
        }
        Some(m)
    }

    fn states(&self) -> usize {
        usize::from(self.levels).pow(5)
    }

    /// The core's `Compiled::evaluate` for additive models, as it is.
    #[inline]
    fn evaluate(&self, levels: [u8; 5]) -> f64 {
        let idx = |l: u8| usize::from(l) - 1;
        let mut v = self.full_health;
        if levels.iter().any(|&l| l > 1) {
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

    /// The core's `Compiled::extras_value`, as it is.
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
                Extra::Z2 => f64::from(u8::from(n2 > 0.0 && n3 > 0.0)),
                Extra::Z3 => {
                    if n3 > 0.0 {
                        n2
                    } else {
                        0.0
                    }
                }
                Extra::Product(a, b) => (lv(a) - 1.0) * (lv(b) - 1.0),
            };
            v += coef * x;
        }
        v
    }

    /// Variant 2: nested loops for the dimension sums; the extras term by term (one tight loop
    /// per term over a per-state feature array, the `match` on the term outside the loop),
    /// summed in the core's order into a separate buffer, so the same bits.
    pub fn table_term_major(&self) -> Option<Vec<f64>> {
        let mut t = self.dims_nested()?;
        if !self.extras.is_empty() {
            let feats = features(t.len(), self.levels);
            let mut e = vec![0.0f64; t.len()];
            for &(term, coef) in &self.extras {
                match term {
                    Extra::AnyAtLeast(k) => add_term(&mut e, &feats, coef, |f| {
                        let n = match k {
                            3 => f.h[3] + f.h[4] + f.h[5],
                            4 => f.h[4] + f.h[5],
                            _ => f.h[5],
                        };
                        f64::from(u8::from(n > 0))
                    }),
                    Extra::Dim45(d) => add_term(&mut e, &feats, coef, |f| {
                        f64::from(u8::from(f.lv.get(d).is_some_and(|&l| l >= 4)))
                    }),
                    Extra::Num45sq => add_term(&mut e, &feats, coef, |f| {
                        let m = (f64::from(f.h[4] + f.h[5]) - 1.0).max(0.0);
                        m * m
                    }),
                    Extra::D1 => add_term(&mut e, &feats, coef, |f| {
                        (f64::from(5 - f.h[1]) - 1.0).max(0.0)
                    }),
                    Extra::I(k) => {
                        add_term(&mut e, &feats, coef, |f| (f64::from(f.n(k)) - 1.0).max(0.0))
                    }
                    Extra::Isq(k) => add_term(&mut e, &feats, coef, |f| {
                        let m = (f64::from(f.n(k)) - 1.0).max(0.0);
                        m * m
                    }),
                    Extra::Csq(k) => add_term(&mut e, &feats, coef, |f| {
                        let c = f64::from(f.n(k));
                        c * c
                    }),
                    Extra::O2 => add_term(&mut e, &feats, coef, |f| {
                        f64::from(u8::from(f.h[2] > 0 && f.h[3] == 0))
                    }),
                    Extra::O3 => add_term(&mut e, &feats, coef, |f| {
                        f64::from(u8::from(f.h[3] > 0 && f.h[2] == 0))
                    }),
                    Extra::Z2 => add_term(&mut e, &feats, coef, |f| {
                        f64::from(u8::from(f.h[2] > 0 && f.h[3] > 0))
                    }),
                    Extra::Z3 => add_term(&mut e, &feats, coef, |f| {
                        if f.h[3] > 0 { f64::from(f.h[2]) } else { 0.0 }
                    }),
                    Extra::Product(a, b) => add_term(&mut e, &feats, coef, |f| {
                        let l = |d: usize| f64::from(f.lv.get(d).copied().unwrap_or(1));
                        (l(a) - 1.0) * (l(b) - 1.0)
                    }),
                }
            }
            for (v, x) in t.iter_mut().zip(&e) {
                *v += x;
            }
        }
        t.iter().all(|v| v.is_finite()).then_some(t)
    }

    /// The core's `build_table` for these models: levels of each code by division, evaluate,
    /// then the check that every value is finite.
    pub fn table_current(&self) -> Option<Vec<f64>> {
        let l = u16::from(self.levels);
        let t: Vec<f64> = (0..self.states() as u16)
            .map(|code| self.evaluate(levels_of_code(code, l)))
            .collect();
        t.iter().all(|v| v.is_finite()).then_some(t)
    }

    /// Variant 1: the same evaluation, the levels stepped like an odometer (no division).
    pub fn table_odometer(&self) -> Option<Vec<f64>> {
        let n = self.states();
        let mut t = Vec::with_capacity(n);
        let mut levels = [1u8; 5];
        for _ in 0..n {
            t.push(self.evaluate(levels));
            step(&mut levels, self.levels);
        }
        t.iter().all(|v| v.is_finite()).then_some(t)
    }

    /// The dimension part of every state, by nested loops over prefix sums: the core's
    /// additions (`FullHealth`, `Constant`, then MO..AD) in the same order, so the same bits.
    fn dims_nested(&self) -> Option<Vec<f64>> {
        let l = usize::from(self.levels);
        let [d0, d1, d2, d3, d4] = &self.dims;
        let (d0, d1, d2, d3, d4) = (
            d0.get(..l)?,
            d1.get(..l)?,
            d2.get(..l)?,
            d3.get(..l)?,
            d4.get(..l)?,
        );
        let mut t = Vec::with_capacity(self.states());
        // Every state but 11111 has a problem: the constant comes right after FullHealth.
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
        let level1 = self.dims.map(|r| r.first().copied().unwrap_or(0.0));
        if let (Some(first), [a, b, c, d, e]) = (t.first_mut(), level1) {
            *first = self.full_health + a + b + c + d + e;
        }
        Some(t)
    }
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
    fn n(&self, k: u8) -> u8 {
        self.h.get(usize::from(k)).copied().unwrap_or(0)
    }
}

fn features(n: usize, max: u8) -> Vec<Features> {
    let mut out = Vec::with_capacity(n);
    let mut lv = [1u8; 5];
    for _ in 0..n {
        // Counters packed in one register: byte stores into a stack array followed by a wide
        // load stall store forwarding, and cost more than everything else here together.
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

#[inline]
fn levels_of_code(code: u16, l: u16) -> [u8; 5] {
    let mut out = [0u8; 5];
    let mut rest = code;
    for slot in out.iter_mut().rev() {
        *slot = (rest % l) as u8 + 1;
        rest /= l;
    }
    out
}

/// The next state in code order (AD fastest).
#[inline]
fn step(levels: &mut [u8; 5], max: u8) {
    for l in levels.iter_mut().rev() {
        if *l < max {
            *l += 1;
            return;
        }
        *l = 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_bit_identical_to_the_core() -> groupwell::Result<()> {
        for id in [
            "5L_SE_2022",
            "5L_CA",
            "5L_SG",
            "3L_US",
            "3L_AR",
            "3L_UK",
            "5L_KR",
        ] {
            let vs = ValueSet::get(id)?;
            let m = Additive::of(vs);
            assert!(m.is_some(), "{id}");
            let Some(m) = m else { continue };
            let core: Vec<u64> = vs.table().iter().map(|v| v.to_bits()).collect();
            for t in [m.table_current(), m.table_odometer(), m.table_term_major()] {
                let bits: Option<Vec<u64>> = t.map(|t| t.iter().map(|v| v.to_bits()).collect());
                assert_eq!(bits.as_ref(), Some(&core), "{id}");
            }
        }
        Ok(())
    }
}
