import ExcelJS from 'exceljs';
import {
  FileProblem,
  METADATA_SHEET,
  type Cell,
  type FileProblemCode,
  type Sheet,
  type SheetRow,
  type Spreadsheet,
} from './spreadsheet';
import { checkZipInflatedSize } from './zip-check';

/**
 * Reading an xlsx workbook with ExcelJS into plain rows of typed cells. Runs in the upload worker
 * (`xlsx-worker.mjs`, started by `parse-off-thread.ts`) once the zip's real size was checked:
 * never on the request loop.
 */

function isPercentFormat(format: string | undefined): boolean {
  return !!format && format.replace(/"[^"]*"/g, '').includes('%');
}

function excelCell(value: ExcelJS.CellValue, numFmt: string | undefined): Cell | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return { kind: 'number', value, percent: isPercentFormat(numFmt) };
  if (typeof value === 'string') return value.trim() === '' ? null : { kind: 'text', text: value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (value instanceof Date) {
    const iso = value.toISOString().slice(0, 10);
    const [y, m, d] = iso.split('-');
    return { kind: 'date', text: `${d}/${m}/${y}` };
  }
  if ('richText' in value) {
    const text = value.richText.map((part) => part.text).join('');
    return text.trim() === '' ? null : { kind: 'text', text };
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    const formula =
      'formula' in value && value.formula
        ? value.formula
        : String((value as { sharedFormula?: string }).sharedFormula ?? '');
    if (result === undefined || result === null || result === '') {
      return { kind: 'formula', formula };
    }
    if (typeof result === 'object' && !(result instanceof Date) && 'error' in result) {
      return { kind: 'error', text: String((result as { error: string }).error) };
    }
    return excelCell(result as ExcelJS.CellValue, numFmt);
  }
  if ('error' in value) return { kind: 'error', text: String(value.error) };
  if ('text' in value) {
    const text = String((value as { text: unknown }).text);
    return text.trim() === '' ? null : { kind: 'text', text };
  }
  return null;
}

/** Reads an xlsx (already checked for its unzipped size); throws a `FileProblem`. */
export async function readXlsxWorkbook(data: Buffer): Promise<Spreadsheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS's typing predates Node's generic Buffer.
    await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  } catch {
    throw new FileProblem('broken_xlsx');
  }
  if (workbook.worksheets.length === 0) throw new FileProblem('not_spreadsheet');
  const sheets: Sheet[] = [];
  for (const worksheet of workbook.worksheets) {
    if (worksheet.name === METADATA_SHEET) continue;
    const rows: SheetRow[] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Array<Cell | null> = [];
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        // A merged range's value belongs to its top-left cell only.
        if (cell.isMerged && cell.master.address !== cell.address) return;
        cells[columnNumber - 1] = excelCell(cell.value, cell.numFmt);
      });
      if (cells.some((cell) => cell))
        rows.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? null) });
    });
    sheets.push({ name: worksheet.name, rows });
  }
  return { format: 'xlsx', sheets };
}

/** What the worker is given: the file (its own copy) and the unzipped-size limit. */
export interface XlsxJob {
  data: Uint8Array;
  maxUnzippedBytes: number;
}

/** What the worker answers (structured-clone data only). */
export type XlsxJobResult =
  | { kind: 'ok'; spreadsheet: Spreadsheet }
  | { kind: 'problem'; code: FileProblemCode; params: Record<string, string | number> }
  | { kind: 'too_large'; declared: boolean };

/** The worker's job: check the real unzipped size, then read the workbook. */
export async function runXlsxJob(job: XlsxJob): Promise<XlsxJobResult> {
  const data = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
  const check = await checkZipInflatedSize(data, job.maxUnzippedBytes);
  if (!check.ok) {
    return check.reason === 'too_large'
      ? { kind: 'too_large', declared: check.declared }
      : { kind: 'problem', code: 'broken_xlsx', params: {} };
  }
  try {
    return { kind: 'ok', spreadsheet: await readXlsxWorkbook(data) };
  } catch (error) {
    if (error instanceof FileProblem) {
      return { kind: 'problem', code: error.code, params: error.params };
    }
    return { kind: 'problem', code: 'broken_xlsx', params: {} };
  }
}
