import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import { findUnitById, isUnitCoveredBy, unitCoveredBySql } from '../units/service';
import type { Actor, RequestContext } from './actor';
import { nationalRoles, roles, unitWriterRoles, type Role } from './roles';

export type AccessMode = 'read' | 'write';

/** The signed-in actor, or 401. */
export function requireActor(context: RequestContext): Actor {
  if (!context.actor) throw new AppError('auth.required', 401);
  return context.actor;
}

/** The actor holds one of `wanted` somewhere, or 403. */
export function requireRole(context: RequestContext, wanted: readonly Role[]): Actor {
  const actor = requireActor(context);
  if (!actor.assignments.some((assignment) => wanted.includes(assignment.role))) {
    throw new AppError('forbidden', 403);
  }
  return actor;
}

interface Coverage {
  national: boolean;
  rootIds: number[];
}

/** What the actor's assignments of the given roles cover: everything, or some unit subtrees. */
export function coverageOf(actor: Actor, allowedRoles: readonly Role[]): Coverage {
  const relevant = actor.assignments.filter((assignment) => allowedRoles.includes(assignment.role));
  const national = relevant.some(
    (assignment) => nationalRoles.includes(assignment.role) && assignment.unitId === null,
  );
  return {
    national,
    rootIds: relevant.flatMap((assignment) =>
      assignment.unitId === null ? [] : [assignment.unitId],
    ),
  };
}

/** Every role reads inside its own scope (`central` nationally). */
const readerRoles: readonly Role[] = roles;

function rolesFor(mode: AccessMode, roles?: readonly Role[]): readonly Role[] {
  return roles ?? (mode === 'read' ? readerRoles : unitWriterRoles);
}

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
