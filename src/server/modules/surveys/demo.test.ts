import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import type { z } from 'zod';
import type { campaignListResponse, tallyResponse } from './api';

/** The demo survey (seed step `demo-surveys`) as the Front committee and the commune see it. */

let testApp: TestApp;
afterAll(async () => testApp.close());
beforeAll(async () => {
  testApp = await createTestApp();
});

describe('the demo survey', () => {
  it('is open in Lâm Giang with a live tally short of the coverage rule', async () => {
    const cookie = await signIn(testApp.app, 'mttq.lamgiang');
    const list = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/surveys/campaigns?state=open',
      headers: { cookie },
    });
    expect(list.statusCode).toBe(200);
    const items = list.json<z.infer<typeof campaignListResponse>>().items;
    const demo = items.find((item) => item.unit.code === '04381' && item.purpose === 'standalone');
    expect(demo).toMatchObject({ households: 45, answered: 26, state: 'open' });
    const tally = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/campaigns/${demo!.id}/tally`,
      headers: { cookie: await signIn(testApp.app, 'xa.lamgiang') },
    });
    const body = tally.json<z.infer<typeof tallyResponse>>();
    expect(body.live).toBe(true);
    expect(body.tally.villages).toHaveLength(3);
    expect(body.channels.paper + body.channels.door).toBe(26);
    expect(body.tally.rules.find((rule) => rule.kind === 'coverage_total')?.passed).toBe(false);
    // Another province's office sees none of it.
    const other = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/surveys/campaigns',
      headers: { cookie: await signIn(testApp.app, 'huyen.vanyen') },
    });
    expect(other.json<z.infer<typeof campaignListResponse>>().items).toHaveLength(0);
  });

  it('is described in the OpenAPI document (the household’s HTML page is not an API)', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/docs/json' });
    const paths = Object.keys(response.json<{ paths: Record<string, unknown> }>().paths);
    for (const path of [
      '/api/v1/surveys/guidance',
      '/api/v1/surveys/campaigns',
      '/api/v1/surveys/campaigns/{id}/roll',
      '/api/v1/surveys/campaigns/{id}/codes',
      '/api/v1/surveys/campaigns/{id}/answers',
      '/api/v1/surveys/campaigns/{id}/tally',
      '/api/v1/surveys/answers',
    ]) {
      expect(paths).toContain(path);
    }
    expect(paths.some((path) => path.startsWith('/khao-sat'))).toBe(false);
  });
});
