import { describe, expect, it } from 'vitest';
import { formatCriteriaSetIssue, parseCriteriaSet } from './parse';
import { parseOk, yaml } from './test-helpers';

const valid = yaml`
  code: xa-thu-2021-2025
  name: Bộ thử
  issuer: central
  basis: 318/QĐ-TTg
  level: commune
  validFrom: 2022-01-01
  validTo: 2025-12-31
  classification: region
  classes: [TDMNPB, DBSH, BTB]
  extends: null
  revocation:
    critical: ["10"]
  criteria:
    - code: "8"
      name: Thông tin và Truyền thông
      indicators:
        - code: "8.4"
          name: Xã có ứng dụng công nghệ thông tin trong công tác quản lý, điều hành
          type: boolean
          rule: { op: eq, value: true }
          verified: true
          source: 318/QĐ-TTg
    - code: "10"
      name: Thu nhập
      indicators:
        - code: "10"
          name: Thu nhập bình quân đầu người
          type: number
          unit: triệu đồng/người/năm
          rule: { op: gte, byClass: { DBSH: { "2024": 60, "2025": 66 }, default: { "2024": 50, "2025": 55 } } }
        - code: "2.1"
          name: Tỷ lệ đường
          type: percent
          unit: "%"
          rule: { op: gte, byClass: { TDMNPB: 70, default: 100 } }
`;

/** Replaces the first occurrence of `from` in the valid document. */
function variant(from: string, to: string): string {
  if (!valid.includes(from)) throw new Error(`not in the document: ${from}`);
  return valid.replace(from, to);
}

function issuesOf(text: string, language: 'vi' | 'en' = 'en'): string[] {
  const result = parseCriteriaSet(text, 'set.yaml', { language });
  if (result.ok) return [];
  return result.issues.map(formatCriteriaSetIssue);
}

describe('parseCriteriaSet: a valid file', () => {
  it('returns the set with defaults filled in', () => {
    const set = parseOk(valid);
    expect(set).toMatchObject({
      code: 'xa-thu-2021-2025',
      kind: 'standard',
      classification: 'region',
      classes: ['TDMNPB', 'DBSH', 'BTB'],
      extends: null,
      revocation: { critical: ['10'], notMetShare: 50, criticalNotMetShare: 30, verified: false },
    });
    const indicators = set.criteria.flatMap((c) => c.indicators);
    expect(indicators.map((i) => i.code)).toEqual(['8.4', '10', '2.1']);
    expect(indicators[0]).toMatchObject({
      verified: true,
      source: '318/QĐ-TTg',
      noThreshold: 'no_rule',
    });
    expect(indicators[1]).toMatchObject({ verified: false });
    expect(indicators[1]?.rule?.byClass?.DBSH).toEqual({ '2024': 60, '2025': 66 });
    expect(indicators[2]?.unit).toBe('%');
  });

  it('keeps unquoted numeric codes as written (8.10 stays "8.10", issuer 01 stays "01")', () => {
    const set = parseOk(
      variant('code: "8.4"', 'code: 8.10')
        .replace('issuer: central', 'issuer: 01')
        .replace('critical: ["10"]', 'critical: [10]'),
    );
    expect(set.criteria[0]?.indicators[0]?.code).toBe('8.10');
    expect(set.issuer).toBe('01');
    expect(set.revocation?.critical).toEqual(['10']);
  });
});

describe('parseCriteriaSet: every problem with its line and column', () => {
  it('YAML syntax errors', () => {
    const issues = issuesOf(variant('name: Bộ thử', 'name: [Bộ thử'));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatch(/^set\.yaml:\d+:\d+: invalid YAML/);
  });

  it('duplicate keys', () => {
    expect(issuesOf(variant('level: commune', 'level: commune\nlevel: district'))).toEqual([
      expect.stringMatching(/^set\.yaml:6:1: invalid YAML: Map keys must be unique/),
    ]);
  });

  it('an empty file or a list instead of a mapping', () => {
    expect(issuesOf('')[0]).toMatch(/^set\.yaml:1:1: empty file/);
    expect(issuesOf('- a\n- b\n')[0]).toMatch(/^set\.yaml:1:1: empty file/);
  });

  it('a missing required field points at the mapping that lacks it', () => {
    expect(issuesOf(variant('        name: Thu nhập bình quân đầu người\n', ''))).toEqual([
      'set.yaml:26:9: missing required field «name»',
    ]);
  });

  it('an unknown key points at the key', () => {
    expect(issuesOf(variant('  verified: true', '  verified: true\n        colour: red'))).toEqual([
      'set.yaml:22:9: unknown key «colour»',
    ]);
  });

  it('a wrong type or enum value points at the value', () => {
    expect(issuesOf(variant('level: commune', 'level: village'))).toEqual([
      'set.yaml:5:8: invalid value: must be one of commune, district, province',
    ]);
    expect(issuesOf(variant('verified: true', 'verified: yes'))).toEqual([
      'set.yaml:21:19: expected true/false, got a string',
    ]);
    expect(issuesOf(variant('{ op: eq, value: true }', '{ op: eq, value: [1] }'))).toEqual([
      'set.yaml:20:32: expected a number or true/false',
    ]);
  });

  it('a class used in byClass but not in classes points at the key', () => {
    expect(
      issuesOf(variant('{ TDMNPB: 70, default: 100 }', '{ TDMNPB: 70, TNB: 90, default: 100 }')),
    ).toEqual(['set.yaml:35:49: class «TNB» is not in "classes" (TDMNPB, DBSH, BTB)']);
  });

  it('a percent threshold outside 0–100', () => {
    expect(issuesOf(variant('TDMNPB: 70,', 'TDMNPB: 170,'))).toEqual([
      'set.yaml:35:45: a percent threshold must lie in 0–100 (got 170)',
    ]);
  });

  it('a duplicate indicator code names the first line', () => {
    expect(issuesOf(variant('code: "2.1"', 'code: "8.4"'))).toEqual([
      'set.yaml:31:15: indicator code «8.4» is used twice (first at line 17)',
    ]);
  });

  it('a verified indicator without its source', () => {
    expect(issuesOf(variant('        source: 318/QĐ-TTg\n', ''))).toEqual([
      'set.yaml:21:19: a verified indicator (verified: true) must name its source in "source"',
    ]);
  });

  it('rules: value xor byClass, boolean rule shape, year keys', () => {
    expect(issuesOf(variant('{ op: eq, value: true }', '{ op: gte, value: true }'))).toEqual([
      'set.yaml:20:15: a boolean indicator uses the rule { op: eq, value: true } (or false)',
    ]);
    expect(issuesOf(variant('{ op: eq, value: true }', '{ op: eq }'))).toEqual([
      'set.yaml:20:15: a rule needs exactly one of "value" (one threshold) or "byClass" (per class)',
    ]);
    expect(issuesOf(variant('"2025": 66', '"25": 66'))).toEqual([
      'set.yaml:30:57: year «25» is invalid: use a four-digit year such as "2024"',
    ]);
    expect(
      issuesOf(
        variant('{ op: gte, byClass: { TDMNPB: 70, default: 100 } }', '{ op: gte, value: true }'),
      ),
    ).toEqual(['set.yaml:35:33: a numeric indicator needs a numeric threshold']);
  });

  it('header checks: code, issuer, dates, classes, revocation', () => {
    expect(issuesOf(variant('code: xa-thu-2021-2025', 'code: Xa Thu'))[0]).toBe(
      'set.yaml:1:7: a set code uses lower-case ASCII letters, digits, dots and hyphens (e.g. xa-ntm-2021-2025)',
    );
    expect(issuesOf(variant('issuer: central', 'issuer: Hà Nội'))).toEqual([
      'set.yaml:3:9: the issuer is "central" or a quoted two-digit province code (e.g. "01")',
    ]);
    expect(issuesOf(variant('validTo: 2025-12-31', 'validTo: 2021-02-30'))).toEqual([
      'set.yaml:7:10: a date must be a real date written yyyy-mm-dd',
    ]);
    expect(issuesOf(variant('validTo: 2025-12-31', 'validTo: 2021-12-31'))).toEqual([
      'set.yaml:7:10: validTo (2021-12-31) must not be before validFrom (2022-01-01)',
    ]);
    expect(
      issuesOf(variant('classes: [TDMNPB, DBSH, BTB]', 'classes: [TDMNPB, DBSH, TDMNPB, default]')),
    ).toEqual([
      'set.yaml:9:25: class «TDMNPB» is listed twice',
      'set.yaml:9:33: "default" is reserved for the fallback class and cannot be a class',
    ]);
    expect(issuesOf(variant('critical: ["10"]', 'critical: ["10", "99"]'))).toEqual([
      'set.yaml:12:20: no criterion with code «99» in the set',
    ]);
  });

  it('reports several problems at once, in line order', () => {
    const text = variant('level: commune', 'level: village').replace('validTo: 2025-12-31\n', '');
    expect(issuesOf(text)).toEqual([
      'set.yaml:1:1: missing required field «validTo»',
      'set.yaml:5:8: invalid value: must be one of commune, district, province',
    ]);
  });

  it('speaks Vietnamese by default', () => {
    expect(issuesOf(variant('level: commune', 'level: xa'), 'vi')).toEqual([
      'set.yaml:5:8: giá trị không hợp lệ: phải là một trong commune, district, province',
    ]);
    expect(issuesOf(variant('        name: Thu nhập bình quân đầu người\n', ''), 'vi')).toEqual([
      'set.yaml:26:9: thiếu trường bắt buộc «name»',
    ]);
  });

  it('refuses extends without a way to find the parent', () => {
    const text = variant('extends: null', 'extends: xa-ntm-2021-2025');
    expect(issuesOf(text)).toEqual([
      'set.yaml:10:10: the parent criteria set «xa-ntm-2021-2025» was not found',
    ]);
  });
});
