import { describe, expect, it } from 'vitest';
import {
  checkChoices,
  checkSheetIntegrity,
  scoreSheet,
  scoreSheetSchema,
  sheetCriteria,
} from './sheet';
import { shippedSheetObjects, shippedVersion } from './shipped.fixture';
import type { ScoreSheet, SheetChoices } from './types';

const v26 = shippedVersion('26-2026');
const shipped = scoreSheetSchema.parse(shippedSheetObjects['rau-cu-qua-hat-tuoi-26-2026']);

/** Every criterion's option with the most (or the fewest) points, disqualifying ones excluded. */
function extreme(sheet: ScoreSheet, pick: 'max' | 'min'): SheetChoices {
  return Object.fromEntries(
    sheetCriteria(sheet).map(({ criterion }) => {
      const options = criterion.options.filter((option) => !option.disqualifies);
      const sorted = [...options].sort((a, b) => a.points - b.points);
      return [criterion.code, (pick === 'max' ? sorted.at(-1) : sorted[0])!.code];
    }),
  );
}

/** A small sound sheet: A 40 = A1 (a1 30 + a2 10); B 25; C 35 (c1 with a half point). */
function tiny(): ScoreSheet {
  return {
    code: 'tiny',
    version: 1,
    ruleVersion: '26-2026',
    setCode: 'rau-cu-qua-hat-tuoi',
    name: 'Phiếu thử',
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
              {
                code: 'a1',
                label: 'Tiêu chí a1',
                points: 30,
                options: [
                  { code: 'o0', label: 'không', points: 0 },
                  { code: 'o30', label: 'đủ', points: 30 },
                ],
              },
              {
                code: 'a2',
                label: 'Tiêu chí a2',
                points: 10,
                options: [
                  { code: 'o0', label: 'không', points: 0 },
                  { code: 'o10', label: 'đủ', points: 10 },
                ],
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
            criteria: [
              {
                code: 'b1',
                label: 'Tiêu chí b1',
                points: 25,
                options: [
                  { code: 'o0', label: 'không', points: 0 },
                  { code: 'o25', label: 'đủ', points: 25 },
                ],
                requirements: [{ stars: 4, options: ['o25'] }],
              },
            ],
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
                label: 'Tiêu chí c1',
                points: 35,
                options: [
                  { code: 'bad', label: 'vi phạm', points: 0, disqualifies: true },
                  { code: 'o0.1', label: 'một phần mười', points: 0.1 },
                  { code: 'o0.2', label: 'hai phần mười', points: 0.2 },
                  { code: 'o12.5', label: 'một nửa', points: 12.5 },
                  { code: 'o35', label: 'đủ', points: 35 },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

describe('the shipped sheet', () => {
  it('parses, is sound under 26/2026 and says it is not verified', () => {
    expect(checkSheetIntegrity(shipped, v26)).toEqual([]);
    expect(shipped.verified).toBe(false);
    expect(shipped.source).toMatch(/giữ chỗ/);
    expect(shipped.parts.map((part) => [part.part, part.label, part.points])).toEqual([
      ['A', 'Sản phẩm và sức mạnh cộng đồng', 40],
      ['B', 'Khả năng tiếp thị', 25],
      ['C', 'Chất lượng sản phẩm', 35],
    ]);
  });

  it('has required options for 4★ and 5★ and a disqualifying option', () => {
    const criteria = sheetCriteria(shipped).map((item) => item.criterion);
    const required = criteria.flatMap((c) => (c.requirements ?? []).map((r) => r.stars));
    expect(required).toEqual(expect.arrayContaining([4, 5]));
    expect(criteria.some((c) => c.options.some((o) => o.disqualifies))).toBe(true);
    expect(criteria.every((c) => Math.min(...c.options.map((o) => o.points)) === 0)).toBe(true);
  });

  it('scores 100 at best and 0 at worst, and its best choices are valid and complete', () => {
    const best = extreme(shipped, 'max');
    expect(checkChoices(shipped, best, { complete: true })).toEqual([]);
    expect(scoreSheet(shipped, best)).toEqual({
      total: 100,
      parts: { A: 40, B: 25, C: 35 },
      missing: [],
      disqualifying: [],
    });
    expect(scoreSheet(shipped, extreme(shipped, 'min')).total).toBe(0);
  });
});

describe('checkSheetIntegrity', () => {
  const codes = (sheet: ScoreSheet) =>
    checkSheetIntegrity(sheet, v26).map((problem) => `${problem.code}@${problem.path}`);

  it('accepts the small sheet', () => {
    expect(codes(tiny())).toEqual([]);
  });

  it('finds a missing part (and the total it leaves short)', () => {
    const sheet = tiny();
    sheet.parts = sheet.parts.filter((part) => part.part !== 'B');
    expect(codes(sheet)).toEqual(['missing_part@B', 'total@']);
  });

  it('finds a part with points other than the version’s, and a repeated part', () => {
    const sheet = tiny();
    sheet.parts[0]!.points = 35;
    expect(codes(sheet)).toEqual(['part_points@A', 'part_sum@A', 'total@']);
    const twice = tiny();
    twice.parts.push(structuredClone(twice.parts[2]!));
    expect(codes(twice)).toContain('duplicate_part@C');
  });

  it('finds sections that do not make their part, criteria that do not make their section', () => {
    const sheet = tiny();
    sheet.parts[0]!.sections[0]!.points = 39;
    expect(codes(sheet)).toEqual(['section_sum@A/A1', 'part_sum@A']);
    const criteria = tiny();
    const a2 = criteria.parts[0]!.sections[0]!.criteria[1]!;
    a2.points = 9;
    a2.options[1]!.points = 9;
    expect(codes(criteria)).toEqual(['section_sum@A/A1']);
  });

  it('finds a criterion above its best option and an option above its criterion', () => {
    const below = tiny();
    below.parts[0]!.sections[0]!.criteria[1]!.options[1]!.points = 9;
    expect(codes(below)).toEqual(['criterion_max@A/A1/a2']);
    const above = tiny();
    above.parts[0]!.sections[0]!.criteria[1]!.options[0]!.points = 11;
    expect(codes(above)).toEqual(['option_above_criterion@A/A1/a2/o0']);
  });

  it('finds negative points and points with more than two decimals', () => {
    const sheet = tiny();
    sheet.parts[2]!.sections[0]!.criteria[0]!.options[1]!.points = -1;
    sheet.parts[2]!.sections[0]!.criteria[0]!.options[2]!.points = 0.125;
    expect(codes(sheet)).toEqual(['negative_points@C/C1/c1/o0.1', 'points_precision@C/C1/c1/o0.2']);
  });

  it('finds repeated codes: a criterion across the sheet, an option within its criterion', () => {
    const sheet = tiny();
    sheet.parts[1]!.sections[0]!.criteria[0]!.code = 'a1';
    sheet.parts[2]!.sections[0]!.code = 'A1';
    sheet.parts[0]!.sections[0]!.criteria[0]!.options[1]!.code = 'o0';
    const problems = checkSheetIntegrity(sheet, v26);
    expect(problems.map((p) => `${p.code}@${p.path}`)).toEqual([
      'duplicate_option@A/A1/a1/o0',
      'duplicate_code@B/B1/a1',
      'duplicate_code@C/A1',
    ]);
    expect(problems[1]!.params).toEqual({ code: 'a1', first: 'A/A1/a1' });
  });

  it('finds requirements on unknown or disqualifying options, or a star twice', () => {
    const sheet = tiny();
    const b1 = sheet.parts[1]!.sections[0]!.criteria[0]!;
    b1.requirements = [
      { stars: 4, options: ['o25', 'nope'] },
      { stars: 4, options: ['o25'] },
    ];
    const c1 = sheet.parts[2]!.sections[0]!.criteria[0]!;
    c1.requirements = [{ stars: 3, options: ['bad'] }];
    const problems = checkSheetIntegrity(sheet, v26);
    expect(problems.map((p) => `${p.code}@${p.path}`)).toEqual([
      'unknown_requirement_option@B/B1/b1',
      'duplicate_requirement@B/B1/b1',
      'required_option_disqualifies@C/C1/c1',
    ]);
    expect(problems[0]!.params).toEqual({ stars: 4, option: 'nope' });
  });

  it('finds a sheet of another version or of a set the catalogue lacks', () => {
    const sheet = tiny();
    sheet.ruleVersion = '148-2023';
    sheet.setCode = 'khong-co';
    expect(codes(sheet)).toEqual(['rule_version@ruleVersion', 'unknown_set@setCode']);
  });

  it('the schema refuses unknown keys and parts', () => {
    expect(scoreSheetSchema.safeParse({ ...tiny(), extra: 1 }).success).toBe(false);
    const sheet = tiny() as unknown as { parts: { part: string }[] };
    sheet.parts[0]!.part = 'D';
    expect(scoreSheetSchema.safeParse(sheet).success).toBe(false);
    expect(scoreSheetSchema.safeParse(tiny()).success).toBe(true);
  });
});

describe('checkChoices', () => {
  it('reports an unknown criterion, an unknown option and, when complete, a missing choice', () => {
    const problems = checkChoices(tiny(), { a1: 'o30', zz: 'o0', b1: 'o99' }, { complete: true });
    expect(problems.map((p) => `${p.code}@${p.path}`)).toEqual([
      'unknown_criterion@zz',
      'unknown_option@B/B1/b1',
      'missing_choice@A/A1/a2',
      'missing_choice@C/C1/c1',
    ]);
    expect(checkChoices(tiny(), { a1: 'o30' })).toEqual([]);
  });
});

describe('scoreSheet', () => {
  it('adds exactly: 0.1 + 0.2 is 0.3, a half point stays a half point', () => {
    const sheet = tiny();
    expect(scoreSheet(sheet, { a1: 'o0', a2: 'o0', b1: 'o0', c1: 'o0.1' }).total).toBe(0.1);
    const withTenths = structuredClone(sheet);
    withTenths.parts[0]!.sections[0]!.criteria[1]!.options[0]!.points = 0.2;
    const score = scoreSheet(withTenths, { a1: 'o0', a2: 'o0', b1: 'o0', c1: 'o0.1' });
    expect(score.total).toBe(0.3);
    expect(score.parts).toEqual({ A: 0.2, B: 0, C: 0.1 });
    expect(scoreSheet(sheet, { a1: 'o30', a2: 'o10', b1: 'o25', c1: 'o12.5' }).total).toBe(77.5);
  });

  it('lists the criteria left without (or with an unknown) choice, and disqualifying choices', () => {
    const score = scoreSheet(tiny(), { a1: 'o30', b1: 'nope', c1: 'bad', zz: 'o0' });
    expect(score).toEqual({
      total: 30,
      parts: { A: 30, B: 0, C: 0 },
      missing: ['a2', 'b1'],
      disqualifying: ['c1/bad'],
    });
  });

  it('ignores inherited keys of the choices object', () => {
    const choices = Object.create({ a1: 'o30' }) as SheetChoices;
    expect(scoreSheet(tiny(), choices).missing).toContain('a1');
  });
});
