import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  errorResponse,
  listTargetsResponse,
  targetBody,
  targetCodeParams,
  targetsQuery,
  targetView,
  updateTargetBody,
} from './api';
import { createTarget, deleteTarget, listTargets, updateTarget } from './service';

const tags = ['Mục tiêu'];
const refusals = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  422: errorResponse,
};

/** Programme targets (public, with progress) and provinces' own targets (province offices). */
export const targetsRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  app.get(
    '/api/v1/targets',
    {
      schema: {
        tags,
        summary: 'Mục tiêu và tiến độ',
        description:
          'Mục tiêu của Chương trình (263/QĐ-TTg, 924/QĐ-TTg) cho cả nước, hoặc cho một tỉnh: mục ' +
          'tiêu chung đo trong tỉnh và mục tiêu riêng của tỉnh. Mỗi mục tiêu kèm giá trị hiện tại ' +
          '(từ kết quả đánh giá đã lưu), giá trị năm đầu, mức cần đạt theo tiến độ đều, trạng thái ' +
          '(đạt / đúng tiến độ / chậm / chưa có số liệu) và số xã còn thiếu.',
        querystring: targetsQuery,
        response: { 200: listTargetsResponse, ...refusals },
      },
    },
    async (request) => listTargets(db, request.context, request.query),
  );

  app.post(
    '/api/v1/targets',
    {
      schema: {
        tags,
        summary: 'Đặt mục tiêu riêng của tỉnh',
        description:
          'Văn phòng điều phối tỉnh (trong phạm vi) hoặc quản trị viên đặt mục tiêu của tỉnh: thước ' +
          'đo, giá trị, ngày bắt đầu, hạn hoàn thành và căn cứ. Ghi nhật ký.',
        body: targetBody,
        response: { 201: targetView, 409: errorResponse, ...refusals },
      },
    },
    async (request, reply) => {
      // The answer is checked against its schema inside the transaction: a view that cannot be
      // sent (a number nothing can serialise) rolls the write back instead of answering 500 after.
      const view = await db.transaction(async (tx) =>
        targetView.parse(await createTarget(tx, request.context, request.body, request.language)),
      );
      return reply.code(201).send(view);
    },
  );

  app.put(
    '/api/v1/targets/:code',
    {
      schema: {
        tags,
        summary: 'Sửa mục tiêu riêng của tỉnh',
        description: 'Có kiểm tra phiên bản (409 khi người khác vừa sửa). Ghi nhật ký.',
        params: targetCodeParams,
        body: updateTargetBody,
        response: { 200: targetView, 409: errorResponse, ...refusals },
      },
    },
    async (request) =>
      db.transaction(async (tx) =>
        targetView.parse(
          await updateTarget(tx, request.context, request.params.code, request.body),
        ),
      ),
  );

  app.delete(
    '/api/v1/targets/:code',
    {
      schema: {
        tags,
        summary: 'Xóa mục tiêu riêng của tỉnh',
        description: 'Mục tiêu của Chương trình không xóa được. Ghi nhật ký.',
        params: targetCodeParams,
        response: { 204: z.null(), ...refusals },
      },
    },
    async (request, reply) => {
      await db.transaction((tx) => deleteTarget(tx, request.context, request.params.code));
      return reply.code(204).send(null);
    },
  );
};
