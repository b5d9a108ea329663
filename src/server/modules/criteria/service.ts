import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { diffCriteriaSets } from '../../../domain/criteria/diff';
import type { CriteriaSetIssue } from '../../../domain/criteria/parse';
import { isIsoDate } from '../../../domain/criteria/validate';
import { resolveThreshold, ruleYears } from '../../../domain/criteria/thresholds';
import type { CriteriaSet, Indicator, Language, Rule } from '../../../domain/criteria/types';
import type { Executor, Tx } from '../../db/client';
import { AppError } from '../../errors';
import { translate } from '../../i18n';
import type { RequestContext } from '../../auth/actor';
import { recordAudit } from '../audit/service';
import { displayDate, todayInVietnam } from '../units/model';
import type {
  AmendCriteriaSetInput,
  CreateCriteriaSetInput,
  CriteriaSetDiffView,
  CriteriaSetDetail,
  CriteriaSetIssueView,
  CriteriaSetSourceView,
  CriteriaSetSummary,
  ListCriteriaSetsQuery,
  ListCriteriaSetsResponse,
  ThresholdView,
  UpdateCriteriaSetInput,
  ValidateCriteriaSetResponse,
} from './api';
import {
  checkSetText,
  contentHashOf,
  normaliseText,
  suggestNewCode,
  type CheckedSet,
  type SaveTarget,
} from './check';
import { canSeeDrafts, requireCriteriaEditor } from './policy';
import { criteriaCriteria, criteriaIndicators, criteriaRules, criteriaSets } from './tables';

type SetRow = typeof criteriaSets.$inferSelect;

/** A text refused with every problem at its line and column (HTTP 422; the CLI exits 2). */
export class CriteriaSetInvalid extends AppError {
  constructor(readonly issues: CriteriaSetIssue[]) {
    super('criteria.invalid', 422, { count: issues.length });
  }
}

/** Issues as the API shows them: line, column, message, path (no file name). */
export function issueViews(issues: readonly CriteriaSetIssue[]): CriteriaSetIssueView[] {
  return issues.map(({ line, column, message, path }) => ({ line, column, message, path }));
}

// --- Reading ------------------------------------------------------------------------------------

/** Every threshold of a rule, one per class (or every class) and year (or every year). */
export function ruleThresholds(rule: Rule | null | undefined): ThresholdView[] {
  if (!rule) return [];
  if (rule.value !== undefined) return [{ class: null, year: null, value: rule.value }];
  const rows: ThresholdView[] = [];
  for (const [classKey, entry] of Object.entries(rule.byClass ?? {})) {
    if (typeof entry === 'number') {
      rows.push({ class: classKey, year: null, value: entry });
      continue;
    }
    const years = Object.keys(entry).sort();
    for (const year of years)
      rows.push({ class: classKey, year: Number(year), value: entry[year]! });
  }
  return rows;
}

/**
 * True when some threshold of the indicator is not confirmed by an official text: the indicator
 * is unverified, or some class (or year) has no threshold and is judged yes/no instead.
 */
export function hasUnverifiedThreshold(indicator: Indicator, set: CriteriaSet): boolean {
  if (!indicator.verified) return true;
  if (indicator.noThreshold !== 'judgement') return false;
  const classes: Array<string | null> =
    set.classification === 'none' || set.classes.length === 0 ? [null] : set.classes;
  const years = ruleYears(indicator.rule);
  return classes.some((classKey) =>
    (years.length > 0 ? years : [0]).some(
      (year) => !resolveThreshold(indicator.rule, classKey, year).found,
    ),
  );
}

function countsOf(set: CriteriaSet) {
  const indicators = set.criteria.flatMap((criterion) => criterion.indicators);
  return {
    criteriaCount: set.criteria.length,
    indicatorCount: indicators.length,
    unverifiedCount: indicators.filter((indicator) => hasUnverifiedThreshold(indicator, set))
      .length,
  };
}

const parentSet = alias(criteriaSets, 'parent_set');
const baseSet = alias(criteriaSets, 'base_set');

const summaryColumns = {
  row: criteriaSets,
  extendsCode: parentSet.code,
  basedOnCode: baseSet.code,
  criteriaCount:
    sql<number>`(SELECT count(*) FROM criteria_criterion c WHERE c.set_id = ${criteriaSets.id})`.mapWith(
      Number,
    ),
  indicatorCount:
    sql<number>`(SELECT count(*) FROM criteria_indicator i WHERE i.set_id = ${criteriaSets.id})`.mapWith(
      Number,
    ),
};

interface SummaryRow {
  row: SetRow;
  extendsCode: string | null;
  basedOnCode: string | null;
  criteriaCount: number;
  indicatorCount: number;
}

function toSummary(found: SummaryRow): CriteriaSetSummary {
  const { row } = found;
  return {
    code: row.code,
    name: row.name,
    issuer: row.issuer,
    issuerName: row.issuerName,
    basis: row.basis,
    level: row.level as CriteriaSetSummary['level'],
    kind: row.kind as CriteriaSetSummary['kind'],
    validFrom: row.validFrom,
    validTo: row.validTo,
    classification: row.classification as CriteriaSetSummary['classification'],
    classes: row.classes,
    extends: found.extendsCode,
    status: row.status as CriteriaSetSummary['status'],
    version: row.version,
    contentHash: row.contentHash,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    criteriaCount: found.criteriaCount,
    indicatorCount: found.indicatorCount,
    unverifiedCount: countsOf(row.definition).unverifiedCount,
  };
}

function toDetail(found: SummaryRow): CriteriaSetDetail {
  const { row } = found;
  const set = row.definition;
  const revocation = set.revocation;
  return {
    ...toSummary(found),
    classInfo: set.classInfo,
    notes: set.notes,
    revocation: revocation && {
      basis: revocation.basis ?? null,
      verified: revocation.verified,
      notMetShare: revocation.notMetShare,
      criticalNotMetShare: revocation.criticalNotMetShare,
      revokedSubunitsShare: revocation.revokedSubunitsShare ?? null,
      critical: revocation.critical,
    },
    basedOn: found.basedOnCode,
    amendment: set.amendment ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedBy: row.publishedByName,
    criteria: set.criteria.map((criterion) => ({
      code: criterion.code,
      name: criterion.name,
      group: criterion.group ?? null,
      note: criterion.note ?? null,
      indicators: criterion.indicators.map((indicator) => ({
        code: indicator.code,
        name: indicator.name,
        type: indicator.type,
        unit: indicator.unit ?? null,
        rule: indicator.rule,
        thresholds: ruleThresholds(indicator.rule),
        noThreshold: indicator.noThreshold,
        verified: indicator.verified,
        source: indicator.source ?? null,
        note: indicator.note ?? null,
        origin: indicator.origin ?? null,
      })),
    })),
  };
}

function summaryQuery(executor: Executor) {
  return executor
    .select(summaryColumns)
    .from(criteriaSets)
    .leftJoin(parentSet, eq(parentSet.id, criteriaSets.extendsId))
    .leftJoin(baseSet, eq(baseSet.id, criteriaSets.basedOnId));
}

async function findSummary(executor: Executor, code: string): Promise<SummaryRow | undefined> {
  const [found] = await summaryQuery(executor).where(eq(criteriaSets.code, code));
  return found;
}

/** The set `code` as the reader may see it (a draft only for editors), or 404. */
async function visibleSet(
  executor: Executor,
  context: RequestContext,
  code: string,
): Promise<SummaryRow> {
  const found = await findSummary(executor, code);
  if (!found || (found.row.status !== 'published' && !canSeeDrafts(context))) {
    throw new AppError('criteria.not_found', 404, { code });
  }
  return found;
}

/** Published sets (and drafts, for editors): the centre's first, newest first, paged. */
export async function listCriteriaSets(
  executor: Executor,
  context: RequestContext,
  query: ListCriteriaSetsQuery,
): Promise<ListCriteriaSetsResponse> {
  const conditions: SQL[] = [];
  if (!canSeeDrafts(context)) conditions.push(eq(criteriaSets.status, 'published'));
  if (query.status) conditions.push(eq(criteriaSets.status, query.status));
  if (query.level) conditions.push(eq(criteriaSets.level, query.level));
  if (query.issuer) conditions.push(eq(criteriaSets.issuer, query.issuer));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const rows = await summaryQuery(executor)
    .where(where)
    .orderBy(
      sql`(${criteriaSets.issuer} <> 'central')`,
      asc(criteriaSets.issuer),
      desc(criteriaSets.validFrom),
      asc(criteriaSets.level),
      asc(criteriaSets.code),
    )
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await executor.select({ total: count() }).from(criteriaSets).where(where);
  return { items: rows.map(toSummary), total: Number(total?.total ?? 0) };
}

/** A set with its criteria, indicators and thresholds (drafts: editors only). */
export async function getCriteriaSet(
  executor: Executor,
  context: RequestContext,
  code: string,
): Promise<CriteriaSetDetail> {
  return toDetail(await visibleSet(executor, context, code));
}

/** The YAML a set was written in (drafts: editors only). */
export async function getCriteriaSetSource(
  executor: Executor,
  context: RequestContext,
  code: string,
): Promise<CriteriaSetSourceView> {
  const { row } = await visibleSet(executor, context, code);
  return {
    code: row.code,
    status: row.status as CriteriaSetSourceView['status'],
    version: row.version,
    contentHash: row.contentHash,
    yaml: row.sourceYaml,
  };
}

/** The published set `code` as the domain model (for evaluation by other modules), or null. */
export async function findPublishedSet(
  executor: Executor,
  code: string,
): Promise<CriteriaSet | null> {
  const [row] = await executor
    .select({ definition: criteriaSets.definition })
    .from(criteriaSets)
    .where(and(eq(criteriaSets.code, code), eq(criteriaSets.status, 'published')));
  return row?.definition ?? null;
}

// --- Writing ------------------------------------------------------------------------------------

/** Inserts the criteria, indicators and thresholds of a set (in order). */
async function insertParts(tx: Tx, setId: number, set: CriteriaSet): Promise<void> {
  const criterionRows = await tx
    .insert(criteriaCriteria)
    .values(
      set.criteria.map((criterion, position) => ({
        setId,
        code: criterion.code,
        name: criterion.name,
        groupName: criterion.group ?? null,
        note: criterion.note ?? null,
        position,
      })),
    )
    .returning({ id: criteriaCriteria.id, code: criteriaCriteria.code });
  const criterionId = new Map(criterionRows.map((row) => [row.code, row.id]));
  const indicators = set.criteria.flatMap((criterion) =>
    criterion.indicators.map((indicator) => ({ criterion: criterion.code, indicator })),
  );
  const indicatorRows = await tx
    .insert(criteriaIndicators)
    .values(
      indicators.map(({ criterion, indicator }, position) => ({
        setId,
        criterionId: criterionId.get(criterion)!,
        code: indicator.code,
        name: indicator.name,
        type: indicator.type,
        unit: indicator.unit ?? null,
        rule: indicator.rule,
        noThreshold: indicator.noThreshold,
        verified: indicator.verified,
        source: indicator.source ?? null,
        note: indicator.note ?? null,
        origin: indicator.origin ?? null,
        position,
      })),
    )
    .returning({ id: criteriaIndicators.id, code: criteriaIndicators.code });
  const indicatorId = new Map(indicatorRows.map((row) => [row.code, row.id]));
  const ruleRows = indicators.flatMap(({ indicator }) =>
    ruleThresholds(indicator.rule).map((threshold) => ({
      setId,
      indicatorId: indicatorId.get(indicator.code)!,
      op: indicator.rule!.op,
      classKey: threshold.class,
      year: threshold.year,
      valueNumber: typeof threshold.value === 'number' ? threshold.value : null,
      valueBoolean: typeof threshold.value === 'boolean' ? threshold.value : null,
    })),
  );
  if (ruleRows.length > 0) await tx.insert(criteriaRules).values(ruleRows);
}

function setColumns(checked: CheckedSet, source: string) {
  const { set } = checked;
  return {
    code: set.code,
    name: set.name,
    issuer: set.issuer,
    issuerName: checked.issuerName,
    basis: set.basis,
    level: set.level,
    kind: set.kind,
    validFrom: set.validFrom,
    validTo: set.validTo,
    classification: set.classification,
    classes: set.classes,
    extendsId: checked.parentId,
    sourceYaml: source,
    contentHash: contentHashOf(source),
    definition: set,
  };
}

/** What the audit log keeps of a set: identity, status, version and content hash. */
function auditView(row: SetRow) {
  return {
    code: row.code,
    name: row.name,
    issuer: row.issuer,
    status: row.status,
    version: row.version,
    contentHash: row.contentHash,
    validFrom: row.validFrom,
    validTo: row.validTo,
  };
}

const provinceOf = (row: SetRow): string | null => (row.issuer === 'central' ? null : row.issuer);

async function checkOrThrow(
  tx: Executor,
  text: string,
  target: SaveTarget,
  language: Language,
  fileName: string,
): Promise<CheckedSet> {
  const result = await checkSetText(tx, text, { fileName, language, target });
  if (!result.ok) throw new CriteriaSetInvalid(result.issues);
  return result.checked;
}

async function insertDraft(
  tx: Tx,
  context: RequestContext,
  checked: CheckedSet,
  source: string,
  basedOnId: number | null,
): Promise<SetRow> {
  const [row] = await tx
    .insert(criteriaSets)
    .values({
      ...setColumns(checked, source),
      basedOnId,
      status: 'draft',
      createdBy: context.actor?.userId ?? null,
      updatedBy: context.actor?.userId ?? null,
    })
    .returning();
  await insertParts(tx, row!.id, checked.set);
  await recordAudit(tx, context, {
    action: 'criteria_set.create',
    entityType: 'criteria_set',
    entityId: row!.code,
    provinceCode: provinceOf(row!),
    after: auditView(row!),
    details: { extends: checked.set.extends, basedOnId, amendment: checked.set.amendment ?? null },
  });
  return row!;
}

/** Refuses any change to a published set, naming a code for the new version. */
async function refusePublished(executor: Executor, row: SetRow): Promise<never> {
  throw new AppError('criteria.published_immutable', 409, {
    code: row.code,
    date: row.publishedAt ? displayDate(todayInVietnam(row.publishedAt)) : '',
    suggestion: await suggestNewCode(executor, row.code),
  });
}

async function replaceDraft(
  tx: Tx,
  context: RequestContext,
  row: SetRow,
  checked: CheckedSet,
  source: string,
  version: number,
): Promise<SetRow> {
  if (row.status === 'published') return refusePublished(tx, row);
  if (row.version !== version) {
    throw new AppError('criteria.version_conflict', 409, {
      code: row.code,
      current: row.version,
      sent: version,
    });
  }
  const [updated] = await tx
    .update(criteriaSets)
    .set({
      ...setColumns(checked, source),
      updatedAt: new Date(),
      updatedBy: context.actor?.userId ?? null,
      version: row.version + 1,
    })
    .where(
      and(
        eq(criteriaSets.id, row.id),
        eq(criteriaSets.version, version),
        eq(criteriaSets.status, 'draft'),
      ),
    )
    .returning();
  if (!updated) {
    const [current] = await tx.select().from(criteriaSets).where(eq(criteriaSets.id, row.id));
    if (current?.status === 'published') return refusePublished(tx, current);
    throw new AppError('criteria.version_conflict', 409, {
      code: row.code,
      current: current?.version ?? '?',
      sent: version,
    });
  }
  await tx.delete(criteriaCriteria).where(eq(criteriaCriteria.setId, row.id));
  await insertParts(tx, row.id, checked.set);
  await recordAudit(tx, context, {
    action: 'criteria_set.update',
    entityType: 'criteria_set',
    entityId: row.code,
    provinceCode: provinceOf(updated),
    before: auditView(row),
    after: auditView(updated),
  });
  return updated;
}

async function publishRow(
  tx: Tx,
  context: RequestContext,
  row: SetRow,
  version: number,
  publishedByName: string,
): Promise<SetRow> {
  if (row.status === 'published') return refusePublished(tx, row);
  if (row.version !== version) {
    throw new AppError('criteria.version_conflict', 409, {
      code: row.code,
      current: row.version,
      sent: version,
    });
  }
  const now = new Date();
  const [published] = await tx
    .update(criteriaSets)
    .set({
      status: 'published',
      publishedAt: now,
      publishedBy: context.actor?.userId ?? null,
      publishedByName,
      updatedAt: now,
      updatedBy: context.actor?.userId ?? null,
      version: row.version + 1,
    })
    .where(
      and(
        eq(criteriaSets.id, row.id),
        eq(criteriaSets.version, version),
        eq(criteriaSets.status, 'draft'),
      ),
    )
    .returning();
  if (!published) {
    throw new AppError('criteria.version_conflict', 409, {
      code: row.code,
      current: '?',
      sent: version,
    });
  }
  await recordAudit(tx, context, {
    action: 'criteria_set.publish',
    entityType: 'criteria_set',
    entityId: row.code,
    provinceCode: provinceOf(published),
    before: auditView(row),
    after: auditView(published),
  });
  return published;
}

async function setRow(executor: Executor, code: string): Promise<SetRow | undefined> {
  const [row] = await executor.select().from(criteriaSets).where(eq(criteriaSets.code, code));
  return row;
}

async function detailOf(executor: Executor, code: string): Promise<CriteriaSetDetail> {
  const found = await findSummary(executor, code);
  if (!found) throw new AppError('criteria.not_found', 404, { code });
  return toDetail(found);
}

/** An administrator drafts a set from YAML (e.g. a new version started from a published one). */
export async function createCriteriaSet(
  tx: Tx,
  context: RequestContext,
  input: CreateCriteriaSetInput,
  language: Language = 'vi',
): Promise<CriteriaSetDetail> {
  requireCriteriaEditor(context);
  let basedOnId: number | null = null;
  if (input.basedOn) {
    const base = await setRow(tx, input.basedOn);
    if (!base) throw new AppError('criteria.not_found', 404, { code: input.basedOn });
    basedOnId = base.id;
  }
  const source = normaliseText(input.yaml);
  const checked = await checkOrThrow(tx, source, { kind: 'new' }, language, 'yaml');
  // An amendment starts from the version it amends.
  const row = await insertDraft(tx, context, checked, source, basedOnId ?? checked.amendsId);
  return detailOf(tx, row.code);
}

const TOP_LEVEL = (key: string) => new RegExp(`^${key}:[^\\n]*$`, 'm');

/**
 * The text of the amended version, derived from the published version's YAML: a new code, the
 * amendment (decision, date, version amended), the legal basis naming the amendment, and
 * `validFrom` the amendment's date; everything else (criteria, thresholds, comments) as it was,
 * for the administrator to change where the decision changes it. Null when the text does not
 * have the plain top-level lines this needs.
 */
export function amendedText(
  base: { code: string; basis: string; yaml: string },
  amendment: { decision: string; date: string; code: string },
  language: Language = 'vi',
): string | null {
  let text = normaliseText(base.yaml);
  const basis = translate(language, 'criteria.amendment.basis', {
    basis: base.basis,
    decision: amendment.decision,
    date: displayDate(amendment.date),
  });
  // A continued (folded) value would leave its next lines behind: only single-line values.
  const single = (key: string) => {
    const match = TOP_LEVEL(key).exec(text);
    if (!match) return null;
    const next = text.slice(match.index + match[0].length + 1).split('\n', 1)[0] ?? '';
    return /^\s+\S/.test(next) ? null : match;
  };
  const code = single('code');
  const basisLine = single('basis');
  if (!code || !basisLine) return null;
  text = text.replace(TOP_LEVEL('code'), `code: ${amendment.code}`);
  text = text.replace(TOP_LEVEL('basis'), `basis: ${JSON.stringify(basis)}`);
  if (single('validFrom'))
    text = text.replace(TOP_LEVEL('validFrom'), `validFrom: ${amendment.date}`);
  else if (TOP_LEVEL('validFrom').test(text)) return null;
  else text = text.replace(TOP_LEVEL('basis'), (line) => `${line}\nvalidFrom: ${amendment.date}`);
  if (TOP_LEVEL('amendment').test(text)) return null;
  const block =
    `amendment:\n  decision: ${JSON.stringify(amendment.decision)}\n` +
    `  date: ${amendment.date}\n  amends: ${base.code}\n`;
  const criteria = /^criteria:/m.exec(text);
  if (criteria) return text.slice(0, criteria.index) + block + text.slice(criteria.index);
  return `${text.replace(/\n*$/, '\n')}${block}`;
}

/**
 * An administrator enters an amending decision (e.g. 211/QĐ-TTg of 01/03/2024) for a published
 * set: a new draft version under a new code, valid from the decision's date, recording the
 * decision and the version it amends; the published version is never changed (refused, 409).
 * The draft is then edited (the decision's changes) and published like any other.
 */
export async function amendCriteriaSet(
  tx: Tx,
  context: RequestContext,
  code: string,
  input: AmendCriteriaSetInput,
  language: Language = 'vi',
): Promise<CriteriaSetDetail> {
  requireCriteriaEditor(context);
  const base = await setRow(tx, code);
  if (!base) throw new AppError('criteria.not_found', 404, { code });
  if (base.status !== 'published') throw new AppError('criteria.amend_draft', 409, { code });
  const newCode = input.code ?? (await suggestNewCode(tx, code));
  if (newCode === base.code) {
    throw new AppError('criteria.amendment_in_place', 409, {
      code,
      decision: input.decision,
      suggestion: await suggestNewCode(tx, code),
    });
  }
  if (!isIsoDate(input.date) || input.date <= base.validFrom || input.date > base.validTo) {
    throw new AppError('criteria.amendment_date', 422, {
      code,
      date: isIsoDate(input.date) ? displayDate(input.date) : input.date,
      from: displayDate(base.validFrom),
      to: displayDate(base.validTo),
    });
  }
  const text = amendedText(
    { code: base.code, basis: base.basis, yaml: base.sourceYaml },
    { decision: input.decision, date: input.date, code: newCode },
    language,
  );
  if (!text) throw new AppError('criteria.amendment_unreadable', 422, { code });
  const checked = await checkOrThrow(tx, text, { kind: 'new' }, language, 'yaml');
  const row = await insertDraft(tx, context, checked, text, base.id);
  return detailOf(tx, row.code);
}

/**
 * What changed from one version to another: `withCode` (default: the version this one amends or
 * was started from) → `code`. Drafts only for editors.
 */
export async function diffCriteriaSetVersions(
  executor: Executor,
  context: RequestContext,
  code: string,
  withCode: string | undefined,
  language: Language = 'vi',
): Promise<CriteriaSetDiffView> {
  const current = await visibleSet(executor, context, code);
  const otherCode =
    withCode ?? current.row.definition.amendment?.amends ?? current.basedOnCode ?? undefined;
  if (!otherCode) throw new AppError('criteria.diff_no_base', 404, { code });
  const other = await visibleSet(executor, context, otherCode);
  return diffCriteriaSets(other.row.definition, current.row.definition, language);
}

/** An administrator saves a draft; `version` must be the one read (409 otherwise). */
export async function updateCriteriaSet(
  tx: Tx,
  context: RequestContext,
  code: string,
  input: UpdateCriteriaSetInput,
  language: Language = 'vi',
): Promise<CriteriaSetDetail> {
  requireCriteriaEditor(context);
  const row = await setRow(tx, code);
  if (!row) throw new AppError('criteria.not_found', 404, { code });
  if (row.status === 'published') return refusePublished(tx, row);
  const source = normaliseText(input.yaml);
  const checked = await checkOrThrow(tx, source, { kind: 'draft', code }, language, 'yaml');
  await replaceDraft(tx, context, row, checked, source, input.version);
  return detailOf(tx, code);
}

/** An administrator publishes a draft: from now on it never changes. */
export async function publishCriteriaSet(
  tx: Tx,
  context: RequestContext,
  code: string,
  input: { version: number },
): Promise<CriteriaSetDetail> {
  const actor = requireCriteriaEditor(context);
  const row = await setRow(tx, code);
  if (!row) throw new AppError('criteria.not_found', 404, { code });
  await publishRow(tx, context, row, input.version, actor.username);
  return detailOf(tx, code);
}

/**
 * Dry run: would saving this YAML as set `code` work? `code` is the draft being edited, or the set
 * the new text starts from (then the text must carry a new code). Nothing is written.
 */
export async function validateCriteriaSet(
  executor: Executor,
  context: RequestContext,
  code: string,
  yaml: string,
  language: Language = 'vi',
): Promise<ValidateCriteriaSetResponse> {
  requireCriteriaEditor(context);
  const row = await setRow(executor, code);
  const target: SaveTarget = row?.status === 'draft' ? { kind: 'draft', code } : { kind: 'new' };
  const result = await checkSetText(executor, yaml, { fileName: 'yaml', language, target });
  if (!result.ok) return { valid: false, errors: issueViews(result.issues), summary: null };
  const { set } = result.checked;
  return {
    valid: true,
    errors: [],
    summary: { code: set.code, name: set.name, extends: set.extends, ...countsOf(set) },
  };
}

// --- Operators' loads (CLI, seed) ---------------------------------------------------------------

/**
 * `kept`: the set is already published with another text, and the caller asked to keep it (the
 * seed: a database that published an earlier text of a shipped file keeps what it published).
 */
export type LoadAction = 'created' | 'updated' | 'unchanged' | 'kept';

export interface LoadOutcome {
  code: string;
  action: LoadAction;
  published: boolean;
  status: 'draft' | 'published';
  criteriaCount: number;
  indicatorCount: number;
  unverifiedCount: number;
}

export interface LoadOptions {
  text: string;
  fileName: string;
  publish: boolean;
  language?: Language;
  /** Recorded as the publisher: `cli`, `seed`. */
  by: string;
  /**
   * A published set with the same code and another text: kept as published (action `kept`)
   * instead of refused. Published sets never change; a new text is a new version with a new code.
   */
  keepPublished?: boolean;
}

/**
 * Loads a set file as an operator (no policy: whoever runs the command on the server): a new set
 * becomes a draft (published with `publish`); an existing draft is replaced; a published set with
 * the same text is left as it is; a published set with another text is refused.
 */
export async function loadCriteriaSetText(
  tx: Tx,
  context: RequestContext,
  options: LoadOptions,
): Promise<LoadOutcome> {
  const language = options.language ?? 'vi';
  const source = normaliseText(options.text);
  const hash = contentHashOf(source);
  // The code, leniently: to know whether this is a new set, a draft, or a published one.
  const probe = await checkSetText(tx, source, {
    fileName: options.fileName,
    language,
    target: { kind: 'new' },
  });
  const code = probe.ok ? probe.checked.set.code : /^code:\s*['"]?([^'"\s#]+)/m.exec(source)?.[1];
  const existing = code ? await setRow(tx, code) : undefined;

  let row: SetRow;
  let action: LoadAction;
  if (!existing) {
    if (!probe.ok) throw new CriteriaSetInvalid(probe.issues);
    row = await insertDraft(tx, context, probe.checked, source, null);
    action = 'created';
  } else if (existing.status === 'published') {
    if (existing.contentHash !== hash && !options.keepPublished) {
      return refusePublished(tx, existing);
    }
    row = existing;
    action = existing.contentHash === hash ? 'unchanged' : 'kept';
  } else if (existing.contentHash === hash) {
    row = existing;
    action = 'unchanged';
  } else {
    const checked = await checkOrThrow(
      tx,
      source,
      { kind: 'draft', code: existing.code },
      language,
      options.fileName,
    );
    row = await replaceDraft(tx, context, existing, checked, source, existing.version);
    action = 'updated';
  }
  let published = false;
  if (options.publish && row.status === 'draft') {
    row = await publishRow(tx, context, row, row.version, options.by);
    published = true;
  }
  return {
    code: row.code,
    action,
    published,
    status: row.status as LoadOutcome['status'],
    ...countsOf(row.definition),
  };
}
