import { DEFAULT_CLASS } from './types';
import type { Classification, CriteriaSet, Language, Op } from './types';

const SYMBOL: Record<Op, string> = { gte: '≥', gt: '>', lte: '≤', lt: '<', eq: '=' };
const NEGATED: Record<Op, string> = { gte: '<', gt: '≤', lte: '>', lt: '≥', eq: '≠' };

/** `≥`, `>`, `≤`, `<`, `=`. */
export function opSymbol(op: Op): string {
  return SYMBOL[op];
}

/** The symbol that holds when `op` fails: `<` for a failed `gte`, `≠` for a failed `eq`... */
export function negatedOpSymbol(op: Op): string {
  return NEGATED[op];
}

/**
 * A number as officials write it: Vietnamese `12,5` and `1.250.000`; English `12.5` and
 * `1,250,000`. At most six decimals, trailing zeros dropped.
 */
export function formatNumber(value: number, language: Language = 'vi'): string {
  if (!Number.isFinite(value)) return String(value);
  const [decimalMark, groupMark] = language === 'vi' ? [',', '.'] : ['.', ','];
  const negative = value < 0;
  const fixed = Math.abs(value)
    .toFixed(6)
    .replace(/\.?0+$/, '');
  const [int = '0', frac] = fixed.split('.');
  const grouped = int.length > 3 ? int.replace(/\B(?=(\d{3})+(?!\d))/g, groupMark) : int;
  return `${negative ? '-' : ''}${grouped}${frac ? decimalMark + frac : ''}`;
}

/** A yes/no judgement in words. */
export function formatBoolean(value: boolean, language: Language = 'vi'): string {
  if (language === 'vi') return value ? 'Đạt' : 'Không đạt';
  return value ? 'met' : 'not met';
}

/** A value with its unit: `12,5%`, `45 triệu đồng/người/năm`, `Đạt`. */
export function formatQuantity(
  value: number | boolean,
  unit: string | undefined,
  language: Language = 'vi',
): string {
  if (typeof value === 'boolean') return formatBoolean(value, language);
  const number = formatNumber(value, language);
  if (!unit) return number;
  return unit === '%' ? `${number}%` : `${number} ${unit}`;
}

/** How a class is shown: its label from `classInfo`, else its code. */
export function classLabel(set: Pick<CriteriaSet, 'classInfo'>, code: string): string {
  return set.classInfo[code]?.label ?? code;
}

/** "vùng ĐBSH" / "nhóm xã 1" / "ĐBSH region" / "commune group 1". */
export function className(
  classification: Classification,
  label: string,
  language: Language = 'vi',
): string {
  if (language === 'vi') {
    if (classification === 'region') return `vùng ${label}`;
    if (classification === 'group') return `nhóm xã ${label}`;
    return `lớp ${label}`;
  }
  if (classification === 'region') return `${label} region`;
  if (classification === 'group') return `commune group ${label}`;
  return `class ${label}`;
}

/**
 * The scope of a threshold: "ngưỡng vùng TDMNPB", "ngưỡng mặc định năm 2024", "ngưỡng chung";
 * English "TDMNPB region threshold", "default threshold for 2024", "threshold for all classes".
 */
export function thresholdScope(
  set: Pick<CriteriaSet, 'classInfo' | 'classification'>,
  classKey: string | null,
  year: number | null,
  language: Language = 'vi',
): string {
  let base: string;
  if (language === 'vi') {
    if (classKey === null) base = 'ngưỡng chung';
    else if (classKey === DEFAULT_CLASS) base = 'ngưỡng mặc định';
    else base = `ngưỡng ${className(set.classification, classLabel(set, classKey), language)}`;
    return year === null ? base : `${base} năm ${year}`;
  }
  if (classKey === null) base = 'threshold for all classes';
  else if (classKey === DEFAULT_CLASS) base = 'default threshold';
  else base = `${className(set.classification, classLabel(set, classKey), language)} threshold`;
  return year === null ? base : `${base} for ${year}`;
}

/** The unit's class and year as a phrase: "vùng BTB, năm 2026" / "BTB region, 2026". */
export function unitScope(
  set: Pick<CriteriaSet, 'classInfo' | 'classification'>,
  unitClass: string | null,
  year: number | null,
  language: Language = 'vi',
): string {
  const parts: string[] = [];
  if (unitClass !== null) {
    parts.push(className(set.classification, classLabel(set, unitClass), language));
  }
  if (year !== null) parts.push(language === 'vi' ? `năm ${year}` : String(year));
  if (parts.length === 0) return language === 'vi' ? 'mọi lớp' : 'every class';
  return parts.join(', ');
}
