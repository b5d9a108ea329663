import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  conflictResponse,
  errorResponse,
  putValueBody,
  putValueResponse,
  submissionBody,
  submissionParams,
  submissionView,
  unitValueParams,
  unitValuesParams,
  unitValuesResponse,
  valueHistoryResponse,
  valuesQuery,
} from './api';
import { getUnitValues, getValueHistory, saveValue } from './service';
import { changeSubmission } from './submission';

export const valuesTags = ['Số liệu chỉ tiêu'];
export const valuesRefusals = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  422: errorResponse,
};

/**
 * Indicator values of a unit for a criteria set and year: reading with the stored evaluation,
 * saving one value with a version check, and the approval workflow. Every write is one
 * transaction, audited; refusals are audited by the error handler.
 */
export const valuesRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/units/:code/values',
    {
      schema: {
        tags: valuesTags,
        summary: 'Số liệu các chỉ tiêu của một đơn vị',
        description:
          'Mọi chỉ tiêu của bộ tiêu chí với giá trị, ghi chú, phiên bản, người sửa, minh chứng và ' +
          'giá trị năm trước; kết quả đánh giá (đã lưu); trạng thái duyệt và quyền của người dùng. ' +
          'Mã đơn vị đi cùng năm: đơn vị mang mã này ngày 31/12 của năm. Chỉ trong phạm vi của ' +
          'người dùng (403 nếu ngoài phạm vi).',
        params: unitValuesParams,
        querystring: valuesQuery,
        response: { 200: unitValuesResponse, ...valuesRefusals },
      },
    },
    async (request) =>
      getUnitValues(
        db,
        request.context,
        request.params.code,
        request.query.set,
        request.query.year,
      ),
  );

  app.put(
    '/api/v1/units/:code/values/:indicator',
    {
      schema: {
        tags: valuesTags,
        summary: 'Lưu giá trị một chỉ tiêu',
        description:
          'Ghi giá trị (số, tỷ lệ % 0–100, hoặc true/false) và ghi chú; `version` là phiên bản đã ' +
          'đọc (0 nếu chưa có). Đánh giá của đơn vị được tính lại và lưu trong cùng giao dịch. ' +
          '409 khi phiên bản đã thay đổi (trả về giá trị hiện tại và người sửa); 423 khi số liệu ' +
          'đã gửi duyệt hoặc đã duyệt; 422 khi giá trị sai loại hoặc ngoài khoảng; 403 ngoài phạm vi.',
        params: unitValueParams,
        querystring: valuesQuery,
        body: putValueBody,
        response: {
          200: putValueResponse,
          409: conflictResponse,
          423: errorResponse,
          ...valuesRefusals,
        },
      },
    },
    async (request) =>
      db.transaction((tx) =>
        saveValue(
          tx,
          request.context,
          request.params.code,
          request.params.indicator,
          request.query.set,
          request.query.year,
          request.body,
        ),
      ),
  );

  app.get(
    '/api/v1/units/:code/values/:indicator/history',
    {
      schema: {
        tags: valuesTags,
        summary: 'Lịch sử thay đổi của một giá trị',
        description:
          'Mọi lần thay đổi giá trị và ghi chú của chỉ tiêu (cũ → mới, phiên bản, ai, lúc nào, từ ' +
          'ô nhập, tệp nhập hay minh chứng), mới nhất trước. Chỉ trong phạm vi của người dùng.',
        params: unitValueParams,
        querystring: valuesQuery,
        response: { 200: valueHistoryResponse, ...valuesRefusals },
      },
    },
    async (request) =>
      getValueHistory(
        db,
        request.context,
        request.params.code,
        request.params.indicator,
        request.query.set,
        request.query.year,
      ),
  );

  app.post(
    '/api/v1/units/:code/submission/:action',
    {
      schema: {
        tags: valuesTags,
        summary: 'Gửi, duyệt, trả lại hoặc mở lại số liệu',
        description:
          'submit: xã (người nhập trong phạm vi) gửi số liệu để duyệt; approve: cấp trên (cấp huyện ' +
          'đến 30/06/2025, cấp tỉnh từ 01/07/2025, cấu hình theo thời kỳ) duyệt và khóa số liệu; ' +
          'return: cấp trên trả lại kèm lý do (xã sửa tiếp); reopen: cấp trên mở lại số liệu đã ' +
          'duyệt kèm lý do. Mỗi lần chuyển được ghi nhật ký và thông báo cho người liên quan. ' +
          '409 khi trạng thái hiện tại không cho phép.',
        params: submissionParams,
        querystring: valuesQuery,
        body: submissionBody,
        response: { 200: submissionView, 409: errorResponse, ...valuesRefusals },
      },
    },
    async (request) =>
      db.transaction((tx) =>
        changeSubmission(
          tx,
          request.context,
          request.params.code,
          request.query.set,
          request.query.year,
          request.params.action,
          request.body.reason,
          request.body.version,
        ),
      ),
  );
};
