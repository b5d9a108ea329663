import type { UnitSummary } from './types';

/** The date of the administrative reform: districts abolished, 63 provinces became 34. */
export const REFORM_DATE = '2025-07-01';
/** The last day of the old map. */
export const LAST_DAY_BEFORE_REFORM = '2025-06-30';

/** "Tỉnh Lào Cai" → "tỉnh Lào Cai": how a unit reads inside an address. */
export function lowerFirst(text: string): string {
  return text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}

/**
 * A unit with the units above it, as addresses are written (UX.md):
 * "Xã Lâm Giang, tỉnh Lào Cai"; "Xã Lang Thíp, huyện Văn Yên, tỉnh Yên Bái".
 * `ancestors` come top first; they are written bottom first.
 */
export function unitAddress(name: string, ancestors: readonly Pick<UnitSummary, 'name'>[]): string {
  return [name, ...[...ancestors].reverse().map((unit) => lowerFirst(unit.name))].join(', ');
}

/** Where a unit lies, bottom first: "Huyện Văn Yên, tỉnh Yên Bái". */
export function ancestorsText(ancestors: readonly Pick<UnitSummary, 'name'>[]): string {
  const [first, ...rest] = [...ancestors].reverse();
  if (!first) return '';
  return [first.name, ...rest.map((unit) => lowerFirst(unit.name))].join(', ');
}

/** True when the unit version had ended by `today`. */
export function isHistoric(validTo: string | null, today: string): boolean {
  return validTo !== null && validTo < today;
}

/** Which of the two maps a date falls in. */
export function mapOf(asOf: string): 'before' | 'after' {
  return asOf < REFORM_DATE ? 'before' : 'after';
}
