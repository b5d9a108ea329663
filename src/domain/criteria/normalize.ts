import type { CriteriaSetFile, IndicatorFile, RevocationFile, RuleFile } from './schema';
import type { CriteriaSet, Indicator, RevocationConfig, Rule } from './types';

/** 18/2022/QĐ-TTg: revoke when ≥ 50 % of criteria are not met. */
export const DEFAULT_NOT_MET_SHARE = 50;
/** 18/2022/QĐ-TTg: revoke when ≥ 30 % are not met and a critical criterion is among them. */
export const DEFAULT_CRITICAL_NOT_MET_SHARE = 30;

/** Drops keys whose value is undefined (clean JSON, stable equality). */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = item;
  return out as T;
}

export function toRule(rule: RuleFile | null | undefined): Rule | null {
  if (!rule) return null;
  return compact({ op: rule.op, value: rule.value, byClass: rule.byClass });
}

export function toIndicator(file: IndicatorFile): Indicator {
  return compact({
    code: file.code,
    name: file.name,
    type: file.type,
    unit: file.unit ?? (file.type === 'percent' ? '%' : undefined),
    rule: toRule(file.rule),
    noThreshold: file.noThreshold ?? 'no_rule',
    verified: file.verified ?? false,
    source: file.source,
    note: file.note,
  });
}

export function toRevocation(file: RevocationFile | null | undefined): RevocationConfig | null {
  if (!file) return null;
  return compact({
    critical: [...(file.critical ?? [])],
    notMetShare: file.notMetShare ?? DEFAULT_NOT_MET_SHARE,
    criticalNotMetShare: file.criticalNotMetShare ?? DEFAULT_CRITICAL_NOT_MET_SHARE,
    revokedSubunitsShare: file.revokedSubunitsShare,
    basis: file.basis,
    verified: file.verified ?? false,
  });
}

/** A validated complete file → the set model, defaults filled in. */
export function toCriteriaSet(file: CriteriaSetFile): CriteriaSet {
  return {
    code: file.code,
    name: file.name,
    issuer: file.issuer,
    basis: file.basis,
    level: file.level,
    kind: file.kind ?? 'standard',
    validFrom: file.validFrom,
    validTo: file.validTo,
    classification: file.classification,
    classes: [...(file.classes ?? [])],
    classInfo: Object.fromEntries(
      Object.entries(file.classInfo ?? {}).map(([key, info]) => [key, compact({ ...info })]),
    ),
    extends: null,
    revocation: toRevocation(file.revocation),
    notes: [...(file.notes ?? [])],
    ...(file.amendment ? { amendment: { ...file.amendment } } : {}),
    criteria: file.criteria.map((criterion) =>
      compact({
        code: criterion.code,
        name: criterion.name,
        group: criterion.group,
        note: criterion.note,
        indicators: criterion.indicators.map(toIndicator),
      }),
    ),
  };
}
