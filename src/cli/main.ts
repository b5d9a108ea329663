import { Command, Help } from 'commander';
import { readFileSync } from 'node:fs';
import { cliTranslator, detectCliLanguage } from './i18n';
import type { CliContext, RegisterCommand } from './context';
import { reportCliError } from './errors';
import { registerServerCommands } from './commands/server';
import { registerDatabaseCommands } from './commands/database';
import { registerEvaluateCommand } from './commands/evaluate';
import { registerUserCommands } from './commands/users';
import { registerUnitCommands } from './commands/units';
import { registerCriteriaCommands } from './commands/criteria';
import { registerValuesCommands } from './commands/values';
import { registerBackupCommands } from './commands/backup';

const packageJson = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

const commandRegistrations: RegisterCommand[] = [
  registerServerCommands,
  registerDatabaseCommands,
  registerEvaluateCommand,
  registerUserCommands,
  registerUnitCommands,
  registerCriteriaCommands,
  registerValuesCommands,
  registerBackupCommands,
];

/** Builds the `ntm` program in the chosen language (help headings translated too). */
export function buildProgram(context: CliContext): Command {
  const { t } = context;
  const headings: Array<[string, string]> = [
    ['Usage:', t('help.usage')],
    ['Options:', t('help.options')],
    ['Commands:', t('help.commands')],
    ['Arguments:', t('help.arguments')],
  ];
  class TranslatedHelp extends Help {
    override formatHelp(command: Command, helper: Help): string {
      let text = super.formatHelp(command, helper);
      for (const [english, translated] of headings) text = text.replaceAll(english, translated);
      return text;
    }
  }
  const program = new Command('ntm')
    .description(t('program.description'))
    .version(packageJson.version, '-V, --version', t('option.version'))
    .helpOption('-h, --help', t('option.help'))
    .helpCommand('help [command]', t('command.help'))
    .option('--lang <lang>', t('option.lang'))
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: false });
  program.createHelp = () => Object.assign(new TranslatedHelp(), program.configureHelp());
  const originalCreateCommand = program.createCommand.bind(program);
  program.createCommand = (name?: string) => {
    const command = originalCreateCommand(name);
    command.helpOption('-h, --help', t('option.help'));
    command.createHelp = () => Object.assign(new TranslatedHelp(), command.configureHelp());
    return command;
  };
  for (const register of commandRegistrations) register(program, context);
  return program;
}

const language = detectCliLanguage();
const context: CliContext = { language, t: cliTranslator(language) };
try {
  await buildProgram(context).parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportCliError(error, context);
}
