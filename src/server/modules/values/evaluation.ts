import { sql } from 'drizzle-orm';
import {
  checkValue,
  criterionStatusOf,
  evaluateUnit,
  formatDistrictCondition,
  type IndicatorStatus,
  type IndicatorValue,
  type SubunitCounts,
  type ValueProblem,
} from '../../../domain/criteria';
import { queryRows, type Executor } from '../../db/client';
import { classReasonText } from '../../../domain/units/class-override';
import type { UnitClassReasonView } from '../units/api';
import type { EvaluationView } from './api';
import { districtFacts, type DistrictFacts } from './district';
import { evaluationsChanged } from './changes';
import { evaluations } from './tables';
import type { EntryTarget } from './target';

/**
 * The evaluation of one unit-set-year, computed with the shared engine and stored beside the values
 * (in the transaction that changed them), so dashboards aggregate stored rows.
 */

export interface ComputedEvaluation {
  status: 'met' | 'not_met' | 'unclassified';
  unitClass: string | null;
  /** The class override that gave `unitClass` (units module), or null (attribute, or none). */
  classOverrideId: number | null;
  criteriaMet: number;
  criteriaTotal: number;
  indicatorsMissing: number;
  valuesCount: number;
  criterionMet: boolean[];
  indicatorStatus: IndicatorStatus[];
  revocation: { revoke: boolean; [key: string]: unknown } | null;
}

/** The stored columns of a computed evaluation, as the set-based statements write them. */
export function evaluationRecord(computed: ComputedEvaluation): Record<string, unknown> {
  return {
    unit_class: computed.unitClass,
    status: computed.status,
    criteria_met: computed.criteriaMet,
    criteria_total: computed.criteriaTotal,
    indicators_missing: computed.indicatorsMissing,
    values_count: computed.valuesCount,
    criterion_met: computed.criterionMet,
    indicator_status: computed.indicatorStatus,
    revocation: computed.revocation,
  };
}

/**
 * Evaluates values (by indicator code) for the target; unclassified units get no verdict. A district
 * passes its communes' counts (`districtFacts`) for the revoked-communes rule.
 */
export function computeEvaluation(
  target: EntryTarget,
  values: ReadonlyMap<string, IndicatorValue>,
  subunits?: SubunitCounts,
): ComputedEvaluation {
  const { compiled } = target.set;
  if (target.unclassified) {
    const indicatorStatus = compiled.indicators.map((item) =>
      values.has(item.code) ? ('no_rule' as const) : ('missing' as const),
    );
    return {
      status: 'unclassified',
      unitClass: null,
      classOverrideId: null,
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
    ...(subunits ? { subunits } : {}),
  });
  return {
    status: result.status,
    unitClass: target.unitClass,
    classOverrideId: target.classReason?.overrideId ?? null,
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
  evaluationsChanged();
  const row = {
    unitId: target.unit.id,
    setId: target.set.id,
    year: target.year,
    provinceCode: target.provinceCode,
    unitClass: computed.unitClass,
    classOverrideId: computed.classOverrideId,
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
        classOverrideId: row.classOverrideId,
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

/** Stores many evaluations (inserts or replaces) with one statement per chunk. */
export async function storeEvaluations(
  executor: Executor,
  items: ReadonlyArray<{ target: EntryTarget; computed: ComputedEvaluation }>,
): Promise<void> {
  if (items.length > 0) evaluationsChanged();
  for (let start = 0; start < items.length; start += 2000) {
    const rows = items.slice(start, start + 2000).map(({ target, computed }) => ({
      unit_id: target.unit.id,
      set_id: target.set.id,
      year: target.year,
      province_code: target.provinceCode,
      class_override_id: computed.classOverrideId,
      ...evaluationRecord(computed),
    }));
    await executor.execute(
      sql`INSERT INTO evaluation (unit_id, set_id, year, province_code, unit_class,
            class_override_id, status,
            criteria_met, criteria_total, indicators_missing, values_count, criterion_met,
            indicator_status, revocation, computed_at)
          SELECT r.unit_id, r.set_id, r.year, r.province_code, r.unit_class,
            r.class_override_id, r.status,
            r.criteria_met, r.criteria_total, r.indicators_missing, r.values_count,
            r.criterion_met, r.indicator_status, r.revocation, clock_timestamp()
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(unit_id int, set_id int,
            year smallint, province_code text, unit_class text, class_override_id int,
            status text,
            criteria_met smallint, criteria_total smallint, indicators_missing smallint,
            values_count smallint, criterion_met boolean[], indicator_status text[],
            revocation jsonb)
          ON CONFLICT (unit_id, set_id, year) DO UPDATE SET
            province_code = excluded.province_code, unit_class = excluded.unit_class,
            class_override_id = excluded.class_override_id,
            status = excluded.status, criteria_met = excluded.criteria_met,
            criteria_total = excluded.criteria_total,
            indicators_missing = excluded.indicators_missing,
            values_count = excluded.values_count, criterion_met = excluded.criterion_met,
            indicator_status = excluded.indicator_status, revocation = excluded.revocation,
            computed_at = excluded.computed_at`,
    );
  }
}

/** Recomputes and stores the target's evaluation from the values in the database. */
export async function refreshEvaluation(
  executor: Executor,
  target: EntryTarget,
): Promise<ComputedEvaluation> {
  const district = await districtFacts(executor, target);
  const computed = computeEvaluation(
    target,
    await readValues(executor, target),
    district?.subunits,
  );
  await storeEvaluation(executor, target, computed);
  return computed;
}

/** Why the target has its class, with the Vietnamese explanation (null: the set has no classes). */
export function classReasonView(target: EntryTarget): UnitClassReasonView | null {
  const reason = target.classReason;
  if (!reason) return null;
  const info = target.set.definition.classInfo;
  return {
    ...reason,
    text: classReasonText(reason, (value) => info[value]?.label ?? value),
  };
}

/** The API view of an evaluation (criteria with their indicators' statuses). */
export function evaluationView(
  target: EntryTarget,
  computed: ComputedEvaluation,
  computedAt: Date | string | null,
  district: DistrictFacts | null = null,
): EvaluationView {
  const { compiled } = target.set;
  // Per criterion met / not met / incomplete, derived from the stored indicator statuses.
  const criterionStatus = compiled.criteria.map((criterion) =>
    criterionStatusOf(
      compiled.indicators
        .slice(criterion.first, criterion.end)
        .map((item) => computed.indicatorStatus[item.index] ?? 'missing'),
    ),
  );
  const criteriaNotMet = criterionStatus.filter((status) => status === 'not_met').length;
  const criteriaIncomplete = criterionStatus.filter((status) => status === 'incomplete').length;
  return {
    status: computed.status,
    unitClass: computed.unitClass,
    classReason: computed.unitClass === null ? null : classReasonView(target),
    criteriaMet: computed.criteriaMet,
    criteriaTotal: computed.criteriaTotal,
    indicatorsMissing: computed.indicatorsMissing,
    criteria: compiled.criteria.map((criterion, index) => ({
      code: criterion.code,
      met: computed.criterionMet[index] ?? false,
      status: criterionStatus[index] ?? 'incomplete',
      indicators: compiled.indicators.slice(criterion.first, criterion.end).map((item) => ({
        code: item.code,
        status: computed.indicatorStatus[item.index] ?? 'missing',
      })),
    })),
    outcome:
      computed.status === 'unclassified'
        ? 'unclassified'
        : criteriaNotMet > 0
          ? 'not_met'
          : criteriaIncomplete > 0
            ? 'incomplete'
            : 'met',
    criteriaNotMet,
    criteriaIncomplete,
    indicatorsNotMet: computed.indicatorStatus.filter((status) => status === 'not_met').length,
    revocation: computed.revocation,
    district: district && {
      date: district.date,
      communes: district.communes,
      communesMet: district.communesMet,
      communesWithoutResult: district.communesWithoutResult,
      communeSet: district.communeSet,
      advancedSet: district.advancedSet,
      revokedCommunes: district.subunits.revoked,
      undeterminedCommunes: district.subunits.undetermined ?? 0,
      conditions: district.conditions.map((condition) => ({
        ...condition,
        text: formatDistrictCondition(condition),
      })),
    },
    computedAt:
      computedAt === null
        ? null
        : typeof computedAt === 'string'
          ? new Date(computedAt).toISOString()
          : computedAt.toISOString(),
  };
}

/**
 * The stored revocation verdicts of a unit for a set from `fromYear` on (the rule of 18/2022 the
 * set carries, as the last save computed it): what the recognition module watches.
 */
export async function storedRevocationVerdicts(
  executor: Executor,
  unitId: number,
  setId: number,
  fromYear: number,
): Promise<
  Array<{ year: number; revocation: ComputedEvaluation['revocation']; computedAt: string }>
> {
  const rows = await queryRows<{
    year: number;
    revocation: ComputedEvaluation['revocation'];
    computedAt: string | Date;
  }>(
    executor,
    sql`SELECT year, revocation, computed_at AS "computedAt" FROM evaluation
        WHERE unit_id = ${unitId} AND set_id = ${setId} AND year >= ${fromYear}
        ORDER BY year`,
  );
  return rows.map((row) => ({
    year: Number(row.year),
    revocation: row.revocation,
    computedAt: new Date(row.computedAt).toISOString(),
  }));
}
