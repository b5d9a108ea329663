import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/tables';
import { criteriaIndicators, criteriaSets } from '../criteria/tables';
import { units } from '../units/tables';

/**
 * The value a unit reported for one indicator of a criteria set in one year: a number (percent
 * 0–100) or a yes/no judgement, with a note. A cleared value keeps its row (both columns null) so
 * its version keeps counting. Fact table: carries `province_code` (the top of the unit's path).
 */
export const indicatorValues = pgTable(
  'indicator_value',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    setId: integer('set_id')
      .notNull()
      .references(() => criteriaSets.id),
    year: smallint('year').notNull(),
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => criteriaIndicators.id),
    provinceCode: text('province_code').notNull(),
    valueNumber: doublePrecision('value_number'),
    valueBoolean: boolean('value_boolean'),
    note: text('note'),
    /** Optimistic concurrency: every change names the version it read; 1 for the first value. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
    /** Display name of who changed it last (kept even if the account is renamed). */
    updatedByName: text('updated_by_name').notNull(),
  },
  (table) => [
    uniqueIndex('indicator_value_key').on(table.unitId, table.setId, table.year, table.indicatorId),
    index('indicator_value_set_year_idx').on(table.setId, table.year),
    check(
      'indicator_value_one_kind_check',
      sql`${table.valueNumber} IS NULL OR ${table.valueBoolean} IS NULL`,
    ),
  ],
);

/** Every change of a value: old → new, who, when, from the form or an import. Append-only. */
export const indicatorValueHistory = pgTable(
  'indicator_value_history',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    valueId: bigint('value_id', { mode: 'number' }).notNull(),
    unitId: integer('unit_id').notNull(),
    setId: integer('set_id').notNull(),
    year: smallint('year').notNull(),
    indicatorId: integer('indicator_id').notNull(),
    provinceCode: text('province_code').notNull(),
    /** The version this change produced. */
    version: integer('version').notNull(),
    oldNumber: doublePrecision('old_number'),
    oldBoolean: boolean('old_boolean'),
    oldNote: text('old_note'),
    newNumber: doublePrecision('new_number'),
    newBoolean: boolean('new_boolean'),
    newNote: text('new_note'),
    /** `form` (one field), `import` (a file), `evidence` (an attachment created the row). */
    source: text('source').notNull(),
    importId: bigint('import_id', { mode: 'number' }),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    changedBy: uuid('changed_by'),
    changedByName: text('changed_by_name').notNull(),
  },
  (table) => [
    index('indicator_value_history_value_idx').on(table.valueId, table.version),
    index('indicator_value_history_unit_idx').on(table.unitId, table.setId, table.year),
    check(
      'indicator_value_history_source_check',
      sql`${table.source} IN ('form', 'import', 'evidence')`,
    ),
  ],
);

/**
 * The stored evaluation of a unit for a set and year, recomputed in the transaction of every change
 * of its values, so that dashboards aggregate stored results. `criterion_met` and
 * `indicator_status` follow the set's order (published sets never change).
 */
export const evaluations = pgTable(
  'evaluation',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    setId: integer('set_id')
      .notNull()
      .references(() => criteriaSets.id),
    year: smallint('year').notNull(),
    provinceCode: text('province_code').notNull(),
    /** The unit's class (region or commune group) used; null when the set has none or it is unknown. */
    unitClass: text('unit_class'),
    /**
     * The class override (`unit_class_override.id`, units module) that gave `unit_class`, or null
     * when it came from the region / commune-group attribute. No foreign key: a fact table.
     */
    classOverrideId: integer('class_override_id'),
    /** `met`, `not_met`, or `unclassified` (the set needs a class the unit has not been given). */
    status: text('status').notNull(),
    criteriaMet: smallint('criteria_met').notNull(),
    criteriaTotal: smallint('criteria_total').notNull(),
    indicatorsMissing: smallint('indicators_missing').notNull(),
    valuesCount: smallint('values_count').notNull(),
    criterionMet: boolean('criterion_met').array().notNull(),
    /** Per indicator: met, not_met, missing, no_rule. */
    indicatorStatus: text('indicator_status').array().notNull(),
    /** The revocation verdict of the set's rule (18/2022), or null. */
    revocation: jsonb('revocation'),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.unitId, table.setId, table.year] }),
    index('evaluation_set_year_idx').on(table.setId, table.year, table.status),
    /** `max(computed_at)` tells dashboards' caches whether any result changed. */
    index('evaluation_computed_at_idx').on(table.computedAt),
    check('evaluation_status_check', sql`${table.status} IN ('met', 'not_met', 'unclassified')`),
  ],
);

/**
 * The approval state of a unit's data for a set and year: draft → submitted → approved, or
 * returned (editable again). Submitted and approved data cannot be edited. Its row is also the
 * lock that serialises the writes of one unit-set-year (so the stored evaluation is never stale).
 */
export const submissions = pgTable(
  'submission',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    setId: integer('set_id')
      .notNull()
      .references(() => criteriaSets.id),
    year: smallint('year').notNull(),
    provinceCode: text('province_code').notNull(),
    status: text('status').notNull().default('draft'),
    /** The reason of the last return or reopening. */
    reason: text('reason'),
    version: integer('version').notNull().default(1),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: uuid('submitted_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.unitId, table.setId, table.year] }),
    index('submission_set_year_status_idx').on(table.setId, table.year, table.status),
    index('submission_updated_at_idx').on(table.updatedAt),
    check(
      'submission_status_check',
      sql`${table.status} IN ('draft', 'submitted', 'approved', 'returned')`,
    ),
  ],
);

/** Every transition of a submission, with its reason and who made it. Append-only. */
export const submissionEvents = pgTable(
  'submission_event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id').notNull(),
    setId: integer('set_id').notNull(),
    year: smallint('year').notNull(),
    provinceCode: text('province_code').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('submission_event_unit_idx').on(table.unitId, table.setId, table.year),
    check(
      'submission_event_action_check',
      sql`${table.action} IN ('submit', 'approve', 'return', 'reopen')`,
    ),
  ],
);

/**
 * Which level approves communes' data, by the date of the decision: the district until 30/06/2025,
 * the province from 01/07/2025 (districts were abolished). Data, so an administrator can change it.
 */
export const approvalLevels = pgTable(
  'approval_level',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** The level of the units whose data is approved (commune). */
    unitLevel: text('unit_level').notNull(),
    /** The level that approves: district or province. */
    approverLevel: text('approver_level').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    source: text('source').notNull(),
  },
  (table) => [
    uniqueIndex('approval_level_from_key').on(table.unitLevel, table.validFrom),
    check(
      'approval_level_levels_check',
      sql`${table.unitLevel} IN ('commune', 'district') AND ${table.approverLevel} IN ('district', 'province')`,
    ),
  ],
);

/** An accepted import of values from a file (xlsx or csv): what it changed, for the record. */
export const valueImports = pgTable(
  'value_import',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    /** The unit named in the URL (a commune, or a district/province for one row per commune). */
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    setId: integer('set_id')
      .notNull()
      .references(() => criteriaSets.id),
    year: smallint('year').notNull(),
    provinceCode: text('province_code').notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    format: text('format').notNull(),
    unitsCount: integer('units_count').notNull(),
    valuesRead: integer('values_read').notNull(),
    valuesChanged: integer('values_changed').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
  },
  (table) => [index('value_import_unit_idx').on(table.unitId, table.setId, table.year)],
);

/**
 * A file attached as evidence to a value. The bytes live outside the web root, named by their
 * SHA-256 (content-addressed); deleting is soft (who, when, why kept).
 */
export const evidenceFiles = pgTable(
  'evidence_file',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    valueId: bigint('value_id', { mode: 'number' })
      .notNull()
      .references(() => indicatorValues.id),
    unitId: integer('unit_id').notNull(),
    setId: integer('set_id').notNull(),
    year: smallint('year').notNull(),
    indicatorId: integer('indicator_id').notNull(),
    provinceCode: text('province_code').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** The type found in the content (not the name): application/pdf, image/jpeg… */
    mediaType: text('media_type').notNull(),
    originalName: text('original_name').notNull(),
    /** SHA-256 of the JPEG thumbnail (images only). */
    thumbnailSha256: text('thumbnail_sha256'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    deletedBy: uuid('deleted_by').references(() => users.id),
    deletedByName: text('deleted_by_name'),
    deleteReason: text('delete_reason'),
  },
  (table) => [
    index('evidence_file_value_idx').on(table.valueId),
    index('evidence_file_sha_idx').on(table.sha256),
  ],
);
