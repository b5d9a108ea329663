import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticValues } from '../../../domain/values';
import { systemContext } from '../../auth/actor';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import { loadPublishedSet } from '../criteria/sets';
import { writeValues } from '../values/service';
import { resolveTarget } from '../values/target';
import type { DossierDetail, InboxResponse, PublicDossierView, RecognitionsResponse } from './api';
import { resetRecognitionClock, shiftRecognitionClock } from './clock';

/**
 * A commune's whole recognition procedure (131/2025 template: commune → province) through the API:
 * self-assessment frozen, public posting with a moderated comment, opinions, the Front's
 * satisfaction report from paper, the dossier with its checklist, verification with one return
 * with reasons, sector appraisal per criterion, the council's vote, the numbered decision with its
 * PDF, publication into the public register. Refusals on the way change nothing.
 */

const LAM_GIANG = '04381';
const SET = 'xa-ntm-2021-2025';
let testApp: TestApp;
let commune: string;
let province: string;
let sector: string;
let appraiser: string;

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

function multipartBody(fields: Record<string, string>, fileName: string, data: Buffer) {
  const boundary = `----ntmdossier${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const head = Buffer.from(
    parts.join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      'Content-Type: application/pdf\r\n\r\n',
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function call<T>(
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  cookie?: string,
  payload?: unknown,
) {
  const response = await testApp.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.json<T>(), raw: response };
}

async function act(
  cookie: string,
  dossier: DossierDetail,
  type: string,
  extra: { payload?: Record<string, unknown>; reason?: string; legalBasis?: string } = {},
) {
  return call<DossierDetail & { refusals?: Array<{ code: string; message: string }> }>(
    'POST',
    `/api/v1/dossiers/${dossier.id}/actions`,
    cookie,
    { type, version: dossier.version, payload: extra.payload ?? {}, ...extra },
  );
}

async function attach(cookie: string, dossier: DossierDetail, documentCode: string) {
  const body = multipartBody(
    { documentCode, version: String(dossier.version) },
    `${documentCode}.pdf`,
    pdf,
  );
  const response = await testApp.app.inject({
    method: 'POST',
    url: `/api/v1/dossiers/${dossier.id}/documents`,
    headers: { cookie, ...body.headers },
    payload: body.payload,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<DossierDetail>();
}

beforeAll(async () => {
  testApp = await createTestApp();
  // Xã Lâm Giang meets every criterion of the 2021–2025 set in 2025 (synthetic values).
  const db = testApp.database.db;
  await db.transaction(async (tx) => {
    const set = await loadPublishedSet(tx, SET);
    const target = await resolveTarget(tx, LAM_GIANG, SET, 2025);
    const values = syntheticValues(set.compiled, {
      unitCode: LAM_GIANG,
      unitClass: target.unitClass,
      year: 2025,
      metShare: 1,
    });
    await writeValues(
      tx,
      systemContext('test'),
      target,
      [...values].map(([indicator, value]) => ({ indicator, value })),
      { source: 'import' },
    );
  });
  [commune, province, sector, appraiser] = await Promise.all([
    signIn(testApp.app, 'xa.lamgiang'),
    signIn(testApp.app, 'tinh.laocai'),
    signIn(testApp.app, 'so.laocai'),
    signIn(testApp.app, 'thamdinh.laocai'),
  ]);
});
afterAll(async () => {
  resetRecognitionClock();
  await testApp.close();
});

describe('a commune recognition dossier, from self-assessment to the published decision', () => {
  let dossier: DossierDetail;

  it('opens with the template in force and the self-assessment frozen', async () => {
    const refused = await call('POST', '/api/v1/dossiers', province, {
      unit: LAM_GIANG,
      kind: 'commune_ntm',
      year: 2025,
    });
    expect(refused.status).toBe(403);
    const opened = await call<DossierDetail>('POST', '/api/v1/dossiers', commune, {
      unit: LAM_GIANG,
      kind: 'commune_ntm',
      year: 2025,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    dossier = opened.body;
    expect(dossier.template.code).toBe('xa-131-2025');
    expect(dossier.reference).toMatch(/^HS-2025-15-\d{4}$/);
    expect(dossier.step).toBe('tu_danh_gia');
    expect(dossier.snapshot?.allCriteriaMet).toBe(true);
    expect(dossier.permissions.actions).toContain('proceed');
    const twice = await call('POST', '/api/v1/dossiers', commune, {
      unit: LAM_GIANG,
      kind: 'commune_ntm',
      year: 2025,
    });
    expect(twice.status).toBe(409);
  });

  it('is posted publicly; comments wait for moderation and the posting cannot be cut short', async () => {
    let outcome = await act(commune, dossier, 'proceed');
    expect(outcome.status).toBe(200);
    dossier = outcome.body;
    expect(dossier.step).toBe('cong_khai');
    expect(
      dossier.posting,
      JSON.stringify({ step: dossier.step, posting: dossier.posting, flags: dossier.flags }),
    ).not.toBeNull();
    expect(dossier.posting?.open).toBe(true);

    const comment = await call<{ id: string; version: number }>(
      'POST',
      `/api/v1/public/dossiers/${dossier.id}/comments`,
      undefined,
      {
        authorName: 'Nguyễn Thị Mai',
        contact: '0912 345 678',
        body: 'Đường thôn Khe Dứa còn lầy.',
      },
    );
    expect(comment.status).toBe(201);
    const duplicate = await call(
      'POST',
      `/api/v1/public/dossiers/${dossier.id}/comments`,
      undefined,
      {
        body: 'Đường thôn Khe Dứa còn lầy.',
      },
    );
    expect(duplicate.status).toBe(409);
    let page = await call<PublicDossierView>('GET', `/api/v1/public/dossiers/${dossier.id}`);
    expect(page.status).toBe(200);
    expect(page.body.comments).toHaveLength(0);
    expect(JSON.stringify(page.body)).not.toContain('0912');
    const moderated = await call(
      'PATCH',
      `/api/v1/dossiers/${dossier.id}/comments/${comment.body.id}`,
      commune,
      {
        status: 'published',
        answer: 'Xã đã đưa vào kế hoạch sửa chữa quý I.',
        version: comment.body.version,
      },
    );
    expect(moderated.status).toBe(200);
    page = await call<PublicDossierView>('GET', `/api/v1/public/dossiers/${dossier.id}`);
    expect(page.body.comments).toMatchObject([
      { body: 'Đường thôn Khe Dứa còn lầy.', answer: 'Xã đã đưa vào kế hoạch sửa chữa quý I.' },
    ]);
    expect(page.body.comments[0]).not.toHaveProperty('contact');

    outcome = await act(commune, dossier, 'proceed');
    expect(outcome.status).toBe(422);
    expect(outcome.body.refusals?.[0]?.code, JSON.stringify(outcome.body)).toBe(
      'recognition.posting_not_over',
    );
    shiftRecognitionClock(16);
    const late = await call('POST', `/api/v1/public/dossiers/${dossier.id}/comments`, undefined, {
      body: 'Ý kiến gửi sau khi hết niêm yết',
    });
    expect(late.status).toBe(422);
    outcome = await act(commune, dossier, 'proceed');
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    dossier = outcome.body;
    expect(dossier.step).toBe('lay_y_kien');
  });

  it('records opinions and the Front’s satisfaction report; refuses to go on without it', async () => {
    dossier = await attach(commune, dossier, 'other');
    const letter = dossier.documents.find((document) => document.documentCode === 'other')!;
    let outcome = await act(commune, dossier, 'record_opinion', {
      payload: {
        organisation: 'Ủy ban MTTQ xã Lâm Giang',
        summary: 'Nhất trí đề nghị xét công nhận.',
        fileId: letter.id,
      },
    });
    expect(outcome.status).toBe(200);
    dossier = (await act(commune, outcome.body, 'proceed')).body;
    expect(dossier.step).toBe('su_hai_long');
    outcome = await act(commune, dossier, 'proceed');
    expect(outcome.status).toBe(422);
    dossier = await attach(commune, dossier, 'bao_cao_mttq');
    const report = dossier.documents.find((document) => document.documentCode === 'bao_cao_mttq')!;
    outcome = await act(commune, dossier, 'record_satisfaction', {
      payload: {
        source: 'paper',
        coverage: 86.5,
        satisfied: 95.2,
        passed: true,
        fileId: report.id,
      },
    });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    dossier = (await act(commune, outcome.body, 'proceed')).body;
    expect(dossier.step).toBe('nop_ho_so');
  });

  it('sends the complete dossier; the province returns it once with reasons per criterion', async () => {
    let outcome = await act(commune, dossier, 'proceed');
    expect(outcome.status).toBe(422);
    const codes = (outcome.body.refusals ?? []).map((refusal) => refusal.code);
    expect(codes).toContain('recognition.document_missing');
    for (const code of [
      'to_trinh',
      'bao_cao_tieu_chi',
      'bao_cao_no_dong',
      'bien_ban_hop',
      'bao_cao_hai_long',
    ]) {
      dossier = await attach(commune, dossier, code);
    }
    for (const condition of ['no_construction_debt', 'no_security_issue']) {
      dossier = (
        await act(commune, dossier, 'declare_condition', { payload: { condition, holds: true } })
      ).body;
    }
    outcome = await act(commune, dossier, 'proceed');
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    dossier = outcome.body;
    expect(dossier.step).toBe('tham_tra');
    expect(dossier.dueOn).not.toBeNull();

    // Not the commune's step any more.
    const wrong = await act(commune, dossier, 'proceed');
    expect(wrong.status).toBe(422);
    expect(wrong.body.refusals?.[0]?.code).toBe('recognition.wrong_role');

    const inbox = await call<InboxResponse>('GET', '/api/v1/inbox', province);
    expect(inbox.body.items.some((item) => item.dossier?.id === dossier.id)).toBe(true);

    outcome = await act(province, dossier, 'return', {
      reason: 'Bổ sung minh chứng',
      payload: {
        criteria: [{ criterion: '2', reason: 'Thiếu biên bản nghiệm thu đường trục thôn' }],
      },
    });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    dossier = outcome.body;
    expect(dossier.step).toBe('nop_ho_so');
    expect(dossier.flags).toContain('returned');
    dossier = (await act(commune, dossier, 'proceed')).body;
    expect(dossier.step).toBe('tham_tra');
    dossier = await attach(province, dossier, 'bao_cao_tham_tra');
    dossier = (await act(province, dossier, 'proceed')).body;
    expect(dossier.step).toBe('tham_dinh');
  });

  it('is appraised criterion by criterion; a stale version loses', async () => {
    const stale = dossier;
    for (const criterion of dossier.criteria) {
      const outcome = await act(sector, dossier, 'review_criterion', {
        payload: { criterion: criterion.code, verdict: 'pass' },
      });
      expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
      dossier = outcome.body;
    }
    const conflict = await act(province, stale, 'proceed');
    expect(conflict.status).toBe(409);
    dossier = (await act(province, dossier, 'proceed')).body;
    expect(dossier.step).toBe('hoi_dong');
  });

  it('is voted by the council, decided with a numbered PDF and published', async () => {
    let outcome = await act(appraiser, dossier, 'record_council', {
      payload: {
        heldOn: '2025-11-20',
        members: [
          { name: 'Vũ Thị Hoa', position: 'Phó Chủ tịch UBND tỉnh', present: true, vote: 'for' },
          { name: 'Lê Văn Cường', position: 'Giám đốc Sở NN&MT', present: true, vote: 'for' },
          { name: 'Trần Văn Dũng', position: 'Ủy viên', present: false, vote: null },
        ],
      },
    });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    dossier = (await act(appraiser, outcome.body, 'proceed')).body;
    expect(dossier.step).toBe('quyet_dinh');
    outcome = await act(province, dossier, 'record_decision', {
      payload: {
        number: '125/QĐ-UBND',
        issuedOn: '2025-12-01',
        effectiveOn: '2025-12-01',
        signer: 'Nguyễn Văn Hùng',
        signerTitle: 'Phó Chủ tịch',
      },
    });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    dossier = outcome.body;
    expect(dossier.decision).toMatchObject({ number: '125/QĐ-UBND', publishedAt: null });
    // Not public before publication.
    const hidden = await call('GET', dossier.decision!.pdfUrl);
    expect(hidden.status).toBe(401);
    dossier = (await act(province, dossier, 'proceed')).body;
    expect(dossier.step).toBe('cong_bo');
    outcome = await act(province, dossier, 'publish');
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    expect(outcome.body.status).toBe('published');

    const register = await call<RecognitionsResponse>(
      'GET',
      `/api/v1/recognitions?unit=${LAM_GIANG}&year=2025`,
    );
    expect(register.status).toBe(200);
    expect(register.body.items).toMatchObject([
      {
        kind: 'commune_ntm',
        setCode: SET,
        year: 2025,
        decision: { number: '125/QĐ-UBND', date: '2025-12-01', signer: 'Nguyễn Văn Hùng' },
      },
    ]);
    const file = await testApp.app.inject({
      method: 'GET',
      url: register.body.items[0]!.decision.pdfUrl,
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const log = dossier.actions.map((action) => action.type);
    expect(log[0]).toBe('open');
    expect(log).toContain('return');
  });
});
