import { starsFor, toHundredths } from './rules';
import { scoreSheet, sheetCriteria } from './sheet';
import type {
  CouncilResult,
  OcopRuleVersion,
  ScoreSheet,
  SheetChoices,
  SheetCriterion,
  Stars,
} from './types';

/**
 * The council's verdict on one product (`procedures.md` §3): each member scores the sheet alone;
 * the product's score is the mean of the members' totals, cut (not rounded) to two decimals, so
 * 89.995 is 89.99 and stays 4★; when the largest and smallest totals differ by more than
 * `councilMaxGap` the council discusses and re-scores. Stars come from the points, then each star
 * level's required options (minimum criteria, 781/2020 onwards) can hold them back, and a
 * disqualifying option rules the product out. Whether the stars are enough for a certificate
 * (`minimumCertifiedStars`) is the service's decision, not made here.
 */

/** Whether `count` of `members` choosing is enough under the version's rule. */
function enough(count: number, members: number, rule: OcopRuleVersion['requirementsMetBy']) {
  return rule === 'all' ? count === members : count * 2 > members;
}

function chosen(choices: SheetChoices, criterion: SheetCriterion): string | undefined {
  return Object.hasOwn(choices, criterion.code) ? choices[criterion.code] : undefined;
}

/**
 * The verdict from the members' choices (one `SheetChoices` per member, at least one):
 * - `score`: mean of the totals, cut to two decimals (totals and mean in integer hundredths);
 * - `gap`, `rescoreNeeded`: largest − smallest total, and whether it exceeds `councilMaxGap`;
 * - `starsByPoints`: the star band of `score`;
 * - a criterion's requirement for a level is met when enough members chose one of its options
 *   (`requirementsMetBy`: every member, or more than half; a member without a choice does not
 *   count). A level is reached only when its requirements and those of every level below are met;
 *   `stars` is the highest level up to `starsByPoints` so reached, null when none is;
 * - `heldBack`: for each level up to `starsByPoints`, highest first, the criteria whose requirement
 *   for that level failed (levels without failures are left out);
 * - `disqualified`: for some criterion, enough members (by the same rule) chose a disqualifying
 *   option of it; then `stars` is null;
 * - `toCentral`: the score reaches `centralThreshold` and the product is not disqualified (the
 *   required options do not bar it: the central council scores again).
 */
export function councilResult(
  version: OcopRuleVersion,
  sheet: ScoreSheet,
  memberChoices: SheetChoices[],
): CouncilResult {
  const members = memberChoices.length;
  if (members === 0) throw new RangeError('councilResult needs at least one member');
  const totals = memberChoices.map((choices) => toHundredths(scoreSheet(sheet, choices).total));
  const sum = totals.reduce((a, b) => a + b, 0);
  const scoreHundredths = Math.floor(sum / members);
  const gapHundredths = Math.max(...totals) - Math.min(...totals);
  const score = scoreHundredths / 100;
  const starsByPoints = starsFor(score, version.starBands);

  const failures = new Map<Stars, string[]>();
  let disqualified = false;
  for (const { criterion } of sheetCriteria(sheet)) {
    for (const requirement of criterion.requirements ?? []) {
      const count = memberChoices.filter((choices) => {
        const option = chosen(choices, criterion);
        return option !== undefined && requirement.options.includes(option);
      }).length;
      if (!enough(count, members, version.requirementsMetBy))
        failures.set(requirement.stars, [
          ...(failures.get(requirement.stars) ?? []),
          criterion.code,
        ]);
    }
    const disqualifying = new Set(
      criterion.options.filter((option) => option.disqualifies).map((option) => option.code),
    );
    if (disqualifying.size > 0) {
      const count = memberChoices.filter((choices) => {
        const option = chosen(choices, criterion);
        return option !== undefined && disqualifying.has(option);
      }).length;
      if (enough(count, members, version.requirementsMetBy)) disqualified = true;
    }
  }

  let reached: Stars | null = null;
  for (let level: number = 1; level <= starsByPoints; level += 1) {
    if (failures.has(level as Stars)) break;
    reached = level as Stars;
  }
  const heldBack: CouncilResult['heldBack'] = [];
  for (let level: number = starsByPoints; level >= 1; level -= 1) {
    const criteria = failures.get(level as Stars);
    if (criteria) heldBack.push({ stars: level as Stars, criteria });
  }

  return {
    score,
    gap: gapHundredths / 100,
    rescoreNeeded: gapHundredths > toHundredths(version.councilMaxGap),
    starsByPoints,
    stars: disqualified ? null : reached,
    heldBack,
    disqualified,
    toCentral:
      !disqualified &&
      version.centralThreshold !== null &&
      scoreHundredths >= toHundredths(version.centralThreshold),
  };
}
