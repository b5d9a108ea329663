import ExcelJS from 'exceljs';
import { sql, type SQL } from 'drizzle-orm';
import {
  classLabel,
  className,
  formatQuantity,
  opSymbol,
  type CompiledIndicator,
  type IndicatorValue,
} from '../../../domain/criteria';
import { queryRows, type Executor } from '../../db/client';
import { AppError } from '../../errors';
import type { RequestContext } from '../../auth/actor';
import { assertUnitAccess, unitScopeSql } from '../units/access';
import { requireActor } from '../../auth/policy';
import { displayDate, levelDepth, todayInVietnam } from '../units/model';
import { unitValidOnSql, type UnitRecord } from '../units/service';
import { readStoredValues } from './service';
import { classReasonView } from './evaluation';
import { assertSetApplies, targetFor, unitForYear, type EntryTarget } from './target';
import { loadPublishedSet, type SetInfo } from '../criteria/sets';
import {
  columnTitles,
  METADATA_SHEET,
  VERSIONS_SHEET,
  NO_WORD,
  WORKBOOK_FORMAT_VERSION,
  YES_WORD,
} from '../../files/spreadsheet';

/**
 * Excel forms of indicator values, as officials know them: the national motto, a title, the unit
 * with its province, the criteria set and its legal basis, the export date; then a table with a
 * frozen header, borders, widths, validation lists and the current values. A commune gets one row
 * per indicator (with the threshold of its class); a district or province gets one row per unit of
 * the set's level below it (in the reader's scope). A hidden `_ntm` sheet carries metadata that
 * the importer does not need; a very hidden `_ntm_versions` sheet records the version of every
 * stored value the form was made from (the importer's conflict check).
 */

export interface ExportedWorkbook {
  fileName: string;
  /** A readable UTF-8 name (for `filename*`). */
  displayName: string;
  data: Buffer;
  layout: 'indicators' | 'units';
}

const FONT = 'Times New Roman';
const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
const borders: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const headerFill: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFE8F0E0' },
};
const inputFill: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFFFFDE7' },
};

const yesNoValidation: ExcelJS.DataValidation = {
  type: 'list',
  allowBlank: true,
  formulae: [`"${YES_WORD},${NO_WORD}"`],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: 'Giá trị không hợp lệ',
  error: `Chọn ${YES_WORD} hoặc ${NO_WORD}.`,
};
const percentValidation: ExcelJS.DataValidation = {
  type: 'decimal',
  operator: 'between',
  allowBlank: true,
  formulae: [0, 100],
  showErrorMessage: true,
  errorStyle: 'stop',
  errorTitle: 'Giá trị không hợp lệ',
  error: 'Tỷ lệ phải là số từ 0 đến 100.',
};

/** "Tỉnh Lào Cai" → "tỉnh Lào Cai" (a unit named inside a sentence). */
function inSentence(name: string): string {
  return name.charAt(0).toLocaleLowerCase('vi') + name.slice(1);
}

/** "Xã Lâm Giang, tỉnh Lào Cai" (ancestors as they stood on 31/12 of the year, nearest first). */
async function unitWithAncestors(executor: Executor, unit: UnitRecord): Promise<string> {
  const rows = await queryRows<{ name: string }>(
    executor,
    sql`SELECT a.name FROM unit a WHERE a.path @> ${unit.path}::ltree AND a.id <> ${unit.id}
        ORDER BY nlevel(a.path) DESC`,
  );
  return [unit.name, ...rows.map((row) => inSentence(row.name))].join(', ');
}

function numberFormat(value: number): string {
  return Number.isInteger(value) ? '#,##0' : '#,##0.0#####';
}

function setCell(cell: ExcelJS.Cell, value: IndicatorValue | null | undefined): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'boolean') {
    cell.value = value ? YES_WORD : NO_WORD;
    return;
  }
  cell.value = value;
  cell.numFmt = numberFormat(value);
}

/** What the unit of measure column says. */
function unitOfMeasure(item: CompiledIndicator): string {
  if (item.type === 'boolean') return `${YES_WORD}/${NO_WORD}`;
  return item.indicator.unit ?? '';
}

/** The threshold that applies to the target, as officials write it: "≥ 80%", "Đạt", … */
function thresholdText(target: EntryTarget, item: CompiledIndicator): string {
  if (target.unclassified) return 'Chưa xác định (đơn vị chưa được xếp vùng/nhóm)';
  const applied = target.set.compiled.thresholds(target.unitClass, target.year)[item.index]!;
  if (applied.judged) return `${YES_WORD}/${NO_WORD} (cán bộ phụ trách đánh giá)`;
  if (applied.op === null || applied.value === null) return 'Chưa có ngưỡng';
  const text =
    typeof applied.value === 'boolean'
      ? formatQuantity(applied.value, undefined)
      : `${opSymbol(applied.op)} ${formatQuantity(applied.value, item.indicator.unit)}`;
  return applied.verified ? text : `${text} (chưa xác minh)`;
}

function fileNames(
  unit: UnitRecord,
  set: SetInfo,
  year: number,
): { fileName: string; displayName: string } {
  return {
    fileName: `so-lieu-${unit.code}-${year}-${set.code}.xlsx`,
    displayName: `Số liệu ${year} - ${unit.name} (${unit.code}) - ${set.code}.xlsx`,
  };
}

interface TitleLines {
  unitLine: string;
  set: SetInfo;
  year: number;
  classLine: string | null;
  instructions: string;
}

/** Title rows above the table; returns the next free row. */
function writeTitle(sheet: ExcelJS.Worksheet, lastColumn: number, lines: TitleLines): number {
  const merged = (row: number, text: string, font: Partial<ExcelJS.Font>, height?: number) => {
    sheet.mergeCells(row, 1, row, lastColumn);
    const cell = sheet.getCell(row, 1);
    cell.value = text;
    cell.font = { name: FONT, size: 12, ...font };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    if (height) sheet.getRow(row).height = height;
  };
  merged(1, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true });
  merged(2, 'Độc lập - Tự do - Hạnh phúc', { bold: true, underline: true });
  merged(
    4,
    `BIỂU SỐ LIỆU CÁC CHỈ TIÊU NÔNG THÔN MỚI NĂM ${lines.year}`,
    { bold: true, size: 14 },
    22,
  );
  merged(5, `Đơn vị: ${lines.unitLine}`, { bold: true });
  merged(6, `Bộ tiêu chí: ${lines.set.name} (${lines.set.basis})`, { italic: true }, 32);
  let row = 7;
  if (lines.classLine) merged(row++, lines.classLine, {});
  merged(row++, `Ngày xuất số liệu: ${displayDate(todayInVietnam())}`, {});
  merged(row++, lines.instructions, { italic: true, size: 11 }, 44);
  sheet.getCell(row - 1, 1).alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
  return row + 1;
}

function styleHeader(row: ExcelJS.Row, lastColumn: number, height: number): void {
  row.height = height;
  for (let column = 1; column <= lastColumn; column++) {
    const cell = row.getCell(column);
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.fill = headerFill;
    cell.border = borders;
  }
}

/** Per unit code, the version of each stored value (by indicator code) the form was made from. */
type VersionRecord = Map<string, Map<string, number>>;

/**
 * The hidden versions sheet: one row per unit of the form (code, then `3.1=2;3.2=5`: each stored
 * value's version; a value absent from the list did not exist). The importer compares them with
 * the current versions to find values a colleague changed after the form was downloaded.
 */
function addVersions(workbook: ExcelJS.Workbook, record: VersionRecord): void {
  const sheet = workbook.addWorksheet(VERSIONS_SHEET, { state: 'veryHidden' });
  sheet.addRow(['unit', 'versions']);
  for (const [unit, versions] of record) {
    sheet.addRow([
      unit,
      [...versions].map(([indicator, version]) => `${indicator}=${version}`).join(';'),
    ]);
  }
}

function addMetadata(workbook: ExcelJS.Workbook, entries: Record<string, string | number>): void {
  const sheet = workbook.addWorksheet(METADATA_SHEET, { state: 'hidden' });
  sheet.addRow(['key', 'value']);
  for (const [key, value] of Object.entries(entries)) sheet.addRow([key, value]);
}

const instructions =
  'Hướng dẫn: ô Giá trị để trống thì số liệu đã có được giữ nguyên. Chỉ tiêu Đạt/Không đạt ghi ' +
  `"${YES_WORD}" hoặc "${NO_WORD}"; tỷ lệ (%) ghi số từ 0 đến 100, ví dụ 70,5; số ghi dấu phẩy ` +
  'thập phân. Không sửa cột mã.';

// --- One row per indicator (a unit at the set's level) ---------------------------------------------

async function indicatorSheet(
  executor: Executor,
  workbook: ExcelJS.Workbook,
  target: EntryTarget,
): Promise<VersionRecord> {
  const { set } = target;
  const sheet = workbook.addWorksheet('Số liệu', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  const lastColumn = 8;
  sheet.columns = [
    { width: 6 },
    { width: 10 },
    { width: 30 },
    { width: 52 },
    { width: 14 },
    { width: 22 },
    { width: 14 },
    { width: 32 },
  ];
  const classLine = target.unitClass
    ? `Ngưỡng áp dụng: ${className(set.classification, classLabel(set.definition, target.unitClass))}` +
      (set.definition.classInfo[target.unitClass]?.name
        ? ` (${set.definition.classInfo[target.unitClass]!.name})`
        : '') +
      (classReasonView(target)?.text ? ` — ${classReasonView(target)!.text}` : '')
    : target.unclassified
      ? 'Đơn vị chưa được xếp vùng/nhóm: chưa xác định được ngưỡng.'
      : null;
  const headerRow = writeTitle(sheet, lastColumn, {
    unitLine: await unitWithAncestors(executor, target.unit),
    set,
    year: target.year,
    classLine,
    instructions,
  });
  const header = sheet.getRow(headerRow);
  header.values = [
    columnTitles.ordinal,
    columnTitles.indicatorCode,
    columnTitles.criterion,
    columnTitles.indicator,
    columnTitles.unitOfMeasure,
    columnTitles.threshold,
    columnTitles.value,
    columnTitles.note,
  ];
  styleHeader(header, lastColumn, 32);
  sheet.views = [
    { state: 'frozen', xSplit: 2, ySplit: headerRow, topLeftCell: `C${headerRow + 1}` },
  ];

  const stored = await readStoredValues(executor, target);
  // Versions from the same rows as the values written below (one snapshot).
  const versions = new Map<string, number>();
  for (const row of stored.values()) {
    const code = set.indicatorCodeById.get(row.indicatorId);
    if (code !== undefined) versions.set(code, row.version);
  }
  let rowNumber = headerRow + 1;
  set.compiled.criteria.forEach((criterion, criterionIndex) => {
    const first = rowNumber;
    for (const item of set.compiled.indicators.slice(criterion.first, criterion.end)) {
      const row = sheet.getRow(rowNumber);
      const storedValue = stored.get(set.indicatorIdByCode.get(item.code)!);
      row.getCell(1).value = criterionIndex + 1;
      row.getCell(2).value = item.code;
      row.getCell(3).value = `${criterion.code}. ${criterion.name}`;
      row.getCell(4).value = item.indicator.name;
      row.getCell(5).value = unitOfMeasure(item);
      row.getCell(6).value = thresholdText(target, item);
      const valueCell = row.getCell(7);
      setCell(
        valueCell,
        storedValue ? (storedValue.valueNumber ?? storedValue.valueBoolean) : null,
      );
      if (storedValue?.note) row.getCell(8).value = storedValue.note;
      for (let column = 1; column <= lastColumn; column++) {
        const cell = row.getCell(column);
        cell.font = { name: FONT, size: 11 };
        cell.border = borders;
        cell.alignment = {
          vertical: 'middle',
          wrapText: true,
          horizontal:
            column === 1 || column === 2 || column === 5 || column === 6 ? 'center' : undefined,
        };
      }
      valueCell.fill = inputFill;
      valueCell.alignment = { vertical: 'middle', horizontal: 'right' };
      row.getCell(8).fill = inputFill;
      const applied = target.unclassified
        ? null
        : set.compiled.thresholds(target.unitClass, target.year)[item.index]!;
      if (item.type === 'boolean' || applied?.judged) valueCell.dataValidation = yesNoValidation;
      else if (item.type === 'percent' && !target.unclassified)
        valueCell.dataValidation = percentValidation;
      else if (item.type === 'percent' && item.indicator.noThreshold !== 'judgement') {
        valueCell.dataValidation = percentValidation;
      }
      rowNumber++;
    }
    if (rowNumber - 1 > first) {
      sheet.mergeCells(first, 1, rowNumber - 1, 1);
      sheet.mergeCells(first, 3, rowNumber - 1, 3);
    }
  });

  // Date and signatures below the table (the code column stays empty: the importer skips them).
  const footer = rowNumber + 1;
  sheet.mergeCells(footer, 6, footer, 8);
  sheet.getCell(footer, 6).value = '......., ngày ..... tháng ..... năm .........';
  sheet.getCell(footer, 6).font = { name: FONT, size: 12, italic: true };
  sheet.getCell(footer, 6).alignment = { horizontal: 'center' };
  sheet.mergeCells(footer + 1, 3, footer + 1, 4);
  sheet.getCell(footer + 1, 3).value = 'NGƯỜI LẬP BIỂU';
  sheet.mergeCells(footer + 1, 6, footer + 1, 8);
  sheet.getCell(footer + 1, 6).value = 'THỦ TRƯỞNG ĐƠN VỊ';
  for (const column of [3, 6]) {
    const cell = sheet.getCell(footer + 1, column);
    cell.font = { name: FONT, size: 12, bold: true };
    cell.alignment = { horizontal: 'center' };
  }
  return new Map([[target.unit.code, versions]]);
}

// --- One row per unit (a district or province) ------------------------------------------------------

/** Kinds left out of the per-unit forms: urban units, outside the New Rural Development programme. */
const urbanKinds = ['phuong', 'thi_tran', 'quan'];

interface RangeValidations {
  add(range: string, validation: ExcelJS.DataValidation): void;
}

interface ListedUnit {
  id: number;
  code: string;
  name: string;
}

async function unitsSheet(
  executor: Executor,
  workbook: ExcelJS.Workbook,
  readable: (unitId: SQL) => SQL,
  parent: UnitRecord,
  set: SetInfo,
  year: number,
): Promise<VersionRecord> {
  const date = `${year}-12-31`;
  const listed = await queryRows<ListedUnit>(
    executor,
    sql`SELECT u.id, u.code, u.name FROM unit u
        WHERE u.path <@ ${parent.path}::ltree AND u.level = ${set.level}
          AND ${unitValidOnSql('u', date)}
          AND u.kind NOT IN (${sql.join(
            urbanKinds.map((kind) => sql`${kind}`),
            sql`, `,
          )})
          AND ${readable(sql`u.id`)}
        ORDER BY u.sort_key, u.code`,
  );
  const values = new Map<number, Map<number, IndicatorValue>>();
  const versions = new Map<number, Map<string, number>>();
  if (listed.length > 0) {
    const rows = await queryRows<{
      unitId: number;
      indicatorId: number;
      valueNumber: number | null;
      valueBoolean: boolean | null;
      version: number;
    }>(
      executor,
      sql`SELECT v.unit_id AS "unitId", v.indicator_id AS "indicatorId",
            v.value_number AS "valueNumber", v.value_boolean AS "valueBoolean", v.version
          FROM indicator_value v JOIN unit u ON u.id = v.unit_id
          WHERE v.set_id = ${set.id} AND v.year = ${year} AND u.path <@ ${parent.path}::ltree
            AND u.level = ${set.level} AND ${unitValidOnSql('u', date)}`,
    );
    for (const row of rows) {
      const code = set.indicatorCodeById.get(Number(row.indicatorId));
      const byCode = versions.get(Number(row.unitId)) ?? new Map<string, number>();
      if (code !== undefined) byCode.set(code, Number(row.version));
      versions.set(Number(row.unitId), byCode);
      const value = row.valueNumber ?? row.valueBoolean;
      if (value === null) continue;
      const byIndicator = values.get(Number(row.unitId)) ?? new Map<number, IndicatorValue>();
      byIndicator.set(Number(row.indicatorId), value);
      values.set(Number(row.unitId), byIndicator);
    }
  }

  const commune = set.level === 'commune';
  const indicators = set.compiled.indicators;
  const lastColumn = 2 + indicators.length;
  const sheet = workbook.addWorksheet(commune ? 'Các xã' : 'Các huyện', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  sheet.columns = [{ width: 10 }, { width: 26 }, ...indicators.map(() => ({ width: 15 }))];
  const headerRow = writeTitle(sheet, Math.min(lastColumn, 12), {
    unitLine: await unitWithAncestors(executor, parent),
    set,
    year,
    classLine: null,
    instructions,
  });
  const header = sheet.getRow(headerRow);
  header.values = [
    commune ? columnTitles.communeCode : columnTitles.districtCode,
    commune ? columnTitles.communeName : columnTitles.districtName,
    ...indicators.map((item) => {
      const measure = unitOfMeasure(item);
      return `${item.code}\n${item.indicator.name}${measure ? `\n(${measure})` : ''}`;
    }),
  ];
  styleHeader(header, lastColumn, 120);
  sheet.views = [
    { state: 'frozen', xSplit: 2, ySplit: headerRow, topLeftCell: `C${headerRow + 1}` },
  ];

  listed.forEach((unit, index) => {
    const row = sheet.getRow(headerRow + 1 + index);
    row.getCell(1).value = unit.code;
    row.getCell(2).value = unit.name;
    const unitValues = values.get(Number(unit.id));
    indicators.forEach((item, column) => {
      const cell = row.getCell(3 + column);
      setCell(cell, unitValues?.get(set.indicatorIdByCode.get(item.code)!));
    });
    for (let column = 1; column <= lastColumn; column++) {
      const cell = row.getCell(column);
      cell.font = { name: FONT, size: 11 };
      cell.border = borders;
      if (column > 2) {
        cell.fill = inputFill;
        cell.alignment = { horizontal: 'right' };
      }
    }
  });
  if (listed.length > 0) {
    const first = headerRow + 1;
    const last = headerRow + listed.length;
    // Range validations (one per column, not per cell): in ExcelJS, missing from its typings.
    const validations = (sheet as unknown as { dataValidations: RangeValidations }).dataValidations;
    indicators.forEach((item, column) => {
      const letter = sheet.getColumn(3 + column).letter;
      const range = `${letter}${first}:${letter}${last}`;
      if (item.type === 'boolean') validations.add(range, yesNoValidation);
      else if (item.type === 'percent' && item.indicator.noThreshold !== 'judgement') {
        validations.add(range, percentValidation);
      }
    });
  }
  return new Map(listed.map((unit) => [unit.code, versions.get(Number(unit.id)) ?? new Map()]));
}

// --- The export -------------------------------------------------------------------------------------

/**
 * `GET /units/{code}/values/export`: the form of a unit for a set and year, pre-filled. Read scope
 * on the unit (403); the set must apply to the unit's level, or to a level below it, and the year.
 */
export async function exportValuesWorkbook(
  executor: Executor,
  context: RequestContext,
  code: string,
  setCode: string,
  year: number,
  options: { access?: 'actor' | 'operator' } = {},
): Promise<ExportedWorkbook> {
  const operator = options.access === 'operator';
  const unit = await unitForYear(executor, code, year);
  const set = await loadPublishedSet(executor, setCode);
  if (!operator) await assertUnitAccess(executor, context, unit.id, 'read');
  const single = unit.level === set.level;
  if (!single && levelDepth(set.level) < levelDepth(unit.level)) {
    // A set of a higher level than the unit: the usual refusal, naming both levels.
    assertSetApplies(set, unit, year);
  }
  assertSetApplies(set, single ? unit : { ...unit, level: set.level }, year);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'NTM Platform';
  workbook.created = new Date();
  workbook.title = `Số liệu các chỉ tiêu nông thôn mới năm ${year} - ${unit.name}`;
  let record: VersionRecord;
  if (single) {
    const target = await targetFor(executor, unit, set, year);
    record = await indicatorSheet(executor, workbook, target);
  } else {
    const readable = (unitId: SQL): SQL =>
      operator ? sql`true` : unitScopeSql(requireActor(context), unitId, 'read');
    record = await unitsSheet(executor, workbook, readable, unit, set, year);
  }
  const units = single ? 1 : record.size;
  addMetadata(workbook, {
    format: 'ntm-values',
    formatVersion: WORKBOOK_FORMAT_VERSION,
    layout: single ? 'indicators' : 'units',
    set: set.code,
    year,
    unit: unit.code,
    units,
    exportedAt: new Date().toISOString(),
  });
  addVersions(workbook, record);
  const data = Buffer.from(await workbook.xlsx.writeBuffer());
  if (data.length === 0) throw new AppError('internal', 500, { requestId: context.requestId });
  return { ...fileNames(unit, set, year), data, layout: single ? 'indicators' : 'units' };
}
