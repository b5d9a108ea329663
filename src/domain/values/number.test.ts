import { describe, expect, it } from 'vitest';
import { formatVietnameseNumber, parseVietnameseNumber } from './number';
import { isFarFromPrevious } from './change';

describe('parseVietnameseNumber', () => {
  it.each([
    ['70,5', 70.5],
    ['70.5', 70.5],
    ['70', 70],
    [' 70,5 % ', 70.5],
    ['-3,25', -3.25],
    [',5', 0.5],
    ['1.234,5', 1234.5],
    ['1,234.5', 1234.5],
    ['1.234.567', 1234567],
    ['1.234.567,89', 1234567.89],
    ['45\u00a0000', 45000],
  ])('reads %j as %d', (text, expected) => {
    expect(parseVietnameseNumber(text)).toEqual({ ok: true, value: expected });
  });

  it.each(['', 'abc', '70,5,5', '1..2', '12a', '-', '1,23.4,5', 'Infinity', '1e5'])(
    'refuses %j',
    (text) => {
      expect(parseVietnameseNumber(text).ok).toBe(false);
    },
  );

  it('formats with a decimal comma and thousands dots', () => {
    expect(formatVietnameseNumber(70.5)).toBe('70,5');
    expect(formatVietnameseNumber(1234.5)).toBe('1.234,5');
    expect(parseVietnameseNumber(formatVietnameseNumber(98765.43))).toEqual({
      ok: true,
      value: 98765.43,
    });
  });
});

describe('isFarFromPrevious', () => {
  it('compares percentages in points and other numbers relatively', () => {
    expect(isFarFromPrevious('percent', 95, 60)).toBe(true);
    expect(isFarFromPrevious('percent', 80, 60)).toBe(false);
    expect(isFarFromPrevious('number', 30, 60)).toBe(false);
    expect(isFarFromPrevious('number', 29, 60)).toBe(true);
    expect(isFarFromPrevious('number', 5, 0)).toBe(true);
    expect(isFarFromPrevious('boolean', true, false)).toBe(false);
    expect(isFarFromPrevious('percent', 50, null)).toBe(false);
  });
});
