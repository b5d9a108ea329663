import { eq, sql } from 'drizzle-orm';
import type { DatabaseHandle, Tx } from './client';
import { seedSteps } from '../modules/system/tables';
import { AppError } from '../errors';
import { seedStepRegistry } from './seed-registry';

/** Reports progress of long work: `done` of `total` items of a named task. */
export type ProgressReporter = (progress: { task: string; done: number; total: number }) => void;

/**
 * One piece of initial data (real units, official criteria sets, demo accounts…). Each step runs
 * once per database, in its own transaction, and is recorded in `seed_step`.
 */
export interface SeedStep {
  /** Stable identifier; renaming it makes the step run again. */
  name: string;
  /** Demo-only steps (accounts with known passwords, synthetic data) never run in production. */
  demoOnly: boolean;
  description: { vi: string; en: string };
  run(tx: Tx, progress: ProgressReporter): Promise<Record<string, unknown>>;
}

export interface SeedReport {
  applied: Array<{ name: string; summary: Record<string, unknown> }>;
  skipped: string[];
}

/** Applies the steps not applied yet, in order; demo-only steps only when `demo` is true. */
export async function seedDatabase(
  handle: DatabaseHandle,
  options: { demo: boolean; progress?: ProgressReporter; steps?: readonly SeedStep[] },
): Promise<SeedReport> {
  const steps = options.steps ?? seedStepRegistry;
  const progress = options.progress ?? (() => undefined);
  return handle.exclusive(async () => {
    const report: SeedReport = { applied: [], skipped: [] };
    for (const step of steps) {
      if (step.demoOnly && !options.demo) continue;
      const done = await handle.db
        .select({ name: seedSteps.name })
        .from(seedSteps)
        .where(eq(seedSteps.name, step.name));
      if (done.length > 0) {
        report.skipped.push(step.name);
        continue;
      }
      try {
        const summary = await handle.db.transaction(async (tx) => {
          const result = await step.run(tx, progress);
          await tx.insert(seedSteps).values({ name: step.name, summary: result });
          return result;
        });
        report.applied.push({ name: step.name, summary });
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError(
          'seed.failed',
          500,
          { step: step.name, reason: (error as Error).message },
          { cause: error },
        );
      }
    }
    // Fresh planner statistics after bulk loads (PGlite has no autovacuum to gather them): without
    // them PostgreSQL guesses one row per table and roll-ups take seconds instead of milliseconds.
    if (report.applied.length > 0) await handle.db.execute(sql`ANALYZE`);
    return report;
  });
}
