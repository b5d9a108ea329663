import { describe, expect, it } from 'vitest';
import { formatHouseholdCode, makeHouseholdCode, normaliseHouseholdCode } from './codes';

describe('household codes', () => {
  it('round-trips through its printed form, in any case, with spaces', () => {
    for (let i = 0; i < 200; i += 1) {
      const code = makeHouseholdCode(globalThis.crypto.getRandomValues(new Uint8Array(9)));
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
      const printed = formatHouseholdCode(code);
      expect(normaliseHouseholdCode(printed)).toBe(code);
      expect(normaliseHouseholdCode(` ${printed.toLowerCase().replace(/-/g, ' ')} `)).toBe(code);
    }
  });

  it('tells a mistyped symbol from a code (the check symbol)', () => {
    const code = makeHouseholdCode(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    let caught = 0;
    for (let position = 0; position < 9; position += 1) {
      const wrong = code[position] === 'X' ? 'Y' : 'X';
      const typo = code.slice(0, position) + wrong + code.slice(position + 1);
      if (normaliseHouseholdCode(typo) === null) caught += 1;
    }
    expect(caught).toBe(9);
    expect(normaliseHouseholdCode('ABC')).toBeNull();
    expect(normaliseHouseholdCode('0000000000')).toBeNull();
  });
});
