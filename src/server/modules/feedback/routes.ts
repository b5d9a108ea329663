import fs from 'node:fs';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { requireFileStore } from '../values/evidence-routes';
import {
  actionBody,
  conflictResponse,
  createReportBody,
  createReportResponse,
  duplicateResponse,
  errorResponse,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  officeListQuery,
  officeListResponse,
  officeReportDetail,
  publicListQuery,
  publicListResponse,
  publicReportView,
  reportCode,
  settingConflictResponse,
  settingsBody,
  settingsQuery,
  settingsResponse,
} from './api';
import { preparePhotos } from './photos';
import {
  actOnReport,
  createReport,
  listOfficeReports,
  listPublicReports,
  officeReport,
  photoForDownload,
  publicReport,
} from './service';
import { readSettings, saveSetting } from './settings';

const tags = ['Phản ánh cộng đồng'];
const refusals = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  422: errorResponse,
};
const codeParams = z.object({ code: reportCode });
/** Four photos in base64 and the text: the only route with a body larger than the default. */
const CREATE_BODY_LIMIT = MAX_PHOTOS * Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 64 * 1024;

/**
 * Community reports (phản ánh, giám sát cộng đồng): public create, status page, list of a
 * commune and photos; offices' queue, detail and actions; the province's own figures. Registered
 * after the evidence routes (it shares their file store).
 */
export const feedbackRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const store = () => requireFileStore(app.database);

  app.post(
    '/api/v1/community-reports',
    {
      bodyLimit: CREATE_BODY_LIMIT,
      // A burst from one address is cut here, before any work; the daily limits are data.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Gửi phản ánh (không cần đăng nhập)',
        description:
          'Người dân hoặc Ban giám sát đầu tư của cộng đồng gửi phản ánh về một xã: loại (tiêu ' +
          'chí, công trình công cộng, khác), nội dung, ảnh (tối đa 4, JPEG/PNG/WebP theo nội ' +
          'dung, mỗi ảnh ≤ 3 MB; máy chủ mã hóa lại và xóa EXIF), thôn hoặc điểm trên bản đồ. ' +
          'Ẩn danh: không lưu tên, số điện thoại. Phản ánh hiển thị công khai sau khi xã tiếp ' +
          'nhận. Gửi lại cùng `clientKey` (mất kết nối) trả về phản ánh đã lưu (200). Quá giới ' +
          'hạn theo địa chỉ hoặc thiết bị (mã thiết bị ở trường `deviceId` hoặc tiêu đề ' +
          '`X-Device-Id`): 429; trùng với một phản ánh của xã gần đây: 409 kèm mã phản ánh đó.',
        body: createReportBody,
        response: {
          200: createReportResponse,
          201: createReportResponse,
          413: errorResponse,
          429: errorResponse,
          ...refusals,
          409: duplicateResponse,
        },
      },
    },
    async (request, reply) => {
      const header = request.headers['x-device-id'];
      const deviceId =
        request.body.deviceId ??
        (typeof header === 'string' && /^[\w-]{8,64}$/.test(header) ? header : null);
      const photos = await preparePhotos(request.body.photos, store());
      const created = await db.transaction((tx) =>
        createReport(
          tx,
          request.context,
          request.body,
          { ip: request.ip ?? null, deviceId },
          photos,
        ),
      );
      return reply.code(created.repeated ? 200 : 201).send(created);
    },
  );

  app.get(
    '/api/v1/community-reports',
    {
      schema: {
        tags,
        summary: 'Phản ánh công khai của một xã (không cần đăng nhập)',
        description: 'Các phản ánh đã được tiếp nhận, mới nhất trước; không có thông tin liên hệ.',
        querystring: publicListQuery,
        response: { 200: publicListResponse, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => listPublicReports(db, request.query),
  );

  app.get(
    '/api/v1/community-reports/office',
    {
      schema: {
        tags,
        summary: 'Phản ánh trong phạm vi của cơ quan',
        description:
          'Lọc theo trạng thái, chờ tiếp nhận (`moderation=pending`), quá hạn trả lời ' +
          '(`overdue=true`), đơn vị; quá hạn trước, rồi theo hạn trả lời.',
        querystring: officeListQuery,
        response: { 200: officeListResponse, ...refusals },
      },
    },
    async (request) => listOfficeReports(db, request.context, request.query),
  );

  app.get(
    '/api/v1/community-reports/settings',
    {
      schema: {
        tags,
        summary: 'Hạn trả lời và giới hạn chống gửi tràn của một tỉnh',
        description:
          'Con số của tỉnh nếu đã đặt, nếu không là mặc định trong data/feedback/settings.yaml ' +
          '(chưa xác minh).',
        querystring: settingsQuery,
        response: { 200: settingsResponse, ...refusals },
      },
    },
    async (request) => readSettings(db, request.context, request.query.province),
  );

  app.put(
    '/api/v1/community-reports/settings',
    {
      schema: {
        tags,
        summary: 'Đặt hạn trả lời hoặc một giới hạn của tỉnh (VPĐP tỉnh, quản trị viên)',
        body: settingsBody,
        response: { 200: settingsResponse, ...refusals, 409: settingConflictResponse },
      },
    },
    async (request) => db.transaction((tx) => saveSetting(tx, request.context, request.body)),
  );

  app.get(
    '/api/v1/community-reports/:code',
    {
      schema: {
        tags,
        summary: 'Trang trạng thái của một phản ánh (không cần đăng nhập)',
        description:
          'Trạng thái, xã, hạn trả lời, các trả lời công khai. Nội dung, ảnh và vị trí chỉ hiển ' +
          'thị khi xã đã tiếp nhận; không bao giờ có thông tin liên hệ hay ghi chú nội bộ.',
        params: codeParams,
        response: { 200: publicReportView, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => publicReport(db, request.params.code),
  );

  app.get(
    '/api/v1/community-reports/:code/office',
    {
      schema: {
        tags,
        summary: 'Một phản ánh cho cơ quan: liên hệ (nếu có), nhật ký, quyền thao tác',
        params: codeParams,
        response: { 200: officeReportDetail, ...refusals },
      },
    },
    async (request) => officeReport(db, request.context, request.params.code),
  );

  app.post(
    '/api/v1/community-reports/:code/actions',
    {
      schema: {
        tags,
        summary: 'Tiếp nhận, trả lời, giải quyết, kết thúc hoặc không tiếp nhận một phản ánh',
        description:
          'Cơ quan trong phạm vi (xã, huyện, tỉnh) tiếp nhận, trả lời công khai, ghi chú nội bộ, ' +
          'đánh dấu đã giải quyết, hoặc không tiếp nhận (tin rác, trùng, không thuộc phạm vi). ' +
          'Chỉ xã chịu trách nhiệm (hoặc quản trị viên) kết thúc phản ánh: cơ quan cấp trên nhận ' +
          '403. `version` là phiên bản đã đọc: 409 kèm phản ánh hiện tại khi đã thay đổi; thao ' +
          'tác không hợp trạng thái: 422.',
        params: codeParams,
        body: actionBody,
        response: { 200: officeReportDetail, ...refusals, 409: conflictResponse },
      },
    },
    async (request) =>
      db.transaction((tx) => actOnReport(tx, request.context, request.params.code, request.body)),
  );

  for (const thumbnail of [false, true]) {
    app.get(
      `/api/v1/community-reports/:code/photos/:seq${thumbnail ? '/thumbnail' : ''}`,
      {
        schema: {
          tags,
          summary: thumbnail ? 'Ảnh nhỏ của phản ánh' : 'Ảnh của phản ánh',
          description:
            'Công khai khi phản ánh đã được tiếp nhận; trước đó chỉ cơ quan trong phạm vi.',
          params: z.object({ code: reportCode, seq: z.coerce.number().int().min(1).max(9) }),
          response: { 400: errorResponse, 403: errorResponse, 404: errorResponse },
        },
      },
      async (request, typedReply) => {
        // A stream or a 304: outside the JSON response schemas.
        const reply = typedReply as FastifyReply;
        const photo = await photoForDownload(
          db,
          request.context,
          request.params.code,
          request.params.seq,
          thumbnail,
        );
        const files = store();
        if (!(await files.hasFile(photo.sha256))) {
          throw new AppError('feedback.photo_not_found', 404, {
            code: request.params.code,
            seq: request.params.seq,
          });
        }
        const etag = `"${photo.sha256}"`;
        reply
          .header('etag', etag)
          .header(
            'cache-control',
            photo.public ? 'public, max-age=3600' : 'private, no-store, max-age=0',
          )
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "sandbox; default-src 'none'")
          .header('cross-origin-resource-policy', 'same-origin');
        const match = request.headers['if-none-match'];
        if (photo.public && match && match.split(',').some((tag) => tag.trim() === etag)) {
          return reply.code(304).send();
        }
        const { size } = await fs.promises.stat(files.pathOf(photo.sha256));
        return reply
          .type('image/jpeg')
          .header('content-length', size)
          .header('content-disposition', 'inline')
          .send(files.openStream(photo.sha256));
      },
    );
  }
};
