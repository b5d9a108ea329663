import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client';
import type { RequestContext } from '../../auth/actor';
import { requireRole } from '../../auth/policy';
import type { AuditEntryView, AuditQuery } from '../accounts/api';
import { auditLog } from './tables';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  provinceCode?: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

/** Fields never written to the audit log, whatever entity they belong to. */
const secretFields = new Set(['passwordHash', 'password', 'password_hash', 'tokenHash', 'token']);

function withoutSecrets(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !secretFields.has(key))
        .map(([key, inner]) => [key, withoutSecrets(inner)]),
    );
  }
  return value;
}

/** Appends one entry to the audit log, inside the caller's transaction. */
export async function recordAudit(
  executor: Executor,
  context: RequestContext,
  entry: AuditEntry,
): Promise<void> {
  await executor.insert(auditLog).values({
    actorUserId: context.actor?.userId ?? null,
    actorUsername: context.actor?.username ?? (context.requestId === 'cli' ? 'cli' : null),
    ip: context.ip,
    requestId: context.requestId,
    action: entry.action,
    outcome: entry.outcome ?? 'ok',
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    provinceCode: entry.provinceCode ?? null,
    before: withoutSecrets(entry.before),
    after: withoutSecrets(entry.after),
    details: withoutSecrets(entry.details),
  });
}

// --- Audit log ----------------------------------------------------------------------------------

/** The audit log, newest first, for administrators. */
export async function listAudit(
  executor: Executor,
  context: RequestContext,
  query: AuditQuery,
): Promise<{ items: AuditEntryView[]; total: number }> {
  requireRole(context, ['admin']);
  const conditions: SQL[] = [];
  if (query.action) conditions.push(eq(auditLog.action, query.action));
  if (query.entityType) conditions.push(eq(auditLog.entityType, query.entityType));
  if (query.entityId) conditions.push(eq(auditLog.entityId, query.entityId));
  if (query.actor) conditions.push(eq(auditLog.actorUsername, query.actor.toLowerCase()));
  if (query.outcome) conditions.push(eq(auditLog.outcome, query.outcome));
  if (query.from) conditions.push(gte(auditLog.at, new Date(`${query.from}T00:00:00+07:00`)));
  if (query.to) {
    const end = new Date(`${query.to}T00:00:00+07:00`);
    end.setUTCDate(end.getUTCDate() + 1);
    conditions.push(lt(auditLog.at, end));
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [totalRow] = await executor.select({ total: count() }).from(auditLog).where(where);
  const rows = await executor
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return {
    items: rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actorUsername: row.actorUsername,
      ip: row.ip,
      requestId: row.requestId,
      action: row.action,
      outcome: row.outcome,
      entityType: row.entityType,
      entityId: row.entityId,
      provinceCode: row.provinceCode,
      before: row.before,
      after: row.after,
      details: row.details,
    })),
    total: Number(totalRow?.total ?? 0),
  };
}

/**
 * Wrong passwords for an account from one address within the last `withinMinutes`, counted since
 * the last success from that address and since `after` (the last password change or reset): the
 * sign-in lockout per (account, address) pair reads it.
 */
export async function failedSignInsSinceSuccess(
  executor: Executor,
  input: { userId: string; ip: string | null; withinMinutes: number; after: Date },
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    executor,
    sql`SELECT count(*)::int AS n FROM audit_log
        WHERE entity_type = 'user' AND entity_id = ${input.userId} AND action = 'session.login'
          AND outcome = 'failed' AND ip IS NOT DISTINCT FROM ${input.ip}
          AND details->>'reason' = 'auth.invalid_credentials'
          AND at > greatest(
            now() - make_interval(mins => ${input.withinMinutes}),
            ${input.after.toISOString()}::timestamptz,
            (SELECT max(at) FROM audit_log
              WHERE entity_type = 'user' AND entity_id = ${input.userId} AND action = 'session.login'
                AND outcome = 'ok' AND ip IS NOT DISTINCT FROM ${input.ip}))`,
  );
  return Number(row?.n ?? 0);
}
