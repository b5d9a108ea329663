/**
 * Progress of a programme target: where a measure stands against its target value and deadline.
 * Pure; shared by the server (targets API) and the browser (dashboards).
 *
 * - `met` (đạt): the current value satisfies the target;
 * - `on_track` (đúng tiến độ): not yet, but at least where a straight line from the baseline (at
 *   the start date) to the target (at the deadline) says it should be today;
 * - `behind` (chậm): below that line, or the deadline has passed;
 * - `no_data` (chưa có số liệu): the measure has no value yet;
 * - `no_source` (chưa có nguồn số liệu): nothing in the platform measures it yet (a capability to
 *   come will feed it, e.g. the recognition module): never a number.
 *
 * A count target "at most" (`lte`: no commune under 15 criteria) is not met while units remain
 * whose value is unknown (`unknown`: communes without data): they are neither counted as passing
 * nor hidden; they count towards the gap.
 */

export type TargetOp = 'gte' | 'lte';
export type TargetStatus = 'met' | 'on_track' | 'behind' | 'no_data' | 'no_source';

export interface TargetDefinition {
  op: TargetOp;
  value: number;
  /** ISO dates. */
  startDate: string;
  deadline: string;
}

export interface TargetReading {
  /** The measure now (a share in % or a count); null without data. */
  current: number | null;
  /** The measure at the start (the first year with data); null when unknown (then 0 for shares). */
  baseline: number | null;
  /** The day the reading is for (ISO). */
  asOf: string;
  /** Units of the scope whose value is unknown (for `lte` counts: not passing). */
  unknown?: number;
  /** True when the platform has no source for the measure at all. */
  noSource?: boolean;
}

export interface TargetProgress {
  status: TargetStatus;
  /** Where the straight line says the measure should be on `asOf` (null without data). */
  expected: number | null;
  /** Share of the way from the baseline to the target (0–100, capped), null without data. */
  percentDone: number | null;
}

function days(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
}

const satisfies = (op: TargetOp, value: number, bound: number) =>
  op === 'gte' ? value >= bound : value <= bound;

export function targetProgress(target: TargetDefinition, reading: TargetReading): TargetProgress {
  if (reading.noSource) return { status: 'no_source', expected: null, percentDone: null };
  if (reading.current === null) return { status: 'no_data', expected: null, percentDone: null };
  // "At most" counts: a unit without data might be over the bound, so it is not counted as passing.
  const current = target.op === 'lte' ? reading.current + (reading.unknown ?? 0) : reading.current;
  const baseline = reading.baseline ?? (target.op === 'gte' ? 0 : current);
  const span = days(target.deadline) - days(target.startDate);
  const elapsed = Math.min(Math.max(days(reading.asOf) - days(target.startDate), 0), span);
  const fraction = span > 0 ? elapsed / span : 1;
  const expected = baseline + (target.value - baseline) * fraction;
  const distance = target.value - baseline;
  const percentDone =
    distance === 0 ? 100 : Math.max(0, Math.min(100, ((current - baseline) / distance) * 100));
  if (satisfies(target.op, current, target.value)) {
    return { status: 'met', expected, percentDone: 100 };
  }
  const pastDeadline = days(reading.asOf) > days(target.deadline);
  const onTrack = !pastDeadline && satisfies(target.op, current, expected);
  return { status: onTrack ? 'on_track' : 'behind', expected, percentDone };
}

/**
 * How many more units must meet a share target: ⌈value% × total⌉ − met (0 when met). For a count
 * target with `lte` (no commune under 15 criteria: ≤ 0), the count above the bound, the units
 * without data (`unknown`) included.
 */
export function targetGap(
  kind: 'share' | 'count',
  op: TargetOp,
  value: number,
  reading: { met: number; total: number; count?: number; unknown?: number },
): number {
  if (kind === 'share') {
    const needed = Math.ceil((value / 100) * reading.total - 1e-9);
    return op === 'gte'
      ? Math.max(0, needed - reading.met)
      : Math.max(0, reading.met - Math.floor((value / 100) * reading.total + 1e-9));
  }
  const count = (reading.count ?? 0) + (op === 'lte' ? (reading.unknown ?? 0) : 0);
  return op === 'lte' ? Math.max(0, count - value) : Math.max(0, value - count);
}
