import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import type { CertificateViewResponse } from './api-public';
import { sendExpiryAlerts } from './certificates';
import { ocopApplications, ocopCertificates, ocopProducts } from './tables';
import { scoredApplication, type ScoredFixture } from './test-fixtures';

/**
 * The decision and the certificate through the API: every refusal is a 422 that changes nothing;
 * the certificate's number, validity, the product's code and stars; the PDF; revocation; expiry
 * alerts once each, then expiry.
 */

interface ErrorBody {
  error: { code: string; message: string };
}

let testApp: TestApp;
let province: string;
let commune: string;
afterAll(async () => testApp.close());
beforeAll(async () => {
  testApp = await createTestApp();
  province = await signIn(testApp.app, 'tinh.laocai');
  commune = await signIn(testApp.app, 'xa.lamgiang');
});

function decide(fixture: ScoredFixture, stars: number, cookie = province) {
  return testApp.app.inject({
    method: 'POST',
    url: `/api/v1/ocop/applications/${fixture.applicationId}/decision`,
    headers: { cookie },
    payload: {
      decisionNumber: '1234/QĐ-UBND',
      decidedOn: '2026-08-15',
      signer: 'Nguyễn Văn Ký',
      stars,
      version: fixture.version,
    },
  });
}

async function unchanged(fixture: ScoredFixture, state = 'scored') {
  const [application] = await testApp.database.db
    .select()
    .from(ocopApplications)
    .where(eq(ocopApplications.id, fixture.applicationId));
  expect(application!.state).toBe(state);
  expect(application!.version).toBe(fixture.version);
  const certificates = await testApp.database.db
    .select()
    .from(ocopCertificates)
    .where(eq(ocopCertificates.productId, fixture.productId));
  expect(certificates).toHaveLength(0);
  const [product] = await testApp.database.db
    .select()
    .from(ocopProducts)
    .where(eq(ocopProducts.id, fixture.productId));
  expect(product!.stars).toBeNull();
  expect(product!.code).toBeNull();
}

describe('the decision refuses, with a reason and changing nothing', () => {
  it('an application not yet scored', async () => {
    const fixture = await scoredApplication(testApp.database.db, { stars: 4, state: 'scoring' });
    const response = await decide(fixture, 4);
    expect(response.statusCode).toBe(422);
    expect(response.json<ErrorBody>().error.code).toBe('ocop.decision_not_scored');
    await unchanged(fixture, 'scoring');
  });

  it('stars above the council result', async () => {
    const fixture = await scoredApplication(testApp.database.db, { stars: 3, score: 65 });
    const response = await decide(fixture, 4);
    expect(response.statusCode).toBe(422);
    expect(response.json<ErrorBody>().error.code).toBe('ocop.decision_stars_above_result');
    expect(response.json<ErrorBody>().error.message).toContain('3 sao');
    await unchanged(fixture);
  });

  it('a star the deciding level may not recognise (5★ is the centre’s under 26/2026)', async () => {
    const fixture = await scoredApplication(testApp.database.db, { stars: 5, score: 92 });
    const response = await decide(fixture, 5);
    expect(response.statusCode).toBe(422);
    expect(response.json<ErrorBody>().error.code).toBe('ocop.decision_stars_not_recognised');
    await unchanged(fixture);
  });

  it('below 3★ under 26/2026', async () => {
    const fixture = await scoredApplication(testApp.database.db, { stars: 4 });
    const response = await decide(fixture, 2);
    expect(response.statusCode).toBe(422);
    expect(response.json<ErrorBody>().error.code).toBe('ocop.decision_stars_below_minimum');
    await unchanged(fixture);
  });

  it('an office outside the province (403) and a stale version (409)', async () => {
    const fixture = await scoredApplication(testApp.database.db, { stars: 4 });
    expect((await decide(fixture, 4, commune)).statusCode).toBe(403);
    const stale = await decide({ ...fixture, version: fixture.version + 1 }, 4);
    expect(stale.statusCode).toBe(409);
    await unchanged(fixture);
  });
});

describe('the certificate', () => {
  let fixture: ScoredFixture;
  let certificate: CertificateViewResponse;

  it('is issued: number, 36 months, product code and stars, application decided', async () => {
    fixture = await scoredApplication(testApp.database.db, { stars: 4, score: 78.5 });
    const response = await decide(fixture, 4);
    expect(response.statusCode).toBe(201);
    certificate = response.json<CertificateViewResponse>();
    expect(certificate.number).toMatch(/^\d+\/2026\/GCN-OCOP-15$/);
    expect(certificate).toMatchObject({
      state: 'valid',
      stars: 4,
      validFrom: '2026-08-15',
      validTo: '2029-08-14',
      level: 'province',
      ruleVersion: '26-2026',
    });
    expect(certificate.product.code).toMatch(/^15-04381-\d{3}-2026$/);
    const [product] = await testApp.database.db
      .select()
      .from(ocopProducts)
      .where(eq(ocopProducts.id, fixture.productId));
    expect(product).toMatchObject({ stars: 4, certificateId: certificate.id });
    const [application] = await testApp.database.db
      .select()
      .from(ocopApplications)
      .where(eq(ocopApplications.id, fixture.applicationId));
    expect(application).toMatchObject({ state: 'decided', decidedStars: 4 });
    // Deciding again: the application is no longer scored.
    expect((await decide({ ...fixture, version: application!.version }, 4)).statusCode).toBe(422);
  });

  it('gives the next code of the commune and year to the next product', async () => {
    const next = await scoredApplication(testApp.database.db, { stars: 3, score: 60 });
    const response = await decide(next, 3);
    expect(response.statusCode).toBe(201);
    const code = response.json<CertificateViewResponse>().product.code!;
    const number = (value: string) => Number(value.split('-')[2]);
    expect(number(code)).toBeGreaterThan(number(certificate.product.code!));
  });

  it('is a PDF, public while valid', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/ocop/certificates/${certificate.id}.pdf`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/pdf');
    expect(response.rawPayload.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const json = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/ocop/certificates/${certificate.id}`,
    });
    expect(json.statusCode).toBe(401);
  });

  it('refuses a revocation reason the rule version does not have (422)', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/ocop/certificates/${certificate.id}/revoke`,
      headers: { cookie: province },
      payload: { reason: 'khong-thich', note: null, version: certificate.version },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json<ErrorBody>().error.code).toBe('ocop.revocation_reason_unknown');
    const [row] = await testApp.database.db
      .select()
      .from(ocopCertificates)
      .where(eq(ocopCertificates.id, certificate.id));
    expect(row!.state).toBe('valid');
  });

  it('is revoked with a reason of the rule version: the product loses its stars', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/ocop/certificates/${certificate.id}/revoke`,
      headers: { cookie: province },
      payload: {
        reason: 'vi-pham-an-toan-thuc-pham',
        note: 'Kiểm tra ngày 01/11',
        version: certificate.version,
      },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<CertificateViewResponse>()).toMatchObject({
      state: 'revoked',
      revocationReason: 'vi-pham-an-toan-thuc-pham',
    });
    const [product] = await testApp.database.db
      .select()
      .from(ocopProducts)
      .where(eq(ocopProducts.id, fixture.productId));
    expect(product).toMatchObject({ stars: null, certificateId: null });
    // Revoked: the PDF is no longer public.
    const pdf = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/ocop/certificates/${certificate.id}.pdf`,
    });
    expect(pdf.statusCode).toBe(401);
  });
});

describe('expiry alerts', () => {
  it('alert once at 6 and once at 3 months, then the certificate expires', async () => {
    const fixture = await scoredApplication(testApp.database.db, { stars: 4 });
    const issued = (await decide(fixture, 4)).json<CertificateViewResponse>();
    const db = testApp.database.db;
    await db
      .update(ocopCertificates)
      .set({ validTo: '2027-06-30' })
      .where(eq(ocopCertificates.id, issued.id));
    const alertsOf = async () =>
      (
        await queryRows<{ count: number }>(
          db,
          sql`SELECT count(*)::int AS count FROM notification
              WHERE kind = 'ocop.certificate_expiring' AND params->>'number' = ${issued.number}`,
        )
      )[0]!.count;
    await sendExpiryAlerts(db, '2026-12-01');
    expect(await alertsOf()).toBe(0);
    await sendExpiryAlerts(db, '2026-12-30');
    const afterSix = await alertsOf();
    expect(afterSix).toBeGreaterThan(0);
    await sendExpiryAlerts(db, '2027-01-15');
    expect(await alertsOf()).toBe(afterSix);
    await sendExpiryAlerts(db, '2027-03-30');
    expect(await alertsOf()).toBe(afterSix * 2);
    const [row] = await db
      .select()
      .from(ocopCertificates)
      .where(eq(ocopCertificates.id, issued.id));
    expect(row!.alertsSent.sort()).toEqual([3, 6]);
    await sendExpiryAlerts(db, '2027-07-01');
    const [expired] = await db
      .select()
      .from(ocopCertificates)
      .where(eq(ocopCertificates.id, issued.id));
    expect(expired!.state).toBe('expired');
    const [product] = await db
      .select()
      .from(ocopProducts)
      .where(eq(ocopProducts.id, fixture.productId));
    expect(product!.stars).toBeNull();
  });
});
