import { describe, expect, it } from 'vitest';
import { formatFieldValue, parseFieldText, textMatches } from './fieldText';

describe('parseFieldText', () => {
  it('reads a decimal comma and a decimal point alike', () => {
    expect(parseFieldText('percent', '70,5')).toEqual({ kind: 'value', value: 70.5 });
    expect(parseFieldText('percent', '70.5')).toEqual({ kind: 'value', value: 70.5 });
    expect(parseFieldText('percent', ' 70,5 % ')).toEqual({ kind: 'value', value: 70.5 });
    expect(parseFieldText('number', '1.234,5')).toEqual({ kind: 'value', value: 1234.5 });
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
    for (const value of [0, 0.5, 70.5, 99.99, 100, 1234.5, 1_250_000]) {
      expect(parseFieldText('number', formatFieldValue(value))).toEqual({ kind: 'value', value });
    }
  });
});

describe('textMatches', () => {
  it('leaves alone a text that already means the value', () => {
    expect(textMatches('percent', '70,50', 70.5)).toBe(true);
    expect(textMatches('percent', '70.5', 70.5)).toBe(true);
    expect(textMatches('percent', '', null)).toBe(true);
    expect(textMatches('percent', '71', 70.5)).toBe(false);
    expect(textMatches('percent', 'abc', null)).toBe(false);
  });
});
