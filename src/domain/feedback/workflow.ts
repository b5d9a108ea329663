/**
 * The life of a community report (phản ánh), as pure rules: which office action is allowed in
 * which status, and the status it leads to. The server checks the actor's rights (policy) before,
 * and writes the event log after.
 *
 *   received ──start──▶ in_progress ──answer──▶ answered ──resolve──▶ resolved ──close──▶ closed
 *       │  └─────────────answer─────────────────▲   └──────────close───────────────────────▲
 *       └──reject──▶ rejected (spam, duplicate, out of scope: never public)
 *
 * `accept` publishes a report waiting for moderation without changing its status; `start`,
 * `answer` and `resolve` publish it too (an office that handles a report has accepted it).
 * `note` is an internal note, allowed in any status.
 */

export type FeedbackStatus =
  'received' | 'in_progress' | 'answered' | 'resolved' | 'closed' | 'rejected';

export type FeedbackAction =
  'accept' | 'start' | 'answer' | 'note' | 'resolve' | 'close' | 'reject';

export interface Transition {
  /** The status after the action (the same when the action does not change it). */
  to: FeedbackStatus;
  /** The action makes the report public (if it was not yet). */
  publishes: boolean;
}

const from: Record<FeedbackAction, readonly FeedbackStatus[]> = {
  accept: ['received', 'in_progress', 'answered', 'resolved'],
  start: ['received'],
  answer: ['received', 'in_progress', 'answered', 'resolved'],
  note: ['received', 'in_progress', 'answered', 'resolved', 'closed', 'rejected'],
  resolve: ['received', 'in_progress', 'answered'],
  close: ['answered', 'resolved'],
  reject: ['received'],
};

/** The transition of `action` from `status`, or null when the action is not allowed there. */
export function transition(
  status: FeedbackStatus,
  action: FeedbackAction,
  published: boolean,
): Transition | null {
  if (!from[action].includes(status)) return null;
  switch (action) {
    case 'accept':
      return published ? null : { to: status, publishes: true };
    case 'start':
      return { to: 'in_progress', publishes: true };
    case 'answer':
      return { to: status === 'resolved' ? 'resolved' : 'answered', publishes: true };
    case 'note':
      return { to: status, publishes: false };
    case 'resolve':
      return { to: 'resolved', publishes: true };
    case 'close':
      return { to: 'closed', publishes: false };
    case 'reject':
      return { to: 'rejected', publishes: false };
  }
}

/** Waiting for an answer past its due date (dates YYYY-MM-DD, in Vietnam). */
export function isOverdue(status: FeedbackStatus, dueOn: string, today: string): boolean {
  return (status === 'received' || status === 'in_progress') && dueOn < today;
}

/**
 * The text as compared for duplicates: lower case, without diacritics (đ → d), only letters and
 * digits separated by single spaces.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A public code PA-<year>-XXXXXX from six random numbers (0–255), no 0/O/1/I/L to misread. */
export function reportCodeOf(year: number, random: ArrayLike<number>): string {
  let suffix = '';
  for (let index = 0; index < 6; index++) {
    suffix += CODE_ALPHABET[(random[index] ?? 0) % CODE_ALPHABET.length];
  }
  return `PA-${year}-${suffix}`;
}
