import type { Actor, RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import type { Role } from '../../auth/roles';
import type { Executor } from '../../db/client';
import type { ActingLevel, ActingRole } from '../../../domain/recognition/types';
import { assertUnitAccess } from '../units/access';
import { findUnitById, isUnitCoveredBy } from '../units/lookup';

/**
 * Who may do what with recognition dossiers. Reading a dossier: any role whose scope covers the
 * dossier's unit (commune officer: their commune; province office and sectors: their province;
 * central: everywhere). Acting on a dossier: the roles the template names for the current step,
 * held at that step's level over the dossier's unit (`actingRolesOver`); the domain's
 * `checkAction` then decides. Moderating comments and opening revocations: the province office.
 */

const actingRoles: readonly ActingRole[] = [
  'admin',
  'central',
  'province',
  'sector',
  'district',
  'commune',
  'appraiser',
];

/** Roles that moderate and answer the comments of a posted dossier (with the commune officer). */
export const commentModeratorRoles: readonly Role[] = ['admin', 'province', 'district', 'commune'];

/** Roles that open a revocation dossier or act on revocation alerts. */
export const revocationOpenerRoles: readonly Role[] = ['admin', 'province'];

/** Roles that set a province's own step durations. */
export const procedureSettingRoles: readonly Role[] = ['admin', 'province'];

/** The actor may read the dossier of `unitId`, or 401/403 naming the unit. */
export function canReadDossier(
  executor: Executor,
  context: RequestContext,
  unitId: number,
): Promise<Actor> {
  return assertUnitAccess(executor, context, unitId, 'read');
}

/** The actor may moderate and answer comments on the dossier of `unitId`, or 403. */
export function canModerateComments(
  executor: Executor,
  context: RequestContext,
  unitId: number,
): Promise<Actor> {
  return assertUnitAccess(executor, context, unitId, 'write', commentModeratorRoles);
}

/** The actor may open a revocation dossier for the unit, or 403. */
export function canOpenRevocation(
  executor: Executor,
  context: RequestContext,
  unitId: number,
): Promise<Actor> {
  return assertUnitAccess(executor, context, unitId, 'write', revocationOpenerRoles);
}

/**
 * The roles the actor holds at `level` over the unit: a national assignment (unit null) counts at
 * the central level; any other counts at the level of its unit when that unit covers the dossier's
 * unit (its subtree, or through lineage for units merged into it).
 */
export async function actingRolesOver(
  executor: Executor,
  context: RequestContext,
  unitId: number,
  level: ActingLevel,
): Promise<ActingRole[]> {
  const actor = context.actor;
  if (!actor) return [];
  const held = new Set<ActingRole>();
  for (const assignment of actor.assignments) {
    const role = assignment.role as ActingRole;
    if (!actingRoles.includes(role)) continue;
    if (assignment.unitId === null) {
      if (level === 'central' || role === 'admin') held.add(role);
      continue;
    }
    const unit = await findUnitById(executor, assignment.unitId);
    if (!unit || unit.level !== level) continue;
    if (await isUnitCoveredBy(executor, unitId, [assignment.unitId])) held.add(role);
  }
  return [...held];
}

/** The signed-in actor (401 otherwise). */
export function signedIn(context: RequestContext): Actor {
  return requireActor(context);
}
