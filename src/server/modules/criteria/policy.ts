import type { Actor, RequestContext } from '../../auth/actor';
import { hasRole } from '../../auth/actor';
import { requireRole } from '../../auth/policy';
import type { Role } from '../../auth/roles';

/** Who writes criteria sets (drafts, validation, publication): the system administrator. */
export const criteriaEditorRoles: readonly Role[] = ['admin'];

/** The actor may draft, validate and publish criteria sets, or 401/403 (audited as denied). */
export function requireCriteriaEditor(context: RequestContext): Actor {
  return requireRole(context, criteriaEditorRoles);
}

/** Drafts are seen only by those who may edit them; published sets are public. */
export function canSeeDrafts(context: RequestContext): boolean {
  return hasRole(context.actor, ...criteriaEditorRoles);
}
