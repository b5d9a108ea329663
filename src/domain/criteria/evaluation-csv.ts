import { readCsv } from './csv';
import type { CsvField } from './csv';
import { checkValue } from './evaluate';
import { formatNumber } from './format';
import type { CompiledCriteriaSet, EvaluationInput } from './evaluate';
import type { IndicatorValue } from './types';
import { parseValueText } from './values';

/** The columns of an evaluation CSV (any order; other columns are ignored). */
export const EVALUATION_COLUMNS = [
  'unit_code',
  'class',
  'year',
  'indicator_code',
  'value',
] as const;
type Column = (typeof EVALUATION_COLUMNS)[number];

export type EvaluationCsvIssueCode =
  | 'empty_file'
  | 'missing_column'
  | 'duplicate_column'
  | 'unterminated_quote'
  | 'unexpected_quote'
  | 'field_count'
  | 'empty_unit'
  | 'invalid_year'
  | 'unknown_class'
  | 'class_required'
  | 'class_not_allowed'
  | 'class_conflict'
  | 'empty_indicator'
  | 'unknown_indicator'
  | 'duplicate_value'
  | 'not_a_number'
  | 'ambiguous_number'
  | 'english_number'
  | 'not_a_boolean'
  | 'expected_judgement'
  | 'percent_out_of_range';

/**
 * A problem in an evaluation CSV: 1-based line and column, a code and its parameters (the caller
 * turns them into a message in its language).
 */
export interface EvaluationCsvIssue {
  line: number;
  column: number;
  code: EvaluationCsvIssueCode;
  params: Record<string, string | number>;
}

export interface EvaluationCsvUnit extends EvaluationInput {
  /** Line where the unit and year first appear. */
  line: number;
  values: Map<string, IndicatorValue | null>;
}

export interface EvaluationCsvResult {
  /** One entry per (unit, year), in the order they first appear. Empty when there are issues. */
  units: EvaluationCsvUnit[];
  issues: EvaluationCsvIssue[];
}

/**
 * Reads `unit_code,class,year,indicator_code,value` rows for a compiled set and checks every one:
 * the indicator exists, the class belongs to the set (one class per unit and year), the year is a
 * four-digit number, the value suits the indicator (a number written the Vietnamese way — `16,5`,
 * `1.250`, `80%` — a percent 0–100, or a yes/no word as the importer reads them: đạt/có/không
 * đạt/chưa đạt/không/true/false…; `12.5` is ambiguous and refused), no indicator is given twice. Indicators without a row are missing.
 * Every problem is reported; the units are returned only when there is none.
 */
export function parseEvaluationCsv(
  text: string,
  compiled: CompiledCriteriaSet,
): EvaluationCsvResult {
  const { records, issues: syntax } = readCsv(text);
  const issues: EvaluationCsvIssue[] = syntax.map((issue) => ({ ...issue, params: {} }));
  const header = records[0];
  if (!header) {
    if (issues.length === 0) issues.push({ line: 1, column: 1, code: 'empty_file', params: {} });
    return { units: [], issues };
  }
  const index = new Map<Column, number>();
  header.fields.forEach((field, position) => {
    const name = field.text.trim().toLowerCase();
    if (!(EVALUATION_COLUMNS as readonly string[]).includes(name)) return;
    if (index.has(name as Column)) {
      issues.push({
        line: field.line,
        column: field.column,
        code: 'duplicate_column',
        params: { column: name },
      });
    } else index.set(name as Column, position);
  });
  const absent = EVALUATION_COLUMNS.filter((column) => !index.has(column));
  for (const column of absent) {
    issues.push({ line: header.line, column: 1, code: 'missing_column', params: { column } });
  }
  if (absent.length > 0) return { units: [], issues: sortIssues(issues) };

  const set = compiled.set;
  const classList = set.classes.join(', ');
  const units = new Map<string, EvaluationCsvUnit>();
  const seenValues = new Map<string, number>();
  const classLines = new Map<string, number>();
  const expected = header.fields.length;

  for (const record of records.slice(1)) {
    if (record.fields.length !== expected) {
      const last = record.fields[record.fields.length - 1] as CsvField;
      issues.push({
        line: record.line,
        column:
          record.fields.length > expected
            ? (record.fields[expected] as CsvField).column
            : last.column + last.text.length,
        code: 'field_count',
        params: { expected, actual: record.fields.length },
      });
      continue;
    }
    const field = (column: Column): CsvField =>
      record.fields[index.get(column) as number] as CsvField;
    const report = (
      at: CsvField,
      code: EvaluationCsvIssueCode,
      params: Record<string, string | number> = {},
    ): void => {
      issues.push({ line: at.line, column: at.column, code, params });
    };

    const unitField = field('unit_code');
    const unit = unitField.text.trim();
    if (unit === '') report(unitField, 'empty_unit');

    const yearField = field('year');
    const yearText = yearField.text.trim();
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
    if (year === null) report(yearField, 'invalid_year', { value: yearText });

    const classField = field('class');
    const classText = classField.text.trim();
    let unitClass: string | null = null;
    let classOk = true;
    if (set.classification === 'none') {
      if (classText !== '') {
        report(classField, 'class_not_allowed', { value: classText });
        classOk = false;
      }
    } else if (classText === '') {
      report(classField, 'class_required', { classes: classList });
      classOk = false;
    } else if (!compiled.hasClass(classText)) {
      report(classField, 'unknown_class', { value: classText, classes: classList });
      classOk = false;
    } else unitClass = classText;

    const indicatorField = field('indicator_code');
    const code = indicatorField.text.trim();
    const indicator = code === '' ? undefined : compiled.indicatorByCode.get(code);
    if (code === '') report(indicatorField, 'empty_indicator');
    else if (!indicator) report(indicatorField, 'unknown_indicator', { value: code });

    let entry: EvaluationCsvUnit | undefined;
    if (unit !== '' && year !== null) {
      const key = `${unit}\u0000${year}`;
      entry = units.get(key);
      if (!entry) {
        entry = { unit, class: unitClass, year, values: new Map(), line: record.line };
        units.set(key, entry);
        if (classOk) classLines.set(key, record.line);
      } else if (classOk) {
        const classLine = classLines.get(key);
        if (classLine === undefined) {
          // Earlier rows had an invalid class (already reported): the first valid one decides.
          entry.class = unitClass;
          classLines.set(key, record.line);
        } else if (entry.class !== unitClass) {
          report(classField, 'class_conflict', {
            unit,
            year,
            value: classText,
            previous: entry.class ?? '',
            line: classLine,
          });
          classOk = false;
        }
      }
      if (indicator) {
        const valueKey = `${key}\u0000${code}`;
        const previous = seenValues.get(valueKey);
        if (previous !== undefined) {
          report(indicatorField, 'duplicate_value', {
            unit,
            year,
            indicator: code,
            line: previous,
          });
        } else seenValues.set(valueKey, record.line);
      }
    }

    const valueField = field('value');
    const parsed = parseValueText(valueField.text);
    if (!indicator) continue;
    const type = indicator.type;
    if (parsed.kind === 'ambiguous' && type !== 'boolean') {
      report(valueField, 'ambiguous_number', {
        value: valueField.text.trim(),
        indicator: code,
        first: formatNumber(parsed.candidates[0]),
        second: formatNumber(parsed.candidates[1]),
      });
      continue;
    }
    if (parsed.kind === 'english_notation' && type !== 'boolean') {
      report(valueField, 'english_number', {
        value: valueField.text.trim(),
        indicator: code,
        suggestion: parsed.suggestion,
      });
      continue;
    }
    if (parsed.kind !== 'missing' && parsed.kind !== 'value') {
      report(valueField, type === 'boolean' ? 'not_a_boolean' : 'not_a_number', {
        value: valueField.text.trim(),
        indicator: code,
      });
      continue;
    }
    const value = parsed.kind === 'missing' ? null : parsed.value;
    if (value !== null) {
      const applied =
        classOk && year !== null
          ? (compiled.thresholds(unitClass, year)[indicator.index] ?? null)
          : null;
      const problem = applied
        ? checkValue(type, applied, value)
        : type === 'boolean' && typeof value !== 'boolean'
          ? 'expected_boolean'
          : null;
      if (problem) {
        const codeByProblem = {
          expected_boolean: 'not_a_boolean',
          expected_number: 'not_a_number',
          expected_judgement: 'expected_judgement',
          percent_out_of_range: 'percent_out_of_range',
        } as const;
        report(valueField, codeByProblem[problem], {
          value: valueField.text.trim(),
          indicator: code,
          class: unitClass ?? '',
          year: year ?? '',
        });
        continue;
      }
    }
    entry?.values.set(code, value);
  }
  if (issues.length > 0) return { units: [], issues: sortIssues(issues) };
  return { units: [...units.values()], issues };
}

function sortIssues(issues: EvaluationCsvIssue[]): EvaluationCsvIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}
