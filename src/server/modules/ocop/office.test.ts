import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { systemContext } from '../../auth/actor';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/app';
import { demoPassword } from '../accounts/demo';
import { createUserAsOperator } from '../accounts/service';
import { signIn } from '../accounts/test-helpers';
import { findUnit, listUnits } from '../units/service';
import { todayInVietnam } from '../units/model';
import type {
  applicationListResponse,
  applicationView,
  mySheetsResponse,
  producerView,
  productListResponse,
  productView,
  roundView,
  scoreSheetView,
  scoresResponse,
} from './api-office';
import { choicesWithPoints, insertPublishedSheet, testSheet } from './test-support';

/**
 * The office side of OCOP through the API: a commune registers producers and links their
 * accounts; a producer's account reaches only its own producer's products and applications and no
 * commune data; the producer applies (Mẫu 01, Mẫu 02) and submits; the commune pre-assesses and
 * forwards; the province opens a round, declares a council of three (one conflicted) and takes the
 * applications in; members score blind, two submit at once, a gap above the limit forces the
 * discussion and a second attempt; the result's stars.
 */

type Producer = z.infer<typeof producerView>;
type Product = z.infer<typeof productView>;
type Application = z.infer<typeof applicationView>;
type Round = z.infer<typeof roundView>;
type Sheet = z.infer<typeof scoreSheetView>;
type Scores = z.infer<typeof scoresResponse>;

const LAM_GIANG = '04381';
/** The old Xã Lang Thíp, ceased on 30/06/2025 (into the new Xã Lâm Giang). */
const LANG_THIP = '04378';
const SET = 'rau-cu-qua-hat-tuoi';
const sheet = { ...testSheet('26-2026', SET, 'test-office'), version: 99 };

let testApp: TestApp;
let commune: string;
let province: string;
let producer1: string;
let producer2: string;
const members: Record<'m1' | 'm2' | 'm3' | 'sec', { cookie: string; id: string }> = {} as never;
let lamGiangId: number;
/** A current commune of Lào Cai other than Lâm Giang (outside xa.lamgiang's scope). */
let otherCommuneCode: string;
let producerUserIds: Record<string, string>;

async function call<T>(method: string, url: string, cookie: string, payload?: unknown) {
  const response = await testApp.app.inject({
    method: method as 'GET',
    url,
    headers: { cookie },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.json<T>() };
}

async function newUser(username: string, role: 'producer' | 'ocop_council', unitCode: string) {
  const user = await testApp.database.db.transaction((tx) =>
    createUserAsOperator(tx, systemContext('test'), {
      username,
      displayName: `Người thử ${username}`,
      password: demoPassword,
      unitCode,
      roles: [{ role, unitCode }],
    }),
  );
  return { id: user.id, cookie: await signIn(testApp.app, username) };
}

async function createProducer(name: string, taxCode: string): Promise<Producer> {
  const created = await call<Producer>('POST', '/api/v1/ocop/producers', commune, {
    kind: 'cooperative',
    name,
    taxCode,
    communeUnitId: lamGiangId,
  });
  expect(created.status).toBe(201);
  return created.body;
}

async function createProduct(cookie: string, producerId: string, name: string) {
  return call<Product>('POST', '/api/v1/ocop/products', cookie, {
    producerId,
    name,
    setCode: SET,
    standards: ['TCCS 01:2026'],
  });
}

const registration = {
  summary: 'Sản xuất quanh năm, bán ở chợ huyện',
  annualRevenueMillion: 500,
  workers: 12,
  rawMaterialArea: '5 ha',
  samples: 5,
};

/** A product's application, filled, submitted and pre-assessed by the commune. */
async function preassessedApplication(productId: string, forward: boolean): Promise<Application> {
  const created = await call<Application>('POST', '/api/v1/ocop/applications', producer1, {
    productId,
    kind: 'first',
    registration,
  });
  expect(created.status).toBe(201);
  const filled = await call<Application>(
    'PATCH',
    `/api/v1/ocop/applications/${created.body.id}`,
    producer1,
    {
      selfAssessment: choicesWithPoints(sheet, { a1: 20, a2: 20, b1: 15, c1: 20 }),
      version: created.body.version,
    },
  );
  expect(filled.status).toBe(200);
  expect(filled.body.selfScore?.total).toBe(75);
  const submitted = await call<Application>(
    'POST',
    `/api/v1/ocop/applications/${created.body.id}/actions`,
    producer1,
    { action: 'submit', version: filled.body.version },
  );
  expect(submitted.status).toBe(200);
  expect(submitted.body.state).toBe('submitted');
  const preassessed = await call<Application>(
    'POST',
    `/api/v1/ocop/applications/${created.body.id}/actions`,
    commune,
    {
      action: 'preassess',
      criteria: [],
      conclusion: 'Đủ điều kiện tham gia đánh giá',
      forward,
      version: submitted.body.version,
    },
  );
  expect(preassessed.status).toBe(200);
  expect(preassessed.body.state).toBe('preassessed');
  expect(preassessed.body.preassessment?.forward).toBe(forward);
  return preassessed.body;
}

async function openSheet(member: keyof typeof members, applicationId: string) {
  return call<Sheet>(
    'GET',
    `/api/v1/ocop/applications/${applicationId}/score-sheet`,
    members[member].cookie,
  );
}

async function score(
  member: keyof typeof members,
  applicationId: string,
  points: Record<string, number>,
): Promise<Sheet> {
  const opened = await openSheet(member, applicationId);
  expect(opened.status).toBe(200);
  const saved = await call<Sheet>(
    'PUT',
    `/api/v1/ocop/applications/${applicationId}/score-sheet`,
    members[member].cookie,
    { choices: choicesWithPoints(sheet, points), version: opened.body.version },
  );
  expect(saved.status).toBe(200);
  return saved.body;
}

function submit(member: keyof typeof members, applicationId: string, version: number) {
  return call<Sheet>(
    'POST',
    `/api/v1/ocop/applications/${applicationId}/score-sheet/submit`,
    members[member].cookie,
    { version },
  );
}

beforeAll(async () => {
  testApp = await createTestApp();
  [commune, province] = await Promise.all([
    signIn(testApp.app, 'xa.lamgiang'),
    signIn(testApp.app, 'tinh.laocai'),
  ]);
  lamGiangId = (await findUnit(testApp.database.db, LAM_GIANG, todayInVietnam()))!.id;
  const communes = await listUnits(testApp.database.db, {
    level: 'commune',
    parentCode: '15',
    asOf: todayInVietnam(),
    page: 1,
    pageSize: 20,
  });
  otherCommuneCode = communes.items.find((unit) => unit.code !== LAM_GIANG)!.code;
  await insertPublishedSheet(testApp.database.db, sheet);
  const first = await newUser('chuthe.mot', 'producer', LAM_GIANG);
  const second = await newUser('chuthe.hai', 'producer', LAM_GIANG);
  [producer1, producer2] = [first.cookie, second.cookie];
  producerUserIds = { 'chuthe.mot': first.id, 'chuthe.hai': second.id };
  members.m1 = await newUser('hoidong.mot', 'ocop_council', '15');
  members.m2 = await newUser('hoidong.hai', 'ocop_council', '15');
  members.m3 = await newUser('hoidong.ba', 'ocop_council', '15');
  members.sec = await newUser('hoidong.thuky', 'ocop_council', '15');
}, 120_000);
afterAll(async () => {
  await testApp.close();
});

describe('OCOP producers, applications and council scoring', () => {
  let producerA: Producer;
  let producerB: Producer;
  let productA: Product;
  let productA2: Product;
  let productB: Product;
  let app1: Application;
  let app2: Application;
  let round: Round;

  it('registers producers and links their accounts', async () => {
    producerA = await createProducer('HTX Nông sản Lâm Giang', '5200123456');
    producerB = await createProducer('HTX Chè Lang Thíp', '5200654321');
    const idOf = (name: string) => producerUserIds[name]!;
    for (const [producer, user] of [
      [producerA, 'chuthe.mot'],
      [producerB, 'chuthe.hai'],
    ] as const) {
      const linked = await call('POST', `/api/v1/ocop/producers/${producer.id}/accounts`, commune, {
        userId: idOf(user),
      });
      expect(linked.status).toBe(200);
    }
    // a producer's account cannot link accounts
    const refused = await call(
      'POST',
      `/api/v1/ocop/producers/${producerA.id}/accounts`,
      producer1,
      {
        userId: idOf('chuthe.hai'),
      },
    );
    expect(refused.status).toBe(403);
    // a stale version is refused
    const stale = await call('PATCH', `/api/v1/ocop/producers/${producerA.id}`, commune, {
      phone: '0912345678',
      version: producerA.version + 1,
    });
    expect(stale.status).toBe(409);
  });

  it("registers a producer by its commune's GSO code, refusing what is not a current commune in scope", async () => {
    const byCode = await call<Producer>('POST', '/api/v1/ocop/producers', commune, {
      kind: 'household',
      name: 'Hộ kinh doanh Mật ong Lâm Giang',
      commune: LAM_GIANG,
    });
    expect(byCode.status).toBe(201);
    expect(byCode.body.communeUnitId).toBe(lamGiangId);
    expect(byCode.body.provinceCode).toBe('15');

    type Refusal = { error: { code: string; message: string } };
    const attempt = (code: string) =>
      call<Refusal>('POST', '/api/v1/ocop/producers', commune, {
        kind: 'household',
        name: 'Hộ thử',
        commune: code,
      });
    const unknown = await attempt('99999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ocop.unit_not_found');
    // the old Xã Lang Thíp ceased on 30/06/2025
    const ceased = await attempt(LANG_THIP);
    expect(ceased.status).toBe(422);
    expect(ceased.body.error.code).toBe('ocop.unit_ceased');
    expect(ceased.body.error.message).toContain('không còn tồn tại');
    const provinceCode = await attempt('15');
    expect(provinceCode.status).toBe(422);
    expect(provinceCode.body.error.code).toBe('ocop.not_a_commune');
    expect(provinceCode.body.error.message).toContain('không phải cấp xã');
    const outside = await attempt(otherCommuneCode);
    expect(outside.status).toBe(403);
    // neither a code nor an id
    const none = await call<Refusal>('POST', '/api/v1/ocop/producers', commune, {
      kind: 'household',
      name: 'Hộ thử',
    });
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe('ocop.commune_required');
  });

  it("lets a producer's account reach only its own producer's products, and no commune data", async () => {
    const created = await createProduct(producer1, producerA.id, 'Cam sành Lâm Giang');
    expect(created.status).toBe(201);
    productA = created.body;
    productA2 = (await createProduct(producer1, producerA.id, 'Bưởi đỏ Lâm Giang')).body;
    const other = await createProduct(producer1, producerB.id, 'Chè Shan tuyết');
    expect(other.status).toBe(403);
    productB = (await createProduct(producer2, producerB.id, 'Chè Shan tuyết')).body;
    expect(productB.producerName).toBe('HTX Chè Lang Thíp');

    expect(
      (await call('GET', `/api/v1/ocop/products/office/${productA.id}`, producer2)).status,
    ).toBe(403);
    const edit = await call('PATCH', `/api/v1/ocop/products/office/${productA.id}`, producer2, {
      name: 'Đổi tên',
      version: productA.version,
    });
    expect(edit.status).toBe(403);
    expect((await call('GET', `/api/v1/ocop/producers/${producerA.id}`, producer2)).status).toBe(
      403,
    );
    const list = await call<z.infer<typeof productListResponse>>(
      'GET',
      '/api/v1/ocop/products/office',
      producer2,
    );
    expect(list.body.items.map((item) => item.id)).toEqual([productB.id]);

    // the search text is folded in SQL: name, producer and set, without diacritics
    const [folded] = await queryRows<{ searchText: string }>(
      testApp.database.db,
      sql`SELECT search_text AS "searchText" FROM ocop_product WHERE id = ${productA.id}`,
    );
    expect(folded!.searchText).toContain('cam sanh lam giang');
    expect(folded!.searchText).toContain('htx nong san');

    // no commune data through the values routes
    const url = `/api/v1/units/${LAM_GIANG}/values?set=xa-ntm-2021-2025&year=2025`;
    expect((await call('GET', url, commune)).status).toBe(200);
    const values = await call<{ error: { code: string } }>('GET', url, producer1);
    expect(values.status).toBe(403);
    expect(values.body.error.code).toBe('forbidden_unit');
  });

  it('takes Mẫu 01 and 02 from the producer; the commune pre-assesses and forwards', async () => {
    app1 = await preassessedApplication(productA.id, true);
    expect(app1.reference).toMatch(/^OCOP-15-\d{4}-\d{3}$/);
    expect(app1.ruleVersion).toBe('26-2026');
    app2 = await preassessedApplication(productA2.id, false);
    const forwarded = await call<Application>(
      'POST',
      `/api/v1/ocop/applications/${app2.id}/actions`,
      commune,
      { action: 'forward', version: app2.version },
    );
    expect(forwarded.status).toBe(200);
    expect(forwarded.body.preassessment?.forward).toBe(true);
    app2 = forwarded.body;

    // the list filtered by the commune's GSO code
    type List = z.infer<typeof applicationListResponse>;
    const ofLamGiang = await call<List>(
      'GET',
      `/api/v1/ocop/applications?commune=${LAM_GIANG}`,
      province,
    );
    expect(ofLamGiang.status).toBe(200);
    const ids = ofLamGiang.body.items.map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining([app1.id, app2.id]));
    expect(new Set(ofLamGiang.body.items.map((item) => item.communeUnitId))).toEqual(
      new Set([lamGiangId]),
    );
    const ofOther = await call<List>(
      'GET',
      `/api/v1/ocop/applications?commune=${otherCommuneCode}`,
      province,
    );
    expect(ofOther.status).toBe(200);
    expect(ofOther.body.items).toEqual([]);
    expect((await call('GET', '/api/v1/ocop/applications?commune=99999', province)).status).toBe(
      404,
    );

    // the other producer's account sees none of it
    expect((await call('GET', `/api/v1/ocop/applications/${app1.id}`, producer2)).status).toBe(403);
    const list = await call<z.infer<typeof applicationListResponse>>(
      'GET',
      '/api/v1/ocop/applications',
      producer2,
    );
    expect(list.body.items).toEqual([]);
    // an unknown option in the self-assessment is refused
    const wrong = await call('POST', '/api/v1/ocop/applications', producer2, {
      productId: productB.id,
      kind: 'first',
      registration,
      selfAssessment: { a1: 'a1.99' },
    });
    expect(wrong.status).toBe(422);
  });

  it('opens a round with the rules in force, a council of three and a secretary, one conflicted', async () => {
    const created = await call<Round>('POST', '/api/v1/ocop/rounds', province, {
      provinceCode: '15',
      name: 'Đợt 2 năm 2026',
    });
    expect(created.status).toBe(201);
    expect(created.body.ruleVersion).toBe('26-2026');
    expect(created.body.maxGap).toBe(10);
    expect(created.body.cutoffOn >= todayInVietnam()).toBe(true);
    round = created.body;
    const council = await call<Round>('PUT', `/api/v1/ocop/rounds/${round.id}/council`, province, {
      members: [
        { userId: members.m1.id, position: 'chair' },
        { userId: members.m2.id, position: 'member' },
        { userId: members.m3.id, position: 'member' },
        { userId: members.sec.id, position: 'secretary' },
      ],
      version: round.version,
    });
    expect(council.status).toBe(200);
    const taken = await call<Round>(
      'POST',
      `/api/v1/ocop/rounds/${round.id}/applications`,
      province,
      {
        applicationIds: [app1.id, app2.id],
        version: council.body.version,
      },
    );
    expect(taken.status).toBe(200);
    expect(taken.body.applications).toBe(2);
    round = taken.body;
    const conflict = await call<Round>(
      'POST',
      `/api/v1/ocop/rounds/${round.id}/conflicts`,
      members.m3.cookie,
      {
        applicationId: app1.id,
        reason: 'Người thân làm việc ở hợp tác xã',
      },
    );
    expect(conflict.status).toBe(200);
    const state = await call<Application>('GET', `/api/v1/ocop/applications/${app1.id}`, province);
    expect(state.body.state).toBe('scoring');
  });

  it('refuses the conflicted member on every path', async () => {
    const m3 = members.m3.cookie;
    const opened = await call<{ error: { code: string } }>(
      'GET',
      `/api/v1/ocop/applications/${app1.id}/score-sheet`,
      m3,
    );
    expect(opened.status).toBe(403);
    expect(opened.body.error.code).toBe('ocop.conflicted');
    const saved = await call('PUT', `/api/v1/ocop/applications/${app1.id}/score-sheet`, m3, {
      choices: {},
      version: 1,
    });
    expect(saved.status).toBe(403);
    expect((await submit('m3', app1.id, 1)).status).toBe(403);
    const scores = await call<{ error: { code: string } }>(
      'GET',
      `/api/v1/ocop/applications/${app1.id}/scores`,
      m3,
    );
    expect(scores.status).toBe(403);
    expect(scores.body.error.code).toBe('ocop.conflicted');
    expect((await call('GET', `/api/v1/ocop/applications/${app1.id}`, m3)).status).toBe(403);
    const worklist = await call<z.infer<typeof mySheetsResponse>>(
      'GET',
      `/api/v1/ocop/rounds/${round.id}/my-sheets`,
      m3,
    );
    expect(worklist.status).toBe(200);
    expect(worklist.body.items.map((item) => item.applicationId)).toEqual([app2.id]);
    const list = await call<z.infer<typeof applicationListResponse>>(
      'GET',
      `/api/v1/ocop/applications?round=${round.id}`,
      m3,
    );
    expect(list.body.items.map((item) => item.id)).toEqual([app2.id]);
    // the others see both
    const m1List = await call<z.infer<typeof mySheetsResponse>>(
      'GET',
      `/api/v1/ocop/rounds/${round.id}/my-sheets`,
      members.m1.cookie,
    );
    expect(m1List.body.items).toHaveLength(2);
  });

  it('refuses an unknown option or a repeated criterion, and changes nothing', async () => {
    const opened = await openSheet('m1', app1.id);
    expect(opened.status).toBe(200);
    const url = `/api/v1/ocop/applications/${app1.id}/score-sheet`;
    const unknown = await call<{ error: { code: string } }>('PUT', url, members.m1.cookie, {
      choices: { a1: 'a1.20', c1: 'c1.99' },
      version: opened.body.version,
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('ocop.unknown_option');
    const repeated = await call<{ error: { code: string } }>('PUT', url, members.m1.cookie, {
      choices: [
        { criterion: 'a1', option: 'a1.20' },
        { criterion: 'a1', option: 'a1.10' },
      ],
      version: opened.body.version,
    });
    expect(repeated.status).toBe(422);
    expect(repeated.body.error.code).toBe('ocop.choice_repeated');
    const again = await openSheet('m1', app1.id);
    expect(again.body.choices).toEqual({});
    expect(again.body.version).toBe(opened.body.version);
    const stale = await call('PUT', url, members.m1.cookie, {
      choices: {},
      version: opened.body.version + 5,
    });
    expect(stale.status).toBe(409);
  });

  it('keeps the sheets blind until every scoring member has submitted', async () => {
    const m1 = await score('m1', app2.id, { a1: 20, a2: 20, b1: 25, c1: 35 }); // 100
    expect((await submit('m1', app2.id, m1.version)).status).toBe(200);
    const seen = await call<Scores>(
      'GET',
      `/api/v1/ocop/applications/${app2.id}/scores`,
      members.m2.cookie,
    );
    expect(seen.status).toBe(200);
    expect(seen.body.attempts[0]).toMatchObject({
      expected: 3,
      submitted: 1,
      complete: false,
      sheets: [],
    });
    expect(seen.body.result).toBeNull();
    const secretary = await call<Scores>(
      'GET',
      `/api/v1/ocop/applications/${app2.id}/scores`,
      members.sec.cookie,
    );
    expect(secretary.body.attempts[0]!.sheets).toEqual([]);
    // the round's manager sees the submitted sheet
    const manager = await call<Scores>(
      'GET',
      `/api/v1/ocop/applications/${app2.id}/scores`,
      province,
    );
    expect(manager.body.attempts[0]!.sheets).toHaveLength(1);
  });

  it('takes two submissions at once and computes the result once: 4 stars at 70 points', async () => {
    const m1 = await score('m1', app1.id, { a1: 20, a2: 10, b1: 15, c1: 20 }); // 65
    const m2 = await score('m2', app1.id, { a1: 20, a2: 20, b1: 15, c1: 20 }); // 75
    const [first, second] = await Promise.all([
      submit('m1', app1.id, m1.version),
      submit('m2', app1.id, m2.version),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const scores = await call<Scores>(
      'GET',
      `/api/v1/ocop/applications/${app1.id}/scores`,
      members.m2.cookie,
    );
    expect(scores.body.attempts[0]).toMatchObject({ expected: 2, submitted: 2, complete: true });
    expect(scores.body.attempts[0]!.sheets.map((item) => item.total).sort()).toEqual([65, 75]);
    expect(scores.body.result).toMatchObject({
      score: 70,
      gap: 10,
      rescoreNeeded: false,
      starsByPoints: 4,
      stars: 4,
      disqualified: false,
    });
    expect(scores.body.state).toBe('scored');
    const [audits] = await queryRows<{ count: number }>(
      testApp.database.db,
      sql`SELECT count(*)::int AS count FROM audit_log WHERE action = 'ocop.application.scored' AND entity_id = ${app1.id}`,
    );
    expect(audits!.count).toBe(1);
    // a submitted sheet is frozen
    const late = await call(
      'PUT',
      `/api/v1/ocop/applications/${app1.id}/score-sheet`,
      members.m1.cookie,
      {
        choices: {},
        version: m1.version + 1,
      },
    );
    expect(late.status).toBe(422);
  });

  it('forces a discussion and a second attempt when the gap is above the limit', async () => {
    const m2 = await score('m2', app2.id, { a1: 20, a2: 20, b1: 15, c1: 20 }); // 75
    const m3 = await score('m3', app2.id, { a1: 10, a2: 10, b1: 15, c1: 20 }); // 55
    expect((await submit('m2', app2.id, m2.version)).status).toBe(200);
    expect((await submit('m3', app2.id, m3.version)).status).toBe(200);
    const flagged = await call<Application>(
      'GET',
      `/api/v1/ocop/applications/${app2.id}`,
      province,
    );
    expect(flagged.body.state).toBe('scoring');
    expect(flagged.body.rescoreNeeded).toBe(true);
    expect(flagged.body.result?.gap).toBe(45);
    // an ordinary member cannot record the discussion; the chair can
    const refused = await call(
      'POST',
      `/api/v1/ocop/applications/${app2.id}/discussion`,
      members.m2.cookie,
      {
        minutes: 'Thảo luận',
      },
    );
    expect(refused.status).toBe(403);
    const discussed = await call<Application>(
      'POST',
      `/api/v1/ocop/applications/${app2.id}/discussion`,
      members.m1.cookie,
      { minutes: 'Hội đồng thống nhất lại cách chấm tiêu chí A1, B1.' },
    );
    expect(discussed.status).toBe(200);
    expect(discussed.body.attempt).toBe(2);
    expect(discussed.body.result).toBeNull();

    // attempt 2 opens from each member's previous choices
    const reopened = await openSheet('m3', app2.id);
    expect(reopened.body.attempt).toBe(2);
    expect(reopened.body.score.total).toBe(55);
    const sheets = {
      m1: await score('m1', app2.id, { a1: 20, a2: 20, b1: 15, c1: 20 }), // 75
      m2: await score('m2', app2.id, { a1: 20, a2: 20, b1: 15, c1: 20 }), // 75
      m3: await score('m3', app2.id, { a1: 20, a2: 10, b1: 15, c1: 20 }), // 65
    };
    for (const member of ['m1', 'm2', 'm3'] as const) {
      expect((await submit(member, app2.id, sheets[member].version)).status).toBe(200);
    }
    const scores = await call<Scores>(
      'GET',
      `/api/v1/ocop/applications/${app2.id}/scores`,
      members.m3.cookie,
    );
    expect(scores.body.state).toBe('scored');
    expect(scores.body.attempts).toHaveLength(2);
    expect(scores.body.discussions).toHaveLength(1);
    expect(scores.body.discussions[0]!.gap).toBe(45);
    // (75 + 75 + 65) / 3 = 71.666… cut to 71.66 → 4 stars
    expect(scores.body.result).toMatchObject({
      score: 71.66,
      gap: 10,
      stars: 4,
      rescoreNeeded: false,
    });
  });
  it("completes the attempt when a manager declares the last member's conflict", async () => {
    const product = (await createProduct(producer1, producerA.id, 'Quýt Lâm Giang')).body;
    const application = await preassessedApplication(product.id, true);
    const current = await call<Round>('GET', `/api/v1/ocop/rounds/${round.id}`, province);
    const taken = await call('POST', `/api/v1/ocop/rounds/${round.id}/applications`, province, {
      applicationIds: [application.id],
      version: current.body.version,
    });
    expect(taken.status).toBe(200);
    const m1 = await score('m1', application.id, { a1: 20, a2: 20, b1: 25, c1: 35 }); // 100
    const m2 = await score('m2', application.id, { a1: 20, a2: 20, b1: 15, c1: 35 }); // 90
    expect((await submit('m1', application.id, m1.version)).status).toBe(200);
    expect((await submit('m2', application.id, m2.version)).status).toBe(200);
    await openSheet('m3', application.id); // a draft, then the conflict
    // a member cannot declare another's conflict; the round's manager can
    const refused = await call(
      'POST',
      `/api/v1/ocop/rounds/${round.id}/conflicts`,
      members.m2.cookie,
      {
        applicationId: application.id,
        userId: members.m3.id,
        reason: 'Thành viên khác khai hộ',
      },
    );
    expect(refused.status).toBe(403);
    const declared = await call('POST', `/api/v1/ocop/rounds/${round.id}/conflicts`, province, {
      applicationId: application.id,
      userId: members.m3.id,
      reason: 'Góp vốn vào hợp tác xã',
    });
    expect(declared.status).toBe(200);
    const scores = await call<Scores>(
      'GET',
      `/api/v1/ocop/applications/${application.id}/scores`,
      province,
    );
    expect(scores.body.state).toBe('scored');
    expect(scores.body.attempts[0]).toMatchObject({ expected: 2, submitted: 2 });
    // 95 points: 5 stars by points, and the points reach the centre
    expect(scores.body.result).toMatchObject({
      score: 95,
      starsByPoints: 5,
      stars: 5,
      toCentral: true,
    });
  });
  it('holds the stars back when a required option is missing, whatever the points', async () => {
    const product = (await createProduct(producer1, producerA.id, 'Chanh leo Lâm Giang')).body;
    const application = await preassessedApplication(product.id, true);
    const current = await call<Round>('GET', `/api/v1/ocop/rounds/${round.id}`, province);
    await call('POST', `/api/v1/ocop/rounds/${round.id}/applications`, province, {
      applicationIds: [application.id],
      version: current.body.version,
    });
    for (const member of ['m1', 'm2', 'm3'] as const) {
      const sheet = await score(member, application.id, { a1: 20, a2: 20, b1: 25, c1: 10 }); // 75
      expect((await submit(member, application.id, sheet.version)).status).toBe(200);
    }
    const scores = await call<Scores>(
      'GET',
      `/api/v1/ocop/applications/${application.id}/scores`,
      members.m1.cookie,
    );
    // 3★ and up need C1 at 20 or more: 75 points give 4★ by points, 2★ in the end
    expect(scores.body.result).toMatchObject({ score: 75, starsByPoints: 4, stars: 2 });
    expect(scores.body.result?.heldBack.map((item) => item.stars)).toEqual([3]);
    expect(scores.body.result?.heldBack[0]?.criteria).toEqual(['c1']);
  });

  it('stores product photos re-encoded as JPEG, and refuses what is not an image', async () => {
    const png = await sharp({
      create: { width: 40, height: 30, channels: 3, background: '#2f9e44' },
    })
      .png()
      .toBuffer();
    const current = await call<Product>(
      'GET',
      `/api/v1/ocop/products/office/${productA.id}`,
      producer1,
    );
    const added = await call<Product>(
      'POST',
      `/api/v1/ocop/products/office/${productA.id}/photos`,
      producer1,
      {
        photos: [{ data: png.toString('base64') }],
        version: current.body.version,
      },
    );
    expect(added.status).toBe(200);
    expect(added.body.photos).toHaveLength(1);
    const refused = await call(
      'POST',
      `/api/v1/ocop/products/office/${productA.id}/photos`,
      producer1,
      {
        photos: [{ data: Buffer.from('không phải ảnh').toString('base64') }],
        version: added.body.version,
      },
    );
    expect(refused.status).toBe(422);
    const other = await call(
      'POST',
      `/api/v1/ocop/products/office/${productA.id}/photos`,
      producer2,
      {
        photos: [{ data: png.toString('base64') }],
        version: added.body.version,
      },
    );
    expect(other.status).toBe(403);
  });
});
