//! The goal report as Markdown, for a steering-group meeting.

use std::fmt::Write;

use super::{Decision, GoalResult, Outcome, Population, Report};

/// Cells: `|` and line breaks would break a table.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

pub(super) fn pct(x: f64) -> String {
    if x.is_nan() {
        "–".into()
    } else {
        format!("{:.1}%", x * 100.0)
    }
}

fn num(x: f64) -> String {
    if x.is_nan() {
        "–".into()
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

pub(super) fn value(r: &GoalResult, x: f64) -> String {
    if r.is_share { pct(x) } else { num(x) }
}

pub(super) fn p_value(p: f64) -> String {
    if p.is_nan() {
        "–".into()
    } else if p < 0.001 {
        "< 0.001".into()
    } else {
        format!("{p:.3}")
    }
}

fn signed(x: f64) -> String {
    if x.is_nan() {
        "–".into()
    } else {
        format!("{x:+.2}")
    }
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Met => "**met**",
        Outcome::NotMet => "**not met**",
        Outcome::Inconclusive => "**inconclusive**",
    }
}

fn population(p: Population) -> &'static str {
    match p {
        Population::Completers => "completers (both measurements)",
        Population::Enrolled => "everyone enrolled (a missing measurement counts as not met)",
    }
}

/// The decision rule, as a sentence fragment.
pub(super) fn rule(r: &GoalResult) -> &'static str {
    match (r.decision, r.ci.is_some()) {
        (Decision::ConfidenceInterval, true) => {
            "decided on the confidence interval: met when all of it reaches the target, not met when none of it does"
        }
        _ => "decided on the observed value",
    }
}

/// The numbers behind a goal, one plain-text line each (shared by the Markdown and the HTML
/// reports): each population with its interval and test (and whether it decides), or the
/// share with its interval and test, then the mean change with its tests.
pub(super) fn evidence(r: &GoalResult) -> Vec<(String, bool)> {
    let mut lines = Vec::new();
    for p in &r.populations {
        lines.push((
            format!(
                "{}: {} of {} ({}, {:.0}% CI {}–{}; one-sided exact binomial test against {}: p = {})",
                population(p.population),
                p.successes,
                p.n,
                pct(p.share),
                r.level * 100.0,
                pct(p.lower),
                pct(p.upper),
                pct(r.target),
                p_value(p.p_value)
            ),
            Some(p.population) == r.deciding,
        ));
    }
    if r.populations.is_empty()
        && let (Some((lo, hi)), Some(p)) = (r.ci, r.p_value)
    {
        lines.push((
            format!(
                "{} of {} ({:.0}% CI {}–{}; one-sided exact binomial test against {}: p = {})",
                value(r, r.observed),
                r.n,
                r.level * 100.0,
                value(r, lo),
                value(r, hi),
                value(r, r.target),
                p_value(p)
            ),
            false,
        ));
    }
    if let Some(c) = &r.change {
        lines.push((
            format!(
                "Mean change {} (from {} to {}; {:.0}% CI {} to {}), n = {}; paired t-test p = {}; Wilcoxon signed-rank test p = {}",
                signed(c.mean_change),
                num(c.mean_from),
                num(c.mean_to),
                r.level * 100.0,
                signed(c.ci_lower),
                signed(c.ci_upper),
                c.n,
                p_value(c.t_p_value),
                p_value(c.wilcoxon_p_value)
            ),
            false,
        ));
    }
    lines
}

/// How many exclusions a section lists before summarising the rest.
const LISTED: usize = 25;

impl Report {
    /// The report as Markdown: a summary table of every goal, then a section per goal with the
    /// numbers behind it (both populations, the mean change and its tests, what was left out
    /// and why, breakdowns).
    ///
    /// ```
    /// # use groupwell::goals::GoalSet;
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let goals = GoalSet::from_json(include_str!("../../../examples/goals/self-help-goals.json"))?;
    /// let md = goals.evaluate(&program)?.to_markdown();
    /// assert!(md.starts_with("# Goals: Self-help groups in four municipalities"));
    /// assert!(md.contains("| At least 5 groups running in 2015 | **met** | 5 | ≥ 5 |"));
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = self.write_markdown(&mut s);
        s
    }

    fn write_markdown(&self, s: &mut String) -> std::fmt::Result {
        writeln!(s, "# Goals: {}", cell(&self.program_name))?;
        writeln!(s)?;
        writeln!(
            s,
            "Program `{}`, {} to {}. {} goal(s): {} met, {} not met, {} inconclusive.",
            self.program_id,
            self.period.start,
            self.period.end,
            self.results.len(),
            self.results
                .iter()
                .filter(|r| r.outcome == Outcome::Met)
                .count(),
            self.results
                .iter()
                .filter(|r| r.outcome == Outcome::NotMet)
                .count(),
            self.results
                .iter()
                .filter(|r| r.outcome == Outcome::Inconclusive)
                .count()
        )?;
        writeln!(s)?;
        writeln!(
            s,
            "| Goal | Outcome | Observed | Target | n | Confidence interval |"
        )?;
        writeln!(s, "|---|---|---|---|---|---|")?;
        for r in &self.results {
            let target = if r.target.is_nan() {
                "–".to_owned()
            } else {
                format!(
                    "{} {}",
                    if r.comparison == "<=" { "≤" } else { "≥" },
                    value(r, r.target)
                )
            };
            let ci = r.ci.map_or(String::new(), |(lo, hi)| {
                format!(
                    "{}–{} ({:.0}%)",
                    value(r, lo),
                    value(r, hi),
                    r.level * 100.0
                )
            });
            let observed = if r.kind == "manual" {
                "–".to_owned()
            } else {
                value(r, r.observed)
            };
            writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                cell(&r.title),
                outcome(r.outcome),
                observed,
                target,
                if r.kind == "manual" {
                    "–".to_owned()
                } else {
                    r.n.to_string()
                },
                ci
            )?;
        }
        for r in &self.results {
            writeln!(s)?;
            writeln!(s, "## {}", cell(&r.title))?;
            writeln!(s)?;
            writeln!(s, "Outcome: {} ({}).", outcome(r.outcome), rule(r))?;
            writeln!(s)?;
            for (line, decides) in evidence(r) {
                let decides = if decides { " — decides" } else { "" };
                writeln!(s, "- {}{decides}", cell(&line))?;
            }
            for d in &r.details {
                writeln!(s, "- {}", cell(d))?;
            }
            if !r.exclusions.is_empty() {
                writeln!(s)?;
                writeln!(s, "Left out ({}):", r.exclusions.len())?;
                writeln!(s)?;
                writeln!(s, "| Participant | Group | Reason |")?;
                writeln!(s, "|---|---|---|")?;
                for e in r.exclusions.iter().take(LISTED) {
                    writeln!(
                        s,
                        "| {} | {} | {} |",
                        if e.participant.is_empty() {
                            "–"
                        } else {
                            &e.participant
                        },
                        cell(&e.group),
                        cell(&e.reason)
                    )?;
                }
                if r.exclusions.len() > LISTED {
                    writeln!(s, "| … | | and {} more |", r.exclusions.len() - LISTED)?;
                }
            }
            for b in r.breakdowns.iter().filter(|b| !b.rows.is_empty()) {
                writeln!(s)?;
                writeln!(s, "By {}:", b.by)?;
                writeln!(s)?;
                let shares = b.rows.iter().any(|x| !x.share.is_nan());
                if shares {
                    writeln!(
                        s,
                        "| {} | n | Reached | Share | Confidence interval |",
                        b.by
                    )?;
                    writeln!(s, "|---|---|---|---|---|")?;
                    for x in &b.rows {
                        writeln!(
                            s,
                            "| {} | {} | {} | {} | {}–{} |",
                            cell(&x.key),
                            x.n,
                            x.successes,
                            pct(x.share),
                            pct(x.lower),
                            pct(x.upper)
                        )?;
                    }
                } else {
                    writeln!(s, "| {} | Groups |", b.by)?;
                    writeln!(s, "|---|---|")?;
                    for x in &b.rows {
                        writeln!(s, "| {} | {} |", cell(&x.key), x.n)?;
                    }
                }
            }
        }
        Ok(())
    }
}
