import { z } from 'zod';
import { boundedNumber } from '../../api-schemas';
import { errorResponse } from '../units/api';

/**
 * The community reports API contract (phản ánh, giám sát cộng đồng): the public form and status
 * page, the public list of a commune, and the offices' queue with its actions. The web app
 * imports these types.
 */

export { errorResponse };

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('Ngày, dạng YYYY-MM-DD');
const timestamp = z.string().describe('Thời điểm (ISO 8601)');

/** The public code of a report: PA-<year>-<6 letters or digits>. */
export const REPORT_CODE = /^PA-\d{4}-[0-9A-Z]{6}$/;
export const reportCode = z
  .string()
  .regex(REPORT_CODE)
  .describe('Mã phản ánh công khai, ví dụ PA-2026-7KQ3M9');

export const MAX_PHOTOS = 4;
/** A photo as sent (base64 of its bytes): at most 3 MB after decoding. */
export const MAX_PHOTO_BYTES = 3 * 1024 * 1024;

export const reportCategory = z
  .enum(['criterion', 'public_works', 'other'])
  .describe(
    'Loại: criterion (về một tiêu chí nông thôn mới, kèm mã tiêu chí), public_works (công ' +
      'trình công cộng: đường, cầu, kênh, nhà văn hóa…), other (khác)',
  );
export const reportStatus = z
  .enum(['received', 'in_progress', 'answered', 'resolved', 'closed', 'rejected'])
  .describe(
    'received (đã nhận), in_progress (đang xử lý), answered (đã trả lời), resolved (đã giải ' +
      'quyết), closed (đã kết thúc — chỉ cơ quan chịu trách nhiệm), rejected (không tiếp nhận: ' +
      'tin rác, trùng, không thuộc phạm vi)',
  );
export const rejectReason = z
  .enum(['spam', 'duplicate', 'out_of_scope', 'other'])
  .describe('Lý do không tiếp nhận: spam (tin rác), duplicate (trùng), out_of_scope, other');

export const createReportBody = z
  .object({
    unit: z
      .string()
      .regex(/^\d{5}$/)
      .describe('Mã xã (mã GSO 5 chữ số) nơi có vấn đề'),
    village: z.string().trim().max(120).optional().describe('Thôn, bản, tổ dân phố'),
    lat: boundedNumber(8, 24).optional().describe('Vĩ độ của điểm trên bản đồ (nếu chọn)'),
    lon: boundedNumber(102, 110).optional().describe('Kinh độ của điểm trên bản đồ (nếu chọn)'),
    category: reportCategory,
    criterionCode: z
      .string()
      .regex(/^\d{1,2}$/)
      .optional()
      .describe('Mã tiêu chí (1–19) khi loại là criterion'),
    text: z.string().trim().min(10).max(4000).describe('Nội dung phản ánh (10–4000 ký tự)'),
    anonymous: z
      .boolean()
      .describe('Ẩn danh: không lưu tên, số điện thoại; xã không thể liên hệ lại với người gửi'),
    reporterName: z.string().trim().max(120).optional().describe('Họ tên (khi không ẩn danh)'),
    reporterPhone: z
      .string()
      .trim()
      .regex(/^[0-9 +.()-]{8,20}$/)
      .optional()
      .describe('Số điện thoại (khi không ẩn danh); chỉ cơ quan xem'),
    byBoard: z
      .boolean()
      .optional()
      .describe('Do Ban giám sát đầu tư của cộng đồng gửi (không bắt buộc)'),
    deviceId: z
      .string()
      .regex(/^[\w-]{8,64}$/)
      .optional()
      .describe('Mã thiết bị do trang web tạo và lưu trên máy (chống gửi tràn; chỉ lưu mã băm)'),
    clientKey: z
      .string()
      .uuid()
      .describe(
        'Mã ngẫu nhiên của lần gửi này: gửi lại sau khi mất kết nối trả về phản ánh đã lưu, ' +
          'không tạo phản ánh thứ hai',
      ),
    photos: z
      .array(
        z.object({
          data: z
            .string()
            .max(Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 4)
            .describe('Ảnh (JPEG, PNG hoặc WebP), mã hóa base64'),
        }),
      )
      .max(MAX_PHOTOS)
      .default([])
      .describe(`Ảnh chụp, tối đa ${MAX_PHOTOS} ảnh (trang web đã thu nhỏ trước khi gửi)`),
  })
  .describe('Phản ánh mới của người dân');

export const createReportResponse = z.object({
  code: reportCode,
  status: reportStatus,
  dueOn: isoDate.describe('Hạn trả lời (ngày làm việc)'),
  awaitingModeration: z
    .boolean()
    .describe('Chờ xã tiếp nhận: nội dung chưa hiển thị công khai cho đến khi được tiếp nhận'),
  repeated: z.boolean().describe('Lần gửi lại (cùng clientKey): phản ánh đã có từ trước'),
});

const unitRef = z.object({ code: z.string(), name: z.string() });

export const reportPhoto = z.object({
  seq: z.number().int().describe('Số thứ tự ảnh (1–4)'),
  url: z.string().describe('Ảnh (JPEG, đã xóa thông tin EXIF)'),
  thumbnailUrl: z.string().describe('Ảnh nhỏ'),
});

export const publicEvent = z.object({
  type: z.enum(['received', 'published', 'answer', 'status', 'rejected']),
  toStatus: reportStatus.nullable(),
  text: z.string().nullable(),
  at: timestamp,
  by: z.string().nullable().describe('Cơ quan thực hiện (không nêu tên cán bộ)'),
});

export const publicReportView = z.object({
  code: reportCode,
  status: reportStatus,
  published: z.boolean().describe('Đã được tiếp nhận và hiển thị công khai'),
  unit: unitRef,
  village: z.string().nullable(),
  category: reportCategory,
  criterionCode: z.string().nullable(),
  /** Null while waiting for moderation, and for a rejected report. */
  text: z.string().nullable().describe('Nội dung (ẩn khi chưa tiếp nhận hoặc không tiếp nhận)'),
  point: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  anonymous: z.boolean(),
  receivedAt: timestamp,
  dueOn: isoDate,
  overdue: z.boolean(),
  closedAt: timestamp.nullable(),
  rejectReason: rejectReason.nullable(),
  duplicateOf: reportCode.nullable(),
  photos: z.array(reportPhoto),
  events: z.array(publicEvent),
});

export const publicListQuery = z.object({
  unit: z
    .string()
    .regex(/^\d{5}$/)
    .describe('Mã xã'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});

export const publicReportItem = z.object({
  code: reportCode,
  status: reportStatus,
  category: reportCategory,
  village: z.string().nullable(),
  excerpt: z.string().describe('Đầu nội dung (tối đa 160 ký tự)'),
  receivedAt: timestamp,
  photoCount: z.number().int(),
});

export const publicListResponse = z.object({
  items: z.array(publicReportItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

// --- Offices ------------------------------------------------------------------------------------

export const officeListQuery = z.object({
  status: reportStatus.optional(),
  moderation: z
    .enum(['pending', 'published'])
    .optional()
    .describe('pending (chờ tiếp nhận, chưa công khai), published (đã công khai)'),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: chỉ phản ánh quá hạn trả lời (chưa trả lời, đã qua hạn)'),
  unit: z
    .string()
    .regex(/^\d{2,5}$/)
    .optional()
    .describe('Mã đơn vị (tỉnh, huyện hoặc xã) trong phạm vi'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

export const officeReportItem = z.object({
  code: reportCode,
  status: reportStatus,
  published: z.boolean(),
  unit: unitRef,
  village: z.string().nullable(),
  category: reportCategory,
  excerpt: z.string(),
  anonymous: z.boolean(),
  receivedAt: timestamp,
  dueOn: isoDate,
  overdue: z.boolean(),
  photoCount: z.number().int(),
  version: z.number().int(),
});

export const officeListResponse = z.object({
  items: z.array(officeReportItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const reportAction = z
  .enum(['accept', 'start', 'answer', 'note', 'resolve', 'close', 'reject'])
  .describe(
    'accept (tiếp nhận: hiển thị công khai), start (bắt đầu xử lý), answer (trả lời công khai), ' +
      'note (ghi chú nội bộ), resolve (đã giải quyết), close (kết thúc — chỉ xã chịu trách ' +
      'nhiệm hoặc quản trị viên), reject (không tiếp nhận, kèm lý do)',
  );

export const officeEvent = z.object({
  seq: z.number().int(),
  type: z.enum(['received', 'published', 'answer', 'note', 'status', 'rejected']),
  fromStatus: reportStatus.nullable(),
  toStatus: reportStatus.nullable(),
  text: z.string().nullable(),
  public: z.boolean(),
  at: timestamp,
  actorName: z.string(),
  actorUnitName: z.string().nullable(),
});

export const officeReportDetail = publicReportView.extend({
  text: z.string(),
  reporterName: z.string().nullable().describe('Chỉ khi không ẩn danh; chỉ cơ quan xem'),
  reporterPhone: z.string().nullable(),
  byBoard: z.boolean(),
  rejectNote: z.string().nullable(),
  version: z.number().int(),
  events: z.array(officeEvent),
  permissions: z.object({ actions: z.array(reportAction) }),
});

export const actionBody = z
  .object({
    type: reportAction,
    version: z.number().int().min(1).describe('Phiên bản phản ánh đã đọc (409 khi đã thay đổi)'),
    text: z
      .string()
      .trim()
      .max(4000)
      .optional()
      .describe('Nội dung trả lời (answer, bắt buộc), ghi chú (note), hoặc lời nhắn công khai'),
    reason: rejectReason.optional().describe('Bắt buộc với reject'),
    duplicateOf: reportCode.optional().describe('Phản ánh gốc khi reason là duplicate'),
  })
  .describe('Thao tác của cơ quan trên một phản ánh');

export const settingKey = z.enum([
  'answer_working_days',
  'per_address_per_day',
  'per_device_per_day',
  'duplicate_window_days',
]);

export const settingsQuery = z.object({
  province: z
    .string()
    .regex(/^\d{2}$/)
    .describe('Mã tỉnh'),
});

export const settingsResponse = z.object({
  province: z.string(),
  verified: z.boolean().describe('Giá trị mặc định đã được đối chiếu văn bản hay chưa'),
  items: z.array(
    z.object({
      key: settingKey,
      value: z.number().int(),
      default: z.number().int(),
      own: z.boolean().describe('Tỉnh đã đặt con số riêng'),
      version: z.number().int().nullable(),
    }),
  ),
});

export const settingsBody = z.object({
  province: z.string().regex(/^\d{2}$/),
  key: settingKey,
  value: z.number().int().min(1).max(1000),
  version: z.number().int().min(1).nullable().describe('null khi tỉnh chưa có con số riêng'),
  note: z.string().trim().max(500).optional(),
});

/** 409 on an office action: the report as it is now (the office reloads it). */
export const conflictResponse = errorResponse
  .extend({ current: officeReportDetail.optional() })
  .describe('Lỗi; khi xung đột phiên bản, kèm phản ánh hiện tại (`current`)');
/** 409 on a new report: the code of the report it repeats. */
export const duplicateResponse = errorResponse
  .extend({ duplicateOf: reportCode.optional() })
  .describe('Lỗi; khi trùng, kèm mã phản ánh đã có (`duplicateOf`)');
export const settingConflictResponse = errorResponse
  .extend({ current: settingsResponse.optional() })
  .describe('Lỗi; khi xung đột phiên bản, kèm các con số hiện tại (`current`)');

export type CreateReportBody = z.infer<typeof createReportBody>;
export type CreateReportResponse = z.infer<typeof createReportResponse>;
export type PublicReportView = z.infer<typeof publicReportView>;
export type PublicListResponse = z.infer<typeof publicListResponse>;
export type OfficeListQuery = z.infer<typeof officeListQuery>;
export type OfficeListResponse = z.infer<typeof officeListResponse>;
export type OfficeReportItem = z.infer<typeof officeReportItem>;
export type OfficeReportDetail = z.infer<typeof officeReportDetail>;
export type ReportAction = z.infer<typeof reportAction>;
export type ActionBody = z.infer<typeof actionBody>;
export type ReportStatus = z.infer<typeof reportStatus>;
export type ReportCategory = z.infer<typeof reportCategory>;
export type RejectReason = z.infer<typeof rejectReason>;
export type SettingKey = z.infer<typeof settingKey>;
export type SettingsResponse = z.infer<typeof settingsResponse>;
export type SettingsBody = z.infer<typeof settingsBody>;
