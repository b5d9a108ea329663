import { describe, expect, it } from 'vitest';
import { compileCriteriaSet, evaluateUnit } from './evaluate';
import type { UnitResult } from './evaluate';
import { formatNumber, formatQuantity } from './format';
import { formatIndicatorReason, formatRevocation } from './reasons';
import { booleanSet, criterion, indicator, makeSet } from './test-helpers';
import type { IndicatorValue, Language } from './types';

const compiled = compileCriteriaSet(
  makeSet(
    [
      criterion('17', [
        indicator({
          code: '17.1',
          type: 'percent',
          unit: '%',
          rule: { op: 'gte', byClass: { TDMNPB: 15, DBSH: 20 } },
        }),
        indicator({
          code: '17.2',
          type: 'percent',
          unit: '%',
          rule: { op: 'gte', value: 80 },
          verified: false,
        }),
        indicator({ code: '17.3' }),
        indicator({ code: '17.4', verified: false }),
      ]),
      criterion('10', [
        indicator({
          code: '10',
          type: 'number',
          unit: 'triệu đồng/người/năm',
          rule: { op: 'gte', byClass: { DBSH: { '2024': 60 }, default: { '2024': 50 } } },
        }),
      ]),
      criterion('15', [
        indicator({
          code: '15.3',
          type: 'percent',
          unit: '%',
          rule: { op: 'lte', byClass: { TDMNPB: 24 } },
        }),
        indicator({
          code: '15.4',
          type: 'percent',
          unit: '%',
          rule: { op: 'gte', byClass: { TDMNPB: 50 } },
          noThreshold: 'judgement',
        }),
        indicator({ code: '15.9', type: 'percent', rule: null }),
      ]),
    ],
    { classInfo: { DBSH: { label: 'ĐBSH' } } },
  ),
);

function reasons(
  values: Record<string, IndicatorValue | null>,
  unitClass: string,
  year: number,
  language: Language = 'vi',
): Record<string, string> {
  const result: UnitResult = evaluateUnit(compiled, { unit: 'x', class: unitClass, year, values });
  return Object.fromEntries(
    result.criteria
      .flatMap((c) => c.indicators)
      .map((i) => [i.code, formatIndicatorReason(compiled, i, result, language)]),
  );
}

describe('formatIndicatorReason', () => {
  it('explains each verdict in Vietnamese', () => {
    expect(
      reasons(
        {
          '17.1': 12.5,
          '17.2': 85,
          '17.3': true,
          '17.4': false,
          '10': 45,
          '15.3': 24,
          '15.4': 100,
        },
        'TDMNPB',
        2024,
      ),
    ).toEqual({
      '17.1': 'Không đạt: 12,5% < 15% (ngưỡng vùng TDMNPB)',
      '17.2': 'Đạt: 85% ≥ 80% (ngưỡng chung, chưa xác minh)',
      '17.3': 'Đạt',
      '17.4': 'Không đạt (chưa xác minh)',
      '10': 'Không đạt: 45 triệu đồng/người/năm < 50 triệu đồng/người/năm (ngưỡng mặc định năm 2024)',
      '15.3': 'Đạt: 24% ≤ 24% (ngưỡng vùng TDMNPB)',
      '15.4': 'Đạt: 100% ≥ 50% (ngưỡng vùng TDMNPB)',
      '15.9':
        'Chưa có quy tắc đánh giá cho chỉ tiêu này (chưa đánh giá được, không tính là không đạt)',
    });
  });

  it('uses the class label and explains missing values and missing thresholds', () => {
    const text = reasons({ '17.1': 25, '15.4': false }, 'DBSH', 2025);
    expect(text['17.1']).toBe('Đạt: 25% ≥ 20% (ngưỡng vùng ĐBSH)');
    expect(text['17.2']).toBe('Thiếu số liệu (cần ≥ 80%, ngưỡng chung, chưa xác minh)');
    expect(text['17.3']).toBe('Thiếu số liệu (cần Đạt)');
    expect(text['10']).toBe(
      'Chưa có ngưỡng cho vùng ĐBSH, năm 2025 (chưa đánh giá được, không tính là không đạt)',
    );
    expect(text['15.3']).toBe(
      'Chưa có ngưỡng cho vùng ĐBSH (chưa đánh giá được, không tính là không đạt)',
    );
    expect(text['15.4']).toBe(
      'Không đạt (đánh giá Đạt/Không đạt của cán bộ phụ trách, chưa có ngưỡng số cho vùng ĐBSH)',
    );
  });

  it('speaks English on request', () => {
    const text = reasons({ '17.1': 12.5, '10': 1250.5 }, 'TDMNPB', 2024, 'en');
    expect(text['17.1']).toBe('Not met: 12.5% < 15% (TDMNPB region threshold)');
    expect(text['10']).toBe(
      'Met: 1,250.5 triệu đồng/người/năm ≥ 50 triệu đồng/người/năm (default threshold for 2024)',
    );
    expect(text['17.2']).toBe('Missing value (needs ≥ 80%, threshold for all classes, unverified)');
  });
});

describe('number formatting', () => {
  it('writes numbers as officials do', () => {
    expect(formatNumber(12.5)).toBe('12,5');
    expect(formatNumber(1250000)).toBe('1.250.000');
    expect(formatNumber(-0.125)).toBe('-0,125');
    expect(formatNumber(1 / 3)).toBe('0,333333');
    expect(formatNumber(1250000.75, 'en')).toBe('1,250,000.75');
    expect(formatQuantity(16.5, '%')).toBe('16,5%');
    expect(formatQuantity(true, undefined)).toBe('Đạt');
    expect(formatQuantity(false, undefined, 'en')).toBe('not met');
  });
});

describe('formatRevocation', () => {
  const set = booleanSet(19, { critical: ['10'] });
  const run = (failing: number[]) => {
    const values = Object.fromEntries(
      Array.from({ length: 19 }, (_, i) => [String(i + 1), !failing.includes(i + 1)]),
    );
    const result = evaluateUnit(compileCriteriaSet(set), {
      unit: 'x',
      class: null,
      year: 2024,
      values,
    });
    if (!result.revocation) throw new Error('no verdict');
    return formatRevocation(set, result.revocation);
  };
  it('explains the verdict', () => {
    expect(run([1, 2])).toBe('Không thu hồi: 2/19 tiêu chí không đạt (10,5%)');
    expect(run([1, 2, 3, 4, 5, 10])).toBe(
      'Thu hồi: 6/19 tiêu chí không đạt (31,6% ≥ 30%), có tiêu chí quan trọng 10',
    );
    expect(run([1, 2, 3, 4, 5, 6, 7, 8, 9, 11])).toBe(
      'Thu hồi: 10/19 tiêu chí không đạt (52,6% ≥ 50%)',
    );
  });
});
