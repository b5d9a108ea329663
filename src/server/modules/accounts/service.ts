import { and, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Executor, Tx } from '../../db/client';
import { AppError } from '../../errors';
import { findUnit, findUnitById } from '../units/service';
import { todayInVietnam } from '../units/model';
import type { Actor, Assignment, RequestContext } from '../../auth/actor';
import type { CreateUserInput, ListUsersQuery, Me, UpdateUserInput, UserView } from './api';
import { failedSignInsSinceSuccess, recordAudit } from '../audit/service';
import { decoyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './passwords';
import { assertUnitAccess, provinceCodeOfUnit, unitScopeSql } from '../units/access';
import { coverageOf, requireActor, requireRole } from '../../auth/policy';
import {
  grantableRoles,
  nationalRoles,
  roles,
  userManagerRoles,
  type Role,
} from '../../auth/roles';
import {
  createSession,
  revokeAllSessions,
  revokeSession,
  type SessionPolicy,
  sessionsChanged,
} from './sessions';
import { roleAssignments, users } from './tables';

// --- Reading users ------------------------------------------------------------------------------

type UserRow = typeof users.$inferSelect;

interface AssignmentRow {
  userId: string;
  role: Role;
  unitId: number | null;
}

async function unitSummaries(
  executor: Executor,
  ids: Iterable<number | null>,
): Promise<Map<number, { code: string; name: string; level: string }>> {
  const summaries = new Map<number, { code: string; name: string; level: string }>();
  for (const id of new Set(ids)) {
    if (id === null || summaries.has(id)) continue;
    const unit = await findUnitById(executor, id);
    if (unit) summaries.set(id, { code: unit.code, name: unit.name, level: unit.level });
  }
  return summaries;
}

async function assignmentsOf(executor: Executor, userIds: string[]): Promise<AssignmentRow[]> {
  if (userIds.length === 0) return [];
  const rows = await executor
    .select({
      userId: roleAssignments.userId,
      role: roleAssignments.role,
      unitId: roleAssignments.unitId,
    })
    .from(roleAssignments)
    .where(inArray(roleAssignments.userId, userIds))
    .orderBy(roleAssignments.createdAt);
  return rows.map((row) => ({ ...row, role: row.role as Role }));
}

async function toViews(executor: Executor, rows: UserRow[]): Promise<UserView[]> {
  const assignments = await assignmentsOf(
    executor,
    rows.map((row) => row.id),
  );
  const unitsById = await unitSummaries(executor, [
    ...rows.map((row) => row.unitId),
    ...assignments.map((assignment) => assignment.unitId),
  ]);
  return rows.map((row) => {
    const home = row.unitId === null ? undefined : unitsById.get(row.unitId);
    return {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      email: row.email,
      phone: row.phone,
      unit: home ? { code: home.code, name: home.name } : null,
      roles: assignments
        .filter((assignment) => assignment.userId === row.id)
        .map((assignment) => ({
          role: assignment.role,
          unit: assignment.unitId === null ? null : (unitsById.get(assignment.unitId) ?? null),
        })),
      active: row.active,
      mustChangePassword: row.mustChangePassword,
      lockedUntil:
        row.lockedUntil && row.lockedUntil.getTime() > Date.now()
          ? row.lockedUntil.toISOString()
          : null,
      version: row.version,
      createdAt: row.createdAt.toISOString(),
    };
  });
}

async function userRow(executor: Executor, id: string): Promise<UserRow> {
  const [row] = await executor.select().from(users).where(eq(users.id, id));
  if (!row) throw new AppError('accounts.user_not_found', 404, { id });
  return row;
}

/** The actor behind a user id, if the account is active. */
export async function loadActor(executor: Executor, userId: string): Promise<Actor | null> {
  const [row] = await executor.select().from(users).where(eq(users.id, userId));
  if (!row?.active) return null;
  const assignments = await assignmentsOf(executor, [row.id]);
  const unitsById = await unitSummaries(
    executor,
    assignments.map((assignment) => assignment.unitId),
  );
  return {
    userId: row.id,
    username: row.username,
    displayName: row.displayName,
    mustChangePassword: row.mustChangePassword,
    assignments: assignments.map((assignment): Assignment => ({
      role: assignment.role,
      unitId: assignment.unitId,
      unitCode:
        assignment.unitId === null ? null : (unitsById.get(assignment.unitId)?.code ?? null),
    })),
  };
}

export async function getMe(executor: Executor, context: RequestContext): Promise<Me> {
  const actor = requireActor(context);
  const [view] = await toViews(executor, [await userRow(executor, actor.userId)]);
  const {
    active: _active,
    lockedUntil: _locked,
    version: _version,
    createdAt: _created,
    ...me
  } = view!;
  return me;
}

// --- Signing in and out ---------------------------------------------------------------------------

export type LoginOutcome =
  { ok: true; token: string; expiresAt: Date; user: Me } | { ok: false; error: AppError };

function sessionPolicy(config: Config): SessionPolicy {
  return { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours };
}

/**
 * Whether sign-ins to an account from one address are locked: `loginMaxFailures` wrong passwords
 * from that address within the last `loginLockMinutes`, counted from the audit log, since the
 * last success from that address and the last password change or reset. Per (account, address)
 * pair, so that nobody can lock someone else out by guessing from elsewhere; the per-address rate
 * limit of the sign-in route bounds how fast one address may guess at all.
 */
async function pairLocked(
  tx: Tx,
  config: Config,
  userId: string,
  ip: string | null,
  passwordChangedAt: Date,
): Promise<boolean> {
  const failures = await failedSignInsSinceSuccess(tx, {
    userId,
    ip,
    withinMinutes: config.loginLockMinutes,
    after: passwordChangedAt,
  });
  return failures >= config.loginMaxFailures;
}

/**
 * Checks a username and password. A failure is an outcome, not an exception, so the caller commits
 * the failure count (lockout) and the audit entry before answering 401.
 */
export async function login(
  tx: Tx,
  config: Config,
  context: RequestContext,
  input: { username: string; password: string; previousToken?: string | undefined },
  client: { userAgent: string | null },
): Promise<LoginOutcome> {
  const username = input.username.trim().toLowerCase();
  const [row] = await tx.select().from(users).where(eq(users.username, username));
  const failed = async (
    error: AppError,
    userId: string | null,
    reason: string = error.code,
  ): Promise<LoginOutcome> => {
    await recordAudit(tx, context, {
      action: 'session.login',
      outcome: 'failed',
      entityType: 'user',
      entityId: userId,
      details: { username, reason },
    });
    return { ok: false, error };
  };
  // One answer for an unknown username, a wrong password and a locked (account, address) pair:
  // none tells whether the username exists.
  const refused = () => new AppError('auth.invalid_credentials', 401);
  if (!row) {
    await verifyPassword(await decoyPasswordHash(), input.password);
    return failed(refused(), null);
  }
  if (await pairLocked(tx, config, row.id, context.ip, row.passwordChangedAt)) {
    // Even the right password is refused from this address until the window has passed.
    await verifyPassword(await decoyPasswordHash(), input.password);
    return failed(refused(), row.id, 'auth.locked');
  }
  if (!(await verifyPassword(row.passwordHash, input.password))) {
    return failed(refused(), row.id);
  }
  if (!row.active) return failed(new AppError('auth.inactive', 403), row.id);
  await tx
    .update(users)
    .set({ failedLoginCount: 0, lockedUntil: null })
    .where(eq(users.id, row.id));
  // Rotate: a session the browser still carried is ended; a new one is issued.
  if (input.previousToken) await revokeSession(tx, input.previousToken);
  const session = await createSession(tx, row.id, sessionPolicy(config), {
    ip: context.ip,
    userAgent: client.userAgent,
  });
  const actor = await loadActor(tx, row.id);
  const signedIn: RequestContext = { ...context, actor };
  await recordAudit(tx, signedIn, {
    action: 'session.login',
    entityType: 'user',
    entityId: row.id,
  });
  return {
    ok: true,
    token: session.token,
    expiresAt: session.expiresAt,
    user: await getMe(tx, signedIn),
  };
}

export async function logout(tx: Tx, context: RequestContext, token: string | undefined) {
  if (token) await revokeSession(tx, token);
  if (context.actor) {
    await recordAudit(tx, context, {
      action: 'session.logout',
      entityType: 'user',
      entityId: context.actor.userId,
    });
  }
}

export async function logoutEverywhere(tx: Tx, context: RequestContext): Promise<number> {
  const actor = requireActor(context);
  const revoked = await revokeAllSessions(tx, actor.userId);
  await recordAudit(tx, context, {
    action: 'session.logout_all',
    entityType: 'user',
    entityId: actor.userId,
    details: { revoked },
  });
  return revoked;
}

function assertPasswordAcceptable(password: string, username: string) {
  const problem = passwordProblem(password, username);
  if (problem) throw new AppError(problem as 'accounts.password_too_short', 400);
}

/** The user changes their own password; every other session of theirs ends. */
export async function changePassword(
  tx: Tx,
  context: RequestContext,
  input: { currentPassword: string; newPassword: string },
  currentToken?: string,
): Promise<void> {
  const actor = requireActor(context);
  const row = await userRow(tx, actor.userId);
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw new AppError('auth.wrong_current_password', 400);
  }
  // The same password again is no change (and a forced change must leave the temporary one).
  if (input.newPassword === input.currentPassword) {
    throw new AppError('accounts.password_unchanged', 400);
  }
  assertPasswordAcceptable(input.newPassword, row.username);
  sessionsChanged();
  await tx
    .update(users)
    .set({
      passwordHash: await hashPassword(input.newPassword),
      passwordChangedAt: new Date(),
      mustChangePassword: false,
      updatedAt: new Date(),
      version: row.version + 1,
    })
    .where(eq(users.id, row.id));
  const revoked = await revokeAllSessions(tx, row.id, currentToken);
  await recordAudit(tx, context, {
    action: 'user.password_change',
    entityType: 'user',
    entityId: row.id,
    details: { otherSessionsRevoked: revoked },
  });
}

// --- Managing users -----------------------------------------------------------------------------

const usernamePattern = /^[a-z0-9._-]{3,64}$/;

interface ResolvedAssignment {
  role: Role;
  unitId: number | null;
}

const requiredLevel: Partial<Record<Role, string>> = {
  province: 'province',
  sector: 'province',
  district: 'district',
  commune: 'commune',
};

/** Resolves unit codes (as of `asOf`) and checks each role's unit requirements. */
async function resolveAssignments(
  executor: Executor,
  inputs: Array<{ role: string; unitCode?: string | undefined }>,
  asOf: string,
): Promise<ResolvedAssignment[]> {
  const resolved: ResolvedAssignment[] = [];
  for (const input of inputs) {
    if (!(roles as readonly string[]).includes(input.role)) {
      throw new AppError('accounts.unknown_role', 400, {
        role: input.role,
        roles: roles.join(', '),
      });
    }
    const role = input.role as Role;
    if (!input.unitCode) {
      if (!nationalRoles.includes(role))
        throw new AppError('accounts.unit_required', 400, { role });
      resolved.push({ role, unitId: null });
      continue;
    }
    const unit = await findUnit(executor, input.unitCode, asOf);
    if (!unit) throw new AppError('units.not_found', 404, { code: input.unitCode });
    const level = requiredLevel[role];
    if (level && unit.level !== level) {
      throw new AppError('accounts.unit_level_mismatch', 400, {
        role,
        level,
        unit: `${unit.name} (${unit.code})`,
        actual: unit.level,
      });
    }
    resolved.push({ role, unitId: unit.id });
  }
  return resolved;
}

/** The actor may grant each assignment: a grantable role, at a unit inside their scope. */
async function assertCanGrant(
  executor: Executor,
  context: RequestContext,
  assignments: ResolvedAssignment[],
): Promise<void> {
  const actor = requireRole(context, userManagerRoles);
  const managerRoles = actor.assignments
    .filter((assignment) => userManagerRoles.includes(assignment.role))
    .map((assignment) => assignment.role);
  for (const assignment of assignments) {
    const allowed = managerRoles.some((role) => grantableRoles[role].includes(assignment.role));
    if (!allowed) throw new AppError('forbidden_role', 403, { role: assignment.role });
    if (assignment.unitId === null) {
      if (!coverageOf(actor, userManagerRoles).national) {
        throw new AppError('forbidden_role', 403, { role: assignment.role });
      }
      continue;
    }
    await assertUnitAccess(executor, context, assignment.unitId, 'write', userManagerRoles);
  }
}

/** The actor manages this user: every unit the user holds a role at (and works at) is in scope. */
async function assertCanManageUser(executor: Executor, context: RequestContext, row: UserRow) {
  const actor = requireRole(context, userManagerRoles);
  if (coverageOf(actor, userManagerRoles).national) return;
  const held = await assignmentsOf(executor, [row.id]);
  if (held.some((assignment) => assignment.unitId === null)) throw new AppError('forbidden', 403);
  const unitIds = new Set<number>(held.flatMap((a) => (a.unitId === null ? [] : [a.unitId])));
  if (row.unitId !== null) unitIds.add(row.unitId);
  if (unitIds.size === 0) throw new AppError('forbidden', 403);
  for (const unitId of unitIds) {
    await assertUnitAccess(executor, context, unitId, 'write', userManagerRoles);
  }
}

async function provinceOf(
  executor: Executor,
  unitIds: Array<number | null>,
): Promise<string | null> {
  const first = unitIds.find((id): id is number => id !== null);
  return first === undefined ? null : provinceCodeOfUnit(executor, first);
}

async function insertUser(
  tx: Tx,
  input: CreateUserInput,
  assignments: ResolvedAssignment[],
  homeUnitId: number | null,
): Promise<UserRow> {
  const username = input.username.trim().toLowerCase();
  if (!usernamePattern.test(username))
    throw new AppError('accounts.username_invalid', 400, { username });
  assertPasswordAcceptable(input.password, username);
  const [existing] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, username));
  if (existing) throw new AppError('accounts.username_taken', 409, { username });
  const [row] = await tx
    .insert(users)
    .values({
      username,
      displayName: input.displayName.trim(),
      email: input.email ?? null,
      phone: input.phone ?? null,
      unitId: homeUnitId,
      passwordHash: await hashPassword(input.password),
    })
    .returning();
  await tx
    .insert(roleAssignments)
    .values(assignments.map((assignment) => ({ userId: row!.id, ...assignment })));
  return row!;
}

async function homeUnitId(
  executor: Executor,
  unitCode: string | null | undefined,
  assignments: ResolvedAssignment[],
  asOf: string,
): Promise<number | null> {
  if (unitCode) {
    const unit = await findUnit(executor, unitCode, asOf);
    if (!unit) throw new AppError('units.not_found', 404, { code: unitCode });
    return unit.id;
  }
  return assignments.find((assignment) => assignment.unitId !== null)?.unitId ?? null;
}

/** An administrator or province office creates an account inside their scope. */
export async function createUser(
  tx: Tx,
  context: RequestContext,
  input: CreateUserInput,
): Promise<UserView> {
  requireRole(context, userManagerRoles);
  return insertAuditedUser(tx, context, input, todayInVietnam(), async (assignments, home) => {
    await assertCanGrant(tx, context, assignments);
    if (home !== null) await assertUnitAccess(tx, context, home, 'write', userManagerRoles);
  });
}

/**
 * Operators' path (CLI, seed): creates an account with no signed-in actor, attributed to the
 * context's label in the audit log. Units are resolved as of `asOf`.
 */
export async function createUserAsOperator(
  tx: Tx,
  context: RequestContext,
  input: CreateUserInput,
  asOf: string = todayInVietnam(),
): Promise<UserView> {
  return insertAuditedUser(tx, context, input, asOf, async () => undefined);
}

async function insertAuditedUser(
  tx: Tx,
  context: RequestContext,
  input: CreateUserInput,
  asOf: string,
  authorise: (assignments: ResolvedAssignment[], homeUnitId: number | null) => Promise<void>,
): Promise<UserView> {
  const assignments = await resolveAssignments(tx, input.roles, asOf);
  const home = await homeUnitId(tx, input.unitCode, assignments, asOf);
  await authorise(assignments, home);
  const row = await insertUser(tx, input, assignments, home);
  const [view] = await toViews(tx, [row]);
  await recordAudit(tx, context, {
    action: 'user.create',
    entityType: 'user',
    entityId: row.id,
    provinceCode: await provinceOf(tx, [home, ...assignments.map((a) => a.unitId)]),
    after: view,
  });
  return view!;
}

/** Edits an account; `version` must be the one the editor read (409 otherwise). */
export async function updateUser(
  tx: Tx,
  context: RequestContext,
  id: string,
  input: UpdateUserInput,
): Promise<UserView> {
  const row = await userRow(tx, id);
  await assertCanManageUser(tx, context, row);
  if (row.version !== input.version) {
    throw new AppError('conflict', 409, { current: row.version, sent: input.version });
  }
  const actor = requireActor(context);
  if (input.active === false && actor.userId === id) {
    throw new AppError('accounts.cannot_deactivate_self', 400);
  }
  const [before] = await toViews(tx, [row]);
  let assignments: ResolvedAssignment[] | undefined;
  if (input.roles) {
    assignments = await resolveAssignments(tx, input.roles, todayInVietnam());
    await assertCanGrant(tx, context, assignments);
  }
  sessionsChanged();
  const updated = await tx
    .update(users)
    .set({
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updatedAt: new Date(),
      version: row.version + 1,
    })
    .where(and(eq(users.id, id), eq(users.version, input.version)))
    .returning();
  if (updated.length === 0) {
    const current = await userRow(tx, id);
    throw new AppError('conflict', 409, { current: current.version, sent: input.version });
  }
  if (assignments) {
    await tx.delete(roleAssignments).where(eq(roleAssignments.userId, id));
    await tx.insert(roleAssignments).values(assignments.map((a) => ({ userId: id, ...a })));
  }
  if (input.active === false) await revokeAllSessions(tx, id);
  const [after] = await toViews(tx, updated);
  await recordAudit(tx, context, {
    action: 'user.update',
    entityType: 'user',
    entityId: id,
    provinceCode: await provinceOf(tx, [row.unitId]),
    before,
    after,
  });
  return after!;
}

/** An administrator sets a new password; the user must change it at next sign-in. */
export async function resetPassword(
  tx: Tx,
  context: RequestContext,
  id: string,
  newPassword: string,
): Promise<void> {
  const row = await userRow(tx, id);
  await assertCanManageUser(tx, context, row);
  assertPasswordAcceptable(newPassword, row.username);
  sessionsChanged();
  await tx
    .update(users)
    .set({
      passwordHash: await hashPassword(newPassword),
      passwordChangedAt: new Date(),
      mustChangePassword: true,
      failedLoginCount: 0,
      lockedUntil: null,
      updatedAt: new Date(),
      version: row.version + 1,
    })
    .where(eq(users.id, id));
  const revoked = await revokeAllSessions(tx, id);
  await recordAudit(tx, context, {
    action: 'user.password_reset',
    entityType: 'user',
    entityId: id,
    provinceCode: await provinceOf(tx, [row.unitId]),
    details: { sessionsRevoked: revoked },
  });
}

/** Accounts the actor manages (scope filtered in SQL), paged, by display name. */
export async function listUsers(
  executor: Executor,
  context: RequestContext,
  query: ListUsersQuery,
): Promise<{ items: UserView[]; total: number }> {
  const actor = requireRole(context, userManagerRoles);
  const conditions: SQL[] = [];
  const national = coverageOf(actor, userManagerRoles).national;
  if (!national) {
    // Every unit the user is attached to must be inside the manager's scope.
    const assignmentUnit = sql`ra.unit_id`;
    conditions.push(
      sql`NOT EXISTS (SELECT 1 FROM role_assignment ra WHERE ra.user_id = ${users.id}
        AND (ra.unit_id IS NULL OR NOT (${unitScopeSql(actor, assignmentUnit, 'write', userManagerRoles)})))`,
    );
    conditions.push(
      sql`(${users.unitId} IS NULL OR ${unitScopeSql(actor, users.unitId, 'write', userManagerRoles)})`,
    );
  }
  if (query.q) {
    const pattern = `%${query.q.trim()}%`;
    conditions.push(
      or(
        ilike(users.username, pattern),
        sql`ntm_fold(${users.displayName}) LIKE ntm_fold(${pattern})`,
      )!,
    );
  }
  if (query.unit) {
    const unit = await findUnit(executor, query.unit, todayInVietnam());
    if (!unit) throw new AppError('units.not_found', 404, { code: query.unit });
    await assertUnitAccess(executor, context, unit.id, 'read', userManagerRoles);
    conditions.push(
      sql`EXISTS (SELECT 1 FROM role_assignment ra2 WHERE ra2.user_id = ${users.id} AND ra2.unit_id = ${unit.id})`,
    );
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [totalRow] = await executor.select({ total: count() }).from(users).where(where);
  const rows = await executor
    .select()
    .from(users)
    .where(where)
    .orderBy(users.displayName, users.username)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { items: await toViews(executor, rows), total: Number(totalRow?.total ?? 0) };
}
