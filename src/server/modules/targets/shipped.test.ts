import { describe, expect, it } from 'vitest';
import { REFERENCE_TARGETS } from '../../../domain/targets';
import { readShippedTargetFiles, shippedMetric } from './service';

describe('the shipped targets file (263/QĐ-TTg, 924/QĐ-TTg; domain-facts §6)', () => {
  const shipped = new Map(
    readShippedTargetFiles()
      .flatMap((file) => file.targets)
      .map((target) => [target.code, target]),
  );

  it('encodes every target of §6 with its decision, bound and what it reads', () => {
    const missing = REFERENCE_TARGETS.filter((reference) => !shipped.has(reference.code));
    expect(missing.map((reference) => reference.code)).toEqual([]);
    for (const reference of REFERENCE_TARGETS) {
      const target = shipped.get(reference.code)!;
      const metric = shippedMetric(target);
      expect(target.basis.startsWith(reference.decision), reference.code).toBe(true);
      expect({ code: target.code, kind: metric.kind, op: target.op, value: target.value }).toEqual({
        code: reference.code,
        kind: reference.kind,
        op: reference.op,
        value: reference.value,
      });
      if (reference.set) expect(metric.kind !== 'none' && metric.set).toEqual(reference.set);
      if (reference.indicator) expect(target.indicator).toBe(reference.indicator);
    }
  });

  it('names the capability that will feed every target the platform cannot measure', () => {
    for (const target of shipped.values()) {
      const metric = shippedMetric(target);
      if (metric.kind === 'none' || metric.kind === 'recognised') {
        expect(metric.capability.name.length, target.code).toBeGreaterThan(5);
      }
    }
    expect(shippedMetric(shipped.get('263.xa-ntm')!)).toMatchObject({
      kind: 'recognised',
      capability: { code: 'recognition' },
    });
  });

  it('says "theo số liệu" wherever a target counts computed results of a whole set', () => {
    for (const target of shipped.values()) {
      if (target.measure === 'communes_met_share' || target.measure === 'communes_below_criteria')
        expect(target.name, target.code).toMatch(/\(theo số liệu\)/);
      expect(target.name, target.code).not.toMatch(/đạt chuẩn.*theo số liệu/);
    }
  });
});
