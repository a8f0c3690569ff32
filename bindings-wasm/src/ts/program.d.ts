
// ----------------------------------------------------------------------------------------------
// Programs (`Program`): the document format, CSV import options and query inputs.

/** A calendar date written `YYYY-MM-DD`. */
export type DateText = string;

/** What kind of organisation a unit is. */
export type UnitKind = "health_centre" | "municipality" | "association" | "site" | "other";

/** How a group meets. */
export type GroupFormat = "on_site" | "virtual_multi_site" | "digital_home";

/** A group's status as recorded (`cancelled` never counts as running). */
export type GroupStatus = "planned" | "running" | "ended" | "cancelled";

/** Sex as recorded. */
export type Sex = "female" | "male" | "other";

/** How a participant came to the program. */
export type Referral = "own_initiative" | "health_centre" | "prescription" | "other_partner";

/** Why an enrolment ended. */
export type LeaveReason = "completed" | "dropped_out" | "moved" | "other";

/** How a session was held. */
export type SessionMode = "on_site" | "video" | "digital";

/** The date a timepoint is counted from. */
export type Anchor = "joined" | "group_start" | "group_end" | "enrolment_end";

/** The stable code of a validation finding. */
export type FindingCode =
  | "duplicate_id"
  | "empty_field"
  | "unknown_reference"
  | "date_order"
  | "outside_dates"
  | "capacity_exceeded"
  | "below_capacity"
  | "invalid_capacity"
  | "overlapping_groups"
  | "invalid_answer"
  | "unknown_scale"
  | "invalid_definition"
  | "unassigned_measurement"
  | "inconsistent"
  | "not_enrolled";

/** A unit of the program document. */
export interface ProgramUnit {
  id: string;
  name: string;
  kind: UnitKind;
  region?: string;
}

/** Who leads a group. */
export type Leadership = { kind: "professional" } | { kind: "peer"; starter_sessions?: number };

/** Someone who contributes to a group without being a participant. */
export interface Contributor {
  role: string;
  remote?: boolean;
  unit?: string;
}

/** A group of the program document (and of `Program.groupsRunning`). */
export interface ProgramGroup {
  id: string;
  name?: string;
  theme: string;
  format: GroupFormat;
  units?: string[];
  leadership?: Leadership;
  contributors?: Contributor[];
  capacity?: { min: number; max: number };
  start: DateText;
  end?: DateText;
  status: GroupStatus;
}

/** A participant (pseudonymous id). */
export interface ProgramParticipant {
  id: string;
  sex?: Sex;
  age_band?: string;
  birth_year?: number;
  home_unit?: string;
  referral?: Referral;
}

/** A participant's membership of a group. */
export interface ProgramEnrolment {
  participant: string;
  group: string;
  joined: DateText;
  left?: DateText;
  reason?: LeaveReason;
}

/** One meeting of a group and who attended. */
export interface ProgramSession {
  group: string;
  date: DateText;
  sites?: string[];
  mode: SessionMode;
  attended?: string[];
}

/** One survey occasion: EQ-5D state, EQ VAS, scale answers in item order (`null` = unanswered). */
export interface ProgramMeasurement {
  participant: string;
  date: DateText;
  eq5d?: string;
  vas?: number;
  scales?: Record<string, (number | null)[]>;
}

/** A timepoint rule: target = anchor + offset, and the window around it (spans `14d`, `2w`, `3m`). */
export interface TimepointRule {
  name: string;
  anchor: Anchor;
  offset?: string;
  window: { before: string; after: string };
  until_group_end?: boolean;
}

/** A program document in the `groupwell-program/1` format (what `toJson()` writes). */
export interface ProgramDocument {
  format?: "groupwell-program/1";
  id: string;
  name: string;
  period: Period;
  owners?: string[];
  schedule?: { timepoints: TimepointRule[] };
  /** `eq5d`: the EQ-5D version (`"5L"` by default); `scales`: user-defined scale definitions. */
  instruments?: { eq5d?: "3L" | "5L" | "Y3L" | "Y5L"; scales?: object[] };
  units?: ProgramUnit[];
  groups?: ProgramGroup[];
  participants?: ProgramParticipant[];
  enrolments?: ProgramEnrolment[];
  sessions?: ProgramSession[];
  measurements?: ProgramMeasurement[];
}

/** CSV texts of `Program.fromCsv`, by table; absent tables are not read. */
export type CsvTablesInput = { [table in ProgramTable]?: string | null };

/**
 * The columns of the measurement table: `participant` and `date` (defaults `"participant"`,
 * `"date"`), `eq5d` (the state column, or the five level columns MO SC UA PD AD; default: a
 * column `eq5d`, else `mo sc ua pd ad`), `vas` (default: a column `vas`), `scales` (scale id →
 * item columns in item order; default `<scale>_<item>`), and for one row per participant
 * `layout: "wide"` with `occasions` (column suffixes such as `["t0", "t1"]`) and `separator`
 * (default `"_"`).
 */
export interface MeasurementColumns {
  participant?: string | null;
  date?: string | null;
  eq5d?: string | [string, string, string, string, string] | null;
  vas?: string | null;
  scales?: Record<string, string[]> | null;
  layout?: "long" | "wide" | null;
  occasions?: string[] | null;
  separator?: string | null;
}

/** Options of `Program.fromCsv`. */
export interface FromCsvOptions {
  /** Column renames per table, field → column name (`{enrolments: {joined: "start_date"}}`). */
  columns?: { [table in Exclude<ProgramTable, "measurements">]?: Record<string, string> } | null;
  /** The measurement table's columns. */
  measurementColumns?: MeasurementColumns | null;
  /** File labels used in messages and findings (default `<table>.csv`). */
  files?: { [table in ProgramTable]?: string } | null;
}

/** Which groups a query looks at; every field given must match. */
export interface GroupFilter {
  /** Theme, compared case-insensitively. */
  theme?: string | null;
  format?: GroupFormat | null;
  /** A unit the group meets at. */
  unit?: string | null;
  /** Peer-led (`true`) or professional-led (`false`) groups only. */
  peerLed?: boolean | null;
}

/** Options of `Program.tidy`. */
export interface TidyOptions {
  /** Value sets whose EQ-5D index is a measure `eq5d_index/<id>` (none by default). */
  valueSets?: string[] | null;
  /** Whether subscale scores are measures besides totals (default `true`). */
  subscales?: boolean | null;
}
