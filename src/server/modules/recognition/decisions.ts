import { recognitionNow } from './clock';
import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { DossierKind, ProcedureTemplate } from '../../../domain/recognition/types';
import type { RequestContext } from '../../auth/actor';
import type { Executor, Tx } from '../../db/client';
import { AppError } from '../../errors';
import type { FileStore } from '../../files/store';
import { loadSetById } from '../criteria/sets';
import { evaluationsChanged } from '../values/changes';
import { findUnitById, findUnitVersions } from '../units/lookup';
import type { DossierDetail, RecognitionItem, recognitionsQuery } from './api';
import { decisionDocumentFor, renderDecisionPdf } from './decision-pdf';
import { loadDossierRow, type DossierRow } from './dossiers';
import { recognitionDecisions, recognitions, revocationAlerts } from './tables';
import type { z } from 'zod';

/**
 * Decisions (numbered per issuer and year, never edited; the PDF made from them and kept) and the
 * recognition register they feed: published recognitions, ended by a revocation decision.
 */

export const kindLabels: Record<DossierKind, string> = {
  commune_ntm: 'đạt chuẩn nông thôn mới',
  commune_advanced: 'đạt chuẩn nông thôn mới nâng cao',
  commune_model: 'đạt chuẩn nông thôn mới kiểu mẫu',
  district_ntm: 'đạt chuẩn nông thôn mới',
  district_advanced: 'đạt chuẩn nông thôn mới nâng cao',
  district_town: 'hoàn thành nhiệm vụ xây dựng nông thôn mới',
  province_completed: 'hoàn thành nhiệm vụ xây dựng nông thôn mới',
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function issuerOf(template: ProcedureTemplate, provinceCode: string, provinceName: string) {
  const issuer = template.decisionIssuer;
  if (issuer.level === 'central') {
    return { key: issuer.symbol, name: issuer.name, symbol: issuer.symbol };
  }
  return {
    key: `${issuer.symbol}-${provinceCode}`,
    name: issuer.name.includes('{province}')
      ? issuer.name.replace('{province}', provinceName)
      : `${issuer.name} ${provinceName}`.trim(),
    symbol: issuer.symbol,
  };
}

/** The province's name without its kind ("Lào Cai" of "Tỉnh Lào Cai"). */
function bareName(name: string): string {
  return name.replace(/^(Tỉnh|Thành phố)\s+/u, '');
}

/**
 * Records the decision of a dossier: the number must be unused by the issuer in the year (409),
 * the PDF is made in the official layout and stored. Returns the decision row.
 */
export async function recordDecision(
  tx: Tx,
  context: RequestContext,
  store: FileStore,
  row: DossierRow,
  template: ProcedureTemplate,
  payload: Record<string, unknown>,
): Promise<typeof recognitionDecisions.$inferSelect> {
  const text = (key: string) =>
    typeof payload[key] === 'string' ? String(payload[key]).trim() : '';
  const number = text('number');
  const issuedOn = text('issuedOn');
  const effectiveOn = text('effectiveOn') || issuedOn;
  if (!number || !ISO_DATE.test(issuedOn) || !ISO_DATE.test(effectiveOn) || !text('signer')) {
    throw new AppError('recognition.decision_incomplete', 422, {});
  }
  const unit = (await findUnitById(tx, row.unitId))!;
  const province = (await findUnitById(tx, Number(unit.path.split('.')[0])))!;
  const issuer = issuerOf(template, row.provinceCode, bareName(province.name));
  const issuedYear = Number(issuedOn.slice(0, 4));
  const fullNumber = number.includes('/') ? number : `${number}/QĐ-${issuer.symbol}`;
  const [taken] = await tx
    .select({ id: recognitionDecisions.id })
    .from(recognitionDecisions)
    .where(
      and(
        eq(recognitionDecisions.issuerKey, issuer.key),
        eq(recognitionDecisions.issuedYear, issuedYear),
        eq(recognitionDecisions.number, fullNumber),
      ),
    );
  if (taken) {
    throw new AppError('recognition.decision_number_taken', 409, {
      number: fullNumber,
      issuer: issuer.name,
      year: issuedYear,
    });
  }
  const set = await loadSetById(tx, row.setId);
  let original: { id: number; number: string; issuedOn: string } | undefined;
  if (row.purpose === 'revocation' && row.recognitionId) {
    const [found] = await tx
      .select({
        id: recognitionDecisions.id,
        number: recognitionDecisions.number,
        issuedOn: recognitionDecisions.issuedOn,
      })
      .from(recognitions)
      .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, recognitions.decisionId))
      .where(eq(recognitions.id, row.recognitionId));
    original = found;
  }
  const pdf = await renderDecisionPdf(
    decisionDocumentFor({
      purpose: row.purpose as 'recognition' | 'revocation',
      kindLabel: kindLabels[row.kind as DossierKind],
      unitName: unit.name,
      provinceName: bareName(province.name),
      year: row.year,
      number: fullNumber,
      issuedOn,
      effectiveOn,
      signerName: text('signer'),
      signerTitle: text('signerTitle') || 'Chủ tịch',
      setName: `${set.name} (${set.basis})`,
      legalBasis: template.legalBasis,
      issuerName: issuer.name,
      issuerSymbol: issuer.symbol,
      ...(original
        ? { originalDecision: { number: original.number, issuedOn: original.issuedOn } }
        : {}),
      footnote: `Hồ sơ ${row.reference}; tra cứu công khai tại /cong-nhan`,
    }),
  );
  const sha256 = await store.putFile(pdf);
  const [decision] = await tx
    .insert(recognitionDecisions)
    .values({
      dossierId: row.id,
      purpose: row.purpose,
      issuerKey: issuer.key,
      issuerName: issuer.name,
      issuedYear,
      number: fullNumber,
      issuedOn,
      effectiveOn,
      signer: text('signer'),
      signerTitle: text('signerTitle') || 'Chủ tịch',
      pdfSha256: sha256,
      pdfSizeBytes: pdf.length,
      revokesDecisionId: original?.id ?? null,
      createdByName: context.actor?.displayName ?? 'Hệ thống',
    })
    .returning();
  return decision!;
}

/**
 * Publishes the dossier's decision: a recognition enters the register; a revocation ends the
 * recognition it names (the original decision is never edited) and closes its alerts.
 */
export async function publishDecision(
  tx: Tx,
  row: DossierRow,
  template: ProcedureTemplate,
): Promise<void> {
  void template;
  const [decision] = await tx
    .update(recognitionDecisions)
    .set({ publishedAt: recognitionNow() })
    .where(
      and(eq(recognitionDecisions.dossierId, row.id), isNull(recognitionDecisions.publishedAt)),
    )
    .returning();
  if (!decision) throw new AppError('recognition.decision_missing', 422, {});
  // Dashboards count recognitions: their roll-ups refresh after this commit.
  evaluationsChanged();
  if (row.purpose === 'recognition') {
    await tx.insert(recognitions).values({
      unitId: row.unitId,
      provinceCode: row.provinceCode,
      kind: row.kind,
      setId: row.setId,
      year: row.year,
      decisionId: decision.id,
      recognisedOn: decision.effectiveOn,
    });
    return;
  }
  if (!row.recognitionId) return;
  await tx
    .update(recognitions)
    .set({ revokedByDecisionId: decision.id, revokedOn: decision.effectiveOn })
    .where(eq(recognitions.id, row.recognitionId));
  await tx
    .update(revocationAlerts)
    .set({ status: 'dossier_opened', closedAt: recognitionNow(), dossierId: row.id })
    .where(
      and(
        eq(revocationAlerts.recognitionId, row.recognitionId),
        eq(revocationAlerts.status, 'open'),
      ),
    );
}

export function decisionPdfUrl(id: number): string {
  return `/api/v1/decisions/${id}/pdf`;
}

export async function decisionOfDossier(
  executor: Executor,
  dossierId: string,
): Promise<DossierDetail['decision']> {
  const [decision] = await executor
    .select()
    .from(recognitionDecisions)
    .where(eq(recognitionDecisions.dossierId, dossierId));
  if (!decision) return null;
  let revokes: { number: string; date: string } | null = null;
  if (decision.revokesDecisionId) {
    const [original] = await executor
      .select({ number: recognitionDecisions.number, date: recognitionDecisions.issuedOn })
      .from(recognitionDecisions)
      .where(eq(recognitionDecisions.id, decision.revokesDecisionId));
    revokes = original ?? null;
  }
  return {
    id: decision.id,
    purpose: decision.purpose as 'recognition' | 'revocation',
    number: decision.number,
    issuer: decision.issuerName,
    date: decision.issuedOn,
    effectiveOn: decision.effectiveOn,
    signer: decision.signer,
    signerTitle: decision.signerTitle,
    pdfUrl: decisionPdfUrl(decision.id),
    publishedAt: decision.publishedAt ? decision.publishedAt.toISOString() : null,
    revokes,
  };
}

/**
 * The PDF of a decision: public once published; before that, only for readers of the dossier
 * (`canRead` is called then).
 */
export async function decisionPdf(
  executor: Executor,
  id: number,
  canRead: (unitId: number) => Promise<unknown>,
): Promise<{ sha256: string; name: string; published: boolean }> {
  const [decision] = await executor
    .select()
    .from(recognitionDecisions)
    .where(eq(recognitionDecisions.id, id));
  if (!decision) throw new AppError('recognition.decision_not_found', 404, { id });
  if (!decision.publishedAt) {
    const row = await loadDossierRow(executor, decision.dossierId);
    await canRead(row.unitId);
  }
  return {
    sha256: decision.pdfSha256,
    name: `Quyet-dinh-${decision.number.replaceAll('/', '-')}.pdf`,
    published: decision.publishedAt !== null,
  };
}

type RegisterQuery = z.infer<typeof recognitionsQuery>;

/** `GET /recognitions`: the public register (published decisions only). */
export async function listRecognitions(
  executor: Executor,
  query: RegisterQuery,
): Promise<{ items: RecognitionItem[]; total: number }> {
  const conditions = [isNotNull(recognitionDecisions.publishedAt)];
  if (query.province) conditions.push(eq(recognitions.provinceCode, query.province));
  if (query.year) conditions.push(eq(recognitions.year, query.year));
  if (query.kind) conditions.push(eq(recognitions.kind, query.kind));
  if (query.unit) {
    const ids = (await findUnitVersions(executor, query.unit)).map((unit) => unit.id);
    conditions.push(
      ids.length === 0
        ? sql`false`
        : sql`${recognitions.unitId} IN (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`,
    );
  }
  const where = and(...conditions);
  const [count] = await executor
    .select({ total: sql<number>`count(*)::int` })
    .from(recognitions)
    .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, recognitions.decisionId))
    .where(where);
  const rows = await executor
    .select({ recognition: recognitions, decision: recognitionDecisions })
    .from(recognitions)
    .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, recognitions.decisionId))
    .where(where)
    .orderBy(desc(recognitions.recognisedOn), desc(recognitions.id))
    .limit(query.limit)
    .offset(query.offset);
  const items: RecognitionItem[] = [];
  for (const { recognition, decision } of rows) {
    const unit = (await findUnitById(executor, recognition.unitId))!;
    const province = await findUnitById(executor, Number(unit.path.split('.')[0]));
    const set = await loadSetById(executor, recognition.setId);
    let revoked: RecognitionItem['revoked'] = null;
    if (recognition.revokedByDecisionId) {
      const [revocation] = await executor
        .select()
        .from(recognitionDecisions)
        .where(eq(recognitionDecisions.id, recognition.revokedByDecisionId));
      if (revocation?.publishedAt) {
        revoked = {
          number: revocation.number,
          date: revocation.issuedOn,
          pdfUrl: decisionPdfUrl(revocation.id),
        };
      }
    }
    items.push({
      id: recognition.id,
      unit: {
        code: unit.code,
        name: unit.name,
        level: unit.level,
        provinceCode: recognition.provinceCode,
        provinceName: province?.name ?? null,
      },
      kind: recognition.kind as DossierKind,
      setCode: set.code,
      setName: set.name,
      year: recognition.year,
      recognisedOn: recognition.recognisedOn,
      decision: {
        number: decision.number,
        date: decision.issuedOn,
        signer: decision.signer,
        pdfUrl: decisionPdfUrl(decision.id),
      },
      revoked,
    });
  }
  return { items, total: Number(count?.total ?? 0) };
}

/**
 * Recognised units (in force on `date`: effective, not revoked by then) of a kind, by unit id —
 * what dashboards and targets count as "đạt chuẩn" (recognised ≠ computed).
 */
export async function recognisedUnitIds(
  executor: Executor,
  kinds: readonly DossierKind[],
  date: string,
): Promise<Set<number>> {
  if (kinds.length === 0) return new Set();
  const rows = await executor
    .select({ unitId: recognitions.unitId })
    .from(recognitions)
    .innerJoin(recognitionDecisions, eq(recognitionDecisions.id, recognitions.decisionId))
    .where(
      and(
        isNotNull(recognitionDecisions.publishedAt),
        sql`${recognitions.kind} IN (${sql.join(
          kinds.map((kind) => sql`${kind}`),
          sql`, `,
        )})`,
        sql`${recognitions.recognisedOn} <= ${date}::date`,
        sql`(${recognitions.revokedOn} IS NULL OR ${recognitions.revokedOn} > ${date}::date)`,
      ),
    );
  return new Set(rows.map((row) => row.unitId));
}
