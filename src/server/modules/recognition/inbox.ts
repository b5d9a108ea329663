import { recognitionNow } from './clock';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { vietnamDate } from '../../../domain/recognition/calendar';
import { deriveDossierState } from '../../../domain/recognition/state';
import type { DossierAction, ProcedureTemplate } from '../../../domain/recognition/types';
import { systemContext, type RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import { queryRows, type DatabaseHandle, type Executor, type Tx } from '../../db/client';
import { recordAudit } from '../audit/service';
import { roleHoldersOver } from '../accounts/holders';
import { notifyUsers } from '../notifications/service';
import { unitScopeSql } from '../units/access';
import {
  coveredUnitIds,
  findUnitById,
  normaliseUnit,
  unitColumns,
  unitFrom,
  type UnitRecord,
} from '../units/lookup';
import { loadSetById } from '../criteria/sets';
import { evaluationsGeneration } from '../values/changes';
import { storedRevocationVerdicts } from '../values/evaluation';
import type { InboxItem, InboxResponse, KpiResponse } from './api';
import { stepOf, summaryOf, toIso, visitWorkingDays, type DossierRow } from './dossiers';
import { revocationOpenerRoles } from './policy';
import { dossierActions, dossiers, recognitions, revocationAlerts } from './tables';
import { templateForProvince, templateVersion } from './templates';

/**
 * Work queues (what awaits each person, overdue first), the 924 KPIs of dossiers handled online,
 * and the revocation watch: recognised units whose stored data now fall under the revocation rule
 * of the set they were recognised on raise an alert to the province, with the evidence.
 */

async function provinceTemplate(
  executor: Executor,
  cache: Map<string, ProcedureTemplate>,
  row: DossierRow,
): Promise<ProcedureTemplate> {
  const key = `${row.templateCode}@${row.templateVersion}@${row.provinceCode}`;
  let template = cache.get(key);
  if (!template) {
    template = await templateForProvince(
      executor,
      await templateVersion(executor, row.templateCode, row.templateVersion),
      row.provinceCode,
    );
    cache.set(key, template);
  }
  return template;
}

/** Units by id, with the provinces at the top of their paths, in two queries. */
async function unitsWithProvinces(
  executor: Executor,
  ids: readonly number[],
): Promise<Map<number, UnitRecord>> {
  const units = new Map<number, UnitRecord>();
  const load = async (wanted: number[]) => {
    const missing = [...new Set(wanted)].filter((id) => !units.has(id));
    if (missing.length === 0) return;
    const rows = await queryRows<UnitRecord>(
      executor,
      sql`SELECT ${unitColumns} FROM ${unitFrom} WHERE u.id IN (${sql.join(
        missing.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    for (const row of rows) {
      const unit = normaliseUnit(row);
      units.set(unit.id, unit);
    }
  };
  await load([...ids]);
  await load([...units.values()].map((unit) => Number(unit.path.split('.')[0])));
  return units;
}

/** `GET /inbox`: the dossiers whose current step the reader acts on, and revocation alerts. */
export async function inboxOf(
  database: DatabaseHandle,
  context: RequestContext,
): Promise<InboxResponse> {
  const actor = requireActor(context);
  await sweepRevocationAlertsIfChanged(database);
  const executor = database.db;
  // The units each of the reader's assignments covers (cached a minute per unit): the queue is
  // filtered against them here, not by a recursive query per request.
  const covered = new Map<number, ReadonlySet<number>>();
  for (const assignment of actor.assignments) {
    if (assignment.unitId === null || covered.has(assignment.unitId)) continue;
    covered.set(assignment.unitId, await coveredUnitIds(executor, assignment.unitId));
  }
  const national = actor.assignments.some((assignment) => assignment.unitId === null);
  const candidates = await executor
    .select()
    .from(dossiers)
    .where(eq(dossiers.status, 'in_progress'))
    .limit(20000);
  const rows = national
    ? candidates
    : candidates.filter((row) => [...covered.values()].some((set) => set.has(row.unitId)));
  const templates = new Map<string, ProcedureTemplate>();
  const today = vietnamDate(recognitionNow().toISOString());
  const items: InboxItem[] = [];
  // Looked up once for the whole queue (not per dossier): the units with their provinces, the
  // units each of the reader's assignments covers, the sets' codes.
  const units = await unitsWithProvinces(executor, [
    ...rows.map((row) => row.unitId),
    ...actor.assignments.flatMap((assignment) =>
      assignment.unitId === null ? [] : [assignment.unitId],
    ),
  ]);
  const setCodes = new Map<number, string>();
  for (const row of rows) {
    const template = await provinceTemplate(executor, templates, row);
    const step = stepOf(template, row.step);
    if (!step) continue;
    // As `actingRolesOver` (every step's roles are acting roles), from the lookups above.
    const acts = actor.assignments.some((assignment) => {
      if (!step.actor.roles.includes(assignment.role as never)) return false;
      if (assignment.unitId === null) {
        return step.actor.level === 'central' || assignment.role === 'admin';
      }
      return (
        units.get(assignment.unitId)?.level === step.actor.level &&
        covered.get(assignment.unitId)!.has(row.unitId)
      );
    });
    if (!acts) continue;
    let setCode = setCodes.get(row.setId);
    if (setCode === undefined) {
      setCode = (await loadSetById(executor, row.setId)).code;
      setCodes.set(row.setId, setCode);
    }
    const summary = await summaryOf(executor, row, template, setCode, units);
    items.push({
      kind: 'dossier',
      dossier: summary,
      alert: null,
      dueOn: row.dueOn,
      overdue: row.dueOn !== null && row.dueOn < today,
      link: `/ho-so/${row.id}`,
    });
  }
  const alertRows = await executor
    .select({ alert: revocationAlerts, recognition: recognitions })
    .from(revocationAlerts)
    .innerJoin(recognitions, eq(recognitions.id, revocationAlerts.recognitionId))
    .where(
      and(
        eq(revocationAlerts.status, 'open'),
        unitScopeSql(actor, recognitions.unitId, 'write', revocationOpenerRoles),
      ),
    );
  for (const { alert, recognition } of alertRows) {
    const unit = (await findUnitById(executor, recognition.unitId))!;
    const province = await findUnitById(executor, Number(unit.path.split('.')[0]));
    items.push({
      kind: 'revocation_alert',
      dossier: null,
      alert: {
        id: alert.id,
        recognitionId: recognition.id,
        unit: {
          code: unit.code,
          name: unit.name,
          level: unit.level,
          provinceCode: recognition.provinceCode,
          provinceName: province?.name ?? null,
        },
        year: alert.year,
        raisedAt: toIso(alert.raisedAt)!,
        evidence: alert.evidence,
      },
      dueOn: null,
      overdue: false,
      link: `/viec-cua-toi#canh-bao-${alert.id}`,
    });
  }
  items.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.dueOn ?? '9999-12-31').localeCompare(b.dueOn ?? '9999-12-31'),
  );
  return {
    items,
    counts: { total: items.length, overdue: items.filter((item) => item.overdue).length },
  };
}

/** `GET /dossiers/kpis`: dossiers handled online by level, days per step, overdue (924/QĐ-TTg). */
export async function kpisOf(
  executor: Executor,
  context: RequestContext,
  query: { province?: string | undefined; year?: number | undefined },
): Promise<KpiResponse> {
  const actor = requireActor(context);
  const conditions = [unitScopeSql(actor, dossiers.unitId, 'read')];
  if (query.province) conditions.push(eq(dossiers.provinceCode, query.province));
  if (query.year) conditions.push(eq(dossiers.year, query.year));
  const rows = await executor
    .select()
    .from(dossiers)
    .where(and(...conditions));
  const today = vietnamDate(recognitionNow().toISOString());
  const byLevel = new Map<
    'commune' | 'district' | 'province',
    { dossiers: number; completed: number }
  >();
  const steps = new Map<string, { name: string; visits: number; days: number; overdue: number }>();
  const templates = new Map<string, ProcedureTemplate>();
  const actionRows =
    rows.length === 0
      ? []
      : await executor
          .select()
          .from(dossierActions)
          .where(
            inArray(
              dossierActions.dossierId,
              rows.map((row) => row.id),
            ),
          )
          .orderBy(dossierActions.dossierId, dossierActions.seq);
  const logs = new Map<string, DossierAction[]>();
  for (const action of actionRows) {
    const list = logs.get(action.dossierId) ?? [];
    list.push({
      seq: action.seq,
      type: action.type,
      step: action.step,
      at: toIso(action.at)!,
      actor: { userId: action.actorUserId, name: action.actorName, role: action.actorRole },
      reason: action.reason,
      legalBasis: action.legalBasis,
      payload: action.payload,
    } as DossierAction);
    logs.set(action.dossierId, list);
  }
  for (const row of rows) {
    const unit = await findUnitById(executor, row.unitId);
    const level = unit?.level ?? 'commune';
    const entry = byLevel.get(level) ?? { dossiers: 0, completed: 0 };
    entry.dossiers++;
    if (row.status !== 'in_progress') entry.completed++;
    byLevel.set(level, entry);
    const template = await provinceTemplate(executor, templates, row);
    const log = logs.get(row.id) ?? [];
    if (log.length === 0) continue;
    const state = deriveDossierState(log, () => template);
    for (const visit of state.visits) {
      const step = stepOf(template, visit.step);
      const stat = steps.get(visit.step) ?? {
        name: step?.name ?? visit.step,
        visits: 0,
        days: 0,
        overdue: 0,
      };
      stat.visits++;
      stat.days += visitWorkingDays(visit.enteredAt, visit.leftAt);
      steps.set(visit.step, stat);
    }
    if (row.status === 'in_progress' && row.dueOn !== null && row.dueOn < today) {
      const stat = steps.get(row.step);
      if (stat) stat.overdue++;
    }
  }
  const recognisedConditions = [
    unitScopeSql(actor, recognitions.unitId, 'read'),
    isNull(recognitions.revokedOn),
  ];
  if (query.province) recognisedConditions.push(eq(recognitions.provinceCode, query.province));
  if (query.year) recognisedConditions.push(eq(recognitions.year, query.year));
  const [recognised] = await executor
    .select({ count: sql<number>`count(*)::int` })
    .from(recognitions)
    .where(and(...recognisedConditions));
  return {
    scope: query.province ?? 'all',
    year: query.year ?? null,
    online: (['commune', 'district', 'province'] as const).map((level) => ({
      level,
      dossiers: byLevel.get(level)?.dossiers ?? 0,
      completed: byLevel.get(level)?.completed ?? 0,
    })),
    steps: [...steps.entries()].map(([step, stat]) => ({
      step,
      stepName: stat.name,
      visits: stat.visits,
      averageWorkingDays: stat.visits > 0 ? Math.round((stat.days / stat.visits) * 10) / 10 : null,
      overdue: stat.overdue,
    })),
    openDossiers: rows.filter((row) => row.status === 'in_progress').length,
    overdueDossiers: rows.filter(
      (row) => row.status === 'in_progress' && row.dueOn !== null && row.dueOn < today,
    ).length,
    recognised: Number(recognised?.count ?? 0),
  };
}

// --- Revocation watch ----------------------------------------------------------------------------

/**
 * Raises an alert for every recognition in force whose stored evaluation (of the set it was
 * recognised on, any year since) says `revoke` — missing data is never failure (`undetermined`
 * raises nothing) — and marks alerts whose data recovered. Returns what changed.
 */
export async function sweepRevocationAlerts(
  tx: Tx,
): Promise<{ raised: number; recovered: number }> {
  const active = await tx
    .select()
    .from(recognitions)
    .where(isNull(recognitions.revokedByDecisionId));
  let raised = 0;
  let recovered = 0;
  for (const recognition of active) {
    const verdicts = await storedRevocationVerdicts(
      tx,
      recognition.unitId,
      recognition.setId,
      recognition.year,
    );
    const failing = verdicts.filter((verdict) => verdict.revocation?.revoke === true).at(-1);
    const [open] = await tx
      .select()
      .from(revocationAlerts)
      .where(
        and(
          eq(revocationAlerts.recognitionId, recognition.id),
          eq(revocationAlerts.status, 'open'),
        ),
      );
    if (failing && !open) {
      const [alert] = await tx
        .insert(revocationAlerts)
        .values({
          recognitionId: recognition.id,
          provinceCode: recognition.provinceCode,
          year: failing.year,
          evidence: { year: failing.year, computedAt: failing.computedAt, ...failing.revocation },
        })
        .returning();
      raised++;
      await recordAudit(tx, systemContext('revocation-watch'), {
        action: 'recognition.revocation_alert.raise',
        entityType: 'recognition',
        entityId: String(recognition.id),
        provinceCode: recognition.provinceCode,
        after: { alertId: alert!.id, year: failing.year, verdict: failing.revocation },
      });
      const unit = await findUnitById(tx, recognition.unitId);
      const holders = await roleHoldersOver(tx, recognition.unitId, revocationOpenerRoles);
      await notifyUsers(
        tx,
        holders.map((holder) => holder.userId),
        {
          kind: 'recognition.revocation_alert',
          params: { unit: unit?.name ?? '', year: failing.year },
          link: '/viec-cua-toi',
        },
      );
    } else if (!failing && open) {
      await tx
        .update(revocationAlerts)
        .set({ status: 'recovered', closedAt: recognitionNow() })
        .where(eq(revocationAlerts.id, open.id));
      recovered++;
      await recordAudit(tx, systemContext('revocation-watch'), {
        action: 'recognition.revocation_alert.recover',
        entityType: 'recognition',
        entityId: String(recognition.id),
        provinceCode: recognition.provinceCode,
        after: { alertId: open.id },
      });
    }
  }
  return { raised, recovered };
}

const swept = new WeakMap<DatabaseHandle, { generation: number; at: number }>();

/** How often at most the watch runs on reads (it runs in the reader's request). */
export const SWEEP_INTERVAL_MS = 10_000;

/**
 * Sweeps once the stored evaluations changed in this process since the last sweep, at most every
 * `SWEEP_INTERVAL_MS` (a busy day of saves does not turn every inbox read into a sweep).
 */
export async function sweepRevocationAlertsIfChanged(database: DatabaseHandle): Promise<void> {
  const generation = evaluationsGeneration();
  const last = swept.get(database);
  if (last && (last.generation === generation || Date.now() - last.at < SWEEP_INTERVAL_MS)) return;
  swept.set(database, { generation, at: Date.now() });
  await database.db.transaction((tx) => sweepRevocationAlerts(tx));
}
