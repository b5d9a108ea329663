import { z } from 'zod';
import type { Questionnaire, SurveyGuidance, SurveyRule } from './types';
import { RULE_KINDS } from './types';

/** The shipped files' shapes (`data/surveys/`), with their integrity checks. */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const percent = z.number().min(0).max(100);

export const surveyRuleSchema = z.strictObject({
  code: z.string().regex(/^[a-z0-9_-]+$/),
  kind: z.enum(RULE_KINDS),
  min: percent,
  verified: z.boolean(),
  source: z.string().min(3),
});

const levelGuidanceSchema = z.strictObject({
  questionnaire: z.string().min(1),
  rules: z.array(surveyRuleSchema).min(1),
});

export const surveyGuidanceSchema = z
  .strictObject({
    code: z.string().min(1),
    version: z.number().int().positive(),
    name: z.string().min(3),
    issuer: z.string().min(2),
    issuedOn: isoDate,
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    province: z
      .string()
      .regex(/^\d{2}$/)
      .nullable(),
    source: z.string().min(3),
    verified: z.boolean(),
    blanks: z.strictObject({
      question: z.enum(['exclude', 'include']),
      overall: z.enum(['exclude', 'include']),
      verified: z.boolean(),
    }),
    duration: z.strictObject({
      minWorkingDays: z.number().int().min(1).max(120),
      maxWorkingDays: z.number().int().min(1).max(120),
      verified: z.boolean(),
    }),
    posting: z.strictObject({ days: z.number().int().min(1).max(60), verified: z.boolean() }),
    levels: z.strictObject({
      commune: levelGuidanceSchema.optional(),
      district: levelGuidanceSchema.optional(),
    }),
  })
  .superRefine((guidance, context) => {
    const fail = (message: string) => context.addIssue({ code: 'custom', message });
    if (guidance.duration.minWorkingDays > guidance.duration.maxWorkingDays)
      fail(`${guidance.code}: duration.minWorkingDays > maxWorkingDays`);
    if (guidance.validTo && guidance.validTo < guidance.validFrom)
      fail(`${guidance.code}: validTo before validFrom`);
    for (const [level, entry] of Object.entries(guidance.levels)) {
      const codes = new Set<string>();
      for (const rule of entry?.rules ?? []) {
        if (codes.has(rule.code)) fail(`${guidance.code}.${level}: rule ${rule.code} twice`);
        codes.add(rule.code);
        if (rule.kind === 'commune_question_satisfaction_each' && level !== 'district')
          fail(`${guidance.code}.${level}: ${rule.code} applies to a district only`);
      }
    }
  });

export const questionnaireSchema = z
  .strictObject({
    code: z.string().min(1),
    version: z.number().int().positive(),
    name: z.string().min(3),
    level: z.enum(['commune', 'district']),
    source: z.string().min(3),
    verified: z.boolean(),
    scale: z.strictObject({
      options: z
        .array(z.strictObject({ value: z.enum(['satisfied', 'dissatisfied']), label: z.string() }))
        .length(2),
      verified: z.boolean(),
    }),
    questions: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z0-9_]+$/),
          number: z.number().int().positive(),
          criterion: z.string().nullable(),
          content: z.string().min(2),
          text: z.string().min(5),
        }),
      )
      .min(1)
      .max(60),
    overall: z.strictObject({ id: z.string().regex(/^[a-z0-9_]+$/), text: z.string().min(5) }),
  })
  .superRefine((questionnaire, context) => {
    const fail = (message: string) => context.addIssue({ code: 'custom', message });
    const ids = new Set<string>();
    const numbers = new Set<number>();
    for (const question of questionnaire.questions) {
      if (ids.has(question.id)) fail(`${questionnaire.code}: question ${question.id} twice`);
      if (numbers.has(question.number))
        fail(`${questionnaire.code}: question number ${question.number} twice`);
      ids.add(question.id);
      numbers.add(question.number);
    }
    if (ids.has(questionnaire.overall.id))
      fail(`${questionnaire.code}: the overall question reuses id ${questionnaire.overall.id}`);
    const values = questionnaire.scale.options.map((option) => option.value);
    if (new Set(values).size !== 2) fail(`${questionnaire.code}: the scale repeats a value`);
  });

/** Every question id of a questionnaire, the overall one last. */
export function questionIds(questionnaire: Questionnaire): string[] {
  return [...questionnaire.questions.map((question) => question.id), questionnaire.overall.id];
}

/**
 * A campaign's rules against its guidance's: a province may tighten (raise a minimum, add a rule)
 * but never loosen. Returns what loosens, empty when the rules are acceptable.
 */
export function looseningsOf(
  rules: SurveyRule[],
  guidanceRules: SurveyRule[],
): { code: string; min: number; guidanceMin: number | null }[] {
  const out: { code: string; min: number; guidanceMin: number | null }[] = [];
  for (const base of guidanceRules) {
    const own = rules.find((rule) => rule.code === base.code);
    if (!own) out.push({ code: base.code, min: 0, guidanceMin: base.min });
    else if (own.kind !== base.kind || own.min < base.min)
      out.push({ code: base.code, min: own.min, guidanceMin: base.min });
  }
  return out;
}

/** The guidance in force for a province on a date: its own guide first, then the national one. */
export function guidanceFor(
  guidances: SurveyGuidance[],
  provinceCode: string,
  onDate: string,
): SurveyGuidance | null {
  const inForce = guidances.filter(
    (guidance) =>
      guidance.validFrom <= onDate && (guidance.validTo === null || onDate <= guidance.validTo),
  );
  const newest = (list: SurveyGuidance[]) =>
    [...list].sort((a, b) => b.validFrom.localeCompare(a.validFrom) || b.version - a.version)[0] ??
    null;
  return (
    newest(inForce.filter((guidance) => guidance.province === provinceCode)) ??
    newest(inForce.filter((guidance) => guidance.province === null))
  );
}
