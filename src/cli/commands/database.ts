import type { Command } from 'commander';
import { loadConfig } from '../../server/config';
import { openDatabase, type DatabaseHandle } from '../../server/db/client';
import { migrateDatabase } from '../../server/db/migrate';
import type { CliContext } from '../context';
import { createProgressBar } from '../progress';

/**
 * Opens the configured database for a one-off command (refused while a server holds the
 * embedded data directory), runs `work`, and always closes it.
 */
export async function withDatabase<T>(work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** `ntm migrate` and `ntm seed`. */
export function registerDatabaseCommands(program: Command, context: CliContext): void {
  const { t } = context;
  const log = (message: string) => process.stdout.write(`${message}\n`);
  program
    .command('migrate')
    .description(t('migrate.description'))
    .action(() =>
      withDatabase(async (database) => {
        const status = await migrateDatabase(database, ({ pending }) =>
          log(t('migrate.applying', { pending })),
        );
        log(t('migrate.done', { applied: status.applied, latest: status.latest ?? '-' }));
      }),
    );
  program
    .command('seed')
    .description(t('seed.description'))
    .option('--demo', t('seed.option.demo'))
    .option('--no-demo', t('seed.option.noDemo'))
    .action((options: { demo?: boolean }) =>
      withDatabase(async (database) => {
        const config = loadConfig();
        await migrateDatabase(database, ({ pending }) => log(t('migrate.applying', { pending })));
        const { seedDatabase } = await import('../../server/db/seed');
        const report = await seedDatabase(database, {
          demo: options.demo ?? config.demo,
          progress: createProgressBar(),
        });
        for (const applied of report.applied) {
          log(t('seed.applied', { name: applied.name, summary: JSON.stringify(applied.summary) }));
        }
        if (report.applied.length === 0) log(t('seed.nothing'));
      }),
    );
  program
    .command('reevaluate')
    .description(t('reevaluate.description'))
    .option('--set <code>', t('reevaluate.option.set'))
    .option('--year <year>', t('reevaluate.option.year'))
    .action((options: { set?: string; year?: string }) =>
      withDatabase(async (database) => {
        const progress = createProgressBar();
        const { reevaluateAll } = await import('../../server/modules/evaluation/reevaluate');
        const summary = await reevaluateAll(database.db, {
          setCode: options.set,
          year: options.year === undefined ? undefined : Number(options.year),
          onProgress: (done, total) => progress({ task: t('reevaluate.task'), done, total }),
        });
        log(
          t('reevaluate.done', {
            unitYears: summary.unitYears,
            changed: summary.changed,
            seconds: summary.seconds.toFixed(1),
          }),
        );
      }),
    );
}
