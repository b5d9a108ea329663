import type { Actor, RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import type { Role } from '../../auth/roles';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import { assertUnitAccess } from '../units/access';
import { isUnitCoveredBy } from '../units/lookup';
import type { ReportAction } from './api';

/**
 * Who may do what with community reports:
 * - **read** the office view (contact, internal notes): any role whose scope covers the report's
 *   commune (commune officer: their commune; district, province office and sectors: below them);
 * - **handle** (accept, start, answer, note, resolve): the offices over the commune — the commune
 *   officer, the district and the province office (and the administrator);
 * - **moderate** (reject as spam, duplicate, out of scope): the same offices;
 * - **close**: only the office responsible for the report, the commune officer of the report's
 *   commune (or the administrator). A district or province office answers and resolves, but does
 *   not close in the commune's place.
 */

/** Roles that receive, answer and resolve reports of the communes in their scope. */
export const handlerRoles: readonly Role[] = ['admin', 'province', 'district', 'commune'];
/** Roles that moderate (accept into the public page, reject). */
export const moderatorRoles: readonly Role[] = ['admin', 'province', 'district', 'commune'];
/** Roles that change a province's own figures (deadline, limits). */
export const settingRoles: readonly Role[] = ['admin', 'province'];

/** The actor may read the office view of a report of `unitId`, or 401/403. */
export function canReadReport(
  executor: Executor,
  context: RequestContext,
  unitId: number,
): Promise<Actor> {
  return assertUnitAccess(executor, context, unitId, 'read');
}

/** The actor may receive, answer and resolve a report of `unitId`, or 403. */
export function canHandleReport(
  executor: Executor,
  context: RequestContext,
  unitId: number,
): Promise<Actor> {
  return assertUnitAccess(executor, context, unitId, 'write', handlerRoles);
}

/** The actor may accept or reject a report of `unitId`, or 403. */
export function canModerateReport(
  executor: Executor,
  context: RequestContext,
  unitId: number,
): Promise<Actor> {
  return assertUnitAccess(executor, context, unitId, 'write', moderatorRoles);
}

/**
 * Whether the actor is the responsible office of a report of `unitId`: the administrator, or a
 * commune officer whose commune is the report's (through lineage for a commune merged into it).
 */
export async function isResponsibleOffice(
  executor: Executor,
  actor: Actor,
  unitId: number,
): Promise<boolean> {
  for (const assignment of actor.assignments) {
    if (assignment.role === 'admin' && assignment.unitId === null) return true;
    if (assignment.role !== 'commune' || assignment.unitId === null) continue;
    if (await isUnitCoveredBy(executor, unitId, [assignment.unitId])) return true;
  }
  return false;
}

/** Only the responsible office closes a report, or 403. */
export async function canCloseReport(
  executor: Executor,
  context: RequestContext,
  unitId: number,
): Promise<Actor> {
  const actor = requireActor(context);
  if (await isResponsibleOffice(executor, actor, unitId)) return actor;
  throw new AppError('feedback.close_responsible_only', 403, {});
}

/** The actions the actor may take on a report of `unitId`, whatever its status. */
export async function allowedActions(
  executor: Executor,
  context: RequestContext,
  unitId: number,
): Promise<ReportAction[]> {
  const granted: ReportAction[] = [];
  const ok = (check: Promise<unknown>) =>
    check.then(
      () => true,
      () => false,
    );
  if (await ok(canHandleReport(executor, context, unitId))) {
    granted.push('start', 'answer', 'note', 'resolve');
  }
  if (await ok(canModerateReport(executor, context, unitId))) granted.push('accept', 'reject');
  if (context.actor && (await isResponsibleOffice(executor, context.actor, unitId))) {
    granted.push('close');
  }
  return granted;
}
