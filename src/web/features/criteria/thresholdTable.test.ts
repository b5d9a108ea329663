import { describe, expect, it } from 'vitest';
import { groupCriteria, hasUnverifiedThreshold, thresholdTable } from './thresholdTable';
import type { Criterion, Indicator } from './types';

const regions = {
  classification: 'region' as const,
  classes: ['TDMNPB', 'DBSH', 'BTB'],
  classInfo: { DBSH: { label: 'ĐBSH', name: 'Đồng bằng sông Hồng' } },
};

function indicator(fields: Partial<Indicator>): Indicator {
  return {
    code: '1.1',
    name: 'Chỉ tiêu',
    type: 'percent',
    unit: '%',
    rule: null,
    thresholds: [],
    noThreshold: 'no_rule',
    verified: true,
    source: null,
    note: null,
    origin: null,
    ...fields,
  };
}

describe('thresholdTable', () => {
  it('shows one threshold for every class as one cell', () => {
    expect(thresholdTable(indicator({ rule: { op: 'gte', value: 80 } }), regions)).toEqual({
      kind: 'uniform',
      cell: { kind: 'value', op: 'gte', value: 80, fromDefault: false },
    });
    expect(
      thresholdTable(indicator({ rule: { op: 'gte', byClass: { default: 80 } } }), regions),
    ).toEqual({
      kind: 'uniform',
      cell: { kind: 'value', op: 'gte', value: 80, fromDefault: false },
    });
  });

  it('puts regions in columns, the default where a region has no entry', () => {
    const table = thresholdTable(
      indicator({ rule: { op: 'lte', byClass: { DBSH: 16.5, default: 24 } } }),
      regions,
    );
    expect(table).toEqual({
      kind: 'grid',
      columns: [
        { key: 'TDMNPB', label: 'TDMNPB' },
        { key: 'DBSH', label: 'ĐBSH', name: 'Đồng bằng sông Hồng' },
        { key: 'BTB', label: 'BTB' },
      ],
      rows: [
        {
          year: null,
          cells: [
            { kind: 'value', op: 'lte', value: 24, fromDefault: true },
            { kind: 'value', op: 'lte', value: 16.5, fromDefault: false },
            { kind: 'value', op: 'lte', value: 24, fromDefault: true },
          ],
        },
      ],
    });
  });

  it('gives income a row per year, and no threshold where a year is missing', () => {
    const table = thresholdTable(
      indicator({
        type: 'number',
        unit: 'triệu đồng/người/năm',
        rule: { op: 'gte', byClass: { DBSH: { '2024': 60, '2025': 66 }, TDMNPB: { '2025': 45 } } },
      }),
      regions,
    );
    expect(table.kind).toBe('grid');
    if (table.kind !== 'grid') return;
    expect(table.rows.map((row) => row.year)).toEqual([2024, 2025]);
    expect(table.rows[0]?.cells).toEqual([
      { kind: 'none' },
      { kind: 'value', op: 'gte', value: 60, fromDefault: false },
      { kind: 'none' },
    ]);
    expect(table.rows[1]?.cells[0]).toEqual({
      kind: 'value',
      op: 'gte',
      value: 45,
      fromDefault: false,
    });
  });

  it('marks the classes judged yes/no, which are never verified', () => {
    const ehr = indicator({
      rule: { op: 'gte', byClass: { TDMNPB: 50, DBSH: 70 } },
      noThreshold: 'judgement',
      verified: true,
    });
    const table = thresholdTable(ehr, regions);
    expect(table.kind === 'grid' && table.rows[0]?.cells[2]).toEqual({ kind: 'judgement' });
    expect(hasUnverifiedThreshold(ehr, regions)).toBe(true);
    expect(hasUnverifiedThreshold(indicator({ rule: { op: 'gte', value: 80 } }), regions)).toBe(
      false,
    );
    expect(thresholdTable(indicator({ rule: null }), regions)).toEqual({
      kind: 'uniform',
      cell: { kind: 'none' },
    });
  });

  it('uses one column for a set without classes', () => {
    const table = thresholdTable(
      indicator({ rule: { op: 'gte', byClass: { default: { '2024': 1, '2025': 2 } } } }),
      { classification: 'none', classes: [], classInfo: {} },
    );
    expect(table.kind === 'grid' && table.columns).toEqual([{ key: null, label: '' }]);
  });
});

describe('groupCriteria', () => {
  it('keeps the order of the set and groups neighbours', () => {
    const criterion = (code: string, group: string | null): Criterion => ({
      code,
      name: code,
      group,
      note: null,
      indicators: [],
    });
    const groups = groupCriteria([
      criterion('1', 'Quy hoạch'),
      criterion('2', 'Hạ tầng'),
      criterion('3', 'Hạ tầng'),
      criterion('4', null),
    ]);
    expect(groups.map((g) => [g.group, g.criteria.map((c) => c.code)])).toEqual([
      ['Quy hoạch', ['1']],
      ['Hạ tầng', ['2', '3']],
      [null, ['4']],
    ]);
  });
});
