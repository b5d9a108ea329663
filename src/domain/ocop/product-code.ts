/**
 * The OCOP product code of 26/2026/QĐ-TTg (`procedures.md` §3, "lead"): (province)-(commune)-
 * (number)-(year), e.g. `08-02290-001-2026`: the GSO province code (2 digits), the GSO commune
 * code (5 digits), the product's number in that commune and year (at least 3 digits, zero-padded)
 * and the year (4 digits). Which number comes next is the service's business.
 */

/** The parts of a product code. */
export interface ProductCodeParts {
  provinceCode: string;
  communeCode: string;
  number: number;
  year: number;
}

const PATTERN = /^(\d{2})-(\d{5})-(\d{3,})-(\d{4})$/;

/** `{ provinceCode: '08', communeCode: '02290', number: 1, year: 2026 }` → `08-02290-001-2026`. */
export function formatProductCode(parts: ProductCodeParts): string {
  const { provinceCode, communeCode, number, year } = parts;
  if (!/^\d{2}$/.test(provinceCode))
    throw new RangeError(`province code ${provinceCode}: 2 digits`);
  if (!/^\d{5}$/.test(communeCode)) throw new RangeError(`commune code ${communeCode}: 5 digits`);
  if (!Number.isSafeInteger(number) || number < 1)
    throw new RangeError(`product number ${number}: a positive integer`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new RangeError(`year ${year}: 4 digits`);
  return `${provinceCode}-${communeCode}-${String(number).padStart(3, '0')}-${year}`;
}

/**
 * A product code's parts, or null when it is not one (surrounding spaces are ignored; a number of
 * 0 or padded beyond 3 digits is refused, so each code has one spelling).
 */
export function parseProductCode(code: string): ProductCodeParts | null {
  const match = PATTERN.exec(code.trim());
  if (!match) return null;
  const [, provinceCode = '', communeCode = '', digits = '', year = ''] = match;
  const number = Number(digits);
  if (number < 1 || !Number.isSafeInteger(number)) return null;
  if (digits.length > 3 && digits.startsWith('0')) return null;
  return { provinceCode, communeCode, number, year: Number(year) };
}
