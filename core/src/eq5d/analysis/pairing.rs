//! Pairing baseline and follow-up measurements by participant id.

use std::collections::HashMap;
use std::fmt;

use super::super::StateCodes;
use super::super::state::Instrument;
use crate::error::{Error, Result};

/// What to do when an id occurs more than once within one timepoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DuplicatePolicy {
    /// A duplicate id is an error naming the id's rows.
    #[default]
    Error,
    /// Keep the first row of the id.
    First,
    /// Keep the last row of the id.
    Last,
}

impl std::str::FromStr for DuplicatePolicy {
    type Err = Error;
    /// `error`, `first` or `last`.
    ///
    /// ```
    /// use groupwell::eq5d::analysis::DuplicatePolicy;
    /// assert_eq!("last".parse::<DuplicatePolicy>()?, DuplicatePolicy::Last);
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" | "raise" => Ok(DuplicatePolicy::Error),
            "first" => Ok(DuplicatePolicy::First),
            "last" => Ok(DuplicatePolicy::Last),
            _ => Err(Error::InvalidArgument {
                argument: "duplicates".into(),
                value: format!("{s:?}"),
                expected: "\"error\", \"first\" or \"last\"".into(),
            }),
        }
    }
}

/// Why a participant has no pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExclusionReason {
    /// No follow-up row with this id.
    NoFollowUp,
    /// No baseline row with this id.
    NoBaseline,
    /// The baseline state is missing.
    MissingBaseline,
    /// The follow-up state is missing.
    MissingFollowUp,
    /// The baseline state is invalid.
    InvalidBaseline,
    /// The follow-up state is invalid.
    InvalidFollowUp,
}

impl fmt::Display for ExclusionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExclusionReason::NoFollowUp => "no follow-up",
            ExclusionReason::NoBaseline => "no baseline",
            ExclusionReason::MissingBaseline => "baseline state missing",
            ExclusionReason::MissingFollowUp => "follow-up state missing",
            ExclusionReason::InvalidBaseline => "baseline state invalid",
            ExclusionReason::InvalidFollowUp => "follow-up state invalid",
        })
    }
}

/// A participant left out of the pairs, and why (the first reason that applies, in the order
/// of [`ExclusionReason`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    /// The participant id.
    pub id: String,
    /// Why.
    pub reason: ExclusionReason,
}

/// Baseline and follow-up states matched by participant id: only complete, valid pairs.
///
/// ```
/// use groupwell::eq5d::analysis::{pair, DuplicatePolicy};
/// use groupwell::eq5d::{Instrument, StateCodes};
/// let pre = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("21111"), Some("11111"), None]);
/// let post = StateCodes::from_strs(Instrument::Eq5d3l, &[Some("11111"), Some("11111")]);
/// let p = pair(&["a", "b", "c"], &pre, &["b", "a"], &post, DuplicatePolicy::Error)?;
/// assert_eq!(p.ids, ["a", "b"]);
/// assert_eq!(p.pre, [81, 0]);
/// assert_eq!(p.excluded[0].id, "c");
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pairs {
    /// The instrument of both columns.
    pub instrument: Option<Instrument>,
    /// Participant ids of the pairs, in baseline row order.
    pub ids: Vec<String>,
    /// Baseline state codes.
    pub pre: Vec<u16>,
    /// Follow-up state codes.
    pub post: Vec<u16>,
    /// Participants without a complete, valid pair.
    pub excluded: Vec<Exclusion>,
}

impl Pairs {
    /// Number of pairs.
    ///
    /// ```
    /// assert_eq!(groupwell::eq5d::analysis::Pairs::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.pre.len()
    }

    /// Whether there are no pairs.
    ///
    /// ```
    /// assert!(groupwell::eq5d::analysis::Pairs::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.pre.is_empty()
    }

    /// How many participants were excluded for each reason.
    ///
    /// ```
    /// assert!(groupwell::eq5d::analysis::Pairs::default().exclusion_counts().is_empty());
    /// ```
    pub fn exclusion_counts(&self) -> Vec<(ExclusionReason, usize)> {
        let mut counts: std::collections::BTreeMap<ExclusionReason, usize> = Default::default();
        for e in &self.excluded {
            *counts.entry(e.reason).or_default() += 1;
        }
        counts.into_iter().collect()
    }
}

/// Row of each id (after the duplicate policy); an error lists the duplicated ids.
fn index_ids<'a, S: AsRef<str>>(
    ids: &'a [S],
    field: &str,
    policy: DuplicatePolicy,
) -> Result<HashMap<&'a str, usize>> {
    let mut map: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
    let mut dups: Vec<String> = Vec::new();
    for (row, id) in ids.iter().enumerate() {
        let id = id.as_ref();
        match map.get_mut(id) {
            None => {
                map.insert(id, row);
            }
            Some(slot) => match policy {
                DuplicatePolicy::Error => {
                    if dups.len() < 10 && !dups.iter().any(|d| d == id) {
                        dups.push(format!("{id:?} (rows {} and {row})", *slot));
                    }
                }
                DuplicatePolicy::First => {}
                DuplicatePolicy::Last => *slot = row,
            },
        }
    }
    if !dups.is_empty() {
        return Err(Error::InvalidArgument {
            argument: field.into(),
            value: format!("duplicate ids {}", dups.join(", ")),
            expected: "one row per participant (or duplicates=\"first\"/\"last\")".into(),
        });
    }
    Ok(map)
}

/// Matches baseline and follow-up by participant id.
///
/// Each id column must have the length of its state column. Rows of one id within a timepoint
/// follow `duplicates`. Pairs keep the baseline's row order; excluded participants are listed
/// with the reason (no follow-up, no baseline, a missing or invalid state). Both columns must be
/// read for the same instrument.
pub fn pair<S: AsRef<str>, T: AsRef<str>>(
    pre_ids: &[S],
    pre: &StateCodes,
    post_ids: &[T],
    post: &StateCodes,
    duplicates: DuplicatePolicy,
) -> Result<Pairs> {
    if pre_ids.len() != pre.len() {
        return Err(Error::LengthMismatch {
            field: "baseline ids".into(),
            expected: pre.len(),
            found: pre_ids.len(),
        });
    }
    if post_ids.len() != post.len() {
        return Err(Error::LengthMismatch {
            field: "follow-up ids".into(),
            expected: post.len(),
            found: post_ids.len(),
        });
    }
    let instrument = match (pre.instrument, post.instrument) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::InstrumentMismatch {
                what: "the baseline states".into(),
                expected: a,
                found: b,
            });
        }
        (a, b) => a.or(b),
    };
    let pre_map = index_ids(pre_ids, "baseline ids", duplicates)?;
    let post_map = index_ids(post_ids, "follow-up ids", duplicates)?;
    let invalid = |codes: &StateCodes| -> std::collections::HashSet<usize> {
        codes.errors.iter().map(|e| e.row).collect()
    };
    let (pre_bad, post_bad) = (invalid(pre), invalid(post));
    let mut out = Pairs {
        instrument,
        ..Pairs::default()
    };
    let mut order: Vec<(&str, usize)> = pre_map.iter().map(|(k, v)| (*k, *v)).collect();
    order.sort_by_key(|(_, row)| *row);
    for (id, row) in order {
        let reason = match post_map.get(id) {
            None => Some(ExclusionReason::NoFollowUp),
            Some(&prow) => {
                let a = pre.codes.get(row).copied().flatten();
                let b = post.codes.get(prow).copied().flatten();
                match (a, b) {
                    (Some(a), Some(b)) => {
                        out.ids.push(id.to_string());
                        out.pre.push(a);
                        out.post.push(b);
                        None
                    }
                    (None, _) if pre_bad.contains(&row) => Some(ExclusionReason::InvalidBaseline),
                    (None, _) => Some(ExclusionReason::MissingBaseline),
                    (_, None) if post_bad.contains(&prow) => Some(ExclusionReason::InvalidFollowUp),
                    (_, None) => Some(ExclusionReason::MissingFollowUp),
                }
            }
        };
        if let Some(reason) = reason {
            out.excluded.push(Exclusion {
                id: id.to_string(),
                reason,
            });
        }
    }
    let mut only_post: Vec<(&str, usize)> = post_map
        .iter()
        .filter(|(k, _)| !pre_map.contains_key(*k))
        .map(|(k, v)| (*k, *v))
        .collect();
    only_post.sort_by_key(|(_, row)| *row);
    for (id, _) in only_post {
        out.excluded.push(Exclusion {
            id: id.to_string(),
            reason: ExclusionReason::NoBaseline,
        });
    }
    Ok(out)
}
