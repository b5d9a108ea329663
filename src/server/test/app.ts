import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../app';
import { loadConfig, type Config } from '../config';
import type { DatabaseHandle } from '../db/client';
import { createTestDatabase } from './database';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  config: Config;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /**
   * Send `Origin: http://localhost` (the origin `inject` requests are addressed to) with every
   * POST, PUT, PATCH and DELETE that names neither an Origin nor a Referer, as a browser does on
   * the platform's own pages (the server refuses state changes with a session cookie otherwise).
   * Default true; tests of the Origin check itself turn it off.
   */
  browserOrigin?: boolean;
}

/** The origin `app.inject()` requests are addressed to (Host `localhost:80`). */
export const TEST_ORIGIN = 'http://localhost';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function withBrowserOrigin(options: InjectOptions): InjectOptions {
  const method = String(options.method ?? 'GET').toUpperCase();
  if (!stateChanging.has(method)) return options;
  const headers: Record<string, unknown> = { ...(options.headers ?? {}) };
  const named = Object.keys(headers).some((name) =>
    ['origin', 'referer'].includes(name.toLowerCase()),
  );
  if (named) return options;
  return { ...options, headers: { ...headers, origin: TEST_ORIGIN } };
}

/** The real application on a fresh test database, for `app.inject()` API tests. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    NTM_DEMO: 'true',
    NTM_LOGIN_RATE_PER_MINUTE: '10000',
    ...env,
  });
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  if (options.browserOrigin ?? true) {
    const inject = app.inject.bind(app);
    app.inject = ((injectOptions?: InjectOptions | string) =>
      injectOptions === undefined || typeof injectOptions === 'string'
        ? inject(injectOptions as never)
        : inject(withBrowserOrigin(injectOptions))) as typeof app.inject;
  }
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
