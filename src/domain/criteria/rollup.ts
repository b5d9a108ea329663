/**
 * Roll-up math shared by the server (SQL bands) and the browser (labels): the official
 * distribution of communes by criteria met — all criteria / 15–18 / 10–14 / 5–9 / under 5 for the
 * 19-criteria set — scaled to sets with another number of criteria (the lower bounds 15, 10 and 5
 * become ⌈n·15/19⌉, ⌈n·10/19⌉, ⌈n·5/19⌉).
 */

export interface CriteriaBand {
  /** Stable key: `all`, `b1`, `b2`, `b3`, `b4` (from most to fewest criteria met). */
  key: 'all' | 'b1' | 'b2' | 'b3' | 'b4';
  /** Inclusive bounds of criteria met. */
  min: number;
  max: number;
  /** "19 tiêu chí", "15–18 tiêu chí", "dưới 5 tiêu chí". */
  label: string;
}

const OFFICIAL_TOTAL = 19;
const OFFICIAL_LOWER_BOUNDS = [15, 10, 5] as const;

/** The five bands for a set of `total` criteria, most criteria first. */
export function criteriaBands(total: number): CriteriaBand[] {
  const [a, b, c] = OFFICIAL_LOWER_BOUNDS.map((bound) =>
    Math.max(1, Math.ceil((total * bound) / OFFICIAL_TOTAL)),
  ) as [number, number, number];
  const range = (min: number, max: number) =>
    min === max ? `${min} tiêu chí` : `${min}–${max} tiêu chí`;
  return [
    { key: 'all', min: total, max: total, label: `${total} tiêu chí` },
    { key: 'b1', min: a, max: total - 1, label: range(a, total - 1) },
    { key: 'b2', min: b, max: a - 1, label: range(b, a - 1) },
    { key: 'b3', min: c, max: b - 1, label: range(c, b - 1) },
    { key: 'b4', min: 0, max: c - 1, label: `dưới ${c} tiêu chí` },
  ];
}

/** The band of a unit with `met` criteria out of `total`. */
export function bandOf(met: number, total: number): CriteriaBand['key'] {
  const band = criteriaBands(total).find((item) => met >= item.min && met <= item.max);
  return band?.key ?? 'b4';
}
