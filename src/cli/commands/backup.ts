import type { Command } from 'commander';
import { loadConfig } from '../../server/config';
import { BackupError, type BackupManifest } from '../backup/archive';
import { createBackup, restoreBackup } from '../backup/backup';
import { PgToolFailedError, PgToolMissingError } from '../backup/pg-tools';
import type { CliContext } from '../context';
import { CliUsageError } from '../errors';
import type { Translate } from '../i18n';
import { createProgressBar } from '../progress';

/** Turns the backup module's refusals into one clear, translated line (exit code 1). */
export function explainBackupError(error: unknown, t: Translate): unknown {
  if (error instanceof BackupError) return new CliUsageError(t(error.key, error.params), 1);
  if (error instanceof PgToolMissingError) {
    return new CliUsageError(
      t('backup.pgToolMissing', { tool: error.tool, searched: error.searched.join(', ') }),
      1,
    );
  }
  if (error instanceof PgToolFailedError) {
    return new CliUsageError(
      t('backup.pgToolFailed', {
        tool: error.tool,
        code: String(error.code),
        stderr: error.stderr,
      }),
      1,
    );
  }
  return error;
}

function describe(manifest: BackupManifest, t: Translate): string {
  return t('backup.summary', {
    engine: manifest.engine,
    version: manifest.appVersion,
    createdAt: manifest.createdAt,
    applied: manifest.schema.applied,
    latest: manifest.schema.latest ?? '-',
    files: manifest.files.length,
  });
}

/** `ntm backup [--out FILE]` and `ntm restore FILE [--yes]`. */
export function registerBackupCommands(program: Command, context: CliContext): void {
  const { t } = context;
  const log = (message: string) => process.stdout.write(`${message}\n`);
  program
    .command('backup')
    .description(t('backup.description'))
    .option('--out <file>', t('backup.option.out'))
    .action(async (options: { out?: string }) => {
      try {
        const result = await createBackup({
          config: loadConfig(),
          out: options.out,
          t,
          progress: createProgressBar(),
        });
        log(t('backup.done', { file: result.file }));
        log(describe(result.manifest, t));
      } catch (error) {
        throw explainBackupError(error, t);
      }
    });
  program
    .command('restore')
    .description(t('restore.description'))
    .argument('<file>', t('restore.argument.file'))
    .option('--yes', t('restore.option.yes'))
    .action(async (file: string, options: { yes?: boolean }) => {
      try {
        const manifest = await restoreBackup({
          config: loadConfig(),
          file,
          yes: options.yes,
          t,
          progress: createProgressBar(),
        });
        log(t('restore.done', { file }));
        log(describe(manifest, t));
        log(t('restore.next'));
      } catch (error) {
        throw explainBackupError(error, t);
      }
    });
}
