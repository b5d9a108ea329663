import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { addDays } from '../../../domain/recognition/calendar';
import { campaignActionsFrom, campaignStateAfter } from '../../../domain/surveys/campaign';
import type { CampaignState } from '../../../domain/surveys/types';
import type { RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError } from '../../errors';
import type { FileStore } from '../../files/store';
import type { Language } from '../../i18n';
import { recordAudit } from '../audit/service';
import { recordSurveySatisfaction } from '../recognition/service';
import { unitScopeSql } from '../units/access';
import { findUnitById } from '../units/lookup';
import type { campaignActionBody, campaignListQuery } from './api';
import {
  assertCampaignVersion,
  loadCampaignRow,
  newAnswerKey,
  surveyToday,
  type CampaignRow,
} from './campaigns';
import {
  answerEntryRoles,
  campaignManagerRoles,
  canManageCampaign,
  canReadCampaign,
  holdsOver,
} from './policy';
import { channelCounts, liveTally } from './results';
import { surveyCampaigns, surveyParticipations } from './tables';
import type { z } from 'zod';

/**
 * Campaigns: reading (detail, list in scope) and their actions — open (the roll frozen), close
 * (the answer key and digests wiped: from then on nothing can tell which answer was whose), tally,
 * post (the result sheet in each village for the guidance's posting days), report (the result
 * into the recognition dossier, where a failed rule stops the dossier), void (with a reason).
 */

async function unitRef(executor: Executor, unitId: number, provinceCode: string) {
  const unit = await findUnitById(executor, unitId);
  return {
    id: unitId,
    code: unit?.code ?? '',
    name: unit?.name ?? '',
    kind: unit?.kind ?? '',
    provinceCode,
  };
}

const iso = (value: Date | string | null): string | null =>
  value === null
    ? null
    : value instanceof Date
      ? value.toISOString()
      : new Date(value).toISOString();

async function villagesOf(executor: Executor, campaignId: string) {
  return queryRows<{
    communeUnitId: number;
    village: string;
    households: number;
    answered: number;
    activeCodes: number;
  }>(
    executor,
    sql`SELECT h.commune_unit_id AS "communeUnitId", h.village, count(*)::int AS households,
          count(p.id)::int AS answered,
          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM survey_code c
            WHERE c.household_id = h.id AND c.revoked_at IS NULL))::int AS "activeCodes"
        FROM survey_household h
        LEFT JOIN survey_participation p ON p.campaign_id = h.campaign_id AND p.household_id = h.id
        WHERE h.campaign_id = ${campaignId}
        GROUP BY h.commune_unit_id, h.village
        ORDER BY h.commune_unit_id, h.village`,
  );
}

function summaryOf(
  row: CampaignRow,
  unit: Awaited<ReturnType<typeof unitRef>>,
  counts: { households: number; answered: number },
) {
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    unit,
    level: row.level as 'commune' | 'district',
    purpose: row.purpose as 'recognition' | 'standalone',
    dossierId: row.dossierId,
    state: row.state as CampaignState,
    opensOn: row.opensOn,
    closesOn: row.closesOn,
    households: counts.households,
    answered: counts.answered,
    passed: row.tally ? row.tally.passed : null,
    version: row.version,
    updatedAt: iso(row.updatedAt)!,
  };
}

/** `GET /campaigns/{id}`: the campaign, its villages and what the reader may do with it. */
export async function campaignDetail(
  executor: Executor,
  context: RequestContext,
  id: string,
  publicBase: string,
) {
  const row = await loadCampaignRow(executor, id);
  const actor = await canReadCampaign(executor, context, row.unitId);
  const villages = await villagesOf(executor, row.id);
  const counts = {
    households: villages.reduce((sum, v) => sum + v.households, 0),
    answered: villages.reduce((sum, v) => sum + v.answered, 0),
  };
  const canManage = await holdsOver(executor, actor, row.unitId, campaignManagerRoles);
  const canEnter =
    row.state === 'open' && (await holdsOver(executor, actor, row.unitId, answerEntryRoles));
  return {
    ...summaryOf(row, await unitRef(executor, row.unitId, row.provinceCode), counts),
    guidance: row.guidance,
    questionnaire: row.questionnaire,
    rules: row.rules,
    workingDays: row.workingDays,
    voidReason: row.voidReason,
    rollFrozenAt: iso(row.rollFrozenAt),
    postedOn: row.postedOn,
    postedUntil: row.postedUntil,
    reportedAt: iso(row.reportedAt),
    villages,
    actions: canManage
      ? campaignActionsFrom(row.state as CampaignState).filter(
          (action) => action !== 'report' || row.dossierId !== null,
        )
      : [],
    canManage,
    canEnterAnswers: canEnter,
    publicUrl: `${publicBase}/khao-sat`,
  };
}

type ListQuery = z.infer<typeof campaignListQuery>;

/** `GET /campaigns`: the campaigns of the units the reader covers, newest first. */
export async function listCampaigns(executor: Executor, context: RequestContext, query: ListQuery) {
  const actor = requireActor(context);
  const conditions = [unitScopeSql(actor, sql`c.unit_id`, 'read')];
  if (query.unit) conditions.push(sql`c.unit_id = ${query.unit}`);
  if (query.province) conditions.push(sql`c.province_code = ${query.province}`);
  if (query.state) conditions.push(sql`c.state = ${query.state}`);
  const where = sql.join(conditions, sql` AND `);
  const [count] = await queryRows<{ total: number }>(
    executor,
    sql`SELECT count(*)::int AS total FROM survey_campaign c WHERE ${where}`,
  );
  // One query for the page: the rows with their counts (the alias `c` is the one `where` names).
  const c = alias(surveyCampaigns, 'c');
  const rows = await executor
    .select({
      row: c,
      households: sql<number>`(SELECT count(*)::int FROM survey_household h WHERE h.campaign_id = c.id)`,
      answered: sql<number>`(SELECT count(*)::int FROM survey_participation p WHERE p.campaign_id = c.id)`,
    })
    .from(c)
    .where(where)
    .orderBy(sql`c.created_at DESC, c.reference`)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const items = [];
  for (const { row, households, answered } of rows) {
    items.push(
      summaryOf(row, await unitRef(executor, row.unitId, row.provinceCode), {
        households: Number(households),
        answered: Number(answered),
      }),
    );
  }
  return { items, total: count?.total ?? 0, page: query.page, pageSize: query.pageSize };
}

/** `GET /campaigns/{id}/tally`: the stored tally once tallied, else the live one. */
export async function campaignTally(executor: Executor, context: RequestContext, id: string) {
  const row = await loadCampaignRow(executor, id);
  await canReadCampaign(executor, context, row.unitId);
  const stored = row.tally && ['tallied', 'posted', 'reported'].includes(row.state);
  return {
    live: !stored,
    computedAt: stored ? iso(row.talliedAt)! : new Date().toISOString(),
    tally: stored ? row.tally! : await liveTally(executor, row),
    channels: await channelCounts(executor, row.id),
  };
}

type ActionBody = z.infer<typeof campaignActionBody>;

/** `POST /campaigns/{id}/actions`: one action, version-checked, audited. */
export async function actOnCampaign(
  tx: Tx,
  context: RequestContext,
  store: FileStore,
  id: string,
  body: ActionBody,
  language: Language,
): Promise<void> {
  const row = await loadCampaignRow(tx, id, { lock: true });
  await canManageCampaign(tx, context, row.unitId);
  assertCampaignVersion(row, body.version);
  const state = row.state as CampaignState;
  const next = campaignStateAfter(state, body.type);
  if (!next) {
    throw new AppError('surveys.action_not_allowed', 422, {
      action: `@surveys.action.${body.type}`,
      state: `@surveys.state.${state}`,
    });
  }
  const today = surveyToday();
  const changes: Partial<typeof surveyCampaigns.$inferInsert> = { state: next };
  const details: Record<string, unknown> = {};
  switch (body.type) {
    case 'open': {
      const [count] = await queryRows<{ households: number }>(
        tx,
        sql`SELECT count(*)::int AS households FROM survey_household WHERE campaign_id = ${row.id}`,
      );
      if (!count || count.households === 0) {
        throw new AppError('surveys.roll_empty', 422, { reference: row.reference });
      }
      if (today > row.closesOn) {
        throw new AppError('surveys.dates_passed', 422, { date: row.closesOn });
      }
      changes.rollFrozenAt = new Date();
      changes.answerKey = newAnswerKey();
      details.households = count.households;
      break;
    }
    case 'close':
      // From here nothing can tell which answer a household gave: the key and digests go.
      changes.answerKey = null;
      await tx
        .update(surveyParticipations)
        .set({ answerDigest: null })
        .where(eq(surveyParticipations.campaignId, row.id));
      break;
    case 'tally': {
      const tally = await liveTally(tx, row);
      changes.tally = tally;
      changes.talliedAt = new Date();
      details.passed = tally.passed;
      details.coverage = tally.coverage;
      details.overall = tally.overall.share;
      break;
    }
    case 'post':
      changes.postedOn = today;
      changes.postedUntil = addDays(today, row.guidance.posting.days - 1);
      break;
    case 'report': {
      if (!row.dossierId || !row.tally) {
        throw new AppError('surveys.no_dossier', 422, { reference: row.reference });
      }
      if (!body.dossierVersion) throw new AppError('surveys.dossier_version_required', 422, {});
      await recordSurveySatisfaction(
        tx,
        context,
        store,
        row.dossierId,
        {
          dossierVersion: body.dossierVersion,
          campaignId: row.id,
          coverage: Math.floor((row.tally.coverage ?? 0) * 10) / 10,
          satisfied: Math.floor((row.tally.overall.share ?? 0) * 10) / 10,
          passed: row.tally.passed,
        },
        language,
      );
      changes.reportedAt = new Date();
      details.dossierId = row.dossierId;
      details.passed = row.tally.passed;
      break;
    }
    case 'void':
      if (!body.reason) throw new AppError('surveys.reason_required', 422, {});
      changes.voidReason = body.reason;
      changes.answerKey = null;
      break;
  }
  await tx
    .update(surveyCampaigns)
    .set({ ...changes, version: row.version + 1, updatedAt: new Date() })
    .where(and(eq(surveyCampaigns.id, row.id), eq(surveyCampaigns.version, row.version)));
  await recordAudit(tx, context, {
    action: `survey.campaign.${body.type}`,
    entityType: 'survey_campaign',
    entityId: row.id,
    provinceCode: row.provinceCode,
    before: { state, version: row.version },
    after: { state: next },
    details: { ...details, reason: body.reason ?? null },
  });
}
