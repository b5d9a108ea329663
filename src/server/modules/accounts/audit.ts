import type { Executor } from '../../db/client';
import { auditLog } from './tables';
import type { RequestContext } from './actor';

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
