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
    // "Đạt chuẩn" is recognition by a published decision: the demo has one recognised commune in
    // Lào Cai (decision 2150/QĐ-UBND of 05/12/2025), counted apart from what the data compute.
    const recognisedTarget = byCode.get('263.xa-ntm')!;
    expect(recognisedTarget).toMatchObject({
      op: 'gte',
      value: 80,
      basis: '263/QĐ-TTg ngày 22/02/2022',
      counts: 'recognised',
      noSource: null,
    });
    expect(recognisedTarget.progress.status).toBe('behind');
    expect(recognisedTarget.progress.current).toBeGreaterThan(0);
    expect(recognisedTarget.progress.current).toBeLessThan(5);
    // 924's online services: counted from the surveys and community reports on the platform; the
    // demo has none in 2025, so 0 % of the province's communes, with the communes counted.
    const online = byCode.get('924.dich-vu-truc-tuyen')!;
    expect(online).toMatchObject({
      counts: 'platform',
      noSource: null,
      measure: 'online_services',
    });
    expect(online.progress.current).toBe(0);
    // The share of communes meeting all 19 criteria by the data is a target of its own.
    const ntm = byCode.get('263.xa-ntm.theo-so-lieu')!;
    expect(ntm).toMatchObject({ op: 'gte', value: 80, counts: 'computed' });
    expect(ntm.name).toContain('(theo số liệu)');
    const summary = await call<StatsSummaryResponse>(
      'GET',
      '/api/v1/stats/summary?unit=15&year=2025',
      province,
    );
    const { met, communes } = summary.body.totals;
    expect(ntm.progress.year).toBe(2025);
    expect(ntm.progress.set).toMatchObject({ criteria: 19 });
    expect(ntm.progress.current).toBeCloseTo((met / communes) * 100, 1);
    expect(ntm.progress.gap).toBe(Math.max(0, Math.ceil(0.8 * communes) - met));
    expect(ntm.progress.status).toBe(met / communes >= 0.8 ? 'met' : 'behind');
    // The 2024 values of the old communes give the baseline.
    expect(ntm.progress.baseline).not.toBeNull();
    const water = byCode.get('924.chi-tieu-8.4')!;
    expect(water.progress.current).not.toBeNull();
    expect(water.metric).toEqual({
      set: { kind: 'standard', level: 'commune' },
      unitLevel: 'commune',
    });
  });

  it('answers "chưa có nguồn số liệu" with the capability named, never a number', async () => {
    const { body } = await call<ListTargetsResponse>(
      'GET',
      '/api/v1/targets?unit=15&year=2025',
      province,
    );
    const unmeasurable = body.items.filter((item) => item.counts === 'none');
    expect(unmeasurable.map((item) => item.code)).toEqual(
      expect.arrayContaining([
        '263.thu-nhap',
        '924.ho-so-tw-tinh',
        '924.ho-so-huyen',
        '924.ho-so-xa',
        '924.can-bo-tap-huan',
        '924.xa-htx',
        '924.huyen-lien-ket',
        '924.lien-ket-so',
        '924.xa-thong-minh',
      ]),
    );
    for (const item of unmeasurable) {
      expect(item.progress, item.code).toMatchObject({
        status: 'no_source',
        current: null,
        baseline: null,
        expected: null,
        percentDone: null,
        gap: null,
      });
      expect(item.noSource?.reason, item.code).toBe('capability');
      expect(item.noSource?.capability.name.length, item.code).toBeGreaterThan(5);
    }
    const byCode = new Map(body.items.map((item) => [item.code, item]));
    // Recognitions are measured now (the register), even where none is recorded yet.
    expect(byCode.get('263.xa-ntm')?.noSource).toBeNull();
    expect(byCode.get('263.xa-kieu-mau')?.progress.current).toBe(0);
    // Online services are measured since the surveys and community reports modules.
    expect(byCode.get('924.dich-vu-truc-tuyen')?.noSource).toBeNull();
    expect(byCode.get('924.xa-thong-minh')?.noSource?.capability.code).toBe('pilots');
    // A target whose set or indicator is not in the platform says so rather than failing.
    const absent = body.items.filter(
      (item) => item.noSource && item.noSource.reason !== 'capability',
    );
    for (const item of absent) {
      expect(item.progress.status).toBe('no_source');
      expect(item.noSource?.capability.code).toBe('criteria_set');
    }
    // A set that is not loaded at all: the model commune set (319) is a rule, not a set here.
    expect(byCode.get('924.huyen-nang-cao-9.2')?.progress.current ?? null).toBeNull();
  });

  it('counts every commune against "no commune under 15 criteria", those without data apart', async () => {
    const { body } = await call<ListTargetsResponse>(
      'GET',
      '/api/v1/targets?unit=15&year=2025',
      province,
    );
    const summary = await call<StatsSummaryResponse>(
      'GET',
      '/api/v1/stats/summary?unit=15&year=2025',
      province,
    );
    const totals = summary.body.totals;
    const below = body.items.find((item) => item.code === '263.xa-duoi-15')!;
    expect(below.progress.communes).toBe(totals.communes);
    // Communes without a result (or a class) are "chưa có số liệu", never passing.
    const withoutResult = totals.communes - totals.evaluated + totals.unclassified;
    expect(withoutResult).toBeGreaterThan(0);
    expect(below.progress.unknown).toBeGreaterThanOrEqual(withoutResult);
    expect(below.progress.current! + below.progress.unknown!).toBeLessThanOrEqual(totals.communes);
    expect(below.progress.gap).toBe(below.progress.current! + below.progress.unknown!);
    expect(below.progress.status).not.toBe('met');
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
  it('refuses a number out of range (1e308) with a Vietnamese 400, stores nothing, and keeps the list readable', async () => {
    const body = {
      code: 'lc.gioi-han-so',
      name: 'Số xã đạt dưới 15 tiêu chí của tỉnh Lào Cai',
      basis: 'Kế hoạch demo 02/KH-UBND',
      unit: '15',
      measure: 'communes_below_criteria',
      criteriaThreshold: 15,
      op: 'lte',
      value: 1e308,
      startDate: '2024-01-01',
      deadline: '2025-12-31',
    };
    const created = await call<{ error: { code: string; message: string } }>(
      'POST',
      '/api/v1/targets',
      province,
      body,
    );
    expect(created.status).toBe(400);
    expect(created.body.error.code).toBe('validation');
    expect(created.body.error.message).toContain('value: Số phải nhỏ hơn hoặc bằng');
    const ok = await call<TargetView>('POST', '/api/v1/targets', province, { ...body, value: 3 });
    expect(ok.status).toBe(201);
    const { code: _code, unit: _unit, ...rest } = body;
    const changed = await call<{ error: { code: string } }>(
      'PUT',
      '/api/v1/targets/lc.gioi-han-so',
      province,
      { ...rest, value: 1e308, version: 1 },
    );
    expect(changed.status).toBe(400);
    const stored = await queryRows<{ value: number }>(
      testApp.database.db,
      sql`SELECT value FROM target WHERE code = 'lc.gioi-han-so'`,
    );
    expect(stored.map((row) => Number(row.value))).toEqual([3]);
    expect((await call('GET', '/api/v1/targets?unit=15')).status).toBe(200);
    expect((await call('DELETE', '/api/v1/targets/lc.gioi-han-so', province)).status).toBe(204);
  });
});
