/**
 * Numbers as Vietnamese officials type them: a decimal comma (`70,5`) or a decimal point (`70.5`),
 * optionally with thousands separators when both marks appear (`1.234,5` or `1,234.5`), spaces,
 * and a trailing `%`. Pure: shared by the entry form, the importers and the CLI.
 */

export type NumberParse = { ok: true; value: number } | { ok: false };

const PLAIN = /^[+-]?\d+$/;
const ONE_MARK = /^[+-]?(\d+)?[.,]\d+$/;
const GROUPED_COMMA_DECIMAL = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
const GROUPED_POINT_DECIMAL = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** Reads a number typed with a decimal comma or point; `null` input or blank → not a number. */
export function parseVietnameseNumber(text: string): NumberParse {
  const compact = text
    .normalize('NFC')
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/%$/, '');
  if (compact === '' || compact === '+' || compact === '-') return { ok: false };
  let normalised: string;
  if (PLAIN.test(compact)) normalised = compact;
  else if (ONE_MARK.test(compact)) normalised = compact.replace(',', '.');
  else if (compact.includes('.') && compact.includes(',')) {
    if (GROUPED_COMMA_DECIMAL.test(compact))
      normalised = compact.replace(/\./g, '').replace(',', '.');
    else if (GROUPED_POINT_DECIMAL.test(compact)) normalised = compact.replace(/,/g, '');
    else return { ok: false };
  } else if (GROUPED_COMMA_DECIMAL.test(compact)) {
    // Several dots and no comma: "1.234.567" (thousands dots).
    normalised = compact.replace(/\./g, '');
  } else return { ok: false };
  const value = Number(normalised);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false };
}

/** A number as shown to Vietnamese readers: decimal comma, thousands dots, at most `digits` decimals. */
export function formatVietnameseNumber(value: number, digits = 2): string {
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: digits }).format(value);
}
