//! Inputs for the criterion benchmarks in `benches/` (see `benches/README.md`).
//!
//! Everything is deterministic: a tiny xorshift generator, seeded per input, so every run (and
//! every machine) scores exactly the same states.

/// A xorshift64* generator: fast, deterministic, good enough to scatter table look-ups.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from a seed (a zero seed is replaced, xorshift would stay at zero).
    pub fn new(seed: u64) -> XorShift {
        XorShift(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`; multiply-shift, no modulo bias worth mentioning here).
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * u64::from(n)) >> 32) as u32
    }
}

/// `n` state codes, uniform over `0..states`.
pub fn codes(n: usize, states: u16, seed: u64) -> Vec<u16> {
    let mut rng = XorShift::new(seed);
    (0..n)
        .map(|_| rng.below(u32::from(states)) as u16)
        .collect()
}

/// Five level columns (MO, SC, UA, PD, AD) of `n` rows, each level uniform over `1..=levels`.
pub fn level_columns(n: usize, levels: u8, seed: u64) -> [Vec<u8>; 5] {
    let mut rng = XorShift::new(seed);
    std::array::from_fn(|_| {
        (0..n)
            .map(|_| rng.below(u32::from(levels)) as u8 + 1)
            .collect()
    })
}

/// The same columns as `f64` (as pandas hands them over when a column has a `NaN`).
pub fn float_columns(columns: &[Vec<u8>; 5]) -> [Vec<f64>; 5] {
    std::array::from_fn(|d| {
        columns
            .get(d)
            .map(|c| c.iter().map(|&l| f64::from(l)).collect())
            .unwrap_or_default()
    })
}

/// Row `i` of the columns as its five levels.
fn row(columns: &[Vec<u8>; 5], i: usize) -> [u8; 5] {
    std::array::from_fn(|d| columns.get(d).and_then(|c| c.get(i)).copied().unwrap_or(1))
}

/// The rows as five-digit numbers (`11223`).
pub fn numbers(columns: &[Vec<u8>; 5], n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| {
            row(columns, i)
                .iter()
                .fold(0i64, |acc, &l| acc * 10 + i64::from(l))
        })
        .collect()
}

/// The rows as strings (`"11223"`), as a CSV column would give them.
pub fn strings(columns: &[Vec<u8>; 5], n: usize) -> Vec<Option<String>> {
    (0..n)
        .map(|i| {
            Some(
                row(columns, i)
                    .iter()
                    .map(|&l| char::from(b'0' + l))
                    .collect(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_in_range_and_deterministic() {
        let c = codes(10_000, 3125, 1);
        assert!(c.iter().all(|&x| x < 3125));
        assert_eq!(c, codes(10_000, 3125, 1));
        // Roughly uniform: every state of 243 is hit in 10 000 draws.
        let c3 = codes(10_000, 243, 2);
        let mut seen = [false; 243];
        for &x in &c3 {
            if let Some(s) = seen.get_mut(usize::from(x)) {
                *s = true;
            }
        }
        assert!(seen.iter().all(|&s| s));
        let cols = level_columns(1000, 5, 3);
        assert!(cols.iter().flatten().all(|&l| (1..=5).contains(&l)));
        let nums = numbers(&cols, 3);
        let strs = strings(&cols, 3);
        for (n, s) in nums.iter().zip(&strs) {
            assert_eq!(Some(n.to_string()), s.clone());
        }
    }
}
