/**
 * Numbers as Vietnamese officials write them, read the same way by the entry form, the importer
 * and `ntm evaluate`. Pure (no I/O): runs in Node and in the browser. See docs/values.md,
 * "Số viết kiểu Việt Nam".
 *
 * - The comma is the decimal mark: `70,5` = 70.5, `,5` = 0.5, `1,250` = 1.25.
 * - Dots group thousands: `1.250` = 1250, `1.234.567` = 1234567, `1.234,5` = 1234.5. A group is
 *   exactly three digits after a first group of one to three digits that does not start with 0.
 * - Spaces (also no-break and narrow no-break spaces) are ignored: `45 000` = 45000; a trailing `%`
 *   is allowed (`70,5%` = 70.5; the number is the percentage, not a fraction).
 * - A dot that cannot group thousands (`1.25`, `70.5`, `0.250`, `1234.5`) is most likely an English
 *   decimal point, but could be a mistyped thousands dot: the reading is **ambiguous** and the
 *   caller asks (the form) or refuses (importer, CLI). Nothing is guessed.
 * - English notation with both marks or with comma groups (`1,234.5`, `1,234,567`) cannot be
 *   Vietnamese: it is **refused** with the Vietnamese spelling of what it would mean in English
 *   (`1.234,5`), never read silently.
 */

export type NumberParse =
  | { ok: true; value: number }
  /** Two plausible readings (English decimal point, or a misplaced thousands dot): ask. */
  | { ok: false; ambiguous: true; text: string; candidates: [number, number] }
  /** English notation (comma groups): only the English reading exists; `suggestion` in Vietnamese. */
  | { ok: false; ambiguous: false; reason: 'english_notation'; text: string; suggestion: string }
  | { ok: false; ambiguous: false; reason: 'not_number'; text: string };

const SIGN = '[+-]?';
const INTEGER = '(?:\\d+|[1-9]\\d{0,2}(?:\\.\\d{3})+)';
/** Vietnamese notation: ungrouped or dot-grouped integer part, optional decimal comma. */
const VIETNAMESE = new RegExp(`^${SIGN}(?:${INTEGER}(?:,\\d+)?|,\\d+)$`);
/** One dot that is not a thousands group: "1.25", "70.5", "0.250", ".5". */
const SINGLE_DOT = /^[+-]?\d*\.\d+$/;
/** English notation: comma-grouped integer part, optional decimal point ("1,234.5", "1,234,567"). */
const ENGLISH_GROUPED = /^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/;

/** What the parser reads: no blanks, no trailing `%`, NFC. */
function compact(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/%$/, '');
}

/** Reads a number written the Vietnamese way; see the module comment for the rules. */
export function parseVietnameseNumber(text: string): NumberParse {
  const written = text.trim();
  const input = compact(text);
  const notNumber = { ok: false, ambiguous: false, reason: 'not_number', text: written } as const;
  if (VIETNAMESE.test(input)) {
    const value = Number(input.replace(/\./g, '').replace(',', '.'));
    return Number.isFinite(value) ? { ok: true, value } : notNumber;
  }
  if (SINGLE_DOT.test(input)) {
    const point = Number(input);
    const grouped = Number(input.replace('.', ''));
    if (!Number.isFinite(point) || !Number.isFinite(grouped)) return notNumber;
    // "0.000": both readings agree, nothing to ask.
    if (point === grouped) return { ok: true, value: point };
    return { ok: false, ambiguous: true, text: written, candidates: [point, grouped] };
  }
  if (ENGLISH_GROUPED.test(input)) {
    const value = Number(input.replace(/,/g, ''));
    if (!Number.isFinite(value)) return notNumber;
    const decimals = input.includes('.') ? input.length - input.indexOf('.') - 1 : 0;
    return {
      ok: false,
      ambiguous: false,
      reason: 'english_notation',
      text: written,
      suggestion:
        formatVietnameseNumber(value, Math.min(decimals, 20)) + (/%\s*$/.test(written) ? '%' : ''),
    };
  }
  return notNumber;
}

/** A number as shown to Vietnamese readers: decimal comma, thousands dots, at most `digits` decimals. */
export function formatVietnameseNumber(value: number, digits = 2): string {
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: digits }).format(value);
}
