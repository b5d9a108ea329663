import { sheetCriteria, scoreSheet } from '../../../domain/ocop/sheet';
import { starsFor, toHundredths } from '../../../domain/ocop/rules';
import type {
  CouncilResult,
  OcopRuleVersion,
  ScoreSheet,
  SheetChoices,
  Stars,
} from '../../../domain/ocop/types';

/**
 * The council's result from the members' submitted choices of one attempt: the mean of their
 * totals cut (not rounded) to two decimals, the gap between the highest and lowest total (above
 * `maxGap`: re-score), the stars by points on the version's half-open bands, then held back to the
 * highest level whose required options the members chose (every member, or more than half, as the
 * version's `requirementsMetBy` says — unverified data), none when a disqualifying option is
 * chosen (by the same rule), and whether the points reach the centre.
 *
 * Written here while `src/domain/ocop/council.ts` is not in the tree; it should give way to the
 * domain's `councilResult` once that exists.
 */
export function computeCouncilResult(
  version: OcopRuleVersion,
  sheet: ScoreSheet,
  members: SheetChoices[],
  maxGap: number,
): CouncilResult {
  if (members.length === 0) throw new RangeError('computeCouncilResult: no member');
  const totals = members.map((choices) => toHundredths(scoreSheet(sheet, choices).total));
  const sum = totals.reduce((a, b) => a + b, 0);
  const score = Math.floor(sum / members.length) / 100;
  const gap = (Math.max(...totals) - Math.min(...totals)) / 100;
  const rescoreNeeded = toHundredths(gap) > toHundredths(maxGap);
  const starsByPoints = starsFor(score, version.starBands);
  const enough = (count: number) =>
    version.requirementsMetBy === 'all' ? count === members.length : count * 2 > members.length;

  const criteria = sheetCriteria(sheet).map((item) => item.criterion);
  const disqualified = criteria.some((criterion) => {
    const bad = new Set(criterion.options.filter((o) => o.disqualifies).map((o) => o.code));
    if (bad.size === 0) return false;
    return enough(members.filter((choices) => bad.has(choices[criterion.code] ?? '')).length);
  });

  /** The criteria whose requirement for reaching `stars` the members do not meet. */
  const failing = (stars: Stars): string[] =>
    criteria
      .filter((criterion) =>
        (criterion.requirements ?? []).some(
          (requirement) =>
            requirement.stars <= stars &&
            !enough(
              members.filter((choices) =>
                requirement.options.includes(choices[criterion.code] ?? ''),
              ).length,
            ),
        ),
      )
      .map((criterion) => criterion.code);

  const heldBack: CouncilResult['heldBack'] = [];
  let stars: Stars | null = null;
  for (let level = starsByPoints; level >= 1; level -= 1) {
    const fails = failing(level as Stars);
    if (fails.length === 0) {
      stars = level as Stars;
      break;
    }
    heldBack.push({ stars: level as Stars, criteria: fails });
  }
  return {
    score,
    gap,
    rescoreNeeded,
    starsByPoints,
    stars: disqualified ? null : stars,
    heldBack,
    disqualified,
    toCentral: version.centralThreshold !== null && score >= version.centralThreshold,
  };
}
