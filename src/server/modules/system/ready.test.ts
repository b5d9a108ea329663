import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { markDraining } from './draining';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp();
});
afterAll(async () => {
  await testApp.close();
});

/** A fresh app whose database `change` alters first (fresh: nothing cached yet). */
async function appWith(change: (app: TestApp) => Promise<unknown>): Promise<TestApp> {
  const app = await createTestApp();
  await change(app);
  return app;
}

describe('GET /api/live', () => {
  it('answers 200 without the database, never cached', async () => {
    const broken = await createTestApp();
    await broken.database.close();
    try {
      const response = await broken.app.inject({ method: 'GET', url: '/api/live' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'ok' });
      expect(response.headers['cache-control']).toBe('no-store');
      const ready = await broken.app.inject({ method: 'GET', url: '/api/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({
        status: 'not_ready',
        reason: 'database_unreachable',
        message: 'Cơ sở dữ liệu không trả lời.',
        checks: { database: false },
      });
    } finally {
      await broken.app.close();
    }
  });
});

describe('GET /api/ready', () => {
  it('answers 200 when the database answers, is migrated and seeded', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'ready',
      reason: null,
      message: null,
      checks: { database: true, migrations: true, seed: true, draining: false },
    });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 while a seed step is missing', async () => {
    const app = await appWith((fresh) =>
      fresh.database.db.execute(
        sql`DELETE FROM seed_step WHERE name = (SELECT min(name) FROM seed_step)`,
      ),
    );
    try {
      const response = await app.app.inject({ method: 'GET', url: '/api/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        reason: 'seed_incomplete',
        checks: { database: true, migrations: true, seed: false },
      });
      expect(response.json<{ message: string }>().message).toMatch(
        /^Chưa nạp xong dữ liệu ban đầu/,
      );
    } finally {
      await app.close();
    }
  });

  it('answers 503 when a migration is pending, and when the schema is newer', async () => {
    const pending = await appWith((fresh) =>
      fresh.database.db.execute(
        sql`DELETE FROM drizzle.__drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM drizzle.__drizzle_migrations)`,
      ),
    );
    const newer = await appWith((fresh) =>
      fresh.database.db.execute(
        sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('from-the-future', 99999999999999)`,
      ),
    );
    try {
      const first = await pending.app.inject({ method: 'GET', url: '/api/ready' });
      expect(first.statusCode).toBe(503);
      expect(first.json()).toMatchObject({
        reason: 'migrations_pending',
        checks: { migrations: false },
      });
      const second = await newer.app.inject({
        method: 'GET',
        url: '/api/ready',
        headers: { 'accept-language': 'en' },
      });
      expect(second.statusCode).toBe(503);
      expect(second.json()).toMatchObject({
        reason: 'schema_newer',
        message: 'The database was migrated by a newer version of the software.',
      });
    } finally {
      await pending.close();
      await newer.close();
    }
  });

  it('answers 503 while draining, when live still answers 200', async () => {
    const app = await createTestApp();
    try {
      markDraining(app.app);
      const response = await app.app.inject({ method: 'GET', url: '/api/ready' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({
        status: 'not_ready',
        reason: 'draining',
        message: 'Máy chủ đang dừng: không nhận yêu cầu mới.',
        checks: { database: true, draining: true },
      });
      const live = await app.app.inject({ method: 'GET', url: '/api/live' });
      expect(live.statusCode).toBe(200);
      // Only that server drains.
      const other = await testApp.app.inject({ method: 'GET', url: '/api/ready' });
      expect(other.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('is documented in the OpenAPI description', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/docs/json' });
    const document = response.json<{ paths: Record<string, { get?: { responses?: object } }> }>();
    expect(Object.keys(document.paths['/api/ready']?.get?.responses ?? {})).toEqual(['200', '503']);
    expect(document.paths['/api/live']?.get).toBeDefined();
  });
});
