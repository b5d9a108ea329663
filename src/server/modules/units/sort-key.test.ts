import { describe, expect, it } from 'vitest';
import { buildReferenceData } from './reference-data';
import { foldName, vietnameseSortKey } from './sort-key';

const collator = new Intl.Collator('vi', { numeric: true });
const byKey = (a: string, b: string) => Buffer.compare(vietnameseSortKey(a), vietnameseSortKey(b));

describe('vietnameseSortKey', () => {
  it('orders letters, tones, spaces and numbers like the Vietnamese collator', () => {
    const names = [
      'Ăn',
      'An Khánh',
      'Anh Sơn',
      'An Giang',
      'Bắc Ninh',
      'Bạc Liêu',
      'Bà Rịa - Vũng Tàu',
      'Đà Nẵng',
      'Dak',
      'Điện Biên',
      'ba',
      'bà',
      'bả',
      'bã',
      'bá',
      'bạ',
      'bac',
      'Ban',
      'bán',
      'Phường 10',
      'Phường 2',
      'Phường 1',
      "Ea H'Leo",
      'Ea H’Leo',
      'Ea Hleo',
      'Cư Mốt',
      'Cư M’gar',
      'Ơn',
      'Ôn',
      'On',
      'Ưng',
      'Uy',
      'Vy',
      'Xuân',
      '12',
      '3',
      'Hòa Bình',
      'Hoà Bình',
      'Hoa Lư',
    ];
    expect([...names].sort(byKey)).toEqual([...names].sort(collator.compare));
  });

  it('agrees with Intl.Collator("vi") on every unit name of both maps', () => {
    const names = [...new Set(buildReferenceData().units.map((unit) => unit.shortName))];
    const sorted = [...names].sort(byKey);
    const outOfOrder = sorted.flatMap((name, index) =>
      index > 0 && collator.compare(sorted[index - 1]!, name) > 0
        ? [`${sorted[index - 1]} > ${name}`]
        : [],
    );
    expect(names.length).toBeGreaterThan(8000);
    expect(outOfOrder).toEqual([]);
  });
});

describe('foldName', () => {
  it('drops accents and case, đ → d', () => {
    expect(foldName('  Đắk  Lắk ')).toBe('dak lak');
    expect(foldName('CAO BẰNG')).toBe('cao bang');
  });
});
