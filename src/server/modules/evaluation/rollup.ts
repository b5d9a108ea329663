import { sql, type SQL } from 'drizzle-orm';
import { criteriaBands } from '../../../domain/criteria';
import { queryRows, type Executor } from '../../db/client';
import type { UnitRecord } from '../units/service';
import type { SetInfo } from '../criteria/sets';

/**
 * Roll-ups of stored evaluations over the unit hierarchy, in SQL (no values are loaded into Node).
 *
 * The communes counted are the rural communes (kind `xa`) that existed on 31/12 of the year. Each is
 * placed on a *reporting map*: the map of that same day (the hierarchy as it stood that year), or a
 * later day (today's map, or the map of the year compared with) — then a commune is placed where
 * the unit it became through the lineage stands on that day (communes with no successor on that
 * day are left out and counted in `unmapped`).
 */

export interface RollupScope {
  /** The unit whose communes are counted, on the reporting map; null for the whole country. */
  unit: UnitRecord | null;
  set: SetInfo;
  year: number;
  /** The day whose map places the communes (yyyy-mm-dd); 31/12 of the year for "as it stood". */
  reportingDate: string;
  /** Count only approved data. */
  approvedOnly: boolean;
}

export interface RollupTotals {
  communes: number;
  evaluated: number;
  met: number;
  /** Communes with at least one criterion really not met (a failing value). */
  notMet: number;
  /** Communes with no failing value but missing data ("chưa đủ số liệu"): not counted as not met. */
  incomplete: number;
  unclassified: number;
  withMissing: number;
  missingCells: number;
  averageCriteriaMet: number | null;
  bands: Record<string, number>;
  unmapped: number;
}

export interface RollupChild extends RollupTotals {
  code: string;
  name: string;
  level: string;
}

/** Rows of (commune id, path on the reporting map) for the communes of the year. */
export function placedCommunesSql(year: number, reportingDate: string): SQL {
  const day = `${year}-12-31`;
  const valid = (alias: string, date: string) =>
    sql.raw(
      `(${alias}.valid_from <= '${date}'::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= '${date}'::date))`,
    );
  const communes = sql`SELECT c.id, c.path FROM unit c
    WHERE c.level = 'commune' AND c.kind = 'xa' AND ${valid('c', day)}`;
  if (reportingDate === day) return sql`SELECT c.id, c.path AS rpath FROM (${communes}) c`;
  // Forward through the lineage, all communes at once; the nearest unit valid on the reporting day.
  return sql`SELECT c.id, m.rpath FROM (${communes}) c LEFT JOIN (
      WITH RECURSIVE forward(origin, id, depth) AS (
        SELECT c.id, c.id, 0 FROM (${communes}) c
        UNION ALL
        SELECT f.origin, l.to_unit_id, f.depth + 1 FROM forward f
          JOIN unit_lineage l ON l.from_unit_id = f.id WHERE f.depth < 6
      )
      SELECT DISTINCT ON (f.origin) f.origin AS id, r.path AS rpath
      FROM forward f JOIN unit r ON r.id = f.id AND ${valid('r', reportingDate)}
      ORDER BY f.origin, f.depth, r.id
    ) m ON m.id = c.id`;
}

/**
 * A stored evaluation's outcome in SQL (alias `e`): `not_met` when an indicator has a failing value
 * (a criterion really not met), `incomplete` when none fails but the unit is not met (missing data
 * only: "chưa đủ số liệu"). Derived from `indicator_status`, so older rows need no migration.
 */
export function outcomeSql(outcome: 'not_met' | 'incomplete'): SQL {
  return outcome === 'not_met'
    ? sql`(e.status = 'not_met' AND 'not_met' = ANY(e.indicator_status))`
    : sql`(e.status = 'not_met' AND NOT ('not_met' = ANY(e.indicator_status)))`;
}

/**
 * A criterion's state in a stored evaluation, in SQL (alias `e`): met (`criterion_met`), not met
 * (one of its indicators has a failing value) or incomplete (neither: missing data).
 */
export function criterionStateSql(
  set: SetInfo,
  index: number,
  state: 'met' | 'not_met' | 'incomplete',
): SQL {
  const criterion = set.compiled.criteria[index]!;
  const failing = sql`('not_met' = ANY(e.indicator_status[${criterion.first + 1}:${criterion.end}]))`;
  const met = sql`coalesce(e.criterion_met[${index + 1}], false)`;
  if (state === 'met') return sql`e.status <> 'unclassified' AND ${met}`;
  if (state === 'not_met') return sql`e.status <> 'unclassified' AND ${failing}`;
  return sql`e.status <> 'unclassified' AND NOT ${met} AND NOT ${failing}`;
}

function totalsSelect(total: number): SQL {
  const bands = criteriaBands(total);
  const bandColumns = sql.join(
    bands.map(
      (band) =>
        sql`count(*) FILTER (WHERE e.status <> 'unclassified'
          AND e.criteria_met BETWEEN ${band.min} AND ${band.max})::int AS ${sql.identifier(`band_${band.key}`)}`,
    ),
    sql`, `,
  );
  return sql`count(p.id)::int AS communes,
    count(p.id) FILTER (WHERE p.rpath IS NULL)::int AS unmapped,
    count(e.unit_id)::int AS evaluated,
    count(*) FILTER (WHERE e.status = 'met')::int AS met,
    count(*) FILTER (WHERE ${outcomeSql('not_met')})::int AS "notMet",
    count(*) FILTER (WHERE ${outcomeSql('incomplete')})::int AS incomplete,
    count(*) FILTER (WHERE e.status = 'unclassified')::int AS unclassified,
    count(*) FILTER (WHERE e.indicators_missing > 0)::int AS "withMissing",
    coalesce(sum(e.indicators_missing), 0)::int AS "missingCells",
    avg(e.criteria_met) FILTER (WHERE e.status <> 'unclassified')::float8 AS "averageCriteriaMet",
    ${bandColumns}`;
}

function evaluationJoin(scope: RollupScope): SQL {
  const approved = scope.approvedOnly
    ? sql`AND EXISTS (SELECT 1 FROM submission s WHERE s.unit_id = e.unit_id
        AND s.set_id = e.set_id AND s.year = e.year AND s.status = 'approved')`
    : sql``;
  return sql`LEFT JOIN evaluation e ON e.unit_id = p.id AND e.set_id = ${scope.set.id}
    AND e.year = ${scope.year} ${approved}`;
}

/** The commune is placed inside the scope's unit (national scopes keep the unplaced ones). */
export function inScope(scope: RollupScope): SQL {
  if (!scope.unit) return sql`true`;
  return sql`p.rpath <@ ${scope.unit.path}::ltree`;
}

interface TotalsRow {
  communes: number;
  unmapped: number;
  evaluated: number;
  met: number;
  notMet: number;
  incomplete: number;
  unclassified: number;
  withMissing: number;
  missingCells: number;
  averageCriteriaMet: number | null;
  [band: `band_${string}`]: number;
}

function toTotals(row: TotalsRow | undefined, total: number): RollupTotals {
  const bands = Object.fromEntries(
    criteriaBands(total).map((band) => [band.key, Number(row?.[`band_${band.key}`] ?? 0)]),
  );
  return {
    communes: Number(row?.communes ?? 0),
    evaluated: Number(row?.evaluated ?? 0),
    met: Number(row?.met ?? 0),
    notMet: Number(row?.notMet ?? 0),
    incomplete: Number(row?.incomplete ?? 0),
    unclassified: Number(row?.unclassified ?? 0),
    withMissing: Number(row?.withMissing ?? 0),
    missingCells: Number(row?.missingCells ?? 0),
    averageCriteriaMet:
      row?.averageCriteriaMet === null || row?.averageCriteriaMet === undefined
        ? null
        : Number(row.averageCriteriaMet),
    bands,
    unmapped: Number(row?.unmapped ?? 0),
  };
}

/** The ids of the communes placed inside the scope on its reporting map (what shares divide by). */
export async function placedCommuneIds(executor: Executor, scope: RollupScope): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    executor,
    sql`WITH placed AS (${placedCommunesSql(scope.year, scope.reportingDate)})
        SELECT p.id FROM placed p WHERE ${inScope(scope)}`,
  );
  return rows.map((row) => Number(row.id));
}

/** Totals of the scope: communes, evaluated, met, bands, missing data, average criteria met. */
export async function rollupTotals(executor: Executor, scope: RollupScope): Promise<RollupTotals> {
  const total = scope.set.compiled.criteria.length;
  const [row] = await queryRows<TotalsRow>(
    executor,
    sql`WITH placed AS (${placedCommunesSql(scope.year, scope.reportingDate)})
        SELECT ${totalsSelect(total)}
        FROM placed p ${evaluationJoin(scope)}
        WHERE ${inScope(scope)}`,
  );
  return toTotals(row, total);
}

/** The same totals for each child of the scope's unit on the reporting map (provinces nationally). */
export async function rollupChildren(
  executor: Executor,
  scope: RollupScope,
): Promise<RollupChild[]> {
  const total = scope.set.compiled.criteria.length;
  const date = scope.reportingDate;
  const childFilter = scope.unit
    ? sql`ch.parent_id = ${scope.unit.id}`
    : sql`ch.level = 'province'`;
  // The child holding a commune is read off its path (ids, top first): no join on paths.
  const depth = scope.unit ? sql`nlevel(${scope.unit.path}::ltree)` : sql`0`;
  const rows = await queryRows<TotalsRow & { code: string; name: string; level: string }>(
    executor,
    sql`WITH placed AS (${placedCommunesSql(scope.year, scope.reportingDate)}),
        grouped AS (
          SELECT subpath(p.rpath, ${depth}, 1)::text::int AS child_id, ${totalsSelect(total)}
          FROM placed p ${evaluationJoin(scope)}
          WHERE ${inScope(scope)} AND p.rpath IS NOT NULL AND nlevel(p.rpath) > ${depth}
          GROUP BY 1
        )
        SELECT ch.code, ch.name, ch.level, g.*
        FROM unit ch LEFT JOIN grouped g ON g.child_id = ch.id
        WHERE ${childFilter} AND ch.valid_from <= ${date}::date
          AND (ch.valid_to IS NULL OR ch.valid_to >= ${date}::date)
        ORDER BY ch.sort_key, ch.code`,
  );
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    level: row.level,
    ...toTotals(row, total),
  }));
}

export interface CriterionShare {
  code: string;
  name: string;
  met: number;
  /** Communes where a value of the criterion fails. */
  notMet: number;
  /** Communes where the criterion lacks data (no failing value): never counted as not met. */
  missing: number;
}

export interface IndicatorShare {
  code: string;
  name: string;
  met: number;
  missing: number;
}

/** Per criterion and per indicator: how many evaluated communes meet it (and miss its value). */
export async function rollupParts(
  executor: Executor,
  scope: RollupScope,
): Promise<{ criteria: CriterionShare[]; indicators: IndicatorShare[] }> {
  const placed = placedCommunesSql(scope.year, scope.reportingDate);
  const where = inScope(scope);
  // Per commune and criterion, from its indicators: met, not met (a failing value) or missing.
  const criterionOf = `{${scope.set.compiled.indicators.map((item) => item.criterionIndex + 1).join(',')}}`;
  const criterionRows = await queryRows<{
    ord: number;
    met: number;
    notMet: number;
    missing: number;
  }>(
    executor,
    sql`WITH placed AS (${placed}),
        per AS (
          SELECT (${criterionOf}::int[])[t.ord] AS ord, bool_and(t.status = 'met') AS met,
            bool_or(t.status = 'not_met') AS failing
          FROM placed p JOIN evaluation e ON e.unit_id = p.id AND e.set_id = ${scope.set.id}
            AND e.year = ${scope.year}
            ${approvedCondition(scope)}
            , unnest(e.indicator_status) WITH ORDINALITY AS t(status, ord)
          WHERE ${where} AND e.status <> 'unclassified'
          GROUP BY e.unit_id, 1
        )
        SELECT ord::int AS ord, count(*) FILTER (WHERE met)::int AS met,
          count(*) FILTER (WHERE failing)::int AS "notMet",
          count(*) FILTER (WHERE NOT met AND NOT failing)::int AS missing
        FROM per GROUP BY ord`,
  );
  const indicatorRows = await queryRows<{ ord: number; met: number; missing: number }>(
    executor,
    sql`WITH placed AS (${placed})
        SELECT t.ord::int AS ord, count(*) FILTER (WHERE t.status = 'met')::int AS met,
          count(*) FILTER (WHERE t.status = 'missing')::int AS missing
        FROM placed p JOIN evaluation e ON e.unit_id = p.id AND e.set_id = ${scope.set.id}
          AND e.year = ${scope.year}
          ${approvedCondition(scope)}
          , unnest(e.indicator_status) WITH ORDINALITY AS t(status, ord)
        WHERE ${where}
        GROUP BY t.ord`,
  );
  const criterionCounts = new Map(criterionRows.map((row) => [Number(row.ord), row]));
  const indicatorCounts = new Map(indicatorRows.map((row) => [Number(row.ord), row]));
  const { compiled } = scope.set;
  return {
    criteria: compiled.criteria.map((criterion, index) => ({
      code: criterion.code,
      name: criterion.name,
      met: Number(criterionCounts.get(index + 1)?.met ?? 0),
      notMet: Number(criterionCounts.get(index + 1)?.notMet ?? 0),
      missing: Number(criterionCounts.get(index + 1)?.missing ?? 0),
    })),
    indicators: compiled.indicators.map((item) => {
      const counts = indicatorCounts.get(item.index + 1);
      return {
        code: item.code,
        name: item.indicator.name,
        met: Number(counts?.met ?? 0),
        missing: Number(counts?.missing ?? 0),
      };
    }),
  };
}

export function approvedCondition(scope: RollupScope): SQL {
  return scope.approvedOnly
    ? sql`AND EXISTS (SELECT 1 FROM submission s WHERE s.unit_id = e.unit_id
        AND s.set_id = e.set_id AND s.year = e.year AND s.status = 'approved')`
    : sql``;
}

/** How many evaluated communes of the scope meet fewer than `criteria` criteria. */
export async function rollupCountBelow(
  executor: Executor,
  scope: RollupScope,
  criteria: number,
): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    executor,
    sql`WITH placed AS (${placedCommunesSql(scope.year, scope.reportingDate)})
        SELECT count(*)::int AS total
        FROM placed p JOIN evaluation e ON e.unit_id = p.id AND e.set_id = ${scope.set.id}
          AND e.year = ${scope.year} ${approvedCondition(scope)}
        WHERE ${inScope(scope)} AND e.status <> 'unclassified' AND e.criteria_met < ${criteria}`,
  );
  return Number(row?.total ?? 0);
}
