import { sql } from 'drizzle-orm';
import { metricsSnapshot } from './metrics';
import type { DatabaseHandle } from '../../db/client';
import { migrationStatus, type MigrationStatus } from '../../db/migrate';
import { platformVersion } from '../../version';
import type { HealthResponse } from './api';

const startedAt = Date.now();

/** Migration level changes only when migrating: read it at most every few seconds. */
const migrationCacheMs = 5_000;
const migrationCache = new WeakMap<DatabaseHandle, { readAt: number; status: MigrationStatus }>();

async function cachedMigrationStatus(database: DatabaseHandle): Promise<MigrationStatus> {
  const cached = migrationCache.get(database);
  if (cached && Date.now() - cached.readAt < migrationCacheMs) return cached.status;
  const status = await migrationStatus(database.db);
  migrationCache.set(database, { readAt: Date.now(), status });
  return status;
}

/** Is the database reachable and fully migrated? Never throws: a failure is part of the answer. */
export async function checkHealth(database: DatabaseHandle): Promise<HealthResponse> {
  const began = performance.now();
  let reachable = false;
  let latencyMs: number | null = null;
  let migrations: HealthResponse['migrations'] = null;
  try {
    await database.db.execute(sql`SELECT 1`);
    latencyMs = Math.round((performance.now() - began) * 100) / 100;
    reachable = true;
    migrations = await cachedMigrationStatus(database);
  } catch {
    // Unreachable database: reported below as status "error".
  }
  return {
    status: reachable && migrations?.pending === 0 ? 'ok' : 'error',
    version: platformVersion,
    engine: database.engine,
    database: { reachable, latencyMs },
    migrations,
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    metrics: metricsSnapshot(),
  };
}
