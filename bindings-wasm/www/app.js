// The scoring page: one participant's EQ-5D index, EQ VAS and SCI-93 with the change from a
// baseline, and a program's goal report, all computed by the web build of the groupwell package
// in this tab. Nothing is sent anywhere (see the Content-Security-Policy in index.html): the only
// request after the page's own files is the one fetch of groupwell_bg.wasm from the same origin,
// after which the page forbids itself every connection.
//
// The DOM is built with textContent only; the one place HTML is inserted is the goal report
// fragment written by the core (which escapes every text of the program and goals), through the
// Trusted Types policy "groupwell-report".
import init, {
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
  version,
} from "../pkg/web/groupwell.js";
import { LANGUAGES, tr } from "./i18n.js";

const DIMENSIONS = ["MO", "SC", "UA", "PD", "AD"];
/** The two timepoints of the form: the measurement and its (optional) baseline. */
const COLUMNS = ["now", "base"];
const TABLES = ["units", "groups", "participants", "enrolments", "sessions", "measurements"];
const DEFAULT_VALUE_SET = "5L_SE_2022";

let lang = "en";
let catalogue = [];
let sci = null;
let sciRange = { min: 0, max: 5 };

/** What the participant part shows: rebuilt in the current language by `renderParticipant`. */
const participant = {
  scored: false,
  /** Field id → {key, params, level: "error" | "warn"}. */
  messages: new Map(),
  /** `{errors: [{key, params}]}` or `{result}` or null. */
  model: null,
};

/** What the program part shows. */
const programState = {
  program: null,
  goals: null,
  report: null,
  summary: null,
  /** Field id → {key, params}. */
  messages: new Map(),
  /** The latest choice of each file input (a slower, older read is discarded). */
  sequence: { program: 0, goals: 0 },
  /** Counts the reports made, so that a language switch does not insert the same one again. */
  reports: 0,
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") e.textContent = v;
    else if (k === "dataset") Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/**
 * A table with an optional caption (`captionKey`), one header row of column headings (text
 * keys, in the current language) and the given body rows.
 */
function headedTable(attrs, captionKey, headKeys, rows) {
  return el(
    "table",
    attrs,
    captionKey ? el("caption", { text: tr(lang, captionKey) }) : null,
    el("thead", {}, el("tr", {}, ...headKeys.map((k) => el("th", { scope: "col", text: tr(lang, k) })))),
    el("tbody", {}, ...rows),
  );
}

/** An element whose text is `key` in the current language (re-translated on a switch). */
function i18n(tag, key, params = {}, attrs = {}) {
  const e = el(tag, attrs);
  e.dataset.i18n = key;
  for (const [name, value] of Object.entries(params)) e.dataset[`i18nArg${cap(name)}`] = value;
  e.textContent = tr(lang, key, params);
  return e;
}

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);

function i18nParams(e) {
  const params = {};
  for (const [k, v] of Object.entries(e.dataset)) {
    if (k.startsWith("i18nArg")) {
      const name = k.slice("i18nArg".length);
      params[name.charAt(0).toLowerCase() + name.slice(1)] = v;
    }
  }
  return params;
}

// ------------------------------------------------------------------------------------ start-up

async function main() {
  const boot = $("boot");
  try {
    await init({ module_or_path: new URL("../pkg/web/groupwell_bg.wasm", import.meta.url) });
  } catch (e) {
    lockNetwork();
    boot.textContent = tr(preferredLanguage(), "loadFailed", { message: e?.message ?? String(e) });
    boot.classList.add("msg", "error");
    return;
  }
  lockNetwork();
  sci = Scale.sci93();
  sciRange = JSON.parse(sci.toJson()).range;
  catalogue = valueSets();
  lang = preferredLanguage();
  buildParticipantForm();
  wireParticipant();
  wireProgram();
  const langSelect = $("lang");
  langSelect.value = lang;
  langSelect.disabled = false;
  langSelect.addEventListener("change", () => setLanguage(langSelect.value));
  $("version").textContent = `groupwell ${version()} ·`;
  setLanguage(lang);
  boot.remove();
  $("participant").hidden = false;
  $("program").hidden = false;
  document.documentElement.dataset.ready = "true";
}

/**
 * From now on the page cannot connect anywhere, not even to its own origin: a second policy
 * (`connect-src 'none'`) is added to the one in index.html, whose `connect-src 'self'` was only
 * there for the WebAssembly module. Policies only ever add up.
 */
function lockNetwork() {
  const meta = document.createElement("meta");
  meta.httpEquiv = "Content-Security-Policy";
  meta.content = "connect-src 'none'";
  document.head.append(meta);
  document.documentElement.dataset.network = "locked";
}

function preferredLanguage() {
  for (const l of navigator.languages ?? [navigator.language]) {
    const base = String(l).toLowerCase().split("-")[0];
    if (base === "sv" || base === "en") return base;
  }
  return "en";
}

function setLanguage(next) {
  lang = LANGUAGES.includes(next) ? next : "en";
  document.documentElement.lang = lang;
  document.title = tr(lang, "title");
  for (const e of document.querySelectorAll("[data-i18n]")) {
    e.textContent = tr(lang, e.dataset.i18n, i18nParams(e));
  }
  if ($("lang").value !== lang) $("lang").value = lang;
  fillValueSets();
  renderParticipant();
  renderProgram();
}

// ----------------------------------------------------------------------------- one participant

function levelsOf(instrument) {
  return instrument.endsWith("5L") ? 5 : 3;
}

function selectedValueSet() {
  const id = $("value-set").value;
  return catalogue.find((v) => v.id === id) ?? catalogue[0];
}

/** The value set's country in the current language (from its ISO code), else as catalogued. */
function countryOf(v) {
  if (v.iso) {
    try {
      return new Intl.DisplayNames([lang], { type: "region" }).of(v.iso);
    } catch {
      /* not a region code, or no DisplayNames */
    }
  }
  return v.country ?? v.name ?? v.id;
}

function fillValueSets() {
  const select = $("value-set");
  const keep = select.value || DEFAULT_VALUE_SET;
  const country = countryOf;
  const groups = new Map();
  for (const v of catalogue) {
    const key =
      v.kind === "crosswalk"
        ? tr(lang, "groupCrosswalk")
        : v.kind === "reverse_crosswalk"
          ? tr(lang, "groupReverse")
          : tr(lang, "groupValueSets", { instrument: v.instrument });
    if (!groups.has(key)) groups.set(key, []);
    const bits = [country(v), v.year, v.method].filter((x) => x !== null && x !== undefined);
    groups.get(key).push({ id: v.id, label: `${bits.join(" · ")} (${v.id})` });
  }
  const collator = new Intl.Collator(lang);
  select.replaceChildren(
    ...[...groups].map(([label, items]) =>
      el(
        "optgroup",
        { label },
        ...items
          .sort((a, b) => collator.compare(a.label, b.label))
          .map((o) => el("option", { value: o.id, text: o.label })),
      ),
    ),
  );
  select.value = catalogue.some((v) => v.id === keep) ? keep : catalogue[0].id;
  describeValueSet();
}

function describeValueSet() {
  const v = selectedValueSet();
  const max = levelsOf(v.instrument);
  $("value-set-info").textContent = tr(lang, "valueSetInfo", {
    instrument: v.instrument,
    max,
    country: countryOf(v),
    year: v.year ?? "–",
    method: v.methodDetail ?? v.method ?? "–",
    id: v.id,
  });
  for (const legend of document.querySelectorAll("legend[data-i18n=eq5dLegend]")) {
    legend.dataset.i18nArgMax = max;
    legend.textContent = tr(lang, "eq5dLegend", { max });
  }
}

const fieldId = (col, what) => `${col}-${what}`;

function textInput(id, extra = {}) {
  return el("input", {
    id,
    type: "text",
    inputmode: "numeric",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": `${id}-msg`,
    ...extra,
  });
}

function buildParticipantForm() {
  for (const col of COLUMNS) {
    const fs = $(`tp-${col}`);
    const eq5d = el("fieldset", { class: "eq5d" }, i18n("legend", "eq5dLegend", { max: 5 }));
    for (const d of DIMENSIONS) {
      const id = fieldId(col, d);
      eq5d.append(
        el(
          "div",
          { class: "field level" },
          i18n("label", d, {}, { for: id }),
          textInput(id, { size: 2, maxlength: 6 }),
          el("p", { class: "msg", id: `${id}-msg` }),
        ),
      );
    }
    const vasId = fieldId(col, "vas");
    const vas = el(
      "div",
      { class: "field vas" },
      i18n("label", "vasLabel", {}, { for: vasId }),
      textInput(vasId, { size: 4, maxlength: 8 }),
      el("p", { class: "msg", id: `${vasId}-msg` }),
    );
    const sciId = fieldId(col, "sci");
    const grid = el("div", { class: "sci-grid" });
    for (const item of sci.items) {
      const id = fieldId(col, `sci-${item}`);
      grid.append(
        el(
          "div",
          { class: "field item" },
          el("label", { for: id }, i18n("span", "item", {}, { class: "sr-only" }), ` ${item}`),
          textInput(id, { size: 2, maxlength: 6 }),
          el("p", { class: "msg", id: `${id}-msg` }),
        ),
      );
    }
    const sciFs = el(
      "fieldset",
      { class: "sci", id: sciId, "aria-describedby": `${sciId}-hint ${sciId}-msg` },
      i18n("legend", "sciLegend"),
      i18n("p", "sciHint", {}, { class: "hint", id: `${sciId}-hint` }),
      grid,
      el("p", { class: "msg", id: `${sciId}-msg` }),
    );
    fs.append(eq5d, vas, sciFs);
  }
}

function wireParticipant() {
  $("participant-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    scoreParticipant({ focus: true });
  });
  $("value-set").addEventListener("change", () => {
    describeValueSet();
    if (participant.scored) scoreParticipant({ focus: false });
  });
}

/** `{empty}`, `{value}` (an integer) or `{bad}` for the text of a whole-number field. */
function parseWhole(text) {
  const t = text.trim();
  if (t === "") return { empty: true };
  if (!/^[+-]?\d+$/.test(t)) return { bad: true, text: t };
  return { value: Number(t) };
}

function parsePositive(text) {
  const t = text.trim().replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const x = Number(t);
  return Number.isFinite(x) && x > 0 ? x : null;
}

/** Reads one column of the form; field messages go to `messages`. */
function readColumn(col, vs, messages) {
  const max = levelsOf(vs.instrument);
  const out = { eq5d: null, vas: null, sci: null, sciAnswers: null, entered: false };

  // EQ-5D: all five levels, or none.
  const levels = DIMENSIONS.map((d) => ({ d, id: fieldId(col, d), p: parseWhole($(fieldId(col, d)).value) }));
  if (levels.some((l) => !l.p.empty)) {
    out.entered = true;
    let ok = true;
    for (const { id, p } of levels) {
      if (p.empty) {
        messages.set(id, { key: "errLevelMissing", params: { max }, level: "error" });
        ok = false;
      } else if (p.bad) {
        messages.set(id, { key: "errWhole", params: { value: p.text }, level: "error" });
        ok = false;
      } else if (p.value < 1 || p.value > max) {
        messages.set(id, {
          key: "errLevel",
          params: { value: p.value, instrument: vs.instrument, max },
          level: "error",
        });
        ok = false;
      }
    }
    if (ok) out.eq5d = levels.map((l) => l.p.value).join("");
  }

  // EQ VAS.
  const vasId = fieldId(col, "vas");
  const vas = parseWhole($(vasId).value);
  if (!vas.empty) {
    out.entered = true;
    if (vas.bad) messages.set(vasId, { key: "errWhole", params: { value: vas.text }, level: "error" });
    else if (vas.value < 0 || vas.value > 100) {
      messages.set(vasId, { key: "errVas", params: { value: vas.value }, level: "error" });
    } else out.vas = vas.value;
  }

  // SCI-93 answers; empty ones are missing (prorated within the scale's rule).
  const answers = sci.items.map((item) => {
    const id = fieldId(col, `sci-${item}`);
    return { item, id, p: parseWhole($(id).value) };
  });
  if (answers.some((a) => !a.p.empty)) {
    out.entered = true;
    let ok = true;
    const missing = answers.filter((a) => a.p.empty).length;
    for (const { id, p } of answers) {
      if (p.empty) {
        // Each unanswered item is named while the total is prorated; beyond the rule one
        // message for the whole scale says there is no total.
        if (missing <= sci.maxMissing) messages.set(id, { key: "noAnswer", params: {}, level: "warn" });
      } else if (p.bad) {
        // The grid's cells are narrow: a short message there, the full one in the summary.
        messages.set(id, {
          key: "errWhole",
          short: "errWholeShort",
          params: { value: p.text, min: sciRange.min, max: sciRange.max },
          level: "error",
        });
        ok = false;
      } else if (p.value < sciRange.min || p.value > sciRange.max) {
        messages.set(id, {
          key: "errAnswer",
          short: "errAnswerShort",
          params: { value: p.value, min: sciRange.min, max: sciRange.max },
          level: "error",
        });
        ok = false;
      }
    }
    if (ok) out.sciAnswers = answers.map((a) => (a.p.empty ? null : a.p.value));
    if (missing > sci.maxMissing) {
      messages.set(fieldId(col, "sci"), {
        key: "errTooManyMissing",
        params: { missing, items: sci.items.length, needed: sci.items.length - sci.maxMissing },
        level: "warn",
      });
    }
  }
  return out;
}

function scoreParticipant({ focus }) {
  participant.scored = true;
  const vs = selectedValueSet();
  const messages = new Map();
  const cols = {};
  for (const col of COLUMNS) cols[col] = readColumn(col, vs, messages);
  const sd = parsePositive($("sci-sd").value);
  if (sd === null) messages.set("sci-sd", { key: "errSd", params: {}, level: "error" });
  participant.messages = messages;

  const errors = [...messages].filter(([, m]) => m.level === "error");
  if (errors.length > 0) {
    participant.model = { errors: [{ key: "errSummary", params: { n: errors.length } }], fields: errors.map(([id]) => id) };
  } else if (!cols.now.entered && !cols.base.entered) {
    participant.model = { errors: [{ key: "errNothing", params: {} }], fields: [] };
  } else {
    try {
      participant.model = { result: compute(vs, cols, sd) };
    } catch (e) {
      participant.model = { errors: [{ key: "errPackage", params: { message: e?.message ?? String(e) } }], fields: [] };
    }
  }
  renderParticipant();
  if (focus && participant.model.errors && participant.model.fields.length > 0) {
    $(participant.model.fields[0])?.focus();
  }
}

/** Every number from the package: scores per column, change and its classes. */
function compute(vs, cols, sd) {
  const scores = {};
  for (const col of COLUMNS) {
    const c = cols[col];
    scores[col] = {
      state: c.eq5d,
      index: c.eq5d === null ? null : index(vs.id, c.eq5d),
      vas: c.vas,
      sci: c.sciAnswers === null ? null : sci.score(c.sciAnswers),
    };
  }
  const { now, base } = scores;
  const both = (f) => f(now) !== null && f(base) !== null && f(now) !== undefined && f(base) !== undefined;
  const classes = {};
  const change = {};
  const strict = { type: "strict" };
  if (both((s) => s.index)) {
    change.index = now.index - base.index;
    const direction = "higher_is_better";
    classes.index = {
      strict: classifyChange(base.index, now.index, { direction, threshold: strict }),
      mid: classifyChange(base.index, now.index, { direction, threshold: eq5dIndexMid() }),
      midValue: eq5dIndexMid().mid,
    };
  }
  if (both((s) => s.state)) {
    const table = pchc({
      instrument: vs.instrument,
      preIds: ["p"],
      pre: [base.state],
      postIds: ["p"],
      post: [now.state],
      noProblems: true,
    });
    change.profile = table.rows.find((r) => r.number === 1)?.category ?? null;
  }
  if (both((s) => s.vas)) {
    change.vas = now.vas - base.vas;
    const direction = "higher_is_better";
    classes.vas = {
      strict: classifyChange(base.vas, now.vas, { direction, threshold: strict }),
      mid: classifyChange(base.vas, now.vas, { direction, threshold: eqVasMid() }),
      midValue: eqVasMid().mid,
    };
  }
  const total = (s) => s.sci?.total ?? null;
  if (both(total)) {
    change.sci = now.sci.total - base.sci.total;
    const direction = sci.direction;
    const threshold = sci93Reliable(sd);
    classes.sci = {
      strict: classifyChange(base.sci.total, now.sci.total, { direction, threshold: strict }),
      reliable: classifyChange(base.sci.total, now.sci.total, { direction, threshold }),
      rci: reliableChangeIndex(base.sci.total, now.sci.total, threshold.sd, threshold.reliability),
      sd: threshold.sd,
      reliability: threshold.reliability,
    };
  }
  return { valueSet: vs.id, instrument: vs.instrument, scores, change, classes };
}

// Number formats of the current language (Swedish: decimal comma, true minus sign).
function fmt(x, digits, signed = false) {
  return new Intl.NumberFormat(lang, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: signed ? "exceptZero" : "auto",
  }).format(x);
}

function fmtUpTo(x, digits, signed = false) {
  return new Intl.NumberFormat(lang, {
    maximumFractionDigits: digits,
    signDisplay: signed ? "exceptZero" : "auto",
  }).format(x);
}

function renderFieldMessages() {
  const form = $("participant-form");
  for (const m of form.querySelectorAll(".msg")) {
    m.textContent = "";
    m.classList.remove("error", "warn");
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  for (const [id, m] of participant.messages) {
    const target = $(`${id}-msg`);
    if (!target) continue;
    target.textContent = tr(lang, m.short ?? m.key, m.params);
    target.classList.add(m.level);
    if (m.level === "error") $(id)?.setAttribute("aria-invalid", "true");
  }
}

function renderParticipant() {
  renderFieldMessages();
  const out = $("participant-output");
  const model = participant.model;
  if (!model) {
    out.replaceChildren(i18n("p", "resultsEmpty", {}, { class: "hint" }));
    return;
  }
  if (model.errors) {
    const box = el("div", { class: "error-summary", id: "participant-errors" });
    for (const e of model.errors) box.append(el("p", { text: tr(lang, e.key, e.params) }));
    if (model.fields.length > 0) {
      box.append(
        el(
          "ul",
          {},
          ...model.fields.map((id) =>
            el(
              "li",
              {},
              el("a", { href: `#${id}`, text: `${fieldName(id)}: ${tr(lang, participant.messages.get(id).key, participant.messages.get(id).params)}` }),
            ),
          ),
        ),
      );
    }
    // A link moves the focus to its field (a fragment link would only scroll).
    box.addEventListener("click", (ev) => {
      const a = ev.target.closest("a[href^='#']");
      if (!a) return;
      ev.preventDefault();
      const field = $(a.getAttribute("href").slice(1));
      field?.focus();
      field?.scrollIntoView({ block: "center" });
    });
    out.replaceChildren(box);
    return;
  }
  out.replaceChildren(...resultTables(model.result));
}

/** The field's label as the user sees it, with its column. */
function fieldName(id) {
  if (id === "sci-sd") return tr(lang, "sdLabel");
  const [col, ...rest] = id.split("-");
  const what = rest.join("-");
  const colName = tr(lang, col === "now" ? "now" : "baseline");
  let name = what;
  if (DIMENSIONS.includes(what)) name = tr(lang, what);
  else if (what === "vas") name = "EQ VAS";
  else if (what.startsWith("sci-")) name = `SCI-93 ${tr(lang, "item").toLowerCase()} ${what.slice(4)}`;
  return `${name} (${colName.toLowerCase()})`;
}

function cell(id, text, attrs = {}, ...more) {
  return el("td", { id, ...attrs }, text, ...more);
}

function resultTables(r) {
  const { now, base } = r.scores;
  const warnings = [...participant.messages].filter(([, m]) => m.level === "warn" && m.key === "noAnswer");
  const absent = (value) => value === null || value === undefined;

  const valueCell = (row, col, value, text, emptyText = tr(lang, "notEntered")) =>
    cell(`res-${row}-${col}`, absent(value) ? emptyText : text, {
      "data-value": absent(value) ? null : String(value),
      class: absent(value) ? "none" : "num",
    });
  const changeCell = (row, value, text) =>
    cell(`res-${row}-change`, value === undefined ? "–" : text, {
      "data-value": value === undefined ? null : String(value),
      class: value === undefined ? "none" : "num",
    });

  const sciText = (s) => {
    if (!s.sci || s.sci.total === null) return "";
    const t = fmtUpTo(s.sci.total, 2);
    return s.sci.prorated ? `${t} (${tr(lang, "prorated", { answered: s.sci.answered, items: sci.items.length })})` : t;
  };
  const sciEmpty = (s) => tr(lang, s.sci ? "noTotal" : "notEntered");
  // SCI-93 as built in defines no bands; a user-defined scale's band label would show here.
  const bandCell = (col) => {
    const s = r.scores[col];
    const has = s.sci && s.sci.total !== null;
    return cell(`res-band-${col}`, has ? (s.sci.band ?? tr(lang, "noBand")) : sciEmpty(s), {
      "data-band": has ? (s.sci.band ?? "") : null,
      class: has ? null : "none",
    });
  };

  const rows = [
    el(
      "tr",
      {},
      el("th", { scope: "row", text: tr(lang, "rowState") }),
      valueCell("state", "now", now.state, now.state),
      valueCell("state", "base", base.state, base.state),
      cell(
        "res-profile-change",
        r.change.profile ? tr(lang, r.change.profile) : "–",
        { "data-class": r.change.profile ?? null, class: r.change.profile ? null : "none" },
        r.change.profile ? el("span", { class: "note", text: ` (${tr(lang, "pchcNote")})` }) : null,
      ),
    ),
    el(
      "tr",
      {},
      el("th", { scope: "row", text: tr(lang, "rowIndex", { id: r.valueSet }) }),
      valueCell("index", "now", now.index, now.index === null ? "" : fmt(now.index, 3)),
      valueCell("index", "base", base.index, base.index === null ? "" : fmt(base.index, 3)),
      changeCell("index", r.change.index, r.change.index === undefined ? "" : fmt(r.change.index, 3, true)),
    ),
    el(
      "tr",
      {},
      el("th", { scope: "row", text: tr(lang, "rowVas") }),
      valueCell("vas", "now", now.vas, now.vas === null ? "" : fmtUpTo(now.vas, 0)),
      valueCell("vas", "base", base.vas, base.vas === null ? "" : fmtUpTo(base.vas, 0)),
      changeCell("vas", r.change.vas, r.change.vas === undefined ? "" : fmtUpTo(r.change.vas, 0, true)),
    ),
    el(
      "tr",
      {},
      el("th", { scope: "row", text: tr(lang, "rowSci") }),
      valueCell("sci", "now", now.sci?.total ?? null, sciText(now), sciEmpty(now)),
      valueCell("sci", "base", base.sci?.total ?? null, sciText(base), sciEmpty(base)),
      changeCell("sci", r.change.sci, r.change.sci === undefined ? "" : fmtUpTo(r.change.sci, 2, true)),
    ),
    el(
      "tr",
      {},
      el("th", { scope: "row", text: tr(lang, "rowBand") }),
      bandCell("now"),
      bandCell("base"),
      changeCell("band", undefined, ""),
    ),
  ];
  const scores = headedTable({ class: "scores", id: "scores" }, null, ["measure", "now", "baseline", "change"], rows);

  const parts = [scores];
  if (warnings.length > 0) {
    for (const col of COLUMNS) {
      const items = warnings.filter(([id]) => id.startsWith(`${col}-`)).map(([id]) => id.split("-").pop());
      if (items.length > 0) {
        parts.push(
          el("p", {
            class: "msg warn",
            id: `res-warn-${col}`,
            text: tr(lang, "warnSummary", { which: tr(lang, col === "now" ? "now" : "baseline").toLowerCase(), items: items.join(", ") }),
          }),
        );
      }
    }
  }

  const cls = r.classes;
  if (Object.keys(cls).length > 0) {
    const classCell = (row, kind, value, note) => {
      if (value === undefined) {
        return cell(`cls-${row}-${kind}`, "–", { class: "none", title: tr(lang, "notDefined"), "aria-label": tr(lang, "notDefined") });
      }
      return cell(
        `cls-${row}-${kind}`,
        value === null ? "–" : tr(lang, value),
        { "data-class": value ?? null, class: value ? `cls ${value}` : "none" },
        ...(note ? [el("span", { class: "note", text: ` (${note})` })] : []),
      );
    };
    const classRows = [];
    if (cls.index) {
      classRows.push(
        el(
          "tr",
          {},
          el("th", { scope: "row", text: tr(lang, "rowIndex", { id: r.valueSet }) }),
          classCell("index", "strict", cls.index.strict),
          classCell("index", "mid", cls.index.mid, tr(lang, "midNote", { mid: fmtUpTo(cls.index.midValue, 3) })),
          classCell("index", "reliable", undefined),
        ),
      );
    }
    if (cls.vas) {
      classRows.push(
        el(
          "tr",
          {},
          el("th", { scope: "row", text: tr(lang, "rowVas") }),
          classCell("vas", "strict", cls.vas.strict),
          classCell("vas", "mid", cls.vas.mid, tr(lang, "midNote", { mid: fmtUpTo(cls.vas.midValue, 3) })),
          classCell("vas", "reliable", undefined),
        ),
      );
    }
    if (cls.sci) {
      classRows.push(
        el(
          "tr",
          {},
          el("th", { scope: "row", text: tr(lang, "rowSci") }),
          classCell("sci", "strict", cls.sci.strict),
          classCell("sci", "mid", undefined),
          classCell(
            "sci",
            "reliable",
            cls.sci.reliable,
            tr(lang, "rciNote", { rci: fmt(cls.sci.rci, 2), sd: fmtUpTo(cls.sci.sd, 3), r: fmtUpTo(cls.sci.reliability, 3) }),
          ),
        ),
      );
      classRows.at(-1).querySelector("#cls-sci-reliable").dataset.rci = String(cls.sci.rci);
    }
    parts.push(
      el("h4", { text: tr(lang, "classHeading") }),
      headedTable({ class: "classes", id: "classes" }, "classCaption", ["measure", "strict", "mid", "reliable"], classRows),
    );
  }
  return parts;
}

// ------------------------------------------------------------------------------ program, goals

let reportPolicy = null;

/** The one Trusted Types policy: it passes the core's report fragment, and nothing else uses it. */
function trustedReport(html) {
  if (!window.trustedTypes) return html;
  reportPolicy ??= window.trustedTypes.createPolicy("groupwell-report", { createHTML: (s) => s });
  return reportPolicy.createHTML(html);
}

function wireProgram() {
  $("program-file").addEventListener("change", () => update("program"));
  $("goals-file").addEventListener("change", () => update("goals"));
}

function errorText(e) {
  return e?.message ?? String(e);
}

async function readProgram(files) {
  const json = files.filter((f) => /\.json$/i.test(f.name));
  const csv = files.filter((f) => /\.csv$/i.test(f.name));
  const other = files.filter((f) => !/\.(json|csv)$/i.test(f.name));
  if (other.length > 0) throw { key: "errUnknownFile", params: { file: other[0].name } };
  if (json.length > 1) throw { key: "errTwoJson", params: { n: json.length } };
  if (csv.length === 0) {
    const f = json[0];
    try {
      return Program.fromJson(await f.text());
    } catch (e) {
      throw { key: "errRead", params: { file: f.name, message: errorText(e) } };
    }
  }
  if (json.length === 0) throw { key: "errNoSkeleton", params: {} };
  const tables = {};
  const names = {};
  for (const f of csv) {
    const table = f.name.replace(/\.csv$/i, "").toLowerCase();
    if (!TABLES.includes(table)) throw { key: "errUnknownFile", params: { file: f.name } };
    tables[table] = await f.text();
    names[table] = f.name;
  }
  try {
    return Program.fromCsv(tables, await json[0].text(), { files: names });
  } catch (e) {
    const file = e?.file ?? json[0].name;
    throw { key: "errRead", params: { file, message: errorText(e) } };
  }
}

function summarise(program) {
  const v = program.validate();
  const errors = v.findings.filter((f) => f.severity === "error").length;
  return {
    name: program.name,
    id: program.id,
    start: program.period.start,
    end: program.period.end,
    counts: program.counts,
    errors,
    warnings: v.findings.length - errors,
    findings: v.findings.slice(0, 50),
    more: Math.max(0, v.findings.length - 50),
  };
}

async function update(which) {
  const st = programState;
  const seq = ++st.sequence[which];
  const current = () => seq === st.sequence[which];
  if (which === "program") {
    st.messages.delete("program-file");
    st.program?.free();
    st.program = null;
    st.summary = null;
    const files = [...$("program-file").files];
    if (files.length > 0) {
      try {
        const program = await readProgram(files);
        if (!current()) {
          program.free();
          return;
        }
        st.program = program;
        st.summary = summarise(program);
      } catch (e) {
        if (!current()) return;
        st.messages.set("program-file", e.key ? e : { key: "errRead", params: { file: files[0].name, message: errorText(e) } });
      }
    }
  } else {
    st.messages.delete("goals-file");
    st.goals?.free();
    st.goals = null;
    const f = $("goals-file").files[0];
    if (f) {
      try {
        const goals = GoalSet.fromJson(await f.text());
        if (!current()) {
          goals.free();
          return;
        }
        st.goals = goals;
      } catch (e) {
        if (!current()) return;
        st.messages.set("goals-file", { key: "errRead", params: { file: f.name, message: errorText(e) } });
      }
    }
  }
  // Evaluate when both are there.
  st.report?.free();
  st.report = null;
  st.reportHtml = null;
  if (st.program && st.goals) {
    try {
      st.report = st.program.evaluate(st.goals);
      const data = st.report.toObject();
      const count = (o) => data.results.filter((r) => r.outcome === o).length;
      st.reportCounts = {
        n: data.results.length,
        met: count("met"),
        notMet: count("not_met"),
        inconclusive: count("inconclusive"),
      };
      st.reportHtml = st.report.toHtmlFragment();
      st.reports += 1;
    } catch (e) {
      st.messages.set("goals-file", { key: "errGoalsDontFit", params: { message: errorText(e) } });
    }
  }
  renderProgram();
}

function renderProgram() {
  const st = programState;
  for (const id of ["program-file", "goals-file"]) {
    const m = st.messages.get(id);
    const target = $(`${id}-msg`);
    target.textContent = m ? tr(lang, m.key, m.params) : "";
    target.classList.toggle("error", Boolean(m));
    if (m) $(id).setAttribute("aria-invalid", "true");
    else $(id).removeAttribute("aria-invalid");
  }
  const out = $("program-output");
  const parts = [];
  if (st.summary) {
    const s = st.summary;
    parts.push(
      el("p", {
        id: "program-summary",
        text: tr(lang, "programLoaded", {
          name: s.name,
          id: s.id,
          start: s.start,
          end: s.end,
          groups: s.counts.groups,
          participants: s.counts.participants,
          measurements: s.counts.measurements,
        }),
      }),
    );
    if (s.errors + s.warnings === 0) {
      parts.push(el("p", { id: "program-validation", class: "ok", text: tr(lang, "programValid") }));
    } else {
      const list = el(
        "ul",
        {},
        ...s.findings.map((f) => {
          const where = f.csv ? `${f.csv.file}:${f.csv.line}${f.csv.column ? ` (${f.csv.column})` : ""}` : f.path;
          return el("li", { class: f.severity, text: `${f.severity}: ${f.message}${where ? ` [${where}]` : ""}` });
        }),
        s.more > 0 ? el("li", { text: `… +${s.more}` }) : null,
      );
      parts.push(
        el(
          "details",
          { id: "program-validation" },
          el("summary", { text: tr(lang, "programFindings", { errors: s.errors, warnings: s.warnings }) }),
          list,
        ),
      );
    }
  }
  if (st.reportHtml) {
    parts.push(el("p", { id: "report-status", class: "ok", text: tr(lang, "reportReady", st.reportCounts) }));
  } else if (st.summary && !st.goals && !st.messages.has("goals-file")) {
    parts.push(el("p", { class: "hint", text: tr(lang, "chooseGoals") }));
  } else if (!st.summary && st.goals && !st.messages.has("program-file")) {
    parts.push(el("p", { class: "hint", text: tr(lang, "chooseProgram") }));
  }
  out.replaceChildren(...parts);
  const report = $("report");
  if (st.reportHtml) {
    if (report.dataset.version !== String(st.reports)) {
      report.innerHTML = trustedReport(st.reportHtml);
      report.dataset.version = String(st.reports);
    }
    $("report-note").hidden = false;
  } else {
    report.replaceChildren();
    delete report.dataset.version;
    $("report-note").hidden = true;
  }
}

main();
