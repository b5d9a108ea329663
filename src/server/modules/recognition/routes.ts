import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import type { FileStore } from '../../files/store';
import { contentDisposition, downloadName } from '../values/evidence-content';
import { readUpload, skipBodyValidation, requireFileStore } from '../values/evidence-routes';
import {
  actionBody,
  commentBody,
  commentView,
  dossierDetail,
  dossierListQuery,
  dossierListResponse,
  dossierRefusalResponse,
  errorResponse,
  inboxResponse,
  kpiResponse,
  moderateBody,
  openDossierBody,
  openRevocationBody,
  publicDossierView,
  recognitionsQuery,
  recognitionsResponse,
  templatesResponse,
} from './api';
import { decisionPdf, listRecognitions } from './decisions';
import {
  attachDocument,
  documentForDownload,
  frozenEvidence,
  moderateComment,
  postComment,
} from './documents';
import { templateView } from './dossiers';
import { inboxOf, kpisOf } from './inbox';
import { canReadDossier } from './policy';
import { publicDossier } from './public';
import {
  actOnDossier,
  dossierDetail as readDossier,
  listDossiers,
  openDossier,
  openRevocation,
} from './service';
import { loadTemplates } from './templates';

const tags = ['Công nhận'];
const refusals = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: dossierRefusalResponse,
  422: dossierRefusalResponse,
};
const idParams = z.object({ id: z.string().uuid() });

async function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  store: FileStore,
  file: { sha256: string; mediaType: string; name: string },
  cache: 'public' | 'private',
) {
  if (!(await store.hasFile(file.sha256))) {
    throw new AppError('recognition.document_not_found', 404, {});
  }
  const etag = `"${file.sha256}"`;
  reply
    .header('etag', etag)
    .header('cache-control', cache === 'public' ? 'public, max-age=86400' : 'private, max-age=600')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cross-origin-resource-policy', 'same-origin');
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim() === etag)) return reply.code(304).send();
  const { size } = await fs.promises.stat(store.pathOf(file.sha256));
  return reply
    .type(file.mediaType)
    .header('content-length', size)
    .header(
      'content-disposition',
      contentDisposition(
        file.mediaType === 'application/pdf' ? 'inline' : 'attachment',
        downloadName(file.name, file.mediaType),
      ),
    )
    .send(store.openStream(file.sha256));
}

/**
 * Recognition and revocation (18/2022/QĐ-TTg, 131/2025/NĐ-CP): templates, dossiers and their
 * actions, documents, the work queue and KPIs; public: the posted dossier with its comments, the
 * register of recognitions and the decisions' PDFs. Registered after the evidence routes (it
 * shares their file store).
 */
export const recognitionRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const store = () => requireFileStore(app.database);
  const limit = app.config.uploadMaxBytes;

  app.get(
    '/api/v1/recognition/templates',
    {
      schema: {
        tags,
        summary: 'Quy trình xét, công nhận, thu hồi (theo phiên bản)',
        description:
          'Mọi phiên bản quy trình: loại hồ sơ, thời gian áp dụng, căn cứ, các bước (người thực ' +
          'hiện và cấp, thời hạn — `verified: false` khi chưa xác minh, danh mục hồ sơ, điều kiện, ' +
          'trả lại, từ chối). Công khai.',
        response: { 200: templatesResponse },
      },
    },
    async () => ({ items: (await loadTemplates(db)).map(templateView) }),
  );

  app.get(
    '/api/v1/dossiers',
    {
      schema: {
        tags,
        summary: 'Danh sách hồ sơ trong phạm vi người dùng',
        querystring: dossierListQuery,
        response: { 200: dossierListResponse, ...refusals },
      },
    },
    async (request) => listDossiers(db, request.context, request.query),
  );

  app.post(
    '/api/v1/dossiers',
    {
      schema: {
        tags,
        summary: 'Lập hồ sơ đề nghị công nhận',
        description:
          'Đơn vị (cán bộ xã với hồ sơ xã) lập hồ sơ: quy trình áp dụng theo loại hồ sơ và ngày ' +
          'lập; bộ tiêu chí trung ương có hiệu lực trong năm đánh giá (hoặc `set`). Kết quả tự ' +
          'đánh giá (giá trị, minh chứng, đánh giá) được đóng băng. 409 khi đơn vị đã có hồ sơ ' +
          'cùng loại đang xử lý.',
        body: openDossierBody,
        response: { 201: dossierDetail, ...refusals },
      },
    },
    async (request, reply) => {
      const id = await db.transaction((tx) =>
        openDossier(tx, request.context, request.body, request.language),
      );
      return reply.code(201).send(await readDossier(db, request.context, id));
    },
  );

  app.post(
    '/api/v1/dossiers/revocations',
    {
      schema: {
        tags,
        summary: 'Lập hồ sơ thu hồi quyết định công nhận',
        description:
          'VPĐP tỉnh lập hồ sơ thu hồi một công nhận (từ cảnh báo hoặc theo kết quả rà soát). ' +
          'Quyết định thu hồi, khi có, dẫn chiếu quyết định công nhận; quyết định gốc không bị sửa.',
        body: openRevocationBody,
        response: { 201: dossierDetail, ...refusals },
      },
    },
    async (request, reply) => {
      const id = await db.transaction((tx) => openRevocation(tx, request.context, request.body));
      return reply.code(201).send(await readDossier(db, request.context, id));
    },
  );

  app.get(
    '/api/v1/dossiers/kpis',
    {
      schema: {
        tags,
        summary: 'Chỉ số hồ sơ xử lý trực tuyến (924/QĐ-TTg)',
        querystring: z.object({
          province: z
            .string()
            .regex(/^\d{2}$/)
            .optional(),
          year: z.coerce.number().int().min(2000).max(2100).optional(),
        }),
        response: { 200: kpiResponse, ...refusals },
      },
    },
    async (request) => kpisOf(db, request.context, request.query),
  );

  app.get(
    '/api/v1/dossiers/:id',
    {
      schema: {
        tags,
        summary: 'Một hồ sơ: các bước, nhật ký, tự đánh giá đã đóng băng, quyền của người dùng',
        params: idParams,
        response: { 200: dossierDetail, ...refusals },
      },
    },
    async (request) => readDossier(db, request.context, request.params.id),
  );

  app.post(
    '/api/v1/dossiers/:id/actions',
    {
      schema: {
        tags,
        summary: 'Thực hiện một thao tác trên hồ sơ',
        description:
          'Chuyển bước (`proceed`), trả lại với lý do theo tiêu chí (`return`), từ chối (`refuse`), ' +
          'khai điều kiện, nhập kết quả hài lòng, ghi ý kiến, thẩm định từng tiêu chí, họp hội ' +
          'đồng, ghi quyết định (tạo PDF), công bố, chuyển quy trình, gắn/bỏ cờ. `version` là ' +
          'phiên bản hồ sơ đã đọc: 409 kèm hồ sơ hiện tại khi người khác vừa cập nhật. Sai bước, ' +
          'sai vai trò hoặc cấp, thiếu hồ sơ bắt buộc, điều kiện chưa đạt: 422 với danh sách lý ' +
          'do (`refusals`), không có gì thay đổi. Số quyết định trùng trong năm của cơ quan ban ' +
          'hành: 409.',
        params: idParams,
        body: actionBody,
        response: { 200: dossierDetail, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        actOnDossier(
          tx,
          request.context,
          store(),
          request.params.id,
          request.body,
          request.language,
        ),
      );
      return readDossier(db, request.context, request.params.id);
    },
  );

  app.post(
    '/api/v1/dossiers/:id/documents',
    {
      validatorCompiler: skipBodyValidation as never,
      schema: {
        tags,
        summary: 'Đính kèm một văn bản của bước hiện tại',
        description:
          'multipart/form-data: trường `documentCode` (mã văn bản trong danh mục của bước, hoặc ' +
          '`other`), `version` (phiên bản hồ sơ), rồi `file`. Loại tệp xác định theo nội dung ' +
          '(PDF, ảnh, Word, Excel, OpenDocument).',
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 200: dossierDetail, 413: errorResponse, 415: errorResponse, ...refusals },
      },
    },
    async (request) => {
      const { name, bytes, fields } = await readUpload(request, limit);
      const version = Number(fields.version);
      const documentCode = fields.documentCode;
      if (!documentCode || !Number.isInteger(version) || version < 1) {
        throw new AppError('recognition.upload_fields', 422, {});
      }
      await db.transaction((tx) =>
        attachDocument(
          tx,
          request.context,
          store(),
          request.params.id,
          { documentCode, version, name, bytes },
          request.language,
        ),
      );
      return readDossier(db, request.context, request.params.id);
    },
  );

  app.get(
    '/api/v1/dossiers/:id/documents/:documentId',
    {
      schema: {
        tags,
        summary: 'Tải một văn bản của hồ sơ',
        params: z.object({ id: z.string().uuid(), documentId: z.string().uuid() }),
        response: refusals,
      },
    },
    async (request, reply) =>
      sendFile(
        request,
        reply,
        store(),
        await documentForDownload(
          db,
          request.context,
          request.params.id,
          request.params.documentId,
          false,
        ),
        'private',
      ),
  );

  app.get(
    '/api/v1/dossiers/:id/evidence/:evidenceId',
    {
      schema: {
        tags,
        summary: 'Tải một tệp minh chứng đã đóng băng trong hồ sơ',
        description: 'Tệp minh chứng như lúc đóng băng, kể cả khi đơn vị đã xóa sau đó.',
        params: z.object({ id: z.string().uuid(), evidenceId: z.string().uuid() }),
        response: refusals,
      },
    },
    async (request, reply) =>
      sendFile(
        request,
        reply,
        store(),
        await frozenEvidence(db, request.context, request.params.id, request.params.evidenceId),
        'private',
      ),
  );

  app.patch(
    '/api/v1/dossiers/:id/comments/:commentId',
    {
      schema: {
        tags,
        summary: 'Kiểm duyệt và trả lời ý kiến của người dân',
        params: z.object({ id: z.string().uuid(), commentId: z.string().uuid() }),
        body: moderateBody,
        response: { 200: commentView, ...refusals },
      },
    },
    async (request) =>
      db.transaction((tx) =>
        moderateComment(
          tx,
          request.context,
          request.params.id,
          request.params.commentId,
          request.body,
        ),
      ),
  );

  app.get(
    '/api/v1/inbox',
    {
      schema: {
        tags,
        summary: 'Việc của tôi: hồ sơ đang chờ, cảnh báo thu hồi',
        description:
          'Các hồ sơ mà bước hiện tại do người dùng thực hiện (đúng vai trò và cấp, trong phạm ' +
          'vi), và các cảnh báo thu hồi (VPĐP tỉnh); quá hạn trước, rồi theo hạn (ngày làm việc).',
        response: { 200: inboxResponse, ...refusals },
      },
    },
    async (request) => inboxOf(app.database, request.context),
  );

  // --- Public (no login) -------------------------------------------------------------------------

  app.get(
    '/api/v1/public/dossiers/:id',
    {
      schema: {
        tags,
        summary: 'Trang công khai của hồ sơ (không cần đăng nhập)',
        description:
          'Trong thời gian niêm yết và sau khi quyết định được công bố: kết quả tự đánh giá, văn ' +
          'bản công khai, ý kiến đã kiểm duyệt và trả lời, quyết định. 404 khi hồ sơ chưa công khai.',
        params: idParams,
        response: { 200: publicDossierView, 404: errorResponse },
      },
    },
    async (request) => publicDossier(db, request.params.id),
  );

  app.get(
    '/api/v1/public/dossiers/:id/documents/:documentId',
    {
      schema: {
        tags,
        summary: 'Tải văn bản công khai của hồ sơ',
        params: z.object({ id: z.string().uuid(), documentId: z.string().uuid() }),
        response: { 404: errorResponse },
      },
    },
    async (request, reply) =>
      sendFile(
        request,
        reply,
        store(),
        await documentForDownload(
          db,
          request.context,
          request.params.id,
          request.params.documentId,
          true,
        ),
        'public',
      ),
  );

  app.post(
    '/api/v1/public/dossiers/:id/comments',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Gửi ý kiến về hồ sơ đang niêm yết (không cần đăng nhập)',
        description:
          'Chỉ trong thời gian niêm yết (422 ngoài thời gian). Ý kiến hiển thị sau khi được kiểm ' +
          'duyệt; thông tin liên hệ (nếu có) chỉ cơ quan xem. Giới hạn theo địa chỉ (429), ý kiến ' +
          'trùng bị từ chối (409).',
        params: idParams,
        body: commentBody,
        response: { 201: commentView, 429: errorResponse, ...refusals },
      },
    },
    async (request, reply) => {
      const comment = await db.transaction((tx) =>
        postComment(tx, request.context, request.params.id, request.body),
      );
      return reply.code(201).send(comment);
    },
  );

  app.get(
    '/api/v1/recognitions',
    {
      schema: {
        tags,
        summary: 'Danh sách công nhận (công khai)',
        description:
          'Các đơn vị được công nhận bằng quyết định đã công bố: loại, bộ tiêu chí (phiên bản), ' +
          'năm, quyết định (số, ngày, người ký, PDF công khai) và quyết định thu hồi nếu có.',
        querystring: recognitionsQuery,
        response: { 200: recognitionsResponse, 400: errorResponse },
      },
    },
    async (request) => listRecognitions(db, request.query),
  );

  app.get(
    '/api/v1/decisions/:id/pdf',
    {
      schema: {
        tags,
        summary: 'Bản PDF của quyết định',
        description: 'Công khai khi quyết định đã công bố; trước đó chỉ người xem được hồ sơ.',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: refusals,
      },
    },
    async (request, reply) => {
      const pdf = await decisionPdf(db, request.params.id, (unitId) =>
        canReadDossier(db, request.context, unitId),
      );
      return sendFile(
        request,
        reply,
        store(),
        { sha256: pdf.sha256, mediaType: 'application/pdf', name: pdf.name },
        pdf.published ? 'public' : 'private',
      );
    },
  );
};
