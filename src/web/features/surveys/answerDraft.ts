import type { Answers, OfficerChannel } from './types';

/**
 * A form typed by an officer, kept on this device until the server confirms it: a lost connection
 * never loses it, and a retry sends the same clientId (the server counts it once).
 */
export interface AnswerDraft {
  clientId: string;
  householdId: number;
  householdLabel: string;
  channel: OfficerChannel;
  answers: Answers;
  /** The last attempt failed (shown as "chưa lưu"). */
  unsaved: boolean;
  savedAt: string;
}

const PREFIX = 'ntm.surveys.drafts.';

function key(campaignId: string): string {
  return `${PREFIX}${campaignId}`;
}

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

function isDraft(value: unknown): value is AnswerDraft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Partial<AnswerDraft>;
  return (
    typeof draft.clientId === 'string' &&
    typeof draft.householdId === 'number' &&
    (draft.channel === 'paper' || draft.channel === 'door') &&
    typeof draft.answers === 'object' &&
    draft.answers !== null
  );
}

/** The drafts of a campaign not yet confirmed by the server, oldest first. */
export function loadDrafts(campaignId: string): AnswerDraft[] {
  const text = storage()?.getItem(key(campaignId));
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed.filter(isDraft) : [];
  } catch {
    return [];
  }
}

function write(campaignId: string, drafts: AnswerDraft[]): void {
  const store = storage();
  if (!store) return;
  try {
    if (drafts.length === 0) store.removeItem(key(campaignId));
    else store.setItem(key(campaignId), JSON.stringify(drafts));
  } catch {
    // A full storage keeps the form on screen only.
  }
}

/** Keeps (or replaces, by clientId) one draft. */
export function saveDraft(campaignId: string, draft: AnswerDraft): void {
  const drafts = loadDrafts(campaignId).filter((item) => item.clientId !== draft.clientId);
  write(campaignId, [...drafts, draft]);
}

/** Forgets a draft once the server confirmed it. */
export function dropDraft(campaignId: string, clientId: string): void {
  write(
    campaignId,
    loadDrafts(campaignId).filter((item) => item.clientId !== clientId),
  );
}

/** A new form's id: made once per form, sent again on every retry of that form. */
export function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
