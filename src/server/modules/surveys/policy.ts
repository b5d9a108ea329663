import type { Actor, RequestContext } from '../../auth/actor';
import { coverageOf, rolesFor } from '../../auth/policy';
import type { Role } from '../../auth/roles';
import type { Executor } from '../../db/client';
import { assertUnitAccess } from '../units/access';
import { isUnitCoveredBy } from '../units/lookup';

/**
 * Who may do what with satisfaction survey campaigns. The survey is the Fatherland Front's
 * (independent of the office whose results it judges), so the Front committee (`front`) runs it;
 * the commune, district and province offices may also run it where the Front works through them
 * (the roll, slips, paper entry). Reading a campaign and its live tally: any role covering the
 * unit. The answers themselves are never readable by anyone: only their counts.
 */

/** Roles that create and run campaigns (roll, codes, actions) over the units they cover. */
export const campaignManagerRoles: readonly Role[] = [
  'admin',
  'front',
  'province',
  'district',
  'commune',
];

/** Roles that enter a household's paper form or go door to door. */
export const answerEntryRoles: readonly Role[] = ['admin', 'front', 'commune', 'district'];

/** The actor may read the campaigns of `unitId`, or 401/403 naming the unit. */
export function canReadCampaign(
  executor: Executor,
  context: RequestContext,
  unitId: number,
): Promise<Actor> {
  return assertUnitAccess(executor, context, unitId, 'read');
}

/** The actor may create and run campaigns of `unitId`, or 403. */
export function canManageCampaign(
  executor: Executor,
  context: RequestContext,
  unitId: number,
): Promise<Actor> {
  return assertUnitAccess(executor, context, unitId, 'write', campaignManagerRoles);
}

/** The actor may enter answers for households of `unitId`, or 403. */
export function canEnterAnswers(
  executor: Executor,
  context: RequestContext,
  unitId: number,
): Promise<Actor> {
  return assertUnitAccess(executor, context, unitId, 'write', answerEntryRoles);
}

/** Whether the actor holds one of `roles` over `unitId` (for what the page offers; no error). */
export async function holdsOver(
  executor: Executor,
  actor: Actor | null,
  unitId: number,
  roles: readonly Role[],
): Promise<boolean> {
  if (!actor) return false;
  const coverage = coverageOf(actor, rolesFor('write', roles));
  if (coverage.national) return true;
  return coverage.rootIds.length > 0 && isUnitCoveredBy(executor, unitId, coverage.rootIds);
}
