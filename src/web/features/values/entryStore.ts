import type { DraftStorage } from './draftStorage';
import { retryDelay as defaultRetryDelay } from './retry';
import type { CurrentValueView, EntryValue, PutValueBody, ValueItem } from './types';

/** What the server holds for one indicator (as last seen). */
export interface ServerValue {
  value: EntryValue;
  note: string | null;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

export type SaveStatus =
  /** Same as the server: nothing to save. */
  | 'idle'
  /** Changed; saved after a short pause in typing (or when the field is left). */
  | 'pending'
  /** A save is on its way. */
  | 'saving'
  /** Saved. */
  | 'saved'
  /** The server could not be reached: kept, and tried again automatically. */
  | 'offline'
  /** Someone else changed the value meanwhile: the officer chooses. */
  | 'conflict'
  /** The server refused the value (422). */
  | 'invalid'
  /** The data was submitted or approved (423): nothing can be saved. */
  | 'locked'
  /** Another refusal (signed out, no right…): kept; tried again by hand. */
  | 'failed';

/** One indicator as the form shows it. Immutable: a new object after every change. */
export interface FieldSnapshot {
  code: string;
  /** The value shown: the officer's unsaved one, else the server's. */
  value: EntryValue;
  note: string | null;
  server: ServerValue;
  /** The shown value or note differs from the server's. */
  unsaved: boolean;
  status: SaveStatus;
  /** The other person's value, while `status` is `conflict`. */
  conflict: ServerValue | null;
  /** The server's message for `invalid`, `locked` and `failed`. */
  error: string | null;
  /** Bumped when the shown value is replaced from outside the field (server data, a choice). */
  revision: number;
}

export interface EntrySummary {
  /** Fields whose value is not saved yet (pending, saving, offline, conflict, refused). */
  unsaved: number;
  saving: number;
  offline: number;
  conflicts: number;
  /** Refused by the server (invalid, locked, failed). */
  refused: number;
}

/** How a save ended, whatever the transport. */
export type SaveOutcome =
  | { kind: 'saved'; item: ValueItem }
  | { kind: 'conflict'; current: CurrentValueView }
  /** `status` 0: the server was not reached. */
  | { kind: 'error'; status: number; message: string };

export interface TimerApi {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface EntryStoreOptions {
  /** Sends one PUT; resolves with its outcome (never rejects). */
  save(indicator: string, body: PutValueBody): Promise<SaveOutcome>;
  drafts: DraftStorage;
  /** Pause in typing before a save (ms). */
  debounceMs?: number;
  retryDelay?: (attempt: number) => number;
  /** The server answered 423: the data is locked. */
  onLocked?: (message: string) => void;
  /** A value was saved (the server's item). */
  onSaved?: (item: ValueItem) => void;
  timers?: TimerApi;
  now?: () => number;
}

interface Payload {
  value: EntryValue;
  note: string | null;
}

interface Field {
  code: string;
  server: ServerValue;
  /** The version the next save sends: the one the officer's edit is based on. */
  base: number;
  draft: Payload | null;
  inflight: boolean;
  /** Values sent whose fate is unknown (the connection broke): they may have been saved. */
  unconfirmed: Payload[];
  status: SaveStatus;
  conflict: ServerValue | null;
  error: string | null;
  attempt: number;
  timer: unknown;
  revision: number;
  snapshot: FieldSnapshot;
}

const defaultTimers: TimerApi = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A note as stored: blank is no note. */
export function normaliseNote(note: string | null | undefined): string | null {
  if (note == null) return null;
  return note.trim() === '' ? null : note;
}

function samePayload(a: Payload, b: Payload): boolean {
  return a.value === b.value && normaliseNote(a.note) === normaliseNote(b.note);
}

function fromItem(item: ValueItem | CurrentValueView): ServerValue {
  return {
    value: item.value,
    note: item.note,
    version: item.version,
    updatedAt: item.updatedAt,
    updatedBy: item.updatedBy,
  };
}

/** Reaching the server failed in a way that may pass: no connection, a gateway, a server error. */
function isTransient(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/**
 * The values of one unit, criteria set and year while an officer types them: each indicator saves
 * itself after a pause (one request at a time, sending the version it read), keeps what is typed in
 * the browser's storage until the server confirms it, retries with growing waits when the
 * connection is lost, recognises its own earlier save in a conflict answer, and otherwise shows the
 * other person's value and waits for the officer's choice. No React: the page subscribes to it.
 */
export class EntryStore {
  private readonly fields = new Map<string, Field>();
  private readonly listeners = new Set<() => void>();
  private readonly debounceMs: number;
  private readonly retryDelay: (attempt: number) => number;
  private readonly timers: TimerApi;
  private readonly now: () => number;
  private editable: boolean;
  /** Attached to a page: timers run. A detached store only finishes the requests under way. */
  private active = true;
  private valuesSnapshot: Readonly<Record<string, EntryValue>> = {};
  private summarySnapshot: EntrySummary = {
    unsaved: 0,
    saving: 0,
    offline: 0,
    conflicts: 0,
    refused: 0,
  };

  constructor(
    items: readonly ValueItem[],
    private readonly options: EntryStoreOptions,
    editable: boolean,
  ) {
    this.debounceMs = options.debounceMs ?? 800;
    this.retryDelay = options.retryDelay ?? ((attempt) => defaultRetryDelay(attempt));
    this.timers = options.timers ?? defaultTimers;
    this.now = options.now ?? Date.now;
    this.editable = editable;
    const stored = options.drafts.load();
    for (const item of items) {
      const server = fromItem(item);
      const field: Field = {
        code: item.indicator,
        server,
        base: server.version,
        draft: null,
        inflight: false,
        unconfirmed: [],
        status: 'idle',
        conflict: null,
        error: null,
        attempt: 0,
        timer: null,
        revision: 0,
        snapshot: undefined as unknown as FieldSnapshot,
      };
      const draft = stored[item.indicator];
      if (draft) {
        const payload = { value: draft.value, note: normaliseNote(draft.note) };
        if (samePayload(payload, server)) {
          // Saved after all (the answer was lost, or another tab saved it).
          options.drafts.remove(item.indicator);
        } else {
          field.draft = payload;
          field.base = draft.base;
          field.status = 'pending';
        }
      }
      field.snapshot = this.buildSnapshot(field);
      this.fields.set(item.indicator, field);
    }
    this.refreshAggregates();
    if (editable) {
      for (const field of this.fields.values()) {
        if (field.status === 'pending') this.schedule(field, 0);
      }
    }
  }

  // --- Reading (for useSyncExternalStore) -------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  field(code: string): FieldSnapshot | undefined {
    return this.fields.get(code)?.snapshot;
  }

  /** The value shown for every indicator (the live evaluation reads this). */
  values(): Readonly<Record<string, EntryValue>> {
    return this.valuesSnapshot;
  }

  summary(): EntrySummary {
    return this.summarySnapshot;
  }

  isEditable(): boolean {
    return this.editable;
  }

  // --- Changes from the officer -----------------------------------------------------------------

  /**
   * The officer changed the value or the note. Saved after the typing pause, or at once with
   * `immediate` (a yes/no choice, leaving the field).
   */
  edit(code: string, patch: Partial<Payload>, immediate = false): void {
    const field = this.fields.get(code);
    if (!field) return;
    const current = field.draft ?? { value: field.server.value, note: field.server.note };
    const next: Payload = {
      value: patch.value !== undefined ? patch.value : current.value,
      note: patch.note !== undefined ? patch.note : current.note,
    };
    if (samePayload(next, current) && field.draft) {
      // Nothing new (a blur after a pause): only hurry the pending save.
      if (immediate) this.flush(code);
      return;
    }
    const blocked = field.status === 'conflict' || field.status === 'locked';
    const settled = !field.inflight && field.unconfirmed.length === 0;
    if (samePayload(next, field.server) && settled && !blocked) {
      // Back to what the server has: nothing to save.
      this.cancelTimer(field);
      field.draft = null;
      field.unconfirmed = [];
      field.attempt = 0;
      field.error = null;
      field.status = field.status === 'saved' ? 'saved' : 'idle';
      this.options.drafts.remove(code);
      this.changed(field);
      return;
    }
    field.draft = next;
    this.options.drafts.save(code, { ...next, base: field.base, at: this.now() });
    if (!blocked) {
      field.error = null;
      if (!field.inflight) field.status = 'pending';
      if (!field.inflight) this.schedule(field, immediate ? 0 : this.debounceMs);
    }
    this.changed(field);
  }

  /** Saves now what waits for the typing pause (one field, or all of them). */
  flush(code?: string): void {
    const targets = code === undefined ? [...this.fields.values()] : [this.fields.get(code)];
    for (const field of targets) {
      if (field && field.status === 'pending' && !field.inflight) {
        this.cancelTimer(field);
        void this.send(field);
      }
    }
  }

  /**
   * Sends what waits for the typing pause and resolves once no save is waiting or under way (or
   * after `timeoutMs`), with the summary then: before sending the data up for approval.
   */
  settle(timeoutMs = 15_000): Promise<EntrySummary> {
    this.flush();
    return new Promise((resolve) => {
      let timer: unknown = null;
      let unsubscribe = () => {};
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        unsubscribe();
        if (timer !== null) this.timers.clear(timer);
        resolve(this.summary());
      };
      const busy = () =>
        [...this.fields.values()].some(
          (field) => field.inflight || (field.status === 'pending' && this.editable),
        );
      if (!busy()) {
        finish();
        return;
      }
      unsubscribe = this.subscribe(() => {
        if (!busy()) finish();
      });
      timer = this.timers.set(finish, timeoutMs);
    });
  }

  /**
   * Tries again now the values that did not reach the server (back online); with
   * `refused`, also those the server refused for another reason (the officer asked).
   */
  retryNow(refused = false): void {
    for (const field of this.fields.values()) {
      const retry = field.status === 'offline' || (refused && field.status === 'failed');
      if (retry && !field.inflight) {
        this.cancelTimer(field);
        field.status = 'pending';
        void this.send(field);
      }
    }
  }

  /**
   * After a conflict: `mine` saves the officer's value over the other person's (with the new
   * version); `theirs` drops the officer's value and keeps the one on the server.
   */
  resolveConflict(code: string, choice: 'mine' | 'theirs'): void {
    const field = this.fields.get(code);
    if (!field || field.status !== 'conflict' || !field.conflict) return;
    field.server = field.conflict;
    field.base = field.conflict.version;
    field.conflict = null;
    field.unconfirmed = [];
    field.attempt = 0;
    if (choice === 'theirs' || !field.draft || samePayload(field.draft, field.server)) {
      field.draft = null;
      field.status = 'idle';
      field.revision++;
      this.options.drafts.remove(code);
      this.changed(field);
      return;
    }
    this.options.drafts.save(code, { ...field.draft, base: field.base, at: this.now() });
    field.status = 'pending';
    this.changed(field);
    void this.send(field);
  }

  // --- Changes from outside ---------------------------------------------------------------------

  /** Fresh data from the server (a reload of the page's query, an import). */
  sync(items: readonly ValueItem[]): void {
    for (const item of items) {
      const field = this.fields.get(item.indicator);
      if (!field) continue;
      const server = fromItem(item);
      if (field.inflight || field.status === 'conflict') continue;
      if (field.draft) {
        if (samePayload(field.draft, server)) {
          // Our value is there (an earlier save whose answer was lost).
          this.cancelTimer(field);
          field.server = server;
          field.base = server.version;
          field.draft = null;
          field.unconfirmed = [];
          field.status = 'saved';
          field.error = null;
          this.options.drafts.remove(field.code);
          this.changed(field);
        }
        // Otherwise keep the officer's value and the version it was based on.
        continue;
      }
      if (server.version === field.server.version && samePayload(server, field.server)) continue;
      field.server = server;
      field.base = server.version;
      field.revision++;
      this.changed(field);
    }
  }

  /** The data became editable (returned, reopened) or read-only (submitted, approved, 423). */
  setEditable(editable: boolean): void {
    if (this.editable === editable) return;
    this.editable = editable;
    for (const field of this.fields.values()) {
      if (!editable) {
        this.cancelTimer(field);
        continue;
      }
      if (field.status === 'locked') {
        field.status = field.draft ? 'pending' : 'idle';
        field.error = null;
        this.changed(field);
      }
      if (field.status === 'pending' && !field.inflight) this.schedule(field, 0);
    }
  }

  /**
   * The page goes away: what waits for the typing pause is sent now (and stays in storage until
   * confirmed); retries stop. `attach` starts them again (React may detach and re-attach).
   */
  detach(): void {
    this.flush();
    this.active = false;
    for (const field of this.fields.values()) this.cancelTimer(field);
  }

  attach(): void {
    if (this.active) return;
    this.active = true;
    for (const field of this.fields.values()) {
      if ((field.status === 'pending' || field.status === 'offline') && !field.inflight) {
        this.schedule(field, 0);
      }
    }
  }

  // --- Saving -----------------------------------------------------------------------------------

  private schedule(field: Field, ms: number): void {
    this.cancelTimer(field);
    if (!this.active || !this.editable) return;
    field.timer = this.timers.set(() => {
      field.timer = null;
      void this.send(field);
    }, ms);
  }

  private cancelTimer(field: Field): void {
    if (field.timer !== null) {
      this.timers.clear(field.timer);
      field.timer = null;
    }
  }

  private async send(field: Field): Promise<void> {
    if (!this.editable || field.inflight) return;
    if (field.status === 'conflict' || field.status === 'locked') return;
    const draft = field.draft;
    if (!draft) {
      if (field.status === 'pending' || field.status === 'offline') {
        field.status = 'idle';
        this.changed(field);
      }
      return;
    }
    const sent: Payload = { value: draft.value, note: normaliseNote(draft.note) };
    field.inflight = true;
    field.status = 'saving';
    this.changed(field);
    let outcome: SaveOutcome;
    try {
      outcome = await this.options.save(field.code, { ...sent, version: field.base });
    } catch (error) {
      outcome = { kind: 'error', status: 0, message: (error as Error).message };
    }
    field.inflight = false;

    if (outcome.kind === 'saved') {
      this.confirmed(field, fromItem(outcome.item));
      this.options.onSaved?.(outcome.item);
      // The connection works again: do not leave the others waiting for their timers.
      if (this.active) this.retryNow();
      return;
    }
    if (outcome.kind === 'conflict') {
      const current = fromItem(outcome.current);
      const ours =
        samePayload(sent, current) ||
        field.unconfirmed.some((payload) => samePayload(payload, current)) ||
        (field.draft !== null && samePayload(field.draft, current));
      if (ours) {
        // An earlier request of ours had landed (its answer was lost), or the value is the same.
        this.confirmed(field, current);
        return;
      }
      if (field.unconfirmed.length === 0 && samePayload(current, field.server)) {
        // The version moved but not the value nor the note (an evidence file created the row):
        // nothing to choose between; save again on the new version.
        this.confirmed(field, current);
        return;
      }
      field.conflict = current;
      field.unconfirmed = [];
      field.attempt = 0;
      field.status = 'conflict';
      this.changed(field);
      return;
    }
    if (isTransient(outcome.status)) {
      if (!field.unconfirmed.some((payload) => samePayload(payload, sent))) {
        field.unconfirmed.push(sent);
      }
      field.attempt++;
      field.status = 'offline';
      field.error = null;
      this.changed(field);
      this.schedule(field, this.retryDelay(field.attempt));
      return;
    }
    field.error = outcome.message;
    field.attempt = 0;
    if (outcome.status === 423) {
      field.status = 'locked';
      this.changed(field);
      this.options.onLocked?.(outcome.message);
      return;
    }
    field.status = outcome.status === 422 ? 'invalid' : 'failed';
    this.changed(field);
  }

  /** The server holds `server`, which includes what we sent: take its version, save what is newer. */
  private confirmed(field: Field, server: ServerValue): void {
    field.server = server;
    field.base = server.version;
    field.unconfirmed = [];
    field.attempt = 0;
    field.error = null;
    if (!field.draft || samePayload(field.draft, server)) {
      field.draft = null;
      field.status = 'saved';
      this.options.drafts.remove(field.code);
      this.changed(field);
      return;
    }
    // Typed more while the save was on its way: save that too, on the new version.
    this.options.drafts.save(field.code, { ...field.draft, base: field.base, at: this.now() });
    field.status = 'pending';
    this.changed(field);
    this.schedule(field, 0);
  }

  // --- Snapshots --------------------------------------------------------------------------------

  private buildSnapshot(field: Field): FieldSnapshot {
    const shown = field.draft ?? { value: field.server.value, note: field.server.note };
    return {
      code: field.code,
      value: shown.value,
      note: shown.note,
      server: field.server,
      unsaved: field.draft !== null,
      status: field.status,
      conflict: field.conflict,
      error: field.error,
      revision: field.revision,
    };
  }

  private changed(field: Field): void {
    field.snapshot = this.buildSnapshot(field);
    this.refreshAggregates();
    for (const listener of [...this.listeners]) listener();
  }

  private refreshAggregates(): void {
    const values: Record<string, EntryValue> = {};
    const summary: EntrySummary = { unsaved: 0, saving: 0, offline: 0, conflicts: 0, refused: 0 };
    let valuesChanged = false;
    for (const field of this.fields.values()) {
      const { value, unsaved, status } = field.snapshot;
      values[field.code] = value;
      if (this.valuesSnapshot[field.code] !== value) valuesChanged = true;
      if (unsaved) summary.unsaved++;
      if (status === 'saving') summary.saving++;
      if (status === 'offline') summary.offline++;
      if (status === 'conflict') summary.conflicts++;
      if (status === 'invalid' || status === 'locked' || status === 'failed') summary.refused++;
    }
    if (valuesChanged || Object.keys(this.valuesSnapshot).length !== this.fields.size) {
      this.valuesSnapshot = values;
    }
    const previous = this.summarySnapshot;
    if (
      previous.unsaved !== summary.unsaved ||
      previous.saving !== summary.saving ||
      previous.offline !== summary.offline ||
      previous.conflicts !== summary.conflicts ||
      previous.refused !== summary.refused
    ) {
      this.summarySnapshot = summary;
    }
  }
}
