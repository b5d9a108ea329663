/**
 * One-time household codes, printed on slips with a QR code: 9 random symbols and a check symbol
 * from an alphabet without look-alikes (no 0, 1, I, O), shown as `K7QM-3XPA-9T`. The check
 * symbol tells a mistyped code from one that was never issued; 45 random bits make guessing one
 * hopeless under the answer rate limit. The server stores only the code's hash.
 */

export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const RANDOM_LENGTH = 9;

function checkSymbol(symbols: string): string {
  let sum = 0;
  for (let index = 0; index < symbols.length; index += 1) {
    sum += CODE_ALPHABET.indexOf(symbols[index]!) * (index + 1);
  }
  return CODE_ALPHABET[sum % CODE_ALPHABET.length]!;
}

/** A code from random bytes (at least 9); the caller supplies them (crypto in Node or browser). */
export function makeHouseholdCode(random: Uint8Array): string {
  if (random.length < RANDOM_LENGTH) throw new Error('makeHouseholdCode needs 9 random bytes');
  let symbols = '';
  for (let index = 0; index < RANDOM_LENGTH; index += 1) {
    symbols += CODE_ALPHABET[random[index]! % CODE_ALPHABET.length];
  }
  return symbols + checkSymbol(symbols);
}

/** `K7QM3XPA9T` → `K7QM-3XPA-9T`. */
export function formatHouseholdCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * What a person typed or a QR code carried, as a code: upper case, separators and spaces dropped,
 * or null when it cannot be a code (wrong length, a symbol outside the alphabet, a wrong check).
 */
export function normaliseHouseholdCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s\-._]/g, '');
  if (code.length !== RANDOM_LENGTH + 1) return null;
  for (const symbol of code) if (!CODE_ALPHABET.includes(symbol)) return null;
  return checkSymbol(code.slice(0, RANDOM_LENGTH)) === code[RANDOM_LENGTH] ? code : null;
}
