import { createHash, randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, gte, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import {
  foldText,
  isOverdue,
  reportCodeOf,
  transition,
  type FeedbackStatus,
} from '../../../domain/feedback/workflow';
import { addWorkingDays } from '../../../domain/recognition/calendar';
import type { RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import { queryRows, type Executor, type Tx } from '../../db/client';
import { AppError } from '../../errors';
import { recordAudit } from '../audit/service';
import { roleHoldersOver } from '../accounts/holders';
import { notifyUsers } from '../notifications/service';
import { workingCalendar } from '../recognition/templates';
import { provinceCodeOfUnit, unitScopeSql } from '../units/access';
import { findUnitById, unitCoveredBySql } from '../units/lookup';
import { getUnit } from '../units/service';
import { todayInVietnam } from '../units/model';
import type {
  ActionBody,
  CreateReportBody,
  CreateReportResponse,
  OfficeListQuery,
  OfficeListResponse,
  OfficeReportDetail,
  PublicListResponse,
  PublicReportView,
  RejectReason,
  ReportAction,
  ReportCategory,
} from './api';
import {
  allowedActions,
  canCloseReport,
  canHandleReport,
  canModerateReport,
  canReadReport,
} from './policy';
import { settingsOf } from './settings';
import { communityReportEvents, communityReportPhotos, communityReports } from './tables';

/**
 * Community reports (phản ánh, giám sát cộng đồng): a citizen's report, received by the commune,
 * answered, resolved and closed by the responsible office, with a public status page. Every write
 * is one transaction (the caller's `tx`), checked against the version the office read, and
 * audited. Refusals of the public (rate limits, duplicates) write nothing: no one can flood the
 * audit log anonymously.
 */

export type ReportRow = typeof communityReports.$inferSelect;
type EventRow = typeof communityReportEvents.$inferSelect;

/** A photo as stored (prepared by `photos.ts` before the transaction). */
export interface StoredPhoto {
  sha256: string;
  sizeBytes: number;
  thumbnailSha256: string;
}

/** Where the request came from, for the spam rules (never stored in the clear). */
export interface Origin {
  ip: string | null;
  deviceId: string | null;
}

const now = () => new Date();
const toIso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

function hashOf(kind: string, value: string): string {
  return createHash('sha256').update(`ntm-feedback:${kind}:${value}`).digest('hex');
}

const excerptOf = (text: string) => (text.length > 160 ? `${text.slice(0, 157)}…` : text);
const displayDate = (iso: string) => iso.split('-').reverse().join('/');

async function loadByCode(
  executor: Executor,
  code: string,
  options: { lock?: boolean } = {},
): Promise<ReportRow> {
  const query = executor.select().from(communityReports).where(eq(communityReports.code, code));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw new AppError('feedback.not_found', 404, { code });
  return row;
}

async function unitRef(executor: Executor, unitId: number) {
  const unit = await findUnitById(executor, unitId);
  return { code: unit?.code ?? '', name: unit?.name ?? '' };
}

async function officeNameOf(executor: Executor, context: RequestContext): Promise<string | null> {
  const assignment = context.actor?.assignments.find((item) => item.unitId !== null);
  if (!assignment?.unitId) return null;
  return (await findUnitById(executor, assignment.unitId))?.name ?? null;
}

async function appendEvent(
  tx: Tx,
  row: ReportRow,
  event: {
    type: EventRow['type'];
    fromStatus?: string | null;
    toStatus?: string | null;
    body?: string | null;
    public: boolean;
    actorId: string | null;
    actorName: string;
    actorUnitName: string | null;
  },
): Promise<void> {
  const [last] = await tx
    .select({ seq: sql<number>`coalesce(max(${communityReportEvents.seq}), 0)::int` })
    .from(communityReportEvents)
    .where(eq(communityReportEvents.reportId, row.id));
  await tx.insert(communityReportEvents).values({
    reportId: row.id,
    provinceCode: row.provinceCode,
    seq: (last?.seq ?? 0) + 1,
    type: event.type,
    fromStatus: event.fromStatus ?? null,
    toStatus: event.toStatus ?? null,
    body: event.body ?? null,
    public: event.public,
    actorId: event.actorId,
    actorName: event.actorName,
    actorUnitName: event.actorUnitName,
  });
}

// --- Create (public) ----------------------------------------------------------------------------

/**
 * `POST /community-reports`: a citizen's report. A repeat of the same `clientKey` (the page sent
 * again after a dropped connection) returns the report already stored. Refused, with nothing
 * written: over the province's limits per address or device in 24 hours (429), near-identical to a
 * report of the same commune within the duplicate window (409 naming its code).
 */
export async function createReport(
  tx: Tx,
  context: RequestContext,
  input: CreateReportBody,
  origin: Origin,
  photos: readonly StoredPhoto[],
): Promise<CreateReportResponse> {
  const [repeat] = await tx
    .select()
    .from(communityReports)
    .where(eq(communityReports.clientKey, input.clientKey));
  if (repeat) {
    return {
      code: repeat.code,
      status: repeat.status as FeedbackStatus,
      dueOn: repeat.dueOn,
      awaitingModeration: repeat.publishedAt === null,
      repeated: true,
    };
  }
  const today = todayInVietnam();
  const unit = await getUnit(tx, input.unit, today);
  if (unit.level !== 'commune') {
    throw new AppError('feedback.unit_not_commune', 422, { unit: `${unit.name} (${unit.code})` });
  }
  const provinceCode = (await provinceCodeOfUnit(tx, unit.id)) ?? unit.code.slice(0, 2);
  const settings = await settingsOf(tx, provinceCode);
  if (input.category === 'criterion' && !input.criterionCode) {
    throw new AppError('feedback.criterion_required', 422, {});
  }
  if (!input.anonymous && !input.reporterName && !input.reporterPhone) {
    throw new AppError('feedback.contact_required', 422, {});
  }
  if ((input.lat === undefined) !== (input.lon === undefined)) {
    throw new AppError('feedback.point_incomplete', 422, {});
  }

  const since = new Date(now().getTime() - 24 * 3600 * 1000);
  const sourceHash = hashOf('address', origin.ip ?? 'unknown');
  const deviceHash = origin.deviceId ? hashOf('device', origin.deviceId) : null;
  const [byAddress] = await tx
    .select({ n: count() })
    .from(communityReports)
    .where(
      and(eq(communityReports.sourceHash, sourceHash), gte(communityReports.receivedAt, since)),
    );
  if ((byAddress?.n ?? 0) >= settings.per_address_per_day) {
    throw new AppError('feedback.limit_address', 429, { limit: settings.per_address_per_day });
  }
  if (deviceHash) {
    const [byDevice] = await tx
      .select({ n: count() })
      .from(communityReports)
      .where(
        and(eq(communityReports.deviceHash, deviceHash), gte(communityReports.receivedAt, since)),
      );
    if ((byDevice?.n ?? 0) >= settings.per_device_per_day) {
      throw new AppError('feedback.limit_device', 429, { limit: settings.per_device_per_day });
    }
  }

  const folded = foldText(input.text);
  const textHash = hashOf('text', folded);
  const windowStart = new Date(now().getTime() - settings.duplicate_window_days * 24 * 3600 * 1000);
  const duplicates = await queryRows<{ code: string }>(
    tx,
    sql`SELECT code FROM community_report
        WHERE unit_id = ${unit.id} AND status <> 'rejected' AND received_at >= ${windowStart.toISOString()}
          AND (text_hash = ${textHash} OR similarity(ntm_fold(body), ntm_fold(${input.text})) >= 0.8)
        ORDER BY received_at LIMIT 1`,
  );
  if (duplicates[0]) {
    throw new AppError('feedback.duplicate', 409, {
      code: duplicates[0].code,
      days: settings.duplicate_window_days,
    }).withBody({ duplicateOf: duplicates[0].code });
  }

  let code = '';
  for (let attempt = 0; attempt < 8 && !code; attempt++) {
    const candidate = reportCodeOf(Number(today.slice(0, 4)), randomBytes(6));
    const [taken] = await tx
      .select({ id: communityReports.id })
      .from(communityReports)
      .where(eq(communityReports.code, candidate));
    if (!taken) code = candidate;
  }
  if (!code) throw new AppError('internal', 500, { requestId: context.requestId ?? '-' });

  const dueOn = addWorkingDays(today, settings.answer_working_days, workingCalendar());
  const [row] = await tx
    .insert(communityReports)
    .values({
      code,
      provinceCode,
      unitId: unit.id,
      village: input.village?.trim() || null,
      lat: input.lat ?? null,
      lon: input.lon ?? null,
      category: input.category,
      criterionCode: input.category === 'criterion' ? (input.criterionCode ?? null) : null,
      body: input.text.trim(),
      anonymous: input.anonymous,
      // Anonymous: no contact is ever stored, whatever was sent.
      reporterName: input.anonymous ? null : input.reporterName?.trim() || null,
      reporterPhone: input.anonymous ? null : input.reporterPhone?.trim() || null,
      byBoard: input.byBoard ?? false,
      dueOn,
      sourceHash,
      deviceHash,
      textHash,
      clientKey: input.clientKey,
    })
    .returning();
  const report = row!;
  if (photos.length > 0) {
    await tx.insert(communityReportPhotos).values(
      photos.map((photo, index) => ({
        reportId: report.id,
        provinceCode,
        seq: index + 1,
        sha256: photo.sha256,
        sizeBytes: photo.sizeBytes,
        mediaType: 'image/jpeg',
        thumbnailSha256: photo.thumbnailSha256,
      })),
    );
  }
  await appendEvent(tx, report, {
    type: 'received',
    toStatus: 'received',
    public: true,
    actorId: context.actor?.userId ?? null,
    actorName: input.anonymous ? '—' : (report.reporterName ?? '—'),
    actorUnitName: null,
  });
  await recordAudit(tx, context, {
    action: 'feedback.create',
    entityType: 'community_report',
    entityId: code,
    provinceCode,
    // Never the contact: the audit log is read by administrators who need not know it.
    after: {
      unit: unit.code,
      category: report.category,
      anonymous: report.anonymous,
      photos: photos.length,
      dueOn,
    },
  });
  const holders = await roleHoldersOver(tx, unit.id, ['commune']);
  await notifyUsers(
    tx,
    holders.map((holder) => holder.userId),
    {
      kind: 'feedback.received',
      params: { code, unit: unit.name, due: displayDate(dueOn) },
      link: `/phan-anh/quan-ly/${code}`,
    },
  );
  return { code, status: 'received', dueOn, awaitingModeration: true, repeated: false };
}

// --- Public reads -------------------------------------------------------------------------------

async function photosOf(executor: Executor, row: ReportRow, base: string) {
  const photos = await executor
    .select({ seq: communityReportPhotos.seq })
    .from(communityReportPhotos)
    .where(eq(communityReportPhotos.reportId, row.id))
    .orderBy(asc(communityReportPhotos.seq));
  return photos.map((photo) => ({
    seq: photo.seq,
    url: `${base}/${row.code}/photos/${photo.seq}`,
    thumbnailUrl: `${base}/${row.code}/photos/${photo.seq}/thumbnail`,
  }));
}

function publicBase(row: ReportRow, events: EventRow[]) {
  const today = todayInVietnam();
  const duplicateOf = row.rejectReason === 'duplicate' ? (row.rejectNote ?? null) : null;
  return {
    code: row.code,
    status: row.status as FeedbackStatus,
    published: row.publishedAt !== null && row.status !== 'rejected',
    village: row.village,
    category: row.category as ReportCategory,
    criterionCode: row.criterionCode,
    point: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
    anonymous: row.anonymous,
    receivedAt: toIso(row.receivedAt)!,
    dueOn: row.dueOn,
    overdue: isOverdue(row.status as FeedbackStatus, row.dueOn, today),
    closedAt: toIso(row.closedAt),
    rejectReason: (row.rejectReason as RejectReason | null) ?? null,
    duplicateOf: duplicateOf && /^PA-\d{4}-[0-9A-Z]{6}$/.test(duplicateOf) ? duplicateOf : null,
    eventsRaw: events,
  };
}

async function eventsOf(executor: Executor, reportId: string): Promise<EventRow[]> {
  return executor
    .select()
    .from(communityReportEvents)
    .where(eq(communityReportEvents.reportId, reportId))
    .orderBy(asc(communityReportEvents.seq));
}

/**
 * `GET /community-reports/{code}` (no login): the status page. Content (text, photos, place
 * point) only once an office accepted the report; a report waiting for moderation or rejected
 * shows its status, commune and dates only. Never the reporter's contact, nor internal notes.
 */
export async function publicReport(executor: Executor, code: string): Promise<PublicReportView> {
  const row = await loadByCode(executor, code);
  const events = await eventsOf(executor, row.id);
  const { eventsRaw, ...base } = publicBase(row, events);
  const visible = base.published;
  return {
    ...base,
    unit: await unitRef(executor, row.unitId),
    text: visible ? row.body : null,
    village: visible ? row.village : null,
    point: visible ? base.point : null,
    photos: visible ? await photosOf(executor, row, '/api/v1/community-reports') : [],
    events: eventsRaw
      .filter((event) => event.public && (visible || event.type !== 'answer'))
      .filter((event) => event.type !== 'note')
      .map((event) => ({
        type: event.type as 'received' | 'published' | 'answer' | 'status' | 'rejected',
        toStatus: (event.toStatus as FeedbackStatus | null) ?? null,
        text: event.type === 'rejected' ? null : event.body,
        at: toIso(event.at)!,
        by: event.type === 'received' ? null : event.actorUnitName,
      })),
  };
}

const publicCondition = and(
  isNotNull(communityReports.publishedAt),
  sql`${communityReports.status} <> 'rejected'`,
);

/** `GET /community-reports?unit=` (no login): the accepted reports of a commune, newest first. */
export async function listPublicReports(
  executor: Executor,
  query: { unit: string; page: number; pageSize: number },
): Promise<PublicListResponse> {
  const unit = await getUnit(executor, query.unit, todayInVietnam());
  const where = and(eq(communityReports.unitId, unit.id), publicCondition);
  const [total] = await executor.select({ n: count() }).from(communityReports).where(where);
  const rows = await executor
    .select({
      code: communityReports.code,
      status: communityReports.status,
      category: communityReports.category,
      village: communityReports.village,
      body: communityReports.body,
      receivedAt: communityReports.receivedAt,
      photoCount: sql<number>`(SELECT count(*)::int FROM community_report_photo p WHERE p.report_id = ${communityReports.id})`,
    })
    .from(communityReports)
    .where(where)
    .orderBy(desc(communityReports.receivedAt), asc(communityReports.code))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return {
    items: rows.map((row) => ({
      code: row.code,
      status: row.status as FeedbackStatus,
      category: row.category as ReportCategory,
      village: row.village,
      excerpt: excerptOf(row.body),
      receivedAt: toIso(row.receivedAt)!,
      photoCount: Number(row.photoCount),
    })),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * A photo's stored bytes for download: publicly only for an accepted report (never a rejected
 * one); for an office in scope always.
 */
export async function photoForDownload(
  executor: Executor,
  context: RequestContext,
  code: string,
  seq: number,
  thumbnail: boolean,
): Promise<{ sha256: string; public: boolean }> {
  const row = await loadByCode(executor, code);
  const isPublic = row.publishedAt !== null && row.status !== 'rejected';
  if (!isPublic) {
    if (!context.actor) throw new AppError('feedback.not_found', 404, { code });
    await canReadReport(executor, context, row.unitId);
  }
  const [photo] = await executor
    .select()
    .from(communityReportPhotos)
    .where(and(eq(communityReportPhotos.reportId, row.id), eq(communityReportPhotos.seq, seq)));
  if (!photo) throw new AppError('feedback.photo_not_found', 404, { code, seq });
  return {
    sha256: thumbnail ? (photo.thumbnailSha256 ?? photo.sha256) : photo.sha256,
    public: isPublic,
  };
}

// --- Offices ------------------------------------------------------------------------------------

/**
 * `GET /community-reports/office`: the reports of the communes in the actor's scope (filtered in
 * SQL), overdue first, then by due date.
 */
export async function listOfficeReports(
  executor: Executor,
  context: RequestContext,
  query: OfficeListQuery,
): Promise<OfficeListResponse> {
  const actor = requireActor(context);
  const today = todayInVietnam();
  const conditions: SQL[] = [unitScopeSql(actor, communityReports.unitId, 'read')];
  if (query.unit) {
    const unit = await getUnit(executor, query.unit, today);
    conditions.push(unitCoveredBySql(communityReports.unitId, [unit.id]));
  }
  if (query.status) conditions.push(eq(communityReports.status, query.status));
  if (query.moderation === 'pending') {
    conditions.push(isNull(communityReports.publishedAt));
    conditions.push(sql`${communityReports.status} <> 'rejected'`);
  }
  if (query.moderation === 'published') conditions.push(isNotNull(communityReports.publishedAt));
  const overdueSql = sql`(${communityReports.status} IN ('received', 'in_progress') AND ${communityReports.dueOn} < ${today})`;
  if (query.overdue === 'true') conditions.push(overdueSql);
  if (query.overdue === 'false') conditions.push(sql`NOT ${overdueSql}`);
  const where = and(...conditions);
  const [total] = await executor.select({ n: count() }).from(communityReports).where(where);
  const rows = await executor
    .select({
      row: communityReports,
      photoCount: sql<number>`(SELECT count(*)::int FROM community_report_photo p WHERE p.report_id = ${communityReports.id})`,
    })
    .from(communityReports)
    .where(where)
    .orderBy(
      sql`CASE WHEN ${overdueSql} THEN 0 WHEN ${communityReports.status} IN ('received', 'in_progress') THEN 1 ELSE 2 END`,
      asc(communityReports.dueOn),
      desc(communityReports.receivedAt),
    )
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const unitIds = [...new Set(rows.map(({ row }) => row.unitId))];
  const units = new Map(
    await Promise.all(unitIds.map(async (id) => [id, await unitRef(executor, id)] as const)),
  );
  return {
    items: rows.map(({ row, photoCount }) => ({
      code: row.code,
      status: row.status as FeedbackStatus,
      published: row.publishedAt !== null && row.status !== 'rejected',
      unit: units.get(row.unitId)!,
      village: row.village,
      category: row.category as ReportCategory,
      excerpt: excerptOf(row.body),
      anonymous: row.anonymous,
      receivedAt: toIso(row.receivedAt)!,
      dueOn: row.dueOn,
      overdue: isOverdue(row.status as FeedbackStatus, row.dueOn, today),
      photoCount: Number(photoCount),
      version: row.version,
    })),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function detailOf(
  executor: Executor,
  context: RequestContext,
  row: ReportRow,
): Promise<OfficeReportDetail> {
  const events = await eventsOf(executor, row.id);
  const { eventsRaw, ...base } = publicBase(row, events);
  return {
    ...base,
    unit: await unitRef(executor, row.unitId),
    text: row.body,
    photos: await photosOf(executor, row, '/api/v1/community-reports'),
    reporterName: row.anonymous ? null : row.reporterName,
    reporterPhone: row.anonymous ? null : row.reporterPhone,
    byBoard: row.byBoard,
    rejectNote: row.rejectNote,
    version: row.version,
    events: eventsRaw.map((event) => ({
      seq: event.seq,
      type: event.type as OfficeReportDetail['events'][number]['type'],
      fromStatus: (event.fromStatus as FeedbackStatus | null) ?? null,
      toStatus: (event.toStatus as FeedbackStatus | null) ?? null,
      text: event.body,
      public: event.public,
      at: toIso(event.at)!,
      actorName: event.actorName,
      actorUnitName: event.actorUnitName,
    })),
    permissions: { actions: await allowedActions(executor, context, row.unitId) },
  };
}

/** `GET /community-reports/{code}/office`: the office view (contact, internal notes, rights). */
export async function officeReport(
  executor: Executor,
  context: RequestContext,
  code: string,
): Promise<OfficeReportDetail> {
  const row = await loadByCode(executor, code);
  await canReadReport(executor, context, row.unitId);
  return detailOf(executor, context, row);
}

const actionsNeedingText: readonly ReportAction[] = ['answer', 'note'];

/**
 * `POST /community-reports/{code}/actions`: an office's action. The version must be the one the
 * office read (409 with the current report otherwise); the action must fit the status (422); only
 * the responsible office closes (403).
 */
export async function actOnReport(
  tx: Tx,
  context: RequestContext,
  code: string,
  input: ActionBody,
): Promise<OfficeReportDetail> {
  const row = await loadByCode(tx, code, { lock: true });
  const actor =
    input.type === 'close'
      ? await canCloseReport(tx, context, row.unitId)
      : input.type === 'accept' || input.type === 'reject'
        ? await canModerateReport(tx, context, row.unitId)
        : await canHandleReport(tx, context, row.unitId);
  if (row.version !== input.version) {
    throw new AppError('feedback.version_conflict', 409, { code }).withBody({
      current: await detailOf(tx, context, row),
    });
  }
  const status = row.status as FeedbackStatus;
  const step = transition(status, input.type, row.publishedAt !== null);
  if (!step) {
    throw new AppError('feedback.bad_transition', 422, {
      action: `@feedback.action.${input.type}`,
      status: `@feedback.status.${status}`,
    });
  }
  const text = input.text?.trim() || null;
  if (actionsNeedingText.includes(input.type) && !text) {
    throw new AppError('feedback.text_required', 422, {});
  }
  if (input.type === 'reject' && !input.reason) {
    throw new AppError('feedback.reason_required', 422, {});
  }
  let duplicateOf: string | null = null;
  if (input.type === 'reject' && input.reason === 'duplicate') {
    if (!input.duplicateOf || input.duplicateOf === row.code) {
      throw new AppError('feedback.duplicate_of_required', 422, {});
    }
    const original = await loadByCode(tx, input.duplicateOf);
    if (original.unitId !== row.unitId) {
      throw new AppError('feedback.duplicate_of_required', 422, {});
    }
    duplicateOf = original.code;
  }
  const at = now();
  const unitName = await officeNameOf(tx, context);
  const publishes = step.publishes && row.publishedAt === null;
  if (publishes) {
    await appendEvent(tx, row, {
      type: 'published',
      public: true,
      actorId: actor.userId,
      actorName: actor.displayName,
      actorUnitName: unitName,
    });
  }
  if (input.type === 'answer' || input.type === 'note') {
    await appendEvent(tx, row, {
      type: input.type,
      fromStatus: status,
      toStatus: step.to,
      body: text,
      public: input.type === 'answer',
      actorId: actor.userId,
      actorName: actor.displayName,
      actorUnitName: unitName,
    });
  } else if (input.type === 'reject') {
    await appendEvent(tx, row, {
      type: 'rejected',
      fromStatus: status,
      toStatus: 'rejected',
      // The office's note stays internal; the public page says only the reason.
      body: text,
      public: true,
      actorId: actor.userId,
      actorName: actor.displayName,
      actorUnitName: unitName,
    });
  } else if (step.to !== status) {
    await appendEvent(tx, row, {
      type: 'status',
      fromStatus: status,
      toStatus: step.to,
      body: text,
      public: true,
      actorId: actor.userId,
      actorName: actor.displayName,
      actorUnitName: unitName,
    });
  }
  const [updated] = await tx
    .update(communityReports)
    .set({
      status: step.to,
      version: row.version + 1,
      updatedAt: at,
      ...(publishes ? { publishedAt: at } : {}),
      ...(input.type === 'answer' && !row.answeredAt ? { answeredAt: at } : {}),
      ...(step.to === 'resolved' && !row.resolvedAt ? { resolvedAt: at } : {}),
      ...(step.to === 'closed' ? { closedAt: at } : {}),
      ...(input.type === 'reject'
        ? { rejectReason: input.reason!, rejectNote: duplicateOf ?? text, duplicateOfId: null }
        : {}),
    })
    .where(and(eq(communityReports.id, row.id), eq(communityReports.version, row.version)))
    .returning();
  if (!updated) throw new AppError('feedback.version_conflict', 409, { code });
  await recordAudit(tx, context, {
    action: `feedback.${input.type}`,
    entityType: 'community_report',
    entityId: row.code,
    provinceCode: row.provinceCode,
    before: { status, published: row.publishedAt !== null, version: row.version },
    after: {
      status: step.to,
      published: updated.publishedAt !== null,
      version: updated.version,
      ...(input.type === 'reject' ? { reason: input.reason, duplicateOf } : {}),
      ...(text ? { textLength: text.length } : {}),
    },
  });
  return detailOf(tx, context, updated);
}
