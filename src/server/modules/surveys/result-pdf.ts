import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Tally } from '../../../domain/surveys/types';
import type { RequestContext } from '../../auth/actor';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import { configurePdfmake, officialDateLine, PDF_FONT } from '../../files/pdf';
import { findUnitById } from '../units/lookup';
import { displayDate } from '../units/model';
import { loadCampaignRow, surveyToday, type CampaignRow } from './campaigns';
import { canReadCampaign } from './policy';

/**
 * The result sheet posted in each village (thông báo kết quả lấy ý kiến): the national motto, the
 * Front committee, the village's coverage beside the commune's, satisfaction per content and
 * overall, every rule with Đạt / Không đạt and its threshold, the posting period. Shares are cut
 * (never rounded up) to one decimal, so a failing 69,96 % never reads "70,0 %".
 */

const percentFormats = [0, 1].map(
  (digits) =>
    new Intl.NumberFormat('vi-VN', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }),
);
/** `70,5%` (Vietnamese marks), `—` for no value. */
function formatPercent(value: number | null, digits: 0 | 1 = 1): string {
  return value === null ? '—' : `${percentFormats[digits]!.format(value)}%`;
}
const cut = (value: number | null) => (value === null ? null : Math.floor(value * 10) / 10);
const percent = (value: number | null) => formatPercent(cut(value));

const ruleNames: Record<string, string> = {
  coverage_total: 'Tỷ lệ hộ được lấy ý kiến',
  coverage_each_village: 'Tỷ lệ hộ được lấy ý kiến ở mỗi thôn',
  overall_satisfaction: 'Tỷ lệ hộ hài lòng (câu hỏi chung)',
  question_satisfaction_each: 'Tỷ lệ hài lòng ở mỗi nội dung',
  commune_question_satisfaction_each: 'Tỷ lệ hài lòng ở mỗi xã, mỗi nội dung',
};

interface ResultDocument {
  campaign: Pick<CampaignRow, 'reference' | 'title' | 'questionnaire' | 'postedOn' | 'postedUntil'>;
  unitName: string;
  provinceName: string;
  village: string | null;
  tally: Tally;
  live: boolean;
  date: string;
}

export function resultDefinition(document: ResultDocument): TDocumentDefinitions {
  const { tally } = document;
  const village = document.village
    ? tally.villages.find((row) => row.village === document.village)
    : undefined;
  const header: TableCell[] = [
    'TT',
    'Nội dung',
    'Hài lòng',
    'Không hài lòng',
    'Bỏ trống',
    'Tỷ lệ hài lòng',
  ].map((text) => ({ text, bold: true, alignment: 'center' }));
  const questionRows: TableCell[][] = tally.questions.map((question) => [
    { text: String(question.number), alignment: 'center' },
    question.content,
    { text: String(question.satisfied), alignment: 'right' },
    { text: String(question.dissatisfied), alignment: 'right' },
    { text: String(question.blank), alignment: 'right' },
    { text: percent(question.share), alignment: 'right' },
  ]);
  questionRows.push([
    { text: '', alignment: 'center' },
    { text: 'Hài lòng chung về kết quả xây dựng nông thôn mới', bold: true },
    { text: String(tally.overall.satisfied), alignment: 'right', bold: true },
    { text: String(tally.overall.dissatisfied), alignment: 'right', bold: true },
    { text: String(tally.overall.blank), alignment: 'right', bold: true },
    { text: percent(tally.overall.share), alignment: 'right', bold: true },
  ]);
  const ruleRows: TableCell[][] = tally.rules.map((rule) => [
    `${ruleNames[rule.kind] ?? rule.code}${rule.verified ? '' : ' (ngưỡng chưa xác minh)'}`,
    { text: `≥ ${formatPercent(rule.min, 0)}`, alignment: 'right' },
    { text: percent(rule.value), alignment: 'right' },
    { text: rule.passed ? '✓ Đạt' : '✗ Không đạt', bold: true, alignment: 'center' },
  ]);
  const content: Content[] = [
    {
      columns: [
        {
          width: '42%',
          stack: [
            { text: 'ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM', fontSize: 10 },
            { text: document.unitName.toUpperCase(), bold: true, fontSize: 10 },
          ],
          alignment: 'center',
        },
        {
          width: '58%',
          stack: [
            { text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', bold: true, fontSize: 10 },
            { text: 'Độc lập - Tự do - Hạnh phúc', bold: true, fontSize: 11 },
          ],
          alignment: 'center',
        },
      ],
    },
    {
      text: officialDateLine(document.provinceName || document.unitName, document.date),
      italics: true,
      alignment: 'right',
      margin: [0, 8, 0, 12],
    },
    {
      text: 'THÔNG BÁO KẾT QUẢ LẤY Ý KIẾN SỰ HÀI LÒNG CỦA NGƯỜI DÂN',
      bold: true,
      fontSize: 13,
      alignment: 'center',
    },
    { text: 'về kết quả xây dựng nông thôn mới', bold: true, alignment: 'center' },
    {
      text: `${document.campaign.title} (${document.campaign.reference})`,
      alignment: 'center',
      margin: [0, 2, 0, 10],
    },
    ...(document.live
      ? [
          {
            text: 'BẢN TẠM TÍNH — chưa tổng hợp chính thức, không dùng để niêm yết.',
            bold: true,
            color: '#b00020',
            margin: [0, 0, 0, 8],
          } as Content,
        ]
      : []),
    ...(village
      ? [
          {
            text: `${village.village}: ${village.answered}/${village.households} hộ được lấy ý kiến (${percent(village.coverage)}).`,
            margin: [0, 0, 0, 4],
          } as Content,
        ]
      : []),
    {
      text: `Toàn ${document.unitName}: ${tally.answered}/${tally.households} hộ được lấy ý kiến (${percent(tally.coverage)}).`,
      margin: [0, 0, 0, 8],
    },
    {
      table: { headerRows: 1, widths: [22, '*', 50, 58, 48, 60], body: [header, ...questionRows] },
      fontSize: 9,
    },
    { text: 'Đối chiếu với yêu cầu', bold: true, margin: [0, 12, 0, 4] },
    {
      table: {
        headerRows: 1,
        widths: ['*', 60, 60, 70],
        body: [
          ['Yêu cầu', 'Ngưỡng', 'Kết quả', 'Đánh giá'].map((text) => ({ text, bold: true })),
          ...ruleRows,
        ],
      },
      fontSize: 9,
    },
    {
      text: tally.passed
        ? 'Kết luận: kết quả lấy ý kiến ĐẠT các yêu cầu trên.'
        : 'Kết luận: kết quả lấy ý kiến CHƯA ĐẠT yêu cầu.',
      bold: true,
      margin: [0, 10, 0, 4],
    },
    ...(document.campaign.postedOn && document.campaign.postedUntil
      ? [
          {
            text: `Niêm yết công khai từ ngày ${displayDate(document.campaign.postedOn)} đến ngày ${displayDate(document.campaign.postedUntil)}.`,
          } as Content,
        ]
      : []),
    {
      text: 'Tỷ lệ làm tròn xuống một chữ số thập phân. Phiếu không ghi tên hộ; kết quả không thể cho biết hộ nào trả lời thế nào.',
      fontSize: 8,
      italics: true,
      margin: [0, 10, 0, 0],
    },
  ];
  return {
    pageSize: 'A4',
    pageMargins: [56, 40, 40, 40],
    language: 'vi-VN',
    compress: true,
    info: {
      title: `Kết quả lấy ý kiến ${document.campaign.reference}`,
      creator: 'Nền tảng số Nông thôn mới',
      producer: 'Nền tảng số Nông thôn mới (pdfmake)',
    },
    defaultStyle: { font: PDF_FONT, fontSize: 11, lineHeight: 1.2 },
    content,
    footer: (currentPage, pageCount) =>
      pageCount > 1
        ? { text: `${currentPage}/${pageCount}`, alignment: 'center', fontSize: 8 }
        : null,
  };
}

/** `GET /campaigns/{id}/result.pdf?village=`. */
export async function resultPdf(
  executor: Executor,
  context: RequestContext,
  id: string,
  village: string | undefined,
  tallyOf: (row: CampaignRow) => Promise<{ tally: Tally; live: boolean }>,
): Promise<{ name: string; bytes: Buffer }> {
  const row = await loadCampaignRow(executor, id);
  await canReadCampaign(executor, context, row.unitId);
  const { tally, live } = await tallyOf(row);
  if (village && !tally.villages.some((entry) => entry.village === village)) {
    throw new AppError('surveys.village_not_found', 404, { village });
  }
  const unit = await findUnitById(executor, row.unitId);
  const province = await findUnitById(executor, Number(unit?.path.split('.')[0] ?? 0));
  configurePdfmake();
  const bytes = await pdfmake
    .createPdf(
      resultDefinition({
        campaign: row,
        unitName: unit?.name ?? '',
        provinceName: province?.name.replace(/^(Tỉnh|Thành phố) /, '') ?? '',
        village: village ?? null,
        tally,
        live,
        date: row.postedOn ?? surveyToday(),
      }),
    )
    .getBuffer();
  return { name: `ket-qua-${row.reference}${village ? `-${village}` : ''}.pdf`, bytes };
}
