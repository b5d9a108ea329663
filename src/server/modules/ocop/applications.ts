import { and, desc, eq, inArray, notExists, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import type { Executor, Tx } from '../../db/client';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/service';
import type {
  applicationActionBody,
  applicationListQuery,
  createApplicationBody,
  updateApplicationBody,
} from './api-office';
import { checkChoices, publishedSheet, scoreChoices, sheetById } from './choices';
import {
  canManageProducer,
  canPreassess,
  canReadProducer,
  canReadRound,
  hasConflict,
} from './policy';
import {
  assertVersion,
  communeIdsOfCode,
  loadProducer,
  loadProduct,
  nextOcopReference,
  ocopToday,
  versionInForce,
  visibleSql,
} from './producers';
import { loadRound } from './rounds';
import { ruleVersionByCode } from './rules';
import { ocopApplications, ocopConflicts, ocopProducts, type Preassessment } from './tables';

/**
 * Applications (hồ sơ): Mẫu 01 (registration) and Mẫu 02 (the producer's self-assessment on the
 * published sheet of the product's set under the rule version in force, its score stored), and
 * the dossier's steps: submit, withdraw (producer); preassess, return, forward (commune; the
 * district under 148). States: draft → submitted → preassessed → (taken into a round) forwarded →
 * scoring → scored → decided; returned → (edited) → submitted.
 */

export type ApplicationRow = typeof ocopApplications.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadApplication(
  executor: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ApplicationRow> {
  if (!uuidPattern.test(id)) throw new AppError('ocop.application_not_found', 404, { id });
  const query = executor.select().from(ocopApplications).where(eq(ocopApplications.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw new AppError('ocop.application_not_found', 404, { id });
  return row;
}

export function applicationView(row: ApplicationRow, productName: string, producerId: string) {
  return {
    id: row.id,
    reference: row.reference,
    productId: row.productId,
    productName,
    producerId,
    provinceCode: row.provinceCode,
    communeUnitId: row.communeUnitId,
    kind: row.kind as 'first' | 'upgrade' | 'rerank',
    ruleVersion: row.ruleVersion,
    sheetId: row.sheetId,
    registration: row.registration,
    selfAssessment: row.selfAssessment,
    selfScore: row.selfScore,
    preassessment: row.preassessment,
    roundId: row.roundId,
    attempt: row.attempt,
    result: row.result,
    rescoreNeeded: row.state === 'scoring' && row.result?.rescoreNeeded === true,
    decidedStars: row.decidedStars,
    state: row.state as ApplicationState,
    returnReason: row.returnReason,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type ApplicationState =
  | 'draft'
  | 'submitted'
  | 'preassessed'
  | 'forwarded'
  | 'scoring'
  | 'scored'
  | 'decided'
  | 'returned'
  | 'rejected'
  | 'withdrawn';

/**
 * The actor may read the application: the producer's accounts, offices over its commune, the
 * round's members and managers — never a member who declared a conflict with it (403).
 */
export async function canReadApplication(
  executor: Executor,
  context: RequestContext,
  row: ApplicationRow,
): Promise<void> {
  const actor = requireActor(context);
  if (await hasConflict(executor, row.id, actor.userId)) {
    throw new AppError('ocop.conflicted', 403);
  }
  const product = await loadProduct(executor, row.productId);
  const producer = await loadProducer(executor, product.producerId);
  try {
    await canReadProducer(executor, context, producer);
  } catch (error) {
    if (!row.roundId) throw error;
    await canReadRound(executor, context, await loadRound(executor, row.roundId));
  }
}

export async function readApplication(executor: Executor, context: RequestContext, id: string) {
  const row = await loadApplication(executor, id);
  await canReadApplication(executor, context, row);
  const product = await loadProduct(executor, row.productId);
  return applicationView(row, product.name, product.producerId);
}

export async function listApplications(
  executor: Executor,
  context: RequestContext,
  query: z.infer<typeof applicationListQuery>,
) {
  const actor = requireActor(context);
  const conditions: SQL[] = [
    await visibleSql(executor, actor, ocopProducts.producerId, ocopApplications.communeUnitId),
    // a conflicted member never sees the application, whatever else gives them access
    notExists(
      executor
        .select({ one: sql`1` })
        .from(ocopConflicts)
        .where(
          and(
            eq(ocopConflicts.applicationId, ocopApplications.id),
            eq(ocopConflicts.userId, actor.userId),
          ),
        ),
    ),
  ];
  if (query.state) conditions.push(eq(ocopApplications.state, query.state));
  if (query.unit !== undefined) conditions.push(eq(ocopApplications.communeUnitId, query.unit));
  if (query.commune !== undefined) {
    const ids = await communeIdsOfCode(executor, query.commune);
    conditions.push(ids.length > 0 ? inArray(ocopApplications.communeUnitId, ids) : sql`false`);
  }
  if (query.round) conditions.push(eq(ocopApplications.roundId, query.round));
  if (query.product) conditions.push(eq(ocopApplications.productId, query.product));
  const rows = await executor
    .select({
      application: ocopApplications,
      productName: ocopProducts.name,
      producerId: ocopProducts.producerId,
    })
    .from(ocopApplications)
    .innerJoin(ocopProducts, eq(ocopProducts.id, ocopApplications.productId))
    .where(and(...conditions))
    .orderBy(desc(ocopApplications.createdAt))
    .limit(500);
  return {
    items: rows.map((row) => applicationView(row.application, row.productName, row.producerId)),
  };
}

export async function createApplication(
  tx: Tx,
  context: RequestContext,
  body: z.infer<typeof createApplicationBody>,
): Promise<string> {
  const product = await loadProduct(tx, body.productId);
  const producer = await loadProducer(tx, product.producerId);
  const actor = await canManageProducer(tx, context, producer);
  const today = ocopToday();
  const version = versionInForce(today);
  if (!version.applicationKinds.includes(body.kind)) {
    throw new AppError('ocop.kind_not_allowed', 422, { kind: body.kind, rules: version.code });
  }
  const [open] = await tx
    .select({ reference: ocopApplications.reference })
    .from(ocopApplications)
    .where(
      and(
        eq(ocopApplications.productId, product.id),
        sql`${ocopApplications.state} NOT IN ('decided', 'rejected', 'withdrawn')`,
      ),
    );
  if (open) throw new AppError('ocop.application_open', 409, { reference: open.reference });
  const sheet = await publishedSheet(tx, version.code, product.setCode);
  const selfAssessment = checkChoices(sheet.body, body.selfAssessment ?? {});
  const reference = await nextOcopReference(
    tx,
    ocopApplications,
    `OCOP-${product.provinceCode}-${today.slice(0, 4)}-`,
  );
  const [row] = await tx
    .insert(ocopApplications)
    .values({
      reference,
      productId: product.id,
      provinceCode: product.provinceCode,
      communeUnitId: product.communeUnitId,
      kind: body.kind,
      ruleVersion: version.code,
      sheetId: sheet.id,
      registration: body.registration,
      selfAssessment,
      selfScore: scoreChoices(sheet.body, selfAssessment),
      createdBy: actor.userId,
    })
    .returning();
  await recordAudit(tx, context, {
    action: 'ocop.application.create',
    entityType: 'ocop_application',
    entityId: row!.id,
    provinceCode: product.provinceCode,
    after: { reference, product: product.id, kind: body.kind, ruleVersion: version.code },
  });
  return row!.id;
}

const editableStates = new Set(['draft', 'returned']);

export async function updateApplication(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: z.infer<typeof updateApplicationBody>,
): Promise<void> {
  const row = await loadApplication(tx, id, { lock: true });
  const product = await loadProduct(tx, row.productId);
  await canManageProducer(tx, context, await loadProducer(tx, product.producerId));
  assertVersion(row.version, body.version, row.reference);
  if (!editableStates.has(row.state)) {
    throw new AppError('ocop.application_state', 422, {
      reference: row.reference,
      state: row.state,
    });
  }
  if (body.kind && !ruleVersionByCode(row.ruleVersion).applicationKinds.includes(body.kind)) {
    throw new AppError('ocop.kind_not_allowed', 422, { kind: body.kind, rules: row.ruleVersion });
  }
  const sheet = await sheetById(tx, row.sheetId);
  const selfAssessment = body.selfAssessment
    ? checkChoices(sheet.body, body.selfAssessment)
    : row.selfAssessment;
  const changes = {
    kind: body.kind ?? row.kind,
    registration: body.registration ?? row.registration,
    selfAssessment,
    selfScore: scoreChoices(sheet.body, selfAssessment),
  };
  await tx
    .update(ocopApplications)
    .set({ ...changes, version: row.version + 1, updatedAt: new Date() })
    .where(eq(ocopApplications.id, row.id));
  await recordAudit(tx, context, {
    action: 'ocop.application.update',
    entityType: 'ocop_application',
    entityId: row.id,
    provinceCode: row.provinceCode,
    before: { kind: row.kind, registration: row.registration, selfAssessment: row.selfAssessment },
    after: changes,
  });
}

type ActionBody = z.infer<typeof applicationActionBody>;

/** The steps an action may start from. */
const actionFrom: Record<ActionBody['action'], readonly string[]> = {
  submit: ['draft', 'returned'],
  withdraw: ['draft', 'submitted', 'returned'],
  preassess: ['submitted'],
  return: ['submitted', 'preassessed'],
  forward: ['preassessed'],
};

export async function actOnApplication(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: ActionBody,
): Promise<void> {
  const row = await loadApplication(tx, id, { lock: true });
  const product = await loadProduct(tx, row.productId);
  const producer = await loadProducer(tx, product.producerId);
  if (body.action === 'submit' || body.action === 'withdraw') {
    await canManageProducer(tx, context, producer);
  } else {
    await canPreassess(tx, context, row.communeUnitId);
  }
  assertVersion(row.version, body.version, row.reference);
  if (!actionFrom[body.action].includes(row.state)) {
    throw new AppError('ocop.action_not_allowed', 422, {
      action: body.action,
      state: row.state,
      reference: row.reference,
    });
  }
  const actor = requireActor(context);
  let changes: Partial<typeof ocopApplications.$inferInsert> = {};
  switch (body.action) {
    case 'submit': {
      const sheet = await sheetById(tx, row.sheetId);
      const score = scoreChoices(sheet.body, row.selfAssessment);
      if (score.missing.length > 0) {
        throw new AppError('ocop.self_assessment_incomplete', 422, {
          count: score.missing.length,
          first: score.missing[0]!,
        });
      }
      changes = {
        state: 'submitted',
        submittedAt: new Date(),
        selfScore: score,
        returnReason: null,
      };
      break;
    }
    case 'withdraw':
      changes = { state: 'withdrawn' };
      break;
    case 'preassess': {
      const version = ruleVersionByCode(row.ruleVersion);
      const expected = version.preassessmentCriteria.map((criterion) => criterion.code);
      const given = body.criteria ?? [];
      const seen = new Set<string>();
      for (const item of given) {
        if (!expected.includes(item.code) || seen.has(item.code)) {
          throw new AppError('ocop.unknown_preassessment_criterion', 422, { code: item.code });
        }
        seen.add(item.code);
      }
      const absent = expected.find((code) => !seen.has(code));
      if (absent) throw new AppError('ocop.preassessment_incomplete', 422, { code: absent });
      if (!body.conclusion) throw new AppError('ocop.conclusion_required', 422);
      const preassessment: Preassessment = {
        criteria: given.map((item) => ({
          code: item.code,
          met: item.met,
          note: item.note ?? null,
        })),
        conclusion: body.conclusion,
        forward: body.forward ?? false,
        byUserId: actor.userId,
        at: new Date().toISOString(),
      };
      changes = { state: 'preassessed', preassessment };
      break;
    }
    case 'return':
      if (!body.reason) throw new AppError('ocop.reason_required', 422);
      changes = { state: 'returned', returnReason: body.reason };
      break;
    case 'forward':
      if (!row.preassessment) throw new AppError('ocop.not_preassessed', 422);
      if (row.preassessment.forward) {
        throw new AppError('ocop.already_forwarded', 409, { reference: row.reference });
      }
      changes = { preassessment: { ...row.preassessment, forward: true } };
      break;
  }
  await tx
    .update(ocopApplications)
    .set({ ...changes, version: row.version + 1, updatedAt: new Date() })
    .where(eq(ocopApplications.id, row.id));
  await recordAudit(tx, context, {
    action: `ocop.application.${body.action}`,
    entityType: 'ocop_application',
    entityId: row.id,
    provinceCode: row.provinceCode,
    before: { state: row.state },
    after: { state: changes.state ?? row.state, ...changes },
  });
}
