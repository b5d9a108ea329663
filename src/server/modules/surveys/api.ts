import { z } from 'zod';
import { pageParam, saneIsoDate, versionNumber } from '../../api-schemas';
import { surveyRuleSchema } from '../../../domain/surveys/schema';
import { errorResponse } from '../units/api';

/**
 * The satisfaction survey API contract (`/api/v1/surveys`): guidance and questionnaires,
 * campaigns and their actions, household rolls, one-time codes, answers (public with a code, or
 * entered by an officer) and tallies. The web app imports these types.
 */

export { errorResponse };

const isoDate = saneIsoDate.describe('Ngày, dạng YYYY-MM-DD');
const timestamp = z.string().describe('Thời điểm (ISO 8601)');
const shortText = (max: number) => z.string().trim().min(1).max(max);

export const campaignState = z
  .enum(['planned', 'open', 'closed', 'tallied', 'posted', 'reported', 'void'])
  .describe(
    'planned (đã lập), open (đang lấy ý kiến), closed (đã kết thúc lấy ý kiến), tallied (đã tổng ' +
      'hợp), posted (đã niêm yết kết quả), reported (đã gửi kết quả vào hồ sơ), void (hủy, có lý do)',
  );
export const campaignAction = z
  .enum(['open', 'close', 'tally', 'post', 'report', 'void'])
  .describe(
    'open (mở lấy ý kiến: chốt danh sách hộ), close (kết thúc), tally (tổng hợp kết quả), post ' +
      '(niêm yết kết quả ở các thôn), report (gửi kết quả vào hồ sơ công nhận), void (hủy, cần lý do)',
  );
export const answerChannel = z
  .enum(['code', 'paper', 'door'])
  .describe(
    'code (hộ tự trả lời bằng mã trên phiếu/QR), paper (cán bộ nhập phiếu giấy), door (cán bộ ' +
      'đến từng hộ, nhập trên điện thoại)',
  );
export const answerValue = z
  .enum(['satisfied', 'dissatisfied'])
  .nullable()
  .describe('satisfied (hài lòng), dissatisfied (không hài lòng), null (bỏ trống)');
export const answersSchema = z
  .record(z.string().max(40), answerValue)
  .refine((answers) => Object.keys(answers).length <= 80, { message: 'Quá nhiều câu trả lời' })
  .describe('Câu trả lời theo mã câu hỏi (q1, q2…, overall)');

export const questionView = z.object({
  id: z.string(),
  number: z.number(),
  criterion: z.string().nullable(),
  content: z.string(),
  text: z.string(),
});
export const questionnaireView = z.object({
  code: z.string(),
  version: z.number(),
  name: z.string(),
  level: z.enum(['commune', 'district']),
  source: z.string(),
  verified: z.boolean(),
  scale: z.object({
    options: z.array(z.object({ value: z.enum(['satisfied', 'dissatisfied']), label: z.string() })),
    verified: z.boolean(),
  }),
  questions: z.array(questionView),
  overall: z.object({ id: z.string(), text: z.string() }),
});
export const surveyRuleView = z.object({
  code: z.string(),
  kind: z.enum([
    'coverage_total',
    'coverage_each_village',
    'overall_satisfaction',
    'question_satisfaction_each',
    'commune_question_satisfaction_each',
  ]),
  min: z.number(),
  verified: z.boolean(),
  source: z.string(),
});
export const guidanceView = z.object({
  code: z.string(),
  version: z.number(),
  name: z.string(),
  issuer: z.string(),
  issuedOn: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  province: z.string().nullable(),
  source: z.string(),
  verified: z.boolean(),
  blanks: z.object({
    question: z.enum(['exclude', 'include']),
    overall: z.enum(['exclude', 'include']),
    verified: z.boolean(),
  }),
  duration: z.object({
    minWorkingDays: z.number(),
    maxWorkingDays: z.number(),
    verified: z.boolean(),
  }),
  posting: z.object({ days: z.number(), verified: z.boolean() }),
  levels: z.object({
    commune: z.object({ questionnaire: z.string(), rules: z.array(surveyRuleView) }).optional(),
    district: z.object({ questionnaire: z.string(), rules: z.array(surveyRuleView) }).optional(),
  }),
});
export const guidanceResponse = z.object({
  guidances: z.array(guidanceView),
  questionnaires: z.array(questionnaireView),
});

const shareView = z.object({
  satisfied: z.number(),
  dissatisfied: z.number(),
  blank: z.number(),
  share: z.number().nullable().describe('Tỷ lệ hài lòng (%), null khi chưa có câu trả lời'),
});
export const tallyView = z.object({
  households: z.number(),
  answered: z.number(),
  coverage: z.number().nullable(),
  villages: z.array(
    z.object({
      commune: z.number(),
      village: z.string(),
      households: z.number(),
      answered: z.number(),
      coverage: z.number().nullable(),
    }),
  ),
  communes: z.array(
    z.object({
      commune: z.number(),
      households: z.number(),
      answered: z.number(),
      coverage: z.number().nullable(),
      questions: z.array(shareView.extend({ id: z.string() })),
    }),
  ),
  questions: z.array(shareView.extend({ id: z.string(), number: z.number(), content: z.string() })),
  overall: shareView,
  rules: z.array(
    surveyRuleView.extend({
      value: z.number().nullable(),
      passed: z.boolean(),
      failing: z.array(
        z.object({
          commune: z.number().optional(),
          village: z.string().optional(),
          question: z.string().optional(),
          value: z.number().nullable(),
        }),
      ),
    }),
  ),
  passed: z.boolean(),
});
export const tallyResponse = z.object({
  live: z.boolean().describe('true: tính từ câu trả lời hiện có; false: kết quả đã tổng hợp'),
  computedAt: timestamp,
  tally: tallyView,
  channels: z.object({ code: z.number(), paper: z.number(), door: z.number() }),
});

const unitRef = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  provinceCode: z.string(),
});

export const campaignSummary = z.object({
  id: z.string().uuid(),
  reference: z.string(),
  title: z.string(),
  unit: unitRef,
  level: z.enum(['commune', 'district']),
  purpose: z.enum(['recognition', 'standalone']),
  dossierId: z.string().uuid().nullable(),
  state: campaignState,
  opensOn: z.string(),
  closesOn: z.string(),
  households: z.number(),
  answered: z.number(),
  passed: z.boolean().nullable().describe('Kết quả đã tổng hợp: đạt/không đạt; null khi chưa'),
  version: z.number(),
  updatedAt: timestamp,
});
export const campaignListResponse = z.object({
  items: z.array(campaignSummary),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export const campaignListQuery = z.object({
  unit: z.coerce.number().int().positive().optional(),
  province: z
    .string()
    .regex(/^\d{2}$/)
    .optional(),
  state: campaignState.optional(),
  page: pageParam.default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const campaignDetail = campaignSummary.extend({
  guidance: guidanceView,
  questionnaire: questionnaireView,
  rules: z.array(surveyRuleView),
  workingDays: z.number(),
  voidReason: z.string().nullable(),
  rollFrozenAt: timestamp.nullable(),
  postedOn: z.string().nullable(),
  postedUntil: z.string().nullable(),
  reportedAt: timestamp.nullable(),
  villages: z.array(
    z.object({
      communeUnitId: z.number(),
      village: z.string(),
      households: z.number(),
      answered: z.number(),
      activeCodes: z.number(),
    }),
  ),
  actions: z.array(campaignAction).describe('Thao tác người dùng được làm ở trạng thái hiện tại'),
  canManage: z.boolean(),
  canEnterAnswers: z.boolean(),
  publicUrl: z.string().describe('Địa chỉ trang trả lời công khai (mã hộ in trên phiếu)'),
});

export const createCampaignBody = z.strictObject({
  unit: z
    .string()
    .regex(/^\d{2,5}$/)
    .optional()
    .describe('Mã đơn vị (mã GSO) của xã/huyện; hoặc `unitId`'),
  unitId: z.number().int().positive().optional(),
  purpose: z.enum(['recognition', 'standalone']),
  dossierId: z.string().uuid().optional(),
  title: shortText(300).optional(),
  opensOn: isoDate,
  workingDays: z.number().int().min(1).max(120).optional(),
  rules: z.array(surveyRuleSchema).min(1).max(20).optional(),
});
export const updateCampaignBody = z.strictObject({
  version: versionNumber(),
  title: shortText(300).optional(),
  opensOn: isoDate.optional(),
  workingDays: z.number().int().min(1).max(120).optional(),
  rules: z.array(surveyRuleSchema).min(1).max(20).optional(),
});
export const campaignActionBody = z.strictObject({
  type: campaignAction,
  version: versionNumber(),
  reason: shortText(1000).optional(),
  /** For `report`: the dossier's version (the recognition module checks it). */
  dossierVersion: versionNumber().optional(),
});

export const householdInput = z.strictObject({
  village: shortText(120),
  householdCode: shortText(40),
  headName: shortText(200),
  address: shortText(300).optional(),
  communeUnitId: z.number().int().positive().optional(),
});
export const addHouseholdsBody = z.strictObject({
  version: versionNumber(),
  households: z.array(householdInput).min(1).max(20_000),
});
export const householdView = z.object({
  id: z.number(),
  communeUnitId: z.number(),
  village: z.string(),
  householdCode: z.string(),
  headName: z.string(),
  address: z.string().nullable(),
  answered: z.boolean(),
  channel: answerChannel.nullable(),
  activeCode: z.boolean(),
});
export const householdListQuery = z.object({
  village: z.string().max(120).optional(),
  q: z.string().max(100).optional().describe('Tìm theo tên chủ hộ hoặc mã hộ (không dấu)'),
  answered: z.enum(['yes', 'no']).optional(),
  page: pageParam.default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const householdListResponse = z.object({
  items: z.array(householdView),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export const rollImportResponse = z.object({
  households: z.number(),
  villages: z.number(),
  campaign: campaignDetail,
});

export const issueCodesBody = z.strictObject({
  village: z.string().max(120).optional(),
  householdIds: z.array(z.number().int().positive()).max(20_000).optional(),
  reissue: z
    .boolean()
    .default(false)
    .describe('true: cấp lại (mã cũ của các hộ chưa trả lời hết hiệu lực)'),
});

export const officerAnswerBody = z.strictObject({
  householdId: z.number().int().positive(),
  channel: z.enum(['paper', 'door']),
  clientId: z.string().min(8).max(64),
  answers: answersSchema,
});
export const publicAnswerBody = z.strictObject({
  code: z.string().min(4).max(40),
  clientId: z.string().min(8).max(64),
  answers: answersSchema,
});
export const receiptView = z.object({
  receipt: z.string().describe('Mã xác nhận hộ giữ lại'),
  answeredOn: z.string(),
  campaign: z.object({ reference: z.string(), title: z.string(), unitName: z.string() }),
  replayed: z.boolean().describe('true: lần gửi lại cùng câu trả lời, không tính thêm phiếu'),
});
export const publicFormQuery = z.object({ code: z.string().min(4).max(40) });
export const publicFormView = z.object({
  campaign: z.object({
    reference: z.string(),
    title: z.string(),
    unitName: z.string(),
    opensOn: z.string(),
    closesOn: z.string(),
  }),
  village: z.string(),
  questionnaire: questionnaireView,
  answered: z
    .object({ answeredOn: z.string() })
    .nullable()
    .describe('Hộ đã trả lời (ngày): không trả lời lần nữa'),
});

export const surveyRefusalResponse = errorResponse;
export const rollErrorResponse = errorResponse
  .extend({
    errors: z
      .array(
        z.object({
          row: z.number().nullable().describe('Dòng trong tệp (như Excel hiển thị)'),
          column: z.string().nullable().describe('Cột (A, B, …)'),
          message: z.string(),
        }),
      )
      .optional()
      .describe('Mọi lỗi của danh sách hộ (tối đa 50), tiếng Việt'),
  })
  .describe('Danh sách hộ có lỗi');
