// Programs (Program) through the built package: the example programs read from JSON and from
// CSV tables give equal programs, validate without errors, assign every enrolment × timepoint,
// and give a tidy table whose values are those of the scoring exports; broken copies give
// findings with exact paths (and CSV cells); bad input throws GroupwellErrors, never anything
// else.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";

import { Program, Scale, errorKinds, index } from "groupwell";

import { repoRoot, throwsKind } from "./helpers.mjs";

const EXAMPLES = join(repoRoot, "examples", "programs");
const NAMES = ["self-help-groups", "virtual-parent-group", "prescription"];
const TABLES = ["units", "groups", "participants", "enrolments", "sessions", "measurements"];
const ISO = /^\d{4}-\d{2}-\d{2}$/;
const KINDS = new Set(errorKinds());

const jsonText = (name) => readFileSync(join(EXAMPLES, `${name}.json`), "utf8");
const doc = (name) => JSON.parse(jsonText(name));

/** The CSV tables of an example, `{table: text}`. */
function csvTables(name) {
  const out = {};
  for (const t of TABLES) {
    const path = join(EXAMPLES, name, `${t}.csv`);
    if (existsSync(path)) out[t] = readFileSync(path, "utf8");
  }
  return out;
}

const skeletonText = (name) => readFileSync(join(EXAMPLES, name, "program.json"), "utf8");

/** A copy of an example document changed by `edit`. */
function edited(name, edit) {
  const d = doc(name);
  edit(d);
  return Program.fromJson(JSON.stringify(d));
}

/** The findings at `path`. */
const at = (validation, path) => validation.findings.filter((f) => f.path === path);

/** Same numbers to the bit (NaN equals NaN). */
function sameBits(a, b, label) {
  assert.ok(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)), `${label}: ${a} vs ${b}`);
}

/** Checks that `fn` either returns or throws a GroupwellError with a known kind. */
function onlyGroupwellErrors(fn, label) {
  try {
    return fn();
  } catch (e) {
    assert.ok(e instanceof Error, `${label}: not an Error: ${e}`);
    assert.equal(e.name, "GroupwellError", `${label}: ${e.name}: ${e.message}`);
    assert.ok(KINDS.has(e.kind), `${label}: kind ${e.kind}`);
    assert.ok(e.message.length > 0);
    return undefined;
  }
}

describe("example programs", () => {
  for (const name of NAMES) {
    describe(name, () => {
      const d = doc(name);
      const p = Program.fromJson(jsonText(name));

      test("metadata, counts and the JSON round trip", () => {
        assert.equal(p.id, d.id);
        assert.equal(p.name, d.name);
        assert.equal(p.format, "groupwell-program/1");
        assert.deepEqual(p.period, d.period);
        assert.deepEqual(p.owners, d.owners ?? []);
        assert.deepEqual(
          p.timepoints,
          d.schedule.timepoints.map((t) => t.name),
        );
        assert.equal(p.instrument, d.instruments?.eq5d ?? "5L");
        assert.deepEqual(
          p.counts,
          Object.fromEntries(TABLES.map((t) => [t, (d[t] ?? []).length])),
        );
        assert.equal(p.hasSources, false);
        const text = p.toJson();
        assert.deepEqual(JSON.parse(text), JSON.parse(jsonText(name)));
        assert.equal(Program.fromJson(text).toJson(), text);
        // An object is read as its JSON (JSON.stringify writes the examples' -0.0 answers as 0).
        assert.equal(JSON.stringify(JSON.parse(Program.fromJson(d).toJson())), JSON.stringify(d));
      });

      test("the CSV tables and the skeleton give an equal program", () => {
        const fromCsv = Program.fromCsv(csvTables(name), skeletonText(name));
        assert.equal(fromCsv.hasSources, true);
        assert.equal(fromCsv.toJson(), p.toJson());
        // And the export reads back.
        const tables = p.toCsvTables();
        assert.deepEqual(Object.keys(tables), TABLES);
        const back = Program.fromCsv(tables, p.skeleton().toJson());
        assert.equal(back.toJson(), p.toJson());
        assert.deepEqual(p.skeleton().counts, Object.fromEntries(TABLES.map((t) => [t, 0])));
        assert.equal(p.tidyCsv({ valueSets: ["5L_SE_2022"] }), back.tidyCsv({ valueSets: ["5L_SE_2022"] }));
      });

      test("validates without errors", () => {
        const v = p.validate();
        assert.equal(v.valid, true);
        assert.deepEqual(
          v.findings.filter((f) => f.severity === "error"),
          [],
        );
        for (const f of v.findings) {
          assert.equal(f.severity, "warning");
          assert.ok(f.path.startsWith("/"), f.path);
          assert.equal(f.csv, null);
          assert.ok(f.message.length > 0);
        }
        // Warnings about imported records name the CSV cell.
        const w = Program.fromCsv(csvTables(name), skeletonText(name)).validate();
        assert.equal(w.findings.length, v.findings.length);
        w.findings.forEach((f, i) => {
          assert.equal(f.path, v.findings[i].path);
          if (f.table !== "") {
            assert.equal(f.csv.file, `${f.table}.csv`);
            assert.ok(f.csv.line >= 2);
          }
        });
      });

      test("every enrolment × timepoint is assigned or missing", () => {
        const a = p.assignTimepoints();
        const timepoints = d.schedule.timepoints.length;
        assert.equal(a.assignments.length + a.missing.length, d.enrolments.length * timepoints);
        assert.ok(a.assignments.length > 0);
        for (const x of a.assignments) {
          const m = d.measurements[x.measurement];
          assert.equal(m.participant, x.participant);
          assert.equal(m.date, x.date);
          assert.equal(d.enrolments[x.enrolment].group, x.group);
          assert.ok(p.timepoints.includes(x.timepoint));
          for (const date of [x.date, x.target, x.window.start, x.window.end]) assert.match(date, ISO);
          assert.ok(x.window.start <= x.date && x.date <= x.window.end);
          assert.equal(x.distanceDays, (Date.parse(x.date) - Date.parse(x.target)) / 86_400_000);
          assert.ok(x.candidates >= 1);
          assert.equal(typeof x.atGroupEnd, "boolean");
          assert.match(x.offset, /^-?\d+[dwm]$/);
          assert.ok(["joined", "group_start", "group_end", "enrolment_end"].includes(x.anchor));
          assert.match(x.explanation, /^closest of \d+ measurement\(s\) in .* day\(s\) away$/);
        }
        for (const m of a.missing) {
          assert.ok(m.reason.length > 0);
          assert.ok(m.window === null || ISO.test(m.window.start));
        }
        for (const u of a.unassigned) {
          assert.equal(d.measurements[u.measurement].date, u.date);
          assert.ok(u.reason.length > 0);
        }
        const both = p.validateAndAssign();
        assert.deepEqual(both, { validation: p.validate(), assignments: a });
      });

      test("queries", () => {
        const groups = p.groupsRunning(d.period);
        assert.ok(groups.length > 0);
        for (const g of groups) {
          assert.ok(["running", "ended"].includes(g.status));
          assert.deepEqual(g, d.groups.find((x) => x.id === g.id));
        }
        const theme = d.groups[0].theme;
        const themed = p.groupsRunning(d.period, { theme: theme.toUpperCase() });
        assert.ok(themed.every((g) => g.theme === theme) && themed.length > 0);
        assert.deepEqual(p.groupsRunning(d.period, { format: "digital_home", peerLed: true }), []);
        const people = p.participantsIn(d.period, null);
        assert.deepEqual(people, [...people].sort());
        assert.equal(new Set(people).size, people.length);
        assert.ok(people.every((id) => d.participants.some((x) => x.id === id)));
        assert.deepEqual(p.participantsIn({ start: "1990-01-01", end: "1990-12-31" }), []);

        const att = p.attendance();
        assert.deepEqual(
          att.map((x) => x.group),
          d.groups.map((g) => g.id),
        );
        for (const x of att) {
          assert.ok(x.attended <= x.expected);
          assert.equal(x.rate, x.expected > 0 ? x.attended / x.expected : null);
        }
        const per = p.participantAttendance();
        assert.equal(per.length, d.enrolments.length);
        for (const x of per) assert.equal(x.rate, x.sessions > 0 ? x.attended / x.sessions : null);
        const done = p.completion();
        for (const c of done) {
          assert.equal(c.enrolled, c.completed + c.droppedOut + c.moved + c.other + c.active);
          assert.equal(c.completionRate, c.enrolled > 0 ? c.completed / c.enrolled : null);
          assert.equal(c.dropoutRate, c.enrolled > 0 ? c.droppedOut / c.enrolled : null);
        }
        assert.equal(
          done.reduce((s, c) => s + c.enrolled, 0),
          d.enrolments.length,
        );
        const sums = p.groupSummaries();
        assert.equal(sums.length, d.groups.length);
        sums.forEach((s, i) => {
          const g = d.groups[i];
          assert.equal(s.group, g.id);
          assert.equal(s.format, g.format);
          assert.equal(s.start, g.start);
          assert.equal(s.end, g.end ?? null);
          const members = new Set(d.enrolments.filter((e) => e.group === g.id).map((e) => e.participant));
          assert.equal(s.participants, members.size);
          assert.equal(
            s.withinCapacity,
            g.capacity ? g.capacity.min <= members.size && members.size <= g.capacity.max : null,
          );
        });
      });

      test("tidy: columns, length and values from the scoring exports", () => {
        const sets = d.instruments?.eq5d === "3L" ? ["3L_UK"] : ["5L_SE_2022", "5L_UK"];
        const t = p.tidy({ valueSets: sets });
        assert.deepEqual(Object.keys(t), [
          "participant",
          "group",
          "theme",
          "format",
          "unit",
          "sex",
          "ageBand",
          "timepoint",
          "date",
          "measure",
          "value",
        ]);
        assert.ok(t.value instanceof Float64Array);
        const n = t.value.length;
        for (const [k, col] of Object.entries(t)) {
          assert.equal(col.length, n, k);
          if (k !== "value") assert.ok(Array.isArray(col) && col.every((c) => typeof c === "string"), k);
        }
        assert.ok(t.date.every((x) => ISO.test(x)));
        // One row per assigned measurement × measure asked at that occasion.
        const a = p.assignTimepoints().assignments;
        let expected = 0;
        for (const x of a) {
          const m = d.measurements[x.measurement];
          expected += (m.vas !== undefined ? 1 : 0) + (m.eq5d !== undefined ? sets.length : 0);
          expected += Object.keys(m.scales ?? {}).length;
        }
        assert.equal(n, expected);
        const sci = Scale.sci93();
        let checked = 0;
        for (const x of a) {
          const m = d.measurements[x.measurement];
          const rows = [];
          for (let i = 0; i < n; i++) {
            if (t.participant[i] === x.participant && t.group[i] === x.group && t.timepoint[i] === x.timepoint) {
              rows.push(i);
            }
          }
          const value = (measure) => {
            const i = rows.find((r) => t.measure[r] === measure);
            assert.ok(i !== undefined, `${x.participant} ${x.timepoint}: no ${measure} row`);
            assert.equal(t.date[i], x.date);
            return t.value[i];
          };
          if (m.vas !== undefined) sameBits(value("eq_vas"), m.vas, "EQ VAS");
          if (m.eq5d !== undefined) {
            for (const vs of sets) sameBits(value(`eq5d_index/${vs}`), index(vs, m.eq5d), vs);
          }
          if (m.scales?.["SCI-93"]) {
            const s = sci.score(m.scales["SCI-93"]);
            sameBits(value("SCI-93"), s.total ?? NaN, "SCI-93");
            checked++;
          }
          const participant = d.participants.find((q) => q.id === x.participant);
          const group = d.groups.find((g) => g.id === x.group);
          for (const i of rows) {
            assert.equal(t.sex[i], participant.sex ?? "");
            assert.equal(t.ageBand[i], participant.age_band ?? "");
            assert.equal(t.unit[i], participant.home_unit ?? "");
            assert.equal(t.theme[i], group.theme);
            assert.equal(t.format[i], group.format);
          }
        }
        if (name !== "prescription") assert.ok(checked > 0);
        // Without value sets, no index rows; the CSV export has one line per row.
        const plain = p.tidy();
        assert.ok(!plain.measure.some((m) => m.startsWith("eq5d_index/")));
        assert.equal(p.tidy(null).value.length, plain.value.length);
        assert.equal(p.tidyCsv({ valueSets: sets }).trimEnd().split("\n").length, n + 1);
      });
    });
  }
});

describe("broken copies give located findings", () => {
  test("EQ VAS 101 → /measurements/0/vas (and its CSV cell)", () => {
    const p = edited("self-help-groups", (d) => {
      d.measurements[0].vas = 101;
    });
    const v = p.validate();
    assert.equal(v.valid, false);
    const [f] = at(v, "/measurements/0/vas");
    assert.deepEqual(
      { ...f, message: undefined },
      {
        severity: "error",
        code: "invalid_answer",
        path: "/measurements/0/vas",
        table: "measurements",
        index: 0,
        field: "vas",
        csv: null,
        message: undefined,
      },
    );
    assert.match(f.message, /101/);
    // The same from CSV: the file, line and column.
    const tables = csvTables("self-help-groups");
    const lines = tables.measurements.split("\n");
    const cells = lines[1].split(",");
    cells[3] = "101";
    lines[1] = cells.join(",");
    const fromCsv = Program.fromCsv({ ...tables, measurements: lines.join("\n") }, skeletonText("self-help-groups"));
    const [g] = at(fromCsv.validate(), "/measurements/0/vas");
    assert.deepEqual(g.csv, { file: "measurements.csv", line: 2, column: "vas" });
    // Custom file labels name the file.
    const labelled = Program.fromCsv({ ...tables, measurements: lines.join("\n") }, skeletonText("self-help-groups"), {
      files: { measurements: "survey-2015.csv" },
    });
    assert.equal(at(labelled.validate(), "/measurements/0/vas")[0].csv.file, "survey-2015.csv");
  });

  test("an unknown participant → unknown_reference at the enrolment's participant", () => {
    const p = edited("self-help-groups", (d) => {
      d.enrolments[3].participant = "nobody";
    });
    const [f] = at(p.validate(), "/enrolments/3/participant");
    assert.equal(f.code, "unknown_reference");
    assert.equal(f.severity, "error");
    assert.deepEqual([f.table, f.index, f.field], ["enrolments", 3, "participant"]);
    assert.match(f.message, /nobody/);
  });

  test("a duplicate id → duplicate_id at the second record", () => {
    const p = edited("virtual-parent-group", (d) => {
      d.participants[2].id = d.participants[0].id;
    });
    const v = p.validate();
    const [f] = at(v, "/participants/2/id");
    assert.equal(f.code, "duplicate_id");
    assert.equal(v.valid, false);
  });

  test("a group ending before it starts → date_order", () => {
    const p = edited("prescription", (d) => {
      d.groups[0].end = "2000-01-01";
    });
    assert.ok(at(p.validate(), "/groups/0/end").some((f) => f.code === "date_order"));
  });
});

describe("bad input", () => {
  test("malformed JSON: Json errors naming the path, line and column", () => {
    let e = throwsKind(assert, () => Program.fromJson("{"), "Json");
    assert.equal(typeof e.line, "number");
    assert.equal(typeof e.column, "number");
    const d = doc("self-help-groups");
    d.groups[1].start = "2015-02-30";
    e = throwsKind(assert, () => Program.fromJson(JSON.stringify(d)), "Json");
    assert.match(e.message, /groups\[1\]\.start/);
    const u = doc("self-help-groups");
    u.participants[0].colour = "blue";
    e = throwsKind(assert, () => Program.fromJson(u), "Json");
    assert.match(e.message, /participants\[0\]/);
    assert.match(e.message, /colour/);
    e = throwsKind(assert, () => Program.fromJson({ ...doc("prescription"), format: "groupwell-program/9" }), "Json");
    assert.match(e.message, /format/);
    for (const bad of [1, null, undefined, [1], () => 1]) {
      throwsKind(assert, () => Program.fromJson(bad), "InvalidArgument");
    }
    // A Program handle is not a document: the message says what to pass.
    const handle = Program.fromJson(jsonText("prescription"));
    e = throwsKind(assert, () => Program.fromCsv({}, handle), "InvalidArgument");
    assert.match(e.message, /skeleton\(\)\.toJson\(\)/);
  });

  test("CSV rows: every bad cell, with the file, line and column", () => {
    const skeleton = skeletonText("self-help-groups");
    const e = throwsKind(
      assert,
      () =>
        Program.fromCsv(
          { enrolments: "participant,group,joined\np1,g1,2015-02-30\np2,g1,\np3,g1,2015-03-01\n" },
          skeleton,
        ),
      "Rows",
    );
    assert.deepEqual(
      e.rows.map((r) => [r.row, r.field, r.kind]),
      [
        [0, "joined", "InvalidArgument"],
        [1, "joined", "InvalidArgument"],
      ],
    );
    assert.match(e.rows[0].message, /enrolments\.csv line 2, column joined/);
    assert.match(e.rows[1].message, /enrolments\.csv line 3, column joined/);
    assert.equal(e.table, "enrolments");
    assert.equal(e.file, "enrolments.csv");
    // A bad kind in units; a bad status in groups (the first failing table is reported).
    const u = throwsKind(
      assert,
      () => Program.fromCsv({ units: "id,name,kind\nhede,Hede,hospital\n" }, skeleton, { files: { units: "u.csv" } }),
      "Rows",
    );
    assert.deepEqual([u.table, u.file, u.rows[0].field], ["units", "u.csv", "kind"]);
    assert.match(u.message, /u\.csv line 2, column kind/);
    // A missing column: InvalidArgument naming the table.
    const m = throwsKind(
      assert,
      () => Program.fromCsv({ participants: "name\nx\n" }, skeleton),
      "InvalidArgument",
    );
    assert.deepEqual([m.table, m.file], ["participants", "participants.csv"]);
    assert.match(m.message, /participants\.csv line 1/);
    // A measurement answer that is not a number.
    const tables = csvTables("virtual-parent-group");
    const lines = tables.measurements.split("\n");
    const cells = lines[2].split(",");
    cells[5] = "lots";
    lines[2] = cells.join(",");
    const r = throwsKind(
      assert,
      () => Program.fromCsv({ ...tables, measurements: lines.join("\n") }, skeletonText("virtual-parent-group")),
      "Rows",
    );
    assert.deepEqual([r.rows[0].row, r.rows[0].field, r.table], [1, "SCI-93_2", "measurements"]);
    assert.match(r.rows[0].message, /measurements\.csv line 3, column SCI-93_2/);
  });

  test("column maps, wide measurements and level columns", () => {
    const skeleton = JSON.stringify({
      id: "p",
      name: "Pilot",
      period: { start: "2015-01-01", end: "2015-12-31" },
    });
    const p = Program.fromCsv(
      {
        participants: "person,sex\np1,female\np2,male\n",
        enrolments: "person,grp,start_date\np1,g1,2015-02-02\n",
        measurements: "who,when_t0,MO_t0,SC_t0,UA_t0,PD_t0,AD_t0,score_t0,when_t1,MO_t1,SC_t1,UA_t1,PD_t1,AD_t1,score_t1\n" +
          "p1,2015-02-02,2,1,2,3,2,55,2015-05-18,1,1,1,2,1,70\n" +
          "p2,2015-02-03,1,1,1,1,1,90,,,,,,,\n",
      },
      skeleton,
      {
        columns: { participants: { id: "person" }, enrolments: { participant: "person", group: "grp", joined: "start_date" } },
        measurementColumns: {
          participant: "who",
          date: "when",
          eq5d: ["MO", "SC", "UA", "PD", "AD"],
          vas: "score",
          layout: "wide",
          occasions: ["t0", "t1"],
        },
      },
    );
    assert.deepEqual(p.counts, { units: 0, groups: 0, participants: 2, enrolments: 1, sessions: 0, measurements: 3 });
    const d = JSON.parse(p.toJson());
    assert.deepEqual(
      d.measurements.map((m) => [m.participant, m.date, m.eq5d, m.vas]),
      [
        ["p1", "2015-02-02", "21232", 55],
        ["p1", "2015-05-18", "11121", 70],
        ["p2", "2015-02-03", "11111", 90],
      ],
    );
    // The enrolment's group is unknown: the finding names the renamed column.
    const [f] = at(p.validate(), "/enrolments/0/group");
    assert.deepEqual(f.csv, { file: "enrolments.csv", line: 2, column: "grp" });
  });

  test("options are checked", () => {
    const p = Program.fromJson(jsonText("prescription"));
    const period = { start: "2015-01-01", end: "2015-12-31" };
    for (const [fn, kind] of [
      [() => p.groupsRunning({ start: "2015-01-01" }), "InvalidArgument"],
      [() => p.groupsRunning({ start: "2015-01-01", end: "2015-02-30" }), "InvalidArgument"],
      [() => p.groupsRunning({ ...period, extra: 1 }), "InvalidArgument"],
      [() => p.groupsRunning("2015"), "InvalidArgument"],
      [() => p.groupsRunning(period, { format: "outdoors" }), "InvalidArgument"],
      [() => p.groupsRunning(period, { peerLed: "yes" }), "InvalidArgument"],
      [() => p.participantsIn(period, { colour: "red" }), "InvalidArgument"],
      [() => p.tidy({ valueSets: ["nowhere"] }), "UnknownValueSet"],
      [() => p.tidy({ valueSets: ["3L_UK"] }), "UnknownValueSet"],
      [() => p.tidy({ valueSets: "5L_UK" }), "InvalidArgument"],
      [() => p.tidy({ subscales: 1 }), "InvalidArgument"],
      [() => p.tidy({ valueSet: ["5L_UK"] }), "InvalidArgument"],
      [() => Program.fromCsv({ people: "" }, jsonText("prescription")), "InvalidArgument"],
      [() => Program.fromCsv({ units: 1 }, jsonText("prescription")), "InvalidArgument"],
      [() => Program.fromCsv({}, "{}"), "Json"],
      [() => Program.fromCsv({}, jsonText("prescription"), { column: {} }), "InvalidArgument"],
      [() => Program.fromCsv({}, jsonText("prescription"), { columns: { measurements: {} } }), "InvalidArgument"],
      [() => Program.fromCsv({}, jsonText("prescription"), { columns: { units: { id: 1 } } }), "InvalidArgument"],
      [() => Program.fromCsv({}, jsonText("prescription"), { measurementColumns: { eq5d: ["a", "b"] } }), "InvalidArgument"],
      [() => Program.fromCsv({}, jsonText("prescription"), { measurementColumns: { layout: "tall" } }), "InvalidArgument"],
      [() => Program.fromCsv({}, jsonText("prescription"), { measurementColumns: { layout: "wide" } }), "InvalidArgument"],
      [() => Program.fromCsv({}, jsonText("prescription"), { measurementColumns: { separator: "-" } }), "InvalidArgument"],
      [() => Program.fromCsv({}, jsonText("prescription"), { files: { units: 3 } }), "InvalidArgument"],
    ]) {
      throwsKind(assert, fn, kind);
    }
    // An empty table set reads the skeleton alone.
    assert.equal(Program.fromCsv({}, jsonText("prescription")).toJson(), p.toJson());
    // Getters that throw are errors, not crashes.
    const hostile = {
      get units() {
        throw new Error("boom");
      },
    };
    throwsKind(assert, () => Program.fromCsv(hostile, jsonText("prescription")), "InvalidArgument");
  });

  test("random input only ever throws GroupwellErrors", () => {
    let seed = 0x2545f491;
    const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
    const alphabet = '{}[]":,0123456789-.eE tfnaulrsx\n\r\\/_;' + "é\u{1f}\u{0}😀";
    const randomText = (len) => Array.from({ length: len }, () => alphabet[next() % alphabet.length]).join("");
    for (let i = 0; i < 1500; i++) {
      const text = randomText(next() % 80);
      onlyGroupwellErrors(() => Program.fromJson(text), `fromJson ${JSON.stringify(text)}`);
      const table = TABLES[next() % TABLES.length];
      onlyGroupwellErrors(
        () => Program.fromCsv({ [table]: text }, skeletonText("self-help-groups")),
        `fromCsv ${table} ${JSON.stringify(text)}`,
      );
    }
    // Mutated documents and tables: whatever reads must also validate, assign, query, export.
    for (const name of NAMES) {
      const base = jsonText(name);
      const tables = csvTables(name);
      for (let i = 0; i < 60; i++) {
        let text = base;
        for (let k = 0; k < 1 + (next() % 4); k++) {
          const at = next() % text.length;
          const cut = next() % 12;
          text = text.slice(0, at) + randomText(next() % 6) + text.slice(at + cut);
        }
        const table = TABLES[next() % TABLES.length];
        const csv = tables[table] ?? "";
        const pos = csv.length ? next() % csv.length : 0;
        const mutatedCsv = csv.slice(0, pos) + randomText(next() % 8) + csv.slice(pos + (next() % 10));
        for (const make of [
          () => Program.fromJson(text),
          () => Program.fromCsv({ ...tables, [table]: mutatedCsv }, skeletonText(name)),
        ]) {
          const p = onlyGroupwellErrors(make, `${name} #${i}`);
          if (p === undefined) continue;
          onlyGroupwellErrors(() => p.validateAndAssign(), "validateAndAssign");
          onlyGroupwellErrors(() => p.tidy({ valueSets: [p.instrument === "3L" ? "3L_UK" : "5L_UK"] }), "tidy");
          onlyGroupwellErrors(() => p.toCsvTables(), "toCsvTables");
          onlyGroupwellErrors(() => p.groupSummaries() && p.completion() && p.attendance(), "queries");
          onlyGroupwellErrors(() => p.participantsIn(p.period), "participantsIn");
          const again = onlyGroupwellErrors(() => Program.fromJson(p.toJson()), "round trip");
          if (again !== undefined) assert.equal(again.toJson(), p.toJson());
        }
      }
    }
    // Still alive and correct afterwards.
    assert.equal(Program.fromJson(jsonText("prescription")).validate().valid, true);
  });
});
