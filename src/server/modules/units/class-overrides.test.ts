import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/app';
import { systemContext } from '../../auth/actor';
import { demoPassword } from '../accounts/demo';
import { createUserAsOperator } from '../accounts/service';
import { signIn } from '../accounts/test-helpers';
import { multipart } from '../values/import-test-helpers';
import type { UnitValuesResponse } from '../values/api';
import type {
  ClassOverrideImportResponse,
  ClassOverrideWriteResponse,
  ListClassOverridesResponse,
} from './api';

/**
 * Class overrides through the API: a commune of Thái Bình (Đồng bằng sông Hồng) recorded as an
 * extremely difficult commune is judged at the TDMNPB thresholds (Điều 1, 318/QĐ-TTg), and every
 * answer says why. Stunting (15.3) is a ceiling: ĐBSH 16,5 %, TDMNPB 24 %: 20 % fails in ĐBSH and
 * passes at the TDMNPB level.
 */

let testApp: TestApp;
let admin: string;
let thaiBinh: string;
let laoCai: string;

const SET = 'xa-ntm-2021-2025';
/** Xã Vũ Phúc, Thành phố Thái Bình, Tỉnh Thái Bình (GSO code, until 30/06/2025). */
const VU_PHUC = '12466';
const YEAR = 2024;
const valuesUrl = `/api/v1/units/${VU_PHUC}/values?set=${SET}&year=${YEAR}`;
const overridesUrl = (code: string) => `/api/v1/units/${code}/class-overrides`;
const basis = { basisNumber: '123/QĐ-UBND', basisDate: '2023-02-01', validFrom: '2023-03-01' };

beforeAll(async () => {
  testApp = await createTestApp();
  await testApp.database.db.transaction((tx) =>
    createUserAsOperator(
      tx,
      systemContext('test'),
      {
        username: 'tinh.thaibinh',
        displayName: 'Văn phòng điều phối tỉnh Thái Bình (thử nghiệm)',
        password: demoPassword,
        unitCode: '34',
        roles: [{ role: 'province', unitCode: '34' }],
      },
      '2024-12-31',
    ),
  );
  [admin, thaiBinh, laoCai] = await Promise.all([
    signIn(testApp.app, 'admin'),
    signIn(testApp.app, 'tinh.thaibinh'),
    signIn(testApp.app, 'tinh.laocai'),
  ]);
});
afterAll(async () => {
  await testApp.close();
});

async function call<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
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

type ErrorBody = { error: { code: string; message: string } };

function stunting(body: UnitValuesResponse): string | undefined {
  return body.evaluation.criteria
    .find((criterion) => criterion.code === '15')
    ?.indicators.find((indicator) => indicator.code === '15.3')?.status;
}

async function stored() {
  const [row] = await queryRows<{ unitClass: string | null; overrideId: number | null }>(
    testApp.database.db,
    sql`SELECT e.unit_class AS "unitClass", e.class_override_id AS "overrideId"
        FROM evaluation e JOIN unit u ON u.id = e.unit_id JOIN criteria_set s ON s.id = e.set_id
        WHERE u.code = ${VU_PHUC} AND s.code = ${SET} AND e.year = ${YEAR}`,
  );
  return row;
}

async function auditCount(action: string): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    testApp.database.db,
    sql`SELECT count(*)::int AS total FROM audit_log WHERE action = ${action}`,
  );
  return Number(row?.total ?? 0);
}

describe('class overrides', () => {
  let overrideId = 0;
  let version = 0;

  it('evaluates a Thái Bình commune at its region (ĐBSH) without an override', async () => {
    const saved = await call(
      'PUT',
      `/api/v1/units/${VU_PHUC}/values/15.3?set=${SET}&year=${YEAR}`,
      {
        cookie: admin,
        payload: { value: 20, version: 0 },
      },
    );
    expect(saved.status).toBe(200);
    const { status, body } = await call<UnitValuesResponse>('GET', valuesUrl, { cookie: admin });
    expect(status).toBe(200);
    expect(body.unitClass).toBe('DBSH');
    expect(body.classReason).toMatchObject({ class: 'DBSH', source: 'attribute', kind: null });
    expect(stunting(body)).toBe('not_met');
    expect(await stored()).toEqual({ unitClass: 'DBSH', overrideId: null });
  });

  it('refuses an office of another province (403), a missing basis and bad dates (422)', async () => {
    const outside = await call<ErrorBody>('POST', overridesUrl(VU_PHUC), {
      cookie: laoCai,
      payload: { kind: 'dbkk', ...basis },
    });
    expect(outside.status).toBe(403);
    expect(outside.body.error.message).toContain('Xã Vũ Phúc');
    const noBasis = await call<ErrorBody>('POST', overridesUrl(VU_PHUC), {
      cookie: thaiBinh,
      payload: { kind: 'dbkk', validFrom: '2023-03-01', basisDate: '2023-02-01' },
    });
    expect(noBasis.status).toBe(422);
    expect(noBasis.body.error.message).toContain('số văn bản căn cứ');
    const noDate = await call<ErrorBody>('POST', overridesUrl(VU_PHUC), {
      cookie: thaiBinh,
      payload: { kind: 'dbkk', validFrom: '2023-03-01', basisNumber: '123/QĐ-UBND' },
    });
    expect(noDate.status).toBe(422);
    expect(noDate.body.error.message).toContain('ngày văn bản căn cứ');
    const order = await call<ErrorBody>('POST', overridesUrl(VU_PHUC), {
      cookie: thaiBinh,
      payload: { kind: 'dbkk', ...basis, validTo: '2022-12-31' },
    });
    expect(order.status).toBe(422);
    expect(order.body.error.message).toContain('trước ngày bắt đầu 01/03/2023');
    const badDate = await call<ErrorBody>('POST', overridesUrl(VU_PHUC), {
      cookie: thaiBinh,
      payload: { kind: 'dbkk', ...basis, basisDate: '31/02/2023' },
    });
    expect(badDate.status).toBe(422);
    expect(badDate.body.error.message).toContain('không phải ngày hợp lệ');
    const group = await call<ErrorBody>('POST', overridesUrl(VU_PHUC), {
      cookie: thaiBinh,
      payload: { kind: 'commune_group', ...basis, classValue: '4' },
    });
    expect(group.status).toBe(422);
    const province = await call<ErrorBody>('POST', overridesUrl('34'), {
      cookie: thaiBinh,
      payload: { kind: 'dbkk', ...basis },
    });
    expect(province.status).toBe(422);
    expect(province.body.error.code).toBe('units.override.not_commune');
    expect(await auditCount('unit.class_override.create')).toBe(0);
    // The old unread flag is refused with a pointer to class overrides.
    const flag = await call<ErrorBody>('PUT', `/api/v1/units/${VU_PHUC}/attributes/difficult`, {
      cookie: thaiBinh,
      payload: { value: 'true', validFrom: '2023-03-01', source: 'QĐ 123/QĐ-UBND' },
    });
    expect(flag.status).toBe(422);
    expect(flag.body.error.message).toContain('class-overrides');
  });

  it('records ĐBKK: the commune is evaluated at the TDMNPB thresholds and says why', async () => {
    const created = await call<ClassOverrideWriteResponse>('POST', overridesUrl(VU_PHUC), {
      cookie: thaiBinh,
      payload: { kind: 'dbkk', ...basis },
    });
    expect(created.status).toBe(200);
    expect(created.body.override).toMatchObject({
      kind: 'dbkk',
      classValue: 'TDMNPB',
      basis: 'QĐ 123/QĐ-UBND ngày 01/02/2023',
      validFrom: '2023-03-01',
      validTo: null,
      provinceCode: '34',
      version: 1,
    });
    expect(created.body.reevaluated).toBeGreaterThanOrEqual(1);
    overrideId = created.body.override!.id;
    version = created.body.override!.version;

    const { body } = await call<UnitValuesResponse>('GET', valuesUrl, { cookie: admin });
    expect(body.unitClass).toBe('TDMNPB');
    expect(body.classReason).toMatchObject({
      class: 'TDMNPB',
      source: 'override',
      kind: 'dbkk',
      overrideId,
      basis: 'QĐ 123/QĐ-UBND ngày 01/02/2023',
    });
    expect(body.classReason?.text).toBe(
      'đánh giá theo mức vùng TDMNPB: xã ĐBKK theo QĐ 123/QĐ-UBND ngày 01/02/2023',
    );
    expect(body.evaluation.unitClass).toBe('TDMNPB');
    expect(body.evaluation.classReason?.kind).toBe('dbkk');
    expect(stunting(body)).toBe('met');
    // The stored evaluation (what dashboards read) was re-evaluated in the override's transaction.
    expect(await stored()).toEqual({ unitClass: 'TDMNPB', overrideId });
    expect(await auditCount('unit.class_override.create')).toBe(1);
  });

  it('keeps the reason on the next save and in the Excel export', async () => {
    const saved = await call<{ evaluation: UnitValuesResponse['evaluation'] }>(
      'PUT',
      `/api/v1/units/${VU_PHUC}/values/15.3?set=${SET}&year=${YEAR}`,
      { cookie: admin, payload: { value: 21, version: 1 } },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.evaluation.unitClass).toBe('TDMNPB');
    expect(saved.body.evaluation.classReason?.text).toContain('xã ĐBKK theo QĐ 123/QĐ-UBND');
    expect(await stored()).toEqual({ unitClass: 'TDMNPB', overrideId });

    const exported = await testApp.app.inject({
      method: 'GET',
      url: `/api/v1/units/${VU_PHUC}/values/export?set=${SET}&year=${YEAR}`,
      headers: { cookie: admin },
    });
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ExcelJS.Buffer);
    const texts: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => texts.push(cell.text)));
    expect(texts.join('\n')).toContain(
      'đánh giá theo mức vùng TDMNPB: xã ĐBKK theo QĐ 123/QĐ-UBND ngày 01/02/2023',
    );
  });

  it('refuses an overlapping record of the same kind (409)', async () => {
    const overlap = await call<ErrorBody>('POST', overridesUrl(VU_PHUC), {
      cookie: thaiBinh,
      payload: {
        kind: 'dbkk',
        basisNumber: '45/QĐ-UBND',
        basisDate: '2024-01-05',
        validFrom: '2024-01-10',
      },
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.message).toContain('01/03/2023');
    expect(overlap.body.error.message).toContain('QĐ 123/QĐ-UBND');
  });

  it('lists overrides inside the reader’s scope only', async () => {
    const list = await call<ListClassOverridesResponse>(
      'GET',
      `${overridesUrl('34')}?asOf=2024-12-31&validOn=2024-12-31`,
      {
        cookie: thaiBinh,
      },
    );
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({ id: overrideId, unit: { code: VU_PHUC } });
    expect(list.body.permissions.manage).toBe(true);
    const outside = await call<ErrorBody>('GET', `${overridesUrl(VU_PHUC)}?asOf=2024-12-31`, {
      cookie: laoCai,
    });
    expect(outside.status).toBe(403);
    const guest = await call<ErrorBody>('GET', `${overridesUrl(VU_PHUC)}?asOf=2024-12-31`);
    expect(guest.status).toBe(401);
    const update = await call<ErrorBody>('PUT', `/api/v1/class-overrides/${overrideId}`, {
      cookie: laoCai,
      payload: { version, validTo: '2023-12-31' },
    });
    expect(update.status).toBe(403);
  });

  it('ends the record (version checked): the commune is judged at its region again', async () => {
    const stale = await call<ErrorBody & { current: { version: number } }>(
      'PUT',
      `/api/v1/class-overrides/${overrideId}`,
      { cookie: thaiBinh, payload: { version: version + 5, validTo: '2023-12-31' } },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.current.version).toBe(version);
    const ended = await call<ClassOverrideWriteResponse>(
      'PUT',
      `/api/v1/class-overrides/${overrideId}`,
      {
        cookie: thaiBinh,
        payload: { version, validTo: '2023-12-31' },
      },
    );
    expect(ended.status).toBe(200);
    expect(ended.body.override).toMatchObject({ validTo: '2023-12-31', version: version + 1 });
    const { body } = await call<UnitValuesResponse>('GET', valuesUrl, { cookie: admin });
    expect(body.unitClass).toBe('DBSH');
    expect(stunting(body)).toBe('not_met');
    expect(await stored()).toEqual({ unitClass: 'DBSH', overrideId: null });
    expect(await auditCount('unit.class_override.update')).toBe(1);

    const removed = await call<ClassOverrideWriteResponse>(
      'DELETE',
      `/api/v1/class-overrides/${overrideId}?version=${version + 1}`,
      { cookie: admin },
    );
    expect(removed.status).toBe(200);
    expect(removed.body.override).toBeNull();
    expect(await auditCount('unit.class_override.delete')).toBe(1);
  });

  it('records an island commune honestly: noted, not applied (no set has an island class)', async () => {
    const created = await call<ClassOverrideWriteResponse>('POST', overridesUrl(VU_PHUC), {
      cookie: thaiBinh,
      payload: {
        kind: 'island',
        basisNumber: '9/QĐ-UBND',
        basisDate: '2023-01-09',
        validFrom: '2023-01-10',
      },
    });
    expect(created.status).toBe(200);
    expect(created.body.override?.classValue).toBeNull();
    const { body } = await call<UnitValuesResponse>('GET', valuesUrl, { cookie: admin });
    expect(body.unitClass).toBe('DBSH');
    expect(body.classReason?.notApplied).toEqual([
      { kind: 'island', basis: 'QĐ 9/QĐ-UBND ngày 09/01/2023' },
    ]);
    expect(body.classReason?.text).toContain(
      'xã đảo theo QĐ 9/QĐ-UBND ngày 09/01/2023 (chưa áp dụng',
    );
  });
});

describe('class overrides from Excel, for a whole province', () => {
  const importUrl = '/api/v1/units/34/class-overrides/import';

  async function workbook(rows: Array<Array<string | Date | null>>): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Diện xã');
    sheet.addRow(['Danh sách xã đặc biệt khó khăn']);
    sheet.addRow([]);
    sheet.addRow([
      'Mã xã',
      'Tên xã',
      'Diện',
      'Nhóm xã',
      'Số văn bản căn cứ',
      'Ngày văn bản',
      'Từ ngày',
      'Đến ngày',
    ]);
    for (const row of rows) sheet.addRow(row);
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  async function upload<T>(data: Buffer, cookie: string) {
    const body = multipart('dien-xa.xlsx', data);
    const response = await testApp.app.inject({
      method: 'POST',
      url: importUrl,
      headers: { ...body.headers, cookie },
      payload: body.payload,
    });
    return { status: response.statusCode, body: response.json<T>() };
  }

  async function overridesOf(codes: string[]): Promise<number> {
    const [row] = await queryRows<{ total: number }>(
      testApp.database.db,
      sql`SELECT count(*)::int AS total FROM unit_class_override o JOIN unit u ON u.id = o.unit_id
          WHERE u.code IN (${sql.join(
            codes.map((code) => sql`${code}`),
            sql`, `,
          )})`,
    );
    return Number(row?.total ?? 0);
  }

  it('downloads a template listing the province’s communes', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/units/34/class-overrides/template',
      headers: { cookie: thaiBinh },
    });
    expect(response.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(4).getCell(3).text).toBe('Diện');
    const codes: string[] = [];
    sheet.eachRow((row, number) => {
      if (number > 4) codes.push(row.getCell(1).text);
    });
    expect(codes.length).toBeGreaterThan(100);
    const outside = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/units/34/class-overrides/template',
      headers: { cookie: laoCai },
    });
    expect(outside.statusCode).toBe(403);
  });

  it('refuses the whole file, naming each row and column, and writes nothing', async () => {
    const data = await workbook([
      ['12457', 'Xã Đông Hòa', 'ĐBKK', null, '77/QĐ-UBND', '05/01/2023', '10/01/2023', null],
      ['12463', 'Xã Phú Xuân', 'ATK', null, '78/QĐ-UBND', null, '10/01/2023', null],
      ['04381', 'Xã Lâm Giang', 'ĐBKK', null, '79/QĐ-UBND', '05/01/2023', '10/01/2023', null],
      ['12466', 'Xã Vũ Phúc', 'Nhóm xã', '7', '80/QĐ-UBND', '05/01/2026', '15/02/2026', null],
      ['12466', 'Xã Vũ Phúc', 'vùng sâu', null, '81/QĐ-UBND', '05/01/2023', '10/01/2023', null],
      [
        '12457',
        'Xã Đông Hòa',
        'ĐBKK',
        null,
        '82/QĐ-UBND',
        '05/01/2023',
        '01/06/2023',
        '31/12/2023',
      ],
    ]);
    const { status, body } = await upload<{
      error: { code: string };
      errors: Array<{ row: number; column: string; message: string }>;
    }>(data, thaiBinh);
    expect(status).toBe(422);
    expect(body.error.code).toBe('units.override.import_rejected');
    const messages = body.errors.map((error) => error.message);
    expect(messages).toEqual([
      expect.stringMatching(/^Dòng 5, cột F: .*ngày văn bản căn cứ/),
      expect.stringMatching(
        /^Dòng 6, cột A: .*không có xã mã 04381|^Dòng 6, cột A: .*không thuộc Tỉnh Thái Bình/,
      ),
      expect.stringMatching(/^Dòng 7, cột D: .*chỉ nhận 1, 2, 3/),
      expect.stringMatching(/^Dòng 8, cột C: diện "vùng sâu" không hợp lệ/),
      expect.stringMatching(/^Dòng 9, cột G: trùng thời gian với dòng 4/),
    ]);
    expect(await overridesOf(['12457', '12463'])).toBe(0);
  });

  it('records every row of a correct file in one transaction, audited, and re-evaluates', async () => {
    const before = await auditCount('unit.class_override.create');
    const data = await workbook([
      ['12457', 'Xã Đông Hòa', 'ĐBKK', null, '77/QĐ-UBND', '05/01/2023', '10/01/2023', null],
      ['12463', 'Xã Phú Xuân', 'ATK', null, '78/QĐ-UBND', '05/01/2023', '10/01/2023', '31/12/2024'],
      ['12466', 'Xã Vũ Phúc', null, null, null, null, null, null],
    ]);
    const { status, body } = await upload<ClassOverrideImportResponse>(data, thaiBinh);
    expect(status).toBe(200);
    expect(body.created).toBe(2);
    expect(await overridesOf(['12457', '12463'])).toBe(2);
    expect(await auditCount('unit.class_override.create')).toBe(before + 2);
    const refused = await upload<{ error: { code: string } }>(data, laoCai);
    expect(refused.status).toBe(403);
  });
});
