import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DatabaseHandle } from '../../db/client';
import { AppError } from '../../errors';
import { createFileStore, filesDirectoryFor, type FileStore } from '../../files/store';
import { errorResponse, evidenceItem, unitValueParams, valuesQuery } from './api';
import {
  addEvidence,
  bytesMissing,
  deleteEvidence,
  evidenceForDownload,
  noThumbnail,
  precheckEvidenceUpload,
  type EvidenceRecord,
} from './evidence';
import {
  deleteEvidenceBody,
  evidenceFileQuery,
  evidenceParams,
  uploadEvidenceBody,
} from './evidence-api';
import { checkUpload, contentDisposition, downloadName, kindOf } from './evidence-content';
import { valuesRefusals, valuesTags } from './routes';

/** The file store of each running app (tests read the stored bytes through it). */
const stores = new WeakMap<DatabaseHandle, FileStore>();

export function evidenceStoreOf(database: DatabaseHandle): FileStore | undefined {
  return stores.get(database);
}

/** The app's file store, for the modules registered after the evidence routes (else a 500). */
export function requireFileStore(database: DatabaseHandle): FileStore {
  const found = stores.get(database);
  if (!found) throw new AppError('internal', 500, { requestId: 'file-store' });
  return found;
}

function megabytes(bytes: number): string {
  const value = bytes / 1024 / 1024;
  return `${Number.isInteger(value) ? value : value.toFixed(1).replace('.', ',')} MB`;
}

/**
 * Reads the one uploaded file of a multipart request into memory (at most `uploadMaxBytes`).
 * The name is taken as sent, path included (`preservePath`), so that a name with a path is
 * refused rather than silently cut.
 */
export async function readUpload(
  request: FastifyRequest,
  limit: number,
): Promise<{ name: string | undefined; bytes: Buffer; fields: Record<string, string> }> {
  if (!request.isMultipart()) {
    throw new AppError('values.evidence.not_multipart', 415);
  }
  // Over the limit: 413. Cut off (the sender went away) or malformed: a 400, not a server fault.
  const refusal = (error: unknown) =>
    (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'
      ? new AppError(
          'values.evidence.too_large',
          413,
          { limit: megabytes(limit) },
          { cause: error },
        )
      : new AppError('values.evidence.interrupted', 400, {}, { cause: error });
  let part;
  try {
    part = await request.file({ preservePath: true });
  } catch (error) {
    throw refusal(error);
  }
  if (!part || part.fieldname !== 'file') {
    part?.file.resume();
    throw new AppError('values.evidence.file_missing', 422);
  }
  try {
    const bytes = await part.toBuffer();
    // Text fields sent before the file (multipart keeps them on the file part).
    const fields: Record<string, string> = {};
    for (const [key, field] of Object.entries(part.fields)) {
      const value = Array.isArray(field) ? field[0] : field;
      if (value && value.type === 'field' && typeof value.value === 'string') {
        fields[key] = value.value;
      }
    }
    return { name: part.filename, bytes, fields };
  } catch (error) {
    throw refusal(error);
  }
}

/** Validates params and query as usual, but not a multipart body (read from its stream). */
export const skipBodyValidation: typeof validatorCompiler = (route) =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route);

/** Sends stored bytes with the headers that keep a browser from running or sniffing them. */
async function sendStored(
  request: FastifyRequest,
  reply: FastifyReply,
  store: FileStore,
  record: EvidenceRecord,
  file: {
    sha256: string;
    mediaType: string;
    disposition: 'inline' | 'attachment';
    name: string;
    maxAge: number;
  },
) {
  if (!(await store.hasFile(file.sha256))) throw bytesMissing(record);
  const etag = `"${file.sha256}"`;
  reply
    .header('etag', etag)
    .header('cache-control', `private, max-age=${file.maxAge}`)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'; img-src 'self'")
    .header('cross-origin-resource-policy', 'same-origin');
  const match = request.headers['if-none-match'];
  if (match && match.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
    return reply.code(304).send();
  }
  const { size } = await fs.promises.stat(store.pathOf(file.sha256));
  return reply
    .type(file.mediaType)
    .header('content-length', size)
    .header('content-disposition', contentDisposition(file.disposition, file.name))
    .send(store.openStream(file.sha256));
}

/**
 * Evidence files of indicator values: upload (multipart, one file, type checked by content),
 * download (streamed, never executed by the browser), thumbnail, soft delete with a reason.
 */
export const evidenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.database.db;
  const { directory, temporary } = filesDirectoryFor(app.config.dataDir, app.database);
  const store = createFileStore(directory);
  stores.set(app.database, store);
  if (temporary) {
    app.addHook('onClose', async () => {
      await fs.promises.rm(directory, { recursive: true, force: true });
    });
  }
  const limit = app.config.uploadMaxBytes;

  app.post(
    '/api/v1/units/:code/values/:indicator/evidence',
    {
      // The multipart body is read from its stream below; its schema only documents it.
      validatorCompiler: skipBodyValidation as never, // typed per route schema by Fastify
      schema: {
        tags: valuesTags,
        summary: 'Đính kèm tệp minh chứng cho một chỉ tiêu',
        description:
          'Gửi một tệp (multipart/form-data, trường `file`, tối đa ' +
          `${megabytes(limit)}). Loại tệp xác định theo NỘI DUNG, không theo tên: nhận PDF; ảnh ` +
          'JPEG, PNG, WebP, GIF (tự tạo ảnh thu nhỏ); Word (DOC, DOCX); Excel (XLS, XLSX); ' +
          'OpenDocument (ODT, ODS). Tên tệp được giữ nguyên (tối đa 200 ký tự), không được chứa ' +
          'đường dẫn hay ký tự điều khiển. Chỉ người có quyền nhập số liệu của đơn vị; 423 khi số ' +
          'liệu đã gửi duyệt hoặc đã duyệt; 413 khi tệp quá lớn; 422 khi tệp rỗng, sai loại hoặc ' +
          'tên không hợp lệ. Chỉ tiêu chưa có giá trị vẫn đính kèm được.',
        params: unitValueParams,
        querystring: valuesQuery,
        consumes: ['multipart/form-data'],
        body: uploadEvidenceBody,
        response: {
          201: evidenceItem,
          413: errorResponse,
          415: errorResponse,
          423: errorResponse,
          ...valuesRefusals,
        },
      },
    },
    async (request, reply) => {
      const input = {
        code: request.params.code,
        indicator: request.params.indicator,
        setCode: request.query.set,
        year: request.query.year,
      };
      await precheckEvidenceUpload(db, request.context, input);
      const { name, bytes } = await readUpload(request, limit);
      const upload = await checkUpload(name, bytes);
      const item = await db.transaction((tx) =>
        addEvidence(tx, request.context, store, input, upload),
      );
      return reply.code(201).send(item);
    },
  );

  app.get(
    '/api/v1/evidence/:id',
    {
      schema: {
        tags: valuesTags,
        summary: 'Tải tệp minh chứng',
        description:
          'Trả về nội dung tệp với Content-Type theo loại đã xác định khi tải lên. Ảnh hiển thị ' +
          'trực tiếp (inline), các tệp khác tải về (attachment; `download=true` để luôn tải về); ' +
          'tên tệp theo RFC 5987 (`filename*`). Kèm `X-Content-Type-Options: nosniff`, ' +
          '`Content-Security-Policy: sandbox`, `Cache-Control: private` và ETag (SHA-256 của ' +
          'nội dung). Ai xem được số liệu của đơn vị thì tải được (403 nếu ngoài phạm vi). Tệp ' +
          'đã xóa: 404, trừ khi có `includeDeleted=true` và người dùng có quyền nhập số liệu ' +
          'của đơn vị.',
        params: evidenceParams,
        querystring: evidenceFileQuery,
        response: { 500: errorResponse, ...valuesRefusals },
      },
    },
    async (request, reply) => {
      const record = await evidenceForDownload(db, request.context, request.params.id, {
        includeDeleted: request.query.includeDeleted === 'true',
      });
      const inline = kindOf(record.mediaType) === 'image' && request.query.download !== 'true';
      return sendStored(request, reply, store, record, {
        sha256: record.sha256,
        mediaType: record.mediaType,
        disposition: inline ? 'inline' : 'attachment',
        name: downloadName(record.name, record.mediaType),
        maxAge: 3600,
      });
    },
  );

  app.get(
    '/api/v1/evidence/:id/thumbnail',
    {
      schema: {
        tags: valuesTags,
        summary: 'Ảnh thu nhỏ của tệp minh chứng',
        description:
          'Ảnh JPEG tối đa 320 px (đã xoay theo EXIF) của tệp ảnh; 404 với tệp không phải ảnh. ' +
          'Quyền như khi tải tệp.',
        params: evidenceParams,
        querystring: evidenceFileQuery,
        response: { 500: errorResponse, ...valuesRefusals },
      },
    },
    async (request, reply) => {
      const record = await evidenceForDownload(db, request.context, request.params.id, {
        includeDeleted: request.query.includeDeleted === 'true',
      });
      if (record.thumbnailSha256 === null) throw noThumbnail(record);
      return sendStored(request, reply, store, record, {
        sha256: record.thumbnailSha256,
        mediaType: 'image/jpeg',
        disposition: 'inline',
        name: `${record.name}.thumbnail.jpg`,
        maxAge: 86400,
      });
    },
  );

  app.delete(
    '/api/v1/evidence/:id',
    {
      schema: {
        tags: valuesTags,
        summary: 'Xóa tệp minh chứng (kèm lý do)',
        description:
          'Xóa mềm: tệp vẫn được lưu và vẫn hiện trong danh sách số liệu kèm người xóa, thời ' +
          'điểm và lý do. Bắt buộc ghi lý do (422 nếu thiếu). Chỉ người có quyền nhập số liệu ' +
          'của đơn vị; 423 khi số liệu đã gửi duyệt hoặc đã duyệt; 409 khi tệp đã bị xóa.',
        params: evidenceParams,
        body: deleteEvidenceBody,
        response: {
          200: evidenceItem,
          409: errorResponse,
          423: errorResponse,
          ...valuesRefusals,
        },
      },
    },
    async (request) =>
      db.transaction((tx) =>
        deleteEvidence(tx, request.context, request.params.id, request.body.reason),
      ),
  );
};
