import { and, eq, sql } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { addWorkingDays } from '../../../domain/recognition/calendar';
import { guidanceFor, looseningsOf } from '../../../domain/surveys/schema';
import type { SurveyLevel, SurveyRule } from '../../../domain/surveys/types';
import type { RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import type { Executor, Tx } from '../../db/client';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/service';
import { recognitionNow } from '../recognition/clock';
import { dossierForSurvey } from '../recognition/service';
import { workingCalendar } from '../recognition/templates';
import { provinceCodeOfUnit } from '../units/access';
import { findUnit, findUnitById } from '../units/lookup';
import { todayInVietnam } from '../units/model';
import type { createCampaignBody, updateCampaignBody } from './api';
import { questionnaireByCode, shippedSurveys } from './guidance';
import { canManageCampaign } from './policy';
import { surveyCampaigns } from './tables';
import type { z } from 'zod';

/**
 * Creating and editing campaigns: the unit's level decides the questionnaire; the guidance in
 * force for the unit's province on the opening date gives the rules (a province may tighten them,
 * never loosen: 422 naming the rule), the duration and the posting period. The campaign keeps a
 * copy of all three.
 */

export type CampaignRow = typeof surveyCampaigns.$inferSelect;

/** Today in Vietnam, on the platform's clock (the recognition clock: tests move it). */
export function surveyToday(): string {
  return todayInVietnam(recognitionNow());
}

export async function loadCampaignRow(
  executor: Executor,
  id: string,
  options: { lock?: boolean | 'share' } = {},
): Promise<CampaignRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('surveys.campaign_not_found', 404, { id });
  const query = executor.select().from(surveyCampaigns).where(eq(surveyCampaigns.id, id));
  const [row] =
    options.lock === 'share'
      ? await query.for('share')
      : options.lock
        ? await query.for('update')
        : await query;
  if (!row) throw new AppError('surveys.campaign_not_found', 404, { id });
  return row;
}

/** 409 with the current campaign when the version read is not the stored one. */
export function assertCampaignVersion(row: CampaignRow, version: number): void {
  if (row.version !== version) {
    throw new AppError('surveys.version_conflict', 409, { reference: row.reference });
  }
}

function levelOfUnit(level: string): SurveyLevel | null {
  return level === 'commune' || level === 'district' ? level : null;
}

function checkRules(rules: SurveyRule[], guidanceRules: SurveyRule[]): void {
  const loosened = looseningsOf(rules, guidanceRules);
  if (loosened.length > 0) {
    const first = loosened[0]!;
    throw new AppError('surveys.rule_loosened', 422, {
      rule: first.code,
      min: first.min,
      guidanceMin: first.guidanceMin ?? 0,
    });
  }
}

async function nextReference(tx: Tx, unitCode: string, year: number): Promise<string> {
  const prefix = `KS-${unitCode}-${year}-`;
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(surveyCampaigns)
    .where(sql`${surveyCampaigns.reference} LIKE ${`${prefix}%`}`);
  return `${prefix}${String((row?.count ?? 0) + 1).padStart(2, '0')}`;
}

type CreateBody = z.infer<typeof createCampaignBody>;
type UpdateBody = z.infer<typeof updateCampaignBody>;

export async function createCampaign(
  tx: Tx,
  context: RequestContext,
  body: CreateBody,
): Promise<string> {
  const actor = requireActor(context);
  const unit = body.unitId
    ? await findUnitById(tx, body.unitId)
    : body.unit
      ? await findUnit(tx, body.unit, body.opensOn)
      : null;
  if (!unit)
    throw new AppError('surveys.unit_not_found', 404, { id: body.unitId ?? body.unit ?? '' });
  await canManageCampaign(tx, context, unit.id);
  const level = levelOfUnit(unit.level);
  if (!level) throw new AppError('surveys.unit_level', 422, { unit: unit.name });
  if (unit.validTo !== null && unit.validTo < body.opensOn) {
    throw new AppError('surveys.unit_ceased', 422, { unit: unit.name, until: unit.validTo });
  }
  const provinceCode = (await provinceCodeOfUnit(tx, unit.id)) ?? unit.code;
  const guidance = guidanceFor(shippedSurveys().guidances, provinceCode, body.opensOn);
  const levelGuidance = guidance?.levels[level];
  if (!guidance || !levelGuidance) {
    throw new AppError('surveys.no_guidance', 422, { date: body.opensOn });
  }
  const questionnaire = questionnaireByCode(levelGuidance.questionnaire)!;
  const rules = body.rules ?? levelGuidance.rules;
  checkRules(rules, levelGuidance.rules);
  const workingDays = body.workingDays ?? guidance.duration.maxWorkingDays;
  if (body.opensOn < surveyToday()) {
    throw new AppError('surveys.opens_in_past', 422, { date: body.opensOn });
  }

  let dossierId: string | null = null;
  if (body.purpose === 'recognition') {
    if (!body.dossierId) throw new AppError('surveys.dossier_required', 422, {});
    const dossier = await dossierForSurvey(tx, body.dossierId);
    if (dossier.unitId !== unit.id || dossier.purpose !== 'recognition') {
      throw new AppError('surveys.dossier_other_unit', 422, { unit: unit.name });
    }
    if (dossier.status !== 'in_progress') {
      throw new AppError('surveys.dossier_closed', 422, {});
    }
    const [running] = await tx
      .select({ reference: surveyCampaigns.reference })
      .from(surveyCampaigns)
      .where(
        and(
          eq(surveyCampaigns.dossierId, dossier.id),
          sql`${surveyCampaigns.state} NOT IN ('void', 'reported')`,
        ),
      );
    if (running) {
      throw new AppError('surveys.dossier_has_campaign', 409, { reference: running.reference });
    }
    dossierId = dossier.id;
  } else if (body.dossierId) {
    throw new AppError('surveys.dossier_standalone', 422, {});
  }

  const year = Number(body.opensOn.slice(0, 4));
  const reference = await nextReference(tx, unit.code, year);
  const closesOn = addWorkingDays(body.opensOn, workingDays - 1, workingCalendar());
  const [row] = await tx
    .insert(surveyCampaigns)
    .values({
      reference,
      provinceCode,
      unitId: unit.id,
      level,
      purpose: body.purpose,
      dossierId,
      title:
        body.title ??
        `Lấy ý kiến sự hài lòng của người dân về kết quả xây dựng nông thôn mới — ${unit.name}, năm ${year}`,
      guidance,
      questionnaire,
      rules,
      opensOn: body.opensOn,
      closesOn,
      workingDays,
      createdBy: actor.userId,
    })
    .returning();
  await recordAudit(tx, context, {
    action: 'survey.campaign.create',
    entityType: 'survey_campaign',
    entityId: row!.id,
    provinceCode,
    after: { reference, unit: unit.code, purpose: body.purpose, dossierId, rules, closesOn },
  });
  return row!.id;
}

export async function updateCampaign(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: UpdateBody,
): Promise<void> {
  const row = await loadCampaignRow(tx, id, { lock: true });
  await canManageCampaign(tx, context, row.unitId);
  assertCampaignVersion(row, body.version);
  if (row.state !== 'planned') {
    throw new AppError('surveys.not_planned', 422, { reference: row.reference });
  }
  const levelRules = row.guidance.levels[row.level as SurveyLevel]?.rules ?? [];
  if (body.rules) checkRules(body.rules, levelRules);
  const opensOn = body.opensOn ?? row.opensOn;
  if (body.opensOn && body.opensOn < surveyToday()) {
    throw new AppError('surveys.opens_in_past', 422, { date: body.opensOn });
  }
  const workingDays = body.workingDays ?? row.workingDays;
  const changes = {
    title: body.title ?? row.title,
    rules: body.rules ?? row.rules,
    opensOn,
    workingDays,
    closesOn: addWorkingDays(opensOn, workingDays - 1, workingCalendar()),
  };
  await tx
    .update(surveyCampaigns)
    .set({ ...changes, version: row.version + 1, updatedAt: new Date() })
    .where(eq(surveyCampaigns.id, row.id));
  await recordAudit(tx, context, {
    action: 'survey.campaign.update',
    entityType: 'survey_campaign',
    entityId: row.id,
    provinceCode: row.provinceCode,
    before: {
      title: row.title,
      rules: row.rules,
      opensOn: row.opensOn,
      workingDays: row.workingDays,
    },
    after: changes,
  });
}

/** A fresh key for the answer digests of an opening campaign. */
export function newAnswerKey(): string {
  return randomBytes(32).toString('base64url');
}
