import { DEFAULT_CLASS } from './types';
import type { ClassThreshold, Op, Rule } from './types';

/** Why a rule gives no threshold for a class and year. */
export type ThresholdGap =
  /** The indicator has no rule at all. */
  | 'no_rule'
  /** `byClass` has neither the unit's class nor `default`. */
  | 'no_class'
  /** The class entry (or `default`) is a per-year map without the evaluated year. */
  | 'no_year';

export interface ResolvedThreshold {
  value: number | boolean;
  /** The `byClass` key used (a class or `default`), or null when the rule has one `value`. */
  classKey: string | null;
  /** The year key used, or null when the threshold does not depend on the year. */
  year: number | null;
}

export type ThresholdResolution =
  | { found: true; threshold: ResolvedThreshold }
  | { found: false; gap: ThresholdGap; classKey: string | null };

/**
 * Picks the threshold of `rule` for a unit of class `unitClass` (null when the set has no
 * classification) in `year`:
 * 1. `value` applies to every class and year;
 * 2. otherwise the unit's own class entry in `byClass`, else `default`, else no threshold (`no_class`);
 * 3. a per-year entry must list the year exactly, else no threshold (`no_year`). There is no
 *    carry-over from an earlier or later year, and a class entry that lacks the year does not
 *    fall back to `default`: the class entry is authoritative for that class.
 */
export function resolveThreshold(
  rule: Rule | null,
  unitClass: string | null,
  year: number,
): ThresholdResolution {
  if (!rule) return { found: false, gap: 'no_rule', classKey: null };
  if (rule.value !== undefined) {
    return { found: true, threshold: { value: rule.value, classKey: null, year: null } };
  }
  const byClass = rule.byClass ?? {};
  let classKey: string | null = null;
  let entry: ClassThreshold | undefined;
  if (unitClass !== null && unitClass !== DEFAULT_CLASS && Object.hasOwn(byClass, unitClass)) {
    classKey = unitClass;
    entry = byClass[unitClass];
  } else if (Object.hasOwn(byClass, DEFAULT_CLASS)) {
    classKey = DEFAULT_CLASS;
    entry = byClass[DEFAULT_CLASS];
  }
  if (entry === undefined || classKey === null) return { found: false, gap: 'no_class', classKey };
  if (typeof entry === 'number')
    return { found: true, threshold: { value: entry, classKey, year: null } };
  const key = String(year);
  const perYear = Object.hasOwn(entry, key) ? entry[key] : undefined;
  if (perYear === undefined) return { found: false, gap: 'no_year', classKey };
  return { found: true, threshold: { value: perYear, classKey, year } };
}

/** Every year listed in a rule's per-year maps (ascending). */
export function ruleYears(rule: Rule | null): number[] {
  const years = new Set<number>();
  for (const entry of Object.values(rule?.byClass ?? {})) {
    if (typeof entry === 'number') continue;
    for (const key of Object.keys(entry)) years.add(Number(key));
  }
  return [...years].sort((a, b) => a - b);
}

/** `value OP threshold`. Booleans compare only with `eq`. */
export function compare(op: Op, value: number | boolean, threshold: number | boolean): boolean {
  if (typeof value === 'boolean' || typeof threshold === 'boolean') {
    return op === 'eq' && value === threshold;
  }
  switch (op) {
    case 'gte':
      return value >= threshold;
    case 'gt':
      return value > threshold;
    case 'lte':
      return value <= threshold;
    case 'lt':
      return value < threshold;
    case 'eq':
      return value === threshold;
  }
}

/** The set of values a numeric rule accepts, as an interval. */
interface Interval {
  low: number;
  lowOpen: boolean;
  high: number;
  highOpen: boolean;
}

function interval(op: Op, threshold: number): Interval {
  switch (op) {
    case 'gte':
      return { low: threshold, lowOpen: false, high: Infinity, highOpen: true };
    case 'gt':
      return { low: threshold, lowOpen: true, high: Infinity, highOpen: true };
    case 'lte':
      return { low: -Infinity, lowOpen: true, high: threshold, highOpen: false };
    case 'lt':
      return { low: -Infinity, lowOpen: true, high: threshold, highOpen: true };
    case 'eq':
      return { low: threshold, lowOpen: false, high: threshold, highOpen: false };
  }
}

/**
 * True when every value that meets `child` also meets `parent`: the child rule is at least as
 * strict (a tightening or the same rule).
 */
export function isAtLeastAsStrict(
  parent: { op: Op; value: number | boolean },
  child: { op: Op; value: number | boolean },
): boolean {
  if (typeof parent.value === 'boolean' || typeof child.value === 'boolean') {
    return parent.op === child.op && parent.value === child.value;
  }
  const p = interval(parent.op, parent.value);
  const c = interval(child.op, child.value);
  const lowOk = c.low > p.low || (c.low === p.low && (c.lowOpen || !p.lowOpen));
  const highOk = c.high < p.high || (c.high === p.high && (c.highOpen || !p.highOpen));
  return lowOk && highOk;
}
