import { expect } from 'vitest';
import { addDays, parseHolidayCalendar } from './calendar';
import type { WorkingCalendar } from './calendar';
import { checkAction, postingEndsOn, stepOf } from './check';
import { deriveDossierState } from './state';
import { parseProcedureTemplate } from './template';
import type {
  ActingRole,
  ActionFacts,
  ActionPayloads,
  ActionType,
  DossierAction,
  DossierKind,
  DossierState,
  ProcedureTemplate,
  Refusal,
} from './types';

/** The shipped YAML files, read as text by Vite (no file-system access in src/domain). */
export const templateFiles = import.meta.glob<string>('../../../data/recognition/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const calendarFiles = import.meta.glob<string>('../../../data/calendar/ngay-nghi-le.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export function loadTemplate(code: string): ProcedureTemplate {
  const entry = Object.entries(templateFiles).find(([p]) => p.endsWith(`/${code}.yaml`));
  if (!entry) throw new Error(`no file for ${code}`);
  const outcome = parseProcedureTemplate(entry[1]);
  if ('errors' in outcome) throw new Error(`${entry[0]}: ${outcome.errors.join('; ')}`);
  return outcome.template;
}

export const TEMPLATES: ProcedureTemplate[] = Object.keys(templateFiles).map((p) =>
  loadTemplate(p.replace(/^.*\//, '').replace(/\.yaml$/, '')),
);

export function loadCalendar(): WorkingCalendar {
  const text = Object.values(calendarFiles)[0];
  if (text === undefined) throw new Error('no calendar file');
  const outcome = parseHolidayCalendar(text);
  if ('errors' in outcome) throw new Error(outcome.errors.join('; '));
  return outcome.calendar;
}
export const CAL = loadCalendar();
export const CRITERIA = ['1', '2', '3'];

export function templateOf(code: string, version: number): ProcedureTemplate {
  const t = TEMPLATES.find((x) => x.code === code && x.version === version);
  if (!t) throw new Error(`no template ${code}@${version}`);
  return t;
}

export interface ActOptions {
  roles?: ActingRole[];
  reason?: string | null;
  legalBasis?: string | null;
  facts?: Partial<ActionFacts>;
  template?: ProcedureTemplate;
  targetTemplate?: ProcedureTemplate | null;
}

/** A dossier under test: its log, a clock (ISO date), and helpers to check and take actions. */
export class Case {
  log: DossierAction[] = [];
  clock: string;
  constructor(
    template: ProcedureTemplate,
    kind: DossierKind = 'commune_ntm',
    openedOn = '2025-07-07',
  ) {
    this.clock = openedOn;
    this.log.push({
      seq: 1,
      type: 'open',
      step: template.steps[0]?.code ?? '',
      at: this.now(),
      actor: { userId: null, name: 'Cán bộ xã', role: 'commune' },
      reason: null,
      legalBasis: null,
      payload: {
        templateCode: template.code,
        templateVersion: template.version,
        setCode: 'xa-ntm-2021-2025',
        year: 2025,
        kind,
      },
    });
  }
  now(): string {
    return `${this.clock}T03:00:00.000Z`;
  }
  advance(days: number): void {
    this.clock = addDays(this.clock, days);
  }
  get state(): DossierState {
    return deriveDossierState(this.log, templateOf);
  }
  get template(): ProcedureTemplate {
    const s = this.state;
    return templateOf(s.templateCode, s.templateVersion);
  }
  stepRoles(): ActingRole[] {
    const step = stepOf(this.template, this.state.step);
    return step ? [step.actor.roles[0] ?? 'commune'] : [];
  }
  check<T extends ActionType>(type: T, payload: unknown, o: ActOptions = {}): Refusal[] {
    return checkAction({
      state: this.state,
      template: o.template ?? this.template,
      type,
      payload,
      reason: o.reason ?? null,
      legalBasis: o.legalBasis ?? null,
      targetTemplate: o.targetTemplate,
      calendar: CAL,
      facts: {
        actorRoles: o.roles ?? this.stepRoles(),
        now: this.now(),
        allCriteriaMet: true,
        criteria: CRITERIA,
        ...o.facts,
      },
    });
  }
  codes<T extends ActionType>(type: T, payload: unknown, o: ActOptions = {}): string[] {
    return this.check(type, payload, o).map((r) => r.code);
  }
  /** Appends the action without checking it. */
  push<T extends ActionType>(type: T, payload: ActionPayloads[T], o: ActOptions = {}): void {
    const roles = o.roles ?? this.stepRoles();
    this.log.push({
      seq: this.log.length + 1,
      type,
      step: this.state.step,
      at: this.now(),
      actor: { userId: null, name: `Cán bộ (${roles.join(',')})`, role: roles[0] ?? '' },
      reason: o.reason ?? null,
      legalBasis: o.legalBasis ?? null,
      payload,
    } as DossierAction);
  }
  /** Checks the action (it must be allowed), then appends it. */
  do<T extends ActionType>(type: T, payload: ActionPayloads[T], o: ActOptions = {}): void {
    expect(this.check(type, payload, o), `${type} at ${this.state.step}`).toEqual([]);
    this.push(type, payload, o);
  }

  /** Does what the current step needs, then proceeds (or publishes at the last step). */
  completeStep(): void {
    const template = this.template;
    const state = this.state;
    const step = stepOf(template, state.step);
    if (!step) throw new Error(`unknown step ${state.step}`);
    for (const d of step.documents)
      if (d.required && !state.documents.some((a) => a.documentCode === d.code))
        this.do('attach_document', {
          documentCode: d.code,
          fileId: `f-${d.code}-${this.log.length}`,
          name: `${d.name}.pdf`,
        });
    if (step.features.includes('opinions'))
      this.do('record_opinion', { organisation: 'Ủy ban MTTQ', summary: 'Thống nhất đề nghị' });
    if (
      step.features.includes('satisfaction') ||
      (step.conditions.includes('satisfaction') && !state.satisfaction)
    )
      this.do('record_satisfaction', {
        source: 'survey',
        coverage: 85,
        satisfied: 95,
        passed: true,
        surveyId: 's1',
      });
    for (const c of ['no_construction_debt', 'no_security_issue'] as const)
      if (step.conditions.includes(c))
        this.do('declare_condition', { condition: c, holds: true, fileId: `f-${c}` });
    if (step.features.includes('criterion_review'))
      for (const criterion of CRITERIA)
        this.do(
          'review_criterion',
          { criterion, verdict: 'pass' },
          { roles: [step.actor.roles[0] ?? 'sector'] },
        );
    if (step.features.includes('council'))
      this.do('record_council', {
        heldOn: this.clock,
        members: [
          { name: 'A', position: 'Chủ tịch', present: true, vote: 'for' },
          { name: 'B', position: 'Thành viên', present: true, vote: 'for' },
          { name: 'C', position: 'Thành viên', present: true, vote: 'against' },
          { name: 'D', position: 'Thành viên', present: false, vote: null },
        ],
      });
    if (step.features.includes('decision'))
      this.do('record_decision', {
        number: '123/QĐ-UBND',
        issuedOn: this.clock,
        signer: 'Nguyễn Văn A',
        signerTitle: 'Chủ tịch',
        effectiveOn: this.clock,
        fileId: 'f-decision',
      });
    const ends = postingEndsOn(this.state, template, CAL);
    if (ends !== null) while (this.clock <= ends) this.advance(1);
    if (step.features.includes('publication')) {
      this.do('publish', {});
      return;
    }
    const i = template.steps.findIndex((s) => s.code === step.code);
    const next = template.steps[i + 1];
    if (!next) throw new Error('no next step');
    this.do('proceed', { fromStep: step.code, toStep: next.code });
    this.advance(1);
  }
  /** Completes steps until the dossier is at `code`. */
  goTo(code: string): void {
    for (let guard = 0; this.state.step !== code; guard++) {
      if (guard > 30) throw new Error(`never reached ${code}`);
      this.completeStep();
    }
  }
}
