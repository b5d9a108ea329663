import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../errors';
import { errorResponse, statsQuery } from '../evaluation/api';
import { loadReportData, type ReportData } from './data';
import { buildReportPdf, PDF_TYPE } from './pdf';
import { buildReportWorkbook, XLSX_TYPE } from './xlsx';

const tags = ['Thống kê'];
const refusals = { 400: errorResponse, 404: errorResponse, 422: errorResponse, 503: errorResponse };

/**
 * Reports are built in memory and laying out a PDF holds the event loop: at most this many are
 * built at once, a few more wait their turn, the rest are refused (503, retry shortly).
 */
const MAX_BUILDING = 2;
const MAX_WAITING = 6;
const RETRY_SECONDS = 5;
let building = 0;
const waiting: Array<() => void> = [];

async function bounded<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  if (building >= MAX_BUILDING) {
    if (waiting.length >= MAX_WAITING) {
      reply.header('retry-after', String(RETRY_SECONDS));
      throw new AppError('reports.busy', 503, { seconds: RETRY_SECONDS });
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    building++;
  }
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else building--;
  }
}

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266 / 5987). */
function contentDisposition(asciiName: string, utf8Name: string): string {
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(utf8Name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function sendFile(
  reply: FastifyReply,
  data: ReportData,
  file: { type: string; extension: string; body: Buffer },
) {
  return reply
    .header('content-type', file.type)
    .header(
      'content-disposition',
      contentDisposition(
        `${data.fileBase}.${file.extension}`,
        `${data.displayBase}.${file.extension}`,
      ),
    )
    .header('cache-control', 'private, max-age=0, must-revalidate')
    .header('vary', 'Cookie')
    .header('x-content-type-options', 'nosniff')
    .send(file.body); // binary: described in the description, no 200 schema
}

const common =
  'Cùng tham số và cùng quyền xem với /api/v1/stats/summary (tính từ kết quả đánh giá đã lưu): ' +
  'khách và người xem ngoài phạm vi quản lý chỉ nhận số liệu đã duyệt, và báo cáo ghi rõ "Chỉ ' +
  'gồm số liệu đã duyệt". Đầu báo cáo: tiêu đề "BÁO CÁO KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM …", ' +
  'đơn vị (hoặc "Cả nước"), bộ tiêu chí và căn cứ, địa giới dùng để tổng hợp, số liệu gồm những ' +
  'gì, địa danh và ngày lập ("Lào Cai, ngày 23 tháng 11 năm 2026"). Tên tệp không dấu ' +
  '(`bao-cao-ntm-15-2025`) kèm tên tiếng Việt theo RFC 5987 (`filename*`). Không lưu đệm ở ' +
  'máy chủ trung gian (Cache-Control: private). Quá nhiều báo cáo đang lập cùng lúc → 503.';

/** The statistics summary as documents: an Excel workbook and an A4 PDF. */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/stats/report.xlsx',
    {
      schema: {
        tags,
        summary: 'Báo cáo kết quả nông thôn mới dạng Excel (xlsx)',
        description:
          'Trả về tệp xlsx (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) ' +
          'gồm các trang tính: "Tổng hợp" (quốc hiệu, tiêu đề, số và tỷ lệ xã đạt đủ tiêu chí theo số liệu, tiêu chí ' +
          'đạt bình quân, số liệu còn thiếu, so với năm trước, phân bố theo số tiêu chí đạt), ' +
          '"Đơn vị" (từng đơn vị cấp dưới), "Tiêu chí", "Chỉ tiêu" (tỷ lệ xã đạt) và "Mục tiêu" ' +
          '(tiến độ: Đạt / Đúng tiến độ / Chậm / Chưa có số liệu, số xã còn thiếu, hạn). Số là ' +
          'số thật, tỷ lệ định dạng %, dòng tiêu đề cố định. ' +
          common,
        querystring: statsQuery,
        response: refusals,
      },
    },
    async (request, reply) => {
      const { data, body } = await bounded(reply, async () => {
        const loaded = await loadReportData(db, request.context, request.query);
        return { data: loaded, body: await buildReportWorkbook(loaded) };
      });
      return sendFile(reply, data, { type: XLSX_TYPE, extension: 'xlsx', body });
    },
  );

  app.get(
    '/api/v1/stats/report.pdf',
    {
      schema: {
        tags,
        summary: 'Báo cáo kết quả nông thôn mới dạng PDF (A4)',
        description:
          'Trả về tệp PDF khổ A4 (application/pdf) có nhúng phông chữ tiếng Việt: quốc hiệu, ' +
          'tiêu ngữ và dòng cơ quan, địa danh và ngày, tiêu đề, số liệu chính, biểu đồ (phân bố ' +
          'theo số tiêu chí đạt, tỷ lệ xã đạt đủ tiêu chí của từng đơn vị, tỷ lệ xã đạt từng tiêu chí), ' +
          'bảng theo đơn vị, bảng tiêu chí, tiến độ mục tiêu; số trang "Trang 1/3" ở chân trang. ' +
          common,
        querystring: statsQuery,
        response: refusals,
      },
    },
    async (request, reply) => {
      const { data, body } = await bounded(reply, async () => {
        const loaded = await loadReportData(db, request.context, request.query);
        return { data: loaded, body: (await buildReportPdf(loaded)).data };
      });
      return sendFile(reply, data, { type: PDF_TYPE, extension: 'pdf', body });
    },
  );
};
