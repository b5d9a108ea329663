import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import { AppError } from '../errors';
import { redactUrl } from '../config';
import { installCommitHooks } from './commit-hooks';
import { lockDataDir, type DataDirLock } from './lock';
import * as schema from './schema';

export type Schema = typeof schema;
/** The database as the services see it: the same Drizzle API on PGlite and on PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: every write runs inside one, passed down as `tx`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that runs queries: the database or a transaction. */
export type Executor = Db | Tx;

export type Engine = 'pglite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Db;
  readonly engine: Engine;
  /** Where the data lives, for logs (the password is hidden). */
  readonly location: string;
  /** The PGlite instance, when embedded (for dumps in tests and benchmarks). */
  readonly pglite: PGlite | undefined;
  /**
   * Runs `work` while no other process does the same (migrations, seeding). PostgreSQL: a session
   * advisory lock; PGlite: the data-directory lock already makes this process the only one.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Advisory-lock key shared by every NTM process on one PostgreSQL database ("NTM" in ASCII). */
const exclusiveLockKey = 0x4e544d;

/** PGlite extensions the schema needs; the first migration creates them. */
export const pgliteExtensions = { ltree, pg_trgm, unaccent };

export interface OpenDatabaseOptions {
  /** postgres://… ; when absent the embedded database is used. */
  url?: string | undefined;
  /** Embedded database directory (the lock and `pgdata/` live here). Omit for in-memory. */
  dataDir?: string | undefined;
  /** Start the embedded database from a dump (tests start from a migrated, seeded template). */
  loadDataDir?: Blob | undefined;
  /** Pool size for PostgreSQL. */
  maxConnections?: number | undefined;
}

/** Runs raw SQL and returns its rows, on either engine. */
export async function queryRows<Row>(executor: Executor, query: SQL): Promise<Row[]> {
  const result: unknown = await executor.execute(query);
  return (result as { rows: Row[] }).rows;
}

function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return redactUrl(url);
  }
}

async function openPostgres(url: string, maxConnections: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new AppError(
      'db.unreachable',
      503,
      { target: describeTarget(url), reason: `${reason} ${(error as Error).message}`.trim() },
      { cause: error },
    );
  }
  const db = installCommitHooks(drizzlePostgres(pool, { schema }) as unknown as Db);
  return {
    db,
    engine: 'postgres',
    location: redactUrl(url),
    pglite: undefined,
    async exclusive(work) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [exclusiveLockKey]);
        return await work();
      } finally {
        await client
          .query('SELECT pg_advisory_unlock($1)', [exclusiveLockKey])
          .catch(() => undefined);
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  let lock: DataDirLock | undefined;
  let dataDir: string | undefined;
  if (options.dataDir) {
    lock = lockDataDir(options.dataDir);
    dataDir = path.join(options.dataDir, 'pgdata');
  }
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: pgliteExtensions,
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = installCommitHooks(drizzlePglite(client, { schema }) as unknown as Db);
  let closed = false;
  return {
    db,
    engine: 'pglite',
    location: dataDir ?? 'memory',
    pglite: client,
    exclusive: (work) => work(),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** Opens the database the configuration points at: PostgreSQL when a URL is given, else PGlite. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options.maxConnections ?? 10);
  return openPglite(options);
}
