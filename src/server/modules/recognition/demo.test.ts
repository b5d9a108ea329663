import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import type { DossierDetail, InboxResponse, PublicDossierView, RecognitionsResponse } from './api';

/** The demo dossiers: something to do for the province, something to see for the public. */

let testApp: TestApp;
let province: string;

beforeAll(async () => {
  testApp = await createTestApp();
  province = await signIn(testApp.app, 'tinh.laocai');
});
afterAll(async () => {
  await testApp.close();
});

async function get<T>(url: string, cookie?: string) {
  const response = await testApp.app.inject({
    method: 'GET',
    url,
    headers: cookie ? { cookie } : {},
  });
  return { status: response.statusCode, body: response.json<T>() };
}

describe('demo recognition data', () => {
  it('has one published recognition in Lào Cai, in the public register', async () => {
    const register = await get<RecognitionsResponse>('/api/v1/recognitions?province=15&year=2025');
    expect(register.status).toBe(200);
    expect(register.body.items).toHaveLength(1);
    expect(register.body.items[0]).toMatchObject({
      kind: 'commune_ntm',
      decision: { number: '2150/QĐ-UBND', date: '2025-12-05' },
      revoked: null,
    });
  });

  it('gives the province an inbox: an overdue verification first, and a revocation alert', async () => {
    const inbox = await get<InboxResponse>('/api/v1/inbox', province);
    expect(inbox.status).toBe(200);
    const dossiers = inbox.body.items.filter((item) => item.kind === 'dossier');
    expect(dossiers.map((item) => item.dossier?.step)).toEqual(['tham_tra']);
    expect(inbox.body.items[0]).toMatchObject({ kind: 'dossier', overdue: true });
    const alert = inbox.body.items.find((item) => item.kind === 'revocation_alert');
    expect(alert?.alert?.evidence).toMatchObject({ revoke: true, criteriaNotMet: 10 });
  });

  it('posts one dossier publicly with an answered comment, and keeps a returned one', async () => {
    const list = await get<{ items: DossierDetail[] }>('/api/v1/dossiers?province=15', province);
    const posted = list.body.items.find((item) => item.step === 'cong_khai')!;
    const page = await get<PublicDossierView>(`/api/v1/public/dossiers/${posted.id}`);
    expect(page.status).toBe(200);
    expect(page.body.posting?.open).toBe(true);
    expect(page.body.comments[0]?.answer).toContain('kế hoạch');
    const returned = list.body.items.find((item) => item.step === 'nop_ho_so')!;
    expect(returned.flags).toContain('returned');
  });
});
