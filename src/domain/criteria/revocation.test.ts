import { describe, expect, it } from 'vitest';
import { compileCriteriaSet, evaluateUnit } from './evaluate';
import { revocationVerdict } from './revocation';
import { booleanSet } from './test-helpers';
import type { RevocationConfig } from './types';

const rules: RevocationConfig = {
  critical: ['10', '17', '19'],
  notMetShare: 50,
  criticalNotMetShare: 30,
  revokedSubunitsShare: 30,
  verified: true,
};

const codes = (...numbers: number[]): string[] => numbers.map(String);

describe('revocation (18/2022): boundaries', () => {
  const cases: Array<[string, string[], number, boolean, string | null]> = [
    // 10 criteria: shares of exactly 30 % and 50 % are reachable.
    [
      'exactly 30 % with a critical criterion → revoke',
      codes(1, 2, 10),
      10,
      true,
      'critical_share',
    ],
    ['exactly 30 % without a critical criterion → keep', codes(1, 2, 3), 10, false, null],
    ['20 % with a critical criterion → keep', codes(1, 10), 10, false, null],
    [
      'exactly 50 % without a critical criterion → revoke',
      codes(1, 2, 3, 4, 5),
      10,
      true,
      'not_met_share',
    ],
    ['40 % without a critical criterion → keep', codes(1, 2, 3, 4), 10, false, null],
    ['40 % with a critical criterion → revoke', codes(1, 2, 3, 17), 10, true, 'critical_share'],
    ['100 % → revoke', codes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 10, true, 'not_met_share'],
    ['nothing failing → keep', [], 10, false, null],
    // 19 criteria (commune set 2021–2025).
    [
      '6/19 = 31.6 % with a critical criterion → revoke',
      codes(1, 2, 3, 4, 5, 19),
      19,
      true,
      'critical_share',
    ],
    ['5/19 = 26.3 % with critical criteria → keep', codes(1, 2, 10, 17, 19), 19, false, null],
    ['10/19 = 52.6 % → revoke', codes(1, 2, 3, 4, 5, 6, 7, 8, 9, 11), 19, true, 'not_met_share'],
    [
      '9/19 = 47.4 % without a critical criterion → keep',
      codes(1, 2, 3, 4, 5, 6, 7, 8, 9),
      19,
      false,
      null,
    ],
    // 9 criteria (district set): 3/9 = 33.3 %.
    ['3/9 with a critical criterion → revoke', codes(1, 2, 10), 9, true, 'critical_share'],
    ['2/9 = 22.2 % with a critical criterion → keep', codes(1, 10), 9, false, null],
  ];
  it.each(cases)('%s', (_, notMet, total, revoke, rule) => {
    const verdict = revocationVerdict(rules, notMet, total);
    expect(verdict.revoke).toBe(revoke);
    expect(verdict.rule).toBe(rule);
    expect(verdict.failingShare).toBeCloseTo(notMet.length / total, 12);
    expect(verdict.criteriaNotMet).toBe(notMet.length);
  });

  it('lists the critical criteria among those failing, in their order', () => {
    expect(revocationVerdict(rules, codes(19, 2, 10), 19).criticalFailing).toEqual(['19', '10']);
  });

  it('district: revoke when exactly 30 % of its communes were revoked', () => {
    expect(revocationVerdict(rules, [], 9, { total: 10, revoked: 3 })).toMatchObject({
      revoke: true,
      rule: 'revoked_subunits',
    });
    expect(revocationVerdict(rules, [], 9, { total: 10, revoked: 2 }).revoke).toBe(false);
    expect(revocationVerdict(rules, [], 9, { total: 0, revoked: 0 }).revoke).toBe(false);
    const noSubunitRule = { ...rules, revokedSubunitsShare: undefined };
    expect(revocationVerdict(noSubunitRule, [], 9, { total: 10, revoked: 9 }).revoke).toBe(false);
  });

  it('uses the shares of the set (a province may lower them)', () => {
    const stricter = { ...rules, notMetShare: 40, criticalNotMetShare: 20 };
    expect(revocationVerdict(stricter, codes(1, 2, 3, 4), 10).rule).toBe('not_met_share');
    expect(revocationVerdict(stricter, codes(1, 10), 10).rule).toBe('critical_share');
  });

  it('the engine applies it to the criteria a unit does not meet', () => {
    const compiled = compileCriteriaSet(booleanSet(10, { critical: ['3'] }));
    const values = (failing: number[]) =>
      Object.fromEntries(
        Array.from({ length: 10 }, (_, i) => [String(i + 1), !failing.includes(i + 1)]),
      );
    const at30 = evaluateUnit(compiled, {
      unit: 'x',
      class: null,
      year: 2024,
      values: values([1, 2, 3]),
    });
    expect(at30.revocation).toMatchObject({
      revoke: true,
      failingShare: 0.3,
      criticalFailing: ['3'],
    });
    const at30NoCritical = evaluateUnit(compiled, {
      unit: 'x',
      class: null,
      year: 2024,
      values: values([1, 2, 4]),
    });
    expect(at30NoCritical.revocation).toMatchObject({
      revoke: false,
      failingShare: 0.3,
      criticalFailing: [],
    });
    // Missing values are not failures: no data is "not enough data", never "revoke".
    const missing = evaluateUnit(compiled, { unit: 'x', class: null, year: 2024, values: {} });
    expect(missing.revocation).toMatchObject({
      revoke: false,
      outcome: 'undetermined',
      failingShare: 0,
      criteriaNotMet: 0,
      criteriaIncomplete: 10,
    });
  });
});
