import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCriteriaSet, evaluateUnit } from './evaluate';
import type { CompiledCriteriaSet, UnitResult } from './evaluate';
import { revocationVerdict } from './revocation';
import { criterion, indicator, makeSet } from './test-helpers';
import { compare, isAtLeastAsStrict } from './thresholds';
import type { IndicatorValue, Op } from './types';

const CLASSES = ['TDMNPB', 'DBSH', 'BTB', 'DHNTB', 'TN', 'DNB', 'DBSCL'];
const percent = fc.double({ min: 0, max: 100, noNaN: true });
const amount = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const op = fc.constantFrom<Op>('gte', 'gt', 'lte', 'lt', 'eq');

/** A set mixing every threshold shape: plain, per class with default, per class per year, yes/no, no rule. */
const compiled: CompiledCriteriaSet = compileCriteriaSet(
  makeSet(
    [
      criterion('1', [
        indicator({ code: '1.1', type: 'percent', rule: { op: 'gte', value: 80 } }),
        indicator({
          code: '1.2',
          type: 'percent',
          rule: { op: 'gte', byClass: { TDMNPB: 70, default: 90 } },
        }),
      ]),
      criterion('2', [
        indicator({
          code: '2.1',
          type: 'number',
          rule: {
            op: 'gte',
            byClass: { DBSH: { '2024': 60, '2025': 66 }, default: { '2024': 50, '2025': 55 } },
          },
        }),
      ]),
      criterion('3', [
        indicator({ code: '3.1' }),
        indicator({ code: '3.2', type: 'percent', rule: { op: 'lte', value: 20 } }),
      ]),
      criterion('4', [
        indicator({
          code: '4.1',
          type: 'percent',
          rule: { op: 'gte', byClass: { TDMNPB: 50 } },
          noThreshold: 'judgement',
        }),
      ]),
      criterion('5', [indicator({ code: '5.1', type: 'number', rule: null })]),
    ],
    { revocation: { critical: ['2'], notMetShare: 50, criticalNotMetShare: 30, verified: true } },
  ),
);

const unitClass = fc.constantFrom(...CLASSES);
const year = fc.constantFrom(2023, 2024, 2025);

/** Values valid for the class (4.1 is a yes/no outside TDMNPB), each possibly missing. */
function valuesFor(cls: string): fc.Arbitrary<Record<string, IndicatorValue | null>> {
  const maybe = <T extends IndicatorValue>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
  return fc.record({
    '1.1': maybe(percent),
    '1.2': maybe(percent),
    '2.1': maybe(amount),
    '3.1': maybe(fc.boolean()),
    '3.2': maybe(percent),
    '4.1': cls === 'TDMNPB' ? maybe(percent) : maybe(fc.boolean()),
    '5.1': maybe(amount),
  });
}

const input = unitClass.chain((cls) => fc.tuple(fc.constant(cls), year, valuesFor(cls)));

function run(cls: string, y: number, values: Record<string, IndicatorValue | null>): UnitResult {
  return evaluateUnit(compiled, { unit: 'u', class: cls, year: y, values });
}

const all = (result: UnitResult) => result.criteria.flatMap((c) => c.indicators);

describe('engine properties', () => {
  it('a higher value never turns a met gte indicator into not met (and lte the other way)', () => {
    fc.assert(
      fc.property(input, fc.double({ min: 0, max: 100, noNaN: true }), ([cls, y, values], bump) => {
        const before = run(cls, y, values);
        const raised: Record<string, IndicatorValue | null> = { ...values };
        for (const code of ['1.1', '1.2', '2.1']) {
          const v = values[code];
          if (typeof v === 'number')
            raised[code] = code === '2.1' ? v + bump : Math.min(100, v + bump);
        }
        const lowered: Record<string, IndicatorValue | null> = { ...values };
        const v32 = values['3.2'];
        if (typeof v32 === 'number') lowered['3.2'] = Math.max(0, v32 - bump);
        const after = run(cls, y, raised);
        const afterLower = run(cls, y, lowered);
        for (const [i, result] of all(before).entries()) {
          if (result.status !== 'met') continue;
          if (['1.1', '1.2', '2.1'].includes(result.code))
            expect(all(after)[i]?.status).toBe('met');
          if (result.code === '3.2') expect(all(afterLower)[i]?.status).toBe('met');
        }
      }),
    );
  });

  it('missing never counts as met; a criterion is met iff all its indicators are; the unit iff all criteria are', () => {
    fc.assert(
      fc.property(input, ([cls, y, values]) => {
        const result = run(cls, y, values);
        for (const item of all(result)) {
          if (values[item.code] === null || values[item.code] === undefined) {
            expect(item.status === 'missing' || item.status === 'no_rule').toBe(true);
            expect(result.missing).toContain(item.code);
          }
        }
        for (const c of result.criteria) {
          expect(c.met).toBe(c.indicators.every((i) => i.status === 'met'));
        }
        expect(result.criteriaMet).toBe(result.criteria.filter((c) => c.met).length);
        expect(result.status === 'met').toBe(result.criteriaMet === result.criteriaTotal);
        // 5.1 has no rule: criterion 5 can never be met.
        expect(result.criteria[4]?.met).toBe(false);
      }),
    );
  });

  it('the verdict agrees with compare() on the threshold it reports', () => {
    fc.assert(
      fc.property(input, ([cls, y, values]) => {
        for (const item of all(run(cls, y, values))) {
          if (item.status !== 'met' && item.status !== 'not_met') continue;
          expect(item.op).not.toBeNull();
          const met = compare(
            item.op as Op,
            item.value as IndicatorValue,
            item.threshold as number | boolean,
          );
          expect(item.status === 'met').toBe(met);
        }
      }),
    );
  });

  it('evaluation is deterministic and does not depend on earlier calls', () => {
    fc.assert(
      fc.property(input, input, ([c1, y1, v1], [c2, y2, v2]) => {
        const first = run(c1, y1, v1);
        run(c2, y2, v2);
        expect(run(c1, y1, v1)).toEqual(first);
      }),
    );
  });

  it('revocation: revoke iff ≥ 50 % not met, or ≥ 30 % with a critical one; monotone in failures', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
        (total, failing, critical) => {
          const codes = Array.from({ length: total }, (_, i) => String(i + 1));
          const notMet = codes.filter((_, i) => failing[i]);
          const criticalCodes = codes.filter((_, i) => critical[i]);
          const rules = {
            critical: criticalCodes,
            notMetShare: 50,
            criticalNotMetShare: 30,
            verified: true,
          };
          const verdict = revocationVerdict(rules, notMet, total);
          const share = notMet.length / total;
          const anyCritical = notMet.some((code) => criticalCodes.includes(code));
          const expected =
            notMet.length * 2 >= total || (notMet.length * 10 >= total * 3 && anyCritical);
          expect(verdict.revoke).toBe(expected);
          expect(verdict.failingShare).toBeCloseTo(share, 12);
          // Failing one more criterion never lifts a revocation.
          const extra = codes.find((code) => !notMet.includes(code));
          if (verdict.revoke && extra) {
            expect(revocationVerdict(rules, [...notMet, extra], total).revoke).toBe(true);
          }
        },
      ),
    );
  });

  it('isAtLeastAsStrict: every value meeting the stricter rule meets the looser one', () => {
    fc.assert(
      fc.property(op, amount, op, amount, amount, (pOp, pValue, cOp, cValue, value) => {
        if (isAtLeastAsStrict({ op: pOp, value: pValue }, { op: cOp, value: cValue })) {
          if (compare(cOp, value, cValue)) expect(compare(pOp, value, pValue)).toBe(true);
          if (compare(cOp, cValue, cValue)) expect(compare(pOp, cValue, pValue)).toBe(true);
        }
      }),
    );
  });
});
