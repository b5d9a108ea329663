import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../test/database';
import { reevaluateAll } from './reevaluate';

let database: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function snapshot() {
  return queryRows<{
    unitId: number;
    year: number;
    status: string;
    criteriaMet: number;
    indicatorStatus: string[];
  }>(
    database.db,
    sql`SELECT unit_id AS "unitId", year, status, criteria_met AS "criteriaMet",
          indicator_status AS "indicatorStatus" FROM evaluation ORDER BY unit_id, set_id, year`,
  );
}

describe('reevaluateAll', () => {
  it('recomputes every stored evaluation from the values, finding nothing to change', async () => {
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(300);
    const progress: number[] = [];
    const summary = await reevaluateAll(database.db, {
      batchSize: 100,
      onProgress: (done) => progress.push(done),
    });
    expect(summary.unitYears).toBe(before.length);
    expect(summary.changed).toBe(0);
    expect(progress.at(-1)).toBe(before.length);
    expect(await snapshot()).toEqual(before);
  });

  it('repairs a stored result that no longer matches its values', async () => {
    const before = await snapshot();
    const met = before.find((row) => row.status === 'met')!;
    await database.db.execute(
      sql`UPDATE evaluation SET status = 'not_met', criteria_met = 0
          WHERE unit_id = ${met.unitId} AND year = ${met.year}`,
    );
    const summary = await reevaluateAll(database.db, { year: met.year });
    expect(summary.changed).toBe(1);
    expect(await snapshot()).toEqual(before);
  });
});
