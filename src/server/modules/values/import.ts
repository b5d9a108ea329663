import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { formatNumber, type IndicatorValue } from '../../../domain/criteria';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError, isAppError } from '../../errors';
import { translate, type Language, type MessageParams } from '../../i18n';
import type { RequestContext } from '../../auth/actor';
import { recordAudit } from '../audit/service';
import { assertUnitAccess, unitScopeSql } from '../units/access';
import { requireActor } from '../../auth/policy';
import { levelDepth } from '../units/model';
import { unitValidOnSql, type UnitRecord } from '../units/service';
import type { ImportErrorItem, ImportResponse, SubmissionStatus } from './api';
import { valueProblem } from './evaluation';
import { actorName } from './lock';
import { writeLockedValues, type ValueChange } from './service';
import { unitClassReasonsOn } from '../units/classes';
import { valueImports } from './tables';
import {
  assertSetApplies,
  classOfReason,
  targetFor,
  unitForYear,
  type EntryTarget,
} from './target';
import { loadPublishedSet, type SetInfo } from '../criteria/sets';
import {
  cellText,
  columnLetter,
  FileProblem,
  fold,
  foldHeader,
  readSpreadsheet,
  readValueCell,
  VERSIONS_SHEET,
  type Cell,
  type Sheet,
} from '../../files/spreadsheet';

/**
 * Importing indicator values from a spreadsheet (xlsx or CSV) into one unit-set-year, or into the
 * communes below a district or province. Everything is read and checked first and every problem is
 * reported with its sheet, row and column; a file with any problem changes nothing (422, or 423
 * when the only problems are data already submitted or approved). Otherwise the values are written
 * through `writeLockedValues` (history with source `import`, stored evaluation), in the caller's single
 * transaction, with one `value_import` row and one audit entry. Empty cells leave stored values
 * unchanged; re-importing the same file changes nothing and records nothing.
 */

export interface ImportFileInput {
  unitCode: string;
  setCode: string;
  year: number;
  /** The uploaded file's name (kept for the record; never used to decide the format). */
  fileName: string;
  data: Buffer;
}

export interface ImportOptions {
  /** Language of the error messages. */
  language: Language;
  /**
   * Who may write: `actor` (the signed-in user's scope) or `operator` (a CLI operator on the
   * server's machine: every unit).
   */
  access?: 'actor' | 'operator';
  /**
   * The officer confirmed overwriting values changed by others since the form was downloaded
   * (otherwise they are conflicts, 409). The overwritten values are listed in the audit entry.
   */
  overwrite?: boolean;
  /** Test hook: awaited after half of the units are written (crash tests). */
  afterHalf?: () => Promise<void>;
}

// --- Headers --------------------------------------------------------------------------------------

const indicatorCodeTitles = ['ma chi tieu', 'ma so chi tieu'];
const valueTitles = ['gia tri', 'so lieu', 'ket qua', 'ket qua thuc hien', 'gia tri thuc hien'];
const noteTitles = ['ghi chu'];
const unitCodeTitles = ['ma xa', 'ma so xa', 'ma huyen', 'ma don vi', 'ma dvhc'];

function isTitle(cell: Cell | null | undefined, titles: readonly string[]): boolean {
  if (!cell || cell.kind !== 'text') return false;
  const folded = foldHeader(cell.text);
  return titles.some(
    (title) => folded === title || new RegExp(`^${title} nam \\d{4}$`).test(folded),
  );
}

function findColumn(cells: ReadonlyArray<Cell | null>, titles: readonly string[]): number {
  return cells.findIndex((cell) => isTitle(cell, titles));
}

type HeaderKind = 'indicators' | 'units';

function headerKind(cells: ReadonlyArray<Cell | null>): HeaderKind | null {
  if (findColumn(cells, indicatorCodeTitles) >= 0 && findColumn(cells, valueTitles) >= 0) {
    return 'indicators';
  }
  if (findColumn(cells, unitCodeTitles) >= 0) return 'units';
  return null;
}

/**
 * The indicator code a header or a code cell starts with: "3.1", "16.khac", "CT 3.1", "Chỉ tiêu 3.1 -
 * Tỷ lệ…", "1. Quy hoạch" (folded, lower case); null when the text does not start with a code
 * (a year such as "2025" does not count).
 */
function codeToken(text: string): string | null {
  const folded = fold(text).replace(/^(chi tieu|ct)\s*/, '');
  const match = /^(\d{1,2}(?:\.[0-9a-z_]+)*)(?=$|[\s:)\u2013-]|\.(?:\s|$))/.exec(folded);
  return match ? match[1]! : null;
}

// --- Problems -------------------------------------------------------------------------------------

interface Issue {
  sheet: string | null;
  row: number | null;
  /** 0-based column index. */
  column: number | null;
  key: string;
  params: MessageParams;
  /** The unit's data is submitted or approved (alone, such problems answer 423). */
  locked?: boolean;
}

function messageOf(issue: Issue, language: Language): ImportErrorItem {
  const body = translate(language, `values.import.issue.${issue.key}`, issue.params).replace(
    /\.\s*$/,
    '',
  );
  const column = issue.column === null ? null : columnLetter(issue.column);
  let message: string;
  if (issue.row !== null && column !== null) {
    message = translate(language, 'values.import.at.cell', {
      row: issue.row,
      column,
      message: body,
    });
  } else if (issue.row !== null) {
    message = translate(language, 'values.import.at.row', { row: issue.row, message: body });
  } else {
    message = translate(language, 'values.import.at.file', {
      message: body.charAt(0).toLocaleUpperCase('vi') + body.slice(1),
    });
  }
  return { sheet: issue.sheet, row: issue.row, column, message };
}

function reject(
  issues: Issue[],
  language: Language,
  sheetOrder: ReadonlyArray<string | null>,
): never {
  const order = (sheet: string | null) => sheetOrder.indexOf(sheet);
  const sorted = [...issues].sort(
    (a, b) =>
      order(a.sheet) - order(b.sheet) ||
      (a.row ?? 0) - (b.row ?? 0) ||
      (a.column ?? -1) - (b.column ?? -1),
  );
  const locked = sorted.every((issue) => issue.locked);
  throw new AppError('values.import.rejected', locked ? 423 : 422, {
    count: sorted.length,
  }).withBody({ errors: sorted.map((issue) => messageOf(issue, language)) });
}

/** One problem that is not tied to a cell (the file itself, the set, the unit). */
function rejectFile(key: string, params: MessageParams, language: Language): never {
  reject([{ sheet: null, row: null, column: null, key, params }], language, [null]);
}

function shown(value: IndicatorValue): string {
  if (typeof value === 'boolean') return value ? 'Đạt' : 'Không đạt';
  return formatNumber(value);
}

// --- Reading the layout ---------------------------------------------------------------------------

interface Entry {
  /** Unit code; null for the unit of the URL (one-unit layout). */
  unitCode: string | null;
  indicator: string;
  cell: Cell | null;
  /** Undefined when the note cell is empty or absent: the stored note is kept. */
  note: string | undefined;
  sheet: string | null;
  row: number;
  valueColumn: number;
  noteColumn: number | null;
}

interface UnitRow {
  code: string;
  sheet: string | null;
  row: number;
  column: number;
}

interface ParsedFile {
  entries: Entry[];
  /** Units of the one-row-per-unit layout, in file order. */
  unitRows: UnitRow[];
  /** Layouts found (one per sheet with a header). */
  layouts: Set<HeaderKind>;
  issues: Issue[];
}

const MAX_NOTE = 2000;

function unitCodeLength(level: UnitRecord['level']): number {
  return level === 'commune' ? 5 : level === 'district' ? 3 : 2;
}

function noteOf(cell: Cell | null | undefined): string | undefined {
  const text = cellText(cell).trim();
  return text === '' ? undefined : text;
}

function parseFile(sheets: readonly Sheet[], set: SetInfo): ParsedFile {
  const parsed: ParsedFile = { entries: [], unitRows: [], layouts: new Set(), issues: [] };
  const codes = new Map<string, string>();
  for (const code of set.indicatorIdByCode.keys()) codes.set(fold(code), code);
  const indicatorSeen = new Map<string, { sheet: string | null; row: number }>();
  const unitSeen = new Map<string, { sheet: string | null; row: number }>();
  const where = (sheet: string | null, other: { sheet: string | null; row: number }) =>
    other.sheet === sheet
      ? { other: other.row, sheet: '' }
      : { other: other.row, sheet: other.sheet };
  const issue = (
    sheet: string | null,
    row: number | null,
    column: number | null,
    key: string,
    params: MessageParams = {},
  ) => parsed.issues.push({ sheet, row, column, key, params });

  for (const sheet of sheets) {
    const headerIndex = sheet.rows.findIndex((row) => headerKind(row.cells) !== null);
    if (headerIndex < 0) continue;
    const header = sheet.rows[headerIndex]!;
    const kind = headerKind(header.cells)!;
    parsed.layouts.add(kind);
    const body = sheet.rows.slice(headerIndex + 1);

    if (kind === 'indicators') {
      const codeColumn = findColumn(header.cells, indicatorCodeTitles);
      const valueColumn = findColumn(header.cells, valueTitles);
      const noteIndex = findColumn(header.cells, noteTitles);
      const noteColumn = noteIndex >= 0 ? noteIndex : null;
      for (const { row, cells } of body) {
        const codeCell = cells[codeColumn];
        const valueCell = cells[valueColumn] ?? null;
        const note = noteColumn === null ? undefined : noteOf(cells[noteColumn]);
        const written = cellText(codeCell).replace(/\.$/, '');
        if (written === '') {
          if (valueCell || note !== undefined)
            issue(sheet.name, row, codeColumn, 'missing_indicator_code');
          continue;
        }
        const code = codes.get(fold(written)) ?? codes.get(codeToken(written) ?? '');
        if (!code) {
          issue(sheet.name, row, codeColumn, 'unknown_indicator', {
            indicator: written,
            set: set.code,
          });
          continue;
        }
        const seen = indicatorSeen.get(code);
        if (seen) {
          issue(
            sheet.name,
            row,
            codeColumn,
            seen.sheet === sheet.name ? 'repeated_indicator' : 'repeated_indicator_sheet',
            {
              indicator: code,
              ...where(sheet.name, seen),
            },
          );
          continue;
        }
        indicatorSeen.set(code, { sheet: sheet.name, row });
        if (note !== undefined && note.length > MAX_NOTE) {
          issue(sheet.name, row, noteColumn, 'note_too_long', { max: MAX_NOTE });
          continue;
        }
        if (!valueCell && note === undefined) continue;
        parsed.entries.push({
          unitCode: null,
          indicator: code,
          cell: valueCell,
          note,
          sheet: sheet.name,
          row,
          valueColumn,
          noteColumn,
        });
      }
      continue;
    }

    // One row per unit: a unit code column and one column per indicator.
    const unitColumn = findColumn(header.cells, unitCodeTitles);
    const indicatorColumns = new Map<number, string>();
    const headerSeen = new Map<string, number>();
    header.cells.forEach((cell, column) => {
      if (column === unitColumn || !cell) return;
      const token = codeToken(cellText(cell));
      if (token === null) return;
      const code = codes.get(token);
      if (!code) {
        issue(sheet.name, header.row, column, 'unknown_indicator_column', {
          indicator: token,
          set: set.code,
        });
        return;
      }
      const other = headerSeen.get(code);
      if (other !== undefined) {
        issue(sheet.name, header.row, column, 'repeated_indicator_column', {
          indicator: code,
          other: columnLetter(other),
        });
        return;
      }
      headerSeen.set(code, column);
      indicatorColumns.set(column, code);
    });
    if (indicatorColumns.size === 0) {
      issue(sheet.name, header.row, null, 'no_indicator_columns');
      continue;
    }
    const length = unitCodeLength(set.level);
    for (const { row, cells } of body) {
      const filled = [...indicatorColumns.keys()].filter((column) => cells[column]);
      const codeCell = cells[unitColumn];
      const written = cellText(codeCell);
      if (written === '') {
        if (filled.length > 0) issue(sheet.name, row, unitColumn, 'missing_unit_code');
        continue;
      }
      const digits =
        codeCell?.kind === 'number' && Number.isInteger(codeCell.value)
          ? String(codeCell.value)
          : written;
      if (!/^\d+$/.test(digits) || digits.length > length) {
        issue(sheet.name, row, unitColumn, 'bad_unit_code', { code: written, length });
        continue;
      }
      const code = digits.padStart(length, '0');
      const seen = unitSeen.get(code);
      if (seen) {
        issue(
          sheet.name,
          row,
          unitColumn,
          seen.sheet === sheet.name ? 'repeated_unit' : 'repeated_unit_sheet',
          {
            code,
            ...where(sheet.name, seen),
          },
        );
        continue;
      }
      unitSeen.set(code, { sheet: sheet.name, row });
      parsed.unitRows.push({ code, sheet: sheet.name, row, column: unitColumn });
      for (const column of filled) {
        parsed.entries.push({
          unitCode: code,
          indicator: indicatorColumns.get(column)!,
          cell: cells[column] ?? null,
          note: undefined,
          sheet: sheet.name,
          row,
          valueColumn: column,
          noteColumn: null,
        });
      }
    }
  }
  return parsed;
}

// --- Units of the file ----------------------------------------------------------------------------

interface ResolvedUnit extends UnitRecord {
  below: boolean;
  writable: boolean;
  provinceCode: string;
}

const resolvedColumns = sql`u.id, u.code, u.name, u.short_name AS "shortName", u.kind, u.level,
  u.parent_id AS "parentId", p.code AS "parentCode",
  to_char(u.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(u.valid_to, 'YYYY-MM-DD') AS "validTo",
  u.path::text AS path, top.code AS "provinceCode"`;

/** Units by code on the reference date, with whether each is below `parent` and writable. */
async function resolveUnits(
  executor: Executor,
  codes: readonly string[],
  parent: UnitRecord,
  date: string,
  writableSql: (unitId: SQL) => SQL,
): Promise<Map<string, ResolvedUnit>> {
  if (codes.length === 0) return new Map();
  const rows = await queryRows<ResolvedUnit>(
    executor,
    sql`SELECT ${resolvedColumns},
          u.path <@ ${parent.path}::ltree AS below,
          (${writableSql(sql`u.id`)}) AS writable
        FROM unit u
          LEFT JOIN unit p ON p.id = u.parent_id
          LEFT JOIN unit top ON top.id = split_part(u.path::text, '.', 1)::int
        WHERE u.code IN (${sql.join(
          codes.map((code) => sql`${code}`),
          sql`, `,
        )}) AND ${unitValidOnSql('u', date)}`,
  );
  return new Map(
    rows.map((row) => [
      row.code,
      {
        ...row,
        id: Number(row.id),
        parentId: row.parentId === null ? null : Number(row.parentId),
        below: row.below === true,
        writable: row.writable === true,
      },
    ]),
  );
}

/** Targets of many units of one set and year (checked by the caller), in one query. */
async function targetsFor(
  executor: Executor,
  units: readonly ResolvedUnit[],
  set: SetInfo,
  year: number,
): Promise<Map<number, EntryTarget>> {
  const referenceDate = `${year}-12-31`;
  const reasons = await unitClassReasonsOn(
    executor,
    units.map((unit) => unit.id),
    set.classification,
    referenceDate,
  );
  return new Map(
    units.map((unit) => {
      const { below: _below, writable: _writable, provinceCode, ...record } = unit;
      return [
        unit.id,
        {
          unit: record,
          year,
          referenceDate,
          set,
          ...classOfReason(set, reasons.get(unit.id)!),
          provinceCode,
        },
      ];
    }),
  );
}

interface StoredCell {
  value: IndicatorValue | null;
  note: string | null;
}

/** Stored values (by unit id, then indicator id) and submission statuses of the given units. */
async function readCurrentState(
  executor: Executor,
  set: SetInfo,
  year: number,
  unitIds: readonly number[],
  lock: boolean,
): Promise<{
  values: Map<number, Map<number, StoredCell>>;
  status: Map<number, SubmissionStatus>;
}> {
  const values = new Map<number, Map<number, StoredCell>>();
  const status = new Map<number, SubmissionStatus>();
  if (unitIds.length === 0) return { values, status };
  const ids = sql.join(
    unitIds.map((id) => sql`${id}`),
    sql`, `,
  );
  if (!lock) {
    const rows = await queryRows<{
      unitId: number;
      indicatorId: number;
      valueNumber: number | null;
      valueBoolean: boolean | null;
      note: string | null;
    }>(
      executor,
      sql`SELECT unit_id AS "unitId", indicator_id AS "indicatorId", value_number AS "valueNumber",
            value_boolean AS "valueBoolean", note
          FROM indicator_value
          WHERE set_id = ${set.id} AND year = ${year} AND unit_id IN (${ids})`,
    );
    for (const row of rows) {
      const unitId = Number(row.unitId);
      const byIndicator = values.get(unitId) ?? new Map<number, StoredCell>();
      byIndicator.set(Number(row.indicatorId), {
        value: row.valueNumber ?? row.valueBoolean ?? null,
        note: row.note,
      });
      values.set(unitId, byIndicator);
    }
  }
  const statusRows = await queryRows<{ unitId: number; status: SubmissionStatus }>(
    executor,
    sql`SELECT unit_id AS "unitId", status FROM submission
        WHERE set_id = ${set.id} AND year = ${year} AND unit_id IN (${ids})
        ${lock ? sql`ORDER BY unit_id FOR UPDATE` : sql``}`,
  );
  for (const row of statusRows) status.set(Number(row.unitId), row.status);
  return { values, status };
}

// --- Values ---------------------------------------------------------------------------------------

/** Reads and checks one value cell for the target; an issue key when it does not fit. */
function valueFor(
  target: EntryTarget,
  indicator: string,
  cell: Cell | null,
): { value: IndicatorValue | null } | { issue: string; params: MessageParams } {
  const reading = readValueCell(cell);
  const item = target.set.compiled.indicatorByCode.get(indicator)!;
  const judgedPossible =
    item.type !== 'boolean' &&
    (target.unclassified
      ? item.indicator.noThreshold === 'judgement'
      : target.set.compiled.thresholds(target.unitClass, target.year)[item.index]!.judged);
  const expected =
    item.type === 'boolean'
      ? 'expected_boolean'
      : judgedPossible && !target.unclassified
        ? 'expected_judgement'
        : item.type === 'percent'
          ? 'percent_out_of_range'
          : 'expected_number';
  switch (reading.kind) {
    case 'empty':
      return { value: null };
    case 'formula_without_result':
      return { issue: 'formula_without_result', params: { formula: reading.formula } };
    case 'unreadable':
      return { issue: expected, params: { indicator, value: reading.shown } };
    case 'ambiguous_number':
      if (item.type === 'boolean') {
        return { issue: expected, params: { indicator, value: reading.shown } };
      }
      return {
        issue: 'ambiguous_number',
        params: {
          value: reading.shown,
          first: shown(reading.candidates[0]),
          second: shown(reading.candidates[1]),
        },
      };
    case 'english_number':
      if (item.type === 'boolean') {
        return { issue: expected, params: { indicator, value: reading.shown } };
      }
      return {
        issue: 'english_number',
        params: { value: reading.shown, suggestion: reading.suggestion },
      };
    case 'number':
    case 'boolean': {
      const problem = valueProblem(target, indicator, reading.value);
      if (!problem) return { value: reading.value };
      return { issue: problem, params: { indicator, value: shown(reading.value) } };
    }
  }
}

function sameValue(a: IndicatorValue | null, b: IndicatorValue | null): boolean {
  return a === b;
}

// --- Versions (conflicts with changes made since the form was downloaded) ------------------------

/** The versions sheet of our exports: unit code → indicator code → version (absent: no value). */
function readVersionRecord(sheet: Sheet): Map<string, Map<string, number>> {
  const record = new Map<string, Map<string, number>>();
  for (const { cells } of sheet.rows.slice(1)) {
    const unit = cellText(cells[0]);
    if (unit === '') continue;
    const versions = new Map<string, number>();
    for (const part of cellText(cells[1]).split(';')) {
      const [indicator, version] = part.split('=');
      if (indicator && version && /^\d+$/.test(version)) versions.set(indicator, Number(version));
    }
    record.set(unit, versions);
  }
  return record;
}

interface Conflict {
  unitCode: string;
  unitName: string;
  indicator: string;
  place: { sheet: string | null; row: number; column: number };
  recordedVersion: number;
  imported: { value: IndicatorValue | null; note?: string | null };
  current: {
    version: number;
    value: IndicatorValue | null;
    note: string | null;
    updatedByName: string;
    updatedAt: string;
  };
}

/**
 * The changes that would overwrite a value changed since the form was made: its current version
 * differs from the recorded one (a value absent from the record had version 0) and the file
 * says something else. Units absent from the record are not checked (a warning says so).
 */
async function findConflicts(
  tx: Tx,
  set: SetInfo,
  year: number,
  toWrite: readonly UnitWork[],
  recorded: ReadonlyMap<string, ReadonlyMap<string, number>>,
): Promise<Conflict[]> {
  const checked = toWrite.filter((work) => recorded.has(work.target.unit.code));
  if (checked.length === 0) return [];
  const rows = await queryRows<{
    unitId: number;
    indicatorId: number;
    valueNumber: number | null;
    valueBoolean: boolean | null;
    note: string | null;
    version: number;
    updatedByName: string;
    updatedAt: string;
  }>(
    tx,
    sql`SELECT unit_id AS "unitId", indicator_id AS "indicatorId", value_number AS "valueNumber",
          value_boolean AS "valueBoolean", note, version, updated_by_name AS "updatedByName",
          to_char(updated_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'HH24:MI "ngày" DD/MM/YYYY')
            AS "updatedAt"
        FROM indicator_value
        WHERE set_id = ${set.id} AND year = ${year} AND unit_id IN (${sql.join(
          checked.map((work) => sql`${work.target.unit.id}`),
          sql`, `,
        )})`,
  );
  const current = new Map(rows.map((row) => [`${row.unitId}:${row.indicatorId}`, row]));
  const conflicts: Conflict[] = [];
  for (const work of checked) {
    const versions = recorded.get(work.target.unit.code)!;
    work.changes.forEach((change, index) => {
      const indicatorId = set.indicatorIdByCode.get(change.indicator)!;
      const row = current.get(`${work.target.unit.id}:${indicatorId}`);
      const version = row ? Number(row.version) : 0;
      const recordedVersion = versions.get(change.indicator) ?? 0;
      if (version === recordedVersion) return;
      const value = row ? (row.valueNumber ?? row.valueBoolean ?? null) : null;
      const note = row?.note ?? null;
      const differs =
        !sameValue(change.value, value) || (change.note !== undefined && change.note !== note);
      if (!differs || !row) return;
      conflicts.push({
        unitCode: work.target.unit.code,
        unitName: work.target.unit.name,
        indicator: change.indicator,
        place: work.places[index]!,
        recordedVersion,
        imported: {
          value: change.value,
          ...(change.note !== undefined ? { note: change.note } : {}),
        },
        current: {
          version,
          value,
          note,
          updatedByName: row.updatedByName,
          updatedAt: row.updatedAt,
        },
      });
    });
  }
  return conflicts;
}

function conflictIssue(conflict: Conflict, _language: Language): Issue {
  const { current } = conflict;
  return {
    ...conflict.place,
    key: 'changed_since_export',
    params: {
      indicator: conflict.indicator,
      unit: conflict.unitName,
      by: current.updatedByName,
      at: current.updatedAt,
      current: current.value === null ? '(trống)' : shown(current.value),
      value: conflict.imported.value === null ? '(trống)' : shown(conflict.imported.value),
    },
  };
}

// --- The import -----------------------------------------------------------------------------------

interface UnitWork {
  target: EntryTarget;
  changes: ValueChange[];
  /** Where each change is in the file (same order as `changes`). */
  places: Array<{ sheet: string | null; row: number; column: number }>;
  changedCount: number;
  /** Where to point at when its data is locked. */
  at: { sheet: string | null; row: number | null; column: number | null };
}

function safeFileName(name: string): string {
  const base = [...name.normalize('NFC')]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
  return base.slice(0, 255) || 'tệp';
}

/**
 * Imports a file into `unitCode`'s data (one unit, or the units of the set's level below it) for a
 * set and year, inside `tx`. Throws 422/423 (`values.import.rejected`, with `errors`) for any
 * problem; 403 outside the actor's scope; 404 for an unknown unit or set.
 */
export async function importValuesFile(
  tx: Tx,
  context: RequestContext,
  input: ImportFileInput,
  options: ImportOptions,
): Promise<ImportResponse> {
  const { language } = options;
  const operator = options.access === 'operator';
  const actor = operator ? null : requireActor(context);

  const unit = await unitForYear(tx, input.unitCode, input.year);
  const set = await loadPublishedSet(tx, input.setCode);
  if (!operator) await assertUnitAccess(tx, context, unit.id, 'read');
  const single = unit.level === set.level;
  try {
    if (single) assertSetApplies(set, unit, input.year);
    else assertSetApplies(set, { ...unit, level: set.level }, input.year);
  } catch (error) {
    if (isAppError(error)) {
      rejectFile('set_not_applicable', { reason: error.messageIn(language) }, language);
    }
    throw error;
  }
  if (!single && levelDepth(set.level) < levelDepth(unit.level)) {
    rejectFile(
      'set_not_applicable',
      {
        reason: translate(language, 'errors.values.set_wrong_level', {
          set: set.code,
          setLevel: `@levels.${set.level}`,
          unit: unit.name,
          unitLevel: `@levels.${unit.level}`,
        }),
      },
      language,
    );
  }
  if (single && !operator) await assertUnitAccess(tx, context, unit.id, 'write');

  // Then the file, read only once the user is known to be allowed here.
  let spreadsheet;
  try {
    spreadsheet = await readSpreadsheet(input.data, (cells) => headerKind(cells) !== null);
  } catch (error) {
    if (error instanceof FileProblem) rejectFile(`file.${error.code}`, error.params, language);
    throw error;
  }

  // The versions the form was made from (our exports), taken out of the data sheets.
  const versionSheet = spreadsheet.sheets.find((sheet) => sheet.name === VERSIONS_SHEET);
  const sheets = spreadsheet.sheets.filter((sheet) => sheet !== versionSheet);
  const recorded = versionSheet ? readVersionRecord(versionSheet) : null;
  const sheetOrder = sheets.map((sheet) => sheet.name);
  if (sheets.every((sheet) => sheet.rows.length === 0)) {
    rejectFile('file.empty_file', {}, language);
  }
  const parsed = parseFile(sheets, set);
  if (parsed.layouts.size === 0) rejectFile('no_header', {}, language);
  const issues = parsed.issues;

  if (parsed.layouts.has('indicators') && !single) {
    issues.push({
      sheet: null,
      row: null,
      column: null,
      key: 'layout_needs_unit_rows',
      params: { unit: unit.name, level: `@levels.${set.level}` },
    });
  }

  // Targets: the URL unit for the one-unit layout, the listed units for the other.
  const referenceDate = `${input.year}-12-31`;
  const writableSql = (unitId: SQL): SQL =>
    actor ? unitScopeSql(actor, unitId, 'write') : sql`true`;
  const resolved = await resolveUnits(
    tx,
    parsed.unitRows.map((row) => row.code),
    unit,
    referenceDate,
    writableSql,
  );
  const targets = new Map<string | null, EntryTarget>();
  const rowOfUnit = new Map<string, UnitRow>();
  const accepted: ResolvedUnit[] = [];
  for (const row of parsed.unitRows) {
    rowOfUnit.set(row.code, row);
    const found = resolved.get(row.code);
    const at = [row.sheet, row.row, row.column] as const;
    const push = (key: string, params: MessageParams) =>
      issues.push({ sheet: at[0], row: at[1], column: at[2], key, params });
    if (!found) {
      push('unit_unknown', { code: row.code, year: input.year, level: `@levels.${set.level}` });
      continue;
    }
    const unitParams = { unit: found.name, code: found.code, parent: unit.name, year: input.year };
    if (found.level !== set.level) {
      push('unit_wrong_level', { ...unitParams, level: `@levels.${set.level}` });
      continue;
    }
    if (!found.below) {
      push('unit_not_below', unitParams);
      continue;
    }
    if (!found.writable) {
      push('unit_forbidden', unitParams);
      continue;
    }
    accepted.push(found);
  }
  const acceptedTargets = await targetsFor(tx, accepted, set, input.year);
  for (const found of accepted) targets.set(found.code, acceptedTargets.get(found.id)!);
  if (!operator && parsed.unitRows.length > 0 && accepted.length === 0 && resolved.size > 0) {
    // Nothing in the file is the actor's to change: a plain refusal, not a list of rows.
    const anyBelow = [...resolved.values()].some((u) => u.below && u.level === set.level);
    if (anyBelow) {
      throw new AppError('forbidden_unit', 403, {
        mode: '@modes.write',
        unit: `${unit.name} (${unit.code})`,
      });
    }
  }
  if (parsed.layouts.has('indicators') && single) {
    targets.set(null, await targetFor(tx, unit, set, input.year));
  }

  // Current values and statuses of every target, in two queries.
  const targetList = [...targets.values()];
  const state = await readCurrentState(
    tx,
    set,
    input.year,
    targetList.map((target) => target.unit.id),
    false,
  );

  const work = new Map<number, UnitWork>();
  let valuesRead = 0;
  for (const entry of parsed.entries) {
    const target = targets.get(entry.unitCode);
    if (!target) continue;
    const parsedValue = valueFor(target, entry.indicator, entry.cell);
    if ('issue' in parsedValue) {
      issues.push({
        sheet: entry.sheet,
        row: entry.row,
        column: entry.valueColumn,
        key: parsedValue.issue,
        params: parsedValue.params,
      });
      continue;
    }
    const indicatorId = set.indicatorIdByCode.get(entry.indicator)!;
    const stored = state.values.get(target.unit.id)?.get(indicatorId);
    const storedValue = stored?.value ?? null;
    if (parsedValue.value !== null) valuesRead++;
    if (parsedValue.value === null && entry.note === undefined) continue;
    const value = parsedValue.value ?? storedValue;
    const changes =
      !sameValue(value, storedValue) ||
      (entry.note !== undefined && entry.note !== (stored?.note ?? null));
    let unitWork = work.get(target.unit.id);
    if (!unitWork) {
      const row = entry.unitCode === null ? null : rowOfUnit.get(entry.unitCode)!;
      unitWork = {
        target,
        changes: [],
        places: [],
        changedCount: 0,
        at: row
          ? { sheet: row.sheet, row: row.row, column: row.column }
          : { sheet: null, row: null, column: null },
      };
      work.set(target.unit.id, unitWork);
    }
    unitWork.changes.push({
      indicator: entry.indicator,
      value,
      ...(entry.note !== undefined ? { note: entry.note } : {}),
    });
    unitWork.places.push({ sheet: entry.sheet, row: entry.row, column: entry.valueColumn });
    if (changes) unitWork.changedCount++;
  }

  const lockedIssue = (unitWork: UnitWork, status: SubmissionStatus): Issue => ({
    ...unitWork.at,
    key: 'unit_locked',
    params: {
      unit: unitWork.target.unit.name,
      year: input.year,
      status: `@values.status.${status}`,
    },
    locked: true,
  });
  for (const unitWork of work.values()) {
    const status = state.status.get(unitWork.target.unit.id) ?? 'draft';
    if (unitWork.changedCount > 0 && (status === 'submitted' || status === 'approved')) {
      issues.push(lockedIssue(unitWork, status));
    }
  }
  if (issues.length > 0) reject(issues, language, sheetOrder);

  const unitsCount = parsed.layouts.has('indicators') ? 1 : parsed.unitRows.length;
  const toWrite = [...work.values()]
    .filter((unitWork) => unitWork.changedCount > 0)
    .sort((a, b) => a.target.unit.id - b.target.unit.id);
  const entriesCount = [...work.values()].reduce((sum, w) => sum + w.changes.length, 0);
  const unrecorded = recorded
    ? [...targets.values()].filter((target) => !recorded.has(target.unit.code)).length
    : 0;
  const warnings = !recorded
    ? [translate(language, 'values.import.warning.no_versions')]
    : unrecorded > 0
      ? [translate(language, 'values.import.warning.units_without_versions', { count: unrecorded })]
      : [];
  const base = { format: spreadsheet.format, units: unitsCount, valuesRead, warnings };
  if (toWrite.length === 0) {
    return { importId: null, ...base, changed: 0, unchanged: entriesCount, overwritten: 0 };
  }

  // Lock the units to change (creating their draft submissions), in id order, and check again.
  await tx.execute(
    sql`INSERT INTO submission (unit_id, set_id, year, province_code)
        VALUES ${sql.join(
          toWrite.map(
            (w) => sql`(${w.target.unit.id}, ${set.id}, ${input.year}, ${w.target.provinceCode})`,
          ),
          sql`, `,
        )}
        ON CONFLICT DO NOTHING`,
  );
  const locked = await readCurrentState(
    tx,
    set,
    input.year,
    toWrite.map((w) => w.target.unit.id),
    true,
  );
  const nowLocked = toWrite.flatMap((unitWork) => {
    const status = locked.status.get(unitWork.target.unit.id) ?? 'draft';
    return status === 'submitted' || status === 'approved' ? [lockedIssue(unitWork, status)] : [];
  });
  if (nowLocked.length > 0) reject(nowLocked, language, sheetOrder);

  // Values changed by others since the form was made (their units are locked now): conflicts,
  // unless the officer confirmed overwriting them.
  const conflicts = recorded ? await findConflicts(tx, set, input.year, toWrite, recorded) : [];
  if (conflicts.length > 0 && !options.overwrite) {
    const sorted = conflicts.map((conflict) => conflictIssue(conflict, language));
    const order = (sheet: string | null) => sheetOrder.indexOf(sheet);
    sorted.sort(
      (a, b) =>
        order(a.sheet) - order(b.sheet) ||
        (a.row ?? 0) - (b.row ?? 0) ||
        (a.column ?? -1) - (b.column ?? -1),
    );
    throw new AppError('values.import.conflict', 409, { count: sorted.length }).withBody({
      errors: sorted.map((issue) => messageOf(issue, language)),
    });
  }

  const fileSha256 = createHash('sha256').update(input.data).digest('hex');
  const [record] = await tx
    .insert(valueImports)
    .values({
      unitId: unit.id,
      setId: set.id,
      year: input.year,
      provinceCode: targetList[0]?.provinceCode ?? unit.code.slice(0, 2),
      fileName: safeFileName(input.fileName),
      fileSha256,
      format: spreadsheet.format,
      unitsCount,
      valuesRead,
      valuesChanged: 0,
      createdBy: context.actor?.userId ?? null,
      createdByName: actorName(context),
    })
    .returning({ id: valueImports.id });
  const importId = record!.id;

  // The submissions are locked above: write every commune's values with set-based statements,
  // in two halves (the crash test pauses between them).
  let changed = 0;
  let unchanged = entriesCount;
  const half = Math.ceil(toWrite.length / 2);
  for (const [index, part] of [toWrite.slice(0, half), toWrite.slice(half)].entries()) {
    const outcomes = await writeLockedValues(
      tx,
      context,
      part.map((unitWork) => ({ target: unitWork.target, changes: unitWork.changes })),
      { source: 'import', importId },
    );
    for (const outcome of outcomes) {
      changed += outcome.changed.length;
      unchanged -= outcome.changed.length;
    }
    if (index === 0 && part.length > 0 && options.afterHalf) await options.afterHalf();
  }

  if (changed === 0) {
    await tx.execute(sql`DELETE FROM value_import WHERE id = ${importId}`);
    return { importId: null, ...base, changed: 0, unchanged, overwritten: 0 };
  }
  await tx.execute(sql`UPDATE value_import SET values_changed = ${changed} WHERE id = ${importId}`);
  await recordAudit(tx, context, {
    action: 'values.import',
    entityType: 'value_import',
    entityId: String(importId),
    provinceCode: toWrite[0]!.target.provinceCode,
    after: { units: unitsCount, unitsChanged: toWrite.length, valuesRead, changed, unchanged },
    details: {
      unit: unit.code,
      set: set.code,
      year: input.year,
      format: spreadsheet.format,
      fileName: safeFileName(input.fileName),
      fileSha256,
      sizeBytes: input.data.length,
      versions: recorded ? 'checked' : 'absent',
      ...(conflicts.length > 0
        ? {
            overwritten: conflicts.map((conflict) => ({
              unit: conflict.unitCode,
              indicator: conflict.indicator,
              sheet: conflict.place.sheet,
              row: conflict.place.row,
              column: columnLetter(conflict.place.column),
              recordedVersion: conflict.recordedVersion,
              version: conflict.current.version,
              value: conflict.current.value,
              note: conflict.current.note,
              changedBy: conflict.current.updatedByName,
              changedAt: conflict.current.updatedAt,
              imported: conflict.imported,
            })),
          }
        : {}),
    },
  });
  return { importId, ...base, changed, unchanged, overwritten: conflicts.length };
}
