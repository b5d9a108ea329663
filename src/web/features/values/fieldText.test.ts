import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFieldValue, parseFieldText, textMatches, textOnLeave } from './fieldText';

describe('parseFieldText', () => {
  it('reads numbers the Vietnamese way: decimal comma, thousands dots', () => {
    expect(parseFieldText('percent', '70,5')).toEqual({ kind: 'value', value: 70.5 });
    expect(parseFieldText('percent', ' 70,5 % ')).toEqual({ kind: 'value', value: 70.5 });
    expect(parseFieldText('number', '1.234,5')).toEqual({ kind: 'value', value: 1234.5 });
    expect(parseFieldText('number', '1.250')).toEqual({ kind: 'value', value: 1250 });
  });

  it('asks about a lone decimal point instead of guessing', () => {
    expect(parseFieldText('number', '1.25')).toEqual({
      kind: 'question',
      reason: 'ambiguous',
      choices: [1.25, 125],
    });
    // A percentage offers only the reading within 0–100, but still asks.
    expect(parseFieldText('percent', '70.5')).toEqual({
      kind: 'question',
      reason: 'ambiguous',
      choices: [70.5],
    });
    expect(parseFieldText('percent', '100.5')).toEqual({
      kind: 'invalid',
      problem: 'out_of_range',
    });
    expect(parseFieldText('number', '1,234.5')).toEqual({
      kind: 'question',
      reason: 'english_notation',
      choices: [1234.5],
    });
  });

  it('treats a blank field as a cleared value', () => {
    expect(parseFieldText('percent', '')).toEqual({ kind: 'empty' });
    expect(parseFieldText('number', '   ')).toEqual({ kind: 'empty' });
  });

  it('refuses words, half-typed numbers and percentages outside 0–100', () => {
    expect(parseFieldText('percent', 'abc')).toEqual({ kind: 'invalid', problem: 'not_number' });
    expect(parseFieldText('percent', '70,')).toEqual({ kind: 'invalid', problem: 'not_number' });
    expect(parseFieldText('percent', '100,5')).toEqual({
      kind: 'invalid',
      problem: 'out_of_range',
    });
    expect(parseFieldText('percent', '-1')).toEqual({ kind: 'invalid', problem: 'out_of_range' });
    expect(parseFieldText('number', '-1')).toEqual({ kind: 'value', value: -1 });
    expect(parseFieldText('number', '150')).toEqual({ kind: 'value', value: 150 });
  });
});

describe('formatFieldValue', () => {
  it('shows numbers the Vietnamese way', () => {
    expect(formatFieldValue(70.5)).toBe('70,5');
    expect(formatFieldValue(1234.5)).toBe('1.234,5');
    expect(formatFieldValue(0)).toBe('0');
    expect(formatFieldValue(null)).toBe('');
    expect(formatFieldValue(12.123456)).toBe('12,123456');
  });

  it('round-trips through parsing', () => {
    for (const value of [0, 0.5, 70.5, 99.99, 100, 1234.5, 1250, 1_250_000]) {
      expect(parseFieldText('number', formatFieldValue(value))).toEqual({ kind: 'value', value });
    }
  });
});

describe('focus and blur (textOnLeave)', () => {
  it('keeps a stored 1250 as 1250: "1.250" shown, left, and shown again', () => {
    const shown = formatFieldValue(1250);
    expect(shown).toBe('1.250');
    const left = textOnLeave('number', shown);
    expect(left).toBe('1.250');
    expect(parseFieldText('number', left)).toEqual({ kind: 'value', value: 1250 });
    expect(textMatches('number', left, 1250)).toBe(true);
  });

  it('shows a typed number the Vietnamese way and leaves a question as typed', () => {
    expect(textOnLeave('number', '1250')).toBe('1.250');
    expect(textOnLeave('percent', '70,50 %')).toBe('70,5');
    expect(textOnLeave('number', '1.25')).toBe('1.25');
    expect(textOnLeave('number', 'abc')).toBe('abc');
  });

  it('never changes a stored number, however many times the field is left', () => {
    const numbers = fc
      .integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 })
      .map((cents) => cents / 100);
    fc.assert(
      fc.property(numbers, (value) => {
        const once = textOnLeave('number', formatFieldValue(value));
        const twice = textOnLeave('number', once);
        expect(twice).toBe(once);
        expect(parseFieldText('number', twice)).toEqual({ kind: 'value', value });
      }),
    );
  });
});

describe('textMatches', () => {
  it('leaves alone a text that already means the value', () => {
    expect(textMatches('percent', '70,50', 70.5)).toBe(true);
    expect(textMatches('percent', '70.5', 70.5)).toBe(false);
    expect(textMatches('percent', '', null)).toBe(true);
    expect(textMatches('percent', '71', 70.5)).toBe(false);
    expect(textMatches('percent', 'abc', null)).toBe(false);
  });
});
