import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { criteriaBands } from '../../../domain/criteria';
import { databaseKey } from '../../db/commit-hooks';
import { queryRows, type Executor } from '../../db/client';
import { AppError } from '../../errors';
import type { RequestContext } from '../../auth/actor';
import { coverageOf } from '../../auth/policy';
import { roles } from '../../auth/roles';
import { todayInVietnam } from '../units/model';
import { UnitFactsCache, unitsGeneration } from '../units/cache';
import { evaluationsGeneration } from '../values/changes';
import { getUnit, isUnitCoveredBy, type UnitRecord } from '../units/service';
import { centralSetFor, loadPublishedSet, type SetInfo } from '../criteria/sets';
import type {
  StatsCommunesQuery,
  StatsCommunesResponse,
  StatsQuery,
  StatsSummaryResponse,
} from './api';
import {
  approvedCondition,
  inScope,
  placedCommuneIds,
  placedCommunesSql,
  rollupChildren,
  rollupParts,
  rollupTotals,
  type RollupScope,
} from './rollup';
import { criterionStateSql, outcomeSql } from './rollup';
import { recognisedUnitIds } from '../recognition/decisions';

/** The central commune set (standard NTM) that applies to `year` (kept a minute), or 404. */
export async function defaultCommuneSet(executor: Executor, year: number): Promise<SetInfo> {
  const set = await centralSetFor(executor, { level: 'commune', kind: 'standard', year });
  if (!set) throw new AppError('stats.no_set', 404, { year });
  return set;
}

/** Whether the reader sees data not yet approved: only inside their read scope. */
export async function mayReadUnapproved(
  executor: Executor,
  context: RequestContext,
  unit: UnitRecord | null,
): Promise<boolean> {
  if (!context.actor) return false;
  const coverage = coverageOf(context.actor, roles);
  if (coverage.national) return true;
  if (!unit || coverage.rootIds.length === 0) return false;
  return isUnitCoveredBy(executor, unit.id, coverage.rootIds);
}

const scopeUnits = new UnitFactsCache<UnitRecord>();

/** The unit holding `code` on `date` (kept while units do not change), or 404. */
async function unitOn(executor: Executor, code: string, date: string): Promise<UnitRecord> {
  const key = `${databaseKey(executor)}|${code}|${date}`;
  const cached = scopeUnits.get(key);
  if (cached) return cached;
  const unit = await getUnit(executor, code, date);
  scopeUnits.set(key, unit);
  return unit;
}

async function resolveScope(
  executor: Executor,
  context: RequestContext,
  query: StatsQuery,
): Promise<RollupScope> {
  const set = query.set
    ? await loadPublishedSet(executor, query.set)
    : await defaultCommuneSet(executor, query.year);
  if (set.level !== 'commune') {
    throw new AppError('stats.set_not_commune', 422, { set: set.code });
  }
  const reportingDate = query.map === 'current' ? todayInVietnam() : `${query.year}-12-31`;
  const unit = query.unit ? await unitOn(executor, query.unit, reportingDate) : null;
  const unapproved = await mayReadUnapproved(executor, context, unit);
  return {
    unit,
    set,
    year: query.year,
    reportingDate,
    approvedOnly: !unapproved || query.approved === 'true',
  };
}

/**
 * What the stored results look like now: this process's own changes (counted once committed) and,
 * checked in the database at most once a second, the latest evaluation and approval change made by
 * any process (two index lookups), with the units' generation; per database.
 */
const databaseVersions = new Map<string, { value: string; checkedAt: number }>();

async function dataVersion(executor: Executor): Promise<string> {
  const local = evaluationsGeneration();
  const database = databaseKey(executor);
  let databaseVersion = databaseVersions.get(database);
  // This process's own changes are in `local`; the database is asked (for other processes'
  // changes) at most once a second, however many readers and writers there are.
  if (!databaseVersion || Date.now() - databaseVersion.checkedAt > 1000) {
    const [row] = await queryRows<{ evaluated: string | null; decided: string | null }>(
      executor,
      sql`SELECT (SELECT max(computed_at) FROM evaluation)::text AS evaluated,
            (SELECT max(updated_at) FROM submission)::text AS decided`,
    );
    databaseVersion = {
      value: `${row?.evaluated ?? ''}|${row?.decided ?? ''}`,
      checkedAt: Date.now(),
    };
    databaseVersions.set(database, databaseVersion);
  }
  return `${databaseVersion.value}|${local}|${unitsGeneration()}`;
}

/** How often one roll-up is recomputed at most while its data keeps changing. */
const SUMMARY_REFRESH_INTERVAL_MS = 1000;
/**
 * A roll-up is recomputed after this long even when no change was seen (a change by another
 * process whose commit order hid it from `dataVersion` is picked up within this time).
 */
const SUMMARY_MAX_AGE_MS = 30_000;
const SUMMARY_CACHE_LIMIT = 500;

export interface CachedSummary {
  version: string;
  /** When its computation started (its data is at least that fresh). */
  startedAt: number;
  value: StatsSummaryResponse;
  /** The value serialised, and its ETag (the generation time left out). */
  json: string;
  etag: string;
}

interface SummarySlot {
  /** The last complete roll-up, served while the next one is computed. */
  current: CachedSummary | null;
  /** The one computation of this roll-up under way (never two at once). */
  refreshing: Promise<CachedSummary> | null;
  lastStartedAt: number;
}

const summarySlots = new Map<string, SummarySlot>();

/**
 * Recomputations running at once in this process, across all roll-ups: the rest wait their turn
 * (their readers are served the last complete roll-up meanwhile), so recomputations never take
 * every connection of the pool from the saves.
 */
const MAX_CONCURRENT_REFRESHES = 2;
let refreshesRunning = 0;
const refreshQueue: Array<() => void> = [];

async function withRefreshTurn<T>(work: () => Promise<T>): Promise<T> {
  if (refreshesRunning >= MAX_CONCURRENT_REFRESHES) {
    await new Promise<void>((resolve) => refreshQueue.push(resolve));
  }
  refreshesRunning++;
  try {
    return await work();
  } finally {
    refreshesRunning--;
    refreshQueue.shift()?.();
  }
}
let refreshesStarted = 0;

/** The ETag of a statistics answer: a hash of its content without the generation time. */
export function contentEtag(body: object): string {
  const { generatedAt: _generatedAt, ...stable } = body as { generatedAt?: string };
  return `"${createHash('sha256').update(JSON.stringify(stable)).digest('hex').slice(0, 32)}"`;
}

/**
 * Roll-up of the country or a unit for a year: totals, bands, criteria, indicators, children.
 * Served from a cache while no evaluation, approval or unit changed since it was computed (a
 * national roll-up is a few hundred milliseconds of SQL; a cached one, two index lookups).
 */
export async function getStatsSummary(
  executor: Executor,
  context: RequestContext,
  query: StatsQuery,
): Promise<StatsSummaryResponse> {
  return (await getStatsSummaryAnswer(executor, context, query)).value;
}

/**
 * The summary with its serialised form and ETag, for the API (served as is from the cache).
 *
 * Single flight, stale while revalidating (ADR 0004): when the data changed since the last
 * complete roll-up, one recomputation starts (at most one a second per roll-up, never two at
 * once) and readers get the last complete roll-up meanwhile, with its `generatedAt`; only a
 * reader with no roll-up at all waits, for that one computation. The cost of a read therefore
 * does not grow with the rate of writes.
 */
export async function getStatsSummaryAnswer(
  executor: Executor,
  context: RequestContext,
  query: StatsQuery,
): Promise<CachedSummary> {
  const scope = await resolveScope(executor, context, query);
  const key = JSON.stringify([
    databaseKey(executor),
    scope.unit?.id ?? null,
    scope.set.id,
    scope.year,
    scope.reportingDate,
    scope.approvedOnly,
    query.map,
    query.set ?? null,
  ]);
  const version = await dataVersion(executor);
  let slot = summarySlots.get(key);
  if (!slot) {
    if (summarySlots.size >= SUMMARY_CACHE_LIMIT) dropIdleSlots();
    slot = { current: null, refreshing: null, lastStartedAt: 0 };
    summarySlots.set(key, slot);
  }
  const { current } = slot;
  const now = Date.now();
  if (current && current.version === version && now - current.startedAt < SUMMARY_MAX_AGE_MS) {
    return current;
  }
  const refreshing = slot.refreshing ?? startRefresh(slot, executor, scope, query, !current);
  if (current) return current;
  return refreshing;
}

function startRefresh(
  slot: SummarySlot,
  executor: Executor,
  scope: RollupScope,
  query: StatsQuery,
  immediately: boolean,
): Promise<CachedSummary> {
  const wait = immediately
    ? 0
    : Math.max(0, slot.lastStartedAt + SUMMARY_REFRESH_INTERVAL_MS - Date.now());
  const refresh = (async () => {
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const { version, startedAt, value } = await withRefreshTurn(async () => {
      slot.lastStartedAt = Date.now();
      refreshesStarted++;
      // The version is read before the roll-up: a change committed during it makes the next
      // read start another.
      const version = await dataVersion(executor);
      const startedAt = Date.now();
      return { version, startedAt, value: await computeSummary(executor, scope, query) };
    });
    const entry: CachedSummary = {
      version,
      startedAt,
      value,
      json: JSON.stringify(value),
      etag: contentEtag(value),
    };
    slot.current = entry;
    return entry;
  })();
  slot.refreshing = refresh;
  // Served readers do not wait for a background refresh: its failure is kept for the next reader
  // without a roll-up, and the slot is free for the next attempt.
  refresh.then(
    () => {
      slot.refreshing = null;
    },
    () => {
      slot.refreshing = null;
    },
  );
  return refresh;
}

function dropIdleSlots(): void {
  for (const [key, slot] of summarySlots) {
    if (!slot.refreshing) summarySlots.delete(key);
    if (summarySlots.size < SUMMARY_CACHE_LIMIT / 2) break;
  }
}

/** Waits until no roll-up is being recomputed (tests and benchmarks compare settled answers). */
export async function statsRefreshesSettled(): Promise<void> {
  for (;;) {
    const running = [...summarySlots.values()].flatMap((slot) =>
      slot.refreshing ? [slot.refreshing.catch(() => undefined)] : [],
    );
    if (running.length === 0) return;
    await Promise.all(running);
  }
}

/** How many roll-up computations this process started (tests check single flight with it). */
export function statsRefreshCount(): number {
  return refreshesStarted;
}

const recognitionKinds = {
  standard: 'commune_ntm',
  advanced: 'commune_advanced',
  model: 'commune_model',
} as const;

/** Communes of the scope recognised by a published decision in force on the reporting date. */
async function recognisedInScope(
  executor: Executor,
  scope: RollupScope,
): Promise<StatsSummaryResponse['recognised']> {
  if (scope.set.level !== 'commune') return null;
  const kind = recognitionKinds[scope.set.definition.kind];
  const ids = await recognisedUnitIds(executor, [kind], scope.reportingDate);
  const placed = ids.size === 0 ? [] : await placedCommuneIds(executor, scope);
  return {
    count: placed.filter((id) => ids.has(id)).length,
    kind,
    asOf: scope.reportingDate,
  };
}

/** The roll-up computed now from the stored evaluations, bypassing every cache. */
export async function computeStatsSummaryFresh(
  executor: Executor,
  context: RequestContext,
  query: StatsQuery,
): Promise<StatsSummaryResponse> {
  return computeSummary(executor, await resolveScope(executor, context, query), query);
}

async function computeSummary(
  executor: Executor,
  scope: RollupScope,
  query: StatsQuery,
): Promise<StatsSummaryResponse> {
  const totals = await rollupTotals(executor, scope);
  const recognised = await recognisedInScope(executor, scope);
  const parts = await rollupParts(executor, scope);
  const children = await rollupChildren(executor, scope);
  let previousYear: StatsSummaryResponse['previousYear'] = null;
  try {
    const previousSet =
      query.set && scope.set.validFrom.slice(0, 4) <= String(query.year - 1)
        ? scope.set
        : await defaultCommuneSet(executor, query.year - 1);
    const previous = await rollupTotals(executor, {
      ...scope,
      set: previousSet,
      year: query.year - 1,
    });
    previousYear = { year: query.year - 1, set: previousSet.code, totals: previous };
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 404) throw error;
  }
  return {
    unit: scope.unit
      ? { code: scope.unit.code, name: scope.unit.name, level: scope.unit.level }
      : null,
    year: scope.year,
    set: {
      code: scope.set.code,
      name: scope.set.name,
      criteriaTotal: scope.set.compiled.criteria.length,
    },
    map: query.map,
    reportingDate: scope.reportingDate,
    approvedOnly: scope.approvedOnly,
    bands: criteriaBands(scope.set.compiled.criteria.length),
    totals,
    recognised,
    previousYear,
    criteria: parts.criteria,
    indicators: parts.indicators,
    children,
    generatedAt: new Date().toISOString(),
  };
}

function filterSql(filter: string, set: SetInfo): SQL {
  if (filter === 'all') return sql`true`;
  if (filter === 'met') return sql`e.status = 'met'`;
  if (filter === 'not_met') return outcomeSql('not_met');
  if (filter === 'incomplete') return outcomeSql('incomplete');
  if (filter === 'unclassified') return sql`e.status = 'unclassified'`;
  if (filter === 'missing') return sql`e.indicators_missing > 0`;
  if (filter === 'unevaluated') return sql`e.unit_id IS NULL`;
  const [kind, code, status] = filter.split(':') as [string, string, string | undefined];
  if (kind === 'band') {
    const band = criteriaBands(set.compiled.criteria.length).find((item) => item.key === code);
    if (!band) throw new AppError('stats.bad_filter', 400, { filter });
    return sql`e.status <> 'unclassified' AND e.criteria_met BETWEEN ${band.min} AND ${band.max}`;
  }
  if (kind === 'criterion') {
    const index = set.compiled.criteria.findIndex((criterion) => criterion.code === code);
    if (index < 0) throw new AppError('stats.bad_filter', 400, { filter });
    return criterionStateSql(
      set,
      index,
      status === 'met' || status === 'not_met' ? status : 'incomplete',
    );
  }
  const item = set.compiled.indicatorByCode.get(code);
  if (!item) throw new AppError('stats.bad_filter', 400, { filter });
  return sql`e.indicator_status[${item.index + 1}] = ${status ?? 'met'}`;
}

/** The communes behind a figure of the summary (same scope), paged, in Vietnamese order. */
export async function listStatsCommunes(
  executor: Executor,
  context: RequestContext,
  query: StatsCommunesQuery,
): Promise<StatsCommunesResponse> {
  const scope = await resolveScope(executor, context, query);
  const condition = filterSql(query.filter, scope.set);
  const rows = await queryRows<{
    code: string;
    name: string;
    parents: string | null;
    status: 'met' | 'not_met' | 'unclassified' | null;
    criteriaMet: number | null;
    indicatorsMissing: number | null;
    submission: string | null;
    total: number;
  }>(
    executor,
    sql`WITH placed AS (${placedCommunesSql(scope.year, scope.reportingDate)})
        SELECT c.code, c.name,
          (SELECT string_agg(a.name, ', ' ORDER BY nlevel(a.path) DESC) FROM unit a
            WHERE p.rpath IS NOT NULL AND a.path @> p.rpath AND nlevel(a.path) < nlevel(p.rpath)) AS parents,
          e.status, e.criteria_met AS "criteriaMet", e.indicators_missing AS "indicatorsMissing",
          s.status AS submission, count(*) OVER ()::int AS total
        FROM placed p JOIN unit c ON c.id = p.id
          LEFT JOIN evaluation e ON e.unit_id = p.id AND e.set_id = ${scope.set.id}
            AND e.year = ${scope.year} ${approvedCondition(scope)}
          LEFT JOIN submission s ON s.unit_id = p.id AND s.set_id = ${scope.set.id}
            AND s.year = ${scope.year}
        WHERE ${inScope(scope)} AND ${condition}
        ORDER BY c.sort_key, c.code
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
  );
  return {
    items: rows.map(({ total: _total, ...row }) => ({
      ...row,
      parents: row.parents ?? '',
      criteriaMet: row.criteriaMet === null ? null : Number(row.criteriaMet),
      indicatorsMissing: row.indicatorsMissing === null ? null : Number(row.indicatorsMissing),
    })),
    total: Number(rows[0]?.total ?? 0),
  };
}
