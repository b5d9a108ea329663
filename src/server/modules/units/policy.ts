import type { Executor } from '../../db/client';
import type { Actor, RequestContext } from '../../auth/actor';
import { assertUnitAccess, unitScopeSql } from './access';
import { requireActor } from '../../auth/policy';
import { unitAttributeEditorRoles } from '../../auth/roles';
import type { SQL, SQLWrapper } from 'drizzle-orm';

/**
 * Who may do what with units' data. Reads of the hierarchy are public; class overrides (ĐBKK, ATK,
 * island, commune group) and attributes are managed by the province office for the communes it
 * covers (its province, with the units merged into it) and by administrators anywhere.
 */

/** Roles that record class overrides: the province office and administrators. */
export const classOverrideManagerRoles = unitAttributeEditorRoles;

/** The actor may record, change or end class overrides of `unitId`, or 403 naming the unit. */
export async function canManageClassOverrides(
  executor: Executor,
  context: RequestContext,
  unitId: number,
): Promise<Actor> {
  return assertUnitAccess(executor, context, unitId, 'write', classOverrideManagerRoles);
}

/** The actor may read the class overrides of `unitId` (any role inside its scope), or 401/403. */
export async function canReadClassOverrides(
  executor: Executor,
  context: RequestContext,
  unitId: number,
): Promise<Actor> {
  return assertUnitAccess(executor, context, unitId, 'read');
}

/** SQL condition: the override's unit (column `unitId`) is readable by the actor. */
export function classOverrideReadScopeSql(context: RequestContext, unitId: SQLWrapper): SQL {
  return unitScopeSql(requireActor(context), unitId, 'read');
}

/** SQL condition: the actor may manage overrides of the unit in `unitId`. */
export function classOverrideManageScopeSql(context: RequestContext, unitId: SQLWrapper): SQL {
  return unitScopeSql(requireActor(context), unitId, 'write', classOverrideManagerRoles);
}
