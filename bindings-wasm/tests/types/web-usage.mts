// Type-level tests of the web build's declarations (compiled with tsc, never run).
import init, {
  type GoalReportData,
  GoalSet,
  type ChangeClass,
  type PchcTable,
  type TidyTable,
  type Validation,
  Program,
  type ScaleScores,
  type ScoredBatch,
  Scale,
  classifyChange,
  eqVasMid,
  index,
  indexCodes,
  initSync,
  pchc,
} from "groupwell/web";

await init();
await init({ module_or_path: new URL("https://example.org/groupwell_bg.wasm") });
initSync({ module: new Uint8Array(0) });
const one: number = index("3L_UK", "11111");
const a: Float64Array = indexCodes("3L_UK", new Uint16Array([0]));
const b: ScoredBatch = indexCodes("3L_UK", new Uint16Array([0]), { errors: "coerce" });
const t: PchcTable = pchc({ instrument: "3L", preIds: [1], pre: ["11111"], postIds: [1], post: ["11112"] });
const scores: ScaleScores = Scale.sci93().scoreBatch(new Uint8Array(35), { errors: "coerce" });
const cls: ChangeClass | null = classifyChange(60, 67, { direction: "higher_is_better", threshold: eqVasMid() });
const program = Program.fromJson({ id: "p", name: "P", period: { start: "2015-01-01", end: "2015-12-31" } });
const checked: Validation = program.validate();
const tidy: TidyTable = program.tidy({ valueSets: ["5L_UK"] });
const report: GoalReportData = program.evaluate(GoalSet.fromObject({ goals: [] })).toObject();
const html: string = program.evaluate({ goals: [] }).toHtml();
void [one, a, b, t, scores, cls, checked, tidy, report, html];
