import { describe, expect, it } from 'vitest';
import { bandOf, criteriaBands } from './rollup';

describe('criteriaBands', () => {
  it('gives the official bands for 19 criteria', () => {
    expect(criteriaBands(19).map((band) => [band.key, band.min, band.max, band.label])).toEqual([
      ['all', 19, 19, '19 tiêu chí'],
      ['b1', 15, 18, '15–18 tiêu chí'],
      ['b2', 10, 14, '10–14 tiêu chí'],
      ['b3', 5, 9, '5–9 tiêu chí'],
      ['b4', 0, 4, 'dưới 5 tiêu chí'],
    ]);
  });

  it('scales the bounds to sets of other sizes and covers every count exactly once', () => {
    expect(criteriaBands(10).map((band) => [band.min, band.max])).toEqual([
      [10, 10],
      [8, 9],
      [6, 7],
      [3, 5],
      [0, 2],
    ]);
    for (const total of [9, 10, 19, 20]) {
      for (let met = 0; met <= total; met++) {
        const matching = criteriaBands(total).filter((band) => met >= band.min && met <= band.max);
        expect(matching).toHaveLength(1);
      }
    }
    expect(bandOf(19, 19)).toBe('all');
    expect(bandOf(14, 19)).toBe('b2');
    expect(bandOf(4, 19)).toBe('b4');
  });
});
