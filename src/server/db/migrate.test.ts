import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/database';
import { queryRows, type DatabaseHandle } from './client';
import { knownMigrations, migrateDatabase, migrationStatus } from './migrate';
import { AppError } from '../errors';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('migrations', () => {
  it('leaves the test database fully migrated', async () => {
    const status = await migrationStatus(database.db);
    expect(status.pending).toBe(0);
    expect(status.applied).toBe(knownMigrations().length);
    expect(status.latest).toBe(knownMigrations().at(-1)?.tag);
  });

  it('is idempotent: migrating again applies nothing', async () => {
    let called = false;
    const status = await migrateDatabase(database, () => (called = true));
    expect(called).toBe(false);
    expect(status.pending).toBe(0);
  });

  it('creates the extensions and the accent-folding function used by search', async () => {
    const extensions = await queryRows<{ extname: string }>(
      database.db,
      sql`SELECT extname FROM pg_extension ORDER BY extname`,
    );
    expect(extensions.map((row) => row.extname)).toEqual(
      expect.arrayContaining(['ltree', 'pg_trgm', 'unaccent']),
    );
    const [folded] = await queryRows<{ value: string }>(
      database.db,
      sql`SELECT ntm_fold('CAO BẰNG, Đắk Lắk, Thừa Thiên Huế') AS value`,
    );
    expect(folded?.value).toBe('cao bang, dak lak, thua thien hue');
  });

  it('refuses a database migrated by a newer version', async () => {
    await database.db.execute(
      sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('future', ${String(Date.now() + 10 ** 10)})`,
    );
    const error = await migrateDatabase(database).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('db.newer_schema');
    await database.db.execute(sql`DELETE FROM drizzle.__drizzle_migrations WHERE hash = 'future'`);
  });
});
