import { checkValue, compileCriteriaSet, evaluateUnit } from '../../../domain/criteria/evaluate';
import type { IndicatorResult } from '../../../domain/criteria/evaluate';
import { formatIndicatorReason } from '../../../domain/criteria/reasons';
import type { CriteriaSet, IndicatorValue, Language } from '../../../domain/criteria/types';
import type { CommuneValues } from './types';

/**
 * A commune's scorecard: every criterion of its set met / not met / missing data, each indicator
 * with the reason (value against the threshold of the commune's region or group), the source of
 * the rule and the evidence attached — evaluated in the browser by the same engine the server
 * stores its verdicts with.
 */

export type CriterionVerdict = 'met' | 'not_met' | 'missing' | 'unjudged';
export type IndicatorVerdict = 'met' | 'not_met' | 'missing' | 'no_rule' | 'unjudged';

export interface ScorecardIndicator {
  code: string;
  name: string;
  status: IndicatorVerdict;
  /** "Không đạt: 70,5% < 80% (ngưỡng vùng TDMNPB)"; null when the commune has no class (no threshold). */
  reason: string | null;
  /** Where the threshold comes from (decision, circular); null when the set names none. */
  source: string | null;
  verified: boolean;
  /** Evidence files attached (deleted ones left out). */
  evidence: number;
  hasValue: boolean;
}

export interface ScorecardCriterion {
  code: string;
  name: string;
  status: CriterionVerdict;
  critical: boolean;
  indicatorsMet: number;
  indicators: ScorecardIndicator[];
}

export interface Scorecard {
  /** False when the commune has no region/group for the set: no threshold applies, no verdict. */
  classified: boolean;
  criteriaMet: number | null;
  criteriaTotal: number;
  /** Indicators without a value. */
  missing: number;
  criteria: ScorecardCriterion[];
}

function criterionVerdict(met: boolean, indicators: readonly IndicatorResult[]): CriterionVerdict {
  if (met) return 'met';
  const failing = indicators.some((item) => item.status === 'not_met' || item.status === 'no_rule');
  return failing ? 'not_met' : 'missing';
}

export function buildScorecard(
  set: CriteriaSet,
  data: Pick<CommuneValues, 'items' | 'unitClass' | 'year' | 'unit'>,
  language: Language = 'vi',
): Scorecard {
  const compiled = compileCriteriaSet(set);
  const items = new Map(data.items.map((item) => [item.indicator, item]));
  const evidenceOf = (code: string) =>
    (items.get(code)?.evidence ?? []).filter((file) => file.deletedAt === null).length;
  const valueOf = (code: string): IndicatorValue | null => items.get(code)?.value ?? null;
  const missing = compiled.indicators.filter((item) => valueOf(item.code) === null).length;

  if (!compiled.hasClass(data.unitClass)) {
    return {
      classified: false,
      criteriaMet: null,
      criteriaTotal: compiled.criteria.length,
      missing,
      criteria: compiled.criteria.map((criterion) => {
        const own = compiled.indicators.slice(criterion.first, criterion.end);
        return {
          code: criterion.code,
          name: criterion.name,
          status: 'unjudged',
          critical: criterion.critical,
          indicatorsMet: 0,
          indicators: own.map(({ code, indicator }) => ({
            code,
            name: indicator.name,
            status: 'unjudged',
            reason: null,
            source: indicator.source ?? null,
            verified: indicator.verified,
            evidence: evidenceOf(code),
            hasValue: valueOf(code) !== null,
          })),
        };
      }),
    };
  }

  // A value of the wrong kind for today's rule (a number left from before an indicator became a
  // yes/no judgement) counts as missing rather than stopping the evaluation.
  const applied = compiled.thresholds(data.unitClass, data.year);
  const values: Record<string, IndicatorValue | null> = {};
  for (const item of compiled.indicators) {
    const value = valueOf(item.code);
    const threshold = applied[item.index];
    values[item.code] =
      value !== null && threshold && checkValue(item.type, threshold, value) === null
        ? value
        : null;
  }
  const result = evaluateUnit(compiled, {
    unit: data.unit.code,
    class: data.unitClass,
    year: data.year,
    values,
  });
  const unit = { class: result.class, year: result.year };
  return {
    classified: true,
    criteriaMet: result.criteriaMet,
    criteriaTotal: result.criteriaTotal,
    missing,
    criteria: result.criteria.map((criterion, index) => {
      const compiledCriterion = compiled.criteria[index]!;
      return {
        code: criterion.code,
        name: compiledCriterion.name,
        status: criterionVerdict(criterion.met, criterion.indicators),
        critical: criterion.critical,
        indicatorsMet: criterion.indicators.filter((item) => item.status === 'met').length,
        indicators: criterion.indicators.map((item) => {
          const indicator = compiled.indicatorByCode.get(item.code)!.indicator;
          return {
            code: item.code,
            name: indicator.name,
            status: item.status,
            reason: formatIndicatorReason(compiled, item, unit, language),
            source: indicator.source ?? null,
            verified: item.verified,
            evidence: evidenceOf(item.code),
            hasValue: valueOf(item.code) !== null,
          };
        }),
      };
    }),
  };
}

/** Criteria codes by verdict, for the summary line above the cards. */
export function criteriaByVerdict(scorecard: Scorecard): Record<CriterionVerdict, string[]> {
  const groups: Record<CriterionVerdict, string[]> = {
    met: [],
    not_met: [],
    missing: [],
    unjudged: [],
  };
  for (const criterion of scorecard.criteria) groups[criterion.status].push(criterion.code);
  return groups;
}
