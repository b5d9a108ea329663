import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
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
 * A community report (phản ánh, giám sát cộng đồng): a citizen's or a community supervision
 * board's report of a problem in a commune. The truth of what happened to it is its event log
 * (`community_report_event`); `status` and the dates are that log's state, rewritten in the
 * transaction of every action, for lists and the overdue view.
 */
export const communityReports = pgTable(
  'community_report',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Public code (PA-2026-7KQ3M9): random, unique, what the citizen keeps and the page shows. */
    code: text('code').notNull(),
    provinceCode: text('province_code').notNull(),
    /** The commune the report is about (and whose office answers it). */
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    village: text('village'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    category: text('category').notNull(),
    /** For category `criterion`: the criterion's code in the set (e.g. "2" for traffic). */
    criterionCode: text('criterion_code'),
    body: text('body').notNull(),
    /** The reporter chose to stay anonymous: no name or phone is ever stored. */
    anonymous: boolean('anonymous').notNull(),
    reporterName: text('reporter_name'),
    reporterPhone: text('reporter_phone'),
    /** Submitted by a community supervision board (Ban giám sát đầu tư của cộng đồng). */
    byBoard: boolean('by_board').notNull().default(false),
    status: text('status').notNull().default('received'),
    /** An office accepted it for the public page (moderation); null = waiting in the queue. */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    rejectReason: text('reject_reason'),
    rejectNote: text('reject_note'),
    duplicateOfId: uuid('duplicate_of_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** Answer deadline: received + the province's working days (data, changeable). */
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** SHA-256 (keyed) of the address, the device id and the folded text: spam control only. */
    sourceHash: text('source_hash').notNull(),
    deviceHash: text('device_hash'),
    textHash: text('text_hash').notNull(),
    /**
     * A random key the page made for this submission: sending again after a dropped connection
     * returns the report already stored instead of a second one.
     */
    clientKey: uuid('client_key'),
    /** Optimistic concurrency: every office action names the version it read. */
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('community_report_code_key').on(table.code),
    uniqueIndex('community_report_client_key').on(table.clientKey),
    index('community_report_unit_idx').on(table.unitId, table.receivedAt),
    index('community_report_province_status_idx').on(table.provinceCode, table.status, table.dueOn),
    index('community_report_source_idx').on(table.sourceHash, table.receivedAt),
    index('community_report_device_idx').on(table.deviceHash, table.receivedAt),
    check(
      'community_report_category_check',
      sql`${table.category} IN ('criterion', 'public_works', 'other')`,
    ),
    check(
      'community_report_status_check',
      sql`${table.status} IN ('received', 'in_progress', 'answered', 'resolved', 'closed', 'rejected')`,
    ),
    check(
      'community_report_anonymous_check',
      sql`NOT ${table.anonymous} OR (${table.reporterName} IS NULL AND ${table.reporterPhone} IS NULL)`,
    ),
    check(
      'community_report_reject_check',
      sql`(${table.status} = 'rejected') = (${table.rejectReason} IS NOT NULL)`,
    ),
    check('community_report_point_check', sql`(${table.lat} IS NULL) = (${table.lon} IS NULL)`),
  ],
);

/** A photo of a report (downscaled by the phone; type checked by its content). */
export const communityReportPhotos = pgTable(
  'community_report_photo',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => communityReports.id),
    provinceCode: text('province_code').notNull(),
    seq: smallint('seq').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    mediaType: text('media_type').notNull(),
    thumbnailSha256: text('thumbnail_sha256'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('community_report_photo_key').on(table.reportId, table.seq)],
);

/** The append-only log of a report: answers, notes and status changes; public or internal. */
export const communityReportEvents = pgTable(
  'community_report_event',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => communityReports.id),
    provinceCode: text('province_code').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    body: text('body'),
    /** Shown on the report's public page (answers); internal notes are for offices only. */
    public: boolean('public').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    /** The office that acted ("UBND xã Lâm Giang"), shown publicly instead of a person's name. */
    actorUnitName: text('actor_unit_name'),
  },
  (table) => [
    uniqueIndex('community_report_event_key').on(table.reportId, table.seq),
    check(
      'community_report_event_type_check',
      sql`${table.type} IN ('received', 'published', 'answer', 'note', 'status', 'rejected')`,
    ),
  ],
);

/**
 * A province's own figure for a rule of the module (answer deadline, rate limits, duplicate
 * window); the shipped default is in `data/feedback/settings.yaml`.
 */
export const feedbackSettings = pgTable(
  'feedback_setting',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    provinceCode: text('province_code').notNull(),
    key: text('key').notNull(),
    value: integer('value').notNull(),
    note: text('note'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedByName: text('updated_by_name').notNull(),
  },
  (table) => [
    uniqueIndex('feedback_setting_key').on(table.provinceCode, table.key),
    check('feedback_setting_value_check', sql`${table.value} BETWEEN 1 AND 1000`),
  ],
);
