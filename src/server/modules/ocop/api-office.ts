import { z } from 'zod';
import { saneIsoDate, versionNumber } from '../../api-schemas';
import { errorResponse } from '../units/api';

/**
 * The OCOP office API contract (`/api/v1/ocop`, docs/ocop.md): producers, products, applications
 * (Mẫu 01, Mẫu 02, the dossier's steps), rounds and councils, the members' score sheets, the
 * council's scores and discussion. The web app imports these types (through `api.ts`).
 */

export { errorResponse };

const isoDate = saneIsoDate.describe('Ngày, dạng YYYY-MM-DD');
const timestamp = z.string().describe('Thời điểm (ISO 8601)');
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const uuid = z.string().uuid();

export const idParams = z.object({ id: uuid });

// ---- producers ----

export const producerKind = z
  .enum(['cooperative', 'cooperative_group', 'company', 'household'])
  .describe(
    'cooperative (hợp tác xã), cooperative_group (tổ hợp tác), company (doanh nghiệp), household (hộ kinh doanh)',
  );

export const producerListQuery = z.object({
  unit: z.coerce.number().int().positive().optional().describe('Mã số (id) của xã'),
  q: z.string().trim().max(100).optional().describe('Tìm theo tên, không phân biệt dấu'),
});

export const createProducerBody = z.object({
  kind: producerKind,
  name: text(300).describe('Tên chủ thể'),
  taxCode: z
    .string()
    .trim()
    .regex(/^[0-9-]{8,20}$/)
    .nullable()
    .optional()
    .describe('Mã số thuế / mã số hợp tác xã (nếu có)'),
  commune: z
    .string()
    .regex(/^\d{2,5}$/)
    .optional()
    .describe('Mã xã (mã GSO) nơi chủ thể hoạt động, xã hiện hành; hoặc `communeUnitId`'),
  communeUnitId: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Mã số (id) của xã nơi chủ thể hoạt động; hoặc `commune`'),
  address: optionalText(500).describe('Địa chỉ'),
  representative: optionalText(200).describe('Người đại diện'),
  phone: optionalText(30).describe('Điện thoại'),
  email: z.string().trim().email().max(200).nullable().optional().describe('Thư điện tử'),
});
export const updateProducerBody = createProducerBody
  .omit({ commune: true, communeUnitId: true })
  .partial()
  .extend({ version: versionNumber().describe('Phiên bản đã đọc (xung đột: 409)') });

export const producerView = z.object({
  id: z.string(),
  kind: producerKind,
  name: z.string(),
  taxCode: z.string().nullable(),
  provinceCode: z.string(),
  communeUnitId: z.number(),
  address: z.string().nullable(),
  representative: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const producerListResponse = z.object({ items: z.array(producerView) });
export const linkAccountBody = z.object({
  userId: uuid.describe('Tài khoản (vai trò producer) được làm việc thay chủ thể'),
});

// ---- products ----

const productLink = z.object({ label: text(100), url: z.string().url().max(500) });

export const productListQuery = z.object({
  producer: uuid.optional().describe('Chủ thể'),
  unit: z.coerce.number().int().positive().optional().describe('Mã số (id) của xã'),
});
export const createProductBody = z.object({
  producerId: uuid.describe('Chủ thể sở hữu sản phẩm'),
  name: text(300).describe('Tên sản phẩm'),
  setCode: text(100).describe(
    'Bộ sản phẩm (mã trong danh mục của phiên bản quy định đang áp dụng)',
  ),
  description: optionalText(5000).describe('Mô tả'),
  standards: z
    .array(text(200))
    .max(20)
    .optional()
    .describe('Tiêu chuẩn công bố (TCCS, TCVN, VietGAP…)'),
  certifications: z
    .array(text(200))
    .max(20)
    .optional()
    .describe('Chứng nhận khác (HACCP, ISO 22000, hữu cơ…)'),
  ecommerceLinks: z
    .array(productLink)
    .max(10)
    .optional()
    .describe('Liên kết sàn thương mại điện tử'),
});
export const updateProductBody = createProductBody
  .omit({ producerId: true })
  .partial()
  .extend({ version: versionNumber().describe('Phiên bản đã đọc (xung đột: 409)') });
export const productPhotosBody = z.object({
  photos: z
    .array(
      z.object({ data: z.string().min(1).max(8_000_000).describe('Ảnh JPEG/PNG/WebP, base64') }),
    )
    .min(1)
    .max(8),
  version: versionNumber().describe('Phiên bản đã đọc (xung đột: 409)'),
});

export const productView = z.object({
  id: z.string(),
  producerId: z.string(),
  producerName: z.string(),
  provinceCode: z.string(),
  communeUnitId: z.number(),
  name: z.string(),
  setCode: z.string(),
  description: z.string().nullable(),
  standards: z.array(z.string()),
  certifications: z.array(z.string()),
  ecommerceLinks: z.array(z.object({ label: z.string(), url: z.string() })),
  photos: z.array(z.string()).describe('Khóa tệp của ảnh (JPEG đã mã hóa lại, không EXIF)'),
  code: z.string().nullable().describe('Mã sản phẩm OCOP (khi đã có giấy chứng nhận)'),
  stars: z.number().nullable(),
  certificateId: z.string().nullable(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const productListResponse = z.object({ items: z.array(productView) });

// ---- applications ----

export const applicationKind = z
  .enum(['first', 'upgrade', 'rerank'])
  .describe('first (đánh giá lần đầu), upgrade (nâng hạng), rerank (đánh giá lại)');
export const applicationState = z
  .enum([
    'draft',
    'submitted',
    'preassessed',
    'forwarded',
    'scoring',
    'scored',
    'decided',
    'returned',
    'rejected',
    'withdrawn',
  ])
  .describe(
    'draft (đang soạn), submitted (đã nộp), preassessed (xã đã đánh giá sơ bộ), forwarded (đã ' +
      'chuyển vào đợt), scoring (hội đồng đang chấm), scored (đã có kết quả chấm), decided (đã ' +
      'quyết định công nhận), returned (trả lại, có lý do), rejected (không công nhận), withdrawn (rút hồ sơ)',
  );

const choicesRecord = z
  .record(z.string().max(60), z.string().max(60))
  .describe('Lựa chọn: mã tiêu chí → mã phương án (mỗi tiêu chí một phương án)');
const choicesArray = z
  .array(z.object({ criterion: z.string().max(60), option: z.string().max(60) }))
  .max(500)
  .describe('Lựa chọn dạng danh sách; một tiêu chí lặp lại bị từ chối (422)');
export const choicesInput = z.union([choicesRecord, choicesArray]);

export const registrationForm = z
  .object({
    summary: z.string().trim().max(10_000).describe('Năng lực sản xuất, thị trường, mô tả ngắn'),
    annualRevenueMillion: z
      .number()
      .min(0)
      .max(1e9)
      .nullable()
      .describe('Doanh thu năm (triệu đồng)'),
    workers: z.number().int().min(0).max(1e6).nullable().describe('Số lao động'),
    rawMaterialArea: z.string().trim().max(500).nullable().describe('Vùng nguyên liệu'),
    samples: z.number().int().min(0).max(100).nullable().describe('Số mẫu sản phẩm gửi kèm'),
  })
  .describe('Mẫu 01: phiếu đăng ký sản phẩm tham gia đánh giá, phân hạng');

export const applicationListQuery = z.object({
  state: applicationState.optional(),
  unit: z.coerce.number().int().positive().optional().describe('Mã số (id) của xã'),
  commune: z
    .string()
    .regex(/^\d{2,5}$/)
    .optional()
    .describe('Mã xã (mã GSO): hồ sơ của các xã từng mang mã này'),
  round: uuid.optional().describe('Đợt đánh giá'),
  product: uuid.optional().describe('Sản phẩm'),
});
export const createApplicationBody = z.object({
  productId: uuid,
  kind: applicationKind,
  registration: registrationForm,
  selfAssessment: choicesInput
    .optional()
    .describe('Mẫu 02: phiếu tự đánh giá (lựa chọn trên phiếu đã công bố)'),
});
export const updateApplicationBody = z.object({
  kind: applicationKind.optional(),
  registration: registrationForm.optional(),
  selfAssessment: choicesInput.optional(),
  version: versionNumber().describe('Phiên bản đã đọc (xung đột: 409)'),
});
export const applicationActionBody = z.object({
  action: z
    .enum(['submit', 'withdraw', 'preassess', 'return', 'forward'])
    .describe(
      'submit (chủ thể nộp), withdraw (rút), preassess (xã đánh giá sơ bộ: từng tiêu chí đạt/không, ' +
        'kết luận, có chuyển hay không), return (trả lại, cần lý do), forward (xã chuyển lên tỉnh)',
    ),
  criteria: z
    .array(z.object({ code: text(60), met: z.boolean(), note: optionalText(1000) }))
    .max(20)
    .optional()
    .describe('Các tiêu chí đánh giá sơ bộ của phiên bản quy định (mỗi tiêu chí một lần)'),
  conclusion: z.string().trim().min(1).max(5000).optional().describe('Kết luận đánh giá sơ bộ'),
  forward: z.boolean().optional().describe('Chuyển hồ sơ lên cấp tỉnh'),
  reason: z.string().trim().min(1).max(2000).optional().describe('Lý do trả lại'),
  version: versionNumber().describe('Phiên bản đã đọc (xung đột: 409)'),
});

const sheetScore = z.object({
  total: z.number(),
  parts: z.object({ A: z.number(), B: z.number(), C: z.number() }),
  missing: z.array(z.string()),
  disqualifying: z.array(z.string()),
});
export const councilResultView = z.object({
  score: z.number().describe('Điểm trung bình của các thành viên (cắt, không làm tròn, 2 chữ số)'),
  gap: z.number().describe('Chênh lệch giữa tổng điểm cao nhất và thấp nhất'),
  rescoreNeeded: z.boolean().describe('Chênh lệch vượt giới hạn: hội đồng thảo luận và chấm lại'),
  starsByPoints: z.number(),
  stars: z.number().nullable(),
  heldBack: z.array(z.object({ stars: z.number(), criteria: z.array(z.string()) })),
  disqualified: z.boolean(),
  toCentral: z.boolean(),
});
export const applicationView = z.object({
  id: z.string(),
  reference: z.string().describe('Số hồ sơ OCOP-<tỉnh>-<năm>-<số>'),
  productId: z.string(),
  productName: z.string(),
  producerId: z.string(),
  provinceCode: z.string(),
  communeUnitId: z.number(),
  kind: applicationKind,
  ruleVersion: z.string(),
  sheetId: z.string(),
  registration: registrationForm,
  selfAssessment: z.record(z.string(), z.string()),
  selfScore: sheetScore.nullable(),
  preassessment: z
    .object({
      criteria: z.array(
        z.object({ code: z.string(), met: z.boolean(), note: z.string().nullable() }),
      ),
      conclusion: z.string(),
      forward: z.boolean(),
      byUserId: z.string(),
      at: z.string(),
    })
    .nullable(),
  roundId: z.string().nullable(),
  attempt: z.number().describe('Lần chấm hiện tại (1, rồi 2… sau mỗi lần thảo luận)'),
  result: councilResultView.nullable(),
  rescoreNeeded: z.boolean(),
  decidedStars: z.number().nullable(),
  state: applicationState,
  returnReason: z.string().nullable(),
  submittedAt: timestamp.nullable(),
  version: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const applicationListResponse = z.object({ items: z.array(applicationView) });

// ---- rounds ----

export const createRoundBody = z.object({
  level: z
    .enum(['province', 'central'])
    .optional()
    .describe('province (tỉnh, mặc định) hoặc central (trung ương)'),
  provinceCode: z.string().trim().max(10).optional().describe('Mã tỉnh (đợt cấp tỉnh)'),
  name: text(300).describe('Tên đợt'),
  cutoffOn: isoDate
    .optional()
    .describe('Ngày chốt hồ sơ (mặc định: ngày chốt kế tiếp của phiên bản quy định)'),
});
export const updateRoundBody = z.object({
  name: text(300).optional(),
  cutoffOn: isoDate.optional(),
  state: z.enum(['open', 'scoring', 'decided', 'closed']).optional(),
  version: versionNumber().describe('Phiên bản đã đọc (xung đột: 409)'),
});
export const councilPosition = z
  .enum(['chair', 'member', 'secretary'])
  .describe('chair (chủ tịch), member (thành viên), secretary (thư ký, không chấm)');
export const councilBody = z.object({
  members: z
    .array(z.object({ userId: uuid, position: councilPosition }))
    .min(1)
    .max(50),
  version: versionNumber().describe('Phiên bản đã đọc của đợt (xung đột: 409)'),
});
export const conflictBody = z.object({
  applicationId: uuid,
  userId: uuid.optional().describe('Thành viên (bỏ trống: chính người khai)'),
  reason: text(2000).describe('Lý do xung đột lợi ích'),
});
export const addRoundApplicationsBody = z.object({
  applicationIds: z.array(uuid).min(1).max(500),
  version: versionNumber().describe('Phiên bản đã đọc của đợt (xung đột: 409)'),
});
export const roundView = z.object({
  id: z.string(),
  reference: z.string(),
  level: z.enum(['province', 'central']),
  provinceCode: z.string().nullable(),
  ruleVersion: z.string(),
  name: z.string(),
  cutoffOn: z.string(),
  maxGap: z.number().describe('Chênh lệch tối đa giữa các thành viên trước khi phải chấm lại'),
  state: z.enum(['open', 'scoring', 'decided', 'closed']),
  version: z.number(),
  council: z.array(
    z.object({ userId: z.string(), displayName: z.string(), position: councilPosition }),
  ),
  conflicts: z
    .array(z.object({ userId: z.string(), applicationId: z.string(), reason: z.string() }))
    .describe('Xung đột lợi ích (người quản lý đợt: tất cả; thành viên: của mình)'),
  applications: z.number(),
  canManage: z.boolean(),
});
export const roundListResponse = z.object({ items: z.array(roundView) });

// ---- scoring ----

export const scoreSheetView = z.object({
  id: z.number(),
  applicationId: z.string(),
  roundId: z.string(),
  sheetId: z.string(),
  attempt: z.number(),
  choices: z.record(z.string(), z.string()),
  score: sheetScore,
  comment: z.string().nullable(),
  submittedAt: timestamp.nullable(),
  version: z.number(),
});
export const saveScoreSheetBody = z.object({
  choices: choicesInput,
  comment: z.string().trim().max(5000).nullable().optional().describe('Nhận xét'),
  version: versionNumber().describe('Phiên bản đã đọc của phiếu (xung đột: 409)'),
});
export const submitScoreSheetBody = z.object({
  version: versionNumber().describe('Phiên bản đã đọc của phiếu (xung đột: 409)'),
});
export const discussionBody = z.object({
  minutes: text(20_000).describe('Biên bản thảo luận của hội đồng'),
  version: versionNumber().optional().describe('Phiên bản đã đọc của hồ sơ'),
});
export const scoresResponse = z.object({
  applicationId: z.string(),
  reference: z.string(),
  state: applicationState,
  attempt: z.number(),
  maxGap: z.number(),
  attempts: z.array(
    z.object({
      attempt: z.number(),
      expected: z.number().describe('Số thành viên phải chấm (không kể thư ký, người xung đột)'),
      submitted: z.number(),
      complete: z.boolean(),
      sheets: z
        .array(
          z.object({
            userId: z.string(),
            displayName: z.string(),
            total: z.number(),
            score: sheetScore,
            choices: z.record(z.string(), z.string()),
            comment: z.string().nullable(),
            submittedAt: timestamp.nullable(),
          }),
        )
        .describe('Phiếu của các thành viên: chỉ hiện khi tất cả đã nộp (trừ người quản lý đợt)'),
    }),
  ),
  result: councilResultView.nullable(),
  discussions: z.array(
    z.object({ attempt: z.number(), gap: z.number(), minutes: z.string(), recordedAt: timestamp }),
  ),
});
export const mySheetsResponse = z.object({
  items: z.array(
    z.object({
      applicationId: z.string(),
      reference: z.string(),
      productName: z.string(),
      setCode: z.string(),
      state: applicationState,
      attempt: z.number(),
      rescoreNeeded: z.boolean(),
      sheet: z
        .object({ state: z.enum(['draft', 'submitted']), total: z.number(), version: z.number() })
        .nullable(),
    }),
  ),
});
export const createdResponse = z.object({ id: z.string() });
