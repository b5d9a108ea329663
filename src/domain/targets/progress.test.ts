import { describe, expect, it } from 'vitest';
import { targetGap, targetProgress } from './progress';

const eighty = { op: 'gte' as const, value: 80, startDate: '2021-01-01', deadline: '2025-12-31' };

describe('targetProgress', () => {
  it('is met once the value reaches the target', () => {
    expect(targetProgress(eighty, { current: 81, baseline: 50, asOf: '2024-06-30' }).status).toBe(
      'met',
    );
  });

  it('compares with a straight line from the baseline to the deadline', () => {
    // Half way through 2021–2025 the line from 50 % to 80 % stands at about 65 %.
    const onTrack = targetProgress(eighty, { current: 66, baseline: 50, asOf: '2023-07-02' });
    expect(onTrack.status).toBe('on_track');
    expect(onTrack.expected).toBeCloseTo(65, 0);
    expect(onTrack.percentDone).toBeCloseTo(53.3, 1);
    expect(targetProgress(eighty, { current: 60, baseline: 50, asOf: '2023-07-02' }).status).toBe(
      'behind',
    );
  });

  it('is behind after the deadline and has no status without data', () => {
    expect(targetProgress(eighty, { current: 79.9, baseline: 50, asOf: '2026-01-01' }).status).toBe(
      'behind',
    );
    expect(targetProgress(eighty, { current: null, baseline: null, asOf: '2024-01-01' })).toEqual({
      status: 'no_data',
      expected: null,
      percentDone: null,
    });
  });

  it('handles "at most" targets (no commune under 15 criteria)', () => {
    const none = { op: 'lte' as const, value: 0, startDate: '2021-01-01', deadline: '2025-12-31' };
    expect(targetProgress(none, { current: 0, baseline: 40, asOf: '2024-01-01' }).status).toBe(
      'met',
    );
    expect(targetProgress(none, { current: 30, baseline: 40, asOf: '2025-06-30' }).status).toBe(
      'behind',
    );
  });
});

describe('targets without a source or with communes without data', () => {
  const none = { op: 'lte' as const, value: 0, startDate: '2021-01-01', deadline: '2025-12-31' };

  it('never passes "no commune under 15 criteria" while communes have no data', () => {
    // No evaluated commune under 15, but 7 communes without data: not met, and they are the gap.
    const reading = { current: 0, baseline: 0, asOf: '2025-12-31', unknown: 7 };
    expect(targetProgress(none, reading).status).toBe('behind');
    expect(targetGap('count', 'lte', 0, { met: 0, total: 125, count: 0, unknown: 7 })).toBe(7);
    expect(targetProgress(none, { ...reading, unknown: 0 }).status).toBe('met');
  });

  it('answers "no source" without any number', () => {
    expect(
      targetProgress(eighty, { current: null, baseline: null, asOf: '2025-01-01', noSource: true }),
    ).toEqual({ status: 'no_source', expected: null, percentDone: null });
  });
});

describe('targetGap', () => {
  it('counts the units still missing', () => {
    expect(targetGap('share', 'gte', 80, { met: 63, total: 125 })).toBe(37);
    expect(targetGap('share', 'gte', 80, { met: 100, total: 125 })).toBe(0);
    expect(targetGap('count', 'lte', 0, { met: 0, total: 125, count: 12 })).toBe(12);
  });
});
