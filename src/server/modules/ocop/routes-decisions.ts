import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { contentDisposition } from '../../files/download';
import { PDF_TYPE } from '../../files/pdf';
import { readUpload, skipBodyValidation } from '../values/evidence-routes';
import {
  certificateView,
  decisionBody,
  errorResponse,
  publishSheetBody,
  revokeBody,
  sheetListQuery,
  sheetProblemsResponse,
  sheetView,
  updateSheetBody,
} from './api-public';
import {
  certificatePdf,
  decideApplication,
  getCertificate,
  revokeCertificate,
  scheduleExpiryAlerts,
} from './certificates';
import {
  getSheet,
  importSheet,
  listSheets,
  publishSheet,
  sheetTemplate,
  updateSheet,
  type SheetUpload,
} from './sheets';

/**
 * OCOP's score sheets (import from YAML or Excel, publish, read) and decisions (the decision on a
 * scored application, the certificate, its PDF, revocation) — docs/ocop.md. Also schedules the
 * certificates' expiry alerts while the app runs.
 */

const tags = ['OCOP: phiếu đánh giá, quyết định, giấy chứng nhận'];
const refusals = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  422: errorResponse,
};
const idParams = z.object({ id: z.string().uuid() });
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
/** The largest sheet file accepted (a sheet is a few hundred rows). */
const SHEET_UPLOAD_LIMIT = 5 * 1024 * 1024;

export const ocopDecisionRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  app.addContentTypeParser(
    YAML_TYPES,
    { parseAs: 'string', bodyLimit: SHEET_UPLOAD_LIMIT },
    (_request, body, done) => done(null, body),
  );
  scheduleExpiryAlerts(app);

  app.get(
    '/api/v1/ocop/sheets',
    {
      schema: {
        tags,
        summary: 'Các phiếu đánh giá (lọc theo bộ sản phẩm, phiên bản quy định, trạng thái)',
        querystring: sheetListQuery,
        response: { 200: z.object({ items: z.array(sheetView) }), ...refusals },
      },
    },
    async (request) => ({ items: await listSheets(db, request.context, request.query) }),
  );

  app.get(
    '/api/v1/ocop/sheets/template.xlsx',
    {
      schema: {
        tags,
        summary: 'Mẫu Excel để nhập một phiếu đánh giá (mỗi dòng một lựa chọn)',
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (_request, reply) => {
      const file = await sheetTemplate();
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(file.name, file.name))
        .send(file.bytes);
    },
  );

  app.get(
    '/api/v1/ocop/sheets/:id',
    {
      schema: {
        tags,
        summary: 'Một phiếu đánh giá, toàn bộ cây tiêu chí',
        params: idParams,
        response: { 200: sheetView, ...refusals },
      },
    },
    async (request) => getSheet(db, request.context, request.params.id),
  );

  app.post(
    '/api/v1/ocop/sheets',
    {
      validatorCompiler: skipBodyValidation as never,
      schema: {
        tags,
        summary: 'Nhập một phiếu đánh giá (bản nháp) từ YAML hoặc Excel',
        description:
          'Quản trị viên, Văn phòng Điều phối trung ương. Gửi YAML (`text/plain` hoặc ' +
          '`application/yaml`), hoặc `multipart/form-data` với tệp Excel trong trường `file` ' +
          '(theo `GET /sheets/template.xlsx`). Mọi lỗi (dòng, cột với Excel; tiếng Việt) trả về cùng ' +
          'lúc (422, `errors`); có lỗi thì không ghi gì.',
        consumes: ['text/plain', 'application/yaml', 'multipart/form-data'],
        response: {
          201: sheetView,
          ...refusals,
          413: errorResponse,
          415: errorResponse,
          422: sheetProblemsResponse,
        },
      },
    },
    async (request, reply) => {
      let upload: SheetUpload;
      if (request.isMultipart()) {
        const file = await readUpload(request, SHEET_UPLOAD_LIMIT);
        upload = { kind: 'excel', bytes: file.bytes };
      } else if (typeof request.body === 'string') {
        upload = { kind: 'yaml', text: request.body };
      } else {
        throw new AppError('ocop.sheet_upload_kind', 415);
      }
      const sheet = await db.transaction((tx) =>
        importSheet(tx, request.context, upload, request.language),
      );
      return reply.code(201).send(sheet);
    },
  );

  app.patch(
    '/api/v1/ocop/sheets/:id',
    {
      schema: {
        tags,
        summary: 'Sửa một phiếu nháp (toàn bộ, YAML); phiếu đã công bố không sửa được (409)',
        params: idParams,
        body: updateSheetBody,
        response: { 200: sheetView, ...refusals, 422: sheetProblemsResponse },
      },
    },
    async (request) =>
      db.transaction((tx) =>
        updateSheet(tx, request.context, request.params.id, request.body, request.language),
      ),
  );

  app.post(
    '/api/v1/ocop/sheets/:id/publish',
    {
      schema: {
        tags,
        summary: 'Công bố một phiếu nháp (không sửa được nữa)',
        params: idParams,
        body: publishSheetBody,
        response: { 200: sheetView, ...refusals },
      },
    },
    async (request) =>
      db.transaction((tx) =>
        publishSheet(tx, request.context, request.params.id, request.body.version),
      ),
  );

  app.post(
    '/api/v1/ocop/applications/:id/decision',
    {
      schema: {
        tags,
        summary: 'Quyết định công nhận và cấp giấy chứng nhận sản phẩm OCOP',
        description:
          'Văn phòng Điều phối tỉnh của đợt (đợt Trung ương: Văn phòng Điều phối trung ương). Chỉ hồ ' +
          'sơ đã có kết quả chấm (`scored`); hạng sao không cao hơn kết quả của hội đồng, thuộc thẩm ' +
          'quyền của cấp quyết định theo phiên bản quy định, không dưới hạng tối thiểu (26/2026: 3 ' +
          'sao). Mỗi lần từ chối: 422 kèm lý do, không thay đổi gì.',
        params: idParams,
        body: decisionBody,
        response: { 201: certificateView, ...refusals },
      },
    },
    async (request, reply) => {
      const certificate = await db.transaction((tx) =>
        decideApplication(tx, request.context, request.params.id, request.body),
      );
      return reply.code(201).send(certificate);
    },
  );

  app.get(
    '/api/v1/ocop/certificates/:id.pdf',
    {
      schema: {
        tags,
        summary: 'Giấy chứng nhận sản phẩm OCOP (PDF)',
        description: 'Công khai khi giấy còn hiệu lực; khi không: người được xem giấy chứng nhận.',
        params: idParams,
        produces: [PDF_TYPE],
      },
    },
    async (request, reply) => {
      const file = await certificatePdf(db, request.context, request.params.id);
      return reply
        .type(PDF_TYPE)
        .header(
          'content-disposition',
          contentDisposition(file.name, file.name).replace(/^attachment/, 'inline'),
        )
        .header(
          'cache-control',
          file.row.state === 'valid' ? 'public, max-age=300' : 'private, no-store',
        )
        .send(file.bytes);
    },
  );

  app.get(
    '/api/v1/ocop/certificates/:id',
    {
      schema: {
        tags,
        summary: 'Một giấy chứng nhận OCOP',
        params: idParams,
        response: { 200: certificateView, ...refusals },
      },
    },
    async (request) => getCertificate(db, request.context, request.params.id),
  );

  app.post(
    '/api/v1/ocop/certificates/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Thu hồi giấy chứng nhận (lý do theo phiên bản quy định)',
        params: idParams,
        body: revokeBody,
        response: { 200: certificateView, ...refusals },
      },
    },
    async (request) =>
      db.transaction((tx) =>
        revokeCertificate(tx, request.context, request.params.id, request.body),
      ),
  );
};
