import { sql, type SQL } from 'drizzle-orm';
import {
  allowedClassesOfKind,
  basisText,
  classificationOfKind,
  fixedClassOfKind,
  type ClassOverrideKind,
} from '../../../domain/units/class-override';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError, type ErrorCode } from '../../errors';
import type { MessageParams } from '../../i18n';
import type { RequestContext } from '../../auth/actor';
import { recordAudit } from '../audit/service';
import type { ClassOverrideView } from './api';
import { unitsChanged } from './cache';
import { displayDate, isIsoDate, todayInVietnam } from './model';
import {
  canManageClassOverrides,
  canReadClassOverrides,
  classOverrideReadScopeSql,
} from './policy';
import {
  coveredUnitIdsSql,
  findUnitVersions,
  getUnit,
  type Page,
  type UnitRecord,
} from './service';

/**
 * Class overrides: statuses recorded by a province office, with their legal basis, that change the
 * class a commune is judged at (ĐBKK and ATK → TDMNPB, Điều 1 of 318/QĐ-TTg; the 2026–2030 commune
 * groups; island communes, noted). Every write is audited and drops the cached unit facts; the
 * caller re-evaluates the affected unit-set-years in the same transaction (see routes.ts).
 */

export interface ClassOverrideInput {
  classValue?: string | null | undefined;
  basisNumber?: string | null | undefined;
  basisDate?: string | null | undefined;
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
  note?: string | null | undefined;
}

export type OverrideField = 'classValue' | 'basisNumber' | 'basisDate' | 'validFrom' | 'validTo';

/** One problem of an input, tied to its field (an import names the column from it). */
export interface OverrideProblem {
  field: OverrideField | null;
  code: ErrorCode;
  status: number;
  params: MessageParams;
}

export interface CheckedOverride {
  kind: ClassOverrideKind;
  classification: 'region' | 'group';
  classValue: string | null;
  basisNumber: string;
  basisDate: string;
  validFrom: string;
  validTo: string | null;
  note: string | null;
}

/** Reads a date written YYYY-MM-DD or dd/mm/yyyy (d/m/yyyy too); null when it is not a real date. */
export function readDate(text: string): string | null {
  const trimmed = text.trim();
  if (isIsoDate(trimmed)) return trimmed;
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  if (!match) return null;
  const iso = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

const fieldWord = (field: OverrideField) => `@units.override.field.${field}`;

/** Checks an input (every problem, each tied to its field); the kind's class is filled in. */
export function checkOverrideInput(
  kind: ClassOverrideKind,
  input: ClassOverrideInput,
): { value: CheckedOverride | null; problems: OverrideProblem[] } {
  const problems: OverrideProblem[] = [];
  const problem = (field: OverrideField | null, code: ErrorCode, params: MessageParams = {}) =>
    problems.push({ field, code, status: 422, params });
  const text = (value: string | null | undefined) => (value ?? '').trim();

  const basisNumber = text(input.basisNumber);
  if (basisNumber === '')
    problem('basisNumber', 'units.override.basis_required', { field: fieldWord('basisNumber') });
  const dates: Partial<Record<'basisDate' | 'validFrom' | 'validTo', string | null>> = {};
  for (const field of ['basisDate', 'validFrom', 'validTo'] as const) {
    const raw = text(input[field]);
    if (raw === '') {
      dates[field] = null;
      if (field === 'basisDate') {
        problem(field, 'units.override.basis_required', { field: fieldWord(field) });
      } else if (field === 'validFrom') {
        problem(field, 'units.override.required', { field: fieldWord(field) });
      }
      continue;
    }
    const iso = readDate(raw);
    if (iso === null) {
      problem(field, 'units.override.bad_date', {
        field: fieldWord(field),
        value: raw.slice(0, 30),
      });
    }
    dates[field] = iso;
  }
  const { basisDate, validFrom, validTo } = dates;
  if (basisDate && basisDate > todayInVietnam()) {
    problem('basisDate', 'units.override.basis_in_future', { date: displayDate(basisDate) });
  }
  if (validFrom && validTo && validTo < validFrom) {
    problem('validTo', 'units.override.date_order', {
      from: displayDate(validFrom),
      to: displayDate(validTo),
    });
  }
  const allowed = allowedClassesOfKind[kind];
  const given = text(input.classValue);
  let classValue: string | null = fixedClassOfKind[kind];
  if (kind === 'commune_group') {
    if (!allowed.includes(given)) {
      problem('classValue', 'units.override.class_value', {
        kind: `@units.override.kind.${kind}`,
        value: given,
        allowed: allowed.join(', '),
      });
    }
    classValue = given;
  } else if (given !== '' && given !== (classValue ?? '')) {
    problem('classValue', 'units.override.class_value', {
      kind: `@units.override.kind.${kind}`,
      value: given,
      allowed: allowed.length > 0 ? allowed.join(', ') : '—',
    });
  }
  if (problems.length > 0) return { value: null, problems };
  return {
    value: {
      kind,
      classification: classificationOfKind[kind],
      classValue,
      basisNumber,
      basisDate: basisDate!,
      validFrom: validFrom!,
      validTo: validTo ?? null,
      note: text(input.note) === '' ? null : text(input.note),
    },
    problems,
  };
}

function throwFirst(problems: OverrideProblem[]): never {
  const first = problems[0]!;
  throw new AppError(first.code, first.status, first.params);
}

// --- Reading ------------------------------------------------------------------------------------

interface OverrideRow {
  id: number;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitValidFrom: string;
  unitValidTo: string | null;
  parentName: string | null;
  provinceCode: string;
  kind: ClassOverrideKind;
  classification: 'region' | 'group';
  classValue: string | null;
  basisNumber: string;
  basisDate: string;
  validFrom: string;
  validTo: string | null;
  note: string | null;
  recordedBy: string;
  version: number;
  updatedAt: string | Date;
}

const overrideColumns = sql`o.id, o.unit_id AS "unitId", u.code AS "unitCode", u.name AS "unitName",
  to_char(u.valid_from, 'YYYY-MM-DD') AS "unitValidFrom",
  to_char(u.valid_to, 'YYYY-MM-DD') AS "unitValidTo", p.name AS "parentName",
  o.province_code AS "provinceCode", o.kind, o.classification, o.class_value AS "classValue",
  o.basis_number AS "basisNumber", to_char(o.basis_date, 'YYYY-MM-DD') AS "basisDate",
  to_char(o.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(o.valid_to, 'YYYY-MM-DD') AS "validTo",
  o.note, o.recorded_by_name AS "recordedBy", o.version, o.updated_at AS "updatedAt"`;

const overrideFrom = sql`unit_class_override o JOIN unit u ON u.id = o.unit_id
  LEFT JOIN unit p ON p.id = u.parent_id`;

function toView(row: OverrideRow): ClassOverrideView {
  return {
    id: Number(row.id),
    unit: {
      code: row.unitCode,
      name: row.unitName,
      validFrom: row.unitValidFrom,
      validTo: row.unitValidTo,
      parentName: row.parentName,
    },
    provinceCode: row.provinceCode,
    kind: row.kind,
    classification: row.classification,
    classValue: row.classValue,
    basisNumber: row.basisNumber,
    basisDate: row.basisDate,
    basis: basisText(row.basisNumber, row.basisDate),
    validFrom: row.validFrom,
    validTo: row.validTo,
    note: row.note,
    recordedBy: row.recordedBy,
    version: Number(row.version),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

async function readOverride(executor: Executor, id: number, lock = false): Promise<OverrideRow> {
  const [row] = await queryRows<OverrideRow>(
    executor,
    sql`SELECT ${overrideColumns} FROM ${overrideFrom} WHERE o.id = ${id}
        ${lock ? sql`FOR UPDATE OF o` : sql``}`,
  );
  if (!row) throw new AppError('units.override.not_found', 404, { id });
  return row;
}

/** The unit a list is asked for: the version valid on `asOf`, else the newest carrying the code. */
async function unitForList(
  executor: Executor,
  code: string,
  asOf: string | undefined,
): Promise<UnitRecord> {
  if (asOf) return getUnit(executor, code, asOf);
  const versions = await findUnitVersions(executor, code);
  const newest = versions.at(-1);
  if (!newest) throw new AppError('units.not_found', 404, { code });
  return newest;
}

export interface ListClassOverridesQuery {
  kind?: ClassOverrideKind | undefined;
  asOf?: string | undefined;
  validOn?: string | undefined;
  page: number;
  pageSize: number;
}

/**
 * The overrides of a unit and of everything it covers (a province: its communes, and through the
 * lineage those of the provinces merged into it), inside the reader's scope, one page at a time,
 * in Vietnamese order of the communes.
 */
export async function listClassOverrides(
  executor: Executor,
  context: RequestContext,
  code: string,
  query: ListClassOverridesQuery,
): Promise<Page<ClassOverrideView> & { permissions: { manage: boolean } }> {
  for (const param of ['asOf', 'validOn'] as const) {
    const value = query[param];
    if (value !== undefined && !isIsoDate(value)) {
      throw new AppError('units.bad_date', 400, { param, value });
    }
  }
  const unit = await unitForList(executor, code, query.asOf);
  await canReadClassOverrides(executor, context, unit.id);
  const conditions: SQL[] = [
    sql`o.unit_id IN (${coveredUnitIdsSql([unit.id])})`,
    classOverrideReadScopeSql(context, sql`o.unit_id`),
  ];
  if (query.kind) conditions.push(sql`o.kind = ${query.kind}`);
  if (query.validOn) {
    conditions.push(
      sql`o.valid_from <= ${query.validOn}::date AND (o.valid_to IS NULL OR o.valid_to >= ${query.validOn}::date)`,
    );
  }
  const where = sql.join(conditions, sql` AND `);
  const [count] = await queryRows<{ total: number }>(
    executor,
    sql`SELECT count(*)::int AS total FROM unit_class_override o WHERE ${where}`,
  );
  const rows = await queryRows<OverrideRow>(
    executor,
    sql`SELECT ${overrideColumns} FROM ${overrideFrom} WHERE ${where}
        ORDER BY u.sort_key, u.code, o.kind, o.valid_from DESC, o.id
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
  );
  let manage = true;
  try {
    await canManageClassOverrides(executor, context, unit.id);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    manage = false;
  }
  return {
    items: rows.map(toView),
    total: Number(count?.total ?? 0),
    permissions: { manage },
  };
}

// --- Writing ------------------------------------------------------------------------------------

/** What a write changed: the unit and the years whose evaluations must follow. */
export interface OverrideChange {
  view: ClassOverrideView | null;
  unitId: number;
  fromYear: number;
  /** Last year touched; undefined when a period is open-ended. */
  toYear: number | undefined;
}

function yearsOf(periods: Array<{ validFrom: string; validTo: string | null }>) {
  const fromYear = Math.min(...periods.map((period) => Number(period.validFrom.slice(0, 4))));
  const toYear = periods.some((period) => period.validTo === null)
    ? undefined
    : Math.max(...periods.map((period) => Number(period.validTo!.slice(0, 4))));
  return { fromYear, toYear };
}

function provinceCodeOf(unit: UnitRecord, top: { code: string } | undefined): string {
  return top?.code ?? unit.code.slice(0, 2);
}

async function topCode(
  executor: Executor,
  unit: UnitRecord,
): Promise<{ code: string } | undefined> {
  const topId = Number(unit.path.split('.')[0]);
  if (topId === unit.id) return { code: unit.code };
  const [row] = await queryRows<{ code: string }>(
    executor,
    sql`SELECT code FROM unit WHERE id = ${topId}`,
  );
  return row;
}

/** Refuses a period overlapping another record of the same unit and kind (409, naming it). */
async function assertNoOverlap(
  executor: Executor,
  unit: { id: number; name: string },
  value: CheckedOverride,
  exceptId: number | null,
): Promise<void> {
  const [other] = await queryRows<{
    validFrom: string;
    validTo: string | null;
    basisNumber: string;
    basisDate: string;
  }>(
    executor,
    sql`SELECT to_char(valid_from, 'YYYY-MM-DD') AS "validFrom",
          to_char(valid_to, 'YYYY-MM-DD') AS "validTo", basis_number AS "basisNumber",
          to_char(basis_date, 'YYYY-MM-DD') AS "basisDate"
        FROM unit_class_override
        WHERE unit_id = ${unit.id} AND kind = ${value.kind}
          AND ${exceptId === null ? sql`true` : sql`id <> ${exceptId}`}
          AND valid_from <= coalesce(${value.validTo}::date, '9999-12-31'::date)
          AND coalesce(valid_to, '9999-12-31'::date) >= ${value.validFrom}::date
        ORDER BY valid_from LIMIT 1`,
  );
  if (other) {
    throw new AppError('units.override.overlap', 409, {
      unit: unit.name,
      kind: `@units.override.kind.${value.kind}`,
      from: displayDate(other.validFrom),
      to: other.validTo ? displayDate(other.validTo) : '…',
      basis: basisText(other.basisNumber, other.basisDate),
    });
  }
}

function recorder(context: RequestContext): { id: string | null; name: string } {
  return {
    id: context.actor?.userId ?? null,
    name: context.actor?.displayName ?? context.actor?.username ?? context.requestId ?? 'system',
  };
}

/** Checks a new record for the commune `unit` (scope, level, overlap); throws the first problem. */
export async function checkNewOverride(
  executor: Executor,
  context: RequestContext,
  unit: UnitRecord,
  value: CheckedOverride,
): Promise<void> {
  await canManageClassOverrides(executor, context, unit.id);
  if (unit.level !== 'commune') {
    throw new AppError('units.override.not_commune', 422, { unit: `${unit.name} (${unit.code})` });
  }
  await assertNoOverlap(executor, unit, value, null);
}

/** Inserts a checked record (no checks here: see `checkNewOverride`), audited. */
export async function insertOverride(
  tx: Tx,
  context: RequestContext,
  unit: UnitRecord,
  value: CheckedOverride,
  details: Record<string, unknown> = {},
): Promise<ClassOverrideView> {
  unitsChanged();
  const who = recorder(context);
  const provinceCode = provinceCodeOf(unit, await topCode(tx, unit));
  const [inserted] = await queryRows<{ id: number }>(
    tx,
    sql`INSERT INTO unit_class_override (unit_id, province_code, kind, classification, class_value,
          basis_number, basis_date, valid_from, valid_to, note, recorded_by_user_id,
          recorded_by_name)
        VALUES (${unit.id}, ${provinceCode}, ${value.kind}, ${value.classification},
          ${value.classValue}, ${value.basisNumber}, ${value.basisDate}::date,
          ${value.validFrom}::date, ${value.validTo}::date, ${value.note}, ${who.id}, ${who.name})
        RETURNING id`,
  );
  const view = toView(await readOverride(tx, Number(inserted!.id)));
  await recordAudit(tx, context, {
    action: 'unit.class_override.create',
    entityType: 'unit_class_override',
    entityId: String(view.id),
    provinceCode,
    after: view,
    details: { code: unit.code, ...details },
  });
  return view;
}

/**
 * Records a status for the commune holding `code` on the record's first day: a province office
 * for the communes it covers, an administrator anywhere. Refused (Vietnamese message) without a
 * basis, with bad dates, outside the office's scope (403), or overlapping a record of the same
 * kind (409).
 */
export async function createClassOverride(
  tx: Tx,
  context: RequestContext,
  code: string,
  kind: ClassOverrideKind,
  input: ClassOverrideInput,
): Promise<OverrideChange> {
  const { value, problems } = checkOverrideInput(kind, input);
  if (!value) {
    // Scope first: an office outside its province learns nothing else about the unit.
    const from = readDate(input.validFrom ?? '');
    if (from) {
      const unit = await getUnit(tx, code, from);
      await canManageClassOverrides(tx, context, unit.id);
    }
    throwFirst(problems);
  }
  const unit = await getUnit(tx, code, value.validFrom);
  await checkNewOverride(tx, context, unit, value);
  const view = await insertOverride(tx, context, unit, value);
  return { view, unitId: unit.id, ...yearsOf([value]) };
}

function assertVersion(row: OverrideRow, sent: number): void {
  if (Number(row.version) !== sent) {
    throw new AppError('units.override.version_conflict', 409, {
      current: Number(row.version),
      sent,
      by: row.recordedBy,
    }).withBody({ current: toView(row) });
  }
}

/** Changes a record (basis, dates, group; ending it = giving `validTo`), version checked (409). */
export async function updateClassOverride(
  tx: Tx,
  context: RequestContext,
  id: number,
  input: ClassOverrideInput & { version: number },
): Promise<OverrideChange> {
  const row = await readOverride(tx, id, true);
  await canManageClassOverrides(tx, context, Number(row.unitId));
  assertVersion(row, input.version);
  const { value, problems } = checkOverrideInput(row.kind, {
    classValue: input.classValue === undefined ? row.classValue : input.classValue,
    basisNumber: input.basisNumber === undefined ? row.basisNumber : input.basisNumber,
    basisDate: input.basisDate === undefined ? row.basisDate : input.basisDate,
    validFrom: input.validFrom === undefined ? row.validFrom : input.validFrom,
    validTo: input.validTo === undefined ? row.validTo : input.validTo,
    note: input.note === undefined ? row.note : input.note,
  });
  if (!value) throwFirst(problems);
  const unitTo = row.unitValidTo;
  if (value.validFrom < row.unitValidFrom || (unitTo !== null && value.validFrom > unitTo)) {
    throw new AppError('units.override.outside_unit', 422, {
      unit: row.unitName,
      from: displayDate(row.unitValidFrom),
      to: unitTo ? displayDate(unitTo) : '…',
    });
  }
  await assertNoOverlap(tx, { id: Number(row.unitId), name: row.unitName }, value, id);
  unitsChanged();
  const who = recorder(context);
  await tx.execute(
    sql`UPDATE unit_class_override SET class_value = ${value.classValue},
          basis_number = ${value.basisNumber}, basis_date = ${value.basisDate}::date,
          valid_from = ${value.validFrom}::date, valid_to = ${value.validTo}::date,
          note = ${value.note}, recorded_by_user_id = ${who.id}, recorded_by_name = ${who.name},
          version = version + 1, updated_at = now()
        WHERE id = ${id}`,
  );
  const before = toView(row);
  const view = toView(await readOverride(tx, id));
  await recordAudit(tx, context, {
    action: 'unit.class_override.update',
    entityType: 'unit_class_override',
    entityId: String(id),
    provinceCode: row.provinceCode,
    before,
    after: view,
    details: { code: row.unitCode },
  });
  return { view, unitId: Number(row.unitId), ...yearsOf([before, view]) };
}

/** Deletes a record entered by mistake (to end a status, give it a `validTo`), version checked. */
export async function deleteClassOverride(
  tx: Tx,
  context: RequestContext,
  id: number,
  version: number,
): Promise<OverrideChange> {
  const row = await readOverride(tx, id, true);
  await canManageClassOverrides(tx, context, Number(row.unitId));
  assertVersion(row, version);
  unitsChanged();
  await tx.execute(sql`DELETE FROM unit_class_override WHERE id = ${id}`);
  const before = toView(row);
  await recordAudit(tx, context, {
    action: 'unit.class_override.delete',
    entityType: 'unit_class_override',
    entityId: String(id),
    provinceCode: row.provinceCode,
    before,
    details: { code: row.unitCode },
  });
  return { view: null, unitId: Number(row.unitId), ...yearsOf([before]) };
}
