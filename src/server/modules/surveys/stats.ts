import { sql } from 'drizzle-orm';
import { ONLINE_CHANNELS } from '../../../domain/surveys/types';
import { queryRows, type Executor } from '../../db/client';

/**
 * For the program targets (924/QĐ-TTg: units collecting citizens' satisfaction through an online
 * application): the communes with at least one household answer taken online — the household's
 * own code, or an officer at the door on a phone; a paper form typed in later is not — on a day
 * of `year`, in a campaign that was not voided. A district campaign counts for the communes its
 * households live in.
 */
export async function unitsCollectingSatisfactionOnline(
  executor: Executor,
  year: number,
): Promise<Set<number>> {
  const rows = await queryRows<{ id: number }>(
    executor,
    sql`SELECT DISTINCT h.commune_unit_id AS id
        FROM survey_participation p
        JOIN survey_campaign c ON c.id = p.campaign_id
        JOIN survey_household h ON h.id = p.household_id
        WHERE c.state <> 'void'
          AND p.channel IN (${sql.join(
            ONLINE_CHANNELS.map((channel) => sql`${channel}`),
            sql`, `,
          )})
          AND p.answered_on BETWEEN ${`${year}-01-01`} AND ${`${year}-12-31`}`,
  );
  return new Set(rows.map((row) => Number(row.id)));
}
