import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { nextCutoff } from '../../../domain/ocop/rules';
import type { RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import type { Executor, Tx } from '../../db/client';
import { AppError } from '../../errors';
import { loadActor } from '../accounts/service';
import { recordAudit } from '../audit/service';
import type {
  addRoundApplicationsBody,
  councilBody,
  createRoundBody,
  updateRoundBody,
} from './api-office';
import { canManageRound, canReadRound } from './policy';
import { assertVersion, nextOcopReference, ocopToday, versionInForce } from './producers';
import {
  ocopApplications,
  ocopConflicts,
  ocopCouncilMembers,
  ocopRounds,
  ocopScores,
} from './tables';

/**
 * Rounds (đợt đánh giá): created for a province (or the centre) under the rule version in force,
 * the cut-off defaulting to the version's next one and the council's largest gap copied from it;
 * the council (chair, members, secretary — active accounts), conflicts of interest (declared by
 * the member, or by a manager for a member, with a reason), and the forwarded applications taken in.
 */

export type RoundRow = typeof ocopRounds.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadRound(
  executor: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<RoundRow> {
  if (!uuidPattern.test(id)) throw new AppError('ocop.round_not_found', 404, { id });
  const query = executor.select().from(ocopRounds).where(eq(ocopRounds.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw new AppError('ocop.round_not_found', 404, { id });
  return row;
}

/** The round's council: every member with their position. */
export async function councilOf(executor: Executor, roundId: string) {
  return executor
    .select({ userId: ocopCouncilMembers.userId, position: ocopCouncilMembers.position })
    .from(ocopCouncilMembers)
    .where(eq(ocopCouncilMembers.roundId, roundId))
    .orderBy(ocopCouncilMembers.createdAt, ocopCouncilMembers.userId);
}

/** Whether the actor manages the round (no throw). */
export async function managesRound(
  executor: Executor,
  context: RequestContext,
  round: RoundRow,
): Promise<boolean> {
  try {
    await canManageRound(executor, context, round);
    return true;
  } catch {
    return false;
  }
}

export async function roundView(executor: Executor, context: RequestContext, row: RoundRow) {
  const actor = requireActor(context);
  const manager = await managesRound(executor, context, row);
  const council = await councilOf(executor, row.id);
  const names = new Map<string, string>();
  for (const member of council) {
    names.set(member.userId, (await loadActor(executor, member.userId))?.displayName ?? '');
  }
  const conflicts = await executor
    .select({
      userId: ocopConflicts.userId,
      applicationId: ocopConflicts.applicationId,
      reason: ocopConflicts.reason,
    })
    .from(ocopConflicts)
    .where(
      manager
        ? eq(ocopConflicts.roundId, row.id)
        : and(eq(ocopConflicts.roundId, row.id), eq(ocopConflicts.userId, actor.userId)),
    );
  const [count] = await executor
    .select({ count: sql<number>`count(*)::int` })
    .from(ocopApplications)
    .where(eq(ocopApplications.roundId, row.id));
  return {
    id: row.id,
    reference: row.reference,
    level: row.level as 'province' | 'central',
    provinceCode: row.provinceCode,
    ruleVersion: row.ruleVersion,
    name: row.name,
    cutoffOn: row.cutoffOn,
    maxGap: Number(row.maxGap),
    state: row.state as 'open' | 'scoring' | 'decided' | 'closed',
    version: row.version,
    council: council.map((member) => ({
      userId: member.userId,
      displayName: names.get(member.userId) ?? '',
      position: member.position as 'chair' | 'member' | 'secretary',
    })),
    conflicts,
    applications: count?.count ?? 0,
    canManage: manager,
  };
}

export async function readRound(executor: Executor, context: RequestContext, id: string) {
  const row = await loadRound(executor, id);
  await canReadRound(executor, context, row);
  return roundView(executor, context, row);
}

export async function listRounds(executor: Executor, context: RequestContext) {
  requireActor(context);
  const rows = await executor
    .select()
    .from(ocopRounds)
    .orderBy(desc(ocopRounds.createdAt))
    .limit(200);
  const items = [];
  for (const row of rows) {
    try {
      await canReadRound(executor, context, row);
    } catch {
      continue;
    }
    items.push(await roundView(executor, context, row));
  }
  return { items };
}

export async function createRound(
  tx: Tx,
  context: RequestContext,
  body: z.infer<typeof createRoundBody>,
): Promise<string> {
  const level = body.level ?? 'province';
  const provinceCode = level === 'central' ? null : (body.provinceCode ?? null);
  if (level === 'province' && !provinceCode) throw new AppError('ocop.province_required', 422);
  const actor = await canManageRound(tx, context, { level, provinceCode });
  const today = ocopToday();
  const version = versionInForce(today);
  const cutoffOn = body.cutoffOn ?? nextCutoff(version, level, today);
  if (!cutoffOn) throw new AppError('ocop.cutoff_required', 422, { rules: version.code });
  const reference = await nextOcopReference(
    tx,
    ocopRounds,
    `OCOP-${provinceCode ?? 'TW'}-${today.slice(0, 4)}-D`,
    2,
  );
  const [row] = await tx
    .insert(ocopRounds)
    .values({
      reference,
      level,
      provinceCode,
      ruleVersion: version.code,
      name: body.name,
      cutoffOn,
      maxGap: version.councilMaxGap,
      createdBy: actor.userId,
    })
    .returning();
  await recordAudit(tx, context, {
    action: 'ocop.round.create',
    entityType: 'ocop_round',
    entityId: row!.id,
    provinceCode,
    after: { reference, level, ruleVersion: version.code, cutoffOn, maxGap: version.councilMaxGap },
  });
  return row!.id;
}

export async function updateRound(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: z.infer<typeof updateRoundBody>,
): Promise<void> {
  const row = await loadRound(tx, id, { lock: true });
  await canManageRound(tx, context, row);
  assertVersion(row.version, body.version, row.reference);
  const changes = {
    name: body.name ?? row.name,
    cutoffOn: body.cutoffOn ?? row.cutoffOn,
    state: body.state ?? row.state,
  };
  await tx
    .update(ocopRounds)
    .set({ ...changes, version: row.version + 1, updatedAt: new Date() })
    .where(eq(ocopRounds.id, row.id));
  await recordAudit(tx, context, {
    action: 'ocop.round.update',
    entityType: 'ocop_round',
    entityId: row.id,
    provinceCode: row.provinceCode,
    before: { name: row.name, cutoffOn: row.cutoffOn, state: row.state },
    after: changes,
  });
}

/** Moves the round's `forwarded` applications to `scoring` once a scoring member exists. */
async function startScoring(tx: Tx, roundId: string): Promise<void> {
  const council = await councilOf(tx, roundId);
  if (!council.some((member) => member.position !== 'secretary')) return;
  await tx
    .update(ocopApplications)
    .set({
      state: 'scoring',
      version: sql`${ocopApplications.version} + 1`,
      updatedAt: new Date(),
    })
    .where(and(eq(ocopApplications.roundId, roundId), eq(ocopApplications.state, 'forwarded')));
}

/**
 * Replaces the council: every member an active account; one chair at most, one secretary at most,
 * at least one scoring member. Refused once a member has submitted a sheet in the round.
 */
export async function setCouncil(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: z.infer<typeof councilBody>,
): Promise<void> {
  const row = await loadRound(tx, id, { lock: true });
  await canManageRound(tx, context, row);
  assertVersion(row.version, body.version, row.reference);
  const seen = new Set<string>();
  for (const member of body.members) {
    if (seen.has(member.userId)) {
      throw new AppError('ocop.member_twice', 422, { id: member.userId });
    }
    seen.add(member.userId);
    const account = await loadActor(tx, member.userId);
    if (!account) throw new AppError('ocop.member_inactive', 422, { id: member.userId });
  }
  for (const position of ['chair', 'secretary'] as const) {
    if (body.members.filter((member) => member.position === position).length > 1) {
      throw new AppError('ocop.position_twice', 422, { position });
    }
  }
  if (!body.members.some((member) => member.position !== 'secretary')) {
    throw new AppError('ocop.council_empty', 422);
  }
  const [submitted] = await tx
    .select({ id: ocopScores.id })
    .from(ocopScores)
    .where(and(eq(ocopScores.roundId, row.id), isNotNull(ocopScores.submittedAt)))
    .limit(1);
  const before = await councilOf(tx, row.id);
  if (submitted) throw new AppError('ocop.council_locked', 409, { reference: row.reference });
  await tx.delete(ocopCouncilMembers).where(eq(ocopCouncilMembers.roundId, row.id));
  await tx
    .insert(ocopCouncilMembers)
    .values(body.members.map((member) => ({ roundId: row.id, ...member })));
  await tx
    .update(ocopRounds)
    .set({ version: row.version + 1, updatedAt: new Date() })
    .where(eq(ocopRounds.id, row.id));
  await startScoring(tx, row.id);
  await recordAudit(tx, context, {
    action: 'ocop.round.council',
    entityType: 'ocop_round',
    entityId: row.id,
    provinceCode: row.provinceCode,
    before: { members: before },
    after: { members: body.members },
  });
}

/**
 * Takes applications into the round: each `preassessed`, forwarded by its commune, of the round's
 * province and rule version; it becomes `scoring` when the council has a scoring member, else
 * `forwarded` (and `scoring` once the council is declared).
 */
export async function addRoundApplications(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: z.infer<typeof addRoundApplicationsBody>,
): Promise<void> {
  const row = await loadRound(tx, id, { lock: true });
  await canManageRound(tx, context, row);
  assertVersion(row.version, body.version, row.reference);
  if (row.state !== 'open' && row.state !== 'scoring') {
    throw new AppError('ocop.round_closed', 422, { reference: row.reference });
  }
  const applications = await tx
    .select()
    .from(ocopApplications)
    .where(inArray(ocopApplications.id, body.applicationIds))
    .for('update');
  for (const applicationId of body.applicationIds) {
    const application = applications.find((item) => item.id === applicationId);
    if (!application) throw new AppError('ocop.application_not_found', 404, { id: applicationId });
    const eligible =
      application.state === 'preassessed' &&
      application.preassessment?.forward === true &&
      (row.provinceCode === null || application.provinceCode === row.provinceCode) &&
      application.ruleVersion === row.ruleVersion;
    if (!eligible) {
      throw new AppError('ocop.not_forwarded', 422, { reference: application.reference });
    }
  }
  await tx
    .update(ocopApplications)
    .set({
      roundId: row.id,
      state: 'forwarded',
      version: sql`${ocopApplications.version} + 1`,
      updatedAt: new Date(),
    })
    .where(inArray(ocopApplications.id, body.applicationIds));
  await startScoring(tx, row.id);
  await tx
    .update(ocopRounds)
    .set({ version: row.version + 1, updatedAt: new Date() })
    .where(eq(ocopRounds.id, row.id));
  await recordAudit(tx, context, {
    action: 'ocop.round.applications',
    entityType: 'ocop_round',
    entityId: row.id,
    provinceCode: row.provinceCode,
    after: { applications: applications.map((item) => item.reference) },
  });
}
