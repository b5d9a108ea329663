import { describe, expect, it } from 'vitest';
import { readValueCell, type Cell } from './spreadsheet';

const text = (value: string): Cell => ({ kind: 'text', text: value });

describe('readValueCell', () => {
  it('reads text numbers the Vietnamese way: dots group thousands, the comma is decimal', () => {
    expect(readValueCell(text('1.250'))).toEqual({ kind: 'number', value: 1250 });
    expect(readValueCell(text('1.234.567'))).toEqual({ kind: 'number', value: 1234567 });
    expect(readValueCell(text('1.234,5'))).toEqual({ kind: 'number', value: 1234.5 });
    expect(readValueCell(text('70,5%'))).toEqual({ kind: 'number', value: 70.5 });
  });

  it('refuses a lone decimal point and English notation, naming the readings', () => {
    expect(readValueCell(text('1.25'))).toEqual({
      kind: 'ambiguous_number',
      shown: '1.25',
      candidates: [1.25, 125],
    });
    expect(readValueCell(text('1,234.5'))).toEqual({
      kind: 'english_number',
      shown: '1,234.5',
      suggestion: '1.234,5',
    });
  });

  it('keeps real number cells as numbers, whatever their digits', () => {
    expect(readValueCell({ kind: 'number', value: 1.25, percent: false })).toEqual({
      kind: 'number',
      value: 1.25,
    });
    expect(readValueCell({ kind: 'number', value: 0.705, percent: true })).toEqual({
      kind: 'number',
      value: 70.5,
    });
  });

  it('reads the yes/no words of the domain', () => {
    expect(readValueCell(text('có'))).toEqual({ kind: 'boolean', value: true });
    expect(readValueCell(text('Chưa đạt'))).toEqual({ kind: 'boolean', value: false });
    expect(readValueCell(text('✔'))).toEqual({ kind: 'boolean', value: true });
  });
});
