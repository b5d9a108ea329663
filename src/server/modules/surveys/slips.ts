import { randomBytes } from 'node:crypto';
import { and, inArray, isNull, sql } from 'drizzle-orm';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatHouseholdCode, makeHouseholdCode } from '../../../domain/surveys/codes';
import type { RequestContext } from '../../auth/actor';
import { queryRows, type Tx } from '../../db/client';
import { AppError } from '../../errors';
import { configurePdfmake, PDF_FONT } from '../../files/pdf';
import { recordAudit } from '../audit/service';
import { findUnitById } from '../units/lookup';
import { displayDate } from '../units/model';
import { codeHash } from './answers';
import { loadCampaignRow } from './campaigns';
import { canManageCampaign } from './policy';
import { surveyCodes } from './tables';

/**
 * One-time household codes and the slips they are printed on: each slip names the village and
 * the household's head (so the working group hands it to the right door), the code, the page to
 * open and a QR code that opens it with the code filled in. The codes exist in plain text only in
 * this PDF; the database keeps their hashes. Reissuing revokes a household's earlier code.
 */

const MAX_SLIPS = 20_000;

interface Slip {
  village: string;
  householdCode: string;
  headName: string;
  code: string;
}

export async function issueCodes(
  tx: Tx,
  context: RequestContext,
  id: string,
  body: { village?: string | undefined; householdIds?: number[] | undefined; reissue: boolean },
  publicBase: string,
): Promise<{ name: string; bytes: Buffer; count: number }> {
  const campaign = await loadCampaignRow(tx, id, { lock: true });
  await canManageCampaign(tx, context, campaign.unitId);
  if (!['planned', 'open'].includes(campaign.state)) {
    throw new AppError('surveys.codes_closed', 422, { reference: campaign.reference });
  }
  const conditions = [sql`h.campaign_id = ${campaign.id}`, sql`p.id IS NULL`];
  if (body.village) conditions.push(sql`h.village = ${body.village}`);
  if (body.householdIds?.length) {
    conditions.push(
      sql`h.id IN (${sql.join(
        body.householdIds.map((h) => sql`${h}`),
        sql`, `,
      )})`,
    );
  }
  if (!body.reissue) {
    conditions.push(
      sql`NOT EXISTS (SELECT 1 FROM survey_code c WHERE c.household_id = h.id AND c.revoked_at IS NULL)`,
    );
  }
  const households = await queryRows<{
    id: number;
    village: string;
    householdCode: string;
    headName: string;
  }>(
    tx,
    sql`SELECT h.id::int AS id, h.village, h.household_code AS "householdCode",
          h.head_name AS "headName"
        FROM survey_household h
        LEFT JOIN survey_participation p ON p.campaign_id = h.campaign_id AND p.household_id = h.id
        WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY h.village, h.household_code
        LIMIT ${MAX_SLIPS + 1}`,
  );
  if (households.length === 0) {
    throw new AppError('surveys.no_households_for_codes', 422, {});
  }
  if (households.length > MAX_SLIPS) {
    throw new AppError('surveys.too_many_codes', 422, { max: MAX_SLIPS });
  }
  const ids = households.map((household) => household.id);
  if (body.reissue) {
    for (let start = 0; start < ids.length; start += 1000) {
      await tx
        .update(surveyCodes)
        .set({ revokedAt: new Date() })
        .where(
          and(
            inArray(surveyCodes.householdId, ids.slice(start, start + 1000)),
            isNull(surveyCodes.revokedAt),
          ),
        );
    }
  }
  const slips: Slip[] = [];
  const rows: (typeof surveyCodes.$inferInsert)[] = [];
  for (const household of households) {
    const code = makeHouseholdCode(randomBytes(9));
    slips.push({ ...household, code });
    rows.push({
      campaignId: campaign.id,
      provinceCode: campaign.provinceCode,
      householdId: household.id,
      codeHash: codeHash(code),
    });
  }
  for (let start = 0; start < rows.length; start += 1000) {
    await tx.insert(surveyCodes).values(rows.slice(start, start + 1000));
  }
  await recordAudit(tx, context, {
    action: body.reissue ? 'survey.codes.reissue' : 'survey.codes.issue',
    entityType: 'survey_campaign',
    entityId: campaign.id,
    provinceCode: campaign.provinceCode,
    details: { count: slips.length, village: body.village ?? null },
  });
  const unit = await findUnitById(tx, campaign.unitId);
  const bytes = await renderSlips({
    title: campaign.title,
    reference: campaign.reference,
    unitName: unit?.name ?? '',
    closesOn: campaign.closesOn,
    pageUrl: `${publicBase}/khao-sat`,
    slips,
  });
  const name = `phieu-ma-ho-${campaign.reference}${body.village ? `-${body.village}` : ''}.pdf`;
  return { name, bytes, count: slips.length };
}

interface SlipsDocument {
  title: string;
  reference: string;
  unitName: string;
  closesOn: string;
  pageUrl: string;
  slips: Slip[];
}

/** Eight slips an A4 page (2 × 4), cut along the dashed lines. */
export function slipsDefinition(document: SlipsDocument): TDocumentDefinitions {
  const slipOf = (slip: Slip): Content => ({
    stack: [
      { text: 'PHIẾU LẤY Ý KIẾN SỰ HÀI LÒNG', bold: true, fontSize: 10, alignment: 'center' },
      { text: document.unitName, fontSize: 9, alignment: 'center', margin: [0, 0, 0, 4] },
      {
        columns: [
          { qr: `${document.pageUrl}?ma=${slip.code}`, fit: 82, width: 90 },
          {
            stack: [
              { text: slip.village, fontSize: 9 },
              { text: `Hộ: ${slip.headName}`, fontSize: 9, bold: true },
              { text: `Số hộ: ${slip.householdCode}`, fontSize: 8, color: '#333333' },
              { text: 'Mã của hộ:', fontSize: 8, margin: [0, 4, 0, 0] },
              {
                text: formatHouseholdCode(slip.code),
                fontSize: 13,
                bold: true,
                characterSpacing: 1,
              },
            ],
            width: '*',
          },
        ],
        columnGap: 6,
      },
      {
        text: [
          'Quét mã QR hoặc mở ',
          { text: document.pageUrl, bold: true },
          ` và nhập mã. Mỗi hộ trả lời một lần, đến hết ngày ${displayDate(document.closesOn)}. `,
          'Câu trả lời không ghi tên hộ.',
        ],
        fontSize: 7.5,
        margin: [0, 4, 0, 0],
      },
    ],
    margin: [8, 8, 8, 8],
  });
  const rows: Content[][] = [];
  for (let index = 0; index < document.slips.length; index += 2) {
    rows.push([
      slipOf(document.slips[index]!),
      document.slips[index + 1] ? slipOf(document.slips[index + 1]!) : { text: '' },
    ]);
  }
  return {
    pageSize: 'A4',
    pageMargins: [24, 28, 24, 28],
    language: 'vi-VN',
    compress: true,
    info: {
      title: `Phiếu mã hộ ${document.reference}`,
      creator: 'Nền tảng số Nông thôn mới',
      producer: 'Nền tảng số Nông thôn mới (pdfmake)',
    },
    defaultStyle: { font: PDF_FONT, fontSize: 9, lineHeight: 1.15 },
    content: [
      {
        table: { widths: ['*', '*'], heights: 186, dontBreakRows: true, body: rows },
        layout: {
          hLineStyle: () => ({ dash: { length: 4 } }),
          vLineStyle: () => ({ dash: { length: 4 } }),
          hLineColor: () => '#888888',
          vLineColor: () => '#888888',
        },
      },
    ],
    footer: (currentPage, pageCount) => ({
      text: `${document.reference} — trang ${currentPage}/${pageCount}`,
      alignment: 'center',
      fontSize: 7,
      color: '#555555',
    }),
  };
}

export async function renderSlips(document: SlipsDocument): Promise<Buffer> {
  configurePdfmake();
  return pdfmake.createPdf(slipsDefinition(document)).getBuffer();
}
