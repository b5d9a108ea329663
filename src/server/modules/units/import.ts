import fs from 'node:fs';
import { systemContext, type RequestContext } from '../../auth/actor';
import { recordAudit } from '../audit/service';
import path from 'node:path';
import { unitsChanged } from './cache';
import { inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError } from '../../errors';
import type { MessageParams } from '../../i18n';
import {
  addDays,
  displayDate,
  isIsoDate,
  levelDepth,
  levelOfKind,
  lineageKinds,
  parseUnitKind,
  shortNameOf,
  type LineageKind,
  type UnitKind,
  type UnitLevel,
} from './model';
import { insertInChunks, reserveUnitIds } from './seed';
import { findUnit, findUnitVersions, type UnitId, type UnitRecord } from './service';
import { vietnameseSortKey } from './sort-key';
import { unitLineage, units } from './tables';

/**
 * `ntm units import FILE`: loads an official list of changes (a future reform) from CSV, XLSX or
 * JSON, all or nothing. Each row opens a unit version from `effective_date` (replacing its
 * `predecessors`, which close the day before) or closes a unit (`action` = close). Units under a
 * closed unit follow its single successor automatically; the plan is the diff shown by `--dry-run`.
 * Columns are documented in docs/units.md.
 */

export const importColumns = [
  'action',
  'code',
  'name',
  'kind',
  'parent_code',
  'effective_date',
  'predecessors',
  'lineage_kind',
  'note',
] as const;
type Column = (typeof importColumns)[number];

/** One data row as read from the file: its row number (spreadsheet numbering) and raw cells. */
export interface ImportRow {
  row: number;
  values: Partial<Record<Column, string>>;
}

export interface ImportIssue {
  /** Row number in the file (the header is row 1); null for the whole file. */
  row: number | null;
  /** i18n key (errors.units.import.*). */
  key: string;
  params: MessageParams;
}

/** The file was rejected: every problem is listed, nothing was written. */
export class UnitImportRejected extends AppError {
  readonly issues: ImportIssue[];
  constructor(issues: ImportIssue[]) {
    super('units.import.rejected', 422, { count: issues.length });
    this.issues = issues;
  }
}

// --- Reading files ------------------------------------------------------------------------------

/** Splits CSV text (RFC 4180 quotes; comma or semicolon, whichever the header uses). */
export function parseCsv(text: string): string[][] {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r?\n/, 1)[0] ?? '';
  const delimiter =
    (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === delimiter) {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[index + 1] === '\n') index++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

function normaliseHeader(header: string): string {
  return header.trim().toLowerCase().replace(/\s+/g, '_');
}

function rowsFromTable(table: string[][], firstRowNumber = 1): ImportRow[] {
  const [header, ...body] = table;
  if (!header) return [];
  const columns = header.map(normaliseHeader);
  const missing = (['code', 'effective_date'] as const).filter(
    (column) => !columns.includes(column),
  );
  if (missing.length > 0) {
    throw new UnitImportRejected(
      missing.map((column) => ({
        row: firstRowNumber,
        key: 'errors.units.import.missing_column',
        params: { column },
      })),
    );
  }
  const result: ImportRow[] = [];
  body.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    const values: ImportRow['values'] = {};
    columns.forEach((column, columnIndex) => {
      if ((importColumns as readonly string[]).includes(column)) {
        values[column as Column] = (cells[columnIndex] ?? '').trim();
      }
    });
    result.push({ row: firstRowNumber + 1 + index, values });
  });
  return result;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result);
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

/** A JSON cell as text: strings and numbers as they are, anything else empty. */
function jsonScalar(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** Reads an import file (by extension: .csv, .xlsx, .json) into rows. */
export async function readUnitImportFile(filePath: string): Promise<ImportRow[]> {
  const extension = path.extname(filePath).toLowerCase();
  let rows: ImportRow[];
  try {
    if (extension === '.csv') {
      rows = rowsFromTable(parseCsv(fs.readFileSync(filePath, 'utf8')));
    } else if (extension === '.xlsx') {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(filePath);
      const sheet = workbook.worksheets[0];
      const table: string[][] = [];
      sheet?.eachRow({ includeEmpty: true }, (row, rowNumber) => {
        const values = row.values as ExcelJS.CellValue[];
        table[rowNumber - 1] = values.slice(1).map(cellText);
      });
      rows = rowsFromTable(Array.from(table, (cells) => cells ?? []));
    } else if (extension === '.json') {
      const parsed = JSON.parse(fs.readFileSync(filePath, 'utf8')) as unknown;
      const list = Array.isArray(parsed) ? parsed : (parsed as { units?: unknown[] } | null)?.units;
      if (!Array.isArray(list)) throw new Error('expected an array of rows, or { "units": [...] }');
      rows = list.map((item, index) => {
        const values: ImportRow['values'] = {};
        for (const [key, value] of Object.entries((item ?? {}) as Record<string, unknown>)) {
          const column = normaliseHeader(key);
          if (!(importColumns as readonly string[]).includes(column)) continue;
          values[column as Column] = Array.isArray(value)
            ? value.map((part) => jsonScalar(part)).join(';')
            : jsonScalar(value);
        }
        return { row: index + 1, values };
      });
      const missing = (['code', 'effective_date'] as const).filter((column) =>
        rows.every((row) => row.values[column] === undefined),
      );
      if (rows.length > 0 && missing.length > 0) {
        throw new UnitImportRejected(
          missing.map((column) => ({
            row: null,
            key: 'errors.units.import.missing_column',
            params: { column },
          })),
        );
      }
    } else {
      throw new AppError('units.import.unsupported_format', 400, { ext: extension || filePath });
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'units.import.unreadable',
      400,
      { file: filePath, reason: (error as Error).message },
      { cause: error },
    );
  }
  if (rows.length === 0)
    throw new UnitImportRejected([{ row: null, key: 'errors.units.import.empty', params: {} }]);
  return rows;
}

// --- Planning -----------------------------------------------------------------------------------

const codeLength: Record<UnitLevel, number> = { province: 2, district: 3, commune: 5 };

interface ParsedRow {
  row: number;
  action: 'open' | 'close';
  code: string;
  name: string;
  kind: UnitKind | undefined;
  level: UnitLevel | undefined;
  parentCode: string;
  date: string;
  predecessorCodes: string[];
  lineageKind: LineageKind | undefined;
  note: string | null;
}

export interface PlannedUnit {
  ref: string;
  row: number | null;
  code: string;
  name: string;
  shortName: string;
  kind: UnitKind;
  level: UnitLevel;
  parentCode: string | null;
  parentName: string | null;
  parent: { id: UnitId; path: string } | { ref: string } | null;
  validFrom: string;
  /** Set for a unit re-versioned only because its parent changed. */
  followsFrom?: UnitId;
}

export interface PlannedClose {
  unitId: UnitId;
  row: number | null;
  code: string;
  name: string;
  level: UnitLevel;
  validTo: string;
  successors: Array<{ code: string; name: string }>;
  automatic: boolean;
}

export interface PlannedLink {
  fromId: UnitId;
  fromCode: string;
  fromName: string;
  toRef: string;
  toCode: string;
  toName: string;
  kind: LineageKind;
  effectiveDate: string;
  note: string | null;
}

export interface ImportPlan {
  opens: PlannedUnit[];
  closes: PlannedClose[];
  links: PlannedLink[];
  source: string;
}

export interface ImportSummary {
  opened: number;
  closed: number;
  linked: number;
  followedParent: number;
}

function issue(row: number | null, key: string, params: MessageParams = {}): ImportIssue {
  return { row, key: `errors.units.import.${key}`, params: { row, ...params } };
}

/** Accepts YYYY-MM-DD or dd/mm/yyyy. */
function parseDate(text: string): string | undefined {
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : text;
  return isIsoDate(iso) ? iso : undefined;
}

function parseRow(input: ImportRow, issues: ImportIssue[]): ParsedRow | undefined {
  const values = input.values;
  const at = input.row;
  const before = issues.length;
  const actionText = (values.action ?? '').toLowerCase() || 'open';
  if (actionText !== 'open' && actionText !== 'close') {
    issues.push(issue(at, 'bad_action', { value: values.action ?? '' }));
  }
  const action = actionText === 'close' ? 'close' : 'open';
  const code = values.code ?? '';
  if (!code) issues.push(issue(at, 'required', { column: 'code' }));
  const dateText = values.effective_date ?? '';
  const date = dateText ? parseDate(dateText) : undefined;
  if (!dateText) issues.push(issue(at, 'required', { column: 'effective_date' }));
  else if (!date) issues.push(issue(at, 'bad_date', { column: 'effective_date', value: dateText }));
  let kind: UnitKind | undefined;
  const name = (values.name ?? '').replace(/\s+/g, ' ').trim();
  if (action === 'open') {
    if (!name) issues.push(issue(at, 'required', { column: 'name' }));
    if (!values.kind) issues.push(issue(at, 'required', { column: 'kind' }));
    else {
      kind = parseUnitKind(values.kind);
      if (!kind) issues.push(issue(at, 'bad_kind', { value: values.kind }));
    }
  }
  const level = kind ? levelOfKind[kind] : undefined;
  if (code && level && !new RegExp(`^\\d{${codeLength[level]}}$`).test(code)) {
    issues.push(issue(at, 'bad_code', { column: 'code', value: code, length: codeLength[level] }));
  } else if (code && !/^\d{2,5}$/.test(code)) {
    issues.push(issue(at, 'bad_code', { column: 'code', value: code, length: '2–5' }));
  }
  let lineageKind: LineageKind | undefined;
  if (values.lineage_kind) {
    const wanted = values.lineage_kind.toLowerCase();
    if ((lineageKinds as readonly string[]).includes(wanted)) lineageKind = wanted as LineageKind;
    else issues.push(issue(at, 'bad_lineage_kind', { value: values.lineage_kind }));
  }
  const predecessorCodes = (values.predecessors ?? '')
    .split(/[;,\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  for (const predecessor of predecessorCodes) {
    if (!/^\d{2,5}$/.test(predecessor)) {
      issues.push(
        issue(at, 'bad_code', { column: 'predecessors', value: predecessor, length: '2–5' }),
      );
    }
  }
  if (issues.length > before || !date) return undefined;
  return {
    row: at,
    action,
    code,
    name,
    kind,
    level,
    parentCode: values.parent_code ?? '',
    date,
    predecessorCodes: [...new Set(predecessorCodes)],
    lineageKind,
    note: values.note ? values.note : null,
  };
}

function period(unit: UnitRecord): string {
  return `${displayDate(unit.validFrom)}–${unit.validTo ? displayDate(unit.validTo) : '…'}`;
}

interface CloseState {
  unit: UnitRecord;
  row: number | null;
  validTo: string;
  successorRefs: string[];
  closeRow: number | null;
}

/**
 * Checks the rows against the database and builds the plan. Reads only: nothing is written.
 * Every problem is returned (with its row), not only the first.
 */
export async function planUnitImport(
  executor: Executor,
  rows: ImportRow[],
  source: string,
): Promise<{ plan: ImportPlan; issues: ImportIssue[] }> {
  const issues: ImportIssue[] = [];
  const parsed = rows.map((row) => parseRow(row, issues)).filter((row) => row !== undefined);

  // Duplicate codes in the file.
  const firstRowOfCode = new Map<string, number>();
  for (const row of parsed) {
    const first = firstRowOfCode.get(row.code);
    if (first !== undefined)
      issues.push(issue(row.row, 'duplicate_code', { code: row.code, other: first }));
    else firstRowOfCode.set(row.code, row.row);
  }

  // Units closed by the file: predecessors of new units, and close rows.
  const closes = new Map<UnitId, CloseState>();
  const closeUnit = (unit: UnitRecord, row: ParsedRow, successorRef: string | null) => {
    const validTo = addDays(row.date, -1);
    const existing = closes.get(unit.id);
    if (existing) {
      if (
        existing.validTo !== validTo ||
        (existing.closeRow !== null && successorRef) ||
        (successorRef === null && existing.successorRefs.length > 0)
      ) {
        issues.push(
          issue(row.row, 'closed_and_continued', { code: unit.code, other: existing.row ?? '' }),
        );
        return;
      }
      if (successorRef) existing.successorRefs.push(successorRef);
      return;
    }
    if (unit.validFrom > validTo) {
      issues.push(
        issue(row.row, 'close_before_start', {
          code: unit.code,
          name: unit.name,
          from: displayDate(unit.validFrom),
          date: displayDate(validTo),
        }),
      );
      return;
    }
    closes.set(unit.id, {
      unit,
      row: row.row,
      validTo,
      successorRefs: successorRef ? [successorRef] : [],
      closeRow: successorRef ? null : row.row,
    });
  };

  const opens = new Map<string, { row: ParsedRow; predecessors: UnitRecord[] }>();
  for (const row of parsed) {
    const dayBefore = addDays(row.date, -1);
    if (row.action === 'close') {
      const unit = await findUnit(executor, row.code, dayBefore);
      if (!unit) {
        issues.push(
          issue(row.row, 'unknown_unit', {
            column: 'code',
            code: row.code,
            date: displayDate(dayBefore),
          }),
        );
      } else closeUnit(unit, row, null);
      continue;
    }
    const ref = `row:${row.row}`;
    const predecessors: UnitRecord[] = [];
    for (const code of row.predecessorCodes) {
      const unit = await findUnit(executor, code, dayBefore);
      if (!unit) {
        issues.push(
          issue(row.row, 'unknown_unit', {
            column: 'predecessors',
            code,
            date: displayDate(dayBefore),
          }),
        );
        continue;
      }
      predecessors.push(unit);
      closeUnit(unit, row, ref);
    }
    opens.set(ref, { row, predecessors });
  }

  // Codes already in use on or after the effective date must be closed by the file.
  for (const { row } of opens.values()) {
    for (const version of await findUnitVersions(executor, row.code)) {
      const overlaps = version.validTo === null || version.validTo >= row.date;
      if (!overlaps) continue;
      const closed = closes.get(version.id);
      if (closed && closed.validTo < row.date) continue;
      issues.push(
        issue(row.row, 'overlap', {
          code: row.code,
          name: version.name,
          period: period(version),
          date: displayDate(row.date),
        }),
      );
    }
  }

  // Parents: a unit opened by the file, or one in the database still valid that day.
  const openedByCode = new Map<string, { ref: string; row: ParsedRow }>();
  for (const [ref, { row }] of opens) openedByCode.set(row.code, { ref, row });
  const planned: PlannedUnit[] = [];
  for (const [ref, { row }] of opens) {
    const level = row.level!;
    const kind = row.kind!;
    let parent: PlannedUnit['parent'] = null;
    let parentName: string | null = null;
    if (level === 'province') {
      if (row.parentCode) issues.push(issue(row.row, 'parent_not_allowed'));
    } else if (!row.parentCode) {
      issues.push(issue(row.row, 'required', { column: 'parent_code' }));
    } else {
      const inFile = openedByCode.get(row.parentCode);
      let parentLevel: UnitLevel | undefined;
      if (inFile && inFile.row.date <= row.date) {
        parent = { ref: inFile.ref };
        parentName = inFile.row.name;
        parentLevel = inFile.row.level;
      } else {
        const existing = await findUnit(executor, row.parentCode, row.date);
        const closing = existing ? closes.get(existing.id) : undefined;
        if (existing && !(closing && closing.validTo < row.date)) {
          parent = { id: existing.id, path: existing.path };
          parentName = existing.name;
          parentLevel = existing.level;
        } else {
          issues.push(
            issue(row.row, 'missing_parent', { code: row.parentCode, date: displayDate(row.date) }),
          );
        }
      }
      if (parentLevel && levelDepth(parentLevel) >= levelDepth(level)) {
        issues.push(
          issue(row.row, 'parent_level', {
            parent: `${row.parentCode} ${parentName ?? ''}`.trim(),
            parentLevel,
            level,
          }),
        );
      }
    }
    planned.push({
      ref,
      row: row.row,
      code: row.code,
      name: row.name,
      shortName: shortNameOf(row.name, kind),
      kind,
      level,
      parentCode: level === 'province' ? null : row.parentCode,
      parentName,
      parent,
      validFrom: row.date,
    });
  }
  const plannedByRef = new Map(planned.map((unit) => [unit.ref, unit]));

  // Lineage links, with their kinds.
  const links: PlannedLink[] = [];
  for (const [ref, { row, predecessors }] of opens) {
    const target = plannedByRef.get(ref)!;
    for (const predecessor of predecessors) {
      const successorCount = closes.get(predecessor.id)?.successorRefs.length ?? 0;
      const kind: LineageKind =
        row.lineageKind ??
        (successorCount > 1
          ? 'split'
          : predecessors.length > 1
            ? 'merge'
            : predecessor.name !== target.name || predecessor.kind !== target.kind
              ? 'rename'
              : 'reparent');
      links.push({
        fromId: predecessor.id,
        fromCode: predecessor.code,
        fromName: predecessor.name,
        toRef: ref,
        toCode: target.code,
        toName: target.name,
        kind,
        effectiveDate: row.date,
        note: row.note,
      });
    }
  }

  // Units under a closed unit: they follow its only successor, or the file must say what happens.
  let frontier = [...closes.values()];
  let generation = 0;
  while (frontier.length > 0 && generation < 5) {
    generation++;
    const next: CloseState[] = [];
    for (const closing of frontier) {
      const children = await queryRows<UnitRecord>(
        executor,
        sql`SELECT u.id, u.code, u.name, u.short_name AS "shortName", u.kind, u.level,
              u.parent_id AS "parentId", NULL AS "parentCode",
              to_char(u.valid_from, 'YYYY-MM-DD') AS "validFrom",
              to_char(u.valid_to, 'YYYY-MM-DD') AS "validTo", u.path::text AS path
            FROM unit u WHERE u.parent_id = ${closing.unit.id}
              AND (u.valid_to IS NULL OR u.valid_to > ${closing.validTo}::date)
            ORDER BY u.sort_key, u.code`,
      );
      const remaining = children.filter((child) => !closes.has(Number(child.id)));
      if (remaining.length === 0) continue;
      const successor = closing.successorRefs.length === 1 ? closing.successorRefs[0]! : undefined;
      if (!successor) {
        issues.push(
          issue(closing.row, 'orphans', {
            code: closing.unit.code,
            name: closing.unit.name,
            date: displayDate(closing.validTo),
            count: remaining.length,
            examples: remaining
              .slice(0, 5)
              .map((child) => `${child.code} ${child.name}`)
              .join(', '),
          }),
        );
        continue;
      }
      const newParent = plannedByRef.get(successor)!;
      for (const child of remaining) {
        const childId = Number(child.id);
        const ref = `follow:${childId}`;
        const unit: PlannedUnit = {
          ref,
          row: null,
          code: child.code,
          name: child.name,
          shortName: child.shortName,
          kind: child.kind,
          level: child.level,
          parentCode: newParent.code,
          parentName: newParent.name,
          parent: { ref: successor },
          validFrom: addDays(closing.validTo, 1),
          followsFrom: childId,
        };
        planned.push(unit);
        plannedByRef.set(ref, unit);
        const state: CloseState = {
          unit: { ...child, id: childId },
          row: null,
          validTo: closing.validTo,
          successorRefs: [ref],
          closeRow: null,
        };
        closes.set(childId, state);
        next.push(state);
        links.push({
          fromId: childId,
          fromCode: child.code,
          fromName: child.name,
          toRef: ref,
          toCode: child.code,
          toName: child.name,
          kind: 'reparent',
          effectiveDate: unit.validFrom,
          note: null,
        });
      }
    }
    frontier = next;
  }

  // A new unit placed under a database unit that closes must be placed under what replaces it.
  for (const unit of planned) {
    if (!unit.parent || !('id' in unit.parent)) continue;
    const closing = closes.get(unit.parent.id);
    if (!closing || closing.validTo >= unit.validFrom) continue;
    const [successor] = closing.successorRefs;
    if (closing.successorRefs.length === 1 && successor) {
      unit.parent = { ref: successor };
    } else {
      issues.push(
        issue(unit.row, 'missing_parent', {
          code: unit.parentCode ?? '',
          date: displayDate(unit.validFrom),
        }),
      );
    }
  }

  const closeList: PlannedClose[] = [...closes.values()].map((closing) => ({
    unitId: closing.unit.id,
    row: closing.row,
    code: closing.unit.code,
    name: closing.unit.name,
    level: closing.unit.level,
    validTo: closing.validTo,
    successors: closing.successorRefs.map((ref) => {
      const unit = plannedByRef.get(ref)!;
      return { code: unit.code, name: unit.name };
    }),
    automatic: closing.row === null,
  }));
  issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { plan: { opens: planned, closes: closeList, links, source }, issues };
}

// --- Applying -----------------------------------------------------------------------------------

/** Writes a checked plan inside the caller's transaction. */
export async function applyUnitImport(tx: Tx, plan: ImportPlan): Promise<ImportSummary> {
  const ordered = [...plan.opens].sort((a, b) => levelDepth(a.level) - levelDepth(b.level));
  const ids = await reserveUnitIds(tx, ordered.length);
  const idByRef = new Map<string, number>();
  const pathByRef = new Map<string, string>();
  ordered.forEach((unit, index) => idByRef.set(unit.ref, ids[index]!));
  const rows = ordered.map((unit) => {
    const id = idByRef.get(unit.ref)!;
    let parentId: number | null = null;
    let parentPath: string | null = null;
    if (unit.parent && 'id' in unit.parent) {
      parentId = unit.parent.id;
      parentPath = unit.parent.path;
    } else if (unit.parent) {
      parentId = idByRef.get(unit.parent.ref)!;
      parentPath = pathByRef.get(unit.parent.ref)!;
    }
    const unitPath = parentPath ? `${parentPath}.${id}` : String(id);
    pathByRef.set(unit.ref, unitPath);
    return {
      id,
      code: unit.code,
      name: unit.name,
      shortName: unit.shortName,
      kind: unit.kind,
      level: unit.level,
      parentId,
      validFrom: unit.validFrom,
      validTo: null,
      path: unitPath,
      sortKey: vietnameseSortKey(unit.shortName),
      source: plan.source,
    };
  });
  unitsChanged();
  const byDate = new Map<string, UnitId[]>();
  for (const closing of plan.closes) {
    byDate.set(closing.validTo, [...(byDate.get(closing.validTo) ?? []), closing.unitId]);
  }
  for (const [validTo, unitIds] of byDate) {
    for (let start = 0; start < unitIds.length; start += 1000) {
      await tx
        .update(units)
        .set({ validTo })
        .where(inArray(units.id, unitIds.slice(start, start + 1000)));
    }
  }
  await insertInChunks(rows, (chunk) => tx.insert(units).values(chunk));
  await insertInChunks(
    plan.links.map((link) => ({
      fromUnitId: link.fromId,
      toUnitId: idByRef.get(link.toRef)!,
      kind: link.kind,
      effectiveDate: link.effectiveDate,
      source: plan.source,
      note: link.note,
    })),
    (chunk) => tx.insert(unitLineage).values(chunk),
  );
  // A unit that only changed its name or parent keeps its attributes (region, commune group…).
  const carried = plan.links
    .filter((link) => link.kind === 'rename' || link.kind === 'reparent')
    .map((link) => ({
      from: link.fromId,
      to: idByRef.get(link.toRef)!,
      date: link.effectiveDate,
    }));
  await insertInChunks(carried, (chunk) =>
    tx.execute(sql`INSERT INTO unit_attribute
        (unit_id, key, value, valid_from, valid_to, source, verified, note)
      SELECT m.to_id, a.key, a.value, greatest(a.valid_from, m.from_date), a.valid_to, a.source,
        a.verified, a.note
      FROM unit_attribute a
      JOIN (VALUES ${sql.join(
        chunk.map((pair) => sql`(${pair.from}::int, ${pair.to}::int, ${pair.date}::date)`),
        sql`, `,
      )}) AS m(from_id, to_id, from_date) ON a.unit_id = m.from_id
      WHERE a.valid_to IS NULL OR a.valid_to >= m.from_date`),
  );
  return {
    opened: plan.opens.filter((unit) => unit.followsFrom === undefined).length,
    closed: plan.closes.filter((closing) => !closing.automatic).length,
    linked: plan.links.length,
    followedParent: plan.opens.filter((unit) => unit.followsFrom !== undefined).length,
  };
}

/**
 * Checks `rows` and, unless `dryRun`, applies them in `tx`. Throws `UnitImportRejected` listing
 * every problem when any row is wrong: then nothing is written.
 */
export async function importUnits(
  tx: Tx,
  rows: ImportRow[],
  options: { dryRun: boolean; source: string; context?: RequestContext },
): Promise<{ plan: ImportPlan; summary: ImportSummary | null }> {
  const { plan, issues } = await planUnitImport(tx, rows, options.source);
  if (issues.length > 0) throw new UnitImportRejected(issues);
  if (options.dryRun) return { plan, summary: null };
  const summary = await applyUnitImport(tx, plan);
  await recordAudit(tx, options.context ?? systemContext('cli'), {
    action: 'unit.import',
    entityType: 'unit_import',
    entityId: options.source,
    details: summary,
  });
  return { plan, summary };
}
