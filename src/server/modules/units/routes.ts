import { z } from 'zod';
import { refreshEvaluationsOfUnit } from '../values/service';
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
} from './api';
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
          await refreshEvaluationsOfUnit(tx, unit.id, Number(request.body.validFrom.slice(0, 4)));
          return attributes;
        });
      } finally {
        // Facts cached while the transaction ran must not outlive it (committed or not).
        unitsChanged();
      }
    },
  );
};
