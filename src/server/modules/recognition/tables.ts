import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { DossierFlag, ProcedureTemplate } from '../../../domain/recognition/types';
import { users } from '../accounts/tables';
import { criteriaSets } from '../criteria/tables';
import { units } from '../units/tables';

/**
 * A procedure template as a version (`data/recognition/*.yaml` shipped, or a new version an
 * administrator saves). Immutable once stored: a change is a new version.
 */
export const procedureTemplates = pgTable(
  'procedure_template',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    purpose: text('purpose').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    definition: jsonb('definition').$type<ProcedureTemplate>().notNull(),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdByName: text('created_by_name').notNull(),
  },
  (table) => [
    uniqueIndex('procedure_template_key').on(table.code, table.version),
    check(
      'procedure_template_purpose_check',
      sql`${table.purpose} IN ('recognition', 'revocation')`,
    ),
    check('procedure_template_source_check', sql`${table.source} IN ('file', 'admin')`),
  ],
);

/**
 * A province's own duration for a step of a template (working days or days): the template's
 * figure is the default, often unverified.
 */
export const procedureStepSettings = pgTable(
  'procedure_step_setting',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    provinceCode: text('province_code').notNull(),
    templateCode: text('template_code').notNull(),
    stepCode: text('step_code').notNull(),
    amount: smallint('amount').notNull(),
    unit: text('unit').notNull(),
    note: text('note'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedByName: text('updated_by_name').notNull(),
  },
  (table) => [
    uniqueIndex('procedure_step_setting_key').on(
      table.provinceCode,
      table.templateCode,
      table.stepCode,
    ),
    check('procedure_step_setting_unit_check', sql`${table.unit} IN ('working_days', 'days')`),
    check('procedure_step_setting_amount_check', sql`${table.amount} BETWEEN 1 AND 365`),
  ],
);

/**
 * A dossier (hồ sơ): one unit's request to be recognised (or the case to revoke a recognition).
 * The truth is its action log (`dossier_action`); the columns from `status` on are that log's
 * state, rewritten in the transaction of every action, for queues and lists.
 */
export const dossiers = pgTable(
  'dossier',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human reference: HS-<year>-<province>-<number>, unique. */
    reference: text('reference').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    provinceCode: text('province_code').notNull(),
    purpose: text('purpose').notNull(),
    kind: text('kind').notNull(),
    setId: integer('set_id')
      .notNull()
      .references(() => criteriaSets.id),
    year: smallint('year').notNull(),
    /** For a revocation: the recognition it would end. */
    recognitionId: integer('recognition_id'),
    templateCode: text('template_code').notNull(),
    templateVersion: integer('template_version').notNull(),
    status: text('status').notNull(),
    step: text('step').notNull(),
    stepEnteredAt: timestamp('step_entered_at', { withTimezone: true }).notNull(),
    dueOn: date('due_on', { mode: 'string' }),
    flags: jsonb('flags')
      .$type<DossierFlag[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** The public posting is on (the dossier's public page shows it and takes comments). */
    postedFrom: timestamp('posted_from', { withTimezone: true }),
    postedUntil: date('posted_until', { mode: 'string' }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    openedBy: uuid('opened_by').references(() => users.id),
    openedByName: text('opened_by_name').notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** Optimistic concurrency: every action names the version it read. */
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('dossier_reference_key').on(table.reference),
    index('dossier_unit_idx').on(table.unitId, table.year),
    // One dossier at a time per unit, purpose and kind.
    uniqueIndex('dossier_open_key')
      .on(table.unitId, table.purpose, table.kind)
      .where(sql`${table.status} = 'in_progress'`),
    index('dossier_province_status_idx').on(table.provinceCode, table.status, table.step),
    check('dossier_purpose_check', sql`${table.purpose} IN ('recognition', 'revocation')`),
    check(
      'dossier_status_check',
      sql`${table.status} IN ('in_progress', 'refused', 'decided', 'published', 'withdrawn')`,
    ),
  ],
);

/** The append-only log of a dossier: who did what at which step, when, why, on what basis. */
export const dossierActions = pgTable(
  'dossier_action',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    step: text('step').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role').notNull(),
    reason: text('reason'),
    legalBasis: text('legal_basis'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  },
  (table) => [uniqueIndex('dossier_action_key').on(table.dossierId, table.seq)],
);

/**
 * The self-assessment as it stood when frozen (opening, and each time the commune sends the
 * dossier on): the evaluation, every value with its version and evidence. Later edits of the
 * unit's data never change it.
 */
export const dossierSnapshots = pgTable(
  'dossier_snapshot',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    /** The action that took it. */
    actionSeq: integer('action_seq').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** Every criterion met in the frozen evaluation: true, false (some not met), null (incomplete). */
    allCriteriaMet: boolean('all_criteria_met'),
  },
  (table) => [uniqueIndex('dossier_snapshot_key').on(table.dossierId, table.actionSeq)],
);

/** A file attached to a dossier (tờ trình, báo cáo, biên bản…), kept in the file store. */
export const dossierDocuments = pgTable(
  'dossier_document',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    step: text('step').notNull(),
    documentCode: text('document_code').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    mediaType: text('media_type').notNull(),
    originalName: text('original_name').notNull(),
    /** Shown on the public page during posting and after the decision (not internal notes). */
    public: boolean('public').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdByName: text('created_by_name').notNull(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (table) => [index('dossier_document_dossier_idx').on(table.dossierId)],
);

/** A citizen's comment on a posted dossier: moderated before it is shown, answered by the office. */
export const dossierComments = pgTable(
  'dossier_comment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    authorName: text('author_name'),
    /** Never shown publicly; only the office sees it, to answer. */
    contact: text('contact'),
    body: text('body').notNull(),
    status: text('status').notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** SHA-256 of the address (rate limits and duplicate detection; the address is not kept). */
    sourceHash: text('source_hash').notNull(),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }),
    moderatedByName: text('moderated_by_name'),
    answer: text('answer'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredByName: text('answered_by_name'),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    index('dossier_comment_dossier_idx').on(table.dossierId, table.createdAt),
    check(
      'dossier_comment_status_check',
      sql`${table.status} IN ('pending', 'published', 'rejected')`,
    ),
  ],
);

/**
 * A decision (quyết định) recording a recognition or a revocation: its number is unique per
 * issuer and year. The PDF is in the file store; a decision is never edited (a revocation is a
 * new decision naming the one it revokes).
 */
export const recognitionDecisions = pgTable(
  'recognition_decision',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    dossierId: uuid('dossier_id')
      .notNull()
      .references(() => dossiers.id),
    purpose: text('purpose').notNull(),
    /** Who issues: `UBND-<province code>`, `TTg`…; with the year, the number's namespace. */
    issuerKey: text('issuer_key').notNull(),
    issuerName: text('issuer_name').notNull(),
    issuedYear: smallint('issued_year').notNull(),
    number: text('number').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    effectiveOn: date('effective_on', { mode: 'string' }).notNull(),
    signer: text('signer').notNull(),
    signerTitle: text('signer_title').notNull(),
    pdfSha256: text('pdf_sha256').notNull(),
    pdfSizeBytes: integer('pdf_size_bytes').notNull(),
    revokesDecisionId: integer('revokes_decision_id'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdByName: text('created_by_name').notNull(),
  },
  (table) => [
    uniqueIndex('recognition_decision_number_key').on(
      table.issuerKey,
      table.issuedYear,
      table.number,
    ),
    uniqueIndex('recognition_decision_dossier_key').on(table.dossierId),
    check(
      'recognition_decision_purpose_check',
      sql`${table.purpose} IN ('recognition', 'revocation')`,
    ),
  ],
);

/**
 * The recognition register: a unit recognised (kind, criteria-set version, year) by a published
 * decision, and, if it came to that, the revocation decision that ended it.
 */
export const recognitions = pgTable(
  'recognition',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    provinceCode: text('province_code').notNull(),
    kind: text('kind').notNull(),
    setId: integer('set_id')
      .notNull()
      .references(() => criteriaSets.id),
    year: smallint('year').notNull(),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => recognitionDecisions.id),
    recognisedOn: date('recognised_on', { mode: 'string' }).notNull(),
    revokedByDecisionId: integer('revoked_by_decision_id').references(
      () => recognitionDecisions.id,
    ),
    revokedOn: date('revoked_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('recognition_decision_key').on(table.decisionId),
    index('recognition_unit_idx').on(table.unitId, table.kind),
    index('recognition_province_idx').on(table.provinceCode, table.year),
  ],
);

/**
 * A revocation watch: stored data make a recognised unit fall under the revocation rule of the set
 * it was recognised on. Raised to the province with the evidence; closed when a revocation dossier
 * opens (or the data recover).
 */
export const revocationAlerts = pgTable(
  'revocation_alert',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    recognitionId: integer('recognition_id')
      .notNull()
      .references(() => recognitions.id),
    provinceCode: text('province_code').notNull(),
    year: smallint('year').notNull(),
    status: text('status').notNull().default('open'),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    dossierId: uuid('dossier_id').references(() => dossiers.id),
  },
  (table) => [
    index('revocation_alert_province_idx').on(table.provinceCode, table.status),
    uniqueIndex('revocation_alert_open_key')
      .on(table.recognitionId, table.year)
      .where(sql`${table.status} = 'open'`),
    check(
      'revocation_alert_status_check',
      sql`${table.status} IN ('open', 'dossier_opened', 'recovered')`,
    ),
  ],
);
