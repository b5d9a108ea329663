import { formatVietnameseNumber, parseVietnameseNumber } from '../../../domain/values/number';

/** The numeric kinds of input: a percentage (0–100) or a number with its unit. */
export type NumericKind = 'percent' | 'number';

export type FieldParse =
  /** Nothing typed: the value is cleared. */
  | { kind: 'empty' }
  | { kind: 'value'; value: number }
  /** Not a number, or a percentage outside 0–100. Never sent to the server. */
  | { kind: 'invalid'; problem: 'not_number' | 'out_of_range' };

/**
 * Reads what an officer typed in a numeric field: `70,5`, `70.5`, `1.234,5`, `70,5 %`. A percentage
 * must lie between 0 and 100.
 */
export function parseFieldText(kind: NumericKind, text: string): FieldParse {
  if (text.trim() === '') return { kind: 'empty' };
  const parsed = parseVietnameseNumber(text);
  if (!parsed.ok) return { kind: 'invalid', problem: 'not_number' };
  if (kind === 'percent' && (parsed.value < 0 || parsed.value > 100)) {
    return { kind: 'invalid', problem: 'out_of_range' };
  }
  return { kind: 'value', value: parsed.value };
}

/** A stored number as the field shows it: decimal comma, thousands dots (70.5 → "70,5"). */
export function formatFieldValue(value: number | null): string {
  return value === null ? '' : formatVietnameseNumber(value, 6);
}

/**
 * True when the text in the field already stands for `value` (so a value coming back from the
 * server does not overwrite what is being typed: "70,50" is left alone when 70.5 is saved).
 */
export function textMatches(kind: NumericKind, text: string, value: number | null): boolean {
  const parsed = parseFieldText(kind, text);
  if (value === null) return parsed.kind === 'empty';
  return parsed.kind === 'value' && parsed.value === value;
}
