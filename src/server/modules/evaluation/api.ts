import { z } from 'zod';
import { pageParam } from '../../api-schemas';
import { setCode } from '../criteria/api';
import { errorResponse } from '../units/api';

/**
 * The statistics API (issue 6): roll-ups of stored evaluations for the country or one unit and a
 * year, the list of communes behind every figure. Public; cacheable with an ETag.
 */

export { errorResponse };

export const mapMode = z
  .enum(['year', 'current'])
  .describe(
    'year: theo địa giới tại 31/12 của năm (mặc định); current: quy về địa giới hiện nay qua ' +
      'lịch sử sắp xếp đơn vị (ví dụ số liệu 2024 theo 34 tỉnh mới)',
  );

export const statsQuery = z.object({
  unit: z
    .string()
    .regex(/^\d{2,5}$/)
    .optional()
    .describe('Mã đơn vị (tỉnh, huyện); bỏ trống: cả nước'),
  year: z.coerce.number().int().min(2000).max(2100).describe('Năm số liệu'),
  set: setCode
    .optional()
    .describe('Bộ tiêu chí cấp xã; mặc định: bộ của trung ương áp dụng cho năm'),
  map: mapMode.default('year'),
  approved: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'true: chỉ số liệu đã duyệt. Người xem ngoài phạm vi (và khách) luôn chỉ thấy số liệu đã duyệt',
    ),
});

const totals = z.object({
  communes: z.number().int().describe('Số xã (loại "xã") của đơn vị trong năm'),
  evaluated: z.number().int().describe('Số xã đã có kết quả đánh giá'),
  met: z.number().int().describe('Số xã đạt chuẩn (đạt mọi tiêu chí)'),
  notMet: z
    .number()
    .int()
    .describe('Số xã có ít nhất một tiêu chí không đạt (có giá trị không đạt)'),
  incomplete: z
    .number()
    .int()
    .describe('Số xã chưa đủ số liệu: không có tiêu chí nào không đạt nhưng còn thiếu dữ liệu'),
  unclassified: z.number().int().describe('Số xã chưa được xếp vùng/nhóm'),
  withMissing: z.number().int().describe('Số xã còn thiếu số liệu ít nhất một chỉ tiêu'),
  missingCells: z.number().int().describe('Tổng số chỉ tiêu thiếu số liệu'),
  averageCriteriaMet: z.number().nullable().describe('Số tiêu chí đạt bình quân mỗi xã'),
  bands: z
    .record(z.string(), z.number().int())
    .describe(
      'Số xã theo nhóm số tiêu chí đạt: all, b1 (15–18), b2 (10–14), b3 (5–9), b4 (dưới 5)',
    ),
  unmapped: z.number().int().describe('Số xã không quy được về địa giới được chọn'),
});

export const statsSummaryResponse = z
  .object({
    unit: z
      .object({ code: z.string(), name: z.string(), level: z.string() })
      .nullable()
      .describe('Đơn vị; null: cả nước'),
    year: z.number().int(),
    set: z.object({ code: z.string(), name: z.string(), criteriaTotal: z.number().int() }),
    map: mapMode,
    reportingDate: z.string().describe('Ngày của địa giới dùng để tổng hợp'),
    approvedOnly: z.boolean(),
    bands: z.array(
      z.object({
        key: z.string(),
        min: z.number().int(),
        max: z.number().int(),
        label: z.string(),
      }),
    ),
    totals,
    recognised: z
      .object({
        count: z.number().int().describe('Số xã được công nhận bằng quyết định còn hiệu lực'),
        kind: z.string().describe('Loại công nhận (commune_ntm, commune_advanced, commune_model)'),
        asOf: z.string().describe('Ngày tính (ngày của địa giới tổng hợp)'),
      })
      .nullable()
      .describe(
        'Xã "đạt chuẩn" theo quyết định công nhận đã công bố (khác với số xã đạt đủ tiêu chí theo ' +
          'số liệu); null với bộ tiêu chí không phải cấp xã',
      ),
    previousYear: z
      .object({ year: z.number().int(), set: z.string(), totals })
      .nullable()
      .describe('Năm trước, trên cùng địa giới (để so sánh)'),
    criteria: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        met: z.number().int().describe('Số xã đạt tiêu chí'),
        notMet: z.number().int().describe('Số xã không đạt tiêu chí (có giá trị không đạt)'),
        missing: z
          .number()
          .int()
          .describe('Số xã thiếu dữ liệu của tiêu chí (không tính là không đạt)'),
      }),
    ),
    indicators: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        met: z.number().int(),
        missing: z.number().int(),
      }),
    ),
    children: z.array(totals.extend({ code: z.string(), name: z.string(), level: z.string() })),
    generatedAt: z.string(),
  })
  .describe('Tổng hợp kết quả đánh giá (từ kết quả đã lưu, không tính lại)');

export const statsCommunesQuery = statsQuery.extend({
  filter: z
    .string()
    .regex(
      /^(all|met|not_met|incomplete|missing|unclassified|unevaluated|band:(all|b[1-4])|criterion:[^:]+:(met|not_met|incomplete)|indicator:[^:]+:(met|not_met|missing))$/,
    )
    .default('all')
    .describe(
      'Xã nào: all, met, not_met (có tiêu chí không đạt), incomplete (chưa đủ số liệu, không có ' +
        'tiêu chí không đạt), missing (thiếu số liệu), unclassified, unevaluated (chưa có kết ' +
        'quả), band:b2, criterion:17:not_met, criterion:17:incomplete, indicator:3.1:missing',
    ),
  page: pageParam.default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const statsCommunesResponse = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      parents: z
        .string()
        .describe('Các cấp trên trên địa giới đã chọn ("huyện Văn Yên, tỉnh Yên Bái")'),
      status: z.enum(['met', 'not_met', 'unclassified']).nullable(),
      criteriaMet: z.number().int().nullable(),
      indicatorsMissing: z.number().int().nullable(),
      submission: z.string().nullable().describe('Trạng thái duyệt số liệu'),
    }),
  ),
  total: z.number().int(),
});

export type StatsSummaryResponse = z.infer<typeof statsSummaryResponse>;
export type StatsCommunesResponse = z.infer<typeof statsCommunesResponse>;
export type StatsQuery = z.infer<typeof statsQuery>;
export type StatsCommunesQuery = z.infer<typeof statsCommunesQuery>;
