import { sql } from 'drizzle-orm';
import { databaseKey } from '../../db/commit-hooks';
import { queryRows, type Executor } from '../../db/client';
import { loadPublishedSet, type SetInfo } from '../criteria/sets';
import { AppError } from '../../errors';
import { displayDate } from '../units/model';
import { UnitFactsCache } from '../units/cache';
import { unitClassReasonOn } from '../units/classes';
import type { UnitClassReason } from '../../../domain/units/class-override';
import { findUnit, findUnitVersions, type UnitRecord } from '../units/service';

/**
 * What a (unit code, criteria set, year) in a URL designates: the unit that held the code on 31/12
 * of the year, a published set valid for the unit's level and that year, and the unit's class
 * (region or commune group) for the set's thresholds.
 */

export interface EntryTarget {
  unit: UnitRecord;
  year: number;
  /** 31/12 of the year (the date the unit code is read at). */
  referenceDate: string;
  set: SetInfo;
  /** The unit's class for the set; null when the set has none or the unit has not been given one. */
  unitClass: string | null;
  /** The set needs a class that the unit does not have: values can be entered, not evaluated. */
  unclassified: boolean;
  /** Why the unit has `unitClass` (an override with its basis, or the attribute); null: no classes. */
  classReason: UnitClassReason | null;
  provinceCode: string;
}

/**
 * The class the target is evaluated at, from the units module's reason: the reason's class when
 * the set knows it, else none (the unit is then unclassified for a set that needs a class).
 */
export function classOfReason(
  set: SetInfo,
  reason: UnitClassReason,
): Pick<EntryTarget, 'unitClass' | 'unclassified' | 'classReason'> {
  if (set.classification === 'none') {
    return { unitClass: null, unclassified: false, classReason: null };
  }
  const unitClass =
    reason.class !== null && set.compiled.hasClass(reason.class) ? reason.class : null;
  return {
    unitClass,
    unclassified: unitClass === null,
    classReason: unitClass === null ? { ...reason, class: null, source: 'none' } : reason,
  };
}

/** Code of the province at the top of the unit's path (the fact tables' distribution key). */
async function provinceCodeOf(executor: Executor, unit: UnitRecord): Promise<string> {
  const topId = Number(unit.path.split('.')[0]);
  if (topId === unit.id) return unit.code;
  const [row] = await queryRows<{ code: string }>(
    executor,
    sql`SELECT code FROM unit WHERE id = ${topId}`,
  );
  return row?.code ?? unit.code.slice(0, 2);
}

const levelWords = {
  commune: '@levels.commune',
  district: '@levels.district',
  province: '@levels.province',
} as const;

/** Checks that the set applies to the unit's level and to the year. */
export function assertSetApplies(set: SetInfo, unit: UnitRecord, year: number): void {
  if (set.level !== unit.level) {
    throw new AppError('values.set_wrong_level', 422, {
      set: set.code,
      setLevel: levelWords[set.level],
      unit: unit.name,
      unitLevel: levelWords[unit.level],
    });
  }
  const first = Number(set.validFrom.slice(0, 4));
  const last = Number(set.validTo.slice(0, 4));
  if (year < first || year > last) {
    throw new AppError('values.set_wrong_year', 422, {
      set: set.code,
      year,
      from: displayDate(set.validFrom),
      to: displayDate(set.validTo),
    });
  }
}

/** The unit holding `code` on 31/12/`year`, or 404 (naming when the code was in use). */
export async function unitForYear(
  executor: Executor,
  code: string,
  year: number,
): Promise<UnitRecord> {
  const referenceDate = `${year}-12-31`;
  const unit = await findUnit(executor, code, referenceDate);
  if (unit) return unit;
  const versions = await findUnitVersions(executor, code);
  if (versions.length === 0) throw new AppError('units.not_found', 404, { code });
  throw new AppError('values.unit_not_in_year', 404, {
    code,
    year,
    periods: versions
      .map(
        (v) => `${v.name} ${displayDate(v.validFrom)}–${v.validTo ? displayDate(v.validTo) : '…'}`,
      )
      .join('; '),
  });
}

/** Resolves what `/units/{code}/values?set=…&year=…` designates, or a clear 404/422. */
export async function resolveTarget(
  executor: Executor,
  code: string,
  setCode: string,
  year: number,
): Promise<EntryTarget> {
  const key = `${databaseKey(executor)}|${code}|${setCode}|${year}`;
  const cached = targetCache.get(key);
  if (cached) return cached;
  const unit = await unitForYear(executor, code, year);
  const set = await loadPublishedSet(executor, setCode);
  const target = await targetFor(executor, unit, set, year);
  targetCache.set(key, target);
  return target;
}

/**
 * Resolved targets, kept briefly: a unit's code, class and province change only when units change
 * (which drops the cache), and published sets never change.
 */
const targetCache = new UnitFactsCache<EntryTarget>();

/** The target for a unit already resolved (an import names many communes of one set and year). */
export async function targetFor(
  executor: Executor,
  unit: UnitRecord,
  set: SetInfo,
  year: number,
): Promise<EntryTarget> {
  assertSetApplies(set, unit, year);
  const referenceDate = `${year}-12-31`;
  const reason = await unitClassReasonOn(executor, unit.id, set.classification, referenceDate);
  return {
    unit,
    year,
    referenceDate,
    set,
    ...classOfReason(set, reason),
    provinceCode: await provinceCodeOf(executor, unit),
  };
}
