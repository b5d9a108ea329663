import { describe, expect, it } from 'vitest';
import { councilResult } from './council';
import { checkSheetIntegrity, scoreSheet, scoreSheetSchema } from './sheet';
import { shippedSheetObjects, shippedVersion } from './shipped.fixture';
import type { OcopRuleVersion, ScoreSheet, SheetChoices } from './types';

const v26 = shippedVersion('26-2026');
const v148 = shippedVersion('148-2023');
const all: OcopRuleVersion = { ...v26, requirementsMetBy: 'all' };

const option = (points: number, extra: { disqualifies?: boolean } = {}) => ({
  code: `p${points}`,
  label: `${points} điểm`,
  points,
  ...extra,
});

/**
 * A sound sheet: a1 (0…30) + a2 (0…10, with 0.01 and 9.99) = A 40; b1 (0, 25) = B 25;
 * c1 (0…25, `bad` disqualifies; 3★ needs p10 or p25, 4★ p25) + c2 (0, 10; 5★ needs p10) = C 35.
 */
const sheet: ScoreSheet = {
  code: 'council-test',
  version: 1,
  ruleVersion: '26-2026',
  setCode: 'rau-cu-qua-hat-tuoi',
  name: 'Phiếu thử hội đồng',
  verified: false,
  source: 'test',
  parts: [
    {
      part: 'A',
      label: 'Phần A',
      points: 40,
      sections: [
        {
          code: 'A1',
          label: 'Mục A1',
          points: 40,
          criteria: [
            { code: 'a1', label: 'a1', points: 30, options: [0, 10, 20, 30].map((p) => option(p)) },
            {
              code: 'a2',
              label: 'a2',
              points: 10,
              options: [0, 0.01, 0.1, 9.99, 10].map((p) => option(p)),
            },
          ],
        },
      ],
    },
    {
      part: 'B',
      label: 'Phần B',
      points: 25,
      sections: [
        {
          code: 'B1',
          label: 'Mục B1',
          points: 25,
          criteria: [{ code: 'b1', label: 'b1', points: 25, options: [option(0), option(25)] }],
        },
      ],
    },
    {
      part: 'C',
      label: 'Phần C',
      points: 35,
      sections: [
        {
          code: 'C1',
          label: 'Mục C1',
          points: 35,
          criteria: [
            {
              code: 'c1',
              label: 'c1',
              points: 25,
              options: [{ ...option(0, { disqualifies: true }), code: 'bad' }, option(0)].concat([
                option(10),
                option(25),
              ]),
              requirements: [
                { stars: 3, options: ['p10', 'p25'] },
                { stars: 4, options: ['p25'] },
              ],
            },
            {
              code: 'c2',
              label: 'c2',
              points: 10,
              options: [option(0), option(10)],
              requirements: [{ stars: 5, options: ['p10'] }],
            },
          ],
        },
      ],
    },
  ],
};

/** A member's choices by points (c1 may be 'bad'); everything at the top by default. */
function member(
  points: Partial<{ a1: number; a2: number; b1: number; c1: number | 'bad'; c2: number }> = {},
): SheetChoices {
  const at = { a1: 30, a2: 10, b1: 25, c1: 25 as number | 'bad', c2: 10, ...points };
  return Object.fromEntries(
    Object.entries(at).map(([code, value]) => [code, value === 'bad' ? 'bad' : `p${value}`]),
  );
}

describe('the test sheet', () => {
  it('is sound, and members score what they mean', () => {
    expect(checkSheetIntegrity(sheet, v26)).toEqual([]);
    expect(scoreSheet(sheet, member()).total).toBe(100);
    expect(scoreSheet(sheet, member({ a1: 20, a2: 9.99 })).total).toBe(89.99);
  });
});

describe('councilResult: the score and the gap', () => {
  it('is the mean cut, not rounded, to two decimals', () => {
    const low = member({ a1: 10 }); // 80
    const tenth = member({ a1: 20, a2: 0.1 }); // 80.1
    expect(councilResult(v26, sheet, [low, low, tenth]).score).toBe(80.03); // 80.0333…
    expect(councilResult(v26, sheet, [low, tenth, tenth]).score).toBe(80.06); // 80.0666…, not 80.07
    expect(councilResult(v26, sheet, [low, tenth]).score).toBe(80.05);
  });

  it('cuts 89.995 to 89.99: 4★, not to the centre (rounding would give 90 and 5★)', () => {
    const result = councilResult(v26, sheet, [member({ a1: 20 }), member({ a1: 20, a2: 9.99 })]);
    expect(result).toMatchObject({ score: 89.99, starsByPoints: 4, stars: 4, toCentral: false });
  });

  it('asks for a re-score only above the gap: 10 no, 10.01 and 10.1 yes', () => {
    const low = member({ a1: 10 }); // 80
    const at = (high: SheetChoices) => councilResult(v26, sheet, [low, high]);
    expect(at(member({ a1: 20 }))).toMatchObject({ gap: 10, rescoreNeeded: false }); // 90
    expect(at(member({ a2: 0.01 }))).toMatchObject({ gap: 10.01, rescoreNeeded: true }); // 90.01
    expect(at(member({ a2: 0.1 }))).toMatchObject({ gap: 10.1, rescoreNeeded: true }); // 90.1
    expect(councilResult(v26, sheet, [low]).gap).toBe(0);
  });

  it('needs a member', () => {
    expect(() => councilResult(v26, sheet, [])).toThrow(RangeError);
  });
});

describe('councilResult: required options', () => {
  it('hold back a star the points give', () => {
    const result = councilResult(v26, sheet, [member({ c2: 0 }), member({ c2: 0 })]); // 90 each
    expect(result).toMatchObject({ score: 90, starsByPoints: 5, stars: 4, toCentral: true });
    expect(result.heldBack).toEqual([{ stars: 5, criteria: ['c2'] }]);
  });

  it('reach a level only when every level below is met', () => {
    const result = councilResult(v26, sheet, [member({ c1: 0 })]); // 75
    expect(result).toMatchObject({ starsByPoints: 4, stars: 2, disqualified: false });
    expect(result.heldBack).toEqual([
      { stars: 4, criteria: ['c1'] },
      { stars: 3, criteria: ['c1'] },
    ]);
    const three = councilResult(v26, sheet, [member({ c1: 10 })]); // 85
    expect(three).toMatchObject({ starsByPoints: 4, stars: 3 });
    expect(three.heldBack).toEqual([{ stars: 4, criteria: ['c1'] }]);
  });

  it('leave out levels above the points', () => {
    const result = councilResult(v26, sheet, [member({ c1: 10, c2: 0 })]); // 75
    expect(result.heldBack).toEqual([{ stars: 4, criteria: ['c1'] }]);
  });

  it('are met by a majority (more than half) or by all, as the version says', () => {
    const members = [member(), member(), member({ c2: 0 })]; // 100, 100, 90
    expect(councilResult(v26, sheet, members)).toMatchObject({
      score: 96.66,
      stars: 5,
      heldBack: [],
    });
    expect(councilResult(all, sheet, members)).toMatchObject({
      stars: 4,
      heldBack: [{ stars: 5, criteria: ['c2'] }],
    });
    expect(councilResult(v26, sheet, [member(), member({ c2: 0 })]).stars).toBe(4); // half
  });

  it('count a member without a choice as not meeting them', () => {
    const { c2: _c2, ...without } = member();
    expect(councilResult(v26, sheet, [without]).stars).toBe(4);
  });

  it('give no stars when even the first level fails', () => {
    const strict = structuredClone(sheet);
    strict.parts[2]!.sections[0]!.criteria[1]!.requirements = [{ stars: 1, options: ['p10'] }];
    const result = councilResult(v26, strict, [member({ a1: 0, c2: 0 })]);
    expect(result).toMatchObject({ starsByPoints: 3, stars: null, disqualified: false });
    expect(result.heldBack).toEqual([{ stars: 1, criteria: ['c2'] }]);
  });
});

describe('councilResult: disqualification', () => {
  it('rules the product out when enough members chose a disqualifying option', () => {
    const result = councilResult(v26, sheet, [
      member({ c1: 'bad' }),
      member({ c1: 'bad' }),
      member(),
    ]);
    expect(result).toMatchObject({ disqualified: true, stars: null, toCentral: false });
  });

  it('not when too few did', () => {
    const members = [member({ c1: 'bad' }), member(), member()];
    expect(councilResult(v26, sheet, members)).toMatchObject({
      score: 91.66,
      disqualified: false,
      stars: 5,
      rescoreNeeded: true,
    });
    const twoOfThree = [member({ c1: 'bad' }), member({ c1: 'bad' }), member()];
    expect(councilResult(all, sheet, twoOfThree)).toMatchObject({ disqualified: false });
    expect(
      councilResult(all, sheet, [member({ c1: 'bad' }), member({ c1: 'bad' })]).disqualified,
    ).toBe(true);
  });

  it('keeps a disqualified product from the centre whatever its points', () => {
    const scored = structuredClone(sheet);
    scored.parts[2]!.sections[0]!.criteria[0]!.options[0]!.points = 25;
    const result = councilResult(v26, scored, [member({ c1: 'bad' })]);
    expect(result).toMatchObject({ score: 100, disqualified: true, stars: null, toCentral: false });
  });
});

describe('councilResult: to the centre', () => {
  it('from the version’s threshold, none without one', () => {
    expect(councilResult(v26, sheet, [member()]).toCentral).toBe(true);
    expect(councilResult(v148, sheet, [member()]).toCentral).toBe(true);
    const none: OcopRuleVersion = { ...v26, centralThreshold: null };
    expect(councilResult(none, sheet, [member()]).toCentral).toBe(false);
  });
});

describe('the shipped sheet in council', () => {
  it('is held back from 4★ by the food-safety tests and disqualified by a violation', () => {
    const shipped = scoreSheetSchema.parse(shippedSheetObjects['rau-cu-qua-hat-tuoi-26-2026']);
    const best: SheetChoices = {};
    for (const part of shipped.parts)
      for (const section of part.sections)
        for (const criterion of section.criteria) {
          const top = [...criterion.options].sort((a, b) => b.points - a.points)[0]!;
          best[criterion.code] = top.code;
        }
    expect(councilResult(v26, shipped, [best, best])).toMatchObject({ score: 100, stars: 5 });
    const partial = { ...best, 'C1.2': 'dat-mot-phan' }; // 94
    const held = councilResult(v26, shipped, [partial, partial]);
    expect(held).toMatchObject({ score: 94, starsByPoints: 5, stars: 3 });
    expect(held.heldBack).toEqual([
      { stars: 5, criteria: ['C1.2'] },
      { stars: 4, criteria: ['C1.2'] },
    ]);
    const violation = { ...best, 'C1.2': 'vi-pham' };
    expect(councilResult(v26, shipped, [violation, violation, best])).toMatchObject({
      disqualified: true,
      stars: null,
    });
  });
});
