import { formatNumber, opSymbol, unitScope } from './format';
import { compact, toIndicator, toRule } from './normalize';
import type { CriteriaSetExtension, IndicatorFile, IndicatorPatch } from './schema';
import { isAtLeastAsStrict, resolveThreshold, ruleYears } from './thresholds';
import type { CriteriaSet, Criterion, Indicator, Language, RevocationConfig, Rule } from './types';
import { checkHeader, checkIndicator } from './validate';
import type { ClassContext, Path, Reporter } from './validate';

/**
 * Merges an extending (provincial) set into its parent. Semantics:
 * - identity (`code`, `name`, `issuer`, `basis`) is the extending set's; `level`, `classification`
 *   and `classes` must equal the parent's; `validFrom`, `validTo`, `kind` default to the parent's;
 *   `classInfo` and `notes` add to the parent's;
 * - the parent's criteria are all kept, in order; an entry under `criteria` names an existing
 *   criterion by `code` and may rename it, annotate it, override some of its indicators (by code)
 *   or add new indicators to it (a criterion is met only when all its indicators are, so adding
 *   is a tightening). New criteria are refused (they would change the revocation shares);
 * - an overridden rule must be at least as strict as the parent's for every class and every
 *   year the parent defines (every value meeting the new rule meets the old one). Where the parent
 *   has no threshold (no rule, or none for a class or year), the extending set may supply one.
 *   Removing a threshold, or replacing a numeric one by a yes/no judgement, is refused;
 * - an overridden rule is the province's: its `verified`/`source` are the entry's own (unverified
 *   unless stated); fields not given are inherited;
 * - revocation: inherited when absent; when given, `critical` must still list every critical
 *   criterion of the parent, and the shares may only decrease (revoke sooner).
 */
export function mergeExtension(
  parent: CriteriaSet,
  extension: CriteriaSetExtension,
  r: Reporter,
  language: Language,
): CriteriaSet {
  if (extension.extends === extension.code) r.report(['extends'], 'extends_self');
  else if (extension.code === parent.code) {
    r.report(['code'], 'extends_same_code', { code: parent.code });
  }
  const fixed = (field: 'level' | 'classification', value: string | undefined): void => {
    if (value !== undefined && value !== parent[field]) {
      r.report([field], 'extends_fixed', { field, parent: parent[field] });
    }
  };
  fixed('level', extension.level);
  fixed('classification', extension.classification);
  if (
    extension.classes !== undefined &&
    extension.classes.join('\n') !== parent.classes.join('\n')
  ) {
    r.report(['classes'], 'extends_fixed', {
      field: 'classes',
      parent: `[${parent.classes.join(', ')}]`,
    });
  }
  checkHeader(
    {
      ...extension,
      validFrom: extension.validFrom ?? parent.validFrom,
      validTo: extension.validTo ?? parent.validTo,
      classification: parent.classification,
      classes: parent.classes,
    },
    r,
  );

  const context: ClassContext = { classes: parent.classes, classification: parent.classification };
  const criteria: Criterion[] = parent.criteria.map((criterion) => ({
    ...criterion,
    indicators: criterion.indicators.map((indicator) => ({ ...indicator, origin: 'inherited' })),
  }));
  const criterionIndex = new Map(criteria.map((criterion, index) => [criterion.code, index]));
  const indicatorHome = new Map<string, string>();
  for (const criterion of parent.criteria) {
    for (const indicator of criterion.indicators) indicatorHome.set(indicator.code, criterion.code);
  }
  const patchedCriteria = new Map<string, Path>();
  const patchedIndicators = new Map<string, Path>();

  (extension.criteria ?? []).forEach((patch, ci) => {
    const cPath: Path = ['criteria', ci];
    const index = criterionIndex.get(patch.code);
    const target = index === undefined ? undefined : criteria[index];
    if (index === undefined || !target) {
      r.report([...cPath, 'code'], 'extends_new_criterion', { code: patch.code });
      return;
    }
    const earlier = patchedCriteria.get(patch.code);
    if (earlier) {
      r.report([...cPath, 'code'], 'duplicate_criterion', {
        code: patch.code,
        line: r.line(earlier),
      });
      return;
    }
    patchedCriteria.set(patch.code, [...cPath, 'code']);
    const indicators = [...target.indicators];
    (patch.indicators ?? []).forEach((entry, ii) => {
      const iPath: Path = [...cPath, 'indicators', ii];
      const first = patchedIndicators.get(entry.code);
      if (first) {
        r.report([...iPath, 'code'], 'duplicate_indicator', {
          code: entry.code,
          line: r.line(first),
        });
        return;
      }
      patchedIndicators.set(entry.code, [...iPath, 'code']);
      const home = indicatorHome.get(entry.code);
      if (home !== undefined && home !== patch.code) {
        r.report([...iPath, 'code'], 'extends_indicator_elsewhere', {
          code: entry.code,
          criterion: home,
        });
        return;
      }
      const position = indicators.findIndex((indicator) => indicator.code === entry.code);
      const inherited = position >= 0 ? indicators[position] : undefined;
      if (!inherited) {
        const added = addIndicator(entry, context, iPath, r);
        if (added) indicators.push(added);
        return;
      }
      indicators[position] = overrideIndicator(
        parent,
        inherited,
        entry,
        context,
        iPath,
        r,
        language,
      );
    });
    criteria[index] = compact({
      ...target,
      name: patch.name ?? target.name,
      group: patch.group ?? target.group,
      note: patch.note ?? target.note,
      indicators,
    });
  });

  return {
    code: extension.code,
    name: extension.name,
    issuer: extension.issuer,
    basis: extension.basis,
    level: parent.level,
    kind: extension.kind ?? parent.kind,
    validFrom: extension.validFrom ?? parent.validFrom,
    validTo: extension.validTo ?? parent.validTo,
    classification: parent.classification,
    classes: [...parent.classes],
    classInfo: { ...parent.classInfo, ...(extension.classInfo ?? {}) },
    extends: parent.code,
    revocation: mergeRevocation(parent.revocation, extension.revocation, r),
    notes: [...parent.notes, ...(extension.notes ?? [])],
    ...(extension.amendment ? { amendment: { ...extension.amendment } } : {}),
    criteria,
  };
}

function addIndicator(
  entry: IndicatorPatch,
  context: ClassContext,
  path: Path,
  r: Reporter,
): Indicator | undefined {
  let complete = true;
  for (const field of ['name', 'type', 'rule'] as const) {
    if (entry[field] === undefined) {
      r.report([...path, 'code'], 'extends_new_indicator_field', { code: entry.code, field });
      complete = false;
    }
  }
  if (!complete || !entry.type || !entry.name) return undefined;
  checkIndicator(entry, entry.type, context, path, r);
  const file: IndicatorFile = {
    ...entry,
    name: entry.name,
    type: entry.type,
    rule: entry.rule ?? null,
  };
  return { ...toIndicator(file), origin: 'added' };
}

function overrideIndicator(
  parent: CriteriaSet,
  inherited: Indicator,
  entry: IndicatorPatch,
  context: ClassContext,
  path: Path,
  r: Reporter,
  language: Language,
): Indicator {
  if (entry.type !== undefined && entry.type !== inherited.type) {
    r.report([...path, 'type'], 'extends_type_change', {
      field: 'type',
      code: entry.code,
      parent: inherited.type,
    });
  }
  const unit = entry.unit ?? inherited.unit;
  if (entry.unit !== undefined && entry.unit !== inherited.unit) {
    r.report([...path, 'unit'], 'extends_type_change', {
      field: 'unit',
      code: entry.code,
      parent: inherited.unit ?? '—',
    });
  }
  // A changed unit is already reported above.
  checkIndicator({ ...entry, unit: undefined }, inherited.type, context, path, r);
  const ruleChanged = entry.rule !== undefined || entry.noThreshold !== undefined;
  const merged: Indicator = compact({
    ...inherited,
    name: entry.name ?? inherited.name,
    unit,
    note: entry.note ?? inherited.note,
    rule: entry.rule !== undefined ? toRule(entry.rule) : inherited.rule,
    noThreshold: entry.noThreshold ?? inherited.noThreshold,
    verified: ruleChanged ? (entry.verified ?? false) : (entry.verified ?? inherited.verified),
    source: ruleChanged ? entry.source : (entry.source ?? inherited.source),
    origin: 'overridden',
  });
  if (ruleChanged) checkTightening(parent, inherited, merged, path, r, language);
  return merged;
}

function describe(op: Rule['op'], value: number | boolean, language: Language): string {
  return typeof value === 'boolean'
    ? `${opSymbol(op)} ${String(value)}`
    : `${opSymbol(op)} ${formatNumber(value, language)}`;
}

/** Compares the parent's and the child's rule for every class and every year either defines. */
function checkTightening(
  set: CriteriaSet,
  before: Indicator,
  after: Indicator,
  path: Path,
  r: Reporter,
  language: Language,
): void {
  const classes: (string | null)[] = set.classification === 'none' ? [null] : set.classes;
  // Year 0 stands for "any year not listed" (per-year maps then give no threshold).
  const years = [0, ...new Set([...ruleYears(before.rule), ...ruleYears(after.rule)])];
  const rulePath: Path = [...path, after.rule === before.rule ? 'noThreshold' : 'rule'];
  const reported = new Set<string>();
  for (const unitClass of classes) {
    for (const year of years) {
      const p = resolveThreshold(before.rule, unitClass, year);
      const c = resolveThreshold(after.rule, unitClass, year);
      const pJudged = !p.found && before.noThreshold === 'judgement';
      const cJudged = !c.found && after.noThreshold === 'judgement';
      if (!p.found && !pJudged) continue; // the parent has no threshold here: filling is allowed
      const scope = unitScope(set, unitClass, year === 0 ? null : year, language);
      let key: 'extends_removed' | 'extends_to_judgement' | 'extends_loosened' | undefined;
      let child = '';
      if (!c.found && !cJudged) key = 'extends_removed';
      else if (p.found && cJudged) key = 'extends_to_judgement';
      else if (p.found && c.found) {
        const parentRule = { op: before.rule?.op ?? 'eq', value: p.threshold.value };
        const childRule = { op: after.rule?.op ?? 'eq', value: c.threshold.value };
        if (!isAtLeastAsStrict(parentRule, childRule)) {
          key = 'extends_loosened';
          child = describe(childRule.op, childRule.value, language);
        }
      }
      if (!key) continue;
      const parentText = p.found
        ? describe(before.rule?.op ?? 'eq', p.threshold.value, language)
        : language === 'vi'
          ? 'Đạt/Không đạt'
          : 'yes/no';
      const message = `${key}|${parentText}|${child}|${c.found ? c.threshold.classKey : ''}`;
      if (reported.has(message)) continue;
      reported.add(message);
      let at: Path = rulePath;
      if (c.found && c.threshold.classKey !== null) {
        at = [...rulePath, 'byClass', c.threshold.classKey];
        if (c.threshold.year !== null) at = [...at, String(c.threshold.year)];
      }
      r.report(at, key, { code: after.code, scope, parent: parentText, child });
    }
  }
}

function mergeRevocation(
  parent: RevocationConfig | null,
  patch: CriteriaSetExtension['revocation'],
  r: Reporter,
): RevocationConfig | null {
  if (patch === undefined) return parent;
  if (patch === null) {
    if (parent) r.report(['revocation'], 'extends_revocation_removed');
    return parent;
  }
  if (!parent) {
    return compact({
      critical: [...(patch.critical ?? [])],
      notMetShare: patch.notMetShare ?? 50,
      criticalNotMetShare: patch.criticalNotMetShare ?? 30,
      revokedSubunitsShare: patch.revokedSubunitsShare,
      basis: patch.basis,
      verified: patch.verified ?? false,
    });
  }
  const critical = patch.critical ?? parent.critical;
  for (const code of parent.critical) {
    if (!critical.includes(code)) {
      r.report(['revocation', 'critical'], 'extends_critical_removed', { code });
    }
  }
  const share = (
    field: 'notMetShare' | 'criticalNotMetShare' | 'revokedSubunitsShare',
  ): number | undefined => {
    const child = patch[field];
    const before = parent[field];
    if (child === undefined) return before;
    if (before !== undefined && child > before) {
      r.report(['revocation', field], 'extends_share_loosened', { field, child, parent: before });
    }
    return child;
  };
  return compact({
    critical: [...critical],
    notMetShare: share('notMetShare') ?? parent.notMetShare,
    criticalNotMetShare: share('criticalNotMetShare') ?? parent.criticalNotMetShare,
    revokedSubunitsShare: share('revokedSubunitsShare'),
    basis: patch.basis ?? parent.basis,
    verified: patch.verified ?? parent.verified,
  });
}
