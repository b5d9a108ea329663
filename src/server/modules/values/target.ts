import { sql } from 'drizzle-orm';
import {
  compileCriteriaSet,
  type CompiledCriteriaSet,
  type CriteriaSet,
} from '../../../domain/criteria';
import { queryRows, type Executor } from '../../db/client';
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

export interface SetInfo {
  id: number;
  code: string;
  name: string;
  basis: string;
  level: CriteriaSet['level'];
  classification: CriteriaSet['classification'];
  validFrom: string;
  validTo: string;
  definition: CriteriaSet;
  compiled: CompiledCriteriaSet;
  /** Indicator row ids by code, and codes by id. */
  indicatorIdByCode: ReadonlyMap<string, number>;
  indicatorCodeById: ReadonlyMap<number, string>;
}

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

/** Published sets never change: compiled once per (id, content hash) and kept. */
const setCache = new Map<string, SetInfo>();

interface SetRow {
  id: number;
  code: string;
  name: string;
  basis: string;
  level: CriteriaSet['level'];
  classification: CriteriaSet['classification'];
  validFrom: string;
  validTo: string;
  status: string;
  contentHash: string;
}

const setColumns = sql`id, code, name, basis, level, classification, status,
  to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo",
  content_hash AS "contentHash"`;

/** Published sets by code, kept a minute (a published set never changes; a code is never reused). */
const publishedByCode = new Map<string, { info: SetInfo; expires: number }>();

/** The published set `code` (compiled, cached), or 404. */
export async function loadPublishedSet(executor: Executor, code: string): Promise<SetInfo> {
  const known = publishedByCode.get(code);
  if (known && known.expires > Date.now()) return known.info;
  const info = await readPublishedSet(executor, code);
  if (publishedByCode.size > 64) publishedByCode.clear();
  publishedByCode.set(code, { info, expires: Date.now() + 60_000 });
  return info;
}

async function readPublishedSet(executor: Executor, code: string): Promise<SetInfo> {
  const [row] = await queryRows<SetRow>(
    executor,
    sql`SELECT ${setColumns} FROM criteria_set WHERE code = ${code}`,
  );
  if (!row || row.status !== 'published') throw new AppError('criteria.not_found', 404, { code });
  return compiledSet(executor, row);
}

/** The published set with this id (compiled, cached), or 404. */
export async function loadSetById(executor: Executor, id: number): Promise<SetInfo> {
  const [row] = await queryRows<SetRow>(
    executor,
    sql`SELECT ${setColumns} FROM criteria_set WHERE id = ${id}`,
  );
  if (!row || row.status !== 'published') {
    throw new AppError('criteria.not_found', 404, { code: String(id) });
  }
  return compiledSet(executor, row);
}

async function compiledSet(executor: Executor, row: SetRow): Promise<SetInfo> {
  const key = `${row.id}:${row.contentHash}`;
  const cached = setCache.get(key);
  if (cached) return cached;
  const [definitionRow] = await queryRows<{ definition: CriteriaSet }>(
    executor,
    sql`SELECT definition FROM criteria_set WHERE id = ${row.id}`,
  );
  const indicators = await queryRows<{ id: number; code: string }>(
    executor,
    sql`SELECT id, code FROM criteria_indicator WHERE set_id = ${row.id}`,
  );
  const definition = definitionRow!.definition;
  const info: SetInfo = {
    id: Number(row.id),
    code: row.code,
    name: row.name,
    basis: row.basis,
    level: row.level,
    classification: row.classification,
    validFrom: row.validFrom,
    validTo: row.validTo,
    definition,
    compiled: compileCriteriaSet(definition),
    indicatorIdByCode: new Map(indicators.map((i) => [i.code, Number(i.id)])),
    indicatorCodeById: new Map(indicators.map((i) => [Number(i.id), i.code])),
  };
  if (setCache.size > 64) setCache.clear();
  setCache.set(key, info);
  return info;
}

// Classes are resolved by the units module (attributes and class overrides); re-exported for the
// callers that still import them from here.
export { classAttributeOf, unitClassesOn, unitClassOn } from '../units/classes';

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
  const key = `${code}|${setCode}|${year}`;
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
