import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  metricCapability,
  metricCounts,
  metricUnitLevel,
  RECOGNITION_CAPABILITY,
  targetGap,
  targetProgress,
  type TargetMetric,
  type TargetSetRef,
} from '../../../domain/targets';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError } from '../../errors';
import type { RequestContext } from '../../auth/actor';
import { recordAudit } from '../audit/service';
import { assertUnitAccess } from '../units/access';
import { requireActor } from '../../auth/policy';
import { todayInVietnam } from '../units/model';
import { findUnitById, getUnit, type UnitRecord } from '../units/service';
import {
  approvedCondition,
  inScope,
  placedCommuneIds,
  placedCommunesSql,
  rollupParts,
  rollupTotals,
  type RollupScope,
} from '../evaluation/rollup';
import { centralSetFor, type SetInfo } from '../criteria/sets';
import { recognisedUnitIds } from '../recognition/decisions';
import { unitsAnsweringCommunityReports } from '../feedback/stats';
import { unitsCollectingSatisfactionOnline } from '../surveys/stats';
import { mayReadUnapproved } from '../evaluation/service';
import type { ListTargetsResponse, TargetBody, TargetView, UpdateTargetBody } from './api';
import { targets } from './tables';

/** The programme targets shipped with the product. */
export const SHIPPED_TARGETS_DIR = fileURLToPath(
  new URL('../../../../data/targets/', import.meta.url),
);

const isoDate = z
  .union([z.string(), z.date()])
  .transform((value) => (typeof value === 'string' ? value : value.toISOString().slice(0, 10)));

const setRefSchema = z.object({
  kind: z.enum(['standard', 'advanced', 'model']),
  level: z.enum(['commune', 'district']),
});
const capabilitySchema = z.object({ code: z.string().min(1), name: z.string().min(3) });

const shippedTargetSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    basis: z.string(),
    measure: z.enum([
      'communes_met_share',
      'communes_below_criteria',
      'indicator_met_share',
      'criterion_met_share',
      'recognised',
      'online_services',
      'none',
    ]),
    /** The set read, by kind and level (default: the standard commune set). */
    set: setRefSchema.optional(),
    capability: capabilitySchema.optional(),
    indicator: z.string().optional(),
    criterion: z.string().optional(),
    criteria: z.number().int().optional(),
    op: z.enum(['gte', 'lte']),
    value: z.number(),
    unit: z.string(),
    verified: z.boolean(),
    note: z.string().optional(),
  })
  .superRefine((target, context) => {
    const fail = (message: string) => context.addIssue({ code: 'custom', message });
    if ((target.measure === 'none' || target.measure === 'recognised') && !target.capability)
      fail(`${target.code}: a target without a source names the capability that will feed it`);
    if (target.measure === 'indicator_met_share' && !target.indicator)
      fail(`${target.code}: indicator required`);
    if (target.measure === 'criterion_met_share' && !target.criterion)
      fail(`${target.code}: criterion required`);
  });

const targetFileSchema = z.object({
  code: z.string(),
  name: z.string(),
  startDate: isoDate,
  deadline: isoDate,
  targets: z.array(shippedTargetSchema),
});

export type ShippedTargetFile = z.infer<typeof targetFileSchema>;
export type ShippedTarget = ShippedTargetFile['targets'][number];

/** Reads and checks every file of `data/targets/`, in name order. */
export function readShippedTargetFiles(directory = SHIPPED_TARGETS_DIR): ShippedTargetFile[] {
  return fs
    .readdirSync(directory)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((name) =>
      targetFileSchema.parse(parse(fs.readFileSync(path.join(directory, name), 'utf8'))),
    );
}

const STANDARD_COMMUNE: TargetSetRef = { kind: 'standard', level: 'commune' };

/** The recognition a commune target of each set kind counts. */
const RECOGNITION_KIND = {
  standard: 'commune_ntm',
  advanced: 'commune_advanced',
  model: 'commune_model',
} as const;

/** What a shipped target measures (the file carries what the table's columns cannot). */
export function shippedMetric(target: ShippedTarget): TargetMetric {
  const set = target.set ?? STANDARD_COMMUNE;
  switch (target.measure) {
    case 'communes_met_share':
      return { kind: 'communes_met_share', set };
    case 'communes_below_criteria':
      return { kind: 'communes_below_criteria', set, criteria: target.criteria ?? 15 };
    case 'indicator_met_share':
      return { kind: 'indicator_met_share', set, indicator: target.indicator! };
    case 'criterion_met_share':
      return { kind: 'criterion_met_share', set, criterion: target.criterion! };
    case 'recognised':
      return { kind: 'recognised', set, capability: target.capability ?? RECOGNITION_CAPABILITY };
    case 'online_services':
      return { kind: 'online_services', set };
    case 'none':
      return { kind: 'none', capability: target.capability! };
  }
}

/** The shipped metrics by target code (the files are read once per process). */
let shippedMetrics: Map<string, TargetMetric> | null = null;
function shippedMetricOf(code: string): TargetMetric | undefined {
  if (!shippedMetrics) {
    shippedMetrics = new Map();
    try {
      for (const file of readShippedTargetFiles())
        for (const target of file.targets) shippedMetrics.set(target.code, shippedMetric(target));
    } catch {
      // Without the files, the table's columns tell what they can.
    }
  }
  return shippedMetrics.get(code);
}

type TargetRow = typeof targets.$inferSelect;

/** The metric of a stored target: the shipped definition, or the table's columns. */
function metricOf(row: TargetRow): TargetMetric {
  const shipped = row.source === 'file' ? shippedMetricOf(row.code) : undefined;
  if (shipped) return shipped;
  switch (row.measure) {
    case 'communes_met_share':
      return { kind: 'communes_met_share', set: STANDARD_COMMUNE };
    case 'communes_below_criteria':
      return {
        kind: 'communes_below_criteria',
        set: STANDARD_COMMUNE,
        criteria: row.criteriaThreshold ?? 15,
      };
    case 'indicator_met_share':
      return { kind: 'indicator_met_share', set: STANDARD_COMMUNE, indicator: row.indicator ?? '' };
    case 'criterion_met_share':
      return { kind: 'criterion_met_share', set: STANDARD_COMMUNE, criterion: row.criterion ?? '' };
    default:
      return { kind: 'none', capability: { code: 'unknown', name: row.note ?? row.name } };
  }
}

/** The table keeps the measures it knows; a recognised count is stored as `none` (no source). */
function storedMeasure(metric: TargetMetric): string {
  return metric.kind === 'recognised' || metric.kind === 'online_services' ? 'none' : metric.kind;
}

/** Loads every file of `data/targets/` (a target with the same code is replaced). */
export async function loadShippedTargets(tx: Tx, directory = SHIPPED_TARGETS_DIR): Promise<number> {
  let count = 0;
  for (const file of readShippedTargetFiles(directory)) {
    for (const target of file.targets) {
      const metric = shippedMetric(target);
      const row = {
        code: target.code,
        programCode: file.code,
        name: target.name,
        basis: target.basis,
        issuer: 'central',
        scopeUnitId: null,
        measure: storedMeasure(metric),
        indicator: target.indicator ?? null,
        criterion: target.criterion ?? null,
        criteriaThreshold: target.criteria ?? null,
        op: target.op,
        value: target.value,
        unit: target.unit,
        startDate: file.startDate,
        deadline: file.deadline,
        verified: target.verified,
        note: target.note ?? null,
        source: 'file',
      };
      await tx
        .insert(targets)
        .values(row)
        .onConflictDoUpdate({ target: targets.code, set: { ...row, updatedAt: new Date() } });
      count++;
    }
  }
  return count;
}

interface Reading {
  year: number | null;
  current: number | null;
  met: number;
  /** Units of the scope counted (communes or districts). */
  communes: number;
  count: number;
  /** Units without data (below-criteria counts): neither passing nor failing. */
  unknown: number | null;
  set: { code: string; name: string; criteria: number } | null;
}

type NoSource = NonNullable<TargetView['noSource']>;

const SET_KIND_WORDS = { standard: '', advanced: ' nâng cao', model: ' kiểu mẫu' } as const;
const LEVEL_WORDS = { commune: 'xã', district: 'huyện' } as const;

/** The central published set of a kind and level valid in the year, or null. */
async function centralSet(
  executor: Executor,
  ref: TargetSetRef,
  year: number,
): Promise<SetInfo | null> {
  return centralSetFor(executor, { level: ref.level, kind: ref.kind, year });
}

/**
 * Whether the platform can measure the target at all in its period: a target without a source (a
 * capability to come), or whose set or indicator is not in the platform, answers "no source".
 */
async function sourceOf(
  executor: Executor,
  metric: TargetMetric,
  startYear: number,
  endYear: number,
): Promise<NoSource | null> {
  const capability = metricCapability(metric);
  if (capability) return { reason: 'capability', capability };
  if (metric.kind === 'none') return null;
  const setWords = `bộ tiêu chí ${LEVEL_WORDS[metric.set.level]} nông thôn mới${SET_KIND_WORDS[metric.set.kind]}`;
  let found = false;
  for (let year = endYear; year >= startYear; year--) {
    const set = await centralSet(executor, metric.set, year);
    if (!set) continue;
    found = true;
    const code =
      metric.kind === 'indicator_met_share'
        ? metric.indicator
        : metric.kind === 'criterion_met_share'
          ? metric.criterion
          : null;
    const present =
      code === null ||
      (metric.kind === 'indicator_met_share'
        ? set.compiled.indicatorByCode.has(code)
        : set.compiled.criteria.some((criterion) => criterion.code === code));
    if (present) return null;
  }
  const what =
    metric.kind === 'indicator_met_share'
      ? `chỉ tiêu ${metric.indicator} của ${setWords}`
      : metric.kind === 'criterion_met_share'
        ? `tiêu chí ${metric.criterion} của ${setWords}`
        : setWords;
  return {
    reason: found ? 'indicator_missing' : 'set_missing',
    capability: {
      code: 'criteria_set',
      name: `${what.charAt(0).toUpperCase()}${what.slice(1)} (module bộ tiêu chí)`,
    },
  };
}

/** Districts of the scope (holding a placed rural commune) and how many meet an indicator. */
async function districtIndicatorCounts(
  executor: Executor,
  scope: RollupScope,
  indicatorOrdinal: number,
): Promise<{ districts: number; evaluated: number; met: number }> {
  const [row] = await queryRows<{ districts: number; evaluated: number; met: number }>(
    executor,
    sql`WITH placed AS (${placedCommunesSql(scope.year, scope.reportingDate)}),
        districts AS (
          SELECT DISTINCT d.id FROM placed p JOIN unit c ON c.id = p.id
            JOIN unit d ON d.id = c.parent_id AND d.level = 'district'
          WHERE ${inScope(scope)}
        )
        SELECT count(d.id)::int AS districts, count(e.unit_id)::int AS evaluated,
          count(*) FILTER (WHERE e.indicator_status[${indicatorOrdinal}] = 'met')::int AS met
        FROM districts d LEFT JOIN evaluation e ON e.unit_id = d.id AND e.set_id = ${scope.set.id}
          AND e.year = ${scope.year} ${approvedCondition(scope)}`,
  );
  return {
    districts: Number(row?.districts ?? 0),
    evaluated: Number(row?.evaluated ?? 0),
    met: Number(row?.met ?? 0),
  };
}

/**
 * Every rural commune of the scope against "at least N criteria": `below` are those that cannot
 * reach N whatever their missing values turn out to be (more than total − N criteria not met on
 * a value); `unknown` are those without a result, without a class, or below N only for want of
 * values (chưa có số liệu) — never counted as passing.
 */
async function communesBelow(
  executor: Executor,
  scope: RollupScope,
  criteria: number,
): Promise<{ communes: number; evaluated: number; below: number; unknown: number }> {
  const { compiled } = scope.set;
  const failed = compiled.criteria.length
    ? sql.join(
        compiled.criteria.map((criterion) =>
          criterion.end > criterion.first
            ? sql`(CASE WHEN 'not_met' = ANY(e.indicator_status[${criterion.first + 1}:${criterion.end}]) THEN 1 ELSE 0 END)`
            : sql`0`,
        ),
        sql` + `,
      )
    : sql`0`;
  const allowed = compiled.criteria.length - criteria;
  const [row] = await queryRows<{
    communes: number;
    evaluated: number;
    below: number;
    passing: number;
  }>(
    executor,
    sql`WITH placed AS (${placedCommunesSql(scope.year, scope.reportingDate)}),
        judged AS (
          SELECT p.id, e.status, e.criteria_met, (${failed}) AS failed
          FROM placed p LEFT JOIN evaluation e ON e.unit_id = p.id AND e.set_id = ${scope.set.id}
            AND e.year = ${scope.year} ${approvedCondition(scope)}
          WHERE ${inScope(scope)}
        )
        SELECT count(*)::int AS communes,
          count(*) FILTER (WHERE status IS NOT NULL AND status <> 'unclassified')::int AS evaluated,
          count(*) FILTER (WHERE status IS NOT NULL AND status <> 'unclassified'
            AND failed > ${allowed})::int AS below,
          count(*) FILTER (WHERE status IS NOT NULL AND status <> 'unclassified'
            AND criteria_met >= ${criteria})::int AS passing
        FROM judged`,
  );
  const communes = Number(row?.communes ?? 0);
  const below = Number(row?.below ?? 0);
  const passing = Number(row?.passing ?? 0);
  return {
    communes,
    evaluated: Number(row?.evaluated ?? 0),
    below,
    unknown: Math.max(0, communes - below - passing),
  };
}

/** The measure of a target for a scope and year (null current: no data that year). */
async function readMeasure(
  executor: Executor,
  metric: TargetMetric,
  unit: UnitRecord | null,
  year: number,
  approvedOnly: boolean,
): Promise<Reading> {
  const empty: Reading = {
    year,
    current: null,
    met: 0,
    communes: 0,
    count: 0,
    unknown: null,
    set: null,
  };
  if (metric.kind === 'none') return { ...empty, year: null };
  const set = await centralSet(executor, metric.set, year);
  if (!set) return empty;
  const setFacts = { code: set.code, name: set.name, criteria: set.compiled.criteria.length };
  const scope: RollupScope = {
    unit,
    set,
    year,
    reportingDate: `${year}-12-31`,
    approvedOnly,
  };
  if (metric.kind === 'recognised') {
    // Recognised by a published decision in force on 31/12 (recognition module), of the communes
    // on that year's map: what "đạt chuẩn" means, apart from what the data compute.
    if (metric.set.level !== 'commune') return { ...empty, set: setFacts };
    const placed = await placedCommuneIds(executor, scope);
    const recognised = await recognisedUnitIds(
      executor,
      [RECOGNITION_KIND[metric.set.kind]],
      scope.reportingDate,
    );
    const met = placed.filter((id) => recognised.has(id)).length;
    if (placed.length === 0) return { ...empty, set: setFacts };
    return {
      ...empty,
      current: (met / placed.length) * 100,
      met,
      communes: placed.length,
      set: setFacts,
    };
  }
  if (metric.kind === 'online_services') {
    // Communes that collected satisfaction online (surveys) and answered community reports
    // (feedback) in the year, of the communes on that year's map.
    if (metric.set.level !== 'commune') return { ...empty, set: setFacts };
    const placed = await placedCommuneIds(executor, scope);
    if (placed.length === 0) return { ...empty, set: setFacts };
    const online = await unitsCollectingSatisfactionOnline(executor, year);
    const reports = await unitsAnsweringCommunityReports(executor, year);
    const met = placed.filter((id) => online.has(id) && reports.has(id)).length;
    return {
      ...empty,
      current: (met / placed.length) * 100,
      met,
      communes: placed.length,
      set: setFacts,
    };
  }
  if (metric.set.level === 'district') {
    // Only indicator and criterion shares are read for districts.
    const item =
      metric.kind === 'indicator_met_share'
        ? set.compiled.indicatorByCode.get(metric.indicator)
        : null;
    if (!item) return { ...empty, set: setFacts };
    const counts = await districtIndicatorCounts(executor, scope, item.index + 1);
    if (counts.evaluated === 0 || counts.districts === 0)
      return { ...empty, communes: counts.districts, set: setFacts };
    return {
      ...empty,
      current: (counts.met / counts.districts) * 100,
      met: counts.met,
      communes: counts.districts,
      set: setFacts,
    };
  }
  if (metric.kind === 'communes_below_criteria') {
    const counts = await communesBelow(executor, scope, metric.criteria);
    if (counts.evaluated === 0 || counts.communes === 0)
      return { ...empty, communes: counts.communes, unknown: counts.unknown, set: setFacts };
    return {
      ...empty,
      current: counts.below,
      communes: counts.communes,
      count: counts.below,
      unknown: counts.unknown,
      set: setFacts,
    };
  }
  const totals = await rollupTotals(executor, scope);
  if (totals.evaluated === 0 || totals.communes === 0)
    return { ...empty, communes: totals.communes, set: setFacts };
  const share = (met: number) => (met / totals.communes) * 100;
  if (metric.kind === 'communes_met_share') {
    return {
      ...empty,
      current: share(totals.met),
      met: totals.met,
      communes: totals.communes,
      set: setFacts,
    };
  }
  const parts = await rollupParts(executor, scope);
  const wanted = metric.kind === 'indicator_met_share' ? metric.indicator : metric.criterion;
  const list = metric.kind === 'indicator_met_share' ? parts.indicators : parts.criteria;
  const found = list.find((item) => item.code === wanted);
  if (!found) return { ...empty, communes: totals.communes, set: setFacts };
  return {
    ...empty,
    current: share(found.met),
    met: found.met,
    communes: totals.communes,
    set: setFacts,
  };
}

async function scopeOf(executor: Executor, row: TargetRow) {
  if (row.scopeUnitId === null) return null;
  const unit = await findUnitById(executor, row.scopeUnitId);
  return unit ? { code: unit.code, name: unit.name } : null;
}

async function viewOf(
  executor: Executor,
  row: TargetRow,
  unit: UnitRecord | null,
  year: number | undefined,
  approvedOnly: boolean,
): Promise<TargetView> {
  const metric = metricOf(row);
  const deadlineYear = Number(row.deadline.slice(0, 4));
  const startYear = Number(row.startDate.slice(0, 4));
  const today = todayInVietnam();
  const readingYear = Math.max(
    startYear,
    Math.min(year ?? Number(today.slice(0, 4)), deadlineYear),
  );
  const noSource = await sourceOf(executor, metric, startYear, deadlineYear);
  let reading: Reading;
  let baseline: number | null = null;
  if (noSource) {
    reading = {
      year: null,
      current: null,
      met: 0,
      communes: 0,
      count: 0,
      unknown: null,
      set: null,
    };
  } else {
    reading = await readMeasure(executor, metric, unit, readingYear, approvedOnly);
    // No data for that year yet: the latest earlier year that has some.
    for (let y = readingYear - 1; reading.current === null && y >= startYear; y--) {
      const earlier = await readMeasure(executor, metric, unit, y, approvedOnly);
      if (earlier.current !== null) reading = earlier;
    }
    if (reading.current !== null && reading.year !== null) {
      for (let y = startYear; y <= reading.year; y++) {
        const first = await readMeasure(executor, metric, unit, y, approvedOnly);
        if (first.current !== null) {
          // "At most" counts start from every unit not known to pass.
          baseline = first.current + (row.op === 'lte' ? (first.unknown ?? 0) : 0);
          break;
        }
      }
    }
  }
  const asOf =
    reading.year === null
      ? today
      : `${reading.year}-12-31` < today
        ? `${reading.year}-12-31`
        : today;
  const progress = targetProgress(
    {
      op: row.op as 'gte' | 'lte',
      value: row.value,
      startDate: row.startDate,
      deadline: row.deadline,
    },
    {
      current: reading.current,
      baseline,
      asOf,
      unknown: reading.unknown ?? 0,
      noSource: noSource !== null,
    },
  );
  const shareMeasure = metric.kind !== 'communes_below_criteria';
  const gap =
    reading.current === null
      ? null
      : targetGap(shareMeasure ? 'share' : 'count', row.op as 'gte' | 'lte', row.value, {
          met: reading.met,
          total: reading.communes,
          count: reading.count,
          unknown: reading.unknown ?? 0,
        });
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    code: row.code,
    programCode: row.programCode,
    name: row.name,
    basis: row.basis,
    issuer: row.issuer,
    scope: await scopeOf(executor, row),
    measure: metric.kind,
    indicator: row.indicator,
    criterion: row.criterion,
    criteriaThreshold: row.criteriaThreshold,
    metric: {
      set: metric.kind === 'none' ? null : metric.set,
      unitLevel: metricUnitLevel(metric),
    },
    counts: metricCounts(metric),
    noSource,
    op: row.op as 'gte' | 'lte',
    value: row.value,
    unit: row.unit,
    startDate: row.startDate,
    deadline: row.deadline,
    verified: row.verified,
    note: row.note,
    source: row.source as 'file' | 'user',
    version: row.version,
    progress: {
      year: reading.year,
      current: round(reading.current),
      baseline: round(baseline),
      expected: round(progress.expected),
      percentDone: round(progress.percentDone),
      status: progress.status,
      gap,
      communes: reading.communes,
      unknown: reading.current === null ? null : reading.unknown,
      set: reading.set,
    },
  };
}

/**
 * The targets that apply to the country (national programme targets) or to a province (the
 * national ones measured inside it, and its own), each with its progress from stored evaluations.
 */
export async function listTargets(
  executor: Executor,
  context: RequestContext,
  query: { unit?: string | undefined; year?: number | undefined },
): Promise<ListTargetsResponse> {
  const unit = query.unit ? await getUnit(executor, query.unit, todayInVietnam()) : null;
  if (unit && unit.level !== 'province') {
    throw new AppError('targets.province_only', 422, { unit: unit.name });
  }
  const approvedOnly = !(await mayReadUnapproved(executor, context, unit));
  const rows = await executor
    .select()
    .from(targets)
    .where(
      unit
        ? sql`${targets.scopeUnitId} IS NULL OR ${targets.scopeUnitId} = ${unit.id}`
        : sql`${targets.scopeUnitId} IS NULL`,
    )
    .orderBy(sql`${targets.scopeUnitId} IS NOT NULL`, targets.code);
  const items: TargetView[] = [];
  for (const row of rows) items.push(await viewOf(executor, row, unit, query.year, approvedOnly));
  return { scope: unit ? { code: unit.code, name: unit.name } : null, items };
}

function checkBody(body: Omit<TargetBody, 'code' | 'unit'>): void {
  if (body.deadline < body.startDate) {
    throw new AppError('targets.dates', 422, {});
  }
  if (body.measure === 'indicator_met_share' && !body.indicator) {
    throw new AppError('targets.indicator_required', 422, {});
  }
  if (body.measure === 'criterion_met_share' && !body.criterion) {
    throw new AppError('targets.criterion_required', 422, {});
  }
  if (body.measure !== 'communes_below_criteria' && body.value > 100) {
    throw new AppError('targets.share_range', 422, { value: body.value });
  }
}

/** A province office sets a target of its own province (audited). */
export async function createTarget(
  tx: Tx,
  context: RequestContext,
  body: TargetBody,
  language: 'vi' | 'en' = 'vi',
): Promise<TargetView> {
  const actor = requireActor(context);
  const unit = await getUnit(tx, body.unit, todayInVietnam());
  if (unit.level !== 'province')
    throw new AppError('targets.province_only', 422, { unit: unit.name });
  await assertUnitAccess(tx, context, unit.id, 'write', ['admin', 'province']);
  checkBody(body);
  const [existing] = await tx
    .select({ id: targets.id })
    .from(targets)
    .where(eq(targets.code, body.code));
  if (existing) throw new AppError('targets.code_taken', 409, { code: body.code });
  const [row] = await tx
    .insert(targets)
    .values({
      code: body.code,
      programCode: null,
      name: body.name,
      basis: body.basis,
      issuer: unit.code,
      scopeUnitId: unit.id,
      measure: body.measure,
      indicator: body.indicator ?? null,
      criterion: body.criterion ?? null,
      criteriaThreshold: body.criteriaThreshold ?? null,
      op: body.op,
      value: body.value,
      unit:
        body.measure === 'communes_below_criteria' ? (language === 'vi' ? 'xã' : 'communes') : '%',
      startDate: body.startDate,
      deadline: body.deadline,
      verified: true,
      note: body.note ?? null,
      source: 'user',
      createdBy: actor.userId,
      updatedBy: actor.userId,
    })
    .returning();
  await recordAudit(tx, context, {
    action: 'target.create',
    entityType: 'target',
    entityId: body.code,
    provinceCode: unit.code,
    after: body,
  });
  return viewOf(tx, row!, unit, undefined, false);
}

async function ownTarget(tx: Tx, context: RequestContext, code: string) {
  const [row] = await tx.select().from(targets).where(eq(targets.code, code));
  if (!row) throw new AppError('targets.not_found', 404, { code });
  if (row.source !== 'user' || row.scopeUnitId === null) {
    throw new AppError('targets.programme_target', 403, { code });
  }
  await assertUnitAccess(tx, context, row.scopeUnitId, 'write', ['admin', 'province']);
  return row;
}

/** Changes a province's own target (version checked, audited). */
export async function updateTarget(
  tx: Tx,
  context: RequestContext,
  code: string,
  body: UpdateTargetBody,
): Promise<TargetView> {
  const actor = requireActor(context);
  const row = await ownTarget(tx, context, code);
  checkBody(body);
  const { version, ...changes } = body;
  const [updated] = await tx
    .update(targets)
    .set({
      ...changes,
      indicator: changes.indicator ?? null,
      criterion: changes.criterion ?? null,
      criteriaThreshold: changes.criteriaThreshold ?? null,
      note: changes.note ?? null,
      updatedAt: new Date(),
      updatedBy: actor.userId,
      version: row.version + 1,
    })
    .where(and(eq(targets.id, row.id), eq(targets.version, version)))
    .returning();
  if (!updated) throw new AppError('targets.conflict', 409, { code });
  await recordAudit(tx, context, {
    action: 'target.update',
    entityType: 'target',
    entityId: code,
    provinceCode: row.issuer,
    before: row,
    after: updated,
  });
  const unit = await findUnitById(tx, row.scopeUnitId!);
  return viewOf(tx, updated, unit, undefined, false);
}

/** Deletes a province's own target (audited; programme targets cannot be deleted). */
export async function deleteTarget(tx: Tx, context: RequestContext, code: string): Promise<void> {
  const row = await ownTarget(tx, context, code);
  await tx.delete(targets).where(eq(targets.id, row.id));
  await recordAudit(tx, context, {
    action: 'target.delete',
    entityType: 'target',
    entityId: code,
    provinceCode: row.issuer,
    before: row,
  });
}

/** Count of shipped targets (for the seed report). */
export async function countTargets(executor: Executor): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    executor,
    sql`SELECT count(*)::int AS total FROM target`,
  );
  return Number(row?.total ?? 0);
}
