import { revocationVerdict } from './revocation';
import type { RevocationVerdict, SubunitCounts } from './revocation';
import { compare, resolveThreshold } from './thresholds';
import type { ThresholdGap } from './thresholds';
import type { CriteriaSet, Indicator, IndicatorType, IndicatorValue, Op } from './types';

/** The threshold an indicator gets for one class and year, resolved once and shared. */
export interface AppliedThreshold {
  /** Null when there is no threshold (status `no_rule`). */
  op: Op | null;
  value: number | boolean | null;
  /** The `byClass` key used (a class or `default`); null for a single `value` or no threshold. */
  classKey: string | null;
  year: number | null;
  /** A numeric indicator judged yes/no because the rule gives no threshold here (`noThreshold: judgement`). */
  judged: boolean;
  /** Why there is no numeric threshold (for `no_rule` and judged indicators). */
  gap: ThresholdGap | null;
  /** Whether this threshold is confirmed (a judgement fallback never is). */
  verified: boolean;
}

export interface CompiledIndicator {
  readonly index: number;
  readonly code: string;
  readonly type: IndicatorType;
  readonly criterionIndex: number;
  readonly indicator: Indicator;
}

export interface CompiledCriterion {
  readonly code: string;
  readonly name: string;
  readonly critical: boolean;
  /** Indexes into `indicators` (contiguous, in set order). */
  readonly first: number;
  readonly end: number;
}

/** A set prepared once for evaluating many units. */
export interface CompiledCriteriaSet {
  readonly set: CriteriaSet;
  readonly indicators: readonly CompiledIndicator[];
  readonly criteria: readonly CompiledCriterion[];
  readonly indicatorByCode: ReadonlyMap<string, CompiledIndicator>;
  /** True when `unitClass` is valid for the set (null exactly when the set has no classification). */
  hasClass(unitClass: string | null): boolean;
  /** Thresholds of every indicator for a class and year (memoised; index = indicator index). */
  thresholds(unitClass: string | null, year: number): readonly AppliedThreshold[];
}

const CACHE_LIMIT = 4096;

export function compileCriteriaSet(set: CriteriaSet): CompiledCriteriaSet {
  const indicators: CompiledIndicator[] = [];
  const criteria: CompiledCriterion[] = [];
  const critical = new Set(set.revocation?.critical ?? []);
  set.criteria.forEach((criterion, criterionIndex) => {
    const first = indicators.length;
    for (const indicator of criterion.indicators) {
      indicators.push({
        index: indicators.length,
        code: indicator.code,
        type: indicator.type,
        criterionIndex,
        indicator,
      });
    }
    criteria.push({
      code: criterion.code,
      name: criterion.name,
      critical: critical.has(criterion.code),
      first,
      end: indicators.length,
    });
  });
  const indicatorByCode = new Map(indicators.map((item) => [item.code, item]));
  const classes = new Set(set.classes);
  const cache = new Map<string, readonly AppliedThreshold[]>();

  const resolveAll = (unitClass: string | null, year: number): readonly AppliedThreshold[] =>
    indicators.map(({ indicator }) => {
      const resolution = resolveThreshold(indicator.rule, unitClass, year);
      if (resolution.found) {
        const { value, classKey, year: thresholdYear } = resolution.threshold;
        return {
          op: indicator.rule?.op ?? null,
          value,
          classKey,
          year: thresholdYear,
          judged: false,
          gap: null,
          verified: indicator.verified,
        };
      }
      const judged = indicator.noThreshold === 'judgement' && indicator.type !== 'boolean';
      return {
        op: judged ? 'eq' : null,
        value: judged ? true : null,
        classKey: resolution.classKey,
        year: resolution.gap === 'no_year' ? year : null,
        judged,
        gap: resolution.gap,
        verified: false,
      };
    });

  return {
    set,
    indicators,
    criteria,
    indicatorByCode,
    hasClass: (unitClass) =>
      set.classification === 'none'
        ? unitClass === null
        : unitClass !== null && classes.has(unitClass),
    thresholds(unitClass, year) {
      const key = `${unitClass ?? ''}\u0000${year}`;
      let applied = cache.get(key);
      if (!applied) {
        if (cache.size >= CACHE_LIMIT) cache.clear();
        applied = resolveAll(unitClass, year);
        cache.set(key, applied);
      }
      return applied;
    },
  };
}

export type IndicatorStatus = 'met' | 'not_met' | 'missing' | 'no_rule';

export interface IndicatorResult {
  code: string;
  status: IndicatorStatus;
  value: IndicatorValue | null;
  threshold: number | boolean | null;
  op: Op | null;
  verified: boolean;
  /** The `byClass` key that gave the threshold (a class or `default`), null for a single value. */
  thresholdClass: string | null;
  thresholdYear: number | null;
  judged: boolean;
  gap: ThresholdGap | null;
}

/**
 * A criterion's verdict: `met` when every indicator is met; `not_met` when at least one indicator
 * has a value that fails; `incomplete` ("thiếu dữ liệu") otherwise — no failing value, but some
 * indicator has no value (`missing`) or no threshold (`no_rule`). Missing data is not failure.
 */
export type CriterionStatus = 'met' | 'not_met' | 'incomplete';

/** The verdict of a criterion from its indicators' statuses (see `CriterionStatus`). */
export function criterionStatusOf(statuses: Iterable<IndicatorStatus>): CriterionStatus {
  let complete = true;
  for (const status of statuses) {
    if (status === 'not_met') return 'not_met';
    if (status !== 'met') complete = false;
  }
  return complete ? 'met' : 'incomplete';
}

/**
 * A unit's verdict: `met` (every criterion met), `not_met` (at least one criterion really not
 * met), `incomplete` (none not met, some incomplete: "chưa đủ số liệu").
 */
export type UnitOutcome = 'met' | 'not_met' | 'incomplete';

export interface CriterionResult {
  code: string;
  /** `status === 'met'`. */
  met: boolean;
  status: CriterionStatus;
  critical: boolean;
  indicators: IndicatorResult[];
}

export interface UnitResult {
  unit: string;
  year: number;
  class: string | null;
  /** `met` when every criterion is met, else `not_met` (see `outcome` for missing data apart). */
  status: 'met' | 'not_met';
  /** `met`, `not_met` (a criterion really not met) or `incomplete` (only missing data). */
  outcome: UnitOutcome;
  criteriaMet: number;
  /** Criteria with at least one failing value. */
  criteriaNotMet: number;
  /** Criteria with no failing value but missing data (never counted as not met). */
  criteriaIncomplete: number;
  criteriaTotal: number;
  criteria: CriterionResult[];
  /** Indicators without a value, in set order (their criteria are `incomplete`, not `not_met`). */
  missing: string[];
  /** Null when the set defines no revocation rules. */
  revocation: RevocationVerdict | null;
}

/** Values by indicator code: a Map or a plain object. Null/undefined = missing. */
export type ValueSource =
  | ReadonlyMap<string, IndicatorValue | null | undefined>
  | Readonly<Record<string, IndicatorValue | null | undefined>>;

export interface EvaluationInput {
  unit: string;
  /** The unit's class (region or group code); null when the set has no classification. */
  class: string | null;
  year: number;
  values: ValueSource;
  /** District sets: counts of its communes, for the revoked-communes rule. */
  subunits?: SubunitCounts;
}

export type ValueProblem =
  'expected_boolean' | 'expected_number' | 'expected_judgement' | 'percent_out_of_range';

/**
 * Checks a value against an indicator and the threshold that applies: a boolean indicator (or a
 * numeric one judged yes/no for this class and year) takes true/false; a number indicator a finite
 * number; a percent indicator a number in 0–100.
 */
export function checkValue(
  type: IndicatorType,
  applied: AppliedThreshold,
  value: IndicatorValue,
): ValueProblem | null {
  if (type === 'boolean') return typeof value === 'boolean' ? null : 'expected_boolean';
  if (applied.judged) return typeof value === 'boolean' ? null : 'expected_judgement';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected_number';
  if (type === 'percent' && (value < 0 || value > 100)) return 'percent_out_of_range';
  return null;
}

export interface InputProblem {
  code: 'unknown_class' | ValueProblem;
  indicator?: string;
  value?: unknown;
}

/** Thrown by `evaluateUnit` for input the caller should have checked (see `checkValue`). */
export class CriteriaInputError extends Error {
  constructor(
    readonly unit: string,
    readonly problems: InputProblem[],
  ) {
    super(
      `invalid evaluation input for ${unit}: ` +
        problems.map((p) => (p.indicator ? `${p.indicator}: ${p.code}` : p.code)).join(', '),
    );
    this.name = 'CriteriaInputError';
  }
}

function reader(values: ValueSource): (code: string) => IndicatorValue | null | undefined {
  if (values instanceof Map) {
    const map = values as ReadonlyMap<string, IndicatorValue | null | undefined>;
    return (code) => map.get(code);
  }
  const record = values as Readonly<Record<string, IndicatorValue | null | undefined>>;
  return (code) => (Object.hasOwn(record, code) ? record[code] : undefined);
}

/**
 * Evaluates one unit for one year against a compiled set. Synchronous and pure. Per indicator:
 * `met`/`not_met` by its threshold, `missing` without a value, `no_rule` without a threshold; a
 * criterion is met when all its indicators are met, not met when one has a failing value, and
 * incomplete otherwise (missing data is not failure); the unit is met when all criteria are met.
 * Revocation counts only criteria really not met. Throws `CriteriaInputError` for a class not in the set or a
 * value of the wrong kind (validate first with `hasClass` and `checkValue`).
 */
export function evaluateUnit(compiled: CompiledCriteriaSet, input: EvaluationInput): UnitResult {
  if (!compiled.hasClass(input.class)) {
    throw new CriteriaInputError(input.unit, [{ code: 'unknown_class', value: input.class }]);
  }
  const applied = compiled.thresholds(input.class, input.year);
  const read = reader(input.values);
  const { indicators } = compiled;
  const results: IndicatorResult[] = new Array<IndicatorResult>(indicators.length);
  const missing: string[] = [];
  let problems: InputProblem[] | undefined;

  for (let i = 0; i < indicators.length; i++) {
    const item = indicators[i] as CompiledIndicator;
    const threshold = applied[i] as AppliedThreshold;
    const raw = read(item.code);
    const value = raw ?? null;
    let status: IndicatorStatus;
    if (value === null) {
      missing.push(item.code);
      status = threshold.op === null ? 'no_rule' : 'missing';
    } else {
      const problem = checkValue(item.type, threshold, value);
      if (problem) (problems ??= []).push({ code: problem, indicator: item.code, value });
      if (threshold.op === null || threshold.value === null) status = 'no_rule';
      else status = compare(threshold.op, value, threshold.value) ? 'met' : 'not_met';
    }
    results[i] = {
      code: item.code,
      status,
      value,
      threshold: threshold.value,
      op: threshold.op,
      verified: threshold.verified,
      thresholdClass: threshold.classKey,
      thresholdYear: threshold.year,
      judged: threshold.judged,
      gap: threshold.gap,
    };
  }
  if (problems) throw new CriteriaInputError(input.unit, problems);

  const criteria: CriterionResult[] = [];
  const notMet: string[] = [];
  const incomplete: string[] = [];
  let criteriaMet = 0;
  for (const criterion of compiled.criteria) {
    const own = results.slice(criterion.first, criterion.end);
    const status = criterionStatusOf(own.map((result) => result.status));
    if (status === 'met') criteriaMet++;
    else if (status === 'not_met') notMet.push(criterion.code);
    else incomplete.push(criterion.code);
    criteria.push({
      code: criterion.code,
      met: status === 'met',
      status,
      critical: criterion.critical,
      indicators: own,
    });
  }
  const total = compiled.criteria.length;
  const revocation = compiled.set.revocation
    ? revocationVerdict(compiled.set.revocation, notMet, total, input.subunits, incomplete)
    : null;
  return {
    unit: input.unit,
    year: input.year,
    class: input.class,
    status: criteriaMet === total ? 'met' : 'not_met',
    outcome: criteriaMet === total ? 'met' : notMet.length > 0 ? 'not_met' : 'incomplete',
    criteriaMet,
    criteriaNotMet: notMet.length,
    criteriaIncomplete: incomplete.length,
    criteriaTotal: total,
    criteria,
    missing,
    revocation,
  };
}

/** Compiles once and evaluates every input, in order. */
export function evaluateUnits(set: CriteriaSet, inputs: Iterable<EvaluationInput>): UnitResult[] {
  const compiled = compileCriteriaSet(set);
  const results: UnitResult[] = [];
  for (const input of inputs) results.push(evaluateUnit(compiled, input));
  return results;
}
