// Type-level tests of the scoring build's declarations (`groupwell/scoring`; compiled with tsc,
// never run): the scoring exports are there, programs and goals are not.
import {
  type ScoredBatch,
  Scale,
  classifyChange,
  eqVasMid,
  index,
  indexCodes,
  indexCodesInto,
} from "groupwell/scoring";
import initWeb, { indexLevels } from "groupwell/scoring/web";
// @ts-expect-error: the scoring build has no programs
import { Program } from "groupwell/scoring";
// @ts-expect-error: nor goals
import { GoalSet } from "groupwell/scoring/web";

await initWeb();
const one: number = index("3L_UK", "11111");
const a: Float64Array = indexCodes("3L_UK", new Uint16Array([0]));
const out = new Float64Array(1);
const b: Float64Array = indexCodesInto("3L_UK", new Uint16Array([0]), out);
const c: ScoredBatch = indexCodesInto("3L_UK", new Uint16Array([0]), out, { errors: "coerce" });
const d: Float64Array = indexLevels("5L_UK", new Uint8Array(5));
const s = Scale.sci93().score(new Array(35).fill(1)).total;
const cls = classifyChange(60, 67, { direction: "higher_is_better", threshold: eqVasMid() });
void [one, a, b, c, d, s, cls, Program, GoalSet];
