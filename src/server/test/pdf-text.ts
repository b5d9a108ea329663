/**
 * A small PDF text reader for tests: enough for the PDFs pdfkit (under pdfmake) writes — Type0
 * fonts with a ToUnicode map, content streams Flate-compressed or not. Not a PDF parser.
 */
import zlib from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

/** Index just past the dictionary that starts at `start` ("<<"), skipping strings. */
function dictionaryEnd(text: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < text.length) {
    if (text.startsWith('<<', index)) {
      depth++;
      index += 2;
    } else if (text.startsWith('>>', index)) {
      depth--;
      index += 2;
      if (depth === 0) return index;
    } else if (text[index] === '(') {
      let level = 1;
      index++;
      while (level > 0 && index < text.length) {
        if (text[index] === '\\') index += 2;
        else {
          if (text[index] === '(') level++;
          else if (text[index] === ')') level--;
          index++;
        }
      }
    } else if (text[index] === '<') {
      index = text.indexOf('>', index) + 1;
    } else {
      index++;
    }
  }
  throw new Error('unterminated dictionary');
}

function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  let match: RegExpExecArray | null;
  while ((match = header.exec(text))) {
    const start = match.index + match[0].length;
    if (!text.startsWith('<<', start)) continue;
    const end = dictionaryEnd(text, start);
    const dict = text.slice(start, end);
    let stream: Buffer | null = null;
    const after = /^\s*stream\r?\n/.exec(text.slice(end, end + 20));
    if (after) {
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const from = end + after[0].length;
      stream = Buffer.from(text.slice(from, from + length), 'latin1');
      if (dict.includes('/FlateDecode')) stream = zlib.inflateSync(stream);
      header.lastIndex = from + length;
    }
    objects.set(Number(match[1]), { dict, stream });
  }
  return objects;
}

function hexCodes(hex: string): number[] {
  const clean = hex.replace(/\s+/g, '');
  const codes: number[] = [];
  for (let index = 0; index + 4 <= clean.length; index += 4) {
    codes.push(parseInt(clean.slice(index, index + 4), 16));
  }
  return codes;
}

function toUnicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const range of cmap.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
    const first = parseInt(range[1]!, 16);
    [...range[3]!.matchAll(/<([0-9a-f\s]+)>/gi)].forEach((entry, offset) => {
      map.set(first + offset, String.fromCharCode(...hexCodes(entry[1]!)));
    });
  }
  return map;
}

/** The text of each page, lines joined by "\n" (a line: text drawn at the same height). */
export function pdfPages(pdf: Buffer): string[] {
  const objects = pdfObjects(pdf);
  const ref = (dict: string, key: string) =>
    Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);
  const fonts = new Map<string, Map<number, string>>();
  for (const object of objects.values()) {
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(object.dict)?.[1];
    if (!fontDict) continue;
    for (const [, name, id] of fontDict.matchAll(/\/(\w+) (\d+) 0 R/g)) {
      const font = objects.get(Number(id));
      const cmap = font && objects.get(ref(font.dict, 'ToUnicode'))?.stream;
      if (cmap) fonts.set(name!, toUnicodeMap(cmap.toString('latin1')));
    }
  }
  const root = [...objects.values()].find((object) => /\/Type \/Pages/.test(object.dict))!;
  const kids = [.../\/Kids \[([^\]]*)\]/.exec(root.dict)![1]!.matchAll(/(\d+) 0 R/g)].map((m) =>
    Number(m[1]),
  );
  return kids.map((id) => {
    const page = objects.get(id)!;
    const content = objects.get(ref(page.dict, 'Contents'))!.stream!.toString('latin1');
    const lines: string[] = [];
    let font = new Map<number, string>();
    let y: number | null = null;
    const ops =
      /\/(\w+)\s+[\d.]+\s+Tf|([-\d.]+)\s+([-\d.]+)\s+Tm|\[([^\]]*)\]\s*TJ|<([0-9a-fA-F\s]*)>\s*Tj/g;
    for (const op of content.matchAll(ops)) {
      if (op[1]) font = fonts.get(op[1]) ?? new Map<number, string>();
      else if (op[3]) {
        const next = Number(op[3]);
        if (y === null || Math.abs(next - y) > 0.5) lines.push('');
        y = next;
      } else {
        const hex = op[4] ? [...op[4].matchAll(/<([0-9a-fA-F\s]*)>/g)].map((m) => m[1]!) : [op[5]!];
        const text = hex
          .flatMap(hexCodes)
          .map((code) => font.get(code) ?? '\uFFFD')
          .join('');
        lines[lines.length - 1] = (lines.at(-1) ?? '') + text;
      }
    }
    return lines.join('\n');
  });
}
