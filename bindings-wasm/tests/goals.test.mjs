// Goals (GoalSet, Program.evaluate, GoalReport) through the built package: the example goals
// of the self-help groups, a hand-worked program whose numbers are checked by hand (7 of 12
// improved: Wilson 95% CI 0.320–0.807, exact binomial p = 1586/4096), the report's renderings,
// and bad goals, which throw GroupwellErrors naming the goal and the field.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { GoalReport, GoalSet, Program, errorKinds } from "groupwell";

import { repoRoot, throwsKind } from "./helpers.mjs";

const PROGRAM = readFileSync(join(repoRoot, "examples", "programs", "self-help-groups.json"), "utf8");
const GOALS = readFileSync(join(repoRoot, "examples", "goals", "self-help-goals.json"), "utf8");
const OUTCOMES = new Set(["met", "not_met", "inconclusive"]);

/** `snake_case` → `camelCase`. */
const camel = (k) => k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

/** `data` (toObject) is `json` (the core's JSON) with camelCase keys and NaN for null numbers. */
function mirrors(json, data, path = "report") {
  if (json === null) {
    assert.ok(data === null || Number.isNaN(data), `${path}: null vs ${data}`);
  } else if (Array.isArray(json)) {
    assert.ok(Array.isArray(data), path);
    assert.equal(data.length, json.length, `${path}: length`);
    json.forEach((x, i) => mirrors(x, data[i], `${path}[${i}]`));
  } else if (typeof json === "object") {
    assert.equal(Object.getPrototypeOf(data), Object.prototype, `${path}: not a plain object`);
    assert.deepEqual(Object.keys(data).sort(), Object.keys(json).map(camel).sort(), path);
    for (const [k, v] of Object.entries(json)) mirrors(v, data[camel(k)], `${path}.${camel(k)}`);
  } else {
    assert.equal(data, json, path);
  }
}

describe("the example goals of the self-help groups", () => {
  const program = Program.fromJson(PROGRAM);
  const goals = GoalSet.fromJson(GOALS);
  const report = program.evaluate(goals);
  const data = report.toObject();
  const byId = (id) => data.results.find((r) => r.id === id);

  test("a GoalSet, JSON text and an object give the same report", () => {
    assert.ok(report instanceof GoalReport);
    const json = report.toJson();
    assert.equal(program.evaluate(GOALS).toJson(), json);
    assert.equal(program.evaluate(JSON.parse(GOALS)).toJson(), json);
    assert.equal(program.evaluate(GoalSet.fromObject(JSON.parse(GOALS))).toJson(), json);
    // Evaluating reads the GoalSet; it stays usable.
    assert.equal(goals.length, 8);
    assert.deepEqual(goals.ids, [
      "groups-2015", "eq-vas", "sci-93", "group-size", "follow-up", "themes", "participants-2016", "handbook",
    ]);
  });

  test("toObject is the core's JSON in camelCase, NaN where the JSON has null", () => {
    mirrors(JSON.parse(report.toJson()), data);
    assert.equal(data.programId, "self-help-2015");
    assert.equal(report.programId, data.programId);
    assert.equal(report.programName, data.programName);
    assert.deepEqual(data.period, JSON.parse(PROGRAM).period);
    assert.deepEqual(data.results.map((r) => r.id), goals.ids);
    assert.notEqual(report.toObject(), report.toObject()); // a new object each call
  });

  test("invariants of every result", () => {
    for (const r of data.results) {
      assert.ok(OUTCOMES.has(r.outcome), `${r.id}: ${r.outcome}`);
      assert.ok(r.comparison === ">=" || r.comparison === "<=");
      assert.ok(r.level > 0 && r.level < 1);
      assert.ok(Number.isInteger(r.n) && r.n >= 0);
      if (r.isShare) {
        assert.ok(r.observed >= 0 && r.observed <= 1, r.id);
        assert.ok(r.target >= 0 && r.target <= 1, r.id);
        assert.equal(r.ci.length, 2);
        assert.ok(r.ci[0] <= r.observed && r.observed <= r.ci[1], `${r.id}: ${r.ci}`);
        assert.ok(r.pValue >= 0 && r.pValue <= 1);
      }
      if (r.kind === "participant_change") {
        assert.equal(r.populations.length, 2);
        assert.deepEqual(r.populations.map((p) => p.population).sort(), ["completers", "enrolled"]);
        const deciding = r.populations.find((p) => p.population === r.deciding);
        assert.equal(deciding.n, r.n);
        assert.equal(deciding.share, r.observed);
        assert.ok(deciding.successes <= deciding.n);
        assert.equal(r.pairs.length, r.change.n);
        const completers = r.populations.find((p) => p.population === "completers");
        assert.equal(r.pairs.length, completers.n);
        for (const p of r.pairs) assert.ok(["improved", "unchanged", "worsened"].includes(p.class));
        const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
        assert.ok(Math.abs(r.change.meanChange - mean(r.pairs.map((p) => p.to - p.from))) < 1e-9);
        assert.ok(r.change.ciLower <= r.change.meanChange && r.change.meanChange <= r.change.ciUpper);
        assert.ok(typeof r.measure === "string" && r.from === "baseline" && r.to === "week15");
        // Each breakdown splits the deciding population.
        assert.deepEqual(r.breakdowns.map((b) => b.by), ["group", "unit", "sex", "theme"]);
        for (const b of r.breakdowns) {
          assert.equal(b.rows.reduce((a, x) => a + x.n, 0), deciding.n, `${r.id} by ${b.by}`);
          assert.equal(b.rows.reduce((a, x) => a + x.successes, 0), deciding.successes, `${r.id} by ${b.by}`);
        }
      } else {
        assert.deepEqual(r.populations, []);
        assert.equal(r.deciding, null);
        assert.equal(r.change, null);
        assert.equal(r.measure, null);
      }
    }
  });

  test("the numbers the core gives", () => {
    assert.equal(byId("groups-2015").observed, 5);
    assert.equal(byId("groups-2015").outcome, "met");
    assert.equal(byId("handbook").outcome, "met");
    assert.ok(Number.isNaN(byId("handbook").observed));
    assert.equal(byId("participants-2016").outcome, "not_met");
    const vas = byId("eq-vas");
    // Running groups' missing follow-ups are not due yet: left out of both populations.
    const running = vas.exclusions.filter((e) => e.group === "shg-08").length;
    assert.equal(running, 6);
    assert.equal(vas.populations.find((p) => p.population === "enrolled").n + running, 47);
    assert.equal(vas.observed, vas.populations[0].successes / vas.populations[0].n);
    // The EQ VAS goal brings the EQ-5D profile change of baseline → week15.
    assert.equal(data.profileChanges.length, 1);
    const pc = data.profileChanges[0];
    assert.equal(pc.from, "baseline");
    assert.equal(pc.to, "week15");
    assert.equal(pc.improve + pc.worsen + pc.mixed + pc.noChange + pc.noProblems, pc.pairs);
  });

  test("Markdown and HTML", () => {
    const md = report.toMarkdown();
    const html = report.toHtml();
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    for (const r of data.results) {
      assert.ok(md.includes(r.title), `markdown lacks ${r.title}`);
      assert.ok(html.includes(`data-goal="${r.id}"`), `html lacks goal ${r.id}`);
    }
    assert.ok((html.match(/<svg/g) ?? []).length >= 3);
    // Self-contained: no scripts, no external resources.
    assert.ok(!/<script|<link|\ssrc=["']?https?:/i.test(html));
  });

  test("HTML fragment for a page", () => {
    const div = report.toHtmlFragment();
    const html = report.toHtml();
    // One div with its own scoped style, the same body as the document.
    assert.ok(div.startsWith('<div class="groupwell-report">'), div.slice(0, 80));
    assert.equal(div.trimEnd().slice(-6), "</div>");
    assert.ok(html.includes(div), "toHtml() is the fragment in a document of its own");
    assert.ok(!/<!DOCTYPE|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<title[\s>]/i.test(div));
    assert.ok(!/<script|<link|\ssrc=["']?https?:/i.test(div));
    const style = div.match(/<style>([\s\S]*?)<\/style>/)[1];
    for (const rule of style.split("}").map((r) => r.trim()).filter((r) => r && !r.startsWith("@"))) {
      const selectors = rule.slice(0, rule.indexOf("{")).split(",").map((x) => x.trim());
      for (const sel of selectors) {
        if (sel.startsWith("@") || /^(from|to|\d+%)$/.test(sel)) continue;
        assert.ok(sel.startsWith(".groupwell-report"), `unscoped rule: ${sel}`);
      }
    }
    for (const r of data.results) {
      assert.ok(div.includes(`data-goal="${r.id}"`), `fragment lacks goal ${r.id}`);
    }
    assert.ok((div.match(/<svg/g) ?? []).length >= 3);
    // The same on every call, and for an empty goal set too.
    assert.equal(report.toHtmlFragment(), div);
    assert.ok(program.evaluate({ goals: [] }).toHtmlFragment().startsWith('<div class="groupwell-report">'));
  });
});

// ------------------------------------------------------------------------------------------
// The hand-worked program (as in tests/tests/goals.rs): one group of 13 that ended after ten
// weeks, before week 15; 12 have both EQ VAS scores, of whom 7 improved; p12 has no follow-up.

const BEFORE = [50, 60, 55, 70, 40, 65, 50, 80, 60, 70, 45, 75, 60];
const AFTER = [60, 65, 56, 75, 48, 66, 52, 80, 55, 70, 40, 70];

function handWorked() {
  const ids = BEFORE.map((_, i) => `p${String(i).padStart(2, "0")}`);
  return Program.fromJson({
    id: "hw",
    name: "Hand-worked",
    period: { start: "2015-01-01", end: "2015-12-31" },
    units: [{ id: "hede", name: "Hede", kind: "health_centre" }],
    groups: [
      {
        id: "g1", theme: "stress", format: "on_site", units: ["hede"],
        start: "2015-02-02", end: "2015-04-13", status: "ended",
      },
    ],
    participants: ids.map((id, i) => ({ id, sex: i % 2 === 0 ? "female" : "male", home_unit: "hede" })),
    enrolments: ids.map((participant) => ({
      participant, group: "g1", joined: "2015-02-02", left: "2015-04-13", reason: "completed",
    })),
    measurements: ids.flatMap((participant, i) => [
      { participant, date: "2015-02-02", vas: BEFORE[i] },
      ...(i < AFTER.length ? [{ participant, date: "2015-04-14", vas: AFTER[i] }] : []),
    ]),
  });
}

function vasGoal(extra = {}) {
  return {
    goals: [
      {
        id: "vas", title: "Half improved", type: "participant_change", measure: { kind: "eq_vas" },
        from: "baseline", to: "week15", criterion: "improved", threshold: { type: "strict" },
        target: 0.5, ...extra,
      },
    ],
  };
}

describe("the hand-worked program: 7 of 12 improved", () => {
  const p = handWorked();
  const one = (extra) => p.evaluate(GoalSet.fromObject(vasGoal(extra))).toObject().results[0];

  test("observed 7/12, Wilson 95% CI 0.320–0.807, p = 1586/4096, met on the point estimate", () => {
    assert.equal(p.validate().valid, true);
    const r = one();
    assert.equal(r.n, 12);
    assert.equal(r.observed, 7 / 12);
    assert.deepEqual(r.ci.map((x) => x.toFixed(3)), ["0.320", "0.807"]);
    // Wilson by hand: (p̂ + z²/2n ± z√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), z = 1.959963984540054.
    const z = 1.959963984540054;
    const n = 12;
    const ph = 7 / 12;
    const centre = (ph + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z * Math.sqrt((ph * (1 - ph)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
    assert.ok(Math.abs(r.ci[0] - (centre - half)) < 1e-12, `${r.ci[0]}`);
    assert.ok(Math.abs(r.ci[1] - (centre + half)) < 1e-12, `${r.ci[1]}`);
    // P(X ≥ 7 | 12, 0.5) = (792 + 495 + 220 + 66 + 12 + 1) / 4096 = 1586/4096.
    assert.ok(Math.abs(r.pValue - 1586 / 4096) < 1e-12);
    assert.equal(r.outcome, "met");
    assert.equal(r.deciding, "completers");
    assert.equal(r.decision, "point_estimate");
    assert.equal(r.comparison, ">=");
  });

  test("inconclusive on the confidence interval (0.320 < 0.5 < 0.807)", () => {
    assert.equal(one({ decision: "confidence_interval" }).outcome, "inconclusive");
  });

  test("the participant without follow-up: excluded from completers, not met under enrolled", () => {
    const r = one();
    const enrolled = r.populations.find((x) => x.population === "enrolled");
    assert.equal(enrolled.n, 13);
    assert.equal(enrolled.successes, 7);
    assert.equal(r.exclusions.length, 1);
    assert.equal(r.exclusions[0].participant, "p12");
    assert.equal(r.exclusions[0].group, "g1");
    assert.match(r.exclusions[0].reason, /no week15 measurement/);
    const e = one({ population: "enrolled" });
    assert.equal(e.n, 13);
    assert.equal(e.observed, 7 / 13);
    assert.equal(e.outcome, "met");
    assert.equal(e.deciding, "enrolled");
  });

  test("mean change 17/12, pairs and the breakdown by sex", () => {
    const r = one();
    // Differences 10 5 1 5 8 1 2 0 −5 0 −5 −5.
    assert.ok(Math.abs(r.change.meanChange - 17 / 12) < 1e-12);
    assert.equal(r.change.n, 12);
    assert.ok(Math.abs(r.change.meanFrom - BEFORE.slice(0, 12).reduce((a, b) => a + b) / 12) < 1e-12);
    assert.ok(Math.abs(r.change.meanTo - AFTER.reduce((a, b) => a + b) / 12) < 1e-12);
    assert.equal(r.pairs.length, 12);
    assert.deepEqual(
      r.pairs.map((x) => x.class),
      AFTER.map((a, i) => (a > BEFORE[i] ? "improved" : a < BEFORE[i] ? "worsened" : "unchanged")),
    );
    const sex = r.breakdowns.find((b) => b.by === "sex");
    const female = sex.rows.find((x) => x.key === "female");
    assert.equal(female.n, 6);
    assert.equal(female.successes, 4);
    assert.equal(female.share, 4 / 6);
  });

  test("thresholds and limits: MID 7 counts +10 and +8; at most 30% worsened is met (3 of 12)", () => {
    assert.equal(one({ threshold: { type: "mid" } }).populations[0].successes, 2);
    assert.equal(one({ threshold: { type: "absolute", mid: 5 } }).populations[0].successes, 4);
    const worse = one({ criterion: "worsened", target: 0.3 });
    assert.equal(worse.populations[0].successes, 3);
    assert.equal(worse.comparison, "<=");
    assert.equal(worse.outcome, "met");
  });

  test("no EQ-5D answers: the profile change counts every enrolment as without a pair", () => {
    const d = p.evaluate(vasGoal()).toObject();
    assert.equal(d.profileChanges.length, 1);
    assert.equal(d.profileChanges[0].pairs, 0);
    assert.equal(d.profileChanges[0].withoutPair, 13);
  });
});

describe("GoalSet", () => {
  test("fromJson, fromObject, toJson, toObject round trip", () => {
    const a = GoalSet.fromJson(GOALS);
    const b = GoalSet.fromObject(JSON.parse(GOALS));
    const c = GoalSet.fromJson(JSON.parse(GOALS));
    assert.equal(a.toJson(), b.toJson());
    assert.equal(a.toJson(), c.toJson());
    assert.equal(GoalSet.fromJson(a.toJson()).toJson(), a.toJson());
    const o = a.toObject();
    assert.equal(o.format, "groupwell-goals/1");
    assert.equal(o.goals.length, 8);
    assert.equal(o.goals[1].decision, "point_estimate"); // defaults written out
    assert.equal(GoalSet.fromObject(o).toJson(), a.toJson());
    assert.deepEqual(GoalSet.fromJson('{"goals": []}').ids, []);
  });

  test("malformed goals throw Json with the path, line and column", () => {
    const e = throwsKind(
      assert,
      () => GoalSet.fromJson('{"goals": [{"id": "a", "title": "x", "type": "group_count", "at_least": 1}]}'),
      "Json",
    );
    assert.match(e.message, /goals\[0\]/);
    assert.match(e.message, /period/);
    assert.equal(typeof e.line, "number");
    assert.equal(typeof e.column, "number");
    throwsKind(assert, () => GoalSet.fromJson("{"), "Json");
    throwsKind(assert, () => GoalSet.fromJson('{"goals": [], "extra": 1}'), "Json");
    throwsKind(assert, () => GoalSet.fromJson({ format: "groupwell-goals/2", goals: [] }), "Json");
    throwsKind(assert, () => GoalSet.fromObject({ goals: [{ id: "x", title: "x", type: "nonsense" }] }), "Json");
    throwsKind(assert, () => Program.fromJson(PROGRAM).evaluate("[]"), "Json");
  });

  test("wrong arguments throw InvalidArgument", () => {
    const program = Program.fromJson(PROGRAM);
    for (const v of [undefined, null, 3, true, [], () => 1]) {
      throwsKind(assert, () => GoalSet.fromJson(v), "InvalidArgument");
      throwsKind(assert, () => GoalSet.fromObject(v), "InvalidArgument");
      throwsKind(assert, () => program.evaluate(v), "InvalidArgument");
    }
    throwsKind(assert, () => GoalSet.fromObject(GOALS), "InvalidArgument");
    const cyclic = { goals: [] };
    cyclic.self = cyclic;
    throwsKind(assert, () => GoalSet.fromObject(cyclic), "InvalidArgument");
    throwsKind(assert, () => GoalSet.fromObject({ goals: [], n: 1n }), "InvalidArgument");
    // A handle of another class.
    const e = throwsKind(assert, () => program.evaluate(program), "InvalidArgument");
    assert.match(e.message, /Program/);
    throwsKind(assert, () => GoalSet.fromJson(GoalSet.fromJson(GOALS)), "InvalidArgument");
    // A freed GoalSet.
    const goals = GoalSet.fromJson(GOALS);
    goals.free();
    assert.match(throwsKind(assert, () => program.evaluate(goals), "InvalidArgument").message, /freed/);
  });
});

describe("invalid goals throw InvalidDefinition naming the goal and the field", () => {
  const p = handWorked();
  const change = (over) => ({
    id: "bad", title: "x", type: "participant_change", measure: { kind: "eq_vas" }, from: "baseline",
    to: "week15", criterion: "improved", threshold: { type: "strict" }, target: 0.5, ...over,
  });
  const period = { start: "2015-01-01", end: "2015-12-31" };
  const cases = [
    [change({ measure: { kind: "scale", scale: "XYZ" } }), "measure.scale"],
    [change({ measure: { kind: "eq5d_index", value_set: "Atlantis" } }), "measure.value_set"],
    [change({ measure: { kind: "eq5d_index", value_set: "3L_UK" } }), "measure.value_set"],
    [change({ to: "week16" }), "to"],
    [change({ target: 1.5 }), "target"],
    [change({ target: -0.1 }), "target"],
    [change({ measure: { kind: "scale", scale: "SCI-93" }, threshold: { type: "mid" } }), "threshold"],
    [change({ threshold: { type: "absolute", mid: 200 } }), "threshold.mid"],
    [change({ threshold: { type: "reliable" } }), "threshold.reliability"],
    [change({ threshold: { type: "reliable", reliability: 1.2 } }), "threshold.reliability"],
    [change({ threshold: { type: "reliable", sd: -1, reliability: 0.9 } }), "threshold.sd"],
    [{ id: "bad", title: "x", type: "follow_up_rate", timepoint: "month3", target: 0.8 }, "timepoint"],
    [{ id: "bad", title: "x", type: "group_size", period, min: 9, max: 8 }, "max"],
    [{ id: "bad", title: "x", type: "participation", period }, "at_least"],
    [
      { id: "bad", title: "x", type: "group_count", period: { start: "2015-12-01", end: "2015-01-31" }, at_least: 1 },
      "period",
    ],
    [{ id: "bad", title: "x", type: "manual", status: "met", evidence: " " }, "evidence"],
    [{ id: "bad", title: "x", type: "group_count", period, at_least: 1, level: 1.5 }, "level"],
  ];
  for (const [goal, field] of cases) {
    test(`${field}: ${JSON.stringify(goal).slice(0, 80)}`, () => {
      // Read without complaint; the meaning is checked against the program.
      const set = GoalSet.fromObject({ goals: [goal] });
      const e = throwsKind(assert, () => p.evaluate(set), "InvalidDefinition");
      assert.ok(e.message.includes('"bad"') && e.message.includes(field), e.message);
    });
  }
  test("duplicate ids", () => {
    const g = { id: "bad", title: "x", type: "manual", status: "met", evidence: "e" };
    const e = throwsKind(assert, () => p.evaluate({ goals: [g, g] }), "InvalidDefinition");
    assert.match(e.message, /"bad"/);
  });
});

test("errorKinds includes the core's Toml kind (never thrown here: goals are JSON)", () => {
  assert.ok(errorKinds().includes("Toml"));
});
