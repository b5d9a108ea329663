import { describe, expect, it } from 'vitest';
import { compileCriteriaSet } from '../../../domain/criteria/evaluate';
import { formatCriteriaSetIssue, parseCriteriaSet } from '../../../domain/criteria/parse';
import type { CriteriaSet, IndicatorValue } from '../../../domain/criteria/types';
import { buildScorecard, criteriaByVerdict } from './scorecard';
import type { CommuneValues } from './types';

const files = import.meta.glob<string>('../../../../data/criteria/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

function load(code: string): CriteriaSet {
  const entry = Object.entries(files).find(([path]) => path.endsWith(`/${code}.yaml`));
  if (!entry) throw new Error(`no file for ${code}`);
  const result = parseCriteriaSet(entry[1], entry[0]);
  if (!result.ok) throw new Error(result.issues.map(formatCriteriaSetIssue).join('\n'));
  return result.set;
}

const SET = load('xa-ntm-2021-2025');

/** Values meeting every indicator for a class, then the changes asked. */
function values(
  unitClass: string,
  changes: Record<string, IndicatorValue | null>,
): Record<string, IndicatorValue | null> {
  const compiled = compileCriteriaSet(SET);
  const applied = compiled.thresholds(unitClass, 2025);
  const passing = Object.fromEntries(
    compiled.indicators.map((item): [string, IndicatorValue] => {
      const threshold = applied[item.index];
      if (!threshold || threshold.value === null) return [item.code, true];
      if (typeof threshold.value === 'boolean') return [item.code, threshold.value];
      return [item.code, threshold.op === 'lte' || threshold.op === 'lt' ? 0 : 100];
    }),
  );
  return { ...passing, ...changes };
}

function commune(
  unitClass: string | null,
  byCode: Record<string, IndicatorValue | null>,
  evidence: Record<string, number> = {},
): Pick<CommuneValues, 'items' | 'unitClass' | 'year' | 'unit'> {
  return {
    unit: {
      code: '04381',
      name: 'Xã Lâm Giang',
      level: 'commune',
      validFrom: '2025-07-01',
      validTo: null,
      ancestors: [{ code: '15', name: 'Tỉnh Lào Cai' }],
    },
    year: 2025,
    unitClass,
    items: Object.entries(byCode).map(([indicator, value]) => ({
      indicator,
      value,
      note: null,
      version: value === null ? 0 : 1,
      updatedAt: null,
      updatedBy: null,
      previousYear: null,
      evidence: Array.from({ length: evidence[indicator] ?? 0 }, (_, i) => ({
        id: `${indicator}-${i}`,
        name: 'anh.jpg',
        mediaType: 'image/jpeg',
        sizeBytes: 10,
        hasThumbnail: true,
        createdAt: '2025-08-01T00:00:00Z',
        createdBy: 'xa.lamgiang',
        // One deleted file is never counted.
        deletedAt: i === 0 && (evidence[indicator] ?? 0) > 1 ? '2025-08-02T00:00:00Z' : null,
        deletedBy: null,
        deleteReason: null,
      })),
    })),
  };
}

describe('commune scorecard', () => {
  it('explains a failure with the value, the threshold of the class and the rule’s source', () => {
    const card = buildScorecard(
      SET,
      commune('TDMNPB', values('TDMNPB', { '3.1': 70.5 }), { '3.1': 3 }),
    );
    expect(card.classified).toBe(true);
    expect(card.criteriaTotal).toBe(19);
    expect(card.criteriaMet).toBe(18);
    const irrigation = card.criteria.find((criterion) => criterion.code === '3')!;
    expect(irrigation.status).toBe('not_met');
    expect(irrigation.indicatorsMet).toBe(1);
    const indicator = irrigation.indicators.find((item) => item.code === '3.1')!;
    expect(indicator.status).toBe('not_met');
    expect(indicator.reason).toBe('Không đạt: 70,5% < 80% (ngưỡng chung)');
    expect(indicator.source).toBe('1680/QĐ-BNN-VPĐP (mọi vùng)');
    expect(indicator.evidence).toBe(2);
    expect(criteriaByVerdict(card).not_met).toEqual(['3']);
  });

  it('tells missing data apart from a failure', () => {
    const card = buildScorecard(SET, commune('TDMNPB', values('TDMNPB', { '3.1': null })));
    const irrigation = card.criteria.find((criterion) => criterion.code === '3')!;
    expect(irrigation.status).toBe('missing');
    expect(irrigation.indicators[0]?.reason).toBe('Thiếu số liệu (cần ≥ 80%, ngưỡng chung)');
    expect(card.missing).toBe(1);
    expect(criteriaByVerdict(card).missing).toEqual(['3']);
  });

  it('meets every criterion with passing values, and writes reasons in English too', () => {
    const card = buildScorecard(SET, commune('DBSH', values('DBSH', {})), 'en');
    expect(card.criteriaMet).toBe(19);
    expect(card.criteria.every((criterion) => criterion.status === 'met')).toBe(true);
    const irrigation = card.criteria.find((criterion) => criterion.code === '3')!;
    expect(irrigation.indicators[0]?.reason).toBe('Met: 100% ≥ 80% (threshold for all classes)');
  });

  it('gives no verdict to a commune without a region', () => {
    const card = buildScorecard(SET, commune(null, values('TDMNPB', { '3.1': 70 })));
    expect(card.classified).toBe(false);
    expect(card.criteriaMet).toBeNull();
    expect(card.criteria.every((criterion) => criterion.status === 'unjudged')).toBe(true);
    expect(card.criteria[0]?.indicators[0]?.reason).toBeNull();
  });

  it('counts a value of the wrong kind as missing instead of failing to evaluate', () => {
    const card = buildScorecard(SET, commune('TDMNPB', values('TDMNPB', { '3.2': 42 })));
    const disasters = card.criteria
      .find((criterion) => criterion.code === '3')!
      .indicators.find((item) => item.code === '3.2')!;
    expect(disasters.status).toBe('missing');
  });
});
