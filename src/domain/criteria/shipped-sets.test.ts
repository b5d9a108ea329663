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
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(6);
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

  it('the 2021–2025 sets start on 01/01/2021, so 2021 is evaluable', () => {
    for (const code of [
      'xa-ntm-2021-2025',
      'huyen-ntm-2021-2025',
      'xa-ntm-nang-cao-2021-2025',
      'xa-ntm-kieu-mau-2021-2025',
      'huyen-ntm-nang-cao-2021-2025',
    ]) {
      const set = load(code);
      expect(set, code).toMatchObject({ validFrom: '2021-01-01', validTo: '2025-12-31' });
      const compiled = compileCriteriaSet(set);
      const unitClass = set.classification === 'none' ? null : 'TDMNPB';
      const result = evaluateUnit(compiled, {
        unit: 'x',
        class: unitClass,
        year: 2021,
        values: passingValues(set, unitClass),
      });
      expect(result.status, code).toBe('met');
    }
  });

  it('wording of 318 and 932/QĐ-BGTVT: 6.2, 15.1, 15.4 and district 2.1, 2.2, 2.4', () => {
    const commune = load('xa-ntm-2021-2025');
    expect(byCode(commune, '15.4').name).toBe('Tỷ lệ dân số có sổ khám chữa bệnh điện tử');
    expect(byCode(commune, '15.1').name).toContain('(áp dụng đạt cho cả nam và nữ)');
    expect(byCode(commune, '6.2').name).toMatch(/ theo quy định$/);
    const district = load('huyen-ntm-2021-2025');
    expect(byCode(district, '2.1')).toMatchObject({ verified: true, source: '932/QĐ-BGTVT' });
    expect(byCode(district, '2.1').name).toMatch(/kết nối đến tất cả các xã, ô tô đi lại/);
    expect(byCode(district, '2.1').name).toMatch(/100% km đường huyện được nhựa hóa/);
    expect(byCode(district, '2.2').name).toBe('Tỷ lệ km đường huyện đạt tiêu chuẩn theo quy hoạch');
    expect(byCode(district, '2.4').name).toBe(
      'Bến xe khách tại trung tâm huyện (nếu có theo quy hoạch) đạt từ loại IV trở lên',
    );
  });

  it('advanced commune 2021–2025 (318, Annex II): 19 criteria, regions, 1327/QĐ-BCT electricity, water ≥ 55 % unverified', () => {
    const set = load('xa-ntm-nang-cao-2021-2025');
    expect(set).toMatchObject({
      level: 'commune',
      kind: 'advanced',
      issuer: 'central',
      classification: 'region',
      classes: ['TDMNPB', 'DBSH', 'BTB', 'DHNTB', 'TN', 'DNB', 'DBSCL'],
      revocation: { critical: ['10', '17', '18', '19'], verified: true },
    });
    expect(set.criteria.map((c) => c.code)).toEqual(
      Array.from({ length: 19 }, (_, i) => String(i + 1)),
    );
    const names = Object.fromEntries(set.criteria.map((c) => [c.code, c.name]));
    expect(names['15']).toBe('Hành chính công');
    expect(names['17']).toBe('Môi trường');
    expect(names['18']).toBe('Chất lượng môi trường sống');
    expect(byCode(set, '4')).toMatchObject({
      type: 'percent',
      rule: {
        op: 'gte',
        byClass: { DBSH: 100, DNB: 100, BTB: 99, DHNTB: 99, DBSCL: 99, TDMNPB: 98, TN: 98 },
      },
      verified: true,
    });
    expect(byCode(set, '4').source).toMatch(/1327\/QĐ-BCT/);
    expect(byCode(set, '18.1')).toMatchObject({
      type: 'percent',
      rule: { op: 'gte', value: 55 },
      verified: false,
    });
    // The 924 targets count communes meeting 8.4 and 15.2 of this set: unverified yes/no.
    for (const code of ['8.4', '15.2']) {
      expect(byCode(set, code), code).toMatchObject({ type: 'boolean', verified: false });
    }
    // Everything else but the electricity threshold is unverified.
    expect(
      indicators(set)
        .filter((i) => i.verified)
        .map((i) => i.code),
    ).toEqual(['4']);
  });

  it('model commune 2021–2025 (319): the four conditions as yes/no, no revocation rules', () => {
    const set = load('xa-ntm-kieu-mau-2021-2025');
    expect(set).toMatchObject({
      level: 'commune',
      kind: 'model',
      classification: 'none',
      classes: [],
      revocation: null,
    });
    expect(set.criteria.map((c) => c.name)).toEqual([
      'Xã nông thôn mới nâng cao',
      'Thu nhập',
      'Thôn thông minh',
      'Lĩnh vực nổi trội',
    ]);
    expect(indicators(set).every((i) => i.type === 'boolean' && i.note)).toBe(true);
    expect(byCode(set, '2').name).toMatch(
      /cao hơn từ 10% trở lên .* xã nông thôn mới nâng cao trong tỉnh/,
    );
  });

  it('advanced district 2021–2025 (320): 9 criteria, 9.2 for the 924 targets, district revocation', () => {
    const set = load('huyen-ntm-nang-cao-2021-2025');
    expect(set).toMatchObject({
      level: 'district',
      kind: 'advanced',
      classification: 'none',
      revocation: { critical: ['6', '7', '8', '9'], revokedSubunitsShare: 30 },
    });
    expect(set.criteria).toHaveLength(9);
    expect(byCode(set, '9.2')).toMatchObject({ type: 'boolean', verified: false });
    expect(indicators(set).every((i) => !i.verified)).toBe(true);
  });

  it('carries the indicator codes the 924 targets count, in the sets they name', () => {
    const codes = (code: string) => indicators(load(code)).map((i) => i.code);
    expect(codes('xa-ntm-2021-2025')).toContain('8.4');
    expect(codes('xa-ntm-nang-cao-2021-2025')).toEqual(expect.arrayContaining(['8.4', '15.2']));
    expect(codes('huyen-ntm-2021-2025')).toEqual(expect.arrayContaining(['6.5', '9.5']));
    expect(codes('huyen-ntm-nang-cao-2021-2025')).toContain('9.2');
  });

  it('a unit meeting every threshold is met, in every class of every set', () => {
    for (const code of [
      'xa-ntm-2021-2025',
      'huyen-ntm-2021-2025',
      'xa-ntm-2026-2030',
      'xa-ntm-nang-cao-2021-2025',
      'xa-ntm-kieu-mau-2021-2025',
      'huyen-ntm-nang-cao-2021-2025',
    ]) {
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
