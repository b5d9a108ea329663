import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import type {
  CriteriaSetDetail,
  CriteriaSetSourceView,
  InvalidSetResponse,
  ListCriteriaSetsResponse,
  ValidateCriteriaSetResponse,
} from './api';
import { BROKEN_LINE, brokenYaml, smallSetYaml } from './test-fixtures';

let testApp: TestApp;
let admin: string;
let province: string;

beforeAll(async () => {
  testApp = await createTestApp();
  admin = await signIn(testApp.app, 'admin');
  province = await signIn(testApp.app, 'tinh.laocai');
});
afterAll(async () => {
  await testApp.close();
});

async function call<T>(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  options: { cookie?: string; payload?: unknown; language?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.language) headers['accept-language'] = options.language;
  const response = await testApp.app.inject({
    method,
    url,
    headers,
    ...(options.payload === undefined ? {} : { payload: options.payload as object }),
  });
  return { status: response.statusCode, body: response.json<T>() };
}

describe('GET /api/v1/criteria-sets', () => {
  it('lists the published sets for everyone, the centre first', async () => {
    const { status, body } = await call<ListCriteriaSetsResponse>('GET', '/api/v1/criteria-sets');
    expect(status).toBe(200);
    expect(body.total).toBe(6);
    const commune = body.items.find((item) => item.code === 'xa-ntm-2021-2025');
    expect(commune).toMatchObject({
      name: 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025',
      issuer: 'central',
      issuerName: null,
      basis: '318/QĐ-TTg ngày 08/03/2022, Phụ lục I',
      level: 'commune',
      kind: 'standard',
      validFrom: '2021-01-01',
      validTo: '2025-12-31',
      classification: 'region',
      classes: ['TDMNPB', 'DBSH', 'BTB', 'DHNTB', 'TN', 'DNB', 'DBSCL'],
      extends: null,
      status: 'published',
      criteriaCount: 19,
    });
    expect(commune?.unverifiedCount).toBeGreaterThan(0);
    expect(commune?.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(body.items[0]?.code).toBe('xa-ntm-2026-2030');
    const districts = await call<ListCriteriaSetsResponse>(
      'GET',
      '/api/v1/criteria-sets?level=district',
    );
    expect(districts.body.items.map((item) => item.code)).toEqual([
      'huyen-ntm-2021-2025',
      'huyen-ntm-nang-cao-2021-2025',
    ]);
  });
});

describe('POST /api/v1/criteria-sets/{code}/amendments and GET …/diff', () => {
  it('enters 211/QĐ-TTg as a new draft version of the advanced commune set, compared with the published one', async () => {
    const created = await call<CriteriaSetDetail>(
      'POST',
      '/api/v1/criteria-sets/xa-ntm-nang-cao-2021-2025/amendments',
      { cookie: admin, payload: { decision: '211/QĐ-TTg', date: '2024-03-01' } },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'xa-ntm-nang-cao-2021-2025-v2',
      status: 'draft',
      kind: 'advanced',
      validFrom: '2024-03-01',
      basedOn: 'xa-ntm-nang-cao-2021-2025',
      amendment: {
        decision: '211/QĐ-TTg',
        date: '2024-03-01',
        amends: 'xa-ntm-nang-cao-2021-2025',
      },
    });
    const diff = await call<{
      from: string;
      to: string;
      set: Array<{ field: string }>;
      same: boolean;
    }>('GET', '/api/v1/criteria-sets/xa-ntm-nang-cao-2021-2025-v2/diff', { cookie: admin });
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({
      from: 'xa-ntm-nang-cao-2021-2025',
      to: 'xa-ntm-nang-cao-2021-2025-v2',
      same: false,
    });
    expect(diff.body.set.map((change) => change.field)).toEqual([
      'basis',
      'validFrom',
      'amendment',
    ]);
    // Two published sets compare for everyone.
    const across = await call<{ indicators: { added: unknown[]; removed: unknown[] } }>(
      'GET',
      '/api/v1/criteria-sets/xa-ntm-nang-cao-2021-2025/diff?with=xa-ntm-2021-2025',
    );
    expect(across.status).toBe(200);
    expect(across.body.indicators.added.length).toBeGreaterThan(0);
    const none = await call<{ error: { code: string } }>(
      'GET',
      '/api/v1/criteria-sets/xa-ntm-2021-2025/diff',
    );
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('criteria.diff_no_base');
  });

  it('refuses to change a published version in place, in Vietnamese, and refuses non-administrators', async () => {
    const inPlace = await call<{ error: { code: string; message: string } }>(
      'POST',
      '/api/v1/criteria-sets/huyen-ntm-nang-cao-2021-2025/amendments',
      {
        cookie: admin,
        payload: {
          decision: '211/QĐ-TTg',
          date: '2024-03-01',
          code: 'huyen-ntm-nang-cao-2021-2025',
        },
      },
    );
    expect(inPlace.status).toBe(409);
    expect(inPlace.body.error.code).toBe('criteria.amendment_in_place');
    expect(inPlace.body.error.message).toMatch(
      /^Không thể sửa trực tiếp bộ tiêu chí huyen-ntm-nang-cao-2021-2025 đã công bố/,
    );
    const forbidden = await call<{ error: { code: string } }>(
      'POST',
      '/api/v1/criteria-sets/huyen-ntm-nang-cao-2021-2025/amendments',
      { cookie: province, payload: { decision: '211/QĐ-TTg', date: '2024-03-01' } },
    );
    expect(forbidden.status).toBe(403);
  });
});

describe('GET /api/v1/criteria-sets/{code}', () => {
  it('shows the commune set 2021–2025 as officials know it', async () => {
    const { status, body } = await call<CriteriaSetDetail>(
      'GET',
      '/api/v1/criteria-sets/xa-ntm-2021-2025',
    );
    expect(status).toBe(200);
    expect(body.criteria.map((criterion) => criterion.code)).toEqual(
      Array.from({ length: 19 }, (_, i) => String(i + 1)),
    );
    expect(body.classInfo.DBSH).toEqual({ label: 'ĐBSH', name: 'Đồng bằng sông Hồng' });
    expect(body.revocation).toMatchObject({ critical: ['10', '17', '19'], notMetShare: 50 });
    const health = body.criteria.find((criterion) => criterion.code === '15')!;
    const stunting = health.indicators.find((indicator) => indicator.code === '15.3')!;
    expect(stunting).toMatchObject({ type: 'percent', unit: '%', verified: true });
    expect(stunting.rule?.op).toBe('lte');
    expect(stunting.thresholds).toContainEqual({ class: 'DBSH', year: null, value: 16.5 });
    expect(stunting.source).toBeTruthy();
    const income = body.criteria.find((criterion) => criterion.code === '10')!.indicators[0]!;
    expect(income).toMatchObject({ verified: false, type: 'boolean' });
    expect(income.thresholds).toEqual([{ class: null, year: null, value: true }]);
    expect(income.note).toBeTruthy();
  });

  it('answers 404 in the reader’s language for an unknown code', async () => {
    const vi = await call<{ error: { code: string; message: string } }>(
      'GET',
      '/api/v1/criteria-sets/khong-co',
    );
    expect(vi.status).toBe(404);
    expect(vi.body.error).toMatchObject({
      code: 'criteria.not_found',
      message: 'Không có bộ tiêu chí nào mang mã khong-co.',
    });
    const en = await call<{ error: { message: string } }>('GET', '/api/v1/criteria-sets/khong-co', {
      language: 'en',
    });
    expect(en.body.error.message).toBe('There is no criteria set with code khong-co.');
  });

  it('gives the YAML of a published set', async () => {
    const { status, body } = await call<CriteriaSetSourceView>(
      'GET',
      '/api/v1/criteria-sets/xa-ntm-2026-2030/yaml',
    );
    expect(status).toBe(200);
    expect(body.yaml).toContain('code: xa-ntm-2026-2030');
    expect(body.status).toBe('published');
  });
});

describe('writes', () => {
  it('are refused to visitors (401, counted) and to other roles (403, audited)', async () => {
    const payload = { yaml: smallSetYaml('kiem-thu-tu-choi') };
    const anonymous = await call('POST', '/api/v1/criteria-sets', { payload });
    expect(anonymous.status).toBe(401);
    for (const [method, url, body] of [
      ['POST', '/api/v1/criteria-sets', payload],
      ['PUT', '/api/v1/criteria-sets/xa-ntm-2021-2025', { ...payload, version: 1 }],
      ['POST', '/api/v1/criteria-sets/xa-ntm-2021-2025/publish', { version: 1 }],
      ['POST', '/api/v1/criteria-sets/xa-ntm-2021-2025/validate', payload],
    ] as const) {
      const refused = await call<{ error: { code: string } }>(method, url, {
        cookie: province,
        payload: body,
      });
      expect(refused.status, url).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
    const audited = await queryRows<{ action: string; actor_username: string; outcome: string }>(
      testApp.database.db,
      sql`SELECT action, actor_username, outcome FROM audit_log
          WHERE outcome = 'denied' AND action LIKE '% /api/v1/criteria-sets%' ORDER BY id`,
    );
    expect(audited.map((row) => row.action)).toEqual([
      // The province officer's refused amendment (an earlier test).
      'POST /api/v1/criteria-sets/:code/amendments',
      // The visitor's refusal is a metric, not an audit row (issue 17).
      'POST /api/v1/criteria-sets',
      'PUT /api/v1/criteria-sets/:code',
      'POST /api/v1/criteria-sets/:code/publish',
      'POST /api/v1/criteria-sets/:code/validate',
    ]);
    expect(audited.every((row) => row.actor_username === 'tinh.laocai')).toBe(true);
  });

  it('refuse a bad file with every error at its line, in Vietnamese (422)', async () => {
    const { status, body } = await call<InvalidSetResponse>('POST', '/api/v1/criteria-sets', {
      cookie: admin,
      payload: { yaml: brokenYaml },
    });
    expect(status).toBe(422);
    expect(body.error.code).toBe('criteria.invalid');
    expect(body.error.message).toContain('1 lỗi');
    expect(body.errors).toEqual([
      {
        line: BROKEN_LINE,
        column: expect.any(Number) as number,
        message: expect.stringContaining('giá trị không hợp lệ') as string,
        path: ['criteria', 0, 'indicators', 0, 'rule', 'op'],
      },
    ]);
    const en = await call<InvalidSetResponse>('POST', '/api/v1/criteria-sets', {
      cookie: admin,
      payload: { yaml: brokenYaml },
      language: 'en',
    });
    expect(en.body.errors[0]?.message).toContain('invalid value');
  });

  it('draft, save with a version check, validate and publish, each audited', async () => {
    const code = 'kiem-thu-api';
    const created = await call<CriteriaSetDetail>('POST', '/api/v1/criteria-sets', {
      cookie: admin,
      payload: { yaml: smallSetYaml(code), basedOn: 'xa-ntm-2026-2030' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code,
      status: 'draft',
      version: 1,
      basedOn: 'xa-ntm-2026-2030',
    });
    // The draft is the administrator's alone.
    expect((await call('GET', `/api/v1/criteria-sets/${code}`)).status).toBe(404);
    expect((await call('GET', `/api/v1/criteria-sets/${code}/yaml`)).status).toBe(404);
    const adminList = await call<ListCriteriaSetsResponse>(
      'GET',
      '/api/v1/criteria-sets?status=draft',
      { cookie: admin },
    );
    expect(adminList.body.items.map((item) => item.code)).toContain(code);

    const renamed = smallSetYaml(code, 'Tên đã sửa (dữ liệu kiểm thử)');
    const saved = await call<CriteriaSetDetail>('PUT', `/api/v1/criteria-sets/${code}`, {
      cookie: admin,
      payload: { yaml: renamed, version: 1 },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: 'Tên đã sửa (dữ liệu kiểm thử)', version: 2 });
    const stale = await call<{ error: { code: string; message: string } }>(
      'PUT',
      `/api/v1/criteria-sets/${code}`,
      { cookie: admin, payload: { yaml: smallSetYaml(code), version: 1 } },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('criteria.version_conflict');

    // Dry runs write nothing.
    const broken = await call<ValidateCriteriaSetResponse>(
      'POST',
      `/api/v1/criteria-sets/${code}/validate`,
      { cookie: admin, payload: { yaml: renamed.replace('op: gte', 'op: about') } },
    );
    expect(broken.status).toBe(200);
    expect(broken.body.valid).toBe(false);
    expect(broken.body.errors[0]?.line).toBe(17);
    const fine = await call<ValidateCriteriaSetResponse>(
      'POST',
      `/api/v1/criteria-sets/${code}/validate`,
      { cookie: admin, payload: { yaml: renamed } },
    );
    expect(fine.body).toMatchObject({
      valid: true,
      errors: [],
      summary: { code, criteriaCount: 1, indicatorCount: 1, unverifiedCount: 1 },
    });

    const stalePublish = await call('POST', `/api/v1/criteria-sets/${code}/publish`, {
      cookie: admin,
      payload: { version: 1 },
    });
    expect(stalePublish.status).toBe(409);
    const published = await call<CriteriaSetDetail>(
      'POST',
      `/api/v1/criteria-sets/${code}/publish`,
      { cookie: admin, payload: { version: 2 } },
    );
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', version: 3, publishedBy: 'admin' });
    expect((await call('GET', `/api/v1/criteria-sets/${code}`)).status).toBe(200);

    const afterPublish = await call<{ error: { code: string; message: string } }>(
      'PUT',
      `/api/v1/criteria-sets/${code}`,
      { cookie: admin, payload: { yaml: renamed, version: 3 } },
    );
    expect(afterPublish.status).toBe(409);
    expect(afterPublish.body.error.code).toBe('criteria.published_immutable');
    expect(afterPublish.body.error.message).toContain(`${code}-v2`);

    const audit = await queryRows<{ action: string; before: unknown; after: { version: number } }>(
      testApp.database.db,
      sql`SELECT action, before, after FROM audit_log
          WHERE entity_type = 'criteria_set' AND entity_id = ${code} AND outcome = 'ok' ORDER BY id`,
    );
    expect(audit.map((row) => row.action)).toEqual([
      'criteria_set.create',
      'criteria_set.update',
      'criteria_set.publish',
    ]);
    expect(audit.map((row) => row.after.version)).toEqual([1, 2, 3]);
  });
});

describe('OpenAPI', () => {
  it('documents the criteria-set routes in Vietnamese', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/docs/json' });
    const document = response.json<{
      paths: Record<string, Record<string, { summary: string; tags: string[] }>>;
    }>();
    const paths = document.paths;
    expect(paths['/api/v1/criteria-sets']?.get?.summary).toBe('Danh sách bộ tiêu chí');
    expect(paths['/api/v1/criteria-sets']?.post?.tags).toEqual(['Bộ tiêu chí']);
    expect(paths['/api/v1/criteria-sets/{code}']?.get).toBeDefined();
    expect(paths['/api/v1/criteria-sets/{code}']?.put).toBeDefined();
    expect(paths['/api/v1/criteria-sets/{code}/yaml']?.get).toBeDefined();
    expect(paths['/api/v1/criteria-sets/{code}/publish']?.post).toBeDefined();
    expect(paths['/api/v1/criteria-sets/{code}/validate']?.post).toBeDefined();
  });
});

describe('GET /api/v1/criteria-sets/:code/definition', () => {
  it('serves the published set as the engine reads it, with an ETag', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/criteria-sets/xa-ntm-2021-2025/definition',
    });
    expect(response.statusCode).toBe(200);
    const definition = response.json<{ code: string; criteria: unknown[]; classes: string[] }>();
    expect(definition.code).toBe('xa-ntm-2021-2025');
    expect(definition.criteria).toHaveLength(19);
    expect(definition.classes).toContain('TDMNPB');
    const etag = response.headers.etag as string;
    const again = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/criteria-sets/xa-ntm-2021-2025/definition',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    const missing = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/criteria-sets/khong-co/definition',
    });
    expect(missing.statusCode).toBe(404);
  });
});
