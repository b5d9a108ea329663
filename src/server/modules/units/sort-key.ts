/**
 * Vietnamese sort keys for unit names, compared byte by byte in SQL (a `bytea` column), so that
 * `ORDER BY sort_key` pages through units in the order `Intl.Collator('vi', { numeric: true })`
 * gives — identically on PGlite and on PostgreSQL, whatever the server's collation or ICU build.
 *
 * The key mirrors the collator's three levels:
 * 1. primary: letters of the Vietnamese alphabet (a ă â b c d đ e ê … ư v x y, with f j w z at
 *    their Latin places), digit runs compared by value, spaces before punctuation before digits
 *    before letters;
 * 2. secondary: the tone of each letter (none, huyền, hỏi, ngã, sắc, nặng);
 * 3. tertiary: lower case before upper case.
 * Levels are separated by a 0x00 byte, which is below every weight, so a shorter name sorts first.
 */

const letters = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz';
const letterWeight = new Map<string, number>(
  [...letters].map((letter, index) => [letter, 0x40 + index]),
);

/** Combining marks that make a new letter (ă â ê ô ơ ư) rather than a tone. */
const letterMarks: Record<string, Record<string, string>> = {
  '\u0306': { a: 'ă' },
  '\u0302': { a: 'â', e: 'ê', o: 'ô' },
  '\u031b': { o: 'ơ', u: 'ư' },
};

/** Tones in the order of the Vietnamese collation: none, huyền, hỏi, ngã, sắc, nặng. */
const toneWeight: Record<string, number> = {
  '\u0300': 2,
  '\u0309': 3,
  '\u0303': 4,
  '\u0301': 5,
  '\u0323': 6,
};

/** Punctuation in the root collation's order (all sort after a space, before digits). */
const punctuation = '_-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$';
const punctuationWeight = new Map<string, number>(
  [...punctuation].map((mark, index) => [mark, 0x03 + index]),
);
/** Typographic quotes weigh as the plain ones, told apart at the second level. */
const quoteVariants: Record<string, { plain: string; secondary: number }> = {
  '\u2018': { plain: "'", secondary: 2 },
  '\u2019': { plain: "'", secondary: 3 },
  '\u201c': { plain: '"', secondary: 2 },
  '\u201d': { plain: '"', secondary: 3 },
};

const SPACE = 0x02;
const DIGITS = 0x30;
const OTHER = 0xfe;

interface Element {
  primary: number[];
  secondary: number;
  tertiary: number;
}

function isCombining(char: string): boolean {
  return /\p{M}/u.test(char);
}

function elementsOf(name: string): Element[] {
  const chars = [...name.normalize('NFD')];
  const elements: Element[] = [];
  let index = 0;
  while (index < chars.length) {
    const char = chars[index]!;
    if (/\s/u.test(char)) {
      // Runs of white space count as one space.
      while (index < chars.length && /\s/u.test(chars[index]!)) index++;
      elements.push({ primary: [SPACE], secondary: 1, tertiary: 1 });
      continue;
    }
    if (/[0-9]/.test(char)) {
      let digits = '';
      while (index < chars.length && /[0-9]/.test(chars[index]!)) digits += chars[index++]!;
      const value = digits.replace(/^0+(?=\d)/, '');
      elements.push({
        primary: [DIGITS, Math.min(value.length, 0xff), ...[...value].map((d) => 0x30 + Number(d))],
        secondary: 1,
        tertiary: 1,
      });
      continue;
    }
    index++;
    const marks: string[] = [];
    while (index < chars.length && isCombining(chars[index]!)) marks.push(chars[index++]!);
    const lower = char.toLowerCase();
    const upper = lower !== char;
    let letter = lower;
    let tone = 1;
    const unknownMarks: string[] = [];
    for (const mark of marks) {
      const modified = letterMarks[mark]?.[letter];
      if (modified) letter = modified;
      else if (toneWeight[mark] !== undefined) tone = toneWeight[mark];
      else unknownMarks.push(mark);
    }
    const variant = quoteVariants[char];
    const weight = letterWeight.get(letter) ?? punctuationWeight.get(variant?.plain ?? char);
    if (weight !== undefined) {
      elements.push({
        primary: [weight],
        secondary: variant?.secondary ?? tone,
        tertiary: upper ? 2 : 1,
      });
    } else {
      // Outside the alphabet: after every letter, by code point (does not occur in unit names).
      const codePoint = (char + unknownMarks.join('')).codePointAt(0) ?? 0;
      elements.push({
        primary: [OTHER, (codePoint >> 16) & 0xff, (codePoint >> 8) & 0xff, codePoint & 0xff],
        secondary: tone,
        tertiary: upper ? 2 : 1,
      });
    }
  }
  return elements;
}

/** The byte key of a name: `Buffer.compare` of two keys orders names like the Vietnamese collator. */
export function vietnameseSortKey(name: string): Buffer {
  const elements = elementsOf(name.trim());
  return Buffer.from([
    ...elements.flatMap((element) => element.primary),
    0x00,
    ...elements.map((element) => element.secondary),
    0x00,
    ...elements.map((element) => element.tertiary),
  ]);
}

/** Lower case, no diacritics, đ → d, single spaces: how search compares names (like SQL `ntm_fold`). */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
