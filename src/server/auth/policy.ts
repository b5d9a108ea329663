import { AppError } from '../errors';
import type { Actor, RequestContext } from './actor';
import { nationalRoles, roles, unitWriterRoles, type Role } from './roles';

/**
 * The primitives every module's policy is written with: who is signed in, which roles they hold,
 * and which unit subtrees their assignments cover. Whether a given unit lies inside that coverage
 * is the units module's question (`modules/units/access.ts`).
 */

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

/**
 * Every office role reads inside its own scope (`central` nationally). A producer (chủ thể OCOP)
 * is not an office: its commune assignment only locates it, and it reads nothing of the commune
 * but its own applications (the ocop module's policy).
 */
const readerRoles: readonly Role[] = roles.filter((role) => role !== 'producer');

/** The roles that give `mode` access: any role reads; the writer roles (or those given) write. */
export function rolesFor(mode: AccessMode, roles?: readonly Role[]): readonly Role[] {
  return roles ?? (mode === 'read' ? readerRoles : unitWriterRoles);
}
