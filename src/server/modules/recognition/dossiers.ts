import { recognitionNow } from './clock';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { vietnamDate, workingDaysBetween } from '../../../domain/recognition/calendar';
import {
  checkAction,
  isOverdue,
  nextStep,
  postingEndsOn,
  stepDue,
  stepOf,
} from '../../../domain/recognition/check';
import { deriveDossierState } from '../../../domain/recognition/state';
import type {
  ActionActor,
  ActionFacts,
  ActionType,
  DossierAction,
  DossierFlag,
  DossierKind,
  DossierState,
  ProcedureTemplate,
  Refusal,
} from '../../../domain/recognition/types';
import type { RequestContext } from '../../auth/actor';
import type { Executor, Tx } from '../../db/client';
import { AppError } from '../../errors';
import { translate, type Language } from '../../i18n';
import { recordAudit } from '../audit/service';
import { loadSetById, type SetInfo } from '../criteria/sets';
import { findUnitById, findUnitVersions, type UnitRecord } from '../units/lookup';
import { readUnitData } from '../values/service';
import type { DossierDetail, DossierSummary } from './api';
import { actingRolesOver } from './policy';
import { dossierActions, dossiers, dossierSnapshots } from './tables';
import { templateForProvince, templateVersion, workingCalendar } from './templates';

/**
 * The dossier as a case: its row (the log's state, kept for lists and queues), its append-only
 * action log, and its frozen self-assessments. Everything that changes a dossier goes through
 * `appendAction` in the caller's transaction, after the row was locked and its version checked.
 */

export type DossierRow = typeof dossiers.$inferSelect;

/** Set level and kind of the criteria set a dossier of `kind` is judged on. */
export const setOfKind: Record<
  DossierKind,
  { level: 'commune' | 'district' | 'province'; kind: 'standard' | 'advanced' | 'model' }
> = {
  commune_ntm: { level: 'commune', kind: 'standard' },
  commune_advanced: { level: 'commune', kind: 'advanced' },
  commune_model: { level: 'commune', kind: 'model' },
  district_ntm: { level: 'district', kind: 'standard' },
  district_advanced: { level: 'district', kind: 'advanced' },
  district_town: { level: 'district', kind: 'standard' },
  province_completed: { level: 'province', kind: 'standard' },
};

export function toIso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (typeof value === 'string' ? new Date(value) : value).toISOString();
}

export async function loadDossierRow(
  executor: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<DossierRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id))
    throw new AppError('recognition.dossier_not_found', 404, { id });
  const query = executor.select().from(dossiers).where(eq(dossiers.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw new AppError('recognition.dossier_not_found', 404, { id });
  return row;
}

export async function loadActions(executor: Executor, dossierId: string): Promise<DossierAction[]> {
  const rows = await executor
    .select()
    .from(dossierActions)
    .where(eq(dossierActions.dossierId, dossierId))
    .orderBy(asc(dossierActions.seq));
  return rows.map(
    (row) =>
      ({
        seq: row.seq,
        type: row.type as ActionType,
        step: row.step,
        at: toIso(row.at)!,
        actor: { userId: row.actorUserId, name: row.actorName, role: row.actorRole },
        reason: row.reason,
        legalBasis: row.legalBasis,
        payload: row.payload,
      }) as DossierAction,
  );
}

/** The dossier's template (with the province's durations) and its state derived from the log. */
export async function dossierState(
  executor: Executor,
  row: DossierRow,
  actions?: DossierAction[],
): Promise<{ state: DossierState; template: ProcedureTemplate; actions: DossierAction[] }> {
  const log = actions ?? (await loadActions(executor, row.id));
  const templates = new Map<string, ProcedureTemplate>();
  for (const action of log) {
    if (action.type === 'open') {
      const { templateCode, templateVersion: version } = action.payload;
      templates.set(
        `${templateCode}@${version}`,
        await templateVersion(executor, templateCode, version),
      );
    } else if (action.type === 'reroute') {
      const { toTemplate, toTemplateVersion } = action.payload;
      templates.set(
        `${toTemplate}@${toTemplateVersion}`,
        await templateVersion(executor, toTemplate, toTemplateVersion),
      );
    }
  }
  const state = deriveDossierState(log, (code, version) => {
    const template = templates.get(`${code}@${version}`);
    if (!template) throw new AppError('recognition.template_missing', 500, { code, version });
    return template;
  });
  const template = await templateForProvince(
    executor,
    templates.get(`${state.templateCode}@${state.templateVersion}`)!,
    row.provinceCode,
  );
  return { state, template, actions: log };
}

export interface SnapshotData {
  data: Awaited<ReturnType<typeof readUnitData>>;
  allCriteriaMet: boolean | null;
}

/** The unit's self-assessment as it stands: values, evidence, evaluation. */
export async function takeSnapshot(
  executor: Executor,
  unitCode: string,
  set: SetInfo,
  year: number,
): Promise<SnapshotData> {
  const data = await readUnitData(executor, unitCode, set.code, year);
  const outcome = data.evaluation.outcome;
  return {
    data,
    allCriteriaMet: outcome === 'met' ? true : outcome === 'not_met' ? false : null,
  };
}

export async function storeSnapshot(
  tx: Tx,
  dossierId: string,
  actionSeq: number,
  snapshot: SnapshotData,
): Promise<void> {
  await tx.insert(dossierSnapshots).values({
    dossierId,
    actionSeq,
    data: snapshot.data,
    allCriteriaMet: snapshot.allCriteriaMet,
  });
}

export async function latestSnapshot(executor: Executor, dossierId: string) {
  const [row] = await executor
    .select()
    .from(dossierSnapshots)
    .where(eq(dossierSnapshots.dossierId, dossierId))
    .orderBy(desc(dossierSnapshots.actionSeq))
    .limit(1);
  return row ?? null;
}

/** Who acts, as the log records it: the name and the role they act in. */
export function actionActor(context: RequestContext, role: string): ActionActor {
  return {
    userId: context.actor?.userId ?? null,
    name: context.actor?.displayName ?? context.requestId ?? 'Hệ thống',
    role,
  };
}

/** The flags of the row: the log's, plus the frozen evaluation's and the clock's. */
export function flagsOf(
  purpose: string,
  state: DossierState,
  template: ProcedureTemplate,
  allCriteriaMet: boolean | null,
  today: string,
): DossierFlag[] {
  const flags = new Set<DossierFlag>(state.flags);
  if (allCriteriaMet === false && purpose === 'recognition') flags.add('criteria_not_met');
  if (state.status === 'in_progress' && isOverdue(state, template, workingCalendar(), today)) {
    flags.add('overdue');
  }
  if (state.status === 'in_progress' && template.validTo !== null && template.validTo < today) {
    flags.add('needs_reroute');
  }
  return [...flags];
}

/**
 * Appends one action to the log, derives the new state and rewrites the row's state columns
 * (version + 1). The caller has locked the row, checked the version and the action.
 */
export async function appendAction(
  tx: Tx,
  row: DossierRow,
  previous: DossierAction[],
  action: Omit<DossierAction, 'seq' | 'at'> & { at?: string },
): Promise<{ seq: number; state: DossierState; template: ProcedureTemplate }> {
  const seq = (previous.at(-1)?.seq ?? 0) + 1;
  const at = action.at ?? recognitionNow().toISOString();
  await tx.insert(dossierActions).values({
    dossierId: row.id,
    seq,
    type: action.type,
    step: action.step,
    at: new Date(at),
    actorUserId: action.actor.userId,
    actorName: action.actor.name,
    actorRole: action.actor.role,
    reason: action.reason,
    legalBasis: action.legalBasis,
    payload: action.payload as Record<string, unknown>,
  });
  const log = [...previous, { ...action, seq, at } as DossierAction];
  const { state, template } = await dossierState(tx, row, log);
  await writeRowState(tx, row, state, template);
  return { seq, state, template };
}

async function writeRowState(
  tx: Tx,
  row: DossierRow,
  state: DossierState,
  template: ProcedureTemplate,
): Promise<void> {
  const snapshot = await latestSnapshot(tx, row.id);
  const today = vietnamDate(recognitionNow().toISOString());
  const step = stepOf(template, state.step);
  const posting = step?.features.includes('public_posting') && state.status === 'in_progress';
  const due = state.status === 'in_progress' ? stepDue(state, template, workingCalendar()) : null;
  const closed = state.status !== 'in_progress';
  await tx
    .update(dossiers)
    .set({
      status: state.status,
      step: state.step,
      stepEnteredAt: new Date(state.stepEnteredAt),
      templateCode: state.templateCode,
      templateVersion: state.templateVersion,
      dueOn: due,
      flags: flagsOf(row.purpose, state, template, snapshot?.allCriteriaMet ?? null, today),
      ...(posting
        ? {
            postedFrom: new Date(state.stepEnteredAt),
            postedUntil: postingEndsOn(state, template, workingCalendar()),
          }
        : {}),
      closedAt: closed ? (row.closedAt ?? recognitionNow()) : null,
      version: sql`${dossiers.version} + 1`,
      updatedAt: recognitionNow(),
    })
    .where(eq(dossiers.id, row.id));
}

/** The facts an action check needs, gathered for the actor and the dossier. */
export async function factsFor(
  executor: Executor,
  context: RequestContext,
  row: DossierRow,
  state: DossierState,
  template: ProcedureTemplate,
  type: ActionType,
): Promise<ActionFacts> {
  const step = stepOf(template, state.step);
  const oversight = type === 'reroute' || type === 'raise_flag' || type === 'clear_flag';
  const roles = oversight
    ? [
        ...(await actingRolesOver(executor, context, row.unitId, 'province')),
        ...(await actingRolesOver(executor, context, row.unitId, 'central')),
      ]
    : step
      ? await actingRolesOver(executor, context, row.unitId, step.actor.level)
      : [];
  const snapshot = await latestSnapshot(executor, row.id);
  const set = await loadSetById(executor, row.setId);
  return {
    actorRoles: [...new Set(roles)],
    now: recognitionNow().toISOString(),
    allCriteriaMet: snapshot?.allCriteriaMet ?? null,
    criteria: set.definition.criteria.map((criterion) => criterion.code),
  };
}

/** The action check of the domain, as an error: 422 with every reason, in the reader's language. */
export function refusalError(refusals: Refusal[], language: Language): AppError {
  const readable = refusals.map((refusal) => ({
    ...refusal,
    params: readableParams(refusal.params, language),
  }));
  const [first] = readable;
  return new AppError(first!.code as never, 422, first!.params).withBody({
    refusals: readable.map((refusal) => ({
      code: refusal.code,
      message: translate(language, `errors.${refusal.code}`, refusal.params),
    })),
  });
}

/** Role codes in a refusal ("commune, province") read as the roles' names in the language. */
function readableParams(
  params: Record<string, string | number>,
  language: Language,
): Record<string, string | number> {
  if (typeof params.roles !== 'string') return params;
  const roles = params.roles
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean)
    .map((role) => translate(language, `roles.${role}`));
  return { ...params, roles: roles.join(', ') };
}

export function checkOrThrow(input: Parameters<typeof checkAction>[0], language: Language): void {
  const refusals = checkAction(input);
  if (refusals.length > 0) throw refusalError(refusals, language);
}

export { nextStep, stepOf };

// --- Views ---------------------------------------------------------------------------------------

/** Units by id, looked up once for a list (with their provinces, the tops of their paths). */
export type UnitsById = ReadonlyMap<number, UnitRecord>;

async function unitOf(executor: Executor, unitId: number, known?: UnitsById) {
  const unit = known?.get(unitId) ?? (await findUnitById(executor, unitId))!;
  const topId = Number(unit.path.split('.')[0]);
  const province =
    topId === unit.id ? unit : (known?.get(topId) ?? (await findUnitById(executor, topId)));
  return {
    code: unit.code,
    name: unit.name,
    level: unit.level,
    provinceCode: province?.code ?? unit.code,
    provinceName: province?.name ?? null,
  };
}

export async function summaryOf(
  executor: Executor,
  row: DossierRow,
  template: ProcedureTemplate,
  setCode?: string,
  units?: UnitsById,
): Promise<DossierSummary> {
  const today = vietnamDate(recognitionNow().toISOString());
  const step = stepOf(template, row.step);
  const flags = new Set<DossierFlag>(row.flags);
  const overdue = row.status === 'in_progress' && row.dueOn !== null && row.dueOn < today;
  if (overdue) flags.add('overdue');
  return {
    id: row.id,
    reference: row.reference,
    purpose: row.purpose as 'recognition' | 'revocation',
    kind: row.kind as DossierKind,
    unit: await unitOf(executor, row.unitId, units),
    year: row.year,
    setCode: setCode ?? (await loadSetById(executor, row.setId)).code,
    status: row.status as DossierSummary['status'],
    step: row.step,
    stepName: step?.name ?? row.step,
    stepEnteredAt: toIso(row.stepEnteredAt)!,
    dueOn: row.dueOn,
    overdue,
    flags: [...flags],
    openedAt: toIso(row.openedAt)!,
    updatedAt: toIso(row.updatedAt)!,
    version: row.version,
  };
}

export function templateView(template: ProcedureTemplate): DossierDetail['template'] {
  return {
    code: template.code,
    version: template.version,
    name: template.name,
    purpose: template.purpose,
    kinds: template.kinds,
    validFrom: template.validFrom,
    validTo: template.validTo,
    legalBasis: template.legalBasis,
    verified: template.verified,
    note: template.note ?? null,
    steps: template.steps.map((step) => ({
      code: step.code,
      name: step.name,
      actorRoles: step.actor.roles,
      actorLevel: step.actor.level,
      duration: step.duration
        ? {
            amount: step.duration.amount,
            unit: step.duration.unit,
            verified: step.duration.verified,
          }
        : null,
      documents: step.documents.map((document) => ({
        code: document.code,
        name: document.name,
        required: document.required,
        verified: document.verified,
      })),
      features: step.features,
      conditions: step.conditions,
      canReturn: step.canReturn,
      canRefuse: step.canRefuse,
    })),
  };
}

/** Working days a visit lasted (to now for the current one). */
export function visitWorkingDays(enteredAt: string, leftAt: string | null): number {
  const from = vietnamDate(enteredAt);
  const to = vietnamDate(leftAt ?? recognitionNow().toISOString());
  return Math.max(0, workingDaysBetween(from, to, workingCalendar()));
}

/** Dossier ids and rows in the actor's read scope, filtered (for lists, inbox and KPIs). */
export async function dossierRowsInScope(
  executor: Executor,
  scopeSql: ReturnType<typeof sql>,
  filters: {
    province?: string;
    unitCode?: string;
    status?: string;
    purpose?: string;
    year?: number;
    limit: number;
    offset: number;
  },
): Promise<{ rows: DossierRow[]; total: number }> {
  const conditions = [scopeSql];
  if (filters.province) conditions.push(sql`${dossiers.provinceCode} = ${filters.province}`);
  if (filters.status) conditions.push(sql`${dossiers.status} = ${filters.status}`);
  if (filters.purpose) conditions.push(sql`${dossiers.purpose} = ${filters.purpose}`);
  if (filters.year) conditions.push(sql`${dossiers.year} = ${filters.year}`);
  if (filters.unitCode) {
    const units = await findUnitVersions(executor, filters.unitCode);
    conditions.push(
      units.length === 0
        ? sql`false`
        : sql`${dossiers.unitId} IN (${sql.join(
            units.map((unit) => sql`${Number(unit.id)}`),
            sql`, `,
          )})`,
    );
  }
  const where = and(...conditions);
  const [{ total } = { total: 0 }] = await executor
    .select({ total: sql<number>`count(*)::int` })
    .from(dossiers)
    .where(where);
  const rows = await executor
    .select()
    .from(dossiers)
    .where(where)
    .orderBy(sql`${dossiers.dueOn} ASC NULLS LAST`, desc(dossiers.updatedAt))
    .limit(filters.limit)
    .offset(filters.offset);
  return { rows, total: Number(total) };
}

export async function auditDossier(
  tx: Tx,
  context: RequestContext,
  row: DossierRow,
  action: string,
  before: unknown,
  after: unknown,
  details?: unknown,
): Promise<void> {
  await recordAudit(tx, context, {
    action: `recognition.${action}`,
    entityType: 'dossier',
    entityId: row.id,
    provinceCode: row.provinceCode,
    before,
    after,
    details: { reference: row.reference, ...(details as object) },
  });
}
