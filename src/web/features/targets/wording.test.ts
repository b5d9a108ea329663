import { describe, expect, it } from 'vitest';
import vi from '../../i18n/vi.json';

/** Computed is not recognised: "đạt chuẩn" means recognised by decision (18/2022/QĐ-TTg). */
describe('wording of computed results', () => {
  const strings = (node: unknown, prefix = ''): [string, string][] =>
    typeof node === 'string'
      ? [[prefix, node]]
      : Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
          strings(value, prefix ? `${prefix}.${key}` : key),
        );
  const all = new Map(strings(vi));

  it('labels communes meeting every criterion "đạt đủ N tiêu chí (theo số liệu)"', () => {
    expect(all.get('dashboard.figures.met')).toBe('Xã đạt đủ {{total}} tiêu chí (theo số liệu)');
    for (const key of [
      'dashboard.charts.trend.title',
      'dashboard.charts.children.titleShare',
      'dashboard.list.filter.met',
      'targets.measure.communes_met_share',
    ])
      expect(all.get(key), key).toContain('theo số liệu');
  });

  it('keeps "đạt chuẩn" off the dashboards and the targets page except for recognitions', () => {
    const computed = [...all].filter(
      ([key, text]) =>
        (key.startsWith('dashboard.') || key.startsWith('targets.')) &&
        /đạt chuẩn/i.test(text) &&
        !/công nhận/.test(text),
    );
    expect(computed).toEqual([]);
    expect(all.get('targets.status.no_source')).toBe('Chưa có nguồn số liệu');
  });
});
