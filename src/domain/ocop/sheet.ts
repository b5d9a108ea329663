import { z } from 'zod';
import { findSet, isHundredths, toHundredths } from './rules';
import type {
  OcopRuleVersion,
  ScoreSheet,
  SheetChoices,
  SheetCriterion,
  SheetPart,
  SheetScore,
  SheetSection,
} from './types';
import { SHEET_PARTS } from './types';

/**
 * OCOP score sheets (`data/ocop/sheets/*.yaml`, `procedures.md` §3): a tree part → section →
 * criterion, each leaf criterion offering options with fixed points, one chosen by each council
 * member. The schema gives the shape; `checkSheetIntegrity` the sums and references against the
 * rule version; `scoreSheet` a member's total. Points have at most two decimals (whole points and
 * halves in practice) and are added as integer hundredths, so no float drift decides a star.
 */

const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
const points = z.number().min(0);

const optionSchema = z.strictObject({
  code,
  label: z.string().min(1),
  points,
  disqualifies: z.boolean().optional(),
});

const criterionSchema = z.strictObject({
  code,
  label: z.string().min(2),
  points,
  options: z.array(optionSchema).min(1),
  requirements: z
    .array(
      z.strictObject({
        stars: z.literal([1, 2, 3, 4, 5]),
        options: z.array(z.string().min(1)).min(1),
      }),
    )
    .optional(),
});

/** A sheet as loaded from YAML (shape only; `checkSheetIntegrity` checks the points). */
export const scoreSheetSchema: z.ZodType<ScoreSheet> = z.strictObject({
  code,
  version: z.number().int().positive(),
  ruleVersion: z.string().min(1),
  setCode: z.string().min(1),
  name: z.string().min(3),
  verified: z.boolean(),
  source: z.string().min(3),
  parts: z
    .array(
      z.strictObject({
        part: z.enum(SHEET_PARTS),
        label: z.string().min(2),
        points,
        sections: z
          .array(
            z.strictObject({
              code,
              label: z.string().min(2),
              points,
              criteria: z.array(criterionSchema).min(1),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

/** What can be wrong in a sheet. */
export type SheetProblemCode =
  | 'rule_version'
  | 'unknown_set'
  | 'missing_part'
  | 'duplicate_part'
  | 'part_points'
  | 'total'
  | 'part_sum'
  | 'section_sum'
  | 'criterion_max'
  | 'option_above_criterion'
  | 'negative_points'
  | 'points_precision'
  | 'duplicate_code'
  | 'duplicate_option'
  | 'duplicate_requirement'
  | 'unknown_requirement_option'
  | 'required_option_disqualifies';

/** What can be wrong in a member's choices. */
export type ChoiceProblemCode = 'unknown_criterion' | 'unknown_option' | 'missing_choice';

/**
 * A problem, as an i18n-free code with parameters. `path` names the node by codes joined with `/`
 * (`A`, `A/A1`, `A/A1/A1.1`, `A/A1/A1.1/option`); a field of the sheet by its name; '' the sheet.
 */
export interface SheetProblem<Code extends string = SheetProblemCode> {
  path: string;
  code: Code;
  params: Record<string, string | number>;
}

/** A leaf criterion with where it sits. */
export interface PlacedCriterion {
  part: SheetPart;
  section: SheetSection;
  criterion: SheetCriterion;
}

/** Every leaf criterion of a sheet in order, with its part and section. */
export function sheetCriteria(sheet: ScoreSheet): PlacedCriterion[] {
  return sheet.parts.flatMap((part) =>
    part.sections.flatMap((section) =>
      section.criteria.map((criterion) => ({ part: part.part, section, criterion })),
    ),
  );
}

const asPoints = (hundredths: number) => hundredths / 100;

/**
 * The integrity of a sheet under its rule version, every problem found (empty: the sheet is
 * sound): it belongs to the version and to a set of its catalogue; parts A, B and C each once with
 * the version's `partPoints`, together 100; a part's sections sum to the part's points, a
 * section's criteria to the section's; a criterion's points are its largest option's (no option
 * above it); points ≥ 0 with at most two decimals; section and criterion codes unique across the
 * sheet, option codes unique within their criterion; required options exist in their criterion,
 * do not disqualify, and each star is required once per criterion.
 */
export function checkSheetIntegrity(sheet: ScoreSheet, version: OcopRuleVersion): SheetProblem[] {
  const problems: SheetProblem[] = [];
  const problem = (path: string, problemCode: SheetProblemCode, params: SheetProblem['params']) =>
    problems.push({ path, code: problemCode, params });
  const checkPoints = (path: string, value: number) => {
    if (value < 0) problem(path, 'negative_points', { points: value });
    else if (!isHundredths(value)) problem(path, 'points_precision', { points: value });
  };

  if (sheet.ruleVersion !== version.code)
    problem('ruleVersion', 'rule_version', { sheet: sheet.ruleVersion, version: version.code });
  if (!findSet(version, sheet.setCode)) problem('setCode', 'unknown_set', { set: sheet.setCode });

  const seenParts = new Set<SheetPart>();
  for (const part of sheet.parts) {
    if (seenParts.has(part.part)) problem(part.part, 'duplicate_part', { part: part.part });
    seenParts.add(part.part);
  }
  for (const part of SHEET_PARTS) if (!seenParts.has(part)) problem(part, 'missing_part', { part });

  const codes = new Map<string, string>();
  const claim = (path: string, nodeCode: string) => {
    const first = codes.get(nodeCode);
    if (first !== undefined) problem(path, 'duplicate_code', { code: nodeCode, first });
    else codes.set(nodeCode, path);
  };

  let total = 0;
  for (const part of sheet.parts) {
    const partPath = part.part;
    checkPoints(partPath, part.points);
    total += toHundredths(part.points);
    const expected = version.partPoints[part.part];
    if (toHundredths(part.points) !== toHundredths(expected))
      problem(partPath, 'part_points', { points: part.points, expected });
    let sections = 0;
    for (const section of part.sections) {
      const sectionPath = `${partPath}/${section.code}`;
      claim(sectionPath, section.code);
      checkPoints(sectionPath, section.points);
      sections += toHundredths(section.points);
      let criteria = 0;
      for (const criterion of section.criteria) {
        const criterionPath = `${sectionPath}/${criterion.code}`;
        claim(criterionPath, criterion.code);
        checkPoints(criterionPath, criterion.points);
        criteria += toHundredths(criterion.points);
        checkCriterion(criterion, criterionPath, problem, checkPoints);
      }
      if (criteria !== toHundredths(section.points))
        problem(sectionPath, 'section_sum', { points: section.points, sum: asPoints(criteria) });
    }
    if (sections !== toHundredths(part.points))
      problem(partPath, 'part_sum', { points: part.points, sum: asPoints(sections) });
  }
  if (total !== 10_000) problem('', 'total', { total: asPoints(total), expected: 100 });
  return problems;
}

function checkCriterion(
  criterion: SheetCriterion,
  path: string,
  problem: (path: string, code: SheetProblemCode, params: SheetProblem['params']) => void,
  checkPoints: (path: string, value: number) => void,
) {
  const optionCodes = new Set<string>();
  let largest = -Infinity;
  for (const option of criterion.options) {
    const optionPath = `${path}/${option.code}`;
    if (optionCodes.has(option.code))
      problem(optionPath, 'duplicate_option', { code: option.code });
    optionCodes.add(option.code);
    checkPoints(optionPath, option.points);
    largest = Math.max(largest, toHundredths(option.points));
    if (toHundredths(option.points) > toHundredths(criterion.points))
      problem(optionPath, 'option_above_criterion', {
        points: option.points,
        criterion: criterion.points,
      });
  }
  if (largest < toHundredths(criterion.points))
    problem(path, 'criterion_max', { points: criterion.points, largest: asPoints(largest) });
  const starsSeen = new Set<number>();
  for (const requirement of criterion.requirements ?? []) {
    if (starsSeen.has(requirement.stars))
      problem(path, 'duplicate_requirement', { stars: requirement.stars });
    starsSeen.add(requirement.stars);
    for (const optionCode of requirement.options) {
      const option = criterion.options.find((item) => item.code === optionCode);
      if (!option)
        problem(path, 'unknown_requirement_option', {
          stars: requirement.stars,
          option: optionCode,
        });
      else if (option.disqualifies)
        problem(path, 'required_option_disqualifies', {
          stars: requirement.stars,
          option: optionCode,
        });
    }
  }
}

/**
 * A member's choices against the sheet: a criterion the sheet lacks, an option its criterion
 * lacks, and with `complete` a criterion left without a choice (for a submitted sheet; a draft
 * may be partial). Points cannot be wrong: members pick option codes, never numbers.
 */
export function checkChoices(
  sheet: ScoreSheet,
  choices: SheetChoices,
  options: { complete?: boolean } = {},
): SheetProblem<ChoiceProblemCode>[] {
  const problems: SheetProblem<ChoiceProblemCode>[] = [];
  const placed = new Map(sheetCriteria(sheet).map((item) => [item.criterion.code, item]));
  for (const [criterionCode, optionCode] of Object.entries(choices)) {
    const item = placed.get(criterionCode);
    if (!item) {
      problems.push({
        path: criterionCode,
        code: 'unknown_criterion',
        params: { criterion: criterionCode },
      });
      continue;
    }
    if (!item.criterion.options.some((option) => option.code === optionCode))
      problems.push({
        path: pathOf(item),
        code: 'unknown_option',
        params: { criterion: criterionCode, option: optionCode },
      });
  }
  if (options.complete)
    for (const item of placed.values())
      if (!Object.hasOwn(choices, item.criterion.code))
        problems.push({
          path: pathOf(item),
          code: 'missing_choice',
          params: { criterion: item.criterion.code },
        });
  return problems;
}

function pathOf(item: PlacedCriterion): string {
  return `${item.part}/${item.section.code}/${item.criterion.code}`;
}

/**
 * A member's score: the chosen options' points per part and in total (added in hundredths), the
 * criteria without a choice, and the disqualifying options chosen (as `criterion/option`). A
 * choice naming no option of its criterion scores nothing and counts as missing (`checkChoices`
 * reports it); choices for criteria the sheet lacks are ignored.
 */
export function scoreSheet(sheet: ScoreSheet, choices: SheetChoices): SheetScore {
  const parts: Record<SheetPart, number> = { A: 0, B: 0, C: 0 };
  const missing: string[] = [];
  const disqualifying: string[] = [];
  let total = 0;
  for (const { part, criterion } of sheetCriteria(sheet)) {
    const chosen = Object.hasOwn(choices, criterion.code) ? choices[criterion.code] : undefined;
    const option = criterion.options.find((item) => item.code === chosen);
    if (!option) {
      missing.push(criterion.code);
      continue;
    }
    const value = toHundredths(option.points);
    parts[part] += value;
    total += value;
    if (option.disqualifies) disqualifying.push(`${criterion.code}/${option.code}`);
  }
  for (const part of SHEET_PARTS) parts[part] = asPoints(parts[part]);
  return { total: asPoints(total), parts, missing, disqualifying };
}
