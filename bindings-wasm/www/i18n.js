// The page's labels and messages in English and Swedish. `{name}` is replaced by a parameter.
// Dimension names only (the EQ-5D and SCI-93 item wording is licensed and never shown).

export const LANGUAGES = ["en", "sv"];

export const STRINGS = {
  en: {
    title: "groupwell: score a participant, report a program's goals",
    heading: "Scoring in the browser",
    lede:
      "Everything is computed in this browser tab by groupwell's WebAssembly module. Nothing you " +
      "type or load leaves this device: the page's Content-Security-Policy forbids every network " +
      "connection.",
    language: "Language",
    participantHeading: "One participant",
    participantIntro:
      "Enter one measurement, and a baseline to see the change. Levels and answers are entered " +
      "by number only.",
    settingsLegend: "Value set and thresholds",
    valueSetLabel: "EQ-5D value set",
    valueSetInfo: "{instrument}: levels 1–{max}. {country}, {year}, {method}. Id {id}.",
    groupValueSets: "{instrument} value sets",
    groupCrosswalk: "Crosswalk: EQ-5D-5L answers scored with a 3L value set",
    groupReverse: "Reverse crosswalk: EQ-5D-3L answers scored with a 5L value set",
    sdLabel: "SD for reliable change on SCI-93",
    sdHint:
      "21.3 is the SD of healthy women (Ericsson, Nyström & Mannerkorpi 2015); reliability 0.95.",
    nowLegend: "This measurement",
    baseLegend: "Baseline (optional: for the change)",
    eq5dLegend: "EQ-5D: level per dimension (1–{max})",
    MO: "Mobility",
    SC: "Self-care",
    UA: "Usual activities",
    PD: "Pain/discomfort",
    AD: "Anxiety/depression",
    vasLabel: "EQ VAS (0–100)",
    sciLegend: "SCI-93: answer per item number (0–5)",
    sciHint: "Up to 3 of the 35 items may be left empty; the total is then prorated.",
    item: "Item",
    score: "Score",
    resultsHeading: "Results",
    resultsEmpty: "Fill in the fields and press Score.",
    measure: "Measure",
    now: "This measurement",
    baseline: "Baseline",
    change: "Change",
    rowState: "EQ-5D health state",
    rowIndex: "EQ-5D index ({id})",
    rowVas: "EQ VAS",
    rowSci: "SCI-93 total",
    rowBand: "SCI-93 band",
    pchcNote: "Paretian classification of the profiles",
    classHeading: "Change classification",
    classCaption: "Improved, unchanged or worsened under each threshold the package defines.",
    strict: "Strict (any change)",
    mid: "Minimal important difference",
    reliable: "Reliable change",
    improved: "improved",
    unchanged: "unchanged",
    worsened: "worsened",
    improve: "better",
    worsen: "worse",
    mixed: "mixed",
    noChange: "no change",
    noProblems: "no problems at both",
    midNote: "MID {mid}",
    rciNote: "RCI {rci}; SD {sd}, r {r}",
    notDefined: "not defined for this measure",
    notEntered: "not entered",
    noBaseline: "no baseline",
    prorated: "prorated: {answered} of {items} answered",
    noBand: "none: the scale defines no bands",
    noTotal: "no total",
    // Messages next to fields.
    errLevel: "Level {value} is not valid: {instrument} has levels 1–{max}.",
    errLevelMissing: "Enter a level 1–{max}: the other dimensions are filled in.",
    errWhole: "“{value}” is not a whole number.",
    errVas: "EQ VAS is a whole number 0–100; {value} is outside.",
    errAnswer: "Answer {value} is not valid: answers are whole numbers {min}–{max}.",
    errAnswerShort: "Must be {min}–{max}.",
    errWholeShort: "Whole number {min}–{max}.",
    noAnswer: "No answer.",
    errTooManyMissing:
      "{missing} of {items} items have no answer: a total needs at least {needed} answers.",
    errSd: "Enter a positive number, e.g. 21.3.",
    errSummary: "Nothing was scored: {n} field(s) need attention. Everything you typed is kept.",
    errNothing: "Enter at least one measurement: EQ-5D levels, EQ VAS or SCI-93 answers.",
    errPackage: "The scoring module reported: {message}",
    warnSummary: "Unanswered SCI-93 items ({which}): {items}.",
    // Program and goals.
    programHeading: "Program and goals",
    programIntro:
      "Choose a program and its goals from this computer; the goal report is computed here, with " +
      "its charts.",
    filesLegend: "Files",
    programFileLabel: "Program",
    programFileHint:
      "One JSON file (groupwell-program/1), or the CSV tables (units, groups, participants, " +
      "enrolments, sessions, measurements .csv) chosen together with program.json.",
    goalsFileLabel: "Goals",
    goalsFileHint: "A JSON file (groupwell-goals/1), e.g. examples/goals/self-help-goals.json.",
    reportNote: "The report below is written by groupwell's core, in English.",
    errRead: "Could not read {file}: {message}",
    errNoSkeleton:
      "No program.json among the chosen CSV files: choose it together with the tables.",
    errUnknownFile:
      "{file} is not a program file: expected a .json file or a table named units, groups, " +
      "participants, enrolments, sessions or measurements (.csv).",
    errTwoJson: "Choose one JSON file for the program (got {n}).",
    errGoalsDontFit: "The goals do not fit the program: {message}",
    programLoaded:
      "Program “{name}” ({id}), {start} to {end}: {groups} groups, {participants} participants, " +
      "{measurements} measurements.",
    programValid: "The program is valid.",
    programFindings: "Validation: {errors} error(s), {warnings} warning(s).",
    chooseGoals: "Choose a goals file to see the report.",
    chooseProgram: "Choose a program file to see the report.",
    reportReady:
      "Goal report: {n} goal(s), {met} met, {notMet} not met, {inconclusive} inconclusive.",
    footer:
      "No network access. EQ-5D is a trademark of the EuroQol Research Foundation; the item " +
      "wording of the EQ-5D and of the SCI-93 is not included.",
    loadFailed: "The scoring module could not be loaded: {message}",
  },
  sv: {
    title: "groupwell: poäng för en deltagare, rapport om ett programs mål",
    heading: "Beräkning i webbläsaren",
    lede:
      "Allt beräknas i den här webbläsarfliken av groupwells WebAssembly-modul. Inget du skriver " +
      "eller läser in lämnar den här enheten: sidans Content-Security-Policy förbjuder alla " +
      "nätverksanslutningar.",
    language: "Språk",
    participantHeading: "En deltagare",
    participantIntro:
      "Fyll i en mätning, och en baslinje för att se förändringen. Nivåer och svar anges bara " +
      "som nummer.",
    settingsLegend: "Värdeset och tröskelvärden",
    valueSetLabel: "EQ-5D-värdeset",
    valueSetInfo: "{instrument}: nivåerna 1–{max}. {country}, {year}, {method}. Id {id}.",
    groupValueSets: "Värdeset för {instrument}",
    groupCrosswalk: "Omräkning (crosswalk): EQ-5D-5L-svar med ett 3L-värdeset",
    groupReverse: "Omvänd omräkning: EQ-5D-3L-svar med ett 5L-värdeset",
    sdLabel: "SD för tillförlitlig förändring på SCI-93",
    sdHint:
      "21,3 är SD hos friska kvinnor (Ericsson, Nyström & Mannerkorpi 2015); reliabilitet 0,95.",
    nowLegend: "Denna mätning",
    baseLegend: "Baslinje (valfri: för förändringen)",
    eq5dLegend: "EQ-5D: nivå per dimension (1–{max})",
    MO: "Rörlighet",
    SC: "Hygien",
    UA: "Huvudsakliga aktiviteter",
    PD: "Smärtor/besvär",
    AD: "Oro/nedstämdhet",
    vasLabel: "EQ VAS (0–100)",
    sciLegend: "SCI-93: svar per frågenummer (0–5)",
    sciHint: "Högst 3 av de 35 frågorna får lämnas tomma; totalpoängen räknas då upp.",
    item: "Fråga",
    score: "Beräkna",
    resultsHeading: "Resultat",
    resultsEmpty: "Fyll i fälten och tryck på Beräkna.",
    measure: "Mått",
    now: "Denna mätning",
    baseline: "Baslinje",
    change: "Förändring",
    rowState: "EQ-5D-hälsotillstånd",
    rowIndex: "EQ-5D-index ({id})",
    rowVas: "EQ VAS",
    rowSci: "SCI-93 totalpoäng",
    rowBand: "SCI-93 tolkningsintervall",
    pchcNote: "paretiansk klassificering av profilerna",
    classHeading: "Klassificering av förändringen",
    classCaption: "Förbättrad, oförändrad eller försämrad för varje tröskel som paketet definierar.",
    strict: "Strikt (all förändring)",
    mid: "Minsta betydelsefulla skillnad",
    reliable: "Tillförlitlig förändring",
    improved: "förbättrad",
    unchanged: "oförändrad",
    worsened: "försämrad",
    improve: "bättre",
    worsen: "sämre",
    mixed: "blandad",
    noChange: "ingen förändring",
    noProblems: "inga problem vid båda",
    midNote: "MID {mid}",
    rciNote: "RCI {rci}; SD {sd}, r {r}",
    notDefined: "inte definierad för detta mått",
    notEntered: "ej ifyllt",
    noBaseline: "ingen baslinje",
    prorated: "uppräknad: {answered} av {items} besvarade",
    noBand: "inget: skalan har inga tolkningsintervall",
    noTotal: "ingen totalpoäng",
    errLevel: "Nivå {value} är inte giltig: {instrument} har nivåerna 1–{max}.",
    errLevelMissing: "Fyll i en nivå 1–{max}: de andra dimensionerna är ifyllda.",
    errWhole: "”{value}” är inte ett heltal.",
    errVas: "EQ VAS är ett heltal 0–100; {value} ligger utanför.",
    errAnswer: "Svaret {value} är inte giltigt: svaren är heltal {min}–{max}.",
    errAnswerShort: "Ska vara {min}–{max}.",
    errWholeShort: "Heltal {min}–{max}.",
    noAnswer: "Inget svar.",
    errTooManyMissing:
      "{missing} av {items} frågor saknar svar: en totalpoäng kräver minst {needed} svar.",
    errSd: "Ange ett positivt tal, t.ex. 21,3.",
    errSummary: "Inget beräknades: {n} fält behöver åtgärdas. Allt du skrev finns kvar.",
    errNothing: "Fyll i minst en mätning: EQ-5D-nivåer, EQ VAS eller svar på SCI-93.",
    errPackage: "Beräkningsmodulen svarade: {message}",
    warnSummary: "Obesvarade SCI-93-frågor ({which}): {items}.",
    programHeading: "Program och mål",
    programIntro:
      "Välj ett program och dess mål från den här datorn; målrapporten beräknas här, med sina " +
      "diagram.",
    filesLegend: "Filer",
    programFileLabel: "Program",
    programFileHint:
      "En JSON-fil (groupwell-program/1), eller CSV-tabellerna (units, groups, participants, " +
      "enrolments, sessions, measurements .csv) valda tillsammans med program.json.",
    goalsFileLabel: "Mål",
    goalsFileHint: "En JSON-fil (groupwell-goals/1), t.ex. examples/goals/self-help-goals.json.",
    reportNote: "Rapporten nedan skrivs av groupwells kärna, på engelska.",
    errRead: "Kunde inte läsa {file}: {message}",
    errNoSkeleton:
      "Ingen program.json bland de valda CSV-filerna: välj den tillsammans med tabellerna.",
    errUnknownFile:
      "{file} är ingen programfil: förväntade en .json-fil eller en tabell som heter units, " +
      "groups, participants, enrolments, sessions eller measurements (.csv).",
    errTwoJson: "Välj en JSON-fil för programmet (fick {n}).",
    errGoalsDontFit: "Målen passar inte programmet: {message}",
    programLoaded:
      "Programmet ”{name}” ({id}), {start} till {end}: {groups} grupper, {participants} " +
      "deltagare, {measurements} mätningar.",
    programValid: "Programmet är giltigt.",
    programFindings: "Validering: {errors} fel, {warnings} varningar.",
    chooseGoals: "Välj en målfil för att se rapporten.",
    chooseProgram: "Välj en programfil för att se rapporten.",
    reportReady:
      "Målrapport: {n} mål, {met} uppfyllda, {notMet} ej uppfyllda, {inconclusive} obestämda.",
    footer:
      "Ingen nätverksåtkomst. EQ-5D är ett varumärke som tillhör EuroQol Research Foundation; " +
      "frågornas ordalydelse i EQ-5D och SCI-93 ingår inte.",
    loadFailed: "Beräkningsmodulen kunde inte laddas: {message}",
  },
};

/** The text of `key` in `lang` with `{name}` replaced by `params.name`. */
export function tr(lang, key, params = {}) {
  const table = STRINGS[lang] ?? STRINGS.en;
  const text = table[key] ?? STRINGS.en[key];
  if (text === undefined) throw new Error(`no text for ${key}`);
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}
