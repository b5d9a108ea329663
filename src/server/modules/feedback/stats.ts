import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/client';

/**
 * For the program targets (924/QĐ-TTg: units offering community supervision online): the
 * communes whose office answered at least one community report received through the platform in
 * `year` — the service is offered when it is used and answered, not when a page exists.
 */
export async function unitsAnsweringCommunityReports(
  executor: Executor,
  year: number,
): Promise<Set<number>> {
  const rows = await queryRows<{ id: number }>(
    executor,
    sql`SELECT DISTINCT unit_id AS id FROM community_report
        WHERE answered_at IS NOT NULL AND status <> 'rejected'
          AND received_at >= ${`${year}-01-01T00:00:00+07:00`}
          AND received_at < ${`${year + 1}-01-01T00:00:00+07:00`}`,
  );
  return new Set(rows.map((row) => Number(row.id)));
}
