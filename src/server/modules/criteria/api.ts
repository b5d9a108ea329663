import { z } from 'zod';
import { pageParam, versionNumber } from '../../api-schemas';

/** The criteria-sets API contract: these schemas validate requests and produce the OpenAPI document. */

export const setCode = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9.-]*$/)
  .describe('Mã bộ tiêu chí: chữ thường không dấu, chữ số, dấu chấm, gạch nối (xa-ntm-2021-2025)');

export const criteriaSetCodeParams = z.object({ code: setCode });

const isoDate = z.string().describe('Ngày, dạng YYYY-MM-DD');
const timestamp = z.string().describe('Thời điểm (ISO 8601)');

export const setStatus = z
  .enum(['draft', 'published'])
  .describe(
    'Trạng thái: draft (bản nháp, chỉ quản trị viên thấy), published (đã công bố, không sửa được)',
  );
export const setLevel = z
  .enum(['commune', 'district', 'province'])
  .describe('Cấp áp dụng: commune (xã), district (huyện), province (tỉnh)');
export const setKind = z
  .enum(['standard', 'advanced', 'model'])
  .describe('Loại: standard (nông thôn mới), advanced (nâng cao), model (kiểu mẫu)');
export const classification = z
  .enum(['region', 'group', 'none'])
  .describe(
    'Ngưỡng khác nhau theo: region (7 vùng kinh tế - xã hội, 2021–2025), group (nhóm xã 1–3, ' +
      '2026–2030), none (một ngưỡng chung)',
  );

export const listCriteriaSetsQuery = z.object({
  status: setStatus.optional(),
  level: setLevel.optional(),
  issuer: z
    .string()
    .regex(/^(central|\d{2})$/)
    .optional()
    .describe('Cơ quan ban hành: central (trung ương) hoặc mã tỉnh hai chữ số'),
  page: pageParam.default(1).describe('Trang (từ 1)'),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(100)
    .describe('Số bộ mỗi trang (tối đa 200)'),
});

export const criteriaSetSummary = z
  .object({
    code: setCode,
    name: z.string().describe('Tên bộ tiêu chí'),
    issuer: z.string().describe('central (trung ương) hoặc mã tỉnh hai chữ số'),
    issuerName: z
      .string()
      .nullable()
      .describe('Tên tỉnh ban hành (tại ngày bắt đầu hiệu lực); null với bộ trung ương'),
    basis: z.string().describe('Căn cứ pháp lý: số, ký hiệu và ngày của văn bản ban hành'),
    level: setLevel,
    kind: setKind,
    validFrom: isoDate.describe('Áp dụng từ ngày'),
    validTo: isoDate.describe('Áp dụng đến hết ngày'),
    classification,
    classes: z.array(z.string()).describe('Các lớp (vùng hoặc nhóm xã) có ngưỡng riêng'),
    extends: z
      .string()
      .nullable()
      .describe('Mã bộ gốc mà bộ này kế thừa và chỉ được siết chặt ngưỡng; null nếu không'),
    status: setStatus,
    version: z
      .number()
      .int()
      .describe('Phiên bản bản ghi (tăng mỗi lần lưu); gửi kèm khi sửa bản nháp hoặc công bố'),
    contentHash: z.string().describe('SHA-256 của nội dung YAML'),
    publishedAt: timestamp.nullable().describe('Thời điểm công bố; null nếu là bản nháp'),
    criteriaCount: z.number().int().describe('Số tiêu chí'),
    indicatorCount: z.number().int().describe('Số chỉ tiêu'),
    unverifiedCount: z
      .number()
      .int()
      .describe(
        'Số chỉ tiêu có ngưỡng chưa xác minh (chưa đối chiếu văn bản chính thức), kể cả chỉ tiêu ' +
          'mà một số vùng/nhóm xã chưa có ngưỡng số và do cán bộ đánh giá Đạt/Không đạt',
      ),
  })
  .describe('Một bộ tiêu chí (tóm tắt)');

export const listCriteriaSetsResponse = z
  .object({
    items: z.array(criteriaSetSummary),
    total: z.number().int().describe('Tổng số bộ thỏa điều kiện (mọi trang)'),
  })
  .describe('Các bộ tiêu chí: trung ương trước, mới trước. Chỉ quản trị viên thấy bản nháp.');

const yearThresholds = z
  .record(z.string(), z.number())
  .describe('Ngưỡng theo năm, khóa là năm 4 chữ số ("2024": 60)');

export const ruleView = z
  .object({
    op: z
      .enum(['gte', 'gt', 'lte', 'lt', 'eq'])
      .describe('Phép so sánh giá trị với ngưỡng: gte ≥, gt >, lte ≤, lt <, eq ='),
    value: z
      .union([z.number(), z.boolean()])
      .optional()
      .describe('Một ngưỡng cho mọi lớp, mọi năm (true: phải "Đạt")'),
    byClass: z
      .record(z.string(), z.union([z.number(), yearThresholds]))
      .optional()
      .describe('Ngưỡng theo lớp (vùng/nhóm xã), "default" là ngưỡng mặc định'),
  })
  .describe('Quy tắc đánh giá của chỉ tiêu');

export const thresholdView = z
  .object({
    class: z
      .string()
      .nullable()
      .describe('Lớp (vùng/nhóm xã), "default" (mặc định), hoặc null: mọi lớp'),
    year: z.number().int().nullable().describe('Năm áp dụng; null: mọi năm'),
    value: z.union([z.number(), z.boolean()]).describe('Ngưỡng (số, hoặc true = "Đạt")'),
  })
  .describe('Một ngưỡng của quy tắc');

export const indicatorView = z
  .object({
    code: z.string().describe('Mã chỉ tiêu, duy nhất trong bộ (3.1, 8.4, 17.khac…)'),
    name: z.string(),
    type: z
      .enum(['boolean', 'number', 'percent'])
      .describe('Loại: boolean (Đạt/Không đạt), number (số), percent (tỷ lệ 0–100)'),
    unit: z.string().nullable().describe('Đơn vị tính ("%", "triệu đồng/người/năm")'),
    rule: ruleView.nullable().describe('Quy tắc; null: chưa có ngưỡng'),
    thresholds: z
      .array(thresholdView)
      .describe('Các ngưỡng của quy tắc, từng lớp và từng năm (dạng bảng)'),
    noThreshold: z
      .enum(['no_rule', 'judgement'])
      .describe(
        'Khi một lớp/năm không có ngưỡng: no_rule (chưa có quy tắc, tính là chưa đạt) hoặc ' +
          'judgement (cán bộ phụ trách đánh giá Đạt/Không đạt)',
      ),
    verified: z
      .boolean()
      .describe('true: ngưỡng đã đối chiếu văn bản chính thức; false: "chưa xác minh"'),
    source: z.string().nullable().describe('Nguồn của ngưỡng đã xác minh'),
    note: z.string().nullable().describe('Ghi chú, hướng dẫn đánh giá'),
    origin: z
      .enum(['inherited', 'overridden', 'added'])
      .nullable()
      .describe('Bộ kế thừa: giữ nguyên (inherited), siết chặt (overridden), bổ sung (added)'),
  })
  .describe('Một chỉ tiêu');

export const criterionView = z
  .object({
    code: z.string().describe('Số thứ tự tiêu chí (1…19)'),
    name: z.string(),
    group: z.string().nullable().describe('Nhóm tiêu chí ("Hạ tầng kinh tế – xã hội")'),
    note: z.string().nullable(),
    indicators: z.array(indicatorView),
  })
  .describe('Một tiêu chí và các chỉ tiêu của nó');

export const revocationView = z
  .object({
    basis: z.string().nullable().describe('Căn cứ (18/2022/QĐ-TTg)'),
    verified: z.boolean(),
    notMetShare: z.number().describe('Thu hồi khi tỷ lệ tiêu chí không đạt ≥ mức này (%)'),
    criticalNotMetShare: z
      .number()
      .describe('Thu hồi khi tỷ lệ không đạt ≥ mức này (%) và có tiêu chí quan trọng không đạt'),
    revokedSubunitsShare: z
      .number()
      .nullable()
      .describe('Huyện: thu hồi khi tỷ lệ xã bị thu hồi ≥ mức này (%)'),
    critical: z.array(z.string()).describe('Mã các tiêu chí quan trọng'),
  })
  .describe('Điều kiện thu hồi quyết định công nhận');

export const amendmentView = z
  .object({
    decision: z.string().describe('Số, ký hiệu văn bản sửa đổi (211/QĐ-TTg)'),
    date: isoDate.describe('Ngày của văn bản sửa đổi'),
    amends: setCode.describe('Mã phiên bản được sửa đổi'),
  })
  .describe('Văn bản sửa đổi mà phiên bản này thể hiện');

export const criteriaSetDetail = criteriaSetSummary
  .extend({
    classInfo: z
      .record(z.string(), z.object({ label: z.string().optional(), name: z.string().optional() }))
      .describe('Cách hiển thị các lớp: nhãn ngắn (ĐBSH) và tên đầy đủ'),
    notes: z.array(z.string()).describe('Ghi chú của bộ tiêu chí'),
    revocation: revocationView.nullable(),
    basedOn: z
      .string()
      .nullable()
      .describe('Bộ mà quản trị viên dùng làm điểm xuất phát khi soạn bộ này'),
    amendment: amendmentView
      .nullable()
      .describe('Phiên bản sửa đổi: văn bản sửa đổi và phiên bản được sửa đổi; null nếu không'),
    createdAt: timestamp,
    updatedAt: timestamp,
    publishedBy: z
      .string()
      .nullable()
      .describe('Người công bố (tên đăng nhập; "seed"/"cli" khi nạp bằng lệnh)'),
    criteria: z.array(criterionView),
  })
  .describe('Một bộ tiêu chí đầy đủ: tiêu chí, chỉ tiêu, ngưỡng theo lớp và năm');

export const criteriaSetSource = z
  .object({
    code: setCode,
    status: setStatus,
    version: z.number().int(),
    contentHash: z.string(),
    yaml: z
      .string()
      .describe('Nội dung tệp YAML của bộ tiêu chí (định dạng: docs/criteria-sets.md)'),
  })
  .describe('Tệp YAML gốc của bộ tiêu chí');

const yamlText = z
  .string()
  .min(1)
  .max(1_000_000)
  .describe('Nội dung YAML của bộ tiêu chí (định dạng: docs/criteria-sets.md)');
const versionField = versionNumber(1).describe(
  'Phiên bản đã đọc; nếu bản nháp đã được người khác lưu sau đó thì trả 409',
);

export const createCriteriaSetBody = z.object({
  yaml: yamlText,
  basedOn: setCode
    .optional()
    .describe('Mã bộ dùng làm điểm xuất phát (ví dụ bộ đang có hiệu lực), để tham chiếu'),
});

export const updateCriteriaSetBody = z.object({ yaml: yamlText, version: versionField });

export const publishCriteriaSetBody = z.object({ version: versionField });

export const validateCriteriaSetBody = z.object({ yaml: yamlText });

export const amendCriteriaSetBody = z.object({
  decision: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .describe('Số, ký hiệu văn bản sửa đổi (ví dụ 211/QĐ-TTg)'),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .describe('Ngày của văn bản sửa đổi (YYYY-MM-DD); phiên bản mới áp dụng từ ngày này'),
  code: setCode
    .optional()
    .describe('Mã của phiên bản mới; mặc định là mã kế tiếp (xa-ntm-2021-2025-v2)'),
});

export const diffQuery = z.object({
  with: setCode
    .optional()
    .describe(
      'Mã phiên bản cũ để so sánh; mặc định là phiên bản mà bộ này sửa đổi hoặc xuất phát từ',
    ),
});

const change = z.object({ from: z.string(), to: z.string() });

export const criteriaSetDiffView = z
  .object({
    from: setCode.describe('Phiên bản cũ'),
    to: setCode.describe('Phiên bản mới'),
    set: z
      .array(
        change.extend({
          field: z.enum([
            'name',
            'basis',
            'level',
            'kind',
            'validFrom',
            'validTo',
            'classification',
            'classes',
            'revocation',
            'notes',
            'amendment',
          ]),
        }),
      )
      .describe('Các thông tin chung của bộ đã thay đổi'),
    criteria: z.object({
      added: z.array(z.object({ code: z.string(), name: z.string() })),
      removed: z.array(z.object({ code: z.string(), name: z.string() })),
      renamed: z.array(change.extend({ code: z.string() })),
    }),
    indicators: z.object({
      added: z.array(
        z.object({ code: z.string(), name: z.string(), criterion: z.string(), rule: z.string() }),
      ),
      removed: z.array(
        z.object({ code: z.string(), name: z.string(), criterion: z.string(), rule: z.string() }),
      ),
      changed: z.array(
        z.object({
          code: z.string(),
          name: z.string(),
          criterion: z.string(),
          changes: z.array(
            change.extend({
              field: z.enum([
                'name',
                'criterion',
                'type',
                'unit',
                'rule',
                'noThreshold',
                'verified',
                'source',
                'note',
              ]),
            }),
          ),
        }),
      ),
    }),
    same: z.boolean().describe('true khi hai phiên bản không khác nhau'),
  })
  .describe(
    'Khác biệt giữa hai phiên bản: chỉ tiêu thêm, bỏ, đổi ngưỡng (quy tắc), đổi tên; tiêu chí thêm, bỏ, đổi tên',
  );

export const criteriaSetIssue = z
  .object({
    line: z.number().int().describe('Dòng (từ 1)'),
    column: z.number().int().describe('Cột (từ 1)'),
    message: z.string().describe('Lỗi (tiếng Việt, hoặc tiếng Anh với Accept-Language: en)'),
    path: z
      .array(z.union([z.string(), z.number()]))
      .describe('Vị trí trong tài liệu (các khóa và chỉ số)'),
  })
  .describe('Một lỗi trong tệp YAML');

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

export const invalidSetResponse = errorResponse
  .extend({
    errors: z.array(criteriaSetIssue).describe('Mọi lỗi của tệp, theo thứ tự dòng'),
  })
  .describe('Tệp bộ tiêu chí không hợp lệ: mọi lỗi kèm dòng và cột; không có gì được lưu');

export const validateCriteriaSetResponse = z
  .object({
    valid: z.boolean().describe('true khi có thể lưu (và công bố) nội dung này'),
    errors: z.array(criteriaSetIssue),
    summary: z
      .object({
        code: z.string(),
        name: z.string(),
        extends: z.string().nullable(),
        criteriaCount: z.number().int(),
        indicatorCount: z.number().int(),
        unverifiedCount: z.number().int(),
      })
      .nullable()
      .describe('Tóm tắt bộ tiêu chí khi hợp lệ'),
  })
  .describe('Kết quả kiểm tra thử (không lưu gì)');

export type CriteriaSetSummary = z.infer<typeof criteriaSetSummary>;
export type CriteriaSetDetail = z.infer<typeof criteriaSetDetail>;
export type CriteriaSetSourceView = z.infer<typeof criteriaSetSource>;
export type CriterionView = z.infer<typeof criterionView>;
export type IndicatorView = z.infer<typeof indicatorView>;
export type ThresholdView = z.infer<typeof thresholdView>;
export type CriteriaSetIssueView = z.infer<typeof criteriaSetIssue>;
export type ListCriteriaSetsQuery = z.infer<typeof listCriteriaSetsQuery>;
export type ListCriteriaSetsResponse = z.infer<typeof listCriteriaSetsResponse>;
export type ValidateCriteriaSetResponse = z.infer<typeof validateCriteriaSetResponse>;
export type InvalidSetResponse = z.infer<typeof invalidSetResponse>;
export type CreateCriteriaSetInput = z.infer<typeof createCriteriaSetBody>;
export type UpdateCriteriaSetInput = z.infer<typeof updateCriteriaSetBody>;
export type AmendCriteriaSetInput = z.infer<typeof amendCriteriaSetBody>;
export type CriteriaSetDiffView = z.infer<typeof criteriaSetDiffView>;
