import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { parseDocument } from 'yaml';
import {
  classLabel,
  className,
  compileCriteriaSet,
  evaluateUnit,
  formatCriteriaSetIssue,
  formatIndicatorReason,
  formatRevocation,
  parseCriteriaSet,
  parseEvaluationCsv,
} from '../../domain/criteria';
import type {
  CompiledCriteriaSet,
  CriteriaSet,
  CriteriaSetIssue,
  EvaluationCsvIssue,
  UnitResult,
} from '../../domain/criteria';
import type { CliContext } from '../context';
import type { CliMessageKey } from '../i18n';

/** The criteria sets shipped with the product. */
export const SHIPPED_SETS_DIR = fileURLToPath(new URL('../../../data/criteria/', import.meta.url));

const SET_CODE = /^[a-z0-9][a-z0-9.-]*$/;

interface EvaluateOptions {
  set?: string;
  values?: string;
  format?: string;
}

/** Output streams and working directory (replaceable in tests). */
export interface EvaluateIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

const defaultIo = (): EvaluateIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});

/**
 * `ntm evaluate --set FILE_OR_CODE --values FILE.csv [--format json|table]`: evaluates a
 * spreadsheet offline (no server, no database). Bad input: every problem on stderr with its line
 * and column, no result, exit code 2.
 */
export function registerEvaluateCommand(program: Command, context: CliContext): void {
  const { t } = context;
  program
    .command('evaluate')
    .description(t('evaluate.description'))
    .option('--set <fileOrCode>', t('evaluate.option.set'))
    .option('--values <file>', t('evaluate.option.values'))
    .option('--format <format>', t('evaluate.option.format'), 'json')
    .action((options: EvaluateOptions) => {
      process.exitCode = runEvaluate(options, context);
    });
}

/** Runs the command; returns the exit code (0, or 2 for bad input). */
export function runEvaluate(
  options: EvaluateOptions,
  context: CliContext,
  io: EvaluateIo = defaultIo(),
): number {
  const { t } = context;
  const fail = (lines: string[]): number => {
    io.stderr(`${lines.join('\n')}\n`);
    return 2;
  };
  const usage: string[] = [];
  if (!options.set)
    usage.push(`ntm evaluate: ${t('evaluate.error.option_required', { option: '--set' })}`);
  if (!options.values) {
    usage.push(`ntm evaluate: ${t('evaluate.error.option_required', { option: '--values' })}`);
  }
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'table') {
    usage.push(`ntm evaluate: ${t('evaluate.error.bad_format', { format })}`);
  }
  if (usage.length > 0 || !options.set || !options.values) return fail(usage);

  const loaded = loadSet(options.set, context, io.cwd);
  if (!loaded.ok) return fail(loaded.lines);

  let text: string;
  const valuesPath = path.resolve(io.cwd, options.values);
  try {
    text = fs.readFileSync(valuesPath, 'utf8');
  } catch (error) {
    return fail([
      `ntm evaluate: ${t('evaluate.error.read_values', { file: options.values, reason: errorReason(error) })}`,
    ]);
  }
  const compiled = compileCriteriaSet(loaded.set);
  const parsed = parseEvaluationCsv(text, compiled);
  if (parsed.issues.length > 0) {
    return fail([
      ...parsed.issues.map(
        (issue) => `${options.values}:${issue.line}:${issue.column}: ${csvMessage(issue, context)}`,
      ),
      t('evaluate.error.summary', { count: parsed.issues.length }),
    ]);
  }
  const results = parsed.units.map((unit) => evaluateUnit(compiled, unit));
  io.stdout(
    format === 'json' ? toJson(compiled, results, context) : toTable(compiled, results, context),
  );
  return 0;
}

function errorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

function csvMessage(issue: EvaluationCsvIssue, context: CliContext): string {
  return context.t(`evaluate.error.${issue.code}` as CliMessageKey, issue.params);
}

type LoadResult = { ok: true; set: CriteriaSet } | { ok: false; lines: string[] };

/** Codes of the YAML sets in a directory → their files (read lazily, once). */
function catalog(directory: string): Map<string, string> {
  const found = new Map<string, string>();
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch {
    return found;
  }
  for (const name of names.sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    const file = path.join(directory, name);
    try {
      const code: unknown = parseDocument(fs.readFileSync(file, 'utf8')).get('code');
      if ((typeof code === 'string' || typeof code === 'number') && !found.has(String(code))) {
        found.set(String(code), file);
      }
    } catch {
      // Not a readable set: ignored here; reported if it is the one asked for.
    }
  }
  return found;
}

/**
 * Loads `--set`: a YAML file (relative to the working directory), or the code of a shipped set.
 * `extends` is resolved by code among the files beside the set, then the shipped sets.
 */
function loadSet(reference: string, context: CliContext, cwd: string): LoadResult {
  const { t, language } = context;
  const candidate = path.resolve(cwd, reference);
  const isFile = fs.existsSync(candidate) && fs.statSync(candidate).isFile();
  const directories = [...(isFile ? [path.dirname(candidate)] : []), SHIPPED_SETS_DIR];
  const known = new Map<string, string>();
  for (const directory of directories) {
    for (const [code, file] of catalog(directory)) if (!known.has(code)) known.set(code, file);
  }
  let file: string | undefined = isFile ? candidate : undefined;
  if (!file && SET_CODE.test(reference)) file = known.get(reference);
  if (!file) {
    return {
      ok: false,
      lines: [
        `ntm evaluate: ${t('evaluate.error.unknown_set', {
          set: reference,
          available: [...catalog(SHIPPED_SETS_DIR).keys()].join(', '),
        })}`,
      ],
    };
  }

  const issues: CriteriaSetIssue[] = [];
  const cache = new Map<string, CriteriaSet | null>();
  const display = (absolute: string): string => {
    const relative = path.relative(cwd, absolute);
    return relative.startsWith('..') ? absolute : relative;
  };
  const parseFile = (absolute: string, chain: string[]): CriteriaSet | undefined => {
    let text: string;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch (error) {
      issues.push({
        file: display(absolute),
        line: 1,
        column: 1,
        path: [],
        message: t('evaluate.error.read_set', { reason: errorReason(error) }),
      });
      return undefined;
    }
    const result = parseCriteriaSet(text, display(absolute), {
      language,
      resolveParent: (code) => {
        if (chain.includes(code)) return undefined; // a cycle: reported as an unresolved parent
        if (cache.has(code)) return cache.get(code) ?? undefined;
        const parentFile = known.get(code);
        const parent = parentFile ? parseFile(parentFile, [...chain, code]) : undefined;
        cache.set(code, parent ?? null);
        return parent;
      },
    });
    if (!result.ok) {
      issues.push(...result.issues);
      return undefined;
    }
    return result.set;
  };
  const set = parseFile(file, []);
  if (!set) return { ok: false, lines: issues.map(formatCriteriaSetIssue) };
  return { ok: true, set };
}

/** Rounds a share for display in JSON (the verdict itself is computed exactly). */
const round3 = (value: number): number => Math.round(value * 1000) / 1000;

function toJson(compiled: CompiledCriteriaSet, results: UnitResult[], context: CliContext): string {
  const output = {
    set: compiled.set.code,
    results: results.map((result) => ({
      unit: result.unit,
      year: result.year,
      class: result.class,
      status: result.status,
      outcome: result.outcome,
      criteriaMet: result.criteriaMet,
      criteriaNotMet: result.criteriaNotMet,
      criteriaIncomplete: result.criteriaIncomplete,
      criteriaTotal: result.criteriaTotal,
      criteria: result.criteria.map((criterion) => ({
        code: criterion.code,
        met: criterion.met,
        status: criterion.status,
        indicators: criterion.indicators.map((item) => ({
          code: item.code,
          status: item.status,
          value: item.value,
          threshold: item.threshold,
          op: item.op,
          verified: item.verified,
          reason: formatIndicatorReason(compiled, item, result, context.language),
        })),
      })),
      missing: result.missing,
      revocation: result.revocation && {
        revoke: result.revocation.revoke,
        outcome: result.revocation.outcome,
        failingShare: round3(result.revocation.failingShare),
        criteriaNotMet: result.revocation.criteriaNotMet,
        criteriaIncomplete: result.revocation.criteriaIncomplete,
        criticalFailing: result.revocation.criticalFailing,
        rule: result.revocation.rule,
        possibleRule: result.revocation.possibleRule,
        verified: result.revocation.verified,
      },
    })),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}

/** Pads to a display width (Vietnamese text in NFC: one code point per letter). */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

function toTable(
  compiled: CompiledCriteriaSet,
  results: UnitResult[],
  context: CliContext,
): string {
  const { t, language } = context;
  const set = compiled.set;
  const lines: string[] = [t('evaluate.table.set', { code: set.code, name: set.name })];
  lines.push(t('evaluate.table.basis', { basis: set.basis }), '');
  if (results.length === 0) return `${[...lines, t('evaluate.table.empty')].join('\n')}\n`;

  // Missing data is not failure: "Chưa đủ số liệu" when no criterion really fails.
  const statusText = (outcome: UnitResult['outcome']) =>
    outcome === 'met'
      ? t('evaluate.table.status.met')
      : outcome === 'incomplete'
        ? t('evaluate.table.status.incomplete')
        : t('evaluate.table.status.notMet');
  const header = [
    t('evaluate.table.header.unit'),
    t('evaluate.table.header.year'),
    t('evaluate.table.header.class'),
    t('evaluate.table.header.status'),
    t('evaluate.table.header.criteria'),
    t('evaluate.table.header.missing'),
    t('evaluate.table.header.revocation'),
  ];
  const rows = results.map((result) => [
    result.unit,
    String(result.year),
    result.class === null ? '—' : classLabel(set, result.class),
    statusText(result.outcome),
    `${result.criteriaMet}/${result.criteriaTotal}`,
    String(result.missing.length),
    result.revocation === null
      ? '—'
      : result.revocation.revoke
        ? t('evaluate.table.revoke.yes')
        : result.revocation.outcome === 'undetermined'
          ? t('evaluate.table.revoke.undetermined')
          : t('evaluate.table.revoke.no'),
  ]);
  const widths = header.map((title, column) =>
    Math.max([...title].length, ...rows.map((row) => [...(row[column] ?? '')].length)),
  );
  const render = (cells: string[]) =>
    cells
      .map((cell, column) => pad(cell, widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  lines.push(render(header), render(widths.map((width) => '─'.repeat(width))));
  for (const row of rows) lines.push(render(row));

  let unverified = false;
  for (const result of results) {
    const where =
      result.class === null
        ? ''
        : `, ${className(set.classification, classLabel(set, result.class), language)}`;
    lines.push(
      '',
      t('evaluate.table.unitHeading', {
        unit: result.unit,
        year: result.year,
        class: where,
        status: statusText(result.outcome),
        met: result.criteriaMet,
        total: result.criteriaTotal,
      }),
    );
    for (const criterion of result.criteria) {
      if (criterion.met) continue;
      const name = set.criteria.find((c) => c.code === criterion.code)?.name ?? '';
      lines.push(`  ${criterion.status === 'not_met' ? '✗' : '○'} ${criterion.code} ${name}`);
      for (const item of criterion.indicators) {
        if (item.status === 'met') continue;
        if (!item.verified) unverified = true;
        lines.push(
          `      ${item.code}: ${formatIndicatorReason(compiled, item, result, language)}`,
        );
      }
    }
    if (result.missing.length > 0) {
      lines.push(`  ${t('evaluate.table.missing', { codes: result.missing.join(', ') })}`);
    }
    if (result.revocation) lines.push(`  ${formatRevocation(set, result.revocation, language)}`);
  }
  if (unverified) lines.push('', t('evaluate.table.unverifiedNote'));
  // Computed is not recognised: "đạt chuẩn" is a recognition decision (18/2022/QĐ-TTg).
  lines.push('', t('evaluate.table.computedNote', { total: compiled.criteria.length }));
  return `${lines.join('\n')}\n`;
}
