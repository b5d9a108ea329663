import { resolveThreshold, ruleYears } from '../../../domain/criteria/thresholds';
import type { Op } from '../../../domain/criteria/types';
import type { Criterion, CriteriaSet, Indicator } from './types';

/** One cell of a threshold table, before it is put into words. */
export type ThresholdCell =
  /** `value OP threshold`; `fromDefault`: the class has no entry, the `default` one applies. */
  | { kind: 'value'; op: Op; value: number | boolean; fromDefault: boolean }
  /** No number: the responsible officer judges Đạt/Không đạt (never a verified threshold). */
  | { kind: 'judgement' }
  /** No threshold at all (counted as not met). */
  | { kind: 'none' };

export interface ThresholdColumn {
  /** The class (region or commune group), or null for a set without classes. */
  key: string | null;
  label: string;
  name?: string;
}

export type ThresholdTable =
  /** The same threshold for every class and year. */
  | { kind: 'uniform'; cell: ThresholdCell }
  /** A threshold per class (columns) and per year (rows; one row with year null otherwise). */
  | {
      kind: 'grid';
      columns: ThresholdColumn[];
      rows: Array<{ year: number | null; cells: ThresholdCell[] }>;
    };

type SetShape = Pick<CriteriaSet, 'classes' | 'classInfo' | 'classification'>;

function sameCell(a: ThresholdCell, b: ThresholdCell): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind !== 'value' || b.kind !== 'value') return true;
  return a.op === b.op && a.value === b.value;
}

/**
 * The thresholds of an indicator as officials read them in the decision's annex: one column per
 * region (or commune group), one row per year when the threshold changes every year.
 */
export function thresholdTable(indicator: Indicator, set: SetShape): ThresholdTable {
  const { rule } = indicator;
  const missing: ThresholdCell =
    indicator.noThreshold === 'judgement' ? { kind: 'judgement' } : { kind: 'none' };
  if (!rule) return { kind: 'uniform', cell: missing };
  if (rule.value !== undefined) {
    return {
      kind: 'uniform',
      cell: { kind: 'value', op: rule.op, value: rule.value, fromDefault: false },
    };
  }
  const classes: Array<string | null> =
    set.classification === 'none' || set.classes.length === 0 ? [null] : set.classes;
  const years = ruleYears(rule);
  const rows = (years.length > 0 ? years : [null]).map((year) => ({
    year,
    cells: classes.map((classKey): ThresholdCell => {
      const found = resolveThreshold(rule, classKey, year ?? 0);
      if (!found.found) return missing;
      return {
        kind: 'value',
        op: rule.op,
        value: found.threshold.value,
        fromDefault: classKey !== null && found.threshold.classKey === 'default',
      };
    }),
  }));
  const cells = rows.flatMap((row) => row.cells);
  if (years.length === 0 && cells.every((cell) => sameCell(cell, cells[0]!))) {
    const first = cells[0]!;
    return {
      kind: 'uniform',
      cell: first.kind === 'value' ? { ...first, fromDefault: false } : first,
    };
  }
  return {
    kind: 'grid',
    columns: classes.map((key) => ({
      key,
      label: key === null ? '' : (set.classInfo[key]?.label ?? key),
      ...(key !== null && set.classInfo[key]?.name ? { name: set.classInfo[key]?.name } : {}),
    })),
    rows,
  };
}

/** Criteria in their groups, in the set's order ("Hạ tầng kinh tế – xã hội": 2–9). */
export function groupCriteria(criteria: readonly Criterion[]): Array<{
  group: string | null;
  criteria: Criterion[];
}> {
  const groups: Array<{ group: string | null; criteria: Criterion[] }> = [];
  for (const criterion of criteria) {
    const last = groups[groups.length - 1];
    if (last && last.group === criterion.group) last.criteria.push(criterion);
    else groups.push({ group: criterion.group, criteria: [criterion] });
  }
  return groups;
}

/** True when some threshold of the indicator is not confirmed by an official text. */
export function hasUnverifiedThreshold(indicator: Indicator, set: SetShape): boolean {
  if (!indicator.verified) return true;
  const table = thresholdTable(indicator, set);
  const cells = table.kind === 'uniform' ? [table.cell] : table.rows.flatMap((row) => row.cells);
  return cells.some((cell) => cell.kind === 'judgement');
}
