import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import { parse } from 'yaml';
import { z } from 'zod';
import { targetGap, targetProgress } from '../../../domain/targets';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError } from '../../errors';
import type { RequestContext } from '../accounts/actor';
import { recordAudit } from '../accounts/audit';
import { assertUnitAccess, requireActor } from '../accounts/policy';
import { todayInVietnam } from '../units/model';
import { findUnitById, getUnit, type UnitRecord } from '../units/service';
import {
  rollupCountBelow,
  rollupParts,
  rollupTotals,
  type RollupScope,
} from '../evaluation/rollup';
import { defaultCommuneSet, mayReadUnapproved } from '../evaluation/service';
import type { ListTargetsResponse, TargetBody, TargetView, UpdateTargetBody } from './api';
import { targets } from './tables';

/** The programme targets shipped with the product. */
export const SHIPPED_TARGETS_DIR = fileURLToPath(
  new URL('../../../../data/targets/', import.meta.url),
);

const isoDate = z
  .union([z.string(), z.date()])
  .transform((value) => (typeof value === 'string' ? value : value.toISOString().slice(0, 10)));

const targetFileSchema = z.object({
  code: z.string(),
  name: z.string(),
  startDate: isoDate,
  deadline: isoDate,
  targets: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      basis: z.string(),
      measure: z.enum([
        'communes_met_share',
        'communes_below_criteria',
        'indicator_met_share',
        'criterion_met_share',
        'none',
      ]),
      indicator: z.string().optional(),
      criterion: z.string().optional(),
      criteria: z.number().int().optional(),
      op: z.enum(['gte', 'lte']),
      value: z.number(),
      unit: z.string(),
      verified: z.boolean(),
      note: z.string().optional(),
    }),
  ),
});

/** Loads every file of `data/targets/` (a target with the same code is replaced). */
export async function loadShippedTargets(tx: Tx, directory = SHIPPED_TARGETS_DIR): Promise<number> {
  let count = 0;
  for (const name of fs
    .readdirSync(directory)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()) {
    const file = targetFileSchema.parse(parse(fs.readFileSync(path.join(directory, name), 'utf8')));
    for (const target of file.targets) {
      const row = {
        code: target.code,
        programCode: file.code,
        name: target.name,
        basis: target.basis,
        issuer: 'central',
        scopeUnitId: null,
        measure: target.measure,
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

type TargetRow = typeof targets.$inferSelect;

interface Reading {
  year: number | null;
  current: number | null;
  met: number;
  communes: number;
  count: number;
}

/** The measure of a target for a scope and year (null current: no data or no source). */
async function readMeasure(
  executor: Executor,
  target: TargetRow,
  unit: UnitRecord | null,
  year: number,
  approvedOnly: boolean,
): Promise<Reading> {
  const empty: Reading = { year, current: null, met: 0, communes: 0, count: 0 };
  if (target.measure === 'none') return { ...empty, year: null };
  let set;
  try {
    set = await defaultCommuneSet(executor, year);
  } catch {
    return empty;
  }
  const scope: RollupScope = {
    unit,
    set,
    year,
    reportingDate: `${year}-12-31`,
    approvedOnly,
  };
  const totals = await rollupTotals(executor, scope);
  if (totals.evaluated === 0 || totals.communes === 0)
    return { ...empty, communes: totals.communes };
  const share = (met: number) => (met / totals.communes) * 100;
  switch (target.measure) {
    case 'communes_met_share':
      return {
        year,
        current: share(totals.met),
        met: totals.met,
        communes: totals.communes,
        count: 0,
      };
    case 'communes_below_criteria': {
      const count = await rollupCountBelow(executor, scope, target.criteriaThreshold ?? 15);
      return { year, current: count, met: 0, communes: totals.communes, count };
    }
    case 'indicator_met_share':
    case 'criterion_met_share': {
      const parts = await rollupParts(executor, scope);
      const wanted = target.measure === 'indicator_met_share' ? target.indicator : target.criterion;
      const list = target.measure === 'indicator_met_share' ? parts.indicators : parts.criteria;
      const found = list.find((item) => item.code === wanted);
      if (!found) return { ...empty, communes: totals.communes };
      return {
        year,
        current: share(found.met),
        met: found.met,
        communes: totals.communes,
        count: 0,
      };
    }
    default:
      return empty;
  }
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
  const deadlineYear = Number(row.deadline.slice(0, 4));
  const startYear = Number(row.startDate.slice(0, 4));
  const today = todayInVietnam();
  const readingYear = Math.max(
    startYear,
    Math.min(year ?? Number(today.slice(0, 4)), deadlineYear),
  );
  let reading = await readMeasure(executor, row, unit, readingYear, approvedOnly);
  // No data for that year yet: the latest earlier year that has some.
  for (
    let y = readingYear - 1;
    reading.current === null && row.measure !== 'none' && y >= startYear;
    y--
  ) {
    reading = await readMeasure(executor, row, unit, y, approvedOnly);
  }
  let baseline: number | null = null;
  if (reading.current !== null && reading.year !== null) {
    for (let y = startYear; y <= reading.year; y++) {
      const first = await readMeasure(executor, row, unit, y, approvedOnly);
      if (first.current !== null) {
        baseline = first.current;
        break;
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
    { current: reading.current, baseline, asOf },
  );
  const shareMeasure = row.measure !== 'communes_below_criteria';
  const gap =
    reading.current === null
      ? null
      : targetGap(shareMeasure ? 'share' : 'count', row.op as 'gte' | 'lte', row.value, {
          met: reading.met,
          total: reading.communes,
          count: reading.count,
        });
  const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  return {
    code: row.code,
    programCode: row.programCode,
    name: row.name,
    basis: row.basis,
    issuer: row.issuer,
    scope: await scopeOf(executor, row),
    measure: row.measure as TargetView['measure'],
    indicator: row.indicator,
    criterion: row.criterion,
    criteriaThreshold: row.criteriaThreshold,
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
