import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/database';
import { queryRows, type DatabaseHandle } from './client';
import { seedDatabase, type SeedStep } from './seed';
import { AppError } from '../errors';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(sql`CREATE TABLE seed_probe (label text NOT NULL)`);
});
afterAll(async () => {
  await database.close();
});

function probeStep(name: string, demoOnly: boolean, fail = false): SeedStep {
  return {
    name,
    demoOnly,
    description: { vi: name, en: name },
    async run(tx, progress) {
      await tx.execute(sql`INSERT INTO seed_probe (label) VALUES (${name})`);
      progress({ task: name, done: 1, total: 1 });
      if (fail) throw new Error('boom');
      return { rows: 1 };
    },
  };
}

async function labels(): Promise<string[]> {
  const rows = await queryRows<{ label: string }>(database.db, sql`SELECT label FROM seed_probe`);
  return rows.map((row) => row.label).sort();
}

describe('seedDatabase', () => {
  it('applies each step once; a second run skips it', async () => {
    const steps = [probeStep('probe-base', false)];
    const first = await seedDatabase(database, { demo: false, steps });
    expect(first.applied.map((a) => a.name)).toEqual(['probe-base']);
    const second = await seedDatabase(database, { demo: false, steps });
    expect(second.applied).toEqual([]);
    expect(second.skipped).toEqual(['probe-base']);
    expect(await labels()).toEqual(['probe-base']);
  });

  it('never runs demo-only steps outside demo mode', async () => {
    const steps = [probeStep('probe-demo', true)];
    const production = await seedDatabase(database, { demo: false, steps });
    expect(production.applied).toEqual([]);
    expect(await labels()).not.toContain('probe-demo');
    const demo = await seedDatabase(database, { demo: true, steps });
    expect(demo.applied.map((a) => a.name)).toEqual(['probe-demo']);
  });

  it('rolls a failing step back whole and reports which step failed', async () => {
    const error = await seedDatabase(database, {
      demo: true,
      steps: [probeStep('probe-broken', false, true)],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('seed.failed');
    expect((error as AppError).messageIn('vi')).toContain('probe-broken');
    expect(await labels()).not.toContain('probe-broken');
    const recorded = await queryRows<{ name: string }>(
      database.db,
      sql`SELECT name FROM seed_step WHERE name = 'probe-broken'`,
    );
    expect(recorded).toEqual([]);
  });
});
