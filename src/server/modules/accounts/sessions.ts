import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { afterCommit } from '../../db/commit-hooks';
import { queryRows, type Executor } from '../../db/client';
import type { Actor, Assignment } from '../../auth/actor';
import { sessions } from './tables';

export const sessionCookieName = 'ntm_session';

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a session and returns its token (only its hash is stored). */
export async function createSession(
  executor: Executor,
  userId: string,
  policy: SessionPolicy,
  client: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + policy.maxHours * 3600_000);
  await executor.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    expiresAt,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
  });
  return { token, expiresAt };
}

/**
 * The user id behind a token, if the session is live: not revoked, before its absolute expiry,
 * and used within the idle limit. A live session's last use is refreshed (at most once a minute).
 */
export async function resolveSession(
  executor: Executor,
  token: string,
  policy: SessionPolicy,
): Promise<string | null> {
  const tokenHash = hashToken(token);
  const idleCutoff = new Date(Date.now() - policy.idleMinutes * 60_000);
  const [row] = await executor
    .select({ userId: sessions.userId, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, new Date()),
        gt(sessions.lastSeenAt, idleCutoff),
      ),
    );
  if (!row) return null;
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await executor
      .update(sessions)
      .set({ lastSeenAt: new Date() })
      .where(eq(sessions.tokenHash, tokenHash));
  }
  return row.userId;
}

/**
 * The actor behind a token, in one query (session, user and role assignments with their units'
 * codes): null unless the session is live and the user active. Refreshes the session's last use
 * like `resolveSession`. Runs on every signed-in request, so it stays one round trip.
 */
export async function resolveSessionActor(
  executor: Executor,
  token: string,
  policy: SessionPolicy,
): Promise<Actor | null> {
  const tokenHash = hashToken(token);
  const cached = resolvedActors.get(tokenHash);
  if (cached && cached.generation === sessionsGeneration && cached.expires > Date.now()) {
    return cached.actor;
  }
  const generation = sessionsGeneration;
  const actor = await readSessionActor(executor, tokenHash, policy);
  // Kept only when nothing changed while it was read (a revocation committing meanwhile).
  if (actor && generation === sessionsGeneration) {
    if (resolvedActors.size >= RESOLVED_ACTORS_LIMIT) resolvedActors.clear();
    resolvedActors.set(tokenHash, {
      actor,
      generation,
      expires: Date.now() + RESOLVED_ACTOR_TTL_MS,
    });
  }
  return actor;
}

/**
 * Resolved sessions, kept a short while per process so that a dashboard read under load costs no
 * session query (ADR 0004). Any change to sessions, users or role assignments made by this process
 * drops them at once (`sessionsChanged`); a revocation by another process takes effect within
 * the lifetime (2 s, well inside the 5 s promised).
 */
export const RESOLVED_ACTOR_TTL_MS = 2000;
const RESOLVED_ACTORS_LIMIT = 10_000;
const resolvedActors = new Map<string, { actor: Actor; generation: number; expires: number }>();
let sessionsGeneration = 0;

/** Call when a session is revoked or a user's account, roles or password change. */
export function sessionsChanged(): void {
  sessionsGeneration++;
  resolvedActors.clear();
  afterCommit(() => {
    sessionsGeneration++;
    resolvedActors.clear();
  });
}

async function readSessionActor(
  executor: Executor,
  tokenHash: string,
  policy: SessionPolicy,
): Promise<Actor | null> {
  const idleCutoff = new Date(Date.now() - policy.idleMinutes * 60_000);
  const [row] = await queryRows<{
    userId: string;
    lastSeenAt: string | Date;
    username: string;
    displayName: string;
    mustChangePassword: boolean;
    assignments: Assignment[];
  }>(
    executor,
    sql`SELECT s.user_id AS "userId", s.last_seen_at AS "lastSeenAt", u.username,
          u.display_name AS "displayName", u.must_change_password AS "mustChangePassword",
          coalesce((SELECT json_agg(json_build_object('role', r.role, 'unitId', r.unit_id,
              'unitCode', a.code) ORDER BY r.created_at)
            FROM role_assignment r LEFT JOIN unit a ON a.id = r.unit_id
            WHERE r.user_id = u.id), '[]'::json) AS assignments
        FROM session s JOIN app_user u ON u.id = s.user_id AND u.active
        WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL
          AND s.expires_at > now() AND s.last_seen_at > ${idleCutoff.toISOString()}::timestamptz`,
  );
  if (!row) return null;
  if (Date.now() - new Date(row.lastSeenAt).getTime() > 60_000) {
    await executor
      .update(sessions)
      .set({ lastSeenAt: new Date() })
      .where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    mustChangePassword: row.mustChangePassword,
    assignments: row.assignments.map((assignment) => ({
      role: assignment.role,
      unitId: assignment.unitId === null ? null : Number(assignment.unitId),
      unitCode: assignment.unitCode,
    })),
  };
}

export async function revokeSession(executor: Executor, token: string): Promise<void> {
  sessionsChanged();
  await executor
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)));
}

/** Revokes every live session of a user but `exceptToken` ("log out everywhere", password change or reset). */
export async function revokeAllSessions(
  executor: Executor,
  userId: string,
  exceptToken?: string,
): Promise<number> {
  sessionsChanged();
  const revoked = await executor
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        exceptToken ? ne(sessions.tokenHash, hashToken(exceptToken)) : undefined,
      ),
    )
    .returning({ tokenHash: sessions.tokenHash });
  return revoked.length;
}

/**
 * Deletes sessions that ended long ago — expired or revoked more than `olderThanDays` days ago —
 * (housekeeping, scheduled by the server: `housekeeping.ts`). Returns how many were deleted.
 */
export async function purgeEndedSessions(executor: Executor, olderThanDays = 30): Promise<number> {
  const deleted = await executor
    .delete(sessions)
    .where(
      sql`${sessions.expiresAt} < now() - make_interval(days => ${olderThanDays})
        OR ${sessions.revokedAt} < now() - make_interval(days => ${olderThanDays})`,
    )
    .returning({ tokenHash: sessions.tokenHash });
  return deleted.length;
}
