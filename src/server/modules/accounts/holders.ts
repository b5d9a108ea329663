import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import type { Role } from '../../auth/roles';
import { coveringUnitIdsSql } from '../units/lookup';
import { roleAssignments, users } from './tables';

/** An active user's assignment of a role at a unit (null: national). */
export interface RoleHolder {
  userId: string;
  role: Role;
  unitId: number | null;
}

/**
 * The active users holding one of `roles` at a unit that covers `unitId` (the unit, its
 * ancestors, and through lineage the units it was merged into), and national holders: whom to
 * notify when something about the unit awaits them.
 */
export async function roleHoldersOver(
  executor: Executor,
  unitId: number,
  roles: readonly Role[],
): Promise<RoleHolder[]> {
  if (roles.length === 0) return [];
  const rows = await executor
    .select({
      userId: roleAssignments.userId,
      role: roleAssignments.role,
      unitId: roleAssignments.unitId,
    })
    .from(roleAssignments)
    .innerJoin(users, and(eq(users.id, roleAssignments.userId), eq(users.active, true)))
    .where(
      and(
        inArray(roleAssignments.role, [...roles]),
        sql`(${roleAssignments.unitId} IS NULL OR ${roleAssignments.unitId} IN (${coveringUnitIdsSql(unitId)}))`,
      ),
    );
  return rows.map((row) => ({ userId: row.userId, role: row.role as Role, unitId: row.unitId }));
}

/** The id of the account with this username, or null. */
export async function findUserIdByUsername(
  executor: Executor,
  username: string,
): Promise<string | null> {
  const [row] = await executor
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, username.toLowerCase()));
  return row?.id ?? null;
}
