import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { migrateDatabase } from '../../server/db/migrate';
import { seedDatabase } from '../../server/db/seed';
import { loadConfig } from '../../server/config';
import { systemContext } from '../../server/auth/actor';
import { roles, type Role } from '../../server/auth/roles';
import { createUserAsOperator } from '../../server/modules/accounts/service';
import type { CliContext } from '../context';
import { CliUsageError } from '../errors';
import { createProgressBar } from '../progress';
import { withDatabase } from './database';

interface CreateOptions {
  username: string;
  password?: string;
  role: string;
  unit?: string;
  name?: string;
  asOf?: string;
}

/** A random password meeting the policy (letters and digits, 20 characters). */
function generatePassword(): string {
  const base = randomBytes(15).toString('base64url').replace(/[-_]/g, 'x');
  return `${base}7k`;
}

/** `ntm users create` and `ntm users create-admin`: operators create accounts from the shell. */
export function registerUserCommands(program: Command, context: CliContext): void {
  const { t } = context;
  const log = (message: string) => process.stdout.write(`${message}\n`);
  const users = program.command('users').description(t('users.description'));

  const create = async (options: CreateOptions) => {
    if (!(roles as readonly string[]).includes(options.role)) {
      throw new CliUsageError(t('users.badRole', { role: options.role, roles: roles.join(', ') }));
    }
    if (options.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) {
      throw new CliUsageError(t('users.badDate', { value: options.asOf }));
    }
    const generated = options.password === undefined;
    const password = options.password ?? generatePassword();
    await withDatabase(async (database) => {
      await migrateDatabase(database, ({ pending }) => log(t('migrate.applying', { pending })));
      // Units must exist before an account can point at one (a fresh data directory has none yet).
      await seedDatabase(database, { demo: loadConfig().demo, progress: createProgressBar() });
      const user = await database.db.transaction((tx) =>
        createUserAsOperator(
          tx,
          systemContext('cli'),
          {
            username: options.username,
            displayName: options.name ?? options.username,
            password,
            unitCode: options.unit ?? null,
            roles: [
              { role: options.role as Role, ...(options.unit ? { unitCode: options.unit } : {}) },
            ],
          },
          options.asOf,
        ),
      );
      const where = user.roles[0]?.unit
        ? `${user.roles[0].unit.name} (${user.roles[0].unit.code})`
        : t('users.national');
      log(t('users.created', { username: user.username, role: options.role, unit: where }));
      if (generated) log(t('users.generatedPassword', { password }));
    });
  };

  users
    .command('create')
    .description(t('users.create.description'))
    .requiredOption('--username <username>', t('users.option.username'))
    .option('--password <password>', t('users.option.password'))
    .requiredOption('--role <role>', t('users.option.role', { roles: roles.join(', ') }))
    .option('--unit <code>', t('users.option.unit'))
    .option('--name <name>', t('users.option.name'))
    .option('--as-of <date>', t('users.option.asOf'))
    .action((options: CreateOptions) => create(options));

  users
    .command('create-admin')
    .description(t('users.createAdmin.description'))
    .option('--username <username>', t('users.option.username'), 'admin')
    .option('--password <password>', t('users.option.password'))
    .option('--name <name>', t('users.option.name'), 'Quản trị hệ thống')
    .action((options: Omit<CreateOptions, 'role'>) => create({ ...options, role: 'admin' }));
}
