/** Small helpers for the YAML editor (the real validation is the server's). */

/** A code for the next version of a set: `x` → `x-v2`, `x-v2` → `x-v3`. */
export function nextVersionCode(code: string): string {
  const match = /^(.*)-v(\d+)$/.exec(code);
  if (match) return `${match[1]}-v${Number(match[2]) + 1}`;
  return `${code}-v2`;
}

/** The text with its top-level `code:` replaced (the first one, at the start of a line). */
export function withCode(text: string, code: string): string {
  return /^code:.*$/m.test(text)
    ? text.replace(/^code:.*$/m, `code: ${code}`)
    : `code: ${code}\n${text}`;
}

/** Offset in `text` of a 1-based line and column (clamped to the text). */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += (lines[i]?.length ?? 0) + 1;
  const current = lines[Math.min(line, lines.length) - 1] ?? '';
  return Math.min(offset + Math.max(0, Math.min(column - 1, current.length)), text.length);
}

/** The text of a 1-based line ("" when out of range). */
export function lineOf(text: string, line: number): string {
  return text.split('\n')[line - 1] ?? '';
}

/** A new, blank set: the smallest file that validates, to be filled in. */
export const BLANK_SET = `code: ma-bo-tieu-chi-moi
name: Tên bộ tiêu chí
issuer: central
basis: Số, ký hiệu, ngày của văn bản ban hành
level: commune
validFrom: 2026-01-01
validTo: 2030-12-31
classification: none
criteria:
  - code: '1'
    name: Tên tiêu chí
    indicators:
      - code: '1.1'
        name: Tên chỉ tiêu
        type: boolean
        rule: { op: eq, value: true }
        verified: false
`;
