//! Helpers shared by the golden tests: where the reference data live, and a small CSV reader.
//!
//! The reference folder (`../shared/reference` beside the repository, or `$GROUPWELL_REFERENCE`)
//! is read only by tests. When it is missing the golden tests are skipped with a message, unless
//! `GROUPWELL_REQUIRE_REFERENCE=1`, in which case they fail.

pub mod synth;

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

/// The catalogue of built-in value sets as Markdown (`docs/value-sets.md` is this text; a test
/// keeps them in sync: run it with `GROUPWELL_BLESS=1` to rewrite the file).
pub fn value_sets_markdown() -> String {
    use groupwell::eq5d::{Instrument, Kind, Model, catalogue};
    use std::fmt::Write;

    let mut out = String::new();
    let _ = writeln!(out, "# Built-in EQ-5D value sets\n");
    let _ = writeln!(
        out,
        "Generated from the crate's own data (`core/data/eq5d/`) by the test `docs_value_sets_in_sync`; \
         do not edit by hand. Look a set up by its id or any alias, case-insensitively \
         (`groupwell::eq5d::find`); a name shared by several sets is an error listing them.\n"
    );
    let count = |k: Kind| {
        catalogue()
            .iter()
            .filter(|v| v.definition().kind == k)
            .count()
    };
    let _ = writeln!(
        out,
        "{} value sets and {} published crosswalk tables.\n",
        count(Kind::ValueSet),
        count(Kind::Crosswalk) + count(Kind::ReverseCrosswalk)
    );
    let sections: [(&str, Kind, Option<Instrument>); 5] = [
        ("EQ-5D-3L", Kind::ValueSet, Some(Instrument::Eq5d3l)),
        ("EQ-5D-5L", Kind::ValueSet, Some(Instrument::Eq5d5l)),
        ("EQ-5D-Y-3L", Kind::ValueSet, Some(Instrument::Eq5dY3l)),
        (
            "Crosswalk tables: EQ-5D-5L states scored with 3L value sets",
            Kind::Crosswalk,
            None,
        ),
        (
            "Reverse crosswalk tables: EQ-5D-3L states scored with 5L value sets",
            Kind::ReverseCrosswalk,
            None,
        ),
    ];
    for (title, kind, inst) in sections {
        let _ = writeln!(out, "## {title}\n");
        let _ = writeln!(
            out,
            "| id | country | ISO | method | year | model | 11111 | 33333 or 55555 | source | aliases | notes |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|");
        for vs in catalogue()
            .iter()
            .filter(|v| v.definition().kind == kind && inst.is_none_or(|i| v.instrument() == i))
        {
            let d = vs.definition();
            let model = match &d.model {
                Model::Additive { .. } => "additive",
                Model::Multiplicative { .. } => "multiplicative",
                Model::Power { .. } => "power",
                Model::Table { .. } => "table",
            };
            let source = match (&d.doi, &d.url) {
                (Some(doi), _) => format!("[doi:{doi}](https://doi.org/{doi})"),
                (None, Some(url)) => format!("[link]({url})"),
                (None, None) => d.citation.clone().unwrap_or_default(),
            };
            let t = vs.table();
            let worst = t.last().copied().unwrap_or(f64::NAN);
            let esc = |s: &str| s.replace('|', "\\|");
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                d.id,
                esc(d.country.as_deref().unwrap_or("")),
                d.iso.as_deref().unwrap_or(""),
                esc(d
                    .method_detail
                    .as_deref()
                    .unwrap_or_else(|| d.method.map(|m| m.name()).unwrap_or(""))),
                d.year.map(|y| y.to_string()).unwrap_or_default(),
                model,
                groupwell::eq5d::round_index(t.first().copied().unwrap_or(f64::NAN), 4),
                groupwell::eq5d::round_index(worst, 4),
                source,
                esc(&d.aliases.join(", ")),
                esc(&d.notes.join(" ")),
            );
        }
        let _ = writeln!(out);
    }
    out
}
