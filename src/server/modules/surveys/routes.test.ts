import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseHouseholdCode } from '../../../domain/surveys/codes';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/app';
import { pdfPages } from '../../test/pdf-text';
import { signIn } from '../accounts/test-helpers';
import type { DossierDetail } from '../recognition/api';
import { resetRecognitionClock, shiftRecognitionClock } from '../recognition/clock';
import { findUnit } from '../units/service';
import { todayInVietnam } from '../units/model';
import type { z } from 'zod';
import type { campaignDetail, receiptView, tallyResponse } from './api';
import { unitsCollectingSatisfactionOnline } from './stats';

/**
 * A commune's satisfaction survey through the API: the roll from Excel (with its row and column
 * errors), codes on slips, answers by the three channels under one rule per household, retries
 * that count once, the live tally against the guidance's rules, closing (the link between
 * households and answers gone), the result into the recognition dossier, which then cannot
 * proceed while a rule fails.
 */

type Campaign = z.infer<typeof campaignDetail>;
type Receipt = z.infer<typeof receiptView>;
type TallyResponse = z.infer<typeof tallyResponse>;

const LAM_GIANG = '04381';
let testApp: TestApp;
let front: string;
let commune: string;
let viewer: string;
let otherCommune: string;
let lamGiangId: number;

async function call<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
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
  const json = response.headers['content-type']?.toString().includes('json')
    ? response.json<T>()
    : (undefined as T);
  return { status: response.statusCode, body: json, raw: response };
}

async function rollFile(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách hộ');
  sheet.addRow(['DANH SÁCH HỘ GIA ĐÌNH']);
  sheet.addRow([]);
  sheet.addRow(['Thôn/tổ dân phố', 'Mã hộ', 'Họ và tên chủ hộ', 'Địa chỉ']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function uploadRoll(campaign: Campaign, data: Buffer, cookie = front) {
  const boundary = `----ntmroll${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="danh-sach.xlsx"\r\n` +
        'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const response = await testApp.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/campaigns/${campaign.id}/roll?version=${campaign.version}`,
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  return { status: response.statusCode, body: response.json<unknown>() };
}

function answersAll(value: 'satisfied' | 'dissatisfied', campaign: Campaign) {
  const answers: Record<string, 'satisfied' | 'dissatisfied' | null> = {};
  for (const question of campaign.questionnaire.questions) answers[question.id] = value;
  answers[campaign.questionnaire.overall.id] = value;
  return answers;
}

async function act(
  campaign: Campaign,
  type: string,
  extra: Record<string, unknown> = {},
  cookie = front,
) {
  return call<Campaign>('POST', `/api/v1/surveys/campaigns/${campaign.id}/actions`, cookie, {
    type,
    version: campaign.version,
    ...extra,
  });
}

async function dossierAct(
  cookie: string,
  dossier: DossierDetail,
  type: string,
  payload: Record<string, unknown> = {},
) {
  return call<DossierDetail & { refusals?: { code: string }[] }>(
    'POST',
    `/api/v1/dossiers/${dossier.id}/actions`,
    cookie,
    { type, version: dossier.version, payload },
  );
}

beforeAll(async () => {
  testApp = await createTestApp();
  [front, commune, viewer, otherCommune] = await Promise.all([
    signIn(testApp.app, 'mttq.lamgiang'),
    signIn(testApp.app, 'xa.lamgiang'),
    signIn(testApp.app, 'xem.laocai'),
    signIn(testApp.app, 'huyen.vanyen'),
  ]);
  const unit = await findUnit(testApp.database.db, LAM_GIANG, todayInVietnam());
  lamGiangId = unit!.id;
});
afterAll(async () => {
  resetRecognitionClock();
  await testApp.close();
});

describe('a satisfaction survey for a recognition dossier', () => {
  let dossier: DossierDetail;
  let campaign: Campaign;
  const codes: string[] = [];

  it('gets the dossier to the satisfaction step (the survey is reported there)', async () => {
    const opened = await call<DossierDetail>('POST', '/api/v1/dossiers', commune, {
      unit: LAM_GIANG,
      kind: 'commune_ntm',
      year: 2025,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    dossier = (await dossierAct(commune, opened.body, 'proceed')).body;
    shiftRecognitionClock(16);
    dossier = (await dossierAct(commune, dossier, 'proceed')).body;
    dossier = (await dossierAct(commune, dossier, 'proceed')).body;
    expect(dossier.step).toBe('su_hai_long');
    // A survey's result is never typed in through the dossier's actions.
    const forged = await dossierAct(commune, dossier, 'record_satisfaction', {
      source: 'survey',
      coverage: 99,
      satisfied: 99,
      passed: true,
    });
    expect(forged.status).toBe(422);
  });

  it('is created by the Front with the guidance’s rules; loosening is refused, tightening kept', async () => {
    const today = todayInVietnam(new Date(Date.now() + 16 * 86_400_000));
    const base = {
      unitId: lamGiangId,
      purpose: 'recognition',
      dossierId: dossier.id,
      opensOn: today,
    };
    const loose = await call('POST', '/api/v1/surveys/campaigns', front, {
      ...base,
      rules: [
        { code: 'ty-le-ho', kind: 'coverage_total', min: 60, verified: true, source: 'Tỉnh thử' },
        {
          code: 'hai-long-chung',
          kind: 'overall_satisfaction',
          min: 90,
          verified: false,
          source: 'Tỉnh thử',
        },
      ],
    });
    expect(loose.status, JSON.stringify(loose.body)).toBe(422);
    expect(JSON.stringify(loose.body)).toContain('không được thấp hơn');
    const foreign = await call('POST', '/api/v1/surveys/campaigns', otherCommune, base);
    expect(foreign.status).toBe(403);
    const created = await call<Campaign>('POST', '/api/v1/surveys/campaigns', front, {
      ...base,
      rules: [
        { code: 'ty-le-ho', kind: 'coverage_total', min: 70, verified: true, source: '90/HD' },
        {
          code: 'hai-long-chung',
          kind: 'overall_satisfaction',
          min: 92,
          verified: true,
          source: 'Tỉnh',
        },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    campaign = created.body;
    expect(campaign.state).toBe('planned');
    expect(campaign.guidance.code).toBe('90-HD-MTTW-BTT');
    expect(campaign.questionnaire.questions).toHaveLength(19);
    expect(campaign.rules.find((rule) => rule.code === 'hai-long-chung')?.min).toBe(92);
    expect(campaign.reference).toMatch(/^KS-04381-\d{4}-\d{2}$/);
    expect(campaign.actions).toContain('open');
    const twice = await call('POST', '/api/v1/surveys/campaigns', front, base);
    expect(twice.status).toBe(409);
    const read = await call<Campaign>('GET', `/api/v1/surveys/campaigns/${campaign.id}`, viewer);
    expect(read.status).toBe(200);
    expect(read.body.canManage).toBe(false);
    expect(
      (await call('GET', `/api/v1/surveys/campaigns/${campaign.id}`, otherCommune)).status,
    ).toBe(403);
  });

  it('takes the roll from Excel whole or not at all, naming the row and column', async () => {
    const bad = await uploadRoll(
      campaign,
      await rollFile([
        ['Thôn Khe Dứa', 'KD01', 'Nguyễn Văn A', 'Số 1'],
        ['Thôn Khe Dứa', 'KD01', 'Trần Thị B', 'Số 2'],
        ['Thôn Khe Dứa', '', 'Lê Văn C', ''],
      ]),
    );
    expect(bad.status, JSON.stringify(bad.body)).toBe(422);
    const messages = (bad.body as { errors: { message: string }[] }).errors.map((e) => e.message);
    expect(messages).toContain('Dòng 6, cột B: thiếu mã hộ.');
    expect(messages.some((m) => m.startsWith('Dòng 5, cột B: mã hộ "KD01" trùng với dòng 4'))).toBe(
      true,
    );
    expect(
      (await call<Campaign>('GET', `/api/v1/surveys/campaigns/${campaign.id}`, front)).body
        .households,
    ).toBe(0);

    const rows: (string | number)[][] = [];
    for (let i = 1; i <= 6; i += 1)
      rows.push(['Thôn Khe Dứa', `KD${i}`, `Hộ Khe Dứa ${i}`, `Số ${i}`]);
    for (let i = 1; i <= 4; i += 1) rows.push(['Thôn Làng Mới', `LM${i}`, `Hộ Làng Mới ${i}`, '']);
    const good = await uploadRoll(campaign, await rollFile(rows));
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body).toMatchObject({ households: 10, villages: 2 });
    campaign = (good.body as { campaign: Campaign }).campaign;
    expect(campaign.villages.map((v) => [v.village, v.households])).toEqual([
      ['Thôn Khe Dứa', 6],
      ['Thôn Làng Mới', 4],
    ]);
    const stale = await call('POST', `/api/v1/surveys/campaigns/${campaign.id}/households`, front, {
      version: campaign.version - 1,
      households: [{ village: 'Thôn Làng Mới', householdCode: 'LM9', headName: 'Hộ mới' }],
    });
    expect(stale.status).toBe(409);
  });

  it('prints one-time codes on slips; the database keeps only their hashes', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/campaigns/${campaign.id}/codes`,
      headers: { cookie: front },
      payload: {},
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('application/pdf');
    expect(response.headers['x-codes-issued']).toBe('10');
    const text = pdfPages(response.rawPayload).join('\n');
    for (const match of text.matchAll(
      /\b([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{2})\b/g,
    )) {
      codes.push(match[1]!);
    }
    expect(codes).toHaveLength(10);
    expect(text).toContain('Hộ Khe Dứa 1');
    const stored = await queryRows<{ hash: string }>(
      testApp.database.db,
      sql`SELECT code_hash AS hash FROM survey_code WHERE campaign_id = ${campaign.id}`,
    );
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(normaliseHouseholdCode(codes[0]!));
    campaign = (await call<Campaign>('GET', `/api/v1/surveys/campaigns/${campaign.id}`, front))
      .body;
  });

  it('refuses answers before opening, and freezes the roll when it opens', async () => {
    const early = await call('POST', '/api/v1/surveys/answers', undefined, {
      code: codes[0],
      clientId: 'client-early-0001',
      answers: answersAll('satisfied', campaign),
    });
    expect(early.status).toBe(409);
    const opened = await act(campaign, 'open');
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    campaign = opened.body;
    expect(campaign.state).toBe('open');
    expect(campaign.rollFrozenAt).not.toBeNull();
    const frozen = await uploadRoll(campaign, await rollFile([['Thôn X', 'X1', 'Hộ X', '']]));
    expect(frozen.status).toBe(422);
  });

  it('counts one answer per household whatever the channel, and a retry once', async () => {
    const form = await call<{ village: string; answered: unknown }>(
      'GET',
      `/api/v1/surveys/answers/form?code=${encodeURIComponent(codes[0]!.toLowerCase())}`,
    );
    expect(form.status).toBe(200);
    expect(form.body.answered).toBeNull();
    const answers = answersAll('satisfied', campaign);
    const first = await call<Receipt>('POST', '/api/v1/surveys/answers', undefined, {
      code: codes[0],
      clientId: 'client-qr-000001',
      answers,
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.replayed).toBe(false);
    expect(first.body.receipt).toMatch(/^XN-/);
    // The connection dropped; the phone sends the same form again: the same receipt, no new vote.
    const retry = await call<Receipt>('POST', '/api/v1/surveys/answers', undefined, {
      code: codes[0],
      clientId: 'client-qr-000001',
      answers,
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ replayed: true, receipt: first.body.receipt });
    const changed = await call('POST', '/api/v1/surveys/answers', undefined, {
      code: codes[0],
      clientId: 'client-qr-000001',
      answers: answersAll('dissatisfied', campaign),
    });
    expect(changed.status).toBe(409);
    expect(JSON.stringify(changed.body)).toContain('Mỗi hộ chỉ trả lời một lần');

    // The same household through an officer: refused.
    const households = await call<{
      items: { id: number; householdCode: string; answered: boolean }[];
    }>('GET', `/api/v1/surveys/campaigns/${campaign.id}/households?pageSize=50`, commune);
    const answered = households.body.items.filter((h) => h.answered);
    expect(answered).toHaveLength(1);
    const paperAgain = await call(
      'POST',
      `/api/v1/surveys/campaigns/${campaign.id}/answers`,
      commune,
      {
        householdId: answered[0]!.id,
        channel: 'paper',
        clientId: 'client-paper-dup1',
        answers,
      },
    );
    expect(paperAgain.status).toBe(409);

    const others = households.body.items.filter((h) => !h.answered);
    const paper = await call<Receipt>(
      'POST',
      `/api/v1/surveys/campaigns/${campaign.id}/answers`,
      commune,
      {
        householdId: others[0]!.id,
        channel: 'paper',
        clientId: 'client-paper-0001',
        answers: { ...answers, q3: null },
      },
    );
    expect(paper.status, JSON.stringify(paper.body)).toBe(200);
    const door = {
      householdId: others[1]!.id,
      channel: 'door',
      clientId: 'client-door-00001',
      answers: answersAll('dissatisfied', campaign),
    };
    expect(
      (await call<Receipt>('POST', `/api/v1/surveys/campaigns/${campaign.id}/answers`, front, door))
        .body.replayed,
    ).toBe(false);
    expect(
      (await call<Receipt>('POST', `/api/v1/surveys/campaigns/${campaign.id}/answers`, front, door))
        .body.replayed,
    ).toBe(true);
    // A viewer cannot enter answers; nor can an empty form be sent.
    expect(
      (
        await call('POST', `/api/v1/surveys/campaigns/${campaign.id}/answers`, viewer, {
          ...door,
          householdId: others[2]!.id,
          clientId: 'client-viewer-01',
        })
      ).status,
    ).toBe(403);
    const blank = await call('POST', `/api/v1/surveys/campaigns/${campaign.id}/answers`, front, {
      householdId: others[2]!.id,
      channel: 'paper',
      clientId: 'client-blank-001',
      answers: {},
    });
    expect(blank.status).toBe(422);
  });

  it('refuses a mistyped code, a forged one and a guesser', async () => {
    const typo = codes[1]!.slice(0, 11) + (codes[1]!.endsWith('Z') ? 'Y' : 'Z');
    const mistyped = await call('GET', `/api/v1/surveys/answers/form?code=${typo}`);
    expect([400, 404]).toContain(mistyped.status);
    // Well formed (its check symbol holds) but never issued: a forgery.
    const forged = await call('GET', '/api/v1/surveys/answers/form?code=2222-2222-22');
    expect(forged.status).toBe(404);
    expect((await call('GET', '/api/v1/surveys/answers/form?code=ABCD')).status).toBe(400);
  });

  it('tallies live: 3 of 10 households, each rule with its verdict', async () => {
    const response = await call<TallyResponse>(
      'GET',
      `/api/v1/surveys/campaigns/${campaign.id}/tally`,
      commune,
    );
    expect(response.status).toBe(200);
    const { tally, channels, live } = response.body;
    expect(live).toBe(true);
    expect(channels).toEqual({ code: 1, paper: 1, door: 1 });
    expect(tally.households).toBe(10);
    expect(tally.answered).toBe(3);
    expect(tally.coverage).toBe(30);
    const q3 = tally.questions.find((q) => q.id === 'q3')!;
    expect(q3).toMatchObject({ satisfied: 1, dissatisfied: 1, blank: 1, share: 50 });
    expect(tally.overall.satisfied).toBe(2);
    expect(tally.rules.map((r) => [r.code, r.passed])).toEqual([
      ['ty-le-ho', false],
      ['hai-long-chung', false],
    ]);
    expect(tally.passed).toBe(false);
    // Counts only: no household's code or name anywhere in the tally.
    expect(JSON.stringify(response.body)).not.toMatch(/KD\d|LM\d|Hộ Khe/);
  });

  it('serves the household a light page that works without JavaScript, and counts a resend once', async () => {
    const entry = await testApp.app.inject({ method: 'GET', url: '/khao-sat' });
    expect(entry.statusCode).toBe(200);
    expect(entry.headers['content-type']).toContain('text/html');
    expect(entry.body).toContain('<label for="ma">');
    const wrong = await testApp.app.inject({ method: 'GET', url: '/khao-sat?ma=ABCD' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Mã hộ không đúng');

    const page = await testApp.app.inject({ method: 'GET', url: `/khao-sat?ma=${codes[3]}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('same-origin');
    // Every question a labelled group of two radios; the overall question last.
    expect(page.body.match(/<fieldset>/g)).toHaveLength(20);
    expect(page.body).toContain('value="satisfied"');
    const clientId = /name="clientId" value="([^"]+)"/.exec(page.body)![1]!;
    const script = await testApp.app.inject({ method: 'GET', url: '/khao-sat/khao-sat.js' });
    expect(script.statusCode).toBe(200);
    // Far under the public page's budget of 100 KB of JavaScript.
    expect(Buffer.byteLength(script.body)).toBeLessThan(4_000);

    const fields = new URLSearchParams({ ma: codes[3]!, clientId });
    for (const question of campaign.questionnaire.questions) fields.set(question.id, 'satisfied');
    fields.set('overall', 'satisfied');
    const post = () =>
      testApp.app.inject({
        method: 'POST',
        url: '/khao-sat',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: fields.toString(),
      });
    const sent = await post();
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.body).toContain('Mã xác nhận');
    const receipt = /class="receipt">([^<]+)</.exec(sent.body)![1]!;
    const again = await post();
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain(receipt);
    expect(again.body).toContain('không tính thêm phiếu');
    const reopened = await testApp.app.inject({ method: 'GET', url: `/khao-sat?ma=${codes[3]}` });
    expect(reopened.body).toContain('Hộ đã trả lời');
    const tally = await call<TallyResponse>(
      'GET',
      `/api/v1/surveys/campaigns/${campaign.id}/tally`,
      front,
    );
    expect(tally.body.tally.answered).toBe(4);
    expect(tally.body.channels.code).toBe(2);
  });

  it('closes: no more answers, and nothing links a household to its answers', async () => {
    const closed = await act(campaign, 'close');
    expect(closed.status).toBe(200);
    campaign = closed.body;
    const late = await call('POST', '/api/v1/surveys/answers', undefined, {
      code: codes[5],
      clientId: 'client-late-00001',
      answers: answersAll('satisfied', campaign),
    });
    expect(late.status).toBe(409);
    const columns = await queryRows<{ column: string }>(
      testApp.database.db,
      sql`SELECT column_name AS column FROM information_schema.columns WHERE table_name = 'survey_response'`,
    );
    expect(columns.map((c) => c.column).sort()).toEqual([
      'answers',
      'campaign_id',
      'commune_unit_id',
      'id',
      'province_code',
    ]);
    const [keys] = await queryRows<{ key: string | null; digests: number }>(
      testApp.database.db,
      sql`SELECT c.answer_key AS key,
            (SELECT count(*)::int FROM survey_participation p
              WHERE p.campaign_id = c.id AND p.answer_digest IS NOT NULL) AS digests
          FROM survey_campaign c WHERE c.id = ${campaign.id}`,
    );
    expect(keys).toEqual({ key: null, digests: 0 });
  });

  it('reports a failing tally into the dossier, which then cannot proceed', async () => {
    campaign = (await act(campaign, 'tally')).body;
    expect(campaign.state).toBe('tallied');
    expect(campaign.passed).toBe(false);
    const pdf = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/campaigns/${campaign.id}/result.pdf?village=${encodeURIComponent('Thôn Khe Dứa')}`,
      headers: { cookie: viewer },
    });
    expect(pdf.statusCode).toBe(200);
    const sheet = pdfPages(pdf.rawPayload).join('\n');
    expect(sheet).toContain('THÔNG BÁO KẾT QUẢ LẤY Ý KIẾN');
    expect(sheet).toContain('Không đạt');
    campaign = (await act(campaign, 'post')).body;
    expect(campaign.state).toBe('posted');
    expect(campaign.postedUntil).not.toBeNull();
    const current = (await call<DossierDetail>('GET', `/api/v1/dossiers/${dossier.id}`, commune))
      .body;
    const stale = await act(campaign, 'report', { dossierVersion: current.version - 1 }, commune);
    expect(stale.status).toBe(409);
    const reported = await act(campaign, 'report', { dossierVersion: current.version }, commune);
    expect(reported.status, JSON.stringify(reported.body)).toBe(200);
    expect(reported.body.state).toBe('reported');
    dossier = (await call<DossierDetail>('GET', `/api/v1/dossiers/${dossier.id}`, commune)).body;
    expect(dossier.satisfaction).toMatchObject({
      source: 'survey',
      passed: false,
      coverage: 40,
      surveyId: campaign.id,
    });
    const proceed = await dossierAct(commune, dossier, 'proceed');
    expect(proceed.status).toBe(422);
    expect((proceed.body.refusals ?? []).map((r) => r.code)).toContain(
      'recognition.satisfaction_failed',
    );
    // Nor can a paper report replace the survey's verdict.
    const paper = await dossierAct(commune, dossier, 'record_satisfaction', {
      source: 'paper',
      coverage: 90,
      satisfied: 95,
      passed: true,
      fileId: '00000000-0000-0000-0000-000000000000',
    });
    expect(paper.status).toBe(422);
    const audit = await queryRows<{ action: string }>(
      testApp.database.db,
      sql`SELECT action FROM audit_log WHERE entity_id = ${campaign.id} ORDER BY id`,
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'survey.campaign.create',
        'survey.roll.import',
        'survey.codes.issue',
        'survey.campaign.open',
        'survey.answer',
        'survey.campaign.close',
        'survey.campaign.report',
      ]),
    );
  });

  it('counts the commune for 924 in the year it answered online (the code and the door count)', async () => {
    const year = Number(todayInVietnam(new Date(Date.now() + 16 * 86_400_000)).slice(0, 4));
    expect(
      (await unitsCollectingSatisfactionOnline(testApp.database.db, year)).has(lamGiangId),
    ).toBe(true);
    expect(
      (await unitsCollectingSatisfactionOnline(testApp.database.db, year - 1)).has(lamGiangId),
    ).toBe(false);
  });

  it('stops an address that keeps trying wrong codes (after the rest, which it would block)', async () => {
    let status = 0;
    for (let attempt = 0; attempt < 25 && status !== 429; attempt += 1) {
      status = (await call('GET', `/api/v1/surveys/answers/form?code=2222-2222-2${attempt % 10}`))
        .status;
    }
    expect(status).toBe(429);
    const refused = await call('POST', '/api/v1/surveys/answers', undefined, {
      code: codes[6],
      clientId: 'client-after-guess',
      answers: answersAll('satisfied', campaign),
    });
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.body)).toContain('Đã nhập sai mã quá nhiều lần');
  });
});
