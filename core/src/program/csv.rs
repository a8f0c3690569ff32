//! Programs as CSV tables: import (long and wide measurement layouts, a column mapping, every
//! bad row reported) and export.
//!
//! The program's own facts (id, name, period, owners, schedule, instruments) are not tabular:
//! they come from a [`Program`] used as the skeleton (often read from a small JSON file). The
//! tables are read one by one into it with an [`Import`]:
//!
//! | table | columns (default names; `;` separates list items) |
//! |---|---|
//! | units | `id`, `name`, `kind`, `region` |
//! | groups | `id`, `name`, `theme`, `format`, `units`, `leadership` (`professional`/`peer`), `starter_sessions`, `contributors` (`role`, `role:remote`, `role@unit`, `role:remote@unit`), `capacity_min`, `capacity_max`, `start`, `end`, `status` |
//! | participants | `id`, `sex`, `age_band`, `birth_year`, `home_unit`, `referral` |
//! | enrolments | `participant`, `group`, `joined`, `left`, `reason` |
//! | sessions | `group`, `date`, `sites`, `mode`, `attended` |
//! | measurements | `participant`, `date`, `eq5d` (or five level columns), `vas`, one column per scale item (`SCI-93_1` ... `SCI-93_35`) |
//!
//! Column names are matched case-insensitively and can be renamed with a [`ColumnMap`]. Empty
//! cells are absent values. Measurements can also be wide: one row per participant with the
//! columns of each occasion suffixed (`date_t0`, `vas_t0`, `date_t1`...; see [`Layout`]).
//!
//! ```
//! use groupwell::program::{Period, Program};
//! use groupwell::program::csv::{ColumnMap, Import, MeasurementColumns};
//!
//! let skeleton = Program::new("shg", "Self-help groups", Period::year(2015).unwrap());
//! let mut import = Import::new(skeleton);
//! import.units("id,name,kind\nhede,Hede,health_centre\n", "units.csv", &ColumnMap::default())?;
//! import.participants("id,sex\np1,female\n", "participants.csv", &ColumnMap::default())?;
//! import.measurements(
//!     "person,date,eq5d,vas\np1,2015-02-02,21232,55\n",
//!     "survey.csv",
//!     &MeasurementColumns { participant: "person".into(), ..MeasurementColumns::default() },
//! )?;
//! let (program, sources) = import.finish();
//! assert_eq!(program.measurements[0].vas, Some(55.0));
//! assert_eq!(sources.line("measurements", 0), Some(2));
//! # Ok::<(), groupwell::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{
    Capacity, Contributor, Enrolment, Group, Leadership, Measurement, Participant, Program,
    Session, Unit, Validation,
};
use crate::error::{Error, Result, RowError};
use crate::scales::Scale;

/// A cell of a CSV file: file label, 1-based line, column name.
///
/// ```
/// use groupwell::program::csv::CsvCell;
/// let c = CsvCell { file: "groups.csv".into(), line: 4, column: Some("end".into()) };
/// assert_eq!(c.to_string(), "groups.csv line 4, column end");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CsvCell {
    /// The file label given to the import.
    pub file: String,
    /// 1-based line number (the header is line 1).
    pub line: usize,
    /// Column name, when the finding is about one field.
    pub column: Option<String>,
}

impl fmt::Display for CsvCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} line {}", self.file, self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        Ok(())
    }
}

/// Renames of columns: field name → column name in the file. Fields not listed use their own
/// name; matching is case-insensitive.
///
/// ```
/// use groupwell::program::csv::ColumnMap;
/// let m = ColumnMap::from([("joined", "start_date"), ("left", "end_date")]);
/// assert_eq!(m.column("joined"), "start_date");
/// assert_eq!(m.column("group"), "group");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ColumnMap(pub BTreeMap<String, String>);

impl ColumnMap {
    /// The column that holds `field`.
    ///
    /// ```
    /// assert_eq!(groupwell::program::csv::ColumnMap::default().column("id"), "id");
    /// ```
    pub fn column<'a>(&'a self, field: &'a str) -> &'a str {
        self.0.get(field).map_or(field, String::as_str)
    }
}

impl<const N: usize> From<[(&str, &str); N]> for ColumnMap {
    fn from(pairs: [(&str, &str); N]) -> Self {
        ColumnMap(
            pairs
                .iter()
                .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
                .collect(),
        )
    }
}

/// Where the EQ-5D answers are.
///
/// ```
/// use groupwell::program::csv::Eq5dColumns;
/// let e = Eq5dColumns::Levels(["mo", "sc", "ua", "pd", "ad"].map(String::from));
/// # let _ = e;
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Eq5dColumns {
    /// One column with the five-digit state.
    State(String),
    /// Five level columns, MO SC UA PD AD in this order (an empty cell is a missing level;
    /// a state with a missing level is kept as absent and reported).
    Levels([String; 5]),
}

/// Wide or long measurements.
///
/// ```
/// use groupwell::program::csv::Layout;
/// let wide = Layout::Wide { occasions: vec!["t0".into(), "t1".into()], separator: "_".into() };
/// # let _ = wide;
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One row per participant and occasion.
    #[default]
    Long,
    /// One row per participant; each occasion's columns are the long names followed by
    /// `separator` and the occasion (`vas_t0`). An occasion whose cells are all empty is absent.
    Wide {
        /// Occasion suffixes, in order.
        occasions: Vec<String>,
        /// Between the column name and the suffix.
        separator: String,
    },
}

/// The columns of a measurement table.
///
/// ```
/// use groupwell::program::csv::MeasurementColumns;
/// let m = MeasurementColumns::default();
/// assert_eq!((m.participant.as_str(), m.date.as_str()), ("participant", "date"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasurementColumns {
    /// Participant id column.
    pub participant: String,
    /// Date column.
    pub date: String,
    /// EQ-5D columns; `None` = a column named `eq5d` if there is one, else five columns named
    /// `mo sc ua pd ad` if present, else no EQ-5D.
    #[serde(default)]
    pub eq5d: Option<Eq5dColumns>,
    /// EQ VAS column; `None` = a column named `vas` if there is one.
    #[serde(default)]
    pub vas: Option<String>,
    /// Item columns per scale id, in item order; scales not listed are found by the columns
    /// `<scale id>_<item id>` (all of them, or none).
    #[serde(default)]
    pub scales: BTreeMap<String, Vec<String>>,
    /// Long or wide.
    #[serde(default)]
    pub layout: Layout,
}

impl Default for MeasurementColumns {
    fn default() -> Self {
        MeasurementColumns {
            participant: "participant".into(),
            date: "date".into(),
            eq5d: None,
            vas: None,
            scales: BTreeMap::new(),
            layout: Layout::Long,
        }
    }
}

/// Where each imported record came from: file label and line, and the column of each field.
///
/// ```
/// use groupwell::program::csv::Sources;
/// assert_eq!(Sources::default().line("groups", 0), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Sources {
    tables: BTreeMap<String, TableSource>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
struct TableSource {
    /// Record index → (file, line).
    records: Vec<(String, usize)>,
    /// Field (first JSON-path segment, or `scales/<id>/<k>` for items) → column.
    columns: BTreeMap<String, String>,
}

impl Sources {
    /// The CSV line record `index` of `table` came from.
    ///
    /// ```
    /// assert_eq!(groupwell::program::csv::Sources::default().line("units", 3), None);
    /// ```
    pub fn line(&self, table: &str, index: usize) -> Option<usize> {
        self.tables
            .get(table)?
            .records
            .get(index)
            .map(|(_, line)| *line)
    }

    /// Adds the CSV file, line and column to the findings about imported records.
    ///
    /// ```
    /// # use groupwell::program::{Period, Program};
    /// # use groupwell::program::csv::{ColumnMap, Import};
    /// let mut import = Import::new(Program::new("p", "P", Period::year(2015).unwrap()));
    /// import.participants("id,home_unit\np1,nowhere\n", "people.csv", &ColumnMap::default())?;
    /// let (program, sources) = import.finish();
    /// let mut v = program.validate();
    /// sources.locate(&mut v);
    /// assert_eq!(v.findings[0].location.to_string(),
    ///     "people.csv line 2, column home_unit (/participants/0/home_unit)");
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn locate(&self, validation: &mut Validation) {
        for f in &mut validation.findings {
            let loc = &mut f.location;
            let (Some(table), Some(index)) = (self.tables.get(&loc.table), loc.index) else {
                continue;
            };
            let Some((file, line)) = table.records.get(index) else {
                continue;
            };
            let column = loc.field.as_deref().and_then(|field| {
                table.columns.get(field).cloned().or_else(|| {
                    let first = field.split('/').next().unwrap_or(field);
                    table.columns.get(first).cloned()
                })
            });
            loc.csv = Some(CsvCell {
                file: file.clone(),
                line: *line,
                column,
            });
        }
    }

    fn table(&mut self, name: &str) -> &mut TableSource {
        self.tables.entry(name.to_owned()).or_default()
    }
}

/// Builds a program from CSV tables. Each call reads one file; a file with bad rows adds
/// nothing and fails with [`Error::Rows`] listing every bad cell (row = 0-based data row;
/// the message names the file, line and column).
///
/// See the [module documentation](self) for the columns and an example.
#[derive(Debug, Clone)]
pub struct Import {
    program: Program,
    sources: Sources,
}

/// One parsed CSV file: header (lower-cased) and records with their line numbers.
struct Sheet<'a> {
    file: &'a str,
    header: Vec<String>,
    index: FxHashMap<String, usize>,
    rows: Vec<(usize, ::csv::StringRecord)>,
    errors: Vec<RowError>,
}

fn csv_error(file: &str, e: &::csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line() as usize);
    Error::InvalidArgument {
        argument: format!("{file} line {line}"),
        value: "the CSV text".into(),
        expected: format!("well-formed CSV ({e})"),
    }
}

impl<'a> Sheet<'a> {
    fn read(text: &str, file: &'a str) -> Result<Sheet<'a>> {
        let mut r = ::csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let header: Vec<String> = r
            .headers()
            .map_err(|e| csv_error(file, &e))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
            .collect();
        let mut index = FxHashMap::default();
        for (i, h) in header.iter().enumerate() {
            if index.insert(h.to_lowercase(), i).is_some() {
                return Err(Error::InvalidArgument {
                    argument: format!("{file} line 1"),
                    value: format!("column {h:?}"),
                    expected: "each column name once (case-insensitively)".into(),
                });
            }
        }
        let mut rows = Vec::new();
        for rec in r.records() {
            let rec = rec.map_err(|e| csv_error(file, &e))?;
            let line = rec.position().map_or(0, |p| p.line() as usize);
            rows.push((line, rec));
        }
        Ok(Sheet {
            file,
            header,
            index,
            rows,
            errors: Vec::new(),
        })
    }

    fn col(&self, name: &str) -> Option<usize> {
        self.index.get(&name.to_lowercase()).copied()
    }

    fn require(&self, name: &str, field: &str) -> Result<usize> {
        self.col(name).ok_or_else(|| Error::InvalidArgument {
            argument: format!("{} line 1", self.file),
            value: format!("no column {name:?} (for {field})"),
            expected: format!(
                "a column for {field}; the file has {}",
                self.header.join(", ")
            ),
        })
    }

    fn bad(&mut self, row: usize, line: usize, column: &str, value: &str, expected: &str) {
        self.errors.push(RowError {
            row,
            field: column.to_owned(),
            error: Box::new(Error::InvalidArgument {
                argument: format!("{} line {line}, column {column}", self.file),
                value: format!("{value:?}"),
                expected: expected.to_owned(),
            }),
        });
    }

    fn finish(self) -> Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(Error::Rows {
                errors: self.errors,
            })
        }
    }
}

/// Reads the cells of one record by field.
struct Row<'s, 'a> {
    sheet: &'s mut Sheet<'a>,
    row: usize,
    line: usize,
    rec: &'s ::csv::StringRecord,
}

impl Row<'_, '_> {
    fn text(&self, col: Option<usize>) -> Option<&str> {
        let t = self.rec.get(col?)?.trim();
        (!t.is_empty()).then_some(t)
    }

    fn column_name(&self, col: Option<usize>) -> String {
        col.and_then(|c| self.sheet.header.get(c).cloned())
            .unwrap_or_default()
    }

    fn required(&mut self, col: Option<usize>) -> String {
        match self.text(col) {
            Some(t) => t.to_owned(),
            None => {
                let name = self.column_name(col);
                self.sheet.bad(
                    self.row,
                    self.line,
                    &name,
                    "",
                    "a value (the cell is empty)",
                );
                String::new()
            }
        }
    }

    fn parse<T: FromStr>(&mut self, col: Option<usize>, expected: &str) -> Option<T> {
        let t = self.text(col)?.to_owned();
        match t.parse() {
            Ok(v) => Some(v),
            Err(_) => {
                let name = self.column_name(col);
                self.sheet.bad(self.row, self.line, &name, &t, expected);
                None
            }
        }
    }

    fn date(&mut self, col: Option<usize>) -> Option<NaiveDate> {
        self.parse(col, "a date YYYY-MM-DD")
    }

    fn required_date(&mut self, col: Option<usize>) -> NaiveDate {
        if self.text(col).is_none() {
            let name = self.column_name(col);
            self.sheet.bad(
                self.row,
                self.line,
                &name,
                "",
                "a date YYYY-MM-DD (the cell is empty)",
            );
        }
        self.date(col).unwrap_or_default()
    }

    fn list(&self, col: Option<usize>) -> Vec<String> {
        self.text(col).map_or_else(Vec::new, |t| {
            t.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
    }

    fn choice<T: FromStr>(&mut self, col: Option<usize>, all: &[&str]) -> Option<T> {
        self.parse(col, &format!("one of {}", all.join(", ")))
    }
}

fn names<T: Copy + fmt::Display>(all: &[T]) -> Vec<String> {
    all.iter().map(ToString::to_string).collect()
}

impl Import {
    /// Starts from `skeleton`: its facts are kept, and tables it already has are extended.
    ///
    /// ```
    /// use groupwell::program::{Period, Program};
    /// let import = groupwell::program::csv::Import::new(Program::new("p", "P", Period::year(2015).unwrap()));
    /// assert_eq!(import.program().id, "p");
    /// ```
    pub fn new(skeleton: Program) -> Import {
        Import {
            program: skeleton,
            sources: Sources::default(),
        }
    }

    /// The program so far.
    ///
    /// ```
    /// use groupwell::program::{Period, Program};
    /// let import = groupwell::program::csv::Import::new(Program::new("p", "P", Period::year(2015).unwrap()));
    /// assert!(import.program().groups.is_empty());
    /// ```
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// The program and where its records came from.
    ///
    /// ```
    /// use groupwell::program::{Period, Program};
    /// let (p, _) = groupwell::program::csv::Import::new(Program::new("p", "P", Period::year(2015).unwrap())).finish();
    /// assert_eq!(p.name, "P");
    /// ```
    pub fn finish(self) -> (Program, Sources) {
        (self.program, self.sources)
    }

    fn record_sources(
        &mut self,
        table: &str,
        file: &str,
        lines: &[usize],
        columns: &[(&str, String)],
    ) {
        let t = self.sources.table(table);
        t.records
            .extend(lines.iter().map(|&l| (file.to_owned(), l)));
        for (field, column) in columns {
            t.columns.insert((*field).to_owned(), column.clone());
        }
    }

    /// Reads units (`id`, `name`, `kind`, `region`).
    ///
    /// ```
    /// use groupwell::program::{Period, Program};
    /// use groupwell::program::csv::{ColumnMap, Import};
    /// let mut i = Import::new(Program::new("p", "P", Period::year(2015).unwrap()));
    /// let err = i.units("id,name,kind\nhede,Hede,hospital\n", "units.csv", &ColumnMap::default()).unwrap_err();
    /// assert!(err.to_string().contains("units.csv line 2, column kind"));
    /// ```
    pub fn units(&mut self, text: &str, file: &str, map: &ColumnMap) -> Result<()> {
        let mut sheet = Sheet::read(text, file)?;
        let c_id = sheet.require(map.column("id"), "id")?;
        let c_name = sheet.require(map.column("name"), "name")?;
        let c_kind = sheet.require(map.column("kind"), "kind")?;
        let c_region = sheet.col(map.column("region"));
        let kinds = names(super::UnitKind::ALL);
        let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
        let rows = std::mem::take(&mut sheet.rows);
        let mut out = Vec::new();
        let mut lines = Vec::new();
        for (row, (line, rec)) in rows.iter().enumerate() {
            let mut r = Row {
                sheet: &mut sheet,
                row,
                line: *line,
                rec,
            };
            let id = r.required(Some(c_id));
            let name = r.required(Some(c_name));
            let kind = if r.text(Some(c_kind)).is_none() {
                r.required(Some(c_kind));
                None
            } else {
                r.choice(Some(c_kind), &kinds)
            };
            let region = r.text(c_region).map(str::to_owned);
            if let Some(kind) = kind {
                out.push(Unit {
                    id,
                    name,
                    kind,
                    region,
                });
                lines.push(*line);
            }
        }
        let header = sheet.header.clone();
        sheet.finish()?;
        let columns = columns_of(
            &header,
            &[
                ("id", Some(c_id)),
                ("name", Some(c_name)),
                ("kind", Some(c_kind)),
                ("region", c_region),
            ],
        );
        self.record_sources("units", file, &lines, &columns);
        self.program.units.extend(out);
        Ok(())
    }

    /// Reads groups (see the [module documentation](self) for the columns).
    ///
    /// ```
    /// use groupwell::program::{Period, Program, Leadership};
    /// use groupwell::program::csv::{ColumnMap, Import};
    /// let mut i = Import::new(Program::new("p", "P", Period::year(2015).unwrap()));
    /// i.groups("id,theme,format,units,leadership,starter_sessions,contributors,capacity_min,capacity_max,start,end,status\n\
    ///           g1,stress,virtual_multi_site,hede;sveg,peer,2,lecturer:remote,5,8,2015-02-02,2015-05-18,ended\n",
    ///          "groups.csv", &ColumnMap::default())?;
    /// let g = &i.program().groups[0];
    /// assert_eq!(g.leadership, Some(Leadership::Peer { starter_sessions: Some(2) }));
    /// assert!(g.contributors[0].remote);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn groups(&mut self, text: &str, file: &str, map: &ColumnMap) -> Result<()> {
        let mut sheet = Sheet::read(text, file)?;
        let c = |s: &Sheet<'_>, f: &str| s.col(map.column(f));
        let c_id = sheet.require(map.column("id"), "id")?;
        let c_theme = sheet.require(map.column("theme"), "theme")?;
        let c_format = sheet.require(map.column("format"), "format")?;
        let c_start = sheet.require(map.column("start"), "start")?;
        let c_status = sheet.require(map.column("status"), "status")?;
        let (c_name, c_units, c_lead, c_starter, c_contrib, c_min, c_max, c_end) = (
            c(&sheet, "name"),
            c(&sheet, "units"),
            c(&sheet, "leadership"),
            c(&sheet, "starter_sessions"),
            c(&sheet, "contributors"),
            c(&sheet, "capacity_min"),
            c(&sheet, "capacity_max"),
            c(&sheet, "end"),
        );
        let formats = names(super::Format::ALL);
        let formats: Vec<&str> = formats.iter().map(String::as_str).collect();
        let statuses = names(super::GroupStatus::ALL);
        let statuses: Vec<&str> = statuses.iter().map(String::as_str).collect();
        let rows = std::mem::take(&mut sheet.rows);
        let mut out = Vec::new();
        let mut lines = Vec::new();
        for (row, (line, rec)) in rows.iter().enumerate() {
            let errors_before = sheet.errors.len();
            let mut r = Row {
                sheet: &mut sheet,
                row,
                line: *line,
                rec,
            };
            let id = r.required(Some(c_id));
            let theme = r.required(Some(c_theme));
            let format = if r.text(Some(c_format)).is_none() {
                r.required(Some(c_format));
                None
            } else {
                r.choice(Some(c_format), &formats)
            };
            let start = r.required_date(Some(c_start));
            let status = if r.text(Some(c_status)).is_none() {
                r.required(Some(c_status));
                None
            } else {
                r.choice(Some(c_status), &statuses)
            };
            let starter: Option<u32> = r.parse(c_starter, "a whole number of sessions");
            let leadership = match r.text(c_lead).map(str::to_ascii_lowercase).as_deref() {
                None => None,
                Some("professional") => Some(Leadership::Professional),
                Some("peer") => Some(Leadership::Peer {
                    starter_sessions: starter,
                }),
                Some(other) => {
                    let other = other.to_owned();
                    let name = r.column_name(c_lead);
                    r.sheet
                        .bad(row, *line, &name, &other, "professional or peer");
                    None
                }
            };
            let min: Option<u32> = r.parse(c_min, "a whole number of participants");
            let max: Option<u32> = r.parse(c_max, "a whole number of participants");
            let capacity = match (min, max) {
                (Some(min), Some(max)) => Some(Capacity { min, max }),
                (None, None) => None,
                _ => {
                    let name = r.column_name(c_min.or(c_max));
                    r.sheet.bad(
                        row,
                        *line,
                        &name,
                        "",
                        "both capacity_min and capacity_max, or neither",
                    );
                    None
                }
            };
            let mut contributors = Vec::new();
            for item in r.list(c_contrib) {
                let (head, unit) = match item.split_once('@') {
                    Some((h, u)) => (h.trim().to_owned(), Some(u.trim().to_owned())),
                    None => (item.clone(), None),
                };
                let (role, remote) = match head.split_once(':') {
                    Some((role, flag)) if flag.trim().eq_ignore_ascii_case("remote") => {
                        (role.trim().to_owned(), true)
                    }
                    Some(_) => {
                        let name = r.column_name(c_contrib);
                        r.sheet.bad(
                            row,
                            *line,
                            &name,
                            &item,
                            "role, role:remote, role@unit or role:remote@unit",
                        );
                        continue;
                    }
                    None => (head.trim().to_owned(), false),
                };
                contributors.push(Contributor { role, remote, unit });
            }
            let group = Group {
                id,
                name: r.text(c_name).map(str::to_owned),
                theme,
                format: format.unwrap_or(super::Format::OnSite),
                units: r.list(c_units),
                leadership,
                contributors,
                capacity,
                start,
                end: r.date(c_end),
                status: status.unwrap_or(super::GroupStatus::Planned),
            };
            if sheet.errors.len() == errors_before {
                out.push(group);
                lines.push(*line);
            }
        }
        let header = sheet.header.clone();
        sheet.finish()?;
        let columns = columns_of(
            &header,
            &[
                ("id", Some(c_id)),
                ("name", c_name),
                ("theme", Some(c_theme)),
                ("format", Some(c_format)),
                ("units", c_units),
                ("leadership", c_lead),
                ("contributors", c_contrib),
                ("capacity", c_min.or(c_max)),
                ("start", Some(c_start)),
                ("end", c_end),
                ("status", Some(c_status)),
            ],
        );
        self.record_sources("groups", file, &lines, &columns);
        self.program.groups.extend(out);
        Ok(())
    }

    /// Reads participants (`id`, `sex`, `age_band`, `birth_year`, `home_unit`, `referral`).
    ///
    /// ```
    /// use groupwell::program::{Period, Program, Sex};
    /// use groupwell::program::csv::{ColumnMap, Import};
    /// let mut i = Import::new(Program::new("p", "P", Period::year(2015).unwrap()));
    /// i.participants("id,sex,birth_year\np1,female,1961\np2,,\n", "people.csv", &ColumnMap::default())?;
    /// assert_eq!(i.program().participants[0].sex, Some(Sex::Female));
    /// assert_eq!(i.program().participants[1].birth_year, None);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn participants(&mut self, text: &str, file: &str, map: &ColumnMap) -> Result<()> {
        let mut sheet = Sheet::read(text, file)?;
        let c_id = sheet.require(map.column("id"), "id")?;
        let c = |s: &Sheet<'_>, f: &str| s.col(map.column(f));
        let (c_sex, c_age, c_birth, c_home, c_ref) = (
            c(&sheet, "sex"),
            c(&sheet, "age_band"),
            c(&sheet, "birth_year"),
            c(&sheet, "home_unit"),
            c(&sheet, "referral"),
        );
        let sexes = names(super::Sex::ALL);
        let sexes: Vec<&str> = sexes.iter().map(String::as_str).collect();
        let refs = names(super::Referral::ALL);
        let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
        let rows = std::mem::take(&mut sheet.rows);
        let mut out = Vec::new();
        let mut lines = Vec::new();
        for (row, (line, rec)) in rows.iter().enumerate() {
            let errors_before = sheet.errors.len();
            let mut r = Row {
                sheet: &mut sheet,
                row,
                line: *line,
                rec,
            };
            let p = Participant {
                id: r.required(Some(c_id)),
                sex: r.choice(c_sex, &sexes),
                age_band: r.text(c_age).map(str::to_owned),
                birth_year: r.parse(c_birth, "a year (whole number)"),
                home_unit: r.text(c_home).map(str::to_owned),
                referral: r.choice(c_ref, &refs),
            };
            if sheet.errors.len() == errors_before {
                out.push(p);
                lines.push(*line);
            }
        }
        let header = sheet.header.clone();
        sheet.finish()?;
        let columns = columns_of(
            &header,
            &[
                ("id", Some(c_id)),
                ("sex", c_sex),
                ("age_band", c_age),
                ("birth_year", c_birth),
                ("home_unit", c_home),
                ("referral", c_ref),
            ],
        );
        self.record_sources("participants", file, &lines, &columns);
        self.program.participants.extend(out);
        Ok(())
    }

    /// Reads enrolments (`participant`, `group`, `joined`, `left`, `reason`).
    ///
    /// ```
    /// use groupwell::program::{Period, Program};
    /// use groupwell::program::csv::{ColumnMap, Import};
    /// let mut i = Import::new(Program::new("p", "P", Period::year(2015).unwrap()));
    /// let err = i.enrolments("participant,group,joined\np1,g1,2015-02-30\np2,g1,\n", "e.csv",
    ///     &ColumnMap::default()).unwrap_err();
    /// // Both bad rows are reported.
    /// assert!(matches!(err, groupwell::Error::Rows { ref errors } if errors.len() == 2));
    /// ```
    pub fn enrolments(&mut self, text: &str, file: &str, map: &ColumnMap) -> Result<()> {
        let mut sheet = Sheet::read(text, file)?;
        let c_p = sheet.require(map.column("participant"), "participant")?;
        let c_g = sheet.require(map.column("group"), "group")?;
        let c_j = sheet.require(map.column("joined"), "joined")?;
        let c_l = sheet.col(map.column("left"));
        let c_r = sheet.col(map.column("reason"));
        let reasons = names(super::LeaveReason::ALL);
        let reasons: Vec<&str> = reasons.iter().map(String::as_str).collect();
        let rows = std::mem::take(&mut sheet.rows);
        let mut out = Vec::new();
        let mut lines = Vec::new();
        for (row, (line, rec)) in rows.iter().enumerate() {
            let errors_before = sheet.errors.len();
            let mut r = Row {
                sheet: &mut sheet,
                row,
                line: *line,
                rec,
            };
            let e = Enrolment {
                participant: r.required(Some(c_p)),
                group: r.required(Some(c_g)),
                joined: r.required_date(Some(c_j)),
                left: r.date(c_l),
                reason: r.choice(c_r, &reasons),
            };
            if sheet.errors.len() == errors_before {
                out.push(e);
                lines.push(*line);
            }
        }
        let header = sheet.header.clone();
        sheet.finish()?;
        let columns = columns_of(
            &header,
            &[
                ("participant", Some(c_p)),
                ("group", Some(c_g)),
                ("joined", Some(c_j)),
                ("left", c_l),
                ("reason", c_r),
            ],
        );
        self.record_sources("enrolments", file, &lines, &columns);
        self.program.enrolments.extend(out);
        Ok(())
    }

    /// Reads sessions (`group`, `date`, `sites`, `mode`, `attended`; lists separated by `;`).
    ///
    /// ```
    /// use groupwell::program::{Period, Program};
    /// use groupwell::program::csv::{ColumnMap, Import};
    /// let mut i = Import::new(Program::new("p", "P", Period::year(2015).unwrap()));
    /// i.sessions("group,date,sites,mode,attended\ng1,2015-02-09,hede;sveg,video,p1;p2\n", "s.csv",
    ///     &ColumnMap::default())?;
    /// assert_eq!(i.program().sessions[0].attended, ["p1", "p2"]);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn sessions(&mut self, text: &str, file: &str, map: &ColumnMap) -> Result<()> {
        let mut sheet = Sheet::read(text, file)?;
        let c_g = sheet.require(map.column("group"), "group")?;
        let c_d = sheet.require(map.column("date"), "date")?;
        let c_m = sheet.require(map.column("mode"), "mode")?;
        let c_s = sheet.col(map.column("sites"));
        let c_a = sheet.col(map.column("attended"));
        let modes = names(super::SessionMode::ALL);
        let modes: Vec<&str> = modes.iter().map(String::as_str).collect();
        let rows = std::mem::take(&mut sheet.rows);
        let mut out = Vec::new();
        let mut lines = Vec::new();
        for (row, (line, rec)) in rows.iter().enumerate() {
            let errors_before = sheet.errors.len();
            let mut r = Row {
                sheet: &mut sheet,
                row,
                line: *line,
                rec,
            };
            let group = r.required(Some(c_g));
            let date = r.required_date(Some(c_d));
            let mode = if r.text(Some(c_m)).is_none() {
                r.required(Some(c_m));
                None
            } else {
                r.choice(Some(c_m), &modes)
            };
            let s = Session {
                group,
                date,
                sites: r.list(c_s),
                mode: mode.unwrap_or(super::SessionMode::OnSite),
                attended: r.list(c_a),
            };
            if sheet.errors.len() == errors_before {
                out.push(s);
                lines.push(*line);
            }
        }
        let header = sheet.header.clone();
        sheet.finish()?;
        let columns = columns_of(
            &header,
            &[
                ("group", Some(c_g)),
                ("date", Some(c_d)),
                ("sites", c_s),
                ("mode", Some(c_m)),
                ("attended", c_a),
            ],
        );
        self.record_sources("sessions", file, &lines, &columns);
        self.program.sessions.extend(out);
        Ok(())
    }

    /// Reads measurements, long or wide (see [`MeasurementColumns`]). Answers are kept as
    /// given (numbers), so an out-of-range answer is reported by [`Program::validate`] with its
    /// line and column; a cell that is not a number is an error here.
    ///
    /// ```
    /// use groupwell::program::{Period, Program};
    /// use groupwell::program::csv::{Import, Layout, MeasurementColumns};
    /// let mut i = Import::new(Program::new("p", "P", Period::year(2015).unwrap()));
    /// let cols = MeasurementColumns {
    ///     layout: Layout::Wide { occasions: vec!["t0".into(), "t1".into()], separator: "_".into() },
    ///     ..MeasurementColumns::default()
    /// };
    /// i.measurements("participant,date_t0,vas_t0,date_t1,vas_t1\np1,2015-02-02,55,2015-05-18,70\np2,2015-02-02,60,,\n",
    ///     "wide.csv", &cols)?;
    /// assert_eq!(i.program().measurements.len(), 3);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn measurements(
        &mut self,
        text: &str,
        file: &str,
        cols: &MeasurementColumns,
    ) -> Result<()> {
        let mut sheet = Sheet::read(text, file)?;
        let occasions: Vec<String> = match &cols.layout {
            Layout::Long => vec![String::new()],
            Layout::Wide {
                occasions,
                separator,
            } => {
                if occasions.is_empty() {
                    return Err(Error::InvalidArgument {
                        argument: "layout.occasions".into(),
                        value: "[]".into(),
                        expected: "at least one occasion suffix for a wide table".into(),
                    });
                }
                occasions
                    .iter()
                    .map(|o| format!("{separator}{o}"))
                    .collect()
            }
        };
        let wide = matches!(cols.layout, Layout::Wide { .. });
        let c_p = sheet.require(&cols.participant, "participant")?;
        // The scales and their item columns (without the occasion suffix).
        let mut scale_items: Vec<(String, Vec<String>)> = cols
            .scales
            .iter()
            .map(|(id, items)| (id.clone(), items.clone()))
            .collect();
        let mut known: Vec<(String, Vec<String>)> = vec![(
            crate::scales::SCI93_ID.to_owned(),
            Scale::sci93().items().to_vec(),
        )];
        for def in &self.program.instruments.scales {
            known.retain(|(id, _)| *id != def.id);
            known.push((def.id.clone(), def.items.clone()));
        }
        let first_suffix = occasions.first().cloned().unwrap_or_default();
        for (id, items) in &known {
            if cols.scales.contains_key(id) {
                continue;
            }
            let names: Vec<String> = items.iter().map(|it| format!("{id}_{it}")).collect();
            let present = names
                .iter()
                .filter(|n| sheet.col(&format!("{n}{first_suffix}")).is_some())
                .count();
            if present == names.len() {
                scale_items.push((id.clone(), names));
            } else if present > 0 {
                let absent = names
                    .iter()
                    .find(|n| sheet.col(&format!("{n}{first_suffix}")).is_none())
                    .cloned()
                    .unwrap_or_default();
                return Err(Error::InvalidArgument {
                    argument: format!("{file} line 1"),
                    value: format!("no column {absent:?}{first_suffix}"),
                    expected: format!(
                        "all {} item columns of {id} ({id}_<item>) or none",
                        items.len()
                    ),
                });
            }
        }
        let eq5d = match &cols.eq5d {
            Some(e) => Some(e.clone()),
            None if sheet.col(&format!("eq5d{first_suffix}")).is_some() => {
                Some(Eq5dColumns::State("eq5d".into()))
            }
            None => {
                let dims = ["mo", "sc", "ua", "pd", "ad"].map(String::from);
                dims.iter()
                    .all(|d| sheet.col(&format!("{d}{first_suffix}")).is_some())
                    .then_some(Eq5dColumns::Levels(dims))
            }
        };
        let vas = match &cols.vas {
            Some(v) => Some(v.clone()),
            None => sheet
                .col(&format!("vas{first_suffix}"))
                .map(|_| "vas".to_owned()),
        };
        struct Occasion {
            date: usize,
            eq5d: Option<std::result::Result<usize, [usize; 5]>>,
            vas: Option<usize>,
            scales: Vec<(String, Vec<usize>)>,
        }
        let mut occ = Vec::new();
        for suffix in &occasions {
            let name = |base: &str| format!("{base}{suffix}");
            let date = sheet.require(&name(&cols.date), "date")?;
            let eq5d = match &eq5d {
                None => None,
                Some(Eq5dColumns::State(c)) => Some(Ok(sheet.require(&name(c), "eq5d")?)),
                Some(Eq5dColumns::Levels(ds)) => {
                    let mut idx = [0usize; 5];
                    for (slot, d) in idx.iter_mut().zip(ds) {
                        *slot = sheet.require(&name(d), "an EQ-5D level")?;
                    }
                    Some(Err(idx))
                }
            };
            let vas = match &vas {
                Some(v) => Some(sheet.require(&name(v), "vas")?),
                None => None,
            };
            let mut scales = Vec::new();
            for (id, items) in &scale_items {
                let mut idx = Vec::with_capacity(items.len());
                for it in items {
                    idx.push(sheet.require(&name(it), &format!("an item of {id}"))?);
                }
                scales.push((id.clone(), idx));
            }
            occ.push(Occasion {
                date,
                eq5d,
                vas,
                scales,
            });
        }
        let rows = std::mem::take(&mut sheet.rows);
        let mut out = Vec::new();
        let mut lines = Vec::new();
        for (row, (line, rec)) in rows.iter().enumerate() {
            let errors_before = sheet.errors.len();
            let mut r = Row {
                sheet: &mut sheet,
                row,
                line: *line,
                rec,
            };
            let participant = r.required(Some(c_p));
            let mut found = Vec::new();
            for o in &occ {
                let mut used: Vec<usize> = vec![o.date];
                match &o.eq5d {
                    Some(Ok(c)) => used.push(*c),
                    Some(Err(ds)) => used.extend(ds),
                    None => {}
                }
                used.extend(o.vas);
                used.extend(o.scales.iter().flat_map(|(_, v)| v.iter().copied()));
                if wide && used.iter().all(|&c| r.text(Some(c)).is_none()) {
                    continue;
                }
                let date = r.required_date(Some(o.date));
                let eq5d = match &o.eq5d {
                    None => None,
                    Some(Ok(c)) => r.text(Some(*c)).map(str::to_owned),
                    Some(Err(ds)) => {
                        let cells: Vec<Option<String>> = ds
                            .iter()
                            .map(|&d| r.text(Some(d)).map(str::to_owned))
                            .collect();
                        if cells.iter().all(Option::is_none) {
                            None
                        } else if cells.iter().any(Option::is_none) {
                            let name = r.column_name(ds.first().copied());
                            r.sheet.bad(
                                row,
                                *line,
                                &name,
                                "",
                                "all five EQ-5D levels, or none (a partly answered EQ-5D has no state)",
                            );
                            None
                        } else {
                            Some(cells.into_iter().flatten().collect::<Vec<_>>().concat())
                        }
                    }
                };
                let vas: Option<f64> = r.parse(o.vas, "a number (EQ VAS)");
                let mut scales = super::ScaleAnswers::new();
                for (id, idx) in &o.scales {
                    if idx.iter().all(|&c| r.text(Some(c)).is_none()) {
                        continue;
                    }
                    let answers: Vec<f64> = idx
                        .iter()
                        .map(|&c| {
                            r.parse(Some(c), &format!("a number (an answer of {id})"))
                                .unwrap_or(f64::NAN)
                        })
                        .collect();
                    scales.insert(id.clone(), answers);
                }
                found.push(Measurement {
                    participant: participant.clone(),
                    date,
                    eq5d,
                    vas,
                    scales,
                });
            }
            if sheet.errors.len() == errors_before {
                lines.extend(found.iter().map(|_| *line));
                out.extend(found);
            }
        }
        let header = sheet.header.clone();
        sheet.finish()?;
        let mut columns = vec![("participant", header.get(c_p).cloned().unwrap_or_default())];
        if let Some(o) = occ.first() {
            // Wide tables: name the first occasion's column (the line identifies the row).
            columns.push(("date", header.get(o.date).cloned().unwrap_or_default()));
            if let Some(Ok(c)) = &o.eq5d {
                columns.push(("eq5d", header.get(*c).cloned().unwrap_or_default()));
            }
            if let Some(v) = o.vas {
                columns.push(("vas", header.get(v).cloned().unwrap_or_default()));
            }
        }
        self.record_sources("measurements", file, &lines, &columns);
        if let Some(o) = occ.first() {
            let t = self.sources.table("measurements");
            for (id, idx) in &o.scales {
                for (k, c) in idx.iter().enumerate() {
                    let field = format!("scales/{}/{k}", id.replace('~', "~0").replace('/', "~1"));
                    t.columns
                        .insert(field, header.get(*c).cloned().unwrap_or_default());
                }
            }
        }
        self.program.measurements.extend(out);
        Ok(())
    }
}

fn columns_of(
    header: &[String],
    fields: &[(&'static str, Option<usize>)],
) -> Vec<(&'static str, String)> {
    fields
        .iter()
        .filter_map(|(f, c)| Some((*f, header.get((*c)?)?.clone())))
        .collect()
}

/// A program's tables as CSV text, in the layout [`Import`] reads with default columns
/// (measurements long, scale items as `<scale>_<item>`).
///
/// ```
/// # use groupwell::program::Program;
/// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
/// let t = program.to_csv_tables()?;
/// assert!(t.units.starts_with("id,name,kind,region\n"));
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvTables {
    /// `units.csv`.
    pub units: String,
    /// `groups.csv`.
    pub groups: String,
    /// `participants.csv`.
    pub participants: String,
    /// `enrolments.csv`.
    pub enrolments: String,
    /// `sessions.csv`.
    pub sessions: String,
    /// `measurements.csv`.
    pub measurements: String,
}

impl CsvTables {
    /// Reads the tables into `skeleton` (whose own tables are replaced... extended; pass one
    /// without records for a round trip).
    ///
    /// ```
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// use groupwell::program::csv::CsvTables;
    /// let tables = program.to_csv_tables()?;
    /// let (back, _) = tables.read(program.skeleton())?;
    /// assert_eq!(back, program);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn read(&self, skeleton: Program) -> Result<(Program, Sources)> {
        let mut i = Import::new(skeleton);
        let none = ColumnMap::default();
        i.units(&self.units, "units.csv", &none)?;
        i.groups(&self.groups, "groups.csv", &none)?;
        i.participants(&self.participants, "participants.csv", &none)?;
        i.enrolments(&self.enrolments, "enrolments.csv", &none)?;
        i.sessions(&self.sessions, "sessions.csv", &none)?;
        i.measurements(
            &self.measurements,
            "measurements.csv",
            &MeasurementColumns::default(),
        )?;
        Ok(i.finish())
    }
}

fn write_csv(header: &[String], rows: impl Iterator<Item = Vec<String>>) -> Result<String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let fail = |e: ::csv::Error| Error::InvalidArgument {
        argument: "CSV export".into(),
        value: String::new(),
        expected: format!("writable text ({e})"),
    };
    w.write_record(header).map_err(fail)?;
    for r in rows {
        w.write_record(&r).map_err(fail)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::InvalidArgument {
        argument: "CSV export".into(),
        value: String::new(),
        expected: format!("writable text ({e})"),
    })?;
    String::from_utf8(bytes).map_err(|e| Error::InvalidArgument {
        argument: "CSV export".into(),
        value: String::new(),
        expected: format!("UTF-8 text ({e})"),
    })
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or(String::new(), ToString::to_string)
}

fn strings(h: &[&str]) -> Vec<String> {
    h.iter().map(|s| (*s).to_owned()).collect()
}

impl Program {
    /// The program without its records: the facts a CSV import starts from.
    ///
    /// ```
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let s = program.skeleton();
    /// assert!(s.groups.is_empty() && s.schedule == program.schedule);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn skeleton(&self) -> Program {
        Program {
            format: self.format.clone(),
            id: self.id.clone(),
            name: self.name.clone(),
            period: self.period,
            owners: self.owners.clone(),
            schedule: self.schedule.clone(),
            instruments: self.instruments.clone(),
            units: Vec::new(),
            groups: Vec::new(),
            participants: Vec::new(),
            enrolments: Vec::new(),
            sessions: Vec::new(),
            measurements: Vec::new(),
        }
    }

    /// The program's tables as CSV (see [`CsvTables`]). Lists are joined with `;`, so ids
    /// containing `;` cannot be written (an error names the record).
    ///
    /// ```
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let t = program.to_csv_tables()?;
    /// assert_eq!(t.enrolments.lines().count(), program.enrolments.len() + 1);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn to_csv_tables(&self) -> Result<CsvTables> {
        let join = |table: &str, i: usize, field: &str, items: &[String]| -> Result<String> {
            if let Some(bad) = items
                .iter()
                .find(|s| s.contains(';') || s.trim() != s.as_str())
            {
                return Err(Error::InvalidArgument {
                    argument: format!("/{table}/{i}/{field}"),
                    value: format!("{bad:?}"),
                    expected:
                        "list items without ';' or surrounding spaces (CSV lists are ';'-separated)"
                            .into(),
                });
            }
            Ok(items.join(";"))
        };
        let units = write_csv(
            &strings(&["id", "name", "kind", "region"]),
            self.units.iter().map(|u| {
                vec![
                    u.id.clone(),
                    u.name.clone(),
                    u.kind.to_string(),
                    opt(&u.region),
                ]
            }),
        )?;
        let mut group_rows = Vec::new();
        for (i, g) in self.groups.iter().enumerate() {
            let contributors: Vec<String> = g
                .contributors
                .iter()
                .map(|c| {
                    let mut s = c.role.clone();
                    if c.remote {
                        s.push_str(":remote");
                    }
                    if let Some(u) = &c.unit {
                        s.push('@');
                        s.push_str(u);
                    }
                    s
                })
                .collect();
            let (lead, starter) = match g.leadership {
                None => (String::new(), String::new()),
                Some(Leadership::Professional) => ("professional".to_owned(), String::new()),
                Some(Leadership::Peer { starter_sessions }) => {
                    ("peer".to_owned(), opt(&starter_sessions))
                }
            };
            group_rows.push(vec![
                g.id.clone(),
                opt(&g.name),
                g.theme.clone(),
                g.format.to_string(),
                join("groups", i, "units", &g.units)?,
                lead,
                starter,
                join("groups", i, "contributors", &contributors)?,
                opt(&g.capacity.map(|c| c.min)),
                opt(&g.capacity.map(|c| c.max)),
                g.start.to_string(),
                opt(&g.end),
                g.status.to_string(),
            ]);
        }
        let groups = write_csv(
            &strings(&[
                "id",
                "name",
                "theme",
                "format",
                "units",
                "leadership",
                "starter_sessions",
                "contributors",
                "capacity_min",
                "capacity_max",
                "start",
                "end",
                "status",
            ]),
            group_rows.into_iter(),
        )?;
        let participants = write_csv(
            &strings(&[
                "id",
                "sex",
                "age_band",
                "birth_year",
                "home_unit",
                "referral",
            ]),
            self.participants.iter().map(|p| {
                vec![
                    p.id.clone(),
                    opt(&p.sex),
                    opt(&p.age_band),
                    opt(&p.birth_year),
                    opt(&p.home_unit),
                    opt(&p.referral),
                ]
            }),
        )?;
        let enrolments = write_csv(
            &strings(&["participant", "group", "joined", "left", "reason"]),
            self.enrolments.iter().map(|e| {
                vec![
                    e.participant.clone(),
                    e.group.clone(),
                    e.joined.to_string(),
                    opt(&e.left),
                    opt(&e.reason),
                ]
            }),
        )?;
        let mut session_rows = Vec::new();
        for (i, s) in self.sessions.iter().enumerate() {
            session_rows.push(vec![
                s.group.clone(),
                s.date.to_string(),
                join("sessions", i, "sites", &s.sites)?,
                s.mode.to_string(),
                join("sessions", i, "attended", &s.attended)?,
            ]);
        }
        let sessions = write_csv(
            &strings(&["group", "date", "sites", "mode", "attended"]),
            session_rows.into_iter(),
        )?;
        // Scale columns: every scale used, items from its definition (or numbered when unknown).
        let mut scale_cols: BTreeMap<&str, usize> = BTreeMap::new();
        for m in &self.measurements {
            for (id, a) in &m.scales {
                let n = scale_cols.entry(id.as_str()).or_insert(0);
                *n = (*n).max(a.len());
            }
        }
        let mut header = strings(&["participant", "date", "eq5d", "vas"]);
        let mut layout: Vec<(&str, usize)> = Vec::new();
        let sci = Scale::sci93();
        for (id, n) in &scale_cols {
            let items: Vec<String> = if *id == crate::scales::SCI93_ID
                && !self.instruments.scales.iter().any(|d| d.id == *id)
            {
                sci.items().to_vec()
            } else if let Some(d) = self.instruments.scales.iter().find(|d| d.id == *id) {
                d.items.clone()
            } else {
                (1..=*n).map(|k| k.to_string()).collect()
            };
            if items.len() != *n {
                return Err(Error::InvalidArgument {
                    argument: format!("scale {id}"),
                    value: format!("{n} answers in some measurement"),
                    expected: format!(
                        "{} answers (one per item) in every measurement, to write item columns",
                        items.len()
                    ),
                });
            }
            header.extend(items.iter().map(|it| format!("{id}_{it}")));
            layout.push((id, *n));
        }
        let measurements = write_csv(
            &header,
            self.measurements.iter().map(|m| {
                let mut row = vec![
                    m.participant.clone(),
                    m.date.to_string(),
                    opt(&m.eq5d),
                    opt(&m.vas),
                ];
                for (id, n) in &layout {
                    match m.scales.get(id) {
                        Some(a) => {
                            row.extend(a.iter().map(|x| {
                                if x.is_nan() {
                                    String::new()
                                } else {
                                    x.to_string()
                                }
                            }));
                            row.extend(std::iter::repeat_n(String::new(), n - a.len()));
                        }
                        None => row.extend(std::iter::repeat_n(String::new(), *n)),
                    }
                }
                row
            }),
        )?;
        Ok(CsvTables {
            units,
            groups,
            participants,
            enrolments,
            sessions,
            measurements,
        })
    }
}
