import { classLabel, formatBoolean, formatNumber, opSymbol } from './format';
import type { CriteriaSet, Indicator, Language, Rule } from './types';

/**
 * What changed between two versions of a criteria set (e.g. a set and its amended version):
 * set fields, criteria added/removed/renamed, indicators added/removed/changed (name, rule,
 * type, unit, verified, source, note, criterion). Pure: the server and the browser share it.
 */

export type SetField =
  | 'name'
  | 'basis'
  | 'level'
  | 'kind'
  | 'validFrom'
  | 'validTo'
  | 'classification'
  | 'classes'
  | 'revocation'
  | 'notes'
  | 'amendment';

export type IndicatorField =
  'name' | 'criterion' | 'type' | 'unit' | 'rule' | 'noThreshold' | 'verified' | 'source' | 'note';

export interface SetFieldChange {
  field: SetField;
  from: string;
  to: string;
}

export interface CriterionRef {
  code: string;
  name: string;
}

export interface IndicatorRef {
  code: string;
  name: string;
  criterion: string;
  /** The rule in words ("≥ 80%", "Đạt", "≤ 24% (TDMNPB), …"). */
  rule: string;
}

export interface IndicatorFieldChange {
  field: IndicatorField;
  from: string;
  to: string;
}

export interface IndicatorChange {
  code: string;
  name: string;
  criterion: string;
  changes: IndicatorFieldChange[];
}

export interface CriteriaSetDiff {
  from: string;
  to: string;
  set: SetFieldChange[];
  criteria: {
    added: CriterionRef[];
    removed: CriterionRef[];
    renamed: Array<{ code: string; from: string; to: string }>;
  };
  indicators: {
    added: IndicatorRef[];
    removed: IndicatorRef[];
    changed: IndicatorChange[];
  };
  /** True when the two versions evaluate and read the same (nothing listed above). */
  same: boolean;
}

/** JSON with sorted keys: equal values give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A rule in words: "≥ 80%", "Đạt", "≤ 24% (TDMNPB); ≤ 16,5% (ĐBSH)", "no rule". */
export function ruleText(
  rule: Rule | null,
  indicator: Pick<Indicator, 'unit' | 'type'>,
  set: Pick<CriteriaSet, 'classInfo'>,
  language: Language = 'vi',
): string {
  if (!rule) return language === 'vi' ? 'chưa có ngưỡng' : 'no threshold';
  const quantity = (value: number | boolean): string => {
    if (typeof value === 'boolean') return formatBoolean(value, language);
    const number = formatNumber(value, language);
    if (!indicator.unit) return number;
    return indicator.unit === '%' ? `${number}%` : `${number} ${indicator.unit}`;
  };
  const one = (value: number | boolean): string =>
    typeof value === 'boolean' ? quantity(value) : `${opSymbol(rule.op)} ${quantity(value)}`;
  if (rule.value !== undefined) return one(rule.value);
  const parts: string[] = [];
  for (const [classKey, entry] of Object.entries(rule.byClass ?? {})) {
    const label =
      classKey === 'default'
        ? language === 'vi'
          ? 'mặc định'
          : 'default'
        : classLabel(set, classKey);
    if (typeof entry === 'number') parts.push(`${one(entry)} (${label})`);
    else {
      const years = Object.keys(entry)
        .sort()
        .map((year) => `${year}: ${one(entry[year]!)}`);
      parts.push(`${label}: ${years.join(', ')}`);
    }
  }
  return parts.join('; ');
}

interface Located {
  indicator: Indicator;
  criterion: string;
}

function indicatorsOf(set: CriteriaSet): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const criterion of set.criteria) {
    for (const indicator of criterion.indicators) {
      out.set(indicator.code, { indicator, criterion: criterion.code });
    }
  }
  return out;
}

const yesNo = (value: boolean, language: Language) =>
  language === 'vi' ? (value ? 'có' : 'không') : value ? 'yes' : 'no';

function revocationText(set: CriteriaSet, language: Language): string {
  const r = set.revocation;
  if (!r) return language === 'vi' ? 'không có' : 'none';
  const parts = [
    `${r.notMetShare}%`,
    `${r.criticalNotMetShare}% + [${r.critical.join(', ')}]`,
    ...(r.revokedSubunitsShare !== undefined ? [`${r.revokedSubunitsShare}%`] : []),
  ];
  return parts.join('; ');
}

function amendmentText(set: CriteriaSet): string {
  const a = set.amendment;
  return a ? `${a.decision} (${a.date}) → ${a.amends}` : '';
}

/** What changed from `from` to `to`, in set order (the newer version's order for changes). */
export function diffCriteriaSets(
  from: CriteriaSet,
  to: CriteriaSet,
  language: Language = 'vi',
): CriteriaSetDiff {
  const set: SetFieldChange[] = [];
  const field = (name: SetField, a: string, b: string) => {
    if (a !== b) set.push({ field: name, from: a, to: b });
  };
  field('name', from.name, to.name);
  field('basis', from.basis, to.basis);
  field('level', from.level, to.level);
  field('kind', from.kind, to.kind);
  field('validFrom', from.validFrom, to.validFrom);
  field('validTo', from.validTo, to.validTo);
  field('classification', from.classification, to.classification);
  field('classes', from.classes.join(', '), to.classes.join(', '));
  field('revocation', revocationText(from, language), revocationText(to, language));
  field('notes', from.notes.join('\n'), to.notes.join('\n'));
  field('amendment', amendmentText(from), amendmentText(to));

  const oldCriteria = new Map(from.criteria.map((c) => [c.code, c]));
  const newCriteria = new Map(to.criteria.map((c) => [c.code, c]));
  const criteria: CriteriaSetDiff['criteria'] = { added: [], removed: [], renamed: [] };
  for (const criterion of to.criteria) {
    const old = oldCriteria.get(criterion.code);
    if (!old) criteria.added.push({ code: criterion.code, name: criterion.name });
    else if (old.name !== criterion.name) {
      criteria.renamed.push({ code: criterion.code, from: old.name, to: criterion.name });
    }
  }
  for (const criterion of from.criteria) {
    if (!newCriteria.has(criterion.code)) {
      criteria.removed.push({ code: criterion.code, name: criterion.name });
    }
  }

  const before = indicatorsOf(from);
  const after = indicatorsOf(to);
  const ref = (located: Located, owner: CriteriaSet): IndicatorRef => ({
    code: located.indicator.code,
    name: located.indicator.name,
    criterion: located.criterion,
    rule: ruleText(located.indicator.rule, located.indicator, owner, language),
  });
  const indicators: CriteriaSetDiff['indicators'] = { added: [], removed: [], changed: [] };
  for (const [code, now] of after) {
    const was = before.get(code);
    if (!was) {
      indicators.added.push(ref(now, to));
      continue;
    }
    const a = was.indicator;
    const b = now.indicator;
    const changes: IndicatorFieldChange[] = [];
    const change = (name: IndicatorField, x: string, y: string) => {
      if (x !== y) changes.push({ field: name, from: x, to: y });
    };
    change('name', a.name, b.name);
    change('criterion', was.criterion, now.criterion);
    change('type', a.type, b.type);
    change('unit', a.unit ?? '', b.unit ?? '');
    if (canonical(a.rule) !== canonical(b.rule)) {
      changes.push({
        field: 'rule',
        from: ruleText(a.rule, a, from, language),
        to: ruleText(b.rule, b, to, language),
      });
    }
    change('noThreshold', a.noThreshold, b.noThreshold);
    change('verified', yesNo(a.verified, language), yesNo(b.verified, language));
    change('source', a.source ?? '', b.source ?? '');
    change('note', a.note ?? '', b.note ?? '');
    if (changes.length > 0) {
      indicators.changed.push({ code, name: b.name, criterion: now.criterion, changes });
    }
  }
  for (const [code, was] of before) {
    if (!after.has(code)) indicators.removed.push(ref(was, from));
  }

  const same =
    set.length === 0 &&
    criteria.added.length + criteria.removed.length + criteria.renamed.length === 0 &&
    indicators.added.length + indicators.removed.length + indicators.changed.length === 0;
  return { from: from.code, to: to.code, set, criteria, indicators, same };
}
