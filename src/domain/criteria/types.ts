/**
 * The criteria-set model: what a YAML file in `data/criteria/` becomes once parsed, validated and
 * (for a provincial set) merged with the set it extends. Plain data, serialisable to JSON, so the
 * server can store it and the browser can receive it unchanged.
 */

/** Comparison applied as `value OP threshold`. */
export type Op = 'gte' | 'gt' | 'lte' | 'lt' | 'eq';
export const OPS: readonly Op[] = ['gte', 'gt', 'lte', 'lt', 'eq'];

export type IndicatorType = 'boolean' | 'number' | 'percent';
export const INDICATOR_TYPES: readonly IndicatorType[] = ['boolean', 'number', 'percent'];

export type SetLevel = 'commune' | 'district' | 'province';
export type SetKind = 'standard' | 'advanced' | 'model';
/** What thresholds vary by: socio-economic region (2021–2025), commune group (2026–2030), nothing. */
export type Classification = 'region' | 'group' | 'none';

/** The class key that applies when the unit's class has no entry of its own. */
export const DEFAULT_CLASS = 'default';

/** Thresholds per year, keyed by the four-digit year ("2024"). */
export type YearThresholds = Readonly<Record<string, number>>;
/** The threshold of one class: one number, or one number per year. */
export type ClassThreshold = number | YearThresholds;

/**
 * A rule: `op` and exactly one of `value` (every class, every year) or `byClass` (per class, with
 * `default` as the fallback class; each class entry a number or a per-year map).
 */
export interface Rule {
  op: Op;
  value?: number | boolean;
  byClass?: Readonly<Record<string, ClassThreshold>>;
}

/**
 * What happens when the rule gives no threshold for the unit's class and year:
 * `no_rule` (default) → status `no_rule`, counted as not met; `judgement` → the indicator is
 * judged yes/no ("Đạt") by the responsible officer for that class and year.
 */
export type NoThreshold = 'no_rule' | 'judgement';

export interface Indicator {
  code: string;
  name: string;
  type: IndicatorType;
  /** Unit of measure shown after values and thresholds; `%` for percent indicators. */
  unit?: string;
  rule: Rule | null;
  noThreshold: NoThreshold;
  /** True only when the threshold was read in an official text (or guidance quoting it). */
  verified: boolean;
  /** Where the verified threshold comes from (required when `verified`). */
  source?: string;
  note?: string;
  /** In a set that extends another: inherited unchanged, overridden (tightened) or added. */
  origin?: 'inherited' | 'overridden' | 'added';
}

export interface Criterion {
  code: string;
  name: string;
  group?: string;
  note?: string;
  indicators: Indicator[];
}

/** Revocation of a recognition (18/2022/QĐ-TTg for 2021–2025). Shares are percentages. */
export interface RevocationConfig {
  /** Criteria whose failure makes the lower share sufficient. */
  critical: string[];
  /** Revoke when at least this share of criteria is not met (18/2022: 50). */
  notMetShare: number;
  /** Revoke when at least this share is not met and a critical criterion is among them (18/2022: 30). */
  criticalNotMetShare: number;
  /** District sets: revoke when at least this share of the unit's communes was revoked (18/2022: 30). */
  revokedSubunitsShare?: number;
  basis?: string;
  verified: boolean;
}

export interface ClassInfo {
  /** Short label shown in reasons (e.g. "ĐBSH"); the class code when absent. */
  label?: string;
  /** Full name (e.g. "Đồng bằng sông Hồng"). */
  name?: string;
}

/**
 * The decision that amended an earlier published version: this set is the amended version, valid
 * from the amendment's date (the earlier version stays as published, for the years before).
 */
export interface Amendment {
  /** Number and sign of the amending decision ("211/QĐ-TTg"). */
  decision: string;
  /** Date of the decision (yyyy-mm-dd). */
  date: string;
  /** Code of the published version it amends. */
  amends: string;
}

export interface CriteriaSet {
  code: string;
  name: string;
  /** `central`, or the two-digit GSO code of the issuing province. */
  issuer: string;
  basis: string;
  level: SetLevel;
  kind: SetKind;
  /** ISO dates (yyyy-mm-dd). */
  validFrom: string;
  validTo: string;
  classification: Classification;
  classes: string[];
  classInfo: Record<string, ClassInfo>;
  /** Code of the set this one extends (already merged in), or null. */
  extends: string | null;
  revocation: RevocationConfig | null;
  notes: string[];
  /** Present when this version is the amendment of an earlier one. */
  amendment?: Amendment;
  criteria: Criterion[];
}

/** A value entered for an indicator: a number (percent 0–100) or a yes/no judgement. */
export type IndicatorValue = number | boolean;

export type Language = 'vi' | 'en';
