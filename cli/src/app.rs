//! The command-line application (host only).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use groupwell::eq5d::{
    BatchOptions, Dimension, EqVas, ErrorMode, Instrument, find, value_sets_for,
};
use groupwell::stats::Summary;

/// Score EQ-5D survey files with any published value set.
#[derive(Parser)]
#[command(name = "groupwell", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score a CSV file of EQ-5D responses (columns MO SC UA PD AD, optional EQ_VAS and a
    /// grouping column) and print a summary.
    Score {
        /// The CSV file.
        file: PathBuf,
        /// Value set: id, alias, ISO code or country name (e.g. Sweden_2022, 5L_SE_2022, UK).
        #[arg(long, short = 's')]
        value_set: String,
        /// Instrument of the responses (3L, 5L, Y3L); narrows the value-set look-up.
        #[arg(long, short = 'i', default_value = "5L")]
        instrument: String,
        /// Summarise by this column (default: `timepoint` when present).
        #[arg(long)]
        by: Option<String>,
        /// What to do with invalid rows: `coerce` (report them, score the rest) or `raise` (stop).
        #[arg(long, default_value = "coerce")]
        errors: String,
        /// Round the written index values to this many decimals.
        #[arg(long)]
        decimals: Option<u8>,
        /// Write the rows with an `index` column to this CSV file.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Validate a program (JSON) and show its timepoint assignment: every finding with its
    /// location; exit status 1 when there are errors.
    Validate {
        /// The program JSON file.
        program: PathBuf,
    },
    /// Write a program's tidy table (one row per participant × timepoint × measure) as CSV.
    Tidy {
        /// The program JSON file.
        program: PathBuf,
        /// Value sets whose EQ-5D index to include (repeatable).
        #[arg(long = "value-set", short = 's')]
        value_sets: Vec<String>,
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
    },
    /// Evaluate a program's goals and print the Markdown report.
    Goals {
        /// The program JSON file.
        program: PathBuf,
        /// The goals file: JSON, or TOML when it ends in `.toml`.
        goals: PathBuf,
        /// Also write the report as JSON to this file.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Also write the report as one self-contained HTML file with charts.
        #[arg(long)]
        html: Option<PathBuf>,
    },
    /// List the built-in value sets.
    ValueSets {
        /// Only this instrument's sets (3L, 5L, Y3L).
        #[arg(long, short = 'i')]
        instrument: Option<String>,
    },
}

pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score {
            file,
            value_set,
            instrument,
            by,
            errors,
            decimals,
            output,
        } => score(
            &file,
            &value_set,
            &instrument,
            by.as_deref(),
            &errors,
            decimals,
            output.as_ref(),
        ),
        Command::ValueSets { instrument } => list(instrument.as_deref()),
        Command::Validate { program } => validate(&program),
        Command::Tidy {
            program,
            value_sets,
            output,
        } => tidy(&program, value_sets, output.as_ref()),
        Command::Goals {
            program,
            goals,
            json,
            html,
        } => goals_report(&program, &goals, json.as_ref(), html.as_ref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("groupwell: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn read(path: &PathBuf) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn load_program(path: &PathBuf) -> Result<groupwell::program::Program, String> {
    groupwell::program::Program::from_json(&read(path)?)
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn validate(path: &PathBuf) -> Result<(), String> {
    let program = load_program(path)?;
    let (v, a) = program.validate_and_assign();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{}: {} unit(s), {} group(s), {} participant(s), {} enrolment(s), {} session(s), {} measurement(s)",
        path.display(),
        program.units.len(),
        program.groups.len(),
        program.participants.len(),
        program.enrolments.len(),
        program.sessions.len(),
        program.measurements.len()
    );
    let _ = writeln!(
        out,
        "timepoints: {} assigned, {} missing, {} measurement(s) unassigned",
        a.assignments.len(),
        a.missing.len(),
        a.unassigned.len()
    );
    let _ = writeln!(
        out,
        "{} error(s), {} warning(s)",
        v.errors().count(),
        v.warnings().count()
    );
    for f in &v.findings {
        let _ = writeln!(out, "{f}");
    }
    if v.is_valid() {
        Ok(())
    } else {
        Err(format!("{}: the program has errors", path.display()))
    }
}

fn tidy(path: &PathBuf, value_sets: Vec<String>, output: Option<&PathBuf>) -> Result<(), String> {
    let program = load_program(path)?;
    let opts = groupwell::program::TidyOptions {
        value_sets,
        ..Default::default()
    };
    let csv = program.tidy(&opts).map_err(|e| e.to_string())?.to_csv();
    match output {
        Some(o) => std::fs::write(o, csv).map_err(|e| format!("{}: {e}", o.display())),
        None => {
            let _ = std::io::stdout().lock().write_all(csv.as_bytes());
            Ok(())
        }
    }
}

fn goals_report(
    program: &PathBuf,
    goals: &PathBuf,
    json: Option<&PathBuf>,
    html: Option<&PathBuf>,
) -> Result<(), String> {
    let p = load_program(program)?;
    let v = p.validate();
    if !v.is_valid() {
        let first = v
            .errors()
            .next()
            .map(ToString::to_string)
            .unwrap_or_default();
        return Err(format!(
            "{}: the program has {} error(s) (run `groupwell validate`); first: {first}",
            program.display(),
            v.errors().count()
        ));
    }
    let text = read(goals)?;
    let is_toml = goals
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let set = if is_toml {
        groupwell::goals::GoalSet::from_toml(&text)
    } else {
        groupwell::goals::GoalSet::from_json(&text)
    }
    .map_err(|e| format!("{}: {e}", goals.display()))?;
    let report = set
        .evaluate(&p)
        .map_err(|e| format!("{}: {e}", goals.display()))?;
    if let Some(path) = json {
        let text = report.to_json().map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if let Some(path) = html {
        std::fs::write(path, report.to_html()).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let _ = std::io::stdout()
        .lock()
        .write_all(report.to_markdown().as_bytes());
    Ok(())
}

fn list(instrument: Option<&str>) -> Result<(), String> {
    let instruments: Vec<Instrument> = match instrument {
        Some(s) => vec![s.parse().map_err(|e: groupwell::Error| e.to_string())?],
        None => vec![Instrument::Eq5d3l, Instrument::Eq5d5l, Instrument::Eq5dY3l],
    };
    let mut out = std::io::stdout().lock();
    for inst in instruments {
        for vs in value_sets_for(inst) {
            let d = vs.definition();
            let _ = writeln!(
                out,
                "{:<16} {:<22} {:<17} {:<5} {}",
                d.id,
                d.country.as_deref().unwrap_or(""),
                d.method.map(|m| m.name()).unwrap_or(""),
                d.year.map(|y| y.to_string()).unwrap_or_default(),
                d.doi
                    .as_deref()
                    .map(|x| format!("doi:{x}"))
                    .unwrap_or_default()
            );
        }
    }
    Ok(())
}

fn find_column(headers: &csv::StringRecord, name: &str) -> Option<usize> {
    let key = |s: &str| {
        s.trim()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let want = key(name);
    headers.iter().position(|h| key(h) == want)
}

fn score(
    file: &PathBuf,
    set_name: &str,
    instrument: &str,
    by: Option<&str>,
    errors: &str,
    decimals: Option<u8>,
    output: Option<&PathBuf>,
) -> Result<(), String> {
    let instrument: Instrument = instrument
        .parse()
        .map_err(|e: groupwell::Error| e.to_string())?;
    let vs = find(set_name, Some(instrument)).map_err(|e| e.to_string())?;
    let mode: ErrorMode = errors
        .parse()
        .map_err(|e: groupwell::Error| e.to_string())?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(file)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let headers = reader
        .headers()
        .map_err(|e| format!("{}: {e}", file.display()))?
        .clone();
    let mut dim_cols = Vec::with_capacity(5);
    for d in Dimension::ALL {
        let j = find_column(&headers, d.code())
            .or_else(|| find_column(&headers, d.name()))
            .ok_or_else(|| {
                format!(
                    "{}: no column for {} ({})",
                    file.display(),
                    d.code(),
                    d.name()
                )
            })?;
        dim_cols.push(j);
    }
    let vas_col = find_column(&headers, "EQ_VAS").or_else(|| find_column(&headers, "vas"));
    let by_col = match by {
        Some(name) => Some(
            find_column(&headers, name)
                .ok_or_else(|| format!("{}: no column {name:?}", file.display()))?,
        ),
        None => find_column(&headers, "timepoint"),
    };
    let records: Vec<csv::StringRecord> = reader
        .records()
        .enumerate()
        .map(|(i, r)| r.map_err(|e| format!("{}: data row {}: {e}", file.display(), i + 1)))
        .collect::<Result<_, _>>()?;
    let columns: Vec<Vec<&str>> = dim_cols
        .iter()
        .map(|&j| records.iter().map(|r| cell(r, j)).collect())
        .collect();
    let col = |k: usize| columns.get(k).map(Vec::as_slice).unwrap_or(&[]);
    let opts = BatchOptions {
        errors: mode,
        decimals,
    };
    let scored = vs
        .score_levels([col(0), col(1), col(2), col(3), col(4)], &opts)
        .map_err(|e| with_lines(e.to_string()))?;
    let vas_cells: Vec<&str> = vas_col
        .map(|j| records.iter().map(|r| cell(r, j)).collect())
        .unwrap_or_default();
    let vas_numbers: Vec<f64> = vas_cells
        .iter()
        .map(|s| {
            if s.trim().is_empty() {
                f64::NAN
            } else {
                s.trim().parse().unwrap_or(f64::INFINITY)
            }
        })
        .collect();
    let (vas, vas_errors) =
        EqVas::validate_column(&vas_numbers, mode).map_err(|e| with_lines(e.to_string()))?;

    let d = vs.definition();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "# {} scored with {}", file.display(), vs);
    if let Some(doi) = &d.doi {
        let _ = writeln!(out, "source: doi:{doi}");
    }
    for n in &d.notes {
        let _ = writeln!(out, "note: {n}");
    }
    let invalid_rows: std::collections::BTreeSet<usize> =
        scored.errors.iter().map(|e| e.row).collect();
    let _ = writeln!(
        out,
        "\nrows: {}; scored: {}; missing: {}; invalid: {}",
        records.len(),
        scored.values.iter().filter(|v| !v.is_nan()).count(),
        scored.missing,
        invalid_rows.len()
    );
    for e in scored.errors.iter().chain(vas_errors.iter()) {
        // Data row r is line r + 2 of the file (line 1 holds the header).
        let _ = writeln!(out, "  line {}: {}", e.row + 2, e.error);
    }
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        let key = by_col
            .map(|j| cell(r, j).to_string())
            .unwrap_or_else(|| "all".into());
        groups.entry(key).or_default().push(i);
    }
    let _ = writeln!(
        out,
        "\n{:<12} {:>4} {:>4} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} | {:>4} {:>6} {:>6}",
        by_col.and_then(|j| headers.get(j)).unwrap_or("group"),
        "n",
        "none",
        "mean",
        "sd",
        "min",
        "q1",
        "median",
        "q3",
        "max",
        "VAS n",
        "mean",
        "median"
    );
    for (key, rows) in &groups {
        let idx: Vec<f64> = rows
            .iter()
            .map(|&i| scored.values.get(i).copied().unwrap_or(f64::NAN))
            .collect();
        let v: Vec<f64> = rows
            .iter()
            .map(|&i| vas.get(i).copied().unwrap_or(f64::NAN))
            .collect();
        let s = Summary::of(&idx);
        let t = Summary::of(&v);
        let _ = writeln!(
            out,
            "{:<12} {:>4} {:>4} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3} | {:>5} {:>6.1} {:>6.1}",
            key,
            s.n,
            s.missing,
            s.mean,
            s.sd,
            s.min,
            s.q1,
            s.median,
            s.q3,
            s.max,
            t.n,
            t.mean,
            t.median
        );
    }
    if let Some(path) = output {
        let mut w = csv::Writer::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut h: Vec<&str> = headers.iter().collect();
        h.push("index");
        w.write_record(&h).map_err(|e| e.to_string())?;
        for (r, v) in records.iter().zip(&scored.values) {
            let mut row: Vec<String> = r.iter().map(str::to_string).collect();
            row.push(if v.is_nan() {
                String::new()
            } else {
                v.to_string()
            });
            w.write_record(&row).map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
        let _ = writeln!(out, "\nwrote {}", path.display());
    }
    Ok(())
}

fn cell(r: &csv::StringRecord, j: usize) -> &str {
    r.get(j).unwrap_or("")
}

fn with_lines(msg: String) -> String {
    format!("{msg}\n(rows are 0-based data rows; data row r is line r + 2 of the file)")
}
