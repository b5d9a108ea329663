import { describe, expect, it } from 'vitest';
import { formatProductCode, parseProductCode } from './product-code';

describe('product codes (26/2026)', () => {
  it('formats (province)-(commune)-(number)-(year), the number padded to 3 digits', () => {
    const parts = { provinceCode: '08', communeCode: '02290', number: 1, year: 2026 };
    expect(formatProductCode(parts)).toBe('08-02290-001-2026');
    expect(formatProductCode({ ...parts, number: 42 })).toBe('08-02290-042-2026');
    expect(formatProductCode({ ...parts, number: 1234 })).toBe('08-02290-1234-2026');
  });

  it('round-trips', () => {
    for (const number of [1, 9, 10, 99, 100, 999, 1000, 12345]) {
      const parts = { provinceCode: '01', communeCode: '00004', number, year: 2027 };
      expect(parseProductCode(formatProductCode(parts))).toEqual(parts);
    }
    expect(parseProductCode(' 08-02290-001-2026 ')?.number).toBe(1);
  });

  it('refuses what is not a code', () => {
    for (const code of [
      '',
      '8-02290-001-2026',
      '08-2290-001-2026',
      '08-02290-01-2026',
      '08-02290-000-2026',
      '08-02290-0001-2026',
      '08-02290-001-26',
      '08/02290/001/2026',
    ])
      expect(parseProductCode(code), code).toBeNull();
    const parts = { provinceCode: '08', communeCode: '02290', number: 1, year: 2026 };
    expect(() => formatProductCode({ ...parts, provinceCode: '8' })).toThrow(RangeError);
    expect(() => formatProductCode({ ...parts, communeCode: '2290' })).toThrow(RangeError);
    expect(() => formatProductCode({ ...parts, number: 0 })).toThrow(RangeError);
    expect(() => formatProductCode({ ...parts, number: 1.5 })).toThrow(RangeError);
    expect(() => formatProductCode({ ...parts, year: 26 })).toThrow(RangeError);
  });
});
