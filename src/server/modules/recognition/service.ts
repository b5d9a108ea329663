import { recognitionNow } from './clock';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { vietnamDate } from '../../../domain/recognition/calendar';
import type {
  ActionPayloads,
  ActionType,
  DossierAction,
  DossierKind,
  DossierState,
  ProcedureTemplate,
} from '../../../domain/recognition/types';
import type { RequestContext } from '../../auth/actor';
import { requireActor } from '../../auth/policy';
import type { Executor, Tx } from '../../db/client';
import { AppError } from '../../errors';
import type { FileStore } from '../../files/store';
import { translate, type Language } from '../../i18n';
import { centralSetFor, loadPublishedSet, loadSetById, type SetInfo } from '../criteria/sets';
import { provinceCodeOfUnit, unitScopeSql } from '../units/access';
import { findUnitById, getUnit } from '../units/lookup';
import { todayInVietnam } from '../units/model';
import { readUnitData } from '../values/service';
import type { ActionBody, DossierDetail, OpenDossierBody, dossierListQuery } from './api';
import {
  actionActor,
  appendAction,
  auditDossier,
  checkOrThrow,
  dossierRowsInScope,
  dossierState,
  factsFor,
  latestSnapshot,
  loadDossierRow,
  nextStep,
  setOfKind,
  stepOf,
  storeSnapshot,
  summaryOf,
  takeSnapshot,
  templateView,
  toIso,
  visitWorkingDays,
  type DossierRow,
  type SnapshotData,
} from './dossiers';
import { commentsOf, documentsOf } from './documents';
import { decisionOfDossier, publishDecision, recordDecision } from './decisions';
import { notifyStepActors } from './notify';
import { actingRolesOver, canModerateComments, canOpenRevocation, canReadDossier } from './policy';
import { dossiers, recognitions, revocationAlerts } from './tables';
import { templateOnDate, templateVersion, workingCalendar } from './templates';
import type { z } from 'zod';

/**
 * Dossiers: opening one (frozen self-assessment), acting on it (every action checked by the
 * domain's rules, one transaction, version-checked, audited, the next actors notified), reading
 * it with what the reader may do, and lists in the reader's scope.
 */

const levelOfKind: Record<DossierKind, 'commune' | 'district' | 'province'> = {
  commune_ntm: 'commune',
  commune_advanced: 'commune',
  commune_model: 'commune',
  district_ntm: 'district',
  district_advanced: 'district',
  district_town: 'district',
  province_completed: 'province',
};

async function nextReference(tx: Tx, provinceCode: string, year: number): Promise<string> {
  // One number series per province and year; the lock serialises two openings in one province.
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(hashtext(${`dossier:${provinceCode}:${year}`}))`,
  );
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(dossiers)
    .where(and(eq(dossiers.provinceCode, provinceCode), eq(dossiers.year, year)));
  const number = Number(row?.count ?? 0) + 1;
  return `HS-${year}-${provinceCode}-${String(number).padStart(4, '0')}`;
}

/** `POST /dossiers`: the applicant opens a recognition dossier; its self-assessment is frozen. */
export async function openDossier(
  tx: Tx,
  context: RequestContext,
  body: OpenDossierBody,
  language: Language,
): Promise<string> {
  requireActor(context);
  const today = todayInVietnam(recognitionNow());
  const unit = await getUnit(tx, body.unit, today);
  const level = levelOfKind[body.kind];
  if (unit.level !== level) {
    throw new AppError('recognition.kind_level', 422, {
      kind: `@recognition.kinds.${body.kind}`,
      unit: unit.name,
    });
  }
  const setKind = setOfKind[body.kind];
  const set = body.set
    ? await loadPublishedSet(tx, body.set)
    : await centralSetFor(tx, { level: setKind.level, kind: setKind.kind, year: body.year });
  if (!set || set.level !== setKind.level || set.definition.kind !== setKind.kind) {
    throw new AppError('recognition.no_set', 422, {
      kind: `@recognition.kinds.${body.kind}`,
      year: body.year,
    });
  }
  const template = await templateOnDate(tx, body.kind, 'recognition', today);
  const first = template.steps[0]!;
  const roles = await actingRolesOver(tx, context, unit.id, first.actor.level);
  const acting = roles.find((role) => first.actor.roles.includes(role));
  if (!acting) {
    await canReadDossier(tx, context, unit.id);
    throw new AppError('recognition.wrong_role', 403, {
      step: first.name,
      roles: first.actor.roles.map((role) => translate(language, `roles.${role}`)).join(', '),
    });
  }
  const provinceCode = (await provinceCodeOfUnit(tx, unit.id)) ?? unit.code;
  const row = await insertDossier(tx, context, {
    unitId: unit.id,
    provinceCode,
    purpose: 'recognition',
    kind: body.kind,
    set,
    year: body.year,
    referenceYear: body.year,
    recognitionId: null,
    template,
    actingRole: acting,
    reason: null,
    snapshot: await takeSnapshot(tx, unit.code, set, body.year),
  });
  await auditDossier(tx, context, row, 'open', null, {
    kind: body.kind,
    unit: unit.code,
    year: body.year,
    set: set.code,
    template: `${template.code}@${template.version}`,
  });
  return row.id;
}

/**
 * Inserts a dossier with its `open` action and its frozen data (the caller has checked who opens
 * it): refused with 409 while the unit has one of the same purpose and kind in progress.
 */
async function insertDossier(
  tx: Tx,
  context: RequestContext,
  input: {
    unitId: number;
    provinceCode: string;
    purpose: 'recognition' | 'revocation';
    kind: DossierKind;
    set: SetInfo;
    year: number;
    referenceYear: number;
    recognitionId: number | null;
    template: ProcedureTemplate;
    actingRole: string;
    reason: string | null;
    snapshot: SnapshotData;
  },
): Promise<DossierRow> {
  const [open] = await tx
    .select({ reference: dossiers.reference })
    .from(dossiers)
    .where(
      and(
        eq(dossiers.unitId, input.unitId),
        eq(dossiers.purpose, input.purpose),
        eq(dossiers.kind, input.kind),
        eq(dossiers.status, 'in_progress'),
      ),
    );
  if (open) throw new AppError('recognition.dossier_exists', 409, { reference: open.reference });
  const first = input.template.steps[0]!;
  const now = recognitionNow();
  const [row] = await tx
    .insert(dossiers)
    .values({
      reference: await nextReference(tx, input.provinceCode, input.referenceYear),
      unitId: input.unitId,
      provinceCode: input.provinceCode,
      purpose: input.purpose,
      kind: input.kind,
      setId: input.set.id,
      year: input.year,
      recognitionId: input.recognitionId,
      templateCode: input.template.code,
      templateVersion: input.template.version,
      status: 'in_progress',
      step: first.code,
      stepEnteredAt: now,
      openedBy: context.actor!.userId,
      openedByName: context.actor!.displayName,
    })
    .returning();
  const payload: ActionPayloads['open'] = {
    templateCode: input.template.code,
    templateVersion: input.template.version,
    setCode: input.set.code,
    year: input.year,
    kind: input.kind,
  };
  const { seq } = await appendAction(tx, row!, [], {
    type: 'open',
    step: first.code,
    at: now.toISOString(),
    actor: actionActor(context, input.actingRole),
    reason: input.reason,
    legalBasis: input.template.legalBasis.join('; '),
    payload,
  });
  await storeSnapshot(tx, row!.id, seq, input.snapshot);
  return row!;
}

interface SatisfactionRule {
  minCoverage: number;
  minSatisfied: number;
}

/** Fills what the server decides in an action's payload (the steps it moves between…). */
function completePayload(
  type: ActionType,
  payload: Record<string, unknown>,
  state: DossierState,
  template: ProcedureTemplate,
): Record<string, unknown> {
  const step = stepOf(template, state.step);
  switch (type) {
    case 'proceed':
      return { fromStep: state.step, toStep: nextStep(template, state.step)?.code ?? null };
    case 'return':
      return {
        fromStep: state.step,
        toStep: step?.returnTo ?? template.steps[0]!.code,
        criteria: Array.isArray(payload.criteria) ? payload.criteria : [],
      };
    case 'record_satisfaction': {
      // A survey's verdict is its tally's (every rule of its guidance), reported by the surveys
      // module only (`recordSurveySatisfaction`): kept as it is.
      if (payload.source === 'survey') return payload;
      const rule = (template as ProcedureTemplate & { satisfactionRule?: SatisfactionRule })
        .satisfactionRule;
      const coverage = Number(payload.coverage);
      const satisfied = Number(payload.satisfied);
      const passed = rule
        ? coverage >= rule.minCoverage && satisfied >= rule.minSatisfied
        : payload.passed === true;
      return { ...payload, source: payload.source ?? 'paper', coverage, satisfied, passed };
    }
    default:
      return payload;
  }
}

/** `POST /dossiers/{id}/actions`: one action, checked, version-checked, logged, audited. */
export async function actOnDossier(
  tx: Tx,
  context: RequestContext,
  store: FileStore,
  id: string,
  body: ActionBody,
  language: Language,
  options: { fromSurvey?: boolean } = {},
): Promise<void> {
  requireActor(context);
  if (
    body.type === 'record_satisfaction' &&
    body.payload.source === 'survey' &&
    !options.fromSurvey
  ) {
    throw new AppError('recognition.satisfaction_survey_only', 422, {});
  }
  const row = await loadDossierRow(tx, id, { lock: true });
  await canReadDossier(tx, context, row.unitId);
  if (body.version !== row.version) {
    throw new AppError('recognition.version_conflict', 409, {
      reference: row.reference,
    }).withBody({ current: await dossierDetail(tx, context, row.id) });
  }
  const { state, template, actions } = await dossierState(tx, row);
  let payload = completePayload(body.type, body.payload, state, template);
  if (body.type === 'reroute') {
    const target = await templateOnDate(
      tx,
      row.kind as DossierKind,
      row.purpose as never,
      todayInVietnam(recognitionNow()),
    );
    const toStep =
      target.steps.find((step) => step.code === state.step)?.code ?? target.steps[0]!.code;
    payload = {
      fromTemplate: state.templateCode,
      toTemplate: target.code,
      toTemplateVersion: target.version,
      toStep,
    };
  }
  const facts = await factsFor(tx, context, row, state, template, body.type);
  // A decision's file is the PDF made once the checks pass: its id is known after.
  if (body.type === 'record_decision') payload = { ...payload, fileId: 'pending' };
  let targetTemplate: ProcedureTemplate | null | undefined;
  if (body.type === 'reroute') {
    targetTemplate = await templateVersion(
      tx,
      String(payload.toTemplate),
      Number(payload.toTemplateVersion),
    ).catch(() => null);
  }
  checkOrThrow(
    {
      state,
      template,
      type: body.type,
      payload,
      reason: body.reason ?? null,
      legalBasis: body.legalBasis ?? null,
      facts,
      calendar: workingCalendar(),
      ...(targetTemplate !== undefined ? { targetTemplate } : {}),
    },
    language,
  );
  const role =
    facts.actorRoles.find((held) => stepOf(template, state.step)?.actor.roles.includes(held)) ??
    facts.actorRoles[0] ??
    'admin';

  if (body.type === 'record_decision') {
    const decision = await recordDecision(tx, context, store, row, template, payload);
    payload = { ...payload, fileId: String(decision.id) };
  }
  const step = state.step;
  const leaving = stepOf(template, step);
  const { seq, state: after } = await appendAction(tx, row, actions, {
    type: body.type,
    step,
    actor: actionActor(context, role),
    reason: body.reason ?? null,
    legalBasis:
      body.legalBasis ?? (body.type === 'reroute' ? null : (template.legalBasis[0] ?? null)),
    payload,
  } as DossierAction);
  // Leaving a self-assessment step freezes the data again: what is sent on is what the next step
  // judges, whatever the unit edits later.
  if (body.type === 'proceed' && leaving?.features.includes('self_assessment')) {
    const set = await loadSetById(tx, row.setId);
    const unit = await findUnitById(tx, row.unitId);
    await storeSnapshot(tx, row.id, seq, await takeSnapshot(tx, unit!.code, set, row.year));
  }
  if (body.type === 'publish') await publishDecision(tx, row, template);
  await auditDossier(
    tx,
    context,
    row,
    body.type,
    { step, status: state.status, version: row.version },
    { step: after.step, status: after.status },
    { payload, reason: body.reason ?? null, legalBasis: body.legalBasis ?? null },
  );
  if (after.step !== step || after.status !== state.status || body.type === 'return') {
    await notifyStepActors(tx, row, template, after, body.type);
  }
}

/**
 * The surveys module reports a campaign's tallied result into the dossier (the action
 * `record_satisfaction` with source `survey`): checked like any action (step, role, version), and
 * the survey's own verdict is kept; a paper report cannot replace it afterwards.
 */
export function recordSurveySatisfaction(
  tx: Tx,
  context: RequestContext,
  store: FileStore,
  dossierId: string,
  result: {
    dossierVersion: number;
    campaignId: string;
    coverage: number;
    satisfied: number;
    passed: boolean;
  },
  language: Language,
): Promise<void> {
  return actOnDossier(
    tx,
    context,
    store,
    dossierId,
    {
      type: 'record_satisfaction',
      version: result.dossierVersion,
      payload: {
        source: 'survey',
        coverage: result.coverage,
        satisfied: result.satisfied,
        passed: result.passed,
        surveyId: result.campaignId,
      },
    },
    language,
    { fromSurvey: true },
  );
}

/** What the surveys module needs of a dossier it links a campaign to (404 when there is none). */
export async function dossierForSurvey(
  executor: Executor,
  id: string,
): Promise<{ id: string; unitId: number; version: number; status: string; purpose: string }> {
  const row = await loadDossierRow(executor, id);
  return {
    id: row.id,
    unitId: row.unitId,
    version: row.version,
    status: row.status,
    purpose: row.purpose,
  };
}

type ListQuery = z.infer<typeof dossierListQuery>;

/** `GET /dossiers`: the dossiers the reader's scope covers. */
export async function listDossiers(executor: Executor, context: RequestContext, query: ListQuery) {
  const actor = requireActor(context);
  const { rows, total } = await dossierRowsInScope(
    executor,
    unitScopeSql(actor, dossiers.unitId, 'read'),
    {
      ...(query.province ? { province: query.province } : {}),
      ...(query.unit ? { unitCode: query.unit } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.purpose ? { purpose: query.purpose } : {}),
      ...(query.year ? { year: query.year } : {}),
      limit: query.limit,
      offset: query.offset,
    },
  );
  const items = [];
  for (const row of rows) {
    const { template } = await templateOfRow(executor, row);
    items.push(await summaryOf(executor, row, template));
  }
  return { items, total };
}

async function templateOfRow(executor: Executor, row: DossierRow) {
  return { template: await templateVersion(executor, row.templateCode, row.templateVersion) };
}

/** `GET /dossiers/{id}`: the whole dossier, with what the reader may do. */
export async function dossierDetail(
  executor: Executor,
  context: RequestContext,
  id: string,
): Promise<DossierDetail> {
  const row = await loadDossierRow(executor, id);
  await canReadDossier(executor, context, row.unitId);
  const { state, template, actions } = await dossierState(executor, row);
  const set = await loadSetById(executor, row.setId);
  const summary = await summaryOf(executor, row, template, set.code);
  const snapshotRow = await latestSnapshot(executor, row.id);
  let snapshot: DossierDetail['snapshot'] = null;
  if (snapshotRow) {
    const frozen = snapshotRow.data as unknown as Awaited<ReturnType<typeof readUnitData>>;
    const current = await readUnitData(executor, summary.unit.code, set.code, row.year).catch(
      () => null,
    );
    const currentByCode = new Map((current?.items ?? []).map((item) => [item.indicator, item]));
    const changedSince = frozen.items.flatMap((item) => {
      const now = currentByCode.get(item.indicator);
      if (!now || now.version === item.version) return [];
      if (now.value === item.value) return [];
      return [
        {
          indicator: item.indicator,
          frozen: item.value,
          current: now.value,
          updatedBy: now.updatedBy,
          updatedAt: now.updatedAt,
        },
      ];
    });
    snapshot = {
      takenAt: toIso(snapshotRow.takenAt)!,
      allCriteriaMet: snapshotRow.allCriteriaMet,
      evaluation: frozen.evaluation,
      items: frozen.items,
      changedSince,
    };
  }
  const permissions = await permissionsOf(executor, context, row, state, template);
  const step = stepOf(template, state.step);
  const posting =
    row.postedFrom && row.postedUntil
      ? {
          from: toIso(row.postedFrom)!,
          until: row.postedUntil,
          open:
            state.status === 'in_progress' &&
            !!step?.features.includes('public_posting') &&
            vietnamDate(recognitionNow().toISOString()) <= row.postedUntil,
          publicUrl: `/cong-khai/ho-so/${row.id}`,
        }
      : null;
  const decision = await decisionOfDossier(executor, row.id);
  return {
    ...summary,
    template: templateView(template),
    criteria: set.definition.criteria.map((criterion) => ({
      code: criterion.code,
      name: criterion.name,
    })),
    actions: actions.map((action) => ({
      seq: action.seq,
      type: action.type,
      step: action.step,
      stepName: stepOf(template, action.step)?.name ?? action.step,
      at: action.at,
      actor: { name: action.actor.name, role: action.actor.role },
      reason: action.reason,
      legalBasis: action.legalBasis,
      payload: action.payload,
    })),
    visits: state.visits.map((visit) => ({
      ...visit,
      workingDays: visitWorkingDays(visit.enteredAt, visit.leftAt),
    })),
    documents: await documentsOf(executor, row.id, false),
    snapshot,
    conditions: conditionsOf(state, snapshotRow?.allCriteriaMet ?? null, row.purpose),
    satisfaction: state.satisfaction as Record<string, unknown> | null,
    opinions: state.opinions,
    reviews: state.reviews,
    council: state.council as Record<string, unknown> | null,
    decision,
    lastReturn: state.lastReturn as Record<string, unknown> | null,
    posting,
    comments: permissions.moderate
      ? await commentsOf(executor, row.id, { includeHidden: true })
      : await commentsOf(executor, row.id, { includeHidden: false }),
    permissions,
  };
}

/** The conditions of 18/2022 as they stand for the dossier. */
function conditionsOf(
  state: DossierState,
  allCriteriaMet: boolean | null,
  purpose: string,
): DossierDetail['conditions'] {
  if (purpose !== 'recognition') return [];
  const declared = (code: 'no_construction_debt' | 'no_security_issue') => {
    const condition = state.conditions[code];
    return condition === undefined ? 'unknown' : condition.holds ? 'met' : 'not_met';
  };
  return [
    {
      code: 'all_criteria_met',
      status: allCriteriaMet === null ? 'unknown' : allCriteriaMet ? 'met' : 'not_met',
      text: 'Tất cả tiêu chí của bộ tiêu chí áp dụng đều đạt (theo kết quả tự đánh giá đã đóng băng)',
    },
    {
      code: 'satisfaction',
      status:
        state.satisfaction === null ? 'unknown' : state.satisfaction.passed ? 'met' : 'not_met',
      text: 'Sự hài lòng của người dân đạt yêu cầu (kết quả lấy ý kiến của MTTQ)',
    },
    {
      code: 'no_construction_debt',
      status: declared('no_construction_debt'),
      text: 'Không có nợ đọng xây dựng cơ bản',
    },
    {
      code: 'no_security_issue',
      status: declared('no_security_issue'),
      text: 'Không phải địa bàn phức tạp về an ninh, trật tự',
    },
  ];
}

const stepActionTypes: Array<{ type: ActionType; feature?: string; always?: boolean }> = [
  { type: 'attach_document', always: true },
  { type: 'remove_document', always: true },
  { type: 'declare_condition' },
  { type: 'record_satisfaction', feature: 'satisfaction' },
  { type: 'record_opinion', feature: 'opinions' },
  { type: 'review_criterion', feature: 'criterion_review' },
  { type: 'record_council', feature: 'council' },
  { type: 'record_decision', feature: 'decision' },
  { type: 'publish', feature: 'publication' },
  { type: 'proceed', always: true },
];

async function permissionsOf(
  executor: Executor,
  context: RequestContext,
  row: DossierRow,
  state: DossierState,
  template: ProcedureTemplate,
): Promise<DossierDetail['permissions']> {
  const step = stepOf(template, state.step);
  const moderate = await canModerateComments(executor, context, row.unitId).then(
    () => true,
    () => false,
  );
  if (!step || state.status !== 'in_progress') {
    return { act: false, actions: [], moderate };
  }
  const roles = await actingRolesOver(executor, context, row.unitId, step.actor.level);
  const act = roles.some((role) => step.actor.roles.includes(role));
  const actions: ActionType[] = [];
  if (act) {
    for (const entry of stepActionTypes) {
      if (entry.type === 'declare_condition') {
        if (
          step.conditions.includes('no_construction_debt') ||
          step.conditions.includes('no_security_issue')
        )
          actions.push(entry.type);
        continue;
      }
      if (entry.type === 'proceed' && !nextStep(template, step.code)) continue;
      if (entry.always || (entry.feature && step.features.includes(entry.feature as never))) {
        actions.push(entry.type);
      }
    }
    if (step.canReturn) actions.push('return');
    if (step.canRefuse) actions.push('refuse');
    if (
      template.steps[0]!.code === step.code ||
      template.steps[0]!.actor.roles.some((r) => roles.includes(r))
    )
      if (!state.decision) actions.push('withdraw');
  }
  const oversight = [
    ...(await actingRolesOver(executor, context, row.unitId, 'province')),
    ...(await actingRolesOver(executor, context, row.unitId, 'central')),
  ];
  if (oversight.some((role) => role === 'admin' || role === 'province' || role === 'central')) {
    actions.push('raise_flag', 'clear_flag');
    if (template.validTo !== null && template.validTo < todayInVietnam(recognitionNow()))
      actions.push('reroute');
  }
  return { act, actions: [...new Set(actions)], moderate };
}

/**
 * `POST /dossiers/revocations`: the province opens the revocation case of a recognition (from an
 * alert or on its own finding). It runs on the revocation template in force and ends, if it comes
 * to that, in a revocation decision naming the original one.
 */
export async function openRevocation(
  tx: Tx,
  context: RequestContext,
  body: { recognition: number; reason: string; alert?: number | undefined },
): Promise<string> {
  requireActor(context);
  const [recognition] = await tx
    .select()
    .from(recognitions)
    .where(eq(recognitions.id, body.recognition))
    .for('update');
  if (!recognition) {
    throw new AppError('recognition.recognition_not_found', 404, { id: body.recognition });
  }
  if (recognition.revokedByDecisionId) {
    throw new AppError('recognition.already_revoked', 409, { id: body.recognition });
  }
  await canOpenRevocation(tx, context, recognition.unitId);
  const kind = recognition.kind as DossierKind;
  const template = await templateOnDate(tx, kind, 'revocation', todayInVietnam(recognitionNow()));
  const first = template.steps[0]!;
  const roles = await actingRolesOver(tx, context, recognition.unitId, first.actor.level);
  const acting = roles.find((role) => first.actor.roles.includes(role)) ?? roles[0] ?? 'province';
  const set = await loadSetById(tx, recognition.setId);
  const unit = (await findUnitById(tx, recognition.unitId))!;
  // The data as they stand now (the year the alert names, else the recognition's) are the evidence.
  const alerts = await tx
    .select()
    .from(revocationAlerts)
    .where(
      and(eq(revocationAlerts.recognitionId, recognition.id), eq(revocationAlerts.status, 'open')),
    );
  const evidenceYear = alerts[0]?.year ?? recognition.year;
  const row = await insertDossier(tx, context, {
    unitId: recognition.unitId,
    provinceCode: recognition.provinceCode,
    purpose: 'revocation',
    kind,
    set,
    year: recognition.year,
    referenceYear: Number(todayInVietnam(recognitionNow()).slice(0, 4)),
    recognitionId: recognition.id,
    template,
    actingRole: acting,
    reason: body.reason,
    snapshot: await takeSnapshot(tx, unit.code, set, evidenceYear),
  });
  const now = recognitionNow();
  if (alerts.length > 0) {
    await tx
      .update(revocationAlerts)
      .set({ status: 'dossier_opened', closedAt: now, dossierId: row.id })
      .where(
        inArray(
          revocationAlerts.id,
          alerts.map((alert) => alert.id),
        ),
      );
  }
  await auditDossier(tx, context, row, 'open_revocation', null, {
    recognition: recognition.id,
    template: `${template.code}@${template.version}`,
    reason: body.reason,
    alerts: alerts.map((alert) => alert.id),
  });
  return row.id;
}
