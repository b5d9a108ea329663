import { describe, expect, it } from 'vitest';
import {
  metricCapability,
  metricCounts,
  REFERENCE_TARGETS,
  RECOGNITION_CAPABILITY,
} from './metrics';

describe('reference targets (domain-facts §6)', () => {
  it('lists every target of 263/QĐ-TTg and 924/QĐ-TTg once', () => {
    const codes = REFERENCE_TARGETS.map((target) => target.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(REFERENCE_TARGETS.filter((t) => t.decision === '263/QĐ-TTg')).toHaveLength(5);
    expect(REFERENCE_TARGETS.filter((t) => t.decision === '924/QĐ-TTg')).toHaveLength(15);
    // Recognised communes (NTM, advanced, model) are counted from decisions, not from the data.
    expect(
      REFERENCE_TARGETS.filter((t) => t.kind === 'recognised').map((t) => t.set?.kind),
    ).toEqual(['standard', 'advanced', 'model']);
  });

  it('says what a metric counts: computed, recognised, or nothing yet', () => {
    const commune = { kind: 'standard' as const, level: 'commune' as const };
    expect(metricCounts({ kind: 'communes_met_share', set: commune })).toBe('computed');
    const recognised = {
      kind: 'recognised' as const,
      set: commune,
      capability: RECOGNITION_CAPABILITY,
    };
    expect(metricCounts(recognised)).toBe('recognised');
    expect(metricCapability(recognised)).toBeNull();
    expect(metricCapability({ kind: 'indicator_met_share', set: commune, indicator: '8.4' })).toBe(
      null,
    );
  });
});
