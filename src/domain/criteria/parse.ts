import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node as YamlNode, Pair } from 'yaml';
import type { z } from 'zod';
import { mergeExtension } from './extend';
import { setMessage, typeName, typeOf } from './messages';
import type { SetMessageKey } from './messages';
import { toCriteriaSet } from './normalize';
import { criteriaSetExtensionSchema, criteriaSetFileSchema } from './schema';
import type { CriteriaSet, Language } from './types';
import { checkRevocation, validateSetFile } from './validate';
import type { Path, Reporter } from './validate';

/** A problem in a criteria-set file, with its 1-based line and column. */
export interface CriteriaSetIssue {
  file: string;
  line: number;
  column: number;
  /** Where in the document (keys and list indexes). */
  path: (string | number)[];
  message: string;
}

export type ParseCriteriaSetResult =
  { ok: true; set: CriteriaSet } | { ok: false; issues: CriteriaSetIssue[] };

export interface ParseCriteriaSetOptions {
  /** Language of the messages (Vietnamese by default). */
  language?: Language;
  /**
   * Returns the (already resolved) set a file extends, by code. Needed only for files with
   * `extends`; without it, or when it returns undefined, the file is rejected at `extends`.
   */
  resolveParent?: (code: string) => CriteriaSet | undefined;
}

/** `file:line:column: message`, the form editors and terminals understand. */
export function formatCriteriaSetIssue(issue: CriteriaSetIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}

/** Keys whose plain-number scalars are really codes: `code: 8.10` means "8.10", not 8.1. */
const CODE_KEYS = new Set(['code', 'issuer', 'extends']);
const CODE_LISTS = new Set(['classes', 'critical']);

/**
 * Parses, validates and (for `extends`) merges a criteria-set YAML file. Every problem comes back
 * with its line and column; no exception for bad input. Pure: the caller reads the file.
 */
export function parseCriteriaSet(
  text: string,
  fileName: string,
  options: ParseCriteriaSetOptions = {},
): ParseCriteriaSetResult {
  const language = options.language ?? 'vi';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const issues: CriteriaSetIssue[] = [];
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };

  for (const error of doc.errors) {
    const pos = at(error.pos[0]);
    const detail = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';
    issues.push({
      file: fileName,
      ...pos,
      path: [],
      message: setMessage(language, 'yaml_syntax', { detail }),
    });
  }
  if (issues.length > 0) return { ok: false, issues: sortIssues(issues) };
  if (!isMap(doc.contents)) {
    const offset = doc.contents?.range?.[0] ?? 0;
    issues.push({
      file: fileName,
      ...at(offset),
      path: [],
      message: setMessage(language, 'yaml_empty'),
    });
    return { ok: false, issues };
  }

  keepCodesAsText(doc);
  const data: unknown = doc.toJS();
  const seen = new Set<string>();
  const reporter: Reporter = {
    report(path, key, params, target = 'value') {
      const position = positionOf(doc, path, target);
      const issue: CriteriaSetIssue = {
        file: fileName,
        ...at(position),
        path: [...path],
        message: setMessage(language, key, params),
      };
      const id = `${issue.line}:${issue.column}:${issue.message}`;
      if (seen.has(id)) return;
      seen.add(id);
      issues.push(issue);
    },
    line(path) {
      return at(positionOf(doc, path, 'value')).line;
    },
  };

  const raw = data as Record<string, unknown>;
  const extending = typeof raw.extends === 'string' && raw.extends.trim() !== '';

  let set: CriteriaSet;
  if (!extending) {
    const parsed = criteriaSetFileSchema.safeParse(data, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) reportZodIssue(issue, reporter, language);
      return { ok: false, issues: sortIssues(issues) };
    }
    validateSetFile(parsed.data, reporter);
    set = toCriteriaSet(parsed.data);
  } else {
    const parsed = criteriaSetExtensionSchema.safeParse(data, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) reportZodIssue(issue, reporter, language);
      return { ok: false, issues: sortIssues(issues) };
    }
    const extension = parsed.data;
    const parent =
      extension.extends === extension.code ? undefined : options.resolveParent?.(extension.extends);
    if (extension.extends === extension.code) reporter.report(['extends'], 'extends_self');
    else if (!parent) {
      reporter.report(['extends'], 'extends_unresolved', { code: extension.extends });
    }
    if (!parent) return { ok: false, issues: sortIssues(issues) };
    set = mergeExtension(parent, extension, reporter, language);
    checkRevocation(
      extension.revocation ?? null,
      new Set(set.criteria.map((criterion) => criterion.code)),
      reporter,
    );
  }
  if (issues.length > 0) return { ok: false, issues: sortIssues(issues) };
  return { ok: true, set };
}

function sortIssues(issues: CriteriaSetIssue[]): CriteriaSetIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Turns plain numeric scalars under code-like keys back into their source text. */
function keepCodesAsText(doc: Document): void {
  const asText = (node: unknown): void => {
    if (isScalar(node) && typeof node.value === 'number' && node.source !== undefined) {
      node.value = node.source;
    }
  };
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (CODE_KEYS.has(key)) asText(pair.value);
      if (CODE_LISTS.has(key) && isSeq(pair.value)) pair.value.items.forEach(asText);
    },
  });
}

function findPair(node: unknown, key: string | number): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(key));
}

/** Offset in the text of the node at `path`, or of its nearest existing ancestor. */
function positionOf(doc: Document, path: Path, target: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let fallback = doc.contents?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (segment === undefined) break;
    const last = i === path.length - 1;
    if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!item) break;
      node = item;
    } else {
      const pair = findPair(node, segment);
      if (!pair) break;
      const keyNode = pair.key as YamlNode | null;
      const valueNode = pair.value as YamlNode | null;
      if (last && target === 'key') return keyNode?.range?.[0] ?? fallback;
      if (!valueNode || !valueNode.range || (isScalar(valueNode) && valueNode.value === null)) {
        return keyNode?.range?.[0] ?? fallback;
      }
      node = valueNode;
    }
    const range = (node as YamlNode | null)?.range;
    if (range) fallback = range[0];
    if (!isMap(node) && !isSeq(node) && !isPair(node) && !last) {
      // A scalar where the path expects more structure: point at the scalar.
      return fallback;
    }
  }
  return fallback;
}

function reportZodIssue(issue: z.core.$ZodIssue, r: Reporter, language: Language): void {
  const path = issue.path.filter(
    (segment): segment is string | number => typeof segment !== 'symbol',
  );
  const report = (key: SetMessageKey, params?: Record<string, string | number>): void =>
    r.report(path, key, params);
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) r.report([...path, key], 'unknown_key', { key }, 'key');
      return;
    case 'invalid_type': {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined) {
        r.report(path, 'missing_field', { field: String(path[path.length - 1] ?? '') });
        return;
      }
      report('wrong_type', {
        expected: typeName(language, issue.expected),
        received: typeName(language, typeOf(input)),
      });
      return;
    }
    case 'invalid_value':
      report('not_one_of', { options: issue.values.map((v) => String(v)).join(', ') });
      return;
    case 'too_small':
      if (issue.origin === 'string' || issue.origin === 'array') report('empty');
      else report('too_small', { minimum: String(issue.minimum) });
      return;
    case 'too_big':
      report('too_big', { maximum: String(issue.maximum) });
      return;
    case 'invalid_union': {
      const last = path[path.length - 1];
      const parent = path[path.length - 2];
      if (last === 'value') report('number_or_boolean');
      else if (parent === 'byClass') report('threshold_entry');
      else report('invalid');
      return;
    }
    default:
      report('invalid');
  }
}
