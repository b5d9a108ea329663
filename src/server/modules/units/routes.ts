import { z } from 'zod';
import { unitClassChanged } from './events';
import { unitsChanged } from './cache';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  errorResponse,
  listUnitsQuery,
  listUnitsResponse,
  searchUnitsQuery,
  searchUnitsResponse,
  setSuccessorsBody,
  setSuccessorsQuery,
  unitCodeParams,
  unitDetailQuery,
  unitDetailResponse,
  unitLineageQuery,
  unitLineageResponse,
  unlinkedUnitsQuery,
  unlinkedUnitsResponse,
  setUnitAttributeBody,
  unitAttribute,
  unitAttributeParams,
  classOverrideConflictResponse,
  classOverrideImportResponse,
  importIssue,
  classOverrideParams,
  classOverrideWriteResponse,
  createClassOverrideBody,
  deleteClassOverrideQuery,
  listClassOverridesQuery,
  listClassOverridesResponse,
  updateClassOverrideBody,
} from './api';
import {
  createClassOverride,
  deleteClassOverride,
  listClassOverrides,
  updateClassOverride,
  type OverrideChange,
} from './class-overrides';
import type { Tx } from '../../db/client';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { AppError } from '../../errors';
import { requireActor } from '../../auth/policy';
import { contentDisposition } from '../../files/download';
import { classOverrideTemplate, importClassOverrides } from './class-override-import';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Validates params and query as usual, but not the multipart body (read from its stream). */
const skipBodyValidation: typeof validatorCompiler = (route) =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route);
import {
  getUnitDetail,
  getUnitLineage,
  listUnits,
  listUnlinkedUnits,
  parseDateParam,
  searchUnits,
  setUnitSuccessors,
  getUnit,
  setUnitAttribute,
} from './service';

const tags = ['Đơn vị hành chính'];
const errors = { 400: errorResponse, 404: errorResponse };

/** Units API: public reads of the hierarchy as of a date; an administrator's lineage correction. */
export const unitsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/units',
    {
      schema: {
        tags,
        summary: 'Danh sách đơn vị hành chính tại một ngày',
        description:
          'Theo cấp (level), theo đơn vị cấp trên (parent) và ngày (asOf); phân trang, xếp theo ' +
          'thứ tự chữ cái tiếng Việt. Ví dụ: asOf=2025-06-30&level=province cho 63 tỉnh; ' +
          'asOf=2025-07-01&level=province cho 34 tỉnh.',
        querystring: listUnitsQuery,
        response: { 200: listUnitsResponse, ...errors },
      },
    },
    async (request) => {
      const { level, parent, page, pageSize } = request.query;
      const asOf = parseDateParam(request.query.asOf, 'asOf');
      return listUnits(app.database.db, { level, parentCode: parent, asOf, page, pageSize });
    },
  );

  app.get(
    '/api/v1/units/search',
    {
      schema: {
        tags,
        summary: 'Tìm đơn vị hành chính theo tên',
        description:
          'Không phân biệt dấu và chữ hoa ("cao bang", "Cao Bằng", "CAO BANG" đều tìm thấy Cao Bằng), ' +
          'kết quả giống nhất trước, trong các đơn vị có hiệu lực tại ngày asOf.',
        querystring: searchUnitsQuery,
        response: { 200: searchUnitsResponse, ...errors },
      },
    },
    async (request) => {
      const { q, level, page, pageSize } = request.query;
      const asOf = parseDateParam(request.query.asOf, 'asOf');
      return searchUnits(app.database.db, { q: q ?? '', level, asOf, page, pageSize });
    },
  );

  app.get(
    '/api/v1/units/unlinked',
    {
      schema: {
        tags,
        summary: 'Đơn vị đã kết thúc mà chưa có đơn vị kế tiếp',
        description:
          'Các đơn vị cũ không liên kết được với đơn vị mới (để quản trị viên bổ sung liên kết).',
        querystring: unlinkedUnitsQuery,
        response: { 200: unlinkedUnitsResponse, ...errors },
      },
    },
    async (request) => listUnlinkedUnits(app.database.db, request.query),
  );

  app.get(
    '/api/v1/units/:code',
    {
      schema: {
        tags,
        summary: 'Một đơn vị hành chính tại một ngày, kèm các cấp trên',
        description:
          'Mã được dùng lại sau sắp xếp: 00097 là Phường Tứ Liên đến 30/06/2025 và Phường Hồng Hà ' +
          'từ 01/07/2025. Trả 404 nếu mã không có hiệu lực tại ngày tra cứu.',
        params: unitCodeParams,
        querystring: unitDetailQuery,
        response: { 200: unitDetailResponse, ...errors },
      },
    },
    async (request) => {
      const asOf = parseDateParam(request.query.asOf, 'asOf');
      return getUnitDetail(app.database.db, request.params.code, asOf);
    },
  );

  app.get(
    '/api/v1/units/:code/lineage',
    {
      schema: {
        tags,
        summary: 'Lịch sử sáp nhập, chia tách, đổi tên của một đơn vị',
        description:
          'Các đơn vị trước (predecessors) và sau (successors), kèm ngày và loại thay đổi. ' +
          'Không có asOf: phiên bản mới nhất của mã.',
        params: unitCodeParams,
        querystring: unitLineageQuery,
        response: { 200: unitLineageResponse, ...errors },
      },
    },
    async (request) => {
      const asOf =
        request.query.asOf === undefined ? undefined : parseDateParam(request.query.asOf, 'asOf');
      return getUnitLineage(app.database.db, request.params.code, asOf);
    },
  );

  app.put(
    '/api/v1/units/:code/successors',
    {
      schema: {
        tags,
        summary: 'Sửa liên kết kế thừa của một đơn vị (quản trị viên)',
        description:
          'Thay toàn bộ danh sách đơn vị kế tiếp của phiên bản đơn vị có hiệu lực tại asOf. ' +
          'Dùng để bổ sung liên kết cho đơn vị cũ chưa liên kết được hoặc sửa liên kết sai.',
        params: unitCodeParams,
        querystring: setSuccessorsQuery,
        body: setSuccessorsBody,
        response: { 200: unitLineageResponse, ...errors },
      },
    },
    async (request) => {
      return app.database.db.transaction((tx) =>
        setUnitSuccessors(tx, request.context, {
          code: request.params.code,
          asOf: request.query.asOf,
          successors: request.body.successors,
          note: request.body.note,
        }),
      );
    },
  );

  app.put(
    '/api/v1/units/:code/attributes/:key',
    {
      schema: {
        tags,
        summary: 'Xếp nhóm xã hoặc đặt thuộc tính của đơn vị (văn phòng điều phối tỉnh)',
        description:
          'Gán nhóm xã (1–3, dùng cho ngưỡng của bộ tiêu chí 2026–2030), xã đảo hoặc xã khó khăn ' +
          'cho đơn vị có hiệu lực tại validFrom, từ ngày đó, kèm căn cứ. Giai đoạn đang mở của ' +
          'thuộc tính kết thúc trước ngày đó một ngày. Văn phòng tỉnh (trong phạm vi) hoặc quản trị ' +
          'viên; ghi nhật ký. Trả về mọi thuộc tính của đơn vị.',
        params: unitAttributeParams,
        body: setUnitAttributeBody,
        response: {
          200: z.array(unitAttribute),
          ...errors,
          409: errorResponse,
          422: errorResponse,
        },
      },
    },
    async (request) => {
      try {
        return await app.database.db.transaction(async (tx) => {
          const attributes = await setUnitAttribute(tx, request.context, {
            code: request.params.code,
            key: request.params.key,
            ...request.body,
          });
          // The unit's class may have changed: its stored evaluations follow in this transaction.
          const unit = await getUnit(tx, request.params.code, request.body.validFrom);
          await unitClassChanged(tx, unit.id, Number(request.body.validFrom.slice(0, 4)));
          return attributes;
        });
      } finally {
        // Facts cached while the transaction ran must not outlive it (committed or not).
        unitsChanged();
      }
    },
  );

  // --- Class overrides (ĐBKK, ATK, island, commune group) ---------------------------------------

  const overrideTags = ['Diện xã (mức vùng, nhóm xã)'];
  const overrideErrors = {
    400: errorResponse,
    401: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: classOverrideConflictResponse,
    422: errorResponse,
  };

  /**
   * Runs an override write and re-evaluates the unit-set-years it touches, in one transaction
   * (each unit-set-year locked as saves lock it); cached unit facts are dropped after it.
   */
  async function writeOverride(work: (tx: Tx) => Promise<OverrideChange>) {
    try {
      return await app.database.db.transaction(async (tx) => {
        const change = await work(tx);
        const reevaluated = await unitClassChanged(
          tx,
          change.unitId,
          change.fromYear,
          change.toYear,
        );
        return { override: change.view, reevaluated };
      });
    } finally {
      unitsChanged();
    }
  }

  app.get(
    '/api/v1/units/:code/class-overrides',
    {
      schema: {
        tags: overrideTags,
        summary: 'Diện xã đặc biệt khó khăn, an toàn khu, xã đảo, nhóm xã của một đơn vị',
        description:
          'Các bản ghi diện xã của đơn vị và mọi xã nó bao gồm (một tỉnh: các xã của tỉnh, kể cả ' +
          'các xã của tỉnh cũ đã sáp nhập vào), trong phạm vi của người đọc, phân trang. asOf: ' +
          'chọn phiên bản đơn vị; validOn: chỉ các bản ghi có hiệu lực ngày đó. Xã ĐBKK và xã an toàn ' +
          'khu được đánh giá theo mức vùng TDMNPB (Điều 1, 318/QĐ-TTg). Cần đăng nhập (401) và ' +
          'đơn vị trong phạm vi (403).',
        params: unitCodeParams,
        querystring: listClassOverridesQuery,
        response: { 200: listClassOverridesResponse, ...overrideErrors },
      },
    },
    async (request) =>
      listClassOverrides(app.database.db, request.context, request.params.code, request.query),
  );

  app.post(
    '/api/v1/units/:code/class-overrides',
    {
      schema: {
        tags: overrideTags,
        summary: 'Ghi nhận diện xã (văn phòng điều phối tỉnh)',
        description:
          'Xã có hiệu lực tại validFrom. Bắt buộc căn cứ (số và ngày văn bản) và ngày bắt đầu; ' +
          'dbkk, atk: mức TDMNPB; commune_group: classValue 1–3; island: ghi nhận, chưa áp dụng. ' +
          'Văn phòng tỉnh cho các xã của tỉnh mình (403 ngoài phạm vi), quản trị viên mọi nơi. ' +
          'Trùng thời gian với bản ghi cùng diện của xã → 409. Các kết quả đánh giá đã lưu của xã ' +
          'trong các năm liên quan được tính lại trong cùng giao dịch; ghi nhật ký.',
        params: unitCodeParams,
        body: createClassOverrideBody,
        response: { 200: classOverrideWriteResponse, ...overrideErrors },
      },
    },
    async (request) =>
      writeOverride((tx) =>
        createClassOverride(
          tx,
          request.context,
          request.params.code,
          request.body.kind,
          request.body,
        ),
      ),
  );

  app.put(
    '/api/v1/class-overrides/:id',
    {
      schema: {
        tags: overrideTags,
        summary: 'Sửa hoặc kết thúc một diện xã',
        description:
          'Sửa căn cứ, thời gian, nhóm xã; kết thúc = gửi validTo. version là phiên bản đã đọc ' +
          '(khác → 409 kèm bản ghi hiện tại). Kết quả đánh giá của các năm cũ và mới được tính lại.',
        params: classOverrideParams,
        body: updateClassOverrideBody,
        response: { 200: classOverrideWriteResponse, ...overrideErrors },
      },
    },
    async (request) =>
      writeOverride((tx) =>
        updateClassOverride(tx, request.context, request.params.id, request.body),
      ),
  );

  app.delete(
    '/api/v1/class-overrides/:id',
    {
      schema: {
        tags: overrideTags,
        summary: 'Xóa một diện xã ghi nhầm',
        description:
          'Để chấm dứt một diện, hãy kết thúc nó (PUT với validTo); xóa dành cho bản ghi nhầm. ' +
          'version là phiên bản đã đọc (khác → 409). Ghi nhật ký; đánh giá được tính lại.',
        params: classOverrideParams,
        querystring: deleteClassOverrideQuery,
        response: { 200: classOverrideWriteResponse, ...overrideErrors },
      },
    },
    async (request) =>
      writeOverride((tx) =>
        deleteClassOverride(tx, request.context, request.params.id, request.query.version),
      ),
  );

  app.get(
    '/api/v1/units/:code/class-overrides/template',
    {
      schema: {
        tags: overrideTags,
        summary: 'Tải mẫu Excel diện xã của một tỉnh',
        description:
          'Tệp xlsx một dòng một xã (các xã của tỉnh hôm nay): Mã xã | Tên xã | Diện | Nhóm xã | ' +
          'Số văn bản căn cứ | Ngày văn bản | Từ ngày | Đến ngày | Ghi chú; cột Diện có danh sách ' +
          'chọn (ĐBKK, ATK, Xã đảo, Nhóm xã 1–3). Văn phòng tỉnh (trong phạm vi) hoặc quản trị viên.',
        params: unitCodeParams,
        response: { ...overrideErrors },
      },
    },
    async (request, reply) => {
      const file = await classOverrideTemplate(
        app.database.db,
        request.context,
        request.params.code,
      );
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', contentDisposition(file.fileName, file.displayName))
        .header('cache-control', 'no-store')
        .send(file.data as never);
    },
  );

  app.post(
    '/api/v1/units/:code/class-overrides/import',
    {
      validatorCompiler: skipBodyValidation as never,
      schema: {
        tags: overrideTags,
        summary: 'Nhập diện xã của cả tỉnh từ tệp Excel',
        description:
          'multipart/form-data, trường `file` (xlsx theo mẫu, hoặc CSV UTF-8 cùng các cột). Mỗi dòng ' +
          'một xã: Mã xã, Diện (ĐBKK, ATK, Xã đảo, Nhóm xã 1–3), Số văn bản căn cứ, Ngày văn bản, ' +
          'Từ ngày, Đến ngày (dd/mm/yyyy); dòng trống cột Diện được bỏ qua. Mọi lỗi được liệt kê ' +
          'cùng lúc với dòng và cột (422, `errors`), có lỗi thì không ghi gì; không lỗi thì mọi dòng ' +
          'được ghi trong một giao dịch (mỗi dòng một mục nhật ký) và các kết quả đánh giá liên ' +
          'quan được tính lại.',
        consumes: ['multipart/form-data'],
        params: unitCodeParams,
        response: {
          200: classOverrideImportResponse,
          ...overrideErrors,
          413: errorResponse,
          415: errorResponse,
          422: errorResponse.extend({ errors: z.array(importIssue) }),
        },
      },
    },
    async (request) => {
      requireActor(request.context);
      if (!request.isMultipart()) {
        throw new AppError('unsupported_media_type', 415, {
          contentType: request.headers['content-type'] ?? '',
        });
      }
      const file = await request.file();
      if (!file || file.fieldname !== 'file') throw new AppError('values.import.no_file', 400);
      let data: Buffer;
      try {
        data = await file.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError('payload_too_large', 413, {
            limit: `${Math.round(app.config.uploadMaxBytes / 1024 / 1024)} MB`,
          });
        }
        throw error;
      }
      try {
        return await app.database.db.transaction(async (tx) => {
          const changes = await importClassOverrides(
            tx,
            request.context,
            request.params.code,
            data,
            request.language,
          );
          let reevaluated = 0;
          for (const change of changes) {
            reevaluated += await unitClassChanged(
              tx,
              change.unitId,
              change.fromYear,
              change.toYear,
            );
          }
          return { created: changes.length, reevaluated };
        });
      } finally {
        unitsChanged();
      }
    },
  );
};
