import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { queryRows } from '../../db/client';
import { demoPassword } from './demo';
import { scheduleSessionPurge, SESSION_PURGE_FIRST_DELAY_MS } from './housekeeping';
import { RESOLVED_ACTOR_TTL_MS } from './sessions';
import { signIn } from './test-helpers';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp();
});
afterAll(async () => {
  await testApp.close();
});

const login = (username: string, password: string, cookie?: string) =>
  testApp.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    ...(cookie ? { headers: { cookie } } : {}),
  });
const me = (cookie?: string) =>
  testApp.app.inject({
    method: 'GET',
    url: '/api/v1/auth/me',
    ...(cookie ? { headers: { cookie } } : {}),
  });

async function auditCount(action: string, outcome: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    testApp.database.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND outcome = ${outcome}`,
  );
  return row?.n ?? 0;
}

describe('sign-in', () => {
  it('issues an httpOnly SameSite cookie and answers who is signed in', async () => {
    const response = await login('XA.LAMGIANG', demoPassword);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'ntm_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(response.json()).toMatchObject({
      user: {
        username: 'xa.lamgiang',
        roles: [
          { role: 'commune', unit: { code: '04381', name: 'Xã Lâm Giang', level: 'commune' } },
        ],
      },
    });
    const who = await me(`ntm_session=${cookie!.value}`);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ username: 'xa.lamgiang', mustChangePassword: false });
  });

  it('refuses a wrong password or an unknown user with the same Vietnamese message', async () => {
    const failedBefore = await auditCount('session.login', 'failed');
    const wrong = await login('xa.lamgiang', 'not-the-password-1');
    const unknown = await login('khong.ton.tai', 'whatever-123');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json<{ error: { message: string } }>().error.message).toBe(
      'Tên đăng nhập hoặc mật khẩu không đúng.',
    );
    expect(unknown.json<{ error: { message: string } }>().error.message).toBe(
      wrong.json<{ error: { message: string } }>().error.message,
    );
    expect(wrong.cookies.find((c) => c.name === 'ntm_session')).toBeUndefined();
    expect(await auditCount('session.login', 'failed')).toBe(failedBefore + 2);
  });

  it('locks an account for one address only, and answers a locked pair like a wrong password', async () => {
    const from = (remoteAddress: string, username: string, password: string) =>
      testApp.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password },
        remoteAddress,
      });
    const attacker = '203.0.113.7';
    for (let attempt = 1; attempt <= testApp.config.loginMaxFailures; attempt++) {
      expect((await from(attacker, 'xem.laocai', `wrong-password-${attempt}`)).statusCode).toBe(
        401,
      );
    }
    const wrong = await from(attacker, 'xem.laocai', 'wrong-password-again');
    const right = await from(attacker, 'xem.laocai', demoPassword);
    const unknown = await from(attacker, 'khong.co.ai', 'whatever-123');
    for (const response of [wrong, right, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        error: {
          code: 'auth.invalid_credentials',
          message: 'Tên đăng nhập hoặc mật khẩu không đúng.',
        },
      });
    }
    expect(right.cookies.find((c) => c.name === 'ntm_session')).toBeUndefined();
    // The owner, from their own address, is not locked out by someone else's guesses.
    expect((await from('198.51.100.20', 'xem.laocai', demoPassword)).statusCode).toBe(200);
    // The audit log tells the administrator what the answer does not: the pair was locked.
    const [row] = await queryRows<{ reason: string }>(
      testApp.database.db,
      sql`SELECT details->>'reason' AS reason FROM audit_log
          WHERE action = 'session.login' AND outcome = 'failed' AND ip = ${attacker}
            AND details->>'username' = 'xem.laocai'
          ORDER BY id DESC LIMIT 1`,
    );
    expect(row?.reason).toBe('auth.locked');
  });

  it('rotates the session at sign-in: the cookie the browser carried stops working', async () => {
    const first = await signIn(testApp.app, 'so.laocai');
    const second = await login('so.laocai', demoPassword, first);
    expect(second.statusCode).toBe(200);
    const secondCookie = `ntm_session=${second.cookies.find((c) => c.name === 'ntm_session')!.value}`;
    expect(secondCookie).not.toBe(first);
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(secondCookie)).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('answers 401 to a forged cookie; an anonymous refused read is a metric, not an audit row', async () => {
    const deniedBefore = await auditCount('GET /api/v1/auth/me', 'denied');
    const health = async () =>
      (await testApp.app.inject({ method: 'GET', url: '/api/health' })).json<{
        metrics: { anonymousRefusals: number };
      }>().metrics.anonymousRefusals;
    const countedBefore = await health();
    const forged = await me('ntm_session=forged-token-value');
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ error: { code: 'auth.required' } });
    expect((await me()).statusCode).toBe(401);
    expect(await auditCount('GET /api/v1/auth/me', 'denied')).toBe(deniedBefore);
    expect(await health()).toBe(countedBefore + 2);
  });

  it('audits a signed-in refusal under a request id of its own, never the client-chosen one', async () => {
    const cookie = await signIn(testApp.app, 'xa.lamgiang');
    const refused = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { cookie, 'x-request-id': 'chosen-by-client-0001' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['x-request-id']).not.toBe('chosen-by-client-0001');
    const rows = await queryRows<{ requestId: string }>(
      testApp.database.db,
      sql`SELECT request_id AS "requestId" FROM audit_log
          WHERE action = 'GET /api/v1/users' AND outcome = 'denied' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]?.requestId).toBe(refused.headers['x-request-id']);
    expect(rows[0]?.requestId).not.toBe('chosen-by-client-0001');
  });

  it('ends a session after the idle limit and after the absolute limit', async () => {
    const idle = await signIn(testApp.app, 'thamdinh.laocai');
    await testApp.database.db.execute(
      sql`UPDATE session SET last_seen_at = now() - make_interval(mins => ${testApp.config.sessionIdleMinutes + 1})
          WHERE user_id = (SELECT id FROM app_user WHERE username = 'thamdinh.laocai')`,
    );
    expect((await me(idle)).statusCode).toBe(401);
    const absolute = await signIn(testApp.app, 'thamdinh.laocai');
    await testApp.database.db.execute(
      sql`UPDATE session SET expires_at = now() - interval '1 second'
          WHERE user_id = (SELECT id FROM app_user WHERE username = 'thamdinh.laocai')`,
    );
    expect((await me(absolute)).statusCode).toBe(401);
  });

  it('logs out one session, or every session', async () => {
    const phone = await signIn(testApp.app, 'ocop.laocai');
    const laptop = await signIn(testApp.app, 'ocop.laocai');
    const out = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: phone },
    });
    expect(out.statusCode).toBe(204);
    expect((await me(phone)).statusCode).toBe(401);
    expect((await me(laptop)).statusCode).toBe(200);
    const desk = await signIn(testApp.app, 'ocop.laocai');
    const all = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout-all',
      headers: { cookie: desk },
    });
    expect(all.json()).toEqual({ revoked: 2 });
    expect((await me(laptop)).statusCode).toBe(401);
    expect((await me(desk)).statusCode).toBe(401);
  });
});

describe('resolved sessions kept a moment', () => {
  it('a session revoked by another process stops working within 5 seconds', async () => {
    const cookie = await signIn(testApp.app, 'tinh.laocai');
    expect((await me(cookie)).statusCode).toBe(200);
    // Another process (a second server on the same PostgreSQL) revokes it behind this one's back.
    await testApp.database.db.execute(
      sql`UPDATE session SET revoked_at = now()
          WHERE user_id = (SELECT id FROM app_user WHERE username = 'tinh.laocai')`,
    );
    expect(RESOLVED_ACTOR_TTL_MS).toBeLessThanOrEqual(5000);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + RESOLVED_ACTOR_TTL_MS + 1 });
    try {
      expect((await me(cookie)).statusCode).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a change made in this process applies to the very next request', async () => {
    const cookie = await signIn(testApp.app, 'tinh.laocai');
    const other = await signIn(testApp.app, 'tinh.laocai');
    expect((await me(cookie)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(200);
    const out = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout-all',
      headers: { cookie: other },
    });
    expect(out.statusCode).toBeLessThan(300);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('deletes sessions that ended long ago, on a schedule', async () => {
    await signIn(testApp.app, 'tinh.laocai');
    await testApp.database.db.execute(
      sql`UPDATE session SET expires_at = now() - interval '40 days', revoked_at = NULL
          WHERE user_id = (SELECT id FROM app_user WHERE username = 'tinh.laocai')`,
    );
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          testApp.database.db,
          sql`SELECT count(*)::int AS n FROM session
              WHERE user_id = (SELECT id FROM app_user WHERE username = 'tinh.laocai')`,
        )
      )[0]!.n;
    expect(await count()).toBeGreaterThan(0);
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval'] });
    try {
      const { default: Fastify } = await import('fastify');
      const app = Fastify({ logger: false });
      app.decorate('database', testApp.database);
      scheduleSessionPurge(app);
      vi.advanceTimersByTime(SESSION_PURGE_FIRST_DELAY_MS);
      vi.useRealTimers();
      for (let i = 0; i < 100 && (await count()) > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await count()).toBe(0);
      await app.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('passwords', () => {
  const change = (cookie: string, currentPassword: string, newPassword: string) =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword, newPassword },
    });

  it('refuses weak passwords with a reason, and a wrong current password', async () => {
    const cookie = await signIn(testApp.app, 'trunguong');
    const cases: Array<[string, string]> = [
      ['ngan1', 'ít nhất 10 ký tự'],
      ['chiconchu-khongso', 'cả chữ và số'],
      ['trunguong2025x', 'không được chứa tên đăng nhập'],
      ['password1234', 'quá phổ biến'],
    ];
    for (const [password, reason] of cases) {
      const response = await change(cookie, demoPassword, password);
      expect(response.statusCode, password).toBe(400);
      expect(response.json<{ error: { message: string } }>().error.message).toContain(reason);
    }
    const wrongCurrent = await change(cookie, 'not-it-123456', 'MatKhauMoi2026');
    expect(wrongCurrent.statusCode).toBe(400);
    expect((await login('trunguong', demoPassword)).statusCode).toBe(200);
  });

  it('an administrator reset forces a change before anything else; the change ends other sessions', async () => {
    const admin = await signIn(testApp.app, 'admin');
    const victimOther = await signIn(testApp.app, 'huyen.vanyen');
    const [user] = await queryRows<{ id: string }>(
      testApp.database.db,
      sql`SELECT id FROM app_user WHERE username = 'huyen.vanyen'`,
    );
    const reset = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/users/${user!.id}/reset-password`,
      headers: { cookie: admin },
      payload: { newPassword: 'TamThoi2026abc' },
    });
    expect(reset.statusCode).toBe(204);
    expect((await me(victimOther)).statusCode).toBe(401);
    const cookie = await signIn(testApp.app, 'huyen.vanyen', 'TamThoi2026abc');
    expect((await me(cookie)).json()).toMatchObject({ mustChangePassword: true });
    const blocked = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { cookie },
    });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ error: { code: 'auth.password_change_required' } });
    const same = await change(cookie, 'TamThoi2026abc', 'TamThoi2026abc');
    expect(same.statusCode).toBe(400);
    const sameError = same.json<{ error: { code: string; message: string } }>().error;
    expect(sameError.code).toBe('accounts.password_unchanged');
    expect(sameError.message).toContain('khác');
    expect((await change(cookie, 'TamThoi2026abc', 'MatKhauRieng2026')).statusCode).toBe(204);
    expect((await me(cookie)).json()).toMatchObject({ mustChangePassword: false });
  });
});
