import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import type { CriteriaSet, Rule } from '../../../domain/criteria/types';
import { users } from '../accounts/tables';

/**
 * One criteria set (bộ tiêu chí) in one version. The YAML text it was written in is kept as is
 * (with its SHA-256) next to the parsed, merged set (`definition`, the domain's `CriteriaSet`).
 * A published set never changes (a trigger refuses it): a change is a new set with a new code.
 * A dictionary: small, read everywhere (a Citus reference table when the database is sharded).
 */
export const criteriaSets = pgTable(
  'criteria_set',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** Unique code; a reissue gets a new code (xa-ntm-2021-2025, xa-ntm-2021-2025-v2…). */
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** `central`, or the two-digit GSO code of the issuing province. */
    issuer: text('issuer').notNull(),
    /** The issuing province's name when the set was written (null for central sets). */
    issuerName: text('issuer_name'),
    /** Legal basis shown to users: "318/QĐ-TTg ngày 08/03/2022". */
    basis: text('basis').notNull(),
    level: text('level').notNull(),
    kind: text('kind').notNull().default('standard'),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
    /** What thresholds vary by: region (2021–2025), group (2026–2030) or none. */
    classification: text('classification').notNull(),
    classes: jsonb('classes').$type<string[]>().notNull(),
    /** The set this one extends (tightens); its rules are merged into `definition`. */
    extendsId: integer('extends_id').references((): AnyPgColumn => criteriaSets.id),
    /** The set an administrator started this draft from (informational). */
    basedOnId: integer('based_on_id').references((): AnyPgColumn => criteriaSets.id),
    status: text('status').notNull().default('draft'),
    /** The YAML text as written (line endings normalised to \n, no BOM). */
    sourceYaml: text('source_yaml').notNull(),
    /** SHA-256 (hex) of `source_yaml`: loading the same text again changes nothing. */
    contentHash: text('content_hash').notNull(),
    /** The parsed set, merged with its parent when it extends one (JSON of `CriteriaSet`). */
    definition: jsonb('definition').$type<CriteriaSet>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by').references(() => users.id),
    /** Who published: a username, or `seed` / `cli` for operators' loads. */
    publishedByName: text('published_by_name'),
    /** Optimistic concurrency of a draft: every write names the version it read. */
    version: integer('version').notNull().default(1),
  },
  (table) => [
    uniqueIndex('criteria_set_code_key').on(table.code),
    index('criteria_set_extends_idx').on(table.extendsId),
    check('criteria_set_code_check', sql`${table.code} ~ '^[a-z0-9][a-z0-9.-]*$'`),
    check('criteria_set_status_check', sql`${table.status} IN ('draft', 'published')`),
    check('criteria_set_level_check', sql`${table.level} IN ('commune', 'district', 'province')`),
    check('criteria_set_kind_check', sql`${table.kind} IN ('standard', 'advanced', 'model')`),
    check(
      'criteria_set_classification_check',
      sql`${table.classification} IN ('region', 'group', 'none')`,
    ),
    check('criteria_set_issuer_check', sql`${table.issuer} ~ '^(central|[0-9]{2})$'`),
    check('criteria_set_validity_check', sql`${table.validTo} >= ${table.validFrom}`),
    check(
      'criteria_set_published_check',
      sql`${table.status} = 'draft' OR ${table.publishedAt} IS NOT NULL`,
    ),
  ],
);

/** A criterion (tiêu chí) of a set, in the set's order. */
export const criteriaCriteria = pgTable(
  'criteria_criterion',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    setId: integer('set_id')
      .notNull()
      .references(() => criteriaSets.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** Group of criteria as the decision lists them ("Hạ tầng kinh tế – xã hội"). */
    groupName: text('group_name'),
    note: text('note'),
    position: integer('position').notNull(),
  },
  (table) => [uniqueIndex('criteria_criterion_set_code_key').on(table.setId, table.code)],
);

/**
 * An indicator (chỉ tiêu) of a set: what values are entered for and evaluations are made of.
 * Its code is unique in the set; values and evaluations refer to this row (or to set + code).
 */
export const criteriaIndicators = pgTable(
  'criteria_indicator',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    setId: integer('set_id')
      .notNull()
      .references(() => criteriaSets.id, { onDelete: 'cascade' }),
    criterionId: integer('criterion_id')
      .notNull()
      .references(() => criteriaCriteria.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    /** Unit of measure ("%", "triệu đồng/người/năm"); null for yes/no indicators. */
    unit: text('unit'),
    /** The rule as written (op + value or byClass), null when there is none yet. */
    rule: jsonb('rule').$type<Rule>(),
    noThreshold: text('no_threshold').notNull().default('no_rule'),
    /** True only when the threshold was read in an official text; false shows "chưa xác minh". */
    verified: boolean('verified').notNull().default(false),
    source: text('source'),
    note: text('note'),
    /** In an extending set: inherited, overridden (tightened) or added; null otherwise. */
    origin: text('origin'),
    position: integer('position').notNull(),
  },
  (table) => [
    uniqueIndex('criteria_indicator_set_code_key').on(table.setId, table.code),
    index('criteria_indicator_criterion_idx').on(table.criterionId),
    check('criteria_indicator_type_check', sql`${table.type} IN ('boolean', 'number', 'percent')`),
    check(
      'criteria_indicator_no_threshold_check',
      sql`${table.noThreshold} IN ('no_rule', 'judgement')`,
    ),
    check(
      'criteria_indicator_origin_check',
      sql`${table.origin} IS NULL OR ${table.origin} IN ('inherited', 'overridden', 'added')`,
    ),
  ],
);

/**
 * One threshold of an indicator's rule: for every class (`class_key` null), one class, or the
 * `default` class; for every year (`year` null) or one year. `value OP threshold` is met.
 */
export const criteriaRules = pgTable(
  'criteria_rule',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    setId: integer('set_id')
      .notNull()
      .references(() => criteriaSets.id, { onDelete: 'cascade' }),
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => criteriaIndicators.id, { onDelete: 'cascade' }),
    op: text('op').notNull(),
    classKey: text('class_key'),
    year: smallint('year'),
    valueNumber: doublePrecision('value_number'),
    valueBoolean: boolean('value_boolean'),
  },
  (table) => [
    uniqueIndex('criteria_rule_indicator_scope_key').on(
      table.indicatorId,
      sql`coalesce(${table.classKey}, '')`,
      sql`coalesce(${table.year}, 0)`,
    ),
    index('criteria_rule_set_idx').on(table.setId),
    check('criteria_rule_op_check', sql`${table.op} IN ('gte', 'gt', 'lte', 'lt', 'eq')`),
    check(
      'criteria_rule_one_value_check',
      sql`(${table.valueNumber} IS NULL) <> (${table.valueBoolean} IS NULL)`,
    ),
  ],
);
