import { checkValue, evaluateUnit } from '../../../domain/criteria/evaluate';
import type {
  AppliedThreshold,
  CompiledCriteriaSet,
  CriterionResult,
  IndicatorResult,
} from '../../../domain/criteria/evaluate';
import type { IndicatorType } from '../../../domain/criteria/types';
import type { EntryValue } from './types';

/** How a criterion stands: met, not met (some indicator fails), or waiting for data. */
export type CriterionStatus = 'met' | 'not_met' | 'missing';

export interface LiveCriterion {
  code: string;
  status: CriterionStatus;
  /** Indicators met, out of `total`. */
  met: number;
  total: number;
  result: CriterionResult;
}

export type LiveEvaluation =
  | {
      classified: true;
      criteriaMet: number;
      criteriaTotal: number;
      /** Indicators without a value. */
      missing: number;
      byIndicator: ReadonlyMap<string, IndicatorResult>;
      byCriterion: ReadonlyMap<string, LiveCriterion>;
    }
  | {
      /** The unit has no region/group for this set: no threshold, no verdict. */
      classified: false;
      criteriaMet: null;
      criteriaTotal: number;
      missing: number;
      byIndicator: ReadonlyMap<string, IndicatorResult>;
      byCriterion: ReadonlyMap<string, LiveCriterion>;
    };

/** The kind of input an indicator takes for the unit's class and year. */
export type InputKind = 'boolean' | 'percent' | 'number';

/**
 * A yes/no indicator, or a numeric one the set leaves to the responsible officer's judgement for
 * this class and year, takes Đạt/Không đạt; the others a percentage or a number.
 */
export function inputKind(type: IndicatorType, applied: AppliedThreshold | undefined): InputKind {
  if (type === 'boolean' || applied?.judged) return 'boolean';
  return type;
}

/**
 * The engine's verdict for the form: a criterion is "not met" only when a value fails; one that
 * waits for a value or a threshold is "missing" (chưa đủ số liệu), as the engine says.
 */
export function criterionStatus(result: CriterionResult): CriterionStatus {
  if (result.status === 'met') return 'met';
  return result.status === 'not_met' ? 'not_met' : 'missing';
}

/**
 * Evaluates the values on screen with the shared engine, as the officer types: the same verdicts
 * the server stores when they are saved. A value of the wrong kind for the indicator (a number
 * left from before the indicator was judged yes/no) counts as missing rather than stopping it.
 */
export function liveEvaluate(
  compiled: CompiledCriteriaSet,
  unitCode: string,
  unitClass: string | null,
  year: number,
  values: Readonly<Record<string, EntryValue | undefined>>,
): LiveEvaluation {
  const missing = compiled.indicators.filter((item) => (values[item.code] ?? null) === null).length;
  if (!compiled.hasClass(unitClass)) {
    return {
      classified: false,
      criteriaMet: null,
      criteriaTotal: compiled.criteria.length,
      missing,
      byIndicator: new Map(),
      byCriterion: new Map(),
    };
  }
  const applied = compiled.thresholds(unitClass, year);
  const usable: Record<string, EntryValue> = {};
  for (const item of compiled.indicators) {
    const value = values[item.code] ?? null;
    const fits = value !== null && checkValue(item.type, applied[item.index]!, value) === null;
    usable[item.code] = fits ? value : null;
  }
  const result = evaluateUnit(compiled, { unit: unitCode, class: unitClass, year, values: usable });
  const byIndicator = new Map<string, IndicatorResult>();
  const byCriterion = new Map<string, LiveCriterion>();
  for (const criterion of result.criteria) {
    for (const indicator of criterion.indicators) byIndicator.set(indicator.code, indicator);
    byCriterion.set(criterion.code, {
      code: criterion.code,
      status: criterionStatus(criterion),
      met: criterion.indicators.filter((indicator) => indicator.status === 'met').length,
      total: criterion.indicators.length,
      result: criterion,
    });
  }
  return {
    classified: true,
    criteriaMet: result.criteriaMet,
    criteriaTotal: result.criteriaTotal,
    missing: result.missing.length,
    byIndicator,
    byCriterion,
  };
}

/** Criteria in their groups, in the set's order ("Hạ tầng kinh tế – xã hội": 2–9). */
export function groupsOf<T extends { group?: string | null }>(
  criteria: readonly T[],
): Array<{ group: string | null; criteria: T[] }> {
  const groups: Array<{ group: string | null; criteria: T[] }> = [];
  for (const criterion of criteria) {
    const group = criterion.group ?? null;
    const last = groups[groups.length - 1];
    if (last && last.group === group) last.criteria.push(criterion);
    else groups.push({ group, criteria: [criterion] });
  }
  return groups;
}
