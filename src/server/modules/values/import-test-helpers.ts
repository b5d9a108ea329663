import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';

/** Helpers of the import/export tests: multipart bodies, downloads, workbooks. */

export const SET = 'xa-ntm-2021-2025';
export const LAM_GIANG = '04381';
export const LAO_CAI = '15';
export const YEAR = 2025;
export const query = `set=${SET}&year=${YEAR}`;
export const importUrl = (code: string, q = query) => `/api/v1/units/${code}/values/import?${q}`;
export const exportUrl = (code: string, q = query) => `/api/v1/units/${code}/values/export?${q}`;

/** A multipart/form-data body with one file part. */
export function multipart(
  fileName: string,
  data: Buffer,
  field = 'file',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----ntmtest${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, data, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export interface ImportErrorBody {
  error: { code: string; message: string };
  errors: Array<{
    sheet: string | null;
    row: number | null;
    column: string | null;
    message: string;
  }>;
}

export async function upload<T = unknown>(
  app: FastifyInstance,
  url: string,
  cookie: string,
  data: Buffer,
  fileName = 'so-lieu.xlsx',
): Promise<{ status: number; body: T }> {
  const { payload, headers } = multipart(fileName, data);
  const response = await app.inject({
    method: 'POST',
    url,
    headers: { ...headers, cookie },
    payload,
  });
  return { status: response.statusCode, body: response.json<T>() };
}

export async function download(
  app: FastifyInstance,
  url: string,
  cookie: string,
): Promise<{ status: number; data: Buffer; headers: Record<string, unknown> }> {
  const response = await app.inject({ method: 'GET', url, headers: { cookie } });
  return { status: response.statusCode, data: response.rawPayload, headers: response.headers };
}

export async function loadWorkbook(data: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  return workbook;
}

export async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A cell's value as text (strings and numbers; anything else empty). */
export function cellString(value: ExcelJS.CellValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}

/** The number of the first row with a cell whose text is `text`. */
export function rowWith(sheet: ExcelJS.Worksheet, text: string): number {
  let found = 0;
  sheet.eachRow((row, rowNumber) => {
    if (found) return;
    row.eachCell((cell) => {
      if (!found && cellString(cell.value) === text) found = rowNumber;
    });
  });
  if (!found) throw new Error(`no row with "${text}" in ${sheet.name}`);
  return found;
}

/** Rows below `headerRow` by the text of `column` (codes → row numbers). */
export function rowsByKey(
  sheet: ExcelJS.Worksheet,
  headerRow: number,
  column: number,
): Map<string, number> {
  const rows = new Map<string, number>();
  for (let row = headerRow + 1; row <= sheet.rowCount; row++) {
    const value = sheet.getRow(row).getCell(column).value;
    if (typeof value === 'string' && value !== '') rows.set(value, row);
  }
  return rows;
}
