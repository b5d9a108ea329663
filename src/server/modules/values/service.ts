import { sql } from 'drizzle-orm';
import type { IndicatorValue } from '../../../domain/criteria';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor, RequestContext } from '../../auth/actor';
import { recordAudit } from '../audit/service';
import { assertUnitAccess } from '../units/access';
import { coverageOf, requireActor } from '../../auth/policy';
import { unitWriterRoles, type Role } from '../../auth/roles';
import { findUnitById, isUnitCoveredBy } from '../units/service';
import type {
  CurrentValueView,
  EvidenceItem,
  PermissionsView,
  PutValueBody,
  PutValueResponse,
  SubmissionStatus,
  UnitValuesResponse,
  ValueHistoryResponse,
  ValueItem,
} from './api';
import {
  classReasonView,
  computeEvaluation,
  evaluationView,
  refreshEvaluation,
  storeEvaluations,
  valueProblem,
  type ComputedEvaluation,
} from './evaluation';
import { districtFacts } from './district';
import { loadSetById } from '../criteria/sets';
import { resolveTarget, targetFor, type EntryTarget } from './target';
import { approverLevelOn, approverRoles, loadSubmissionView } from './submission';
import { todayInVietnam } from '../units/model';
import { actorName, assertEditable, lockSubmission } from './lock';

/**
 * Indicator values: reading a unit's values with their evaluation, saving one field (version
 * checked), and writing many at once (imports). Every write locks the unit-set-year's submission
 * row first, refuses submitted or approved data (423), records history and refreshes the stored
 * evaluation in the same transaction.
 */

export interface StoredValue {
  id: number;
  indicatorId: number;
  valueNumber: number | null;
  valueBoolean: boolean | null;
  note: string | null;
  version: number;
  updatedAt: string;
  updatedByName: string;
  /** Whether evidence files (deleted ones included) are attached. */
  hasEvidence: boolean;
}

function valueOf(row: Pick<StoredValue, 'valueNumber' | 'valueBoolean'>): IndicatorValue | null {
  return row.valueNumber ?? row.valueBoolean ?? null;
}

function toIso(value: string | Date | null): string | null {
  if (value === null) return null;
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}

/** The stored values of a target (cleared ones included), by indicator id. */
export async function readStoredValues(
  executor: Executor,
  target: EntryTarget,
): Promise<Map<number, StoredValue>> {
  const rows = await queryRows<StoredValue>(
    executor,
    sql`SELECT id, indicator_id AS "indicatorId", value_number AS "valueNumber",
          value_boolean AS "valueBoolean", note, version, updated_at AS "updatedAt",
          updated_by_name AS "updatedByName",
          EXISTS (SELECT 1 FROM evidence_file e WHERE e.value_id = indicator_value.id) AS "hasEvidence"
        FROM indicator_value
        WHERE unit_id = ${target.unit.id} AND set_id = ${target.set.id} AND year = ${target.year}`,
  );
  return new Map(
    rows.map((row) => [
      Number(row.indicatorId),
      {
        ...row,
        id: Number(row.id),
        indicatorId: Number(row.indicatorId),
        version: Number(row.version),
        updatedAt: toIso(row.updatedAt)!,
      },
    ]),
  );
}

function valuesByCode(
  target: EntryTarget,
  stored: ReadonlyMap<number, StoredValue>,
): Map<string, IndicatorValue> {
  const values = new Map<string, IndicatorValue>();
  for (const row of stored.values()) {
    const code = target.set.indicatorCodeById.get(row.indicatorId);
    const value = valueOf(row);
    if (code !== undefined && value !== null) values.set(code, value);
  }
  return values;
}

function currentView(row: StoredValue | undefined): CurrentValueView {
  return {
    value: row ? valueOf(row) : null,
    note: row?.note ?? null,
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedByName ?? null,
  };
}

// --- Writing ------------------------------------------------------------------------------------

export interface ValueChange {
  indicator: string;
  value: IndicatorValue | null;
  /** Undefined keeps the stored note; null clears it. */
  note?: string | null;
  /** The version the writer read (0: no value yet); undefined skips the check (imports). */
  expectedVersion?: number;
}

export interface WriteOptions {
  source: 'form' | 'import' | 'evidence';
  importId?: number | null;
}

export interface ChangedValue extends StoredValue {
  /** The value and note before this change (null when the row is new). */
  before: { value: IndicatorValue | null; note: string | null } | null;
}

export interface WriteOutcome {
  changed: ChangedValue[];
  unchanged: number;
  evaluation: ComputedEvaluation;
  evaluatedAt: Date;
  stored: Map<number, StoredValue>;
}

interface Pending {
  indicatorId: number;
  before: StoredValue | undefined;
  change: ValueChange;
}

/**
 * Checks one target's changes against its stored values: versions (409 with the current value),
 * indicators and values (422); drops changes equal to what is stored.
 */
function planChanges(
  target: EntryTarget,
  stored: ReadonlyMap<number, StoredValue>,
  changes: readonly ValueChange[],
): { pending: Pending[]; unchanged: number } {
  const pending: Pending[] = [];
  let unchanged = 0;
  for (const change of changes) {
    const indicatorId = target.set.indicatorIdByCode.get(change.indicator);
    if (indicatorId === undefined) {
      throw new AppError('values.unknown_indicator', 422, {
        indicator: change.indicator,
        set: target.set.code,
      });
    }
    const before = stored.get(indicatorId);
    if (change.expectedVersion !== undefined && change.expectedVersion !== (before?.version ?? 0)) {
      throw new AppError('values.conflict', 409, {
        indicator: change.indicator,
        by: before?.updatedByName ?? '—',
      }).withBody({ current: currentView(before) });
    }
    if (change.value !== null) {
      const problem = valueProblem(target, change.indicator, change.value);
      if (problem) {
        throw new AppError(`values.invalid.${problem}`, 422, {
          indicator: change.indicator,
          value: String(change.value),
        });
      }
    }
    const oldValue = before ? valueOf(before) : null;
    const newNote = change.note === undefined ? (before?.note ?? null) : change.note || null;
    if (oldValue === change.value && (before?.note ?? null) === newNote) {
      unchanged++;
      continue;
    }
    if (!before && change.value === null && newNote === null) {
      unchanged++;
      continue;
    }
    pending.push({ indicatorId, before, change: { ...change, note: newNote } });
  }
  return { pending, unchanged };
}

/** Stored values of many units of one set and year, by unit id then indicator id (one query). */
async function readStoredValuesOfUnits(
  executor: Executor,
  setId: number,
  year: number,
  unitIds: readonly number[],
): Promise<Map<number, Map<number, StoredValue>>> {
  const byUnit = new Map<number, Map<number, StoredValue>>(unitIds.map((id) => [id, new Map()]));
  if (unitIds.length === 0) return byUnit;
  const rows = await queryRows<StoredValue & { unitId: number }>(
    executor,
    sql`SELECT v.unit_id AS "unitId", v.id, v.indicator_id AS "indicatorId",
          v.value_number AS "valueNumber", v.value_boolean AS "valueBoolean", v.note, v.version,
          v.updated_at AS "updatedAt", v.updated_by_name AS "updatedByName",
          EXISTS (SELECT 1 FROM evidence_file e WHERE e.value_id = v.id) AS "hasEvidence"
        FROM indicator_value v
        WHERE v.set_id = ${setId} AND v.year = ${year}
          AND v.unit_id = ANY(${`{${unitIds.join(',')}}`}::int[])`,
  );
  for (const row of rows) {
    byUnit.get(Number(row.unitId))?.set(Number(row.indicatorId), {
      id: Number(row.id),
      indicatorId: Number(row.indicatorId),
      valueNumber: row.valueNumber,
      valueBoolean: row.valueBoolean,
      note: row.note,
      version: Number(row.version),
      updatedAt: toIso(row.updatedAt)!,
      updatedByName: row.updatedByName,
      hasEvidence: row.hasEvidence,
    });
  }
  return byUnit;
}

/** Rows per statement when many values are written at once (one JSON parameter each). */
const WRITE_CHUNK = 4000;

interface ValueRow {
  unit_id: number;
  set_id: number;
  year: number;
  indicator_id: number;
  province_code: string;
  value_number: number | null;
  value_boolean: boolean | null;
  note: string | null;
  old_number: number | null;
  old_boolean: boolean | null;
  old_note: string | null;
  had_value: boolean;
  had_evidence: boolean;
}

/**
 * Writes the planned changes of many targets with set-based statements (values, then history),
 * the rows passed as one JSON parameter per chunk. Returns the changed values per unit.
 */
async function applyPending(
  tx: Tx,
  context: RequestContext,
  plans: ReadonlyArray<{ target: EntryTarget; pending: Pending[] }>,
  options: WriteOptions,
): Promise<Map<number, ChangedValue[]>> {
  const name = actorName(context);
  const userId = context.actor?.userId ?? null;
  const now = new Date().toISOString();
  const changedByUnit = new Map<number, ChangedValue[]>();
  const rows: ValueRow[] = plans.flatMap(({ target, pending }) =>
    pending.map(({ indicatorId, before, change }) => ({
      unit_id: target.unit.id,
      set_id: target.set.id,
      year: target.year,
      indicator_id: indicatorId,
      province_code: target.provinceCode,
      value_number: typeof change.value === 'number' ? change.value : null,
      value_boolean: typeof change.value === 'boolean' ? change.value : null,
      note: change.note ?? null,
      old_number: before?.valueNumber ?? null,
      old_boolean: before?.valueBoolean ?? null,
      old_note: before?.note ?? null,
      had_value: before !== undefined,
      had_evidence: before?.hasEvidence ?? false,
    })),
  );
  const key = (unitId: number, indicatorId: number) => `${unitId}:${indicatorId}`;
  for (let start = 0; start < rows.length; start += WRITE_CHUNK) {
    const chunk = rows.slice(start, start + WRITE_CHUNK);
    const written = await queryRows<{
      id: number;
      unitId: number;
      indicatorId: number;
      version: number;
    }>(
      tx,
      sql`INSERT INTO indicator_value (unit_id, set_id, year, indicator_id, province_code,
            value_number, value_boolean, note, updated_at, updated_by, updated_by_name)
          SELECT r.unit_id, r.set_id, r.year, r.indicator_id, r.province_code, r.value_number,
            r.value_boolean, r.note, ${now}::timestamptz, ${userId}::uuid, ${name}
          FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS r(unit_id int,
            set_id int, year smallint, indicator_id int, province_code text,
            value_number float8, value_boolean boolean, note text)
          ON CONFLICT (unit_id, set_id, year, indicator_id) DO UPDATE SET
            value_number = excluded.value_number, value_boolean = excluded.value_boolean,
            note = excluded.note, version = indicator_value.version + 1,
            updated_at = excluded.updated_at, updated_by = excluded.updated_by,
            updated_by_name = excluded.updated_by_name
          RETURNING id, unit_id AS "unitId", indicator_id AS "indicatorId", version`,
    );
    const writtenByKey = new Map(
      written.map((row) => [key(Number(row.unitId), Number(row.indicatorId)), row]),
    );
    const history = chunk.map((row) => {
      const stored = writtenByKey.get(key(row.unit_id, row.indicator_id))!;
      return {
        value_id: Number(stored.id),
        unit_id: row.unit_id,
        set_id: row.set_id,
        year: row.year,
        indicator_id: row.indicator_id,
        province_code: row.province_code,
        version: Number(stored.version),
        old_number: row.old_number,
        old_boolean: row.old_boolean,
        old_note: row.old_note,
        new_number: row.value_number,
        new_boolean: row.value_boolean,
        new_note: row.note,
      };
    });
    await tx.execute(
      sql`INSERT INTO indicator_value_history (value_id, unit_id, set_id, year, indicator_id,
            province_code, version, old_number, old_boolean, old_note, new_number, new_boolean,
            new_note, source, import_id, changed_at, changed_by, changed_by_name)
          SELECT r.value_id, r.unit_id, r.set_id, r.year, r.indicator_id, r.province_code,
            r.version, r.old_number, r.old_boolean, r.old_note, r.new_number, r.new_boolean,
            r.new_note, ${options.source}, ${options.importId ?? null}::bigint,
            ${now}::timestamptz, ${userId}::uuid, ${name}
          FROM jsonb_to_recordset(${JSON.stringify(history)}::jsonb) AS r(value_id bigint,
            unit_id int, set_id int, year smallint, indicator_id int, province_code text,
            version int, old_number float8, old_boolean boolean, old_note text,
            new_number float8, new_boolean boolean, new_note text)`,
    );
    for (const row of chunk) {
      const stored = writtenByKey.get(key(row.unit_id, row.indicator_id))!;
      const list = changedByUnit.get(row.unit_id) ?? [];
      list.push({
        id: Number(stored.id),
        indicatorId: row.indicator_id,
        valueNumber: row.value_number,
        valueBoolean: row.value_boolean,
        note: row.note,
        version: Number(stored.version),
        updatedAt: now,
        updatedByName: name,
        hasEvidence: row.had_evidence,
        before: row.had_value
          ? { value: row.old_number ?? row.old_boolean, note: row.old_note }
          : null,
      });
      changedByUnit.set(row.unit_id, list);
    }
  }
  return changedByUnit;
}

/**
 * Writes changes to one target inside `tx`: locks it, refuses locked data, checks versions (409
 * with the current value) and values (422), skips values equal to the stored ones, records history
 * and refreshes the evaluation. The caller has checked the actor's access.
 */
export async function writeValues(
  tx: Tx,
  context: RequestContext,
  target: EntryTarget,
  changes: readonly ValueChange[],
  options: WriteOptions,
): Promise<WriteOutcome> {
  const status = await lockSubmission(tx, target);
  assertEditable(target, status);
  const [outcome] = await writeLockedValues(tx, context, [{ target, changes }], options);
  return outcome!;
}

/**
 * Writes changes to many targets of one set and year (an import) with set-based statements. The
 * caller has locked their submissions (`lockSubmission`, or `SELECT … FOR UPDATE` of them all),
 * refused locked data and checked access. Returns one outcome per target, in order.
 */
export async function writeLockedValues(
  tx: Tx,
  context: RequestContext,
  works: ReadonlyArray<{ target: EntryTarget; changes: readonly ValueChange[] }>,
  options: WriteOptions,
): Promise<WriteOutcome[]> {
  if (works.length === 0) return [];
  const { set, year } = works[0]!.target;
  if (works.some(({ target }) => target.set.id !== set.id || target.year !== year)) {
    throw new Error('writeLockedValues: every target must share one set and year');
  }
  const unitIds = works.map(({ target }) => target.unit.id);
  const storedByUnit = await readStoredValuesOfUnits(tx, set.id, year, unitIds);
  const plans = works.map(({ target, changes }) => {
    const stored = storedByUnit.get(target.unit.id)!;
    return { target, stored, ...planChanges(target, stored, changes) };
  });
  const changedByUnit = await applyPending(tx, context, plans, options);
  const evaluated = await queryRows<{ unitId: number }>(
    tx,
    sql`SELECT unit_id AS "unitId" FROM evaluation WHERE set_id = ${set.id} AND year = ${year}
        AND unit_id = ANY(${`{${unitIds.join(',')}}`}::int[])`,
  );
  const hasEvaluation = new Set(evaluated.map((row) => Number(row.unitId)));
  const evaluatedAt = new Date();
  const outcomes: WriteOutcome[] = [];
  const toStore: Array<{ target: EntryTarget; computed: ComputedEvaluation }> = [];
  for (const plan of plans) {
    const changed = changedByUnit.get(plan.target.unit.id) ?? [];
    for (const value of changed) plan.stored.set(value.indicatorId, value);
    // A district counts its communes' verdicts (the revoked-communes rule of 18/2022).
    const district = await districtFacts(tx, plan.target);
    const evaluation = computeEvaluation(
      plan.target,
      valuesByCode(plan.target, plan.stored),
      district?.subunits,
    );
    if (changed.length > 0 || !hasEvaluation.has(plan.target.unit.id)) {
      toStore.push({ target: plan.target, computed: evaluation });
    }
    outcomes.push({
      changed,
      unchanged: plan.unchanged,
      evaluation,
      evaluatedAt,
      stored: plan.stored,
    });
  }
  await storeEvaluations(tx, toStore);
  return outcomes;
}

// --- Permissions --------------------------------------------------------------------------------

async function covers(
  executor: Executor,
  actor: Actor,
  roles: readonly Role[],
  unitId: number,
): Promise<boolean> {
  const coverage = coverageOf(actor, roles);
  if (coverage.national) return true;
  return coverage.rootIds.length > 0 && isUnitCoveredBy(executor, unitId, coverage.rootIds);
}

/** What the actor may do with the target's data in its current status. */
export async function permissionsFor(
  executor: Executor,
  actor: Actor,
  target: EntryTarget,
  status: SubmissionStatus,
): Promise<PermissionsView> {
  const writer = await covers(executor, actor, unitWriterRoles, target.unit.id);
  const level = await approverLevelOn(executor, target.unit.level, todayInVietnam());
  const approver = await covers(executor, actor, approverRoles(level), target.unit.id);
  const open = status === 'draft' || status === 'returned';
  return {
    edit: writer && open,
    submit: writer && open,
    approve: approver && status === 'submitted',
    return: approver && status === 'submitted',
    reopen: approver && status === 'approved',
  };
}

// --- Reading ------------------------------------------------------------------------------------

/** Evidence of the target's values, by value id (deleted files included, marked). */
export async function readEvidence(
  executor: Executor,
  target: EntryTarget,
): Promise<Map<number, EvidenceItem[]>> {
  const rows = await queryRows<{
    valueId: number;
    id: string;
    name: string;
    mediaType: string;
    sizeBytes: number;
    hasThumbnail: boolean;
    createdAt: string;
    createdBy: string;
    deletedAt: string | null;
    deletedBy: string | null;
    deleteReason: string | null;
  }>(
    executor,
    sql`SELECT value_id AS "valueId", id::text AS id, original_name AS name, media_type AS "mediaType",
          size_bytes AS "sizeBytes", thumbnail_sha256 IS NOT NULL AS "hasThumbnail",
          created_at AS "createdAt", created_by_name AS "createdBy", deleted_at AS "deletedAt",
          deleted_by_name AS "deletedBy", delete_reason AS "deleteReason"
        FROM evidence_file
        WHERE unit_id = ${target.unit.id} AND set_id = ${target.set.id} AND year = ${target.year}
        ORDER BY created_at, id`,
  );
  const byValue = new Map<number, EvidenceItem[]>();
  for (const row of rows) {
    const list = byValue.get(Number(row.valueId)) ?? [];
    list.push({
      id: row.id,
      name: row.name,
      mediaType: row.mediaType,
      sizeBytes: Number(row.sizeBytes),
      hasThumbnail: row.hasThumbnail,
      createdAt: toIso(row.createdAt)!,
      createdBy: row.createdBy,
      deletedAt: toIso(row.deletedAt),
      deletedBy: row.deletedBy,
      deleteReason: row.deleteReason,
    });
    byValue.set(Number(row.valueId), list);
  }
  return byValue;
}

/**
 * Last year's values of the same set: of the same unit, or (for a unit created during the year,
 * such as a commune of the 2025 reform) of the predecessor that carried the same code.
 */
async function previousYearValues(
  executor: Executor,
  target: EntryTarget,
): Promise<Map<number, IndicatorValue>> {
  const rows = await queryRows<{
    indicatorId: number;
    valueNumber: number | null;
    valueBoolean: boolean | null;
    own: boolean;
  }>(
    executor,
    sql`SELECT v.indicator_id AS "indicatorId", v.value_number AS "valueNumber",
          v.value_boolean AS "valueBoolean", v.unit_id = ${target.unit.id} AS own
        FROM indicator_value v
        WHERE v.set_id = ${target.set.id} AND v.year = ${target.year - 1}
          AND (v.unit_id = ${target.unit.id} OR v.unit_id IN (
            SELECT l.from_unit_id FROM unit_lineage l JOIN unit f ON f.id = l.from_unit_id
            WHERE l.to_unit_id = ${target.unit.id} AND f.code = ${target.unit.code}))
        ORDER BY own`,
  );
  const values = new Map<number, IndicatorValue>();
  for (const row of rows) {
    const value = valueOf(row);
    if (value !== null) values.set(Number(row.indicatorId), value);
  }
  return values;
}

function itemsOf(
  target: EntryTarget,
  stored: ReadonlyMap<number, StoredValue>,
  evidence: ReadonlyMap<number, EvidenceItem[]>,
  previous: ReadonlyMap<number, IndicatorValue>,
): ValueItem[] {
  return target.set.compiled.indicators.map((item) => {
    const indicatorId = target.set.indicatorIdByCode.get(item.code)!;
    const row = stored.get(indicatorId);
    return itemView(
      item.code,
      row,
      row ? (evidence.get(row.id) ?? []) : [],
      previous.get(indicatorId),
    );
  });
}

function itemView(
  code: string,
  row: StoredValue | undefined,
  evidence: EvidenceItem[],
  previous: IndicatorValue | undefined,
): ValueItem {
  return {
    indicator: code,
    value: row ? valueOf(row) : null,
    note: row?.note ?? null,
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedByName ?? null,
    previousYear: previous ?? null,
    evidence,
  };
}

async function storedEvaluationRow(
  executor: Executor,
  target: EntryTarget,
): Promise<{ computedAt: string } | null> {
  const rows = await queryRows<{ computedAt: string }>(
    executor,
    sql`SELECT computed_at AS "computedAt" FROM evaluation
        WHERE unit_id = ${target.unit.id} AND set_id = ${target.set.id} AND year = ${target.year}`,
  );
  return rows[0] ?? null;
}

function unitView(target: EntryTarget, ancestors: Array<{ code: string; name: string }>) {
  return {
    code: target.unit.code,
    name: target.unit.name,
    level: target.unit.level,
    validFrom: target.unit.validFrom,
    validTo: target.unit.validTo,
    ancestors,
  };
}

async function ancestorsOf(executor: Executor, target: EntryTarget) {
  return queryRows<{ code: string; name: string }>(
    executor,
    sql`SELECT a.code, a.name FROM unit a
        WHERE a.path @> ${target.unit.path}::ltree AND a.id <> ${target.unit.id}
        ORDER BY nlevel(a.path)`,
  );
}

/**
 * A unit's data for a set and year as the entry page shows it (values, evidence, evaluation,
 * submission), without the reader's permissions and without an access check: for callers that
 * have checked access themselves (the recognition dossier's frozen self-assessment).
 */
export async function readUnitData(
  executor: Executor,
  code: string,
  setCode: string,
  year: number,
): Promise<Omit<UnitValuesResponse, 'permissions'> & { unitId: number }> {
  const target = await resolveTarget(executor, code, setCode, year);
  return { ...(await unitDataOf(executor, target)), unitId: target.unit.id };
}

async function unitDataOf(
  executor: Executor,
  target: EntryTarget,
): Promise<Omit<UnitValuesResponse, 'permissions'>> {
  const stored = await readStoredValues(executor, target);
  const evidence = await readEvidence(executor, target);
  const previous = await previousYearValues(executor, target);
  const district = await districtFacts(executor, target);
  const computed = computeEvaluation(target, valuesByCode(target, stored), district?.subunits);
  const storedEvaluation = await storedEvaluationRow(executor, target);
  const submission = await loadSubmissionView(executor, target);
  return {
    unit: unitView(target, await ancestorsOf(executor, target)),
    set: {
      code: target.set.code,
      name: target.set.name,
      basis: target.set.basis,
      level: target.set.level,
      classification: target.set.classification,
    },
    year: target.year,
    unitClass: target.unitClass,
    classReason: classReasonView(target),
    items: itemsOf(target, stored, evidence, previous),
    evaluation: evaluationView(target, computed, storedEvaluation?.computedAt ?? null, district),
    submission,
  };
}

/** `GET /units/{code}/values`: every indicator of the set with its value, evidence and evaluation. */
export async function getUnitValues(
  executor: Executor,
  context: RequestContext,
  code: string,
  setCode: string,
  year: number,
): Promise<UnitValuesResponse> {
  const target = await resolveTarget(executor, code, setCode, year);
  const actor = await assertUnitAccess(executor, context, target.unit.id, 'read');
  const data = await unitDataOf(executor, target);
  return {
    ...data,
    permissions: await permissionsFor(executor, actor, target, data.submission.status),
  };
}

/** `PUT /units/{code}/values/{indicator}`: saves one value (version checked), audited. */
export async function saveValue(
  tx: Tx,
  context: RequestContext,
  code: string,
  indicator: string,
  setCode: string,
  year: number,
  body: PutValueBody,
): Promise<PutValueResponse> {
  requireActor(context);
  const target = await resolveTarget(tx, code, setCode, year);
  await assertUnitAccess(tx, context, target.unit.id, 'write');
  const indicatorId = target.set.indicatorIdByCode.get(indicator);
  if (indicatorId === undefined) {
    throw new AppError('values.unknown_indicator', 404, { indicator, set: target.set.code });
  }
  const outcome = await writeValues(
    tx,
    context,
    target,
    [{ indicator, value: body.value, note: body.note, expectedVersion: body.version }],
    { source: 'form' },
  );
  const row = outcome.stored.get(indicatorId);
  const [changed] = outcome.changed;
  if (changed) {
    await recordAudit(tx, context, {
      action: 'values.save',
      entityType: 'indicator_value',
      entityId: `${target.unit.code}/${target.set.code}/${target.year}/${indicator}`,
      provinceCode: target.provinceCode,
      before: changed.before,
      after: { value: valueOf(changed), note: changed.note, version: changed.version },
      details: { unitId: target.unit.id, criteriaMet: outcome.evaluation.criteriaMet },
    });
  }
  const evidence = row?.hasEvidence ? ((await readEvidence(tx, target)).get(row.id) ?? []) : [];
  return {
    item: itemView(indicator, row, evidence, undefined),
    evaluation: evaluationView(
      target,
      outcome.evaluation,
      outcome.evaluatedAt,
      await districtFacts(tx, target),
    ),
  };
}

/** `GET /units/{code}/values/{indicator}/history`: every change of one value, newest first. */
export async function getValueHistory(
  executor: Executor,
  context: RequestContext,
  code: string,
  indicator: string,
  setCode: string,
  year: number,
): Promise<ValueHistoryResponse> {
  const target = await resolveTarget(executor, code, setCode, year);
  await assertUnitAccess(executor, context, target.unit.id, 'read');
  const indicatorId = target.set.indicatorIdByCode.get(indicator);
  if (indicatorId === undefined) {
    throw new AppError('values.unknown_indicator', 404, { indicator, set: target.set.code });
  }
  const rows = await queryRows<{
    version: number;
    oldNumber: number | null;
    oldBoolean: boolean | null;
    newNumber: number | null;
    newBoolean: boolean | null;
    oldNote: string | null;
    newNote: string | null;
    source: 'form' | 'import' | 'evidence';
    changedAt: string;
    changedBy: string;
  }>(
    executor,
    sql`SELECT version, old_number AS "oldNumber", old_boolean AS "oldBoolean",
          new_number AS "newNumber", new_boolean AS "newBoolean", old_note AS "oldNote",
          new_note AS "newNote", source, changed_at AS "changedAt", changed_by_name AS "changedBy"
        FROM indicator_value_history
        WHERE unit_id = ${target.unit.id} AND set_id = ${target.set.id} AND year = ${target.year}
          AND indicator_id = ${indicatorId}
        ORDER BY version DESC, id DESC LIMIT 500`,
  );
  return {
    indicator,
    items: rows.map((row) => ({
      version: Number(row.version),
      oldValue: row.oldNumber ?? row.oldBoolean ?? null,
      newValue: row.newNumber ?? row.newBoolean ?? null,
      oldNote: row.oldNote,
      newNote: row.newNote,
      source: row.source,
      changedAt: toIso(row.changedAt)!,
      changedBy: row.changedBy,
    })),
  };
}

/**
 * Recomputes the stored evaluations of one unit from `fromYear` on (to `toYear` when given), after
 * its class changed (a commune group assigned, a class override recorded, a region corrected),
 * with the unit facts read afresh. Each unit-set-year's submission is locked first, in a fixed
 * order, as saves do: a concurrent save runs before or after, never interleaved.
 */
export async function refreshEvaluationsOfUnit(
  tx: Tx,
  unitId: number,
  fromYear: number,
  toYear?: number,
): Promise<number> {
  const rows = await queryRows<{ setId: number; year: number }>(
    tx,
    sql`SELECT set_id AS "setId", year FROM evaluation
        WHERE unit_id = ${unitId} AND year >= ${fromYear}
          AND ${toYear === undefined ? sql`true` : sql`year <= ${toYear}`}
        ORDER BY set_id, year`,
  );
  const unit = await findUnitById(tx, unitId);
  if (!unit) return 0;
  for (const row of rows) {
    const set = await loadSetById(tx, Number(row.setId));
    const target = await targetFor(tx, unit, set, Number(row.year));
    await lockSubmission(tx, target);
    await refreshEvaluation(tx, target);
  }
  return rows.length;
}
