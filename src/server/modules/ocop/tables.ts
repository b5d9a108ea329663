import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  CouncilResult,
  ScoreSheet,
  SheetChoices,
  SheetScore,
} from '../../../domain/ocop/types';
import { users } from '../accounts/tables';
import { units } from '../units/tables';

/**
 * OCOP (Mỗi xã một sản phẩm): producers, their products, score sheets, rounds and councils,
 * applications with their scores, and the certificates. Owned by the `ocop` module; other modules
 * read it through `ocop/service.ts` or `ocop/stats.ts`. The rule versions are data files
 * (`data/ocop/rules/`), not rows; each row that depends on one keeps its code.
 */

/**
 * A score sheet (phiếu đánh giá) of one product set under one rule version: the whole tree as
 * JSON. Drafts are edited; once published a sheet never changes (a correction is a new version).
 */
export const ocopSheets = pgTable(
  'ocop_sheet',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    ruleVersion: text('rule_version').notNull(),
    setCode: text('set_code').notNull(),
    name: text('name').notNull(),
    body: jsonb('body').$type<ScoreSheet>().notNull(),
    verified: boolean('verified').notNull().default(false),
    state: text('state').notNull().default('draft'),
    /** Where it came from: a shipped file, an imported YAML or Excel file. */
    source: text('source').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: uuid('published_by').references(() => users.id),
    rowVersion: integer('row_version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('ocop_sheet_code_version_key').on(table.code, table.version),
    index('ocop_sheet_set_idx').on(table.ruleVersion, table.setCode, table.state),
    check('ocop_sheet_state_check', sql`${table.state} IN ('draft', 'published', 'withdrawn')`),
  ],
);

/**
 * A producer (chủ thể OCOP): a cooperative, a company, a cooperative group or a household
 * business, in one commune.
 */
export const ocopProducers = pgTable(
  'ocop_producer',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** Mã số thuế / mã số hợp tác xã where known (a household business may have none). */
    taxCode: text('tax_code'),
    provinceCode: text('province_code').notNull(),
    communeUnitId: integer('commune_unit_id')
      .notNull()
      .references(() => units.id),
    address: text('address'),
    representative: text('representative'),
    phone: text('phone'),
    email: text('email'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('ocop_producer_commune_idx').on(table.communeUnitId),
    index('ocop_producer_province_idx').on(table.provinceCode),
    uniqueIndex('ocop_producer_tax_code_key')
      .on(table.taxCode)
      .where(sql`${table.taxCode} IS NOT NULL`),
    check(
      'ocop_producer_kind_check',
      sql`${table.kind} IN ('cooperative', 'cooperative_group', 'company', 'household')`,
    ),
  ],
);

/** The accounts that act for a producer (role `producer`): they apply and self-assess. */
export const ocopProducerAccounts = pgTable(
  'ocop_producer_account',
  {
    producerId: uuid('producer_id')
      .notNull()
      .references(() => ocopProducers.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.producerId, table.userId] }),
    index('ocop_producer_account_user_idx').on(table.userId),
  ],
);

export interface ProductLink {
  label: string;
  url: string;
}

/**
 * A product of a producer, in one catalogue set. `code` (province-commune-number-year, 26/2026)
 * is given at its first certificate; `stars` and `certificateId` follow its valid certificate.
 * `searchText` is the folded text the public catalogue searches (`ntm_fold`, trigram index).
 */
export const ocopProducts = pgTable(
  'ocop_product',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    producerId: uuid('producer_id')
      .notNull()
      .references(() => ocopProducers.id),
    provinceCode: text('province_code').notNull(),
    communeUnitId: integer('commune_unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    setCode: text('set_code').notNull(),
    description: text('description'),
    /** Tiêu chuẩn công bố (TCCS, TCVN, VietGAP…). */
    standards: jsonb('standards').$type<string[]>().notNull().default([]),
    /** Other certificates (HACCP, ISO 22000, organic…). */
    certifications: jsonb('certifications').$type<string[]>().notNull().default([]),
    ecommerceLinks: jsonb('ecommerce_links').$type<ProductLink[]>().notNull().default([]),
    /** File-store keys of its photos (re-encoded JPEG). */
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    code: text('code'),
    stars: integer('stars'),
    certificateId: uuid('certificate_id'),
    searchText: text('search_text').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('ocop_product_producer_idx').on(table.producerId),
    index('ocop_product_catalogue_idx').on(table.provinceCode, table.setCode, table.stars),
    index('ocop_product_search_trgm').using('gin', sql`${table.searchText} gin_trgm_ops`),
    // The catalogue's order (best stars first, then by name) over certified products only.
    index('ocop_product_catalogue_order_idx')
      .on(table.stars.desc(), table.name, table.code)
      .where(
        sql`${table.code} IS NOT NULL AND ${table.stars} IS NOT NULL AND ${table.certificateId} IS NOT NULL`,
      ),
    uniqueIndex('ocop_product_code_key')
      .on(table.code)
      .where(sql`${table.code} IS NOT NULL`),
    check(
      'ocop_product_stars_check',
      sql`${table.stars} IS NULL OR ${table.stars} BETWEEN 1 AND 5`,
    ),
  ],
);

/**
 * An evaluation round (đợt đánh giá) of a province's council (or the centre's), under one rule
 * version: open for applications until its cut-off, then scoring, then decided, closed.
 */
export const ocopRounds = pgTable(
  'ocop_round',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull(),
    level: text('level').notNull(),
    /** The province of a provincial round (null for the centre's). */
    provinceCode: text('province_code'),
    ruleVersion: text('rule_version').notNull(),
    name: text('name').notNull(),
    cutoffOn: date('cutoff_on', { mode: 'string' }).notNull(),
    /** The gap between members' totals above which the council re-scores (copied from the rules). */
    maxGap: numeric('max_gap', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    state: text('state').notNull().default('open'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('ocop_round_reference_key').on(table.reference),
    index('ocop_round_province_idx').on(table.provinceCode, table.state),
    check('ocop_round_level_check', sql`${table.level} IN ('province', 'central')`),
    check(
      'ocop_round_state_check',
      sql`${table.state} IN ('open', 'scoring', 'decided', 'closed')`,
    ),
  ],
);

/** A member of a round's council (hội đồng đánh giá, phân hạng). */
export const ocopCouncilMembers = pgTable(
  'ocop_council_member',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => ocopRounds.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** chair (chủ tịch), member (thành viên), secretary (thư ký, không chấm). */
    position: text('position').notNull().default('member'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.roundId, table.userId] }),
    index('ocop_council_member_user_idx').on(table.userId),
    check(
      'ocop_council_member_position_check',
      sql`${table.position} IN ('chair', 'member', 'secretary')`,
    ),
  ],
);

/**
 * A member's declared conflict of interest with one application of the round: that member never
 * opens, scores or sees the scores of that product, on any path.
 */
export const ocopConflicts = pgTable(
  'ocop_conflict',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => ocopRounds.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => ocopApplications.id),
    reason: text('reason').notNull(),
    declaredBy: uuid('declared_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.applicationId] }),
    index('ocop_conflict_round_idx').on(table.roundId),
  ],
);

/** Mẫu 01: the registration of a product for evaluation. */
export interface RegistrationForm {
  /** Năng lực sản xuất, thị trường, mô tả ngắn. */
  summary: string;
  annualRevenueMillion: number | null;
  workers: number | null;
  rawMaterialArea: string | null;
  samples: number | null;
}

/** The commune's pre-assessment (1489/2025): each of its criteria met or not, and why. */
export interface Preassessment {
  criteria: { code: string; met: boolean; note: string | null }[];
  conclusion: string;
  forward: boolean;
  byUserId: string;
  at: string;
}

/**
 * An application (hồ sơ đề nghị đánh giá, phân hạng) of a product: Mẫu 01 and the producer's
 * self-assessment (Mẫu 02, a sheet filled by the producer), the commune's pre-assessment, the
 * round it was forwarded to, the council's result and the stars decided.
 * States: draft → submitted → preassessed → forwarded → scoring → scored → decided; or returned
 * (to the producer, with a reason), rejected, withdrawn.
 */
export const ocopApplications = pgTable(
  'ocop_application',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => ocopProducts.id),
    provinceCode: text('province_code').notNull(),
    communeUnitId: integer('commune_unit_id')
      .notNull()
      .references(() => units.id),
    kind: text('kind').notNull(),
    ruleVersion: text('rule_version').notNull(),
    sheetId: uuid('sheet_id')
      .notNull()
      .references(() => ocopSheets.id),
    registration: jsonb('registration').$type<RegistrationForm>().notNull(),
    selfAssessment: jsonb('self_assessment').$type<SheetChoices>().notNull().default({}),
    selfScore: jsonb('self_score').$type<SheetScore>(),
    preassessment: jsonb('preassessment').$type<Preassessment>(),
    roundId: uuid('round_id').references(() => ocopRounds.id),
    /** The scoring attempt in progress: 1, then 2… after each discussion and re-score. */
    attempt: integer('attempt').notNull().default(1),
    result: jsonb('result').$type<CouncilResult>(),
    decidedStars: integer('decided_stars'),
    state: text('state').notNull().default('draft'),
    returnReason: text('return_reason'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('ocop_application_reference_key').on(table.reference),
    index('ocop_application_product_idx').on(table.productId),
    index('ocop_application_commune_idx').on(table.communeUnitId, table.state),
    index('ocop_application_round_idx').on(table.roundId, table.state),
    check('ocop_application_kind_check', sql`${table.kind} IN ('first', 'upgrade', 'rerank')`),
    check(
      'ocop_application_state_check',
      sql`${table.state} IN ('draft', 'submitted', 'preassessed', 'forwarded', 'scoring', 'scored', 'decided', 'returned', 'rejected', 'withdrawn')`,
    ),
  ],
);

/**
 * One council member's sheet for one application and attempt: drafts while scoring, then
 * submitted (frozen). Members see each other's sheets only once every non-conflicted member has
 * submitted the attempt.
 */
export const ocopScores = pgTable(
  'ocop_score',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => ocopApplications.id),
    roundId: uuid('round_id')
      .notNull()
      .references(() => ocopRounds.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    attempt: integer('attempt').notNull(),
    choices: jsonb('choices').$type<SheetChoices>().notNull(),
    total: numeric('total', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    comment: text('comment'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('ocop_score_key').on(table.applicationId, table.userId, table.attempt),
    index('ocop_score_round_user_idx').on(table.roundId, table.userId),
  ],
);

/** The record of a council's discussion before a re-score (the gap, what was said). */
export const ocopDiscussions = pgTable(
  'ocop_discussion',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => ocopApplications.id),
    attempt: integer('attempt').notNull(),
    gap: numeric('gap', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    minutes: text('minutes').notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('ocop_discussion_key').on(table.applicationId, table.attempt)],
);

/**
 * A certificate (giấy chứng nhận sản phẩm OCOP) from a decision (quyết định công nhận): stars,
 * validity (36 months), then valid → expired | revoked | superseded (by a re-evaluation).
 */
export const ocopCertificates = pgTable(
  'ocop_certificate',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    productId: uuid('product_id')
      .notNull()
      .references(() => ocopProducts.id),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => ocopApplications.id),
    provinceCode: text('province_code').notNull(),
    ruleVersion: text('rule_version').notNull(),
    level: text('level').notNull(),
    stars: integer('stars').notNull(),
    score: numeric('score', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    decisionNumber: text('decision_number').notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    signer: text('signer').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
    state: text('state').notNull().default('valid'),
    revocationReason: text('revocation_reason'),
    revocationNote: text('revocation_note'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** Expiry alerts already sent (months before expiry: 6, 3). */
    alertsSent: jsonb('alerts_sent').$type<number[]>().notNull().default([]),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('ocop_certificate_number_key').on(table.number),
    uniqueIndex('ocop_certificate_application_key').on(table.applicationId),
    index('ocop_certificate_product_idx').on(table.productId, table.state),
    index('ocop_certificate_expiry_idx').on(table.state, table.validTo),
    check('ocop_certificate_stars_check', sql`${table.stars} BETWEEN 1 AND 5`),
    check(
      'ocop_certificate_state_check',
      sql`${table.state} IN ('valid', 'expired', 'revoked', 'superseded')`,
    ),
    check('ocop_certificate_dates_check', sql`${table.validFrom} <= ${table.validTo}`),
  ],
);
