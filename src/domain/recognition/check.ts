import { z } from 'zod';
import { addDays, addWorkingDays, dueDate, vietnamDate } from './calendar';
import type { WorkingCalendar } from './calendar';
import { formatZodIssues, isoDateSchema } from './zod-messages';
import type {
  ActingRole,
  ActionFacts,
  ActionPayloads,
  ActionType,
  DossierFlag,
  DossierState,
  ProcedureStep,
  ProcedureTemplate,
  Refusal,
} from './types';
import { DOSSIER_KINDS } from './types';
import { DOSSIER_FLAGS } from './state';

/** Roles that may reroute a dossier and raise or clear flags (admin included). */
export const OVERSIGHT_ROLES: readonly ActingRole[] = ['admin', 'province', 'central'];

const text = z.string().trim().min(1);
const fileId = text;
const flag = z.enum(DOSSIER_FLAGS as [DossierFlag, ...DossierFlag[]]);
const empty = z.strictObject({});

/** The payload of each action type, checked before the rules (the server may reuse them). */
export const actionPayloadSchemas = {
  open: z.strictObject({
    templateCode: text,
    templateVersion: z.number().int().positive(),
    setCode: text,
    year: z.number().int(),
    kind: z.enum(DOSSIER_KINDS as [string, ...string[]]),
  }),
  attach_document: z.strictObject({ documentCode: text, fileId, name: text }),
  remove_document: z.strictObject({ fileId }),
  declare_condition: z.strictObject({
    condition: z.enum(['no_construction_debt', 'no_security_issue']),
    holds: z.boolean(),
    fileId: fileId.optional(),
  }),
  record_satisfaction: z.strictObject({
    source: z.enum(['survey', 'paper']),
    coverage: z.number().min(0).max(100),
    satisfied: z.number().min(0).max(100),
    passed: z.boolean(),
    surveyId: text.optional(),
    fileId: fileId.optional(),
  }),
  record_opinion: z.strictObject({ organisation: text, summary: text, fileId: fileId.optional() }),
  review_criterion: z.strictObject({
    criterion: text,
    verdict: z.enum(['pass', 'fail', 'more_evidence']),
  }),
  record_council: z.strictObject({
    heldOn: isoDateSchema,
    members: z.array(
      z.strictObject({
        name: text,
        position: z.string(),
        present: z.boolean(),
        vote: z.enum(['for', 'against', 'abstain']).nullable(),
      }),
    ),
    minutesFileId: fileId.optional(),
  }),
  record_decision: z.strictObject({
    number: z.string(),
    issuedOn: z.string(),
    signer: z.string(),
    signerTitle: z.string(),
    effectiveOn: z.string(),
    fileId,
  }),
  proceed: z.strictObject({ fromStep: text, toStep: text }),
  return: z.strictObject({
    fromStep: text,
    toStep: text,
    criteria: z.array(z.strictObject({ criterion: text, reason: text })),
  }),
  refuse: empty,
  withdraw: empty,
  publish: empty,
  reroute: z.strictObject({
    fromTemplate: text,
    toTemplate: text,
    toTemplateVersion: z.number().int().positive(),
    toStep: text,
  }),
  raise_flag: z.strictObject({ flag }),
  clear_flag: z.strictObject({ flag }),
} satisfies Record<ActionType, z.ZodType>;

export function stepOf(template: ProcedureTemplate, code: string): ProcedureStep | null {
  return template.steps.find((s) => s.code === code) ?? null;
}

/** The step after `stepCode` in the template, or null at the last step (or an unknown one). */
export function nextStep(template: ProcedureTemplate, stepCode: string): ProcedureStep | null {
  const i = template.steps.findIndex((s) => s.code === stepCode);
  return i === -1 ? null : (template.steps[i + 1] ?? null);
}

/** The step a return from `step` sends the dossier to: its `returnTo`, else the first step. */
export function returnTarget(
  template: ProcedureTemplate,
  step: ProcedureStep,
): ProcedureStep | null {
  return step.returnTo ? stepOf(template, step.returnTo) : (template.steps[0] ?? null);
}

/** The last day of the public posting of the current step (posting runs after the entry day), or null. */
export function postingEndsOn(
  state: DossierState,
  template: ProcedureTemplate,
  calendar: WorkingCalendar,
): string | null {
  const step = stepOf(template, state.step);
  if (!step?.posting || !step.features.includes('public_posting')) return null;
  const start = vietnamDate(state.stepEnteredAt);
  return step.posting.unit === 'days'
    ? addDays(start, step.posting.days)
    : addWorkingDays(start, step.posting.days, calendar);
}

/** The due date of the current step (its duration from the day it was entered), or null. */
export function stepDue(
  state: DossierState,
  template: ProcedureTemplate,
  calendar: WorkingCalendar,
): string | null {
  if (state.status !== 'in_progress') return null;
  const step = stepOf(template, state.step);
  if (!step?.duration) return null;
  return dueDate(state.stepEnteredAt, step.duration, calendar);
}

/** Is the current step past its due date on `todayIso` (a date or a timestamp, taken in Vietnam)? */
export function isOverdue(
  state: DossierState,
  template: ProcedureTemplate,
  calendar: WorkingCalendar,
  todayIso: string,
): boolean {
  const due = stepDue(state, template, calendar);
  return due !== null && vietnamDate(todayIso) > due;
}

export interface CheckActionInput {
  state: DossierState;
  template: ProcedureTemplate;
  type: ActionType;
  payload: unknown;
  reason: string | null;
  facts: ActionFacts;
  calendar: WorkingCalendar;
  /** The legal basis cited with the action (required for `reroute`). */
  legalBasis?: string | null;
  /** For `reroute`: the template named by the payload (null: not found). */
  targetTemplate?: ProcedureTemplate | null;
}

const refusal = (code: string, params: Refusal['params'] = {}): Refusal => ({
  code: `recognition.${code}`,
  params,
});
/**
 * A parameter naming a code (condition, flag, status…): a message key the server translates in the
 * reader's language (`translate` reads a parameter starting with "@" as a key).
 */
export const label = (group: string, code: string): string => `@recognition.label.${group}.${code}`;
/** An ISO date as shown (dd/mm/yyyy). */
export const displayDate = (iso: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(iso)
    ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
    : iso;
const blank = (s: string | null | undefined): boolean =>
  s === null || s === undefined || s.trim() === '';

/** Actions taken by whoever holds a role of the current step. */
const STEP_ACTIONS: ReadonlySet<ActionType> = new Set<ActionType>([
  'attach_document',
  'remove_document',
  'declare_condition',
  'record_satisfaction',
  'record_opinion',
  'review_criterion',
  'record_council',
  'record_decision',
  'publish',
  'proceed',
  'return',
  'refuse',
]);

/**
 * Is this action allowed on the dossier now? Returns the refusals (empty: allowed), each an i18n
 * key `recognition.*` (the server's `errors.recognition.*`) with its parameters.
 */
export function checkAction(input: CheckActionInput): Refusal[] {
  const { state, template, type, reason, facts, calendar } = input;
  if (type === 'open') return [refusal('already_open')];
  if (state.status !== 'in_progress' && type !== 'raise_flag' && type !== 'clear_flag')
    return [refusal('closed', { status: label('status', state.status) })];
  if (template.code !== state.templateCode || template.version !== state.templateVersion)
    return [
      refusal('template_mismatch', {
        template: `${template.code}@${template.version}`,
        expected: `${state.templateCode}@${state.templateVersion}`,
      }),
    ];
  const step = stepOf(template, state.step);
  if (!step) return [refusal('unknown_step', { step: state.step, template: template.code })];

  const holdsOneOf = (roles: readonly ActingRole[]): boolean =>
    roles.some((r) => facts.actorRoles.includes(r));
  const wrongRole = (roles: readonly ActingRole[], at: ProcedureStep): Refusal =>
    refusal('wrong_role', { step: at.name, roles: roles.join(', ') });

  if (STEP_ACTIONS.has(type) && !holdsOneOf(step.actor.roles))
    return [wrongRole(step.actor.roles, step)];
  if (type === 'withdraw') {
    const first = template.steps[0] ?? step;
    if (!holdsOneOf(first.actor.roles)) return [wrongRole(first.actor.roles, first)];
  }
  if (
    (type === 'reroute' || type === 'raise_flag' || type === 'clear_flag') &&
    !holdsOneOf(OVERSIGHT_ROLES)
  )
    return [wrongRole(OVERSIGHT_ROLES, step)];

  const parsed = actionPayloadSchemas[type].safeParse(input.payload);
  if (!parsed.success)
    return [refusal('bad_payload', { details: formatZodIssues(parsed.error.issues).join('; ') })];

  const out: Refusal[] = [];
  const has = (f: ProcedureStep['features'][number]): boolean => step.features.includes(f);
  const needReason = (): void => {
    if (blank(reason)) out.push(refusal('reason_required', { action: label('action', type) }));
  };

  switch (type) {
    case 'attach_document': {
      const p = parsed.data as ActionPayloads['attach_document'];
      if (p.documentCode !== 'other' && !step.documents.some((d) => d.code === p.documentCode))
        out.push(
          refusal('document_not_in_checklist', { document: p.documentCode, step: step.name }),
        );
      break;
    }
    case 'remove_document': {
      const p = parsed.data as ActionPayloads['remove_document'];
      if (!state.documents.some((d) => d.fileId === p.fileId))
        out.push(refusal('document_not_found', { fileId: p.fileId }));
      break;
    }
    case 'declare_condition': {
      const p = parsed.data as ActionPayloads['declare_condition'];
      if (!step.conditions.includes(p.condition))
        out.push(
          refusal('condition_not_at_step', {
            condition: label('condition', p.condition),
            step: step.name,
          }),
        );
      break;
    }
    case 'record_satisfaction': {
      const p = parsed.data as ActionPayloads['record_satisfaction'];
      if (!has('satisfaction') && !step.conditions.includes('satisfaction'))
        out.push(refusal('satisfaction_not_at_step', { step: step.name }));
      else if (p.source === 'paper' && !p.fileId)
        out.push(refusal('satisfaction_report_missing', {}));
      else if (p.source === 'paper' && state.satisfaction?.source === 'survey')
        out.push(refusal('satisfaction_from_survey', {}));
      break;
    }
    case 'record_opinion':
      if (!has('opinions')) out.push(refusal('opinions_not_at_step', { step: step.name }));
      break;
    case 'review_criterion': {
      const p = parsed.data as ActionPayloads['review_criterion'];
      if (!has('criterion_review')) out.push(refusal('review_not_at_step', { step: step.name }));
      else if (!facts.criteria.includes(p.criterion))
        out.push(refusal('unknown_criterion', { criterion: p.criterion }));
      else if (p.verdict !== 'pass' && blank(reason))
        out.push(
          refusal('verdict_reason_required', {
            criterion: p.criterion,
            verdict: label('verdict', p.verdict),
          }),
        );
      break;
    }
    case 'record_council': {
      const p = parsed.data as ActionPayloads['record_council'];
      if (!has('council')) out.push(refusal('council_not_at_step', { step: step.name }));
      else if (p.members.length === 0) out.push(refusal('council_no_members', {}));
      else
        for (const m of p.members)
          if (!m.present && m.vote !== null)
            out.push(refusal('council_vote_absent', { member: m.name }));
      break;
    }
    case 'record_decision': {
      const p = parsed.data as ActionPayloads['record_decision'];
      if (!has('decision')) {
        out.push(refusal('decision_not_at_step', { step: step.name }));
        break;
      }
      if (blank(p.number))
        out.push(refusal('decision_field_required', { field: label('field', 'number') }));
      if (!isoDateSchema.safeParse(p.issuedOn).success)
        out.push(refusal('decision_field_required', { field: label('field', 'issuedOn') }));
      if (blank(p.signer))
        out.push(refusal('decision_field_required', { field: label('field', 'signer') }));
      if (!isoDateSchema.safeParse(p.effectiveOn).success)
        out.push(refusal('decision_field_required', { field: label('field', 'effectiveOn') }));
      else if (p.effectiveOn < p.issuedOn)
        out.push(
          refusal('decision_effective_before_issue', {
            issuedOn: displayDate(p.issuedOn),
            effectiveOn: displayDate(p.effectiveOn),
          }),
        );
      break;
    }
    case 'publish':
      if (!has('publication')) out.push(refusal('publish_not_at_step', { step: step.name }));
      else if (!state.decision) out.push(refusal('publish_no_decision', {}));
      break;
    case 'proceed': {
      const p = parsed.data as ActionPayloads['proceed'];
      const next = nextStep(template, step.code);
      if (!next) {
        out.push(refusal('no_next_step', { step: step.name }));
        break;
      }
      if (p.fromStep !== step.code || p.toStep !== next.code)
        out.push(
          refusal('bad_transition', {
            fromStep: p.fromStep,
            toStep: p.toStep,
            expected: `${step.code} → ${next.code}`,
          }),
        );
      out.push(...proceedRefusals(state, template, step, facts, calendar));
      break;
    }
    case 'return': {
      const p = parsed.data as ActionPayloads['return'];
      if (!step.canReturn) {
        out.push(refusal('cannot_return', { step: step.name }));
        break;
      }
      needReason();
      const target = returnTarget(template, step);
      if (p.fromStep !== step.code || !target || p.toStep !== target.code)
        out.push(
          refusal('bad_transition', {
            fromStep: p.fromStep,
            toStep: p.toStep,
            expected: `${step.code} → ${target?.code ?? '?'}`,
          }),
        );
      if (has('criterion_review') && p.criteria.length === 0)
        out.push(refusal('return_criteria_required', {}));
      for (const c of p.criteria)
        if (!facts.criteria.includes(c.criterion))
          out.push(refusal('unknown_criterion', { criterion: c.criterion }));
      break;
    }
    case 'refuse':
      if (!step.canRefuse) {
        out.push(refusal('cannot_refuse', { step: step.name }));
        break;
      }
      needReason();
      break;
    case 'withdraw':
      if (state.decision) out.push(refusal('withdraw_after_decision', {}));
      break;
    case 'reroute': {
      const p = parsed.data as ActionPayloads['reroute'];
      needReason();
      if (blank(input.legalBasis)) out.push(refusal('legal_basis_required', {}));
      if (p.fromTemplate !== state.templateCode)
        out.push(
          refusal('bad_transition', {
            fromStep: p.fromTemplate,
            toStep: p.toTemplate,
            expected: state.templateCode,
          }),
        );
      const target = input.targetTemplate;
      if (!target || target.code !== p.toTemplate || target.version !== p.toTemplateVersion) {
        out.push(
          refusal('reroute_unknown_template', {
            template: `${p.toTemplate}@${p.toTemplateVersion}`,
          }),
        );
        break;
      }
      if (target.code === state.templateCode && target.version === state.templateVersion)
        out.push(refusal('reroute_same_template', { template: target.code }));
      if (target.purpose !== template.purpose || !target.kinds.includes(state.kind))
        out.push(
          refusal('reroute_wrong_kind', { template: target.name, kind: label('kind', state.kind) }),
        );
      if (!stepOf(target, p.toStep))
        out.push(refusal('reroute_unknown_step', { step: p.toStep, template: target.name }));
      break;
    }
    case 'raise_flag': {
      const p = parsed.data as ActionPayloads['raise_flag'];
      needReason();
      if (state.raisedFlags.includes(p.flag))
        out.push(refusal('flag_already_raised', { flag: label('flag', p.flag) }));
      break;
    }
    case 'clear_flag': {
      const p = parsed.data as ActionPayloads['clear_flag'];
      needReason();
      if (!state.raisedFlags.includes(p.flag))
        out.push(
          refusal(state.flags.includes(p.flag) ? 'flag_implied' : 'flag_not_raised', {
            flag: label('flag', p.flag),
          }),
        );
      break;
    }
  }
  return out;
}

/** What stops the dossier leaving `step` forward (documents, conditions, posting period). */
function proceedRefusals(
  state: DossierState,
  template: ProcedureTemplate,
  step: ProcedureStep,
  facts: ActionFacts,
  calendar: WorkingCalendar,
): Refusal[] {
  const out: Refusal[] = [];
  for (const d of step.documents)
    if (d.required && !state.documents.some((a) => a.documentCode === d.code))
      out.push(refusal('document_missing', { document: d.name, step: step.name }));

  for (const condition of step.conditions) {
    switch (condition) {
      case 'all_criteria_met':
        if (facts.allCriteriaMet === null) out.push(refusal('criteria_incomplete', {}));
        else if (!facts.allCriteriaMet) out.push(refusal('criteria_not_met', {}));
        break;
      case 'satisfaction': {
        const s = state.satisfaction;
        if (!s) out.push(refusal('satisfaction_missing', {}));
        else if (!s.passed)
          out.push(
            refusal('satisfaction_failed', { coverage: s.coverage, satisfied: s.satisfied }),
          );
        else if (s.source === 'paper' && !s.fileId)
          out.push(refusal('satisfaction_report_missing', {}));
        break;
      }
      case 'no_construction_debt':
      case 'no_security_issue': {
        const c = state.conditions[condition];
        if (!c)
          out.push(refusal('condition_not_declared', { condition: label('condition', condition) }));
        else if (!c.holds)
          out.push(refusal('condition_not_holding', { condition: label('condition', condition) }));
        break;
      }
      case 'council_in_favour': {
        const c = state.council;
        if (!c) {
          out.push(refusal('council_missing', {}));
          break;
        }
        const min = template.councilMinShare;
        const ok = c.share !== null && (min === null ? c.share > 0.5 : c.share >= min);
        if (!ok)
          out.push(
            refusal('council_not_in_favour', {
              inFavour: c.inFavour,
              present: c.present,
              required: min === null ? '> 50%' : `${Math.round(min * 1000) / 10}%`,
            }),
          );
        break;
      }
      case 'criteria_reviewed': {
        const missing = facts.criteria.filter((c) => !state.reviews[c]);
        const notPassed = facts.criteria.filter((c) => {
          const r = state.reviews[c];
          return r !== undefined && r.verdict !== 'pass';
        });
        if (missing.length > 0)
          out.push(
            refusal('reviews_incomplete', { count: missing.length, criteria: missing.join(', ') }),
          );
        if (notPassed.length > 0)
          out.push(refusal('reviews_not_passed', { criteria: notPassed.join(', ') }));
        break;
      }
      case 'decision_recorded':
        if (!state.decision) out.push(refusal('decision_missing', {}));
        break;
    }
  }

  const ends = step.features.includes('public_posting')
    ? postingEndsOn(state, template, calendar)
    : null;
  if (ends !== null && vietnamDate(facts.now) <= ends)
    out.push(
      refusal('posting_not_over', {
        until: displayDate(ends),
        from: displayDate(addDays(ends, 1)),
      }),
    );
  return out;
}
