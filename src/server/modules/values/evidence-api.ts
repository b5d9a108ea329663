import { z } from 'zod';

/**
 * Requests of the evidence endpoints (the answer is `evidenceItem` of `api.ts`, the same item the
 * values list shows). The uploaded file itself is read from the multipart stream by the route.
 */

export const evidenceParams = z.object({
  id: z.uuid().describe('Mã tệp minh chứng'),
});

const flag = z.enum(['true', 'false']).optional();

export const evidenceFileQuery = z.object({
  includeDeleted: flag.describe(
    'true: cho phép tải tệp đã xóa (chỉ người có quyền nhập số liệu của đơn vị)',
  ),
  download: flag.describe('true: luôn tải về (Content-Disposition: attachment), kể cả ảnh'),
});

/**
 * The multipart body, for the OpenAPI document only: the route reads the file from the stream (one
 * file, size-limited) and does not validate the body against this schema.
 */
export const uploadEvidenceBody = z.object({
  file: z
    .string()
    .meta({ format: 'binary' })
    .describe(
      'Tệp minh chứng: PDF, ảnh JPEG/PNG/WebP/GIF, Word (DOC, DOCX), Excel (XLS, XLSX), ODT, ODS',
    ),
});

export const deleteEvidenceBody = z
  .object({
    reason: z
      .string()
      .trim()
      .max(2000)
      .optional()
      .describe('Lý do xóa (bắt buộc, tối đa 2000 ký tự); hiện cùng tệp trong danh sách'),
  })
  // No body at all (a DELETE without content) reads as an empty one: the reason is then missing.
  .nullish()
  .transform((body) => body ?? {});

export type DeleteEvidenceBody = z.infer<typeof deleteEvidenceBody>;
