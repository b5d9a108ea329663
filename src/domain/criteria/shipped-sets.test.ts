import { describe, expect, it } from 'vitest';
import { compileCriteriaSet, evaluateUnit } from './evaluate';
import { formatCriteriaSetIssue, parseCriteriaSet } from './parse';
import type { CriteriaSet, IndicatorValue } from './types';

/** The shipped YAML files, read as text by Vite (no file-system access in src/domain). */
const files = import.meta.glob<string>('../../../data/criteria/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

function load(code: string): CriteriaSet {
  const entry = Object.entries(files).find(([path]) => path.endsWith(`/${code}.yaml`));
  if (!entry) throw new Error(`no file for ${code}`);
  const result = parseCriteriaSet(entry[1], entry[0]);
  if (!result.ok) throw new Error(result.issues.map(formatCriteriaSetIssue).join('\n'));
  return result.set;
}

const indicators = (set: CriteriaSet) => set.criteria.flatMap((c) => c.indicators);
const byCode = (set: CriteriaSet, code: string) => {
  const found = indicators(set).find((i) => i.code === code);
  if (!found) throw new Error(`no indicator ${code}`);
  return found;
};

/** A value meeting each indicator (yes for judged ones), for a class. */
function passingValues(set: CriteriaSet, unitClass: string | null): Record<string, IndicatorValue> {
  const compiled = compileCriteriaSet(set);
  const applied = compiled.thresholds(unitClass, 2024);
  return Object.fromEntries(
    compiled.indicators.map((item): [string, IndicatorValue] => {
      const threshold = applied[item.index];
      if (!threshold || threshold.value === null) return [item.code, true];
      if (typeof threshold.value === 'boolean') return [item.code, threshold.value];
      return [item.code, threshold.op === 'lte' || threshold.op === 'lt' ? 0 : 100];
    }),
  );
}

describe('shipped criteria sets', () => {
  it('every file in data/criteria parses, and its code is its file name', () => {
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(3);
    for (const [path, text] of Object.entries(files)) {
      const result = parseCriteriaSet(text, path);
      if (!result.ok) throw new Error(result.issues.map(formatCriteriaSetIssue).join('\n'));
      expect(path.endsWith(`/${result.set.code}.yaml`)).toBe(true);
    }
  });

  it('every verified threshold names its source; every indicator without one is marked unverified', () => {
    for (const text of Object.values(files)) {
      const result = parseCriteriaSet(text, 'x');
      if (!result.ok) continue;
      for (const item of indicators(result.set)) {
        if (item.verified) expect(item.source, item.code).toBeTruthy();
        else expect(item.note, `${result.set.code} ${item.code} explains why`).toBeTruthy();
        if (item.type === 'boolean') expect(item.rule).toEqual({ op: 'eq', value: true });
        expect(item.rule, `${item.code} has a rule`).not.toBeNull();
      }
    }
  });

  it('commune NTM 2021–2025: 19 criteria, seven regions, the recovered thresholds', () => {
    const set = load('xa-ntm-2021-2025');
    expect(set.criteria).toHaveLength(19);
    expect(set.criteria.map((c) => c.code)).toEqual(
      Array.from({ length: 19 }, (_, i) => String(i + 1)),
    );
    expect(set).toMatchObject({
      level: 'commune',
      issuer: 'central',
      classification: 'region',
      classes: ['TDMNPB', 'DBSH', 'BTB', 'DHNTB', 'TN', 'DNB', 'DBSCL'],
      revocation: {
        critical: ['10', '17', '19'],
        notMetShare: 50,
        criticalNotMetShare: 30,
        verified: true,
      },
    });
    const names = Object.fromEntries(set.criteria.map((c) => [c.code, c.name]));
    expect(names['8']).toBe('Thông tin và Truyền thông');
    expect(names['10']).toBe('Thu nhập');
    expect(names['17']).toBe('Môi trường và an toàn thực phẩm');
    expect(names['19']).toBe('Quốc phòng và An ninh');
    expect(byCode(set, '3.1')).toMatchObject({
      type: 'percent',
      rule: { op: 'gte', value: 80 },
      verified: true,
    });
    expect(byCode(set, '6.3')).toMatchObject({ rule: { op: 'gte', value: 100 }, verified: true });
    expect(byCode(set, '15.3')).toMatchObject({
      rule: {
        op: 'lte',
        byClass: { TDMNPB: 24, DBSH: 16.5, BTB: 25, DHNTB: 22, TN: 26.5, DNB: 14.5, DBSCL: 19 },
      },
      verified: true,
    });
    expect(byCode(set, '15.4')).toMatchObject({
      rule: { op: 'gte', byClass: { TDMNPB: 50, DBSH: 70 } },
      noThreshold: 'judgement',
    });
    expect(
      indicators(set)
        .filter((i) => i.code.startsWith('8.'))
        .map((i) => i.code),
    ).toEqual(['8.1', '8.2', '8.3', '8.4']);
    for (const code of ['1', '2', '4', '9', '10', '11', '12', '13', '15.1', '17.1', '18', '19']) {
      expect(byCode(set, code).verified, code).toBe(false);
    }
  });

  it('district NTM 2021–2025: 9 criteria, no classes, the district revocation rules', () => {
    const set = load('huyen-ntm-2021-2025');
    expect(set.criteria).toHaveLength(9);
    expect(set).toMatchObject({
      level: 'district',
      classification: 'none',
      classes: [],
      revocation: { critical: ['6', '7', '8', '9'], revokedSubunitsShare: 30 },
    });
    expect(set.criteria.map((c) => c.name).slice(5)).toEqual([
      'Kinh tế',
      'Môi trường',
      'Chất lượng môi trường sống',
      'Hệ thống chính trị – An ninh, trật tự – Hành chính công',
    ]);
    expect(byCode(set, '2.2')).toMatchObject({ rule: { op: 'gte', value: 100 }, verified: true });
  });

  it('commune NTM 2026–2030: 10 criteria, commune groups 1–3, no revocation rules yet', () => {
    const set = load('xa-ntm-2026-2030');
    expect(set).toMatchObject({
      classification: 'group',
      classes: ['1', '2', '3'],
      validFrom: '2026-02-15',
      revocation: null,
    });
    expect(set.criteria.map((c) => c.name)).toEqual([
      'Quy hoạch',
      'Hạ tầng kinh tế – xã hội',
      'Phát triển kinh tế nông thôn',
      'Đào tạo nguồn nhân lực nông thôn',
      'Văn hóa, giáo dục, y tế',
      'Giảm nghèo và an sinh xã hội',
      'Khoa học công nghệ và chuyển đổi số',
      'Môi trường và cảnh quan nông thôn',
      'Xây dựng hệ thống chính trị và hành chính công',
      'Tiếp cận pháp luật và an ninh, quốc phòng',
    ]);
    expect(indicators(set).every((i) => !i.verified)).toBe(true);
  });

  it('a unit meeting every threshold is met, in every class of every set', () => {
    for (const code of ['xa-ntm-2021-2025', 'huyen-ntm-2021-2025', 'xa-ntm-2026-2030']) {
      const set = load(code);
      const compiled = compileCriteriaSet(set);
      const classes = set.classification === 'none' ? [null] : set.classes;
      for (const unitClass of classes) {
        const result = evaluateUnit(compiled, {
          unit: 'x',
          class: unitClass,
          year: 2024,
          values: passingValues(set, unitClass),
        });
        expect(result.status, `${code} ${unitClass}`).toBe('met');
        expect(result.revocation?.revoke ?? false).toBe(false);
      }
    }
  });
});
