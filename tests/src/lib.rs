//! Helpers shared by the golden tests: where the reference data live, and a small CSV reader.
//!
//! The reference folder (`../shared/reference` beside the repository, or `$GROUPWELL_REFERENCE`)
//! is read only by tests. When it is missing the golden tests are skipped with a message, unless
//! `GROUPWELL_REQUIRE_REFERENCE=1`, in which case they fail.

use std::path::PathBuf;

/// The reference folder, or `None` (with a message) when it is absent and not required.
///
/// # Panics
/// When the folder is absent and `GROUPWELL_REQUIRE_REFERENCE=1`: the test must fail, not skip.
#[allow(clippy::panic)]
pub fn reference_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("GROUPWELL_REFERENCE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference")
        });
    if dir.join("eq5d").is_dir() {
        return Some(dir);
    }
    if std::env::var("GROUPWELL_REQUIRE_REFERENCE").is_ok_and(|v| v == "1") {
        panic!(
            "reference folder {} is missing and GROUPWELL_REQUIRE_REFERENCE=1",
            dir.display()
        );
    }
    eprintln!(
        "skipping: reference folder {} not found (set GROUPWELL_REQUIRE_REFERENCE=1 to fail instead)",
        dir.display()
    );
    None
}

/// A CSV file as a header and rows of strings, with surrounding quotes removed.
#[derive(Debug, Clone)]
pub struct Csv {
    /// Column names.
    pub header: Vec<String>,
    /// Rows, as strings.
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    /// Reads a CSV file.
    ///
    /// # Errors
    /// When the file cannot be read or parsed.
    pub fn read(path: &std::path::Path) -> Result<Csv, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut lines = text.lines().filter(|l| !l.is_empty());
        let header = split(lines.next().unwrap_or(""));
        let rows = lines.map(split).collect();
        Ok(Csv { header, rows })
    }

    /// Position of a column.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// One column as numbers (`NaN` where empty or `NA`).
    pub fn numbers(&self, j: usize) -> Vec<f64> {
        self.rows
            .iter()
            .map(|r| {
                r.get(j)
                    .and_then(|s| s.parse::<f64>().ok())
                    .unwrap_or(f64::NAN)
            })
            .collect()
    }
}

fn split(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}
