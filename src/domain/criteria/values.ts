import type { IndicatorValue } from './types';

export type ParsedValue =
  { kind: 'missing' } | { kind: 'value'; value: IndicatorValue } | { kind: 'invalid' };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const TRUE_WORDS = new Set(['true', 'đạt', 'dat']);
const FALSE_WORDS = new Set(['false', 'không đạt', 'khong dat']);

/**
 * Reads a value as typed in a spreadsheet cell: empty → missing; a number with `.` as the decimal
 * mark (no thousands separators); `true`/`false`/`đạt`/`không đạt` (any case, with or without
 * diacritics) → a yes/no judgement. Anything else is invalid.
 */
export function parseValueText(text: string): ParsedValue {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'missing' };
  if (NUMBER.test(trimmed)) return { kind: 'value', value: Number(trimmed) };
  const word = trimmed.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ');
  if (TRUE_WORDS.has(word)) return { kind: 'value', value: true };
  if (FALSE_WORDS.has(word)) return { kind: 'value', value: false };
  return { kind: 'invalid' };
}
