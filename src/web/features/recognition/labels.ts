import type { StatusTone } from '../../components/StatusBadge';
import type { Me } from '../auth/types';
import type {
  ActionType,
  ConditionView,
  DossierFlag,
  DossierKind,
  DossierStatus,
  StepView,
} from './types';

/** Every kind of recognition, in the order of the decrees (pickers, filters). */
export const DOSSIER_KINDS: readonly DossierKind[] = [
  'commune_ntm',
  'commune_advanced',
  'commune_model',
  'district_ntm',
  'district_advanced',
  'district_town',
  'province_completed',
];

export const DOSSIER_STATUSES: readonly DossierStatus[] = [
  'in_progress',
  'refused',
  'decided',
  'published',
  'withdrawn',
];

/** The kinds a unit of a level may ask for. */
export function kindsForLevel(level: 'commune' | 'district' | 'province'): DossierKind[] {
  return DOSSIER_KINDS.filter((kind) =>
    level === 'commune'
      ? kind.startsWith('commune_')
      : level === 'district'
        ? kind.startsWith('district_')
        : kind === 'province_completed',
  );
}

export function statusTone(status: DossierStatus): StatusTone {
  switch (status) {
    case 'published':
      return 'success';
    case 'refused':
      return 'danger';
    case 'withdrawn':
      return 'neutral';
    default:
      return 'info';
  }
}

/** Flags that stop the dossier (red) and those that only ask for attention (amber). */
export function flagTone(flag: DossierFlag): StatusTone {
  return flag === 'returned' || flag === 'needs_reroute' ? 'warning' : 'danger';
}

/** Flags in a stable order: overdue first, then the blocking ones, then the rest. */
export function sortFlags(flags: readonly DossierFlag[]): DossierFlag[] {
  const order: DossierFlag[] = [
    'overdue',
    'criteria_not_met',
    'debt_outstanding',
    'security_issue',
    'survey_failed',
    'returned',
    'needs_reroute',
  ];
  return [...new Set(flags)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

export function conditionTone(status: ConditionView['status']): StatusTone {
  return status === 'met' ? 'success' : status === 'not_met' ? 'danger' : 'neutral';
}

export type StepState = 'done' | 'current' | 'later';

/**
 * Where each step of the template stands: steps before the current one are done; the current one
 * is current while the dossier is in progress and done once it is closed (decided, published,
 * refused, withdrawn); the rest come later.
 */
export function stepStates(
  steps: readonly Pick<StepView, 'code'>[],
  current: string,
  status: DossierStatus,
): StepState[] {
  const index = steps.findIndex((step) => step.code === current);
  return steps.map((_, i) => {
    if (index === -1) return 'later';
    if (i < index) return 'done';
    if (i === index) return status === 'in_progress' ? 'current' : 'done';
    return 'later';
  });
}

/** Working days spent in each step so far (a step visited again after a return adds up). */
export function workingDaysByStep(
  visits: readonly { step: string; workingDays: number }[],
): Map<string, number> {
  const days = new Map<string, number>();
  for (const visit of visits) days.set(visit.step, (days.get(visit.step) ?? 0) + visit.workingDays);
  return days;
}

export interface VoteCount {
  members: number;
  present: number;
  for: number;
  against: number;
  abstain: number;
  /** Share of the members present who voted for (0–1); null when nobody is present. */
  share: number | null;
}

/** The council's vote: votes of absent members do not count. */
export function countVotes(
  members: readonly { present: boolean; vote: 'for' | 'against' | 'abstain' | null }[],
): VoteCount {
  const present = members.filter((member) => member.present);
  const count = (vote: 'for' | 'against' | 'abstain') =>
    present.filter((member) => member.vote === vote).length;
  const votesFor = count('for');
  return {
    members: members.length,
    present: present.length,
    for: votesFor,
    against: count('against'),
    abstain: count('abstain'),
    share: present.length === 0 ? null : votesFor / present.length,
  };
}

/** Actions that take the whole step's decision (buttons at the bottom of the panel). */
export const STEP_DECISIONS: readonly ActionType[] = [
  'proceed',
  'publish',
  'return',
  'refuse',
  'withdraw',
  'reroute',
];

/** Actions whose reason is required by the procedure. */
export function needsReason(type: ActionType): boolean {
  return (
    type === 'return' ||
    type === 'refuse' ||
    type === 'withdraw' ||
    type === 'reroute' ||
    type === 'raise_flag' ||
    type === 'clear_flag'
  );
}

/** True when a percentage typed by hand is a number from 0 to 100 ("85,5" allowed). */
export function parsePercent(text: string): number | null {
  const normalised = text.trim().replace(',', '.');
  if (!/^\d{1,3}(\.\d+)?$/.test(normalised)) return null;
  const value = Number(normalised);
  return value >= 0 && value <= 100 ? value : null;
}

/** Inbox order: overdue first, then by due date (none last), then by reference. */
export function inboxOrder<T extends { overdue: boolean; dueOn: string | null; link: string }>(
  items: readonly T[],
): T[] {
  return [...items].sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (a.dueOn !== b.dueOn) {
      if (a.dueOn === null) return 1;
      if (b.dueOn === null) return -1;
      return a.dueOn < b.dueOn ? -1 : 1;
    }
    return a.link < b.link ? -1 : a.link > b.link ? 1 : 0;
  });
}

/** A value of the frozen self-assessment in words-ready form (numbers Vietnamese-formatted). */
export function frozenValueText(
  value: unknown,
  words: { yes: string; no: string; none: string },
  formatNumber: (n: number) => string,
): string {
  if (value === null || value === undefined) return words.none;
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * The verdicts recorded for one criterion, whatever the server keys them by (one verdict, or one
 * per reviewer).
 */
export function reviewVerdicts(
  reviews: Record<string, Record<string, unknown>>,
  criterion: string,
): { by: string | null; verdict: string; reason: string | null }[] {
  const entry = reviews[criterion];
  if (!entry) return [];
  const read = (value: Record<string, unknown>, key: string | null) => ({
    by:
      typeof value.by === 'string' ? value.by : typeof value.actor === 'string' ? value.actor : key,
    verdict: String(value.verdict),
    reason: typeof value.reason === 'string' ? value.reason : null,
  });
  if (typeof entry.verdict === 'string') return [read(entry, null)];
  return Object.entries(entry)
    .filter(
      (pair): pair is [string, Record<string, unknown>] =>
        typeof pair[1] === 'object' && pair[1] !== null && 'verdict' in pair[1],
    )
    .map(([key, value]) => read(value, key));
}

export interface OwnUnit {
  code: string;
  name: string;
  level: 'commune' | 'district';
}

/** The units the user may open a dossier for: their commune (or district) of their role. */
export function ownUnits(me: Me | null | undefined): OwnUnit[] {
  const units = new Map<string, OwnUnit>();
  for (const assignment of me?.roles ?? []) {
    const unit = assignment.unit;
    if (!unit) continue;
    if (assignment.role === 'commune' && unit.level === 'commune') {
      units.set(unit.code, { code: unit.code, name: unit.name, level: 'commune' });
    } else if (assignment.role === 'district' && unit.level === 'district') {
      units.set(unit.code, { code: unit.code, name: unit.name, level: 'district' });
    }
  }
  return [...units.values()];
}

/** A loosely typed field of a record (opinions, returns) as text: '' when not a plain value. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
