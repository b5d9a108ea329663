import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import type { StatsCommunesResponse, StatsSummaryResponse } from './api';
import { statsRefreshCount, statsRefreshesSettled } from './service';

let testApp: TestApp;
let province: string;
let commune: string;
let admin: string;

beforeAll(async () => {
  testApp = await createTestApp();
  [province, commune, admin] = await Promise.all([
    signIn(testApp.app, 'tinh.laocai'),
    signIn(testApp.app, 'xa.lamgiang'),
    signIn(testApp.app, 'admin'),
  ]);
});
afterAll(async () => {
  await testApp.close();
});

async function get<T>(url: string, cookie?: string, headers: Record<string, string> = {}) {
  const response = await testApp.app.inject({
    method: 'GET',
    url,
    headers: cookie ? { cookie, ...headers } : headers,
  });
  return {
    status: response.statusCode,
    body: response.statusCode === 304 ? (null as T) : response.json<T>(),
    etag: response.headers.etag,
  };
}

describe('GET /api/v1/stats/summary', () => {
  it('rolls up the demo communes of Lào Cai for 2025 from stored evaluations', async () => {
    const { status, body } = await get<StatsSummaryResponse>(
      '/api/v1/stats/summary?unit=15&year=2025',
      province,
    );
    expect(status).toBe(200);
    expect(body.unit).toMatchObject({ code: '15', name: 'Tỉnh Lào Cai' });
    expect(body.approvedOnly).toBe(false);
    expect(body.set).toMatchObject({ code: 'xa-ntm-2021-2025', criteriaTotal: 19 });
    const { totals } = body;
    // Every rural commune of Lào Cai but the demo commune has demo values.
    expect(totals.evaluated).toBe(totals.communes - 1);
    expect(totals.met).toBeGreaterThan(totals.evaluated * 0.5);
    expect(totals.met).toBeLessThan(totals.evaluated * 0.9);
    expect(Object.values(totals.bands).reduce((a, b) => a + b, 0)).toBe(totals.evaluated);
    expect(totals.bands.all).toBe(totals.met);
    expect(body.criteria).toHaveLength(19);
    expect(body.criteria.every((c) => c.met >= totals.met && c.met <= totals.evaluated)).toBe(true);
    expect(body.indicators).toHaveLength(30);
    // The province's children after the reform are its communes and wards.
    expect(body.children.length).toBeGreaterThan(50);
    expect(body.children.reduce((sum, child) => sum + child.communes, 0)).toBe(totals.communes);
    // 2024 on the 2025 map: the old communes of Lào Cai and Yên Bái placed in the new province.
    expect(body.previousYear?.year).toBe(2024);
    expect(body.previousYear?.totals.evaluated).toBeGreaterThan(totals.evaluated);
  });

  it('shows guests and readers outside the scope approved data only', async () => {
    const guest = await get<StatsSummaryResponse>('/api/v1/stats/summary?unit=15&year=2025');
    expect(guest.status).toBe(200);
    expect(guest.body.approvedOnly).toBe(true);
    expect(guest.body.totals.evaluated).toBe(7);
    const national = await get<StatsSummaryResponse>('/api/v1/stats/summary?year=2025', commune);
    expect(national.body.approvedOnly).toBe(true);
    const nationalAdmin = await get<StatsSummaryResponse>('/api/v1/stats/summary?year=2025', admin);
    expect(nationalAdmin.body.approvedOnly).toBe(false);
    expect(nationalAdmin.body.unit).toBeNull();
    expect(nationalAdmin.body.children).toHaveLength(34);
    expect(nationalAdmin.body.totals.communes).toBeGreaterThan(2500);
  });

  it('reads 2024 as it stood (old Yên Bái held code 15) or re-cut to today’s map', async () => {
    const asItStood = await get<StatsSummaryResponse>(
      '/api/v1/stats/summary?unit=15&year=2024',
      admin,
    );
    expect(asItStood.body.unit?.name).toBe('Tỉnh Yên Bái');
    const recut = await get<StatsSummaryResponse>(
      '/api/v1/stats/summary?unit=15&year=2024&map=current',
      admin,
    );
    expect(recut.body.unit?.name).toBe('Tỉnh Lào Cai');
    expect(recut.body.totals.communes).toBeGreaterThan(asItStood.body.totals.communes);
    expect(recut.body.totals.evaluated).toBeGreaterThan(asItStood.body.totals.evaluated);
  });

  it('answers 304 when the ETag matches', async () => {
    const first = await get<StatsSummaryResponse>('/api/v1/stats/summary?unit=15&year=2025');
    expect(first.etag).toBeTruthy();
    const again = await get<StatsSummaryResponse>(
      '/api/v1/stats/summary?unit=15&year=2025',
      undefined,
      {
        'if-none-match': first.etag!,
      },
    );
    expect(again.status).toBe(304);
  });
});

describe('cached roll-ups', () => {
  it('serve the last complete roll-up at once, then the saved value once its refresh ran', async () => {
    const url = '/api/v1/stats/summary?unit=15&year=2025';
    const before = await get<StatsSummaryResponse>(url, province);
    const again = await get<StatsSummaryResponse>(url, province);
    expect(again.body.generatedAt).toBe(before.body.generatedAt);
    const saved = await testApp.app.inject({
      method: 'PUT',
      url: '/api/v1/units/04381/values/1?set=xa-ntm-2021-2025&year=2025',
      headers: { cookie: commune },
      payload: { value: true, version: 0 },
    });
    expect(saved.statusCode).toBe(200);
    // The reader does not wait for the recomputation: it gets the last complete roll-up, dated.
    const stale = await get<StatsSummaryResponse>(url, province);
    expect(stale.body.generatedAt).toBe(before.body.generatedAt);
    expect(stale.body.totals).toEqual(before.body.totals);
    await statsRefreshesSettled();
    const after = await get<StatsSummaryResponse>(url, province);
    expect(after.body.totals.evaluated).toBe(before.body.totals.evaluated + 1);
    expect(after.body.criteria[0]!.met).toBe(before.body.criteria[0]!.met + 1);
    expect(Date.parse(after.body.generatedAt)).toBeGreaterThan(Date.parse(before.body.generatedAt));
  });

  it('compute one roll-up once however many readers ask at the same time', async () => {
    // A roll-up no reader asked for yet.
    const url = '/api/v1/stats/summary?unit=15&year=2023&map=current';
    const started = statsRefreshCount();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => get<StatsSummaryResponse>(url, province)),
    );
    expect(statsRefreshCount() - started).toBe(1);
    expect(new Set(answers.map((answer) => answer.body.generatedAt)).size).toBe(1);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
  });
});

describe('GET /api/v1/stats/communes', () => {
  it('lists the communes behind a figure', async () => {
    const summary = await get<StatsSummaryResponse>(
      '/api/v1/stats/summary?unit=15&year=2025',
      province,
    );
    const met = await get<StatsCommunesResponse>(
      '/api/v1/stats/communes?unit=15&year=2025&filter=met&pageSize=500',
      province,
    );
    expect(met.body.total).toBe(summary.body.totals.met);
    expect(met.body.items.every((item) => item.status === 'met')).toBe(true);
    const failing17 = await get<StatsCommunesResponse>(
      '/api/v1/stats/communes?unit=15&year=2025&filter=criterion:17:not_met',
      province,
    );
    const criterion17 = summary.body.criteria.find((c) => c.code === '17')!;
    // Only communes with a failing value of 17 (missing data is not failure).
    expect(failing17.body.total).toBe(criterion17.notMet);
    expect(criterion17.met + criterion17.notMet + criterion17.missing).toBe(
      summary.body.totals.evaluated - summary.body.totals.unclassified,
    );
    const unevaluated = await get<StatsCommunesResponse>(
      '/api/v1/stats/communes?unit=15&year=2025&filter=unevaluated',
      province,
    );
    // The demo commune was filled by the cache test above: every commune has a result now.
    expect(unevaluated.body.total).toBe(0);
    const lamGiang = await get<StatsCommunesResponse>(
      '/api/v1/stats/communes?unit=15&year=2025&filter=missing&pageSize=500',
      province,
    );
    const item = lamGiang.body.items.find((entry) => entry.code === '04381');
    expect(item?.parents).toBe('Tỉnh Lào Cai');
    const bad = await get<{ error: { code: string } }>(
      '/api/v1/stats/communes?unit=15&year=2025&filter=criterion:99:met',
      province,
    );
    expect(bad.status).toBe(400);
  });
});
