import { sql } from 'drizzle-orm';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError } from '../../errors';
import type { RequestContext } from '../../auth/actor';
import { recordAudit } from '../audit/service';
import { assertUnitAccess } from '../units/access';
import { requireActor } from '../../auth/policy';
import { unitWriterRoles, type Role } from '../../auth/roles';
import { notifyUsers } from '../notifications/service';
import { todayInVietnam, type UnitLevel } from '../units/model';
import { coveringUnitIdsSql } from '../units/service';
import type { SubmissionAction, SubmissionStatus, SubmissionView } from './api';
import { evaluationsChanged } from './changes';
import { submissionEvents } from './tables';
import { resolveTarget, type EntryTarget } from './target';
import { actorName, lockSubmission } from './lock';

/**
 * Approval of a unit's data for a set and year: the unit submits; the level above (district until
 * 30/06/2025, province after: the `approval_level` table) approves or returns it with a reason; an
 * approved submission is locked until that level (or a higher one) reopens it with a reason.
 */

export type ApproverLevel = 'district' | 'province';

/** Which level approves data of `unitLevel` units on `date` (the `approval_level` rows). */
export async function approverLevelOn(
  executor: Executor,
  unitLevel: UnitLevel,
  date: string,
): Promise<ApproverLevel> {
  const [row] = await queryRows<{ approverLevel: ApproverLevel }>(
    executor,
    sql`SELECT approver_level AS "approverLevel" FROM approval_level
        WHERE unit_level = ${unitLevel} AND valid_from <= ${date}::date
          AND (valid_to IS NULL OR valid_to >= ${date}::date)
        ORDER BY valid_from DESC LIMIT 1`,
  );
  return row?.approverLevel ?? 'province';
}

/** Roles that approve at `level` (and the levels above it). */
export function approverRoles(level: ApproverLevel): readonly Role[] {
  return level === 'district' ? ['admin', 'province', 'district'] : ['admin', 'province'];
}

/** Roles notified when data waits for approval at `level` (administrators are not paged). */
function reviewerRoles(level: ApproverLevel): Role[] {
  return level === 'district' ? ['district'] : ['province'];
}

const transitions: Record<
  SubmissionAction,
  { from: readonly SubmissionStatus[]; to: SubmissionStatus; reason: boolean }
> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', reason: false },
  approve: { from: ['submitted'], to: 'approved', reason: false },
  return: { from: ['submitted'], to: 'returned', reason: true },
  reopen: { from: ['approved'], to: 'draft', reason: true },
};

interface SubmissionRow {
  status: SubmissionStatus;
  reason: string | null;
  version: number;
  submittedBy: string | null;
}

async function readSubmission(executor: Executor, target: EntryTarget): Promise<SubmissionRow> {
  const [row] = await queryRows<SubmissionRow>(
    executor,
    sql`SELECT status, reason, version, submitted_by AS "submittedBy" FROM submission
        WHERE unit_id = ${target.unit.id} AND set_id = ${target.set.id} AND year = ${target.year}`,
  );
  return row
    ? { ...row, version: Number(row.version) }
    : { status: 'draft', reason: null, version: 0, submittedBy: null };
}

/** The submission's status, last reason, today's approver level and its history. */
export async function loadSubmissionView(
  executor: Executor,
  target: EntryTarget,
): Promise<SubmissionView> {
  const row = await readSubmission(executor, target);
  const events = await queryRows<{
    action: SubmissionAction;
    fromStatus: SubmissionStatus;
    toStatus: SubmissionStatus;
    reason: string | null;
    actor: string;
    at: string;
  }>(
    executor,
    sql`SELECT action, from_status AS "fromStatus", to_status AS "toStatus", reason,
          actor_name AS actor, created_at AS at
        FROM submission_event
        WHERE unit_id = ${target.unit.id} AND set_id = ${target.set.id} AND year = ${target.year}
        ORDER BY created_at, id`,
  );
  return {
    status: row.status,
    reason: row.reason,
    version: row.version,
    approverLevel: await approverLevelOn(executor, target.unit.level, todayInVietnam()),
    events: events.map((event) => ({ ...event, at: new Date(event.at).toISOString() })),
  };
}

/** Users holding one of `roles` at a unit whose coverage includes the target's unit. */
async function usersCovering(
  executor: Executor,
  unitId: number,
  roles: readonly Role[],
): Promise<string[]> {
  const rows = await queryRows<{ userId: string }>(
    executor,
    sql`SELECT DISTINCT r.user_id AS "userId" FROM role_assignment r
          JOIN app_user u ON u.id = r.user_id AND u.active
        WHERE r.role IN (${sql.join(
          roles.map((role) => sql`${role}`),
          sql`, `,
        )}) AND r.unit_id IN (${coveringUnitIdsSql(unitId)})`,
  );
  return rows.map((row) => row.userId);
}

/** Path of the entry page in the web app (what notifications open). */
export function entryPagePath(target: EntryTarget): string {
  return `/so-lieu/${target.unit.code}/${target.year}/${target.set.code}`;
}

/**
 * Moves the target's submission by `action`: checks the actor (submit: writers of the unit;
 * approve, return, reopen: the approving level or above), the current status and the reason;
 * records the event, audits and notifies the people concerned, all in `tx`.
 */
export async function changeSubmission(
  tx: Tx,
  context: RequestContext,
  code: string,
  setCode: string,
  year: number,
  action: SubmissionAction,
  reason: string | undefined,
  expectedVersion?: number,
): Promise<SubmissionView> {
  const actor = requireActor(context);
  const target = await resolveTarget(tx, code, setCode, year);
  const level = await approverLevelOn(tx, target.unit.level, todayInVietnam());
  const roles = action === 'submit' ? unitWriterRoles : approverRoles(level);
  await assertUnitAccess(tx, context, target.unit.id, 'write', roles);
  const rule = transitions[action];
  const trimmed = reason?.trim() ?? '';
  if (rule.reason && trimmed === '') {
    throw new AppError('values.reason_required', 422, { action: `@values.action.${action}` });
  }
  const from = await lockSubmission(tx, target);
  const current = await readSubmission(tx, target);
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new AppError('values.submission_conflict', 409, {
      status: `@values.status.${current.status}`,
    });
  }
  if (!rule.from.includes(from)) {
    throw new AppError('values.bad_transition', 409, {
      action: `@values.action.${action}`,
      status: `@values.status.${from}`,
    });
  }
  evaluationsChanged();
  const storedReason = rule.reason ? trimmed : action === 'submit' ? null : current.reason;
  const now = new Date();
  await tx.execute(
    sql`UPDATE submission SET status = ${rule.to}, reason = ${storedReason},
          version = version + 1, updated_at = ${now.toISOString()}::timestamptz,
          submitted_at = CASE WHEN ${action} = 'submit' THEN ${now.toISOString()}::timestamptz ELSE submitted_at END,
          submitted_by = CASE WHEN ${action} = 'submit' THEN ${actor.userId}::uuid ELSE submitted_by END,
          decided_at = CASE WHEN ${action} = 'submit' THEN decided_at ELSE ${now.toISOString()}::timestamptz END,
          decided_by = CASE WHEN ${action} = 'submit' THEN decided_by ELSE ${actor.userId}::uuid END
        WHERE unit_id = ${target.unit.id} AND set_id = ${target.set.id} AND year = ${target.year}`,
  );
  await tx.insert(submissionEvents).values({
    unitId: target.unit.id,
    setId: target.set.id,
    year: target.year,
    provinceCode: target.provinceCode,
    action,
    fromStatus: from,
    toStatus: rule.to,
    reason: rule.reason ? trimmed : trimmed || null,
    actorUserId: actor.userId,
    actorName: actorName(context),
    createdAt: now,
  });
  await recordAudit(tx, context, {
    action: `values.submission.${action}`,
    entityType: 'submission',
    entityId: `${target.unit.code}/${target.set.code}/${target.year}`,
    provinceCode: target.provinceCode,
    before: { status: from },
    after: { status: rule.to, reason: trimmed || null },
    details: { unitId: target.unit.id },
  });

  const recipients = new Set<string>();
  if (action === 'submit') {
    for (const id of await usersCovering(tx, target.unit.id, reviewerRoles(level))) {
      recipients.add(id);
    }
  } else {
    if (current.submittedBy) recipients.add(current.submittedBy);
    for (const id of await usersCovering(tx, target.unit.id, ['commune'])) recipients.add(id);
  }
  recipients.delete(actor.userId);
  await notifyUsers(tx, [...recipients], {
    kind: `submission.${action}`,
    params: {
      unit: target.unit.name,
      unitCode: target.unit.code,
      set: target.set.code,
      year: target.year,
      actor: actorName(context),
      reason: trimmed || null,
    },
    link: entryPagePath(target),
  });
  return loadSubmissionView(tx, target);
}
