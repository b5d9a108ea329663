import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only record of every write and every refused attempt: who, when, from where, what,
 * before and after. The application has no route that updates or deletes it.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorUsername: text('actor_username'),
    ip: text('ip'),
    requestId: text('request_id'),
    /** e.g. `user.create`, `session.login`, `unit.attributes.update`. */
    action: text('action').notNull(),
    /** `ok` for a change, `denied` for a refused attempt, `failed` for a failed sign-in. */
    outcome: text('outcome').notNull().default('ok'),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    /** Province of the entity (distribution key when the table is sharded by province). */
    provinceCode: text('province_code'),
    before: jsonb('before'),
    after: jsonb('after'),
    details: jsonb('details'),
  },
  (table) => [
    index('audit_log_at_idx').on(table.at),
    index('audit_log_entity_idx').on(table.entityType, table.entityId),
    index('audit_log_actor_idx').on(table.actorUserId),
  ],
);
