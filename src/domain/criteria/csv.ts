/** A minimal RFC 4180 CSV reader that keeps the line and column of every field. */

export interface CsvField {
  /** The field's text, quotes removed, not trimmed. */
  text: string;
  /** 1-based line and column where the field starts. */
  line: number;
  column: number;
}

export interface CsvRecord {
  line: number;
  fields: CsvField[];
}

export interface CsvSyntaxIssue {
  line: number;
  column: number;
  code: 'unterminated_quote' | 'unexpected_quote';
}

/**
 * Splits `text` into records. Accepts a UTF-8 BOM, LF or CRLF line ends, quoted fields with `""`
 * escapes and line breaks. Blank lines are skipped. A record with a syntax problem is reported
 * and left out.
 */
export function readCsv(
  text: string,
  delimiter = ',',
): { records: CsvRecord[]; issues: CsvSyntaxIssue[] } {
  const records: CsvRecord[] = [];
  const issues: CsvSyntaxIssue[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  const n = text.length;

  while (i < n) {
    const recordLine = line;
    const fields: CsvField[] = [];
    let broken = false;
    // Read one record.
    for (;;) {
      const fieldLine = line;
      const column = i - lineStart + 1;
      let value = '';
      if (text[i] === '"') {
        const quoteLine = line;
        const quoteColumn = column;
        i++;
        let closed = false;
        while (i < n) {
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (ch === '\n') {
            line++;
            lineStart = i + 1;
          }
          value += ch;
          i++;
        }
        if (!closed) {
          issues.push({ line: quoteLine, column: quoteColumn, code: 'unterminated_quote' });
          return { records, issues };
        }
        if (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') {
          if (!broken) {
            issues.push({ line, column: i - lineStart + 1, code: 'unexpected_quote' });
          }
          broken = true;
          while (i < n && text[i] !== delimiter && text[i] !== '\n') i++;
        }
      } else {
        while (i < n && text[i] !== delimiter && text[i] !== '\n') {
          if (text[i] === '"' && !broken) {
            issues.push({ line, column: i - lineStart + 1, code: 'unexpected_quote' });
            broken = true;
          }
          value += text[i];
          i++;
        }
        if (value.endsWith('\r') && (i >= n || text[i] === '\n')) value = value.slice(0, -1);
      }
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      fields.push({ text: value, line: fieldLine, column });
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      // End of record (newline or end of text).
      if (i < n && text[i] === '\n') {
        i++;
        line++;
        lineStart = i;
      }
      break;
    }
    const blank = fields.length === 1 && fields[0]?.text.trim() === '';
    if (!broken && !blank) records.push({ line: recordLine, fields });
  }
  return { records, issues };
}
