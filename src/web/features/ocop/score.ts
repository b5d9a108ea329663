import { starsFor } from '../../../domain/ocop/rules';
import { scoreSheet } from '../../../domain/ocop/sheet';
import type {
  ScoreSheet,
  SheetChoices,
  SheetScore,
  StarBand,
  Stars,
} from '../../../domain/ocop/types';

/** The running score of a sheet as filled so far: the domain's own computation, as the server's. */
export function liveScore(sheet: ScoreSheet, choices: SheetChoices): SheetScore {
  return scoreSheet(sheet, choices);
}

/** The stars a total gives (the rule version's half-open bands), or null without bands. */
export function liveStars(total: number, bands: StarBand[] | undefined): Stars | null {
  if (!bands || bands.length === 0) return null;
  return starsFor(total, bands);
}
