import ExcelJS from 'exceljs';
import { stringify } from 'yaml';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app';
import { signIn } from '../accounts/test-helpers';
import type { SheetViewResponse } from './api-public';
import { ocopSheets } from './tables';
import { testSheet } from './test-support';

/**
 * Score sheets through the API: import from YAML and from the Excel layout (every problem with its
 * row and column, nothing stored), publish (immutable after), the shipped sheet seeded published.
 */

interface ProblemsBody {
  error: { code: string; message: string };
  errors: { row: number | null; column: string | null; message: string }[];
}

let testApp: TestApp;
let admin: string;
afterAll(async () => testApp.close());
beforeAll(async () => {
  testApp = await createTestApp();
  admin = await signIn(testApp.app, 'admin');
});

function postYaml(text: string, cookie = admin) {
  return testApp.app.inject({
    method: 'POST',
    url: '/api/v1/ocop/sheets',
    headers: { cookie, 'content-type': 'application/yaml' },
    payload: text,
  });
}

function postExcel(data: Buffer) {
  const boundary = `----ntmsheet${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="phieu.xlsx"\r\n` +
        'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return testApp.app.inject({
    method: 'POST',
    url: '/api/v1/ocop/sheets',
    headers: { cookie: admin, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

async function storedWithCode(code: string) {
  return testApp.database.db.select().from(ocopSheets).where(eq(ocopSheets.code, code));
}

/** The Excel layout of a sheet: meta rows, header, one row per option. */
async function excelOf(
  sheet: ReturnType<typeof testSheet>,
  change?: (rows: (string | number)[][]) => void,
): Promise<Buffer> {
  const rows: (string | number)[][] = [];
  for (const part of sheet.parts)
    for (const section of part.sections)
      for (const criterion of section.criteria)
        for (const option of criterion.options)
          rows.push([
            `${part.part}. ${part.label}`,
            `${section.code}. ${section.label}`,
            criterion.code,
            criterion.label,
            option.code,
            option.label,
            option.points,
            (criterion.requirements ?? [])
              .filter((requirement) => requirement.options.includes(option.code))
              .map((requirement) => requirement.stars)
              .join(', '),
            option.disqualifies ? 'x' : '',
          ]);
  change?.(rows);
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet('Phiếu');
  worksheet.addRow(['PHIẾU ĐÁNH GIÁ']);
  worksheet.addRow(['Mã phiếu', sheet.code]);
  worksheet.addRow(['Phiên bản', sheet.version]);
  worksheet.addRow(['Phiên bản quy định', sheet.ruleVersion]);
  worksheet.addRow(['Mã bộ sản phẩm', sheet.setCode]);
  worksheet.addRow(['Tên phiếu', sheet.name]);
  worksheet.addRow(['Nguồn', sheet.source]);
  worksheet.addRow(['Đã đối chiếu văn bản chính thức', 'Không']);
  worksheet.addRow([]);
  worksheet.addRow([
    'Phần',
    'Mục',
    'Mã tiêu chí',
    'Tiêu chí',
    'Mã lựa chọn',
    'Lựa chọn',
    'Điểm',
    'Yêu cầu cho hạng sao',
    'Loại trừ',
  ]);
  for (const row of rows) worksheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('importing a sheet', () => {
  it('from YAML: a draft with the tree as sent', async () => {
    const sheet = testSheet('26-2026', 'rau-cu-qua-hat-tuoi', 'yaml-import');
    const response = await postYaml(stringify(sheet));
    expect(response.statusCode).toBe(201);
    const body = response.json<SheetViewResponse>();
    expect(body).toMatchObject({
      code: 'yaml-import',
      state: 'draft',
      source: 'yaml',
      verified: false,
    });
    expect(body.body).toEqual(sheet);
  });

  it('refuses a non-administrator (403)', async () => {
    const sheet = testSheet('26-2026', 'rau-cu-qua-hat-tuoi', 'yaml-forbidden');
    const response = await postYaml(stringify(sheet), await signIn(testApp.app, 'tinh.laocai'));
    expect(response.statusCode).toBe(403);
    expect(await storedWithCode('yaml-forbidden')).toHaveLength(0);
  });

  it('lists every integrity problem in Vietnamese and stores nothing', async () => {
    const sheet = testSheet('26-2026', 'rau-cu-qua-hat-tuoi', 'yaml-broken');
    sheet.setCode = 'khong-co-bo-nay';
    sheet.parts[0]!.points = 41;
    const response = await postYaml(stringify(sheet));
    expect(response.statusCode).toBe(422);
    const body = response.json<ProblemsBody>();
    expect(body.error.code).toBe('ocop.sheet_invalid');
    const messages = body.errors.map((error) => error.message).join('\n');
    expect(messages).toContain('khong-co-bo-nay');
    expect(messages).toContain('quy định là 40 điểm');
    expect(body.errors.length).toBeGreaterThanOrEqual(2);
    expect(await storedWithCode('yaml-broken')).toHaveLength(0);
  });

  it('from the Excel layout: the same tree as the YAML', async () => {
    const sheet = testSheet('26-2026', 'rau-cu-qua-hat-tuoi', 'excel-import');
    const response = await postExcel(await excelOf(sheet));
    expect(response.statusCode).toBe(201);
    const body = response.json<SheetViewResponse>();
    expect(body.source).toBe('excel');
    const tree = body.body as typeof sheet;
    expect(tree.parts.map((part) => part.points)).toEqual(sheet.parts.map((part) => part.points));
    const criteria = (value: typeof sheet) =>
      value.parts.flatMap((part) =>
        part.sections.flatMap((section) =>
          section.criteria.map((criterion) => ({
            code: criterion.code,
            points: criterion.points,
            options: criterion.options.map((option) => [
              option.code,
              option.points,
              !!option.disqualifies,
            ]),
            requirements: criterion.requirements ?? [],
          })),
        ),
      );
    expect(criteria(tree)).toEqual(criteria(sheet));
  });

  it('from Excel with a wrong cell: 422 naming its row and column, nothing stored', async () => {
    const sheet = testSheet('26-2026', 'rau-cu-qua-hat-tuoi', 'excel-broken');
    const data = await excelOf(sheet, (rows) => {
      rows[1]![6] = 'mười';
    });
    const response = await postExcel(data);
    expect(response.statusCode).toBe(422);
    const body = response.json<ProblemsBody>();
    // Header on row 10, the second option on row 12; points in column G.
    const wrong = body.errors.find((error) => error.row === 12 && error.column === 'G');
    expect(wrong?.message).toContain('Dòng 12, cột G');
    expect(wrong?.message).toContain('mười');
    expect(await storedWithCode('excel-broken')).toHaveLength(0);
  });

  it('serves the Excel template', async () => {
    const response = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/ocop/sheets/template.xlsx',
    });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
  });
});

describe('publishing', () => {
  it('makes a draft published and immutable', async () => {
    const sheet = testSheet('26-2026', 'rau-cu-qua-hat-tuoi', 'to-publish');
    const draft = (await postYaml(stringify(sheet))).json<SheetViewResponse>();
    const edited = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/v1/ocop/sheets/${draft.id}`,
      headers: { cookie: admin },
      payload: { yaml: stringify({ ...sheet, name: 'Tên mới' }), version: draft.rowVersion },
    });
    expect(edited.statusCode).toBe(200);
    const current = edited.json<SheetViewResponse>();
    expect(current.name).toBe('Tên mới');
    const published = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/ocop/sheets/${draft.id}/publish`,
      headers: { cookie: admin },
      payload: { version: current.rowVersion },
    });
    expect(published.statusCode).toBe(200);
    const after = published.json<SheetViewResponse>();
    expect(after.state).toBe('published');
    const patch = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/v1/ocop/sheets/${draft.id}`,
      headers: { cookie: admin },
      payload: {
        yaml: stringify({ ...sheet, name: 'Sửa sau khi công bố' }),
        version: after.rowVersion,
      },
    });
    expect(patch.statusCode).toBe(409);
    const [row] = await storedWithCode('to-publish');
    expect(row!.name).toBe('Tên mới');
    const again = await testApp.app.inject({
      method: 'POST',
      url: `/api/v1/ocop/sheets/${draft.id}/publish`,
      headers: { cookie: admin },
      payload: { version: after.rowVersion },
    });
    expect(again.statusCode).toBe(409);
  });

  it('the shipped sheet is seeded published, verified as in its file', async () => {
    const rows = await testApp.database.db
      .select()
      .from(ocopSheets)
      .where(
        and(eq(ocopSheets.source, 'shipped'), eq(ocopSheets.code, 'rau-cu-qua-hat-tuoi-26-2026')),
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'published', verified: false });
    const list = await testApp.app.inject({
      method: 'GET',
      url: '/api/v1/ocop/sheets?state=published&set=rau-cu-qua-hat-tuoi',
      headers: { cookie: admin },
    });
    expect(list.json<{ items: SheetViewResponse[] }>().items.map((item) => item.code)).toContain(
      'rau-cu-qua-hat-tuoi-26-2026',
    );
  });
});
