import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/app';
import { systemContext } from '../../auth/actor';
import { demoPassword } from '../accounts/demo';
import { createUserAsOperator } from '../accounts/service';
import { signIn } from '../accounts/test-helpers';
import type { ImportResponse, UnitValuesResponse } from './api';
import { unitClassesOn, unitClassOn } from '../units/classes';
import {
  cellString,
  download,
  SET,
  YEAR,
  exportUrl,
  importUrl,
  LAM_GIANG,
  LAO_CAI,
  loadWorkbook,
  multipart,
  query,
  rowsByKey,
  rowWith,
  upload,
  workbookBuffer,
  type ImportErrorBody,
} from './import-test-helpers';

let testApp: TestApp;
let commune: string;
let province: string;
let viewer: string;
let partial: string;

const A_MU_SUNG = '02686';

beforeAll(async () => {
  testApp = await createTestApp();
  // Reads the whole province, writes one commune only.
  await testApp.database.db.transaction((tx) =>
    createUserAsOperator(
      tx,
      systemContext('test'),
      {
        username: 'xa.mot',
        displayName: 'Cán bộ một xã (thử nghiệm)',
        password: demoPassword,
        unitCode: LAM_GIANG,
        roles: [
          { role: 'viewer', unitCode: LAO_CAI },
          { role: 'commune', unitCode: LAM_GIANG },
        ],
      },
      '2025-12-31',
    ),
  );
  [commune, province, viewer, partial] = await Promise.all([
    signIn(testApp.app, 'xa.lamgiang'),
    signIn(testApp.app, 'tinh.laocai'),
    signIn(testApp.app, 'xem.laocai'),
    signIn(testApp.app, 'xa.mot'),
  ]);
});
afterAll(async () => {
  await testApp.close();
});

async function count(table: string, where = sql`true`): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    testApp.database.db,
    sql`SELECT count(*)::int AS total FROM ${sql.raw(table)} WHERE ${where}`,
  );
  return Number(row?.total ?? 0);
}

/** Row counts of every table an import writes to. */
async function footprint() {
  return {
    values: await count('indicator_value'),
    history: await count('indicator_value_history'),
    imports: await count('value_import'),
    audit: await count('audit_log', sql`action = 'values.import'`),
    evaluations: await count('evaluation'),
    submissions: await count('submission'),
  };
}

async function valuesOf(code: string, cookie = province): Promise<Map<string, unknown>> {
  const response = await testApp.app.inject({
    method: 'GET',
    url: `/api/v1/units/${code}/values?${query}`,
    headers: { cookie },
  });
  expect(response.statusCode).toBe(200);
  const body = response.json<UnitValuesResponse>();
  return new Map(body.items.map((item) => [item.indicator, item.value]));
}

async function exportCommune(cookie = commune): Promise<ExcelJS.Workbook> {
  const exported = await download(testApp.app, exportUrl(LAM_GIANG), cookie);
  expect(exported.status).toBe(200);
  return loadWorkbook(exported.data);
}

/** The form's data sheet, its header row and the row of each indicator code. */
function formRows(workbook: ExcelJS.Workbook) {
  const sheet = workbook.getWorksheet('Số liệu')!;
  const header = rowWith(sheet, 'Mã chỉ tiêu');
  return { sheet, header, rows: rowsByKey(sheet, header, 2) };
}

/** A hand-made workbook: one sheet with these rows from A1. */
async function handMade(rows: unknown[][], sheetName = 'Biểu 1'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  rows.forEach((values, index) => {
    sheet.getRow(index + 1).values = values as ExcelJS.CellValue[];
  });
  return workbookBuffer(workbook);
}

describe('importing the form of one commune', () => {
  let firstFile: Buffer;
  let firstImportId: number;

  it('round trip: the exported form, filled in Excel-like, writes values with import history', async () => {
    const workbook = await exportCommune();
    const { sheet, rows } = formRows(workbook);
    sheet.getCell(`G${rows.get('1')}`).value = 'Đạt';
    sheet.getCell(`H${rows.get('1')}`).value = 'Quy hoạch chung đã được phê duyệt';
    sheet.getCell(`G${rows.get('2')}`).value = 'Không đạt';
    sheet.getCell(`G${rows.get('3.1')}`).value = 85.5;
    sheet.getCell(`G${rows.get('15.3')}`).value = { formula: '10+2.5', result: 12.5 };
    firstFile = await workbookBuffer(workbook);

    const before = await footprint();
    const { status, body } = await upload<ImportResponse>(
      testApp.app,
      importUrl(LAM_GIANG),
      commune,
      firstFile,
      'Biểu số liệu Lâm Giang.xlsx',
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      format: 'xlsx',
      units: 1,
      valuesRead: 4,
      changed: 4,
      unchanged: 0,
    });
    expect(body.importId).toEqual(expect.any(Number));
    firstImportId = body.importId!;

    const values = await valuesOf(LAM_GIANG, commune);
    expect(values.get('1')).toBe(true);
    expect(values.get('2')).toBe(false);
    expect(values.get('3.1')).toBe(85.5);
    expect(values.get('15.3')).toBe(12.5);
    expect(values.get('4')).toBeNull();

    const after = await footprint();
    expect(after.values - before.values).toBe(4);
    expect(after.history - before.history).toBe(4);
    expect(after.imports - before.imports).toBe(1);
    expect(after.audit - before.audit).toBe(1);
    const history = await queryRows<{ source: string; importId: number; newNote: string | null }>(
      testApp.database.db,
      sql`SELECT source, import_id AS "importId", new_note AS "newNote" FROM indicator_value_history
          WHERE import_id = ${firstImportId} ORDER BY id`,
    );
    expect(history).toHaveLength(4);
    expect(history.every((row) => row.source === 'import')).toBe(true);
    expect(history[0]!.newNote).toBe('Quy hoạch chung đã được phê duyệt');
    const [record] = await queryRows<{
      fileName: string;
      format: string;
      valuesChanged: number;
      fileSha256: string;
    }>(
      testApp.database.db,
      sql`SELECT file_name AS "fileName", format, values_changed AS "valuesChanged",
            file_sha256 AS "fileSha256" FROM value_import WHERE id = ${firstImportId}`,
    );
    expect(record).toMatchObject({
      fileName: 'Biểu số liệu Lâm Giang.xlsx',
      format: 'xlsx',
      valuesChanged: 4,
    });
    const [audit] = await queryRows<{
      details: { fileSha256: string };
      after: { changed: number };
    }>(
      testApp.database.db,
      sql`SELECT details, after FROM audit_log WHERE action = 'values.import'
          AND entity_id = ${String(firstImportId)}`,
    );
    expect(audit!.details.fileSha256).toBe(record!.fileSha256);
    expect(audit!.after.changed).toBe(4);
  });

  it('is idempotent: the same file again, or the form exported again, changes and records nothing', async () => {
    const before = await footprint();
    const again = await upload<ImportResponse>(
      testApp.app,
      importUrl(LAM_GIANG),
      commune,
      firstFile,
    );
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      importId: null,
      format: 'xlsx',
      units: 1,
      valuesRead: 4,
      changed: 0,
      unchanged: 4,
      overwritten: 0,
      warnings: [],
    });

    // The form exported now is pre-filled with what was imported: importing it is a no-op too.
    const reexported = await workbookBuffer(await exportCommune());
    const roundTrip = await upload<ImportResponse>(
      testApp.app,
      importUrl(LAM_GIANG),
      commune,
      reexported,
    );
    expect(roundTrip.status).toBe(200);
    expect(roundTrip.body).toMatchObject({ changed: 0, unchanged: 4, valuesRead: 4 });
    expect(await footprint()).toEqual(before);
  });

  it('does not need the hidden _ntm sheet; an empty cell keeps the stored value', async () => {
    const workbook = await exportCommune();
    workbook.removeWorksheet(workbook.getWorksheet('_ntm')!.id);
    const { sheet, rows } = formRows(workbook);
    sheet.getCell(`G${rows.get('1')}`).value = null;
    // A cell formatted as a percentage: 0.9 shown as "90%" reads 90.
    // (A style object of its own: ExcelJS shares styles between cells read from one file.)
    const percentCell = sheet.getCell(`G${rows.get('3.1')}`);
    percentCell.value = 0.9;
    percentCell.style = { ...percentCell.style, numFmt: '0%' };
    const { status, body } = await upload<ImportResponse>(
      testApp.app,
      importUrl(LAM_GIANG),
      commune,
      await workbookBuffer(workbook),
    );
    expect(status, JSON.stringify(body)).toBe(200);
    // Row 1 keeps its note (an unchanged entry) and its value (empty cell).
    expect(body).toMatchObject({ valuesRead: 3, changed: 1, unchanged: 3 });
    const values = await valuesOf(LAM_GIANG, commune);
    expect(values.get('1')).toBe(true);
    expect(values.get('3.1')).toBe(90);
  });

  it('reads a file made by another tool: other column order, text numbers, Vietnamese words', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([
      ['Số liệu nông thôn mới xã Lâm Giang năm 2025'],
      [],
      ['Ghi chú', 'GIÁ TRỊ (số liệu)', 'Nội dung', 'ma chi tieu', 'Người nhập'],
      ['', '75,5', 'Tưới tiêu', '3.1', 'Hoa'],
      ['Đã kiểm tra', 'có', 'Trường học', '5', 'Hoa'],
      ['', 'không đạt', 'Điện', '4', ''],
      ['', '95,25%', 'Nhà văn hóa thôn', '6.3', ''],
      ['', true, 'Chợ', '7', ''],
      ['', 'X', 'Bưu chính', '8.1', ''],
      ['', '', 'Internet', '8.2', ''],
    ]);
    // A formula with its cached result, as spreadsheet programs save them.
    sheet['B11'] = { t: 'n', v: 40, f: '20*2' };
    sheet['D11'] = { t: 's', v: '15.4' };
    sheet['!ref'] = 'A1:E11';
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Sheet1');
    const data = XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;

    const { status, body } = await upload<ImportResponse>(
      testApp.app,
      importUrl(LAM_GIANG),
      commune,
      data,
      'sheetjs.xlsx',
    );
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ format: 'xlsx', valuesRead: 7, changed: 7 });
    const values = await valuesOf(LAM_GIANG, commune);
    expect(values.get('3.1')).toBe(75.5);
    expect(values.get('5')).toBe(true);
    expect(values.get('4')).toBe(false);
    expect(values.get('6.3')).toBe(95.25);
    expect(values.get('7')).toBe(true);
    expect(values.get('8.1')).toBe(true);
    expect(values.get('8.2')).toBeNull();
    expect(values.get('15.4')).toBe(40);
  });

  it('reads a CSV file with a BOM, semicolons and decimal commas', async () => {
    const csv =
      '\ufeffBiểu số liệu xã Lâm Giang;;\r\n' +
      'Mã chỉ tiêu;Giá trị;Ghi chú\r\n' +
      '3.1;"81,5";Đo lại tháng 11\r\n' +
      '6.3;100;\r\n' +
      '17.1;Đạt;\r\n' +
      '2;Đạt;"Ghi chú; có dấu chấm phẩy"\r\n';
    const { status, body } = await upload<ImportResponse>(
      testApp.app,
      importUrl(LAM_GIANG),
      commune,
      Buffer.from(csv, 'utf8'),
      'so-lieu.csv',
    );
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ format: 'csv', units: 1, valuesRead: 4, changed: 4 });
    const values = await valuesOf(LAM_GIANG, commune);
    expect(values.get('3.1')).toBe(81.5);
    expect(values.get('6.3')).toBe(100);
    expect(values.get('17.1')).toBe(true);
    expect(values.get('2')).toBe(true);
  });

  it('lists every problem with its sheet, row and column, and changes nothing', async () => {
    const data = await handMade([
      ['BIỂU SỐ LIỆU (nhập tay)'],
      [],
      ['STT', 'Mã chỉ tiêu', 'Chỉ tiêu', 'Giá trị', 'Ghi chú'],
      [1, '1', 'Quy hoạch', 'Không đạt'],
      [2, '3.1', 'Tưới tiêu', 'abc'],
      [3, '3.1', 'Tưới tiêu (lần hai)', 50],
      [4, '99.9', 'Không có', 5],
      [5, '2', 'Giao thông', 12],
      [6, '6.3', 'Nhà văn hóa', 150],
      [7, '', 'Thiếu mã', 'Đạt'],
      [8, '15.3', 'Suy dinh dưỡng', { formula: 'A1*2' }],
      [9, '15.4', 'Hồ sơ sức khỏe', new Date(Date.UTC(2025, 1, 1))],
      [10, '4', 'Điện', 'Đạt'],
    ]);
    const before = await footprint();
    const valuesBefore = await valuesOf(LAM_GIANG, commune);
    const { status, body } = await upload<ImportErrorBody>(
      testApp.app,
      importUrl(LAM_GIANG),
      commune,
      data,
    );
    expect(status).toBe(422);
    expect(body.error.code).toBe('values.import.rejected');
    expect(body.error.message).toBe(
      'Tệp có 8 lỗi nên chưa ghi giá trị nào. Hãy sửa các lỗi được liệt kê rồi nhập lại.',
    );
    const sheet = 'Biểu 1';
    expect(body.errors).toEqual([
      {
        sheet,
        row: 5,
        column: 'D',
        message: 'Dòng 5, cột D: giá trị phải là số từ 0 đến 100 (đang là "abc").',
      },
      { sheet, row: 6, column: 'B', message: 'Dòng 6, cột B: chỉ tiêu 3.1 đã có ở dòng 5.' },
      {
        sheet,
        row: 7,
        column: 'B',
        message: 'Dòng 7, cột B: bộ tiêu chí «xa-ntm-2021-2025» không có chỉ tiêu mã "99.9".',
      },
      {
        sheet,
        row: 8,
        column: 'D',
        message: 'Dòng 8, cột D: giá trị phải là Đạt hoặc Không đạt (đang là "12").',
      },
      {
        sheet,
        row: 9,
        column: 'D',
        message: 'Dòng 9, cột D: giá trị phải là số từ 0 đến 100 (đang là "150").',
      },
      { sheet, row: 10, column: 'B', message: 'Dòng 10, cột B: thiếu mã chỉ tiêu.' },
      {
        sheet,
        row: 11,
        column: 'D',
        message:
          'Dòng 11, cột D: ô có công thức =A1*2 nhưng chưa có kết quả tính; hãy mở tệp bằng ' +
          'Excel, lưu lại rồi nhập.',
      },
      {
        sheet,
        row: 12,
        column: 'D',
        message: 'Dòng 12, cột D: giá trị phải là số từ 0 đến 100 (đang là "01/02/2025").',
      },
    ]);
    expect(await footprint()).toEqual(before);
    expect(await valuesOf(LAM_GIANG, commune)).toEqual(valuesBefore);
  });

  it('names CSV problems by line and column (no sheet), in English when asked', async () => {
    const csv = 'Mã chỉ tiêu,Giá trị\n3.1,"70,5"\n1,có lẽ\n';
    const { payload, headers } = multipart('loi.csv', Buffer.from(csv));
    const response = await testApp.app.inject({
      method: 'POST',
      url: importUrl(LAM_GIANG),
      headers: { ...headers, cookie: commune, 'accept-language': 'en' },
      payload,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json<ImportErrorBody>().errors).toEqual([
      {
        sheet: null,
        row: 3,
        column: 'B',
        message:
          'Row 3, column B: the value must be Đạt or Không đạt (met / not met) (found "có lẽ").',
      },
    ]);
  });

  it('refuses files that are not spreadsheets, empty ones and ones without a header', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 0),
    ]);
    const cases: Array<[Buffer, string, string]> = [
      [
        png,
        'so-lieu.xlsx',
        'Tệp không phải bảng tính Excel (.xlsx) hay CSV; hãy tải mẫu Excel, điền số liệu rồi nhập lại.',
      ],
      [Buffer.alloc(0), 'rong.xlsx', 'Tệp rỗng, không có dòng nào.'],
      [
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]),
        'cu.xls',
        'Tệp Excel 97-2003 (.xls) chưa được hỗ trợ; hãy mở bằng Excel và lưu lại dạng .xlsx.',
      ],
      [
        Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]),
        'hong.xlsx',
        'Không đọc được tệp .xlsx (tệp hỏng hoặc không phải bảng tính Excel); hãy mở bằng Excel và lưu lại.',
      ],
      [
        Buffer.from('Tên;Tuổi\nAn;30\n'),
        'khac.csv',
        'Không tìm thấy dòng tiêu đề: cần các cột "Mã chỉ tiêu" và "Giá trị" (mẫu của một xã) ' +
          'hoặc cột "Mã xã" và các cột mã chỉ tiêu (mẫu nhiều xã).',
      ],
      [
        Buffer.from([0x4d, 0xe3, 0x20, 0x63, 0x68, 0x1b, 0x0a]),
        'latin.csv',
        'Tệp CSV không dùng bảng mã UTF-8; hãy lưu lại dạng "CSV UTF-8" hoặc .xlsx.',
      ],
    ];
    // A zip bomb: a small workbook whose directory declares 300 MB once unzipped.
    const bomb = await handMade([['Mã chỉ tiêu', 'Giá trị']]);
    const end = bomb.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    bomb.writeUInt32LE(300 * 1024 * 1024, bomb.readUInt32LE(end + 16) + 24);
    const before = await footprint();
    for (const [data, name, message] of cases) {
      const { status, body } = await upload<ImportErrorBody>(
        testApp.app,
        importUrl(LAM_GIANG),
        commune,
        data,
        name,
      );
      expect(status, name).toBe(422);
      expect(body.errors, name).toEqual([{ sheet: null, row: null, column: null, message }]);
    }
    // Too large once unzipped: refused before anything is inflated (413, upload limits).
    const refused = await upload<ImportErrorBody>(
      testApp.app,
      importUrl(LAM_GIANG),
      commune,
      bomb,
      'bom.xlsx',
    );
    expect(refused.status).toBe(413);
    expect(refused.body.error).toMatchObject({ code: 'upload.unzipped_too_large' });
    expect(refused.body.error.message).toContain('Tệp .xlsx khi giải nén lớn hơn 50 MB');
    expect(await footprint()).toEqual(before);
  });

  it('refuses a file name with a path (400), a missing file (400) and a file too large (413)', async () => {
    const data = Buffer.from('Mã chỉ tiêu;Giá trị\n3.1;50\n');
    const withPath = await upload<ImportErrorBody>(
      testApp.app,
      importUrl(LAM_GIANG),
      commune,
      data,
      '../../x.xlsx',
    );
    expect(withPath.status).toBe(400);
    expect(withPath.body.error.code).toBe('values.import.bad_file_name');

    const wrongField = multipart('a.csv', data, 'other');
    const noFile = await testApp.app.inject({
      method: 'POST',
      url: importUrl(LAM_GIANG),
      headers: { ...wrongField.headers, cookie: commune },
      payload: wrongField.payload,
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json<ImportErrorBody>().error.code).toBe('values.import.no_file');

    const json = await testApp.app.inject({
      method: 'POST',
      url: importUrl(LAM_GIANG),
      headers: { cookie: commune },
      payload: { file: 'x' },
    });
    expect(json.statusCode).toBe(415);

    const huge = Buffer.alloc(testApp.config.uploadMaxBytes + 1024, 0x41);
    const tooLarge = await upload<ImportErrorBody>(
      testApp.app,
      importUrl(LAM_GIANG),
      commune,
      huge,
      'lon.csv',
    );
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('payload_too_large');
    expect(tooLarge.body.error.message).toContain('20 MB');
  });

  it('answers 401 signed out and 403 outside the write scope', async () => {
    const data = Buffer.from('Mã chỉ tiêu;Giá trị\n3.1;50\n');
    const { payload, headers } = multipart('a.csv', data);
    const anonymous = await testApp.app.inject({
      method: 'POST',
      url: importUrl(LAM_GIANG),
      headers,
      payload,
    });
    expect(anonymous.statusCode).toBe(401);
    const otherCommune = await upload<ImportErrorBody>(
      testApp.app,
      importUrl(A_MU_SUNG),
      commune,
      data,
    );
    expect(otherCommune.status).toBe(403);
    const readOnly = await upload<ImportErrorBody>(testApp.app, importUrl(LAM_GIANG), viewer, data);
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error.code).toBe('forbidden_unit');
  });

  it('refuses a set that does not apply to the unit or the year', async () => {
    const data = Buffer.from('Mã chỉ tiêu;Giá trị\n3.1;50\n');
    const wrongYear = await upload<ImportErrorBody>(
      testApp.app,
      importUrl(LAM_GIANG, 'set=xa-ntm-2021-2025&year=2026'),
      commune,
      data,
    );
    expect(wrongYear.status).toBe(422);
    expect(wrongYear.body.errors[0]!.message).toBe(
      'Bộ tiêu chí «xa-ntm-2021-2025» áp dụng từ 01/01/2021 đến 31/12/2025, không dùng được cho năm 2026.',
    );
    const districtSet = await upload<ImportErrorBody>(
      testApp.app,
      importUrl(LAM_GIANG, 'set=huyen-ntm-2021-2025&year=2025'),
      commune,
      data,
    );
    expect(districtSet.status).toBe(422);
    expect(districtSet.body.errors[0]!.message).toContain('áp dụng cho cấp huyện');
  });

  it('refuses changes to submitted data (423) but accepts a file that changes nothing', async () => {
    const submissionUrl = (action: string) =>
      `/api/v1/units/${LAM_GIANG}/submission/${action}?${query}`;
    const submitted = await testApp.app.inject({
      method: 'POST',
      url: submissionUrl('submit'),
      headers: { cookie: commune },
      payload: {},
    });
    expect(submitted.statusCode).toBe(200);
    try {
      const before = await footprint();
      const changing = await upload<ImportErrorBody>(
        testApp.app,
        importUrl(LAM_GIANG),
        commune,
        Buffer.from('Mã chỉ tiêu;Giá trị\n3.1;12\n'),
        'a.csv',
      );
      expect(changing.status).toBe(423);
      expect(changing.body.errors).toEqual([
        {
          sheet: null,
          row: null,
          column: null,
          message:
            'Số liệu năm 2025 của Xã Lâm Giang đã gửi duyệt, không sửa được; cần cấp trên trả lại ' +
            'hoặc mở lại trước.',
        },
      ]);
      // Locked data and another problem: 422, both listed.
      const mixed = await upload<ImportErrorBody>(
        testApp.app,
        importUrl(LAM_GIANG),
        commune,
        Buffer.from('Mã chỉ tiêu;Giá trị\n3.1;12\n6.3;abc\n'),
        'a.csv',
      );
      expect(mixed.status).toBe(422);
      expect(mixed.body.errors).toHaveLength(2);
      const same = await upload<ImportResponse>(
        testApp.app,
        importUrl(LAM_GIANG),
        commune,
        Buffer.from('Mã chỉ tiêu;Giá trị\n3.1;81,5\n'),
        'a.csv',
      );
      expect(same.status).toBe(200);
      expect(same.body).toMatchObject({ changed: 0, unchanged: 1 });
      expect(await footprint()).toEqual(before);
    } finally {
      const returned = await testApp.app.inject({
        method: 'POST',
        url: submissionUrl('return'),
        headers: { cookie: province },
        payload: { reason: 'Trả lại để thử nhập tệp' },
      });
      expect(returned.statusCode).toBe(200);
    }
  });
});

describe('importing a province file (one row per commune)', () => {
  /** Lào Cai communes whose 2025 demo data is submitted or approved, by code. */
  async function lockedCommunes(): Promise<Map<string, { name: string; status: string }>> {
    const rows = await queryRows<{ code: string; name: string; status: string }>(
      testApp.database.db,
      sql`SELECT u.code, u.name, s.status FROM submission s JOIN unit u ON u.id = s.unit_id
          JOIN criteria_set c ON c.id = s.set_id
          WHERE c.code = ${SET} AND s.year = ${YEAR} AND s.status IN ('submitted', 'approved')
          ORDER BY u.code`,
    );
    return new Map(rows.map((row) => [row.code, { name: row.name, status: row.status }]));
  }

  async function provinceForm() {
    const exported = await download(testApp.app, exportUrl(LAO_CAI), province);
    expect(exported.status).toBe(200);
    const workbook = await loadWorkbook(exported.data);
    const sheet = workbook.getWorksheet('Các xã')!;
    const header = rowWith(sheet, 'Mã xã');
    const rows = rowsByKey(sheet, header, 1);
    const columns = new Map<string, number>();
    sheet.getRow(header).eachCell((cell, column) => {
      columns.set(cellString(cell.value).split('\n')[0]!, column);
    });
    const cell = (code: string, indicator: string) =>
      sheet.getRow(rows.get(code)!).getCell(columns.get(indicator)!);
    return { workbook, sheet, header, rows, cell };
  }

  const flip = (value: ExcelJS.CellValue) => (value === 'Đạt' ? 'Không đạt' : 'Đạt');

  it('exports the communes of the province and imports the values changed for a few', async () => {
    const { workbook, rows, cell } = await provinceForm();
    expect(rows.size).toBe(89);
    const locked = await lockedCommunes();
    expect(locked.size).toBeGreaterThan(0);
    const [first, second, third] = [...rows.keys()].filter(
      (code) => code !== LAM_GIANG && !locked.has(code),
    ) as [string, string, string];
    const firstOne = flip(cell(first, '1').value);
    cell(first, '1').value = firstOne;
    cell(first, '3.1').value = 66.6;
    cell(second, '3.1').value = '72,25';
    const thirdTwo = flip(cell(third, '2').value);
    cell(third, '2').value = thirdTwo;
    // Lâm Giang's values (entered above) are pre-filled: importing them again changes nothing.
    expect(cell(LAM_GIANG, '3.1').value).toBe(81.5);

    const before = await footprint();
    const { status, body } = await upload<ImportResponse>(
      testApp.app,
      importUrl(LAO_CAI),
      province,
      await workbookBuffer(workbook),
    );
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.units).toBe(89);
    expect(body.changed).toBe(4);
    expect(body.unchanged).toBe(body.valuesRead - 4);
    const after = await footprint();
    expect(after.history - before.history).toBe(4);
    expect(after.imports - before.imports).toBe(1);
    expect(after.audit - before.audit).toBe(1);
    expect(after.values).toBe(before.values);

    expect((await valuesOf(first)).get('3.1')).toBe(66.6);
    expect((await valuesOf(first)).get('1')).toBe(firstOne === 'Đạt');
    expect((await valuesOf(second)).get('3.1')).toBe(72.25);
    expect((await valuesOf(third)).get('2')).toBe(thirdTwo === 'Đạt');
  });

  it('names the row of a commune whose submitted or approved data the file would change (423)', async () => {
    const { workbook, rows, cell } = await provinceForm();
    const locked = await lockedCommunes();
    const [code, { name, status }] = [...locked.entries()].find(([c]) => rows.has(c))!;
    cell(code, '3.1').value = cell(code, '3.1').value === 1 ? 2 : 1;
    const before = await footprint();
    const response = await upload<ImportErrorBody>(
      testApp.app,
      importUrl(LAO_CAI),
      province,
      await workbookBuffer(workbook),
    );
    expect(response.status).toBe(423);
    const row = rows.get(code)!;
    const statusWords = status === 'approved' ? 'đã duyệt' : 'đã gửi duyệt';
    expect(response.body.errors).toEqual([
      {
        sheet: 'Các xã',
        row,
        column: 'A',
        message:
          `Dòng ${row}, cột A: số liệu năm 2025 của ${name} ${statusWords}, không sửa được; ` +
          'cần cấp trên trả lại hoặc mở lại trước.',
      },
    ]);
    expect(await footprint()).toEqual(before);
  });

  it('reads a hand-made CSV with codes as numbers and lists every commune problem', async () => {
    const csv = [
      'Mã xã,Tên xã,"3.1 Tỷ lệ tưới tiêu (%)",1,Ghi chú',
      '2686,A Mú Sung,70,Đạt,',
      '04381,Lâm Giang,"81,5",,',
      '09877,An Khánh (Hà Nội),50,,',
      '99999,Không có,50,,',
      'abc,Sai mã,50,,',
      '03046,Bản Hồ,50,,',
      '03046,Bản Hồ (lặp),55,,',
      ',Dòng tổng,,,',
    ].join('\n');
    const before = await footprint();
    const { status, body } = await upload<ImportErrorBody>(
      testApp.app,
      importUrl(LAO_CAI),
      province,
      Buffer.from(csv),
      'tinh.csv',
    );
    expect(status).toBe(422);
    expect(body.errors).toEqual([
      {
        sheet: null,
        row: 4,
        column: 'A',
        message: 'Dòng 4, cột A: Xã An Khánh (09877) không thuộc Tỉnh Lào Cai ngày 31/12/2025.',
      },
      {
        sheet: null,
        row: 5,
        column: 'A',
        message: 'Dòng 5, cột A: ngày 31/12/2025 không có đơn vị cấp xã nào mang mã 99999.',
      },
      {
        sheet: null,
        row: 6,
        column: 'A',
        message: 'Dòng 6, cột A: mã đơn vị "abc" không hợp lệ (cần 5 chữ số).',
      },
      { sheet: null, row: 8, column: 'A', message: 'Dòng 8, cột A: đơn vị 03046 đã có ở dòng 7.' },
    ]);
    expect(await footprint()).toEqual(before);
  });

  it('names communes outside the write scope when the user may change some of the file', async () => {
    const csv = ['Mã xã;3.1', `${LAM_GIANG};82`, `${A_MU_SUNG};71`].join('\n');
    const { status, body } = await upload<ImportErrorBody>(
      testApp.app,
      importUrl(LAO_CAI),
      partial,
      Buffer.from(csv),
      'hai-xa.csv',
    );
    expect(status).toBe(422);
    expect(body.errors).toEqual([
      {
        sheet: null,
        row: 3,
        column: 'A',
        message:
          'Dòng 3, cột A: bạn không có quyền nhập số liệu của Xã A Mú Sung (02686): đơn vị nằm ' +
          'ngoài phạm vi được phân công.',
      },
    ]);
    // Only the writable commune: accepted.
    const own = await upload<ImportResponse>(
      testApp.app,
      importUrl(LAO_CAI),
      partial,
      Buffer.from(['Mã xã;3.1', `${LAM_GIANG};82`].join('\n')),
      'mot-xa.csv',
    );
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ units: 1, changed: 1 });
    // A viewer of the province may change none of it: a plain 403.
    const none = await upload<ImportErrorBody>(
      testApp.app,
      importUrl(LAO_CAI),
      viewer,
      Buffer.from(csv),
      'hai-xa.csv',
    );
    expect(none.status).toBe(403);
  });

  it('accepts the one-row-per-commune layout for a commune itself', async () => {
    const { status, body } = await upload<ImportResponse>(
      testApp.app,
      importUrl(LAM_GIANG),
      commune,
      Buffer.from(`Mã xã;Tên xã;3.1 (%)\n${LAM_GIANG};Lâm Giang;83\n`),
      'mot-xa.csv',
    );
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ units: 1, valuesRead: 1, changed: 1 });
    expect((await valuesOf(LAM_GIANG)).get('3.1')).toBe(83);
  });

  it('refuses the one-commune form sent for the province', async () => {
    const { status, body } = await upload<ImportErrorBody>(
      testApp.app,
      importUrl(LAO_CAI),
      province,
      Buffer.from('Mã chỉ tiêu;Giá trị\n3.1;50\n'),
      'a.csv',
    );
    expect(status).toBe(422);
    expect(body.errors[0]!.message).toBe(
      'Tệp theo mẫu một đơn vị (cột "Mã chỉ tiêu") nhưng Tỉnh Lào Cai gồm nhiều đơn vị cấp xã; ' +
        'hãy dùng mẫu một dòng một đơn vị (cột "Mã xã").',
    );
  });
});

describe('classes of many units at once', () => {
  it('agree with the one-unit lookup for every commune of Lào Cai and Yên Bái (2024, 2025)', async () => {
    for (const date of ['2024-12-31', '2025-12-31']) {
      const rows = await queryRows<{ id: number }>(
        testApp.database.db,
        sql`SELECT u.id FROM unit u JOIN unit p ON u.path <@ p.path
            WHERE p.code IN ('15', '10') AND p.level = 'province' AND u.level = 'commune'
              AND p.valid_from <= ${date}::date AND (p.valid_to IS NULL OR p.valid_to >= ${date}::date)
              AND u.valid_from <= ${date}::date AND (u.valid_to IS NULL OR u.valid_to >= ${date}::date)`,
      );
      const ids = rows.map((row) => Number(row.id));
      expect(ids.length).toBeGreaterThan(50);
      const batched = await unitClassesOn(testApp.database.db, ids, 'region', date);
      for (const id of ids) {
        expect(batched.get(id), `unit ${id} on ${date}`).toBe(
          await unitClassOn(testApp.database.db, id, 'region', date),
        );
      }
      expect([...batched.values()].filter((value) => value !== null).length).toBeGreaterThan(50);
    }
  });
});

// Last: the successful import below changes Lâm Giang's values that the tests above rely on.
describe('Vietnamese numbers in text cells', () => {
  it('reads text numbers the Vietnamese way and refuses, never guesses, a lone decimal point', async () => {
    const data = await handMade(
      [
        ['Mã chỉ tiêu', 'Giá trị'],
        ['3.1', '70.5'], // 70,5 or 705?
        ['6.3', '1.250'], // 1250 (thousands dot), not 1,25: outside 0–100
        ['15.3', '1,234.5'], // English notation
        ['15.4', 80.5], // a real number cell stays a number
        ['5', '1.25'], // a yes/no indicator: just not Đạt/Không đạt
      ],
      'Số liệu',
    );
    const before = await footprint();
    const { status, body } = await upload<ImportErrorBody>(
      testApp.app,
      importUrl(LAM_GIANG),
      commune,
      data,
    );
    expect(status).toBe(422);
    expect(body.errors).toEqual([
      {
        sheet: 'Số liệu',
        row: 2,
        column: 'B',
        message:
          'Dòng 2, cột B: số "70.5" chưa rõ là 70,5 hay 705: trong tiếng Việt dấu phẩy là dấu ' +
          'thập phân, dấu chấm ngăn cách hàng nghìn; hãy ghi 70,5 hoặc 705.',
      },
      {
        sheet: 'Số liệu',
        row: 3,
        column: 'B',
        message: 'Dòng 3, cột B: giá trị phải là số từ 0 đến 100 (đang là "1.250").',
      },
      {
        sheet: 'Số liệu',
        row: 4,
        column: 'B',
        message:
          'Dòng 4, cột B: số "1,234.5" viết theo kiểu tiếng Anh; trong tiếng Việt dấu chấm ngăn ' +
          'cách hàng nghìn, dấu phẩy là dấu thập phân: hãy ghi 1.234,5.',
      },
      {
        sheet: 'Số liệu',
        row: 6,
        column: 'B',
        message: 'Dòng 6, cột B: giá trị phải là Đạt hoặc Không đạt (đang là "1.25").',
      },
    ]);
    expect(await footprint()).toEqual(before);

    // The same numbers written the Vietnamese way are read as meant.
    const fixed = await handMade([
      ['Mã chỉ tiêu', 'Giá trị'],
      ['3.1', '70,5'],
      ['6.3', '99,5 %'],
      ['15.4', 80.5],
    ]);
    const ok = await upload<ImportResponse>(testApp.app, importUrl(LAM_GIANG), commune, fixed);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const values = await valuesOf(LAM_GIANG, commune);
    expect(values.get('3.1')).toBe(70.5);
    expect(values.get('6.3')).toBe(99.5);
    expect(values.get('15.4')).toBe(80.5);
  });
});
