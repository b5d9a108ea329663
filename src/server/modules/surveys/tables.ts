import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  Answers,
  Questionnaire,
  SurveyGuidance,
  SurveyRule,
  Tally,
} from '../../../domain/surveys/types';
import { users } from '../accounts/tables';
import { units } from '../units/tables';

/**
 * A satisfaction survey campaign of one unit (a commune, or a district over its communes), for a
 * recognition dossier or standalone. It keeps the guidance, questionnaire and rules it was opened
 * with (a later version never changes a running campaign).
 */
export const surveyCampaigns = pgTable(
  'survey_campaign',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull(),
    provinceCode: text('province_code').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    level: text('level').notNull(),
    purpose: text('purpose').notNull(),
    /** The recognition dossier the result is reported to (recognition module's id). */
    dossierId: uuid('dossier_id'),
    title: text('title').notNull(),
    guidance: jsonb('guidance').$type<SurveyGuidance>().notNull(),
    questionnaire: jsonb('questionnaire').$type<Questionnaire>().notNull(),
    rules: jsonb('rules').$type<SurveyRule[]>().notNull(),
    opensOn: date('opens_on', { mode: 'string' }).notNull(),
    closesOn: date('closes_on', { mode: 'string' }).notNull(),
    workingDays: integer('working_days').notNull(),
    state: text('state').notNull().default('planned'),
    voidReason: text('void_reason'),
    rollFrozenAt: timestamp('roll_frozen_at', { withTimezone: true }),
    /** Keys the answer digests while answers are taken; wiped when the campaign closes. */
    answerKey: text('answer_key'),
    tally: jsonb('tally').$type<Tally>(),
    talliedAt: timestamp('tallied_at', { withTimezone: true }),
    postedOn: date('posted_on', { mode: 'string' }),
    postedUntil: date('posted_until', { mode: 'string' }),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('survey_campaign_reference_key').on(table.reference),
    index('survey_campaign_unit_idx').on(table.unitId, table.state),
    index('survey_campaign_province_idx').on(table.provinceCode, table.state),
    check('survey_campaign_level_check', sql`${table.level} IN ('commune', 'district')`),
    check('survey_campaign_purpose_check', sql`${table.purpose} IN ('recognition', 'standalone')`),
    check(
      'survey_campaign_state_check',
      sql`${table.state} IN ('planned', 'open', 'closed', 'tallied', 'posted', 'reported', 'void')`,
    ),
    check('survey_campaign_dates_check', sql`${table.opensOn} <= ${table.closesOn}`),
  ],
);

/**
 * A household on the campaign's roll (the denominator, frozen when the campaign opens): its
 * village, its number on the village's list and its head. Never joined to an answer.
 */
export const surveyHouseholds = pgTable(
  'survey_household',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id),
    provinceCode: text('province_code').notNull(),
    /** The commune the household lives in (the campaign's unit for a commune campaign). */
    communeUnitId: integer('commune_unit_id').notNull(),
    village: text('village').notNull(),
    householdCode: text('household_code').notNull(),
    headName: text('head_name').notNull(),
    address: text('address'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('survey_household_key').on(table.campaignId, table.householdCode),
    index('survey_household_village_idx').on(table.campaignId, table.communeUnitId, table.village),
  ],
);

/** A one-time household code (only its hash); reissuing revokes the earlier one. */
export const surveyCodes = pgTable(
  'survey_code',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id),
    provinceCode: text('province_code').notNull(),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => surveyHouseholds.id),
    codeHash: text('code_hash').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('survey_code_hash_key').on(table.codeHash),
    index('survey_code_household_idx').on(table.householdId),
  ],
);

/**
 * That a household answered (one per campaign and household, whatever the channel), with the
 * retry key and receipt. The answer itself is in `survey_response`, with nothing linking the two;
 * the digest (keyed by the campaign's answer key, wiped at closing) only tells a retry of the same
 * answer from a different one while the campaign is open.
 */
export const surveyParticipations = pgTable(
  'survey_participation',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id),
    provinceCode: text('province_code').notNull(),
    householdId: bigint('household_id', { mode: 'number' })
      .notNull()
      .references(() => surveyHouseholds.id),
    channel: text('channel').notNull(),
    clientId: text('client_id').notNull(),
    answerDigest: text('answer_digest'),
    receipt: text('receipt').notNull(),
    enteredBy: uuid('entered_by').references(() => users.id),
    answeredOn: date('answered_on', { mode: 'string' }).notNull(),
  },
  (table) => [
    uniqueIndex('survey_participation_household_key').on(table.campaignId, table.householdId),
    uniqueIndex('survey_participation_client_key').on(table.campaignId, table.clientId),
    check('survey_participation_channel_check', sql`${table.channel} IN ('code', 'paper', 'door')`),
  ],
);

/** One household's answers, anonymous: the campaign and commune only (random id, no time). */
export const surveyResponses = pgTable(
  'survey_response',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id),
    provinceCode: text('province_code').notNull(),
    communeUnitId: integer('commune_unit_id').notNull(),
    answers: jsonb('answers').$type<Answers>().notNull(),
  },
  (table) => [index('survey_response_campaign_idx').on(table.campaignId, table.communeUnitId)],
);
