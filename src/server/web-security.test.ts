import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test/app';
import { signIn } from './modules/accounts/test-helpers';

/**
 * Cross-cutting request checks (issue 17): text that PostgreSQL cannot store, dates out of any
 * sane range, the Origin of state-changing requests, and validation messages in one language.
 * This app does not add a browser's Origin header for us: each test says what it sends.
 */

let testApp: TestApp;
let province: string;
let admin: string;
const ownOrigin = 'http://localhost';

beforeAll(async () => {
  testApp = await createTestApp({}, { browserOrigin: false });
  [province, admin] = await Promise.all([
    signIn(testApp.app, 'tinh.laocai'),
    signIn(testApp.app, 'admin'),
  ]);
});
afterAll(async () => {
  await testApp.close();
});

interface ErrorJson {
  error: { code: string; message: string };
}

describe('text fields', () => {
  it('refuses a NUL byte with a clear 400, in any text field', async () => {
    const login = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'xa.lam\u0000giang', password: 'whatever-123' },
    });
    expect(login.statusCode).toBe(400);
    expect(login.json<ErrorJson>().error.code).toBe('text_invalid');
    expect(login.json<ErrorJson>().error.message).toContain('username');
    expect(login.json<ErrorJson>().error.message).toContain('ký tự không hợp lệ');
    const note = await testApp.app.inject({
      method: 'PUT',
      url: '/api/v1/units/04381/values/6.3?set=xa-ntm-2021-2025&year=2025',
      headers: { cookie: province, origin: ownOrigin },
      payload: { value: 50, version: 0, note: 'ghi chú\u0000' },
    });
    expect(note.statusCode).toBe(400);
    expect(note.json<ErrorJson>().error.code).toBe('text_invalid');
  });

  it('refuses a lone surrogate (in the body or the query) with a 400', async () => {
    const body = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":"abc\\ud800","password":"whatever-123"}',
    });
    expect(body.statusCode).toBe(400);
    expect(body.json<ErrorJson>().error.code).toBe('text_invalid');
    const query = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/units/search?q=L%00a',
    });
    expect(query.statusCode).toBe(400);
    const english = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { username: 'a\u0000b', password: 'whatever-123' },
    });
    expect(english.json<ErrorJson>().error.message).toContain('invalid character');
  });
});

describe('dates', () => {
  it('answers 400, not 500, to an audit query up to 9999-12-31', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/audit?to=9999-12-31',
      headers: { cookie: admin },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorJson>().error.message).toContain('2100');
    const fine = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/audit?to=2100-12-31',
      headers: { cookie: admin },
    });
    expect(fine.statusCode).toBe(200);
  });

  it('refuses a unit attribute dated 9999, which would block every later correction', async () => {
    const response = await testApp.app.inject({
      method: 'PUT',
      url: '/api/v1/units/04381/attributes/commune_group',
      headers: { cookie: province, origin: ownOrigin },
      payload: { value: '1', validFrom: '9999-01-01', source: 'QĐ 123/QĐ-UBND ngày 01/03/2026' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorJson>().error.message).toContain('1900');
  });
});

describe('Origin of state-changing requests', () => {
  const logout = (headers: Record<string, string>) =>
    testApp.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });

  it('refuses a signed-in POST from another origin or without any origin, in Vietnamese', async () => {
    const cookie = await signIn(testApp.app, 'xa.lamgiang');
    const foreign = await logout({ cookie, origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json<ErrorJson>().error.code).toBe('origin_refused');
    expect(foreign.json<ErrorJson>().error.message).toContain('nguồn');
    const none = await logout({ cookie });
    expect(none.statusCode).toBe(403);
    const foreignReferer = await logout({ cookie, referer: 'https://evil.example/page' });
    expect(foreignReferer.statusCode).toBe(403);
    const english = await logout({ cookie, origin: 'null', 'accept-language': 'en' });
    expect(english.statusCode).toBe(403);
    expect(english.json<ErrorJson>().error.message).toContain('origin');
    // The session was never touched by the refused requests.
    const me = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie },
    });
    expect(me.statusCode).toBe(200);
    // Reads need no origin.
    const read = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(read.statusCode).toBe(200);
  });

  it('accepts the own origin (or, lacking it, the own Referer)', async () => {
    const first = await signIn(testApp.app, 'xa.lamgiang');
    expect((await logout({ cookie: first, origin: ownOrigin })).statusCode).toBe(204);
    const second = await signIn(testApp.app, 'xa.lamgiang');
    expect(
      (await logout({ cookie: second, referer: 'http://localhost/gia-tri?nam=2025' })).statusCode,
    ).toBe(204);
  });

  it('lets a client without cookies sign in without an Origin, never from a foreign one', async () => {
    const plain = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'xa.lamgiang', password: 'whatever-wrong-1' },
    });
    expect(plain.statusCode).toBe(401);
    const foreign = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { username: 'xa.lamgiang', password: 'whatever-wrong-1' },
    });
    expect(foreign.statusCode).toBe(403);
  });
});

describe('validation messages', () => {
  it('speaks Vietnamese only, zod issues included', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 5 },
    });
    expect(response.statusCode).toBe(400);
    const message = response.json<ErrorJson>().error.message;
    expect(message).toContain('Dữ liệu gửi lên không hợp lệ');
    expect(message).toContain('username: Cần một chuỗi ký tự');
    expect(message).toContain('password: Thiếu giá trị bắt buộc');
    expect(message).not.toMatch(/Invalid|expected|received/);
    const english = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'accept-language': 'en' },
      payload: { username: 5 },
    });
    expect(english.json<ErrorJson>().error.message).toContain('username: expected a string');
  });
});
