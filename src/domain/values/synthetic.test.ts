import { describe, expect, it } from 'vitest';
import { checkValue, compileCriteriaSet, evaluateUnit } from '../criteria/evaluate';
import { formatCriteriaSetIssue, parseCriteriaSet } from '../criteria/parse';
import { syntheticValues } from './synthetic';

const files = import.meta.glob<string>('../../../data/criteria/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

function compiledSet(code: string) {
  const entry = Object.entries(files).find(([path]) => path.endsWith(`/${code}.yaml`))!;
  const result = parseCriteriaSet(entry[1], entry[0]);
  if (!result.ok) throw new Error(result.issues.map(formatCriteriaSetIssue).join('\n'));
  return compileCriteriaSet(result.set);
}

describe('syntheticValues', () => {
  const compiled = compiledSet('xa-ntm-2021-2025');
  const units = Array.from({ length: 2000 }, (_, i) => String(10000 + i));

  it('is deterministic and draws valid values of every kind', () => {
    const first = syntheticValues(compiled, {
      unitCode: '04381',
      unitClass: 'TDMNPB',
      year: 2025,
      metShare: 0.7,
    });
    const again = syntheticValues(compiled, {
      unitCode: '04381',
      unitClass: 'TDMNPB',
      year: 2025,
      metShare: 0.7,
    });
    expect([...again]).toEqual([...first]);
    const applied = compiled.thresholds('TDMNPB', 2025);
    for (const unitCode of units.slice(0, 300)) {
      const values = syntheticValues(compiled, {
        unitCode,
        unitClass: 'DBSH',
        year: 2024,
        metShare: 0.5,
      });
      for (const [code, value] of values) {
        const item = compiled.indicatorByCode.get(code)!;
        expect(checkValue(item.type, applied[item.index]!, value)).toBeNull();
      }
    }
  });

  it('makes about the requested share of units meet the standard', () => {
    const met = units.filter((unitCode) => {
      const values = syntheticValues(compiled, {
        unitCode,
        unitClass: 'TDMNPB',
        year: 2025,
        metShare: 0.7,
      });
      return (
        evaluateUnit(compiled, { unit: unitCode, class: 'TDMNPB', year: 2025, values }).status ===
        'met'
      );
    }).length;
    expect(met / units.length).toBeGreaterThan(0.66);
    expect(met / units.length).toBeLessThan(0.74);
    const fewer = units.filter((unitCode) => {
      const values = syntheticValues(compiled, {
        unitCode,
        unitClass: 'TDMNPB',
        year: 2022,
        metShare: 0.3,
      });
      return (
        evaluateUnit(compiled, { unit: unitCode, class: 'TDMNPB', year: 2022, values }).status ===
        'met'
      );
    }).length;
    expect(fewer / units.length).toBeLessThan(0.35);
  });
});
