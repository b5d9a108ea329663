import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DraftStorage, StoredDraft } from './draftStorage';
import { EntryStore } from './entryStore';
import type { SaveOutcome } from './entryStore';
import type { CurrentValueView, EntryValue, PutValueBody, ValueItem } from './types';

function item(indicator: string, value: EntryValue, version: number, note: string | null = null) {
  return {
    indicator,
    value,
    note,
    version,
    updatedAt: version > 0 ? '2025-11-20T07:02:00.000Z' : null,
    updatedBy: version > 0 ? 'Nguyễn Văn A' : null,
    previousYear: null,
    evidence: [],
  } satisfies ValueItem;
}

function current(value: EntryValue, version: number, by = 'Nguyễn Văn A'): CurrentValueView {
  return { value, note: null, version, updatedAt: '2025-11-20T07:02:00.000Z', updatedBy: by };
}

function memoryDrafts(initial: Record<string, StoredDraft> = {}): DraftStorage & {
  data: Record<string, StoredDraft>;
} {
  const data = { ...initial };
  return {
    data,
    load: () => ({ ...data }),
    save: (indicator, draft) => {
      data[indicator] = draft;
    },
    remove: (indicator) => {
      delete data[indicator];
    },
  };
}

/** A server whose answers the test decides, one request at a time. */
class FakeServer {
  requests: Array<{ indicator: string; body: PutValueBody }> = [];
  private pending: Array<(outcome: SaveOutcome) => void> = [];

  save = (indicator: string, body: PutValueBody): Promise<SaveOutcome> => {
    this.requests.push({ indicator, body });
    return new Promise((resolve) => this.pending.push(resolve));
  };

  get waiting(): number {
    return this.pending.length;
  }

  async answer(outcome: SaveOutcome): Promise<void> {
    const resolve = this.pending.shift();
    if (!resolve) throw new Error('no request waiting');
    resolve(outcome);
    await vi.advanceTimersByTimeAsync(0);
  }

  /** Answers like the real server: saved, with the next version. */
  async accept(): Promise<void> {
    const last = this.requests[this.requests.length - this.pending.length]!;
    await this.answer({
      kind: 'saved',
      item: item(last.indicator, last.body.value, last.body.version + 1, last.body.note ?? null),
    });
  }
}

const offline: SaveOutcome = { kind: 'error', status: 0, message: 'Không kết nối được' };

describe('EntryStore', () => {
  let server: FakeServer;
  beforeEach(() => {
    vi.useFakeTimers();
    server = new FakeServer();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const create = (items: ValueItem[], drafts = memoryDrafts(), editable = true) =>
    new EntryStore(
      items,
      { save: server.save, drafts, debounceMs: 800, retryDelay: (n) => 1000 * 2 ** (n - 1) },
      editable,
    );

  it('saves after a pause in typing, sending the version it read', async () => {
    const drafts = memoryDrafts();
    const store = create([item('3.1', null, 0), item('1', true, 3)], drafts);
    store.edit('3.1', { value: 7 });
    store.edit('3.1', { value: 70 });
    store.edit('3.1', { value: 70.5 });
    expect(store.field('3.1')).toMatchObject({ value: 70.5, status: 'pending', unsaved: true });
    expect(drafts.data['3.1']).toMatchObject({ value: 70.5, base: 0 });
    expect(store.values()['3.1']).toBe(70.5);
    await vi.advanceTimersByTimeAsync(799);
    expect(server.requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toEqual([
      { indicator: '3.1', body: { value: 70.5, note: null, version: 0 } },
    ]);
    expect(store.field('3.1')?.status).toBe('saving');
    await server.accept();
    expect(store.field('3.1')).toMatchObject({ status: 'saved', unsaved: false, value: 70.5 });
    expect(store.field('3.1')?.server.version).toBe(1);
    expect(drafts.data).toEqual({});
  });

  it('saves a choice at once, and never two requests for a field at the same time', async () => {
    const store = create([item('1', null, 0)]);
    store.edit('1', { value: true }, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests).toHaveLength(1);
    store.edit('1', { value: false }, true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.requests).toHaveLength(1);
    await server.accept();
    // The newer choice goes next, on the version the first save produced.
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests[1]?.body).toEqual({ value: false, note: null, version: 1 });
    await server.accept();
    expect(store.field('1')).toMatchObject({ status: 'saved', value: false });
    expect(store.field('1')?.server.version).toBe(2);
  });

  it('does not save a value changed back to what the server has', async () => {
    const store = create([item('3.1', 60, 2)]);
    store.edit('3.1', { value: 61 });
    store.edit('3.1', { value: 60 });
    expect(store.field('3.1')).toMatchObject({ status: 'idle', unsaved: false });
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.requests).toHaveLength(0);
  });

  it('keeps a value that could not be sent and retries with growing waits', async () => {
    const drafts = memoryDrafts();
    const store = create([item('3.1', null, 0)], drafts);
    store.edit('3.1', { value: 70.5 }, true);
    await vi.advanceTimersByTimeAsync(0);
    await server.answer(offline);
    expect(store.field('3.1')).toMatchObject({ status: 'offline', unsaved: true, value: 70.5 });
    expect(store.summary()).toMatchObject({ offline: 1, unsaved: 1 });
    expect(drafts.data['3.1']).toMatchObject({ value: 70.5, base: 0 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.requests).toHaveLength(2);
    await server.answer(offline);
    await vi.advanceTimersByTimeAsync(1999);
    expect(server.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(3);
    // Every try sends the version first read: a save can never land twice.
    expect(server.requests.map((r) => r.body.version)).toEqual([0, 0, 0]);
    await server.accept();
    expect(store.field('3.1')).toMatchObject({ status: 'saved', unsaved: false });
    expect(drafts.data).toEqual({});
  });

  it('retries at once when asked (back online)', async () => {
    const store = create([item('3.1', null, 0)]);
    store.edit('3.1', { value: 70.5 }, true);
    await vi.advanceTimersByTimeAsync(0);
    await server.answer(offline);
    store.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests).toHaveLength(2);
    await server.accept();
    expect(store.field('3.1')?.status).toBe('saved');
    // The backoff timer of the failed try does not send again.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests).toHaveLength(2);
  });

  it('recognises its own earlier save in a conflict answer (the answer was lost)', async () => {
    const store = create([item('3.1', null, 0)]);
    store.edit('3.1', { value: 70.5 }, true);
    await vi.advanceTimersByTimeAsync(0);
    // The request reached the server, the answer did not reach us.
    await server.answer(offline);
    await vi.advanceTimersByTimeAsync(1000);
    await server.answer({ kind: 'conflict', current: current(70.5, 1, 'Hoàng Văn Em') });
    expect(store.field('3.1')).toMatchObject({ status: 'saved', unsaved: false, conflict: null });
    expect(store.field('3.1')?.server.version).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('after a lost answer, saves what was typed since on the version the server has', async () => {
    const store = create([item('3.1', null, 0)]);
    store.edit('3.1', { value: 70.5 }, true);
    await vi.advanceTimersByTimeAsync(0);
    await server.answer(offline);
    store.edit('3.1', { value: 71 }, true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.requests[1]?.body).toEqual({ value: 71, note: null, version: 0 });
    await server.answer({ kind: 'conflict', current: current(70.5, 1) });
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests[2]?.body).toEqual({ value: 71, note: null, version: 1 });
    await server.accept();
    expect(store.field('3.1')).toMatchObject({ status: 'saved', value: 71 });
  });

  it("shows another person's value in a real conflict and lets the officer choose", async () => {
    const drafts = memoryDrafts();
    const store = create([item('3.1', 60, 1), item('6.3', 90, 1)], drafts);
    store.edit('3.1', { value: 70.5 }, true);
    await vi.advanceTimersByTimeAsync(0);
    await server.answer({ kind: 'conflict', current: current(65, 2) });
    const field = store.field('3.1')!;
    expect(field.status).toBe('conflict');
    expect(field.value).toBe(70.5);
    expect(field.conflict).toMatchObject({ value: 65, version: 2, updatedBy: 'Nguyễn Văn A' });
    expect(store.summary().conflicts).toBe(1);
    // No automatic save while the officer has not chosen.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests).toHaveLength(1);

    store.resolveConflict('3.1', 'mine');
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests[1]?.body).toEqual({ value: 70.5, note: null, version: 2 });
    await server.accept();
    expect(store.field('3.1')).toMatchObject({ status: 'saved', value: 70.5 });

    store.edit('6.3', { value: 95 }, true);
    await vi.advanceTimersByTimeAsync(0);
    await server.answer({ kind: 'conflict', current: current(100, 2) });
    const revision = store.field('6.3')!.revision;
    store.resolveConflict('6.3', 'theirs');
    expect(store.field('6.3')).toMatchObject({ status: 'idle', value: 100, unsaved: false });
    expect(store.field('6.3')!.revision).toBe(revision + 1);
    expect(drafts.data['6.3']).toBeUndefined();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests).toHaveLength(3);
  });

  it('keeps unsaved values across a reload and sends them with the version they were typed on', async () => {
    const drafts = memoryDrafts({
      '3.1': { value: 70.5, note: null, base: 0, at: 1 },
      '1': { value: true, note: null, base: 0, at: 1 },
    });
    // 1 was saved after all (the answer had been lost); 3.1 was not.
    const store = create([item('3.1', null, 0), item('1', true, 1)], drafts);
    expect(store.field('3.1')).toMatchObject({ value: 70.5, unsaved: true, status: 'pending' });
    expect(store.field('1')).toMatchObject({ value: true, unsaved: false, status: 'idle' });
    expect(drafts.data['1']).toBeUndefined();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests).toEqual([
      { indicator: '3.1', body: { value: 70.5, note: null, version: 0 } },
    ]);
  });

  it('stops saving on 423 and resumes when the data is editable again', async () => {
    const onLocked = vi.fn();
    const drafts = memoryDrafts();
    const store = new EntryStore(
      [item('3.1', null, 0)],
      { save: server.save, drafts, debounceMs: 800, onLocked },
      true,
    );
    store.edit('3.1', { value: 70.5 }, true);
    await vi.advanceTimersByTimeAsync(0);
    await server.answer({ kind: 'error', status: 423, message: 'Số liệu đã gửi duyệt' });
    expect(onLocked).toHaveBeenCalledWith('Số liệu đã gửi duyệt');
    expect(store.field('3.1')).toMatchObject({ status: 'locked', unsaved: true });
    expect(drafts.data['3.1']).toBeDefined();
    store.setEditable(false);
    store.edit('3.1', { value: 71 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests).toHaveLength(1);
    store.setEditable(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests[1]?.body).toEqual({ value: 71, note: null, version: 0 });
  });

  it('shows a refusal with its message and waits for a change', async () => {
    const store = create([item('3.1', null, 0)]);
    store.edit('3.1', { value: 70.5 }, true);
    await vi.advanceTimersByTimeAsync(0);
    await server.answer({ kind: 'error', status: 422, message: 'Giá trị phải từ 0 đến 100' });
    expect(store.field('3.1')).toMatchObject({
      status: 'invalid',
      error: 'Giá trị phải từ 0 đến 100',
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests).toHaveLength(1);
    store.edit('3.1', { value: 70 }, true);
    expect(store.field('3.1')?.error).toBeNull();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests).toHaveLength(2);
  });

  it('saves the note with the value, a blank note being none', async () => {
    const store = create([item('3.1', 60, 1, 'cũ')]);
    store.edit('3.1', { note: 'Theo báo cáo tháng 10' });
    await vi.advanceTimersByTimeAsync(800);
    expect(server.requests[0]?.body).toEqual({
      value: 60,
      note: 'Theo báo cáo tháng 10',
      version: 1,
    });
    await server.accept();
    store.edit('3.1', { note: '  ' });
    await vi.advanceTimersByTimeAsync(800);
    expect(server.requests[1]?.body).toEqual({ value: 60, note: null, version: 2 });
  });

  it('takes fresh server data for untouched fields and keeps the officer’s', () => {
    const store = create([item('3.1', 60, 1), item('6.3', 90, 1)]);
    store.edit('6.3', { value: 95 });
    const listener = vi.fn();
    store.subscribe(listener);
    store.sync([item('3.1', 65, 2), item('6.3', 100, 2)]);
    expect(store.field('3.1')).toMatchObject({ value: 65, revision: 1 });
    expect(store.field('6.3')).toMatchObject({ value: 95, unsaved: true });
    expect(listener).toHaveBeenCalled();
    // A stale copy does not bring an old value back.
    store.sync([item('3.1', 65, 2)]);
    expect(store.field('3.1')?.revision).toBe(1);
  });

  it('does not save while read-only', async () => {
    const store = create([item('3.1', null, 0)], memoryDrafts(), false);
    store.edit('3.1', { value: 70 }, true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.requests).toHaveLength(0);
    expect(store.summary().unsaved).toBe(1);
  });

  it('sends what waits for the typing pause when the page goes away, and stops retrying', async () => {
    const store = create([item('3.1', null, 0), item('6.3', null, 0)]);
    store.edit('6.3', { value: 90 }, true);
    await vi.advanceTimersByTimeAsync(0);
    await server.answer(offline);
    store.edit('3.1', { value: 70.5 });
    store.detach();
    expect(server.requests.map((r) => r.indicator)).toEqual(['6.3', '3.1']);
    await server.accept();
    expect(store.field('3.1')?.status).toBe('saved');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests).toHaveLength(2);
    store.attach();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests[2]).toEqual({
      indicator: '6.3',
      body: { value: 90, note: null, version: 0 },
    });
  });

  it('settles once every save is done, before the data is sent up', async () => {
    const store = create([item('3.1', null, 0), item('1', null, 0)]);
    store.edit('3.1', { value: 70.5 });
    let settled: Awaited<ReturnType<EntryStore['settle']>> | null = null;
    void store.settle().then((summary) => (settled = summary));
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests).toHaveLength(1);
    expect(settled).toBeNull();
    await server.accept();
    expect(settled).toMatchObject({ unsaved: 0, saving: 0 });

    store.edit('1', { value: true }, true);
    await vi.advanceTimersByTimeAsync(0);
    await server.answer(offline);
    const summary = await store.settle();
    expect(summary).toMatchObject({ unsaved: 1, offline: 1 });
  });

  it('does not ask when only the version moved (an evidence file created the row)', async () => {
    const store = create([item('3.1', null, 0)]);
    store.edit('3.1', { value: 70.5 }, true);
    await vi.advanceTimersByTimeAsync(0);
    await server.answer({ kind: 'conflict', current: current(null, 1) });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.field('3.1')?.conflict).toBeNull();
    expect(server.requests[1]?.body).toEqual({ value: 70.5, note: null, version: 1 });
    await server.accept();
    expect(store.field('3.1')).toMatchObject({ status: 'saved', value: 70.5 });
  });
});
