import { describe, expect, it } from 'vitest';
import { fitInside, MAX_SIDE } from './downscale';

describe('photo downscale size', () => {
  it('fits the longer side into 1600 px, keeping the proportions', () => {
    expect(fitInside(4000, 3000)).toEqual({ width: MAX_SIDE, height: 1200 });
    expect(fitInside(3000, 4000)).toEqual({ width: 1200, height: MAX_SIDE });
  });
  it('never enlarges a small photo', () => {
    expect(fitInside(800, 600)).toEqual({ width: 800, height: 600 });
  });
});
