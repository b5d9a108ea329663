import { formatVietnameseNumber, parseVietnameseNumber } from '../../../domain/values/number';

/** The numeric kinds of input: a percentage (0–100) or a number with its unit. */
export type NumericKind = 'percent' | 'number';

export type FieldParse =
  /** Nothing typed: the value is cleared. */
  | { kind: 'empty' }
  | { kind: 'value'; value: number }
  /**
   * A number the officer must confirm, never guessed nor saved: "1.25" (1,25 or 125?), or English
   * notation "1,234.5" (1.234,5?). `choices` are the readings that fit the field (a percentage
   * keeps those within 0–100), at least one.
   */
  | { kind: 'question'; reason: 'ambiguous' | 'english_notation'; choices: number[] }
  /** Not a number, or a percentage outside 0–100. Never sent to the server. */
  | { kind: 'invalid'; problem: 'not_number' | 'out_of_range' };

/** How many decimals a field keeps when it shows a number. */
const FIELD_DIGITS = 6;

function fits(kind: NumericKind, value: number): boolean {
  return kind !== 'percent' || (value >= 0 && value <= 100);
}

/**
 * Reads what an officer typed in a numeric field, the Vietnamese way (`parseVietnameseNumber`):
 * `70,5`, `1.250` (= 1250), `1.234,5`, `70,5 %`. A lone decimal point (`1.25`) or English notation
 * (`1,234.5`) is a question for the officer. A percentage must lie between 0 and 100.
 */
export function parseFieldText(kind: NumericKind, text: string): FieldParse {
  if (text.trim() === '') return { kind: 'empty' };
  const parsed = parseVietnameseNumber(text);
  if (parsed.ok) {
    return fits(kind, parsed.value)
      ? { kind: 'value', value: parsed.value }
      : { kind: 'invalid', problem: 'out_of_range' };
  }
  if (!parsed.ambiguous && parsed.reason === 'not_number') {
    return { kind: 'invalid', problem: 'not_number' };
  }
  const readings = parsed.ambiguous
    ? parsed.candidates
    : [parseVietnameseNumber(parsed.suggestion)].flatMap((p) => (p.ok ? [p.value] : []));
  const choices = readings.filter((value) => fits(kind, value));
  if (choices.length === 0) return { kind: 'invalid', problem: 'out_of_range' };
  return {
    kind: 'question',
    reason: parsed.ambiguous ? 'ambiguous' : 'english_notation',
    choices,
  };
}

/** A stored number as the field shows it: decimal comma, thousands dots (70.5 → "70,5"). */
export function formatFieldValue(value: number | null): string {
  return value === null ? '' : formatVietnameseNumber(value, FIELD_DIGITS);
}

/**
 * The text a field shows once the officer leaves it: a number is shown the Vietnamese way
 * ("1250" → "1.250", and "1.250" stays 1250); anything else — a question, an error — is left as
 * typed so the officer sees what to answer or fix.
 */
export function textOnLeave(kind: NumericKind, text: string): string {
  const parsed = parseFieldText(kind, text);
  return parsed.kind === 'value' ? formatFieldValue(parsed.value) : text;
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
