import { ApiError } from '../../lib/api';
import type { CriteriaSetListItem } from '../criteria/types';
import type { UnitValuesResponse } from './types';
import type { ValuesTarget } from './useValues';

type SetSummary = Pick<CriteriaSetListItem, 'code' | 'issuer' | 'level' | 'status'> & {
  validFrom: string;
  validTo: string;
  /** standard (NTM) before advanced and model sets of the same period; standard when absent. */
  kind?: CriteriaSetListItem['kind'];
};

const isStandard = (set: SetSummary) => (set.kind ?? 'standard') === 'standard';

const yearOf = (iso: string) => Number(iso.slice(0, 4));

/** The set applies to the year (some day of it) and to units of the province (or everywhere). */
function fits(set: SetSummary, year: number, province: string | null): boolean {
  return (
    set.status === 'published' &&
    set.level === 'commune' &&
    yearOf(set.validFrom) <= year &&
    year <= yearOf(set.validTo) &&
    (set.issuer === 'central' || province === null || set.issuer === province)
  );
}

/**
 * The published commune-level sets whose validity covers `year`, for a unit of `province` (null:
 * any province): the province's own (stricter) sets first, then the national ones; standard
 * (NTM) sets before advanced and model ones; newest first.
 */
export function setsForYear<T extends SetSummary>(
  sets: readonly T[],
  year: number,
  province: string | null,
): T[] {
  return sets
    .filter((set) => fits(set, year, province))
    .sort((a, b) => {
      const own = Number(b.issuer !== 'central') - Number(a.issuer !== 'central');
      if (own !== 0 && province !== null) return own;
      if (own !== 0) return -own;
      const standard = Number(isStandard(b)) - Number(isStandard(a));
      if (standard !== 0) return standard;
      return b.validFrom.localeCompare(a.validFrom);
    });
}

/** Years some set covers, newest first, up to `maxYear` (and always `current`, the one shown). */
export function yearsCovered(
  sets: readonly SetSummary[],
  province: string | null,
  maxYear: number,
  current?: number,
): number[] {
  const years = new Set<number>();
  for (const set of sets) {
    const from = yearOf(set.validFrom);
    const to = Math.min(yearOf(set.validTo), maxYear);
    for (let year = from; year <= to; year++) if (fits(set, year, province)) years.add(year);
  }
  if (current !== undefined) years.add(current);
  return [...years].sort((a, b) => b - a);
}

/** How many years back from the asked one to look for a set that fits the unit. */
export const LOOK_BACK_YEARS = 3;

/**
 * The year and set to open for a unit: the latest year up to `maxYear` with a set the unit can be
 * judged by (it has the set's region or group). A set the unit has no class for is the fallback
 * (2026: the 2026–2030 set needs a commune group that may not be assigned yet → 2025 and the
 * 2021–2025 set). Years where the code names no unit (merged communes) are skipped.
 */
export async function findValuesTarget(
  unitCode: string,
  maxYear: number,
  sets: readonly SetSummary[],
  fetchValues: (target: ValuesTarget) => Promise<Pick<UnitValuesResponse, 'unitClass' | 'set'>>,
): Promise<{ year: number; set: string } | null> {
  let fallback: { year: number; set: string } | null = null;
  for (let year = maxYear; year >= maxYear - LOOK_BACK_YEARS; year--) {
    // National sets first: the unit's province is not known yet.
    for (const set of setsForYear(sets, year, null)) {
      try {
        const data = await fetchValues({ unitCode, setCode: set.code, year });
        if (data.unitClass !== null || data.set.classification === 'none') {
          return { year, set: set.code };
        }
        fallback ??= { year, set: set.code };
      } catch (error) {
        // Not this year or not this set (no unit with this code then, another level): go on.
        if (error instanceof ApiError && [400, 404, 422].includes(error.status)) continue;
        throw error;
      }
    }
  }
  return fallback;
}
