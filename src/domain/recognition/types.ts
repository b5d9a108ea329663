/**
 * The recognition model (xét, công nhận, công bố, thu hồi — 18/2022/QĐ-TTg, 131/2025/NĐ-CP):
 * procedure templates shipped as versioned YAML in `data/recognition/`, and the dossier (hồ sơ) as
 * a case whose state is derived from an append-only log of actions. Plain data, serialisable to
 * JSON, no I/O: the server stores it and the browser receives it unchanged.
 */

/** What a dossier asks for: the kind of recognition, or the revocation of one. */
export type DossierKind =
  | 'commune_ntm'
  | 'commune_advanced'
  | 'commune_model'
  | 'district_ntm'
  | 'district_advanced'
  | 'district_town'
  | 'province_completed';
export const DOSSIER_KINDS: readonly DossierKind[] = [
  'commune_ntm',
  'commune_advanced',
  'commune_model',
  'district_ntm',
  'district_advanced',
  'district_town',
  'province_completed',
];

export type DossierPurpose = 'recognition' | 'revocation';

/** The administrative level a step is done at, relative to the dossier's unit. */
export type ActingLevel = 'commune' | 'district' | 'province' | 'central';

/** Roles that act on dossiers (a subset of the platform's roles, `auth/roles.ts`). */
export type ActingRole =
  'admin' | 'central' | 'province' | 'sector' | 'district' | 'commune' | 'appraiser';

/** A duration of a step: working days (on the holiday calendar) or calendar days. */
export interface StepDuration {
  amount: number;
  unit: 'working_days' | 'days';
  /** False when the reference gives no figure (shown "chưa xác minh"); provinces may override. */
  verified: boolean;
  source?: string;
}

/** A document of a step's checklist (tờ trình, báo cáo kết quả…). */
export interface RequiredDocument {
  code: string;
  name: string;
  /** A required document missing blocks `proceed` from the step. */
  required: boolean;
  verified: boolean;
}

/**
 * A condition of 18/2022 checked before a dossier leaves a step:
 * `all_criteria_met` (the frozen evaluation meets every criterion), `satisfaction` (the
 * satisfaction result passes, with the Front's report attached), `no_construction_debt`,
 * `no_security_issue` (each declared with its evidence), `council_in_favour` (the council voted in
 * favour by the template's share), `decision_recorded`.
 */
export type ConditionCode =
  | 'all_criteria_met'
  | 'satisfaction'
  | 'no_construction_debt'
  | 'no_security_issue'
  | 'council_in_favour'
  | 'criteria_reviewed'
  | 'decision_recorded';
export const CONDITION_CODES: readonly ConditionCode[] = [
  'all_criteria_met',
  'satisfaction',
  'no_construction_debt',
  'no_security_issue',
  'council_in_favour',
  'criteria_reviewed',
  'decision_recorded',
];

/** What can be done at a step besides attaching documents. */
export type StepFeature =
  /** The self-assessment snapshot is (re)taken when the step is left. */
  | 'self_assessment'
  /** The dossier is shown on its public page with a comment form for `posting.days`. */
  | 'public_posting'
  /** Written opinions of the Front and organisations are recorded. */
  | 'opinions'
  /** The satisfaction result is linked or entered with the Front's report. */
  | 'satisfaction'
  /** Sector departments appraise the criteria they own on the snapshot. */
  | 'criterion_review'
  /** A council session (members, attendance, votes, minutes) is recorded. */
  | 'council'
  /** The decision (number, date, signer, effective date) is recorded and its PDF made. */
  | 'decision'
  /** The decision is published: the recognition (or revocation) takes effect. */
  | 'publication';

export interface ProcedureStep {
  code: string;
  name: string;
  /** Who acts: one of these roles, assigned at the given level above (or at) the dossier's unit. */
  actor: { roles: ActingRole[]; level: ActingLevel };
  duration: StepDuration | null;
  documents: RequiredDocument[];
  features: StepFeature[];
  /** Present with `public_posting`: how long the posting lasts. */
  posting?: { days: number; unit: 'working_days' | 'days'; verified: boolean };
  conditions: ConditionCode[];
  /** May this step send the dossier back, and to which step (default: the first step). */
  canReturn: boolean;
  returnTo?: string;
  canRefuse: boolean;
}

export interface ProcedureTemplate {
  code: string;
  version: number;
  name: string;
  purpose: DossierPurpose;
  kinds: DossierKind[];
  /** ISO dates: a dossier opened on a date in [validFrom, validTo] uses this template. */
  validFrom: string;
  validTo: string | null;
  /** Legal texts this template follows (cited on every action that has no other basis). */
  legalBasis: string[];
  /** The issuer of the decision (UBND tỉnh, Thủ tướng Chính phủ…), printed on the decision. */
  decisionIssuer: { level: ActingLevel; name: string; symbol: string };
  /** Minimum share of council votes in favour (0–1) for `council_in_favour`; null: unknown. */
  councilMinShare: number | null;
  verified: boolean;
  source?: string;
  note?: string;
  steps: ProcedureStep[];
}

/** Flags beside the path (besides the step): some derived, some raised by an action. */
export type DossierFlag =
  | 'overdue'
  | 'returned'
  | 'survey_failed'
  | 'debt_outstanding'
  | 'security_issue'
  | 'criteria_not_met'
  | 'needs_reroute';

export type DossierStatus = 'in_progress' | 'refused' | 'decided' | 'published' | 'withdrawn';

/** Who did an action, as recorded (kept even if the account changes). */
export interface ActionActor {
  userId: string | null;
  name: string;
  role: string;
}

export type CriterionVerdict = 'pass' | 'fail' | 'more_evidence';

export interface CouncilMember {
  name: string;
  position: string;
  present: boolean;
  vote: 'for' | 'against' | 'abstain' | null;
}

/** The payloads of the actions, by type. */
export interface ActionPayloads {
  open: {
    templateCode: string;
    templateVersion: number;
    setCode: string;
    year: number;
    kind: DossierKind;
  };
  attach_document: { documentCode: string; fileId: string; name: string };
  remove_document: { fileId: string };
  declare_condition: {
    condition: 'no_construction_debt' | 'no_security_issue';
    holds: boolean;
    fileId?: string;
  };
  record_satisfaction: {
    source: 'survey' | 'paper';
    coverage: number;
    satisfied: number;
    passed: boolean;
    surveyId?: string;
    fileId?: string;
  };
  record_opinion: { organisation: string; summary: string; fileId?: string };
  review_criterion: { criterion: string; verdict: CriterionVerdict };
  record_council: {
    heldOn: string;
    members: CouncilMember[];
    minutesFileId?: string;
  };
  record_decision: {
    number: string;
    issuedOn: string;
    signer: string;
    signerTitle: string;
    effectiveOn: string;
    fileId: string;
  };
  proceed: { fromStep: string; toStep: string };
  return: {
    fromStep: string;
    toStep: string;
    criteria: Array<{ criterion: string; reason: string }>;
  };
  refuse: Record<string, never>;
  withdraw: Record<string, never>;
  publish: Record<string, never>;
  reroute: { fromTemplate: string; toTemplate: string; toTemplateVersion: number; toStep: string };
  raise_flag: { flag: DossierFlag };
  clear_flag: { flag: DossierFlag };
}
export type ActionType = keyof ActionPayloads;

/** One entry of a dossier's append-only log. */
export type DossierAction = {
  [T in ActionType]: {
    seq: number;
    type: T;
    /** The step the dossier was at when the action was taken. */
    step: string;
    at: string;
    actor: ActionActor;
    reason: string | null;
    legalBasis: string | null;
    payload: ActionPayloads[T];
  };
}[ActionType];

/** A refusal of an action, as an i18n key (`recognition.*` in the server's messages) and params. */
export interface Refusal {
  code: string;
  params: Record<string, string | number>;
}

/** A document attached to the dossier (not removed). */
export interface AttachedDocument {
  documentCode: string;
  fileId: string;
  name: string;
  step: string;
  at: string;
  by: string;
}

/** The time a dossier spent at a step (one entry per visit; a return visits a step again). */
export interface StepVisit {
  step: string;
  enteredAt: string;
  leftAt: string | null;
  /** How the visit ended: proceed, return, refuse, reroute, publish, withdraw (null: current). */
  outcome: ActionType | null;
}

/** What the log says now: the state of the dossier, derived, never stored as the truth. */
export interface DossierState {
  /** The kind of recognition asked for (from the `open` payload). */
  kind: DossierKind;
  templateCode: string;
  templateVersion: number;
  status: DossierStatus;
  /** The current step's code (the last step once published). */
  step: string;
  stepEnteredAt: string;
  visits: StepVisit[];
  returns: number;
  lastReturn: {
    at: string;
    fromStep: string;
    reason: string | null;
    criteria: Array<{ criterion: string; reason: string }>;
  } | null;
  documents: AttachedDocument[];
  conditions: Partial<
    Record<
      'no_construction_debt' | 'no_security_issue',
      { holds: boolean; fileId: string | null; at: string }
    >
  >;
  satisfaction: (ActionPayloads['record_satisfaction'] & { at: string }) | null;
  opinions: Array<ActionPayloads['record_opinion'] & { at: string; by: string }>;
  /** The latest verdict per criterion code since the dossier last entered a review step. */
  reviews: Record<
    string,
    { verdict: CriterionVerdict; reason: string | null; by: string; at: string }
  >;
  council:
    | (ActionPayloads['record_council'] & {
        at: string;
        present: number;
        inFavour: number;
        share: number | null;
      })
    | null;
  decision: (ActionPayloads['record_decision'] & { at: string }) | null;
  /** Flags raised by actions and not cleared, and those the log implies (returned, survey failed…). */
  flags: DossierFlag[];
  /** The flags raised by `raise_flag` and not cleared (a subset of `flags`; only these can be cleared). */
  raisedFlags: DossierFlag[];
}

/** The facts outside the log an action check needs (the server gathers them). */
export interface ActionFacts {
  /** The roles the actor holds at the current step's level over the dossier's unit. */
  actorRoles: ActingRole[];
  /** Now, as an ISO timestamp. */
  now: string;
  /** The frozen evaluation: true every criterion met, false some not met, null incomplete. */
  allCriteriaMet: boolean | null;
  /** Criterion codes of the frozen criteria set (for returns and reviews). */
  criteria: string[];
}
