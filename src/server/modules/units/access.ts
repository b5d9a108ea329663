import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor, RequestContext } from '../../auth/actor';
import { coverageOf, requireActor, rolesFor, type AccessMode } from '../../auth/policy';
import type { Role } from '../../auth/roles';
import { findUnitById, isUnitCoveredBy, unitCoveredBySql } from './lookup';

/**
 * Whether a unit lies inside what an actor covers — written once, here, for every module: the SQL
 * condition for list queries and the check for one unit (403 naming the unit).
 */

/**
 * SQL condition for list queries: the unit id in `unitId` is inside the actor's scope for `mode`
 * (read: any role; write: the writer roles, or the given ones). Filtering happens in SQL.
 */
export function unitScopeSql(
  actor: Actor,
  unitId: SQLWrapper,
  mode: AccessMode,
  roles?: readonly Role[],
): SQL {
  const coverage = coverageOf(actor, rolesFor(mode, roles));
  if (coverage.national) return sql`true`;
  return unitCoveredBySql(unitId, coverage.rootIds);
}

/** The unit's province code (the top of its path), for the audit log's distribution key. */
export async function provinceCodeOfUnit(
  executor: Executor,
  unitId: number,
): Promise<string | null> {
  const unit = await findUnitById(executor, unitId);
  if (!unit) return null;
  const topId = Number(unit.path.split('.')[0]);
  if (topId === unit.id) return unit.code;
  return (await findUnitById(executor, topId))?.code ?? null;
}

/**
 * The actor may read/write data of `unitId`, or 403 (`forbidden_unit`, naming the unit).
 * The refusal is audited by the error handler, outside the rolled-back transaction.
 */
export async function assertUnitAccess(
  executor: Executor,
  context: RequestContext,
  unitId: number,
  mode: AccessMode,
  roles?: readonly Role[],
): Promise<Actor> {
  const actor = requireActor(context);
  const coverage = coverageOf(actor, rolesFor(mode, roles));
  if (coverage.national) return actor;
  if (coverage.rootIds.length > 0 && (await isUnitCoveredBy(executor, unitId, coverage.rootIds))) {
    return actor;
  }
  const unit = await findUnitById(executor, unitId);
  throw new AppError('forbidden_unit', 403, {
    mode: `@modes.${mode}`,
    unit: unit ? `${unit.name} (${unit.code})` : String(unitId),
  });
}
