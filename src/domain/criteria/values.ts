import { readValueText } from '../values/valueText';
import type { IndicatorValue } from './types';

export type ParsedValue =
  | { kind: 'missing' }
  | { kind: 'value'; value: IndicatorValue }
  /** A number with two readings ("1.25": 1,25 or 125): refused, never guessed. */
  | { kind: 'ambiguous'; candidates: [number, number] }
  /** A number in English notation ("1,234.5"): refused, with its Vietnamese spelling. */
  | { kind: 'english_notation'; suggestion: string }
  | { kind: 'invalid' };

/**
 * Reads a value as typed in a spreadsheet cell, the same way as the importer (`readValueText` of
 * `domain/values`): empty → missing; a number the Vietnamese way — decimal comma, thousands dots,
 * optional `%` (`16,5`, `1.250`, `80%`); a yes/no word (`đạt`, `có`, `x`, `true` / `không đạt`,
 * `chưa đạt`, `không`, `false`; any case, diacritics optional). A lone decimal point (`12.5`) is
 * ambiguous and English notation (`1,234.5`) refused; anything else is invalid.
 */
export function parseValueText(text: string): ParsedValue {
  const reading = readValueText(text);
  switch (reading.kind) {
    case 'empty':
      return { kind: 'missing' };
    case 'number':
    case 'boolean':
      return { kind: 'value', value: reading.value };
    case 'ambiguous':
    case 'english_notation':
    case 'invalid':
      return reading;
  }
}
