import { describe, expect, it } from 'vitest';
import { diffCriteriaSets, ruleText } from './diff';
import { formatCriteriaSetIssue, parseCriteriaSet } from './parse';
import { criterion, indicator, makeSet, parseOk, yaml } from './test-helpers';

const base = makeSet([
  criterion('3', [
    indicator({ code: '3.1', type: 'percent', unit: '%', rule: { op: 'gte', value: 80 } }),
    indicator({ code: '3.2' }),
  ]),
  criterion('15', [
    indicator({
      code: '15.3',
      type: 'percent',
      unit: '%',
      rule: { op: 'lte', byClass: { TDMNPB: 24, DBSH: 16.5 } },
    }),
    indicator({ code: '15.4', name: 'Tỷ lệ người dân có hồ sơ sức khỏe điện tử' }),
  ]),
]);

describe('diffCriteriaSets', () => {
  it('finds nothing between a set and itself', () => {
    const diff = diffCriteriaSets(base, base);
    expect(diff.same).toBe(true);
    expect(diff.indicators).toEqual({ added: [], removed: [], changed: [] });
  });

  it('lists indicators added, removed, with a changed rule or a changed name, and set fields', () => {
    const amended = makeSet(
      [
        criterion('3', [
          indicator({ code: '3.1', type: 'percent', unit: '%', rule: { op: 'gte', value: 85 } }),
        ]),
        criterion('15', [
          indicator({
            code: '15.3',
            type: 'percent',
            unit: '%',
            rule: { op: 'lte', byClass: { TDMNPB: 24, DBSH: 16.5 } },
          }),
          indicator({ code: '15.4', name: 'Tỷ lệ dân số có sổ khám chữa bệnh điện tử' }),
          indicator({ code: '15.5', name: 'Chỉ tiêu mới', verified: false, source: undefined }),
        ]),
      ],
      {
        code: 'test-set-v2',
        validFrom: '2024-03-01',
        amendment: { decision: '211/QĐ-TTg', date: '2024-03-01', amends: 'test-set' },
      },
    );
    const diff = diffCriteriaSets(base, amended);
    expect(diff.same).toBe(false);
    expect(diff).toMatchObject({ from: 'test-set', to: 'test-set-v2' });
    expect(diff.set.map((change) => change.field)).toEqual(['validFrom', 'amendment']);
    expect(diff.set[0]).toEqual({ field: 'validFrom', from: '2022-01-01', to: '2024-03-01' });
    expect(diff.indicators.added).toEqual([
      { code: '15.5', name: 'Chỉ tiêu mới', criterion: '15', rule: 'Đạt' },
    ]);
    expect(diff.indicators.removed.map((item) => item.code)).toEqual(['3.2']);
    expect(diff.indicators.changed).toEqual([
      {
        code: '3.1',
        name: 'Chỉ tiêu 3.1',
        criterion: '3',
        changes: [{ field: 'rule', from: '≥ 80%', to: '≥ 85%' }],
      },
      {
        code: '15.4',
        name: 'Tỷ lệ dân số có sổ khám chữa bệnh điện tử',
        criterion: '15',
        changes: [
          {
            field: 'name',
            from: 'Tỷ lệ người dân có hồ sơ sức khỏe điện tử',
            to: 'Tỷ lệ dân số có sổ khám chữa bệnh điện tử',
          },
        ],
      },
    ]);
  });

  it('sees criteria added, removed and renamed, and an indicator moved to another criterion', () => {
    const other = makeSet([
      criterion('3', [
        indicator({ code: '3.1', type: 'percent', unit: '%', rule: { op: 'gte', value: 80 } }),
      ]),
      { ...criterion('16', [indicator({ code: '3.2' })]), name: 'Văn hóa' },
    ]);
    const renamed = makeSet([
      { ...criterion('3', base.criteria[0]!.indicators), name: 'Thủy lợi' },
    ]);
    expect(diffCriteriaSets(base, renamed).criteria.renamed).toEqual([
      { code: '3', from: 'Tiêu chí 3', to: 'Thủy lợi' },
    ]);
    const diff = diffCriteriaSets(base, other);
    expect(diff.criteria.added).toEqual([{ code: '16', name: 'Văn hóa' }]);
    expect(diff.criteria.removed).toEqual([{ code: '15', name: 'Tiêu chí 15' }]);
    expect(diff.indicators.changed).toEqual([
      expect.objectContaining({
        code: '3.2',
        changes: [{ field: 'criterion', from: '3', to: '16' }],
      }),
    ]);
  });

  it('writes rules as officials read them', () => {
    const rule15 = base.criteria[1]!.indicators[0]!;
    expect(ruleText(rule15.rule, rule15, base)).toBe('≤ 24% (TDMNPB); ≤ 16,5% (ĐBSH)');
    expect(ruleText(null, rule15, base, 'en')).toBe('no threshold');
    expect(
      ruleText(
        { op: 'gte', byClass: { default: { '2024': 50, '2025': 55 } } },
        { type: 'number', unit: 'triệu đồng/người/năm' },
        base,
      ),
    ).toBe('mặc định: 2024: ≥ 50 triệu đồng/người/năm, 2025: ≥ 55 triệu đồng/người/năm');
  });
});

const amendedText = yaml`
  code: xa-thu-2021-2025-v2
  name: Bộ thử (sửa đổi)
  issuer: central
  basis: 318/QĐ-TTg; sửa đổi theo 211/QĐ-TTg ngày 01/03/2024
  level: commune
  validFrom: 2024-03-01
  validTo: 2025-12-31
  classification: none
  amendment:
    decision: 211/QĐ-TTg
    date: 2024-03-01
    amends: xa-thu-2021-2025
  criteria:
    - code: "1"
      name: Quy hoạch
      indicators:
        - code: "1"
          name: Đạt
          type: boolean
          rule: { op: eq, value: true }
`;

function issues(text: string): string[] {
  const result = parseCriteriaSet(text, 'set.yaml', { language: 'vi' });
  return result.ok ? [] : result.issues.map(formatCriteriaSetIssue);
}

describe('amendment in a set file', () => {
  it('is kept with the set: the amending decision, its date, the version amended', () => {
    expect(parseOk(amendedText).amendment).toEqual({
      decision: '211/QĐ-TTg',
      date: '2024-03-01',
      amends: 'xa-thu-2021-2025',
    });
  });

  it('refuses an amendment that would change the published version in place', () => {
    const inPlace = amendedText.replace('code: xa-thu-2021-2025-v2', 'code: xa-thu-2021-2025');
    expect(issues(inPlace)).toEqual([
      expect.stringMatching(
        /^set\.yaml:12:11: văn bản sửa đổi 211\/QĐ-TTg không được sửa trực tiếp bộ «xa-thu-2021-2025»: phiên bản sửa đổi phải mang mã mới/,
      ),
    ]);
  });

  it('refuses a version that would apply before the amending decision, and a bad date', () => {
    expect(issues(amendedText.replace('validFrom: 2024-03-01', 'validFrom: 2022-01-01'))).toEqual([
      expect.stringContaining(
        'phiên bản sửa đổi theo 211/QĐ-TTg không thể áp dụng từ 2022-01-01, trước ngày của văn bản sửa đổi (2024-03-01)',
      ),
    ]);
    expect(issues(amendedText.replace('date: 2024-03-01', 'date: 2024-02-30'))).toEqual([
      expect.stringContaining('ngày phải theo dạng yyyy-mm-dd'),
    ]);
  });
});
