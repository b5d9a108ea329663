import type { EntryValue } from './types';

/** A value typed on this device and not yet confirmed by the server. */
export interface StoredDraft {
  value: EntryValue;
  note: string | null;
  /** The version the officer was editing (sent with the save, so a change by others is noticed). */
  base: number;
  /** When it was typed (ms since epoch). */
  at: number;
}

/** Unsaved values of one unit, set and year, by indicator code. */
export interface DraftStorage {
  load(): Record<string, StoredDraft>;
  save(indicator: string, draft: StoredDraft): void;
  remove(indicator: string): void;
}

/** The storage key of a user's unsaved values for a unit, criteria set and year. */
export function draftKey(user: string, unit: string, set: string, year: number): string {
  return `ntm.values.drafts.v1:${user}:${unit}:${set}:${year}`;
}

function isDraft(value: unknown): value is StoredDraft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Record<string, unknown>;
  const okValue =
    draft.value === null ||
    typeof draft.value === 'boolean' ||
    (typeof draft.value === 'number' && Number.isFinite(draft.value));
  return (
    okValue &&
    (draft.note === null || typeof draft.note === 'string') &&
    typeof draft.base === 'number' &&
    Number.isInteger(draft.base) &&
    draft.base >= 0 &&
    typeof draft.at === 'number'
  );
}

/**
 * Unsaved values kept in the browser's storage (localStorage: it outlives a tab the phone closed),
 * so a reload or a crash never loses typed data. Storage may be missing or full: then it quietly
 * keeps nothing, and the page still works.
 */
export function createDraftStorage(storage: Storage | null, key: string): DraftStorage {
  const read = (): Record<string, StoredDraft> => {
    if (!storage) return {};
    try {
      const raw = storage.getItem(key);
      if (!raw) return {};
      const parsed = JSON.parse(raw) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
      const drafts: Record<string, StoredDraft> = {};
      for (const [indicator, draft] of Object.entries(parsed as Record<string, unknown>)) {
        if (isDraft(draft)) drafts[indicator] = draft;
      }
      return drafts;
    } catch {
      return {};
    }
  };
  const write = (drafts: Record<string, StoredDraft>): void => {
    if (!storage) return;
    try {
      if (Object.keys(drafts).length === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(drafts));
    } catch {
      // Full or refused: the value is still in memory and being saved.
    }
  };
  return {
    load: read,
    save(indicator, draft) {
      write({ ...read(), [indicator]: draft });
    },
    remove(indicator) {
      const drafts = read();
      if (!(indicator in drafts)) return;
      delete drafts[indicator];
      write(drafts);
    },
  };
}

/** The browser's localStorage, or null where it is unavailable (private mode, blocked). */
export function browserStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}
