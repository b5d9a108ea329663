import { describe, expect, it } from 'vitest';
import type { Target } from './types';
import { createBody, emptyTargetForm, targetFormOf, updateBody, validateTargetForm } from './form';
import { canManageTargets, formatGoal, formatMeasure, progressBar } from './display';
import type { Me } from '../auth/types';

function target(partial: Partial<Target> = {}): Target {
  return {
    code: '15.xa-ntm-2026',
    programCode: null,
    name: 'Tỷ lệ xã đạt chuẩn của tỉnh',
    basis: 'Nghị quyết 10/NQ-HĐND',
    issuer: '15',
    scope: { code: '15', name: 'Tỉnh Lào Cai' },
    measure: 'communes_met_share',
    indicator: null,
    criterion: null,
    criteriaThreshold: null,
    metric: { set: { kind: 'standard', level: 'commune' }, unitLevel: 'commune' },
    counts: 'computed',
    noSource: null,
    op: 'gte',
    value: 72.5,
    unit: '%',
    startDate: '2026-01-01',
    deadline: '2026-12-31',
    verified: true,
    note: null,
    source: 'user',
    version: 3,
    progress: {
      year: 2025,
      current: 62.9,
      baseline: 54,
      expected: 70,
      percentDone: 48,
      status: 'behind',
      gap: 9,
      communes: 89,
      unknown: null,
      set: { code: 'xa-ntm-2021-2025', name: 'Bộ tiêu chí xã', criteria: 19 },
    },
    ...partial,
  };
}

describe('province target form', () => {
  it('turns what was typed (comma decimals, dd/mm/yyyy) into the API body', () => {
    const values = {
      ...emptyTargetForm('15', 2026),
      code: '15.xa-ntm-2026',
      name: '  Tỷ lệ xã đạt chuẩn  ',
      basis: 'Nghị quyết 10/NQ-HĐND',
      value: '72,5',
      deadline: '30/06/2027',
    };
    const result = validateTargetForm(values, 'create');
    expect(result).toEqual({
      ok: true,
      body: {
        code: '15.xa-ntm-2026',
        name: 'Tỷ lệ xã đạt chuẩn',
        basis: 'Nghị quyết 10/NQ-HĐND',
        measure: 'communes_met_share',
        op: 'gte',
        value: 72.5,
        startDate: '2026-01-01',
        deadline: '2027-06-30',
      },
    });
    if (result.ok) {
      expect(createBody(result.body, '15').unit).toBe('15');
      const update = updateBody(result.body, 3);
      expect(update).not.toHaveProperty('code');
      expect(update.version).toBe(3);
    }
  });

  it('names every mistake beside its field', () => {
    const result = validateTargetForm(
      {
        ...emptyTargetForm('15', 2026),
        code: 'X',
        name: 'a',
        basis: '',
        measure: 'indicator_met_share',
        indicator: '',
        value: '120',
        startDate: '31/02/2026',
        deadline: '01/01/2025',
      },
      'create',
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        code: 'code',
        name: 'name',
        basis: 'basis',
        indicator: 'indicator',
        value: 'share',
        startDate: 'date',
      },
    });
    const late = validateTargetForm(
      {
        ...emptyTargetForm('15', 2026),
        code: '15.a',
        name: 'abc',
        basis: 'abc',
        value: '1',
        deadline: '01/01/2025',
      },
      'create',
    );
    expect(late).toEqual({ ok: false, errors: { deadline: 'deadline' } });
  });

  it('checks the count of communes under N criteria', () => {
    const base = {
      ...emptyTargetForm('15', 2026),
      code: '15.duoi-15',
      name: 'Không còn xã dưới 15 tiêu chí',
      basis: 'Kế hoạch 5/KH-UBND',
      measure: 'communes_below_criteria' as const,
      op: 'lte' as const,
    };
    expect(validateTargetForm({ ...base, value: '0,5' }, 'create')).toEqual({
      ok: false,
      errors: { value: 'count' },
    });
    expect(validateTargetForm({ ...base, value: '0', criteriaThreshold: '70' }, 'create')).toEqual({
      ok: false,
      errors: { criteriaThreshold: 'criteriaThreshold' },
    });
    const ok = validateTargetForm({ ...base, value: '0' }, 'create');
    expect(ok.ok && ok.body).toMatchObject({ criteriaThreshold: 15, value: 0, op: 'lte' });
  });

  it('fills the form from a target being edited (the code is not checked again)', () => {
    const values = targetFormOf(target());
    expect(values).toMatchObject({
      value: '72,5',
      startDate: '01/01/2026',
      deadline: '31/12/2026',
    });
    expect(validateTargetForm({ ...values, code: 'ANY' }, 'edit').ok).toBe(true);
  });
});

describe('target display', () => {
  it('writes goals and measures the Vietnamese way', () => {
    expect(formatGoal(target())).toBe('≥ 72,5%');
    expect(formatGoal(target({ op: 'lte', value: 0, unit: 'xã' }))).toBe('≤ 0 xã');
    expect(formatMeasure(62.94, '%')).toBe('62,9%');
  });

  it('draws a bar for shares only', () => {
    expect(progressBar(target())).toEqual({ value: 62.9, goal: 72.5 });
    expect(progressBar(target({ unit: 'xã' }))).toBeNull();
    expect(
      progressBar(target({ progress: { ...target().progress, current: null, status: 'no_data' } })),
    ).toBeNull();
  });

  it('lets a province office manage its own province, an administrator any', () => {
    const me = (role: string, unit: string | null): Me =>
      ({
        id: '1',
        username: 'u',
        displayName: 'U',
        email: null,
        phone: null,
        unit: null,
        roles: [{ role, unit: unit ? { code: unit, name: unit, level: 'province' } : null }],
        mustChangePassword: false,
      }) as unknown as Me;
    expect(canManageTargets(me('province', '15'), '15')).toBe(true);
    expect(canManageTargets(me('province', '15'), '01')).toBe(false);
    expect(canManageTargets(me('viewer', '15'), '15')).toBe(false);
    expect(canManageTargets(me('admin', null), '01')).toBe(true);
    expect(canManageTargets(me('admin', null), undefined)).toBe(false);
    expect(canManageTargets(null, '15')).toBe(false);
  });
});

describe('target order', () => {
  it('puts the measured programme targets first, then the province’s own', async () => {
    const { groupTargets } = await import('./display');
    const make = (code: string, measure: Target['measure'], source: Target['source']) =>
      ({
        code,
        measure,
        source,
        noSource:
          measure === 'none'
            ? { reason: 'capability', capability: { code: 'surveys', name: 'Khảo sát' } }
            : null,
      }) as Target;
    const groups = groupTargets([
      make('263.a', 'none', 'file'),
      make('263.b', 'communes_met_share', 'file'),
      make('15.c', 'communes_met_share', 'user'),
      make('263.d', 'communes_below_criteria', 'file'),
    ]);
    expect(groups.programme.map((t) => t.code)).toEqual(['263.b', '263.d', '263.a']);
    expect(groups.own.map((t) => t.code)).toEqual(['15.c']);
  });
});
