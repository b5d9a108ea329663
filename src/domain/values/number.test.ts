import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatVietnameseNumber, parseVietnameseNumber } from './number';
import { isFarFromPrevious } from './change';

describe('parseVietnameseNumber', () => {
  it.each([
    ['70,5', 70.5],
    ['70', 70],
    [' 70,5 % ', 70.5],
    ['70,5%', 70.5],
    ['-3,25', -3.25],
    [',5', 0.5],
    // Dots group thousands.
    ['1.250', 1250],
    ['1.000', 1000],
    ['-1.250', -1250],
    ['1.234,5', 1234.5],
    ['1.234.567', 1234567],
    ['1.234.567,89', 1234567.89],
    // The comma is the decimal mark, even before three digits.
    ['1,250', 1.25],
    ['1,234', 1.234],
    // Spaces, no-break and narrow no-break spaces are ignored.
    ['45\u00a0000', 45000],
    ['45 000', 45000],
    ['1\u202f234,5', 1234.5],
    ['0.000', 0],
  ])('reads %j as %d', (text, expected) => {
    expect(parseVietnameseNumber(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['1.25', 1.25, 125],
    ['70.5', 70.5, 705],
    ['0.250', 0.25, 250],
    ['1234.5', 1234.5, 12345],
    ['1.2345', 1.2345, 12345],
    ['.5', 0.5, 5],
    ['-12.5', -12.5, -125],
    ['12.5%', 12.5, 125],
  ])('does not guess %j: %d or %d', (text, point, grouped) => {
    expect(parseVietnameseNumber(text)).toEqual({
      ok: false,
      ambiguous: true,
      text,
      candidates: [point, grouped],
    });
  });

  it.each([
    ['1,234.5', '1.234,5'],
    ['1,234,567', '1.234.567'],
    ['1,234,567.89', '1.234.567,89'],
    ['-1,234.50', '-1.234,5'],
    ['12,345.5%', '12.345,5%'],
  ])('refuses English notation %j, suggesting %j', (text, suggestion) => {
    expect(parseVietnameseNumber(text)).toEqual({
      ok: false,
      ambiguous: false,
      reason: 'english_notation',
      text,
      suggestion,
    });
  });

  it.each([
    '',
    'abc',
    '70,5,5',
    '1..2',
    '12a',
    '-',
    '1,23.4,5',
    '1,23.4',
    '12.34.5',
    '1.23.456',
    '1.234.56',
    '1.234,5,6',
    '70,',
    '70.',
    'Infinity',
    '1e5',
    '%',
  ])('refuses %j', (text) => {
    expect(parseVietnameseNumber(text)).toMatchObject({
      ok: false,
      ambiguous: false,
      reason: 'not_number',
    });
  });

  it('formats with a decimal comma and thousands dots', () => {
    expect(formatVietnameseNumber(70.5)).toBe('70,5');
    expect(formatVietnameseNumber(1234.5)).toBe('1.234,5');
    expect(formatVietnameseNumber(1250)).toBe('1.250');
  });
});

describe('parseVietnameseNumber: properties', () => {
  /** Finite numbers with at most two decimals, up to a hundred billion. */
  const twoDecimals = fc
    .integer({ min: -10_000_000_000_000, max: 10_000_000_000_000 })
    .map((cents) => cents / 100);

  it('reads back every number formatted the Vietnamese way, grouped or not', () => {
    const ungrouped = new Intl.NumberFormat('vi-VN', {
      maximumFractionDigits: 2,
      useGrouping: false,
    });
    fc.assert(
      fc.property(twoDecimals, (x) => {
        expect(parseVietnameseNumber(formatVietnameseNumber(x))).toEqual({ ok: true, value: x });
        expect(parseVietnameseNumber(ungrouped.format(x))).toEqual({ ok: true, value: x });
        expect(parseVietnameseNumber(`${formatVietnameseNumber(x)} %`)).toEqual({
          ok: true,
          value: x,
        });
      }),
    );
  });

  it('never reads English notation with a decimal point silently', () => {
    const withFraction = fc
      .integer({ min: -10_000_000_000_000, max: 10_000_000_000_000 })
      .filter((cents) => cents % 100 !== 0)
      .map((cents) => cents / 100);
    fc.assert(
      fc.property(withFraction, fc.boolean(), (x, grouping) => {
        const english = new Intl.NumberFormat('en-US', {
          minimumFractionDigits: 1,
          maximumFractionDigits: 2,
          useGrouping: grouping,
        }).format(x);
        const parsed = parseVietnameseNumber(english);
        expect(parsed.ok).toBe(false);
        if (parsed.ok) return;
        if (parsed.ambiguous) {
          // One of the readings is what the English writer meant; the caller asks which.
          expect(parsed.candidates).toContain(x);
          expect(parsed.candidates[0]).not.toBe(parsed.candidates[1]);
        } else {
          expect(parsed.reason).toBe('english_notation');
          if (parsed.reason !== 'english_notation') return;
          // The suggestion is the same number, written the Vietnamese way.
          expect(parseVietnameseNumber(parsed.suggestion)).toEqual({ ok: true, value: x });
        }
      }),
    );
  });

  it('flags every lone decimal point that cannot group thousands', () => {
    const lonePoint = fc
      .tuple(fc.nat({ max: 99_999 }), fc.stringMatching(/^\d{1,6}$/))
      .filter(([, decimals]) => decimals.length !== 3)
      .map(([whole, decimals]) => `${whole}.${decimals}`);
    fc.assert(
      fc.property(lonePoint, (text) => {
        const parsed = parseVietnameseNumber(text);
        const point = Number(text);
        const grouped = Number(text.replace('.', ''));
        if (point === grouped) expect(parsed).toEqual({ ok: true, value: point });
        else
          expect(parsed).toEqual({
            ok: false,
            ambiguous: true,
            text,
            candidates: [point, grouped],
          });
      }),
    );
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
