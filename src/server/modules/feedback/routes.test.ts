import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../../domain/recognition/calendar';
import { systemContext } from '../../auth/actor';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/app';
import { createUserAsOperator } from '../accounts/service';
import { signIn } from '../accounts/test-helpers';
import { workingCalendar } from '../recognition/templates';
import { todayInVietnam } from '../units/model';
import { listUnits } from '../units/service';
import type {
  CreateReportResponse,
  OfficeListResponse,
  OfficeReportDetail,
  PublicListResponse,
  PublicReportView,
} from './api';

/**
 * Community reports through the API: a citizen's report with a photo (EXIF dropped), moderation,
 * the office's answer and close (only the responsible commune closes), the public status page;
 * anonymity, scope, version conflicts, duplicates, rate limits, wrong photos, audit entries.
 */

const LAM_GIANG = '04381';
let testApp: TestApp;
let commune: string;
let province: string;
let otherCommune: string;
let otherCommuneCode: string;
let photo: Buffer;
let address = 0;

/** A fresh client address per test, so that the per-address limits do not mix tests. */
const nextAddress = () => `203.0.113.${++address}`;

async function call<T>(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  options: {
    cookie?: string;
    payload?: unknown;
    ip?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const response = await testApp.app.inject({
    method,
    url,
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    ...(options.ip ? { remoteAddress: options.ip } : {}),
    ...(options.payload === undefined ? {} : { payload: options.payload as object }),
  });
  return {
    status: response.statusCode,
    body: response.json<T & { error?: { code: string; message: string } }>(),
    raw: response,
  };
}

function report(overrides: Record<string, unknown> = {}) {
  return {
    unit: LAM_GIANG,
    village: 'Thôn Khe Dứa',
    category: 'public_works',
    text: `Đường bê tông thôn Khe Dứa bị sụt lún đoạn gần cầu tràn, xe máy đi lại nguy hiểm (${randomUUID()}).`,
    anonymous: true,
    clientKey: randomUUID(),
    ...overrides,
  };
}

async function create(payload: Record<string, unknown>, ip = nextAddress()) {
  return call<CreateReportResponse>('POST', '/api/v1/community-reports', { payload, ip });
}

async function auditCount(action: string, entityId?: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    testApp.database.db,
    sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}
        AND (${entityId ?? null}::text IS NULL OR entity_id = ${entityId ?? null})`,
  );
  return rows[0]!.n;
}

beforeAll(async () => {
  testApp = await createTestApp();
  const communes = await listUnits(testApp.database.db, {
    level: 'commune',
    parentCode: '15',
    asOf: todayInVietnam(),
    page: 1,
    pageSize: 20,
  });
  otherCommuneCode = communes.items.find((unit) => unit.code !== LAM_GIANG)!.code;
  await testApp.database.db.transaction((tx) =>
    createUserAsOperator(tx, systemContext('test'), {
      username: 'xa.khac.phananh',
      displayName: 'Cán bộ xã khác',
      password: 'Mat-khau-Xa-Khac-2026',
      unitCode: otherCommuneCode,
      roles: [{ role: 'commune', unitCode: otherCommuneCode }],
    }),
  );
  [commune, province, otherCommune] = await Promise.all([
    signIn(testApp.app, 'xa.lamgiang'),
    signIn(testApp.app, 'tinh.laocai'),
    signIn(testApp.app, 'xa.khac.phananh', 'Mat-khau-Xa-Khac-2026'),
  ]);
  // A phone photo with its GPS position in the EXIF block.
  photo = await sharp({
    create: { width: 2400, height: 1800, channels: 3, background: { r: 120, g: 160, b: 90 } },
  })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Phone X' } })
    .toBuffer();
});
afterAll(async () => {
  await testApp.close();
});

describe('a citizen report, answered and closed by the commune', () => {
  let code: string;
  let detail: OfficeReportDetail;

  it('is received with its photo, waits for moderation and tells the commune office', async () => {
    const created = await create(
      report({ photos: [{ data: photo.toString('base64') }], deviceId: 'device-test-0001' }),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    code = created.body.code;
    expect(code).toMatch(/^PA-\d{4}-[2-9A-HJKMNP-Z]{6}$/);
    expect(created.body.awaitingModeration).toBe(true);
    expect(created.body.dueOn).toBe(addWorkingDays(todayInVietnam(), 10, workingCalendar()));

    const page = await call<PublicReportView>('GET', `/api/v1/community-reports/${code}`);
    expect(page.status).toBe(200);
    expect(page.body.status).toBe('received');
    expect(page.body.published).toBe(false);
    expect(page.body.text).toBeNull();
    expect(page.body.photos).toEqual([]);
    const hidden = await call('GET', `/api/v1/community-reports/${code}/photos/1`);
    expect(hidden.status).toBe(404);

    const notifications = await call<{ items: Array<{ kind: string; link: string | null }> }>(
      'GET',
      '/api/v1/notifications',
      { cookie: commune },
    );
    expect(notifications.body.items.some((item) => item.link === `/phan-anh/quan-ly/${code}`)).toBe(
      true,
    );
    const queue = await call<OfficeListResponse>(
      'GET',
      '/api/v1/community-reports/office?moderation=pending&pageSize=100',
      { cookie: commune },
    );
    expect(queue.body.items.map((item) => item.code)).toContain(code);
    expect(await auditCount('feedback.create', code)).toBe(1);
  });

  it('stores the photo re-encoded, at most 1600 px, without EXIF', async () => {
    const office = await call<OfficeReportDetail>(
      'GET',
      `/api/v1/community-reports/${code}/office`,
      { cookie: commune },
    );
    expect(office.status).toBe(200);
    detail = office.body;
    expect(detail.photos).toHaveLength(1);
    const download = await testApp.app.inject({
      method: 'GET',
      url: detail.photos[0]!.url,
      headers: { cookie: commune },
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(download.rawPayload).metadata();
    expect(Math.max(meta.width, meta.height)).toBe(1600);
    expect(meta.exif).toBeUndefined();
  });

  it('is hidden from and refused to the officer of another commune', async () => {
    const list = await call<OfficeListResponse>(
      'GET',
      '/api/v1/community-reports/office?pageSize=100',
      { cookie: otherCommune },
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => item.code)).not.toContain(code);
    expect(list.body.items.every((item) => item.unit.code === otherCommuneCode)).toBe(true);
    const read = await call('GET', `/api/v1/community-reports/${code}/office`, {
      cookie: otherCommune,
    });
    expect(read.status).toBe(403);
    const act = await call('POST', `/api/v1/community-reports/${code}/actions`, {
      cookie: otherCommune,
      payload: { type: 'answer', text: 'Xã khác trả lời', version: detail.version },
    });
    expect(act.status).toBe(403);
  });

  it('is accepted, started, and a stale version is a 409 with the current report', async () => {
    let outcome = await call<OfficeReportDetail>(
      'POST',
      `/api/v1/community-reports/${code}/actions`,
      { cookie: commune, payload: { type: 'accept', version: detail.version } },
    );
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    const stale = detail.version;
    detail = outcome.body;
    expect(detail.published).toBe(true);
    const conflict = await call<{ current: OfficeReportDetail }>(
      'POST',
      `/api/v1/community-reports/${code}/actions`,
      { cookie: commune, payload: { type: 'start', version: stale } },
    );
    expect(conflict.status).toBe(409);
    expect(conflict.body.current.version).toBe(detail.version);
    expect(conflict.body.error?.message).toContain('vừa được người khác cập nhật');
    outcome = await call<OfficeReportDetail>('POST', `/api/v1/community-reports/${code}/actions`, {
      cookie: commune,
      payload: { type: 'start', version: detail.version },
    });
    expect(outcome.body.status).toBe('in_progress');
    detail = outcome.body;
    const page = await call<PublicReportView>('GET', `/api/v1/community-reports/${code}`);
    expect(page.body.text).toContain('Khe Dứa');
    expect(page.body.photos).toHaveLength(1);
    const thumb = await testApp.app.inject({
      method: 'GET',
      url: page.body.photos[0]!.thumbnailUrl,
    });
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['cache-control']).toContain('public');
  });

  it('is answered by the province, but only the commune closes it', async () => {
    let outcome = await call<OfficeReportDetail>(
      'POST',
      `/api/v1/community-reports/${code}/actions`,
      {
        cookie: province,
        payload: {
          type: 'answer',
          text: 'Tỉnh đã đề nghị xã sửa chữa đoạn đường trong tháng này.',
          version: detail.version,
        },
      },
    );
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    detail = outcome.body;
    expect(detail.status).toBe('answered');
    expect(detail.permissions.actions).not.toContain('close');
    const refused = await call('POST', `/api/v1/community-reports/${code}/actions`, {
      cookie: province,
      payload: { type: 'close', version: detail.version },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('feedback.close_responsible_only');

    outcome = await call<OfficeReportDetail>('POST', `/api/v1/community-reports/${code}/actions`, {
      cookie: commune,
      payload: { type: 'note', text: 'Nội bộ: đã giao tổ công trình.', version: detail.version },
    });
    detail = outcome.body;
    expect(detail.permissions.actions).toContain('close');
    outcome = await call<OfficeReportDetail>('POST', `/api/v1/community-reports/${code}/actions`, {
      cookie: commune,
      payload: {
        type: 'close',
        text: 'Đã sửa xong đoạn đường, xã kết thúc phản ánh.',
        version: detail.version,
      },
    });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
    expect(outcome.body.status).toBe('closed');

    const page = await call<PublicReportView>('GET', `/api/v1/community-reports/${code}`);
    expect(page.body.status).toBe('closed');
    expect(page.body.closedAt).not.toBeNull();
    const texts = page.body.events.map((event) => event.text);
    expect(texts).toContain('Tỉnh đã đề nghị xã sửa chữa đoạn đường trong tháng này.');
    expect(texts).toContain('Đã sửa xong đoạn đường, xã kết thúc phản ánh.');
    expect(JSON.stringify(page.body)).not.toContain('Nội bộ');
    expect(JSON.stringify(page.body)).not.toContain('Hoàng Văn Em');
    const closing = await call('POST', `/api/v1/community-reports/${code}/actions`, {
      cookie: commune,
      payload: { type: 'answer', text: 'Thêm', version: outcome.body.version },
    });
    expect(closing.status).toBe(422);
    for (const action of [
      'feedback.accept',
      'feedback.start',
      'feedback.answer',
      'feedback.close',
    ]) {
      expect(await auditCount(action, code), action).toBe(1);
    }
    const listed = await call<PublicListResponse>(
      'GET',
      `/api/v1/community-reports?unit=${LAM_GIANG}&pageSize=50`,
    );
    expect(listed.body.items.map((item) => item.code)).toContain(code);
  });
});

describe('anonymity', () => {
  it('never stores a contact for an anonymous report, whatever was sent', async () => {
    const created = await create(
      report({ anonymous: true, reporterName: 'Nguyễn Văn A', reporterPhone: '0912345678' }),
    );
    expect(created.status).toBe(201);
    const rows = await queryRows<{ reporter_name: string | null; reporter_phone: string | null }>(
      testApp.database.db,
      sql`SELECT reporter_name, reporter_phone FROM community_report WHERE code = ${created.body.code}`,
    );
    expect(rows[0]).toEqual({ reporter_name: null, reporter_phone: null });
    const office = await call<OfficeReportDetail>(
      'GET',
      `/api/v1/community-reports/${created.body.code}/office`,
      { cookie: commune },
    );
    expect(office.body.reporterPhone).toBeNull();
    expect(JSON.stringify(office.body)).not.toContain('0912345678');
    const audit = await queryRows<{ after: unknown }>(
      testApp.database.db,
      sql`SELECT after FROM audit_log WHERE entity_id = ${created.body.code}`,
    );
    expect(JSON.stringify(audit)).not.toContain('0912345678');
  });

  it('shows a named reporter’s contact to the office only', async () => {
    const created = await create(
      report({ anonymous: false, reporterName: 'Trần Thị Bình', reporterPhone: '0987 654 321' }),
    );
    expect(created.status).toBe(201);
    const office = await call<OfficeReportDetail>(
      'GET',
      `/api/v1/community-reports/${created.body.code}/office`,
      { cookie: commune },
    );
    expect(office.body.reporterPhone).toBe('0987 654 321');
    await call('POST', `/api/v1/community-reports/${created.body.code}/actions`, {
      cookie: commune,
      payload: { type: 'accept', version: office.body.version },
    });
    const page = await call<PublicReportView>(
      'GET',
      `/api/v1/community-reports/${created.body.code}`,
    );
    expect(page.body.published).toBe(true);
    expect(JSON.stringify(page.body)).not.toContain('0987');
    expect(JSON.stringify(page.body)).not.toContain('Trần Thị Bình');
  });

  it('asks for a contact when the reporter is not anonymous', async () => {
    const refused = await create(report({ anonymous: false }));
    expect(refused.status).toBe(422);
    expect(refused.body.error?.message).toContain('ẩn danh');
  });
});

describe('spam controls', () => {
  it('returns the stored report when the page sends the same submission again', async () => {
    const payload = report();
    const first = await create(payload);
    const again = await create(payload);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.repeated).toBe(true);
    expect(again.body.code).toBe(first.body.code);
    expect(await auditCount('feedback.create', first.body.code)).toBe(1);
  });

  it('refuses a near-identical report of the same commune, naming the first one', async () => {
    const text =
      'Rác thải đổ bừa bãi ở đầu cầu thôn Nậm Tha, bốc mùi cả tuần nay, đề nghị xã xử lý.';
    const first = await create(report({ text }));
    expect(first.status).toBe(201);
    const second = await create(
      report({
        text: 'Rác thải đổ bừa bãi ở đầu cầu thôn Nậm Tha bốc mùi cả tuần nay, đề nghị xã xử lý!!',
      }),
    );
    expect(second.status).toBe(409);
    expect(second.body.error?.message).toContain(first.body.code);
    expect((second.body as unknown as { duplicateOf: string }).duplicateOf).toBe(first.body.code);
    const elsewhere = await create(report({ text, unit: otherCommuneCode }));
    expect(elsewhere.status).toBe(201);
  });

  it('refuses a flood from one address with a Vietnamese message, writing nothing', async () => {
    const saved = await call('PUT', '/api/v1/community-reports/settings', {
      cookie: province,
      payload: { province: '15', key: 'per_address_per_day', value: 2, version: null },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const ip = nextAddress();
    const before = await auditCount('feedback.create');
    expect((await create(report(), ip)).status).toBe(201);
    expect((await create(report(), ip)).status).toBe(201);
    const third = await create(report(), ip);
    expect(third.status).toBe(429);
    expect(third.body.error?.message).toContain('24 giờ');
    expect(await auditCount('feedback.create')).toBe(before + 2);
    expect(await auditCount('feedback.setting.save')).toBe(1);
    const restored = await call('PUT', '/api/v1/community-reports/settings', {
      cookie: province,
      payload: { province: '15', key: 'per_address_per_day', value: 5, version: 1 },
    });
    expect(restored.status).toBe(200);
  });

  it('limits one device across addresses', async () => {
    const deviceId = `device-${randomUUID()}`;
    for (let index = 0; index < 3; index++) {
      expect((await create(report({ deviceId }))).status).toBe(201);
    }
    const refused = await call<CreateReportResponse>('POST', '/api/v1/community-reports', {
      payload: report(),
      ip: nextAddress(),
      headers: { 'x-device-id': deviceId },
    });
    expect(refused.status).toBe(429);
    expect(refused.body.error?.message).toContain('Thiết bị này');
  });

  it('cuts a burst of requests from one address before any work', async () => {
    const ip = nextAddress();
    const statuses: number[] = [];
    for (let index = 0; index < 11; index++) {
      statuses.push((await create({ unit: 'x' }, ip)).status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
    const last = await create({ unit: 'x' }, ip);
    expect(last.status).toBe(429);
    expect(last.body.error?.message).toContain('Quá nhiều yêu cầu');
  });

  it('refuses a photo that is not an image, by its content', async () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    );
    const refused = await create(report({ photos: [{ data: pdf.toString('base64') }] }));
    expect(refused.status).toBe(422);
    expect(refused.body.error?.code).toBe('feedback.photo_type');
    expect(refused.body.error?.message).toContain('PDF');
    const tooMany = await create(
      report({ photos: Array.from({ length: 5 }, () => ({ data: photo.toString('base64') })) }),
    );
    expect(tooMany.status).toBe(400);
  });

  it('keeps a rejected report off every public page', async () => {
    const created = await create(report({ photos: [{ data: photo.toString('base64') }] }));
    const office = await call<OfficeReportDetail>(
      'GET',
      `/api/v1/community-reports/${created.body.code}/office`,
      { cookie: commune },
    );
    const rejected = await call<OfficeReportDetail>(
      'POST',
      `/api/v1/community-reports/${created.body.code}/actions`,
      {
        cookie: province,
        payload: {
          type: 'reject',
          reason: 'spam',
          text: 'Quảng cáo',
          version: office.body.version,
        },
      },
    );
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    const page = await call<PublicReportView>(
      'GET',
      `/api/v1/community-reports/${created.body.code}`,
    );
    expect(page.body.status).toBe('rejected');
    expect(page.body.rejectReason).toBe('spam');
    expect(page.body.text).toBeNull();
    expect(JSON.stringify(page.body)).not.toContain('Quảng cáo');
    expect(
      (await call('GET', `/api/v1/community-reports/${created.body.code}/photos/1`)).status,
    ).toBe(404);
    const listed = await call<PublicListResponse>(
      'GET',
      `/api/v1/community-reports?unit=${LAM_GIANG}&pageSize=50`,
    );
    expect(listed.body.items.map((item) => item.code)).not.toContain(created.body.code);
  });
});

describe('due dates', () => {
  it('lists reports past their answer date in the overdue view', async () => {
    const created = await create(report());
    await testApp.database.db.execute(
      sql`UPDATE community_report SET due_on = '2020-01-02' WHERE code = ${created.body.code}`,
    );
    const overdue = await call<OfficeListResponse>(
      'GET',
      '/api/v1/community-reports/office?overdue=true&pageSize=100',
      { cookie: commune },
    );
    expect(overdue.body.items.map((item) => item.code)).toContain(created.body.code);
    expect(overdue.body.items.every((item) => item.overdue)).toBe(true);
    const notOverdue = await call<OfficeListResponse>(
      'GET',
      '/api/v1/community-reports/office?overdue=false&pageSize=100',
      { cookie: commune },
    );
    expect(notOverdue.body.items.map((item) => item.code)).not.toContain(created.body.code);
  });

  it('is in the OpenAPI document', async () => {
    const spec = await call<{ paths: Record<string, unknown> }>('GET', '/api/docs/json');
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/community-reports',
        '/api/v1/community-reports/{code}',
        '/api/v1/community-reports/{code}/actions',
        '/api/v1/community-reports/office',
      ]),
    );
  });
});
