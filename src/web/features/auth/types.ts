import type { Me } from '../../../server/modules/accounts/api';

export type { Me };
export type RoleAssignment = Me['roles'][number];
export type Role = RoleAssignment['role'];

/** Every role, in the order of the glossary (used for labels and pickers). */
export const ROLES = [
  'admin',
  'central',
  'province',
  'sector',
  'district',
  'commune',
  'appraiser',
  'ocop_council',
  'front',
  'producer',
  'viewer',
] as const satisfies readonly Role[];

/** Roles that cover the whole country: no unit to pick. */
export const NATIONAL_ROLES: readonly Role[] = ['admin', 'central'];

/** Roles that manage user accounts (the server scopes what each sees). */
export const USER_MANAGER_ROLES: readonly Role[] = ['admin', 'province'];

/** Which roles each manager may grant (the server decides; this only trims the picker). */
export const GRANTABLE_ROLES: Partial<Record<Role, readonly Role[]>> = {
  admin: ROLES,
  province: [
    'province',
    'sector',
    'district',
    'commune',
    'appraiser',
    'ocop_council',
    'front',
    'producer',
    'viewer',
  ],
};

export function hasRole(me: Me | null | undefined, ...wanted: Role[]): boolean {
  return !!me?.roles.some((assignment) => wanted.includes(assignment.role));
}

export function canManageUsers(me: Me | null | undefined): boolean {
  return hasRole(me, ...USER_MANAGER_ROLES);
}

export function canReadAudit(me: Me | null | undefined): boolean {
  return hasRole(me, 'admin');
}

/** The roles a manager may grant: the union over the roles they hold. */
export function grantableRoles(me: Me | null | undefined): Role[] {
  const allowed = new Set<Role>();
  for (const assignment of me?.roles ?? []) {
    for (const role of GRANTABLE_ROLES[assignment.role] ?? []) allowed.add(role);
  }
  return ROLES.filter((role) => allowed.has(role));
}
