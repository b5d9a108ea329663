import { sql } from 'drizzle-orm';
import {
  basisText,
  type ClassOverrideKind,
  type UnitClassReason,
} from '../../../domain/units/class-override';
import { queryRows, type Executor } from '../../db/client';

/**
 * The class of a unit for a criteria set's classification on a date (region for the 2021–2025
 * sets, commune group for 2026–2030), and why. Owned by the units module: classes come from the
 * unit attributes and from the class overrides province offices record (ĐBKK, ATK, island,
 * commune group). Every function here is set-based: one query for any number of units.
 */

export type Classification = 'region' | 'group' | 'none';

/** The attribute key that gives a unit's class for a set's classification. */
export function classAttributeOf(classification: Classification): string | null {
  if (classification === 'region') return 'region';
  if (classification === 'group') return 'commune_group';
  return null;
}

function idArray(unitIds: readonly number[]) {
  return sql`ARRAY[${sql.join(
    unitIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::int[]`;
}

interface AttributeClass {
  value: string;
  /** 0: the unit or an ancestor carries it; > 0: found through the lineage. */
  depth: number;
}

/**
 * The attribute classes of many units on `date`, in one query: the attribute on the unit or its
 * nearest ancestor; failing that, the class its predecessors had on their last day (through the
 * lineage, nearest first), when they agree. A commune created in the 2025 reform thus keeps the
 * region of the communes it merged.
 */
async function attributeClassesOn(
  executor: Executor,
  unitIds: readonly number[],
  key: string,
  date: string,
): Promise<Map<number, AttributeClass>> {
  const found = new Map<number, AttributeClass>();
  if (unitIds.length === 0) return found;
  const rows = await queryRows<{ start: number; depth: number; value: string | null }>(
    executor,
    sql`WITH RECURSIVE source(start, id, depth) AS (
          SELECT s.id, s.id, 0 FROM unnest(${idArray(unitIds)}) AS s(id)
          UNION
          SELECT s.start, l.from_unit_id, s.depth + 1 FROM source s
            JOIN unit_lineage l ON l.to_unit_id = s.id WHERE s.depth < 4
        )
        SELECT s.start, s.depth, (
          SELECT t.value FROM unit u JOIN unit a ON a.path @> u.path
            JOIN unit_attribute t ON t.unit_id = a.id AND t.key = ${key}
              AND t.valid_from <= LEAST(${date}::date, coalesce(u.valid_to, ${date}::date))
              AND (t.valid_to IS NULL
                OR t.valid_to >= LEAST(${date}::date, coalesce(u.valid_to, ${date}::date)))
          WHERE u.id = s.id ORDER BY nlevel(a.path) DESC LIMIT 1) AS value
        FROM source s ORDER BY s.start, s.depth`,
  );
  const best = new Map<number, { depth: number; values: Set<string> }>();
  for (const row of rows) {
    if (row.value === null) continue;
    const start = Number(row.start);
    const depth = Number(row.depth);
    const known = best.get(start);
    if (!known) best.set(start, { depth, values: new Set([row.value]) });
    else if (known.depth === depth) known.values.add(row.value);
  }
  for (const [start, known] of best) {
    if (known.values.size === 1)
      found.set(start, { value: [...known.values][0]!, depth: known.depth });
  }
  return found;
}

/**
 * The attribute classes of many units on `date` (as `attributeClassesOn` explains), without the
 * overrides. Kept for callers that ask for an attribute key directly.
 */
export async function unitClassesOn(
  executor: Executor,
  unitIds: readonly number[],
  key: string,
  date: string,
): Promise<Map<number, string | null>> {
  const found = await attributeClassesOn(executor, unitIds, key, date);
  return new Map(unitIds.map((id) => [id, found.get(id)?.value ?? null]));
}

/** One unit's attribute class on `date` (see `unitClassesOn`). */
export async function unitClassOn(
  executor: Executor,
  unitId: number,
  key: string,
  date: string,
): Promise<string | null> {
  return (await unitClassesOn(executor, [unitId], key, date)).get(unitId) ?? null;
}

/** Priority of statuses giving the same classification: ĐBKK before ATK. */
const kindOrder: Record<ClassOverrideKind, number> = {
  dbkk: 0,
  atk: 1,
  commune_group: 0,
  island: 2,
};

interface OverrideRow {
  unitId: number;
  id: number;
  kind: ClassOverrideKind;
  classValue: string | null;
  basisNumber: string;
  basisDate: string;
}

/**
 * Why each unit has its class for `classification` on `date` (the reference date of the year,
 * 31/12): a class override valid that day (on the unit's last day, for a unit that ended before)
 * that applies to the classification wins over the attribute; island records are noted as not
 * applied. Two queries for any number of units.
 */
export async function unitClassReasonsOn(
  executor: Executor,
  unitIds: readonly number[],
  classification: Classification,
  date: string,
): Promise<Map<number, UnitClassReason>> {
  const none = (): UnitClassReason => ({
    class: null,
    source: 'none',
    kind: null,
    overrideId: null,
    basis: null,
    notApplied: [],
  });
  const reasons = new Map<number, UnitClassReason>(unitIds.map((id) => [id, none()]));
  const key = classAttributeOf(classification);
  if (unitIds.length === 0 || key === null) return reasons;
  const overrides = await queryRows<OverrideRow>(
    executor,
    sql`SELECT o.unit_id AS "unitId", o.id, o.kind, o.class_value AS "classValue",
          o.basis_number AS "basisNumber", to_char(o.basis_date, 'YYYY-MM-DD') AS "basisDate"
        FROM unit_class_override o JOIN unit u ON u.id = o.unit_id
        WHERE o.unit_id = ANY(${idArray(unitIds)}) AND o.classification = ${classification}
          AND o.valid_from <= LEAST(${date}::date, coalesce(u.valid_to, ${date}::date))
          AND (o.valid_to IS NULL
            OR o.valid_to >= LEAST(${date}::date, coalesce(u.valid_to, ${date}::date)))
        ORDER BY o.unit_id, o.valid_from DESC, o.id DESC`,
  );
  const attributes = await attributeClassesOn(executor, unitIds, key, date);
  for (const id of unitIds) {
    const attribute = attributes.get(id);
    if (attribute) {
      reasons.set(id, {
        ...none(),
        class: attribute.value,
        source: attribute.depth === 0 ? 'attribute' : 'lineage',
      });
    }
  }
  const rows = [...overrides].sort(
    (a, b) => Number(a.unitId) - Number(b.unitId) || kindOrder[a.kind] - kindOrder[b.kind],
  );
  for (const row of rows) {
    const reason = reasons.get(Number(row.unitId))!;
    const basis = basisText(row.basisNumber, row.basisDate);
    if (row.classValue === null) {
      reason.notApplied.push({ kind: row.kind, basis });
      continue;
    }
    if (reason.source === 'override') continue; // a stronger status already decided
    reason.class = row.classValue;
    reason.source = 'override';
    reason.kind = row.kind;
    reason.overrideId = Number(row.id);
    reason.basis = basis;
  }
  return reasons;
}

/** One unit's class and its reason (see `unitClassReasonsOn`). */
export async function unitClassReasonOn(
  executor: Executor,
  unitId: number,
  classification: Classification,
  date: string,
): Promise<UnitClassReason> {
  return (await unitClassReasonsOn(executor, [unitId], classification, date)).get(unitId)!;
}
