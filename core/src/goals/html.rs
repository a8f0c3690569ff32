//! The goal report as one self-contained HTML file: the numbers of the Markdown report, and SVG
//! charts drawn with [poloto](https://docs.rs/poloto) (pure Rust, styled with CSS, so the same
//! charts come out natively and in WebAssembly, with no fonts to measure and no DOM).
//!
//! Charts: goal attainment (each share goal's observed value with its confidence interval
//! against its target), each participant's change between the two timepoints of a
//! participant-change goal (EQ VAS, EQ-5D index, SCI-93 or another scale), and the EQ-5D
//! profile change (PCHC) distribution.

use std::fmt::Write;

use poloto::build;
use poloto::prelude::*;

use super::evaluate::{GoalResult, Pair, ProfileChange};
use super::markdown::{evidence, p_value, pct, rule, value};
use super::{Outcome, Report};
use crate::change::ChangeClass;

/// At most this many participants' lines in one change chart (a regular subset beyond).
const MAX_LINES: usize = 300;
/// At most this many exclusions listed per goal.
const MAX_EXCLUSIONS: usize = 200;

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Shortens a label for an axis.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Met => "met",
        Outcome::NotMet => "not met",
        Outcome::Inconclusive => "inconclusive",
    }
}

fn outcome_class(o: Outcome) -> &'static str {
    match o {
        Outcome::Met => "met",
        Outcome::NotMet => "not-met",
        Outcome::Inconclusive => "inconclusive",
    }
}

/// Round tick values covering `lo..=hi` (at least two), and their step.
fn nice_ticks(lo: f64, hi: f64) -> (Vec<f64>, f64) {
    let (lo, hi) = if hi - lo > 1e-9 * hi.abs().max(1.0) {
        (lo, hi)
    } else {
        (lo - 1.0, hi + 1.0)
    };
    let rough = (hi - lo) / 5.0;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| (hi - lo) / s <= 6.0)
        .unwrap_or(10.0 * magnitude);
    let start = (lo / step).floor() * step;
    let mut ticks = Vec::new();
    for k in 0..64u32 {
        let t = start + f64::from(k) * step;
        ticks.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        if t >= hi - step * 1e-9 {
            break;
        }
    }
    (ticks, step)
}

/// The decimals a tick step needs (0 for 10, 1 for 0.5, 2 for 0.25).
fn decimals(step: f64) -> usize {
    (0..=6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0)
        })
        .and_then(|d| usize::try_from(d).ok())
        .unwrap_or(6)
}

/// The label of the tick nearest to `v`.
fn tick_label(labels: &[(f64, String)], v: f64) -> String {
    labels
        .iter()
        .min_by(|a, b| (a.0 - v).abs().total_cmp(&(b.0 - v).abs()))
        .map(|l| l.1.clone())
        .unwrap_or_default()
}

/// A chart's axes: tick values with their labels, and the visible range.
struct Axis {
    ticks: Vec<(f64, String)>,
    range: [f64; 2],
}

impl Axis {
    /// Ticks at the given values and labels; the range covers them with a margin.
    fn categories(ticks: Vec<(f64, String)>, margin: f64) -> Axis {
        let lo = ticks.iter().map(|t| t.0).fold(f64::INFINITY, f64::min);
        let hi = ticks.iter().map(|t| t.0).fold(f64::NEG_INFINITY, f64::max);
        Axis {
            ticks,
            range: [lo - margin, hi + margin],
        }
    }

    /// Round ticks covering the data, formatted with `suffix`.
    fn numeric(lo: f64, hi: f64, scale: f64, suffix: &str) -> Axis {
        let (values, step) = nice_ticks(lo, hi);
        let d = decimals(step * scale);
        let ticks: Vec<(f64, String)> = values
            .into_iter()
            .map(|t| (t, format!("{:.*}{suffix}", d, t * scale)))
            .collect();
        let lo = ticks.first().map_or(lo, |t| t.0);
        let hi = ticks.last().map_or(hi, |t| t.0);
        Axis {
            ticks,
            range: [lo, hi],
        }
    }
}

/// Renders plots with the given axes into an SVG element.
fn render<P>(plots: P, x: Axis, y: Axis, labels: (&str, &str, &str)) -> Option<String>
where
    P: PlotIterator<L = (f64, f64)>,
{
    if x.ticks.len() < 2 || y.ticks.len() < 2 {
        return None;
    }
    let header = poloto::header().with_viewbox([800.0, 500.0]);
    let xvalues: Vec<f64> = x.ticks.iter().map(|t| t.0).collect();
    let yvalues: Vec<f64> = y.ticks.iter().map(|t| t.0).collect();
    let xlabels = x.ticks;
    let ylabels = y.ticks;
    let xt =
        poloto::ticks::from_iter(xvalues).with_tick_fmt(move |v: &f64| tick_label(&xlabels, *v));
    let yt =
        poloto::ticks::from_iter(yvalues).with_tick_fmt(move |v: &f64| tick_label(&ylabels, *v));
    poloto::frame()
        .with_viewbox(header.get_viewbox())
        .with_tick_lines([true, true])
        .build()
        .data(poloto::plots!(build::markers(x.range, y.range), plots))
        .map_xticks(|_| xt)
        .map_yticks(|_| yt)
        .build_and_label(labels)
        .append_to(header)
        .render_string()
        .ok()
}

/// Observed share, confidence interval and target of every share goal.
fn attainment_chart(results: &[GoalResult]) -> Option<String> {
    let shares: Vec<&GoalResult> = results
        .iter()
        .filter(|r| r.is_share && r.observed.is_finite() && r.target.is_finite())
        .collect();
    if shares.is_empty() {
        return None;
    }
    let n = shares.len();
    // The first goal at the top.
    let y_of = |i: usize| (n - 1 - i) as f64;
    let mut target = Vec::new();
    let mut ci = Vec::new();
    let mut points: [Vec<[f64; 2]>; 3] = Default::default();
    for (i, r) in shares.iter().enumerate() {
        let y = y_of(i);
        target.extend([
            [r.target, y - 0.35],
            [r.target, y + 0.35],
            [f64::NAN, f64::NAN],
        ]);
        if let Some((lo, hi)) = r.ci {
            ci.extend([[lo, y], [hi, y], [f64::NAN, f64::NAN]]);
        }
        let k = match r.outcome {
            Outcome::Met => 0,
            Outcome::NotMet => 1,
            Outcome::Inconclusive => 2,
        };
        if let Some(slot) = points.get_mut(k) {
            slot.push([r.observed, y]);
        }
    }
    let [met, not_met, inconclusive] = points;
    let mut yticks: Vec<(f64, String)> = vec![(-1.0, String::new()), (n as f64, String::new())];
    yticks.extend(
        shares
            .iter()
            .enumerate()
            .map(|(i, r)| (y_of(i), short(&r.id, 14))),
    );
    yticks.sort_by(|a, b| a.0.total_cmp(&b.0));
    let xticks = (0..=4)
        .map(|k| (f64::from(k) * 0.25, format!("{}%", k * 25)))
        .collect();
    let level = shares.first().map_or(0.95, |r| r.level);
    render(
        poloto::plots!(
            build::plot("target").line(target),
            build::plot(format!("{:.0}% CI", level * 100.0)).line(ci),
            build::plot("met").scatter(met),
            build::plot("not met").scatter(not_met),
            build::plot("inconclusive").scatter(inconclusive)
        ),
        Axis {
            ticks: xticks,
            range: [0.0, 1.0],
        },
        Axis {
            ticks: yticks,
            range: [-1.0, n as f64],
        },
        (
            "Goal attainment",
            "observed share (with its confidence interval)",
            "goal",
        ),
    )
}

/// Each participant's scores at the goal's two timepoints, coloured by their change class.
fn change_chart(r: &GoalResult) -> Option<(String, usize)> {
    if r.pairs.is_empty() {
        return None;
    }
    let stride = r.pairs.len().div_ceil(MAX_LINES);
    let shown: Vec<&Pair> = r.pairs.iter().step_by(stride).collect();
    let mut lines: [Vec<[f64; 2]>; 3] = Default::default();
    let mut counts = [0usize; 3];
    for p in &r.pairs {
        if let Some(c) = counts.get_mut(class_index(p.class)) {
            *c += 1;
        }
    }
    for p in &shown {
        if let Some(l) = lines.get_mut(class_index(p.class)) {
            l.extend([[0.0, p.from], [1.0, p.to], [f64::NAN, f64::NAN]]);
        }
    }
    let lo = r
        .pairs
        .iter()
        .flat_map(|p| [p.from, p.to])
        .fold(f64::INFINITY, f64::min);
    let hi = r
        .pairs
        .iter()
        .flat_map(|p| [p.from, p.to])
        .fold(f64::NEG_INFINITY, f64::max);
    if !(lo.is_finite() && hi.is_finite()) {
        return None;
    }
    let mean = r
        .change
        .as_ref()
        .map(|c| vec![[0.0, c.mean_from], [1.0, c.mean_to]])
        .unwrap_or_default();
    let [improved, unchanged, worsened] = lines;
    let [ni, nu, nw] = counts;
    let from = r.from.clone().unwrap_or_else(|| "first".into());
    let to = r.to.clone().unwrap_or_else(|| "second".into());
    let measure = r.measure.clone().unwrap_or_default();
    let svg = render(
        poloto::plots!(
            build::plot(format!("improved ({ni})")).line(improved),
            build::plot(format!("unchanged ({nu})")).line(unchanged),
            build::plot(format!("worsened ({nw})")).line(worsened),
            build::plot("mean").line(mean)
        ),
        Axis::categories(vec![(0.0, from), (1.0, to)], 0.12),
        Axis::numeric(lo, hi, 1.0, ""),
        ("Each participant's change", "timepoint", measure.as_str()),
    )?;
    Some((svg, shown.len()))
}

fn class_index(c: ChangeClass) -> usize {
    match c {
        ChangeClass::Improved => 0,
        ChangeClass::Unchanged => 1,
        ChangeClass::Worsened => 2,
    }
}

/// The PCHC categories as percentages of the pairs.
fn pchc_rows(p: &ProfileChange) -> [(&'static str, u64); 5] {
    [
        ("Improve", p.improve),
        ("Worsen", p.worsen),
        ("Mixed change", p.mixed),
        ("No change", p.no_change),
        ("No problems", p.no_problems),
    ]
}

fn percent_of(k: u64, n: u64) -> f64 {
    if n == 0 {
        f64::NAN
    } else {
        // Counts of participants are far below 2^52.
        #[allow(clippy::cast_precision_loss)]
        let share = k as f64 / n as f64;
        share
    }
}

fn pchc_chart(p: &ProfileChange) -> Option<String> {
    if p.pairs == 0 {
        return None;
    }
    let rows = pchc_rows(p);
    let n = rows.len();
    let bars: Vec<[f64; 2]> = rows
        .iter()
        .enumerate()
        .map(|(i, (_, k))| [percent_of(*k, p.pairs), (n - 1 - i) as f64])
        .collect();
    // Horizontal bars drawn as thick lines from 0 to the share.
    let mut segments = Vec::with_capacity(3 * n);
    for b in &bars {
        segments.extend([[0.0, b[1]], [b[0], b[1]], [f64::NAN, f64::NAN]]);
    }
    let mut yticks: Vec<(f64, String)> = vec![(-1.0, String::new()), (n as f64, String::new())];
    yticks.extend(
        rows.iter()
            .enumerate()
            .map(|(i, (label, _))| ((n - 1 - i) as f64, (*label).to_owned())),
    );
    yticks.sort_by(|a, b| a.0.total_cmp(&b.0));
    let hi = bars.iter().map(|b| b[0]).fold(0.0, f64::max).max(0.1);
    render(
        build::plot(format!("{} pairs", p.pairs)).line(segments),
        Axis::numeric(0.0, hi, 100.0, "%"),
        Axis {
            ticks: yticks,
            range: [-1.0, n as f64],
        },
        (
            "EQ-5D profile change (PCHC)",
            "share of participants with both profiles",
            "",
        ),
    )
}

/// The report's styles, every rule inside `.groupwell-report` so that the fragment can sit in
/// any page (a notebook, the scoring page) without restyling it.
const STYLE: &str = r#"
.groupwell-report { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: #1b1b1b; background: #ffffff; line-height: 1.45; }
.groupwell-report h1 { font-size: 1.7rem; margin-bottom: .25rem; }
.groupwell-report h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
.groupwell-report h3 { font-size: 1.05rem; margin-top: 1.2rem; }
.groupwell-report table { border-collapse: collapse; margin: .6rem 0; font-size: .92rem; }
.groupwell-report th, .groupwell-report td { border: 1px solid #d6d6d6; padding: .25rem .55rem; text-align: left; vertical-align: top; }
.groupwell-report th { background: #f3f5f7; }
.groupwell-report td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.groupwell-report .badge { display: inline-block; white-space: nowrap; padding: .05rem .5rem; border-radius: .8rem; font-weight: 600; font-size: .85rem; }
.groupwell-report .badge.met { background: #d9f0d3; color: #1b5e20; }
.groupwell-report .badge.not-met { background: #fddbc7; color: #8b1a1a; }
.groupwell-report .badge.inconclusive { background: #fff3c4; color: #6b4e00; }
.groupwell-report figure.chart { margin: 1rem 0; }
.groupwell-report figure.chart svg { width: 100%; height: auto; max-width: 800px; display: block; }
.groupwell-report figcaption { font-size: .88rem; color: #444; margin-top: .3rem; }
.groupwell-report .note { color: #555; font-size: .9rem; }
.groupwell-report footer { margin-top: 3rem; font-size: .8rem; color: #666; }
.groupwell-report .poloto { stroke-linecap: round; stroke-linejoin: round; font-family: system-ui, sans-serif; font-size: 16px; }
.groupwell-report .poloto_background { fill: #ffffff; }
.groupwell-report .poloto_line { stroke-width: 2; fill: none; }
.groupwell-report .poloto_scatter { stroke-width: 12; fill: none; }
.groupwell-report .poloto_text { fill: #1b1b1b; }
.groupwell-report .poloto_name { font-size: 22px; dominant-baseline: auto; text-anchor: middle; }
.groupwell-report .poloto_where { dominant-baseline: middle; text-anchor: start; }
.groupwell-report .poloto_text.poloto_legend { font-size: 17px; dominant-baseline: middle; text-anchor: start; }
.groupwell-report .poloto_text.poloto_ticks.poloto_y { dominant-baseline: middle; text-anchor: end; }
.groupwell-report .poloto_text.poloto_ticks.poloto_x { dominant-baseline: auto; text-anchor: middle; }
.groupwell-report .poloto_imgs.poloto_ticks { stroke: #1b1b1b; stroke-width: 2; fill: none; }
.groupwell-report .poloto_grid { stroke: #c8c8c8; stroke-width: .5; }
.groupwell-report .c-attainment .poloto0.poloto_stroke { stroke: #b2182b; stroke-dasharray: 4 3; stroke-width: 3; }
.groupwell-report .c-attainment .poloto1.poloto_stroke { stroke: #4575b4; stroke-width: 7; stroke-opacity: .45; }
.groupwell-report .c-attainment .poloto2.poloto_stroke { stroke: #1a9850; }
.groupwell-report .c-attainment .poloto3.poloto_stroke { stroke: #d73027; }
.groupwell-report .c-attainment .poloto4.poloto_stroke { stroke: #e08214; }
.groupwell-report .c-change .poloto0.poloto_stroke { stroke: #1a9850; stroke-opacity: .75; }
.groupwell-report .c-change .poloto1.poloto_stroke { stroke: #8c8c8c; stroke-opacity: .75; }
.groupwell-report .c-change .poloto2.poloto_stroke { stroke: #d73027; stroke-opacity: .75; }
.groupwell-report .c-change .poloto3.poloto_stroke { stroke: #111111; stroke-width: 5; }
.groupwell-report .c-pchc .poloto0.poloto_stroke { stroke: #4575b4; stroke-width: 26; stroke-linecap: butt; }
@media print { .groupwell-report { max-width: none; } .groupwell-report h2 { break-after: avoid; } .groupwell-report figure.chart { break-inside: avoid; } }
"#;

impl Report {
    /// The report as one self-contained HTML document: the summary table, goal attainment with
    /// confidence intervals against the targets, a section per goal with both populations, the
    /// mean change and its tests, each participant's change, breakdowns and what was left out,
    /// and the EQ-5D profile change distribution. Charts are inline SVG; the page loads
    /// nothing (its Content-Security-Policy forbids it) and runs no script.
    ///
    /// ```
    /// # use groupwell::goals::GoalSet;
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let goals = GoalSet::from_json(include_str!("../../../examples/goals/self-help-goals.json"))?;
    /// let html = goals.evaluate(&program)?.to_html();
    /// assert!(html.starts_with("<!DOCTYPE html>"));
    /// assert!(html.contains(r#"data-chart="attainment""#));
    /// assert!(html.contains("<svg"));
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let mut s = String::with_capacity(64 * 1024);
        let _ = self.write_document(&mut s);
        s
    }

    /// The report as an HTML fragment to place inside another page (a notebook cell, a web
    /// page): one `<div class="groupwell-report">` holding its own `<style>` — every rule
    /// scoped to that `div`, so the page around it keeps its look — the tables and the charts.
    /// [`Report::to_html`] is this fragment in a document of its own.
    ///
    /// ```
    /// # use groupwell::goals::GoalSet;
    /// # use groupwell::program::Program;
    /// # let program = Program::from_json(include_str!("../../../examples/programs/self-help-groups.json"))?;
    /// let goals = GoalSet::from_json(include_str!("../../../examples/goals/self-help-goals.json"))?;
    /// let div = goals.evaluate(&program)?.to_html_fragment();
    /// assert!(div.starts_with(r#"<div class="groupwell-report">"#));
    /// assert!(!div.contains("<body") && div.contains("<svg"));
    /// # Ok::<(), groupwell::Error>(())
    /// ```
    pub fn to_html_fragment(&self) -> String {
        let mut s = String::with_capacity(64 * 1024);
        let _ = self.write_fragment(&mut s);
        s
    }

    fn write_document(&self, s: &mut String) -> std::fmt::Result {
        writeln!(s, "<!DOCTYPE html>")?;
        writeln!(s, "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
        writeln!(
            s,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        )?;
        writeln!(
            s,
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        )?;
        writeln!(
            s,
            "<meta name=\"generator\" content=\"groupwell {}\">",
            env!("CARGO_PKG_VERSION")
        )?;
        writeln!(
            s,
            "<title>Goals: {}</title>\n<style>body {{ margin: 0; background: #ffffff; }}</style>\n</head>\n<body>",
            esc(&self.program_name)
        )?;
        self.write_fragment(s)?;
        writeln!(s, "</body>\n</html>")
    }

    fn write_fragment(&self, s: &mut String) -> std::fmt::Result {
        let name = esc(&self.program_name);
        let count = |o: Outcome| self.results.iter().filter(|r| r.outcome == o).count();
        writeln!(
            s,
            "<div class=\"groupwell-report\">\n<style>{STYLE}</style>"
        )?;
        writeln!(s, "<header>\n<h1>Goals: {name}</h1>")?;
        writeln!(
            s,
            "<p>Program <code>{}</code>, {} to {}. {} goal(s): {} met, {} not met, {} inconclusive.</p>\n</header>",
            esc(&self.program_id),
            self.period.start,
            self.period.end,
            self.results.len(),
            count(Outcome::Met),
            count(Outcome::NotMet),
            count(Outcome::Inconclusive)
        )?;
        self.write_summary(s)?;
        if let Some(svg) = attainment_chart(&self.results) {
            writeln!(s, "<section id=\"attainment\">\n<h2>Goal attainment</h2>")?;
            writeln!(
                s,
                "<figure class=\"chart c-attainment\" data-chart=\"attainment\" role=\"img\" aria-label=\"Observed share of each goal with its confidence interval against the target\">\n{svg}"
            )?;
            writeln!(
                s,
                "<figcaption>Each goal measured as a share: the observed value (coloured by outcome), its confidence interval (bar) and the target (dashed). For a limit on worsening the target is a ceiling.</figcaption>\n</figure>\n</section>"
            )?;
        }
        for (i, r) in self.results.iter().enumerate() {
            write_goal(s, i, r)?;
        }
        for (i, p) in self.profile_changes.iter().enumerate() {
            write_profile_change(s, i, p)?;
        }
        writeln!(
            s,
            "<footer>Made with groupwell {}; charts drawn with poloto. This report is self-contained: it loads nothing and sends nothing.</footer>\n</div>",
            env!("CARGO_PKG_VERSION")
        )
    }

    fn write_summary(&self, s: &mut String) -> std::fmt::Result {
        writeln!(
            s,
            "<section id=\"summary\">\n<h2>Summary</h2>\n<table class=\"summary\">"
        )?;
        writeln!(
            s,
            "<thead><tr><th>Goal</th><th>Outcome</th><th>Observed</th><th>Target</th><th>n</th><th>Confidence interval</th><th>p</th></tr></thead>\n<tbody>"
        )?;
        for (i, r) in self.results.iter().enumerate() {
            let manual = r.kind == "manual";
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
                format!("{}–{}", value(r, lo), value(r, hi))
            });
            writeln!(
                s,
                "<tr data-goal=\"{}\"><td><a href=\"#goal-{i}\">{}</a></td><td><span class=\"badge {}\">{}</span></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&r.id),
                esc(&r.title),
                outcome_class(r.outcome),
                outcome_word(r.outcome),
                if manual {
                    "–".into()
                } else {
                    value(r, r.observed)
                },
                target,
                if manual {
                    "–".into()
                } else {
                    r.n.to_string()
                },
                ci,
                r.p_value.map_or(String::new(), p_value)
            )?;
        }
        writeln!(s, "</tbody>\n</table>\n</section>")
    }
}

fn write_goal(s: &mut String, i: usize, r: &GoalResult) -> std::fmt::Result {
    writeln!(
        s,
        "<section class=\"goal\" id=\"goal-{i}\" data-goal=\"{}\">",
        esc(&r.id)
    )?;
    writeln!(
        s,
        "<h2>{} <span class=\"badge {}\">{}</span></h2>",
        esc(&r.title),
        outcome_class(r.outcome),
        outcome_word(r.outcome)
    )?;
    let mut rule = rule(r).to_owned();
    if let Some(first) = rule.get(..1) {
        rule = first.to_uppercase() + rule.get(1..).unwrap_or("");
    }
    writeln!(s, "<p class=\"note\">{rule}.</p>\n<ul>")?;
    for (line, decides) in evidence(r) {
        let decides = if decides {
            " <strong>— decides</strong>"
        } else {
            ""
        };
        writeln!(s, "<li>{}{decides}</li>", esc(&line))?;
    }
    for d in &r.details {
        writeln!(s, "<li>{}</li>", esc(d))?;
    }
    writeln!(s, "</ul>")?;
    if let Some((svg, shown)) = change_chart(r) {
        let measure = esc(r.measure.as_deref().unwrap_or("score"));
        writeln!(
            s,
            "<figure class=\"chart c-change\" data-chart=\"change\" role=\"img\" aria-label=\"Each participant's {measure} at both timepoints\">\n{svg}"
        )?;
        let subset = if shown < r.pairs.len() {
            format!(
                " A regular subset of {shown} of the {} participants is drawn; the counts and the mean are of all.",
                r.pairs.len()
            )
        } else {
            String::new()
        };
        writeln!(
            s,
            "<figcaption>{measure} of each participant with both measurements: a line from the first to the second timepoint, coloured by the change's class under the goal's threshold; the thick line is the mean.{subset}</figcaption>\n</figure>"
        )?;
    }
    for b in r.breakdowns.iter().filter(|b| !b.rows.is_empty()) {
        let by = esc(&b.by);
        writeln!(
            s,
            "<h3>By {by}</h3>\n<table class=\"breakdown\" data-by=\"{by}\">"
        )?;
        if b.rows.iter().any(|x| !x.share.is_nan()) {
            writeln!(
                s,
                "<thead><tr><th>{by}</th><th>n</th><th>Reached</th><th>Share</th><th>Confidence interval</th></tr></thead><tbody>"
            )?;
            for x in &b.rows {
                writeln!(
                    s,
                    "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}–{}</td></tr>",
                    esc(&x.key),
                    x.n,
                    x.successes,
                    pct(x.share),
                    pct(x.lower),
                    pct(x.upper)
                )?;
            }
        } else {
            writeln!(
                s,
                "<thead><tr><th>{by}</th><th>Groups</th></tr></thead><tbody>"
            )?;
            for x in &b.rows {
                writeln!(
                    s,
                    "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
                    esc(&x.key),
                    x.n
                )?;
            }
        }
        writeln!(s, "</tbody></table>")?;
    }
    if !r.exclusions.is_empty() {
        writeln!(
            s,
            "<details class=\"exclusions\">\n<summary>Left out ({})</summary>\n<table><thead><tr><th>Participant</th><th>Group</th><th>Reason</th></tr></thead><tbody>",
            r.exclusions.len()
        )?;
        for e in r.exclusions.iter().take(MAX_EXCLUSIONS) {
            writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                if e.participant.is_empty() {
                    "–".to_owned()
                } else {
                    esc(&e.participant)
                },
                esc(&e.group),
                esc(&e.reason)
            )?;
        }
        if r.exclusions.len() > MAX_EXCLUSIONS {
            writeln!(
                s,
                "<tr><td>…</td><td></td><td>and {} more (all are in the JSON report)</td></tr>",
                r.exclusions.len() - MAX_EXCLUSIONS
            )?;
        }
        writeln!(s, "</tbody></table>\n</details>")?;
    }
    writeln!(s, "</section>")
}

fn write_profile_change(s: &mut String, i: usize, p: &ProfileChange) -> std::fmt::Result {
    let (from, to) = (esc(&p.from), esc(&p.to));
    writeln!(
        s,
        "<section class=\"profile-change\" id=\"pchc-{i}\">\n<h2>EQ-5D profile change, {from} to {to}</h2>"
    )?;
    writeln!(
        s,
        "<p class=\"note\">Paretian Classification of Health Change over {} participant(s) with a valid EQ-5D profile at both timepoints ({} without). Improve: better in at least one dimension and worse in none; Worsen: the reverse; Mixed: better in some and worse in others; No problems: 11111 at both.</p>",
        p.pairs, p.without_pair
    )?;
    if let Some(svg) = pchc_chart(p) {
        writeln!(
            s,
            "<figure class=\"chart c-pchc\" data-chart=\"pchc\" role=\"img\" aria-label=\"Distribution of EQ-5D profile change from {from} to {to}\">\n{svg}\n<figcaption>Share of participants in each PCHC category.</figcaption>\n</figure>"
        )?;
    }
    writeln!(
        s,
        "<table class=\"pchc\"><thead><tr><th>Change</th><th>n</th><th>Share</th></tr></thead><tbody>"
    )?;
    for (label, k) in pchc_rows(p) {
        writeln!(
            s,
            "<tr><td>{label}</td><td class=\"num\">{k}</td><td class=\"num\">{}</td></tr>",
            pct(percent_of(k, p.pairs))
        )?;
    }
    writeln!(s, "</tbody></table>\n</section>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_cover_the_range_and_are_round() {
        let (t, step) = nice_ticks(3.0, 97.0);
        assert_eq!(t.first().copied(), Some(0.0));
        assert_eq!(t.last().copied(), Some(100.0));
        assert_eq!(decimals(step), 0);
        let (t, step) = nice_ticks(0.42, 0.43);
        assert!(t.len() >= 2 && t.first() <= Some(&0.42) && t.last() >= Some(&0.43));
        assert_eq!(decimals(step), 3);
        assert_eq!(decimals(0.25), 2);
        assert_eq!(decimals(0.1 * 100.0), 0);
        // A single value still gets two ticks.
        let (t, _) = nice_ticks(5.0, 5.0);
        assert!(t.len() >= 2);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            esc("<b>\"x\" & 'y'</b>"),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
        assert_eq!(short("abcdefghij", 5), "abcd…");
    }
}
