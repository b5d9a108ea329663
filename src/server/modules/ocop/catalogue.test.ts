import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import type {
  CatalogueProductResponse,
  CatalogueResponse,
  CertificateViewResponse,
  OcopStatsResponse,
} from './api-public';
import { PTNT_OCOP_COLUMNS } from './catalogue';
import { scoredApplication, type ScoredFixture } from './test-fixtures';

/**
 * The public catalogue: certified products with a valid certificate only, searched without
 * diacritics, filtered, paged; a product's page; the PTNT_OCOP export without personal data and
 * with formulas neutralised; the figures.
 */

let testApp: TestApp;
let province: string;
let honey: CertificateViewResponse;
let revoked: CertificateViewResponse;
afterAll(async () => testApp.close());

async function certify(fixture: ScoredFixture, stars: number) {
  const response = await testApp.app.inject({
    method: 'POST',
    url: `/api/v1/ocop/applications/${fixture.applicationId}/decision`,
    headers: { cookie: province },
    payload: {
      decisionNumber: '99/QĐ-UBND',
      decidedOn: '2026-09-01',
      signer: 'Nguyễn Văn Ký',
      stars,
      version: fixture.version,
    },
  });
  expect(response.statusCode).toBe(201);
  return response.json<CertificateViewResponse>();
}

async function catalogue(query: string) {
  const response = await testApp.app.inject({
    method: 'GET',
    url: `/api/v1/ocop/products?${query}`,
  });
  expect(response.statusCode).toBe(200);
  return response.json<CatalogueResponse>();
}

beforeAll(async () => {
  testApp = await createTestApp();
  province = await signIn(testApp.app, 'tinh.laocai');
  const db = testApp.database.db;
  honey = await certify(
    await scoredApplication(db, {
      stars: 4,
      productName: 'Mật ong rừng Khe Mạ',
      producerName: 'HTX Ong mật Khe Mạ',
      revenue: 780,
    }),
    4,
  );
  revoked = await certify(
    await scoredApplication(db, { stars: 3, score: 60, productName: 'Mật ong bị thu hồi' }),
    3,
  );
  const revoke = await testApp.app.inject({
    method: 'POST',
    url: `/api/v1/ocop/certificates/${revoked.id}/revoke`,
    headers: { cookie: province },
    payload: { reason: 'ngung-san-xuat', version: revoked.version },
  });
  expect(revoke.statusCode).toBe(200);
  // Scored, never decided: not certified.
  await scoredApplication(db, { stars: 4, productName: 'Mật ong chưa quyết định' });
  await certify(
    await scoredApplication(db, {
      stars: 3,
      score: 61,
      productName: '=HYPERLINK("http://x.invalid")',
      producerName: '+Công ty công thức',
    }),
    3,
  );
});

describe('the public catalogue', () => {
  it('finds "Mật ong" with "mat ong" (no diacritics), valid certificates only', async () => {
    const body = await catalogue('q=mat%20ong');
    const names = body.items.map((item) => item.name);
    expect(names).toContain('Mật ong rừng Khe Mạ');
    expect(names).not.toContain('Mật ong bị thu hồi');
    expect(names).not.toContain('Mật ong chưa quyết định');
    const item = body.items.find((entry) => entry.name === 'Mật ong rừng Khe Mạ')!;
    expect(item).toMatchObject({
      code: honey.product.code,
      stars: 4,
      set: { code: 'rau-cu-qua-hat-tuoi' },
      producer: {
        name: 'HTX Ong mật Khe Mạ',
        kind: 'cooperative',
        commune: { code: '04381' },
        province: { code: '15' },
      },
      certificate: { number: honey.number, validFrom: '2026-09-01', validTo: '2029-08-31' },
    });
    expect(JSON.stringify(item)).not.toMatch(/0987654321|daidien@|Đại Diện/);
    // Searching the producer's name too, and nothing for a word nobody has.
    expect((await catalogue('q=ong%20mat%20khe')).items.map((entry) => entry.name)).toContain(
      'Mật ong rừng Khe Mạ',
    );
    expect((await catalogue('q=khongcotu')).total).toBe(0);
  });

  it('filters by stars, set and province, with an ETag', async () => {
    expect((await catalogue('stars=4&q=mat%20ong')).items.map((item) => item.name)).toEqual([
      'Mật ong rừng Khe Mạ',
    ]);
    expect((await catalogue('stars=5')).total).toBe(0);
    expect((await catalogue('set=du-lich')).total).toBe(0);
    expect((await catalogue('province=01')).total).toBe(0);
    const all = await catalogue('province=15');
    expect(all.total).toBeGreaterThanOrEqual(2);
    expect(all.items.every((item) => item.stars >= 3)).toBe(true);
    const first = await testApp.app.inject({ method: 'GET', url: '/api/v1/ocop/products' });
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/ocop/products',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
  });

  it('serves a certified product’s page, 404 for a revoked one', async () => {
    const page = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/ocop/products/${honey.product.code}`,
    });
    expect(page.statusCode).toBe(200);
    expect(page.json<CatalogueProductResponse>().certificate.pdf).toBe(
      `/api/v1/ocop/certificates/${honey.id}.pdf`,
    );
    const gone = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/ocop/products/${revoked.product.code}`,
    });
    expect(gone.statusCode).toBe(404);
  });
});

describe('the PTNT_OCOP export', () => {
  it('has the ministry’s columns, a BOM, no personal data, formulas neutralised', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/v1/ocop/export.csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const text = response.rawPayload.toString('utf8');
    expect(text.startsWith('\ufeff')).toBe(true);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]!.split(',')).toEqual([...PTNT_OCOP_COLUMNS]);
    const honeyLine = lines.find((line) => line.startsWith(`${honey.product.code},`))!;
    expect(honeyLine.split(',')).toEqual([
      honey.product.code,
      '04381',
      '2026',
      honey.product.id,
      'Mật ong rừng Khe Mạ',
      '4*',
      'HTX Ong mật Khe Mạ',
      '780',
      'Còn hiệu lực',
    ]);
    expect(text).not.toContain('Mật ong bị thu hồi');
    expect(text).not.toMatch(/0987654321|@example\.vn|Đại Diện/);
    expect(text).toContain(`"'=HYPERLINK(""http://x.invalid"")"`);
    expect(text).toContain("'+Công ty công thức");
    expect(text).not.toMatch(/,=|,\+C/);
  });
});

describe('rules and figures', () => {
  it('lists the rule versions and one by code', async () => {
    const list = await testApp.app.inject({ method: 'GET', url: '/api/v1/ocop/rules' });
    expect(list.json<{ items: { code: string }[] }>().items.map((item) => item.code)).toEqual([
      '148-2023',
      '1489-2025',
      '26-2026',
    ]);
    const one = await testApp.app.inject({ method: 'GET', url: '/api/v1/ocop/rules/26-2026' });
    expect(one.json<{ minimumCertifiedStars: number }>().minimumCertifiedStars).toBe(3);
    const none = await testApp.app.inject({ method: 'GET', url: '/api/v1/ocop/rules/99-2099' });
    expect(none.statusCode).toBe(404);
  });

  it('counts certified products by stars, province and set', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/ocop/stats',
      headers: { cookie: province },
    });
    expect(response.statusCode).toBe(200);
    const stats = response.json<OcopStatsResponse>();
    expect(stats.scope.provinceCode).toBe('15');
    const listed = await catalogue('province=15');
    expect(stats.certified).toBe(listed.total);
    expect(stats.byStars.find((row) => row.stars === 4)!.products).toBeGreaterThanOrEqual(1);
    expect(stats.byProvince).toEqual([
      expect.objectContaining({ provinceCode: '15', products: listed.total }),
    ]);
    const guest = await testApp.app.inject({ method: 'GET', url: '/api/v1/ocop/stats' });
    expect(guest.json<OcopStatsResponse>().scope.provinceCode).toBeNull();
  });
});
