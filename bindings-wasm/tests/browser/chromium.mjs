// Shared set-up of the browser tests (not a test file itself): Debian's Chromium driven by
// playwright-core, and a page that records every request and every console error or warning.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";

import { chromium } from "playwright-core";

/** The Chromium binary: `GROUPWELL_CHROMIUM`, else Debian's. */
export const CHROMIUM = process.env.GROUPWELL_CHROMIUM || "/usr/bin/chromium";

/** The reason to skip the browser tests, or `false`. */
export const skip = process.env.GROUPWELL_SKIP_BROWSER === "1" ? "GROUPWELL_SKIP_BROWSER=1" : false;

/**
 * Headless Chromium with no background traffic of its own (so that every request a test sees
 * comes from the page). Fails with what to do when the binary is missing.
 */
export async function launch() {
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (run-tests.sh ` +
      "does when it runs as root), set GROUPWELL_CHROMIUM to another binary, or " +
      "GROUPWELL_SKIP_BROWSER=1 to skip the browser test",
  );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * A new page of `browser` whose requested URLs go to `requests` and whose console errors,
 * warnings and uncaught exceptions go to `problems`.
 */
export async function recordedPage(browser, options, requests, problems) {
  const page = await browser.newPage(options);
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  return page;
}
