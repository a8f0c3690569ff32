/**
 * The cause of a `GroupwellError`, equal to the core error's variant name
 * (`errorKinds()` lists them all at run time).
 */
export type ErrorKind =
  | "InvalidLevel"
  | "InvalidState"
  | "InvalidStateCode"
  | "InvalidVas"
  | "Rows"
  | "LengthMismatch"
  | "UnknownValueSet"
  | "AmbiguousValueSet"
  | "InstrumentMismatch"
  | "NoValueSets"
  | "InvalidDefinition"
  | "Json"
  | "Toml"
  | "InvalidArgument"
  | "Unavailable";

/** The names of a program's tables, in the order `Program.fromCsv` reads them. */
export type ProgramTable = "units" | "groups" | "participants" | "enrolments" | "sessions" | "measurements";

/**
 * What every export throws on failure: a real `Error` whose `name` is `"GroupwellError"`.
 * `rows` lists every invalid row of a failed batch call or CSV table (`kind === "Rows"`);
 * `suggestions` (unknown value set) and `candidates` (ambiguous name) are value-set ids;
 * `line` and `column` locate a `Json` (or `Toml`) error in its text; `table` and `file` name the
 * table a `Program.fromCsv` call failed on. (`Toml` is never thrown by this package, whose
 * goals are JSON; it is listed because `errorKinds()` is the core's list.)
 */
export interface GroupwellError extends Error {
  name: "GroupwellError";
  kind: ErrorKind;
  rows?: RowError[];
  suggestions?: string[];
  candidates?: string[];
  line?: number;
  column?: number;
  table?: ProgramTable;
  file?: string;
}
