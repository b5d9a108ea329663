import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { AppError } from '../errors';
import { queryRows, type DatabaseHandle, type Executor } from './client';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/** The migrations this version of the software ships, oldest first. */
export function knownMigrations(): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: JournalEntry[];
  };
  return [...journal.entries].sort((a, b) => a.when - b.when);
}

export interface MigrationStatus {
  /** Migrations recorded in the database. */
  applied: number;
  /** Tag of the newest applied migration known to this version (null on an empty database). */
  latest: string | null;
  /** Known migrations not applied yet. */
  pending: number;
  /** Migrations this version ships. */
  known: number;
}

/** Reads which migrations the database has, without changing anything. */
export async function migrationStatus(executor: Executor): Promise<MigrationStatus> {
  const known = knownMigrations();
  const [table] = await queryRows<{ present: boolean }>(
    executor,
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  const appliedTimes = table?.present
    ? (
        await queryRows<{ created_at: string | number }>(
          executor,
          sql`SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at`,
        )
      ).map((row) => Number(row.created_at))
    : [];
  const newest = appliedTimes.at(-1) ?? 0;
  const latest = [...known].reverse().find((entry) => entry.when <= newest);
  return {
    applied: appliedTimes.length,
    latest: latest?.tag ?? null,
    pending: known.filter((entry) => entry.when > newest).length,
    known: known.length,
  };
}

/**
 * Applies every pending migration (one transaction), on either engine, and returns the status.
 * Refuses a database migrated by a newer version of the software.
 */
export async function migrateDatabase(
  handle: DatabaseHandle,
  onProgress?: (message: { pending: number }) => void,
): Promise<MigrationStatus> {
  return handle.exclusive(async () => {
    const before = await migrationStatus(handle.db);
    const known = knownMigrations();
    const newestKnown = known.at(-1)?.when ?? 0;
    if (before.applied > 0) {
      const [row] = await queryRows<{ newest: string | number }>(
        handle.db,
        sql`SELECT max(created_at) AS newest FROM drizzle.__drizzle_migrations`,
      );
      if (Number(row?.newest ?? 0) > newestKnown) {
        throw new AppError('db.newer_schema', 500, {
          applied: before.applied,
          known: known.length,
        });
      }
    }
    if (before.pending === 0) return before;
    onProgress?.({ pending: before.pending });
    try {
      if (handle.engine === 'pglite') {
        await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
      } else {
        await migratePostgres(handle.db as unknown as NodePgDatabase, { migrationsFolder });
      }
    } catch (error) {
      const failed = known.find((entry) => entry.idx === before.applied)?.tag ?? '?';
      throw new AppError(
        'db.migration_failed',
        500,
        { migration: failed, reason: (error as Error).message },
        { cause: error },
      );
    }
    return migrationStatus(handle.db);
  });
}
