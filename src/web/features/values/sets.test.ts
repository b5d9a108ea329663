import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import { findValuesTarget, setsForYear, yearsCovered } from './sets';

const set = (code: string, validFrom: string, validTo: string, issuer = 'central') => ({
  code,
  issuer,
  level: 'commune' as const,
  status: 'published' as const,
  validFrom,
  validTo,
});

const SETS = [
  set('xa-ntm-2026-2030', '2026-02-15', '2030-12-31'),
  set('xa-ntm-2021-2025', '2022-01-01', '2025-12-31'),
  set('xa-ntm-laocai-2021-2025', '2023-01-01', '2025-12-31', '15'),
];

describe('setsForYear', () => {
  it('keeps the sets covering the year, the province’s own first', () => {
    expect(setsForYear(SETS, 2025, '15').map((s) => s.code)).toEqual([
      'xa-ntm-laocai-2021-2025',
      'xa-ntm-2021-2025',
    ]);
    expect(setsForYear(SETS, 2025, '01').map((s) => s.code)).toEqual(['xa-ntm-2021-2025']);
    expect(setsForYear(SETS, 2026, '15').map((s) => s.code)).toEqual(['xa-ntm-2026-2030']);
    expect(setsForYear(SETS, 2021, null)).toEqual([]);
  });

  it('puts national sets first when the province is unknown', () => {
    expect(setsForYear(SETS, 2024, null).map((s) => s.code)).toEqual([
      'xa-ntm-2021-2025',
      'xa-ntm-laocai-2021-2025',
    ]);
  });
});

describe('setsForYear with advanced and model sets', () => {
  it('keeps the standard (NTM) set first, so it stays the default for data entry', () => {
    const sets = [
      {
        ...set('xa-ntm-nang-cao-2021-2025', '2021-01-01', '2025-12-31'),
        kind: 'advanced' as const,
      },
      { ...set('xa-ntm-kieu-mau-2021-2025', '2021-01-01', '2025-12-31'), kind: 'model' as const },
      { ...set('xa-ntm-2021-2025', '2021-01-01', '2025-12-31'), kind: 'standard' as const },
    ];
    expect(setsForYear(sets, 2021, '15').map((s) => s.code)).toEqual([
      'xa-ntm-2021-2025',
      'xa-ntm-nang-cao-2021-2025',
      'xa-ntm-kieu-mau-2021-2025',
    ]);
  });
});

describe('yearsCovered', () => {
  it('lists the years some set covers, newest first, up to this year', () => {
    expect(yearsCovered(SETS, '01', 2026)).toEqual([2026, 2025, 2024, 2023, 2022]);
    expect(yearsCovered(SETS, '01', 2024, 2019)).toEqual([2024, 2023, 2022, 2019]);
  });
});

describe('findValuesTarget', () => {
  it('falls back to the latest year with a set the unit has a class for', async () => {
    const asked: string[] = [];
    const found = await findValuesTarget('04381', 2026, SETS, async (target) => {
      asked.push(`${target.year}/${target.setCode}`);
      return {
        unitClass: target.setCode === 'xa-ntm-2026-2030' ? null : 'TDMNPB',
        set: { classification: target.setCode === 'xa-ntm-2026-2030' ? 'group' : 'region' },
      } as never;
    });
    expect(found).toEqual({ year: 2025, set: 'xa-ntm-2021-2025' });
    expect(asked).toEqual(['2026/xa-ntm-2026-2030', '2025/xa-ntm-2021-2025']);
  });

  it('skips years where the code names no unit, and keeps an unclassified set as a last resort', async () => {
    const found = await findValuesTarget('04381', 2026, SETS.slice(0, 1), async (target) => {
      if (target.year < 2026) throw new ApiError(404, 'values.unit_not_in_year', 'x');
      return { unitClass: null, set: { classification: 'group' } } as never;
    });
    expect(found).toEqual({ year: 2026, set: 'xa-ntm-2026-2030' });
  });

  it('stops on other errors', async () => {
    await expect(
      findValuesTarget('04381', 2025, SETS, async () => {
        throw new ApiError(403, 'forbidden', 'Không có quyền');
      }),
    ).rejects.toThrow('Không có quyền');
  });
});
