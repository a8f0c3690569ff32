// The scoring page (bindings-wasm/www/) in a real browser: served from a static server on
// 127.0.0.1 (a random port) started here, rooted at bindings-wasm/ so that the page imports the
// web build as ../pkg/web/groupwell.js, and opened in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core; `GROUPWELL_CHROMIUM` names another binary).
//
// One participant is filled in and scored, and every number is checked against the node build of
// the package (the same value set gives the same index; the same SCI-93 total, change classes and
// RCI); bad input (a level of 7, an empty answer, a malformed file) shows a message next to the
// field and keeps what was typed; the example program (JSON, and CSV tables) with the example
// goals gives the goal report with its charts; the Swedish switch translates every label; the
// form works from the keyboard; and no request leaves the local server (after start-up the page
// cannot connect anywhere: its own fetch is refused). Screenshots go to bindings-wasm/test-output/.
//
// Run by run-tests.sh (which installs Chromium when missing); GROUPWELL_SKIP_BROWSER=1 skips it.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";

import {
  GoalSet,
  Program,
  Scale,
  classifyChange,
  eq5dIndexMid,
  eqVasMid,
  index,
  pchc,
  reliableChangeIndex,
  sci93Reliable,
  valueSets,
} from "groupwell";

import { packageDir, repoRoot } from "../helpers.mjs";
import { launch, recordedPage, skip } from "./chromium.mjs";
import { serve } from "./static-server.mjs";

const OUT = join(packageDir, "test-output");

const PROGRAM_JSON = join(repoRoot, "examples", "programs", "self-help-groups.json");
const PROGRAM_CSV_DIR = join(repoRoot, "examples", "programs", "self-help-groups");
const GOALS_JSON = join(repoRoot, "examples", "goals", "self-help-goals.json");
const DIMS = ["MO", "SC", "UA", "PD", "AD"];
// The page's own strings (www/i18n.js, an ES module without imports, read as such whatever the
// package's module type).
const { sv: SV, en: EN } = (
  await import(`data:text/javascript,${encodeURIComponent(readFileSync(join(packageDir, "www", "i18n.js"), "utf8"))}`)
).STRINGS;

// The example's report, made by the node build: what the page must show.
const report = Program.fromJson(readFileSync(PROGRAM_JSON, "utf8")).evaluate(
  GoalSet.fromJson(readFileSync(GOALS_JSON, "utf8")),
);
const data = report.toObject();

// One participant: this measurement and a baseline with two SCI-93 items unanswered.
const NOW = {
  levels: [2, 1, 3, 2, 4],
  vas: 72,
  sci: Array.from({ length: 35 }, (_, i) => (i * 7 + 1) % 6),
};
const BASE = {
  levels: [3, 2, 3, 3, 5],
  vas: 60,
  sci: Array.from({ length: 35 }, (_, i) => (i === 9 || i === 19 ? null : (i * 5 + 4) % 6)),
};
const SD = 21.3;

const threeDecimals = (lang, x, signed = false) =>
  new Intl.NumberFormat(lang, {
    minimumFractionDigits: 3,
    maximumFractionDigits: 3,
    signDisplay: signed ? "exceptZero" : "auto",
  }).format(x);

describe("the scoring page in headless Chromium", { skip, timeout: 120_000 }, () => {
  let browser;
  let page;
  let server;
  const requests = [];
  const problems = [];
  const shots = [];

  /** A full-page screenshot, or the page from the top down to the end of `until`. */
  const shot = async (name, until = null) => {
    const path = join(OUT, name);
    const clip = until
      ? await page.$eval(until, (e) => ({ x: 0, y: 0, width: 1200, height: Math.ceil(e.getBoundingClientRect().bottom + window.scrollY + 16) }))
      : undefined;
    await page.screenshot({ path, fullPage: true, clip });
    shots.push(path);
  };
  const text = async (selector) => (await page.locator(selector).textContent()).trim();
  const values = () =>
    page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll("#participant-form input[type=text]")].map((i) => [i.id, i.value]),
      ),
    );

  async function fillColumn(col, { levels, vas, sci }) {
    for (const [i, d] of DIMS.entries()) await page.locator(`#${col}-${d}`).fill(String(levels[i]));
    await page.locator(`#${col}-vas`).fill(String(vas));
    for (const [i, a] of sci.entries()) await page.locator(`#${col}-sci-${i + 1}`).fill(a === null ? "" : String(a));
  }

  before(async () => {
    assert.ok(
      existsSync(join(packageDir, "pkg", "web", "groupwell_bg.wasm")),
      "the web build is missing: run bindings-wasm/build.sh",
    );
    mkdirSync(OUT, { recursive: true });
    server = await serve(packageDir);
    browser = await launch();
    page = await recordedPage(browser, { viewport: { width: 1200, height: 900 }, locale: "en-GB" }, requests, problems);
    await page.goto(`${server.url}www/`, { waitUntil: "load" });
    await page.waitForSelector("html[data-ready=true]", { timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("the page loads the web build from its own server and then locks the network", async () => {
    assert.equal(await page.getAttribute("html", "lang"), "en");
    const paths = server.requests.map((r) => r.path);
    for (const p of ["/www/", "/www/app.js", "/www/i18n.js", "/www/style.css", "/pkg/web/groupwell.js", "/pkg/web/groupwell_bg.wasm"]) {
      assert.ok(paths.includes(p), `${p} was not requested: ${paths.join(" ")}`);
    }
    assert.ok(server.requests.every((r) => r.status === 200), JSON.stringify(server.requests));
    const csp = await page.$$eval("meta[http-equiv=Content-Security-Policy]", (ms) => ms.map((m) => m.content));
    assert.equal(csp.length, 2, csp.join(" | "));
    assert.match(csp[0], /default-src 'none'/);
    assert.match(csp[0], /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(csp[0], /connect-src 'self'/);
    assert.equal(csp[1], "connect-src 'none'");
    assert.equal(await page.getAttribute("html", "data-network"), "locked");
    // After start-up the page cannot reach even its own server.
    const outcome = await page.evaluate(() =>
      fetch("probe-network-lock", { method: "POST", body: "health data" }).then(
        () => "sent",
        (e) => `refused: ${e.name}`,
      ),
    );
    assert.equal(outcome, "refused: TypeError");
    // A beacon is queued (sendBeacon says true) but refused as well: the server never sees a
    // probe (checked at the end).
    await page.evaluate(() => navigator.sendBeacon("probe-network-lock", "health data"));
    // The value-set picker holds the package's catalogue.
    const options = await page.$$eval("#value-set option", (os) => os.map((o) => o.value));
    assert.deepEqual(options.slice().sort(), valueSets().map((v) => v.id).sort());
    assert.equal(await page.inputValue("#value-set"), "5L_SE_2022");
  });

  test("one participant: the numbers of the node build", async () => {
    await page.selectOption("#value-set", "5L_UK");
    await fillColumn("now", NOW);
    await fillColumn("base", BASE);
    await page.locator("#score").click();
    await page.waitForSelector("#scores");

    const vs = "5L_UK";
    const nowState = NOW.levels.join("");
    const baseState = BASE.levels.join("");
    const nowIndex = index(vs, nowState);
    const baseIndex = index(vs, baseState);
    const cell = (id) => page.locator(`#${id}`);
    assert.equal(await text("#res-state-now"), nowState);
    assert.equal(await text("#res-state-base"), baseState);
    assert.equal(await cell("res-index-now").getAttribute("data-value"), String(nowIndex));
    assert.equal(await cell("res-index-base").getAttribute("data-value"), String(baseIndex));
    assert.equal(await text("#res-index-now"), threeDecimals("en", nowIndex));
    assert.equal(await cell("res-index-change").getAttribute("data-value"), String(nowIndex - baseIndex));
    assert.equal(await text("#res-index-change"), threeDecimals("en", nowIndex - baseIndex, true));
    assert.equal(await cell("res-vas-now").getAttribute("data-value"), "72");
    assert.equal(await cell("res-vas-change").getAttribute("data-value"), "12");

    const sci = Scale.sci93();
    const nowSci = sci.score(NOW.sci);
    const baseSci = sci.score(BASE.sci);
    assert.equal(baseSci.prorated, true);
    assert.equal(await cell("res-sci-now").getAttribute("data-value"), String(nowSci.total));
    assert.equal(await cell("res-sci-base").getAttribute("data-value"), String(baseSci.total));
    assert.match(await text("#res-sci-base"), /prorated: 33 of 35 answered/);
    assert.equal(await cell("res-sci-change").getAttribute("data-value"), String(nowSci.total - baseSci.total));
    // The built-in SCI-93 defines no bands: the page says so, and the package agrees.
    assert.equal(nowSci.band, null);
    assert.equal(await cell("res-band-now").getAttribute("data-band"), "");
    assert.match(await text("#res-band-now"), /no bands/);

    // Change classes under every threshold the package provides.
    const better = "higher_is_better";
    const strict = { type: "strict" };
    const expected = {
      "cls-index-strict": classifyChange(baseIndex, nowIndex, { direction: better, threshold: strict }),
      "cls-index-mid": classifyChange(baseIndex, nowIndex, { direction: better, threshold: eq5dIndexMid() }),
      "cls-vas-strict": classifyChange(BASE.vas, NOW.vas, { direction: better, threshold: strict }),
      "cls-vas-mid": classifyChange(BASE.vas, NOW.vas, { direction: better, threshold: eqVasMid() }),
      "cls-sci-strict": classifyChange(baseSci.total, nowSci.total, { direction: sci.direction, threshold: strict }),
      "cls-sci-reliable": classifyChange(baseSci.total, nowSci.total, {
        direction: sci.direction,
        threshold: sci93Reliable(SD),
      }),
    };
    for (const [id, cls] of Object.entries(expected)) {
      assert.ok(cls, id);
      assert.equal(await cell(id).getAttribute("data-class"), cls, id);
      assert.ok((await text(`#${id}`)).startsWith(EN[cls]), id);
    }
    assert.equal(
      await cell("cls-sci-reliable").getAttribute("data-rci"),
      String(reliableChangeIndex(baseSci.total, nowSci.total, SD, 0.95)),
    );
    for (const id of ["cls-index-reliable", "cls-vas-reliable", "cls-sci-mid"]) {
      assert.equal(await text(`#${id}`), "–", `${id} is not defined`);
    }
    // The EQ-5D profile change (PCHC) of the pair.
    const profile = pchc({
      instrument: "5L",
      preIds: ["p"],
      pre: [baseState],
      postIds: ["p"],
      post: [nowState],
      noProblems: true,
    }).rows.find((r) => r.number === 1).category;
    assert.equal(await cell("res-profile-change").getAttribute("data-class"), profile);
    // The unanswered baseline items are named next to their fields.
    assert.equal(await text("#base-sci-10-msg"), EN.noAnswer);
    assert.equal(await text("#base-sci-20-msg"), EN.noAnswer);
    assert.equal(await text("#base-sci-11-msg"), "");

    // A 3L value set takes levels 1–3: the same form, scored again on the switch.
    await page.selectOption("#value-set", "3L_SE");
    await page.waitForSelector("#participant-errors");
    assert.equal(await text("#now-MO-msg"), "");
    assert.equal(await text("#now-AD-msg"), "Level 4 is not valid: EQ-5D-3L has levels 1–3.");
    assert.equal(await text("#base-AD-msg"), "Level 5 is not valid: EQ-5D-3L has levels 1–3.");
    await page.locator("#now-AD").fill("3");
    await page.locator("#base-AD").fill("3");
    await page.locator("#score").click();
    await page.waitForSelector("#scores");
    assert.equal(await cell("res-index-now").getAttribute("data-value"), String(index("3L_SE", "21323")));
    assert.equal(await cell("res-index-base").getAttribute("data-value"), String(index("3L_SE", "32333")));
    assert.match(await text("#value-set-info"), /EQ-5D-3L: levels 1–3/);
    await shot("page-participant.png");
  });

  test("bad input: a level of 7, an empty answer, not a number; nothing typed is lost", async () => {
    await page.selectOption("#value-set", "5L_SE_2022");
    await page.locator("#now-MO").fill("7");
    await page.locator("#now-PD").fill("");
    await page.locator("#now-vas").fill("abc");
    await page.locator("#now-sci-3").fill("9");
    await page.locator("#base-sci-4").fill("2.5");
    await page.locator("#sci-sd").fill("-1");
    const typed = await values();
    await page.locator("#score").click();
    await page.waitForSelector("#participant-errors");

    assert.equal(await text("#now-MO-msg"), "Level 7 is not valid: EQ-5D-5L has levels 1–5.");
    assert.equal(await text("#now-PD-msg"), "Enter a level 1–5: the other dimensions are filled in.");
    assert.equal(await text("#now-vas-msg"), "“abc” is not a whole number.");
    // In the narrow SCI-93 grid a short message; the full one is in the summary.
    assert.equal(await text("#now-sci-3-msg"), "Must be 0–5.");
    assert.equal(await text("#base-sci-4-msg"), "Whole number 0–5.");
    assert.equal(await text("#sci-sd-msg"), EN.errSd);
    for (const id of ["now-MO", "now-PD", "now-vas", "now-sci-3", "base-sci-4", "sci-sd"]) {
      assert.equal(await page.getAttribute(`#${id}`, "aria-invalid"), "true", id);
      const describedBy = (await page.getAttribute(`#${id}`, "aria-describedby")).split(" ");
      assert.ok(describedBy.includes(`${id}-msg`), `${id} is not described by its message`);
    }
    assert.equal(await page.getAttribute("#now-SC", "aria-invalid"), null);
    // Nothing typed is lost, nothing is scored, and the summary links to the fields.
    assert.deepEqual(await values(), typed);
    assert.equal(await page.locator("#scores").count(), 0);
    const summary = await text("#participant-errors");
    assert.match(summary, /Nothing was scored: 6 field\(s\) need attention/);
    assert.match(summary, /SCI-93 item 3 \(this measurement\): Answer 9 is not valid: answers are whole numbers 0–5\./);
    assert.match(summary, /SCI-93 item 4 \(baseline\): “2\.5” is not a whole number\./);
    assert.match(summary, /Mobility \(this measurement\): Level 7 is not valid/);
    const links = await page.$$eval("#participant-errors a", (as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(links, ["#now-MO", "#now-PD", "#now-vas", "#now-sci-3", "#base-sci-4", "#sci-sd"]);
    assert.equal(await page.evaluate(() => document.activeElement.id), "now-MO");
    assert.equal(await page.getAttribute("#participant-output", "aria-live"), "polite");
    await shot("page-errors.png");

    // Corrected, the same form scores again.
    await page.locator("#now-MO").fill("1");
    await page.locator("#now-PD").fill("2");
    await page.locator("#now-vas").fill("80");
    await page.locator("#now-sci-3").fill("4");
    await page.locator("#base-sci-4").fill("2");
    await page.locator("#sci-sd").fill("21,3");
    await page.locator("#score").click();
    await page.waitForSelector("#scores");
    assert.equal(await page.locator("[aria-invalid=true]").count(), 0);
    assert.equal(
      await page.getAttribute("#res-index-now", "data-value"),
      String(index("5L_SE_2022", "11323")),
    );
    // An emptied column is not scored: only what is entered is.
    for (const d of DIMS) await page.locator(`#base-${d}`).fill("");
    await page.locator("#score").click();
    await page.waitForSelector("#scores");
    assert.equal(await page.getAttribute("#res-index-base", "data-value"), null);
    assert.equal(await text("#res-index-change"), "–");
    assert.equal(await page.locator("#cls-index-strict").count(), 0);
    // Too many unanswered SCI-93 items: no total, said next to the items.
    for (let i = 1; i <= 5; i++) await page.locator(`#now-sci-${i}`).fill("");
    await page.locator("#score").click();
    await page.waitForSelector("#scores");
    assert.equal(await text("#now-sci-msg"), "5 of 35 items have no answer: a total needs at least 32 answers.");
    assert.equal(await text("#now-sci-1-msg"), "", "beyond the rule, one message for the scale");
    assert.equal(await text("#res-sci-now"), EN.noTotal);
  });

  test("program and goals from files: the goal report with its charts", async () => {
    await page.setInputFiles("#program-file", PROGRAM_JSON);
    await page.waitForSelector("#program-summary");
    assert.match(await text("#program-summary"), /Self-help groups in four municipalities.*8 groups, 47 participants/);
    assert.equal(await text("#program-validation"), EN.programValid);
    assert.equal(await page.locator("#report .groupwell-report").count(), 0);
    await page.setInputFiles("#goals-file", GOALS_JSON);
    await page.waitForSelector("#report .groupwell-report");
    await checkReport();
    await shot("page-report.png");
  });

  async function checkReport() {
    const met = data.results.filter((r) => r.outcome === "met").length;
    assert.equal(
      await text("#report-status"),
      `Goal report: ${data.results.length} goal(s), ${met} met, ` +
        `${data.results.filter((r) => r.outcome === "not_met").length} not met, ` +
        `${data.results.filter((r) => r.outcome === "inconclusive").length} inconclusive.`,
    );
    assert.equal(await text("#report h1"), `Goals: ${data.programName}`);
    const sections = await page.$$eval("#report section.goal", (els) => els.map((e) => e.dataset.goal));
    assert.deepEqual(sections, data.results.map((r) => r.id));
    const kinds = await page.$$eval("#report figure[data-chart]", (els) => els.map((e) => e.dataset.chart));
    const changeGoals = data.results.filter((r) => r.kind === "participant_change" && r.pairs.length > 0);
    assert.equal(kinds.filter((k) => k === "attainment").length, 1);
    assert.equal(kinds.filter((k) => k === "change").length, changeGoals.length);
    assert.equal(kinds.filter((k) => k === "pchc").length, data.profileChanges.length);
    const svgs = page.locator("#report figure[data-chart] svg");
    assert.equal(await svgs.count(), kinds.length);
    for (let i = 0; i < kinds.length; i++) {
      const box = await svgs.nth(i).boundingBox();
      assert.ok(box && box.width > 100 && box.height > 50, `chart ${kinds[i]} ${i}: ${JSON.stringify(box)}`);
      const painted = await svgs.nth(i).evaluate((e) => {
        const b = e.getBBox();
        return b.width * b.height;
      });
      assert.ok(painted > 0, `chart ${i}: nothing painted`);
    }
    // The report's scoped style applies inside it and not to the page around it.
    const styles = await page.evaluate(() => ({
      report: getComputedStyle(document.querySelector("#report .groupwell-report")).maxWidth,
      page: getComputedStyle(document.querySelector("main")).maxWidth,
    }));
    assert.notEqual(styles.report, "none");
    assert.equal(styles.page, "1200px");
  }

  test("the program as CSV tables with program.json", async () => {
    const files = readdirSync(PROGRAM_CSV_DIR).map((f) => join(PROGRAM_CSV_DIR, f));
    assert.equal(files.length, 7);
    const before = await page.$eval("#report", (e) => e.dataset.version);
    await page.setInputFiles("#program-file", files);
    await page.waitForFunction((v) => document.querySelector("#report").dataset.version !== v, before);
    await page.waitForSelector("#report .groupwell-report");
    assert.match(await text("#program-summary"), /self-help-2015.*47 participants, 81 measurements/);
    await checkReport();
  });

  test("malformed files: a message next to the file input, the choice kept", async () => {
    // A program that is not JSON.
    await page.setInputFiles("#program-file", {
      name: "broken-program.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"id": "x",,\n'),
    });
    await page.waitForSelector("#program-file-msg.error");
    assert.match(await text("#program-file-msg"), /^Could not read broken-program\.json: invalid JSON at line 1, column \d+/);
    assert.equal(await page.getAttribute("#program-file", "aria-invalid"), "true");
    assert.equal(await page.$eval("#program-file", (i) => i.files[0]?.name), "broken-program.json");
    assert.equal(await page.locator("#report .groupwell-report").count(), 0);
    assert.equal(await page.$eval("#goals-file", (i) => i.files[0]?.name), "self-help-goals.json");
    await shot("page-bad-file.png");

    // A CSV table without program.json, and a file of another kind.
    await page.setInputFiles("#program-file", join(PROGRAM_CSV_DIR, "groups.csv"));
    await page.waitForFunction(() => /program\.json/.test(document.querySelector("#program-file-msg").textContent));
    assert.equal(await text("#program-file-msg"), EN.errNoSkeleton);
    await page.setInputFiles("#program-file", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("x") });
    await page.waitForFunction(() => /notes\.txt/.test(document.querySelector("#program-file-msg").textContent));

    // Back to the good program: the report returns, the message goes.
    await page.setInputFiles("#program-file", PROGRAM_JSON);
    await page.waitForSelector("#report .groupwell-report");
    assert.equal(await text("#program-file-msg"), "");
    assert.equal(await page.getAttribute("#program-file", "aria-invalid"), null);

    // Goals that are not JSON, then goals that do not fit the program.
    await page.setInputFiles("#goals-file", {
      name: "broken-goals.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"goals": [}'),
    });
    await page.waitForSelector("#goals-file-msg.error");
    assert.match(await text("#goals-file-msg"), /^Could not read broken-goals\.json: invalid JSON at line 1, column 12/);
    assert.equal(await page.locator("#report .groupwell-report").count(), 0);
    await page.setInputFiles("#goals-file", {
      name: "week99.json",
      mimeType: "application/json",
      buffer: Buffer.from(
        JSON.stringify({
          goals: [{ id: "late", title: "Late", type: "follow_up_rate", timepoint: "week99", target: 0.5 }],
        }),
      ),
    });
    await page.waitForFunction(() => /week99/.test(document.querySelector("#goals-file-msg").textContent));
    assert.match(await text("#goals-file-msg"), /^The goals do not fit the program: .*"week99" is not in the program's schedule/);
    assert.equal(await page.$eval("#goals-file", (i) => i.files[0]?.name), "week99.json");

    await page.setInputFiles("#goals-file", GOALS_JSON);
    await page.waitForSelector("#report .groupwell-report");
    assert.equal(await text("#goals-file-msg"), "");

    // Both files chosen one right after the other (the goals before the program is read): the
    // report comes all the same.
    await page.setInputFiles("#goals-file", { name: "empty.json", mimeType: "application/json", buffer: Buffer.from("") });
    await page.waitForSelector("#goals-file-msg.error");
    assert.equal(await page.locator("#report .groupwell-report").count(), 0);
    await page.setInputFiles("#program-file", readdirSync(PROGRAM_CSV_DIR).map((f) => join(PROGRAM_CSV_DIR, f)));
    await page.setInputFiles("#goals-file", GOALS_JSON);
    await page.waitForSelector("#report .groupwell-report");
    await checkReport();
    assert.equal(await text("#goals-file-msg"), "");
    assert.equal(await text("#program-file-msg"), "");
  });

  test("the Swedish switch translates every label and message", async () => {
    // An error to translate, kept through the switch.
    await page.locator("#now-MO").fill("7");
    await page.locator("#score").click();
    await page.waitForSelector("#participant-errors");
    const typed = await values();

    await page.selectOption("#lang", "sv");
    assert.equal(await page.getAttribute("html", "lang"), "sv");
    assert.equal(await page.title(), SV.title);
    const texts = await page.$$eval("[data-i18n]", (els) => els.map((e) => [e.dataset.i18n, e.textContent]));
    assert.ok(texts.length > 100, `${texts.length} translated elements`);
    for (const [key, shown] of texts) {
      if (shown.includes("{")) assert.fail(`${key}: unreplaced parameter in ${shown}`);
      if (EN[key] !== SV[key] && !/\{/.test(SV[key])) assert.equal(shown, SV[key], key);
    }
    assert.equal(await text("label[for=now-MO]"), "Rörlighet");
    assert.equal(await text("label[for=now-SC]"), "Hygien");
    assert.equal(await text("label[for=base-AD]"), "Oro/nedstämdhet");
    assert.equal(await text("label[for=lang]"), "Språk");
    assert.equal(await text("#score"), "Beräkna");
    assert.equal(await text("#tp-base > legend"), SV.baseLegend);
    assert.equal(await text("#participant-heading"), "En deltagare");
    assert.equal(await text("#program-heading"), "Program och mål");
    assert.equal(await text("label[for=now-sci-12]"), "Fråga 12");
    assert.equal(await text("#now-MO-msg"), "Nivå 7 är inte giltig: EQ-5D-5L har nivåerna 1–5.");
    assert.match(await text("#participant-errors"), /^Inget beräknades/);
    assert.match(await text("#report-status"), /^Målrapport: 8 mål/);
    const groups = await page.$$eval("#value-set optgroup", (gs) => gs.map((g) => g.label));
    assert.ok(groups.includes("Värdeset för EQ-5D-5L"), groups.join(" | "));
    assert.match(await page.$eval("#value-set option:checked", (o) => o.textContent), /^Sverige · 2022/);
    assert.deepEqual(await values(), typed, "the switch keeps what was typed");

    // Swedish numbers: decimal comma.
    await page.locator("#now-MO").fill("1");
    await page.locator("#score").click();
    await page.waitForSelector("#scores");
    const x = index("5L_SE_2022", "11323");
    assert.equal(await text("#res-index-now"), threeDecimals("sv", x));
    assert.match(await text("#res-index-now"), /^0,\d{3}$/);
    assert.equal(await text("#scores thead th:first-child"), "Mått");
    await shot("page-sv.png", "#program-output");

    await page.selectOption("#lang", "en");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await text("label[for=now-MO]"), "Mobility");
    assert.equal(await text("#scores thead th:first-child"), "Measure");
  });

  test("labelled, keyboard-usable controls", async () => {
    const unlabelled = await page.$$eval("input, select, button", (els) =>
      els.filter((e) => e.tagName !== "BUTTON" && e.labels.length === 0).map((e) => e.id || e.outerHTML),
    );
    assert.deepEqual(unlabelled, []);
    const fieldsets = await page.$$eval("fieldset", (fs) => fs.map((f) => f.querySelector(":scope > legend")?.textContent ?? null));
    assert.ok(fieldsets.length >= 8 && fieldsets.every((l) => l && l.length > 0), JSON.stringify(fieldsets));
    // From the keyboard alone: Tab from one level to the next, Enter scores.
    for (const d of DIMS) await page.locator(`#now-${d}`).fill("");
    await page.focus("#now-MO");
    for (const [i, d] of DIMS.entries()) {
      assert.equal(await page.evaluate(() => document.activeElement.id), `now-${d}`);
      await page.keyboard.type(String(5 - i));
      await page.keyboard.press("Tab");
    }
    assert.equal(await page.evaluate(() => document.activeElement.id), "now-vas");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#scores");
    assert.equal(await page.getAttribute("#res-index-now", "data-value"), String(index("5L_SE_2022", "54321")));
    // The language switch, the value sets, the file inputs and the button are in the Tab order.
    for (const id of ["lang", "value-set", "program-file", "goals-file", "score"]) {
      assert.ok(await page.$eval(`#${id}`, (e) => e.tabIndex >= 0 && !e.disabled), id);
    }
  });

  test("opened as a file, the page says how to open it instead", async () => {
    // Chromium loads no module script from file: (a null origin fails the module's CORS check),
    // so the page cannot run from file:; it says so, in both languages, and fetches nothing else.
    const filePage = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const fileRequests = [];
    filePage.on("request", (r) => fileRequests.push(r.url()));
    try {
      await filePage.goto(pathToFileURL(join(packageDir, "www", "index.html")).href, { waitUntil: "load" });
      await filePage.waitForTimeout(300);
      assert.ok(await filePage.locator("#boot").isVisible());
      assert.match(await filePage.locator("#boot").textContent(), /web server.*webbserver/s);
      assert.equal(await filePage.locator("#participant").isVisible(), false);
      assert.deepEqual(fileRequests.filter((u) => !u.startsWith("file:")), []);
    } finally {
      await filePage.close();
    }
  });

  test("no request left the page; no errors", async () => {
    assert.ok(requests.length >= 6, requests.join(" "));
    const outside = requests.filter((u) => !u.startsWith(server.url));
    assert.deepEqual(outside, [], "requests beyond the local server");
    // Every request the server saw is a page file, fetched with GET; the probes never arrived.
    for (const r of server.requests) {
      assert.equal(r.method, "GET", r.path);
      assert.match(r.path, /^\/(www\/(|index\.html|app\.js|i18n\.js|style\.css|icon\.svg)|pkg\/web\/groupwell(\.js|_bg\.wasm))$/, r.path);
    }
    // The only console errors are the refusals of the probes above.
    const unexpected = problems.filter((p) => !p.includes("probe-network-lock"));
    assert.deepEqual(unexpected, []);
  });

  test("screenshots are saved to test-output/", () => {
    assert.ok(shots.length >= 5, shots.join(" "));
    for (const path of shots) {
      const png = readFileSync(path);
      assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], path);
      assert.equal(png.readUInt32BE(16), 1200, path);
      assert.ok(statSync(path).size > 20 * 1024, `${path}: ${statSync(path).size} bytes`);
    }
  });
});
