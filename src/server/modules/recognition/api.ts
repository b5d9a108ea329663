import { z } from 'zod';
import { errorResponse } from '../units/api';
import { evaluationView, valueItem } from '../values/api';

/**
 * The recognition API contract (xét, công nhận, công bố, thu hồi): procedure templates, dossiers
 * and their actions, the work queue, the public posting with comments, decisions and the public
 * recognition register. The web app imports these types.
 */

export { errorResponse };

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .describe('Ngày, dạng YYYY-MM-DD');
const timestamp = z.string().describe('Thời điểm (ISO 8601)');
const shortText = (max: number) => z.string().trim().min(1).max(max);

export const dossierKind = z
  .enum([
    'commune_ntm',
    'commune_advanced',
    'commune_model',
    'district_ntm',
    'district_advanced',
    'district_town',
    'province_completed',
  ])
  .describe(
    'Loại công nhận: commune_ntm (xã đạt chuẩn NTM), commune_advanced (xã NTM nâng cao), ' +
      'commune_model (xã NTM kiểu mẫu), district_ntm (huyện đạt chuẩn NTM), district_advanced ' +
      '(huyện NTM nâng cao), district_town (thị xã/thành phố thuộc tỉnh hoàn thành nhiệm vụ), ' +
      'province_completed (tỉnh hoàn thành nhiệm vụ xây dựng NTM)',
  );
export const dossierPurpose = z
  .enum(['recognition', 'revocation'])
  .describe('recognition (xét, công nhận), revocation (thu hồi quyết định công nhận)');
export const dossierStatus = z
  .enum(['in_progress', 'refused', 'decided', 'published', 'withdrawn'])
  .describe(
    'in_progress (đang xử lý), refused (không công nhận), decided (đã có quyết định), published ' +
      '(đã công bố), withdrawn (đơn vị rút hồ sơ)',
  );
export const dossierFlag = z
  .enum([
    'overdue',
    'returned',
    'survey_failed',
    'debt_outstanding',
    'security_issue',
    'criteria_not_met',
    'needs_reroute',
  ])
  .describe(
    'Cờ: overdue (quá hạn), returned (bị trả lại), survey_failed (sự hài lòng chưa đạt), ' +
      'debt_outstanding (còn nợ đọng XDCB), security_issue (phức tạp về an ninh, trật tự), ' +
      'criteria_not_met (có tiêu chí chưa đạt), needs_reroute (mở trước 01/07/2025, cần chuyển ' +
      'quy trình theo 131/2025/NĐ-CP)',
  );

export const actionType = z
  .enum([
    'open',
    'attach_document',
    'remove_document',
    'declare_condition',
    'record_satisfaction',
    'record_opinion',
    'review_criterion',
    'record_council',
    'record_decision',
    'proceed',
    'return',
    'refuse',
    'withdraw',
    'publish',
    'reroute',
    'raise_flag',
    'clear_flag',
  ])
  .describe('Loại thao tác trên hồ sơ');

export const stepView = z.object({
  code: z.string(),
  name: z.string(),
  actorRoles: z.array(z.string()).describe('Vai trò thực hiện bước'),
  actorLevel: z.enum(['commune', 'district', 'province', 'central']),
  duration: z
    .object({
      amount: z.number().int(),
      unit: z.enum(['working_days', 'days']),
      verified: z.boolean().describe('false: thời hạn chưa xác minh (cấu hình được theo tỉnh)'),
    })
    .nullable(),
  documents: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      required: z.boolean(),
      verified: z.boolean(),
    }),
  ),
  features: z.array(z.string()),
  conditions: z.array(z.string()),
  canReturn: z.boolean(),
  canRefuse: z.boolean(),
});

export const templateView = z.object({
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  purpose: dossierPurpose,
  kinds: z.array(dossierKind),
  validFrom: isoDate,
  validTo: isoDate.nullable(),
  legalBasis: z.array(z.string()),
  verified: z.boolean(),
  note: z.string().nullable(),
  steps: z.array(stepView),
});
export const templatesResponse = z.object({ items: z.array(templateView) });

const dossierUnit = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['province', 'district', 'commune']),
  provinceCode: z.string(),
  provinceName: z.string().nullable(),
});

export const dossierSummary = z
  .object({
    id: z.string().uuid(),
    reference: z.string().describe('Số hồ sơ: HS-<năm>-<mã tỉnh>-<số>'),
    purpose: dossierPurpose,
    kind: dossierKind,
    unit: dossierUnit,
    year: z.number().int().describe('Năm đánh giá'),
    setCode: z.string(),
    status: dossierStatus,
    step: z.string(),
    stepName: z.string(),
    stepEnteredAt: timestamp,
    dueOn: isoDate.nullable().describe('Hạn của bước hiện tại (theo ngày làm việc)'),
    overdue: z.boolean(),
    flags: z.array(dossierFlag),
    openedAt: timestamp,
    updatedAt: timestamp,
    version: z.number().int(),
  })
  .describe('Một hồ sơ trong danh sách');

export const dossierListResponse = z.object({
  items: z.array(dossierSummary),
  total: z.number().int(),
});

export const dossierListQuery = z.object({
  province: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  unit: z
    .string()
    .regex(/^\d{2,5}$/)
    .optional(),
  status: dossierStatus.optional(),
  purpose: dossierPurpose.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const actionView = z.object({
  seq: z.number().int(),
  type: actionType,
  step: z.string(),
  stepName: z.string(),
  at: timestamp,
  actor: z.object({ name: z.string(), role: z.string() }),
  reason: z.string().nullable(),
  legalBasis: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});

export const documentView = z.object({
  id: z.string().uuid(),
  documentCode: z.string(),
  name: z.string(),
  step: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: timestamp,
  createdBy: z.string(),
  url: z.string(),
});

export const commentView = z.object({
  id: z.string().uuid(),
  authorName: z.string().nullable(),
  body: z.string(),
  status: z.enum(['pending', 'published', 'rejected']),
  createdAt: timestamp,
  answer: z.string().nullable(),
  answeredAt: timestamp.nullable(),
  answeredBy: z.string().nullable(),
  /** Only for the office: how to reach the author (never public). */
  contact: z.string().nullable().optional(),
  version: z.number().int(),
});

export const decisionView = z
  .object({
    id: z.number().int(),
    purpose: dossierPurpose,
    number: z.string(),
    issuer: z.string(),
    date: isoDate.describe('Ngày ký'),
    effectiveOn: isoDate,
    signer: z.string(),
    signerTitle: z.string(),
    pdfUrl: z.string().describe('Bản PDF của quyết định (công khai khi đã công bố)'),
    publishedAt: timestamp.nullable(),
    revokes: z.object({ number: z.string(), date: isoDate }).nullable(),
  })
  .describe('Quyết định công nhận hoặc thu hồi');

export const snapshotView = z
  .object({
    takenAt: timestamp,
    allCriteriaMet: z.boolean().nullable(),
    evaluation: evaluationView,
    items: z.array(valueItem),
    /** Indicators whose value changed in the unit's data since the snapshot. */
    changedSince: z.array(
      z.object({
        indicator: z.string(),
        frozen: z.union([z.number(), z.boolean(), z.null()]),
        current: z.union([z.number(), z.boolean(), z.null()]),
        updatedBy: z.string().nullable(),
        updatedAt: timestamp.nullable(),
      }),
    ),
  })
  .describe('Kết quả tự đánh giá được "đóng băng" khi mở hoặc gửi hồ sơ');

export const conditionView = z.object({
  code: z.string(),
  status: z.enum(['met', 'not_met', 'unknown']),
  text: z.string(),
});

export const dossierDetail = dossierSummary
  .extend({
    template: templateView,
    criteria: z.array(z.object({ code: z.string(), name: z.string() })),
    actions: z.array(actionView).describe('Nhật ký thao tác (chỉ thêm, không sửa)'),
    visits: z.array(
      z.object({
        step: z.string(),
        enteredAt: timestamp,
        leftAt: timestamp.nullable(),
        outcome: z.string().nullable(),
        workingDays: z.number().int(),
      }),
    ),
    documents: z.array(documentView),
    snapshot: snapshotView.nullable(),
    conditions: z.array(conditionView).describe('Điều kiện công nhận (18/2022/QĐ-TTg)'),
    satisfaction: z.record(z.string(), z.unknown()).nullable(),
    opinions: z.array(z.record(z.string(), z.unknown())),
    reviews: z.record(z.string(), z.record(z.string(), z.unknown())),
    council: z.record(z.string(), z.unknown()).nullable(),
    decision: decisionView.nullable(),
    lastReturn: z.record(z.string(), z.unknown()).nullable(),
    posting: z
      .object({ from: timestamp, until: isoDate, open: z.boolean(), publicUrl: z.string() })
      .nullable(),
    comments: z.array(commentView),
    permissions: z
      .object({
        act: z.boolean().describe('Người dùng thực hiện được bước hiện tại'),
        actions: z.array(actionType).describe('Các thao tác người dùng được làm ở bước này'),
        moderate: z.boolean(),
      })
      .describe('Những việc người dùng hiện tại được làm'),
  })
  .describe('Hồ sơ đầy đủ');

export const openDossierBody = z.object({
  unit: z
    .string()
    .regex(/^\d{2,5}$/)
    .describe('Mã đơn vị đề nghị công nhận'),
  kind: dossierKind,
  year: z.number().int().min(2021).max(2100).describe('Năm đánh giá'),
  set: z.string().max(80).optional().describe('Bộ tiêu chí (mặc định: bộ trung ương có hiệu lực)'),
});

export const openRevocationBody = z.object({
  recognition: z.number().int().positive().describe('Mã bản ghi công nhận cần xem xét thu hồi'),
  reason: shortText(2000),
  alert: z.number().int().positive().optional(),
});

export const actionBody = z.object({
  type: actionType.exclude(['open', 'attach_document']),
  version: z.number().int().min(1).describe('Phiên bản hồ sơ đã đọc; khác → 409'),
  reason: z.string().trim().max(4000).nullable().optional(),
  legalBasis: z.string().trim().max(500).nullable().optional(),
  payload: z.record(z.string(), z.unknown()).default({}),
});

export const commentBody = z.object({
  authorName: z.string().trim().max(120).nullable().optional(),
  contact: z.string().trim().max(200).nullable().optional(),
  body: shortText(3000),
});

export const moderateBody = z.object({
  status: z.enum(['published', 'rejected']),
  answer: z.string().trim().max(4000).nullable().optional(),
  version: z.number().int().min(1),
});

export const publicDossierView = z
  .object({
    id: z.string().uuid(),
    reference: z.string(),
    kind: dossierKind,
    purpose: dossierPurpose,
    unit: dossierUnit,
    year: z.number().int(),
    setCode: z.string(),
    setName: z.string(),
    status: dossierStatus,
    stepName: z.string(),
    posting: z.object({ from: timestamp, until: isoDate, open: z.boolean() }).nullable(),
    evaluation: evaluationView.nullable(),
    documents: z.array(documentView),
    comments: z.array(commentView),
    decision: decisionView.nullable(),
  })
  .describe('Trang công khai của hồ sơ (không cần đăng nhập)');

export const recognitionItem = z.object({
  id: z.number().int(),
  unit: dossierUnit,
  kind: dossierKind,
  setCode: z.string(),
  setName: z.string(),
  year: z.number().int(),
  recognisedOn: isoDate,
  decision: z.object({
    number: z.string(),
    date: isoDate,
    signer: z.string(),
    pdfUrl: z.string(),
  }),
  revoked: z
    .object({ number: z.string(), date: isoDate, pdfUrl: z.string() })
    .nullable()
    .describe('Quyết định thu hồi, nếu có'),
});
export const recognitionsQuery = z.object({
  unit: z
    .string()
    .regex(/^\d{2,5}$/)
    .optional(),
  province: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: dossierKind.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const recognitionsResponse = z.object({
  items: z.array(recognitionItem),
  total: z.number().int(),
});

export const inboxItem = z.object({
  kind: z.enum(['dossier', 'revocation_alert']),
  dossier: dossierSummary.nullable(),
  alert: z
    .object({
      id: z.number().int(),
      recognitionId: z.number().int(),
      unit: dossierUnit,
      year: z.number().int(),
      raisedAt: timestamp,
      evidence: z.record(z.string(), z.unknown()),
    })
    .nullable(),
  dueOn: isoDate.nullable(),
  overdue: z.boolean(),
  link: z.string(),
});
export const inboxResponse = z.object({
  items: z.array(inboxItem).describe('Việc đang chờ người dùng: quá hạn trước, rồi theo hạn'),
  counts: z.object({ total: z.number().int(), overdue: z.number().int() }),
});

export const kpiResponse = z
  .object({
    scope: z.string(),
    year: z.number().int().nullable(),
    online: z.array(
      z.object({
        level: z.enum(['commune', 'district', 'province']),
        dossiers: z.number().int(),
        completed: z.number().int(),
      }),
    ),
    steps: z.array(
      z.object({
        step: z.string(),
        stepName: z.string(),
        visits: z.number().int(),
        averageWorkingDays: z.number().nullable(),
        overdue: z.number().int(),
      }),
    ),
    openDossiers: z.number().int(),
    overdueDossiers: z.number().int(),
    recognised: z.number().int(),
  })
  .describe('Chỉ số theo 924/QĐ-TTg: hồ sơ xử lý trên môi trường mạng, số ngày mỗi bước, quá hạn');

export type DossierSummary = z.infer<typeof dossierSummary>;
export type DossierDetail = z.infer<typeof dossierDetail>;
export type PublicDossierView = z.infer<typeof publicDossierView>;
export type RecognitionItem = z.infer<typeof recognitionItem>;
export type InboxResponse = z.infer<typeof inboxResponse>;
export type InboxItem = z.infer<typeof inboxItem>;
export type TemplateView = z.infer<typeof templateView>;
export type ActionBody = z.infer<typeof actionBody>;
export type OpenDossierBody = z.infer<typeof openDossierBody>;
export type CommentView = z.infer<typeof commentView>;
export type KpiResponse = z.infer<typeof kpiResponse>;
export type RecognitionsResponse = z.infer<typeof recognitionsResponse>;

/** A refused action (422: every reason, in the reader's language) or a version conflict (409). */
export const dossierRefusalResponse = errorResponse
  .extend({
    refusals: z
      .array(z.object({ code: z.string(), message: z.string() }))
      .optional()
      .describe('Mọi lý do từ chối (422)'),
    current: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Trạng thái hiện tại của hồ sơ (409: người khác vừa cập nhật)'),
  })
  .describe('Thao tác bị từ chối; không có gì thay đổi');
