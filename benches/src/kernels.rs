//! Bench-local variants of the core's fast passes (level columns, five-digit numbers, strings),
//! to measure what a core change would gain; the core itself is not changed from here.
//!
//! Every kernel writes one value per row into `out` and returns whether some row was not a
//! valid state (the core then runs its slow pass to classify those rows); on valid rows all of
//! them give bit-identical values.

/// What the proposed core change adds to `LevelInput`: a value's level minus one as a `u32`,
/// any value that is not a whole number ≥ 1 (a fraction, `NaN`, ±inf, 0, negatives, huge
/// numbers) mapping to a number ≥ every level count, so one unsigned compare validates it.
pub trait LevelOffset: Copy {
    /// `level - 1` for a whole number `level ≥ 1` that fits a `u32`, else `u32::MAX`.
    fn level_offset(self) -> u32;
}

macro_rules! offset_int {
    ($($t:ty),*) => {$(
        impl LevelOffset for $t {
            #[inline(always)]
            fn level_offset(self) -> u32 {
                // Negatives and values beyond u32 become 0, whose offset wraps to u32::MAX.
                u32::try_from(self).unwrap_or(0).wrapping_sub(1)
            }
        }
    )*};
}
offset_int!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

macro_rules! offset_float {
    ($($t:ty),*) => {$(
        impl LevelOffset for $t {
            #[inline(always)]
            fn level_offset(self) -> u32 {
                // `as` saturates (NaN → 0); the round trip rejects fractions and out-of-range.
                let i = self as u32;
                if i as $t == self { i.wrapping_sub(1) } else { u32::MAX }
            }
        }
    )*};
}
offset_float!(f32, f64);

/// The proposed fast pass: `u32` offsets, one unsigned compare per level, the code in `usize`.
#[inline]
pub fn levels_offset<T: LevelOffset>(
    table: &[f64],
    levels: u8,
    columns: [&[T]; 5],
    out: &mut [f64],
) -> bool {
    let [mo, sc, ua, pd, ad] = columns;
    let l = u32::from(levels);
    let mut slow_rows = false;
    let rows = mo
        .iter()
        .zip(sc)
        .zip(ua)
        .zip(pd)
        .zip(ad)
        .zip(out.iter_mut());
    for (((((a, b), c), d), e), o) in rows {
        let lv = [
            a.level_offset(),
            b.level_offset(),
            c.level_offset(),
            d.level_offset(),
            e.level_offset(),
        ];
        let ok = lv.iter().all(|&x| x < l);
        let code = lv
            .iter()
            .fold(0u32, |acc, &x| acc.wrapping_mul(l).wrapping_add(x));
        let v = if ok {
            table.get(code as usize).copied()
        } else {
            None
        };
        match v {
            Some(v) => *o = v,
            None => {
                *o = f64::NAN;
                slow_rows = true;
            }
        }
    }
    slow_rows
}

/// A proposed fast pass for five-digit numbers: the digits by constant divisions, each checked
/// with one unsigned compare; `None` for a row that is not a valid state (the core would then
/// classify it, as now).
#[inline]
pub fn numbers_fast(table: &[f64], levels: u8, states: &[i64]) -> (Vec<f64>, bool) {
    let l = u32::from(levels);
    let mut slow_rows = false;
    let values = states
        .iter()
        .map(|&n| {
            let v = u32::try_from(n.wrapping_sub(11_111))
                .ok()
                .filter(|&m| m <= 88_888)
                .and_then(|m| {
                    // When every digit of n is 1-9, n - 11111 has the digits level - 1; a 0
                    // digit borrows, which leaves a 9 somewhere, above any level offset.
                    let d = [m / 10_000, m / 1000 % 10, m / 100 % 10, m / 10 % 10, m % 10];
                    let ok = d.iter().all(|&x| x < l);
                    let code = d.iter().fold(0u32, |acc, &x| acc * l + x);
                    if ok {
                        table.get(code as usize).copied()
                    } else {
                        None
                    }
                });
            v.unwrap_or_else(|| {
                slow_rows = true;
                f64::NAN
            })
        })
        .collect();
    (values, slow_rows)
}

/// A proposed fast pass for strings: exactly five bytes, each `b'1'..` below `b'1' + levels`.
#[inline]
pub fn strs_fast<S: AsRef<str>>(
    table: &[f64],
    levels: u8,
    states: &[Option<S>],
) -> (Vec<f64>, bool) {
    let l = u32::from(levels);
    let mut slow_rows = false;
    let values = states
        .iter()
        .map(|s| {
            let v = s.as_ref().and_then(|s| {
                let b: &[u8; 5] = s.as_ref().as_bytes().try_into().ok()?;
                let d = b.map(|x| u32::from(x.wrapping_sub(b'1')));
                let ok = d.iter().all(|&x| x < l);
                let code = d
                    .iter()
                    .fold(0u32, |acc, &x| acc.wrapping_mul(l).wrapping_add(x));
                if ok {
                    table.get(code as usize).copied()
                } else {
                    None
                }
            });
            v.unwrap_or_else(|| {
                slow_rows = true;
                f64::NAN
            })
        })
        .collect();
    (values, slow_rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use groupwell::eq5d::ValueSet;

    #[test]
    fn offsets_reject_what_numeric_rejects() {
        for x in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            -1.0,
            2.5,
            6.0,
            1e300,
            4294967297.0,
        ] {
            assert!(x.level_offset() >= 5, "{x}");
        }
        assert_eq!(3.0f64.level_offset(), 2);
        assert_eq!(1.0f32.level_offset(), 0);
        for x in [0i64, -1, i64::MIN, 6, 4294967297] {
            assert!(x.level_offset() >= 5, "{x}");
        }
        assert_eq!(0u8.level_offset(), u32::MAX);
        assert_eq!(5u8.level_offset(), 4);
    }

    #[test]
    fn number_and_string_passes_agree_with_the_core() -> groupwell::Result<()> {
        for id in ["5L_SE_2022", "3L_UK"] {
            let vs = ValueSet::get(id)?;
            let l = vs.instrument().levels();
            let cols = crate::level_columns(3000, l, 11);
            let mut nums = crate::numbers(&cols, 3000);
            let mut strs = crate::strings(&cols, 3000);
            let t = vs.table();
            let want = vs.score_numbers(&nums, &groupwell::eq5d::BatchOptions::default())?;
            let (a, slow_a) = numbers_fast(t, l, &nums);
            let (b, slow_b) = strs_fast(t, l, &strs);
            assert!(!slow_a && !slow_b);
            assert_eq!(a, want.values);
            assert_eq!(b, want.values);
            // Every kind of bad row is flagged, never scored.
            nums.extend([
                11110,
                1111,
                111111,
                0,
                -11111,
                11116,
                10111,
                21111 + 4,
                16111,
                i64::MIN,
            ]);
            strs.extend(
                [
                    "11110", "1111", "111111", "", "-1111", "1111a", "11 11", "１1111",
                ]
                .map(|s| Some(s.to_string())),
            );
            strs.push(None);
            let (a, slow_a) = numbers_fast(t, l, &nums);
            let (b, slow_b) = strs_fast(t, l, &strs);
            assert!(slow_a && slow_b);
            let opts = groupwell::eq5d::BatchOptions::coerce();
            let want_a = vs.score_numbers(&nums, &opts)?.values;
            let want_b = vs.score_strs(&strs, &opts)?.values;
            assert!(
                a.iter()
                    .zip(&want_a)
                    .all(|(x, y)| x.to_bits() == y.to_bits())
            );
            assert!(
                b.iter()
                    .zip(&want_b)
                    .all(|(x, y)| x.to_bits() == y.to_bits())
            );
        }
        Ok(())
    }

    #[test]
    fn variants_agree_with_the_core() -> groupwell::Result<()> {
        let vs = ValueSet::get("5L_SE_2022")?;
        let cols = crate::level_columns(5000, 5, 7);
        let mut cols_bad = cols.clone();
        if let Some(x) = cols_bad.get_mut(2).and_then(|c| c.get_mut(10)) {
            *x = 6;
        }
        for cols in [&cols, &cols_bad] {
            let f = crate::float_columns(cols);
            let c: [&[u8]; 5] = std::array::from_fn(|d| cols.get(d).map_or(&[][..], |v| v));
            let fc: [&[f64]; 5] = std::array::from_fn(|d| f.get(d).map_or(&[][..], |v| v));
            let mut core = vec![0.0; 5000];
            let core_bad = vs
                .score_levels_into(c, &mut core, &groupwell::eq5d::BatchOptions::coerce())?
                .errors
                .len();
            let t = vs.table();
            let mut outs = vec![vec![0.0; 5000]; 2];
            let slow = [
                levels_offset(t, 5, c, outs.get_mut(0).map_or(&mut [][..], |v| v)),
                levels_offset(t, 5, fc, outs.get_mut(1).map_or(&mut [][..], |v| v)),
            ];
            assert!(slow.iter().all(|&s| s == (core_bad > 0)));
            for o in &outs {
                assert!(o.iter().zip(&core).all(|(a, b)| a.to_bits() == b.to_bits()));
            }
        }
        Ok(())
    }
}
