import { sql } from 'drizzle-orm';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError } from '../../errors';
import type { FileStore } from '../../files/store';
import type { RequestContext } from '../../auth/actor';
import { recordAudit } from '../audit/service';
import { assertUnitAccess } from '../units/access';
import { requireActor } from '../../auth/policy';
import { displayDate, todayInVietnam } from '../units/model';
import { findUnitById } from '../units/service';
import type { EvidenceItem, SubmissionStatus } from './api';
import type { CheckedUpload } from './evidence-content';
import { actorName, assertEditable, lockSubmission } from './lock';
import { evidenceFiles } from './tables';
import { loadPublishedSet } from '../criteria/sets';
import { resolveTarget, targetFor, type EntryTarget } from './target';

/**
 * Evidence files attached to indicator values. Adding and deleting follow the rules of values:
 * write scope on the unit, refused (423) while the data is submitted or approved, one
 * transaction that first locks the unit-set-year. The `evidence_file` row is the file's history
 * (who added it, who deleted it, when, why); deleting only marks the row, the bytes stay.
 */

/** A stored evidence row, as the service uses it. */
export interface EvidenceRecord {
  id: string;
  valueId: number;
  unitId: number;
  setId: number;
  year: number;
  indicatorId: number;
  provinceCode: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
  name: string;
  thumbnailSha256: string | null;
  createdAt: string;
  createdBy: string;
  deletedAt: string | null;
  deletedBy: string | null;
  deleteReason: string | null;
}

const recordColumns = sql`id::text AS id, value_id AS "valueId", unit_id AS "unitId",
  set_id AS "setId", year, indicator_id AS "indicatorId", province_code AS "provinceCode", sha256,
  size_bytes AS "sizeBytes", media_type AS "mediaType", original_name AS name,
  thumbnail_sha256 AS "thumbnailSha256", created_at AS "createdAt",
  created_by_name AS "createdBy", deleted_at AS "deletedAt", deleted_by_name AS "deletedBy",
  delete_reason AS "deleteReason"`;

function toIso(value: string | Date | null): string | null {
  if (value === null) return null;
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}

function normalise(row: EvidenceRecord): EvidenceRecord {
  return {
    ...row,
    valueId: Number(row.valueId),
    unitId: Number(row.unitId),
    setId: Number(row.setId),
    year: Number(row.year),
    indicatorId: Number(row.indicatorId),
    sizeBytes: Number(row.sizeBytes),
    createdAt: toIso(row.createdAt)!,
    deletedAt: toIso(row.deletedAt),
  };
}

/** The item the API shows for an evidence row (the same shape as in the values list). */
export function evidenceItemOf(row: EvidenceRecord): EvidenceItem {
  return {
    id: row.id,
    name: row.name,
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes,
    hasThumbnail: row.thumbnailSha256 !== null,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    deletedAt: row.deletedAt,
    deletedBy: row.deletedBy,
    deleteReason: row.deleteReason,
  };
}

/** A moment as a date in Vietnam, dd/mm/yyyy (for messages). */
function vietnamDate(iso: string): string {
  return displayDate(todayInVietnam(new Date(iso)));
}

/** The evidence row `id` (deleted or not), or 404. */
export async function findEvidence(
  executor: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<EvidenceRecord> {
  const [row] = await queryRows<EvidenceRecord>(
    executor,
    options.forUpdate
      ? sql`SELECT ${recordColumns} FROM evidence_file WHERE id = ${id}::uuid FOR UPDATE`
      : sql`SELECT ${recordColumns} FROM evidence_file WHERE id = ${id}::uuid`,
  );
  if (!row) throw new AppError('values.evidence.not_found', 404, { id });
  return normalise(row);
}

/** The target (unit, set, year) an evidence row belongs to. */
async function targetOfRecord(executor: Executor, record: EvidenceRecord): Promise<EntryTarget> {
  const unit = await findUnitById(executor, record.unitId);
  const [set] = await queryRows<{ code: string }>(
    executor,
    sql`SELECT code FROM criteria_set WHERE id = ${record.setId}`,
  );
  if (!unit || !set) throw new AppError('values.evidence.not_found', 404, { id: record.id });
  return targetFor(executor, unit, await loadPublishedSet(executor, set.code), record.year);
}

function indicatorIdOf(target: EntryTarget, indicator: string): number {
  const indicatorId = target.set.indicatorIdByCode.get(indicator);
  if (indicatorId === undefined) {
    throw new AppError('values.unknown_indicator', 404, { indicator, set: target.set.code });
  }
  return indicatorId;
}

/**
 * The id of the value row of (target, indicator), created empty (no value, no note) when the
 * indicator has none yet, with a history line of source `evidence`. The caller holds the lock.
 */
export async function ensureValueRow(
  tx: Tx,
  context: RequestContext,
  target: EntryTarget,
  indicatorId: number,
): Promise<number> {
  const name = actorName(context);
  const userId = context.actor?.userId ?? null;
  const inserted = await queryRows<{ id: number; version: number }>(
    tx,
    sql`INSERT INTO indicator_value
          (unit_id, set_id, year, indicator_id, province_code, updated_by, updated_by_name)
        VALUES (${target.unit.id}, ${target.set.id}, ${target.year}, ${indicatorId},
          ${target.provinceCode}, ${userId}, ${name})
        ON CONFLICT (unit_id, set_id, year, indicator_id) DO NOTHING
        RETURNING id, version`,
  );
  const created = inserted[0];
  if (created) {
    await tx.execute(
      sql`INSERT INTO indicator_value_history
            (value_id, unit_id, set_id, year, indicator_id, province_code, version, source,
             changed_by, changed_by_name)
          VALUES (${created.id}, ${target.unit.id}, ${target.set.id}, ${target.year},
            ${indicatorId}, ${target.provinceCode}, ${created.version}, 'evidence', ${userId},
            ${name})`,
    );
    return Number(created.id);
  }
  const [existing] = await queryRows<{ id: number }>(
    tx,
    sql`SELECT id FROM indicator_value
        WHERE unit_id = ${target.unit.id} AND set_id = ${target.set.id}
          AND year = ${target.year} AND indicator_id = ${indicatorId}`,
  );
  return Number(existing!.id);
}

async function currentStatus(executor: Executor, target: EntryTarget): Promise<SubmissionStatus> {
  const [row] = await queryRows<{ status: SubmissionStatus }>(
    executor,
    sql`SELECT status FROM submission
        WHERE unit_id = ${target.unit.id} AND set_id = ${target.set.id} AND year = ${target.year}`,
  );
  return row?.status ?? 'draft';
}

export interface EvidenceTargetInput {
  code: string;
  indicator: string;
  setCode: string;
  year: number;
}

/**
 * The refusals that do not need the file (401, 403, 404, 423), checked before an upload is read,
 * so a 20 MB photo is not received only to be refused. `addEvidence` checks them again, locked.
 */
export async function precheckEvidenceUpload(
  executor: Executor,
  context: RequestContext,
  input: EvidenceTargetInput,
): Promise<void> {
  requireActor(context);
  const target = await resolveTarget(executor, input.code, input.setCode, input.year);
  await assertUnitAccess(executor, context, target.unit.id, 'write');
  indicatorIdOf(target, input.indicator);
  assertEditable(target, await currentStatus(executor, target));
}

/** `POST /units/{code}/values/{indicator}/evidence`: attaches a checked file, audited. */
export async function addEvidence(
  tx: Tx,
  context: RequestContext,
  store: FileStore,
  input: EvidenceTargetInput,
  upload: CheckedUpload,
): Promise<EvidenceItem> {
  requireActor(context);
  const target = await resolveTarget(tx, input.code, input.setCode, input.year);
  await assertUnitAccess(tx, context, target.unit.id, 'write');
  const indicatorId = indicatorIdOf(target, input.indicator);
  assertEditable(target, await lockSubmission(tx, target));
  const valueId = await ensureValueRow(tx, context, target, indicatorId);
  // The bytes are written once every check has passed; should the transaction still fail, the
  // store keeps an unreferenced file, harmless (content-addressed, never served without a row).
  const sha256 = await store.putFile(upload.bytes);
  const thumbnailSha256 = upload.thumbnail ? await store.putFile(upload.thumbnail) : null;
  const [inserted] = await tx
    .insert(evidenceFiles)
    .values({
      valueId,
      unitId: target.unit.id,
      setId: target.set.id,
      year: target.year,
      indicatorId,
      provinceCode: target.provinceCode,
      sha256,
      sizeBytes: upload.bytes.length,
      mediaType: upload.mediaType,
      originalName: upload.name,
      thumbnailSha256,
      createdBy: context.actor?.userId ?? null,
      createdByName: actorName(context),
    })
    .returning({ id: evidenceFiles.id });
  const record = await findEvidence(tx, inserted!.id);
  await recordAudit(tx, context, {
    action: 'values.evidence.add',
    entityType: 'evidence_file',
    entityId: record.id,
    provinceCode: target.provinceCode,
    after: {
      name: record.name,
      mediaType: record.mediaType,
      sizeBytes: record.sizeBytes,
      sha256: record.sha256,
    },
    details: {
      unit: target.unit.code,
      set: target.set.code,
      year: target.year,
      indicator: input.indicator,
      valueId,
    },
  });
  return evidenceItemOf(record);
}

/**
 * An evidence row the actor may download: anyone who may read the unit; a deleted file only with
 * `includeDeleted` and to those who may write the unit's data (404 otherwise, naming the deletion).
 */
export async function evidenceForDownload(
  executor: Executor,
  context: RequestContext,
  id: string,
  options: { includeDeleted: boolean },
): Promise<EvidenceRecord> {
  requireActor(context);
  const record = await findEvidence(executor, id);
  await assertUnitAccess(executor, context, record.unitId, 'read');
  if (record.deletedAt !== null) {
    if (!options.includeDeleted) {
      throw new AppError('values.evidence.deleted', 404, {
        name: record.name,
        date: vietnamDate(record.deletedAt),
        by: record.deletedBy ?? '—',
        reason: record.deleteReason ?? '',
      });
    }
    await assertUnitAccess(executor, context, record.unitId, 'write');
  }
  return record;
}

/** `DELETE /evidence/{id}`: marks the file deleted with who, when and why; audited. */
export async function deleteEvidence(
  tx: Tx,
  context: RequestContext,
  id: string,
  reason: string | undefined,
): Promise<EvidenceItem> {
  requireActor(context);
  const found = await findEvidence(tx, id);
  await assertUnitAccess(tx, context, found.unitId, 'write');
  const why = reason?.trim() ?? '';
  if (why === '') throw new AppError('values.evidence.reason_required', 422);
  const target = await targetOfRecord(tx, found);
  assertEditable(target, await lockSubmission(tx, target));
  const record = await findEvidence(tx, id, { forUpdate: true });
  if (record.deletedAt !== null) {
    throw new AppError('values.evidence.already_deleted', 409, {
      name: record.name,
      date: vietnamDate(record.deletedAt),
    });
  }
  await tx.execute(
    sql`UPDATE evidence_file
        SET deleted_at = now(), deleted_by = ${context.actor?.userId ?? null},
          deleted_by_name = ${actorName(context)}, delete_reason = ${why}
        WHERE id = ${id}::uuid`,
  );
  const deleted = await findEvidence(tx, id);
  await recordAudit(tx, context, {
    action: 'values.evidence.delete',
    entityType: 'evidence_file',
    entityId: id,
    provinceCode: record.provinceCode,
    before: { name: record.name, deletedAt: null },
    after: { name: deleted.name, deletedAt: deleted.deletedAt, reason: why },
    details: {
      unit: target.unit.code,
      set: target.set.code,
      year: target.year,
      indicator: target.set.indicatorCodeById.get(record.indicatorId) ?? null,
      sha256: record.sha256,
    },
  });
  return evidenceItemOf(deleted);
}

/** The error for an evidence row without a thumbnail (not an image). */
export function noThumbnail(record: EvidenceRecord): AppError {
  return new AppError('values.evidence.no_thumbnail', 404, { name: record.name });
}

/** The error for a row whose bytes are missing from the store (a broken or moved data directory). */
export function bytesMissing(record: EvidenceRecord): AppError {
  return new AppError('values.evidence.bytes_missing', 500, { name: record.name });
}
