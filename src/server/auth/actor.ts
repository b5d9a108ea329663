import type { Role } from './roles';

/** A role assignment as the policy sees it. `unitId` is null for national roles. */
export interface Assignment {
  role: Role;
  unitId: number | null;
  unitCode: string | null;
}

/** The signed-in person behind a request, with what they hold. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  assignments: Assignment[];
  mustChangePassword: boolean;
}

/** Who did something, from where: passed to every service that writes (for policy and audit). */
export interface RequestContext {
  actor: Actor | null;
  ip: string | null;
  requestId: string | null;
}

/** A context for operators' commands (CLI): no signed-in user, attributed to the system. */
export function systemContext(label = 'cli'): RequestContext {
  return { actor: null, ip: null, requestId: label };
}

export function hasRole(actor: Actor | null, ...wanted: Role[]): boolean {
  return !!actor?.assignments.some((assignment) => wanted.includes(assignment.role));
}
