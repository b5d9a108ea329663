import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import type { ImportResponse } from './api';
import {
  download,
  exportUrl,
  importUrl,
  LAM_GIANG,
  loadWorkbook,
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

async function storedValue(indicator: string): Promise<number | boolean | null> {
  const [row] = await queryRows<{ value: number | null; flag: boolean | null }>(
    testApp.database.db,
    sql`SELECT v.value_number AS value, v.value_boolean AS flag
        FROM indicator_value v JOIN unit u ON u.id = v.unit_id
          JOIN criteria_indicator i ON i.id = v.indicator_id
        WHERE u.code = ${LAM_GIANG} AND v.year = 2025 AND i.code = ${indicator}`,
  );
  return row ? (row.value ?? row.flag) : null;
}

/** A hand-made workbook (no version record) of the one-row-per-indicator layout. */
async function handMade(rows: Array<[string, unknown]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Biểu 1');
  sheet.addRow(['Mã chỉ tiêu', 'Giá trị']);
  for (const row of rows) sheet.addRow(row);
  return workbookBuffer(workbook);
}

async function exportedForm() {
  const exported = await download(testApp.app, exportUrl(LAM_GIANG), commune);
  expect(exported.status).toBe(200);
  const workbook = await loadWorkbook(exported.data);
  const sheet = workbook.getWorksheet('Số liệu')!;
  const rows = rowsByKey(sheet, rowWith(sheet, 'Mã chỉ tiêu'), 2);
  return { workbook, sheet, rows };
}

describe('an import checks the versions its form was made from', () => {
  it('lists a value changed by a colleague since the download as a conflict, writes nothing', async () => {
    // A first value, then the commune downloads its form.
    const first = await upload<ImportResponse>(
      testApp.app,
      importUrl(LAM_GIANG),
      province,
      await handMade([['3.1', 70]]),
    );
    expect(first.status).toBe(200);
    // A hand-made file carries no versions: written as before, with a warning.
    expect(first.body.warnings).toEqual([
      expect.stringContaining('Tệp không ghi phiên bản số liệu'),
    ]);
    const form = await exportedForm();
    expect(form.workbook.getWorksheet('_ntm_versions')?.state).toBe('veryHidden');

    // A colleague (the province office) changes 3.1 after the download.
    const colleague = await upload<ImportResponse>(
      testApp.app,
      importUrl(LAM_GIANG),
      province,
      await handMade([['3.1', 75]]),
    );
    expect(colleague.body.changed).toBe(1);

    // The commune fills its (older) form: 3.1 and a value nobody else touched.
    const row31 = form.rows.get('3.1')!;
    form.sheet.getCell(`G${row31}`).value = 80;
    form.sheet.getCell(`G${form.rows.get('2')}`).value = 'Đạt';
    const file = await workbookBuffer(form.workbook);
    const refused = await upload<ImportErrorBody>(testApp.app, importUrl(LAM_GIANG), commune, file);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('values.import.conflict');
    expect(refused.body.errors).toHaveLength(1);
    expect(refused.body.errors[0]).toMatchObject({ sheet: 'Số liệu', row: row31, column: 'G' });
    expect(refused.body.errors[0]!.message).toMatch(
      /^Dòng \d+, cột G: chỉ tiêu 3\.1 của .+ đã được .+ sửa lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}, sau khi tải mẫu \(hiện là 75, tệp ghi 80\)/,
    );
    expect(await storedValue('3.1')).toBe(75);
    expect(await storedValue('2')).toBeNull();

    // The same value as the colleague's is no conflict; an unchanged cell neither.
    form.sheet.getCell(`G${row31}`).value = 75;
    const agreeing = await upload<ImportResponse>(
      testApp.app,
      importUrl(LAM_GIANG),
      commune,
      await workbookBuffer(form.workbook),
    );
    expect(agreeing.status).toBe(200);
    expect(agreeing.body).toMatchObject({ changed: 1, overwritten: 0, warnings: [] });
    expect(await storedValue('2')).toBe(true);
  });

  it('overwrites when the officer confirms, and audits the overwritten values', async () => {
    const form = await exportedForm();
    await upload(testApp.app, importUrl(LAM_GIANG), province, await handMade([['3.1', 60]]));
    const row31 = form.rows.get('3.1')!;
    form.sheet.getCell(`G${row31}`).value = 90;
    const file = await workbookBuffer(form.workbook);
    expect((await upload(testApp.app, importUrl(LAM_GIANG), commune, file)).status).toBe(409);
    const confirmed = await upload<ImportResponse>(
      testApp.app,
      importUrl(LAM_GIANG, `${query}&overwrite=true`),
      commune,
      file,
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ changed: 1, overwritten: 1 });
    expect(await storedValue('3.1')).toBe(90);
    const [audit] = await queryRows<{ details: { overwritten: unknown[] } }>(
      testApp.database.db,
      sql`SELECT details FROM audit_log WHERE action = 'values.import'
          AND entity_id = ${String(confirmed.body.importId)}`,
    );
    expect(audit!.details.overwritten).toEqual([
      expect.objectContaining({
        unit: LAM_GIANG,
        indicator: '3.1',
        sheet: 'Số liệu',
        row: row31,
        column: 'G',
        value: 60,
        imported: { value: 90 },
      }),
    ]);
  });
});
