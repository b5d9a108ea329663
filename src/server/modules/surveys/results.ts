import { sql } from 'drizzle-orm';
import { questionIds } from '../../../domain/surveys/schema';
import { tallySurvey } from '../../../domain/surveys/tally';
import type { Tally, TallyCounts } from '../../../domain/surveys/types';
import { queryRows, type Executor } from '../../db/client';
import type { CampaignRow } from './campaigns';

/**
 * The counts a tally is made of, aggregated in SQL: the roll with who answered, per village; the
 * answers per commune and question in one pass over the campaign's responses (a filtered count
 * per question and value). Never one row per household leaves the database.
 */
export async function tallyCountsOf(
  executor: Executor,
  campaign: CampaignRow,
): Promise<TallyCounts> {
  const roll = await queryRows<TallyCounts['roll'][number]>(
    executor,
    sql`SELECT h.commune_unit_id AS commune, h.village, count(*)::int AS households,
          count(p.id)::int AS answered
        FROM survey_household h
        LEFT JOIN survey_participation p ON p.campaign_id = h.campaign_id AND p.household_id = h.id
        WHERE h.campaign_id = ${campaign.id}
        GROUP BY h.commune_unit_id, h.village
        ORDER BY h.commune_unit_id, h.village`,
  );
  const ids = questionIds(campaign.questionnaire);
  const columns = sql.join(
    ids.flatMap((id, index) => [
      sql`count(*) FILTER (WHERE r.answers->>${id} = 'satisfied')::int AS ${sql.raw(`s${index}`)}`,
      sql`count(*) FILTER (WHERE r.answers->>${id} = 'dissatisfied')::int AS ${sql.raw(`d${index}`)}`,
    ]),
    sql`, `,
  );
  const rows = await queryRows<Record<string, number> & { commune: number; forms: number }>(
    executor,
    sql`SELECT r.commune_unit_id AS commune, count(*)::int AS forms, ${columns}
        FROM survey_response r WHERE r.campaign_id = ${campaign.id}
        GROUP BY r.commune_unit_id`,
  );
  const answers: TallyCounts['answers'] = rows.flatMap((row) =>
    ids.map((question, index) => {
      const satisfied = Number(row[`s${index}`] ?? 0);
      const dissatisfied = Number(row[`d${index}`] ?? 0);
      return {
        commune: Number(row.commune),
        question,
        satisfied,
        dissatisfied,
        blank: Number(row.forms) - satisfied - dissatisfied,
      };
    }),
  );
  return { roll, answers };
}

/** The campaign's tally from the answers as they stand. */
export async function liveTally(executor: Executor, campaign: CampaignRow): Promise<Tally> {
  const counts = await tallyCountsOf(executor, campaign);
  return tallySurvey(campaign.questionnaire, campaign.rules, campaign.guidance.blanks, counts);
}

/** How many answered through each channel. */
export async function channelCounts(
  executor: Executor,
  campaignId: string,
): Promise<{ code: number; paper: number; door: number }> {
  const rows = await queryRows<{ channel: 'code' | 'paper' | 'door'; count: number }>(
    executor,
    sql`SELECT channel, count(*)::int AS count FROM survey_participation
        WHERE campaign_id = ${campaignId} GROUP BY channel`,
  );
  const out = { code: 0, paper: 0, door: 0 };
  for (const row of rows) out[row.channel] = row.count;
  return out;
}
