import { and, eq } from 'drizzle-orm';
import type { Actor, RequestContext } from '../../auth/actor';
import { requireActor, requireRole } from '../../auth/policy';
import type { Role } from '../../auth/roles';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import { assertUnitAccess } from '../units/access';
import { findUnitVersions } from '../units/lookup';
import { ocopConflicts, ocopCouncilMembers, ocopProducerAccounts } from './tables';

/**
 * Who may do what in OCOP (named abilities; every route and service goes through one of these):
 * - **manage sheets** (import, publish, withdraw score sheets): the administrator and the central
 *   office (sheets are national);
 * - **manage producers and products**: the offices over the producer's commune (commune,
 *   district, province, admin) and the producer's own accounts (role `producer`, linked to it);
 * - **apply** (Mẫu 01, the self-assessment Mẫu 02, submit, withdraw): the producer's own
 *   accounts, or the commune office on its behalf;
 * - **pre-assess** (1489/2025: the commune's report of the four criteria, forwarding): the commune
 *   office of the product's commune (district under 148, or the administrator);
 * - **run rounds** (create, council, conflicts, discussion, decision, certificate, revocation):
 *   the province office of the round's province; the central office for the centre's rounds;
 * - **score**: a council member of the round (role `ocop_council`, or any office account declared
 *   a member), never for an application the member declared a conflict with — on every path:
 *   opening the sheet, saving, submitting, reading others' scores, bulk lists, results;
 * - **read the catalogue**: anyone, signed in or not (certified products only, no contact data
 *   but the producer's public name and address).
 */

/** Roles that import and publish score sheets. */
export const sheetManagerRoles: readonly Role[] = ['admin', 'central'];
/** Office roles that manage producers and products of communes in their scope. */
export const producerManagerRoles: readonly Role[] = ['admin', 'province', 'district', 'commune'];
/** Office roles that pre-assess and forward applications of communes in their scope. */
export const preassessorRoles: readonly Role[] = ['admin', 'district', 'commune'];
/** Office roles that run a province's rounds (council, decision, certificates). */
export const roundManagerRoles: readonly Role[] = ['admin', 'province'];
/** Office roles that run the centre's rounds. */
export const centralRoundManagerRoles: readonly Role[] = ['admin', 'central'];

/** The actor may import and publish score sheets, or 401/403. */
export function canManageSheets(context: RequestContext): Actor {
  return requireRole(context, sheetManagerRoles);
}

/** The producers the actor acts for (role `producer`): their ids. */
export async function producersOfActor(executor: Executor, actor: Actor): Promise<string[]> {
  if (!actor.assignments.some((assignment) => assignment.role === 'producer')) return [];
  const rows = await executor
    .select({ producerId: ocopProducerAccounts.producerId })
    .from(ocopProducerAccounts)
    .where(eq(ocopProducerAccounts.userId, actor.userId));
  return rows.map((row) => row.producerId);
}

/**
 * The actor may manage the producer (and its products, applications before submission): one of
 * its own accounts, or an office over its commune; else 403.
 */
export async function canManageProducer(
  executor: Executor,
  context: RequestContext,
  producer: { id: string; communeUnitId: number },
): Promise<Actor> {
  const actor = requireActor(context);
  if ((await producersOfActor(executor, actor)).includes(producer.id)) return actor;
  return assertUnitAccess(executor, context, producer.communeUnitId, 'write', producerManagerRoles);
}

/** The actor may read the producer's office view: its own accounts or any office over it. */
export async function canReadProducer(
  executor: Executor,
  context: RequestContext,
  producer: { id: string; communeUnitId: number },
): Promise<Actor> {
  const actor = requireActor(context);
  if ((await producersOfActor(executor, actor)).includes(producer.id)) return actor;
  return assertUnitAccess(executor, context, producer.communeUnitId, 'read');
}

/** The actor may create producers in `communeUnitId` (offices over it), or 403. */
export function canCreateProducer(
  executor: Executor,
  context: RequestContext,
  communeUnitId: number,
): Promise<Actor> {
  return assertUnitAccess(executor, context, communeUnitId, 'write', producerManagerRoles);
}

/** The actor may pre-assess and forward applications of `communeUnitId`, or 403. */
export function canPreassess(
  executor: Executor,
  context: RequestContext,
  communeUnitId: number,
): Promise<Actor> {
  return assertUnitAccess(executor, context, communeUnitId, 'write', preassessorRoles);
}

/**
 * The actor may run a round (`provinceCode` null: the centre's), or 403: the province office of
 * that province, the central office for the centre's rounds, the administrator.
 */
export async function canManageRound(
  executor: Executor,
  context: RequestContext,
  round: { level: string; provinceCode: string | null },
): Promise<Actor> {
  if (round.level === 'central' || round.provinceCode === null) {
    return requireRole(context, centralRoundManagerRoles);
  }
  const province = await provinceUnit(executor, round.provinceCode);
  return assertUnitAccess(executor, context, province.id, 'write', roundManagerRoles);
}

/** The newest unit carrying a province's code (a round's province), or 404. */
async function provinceUnit(executor: Executor, code: string) {
  const province = (await findUnitVersions(executor, code)).at(-1);
  if (!province) throw new AppError('not_found', 404);
  return province;
}

/** The actor may read a round (its applications' list and results): managers, or its members. */
export async function canReadRound(
  executor: Executor,
  context: RequestContext,
  round: { id: string; level: string; provinceCode: string | null },
): Promise<Actor> {
  const actor = requireActor(context);
  if (await isCouncilMember(executor, round.id, actor.userId)) return actor;
  if (round.provinceCode === null) return requireRole(context, ['admin', 'central']);
  const province = await provinceUnit(executor, round.provinceCode);
  return assertUnitAccess(executor, context, province.id, 'read');
}

export async function isCouncilMember(
  executor: Executor,
  roundId: string,
  userId: string,
): Promise<boolean> {
  const rows = await executor
    .select({ position: ocopCouncilMembers.position })
    .from(ocopCouncilMembers)
    .where(and(eq(ocopCouncilMembers.roundId, roundId), eq(ocopCouncilMembers.userId, userId)))
    .limit(1);
  return rows.length > 0 && rows[0]!.position !== 'secretary';
}

export async function hasConflict(
  executor: Executor,
  applicationId: string,
  userId: string,
): Promise<boolean> {
  const rows = await executor
    .select({ userId: ocopConflicts.userId })
    .from(ocopConflicts)
    .where(and(eq(ocopConflicts.applicationId, applicationId), eq(ocopConflicts.userId, userId)))
    .limit(1);
  return rows.length > 0;
}

/**
 * The actor may open and score `applicationId` in `roundId`: a scoring member of the round with
 * no declared conflict with it; a conflicted member gets 403 `ocop.conflicted` (whatever the path).
 */
export async function canScore(
  executor: Executor,
  context: RequestContext,
  roundId: string,
  applicationId: string,
): Promise<Actor> {
  const actor = requireActor(context);
  if (!(await isCouncilMember(executor, roundId, actor.userId))) {
    throw new AppError('ocop.not_member', 403);
  }
  if (await hasConflict(executor, applicationId, actor.userId)) {
    throw new AppError('ocop.conflicted', 403);
  }
  return actor;
}
