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

async function send<T>(method: 'POST', url: string, cookie: string, payload: unknown) {
  const response = await testApp.app.inject({
    method,
    url,
    headers: { cookie },
    payload: payload as object,
  });
  return { status: response.statusCode, body: response.json<T>() };
}

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

  it('runs the flagged revocation to a published decision that names the original', async () => {
    const inbox = await get<InboxResponse>('/api/v1/inbox', province);
    const alert = inbox.body.items.find((item) => item.kind === 'revocation_alert')!.alert!;
    const commune = await signIn(testApp.app, `xa.demo.${alert.unit.code}`);
    const refused = await send('POST', '/api/v1/dossiers/revocations', commune, {
      recognition: alert.recognitionId,
      reason: 'Rà soát',
    });
    expect(refused.status).toBe(403);
    const opened = await send<DossierDetail>('POST', '/api/v1/dossiers/revocations', province, {
      recognition: alert.recognitionId,
      reason: 'Số liệu năm 2025: 10/19 tiêu chí không đạt (Điều 23, 18/2022/QĐ-TTg)',
      alert: alert.id,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    let dossier = opened.body;
    expect(dossier).toMatchObject({ purpose: 'revocation', step: 'ra_soat' });
    expect(dossier.snapshot?.evaluation.revocation?.revoke).toBe(true);
    const act = async (type: string, payload: Record<string, unknown> = {}, reason?: string) => {
      const outcome = await send<DossierDetail>(
        'POST',
        `/api/v1/dossiers/${dossier.id}/actions`,
        province,
        {
          type,
          version: dossier.version,
          payload,
          ...(reason ? { reason } : {}),
        },
      );
      expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
      dossier = outcome.body;
    };
    const attach = async (documentCode: string) => {
      const boundary = '----ntmrevocation';
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="documentCode"\r\n\r\n${documentCode}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="version"\r\n\r\n${dossier.version}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${documentCode}.pdf"\r\n` +
            'Content-Type: application/pdf\r\n\r\n',
        ),
        Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const response = await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/dossiers/${dossier.id}/documents`,
        headers: { cookie: province, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
      expect(response.statusCode, response.body).toBe(200);
      dossier = response.json<DossierDetail>();
    };
    await attach('bao_cao_ra_soat');
    await act('proceed');
    await attach('bien_ban_hop');
    await act('proceed');
    await attach('to_trinh');
    await act('proceed');
    await act('record_decision', {
      number: '3090/QĐ-UBND',
      issuedOn: '2026-03-10',
      effectiveOn: '2026-03-10',
      signer: 'Nguyễn Văn Hùng (demo)',
      signerTitle: 'Phó Chủ tịch',
    });
    expect(dossier.decision?.revokes).toMatchObject({ number: '2150/QĐ-UBND' });
    await act('proceed');
    await act('publish');
    expect(dossier.status).toBe('published');
    const register = await get<RecognitionsResponse>('/api/v1/recognitions?province=15&year=2025');
    expect(register.body.items[0]).toMatchObject({
      decision: { number: '2150/QĐ-UBND' },
      revoked: { number: '3090/QĐ-UBND', date: '2026-03-10' },
    });
    const after = await get<InboxResponse>('/api/v1/inbox', province);
    expect(after.body.items.some((item) => item.kind === 'revocation_alert')).toBe(false);
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
