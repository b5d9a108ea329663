import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../accounts/test-helpers';
import { createTestApp, type TestApp } from '../../test/app';
import type {
  ListUnitsResponse,
  SearchUnitsResponse,
  UnitDetailResponse,
  UnitLineageResponse,
  UnlinkedUnitsResponse,
} from './api';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp();
});
afterAll(async () => {
  await testApp.close();
});

async function get<T>(url: string, headers: Record<string, string> = {}) {
  const response = await testApp.app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json<T>() };
}

const collator = new Intl.Collator('vi', { numeric: true });

describe('GET /api/v1/units', () => {
  it('lists 63 provinces as of 30/06/2025 and 34 as of 01/07/2025', async () => {
    const before = await get<ListUnitsResponse>(
      '/api/v1/units?level=province&asOf=2025-06-30&pageSize=100',
    );
    expect(before.status).toBe(200);
    expect(before.body.total).toBe(63);
    expect(before.body.items).toHaveLength(63);
    const after = await get<ListUnitsResponse>(
      '/api/v1/units?level=province&asOf=2025-07-01&pageSize=100',
    );
    expect(after.body.total).toBe(34);
    expect(after.body.items.map((item) => item.code)).toContain('15');
    const laoCai = after.body.items.find((item) => item.code === '15');
    expect(laoCai).toEqual({
      code: '15',
      name: 'Tỉnh Lào Cai',
      kind: 'tinh',
      level: 'province',
      parentCode: null,
      validFrom: '2025-07-01',
      validTo: null,
    });
  });

  it('counts 3,321 commune-level units from 01/07/2025, 10,599 before, and no districts after', async () => {
    const communes = await get<ListUnitsResponse>('/api/v1/units?level=commune&asOf=2025-07-01');
    expect(communes.body.total).toBe(3321);
    expect(communes.body.items).toHaveLength(50);
    const old = await get<ListUnitsResponse>('/api/v1/units?level=commune&asOf=2025-06-30');
    expect(old.body.total).toBe(10599);
    const districts = await get<ListUnitsResponse>('/api/v1/units?level=district&asOf=2025-07-01');
    expect(districts.body.total).toBe(0);
    const oldDistricts = await get<ListUnitsResponse>(
      '/api/v1/units?level=district&asOf=2024-01-01',
    );
    expect(oldDistricts.body.total).toBe(705);
  });

  it('sorts by Vietnamese collation across pages', async () => {
    const names: string[] = [];
    for (let page = 1; page <= 4; page++) {
      const { body } = await get<ListUnitsResponse>(
        `/api/v1/units?level=province&asOf=2025-06-30&pageSize=20&page=${page}`,
      );
      expect(body.total).toBe(63);
      names.push(...body.items.map((item) => item.name));
    }
    expect(names).toHaveLength(63);
    const shortNames = names.map((name) => name.replace(/^(Tỉnh|Thành phố) /, ''));
    expect(shortNames).toEqual([...shortNames].sort(collator.compare));
    expect(shortNames.slice(0, 4)).toEqual([
      'An Giang',
      'Bà Rịa - Vũng Tàu',
      'Bạc Liêu',
      'Bắc Giang',
    ]);
    expect(shortNames.indexOf('Đà Nẵng')).toBeGreaterThan(shortNames.indexOf('Cần Thơ'));
    expect(shortNames.indexOf('Đà Nẵng')).toBeLessThan(shortNames.indexOf('Điện Biên'));
  });

  it('lists the children of a parent, or a level inside its subtree', async () => {
    const children = await get<ListUnitsResponse>(
      '/api/v1/units?parent=15&asOf=2025-07-01&pageSize=500',
    );
    expect(children.status).toBe(200);
    expect(children.body.total).toBeGreaterThan(90);
    expect(children.body.items.every((item) => item.parentCode === '15')).toBe(true);
    expect(children.body.items.map((item) => item.code)).toContain('04381');
    const districts = await get<ListUnitsResponse>('/api/v1/units?parent=15&asOf=2025-06-30');
    expect(districts.body.items.every((item) => item.level === 'district')).toBe(true);
    const communes = await get<ListUnitsResponse>(
      '/api/v1/units?parent=15&level=commune&asOf=2025-06-30&pageSize=500',
    );
    expect(communes.body.items.map((item) => item.name)).toContain('Xã Lang Thíp');
  });

  it('answers 400 naming the parameter for a malformed date, in Vietnamese', async () => {
    const response = await get<{ error: { code: string; message: string; params: object } }>(
      '/api/v1/units?asOf=2025-13-01',
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('units.bad_date');
    expect(response.body.error.message).toBe(
      'Tham số asOf phải là một ngày có thật từ 01/01/1900 đến 31/12/2100, dạng YYYY-MM-DD (đang là "2025-13-01").',
    );
    const english = await get<{ error: { message: string } }>('/api/v1/units?asOf=30/06/2025', {
      'accept-language': 'en',
    });
    expect(english.status).toBe(400);
    expect(english.body.error.message).toContain('Parameter asOf');
  });

  it('answers 404 for an unknown parent', async () => {
    const response = await get<{ error: { code: string; message: string } }>(
      '/api/v1/units?parent=99999',
    );
    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain('99999');
  });
});

describe('GET /api/v1/units/{code}', () => {
  it('resolves a reused code by date: 00097 is Phường Tứ Liên, then Phường Hồng Hà', async () => {
    const before = await get<UnitDetailResponse>('/api/v1/units/00097?asOf=2025-06-30');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      code: '00097',
      name: 'Phường Tứ Liên',
      kind: 'phuong',
      level: 'commune',
      parentCode: '003',
      validTo: '2025-06-30',
    });
    expect(before.body.ancestors.map((a) => a.name)).toEqual(['Thành phố Hà Nội', 'Quận Tây Hồ']);
    const after = await get<UnitDetailResponse>('/api/v1/units/00097?asOf=2025-07-01');
    expect(after.body).toMatchObject({ name: 'Phường Hồng Hà', parentCode: '01', validTo: null });
    expect(after.body.ancestors).toEqual([
      { code: '01', name: 'Thành phố Hà Nội', kind: 'thanh_pho_tw', level: 'province' },
    ]);
    expect(after.body.versions.map((v) => v.name)).toEqual(['Phường Tứ Liên', 'Phường Hồng Hà']);
  });

  it('shows the region of an old province as a dated attribute with its source', async () => {
    const { body } = await get<UnitDetailResponse>('/api/v1/units/15?asOf=2024-05-01');
    expect(body.name).toBe('Tỉnh Yên Bái');
    expect(body.attributes).toEqual([
      expect.objectContaining({ key: 'region', value: 'TDMNPB', verified: false }),
    ]);
    expect(body.attributes[0]!.source).toContain('318');
  });

  it('answers 404 naming the code, and when the code was valid', async () => {
    const unknown = await get<{ error: { code: string; message: string } }>('/api/v1/units/98765');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('Không có đơn vị hành chính nào mang mã 98765.');
    const gone = await get<{ error: { code: string; message: string } }>(
      '/api/v1/units/04378?asOf=2025-07-01',
    );
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('units.not_found_on_date');
    expect(gone.body.error.message).toContain('04378');
    expect(gone.body.error.message).toContain('Xã Lang Thíp 01/01/2021–30/06/2025');
    const badDate = await get<{ error: { code: string } }>('/api/v1/units/00097?asOf=2025-02-30');
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.code).toBe('units.bad_date');
  });
});

describe('GET /api/v1/units/search', () => {
  it.each(['cao bang', 'Cao Bằng', 'CAO BANG'])('finds Cao Bằng first for "%s"', async (q) => {
    const { status, body } = await get<SearchUnitsResponse>(
      `/api/v1/units/search?q=${encodeURIComponent(q)}`,
    );
    expect(status).toBe(200);
    expect(body.items[0]).toMatchObject({ code: '04', name: 'Tỉnh Cao Bằng', level: 'province' });
    expect(body.total).toBeGreaterThanOrEqual(1);
  });

  it('searches the old map as of a date, with ancestors for display', async () => {
    const { body } = await get<SearchUnitsResponse>(
      `/api/v1/units/search?q=${encodeURIComponent('lang thip')}&asOf=2025-06-30`,
    );
    expect(body.items[0]).toMatchObject({ code: '04378', name: 'Xã Lang Thíp' });
    expect(body.items[0]!.ancestors.map((a) => a.name)).toEqual(['Tỉnh Yên Bái', 'Huyện Văn Yên']);
    const today = await get<SearchUnitsResponse>(
      `/api/v1/units/search?q=${encodeURIComponent('lang thip')}`,
    );
    expect(today.body.items.find((item) => item.code === '04378')).toBeUndefined();
  });

  it('rejects an empty query with 400', async () => {
    const response = await get<{ error: { code: string } }>('/api/v1/units/search?q=%20');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('units.search_query_empty');
  });
});

describe('GET /api/v1/units/{code}/lineage', () => {
  it('leads Lang Thíp (04378) and the old Lâm Giang (04381) to the new Xã Lâm Giang, Lào Cai', async () => {
    const langThip = await get<UnitLineageResponse>('/api/v1/units/04378/lineage');
    expect(langThip.status).toBe(200);
    expect(langThip.body.unit).toMatchObject({ code: '04378', validTo: '2025-06-30' });
    expect(langThip.body.successors).toEqual([
      expect.objectContaining({
        code: '04381',
        name: 'Xã Lâm Giang',
        validFrom: '2025-07-01',
        parentCode: '15',
        lineageKind: 'merge',
        effectiveDate: '2025-07-01',
      }),
    ]);
    const oldLamGiang = await get<UnitLineageResponse>(
      '/api/v1/units/04381/lineage?asOf=2025-06-30',
    );
    expect(oldLamGiang.body.successors.map((s) => [s.code, s.validFrom])).toEqual([
      ['04381', '2025-07-01'],
    ]);
    const newLamGiang = await get<UnitLineageResponse>('/api/v1/units/04381/lineage');
    expect(newLamGiang.body.unit.ancestors.map((a) => a.name)).toEqual(['Tỉnh Lào Cai']);
    expect(newLamGiang.body.predecessors.map((p) => `${p.code} ${p.name}`).sort()).toEqual([
      '04378 Xã Lang Thíp',
      '04381 Xã Lâm Giang',
    ]);
    expect(newLamGiang.body.predecessors[0]!.ancestors.map((a) => a.name)).toEqual([
      'Tỉnh Yên Bái',
      'Huyện Văn Yên',
    ]);
    expect(newLamGiang.body.versions).toHaveLength(2);
  });

  it('links old provinces to the new one they merged into', async () => {
    const { body } = await get<UnitLineageResponse>('/api/v1/units/15/lineage?asOf=2025-07-01');
    expect(body.predecessors.map((p) => p.name).sort(collator.compare)).toEqual([
      'Tỉnh Lào Cai',
      'Tỉnh Yên Bái',
    ]);
    expect(body.predecessors.every((p) => p.lineageKind === 'merge')).toBe(true);
  });

  it('answers 404 for an unknown code', async () => {
    const response = await get<{ error: { message: string } }>('/api/v1/units/55555/lineage');
    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain('55555');
  });
});

describe('lineage corrections', () => {
  it('lists the unlinked old communes', async () => {
    const { body } = await get<UnlinkedUnitsResponse>('/api/v1/units/unlinked?level=commune');
    expect(body.total).toBe(149);
  });

  it('lets only an administrator change the lineage; refusals change nothing', async () => {
    const put = (cookie?: string) =>
      testApp.app.inject({
        method: 'PUT',
        url: '/api/v1/units/04378/successors?asOf=2025-06-30',
        payload: { successors: [] },
        ...(cookie ? { headers: { cookie } } : {}),
      });
    expect((await put()).statusCode).toBe(401);
    expect((await put(await signIn(testApp.app, 'tinh.laocai'))).statusCode).toBe(403);
    const unchanged = await get<UnitLineageResponse>('/api/v1/units/04378/lineage');
    expect(unchanged.body.successors.map((s) => s.code)).toEqual(['04381']);
  });

  it('lets a link be set with PUT …/successors, validating dates and codes', async () => {
    const cookie = await signIn(testApp.app, 'admin');
    const unlinked = await get<UnlinkedUnitsResponse>(
      '/api/v1/units/unlinked?level=commune&pageSize=1',
    );
    const victim = unlinked.body.items[0]!;
    const response = await testApp.app.inject({
      method: 'PUT',
      headers: { cookie },
      url: `/api/v1/units/${victim.code}/successors?asOf=2025-06-30`,
      payload: { successors: [{ code: '04381' }], note: 'thử nghiệm' },
    });
    expect(response.statusCode).toBe(200);
    const lineage = response.json<UnitLineageResponse>();
    expect(lineage.successors).toEqual([
      expect.objectContaining({
        code: '04381',
        lineageKind: 'merge',
        source: 'manual',
        note: 'thử nghiệm',
      }),
    ]);
    const after = await get<UnlinkedUnitsResponse>('/api/v1/units/unlinked?level=commune');
    expect(after.body.total).toBe(148);
    const audit = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=unit.lineage.update',
      headers: { cookie },
    });
    expect(audit.json<{ items: Array<{ after: unknown }> }>().items[0]?.after).toEqual([
      expect.objectContaining({ code: '04381' }),
    ]);

    const current = await testApp.app.inject({
      method: 'PUT',
      headers: { cookie },
      url: '/api/v1/units/04381/successors?asOf=2025-07-01',
      payload: { successors: [] },
    });
    expect(current.statusCode).toBe(400);
    expect(current.json()).toMatchObject({ error: { code: 'units.lineage_current_unit' } });
    const badDate = await testApp.app.inject({
      method: 'PUT',
      headers: { cookie },
      url: '/api/v1/units/04378/successors?asOf=yesterday',
      payload: { successors: [] },
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json()).toMatchObject({
      error: { code: 'units.bad_date', params: { param: 'asOf' } },
    });
    const unknown = await testApp.app.inject({
      method: 'PUT',
      headers: { cookie },
      url: '/api/v1/units/04378/successors?asOf=2025-06-30',
      payload: { successors: [{ code: '99999' }] },
    });
    expect(unknown.statusCode).toBe(404);
    const unchanged = await get<UnitLineageResponse>('/api/v1/units/04378/lineage');
    expect(unchanged.body.successors.map((s) => s.code)).toEqual(['04381']);
  });
});

describe('OpenAPI', () => {
  it('documents the units routes in Vietnamese', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/docs/json' });
    const document = response.json<{
      paths: Record<string, Record<string, { summary: string }>>;
    }>();
    expect(document.paths['/api/v1/units']?.get?.summary).toContain('đơn vị hành chính');
    expect(document.paths['/api/v1/units/search']).toBeDefined();
    expect(document.paths['/api/v1/units/{code}/lineage']).toBeDefined();
    expect(document.paths['/api/v1/units/{code}/successors']?.put).toBeDefined();
  });
});
