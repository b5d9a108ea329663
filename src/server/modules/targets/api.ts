import { z } from 'zod';
import { boundedInteger, boundedNumber, saneIsoDate, versionNumber } from '../../api-schemas';
import { errorResponse } from '../units/api';

/** The targets API contract: programme and province targets with their progress. */

export { errorResponse };

const isoDate = saneIsoDate.describe('Ngày, dạng YYYY-MM-DD (01/01/1900–31/12/2100)');

export const targetMeasure = z
  .enum([
    'communes_met_share',
    'communes_below_criteria',
    'indicator_met_share',
    'criterion_met_share',
    'recognised',
    'online_services',
    'none',
  ])
  .describe(
    'Cách đo: communes_met_share (% xã đạt đủ mọi tiêu chí của bộ, theo số liệu — không phải ' +
      'công nhận), communes_below_criteria (số xã đạt dưới N tiêu chí theo số liệu; xã chưa có số ' +
      'liệu nêu riêng), indicator_met_share (% đơn vị đạt một chỉ tiêu), criterion_met_share (% ' +
      'đơn vị đạt một tiêu chí), recognised (% đơn vị được công nhận đạt chuẩn bằng quyết định: ' +
      'theo danh sách công nhận), online_services (% xã lấy ý kiến sự hài lòng trực tuyến và trả ' +
      'lời phản ánh giám sát cộng đồng trên nền tảng), none (chưa có nguồn số liệu trong nền tảng)',
  );

export const targetCounts = z
  .enum(['computed', 'recognised', 'platform', 'none'])
  .describe(
    'Mục tiêu đếm gì: computed (kết quả tính theo số liệu, "đạt đủ N tiêu chí (theo số liệu)"), ' +
      'recognised (đơn vị được công nhận "đạt chuẩn" bằng quyết định), platform (đếm từ hoạt ' +
      'động trên nền tảng: lấy ý kiến trực tuyến, phản ánh được trả lời), none (chưa đo được)',
  );

const setRef = z.object({
  kind: z.enum(['standard', 'advanced', 'model']),
  level: z.enum(['commune', 'district']),
});

export const targetNoSource = z
  .object({
    reason: z
      .enum(['capability', 'set_missing', 'indicator_missing'])
      .describe(
        'capability: năng lực chưa có trong nền tảng; set_missing: chưa có bộ tiêu chí; ' +
          'indicator_missing: bộ tiêu chí chưa có chỉ tiêu này',
      ),
    capability: z
      .object({ code: z.string(), name: z.string() })
      .describe(
        'Năng lực sẽ cung cấp số liệu (ví dụ "Hồ sơ, quyết định công nhận (module công nhận)")',
      ),
  })
  .nullable()
  .describe('Chưa có nguồn số liệu: vì sao và năng lực nào sẽ cung cấp; null khi đo được');

export const targetStatus = z
  .enum(['met', 'on_track', 'behind', 'no_data', 'no_source'])
  .describe(
    'met (đạt), on_track (đúng tiến độ), behind (chậm), no_data (chưa có số liệu), no_source ' +
      '(chưa có nguồn số liệu trong nền tảng: không có con số nào)',
  );

export const targetsQuery = z.object({
  unit: z
    .string()
    .regex(/^\d{2,5}$/)
    .optional()
    .describe('Mã tỉnh; bỏ trống: cả nước'),
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .optional()
    .describe('Năm đọc số liệu (mặc định: năm nay hoặc năm của hạn)'),
});

export const targetView = z.object({
  code: z.string(),
  programCode: z.string().nullable(),
  name: z.string(),
  basis: z.string(),
  issuer: z.string().describe('central hoặc mã tỉnh đặt mục tiêu'),
  scope: z.object({ code: z.string(), name: z.string() }).nullable().describe('null: cả nước'),
  measure: targetMeasure,
  indicator: z.string().nullable(),
  criterion: z.string().nullable(),
  criteriaThreshold: z.number().int().nullable(),
  metric: z.object({
    set: setRef.nullable().describe('Bộ tiêu chí đọc, theo loại và cấp (bộ trung ương của năm)'),
    unitLevel: z.enum(['commune', 'district']).nullable().describe('Đơn vị được đếm'),
  }),
  counts: targetCounts,
  noSource: targetNoSource,
  op: z.enum(['gte', 'lte']),
  value: z.number(),
  unit: z.string(),
  startDate: z.string(),
  deadline: z.string(),
  verified: z.boolean(),
  note: z.string().nullable(),
  source: z.enum(['file', 'user']),
  version: z.number().int(),
  progress: z.object({
    year: z.number().int().nullable().describe('Năm của số liệu đọc'),
    current: z.number().nullable().describe('Giá trị hiện tại của thước đo'),
    baseline: z.number().nullable().describe('Giá trị năm đầu có số liệu'),
    expected: z.number().nullable().describe('Mức cần đạt đến thời điểm này theo tiến độ đều'),
    percentDone: z.number().nullable(),
    gap: z
      .number()
      .int()
      .nullable()
      .describe('Số đơn vị còn thiếu để đạt mục tiêu ("còn 37 xã"), kể cả xã chưa có số liệu'),
    communes: z.number().int().describe('Số đơn vị (xã hoặc huyện) trong phạm vi'),
    unknown: z
      .number()
      .int()
      .nullable()
      .describe('Số xã chưa có số liệu (mục tiêu số xã dưới N tiêu chí): không tính là đạt'),
    set: z
      .object({ code: z.string(), name: z.string(), criteria: z.number().int() })
      .nullable()
      .describe('Bộ tiêu chí của số liệu đọc và số tiêu chí của bộ'),
    status: targetStatus,
  }),
});

export const listTargetsResponse = z.object({
  scope: z.object({ code: z.string(), name: z.string() }).nullable(),
  items: z.array(targetView),
});

export const targetBody = z.object({
  code: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{2,60}$/)
    .describe('Mã mục tiêu (chữ thường không dấu, số, dấu chấm, gạch nối), duy nhất'),
  name: z.string().trim().min(3).max(300),
  basis: z.string().trim().min(3).max(300).describe('Căn cứ (nghị quyết, kế hoạch của tỉnh)'),
  unit: z
    .string()
    .regex(/^\d{2}$/)
    .describe('Mã tỉnh áp dụng'),
  measure: targetMeasure.exclude(['none', 'recognised', 'online_services']),
  indicator: z.string().max(40).optional(),
  criterion: z.string().max(40).optional(),
  criteriaThreshold: boundedInteger(1, 60).optional(),
  op: z.enum(['gte', 'lte']),
  value: boundedNumber(0, 100_000).describe(
    'Giá trị mục tiêu: tỷ lệ % (0–100), hoặc số xã (0–100 000) với communes_below_criteria',
  ),
  startDate: isoDate,
  deadline: isoDate,
  note: z.string().max(2000).optional(),
});

export const updateTargetBody = targetBody.omit({ code: true, unit: true }).extend({
  version: versionNumber(1).describe('Phiên bản đã đọc'),
});

export const targetCodeParams = z.object({ code: z.string().min(1).max(80) });

export type TargetView = z.infer<typeof targetView>;
export type ListTargetsResponse = z.infer<typeof listTargetsResponse>;
export type TargetBody = z.infer<typeof targetBody>;
export type UpdateTargetBody = z.infer<typeof updateTargetBody>;
