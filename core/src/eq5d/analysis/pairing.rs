//! Pairing baseline and follow-up measurements by participant id.

use std::fmt;

use std::collections::hash_map::Entry;
use std::hash::Hash;

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

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
/// assert_eq!(p.pre_rows, [0, 1]); // participants a and b, by their baseline rows
/// assert_eq!(p.post_rows, [1, 0]);
/// assert_eq!(p.pre, [81, 0]);
/// assert_eq!(p.excluded[0].id, "c");
/// # Ok::<(), groupwell::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pairs {
    /// The instrument of both columns.
    pub instrument: Option<Instrument>,
    /// Baseline row of each pair (pairs are in baseline row order): the participant's id is
    /// `pre_ids[pre_rows[i]]`.
    pub pre_rows: Vec<usize>,
    /// Follow-up row of each pair.
    pub post_rows: Vec<usize>,
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

/// Row of each baseline id (after the duplicate policy); an error lists the duplicated ids.
fn index_ids<'a, K: Hash + Eq + fmt::Display>(
    ids: &'a [K],
    field: &str,
    policy: DuplicatePolicy,
) -> Result<FxHashMap<&'a K, usize>> {
    let mut map: FxHashMap<&K, usize> =
        FxHashMap::with_capacity_and_hasher(ids.len(), FxBuildHasher);
    let mut dups: Vec<String> = Vec::new();
    for (row, id) in ids.iter().enumerate() {
        match map.entry(id) {
            Entry::Vacant(v) => {
                v.insert(row);
            }
            Entry::Occupied(mut o) => match policy {
                DuplicatePolicy::Error => dups.push(duplicate(id, *o.get(), row)),
                DuplicatePolicy::First => {}
                DuplicatePolicy::Last => *o.get_mut() = row,
            },
        }
    }
    duplicates_error(field, dups)?;
    Ok(map)
}

fn duplicate<K: fmt::Display>(id: &K, first: usize, row: usize) -> String {
    format!("\"{id}\" (rows {first} and {row})")
}

fn duplicates_error(field: &str, mut dups: Vec<String>) -> Result<()> {
    if dups.is_empty() {
        return Ok(());
    }
    let more = dups.len().saturating_sub(10);
    dups.truncate(10);
    Err(Error::InvalidArgument {
        argument: field.into(),
        value: format!(
            "duplicate ids {}{}",
            dups.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
        expected: "one row per participant (or duplicates=\"first\"/\"last\")".into(),
    })
}

/// Matches baseline and follow-up by participant id.
///
/// Ids are of any hashable type shown in messages (`&str`, `String`, integers). Each id column
/// must have the length of its state column. Rows of one id within a timepoint follow
/// `duplicates`. Pairs keep the baseline's row order; excluded participants are listed with the
/// reason (no follow-up, no baseline, a missing or invalid state). Both columns must be read for
/// the same instrument.
pub fn pair<K: Hash + Eq + fmt::Display>(
    pre_ids: &[K],
    pre: &StateCodes,
    post_ids: &[K],
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
    // One hash map (baseline id → row); the follow-up side is matched into a row-indexed array.
    let pre_map = index_ids(pre_ids, "baseline ids", duplicates)?;
    let mut kept = vec![false; pre_ids.len()];
    for &row in pre_map.values() {
        if let Some(k) = kept.get_mut(row) {
            *k = true;
        }
    }
    const NONE: usize = usize::MAX;
    let mut post_of = vec![NONE; pre_ids.len()];
    let mut only_post: FxHashMap<&K, usize> = FxHashMap::default();
    let mut dups: Vec<String> = Vec::new();
    for (prow, id) in post_ids.iter().enumerate() {
        let slot = match pre_map.get(id) {
            Some(&row) => post_of.get_mut(row),
            None => Some(only_post.entry(id).or_insert(NONE)),
        };
        if let Some(slot) = slot {
            if *slot == NONE {
                *slot = prow;
            } else {
                match duplicates {
                    DuplicatePolicy::Error => dups.push(duplicate(id, *slot, prow)),
                    DuplicatePolicy::First => {}
                    DuplicatePolicy::Last => *slot = prow,
                }
            }
        }
    }
    duplicates_error("follow-up ids", dups)?;
    let invalid =
        |codes: &StateCodes| -> FxHashSet<usize> { codes.errors.iter().map(|e| e.row).collect() };
    let (pre_bad, post_bad) = (invalid(pre), invalid(post));
    let mut out = Pairs {
        instrument,
        ..Pairs::default()
    };
    let cap = pre.len().min(post.len());
    out.pre.reserve(cap);
    out.post.reserve(cap);
    out.pre_rows.reserve(cap);
    out.post_rows.reserve(cap);
    let rows = pre_ids.iter().zip(kept.iter().zip(&post_of)).enumerate();
    for (row, (id, (&is_kept, &prow))) in rows {
        if !is_kept {
            continue;
        }
        let reason = if prow == NONE {
            Some(ExclusionReason::NoFollowUp)
        } else {
            let a = pre.codes.get(row).copied().flatten();
            let b = post.codes.get(prow).copied().flatten();
            match (a, b) {
                (Some(a), Some(b)) => {
                    out.pre_rows.push(row);
                    out.post_rows.push(prow);
                    out.pre.push(a);
                    out.post.push(b);
                    None
                }
                (None, _) if pre_bad.contains(&row) => Some(ExclusionReason::InvalidBaseline),
                (None, _) => Some(ExclusionReason::MissingBaseline),
                (_, None) if post_bad.contains(&prow) => Some(ExclusionReason::InvalidFollowUp),
                (_, None) => Some(ExclusionReason::MissingFollowUp),
            }
        };
        if let Some(reason) = reason {
            out.excluded.push(Exclusion {
                id: id.to_string(),
                reason,
            });
        }
    }
    let mut no_baseline: Vec<(usize, &K)> = only_post.iter().map(|(id, &row)| (row, *id)).collect();
    no_baseline.sort_by_key(|(row, _)| *row);
    for (_, id) in no_baseline {
        out.excluded.push(Exclusion {
            id: id.to_string(),
            reason: ExclusionReason::NoBaseline,
        });
    }
    Ok(out)
}
