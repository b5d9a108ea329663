import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import { displayDate, todayInVietnam } from '../units/model';
import {
  cellString,
  download,
  exportUrl,
  LAM_GIANG,
  LAO_CAI,
  loadWorkbook,
  rowsByKey,
  rowWith,
} from './import-test-helpers';

let testApp: TestApp;
let commune: string;
let province: string;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  testApp = await createTestApp();
  [commune, province] = await Promise.all([
    signIn(testApp.app, 'xa.lamgiang'),
    signIn(testApp.app, 'tinh.laocai'),
  ]);
});
afterAll(async () => {
  await testApp.close();
});

async function put(indicator: string, value: number | boolean, note?: string) {
  const response = await testApp.app.inject({
    method: 'PUT',
    url: `/api/v1/units/${LAM_GIANG}/values/${indicator}?set=xa-ntm-2021-2025&year=2025`,
    headers: { cookie: commune },
    payload: { value, version: 0, ...(note ? { note } : {}) },
  });
  expect(response.statusCode).toBe(200);
}

/** The validation of a cell, wherever ExcelJS keeps it (per cell, or per range when read back). */
function validationOf(
  sheet: ExcelJS.Worksheet,
  address: string,
): ExcelJS.DataValidation | undefined {
  return sheet.getCell(address).dataValidation;
}

describe('the form of one commune', () => {
  let workbook: ExcelJS.Workbook;
  let headers: Record<string, unknown>;

  beforeAll(async () => {
    await put('1', true, 'Quy hoạch đã phê duyệt');
    await put('3.1', 82.5);
    await put('6.3', 100);
    await put('2', false);
    const exported = await download(testApp.app, exportUrl(LAM_GIANG), commune);
    expect(exported.status).toBe(200);
    headers = exported.headers;
    workbook = await loadWorkbook(exported.data);
  });

  it('is an xlsx download with an ASCII file name and a UTF-8 one', () => {
    expect(headers['content-type']).toBe(XLSX_TYPE);
    expect(headers['content-disposition']).toBe(
      'attachment; filename="so-lieu-04381-2025-xa-ntm-2021-2025.xlsx"; ' +
        "filename*=UTF-8''S%E1%BB%91%20li%E1%BB%87u%202025%20-%20X%C3%A3%20L%C3%A2m%20Giang%20" +
        '%2804381%29%20-%20xa-ntm-2021-2025.xlsx',
    );
    expect(headers['cache-control']).toBe('no-store');
  });

  it('looks like the official form: motto, title, unit with its province, set, date', () => {
    const sheet = workbook.getWorksheet('Số liệu')!;
    expect(sheet.getCell('A1').value).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(sheet.getCell('A1').alignment.horizontal).toBe('center');
    expect(sheet.getCell('A2').value).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(sheet.getCell('A4').value).toBe('BIỂU SỐ LIỆU CÁC CHỈ TIÊU NÔNG THÔN MỚI NĂM 2025');
    expect(sheet.getCell('A5').value).toBe('Đơn vị: Xã Lâm Giang, tỉnh Lào Cai');
    expect(cellString(sheet.getCell('A6').value)).toMatch(
      /^Bộ tiêu chí: Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025 \(.+\)$/,
    );
    expect(cellString(sheet.getCell('A7').value)).toContain('vùng TDMNPB');
    expect(sheet.getCell('A8').value).toBe(`Ngày xuất số liệu: ${displayDate(todayInVietnam())}`);
    expect(sheet.getCell('A1').isMerged).toBe(true);
  });

  it('has a frozen, bordered header and one row per indicator grouped by criterion', () => {
    const sheet = workbook.getWorksheet('Số liệu')!;
    const header = rowWith(sheet, 'Mã chỉ tiêu');
    expect(
      [1, 2, 3, 4, 5, 6, 7, 8].map((column) => sheet.getRow(header).getCell(column).value),
    ).toEqual([
      'STT',
      'Mã chỉ tiêu',
      'Tiêu chí',
      'Chỉ tiêu',
      'Đơn vị tính',
      'Ngưỡng',
      'Giá trị',
      'Ghi chú',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: header, xSplit: 2 });
    expect(sheet.getRow(header).getCell(7).border.top?.style).toBe('thin');
    expect(sheet.getColumn(4).width).toBeGreaterThan(30);

    const rows = rowsByKey(sheet, header, 2);
    expect(rows.size).toBe(30);
    expect([...rows.keys()].slice(0, 4)).toEqual(['1', '2', '3.1', '3.2']);
    const row31 = sheet.getRow(rows.get('3.1')!);
    // Criterion 3 spans its two indicators (merged STT and criterion cells).
    expect(row31.getCell(1).value).toBe(3);
    expect(cellString(row31.getCell(3).value)).toBe('3. Thủy lợi và phòng, chống thiên tai');
    expect(sheet.getRow(rows.get('3.2')!).getCell(3).isMerged).toBe(true);
    expect(row31.getCell(5).value).toBe('%');
    expect(row31.getCell(6).value).toBe('≥ 80%');
    expect(sheet.getRow(rows.get('15.3')!).getCell(6).value).toBe('≤ 24%');
    expect(sheet.getRow(rows.get('1')!).getCell(5).value).toBe('Đạt/Không đạt');
    expect(sheet.getRow(rows.get('1')!).getCell(6).value).toBe('Đạt (chưa xác minh)');
  });

  it('is pre-filled with the current values: words for yes/no, real numbers with a format', () => {
    const sheet = workbook.getWorksheet('Số liệu')!;
    const rows = rowsByKey(sheet, rowWith(sheet, 'Mã chỉ tiêu'), 2);
    const value = (code: string) => sheet.getRow(rows.get(code)!).getCell(7);
    expect(value('1').value).toBe('Đạt');
    expect(sheet.getRow(rows.get('1')!).getCell(8).value).toBe('Quy hoạch đã phê duyệt');
    expect(value('2').value).toBe('Không đạt');
    expect(value('3.1').value).toBe(82.5);
    expect(value('3.1').numFmt).toBe('#,##0.0#####');
    expect(value('6.3').value).toBe(100);
    expect(value('6.3').numFmt).toBe('#,##0');
    expect(value('4').value).toBeNull();
  });

  it('has validation lists on yes/no rows and 0–100 on percent rows', () => {
    const sheet = workbook.getWorksheet('Số liệu')!;
    const rows = rowsByKey(sheet, rowWith(sheet, 'Mã chỉ tiêu'), 2);
    expect(validationOf(sheet, `G${rows.get('1')}`)).toMatchObject({
      type: 'list',
      formulae: ['"Đạt,Không đạt"'],
    });
    expect(validationOf(sheet, `G${rows.get('3.1')}`)).toMatchObject({
      type: 'decimal',
      operator: 'between',
      formulae: [0, 100],
    });
  });

  it('carries machine-readable metadata in a hidden _ntm sheet', () => {
    const meta = workbook.getWorksheet('_ntm')!;
    expect(meta.state).toBe('hidden');
    const entries = new Map<string, unknown>();
    meta.eachRow((row) => entries.set(cellString(row.getCell(1).value), row.getCell(2).value));
    expect(entries.get('format')).toBe('ntm-values');
    expect(entries.get('formatVersion')).toBe(1);
    expect(entries.get('set')).toBe('xa-ntm-2021-2025');
    expect(entries.get('year')).toBe(2025);
    expect(entries.get('unit')).toBe(LAM_GIANG);
    expect(entries.get('layout')).toBe('indicators');
    expect(Number.isNaN(Date.parse(cellString(entries.get('exportedAt') as string)))).toBe(false);
  });
});

describe('the form of a province', () => {
  it('lists the communes of the province on 31/12 (no wards), Vietnamese-sorted, pre-filled', async () => {
    const exported = await download(testApp.app, exportUrl(LAO_CAI), province);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toContain(
      'filename="so-lieu-15-2025-xa-ntm-2021-2025.xlsx"',
    );
    const workbook = await loadWorkbook(exported.data);
    const sheet = workbook.getWorksheet('Các xã')!;
    expect(sheet.getCell('A5').value).toBe('Đơn vị: Tỉnh Lào Cai');
    const header = rowWith(sheet, 'Mã xã');
    const headerRow = sheet.getRow(header);
    expect(headerRow.getCell(2).value).toBe('Tên xã');
    expect(cellString(headerRow.getCell(5).value)).toBe(
      '3.1\nTỷ lệ diện tích đất sản xuất nông nghiệp được tưới và tiêu nước chủ động\n(%)',
    );
    expect(headerRow.cellCount).toBe(32);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: header, xSplit: 2 });

    const names: string[] = [];
    for (let row = header + 1; row <= sheet.rowCount; row++) {
      names.push(cellString(sheet.getRow(row).getCell(2).value));
    }
    expect(names).toHaveLength(89);
    expect(names.every((name) => name.startsWith('Xã '))).toBe(true);
    expect(names.slice(0, 3)).toEqual(['Xã A Mú Sung', 'Xã Bản Hồ', 'Xã Bản Lầu']);
    const collator = new Intl.Collator('vi');
    const short = names.map((name) => name.slice(3));
    expect([...short].sort(collator.compare)).toEqual(short);

    // Demo data fills every commune but Lâm Giang.
    const rows = rowsByKey(sheet, header, 1);
    const aMuSung = sheet.getRow(rows.get('02686')!);
    expect(typeof aMuSung.getCell(5).value).toBe('number');
    expect(['Đạt', 'Không đạt']).toContain(aMuSung.getCell(3).value);
    expect(validationOf(sheet, `C${header + 1}`)).toMatchObject({ type: 'list' });
    expect(validationOf(sheet, `E${header + 1}`)).toMatchObject({ type: 'decimal' });
  });

  it('lists the communes of a district for a year before the 2025 reform', async () => {
    const district = await signIn(testApp.app, 'huyen.vanyen');
    const exported = await download(
      testApp.app,
      exportUrl('136', 'set=xa-ntm-2021-2025&year=2024'),
      district,
    );
    expect(exported.status).toBe(200);
    const workbook = await loadWorkbook(exported.data);
    const sheet = workbook.getWorksheet('Các xã')!;
    expect(sheet.getCell('A5').value).toBe('Đơn vị: Huyện Văn Yên, tỉnh Yên Bái');
    expect(sheet.getCell('A4').value).toBe('BIỂU SỐ LIỆU CÁC CHỈ TIÊU NÔNG THÔN MỚI NĂM 2024');
    const rows = rowsByKey(sheet, rowWith(sheet, 'Mã xã'), 1);
    expect(rows.size).toBeGreaterThan(10);
    expect(rows.has(LAM_GIANG)).toBe(true);
  });

  it('answers 401 signed out, 403 outside the read scope and 422 for a set of another level', async () => {
    const anonymous = await testApp.app.inject({ method: 'GET', url: exportUrl(LAM_GIANG) });
    expect(anonymous.statusCode).toBe(401);
    const outside = await download(testApp.app, exportUrl(LAO_CAI), commune);
    expect(outside.status).toBe(403);
    const otherProvince = await download(testApp.app, exportUrl('01'), province);
    expect(otherProvince.status).toBe(403);
    const districtSet = await download(
      testApp.app,
      exportUrl(LAM_GIANG, 'set=huyen-ntm-2021-2025&year=2025'),
      commune,
    );
    expect(districtSet.status).toBe(422);
    const wrongYear = await download(
      testApp.app,
      exportUrl(LAM_GIANG, 'set=xa-ntm-2021-2025&year=2026'),
      commune,
    );
    expect(wrongYear.status).toBe(422);
  });

  it('is described in the OpenAPI document', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = response.json<{
      paths: Record<
        string,
        Record<string, { summary: string; requestBody?: { content: Record<string, unknown> } }>
      >;
    }>().paths;
    expect(paths['/api/v1/units/{code}/values/export']?.get?.summary).toBe(
      'Tải mẫu Excel (xlsx) số liệu của một đơn vị',
    );
    expect(paths['/api/v1/units/{code}/values/import']?.post?.summary).toBe(
      'Nhập số liệu từ tệp Excel (xlsx) hoặc CSV',
    );
    expect(
      Object.keys(paths['/api/v1/units/{code}/values/import']?.post?.requestBody?.content ?? {}),
    ).toEqual(['multipart/form-data']);
  });
});
