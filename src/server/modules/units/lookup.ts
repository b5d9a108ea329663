import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { databaseKey } from '../../db/commit-hooks';
import { queryRows, type Executor } from '../../db/client';
import { AppError } from '../../errors';
import { displayDate, isIsoDate, todayInVietnam, type UnitKind, type UnitLevel } from './model';
import { UnitFactsCache } from './cache';

/**
 * Units as they stood on a date, found by code or id, and whether a unit lies inside given
 * subtrees (the coverage every policy asks about). The lowest layer of the units module: its
 * service and its access checks build on it.
 */

export type UnitId = number;

/** One version of a unit. */
export interface UnitRecord {
  id: UnitId;
  code: string;
  name: string;
  shortName: string;
  kind: UnitKind;
  level: UnitLevel;
  parentId: UnitId | null;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
  /** ltree of version ids, top first. */
  path: string;
}

export interface UnitSummary {
  code: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
}

export interface UnitListItem {
  code: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

// --- Dates --------------------------------------------------------------------------------------

/** Reads an optional date parameter: today (Vietnam) when absent, 400 naming `param` when malformed. */
export function parseDateParam(value: string | undefined, param: string): string {
  if (value === undefined || value === '') return todayInVietnam();
  if (!isIsoDate(value)) throw new AppError('units.bad_date', 400, { param, value });
  return value;
}

export function requireDate(value: string, param: string): string {
  if (!isIsoDate(value)) throw new AppError('units.bad_date', 400, { param, value });
  return value;
}

// --- SQL building blocks ------------------------------------------------------------------------

/** `alias` (a `unit` row alias such as `u`) is valid on `date`. */
export function unitValidOnSql(alias: string, date: string): SQL {
  const table = sql.raw(alias);
  return sql`(${table}.valid_from <= ${date}::date AND (${table}.valid_to IS NULL OR ${table}.valid_to >= ${date}::date))`;
}

export const unitColumns = sql`u.id, u.code, u.name, u.short_name AS "shortName", u.kind, u.level,
  u.parent_id AS "parentId", p.code AS "parentCode",
  to_char(u.valid_from, 'YYYY-MM-DD') AS "validFrom",
  to_char(u.valid_to, 'YYYY-MM-DD') AS "validTo", u.path::text AS path`;

export const unitFrom = sql`unit u LEFT JOIN unit p ON p.id = u.parent_id`;

/** JSON array of the ancestors of `u` (code, name, kind, level), top first. */
export const ancestorsJson = sql`(SELECT coalesce(json_agg(json_build_object('code', a.code, 'name', a.name,
  'kind', a.kind, 'level', a.level) ORDER BY nlevel(a.path)), '[]'::json)
  FROM unit a WHERE a.path @> u.path AND a.id <> u.id)`;

export function normaliseUnit(row: UnitRecord): UnitRecord {
  return {
    ...row,
    id: Number(row.id),
    parentId: row.parentId === null ? null : Number(row.parentId),
  };
}

export function toListItem(unit: UnitRecord): UnitListItem {
  return {
    code: unit.code,
    name: unit.name,
    kind: unit.kind,
    level: unit.level,
    parentCode: unit.parentCode,
    validFrom: unit.validFrom,
    validTo: unit.validTo,
  };
}

// --- Resolving units ----------------------------------------------------------------------------

/** The version of the unit with this code valid on `asOf`, or null. */
export async function findUnit(
  executor: Executor,
  code: string,
  asOf: string,
): Promise<UnitRecord | null> {
  const rows = await queryRows<UnitRecord>(
    executor,
    sql`SELECT ${unitColumns} FROM ${unitFrom} WHERE u.code = ${code} AND ${unitValidOnSql('u', asOf)}
        ORDER BY u.valid_from DESC LIMIT 1`,
  );
  return rows[0] ? normaliseUnit(rows[0]) : null;
}

/** Every version that ever carried this code, oldest first. */
export async function findUnitVersions(executor: Executor, code: string): Promise<UnitRecord[]> {
  const rows = await queryRows<UnitRecord>(
    executor,
    sql`SELECT ${unitColumns} FROM ${unitFrom} WHERE u.code = ${code} ORDER BY u.valid_from, u.id`,
  );
  return rows.map(normaliseUnit);
}

export async function findUnitById(executor: Executor, id: UnitId): Promise<UnitRecord | null> {
  const rows = await queryRows<UnitRecord>(
    executor,
    sql`SELECT ${unitColumns} FROM ${unitFrom} WHERE u.id = ${id}`,
  );
  return rows[0] ? normaliseUnit(rows[0]) : null;
}

function periodsOf(versions: UnitRecord[]): string {
  return versions
    .map(
      (version) =>
        `${version.name} ${displayDate(version.validFrom)}–${version.validTo ? displayDate(version.validTo) : '…'}`,
    )
    .join('; ');
}

/** Like `findUnit`, but a missing unit is a 404 naming the code (and when the code was valid). */
export async function getUnit(executor: Executor, code: string, asOf: string): Promise<UnitRecord> {
  const unit = await findUnit(executor, code, asOf);
  if (unit) return unit;
  const versions = await findUnitVersions(executor, code);
  if (versions.length === 0) throw new AppError('units.not_found', 404, { code });
  throw new AppError('units.not_found_on_date', 404, {
    code,
    date: displayDate(asOf),
    periods: periodsOf(versions),
  });
}

/** A unit's code and name with its province's (the top of its path), for lists that show places. */
export interface UnitPlace {
  code: string;
  name: string;
  province: { code: string; name: string } | null;
}

/** The place of each of `ids` (unknown ids are absent), in one query. */
export async function findUnitPlaces(
  executor: Executor,
  ids: readonly UnitId[],
): Promise<Map<UnitId, UnitPlace>> {
  const places = new Map<UnitId, UnitPlace>();
  if (ids.length === 0) return places;
  const rows = await queryRows<{
    id: number;
    code: string;
    name: string;
    provinceCode: string | null;
    provinceName: string | null;
  }>(
    executor,
    sql`SELECT u.id, u.code, u.name, p.code AS "provinceCode", p.name AS "provinceName"
        FROM unit u LEFT JOIN unit p ON p.id = split_part(u.path::text, '.', 1)::int
        WHERE u.id IN (${idList([...new Set(ids)])})`,
  );
  for (const row of rows) {
    places.set(row.id, {
      code: row.code,
      name: row.name,
      province:
        row.provinceCode === null ? null : { code: row.provinceCode, name: row.provinceName ?? '' },
    });
  }
  return places;
}

// --- Scope: subtree and coverage as SQL conditions ----------------------------------------------

function idList(ids: readonly UnitId[]): SQL {
  return sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
}

/**
 * SQL condition: the unit id in `unitId` (a column or expression) is inside the subtree of unit
 * `ancestorId` (itself included) as of `asOf`. Usable in any query's WHERE.
 */
export function unitInSubtreeSql(unitId: SQLWrapper, ancestorId: UnitId, asOf: string): SQL {
  return sql`${unitId} IN (SELECT d.id FROM unit d JOIN unit a ON d.path <@ a.path
    WHERE a.id = ${ancestorId} AND ${unitValidOnSql('d', asOf)})`;
}

/** Is unit version `unitId` inside the subtree of `ancestorId` on `asOf`? */
export async function isUnitInSubtree(
  executor: Executor,
  unitId: UnitId,
  ancestorId: UnitId,
  asOf: string,
): Promise<boolean> {
  const rows = await queryRows<{ inside: boolean }>(
    executor,
    sql`SELECT ${unitInSubtreeSql(sql`${unitId}`, ancestorId, asOf)} AS inside`,
  );
  return rows[0]?.inside === true;
}

/**
 * The ids of every unit version covered by the given units: their subtrees (at any date), and,
 * through the lineage, every unit that became one of them, with its own subtree, transitively.
 * So the officers of the new Xã Lâm Giang (Lào Cai) also cover the old Xã Lang Thíp and Xã Lâm Giang
 * (Yên Bái), and the new Tỉnh Lào Cai covers the old provinces Lào Cai and Yên Bái with their
 * districts and communes.
 */
export function coveredUnitIdsSql(rootIds: readonly UnitId[]): SQL {
  if (rootIds.length === 0) return sql`SELECT NULL::int AS id WHERE false`;
  return sql`WITH RECURSIVE covered(id) AS (
      SELECT d.id FROM unit r JOIN unit d ON d.path <@ r.path WHERE r.id IN (${idList(rootIds)})
      UNION
      SELECT d.id FROM covered c
        JOIN unit_lineage l ON l.to_unit_id = c.id
        JOIN unit f ON f.id = l.from_unit_id
        JOIN unit d ON d.path <@ f.path
    ) SELECT id FROM covered`;
}

/** SQL condition: `unitId` is covered by one of `rootIds` (see `coveredUnitIdsSql`). */
export function unitCoveredBySql(unitId: SQLWrapper, rootIds: readonly UnitId[]): SQL {
  if (rootIds.length === 0) return sql`false`;
  return sql`${unitId} IN (${coveredUnitIdsSql(rootIds)})`;
}

/**
 * The ids of every unit version whose coverage includes `unitId`: its ancestors (itself included),
 * the units it became through the lineage and their ancestors, transitively. The mirror image of
 * `coveredUnitIdsSql` walked upwards from one unit: a handful of rows instead of a province's
 * subtree, so checking one unit is cheap.
 */
export function coveringUnitIdsSql(unitId: UnitId): SQL {
  return sql`WITH RECURSIVE covering(id) AS (
      SELECT a.id FROM unit x JOIN unit a ON a.path @> x.path WHERE x.id = ${unitId}
      UNION
      SELECT a.id FROM covering c
        JOIN unit_lineage l ON l.from_unit_id = c.id
        JOIN unit y ON y.id = l.to_unit_id
        JOIN unit a ON a.path @> y.path
    ) SELECT id FROM covering`;
}

const coverageCache = new UnitFactsCache<boolean>();

/** Is `unitId` covered by one of `rootIds`? (Walks upwards from the unit: see `coveringUnitIdsSql`.) */
export async function isUnitCoveredBy(
  executor: Executor,
  unitId: UnitId,
  rootIds: readonly UnitId[],
): Promise<boolean> {
  if (rootIds.length === 0) return false;
  const key = `${databaseKey(executor)}|${unitId}|${[...rootIds].sort((a, b) => a - b).join(',')}`;
  const cached = coverageCache.get(key);
  if (cached !== undefined) return cached;
  const rows = await queryRows<{ covered: boolean }>(
    executor,
    sql`SELECT EXISTS (SELECT 1 FROM (${coveringUnitIdsSql(unitId)}) c
          WHERE c.id IN (${idList(rootIds)})) AS covered`,
  );
  const covered = rows[0]?.covered === true;
  coverageCache.set(key, covered);
  return covered;
}

// --- Lists and search ---------------------------------------------------------------------------

export interface ListUnitsQuery {
  level?: UnitLevel | undefined;
  parentCode?: string | undefined;
  asOf: string;
  page: number;
  pageSize: number;
}

const coveredSetCache = new UnitFactsCache<Promise<ReadonlySet<UnitId>>>(60_000, 256);

/**
 * Every unit id `rootId` covers (its subtree, and through lineage the units merged into it), kept
 * a minute (dropped when units change): for queues that check many units against one reader.
 */
export function coveredUnitIds(executor: Executor, rootId: UnitId): Promise<ReadonlySet<UnitId>> {
  const key = `${databaseKey(executor)}|${rootId}`;
  let cached = coveredSetCache.get(key);
  if (!cached) {
    cached = queryRows<{ id: number }>(executor, coveredUnitIdsSql([rootId])).then(
      (rows) => new Set(rows.map((row) => Number(row.id))),
    );
    cached.catch(() => undefined);
    coveredSetCache.set(key, cached);
  }
  return cached;
}
