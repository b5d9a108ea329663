import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CONDITION_CODES, DOSSIER_KINDS } from './types';
import type { ProcedureStep, ProcedureTemplate } from './types';
import { formatZodIssues, isoDateSchema } from './zod-messages';

/**
 * Procedure templates (quy trình xét, công nhận, thu hồi) as written in `data/recognition/*.yaml`:
 * the structural schema (zod), then the integrity rules that relate fields to each other.
 */

const text = z.string().trim().min(1);
const code = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'mã chỉ gồm chữ thường không dấu, số, "_" và "-"' })
  .max(60);

export const ACTING_LEVELS = ['commune', 'district', 'province', 'central'] as const;
export const ACTING_ROLES = [
  'admin',
  'central',
  'province',
  'sector',
  'district',
  'commune',
  'appraiser',
] as const;
export const STEP_FEATURES = [
  'self_assessment',
  'public_posting',
  'opinions',
  'satisfaction',
  'criterion_review',
  'council',
  'decision',
  'publication',
] as const;

export const stepDurationSchema = z.strictObject({
  amount: z.number().int().positive(),
  unit: z.enum(['working_days', 'days']),
  verified: z.boolean(),
  source: text.optional(),
});

export const requiredDocumentSchema = z.strictObject({
  code,
  name: text,
  required: z.boolean(),
  verified: z.boolean(),
});

export const procedureStepSchema = z.strictObject({
  code,
  name: text,
  actor: z.strictObject({
    roles: z.array(z.enum(ACTING_ROLES)).min(1),
    level: z.enum(ACTING_LEVELS),
  }),
  duration: stepDurationSchema.nullable(),
  documents: z.array(requiredDocumentSchema).default([]),
  features: z.array(z.enum(STEP_FEATURES)).default([]),
  posting: z
    .strictObject({
      days: z.number().int().positive(),
      unit: z.enum(['working_days', 'days']),
      verified: z.boolean(),
    })
    .optional(),
  conditions: z.array(z.enum(CONDITION_CODES as [string, ...string[]])).default([]),
  canReturn: z.boolean().default(false),
  returnTo: code.optional(),
  canRefuse: z.boolean().default(false),
});

export const procedureTemplateSchema = z.strictObject({
  code,
  version: z.number().int().positive(),
  name: text,
  purpose: z.enum(['recognition', 'revocation']),
  kinds: z.array(z.enum(DOSSIER_KINDS as [string, ...string[]])).min(1),
  validFrom: isoDateSchema,
  validTo: isoDateSchema.nullable(),
  legalBasis: z.array(text).min(1),
  decisionIssuer: z.strictObject({ level: z.enum(ACTING_LEVELS), name: text, symbol: text }),
  councilMinShare: z.number().gt(0).max(1).nullable(),
  verified: z.boolean(),
  source: text.optional(),
  note: text.optional(),
  steps: z.array(procedureStepSchema).min(2),
});

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const out = new Set<T>();
  for (const v of values) (seen.has(v) ? out : seen).add(v);
  return [...out];
}

/** The rules relating fields of a structurally valid template; messages in Vietnamese with paths. */
export function templateIntegrityErrors(t: ProcedureTemplate): string[] {
  const errors: string[] = [];
  if (t.validTo !== null && t.validTo < t.validFrom)
    errors.push(`validTo: ngày hết hiệu lực ${t.validTo} trước ngày bắt đầu ${t.validFrom}`);
  for (const k of duplicates(t.kinds)) errors.push(`kinds: loại hồ sơ "${k}" bị lặp`);

  const codes = t.steps.map((s) => s.code);
  const index = new Map<string, number>();
  t.steps.forEach((s, i) => {
    if (index.has(s.code)) errors.push(`steps[${i}].code: mã bước "${s.code}" bị trùng`);
    else index.set(s.code, i);
  });

  const withFeature = (f: ProcedureStep['features'][number]): number[] =>
    t.steps.flatMap((s, i) => (s.features.includes(f) ? [i] : []));
  const decisions = withFeature('decision');
  const publications = withFeature('publication');
  const last = t.steps.length - 1;

  if (decisions.length !== 1)
    errors.push(
      `steps: quy trình phải có đúng một bước ghi quyết định (decision), đang có ${decisions.length}`,
    );
  if (!t.steps[last]?.features.includes('publication'))
    errors.push(`steps[${last}].features: bước cuối cùng phải là bước công bố (publication)`);
  for (const i of publications)
    if (i !== last) errors.push(`steps[${i}].features: chỉ bước cuối cùng được là bước công bố`);
  const decisionAt = decisions[0];
  if (decisionAt !== undefined && decisionAt >= last)
    errors.push(`steps[${decisionAt}].features: bước quyết định phải đứng trước bước công bố`);

  const firstIndexOf = (f: ProcedureStep['features'][number]): number =>
    t.steps.findIndex((s) => s.features.includes(f));

  t.steps.forEach((s, i) => {
    const at = `steps[${i}]`;
    for (const f of duplicates(s.features)) errors.push(`${at}.features: "${f}" bị lặp`);
    for (const c of duplicates(s.conditions)) errors.push(`${at}.conditions: "${c}" bị lặp`);
    for (const r of duplicates(s.actor.roles)) errors.push(`${at}.actor.roles: "${r}" bị lặp`);
    for (const d of duplicates(s.documents.map((d) => d.code)))
      errors.push(`${at}.documents: mã tài liệu "${d}" bị trùng`);
    s.documents.forEach((d, j) => {
      if (d.code === 'other')
        errors.push(
          `${at}.documents[${j}].code: mã "other" dành cho tài liệu khác, không khai báo`,
        );
    });

    const posting = s.features.includes('public_posting');
    if (posting && !s.posting)
      errors.push(`${at}.posting: bước niêm yết công khai (public_posting) phải khai báo posting`);
    if (!posting && s.posting)
      errors.push(`${at}.posting: chỉ bước có public_posting mới khai báo posting`);

    if (s.returnTo !== undefined) {
      if (!s.canReturn) errors.push(`${at}.returnTo: khai báo returnTo thì canReturn phải là true`);
      const target = index.get(s.returnTo);
      if (target === undefined || !codes.includes(s.returnTo))
        errors.push(`${at}.returnTo: bước "${s.returnTo}" không có trong quy trình`);
      else if (target >= i)
        errors.push(`${at}.returnTo: bước "${s.returnTo}" phải đứng trước bước "${s.code}"`);
    } else if (s.canReturn && i === 0) {
      errors.push(`${at}.canReturn: bước đầu tiên không có bước nào trước để trả lại`);
    }
    if (i === last && (s.canReturn || s.canRefuse))
      errors.push(`${at}: bước công bố không được trả lại hay từ chối hồ sơ`);

    const needsBefore = (
      condition: string,
      feature: ProcedureStep['features'][number],
      label: string,
    ): void => {
      if (!s.conditions.includes(condition as never)) return;
      const f = firstIndexOf(feature);
      if (f === -1 || f > i)
        errors.push(
          `${at}.conditions: điều kiện "${condition}" cần một bước ${label} (${feature}) ở bước này hoặc trước đó`,
        );
    };
    needsBefore('satisfaction', 'satisfaction', 'ghi kết quả sự hài lòng');
    needsBefore('council_in_favour', 'council', 'họp hội đồng');
    needsBefore('criteria_reviewed', 'criterion_review', 'thẩm định từng tiêu chí');
    needsBefore('decision_recorded', 'decision', 'ghi quyết định');
    if (s.duration && s.duration.amount <= 0)
      errors.push(`${at}.duration.amount: thời hạn phải lớn hơn 0`);
  });
  return errors;
}

/** Parses and checks a template file; errors in Vietnamese, each naming its path. */
export function parseProcedureTemplate(
  yamlText: string,
): { template: ProcedureTemplate } | { errors: string[] } {
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (e) {
    return { errors: [`tệp quy trình không đọc được (YAML): ${(e as Error).message}`] };
  }
  const parsed = procedureTemplateSchema.safeParse(data);
  if (!parsed.success) return { errors: formatZodIssues(parsed.error.issues) };
  const template = parsed.data as ProcedureTemplate;
  const errors = templateIntegrityErrors(template);
  return errors.length > 0 ? { errors } : { template };
}
