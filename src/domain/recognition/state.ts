import type {
  ActionPayloads,
  DossierAction,
  DossierFlag,
  DossierState,
  ProcedureStep,
  ProcedureTemplate,
  StepVisit,
} from './types';

/** The order flags are listed in. */
export const DOSSIER_FLAGS: readonly DossierFlag[] = [
  'overdue',
  'returned',
  'survey_failed',
  'debt_outstanding',
  'security_issue',
  'criteria_not_met',
  'needs_reroute',
];

/** The council tally of a session: members present, votes for, share = for ÷ present (null: nobody). */
export function councilTally(members: ActionPayloads['record_council']['members']): {
  present: number;
  inFavour: number;
  share: number | null;
} {
  const present = members.filter((m) => m.present).length;
  const inFavour = members.filter((m) => m.present && m.vote === 'for').length;
  return { present, inFavour, share: present === 0 ? null : inFavour / present };
}

/**
 * Folds a dossier's append-only log into its state. The first action must be `open`; actions are
 * taken in `seq` order. The status stays `in_progress` until `publish` (→ `published`), `refuse`
 * (→ `refused`) or `withdraw` (→ `withdrawn`); a recorded decision shows in `decision` (the status
 * `decided` is not used). Step-changing actions after the dossier is closed are ignored, so the
 * visits always tile the timeline: each visit is left when the next is entered, and only the
 * current visit of a dossier in progress is open.
 */
export function deriveDossierState(
  actions: readonly DossierAction[],
  templateOf: (code: string, version: number) => ProcedureTemplate,
): DossierState {
  const log = [...actions].sort((a, b) => a.seq - b.seq);
  const first = log[0];
  if (!first || first.type !== 'open')
    throw new Error('the log of a dossier must start with an `open` action');
  const opened = first.payload;
  let template = templateOf(opened.templateCode, opened.templateVersion);
  const firstStep = template.steps[0];
  if (!firstStep) throw new Error(`template ${template.code} has no steps`);

  const state: DossierState = {
    kind: opened.kind,
    templateCode: opened.templateCode,
    templateVersion: opened.templateVersion,
    status: 'in_progress',
    step: firstStep.code,
    stepEnteredAt: first.at,
    visits: [{ step: firstStep.code, enteredAt: first.at, leftAt: null, outcome: null }],
    returns: 0,
    lastReturn: null,
    documents: [],
    conditions: {},
    satisfaction: null,
    opinions: [],
    reviews: {},
    council: null,
    decision: null,
    flags: [],
    raisedFlags: [],
  };
  const raised = new Set<DossierFlag>();
  /** Sent back and not yet proceeded from the step it was sent back to. */
  let returnedPending = false;

  const stepOfCode = (code: string): ProcedureStep | undefined =>
    template.steps.find((s) => s.code === code);

  const leave = (at: string, outcome: StepVisit['outcome']): void => {
    const current = state.visits[state.visits.length - 1];
    if (current && current.leftAt === null) {
      current.leftAt = at;
      current.outcome = outcome;
    }
  };
  const enter = (code: string, at: string): void => {
    state.step = code;
    state.stepEnteredAt = at;
    state.visits.push({ step: code, enteredAt: at, leftAt: null, outcome: null });
    // Reviews are those made since the dossier last entered a review step.
    if (stepOfCode(code)?.features.includes('criterion_review')) state.reviews = {};
  };

  for (const action of log.slice(1)) {
    const open = state.status === 'in_progress';
    const by = action.actor.name;
    switch (action.type) {
      case 'open':
        break;
      case 'attach_document':
        state.documents.push({ ...action.payload, step: action.step, at: action.at, by });
        break;
      case 'remove_document':
        state.documents = state.documents.filter((d) => d.fileId !== action.payload.fileId);
        break;
      case 'declare_condition':
        state.conditions[action.payload.condition] = {
          holds: action.payload.holds,
          fileId: action.payload.fileId ?? null,
          at: action.at,
        };
        break;
      case 'record_satisfaction':
        state.satisfaction = { ...action.payload, at: action.at };
        break;
      case 'record_opinion':
        state.opinions.push({ ...action.payload, at: action.at, by });
        break;
      case 'review_criterion':
        state.reviews[action.payload.criterion] = {
          verdict: action.payload.verdict,
          reason: action.reason,
          by,
          at: action.at,
        };
        break;
      case 'record_council':
        state.council = {
          ...action.payload,
          at: action.at,
          ...councilTally(action.payload.members),
        };
        break;
      case 'record_decision':
        state.decision = { ...action.payload, at: action.at };
        break;
      case 'proceed':
        if (!open) break;
        leave(action.at, 'proceed');
        returnedPending = false;
        enter(action.payload.toStep, action.at);
        break;
      case 'return':
        if (!open) break;
        leave(action.at, 'return');
        state.returns += 1;
        state.lastReturn = {
          at: action.at,
          fromStep: action.payload.fromStep,
          reason: action.reason,
          criteria: action.payload.criteria,
        };
        returnedPending = true;
        enter(action.payload.toStep, action.at);
        break;
      case 'refuse':
        if (!open) break;
        leave(action.at, 'refuse');
        state.status = 'refused';
        break;
      case 'withdraw':
        if (!open) break;
        leave(action.at, 'withdraw');
        state.status = 'withdrawn';
        break;
      case 'publish':
        if (!open) break;
        leave(action.at, 'publish');
        state.status = 'published';
        break;
      case 'reroute':
        if (!open) break;
        leave(action.at, 'reroute');
        template = templateOf(action.payload.toTemplate, action.payload.toTemplateVersion);
        state.templateCode = action.payload.toTemplate;
        state.templateVersion = action.payload.toTemplateVersion;
        returnedPending = false;
        enter(action.payload.toStep, action.at);
        break;
      case 'raise_flag':
        raised.add(action.payload.flag);
        break;
      case 'clear_flag':
        raised.delete(action.payload.flag);
        break;
    }
  }

  const implied = new Set<DossierFlag>(raised);
  if (returnedPending && state.status === 'in_progress') implied.add('returned');
  if (state.satisfaction && !state.satisfaction.passed) implied.add('survey_failed');
  if (state.conditions.no_construction_debt?.holds === false) implied.add('debt_outstanding');
  if (state.conditions.no_security_issue?.holds === false) implied.add('security_issue');
  state.flags = DOSSIER_FLAGS.filter((f) => implied.has(f));
  state.raisedFlags = DOSSIER_FLAGS.filter((f) => raised.has(f));
  return state;
}
