import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Initial-data steps already applied (units, criteria sets, demo data): each runs once. */
export const seedSteps = pgTable('seed_step', {
  name: text('name').primaryKey(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().defaultNow(),
  summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default({}),
});
