import type { CompiledCriteriaSet, IndicatorResult, UnitResult } from './evaluate';
import {
  formatNumber,
  formatQuantity,
  negatedOpSymbol,
  opSymbol,
  thresholdScope,
  unitScope,
} from './format';
import type { RevocationVerdict } from './revocation';
import type { CriteriaSet, Language } from './types';

/**
 * Why an indicator got its status, as a sentence officials can read:
 * - "Đạt: 20% ≥ 15% (ngưỡng vùng TDMNPB)"
 * - "Không đạt: 12,5% < 15% (ngưỡng vùng TDMNPB, chưa xác minh)"
 * - "Thiếu số liệu (cần ≥ 80%, ngưỡng chung)"
 * - "Chưa có ngưỡng cho vùng BTB, năm 2026 (chưa đánh giá được, không tính là không đạt)"
 * English with `language: 'en'`.
 */
export function formatIndicatorReason(
  compiled: CompiledCriteriaSet,
  result: IndicatorResult,
  unit: Pick<UnitResult, 'class' | 'year'>,
  language: Language = 'vi',
): string {
  const vi = language === 'vi';
  const item = compiled.indicatorByCode.get(result.code);
  const unitOfMeasure = item?.indicator.unit;
  const set = compiled.set;
  const unverified = result.verified ? '' : vi ? 'chưa xác minh' : 'unverified';
  const boolean = typeof result.threshold === 'boolean';

  if (result.status === 'no_rule') {
    const where = unitScope(set, unit.class, result.gap === 'no_year' ? unit.year : null, language);
    if (result.gap === 'no_rule' || result.gap === null) {
      return vi
        ? 'Chưa có quy tắc đánh giá cho chỉ tiêu này (chưa đánh giá được, không tính là không đạt)'
        : 'No rule for this indicator yet (not judged, not counted as not met)';
    }
    return vi
      ? `Chưa có ngưỡng cho ${where} (chưa đánh giá được, không tính là không đạt)`
      : `No threshold for ${where} (not judged, not counted as not met)`;
  }

  if (result.judged) {
    const where = unitScope(set, unit.class, result.gap === 'no_year' ? unit.year : null, language);
    const judgement = vi
      ? `đánh giá Đạt/Không đạt của cán bộ phụ trách, chưa có ngưỡng số cho ${where}`
      : `yes/no judgement by the responsible officer, no numeric threshold for ${where}`;
    if (result.status === 'missing')
      return vi ? `Thiếu số liệu (${judgement})` : `Missing value (${judgement})`;
    const head = result.status === 'met' ? (vi ? 'Đạt' : 'Met') : vi ? 'Không đạt' : 'Not met';
    return `${head} (${judgement})`;
  }

  const scope = boolean
    ? ''
    : thresholdScope(set, result.thresholdClass, result.thresholdYear, language);
  const details = [scope, unverified].filter(Boolean).join(', ');
  const suffix = details ? ` (${details})` : '';
  const threshold = result.threshold as number | boolean;
  const op = result.op ?? 'eq';

  if (result.status === 'missing') {
    const need = boolean
      ? formatQuantity(threshold, unitOfMeasure, language)
      : `${opSymbol(op)} ${formatQuantity(threshold, unitOfMeasure, language)}`;
    const inner = [vi ? `cần ${need}` : `needs ${need}`, details].filter(Boolean).join(', ');
    return vi ? `Thiếu số liệu (${inner})` : `Missing value (${inner})`;
  }
  const met = result.status === 'met';
  const head = met ? (vi ? 'Đạt' : 'Met') : vi ? 'Không đạt' : 'Not met';
  if (boolean) return `${head}${suffix}`;
  const value = formatQuantity(result.value as number, unitOfMeasure, language);
  const symbol = met ? opSymbol(op) : negatedOpSymbol(op);
  return `${head}: ${value} ${symbol} ${formatQuantity(threshold, unitOfMeasure, language)}${suffix}`;
}

/** The revocation verdict as a sentence: "Thu hồi: 52,6% tiêu chí không đạt (≥ 50%)". */
export function formatRevocation(
  set: Pick<CriteriaSet, 'revocation'>,
  verdict: RevocationVerdict,
  language: Language = 'vi',
): string {
  const vi = language === 'vi';
  const share = `${formatNumber(Math.round(verdict.failingShare * 1000) / 10, language)}%`;
  const config = set.revocation;
  const counted = `${verdict.criteriaNotMet}/${verdict.criteriaTotal}`;
  // Verdicts stored before missing data was told apart have no `criteriaIncomplete`.
  const incomplete = verdict.criteriaIncomplete ?? 0;
  const missingNote =
    incomplete > 0
      ? vi
        ? `; ${incomplete} tiêu chí thiếu dữ liệu, không tính là không đạt`
        : `; ${incomplete} criteria missing data, not counted as not met`
      : '';
  const unverified = verdict.verified
    ? ''
    : vi
      ? ' (quy định chưa xác minh)'
      : ' (rules unverified)';
  let text: string;
  switch (verdict.rule) {
    case 'not_met_share':
      text = vi
        ? `Thu hồi: ${counted} tiêu chí không đạt (${share} ≥ ${config?.notMetShare ?? 50}%)`
        : `Revoke: ${counted} criteria not met (${share} ≥ ${config?.notMetShare ?? 50}%)`;
      break;
    case 'critical_share':
      text = vi
        ? `Thu hồi: ${counted} tiêu chí không đạt (${share} ≥ ${config?.criticalNotMetShare ?? 30}%), có tiêu chí quan trọng ${verdict.criticalFailing.join(', ')}`
        : `Revoke: ${counted} criteria not met (${share} ≥ ${config?.criticalNotMetShare ?? 30}%), including critical ${verdict.criticalFailing.join(', ')}`;
      break;
    case 'revoked_subunits':
      text = vi
        ? `Thu hồi: tỷ lệ xã bị thu hồi ≥ ${config?.revokedSubunitsShare ?? 30}%`
        : `Revoke: share of revoked communes ≥ ${config?.revokedSubunitsShare ?? 30}%`;
      break;
    default:
      text =
        verdict.outcome === 'undetermined'
          ? vi
            ? `Chưa đủ số liệu để kết luận thu hồi: ${counted} tiêu chí không đạt (${share})${missingNote}`
            : `Not enough data to decide on revocation: ${counted} criteria not met (${share})${missingNote}`
          : vi
            ? `Không thu hồi: ${counted} tiêu chí không đạt (${share})${missingNote}`
            : `No revocation: ${counted} criteria not met (${share})${missingNote}`;
  }
  return text + unverified;
}
