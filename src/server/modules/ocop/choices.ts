import { and, desc, eq } from 'drizzle-orm';
import { sheetCriteria, scoreSheet } from '../../../domain/ocop/sheet';
import type { ScoreSheet, SheetChoices, SheetScore } from '../../../domain/ocop/types';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import { ocopSheets } from './tables';

/**
 * A sheet's choices (criterion code → option code) checked against the sheet — an unknown
 * criterion or option is 422 naming it; a criterion given twice in an array body is 422 — and
 * scored (the chosen options' points, per part, what is missing, what disqualifies).
 */

export type SheetRow = typeof ocopSheets.$inferSelect;

/** The choices as sent: the record, or an array of pairs (where a criterion may repeat). */
export type ChoicesInput = SheetChoices | { criterion: string; option: string }[];

/** The newest published sheet of a set under a rule version, or 422. */
export async function publishedSheet(
  executor: Executor,
  ruleVersion: string,
  setCode: string,
): Promise<SheetRow> {
  const [row] = await executor
    .select()
    .from(ocopSheets)
    .where(
      and(
        eq(ocopSheets.ruleVersion, ruleVersion),
        eq(ocopSheets.setCode, setCode),
        eq(ocopSheets.state, 'published'),
      ),
    )
    .orderBy(desc(ocopSheets.version))
    .limit(1);
  if (!row)
    throw new AppError('ocop.no_published_sheet', 422, { set: setCode, rules: ruleVersion });
  return row;
}

/**
 * Published sheets never change (a correction is a new version), so their rows are kept per
 * process: a council member's every open, save and submit reads the same tree (bounded: cleared
 * past 1,000 sheets).
 */
const publishedSheets = new Map<string, SheetRow>();

export async function sheetById(executor: Executor, id: string): Promise<SheetRow> {
  const cached = publishedSheets.get(id);
  if (cached) return cached;
  const [row] = await executor.select().from(ocopSheets).where(eq(ocopSheets.id, id));
  if (!row) throw new AppError('ocop.sheet_missing', 404, { id });
  if (row.state === 'published') {
    if (publishedSheets.size >= 1000) publishedSheets.clear();
    publishedSheets.set(id, row);
  }
  return row;
}

/** The choices as a record, every criterion and option known, or 422. */
export function checkChoices(sheet: ScoreSheet, input: ChoicesInput): SheetChoices {
  const pairs: [string, string][] = Array.isArray(input)
    ? input.map((item) => [item.criterion, item.option])
    : Object.entries(input);
  const criteria = new Map(sheetCriteria(sheet).map((item) => [item.criterion.code, item]));
  const choices: SheetChoices = {};
  for (const [criterionCode, optionCode] of pairs) {
    if (Object.hasOwn(choices, criterionCode)) {
      throw new AppError('ocop.choice_repeated', 422, { criterion: criterionCode });
    }
    const found = criteria.get(criterionCode);
    if (!found) throw new AppError('ocop.unknown_criterion', 422, { criterion: criterionCode });
    if (!found.criterion.options.some((option) => option.code === optionCode)) {
      throw new AppError('ocop.unknown_option', 422, {
        criterion: criterionCode,
        option: optionCode,
      });
    }
    choices[criterionCode] = optionCode;
  }
  return choices;
}

/** The points of checked choices (the domain's `scoreSheet`). */
export function scoreChoices(sheet: ScoreSheet, choices: SheetChoices): SheetScore {
  return scoreSheet(sheet, choices);
}
