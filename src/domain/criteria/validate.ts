import type { SetMessageKey } from './messages';
import type { CriteriaSetExtension, CriteriaSetFile, IndicatorPatch, RuleFile } from './schema';
import { DEFAULT_CLASS } from './types';
import type { Classification, IndicatorType } from './types';

/** A path inside the YAML document: mapping keys and list indexes. */
export type Path = readonly (string | number)[];

export interface Reporter {
  /** Records a problem at `path` (`target: 'key'` points at the mapping key rather than its value). */
  report(
    path: Path,
    key: SetMessageKey,
    params?: Record<string, string | number>,
    target?: 'key' | 'value',
  ): void;
  /** The line where `path` starts (for messages that refer to an earlier occurrence). */
  line(path: Path): number;
}

const SET_CODE = /^[a-z0-9][a-z0-9.-]*$/;
const ISSUER = /^(central|\d{2})$/;
const YEAR = /^\d{4}$/;

/** True for a real calendar date written yyyy-mm-dd. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  // From 1900 to 2100 only: any later date is a typing mistake that would block later changes.
  if (y < 1900 || y > 2100) return false;
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

type Header = Pick<
  CriteriaSetExtension,
  'code' | 'issuer' | 'validFrom' | 'validTo' | 'classes' | 'classInfo' | 'amendment'
> & { classification?: Classification | undefined };

/** Checks shared by complete and extending sets: identity, dates, classes. */
export function checkHeader(file: Header, r: Reporter): void {
  if (!SET_CODE.test(file.code)) r.report(['code'], 'set_code');
  if (!ISSUER.test(file.issuer)) r.report(['issuer'], 'issuer');
  const fromOk = file.validFrom === undefined || isIsoDate(file.validFrom);
  const toOk = file.validTo === undefined || isIsoDate(file.validTo);
  if (!fromOk) r.report(['validFrom'], 'date');
  if (!toOk) r.report(['validTo'], 'date');
  if (fromOk && toOk && file.validFrom && file.validTo && file.validTo < file.validFrom) {
    r.report(['validTo'], 'date_order', { from: file.validFrom, to: file.validTo });
  }
  checkAmendment(file, fromOk, r);
  const classes = file.classes ?? [];
  if (file.classification === 'none' && classes.length > 0)
    r.report(['classes'], 'classes_forbidden');
  if (
    (file.classification === 'region' || file.classification === 'group') &&
    classes.length === 0
  ) {
    r.report(file.classes ? ['classes'] : ['classification'], 'classes_required', {
      classification: file.classification,
    });
  }
  const seen = new Set<string>();
  classes.forEach((code, index) => {
    if (code === DEFAULT_CLASS) r.report(['classes', index], 'class_reserved');
    else if (seen.has(code)) r.report(['classes', index], 'duplicate_class', { code });
    seen.add(code);
  });
  for (const key of Object.keys(file.classInfo ?? {})) {
    if (!seen.has(key)) {
      r.report(
        ['classInfo', key],
        'unknown_class',
        { code: key, classes: classes.join(', ') },
        'key',
      );
    }
  }
}

/**
 * An amendment is a new version: it names another code than its own (a published version is
 * never changed in place), and applies from the amending decision's date or later.
 */
function checkAmendment(file: Header, fromOk: boolean, r: Reporter): void {
  const amendment = file.amendment;
  if (!amendment) return;
  const dateOk = isIsoDate(amendment.date);
  if (!dateOk) r.report(['amendment', 'date'], 'date');
  if (!SET_CODE.test(amendment.amends)) r.report(['amendment', 'amends'], 'set_code');
  else if (amendment.amends === file.code) {
    r.report(['amendment', 'amends'], 'amendment_in_place', {
      code: file.code,
      decision: amendment.decision,
    });
  }
  if (dateOk && fromOk && file.validFrom && file.validFrom < amendment.date) {
    r.report(['validFrom'], 'amendment_before_date', {
      from: file.validFrom,
      date: amendment.date,
      decision: amendment.decision,
    });
  }
}

export interface ClassContext {
  classes: readonly string[];
  classification: Classification;
}

/** Checks a rule against the indicator type and the set's classes. */
export function checkRule(
  rule: RuleFile,
  type: IndicatorType,
  context: ClassContext,
  path: Path,
  r: Reporter,
): void {
  const hasValue = rule.value !== undefined;
  const hasByClass = rule.byClass !== undefined;
  if (hasValue === hasByClass) {
    r.report(path, 'value_xor_byclass');
    return;
  }
  if (type === 'boolean') {
    if (rule.op !== 'eq' || typeof rule.value !== 'boolean') r.report(path, 'boolean_rule');
    return;
  }
  const checkNumber = (value: unknown, at: Path): void => {
    if (typeof value !== 'number') r.report(at, 'numeric_threshold');
    else if (type === 'percent' && (value < 0 || value > 100)) {
      r.report(at, 'percent_range', { value });
    }
  };
  if (hasValue) {
    checkNumber(rule.value, [...path, 'value']);
    return;
  }
  const byClass = rule.byClass ?? {};
  const keys = Object.keys(byClass);
  if (keys.length === 0) r.report([...path, 'byClass'], 'empty_byclass');
  const known = new Set(context.classes);
  for (const key of keys) {
    const at = [...path, 'byClass', key];
    if (context.classification === 'none' && key !== DEFAULT_CLASS) {
      r.report(at, 'only_default_class', {}, 'key');
    } else if (key !== DEFAULT_CLASS && !known.has(key)) {
      r.report(at, 'unknown_class', { code: key, classes: context.classes.join(', ') }, 'key');
    }
    const entry = byClass[key];
    if (typeof entry === 'number') {
      checkNumber(entry, at);
      continue;
    }
    const years = Object.keys(entry ?? {});
    if (years.length === 0) r.report(at, 'empty_years');
    for (const year of years) {
      if (!YEAR.test(year)) r.report([...at, year], 'year_key', { key: year }, 'key');
      checkNumber(entry?.[year], [...at, year]);
    }
  }
}

/** Checks one indicator (complete, or an extending set's entry once its type is known). */
export function checkIndicator(
  indicator: IndicatorPatch,
  type: IndicatorType,
  context: ClassContext,
  path: Path,
  r: Reporter,
): void {
  if (indicator.verified === true && !indicator.source)
    r.report([...path, 'verified'], 'source_required');
  if (type === 'percent' && indicator.unit !== undefined && indicator.unit !== '%') {
    r.report([...path, 'unit'], 'percent_unit');
  }
  if (type === 'boolean' && indicator.noThreshold === 'judgement') {
    r.report([...path, 'noThreshold'], 'judgement_numeric_only');
  }
  if (indicator.rule) checkRule(indicator.rule, type, context, [...path, 'rule'], r);
}

/** Checks revocation codes against the set's criteria. */
export function checkRevocation(
  revocation: CriteriaSetFile['revocation'],
  criterionCodes: ReadonlySet<string>,
  r: Reporter,
): void {
  if (!revocation) return;
  const seen = new Set<string>();
  (revocation.critical ?? []).forEach((code, index) => {
    const at = ['revocation', 'critical', index];
    if (!criterionCodes.has(code)) r.report(at, 'unknown_criterion', { code });
    else if (seen.has(code)) r.report(at, 'duplicate_code', { code });
    seen.add(code);
  });
  const high = revocation.notMetShare ?? 50;
  const low = revocation.criticalNotMetShare ?? 30;
  if (low > high) r.report(['revocation', 'criticalNotMetShare'], 'shares_order');
}

/** Every semantic check of a complete set. */
export function validateSetFile(file: CriteriaSetFile, r: Reporter): void {
  checkHeader(file, r);
  const context: ClassContext = {
    classes: file.classes ?? [],
    classification: file.classification,
  };
  const criterionLines = new Map<string, Path>();
  const indicatorLines = new Map<string, Path>();
  file.criteria.forEach((criterion, ci) => {
    const cPath = ['criteria', ci];
    const previous = criterionLines.get(criterion.code);
    if (previous) {
      r.report([...cPath, 'code'], 'duplicate_criterion', {
        code: criterion.code,
        line: r.line(previous),
      });
    } else criterionLines.set(criterion.code, [...cPath, 'code']);
    criterion.indicators.forEach((indicator, ii) => {
      const iPath = [...cPath, 'indicators', ii];
      const first = indicatorLines.get(indicator.code);
      if (first) {
        r.report([...iPath, 'code'], 'duplicate_indicator', {
          code: indicator.code,
          line: r.line(first),
        });
      } else indicatorLines.set(indicator.code, [...iPath, 'code']);
      checkIndicator(indicator, indicator.type, context, iPath, r);
    });
  });
  checkRevocation(file.revocation, new Set(criterionLines.keys()), r);
}
