import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/tables';

/**
 * An in-app notification for one person: a kind (an i18n key), its parameters, and where it
 * leads. Read when the person opens it or marks all read.
 */
export const notifications = pgTable(
  'notification',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** What happened: submission.submitted, submission.approved, submission.returned… */
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, string | number | null>>().notNull(),
    /** Path in the web app the notification opens. */
    link: text('link'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (table) => [index('notification_user_idx').on(table.userId, table.createdAt)],
);
