import { describe, expect, it } from 'vitest';
import { RETRY_MAX_MS, retryDelay } from './retry';

describe('retryDelay', () => {
  it('doubles from one second up to thirty', () => {
    const middle = (attempt: number) => retryDelay(attempt, 0.5);
    expect([1, 2, 3, 4, 5, 6, 7].map(middle)).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
    expect(middle(1000)).toBe(RETRY_MAX_MS);
  });

  it('spreads the waits by at most a fifth either way', () => {
    expect(retryDelay(1, 0)).toBe(800);
    expect(retryDelay(1, 1)).toBe(1200);
    expect(retryDelay(3, 0.999999)).toBeLessThanOrEqual(4800);
    for (let i = 0; i < 50; i++) {
      const delay = retryDelay(2);
      expect(delay).toBeGreaterThanOrEqual(1600);
      expect(delay).toBeLessThanOrEqual(2400);
    }
  });

  it('never waits less than the first delay', () => {
    expect(retryDelay(0, 0.5)).toBe(1000);
    expect(retryDelay(-3, 0.5)).toBe(1000);
  });
});
