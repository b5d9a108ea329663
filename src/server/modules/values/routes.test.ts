import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import type { ListNotificationsResponse } from '../notifications/api';
import type {
  PutValueResponse,
  SubmissionView,
  UnitValuesResponse,
  ValueHistoryResponse,
} from './api';

let testApp: TestApp;
let commune: string;
let province: string;
let admin: string;
let viewer: string;

const SET = 'xa-ntm-2021-2025';
const LAM_GIANG = '04381';
const query = `set=${SET}&year=2025`;
const valuesUrl = `/api/v1/units/${LAM_GIANG}/values?${query}`;
const valueUrl = (indicator: string, code = LAM_GIANG) =>
  `/api/v1/units/${code}/values/${indicator}?${query}`;

beforeAll(async () => {
  testApp = await createTestApp();
  [commune, province, admin, viewer] = await Promise.all([
    signIn(testApp.app, 'xa.lamgiang'),
    signIn(testApp.app, 'tinh.laocai'),
    signIn(testApp.app, 'admin'),
    signIn(testApp.app, 'xem.laocai'),
  ]);
});
afterAll(async () => {
  await testApp.close();
});

async function call<T>(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  options: { cookie?: string; payload?: unknown } = {},
) {
  const response = await testApp.app.inject({
    method,
    url,
    headers: options.cookie ? { cookie: options.cookie } : {},
    ...(options.payload === undefined ? {} : { payload: options.payload as object }),
  });
  return { status: response.statusCode, body: response.json<T>() };
}

/** Rows of `table` about the demo commune (the demo seed fills other communes). */
const ofLamGiang = sql`unit_id IN (SELECT id FROM unit WHERE code = ${LAM_GIANG} AND valid_to IS NULL)`;

async function countRows(table: string, where = ofLamGiang): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    testApp.database.db,
    sql`SELECT count(*)::int AS total FROM ${sql.raw(table)} WHERE ${where}`,
  );
  return Number(row?.total ?? 0);
}

describe('values of a commune', () => {
  it('lists every indicator of the set with the unit class found through the lineage', async () => {
    const { status, body } = await call<UnitValuesResponse>('GET', valuesUrl, { cookie: commune });
    expect(status).toBe(200);
    expect(body.unit).toMatchObject({ code: LAM_GIANG, level: 'commune' });
    expect(body.unit.ancestors.map((a) => a.code)).toEqual(['15']);
    expect(body.unitClass).toBe('TDMNPB');
    expect(body.items).toHaveLength(30);
    expect(body.items.map((item) => item.indicator).slice(0, 3)).toEqual(['1', '2', '3.1']);
    expect(body.items.every((item) => item.value === null && item.version === 0)).toBe(true);
    // The demo seed filled 2024 for the old Xã Lâm Giang (same code, before the 2025 reform).
    expect(body.items.filter((item) => item.previousYear !== null).length).toBeGreaterThan(25);
    expect(body.evaluation).toMatchObject({ status: 'not_met', criteriaMet: 0, criteriaTotal: 19 });
    expect(body.submission).toMatchObject({ status: 'draft', approverLevel: 'province' });
    expect(body.permissions).toEqual({
      edit: true,
      submit: true,
      approve: false,
      return: false,
      reopen: false,
    });
  });

  it('saves a value, bumps the version, stores history, audit and the evaluation', async () => {
    const first = await call<PutValueResponse>('PUT', valueUrl('1'), {
      cookie: commune,
      payload: { value: true, version: 0, note: 'Quy hoạch đã phê duyệt' },
    });
    expect(first.status).toBe(200);
    expect(first.body.item).toMatchObject({ indicator: '1', value: true, version: 1 });
    expect(first.body.evaluation.criteria[0]).toMatchObject({ code: '1', met: true });
    expect(first.body.evaluation.criteriaMet).toBe(1);
    expect(first.body.evaluation.computedAt).not.toBeNull();

    const second = await call<PutValueResponse>('PUT', valueUrl('1'), {
      cookie: commune,
      payload: { value: false, version: 1 },
    });
    expect(second.status).toBe(200);
    expect(second.body.item).toMatchObject({
      value: false,
      version: 2,
      note: 'Quy hoạch đã phê duyệt',
    });
    expect(second.body.evaluation.criteriaMet).toBe(0);

    expect(await countRows('indicator_value_history')).toBe(2);
    expect(await countRows('audit_log', sql`action = 'values.save'`)).toBe(2);
    const history = await call<ValueHistoryResponse>(
      'GET',
      `/api/v1/units/${LAM_GIANG}/values/1/history?${query}`,
      { cookie: province },
    );
    expect(history.body.items).toMatchObject([
      { version: 2, oldValue: true, newValue: false, source: 'form' },
      { version: 1, oldValue: null, newValue: true, newNote: 'Quy hoạch đã phê duyệt' },
    ]);
    expect(history.body.items[0]?.changedBy).toBeTruthy();
    expect(await countRows('indicator_value_history', sql`true`)).toBeGreaterThan(10_000);
    const [stored] = await queryRows<{ criteriaMet: number; status: string }>(
      testApp.database.db,
      sql`SELECT criteria_met AS "criteriaMet", status FROM evaluation WHERE ${ofLamGiang} AND year = 2025`,
    );
    expect(stored).toEqual({ criteriaMet: 0, status: 'not_met' });
  });

  it('answers 409 with the current value when the version is stale, and changes nothing', async () => {
    const stale = await call<{ error: { code: string; message: string }; current: unknown }>(
      'PUT',
      valueUrl('1'),
      { cookie: province, payload: { value: true, version: 1 } },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('values.conflict');
    expect(stale.body.current).toMatchObject({ value: false, version: 2 });
    expect(stale.body.error.message).toContain('vừa được');
    expect(await countRows('indicator_value_history')).toBe(2);
  });

  it('refuses values of the wrong kind or out of range with a clear message', async () => {
    const outOfRange = await call<{ error: { code: string; message: string } }>(
      'PUT',
      valueUrl('3.1'),
      { cookie: commune, payload: { value: 120, version: 0 } },
    );
    expect(outOfRange.status).toBe(422);
    expect(outOfRange.body.error.message).toBe(
      'Chỉ tiêu 3.1: giá trị phải là số từ 0 đến 100 (đang là «120»).',
    );
    const wrongKind = await call<{ error: { code: string } }>('PUT', valueUrl('1'), {
      cookie: commune,
      payload: { value: 50, version: 2 },
    });
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.body.error.code).toBe('values.invalid.expected_boolean');
    const unknown = await call<{ error: { code: string } }>('PUT', valueUrl('99.9'), {
      cookie: commune,
      payload: { value: 1, version: 0 },
    });
    expect(unknown.status).toBe(404);
    expect(await countRows('indicator_value_history')).toBe(2);
  });

  it('refuses a set of another level or period', async () => {
    const district = await call<{ error: { code: string } }>(
      'GET',
      `/api/v1/units/${LAM_GIANG}/values?set=huyen-ntm-2021-2025&year=2025`,
      { cookie: commune },
    );
    expect(district.status).toBe(422);
    expect(district.body.error.code).toBe('values.set_wrong_level');
    const year = await call<{ error: { code: string } }>(
      'GET',
      `/api/v1/units/${LAM_GIANG}/values?set=${SET}&year=2026`,
      { cookie: commune },
    );
    expect(year.status).toBe(422);
    expect(year.body.error.code).toBe('values.set_wrong_year');
  });

  it('keeps every user inside the units their role covers', async () => {
    const [outside] = await queryRows<{ code: string }>(
      testApp.database.db,
      sql`SELECT code FROM unit WHERE level = 'commune' AND valid_to IS NULL AND code NOT LIKE '04%'
          AND path::text NOT LIKE (SELECT path::text FROM unit WHERE code = '15' AND valid_to IS NULL) || '.%'
          ORDER BY code LIMIT 1`,
    );
    const read = await call<{ error: { code: string } }>(
      'GET',
      `/api/v1/units/${outside!.code}/values?${query}`,
      { cookie: commune },
    );
    expect(read.status).toBe(403);
    const write = await call<{ error: { code: string } }>('PUT', valueUrl('1', outside!.code), {
      cookie: province,
      payload: { value: true, version: 0 },
    });
    expect(write.status).toBe(403);
    const viewerWrite = await call<{ error: { code: string } }>('PUT', valueUrl('2.1'), {
      cookie: viewer,
      payload: { value: 50, version: 0 },
    });
    expect(viewerWrite.status).toBe(403);
    const anonymous = await call<{ error: { code: string } }>('GET', valuesUrl);
    expect(anonymous.status).toBe(401);
    expect(await countRows('indicator_value_history')).toBe(2);
  });
});

describe('approval', () => {
  const submissionUrl = (action: string) =>
    `/api/v1/units/${LAM_GIANG}/submission/${action}?${query}`;

  it('commune submits, the province returns with a reason, then approves; approved data is locked', async () => {
    const approveDraft = await call<{ error: { code: string } }>('POST', submissionUrl('approve'), {
      cookie: province,
      payload: {},
    });
    expect(approveDraft.status).toBe(409);

    const communeApproves = await call<{ error: { code: string } }>(
      'POST',
      submissionUrl('approve'),
      { cookie: commune, payload: {} },
    );
    expect(communeApproves.status).toBe(403);

    // The demo data already notified the province (recognition dossiers awaiting it).
    const before = await call<ListNotificationsResponse>('GET', '/api/v1/notifications', {
      cookie: province,
    });
    const submitted = await call<SubmissionView>('POST', submissionUrl('submit'), {
      cookie: commune,
      payload: {},
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');

    const lockedWhileSubmitted = await call<{ error: { code: string } }>('PUT', valueUrl('1'), {
      cookie: commune,
      payload: { value: true, version: 2 },
    });
    expect(lockedWhileSubmitted.status).toBe(423);

    const provinceInbox = await call<ListNotificationsResponse>('GET', '/api/v1/notifications', {
      cookie: province,
    });
    expect(provinceInbox.body.unread).toBe(before.body.unread + 1);
    expect(provinceInbox.body.items[0]?.message).toContain('Xã Lâm Giang');
    expect(provinceInbox.body.items[0]?.link).toBe(`/so-lieu/${LAM_GIANG}/2025/${SET}`);

    const noReason = await call<{ error: { code: string } }>('POST', submissionUrl('return'), {
      cookie: province,
      payload: { reason: '  ' },
    });
    expect(noReason.status).toBe(422);

    const returned = await call<SubmissionView>('POST', submissionUrl('return'), {
      cookie: province,
      payload: { reason: 'Thiếu minh chứng tiêu chí 1' },
    });
    expect(returned.body).toMatchObject({
      status: 'returned',
      reason: 'Thiếu minh chứng tiêu chí 1',
    });
    const communeInbox = await call<ListNotificationsResponse>('GET', '/api/v1/notifications', {
      cookie: commune,
    });
    expect(communeInbox.body.items[0]?.message).toContain('Thiếu minh chứng tiêu chí 1');

    const edited = await call<PutValueResponse>('PUT', valueUrl('1'), {
      cookie: commune,
      payload: { value: true, version: 2 },
    });
    expect(edited.status).toBe(200);

    await call('POST', submissionUrl('submit'), { cookie: commune, payload: {} });
    const approved = await call<SubmissionView>('POST', submissionUrl('approve'), {
      cookie: province,
      payload: {},
    });
    expect(approved.body.status).toBe('approved');
    expect(approved.body.events.map((event) => event.action)).toEqual([
      'submit',
      'return',
      'submit',
      'approve',
    ]);

    const locked = await call<{ error: { code: string; message: string } }>('PUT', valueUrl('1'), {
      cookie: admin,
      payload: { value: false, version: 3 },
    });
    expect(locked.status).toBe(423);
    expect(locked.body.error.message).toContain('đã duyệt');

    const view = await call<UnitValuesResponse>('GET', valuesUrl, { cookie: province });
    expect(view.body.permissions).toMatchObject({ edit: false, reopen: true, approve: false });

    const reopened = await call<SubmissionView>('POST', submissionUrl('reopen'), {
      cookie: province,
      payload: { reason: 'Điều chỉnh theo kết quả thẩm định' },
    });
    expect(reopened.body.status).toBe('draft');
    expect(await countRows('audit_log', sql`action LIKE 'values.submission.%'`)).toBe(5);
    expect(await countRows('submission_event')).toBe(5);
  });

  it('refuses to rewrite history', async () => {
    const refusal = async (query: ReturnType<typeof sql>) => {
      try {
        await testApp.database.db.execute(query);
        return 'accepted';
      } catch (error) {
        return String((error as { cause?: unknown }).cause ?? error);
      }
    };
    expect(await refusal(sql`DELETE FROM submission_event`)).toMatch(/append-only/);
    expect(await refusal(sql`UPDATE indicator_value_history SET new_note = 'x'`)).toMatch(
      /append-only/,
    );
  });
});

describe('2026–2030: communes need their group before they can be evaluated', () => {
  const url2026 = `/api/v1/units/${LAM_GIANG}/values?set=xa-ntm-2026-2030&year=2026`;

  it('accepts values of an ungrouped commune, evaluates once the province assigns its group', async () => {
    const before = await call<UnitValuesResponse>('GET', url2026, { cookie: commune });
    expect(before.status).toBe(200);
    expect(before.body.unitClass).toBeNull();
    expect(before.body.evaluation.status).toBe('unclassified');
    const saved = await call<PutValueResponse>(
      'PUT',
      `/api/v1/units/${LAM_GIANG}/values/1?set=xa-ntm-2026-2030&year=2026`,
      { cookie: commune, payload: { value: true, version: 0 } },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.evaluation.status).toBe('unclassified');

    const attributeUrl = `/api/v1/units/${LAM_GIANG}/attributes/commune_group`;
    const body = { value: '3', validFrom: '2026-01-01', source: 'QĐ demo 01/QĐ-UBND' };
    const byCommune = await call<{ error: { code: string } }>('PUT', attributeUrl, {
      cookie: commune,
      payload: body,
    });
    expect(byCommune.status).toBe(403);
    const wrong = await call<{ error: { code: string; message: string } }>('PUT', attributeUrl, {
      cookie: province,
      payload: { ...body, value: '4' },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toContain('1, 2, 3');
    const assigned = await call<Array<{ key: string; value: string }>>('PUT', attributeUrl, {
      cookie: province,
      payload: body,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toContainEqual(
      expect.objectContaining({ key: 'commune_group', value: '3' }),
    );

    const after = await call<UnitValuesResponse>('GET', url2026, { cookie: commune });
    expect(after.body.unitClass).toBe('3');
    expect(after.body.evaluation.status).toBe('not_met');
    expect(after.body.evaluation.criteriaMet).toBe(1);
    const [stored] = await queryRows<{ status: string; unitClass: string }>(
      testApp.database.db,
      sql`SELECT status, unit_class AS "unitClass" FROM evaluation
          WHERE ${ofLamGiang} AND year = 2026`,
    );
    expect(stored).toEqual({ status: 'not_met', unitClass: '3' });
    const [audit] = await queryRows<{ total: number }>(
      testApp.database.db,
      sql`SELECT count(*)::int AS total FROM audit_log WHERE action = 'unit.attribute.set'`,
    );
    expect(Number(audit?.total)).toBe(1);
  });
});
