import { describe, expect, it } from 'vitest';
import { readValueText, readYesNo, yesNoWords } from './valueText';

describe('readYesNo', () => {
  it.each([
    ['Đạt', true],
    ['đạt', true],
    ['dat', true],
    ['Có', true],
    ['co', true],
    ['X', true],
    ['✓', true],
    ['TRUE', true],
    ['Không đạt', false],
    ['KHÔNG  ĐẠT', false],
    ['chưa đạt', false],
    ['Chua dat', false],
    ['không', false],
    ['false', false],
  ])('reads %j as %s', (text, expected) => {
    expect(readYesNo(text)).toBe(expected);
  });

  it('reads every documented word, and nothing else', () => {
    for (const word of yesNoWords.yes) expect(readYesNo(word)).toBe(true);
    for (const word of yesNoWords.no) expect(readYesNo(word)).toBe(false);
    for (const text of ['có lẽ', 'đạt một phần', '1', '0', '']) expect(readYesNo(text)).toBeNull();
  });
});

describe('readValueText', () => {
  it('reads words, Vietnamese numbers and blanks', () => {
    expect(readValueText('  ')).toEqual({ kind: 'empty' });
    expect(readValueText('có')).toEqual({ kind: 'boolean', value: true });
    expect(readValueText('chưa đạt')).toEqual({ kind: 'boolean', value: false });
    expect(readValueText('16,5')).toEqual({ kind: 'number', value: 16.5 });
    expect(readValueText('80%')).toEqual({ kind: 'number', value: 80 });
    expect(readValueText('1.250')).toEqual({ kind: 'number', value: 1250 });
  });

  it('never guesses a lone decimal point nor reads English notation', () => {
    expect(readValueText('1.25')).toEqual({ kind: 'ambiguous', candidates: [1.25, 125] });
    expect(readValueText('1,234.5')).toEqual({
      kind: 'english_notation',
      suggestion: '1.234,5',
    });
    expect(readValueText('abc')).toEqual({ kind: 'invalid' });
  });
});
