/**
 * Conditions for recognising a district as NTM beside its 9 criteria (320/QĐ-TTg; 18/2022/QĐ-TTg):
 * (1) 100 % of its communes NTM; (2) at least 10 % of its communes advanced; (3) 100 % of its
 * townships meet the civilised-urban standard; (4) citizens' satisfaction ≥ 90 %. Pure: the caller
 * counts the communes. Until the recognition workflow exists, "NTM commune" means "computed as
 * meeting every criterion (theo số liệu)", never "recognised".
 */
import { formatNumber } from './format';

export type DistrictConditionCode =
  'communes_ntm' | 'communes_advanced' | 'townships' | 'satisfaction';

export type DistrictConditionStatus = 'met' | 'not_met' | 'unknown';

export type DistrictConditionReason =
  | 'all_met'
  | 'some_not_met'
  | 'some_without_result'
  | 'no_communes'
  | 'share_reached'
  | 'share_not_reached'
  | 'share_undetermined'
  | 'no_advanced_set'
  | 'no_source';

export interface DistrictCondition {
  code: DistrictConditionCode;
  status: DistrictConditionStatus;
  reason: DistrictConditionReason;
  /** The count the condition is about (communes, townships), null when unknown. */
  count: number | null;
  /** Out of how many (communes, townships), null when unknown. */
  of: number | null;
  /** Share 0–100 where one applies (null when unknown). */
  share: number | null;
  /** The required share in % (100, 10, 100, 90). */
  required: number;
}

export interface DistrictConditionsInput {
  /** Rural communes (xã) of the district on 31/12 of the year. */
  communes: number;
  /** Communes computed as meeting every criterion of the commune set (theo số liệu). */
  communesMet: number;
  /** Communes with no verdict (no evaluation, no class, or missing data only). */
  communesWithoutResult: number;
  /** Communes computed as meeting the advanced set; null when there is no advanced set. */
  communesAdvanced: number | null;
  /** Communes without an advanced verdict; 0 when unknown or none. */
  communesAdvancedWithoutResult?: number;
  /** Townships (thị trấn) of the district, and those civilised; null when not known. */
  townships: number | null;
  townshipsCivilised: number | null;
  /** Citizens' satisfaction in %, from the survey; null until a survey source exists. */
  satisfaction: number | null;
}

export const ADVANCED_SHARE = 10;
export const SATISFACTION_SHARE = 90;

const share = (part: number, whole: number): number | null =>
  whole > 0 ? (part * 100) / whole : null;

/** The four conditions, each met / not met / unknown with its reason. */
export function districtConditions(input: DistrictConditionsInput): DistrictCondition[] {
  const { communes, communesMet, communesWithoutResult } = input;
  const conditions: DistrictCondition[] = [];

  // (1) 100 % of its communes NTM (computed).
  let ntm: Pick<DistrictCondition, 'status' | 'reason'>;
  if (communes === 0) ntm = { status: 'unknown', reason: 'no_communes' };
  else if (communesMet === communes) ntm = { status: 'met', reason: 'all_met' };
  else if (communes - communesMet - communesWithoutResult > 0) {
    ntm = { status: 'not_met', reason: 'some_not_met' };
  } else ntm = { status: 'unknown', reason: 'some_without_result' };
  conditions.push({
    code: 'communes_ntm',
    ...ntm,
    count: communesMet,
    of: communes,
    share: share(communesMet, communes),
    required: 100,
  });

  // (2) ≥ 10 % advanced.
  if (input.communesAdvanced === null) {
    conditions.push({
      code: 'communes_advanced',
      status: 'unknown',
      reason: 'no_advanced_set',
      count: null,
      of: communes,
      share: null,
      required: ADVANCED_SHARE,
    });
  } else {
    const advanced = input.communesAdvanced;
    const possible = advanced + (input.communesAdvancedWithoutResult ?? 0);
    const reached = communes > 0 && advanced * 100 >= ADVANCED_SHARE * communes;
    const reachable = communes > 0 && possible * 100 >= ADVANCED_SHARE * communes;
    conditions.push({
      code: 'communes_advanced',
      status: communes === 0 ? 'unknown' : reached ? 'met' : reachable ? 'unknown' : 'not_met',
      reason:
        communes === 0
          ? 'no_communes'
          : reached
            ? 'share_reached'
            : reachable
              ? 'share_undetermined'
              : 'share_not_reached',
      count: advanced,
      of: communes,
      share: share(advanced, communes),
      required: ADVANCED_SHARE,
    });
  }

  // (3) 100 % of its townships civilised (a district without a township meets it).
  const { townships, townshipsCivilised } = input;
  if (townships === 0) {
    conditions.push({
      code: 'townships',
      status: 'met',
      reason: 'all_met',
      count: 0,
      of: 0,
      share: null,
      required: 100,
    });
  } else if (townships === null || townshipsCivilised === null) {
    conditions.push({
      code: 'townships',
      status: 'unknown',
      reason: 'no_source',
      count: null,
      of: townships,
      share: null,
      required: 100,
    });
  } else {
    const all = townshipsCivilised >= townships;
    conditions.push({
      code: 'townships',
      status: all ? 'met' : 'not_met',
      reason: all ? 'all_met' : 'some_not_met',
      count: townshipsCivilised,
      of: townships,
      share: share(townshipsCivilised, townships),
      required: 100,
    });
  }

  // (4) Satisfaction ≥ 90 % (from the survey, when it exists).
  const { satisfaction } = input;
  conditions.push({
    code: 'satisfaction',
    status:
      satisfaction === null ? 'unknown' : satisfaction >= SATISFACTION_SHARE ? 'met' : 'not_met',
    reason:
      satisfaction === null
        ? 'no_source'
        : satisfaction >= SATISFACTION_SHARE
          ? 'share_reached'
          : 'share_not_reached',
    count: null,
    of: null,
    share: satisfaction,
    required: SATISFACTION_SHARE,
  });
  return conditions;
}

/** A condition as a Vietnamese (or English) sentence, for the API, exports and the CLI. */
export function formatDistrictCondition(
  condition: DistrictCondition,
  language: 'vi' | 'en' = 'vi',
): string {
  const vi = language === 'vi';
  const pct = (value: number | null) =>
    value === null ? '' : `${formatNumber(Math.round(value * 10) / 10, language)}%`;
  const head =
    condition.status === 'met'
      ? vi
        ? 'Đạt'
        : 'Met'
      : condition.status === 'not_met'
        ? vi
          ? 'Không đạt'
          : 'Not met'
        : vi
          ? 'Chưa xác định'
          : 'Unknown';
  const counted =
    condition.count !== null && condition.of !== null ? `${condition.count}/${condition.of}` : '';
  switch (condition.code) {
    case 'communes_ntm': {
      const what = vi
        ? `${counted} xã đạt đủ tiêu chí (theo số liệu), cần 100%`
        : `${counted} communes meet every criterion (computed), 100% required`;
      const why =
        condition.reason === 'some_without_result'
          ? vi
            ? '; còn xã chưa đủ số liệu'
            : '; some communes lack data'
          : condition.reason === 'no_communes'
            ? vi
              ? '; huyện không có xã'
              : '; no communes'
            : '';
      return `${head}: ${what}${why}`;
    }
    case 'communes_advanced':
      if (condition.reason === 'no_advanced_set') {
        return vi
          ? `${head}: chưa có bộ tiêu chí xã nông thôn mới nâng cao (cần ≥ 10% số xã)`
          : `${head}: no advanced commune set yet (≥ 10% of communes required)`;
      }
      return vi
        ? `${head}: ${counted} xã đạt nâng cao (theo số liệu, ${pct(condition.share)}), cần ≥ 10%`
        : `${head}: ${counted} communes advanced (computed, ${pct(condition.share)}), ≥ 10% required`;
    case 'townships':
      if (condition.of === 0) {
        return vi ? `${head}: huyện không có thị trấn` : `${head}: the district has no township`;
      }
      if (condition.reason === 'no_source') {
        return vi
          ? `${head}: chưa có nguồn số liệu về thị trấn đạt chuẩn đô thị văn minh (cần 100%)`
          : `${head}: no data source for civilised-urban townships (100% required)`;
      }
      return vi
        ? `${head}: ${counted} thị trấn đạt chuẩn đô thị văn minh, cần 100%`
        : `${head}: ${counted} townships civilised-urban, 100% required`;
    case 'satisfaction':
      if (condition.share === null) {
        return vi
          ? `${head}: chưa có nguồn số liệu (khảo sát sự hài lòng của người dân, cần ≥ 90%)`
          : `${head}: no data source yet (citizens' satisfaction survey, ≥ 90% required)`;
      }
      return vi
        ? `${head}: ${pct(condition.share)} người dân hài lòng, cần ≥ 90%`
        : `${head}: ${pct(condition.share)} of citizens satisfied, ≥ 90% required`;
  }
}
