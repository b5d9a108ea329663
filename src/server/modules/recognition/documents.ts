import { recognitionNow } from './clock';
import { createHash } from 'node:crypto';
import { and, asc, eq, gte, isNull, sql } from 'drizzle-orm';

import type { RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import type { Executor, Tx } from '../../db/client';
import { AppError } from '../../errors';
import type { FileStore } from '../../files/store';
import type { Language } from '../../i18n';
import { findEvidence } from '../values/evidence';
import { checkUpload } from '../values/evidence-content';
import type { CommentView, DossierDetail } from './api';
import {
  actionActor,
  appendAction,
  auditDossier,
  checkOrThrow,
  dossierState,
  factsFor,
  latestSnapshot,
  loadDossierRow,
  stepOf,
  toIso,
} from './dossiers';
import { canModerateComments, canReadDossier } from './policy';
import { workingCalendar } from './templates';
import type { dossiers } from './tables';
import { dossierComments, dossierDocuments } from './tables';
import { vietnamDate } from '../../../domain/recognition/calendar';

/**
 * Files of a dossier (the checklist of each step), the frozen evidence of its self-assessment,
 * and citizens' comments on its public posting (moderated, answered by the office).
 */

function documentUrl(dossierId: string, documentId: string, publicPath: boolean): string {
  return publicPath
    ? `/api/v1/public/dossiers/${dossierId}/documents/${documentId}`
    : `/api/v1/dossiers/${dossierId}/documents/${documentId}`;
}

export async function documentsOf(
  executor: Executor,
  dossierId: string,
  publicOnly: boolean,
): Promise<DossierDetail['documents']> {
  const rows = await executor
    .select()
    .from(dossierDocuments)
    .where(
      and(
        eq(dossierDocuments.dossierId, dossierId),
        isNull(dossierDocuments.removedAt),
        ...(publicOnly ? [eq(dossierDocuments.public, true)] : []),
      ),
    )
    .orderBy(asc(dossierDocuments.createdAt));
  return rows.map((row) => ({
    id: row.id,
    documentCode: row.documentCode,
    name: row.originalName,
    step: row.step,
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes,
    createdAt: toIso(row.createdAt)!,
    createdBy: row.createdByName,
    url: documentUrl(dossierId, row.id, publicOnly),
  }));
}

/**
 * `POST /dossiers/{id}/documents`: a file for the current step's checklist. The file is checked
 * by content, stored, recorded and logged (`attach_document`) in one transaction.
 */
export async function attachDocument(
  tx: Tx,
  context: RequestContext,
  store: FileStore,
  dossierId: string,
  input: { documentCode: string; version: number; name: string | undefined; bytes: Buffer },
  language: Language,
): Promise<void> {
  requireActor(context);
  const row = await loadDossierRow(tx, dossierId, { lock: true });
  await canReadDossier(tx, context, row.unitId);
  if (input.version !== row.version) {
    throw new AppError('recognition.version_conflict', 409, { reference: row.reference });
  }
  const { state, template, actions } = await dossierState(tx, row);
  const facts = await factsFor(tx, context, row, state, template, 'attach_document');
  const upload = await checkUpload(input.name, input.bytes);
  // The file's id is known once stored; the check needs only its presence.
  const payloadProbe = { documentCode: input.documentCode, fileId: 'pending', name: upload.name };
  checkOrThrow(
    {
      state,
      template,
      type: 'attach_document',
      payload: payloadProbe,
      reason: null,
      legalBasis: null,
      facts,
      calendar: workingCalendar(),
    },
    language,
  );
  const sha256 = await store.putFile(upload.bytes);
  const [document] = await tx
    .insert(dossierDocuments)
    .values({
      dossierId: row.id,
      step: state.step,
      documentCode: input.documentCode,
      sha256,
      sizeBytes: upload.bytes.length,
      mediaType: upload.mediaType,
      originalName: upload.name,
      createdByName: context.actor!.displayName,
    })
    .returning();
  const step = stepOf(template, state.step)!;
  const role = facts.actorRoles.find((held) => step.actor.roles.includes(held)) ?? 'admin';
  await appendAction(tx, row, actions, {
    type: 'attach_document',
    step: state.step,
    actor: actionActor(context, role),
    reason: null,
    legalBasis: null,
    payload: { documentCode: input.documentCode, fileId: document!.id, name: upload.name },
  });
  await auditDossier(tx, context, row, 'attach_document', null, {
    documentId: document!.id,
    documentCode: input.documentCode,
    name: upload.name,
    sha256,
  });
}

export interface StoredFile {
  sha256: string;
  mediaType: string;
  name: string;
}

/** A document of a dossier the reader may see (in scope; or public while posted or decided). */
export async function documentForDownload(
  executor: Executor,
  context: RequestContext,
  dossierId: string,
  documentId: string,
  publicPath: boolean,
): Promise<StoredFile> {
  const row = await loadDossierRow(executor, dossierId);
  if (publicPath) {
    if (!isPublic(row)) throw new AppError('recognition.not_public', 404, {});
  } else {
    await canReadDossier(executor, context, row.unitId);
  }
  const [document] = await executor
    .select()
    .from(dossierDocuments)
    .where(and(eq(dossierDocuments.id, documentId), eq(dossierDocuments.dossierId, dossierId)));
  if (!document || (publicPath && (!document.public || document.removedAt))) {
    throw new AppError('recognition.document_not_found', 404, {});
  }
  return { sha256: document.sha256, mediaType: document.mediaType, name: document.originalName };
}

/** A frozen evidence file of the dossier's self-assessment (kept even if later deleted). */
export async function frozenEvidence(
  executor: Executor,
  context: RequestContext,
  dossierId: string,
  evidenceId: string,
): Promise<StoredFile> {
  const row = await loadDossierRow(executor, dossierId);
  await canReadDossier(executor, context, row.unitId);
  const snapshot = await latestSnapshot(executor, row.id);
  const items = (snapshot?.data.items ?? []) as Array<{ evidence: Array<{ id: string }> }>;
  const frozen = items.some((item) => item.evidence.some((file) => file.id === evidenceId));
  if (!frozen) throw new AppError('recognition.document_not_found', 404, {});
  const record = await findEvidence(executor, evidenceId);
  return { sha256: record.sha256, mediaType: record.mediaType, name: record.name };
}

/** A dossier is public while it is posted, and once its decision is published. */
export function isPublic(row: typeof dossiers.$inferSelect): boolean {
  return row.postedFrom !== null || row.status === 'published';
}

// --- Comments ------------------------------------------------------------------------------------

function commentViewOf(
  row: typeof dossierComments.$inferSelect,
  withContact: boolean,
): CommentView {
  return {
    id: row.id,
    authorName: row.authorName,
    body: row.body,
    status: row.status as CommentView['status'],
    createdAt: toIso(row.createdAt)!,
    answer: row.answer,
    answeredAt: toIso(row.answeredAt),
    answeredBy: row.answeredByName,
    ...(withContact ? { contact: row.contact } : {}),
    version: row.version,
  };
}

export async function commentsOf(
  executor: Executor,
  dossierId: string,
  options: { includeHidden: boolean },
): Promise<CommentView[]> {
  const rows = await executor
    .select()
    .from(dossierComments)
    .where(
      and(
        eq(dossierComments.dossierId, dossierId),
        ...(options.includeHidden ? [] : [eq(dossierComments.status, 'published')]),
      ),
    )
    .orderBy(asc(dossierComments.createdAt));
  return rows.map((row) => commentViewOf(row, options.includeHidden));
}

/** The most comments one address may leave on one dossier in a day (spam control). */
export const COMMENTS_PER_SOURCE_PER_DAY = 5;

/**
 * `POST /public/dossiers/{id}/comments`: a citizen's comment during the posting period. No login;
 * the address is kept only as a salted hash for limits and duplicates; held for moderation.
 */
export async function postComment(
  tx: Tx,
  context: RequestContext,
  dossierId: string,
  input: { authorName?: string | null; contact?: string | null; body: string },
): Promise<CommentView> {
  const row = await loadDossierRow(tx, dossierId, { lock: true });
  const { state, template } = await dossierState(tx, row);
  const step = stepOf(template, state.step);
  const today = vietnamDate(recognitionNow().toISOString());
  const open =
    state.status === 'in_progress' &&
    !!step?.features.includes('public_posting') &&
    row.postedUntil !== null &&
    today <= row.postedUntil;
  if (!open) {
    throw new AppError('recognition.posting_closed', 422, {
      reference: row.reference,
      until: row.postedUntil ? row.postedUntil.split('-').reverse().join('/') : '—',
    });
  }
  const sourceHash = createHash('sha256')
    .update(`ntm-comment:${dossierId}:${context.ip ?? 'unknown'}`)
    .digest('hex');
  const since = new Date(recognitionNow().getTime() - 24 * 3600 * 1000);
  const recent = await tx
    .select({ body: dossierComments.body })
    .from(dossierComments)
    .where(
      and(
        eq(dossierComments.dossierId, dossierId),
        eq(dossierComments.sourceHash, sourceHash),
        gte(dossierComments.createdAt, since),
      ),
    );
  const normalised = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  if (recent.some((comment) => normalised(comment.body) === normalised(input.body))) {
    throw new AppError('recognition.comment_duplicate', 409, {});
  }
  if (recent.length >= COMMENTS_PER_SOURCE_PER_DAY) {
    throw new AppError('recognition.comment_limit', 429, { limit: COMMENTS_PER_SOURCE_PER_DAY });
  }
  const [comment] = await tx
    .insert(dossierComments)
    .values({
      dossierId,
      authorName: input.authorName?.trim() || null,
      contact: input.contact?.trim() || null,
      body: input.body.trim(),
      sourceHash,
    })
    .returning();
  await auditDossier(tx, context, row, 'comment.create', null, {
    commentId: comment!.id,
    length: comment!.body.length,
  });
  return commentViewOf(comment!, false);
}

/** `PATCH /dossiers/{id}/comments/{commentId}`: publish or reject a comment, with an answer. */
export async function moderateComment(
  tx: Tx,
  context: RequestContext,
  dossierId: string,
  commentId: string,
  input: { status: 'published' | 'rejected'; answer?: string | null; version: number },
): Promise<CommentView> {
  const actor = requireActor(context);
  const row = await loadDossierRow(tx, dossierId);
  await canModerateComments(tx, context, row.unitId);
  const [comment] = await tx
    .select()
    .from(dossierComments)
    .where(and(eq(dossierComments.id, commentId), eq(dossierComments.dossierId, dossierId)))
    .for('update');
  if (!comment) throw new AppError('recognition.comment_not_found', 404, {});
  if (comment.version !== input.version) {
    throw new AppError('recognition.version_conflict', 409, { reference: row.reference }).withBody({
      current: commentViewOf(comment, true),
    });
  }
  const answer = input.answer?.trim() || null;
  const [updated] = await tx
    .update(dossierComments)
    .set({
      status: input.status,
      moderatedAt: recognitionNow(),
      moderatedByName: actor.displayName,
      ...(answer !== comment.answer
        ? {
            answer,
            answeredAt: answer ? recognitionNow() : null,
            answeredByName: answer ? actor.displayName : null,
          }
        : {}),
      version: sql`${dossierComments.version} + 1`,
    })
    .where(eq(dossierComments.id, commentId))
    .returning();
  await auditDossier(
    tx,
    context,
    row,
    'comment.moderate',
    { status: comment.status, answer: comment.answer },
    { status: updated!.status, answer: updated!.answer },
    { commentId },
  );
  return commentViewOf(updated!, true);
}
