import { and, eq, or, sql } from 'drizzle-orm';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { answerProblems, canonicalAnswers, completeAnswers } from '../../../domain/surveys/answers';
import { acceptsAnswers } from '../../../domain/surveys/campaign';
import { CODE_ALPHABET, normaliseHouseholdCode } from '../../../domain/surveys/codes';
import type { Answers, AnswerChannel, CampaignState } from '../../../domain/surveys/types';
import type { RequestContext } from '../../auth/actor';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/service';
import { findUnitById } from '../units/lookup';
import { displayDate } from '../units/model';
import { loadCampaignRow, surveyToday, type CampaignRow } from './campaigns';
import { canEnterAnswers } from './policy';
import { surveyCodes, surveyHouseholds, surveyParticipations, surveyResponses } from './tables';

/**
 * A household's answer, by any channel, under one rule: one answer per campaign and household.
 * The household's row is locked while it answers (two channels at once: one wins, the other is
 * told it has answered). A retry of the same answer (same client id, or the same answers by the
 * same channel) gets the first receipt back and counts nothing; another answer is a 409. The
 * answers go to `survey_response` with the campaign and commune only.
 */

export function codeHash(code: string): string {
  return createHash('sha256').update(`ntm-survey-code:${code}`).digest('hex');
}

function digestOf(key: string, canonical: string): string {
  return createHmac('sha256', key).update(canonical).digest('base64url');
}

function newReceipt(): string {
  const bytes = randomBytes(8);
  let symbols = '';
  for (const byte of bytes) symbols += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  return `XN-${symbols.slice(0, 4)}-${symbols.slice(4)}`;
}

export interface Receipt {
  receipt: string;
  answeredOn: string;
  campaign: { reference: string; title: string; unitName: string };
  replayed: boolean;
}

function assertAccepting(campaign: CampaignRow): void {
  const accepts = acceptsAnswers(
    {
      state: campaign.state as CampaignState,
      opensOn: campaign.opensOn,
      closesOn: campaign.closesOn,
    },
    surveyToday(),
  );
  if (accepts === 'not_open') {
    throw new AppError('surveys.campaign_not_open', 409, { date: displayDate(campaign.opensOn) });
  }
  if (accepts === 'closed') {
    throw new AppError('surveys.campaign_closed', 409, { date: displayDate(campaign.closesOn) });
  }
}

async function receiptOf(
  executor: Executor,
  campaign: CampaignRow,
  receipt: string,
  answeredOn: string,
  replayed: boolean,
): Promise<Receipt> {
  const unit = await findUnitById(executor, campaign.unitId);
  return {
    receipt,
    answeredOn,
    campaign: { reference: campaign.reference, title: campaign.title, unitName: unit?.name ?? '' },
    replayed,
  };
}

const channelWords: Record<AnswerChannel, string> = {
  code: '@surveys.channel.code',
  paper: '@surveys.channel.paper',
  door: '@surveys.channel.door',
};

/**
 * Records one household's answer (the household already resolved and in the campaign). The
 * caller has read the campaign under a share lock: answers run side by side, closing (an update
 * lock) waits for them to finish.
 */
async function recordAnswer(
  tx: Tx,
  context: RequestContext,
  campaign: CampaignRow,
  householdId: number,
  input: { channel: AnswerChannel; clientId: string; answers: Answers; enteredBy: string | null },
): Promise<Receipt> {
  assertAccepting(campaign);
  const problems = answerProblems(campaign.questionnaire, input.answers);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new AppError('surveys.answers_invalid', 422, {
      reason: `@surveys.answer_problem.${first.key}`,
      question: 'question' in first ? first.question : '',
    });
  }
  // One household at a time: the row lock serialises its channels (and retries).
  const [household] = await queryRows<{ id: number; communeUnitId: number }>(
    tx,
    sql`SELECT id::int AS id, commune_unit_id AS "communeUnitId" FROM survey_household
        WHERE id = ${householdId} AND campaign_id = ${campaign.id} FOR UPDATE`,
  );
  if (!household) throw new AppError('surveys.household_not_found', 404, { id: householdId });
  if (!campaign.answerKey) throw new AppError('surveys.campaign_closed', 409, { date: '' });
  const digest = digestOf(
    campaign.answerKey,
    canonicalAnswers(campaign.questionnaire, input.answers),
  );

  // The household's earlier answer and any use of this client id, in one read.
  const seen = await tx
    .select()
    .from(surveyParticipations)
    .where(
      and(
        eq(surveyParticipations.campaignId, campaign.id),
        or(
          eq(surveyParticipations.householdId, household.id),
          eq(surveyParticipations.clientId, input.clientId),
        ),
      ),
    );
  const earlier = seen.find((row) => row.householdId === household.id);
  if (earlier) {
    const sameAnswer = earlier.answerDigest === digest;
    const sameSender = earlier.clientId === input.clientId || earlier.channel === input.channel;
    if (sameAnswer && sameSender) {
      return receiptOf(tx, campaign, earlier.receipt, earlier.answeredOn, true);
    }
    throw new AppError('surveys.already_answered', 409, {
      date: displayDate(earlier.answeredOn),
      channel: channelWords[earlier.channel as AnswerChannel],
    });
  }
  const clash = seen.find((row) => row.clientId === input.clientId);
  if (clash) throw new AppError('surveys.client_id_reused', 409, {});

  const receipt = newReceipt();
  const answeredOn = surveyToday();
  await tx.insert(surveyParticipations).values({
    campaignId: campaign.id,
    provinceCode: campaign.provinceCode,
    householdId: household.id,
    channel: input.channel,
    clientId: input.clientId,
    answerDigest: digest,
    receipt,
    enteredBy: input.enteredBy,
    answeredOn,
  });
  await tx.insert(surveyResponses).values({
    campaignId: campaign.id,
    provinceCode: campaign.provinceCode,
    communeUnitId: household.communeUnitId,
    answers: completeAnswers(campaign.questionnaire, input.answers),
  });
  // The log says who answered through which channel — never what.
  await recordAudit(tx, context, {
    action: 'survey.answer',
    entityType: 'survey_campaign',
    entityId: campaign.id,
    provinceCode: campaign.provinceCode,
    details: { household: household.id, channel: input.channel },
  });
  return receiptOf(tx, campaign, receipt, answeredOn, false);
}

/** `POST /campaigns/{id}/answers`: an officer enters a paper form or answers door to door. */
export async function submitOfficerAnswer(
  tx: Tx,
  context: RequestContext,
  campaignId: string,
  body: { householdId: number; channel: 'paper' | 'door'; clientId: string; answers: Answers },
): Promise<Receipt> {
  const campaign = await loadCampaignRow(tx, campaignId, { lock: 'share' });
  const actor = await canEnterAnswers(tx, context, campaign.unitId);
  return recordAnswer(tx, context, campaign, body.householdId, {
    channel: body.channel,
    clientId: body.clientId,
    answers: body.answers,
    enteredBy: actor.userId,
  });
}

/** A code as typed or scanned, to its household and campaign; the refusal says which problem. */
async function resolveCode(
  executor: Executor,
  input: string,
  options: { lock?: 'share' } = {},
): Promise<{ campaign: CampaignRow; householdId: number; village: string }> {
  const code = normaliseHouseholdCode(input);
  if (!code) throw new AppError('surveys.code_invalid', 400, {});
  const [found] = await executor
    .select({
      campaignId: surveyCodes.campaignId,
      householdId: surveyCodes.householdId,
      revokedAt: surveyCodes.revokedAt,
      village: surveyHouseholds.village,
    })
    .from(surveyCodes)
    .innerJoin(surveyHouseholds, eq(surveyHouseholds.id, surveyCodes.householdId))
    .where(eq(surveyCodes.codeHash, codeHash(code)));
  if (!found) throw new AppError('surveys.code_unknown', 404, {});
  if (found.revokedAt) throw new AppError('surveys.code_revoked', 410, {});
  const campaign = await loadCampaignRow(executor, found.campaignId, options);
  if (campaign.state === 'void') throw new AppError('surveys.campaign_void', 410, {});
  return { campaign, householdId: found.householdId, village: found.village };
}

/** `GET /surveys/answers/form?code=`: the form a code opens (public). */
export async function publicForm(executor: Executor, code: string) {
  const { campaign, householdId, village } = await resolveCode(executor, code);
  const unit = await findUnitById(executor, campaign.unitId);
  const [earlier] = await executor
    .select({ answeredOn: surveyParticipations.answeredOn })
    .from(surveyParticipations)
    .where(
      and(
        eq(surveyParticipations.campaignId, campaign.id),
        eq(surveyParticipations.householdId, householdId),
      ),
    );
  return {
    campaign: {
      reference: campaign.reference,
      title: campaign.title,
      unitName: unit?.name ?? '',
      opensOn: campaign.opensOn,
      closesOn: campaign.closesOn,
      state: campaign.state as CampaignState,
    },
    village,
    questionnaire: campaign.questionnaire,
    answered: earlier ? { answeredOn: earlier.answeredOn } : null,
  };
}

/** `POST /surveys/answers`: a household answers with its one-time code (public). */
export async function submitPublicAnswer(
  tx: Tx,
  context: RequestContext,
  body: { code: string; clientId: string; answers: Answers },
): Promise<Receipt> {
  // The campaign read once, under the share lock the answer needs.
  const { campaign, householdId } = await resolveCode(tx, body.code, { lock: 'share' });
  return recordAnswer(tx, context, campaign, householdId, {
    channel: 'code',
    clientId: body.clientId,
    answers: body.answers,
    enteredBy: null,
  });
}
