import { eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError } from '../../errors';
import { addDays, displayDate, type LineageKind, type UnitKind, type UnitLevel } from './model';
import { unitLineage } from './tables';
import { unitsChanged } from './cache';
import type { RequestContext } from '../../auth/actor';
import { recordAudit } from '../audit/service';
import { assertUnitAccess } from './access';
import { requireRole } from '../../auth/policy';
import { unitAttributeEditorRoles } from '../../auth/roles';

/**
 * Administrative units as they stood on a date, their lineage, and the SQL conditions other modules
 * use to filter by unit scope. Every read takes an `asOf` date (YYYY-MM-DD, default today in Vietnam).
 */

export {
  parseDateParam,
  unitValidOnSql,
  findUnit,
  findUnitVersions,
  findUnitById,
  getUnit,
  unitInSubtreeSql,
  isUnitInSubtree,
  coveredUnitIdsSql,
  unitCoveredBySql,
  coveringUnitIdsSql,
  isUnitCoveredBy,
} from './lookup';
export type { UnitId, UnitRecord, UnitSummary, UnitListItem, Page, ListUnitsQuery } from './lookup';
import {
  requireDate,
  unitColumns,
  unitFrom,
  ancestorsJson,
  normaliseUnit,
  toListItem,
  unitValidOnSql,
  findUnitVersions,
  getUnit,
} from './lookup';
import type { UnitId, UnitRecord, UnitSummary, UnitListItem, Page, ListUnitsQuery } from './lookup';

const levelOrder = sql`CASE u.level WHEN 'province' THEN 1 WHEN 'district' THEN 2 ELSE 3 END`;

/**
 * Units valid on `asOf`, in Vietnamese alphabetical order, one page at a time. With `parentCode`
 * alone: the parent's direct children; with `parentCode` and `level`: that level inside the
 * parent's subtree.
 */
export async function listUnits(
  executor: Executor,
  query: ListUnitsQuery,
): Promise<Page<UnitListItem>> {
  const conditions: SQL[] = [unitValidOnSql('u', query.asOf)];
  if (query.level) conditions.push(sql`u.level = ${query.level}`);
  if (query.parentCode !== undefined) {
    const parent = await getUnit(executor, query.parentCode, query.asOf);
    conditions.push(
      query.level
        ? sql`u.path <@ ${parent.path}::ltree AND u.id <> ${parent.id}`
        : sql`u.parent_id = ${parent.id}`,
    );
  }
  const where = sql.join(conditions, sql` AND `);
  const [count] = await queryRows<{ total: number }>(
    executor,
    sql`SELECT count(*)::int AS total FROM unit u WHERE ${where}`,
  );
  const rows = await queryRows<UnitRecord>(
    executor,
    sql`SELECT ${unitColumns} FROM ${unitFrom} WHERE ${where}
        ORDER BY ${levelOrder}, u.sort_key, u.code, u.id
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
  );
  return {
    items: rows.map((row) => toListItem(normaliseUnit(row))),
    total: Number(count?.total ?? 0),
  };
}

export interface SearchUnitsQuery {
  q: string;
  asOf: string;
  level?: UnitLevel | undefined;
  page: number;
  pageSize: number;
}

export interface UnitSearchItem extends UnitListItem {
  ancestors: UnitSummary[];
  score: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * Accent- and case-insensitive search (unaccent + pg_trgm on `ntm_fold(name)`) among units valid
 * on `asOf`. Best match first: the exact name, then names starting with the query, then by
 * trigram word similarity; provinces before districts before communes on ties.
 */
export async function searchUnits(
  executor: Executor,
  query: SearchUnitsQuery,
): Promise<Page<UnitSearchItem>> {
  const text = query.q.trim().replace(/\s+/g, ' ');
  if (text.length === 0) throw new AppError('units.search_query_empty', 400, { param: 'q' });
  const folded = sql`ntm_fold(${text})`;
  const contains = sql`'%' || ntm_fold(${escapeLike(text)}) || '%'`;
  const conditions: SQL[] = [
    sql`(ntm_fold(u.name) LIKE ${contains} OR ${folded} <% ntm_fold(u.name))`,
    unitValidOnSql('u', query.asOf),
  ];
  if (query.level) conditions.push(sql`u.level = ${query.level}`);
  const where = sql.join(conditions, sql` AND `);
  const [count] = await queryRows<{ total: number }>(
    executor,
    sql`SELECT count(*)::int AS total FROM unit u WHERE ${where}`,
  );
  const rows = await queryRows<
    UnitRecord & { ancestors: UnitSummary[]; score: number; rank: number }
  >(
    executor,
    sql`SELECT ${unitColumns}, ${ancestorsJson} AS ancestors,
          CASE WHEN ntm_fold(u.short_name) = ${folded} OR ntm_fold(u.name) = ${folded} THEN 0
               WHEN ntm_fold(u.short_name) LIKE ntm_fold(${escapeLike(text)}) || '%' THEN 1
               ELSE 2 END AS rank,
          word_similarity(${folded}, ntm_fold(u.name))::float8 AS score
        FROM ${unitFrom} WHERE ${where}
        ORDER BY rank, score DESC, similarity(${folded}, ntm_fold(u.short_name)) DESC,
          ${levelOrder}, u.sort_key, u.code
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
  );
  return {
    items: rows.map((row) => ({
      ...toListItem(normaliseUnit(row)),
      ancestors: row.ancestors,
      score: Math.round(Number(row.score) * 1000) / 1000,
    })),
    total: Number(count?.total ?? 0),
  };
}

// --- One unit -----------------------------------------------------------------------------------

export interface UnitAttributeView {
  key: string;
  value: string;
  validFrom: string;
  validTo: string | null;
  source: string;
  verified: boolean;
  note: string | null;
}

export interface UnitVersionView {
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  validFrom: string;
  validTo: string | null;
}

export interface UnitDetail extends UnitListItem {
  ancestors: UnitSummary[];
  childCount: number;
  attributes: UnitAttributeView[];
  /** Every unit that carried this code (codes are reused across reforms), oldest first. */
  versions: UnitVersionView[];
}

async function ancestorsOf(executor: Executor, unit: UnitRecord): Promise<UnitSummary[]> {
  return queryRows<UnitSummary>(
    executor,
    sql`SELECT a.code, a.name, a.kind, a.level FROM unit a
        WHERE a.path @> ${unit.path}::ltree AND a.id <> ${unit.id} ORDER BY nlevel(a.path)`,
  );
}

/** Attributes of a unit valid on `asOf` (all of them when `asOf` is null). */
export async function unitAttributesOf(
  executor: Executor,
  unitId: UnitId,
  asOf: string | null,
): Promise<UnitAttributeView[]> {
  const onDate = asOf ? sql`AND ${unitValidOnSql('t', asOf)}` : sql``;
  return queryRows<UnitAttributeView>(
    executor,
    sql`SELECT t.key, t.value, to_char(t.valid_from, 'YYYY-MM-DD') AS "validFrom",
          to_char(t.valid_to, 'YYYY-MM-DD') AS "validTo",
          t.source, t.verified, t.note
        FROM unit_attribute t WHERE t.unit_id = ${unitId} ${onDate} ORDER BY t.key, t.valid_from`,
  );
}

/** The unit with this code on `asOf`, its ancestors (top first), attributes and other versions. */
export async function getUnitDetail(
  executor: Executor,
  code: string,
  asOf: string,
): Promise<UnitDetail> {
  const unit = await getUnit(executor, code, asOf);
  const [ancestors, attributes, versions, children] = [
    await ancestorsOf(executor, unit),
    await unitAttributesOf(executor, unit.id, asOf),
    await findUnitVersions(executor, code),
    await queryRows<{ total: number }>(
      executor,
      sql`SELECT count(*)::int AS total FROM unit u WHERE u.parent_id = ${unit.id} AND ${unitValidOnSql('u', asOf)}`,
    ),
  ];
  return {
    ...toListItem(unit),
    ancestors,
    childCount: Number(children[0]?.total ?? 0),
    attributes,
    versions: versions.map((version) => ({
      name: version.name,
      kind: version.kind,
      level: version.level,
      validFrom: version.validFrom,
      validTo: version.validTo,
    })),
  };
}

// --- Lineage ------------------------------------------------------------------------------------

export interface LineageEntry extends UnitListItem {
  ancestors: UnitSummary[];
  lineageKind: LineageKind;
  effectiveDate: string;
  source: string;
  note: string | null;
}

export interface UnitLineageView {
  unit: UnitListItem & { ancestors: UnitSummary[] };
  predecessors: LineageEntry[];
  successors: LineageEntry[];
  versions: UnitVersionView[];
}

async function lineageEntries(
  executor: Executor,
  unitId: UnitId,
  direction: 'predecessors' | 'successors',
): Promise<LineageEntry[]> {
  const join =
    direction === 'predecessors'
      ? sql`l.from_unit_id = u.id WHERE l.to_unit_id = ${unitId}`
      : sql`l.to_unit_id = u.id WHERE l.from_unit_id = ${unitId}`;
  const rows = await queryRows<UnitRecord & Omit<LineageEntry, keyof UnitListItem>>(
    executor,
    sql`SELECT ${unitColumns}, ${ancestorsJson} AS ancestors, l.kind AS "lineageKind",
          to_char(l.effective_date, 'YYYY-MM-DD') AS "effectiveDate", l.source, l.note
        FROM unit_lineage l JOIN ${unitFrom} ON ${join}
        ORDER BY u.sort_key, u.code, u.id`,
  );
  return rows.map((row) => ({
    ...toListItem(normaliseUnit(row)),
    ancestors: row.ancestors,
    lineageKind: row.lineageKind,
    effectiveDate: row.effectiveDate,
    source: row.source,
    note: row.note,
  }));
}

/**
 * Predecessors and successors of a unit. With `asOf`, the version valid on that date; without, the
 * newest version carrying the code (the current one when there is one).
 */
export async function getUnitLineage(
  executor: Executor,
  code: string,
  asOf: string | undefined,
): Promise<UnitLineageView> {
  const versions = await findUnitVersions(executor, code);
  let unit: UnitRecord | undefined;
  if (asOf) unit = await getUnit(executor, code, asOf);
  else unit = versions.at(-1);
  if (!unit) throw new AppError('units.not_found', 404, { code });
  return lineageOf(executor, unit, versions);
}

async function lineageOf(
  executor: Executor,
  unit: UnitRecord,
  versions?: UnitRecord[],
): Promise<UnitLineageView> {
  const allVersions = versions ?? (await findUnitVersions(executor, unit.code));
  return {
    unit: { ...toListItem(unit), ancestors: await ancestorsOf(executor, unit) },
    predecessors: await lineageEntries(executor, unit.id, 'predecessors'),
    successors: await lineageEntries(executor, unit.id, 'successors'),
    versions: allVersions.map((version) => ({
      name: version.name,
      kind: version.kind,
      level: version.level,
      validFrom: version.validFrom,
      validTo: version.validTo,
    })),
  };
}

/** Units that closed without any successor (an administrator may link them). */
export async function listUnlinkedUnits(
  executor: Executor,
  query: { level?: UnitLevel | undefined; page: number; pageSize: number },
): Promise<Page<UnitListItem & { ancestors: UnitSummary[] }>> {
  const conditions: SQL[] = [
    sql`u.valid_to IS NOT NULL`,
    sql`NOT EXISTS (SELECT 1 FROM unit_lineage l WHERE l.from_unit_id = u.id)`,
  ];
  if (query.level) conditions.push(sql`u.level = ${query.level}`);
  const where = sql.join(conditions, sql` AND `);
  const [count] = await queryRows<{ total: number }>(
    executor,
    sql`SELECT count(*)::int AS total FROM unit u WHERE ${where}`,
  );
  const rows = await queryRows<UnitRecord & { ancestors: UnitSummary[] }>(
    executor,
    sql`SELECT ${unitColumns}, ${ancestorsJson} AS ancestors FROM ${unitFrom} WHERE ${where}
        ORDER BY u.path, u.sort_key
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
  );
  return {
    items: rows.map((row) => ({ ...toListItem(normaliseUnit(row)), ancestors: row.ancestors })),
    total: Number(count?.total ?? 0),
  };
}

// --- Fixing a link ------------------------------------------------------------------------------

export interface SetSuccessorsInput {
  /** The unit whose successors are set, as of a date when it was valid. */
  code: string;
  asOf: string;
  /** The complete new list of successors; empty removes every link. */
  successors: Array<{ code: string; asOf?: string | undefined; kind?: LineageKind | undefined }>;
  note?: string | undefined;
}

/**
 * Replaces the successors of a unit version (an administrator's correction of the lineage).
 * Each successor is taken as of the day after the unit closed unless another date is given.
 */
export async function setUnitSuccessors(
  tx: Tx,
  context: RequestContext,
  input: SetSuccessorsInput,
): Promise<UnitLineageView> {
  // Only a system administrator corrects the lineage (it moves officers' scopes).
  requireRole(context, ['admin']);
  const asOf = requireDate(input.asOf, 'asOf');
  const from = await getUnit(tx, input.code, asOf);
  const before = await lineageOf(tx, from);
  if (from.validTo === null) {
    throw new AppError('units.lineage_current_unit', 400, { code: from.code, name: from.name });
  }
  const defaultDate = addDays(from.validTo, 1);
  const seen = new Set<number>();
  const targets: Array<{ unit: UnitRecord; kind: LineageKind | undefined }> = [];
  for (const [index, successor] of input.successors.entries()) {
    const date = successor.asOf
      ? requireDate(successor.asOf, `successors[${index}].asOf`)
      : defaultDate;
    const unit = await getUnit(tx, successor.code, date);
    if (unit.id === from.id) throw new AppError('units.lineage_self', 400, { code: unit.code });
    if (unit.validFrom <= from.validFrom) {
      throw new AppError('units.lineage_backwards', 400, {
        from: `${from.code} ${from.name}`,
        to: `${unit.code} ${unit.name}`,
        fromDate: displayDate(from.validFrom),
        toDate: displayDate(unit.validFrom),
      });
    }
    if (seen.has(unit.id)) throw new AppError('units.lineage_duplicate', 400, { code: unit.code });
    seen.add(unit.id);
    targets.push({ unit, kind: successor.kind });
  }
  unitsChanged();
  await tx.delete(unitLineage).where(eq(unitLineage.fromUnitId, from.id));
  for (const target of targets) {
    const [others] = await queryRows<{ total: number }>(
      tx,
      sql`SELECT count(*)::int AS total FROM unit_lineage WHERE to_unit_id = ${target.unit.id}`,
    );
    const kind: LineageKind =
      target.kind ??
      (targets.length > 1
        ? 'split'
        : Number(others?.total ?? 0) > 0
          ? 'merge'
          : target.unit.shortName === from.shortName
            ? 'reparent'
            : 'rename');
    await tx.insert(unitLineage).values({
      fromUnitId: from.id,
      toUnitId: target.unit.id,
      kind,
      effectiveDate: target.unit.validFrom,
      source: 'manual',
      note: input.note ?? null,
    });
  }
  const after = await lineageOf(tx, from);
  await recordAudit(tx, context, {
    action: 'unit.lineage.update',
    entityType: 'unit',
    entityId: String(from.id),
    provinceCode: from.path.split('.')[0] === String(from.id) ? from.code : null,
    before: before.successors,
    after: after.successors,
    details: { code: from.code, asOf, note: input.note ?? null },
  });
  return after;
}

// --- Attributes assigned by province offices ----------------------------------------------------

const attributeValues: Record<string, readonly string[]> = {
  commune_group: ['1', '2', '3'],
  island: ['true', 'false'],
  difficult: ['true', 'false'],
};

export interface SetUnitAttributeInput {
  code: string;
  key: 'commune_group' | 'island' | 'difficult';
  value: string;
  validFrom: string;
  source: string;
  note?: string | undefined;
}

/**
 * Assigns an attribute (commune group, island, difficult) to the unit valid on `validFrom`, from
 * that date: the province office (or an administrator) whose scope covers the unit. The attribute's
 * open period, if any, ends the day before; a later period is refused. Audited; drops cached unit
 * facts (a unit's class changes its evaluations' thresholds).
 */
export async function setUnitAttribute(
  tx: Tx,
  context: RequestContext,
  input: SetUnitAttributeInput,
): Promise<UnitAttributeView[]> {
  const validFrom = requireDate(input.validFrom, 'validFrom');
  const unit = await getUnit(tx, input.code, validFrom);
  await assertUnitAccess(tx, context, unit.id, 'write', unitAttributeEditorRoles);
  if (input.key === 'difficult' || input.key === 'island') {
    // No class is read from these flags: the statuses that change a commune's class are class
    // overrides, recorded with their basis (POST /api/v1/units/{code}/class-overrides).
    throw new AppError('units.attribute_use_override', 422, { key: input.key, code: unit.code });
  }
  const allowed = attributeValues[input.key] ?? [];
  if (!allowed.includes(input.value)) {
    throw new AppError('units.attribute_value', 422, {
      key: input.key,
      value: input.value,
      allowed: allowed.join(', '),
    });
  }
  const later = await queryRows<{ validFrom: string }>(
    tx,
    sql`SELECT to_char(valid_from, 'YYYY-MM-DD') AS "validFrom" FROM unit_attribute
        WHERE unit_id = ${unit.id} AND key = ${input.key} AND valid_from >= ${validFrom}::date`,
  );
  if (later.length > 0) {
    throw new AppError('units.attribute_later_period', 409, {
      key: input.key,
      date: displayDate(later[0]!.validFrom),
    });
  }
  const before = await unitAttributesOf(tx, unit.id, null);
  unitsChanged();
  await tx.execute(
    sql`UPDATE unit_attribute SET valid_to = ${validFrom}::date - 1
        WHERE unit_id = ${unit.id} AND key = ${input.key} AND valid_from < ${validFrom}::date
          AND (valid_to IS NULL OR valid_to >= ${validFrom}::date)`,
  );
  await tx.execute(
    sql`INSERT INTO unit_attribute (unit_id, key, value, valid_from, valid_to, source, verified, note)
        VALUES (${unit.id}, ${input.key}, ${input.value}, ${validFrom}::date, ${unit.validTo},
          ${input.source}, true, ${input.note ?? null})`,
  );
  const after = await unitAttributesOf(tx, unit.id, null);
  await recordAudit(tx, context, {
    action: 'unit.attribute.set',
    entityType: 'unit',
    entityId: String(unit.id),
    provinceCode: unit.path.split('.')[0] === String(unit.id) ? unit.code : null,
    before: before.filter((attribute) => attribute.key === input.key),
    after: after.filter((attribute) => attribute.key === input.key),
    details: { code: unit.code, key: input.key, value: input.value, validFrom },
  });
  return after;
}
