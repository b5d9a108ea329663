import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import {
  classOverrideKindLongNames,
  type ClassOverrideKind,
} from '../../../domain/units/class-override';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError, isAppError } from '../../errors';
import { translate, type Language, type MessageParams } from '../../i18n';
import type { RequestContext } from '../../auth/actor';
import {
  cellText,
  columnLetter,
  fold,
  foldHeader,
  readSpreadsheet,
  type Cell,
} from '../../files/spreadsheet';
import {
  checkNewOverride,
  checkOverrideInput,
  insertOverride,
  type CheckedOverride,
  type OverrideChange,
  type OverrideField,
} from './class-overrides';
import { displayDate, todayInVietnam } from './model';
import { canManageClassOverrides } from './policy';
import { findUnitVersions, isUnitCoveredBy, unitValidOnSql, type UnitRecord } from './service';

/**
 * A whole province's class overrides from one xlsx (or CSV) file: one row per commune (code,
 * status, basis number and date dd/mm/yyyy, valid from, valid to). Everything is checked first;
 * a file with any problem changes nothing (422 with every problem's row and column, in Vietnamese);
 * otherwise every row is recorded in the caller's one transaction, each audited. Rows whose status
 * column is empty are skipped (the template lists every commune of the province).
 */

type Column = 'code' | 'name' | 'kind' | 'classValue' | OverrideField | 'note';

const headerWords: Record<string, Column> = {
  'ma xa': 'code',
  'ma don vi': 'code',
  'ten xa': 'name',
  dien: 'kind',
  'dien xa': 'kind',
  'nhom xa': 'classValue',
  'so van ban': 'basisNumber',
  'so van ban can cu': 'basisNumber',
  'ngay van ban': 'basisDate',
  'ngay van ban can cu': 'basisDate',
  'tu ngay': 'validFrom',
  'ap dung tu ngay': 'validFrom',
  'den ngay': 'validTo',
  'ap dung den ngay': 'validTo',
  'ghi chu': 'note',
};

const required: Column[] = ['code', 'kind', 'basisNumber', 'basisDate', 'validFrom'];

function headerMap(cells: ReadonlyArray<Cell | null>): Map<Column, number> | null {
  const map = new Map<Column, number>();
  cells.forEach((cell, index) => {
    const column = headerWords[foldHeader(cellText(cell))];
    if (column && !map.has(column)) map.set(column, index);
  });
  return required.every((column) => map.has(column)) ? map : null;
}

/** Reads a status word: "ĐBKK", "ATK", "xã đảo", "nhóm xã 2" (the group may be its own column). */
export function readKind(text: string): { kind: ClassOverrideKind; group?: string } | null {
  const word = fold(text).replace(/[()]/g, ' ').replace(/\s+/g, ' ').trim();
  if (['dbkk', 'xa dbkk', 'xa dac biet kho khan', 'dac biet kho khan'].includes(word)) {
    return { kind: 'dbkk' };
  }
  if (['atk', 'xa atk', 'an toan khu', 'xa an toan khu'].includes(word)) return { kind: 'atk' };
  if (['dao', 'xa dao', 'island'].includes(word)) return { kind: 'island' };
  const group = /^(?:nhom xa|nhom|commune_group)\s*([0-9]*)$/.exec(word);
  if (group)
    return group[1] ? { kind: 'commune_group', group: group[1] } : { kind: 'commune_group' };
  if (word.startsWith('xa dac biet kho khan')) return { kind: 'dbkk' };
  if (word.startsWith('xa an toan khu')) return { kind: 'atk' };
  return null;
}

export interface ImportIssue {
  row: number | null;
  column: string | null;
  message: string;
}

interface Planned {
  row: number;
  unit: UnitRecord;
  value: CheckedOverride;
}

async function unitOnDate(executor: Executor, code: string, date: string) {
  const rows = await queryRows<UnitRecord>(
    executor,
    sql`SELECT u.id, u.code, u.name, u.short_name AS "shortName", u.kind, u.level,
          u.parent_id AS "parentId", NULL AS "parentCode",
          to_char(u.valid_from, 'YYYY-MM-DD') AS "validFrom",
          to_char(u.valid_to, 'YYYY-MM-DD') AS "validTo", u.path::text AS path
        FROM unit u WHERE u.code = ${code} AND ${unitValidOnSql('u', date)}
        ORDER BY u.valid_from DESC LIMIT 1`,
  );
  const row = rows[0];
  return row ? { ...row, id: Number(row.id) } : null;
}

/** The province a file is for: the newest version of the code, which must be a province. */
export async function provinceForImport(executor: Executor, code: string): Promise<UnitRecord> {
  const province = (await findUnitVersions(executor, code)).at(-1);
  if (!province) throw new AppError('units.not_found', 404, { code });
  if (province.level !== 'province') {
    throw new AppError('units.override.import_not_province', 422, {
      unit: `${province.name} (${province.code})`,
    });
  }
  return province;
}

/** Imports a province's file; returns what changed (the caller re-evaluates those units). */
export async function importClassOverrides(
  tx: Tx,
  context: RequestContext,
  provinceCode: string,
  data: Buffer,
  language: Language,
): Promise<OverrideChange[]> {
  const province = await provinceForImport(tx, provinceCode);
  await canManageClassOverrides(tx, context, province.id);
  const issues: ImportIssue[] = [];
  const say = (key: string, params: MessageParams = {}) =>
    translate(language, `units.override.import.${key}`, params);
  const at = (row: number, column: number | null, message: string) =>
    issues.push({
      row,
      column: column === null ? null : columnLetter(column),
      message:
        column === null
          ? translate(language, 'units.override.import.at_row', { row, message })
          : translate(language, 'units.override.import.at_cell', {
              row,
              column: columnLetter(column),
              message,
            }),
    });
  const reject = (): never => {
    throw new AppError('units.override.import_rejected', 422, { count: issues.length }).withBody({
      errors: issues,
    });
  };
  let sheetRows;
  try {
    const spreadsheet = await readSpreadsheet(data, (cells) => headerMap(cells) !== null);
    sheetRows = spreadsheet.sheets[0]?.rows ?? [];
  } catch (error) {
    // Too large once unzipped, or too heavy to read: its own message (413).
    if (isAppError(error)) throw error;
    issues.push({ row: null, column: null, message: `${say('unreadable')}.` });
    return reject();
  }
  const headerIndex = sheetRows.findIndex((row) => headerMap(row.cells) !== null);
  if (headerIndex < 0) {
    issues.push({ row: null, column: null, message: `${say('no_header')}.` });
    return reject();
  }
  const columns = headerMap(sheetRows[headerIndex]!.cells)!;
  const planned: Planned[] = [];
  const coverage = new Map<number, boolean>();
  for (const sheetRow of sheetRows.slice(headerIndex + 1)) {
    const cell = (column: Column) => {
      const index = columns.get(column);
      return index === undefined ? '' : cellText(sheetRow.cells[index]);
    };
    const columnOf = (column: Column) => columns.get(column) ?? null;
    const kindText = cell('kind');
    if (kindText === '') continue; // a commune of the template without a status
    const row = sheetRow.row;
    const code = cell('code').replace(/^'/, '');
    const before = issues.length;
    if (code === '') at(row, columnOf('code'), say('missing_code'));
    const kind = readKind(kindText);
    if (!kind) at(row, columnOf('kind'), say('bad_kind', { value: kindText.slice(0, 40) }));
    if (!kind || issues.length > before) continue;
    const { value, problems } = checkOverrideInput(kind.kind, {
      classValue: kind.group ?? cell('classValue'),
      basisNumber: cell('basisNumber'),
      basisDate: cell('basisDate'),
      validFrom: cell('validFrom'),
      validTo: cell('validTo'),
      note: cell('note'),
    });
    for (const problem of problems) {
      const column =
        problem.field === 'classValue'
          ? (columnOf('classValue') ?? columnOf('kind'))
          : problem.field
            ? columnOf(problem.field)
            : null;
      const message = translate(language, `errors.${problem.code}`, problem.params).replace(
        /\.$/,
        '',
      );
      at(row, column, message.charAt(0).toLocaleLowerCase('vi') + message.slice(1));
    }
    if (!value) continue;
    const unit = await unitOnDate(tx, code, value.validFrom);
    if (!unit) {
      at(row, columnOf('code'), say('unknown_unit', { code, date: displayDate(value.validFrom) }));
      continue;
    }
    let inside = coverage.get(unit.id);
    if (inside === undefined) {
      inside = await isUnitCoveredBy(tx, unit.id, [province.id]);
      coverage.set(unit.id, inside);
    }
    if (!inside) {
      at(
        row,
        columnOf('code'),
        say('outside_province', { unit: `${unit.name} (${unit.code})`, province: province.name }),
      );
      continue;
    }
    const twin = planned.find(
      (other) =>
        other.unit.id === unit.id &&
        other.value.kind === value.kind &&
        other.value.validFrom <= (value.validTo ?? '9999-12-31') &&
        (other.value.validTo ?? '9999-12-31') >= value.validFrom,
    );
    if (twin) {
      at(row, columnOf('validFrom'), say('duplicate', { other: twin.row }));
      continue;
    }
    try {
      await checkNewOverride(tx, context, unit, value);
    } catch (error) {
      if (!isAppError(error)) throw error;
      const column =
        error.code === 'units.override.overlap' ? columnOf('validFrom') : columnOf('code');
      at(row, column, error.messageIn(language).replace(/\.$/, ''));
      continue;
    }
    planned.push({ row, unit, value });
  }
  if (issues.length > 0) return reject();
  if (planned.length === 0) {
    issues.push({ row: null, column: null, message: `${say('empty')}.` });
    return reject();
  }
  const changes: OverrideChange[] = [];
  for (const item of planned) {
    const view = await insertOverride(tx, context, item.unit, item.value, {
      import: true,
      row: item.row,
    });
    changes.push({
      view,
      unitId: item.unit.id,
      fromYear: Number(item.value.validFrom.slice(0, 4)),
      toYear: item.value.validTo === null ? undefined : Number(item.value.validTo.slice(0, 4)),
    });
  }
  return changes;
}

/** Headers of the template, in order (what `headerWords` reads back). */
const templateColumns: Array<{ title: string; width: number }> = [
  { title: 'Mã xã', width: 10 },
  { title: 'Tên xã', width: 30 },
  { title: 'Diện', width: 22 },
  { title: 'Nhóm xã', width: 10 },
  { title: 'Số văn bản căn cứ', width: 22 },
  { title: 'Ngày văn bản (dd/mm/yyyy)', width: 16 },
  { title: 'Từ ngày (dd/mm/yyyy)', width: 16 },
  { title: 'Đến ngày (dd/mm/yyyy)', width: 16 },
  { title: 'Ghi chú', width: 30 },
];

/** The template: every commune of the province today, one row each, status columns to fill. */
export async function classOverrideTemplate(
  executor: Executor,
  context: RequestContext,
  provinceCode: string,
): Promise<{ data: Buffer; fileName: string; displayName: string }> {
  const province = await provinceForImport(executor, provinceCode);
  await canManageClassOverrides(executor, context, province.id);
  const today = todayInVietnam();
  const asOf = province.validTo !== null && province.validTo < today ? province.validTo : today;
  const communes = await queryRows<{ code: string; name: string }>(
    executor,
    sql`SELECT u.code, u.name FROM unit u
        WHERE u.level = 'commune' AND u.kind = 'xa' AND u.path <@ ${province.path}::ltree
          AND ${unitValidOnSql('u', asOf)}
        ORDER BY u.sort_key, u.code`,
  );
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Diện xã');
  sheet.columns = templateColumns.map((column) => ({ width: column.width }));
  sheet.mergeCells(1, 1, 1, templateColumns.length);
  sheet.getCell(1, 1).value =
    `DANH SÁCH XÃ ĐẶC BIỆT KHÓ KHĂN, AN TOÀN KHU, XÃ ĐẢO, NHÓM XÃ — ${province.name.toUpperCase()}`;
  sheet.getCell(1, 1).font = { bold: true, size: 13 };
  sheet.mergeCells(2, 1, 2, templateColumns.length);
  sheet.getCell(2, 1).value =
    'Điền cột "Diện" (ĐBKK, ATK, Xã đảo, Nhóm xã 1/2/3) cho xã có quyết định công nhận, kèm số ' +
    'và ngày văn bản căn cứ (bắt buộc), ngày bắt đầu và (nếu có) ngày kết thúc, dạng dd/mm/yyyy. ' +
    'Dòng để trống cột "Diện" được bỏ qua. Xã ĐBKK và xã an toàn khu được đánh giá theo mức vùng ' +
    'TDMNPB (Điều 1, 318/QĐ-TTg). Có lỗi thì không dòng nào được ghi.';
  sheet.getCell(2, 1).alignment = { wrapText: true, vertical: 'top' };
  sheet.getRow(2).height = 48;
  const headerRow = 4;
  const header = sheet.getRow(headerRow);
  templateColumns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.title;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.border = { bottom: { style: 'thin' } };
  });
  communes.forEach((commune, index) => {
    const row = sheet.getRow(headerRow + 1 + index);
    row.getCell(1).value = commune.code;
    row.getCell(1).numFmt = '@';
    row.getCell(2).value = commune.name;
    row.getCell(3).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: ['"ĐBKK,ATK,Xã đảo,Nhóm xã 1,Nhóm xã 2,Nhóm xã 3"'],
    };
    for (const column of [6, 7, 8]) row.getCell(column).numFmt = '@';
  });
  sheet.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 2 }];
  const legend = workbook.addWorksheet('Chú thích');
  legend.columns = [{ width: 14 }, { width: 60 }];
  legend.addRow(['Diện', 'Ý nghĩa']).font = { bold: true };
  legend.addRow(['ĐBKK', classOverrideKindLongNames.dbkk + ': đánh giá theo mức vùng TDMNPB']);
  legend.addRow(['ATK', classOverrideKindLongNames.atk + ': đánh giá theo mức vùng TDMNPB']);
  legend.addRow([
    'Xã đảo',
    classOverrideKindLongNames.island + ': ghi nhận (chưa áp dụng mức riêng)',
  ]);
  legend.addRow(['Nhóm xã 1–3', classOverrideKindLongNames.commune_group]);
  const data = Buffer.from(await workbook.xlsx.writeBuffer());
  const ascii = `dien-xa-${province.code}.xlsx`;
  return { data, fileName: ascii, displayName: `Diện xã - ${province.name}.xlsx` };
}
