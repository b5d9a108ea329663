import { z } from 'zod';
import { pageParam, saneIsoDate, versionNumber } from '../../api-schemas';
import { errorResponse } from '../units/api';

/**
 * The OCOP API contract of the public side and the decisions (docs/ocop.md): the catalogue, the
 * register export, rule versions, figures; score sheets (import, publish); the decision and the
 * certificate (PDF, revocation). The web app imports these types.
 */

export { errorResponse };

const isoDate = saneIsoDate.describe('Ngày, dạng YYYY-MM-DD');

export const sheetProblemsResponse = errorResponse
  .extend({
    errors: z
      .array(
        z.object({
          row: z.number().nullable().describe('Dòng trong tệp Excel (như Excel hiển thị)'),
          column: z.string().nullable().describe('Cột (A, B, …)'),
          message: z.string().describe('Lỗi, tiếng Việt'),
        }),
      )
      .optional()
      .describe('Mọi lỗi của phiếu (tối đa 100)'),
  })
  .describe('Phiếu có lỗi: không ghi gì');

export const catalogueQuery = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Tìm theo tên sản phẩm, chủ thể (không dấu cũng được)'),
  province: z
    .string()
    .regex(/^\d{2}$/)
    .optional()
    .describe('Mã tỉnh (GSO)'),
  set: z.string().max(80).optional().describe('Mã bộ sản phẩm'),
  stars: z.coerce.number().int().min(1).max(5).optional().describe('Hạng sao'),
  page: pageParam.optional(),
});

const place = z.object({ code: z.string(), name: z.string() }).nullable();

export const catalogueItem = z.object({
  code: z.string().describe('Mã sản phẩm OCOP (tỉnh-xã-số-năm)'),
  name: z.string(),
  stars: z.number().int().describe('Hạng sao theo giấy chứng nhận còn hiệu lực'),
  set: z.object({ code: z.string(), name: z.string().nullable() }),
  description: z.string().nullable(),
  producer: z.object({
    name: z.string(),
    kind: z.string().describe('cooperative, cooperative_group, company, household'),
    commune: place,
    province: place,
  }),
  certificate: z.object({
    id: z.string().uuid(),
    number: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
  }),
  photo: z.string().nullable().describe('Đường dẫn ảnh đầu tiên'),
  photos: z.number().int(),
});

export const catalogueResponse = z.object({
  items: z.array(catalogueItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const catalogueProductResponse = catalogueItem.extend({
  standards: z.array(z.string()),
  certifications: z.array(z.string()),
  ecommerceLinks: z.array(z.object({ label: z.string(), url: z.string() })),
  photoUrls: z.array(z.string()),
  certificate: z.object({
    id: z.string().uuid(),
    number: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
    decisionNumber: z.string(),
    decidedOn: z.string(),
    level: z.string(),
    ruleVersion: z.string(),
    pdf: z.string().describe('Đường dẫn giấy chứng nhận (PDF)'),
  }),
});

export const statsResponse = z.object({
  scope: z.object({ provinceCode: z.string().nullable(), provinceName: z.string().nullable() }),
  certified: z.number().int(),
  byStars: z.array(z.object({ stars: z.number().int(), products: z.number().int() })),
  byProvince: z.array(
    z.object({
      provinceCode: z.string(),
      provinceName: z.string().nullable(),
      products: z.number().int(),
    }),
  ),
  bySet: z.array(z.object({ setCode: z.string(), products: z.number().int() })),
  expiringWithin6Months: z.number().int(),
});

export const sheetView = z.object({
  id: z.string().uuid(),
  code: z.string(),
  version: z.number().int(),
  ruleVersion: z.string(),
  setCode: z.string(),
  name: z.string(),
  verified: z.boolean().describe('Điểm đã đối chiếu phụ lục chính thức'),
  state: z.string().describe('draft (nháp), published (đã công bố), withdrawn (đã rút)'),
  source: z.string().describe('shipped (kèm phần mềm), yaml, excel'),
  publishedAt: z.string().nullable(),
  rowVersion: z.number().int().describe('Phiên bản bản ghi (kiểm tra khi sửa, công bố)'),
  body: z.unknown().describe('Toàn bộ phiếu: phần → mục → tiêu chí → lựa chọn'),
});

export const sheetListQuery = z.object({
  set: z.string().max(80).optional(),
  ruleVersion: z.string().max(40).optional(),
  state: z.enum(['draft', 'published', 'withdrawn']).optional(),
});

export const updateSheetBody = z.object({
  yaml: z.string().min(1).max(2_000_000).describe('Toàn bộ phiếu dạng YAML'),
  version: versionNumber().describe('rowVersion đã đọc'),
});

export const publishSheetBody = z.object({ version: versionNumber() });

export const decisionBody = z.object({
  decisionNumber: z.string().trim().min(1).max(80).describe('Số quyết định công nhận'),
  decidedOn: isoDate.describe('Ngày quyết định (= ngày giấy chứng nhận có hiệu lực)'),
  signer: z.string().trim().min(2).max(120).describe('Người ký'),
  stars: z.number().int().min(1).max(5).describe('Hạng sao công nhận (≤ kết quả hội đồng)'),
  version: versionNumber().describe('Phiên bản hồ sơ đã đọc'),
});

export const revokeBody = z.object({
  reason: z.string().min(1).max(80).describe('Mã lý do thu hồi của phiên bản quy định'),
  note: z.string().trim().max(2000).nullable().optional(),
  version: versionNumber(),
});

export const certificateView = z.object({
  id: z.string().uuid(),
  number: z.string(),
  state: z
    .string()
    .describe('valid (còn hiệu lực), expired (hết hạn), revoked (thu hồi), superseded (được thay)'),
  stars: z.number().int(),
  score: z.number(),
  level: z.string(),
  ruleVersion: z.string(),
  decisionNumber: z.string(),
  decidedOn: z.string(),
  signer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  revocationReason: z.string().nullable(),
  revocationNote: z.string().nullable(),
  revokedAt: z.string().nullable(),
  alertsSent: z.array(z.number().int()),
  version: z.number().int(),
  applicationId: z.string().uuid(),
  product: z.object({
    id: z.string().uuid(),
    code: z.string().nullable(),
    name: z.string(),
    setCode: z.string(),
  }),
  producer: z.object({ id: z.string().uuid(), name: z.string(), kind: z.string() }),
});

export type CatalogueResponse = z.infer<typeof catalogueResponse>;
export type CatalogueProductResponse = z.infer<typeof catalogueProductResponse>;
export type OcopStatsResponse = z.infer<typeof statsResponse>;
export type SheetViewResponse = z.infer<typeof sheetView>;
export type CertificateViewResponse = z.infer<typeof certificateView>;
