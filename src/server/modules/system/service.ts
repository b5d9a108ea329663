import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client';
import { migrationStatus } from '../../db/migrate';
import { platformVersion } from '../../version';
import type { HealthResponse } from './api';

const startedAt = Date.now();

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
    migrations = await migrationStatus(database.db);
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
  };
}
