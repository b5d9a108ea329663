import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCriteriaSet, criterionStatusOf, evaluateUnit } from './evaluate';
import type { IndicatorStatus } from './evaluate';
import { revocationVerdict } from './revocation';
import { booleanSet } from './test-helpers';
import type { IndicatorValue } from './types';

/** Missing data is not failure (issue 11, point 2). */

const commune = compileCriteriaSet(booleanSet(19, { critical: ['10', '17', '19'] }));
const run = (values: Record<string, IndicatorValue>) =>
  evaluateUnit(commune, { unit: '00004', class: null, year: 2024, values });

describe('missing data is not failure', () => {
  it('a commune with no data is "not enough data", never revoked', () => {
    const result = run({});
    expect(result.status).toBe('not_met');
    expect(result.outcome).toBe('incomplete');
    expect(result.criteriaNotMet).toBe(0);
    expect(result.criteriaIncomplete).toBe(19);
    expect(result.criteria.every((criterion) => criterion.status === 'incomplete')).toBe(true);
    expect(result.revocation).toMatchObject({
      revoke: false,
      outcome: 'undetermined',
      criteriaNotMet: 0,
      criteriaIncomplete: 19,
      failingShare: 0,
      rule: null,
    });
  });

  it('one failing critical criterion and many missing: not revoked below the thresholds', () => {
    const result = run({ '10': false, '1': true, '2': true });
    expect(result.outcome).toBe('not_met');
    expect(result.criteriaNotMet).toBe(1);
    expect(result.criteriaIncomplete).toBe(16);
    expect(result.revocation).toMatchObject({
      revoke: false,
      outcome: 'undetermined',
      criticalFailing: ['10'],
      possibleRule: 'not_met_share',
    });
  });

  it('revokes once the criteria really not met reach the thresholds, whatever is missing', () => {
    // 6/19 = 31.6 % really not met, with critical 10, and the rest missing → revoke.
    const values = Object.fromEntries(['1', '2', '3', '4', '5', '10'].map((c) => [c, false]));
    expect(run(values).revocation).toMatchObject({ revoke: true, rule: 'critical_share' });
  });

  it('keeps the recognition when even failing every incomplete criterion would not revoke', () => {
    const values: Record<string, IndicatorValue> = Object.fromEntries(
      Array.from({ length: 19 }, (_, i) => [String(i + 1), true]),
    );
    delete values['1']; // 1 missing (not critical): 1/19 cannot revoke
    expect(run(values)).toMatchObject({ outcome: 'incomplete', criteriaIncomplete: 1 });
    expect(run(values).revocation).toMatchObject({ revoke: false, outcome: 'keep' });
  });

  it('a criterion is not met only with a failing value', () => {
    const all: IndicatorStatus[] = ['met', 'not_met', 'missing', 'no_rule'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...all), { maxLength: 8 }), (statuses) => {
        const status = criterionStatusOf(statuses);
        if (statuses.includes('not_met')) expect(status).toBe('not_met');
        else if (statuses.every((s) => s === 'met')) expect(status).toBe('met');
        else expect(status).toBe('incomplete');
      }),
    );
  });

  it('property: filling in missing values never turns a revocation into a keep (monotone)', () => {
    const cell = fc.constantFrom<IndicatorValue | null>(true, false, null);
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: 19, maxLength: 19 }),
        fc.array(fc.boolean(), { minLength: 19, maxLength: 19 }),
        (cells, fill) => {
          const partial = Object.fromEntries(
            cells.flatMap((value, i) => (value === null ? [] : [[String(i + 1), value]])),
          );
          const full = Object.fromEntries(
            cells.map((value, i) => [String(i + 1), value ?? (fill[i] as boolean)]),
          );
          const before = run(partial).revocation!;
          const after = run(full).revocation!;
          // The number really not met is exactly the count of false values.
          expect(before.criteriaNotMet).toBe(cells.filter((value) => value === false).length);
          expect(before.criteriaIncomplete).toBe(cells.filter((value) => value === null).length);
          if (before.outcome === 'revoke') expect(after.outcome).toBe('revoke');
          if (before.outcome === 'keep') expect(after.outcome).toBe('keep');
          expect(after.outcome).not.toBe('undetermined');
        },
      ),
    );
  });
});

describe('revocationVerdict with incomplete criteria and communes without a verdict', () => {
  const rules = {
    critical: ['6', '7', '8', '9'],
    notMetShare: 50,
    criticalNotMetShare: 30,
    revokedSubunitsShare: 30,
    verified: true,
  };
  it('a district: communes without a verdict make the subunit rule undetermined', () => {
    expect(
      revocationVerdict(rules, [], 9, { total: 10, revoked: 2, undetermined: 1 }),
    ).toMatchObject({ revoke: false, outcome: 'undetermined', possibleRule: 'revoked_subunits' });
    expect(
      revocationVerdict(rules, [], 9, { total: 10, revoked: 3, undetermined: 5 }),
    ).toMatchObject({ revoke: true, outcome: 'revoke', rule: 'revoked_subunits' });
    expect(
      revocationVerdict(rules, [], 9, { total: 10, revoked: 1, undetermined: 1 }),
    ).toMatchObject({ outcome: 'keep' });
  });
  it('a critical incomplete criterion can make the critical rule undetermined', () => {
    expect(revocationVerdict(rules, ['1', '2'], 9, undefined, ['7'])).toMatchObject({
      revoke: false,
      outcome: 'undetermined',
      criticalIncomplete: ['7'],
      possibleRule: 'critical_share',
    });
  });
});
