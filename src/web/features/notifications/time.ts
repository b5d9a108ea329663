import { formatDate, formatTime } from '../../lib/format';

export type TimeLanguage = 'vi' | 'en';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * When a notification came, short: "Vừa xong", "5 phút trước", "3 giờ trước" within a day (English
 * "5 minutes ago"), else the moment "20/11/2026 14:02". `justNow` is the word for under a minute.
 */
export function notificationTime(
  iso: string,
  language: TimeLanguage,
  justNow: string,
  now: Date = new Date(),
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const elapsed = now.getTime() - date.getTime();
  if (elapsed < MINUTE) return justNow;
  if (elapsed < 24 * HOUR) {
    const format = new Intl.RelativeTimeFormat(language === 'vi' ? 'vi' : 'en', {
      numeric: 'always',
    });
    return elapsed < HOUR
      ? format.format(-Math.floor(elapsed / MINUTE), 'minute')
      : format.format(-Math.floor(elapsed / HOUR), 'hour');
  }
  return `${formatDate(date)} ${formatTime(date)}`;
}
