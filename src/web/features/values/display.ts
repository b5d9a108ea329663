import type { IndicatorResult } from '../../../domain/criteria/evaluate';
import { formatQuantity, negatedOpSymbol, opSymbol } from '../../../domain/criteria/format';
import type { Language } from '../../../domain/criteria/types';
import { formatDate, formatTime, todayIso } from '../../lib/format';
import type { EntryValue } from './types';

/** A value as officials read it: "70,5%", "45 triệu đồng", "Đạt"; `empty` when there is none. */
export function formatEntryValue(
  value: EntryValue | undefined,
  unit: string | undefined,
  language: Language,
  empty: string,
): string {
  if (value === null || value === undefined) return empty;
  return formatQuantity(value, unit, language);
}

/** The comparison behind a numeric verdict: "70,5% < 80%", "85% ≥ 80%"; null otherwise. */
export function comparisonText(
  result: IndicatorResult | undefined,
  unit: string | undefined,
  language: Language,
): string | null {
  if (!result || result.judged || result.op === null) return null;
  if (typeof result.value !== 'number' || typeof result.threshold !== 'number') return null;
  if (result.status !== 'met' && result.status !== 'not_met') return null;
  const symbol = result.status === 'met' ? opSymbol(result.op) : negatedOpSymbol(result.op);
  return `${formatQuantity(result.value, unit, language)} ${symbol} ${formatQuantity(
    result.threshold,
    unit,
    language,
  )}`;
}

/**
 * When a value was changed, for a sentence "… lúc {time}": "14:02" today, "14:02 ngày 20/11/2026"
 * another day (`onDay` builds that phrase). Empty when unknown.
 */
export function changeTime(
  iso: string | null,
  onDay: (time: string, date: string) => string,
  now: Date = new Date(),
): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const time = formatTime(date);
  return formatDate(date) === formatDate(todayIso(now)) ? time : onDay(time, formatDate(date));
}
