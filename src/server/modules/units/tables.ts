import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

/** PostgreSQL `ltree`: the unit's ancestors' ids and its own, top first ("12.345.6789"). */
const ltree = customType<{ data: string }>({
  dataType: () => 'ltree',
});

/** `bytea` written from a Node Buffer; only ever written and compared in SQL, never read back. */
const sortKeyBytes = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
});

/**
 * One row per version of an administrative unit. A unit that changes its name, kind or parent gets a
 * new row (a new internal id) from the date of the change; `unit_lineage` links the versions.
 * Official codes are reused across reforms, so history is keyed on `id`, never on `code` alone.
 */
export const units = pgTable(
  'unit',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** Official GSO code: 2 digits (province), 3 (district), 5 (commune). */
    code: text('code').notNull(),
    /** Official name with its kind word: "Xã Lâm Giang", "Thành phố Hà Nội". */
    name: text('name').notNull(),
    /** The name without the kind word ("Lâm Giang"): what names sort by. */
    shortName: text('short_name').notNull(),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    /** The parent *version*: valid during the whole life of this row. */
    parentId: integer('parent_id').references((): AnyPgColumn => units.id),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** Last day of validity (inclusive); null while the unit is current. */
    validTo: date('valid_to', { mode: 'string' }),
    /** Ids from the top of the hierarchy down to this row: subtree tests are `path <@ ancestor.path`. */
    path: ltree('path').notNull(),
    /** Vietnamese collation key of `short_name` (see sort-key.ts): `ORDER BY sort_key` pages correctly. */
    sortKey: sortKeyBytes('sort_key').notNull(),
    /** Where the row came from: a package and version, or an imported file. */
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('unit_code_valid_from_key').on(table.code, table.validFrom),
    index('unit_code_idx').on(table.code),
    index('unit_parent_idx').on(table.parentId),
    index('unit_level_sort_idx').on(table.level, table.sortKey),
    index('unit_path_gist').using('gist', table.path),
    index('unit_name_trgm').using('gin', sql`ntm_fold(${table.name}) gin_trgm_ops`),
    check('unit_level_check', sql`${table.level} IN ('province', 'district', 'commune')`),
    check(
      'unit_validity_check',
      sql`${table.validTo} IS NULL OR ${table.validTo} >= ${table.validFrom}`,
    ),
  ],
);

/**
 * Dated attributes used by criteria sets: `region` (7 socio-economic regions, 2021–2025 sets),
 * `commune_group` (1–3, 2026–2030 set), `island`, `difficult`. Each notes its source; values not
 * confirmed by an official text keep `verified = false`.
 */
export const unitAttributes = pgTable(
  'unit_attribute',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: text('value').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    source: text('source').notNull(),
    verified: boolean('verified').notNull().default(false),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('unit_attribute_unit_key_from_key').on(table.unitId, table.key, table.validFrom),
    index('unit_attribute_key_value_idx').on(table.key, table.value),
    check(
      'unit_attribute_validity_check',
      sql`${table.validTo} IS NULL OR ${table.validTo} >= ${table.validFrom}`,
    ),
  ],
);

/** Which unit versions became which: merge, split, rename or re-parent, on a date, with a source. */
export const unitLineage = pgTable(
  'unit_lineage',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    fromUnitId: integer('from_unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    toUnitId: integer('to_unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    source: text('source').notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('unit_lineage_from_to_key').on(table.fromUnitId, table.toUnitId),
    index('unit_lineage_to_idx').on(table.toUnitId),
    check(
      'unit_lineage_kind_check',
      sql`${table.kind} IN ('merge', 'split', 'rename', 'reparent')`,
    ),
    check('unit_lineage_not_self_check', sql`${table.fromUnitId} <> ${table.toUnitId}`),
  ],
);

/**
 * A status that changes which class (region, commune group) a commune is judged at, recorded by a
 * province office with its legal basis: `dbkk` (xã đặc biệt khó khăn) and `atk` (xã an toàn khu of
 * a poor district) are judged at the TDMNPB level (Điều 1, 318/QĐ-TTg); `island` (xã đảo) is
 * recorded, and applies to no shipped set yet; `commune_group` (1–3) assigns the 2026–2030 group.
 * A fact table: it carries `province_code`, and no two records of one unit and kind overlap.
 */
export const unitClassOverrides = pgTable(
  'unit_class_override',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    /** Code of the province at the top of the unit's path (the fact tables' distribution key). */
    provinceCode: text('province_code').notNull(),
    /** `dbkk`, `atk`, `island`, `commune_group`. */
    kind: text('kind').notNull(),
    /** The classification the status applies to: `region` (2021–2025 sets) or `group` (2026–2030). */
    classification: text('classification').notNull(),
    /** The class it implies (TDMNPB, a group "1"–"3"); null when no set has such a class (island). */
    classValue: text('class_value'),
    /** The decision recognising the status: number ("123/QĐ-UBND") and date. */
    basisNumber: text('basis_number').notNull(),
    basisDate: date('basis_date', { mode: 'string' }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** Last day (inclusive); null while open. */
    validTo: date('valid_to', { mode: 'string' }),
    note: text('note'),
    recordedByUserId: text('recorded_by_user_id'),
    recordedByName: text('recorded_by_name').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('unit_class_override_unit_idx').on(table.unitId, table.kind, table.validFrom),
    index('unit_class_override_province_idx').on(table.provinceCode, table.kind),
    check(
      'unit_class_override_kind_check',
      sql`${table.kind} IN ('dbkk', 'atk', 'island', 'commune_group')`,
    ),
    check(
      'unit_class_override_classification_check',
      sql`${table.classification} IN ('region', 'group')`,
    ),
    check(
      'unit_class_override_validity_check',
      sql`${table.validTo} IS NULL OR ${table.validTo} >= ${table.validFrom}`,
    ),
  ],
);
