import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import { evaluationsChanged } from '../values/changes';
import type { StatsCommunesResponse, StatsSummaryResponse } from './api';
import { statsRefreshesSettled } from './service';

/** Issue 11, point 2: the roll-up counts criteria met, not met and missing apart. */

let testApp: TestApp;
let province: string;

beforeAll(async () => {
  testApp = await createTestApp();
  province = await signIn(testApp.app, 'tinh.laocai');
});
afterAll(async () => {
  await testApp.close();
});

async function get<T>(url: string) {
  const response = await testApp.app.inject({ method: 'GET', url, headers: { cookie: province } });
  return { status: response.statusCode, body: response.json<T>() };
}

const summaryUrl = '/api/v1/stats/summary?unit=15&year=2025';

describe('roll-up: missing data is not failure', () => {
  it('counts communes and criteria met / not met / missing separately', async () => {
    // One evaluated commune of Lào Cai loses every value: it is "chưa đủ số liệu", not "không đạt".
    const [row] = await queryRows<{ unitId: number; code: string }>(
      testApp.database.db,
      sql`SELECT e.unit_id AS "unitId", u.code FROM evaluation e JOIN unit u ON u.id = e.unit_id
          JOIN criteria_set s ON s.id = e.set_id
          WHERE s.code = 'xa-ntm-2021-2025' AND e.year = 2025 AND e.province_code = '15'
            AND e.status = 'met' AND u.kind = 'xa' AND u.level = 'commune'
            AND u.valid_from <= '2025-12-31' AND (u.valid_to IS NULL OR u.valid_to >= '2025-12-31')
          ORDER BY u.code LIMIT 1`,
    );
    const before = await get<StatsSummaryResponse>(summaryUrl);
    expect(before.status).toBe(200);
    await testApp.database.db.execute(
      sql`UPDATE evaluation e SET status = 'not_met', criteria_met = 0,
            indicators_missing = cardinality(indicator_status),
            criterion_met = array_fill(false, ARRAY[cardinality(criterion_met)]),
            indicator_status = array_fill('missing'::text, ARRAY[cardinality(indicator_status)]),
            computed_at = clock_timestamp()
          FROM criteria_set s WHERE s.id = e.set_id AND s.code = 'xa-ntm-2021-2025'
            AND e.year = 2025 AND e.unit_id = ${row!.unitId}`,
    );
    const [changed] = await queryRows<{ status: string }>(
      testApp.database.db,
      sql`SELECT status FROM evaluation WHERE unit_id = ${row!.unitId} AND year = 2025`,
    );
    expect(changed?.status).toBe('not_met');
    evaluationsChanged();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // The roll-up cache answers stale once while it refreshes.
    await get<StatsSummaryResponse>(summaryUrl);
    await statsRefreshesSettled();
    const { body } = await get<StatsSummaryResponse>(summaryUrl);
    const { totals } = body;
    expect(totals.met).toBe(before.body.totals.met - 1);
    expect(totals.incomplete).toBe(before.body.totals.incomplete + 1);
    expect(totals.notMet).toBe(before.body.totals.notMet);
    expect(totals.met + totals.notMet + totals.incomplete + totals.unclassified).toBe(
      totals.evaluated,
    );
    const judged = totals.evaluated - totals.unclassified;
    for (const criterion of body.criteria) {
      expect(criterion.met + criterion.notMet + criterion.missing).toBe(judged);
      const previous = before.body.criteria.find((c) => c.code === criterion.code)!;
      // The commune was met: each criterion loses one met and gains one missing, not a failure.
      expect(criterion.missing).toBe(previous.missing + 1);
      expect(criterion.notMet).toBe(previous.notMet);
    }

    const list = await get<StatsCommunesResponse>(
      '/api/v1/stats/communes?unit=15&year=2025&filter=incomplete&pageSize=500',
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => item.code)).toContain(row!.code);
    expect(list.body.total).toBe(totals.incomplete);
    const notMet = await get<StatsCommunesResponse>(
      '/api/v1/stats/communes?unit=15&year=2025&filter=not_met&pageSize=500',
    );
    expect(notMet.body.total).toBe(totals.notMet);
    expect(notMet.body.items.map((item) => item.code)).not.toContain(row!.code);
    const criterion = await get<StatsCommunesResponse>(
      '/api/v1/stats/communes?unit=15&year=2025&filter=criterion:17:incomplete&pageSize=500',
    );
    expect(criterion.body.total).toBe(body.criteria.find((c) => c.code === '17')!.missing);
  });
});
