import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../server/config';
import { migrateDatabase } from '../../server/db/migrate';
import { seedDatabase } from '../../server/db/seed';
import { isAppError } from '../../server/errors';
import { systemContext } from '../../server/auth/actor';
import type { ImportErrorItem } from '../../server/modules/values/api';
import { exportValuesWorkbook } from '../../server/modules/values/export';
import { importValuesFile } from '../../server/modules/values/import';
import type { CliContext } from '../context';
import { CliUsageError } from '../errors';
import { createProgressBar } from '../progress';
import { withDatabase } from './database';

interface TargetOptions {
  unit: string;
  set: string;
  year: string;
}

function parseTarget(options: TargetOptions, command: string, context: CliContext) {
  const { t } = context;
  if (!/^\d{2,5}$/.test(options.unit)) {
    throw new CliUsageError(
      `ntm values ${command}: ${t('values.usage.unit', { value: options.unit })}`,
    );
  }
  const year = Number(options.year);
  if (!/^\d{4}$/.test(options.year) || year < 2000 || year > 2100) {
    throw new CliUsageError(
      `ntm values ${command}: ${t('values.usage.year', { value: options.year })}`,
    );
  }
  return { unitCode: options.unit, setCode: options.set, year };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** One problem of a rejected file as a line: "[Trang tính] Dòng 12, cột G: …". */
export function errorLine(item: ImportErrorItem): string {
  return item.sheet ? `  [${item.sheet}] ${item.message}` : `  ${item.message}`;
}

/**
 * `ntm values import FILE --unit CODE --set CODE --year YYYY` and
 * `ntm values export --unit CODE --set CODE --year YYYY [--out FILE]`: the Excel round trip for
 * operators on the server's machine (every unit; changes attributed to "cli"). A rejected file:
 * every problem on stderr with its sheet, row and column, nothing written, exit code 2.
 */
export function registerValuesCommands(program: Command, context: CliContext): void {
  const { t } = context;
  const log = (message: string) => process.stdout.write(`${message}\n`);
  const values = program.command('values').description(t('values.description'));

  values
    .command('import')
    .description(t('values.import.description'))
    .argument('<file>', t('values.import.argument.file'))
    .requiredOption('--unit <code>', t('values.option.unit'))
    .requiredOption('--set <code>', t('values.option.set'))
    .requiredOption('--year <year>', t('values.option.year'))
    .action(async (file: string, options: TargetOptions) => {
      const target = parseTarget(options, 'import', context);
      let data: Buffer;
      try {
        data = fs.readFileSync(file);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new CliUsageError(`ntm values import: ${t('values.unreadable', { file, reason })}`);
      }
      await withDatabase(async (database) => {
        await migrateDatabase(database, ({ pending }) => log(t('migrate.applying', { pending })));
        await seedDatabase(database, { demo: loadConfig().demo, progress: createProgressBar() });
        try {
          const result = await database.db.transaction((tx) =>
            importValuesFile(
              tx,
              systemContext('cli'),
              { ...target, fileName: path.basename(file), data },
              { language: context.language, access: 'operator' },
            ),
          );
          const params = {
            file,
            format: result.format,
            units: result.units,
            valuesRead: result.valuesRead,
            changed: result.changed,
            unchanged: result.unchanged,
            importId: result.importId ?? '-',
          };
          log(
            result.changed > 0
              ? t('values.import.done', params)
              : t('values.import.nothing', params),
          );
        } catch (error) {
          const errors = isAppError(error) ? error.extra?.errors : undefined;
          if (isAppError(error) && Array.isArray(errors)) {
            process.stderr.write(`${error.messageIn(context.language)}\n`);
            for (const item of errors as ImportErrorItem[])
              process.stderr.write(`${errorLine(item)}\n`);
            process.exitCode = 2;
            return;
          }
          throw error;
        }
      });
    });

  values
    .command('export')
    .description(t('values.export.description'))
    .requiredOption('--unit <code>', t('values.option.unit'))
    .requiredOption('--set <code>', t('values.option.set'))
    .requiredOption('--year <year>', t('values.option.year'))
    .option('--out <file>', t('values.export.option.out'))
    .action(async (options: TargetOptions & { out?: string }) => {
      const target = parseTarget(options, 'export', context);
      await withDatabase(async (database) => {
        await migrateDatabase(database, ({ pending }) => log(t('migrate.applying', { pending })));
        await seedDatabase(database, { demo: loadConfig().demo, progress: createProgressBar() });
        const exported = await exportValuesWorkbook(
          database.db,
          systemContext('cli'),
          target.unitCode,
          target.setCode,
          target.year,
          { access: 'operator' },
        );
        const out = options.out ?? exported.fileName;
        fs.writeFileSync(out, exported.data);
        log(t('values.export.done', { file: out, size: formatBytes(exported.data.length) }));
      });
    });
}
