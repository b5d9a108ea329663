/**
 * Display formats of the platform (UX.md): dates dd/mm/yyyy whatever the language, Vietnamese
 * number formatting (1.234,5 and 70,5%), Vietnamese collation for names.
 */

export type DisplayLanguage = 'vi' | 'en';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const DISPLAY_DATE = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/;

const pad2 = (n: number): string => String(n).padStart(2, '0');

function isValidDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/**
 * "2025-07-01" (or an ISO timestamp, or a Date) → "01/07/2025".
 * Date-only strings are read as calendar dates, never shifted by the time zone.
 * Returns "" for missing or unreadable input.
 */
export function formatDate(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '';
  if (typeof value === 'string') {
    const m = ISO_DATE.exec(value);
    if (m && value.length === 10) return `${m[3]}/${m[2]}/${m[1]}`;
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? '' : formatDate(parsed);
  }
  if (Number.isNaN(value.getTime())) return '';
  return `${pad2(value.getDate())}/${pad2(value.getMonth() + 1)}/${value.getFullYear()}`;
}

/** "01/07/2025" → "2025-07-01"; null when the text is not a real calendar date. */
export function parseDisplayDate(text: string): string | null {
  const m = DISPLAY_DATE.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (!isValidDay(year, month, day)) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** Today's calendar date on this device, ISO "YYYY-MM-DD". */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
}

/** Time of day "14:05" (24-hour, as used in Vietnam). */
export function formatTime(value: Date): string {
  return `${pad2(value.getHours())}:${pad2(value.getMinutes())}`;
}

/** Time of day with seconds "14:05:09" (how fresh a live figure is). */
export function formatClock(value: Date): string {
  return `${formatTime(value)}:${pad2(value.getSeconds())}`;
}

/** A moment (ISO timestamp) in this device's time: "01/07/2025 14:05:09"; "" when unreadable. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value == null || value === '') return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  return `${formatDate(date)} ${formatClock(date)}`;
}

/** The day before an ISO date: "2025-07-01" → "2025-06-30". */
export function previousDay(iso: string): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string | null | undefined): text is string {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number);
  return isValidDay(year ?? 0, month ?? 0, day ?? 0);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('vi-VN', options);
    numberFormats.set(key, format);
  }
  return format;
}

/** 1234.5 → "1.234,5" (decimal comma, dot thousands). */
export function formatNumber(value: number, maximumFractionDigits = 2): string {
  return numberFormat({ maximumFractionDigits }).format(value);
}

/** A percentage stored as 0–100: 70.5 → "70,5%". */
export function formatPercent(value: number, maximumFractionDigits = 1): string {
  return `${formatNumber(value, maximumFractionDigits)}%`;
}

/** Money in VND (integer dong): 1500000 → "1.500.000 đồng". */
export function formatVnd(value: number): string {
  return `${formatNumber(Math.round(value), 0)} đồng`;
}

/**
 * A duration in seconds in words: 12 → "12 giây", 3725 → "1 giờ 2 phút",
 * 190000 → "2 ngày 4 giờ" (English: "2 days 4 hours"). Two largest units at most.
 */
export function formatDuration(totalSeconds: number, language: DisplayLanguage): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const parts: [Intl.NumberFormatOptions['unit'], number][] = [
    ['day', Math.floor(seconds / 86_400)],
    ['hour', Math.floor((seconds % 86_400) / 3_600)],
    ['minute', Math.floor((seconds % 3_600) / 60)],
    ['second', seconds % 60],
  ];
  const first = parts.findIndex(([, n]) => n > 0);
  if (first === -1) return unitText(0, 'second', language);
  return parts
    .slice(first, first + 2)
    .filter(([, n]) => n > 0)
    .map(([unit, n]) => unitText(n, unit, language))
    .join(' ');
}

function unitText(
  value: number,
  unit: Intl.NumberFormatOptions['unit'],
  language: DisplayLanguage,
): string {
  return new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', {
    style: 'unit',
    unit,
    unitDisplay: 'long',
  }).format(value);
}

/** Vietnamese collation: An Giang, Ăn…, Bắc Ninh, Đà Nẵng, Điện Biên… */
export const viCollator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

export function sortByName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => viCollator.compare(a.name, b.name));
}
