import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorResponse,
  statsCommunesQuery,
  statsCommunesResponse,
  statsQuery,
  statsSummaryResponse,
} from './api';
import { contentEtag, getStatsSummaryAnswer, listStatsCommunes } from './service';

const serialised = (body: object) => ({ json: JSON.stringify(body), etag: contentEtag(body) });

const tags = ['Thống kê'];
const refusals = { 400: errorResponse, 404: errorResponse, 422: errorResponse };
const notModified = z.null().describe('Không đổi (ETag khớp)');

/**
 * Answers with an ETag of the content (the generation time left out): a client sending it back in
 * If-None-Match gets 304. Guests' answers may be cached by shared caches for a minute. The body is
 * serialised here once (the schema documents it; validating tens of kilobytes of figures on every
 * cached answer would cost more than computing them).
 */
function withEtag(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: { json: string; etag: string },
) {
  reply
    .header('etag', answer.etag)
    .header('cache-control', request.context.actor ? 'private, max-age=0' : 'public, max-age=60')
    .header('vary', 'Cookie, Accept-Language');
  if (request.headers['if-none-match'] === answer.etag) return reply.code(304).send(null);
  return reply.type('application/json; charset=utf-8').send(answer.json);
}

/** Public statistics: roll-ups of stored evaluations and the communes behind each figure. */
export const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/stats/summary',
    {
      schema: {
        tags,
        summary: 'Tổng hợp kết quả nông thôn mới của cả nước hoặc một đơn vị',
        description:
          'Số và tỷ lệ xã đạt đủ tiêu chí (theo số liệu, chưa phải công nhận đạt chuẩn), số tiêu chí đạt bình quân, phân bố theo số tiêu chí đạt ' +
          '(19 / 15–18 / 10–14 / 5–9 / dưới 5, quy đổi cho bộ có số tiêu chí khác), tỷ lệ xã đạt ' +
          'từng tiêu chí và chỉ tiêu, số liệu còn thiếu, so với năm trước, và từng đơn vị cấp dưới. ' +
          'Tính từ kết quả đánh giá đã lưu bằng SQL. Khách và người ngoài phạm vi chỉ thấy số ' +
          'liệu đã duyệt. Có ETag (If-None-Match → 304).',
        querystring: statsQuery,
        response: { 200: statsSummaryResponse, 304: notModified, ...refusals },
      },
    },
    async (request, reply) =>
      withEtag(request, reply, await getStatsSummaryAnswer(db, request.context, request.query)),
  );

  app.get(
    '/api/v1/stats/communes',
    {
      schema: {
        tags,
        summary: 'Danh sách xã đứng sau một số liệu tổng hợp',
        description:
          'Các xã của phạm vi (cùng tham số với /stats/summary) theo bộ lọc: đạt đủ tiêu chí, chưa đạt, ' +
          'thiếu số liệu, theo nhóm số tiêu chí đạt, theo một tiêu chí hoặc chỉ tiêu; xếp theo ' +
          'tên tiếng Việt, phân trang.',
        querystring: statsCommunesQuery,
        response: { 200: statsCommunesResponse, 304: notModified, ...refusals },
      },
    },
    async (request, reply) =>
      withEtag(
        request,
        reply,
        serialised(await listStatsCommunes(db, request.context, request.query)),
      ),
  );
};
