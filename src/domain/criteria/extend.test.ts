import { describe, expect, it } from 'vitest';
import { compileCriteriaSet, evaluateUnit } from './evaluate';
import { formatCriteriaSetIssue, parseCriteriaSet } from './parse';
import { parseOk, yaml } from './test-helpers';
import type { CriteriaSet } from './types';

const parent = parseOk(yaml`
  code: xa-ntm-2021-2025
  name: Bộ trung ương
  issuer: central
  basis: 318/QĐ-TTg
  level: commune
  validFrom: 2022-01-01
  validTo: 2025-12-31
  classification: region
  classes: [TDMNPB, DBSH, BTB]
  revocation:
    critical: ["10"]
    verified: true
  criteria:
    - code: "3"
      name: Thủy lợi
      indicators:
        - code: "3.1"
          name: Tưới tiêu chủ động
          type: percent
          rule: { op: gte, value: 80 }
          verified: true
          source: 1680/QĐ-BNN-VPĐP
    - code: "10"
      name: Thu nhập
      indicators:
        - code: "10"
          name: Thu nhập
          type: number
          rule: { op: gte, byClass: { DBSH: { "2024": 60, "2025": 66 }, default: { "2024": 50, "2025": 55 } } }
    - code: "15"
      name: Y tế
      indicators:
        - code: "15.3"
          name: Thấp còi
          type: percent
          rule: { op: lte, byClass: { TDMNPB: 24, DBSH: 16.5, BTB: 25 } }
          verified: true
          source: báo chí
        - code: "15.4"
          name: Hồ sơ sức khỏe điện tử
          type: percent
          rule: { op: gte, byClass: { TDMNPB: 50, DBSH: 70 } }
          noThreshold: judgement
        - code: "15.9"
          name: Chưa có quy tắc
          type: percent
          rule: null
    - code: "17"
      name: Môi trường
      indicators:
        - code: "17.1"
          name: Nước sạch
          type: boolean
          rule: { op: eq, value: true }
`);

const resolve = (code: string): CriteriaSet | undefined =>
  code === parent.code ? parent : undefined;

const header = yaml`
  code: ha-noi-xa-ntm-2021-2025
  name: Bộ tiêu chí xã NTM thành phố Hà Nội
  issuer: "01"
  basis: 3098/QĐ-UBND ngày 29/08/2022
  extends: xa-ntm-2021-2025
`;

function child(body: string): string {
  return `${header}${yaml([body] as unknown as TemplateStringsArray)}`;
}

function issuesOf(text: string): string[] {
  const result = parseCriteriaSet(text, 'hn.yaml', { resolveParent: resolve, language: 'en' });
  return result.ok ? [] : result.issues.map(formatCriteriaSetIssue);
}

describe('extends: merging a provincial set into its parent', () => {
  it('inherits everything it does not mention', () => {
    const set = parseOk(header, resolve);
    expect(set).toMatchObject({
      code: 'ha-noi-xa-ntm-2021-2025',
      issuer: '01',
      extends: 'xa-ntm-2021-2025',
      level: 'commune',
      validFrom: '2022-01-01',
      classes: ['TDMNPB', 'DBSH', 'BTB'],
      revocation: { critical: ['10'], verified: true },
    });
    expect(set.criteria.map((c) => c.code)).toEqual(['3', '10', '15', '17']);
    expect(set.criteria[0]?.indicators[0]).toMatchObject({ origin: 'inherited', verified: true });
  });

  it('accepts tightened thresholds, per class and per year, and marks them the province’s', () => {
    const set = parseOk(
      child(`
        criteria:
          - code: "3"
            indicators:
              - code: "3.1"
                rule: { op: gte, value: 90 }
                source: 3098/QĐ-UBND
          - code: "10"
            indicators:
              - code: "10"
                rule: { op: gte, byClass: { DBSH: { "2024": 70, "2025": 75 }, default: { "2024": 50, "2025": 60 } } }
          - code: "15"
            indicators:
              - code: "15.3"
                rule: { op: lt, byClass: { TDMNPB: 20, DBSH: 16.5, BTB: 25 } }
      `),
      resolve,
    );
    const indicators = set.criteria.flatMap((c) => c.indicators);
    expect(indicators.find((i) => i.code === '3.1')).toMatchObject({
      rule: { op: 'gte', value: 90 },
      origin: 'overridden',
      verified: false,
      source: '3098/QĐ-UBND',
      name: 'Tưới tiêu chủ động',
    });
    const compiled = compileCriteriaSet(set);
    const result = evaluateUnit(compiled, {
      unit: 'x',
      class: 'DBSH',
      year: 2025,
      values: { '3.1': 85, '10': 70 },
    });
    const byCode = Object.fromEntries(
      result.criteria.flatMap((c) => c.indicators).map((i) => [i.code, i]),
    );
    expect(byCode['3.1']).toMatchObject({ status: 'not_met', threshold: 90 });
    expect(byCode['10']).toMatchObject({ status: 'not_met', threshold: 75 });
  });

  it('rejects loosening with the line, the class and the year', () => {
    expect(
      issuesOf(
        child(`
          criteria:
            - code: "3"
              indicators:
                - code: "3.1"
                  rule: { op: gte, value: 75 }
        `),
      ),
    ).toEqual([
      "hn.yaml:10:15: loosening is not allowed: indicator «3.1», TDMNPB region: ≥ 75 is looser than the parent's ≥ 80",
    ]);
    expect(
      issuesOf(
        child(`
          criteria:
            - code: "10"
              indicators:
                - code: "10"
                  rule: { op: gte, byClass: { DBSH: { "2024": 60, "2025": 65 }, default: { "2024": 50, "2025": 55 } } }
        `),
      ),
    ).toEqual([
      "hn.yaml:10:65: loosening is not allowed: indicator «10», DBSH region, 2025: ≥ 65 is looser than the parent's ≥ 66",
    ]);
    expect(
      issuesOf(
        child(`
          criteria:
            - code: "15"
              indicators:
                - code: "15.3"
                  rule: { op: lte, byClass: { default: 24 } }
        `),
      ),
    ).toEqual([
      "hn.yaml:10:46: loosening is not allowed: indicator «15.3», DBSH region: ≤ 24 is looser than the parent's ≤ 16.5",
    ]);
  });

  it('rejects removing a threshold, or turning a numeric one into a yes/no judgement', () => {
    expect(
      issuesOf(
        child(`
          criteria:
            - code: "10"
              indicators:
                - code: "10"
                  rule: { op: gte, byClass: { DBSH: { "2024": 60, "2025": 66 } } }
        `),
      ),
    ).toEqual([
      'hn.yaml:10:15: a parent threshold cannot be removed: indicator «10», TDMNPB region, 2024: parent ≥ 50, no threshold here',
      'hn.yaml:10:15: a parent threshold cannot be removed: indicator «10», TDMNPB region, 2025: parent ≥ 55, no threshold here',
    ]);
    expect(
      issuesOf(
        child(`
          criteria:
            - code: "15"
              indicators:
                - code: "15.4"
                  rule: { op: gte, byClass: { DBSH: 70 } }
        `),
      ),
    ).toEqual([
      "hn.yaml:10:15: a parent's numeric threshold cannot become a yes/no judgement: indicator «15.4», TDMNPB region: parent ≥ 50",
    ]);
  });

  it('allows filling a threshold the parent lacks (a class judged yes/no, or no rule at all)', () => {
    const set = parseOk(
      child(`
        criteria:
          - code: "15"
            indicators:
              - code: "15.4"
                rule: { op: gte, byClass: { TDMNPB: 50, DBSH: 70, BTB: 60 } }
              - code: "15.9"
                rule: { op: gte, value: 10 }
      `),
      resolve,
    );
    const compiled = compileCriteriaSet(set);
    const result = evaluateUnit(compiled, {
      unit: 'x',
      class: 'BTB',
      year: 2024,
      values: { '15.4': 65, '15.9': 12 },
    });
    const [i154, i159] = result.criteria[2]?.indicators.slice(1) ?? [];
    expect(i154).toMatchObject({ status: 'met', threshold: 60, judged: false });
    expect(i159).toMatchObject({ status: 'met', threshold: 10 });
  });

  it('adds indicators to existing criteria, refuses new criteria', () => {
    const set = parseOk(
      child(`
        criteria:
          - code: "17"
            indicators:
              - code: "17.9"
                name: Tỷ lệ chất thải rắn được thu gom
                type: percent
                rule: { op: gte, value: 95 }
      `),
      resolve,
    );
    expect(set.criteria[3]?.indicators.map((i) => [i.code, i.origin])).toEqual([
      ['17.1', 'inherited'],
      ['17.9', 'added'],
    ]);
    expect(
      issuesOf(
        child(`
          criteria:
            - code: "20"
              name: Tiêu chí mới
        `),
      ),
    ).toEqual([
      "hn.yaml:7:11: the parent has no criterion «20»: an extending set keeps the parent's criteria (it may add indicators to them)",
    ]);
    expect(
      issuesOf(
        child(`
          criteria:
            - code: "17"
              indicators:
                - code: "17.9"
                  type: percent
        `),
      ),
    ).toEqual([
      'hn.yaml:9:15: the new indicator «17.9» needs the field «name»',
      'hn.yaml:9:15: the new indicator «17.9» needs the field «rule»',
    ]);
    expect(
      issuesOf(
        child(`
          criteria:
            - code: "17"
              indicators:
                - code: "3.1"
                  rule: { op: gte, value: 90 }
        `),
      ),
    ).toEqual(['hn.yaml:9:15: indicator «3.1» belongs to criterion «3» in the parent']);
  });

  it('refuses changing type, unit, level or classes', () => {
    expect(
      issuesOf(
        child(`
          level: district
          classes: [DBSH]
          criteria:
            - code: "3"
              indicators:
                - code: "3.1"
                  type: number
                  unit: ha
        `),
      ),
    ).toEqual([
      "hn.yaml:6:8: «level» must equal the parent's (commune)",
      "hn.yaml:7:10: «classes» must equal the parent's ([TDMNPB, DBSH, BTB])",
      'hn.yaml:12:15: «type» of indicator «3.1» cannot change (parent: percent)',
      'hn.yaml:13:15: «unit» of indicator «3.1» cannot change (parent: %)',
    ]);
  });

  it('revocation: may add critical criteria and lower shares, never drop or raise', () => {
    const set = parseOk(
      child(`
        revocation:
          critical: ["10", "17"]
          criticalNotMetShare: 25
      `),
      resolve,
    );
    expect(set.revocation).toMatchObject({
      critical: ['10', '17'],
      criticalNotMetShare: 25,
      notMetShare: 50,
    });
    expect(
      issuesOf(
        child(`
          revocation:
            critical: ["17"]
            notMetShare: 60
        `),
      ),
    ).toEqual([
      "hn.yaml:7:13: the parent's critical criterion «10» cannot be dropped from revocation",
      "hn.yaml:8:16: «notMetShare» = 60 is looser than the parent's (50): it may only decrease",
    ]);
    expect(issuesOf(child('revocation: null\n'))).toEqual([
      'hn.yaml:6:1: the parent defines revocation: an extending set cannot remove it',
    ]);
  });

  it('refuses an unknown parent and a set extending itself', () => {
    expect(issuesOf(header.replace('extends: xa-ntm-2021-2025', 'extends: khong-co'))).toEqual([
      'hn.yaml:5:10: the parent criteria set «khong-co» was not found',
    ]);
    expect(
      issuesOf(header.replace('extends: xa-ntm-2021-2025', 'extends: ha-noi-xa-ntm-2021-2025')),
    ).toEqual(['hn.yaml:5:10: a criteria set cannot extend itself']);
  });

  it('chains: a set may extend an extending set (the resolver returns it merged)', () => {
    const hanoi = parseOk(
      child(`
        criteria:
          - code: "3"
            indicators:
              - code: "3.1"
                rule: { op: gte, value: 90 }
      `),
      resolve,
    );
    const text = yaml`
      code: ha-noi-xa-ntm-2021-2025.2
      name: Hà Nội, bản sửa đổi
      issuer: "01"
      basis: thử
      extends: ha-noi-xa-ntm-2021-2025
      criteria:
        - code: "3"
          indicators:
            - code: "3.1"
              rule: { op: gte, value: 85 }
    `;
    const result = parseCriteriaSet(text, 'hn2.yaml', {
      language: 'en',
      resolveParent: (code) => (code === hanoi.code ? hanoi : undefined),
    });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues[0]?.message).toMatch(/≥ 85 is looser than the parent's ≥ 90/);
  });
});
