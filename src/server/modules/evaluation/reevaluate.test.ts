import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type DatabaseHandle } from '../../db/client';
import { createTestDatabase } from '../../test/database';
import { saveValue } from '../values/service';
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

/** On PostgreSQL a save and the re-evaluation really run side by side (PGlite has one connection). */
const onPostgres = Boolean(process.env.TEST_DATABASE_URL?.trim());

describe('reevaluateAll beside a save', () => {
  it.runIf(onPostgres)(
    'waits for a save in progress and never writes back a result older than it',
    async () => {
      const [admin] = await queryRows<{ id: string }>(
        database.db,
        sql`SELECT id FROM app_user WHERE username = 'admin'`,
      );
      const context = {
        actor: {
          userId: admin!.id,
          username: 'admin',
          displayName: 'Quản trị',
          mustChangePassword: false,
          assignments: [{ role: 'admin' as const, unitId: null, unitCode: null }],
        },
        ip: null,
        requestId: 'reevaluate-race',
      };
      // A commune with a stored evaluation and a value of 3.1 in 2025 (demo data).
      const [stored] = await queryRows<{ code: string; value: number | null; version: number }>(
        database.db,
        sql`SELECT u.code, v.value_number AS value, v.version FROM indicator_value v
            JOIN evaluation e ON e.unit_id = v.unit_id AND e.set_id = v.set_id AND e.year = v.year
            JOIN unit u ON u.id = v.unit_id JOIN criteria_set s ON s.id = v.set_id
            JOIN criteria_indicator i ON i.id = v.indicator_id
            WHERE s.code = 'xa-ntm-2021-2025' AND v.year = 2025 AND i.code = '3.1'
            ORDER BY v.unit_id LIMIT 1`,
      );
      expect(stored).toBeDefined();
      // A value on the other side of the 80 % threshold, so the stored result must change.
      const value = (stored?.value ?? 0) >= 80 ? 10 : 95;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let saved!: () => void;
      const written = new Promise<void>((resolve) => (saved = resolve));
      const save = database.db.transaction(async (tx) => {
        await saveValue(tx, context, stored!.code, '3.1', 'xa-ntm-2021-2025', 2025, {
          value,
          version: stored!.version,
        });
        saved();
        await held; // the officer's transaction is still open while the run starts
      });
      await written;
      const run = reevaluateAll(database.db, {
        setCode: 'xa-ntm-2021-2025',
        year: 2025,
        batchSize: 50,
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      release();
      await Promise.all([save, run]);
      // What is stored now is what the values say: a second run finds nothing to correct.
      const settled = await snapshot();
      await reevaluateAll(database.db, { setCode: 'xa-ntm-2021-2025', year: 2025 });
      expect(await snapshot()).toEqual(settled);
    },
  );
});
