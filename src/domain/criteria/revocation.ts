import type { RevocationConfig } from './types';

export interface RevocationVerdict {
  /** True when the recognition must be revoked (meaningful for a recognised unit). */
  revoke: boolean;
  /** Share of criteria not met, 0–1. */
  failingShare: number;
  criteriaNotMet: number;
  criteriaTotal: number;
  /** Critical criteria among those not met, in set order. */
  criticalFailing: string[];
  /** Which condition decided: `not_met_share` (≥ 50 %), `critical_share` (≥ 30 % with a critical one), `revoked_subunits`. */
  rule: 'not_met_share' | 'critical_share' | 'revoked_subunits' | null;
  /** False when the revocation rules of the set are not confirmed. */
  verified: boolean;
}

export interface SubunitCounts {
  /** Communes of the district (recognised ones, as the caller counts them). */
  total: number;
  revoked: number;
}

/** `part / whole ≥ percent %`, exactly (no floating-point rounding at the boundaries). */
function atLeastShare(part: number, whole: number, percent: number): boolean {
  return whole > 0 && part * 100 >= percent * whole;
}

/**
 * Revocation of a recognition (18/2022/QĐ-TTg): revoke when the share of criteria not met is
 * ≥ `notMetShare` (50 %), or ≥ `criticalNotMetShare` (30 %) with at least one critical criterion
 * among them; for a district also when ≥ `revokedSubunitsShare` (30 %) of its communes were
 * revoked (only when the caller gives the counts). Shares are compared exactly.
 */
export function revocationVerdict(
  config: RevocationConfig,
  notMet: readonly string[],
  criteriaTotal: number,
  subunits?: SubunitCounts,
): RevocationVerdict {
  const critical = new Set(config.critical);
  const criticalFailing = notMet.filter((code) => critical.has(code));
  const count = notMet.length;
  let rule: RevocationVerdict['rule'] = null;
  if (atLeastShare(count, criteriaTotal, config.notMetShare)) rule = 'not_met_share';
  else if (
    criticalFailing.length > 0 &&
    atLeastShare(count, criteriaTotal, config.criticalNotMetShare)
  ) {
    rule = 'critical_share';
  } else if (
    subunits &&
    config.revokedSubunitsShare !== undefined &&
    atLeastShare(subunits.revoked, subunits.total, config.revokedSubunitsShare)
  ) {
    rule = 'revoked_subunits';
  }
  return {
    revoke: rule !== null,
    failingShare: criteriaTotal > 0 ? count / criteriaTotal : 0,
    criteriaNotMet: count,
    criteriaTotal,
    criticalFailing,
    rule,
    verified: config.verified,
  };
}
