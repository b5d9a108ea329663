import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import type { CatalogueResponse } from './api-public';

/** The OCOP demo (seed step `demo-ocop`) as the public catalogue and the database see it. */

let testApp: TestApp;
afterAll(async () => testApp.close());
beforeAll(async () => {
  testApp = await createTestApp();
});

describe('the OCOP demo', () => {
  it('has at least three certified products of 3★ or more, with valid certificates and codes', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/v1/ocop/products' });
    expect(response.statusCode).toBe(200);
    const body = response.json<CatalogueResponse>();
    const demo = body.items.filter((item) => item.producer.commune?.code === '04381');
    expect(demo.length).toBeGreaterThanOrEqual(3);
    for (const item of demo) {
      expect(item.stars).toBeGreaterThanOrEqual(3);
      expect(item.code).toMatch(/^15-04381-\d{3}-\d{4}$/);
      expect(item.certificate.number).toMatch(/^\d+\/\d{4}\/GCN-OCOP-15$/);
      expect(item.certificate.validTo > item.certificate.validFrom).toBe(true);
    }
    expect(demo.map((item) => item.stars).sort()).toEqual(expect.arrayContaining([3, 4, 4]));
  });

  it('has one round in scoring with its council declared and one member conflicted', async () => {
    const rounds = await queryRows<{ id: string; applications: number; members: number }>(
      testApp.database.db,
      sql`SELECT r.id,
            (SELECT count(*)::int FROM ocop_application a
              WHERE a.round_id = r.id AND a.state = 'scoring') AS applications,
            (SELECT count(*)::int FROM ocop_council_member m WHERE m.round_id = r.id) AS members
          FROM ocop_round r WHERE r.state = 'scoring' AND r.reference LIKE 'OCOP-15-DEMO%'`,
    );
    expect(rounds).toHaveLength(1);
    expect(rounds[0]!.applications).toBeGreaterThanOrEqual(2);
    expect(rounds[0]!.members).toBe(3);
    const conflicts = await queryRows<{ username: string }>(
      testApp.database.db,
      sql`SELECT u.username FROM ocop_conflict c JOIN app_user u ON u.id = c.user_id
          WHERE c.round_id = ${rounds[0]!.id}`,
    );
    expect(conflicts.map((row) => row.username)).toEqual(['ocop.hoidong3']);
  });

  it('lets the demo producer and council members sign in', async () => {
    for (const username of [
      'ocop.htxlamgiang',
      'ocop.hoidong1',
      'ocop.hoidong2',
      'ocop.hoidong3',
    ]) {
      expect(await signIn(testApp.app, username)).toMatch(/=/);
    }
  });
});
