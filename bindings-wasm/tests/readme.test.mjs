// The repository README's JavaScript code: every ```js block runs as its own ES module, the way
// a reader would run it, with `import ... from "groupwell"` resolved to this package (a temporary
// folder whose node_modules/groupwell links to bindings-wasm). A block whose info string says
// `ignore` or `no-run` (```js ignore) is skipped. Stack traces point at README lines.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { packageDir, repoRoot } from "./helpers.mjs";

const README = join(repoRoot, "README.md");
const FENCE = /^(?<indent>[ \t]*)(?<fence>`{3,}|~{3,})[ \t]*(?<info>[^\n`]*)$/;
const LANGS = new Set(["js", "javascript", "mjs"]);

/** `{line, code, skip}` of every fenced js block (`line`: the README line of its first code line). */
function jsBlocks(text) {
  const lines = text.split(/\r?\n/);
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i]);
    if (!m) continue;
    const { indent, fence, info } = m.groups;
    const words = info.trim().toLowerCase().split(/[\s,]+/).filter(Boolean);
    let j = i + 1;
    while (j < lines.length) {
      const close = FENCE.exec(lines[j]);
      if (close && close.groups.fence.startsWith(fence) && !close.groups.info.trim()) break;
      j++;
    }
    if (LANGS.has(words[0] ?? "")) {
      const body = lines
        .slice(i + 1, j)
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l));
      blocks.push({
        line: i + 2,
        code: body.join("\n") + "\n",
        skip: words.includes("ignore") || words.includes("no-run"),
      });
    }
    i = j;
  }
  return blocks;
}

test("js blocks are extracted with their README line numbers", () => {
  const text = "x\n```js\nconst a = 1;\n```\n```sh\nno\n```\n  ```javascript ignore\n  b;\n  ```\n";
  assert.deepEqual(jsBlocks(text), [
    { line: 3, code: "const a = 1;\n", skip: false },
    { line: 9, code: "b;\n", skip: true },
  ]);
});

let dir;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "groupwell-readme-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(packageDir, join(dir, "node_modules", "groupwell"), "dir");
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs every js block of a README not marked `ignore`; at least one must run. */
function runBlocks(readme) {
  const blocks = jsBlocks(readFileSync(readme, "utf8"));
  assert.ok(blocks.length > 0, `${readme} has no \`\`\`js block (the JavaScript quick start must be tested)`);
  let ran = 0;
  for (const { line, code, skip } of blocks) {
    if (skip) continue;
    // Blank lines first put the code on its README line numbers in stack traces.
    const file = join(dir, `readme-line-${line}.mjs`);
    writeFileSync(file, "\n".repeat(line - 1) + code);
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT; // a plain script, not a child of the test runner
    const run = spawnSync(process.execPath, [file], { cwd: dir, encoding: "utf8", env });
    assert.equal(
      run.status,
      0,
      `${readme} block at line ${line} failed (exit ${run.status}, signal ${run.signal}):\n` +
        `${run.stderr}${run.stdout}`,
    );
    ran++;
  }
  assert.ok(ran > 0, `every js block of ${readme} is marked ignore`);
}

test("the README's js blocks run against the built package", () => {
  runBlocks(README);
});

test("the package README's js blocks run against the built package", () => {
  runBlocks(join(packageDir, "README.md"));
});
