import { describe, expect, it } from 'vitest';
import { ancestorsText, isHistoric, lowerFirst, mapOf, unitAddress } from './display';

describe('unit display', () => {
  it('writes a unit with its province, as in an address', () => {
    expect(unitAddress('Xã Lâm Giang', [{ name: 'Tỉnh Lào Cai' }])).toBe(
      'Xã Lâm Giang, tỉnh Lào Cai',
    );
    expect(unitAddress('Xã Lang Thíp', [{ name: 'Tỉnh Yên Bái' }, { name: 'Huyện Văn Yên' }])).toBe(
      'Xã Lang Thíp, huyện Văn Yên, tỉnh Yên Bái',
    );
    expect(unitAddress('Thành phố Hà Nội', [])).toBe('Thành phố Hà Nội');
    expect(ancestorsText([{ name: 'Tỉnh Yên Bái' }, { name: 'Huyện Văn Yên' }])).toBe(
      'Huyện Văn Yên, tỉnh Yên Bái',
    );
    expect(ancestorsText([])).toBe('');
    expect(lowerFirst('Đặc khu Phú Quốc')).toBe('đặc khu Phú Quốc');
  });

  it('knows historic units and which map a date belongs to', () => {
    expect(isHistoric('2025-06-30', '2025-07-01')).toBe(true);
    expect(isHistoric(null, '2025-07-01')).toBe(false);
    expect(mapOf('2025-06-30')).toBe('before');
    expect(mapOf('2025-07-01')).toBe('after');
  });
});
