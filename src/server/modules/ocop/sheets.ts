import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import { parse as parseYaml } from 'yaml';
import {
  checkSheetIntegrity,
  scoreSheetSchema,
  type SheetProblem as DomainSheetProblem,
} from '../../../domain/ocop/sheet';
import { isHundredths } from '../../../domain/ocop/rules';
import type {
  ScoreSheet,
  SheetCriterion,
  SheetPart,
  SheetPartNode,
  SheetSection,
  Stars,
} from '../../../domain/ocop/types';
import type { RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import type { Executor, Tx } from '../../db/client';
import type { SeedStep } from '../../db/seed';
import { AppError } from '../../errors';
import {
  FileProblem,
  cellText,
  columnLetter,
  foldHeader,
  readSpreadsheet,
  type Cell,
} from '../../files/spreadsheet';
import { translate, type Language } from '../../i18n';
import { recordAudit } from '../audit/service';
import { canManageSheets } from './policy';
import { findRuleVersion } from './rules';
import { ocopSheets } from './tables';

/**
 * Score sheets (phiếu đánh giá, phân hạng): imported as drafts from YAML or from an Excel file an
 * administrator fills (one row per option), checked with `scoreSheetSchema` and
 * `checkSheetIntegrity` (every problem listed at once, in Vietnamese, with the row and column of
 * an Excel file; nothing stored when there is one), published (immutable after: a correction is a
 * new version). The shipped sheets (`data/ocop/sheets/*.yaml`) are base data, inserted published.
 */

export const SHIPPED_SHEETS_DIR = fileURLToPath(
  new URL('../../../../data/ocop/sheets/', import.meta.url),
);

/** Problems reported at most (the count says how many there were). */
const MAX_PROBLEMS = 100;

export interface SheetProblem {
  row: number | null;
  column: string | null;
  message: string;
}

export type SheetRow = typeof ocopSheets.$inferSelect;

function reject(problems: SheetProblem[]): never {
  const errors = problems.slice(0, MAX_PROBLEMS);
  throw new AppError('ocop.sheet_invalid', 422, {
    count: problems.length,
    first: errors[0]?.message ?? '',
  }).withBody({ errors });
}

function message(language: Language, key: string, params: Record<string, string | number> = {}) {
  return translate(language, `ocop.sheet.${key}`, params);
}

/** One integrity problem of the domain as a sentence in `language`. */
function describeIntegrity(language: Language, problem: DomainSheetProblem): string {
  return translate(language, `ocop.sheet.problem.${problem.code}`, {
    ...problem.params,
    path: problem.path || '(phiếu)',
  });
}

/**
 * Checks a sheet object: its shape (`scoreSheetSchema`), a known rule version, then the sheet's
 * integrity under that version. Returns the sheet or the problems (messages in `language`).
 */
export function checkSheet(
  value: unknown,
  language: Language,
): { sheet: ScoreSheet } | { problems: SheetProblem[] } {
  const outcome = scoreSheetSchema.safeParse(value);
  if (!outcome.success) {
    return {
      problems: outcome.error.issues.map((issue) => ({
        row: null,
        column: null,
        message: message(language, 'schema', {
          path: issue.path.join('.') || '(phiếu)',
          message: issue.message,
        }),
      })),
    };
  }
  const sheet = outcome.data;
  const version = findRuleVersion(sheet.ruleVersion);
  if (!version) {
    return {
      problems: [
        {
          row: null,
          column: null,
          message: translate(language, 'errors.ocop.rule_version_unknown', {
            code: sheet.ruleVersion,
          }),
        },
      ],
    };
  }
  const integrity = checkSheetIntegrity(sheet, version);
  if (integrity.length > 0) {
    return {
      problems: integrity.map((problem) => ({
        row: null,
        column: null,
        message: describeIntegrity(language, problem),
      })),
    };
  }
  return { sheet };
}

/** Parses YAML text into a sheet object, or the syntax problem. */
export function sheetFromYaml(
  text: string,
  language: Language,
): { sheet: ScoreSheet } | { problems: SheetProblem[] } {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    return {
      problems: [
        {
          row: null,
          column: null,
          message: message(language, 'yaml_syntax', { message: (error as Error).message }),
        },
      ],
    };
  }
  return checkSheet(value, language);
}

// ---- Excel -------------------------------------------------------------------------------------

/** The columns of the Excel layout, in order (the importer finds them by title, any order). */
export const SHEET_COLUMNS = [
  { key: 'part', title: 'Phần', width: 34 },
  { key: 'section', title: 'Mục', width: 34 },
  { key: 'criterionCode', title: 'Mã tiêu chí', width: 14 },
  { key: 'criterion', title: 'Tiêu chí', width: 44 },
  { key: 'optionCode', title: 'Mã lựa chọn', width: 14 },
  { key: 'option', title: 'Lựa chọn', width: 44 },
  { key: 'points', title: 'Điểm', width: 8 },
  { key: 'requiredFor', title: 'Yêu cầu cho hạng sao', width: 20 },
  { key: 'disqualifies', title: 'Loại trừ', width: 10 },
] as const;
type ColumnKey = (typeof SHEET_COLUMNS)[number]['key'];

/** The labelled cells above the header: label in column A, value in column B. */
export const SHEET_META = [
  { key: 'code', label: 'Mã phiếu', example: 'thuc-pham-tuoi-song-26' },
  { key: 'version', label: 'Phiên bản', example: 1 },
  { key: 'ruleVersion', label: 'Phiên bản quy định', example: '26-2026' },
  { key: 'setCode', label: 'Mã bộ sản phẩm', example: 'rau-cu-qua-hat-tuoi' },
  { key: 'name', label: 'Tên phiếu', example: 'Phiếu đánh giá bộ sản phẩm rau, củ, quả, hạt tươi' },
  { key: 'source', label: 'Nguồn', example: 'Phụ lục … của Quyết định 26/2026/QĐ-TTg' },
  { key: 'verified', label: 'Đã đối chiếu văn bản chính thức', example: 'Không' },
] as const;
type MetaKey = (typeof SHEET_META)[number]['key'];

const headerTitles = new Map<string, ColumnKey>(
  SHEET_COLUMNS.map((column) => [foldHeader(column.title), column.key]),
);
const metaLabels = new Map<string, MetaKey>(
  SHEET_META.map((item) => [foldHeader(item.label), item.key]),
);

function isSheetHeader(cells: ReadonlyArray<Cell | null>): boolean {
  const found = new Set(cells.map((cell) => headerTitles.get(foldHeader(cellText(cell)))));
  return found.has('criterionCode') && found.has('optionCode') && found.has('points');
}

const YES = new Set(['x', 'co', 'yes', 'true', '1', 'dung']);
const NO = new Set(['', 'khong', 'no', 'false', '0']);

function codeAndLabel(text: string): { code: string; label: string } | null {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*?)\s*[.:)–-]\s+(.+)$/.exec(text);
  if (!match) return null;
  return { code: match[1]!, label: match[2]!.trim() };
}

function numberOf(cell: Cell | null | undefined): number | null {
  if (!cell) return null;
  if (cell.kind === 'number') return cell.value;
  const text = cellText(cell).replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

/**
 * Builds a sheet from the rows of an uploaded workbook: the labelled cells above the header, then
 * one row per option; Phần, Mục, Mã tiêu chí and Tiêu chí may be left empty to repeat the row
 * above. A criterion's points are its largest option's, a section's and a part's the sums.
 */
export async function sheetFromExcel(
  data: Buffer,
  language: Language,
): Promise<{ sheet: ScoreSheet } | { problems: SheetProblem[] }> {
  let spreadsheet;
  try {
    spreadsheet = await readSpreadsheet(data, isSheetHeader);
  } catch (error) {
    if (error instanceof FileProblem) {
      return { problems: [{ row: null, column: null, message: message(language, 'unreadable') }] };
    }
    throw error;
  }
  const problems: SheetProblem[] = [];
  const at = (row: number | null, column: number | null, key: string, params = {}) =>
    problems.push({
      row,
      column: column === null ? null : columnLetter(column),
      message: message(language, key, {
        ...params,
        row: row ?? '',
        column: column === null ? '' : columnLetter(column),
      }),
    });
  const table = spreadsheet.sheets.find(
    (sheet) => !sheet.name?.startsWith('_') && sheet.rows.some((row) => isSheetHeader(row.cells)),
  );
  if (!table)
    return { problems: [{ row: null, column: null, message: message(language, 'no_header') }] };
  const headerIndex = table.rows.findIndex((row) => isSheetHeader(row.cells));
  const header = table.rows[headerIndex]!;
  const columns: Partial<Record<ColumnKey, number>> = {};
  header.cells.forEach((cell, index) => {
    const key = headerTitles.get(foldHeader(cellText(cell)));
    if (key && columns[key] === undefined) columns[key] = index;
  });
  for (const column of SHEET_COLUMNS) {
    if (column.key === 'requiredFor' || column.key === 'disqualifies') continue;
    if (columns[column.key] === undefined)
      at(header.row, null, 'missing_column', { title: column.title });
  }
  const meta: Partial<Record<MetaKey, { value: Cell | null; row: number }>> = {};
  for (const row of table.rows.slice(0, headerIndex)) {
    const key = metaLabels.get(foldHeader(cellText(row.cells[0])));
    if (key) meta[key] = { value: row.cells[1] ?? null, row: row.row };
  }
  const metaText = (key: MetaKey) => cellText(meta[key]?.value).trim();
  for (const item of SHEET_META) {
    if (item.key === 'verified') continue;
    if (!metaText(item.key)) at(null, null, 'missing_meta', { label: item.label });
  }
  const versionNumber = numberOf(meta.version?.value);
  if (
    metaText('version') &&
    (versionNumber === null || !Number.isInteger(versionNumber) || versionNumber < 1)
  ) {
    at(meta.version!.row, 1, 'bad_meta', { value: metaText('version'), label: 'Phiên bản' });
  }
  const verifiedWord = foldHeader(metaText('verified'));
  if (!YES.has(verifiedWord) && !NO.has(verifiedWord)) {
    at(meta.verified!.row, 1, 'bad_meta', {
      value: metaText('verified'),
      label: 'Đã đối chiếu văn bản chính thức',
    });
  }
  if (problems.length > 0) return { problems };

  const parts: SheetPartNode[] = [];
  let part = null as SheetPartNode | null;
  let section = null as SheetSection | null;
  let criterion = null as SheetCriterion | null;
  let options = 0;
  for (const row of table.rows.slice(headerIndex + 1)) {
    const text = (key: ColumnKey) =>
      columns[key] === undefined ? '' : cellText(row.cells[columns[key]]).trim();
    const column = (key: ColumnKey) => columns[key] ?? null;
    if (SHEET_COLUMNS.every((item) => !text(item.key))) continue;
    const before = problems.length;
    if (text('part')) {
      const found = codeAndLabel(text('part'));
      const letter = (found?.code ?? text('part')).toUpperCase() as SheetPart;
      if (!['A', 'B', 'C'].includes(letter)) {
        at(row.row, column('part'), 'bad_part', { value: text('part') });
      } else if (part?.part !== letter) {
        part = parts.find((item) => item.part === letter) ?? null;
        if (!part) {
          part = { part: letter, label: found?.label ?? `Phần ${letter}`, points: 0, sections: [] };
          parts.push(part);
        }
        section = null;
        criterion = null;
      }
    }
    if (text('section')) {
      const found = codeAndLabel(text('section'));
      if (!found) at(row.row, column('section'), 'bad_label', { value: text('section') });
      else if (part && section?.code !== found.code) {
        section = { code: found.code, label: found.label, points: 0, criteria: [] };
        part.sections.push(section);
        criterion = null;
      }
    }
    if (text('criterionCode') && section && criterion?.code !== text('criterionCode')) {
      if (!text('criterion')) {
        at(row.row, column('criterion'), 'missing_cell', { title: 'Tiêu chí' });
      } else {
        criterion = {
          code: text('criterionCode'),
          label: text('criterion'),
          points: 0,
          options: [],
        };
        section.criteria.push(criterion);
      }
    }
    if (!part) at(row.row, column('part'), 'missing_cell', { title: 'Phần' });
    else if (!section) at(row.row, column('section'), 'missing_cell', { title: 'Mục' });
    else if (!criterion && !text('criterionCode'))
      at(row.row, column('criterionCode'), 'missing_cell', { title: 'Mã tiêu chí' });
    if (!text('optionCode'))
      at(row.row, column('optionCode'), 'missing_cell', { title: 'Mã lựa chọn' });
    if (!text('option')) at(row.row, column('option'), 'missing_cell', { title: 'Lựa chọn' });
    const points = numberOf(row.cells[columns.points!]);
    if (!text('points')) at(row.row, column('points'), 'missing_cell', { title: 'Điểm' });
    else if (points === null || points < 0 || !isHundredths(points))
      at(row.row, column('points'), 'bad_points', { value: text('points') });
    const starsText = text('requiredFor');
    const stars = starsText
      .split(/[,;\s]+/)
      .filter(Boolean)
      .map((item) => Number(item.replace(/[★*]/g, '')));
    if (stars.some((value) => !Number.isInteger(value) || value < 1 || value > 5))
      at(row.row, column('requiredFor'), 'bad_stars', { value: starsText });
    const flag = foldHeader(text('disqualifies'));
    if (!YES.has(flag) && !NO.has(flag))
      at(row.row, column('disqualifies'), 'bad_flag', { value: text('disqualifies') });
    if (problems.length > before || !criterion || points === null) continue;
    options++;
    const optionCode = text('optionCode');
    criterion.options.push({
      code: optionCode,
      label: text('option'),
      points,
      ...(YES.has(flag) ? { disqualifies: true } : {}),
    });
    for (const star of stars as Stars[]) {
      criterion.requirements ??= [];
      let requirement = criterion.requirements.find((item) => item.stars === star);
      if (!requirement) {
        requirement = { stars: star, options: [] };
        criterion.requirements.push(requirement);
      }
      requirement.options.push(optionCode);
    }
  }
  if (problems.length > 0) return { problems };
  if (options === 0)
    return { problems: [{ row: null, column: null, message: message(language, 'no_options') }] };
  for (const item of parts) {
    for (const sec of item.sections) {
      for (const crit of sec.criteria) {
        crit.points = Math.max(0, ...crit.options.map((option) => option.points));
        crit.requirements?.sort((a, b) => a.stars - b.stars);
      }
      sec.points = sumHundredths(sec.criteria.map((crit) => crit.points));
    }
    item.points = sumHundredths(item.sections.map((sec) => sec.points));
  }
  parts.sort((a, b) => a.part.localeCompare(b.part));
  return checkSheet(
    {
      code: metaText('code'),
      version: versionNumber,
      ruleVersion: metaText('ruleVersion'),
      setCode: metaText('setCode'),
      name: metaText('name'),
      verified: YES.has(verifiedWord),
      source: metaText('source'),
      parts,
    },
    language,
  );
}

function sumHundredths(values: number[]): number {
  return values.reduce((sum, value) => sum + Math.round(value * 100), 0) / 100;
}

/** The Excel template an administrator fills (with an example part, section and criterion). */
export async function sheetTemplate(): Promise<{ name: string; bytes: Buffer }> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'NTM Platform';
  const sheet = workbook.addWorksheet('Phiếu đánh giá');
  sheet.getCell('A1').value = 'PHIẾU ĐÁNH GIÁ, PHÂN HẠNG SẢN PHẨM OCOP';
  sheet.getCell('A1').font = { bold: true, size: 13 };
  SHEET_META.forEach((item, index) => {
    const row = sheet.getRow(index + 2);
    row.getCell(1).value = item.label;
    row.getCell(1).font = { bold: true };
    row.getCell(2).value = item.example;
  });
  const noteRow = SHEET_META.length + 2;
  sheet.getCell(`A${noteRow}`).value =
    'Mỗi dòng một lựa chọn. Để trống Phần, Mục, Mã tiêu chí, Tiêu chí để lặp lại dòng trên. ' +
    'Phần: "A. Tên phần" (A, B, C); Mục: "A1. Tên mục". Yêu cầu cho hạng sao: các hạng sao cần ' +
    'lựa chọn này (ví dụ "4, 5"). Loại trừ: "x" nếu chọn lựa chọn này thì sản phẩm bị loại.';
  sheet.getCell(`A${noteRow}`).font = { italic: true };
  const headerRow = sheet.getRow(noteRow + 2);
  headerRow.values = SHEET_COLUMNS.map((column) => column.title);
  headerRow.font = { bold: true };
  sheet.columns = SHEET_COLUMNS.map((column) => ({ width: column.width }));
  sheet.addRow([
    'A. Sản phẩm và sức mạnh của cộng đồng',
    'A1. Tổ chức sản xuất',
    'A1.1',
    'Nguồn nguyên liệu',
    'A1.1.a',
    'Mua ngoài, không có hợp đồng',
    0,
    '',
    '',
  ]);
  sheet.addRow(['', '', '', '', 'A1.1.b', 'Một phần nguyên liệu của địa phương', 2, '', '']);
  sheet.addRow(['', '', '', '', 'A1.1.c', 'Toàn bộ nguyên liệu của địa phương', 3, '4, 5', '']);
  return {
    name: 'mau-phieu-danh-gia-ocop.xlsx',
    bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}

// ---- Rows --------------------------------------------------------------------------------------

export interface SheetView {
  id: string;
  code: string;
  version: number;
  ruleVersion: string;
  setCode: string;
  name: string;
  verified: boolean;
  state: string;
  source: string;
  publishedAt: string | null;
  rowVersion: number;
  body: ScoreSheet;
}

export function presentSheet(row: SheetRow): SheetView {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    ruleVersion: row.ruleVersion,
    setCode: row.setCode,
    name: row.name,
    verified: row.verified,
    state: row.state,
    source: row.source,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    rowVersion: row.rowVersion,
    body: row.body,
  };
}

async function loadSheet(executor: Executor, id: string, lock = false): Promise<SheetRow> {
  const query = executor.select().from(ocopSheets).where(eq(ocopSheets.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('ocop.sheet_not_found', 404);
  return row;
}

async function assertNewVersion(tx: Tx, sheet: ScoreSheet): Promise<void> {
  const [taken] = await tx
    .select({ id: ocopSheets.id })
    .from(ocopSheets)
    .where(and(eq(ocopSheets.code, sheet.code), eq(ocopSheets.version, sheet.version)));
  if (taken)
    throw new AppError('ocop.sheet_exists', 409, { code: sheet.code, version: sheet.version });
}

export type SheetUpload = { kind: 'yaml'; text: string } | { kind: 'excel'; bytes: Buffer };

/** `POST /sheets`: imports a draft sheet; 422 with every problem, nothing stored. */
export async function importSheet(
  tx: Tx,
  context: RequestContext,
  upload: SheetUpload,
  language: Language,
): Promise<SheetView> {
  const actor = canManageSheets(context);
  const outcome =
    upload.kind === 'yaml'
      ? sheetFromYaml(upload.text, language)
      : await sheetFromExcel(upload.bytes, language);
  if ('problems' in outcome) reject(outcome.problems);
  const sheet = outcome.sheet;
  await assertNewVersion(tx, sheet);
  const [row] = await tx
    .insert(ocopSheets)
    .values({
      code: sheet.code,
      version: sheet.version,
      ruleVersion: sheet.ruleVersion,
      setCode: sheet.setCode,
      name: sheet.name,
      body: sheet,
      verified: sheet.verified,
      state: 'draft',
      source: upload.kind === 'yaml' ? 'yaml' : 'excel',
      createdBy: actor.userId,
    })
    .returning();
  await recordAudit(tx, context, {
    action: 'ocop.sheet.import',
    entityType: 'ocop_sheet',
    entityId: row!.id,
    after: { code: sheet.code, version: sheet.version, source: row!.source },
  });
  return presentSheet(row!);
}

function assertRowVersion(row: SheetRow, version: number): void {
  if (row.rowVersion !== version) {
    throw new AppError('conflict', 409, { current: row.rowVersion, sent: version }).withBody({
      current: presentSheet(row),
    });
  }
}

/** `PATCH /sheets/:id`: replaces a draft's content (YAML); a published sheet never changes (409). */
export async function updateSheet(
  tx: Tx,
  context: RequestContext,
  id: string,
  input: { yaml: string; version: number },
  language: Language,
): Promise<SheetView> {
  canManageSheets(context);
  const row = await loadSheet(tx, id, true);
  if (row.state !== 'draft') throw new AppError('ocop.sheet_published', 409);
  assertRowVersion(row, input.version);
  const outcome = sheetFromYaml(input.yaml, language);
  if ('problems' in outcome) reject(outcome.problems);
  const sheet = outcome.sheet;
  if (sheet.code !== row.code || sheet.version !== row.version) await assertNewVersion(tx, sheet);
  const [updated] = await tx
    .update(ocopSheets)
    .set({
      code: sheet.code,
      version: sheet.version,
      ruleVersion: sheet.ruleVersion,
      setCode: sheet.setCode,
      name: sheet.name,
      body: sheet,
      verified: sheet.verified,
      rowVersion: row.rowVersion + 1,
      updatedAt: new Date(),
    })
    .where(eq(ocopSheets.id, id))
    .returning();
  await recordAudit(tx, context, {
    action: 'ocop.sheet.update',
    entityType: 'ocop_sheet',
    entityId: id,
    before: { code: row.code, version: row.version },
    after: { code: sheet.code, version: sheet.version },
  });
  return presentSheet(updated!);
}

/** `POST /sheets/:id/publish`: a draft becomes published, immutable from then on. */
export async function publishSheet(
  tx: Tx,
  context: RequestContext,
  id: string,
  version: number,
): Promise<SheetView> {
  const actor = canManageSheets(context);
  const row = await loadSheet(tx, id, true);
  if (row.state !== 'draft') throw new AppError('ocop.sheet_not_draft', 409, { state: row.state });
  assertRowVersion(row, version);
  const [updated] = await tx
    .update(ocopSheets)
    .set({
      state: 'published',
      publishedAt: new Date(),
      publishedBy: actor.userId,
      rowVersion: row.rowVersion + 1,
      updatedAt: new Date(),
    })
    .where(eq(ocopSheets.id, id))
    .returning();
  await recordAudit(tx, context, {
    action: 'ocop.sheet.publish',
    entityType: 'ocop_sheet',
    entityId: id,
    after: { code: row.code, version: row.version },
  });
  return presentSheet(updated!);
}

/** `GET /sheets`: the sheets (signed in), newest first, without their bodies' weight in lists. */
export async function listSheets(
  executor: Executor,
  context: RequestContext,
  query: { set?: string | undefined; ruleVersion?: string | undefined; state?: string | undefined },
): Promise<SheetView[]> {
  requireActor(context);
  const filters: SQL[] = [];
  if (query.set) filters.push(eq(ocopSheets.setCode, query.set));
  if (query.ruleVersion) filters.push(eq(ocopSheets.ruleVersion, query.ruleVersion));
  if (query.state) filters.push(eq(ocopSheets.state, query.state));
  const rows = await executor
    .select()
    .from(ocopSheets)
    .where(filters.length > 0 ? and(...filters) : undefined)
    .orderBy(asc(ocopSheets.ruleVersion), asc(ocopSheets.setCode), desc(ocopSheets.version))
    .limit(500);
  return rows.map(presentSheet);
}

/** `GET /sheets/:id` (signed in). */
export async function getSheet(
  executor: Executor,
  context: RequestContext,
  id: string,
): Promise<SheetView> {
  requireActor(context);
  return presentSheet(await loadSheet(executor, id));
}

// ---- Shipped sheets (base data) ----------------------------------------------------------------

/** Reads and checks the shipped sheet files; a broken file throws naming it. */
export function readShippedSheets(directory = SHIPPED_SHEETS_DIR): ScoreSheet[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const outcome = sheetFromYaml(fs.readFileSync(path.join(directory, name), 'utf8'), 'vi');
      if ('problems' in outcome) {
        throw new Error(
          `data/ocop/sheets/${name}: ${outcome.problems.map((problem) => problem.message).join('; ')}`,
        );
      }
      return outcome.sheet;
    });
}

/** Inserts the shipped sheets not stored yet, published, `verified` as in the file. */
export async function insertShippedSheets(tx: Tx, sheets = readShippedSheets()): Promise<number> {
  let inserted = 0;
  for (const sheet of sheets) {
    const [taken] = await tx
      .select({ id: ocopSheets.id })
      .from(ocopSheets)
      .where(and(eq(ocopSheets.code, sheet.code), eq(ocopSheets.version, sheet.version)));
    if (taken) continue;
    await tx.insert(ocopSheets).values({
      code: sheet.code,
      version: sheet.version,
      ruleVersion: sheet.ruleVersion,
      setCode: sheet.setCode,
      name: sheet.name,
      body: sheet,
      verified: sheet.verified,
      state: 'published',
      source: 'shipped',
      publishedAt: new Date(),
    });
    inserted++;
  }
  return inserted;
}

export const ocopSheetsSeedStep: SeedStep = {
  name: 'ocop-sheets',
  demoOnly: false,
  description: {
    vi: 'Phiếu đánh giá, phân hạng sản phẩm OCOP kèm theo phần mềm (data/ocop/sheets), đã công bố',
    en: 'The OCOP score sheets shipped with the product (data/ocop/sheets), published',
  },
  async run(tx) {
    return { sheets: await insertShippedSheets(tx) };
  },
};
