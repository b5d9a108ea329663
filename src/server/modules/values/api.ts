import { z } from 'zod';
import { indicatorNumber, versionNumber } from '../../api-schemas';
import { setCode } from '../criteria/api';
import { errorResponse, unitClassReason } from '../units/api';

/**
 * The values API contract (issue 5): indicator values of a unit for a criteria set and year, their
 * evidence, the stored evaluation, file import/export and the approval workflow. These schemas
 * validate requests and produce the OpenAPI document.
 */

export { errorResponse };

const timestamp = z.string().describe('Thời điểm (ISO 8601)');

export const unitCodeParam = z
  .string()
  .regex(/^\d{2,5}$/)
  .describe(
    'Mã đơn vị hành chính (GSO). Đi cùng năm: đơn vị mang mã này ngày 31/12 của năm đó ' +
      '(mã được dùng lại sau sắp xếp năm 2025)',
  );

export const indicatorCodeParam = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[0-9A-Za-z._-]+$/)
  .describe('Mã chỉ tiêu trong bộ tiêu chí (ví dụ 17.1)');

export const valuesQuery = z.object({
  set: setCode,
  year: z.coerce.number().int().min(2000).max(2100).describe('Năm số liệu (bốn chữ số)'),
});

export const importQuery = valuesQuery.extend({
  overwrite: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .describe(
      'true: xác nhận ghi đè các giá trị người khác đã sửa sau khi tải mẫu (được ghi vào nhật ký); ' +
        'mặc định: các giá trị đó là xung đột (409), không ghi gì',
    ),
});

export const unitValuesParams = z.object({ code: unitCodeParam });
export const unitValueParams = z.object({ code: unitCodeParam, indicator: indicatorCodeParam });

export const indicatorValue = z
  .union([indicatorNumber, z.boolean()])
  .nullable()
  .describe(
    'Giá trị: số (tỷ lệ % từ 0 đến 100), true/false cho chỉ tiêu Đạt/Không đạt, null khi chưa có',
  );

export const evidenceItem = z
  .object({
    id: z.string().describe('Mã tệp minh chứng'),
    name: z.string().describe('Tên tệp khi tải lên'),
    mediaType: z
      .string()
      .describe('Loại tệp xác định theo nội dung (application/pdf, image/jpeg…)'),
    sizeBytes: z.number().int(),
    hasThumbnail: z.boolean().describe('Có ảnh thu nhỏ (tệp ảnh)'),
    createdAt: timestamp,
    createdBy: z.string().describe('Người tải lên'),
    deletedAt: timestamp.nullable().describe('Thời điểm xóa (xóa mềm); null khi còn hiệu lực'),
    deletedBy: z.string().nullable(),
    deleteReason: z.string().nullable(),
  })
  .describe('Một tệp minh chứng');

export const valueItem = z
  .object({
    indicator: z.string().describe('Mã chỉ tiêu'),
    value: indicatorValue,
    note: z.string().nullable().describe('Ghi chú của người nhập'),
    version: z
      .number()
      .int()
      .describe('Phiên bản hiện tại; 0 khi chưa có giá trị. Gửi lại khi sửa để phát hiện xung đột'),
    updatedAt: timestamp.nullable(),
    updatedBy: z.string().nullable().describe('Người sửa gần nhất'),
    previousYear: indicatorValue.describe('Giá trị năm trước (cùng bộ tiêu chí), nếu có'),
    evidence: z.array(evidenceItem).describe('Tệp minh chứng (kể cả tệp đã xóa, có ghi chú xóa)'),
  })
  .describe('Giá trị của một chỉ tiêu');

export const indicatorStatus = z
  .enum(['met', 'not_met', 'missing', 'no_rule'])
  .describe('met (đạt), not_met (không đạt), missing (thiếu dữ liệu), no_rule (chưa có ngưỡng)');

const districtView = z.object({
  date: z.string().describe('Ngày tính các xã trên địa bàn (31/12 của năm)'),
  communes: z.number().int().describe('Số xã trên địa bàn'),
  communesMet: z.number().int().describe('Số xã đạt đủ tiêu chí (theo số liệu)'),
  communesWithoutResult: z.number().int().describe('Số xã chưa đủ số liệu hoặc chưa có kết quả'),
  communeSet: z.string().nullable(),
  advancedSet: z.string().nullable().describe('Bộ tiêu chí xã nâng cao (null: chưa có)'),
  revokedCommunes: z.number().int().describe('Số xã có kết luận thu hồi'),
  undeterminedCommunes: z.number().int().describe('Số xã chưa đủ số liệu để kết luận thu hồi'),
  conditions: z.array(
    z.object({
      code: z.enum(['communes_ntm', 'communes_advanced', 'townships', 'satisfaction']),
      status: z.enum(['met', 'not_met', 'unknown']),
      reason: z.string(),
      count: z.number().nullable(),
      of: z.number().nullable(),
      share: z.number().nullable(),
      required: z.number(),
      text: z.string(),
    }),
  ),
});

export const evaluationView = z
  .object({
    status: z
      .enum(['met', 'not_met', 'unclassified'])
      .describe(
        'met: đạt chuẩn (mọi tiêu chí đạt); not_met: chưa đạt; unclassified: đơn vị chưa được ' +
          'xếp vùng/nhóm nên chưa xác định được ngưỡng',
      ),
    unitClass: z.string().nullable().describe('Vùng hoặc nhóm xã dùng để lấy ngưỡng'),
    classReason: unitClassReason
      .nullable()
      .describe('Vì sao đơn vị được đánh giá theo vùng/nhóm này'),
    criteriaMet: z.number().int().describe('Số tiêu chí đạt'),
    criteriaTotal: z.number().int().describe('Tổng số tiêu chí của bộ'),
    indicatorsMissing: z.number().int().describe('Số chỉ tiêu chưa có giá trị'),
    criteria: z.array(
      z.object({
        code: z.string(),
        met: z.boolean(),
        status: z
          .enum(['met', 'not_met', 'incomplete'])
          .describe(
            'met (đạt); not_met (không đạt: có chỉ tiêu có giá trị không đạt); incomplete ' +
              '(thiếu dữ liệu: không có giá trị không đạt nhưng còn chỉ tiêu chưa có giá trị/ngưỡng)',
          ),
        indicators: z.array(z.object({ code: z.string(), status: indicatorStatus })),
      }),
    ),
    outcome: z
      .enum(['met', 'not_met', 'incomplete', 'unclassified'])
      .describe(
        'met: đạt đủ tiêu chí (theo số liệu); not_met: có tiêu chí không đạt; incomplete: chưa đủ ' +
          'số liệu (không tiêu chí nào không đạt, còn tiêu chí thiếu dữ liệu); unclassified',
      ),
    criteriaNotMet: z.number().int().describe('Số tiêu chí không đạt (có giá trị không đạt)'),
    criteriaIncomplete: z
      .number()
      .int()
      .describe('Số tiêu chí thiếu dữ liệu (không tính là không đạt)'),
    indicatorsNotMet: z.number().int().describe('Số chỉ tiêu có giá trị không đạt'),
    district: districtView
      .nullable()
      .describe('Huyện: các xã trên địa bàn và điều kiện công nhận ngoài 9 tiêu chí (320/QĐ-TTg)'),
    revocation: z
      .object({ revoke: z.boolean() })
      .loose()
      .nullable()
      .describe('Kết luận theo quy định thu hồi của bộ (18/2022/QĐ-TTg), nếu có'),
    computedAt: timestamp.nullable().describe('Thời điểm tính (null: chưa lưu, tính khi xem)'),
  })
  .describe(
    'Kết quả đánh giá đã lưu của đơn vị (tính lại trong cùng giao dịch mỗi khi sửa số liệu)',
  );

export const submissionStatus = z
  .enum(['draft', 'submitted', 'approved', 'returned'])
  .describe('draft (đang nhập), submitted (đã gửi), approved (đã duyệt, khóa), returned (trả lại)');

export const submissionEventView = z.object({
  action: z.enum(['submit', 'approve', 'return', 'reopen']),
  fromStatus: submissionStatus,
  toStatus: submissionStatus,
  reason: z.string().nullable(),
  actor: z.string(),
  at: timestamp,
});

export const submissionView = z
  .object({
    status: submissionStatus,
    reason: z.string().nullable().describe('Lý do trả lại hoặc mở lại gần nhất'),
    version: z.number().int(),
    approverLevel: z
      .enum(['district', 'province'])
      .describe('Cấp duyệt số liệu hôm nay (cấu hình theo thời kỳ)'),
    events: z.array(submissionEventView).describe('Lịch sử gửi, duyệt, trả lại, mở lại'),
  })
  .describe('Trạng thái duyệt số liệu của đơn vị cho bộ tiêu chí và năm');

export const permissionsView = z
  .object({
    edit: z.boolean().describe('Được nhập/sửa số liệu (trong phạm vi và chưa khóa)'),
    submit: z.boolean(),
    approve: z.boolean(),
    return: z.boolean(),
    reopen: z.boolean(),
  })
  .describe('Những việc người dùng hiện tại được làm với số liệu này');

export const valuesUnitView = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['province', 'district', 'commune']),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  /** Ancestors, top first, as they stood on 31/12 of the year. */
  ancestors: z.array(z.object({ code: z.string(), name: z.string() })),
});

export const valuesSetView = z.object({
  code: setCode,
  name: z.string(),
  basis: z.string(),
  level: z.enum(['commune', 'district', 'province']),
  classification: z.enum(['region', 'group', 'none']),
});

export const unitValuesResponse = z
  .object({
    unit: valuesUnitView,
    set: valuesSetView,
    year: z.number().int(),
    unitClass: z.string().nullable().describe('Vùng/nhóm xã của đơn vị trong năm (null: chưa xếp)'),
    classReason: unitClassReason
      .nullable()
      .describe('Vì sao: theo diện xã (ĐBKK, ATK, nhóm xã) kèm căn cứ, hoặc theo vùng của tỉnh'),
    items: z.array(valueItem).describe('Mọi chỉ tiêu của bộ, theo thứ tự của bộ tiêu chí'),
    evaluation: evaluationView,
    submission: submissionView,
    permissions: permissionsView,
  })
  .describe('Số liệu của một đơn vị cho một bộ tiêu chí và một năm');

export const putValueBody = z.object({
  value: indicatorValue,
  version: versionNumber(0).describe(
    'Phiên bản đã đọc (0 nếu chưa có giá trị); khác phiên bản hiện tại → 409',
  ),
  note: z.string().max(2000).nullable().optional().describe('Ghi chú (tối đa 2000 ký tự)'),
});

export const putValueResponse = z.object({
  item: valueItem,
  evaluation: evaluationView,
});

export const currentValueView = z.object({
  value: indicatorValue,
  note: z.string().nullable(),
  version: z.number().int(),
  updatedAt: timestamp.nullable(),
  updatedBy: z.string().nullable(),
});

export const conflictResponse = errorResponse
  .extend({
    current: currentValueView.describe('Giá trị hiện tại và người đã sửa'),
  })
  .describe('Xung đột: giá trị đã được người khác sửa; không có gì thay đổi');

export const importErrorItem = z.object({
  sheet: z.string().nullable().describe('Tên trang tính (null với CSV)'),
  row: z.number().int().nullable().describe('Dòng (đánh số như trong Excel, từ 1)'),
  column: z.string().nullable().describe('Cột (chữ cái như trong Excel: A, B…, AA)'),
  message: z.string().describe('Lỗi, bằng tiếng Việt'),
});

export const importErrorResponse = errorResponse
  .extend({ errors: z.array(importErrorItem).describe('Mọi lỗi của tệp') })
  .describe('Tệp có lỗi: không có giá trị nào được ghi');

export const importResponse = z
  .object({
    importId: z.number().int().nullable().describe('Mã lần nhập (null khi không có gì thay đổi)'),
    format: z.enum(['xlsx', 'csv']),
    units: z.number().int().describe('Số đơn vị trong tệp'),
    valuesRead: z.number().int().describe('Số ô có giá trị'),
    changed: z.number().int().describe('Số giá trị thay đổi'),
    unchanged: z.number().int().describe('Số giá trị giống hiện tại (không ghi lại)'),
    overwritten: z
      .number()
      .int()
      .describe(
        'Số giá trị người khác đã sửa sau khi tải mẫu mà lần nhập này ghi đè (chỉ khi overwrite=true)',
      ),
    warnings: z
      .array(z.string())
      .describe(
        'Cảnh báo, ví dụ tệp không ghi phiên bản số liệu (tệp cũ, tự lập, CSV): không kiểm tra được xung đột',
      ),
  })
  .describe('Kết quả nhập tệp');

export const valueHistoryResponse = z
  .object({
    indicator: z.string(),
    items: z.array(
      z.object({
        version: z.number().int().describe('Phiên bản sau thay đổi'),
        oldValue: indicatorValue,
        newValue: indicatorValue,
        oldNote: z.string().nullable(),
        newNote: z.string().nullable(),
        source: z
          .enum(['form', 'import', 'evidence'])
          .describe('form (nhập từng ô), import (nhập tệp), evidence (đính kèm minh chứng)'),
        changedAt: timestamp,
        changedBy: z.string(),
      }),
    ),
  })
  .describe('Lịch sử thay đổi của một giá trị, mới nhất trước');

export const submissionAction = z.enum(['submit', 'approve', 'return', 'reopen']);
export const submissionParams = z.object({ code: unitCodeParam, action: submissionAction });
export const submissionBody = z
  .object({
    reason: z.string().trim().max(2000).optional().describe('Lý do (bắt buộc khi trả lại, mở lại)'),
    version: versionNumber(0).optional().describe('Phiên bản trạng thái đã đọc (tùy chọn)'),
  })
  .default({});

export type IndicatorValueJson = z.infer<typeof indicatorValue>;
export type EvidenceItem = z.infer<typeof evidenceItem>;
export type ValueItem = z.infer<typeof valueItem>;
export type EvaluationView = z.infer<typeof evaluationView>;
export type SubmissionView = z.infer<typeof submissionView>;
export type SubmissionStatus = z.infer<typeof submissionStatus>;
export type SubmissionAction = z.infer<typeof submissionAction>;
export type PermissionsView = z.infer<typeof permissionsView>;
export type UnitValuesResponse = z.infer<typeof unitValuesResponse>;
export type PutValueBody = z.infer<typeof putValueBody>;
export type PutValueResponse = z.infer<typeof putValueResponse>;
export type CurrentValueView = z.infer<typeof currentValueView>;
export type ImportErrorItem = z.infer<typeof importErrorItem>;
export type ImportResponse = z.infer<typeof importResponse>;
export type ValueHistoryResponse = z.infer<typeof valueHistoryResponse>;
