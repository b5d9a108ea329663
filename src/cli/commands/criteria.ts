import fs from 'node:fs';
import type { Command } from 'commander';
import { formatCriteriaSetIssue } from '../../domain/criteria/parse';
import { loadConfig } from '../../server/config';
import { migrateDatabase } from '../../server/db/migrate';
import { seedDatabase } from '../../server/db/seed';
import { systemContext } from '../../server/auth/actor';
import {
  CriteriaSetInvalid,
  loadCriteriaSetText,
  type LoadOutcome,
} from '../../server/modules/criteria/service';
import type { CliContext } from '../context';
import { CliUsageError } from '../errors';
import { createProgressBar } from '../progress';
import { withDatabase } from './database';

/** The line that says what happened to the set. */
function outcomeLine(outcome: LoadOutcome, file: string, context: CliContext): string {
  const { t } = context;
  const counts = t('criteria.load.counts', {
    criteria: outcome.criteriaCount,
    indicators: outcome.indicatorCount,
    unverified: outcome.unverifiedCount,
  });
  const params = { code: outcome.code, file, counts };
  if (outcome.action === 'unchanged') {
    if (outcome.published) return t('criteria.load.publishedDraft', params);
    return outcome.status === 'published'
      ? t('criteria.load.unchangedPublished', params)
      : t('criteria.load.unchangedDraft', params);
  }
  if (outcome.published) return t('criteria.load.createdPublished', params);
  return outcome.action === 'created'
    ? t('criteria.load.createdDraft', params)
    : t('criteria.load.updatedDraft', params);
}

/**
 * `ntm criteria load FILE [--publish]`: loads a criteria-set YAML file into the database as a
 * draft (published with --publish). A bad file: every problem as `file:line:column: message`,
 * nothing written, exit code 2. A published set is never changed (exit code 1).
 */
export function registerCriteriaCommands(program: Command, context: CliContext): void {
  const { t } = context;
  const log = (message: string) => process.stdout.write(`${message}\n`);
  const criteria = program.command('criteria').description(t('criteria.description'));
  criteria
    .command('load')
    .description(t('criteria.load.description'))
    .argument('<file>', t('criteria.load.argument.file'))
    .option('--publish', t('criteria.load.option.publish'))
    .action(async (file: string, options: { publish?: boolean }) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code ?? String(error);
        throw new CliUsageError(
          `ntm criteria load: ${t('criteria.load.unreadable', { file, reason })}`,
        );
      }
      await withDatabase(async (database) => {
        await migrateDatabase(database, ({ pending }) => log(t('migrate.applying', { pending })));
        // A fresh data directory gets the units and the shipped sets first (parents to extend).
        await seedDatabase(database, { demo: loadConfig().demo, progress: createProgressBar() });
        let outcome: LoadOutcome;
        try {
          outcome = await database.db.transaction((tx) =>
            loadCriteriaSetText(tx, systemContext('cli'), {
              text,
              fileName: file,
              publish: options.publish === true,
              language: context.language,
              by: 'cli',
            }),
          );
        } catch (error) {
          if (error instanceof CriteriaSetInvalid) {
            const lines = error.issues.map(formatCriteriaSetIssue);
            lines.push(t('criteria.load.rejected', { count: error.issues.length }));
            throw new CliUsageError(lines.join('\n'), 2);
          }
          throw error;
        }
        log(outcomeLine(outcome, file, context));
      });
    });
}
