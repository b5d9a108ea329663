import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { z } from 'zod';
import { councilResult } from '../../../domain/ocop/council';
import type { RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import type { Executor, Tx } from '../../db/client';
import { AppError } from '../../errors';
import { loadActor } from '../accounts/service';
import { recordAudit } from '../audit/service';
import type {
  conflictBody,
  discussionBody,
  saveScoreSheetBody,
  submitScoreSheetBody,
} from './api-office';
import { loadApplication, type ApplicationRow, type ApplicationState } from './applications';
import { checkChoices, scoreChoices, sheetById } from './choices';
import { canManageRound, canScore, hasConflict, isCouncilMember } from './policy';
import { assertVersion, loadProduct } from './producers';
import { councilOf, loadRound, managesRound } from './rounds';
import { ruleVersionByCode } from './rules';
import { ocopApplications, ocopConflicts, ocopDiscussions, ocopScores } from './tables';

/**
 * Council scoring: each scoring member's own sheet of the current attempt (opened with the
 * previous attempt's choices, saved as drafts with a version check, frozen on submit); blind until
 * every scoring, non-conflicted member has submitted the attempt; the last submission (under the
 * application row's lock, so concurrent submissions never lose a sheet and the result is computed
 * exactly once) computes the council's result — or flags the re-score, which opens after the
 * discussion is recorded. A conflicted member gets 403 `ocop.conflicted` on every path.
 */

type ScoreRow = typeof ocopScores.$inferSelect;

function scoreView(row: ScoreRow, sheetId: string, sheetBody: Parameters<typeof scoreChoices>[0]) {
  return {
    id: row.id,
    applicationId: row.applicationId,
    roundId: row.roundId,
    sheetId,
    attempt: row.attempt,
    choices: row.choices,
    score: scoreChoices(sheetBody, row.choices),
    comment: row.comment,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    version: row.version,
  };
}

/** The application in scoring, its round, and the actor allowed to score it (or 403/422). */
async function scorable(
  executor: Executor,
  context: RequestContext,
  id: string,
  options: { lock?: boolean } = {},
) {
  const application = await loadApplication(executor, id, options);
  if (!application.roundId) {
    throw new AppError('ocop.not_scoring', 422, { reference: application.reference });
  }
  const actor = await canScore(executor, context, application.roundId, application.id);
  if (application.state !== 'scoring') {
    throw new AppError('ocop.not_scoring', 422, { reference: application.reference });
  }
  return { application, roundId: application.roundId, actor };
}

async function sheetOfAttempt(
  executor: Executor,
  applicationId: string,
  userId: string,
  attempt: number,
  lock = false,
): Promise<ScoreRow | undefined> {
  const query = executor
    .select()
    .from(ocopScores)
    .where(
      and(
        eq(ocopScores.applicationId, applicationId),
        eq(ocopScores.userId, userId),
        eq(ocopScores.attempt, attempt),
      ),
    );
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** GET: the member's sheet of the current attempt, created (from the previous one's choices). */
export async function openScoreSheet(tx: Tx, context: RequestContext, id: string) {
  const { application, roundId, actor } = await scorable(tx, context, id);
  const sheet = await sheetById(tx, application.sheetId);
  let row = await sheetOfAttempt(tx, application.id, actor.userId, application.attempt);
  if (!row) {
    const previous =
      application.attempt > 1
        ? await sheetOfAttempt(tx, application.id, actor.userId, application.attempt - 1)
        : undefined;
    const choices = previous?.choices ?? {};
    [row] = await tx
      .insert(ocopScores)
      .values({
        applicationId: application.id,
        roundId,
        userId: actor.userId,
        attempt: application.attempt,
        choices,
        total: scoreChoices(sheet.body, choices).total,
        comment: previous?.comment ?? null,
      })
      .onConflictDoNothing()
      .returning();
    row ??= await sheetOfAttempt(tx, application.id, actor.userId, application.attempt);
  }
  return scoreView(row!, sheet.id, sheet.body);
}

/** PUT: saves draft choices (every criterion and option known; version checked). */
export async function saveScoreSheet(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: z.infer<typeof saveScoreSheetBody>,
) {
  const { application, actor } = await scorable(tx, context, id);
  const sheet = await sheetById(tx, application.sheetId);
  const row = await sheetOfAttempt(tx, application.id, actor.userId, application.attempt, true);
  if (!row) throw new AppError('ocop.sheet_not_opened', 404, { reference: application.reference });
  if (row.submittedAt) throw new AppError('ocop.sheet_submitted', 409);
  assertVersion(row.version, body.version, application.reference);
  const choices = checkChoices(sheet.body, body.choices);
  const score = scoreChoices(sheet.body, choices);
  const [updated] = await tx
    .update(ocopScores)
    .set({
      choices,
      total: score.total,
      comment: body.comment === undefined ? row.comment : body.comment,
      version: row.version + 1,
      updatedAt: new Date(),
    })
    .where(eq(ocopScores.id, row.id))
    .returning();
  await recordAudit(tx, context, {
    action: 'ocop.score.save',
    entityType: 'ocop_application',
    entityId: application.id,
    provinceCode: application.provinceCode,
    after: {
      attempt: application.attempt,
      total: score.total,
      answered: Object.keys(choices).length,
    },
  });
  return scoreView(updated!, sheet.id, sheet.body);
}

/** The scoring members expected on an application: non-secretaries without a conflict with it. */
async function expectedScorers(executor: Executor, application: ApplicationRow, roundId: string) {
  const council = await councilOf(executor, roundId);
  const conflicted = new Set(
    (
      await executor
        .select({ userId: ocopConflicts.userId })
        .from(ocopConflicts)
        .where(eq(ocopConflicts.applicationId, application.id))
    ).map((row) => row.userId),
  );
  return council
    .filter((member) => member.position !== 'secretary' && !conflicted.has(member.userId))
    .map((member) => member.userId);
}

async function submittedSheets(
  executor: Executor,
  applicationId: string,
  attempt: number,
  userIds: string[],
): Promise<ScoreRow[]> {
  if (userIds.length === 0) return [];
  return executor
    .select()
    .from(ocopScores)
    .where(
      and(
        eq(ocopScores.applicationId, applicationId),
        eq(ocopScores.attempt, attempt),
        inArray(ocopScores.userId, userIds),
        isNotNull(ocopScores.submittedAt),
      ),
    )
    .orderBy(asc(ocopScores.id));
}

/**
 * POST submit: freezes the member's sheet (every criterion chosen). Under the application row's
 * lock: the last expected submission computes the result (once).
 */
export async function submitScoreSheet(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: z.infer<typeof submitScoreSheetBody>,
) {
  const { application, roundId, actor } = await scorable(tx, context, id, { lock: true });
  const sheet = await sheetById(tx, application.sheetId);
  const row = await sheetOfAttempt(tx, application.id, actor.userId, application.attempt, true);
  if (!row) throw new AppError('ocop.sheet_not_opened', 404, { reference: application.reference });
  if (row.submittedAt) throw new AppError('ocop.sheet_submitted', 409);
  assertVersion(row.version, body.version, application.reference);
  const score = scoreChoices(sheet.body, row.choices);
  if (score.missing.length > 0) {
    throw new AppError('ocop.sheet_incomplete', 422, {
      count: score.missing.length,
      first: score.missing[0]!,
    });
  }
  const [submitted] = await tx
    .update(ocopScores)
    .set({
      submittedAt: new Date(),
      total: score.total,
      version: row.version + 1,
      updatedAt: new Date(),
    })
    .where(eq(ocopScores.id, row.id))
    .returning();
  await recordAudit(tx, context, {
    action: 'ocop.score.submit',
    entityType: 'ocop_application',
    entityId: application.id,
    provinceCode: application.provinceCode,
    after: { attempt: application.attempt, total: score.total },
  });
  await completeIfAllSubmitted(tx, context, application, roundId);
  return scoreView(submitted!, sheet.id, sheet.body);
}

/** When every expected member has submitted the attempt: the result, or the re-score flag. */
async function completeIfAllSubmitted(
  tx: Tx,
  context: RequestContext,
  application: ApplicationRow,
  roundId: string,
): Promise<void> {
  const expected = await expectedScorers(tx, application, roundId);
  const sheets = await submittedSheets(tx, application.id, application.attempt, expected);
  if (expected.length === 0 || sheets.length < expected.length) return;
  const round = await loadRound(tx, roundId);
  const sheet = await sheetById(tx, application.sheetId);
  // the round's limit (copied from the rules when it was opened) is the one that applies
  const version = {
    ...ruleVersionByCode(application.ruleVersion),
    councilMaxGap: Number(round.maxGap),
  };
  const result = councilResult(
    version,
    sheet.body,
    sheets.map((item) => item.choices),
  );
  const state = result.rescoreNeeded ? 'scoring' : 'scored';
  await tx
    .update(ocopApplications)
    .set({ result, state, version: application.version + 1, updatedAt: new Date() })
    .where(eq(ocopApplications.id, application.id));
  await recordAudit(tx, context, {
    action: result.rescoreNeeded ? 'ocop.application.rescore_needed' : 'ocop.application.scored',
    entityType: 'ocop_application',
    entityId: application.id,
    provinceCode: application.provinceCode,
    before: { state: application.state, attempt: application.attempt },
    after: { state, result },
  });
}

/**
 * Every member's sheets, the mean, gap and result: round managers always; the council's members
 * (the secretary too) only once every expected member has submitted the attempt — before that the
 * counts alone; a conflicted member never (403).
 */
export async function applicationScores(executor: Executor, context: RequestContext, id: string) {
  const actor = requireActor(context);
  const application = await loadApplication(executor, id);
  if (!application.roundId) {
    throw new AppError('ocop.not_scoring', 422, { reference: application.reference });
  }
  const round = await loadRound(executor, application.roundId);
  if (await hasConflict(executor, application.id, actor.userId)) {
    throw new AppError('ocop.conflicted', 403);
  }
  const manager = await managesRound(executor, context, round);
  const council = await councilOf(executor, round.id);
  if (!manager && !council.some((member) => member.userId === actor.userId)) {
    throw new AppError('ocop.not_member', 403);
  }
  const expected = await expectedScorers(executor, application, round.id);
  const sheet = await sheetById(executor, application.sheetId);
  const attempts = [];
  for (let attempt = 1; attempt <= application.attempt; attempt += 1) {
    const sheets = await submittedSheets(executor, application.id, attempt, expected);
    const complete = expected.length > 0 && sheets.length >= expected.length;
    const visible = manager || complete;
    const members = [];
    if (visible) {
      for (const item of sheets) {
        members.push({
          userId: item.userId,
          displayName: (await loadActor(executor, item.userId))?.displayName ?? '',
          total: Number(item.total),
          score: scoreChoices(sheet.body, item.choices),
          choices: item.choices,
          comment: item.comment,
          submittedAt: item.submittedAt?.toISOString() ?? null,
        });
      }
    }
    attempts.push({
      attempt,
      expected: expected.length,
      submitted: sheets.length,
      complete,
      sheets: members,
    });
  }
  const discussions = await executor
    .select()
    .from(ocopDiscussions)
    .where(eq(ocopDiscussions.applicationId, application.id))
    .orderBy(asc(ocopDiscussions.attempt));
  const current = attempts.at(-1)!;
  const showResult = manager || current.complete || application.state !== 'scoring';
  return {
    applicationId: application.id,
    reference: application.reference,
    state: application.state as ApplicationState,
    attempt: application.attempt,
    maxGap: Number(round.maxGap),
    attempts,
    result: showResult ? application.result : null,
    discussions: discussions.map((item) => ({
      attempt: item.attempt,
      gap: Number(item.gap),
      minutes: item.minutes,
      recordedAt: item.createdAt.toISOString(),
    })),
  };
}

/** The member's worklist in a round: the applications they may score (conflicted ones absent). */
export async function mySheets(executor: Executor, context: RequestContext, roundId: string) {
  const actor = requireActor(context);
  const round = await loadRound(executor, roundId);
  if (!(await isCouncilMember(executor, round.id, actor.userId))) {
    throw new AppError('ocop.not_member', 403);
  }
  const applications = await executor
    .select()
    .from(ocopApplications)
    .where(
      and(
        eq(ocopApplications.roundId, round.id),
        inArray(ocopApplications.state, ['scoring', 'scored', 'decided']),
      ),
    )
    .orderBy(asc(ocopApplications.reference));
  const items = [];
  for (const application of applications) {
    if (await hasConflict(executor, application.id, actor.userId)) continue;
    const sheet = await sheetOfAttempt(executor, application.id, actor.userId, application.attempt);
    const product = await loadProduct(executor, application.productId);
    items.push({
      applicationId: application.id,
      reference: application.reference,
      productName: product.name,
      setCode: product.setCode,
      state: application.state as ApplicationState,
      attempt: application.attempt,
      rescoreNeeded: application.state === 'scoring' && application.result?.rescoreNeeded === true,
      sheet: sheet
        ? {
            state: sheet.submittedAt ? ('submitted' as const) : ('draft' as const),
            total: Number(sheet.total),
            version: sheet.version,
          }
        : null,
    });
  }
  return { items };
}

/**
 * The council's discussion after a gap above the limit: the chair, the secretary or a round
 * manager records it, and the next attempt opens (members re-score from their previous choices).
 */
export async function recordDiscussion(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: z.infer<typeof discussionBody>,
): Promise<void> {
  const actor = requireActor(context);
  const application = await loadApplication(tx, id, { lock: true });
  if (!application.roundId) {
    throw new AppError('ocop.not_scoring', 422, { reference: application.reference });
  }
  const round = await loadRound(tx, application.roundId);
  if (await hasConflict(tx, application.id, actor.userId)) {
    throw new AppError('ocop.conflicted', 403);
  }
  const council = await councilOf(tx, round.id);
  const position = council.find((member) => member.userId === actor.userId)?.position;
  if (
    position !== 'chair' &&
    position !== 'secretary' &&
    !(await managesRound(tx, context, round))
  ) {
    throw new AppError('forbidden', 403);
  }
  if (body.version !== undefined) {
    assertVersion(application.version, body.version, application.reference);
  }
  if (application.state !== 'scoring' || application.result?.rescoreNeeded !== true) {
    throw new AppError('ocop.no_rescore_needed', 422, { reference: application.reference });
  }
  await tx.insert(ocopDiscussions).values({
    applicationId: application.id,
    attempt: application.attempt,
    gap: application.result.gap,
    minutes: body.minutes,
    recordedBy: actor.userId,
  });
  await tx
    .update(ocopApplications)
    .set({
      attempt: application.attempt + 1,
      result: null,
      version: application.version + 1,
      updatedAt: new Date(),
    })
    .where(eq(ocopApplications.id, application.id));
  await recordAudit(tx, context, {
    action: 'ocop.application.discussion',
    entityType: 'ocop_application',
    entityId: application.id,
    provinceCode: application.provinceCode,
    before: { attempt: application.attempt, gap: application.result.gap },
    after: { attempt: application.attempt + 1, minutes: body.minutes },
  });
}

/**
 * A conflict of interest: a member declares their own (no `userId`, or their own), or a round
 * manager declares one for a member, with a reason. Refused once that member submitted a sheet
 * for the application (409): the council then records it in the discussion. The member's draft
 * goes; when every other expected member has already submitted, the attempt completes now.
 */
export async function declareConflict(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: z.infer<typeof conflictBody>,
): Promise<void> {
  const actor = requireActor(context);
  const row = await loadRound(tx, id, { lock: true });
  const userId = body.userId ?? actor.userId;
  const council = await councilOf(tx, row.id);
  if (userId !== actor.userId) await canManageRound(tx, context, row);
  if (!council.some((member) => member.userId === userId)) {
    throw new AppError('ocop.not_member', 403);
  }
  const [application] = await tx
    .select()
    .from(ocopApplications)
    .where(eq(ocopApplications.id, body.applicationId))
    .for('update');
  if (application?.roundId !== row.id) {
    throw new AppError('ocop.application_not_in_round', 422, { reference: row.reference });
  }
  const [scored] = await tx
    .select({ id: ocopScores.id })
    .from(ocopScores)
    .where(
      and(
        eq(ocopScores.applicationId, application.id),
        eq(ocopScores.userId, userId),
        isNotNull(ocopScores.submittedAt),
      ),
    )
    .limit(1);
  if (scored) throw new AppError('ocop.already_scored', 409);
  await tx
    .delete(ocopScores)
    .where(and(eq(ocopScores.applicationId, application.id), eq(ocopScores.userId, userId)));
  await tx
    .insert(ocopConflicts)
    .values({
      roundId: row.id,
      userId,
      applicationId: application.id,
      reason: body.reason,
      declaredBy: actor.userId,
    })
    .onConflictDoNothing();
  await recordAudit(tx, context, {
    action: 'ocop.round.conflict',
    entityType: 'ocop_round',
    entityId: row.id,
    provinceCode: row.provinceCode,
    after: { userId, applicationId: application.id, reason: body.reason },
  });
  if (application.state === 'scoring' && application.result === null) {
    await completeIfAllSubmitted(tx, context, application, row.id);
  }
}
