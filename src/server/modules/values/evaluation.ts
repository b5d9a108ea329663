import { sql } from 'drizzle-orm';
import {
  checkValue,
  evaluateUnit,
  type IndicatorStatus,
  type IndicatorValue,
  type ValueProblem,
} from '../../../domain/criteria';
import { queryRows, type Executor } from '../../db/client';
import type { EvaluationView } from './api';
import { evaluations } from './tables';
import type { EntryTarget } from './target';

/**
 * The evaluation of one unit-set-year, computed with the shared engine and stored beside the values
 * (in the transaction that changed them), so dashboards aggregate stored rows.
 */

export interface ComputedEvaluation {
  status: 'met' | 'not_met' | 'unclassified';
  unitClass: string | null;
  criteriaMet: number;
  criteriaTotal: number;
  indicatorsMissing: number;
  valuesCount: number;
  criterionMet: boolean[];
  indicatorStatus: IndicatorStatus[];
  revocation: { revoke: boolean; [key: string]: unknown } | null;
}

/** Evaluates values (by indicator code) for the target; unclassified units get no verdict. */
export function computeEvaluation(
  target: EntryTarget,
  values: ReadonlyMap<string, IndicatorValue>,
): ComputedEvaluation {
  const { compiled } = target.set;
  if (target.unclassified) {
    const indicatorStatus = compiled.indicators.map((item) =>
      values.has(item.code) ? ('no_rule' as const) : ('missing' as const),
    );
    return {
      status: 'unclassified',
      unitClass: null,
      criteriaMet: 0,
      criteriaTotal: compiled.criteria.length,
      indicatorsMissing: indicatorStatus.filter((s) => s === 'missing').length,
      valuesCount: values.size,
      criterionMet: compiled.criteria.map(() => false),
      indicatorStatus,
      revocation: null,
    };
  }
  const result = evaluateUnit(compiled, {
    unit: target.unit.code,
    class: target.unitClass,
    year: target.year,
    values,
  });
  return {
    status: result.status,
    unitClass: target.unitClass,
    criteriaMet: result.criteriaMet,
    criteriaTotal: result.criteriaTotal,
    indicatorsMissing: result.missing.length,
    valuesCount: values.size,
    criterionMet: result.criteria.map((criterion) => criterion.met),
    indicatorStatus: result.criteria.flatMap((criterion) =>
      criterion.indicators.map((indicator) => indicator.status),
    ),
    revocation: result.revocation ? { ...result.revocation } : null,
  };
}

/**
 * Why a value does not fit an indicator for the target's class and year (null when it fits). For an
 * unclassified unit the judged-or-numeric question cannot be settled: either kind is accepted
 * where the indicator may be judged.
 */
export function valueProblem(
  target: EntryTarget,
  indicatorCode: string,
  value: IndicatorValue,
): ValueProblem | null {
  const item = target.set.compiled.indicatorByCode.get(indicatorCode);
  if (!item) return null;
  if (target.unclassified) {
    if (item.type === 'boolean') return typeof value === 'boolean' ? null : 'expected_boolean';
    if (typeof value === 'boolean') {
      return item.indicator.noThreshold === 'judgement' ? null : 'expected_number';
    }
    if (!Number.isFinite(value)) return 'expected_number';
    if (item.type === 'percent' && (value < 0 || value > 100)) return 'percent_out_of_range';
    return null;
  }
  const applied = target.set.compiled.thresholds(target.unitClass, target.year)[item.index]!;
  return checkValue(item.type, applied, value);
}

/** Stores (inserts or replaces) the evaluation of the target. */
export async function storeEvaluation(
  executor: Executor,
  target: EntryTarget,
  computed: ComputedEvaluation,
): Promise<Date> {
  const row = {
    unitId: target.unit.id,
    setId: target.set.id,
    year: target.year,
    provinceCode: target.provinceCode,
    unitClass: computed.unitClass,
    status: computed.status,
    criteriaMet: computed.criteriaMet,
    criteriaTotal: computed.criteriaTotal,
    indicatorsMissing: computed.indicatorsMissing,
    valuesCount: computed.valuesCount,
    criterionMet: computed.criterionMet,
    indicatorStatus: computed.indicatorStatus,
    revocation: computed.revocation,
    computedAt: new Date(),
  };
  await executor
    .insert(evaluations)
    .values(row)
    .onConflictDoUpdate({
      target: [evaluations.unitId, evaluations.setId, evaluations.year],
      set: {
        provinceCode: row.provinceCode,
        unitClass: row.unitClass,
        status: row.status,
        criteriaMet: row.criteriaMet,
        criteriaTotal: row.criteriaTotal,
        indicatorsMissing: row.indicatorsMissing,
        valuesCount: row.valuesCount,
        criterionMet: row.criterionMet,
        indicatorStatus: row.indicatorStatus,
        revocation: row.revocation,
        computedAt: row.computedAt,
      },
    });
  return row.computedAt;
}

/** The current values of the target, by indicator code (cleared values left out). */
export async function readValues(
  executor: Executor,
  target: EntryTarget,
): Promise<Map<string, IndicatorValue>> {
  const rows = await queryRows<{
    indicatorId: number;
    valueNumber: number | null;
    valueBoolean: boolean | null;
  }>(
    executor,
    sql`SELECT indicator_id AS "indicatorId", value_number AS "valueNumber",
          value_boolean AS "valueBoolean"
        FROM indicator_value
        WHERE unit_id = ${target.unit.id} AND set_id = ${target.set.id} AND year = ${target.year}`,
  );
  const values = new Map<string, IndicatorValue>();
  for (const row of rows) {
    const code = target.set.indicatorCodeById.get(Number(row.indicatorId));
    const value = row.valueNumber ?? row.valueBoolean;
    if (code !== undefined && value !== null) values.set(code, value);
  }
  return values;
}

/** Recomputes and stores the target's evaluation from the values in the database. */
export async function refreshEvaluation(
  executor: Executor,
  target: EntryTarget,
): Promise<ComputedEvaluation> {
  const computed = computeEvaluation(target, await readValues(executor, target));
  await storeEvaluation(executor, target, computed);
  return computed;
}

/** The API view of an evaluation (criteria with their indicators' statuses). */
export function evaluationView(
  target: EntryTarget,
  computed: ComputedEvaluation,
  computedAt: Date | string | null,
): EvaluationView {
  const { compiled } = target.set;
  return {
    status: computed.status,
    unitClass: computed.unitClass,
    criteriaMet: computed.criteriaMet,
    criteriaTotal: computed.criteriaTotal,
    indicatorsMissing: computed.indicatorsMissing,
    criteria: compiled.criteria.map((criterion, index) => ({
      code: criterion.code,
      met: computed.criterionMet[index] ?? false,
      indicators: compiled.indicators.slice(criterion.first, criterion.end).map((item) => ({
        code: item.code,
        status: computed.indicatorStatus[item.index] ?? 'missing',
      })),
    })),
    revocation: computed.revocation,
    computedAt:
      computedAt === null
        ? null
        : typeof computedAt === 'string'
          ? new Date(computedAt).toISOString()
          : computedAt.toISOString(),
  };
}
