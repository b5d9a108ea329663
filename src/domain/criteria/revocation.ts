import type { RevocationConfig } from './types';

export interface RevocationVerdict {
  /** True only when the recognition must be revoked on the values at hand (criteria really not met). */
  revoke: boolean;
  /**
   * `revoke`; `keep` (no rule fires even if every incomplete criterion failed); `undetermined`
   * ("chưa đủ số liệu"): no rule fires on the criteria really not met, but one would if the
   * criteria still missing data (or communes without a verdict) turned out not met.
   */
  outcome: 'revoke' | 'keep' | 'undetermined';
  /** Share of criteria really not met (a failing value), 0–1. Missing data is not counted. */
  failingShare: number;
  criteriaNotMet: number;
  /** Criteria with no failing value but some indicator without a value (or without a threshold). */
  criteriaIncomplete: number;
  criteriaTotal: number;
  /** Critical criteria among those not met, in set order. */
  criticalFailing: string[];
  /** Critical criteria among the incomplete ones, in set order. */
  criticalIncomplete: string[];
  /** Which condition decided: `not_met_share` (≥ 50 %), `critical_share` (≥ 30 % with a critical one), `revoked_subunits`. */
  rule: 'not_met_share' | 'critical_share' | 'revoked_subunits' | null;
  /** For `undetermined`: the condition that would decide if the missing data turned out failing. */
  possibleRule: 'not_met_share' | 'critical_share' | 'revoked_subunits' | null;
  /** False when the revocation rules of the set are not confirmed. */
  verified: boolean;
}

export interface SubunitCounts {
  /** Communes of the district (as the caller counts them: those of the district on 31/12). */
  total: number;
  /** Communes whose verdict is `revoke`. */
  revoked: number;
  /** Communes whose verdict is not known (`undetermined`, no evaluation, no class); default 0. */
  undetermined?: number;
}

/** `part / whole ≥ percent %`, exactly (no floating-point rounding at the boundaries). */
function atLeastShare(part: number, whole: number, percent: number): boolean {
  return whole > 0 && part * 100 >= percent * whole;
}

type Rule = RevocationVerdict['rule'];

function decidingRule(
  config: RevocationConfig,
  count: number,
  anyCritical: boolean,
  criteriaTotal: number,
  revokedSubunits: number | null,
  subunitsTotal: number,
): Rule {
  if (atLeastShare(count, criteriaTotal, config.notMetShare)) return 'not_met_share';
  if (anyCritical && atLeastShare(count, criteriaTotal, config.criticalNotMetShare)) {
    return 'critical_share';
  }
  if (
    revokedSubunits !== null &&
    config.revokedSubunitsShare !== undefined &&
    atLeastShare(revokedSubunits, subunitsTotal, config.revokedSubunitsShare)
  ) {
    return 'revoked_subunits';
  }
  return null;
}

/**
 * Revocation of a recognition (18/2022/QĐ-TTg): revoke when the share of criteria not met is
 * ≥ `notMetShare` (50 %), or ≥ `criticalNotMetShare` (30 %) with at least one critical criterion
 * among them; for a district also when ≥ `revokedSubunitsShare` (30 %) of its communes were
 * revoked (only when the caller gives the counts). Shares are compared exactly.
 *
 * Only criteria really not met (`notMet`: a value that fails) count. Criteria without enough data
 * (`incomplete`) never revoke: when they (or communes without a verdict) could change the answer,
 * the outcome is `undetermined` ("chưa đủ số liệu"), never `revoke`.
 */
export function revocationVerdict(
  config: RevocationConfig,
  notMet: readonly string[],
  criteriaTotal: number,
  subunits?: SubunitCounts,
  incomplete: readonly string[] = [],
): RevocationVerdict {
  const critical = new Set(config.critical);
  const criticalFailing = notMet.filter((code) => critical.has(code));
  const criticalIncomplete = incomplete.filter((code) => critical.has(code));
  const count = notMet.length;
  const subTotal = subunits?.total ?? 0;
  const rule = decidingRule(
    config,
    count,
    criticalFailing.length > 0,
    criteriaTotal,
    subunits ? subunits.revoked : null,
    subTotal,
  );
  const possibleRule =
    rule === null
      ? decidingRule(
          config,
          count + incomplete.length,
          criticalFailing.length + criticalIncomplete.length > 0,
          criteriaTotal,
          subunits ? subunits.revoked + (subunits.undetermined ?? 0) : null,
          subTotal,
        )
      : null;
  return {
    revoke: rule !== null,
    outcome: rule !== null ? 'revoke' : possibleRule !== null ? 'undetermined' : 'keep',
    failingShare: criteriaTotal > 0 ? count / criteriaTotal : 0,
    criteriaNotMet: count,
    criteriaIncomplete: incomplete.length,
    criteriaTotal,
    criticalFailing,
    criticalIncomplete,
    rule,
    possibleRule,
    verified: config.verified,
  };
}
