//! The tidy export: one row per participant × timepoint × score, for pandas and polars.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{Assignments, Program};
use crate::eq5d::{EqVas, ValueSet, find};
use crate::error::{Error, Result};
use crate::scales::{Scale, ScoreOptions};

/// What [`Program::tidy`] computes.
///
/// ```
/// use groupwell::program::TidyOptions;
/// let o = TidyOptions { value_sets: vec!["5L_SE_2022".into()], ..TidyOptions::default() };
/// assert!(o.subscales);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TidyOptions {
    /// Value sets (ids or names, as for [`find`]) whose EQ-5D index is a measure
    /// `eq5d_index/<id>`; none by default.
    #[serde(default)]
    pub value_sets: Vec<String>,
    /// Whether subscale scores are measures (`<scale>/<subscale>`) besides totals.
    #[serde(default = "yes")]
    pub subscales: bool,
}

fn yes() -> bool {
    true
}

impl Default for TidyOptions {
    fn default() -> Self {
        TidyOptions {
            value_sets: Vec::new(),
            subscales: true,
        }
    }
}

/// One row of the tidy table (see [`TidyTable::rows`]).
///
/// ```
/// # use groupwell::program::{Program, TidyOptions};
/// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
/// let t = program.tidy(&TidyOptions::default())?;
/// let row = t.rows().next().unwrap();
/// assert_eq!(row.timepoint, "baseline");
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TidyRow<'a> {
    /// Participant id.
    pub participant: &'a str,
    /// Group id.
    pub group: &'a str,
    /// The group's theme.
    pub theme: &'a str,
    /// The group's format.
    pub format: &'a str,
    /// The participant's home unit (empty when not recorded).
    pub unit: &'a str,
    /// Sex (empty when not recorded).
    pub sex: &'a str,
    /// Age band (empty when not recorded).
    pub age_band: &'a str,
    /// Timepoint name.
    pub timepoint: &'a str,
    /// Measurement date.
    pub date: NaiveDate,
    /// Measure: `eq_vas`, `eq5d_index/<value set id>`, `<scale id>` or `<scale id>/<subscale>`.
    pub measure: &'a str,
    /// The score; `NaN` when not answered or not scorable (too many missing items, an invalid
    /// answer that [`Program::validate`] reports).
    pub value: f64,
}

/// The tidy table, stored by column (every column has one entry per row).
///
/// ```
/// # use groupwell::program::{Program, TidyOptions};
/// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
/// let t = program.tidy(&TidyOptions { value_sets: vec!["5L_SE_2022".into()], ..TidyOptions::default() })?;
/// assert!(t.measure.iter().any(|m| m == "eq5d_index/5L_SE_2022"));
/// assert!(t.to_csv().starts_with("participant,group,theme,format,unit,sex,age_band,timepoint,date,measure,value\n"));
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TidyTable {
    /// Participant ids.
    pub participant: Vec<String>,
    /// Group ids.
    pub group: Vec<String>,
    /// Group themes.
    pub theme: Vec<String>,
    /// Group formats (`on_site`...).
    pub format: Vec<String>,
    /// Home units (empty when not recorded).
    pub unit: Vec<String>,
    /// Sex (empty when not recorded).
    pub sex: Vec<String>,
    /// Age bands (empty when not recorded).
    pub age_band: Vec<String>,
    /// Timepoint names.
    pub timepoint: Vec<String>,
    /// Measurement dates.
    pub date: Vec<NaiveDate>,
    /// Measures.
    pub measure: Vec<String>,
    /// Scores (`NaN` when not answered or not scorable).
    pub value: Vec<f64>,
}

impl TidyTable {
    /// The column names, in order.
    pub const COLUMNS: [&'static str; 11] = [
        "participant",
        "group",
        "theme",
        "format",
        "unit",
        "sex",
        "age_band",
        "timepoint",
        "date",
        "measure",
        "value",
    ];

    /// Number of rows.
    ///
    /// ```
    /// assert_eq!(groupwell::program::TidyTable::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// Whether there are no rows.
    ///
    /// ```
    /// assert!(groupwell::program::TidyTable::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// The rows, in order.
    ///
    /// ```
    /// assert_eq!(groupwell::program::TidyTable::default().rows().count(), 0);
    /// ```
    pub fn rows(&self) -> impl Iterator<Item = TidyRow<'_>> {
        (0..self.len()).filter_map(move |i| {
            Some(TidyRow {
                participant: self.participant.get(i)?,
                group: self.group.get(i)?,
                theme: self.theme.get(i)?,
                format: self.format.get(i)?,
                unit: self.unit.get(i)?,
                sex: self.sex.get(i)?,
                age_band: self.age_band.get(i)?,
                timepoint: self.timepoint.get(i)?,
                date: *self.date.get(i)?,
                measure: self.measure.get(i)?,
                value: *self.value.get(i)?,
            })
        })
    }

    /// The table as CSV (a header line, then one line per row; `NaN` written as an empty cell;
    /// values with the shortest text that reads back to the same number).
    ///
    /// ```
    /// assert_eq!(groupwell::program::TidyTable::default().to_csv().lines().count(), 1);
    /// ```
    pub fn to_csv(&self) -> String {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        let mut write = || -> std::result::Result<(), ::csv::Error> {
            w.write_record(TidyTable::COLUMNS)?;
            for r in self.rows() {
                let date = r.date.to_string();
                let value = if r.value.is_nan() {
                    String::new()
                } else {
                    r.value.to_string()
                };
                w.write_record([
                    r.participant,
                    r.group,
                    r.theme,
                    r.format,
                    r.unit,
                    r.sex,
                    r.age_band,
                    r.timepoint,
                    date.as_str(),
                    r.measure,
                    value.as_str(),
                ])?;
            }
            w.flush()?;
            Ok(())
        };
        // Writing into memory cannot fail; an error would only lose the rest of the table.
        let _ = write();
        w.into_inner()
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

enum Measure<'a> {
    Vas,
    Index(&'static ValueSet),
    Total(&'a Scale),
    Subscale(&'a Scale, usize),
}

impl Program {
    /// The tidy table of every assigned timepoint: one row per participant × timepoint ×
    /// measure, with the participant's and the group's attributes as columns. Measures: the
    /// EQ VAS when any measurement has one, the EQ-5D index for each value set in `opts`, and
    /// the total (and subscales) of each scale found in the measurements. Timepoints without a
    /// measurement have no rows ([`Program::assign_timepoints`] lists them).
    ///
    /// An unknown value set, or one for another EQ-5D version than the program's, is an error.
    ///
    /// ```
    /// # use groupwell::program::{Program, TidyOptions};
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let t = program.tidy(&TidyOptions::default())?;
    /// assert!(t.measure.iter().any(|m| m == "SCI-93"));
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn tidy(&self, opts: &TidyOptions) -> Result<TidyTable> {
        self.tidy_with(&self.assign_timepoints(), opts)
    }

    /// [`tidy`](Self::tidy) with assignments already made.
    ///
    /// ```
    /// # use groupwell::program::{Program, TidyOptions};
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let a = program.assign_timepoints();
    /// assert_eq!(program.tidy_with(&a, &TidyOptions::default())?, program.tidy(&TidyOptions::default())?);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn tidy_with(&self, assignments: &Assignments, opts: &TidyOptions) -> Result<TidyTable> {
        let instrument = self.instruments.eq5d;
        let mut value_sets = Vec::new();
        for name in &opts.value_sets {
            let vs = find(name, Some(instrument))?;
            if vs.instrument() != instrument {
                return Err(Error::InstrumentMismatch {
                    what: format!("value set {}", vs.id()),
                    expected: vs.instrument(),
                    found: instrument,
                });
            }
            value_sets.push(vs);
        }
        // The program's scales: SCI-93 and its own definitions (invalid ones left out).
        let mut scales: Vec<(String, Scale)> =
            vec![(crate::scales::SCI93_ID.to_owned(), Scale::sci93())];
        for def in &self.instruments.scales {
            if let Ok(s) = Scale::from_definition(def.clone()) {
                match scales.iter_mut().find(|(id, _)| *id == def.id) {
                    Some(slot) => slot.1 = s,
                    None => scales.push((def.id.clone(), s)),
                }
            }
        }
        let used = |id: &str| self.measurements.iter().any(|m| m.scales.contains_key(id));
        let mut measures: Vec<(String, Measure<'_>)> = Vec::new();
        if self.measurements.iter().any(|m| m.vas.is_some()) {
            measures.push(("eq_vas".into(), Measure::Vas));
        }
        for vs in &value_sets {
            measures.push((format!("eq5d_index/{}", vs.id()), Measure::Index(vs)));
        }
        for (id, scale) in &scales {
            if !used(id) {
                continue;
            }
            measures.push((id.clone(), Measure::Total(scale)));
            if opts.subscales {
                for (k, sub) in scale.definition().subscales.iter().enumerate() {
                    measures.push((format!("{id}/{}", sub.name), Measure::Subscale(scale, k)));
                }
            }
        }
        let participants: FxHashMap<&str, &super::Participant> = self
            .participants
            .iter()
            .map(|p| (p.id.as_str(), p))
            .collect();
        let groups: FxHashMap<&str, &super::Group> =
            self.groups.iter().map(|g| (g.id.as_str(), g)).collect();
        let mut t = TidyTable::default();
        let score_opts = ScoreOptions::default();
        for a in &assignments.assignments {
            let Some(m) = self.measurements.get(a.measurement) else {
                continue;
            };
            let p = participants.get(a.participant.as_str());
            let g = groups.get(a.group.as_str());
            let mut scored: FxHashMap<&str, Option<crate::scales::ScaleScore>> =
                FxHashMap::default();
            for (name, measure) in &measures {
                let value = match measure {
                    Measure::Vas => m
                        .vas
                        .and_then(|v| EqVas::new(v).ok())
                        .map_or(f64::NAN, |v| v.value()),
                    Measure::Index(vs) => m
                        .eq5d
                        .as_deref()
                        .and_then(|s| vs.index_str(s).ok())
                        .unwrap_or(f64::NAN),
                    Measure::Total(scale) | Measure::Subscale(scale, _) => {
                        let id = scale.id();
                        let score = scored.entry(id).or_insert_with(|| {
                            m.scales
                                .get(id)
                                .and_then(|ans| scale.score_slice(ans, &score_opts).ok())
                        });
                        match (measure, score) {
                            (Measure::Total(_), Some(s)) => s.total.unwrap_or(f64::NAN),
                            (Measure::Subscale(_, k), Some(s)) => {
                                s.subscales.get(*k).copied().flatten().unwrap_or(f64::NAN)
                            }
                            _ => f64::NAN,
                        }
                    }
                };
                if matches!(measure, Measure::Vas) && m.vas.is_none()
                    || matches!(measure, Measure::Index(_)) && m.eq5d.is_none()
                    || matches!(measure, Measure::Total(s) | Measure::Subscale(s, _) if !m.scales.contains_key(s.id()))
                {
                    // Not asked at this occasion: no row.
                    continue;
                }
                t.participant.push(a.participant.clone());
                t.group.push(a.group.clone());
                t.theme.push(g.map_or(String::new(), |g| g.theme.clone()));
                t.format
                    .push(g.map_or(String::new(), |g| g.format.as_str().to_owned()));
                t.unit
                    .push(p.and_then(|p| p.home_unit.clone()).unwrap_or_default());
                t.sex.push(
                    p.and_then(|p| p.sex)
                        .map_or(String::new(), |s| s.as_str().to_owned()),
                );
                t.age_band
                    .push(p.and_then(|p| p.age_band.clone()).unwrap_or_default());
                t.timepoint.push(a.timepoint.clone());
                t.date.push(a.date);
                t.measure.push(name.clone());
                t.value.push(value);
            }
        }
        Ok(t)
    }
}
