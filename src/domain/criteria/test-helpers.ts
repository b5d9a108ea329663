/** Builders for tests of the criteria engine (not used by production code). */
import { parseCriteriaSet } from './parse';
import type { CriteriaSet, Criterion, Indicator, RevocationConfig } from './types';

export function indicator(partial: Partial<Indicator> & Pick<Indicator, 'code'>): Indicator {
  return {
    name: `Chỉ tiêu ${partial.code}`,
    type: 'boolean',
    rule: { op: 'eq', value: true },
    noThreshold: 'no_rule',
    verified: true,
    source: 'test',
    ...partial,
  };
}

export function criterion(code: string, indicators: Indicator[]): Criterion {
  return { code, name: `Tiêu chí ${code}`, indicators };
}

const REGIONS = ['TDMNPB', 'DBSH', 'BTB', 'DHNTB', 'TN', 'DNB', 'DBSCL'];

export function makeSet(
  criteria: Criterion[],
  overrides: Partial<Omit<CriteriaSet, 'criteria'>> = {},
): CriteriaSet {
  return {
    code: 'test-set',
    name: 'Bộ thử',
    issuer: 'central',
    basis: 'thử nghiệm',
    level: 'commune',
    kind: 'standard',
    validFrom: '2022-01-01',
    validTo: '2025-12-31',
    classification: 'region',
    classes: REGIONS,
    classInfo: { DBSH: { label: 'ĐBSH' } },
    extends: null,
    revocation: null,
    notes: [],
    criteria,
    ...overrides,
  };
}

/** A set of `count` criteria "1".."count", each with one yes/no indicator of the same code. */
export function booleanSet(count: number, revocation: Partial<RevocationConfig> = {}): CriteriaSet {
  const criteria = Array.from({ length: count }, (_, i) =>
    criterion(String(i + 1), [indicator({ code: String(i + 1) })]),
  );
  return makeSet(criteria, {
    classification: 'none',
    classes: [],
    revocation: {
      critical: [],
      notMetShare: 50,
      criticalNotMetShare: 30,
      verified: true,
      ...revocation,
    },
  });
}

/** Parses YAML that must be valid; throws with the issues otherwise. */
export function parseOk(
  text: string,
  resolve?: (code: string) => CriteriaSet | undefined,
): CriteriaSet {
  const result = parseCriteriaSet(text, 'test.yaml', resolve ? { resolveParent: resolve } : {});
  if (!result.ok) {
    throw new Error(result.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join('\n'));
  }
  return result.set;
}

/** Strips the common leading indentation of a template literal (YAML in tests). */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce(
    (out, part, i) => out + part + (i < values.length ? String(values[i]) : ''),
    '',
  );
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(
    ...lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0),
  );
  return lines.map((line) => line.slice(indent)).join('\n');
}
