import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../../server/config';
import { demoAccounts, demoPassword } from '../../server/modules/accounts/demo';
import type { CliContext } from '../context';
import { createProgressBar } from '../progress';
import { ensureWebBuilt } from '../web-build';

interface ServeOptions {
  port?: string;
  host?: string;
  build?: boolean;
}

function configWithOverrides(options: ServeOptions): Config {
  return loadConfig({
    ...process.env,
    ...(options.port !== undefined ? { PORT: options.port } : {}),
    ...(options.host !== undefined ? { HOST: options.host } : {}),
  });
}

/** On a terminal (outside production) logs are shown readable, with dd/mm/yyyy times. */
function consoleLogger(config: Config): Record<string, unknown> | undefined {
  if (!process.stdout.isTTY || config.nodeEnv === 'production') return undefined;
  try {
    import.meta.resolve('pino-pretty');
  } catch {
    return undefined;
  }
  return {
    level: config.logLevel,
    transport: {
      target: 'pino-pretty',
      options: { translateTime: 'SYS:dd/mm/yyyy HH:MM:ss', ignore: 'pid,hostname,reqId' },
    },
  };
}

async function serve(options: ServeOptions, context: CliContext, buildWeb: boolean): Promise<void> {
  const { t } = context;
  const log = (message: string) => process.stdout.write(`${message}\n`);
  const config = configWithOverrides(options);
  if (buildWeb) await ensureWebBuilt(config.webDistDir, { log });
  if (!fs.existsSync(path.join(config.webDistDir, 'index.html'))) {
    log(t('start.webMissing', { dir: config.webDistDir }));
  }
  // The whole server loads only for the commands that run it (`ntm evaluate` starts light).
  const { startServer, stopOnSignals } = await import('../../server/main');
  const server = await startServer(config, {
    ...(consoleLogger(config) ? { logger: consoleLogger(config) } : {}),
    progress: createProgressBar(),
    onMigrating: (pending) => log(t('start.migrating', { pending })),
  });
  stopOnSignals(server, config.shutdownTimeoutMs, log);
  for (const applied of server.seed.applied) {
    log(t('seed.applied', { name: applied.name, summary: JSON.stringify(applied.summary) }));
  }
  log('');
  log(t('start.ready', { url: server.url }));
  log(t('start.docs', { url: server.url }));
  log(t('start.database', { engine: server.database.engine, location: server.database.location }));
  if (config.demo) {
    log(t('start.demoMode'));
    log(t('start.demoAccounts'));
    for (const account of demoAccounts) {
      log(`  ${account.username.padEnd(16)} / ${demoPassword}   ${account.description}`);
    }
  }
  log(t('start.stopHint'));
}

/** `ntm start` (what `npm start` runs) and `ntm serve`. */
export function registerServerCommands(program: Command, context: CliContext): void {
  const { t } = context;
  program
    .command('start')
    .description(t('start.description'))
    .option('-p, --port <port>', t('serve.option.port'))
    .option('--host <host>', t('serve.option.host'))
    .option('--no-build', t('serve.option.noBuild'))
    .action((options: ServeOptions) => serve(options, context, options.build !== false));
  program
    .command('serve')
    .description(t('serve.description'))
    .option('-p, --port <port>', t('serve.option.port'))
    .option('--host <host>', t('serve.option.host'))
    .action((options: ServeOptions) => serve(options, context, false));
}
