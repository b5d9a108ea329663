import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../server/config';
import { migrateDatabase } from '../../server/db/migrate';
import { seedDatabase } from '../../server/db/seed';
import { translate } from '../../server/i18n';
import {
  importUnits,
  readUnitImportFile,
  UnitImportRejected,
  type ImportPlan,
  type ImportSummary,
} from '../../server/modules/units/import';
import { displayDate, unitKindNames } from '../../server/modules/units/model';
import type { CliContext } from '../context';
import { createProgressBar } from '../progress';
import { withDatabase } from './database';

const SHOWN = 50;

/** The diff of an import: what opens, what closes (and into what), which links are made. */
export function formatImportPlan(plan: ImportPlan, context: CliContext): string[] {
  const { t } = context;
  const lines: string[] = [];
  const opened = plan.opens.filter((unit) => unit.followsFrom === undefined);
  const followed = plan.opens.filter((unit) => unit.followsFrom !== undefined);
  const closed = plan.closes.filter((closing) => !closing.automatic);
  lines.push(t('units.import.opens', { count: opened.length }));
  for (const unit of opened.slice(0, SHOWN)) {
    lines.push(
      `  + ${t(unit.parentCode ? 'units.import.openLine' : 'units.import.openLineTop', {
        code: unit.code,
        name: unit.name,
        kind: unitKindNames[unit.kind],
        parent: `${unit.parentCode ?? ''} ${unit.parentName ?? ''}`.trim(),
        date: displayDate(unit.validFrom),
      })}`,
    );
  }
  if (opened.length > SHOWN)
    lines.push(`  ${t('units.import.more', { count: opened.length - SHOWN })}`);
  lines.push(t('units.import.closes', { count: closed.length }));
  for (const closing of closed.slice(0, SHOWN)) {
    const successors = closing.successors.map((s) => `${s.code} ${s.name}`).join(', ');
    lines.push(
      `  - ${t(successors ? 'units.import.closeLine' : 'units.import.closeLineNoSuccessor', {
        code: closing.code,
        name: closing.name,
        date: displayDate(closing.validTo),
        successors,
      })}`,
    );
  }
  if (closed.length > SHOWN)
    lines.push(`  ${t('units.import.more', { count: closed.length - SHOWN })}`);
  const explicitLinks = plan.links.filter((link) => !link.toRef.startsWith('follow:'));
  lines.push(t('units.import.links', { count: explicitLinks.length }));
  for (const link of explicitLinks.slice(0, SHOWN)) {
    lines.push(
      `  ${link.fromCode} ${link.fromName} → ${link.toCode} ${link.toName} (${t(`units.lineage.${link.kind}`)})`,
    );
  }
  if (explicitLinks.length > SHOWN) {
    lines.push(`  ${t('units.import.more', { count: explicitLinks.length - SHOWN })}`);
  }
  if (followed.length > 0) {
    lines.push(t('units.import.followed', { count: followed.length }));
    for (const unit of followed.slice(0, 10)) {
      lines.push(
        `  ~ ${unit.code} ${unit.name} → ${unit.parentCode ?? ''} ${unit.parentName ?? ''}`,
      );
    }
    if (followed.length > 10)
      lines.push(`  ${t('units.import.more', { count: followed.length - 10 })}`);
  }
  return lines;
}

/** `ntm units import FILE [--dry-run]`. */
export function registerUnitCommands(program: Command, context: CliContext): void {
  const { t } = context;
  const log = (message: string) => process.stdout.write(`${message}\n`);
  const unitsCommand = program.command('units').description(t('units.description'));
  unitsCommand
    .command('import')
    .description(t('units.import.description'))
    .argument('<file>', t('units.import.argument.file'))
    .option('--dry-run', t('units.import.option.dryRun'))
    .action(async (file: string, options: { dryRun?: boolean }) => {
      const dryRun = options.dryRun === true;
      const rows = await readUnitImportFile(file);
      await withDatabase(async (database) => {
        await migrateDatabase(database, ({ pending }) => log(t('migrate.applying', { pending })));
        // The import changes the seeded hierarchy: a fresh data directory gets it first.
        await seedDatabase(database, { demo: loadConfig().demo, progress: createProgressBar() });
        let result: { plan: ImportPlan; summary: ImportSummary | null };
        try {
          result = await database.db.transaction((tx) =>
            importUnits(tx, rows, { dryRun, source: `import:${path.basename(file)}` }),
          );
        } catch (error) {
          if (error instanceof UnitImportRejected) {
            process.stderr.write(`${error.messageIn(context.language)}\n`);
            for (const problem of error.issues) {
              process.stderr.write(
                `  ${translate(context.language, problem.key, problem.params)}\n`,
              );
            }
            process.exitCode = 1;
            return;
          }
          throw error;
        }
        log(
          dryRun ? t('units.import.dryRunHeading', { file }) : t('units.import.heading', { file }),
        );
        for (const line of formatImportPlan(result.plan, context)) log(line);
        if (result.summary) log(t('units.import.done', { ...result.summary }));
        else log(t('units.import.dryRunDone'));
      });
    });
}
