import { describe, expect, it } from 'vitest';
import {
  changePasswordPath,
  loginPath,
  safeNext,
  unitPath,
  unitsPath,
  unitValuesPath,
  valuesPath,
} from './paths';

describe('paths', () => {
  it('builds unit addresses with their date', () => {
    expect(unitPath('04381', '2025-07-01')).toBe('/don-vi/04381?ngay=2025-07-01');
    expect(unitPath('04381')).toBe('/don-vi/04381');
    expect(unitsPath('2025-06-30')).toBe('/don-vi?ngay=2025-06-30');
    expect(unitsPath()).toBe('/don-vi');
  });

  it('builds the addresses of a unit’s values', () => {
    expect(valuesPath('04381', 2025, 'xa-ntm-2021-2025')).toBe(
      '/so-lieu/04381/2025/xa-ntm-2021-2025',
    );
    expect(unitValuesPath('04381')).toBe('/so-lieu/04381');
    expect(unitValuesPath('04381', 2024)).toBe('/so-lieu/04381?nam=2024');
  });

  it('keeps where to come back after login, but not the home page', () => {
    expect(loginPath('/quan-tri/nguoi-dung')).toBe('/dang-nhap?tiep=%2Fquan-tri%2Fnguoi-dung');
    expect(loginPath('/')).toBe('/dang-nhap');
    expect(changePasswordPath('/don-vi')).toBe('/doi-mat-khau?tiep=%2Fdon-vi');
  });

  it('only follows paths of this app after login', () => {
    expect(safeNext('/don-vi?ngay=2025-06-30')).toBe('/don-vi?ngay=2025-06-30');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/dang-nhap?tiep=/x')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
