import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  amendCriteriaSetBody,
  createCriteriaSetBody,
  criteriaSetDiffView,
  diffQuery,
  criteriaSetCodeParams,
  criteriaSetDetail,
  criteriaSetSource,
  errorResponse,
  invalidSetResponse,
  listCriteriaSetsQuery,
  listCriteriaSetsResponse,
  publishCriteriaSetBody,
  updateCriteriaSetBody,
  validateCriteriaSetBody,
  validateCriteriaSetResponse,
} from './api';
import {
  amendCriteriaSet,
  createCriteriaSet,
  diffCriteriaSetVersions,
  CriteriaSetInvalid,
  findPublishedSet,
  getCriteriaSet,
  getCriteriaSetSource,
  issueViews,
  listCriteriaSets,
  publishCriteriaSet,
  updateCriteriaSet,
  validateCriteriaSet,
} from './service';

const tags = ['Bộ tiêu chí'];
const refusals = { 401: errorResponse, 403: errorResponse, 404: errorResponse };

/** A refused text: the usual error body plus `errors`, every problem with its line and column. */
async function answerInvalid<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  work: () => Promise<T>,
): Promise<T | FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof CriteriaSetInvalid)) throw error;
    request.log.info({ code: error.code, count: error.issues.length }, 'request rejected');
    return reply.code(422).send({
      error: {
        code: error.code,
        message: error.messageIn(request.language),
        params: error.params,
        requestId: request.id,
      },
      errors: issueViews(error.issues),
    });
  }
}

/**
 * Criteria sets: public reads of published sets; an administrator drafts, checks and publishes
 * new versions (each write audited in its transaction; refusals audited by the error handler).
 */
export const criteriaRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/criteria-sets',
    {
      schema: {
        tags,
        summary: 'Danh sách bộ tiêu chí',
        description:
          'Các bộ tiêu chí đã công bố (trung ương và của tỉnh), với căn cứ pháp lý, cấp, thời kỳ ' +
          'áp dụng và cách phân loại ngưỡng (theo vùng hoặc nhóm xã). Quản trị viên thấy cả bản nháp.',
        querystring: listCriteriaSetsQuery,
        response: { 200: listCriteriaSetsResponse, 400: errorResponse },
      },
    },
    async (request) => listCriteriaSets(db, request.context, request.query),
  );

  app.get(
    '/api/v1/criteria-sets/:code',
    {
      schema: {
        tags,
        summary: 'Một bộ tiêu chí: tiêu chí, chỉ tiêu và ngưỡng',
        description:
          'Các tiêu chí theo thứ tự, mỗi tiêu chí với các chỉ tiêu: loại, đơn vị tính, quy tắc và ' +
          'ngưỡng theo từng vùng/nhóm xã (và từng năm nếu có), cờ "đã xác minh", ghi chú, nguồn. ' +
          'Ngưỡng có verified = false là ngưỡng chưa đối chiếu với văn bản chính thức.',
        params: criteriaSetCodeParams,
        response: { 200: criteriaSetDetail, ...refusals },
      },
    },
    async (request) => getCriteriaSet(db, request.context, request.params.code),
  );

  app.get(
    '/api/v1/criteria-sets/:code/yaml',
    {
      schema: {
        tags,
        summary: 'Tệp YAML của bộ tiêu chí',
        description: 'Nội dung YAML gốc (để đối chiếu, hoặc làm điểm xuất phát cho phiên bản mới).',
        params: criteriaSetCodeParams,
        response: { 200: criteriaSetSource, ...refusals },
      },
    },
    async (request) => getCriteriaSetSource(db, request.context, request.params.code),
  );

  app.get(
    '/api/v1/criteria-sets/:code/definition',
    {
      schema: {
        tags,
        summary: 'Bộ tiêu chí dạng dữ liệu cho bộ máy đánh giá',
        description:
          'Bộ tiêu chí đã công bố (đã gộp với bộ gốc nếu kế thừa) đúng như bộ máy đánh giá dùng: ' +
          'trình duyệt tính kết quả ngay khi nhập bằng chính bộ máy này. Bộ đã công bố không bao ' +
          'giờ thay đổi nên được lưu đệm (ETag).',
        params: criteriaSetCodeParams,
        response: {
          200: z.record(z.string(), z.unknown()),
          304: z.null().describe('Không đổi so với bản đã lưu đệm'),
          ...refusals,
        },
      },
    },
    async (request, reply) => {
      const definition = await findPublishedSet(db, request.params.code);
      if (!definition) throw new AppError('criteria.not_found', 404, { code: request.params.code });
      const etag = `"${createHash('sha256').update(JSON.stringify(definition)).digest('hex').slice(0, 32)}"`;
      reply.header('etag', etag).header('cache-control', 'public, max-age=3600');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
      return definition as unknown as Record<string, unknown>;
    },
  );

  app.post(
    '/api/v1/criteria-sets',
    {
      schema: {
        tags,
        summary: 'Tạo bản nháp bộ tiêu chí từ YAML (quản trị viên)',
        description:
          'Kiểm tra toàn bộ tệp (định dạng, lớp, ngưỡng; với bộ kế thừa: chỉ được siết chặt ' +
          'ngưỡng của bộ gốc đã công bố) rồi lưu thành bản nháp. Tệp sai: 422 với danh sách ' +
          '`errors`, mỗi lỗi kèm dòng và cột; không lưu gì.',
        body: createCriteriaSetBody,
        response: {
          201: criteriaSetDetail,
          409: errorResponse,
          422: invalidSetResponse,
          ...refusals,
        },
      },
    },
    async (request, reply) =>
      answerInvalid(request, reply, async () => {
        const detail = await db.transaction((tx) =>
          createCriteriaSet(tx, request.context, request.body, request.language),
        );
        return reply.code(201).send(detail);
      }),
  );

  app.put(
    '/api/v1/criteria-sets/:code',
    {
      schema: {
        tags,
        summary: 'Lưu bản nháp (quản trị viên; kèm phiên bản đã đọc, 409 nếu đã bị sửa)',
        description:
          'Thay nội dung của một bản nháp. Bộ đã công bố không sửa được (409): hãy tạo bản nháp ' +
          'mới với mã mới. Tệp sai: 422 với `errors` (dòng, cột, lỗi).',
        params: criteriaSetCodeParams,
        body: updateCriteriaSetBody,
        response: {
          200: criteriaSetDetail,
          409: errorResponse,
          422: invalidSetResponse,
          ...refusals,
        },
      },
    },
    async (request, reply) =>
      answerInvalid(request, reply, () =>
        db.transaction((tx) =>
          updateCriteriaSet(
            tx,
            request.context,
            request.params.code,
            request.body,
            request.language,
          ),
        ),
      ),
  );

  app.post(
    '/api/v1/criteria-sets/:code/publish',
    {
      schema: {
        tags,
        summary: 'Công bố bộ tiêu chí (quản trị viên)',
        description:
          'Bản nháp trở thành bộ tiêu chí chính thức và từ đó không thay đổi được nữa. Gửi kèm ' +
          'phiên bản đã đọc (409 nếu bản nháp đã bị sửa sau đó, hoặc đã công bố).',
        params: criteriaSetCodeParams,
        body: publishCriteriaSetBody,
        response: { 200: criteriaSetDetail, 409: errorResponse, ...refusals },
      },
    },
    async (request) =>
      db.transaction((tx) =>
        publishCriteriaSet(tx, request.context, request.params.code, request.body),
      ),
  );

  app.post(
    '/api/v1/criteria-sets/:code/amendments',
    {
      schema: {
        tags,
        summary: 'Nhập văn bản sửa đổi một bộ đã công bố (quản trị viên)',
        description:
          'Tạo bản nháp phiên bản mới của bộ đã công bố `code`, mang mã mới, áp dụng từ ngày của ' +
          'văn bản sửa đổi (ví dụ 211/QĐ-TTg ngày 01/03/2024), ghi văn bản sửa đổi vào căn cứ ' +
          'pháp lý và phần `amendment`. Bộ đã công bố không bao giờ bị sửa trực tiếp: mã mới trùng ' +
          'mã cũ trả 409. Sau đó sửa bản nháp theo nội dung văn bản rồi công bố; xem khác biệt ' +
          'bằng `GET …/diff`.',
        params: criteriaSetCodeParams,
        body: amendCriteriaSetBody,
        response: {
          201: criteriaSetDetail,
          409: errorResponse,
          422: invalidSetResponse.or(errorResponse),
          ...refusals,
        },
      },
    },
    async (request, reply) =>
      answerInvalid(request, reply, async () => {
        const detail = await db.transaction((tx) =>
          amendCriteriaSet(
            tx,
            request.context,
            request.params.code,
            request.body,
            request.language,
          ),
        );
        return reply.code(201).send(detail);
      }),
  );

  app.get(
    '/api/v1/criteria-sets/:code/diff',
    {
      schema: {
        tags,
        summary: 'So sánh hai phiên bản của bộ tiêu chí',
        description:
          'Khác biệt từ phiên bản `with` (mặc định: phiên bản mà bộ này sửa đổi hoặc xuất phát ' +
          'từ) đến bộ `code`: chỉ tiêu thêm, bỏ, đổi quy tắc (ngưỡng), đổi tên…; tiêu chí thêm, ' +
          'bỏ, đổi tên; thông tin chung (căn cứ, thời kỳ áp dụng).',
        params: criteriaSetCodeParams,
        querystring: diffQuery,
        response: { 200: criteriaSetDiffView, ...refusals },
      },
    },
    async (request) =>
      diffCriteriaSetVersions(
        db,
        request.context,
        request.params.code,
        request.query.with,
        request.language,
      ),
  );

  app.post(
    '/api/v1/criteria-sets/:code/validate',
    {
      schema: {
        tags,
        summary: 'Kiểm tra thử nội dung YAML (quản trị viên; không lưu gì)',
        description:
          '`code` là bản nháp đang sửa, hoặc bộ dùng làm điểm xuất phát cho phiên bản mới (khi ' +
          'đó tệp phải mang mã mới). Trả về mọi lỗi kèm dòng và cột, hoặc tóm tắt bộ tiêu chí.',
        params: criteriaSetCodeParams,
        body: validateCriteriaSetBody,
        response: { 200: validateCriteriaSetResponse, ...refusals },
      },
    },
    async (request) =>
      validateCriteriaSet(
        db,
        request.context,
        request.params.code,
        request.body.yaml,
        request.language,
      ),
  );
};
