import type { FastifyInstance } from 'fastify';
import type { Config } from './config';
import { openDatabase, type DatabaseHandle } from './db/client';
import { migrateDatabase, type MigrationStatus } from './db/migrate';
import { seedDatabase, type ProgressReporter, type SeedReport } from './db/seed';
import { buildApp, type AppHooks } from './app';
import { AppError } from './errors';
import { markDraining } from './modules/system/draining';

export interface RunningServer {
  app: FastifyInstance;
  database: DatabaseHandle;
  url: string;
  migrations: MigrationStatus;
  seed: SeedReport;
  /** Stops accepting requests, finishes those in flight, closes the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  progress?: ProgressReporter;
  onMigrating?: (pending: number) => void;
  logger?: boolean | Record<string, unknown>;
  /** Last chance to add routes or hooks before listening (test fixtures). */
  beforeListen?: (app: FastifyInstance) => void | Promise<void>;
  /** Fault-test instrumentation (`AppHooks`); never set in production. */
  hooks?: AppHooks;
}

/** Opens the configured database, migrates it, seeds it and listens. */
export async function startServer(
  config: Config,
  options: StartOptions = {},
): Promise<RunningServer> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  let app: FastifyInstance | undefined;
  try {
    const migrations = await migrateDatabase(database, ({ pending }) =>
      options.onMigrating?.(pending),
    );
    const seed = await seedDatabase(database, {
      demo: config.demo,
      ...(options.progress ? { progress: options.progress } : {}),
    });
    app = await buildApp({
      config,
      database,
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      ...(options.hooks ? { hooks: options.hooks } : {}),
    });
    await options.beforeListen?.(app);
    await listen(app, config);
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shownHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host)
      ? 'localhost'
      : config.host;
    const running = app;
    let stopping: Promise<void> | undefined;
    return {
      app,
      database,
      url: `http://${shownHost}:${port}`,
      migrations,
      seed,
      stop() {
        stopping ??= (async () => {
          // Not ready any more (load balancers stop sending requests), still serving meanwhile.
          markDraining(running);
          if (config.shutdownDrainMs > 0) {
            await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
          }
          // Connections that go idle after their last in-flight response would otherwise keep
          // the server open until their keep-alive times out: close them as they go idle.
          const sweeper = setInterval(() => running.server.closeIdleConnections(), 100);
          try {
            await running.close();
          } finally {
            clearInterval(sweeper);
            await database.close();
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

async function listen(app: FastifyInstance, config: Config): Promise<void> {
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new AppError('server.port_in_use', 500, { port: config.port, host: config.host });
    }
    throw new AppError(
      'server.listen_failed',
      500,
      { port: config.port, host: config.host, reason: code ?? (error as Error).message },
      { cause: error },
    );
  }
}

/**
 * Stops the server cleanly on SIGTERM/SIGINT: in-flight requests finish, the database closes
 * (PGlite flushes and releases its lock). A second signal or the timeout forces the exit.
 */
export function stopOnSignals(server: RunningServer, timeoutMs: number, log: (m: string) => void) {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      log(`Nhận ${signal} lần nữa: dừng ngay. | ${signal} again: exiting now.`);
      process.exit(1);
    }
    signalled = true;
    log(`Nhận ${signal}: đang dừng máy chủ… | ${signal}: shutting down…`);
    const timer = setTimeout(() => {
      log('Quá thời gian chờ dừng: buộc thoát. | Shutdown timed out: forcing exit.');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    server.stop().then(
      () => {
        log('Đã dừng máy chủ. | Server stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        log(`Lỗi khi dừng | Error while stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
