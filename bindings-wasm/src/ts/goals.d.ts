
// ----------------------------------------------------------------------------------------------
// Goals (`GoalSet`, `Program.evaluate`, `GoalReport`): the goal document format and the names
// the report uses. The report's own shape (`GoalReportData`, `GoalResult`...) is generated.

/** The outcome of a goal. */
export type GoalOutcome = "met" | "not_met" | "inconclusive";

/**
 * Who is counted in a participant-change goal: `completers` (a score at both timepoints) or
 * `enrolled` (every enrolment of a group that ran; a missing score counts as not met).
 */
export type GoalPopulation = "completers" | "enrolled";

/**
 * How the outcome is decided: `point_estimate` (met when the observed value reaches the
 * target) or `confidence_interval` (met when the whole interval does, not met when none of it
 * does, inconclusive otherwise).
 */
export type GoalDecision = "point_estimate" | "confidence_interval";

/** What a goal is about (its `type`). */
export type GoalType =
  | "participant_change"
  | "group_count"
  | "distinct_offerings"
  | "participation"
  | "group_size"
  | "follow_up_rate"
  | "manual";

/** What a participant-change goal measures (an EQ-5D index needs a value set id or name). */
export type GoalMeasure =
  | { kind: "eq_vas" }
  | { kind: "eq5d_index"; value_set: string }
  | { kind: "scale"; scale: string };

/** Which changes count as success. */
export type GoalCriterion = "improved" | "maintained_or_improved" | "worsened";

/**
 * The threshold of a change: any change (`strict`), the measure's published MID (`mid`: 7 on the
 * EQ VAS, 0.074 on the EQ-5D index), an absolute MID, or Jacobson & Truax reliable change
 * (`sd` defaults to the baseline SD of the completers; `reliability` to the measure's, SCI-93:
 * 0.95, and is required for other measures).
 */
export type GoalThreshold =
  | { type: "strict" }
  | { type: "mid" }
  | { type: "absolute"; mid: number }
  | { type: "reliable"; sd?: number; reliability?: number };

/** The groups a goal counts (every field given must match), as in the goal document. */
export interface GoalGroupFilter {
  theme?: string;
  format?: GroupFormat;
  unit?: string;
  peer_led?: boolean;
}

/** The fields every goal has. */
export interface GoalCommon {
  /** Unique id. */
  id: string;
  /** Title for reports. */
  title: string;
  /** `point_estimate` by default. */
  decision?: GoalDecision;
  /** Confidence level of intervals, 0.95 by default. */
  level?: number;
  /** Interval method for shares, `wilson` by default. */
  ci_method?: "wilson" | "clopper_pearson";
}

/** One goal of a goal document (snake_case fields, as in the JSON). */
export type GoalDefinition = GoalCommon &
  (
    | {
        type: "participant_change";
        measure: GoalMeasure;
        /** The first timepoint (a name of the program's schedule, e.g. `baseline`). */
        from: string;
        /** The second timepoint (e.g. `week15`). */
        to: string;
        criterion: GoalCriterion;
        threshold: GoalThreshold;
        /** The target share, in 0..=1. */
        target: number;
        population?: GoalPopulation;
        filter?: GoalGroupFilter;
        /** Only enrolments that joined within this period. */
        period?: Period;
      }
    | { type: "group_count"; period: Period; filter?: GoalGroupFilter; at_least: number }
    | {
        type: "distinct_offerings";
        period: Period;
        by: "theme" | "format";
        filter?: GoalGroupFilter;
        at_least: number;
      }
    | {
        type: "participation";
        period: Period;
        filter?: GoalGroupFilter;
        at_least?: number;
        /** A previous period to beat. */
        more_than_in?: Period;
      }
    | {
        type: "group_size";
        period: Period;
        filter?: GoalGroupFilter;
        min: number;
        max: number;
        /** The share of groups that must be within the size (all by default). */
        share?: number;
      }
    | {
        type: "follow_up_rate";
        timepoint: string;
        target: number;
        filter?: GoalGroupFilter;
        period?: Period;
      }
    | { type: "manual"; status: GoalOutcome; evidence: string }
  );

/** A goal document in the `groupwell-goals/1` format (what `GoalSet.toJson()` writes). */
export interface GoalDocument {
  format?: "groupwell-goals/1";
  goals: GoalDefinition[];
}
