import type { FastifyInstance } from 'fastify';
import { and, asc, eq, like, lte, sql } from 'drizzle-orm';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatProductCode } from '../../../domain/ocop/product-code';
import { certificateValidTo, expiryAlertDates, recognisingLevel } from '../../../domain/ocop/rules';
import type { OcopRuleVersion, Stars } from '../../../domain/ocop/types';
import type { RequestContext } from '../../auth/actor';
import { systemContext } from '../../auth/actor';
import type { Executor, Tx } from '../../db/client';
import { AppError, type ErrorCode } from '../../errors';
import type { MessageParams } from '../../i18n';
import { configurePdfmake, officialDateLine, PDF_FONT } from '../../files/pdf';
import { recordAudit } from '../audit/service';
import { roleHoldersOver } from '../accounts/holders';
import { notifyUsers } from '../notifications/service';
import { findUnitById } from '../units/lookup';
import { displayDate, todayInVietnam } from '../units/model';
import { canManageRound, canReadProducer } from './policy';
import { findRuleVersion, ruleVersionByCode } from './rules';
import {
  ocopApplications,
  ocopCertificates,
  ocopProducerAccounts,
  ocopProducers,
  ocopProducts,
  ocopRounds,
} from './tables';

/**
 * The province's (or the centre's) decision on a scored application and the certificate it issues
 * (giấy chứng nhận sản phẩm OCOP): the stars (never above the council's, only those the deciding
 * level recognises under the round's rule version, never below the version's minimum), the
 * number, the validity (`certificateMonths`), the product's code at its first certificate, the
 * PDF; revocation with a reason of the rule version; expiry alerts and expiry.
 */

export type CertificateRow = typeof ocopCertificates.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const LEVEL_NAMES: Record<string, string> = {
  commune: 'xã',
  district: 'huyện',
  province: 'tỉnh',
  central: 'Trung ương',
};

export interface DecisionInput {
  decisionNumber: string;
  decidedOn: string;
  signer: string;
  stars: number;
  version: number;
}

export interface CertificateView {
  id: string;
  number: string;
  state: string;
  stars: number;
  score: number;
  level: string;
  ruleVersion: string;
  decisionNumber: string;
  decidedOn: string;
  signer: string;
  validFrom: string;
  validTo: string;
  revocationReason: string | null;
  revocationNote: string | null;
  revokedAt: string | null;
  alertsSent: number[];
  version: number;
  applicationId: string;
  product: { id: string; code: string | null; name: string; setCode: string };
  producer: { id: string; name: string; kind: string };
}

export async function loadCertificate(
  executor: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<CertificateRow> {
  if (!uuidPattern.test(id)) throw new AppError('ocop.certificate_not_found', 404);
  const query = executor.select().from(ocopCertificates).where(eq(ocopCertificates.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw new AppError('ocop.certificate_not_found', 404);
  return row;
}

async function productAndProducer(executor: Executor, productId: string) {
  const [row] = await executor
    .select({ product: ocopProducts, producer: ocopProducers })
    .from(ocopProducts)
    .innerJoin(ocopProducers, eq(ocopProducers.id, ocopProducts.producerId))
    .where(eq(ocopProducts.id, productId));
  if (!row) throw new AppError('ocop.certificate_not_found', 404);
  return row;
}

async function present(executor: Executor, row: CertificateRow): Promise<CertificateView> {
  const { product, producer } = await productAndProducer(executor, row.productId);
  return {
    id: row.id,
    number: row.number,
    state: row.state,
    stars: row.stars,
    score: row.score,
    level: row.level,
    ruleVersion: row.ruleVersion,
    decisionNumber: row.decisionNumber,
    decidedOn: row.decidedOn,
    signer: row.signer,
    validFrom: row.validFrom,
    validTo: row.validTo,
    revocationReason: row.revocationReason,
    revocationNote: row.revocationNote,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    alertsSent: row.alertsSent,
    version: row.version,
    applicationId: row.applicationId,
    product: { id: product.id, code: product.code, name: product.name, setCode: product.setCode },
    producer: { id: producer.id, name: producer.name, kind: producer.kind },
  };
}

function refuse(code: ErrorCode, params: MessageParams = {}): never {
  throw new AppError(code, 422, params);
}

/** The accounts of a product's producer (whom a certificate concerns). */
async function producerUserIds(executor: Executor, producerId: string): Promise<string[]> {
  const rows = await executor
    .select({ userId: ocopProducerAccounts.userId })
    .from(ocopProducerAccounts)
    .where(eq(ocopProducerAccounts.producerId, producerId));
  return rows.map((row) => row.userId);
}

/** The next certificate number of a province and year: `<seq>/<year>/GCN-OCOP-<province>`. */
async function nextCertificateNumber(tx: Tx, provinceCode: string, year: number): Promise<string> {
  const suffix = `/${year}/GCN-OCOP-${provinceCode}`;
  const rows = await tx
    .select({ number: ocopCertificates.number })
    .from(ocopCertificates)
    .where(like(ocopCertificates.number, `%${suffix}`));
  const largest = rows.reduce(
    (max, row) => Math.max(max, Number(row.number.split('/')[0]) || 0),
    0,
  );
  return `${largest + 1}${suffix}`;
}

/** The next product code of a commune and year (number = next per commune and year). */
async function nextProductCode(
  tx: Tx,
  product: { provinceCode: string; communeUnitId: number },
  year: number,
): Promise<string> {
  const commune = await findUnitById(tx, product.communeUnitId);
  const communeCode = commune?.code ?? String(product.communeUnitId);
  const rows = await tx
    .select({ code: ocopProducts.code })
    .from(ocopProducts)
    .where(
      and(
        eq(ocopProducts.communeUnitId, product.communeUnitId),
        like(ocopProducts.code, `%-${year}`),
      ),
    );
  for (let number = rows.length + 1; ; number++) {
    const code = formatProductCode({
      provinceCode: product.provinceCode,
      communeCode,
      number,
      year,
    });
    if (!rows.some((row) => row.code === code)) {
      const [taken] = await tx
        .select({ id: ocopProducts.id })
        .from(ocopProducts)
        .where(eq(ocopProducts.code, code));
      if (!taken) return code;
    }
  }
}

/**
 * `POST /applications/:id/decision`: decides a scored application and issues its certificate, in
 * the caller's transaction; each refusal is a 422 with its reason and nothing changes.
 */
export async function decideApplication(
  tx: Tx,
  context: RequestContext,
  applicationId: string,
  input: DecisionInput,
): Promise<CertificateView> {
  if (!uuidPattern.test(applicationId))
    throw new AppError('ocop.decision_application_not_found', 404);
  const [application] = await tx
    .select()
    .from(ocopApplications)
    .where(eq(ocopApplications.id, applicationId))
    .for('update');
  if (!application) throw new AppError('ocop.decision_application_not_found', 404);
  const [round] = application.roundId
    ? await tx.select().from(ocopRounds).where(eq(ocopRounds.id, application.roundId))
    : [];
  const actor = await canManageRound(
    tx,
    context,
    round ?? { level: 'province', provinceCode: application.provinceCode },
  );
  if (application.version !== input.version) {
    throw new AppError('conflict', 409, { current: application.version, sent: input.version });
  }
  if (application.state !== 'scored')
    refuse('ocop.decision_not_scored', { state: application.state });
  if (!round) refuse('ocop.decision_no_round');
  const rules = ruleVersionByCode(round.ruleVersion);
  const result = application.result;
  if (!result || result.stars === null || result.disqualified) refuse('ocop.decision_no_stars');
  const stars = input.stars as Stars;
  if (stars < rules.minimumCertifiedStars) {
    refuse('ocop.decision_stars_below_minimum', {
      rule: rules.decision,
      minimum: rules.minimumCertifiedStars,
    });
  }
  if (stars > result.stars) {
    refuse('ocop.decision_stars_above_result', { stars, result: result.stars });
  }
  const by = recognisingLevel(rules, stars);
  if (by !== round.level) {
    refuse('ocop.decision_stars_not_recognised', {
      rule: rules.decision,
      stars,
      by: by ? LEVEL_NAMES[by]! : '—',
      level: LEVEL_NAMES[round.level] ?? round.level,
    });
  }
  const [product] = await tx
    .select()
    .from(ocopProducts)
    .where(eq(ocopProducts.id, application.productId))
    .for('update');
  if (!product) throw new AppError('ocop.decision_application_not_found', 404);
  const year = Number(input.decidedOn.slice(0, 4));
  const number = await nextCertificateNumber(tx, application.provinceCode, year);
  const code = product.code ?? (await nextProductCode(tx, product, year));
  const superseded = await tx
    .update(ocopCertificates)
    .set({
      state: 'superseded',
      updatedAt: new Date(),
      version: sql`${ocopCertificates.version} + 1`,
    })
    .where(and(eq(ocopCertificates.productId, product.id), eq(ocopCertificates.state, 'valid')))
    .returning({ id: ocopCertificates.id, number: ocopCertificates.number });
  const [certificate] = await tx
    .insert(ocopCertificates)
    .values({
      number,
      productId: product.id,
      applicationId: application.id,
      provinceCode: application.provinceCode,
      ruleVersion: rules.code,
      level: round.level,
      stars,
      score: result.score,
      decisionNumber: input.decisionNumber,
      decidedOn: input.decidedOn,
      signer: input.signer,
      validFrom: input.decidedOn,
      validTo: certificateValidTo(rules, input.decidedOn),
      createdBy: actor.userId,
    })
    .returning();
  await tx
    .update(ocopProducts)
    .set({
      code,
      stars,
      certificateId: certificate!.id,
      version: product.version + 1,
      updatedAt: new Date(),
    })
    .where(eq(ocopProducts.id, product.id));
  await tx
    .update(ocopApplications)
    .set({
      state: 'decided',
      decidedStars: stars,
      version: application.version + 1,
      updatedAt: new Date(),
    })
    .where(eq(ocopApplications.id, application.id));
  await recordAudit(tx, context, {
    action: 'ocop.application.decide',
    entityType: 'ocop_application',
    entityId: application.id,
    provinceCode: application.provinceCode,
    before: { state: application.state },
    after: {
      state: 'decided',
      stars,
      certificate: number,
      code,
      decisionNumber: input.decisionNumber,
      superseded: superseded.map((row) => row.number),
    },
  });
  await notifyUsers(tx, await producerUserIds(tx, product.producerId), {
    kind: 'ocop.certificate_issued',
    params: { product: product.name, stars, number },
    link: `/san-pham-ocop/${encodeURIComponent(code)}`,
  });
  return present(tx, certificate!);
}

async function canReadCertificate(
  executor: Executor,
  context: RequestContext,
  row: CertificateRow,
): Promise<void> {
  const { producer } = await productAndProducer(executor, row.productId);
  await canReadProducer(executor, context, producer);
}

/** `GET /certificates/:id`: offices over the product's commune and the producer's accounts. */
export async function getCertificate(
  executor: Executor,
  context: RequestContext,
  id: string,
): Promise<CertificateView> {
  const row = await loadCertificate(executor, id);
  await canReadCertificate(executor, context, row);
  return present(executor, row);
}

/** `POST /certificates/:id/revoke`: with a reason code of the certificate's rule version. */
export async function revokeCertificate(
  tx: Tx,
  context: RequestContext,
  id: string,
  input: { reason: string; note?: string | null | undefined; version: number },
): Promise<CertificateView> {
  const row = await loadCertificate(tx, id, { lock: true });
  await canManageRound(tx, context, {
    level: row.level,
    provinceCode: row.level === 'central' ? null : row.provinceCode,
  });
  if (row.version !== input.version) {
    throw new AppError('conflict', 409, { current: row.version, sent: input.version });
  }
  if (row.state !== 'valid') refuse('ocop.certificate_not_valid', { state: row.state });
  const rules = ruleVersionByCode(row.ruleVersion);
  if (!rules.revocationReasons.some((reason) => reason.code === input.reason)) {
    refuse('ocop.revocation_reason_unknown', {
      reason: input.reason,
      rule: rules.decision,
      reasons: rules.revocationReasons.map((reason) => reason.code).join(', '),
    });
  }
  const [updated] = await tx
    .update(ocopCertificates)
    .set({
      state: 'revoked',
      revocationReason: input.reason,
      revocationNote: input.note ?? null,
      revokedAt: new Date(),
      version: row.version + 1,
      updatedAt: new Date(),
    })
    .where(eq(ocopCertificates.id, id))
    .returning();
  const product = await clearProductStars(tx, row);
  await recordAudit(tx, context, {
    action: 'ocop.certificate.revoke',
    entityType: 'ocop_certificate',
    entityId: id,
    provinceCode: row.provinceCode,
    before: { state: row.state },
    after: { state: 'revoked', reason: input.reason, note: input.note ?? null },
  });
  await notifyUsers(tx, await producerUserIds(tx, product.producerId), {
    kind: 'ocop.certificate_revoked',
    params: { product: product.name, number: row.number },
    link: null,
  });
  return present(tx, updated!);
}

/** The product loses its stars when the certificate it shows ends (revoked, expired). */
async function clearProductStars(tx: Tx, row: CertificateRow) {
  const [product] = await tx.select().from(ocopProducts).where(eq(ocopProducts.id, row.productId));
  if (product && product.certificateId === row.id) {
    await tx
      .update(ocopProducts)
      .set({
        stars: null,
        certificateId: null,
        version: product.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(ocopProducts.id, product.id));
  }
  return product!;
}

// ---- The certificate PDF ------------------------------------------------------------------------

const PRODUCER_KINDS: Record<string, string> = {
  cooperative: 'Hợp tác xã',
  cooperative_group: 'Tổ hợp tác',
  company: 'Doanh nghiệp',
  household: 'Hộ kinh doanh',
};

/** The official layout is not in the reference: the PDF says it follows practice. */
export const CERTIFICATE_LAYOUT_NOTE = 'Mẫu theo thực tiễn, chưa đối chiếu mẫu chính thức';

function certificateDefinition(input: {
  row: CertificateRow;
  productName: string;
  productCode: string | null;
  producerName: string;
  producerKind: string;
  address: string;
  provinceName: string;
  rules: OcopRuleVersion | null;
}): TDocumentDefinitions {
  const { row } = input;
  const issuer =
    row.level === 'central'
      ? 'BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG'
      : `ỦY BAN NHÂN DÂN ${input.provinceName.toUpperCase()}`;
  const content: Content[] = [
    {
      columns: [
        { width: '40%', text: issuer, bold: true, alignment: 'center', fontSize: 11 },
        {
          width: '60%',
          stack: [
            { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true },
            { text: 'Độc lập - Tự do - Hạnh phúc', bold: true, decoration: 'underline' },
          ],
          alignment: 'center',
          fontSize: 11,
        },
      ],
    },
    {
      text: 'GIẤY CHỨNG NHẬN SẢN PHẨM OCOP',
      fontSize: 22,
      bold: true,
      alignment: 'center',
      margin: [0, 36, 0, 6],
    },
    { text: `Số: ${row.number}`, alignment: 'center', margin: [0, 0, 0, 24] },
    { text: 'Chứng nhận sản phẩm', alignment: 'center' },
    {
      text: input.productName,
      fontSize: 18,
      bold: true,
      alignment: 'center',
      margin: [0, 4, 0, 4],
    },
    ...(input.productCode
      ? [{ text: `Mã sản phẩm: ${input.productCode}`, alignment: 'center' as const }]
      : []),
    { text: 'của chủ thể', alignment: 'center', margin: [0, 12, 0, 0] },
    {
      text: `${PRODUCER_KINDS[input.producerKind] ?? ''} ${input.producerName}`.trim(),
      fontSize: 14,
      bold: true,
      alignment: 'center',
    },
    { text: input.address, alignment: 'center', margin: [0, 2, 0, 16] },
    { text: 'Đạt hạng', alignment: 'center' },
    {
      text: '★'.repeat(row.stars),
      fontSize: 36,
      color: '#c8102e',
      alignment: 'center',
      margin: [0, 4, 0, 0],
    },
    {
      text: `(${row.stars} sao, ${row.score.toFixed(2).replace('.', ',')} điểm)`,
      alignment: 'center',
      margin: [0, 0, 0, 16],
    },
    {
      text: `Theo Quyết định số ${row.decisionNumber} ngày ${displayDate(row.decidedOn)}${input.rules ? ` (${input.rules.decision})` : ''}.`,
      alignment: 'center',
    },
    {
      text: `Giấy chứng nhận có giá trị từ ngày ${displayDate(row.validFrom)} đến ngày ${displayDate(row.validTo)}.`,
      alignment: 'center',
      margin: [0, 4, 0, 24],
    },
    {
      columns: [
        { width: '45%', text: '' },
        {
          width: '55%',
          stack: [
            {
              text: officialDateLine(input.provinceName || 'Hà Nội', row.decidedOn),
              italics: true,
            },
            {
              text: row.level === 'central' ? 'BỘ TRƯỞNG' : 'CHỦ TỊCH',
              bold: true,
              margin: [0, 6, 0, 48],
            },
            { text: row.signer, bold: true },
          ],
          alignment: 'center',
        },
      ],
    },
    ...(row.state === 'valid'
      ? []
      : [
          {
            text: `Giấy chứng nhận này không còn hiệu lực (${row.state === 'revoked' ? 'đã thu hồi' : row.state === 'expired' ? 'hết hạn' : 'đã được thay thế'}).`,
            bold: true,
            color: '#c8102e',
            alignment: 'center' as const,
            margin: [0, 16, 0, 0] as [number, number, number, number],
          },
        ]),
    {
      text: CERTIFICATE_LAYOUT_NOTE,
      fontSize: 8,
      italics: true,
      alignment: 'center',
      margin: [0, 24, 0, 0],
    },
  ];
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [48, 36, 48, 36],
    language: 'vi-VN',
    compress: true,
    info: {
      title: `Giấy chứng nhận sản phẩm OCOP ${row.number}`,
      creator: 'Nền tảng số Nông thôn mới',
      producer: 'Nền tảng số Nông thôn mới (pdfmake)',
    },
    defaultStyle: { font: PDF_FONT, fontSize: 12, lineHeight: 1.15 },
    background: () => ({
      canvas: [
        { type: 'rect', x: 20, y: 20, w: 801.89, h: 555.28, lineWidth: 3, lineColor: '#c8102e' },
      ],
    }),
    content,
  };
}

/**
 * `GET /certificates/:id.pdf`: public for a valid certificate (the catalogue links it); others
 * only for those who may read the certificate.
 */
export async function certificatePdf(
  executor: Executor,
  context: RequestContext,
  id: string,
): Promise<{ name: string; bytes: Buffer; row: CertificateRow }> {
  const row = await loadCertificate(executor, id);
  if (row.state !== 'valid') await canReadCertificate(executor, context, row);
  const { product, producer } = await productAndProducer(executor, row.productId);
  const commune = await findUnitById(executor, producer.communeUnitId);
  const province = commune
    ? await findUnitById(executor, Number(commune.path.split('.')[0]))
    : null;
  configurePdfmake();
  const bytes = await pdfmake
    .createPdf(
      certificateDefinition({
        row,
        productName: product.name,
        productCode: product.code,
        producerName: producer.name,
        producerKind: producer.kind,
        address: [producer.address, commune?.name, province?.name].filter(Boolean).join(', '),
        provinceName: province?.name ?? '',
        rules: findRuleVersion(row.ruleVersion),
      }),
    )
    .getBuffer();
  return { name: `giay-chung-nhan-ocop-${row.number.replace(/\//g, '-')}.pdf`, bytes, row };
}

// ---- Expiry --------------------------------------------------------------------------------------

/** The offices alerted about a commune's certificates: the province office over it. */
const ALERTED_ROLES = ['province'] as const;

/**
 * Alerts once each at `expiryAlertMonths` (6 and 3) months before a valid certificate's last day
 * (the producer's accounts and the province office), recorded in `alertsSent`; a valid
 * certificate past its last day becomes `expired` and its product loses its stars. Returns what
 * it did. Runs in its own transaction per call.
 */
export async function sendExpiryAlerts(
  executor: Executor & { transaction: Tx['transaction'] },
  today: string = todayInVietnam(),
): Promise<{ alerts: number; expired: number }> {
  return executor.transaction(async (tx) => {
    let alerts = 0;
    let expired = 0;
    const ending = await tx
      .update(ocopCertificates)
      .set({
        state: 'expired',
        updatedAt: new Date(),
        version: sql`${ocopCertificates.version} + 1`,
      })
      .where(and(eq(ocopCertificates.state, 'valid'), sql`${ocopCertificates.validTo} < ${today}`))
      .returning();
    for (const row of ending) {
      await clearProductStars(tx, row);
      expired++;
    }
    if (ending.length > 0) {
      await recordAudit(tx, systemContext('ocop-expiry'), {
        action: 'ocop.certificate.expire',
        entityType: 'ocop_certificate',
        details: { certificates: ending.map((row) => row.number) },
      });
    }
    // Certificates within the largest alert window of any version (7 years is more than any).
    const horizon = new Date(`${today}T00:00:00Z`);
    horizon.setUTCFullYear(horizon.getUTCFullYear() + 7);
    const candidates = await tx
      .select()
      .from(ocopCertificates)
      .where(
        and(
          eq(ocopCertificates.state, 'valid'),
          lte(ocopCertificates.validTo, horizon.toISOString().slice(0, 10)),
        ),
      )
      .orderBy(asc(ocopCertificates.validTo))
      .limit(5000);
    for (const row of candidates) {
      const rules = findRuleVersion(row.ruleVersion);
      if (!rules) continue;
      const due = rules.expiryAlertMonths.filter((months) => {
        const [at] = expiryAlertDates({ ...rules, expiryAlertMonths: [months] }, row.validTo);
        return at !== undefined && at <= today && !row.alertsSent.includes(months);
      });
      if (due.length === 0) continue;
      const months = Math.min(...due);
      const { product, producer } = await productAndProducer(tx, row.productId);
      const holders = await roleHoldersOver(tx, producer.communeUnitId, ALERTED_ROLES);
      await notifyUsers(
        tx,
        [...(await producerUserIds(tx, producer.id)), ...holders.map((holder) => holder.userId)],
        {
          kind: 'ocop.certificate_expiring',
          params: {
            number: row.number,
            product: product.name,
            validTo: displayDate(row.validTo),
            months,
          },
          link: '/ocop',
        },
      );
      await tx
        .update(ocopCertificates)
        .set({ alertsSent: [...new Set([...row.alertsSent, ...due])].sort((a, b) => b - a) })
        .where(eq(ocopCertificates.id, row.id));
      alerts++;
    }
    return { alerts, expired };
  });
}

/** How often the server sends due expiry alerts and marks expired certificates. */
export const EXPIRY_INTERVAL_MS = 6 * 3600_000;
const EXPIRY_FIRST_DELAY_MS = 90_000;

/** Runs `sendExpiryAlerts` 90 s after start, then every six hours, while the app runs. */
export function scheduleExpiryAlerts(app: FastifyInstance): void {
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    try {
      await sendExpiryAlerts(app.database.db);
    } catch (error) {
      app.log.warn({ err: error }, 'OCOP expiry alerts failed');
    }
  };
  const first = setTimeout(() => {
    void run();
    timer = setInterval(() => void run(), EXPIRY_INTERVAL_MS);
    timer.unref();
  }, EXPIRY_FIRST_DELAY_MS);
  first.unref();
  app.addHook('onClose', () => {
    clearTimeout(first);
    if (timer) clearInterval(timer);
  });
}
