import { contentDisposition } from '../../files/download';
import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors';
import { requireActor } from '../../auth/policy';
import {
  errorResponse,
  importErrorResponse,
  importQuery,
  importResponse,
  unitValuesParams,
  valuesQuery,
} from './api';
import { exportValuesWorkbook } from './export';
import { importValuesFile } from './import';
import { valuesRefusals, valuesTags } from './routes';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The multipart body, for the OpenAPI document only (the file is read from the stream). */
const importFileBody = z.object({
  file: z
    .string()
    .meta({ format: 'binary' })
    .describe('Tệp .xlsx hoặc .csv (UTF-8); loại tệp xác định theo nội dung'),
});

/** Validates params and query as usual, but not the multipart body (read from its stream). */
const skipBodyValidation: typeof validatorCompiler = (route) =>
  route.httpPart === 'body' ? () => ({ value: undefined }) : validatorCompiler(route);

/** A name sent by a browser is a bare file name: no folders, no control characters. */
function isBareFileName(name: string): boolean {
  const control = [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  return (
    name.length > 0 &&
    name.length <= 255 &&
    !control &&
    !/[/\\]/.test(name) &&
    name !== '.' &&
    name !== '..'
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round(bytes / 1024 / 1024)} MB`
    : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Excel round trip of a unit's values: the pre-filled form (xlsx) and the import of an xlsx or
 * CSV file (multipart). An import is one transaction: every problem listed, nothing written, or
 * every value written with its history, one import record and one audit entry.
 */
export interface ValuesImportRoutesOptions {
  /** Fault-test instrumentation (see `AppHooks` in app.ts); production never passes it. */
  afterImportHalf?: () => Promise<void>;
}

export const valuesImportRoutes: FastifyPluginAsyncZod<ValuesImportRoutesOptions> = async (
  app,
  options,
) => {
  const db = app.database.db;
  const { config } = app;

  app.get(
    '/api/v1/units/:code/values/export',
    {
      schema: {
        tags: valuesTags,
        summary: 'Tải mẫu Excel (xlsx) số liệu của một đơn vị',
        description:
          'Tệp xlsx theo mẫu biểu quen thuộc: quốc hiệu, tiêu đề, đơn vị và tỉnh, bộ tiêu chí và ' +
          'căn cứ, ngày xuất; bảng có dòng tiêu đề cố định, đường kẻ, danh sách chọn Đạt/Không đạt ' +
          'và kiểm tra tỷ lệ 0–100, điền sẵn số liệu hiện có. Xã (đơn vị cùng cấp với bộ tiêu chí): ' +
          'một dòng một chỉ tiêu (STT | Mã chỉ tiêu | Tiêu chí | Chỉ tiêu | Đơn vị tính | Ngưỡng | ' +
          'Giá trị | Ghi chú), ngưỡng theo vùng/nhóm của xã. Huyện, tỉnh: một dòng một xã (Mã xã | ' +
          'Tên xã | mỗi chỉ tiêu một cột), các xã thuộc đơn vị ngày 31/12 của năm và trong phạm vi ' +
          'của người dùng, xếp theo tên tiếng Việt (không gồm phường, thị trấn). Trang tính ẩn ' +
          '`_ntm` ghi thông tin máy đọc (không bắt buộc khi nhập lại). Cần quyền xem đơn vị (403).',
        params: unitValuesParams,
        querystring: valuesQuery,
        response: { ...valuesRefusals },
      },
    },
    async (request, reply) => {
      requireActor(request.context);
      const exported = await exportValuesWorkbook(
        db,
        request.context,
        request.params.code,
        request.query.set,
        request.query.year,
      );
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', contentDisposition(exported.fileName, exported.displayName))
        .header('cache-control', 'no-store')
        .send(exported.data as never); // binary: no response schema for 200
    },
  );

  app.post(
    '/api/v1/units/:code/values/import',
    {
      validatorCompiler: skipBodyValidation as never, // typed per route schema by Fastify
      schema: {
        tags: valuesTags,
        summary: 'Nhập số liệu từ tệp Excel (xlsx) hoặc CSV',
        description:
          'Gửi `multipart/form-data` với một tệp trong trường `file` (tối đa theo cấu hình ' +
          'NTM_UPLOAD_MAX_MB, mặc định 20 MB; quá cỡ → 413). Loại tệp xác định theo nội dung: xlsx ' +
          '(zip bắt đầu bằng PK) hoặc CSV UTF-8 (có hoặc không BOM, phân cách bằng dấu chấm phẩy, ' +
          'dấu phẩy hoặc tab); tên tệp có đường dẫn bị từ chối (400). Dòng tiêu đề được tìm theo ' +
          'chữ (không phân biệt hoa thường, dấu): "Mã chỉ tiêu" + "Giá trị" (+ "Ghi chú") cho mẫu một ' +
          'dòng một chỉ tiêu; "Mã xã" + các cột bắt đầu bằng mã chỉ tiêu cho mẫu một dòng một xã ' +
          '(huyện, tỉnh). Ô trống: giữ nguyên giá trị đã lưu. Đạt: Đạt, Có, X, ✓, TRUE; Không đạt: ' +
          'Không đạt, Chưa đạt, Không, FALSE. Số: 70,5 hoặc 70.5 hoặc 70,5%. Mọi lỗi được kiểm tra ' +
          'trước và trả về cùng lúc (422, `errors`: trang tính, dòng, cột, lỗi bằng tiếng Việt); có ' +
          'lỗi thì không ghi gì. 423 khi lỗi duy nhất là số liệu đã gửi duyệt/đã duyệt. Không lỗi: ' +
          'ghi mọi giá trị trong một giao dịch (lịch sử nguồn "import", đánh giá được tính lại), ' +
          'một bản ghi lần nhập và một dòng nhật ký. Nhập lại đúng tệp đó không thay đổi gì ' +
          '(changed = 0, importId = null, không ghi lịch sử, không ghi nhật ký). Mẫu tải về ghi ' +
          'phiên bản của từng giá trị (trang tính ẩn `_ntm_versions`): giá trị người khác đã sửa ' +
          'sau khi tải mẫu mà tệp ghi khác đi là xung đột (409, `errors`: trang tính, dòng, cột, ai ' +
          'sửa, lúc nào), không ghi gì; `overwrite=true` xác nhận ghi đè (danh sách giá trị bị ghi ' +
          'đè vào nhật ký, `overwritten`). Tệp không ghi phiên bản (tệp cũ, tự lập, CSV) được nhập ' +
          'như trước, kèm cảnh báo trong `warnings`. Tệp xlsx được đọc ngoài luồng xử lý yêu cầu, ' +
          'giới hạn thời gian và bộ nhớ; lớn hơn NTM_UPLOAD_MAX_UNZIPPED_MB (mặc định 50 MB) khi ' +
          'giải nén (kích thước khai báo hoặc thực tế) hoặc quá nặng để đọc → 413.',
        consumes: ['multipart/form-data'],
        body: importFileBody,
        params: unitValuesParams,
        querystring: importQuery,
        response: {
          200: importResponse,
          409: importErrorResponse,
          413: errorResponse,
          415: errorResponse,
          423: importErrorResponse,
          ...valuesRefusals,
          422: importErrorResponse,
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
      // Keep what the client sent as the name (paths included) so that a path can be refused.
      const file = await request.file({ preservePath: true });
      if (!file || file.fieldname !== 'file') {
        throw new AppError('values.import.no_file', 400);
      }
      if (!isBareFileName(file.filename)) {
        throw new AppError('values.import.bad_file_name', 400, {
          name: file.filename.slice(0, 100),
        });
      }
      let data: Buffer;
      try {
        data = await file.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError('payload_too_large', 413, {
            limit: formatBytes(config.uploadMaxBytes),
          });
        }
        throw error;
      }
      return db.transaction((tx) =>
        importValuesFile(
          tx,
          request.context,
          {
            unitCode: request.params.code,
            setCode: request.query.set,
            year: request.query.year,
            fileName: file.filename,
            data,
          },
          {
            language: request.language,
            overwrite: request.query.overwrite,
            ...(options.afterImportHalf ? { afterHalf: options.afterImportHalf } : {}),
          },
        ),
      );
    },
  );
};
