import type { AppliedThreshold, CompiledCriteriaSet } from '../criteria/evaluate';
import type { IndicatorValue } from '../criteria/types';

/**
 * Deterministic synthetic indicator values, for the demo data and the benchmark: the same unit,
 * year and set always give the same values. A unit meets the standard with probability
 * `metShare`; otherwise one to five criteria fail (fewer more often), each through one indicator
 * just on the wrong side of its threshold; `missingShare` of the other units leave one indicator
 * empty. Values stay inside their type's range (percent 0–100). Not real data: never shown as such.
 */

export interface SyntheticOptions {
  unitCode: string;
  unitClass: string | null;
  year: number;
  /** Share (0–1) of units that meet every criterion. */
  metShare: number;
  /** Share (0–1) of the failing units that also leave one indicator empty. */
  missingShare?: number;
  /** Extra seed text, to draw another dataset with the same shape. */
  seed?: string;
  /** Exactly this many criteria fail (0: every criterion met), instead of drawing by `metShare`. */
  failingCriteria?: number;
}

/** FNV-1a of a string, then xorshift: a small, fast, deterministic generator in [0, 1). */
export function seededRandom(seedText: string): () => number {
  let state = 0x811c9dc5;
  for (let i = 0; i < seedText.length; i++) {
    state ^= seedText.charCodeAt(i);
    state = Math.imul(state, 0x01000193) >>> 0;
  }
  if (state === 0) state = 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

function clampFor(type: string, value: number): number {
  const rounded = round1(value);
  if (type === 'percent') return Math.min(100, Math.max(0, rounded));
  return Math.max(0, rounded);
}

/** A value of the indicator that meets (`meet`) or misses its threshold. */
function draw(
  type: string,
  applied: AppliedThreshold,
  meet: boolean,
  random: () => number,
): IndicatorValue {
  if (type === 'boolean' || applied.judged || typeof applied.value === 'boolean') {
    return applied.value === false ? !meet : meet;
  }
  const threshold = applied.value;
  const op = applied.op;
  if (threshold === null || op === null) {
    return clampFor(type, type === 'percent' ? 50 + random() * 50 : 10 + random() * 90);
  }
  const room = type === 'percent' ? 100 : Math.max(threshold * 2, 10);
  const above = (low: number) => clampFor(type, low + random() * Math.max(room - low, 0) * 0.6);
  const below = (high: number) => clampFor(type, high - (0.5 + random() * Math.max(high, 1) * 0.3));
  switch (op) {
    case 'gte':
      return meet ? above(threshold) : Math.min(below(threshold), threshold - 0.1);
    case 'gt':
      return meet ? Math.max(above(threshold), threshold + 0.1) : below(threshold);
    case 'lte':
      return meet
        ? clampFor(type, threshold * random())
        : clampFor(type, threshold + 0.5 + random() * 5);
    case 'lt':
      return meet
        ? clampFor(type, Math.max(0, threshold - 0.1) * random())
        : clampFor(type, threshold + random() * 5);
    case 'eq':
      return meet ? threshold : threshold + 1;
  }
}

/** Synthetic values of every indicator of the set for one unit and year (see the module note). */
export function syntheticValues(
  compiled: CompiledCriteriaSet,
  options: SyntheticOptions,
): Map<string, IndicatorValue> {
  const random = seededRandom(
    `${options.seed ?? ''}|${compiled.set.code}|${options.unitCode}|${options.year}`,
  );
  const applied = compiled.thresholds(options.unitClass, options.year);
  const forced = options.failingCriteria;
  const meets = forced === undefined ? random() < options.metShare : forced === 0;
  const failing = new Set<number>();
  if (!meets) {
    const drawn = 1 + Math.floor(random() * random() * 5);
    const count = Math.min(compiled.criteria.length, forced ?? drawn);
    while (failing.size < count) failing.add(Math.floor(random() * compiled.criteria.length));
  }
  const failIndicator = new Map<number, number>();
  for (const criterionIndex of failing) {
    const criterion = compiled.criteria[criterionIndex]!;
    const span = criterion.end - criterion.first;
    failIndicator.set(criterionIndex, criterion.first + Math.floor(random() * span));
  }
  const missingAt =
    !meets && random() < (options.missingShare ?? 0.1)
      ? Math.floor(random() * compiled.indicators.length)
      : -1;
  const values = new Map<string, IndicatorValue>();
  for (const item of compiled.indicators) {
    if (item.index === missingAt) continue;
    const fails = failIndicator.get(item.criterionIndex) === item.index;
    values.set(item.code, draw(item.type, applied[item.index]!, !fails, random));
  }
  return values;
}
