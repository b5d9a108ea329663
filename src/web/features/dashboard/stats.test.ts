import { describe, expect, it } from 'vitest';
import {
  bandSegments,
  childRows,
  criterionShares,
  expectedCount,
  latestYearWithData,
  metShare,
  missingShare,
  nextSort,
  sortRows,
  trendPoints,
  yearChange,
} from './stats';
import type { StatsSummary, StatsTotals } from './types';

function totals(partial: Partial<StatsTotals> = {}): StatsTotals {
  return {
    communes: 89,
    evaluated: 88,
    met: 56,
    notMet: 30,
    incomplete: 2,
    unclassified: 0,
    withMissing: 3,
    missingCells: 4,
    averageCriteriaMet: 18.375,
    bands: { all: 56, b1: 30, b2: 2, b3: 0, b4: 0 },
    unmapped: 0,
    ...partial,
  };
}

const BANDS: StatsSummary['bands'] = [
  { key: 'all', min: 19, max: 19, label: '19 tiêu chí' },
  { key: 'b1', min: 15, max: 18, label: '15–18 tiêu chí' },
  { key: 'b2', min: 10, max: 14, label: '10–14 tiêu chí' },
  { key: 'b3', min: 5, max: 9, label: '5–9 tiêu chí' },
  { key: 'b4', min: 0, max: 4, label: 'dưới 5 tiêu chí' },
];

describe('dashboard figures', () => {
  it('shares over every commune, missing data over the evaluated ones', () => {
    expect(metShare(totals())).toBeCloseTo((56 / 89) * 100);
    expect(missingShare(totals())).toBeCloseTo((3 / 88) * 100);
    expect(metShare(totals({ communes: 0 }))).toBeNull();
    expect(missingShare(totals({ evaluated: 0 }))).toBeNull();
  });

  it('compares with last year in points, only when both years have data', () => {
    const previousYear = { year: 2024, set: 'x', totals: totals({ communes: 276, met: 149 }) };
    const change = yearChange({ totals: totals(), previousYear });
    expect(change?.previousYear).toBe(2024);
    expect(change?.points).toBeCloseTo((56 / 89 - 149 / 276) * 100);
    expect(
      yearChange({
        totals: totals(),
        previousYear: { ...previousYear, totals: totals({ evaluated: 0 }) },
      }),
    ).toBeNull();
    expect(yearChange({ totals: totals({ evaluated: 0 }), previousYear })).toBeNull();
    expect(yearChange({ totals: totals(), previousYear: null })).toBeNull();
  });

  it('splits every commune into the official bands and those without a result', () => {
    const segments = bandSegments({ bands: BANDS }, totals());
    expect(segments.map((s) => [s.key, s.count, s.filter])).toEqual([
      ['all', 56, 'band:all'],
      ['b1', 30, 'band:b1'],
      ['b2', 2, 'band:b2'],
      ['b3', 0, 'band:b3'],
      ['b4', 0, 'band:b4'],
      ['none', 1, 'unevaluated'],
    ]);
    expect(segments.reduce((sum, s) => sum + s.count, 0)).toBe(89);
    expect(segments.reduce((sum, s) => sum + (s.share ?? 0), 0)).toBeCloseTo(100);
  });

  it('puts the criteria that hold communes back on top', () => {
    const shares = criterionShares({
      totals: totals({ evaluated: 10, unclassified: 2 }),
      criteria: [
        { code: '1', name: 'Quy hoạch', met: 8, notMet: 0, missing: 0 },
        { code: '2', name: 'Giao thông', met: 5, notMet: 1, missing: 2 },
        { code: '17', name: 'Môi trường', met: 5, notMet: 3, missing: 0 },
        { code: '18', name: 'Hệ thống chính trị', met: 7, notMet: 1, missing: 0 },
      ],
    });
    expect(shares.map((s) => s.code)).toEqual(['2', '17', '18', '1']);
    // Missing data is shown apart, never counted as not met.
    expect(shares[0]).toMatchObject({ code: '2', met: 5, notMet: 1, missing: 2, share: 62.5 });
    expect(shares[3]?.share).toBe(100);
  });

  it('lists only the children that hold communes', () => {
    const child = (code: string, communes: number) => ({
      ...totals({ communes, evaluated: communes, met: communes }),
      code,
      name: code,
      level: 'commune',
    });
    const { rows, hidden } = childRows([child('a', 1), child('ward', 0), child('b', 1)]);
    expect(rows.map((row) => row.code)).toEqual(['a', 'b']);
    expect(hidden).toBe(1);
    expect(rows[0]?.metShare).toBe(100);
  });

  it('sorts names the Vietnamese way and numbers with empty values last', () => {
    const rows = [
      { name: 'Điện Biên', value: 3 },
      { name: 'Đà Nẵng', value: null },
      { name: 'An Giang', value: 7 },
      { name: 'Bắc Ninh', value: 3 },
    ];
    expect(sortRows(rows, { key: 'name', direction: 'asc' }).map((r) => r.name)).toEqual([
      'An Giang',
      'Bắc Ninh',
      'Đà Nẵng',
      'Điện Biên',
    ]);
    expect(sortRows(rows, { key: 'value', direction: 'desc' }).map((r) => r.name)).toEqual([
      'An Giang',
      'Bắc Ninh',
      'Điện Biên',
      'Đà Nẵng',
    ]);
    expect(sortRows(rows, { key: 'value', direction: 'asc' }).map((r) => r.name)).toEqual([
      'Bắc Ninh',
      'Điện Biên',
      'An Giang',
      'Đà Nẵng',
    ]);
  });

  it('flips the order on the same column, starts numbers from the largest', () => {
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name', true)).toEqual({
      key: 'name',
      direction: 'desc',
    });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'met', false)).toEqual({
      key: 'met',
      direction: 'desc',
    });
  });

  it('draws one trend point per year, a gap where nothing was evaluated', () => {
    const summary = (year: number, t: StatsTotals) => ({
      year,
      totals: t,
      set: { code: 'xa-ntm-2021-2025', name: '', criteriaTotal: 19 },
    });
    const points = trendPoints([
      summary(2025, totals()),
      summary(2023, totals({ evaluated: 0, met: 0 })),
      summary(2024, totals({ communes: 276, met: 149, evaluated: 276 })),
    ]);
    expect(points.map((p) => p.year)).toEqual([2023, 2024, 2025]);
    expect(points[0]?.share).toBeNull();
    expect(points[1]?.share).toBeCloseTo((149 / 276) * 100);
  });

  it('opens on the latest year with data', () => {
    const evaluated = new Map([
      [2026, 0],
      [2025, 7],
      [2024, 100],
    ]);
    expect(latestYearWithData(evaluated, 2026, 2022, 2025)).toBe(2025);
    expect(latestYearWithData(new Map(), 2026, 2022, 2025)).toBe(2025);
  });

  it('knows how many communes the list behind a figure holds', () => {
    const summary = {
      totals: totals({ evaluated: 88, met: 56, notMet: 29, incomplete: 2, unclassified: 1 }),
      criteria: [{ code: '17', name: 'Môi trường', met: 80, notMet: 5, missing: 2 }],
      indicators: [{ code: '3.1', name: 'Tưới tiêu', met: 70, missing: 2 }],
    };
    expect(expectedCount('met', summary)).toBe(56);
    // Missing data is not failure: not met and incomplete are counted apart.
    expect(expectedCount('not_met', summary)).toBe(29);
    expect(expectedCount('incomplete', summary)).toBe(2);
    expect(expectedCount('unevaluated', summary)).toBe(1);
    expect(expectedCount('band:b1', summary)).toBe(30);
    expect(expectedCount('criterion:17:met', summary)).toBe(80);
    expect(expectedCount('criterion:17:not_met', summary)).toBe(5);
    expect(expectedCount('criterion:17:incomplete', summary)).toBe(2);
    expect(expectedCount('indicator:3.1:missing', summary)).toBe(2);
    expect(expectedCount('indicator:3.1:not_met', summary)).toBeNull();
    expect(expectedCount('criterion:99:met', summary)).toBeNull();
  });
});
