import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { knownMigrations } from '../../db/migrate';
import { platformVersion } from '../../version';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp();
});
afterAll(async () => {
  await testApp.close();
});

describe('GET /api/health', () => {
  it('answers 200 with the engine, the migration level and the version', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      status: 'ok',
      version: platformVersion,
      engine: testApp.database.engine,
      database: { reachable: true },
      migrations: { pending: 0, latest: knownMigrations().at(-1)?.tag },
    });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 with status "error" when the database is gone', async () => {
    const { createTestApp: create } = await import('../../test/app');
    const broken = await create();
    await broken.database.close();
    const response = await broken.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'error', database: { reachable: false } });
    await broken.app.close();
  });

  it('sends security headers', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-request-id']).toBeTruthy();
  });
});

describe('OpenAPI', () => {
  it('documents the routes from their zod schemas', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(document.openapi).toMatch(/^3\./);
    expect(document.paths['/api/health']).toBeDefined();
    const html = await testApp.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(html.statusCode);
  });
});

describe('errors', () => {
  it('answers an unknown API path with a typed 404, in Vietnamese by default', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/v1/khong-co?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      error: { code: 'not_found', message: 'Không tìm thấy địa chỉ /api/v1/khong-co.' },
    });
  });

  it('answers in English when asked', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/api/nothing',
      headers: { 'accept-language': 'en-US,en;q=0.9,vi;q=0.5' },
    });
    expect(response.json<{ error: { message: string } }>().error.message).toBe(
      'Nothing found at /api/nothing.',
    );
  });
});

describe('request limits', () => {
  it('rejects a body over the limit with 413 and a clear message, and bad JSON with 400', async () => {
    const { buildApp } = await import('../../app');
    const app = await buildApp({
      config: { ...testApp.config, bodyLimitBytes: 1024 },
      database: testApp.database,
      logger: false,
    });
    app.post('/api/echo', (request, reply) => reply.send({ received: request.body }));
    await app.ready();
    const big = await app.inject({
      method: 'POST',
      url: '/api/echo',
      payload: { text: 'x'.repeat(5000) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(big.json<{ error: { message: string } }>().error.message).toContain('1 KB');
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"broken":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'bad_request' } });
    const wrongType = await app.inject({
      method: 'POST',
      url: '/api/echo',
      headers: { 'content-type': 'application/x-unknown' },
      payload: 'abc',
    });
    expect(wrongType.statusCode).toBe(415);
    await app.close();
  });
});
