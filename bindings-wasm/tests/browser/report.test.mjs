// The HTML goal report in a real browser: the example program's report, made by the node build
// of the package, opened in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; `GROUPWELL_CHROMIUM` names another binary). The charts are there and drawn
// (SVG with non-zero size), there is one section per goal, nothing is fetched (only file:,
// data: and about: requests), nothing is blocked by the report's Content-Security-Policy, and a
// full-page screenshot is saved to bindings-wasm/test-output/report.png.
//
// Run by run-tests.sh (which installs Chromium when missing); GROUPWELL_SKIP_BROWSER=1 skips it.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";

import { GoalSet, Program } from "groupwell";

import { packageDir, repoRoot } from "../helpers.mjs";
import { launch, recordedPage, skip } from "./chromium.mjs";

const OUT = join(packageDir, "test-output");

const program = Program.fromJson(
  readFileSync(join(repoRoot, "examples", "programs", "self-help-groups.json"), "utf8"),
);
const goals = GoalSet.fromJson(readFileSync(join(repoRoot, "examples", "goals", "self-help-goals.json"), "utf8"));
const report = program.evaluate(goals);
const data = report.toObject();

describe("the HTML goal report in headless Chromium", { skip, timeout: 180_000 }, () => {
  let browser;
  let page;
  const requests = [];
  const problems = [];

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, "report.html");
    writeFileSync(file, report.toHtml());
    browser = await launch();
    page = await recordedPage(browser, { viewport: { width: 1200, height: 900 } }, requests, problems);
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  });

  after(async () => {
    await browser?.close();
  });

  test("the page is the report of the example program", async () => {
    assert.equal(await page.title(), `Goals: ${data.programName}`);
    assert.equal(await page.locator("h1").textContent(), `Goals: ${data.programName}`);
    // One section per goal, in goal order, and one summary row per goal.
    const sections = await page.locator("section.goal").evaluateAll((els) => els.map((e) => e.dataset.goal));
    assert.deepEqual(sections, data.results.map((r) => r.id));
    const rows = await page.locator("table.summary tbody tr").evaluateAll((els) => els.map((e) => e.dataset.goal));
    assert.deepEqual(rows, data.results.map((r) => r.id));
    for (const [i, r] of data.results.entries()) {
      const section = page.locator(`section.goal[data-goal="${r.id}"]`);
      assert.ok(await section.isVisible(), r.id);
      assert.match(await section.locator("h2").textContent(), new RegExp(r.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
      assert.equal(await section.getAttribute("id"), `goal-${i}`);
    }
  });

  test("the charts are present, visible and drawn", async () => {
    const svgs = page.locator("figure.chart svg");
    const count = await svgs.count();
    assert.ok(count >= 3, `${count} charts`);
    for (let i = 0; i < count; i++) {
      const svg = svgs.nth(i);
      assert.ok(await svg.isVisible(), `chart ${i} is not visible`);
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 100 && box.height > 50, `chart ${i}: ${JSON.stringify(box)}`);
      // Something is drawn inside (not an empty frame), with tick labels.
      const marks = await svg.locator("path, circle, line, rect, polyline, polygon").count();
      assert.ok(marks > 5, `chart ${i}: ${marks} marks`);
      assert.ok((await svg.locator("text").count()) > 2, `chart ${i}: no labels`);
      const painted = await svg.evaluate((el) => {
        const b = el.getBBox();
        return b.width * b.height;
      });
      assert.ok(painted > 0, `chart ${i}: nothing painted`);
    }
    // The attainment chart once, a change chart per participant-change goal, a PCHC chart per
    // pair of timepoints.
    const kinds = await page.locator("figure.chart").evaluateAll((els) => els.map((e) => e.dataset.chart));
    const changeGoals = data.results.filter((r) => r.kind === "participant_change" && r.pairs.length > 0);
    assert.equal(kinds.filter((k) => k === "attainment").length, 1);
    assert.equal(kinds.filter((k) => k === "change").length, changeGoals.length);
    assert.equal(kinds.filter((k) => k === "pchc").length, data.profileChanges.length);
    for (const r of changeGoals) {
      const chart = page.locator(`section.goal[data-goal="${r.id}"] figure[data-chart="change"] svg`);
      assert.equal(await chart.count(), 1, r.id);
    }
  });

  test("nothing left the page and nothing was blocked", () => {
    assert.ok(requests.length >= 1, "the page itself was not requested");
    const outside = requests.filter((u) => !/^(file|data|about):/.test(u));
    assert.deepEqual(outside, [], "requests beyond the file itself");
    assert.deepEqual(problems, [], "console errors, CSP violations or page errors");
  });

  test("a full-page screenshot is saved to test-output/report.png", async () => {
    const path = join(OUT, "report.png");
    const png = await page.screenshot({ path, fullPage: true });
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: width and height, big-endian, at bytes 16..24.
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.equal(width, 1200);
    assert.ok(height > 2000, `a full page is taller than one screen (${height} px)`);
    const size = statSync(path).size;
    assert.ok(size > 50 * 1024, `screenshot of ${size} bytes: too small to show the report`);
  });
});
