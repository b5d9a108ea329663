import { describe, expect, it } from 'vitest';
import { compare, isAtLeastAsStrict, resolveThreshold, ruleYears } from './thresholds';
import type { Op, Rule } from './types';

describe('compare: every operator', () => {
  const cases: Array<[Op, number, number, boolean]> = [
    ['gte', 15, 15, true],
    ['gte', 15.01, 15, true],
    ['gte', 14.99, 15, false],
    ['gt', 15, 15, false],
    ['gt', 15.01, 15, true],
    ['gt', 14, 15, false],
    ['lte', 24, 24, true],
    ['lte', 23.9, 24, true],
    ['lte', 24.1, 24, false],
    ['lt', 24, 24, false],
    ['lt', 23.9, 24, true],
    ['lt', 25, 24, false],
    ['eq', 100, 100, true],
    ['eq', 99.9, 100, false],
    ['eq', 0, 0, true],
  ];
  it.each(cases)('%s: %d against %d → %s', (op, value, threshold, expected) => {
    expect(compare(op, value, threshold)).toBe(expected);
  });

  it('compares yes/no only with eq', () => {
    expect(compare('eq', true, true)).toBe(true);
    expect(compare('eq', false, true)).toBe(false);
    expect(compare('eq', false, false)).toBe(true);
    expect(compare('gte', true, true)).toBe(false);
    expect(compare('eq', 1, true)).toBe(false);
  });
});

describe('resolveThreshold: class fallback and year selection', () => {
  const perClass: Rule = { op: 'gte', byClass: { TDMNPB: 70, default: 100 } };
  const perYear: Rule = {
    op: 'gte',
    byClass: { DBSH: { '2024': 60, '2025': 66 }, default: { '2024': 50, '2025': 55 } },
  };
  const noDefault: Rule = { op: 'gte', byClass: { TDMNPB: 50, DBSH: 70 } };
  const mixed: Rule = { op: 'gte', byClass: { DBSH: { '2024': 60 }, default: 40 } };

  const cases: Array<[string, Rule | null, string | null, number, unknown]> = [
    [
      'a single value applies to every class',
      { op: 'gte', value: 80 },
      'BTB',
      2024,
      [80, null, null],
    ],
    [
      'a single value applies without a class',
      { op: 'gte', value: 80 },
      null,
      2024,
      [80, null, null],
    ],
    ['the class entry wins', perClass, 'TDMNPB', 2024, [70, 'TDMNPB', null]],
    ['other classes take default', perClass, 'DBSH', 2024, [100, 'default', null]],
    ['no class (classification none) takes default', perClass, null, 2024, [100, 'default', null]],
    ['per year: the class and the year', perYear, 'DBSH', 2025, [66, 'DBSH', 2025]],
    ['per year: default for another class', perYear, 'BTB', 2024, [50, 'default', 2024]],
    ['per year: an absent year gives no threshold', perYear, 'DBSH', 2023, 'no_year'],
    ['per year: a later absent year gives no threshold', perYear, 'BTB', 2026, 'no_year'],
    ['no default: unlisted class gives no threshold', noDefault, 'BTB', 2024, 'no_class'],
    [
      'a class entry lacking the year does not fall back to default',
      mixed,
      'DBSH',
      2025,
      'no_year',
    ],
    ['mixed: other classes use the plain default', mixed, 'TN', 2025, [40, 'default', null]],
    ['no rule', null, 'DBSH', 2024, 'no_rule'],
  ];
  it.each(cases)('%s', (_, rule, unitClass, year, expected) => {
    const resolution = resolveThreshold(rule, unitClass, year);
    if (typeof expected === 'string') {
      expect(resolution.found).toBe(false);
      if (!resolution.found) expect(resolution.gap).toBe(expected);
    } else {
      expect(resolution.found).toBe(true);
      if (resolution.found) {
        const t = resolution.threshold;
        expect([t.value, t.classKey, t.year]).toEqual(expected);
      }
    }
  });

  it('does not treat a class named like an Object prototype key as present', () => {
    expect(resolveThreshold(noDefault, 'toString', 2024).found).toBe(false);
  });

  it('lists the years a rule mentions', () => {
    expect(ruleYears(perYear)).toEqual([2024, 2025]);
    expect(ruleYears(perClass)).toEqual([]);
    expect(ruleYears(null)).toEqual([]);
  });
});

describe('isAtLeastAsStrict', () => {
  const cases: Array<[Op, number, Op, number, boolean]> = [
    ['gte', 80, 'gte', 80, true],
    ['gte', 80, 'gte', 85, true],
    ['gte', 80, 'gte', 75, false],
    ['gte', 80, 'gt', 80, true],
    ['gt', 80, 'gte', 80, false],
    ['gt', 80, 'gte', 80.5, true],
    ['gte', 80, 'eq', 100, true],
    ['gte', 80, 'eq', 70, false],
    ['lte', 24, 'lte', 20, true],
    ['lte', 24, 'lte', 25, false],
    ['lte', 24, 'lt', 24, true],
    ['lt', 24, 'lte', 24, false],
    ['gte', 80, 'lte', 90, false],
    ['eq', 100, 'eq', 100, true],
    ['eq', 100, 'gte', 100, false],
  ];
  it.each(cases)('%s %d → %s %d: %s', (pOp, pValue, cOp, cValue, expected) => {
    expect(isAtLeastAsStrict({ op: pOp, value: pValue }, { op: cOp, value: cValue })).toBe(
      expected,
    );
  });

  it('yes/no rules must stay the same', () => {
    expect(isAtLeastAsStrict({ op: 'eq', value: true }, { op: 'eq', value: true })).toBe(true);
    expect(isAtLeastAsStrict({ op: 'eq', value: true }, { op: 'eq', value: false })).toBe(false);
  });
});
