import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { queryRows } from '../../db/client';
import { signIn } from './test-helpers';

let testApp: TestApp;
let admin: string;
beforeAll(async () => {
  testApp = await createTestApp();
  admin = await signIn(testApp.app, 'admin');
});
afterAll(async () => {
  await testApp.close();
});

interface UserBody {
  id: string;
  version: number;
  displayName: string;
  active: boolean;
}

async function createUser(payload: Record<string, unknown>) {
  return testApp.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { cookie: admin },
    payload,
  });
}

describe('creating users', () => {
  it('creates a user, audited with the after state and without the password hash', async () => {
    const response = await createUser({
      username: 'Can.Bo.Moi',
      displayName: 'Nguyễn Thị Mới',
      email: 'moi@example.vn',
      password: 'MatKhauMoi2026',
      roles: [{ role: 'commune', unitCode: '04381' }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const user = response.json<UserBody & { username: string }>();
    expect(user).toMatchObject({ username: 'can.bo.moi', version: 1, active: true });
    const [entry] = await queryRows<{ after: Record<string, unknown>; province_code: string }>(
      testApp.database.db,
      sql`SELECT after, province_code FROM audit_log WHERE action = 'user.create' AND entity_id = ${user.id}`,
    );
    expect(entry?.after).toMatchObject({ username: 'can.bo.moi' });
    expect(JSON.stringify(entry?.after)).not.toContain('argon2');
    expect(entry?.province_code).toBe('15');
  });

  it.each([
    [{ username: 'ab' }, 400, 'không hợp lệ'],
    [{ username: 'tên có dấu' }, 400, 'không hợp lệ'],
    [{ username: 'admin' }, 409, 'đã có người dùng'],
    [{ roles: [{ role: 'commune', unitCode: '15' }] }, 400, 'phải gắn với đơn vị cấp commune'],
    [{ roles: [{ role: 'province' }] }, 400, 'cần gắn với một đơn vị hành chính'],
    [{ roles: [{ role: 'commune', unitCode: '99999' }] }, 404, '99999'],
    [{ password: 'ngan' }, 400, 'ít nhất 10 ký tự'],
  ])(
    'refuses %j with %i and a clear message, creating nothing',
    async (change, status, message) => {
      const before = await queryRows<{ n: number }>(
        testApp.database.db,
        sql`SELECT count(*)::int AS n FROM app_user`,
      );
      const response = await createUser({
        username: 'hop.le',
        displayName: 'Hợp Lệ',
        password: 'MatKhauMoi2026',
        roles: [{ role: 'commune', unitCode: '04381' }],
        ...change,
      });
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json<{ error: { message: string } }>().error.message).toContain(message);
      const after = await queryRows<{ n: number }>(
        testApp.database.db,
        sql`SELECT count(*)::int AS n FROM app_user`,
      );
      expect(after[0]!.n).toBe(before[0]!.n);
    },
  );
});

describe('editing users', () => {
  it('detects concurrent edits: the second editor gets 409 and nothing is overwritten', async () => {
    const created = (
      await createUser({
        username: 'sua.dong.thoi',
        displayName: 'Ban Đầu',
        password: 'MatKhauMoi2026',
        roles: [{ role: 'viewer', unitCode: '15' }],
      })
    ).json<UserBody>();
    const edit = (displayName: string, version: number) =>
      testApp.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${created.id}`,
        headers: { cookie: admin },
        payload: { version, displayName },
      });
    const first = await edit('Người Thứ Nhất', created.version);
    expect(first.statusCode).toBe(200);
    expect(first.json<UserBody>()).toMatchObject({ displayName: 'Người Thứ Nhất', version: 2 });
    const second = await edit('Người Thứ Hai', created.version);
    expect(second.statusCode).toBe(409);
    expect(second.json<{ error: { message: string } }>().error.message).toContain(
      'phiên bản hiện tại 2',
    );
    const [row] = await queryRows<{ display_name: string }>(
      testApp.database.db,
      sql`SELECT display_name FROM app_user WHERE id = ${created.id}`,
    );
    expect(row?.display_name).toBe('Người Thứ Nhất');
  });

  it('deactivating a user ends their sessions and blocks sign-in', async () => {
    const cookie = await signIn(testApp.app, 'xem.laocai');
    const [row] = await queryRows<{ id: string; version: number }>(
      testApp.database.db,
      sql`SELECT id, version FROM app_user WHERE username = 'xem.laocai'`,
    );
    const response = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${row!.id}`,
      headers: { cookie: admin },
      payload: { version: row!.version, active: false },
    });
    expect(response.statusCode).toBe(200);
    expect(
      (await testApp.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } }))
        .statusCode,
    ).toBe(401);
    const login = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'xem.laocai', password: 'NongThonMoi2025' },
    });
    expect(login.statusCode).toBe(403);
  });
});

describe('audit log', () => {
  it('is readable and filterable by administrators only', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=user.create&pageSize=5',
      headers: { cookie: admin },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ items: Array<{ action: string }>; total: number }>();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.every((item) => item.action === 'user.create')).toBe(true);
    const province = await signIn(testApp.app, 'tinh.laocai');
    expect(
      (
        await testApp.app.inject({
          method: 'GET',
          url: '/api/v1/audit',
          headers: { cookie: province },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('has no route that changes it, and the database refuses updates and deletes', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const response = await testApp.app.inject({
        method,
        url: '/api/v1/audit',
        headers: { cookie: admin },
      });
      expect(response.statusCode).toBe(404);
    }
    const refusal = async (statement: ReturnType<typeof sql>) => {
      const error = (await testApp.database.db
        .execute(statement)
        .catch((e: unknown) => e)) as Error & {
        cause?: Error;
      };
      return `${error.message} ${error.cause?.message ?? ''}`;
    };
    expect(await refusal(sql`UPDATE audit_log SET action = 'x'`)).toMatch(/append-only/);
    expect(await refusal(sql`DELETE FROM audit_log`)).toMatch(/append-only/);
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 with the wait in seconds beyond the per-minute limit', async () => {
    const limited = await createTestApp({ NTM_LOGIN_RATE_PER_MINUTE: '2' });
    try {
      const attempt = () =>
        limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'admin', password: 'wrong-password-1' },
        });
      expect((await attempt()).statusCode).toBe(401);
      expect((await attempt()).statusCode).toBe(401);
      const third = await attempt();
      expect(third.statusCode).toBe(429);
      expect(third.json<{ error: { message: string } }>().error.message).toMatch(/sau \d+ giây/);
    } finally {
      await limited.close();
    }
  });
});
