import { z } from 'zod';
import { pageParam, versionNumber } from '../../api-schemas';
import { classOverrideKinds } from '../../../domain/units/class-override';
import { lineageKinds, unitKinds, unitLevels } from './model';

/** The units API contract: these schemas validate requests and produce the OpenAPI document. */

const dateParam = z
  .string()
  .optional()
  .describe(
    'Ngày tra cứu, dạng YYYY-MM-DD (mặc định: hôm nay). Hệ thống đơn vị "như tại ngày này".',
  );

const page = pageParam.default(1).describe('Trang (từ 1)');
const pageSize = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .describe(`Số dòng mỗi trang (tối đa ${max})`);

export const unitLevel = z
  .enum(unitLevels)
  .describe('Cấp: province (tỉnh), district (huyện, chỉ có đến 30/06/2025), commune (xã)');
export const unitKind = z
  .enum(unitKinds)
  .describe(
    'Loại đơn vị: tinh, thanh_pho_tw (thành phố trực thuộc trung ương), huyen, quan, thi_xa, ' +
      'thanh_pho_thuoc_tinh, thanh_pho_thuoc_tp_tw, xa, phuong, thi_tran, dac_khu',
  );
export const lineageKind = z
  .enum(lineageKinds)
  .describe(
    'Quan hệ: merge (sáp nhập), split (chia tách), rename (đổi tên), reparent (đổi cấp trên)',
  );

const isoDate = z.string().describe('Ngày, dạng YYYY-MM-DD');

export const unitCodeParams = z.object({
  code: z.string().min(1).max(20).describe('Mã đơn vị hành chính (mã Tổng cục Thống kê)'),
});

export const unitItem = z
  .object({
    code: z.string().describe('Mã đơn vị (mã TCTK; một mã có thể được dùng lại sau sắp xếp)'),
    name: z.string().describe('Tên chính thức kèm loại: "Xã Lâm Giang"'),
    kind: unitKind,
    level: unitLevel,
    parentCode: z.string().nullable().describe('Mã đơn vị cấp trên tại ngày tra cứu'),
    validFrom: isoDate.describe('Có hiệu lực từ ngày (YYYY-MM-DD)'),
    validTo: isoDate
      .nullable()
      .describe('Có hiệu lực đến hết ngày (YYYY-MM-DD); null nếu còn hiệu lực'),
  })
  .describe('Một đơn vị hành chính (một phiên bản theo thời gian)');

export const unitSummary = z.object({
  code: z.string(),
  name: z.string(),
  kind: unitKind,
  level: unitLevel,
});

export const listUnitsQuery = z.object({
  level: unitLevel.optional(),
  parent: z
    .string()
    .max(20)
    .optional()
    .describe(
      'Mã đơn vị cấp trên. Không kèm level: các đơn vị trực thuộc; kèm level: mọi đơn vị cấp đó bên trong',
    ),
  asOf: dateParam,
  page,
  pageSize: pageSize(500, 50),
});

export const listUnitsResponse = z
  .object({
    items: z.array(unitItem),
    total: z.number().int().describe('Tổng số đơn vị thỏa điều kiện (mọi trang)'),
  })
  .describe('Một trang đơn vị, xếp theo thứ tự chữ cái tiếng Việt');

export const searchUnitsQuery = z.object({
  q: z
    .string()
    .max(100)
    .optional()
    .describe('Từ khóa, không phân biệt dấu và hoa thường ("cao bang" tìm thấy "Cao Bằng")'),
  level: unitLevel.optional(),
  asOf: dateParam,
  page,
  pageSize: pageSize(100, 20),
});

export const searchUnitsResponse = z.object({
  items: z.array(
    unitItem.extend({
      ancestors: z.array(unitSummary).describe('Các cấp trên, từ tỉnh xuống'),
      score: z.number().describe('Độ giống với từ khóa (0–1)'),
    }),
  ),
  total: z.number().int(),
});

export const unitAttribute = z.object({
  key: z
    .string()
    .describe('region (vùng 2021–2025), commune_group (nhóm xã 2026–2030), island, difficult'),
  value: z.string(),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  source: z.string().describe('Nguồn của thông tin'),
  verified: z.boolean().describe('false: chưa đối chiếu với văn bản chính thức'),
  note: z.string().nullable(),
});

/** Attributes a province office may assign (regions come from the national reference data). */
export const editableAttributeKey = z
  .enum(['commune_group', 'island', 'difficult'])
  .describe(
    'commune_group (nhóm xã 1–3, bộ tiêu chí 2026–2030). island, difficult: bị từ chối (422), ' +
      'hãy ghi nhận diện xã kèm căn cứ (class-overrides)',
  );

export const unitAttributeParams = z.object({
  code: z.string().regex(/^\d{2,5}$/),
  key: editableAttributeKey,
});

export const setUnitAttributeBody = z.object({
  value: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .describe('commune_group: "1", "2" hoặc "3"; island, difficult: "true" hoặc "false"'),
  validFrom: isoDate.describe('Áp dụng từ ngày (YYYY-MM-DD)'),
  source: z
    .string()
    .trim()
    .min(3)
    .max(300)
    .describe('Căn cứ: số và ngày văn bản xếp nhóm (ví dụ "QĐ 123/QĐ-UBND ngày 01/03/2026")'),
  note: z.string().trim().max(1000).optional(),
});

export const unitVersion = z.object({
  name: z.string(),
  kind: unitKind,
  level: unitLevel,
  validFrom: isoDate,
  validTo: isoDate.nullable(),
});

export const unitDetailQuery = z.object({ asOf: dateParam });

export const unitDetailResponse = unitItem
  .extend({
    ancestors: z.array(unitSummary).describe('Các cấp trên, từ tỉnh xuống'),
    childCount: z.number().int().describe('Số đơn vị trực thuộc tại ngày tra cứu'),
    attributes: z.array(unitAttribute).describe('Thuộc tính có hiệu lực tại ngày tra cứu'),
    versions: z.array(unitVersion).describe('Mọi đơn vị từng mang mã này, cũ trước'),
  })
  .describe('Một đơn vị hành chính tại ngày tra cứu');

export const lineageEntry = unitItem.extend({
  ancestors: z.array(unitSummary),
  lineageKind,
  effectiveDate: isoDate.describe('Ngày thay đổi có hiệu lực'),
  source: z.string().describe('Nguồn (gói dữ liệu, tệp nhập, hoặc manual)'),
  note: z.string().nullable(),
});

export const unitLineageQuery = z.object({
  asOf: z
    .string()
    .optional()
    .describe(
      'Chọn phiên bản có hiệu lực tại ngày này (YYYY-MM-DD); mặc định: phiên bản mới nhất của mã',
    ),
});

export const unitLineageResponse = z
  .object({
    unit: unitItem.extend({ ancestors: z.array(unitSummary) }),
    predecessors: z.array(lineageEntry).describe('Các đơn vị đã trở thành đơn vị này'),
    successors: z.array(lineageEntry).describe('Các đơn vị mà đơn vị này đã trở thành'),
    versions: z.array(unitVersion).describe('Mọi đơn vị từng mang mã này, cũ trước'),
  })
  .describe('Lịch sử sáp nhập, chia tách, đổi tên của một đơn vị');

export const setSuccessorsQuery = z.object({
  asOf: z.string().describe('Ngày đơn vị (mã trên đường dẫn) còn hiệu lực, YYYY-MM-DD'),
});

export const setSuccessorsBody = z
  .object({
    successors: z
      .array(
        z.object({
          code: z.string().min(1).max(20),
          asOf: z
            .string()
            .optional()
            .describe(
              'Ngày đơn vị kế tiếp có hiệu lực (mặc định: ngày sau khi đơn vị cũ kết thúc)',
            ),
          kind: lineageKind.optional().describe('Mặc định: suy ra'),
        }),
      )
      .max(50)
      .describe('Danh sách đầy đủ các đơn vị kế tiếp (thay thế danh sách cũ; rỗng = xóa liên kết)'),
    note: z.string().max(1000).optional().describe('Lý do, văn bản căn cứ'),
  })
  .describe('Sửa liên kết kế thừa của một đơn vị');

export const unlinkedUnitsQuery = z.object({
  level: unitLevel.optional(),
  page,
  pageSize: pageSize(500, 50),
});

export const unlinkedUnitsResponse = z.object({
  items: z.array(unitItem.extend({ ancestors: z.array(unitSummary) })),
  total: z.number().int(),
});

// --- Class overrides (ĐBKK, ATK, island, commune group) -----------------------------------------

export const classOverrideKind = z
  .enum(classOverrideKinds)
  .describe(
    'dbkk (xã đặc biệt khó khăn: đánh giá theo mức vùng TDMNPB), atk (xã an toàn khu của huyện ' +
      'nghèo: mức TDMNPB), island (xã đảo: ghi nhận, chưa bộ tiêu chí nào có mức riêng), ' +
      'commune_group (nhóm xã 1–3 của bộ tiêu chí 2026–2030)',
  );

export const unitClassReason = z
  .object({
    class: z.string().nullable().describe('Vùng/nhóm dùng để lấy ngưỡng'),
    source: z
      .enum(['override', 'attribute', 'lineage', 'none'])
      .describe(
        'override: theo diện xã được ghi nhận (kèm căn cứ); attribute: vùng/nhóm của đơn vị hoặc ' +
          'tỉnh; lineage: vùng/nhóm của các đơn vị trước sáp nhập; none: chưa xếp',
      ),
    kind: classOverrideKind.nullable(),
    overrideId: z.number().int().nullable(),
    basis: z.string().nullable().describe('Căn cứ: "QĐ 123/QĐ-UBND ngày 01/02/2023"'),
    notApplied: z
      .array(z.object({ kind: classOverrideKind, basis: z.string() }))
      .describe('Diện đã ghi nhận nhưng bộ tiêu chí chưa có mức riêng (xã đảo)'),
    text: z
      .string()
      .nullable()
      .describe('Giải thích: "đánh giá theo mức vùng TDMNPB: xã ĐBKK theo QĐ … ngày …"'),
  })
  .describe('Vì sao đơn vị được đánh giá theo vùng/nhóm này');

export const classOverrideView = z
  .object({
    id: z.number().int(),
    unit: z.object({
      code: z.string(),
      name: z.string(),
      validFrom: isoDate,
      validTo: isoDate.nullable(),
      parentName: z.string().nullable(),
    }),
    provinceCode: z.string(),
    kind: classOverrideKind,
    classification: z.enum(['region', 'group']),
    classValue: z
      .string()
      .nullable()
      .describe('Vùng/nhóm áp dụng (TDMNPB cho dbkk, atk; 1–3 cho commune_group; null cho xã đảo)'),
    basisNumber: z.string().describe('Số văn bản căn cứ ("123/QĐ-UBND")'),
    basisDate: isoDate.describe('Ngày văn bản căn cứ'),
    basis: z.string().describe('Căn cứ, để hiển thị'),
    validFrom: isoDate,
    validTo: isoDate.nullable().describe('Đến hết ngày; null: chưa kết thúc'),
    note: z.string().nullable(),
    recordedBy: z.string().describe('Người ghi nhận'),
    version: z.number().int().describe('Phiên bản (gửi lại khi sửa; khác → 409)'),
    updatedAt: z.string(),
  })
  .describe('Một diện xã làm thay đổi mức vùng/nhóm khi đánh giá');

export const listClassOverridesQuery = z.object({
  kind: classOverrideKind.optional(),
  asOf: z
    .string()
    .optional()
    .describe(
      'Phiên bản đơn vị có hiệu lực tại ngày này (YYYY-MM-DD); mặc định: phiên bản mới nhất',
    ),
  validOn: z
    .string()
    .optional()
    .describe('Chỉ các bản ghi có hiệu lực tại ngày này (YYYY-MM-DD); mặc định: mọi bản ghi'),
  page,
  pageSize: pageSize(500, 50),
});

export const listClassOverridesResponse = z.object({
  items: z.array(classOverrideView),
  total: z.number().int(),
  permissions: z.object({ manage: z.boolean().describe('Người đọc được ghi nhận, sửa, kết thúc') }),
});

const optionalText = (max: number) => z.string().max(max).optional().nullable();

export const createClassOverrideBody = z.object({
  kind: classOverrideKind,
  classValue: optionalText(10).describe(
    'Nhóm xã (1–3) cho commune_group; bỏ trống với dbkk, atk (TDMNPB) và island',
  ),
  basisNumber: optionalText(100).describe('Số văn bản căn cứ (bắt buộc), ví dụ "123/QĐ-UBND"'),
  basisDate: optionalText(10).describe('Ngày văn bản căn cứ (bắt buộc), YYYY-MM-DD'),
  validFrom: optionalText(10).describe('Áp dụng từ ngày (bắt buộc), YYYY-MM-DD'),
  validTo: optionalText(10).describe('Áp dụng đến hết ngày, YYYY-MM-DD; bỏ trống: chưa kết thúc'),
  note: optionalText(1000),
});

export const updateClassOverrideBody = createClassOverrideBody
  .omit({ kind: true })
  .extend({ version: versionNumber(1).describe('Phiên bản đã đọc (khác → 409)') });

export const classOverrideParams = z.object({
  id: z.coerce.number().int().min(1).max(2_147_483_647),
});

export const deleteClassOverrideQuery = z.object({
  version: z.coerce.number().int().min(1).describe('Phiên bản đã đọc (khác → 409)'),
});

export const classOverrideWriteResponse = z.object({
  override: classOverrideView.nullable().describe('Bản ghi sau khi ghi (null khi đã xóa)'),
  reevaluated: z.number().int().describe('Số kết quả đánh giá (đơn vị × bộ × năm) được tính lại'),
});

export const classOverrideImportResponse = z.object({
  created: z.number().int().describe('Số bản ghi được thêm'),
  reevaluated: z.number().int(),
});

export const importIssue = z.object({
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  message: z.string(),
});

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string().describe('Thông điệp cho người dùng (tiếng Việt mặc định)'),
      params: z.record(z.string(), z.unknown()),
      requestId: z.string(),
    }),
  })
  .describe('Lỗi');

export type UnitItem = z.infer<typeof unitItem>;
export type ListUnitsResponse = z.infer<typeof listUnitsResponse>;
export type SearchUnitsResponse = z.infer<typeof searchUnitsResponse>;
export type UnitDetailResponse = z.infer<typeof unitDetailResponse>;
export type UnitLineageResponse = z.infer<typeof unitLineageResponse>;
export type SetSuccessorsBody = z.infer<typeof setSuccessorsBody>;
export type UnlinkedUnitsResponse = z.infer<typeof unlinkedUnitsResponse>;
export type UnitClassReasonView = z.infer<typeof unitClassReason>;
export type ClassOverrideView = z.infer<typeof classOverrideView>;
export type ListClassOverridesResponse = z.infer<typeof listClassOverridesResponse>;
export type CreateClassOverrideBody = z.infer<typeof createClassOverrideBody>;
export type UpdateClassOverrideBody = z.infer<typeof updateClassOverrideBody>;
export type ClassOverrideWriteResponse = z.infer<typeof classOverrideWriteResponse>;
export type ClassOverrideImportResponse = z.infer<typeof classOverrideImportResponse>;
export type SetUnitAttributeBody = z.infer<typeof setUnitAttributeBody>;

/** A stale version: the record as it is now, to reload the form from. */
export const classOverrideConflictResponse = errorResponse
  .extend({ current: classOverrideView.optional() })
  .describe('Bản ghi đã được người khác thay đổi (kèm bản ghi hiện tại)');
