import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { parseCriteriaSet } from '../../../domain/criteria/parse';
import type { CriteriaSetIssue } from '../../../domain/criteria/parse';
import type { CriteriaSet, Language } from '../../../domain/criteria/types';
import type { Executor } from '../../db/client';
import { translate, type MessageParams } from '../../i18n';
import { displayDate, todayInVietnam } from '../units/model';
import { findUnitVersions } from '../units/service';
import { criteriaSets } from './tables';

/** The text as stored and hashed: no byte-order mark, `\n` line endings. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** SHA-256 (hex) of the normalised text. */
export function contentHashOf(text: string): string {
  return createHash('sha256').update(normaliseText(text), 'utf8').digest('hex');
}

/** A code for the next version of a set: `x` → `x-v2`, `x-v2` → `x-v3`. */
export function nextVersionCode(code: string): string {
  const match = /^(.*)-v(\d+)$/.exec(code);
  if (match) return `${match[1]}-v${Number(match[2]) + 1}`;
  return `${code}-v2`;
}

/** The first code after `code` (by `nextVersionCode`) that no set uses yet. */
export async function suggestNewCode(executor: Executor, code: string): Promise<string> {
  let candidate = nextVersionCode(code);
  for (let i = 0; i < 50; i++) {
    const taken = await executor
      .select({ id: criteriaSets.id })
      .from(criteriaSets)
      .where(eq(criteriaSets.code, candidate));
    if (taken.length === 0) return candidate;
    candidate = nextVersionCode(candidate);
  }
  return candidate;
}

/** What the YAML says at the top level, read leniently (the real validation is the domain's). */
interface Peek {
  code: string | null;
  issuer: string | null;
  extends: string | null;
  validFrom: string | null;
  position(key: string): { line: number; column: number };
}

function peek(text: string): Peek {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const root = doc.errors.length === 0 && isMap(doc.contents) ? doc.contents : null;
  const pairOf = (key: string) =>
    root?.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
  const textOf = (key: string): string | null => {
    const value = pairOf(key)?.value;
    if (!isScalar(value)) return null;
    const raw = value.source ?? value.value;
    return typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : null;
  };
  return {
    code: textOf('code'),
    issuer: textOf('issuer'),
    extends: textOf('extends'),
    validFrom: textOf('validFrom'),
    position(key) {
      const pair = pairOf(key);
      const node = (pair?.value ?? pair?.key) as YamlNode | null | undefined;
      const offset = node?.range?.[0] ?? 0;
      const pos = lineCounter.linePos(offset);
      return { line: pos.line, column: pos.col };
    },
  };
}

/** The set being saved: a new one, or the draft `code` (whose code must not change). */
export type SaveTarget = { kind: 'new' } | { kind: 'draft'; code: string };

export interface CheckOptions {
  /** File name in issues (`file:line:column`); the API leaves it out. */
  fileName: string;
  language: Language;
  target: SaveTarget;
}

export interface CheckedSet {
  set: CriteriaSet;
  /** Id of the published set it extends. */
  parentId: number | null;
  /** Id of the published version it amends (`amendment.amends`). */
  amendsId: number | null;
  /** The issuing province's name at the set's start (null for central sets). */
  issuerName: string | null;
}

export type CheckResult =
  { ok: true; checked: CheckedSet } | { ok: false; issues: CriteriaSetIssue[] };

/**
 * Everything that makes a text a set that may be saved here, each problem with its line and
 * column: the domain's parse and validation (format, classes, thresholds, and for `extends` the
 * merge with the parent and the refusal of any loosening), then what only the database knows —
 * the parent is a published set of the centre or of the same province, the issuing province
 * exists, the code is free (or is the draft being edited).
 */
export async function checkSetText(
  executor: Executor,
  text: string,
  options: CheckOptions,
): Promise<CheckResult> {
  const { language, fileName, target } = options;
  const source = normaliseText(text);
  const head = peek(source);
  const issues: CriteriaSetIssue[] = [];
  const issue = (key: string, messageKey: string, params: MessageParams = {}): void => {
    issues.push({
      file: fileName,
      ...head.position(key),
      path: [key],
      message: translate(language, `errors.criteria.issue.${messageKey}`, params),
    });
  };

  let parentRow: typeof criteriaSets.$inferSelect | undefined;
  if (head.extends) {
    [parentRow] = await executor
      .select()
      .from(criteriaSets)
      .where(eq(criteriaSets.code, head.extends));
  }
  const publishedParent = parentRow?.status === 'published' ? parentRow : undefined;

  const parsed = parseCriteriaSet(source, fileName, {
    language,
    resolveParent: (code) =>
      publishedParent && code === publishedParent.code ? publishedParent.definition : undefined,
  });
  if (!parsed.ok) {
    for (const found of parsed.issues) {
      // A draft parent exists but may not be extended: say so rather than "not found".
      const atExtends = found.path.length === 1 && found.path[0] === 'extends';
      if (atExtends && parentRow && parentRow.status !== 'published') {
        issue('extends', 'parent_draft', { code: parentRow.code });
      } else issues.push(found);
    }
  }

  // The parent: the centre's, or the same province's.
  const issuer = parsed.ok ? parsed.set.issuer : head.issuer;
  if (publishedParent && issuer && publishedParent.issuer !== 'central') {
    if (publishedParent.issuer !== issuer) {
      issue('extends', 'parent_issuer', {
        code: publishedParent.code,
        issuer: publishedParent.issuerName ?? publishedParent.issuer,
      });
    }
  }

  // The issuing province exists (under this code, at some date).
  let issuerName: string | null = null;
  if (issuer && /^\d{2}$/.test(issuer)) {
    const provinces = (await findUnitVersions(executor, issuer)).filter(
      (unit) => unit.level === 'province',
    );
    if (provinces.length === 0) issue('issuer', 'unknown_province', { code: issuer });
    else {
      const from = (parsed.ok ? parsed.set.validFrom : head.validFrom) ?? '';
      const atStart = provinces.find(
        (unit) => unit.validFrom <= from && (unit.validTo === null || unit.validTo >= from),
      );
      issuerName = (atStart ?? provinces[provinces.length - 1]!).name;
    }
  }

  // The code: free for a new set, unchanged for a draft.
  const code = parsed.ok ? parsed.set.code : head.code;
  if (code) {
    if (target.kind === 'draft' && code !== target.code) {
      issue('code', 'code_changed', { code: target.code, sent: code });
    } else if (target.kind === 'new') {
      const [existing] = await executor
        .select({
          status: criteriaSets.status,
          publishedAt: criteriaSets.publishedAt,
        })
        .from(criteriaSets)
        .where(eq(criteriaSets.code, code));
      if (existing?.status === 'published') {
        issue('code', 'published', {
          code,
          date: existing.publishedAt ? displayDate(todayInVietnam(existing.publishedAt)) : '',
          suggestion: await suggestNewCode(executor, code),
        });
      } else if (existing) {
        issue('code', 'draft_exists', { code });
      }
    }
  }

  // An amendment: a new version of a published set of the same issuer, level and kind, applying
  // from a date inside the amended version's period.
  let amendsId: number | null = null;
  const amendment = parsed.ok ? parsed.set.amendment : undefined;
  if (parsed.ok && amendment && amendment.amends !== parsed.set.code) {
    const [amended] = await executor
      .select()
      .from(criteriaSets)
      .where(eq(criteriaSets.code, amendment.amends));
    const set = parsed.set;
    if (!amended || amended.status !== 'published') {
      issue('amendment', 'amends_unknown', { code: amendment.amends });
    } else if (
      amended.issuer !== set.issuer ||
      amended.level !== set.level ||
      amended.kind !== set.kind
    ) {
      issue('amendment', 'amends_other', { code: amended.code });
    } else if (set.validFrom <= amended.validFrom || set.validFrom > amended.validTo) {
      issue('amendment', 'amends_period', {
        code: amended.code,
        from: displayDate(amended.validFrom),
        to: displayDate(amended.validTo),
        start: displayDate(set.validFrom),
      });
    } else amendsId = amended.id;
  }

  if (!parsed.ok || issues.length > 0) {
    return {
      ok: false,
      issues: issues.sort((a, b) => a.line - b.line || a.column - b.column),
    };
  }
  return {
    ok: true,
    checked: { set: parsed.set, parentId: publishedParent?.id ?? null, amendsId, issuerName },
  };
}
