import { sql } from 'drizzle-orm';
import { metricsSnapshot } from './metrics';
import type { DatabaseHandle } from '../../db/client';
import { migrationStatus, type MigrationStatus } from '../../db/migrate';
import { translate, type Language } from '../../i18n';
import { platformVersion } from '../../version';
import { seedSteps } from './tables';
import type { HealthResponse, ReadinessReason, ReadyResponse } from './api';

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

/** The readiness reasons, as operators read them (Vietnamese first). */

const seedCache = new WeakMap<DatabaseHandle, number>();

/** A seed step as readiness sees it (the registry is the composition root's: `db/seed-registry`). */
export interface SeedStepName {
  name: string;
  demoOnly?: boolean;
}

/** Have all the initial-data steps this configuration runs been recorded? Cached once true. */
async function seedComplete(
  database: DatabaseHandle,
  steps: readonly SeedStepName[],
  demo: boolean,
): Promise<boolean> {
  const cachedAt = seedCache.get(database);
  if (cachedAt !== undefined && Date.now() - cachedAt < migrationCacheMs) return true;
  const required = steps.filter((step) => demo || !step.demoOnly).map((step) => step.name);
  const done = new Set(
    (await database.db.select({ name: seedSteps.name }).from(seedSteps)).map((row) => row.name),
  );
  const complete = required.every((name) => done.has(name));
  if (complete) seedCache.set(database, Date.now());
  return complete;
}

/**
 * Is this server ready for traffic? Not while draining; then the database must answer, be at
 * the migration level this version ships (not older, not newer) and have its initial data.
 * Never throws: a failure is the answer.
 */
export async function checkReadiness(
  database: DatabaseHandle,
  options: {
    seedSteps: readonly SeedStepName[];
    demo: boolean;
    draining: boolean;
    language: Language;
  },
): Promise<ReadyResponse> {
  const checks = { database: false, migrations: false, seed: false, draining: options.draining };
  let reason: ReadinessReason | null = options.draining ? 'draining' : null;
  try {
    await database.db.execute(sql`SELECT 1`);
    checks.database = true;
    const migrations = await cachedMigrationStatus(database);
    const newer = migrations.applied > migrations.known;
    checks.migrations = migrations.pending === 0 && !newer;
    if (!checks.migrations) reason ??= newer ? 'schema_newer' : 'migrations_pending';
    else {
      checks.seed = await seedComplete(database, options.seedSteps, options.demo);
      if (!checks.seed) reason ??= 'seed_incomplete';
    }
  } catch {
    reason ??= checks.database ? 'migrations_pending' : 'database_unreachable';
  }
  return {
    status: reason === null ? 'ready' : 'not_ready',
    reason,
    message: reason === null ? null : translate(options.language, `system.readiness.${reason}`),
    checks,
  };
}
