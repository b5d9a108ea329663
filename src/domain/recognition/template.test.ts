import { describe, expect, it } from 'vitest';
import { templateFor, templatesOnDate } from './select';
import { parseProcedureTemplate } from './template';
import { TEMPLATES, loadTemplate, templateFiles } from './test-helpers';
import { DOSSIER_KINDS } from './types';

const MINIMAL = `
code: thu
version: 1
name: Thử
purpose: recognition
kinds: [commune_ntm]
validFrom: 2025-07-01
validTo: null
legalBasis: [18/2022/QĐ-TTg]
decisionIssuer: { level: province, name: UBND tỉnh, symbol: QĐ-UBND }
councilMinShare: null
verified: false
steps:
  - code: a
    name: Bước A
    actor: { roles: [commune], level: commune }
    duration: null
  - code: b
    name: Bước B
    actor: { roles: [province], level: province }
    duration: { amount: 10, unit: working_days, verified: false }
    canReturn: true
    returnTo: a
  - code: c
    name: Quyết định
    actor: { roles: [province], level: province }
    duration: null
    features: [decision]
  - code: d
    name: Công bố
    actor: { roles: [province], level: province }
    duration: null
    features: [publication]
`;

function errorsOf(text: string): string[] {
  const r = parseProcedureTemplate(text);
  return 'errors' in r ? r.errors : [];
}

describe('shipped procedure templates', () => {
  it('every file parses and passes the integrity checks', () => {
    expect(Object.keys(templateFiles).length).toBe(6);
    for (const [path, text] of Object.entries(templateFiles)) {
      const r = parseProcedureTemplate(text);
      expect('errors' in r ? r.errors : [], path).toEqual([]);
    }
  });
  it('the file name is the template code, and every unverified template says so', () => {
    for (const [path] of Object.entries(templateFiles)) {
      const code = path.replace(/^.*\//, '').replace(/\.yaml$/, '');
      const t = loadTemplate(code);
      expect(t.code).toBe(code);
      expect(t.verified).toBe(false);
      expect(t.legalBasis.some((b) => b.includes('18/2022/QĐ-TTg'))).toBe(true);
    }
  });
  it('no district step from 01/07/2025; 131/2025 cited', () => {
    for (const code of ['xa-131-2025', 'thu-hoi-xa-131-2025']) {
      const t = loadTemplate(code);
      expect(
        t.steps.every((s) => s.actor.level !== 'district' && !s.actor.roles.includes('district')),
      ).toBe(true);
      expect(t.legalBasis.some((b) => b.includes('131/2025/NĐ-CP') && b.includes('Điều 44'))).toBe(
        true,
      );
    }
    expect(loadTemplate('xa-18-2022').steps.find((s) => s.code === 'tham_tra')?.actor.level).toBe(
      'district',
    );
  });
  it('the Prime Minister decides for districts and provinces, the province for communes', () => {
    expect(loadTemplate('huyen-18-2022').decisionIssuer.symbol).toBe('QĐ-TTg');
    expect(loadTemplate('tinh-18-2022').decisionIssuer.name).toBe('Thủ tướng Chính phủ');
    expect(loadTemplate('xa-131-2025').decisionIssuer.symbol).toBe('QĐ-UBND');
  });
  it('no threshold invented: council shares are null', () => {
    for (const t of TEMPLATES) expect(t.councilMinShare).toBeNull();
  });
});

describe('integrity checks', () => {
  it('accepts a minimal template', () => {
    expect(errorsOf(MINIMAL)).toEqual([]);
  });
  it('names the path of an unknown or later returnTo', () => {
    expect(errorsOf(MINIMAL.replace('returnTo: a', 'returnTo: xyz'))).toEqual([
      'steps[1].returnTo: bước "xyz" không có trong quy trình',
    ]);
    expect(errorsOf(MINIMAL.replace('returnTo: a', 'returnTo: c'))[0]).toMatch(
      /^steps\[1\]\.returnTo: .*phải đứng trước/,
    );
  });
  it('refuses duplicate step codes, a missing publication, two decisions, posting without the feature', () => {
    expect(errorsOf(MINIMAL.replace('- code: b', '- code: a'))).toContain(
      'steps[1].code: mã bước "a" bị trùng',
    );
    expect(errorsOf(MINIMAL.replace('features: [publication]', 'features: []')).join('\n')).toMatch(
      /steps\[3\]\.features: bước cuối cùng phải là bước công bố/,
    );
    expect(
      errorsOf(
        MINIMAL.replace('features: [publication]', 'features: [decision, publication]'),
      ).join('\n'),
    ).toMatch(/đúng một bước ghi quyết định/);
    const posting = MINIMAL.replace(
      '    duration: { amount: 10, unit: working_days, verified: false }\n',
      '    duration: null\n    posting: { days: 15, unit: days, verified: false }\n',
    );
    expect(errorsOf(posting)).toEqual([
      'steps[1].posting: chỉ bước có public_posting mới khai báo posting',
    ]);
    const noPosting = MINIMAL.replace(
      '    duration: null\n  - code: b',
      '    duration: null\n    features: [public_posting]\n  - code: b',
    );
    expect(errorsOf(noPosting)).toEqual([
      'steps[0].posting: bước niêm yết công khai (public_posting) phải khai báo posting',
    ]);
  });
  it('refuses durations ≤ 0, validTo before validFrom, unknown keys, bad dates', () => {
    expect(errorsOf(MINIMAL.replace('amount: 10', 'amount: 0'))).toEqual([
      'steps[1].duration.amount: phải lớn hơn 0',
    ]);
    expect(errorsOf(MINIMAL.replace('validTo: null', 'validTo: 2025-01-01'))).toEqual([
      'validTo: ngày hết hiệu lực 2025-01-01 trước ngày bắt đầu 2025-07-01',
    ]);
    expect(
      errorsOf(MINIMAL.replace('verified: false\nsteps', 'verified: false\nfoo: 1\nsteps')),
    ).toEqual(['(gốc): khoá không được phép: foo']);
    expect(errorsOf(MINIMAL.replace('validFrom: 2025-07-01', 'validFrom: 2025-02-30'))[0]).toMatch(
      /^validFrom: phải là ngày/,
    );
    expect(errorsOf('steps: [')[0]).toMatch(/YAML/);
  });
  it('a condition needs its feature at or before the step', () => {
    const t = MINIMAL.replace(
      '    canReturn: true\n    returnTo: a',
      '    conditions: [council_in_favour]',
    );
    expect(errorsOf(t)[0]).toMatch(/^steps\[1\]\.conditions: điều kiện "council_in_favour"/);
  });
});

describe('template selection', () => {
  it('straddles 01/07/2025 for every commune kind', () => {
    for (const kind of ['commune_ntm', 'commune_advanced', 'commune_model'] as const) {
      expect(templateFor(TEMPLATES, kind, 'recognition', '2025-06-30')?.code).toBe('xa-18-2022');
      expect(templateFor(TEMPLATES, kind, 'recognition', '2025-07-01')?.code).toBe('xa-131-2025');
      expect(templateFor(TEMPLATES, kind, 'revocation', '2025-06-30')?.code).toBe(
        'thu-hoi-xa-18-2022',
      );
      expect(templateFor(TEMPLATES, kind, 'revocation', '2026-03-01')?.code).toBe(
        'thu-hoi-xa-131-2025',
      );
    }
  });
  it('reads a timestamp as the Vietnam date', () => {
    // 30/06/2025 17:30 UTC is already 01/07/2025 in Vietnam.
    expect(templateFor(TEMPLATES, 'commune_ntm', 'recognition', '2025-06-30T17:30:00Z')?.code).toBe(
      'xa-131-2025',
    );
  });
  it('districts until 30/06/2025, nothing after; provinces from 02/08/2022; nothing before', () => {
    expect(templateFor(TEMPLATES, 'district_ntm', 'recognition', '2024-01-01')?.code).toBe(
      'huyen-18-2022',
    );
    expect(templateFor(TEMPLATES, 'district_town', 'recognition', '2025-07-01')).toBeNull();
    expect(templateFor(TEMPLATES, 'province_completed', 'recognition', '2030-01-01')?.code).toBe(
      'tinh-18-2022',
    );
    expect(templateFor(TEMPLATES, 'commune_ntm', 'recognition', '2022-08-01')).toBeNull();
  });
  it('takes the highest version in force', () => {
    const base = loadTemplate('xa-131-2025');
    const v2 = { ...base, version: 2, validFrom: '2026-01-01' };
    expect(templateFor([base, v2], 'commune_ntm', 'recognition', '2025-12-31')?.version).toBe(1);
    expect(templateFor([base, v2], 'commune_ntm', 'recognition', '2026-01-01')?.version).toBe(2);
    expect(templatesOnDate([base, v2], '2026-02-01').map((t) => t.version)).toEqual([2, 1]);
  });
  it('every kind has a recognition template on 01/06/2025', () => {
    for (const kind of DOSSIER_KINDS)
      expect(templateFor(TEMPLATES, kind, 'recognition', '2025-06-01'), kind).not.toBeNull();
  });
});
