import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import type { ListTargetsResponse, TargetView } from './api';
import type { StatsSummaryResponse } from '../evaluation/api';

let testApp: TestApp;
let province: string;
let commune: string;

beforeAll(async () => {
  testApp = await createTestApp();
  [province, commune] = await Promise.all([
    signIn(testApp.app, 'tinh.laocai'),
    signIn(testApp.app, 'xa.lamgiang'),
  ]);
});
afterAll(async () => {
  await testApp.close();
});

async function call<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  cookie?: string,
  payload?: unknown,
) {
  const response = await testApp.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return {
    status: response.statusCode,
    body: response.body === '' ? (null as T) : response.json<T>(),
  };
}

describe('programme targets', () => {
  it('ships the 263 and 924 targets, measured for Lào Cai from stored evaluations', async () => {
    const { status, body } = await call<ListTargetsResponse>(
      'GET',
      '/api/v1/targets?unit=15&year=2025',
      province,
    );
    expect(status).toBe(200);
    const byCode = new Map(body.items.map((item) => [item.code, item]));
    const ntm = byCode.get('263.xa-ntm')!;
    expect(ntm).toMatchObject({ op: 'gte', value: 80, basis: '263/QĐ-TTg ngày 22/02/2022' });
    const summary = await call<StatsSummaryResponse>(
      'GET',
      '/api/v1/stats/summary?unit=15&year=2025',
      province,
    );
    const { met, communes } = summary.body.totals;
    expect(ntm.progress.year).toBe(2025);
    expect(ntm.progress.current).toBeCloseTo((met / communes) * 100, 1);
    expect(ntm.progress.gap).toBe(Math.max(0, Math.ceil(0.8 * communes) - met));
    expect(ntm.progress.status).toBe(met / communes >= 0.8 ? 'met' : 'behind');
    // The 2024 values of the old communes give the baseline.
    expect(ntm.progress.baseline).not.toBeNull();
    expect(byCode.get('263.xa-nang-cao')?.progress.status).toBe('no_data');
    const below = byCode.get('263.xa-duoi-15')!;
    expect(below.progress.current).toBe(
      summary.body.totals.bands.b2! + summary.body.totals.bands.b3! + summary.body.totals.bands.b4!,
    );
    const water = byCode.get('924.chi-tieu-8.4')!;
    expect(water.progress.current).not.toBeNull();
  });

  it('lets the province office set, change and delete its own targets, never the programme ones', async () => {
    const body = {
      code: 'lc.xa-ntm-2025',
      name: 'Tỷ lệ xã đạt chuẩn nông thôn mới của tỉnh Lào Cai',
      basis: 'Nghị quyết demo 01/NQ-HĐND',
      unit: '15',
      measure: 'communes_met_share',
      op: 'gte',
      value: 60,
      startDate: '2024-01-01',
      deadline: '2025-12-31',
    };
    const byCommune = await call<{ error: { code: string } }>(
      'POST',
      '/api/v1/targets',
      commune,
      body,
    );
    expect(byCommune.status).toBe(403);
    const invalid = await call<{ error: { code: string } }>('POST', '/api/v1/targets', province, {
      ...body,
      value: 120,
    });
    expect(invalid.status).toBe(422);
    const created = await call<TargetView>('POST', '/api/v1/targets', province, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ issuer: '15', source: 'user', scope: { code: '15' } });
    const listed = await call<ListTargetsResponse>('GET', '/api/v1/targets?unit=15', province);
    expect(listed.body.items.map((item) => item.code)).toContain('lc.xa-ntm-2025');
    const national = await call<ListTargetsResponse>('GET', '/api/v1/targets');
    expect(national.body.items.map((item) => item.code)).not.toContain('lc.xa-ntm-2025');

    const { code: _code, unit: _unit, ...rest } = body;
    const stale = await call<{ error: { code: string } }>(
      'PUT',
      '/api/v1/targets/lc.xa-ntm-2025',
      province,
      { ...rest, value: 65, version: 9 },
    );
    expect(stale.status).toBe(409);
    const updated = await call<TargetView>('PUT', '/api/v1/targets/lc.xa-ntm-2025', province, {
      ...rest,
      value: 65,
      version: 1,
    });
    expect(updated.body).toMatchObject({ value: 65, version: 2 });
    const programme = await call<{ error: { code: string } }>(
      'DELETE',
      '/api/v1/targets/263.xa-ntm',
      province,
    );
    expect(programme.status).toBe(403);
    const deleted = await call('DELETE', '/api/v1/targets/lc.xa-ntm-2025', province);
    expect(deleted.status).toBe(204);
    const audit = await queryRows<{ action: string }>(
      testApp.database.db,
      sql`SELECT action FROM audit_log WHERE entity_type = 'target' ORDER BY id`,
    );
    expect(audit.map((row) => row.action)).toEqual([
      'target.create',
      'target.update',
      'target.delete',
    ]);
  });
});
