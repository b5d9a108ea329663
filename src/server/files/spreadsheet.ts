import { readCsv } from '../../domain/criteria';
import { foldWord, readValueText, yesNoWords } from '../../domain/values';
import { readXlsxOffThread } from './parse-off-thread';

/**
 * Spreadsheet files of indicator values, independent of the layout: reading an uploaded xlsx or
 * CSV (recognised by its content, never by its name) into plain rows of typed cells, reading one
 * cell as an indicator value, and the words, labels and helpers the exporter and the importer
 * share. See docs/values.md, "Nhập và xuất tệp (Excel/CSV)".
 */

/** Version of the files we write (in the hidden `_ntm` sheet; the importer never needs it). */
export const WORKBOOK_FORMAT_VERSION = 1;
/** The hidden sheet with machine-readable metadata of an exported file. */
export const METADATA_SHEET = '_ntm';
/**
 * The hidden sheet of an exported values form with the version of each value it was made from
 * (read by the importer, which takes it out of the sheets it looks for data in).
 */
export const VERSIONS_SHEET = '_ntm_versions';

/** Column titles of our forms (the importer recognises them and a few variants, see below). */
export const columnTitles = {
  ordinal: 'STT',
  indicatorCode: 'Mã chỉ tiêu',
  criterion: 'Tiêu chí',
  indicator: 'Chỉ tiêu',
  unitOfMeasure: 'Đơn vị tính',
  threshold: 'Ngưỡng',
  value: 'Giá trị',
  note: 'Ghi chú',
  communeCode: 'Mã xã',
  communeName: 'Tên xã',
  districtCode: 'Mã huyện',
  districtName: 'Tên huyện',
} as const;

/** The words of a yes/no value, as written in our files. */
export const YES_WORD = 'Đạt';
export const NO_WORD = 'Không đạt';

/** One cell as read from a file: empty cells are `null`. */
export type Cell =
  | {
      kind: 'number';
      value: number;
      /** Shown as a percentage (0.705 → "70,5%"). */ percent: boolean;
    }
  | { kind: 'text'; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; text: string }
  | { kind: 'error'; text: string }
  | { kind: 'formula'; formula: string };

export interface SheetRow {
  /** Row number as Excel shows it (from 1); for CSV, the line where the record starts. */
  row: number;
  /** Cells from column A; `null` for empty ones. */
  cells: Array<Cell | null>;
}

export interface Sheet {
  /** The sheet's name; null for a CSV file. */
  name: string | null;
  rows: SheetRow[];
}

export type SpreadsheetFormat = 'xlsx' | 'csv';

export interface Spreadsheet {
  format: SpreadsheetFormat;
  sheets: Sheet[];
}

import { FileProblem } from './file-problem';
export { FileProblem };
export type { FileProblemCode } from './file-problem';

// --- Text helpers -------------------------------------------------------------------------------

/** Lower case without diacritics (đ → d), blanks collapsed: "Mã  Chỉ tiêu" → "ma chi tieu". */
export function fold(text: string): string {
  return foldWord(text);
}

/** A header cell folded, without parenthesised parts and trailing marks: "Giá trị (*):" → "gia tri". */
export function foldHeader(text: string): string {
  return fold(text.replace(/\([^)]*\)/g, ' '))
    .replace(/[\s:*.]+$/g, '')
    .trim();
}

/** Excel column letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** A cell as text (what a header or a code cell says); empty string for an empty cell. */
export function cellText(cell: Cell | null | undefined): string {
  if (!cell) return '';
  switch (cell.kind) {
    case 'number':
      return String(cell.value);
    case 'text':
      return cell.text.trim();
    case 'boolean':
      return cell.value ? 'TRUE' : 'FALSE';
    case 'date':
    case 'error':
      return cell.text;
    case 'formula':
      return `=${cell.formula}`;
  }
}

/** How a cell is quoted in messages: what the reader sees in the file. */
export function cellDisplay(cell: Cell): string {
  if (cell.kind === 'number') {
    return String(cell.percent ? roundPercent(cell.value) : cell.value).replace('.', ',');
  }
  const text = cellText(cell);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function roundPercent(fraction: number): number {
  return Number((fraction * 100).toPrecision(12));
}

// --- Indicator values -----------------------------------------------------------------------------

/** The words read as yes/no, as documented (case and diacritics do not matter). */
export { yesNoWords };

export type CellReading =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'unreadable'; shown: string }
  /** A text number with two readings ("1.25": 1,25 or 125): refused, never guessed. */
  | { kind: 'ambiguous_number'; shown: string; candidates: [number, number] }
  /** A text number in English notation ("1,234.5"): refused with its Vietnamese spelling. */
  | { kind: 'english_number'; shown: string; suggestion: string }
  | { kind: 'formula_without_result'; formula: string };

/**
 * Reads a cell as an indicator value, before any check against the indicator: numbers (a cell
 * formatted as a percentage counts in percent: 0,705 shown "70,5%" reads 70,5), text read by the
 * domain's `readValueText` — numbers the Vietnamese way with an optional `%` ("70,5", "1.250",
 * "70,5%", "1.234,5"; "70.5" is ambiguous and "1,234.5" English, both refused) and yes/no words —,
 * Excel booleans, formulas by their cached result. Empty → `empty`.
 */
export function readValueCell(cell: Cell | null | undefined): CellReading {
  if (!cell) return { kind: 'empty' };
  switch (cell.kind) {
    case 'number':
      return { kind: 'number', value: cell.percent ? roundPercent(cell.value) : cell.value };
    case 'boolean':
      return { kind: 'boolean', value: cell.value };
    case 'formula':
      return { kind: 'formula_without_result', formula: cell.formula };
    case 'date':
    case 'error':
      return { kind: 'unreadable', shown: cell.text };
    case 'text': {
      const reading = readValueText(cell.text);
      switch (reading.kind) {
        case 'empty':
        case 'number':
        case 'boolean':
          return reading;
        case 'ambiguous':
          return {
            kind: 'ambiguous_number',
            shown: cellDisplay(cell),
            candidates: reading.candidates,
          };
        case 'english_notation':
          return {
            kind: 'english_number',
            shown: cellDisplay(cell),
            suggestion: reading.suggestion,
          };
        case 'invalid':
          return { kind: 'unreadable', shown: cellDisplay(cell) };
      }
    }
  }
}

// --- Reading files --------------------------------------------------------------------------------

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(data: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => data[index] === byte);
}

/** Delimiters a CSV may use, most frequent first in its first lines (comma last on a tie). */
function csvDelimiters(text: string): string[] {
  const head = text
    .slice(0, 64 * 1024)
    .split(/\r?\n/)
    .slice(0, 30)
    .join('\n')
    .replace(/"[^"]*"/g, '');
  const count = (mark: string) => head.split(mark).length - 1;
  return [';', '\t', ',']
    .map((mark) => ({ mark, n: count(mark) }))
    .sort((a, b) => b.n - a.n || (a.mark === ',' ? 1 : b.mark === ',' ? -1 : 0))
    .map((entry) => entry.mark);
}

function readCsvSheet(text: string, delimiter: string): { sheet: Sheet; issues: number[] } {
  const { records, issues } = readCsv(text, delimiter);
  const rows: SheetRow[] = records
    .map((record) => ({
      row: record.line,
      cells: record.fields.map((field): Cell | null =>
        field.text.trim() === '' ? null : { kind: 'text', text: field.text },
      ),
    }))
    .filter((row) => row.cells.some((cell) => cell));
  return { sheet: { name: null, rows }, issues: issues.map((issue) => issue.line) };
}

/**
 * Reads an uploaded file by its content: xlsx (a zip starting with `PK`), else CSV as UTF-8 (with
 * or without BOM), separated by semicolons, tabs or commas. For CSV the separator is the first,
 * in order of frequency, that yields a row `isHeader` recognises (else the most frequent one).
 * An xlsx is read off the request loop, with bounded memory and time (`parse-off-thread.ts`).
 * Throws a `FileProblem` for what cannot be read, an `AppError` (413) for an xlsx too large once
 * unzipped or too heavy to read.
 */
export async function readSpreadsheet(
  data: Buffer,
  isHeader: (cells: ReadonlyArray<Cell | null>) => boolean,
): Promise<Spreadsheet> {
  if (data.length === 0) throw new FileProblem('empty_file');
  if (startsWith(data, ZIP)) {
    const head = data.subarray(0, 200).toString('latin1');
    if (head.includes('mimetypeapplication/vnd.oasis.opendocument')) throw new FileProblem('ods');
    return readXlsxOffThread(data);
  }
  if (startsWith(data, OLE2)) throw new FileProblem('xls_binary');
  if (data.subarray(0, 8192).includes(0)) throw new FileProblem('not_spreadsheet');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new FileProblem('csv_not_utf8');
  }
  if (text.replace(/^\ufeff/, '').trim() === '') throw new FileProblem('empty_file');
  const delimiters = csvDelimiters(text);
  let first: { sheet: Sheet; issues: number[] } | null = null;
  for (const delimiter of delimiters) {
    const read = readCsvSheet(text, delimiter);
    first ??= read;
    if (read.sheet.rows.some((row) => isHeader(row.cells))) {
      if (read.issues.length > 0) throw new FileProblem('csv_syntax', { line: read.issues[0]! });
      return { format: 'csv', sheets: [read.sheet] };
    }
  }
  if (first && first.issues.length > 0) {
    throw new FileProblem('csv_syntax', { line: first.issues[0]! });
  }
  return { format: 'csv', sheets: first ? [first.sheet] : [] };
}
