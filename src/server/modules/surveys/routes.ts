import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Answers } from '../../../domain/surveys/types';
import { requireActor } from '../../auth/policy';
import { AppError, isAppError } from '../../errors';
import { contentDisposition } from '../../files/download';
import { versionNumber } from '../../api-schemas';
import { readUpload, skipBodyValidation, requireFileStore } from '../values/evidence-routes';
import {
  addHouseholdsBody,
  campaignActionBody,
  campaignDetail,
  campaignListQuery,
  campaignListResponse,
  createCampaignBody,
  errorResponse,
  guidanceResponse,
  householdListQuery,
  householdListResponse,
  issueCodesBody,
  officerAnswerBody,
  publicAnswerBody,
  publicFormQuery,
  publicFormView,
  receiptView,
  rollErrorResponse,
  rollImportResponse,
  tallyResponse,
  updateCampaignBody,
} from './api';
import { publicForm, submitOfficerAnswer, submitPublicAnswer } from './answers';
import { createCampaign, updateCampaign } from './campaigns';
import { shippedSurveys } from './guidance';
import { codeEntryPage, formPage, messagePage, PAGE_SCRIPT, receiptPage } from './public-page';
import { resultPdf } from './result-pdf';
import { liveTally } from './results';
import { addHouseholds, importRoll, listHouseholds, removeHousehold, rollTemplate } from './roll';
import {
  actOnCampaign,
  campaignDetail as readCampaign,
  campaignTally,
  listCampaigns,
} from './service';
import { issueCodes } from './slips';

const tags = ['Lấy ý kiến sự hài lòng'];
const refusals = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  422: errorResponse,
};
const idParams = z.object({ id: z.string().uuid() });

/** The public answers a minute one address may send (a village's households share a mobile NAT). */
function answersPerMinute(): number {
  const value = Number(process.env.NTM_SURVEY_ANSWERS_PER_MINUTE ?? 120);
  return Number.isInteger(value) && value > 0 ? value : 120;
}

/** Wrong codes an address may try in 15 minutes before it is refused (guessing codes). */
const WRONG_CODES_ALLOWED = 20;
const WRONG_CODE_WINDOW_MS = 15 * 60_000;
const wrongCodes = new Map<string, number[]>();

function wrongCodeCount(ip: string, now = Date.now()): number {
  const recent = (wrongCodes.get(ip) ?? []).filter((at) => now - at < WRONG_CODE_WINDOW_MS);
  if (recent.length === 0) wrongCodes.delete(ip);
  else wrongCodes.set(ip, recent);
  return recent.length;
}

function noteWrongCode(ip: string): void {
  wrongCodes.set(ip, [...(wrongCodes.get(ip) ?? []), Date.now()]);
  if (wrongCodes.size > 50_000) wrongCodes.clear(); // bounded memory under a flood
}

function assertNotGuessing(ip: string): void {
  if (wrongCodeCount(ip) >= WRONG_CODES_ALLOWED) {
    throw new AppError('surveys.too_many_wrong_codes', 429, { minutes: 15 });
  }
}

const codeProblems = new Set([
  'surveys.code_invalid',
  'surveys.code_unknown',
  'surveys.code_revoked',
]);

/** Counts a refused code against the address, and rethrows. */
function countingWrongCodes<T>(ip: string, work: () => Promise<T>): Promise<T> {
  return work().catch((error: unknown) => {
    if (isAppError(error) && codeProblems.has(error.code)) noteWrongCode(ip);
    throw error;
  });
}

function publicBase(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function sendPdf(reply: FastifyReply, file: { name: string; bytes: Buffer }, download = false) {
  return reply
    .type('application/pdf')
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-disposition',
      contentDisposition(file.name, file.name).replace(
        /^attachment/,
        download ? 'attachment' : 'inline',
      ),
    )
    .send(file.bytes);
}

const require = createRequire(import.meta.url);
const fontDirectory = path.join(
  path.dirname(require.resolve('@fontsource/be-vietnam-pro/package.json')),
  'files',
);
const fontFiles: Record<string, string> = {
  'latin-400.woff2': 'be-vietnam-pro-latin-400-normal.woff2',
  'vietnamese-400.woff2': 'be-vietnam-pro-vietnamese-400-normal.woff2',
  'latin-600.woff2': 'be-vietnam-pro-latin-600-normal.woff2',
  'vietnamese-600.woff2': 'be-vietnam-pro-vietnamese-600-normal.woff2',
};

/** The answers of a submitted HTML form: every field named like a question, blanks dropped. */
function formAnswers(fields: Record<string, string>): Answers {
  const answers: Answers = {};
  for (const [name, value] of Object.entries(fields)) {
    // The service refuses a value outside the scale.
    if (name !== 'ma' && name !== 'clientId') answers[name] = value as Answers[string];
  }
  return answers;
}

/**
 * Satisfaction surveys (90/HD-MTTW-BTT): campaigns, household rolls, one-time codes, answers and
 * tallies under `/api/v1/surveys`; the household's answer page at `/khao-sat` (server-rendered,
 * no login, no framework).
 */
export const surveysRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const store = () => requireFileStore(app.database);
  const limit = app.config.uploadMaxBytes;

  // The HTML form of the answer page posts urlencoded fields (this plugin only).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16_384 },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );

  app.get(
    '/api/v1/surveys/guidance',
    {
      schema: {
        tags,
        summary: 'Hướng dẫn và mẫu phiếu lấy ý kiến (dữ liệu, theo phiên bản)',
        description:
          'Hướng dẫn lấy ý kiến (90/HD-MTTW-BTT; hướng dẫn riêng của tỉnh, nếu có): ngưỡng tỷ lệ ' +
          'hộ được lấy ý kiến và tỷ lệ hài lòng theo cấp, cách tính ô bỏ trống, thời gian, niêm ' +
          'yết; mẫu phiếu (mỗi nội dung của bộ tiêu chí một câu hỏi và một câu hỏi chung). ' +
          '`verified: false` khi chưa đối chiếu văn bản. Công khai.',
        response: { 200: guidanceResponse },
      },
    },
    async () => shippedSurveys(),
  );

  app.get(
    '/api/v1/surveys/campaigns',
    {
      schema: {
        tags,
        summary: 'Các đợt lấy ý kiến trong phạm vi người dùng',
        querystring: campaignListQuery,
        response: { 200: campaignListResponse, ...refusals },
      },
    },
    async (request) => listCampaigns(db, request.context, request.query),
  );

  app.post(
    '/api/v1/surveys/campaigns',
    {
      schema: {
        tags,
        summary: 'Lập đợt lấy ý kiến',
        description:
          'Cho một xã (hoặc huyện), gắn với hồ sơ đề nghị công nhận (`purpose: recognition`, ' +
          '`dossierId`) hoặc độc lập. Hướng dẫn có hiệu lực ở tỉnh vào ngày mở cho biết mẫu phiếu, ' +
          'ngưỡng và thời gian (mặc định số ngày làm việc tối đa); `rules` chỉ được nâng ngưỡng ' +
          '(hạ ngưỡng → 422). Hạn kết thúc tính theo ngày làm việc (lịch nghỉ lễ).',
        body: createCampaignBody,
        response: { 201: campaignDetail, ...refusals },
      },
    },
    async (request, reply) => {
      const id = await db.transaction((tx) => createCampaign(tx, request.context, request.body));
      return reply.code(201).send(await readCampaign(db, request.context, id, publicBase(request)));
    },
  );

  app.get(
    '/api/v1/surveys/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'Một đợt lấy ý kiến',
        params: idParams,
        response: { 200: campaignDetail, ...refusals },
      },
    },
    async (request) => readCampaign(db, request.context, request.params.id, publicBase(request)),
  );

  app.patch(
    '/api/v1/surveys/campaigns/:id',
    {
      schema: {
        tags,
        summary: 'Sửa đợt lấy ý kiến khi chưa mở',
        params: idParams,
        body: updateCampaignBody,
        response: { 200: campaignDetail, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        updateCampaign(tx, request.context, request.params.id, request.body),
      );
      return readCampaign(db, request.context, request.params.id, publicBase(request));
    },
  );

  app.post(
    '/api/v1/surveys/campaigns/:id/actions',
    {
      schema: {
        tags,
        summary: 'Thao tác với đợt lấy ý kiến',
        description:
          'open: chốt danh sách hộ (mẫu số), bắt đầu nhận trả lời từ ngày mở đến hết ngày kết ' +
          'thúc. close: kết thúc; khóa băm câu trả lời bị xóa, từ đó không thể biết câu trả lời ' +
          'của hộ nào. tally: tổng hợp và đối chiếu từng ngưỡng. post: niêm yết kết quả ở các ' +
          'thôn (số ngày theo hướng dẫn). report: gửi kết quả vào hồ sơ công nhận ' +
          '(`dossierVersion`: phiên bản hồ sơ đã đọc); ngưỡng nào không đạt thì hồ sơ không ' +
          'chuyển tiếp được. void: hủy, cần `reason`. Phiên bản khác → 409.',
        params: idParams,
        body: campaignActionBody,
        response: { 200: campaignDetail, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        actOnCampaign(
          tx,
          request.context,
          store(),
          request.params.id,
          request.body,
          request.language,
        ),
      );
      return readCampaign(db, request.context, request.params.id, publicBase(request));
    },
  );

  app.get(
    '/api/v1/surveys/campaigns/:id/households',
    {
      schema: {
        tags,
        summary: 'Danh sách hộ của đợt (đã trả lời hay chưa, không bao giờ kèm câu trả lời)',
        params: idParams,
        querystring: householdListQuery,
        response: { 200: householdListResponse, ...refusals },
      },
    },
    async (request) => listHouseholds(db, request.context, request.params.id, request.query),
  );

  app.post(
    '/api/v1/surveys/campaigns/:id/households',
    {
      schema: {
        tags,
        summary: 'Thêm hộ vào danh sách (khi chưa mở)',
        description: 'Trùng mã hộ, hoặc trùng thôn + chủ hộ + địa chỉ → 422 với từng dòng.',
        params: idParams,
        body: addHouseholdsBody,
        response: { 200: campaignDetail, ...refusals, 422: rollErrorResponse },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        addHouseholds(tx, request.context, request.params.id, request.body, request.language),
      );
      return readCampaign(db, request.context, request.params.id, publicBase(request));
    },
  );

  app.delete(
    '/api/v1/surveys/campaigns/:id/households/:householdId',
    {
      schema: {
        tags,
        summary: 'Bỏ một hộ khỏi danh sách (khi chưa mở)',
        params: z.object({
          id: z.string().uuid(),
          householdId: z.coerce.number().int().positive(),
        }),
        querystring: z.object({ version: z.coerce.number().pipe(versionNumber()) }),
        response: { 200: campaignDetail, ...refusals },
      },
    },
    async (request) => {
      await db.transaction((tx) =>
        removeHousehold(
          tx,
          request.context,
          request.params.id,
          request.params.householdId,
          request.query.version,
        ),
      );
      return readCampaign(db, request.context, request.params.id, publicBase(request));
    },
  );

  app.get(
    '/api/v1/surveys/campaigns/:id/roll-template.xlsx',
    {
      schema: {
        tags,
        summary: 'Mẫu danh sách hộ (Excel), kèm các hộ đã có',
        params: idParams,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (request, reply) => {
      const file = await rollTemplate(db, request.context, request.params.id);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(file.name, file.name))
        .send(file.bytes);
    },
  );

  app.post(
    '/api/v1/surveys/campaigns/:id/roll',
    {
      validatorCompiler: skipBodyValidation as never,
      schema: {
        tags,
        summary: 'Nhập danh sách hộ từ Excel (thay toàn bộ danh sách, khi chưa mở)',
        description:
          'Gửi `multipart/form-data`, tệp trong trường `file` (xlsx hoặc CSV UTF-8). Dòng tiêu đề: ' +
          '"Thôn/tổ dân phố", "Mã hộ", "Họ và tên chủ hộ" (+ "Địa chỉ"; đợt của huyện thêm "Mã ' +
          'xã"). Mọi lỗi (dòng, cột, tiếng Việt) trả về cùng lúc (422, `errors`); có lỗi thì không ' +
          'ghi gì. Không lỗi: danh sách cũ (và mã hộ đã cấp) được thay toàn bộ.',
        consumes: ['multipart/form-data'],
        params: idParams,
        querystring: z.object({ version: z.coerce.number().pipe(versionNumber()) }),
        response: {
          200: rollImportResponse,
          ...refusals,
          413: errorResponse,
          422: rollErrorResponse,
        },
      },
    },
    async (request) => {
      requireActor(request.context);
      const upload = await readUpload(request, limit);
      const outcome = await db.transaction((tx) =>
        importRoll(
          tx,
          request.context,
          request.params.id,
          request.query.version,
          upload.bytes,
          request.language,
        ),
      );
      return {
        ...outcome,
        campaign: await readCampaign(db, request.context, request.params.id, publicBase(request)),
      };
    },
  );

  app.post(
    '/api/v1/surveys/campaigns/:id/codes',
    {
      schema: {
        tags,
        summary: 'Cấp mã hộ và in phiếu (PDF, có mã QR)',
        description:
          'Cấp mã một lần cho các hộ chưa có mã còn hiệu lực (và chưa trả lời), theo thôn hoặc ' +
          'danh sách hộ; `reissue: true` cấp lại (mã cũ hết hiệu lực). Mã chỉ có trong tệp PDF ' +
          'trả về (cơ sở dữ liệu giữ giá trị băm): lưu hoặc in ngay.',
        params: idParams,
        body: issueCodesBody,
        produces: ['application/pdf'],
        response: { ...refusals },
      },
    },
    async (request, reply) => {
      const file = await db.transaction((tx) =>
        issueCodes(tx, request.context, request.params.id, request.body, publicBase(request)),
      );
      return sendPdf(reply.header('x-codes-issued', String(file.count)), file, true);
    },
  );

  app.post(
    '/api/v1/surveys/campaigns/:id/answers',
    {
      schema: {
        tags,
        summary: 'Cán bộ nhập phiếu giấy hoặc lấy ý kiến tại hộ',
        description:
          'Mỗi hộ một phiếu trong một đợt, qua mọi kênh. `clientId` do máy tạo một lần cho mỗi ' +
          'phiếu: gửi lại cùng phiếu → cùng mã xác nhận, `replayed: true`, không tính thêm; hộ đã ' +
          'trả lời (kênh khác, hoặc câu trả lời khác) → 409.',
        params: idParams,
        body: officerAnswerBody,
        response: { 200: receiptView, ...refusals },
      },
    },
    async (request) =>
      db.transaction((tx) =>
        submitOfficerAnswer(tx, request.context, request.params.id, request.body),
      ),
  );

  app.get(
    '/api/v1/surveys/campaigns/:id/tally',
    {
      schema: {
        tags,
        summary: 'Kết quả: tỷ lệ hộ được lấy ý kiến, tỷ lệ hài lòng, từng ngưỡng',
        description:
          'Trong khi đang lấy ý kiến: tính ngay từ câu trả lời (`live: true`); sau khi tổng hợp: ' +
          'kết quả đã lưu. Chỉ có số đếm, không bao giờ có câu trả lời của một hộ.',
        params: idParams,
        response: { 200: tallyResponse, ...refusals },
      },
    },
    async (request) => campaignTally(db, request.context, request.params.id),
  );

  app.get(
    '/api/v1/surveys/campaigns/:id/result.pdf',
    {
      schema: {
        tags,
        summary: 'Thông báo kết quả để niêm yết ở thôn (PDF)',
        params: idParams,
        querystring: z.object({ village: z.string().max(120).optional() }),
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const file = await resultPdf(
        db,
        request.context,
        request.params.id,
        request.query.village,
        async (row) =>
          row.tally && ['tallied', 'posted', 'reported'].includes(row.state)
            ? { tally: row.tally, live: false }
            : { tally: await liveTally(db, row), live: true },
      );
      return sendPdf(reply, file);
    },
  );

  // --- Public: the household answers with its code ----------------------------------------------

  app.get(
    '/api/v1/surveys/answers/form',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Phiếu mà một mã hộ mở (công khai)',
        description:
          'Mã sai định dạng → 400; không có mã này → 404; mã đã được cấp lại → 410. Quá nhiều mã ' +
          'sai từ một địa chỉ → 429.',
        querystring: publicFormQuery,
        response: { 200: publicFormView, 410: errorResponse, 429: errorResponse, ...refusals },
      },
    },
    async (request) => {
      assertNotGuessing(request.ip);
      return countingWrongCodes(request.ip, () => publicForm(db, request.query.code));
    },
  );

  app.post(
    '/api/v1/surveys/answers',
    {
      config: { rateLimit: { max: answersPerMinute(), timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Hộ gửi ý kiến bằng mã hộ (công khai)',
        description:
          'Một hộ một lần: gửi lại cùng `clientId` và cùng câu trả lời → cùng mã xác nhận ' +
          '(`replayed: true`); câu trả lời khác cho mã đã dùng → 409; đợt chưa mở hoặc đã kết thúc ' +
          '→ 409.',
        body: publicAnswerBody,
        response: { 200: receiptView, 410: errorResponse, 429: errorResponse, ...refusals },
      },
    },
    async (request) => {
      assertNotGuessing(request.ip);
      return countingWrongCodes(request.ip, () =>
        db.transaction((tx) => submitPublicAnswer(tx, request.context, request.body)),
      );
    },
  );

  const html = (reply: FastifyReply, status: number, body: string) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'same-origin')
      .send(body);

  const errorPage = (reply: FastifyReply, error: unknown, language: 'vi' | 'en', code: string) => {
    if (!isAppError(error)) throw error;
    const message = error.messageIn(language);
    if (codeProblems.has(error.code) || error.code === 'surveys.too_many_wrong_codes') {
      return html(reply, error.status, codeEntryPage(message, code));
    }
    return html(reply, error.status, messagePage('Không gửi được ý kiến', message));
  };

  app.get(
    '/khao-sat',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: { hide: true, querystring: z.object({ ma: z.string().max(40).optional() }) },
    },
    async (request, reply) => {
      const code = request.query.ma?.trim() ?? '';
      if (!code) return html(reply, 200, codeEntryPage());
      try {
        assertNotGuessing(request.ip);
        const form = await countingWrongCodes(request.ip, () => publicForm(db, code));
        if (form.answered) {
          return html(
            reply,
            200,
            messagePage(
              'Hộ đã trả lời',
              `Mã này đã được dùng để gửi ý kiến ngày ${form.answered.answeredOn.split('-').reverse().join('/')}. Mỗi hộ chỉ trả lời một lần.`,
            ),
          );
        }
        return html(
          reply,
          200,
          formPage({
            code,
            clientId: randomUUID(),
            campaign: form.campaign,
            village: form.village,
            questionnaire: form.questionnaire,
          }),
        );
      } catch (error) {
        return errorPage(reply, error, request.language, code);
      }
    },
  );

  app.post(
    '/khao-sat',
    {
      config: { rateLimit: { max: answersPerMinute(), timeWindow: '1 minute' } },
      schema: { hide: true },
    },
    async (request, reply) => {
      const fields = (request.body ?? {}) as Record<string, string>;
      const code = String(fields.ma ?? '').trim();
      const clientId = String(fields.clientId ?? '');
      try {
        assertNotGuessing(request.ip);
        const parsed = publicAnswerBody.safeParse({ code, clientId, answers: formAnswers(fields) });
        if (!parsed.success) throw new AppError('surveys.code_invalid', 400, {});
        const receipt = await countingWrongCodes(request.ip, () =>
          db.transaction((tx) => submitPublicAnswer(tx, request.context, parsed.data)),
        );
        return html(reply, 200, receiptPage(receipt));
      } catch (error) {
        if (isAppError(error) && error.code === 'surveys.answers_invalid') {
          const form = await publicForm(db, code);
          return html(
            reply,
            422,
            formPage({
              code,
              clientId,
              campaign: form.campaign,
              village: form.village,
              questionnaire: form.questionnaire,
              values: fields,
              error: error.messageIn(request.language),
            }),
          );
        }
        return errorPage(reply, error, request.language, code);
      }
    },
  );

  app.get('/khao-sat/khao-sat.js', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(PAGE_SCRIPT),
  );

  app.get(
    '/khao-sat/fonts/:file',
    { schema: { hide: true, params: z.object({ file: z.string().max(40) }) } },
    async (request, reply) => {
      const file = fontFiles[request.params.file];
      if (!file) throw new AppError('not_found', 404, { path: request.url });
      return reply
        .type('font/woff2')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(fs.createReadStream(path.join(fontDirectory, file)));
    },
  );
};
