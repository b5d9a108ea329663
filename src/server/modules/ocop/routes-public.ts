import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { requireFileStore } from '../values/evidence-routes';
import {
  catalogueProductResponse,
  catalogueQuery,
  catalogueResponse,
  errorResponse,
  statsResponse,
} from './api-public';
import { cataloguePhotoKey, catalogueProduct, exportPtntOcop, listCatalogue } from './catalogue';
import { ruleVersionByCode, shippedRuleVersions } from './rules';
import { ocopStats } from './stats';

/**
 * OCOP's public routes (docs/ocop.md): the catalogue of certified products (`/products`, alias
 * `/catalogue`), a product's page data and photos, the register export in the `PTNT_OCOP`
 * shape, the rule versions, the figures. Anyone may read them; answers carry an ETag and a short
 * public cache.
 */

const tags = ['OCOP: danh mục công khai'];
const CACHE = 'public, max-age=60';
const codeParams = z.object({ code: z.string().min(3).max(80) });

/** Sends a JSON body with an ETag (304 when the client has it) and a short public cache. */
function cached<T>(request: FastifyRequest, reply: FastifyReply, body: T): T | FastifyReply {
  const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', etag).header('cache-control', CACHE);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return body;
}

export const ocopPublicRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;

  const listSchema = {
    tags,
    summary: 'Danh mục sản phẩm OCOP được chứng nhận (giấy chứng nhận còn hiệu lực)',
    description:
      'Công khai. `q` tìm không phân biệt dấu ("mat ong" thấy "Mật ong"); lọc theo tỉnh, bộ sản ' +
      'phẩm, hạng sao; 20 sản phẩm một trang. Không có thông tin liên hệ của chủ thể.',
    querystring: catalogueQuery,
    response: { 200: catalogueResponse, 400: errorResponse },
  };
  for (const url of ['/api/v1/ocop/products', '/api/v1/ocop/catalogue']) {
    app.get(url, { schema: listSchema }, async (request, reply) =>
      cached(request, reply, await listCatalogue(db, request.query)),
    );
  }

  app.get(
    '/api/v1/ocop/products/:code',
    {
      schema: {
        tags,
        summary: 'Trang công khai của một sản phẩm OCOP được chứng nhận',
        params: codeParams,
        response: { 200: catalogueProductResponse, 404: errorResponse },
      },
    },
    async (request, reply) =>
      cached(request, reply, await catalogueProduct(db, request.params.code)),
  );

  app.get(
    '/api/v1/ocop/products/:code/photos/:n',
    {
      schema: {
        tags,
        summary: 'Ảnh thứ n của một sản phẩm OCOP được chứng nhận (JPEG)',
        params: codeParams.extend({ n: z.coerce.number().int().min(1).max(50) }),
        produces: ['image/jpeg'],
      },
    },
    async (request, reply) => {
      const key = await cataloguePhotoKey(db, request.params.code, request.params.n);
      const store = requireFileStore(app.database);
      if (!(await store.hasFile(key))) throw new AppError('ocop.photo_not_found', 404);
      const etag = `"${key}"`;
      reply
        .header('etag', etag)
        .header('cache-control', 'public, max-age=3600')
        .header('x-content-type-options', 'nosniff');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('image/jpeg').send(await store.readFile(key));
    },
  );

  app.get(
    '/api/v1/ocop/export.csv',
    {
      schema: {
        tags,
        summary: 'Danh sách sản phẩm OCOP theo mẫu PTNT_OCOP của Bộ (CSV UTF-8)',
        description:
          'Cột: MA_OCOP, Ma_DonViHanhChinh, Ma_ThoiGian, Ma_SanPham, TenSanPham, XepHang (3*/4*/5*), ' +
          'ChuTheSXKD, DoanhThuNam (triệu đồng, theo Mẫu 01), TrangThai. Chỉ sản phẩm có giấy chứng ' +
          'nhận còn hiệu lực; không có dữ liệu cá nhân.',
        querystring: z.object({ format: z.enum(['ptnt_ocop']).optional() }),
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const csv = await exportPtntOcop(db);
      const etag = `"${createHash('sha256').update(csv).digest('base64url').slice(0, 27)}"`;
      reply
        .header('etag', etag)
        .header('cache-control', CACHE)
        .header('content-disposition', 'attachment; filename="PTNT_OCOP.csv"');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('text/csv; charset=utf-8').send(csv);
    },
  );

  app.get(
    '/api/v1/ocop/rules',
    {
      schema: {
        tags,
        summary: 'Các phiên bản quy định OCOP (148/2023, 1489/2025, 26/2026…)',
        description: 'Danh mục sản phẩm, thang điểm hạng sao, cấp công nhận, lý do thu hồi…',
      },
    },
    async (request, reply) => cached(request, reply, { items: shippedRuleVersions() }),
  );

  app.get(
    '/api/v1/ocop/rules/:code',
    {
      schema: {
        tags,
        summary: 'Một phiên bản quy định OCOP',
        params: codeParams,
      },
    },
    async (request, reply) => cached(request, reply, ruleVersionByCode(request.params.code)),
  );

  app.get(
    '/api/v1/ocop/stats',
    {
      schema: {
        tags,
        summary: 'Số sản phẩm OCOP theo hạng sao, tỉnh, bộ sản phẩm; giấy sắp hết hạn (6 tháng)',
        description:
          'Văn phòng cấp tỉnh trở xuống: số liệu của tỉnh mình; tài khoản trung ương và khách: cả nước.',
        response: { 200: statsResponse },
      },
    },
    async (request) => ocopStats(db, request.context),
  );
};
