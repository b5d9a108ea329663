import { describe, expect, it } from 'vitest';
import { compileCriteriaSet } from '../../../domain/criteria';
import { criterion, indicator, makeSet } from '../../../domain/criteria/test-helpers';
import { criterionStatus, groupsOf, inputKind, liveEvaluate } from './liveEvaluation';

const set = makeSet([
  criterion('3', [
    indicator({ code: '3.1', type: 'percent', unit: '%', rule: { op: 'gte', value: 80 } }),
    indicator({ code: '3.2' }),
  ]),
  criterion('15', [
    indicator({
      code: '15.4',
      type: 'percent',
      unit: '%',
      rule: { op: 'gte', byClass: { DBSH: 70, TDMNPB: 50 } },
      noThreshold: 'judgement',
    }),
  ]),
]);
const compiled = compileCriteriaSet(set);

describe('liveEvaluate', () => {
  it('counts criteria met as values are typed', () => {
    const empty = liveEvaluate(compiled, '04381', 'TDMNPB', 2025, {});
    expect(empty).toMatchObject({ classified: true, criteriaMet: 0, criteriaTotal: 2, missing: 3 });
    expect(empty.byCriterion.get('3')?.status).toBe('missing');

    const some = liveEvaluate(compiled, '04381', 'TDMNPB', 2025, { '3.1': 70.5, '3.2': true });
    expect(some.byIndicator.get('3.1')?.status).toBe('not_met');
    expect(some.byCriterion.get('3')).toMatchObject({ status: 'not_met', met: 1, total: 2 });

    const met = liveEvaluate(compiled, '04381', 'TDMNPB', 2025, {
      '3.1': 85,
      '3.2': true,
      '15.4': 51,
    });
    expect(met).toMatchObject({ criteriaMet: 2, missing: 0 });
    expect(met.byCriterion.get('15')?.status).toBe('met');
  });

  it('judges yes/no an indicator without a numeric threshold for the class', () => {
    const applied = compiled.thresholds('BTB', 2025);
    const item = compiled.indicatorByCode.get('15.4')!;
    expect(inputKind(item.type, applied[item.index])).toBe('boolean');
    expect(inputKind(item.type, compiled.thresholds('DBSH', 2025)[item.index])).toBe('percent');
    // A number left from before counts as missing, not as an error.
    const result = liveEvaluate(compiled, '1', 'BTB', 2025, { '15.4': 60 });
    expect(result.byIndicator.get('15.4')?.status).toBe('missing');
    const judged = liveEvaluate(compiled, '1', 'BTB', 2025, { '15.4': true });
    expect(judged.byIndicator.get('15.4')?.status).toBe('met');
  });

  it('gives no verdict for a unit without a region', () => {
    const result = liveEvaluate(compiled, '1', null, 2025, { '3.1': 90 });
    expect(result).toMatchObject({ classified: false, criteriaMet: null, missing: 2 });
  });
});

describe('groupsOf', () => {
  it('keeps the set order and groups neighbours', () => {
    const groups = groupsOf([
      { code: '1', group: 'Quy hoạch' },
      { code: '2', group: 'Hạ tầng' },
      { code: '3', group: 'Hạ tầng' },
      { code: '4' },
    ]);
    expect(groups.map((g) => [g.group, g.criteria.map((c) => c.code)])).toEqual([
      ['Quy hoạch', ['1']],
      ['Hạ tầng', ['2', '3']],
      [null, ['4']],
    ]);
  });
});

describe('criterionStatus', () => {
  const base = { code: '1', met: false, critical: false, indicators: [] };
  it('says "not met" only when a value fails, "missing" when a value or a threshold is lacking', () => {
    expect(criterionStatus({ ...base, met: true, status: 'met' })).toBe('met');
    expect(criterionStatus({ ...base, status: 'not_met' })).toBe('not_met');
    // An indicator without a threshold (no_rule) leaves the criterion incomplete, not failed.
    expect(criterionStatus({ ...base, status: 'incomplete' })).toBe('missing');
  });
});
