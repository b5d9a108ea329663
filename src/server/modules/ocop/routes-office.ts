import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireFileStore } from '../values/evidence-routes';
import {
  actOnApplication,
  createApplication,
  listApplications,
  readApplication,
  updateApplication,
} from './applications';
import {
  addRoundApplicationsBody,
  applicationActionBody,
  applicationListQuery,
  applicationListResponse,
  applicationView,
  conflictBody,
  councilBody,
  createApplicationBody,
  createProducerBody,
  createProductBody,
  createRoundBody,
  discussionBody,
  errorResponse,
  idParams,
  linkAccountBody,
  mySheetsResponse,
  producerListQuery,
  producerListResponse,
  producerView,
  productListQuery,
  productListResponse,
  productPhotosBody,
  productView,
  roundListResponse,
  roundView,
  saveScoreSheetBody,
  scoreSheetView,
  scoresResponse,
  submitScoreSheetBody,
  updateApplicationBody,
  updateProducerBody,
  updateProductBody,
  updateRoundBody,
} from './api-office';
import {
  addProductPhotos,
  createProducer,
  createProduct,
  linkProducerAccount,
  listProducers,
  listProducts,
  prepareProductPhotos,
  readProducer,
  readProduct,
  updateProducer,
  updateProduct,
} from './producers';
import {
  addRoundApplications,
  createRound,
  listRounds,
  readRound,
  setCouncil,
  updateRound,
} from './rounds';
import {
  applicationScores,
  declareConflict,
  mySheets,
  openScoreSheet,
  recordDiscussion,
  saveScoreSheet,
  submitScoreSheet,
} from './scoring';

const tags = ['OCOP — chủ thể, hồ sơ, hội đồng'];
const refusals = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  413: errorResponse,
  422: errorResponse,
};
const ok = z.object({ ok: z.literal(true) });

/**
 * OCOP's office routes (docs/ocop.md): producers and their accounts, products (office views under
 * `/products/office`), applications and their steps, rounds, councils and conflicts, the members'
 * score sheets, the council's scores and discussion. Every write runs in one transaction.
 */
export const ocopOfficeRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const base = '/api/v1/ocop';

  // ---- producers ----
  app.get(
    `${base}/producers`,
    {
      schema: {
        tags,
        summary: 'Các chủ thể OCOP trong phạm vi (tài khoản chủ thể: của mình)',
        querystring: producerListQuery,
        response: { 200: producerListResponse, ...refusals },
      },
    },
    async (request) => listProducers(db, request.context, request.query),
  );
  app.post(
    `${base}/producers`,
    {
      schema: {
        tags,
        summary: 'Đăng ký chủ thể OCOP (cơ quan cấp xã trở lên)',
        body: createProducerBody,
        response: { 201: producerView, ...refusals },
      },
    },
    async (request, reply) => {
      const id = await db.transaction((tx) => createProducer(tx, request.context, request.body));
      return reply.code(201).send(await readProducer(db, request.context, id));
    },
  );
  app.get(
    `${base}/producers/:id`,
    {
      schema: {
        tags,
        summary: 'Một chủ thể OCOP',
        params: idParams,
        response: { 200: producerView, ...refusals },
      },
    },
    async (request) => readProducer(db, request.context, request.params.id),
  );
  app.patch(
    `${base}/producers/:id`,
    {
      schema: {
        tags,
        summary: 'Sửa thông tin chủ thể (kiểm tra phiên bản)',
        params: idParams,
        body: updateProducerBody,
        response: { 200: producerView, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        updateProducer(tx, request.context, request.params.id, request.body),
      );
      return readProducer(db, request.context, request.params.id);
    },
  );
  app.post(
    `${base}/producers/:id/accounts`,
    {
      schema: {
        tags,
        summary: 'Gắn tài khoản (vai trò producer) làm việc thay chủ thể',
        params: idParams,
        body: linkAccountBody,
        response: { 200: ok, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        linkProducerAccount(tx, request.context, request.params.id, request.body),
      );
      return { ok: true as const };
    },
  );

  // ---- products (office views) ----
  app.get(
    `${base}/products/office`,
    {
      schema: {
        tags,
        summary: 'Sản phẩm của các chủ thể trong phạm vi (không phải danh mục công khai)',
        querystring: productListQuery,
        response: { 200: productListResponse, ...refusals },
      },
    },
    async (request) => listProducts(db, request.context, request.query),
  );
  app.post(
    `${base}/products`,
    {
      schema: {
        tags,
        summary: 'Thêm sản phẩm của chủ thể (bộ sản phẩm theo danh mục đang áp dụng)',
        body: createProductBody,
        response: { 201: productView, ...refusals },
      },
    },
    async (request, reply) => {
      const id = await db.transaction((tx) => createProduct(tx, request.context, request.body));
      return reply.code(201).send(await readProduct(db, request.context, id));
    },
  );
  app.get(
    `${base}/products/office/:id`,
    {
      schema: {
        tags,
        summary: 'Một sản phẩm (xem của cơ quan, chủ thể)',
        params: idParams,
        response: { 200: productView, ...refusals },
      },
    },
    async (request) => readProduct(db, request.context, request.params.id),
  );
  app.patch(
    `${base}/products/office/:id`,
    {
      schema: {
        tags,
        summary: 'Sửa sản phẩm (kiểm tra phiên bản)',
        params: idParams,
        body: updateProductBody,
        response: { 200: productView, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        updateProduct(tx, request.context, request.params.id, request.body),
      );
      return readProduct(db, request.context, request.params.id);
    },
  );
  app.post(
    `${base}/products/office/:id/photos`,
    {
      bodyLimit: 72 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Thêm ảnh sản phẩm (JPEG/PNG/WebP, mã hóa lại thành JPEG, bỏ EXIF)',
        params: idParams,
        body: productPhotosBody,
        response: { 200: productView, ...refusals },
      },
    },
    async (request) => {
      await readProduct(db, request.context, request.params.id);
      const keys = await prepareProductPhotos(request.body.photos, requireFileStore(app.database));
      await db.transaction((tx) =>
        addProductPhotos(tx, request.context, request.params.id, keys, request.body.version),
      );
      return readProduct(db, request.context, request.params.id);
    },
  );

  // ---- applications ----
  app.get(
    `${base}/applications`,
    {
      schema: {
        tags,
        summary: 'Hồ sơ OCOP trong phạm vi (chủ thể: của mình; thành viên xung đột: không thấy)',
        querystring: applicationListQuery,
        response: { 200: applicationListResponse, ...refusals },
      },
    },
    async (request) => listApplications(db, request.context, request.query),
  );
  app.post(
    `${base}/applications`,
    {
      schema: {
        tags,
        summary: 'Lập hồ sơ: Mẫu 01 và Mẫu 02 (tự đánh giá trên phiếu đã công bố của bộ sản phẩm)',
        body: createApplicationBody,
        response: { 201: applicationView, ...refusals },
      },
    },
    async (request, reply) => {
      const id = await db.transaction((tx) => createApplication(tx, request.context, request.body));
      return reply.code(201).send(await readApplication(db, request.context, id));
    },
  );
  app.get(
    `${base}/applications/:id`,
    {
      schema: {
        tags,
        summary: 'Một hồ sơ OCOP',
        params: idParams,
        response: { 200: applicationView, ...refusals },
      },
    },
    async (request) => readApplication(db, request.context, request.params.id),
  );
  app.patch(
    `${base}/applications/:id`,
    {
      schema: {
        tags,
        summary: 'Sửa hồ sơ khi đang soạn hoặc bị trả lại (kiểm tra phiên bản)',
        params: idParams,
        body: updateApplicationBody,
        response: { 200: applicationView, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        updateApplication(tx, request.context, request.params.id, request.body),
      );
      return readApplication(db, request.context, request.params.id);
    },
  );
  app.post(
    `${base}/applications/:id/actions`,
    {
      schema: {
        tags,
        summary: 'Các bước của hồ sơ: nộp, rút, đánh giá sơ bộ, trả lại, chuyển lên tỉnh',
        params: idParams,
        body: applicationActionBody,
        response: { 200: applicationView, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        actOnApplication(tx, request.context, request.params.id, request.body),
      );
      return readApplication(db, request.context, request.params.id);
    },
  );

  // ---- rounds ----
  app.get(
    `${base}/rounds`,
    {
      schema: {
        tags,
        summary: 'Các đợt đánh giá (người quản lý trong phạm vi, thành viên hội đồng)',
        response: { 200: roundListResponse, ...refusals },
      },
    },
    async (request) => listRounds(db, request.context),
  );
  app.post(
    `${base}/rounds`,
    {
      schema: {
        tags,
        summary: 'Mở đợt đánh giá (phiên bản quy định đang áp dụng, ngày chốt, chênh lệch tối đa)',
        body: createRoundBody,
        response: { 201: roundView, ...refusals },
      },
    },
    async (request, reply) => {
      const id = await db.transaction((tx) => createRound(tx, request.context, request.body));
      return reply.code(201).send(await readRound(db, request.context, id));
    },
  );
  app.get(
    `${base}/rounds/:id`,
    {
      schema: {
        tags,
        summary: 'Một đợt đánh giá',
        params: idParams,
        response: { 200: roundView, ...refusals },
      },
    },
    async (request) => readRound(db, request.context, request.params.id),
  );
  app.patch(
    `${base}/rounds/:id`,
    {
      schema: {
        tags,
        summary: 'Sửa đợt đánh giá (kiểm tra phiên bản)',
        params: idParams,
        body: updateRoundBody,
        response: { 200: roundView, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        updateRound(tx, request.context, request.params.id, request.body),
      );
      return readRound(db, request.context, request.params.id);
    },
  );
  app.put(
    `${base}/rounds/:id/council`,
    {
      schema: {
        tags,
        summary: 'Khai hội đồng: chủ tịch, thành viên, thư ký (tài khoản đang hoạt động)',
        params: idParams,
        body: councilBody,
        response: { 200: roundView, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        setCouncil(tx, request.context, request.params.id, request.body),
      );
      return readRound(db, request.context, request.params.id);
    },
  );
  app.post(
    `${base}/rounds/:id/conflicts`,
    {
      schema: {
        tags,
        summary:
          'Khai xung đột lợi ích (thành viên tự khai, hoặc người quản lý khai cho thành viên)',
        params: idParams,
        body: conflictBody,
        response: { 200: roundView, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        declareConflict(tx, request.context, request.params.id, request.body),
      );
      return readRound(db, request.context, request.params.id);
    },
  );
  app.post(
    `${base}/rounds/:id/applications`,
    {
      schema: {
        tags,
        summary: 'Đưa hồ sơ đã được xã chuyển lên vào đợt',
        params: idParams,
        body: addRoundApplicationsBody,
        response: { 200: roundView, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        addRoundApplications(tx, request.context, request.params.id, request.body),
      );
      return readRound(db, request.context, request.params.id);
    },
  );
  app.get(
    `${base}/rounds/:id/my-sheets`,
    {
      schema: {
        tags,
        summary: 'Danh sách chấm của thành viên (hồ sơ xung đột lợi ích không có)',
        params: idParams,
        response: { 200: mySheetsResponse, ...refusals },
      },
    },
    async (request) => mySheets(db, request.context, request.params.id),
  );

  // ---- scoring ----
  app.get(
    `${base}/applications/:id/score-sheet`,
    {
      schema: {
        tags,
        summary: 'Phiếu chấm của thành viên cho lần chấm hiện tại (tạo nếu chưa có)',
        params: idParams,
        response: { 200: scoreSheetView, ...refusals },
      },
    },
    async (request) =>
      db.transaction((tx) => openScoreSheet(tx, request.context, request.params.id)),
  );
  app.put(
    `${base}/applications/:id/score-sheet`,
    {
      schema: {
        tags,
        summary: 'Lưu nháp phiếu chấm (mỗi tiêu chí một phương án; kiểm tra phiên bản)',
        params: idParams,
        body: saveScoreSheetBody,
        response: { 200: scoreSheetView, ...refusals },
      },
    },
    async (request) =>
      db.transaction((tx) => saveScoreSheet(tx, request.context, request.params.id, request.body)),
  );
  app.post(
    `${base}/applications/:id/score-sheet/submit`,
    {
      schema: {
        tags,
        summary: 'Nộp phiếu chấm (khóa phiếu; thành viên cuối cùng nộp thì tính kết quả)',
        params: idParams,
        body: submitScoreSheetBody,
        response: { 200: scoreSheetView, ...refusals },
      },
    },
    async (request) =>
      db.transaction((tx) =>
        submitScoreSheet(tx, request.context, request.params.id, request.body),
      ),
  );
  app.get(
    `${base}/applications/:id/scores`,
    {
      schema: {
        tags,
        summary: 'Điểm của hội đồng: các phiếu, trung bình, chênh lệch, kết quả (chấm kín)',
        params: idParams,
        response: { 200: scoresResponse, ...refusals },
      },
    },
    async (request) => applicationScores(db, request.context, request.params.id),
  );
  app.post(
    `${base}/applications/:id/discussion`,
    {
      schema: {
        tags,
        summary: 'Ghi biên bản thảo luận và mở lần chấm tiếp theo',
        params: idParams,
        body: discussionBody,
        response: { 200: applicationView, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        recordDiscussion(tx, request.context, request.params.id, request.body),
      );
      return readApplication(db, request.context, request.params.id);
    },
  );
};
