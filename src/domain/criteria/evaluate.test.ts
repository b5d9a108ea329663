import { describe, expect, it } from 'vitest';
import { compileCriteriaSet, CriteriaInputError, evaluateUnit, evaluateUnits } from './evaluate';
import type { IndicatorResult, UnitResult } from './evaluate';
import { criterion, indicator, makeSet } from './test-helpers';
import type { IndicatorValue } from './types';

const set = makeSet(
  [
    criterion('3', [
      indicator({ code: '3.1', type: 'percent', unit: '%', rule: { op: 'gte', value: 80 } }),
      indicator({ code: '3.2' }),
    ]),
    criterion('10', [
      indicator({
        code: '10',
        type: 'number',
        unit: 'triệu đồng/người/năm',
        rule: {
          op: 'gte',
          byClass: { DBSH: { '2024': 60, '2025': 66 }, default: { '2024': 50, '2025': 55 } },
        },
        verified: false,
      }),
    ]),
    criterion('15', [
      indicator({
        code: '15.3',
        type: 'percent',
        unit: '%',
        rule: { op: 'lte', byClass: { TDMNPB: 24, DBSH: 16.5 } },
      }),
      indicator({
        code: '15.4',
        type: 'percent',
        unit: '%',
        rule: { op: 'gte', byClass: { TDMNPB: 50, DBSH: 70 } },
        noThreshold: 'judgement',
      }),
    ]),
    criterion('18', [indicator({ code: '18', rule: null, verified: false })]),
  ],
  {
    revocation: {
      critical: ['10'],
      notMetShare: 50,
      criticalNotMetShare: 30,
      verified: true,
    },
  },
);
const compiled = compileCriteriaSet(set);

function run(
  values: Record<string, IndicatorValue | null>,
  unitClass: string | null = 'DBSH',
  year = 2024,
): UnitResult {
  return evaluateUnit(compiled, { unit: '00004', class: unitClass, year, values });
}

function indicatorResult(result: UnitResult, code: string): IndicatorResult {
  const found = result.criteria.flatMap((c) => c.indicators).find((i) => i.code === code);
  if (!found) throw new Error(`no result for ${code}`);
  return found;
}

const allMet = { '3.1': 90, '3.2': true, '10': 70, '15.3': 10, '15.4': 80, '18': true };

describe('evaluateUnit', () => {
  it('reports per indicator the status, value, threshold applied and operator', () => {
    const result = run({ ...allMet, '3.1': 79.9 });
    expect(indicatorResult(result, '3.1')).toMatchObject({
      status: 'not_met',
      value: 79.9,
      threshold: 80,
      op: 'gte',
      verified: true,
      thresholdClass: null,
    });
    expect(indicatorResult(result, '10')).toMatchObject({
      status: 'met',
      value: 70,
      threshold: 60,
      thresholdClass: 'DBSH',
      thresholdYear: 2024,
      verified: false,
    });
    expect(indicatorResult(result, '15.3')).toMatchObject({
      status: 'met',
      threshold: 16.5,
      op: 'lte',
    });
  });

  it('meets a criterion only when every indicator is met, the unit only when every criterion is', () => {
    const result = run(allMet);
    // 18 has no rule: never met, but not failing either (incomplete).
    expect(result.criteria.map((c) => [c.code, c.met, c.status])).toEqual([
      ['3', true, 'met'],
      ['10', true, 'met'],
      ['15', true, 'met'],
      ['18', false, 'incomplete'],
    ]);
    expect(result.status).toBe('not_met');
    expect(result.criteriaMet).toBe(3);
    expect(result.criteriaTotal).toBe(4);
    expect(indicatorResult(result, '18')).toMatchObject({
      status: 'no_rule',
      gap: 'no_rule',
      op: null,
    });
  });

  it('all criteria met gives status met', () => {
    const simple = compileCriteriaSet(
      makeSet([criterion('1', [indicator({ code: '1.1' }), indicator({ code: '1.2' })])]),
    );
    const result = evaluateUnit(simple, {
      unit: 'x',
      class: 'BTB',
      year: 2024,
      values: { '1.1': true, '1.2': true },
    });
    expect(result.status).toBe('met');
    expect(result.criteriaMet).toBe(1);
    expect(result.missing).toEqual([]);
  });

  it('lists missing values; their criteria are incomplete, not failing', () => {
    const result = run({ '3.2': true, '10': null, '15.3': 10, '15.4': 80, '18': true });
    expect(result.missing).toEqual(['3.1', '10']);
    expect(indicatorResult(result, '3.1')).toMatchObject({
      status: 'missing',
      value: null,
      threshold: 80,
    });
    expect(result.criteria.find((c) => c.code === '3')).toMatchObject({
      met: false,
      status: 'incomplete',
    });
    expect(result.criteria.map((c) => c.status)).toEqual([
      'incomplete',
      'incomplete',
      'met',
      'incomplete', // 18: no rule
    ]);
    expect(result).toMatchObject({
      status: 'not_met',
      outcome: 'incomplete',
      criteriaMet: 1,
      criteriaNotMet: 0,
      criteriaIncomplete: 3,
    });
  });

  it('picks the year: an absent year gives no_rule with the reason, never a guess', () => {
    const result = run(allMet, 'DBSH', 2023);
    expect(indicatorResult(result, '10')).toMatchObject({
      status: 'no_rule',
      threshold: null,
      op: null,
      gap: 'no_year',
      thresholdYear: 2023,
      thresholdClass: 'DBSH',
    });
    const later = run({ ...allMet, '15.4': true }, 'BTB', 2025);
    expect(indicatorResult(later, '10')).toMatchObject({
      status: 'met',
      threshold: 55,
      thresholdClass: 'default',
      thresholdYear: 2025,
    });
  });

  it('a class without a threshold and no default is no_rule', () => {
    const result = run({ ...allMet, '15.4': true }, 'BTB');
    expect(indicatorResult(result, '15.3')).toMatchObject({ status: 'no_rule', gap: 'no_class' });
  });

  it('noThreshold: judgement turns a missing class threshold into a yes/no judgement', () => {
    const met = run({ ...allMet, '15.4': true }, 'BTB');
    expect(indicatorResult(met, '15.4')).toMatchObject({
      status: 'met',
      value: true,
      threshold: true,
      op: 'eq',
      judged: true,
      gap: 'no_class',
      verified: false,
    });
    const notMet = run({ ...allMet, '15.4': false }, 'BTB');
    expect(indicatorResult(notMet, '15.4').status).toBe('not_met');
    const missing = run({ ...allMet, '15.4': null }, 'BTB');
    expect(indicatorResult(missing, '15.4').status).toBe('missing');
  });

  it('accepts a Map as well as a plain object', () => {
    const fromMap = evaluateUnit(compiled, {
      unit: '00004',
      class: 'DBSH',
      year: 2024,
      values: new Map(Object.entries(allMet)),
    });
    expect(fromMap).toEqual(run(allMet));
  });

  it('ignores inherited object keys when reading values', () => {
    const values = Object.create({ '3.1': 100 }) as Record<string, IndicatorValue>;
    expect(run(values).missing).toContain('3.1');
  });

  it('refuses a class not in the set, or a class for a set without classification', () => {
    expect(() => run(allMet, 'XYZ')).toThrow(CriteriaInputError);
    expect(() => run(allMet, null)).toThrow(CriteriaInputError);
    const none = compileCriteriaSet(
      makeSet([criterion('1', [indicator({ code: '1' })])], {
        classification: 'none',
        classes: [],
      }),
    );
    expect(() => evaluateUnit(none, { unit: 'x', class: 'DBSH', year: 2024, values: {} })).toThrow(
      CriteriaInputError,
    );
    expect(
      evaluateUnit(none, { unit: 'x', class: null, year: 2024, values: { '1': true } }).status,
    ).toBe('met');
  });

  it('refuses percent values outside 0–100 and values of the wrong kind, listing them all', () => {
    try {
      run({ ...allMet, '3.1': 100.5, '3.2': 1, '10': true, '15.4': -1 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CriteriaInputError);
      expect((error as CriteriaInputError).problems).toEqual([
        { code: 'percent_out_of_range', indicator: '3.1', value: 100.5 },
        { code: 'expected_boolean', indicator: '3.2', value: 1 },
        { code: 'expected_number', indicator: '10', value: true },
        { code: 'percent_out_of_range', indicator: '15.4', value: -1 },
      ]);
    }
    expect(() => run({ ...allMet, '15.4': 50 }, 'BTB')).toThrow(/expected_judgement/);
    expect(() => run({ ...allMet, '10': Number.NaN })).toThrow(/expected_number/);
    expect(run({ ...allMet, '3.1': 0 }).status).toBe('not_met');
    expect(indicatorResult(run({ ...allMet, '3.1': 100 }), '3.1').status).toBe('met');
  });

  it('returns the revocation verdict, or null for a set without revocation rules', () => {
    const result = run({ ...allMet, '10': 10 });
    // 10 fails (1 of 4 = 25 %); 18 has no rule: incomplete, not failing. Were it failing, 2 of 4
    // = 50 % would revoke: the verdict says "not enough data", never "revoke".
    expect(result.revocation).toMatchObject({
      revoke: false,
      outcome: 'undetermined',
      criteriaNotMet: 1,
      criteriaIncomplete: 1,
      criticalFailing: ['10'],
      rule: null,
      possibleRule: 'not_met_share',
    });
    const twoFailing = run({ ...allMet, '10': 10, '3.1': 10 });
    expect(twoFailing.revocation).toMatchObject({
      revoke: true, // 2 of 4 really not met = 50 %
      outcome: 'revoke',
      criteriaNotMet: 2,
      rule: 'not_met_share',
    });
    const withoutRules = compileCriteriaSet({ ...set, revocation: null });
    expect(
      evaluateUnit(withoutRules, { unit: 'x', class: 'DBSH', year: 2024, values: allMet })
        .revocation,
    ).toBeNull();
  });

  it('memoises thresholds per class and year', () => {
    expect(compiled.thresholds('DBSH', 2024)).toBe(compiled.thresholds('DBSH', 2024));
    expect(compiled.thresholds('DBSH', 2025)).not.toBe(compiled.thresholds('DBSH', 2024));
  });

  it('evaluateUnits keeps the order of its inputs', () => {
    const results = evaluateUnits(set, [
      { unit: 'b', class: 'DBSH', year: 2024, values: allMet },
      { unit: 'a', class: 'TDMNPB', year: 2025, values: allMet },
    ]);
    expect(results.map((r) => [r.unit, r.year, r.class])).toEqual([
      ['b', 2024, 'DBSH'],
      ['a', 2025, 'TDMNPB'],
    ]);
  });
});
