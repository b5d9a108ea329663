import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { queryRows } from '../../db/client';
import { AppError } from '../../errors';
import { findUnit } from '../units/service';
import type { RequestContext } from '../../auth/actor';
import { assertUnitAccess } from '../units/access';
import { type AccessMode } from '../../auth/policy';
import { loadActor } from './service';
import { signIn } from './test-helpers';

let testApp: TestApp;
const unitIds: Record<string, number> = {};

/** Units the matrix targets, each with the date its code is read at. */
const targets = {
  /** The new Xã Lâm Giang (Lào Cai), from 01/07/2025. */
  lamGiangNew: ['04381', '2025-07-01'],
  /** The old Xã Lang Thíp (Văn Yên, Yên Bái), merged into the new Lâm Giang. */
  langThipOld: ['04378', '2025-06-30'],
  /** Another commune of the new Tỉnh Lào Cai (looked up below). */
  otherLaoCaiCommune: ['', '2025-07-01'],
  /** Phường Hồng Hà, Hà Nội (code 00097 after the reform): another province. */
  hanoiWard: ['00097', '2025-07-01'],
} as const;
type Target = keyof typeof targets;

beforeAll(async () => {
  testApp = await createTestApp();
  const db = testApp.database.db;
  for (const [name, [code, date]] of Object.entries(targets)) {
    if (!code) continue;
    const unit = await findUnit(db, code, date);
    if (!unit) throw new Error(`test unit ${code} missing`);
    unitIds[name] = unit.id;
  }
  // Any current commune of province 15 other than Lâm Giang.
  const [other] = await queryRows<{ id: number }>(
    db,
    sql`SELECT c.id FROM unit c JOIN unit p ON p.id = c.parent_id
        WHERE p.code = '15' AND p.valid_to IS NULL AND c.valid_to IS NULL AND c.code <> '04381'
        ORDER BY c.code LIMIT 1`,
  );
  unitIds.otherLaoCaiCommune = other!.id;
});
afterAll(async () => {
  await testApp.close();
});

async function contextOf(username: string): Promise<RequestContext> {
  const [row] = await queryRows<{ id: string }>(
    testApp.database.db,
    sql`SELECT id FROM app_user WHERE username = ${username}`,
  );
  return {
    actor: await loadActor(testApp.database.db, row!.id),
    ip: '127.0.0.1',
    requestId: 'test',
  };
}

async function allowed(username: string, target: Target, mode: AccessMode): Promise<boolean> {
  try {
    await assertUnitAccess(testApp.database.db, await contextOf(username), unitIds[target]!, mode);
    return true;
  } catch (error) {
    if (error instanceof AppError && error.status === 403) return false;
    throw error;
  }
}

// role account → target → [read, write]: the expected decisions.
const Y = true;
const N = false;
const matrix: Record<string, Record<Target, [boolean, boolean]>> = {
  admin: {
    lamGiangNew: [Y, Y],
    langThipOld: [Y, Y],
    otherLaoCaiCommune: [Y, Y],
    hanoiWard: [Y, Y],
  },
  trunguong: {
    lamGiangNew: [Y, N],
    langThipOld: [Y, N],
    otherLaoCaiCommune: [Y, N],
    hanoiWard: [Y, N],
  },
  'tinh.laocai': {
    lamGiangNew: [Y, Y],
    langThipOld: [Y, Y],
    otherLaoCaiCommune: [Y, Y],
    hanoiWard: [N, N],
  },
  'so.laocai': {
    lamGiangNew: [Y, N],
    langThipOld: [Y, N],
    otherLaoCaiCommune: [Y, N],
    hanoiWard: [N, N],
  },
  // The old district office covers the old communes of Văn Yên, not the new map.
  'huyen.vanyen': {
    lamGiangNew: [N, N],
    langThipOld: [Y, Y],
    otherLaoCaiCommune: [N, N],
    hanoiWard: [N, N],
  },
  // The new commune's officer also holds the history of the communes merged into it.
  'xa.lamgiang': {
    lamGiangNew: [Y, Y],
    langThipOld: [Y, Y],
    otherLaoCaiCommune: [N, N],
    hanoiWard: [N, N],
  },
  'thamdinh.laocai': {
    lamGiangNew: [Y, N],
    langThipOld: [Y, N],
    otherLaoCaiCommune: [Y, N],
    hanoiWard: [N, N],
  },
  'ocop.laocai': {
    lamGiangNew: [Y, N],
    langThipOld: [Y, N],
    otherLaoCaiCommune: [Y, N],
    hanoiWard: [N, N],
  },
  // The Front committee reads its commune; it writes only what the survey policy grants it.
  'mttq.lamgiang': {
    lamGiangNew: [Y, N],
    langThipOld: [Y, N],
    otherLaoCaiCommune: [N, N],
    hanoiWard: [N, N],
  },
  'xem.laocai': {
    lamGiangNew: [Y, N],
    langThipOld: [Y, N],
    otherLaoCaiCommune: [Y, N],
    hanoiWard: [N, N],
  },
};

describe('scope matrix: role × unit inside/outside × read/write (policy)', () => {
  for (const [username, row] of Object.entries(matrix)) {
    for (const [target, [read, write]] of Object.entries(row) as Array<
      [Target, [boolean, boolean]]
    >) {
      it(`${username} → ${target}: read ${read ? 'allowed' : 'refused'}, write ${write ? 'allowed' : 'refused'}`, async () => {
        expect(await allowed(username, target, 'read')).toBe(read);
        expect(await allowed(username, target, 'write')).toBe(write);
      });
    }
  }

  it('names the unit in the refusal, in Vietnamese', async () => {
    const error = await assertUnitAccess(
      testApp.database.db,
      await contextOf('xa.lamgiang'),
      unitIds.hanoiWard!,
      'write',
    ).catch((e: unknown) => e);
    expect((error as AppError).messageIn('vi')).toBe(
      'Bạn không có quyền thay đổi dữ liệu của Phường Hồng Hà (00097): đơn vị này nằm ngoài phạm vi được phân công.',
    );
  });

  it('refuses an anonymous caller with 401', async () => {
    const error = await assertUnitAccess(
      testApp.database.db,
      { actor: null, ip: null, requestId: null },
      unitIds.lamGiangNew!,
      'read',
    ).catch((e: unknown) => e);
    expect((error as AppError).status).toBe(401);
  });
});

describe('scope through the API: user management', () => {
  const post = (cookie: string, unitCode: string, username: string) =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie },
      payload: {
        username,
        displayName: 'Cán bộ thử nghiệm',
        password: 'MatKhauThu2026',
        roles: [{ role: 'commune', unitCode }],
      },
    });
  const list = (cookie: string, unit: string) =>
    testApp.app.inject({ method: 'GET', url: `/api/v1/users?unit=${unit}`, headers: { cookie } });

  async function userExists(username: string): Promise<boolean> {
    const rows = await queryRows(
      testApp.database.db,
      sql`SELECT 1 FROM app_user WHERE username = ${username}`,
    );
    return rows.length > 0;
  }
  async function deniedCount(): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      testApp.database.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied'`,
    );
    return row!.n;
  }

  // [account, target unit, expected read status, expected write status]
  const cases: Array<[string, string, number, number]> = [
    ['admin', '00097', 200, 201],
    ['tinh.laocai', '04381', 200, 201],
    ['tinh.laocai', '00097', 403, 403],
    ['xa.lamgiang', '04381', 403, 403],
    ['xa.lamgiang', '00097', 403, 403],
    ['trunguong', '04381', 403, 403],
    ['xem.laocai', '04381', 403, 403],
  ];
  for (const [account, unit, readStatus, writeStatus] of cases) {
    it(`${account} at ${unit}: list ${readStatus}, create ${writeStatus}; a refusal changes nothing and is logged`, async () => {
      const cookie = await signIn(testApp.app, account);
      const denied = await deniedCount();
      expect((await list(cookie, unit)).statusCode).toBe(readStatus);
      const username = `thu.${account.replace('.', '')}.${unit}`;
      const created = await post(cookie, unit, username);
      expect(created.statusCode, created.body).toBe(writeStatus);
      expect(await userExists(username)).toBe(writeStatus === 201);
      const refusals = (readStatus === 403 ? 1 : 0) + (writeStatus === 403 ? 1 : 0);
      expect(await deniedCount()).toBe(denied + refusals);
    });
  }

  it('a province office sees only the accounts inside its province', async () => {
    const cookie = await signIn(testApp.app, 'tinh.laocai');
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/users?pageSize=200',
      headers: { cookie },
    });
    const usernames = response
      .json<{ items: Array<{ username: string }> }>()
      .items.map((u) => u.username);
    expect(usernames).toContain('xa.lamgiang');
    expect(usernames).toContain('huyen.vanyen');
    expect(usernames).not.toContain('admin');
    expect(usernames).not.toContain('trunguong');
  });

  it('anonymous callers get 401 on protected routes', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/v1/users' });
    expect(response.statusCode).toBe(401);
  });
});
