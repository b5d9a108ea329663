import { parseVietnameseNumber } from './number';

/**
 * An indicator value written as text — a spreadsheet cell, a CSV field, a CLI file — read the same
 * way by the importer and `ntm evaluate`: yes/no words, or a number the Vietnamese way
 * (`parseVietnameseNumber`). Pure.
 */

/** Lower case without diacritics (đ → d), blanks collapsed: "Không  Đạt" → "khong dat". */
export function foldWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
}

/** The words read as yes/no, as documented (case and diacritics do not matter). */
export const yesNoWords = {
  yes: ['Đạt', 'Có', 'X', '✓', '✔', 'TRUE'],
  no: ['Không đạt', 'Chưa đạt', 'Không', 'FALSE'],
} as const;

const yesWords = new Set<string>(yesNoWords.yes.map(foldWord));
const noWords = new Set<string>(yesNoWords.no.map(foldWord));

/** A yes/no word ("Đạt", "có", "chưa đạt", "x", "TRUE"…) as a boolean; null for anything else. */
export function readYesNo(text: string): boolean | null {
  const word = foldWord(text);
  if (yesWords.has(word)) return true;
  if (noWords.has(word)) return false;
  return null;
}

export type ValueTextReading =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  /** A number with two readings ("1.25": 1,25 or 125): never guessed. */
  | { kind: 'ambiguous'; candidates: [number, number] }
  /** English notation ("1,234.5"): refused, with the Vietnamese way to write it. */
  | { kind: 'english_notation'; suggestion: string }
  | { kind: 'invalid' };

/** Reads a value written as text: empty, a yes/no word, or a Vietnamese number. */
export function readValueText(text: string): ValueTextReading {
  if (text.trim() === '') return { kind: 'empty' };
  const yesNo = readYesNo(text);
  if (yesNo !== null) return { kind: 'boolean', value: yesNo };
  const parsed = parseVietnameseNumber(text);
  if (parsed.ok) return { kind: 'number', value: parsed.value };
  if (parsed.ambiguous) return { kind: 'ambiguous', candidates: parsed.candidates };
  if (parsed.reason === 'english_notation') {
    return { kind: 'english_notation', suggestion: parsed.suggestion };
  }
  return { kind: 'invalid' };
}
