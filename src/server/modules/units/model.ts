import { isSaneIsoDate } from '../../api-schemas';
/** Levels, kinds and lineage kinds of administrative units, with their Vietnamese names. */

export const unitLevels = ['province', 'district', 'commune'] as const;
export type UnitLevel = (typeof unitLevels)[number];

export const unitKinds = [
  'tinh',
  'thanh_pho_tw',
  'huyen',
  'quan',
  'thi_xa',
  'thanh_pho_thuoc_tinh',
  'thanh_pho_thuoc_tp_tw',
  'xa',
  'phuong',
  'thi_tran',
  'dac_khu',
] as const;
export type UnitKind = (typeof unitKinds)[number];

export const lineageKinds = ['merge', 'split', 'rename', 'reparent'] as const;
export type LineageKind = (typeof lineageKinds)[number];

/** The level each kind belongs to. */
export const levelOfKind: Record<UnitKind, UnitLevel> = {
  tinh: 'province',
  thanh_pho_tw: 'province',
  huyen: 'district',
  quan: 'district',
  thi_xa: 'district',
  thanh_pho_thuoc_tinh: 'district',
  thanh_pho_thuoc_tp_tw: 'district',
  xa: 'commune',
  phuong: 'commune',
  thi_tran: 'commune',
  dac_khu: 'commune',
};

/** Vietnamese names of the kinds (as written in legal texts, lower case). */
export const unitKindNames: Record<UnitKind, string> = {
  tinh: 'tỉnh',
  thanh_pho_tw: 'thành phố trực thuộc trung ương',
  huyen: 'huyện',
  quan: 'quận',
  thi_xa: 'thị xã',
  thanh_pho_thuoc_tinh: 'thành phố thuộc tỉnh',
  thanh_pho_thuoc_tp_tw: 'thành phố thuộc thành phố trực thuộc trung ương',
  xa: 'xã',
  phuong: 'phường',
  thi_tran: 'thị trấn',
  dac_khu: 'đặc khu',
};

/** The word that starts an official name of each kind ("Xã Lâm Giang", "Thành phố Huế"). */
export const namePrefixOfKind: Record<UnitKind, string> = {
  tinh: 'Tỉnh',
  thanh_pho_tw: 'Thành phố',
  huyen: 'Huyện',
  quan: 'Quận',
  thi_xa: 'Thị xã',
  thanh_pho_thuoc_tinh: 'Thành phố',
  thanh_pho_thuoc_tp_tw: 'Thành phố',
  xa: 'Xã',
  phuong: 'Phường',
  thi_tran: 'Thị trấn',
  dac_khu: 'Đặc khu',
};

const levelRank: Record<UnitLevel, number> = { province: 1, district: 2, commune: 3 };

/** 1 for a province, 2 for a district, 3 for a commune. */
export function levelDepth(level: UnitLevel): number {
  return levelRank[level];
}

/** The name without the kind word: "Xã Lâm Giang" → "Lâm Giang"; "Phường 12" → "12". */
export function shortNameOf(name: string, kind: UnitKind): string {
  const prefix = namePrefixOfKind[kind];
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed.toLowerCase().startsWith(`${prefix.toLowerCase()} `)) {
    return trimmed.slice(prefix.length + 1).trim();
  }
  return trimmed;
}

/** Reads a kind written as a code (`xa`) or in Vietnamese (`Xã`, `thành phố trực thuộc trung ương`). */
export function parseUnitKind(text: string): UnitKind | undefined {
  const wanted = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if ((unitKinds as readonly string[]).includes(wanted)) return wanted as UnitKind;
  const byName = unitKinds.find((kind) => unitKindNames[kind] === wanted);
  return byName;
}

/** Dates are ISO strings (YYYY-MM-DD) everywhere; these helpers never go through time zones. */
export function isIsoDate(text: string): boolean {
  // Real dates from 1900 to 2100 only: a period open until 9999 would block every later change.
  return isSaneIsoDate(text);
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const vietnamDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Today in Vietnam (UTC+7), as YYYY-MM-DD: the default `asOf` of every query. The formatter is
 * made once (building one costs more than a survey answer's checks).
 */
export function todayInVietnam(now: Date = new Date()): string {
  return vietnamDateFormat.format(now);
}

/** dd/mm/yyyy, how dates are shown to people. */
export function displayDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${day}/${month}/${year}`;
}
