import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import { multipart } from '../values/import-test-helpers';
import type { StatsCommunesResponse, StatsQuery, StatsSummaryResponse } from './api';
import { computeStatsSummaryFresh, statsRefreshesSettled } from './service';

/**
 * The served roll-ups (cached, refreshed single-flight in the background) equal a from-scratch
 * computation once the refreshes have run, after any mix of saves, imports, approvals, returns
 * and unit changes (ADR 0004).
 */

const SET = 'xa-ntm-2021-2025';
const YEAR = 2025;
const query = `set=${SET}&year=${YEAR}`;

let testApp: TestApp;
let admin: string;
let province: string;
let communes: string[];

beforeAll(async () => {
  testApp = await createTestApp();
  [admin, province] = await Promise.all([
    signIn(testApp.app, 'admin'),
    signIn(testApp.app, 'tinh.laocai'),
  ]);
  const listed = await testApp.app.inject({
    method: 'GET',
    url: `/api/v1/stats/communes?unit=15&year=${YEAR}&filter=all&pageSize=12`,
    headers: { cookie: admin },
  });
  communes = listed.json<StatsCommunesResponse>().items.map((item) => item.code);
}, 180_000);
afterAll(async () => {
  await testApp.close();
});

type Operation =
  | { kind: 'save'; commune: number; indicator: '1' | '2' | '3.1'; value: number }
  | { kind: 'import'; communes: number[]; value: number }
  | { kind: 'submit' | 'approve' | 'return' | 'reopen'; commune: number }
  | { kind: 'group'; commune: number; group: '1' | '2' | '3' };

const commune = fc.nat({ max: 11 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant('save' as const),
    commune,
    indicator: fc.constantFrom('1' as const, '2' as const, '3.1' as const),
    value: fc.integer({ min: 0, max: 100 }),
  }),
  fc.record({
    kind: fc.constant('import' as const),
    communes: fc.uniqueArray(commune, { minLength: 1, maxLength: 4 }),
    value: fc.integer({ min: 0, max: 100 }),
  }),
  fc.record({
    kind: fc.constantFrom(
      'submit' as const,
      'approve' as const,
      'return' as const,
      'reopen' as const,
    ),
    commune,
  }),
  fc.record({
    kind: fc.constant('group' as const),
    commune,
    group: fc.constantFrom('1' as const, '2' as const, '3' as const),
  }),
);

let succeeded = 0;
const outcomes: string[] = [];

async function apply(op: Operation): Promise<void> {
  const app = testApp.app;
  let status: number;
  if (op.kind === 'save') {
    const code = communes[op.commune % communes.length]!;
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/units/${code}/values?${query}`,
      headers: { cookie: admin },
    });
    const item = read
      .json<{ items: Array<{ indicator: string; version: number }> }>()
      .items.find((entry) => entry.indicator === op.indicator);
    const value = op.indicator === '3.1' ? op.value : op.value % 2 === 0;
    status = (
      await app.inject({
        method: 'PUT',
        url: `/api/v1/units/${code}/values/${op.indicator}?${query}`,
        headers: { cookie: admin },
        payload: { value, version: item?.version ?? 0 },
      })
    ).statusCode;
  } else if (op.kind === 'import') {
    const rows = op.communes.map(
      (index) =>
        `${communes[index % communes.length]},${op.value % 2 === 0 ? 'Đạt' : 'Không đạt'},${op.value}`,
    );
    const { payload, headers } = multipart(
      'tinh.csv',
      Buffer.from(['Mã xã,2,3.1', ...rows].join('\n'), 'utf8'),
    );
    status = (
      await app.inject({
        method: 'POST',
        url: `/api/v1/units/15/values/import?${query}`,
        headers: { ...headers, cookie: admin },
        payload,
      })
    ).statusCode;
  } else if (op.kind === 'group') {
    const code = communes[op.commune % communes.length]!;
    status = (
      await app.inject({
        method: 'PUT',
        url: `/api/v1/units/${code}/attributes/commune_group`,
        headers: { cookie: province },
        payload: { value: op.group, validFrom: '2025-07-01', source: 'QĐ thử nghiệm số 1/QĐ-UBND' },
      })
    ).statusCode;
  } else {
    const code = communes[op.commune % communes.length]!;
    status = (
      await app.inject({
        method: 'POST',
        url: `/api/v1/units/${code}/submission/${op.kind}?${query}`,
        headers: { cookie: admin },
        payload:
          op.kind === 'return' || op.kind === 'reopen' ? { reason: 'Kiểm tra lại số liệu' } : {},
      })
    ).statusCode;
  }
  // Refusals (a transition the status does not allow, a changed version) are part of the mix;
  // anything else is a broken operation, not a result to compare.
  expect([200, 409, 422, 423]).toContain(status);
  if (status === 200) succeeded++;
  outcomes.push(`${op.kind}:${status}`);
}

const readers: Array<{ query: StatsQuery; cookie: () => string | undefined; label: string }> = [
  {
    label: 'national, signed in',
    query: { year: YEAR, map: 'year' },
    cookie: () => admin,
  },
  {
    label: 'province, approved only (guest)',
    query: { unit: '15', year: YEAR, map: 'year' },
    cookie: () => undefined,
  },
  {
    label: 'province on today’s map',
    query: { unit: '15', year: YEAR, map: 'current' },
    cookie: () => province,
  },
];

function urlOf(q: StatsQuery): string {
  const params = new URLSearchParams({ year: String(q.year), map: q.map });
  if (q.unit) params.set('unit', q.unit);
  return `/api/v1/stats/summary?${params.toString()}`;
}

async function served(q: StatsQuery, cookie: string | undefined): Promise<StatsSummaryResponse> {
  const response = await testApp.app.inject({
    method: 'GET',
    url: urlOf(q),
    headers: cookie ? { cookie } : {},
  });
  expect(response.statusCode).toBe(200);
  return response.json<StatsSummaryResponse>();
}

const withoutTime = ({ generatedAt: _generatedAt, ...rest }: StatsSummaryResponse) => rest;

describe('served roll-ups', () => {
  it('equal a from-scratch roll-up after random saves, imports, approvals and unit changes', async () => {
    expect(communes.length).toBeGreaterThanOrEqual(6);
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 2, maxLength: 6 }), async (ops) => {
        // Readers hold a roll-up before the changes, so the changes must invalidate it.
        for (const reader of readers) await served(reader.query, reader.cookie());
        for (const op of ops) await apply(op);
        // The first read after the changes may be the last complete roll-up; once the one
        // refresh it started has run, the answer is the data as it is now.
        for (const reader of readers) await served(reader.query, reader.cookie());
        await statsRefreshesSettled();
        for (const reader of readers) {
          const answer = await served(reader.query, reader.cookie());
          const fresh = await computeStatsSummaryFresh(
            testApp.database.db,
            await requestContextOf(reader.cookie()),
            reader.query,
          );
          expect(withoutTime(answer), reader.label).toEqual(withoutTime(fresh));
        }
      }),
      { numRuns: 10, seed: 20261203 },
    );
    // The mix did change data of every kind (not only refusals).
    const done = new Set(outcomes.filter((o) => o.endsWith(':200')).map((o) => o.split(':')[0]));
    expect(succeeded, outcomes.join(' ')).toBeGreaterThanOrEqual(8);
    for (const kind of ['save', 'import', 'group'])
      expect(done, outcomes.join(' ')).toContain(kind);
    expect(
      ['submit', 'approve', 'return', 'reopen'].some((kind) => done.has(kind)),
      outcomes.join(' '),
    ).toBe(true);
  }, 300_000);
});

/** The request context the API builds for a cookie (the same session resolution). */
async function requestContextOf(cookie: string | undefined) {
  const { resolveSessionActor, sessionCookieName } = await import('../accounts/sessions');
  const token = cookie?.startsWith(`${sessionCookieName}=`)
    ? cookie.slice(sessionCookieName.length + 1)
    : undefined;
  const actor = token
    ? await resolveSessionActor(testApp.database.db, token, {
        idleMinutes: testApp.config.sessionIdleMinutes,
        maxHours: testApp.config.sessionMaxHours,
      })
    : null;
  return { actor, ip: '127.0.0.1', requestId: 'equality-test' };
}
