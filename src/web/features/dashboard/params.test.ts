import { describe, expect, it } from 'vitest';
import {
  dashboardPath,
  dashboardYears,
  isStatsFilter,
  readDashboardParams,
  reportUrl,
  scorecardPath,
  targetsPath,
} from './params';

describe('dashboard addresses', () => {
  it('reads the Vietnamese query parameters', () => {
    const params = readDashboardParams(
      new URLSearchParams('don-vi=15&nam=2025&ban-do=hien-nay&danh-sach=met&trang=2'),
    );
    expect(params).toEqual({
      unit: '15',
      year: 2025,
      map: 'current',
      set: undefined,
      list: 'met',
      page: 2,
    });
  });

  it('leaves out what it cannot read: defaults apply', () => {
    const params = readDashboardParams(
      new URLSearchParams('don-vi=abc&nam=20x5&ban-do=foo&danh-sach=drop;table&trang=-1'),
    );
    expect(params).toEqual({
      unit: undefined,
      year: undefined,
      map: 'year',
      set: undefined,
      list: undefined,
      page: 1,
    });
  });

  it('writes dashboards with the map of the year as the default', () => {
    expect(dashboardPath({})).toBe('/bang-dieu-khien');
    expect(dashboardPath({ unit: '15', year: 2025, map: 'year' })).toBe(
      '/bang-dieu-khien?don-vi=15&nam=2025',
    );
    expect(
      dashboardPath({ unit: '15', year: 2024, map: 'current', list: 'band:b1', page: 3 }),
    ).toBe('/bang-dieu-khien?don-vi=15&nam=2024&ban-do=hien-nay&danh-sach=band%3Ab1&trang=3');
    // A page without a list means nothing.
    expect(dashboardPath({ year: 2025, page: 3 })).toBe('/bang-dieu-khien?nam=2025');
  });

  it('round-trips every parameter', () => {
    const path = dashboardPath({
      unit: '04381',
      year: 2025,
      map: 'current',
      set: 'xa-ntm-2021-2025',
      list: 'criterion:17:not_met',
      page: 2,
    });
    const search = new URLSearchParams(path.split('?')[1]);
    expect(readDashboardParams(search)).toEqual({
      unit: '04381',
      year: 2025,
      map: 'current',
      set: 'xa-ntm-2021-2025',
      list: 'criterion:17:not_met',
      page: 2,
    });
  });

  it('writes scorecards, targets and report downloads', () => {
    expect(scorecardPath('04381', 2025, 'xa-ntm-2021-2025')).toBe(
      '/bang-dieu-khien/xa/04381?nam=2025&bo=xa-ntm-2021-2025',
    );
    expect(targetsPath('15')).toBe('/muc-tieu?don-vi=15');
    expect(targetsPath()).toBe('/muc-tieu');
    expect(reportUrl({ unit: '15', year: 2025, map: 'year' }, 'xlsx')).toBe(
      '/api/v1/stats/report.xlsx?unit=15&year=2025&map=year',
    );
    expect(reportUrl({ year: 2024, map: 'current' }, 'pdf')).toBe(
      '/api/v1/stats/report.pdf?year=2024&map=current',
    );
  });

  it('accepts the filters of the communes API only', () => {
    for (const filter of [
      'all',
      'met',
      'not_met',
      'missing',
      'unclassified',
      'unevaluated',
      'band:b4',
      'band:all',
      'criterion:17:not_met',
      'indicator:3.1:missing',
    ]) {
      expect(isStatsFilter(filter), filter).toBe(true);
    }
    for (const filter of ['', 'band:b5', 'criterion:17', 'indicator:3.1:maybe', 'met ']) {
      expect(isStatsFilter(filter), filter).toBe(false);
    }
  });

  it('offers the years from 2022 to this year, newest first', () => {
    expect(dashboardYears(2026)).toEqual([2026, 2025, 2024, 2023, 2022]);
    expect(dashboardYears(2020)).toEqual([2022]);
  });
});
