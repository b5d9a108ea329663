import type { IndicatorType } from '../criteria/types';

/**
 * When a new value is "far from last year's" (the entry form asks the officer to check it). Not a
 * rule of the programme, a typing-mistake guard: a percentage that moves by more than
 * `percentPoints` points, or another number that moves by more than `relative` of last year's
 * (a change of 0 → anything counts as far when last year's was 0 and the new one is not small).
 */
export interface FarChangeLimits {
  percentPoints: number;
  relative: number;
}

export const DEFAULT_FAR_CHANGE: FarChangeLimits = { percentPoints: 30, relative: 0.5 };

export function isFarFromPrevious(
  type: IndicatorType,
  value: number | boolean | null,
  previous: number | boolean | null,
  limits: FarChangeLimits = DEFAULT_FAR_CHANGE,
): boolean {
  if (typeof value !== 'number' || typeof previous !== 'number') return false;
  if (type === 'percent') return Math.abs(value - previous) > limits.percentPoints;
  if (previous === 0) return Math.abs(value) > 1;
  return Math.abs(value - previous) / Math.abs(previous) > limits.relative;
}
