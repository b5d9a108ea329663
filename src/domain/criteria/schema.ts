import { z } from 'zod';
import { INDICATOR_TYPES, OPS } from './types';

/**
 * Structural schema of a criteria-set file (types, required fields, unknown keys). The rules that
 * relate fields to each other (classes used in thresholds, unique codes, percent ranges...) are
 * checked afterwards by `validate.ts`, which reports them with the same line-precise positions.
 */

const text = z.string().trim().min(1);
const code = z.string().trim().min(1).max(40);

const yearThresholds = z.record(z.string(), z.number());
const classThreshold = z.union([z.number(), yearThresholds]);

export const ruleSchema = z.strictObject({
  op: z.enum(OPS),
  value: z.union([z.number(), z.boolean()]).optional(),
  byClass: z.record(z.string(), classThreshold).optional(),
});

const indicatorFields = {
  code,
  name: text,
  type: z.enum(INDICATOR_TYPES),
  unit: text.optional(),
  rule: ruleSchema.nullable(),
  noThreshold: z.enum(['no_rule', 'judgement']).optional(),
  verified: z.boolean().optional(),
  source: text.optional(),
  note: text.optional(),
};

export const indicatorSchema = z.strictObject(indicatorFields);

export const criterionSchema = z.strictObject({
  code,
  name: text,
  group: text.optional(),
  note: text.optional(),
  indicators: z.array(indicatorSchema).min(1),
});

const share = z.number().min(0).max(100);

export const revocationSchema = z.strictObject({
  critical: z.array(code).optional(),
  notMetShare: share.optional(),
  criticalNotMetShare: share.optional(),
  revokedSubunitsShare: share.optional(),
  basis: text.optional(),
  verified: z.boolean().optional(),
});

const classInfoSchema = z.record(
  z.string(),
  z.strictObject({ label: text.optional(), name: text.optional() }),
);

export const amendmentSchema = z.strictObject({
  decision: text,
  date: text,
  amends: text,
});

const headerFields = {
  code: text,
  name: text,
  issuer: text,
  basis: text,
  level: z.enum(['commune', 'district', 'province']),
  kind: z.enum(['standard', 'advanced', 'model']).optional(),
  validFrom: text,
  validTo: text,
  classification: z.enum(['region', 'group', 'none']),
  classes: z.array(code).optional(),
  classInfo: classInfoSchema.optional(),
  revocation: revocationSchema.nullable().optional(),
  notes: z.array(text).optional(),
  amendment: amendmentSchema.optional(),
};

/** A complete set (`extends` absent or null). */
export const criteriaSetFileSchema = z.strictObject({
  ...headerFields,
  extends: z.null().optional(),
  criteria: z.array(criterionSchema).min(1),
});

/** An indicator entry of an extending set: overrides the parent's indicator, or adds one. */
export const indicatorPatchSchema = z.strictObject({
  ...indicatorFields,
  name: text.optional(),
  type: z.enum(INDICATOR_TYPES).optional(),
  rule: ruleSchema.nullable().optional(),
});

export const criterionPatchSchema = z.strictObject({
  code,
  name: text.optional(),
  group: text.optional(),
  note: text.optional(),
  indicators: z.array(indicatorPatchSchema).optional(),
});

/** A set that extends another: everything but its identity is optional and merged. */
export const criteriaSetExtensionSchema = z.strictObject({
  ...headerFields,
  extends: text,
  level: headerFields.level.optional(),
  validFrom: text.optional(),
  validTo: text.optional(),
  classification: headerFields.classification.optional(),
  criteria: z.array(criterionPatchSchema).optional(),
});

export type RuleFile = z.infer<typeof ruleSchema>;
export type IndicatorFile = z.infer<typeof indicatorSchema>;
export type CriterionFile = z.infer<typeof criterionSchema>;
export type RevocationFile = z.infer<typeof revocationSchema>;
export type CriteriaSetFile = z.infer<typeof criteriaSetFileSchema>;
export type IndicatorPatch = z.infer<typeof indicatorPatchSchema>;
export type CriterionPatch = z.infer<typeof criterionPatchSchema>;
export type CriteriaSetExtension = z.infer<typeof criteriaSetExtensionSchema>;
