import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/tables';
import { units } from '../units/tables';

/**
 * A programme target: a measure of the stored evaluations (share of communes meeting the standard,
 * an indicator, a criterion; communes under N criteria) with a target value and a deadline, for the
 * country (`scope_unit_id` null) or a province. The central programme targets come from
 * `data/targets/*.yaml` (`source = file`); province offices add their own (`source = user`).
 */
export const targets = pgTable(
  'target',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: text('code').notNull(),
    /** The programme file a shipped target comes from; null for a province's own target. */
    programCode: text('program_code'),
    name: text('name').notNull(),
    basis: text('basis').notNull(),
    /** `central` or the two-digit code of the province that set it. */
    issuer: text('issuer').notNull(),
    scopeUnitId: integer('scope_unit_id').references(() => units.id),
    measure: text('measure').notNull(),
    indicator: text('indicator'),
    criterion: text('criterion'),
    criteriaThreshold: smallint('criteria_threshold'),
    op: text('op').notNull(),
    value: doublePrecision('value').notNull(),
    unit: text('unit').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    verified: boolean('verified').notNull().default(false),
    note: text('note'),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    uniqueIndex('target_code_key').on(table.code),
    check(
      'target_measure_check',
      sql`${table.measure} IN ('communes_met_share', 'communes_below_criteria', 'indicator_met_share', 'criterion_met_share', 'none')`,
    ),
    check('target_op_check', sql`${table.op} IN ('gte', 'lte')`),
    check('target_source_check', sql`${table.source} IN ('file', 'user')`),
    check('target_dates_check', sql`${table.deadline} >= ${table.startDate}`),
  ],
);
